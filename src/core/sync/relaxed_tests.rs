//! Hand-made files against the rules that let a file through: a branch taking a member out of
//! another branch it says took them in, who a branch "holds" as read from the file, and what a
//! committee passes on of a link's sketch.

use super::first_day_tests::NOW;
use super::held_many_tests::branch_of;
use super::import::plan;
use super::seal::native::Key;
use super::trust_tests::forge;
use super::*;
use crate::core::commands::Command;
use crate::core::date::DAY_MS;

/// README, "Authority, record by record": "someone whose account is this phone's own ... no
/// decision moves them into a branch they did not ask to join there", and "a branch's decisions or
/// report can move a member into or out of that branch (... a member it took in from another
/// branch it may transfer out again), not between two other branches".
///
/// 周一 is branch 1's member on her own phone and never asked branch 2 for anything. Branch 2's
/// secretary (its real key) sends her a 审核结果 whose record of her has no branch, beside a made-up
/// 申请加入 of hers to branch 2, "accepted" after her membership here (`taken_in` / `left_ours`).
/// Her own phone keeps her in branch 1.
#[test]
fn another_branch_cannot_take_this_phone_s_own_member_out_of_her_branch_with_a_made_up_join() {
    let (mut s, me, a1, (b2, b2_id)) = super::held_many_tests::accepted_beside_a_second_branch();
    let (_, _, b1) = s.ids;
    s.member.take(&s.branch.send(a1, Kind::Decisions)).unwrap();
    // Her phone knows branch 2 from the college's 组织目录, as every member's does.
    let ac = s.college.actor("JSJTW");
    s.member.take(&s.college.send(ac, Kind::Directory)).unwrap();
    assert_eq!(branch_of(&s.member.s, me), Some(b1));
    assert!(s.member.s.orgs.contains_key(&b2_id));
    let held = s.member.s.accounts[&me].member().unwrap().membership_at;
    let by = b2.s.own_accounts().next().unwrap().id;
    let mut record = s.member.s.accounts[&me].clone();
    if let Some(m) = record.member_mut() {
        (m.branch, m.accepted_at, m.cadre, m.membership_at) = (None, None, false, held + 20);
    }
    let join = Request {
        id: RequestId(5_100_001),
        kind: RequestKind::Join,
        applicant: me,
        branch: b2_id,
        created: held + 5,
        state: RequestState::Accepted { at: held + 10, by },
        others: vec![],
        settled: None,
    };
    let body = Body { accounts: vec![record], requests: vec![join], ..Body::default() };
    let file = forge(&b2.key, Kind::Decisions, Sender::Org(b2_id), body);
    if let Ok(p) = plan(&s.member.s, &file) {
        s.member.s = p.merged;
    }
    assert_eq!(branch_of(&s.member.s, me), Some(b1), "branch 2 took her out of branch 1 on her own phone");
}

/// README, trust model: "a committee's directory vouches only for the organisations right under
/// it (which register with it ...), never ... for one it knows only from a link (its reports and
/// 组织目录 pass on no organisation known only from a link, and an invite for a branch under the
/// committee, opened on its own phone, is refused ...)".
///
/// An attacker posts an "invite" of a made-up branch under the college, with their own key; the
/// college's secretary taps it. The attacker then sends a 上报数据 signed with that key as the
/// branch, carrying its own record dated (`created` not 0), as a registered branch's record is.
/// The college's next 组织目录 neither lists the unregistered branch nor vouches for the attacker's
/// key.
#[test]
fn a_link_s_branch_s_own_file_does_not_make_the_committee_vouch_for_it() {
    let (mut college, fake, _) = super::met_little_tests::college_tapping_an_invite_under_itself(23);
    let evil = Key::from_seed(23_001);
    if let Some(mut own) = college.s.orgs.get(&fake).cloned() {
        (own.created, own.updated) = (NOW, NOW);
        own.name = "2026级计算机9班团支部".into();
        let file = forge(&evil, Kind::Report, Sender::Org(fake), Body { orgs: vec![own], ..Body::default() });
        match plan(&college.s, &file) {
            Ok(p) => college.s = p.merged,
            Err(e) => eprintln!("refused: {e:?}"),
        }
    }
    let dir = college.s.sync_file(college.actor("JSJTW"), Kind::Directory, NOW + DAY_MS).unwrap();
    super::met_little_tests::passes_on_nothing_of(&dir, fake);
}

/// README, "Authority, record by record": "a member's account is retired (停用) only by an upheld
/// appeal of the branch that holds that account here ... (a branch's appeal naming an account it
/// does not hold is left out)".
///
/// Branch 2's secretary (its real key) reports, before branch 1's report reaches the college, a
/// made-up applicant X and an appeal of branch 2 naming 周一 (branch 1's, not yet on the college's
/// phone) as the old account, decided both 申诉成功 and 申诉失败. Branch 1's report then brings
/// 周一, and the college's secretary tries to settle the appeal as 申诉成功. Branch 2 never held
/// her, so she stays branch 1's member, not retired, and X gets no membership in branch 1.
#[test]
fn a_branch_s_appeal_on_an_account_not_yet_here_does_not_retire_it_once_its_branch_reports() {
    let (mut s, me, a1, (b2, b2_id)) = super::held_many_tests::accepted_beside_a_second_branch();
    let (_, _, b1) = s.ids;
    assert!(!s.college.s.accounts.contains_key(&me));
    let by = b2.s.own_accounts().next().unwrap().id;
    let (x, appeal, body) = super::insider_tests::made_up_same_person(&s.branch.s.accounts[&me], b2_id, by, 5_200_000);
    let file = forge(&b2.key, Kind::Report, Sender::Org(b2_id), body);
    if let Ok(p) = plan(&s.college.s, &file) {
        s.college.s = p.merged;
    }
    // Branch 1's honest report arrives; the college settles what it is shown, 申诉成功.
    s.college.take(&s.branch.send(a1, Kind::Report)).unwrap();
    assert_eq!(branch_of(&s.college.s, me), Some(b1));
    let ac = s.college.actor("JSJTW");
    let _ = s.college.try_run(ac, Command::SettleAppeal { appeal: appeal.id, keep: "upheld".into() });
    let held = &s.college.s.accounts[&me];
    assert!(!held.retired, "branch 1's member retired by branch 2's appeal taken before she was here");
    assert_eq!(held.member().unwrap().branch, Some(b1));
    assert_ne!(branch_of(&s.college.s, x.id), Some(b1), "branch 2's made-up applicant took her membership");
}
