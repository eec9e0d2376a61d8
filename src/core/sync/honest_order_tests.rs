//! Honest people only, real commands on separate phones, and the files they really send: the same
//! files taken in different orders, one by one or pasted together, and twice, leave the
//! receiving phone (a college, the 校团委, a branch, a member) with the same membership, request
//! states and counts, with nothing honest refused or lost.

use super::first_day_tests::{Phone, NOW};
use super::held_many_tests::{branch_of, pending_of, second_branch};
use super::import::{plan, plan_all};
use super::trust_tests::school;
use super::*;
use crate::core::commands::{Actor, Command};
use crate::core::date::DAY_MS;

const LATER: Millis = NOW + DAY_MS;

/// `files` taken one after the other on `state` (a refused one skipped, as a person would).
fn one_by_one(state: &State, files: &[&SyncFile]) -> State {
    let mut st = state.clone();
    for f in files {
        if let Ok(p) = plan(&st, f) {
            st = p.merged;
        }
    }
    st
}

/// `files` pasted together on `state`.
fn pasted(state: &State, files: &[&SyncFile]) -> State {
    let files: Vec<SyncFile> = files.iter().map(|f| (*f).clone()).collect();
    plan_all(state, &files, LATER).0.map_or_else(|| state.clone(), |p| p.merged)
}

/// Moves `phone`'s clock `n` steps on (each refused command is a step), so that what it does next is
/// dated after what the other phones did so far, as the case needs.
fn later(phone: &mut Phone, n: usize) {
    for _ in 0..n {
        let _ = phone.try_run(Actor::Anonymous, Command::Accept { requests: vec![] });
    }
}

fn read(text: &str) -> SyncFile {
    decode(text, LATER).unwrap()
}

/// README: "Merging never loses data ... fields one person edits (profile, membership, graduation
/// year) carry a stamp and the later wins". 周一 is accepted by branch 1, transfers to branch 2
/// (申请转入, accepted), then transfers back to branch 1 (申请转入 again, accepted by branch 1),
/// whose phone still holds her as its member from the first acceptance. Branch 1's second 接收 is the
/// later change of her membership: her phone, and the college taking both branches' reports one by one
/// in either order or pasted together, hold her in branch 1.
#[test]
fn a_member_who_transfers_back_to_her_first_branch_is_in_it_again() {
    let mut s = school();
    let (_, _, b1) = s.ids;
    let me = s.me;
    let (mut b2, b2_id) = second_branch(&mut s);
    let (a1, a2) = (s.branch.actor("TZB26070101"), b2.actor("TZB26070102"));
    let ac = s.college.actor("JSJTW");
    // Branch 1 accepts her; she hears so.
    let reqs = pending_of(&s.branch, me, b1);
    s.branch.run(a1, Command::Accept { requests: reqs });
    s.member.take(&s.branch.send(a1, Kind::Decisions)).unwrap();
    // She asks branch 2 to take her in (申请转入); it does.
    b2.take(&s.college.send(ac, Kind::Directory)).unwrap();
    s.member.run(Actor::Anonymous, Command::LearnBranch(b2.s.invite_for(b2_id).unwrap()));
    s.member.run(Actor::Member(me), Command::Apply { branch: b2_id, transfer_from: None });
    b2.take(&s.member.send(Actor::Member(me), Kind::Application)).unwrap();
    let reqs = pending_of(&b2, me, b2_id);
    b2.run(a2, Command::Accept { requests: reqs });
    s.member.take(&b2.send(a2, Kind::Decisions)).unwrap();
    assert_eq!(branch_of(&s.member.s, me), Some(b2_id));
    // A term later she asks branch 1 to take her back (申请转入 from branch 2); it does.
    later(&mut s.branch, 3000);
    later(&mut s.member, 3000);
    s.member.run(Actor::Member(me), Command::Apply { branch: b1, transfer_from: None });
    s.branch.take(&s.member.send(Actor::Member(me), Kind::Application)).unwrap();
    let reqs = pending_of(&s.branch, me, b1);
    assert_eq!(reqs.len(), 1);
    s.branch.run(a1, Command::Accept { requests: reqs });
    let d1 = s.branch.send(a1, Kind::Decisions);
    let _ = s.member.take(&d1);
    let (r1, r2) = (read(&s.branch.send(a1, Kind::Report)), read(&b2.send(a2, Kind::Report)));
    let college = &s.college.s;
    assert_eq!(
        (
            branch_of(&s.member.s, me),
            branch_of(&one_by_one(college, &[&r1, &r2]), me),
            branch_of(&one_by_one(college, &[&r2, &r1]), me),
            branch_of(&pasted(college, &[&r2, &r1]), me),
        ),
        (Some(b1), Some(b1), Some(b1), Some(b1)),
        "(her own phone, the college one by one both ways, pasted): branch 1 took her back last"
    );
}

/// README: "Files pasted or picked together are taken in any order: one refused for want of another
/// of the batch (a branch's 上报数据 before its 组织注册信息, a new phone's 审核结果 before the 组织目录
/// that vouches for its key) is planned again once that one is taken", and, for 交给新手机, "The
/// committee's next 组织目录 vouches for it to the members." The branch's phone is wiped; the college
/// hands the branch to a new phone, which proves itself and accepts 周一 again. The new secretary
/// sends the class one message: the college's 组织目录 and the new 审核结果. Pasted in either order,
/// both are taken, nothing is refused, and 周一 is branch 1's member.
#[test]
fn a_new_phones_decisions_pasted_with_the_directory_that_vouches_for_it_are_taken_in_either_order() {
    let mut s = school();
    let (_, _, b1) = s.ids;
    let me = s.me;
    let ac = s.college.actor("JSJTW");
    // The old phone had told her nothing; it is wiped. The college hands the branch over.
    let crate::core::commands::Outcome::ResetCode(code) = s.college.run(ac, Command::IssueOrgReset { org: b1 }) else { panic!() };
    let mut new = Phone::blank(30);
    new.take(&s.college.key.sign(&s.college.s.recovery_file(ac, b1, NOW).unwrap())).unwrap();
    let account = new.s.awaiting_password().unwrap();
    new.run(Actor::Anonymous, Command::ClaimResetAccount { account, code, password: crate::core::demo::demo_password_hash() });
    let a1 = new.actor("TZB26070101");
    s.college.take(&new.send(a1, Kind::Registration)).unwrap();
    // Her application again; the new phone accepts her.
    new.take(&s.member.send(Actor::Member(me), Kind::Application)).unwrap();
    let reqs = pending_of(&new, me, b1);
    new.run(a1, Command::Accept { requests: reqs });
    let decisions = read(&new.send(a1, Kind::Decisions));
    let directory = read(&s.college.send(ac, Kind::Directory));
    let phone = &s.member.s;
    let taken = |files: &[&SyncFile]| {
        let files: Vec<SyncFile> = files.iter().map(|f| (*f).clone()).collect();
        let (p, outcomes) = plan_all(phone, &files, LATER);
        let refused: Vec<String> = outcomes.iter().filter_map(|o| o.refused.as_ref().map(|e| format!("{}: {e}", o.label))).collect();
        (p.and_then(|p| branch_of(&p.merged, me)), refused)
    };
    assert_eq!(
        (taken(&[&directory, &decisions]), taken(&[&decisions, &directory])),
        ((Some(b1), vec![]), (Some(b1), vec![])),
        "(directory first, decisions first) pasted together"
    );
}

/// README: "two different decisions on one request ... are both kept and shown as 需要确认 to the
/// secretary ..., who chooses which stands, and the membership follows the choice", and "Merging
/// never loses data". 周一 taps 撤回 on her request (to fix her details) and 重新申请 to the same
/// branch; the secretary, who had accepted the first request before hearing of it, takes her
/// application, accepts the second request and keeps her 撤回 on the first (which she did). Her
/// second request stands accepted, so on the branch, on her phone and at the college she is the
/// branch's member, counted once in the college's figures.
#[test]
fn settling_a_withdrawn_request_keeps_a_member_whose_second_request_was_accepted() {
    let mut s = school();
    let (_, college_id, b1) = s.ids;
    let me = s.me;
    let a1 = s.branch.actor("TZB26070101");
    let first = pending_of(&s.branch, me, b1);
    s.branch.run(a1, Command::Accept { requests: first.clone() });
    // Not knowing, she withdraws it and applies again to the same branch.
    s.member.run(Actor::Member(me), Command::Withdraw { request: first[0], reason: "修改个人信息后重新申请".into() });
    s.member.run(Actor::Member(me), Command::Apply { branch: b1, transfer_from: None });
    later(&mut s.branch, 2000);
    s.branch.take(&s.member.send(Actor::Member(me), Kind::Application)).unwrap();
    let second = pending_of(&s.branch, me, b1);
    assert_eq!(second.len(), 1);
    s.branch.run(a1, Command::Accept { requests: second.clone() });
    assert_eq!(s.branch.s.request_conflicts(b1).len(), 1, "需要确认 on the first request");
    s.branch.run(a1, Command::SettleRequest { request: first[0], keep: "withdrawn".into() });
    assert!(s.branch.s.requests[&second[0]].state.is_accepted());
    let _ = s.member.take(&s.branch.send(a1, Kind::Decisions));
    s.college.take(&s.branch.send(a1, Kind::Report)).unwrap();
    let counted = s.college.s.branch_stats(college_id, LATER).iter().map(|r| r.members).sum::<usize>();
    assert_eq!(
        (branch_of(&s.branch.s, me), branch_of(&s.member.s, me), branch_of(&s.college.s, me), counted),
        (Some(b1), Some(b1), Some(b1), 1),
        "(the branch, her phone, the college, the college's count): her second request stands accepted"
    );
}

/// README: "Files pasted or picked together are taken in any order: one refused for want of another
/// of the batch (a branch's 上报数据 before its 组织注册信息, ...) is planned again once that one is
/// taken", and "the order and repetition of imports do not matter". A new branch registers from the
/// college's code, invites its class and accepts 吴二 before its secretary has sent the 组织注册信息;
/// she then sends the college one message with both files. Pasted in either order, the college takes
/// both, refuses nothing and counts 吴二 as the branch's one member.
#[test]
fn a_new_branchs_registration_and_first_report_pasted_together_are_taken_in_either_order() {
    use super::first_day_tests::{codes, freshman, registration};
    let mut s = school();
    let (_, college_id, _) = s.ids;
    let ac = s.college.actor("JSJTW");
    let code = codes(s.college.run(ac, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch })).remove(0);
    let mut b2 = Phone::blank(5);
    b2.run(Actor::Anonymous, Command::LearnCode(s.college.code_link(&code)));
    let crate::core::commands::Outcome::Org(b2_id) =
        b2.run(Actor::Anonymous, Command::RegisterBranch(registration(&code, "2026级计算机2班团支部", "26070102", "TZB26070102")))
    else {
        panic!()
    };
    let a2 = b2.actor("TZB26070102");
    let mut wu = Phone::blank(6);
    let her = freshman(&mut wu, b2.s.invite_for(b2_id).unwrap(), "13912340002", "吴二", "11010820070402234");
    b2.take(&wu.send(Actor::Member(her), Kind::Application)).unwrap();
    let reqs = pending_of(&b2, her, b2_id);
    b2.run(a2, Command::Accept { requests: reqs });
    let (reg, report) = (read(&b2.send(a2, Kind::Registration)), read(&b2.send(a2, Kind::Report)));
    let college = &s.college.s;
    let outcome = |files: &[&SyncFile]| {
        let files: Vec<SyncFile> = files.iter().map(|f| (*f).clone()).collect();
        let (p, outcomes) = plan_all(college, &files, LATER);
        let refused: Vec<String> = outcomes.iter().filter_map(|o| o.refused.as_ref().map(|e| format!("{}: {e}", o.label))).collect();
        let members = p.map_or(0, |p| p.merged.branch_stats(college_id, LATER).iter().map(|r| r.members).sum::<usize>());
        (members, refused)
    };
    assert_eq!(
        (outcome(&[&reg, &report]), outcome(&[&report, &reg])),
        ((1, vec![]), (1, vec![])),
        "(registration first, report first) pasted together"
    );
}

/// README: "Merging never loses data ... so the order and repetition of imports do not matter", and
/// for a wiped phone: "the secretary sees the same person twice and taps 同一人：转到新账号 ...: the
/// older record moves to the new account, the old one retires". 周一 is accepted by branch 1 and
/// reported; her phone is wiped, she registers again and applies; the secretary merges the two
/// accounts (同一人) and reports again. Whether the college takes the two reports in the order made,
/// the newer one first, the newer one alone, or pasted newer first, it holds the same members, the
/// same figures and the same record of her old account: her new account alone is the branch's member.
#[test]
fn a_same_person_merge_reported_before_the_older_report_leaves_one_member_at_the_college() {
    use super::first_day_tests::freshman;
    let mut s = school();
    let (_, college_id, b1) = s.ids;
    let old = s.me;
    let a1 = s.branch.actor("TZB26070101");
    let reqs = pending_of(&s.branch, old, b1);
    s.branch.run(a1, Command::Accept { requests: reqs });
    let r1 = read(&s.branch.send(a1, Kind::Report));
    // Her phone is wiped; the same person registers again on a new phone and applies by the invite.
    let mut again = Phone::blank(7);
    let new = freshman(&mut again, s.branch.s.invite_for(b1).unwrap(), "13912340001", "周一", "11010820070301123");
    s.branch.take(&again.send(Actor::Member(new), Kind::Application)).unwrap();
    s.branch.run(a1, Command::MergeReregistered { account: new, old_account: old });
    let r1m = read(&s.branch.send(a1, Kind::Report));
    let college = &s.college.s;
    let seen = |st: &State| {
        let live: Vec<AccountId> = st.members_of(b1).map(|a| a.id).collect();
        let rows = st.branch_stats(college_id, LATER);
        (live, rows.iter().map(|r| (r.members, r.accepted_this_term, r.pending)).collect::<Vec<_>>(), st.accounts.contains_key(&old))
    };
    let expected = seen(&one_by_one(college, &[&r1, &r1m]));
    assert_eq!(expected.0, vec![new], "in the order made: the new account alone");
    assert_eq!(
        [seen(&one_by_one(college, &[&r1m, &r1])), seen(&one_by_one(college, &[&r1m])), seen(&pasted(college, &[&r1m, &r1]))],
        [expected.clone(), expected.clone(), expected],
        "(newer report first, newer report alone, pasted newer first) against the order made"
    );
}
