//! Branch registrations and conflicts: a code proved by this committee, a second use or a repeated
//! registration kept as 需要确认, two decisions on one request kept until settled.

use super::import::{plan, Ignored};
use super::tests::*;
use super::*;
use crate::core::commands::{Actor, BranchRegistration, Command, Ctx};
use crate::core::date::DAY_MS;
use crate::core::demo;
use crate::core::entropy::SplitMix;
use crate::core::sync::SyncError;

#[test]
fn a_registration_needs_this_committees_code_and_a_second_use_is_a_conflict() {
    let mut committee = demo::build(NOW);
    let college = actor_of(&committee, "JGSYTW");
    let crate::core::Outcome::Codes(codes) =
        run(&mut committee, college, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch }, 10)
    else {
        panic!()
    };
    let register = |device: &mut State, number: &str, seed: u64| {
        let crate::core::Outcome::Org(id) = run(
            device,
            Actor::Anonymous,
            Command::RegisterBranch(BranchRegistration {
                code: codes[0].clone(),
                name: format!("2025级新{number}班团支部"),
                number: number.into(),
                industry: INDUSTRIES[0].into(),
                graduation_year: Some(2029),
                secretary_name: "王书记".into(),
                secretary_phone: "13900001111".into(),
                username: format!("TZB{number}"),
                password: demo::demo_password_hash(),
            }),
            seed,
        ) else {
            panic!()
        };
        let account = device.account_by_login(&format!("TZB{number}")).unwrap().id;
        device.sync_file(Actor::Branch { account, org: id }, Kind::Registration, NOW).unwrap()
    };
    // Two secretaries register with the same code on their own, empty phones, from the code's link.
    let college_id = org(&committee, "精工书院团委");
    let learn = |seed: u64| {
        let mut s = State::default();
        let invite = crate::core::CodeInvite {
            code: codes[0].clone(),
            issuer: college_id,
            issuer_name: "精工书院团委".into(),
            expires: NOW + 20 * DAY_MS,
            key: None,
            kind: OrgKind::Branch,
            demo: true,
        };
        run(&mut s, Actor::Anonymous, Command::LearnCode(invite), seed);
        s
    };
    let (mut phone_a, mut phone_b) = (learn(31), learn(32));
    let file_a = register(&mut phone_a, "25990101", 11);
    let file_b = register(&mut phone_b, "25990102", 12);
    assert!(!file_a.encode().contains(&codes[0]), "the code itself never travels");
    let p = import(&mut committee, &file_a);
    assert!(p.changed.iter().any(|l| l.contains("已被")) && p.conflicts.is_empty(), "{p:?}");
    let p = import(&mut committee, &file_b);
    assert_eq!(p.conflicts.len(), 1, "{p:?}");
    assert_eq!(committee.code_conflicts(org(&committee, "精工书院团委")).len(), 1);
    assert_eq!(committee.orgs.values().filter(|o| o.name.starts_with("2025级新")).count(), 2, "neither branch is dropped");
    // A device that never issued the code takes no registration.
    let mut stranger = demo::build(NOW);
    stranger.codes.clear();
    assert_eq!(plan(&stranger, &carry(&file_a)).unwrap_err(), SyncError::NothingAccepted { why: Ignored::UnknownCode.label() });
}

/// A secretary whose phone has no directory registers a branch that exists already (its full name
/// and username): the committee's import names the repeat as a conflict, and voiding it settles it.
#[test]
fn a_repeated_branch_registration_is_a_conflict_for_the_committee() {
    let mut committee = demo::build(NOW);
    let college = actor_of(&committee, "JSJTW");
    let crate::core::Outcome::Codes(codes) =
        run(&mut committee, college, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch }, 10)
    else {
        panic!()
    };
    let college_id = org(&committee, "计算机学院团委");
    let existing = org(&committee, "2025级计算机科学与技术1班团支部");
    let mut phone = State::default();
    let invite = crate::core::CodeInvite {
        code: codes[0].clone(),
        issuer: college_id,
        issuer_name: "计算机学院团委".into(),
        expires: NOW + 20 * DAY_MS,
        key: None,
        kind: OrgKind::Branch,
        demo: true,
    };
    run(&mut phone, Actor::Anonymous, Command::LearnCode(invite), 31);
    let form = BranchRegistration {
        code: codes[0].clone(),
        name: "2025级计算机科学与技术1班团支部".into(),
        number: "25070101".into(),
        industry: INDUSTRIES[0].into(),
        graduation_year: None,
        secretary_name: "王书记".into(),
        secretary_phone: "13900001111".into(),
        username: "TZB25070101".into(),
        password: demo::demo_password_hash(),
    };
    let crate::core::Outcome::Org(repeat) = run(&mut phone, Actor::Anonymous, Command::RegisterBranch(form), 11) else { panic!() };
    let account = phone.account_by_login("TZB25070101").unwrap().id;
    let file = phone.sync_file(Actor::Branch { account, org: repeat }, Kind::Registration, NOW + 1).unwrap();
    assert!(committee.branch_clashes(college_id).is_empty());
    let p = import(&mut committee, &file);
    assert!(p.conflicts.iter().any(|c| c.contains("重复注册") && c.contains("同名且用户名相同")), "{p:?}");
    assert_eq!(
        committee.branch_clashes(college_id),
        vec![crate::core::duplicates::BranchClash { newer: repeat, older: existing, same_name: true, same_username: true }]
    );
    // The branch with members cannot be voided; the repeat can, and then nothing clashes.
    let refused = committee.apply(college, Command::VoidRegistration { branch: existing }, &mut Ctx { now: NOW, rng: &mut SplitMix(1) });
    assert!(matches!(refused, Err(crate::core::Refusal::One(crate::core::CoreError::BranchStillHasMembers { .. }))));
    run(&mut committee, college, Command::VoidRegistration { branch: repeat }, 12);
    assert!(committee.branch_clashes(college_id).is_empty());
    assert!(committee.orgs[&repeat].branch.as_ref().unwrap().archived);
    assert!(committee.accounts[&account].retired);
    assert_eq!(
        committee.account_by_login("TZB25070101").map(|a| a.id),
        committee.accounts.values().find(|a| a.login == "TZB25070101" && !a.retired).map(|a| a.id)
    );
    assert!(committee.search_orgs("计算机科学与技术1班", 10).iter().filter(|h| h.selectable).count() == 1);
    // The voided repeat holds neither the name nor the username any more; the live branch still does.
    assert!(
        committee.username_taken("TZB25070101")
            && committee.org_named("2025级计算机科学与技术1班团支部") == Some(&committee.orgs[&existing])
    );
    committee.orgs.get_mut(&existing).unwrap().branch.as_mut().unwrap().archived = true;
    for a in committee.accounts.values_mut().filter(|a| a.login == "TZB25070101") {
        a.retired = true;
    }
    assert!(!committee.username_taken("TZB25070101") && committee.org_named("2025级计算机科学与技术1班团支部").is_none());
}

#[test]
fn two_decisions_on_one_request_are_kept_as_a_conflict_until_settled() {
    let mut secretary = demo::build(NOW);
    let branch = org(&secretary, "2025级会计学1班团支部");
    let (mut phone, me) = member_phone(&secretary, branch);
    import(&mut secretary, &phone.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap());
    let rid = *phone.requests.keys().next().unwrap();
    let sec = actor_of(&secretary, "TZB25080101");
    run(&mut secretary, sec, Command::Accept { requests: vec![rid] }, 20);
    run(&mut phone, Actor::Member(me), Command::Withdraw { request: rid, reason: "填错了".into() }, 21);
    let p = import(&mut secretary, &phone.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap());
    assert_eq!(p.conflicts.len(), 1, "{p:?}");
    import(&mut phone, &secretary.sync_file(sec, Kind::Decisions, NOW).unwrap());
    assert_eq!(phone.requests[&rid], secretary.requests[&rid], "both sides hold both decisions");
    assert_eq!(secretary.request_conflicts(branch).len(), 1);
    run(&mut secretary, sec, Command::SettleRequest { request: rid, keep: "withdrawn".into() }, 22);
    assert!(secretary.request_conflicts(branch).is_empty());
    assert!(matches!(secretary.requests[&rid].state, RequestState::Withdrawn { .. }));
    assert_eq!(secretary.accounts[&me].member().unwrap().branch, None, "settling as withdrawn undoes the membership");
    import(&mut phone, &secretary.sync_file(sec, Kind::Decisions, NOW).unwrap());
    assert_eq!(phone.requests[&rid], secretary.requests[&rid]);
    assert_eq!(phone.accounts[&me].member().unwrap().branch, None);
}
