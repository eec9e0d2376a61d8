//! Dishonest insiders of one school, each signing with its own real key (a branch secretary, a
//! college 团委, a 团总支 turned bad), against the phones of other parts of the tree.

use super::first_day_tests::{Phone, NOW};
use super::held_many_tests::second_branch;
use super::trust_tests::{forge, school, School};
use super::*;
use crate::core::commands::{Actor, Command};

/// 周一 accepted by branch 1, whose report the college has taken; a second branch registered under
/// the college. The school, 周一's account, branch 2's phone and ID.
fn member_of_branch_one() -> (School, AccountId, (Phone, OrgId)) {
    let mut s = school();
    let (_, _, b1) = s.ids;
    let me = s.me;
    let a1 = s.branch.actor("TZB26070101");
    let reqs: Vec<RequestId> =
        s.branch.s.requests.values().filter(|r| r.applicant == me && r.branch == b1 && r.state.is_pending()).map(|r| r.id).collect();
    s.branch.run(a1, Command::Accept { requests: reqs });
    s.college.take(&s.branch.send(a1, Kind::Report)).unwrap();
    assert_eq!(s.college.s.accounts[&me].member().unwrap().branch, Some(b1));
    let second = second_branch(&mut s);
    (s, me, second)
}

fn account_of(phone: &Phone) -> AccountId {
    phone.s.own_accounts().next().unwrap().id
}

/// A made-up applicant X to `branch` (a copy of `old`'s record under a new account and phone
/// number) and `branch`'s appeal naming `old` as X's older account, decided both 申诉成功 and
/// 申诉失败 by `by`: the body of a dishonest branch's report. IDs from `base` + 1.
pub(super) fn made_up_same_person(old: &Account, branch: OrgId, by: AccountId, base: u64) -> (Account, Appeal, Body) {
    let mut x = old.clone();
    x.id = AccountId(base + 1);
    x.login = format!("139{:08}", base % 100_000_000);
    if let Some(m) = x.member_mut() {
        (m.branch, m.accepted_at, m.cadre, m.membership_at) = (None, None, false, 0);
    }
    let request = Request {
        id: RequestId(base + 2),
        kind: RequestKind::Join,
        applicant: x.id,
        branch,
        created: NOW,
        state: RequestState::Pending,
        others: vec![],
        settled: None,
    };
    let appeal = Appeal {
        id: AppealId(base + 3),
        account: x.id,
        old_account: old.id,
        reason: String::new(),
        photo: None,
        branch: Some(branch),
        created: NOW,
        state: AppealState::Upheld { at: NOW, by },
        others: vec![AppealState::Rejected { at: NOW + 1, by, reason: "核对有误".into() }],
        settled: None,
    };
    let body = Body { accounts: vec![x.clone()], requests: vec![request], appeals: vec![appeal.clone()], ..Body::default() };
    (x, appeal, body)
}

/// README, "Authority, record by record": "a member's account is retired (停用) only by an upheld
/// appeal of the branch that holds that account here".
///
/// Branch 2's secretary turns bad. Its 上报数据 carries a made-up applicant X (周一's profile, a
/// new phone number) and an appeal of branch 2 naming 周一, branch 1's member, as the old account,
/// decided both 申诉成功 and 申诉失败 (a conflict). The college receives the report, and its
/// secretary tries to settle the appeal as 申诉成功. Branch 2 never held 周一, so she stays
/// branch 1's member, not retired, and X gets no membership in branch 1.
#[test]
fn a_branch_s_appeal_naming_another_branch_s_member_does_not_retire_them_when_settled() {
    let (mut s, me, (b2, b2_id)) = member_of_branch_one();
    let (_, _, b1) = s.ids;
    let by = account_of(&b2);
    let (x, appeal, body) = made_up_same_person(&s.college.s.accounts[&me], b2_id, by, 4_100_000);
    let file = forge(&b2.key, Kind::Report, Sender::Org(b2_id), body);
    if let Ok(p) = import::plan(&s.college.s, &file) {
        s.college.s = p.merged;
    }
    // The college settles what it is shown, 申诉成功 as branch 2 decided first.
    let ac = s.college.actor("JSJTW");
    let _ = s.college.try_run(ac, Command::SettleAppeal { appeal: appeal.id, keep: "upheld".into() });
    let held = &s.college.s.accounts[&me];
    assert!(!held.retired, "branch 1's member retired by branch 2's appeal");
    assert_eq!(held.member().unwrap().branch, Some(b1));
    assert_ne!(s.college.s.accounts.get(&x.id).and_then(|a| a.member()).and_then(|m| m.branch), Some(b1));
}

/// README, "Authority, record by record": a member's account retired by an upheld appeal "comes
/// back only when that branch's 申诉失败 on the appeal that retired it stands (a conflict settled)".
///
/// 周一 applies to branch 1 (returned), then to branch 2. Her phone wiped, she registers again (same
/// ID number) and branch 1 taps 同一人: her old account retires, and the college takes that from
/// branch 1's report. Branch 2's secretary, turned bad, reports a made-up appeal of its own naming
/// her old account, 申诉失败, with her old account live again. Branch 2 never decided the appeal
/// that retired it, so at the college her old account stays retired.
#[test]
fn another_branch_s_made_up_rejected_appeal_does_not_bring_back_an_account_retired_by_same_person() {
    let mut s = school();
    let (_, _, b1) = s.ids;
    let me = s.me;
    let (mut b2, b2_id) = second_branch(&mut s);
    // Branch 1 returns 周一's application; she asks branch 2, which reports it to the college.
    let a1 = s.branch.actor("TZB26070101");
    let first = s.branch.s.requests.values().find(|r| r.applicant == me).unwrap().id;
    s.branch.run(a1, Command::Return { request: first, reason: "请补充学号".into() });
    s.member.take(&s.branch.send(a1, Kind::Decisions)).unwrap();
    s.college.take(&s.branch.send(a1, Kind::Report)).unwrap();
    s.member.run(Actor::Anonymous, Command::LearnBranch(b2.s.invite_for(b2_id).unwrap()));
    s.member.run(Actor::Member(me), Command::Apply { branch: b2_id, transfer_from: None });
    b2.take(&s.member.send(Actor::Member(me), Kind::Application)).unwrap();
    let a2 = b2.actor("TZB26070102");
    s.college.take(&b2.send(a2, Kind::Report)).unwrap();
    // Registered again on a new phone, merged by branch 1 (同一人); the college takes its report.
    let mut again = Phone::blank(6);
    let new = super::first_day_tests::freshman(&mut again, s.branch.s.invite_for(b1).unwrap(), "13912340009", "周一", "11010820070301123");
    s.branch.take(&again.send(Actor::Member(new), Kind::Application)).unwrap();
    s.branch.run(a1, Command::MergeReregistered { account: new, old_account: me });
    s.college.take(&s.branch.send(a1, Kind::Report)).unwrap();
    assert!(s.college.s.accounts[&me].retired, "retired by branch 1's 同一人");
    // Branch 2's made-up 申诉失败 on her old account, and that account live again.
    let by = account_of(&b2);
    let appeal = Appeal {
        id: AppealId(4_200_001),
        account: new,
        old_account: me,
        reason: String::new(),
        photo: None,
        branch: Some(b2_id),
        created: NOW,
        state: AppealState::Rejected { at: NOW + 1, by, reason: "不是同一人".into() },
        others: vec![],
        settled: None,
    };
    let mut old = s.college.s.accounts[&me].clone();
    old.retired = false;
    if let Some(m) = old.member_mut() {
        m.membership_at += 1;
    }
    let body = Body { accounts: vec![old], appeals: vec![appeal], ..Body::default() };
    let file = forge(&b2.key, Kind::Report, Sender::Org(b2_id), body);
    if let Ok(p) = import::plan(&s.college.s, &file) {
        s.college.s = p.merged;
    }
    assert!(s.college.s.accounts[&me].retired, "branch 2 brought back the account branch 1 retired");
}

/// README, "The sync file": "every record is checked by the same rules as the forms (a wrong ID
/// check character refuses the whole file)", and "Authority, record by record": "a 毕业年份 is judged
/// by when its record was set, never by the receiver's clock, so a record taken stays valid in every
/// file that passes it on" (`validate::orgs`).
///
/// A new branch's secretary, turned bad, edits the 组织注册信息 before sending it: the branch's
/// record dated as never set (`updated` 0) with a 毕业年份 ten years back, and sends it to the
/// college. A year on, the college's honest 组织目录 and 上报数据 are both read by every phone.
#[test]
fn a_registration_cannot_leave_a_record_that_makes_the_college_s_later_files_refused() {
    let mut s = school();
    let ac = s.college.actor("JSJTW");
    let code = super::first_day_tests::codes(s.college.run(ac, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch }))
        .remove(0);
    let mut bad = Phone::blank(7);
    bad.run(Actor::Anonymous, Command::LearnCode(s.college.code_link(&code)));
    let form = super::first_day_tests::registration(&code, "2026级计算机9班团支部", "26070109", "TZB26070109");
    let crate::core::commands::Outcome::Org(id) = bad.run(Actor::Anonymous, Command::RegisterBranch(form)) else { panic!() };
    let mut file = bad.s.sync_file(bad.actor("TZB26070109"), Kind::Registration, NOW).unwrap();
    let this_year = crate::core::date::Date::from_millis(NOW).year;
    for o in file.body.orgs.iter_mut().filter(|o| o.id == id) {
        o.updated = 0;
        o.branch.as_mut().unwrap().graduation_year = Some(this_year - 10);
    }
    let _ = s.college.take(&bad.key.sign(&file));
    // A year on, the college hands its honest 组织目录 to a phone (and its report to the school).
    let later = NOW + 366 * crate::core::date::DAY_MS;
    let directory = s.college.key.sign(&s.college.s.sync_file(ac, Kind::Directory, later).unwrap());
    assert!(decode(&directory, later).is_ok(), "the college's own 组织目录 is refused: {:?}", decode(&directory, later).err());
    let report = s.college.key.sign(&s.college.s.sync_file(ac, Kind::Report, later).unwrap());
    assert!(decode(&report, later).is_ok(), "the college's own 上报数据 is refused: {:?}", decode(&report, later).err());
}
