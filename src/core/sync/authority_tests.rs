//! Hand-made files against logins, registration codes, problems and appeals: what a phone's own
//! commands would refuse to the sender, no file makes it hold.

use super::first_day_tests::{found, registration, Phone, NOW};
use super::held_tests::stranger_tree;
use super::import::{plan, Ignored};
use super::seal::native::Key;
use super::trust_tests::{forge, school};
use super::*;
use crate::core::commands::{Actor, Command, Outcome};

/// A stranger's own tree (met as it is) brings a branch account whose username is the secretary's
/// in lower case: logins are the same in any case (`Account::answers_to`), so it is left out and
/// the secretary still logs in. README: "no new account takes the login of an account that logs in
/// on this phone".
#[test]
fn a_stranger_s_account_takes_a_login_held_here_in_another_case() {
    let s = school();
    let (_, _, branch_id) = s.ids;
    let receiver = &s.branch.s;
    assert!(receiver.login_challenge("TZB26070101").is_ok());
    let evil = Key::from_seed(41_001);
    let (root, fake_branch) = stranger_tree(&receiver.orgs[&branch_id].clone());
    let account = Account {
        id: AccountId(1),
        login: "tzb26070101".into(),
        role: AccountRole::Branch { org: fake_branch.id },
        password: crate::core::auth::PasswordHash::none(),
        created: NOW,
        retired: false,
    };
    let body = Body { orgs: vec![root.clone(), fake_branch], accounts: vec![account], ..Body::default() };
    let file = forge(&evil, Kind::Report, Sender::Org(root.id), body);
    let oracle = super::attack::check(receiver, &file, NOW);
    assert_eq!(oracle, Ok(()));
    // (A phone with an account of its own no longer meets a tree that joins nothing here at all.)
    if let Ok(p) = plan(receiver, &file) {
        assert!(
            p.merged.login_challenge("TZB26070101").is_ok(),
            "the secretary's login is now refused: {:?} (oracle: {oracle:?})",
            p.merged.login_challenge("TZB26070101").err()
        );
    }
}

/// A college the 校团委 issued a code to registers with the 校团委's own username ("XTW2026": its
/// phone knows no account, so the form takes it): only a branch's second registration under a
/// branch's username is the committee's 重复注册, so the registration is refused whole (its code
/// stays unused), the 校团委 still logs in, and the college registers again under another name.
#[test]
fn a_registration_takes_the_login_of_the_committee_that_issued_its_code() {
    let mut school = Phone::blank(1);
    let school_id = found(&mut school);
    let code = super::first_day_tests::codes(
        school.run(school.actor("XTW2026"), Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::College }),
    )
    .remove(0);
    let mut college = Phone::blank(2);
    college.run(Actor::Anonymous, Command::LearnCode(school.code_link(&code)));
    let Outcome::Org(_) = college.run(Actor::Anonymous, Command::RegisterBranch(registration(&code, "计算机学院团委", "", "XTW2026")))
    else {
        panic!()
    };
    // The registration as sent, its account given an ID below the 校团委's own (IDs are random).
    let mut file = college.s.sync_file(college.actor("XTW2026"), Kind::Registration, NOW + 1).unwrap();
    for a in &mut file.body.accounts {
        a.id = AccountId(1);
    }
    let file = decode(&college.key.sign(&file), NOW + crate::core::date::DAY_MS).unwrap();
    assert!(school.s.login_challenge("XTW2026").is_ok());
    let oracle = super::attack::check(&school.s, &file, NOW);
    assert_eq!(oracle, Ok(()));
    // Refused whole, saying how to mend it: taken without its account, the college would have no
    // account on this phone and its code would be used up.
    match plan(&school.s, &file) {
        Err(SyncError::NothingAccepted { why }) => assert_eq!(why, Ignored::RegistrationLoginTaken.label()),
        other => panic!("the registration under the 校团委's username: {:?}", other.map(|p| p.preview)),
    }
    // As the refusal says: a cleared phone registers again with the same code, another username.
    let mut again = Phone::blank(3);
    again.run(Actor::Anonymous, Command::LearnCode(school.code_link(&code)));
    again.run(Actor::Anonymous, Command::RegisterBranch(registration(&code, "计算机学院团委", "", "JSJXY2026")));
    let file = again.s.sync_file(again.actor("JSJXY2026"), Kind::Registration, NOW + 1).unwrap();
    let file = decode(&again.key.sign(&file), NOW + crate::core::date::DAY_MS).unwrap();
    let p = plan(&school.s, &file).expect("the second registration is taken");
    assert!(p.merged.accounts.values().any(|a| a.login == "JSJXY2026"));
    let now = p.merged.login_challenge("XTW2026").map(|a| a.id);
    assert!(
        now.as_ref().is_ok_and(|id| matches!(school.s.accounts[id].role, AccountRole::Committee { org } if org == school_id)),
        "the 校团委's login now finds {now:?} (oracle: {oracle:?})"
    );
}

/// A branch marks its own 无法注册 record 已解决 on its college's phone: only a committee resolves
/// a problem (`ResolveProblem` refuses a branch), so the college's record stays open.
#[test]
fn a_branch_resolves_its_own_problem_on_the_college_s_phone() {
    let mut s = school();
    let secretary = s.branch.actor("TZB26070101");
    let Outcome::Problem(id) = s.branch.run(
        secretary,
        Command::RecordProblem {
            name: "郑三".into(),
            student_no: String::new(),
            kind: ProblemKind::CannotRegister,
            note: "注册时提示身份证号已被使用".into(),
        },
    ) else {
        panic!()
    };
    s.college.take(&s.branch.send(secretary, Kind::Report)).unwrap();
    assert_eq!(s.college.s.problems[&id].resolved, None);
    // What the branch's own phone refuses it:
    assert!(s.branch.try_run(secretary, Command::ResolveProblem { problem: id, note: "已解决".into() }).is_err());
    let mut p = s.college.s.problems[&id].clone();
    p.resolved = Some((NOW + 10, "学院团委：已解决".into()));
    let (_, _, branch_id) = s.ids;
    let file = forge(&s.branch.key, Kind::Report, Sender::Org(branch_id), Body { problems: vec![p], ..Body::default() });
    let oracle = super::attack::check(&s.college.s, &file, NOW);
    assert_eq!(oracle, Ok(()));
    if let Ok(plan) = plan(&s.college.s, &file) {
        assert_eq!(plan.merged.problems[&id].resolved, None, "the branch resolved its own problem (oracle: {oracle:?})");
    }
}

/// A registration typed with a 组织注册码 the college voided (a leaked code), or after the code
/// expired, registers nothing (立即注册 refuses both: CodeVoided, CodeExpired).
#[test]
fn a_voided_or_expired_code_still_registers_a_branch() {
    let mut school = Phone::blank(1);
    found(&mut school);
    let (mut college, _, _) =
        super::first_day_tests::registered(&mut school, "XTW2026", OrgKind::College, 2, ("计算机学院团委", "", "JSJTW"));
    let jsj = college.actor("JSJTW");
    let code = super::first_day_tests::codes(college.run(jsj, Command::GenerateCodes { count: 2, valid_days: 20, kind: OrgKind::Branch }));
    let mut broken = Vec::new();
    for (i, voided) in [(0, true), (1, false)] {
        let mut holder = Phone::blank(50 + i as u64);
        holder.run(Actor::Anonymous, Command::LearnCode(college.code_link(&code[i])));
        let number = format!("2607010{}", i + 5);
        let Outcome::Org(org) = holder.run(
            Actor::Anonymous,
            Command::RegisterBranch(registration(&code[i], &format!("泄露码{i}班团支部"), &number, &format!("TZB{number}"))),
        ) else {
            panic!()
        };
        let mut file = holder.s.sync_file(holder.actor(&format!("TZB{number}")), Kind::Registration, NOW + 1).unwrap();
        let mut receiver = college.s.clone();
        let read_at = if voided {
            let mut rng = crate::core::entropy::SplitMix(60);
            let mut ctx = crate::core::commands::Ctx { now: NOW + 100, rng: &mut rng };
            receiver.apply(jsj, Command::VoidCode { code: code[i].clone() }, &mut ctx).unwrap();
            NOW + crate::core::date::DAY_MS
        } else {
            // Registered 25 days on, the code having expired after 20.
            let late = NOW + 25 * crate::core::date::DAY_MS;
            file.written = late;
            file.body.claims[0].at = late;
            late
        };
        let file = decode(&holder.key.sign(&file), read_at).unwrap();
        let oracle = super::attack::check(&receiver, &file, read_at);
        assert_eq!(oracle, Ok(()));
        if let Ok(p) = plan(&receiver, &file) {
            if p.merged.orgs.contains_key(&org) {
                broken.push(format!(
                    "{} code: branch taken, key kept {} (oracle: {oracle:?})",
                    if voided { "voided" } else { "expired" },
                    p.merged.keys.len() > receiver.keys.len()
                ));
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// An appellant's own file sends their decided appeal again as pending with another reason and
/// photo: the branch keeps what it decided on.
#[test]
fn an_appellant_rewrites_the_reason_of_an_appeal_already_decided() {
    let mut s = school();
    let (_, _, branch_id) = s.ids;
    let secretary = s.branch.s.account_by_login("TZB26070101").unwrap().id;
    let held = Appeal {
        id: AppealId(7_300_001),
        account: s.me,
        old_account: AccountId(7_300_002),
        reason: "手机丢失，换了新手机".into(),
        photo: Some("data:image/jpeg;base64,AAAA".into()),
        branch: Some(branch_id),
        created: NOW,
        state: AppealState::Upheld { at: NOW + 5, by: secretary },
        others: vec![],
        settled: None,
    };
    s.branch.s.appeals.insert(held.id, held.clone());
    let sent = Appeal {
        reason: "！！另一个理由".into(),
        photo: Some("data:image/jpeg;base64,ZZZZ".into()),
        state: AppealState::Pending,
        ..held.clone()
    };
    let file = forge(&s.member.key, Kind::Application, Sender::Member(s.me), Body { appeals: vec![sent], ..Body::default() });
    let oracle = super::attack::check(&s.branch.s, &file, NOW);
    assert_eq!(oracle, Ok(()));
    if let Ok(p) = plan(&s.branch.s, &file) {
        let now = &p.merged.appeals[&held.id];
        assert_eq!((&now.reason, &now.photo), (&held.reason, &held.photo), "the decided appeal changed (oracle: {oracle:?})");
    }
}

/// The branch's own report brings the old account of an upheld appeal back from retired, dated
/// later: only the branch's 申诉失败 standing on that appeal does that (here, by a settlement), so
/// it stays retired. README: "comes back only when that branch's 申诉失败 on the appeal stands".
#[test]
fn a_report_brings_a_retired_account_back_only_with_the_appeal_rejected() {
    let now = crate::core::demo::DEMO_EPOCH;
    let receiver = super::attack::receiver(now);
    let appeal = receiver.appeals.values().next().expect("the receiver's upheld appeal").clone();
    let branch = appeal.branch.expect("its branch");
    let actor = receiver.actor_for(receiver.accounts.values().find(|a| a.role == AccountRole::Branch { org: branch }).map(|a| a.id));
    let real = receiver.sync_file(actor, Kind::Report, now).expect("the branch's report");
    let back = |reject: bool| {
        let mut file = real.clone();
        let a = file.body.accounts.iter_mut().find(|a| a.id == appeal.old_account).expect("the old account in the report");
        a.retired = false;
        a.member_mut().expect("a member").membership_at = now + 1;
        if reject {
            let by = actor.account().expect("the branch's account");
            let ap = file.body.appeals.iter_mut().find(|a| a.id == appeal.id).expect("the appeal in the report");
            // The two decisions settled, 申诉失败 kept (as the branch's 以此为准 does).
            ap.others = vec![ap.state.clone()];
            ap.state = AppealState::Rejected { at: now + 1, by, reason: "不是同一人".into() };
            let seen = vec!["rejected".into(), "upheld".into()];
            ap.settled = Some(Settled { at: now + 1, by, keep: "rejected".into(), seen });
        }
        let text = Key::of(Sender::Org(branch)).sign(&file);
        decode(&text, now + 2).expect("a valid file")
    };
    let file = back(false);
    assert_eq!(super::attack::check(&receiver, &file, now + 2), Ok(()));
    if let Ok(p) = plan(&receiver, &file) {
        assert!(p.merged.accounts[&appeal.old_account].retired, "the old account is back without the appeal rejected");
    }
    let p = plan(&receiver, &back(true)).expect("the branch's 申诉失败");
    assert!(!p.merged.accounts[&appeal.old_account].retired, "the branch rejected the appeal: the old account is back");
}

/// The flows by which a branch moves, retires or files for someone who logs in on the receiving
/// phone, each taken there whole: an upheld 我要申诉 (the new account's appeal is its asking to
/// join), and 同一人 on a member's new phone (the branch files the appeal for the account that
/// asked to join it).
#[test]
fn a_branch_s_appeal_decision_and_同一人_reach_the_member_s_own_phone() {
    use super::first_day_tests::freshman;
    let mut s = super::forgery_tests::accepted();
    let (_, _, branch_id) = s.ids;
    let secretary = s.branch.actor("TZB26070101");
    s.member.take(&s.branch.send(secretary, Kind::Decisions)).unwrap();
    // 我要申诉 from a new phone number on the same phone: upheld.
    let Outcome::Account(new) = s.member.run(
        Actor::Anonymous,
        Command::CreateMemberAccount { phone: "13912349876".into(), member: true, password: crate::core::demo::demo_password_hash() },
    ) else {
        panic!()
    };
    let id_number = s.member.s.accounts[&s.me].profile().unwrap().id_number.to_string();
    let photo = Some("data:image/jpeg;base64,/9j/".into());
    let Outcome::Appeal(ap) = s.member.run(Actor::Member(new), Command::FileAppeal { id_number, reason: "换了手机号".into(), photo })
    else {
        panic!()
    };
    s.branch.take(&s.member.send(Actor::Member(new), Kind::Application)).unwrap();
    s.branch.run(secretary, Command::DecideAppeal { appeal: ap, uphold: true, reason: String::new() });
    let decisions = decode(&s.branch.send(secretary, Kind::Decisions), NOW + crate::core::date::DAY_MS).unwrap();
    assert_eq!(super::attack::check(&s.member.s, &decisions, NOW + crate::core::date::DAY_MS), Ok(()));
    let p = plan(&s.member.s, &decisions).expect("the decision");
    assert!(p.preview.ignored.is_empty(), "{:?}", p.preview.ignored);
    assert_eq!(p.merged.accounts[&new].member().unwrap().branch, Some(branch_id), "the membership moved to the new account");
    assert!(p.merged.accounts[&s.me].retired, "the old account retired");
    s.member.s = p.merged;
    // 同一人 on a member's new phone: the branch merges the accounts, and its decisions reach it.
    let mut other = Phone::blank(77);
    let invite = s.branch.s.invite_for(branch_id).unwrap();
    let wu = freshman(&mut other, invite.clone(), "13912340002", "吴二", "11010820070402234");
    s.branch.take(&other.send(Actor::Member(wu), Kind::Application)).unwrap();
    let pending: Vec<RequestId> = s.branch.s.requests.values().filter(|r| r.state.is_pending()).map(|r| r.id).collect();
    s.branch.run(secretary, Command::Accept { requests: pending });
    let mut again = Phone::blank(78);
    let wu2 = freshman(&mut again, invite, "13912340022", "吴二", "11010820070402234");
    s.branch.take(&again.send(Actor::Member(wu2), Kind::Application)).unwrap();
    s.branch.run(secretary, Command::MergeReregistered { account: wu2, old_account: wu });
    let p = plan(&again.s, &decode(&s.branch.send(secretary, Kind::Decisions), NOW + crate::core::date::DAY_MS).unwrap()).expect("同一人");
    assert!(p.preview.ignored.iter().all(|(i, _)| *i == Ignored::NotOnThisDevice), "{:?}", p.preview.ignored);
    assert_eq!(p.merged.accounts[&wu2].member().unwrap().branch, Some(branch_id));
    assert!(p.merged.appeals.values().any(|a| a.account == wu2), "the 同一人 appeal is on the new phone");
}

/// 毕业转出 is the branch's to make for its member: on a phone where that member logs in (the
/// college's, whose person is also a member of the branch), the branch's report brings it, though
/// no other file may add a request for someone whose account is this phone's own.
#[test]
fn a_branch_s_毕业转出_reaches_the_phone_its_member_logs_in_on() {
    use super::first_day_tests::freshman;
    let mut s = school();
    let (_, _, branch_id) = s.ids;
    let invite = s.branch.s.invite_for(branch_id).unwrap();
    let mine = freshman(&mut s.college, invite, "13912340003", "郑三", "11010820070503345");
    s.branch.take(&s.college.send(Actor::Member(mine), Kind::Application)).unwrap();
    let secretary = s.branch.actor("TZB26070101");
    let pending = s.branch.s.requests.values().filter(|r| r.applicant == mine).map(|r| r.id).collect();
    s.branch.run(secretary, Command::Accept { requests: pending });
    let year = crate::core::date::Date::from_millis(NOW).year;
    s.branch.run(secretary, Command::SetGraduationYear { branch: branch_id, year });
    let Outcome::Requests(out) = s.branch.run(
        secretary,
        Command::TransferOut { members: vec![mine], destination: crate::core::model::Destination::FurtherStudy, target: "外校".into() },
    ) else {
        panic!()
    };
    let report = decode(&s.branch.send(secretary, Kind::Report), NOW + crate::core::date::DAY_MS).unwrap();
    assert_eq!(super::attack::check(&s.college.s, &report, NOW + crate::core::date::DAY_MS), Ok(()));
    let p = plan(&s.college.s, &report).expect("the branch's report");
    assert!(p.preview.ignored.is_empty(), "{:?}", p.preview.ignored);
    assert!(p.merged.requests.contains_key(&out[0]), "the 毕业转出 is on the phone its member logs in on");
    assert_eq!(p.merged.accounts[&mine].member().unwrap().branch, Some(branch_id), "still the branch's member until it is done");
    // The same request in a file from anyone else is still not taken there.
    let evil = Key::from_seed(4_242);
    let stranger = OrgId(9_999_001);
    let forged = forge(
        &evil,
        Kind::Report,
        Sender::Org(stranger),
        Body { requests: vec![report.body.requests.iter().find(|r| r.id == out[0]).unwrap().clone()], ..Body::default() },
    );
    if let Ok(p) = plan(&s.college.s, &forged) {
        assert!(!p.merged.requests.contains_key(&out[0]), "a stranger added a request for the phone's own member");
    }
}

/// A 组织注册信息 relabelled 审核结果 (a decisions file brings no organisation): its claim does not use
/// up the code, and the branch's account does not come in without its branch.
#[test]
fn a_decisions_file_registers_nothing() {
    let mut s = school();
    let actor = s.college.actor("JSJTW");
    let code =
        super::first_day_tests::codes(s.college.run(actor, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch }))
            .remove(0);
    let mut phone = Phone::blank(80);
    phone.run(Actor::Anonymous, Command::LearnCode(s.college.code_link(&code)));
    phone.run(Actor::Anonymous, Command::RegisterBranch(registration(&code, "2026级计算机3班团支部", "26070103", "TZB26070103")));
    let mut file = phone.s.sync_file(phone.actor("TZB26070103"), Kind::Registration, NOW).unwrap();
    file.kind = Kind::Decisions;
    let file = decode(&phone.key.sign(&file), NOW + crate::core::date::DAY_MS).unwrap();
    assert_eq!(super::attack::check(&s.college.s, &file, NOW + crate::core::date::DAY_MS), Ok(()));
    if let Ok(p) = plan(&s.college.s, &file) {
        assert_eq!(p.merged.codes[&code].state, CodeState::Unused, "the code used by a decisions file");
        assert!(p.merged.account_by_login("TZB26070103").is_none(), "a branch account without its branch");
    }
}
