//! Hand-made files against what a file's kind may carry (a registration, a decisions file), batches
//! of files, and what the preview and the queue say: each test asserts a rule of the README's trust
//! model, and the attacker's oracle (`attack::check`) is asked of each file.

use super::first_day_tests::{codes, freshman, registration, Phone, NOW};
use super::import::{plan, plan_all};
use super::seal::native::Key;
use super::trust_tests::{forge, school, School};
use super::*;
use crate::core::auth::PasswordHash;
use crate::core::commands::{Actor, Command, Outcome};
use crate::core::date::DAY_MS;

/// The school of `trust_tests::school`, with a second freshman (`him`) whose application the branch
/// has taken; the branch accepts both and the first member's phone takes its 审核结果.
fn accepted_school() -> (School, AccountId) {
    let mut s = school();
    let (_, _, branch_id) = s.ids;
    let secretary = s.branch.actor("TZB26070101");
    let mut other = Phone::blank(62);
    let him = freshman(&mut other, s.branch.s.invite_for(branch_id).unwrap(), "13912340002", "吴二", "11010820070402234");
    s.branch.take(&other.send(Actor::Member(him), Kind::Application)).unwrap();
    let pending: Vec<RequestId> = s.branch.s.requests.values().filter(|r| r.state.is_pending()).map(|r| r.id).collect();
    assert_eq!(pending.len(), 2);
    s.branch.run(secretary, Command::Accept { requests: pending });
    s.member.take(&s.branch.send(secretary, Kind::Decisions)).unwrap();
    assert_eq!(s.member.s.accounts[&s.me].member().unwrap().branch, Some(branch_id));
    assert!(!s.member.s.accounts.contains_key(&him), "the other applicant is not on the member's phone");
    (s, him)
}

/// A branch registers with a code of the college's, and its registration (the 组织注册信息 the app
/// writes, signed by its own phone) also carries a second branch hung under the new branch: as a
/// sketch in the 组织注册信息 itself, or, the same file relabelled 上报数据, as a full branch record
/// with its own account. The proof made from one code registers one organisation: the second
/// branch, with no code of its own, would stand under the college (in its 统计 and 下级团组织管理), a branch under a
/// branch: it is left out. README: "a branch registration is taken only with a proof made from a code this
/// committee issued", "a new organisation is taken only with a registration proof, or from an
/// organisation over the place where it joins this phone's tree ... and only of a kind that place
/// can have under it (nothing under a branch)". (`orgs::may_add` makes the kind check for a
/// registered organisation up the chain as for a known one.)
#[test]
fn one_registration_code_registers_one_organisation_and_nothing_under_it() {
    let mut s = school();
    let (_, college_id, _) = s.ids;
    let college_actor = s.college.actor("JSJTW");
    let code = codes(s.college.run(college_actor, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch })).remove(0);
    let mut phone = Phone::blank(61);
    phone.run(Actor::Anonymous, Command::LearnCode(s.college.code_link(&code)));
    let Outcome::Org(n) =
        phone.run(Actor::Anonymous, Command::RegisterBranch(registration(&code, "2026级计算机2班团支部", "26070102", "TZB26070102")))
    else {
        panic!()
    };
    let actor = phone.actor("TZB26070102");
    let receiver = &s.college.s;
    let mut broken = Vec::new();
    for (i, kind) in [Kind::Registration, Kind::Report].into_iter().enumerate() {
        let mut file = phone.s.sync_file(actor, Kind::Registration, NOW + DAY_MS).expect("the registration");
        file.kind = kind;
        let mut extra = file.body.orgs.iter().find(|o| o.id == n).expect("the new branch").clone();
        (extra.id, extra.parent, extra.name) = (OrgId(7_500_001 + i as u64 * 10), Some(n), format!("2026级计算机{}班团支部", 8 + i));
        if kind == Kind::Registration {
            // A full branch record without a code of its own is refused in a 组织注册信息: a sketch.
            extra.branch = Some(BranchInfo::sketch());
        } else {
            extra.branch.as_mut().expect("a branch").number = "26070109".into();
            file.body.accounts.push(Account {
                id: AccountId(7_500_002 + i as u64 * 10),
                login: "TZB26070109".into(),
                role: AccountRole::Branch { org: extra.id },
                password: PasswordHash::none(),
                created: NOW,
                retired: false,
            });
        }
        file.body.orgs.push(extra.clone());
        let read = decode(&phone.key.sign(&file), NOW + DAY_MS).expect("the file reads");
        let oracle = super::attack::check(receiver, &read, NOW + DAY_MS);
        let p = plan(receiver, &read).expect("the registration is taken");
        assert!(p.merged.orgs.contains_key(&n), "the branch that typed the code is registered");
        if p.merged.orgs.contains_key(&extra.id) {
            broken.push(format!(
                "{kind:?}: {:?} taken under the new branch {n:?}; under the college: {}; its account taken: {}; \
                 统计 rows: {:?}; oracle: {oracle:?}",
                extra.id,
                p.merged.oversees(college_id, extra.id),
                p.merged.org_account(extra.id).is_some(),
                p.merged.branch_stats(college_id, NOW + DAY_MS).iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
            ));
        }
    }
    assert!(broken.is_empty(), "one code registered a second organisation, under a branch: {broken:#?}");
}

/// The member's own branch sends a 审核结果 (signed by its key, which the member's phone kept from
/// the invite) whose record of the member is a full one (with its login) rather than the move
/// alone, with another name, and which carries the full record of a classmate the phone has never
/// held (phone number, ID number, profile). Neither is taken: the member's own 姓名 stays as held on
/// their own phone, and no other person's record lands on it. README: "a decisions file
/// changes nothing about people who are not on the receiving phone", "a decision's record of a
/// person carries only that move, never their personal details" (and the table: 审核结果 carries
/// "no organisations, no phone, ID number, profile or photo"): `accepted_part` takes a decisions
/// file's record of a person as a membership sent back, whatever it carries.
#[test]
fn a_decisions_file_carries_only_moves_and_nobody_who_is_not_on_the_phone() {
    let (s, him) = accepted_school();
    let secretary = s.branch.actor("TZB26070101");
    let receiver = s.member.s.clone();
    let held_name = receiver.accounts[&s.me].profile().unwrap().name.clone();
    let mut file = s.branch.s.sync_file(secretary, Kind::Decisions, NOW + DAY_MS).expect("the decisions");
    let mut me_full = s.branch.s.accounts[&s.me].clone();
    assert!(!me_full.login.is_empty(), "the branch holds the member's login");
    if let Some(m) = me_full.member_mut() {
        m.profile.as_mut().unwrap().name = PersonName::parse("周改名").expect("a name");
        m.profile_at = NOW + DAY_MS;
    }
    file.body.accounts.retain(|a| a.id != s.me && a.id != him);
    file.body.accounts.push(me_full);
    file.body.accounts.push(s.branch.s.accounts[&him].clone());
    let read = decode(&s.branch.key.sign(&file), NOW + DAY_MS).expect("the file reads");
    assert_eq!(read.kind, Kind::Decisions);
    assert_eq!(super::attack::check(&receiver, &read, NOW + DAY_MS), Ok(()), "the oracle sees it");
    // Nothing in it but what the phone holds is as good as taking only the moves.
    let Ok(p) = plan(&receiver, &read) else { return };
    let mut broken = Vec::new();
    let name = p.merged.accounts[&s.me].profile().unwrap().name.clone();
    if name != held_name {
        broken.push(format!("the member's own 姓名 changed on their own phone by a decision: {held_name} → {name}"));
    }
    if let Some(a) = p.merged.accounts.get(&him) {
        broken.push(format!(
            "a person not on the phone added with their personal record: login {}, ID {:?}",
            a.login,
            a.profile().map(|p| p.id_number.to_string())
        ));
    }
    assert!(broken.is_empty(), "{broken:#?}\npreview: {:?}", p.preview);
}

/// Two files pasted as one block from a stranger's own root committee: the first meets it under an
/// innocent name ("外校团委"), the second, signed by the key the first just kept, renames it to the
/// name of the college this phone knows. The one preview of the batch, and that of the second file
/// alone (the stranger met earlier), warn that it is not the college this phone knows. README: the preview "warns when an
/// organisation met for the first time (the file's sender, by its own record in the file, or any
/// organisation the file brings or renames) bears the name of one this phone knows".
#[test]
fn a_stranger_renamed_after_the_college_is_warned_of_in_a_batch_and_alone() {
    let s = school();
    let (_, college_id, _) = s.ids;
    // A phone with an account of its own meets no tree that joins nothing there: one that has only
    // read the published directory.json still does.
    let receiver = &super::held_tests::browsing(&s);
    let college_name = receiver.orgs[&college_id].name.clone();
    let evil = Key::from_seed(55_001);
    let root = Org {
        id: OrgId(7_700_001),
        name: "外校团委".into(),
        kind: OrgKind::College,
        parent: None,
        branch: None,
        created: NOW,
        updated: NOW,
    };
    let first = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![root.clone()], ..Body::default() });
    let mut renamed = root.clone();
    (renamed.name, renamed.updated) = (college_name.clone(), NOW + 10);
    let second = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![renamed], ..Body::default() });
    let met = plan(receiver, &first).expect("the stranger's own tree is met as it is").merged;
    assert_eq!(super::attack::check(&met, &second, NOW + DAY_MS), Ok(()), "the oracle sees it");
    let warned = |lines: &[String]| lines.iter().any(|l| l.starts_with("注意"));
    let mut broken = Vec::new();
    let (p, outcomes) = plan_all(receiver, &[first, second.clone()], NOW + DAY_MS);
    let p = p.expect("both files taken");
    assert!(outcomes.iter().all(|o| o.refused.is_none()), "{outcomes:?}");
    assert_eq!(p.merged.orgs[&root.id].name, college_name);
    if !warned(&p.preview.signatures) {
        broken.push(format!("batch: added {:?}, signatures {:#?}", p.preview.added, p.preview.signatures));
    }
    let alone = plan(&met, &second).expect("the rename is taken");
    if !warned(&alone.preview.signatures) {
        broken.push(format!("alone: changed {:?}, signatures {:#?}", alone.preview.changed, alone.preview.signatures));
    }
    assert!(broken.is_empty(), "no warning that “{college_name}” is not the college this phone knows: {broken:#?}");
}

/// The member's branch sends a 审核结果 whose record of the member is retired, with the upheld
/// appeal that allows it: the appeal is about someone on the phone, so it is taken with the
/// retirement, which never stands there without the appeal that says why (a state no command
/// makes: an account retires only with the appeal upheld beside it). README: "a member's account is retired (停用) only by an upheld appeal".
#[test]
fn an_account_retires_only_with_the_upheld_appeal_kept_beside_it() {
    let (s, _) = accepted_school();
    let (_, _, branch_id) = s.ids;
    let secretary = s.branch.actor("TZB26070101");
    let receiver = s.member.s.clone();
    let by = s.branch.s.org_account(branch_id).expect("the branch's account").id;
    let mut file = s.branch.s.sync_file(secretary, Kind::Decisions, NOW + DAY_MS).expect("the decisions");
    let mut found = false;
    for a in file.body.accounts.iter_mut().filter(|a| a.id == s.me) {
        a.retired = true;
        if let Some(m) = a.member_mut() {
            m.membership_at = NOW + DAY_MS;
        }
        found = true;
    }
    assert!(found, "the decisions carry the member's membership");
    file.body.appeals.push(Appeal {
        id: AppealId(7_600_001),
        account: AccountId(7_600_002),
        old_account: s.me,
        reason: String::new(),
        photo: None,
        branch: Some(branch_id),
        created: NOW,
        state: AppealState::Upheld { at: NOW, by },
        others: Vec::new(),
        settled: None,
    });
    let read = decode(&s.branch.key.sign(&file), NOW + DAY_MS).expect("the file reads");
    let oracle = super::attack::check(&receiver, &read, NOW + DAY_MS);
    let p = plan(&receiver, &read).expect("a decisions file from the member's own branch");
    let retired = p.merged.accounts[&s.me].retired;
    let why = p.merged.appeals.values().any(|ap| ap.old_account == s.me && matches!(ap.state, AppealState::Upheld { .. }));
    assert!(
        !retired || why,
        "the member's own account retired on their phone with no upheld appeal kept (oracle: {oracle:?}); preview: {:?}",
        p.preview
    );
}

/// A member of the branch (周一) wipes their phone and registers again: their new account applies,
/// and the branch's queue offers 同一人 (转到新账号) on it, naming the older account. Then someone
/// sends the branch an unsigned 申请与个人信息 of an account of their own, with 周一's ID number and a
/// small account ID, and no request (so it appears in no queue): the 同一人 offer on the real new
/// account stays (`State::older_holder` looks at every live holder of the ID number, not the
/// first, which would be the stranger's). README:
/// an unsigned file "may do only this: hand in a member's own new application ... the branch still
/// decides"; nothing of it should take a decision the branch could make about its own member away.
#[test]
fn a_stranger_s_application_hides_no_same_person_offer_on_a_real_one() {
    use crate::core::lists::QueueKind;
    let (mut s, _) = accepted_school();
    let (_, _, branch_id) = s.ids;
    // 周一's new phone: the same ID number, a new account, applying again.
    let mut again = Phone::blank(64);
    let new = freshman(&mut again, s.branch.s.invite_for(branch_id).unwrap(), "13912340003", "周一", "11010820070301123");
    s.branch.take(&again.send(Actor::Member(new), Kind::Application)).unwrap();
    let offer =
        |st: &State| st.queue(branch_id, QueueKind::Join, 50, NOW + DAY_MS).into_iter().find(|r| r.applicant == new).map(|r| r.same_person);
    assert_eq!(offer(&s.branch.s), Some(Some(s.me)), "the branch is offered 同一人 with the older account");
    // The stranger's unsigned application: an account of its own (ID 1) with 周一's ID number.
    let mut fake = s.branch.s.accounts[&s.me].clone();
    (fake.id, fake.login, fake.created) = (AccountId(1), "13912349999".into(), NOW);
    let file = SyncFile {
        kind: Kind::Application,
        from: Sender::Member(fake.id),
        from_name: "周一".into(),
        app: String::new(),
        written: NOW,
        body: Body { accounts: vec![fake], ..Body::default() },
        signed: None,
    };
    let read = decode(&file.encode(), NOW + DAY_MS).expect("the file reads");
    assert_eq!(super::attack::check(&s.branch.s, &read, NOW + DAY_MS), Ok(()), "the oracle sees it");
    let p = plan(&s.branch.s, &read).expect("an unsigned application of a new account");
    assert_eq!(
        offer(&p.merged),
        Some(Some(s.me)),
        "the 同一人 offer on the real new account is gone; queue: {:?}",
        p.merged
            .queue(branch_id, QueueKind::Join, 50, NOW + DAY_MS)
            .iter()
            .map(|r| (&r.name, r.same_person, &r.warnings))
            .collect::<Vec<_>>()
    );
}
