//! Honest phones whose files cross on the way to a third phone, and insiders signing with their
//! own genuine keys: what the receiver ends with must not depend on the order the files came in.

use super::first_day_tests::{Phone, NOW};
use super::held_many_tests::{accepted_beside_a_second_branch, branch_of, pending_of, taken_in_by_second_branch};
use super::import::{plan, plan_all};
use super::*;
use crate::core::commands::{Actor, Command};
use crate::core::date::DAY_MS;

/// Lets `ms` milliseconds pass on `phone`'s clock (each command it is asked, refused or not, is a
/// millisecond on it).
fn wait(phone: &mut Phone, ms: u64) {
    for _ in 0..ms {
        let _ = phone.try_run(Actor::Anonymous, Command::Accept { requests: vec![] });
    }
}

/// `files` taken one by one into `state`, each as 确认导入 does (a refused one changes nothing).
fn one_by_one(state: &State, files: &[&SyncFile]) -> State {
    let mut st = state.clone();
    for f in files {
        if let Ok(p) = plan(&st, f) {
            st = p.merged;
        }
    }
    st
}

/// 周一 accepted by branch 1 (her phone has its 审核结果), then taken in by branch 2; later branch 1,
/// not having heard, makes her its 团干部 (a change of her membership record dated after branch 2
/// took her in), and later still branch 2 confirms her 毕业转出. The school, her account, and the
/// two branches' files written last, read: (branch 1's, branch 2's) of `kind`.
fn crossed_transfer(kind: Kind) -> (super::trust_tests::School, AccountId, [SyncFile; 2]) {
    let (mut s, me, a1, (mut b2, b2_id)) = accepted_beside_a_second_branch();
    let d1 = s.branch.send(a1, Kind::Decisions);
    s.member.take(&d1).unwrap();
    // She asks branch 2 to take her in; it does.
    let a2 = taken_in_by_second_branch(&mut s, me, (&mut b2, b2_id), &d1);
    let taken_in = b2.s.accounts[&me].member().unwrap().membership_at;
    // Later, branch 1 (which has not heard) makes her its 团干部.
    wait(&mut s.branch, 3000);
    s.branch.run(a1, Command::SetCadre { member: me, cadre: true });
    assert!(s.branch.s.accounts[&me].member().unwrap().membership_at > taken_in, "branch 1's change is the later");
    let f1 = s.branch.send(a1, kind);
    // Later still, branch 2 confirms her 毕业转出.
    wait(&mut b2, 3000);
    b2.run(a2, Command::SetGraduationYear { branch: b2_id, year: 2026 });
    let out = Command::TransferOut {
        members: vec![me],
        destination: crate::core::model::Destination::FurtherStudy,
        target: "示范大学研究生院".into(),
    };
    b2.run(a2, out);
    let reqs = pending_of(&b2, me, b2_id);
    b2.run(a2, Command::Accept { requests: reqs });
    assert_eq!(branch_of(&b2.s, me), None);
    let f2 = b2.send(a2, kind);
    let read = |t: &str| decode(t, NOW + 2 * DAY_MS).unwrap();
    (s, me, [read(&f1), read(&f2)])
}

/// Where `files` leave `who` on `state`: taken one by one in either order, and pasted together in
/// either order.
fn ends(state: &State, who: AccountId, [f1, f2]: &[SyncFile; 2]) -> [Option<OrgId>; 4] {
    let pasted = |files: Vec<SyncFile>| plan_all(state, &files, NOW + 2 * DAY_MS).0.unwrap().merged;
    [
        branch_of(&one_by_one(state, &[f1, f2]), who),
        branch_of(&one_by_one(state, &[f2, f1]), who),
        branch_of(&pasted(vec![f1.clone(), f2.clone()]), who),
        branch_of(&pasted(vec![f2.clone(), f1.clone()]), who),
    ]
}

/// README, "Merging never loses data": each record type merges as a join, "so the order and
/// repetition of imports do not matter"; and a branch may move out again "a member it took in from
/// another branch".
///
/// Honest phones only ([`crossed_transfer`]): branch 1 makes 周一 its 团干部 after branch 2 took her
/// in, and branch 2 then confirms her 毕业转出. The college receives the two branches' reports in
/// either order, or pasted together: she ends in the same place every way (transferred out, in no
/// branch, as her last move was). (A 团干部 set moves nobody: whether branch 2 took her in after
/// she stood in branch 1 is judged by when branch 1 took her in.)
#[test]
fn a_member_transferred_out_by_the_branch_that_took_her_ends_in_one_place_at_the_college_whatever_the_order() {
    let (s, me, reports) = crossed_transfer(Kind::Report);
    assert_eq!(ends(&s.college.s, me, &reports), [None; 4], "1 then 2, 2 then 1, pasted 1+2, pasted 2+1");
}

/// As above, on her own phone: the two branches' 审核结果 (which she forwards to herself from each
/// secretary) in either order, or pasted together, leave her in the same place, in no branch.
#[test]
fn a_member_transferred_out_by_the_branch_that_took_her_ends_in_one_place_on_her_phone_whatever_the_order() {
    let (s, me, decisions) = crossed_transfer(Kind::Decisions);
    assert_eq!(ends(&s.member.s, me, &decisions), [None; 4], "1 then 2, 2 then 1, pasted 1+2, pasted 2+1");
}
