//! Hand-made files against what a phone holds of its people: a stranger's record of an applicant
//! without a login, a new account with the login of one that logs in here, a member's own request
//! turned into another and the fields an acceptance locked. Each file is also put to the attacker's
//! oracle (`attack::check`), which names the rule it would break.

use super::first_day_tests::NOW;
use super::held_tests::stranger_tree;
use super::import::plan;
use super::seal::native::Key;
use super::trust_tests::{forge, school, School};
use super::*;
use crate::core::commands::Command;
use crate::core::date::DAY_MS;

/// The school, with the freshman's 申请加入 accepted on the branch's phone.
pub(super) fn accepted() -> School {
    let mut s = school();
    let secretary = s.branch.actor("TZB26070101");
    let pending = s.branch.s.requests.values().map(|r| r.id).collect();
    s.branch.run(secretary, Command::Accept { requests: pending });
    s
}

/// The freshman's account as a stranger rewrites it: another name and ID number, dated later, and
/// no login (the shape of a membership "sent back to an applicant" in a 审核结果).
fn rewritten(held: &Account) -> Account {
    let mut victim = held.clone();
    victim.login = String::new();
    let m = victim.member_mut().unwrap();
    let mut p = m.profile.clone().unwrap();
    p.name = PersonName::parse("吴二").unwrap();
    let first17 = "11010820070402234";
    let id = format!("{first17}{}", crate::core::rules::id_check_char(first17.as_bytes()));
    p.id_number = IdNumber::parse(&id, crate::core::date::Date::from_millis(NOW)).unwrap();
    (m.profile, m.profile_at) = (Some(p), NOW + DAY_MS);
    victim
}

/// A total stranger (an organisation id nobody here knows, its own key, no organisation in the
/// file) rewrites the name and ID number of an applicant held here: on the branch's phone and on
/// the freshman's own phone. README: "what this phone already holds (..., an account) answers only
/// to an organisation this phone knew to be over it before the file".
#[test]
fn a_stranger_rewrites_an_applicant_s_profile_with_a_loginless_account() {
    let s = school();
    let evil = Key::from_seed(31_337);
    let stranger = Sender::Org(OrgId(6_666_666));
    let mut broken = Vec::new();
    for (receiver, kind, name) in [
        (&s.branch.s, Kind::Decisions, "the branch's phone"),
        (&s.branch.s, Kind::Report, "the branch's phone (report)"),
        (&s.member.s, Kind::Decisions, "the freshman's own phone"),
    ] {
        let held = &receiver.accounts[&s.me];
        assert!(held.member().unwrap().branch.is_none(), "an applicant, not yet accepted");
        let file = forge(&evil, kind, stranger, Body { accounts: vec![rewritten(held)], ..Body::default() });
        assert_eq!(super::attack::check(receiver, &file, NOW), Ok(()), "{name}");
        if let Ok(p) = plan(receiver, &file) {
            let was = held.profile().unwrap();
            let now = p.merged.accounts[&s.me].profile().unwrap();
            if now != was {
                broken.push(format!("{name}: {} {} → {} {}", was.name, was.id_number, now.name, now.id_number));
            }
        }
    }
    assert!(broken.is_empty(), "a stranger rewrote the freshman's profile: {broken:#?}");
}

/// A stranger's own tree (met as it is) brings, as its own, an account whose login is that of an
/// account this phone holds, with a smaller ID: on the freshman's own phone and on the branch's,
/// the owner's login then finds the stranger's account (no password here) and is refused.
/// README: "a file never changes the kind, the login (phone or username) or the password of an
/// account the receiving phone holds" (and no command lets two accounts share a login).
#[test]
fn a_stranger_s_account_takes_over_the_login_of_an_account_held_here() {
    let s = school();
    let (_, _, branch_id) = s.ids;
    let evil = Key::from_seed(31_338);
    let (root, fake_branch) = stranger_tree(&s.branch.s.orgs[&branch_id].clone());
    let mut broken = Vec::new();
    // The freshman's phone: a member of the stranger's branch with the freshman's phone number.
    let mut twin = s.member.s.accounts[&s.me].clone();
    twin.id = AccountId(1);
    twin.password = crate::core::auth::PasswordHash::none();
    twin.member_mut().unwrap().branch = Some(fake_branch.id);
    twin.member_mut().unwrap().accepted_at = Some(NOW);
    twin.member_mut().unwrap().membership_at = NOW;
    // The branch's phone: the stranger's branch account under the secretary's username.
    let branch_account = Account {
        id: AccountId(1),
        login: "TZB26070101".into(),
        role: AccountRole::Branch { org: fake_branch.id },
        password: crate::core::auth::PasswordHash::none(),
        created: NOW,
        retired: false,
    };
    for (receiver, account, login, name) in
        [(&s.member.s, twin, "13912340001", "the freshman's own phone"), (&s.branch.s, branch_account, "TZB26070101", "the branch's phone")]
    {
        assert!(receiver.login_challenge(login).is_ok(), "{name}: its owner logs in before");
        let body = Body { orgs: vec![root.clone(), fake_branch.clone()], accounts: vec![account], ..Body::default() };
        let file = forge(&evil, Kind::Report, Sender::Org(root.id), body);
        assert_eq!(super::attack::check(receiver, &file, NOW), Ok(()), "{name}");
        // (A phone with an account of its own no longer meets a tree that joins nothing here at all.)
        if let Some(Err(e)) = plan(receiver, &file).ok().map(|p| p.merged.login_challenge(login).map(|_| ())) {
            broken.push(format!("{name}: {login} now refused: {e:?}"));
        }
    }
    assert!(broken.is_empty(), "a stranger's account took a login held here: {broken:#?}");
}

/// The same with the narrowest file there is: an unsigned 申请与个人信息 of a "new member" whose
/// phone number is the freshman's, opened on the freshman's own phone, locks its owner out.
/// README, *Unsigned files*: such a file may hand in "their own account ... and nothing else".
#[test]
fn an_unsigned_application_takes_over_the_login_of_this_phone_s_own_member() {
    let s = school();
    let receiver = &s.member.s;
    assert!(receiver.login_challenge("13912340001").is_ok());
    let mut twin = receiver.accounts[&s.me].clone();
    twin.id = AccountId(1);
    let file = SyncFile {
        kind: Kind::Application,
        from: Sender::Member(twin.id),
        from_name: "周*".into(),
        app: String::new(),
        written: NOW,
        body: Body { accounts: vec![twin], ..Body::default() },
        signed: None,
    };
    let file = decode(&file.encode(), NOW + DAY_MS).unwrap();
    assert_eq!(super::attack::check(receiver, &file, NOW), Ok(()));
    match plan(receiver, &file) {
        Ok(p) => assert!(
            p.merged.login_challenge("13912340001").is_ok(),
            "the freshman's login is refused: {:?}",
            p.merged.login_challenge("13912340001").err()
        ),
        Err(e) => assert!(e.to_string().contains("登录名"), "refused, saying why: {e}"),
    }
}

/// A member whose 申请加入 the branch accepted sends, signed with their own key (the one the branch
/// kept), their request again as a pending 毕业生转出: the branch's phone now holds "毕业生转出,
/// 已通过", a decision the branch never made (and one that, settled, takes the member out).
/// README: "an applicant's file may carry their own requests and withdrawals, never a decision".
#[test]
fn a_member_turns_the_branch_s_acceptance_into_an_accepted_transfer_out() {
    let s = accepted();
    let held = s.branch.s.requests.values().find(|r| r.applicant == s.me).unwrap().clone();
    assert!(matches!(held.state, RequestState::Accepted { .. }) && held.kind == RequestKind::Join);
    let mut r = held.clone();
    r.kind = RequestKind::TransferOut { destination: Destination::FurtherStudy, target: "外校".into() };
    r.state = RequestState::Pending;
    let mut account = s.member.s.accounts[&s.me].clone();
    account.password = crate::core::auth::PasswordHash::none();
    let body = Body { accounts: vec![account], requests: vec![r], ..Body::default() };
    let file = forge(&s.member.key, Kind::Application, Sender::Member(s.me), body);
    assert_eq!(s.branch.s.key_of(Sender::Member(s.me)), Some(&s.member.key.public()), "the member's key is the one kept");
    assert_eq!(super::attack::check(&s.branch.s, &file, NOW), Ok(()));
    if let Ok(p) = plan(&s.branch.s, &file) {
        let now = &p.merged.requests[&held.id];
        assert_eq!(now.kind, RequestKind::Join, "the accepted 申请加入 now reads {:?} {:?}", now.kind, now.state);
    }
}

/// After the branch accepted them, a member's own file (signed with their key) renames them and
/// changes their 民族, dated later or with the stamp held (where the merge would break the tie by
/// content): the branch keeps the name its acceptance locked (`profile::LOCKED_ONCE_ACCEPTED`) and
/// takes the rest of their record, and the preview says what was left out.
#[test]
fn a_member_s_own_file_does_not_change_what_the_acceptance_locked() {
    let s = accepted();
    let held = s.branch.s.accounts[&s.me].clone();
    assert!(held.member().unwrap().profile_locked());
    for (name, at) in [("吴二", NOW + DAY_MS), ("龙一", held.member().unwrap().profile_at)] {
        let mut account = s.member.s.accounts[&s.me].clone();
        account.password = crate::core::auth::PasswordHash::none();
        let m = account.member_mut().unwrap();
        let mut p = m.profile.clone().unwrap();
        p.name = PersonName::parse(name).unwrap();
        p.ethnicity = "回族".into();
        (m.profile, m.profile_at) = (Some(p), at);
        let file = forge(&s.member.key, Kind::Application, Sender::Member(s.me), Body { accounts: vec![account], ..Body::default() });
        assert_eq!(super::attack::check(&s.branch.s, &file, NOW), Ok(()), "{name}");
        match plan(&s.branch.s, &file) {
            Ok(p) => {
                let now = p.merged.accounts[&s.me].profile().unwrap();
                assert_eq!(now.name, held.profile().unwrap().name, "the locked name stays: {name}");
                assert_eq!(now.ethnicity, "回族", "the rest of the record is taken: {name}");
                assert!(p.preview.ignored.iter().any(|(why, _)| *why == super::preview::Ignored::LockedProfile), "{:?}", p.preview);
            }
            Err(e) => assert!(e.to_string().contains("锁定"), "refused, saying why: {e}"),
        }
    }
}

/// No branch command edits a member's profile: on the member's own phone, their branch's 上报数据
/// (signed with the branch's kept key, carrying their login) changes only where they belong, never
/// their name or ID number. Only their own files do. (On a committee's phone a report relays the
/// profile the member gave, which is taken.)
#[test]
fn a_branch_s_report_does_not_rewrite_a_member_s_profile_on_their_own_phone() {
    let mut s = accepted();
    let secretary = s.branch.actor("TZB26070101");
    s.member.take(&s.branch.send(secretary, Kind::Decisions)).unwrap();
    let mut report = decode(&s.branch.send(secretary, Kind::Report), NOW + DAY_MS).unwrap();
    let held = s.member.s.accounts[&s.me].clone();
    let mut changed = rewritten(&held);
    changed.login = held.login.clone();
    report.body.accounts.retain(|a| a.id != s.me);
    report.body.accounts.push(changed);
    let report = decode(&s.branch.key.sign(&report), NOW + DAY_MS).unwrap();
    assert_eq!(super::attack::check(&s.member.s, &report, NOW + DAY_MS), Ok(()));
    if let Ok(p) = plan(&s.member.s, &report) {
        assert_eq!(p.merged.accounts[&s.me].profile(), held.profile(), "the branch rewrote the member's profile on their own phone");
        assert_eq!(p.merged.accounts[&s.me].member().unwrap().branch, held.member().unwrap().branch);
    }
}
