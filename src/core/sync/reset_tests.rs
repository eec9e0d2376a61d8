//! A branch's phone wiped without a backup, brought back by its college from blank phones: the
//! 重置码 and 恢复资料, the new phone proving itself, the members' files bringing back what the
//! college had not heard, every member and decision back with no twin, and the attacker's tries.

use super::first_day_tests::{found, freshman, registered, Phone, NOW};
use super::import::{self, plan};
use super::*;
use crate::core::commands::{Actor, Command, Outcome};
use crate::core::date::DAY_MS;
use crate::core::demo;
use crate::core::error::CoreError;
use crate::core::sync::SyncError;

/// The school, a college and a branch registered on three blank phones.
pub(super) fn school() -> (Phone, Phone, Phone, OrgId, OrgId) {
    let mut school = Phone::blank(1);
    found(&mut school);
    let (mut college, college_id, _) = registered(&mut school, "XTW2026", OrgKind::College, 2, ("计算机学院团委", "", "JSJTW"));
    let (branch, branch_id, _) =
        registered(&mut college, "JSJTW", OrgKind::Branch, 3, ("2026级计算机1班团支部", "26070101", "TZB26070101"));
    (school, college, branch, college_id, branch_id)
}

#[test]
fn a_wiped_branch_comes_back_from_its_college_and_its_members_with_no_twin() {
    let (_school, mut college, mut branch, college_id, branch_id) = school();
    let secretary = branch.actor("TZB26070101");
    let invite = branch.s.invite_for(branch_id).unwrap();
    let people = [
        ("13912340001", "周一", "11010820070301123"),
        ("13912340002", "吴二", "11010820070402234"),
        ("13912340003", "郑三", "11010820070503345"),
    ];
    let mut phones = (0..3).map(|i| Phone::blank(10 + i)).collect::<Vec<_>>();
    let ids: Vec<AccountId> =
        people.iter().zip(&mut phones).map(|((no, name, id), phone)| freshman(phone, invite.clone(), no, name, id)).collect();
    // 周一 is accepted and reported; 吴二 accepted after the report; 郑三 still 待审核. Then the phone is wiped.
    for (i, phone) in phones.iter().enumerate() {
        branch.take(&phone.send(Actor::Member(ids[i]), Kind::Application)).unwrap();
        if i < 2 {
            let r = branch.s.requests.values().find(|r| r.applicant == ids[i]).unwrap().id;
            branch.run(secretary, Command::Accept { requests: vec![r] });
        }
        if i == 0 {
            college.take(&branch.send(secretary, Kind::Report)).unwrap();
        }
    }
    let decisions = branch.send(secretary, Kind::Decisions);
    for phone in &mut phones[..2] {
        phone.take(&decisions).unwrap();
    }
    let account = branch.s.org_account(branch_id).unwrap().id;
    let mut new = Phone::blank(30);

    // The college: 交给新手机, a 重置码 and its copy of the branch.
    let committee = college.actor("JSJTW");
    let Outcome::ResetCode(code) = college.run(committee, Command::IssueOrgReset { org: branch_id }) else { panic!() };
    assert_eq!(code.len(), reset::ORG_RESET_CODE_LEN);
    let recovery = college.key.sign(&college.s.recovery_file(committee, branch_id, NOW + DAY_MS).unwrap());
    let p = new.take(&recovery).unwrap();
    assert!(p.signatures[0].contains("第一次收到"), "{p:?}");
    assert_eq!(new.s.awaiting_password(), Some(account));
    assert_eq!(new.s.reset.as_ref().map(|r| (r.by, r.org)), Some((college_id, branch_id)));
    assert_eq!(new.s.org_name(college_id), "计算机学院团委");
    assert_eq!(new.s.roster(branch_id).len(), 1, "周一, as the college's copy has it");
    // The account comes with its code: not by a password alone, nor a code of the wrong shape.
    let password = demo::demo_password_hash();
    let claim = |code: &str| Command::ClaimResetAccount { account, code: code.into(), password: password.clone() };
    let no_code = Command::ClaimRestoredAccount { account, password: password.clone() };
    assert_eq!(
        new.try_run(Actor::Anonymous, no_code).unwrap_err(),
        CoreError::OrgResetCodeShape { len: crate::core::sync::reset::ORG_RESET_CODE_LEN }.into()
    );
    assert_eq!(
        new.try_run(Actor::Anonymous, claim("ABCD-EFGH")).unwrap_err(),
        CoreError::OrgResetCodeShape { len: crate::core::sync::reset::ORG_RESET_CODE_LEN }.into()
    );
    new.run(Actor::Anonymous, claim(&code.to_lowercase()));
    let secretary = new.actor("TZB26070101");
    assert_eq!(secretary, Actor::Branch { account, org: branch_id });
    assert_eq!(new.s.awaiting_password(), None);

    // The new phone's 组织注册信息 proves it to the college, which keeps its key from now on.
    let claimed = new.send(secretary, Kind::Registration);
    let mut attacker = Phone::blank(40);
    attacker.s = new.s.clone();
    attacker.s.device_key = Some(attacker.key.public());
    // The same claim signed by another key proves nothing (the proof is bound to the key).
    let replayed =
        decode(&attacker.key.sign(&new.s.sync_file(secretary, Kind::Registration, NOW + DAY_MS).unwrap()), NOW + DAY_MS).unwrap();
    assert!(matches!(plan(&college.s, &replayed), Err(SyncError::ResetCodeWrong { .. })));
    let p = college.take(&claimed).unwrap();
    assert!(p.keys.iter().any(|k| k.contains("换了新手机")), "{p:?}");
    assert!(p.ignored.is_empty(), "{p:?}");
    assert_eq!(college.s.key_of(Sender::Org(branch_id)), Some(&new.key.public()));
    // Used once: the same file again adds nothing, and the old phone's key no longer speaks.
    assert_eq!(college.take(&claimed).unwrap_err(), SyncError::NothingNew);
    assert!(matches!(college.take(&branch.send(branch.actor("TZB26070101"), Kind::Report)), Err(SyncError::KeyChanged { .. })));

    // The members send their applications again: 吴二's decision the college never heard of comes
    // in as 待审核, 郑三's as it was.
    for (i, phone) in phones.iter().enumerate().skip(1) {
        new.take(&phone.send(Actor::Member(ids[i]), Kind::Application)).unwrap();
    }
    let pending: Vec<RequestId> = new.s.requests.values().filter(|r| r.state.is_pending()).map(|r| r.id).collect();
    assert_eq!(pending.len(), 2);
    new.run(secretary, Command::Accept { requests: pending });
    assert_eq!(new.s.roster(branch_id).len(), 3);
    // Each member's phone takes the new phone's decisions once the college's 组织目录 vouches for its key.
    let decisions = new.send(secretary, Kind::Decisions);
    assert!(matches!(phones[1].take(&decisions), Err(SyncError::KeyChanged { .. })));
    let directory = college.send(committee, Kind::Directory);
    for (i, phone) in phones.iter_mut().enumerate() {
        phone.take(&directory).unwrap();
        assert_eq!(phone.s.key_of(Sender::Org(branch_id)), Some(&new.key.public()));
        let _ = phone.take(&decisions);
        let r = phone.s.requests.values().find(|r| r.applicant == ids[i]).unwrap();
        assert!(matches!(r.state, RequestState::Accepted { .. }) && r.others.is_empty(), "{r:?}");
        assert_eq!(phone.s.accounts[&ids[i]].member().unwrap().branch, Some(branch_id));
    }
    // The report goes up as the branch's own: one branch, three members, no twin.
    college.take(&new.send(secretary, Kind::Report)).unwrap();
    assert_eq!(college.s.branches_under(college_id).len(), 1);
    assert_eq!(college.s.roster(branch_id).len(), 3);
}

#[test]
fn a_reset_code_is_the_committees_own_and_proves_only_its_phone() {
    let (_school, mut college, branch, college_id, branch_id) = school();
    let committee = college.actor("JSJTW");
    // Only a committee above, for an organisation with an account; a branch cannot hand itself over.
    assert_eq!(college.try_run(committee, Command::IssueOrgReset { org: OrgId(9) }).unwrap_err(), CoreError::NotAllowed.into());
    let mut other = branch;
    let own = other.actor("TZB26070101");
    assert_eq!(other.try_run(own, Command::IssueOrgReset { org: branch_id }).unwrap_err(), CoreError::NotAllowed.into());
    let Outcome::ResetCode(code) = college.run(committee, Command::IssueOrgReset { org: branch_id }) else { panic!() };
    // A phone that guessed: the claim with another code is a changed key like any other.
    let mut new = Phone::blank(30);
    new.take(&college.key.sign(&college.s.recovery_file(committee, branch_id, NOW).unwrap())).unwrap();
    let account = new.s.awaiting_password().unwrap();
    let wrong = format!("{}{}", if code.starts_with('2') { '3' } else { '2' }, &code[1..]);
    new.run(Actor::Anonymous, Command::ClaimResetAccount { account, code: wrong, password: demo::demo_password_hash() });
    let secretary = new.actor("TZB26070101");
    let claimed = new.send(secretary, Kind::Registration);
    assert_eq!(college.take(&claimed).unwrap_err(), SyncError::ResetCodeWrong { name: "2026级计算机1班团支部".into() });
    // Typed again on the new phone, logged in: taken.
    assert_eq!(
        new.try_run(secretary, Command::RetypeResetCode { code: "1".into() }).unwrap_err(),
        CoreError::OrgResetCodeShape { len: crate::core::sync::reset::ORG_RESET_CODE_LEN }.into()
    );
    new.run(secretary, Command::RetypeResetCode { code: code.clone() });
    let retyped = decode(&new.send(secretary, Kind::Registration), NOW + DAY_MS).unwrap();
    assert!(plan(&college.s, &retyped).is_ok());
    // A second code replaces the first; an expired one proves nothing.
    let Outcome::ResetCode(second) = college.run(committee, Command::IssueOrgReset { org: branch_id }) else { panic!() };
    assert_ne!(second, code);
    let mut late = Phone::blank(31);
    late.take(&college.key.sign(&college.s.recovery_file(committee, branch_id, NOW).unwrap())).unwrap();
    let account = late.s.awaiting_password().unwrap();
    late.run(Actor::Anonymous, Command::ClaimResetAccount { account, code: code.clone(), password: demo::demo_password_hash() });
    assert!(matches!(college.take(&late.send(late.actor("TZB26070101"), Kind::Registration)), Err(SyncError::ResetCodeWrong { .. })));
    let mut expired = college.s.clone();
    expired.reset_codes.iter_mut().for_each(|rc| rc.expires = NOW);
    let mut on_time = Phone::blank(32);
    on_time.take(&college.key.sign(&college.s.recovery_file(committee, branch_id, NOW).unwrap())).unwrap();
    let account = on_time.s.awaiting_password().unwrap();
    on_time.run(Actor::Anonymous, Command::ClaimResetAccount { account, code: second, password: demo::demo_password_hash() });
    let claimed = decode(&on_time.send(on_time.actor("TZB26070101"), Kind::Registration), NOW + DAY_MS).unwrap();
    assert!(matches!(plan(&expired, &claimed), Err(SyncError::ResetCodeWrong { .. })));
    assert!(plan(&college.s, &claimed).is_ok());
    // A 恢复资料 offers the account only on a phone with no password of its own, and never the sender's.
    let mut busy = Phone::blank(33);
    found(&mut busy);
    let file = college.key.sign(&college.s.recovery_file(committee, branch_id, NOW).unwrap());
    let _ = busy.take(&file);
    assert_eq!((busy.s.awaiting_password(), busy.s.reset.clone()), (None, None));
    assert!(college.s.recovery_file(committee, college_id, NOW).is_none());
}

/// A new phone that imported the college's 恢复资料 and typed `code`.
fn handed(college: &mut Phone, branch_id: OrgId, code: &str, seed: u64) -> Phone {
    let committee = college.actor("JSJTW");
    let mut new = Phone::blank(seed);
    new.take(&college.key.sign(&college.s.recovery_file(committee, branch_id, NOW).unwrap())).unwrap();
    let account = new.s.awaiting_password().unwrap();
    new.run(Actor::Anonymous, Command::ClaimResetAccount { account, code: code.into(), password: demo::demo_password_hash() });
    new
}

#[test]
fn a_code_expires_by_the_committees_clock_and_only_a_live_code_is_called_mistyped() {
    let (_school, mut college, branch, _college_id, branch_id) = school();
    let committee = college.actor("JSJTW");
    let Outcome::ResetCode(code) = college.run(committee, Command::IssueOrgReset { org: branch_id }) else { panic!() };
    let new = handed(&mut college, branch_id, &code, 30);
    let claimed = decode(&new.send(new.actor("TZB26070101"), Kind::Registration), NOW + DAY_MS).unwrap();
    // Whatever time the claim says, the committee's clock decides: a day too late, refused.
    let expires = college.s.reset_codes.iter().find(|rc| !rc.used).unwrap().expires;
    let (late, outcomes) = import::plan_all(&college.s, std::slice::from_ref(&claimed), expires + 1);
    assert!(late.is_none() && matches!(outcomes[0].refused, Some(SyncError::ResetCodeWrong { .. })), "{outcomes:?}");
    let (on_time, _) = import::plan_all(&college.s, std::slice::from_ref(&claimed), expires - 1);
    college.s = on_time.unwrap().merged;
    // The code used, the old phone (lost, not wiped) is a changed key, not a mistyped code.
    let e = college.take(&branch.send(branch.actor("TZB26070101"), Kind::Registration)).unwrap_err();
    assert!(matches!(e, SyncError::KeyChanged { .. }), "{e:?}");
}

#[test]
fn no_file_moves_or_retires_another_organisations_account_or_this_phones_own() {
    let (_school, mut college, branch, _college_id, victim) = school();
    let (evil, _, _) = registered(&mut college, "JSJTW", OrgKind::Branch, 4, ("2026级计算机2班团支部", "26070102", "TZB26070102"));
    let victim_account = college.s.org_account(victim).unwrap().id;
    for kind in [Kind::Registration, Kind::Report] {
        let mut file = evil.s.sync_file(evil.actor("TZB26070102"), kind, NOW + DAY_MS).unwrap();
        let mut forged = file.body.accounts.iter().find(|a| a.member().is_none()).unwrap().clone();
        forged.id = victim_account;
        forged.retired = true;
        file.body.accounts.push(forged);
        let _ = college.take(&evil.key.sign(&file));
        assert_eq!(college.s.org_account(victim).map(|a| a.id), Some(victim_account), "{kind:?}");
    }
    // The committee above cannot retire this phone's own account either.
    let mut own = branch;
    let mut report = college.s.sync_file(college.actor("JSJTW"), Kind::Report, NOW + DAY_MS).unwrap();
    report.body.accounts.iter_mut().filter(|a| a.id == victim_account).for_each(|a| a.retired = true);
    let _ = own.take(&college.key.sign(&report));
    assert!(!own.s.accounts[&victim_account].retired);
}

#[test]
fn the_new_phone_takes_only_new_records_from_a_member_it_holds_but_never_met() {
    let (_school, mut college, mut branch, _college_id, branch_id) = school();
    let secretary = branch.actor("TZB26070101");
    let mut victim = Phone::blank(10);
    let vid = freshman(&mut victim, branch.s.invite_for(branch_id).unwrap(), "13912340001", "周一", "11010820070301123");
    branch.take(&victim.send(Actor::Member(vid), Kind::Application)).unwrap();
    let r = branch.s.requests.values().find(|r| r.applicant == vid).unwrap().id;
    branch.run(secretary, Command::Accept { requests: vec![r] });
    college.take(&branch.send(secretary, Kind::Report)).unwrap();
    let Outcome::ResetCode(code) = college.run(college.actor("JSJTW"), Command::IssueOrgReset { org: branch_id }) else { panic!() };
    let mut new = handed(&mut college, branch_id, &code, 30);
    // A classmate signs as the member with a key of their own: no profile changed, no key kept.
    let mut attacker = Phone::blank(40);
    attacker.s = victim.s.clone();
    attacker.s.device_key = Some(attacker.key.public());
    if let AccountRole::Member(m) = &mut attacker.s.accounts.get_mut(&vid).unwrap().role {
        m.profile.as_mut().unwrap().name = crate::core::values::PersonName::parse("冒名").unwrap();
        m.profile_at = NOW + DAY_MS / 2;
    }
    let _ = new.take(&attacker.send(Actor::Member(vid), Kind::Application));
    assert_eq!(new.s.display_name(vid), "周一");
    assert_eq!(new.s.key_of(Sender::Member(vid)), None);
    // The member's own file is not refused as someone else's.
    assert!(!matches!(new.take(&victim.send(Actor::Member(vid), Kind::Application)), Err(SyncError::KeyChanged { .. })));
}

#[test]
fn only_the_committee_right_above_hands_an_account_over_and_only_to_a_blank_phone() {
    let (mut school, college, _branch, college_id, branch_id) = school();
    school.take(&college.send(college.actor("JSJTW"), Kind::Report)).unwrap();
    let top = school.actor("XTW2026");
    assert_eq!(school.try_run(top, Command::IssueOrgReset { org: branch_id }).unwrap_err(), CoreError::NotAllowed.into());
    assert!(matches!(school.try_run(top, Command::IssueOrgReset { org: college_id }), Ok(Outcome::ResetCode(_))));
    // A phone waiting for a restored backup's password keeps waiting for it.
    let committee = college.actor("JSJTW");
    let backup = college.key.sign(&college.s.sync_file(committee, Kind::Backup, NOW).unwrap());
    let mut restoring = Phone::blank(50);
    restoring.take(&backup).unwrap();
    let owner = restoring.s.awaiting_password();
    assert!(owner.is_some());
    let _ = restoring.take(&college.key.sign(&college.s.recovery_file(committee, branch_id, NOW).unwrap()));
    assert_eq!((restoring.s.awaiting_password(), restoring.s.reset.clone()), (owner, None));
}

/// Until its owner types a password, a phone holding a restored backup or a committee's 恢复资料
/// still speaks alone for that account: a file claiming it, signed by another key, is refused as
/// one claiming this phone (met as a first meeting, it would rename the branch and keep its key).
#[test]
fn a_phone_waiting_for_its_password_alone_speaks_for_its_account() {
    let (_school, mut college, branch, _, branch_id) = school();
    let evil = super::seal::native::Key::from_seed(40_001);
    let mut renamed = branch.s.orgs[&branch_id].clone();
    (renamed.name, renamed.updated) = ("改名团支部".into(), NOW + 5);
    let forged = super::trust_tests::forge(&evil, Kind::Report, Sender::Org(branch_id), Body { orgs: vec![renamed], ..Body::default() });
    let mut restored = Phone::blank(40);
    restored.take(&branch.send(branch.actor("TZB26070101"), Kind::Backup)).unwrap();
    let committee = college.actor("JSJTW");
    college.run(committee, Command::IssueOrgReset { org: branch_id });
    let mut new = Phone::blank(41);
    new.take(&college.key.sign(&college.s.recovery_file(committee, branch_id, NOW).unwrap())).unwrap();
    for (phone, what) in [(&restored, "a restored backup"), (&new, "a 恢复资料")] {
        assert!(phone.s.awaiting_password().is_some(), "{what}");
        assert_eq!(super::attack::check(&phone.s, &forged, NOW), Ok(()), "{what}");
        assert!(
            matches!(plan(&phone.s, &forged), Err(SyncError::ClaimsThisPhone { .. })),
            "{what}: {:?}",
            plan(&phone.s, &forged).map(|p| p.preview)
        );
    }
}

/// A phone waiting for its owner's password holds the organisation's account as its own (a
/// committee's 恢复资料 before the 重置码 is typed; a branch's own 完整备份 restored onto a blank
/// phone). The guard that keeps files from retiring this phone's own organisation account looks
/// only at a password set here, so a report of a committee above, here one met for the first time
/// (the 校团委 on the handed phone, the college on the restored one, both known there only by name
/// from the file that brought the account) and so signed by anyone, retires it: the phone no longer
/// waits for its owner, and 交给新手机 / the restore can no longer be finished. README: "no file
/// retires this phone's own organisation account", and this phone's own accounts include "a
/// restored backup or a committee's 恢复资料 waiting for its owner's password".
#[test]
fn no_file_retires_the_organisation_account_a_phone_waits_to_claim() {
    use crate::core::commands::{Actor, Command, Outcome};
    let (_school, mut college, branch, college_id, branch_id) = super::reset_tests::school();
    let committee = college.actor("JSJTW");
    let Outcome::ResetCode(code) = college.run(committee, Command::IssueOrgReset { org: branch_id }) else { panic!() };
    let mut handed = super::first_day_tests::Phone::blank(61);
    handed.take(&college.key.sign(&college.s.recovery_file(committee, branch_id, NOW).unwrap())).unwrap();
    let mut restored = super::first_day_tests::Phone::blank(62);
    restored.take(&branch.send(branch.actor("TZB26070101"), Kind::Backup)).unwrap();
    let school_id = handed.s.orgs[&college_id].parent.expect("the 恢复资料 brings the committees above");
    let evil = super::seal::native::Key::from_seed(66_004);
    let mut broken = Vec::new();
    for (phone, above, what) in
        [(&handed, school_id, "a 恢复资料 (the 校团委 forged)"), (&restored, college_id, "a restored backup (the college forged)")]
    {
        let account = phone.s.awaiting_password().expect("waiting for its owner");
        let mut retired = phone.s.accounts[&account].clone();
        retired.retired = true;
        let file = super::trust_tests::forge(&evil, Kind::Report, Sender::Org(above), Body { accounts: vec![retired], ..Body::default() });
        assert_eq!(super::attack::check(&phone.s, &file, NOW + DAY_MS), Ok(()), "{what}");
        let Ok(p) = plan(&phone.s, &file) else { continue };
        let mut after = super::first_day_tests::Phone::blank(63);
        after.s = p.merged;
        let password = crate::core::demo::demo_password_hash();
        let claim = if phone.s.reset.is_some() {
            Command::ClaimResetAccount { account, code: code.clone(), password }
        } else {
            Command::ClaimRestoredAccount { account, password }
        };
        let (retired_now, waiting) = (after.s.accounts[&account].retired, after.s.awaiting_password());
        if retired_now || waiting.is_none() {
            let claimed = after.try_run(Actor::Anonymous, claim).map(|_| ()).map_err(|e| e.to_string());
            broken.push(format!(
                "{what}: account retired {retired_now}, waiting for its owner {waiting:?}, claiming it: {claimed:?}; preview {:?}",
                p.preview.changed
            ));
        }
    }
    assert!(broken.is_empty(), "a file retired the organisation account this phone waits to claim: {broken:#?}");
}
