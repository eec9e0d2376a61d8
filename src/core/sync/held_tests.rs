//! What a phone already holds (a request, an appeal, an account, a profile) against files from a
//! stranger's own tree and from other members: each held record answers only to the branch over
//! it (or a committee above), and the attacker's oracle (`attack::check`) is asked of each file.

use super::first_day_tests::NOW;
use super::import::plan;
use super::seal::native::Key;
use super::trust_tests::{committee, forge, school};
use super::*;
use crate::core::date::DAY_MS;

/// A stranger's own tree: a root committee and a branch under it, shaped like `template`.
pub(super) fn stranger_tree(template: &Org) -> (Org, Org) {
    let root = committee(7_100_000, "外校团委", None);
    let mut b = template.clone();
    (b.id, b.parent, b.name) = (OrgId(9_900_000), Some(root.id), "外校1班团支部".into());
    (root, b)
}

/// A stranger's committee relabels the freshman's request as its own branch's and returns it: on
/// the branch's phone (a report) and the freshman's own (审核结果) the request stays as held.
#[test]
fn a_stranger_s_own_branch_decides_no_request_held_here() {
    let s = school();
    let (_, _, branch_id) = s.ids;
    let evil = Key::from_seed(900);
    let template = s.branch.s.orgs[&branch_id].clone();
    let (root, fake_branch) = stranger_tree(&template);
    let mine = s.branch.s.requests.values().find(|r| r.applicant == s.me).unwrap().clone();
    assert!(mine.state.is_pending() && mine.branch == branch_id);
    let mut r = mine.clone();
    r.branch = fake_branch.id;
    r.state = RequestState::Returned { at: NOW + 10, by: AccountId(7_100_001), reason: "材料不全".into() };
    let body = Body { orgs: vec![root.clone(), fake_branch], requests: vec![r], ..Body::default() };
    // On the branch's phone (a report) and on the freshman's own phone (decisions).
    let mut broken = Vec::new();
    for (receiver, kind) in [(&s.branch.s, Kind::Report), (&s.member.s, Kind::Decisions)] {
        let file = forge(&evil, kind, Sender::Org(root.id), body.clone());
        // (Refused whole is as good: a decisions file brings no organisation.)
        let Ok(p) = plan(receiver, &file) else { continue };
        let now = &p.merged.requests[&mine.id];
        if (now.branch, &now.state, &now.others) != (branch_id, &RequestState::Pending, &vec![]) {
            broken.push(format!("{kind:?}: branch {:?}, state {:?}, others {:?}", now.branch, now.state, now.others));
        }
    }
    assert!(broken.is_empty(), "the request of {branch_id:?} was decided by a stranger: {broken:#?}");
}

/// A stranger's committee upholds an "appeal" of its own branch naming the freshman's account as
/// the old one (同一人): only the branch that holds the older record here may retire it.
#[test]
fn an_account_retires_only_by_the_branch_that_holds_it() {
    let s = school();
    let (_, _, branch_id) = s.ids;
    let evil = Key::from_seed(901);
    let (root, fake_branch) = stranger_tree(&s.branch.s.orgs[&branch_id].clone());
    let appeal = Appeal {
        id: AppealId(7_100_010),
        account: AccountId(7_100_011),
        old_account: s.me,
        reason: String::new(),
        photo: None,
        branch: Some(fake_branch.id),
        created: NOW,
        state: AppealState::Upheld { at: NOW + 10, by: AccountId(7_100_001) },
        others: vec![],
        settled: None,
    };
    let mut broken = Vec::new();
    for (receiver, kind, name) in
        [(&s.member.s, Kind::Decisions, "the freshman's own phone"), (&s.branch.s, Kind::Report, "the branch's phone")]
    {
        let mut victim = receiver.accounts[&s.me].clone();
        assert!(!victim.retired && victim.member().unwrap().branch.is_none());
        victim.login = String::new();
        victim.retired = true;
        let m = victim.member_mut().unwrap();
        (m.profile, m.profile_at, m.consent, m.volunteer, m.membership_at) = (None, 0, None, None, NOW + 20);
        let body = Body {
            orgs: vec![root.clone(), fake_branch.clone()],
            accounts: vec![victim],
            appeals: vec![appeal.clone()],
            ..Body::default()
        };
        let file = forge(&evil, kind, Sender::Org(root.id), body);
        let Ok(p) = plan(receiver, &file) else { continue };
        if p.merged.accounts[&s.me].retired {
            let login = p.merged.login_challenge("13912340001").map(|a| a.id);
            broken.push(format!("{name}: retired (login now {login:?})"));
        }
    }
    assert!(broken.is_empty(), "a stranger retired the freshman's account: {broken:#?}");
}

/// A stranger's committee relabels an appeal held for the branch as its own branch's, upheld and
/// settled: the appeal stays pending and unsettled.
#[test]
fn a_stranger_s_own_branch_decides_and_settles_no_appeal_held_here() {
    let mut s = school();
    let (_, _, branch_id) = s.ids;
    let evil = Key::from_seed(902);
    let (root, fake_branch) = stranger_tree(&s.branch.s.orgs[&branch_id].clone());
    let held = Appeal {
        id: AppealId(7_100_020),
        account: AccountId(7_100_021),
        old_account: s.me,
        reason: "换了手机号".into(),
        photo: Some("data:image/jpeg;base64,/9j/".into()),
        branch: Some(branch_id),
        created: NOW,
        state: AppealState::Pending,
        others: vec![],
        settled: None,
    };
    s.branch.s.appeals.insert(held.id, held.clone());
    let upheld = AppealState::Upheld { at: NOW + 10, by: AccountId(7_100_001) };
    let forged = Appeal {
        reason: String::new(),
        photo: None,
        branch: Some(fake_branch.id),
        state: upheld.clone(),
        settled: Some(Settled { at: NOW + 11, by: AccountId(7_100_001), keep: "upheld".into(), seen: vec!["upheld".into()] }),
        ..held.clone()
    };
    let body = Body { orgs: vec![root.clone(), fake_branch], appeals: vec![forged], ..Body::default() };
    if let Ok(p) = plan(&s.branch.s, &forge(&evil, Kind::Report, Sender::Org(root.id), body)) {
        let now = &p.merged.appeals[&held.id];
        assert_eq!(
            (&now.state, &now.settled, now.branch),
            (&AppealState::Pending, &None, Some(branch_id)),
            "the branch's appeal was decided and settled by a stranger"
        );
    }
}

/// A stranger's committee makes up a request from the freshman to its own branch and sends the
/// freshman's account with another name: no profile held here changes.
#[test]
fn a_stranger_rewrites_no_profile_held_here() {
    let s = school();
    let (_, _, branch_id) = s.ids;
    let evil = Key::from_seed(905);
    let (root, fake_branch) = stranger_tree(&s.branch.s.orgs[&branch_id].clone());
    let request = Request {
        id: RequestId(7_100_040),
        kind: RequestKind::Join,
        applicant: s.me,
        branch: fake_branch.id,
        created: NOW,
        state: RequestState::Pending,
        others: vec![],
        settled: None,
    };
    let mut broken = Vec::new();
    for (receiver, kind, name) in
        [(&s.member.s, Kind::Decisions, "the freshman's own phone"), (&s.branch.s, Kind::Report, "the branch's phone")]
    {
        let mut victim = receiver.accounts[&s.me].clone();
        let m = victim.member_mut().unwrap();
        let mut profile = m.profile.clone().unwrap();
        profile.name = PersonName::parse("吴二").unwrap();
        (m.profile, m.profile_at) = (Some(profile), NOW + DAY_MS);
        let body = Body {
            orgs: vec![root.clone(), fake_branch.clone()],
            accounts: vec![victim],
            requests: vec![request.clone()],
            ..Body::default()
        };
        let Ok(p) = plan(receiver, &forge(&evil, kind, Sender::Org(root.id), body)) else { continue };
        let was = receiver.accounts[&s.me].profile().unwrap().name.to_string();
        let now = p.merged.accounts[&s.me].profile().unwrap().name.to_string();
        if now != was {
            broken.push(format!("{name}: {was} → {now}"));
        }
    }
    assert!(broken.is_empty(), "a stranger rewrote the freshman's profile: {broken:#?}");
}

/// A new member's file names itself the applicant of the freshman's request and withdraws it:
/// a held request's applicant and branch never change.
#[test]
fn a_member_s_file_changes_no_one_else_s_request() {
    let s = school();
    let evil = Key::from_seed(906);
    let faker = AccountId(8_000_000_000_000_000);
    let mine = s.branch.s.requests.values().find(|r| r.applicant == s.me).unwrap().clone();
    let mut account = s.branch.s.accounts[&s.me].clone();
    account.id = faker;
    account.login = "13900000000".into();
    let m = account.member_mut().unwrap();
    (m.profile, m.profile_at, m.volunteer, m.consent) = (None, 0, None, None);
    let mut r = mine.clone();
    r.applicant = faker;
    r.state = RequestState::Withdrawn { at: NOW + 10, reason: "不想加入了".into() };
    let body = Body { accounts: vec![account], requests: vec![r], ..Body::default() };
    let p = plan(&s.branch.s, &forge(&evil, Kind::Application, Sender::Member(faker), body)).expect("taken");
    let now = &p.merged.requests[&mine.id];
    assert_eq!(
        (now.applicant, &now.state, &now.others),
        (s.me, &RequestState::Pending, &vec![]),
        "the freshman's request was changed by another member's file (preview changed: {:?})",
        p.preview.changed
    );
}

/// `local` once it met `file`: as the import takes it, or, where a phone with an account of its own
/// refuses a tree that joins nothing here (`orgs::may_add`), as a phone took such a tree before that
/// rule (the file's organisations new here, and its sender's key): what every rule after must
/// still hold against.
pub(super) fn met_before(local: &State, file: &SyncFile) -> State {
    if let Ok(p) = plan(local, file) {
        return p.merged;
    }
    let mut s = local.clone();
    for o in file.body.orgs.iter().filter(|o| !local.orgs.contains_key(&o.id)) {
        s.orgs.insert(o.id, o.clone());
    }
    if let Some(key) = &file.signed {
        s.meet_key(file.from, key);
    }
    s
}

/// A phone with nothing of its own that knows the school only from the deployment's published
/// directory.json (the 校团委's 组织目录): where a stranger's own tree is still met as it is.
pub(super) fn browsing(s: &super::trust_tests::School) -> State {
    let mut phone = super::first_day_tests::Phone::blank(90).s;
    let published = s.school.send(s.school.actor("XTW2026"), Kind::Directory);
    super::import::take_directory(&mut phone, &decode_directory(&published, NOW + DAY_MS).unwrap()).unwrap();
    phone
}
