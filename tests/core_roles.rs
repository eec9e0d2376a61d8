//! Command tests on the demo school: password resets, appeals, problems, volunteers, the role matrix, the demo switch,
//! a member's own data and invites.

use tuan::core::auth::{pbkdf2_sha256, PasswordHash, MIN_ITERATIONS};
use tuan::core::date::DAY_MS;
use tuan::core::demo;
use tuan::core::entropy::SplitMix;
use tuan::core::profile::Field;
use tuan::core::*;

mod common;
use common::*;

#[test]
fn password_reset_by_identity_or_code() {
    let mut w = World::new();
    let a = w.org("2025级会计学1班团支部");
    let m = w.member_of(a);
    let acct = w.s.accounts[&m].clone();
    let p = acct.profile().unwrap().clone();
    let salt = [9u8; 16];
    let new_hash = PasswordHash::new(&salt, MIN_ITERATIONS, &[5u8; 32]).unwrap();
    w.refused(
        Actor::Anonymous,
        Command::ResetPassword {
            phone: acct.login.clone(),
            proof: ResetProof::Identity { name: "别人".into(), id_number: p.id_number.to_string() },
            password: new_hash.clone(),
        },
        CoreError::IdentityMismatch,
    );
    w.ok(
        Actor::Anonymous,
        Command::ResetPassword {
            phone: acct.login.clone(),
            proof: ResetProof::Identity { name: p.name.to_string(), id_number: p.id_number.to_lowercase() },
            password: new_hash.clone(),
        },
    );
    assert_eq!(w.s.verify_login(m, &[5u8; 32]), Ok(m));
    assert_eq!(w.s.verify_login(m, &[6u8; 32]), Err(CoreError::WrongPassword));
    // A code from the secretary: single use, 2 days.
    let sec = w.branch("25080101");
    let Outcome::ResetCode(code) = w.ok(sec, Command::IssueResetCode { member: m }) else { panic!() };
    let reset =
        |code: &str| Command::ResetPassword { phone: acct.login.clone(), proof: ResetProof::Code(code.into()), password: new_hash.clone() };
    w.refused(Actor::Anonymous, reset("WRONG234"), CoreError::ResetCodeInvalid);
    w.ok(Actor::Anonymous, reset(&code.to_lowercase()));
    w.refused(Actor::Anonymous, reset(&code), CoreError::ResetCodeInvalid);
    let Outcome::ResetCode(code2) = w.ok(sec, Command::IssueResetCode { member: m }) else { panic!() };
    w.now += 2 * DAY_MS;
    w.refused(Actor::Anonymous, reset(&code2), CoreError::ResetCodeExpired);
    // Not the secretary's member.
    let other = w.member_of(w.org("2025级会计学1班团支部"));
    w.refused(w.branch("25070101"), Command::IssueResetCode { member: other }, CoreError::NotAMemberOfBranch);
}

#[test]
fn the_real_kdf_verifies_a_login() {
    let w = World::new();
    let acct = w.s.login_challenge("TZB22121301").unwrap();
    let derived = pbkdf2_sha256(demo::DEMO_PASSWORD, &acct.password.salt_bytes(), acct.password.iterations);
    assert_eq!(w.s.verify_login(acct.id, &derived), Ok(acct.id));
    assert_eq!(w.s.login_challenge("nobody").unwrap_err(), CoreError::AccountUnknown);
}

#[test]
fn appeal_moves_the_membership_to_the_new_phone() {
    let mut w = World::new();
    let a = w.org("2025级精工书院1班团支部");
    let old = w.member_of(a);
    let id_number = w.s.accounts[&old].profile().unwrap().id_number.clone();
    let Outcome::Account(new) =
        w.ok(Actor::Anonymous, Command::CreateMemberAccount { phone: "13900000006".into(), member: true, password: pw() })
    else {
        panic!()
    };
    let me = Actor::Member(new);
    w.refused(
        me,
        Command::FileAppeal {
            id_number: id_with_check("11010820070301131"),
            reason: "换了手机号".into(),
            photo: Some("data:image/jpeg;base64,/9j/".into()),
        },
        CoreError::NoOldAccountForAppeal,
    );
    // The ID-card photo is required by the command, as by the form.
    w.refused(
        me,
        Command::FileAppeal { id_number: id_number.to_string(), reason: "换了手机号".into(), photo: None },
        CoreError::PhotoRequired,
    );
    w.refused(
        me,
        Command::FileAppeal { id_number: id_number.to_string(), reason: "换了手机号".into(), photo: Some("x".repeat(300_000)) },
        CoreError::PhotoTooLarge,
    );
    let Outcome::Appeal(ap) = w.ok(
        me,
        Command::FileAppeal {
            id_number: id_number.to_string(),
            reason: "原手机号已停用".into(),
            photo: Some("data:image/jpeg;base64,AAAA".into()),
        },
    ) else {
        panic!()
    };
    w.refused(
        me,
        Command::FileAppeal {
            id_number: id_number.to_string(),
            reason: "再次申诉".into(),
            photo: Some("data:image/jpeg;base64,/9j/".into()),
        },
        CoreError::AppealPendingExists,
    );
    // It is listed for the branch that held the old account, and for no other.
    let other = w.s.orgs.values().find(|o| o.kind == model::OrgKind::Branch && o.id != a).map(|o| o.id).unwrap();
    assert_eq!(w.s.appeal_rows(&[a]).iter().map(|r| r.id).collect::<Vec<_>>(), [ap]);
    assert!(w.s.appeal_rows(&[other]).is_empty());
    w.refused(w.branch("25070101"), Command::DecideAppeal { appeal: ap, uphold: true, reason: String::new() }, CoreError::NotAllowed);
    w.refused(w.branch("25110101"), Command::DecideAppeal { appeal: ap, uphold: false, reason: String::new() }, CoreError::ReasonRequired);
    w.ok(w.branch("25110101"), Command::DecideAppeal { appeal: ap, uphold: true, reason: String::new() });
    assert!(w.s.accounts[&old].retired);
    assert_eq!(w.s.accounts[&new].member().unwrap().branch, Some(a));
    assert_eq!(w.s.actor_for(Some(old)), Actor::Anonymous);
    let old_login = w.s.accounts[&old].login.clone();
    assert_eq!(w.s.login_challenge(&old_login).unwrap_err(), CoreError::AccountRetired);
    // A stale session of the retired account is refused.
    w.refused(Actor::Member(old), Command::AcceptPrivacy { version: 1 }, CoreError::AccountRetired);
}

#[test]
fn problems_are_recorded_reported_and_resolved() {
    let mut w = World::new();
    let sec = w.branch("25070101");
    let Outcome::Problem(p) = w.ok(
        sec,
        Command::RecordProblem {
            name: "赵无名".into(),
            student_no: "1120250001".into(),
            kind: model::ProblemKind::CannotJoin,
            note: "搜索不到支部".into(),
        },
    ) else {
        panic!()
    };
    w.refused(
        sec,
        Command::RecordProblem { name: "赵1".into(), student_no: String::new(), kind: model::ProblemKind::CannotJoin, note: "无".into() },
        CoreError::NameHasDigit,
    );
    assert!(w.s.problems[&p].reported.is_none(), "recorded, not yet reported");
    w.ok(sec, Command::MarkSent { kind: sync::Kind::Report });
    assert!(w.s.problems[&p].reported.is_some(), "reported once the report left the phone");
    w.refused(w.login("JGTW"), Command::ResolveProblem { problem: p, note: "已处理".into() }, CoreError::NotAllowed);
    w.ok(w.login("JSJTW"), Command::ResolveProblem { problem: p, note: "已协助注册".into() });
    w.ok(w.login("XTW2025"), Command::ResolveProblem { problem: p, note: "校团委确认".into() });
}

#[test]
fn volunteer_age_and_guardian_rules() {
    let mut w = World::new();
    // Born 2011-03-01: 15 on the demo date, so guardian consent is required.
    let Outcome::Account(acct) =
        w.ok(Actor::Anonymous, Command::CreateMemberAccount { phone: "13900000007".into(), member: true, password: pw() })
    else {
        panic!()
    };
    let me = Actor::Member(acct);
    let form = |consent| VolunteerForm {
        service_area: "海淀区".into(),
        native_place: "北京市".into(),
        residence: "海淀区".into(),
        directions: vec!["社区服务".into()],
        guardian_consent: consent,
    };
    w.refused(me, Command::RegisterVolunteer(form(true)), CoreError::ProfileMissing);
    w.ok(me, Command::AcceptPrivacy { version: 1 });
    let mut d = draft("少年", &id_with_check("11010820110301123"));
    d.join_month = "2024-05".into();
    d.member_number = "202400099999".into();
    w.ok(me, Command::SaveProfile(d));
    w.refused(me, Command::RegisterVolunteer(form(false)), CoreError::GuardianConsentRequired);
    let mut empty = form(true);
    empty.directions.clear();
    w.refused(me, Command::RegisterVolunteer(empty), CoreError::ChoiceInvalid { field: "志愿方向" });
    // Nothing chosen and no consent: every problem at once, each under its field.
    let nothing = VolunteerForm {
        service_area: String::new(),
        native_place: String::new(),
        residence: String::new(),
        directions: vec![],
        guardian_consent: false,
    };
    let Err(Refusal::Fields(list)) = w.run(me, Command::RegisterVolunteer(nothing)) else { panic!() };
    let fields: Vec<Field> = list.iter().map(|f| f.field).collect();
    assert_eq!(fields, vec![Field::ServiceArea, Field::NativePlace, Field::Residence, Field::Directions, Field::GuardianConsent]);
    w.ok(me, Command::RegisterVolunteer(form(true)));
    w.refused(me, Command::RegisterVolunteer(form(true)), CoreError::AlreadyVolunteer);
}

/// Every command against every actor that must be refused: the state stays as it was.
#[test]
fn role_matrix_refusals() {
    let mut w = World::new();
    let a = w.org("2025级计算机科学与技术1班团支部");
    let member_id = w.member_of(a);
    let member = Actor::Member(member_id);
    let other_member = Actor::Member(w.member_of(w.org("2025级会计学1班团支部")));
    let sec_a = w.branch("25070101");
    let sec_b = w.branch("25080101");
    let college_a = w.login("JSJTW");
    let college_b = w.login("JGTW");
    let school = w.login("XTW2025");
    let pending = w.pending_in(a)[0];
    let appeal_free_id = id_with_check("11010820070301133");
    let code = w.s.codes.values().find(|c| c.state == CodeState::Unused).map(|c| c.code.clone()).unwrap();
    // An appeal against a member of branch A, filed from a new account.
    let old_id = w.s.accounts[&member_id].profile().unwrap().id_number.clone();
    let Outcome::Account(new_acct) =
        w.ok(Actor::Anonymous, Command::CreateMemberAccount { phone: "13900000009".into(), member: true, password: pw() })
    else {
        panic!()
    };
    let Outcome::Appeal(appeal) = w.ok(
        Actor::Member(new_acct),
        Command::FileAppeal {
            id_number: old_id.to_string(),
            reason: "换了手机号".into(),
            photo: Some("data:image/jpeg;base64,/9j/".into()),
        },
    ) else {
        panic!()
    };
    use CoreError::{LoginRequired as L, NotAllowed as N};
    let cases: Vec<(Command, Vec<(Actor, CoreError)>)> = vec![
        (Command::AcceptPrivacy { version: 1 }, vec![(Actor::Anonymous, L), (sec_a, N), (college_a, N)]),
        (Command::SaveProfile(draft("某", &appeal_free_id)), vec![(Actor::Anonymous, L), (sec_a, N), (school, N)]),
        (Command::Apply { branch: a, transfer_from: None }, vec![(Actor::Anonymous, L), (sec_a, N), (college_a, N)]),
        (
            Command::Withdraw { request: pending, reason: "不要了".into() },
            vec![(Actor::Anonymous, L), (member, N), (sec_a, N), (college_a, N)],
        ),
        (
            Command::FileAppeal {
                id_number: appeal_free_id.clone(),
                reason: "换号".into(),
                photo: Some("data:image/jpeg;base64,/9j/".into()),
            },
            vec![(Actor::Anonymous, L), (sec_a, N)],
        ),
        (Command::RegisterVolunteer(VolunteerForm::default()), vec![(Actor::Anonymous, L), (sec_a, N), (college_a, N)]),
        (Command::Accept { requests: vec![pending] }, vec![(Actor::Anonymous, L), (member, N), (sec_b, N), (college_b, N)]),
        (Command::Return { request: pending, reason: "退回".into() }, vec![(Actor::Anonymous, L), (member, N), (sec_b, N), (college_b, N)]),
        (Command::IssueResetCode { member: member_id }, vec![(Actor::Anonymous, L), (member, N), (other_member, N), (college_a, N)]),
        (Command::SetCadre { member: member_id, cadre: true }, vec![(Actor::Anonymous, L), (member, N), (college_a, N)]),
        (
            Command::TransferOut { members: vec![member_id], destination: model::Destination::Abroad, target: "海外".into() },
            vec![(Actor::Anonymous, L), (member, N), (college_a, N)],
        ),
        (
            Command::RecordProblem {
                name: "某".into(),
                student_no: String::new(),
                kind: model::ProblemKind::CannotJoin,
                note: "无法".into(),
            },
            vec![(Actor::Anonymous, L), (member, N), (college_a, N)],
        ),
        (
            Command::MarkSent { kind: sync::Kind::Report },
            vec![(Actor::Anonymous, CoreError::NothingToSend), (member, CoreError::NothingToSend)],
        ),
        (
            Command::MarkSent { kind: sync::Kind::Application },
            vec![(Actor::Anonymous, CoreError::NothingToSend), (sec_a, CoreError::NothingToSend)],
        ),
        (Command::SetGraduationYear { branch: a, year: 2029 }, vec![(Actor::Anonymous, N), (member, N), (sec_b, N), (college_b, N)]),
        (Command::Archive { branch: a }, vec![(Actor::Anonymous, N), (member, N), (sec_b, N), (college_b, N)]),
        (Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch }, vec![(Actor::Anonymous, L), (member, N), (sec_a, N)]),
        (Command::VoidCode { code: code.clone() }, vec![(Actor::Anonymous, L), (member, N), (sec_a, N), (college_a, N), (school, N)]),
        (
            Command::FoundSchool { name: "新大学团委".into(), username: "XXTW".into(), password: pw() },
            vec![(member, N), (sec_a, N), (college_a, N)],
        ),
        (
            Command::ResolveProblem { problem: ProblemId(1), note: "已处理".into() },
            vec![(Actor::Anonymous, L), (member, N), (sec_a, N), (college_a, N)],
        ),
        (
            Command::DecideAppeal { appeal, uphold: true, reason: String::new() },
            vec![(Actor::Anonymous, L), (member, N), (Actor::Member(new_acct), N), (sec_b, N), (college_b, N)],
        ),
    ];
    for (cmd, refusals) in cases {
        for (actor, want) in refusals {
            w.refused(actor, cmd.clone(), want);
        }
    }
    // A session that does not match its account's kind is refused outright.
    let bogus = Actor::Branch { account: member_id, org: a };
    w.refused(bogus, Command::Accept { requests: vec![pending] }, N);
    // 团委 and 团总支 cannot be joined.
    let me = new_member(&mut w, "13900000008", &id_with_check("11010820070301135"), "202100099997");
    w.refused(me, Command::Apply { branch: w.org("计算机学院团委"), transfer_from: None }, CoreError::NotABranch);
    w.refused(me, Command::Apply { branch: OrgId(42), transfer_from: None }, CoreError::OrgUnknown);
}

#[test]
fn demo_switch_only_in_the_demo() {
    let mut w = World::new();
    let any = *w.s.accounts.keys().next().unwrap();
    assert_eq!(w.s.demo_switch(any), Ok(any));
    assert_eq!(w.s.demo_switch(AccountId(123_456_789)), Err(CoreError::AccountUnknown));
    w.s.demo = false;
    assert_eq!(w.s.demo_switch(any), Err(CoreError::DemoOnly));
}

#[test]
fn a_member_exports_and_deletes_their_own_data() {
    let mut w = World::new();
    let a = w.org("2025级会计学1班团支部");
    let m = w.member_of(a);
    let text = w.s.member_data(m).unwrap();
    let p = w.s.accounts[&m].profile().unwrap().clone();
    assert!(text.contains(p.id_number.as_str()) && text.contains("2025级会计学1班团支部") && text.contains("已通过"));
    assert!(!text.contains(demo::DEMO_HASH), "no password hash");
    // Someone else cannot delete it; the member can, with the requests.
    w.refused(w.branch("25080101"), Command::DeleteOwnAccount, CoreError::NotAllowed);
    w.refused(Actor::Anonymous, Command::DeleteOwnAccount, CoreError::LoginRequired);
    w.ok(Actor::Member(m), Command::DeleteOwnAccount);
    assert!(!w.s.accounts.contains_key(&m));
    assert!(w.s.requests.values().all(|r| r.applicant != m));
    assert!(w.s.holder_of_id(&p.id_number, None).is_none(), "the ID number is free again");
    assert!(w.s.member_data(m).is_none());
}

#[test]
fn an_invite_link_teaches_a_new_phone_the_branch() {
    let source = World::new();
    let branch = source.org("2025级小学教育1班团支部");
    let invite = source.s.invite_for(branch).unwrap();
    assert_eq!(invite.college_name, "精工书院团委");
    // A phone that has never seen the school.
    let mut w = World { s: State::default(), rng: SplitMix(5), now: NOW };
    w.refused(Actor::Anonymous, Command::LearnBranch(BranchInvite { name: "x".into(), ..invite.clone() }), CoreError::OrgNameInvalid);
    w.refused(Actor::Anonymous, Command::LearnBranch(BranchInvite { branch: OrgId(5), ..invite.clone() }), CoreError::OrgUnknown);
    assert_eq!(w.ok(Actor::Anonymous, Command::LearnBranch(invite.clone())), Outcome::Org(branch));
    let hit = &w.s.search_orgs("小学教育", 5)[0];
    assert_eq!((hit.id, hit.selectable, hit.path.as_str()), (branch, true, "精工书院团委 › 2025级小学教育1班团支部"));
    let me = new_member(&mut w, "13900000010", &id_with_check("11010820070301139"), "202100099996");
    w.ok(me, Command::Apply { branch, transfer_from: None });
    // A link never overwrites what the device knows.
    let mut known = World::new();
    let renamed = BranchInvite { name: "伪造的名字团支部".into(), ..invite.clone() };
    known.ok(Actor::Anonymous, Command::LearnBranch(renamed));
    assert_eq!(known.s.orgs[&branch].name, "2025级小学教育1班团支部");
    let college = known.org("精工书院团委");
    known.refused(
        Actor::Anonymous,
        Command::LearnBranch(BranchInvite { branch: college, college: OrgId(1_100_001), ..invite }),
        CoreError::NotABranch,
    );
}

#[test]
fn a_member_registered_again_on_a_wiped_phone_is_merged_by_the_secretary_as_the_same_person() {
    let mut w = World::new();
    let a = w.org("2025级精工书院1班团支部");
    let old = w.member_of(a);
    // The new account as the secretary's phone takes it from the wiped phone's application: the
    // same person and ID number, a new account, no membership, asking to join again.
    let new = AccountId(777_777);
    let mut acct = w.s.accounts[&old].clone();
    (acct.id, acct.login, acct.created) = (new, "13900000077".into(), NOW);
    if let Some(m) = acct.member_mut() {
        (m.branch, m.accepted_at, m.cadre) = (None, None, false);
    }
    w.s.accounts.insert(new, acct);
    let rid = RequestId(888_888);
    let request = Request {
        id: rid,
        kind: RequestKind::Join,
        applicant: new,
        branch: a,
        created: NOW,
        state: RequestState::Pending,
        others: vec![],
        settled: None,
    };
    w.s.requests.insert(rid, request);
    let row = w.s.queue(a, lists::QueueKind::Join, 500, NOW).into_iter().find(|r| r.id == rid).unwrap();
    assert_eq!(row.same_person, Some(old), "the queue offers 同一人");
    assert!(row.warnings.iter().any(|w| w.contains("同一人：转到新账号")), "{:?}", row.warnings);
    // Only the branch it asks to join, and only the one person.
    let merge = |old_account| Command::MergeReregistered { account: new, old_account };
    w.refused(w.branch("25070101"), merge(old), CoreError::NotAllowed);
    let stranger = w.member_of(w.org("2025级精工书院1班团支部"));
    let stranger =
        w.s.accounts.values().find(|x| x.member().is_some_and(|m| m.branch == Some(a)) && x.id != old).map_or(stranger, |x| x.id);
    w.refused(w.branch("25110101"), merge(stranger), CoreError::NotSamePerson);
    // Another branch's member, whose ID number an applicant here typed, is not this branch's to take.
    let elsewhere = w.s.accounts.values().find(|x| x.member().is_some_and(|m| m.branch.is_some_and(|b| b != a))).unwrap().id;
    let elsewhere_id = w.s.accounts[&elsewhere].profile().unwrap().id_number.clone();
    w.s.accounts.get_mut(&new).unwrap().member_mut().unwrap().profile.as_mut().unwrap().id_number = elsewhere_id;
    w.refused(w.branch("25110101"), merge(elsewhere), CoreError::NotAllowed);
    // Nor the 校团委's, over both branches: the older record must be held by the branch the new
    // account asks to join, as every phone judges the appeal the merge makes.
    w.refused(w.login("XTW2025"), merge(elsewhere), CoreError::NotAllowed);
    assert_eq!(w.s.older_holder(new, a), None, "not offered either");
    let own_id = w.s.accounts[&old].profile().unwrap().id_number.clone();
    w.s.accounts.get_mut(&new).unwrap().member_mut().unwrap().profile.as_mut().unwrap().id_number = own_id;
    w.ok(w.branch("25110101"), merge(old));
    // The older record is the new account's; the old one retires; nothing is left to ask.
    assert!(w.s.accounts[&old].retired);
    assert_eq!(w.s.accounts[&new].member().unwrap().branch, Some(a));
    assert!(matches!(&w.s.requests[&rid].state, RequestState::Withdrawn { reason, .. } if reason == model::REREGISTERED_WITHDRAW_REASON));
    assert!(w.s.duplicate_people().groups_among(&[new]).is_empty(), "no duplicate left");
}
