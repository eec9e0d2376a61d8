//! Hand-made and honest files against committees and branches that hold many people
//! (the 校团委, a college holding several branches' reports, a 团总支 between, a secretary's phone).

use super::first_day_tests::{registered, Phone, NOW};
use super::import::{plan, plan_all};
use super::trust_tests::{forge, school, School};
use super::*;
use crate::core::commands::{Actor, Command};
use crate::core::date::DAY_MS;

/// A second branch under the college of `s`, registered from its code on its own phone (seed 5).
pub(super) fn second_branch(s: &mut School) -> (Phone, OrgId) {
    let (b2, id, _) = registered(&mut s.college, "JSJTW", OrgKind::Branch, 5, ("2026级计算机2班团支部", "26070102", "TZB26070102"));
    (b2, id)
}

pub(super) fn pending_of(p: &Phone, who: AccountId, branch: OrgId) -> Vec<RequestId> {
    p.s.requests.values().filter(|r| r.applicant == who && r.branch == branch && r.state.is_pending()).map(|r| r.id).collect()
}

/// The branch of `who` as `state` holds it.
pub(super) fn branch_of(state: &State, who: AccountId) -> Option<OrgId> {
    state.accounts.get(&who).and_then(|a| a.member()).and_then(|m| m.branch)
}

/// 周一 accepted by branch 1 (on its phone alone: nobody has its 审核结果 or 上报数据 yet), and a
/// second branch registered under the college: the school, her account, branch 1's secretary.
/// She (`me`, branch 1's member) asks branch 2 to take her in, and it does: the college's 组织目录
/// introduces branch 1 to branch 2, and branch 1's 审核结果 (`d1`), forwarded by her, tells it that
/// her join there was accepted (see
/// `a_member_who_transferred_in_can_be_transferred_out_by_the_branch_that_took_her`). Branch 2's
/// secretary.
pub(super) fn taken_in_by_second_branch(s: &mut School, me: AccountId, (b2, b2_id): (&mut Phone, OrgId), d1: &str) -> Actor {
    s.member.run(Actor::Anonymous, Command::LearnBranch(b2.s.invite_for(b2_id).unwrap()));
    s.member.run(Actor::Member(me), Command::Apply { branch: b2_id, transfer_from: None });
    b2.take(&s.member.send(Actor::Member(me), Kind::Application)).unwrap();
    let ac = s.college.actor("JSJTW");
    b2.take(&s.college.send(ac, Kind::Directory)).unwrap();
    b2.take(d1).unwrap();
    let a2 = b2.actor("TZB26070102");
    let reqs = pending_of(b2, me, b2_id);
    b2.run(a2, Command::Accept { requests: reqs });
    a2
}

pub(super) fn accepted_beside_a_second_branch() -> (School, AccountId, Actor, (Phone, OrgId)) {
    let mut s = school();
    let (_, _, b1) = s.ids;
    let me = s.member.s.accounts.keys().next().copied().unwrap();
    let second = second_branch(&mut s);
    let a1 = s.branch.actor("TZB26070101");
    let reqs = pending_of(&s.branch, me, b1);
    s.branch.run(a1, Command::Accept { requests: reqs });
    (s, me, a1, second)
}

/// README: "each record type merges as a join (commutative, associative, idempotent), so the order
/// and repetition of imports do not matter", and a branch's decisions or report can move "a member it
/// took in from another branch it may transfer out again". Honest files only: 周一 joins branch 1,
/// transfers to branch 2, which then confirms her 毕业转出. The college receives branch 1's report
/// and branch 2's newer one. Whether it takes them one by one in either order or pasted together in
/// either order, she ends transferred out, in no branch.
#[test]
fn two_honest_reports_give_the_college_the_same_membership_in_either_order() {
    // Branch 1 accepts her; its report reaches nobody yet.
    let (mut s, me, a1, (mut b2, b2_id)) = accepted_beside_a_second_branch();
    let d1 = s.branch.send(a1, Kind::Decisions);
    s.member.take(&d1).unwrap();
    let r1 = s.branch.send(a1, Kind::Report);
    // She asks branch 2 to take her in; it does, and later confirms her 毕业转出.
    let a2 = taken_in_by_second_branch(&mut s, me, (&mut b2, b2_id), &d1);
    assert_eq!(branch_of(&b2.s, me), Some(b2_id));
    b2.run(a2, Command::SetGraduationYear { branch: b2_id, year: 2026 });
    b2.run(
        a2,
        Command::TransferOut {
            members: vec![me],
            destination: crate::core::model::Destination::FurtherStudy,
            target: "示范大学研究生院".into(),
        },
    );
    let reqs = pending_of(&b2, me, b2_id);
    b2.run(a2, Command::Accept { requests: reqs });
    assert_eq!(branch_of(&b2.s, me), None, "transferred out on branch 2's phone");
    let r2 = b2.send(a2, Kind::Report);
    let (r1, r2) = (decode(&r1, NOW + DAY_MS).unwrap(), decode(&r2, NOW + DAY_MS).unwrap());
    let college = &s.college.s;
    let one_by_one = |files: [&SyncFile; 2]| {
        let mut st = college.clone();
        for f in files {
            if let Ok(p) = plan(&st, f) {
                st = p.merged;
            }
        }
        st
    };
    let (first_2, first_1) = (one_by_one([&r2, &r1]), one_by_one([&r1, &r2]));
    assert_eq!(branch_of(&first_2, me), None, "branch 2's report first: transferred out");
    let pasted = |files: Vec<SyncFile>| plan_all(college, &files, NOW + DAY_MS).0.unwrap().merged;
    assert_eq!(
        (branch_of(&first_1, me), branch_of(&pasted(vec![r1.clone(), r2.clone()]), me), branch_of(&pasted(vec![r2, r1]), me)),
        (None, None, None),
        "the college's count of branch 1 depends on the order the two reports were taken in"
    );
}

/// README: an applicant's file never carries a decision ("a request it says was decided comes in
/// 待审核 only to the phone of the branch it was made to, whose new phone never saw it; to any other
/// phone, not at all"), and a branch may transfer out again "a member it took in from another
/// branch". Honest files only: 周一, accepted by branch 1, asks branch 2 to take her in, and branch 2
/// accepts her. Her applications carry her accepted join to branch 1; branch 2 holds no pending
/// request of hers for branch 1, and its 毕业生转出 of her is taken.
#[test]
fn a_member_who_transferred_in_can_be_transferred_out_by_the_branch_that_took_her() {
    let (mut s, me, a1, (mut b2, b2_id)) = accepted_beside_a_second_branch();
    let (_, _, b1) = s.ids;
    s.member.take(&s.branch.send(a1, Kind::Decisions)).unwrap();
    // Branch 2 knows branch 1 from the college's 组织目录, as every branch does.
    let ac = s.college.actor("JSJTW");
    b2.take(&s.college.send(ac, Kind::Directory)).unwrap();
    s.member.run(Actor::Anonymous, Command::LearnBranch(b2.s.invite_for(b2_id).unwrap()));
    s.member.run(Actor::Member(me), Command::Apply { branch: b2_id, transfer_from: None });
    b2.take(&s.member.send(Actor::Member(me), Kind::Application)).unwrap();
    let a2 = b2.actor("TZB26070102");
    let reqs = pending_of(&b2, me, b2_id);
    b2.run(a2, Command::Accept { requests: reqs });
    s.member.take(&b2.send(a2, Kind::Decisions)).unwrap();
    assert_eq!(branch_of(&s.member.s, me), Some(b2_id));
    // Her next application (after both decisions) changes nothing of it.
    let _ = b2.take(&s.member.send(Actor::Member(me), Kind::Application));
    let stuck: Vec<&Request> = b2.s.requests.values().filter(|r| r.applicant == me && r.branch == b1 && r.state.is_pending()).collect();
    assert!(stuck.is_empty(), "branch 2 holds branch 1's decided request as pending: {stuck:?}");
    b2.run(a2, Command::SetGraduationYear { branch: b2_id, year: 2026 });
    let out = b2.try_run(
        a2,
        Command::TransferOut {
            members: vec![me],
            destination: crate::core::model::Destination::FurtherStudy,
            target: "示范大学研究生院".into(),
        },
    );
    assert!(out.is_ok(), "毕业生转出 of a member who transferred in: {:?}", out.err().map(|e| e.to_string()));
}

/// A college phone holding `n` applicants to `branch` (a large school's worth of requests).
fn with_requests(state: &State, branch: OrgId, n: u64) -> State {
    let mut st = state.clone();
    for i in 0..n {
        let id = RequestId(80_000_000 + i);
        st.requests.insert(
            id,
            Request {
                id,
                kind: RequestKind::Join,
                applicant: AccountId(81_000_000 + i),
                branch,
                created: NOW,
                state: RequestState::Pending,
                others: vec![],
                settled: None,
            },
        );
    }
    st
}

/// README, "Size and speed": "importing a 10,000-member file, and each worst shape of a file within
/// the size limit, within 1 s". A real branch turned bad reports 100,000 new applicants of its own
/// (within the size limit once deflated), each retired by an appeal it upheld; every such appeal asks
/// whether the branch holds the applicant. The college receiving it holds 10,000 requests. The app
/// plans the file in time linear in its size, not in its accounts times the phone's requests: under
/// 2 s here, in a debug build.
#[test]
fn a_report_of_retired_applicants_with_upheld_appeals_is_planned_in_linear_time() {
    let s = school();
    let (_, _, b1) = s.ids;
    let college = with_requests(&s.college.s, b1, 10_000);
    let n = 100_000u64;
    let mut body = Body::default();
    for i in 0..n {
        let who = AccountId(90_000_000 + i);
        let a = super::size_tests::member_account(who.0, None);
        body.accounts.push(a);
        body.requests.push(Request {
            id: RequestId(91_000_000 + i),
            kind: RequestKind::Join,
            applicant: who,
            branch: b1,
            created: NOW,
            state: RequestState::Pending,
            others: vec![],
            settled: None,
        });
        body.appeals.push(Appeal {
            id: AppealId(92_000_000 + i),
            account: AccountId(93_000_000 + i),
            old_account: who,
            reason: String::new(),
            photo: None,
            branch: Some(b1),
            created: NOW,
            state: AppealState::Upheld { at: NOW, by: AccountId(1) },
            others: vec![],
            settled: None,
        });
    }
    let file = SyncFile {
        kind: Kind::Report,
        from: Sender::Org(b1),
        from_name: String::new(),
        app: String::new(),
        written: NOW,
        body,
        signed: None,
    };
    let text = s.branch.key.sign(&file);
    let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 6);
    assert!(deflated.len() <= MAX_FILE_BYTES && text.len() <= MAX_INFLATED_BYTES, "{} bytes, {} deflated", text.len(), deflated.len());
    let file = decode_any(&text, NOW + DAY_MS, true).unwrap();
    let t = std::time::Instant::now();
    let _ = plan(&college, &file);
    let took = t.elapsed();
    assert!(took < std::time::Duration::from_secs(2), "planned in {took:?} ({} bytes, {} deflated)", text.len(), deflated.len());
}

/// README: "an organisation already known ... is changed only by itself or a committee above it,
/// never in its kind", and "every record is checked by the same rules as the forms". A real college
/// turned bad sends the 校团委 its own record dressed as a 团支部 (kind 团支部, with a 支部号 and a
/// secretary). The 校团委 keeps the college a 团委 with no branch details, and its next 组织目录 is
/// read by every phone.
#[test]
fn a_college_dressed_as_a_branch_keeps_no_branch_details_at_the_school() {
    let mut s = school();
    let (_, college_id, _) = s.ids;
    let mut me = s.school.s.orgs[&college_id].clone();
    me.kind = OrgKind::Branch;
    me.branch = Some(BranchInfo {
        number: "26079999".into(),
        industry: INDUSTRIES[0].into(),
        graduation_year: None,
        secretary_name: "王书记".into(),
        secretary_phone: "13900001111".into(),
        archived: false,
    });
    me.updated = NOW + 10;
    let file = forge(&s.college.key, Kind::Report, Sender::Org(college_id), Body { orgs: vec![me], ..Body::default() });
    if let Ok(p) = plan(&s.school.s, &file) {
        s.school.s = p.merged;
    }
    let dir = s.school.send(s.school.actor("XTW2026"), Kind::Directory);
    assert!(decode(&dir, NOW + DAY_MS).is_ok(), "the 校团委's 组织目录: {:?}", decode(&dir, NOW + DAY_MS).err());
    let held = &s.school.s.orgs[&college_id];
    assert_eq!((held.kind, held.branch.is_some()), (OrgKind::College, false), "{held:?}");
}

/// README: "a member's own file never changes their membership (only a branch's decision does), nor,
/// once a branch accepted them, what the acceptance locked (姓名, 身份证号, 入团年月, and with a
/// changed 入团年月 the 团员编号 and 学号 written for it)", and "every record is checked by the same
/// rules as the forms (a wrong ID check character refuses the whole file)". 周一, accepted by the
/// branch before she has heard so, corrects her 入团年月 (2021-05 → 2022-05) and her 团员编号 with
/// it (2022…, as the form requires), and sends her application. The branch keeps her 入团年月 and
/// the 团员编号 written for it as it accepted them, so her profile still passes the forms' rules and
/// the branch's 上报数据 is read by its college.
#[test]
fn a_member_s_late_correction_leaves_no_profile_the_college_refuses_in_the_branch_s_report() {
    let mut s = school();
    let (_, _, b1) = s.ids;
    let me = s.member.s.accounts.keys().next().copied().unwrap();
    let a1 = s.branch.actor("TZB26070101");
    let reqs = pending_of(&s.branch, me, b1);
    s.branch.run(a1, Command::Accept { requests: reqs });
    // Her phone has not heard of the acceptance: the form lets her correct both fields.
    let p = s.member.s.accounts[&me].profile().unwrap().clone();
    let draft = crate::core::profile::ProfileDraft {
        join_month: "2022-05".into(),
        member_number: format!("2022{}", &p.member_number.as_str()[4..]),
        ..crate::core::profile::ProfileDraft::from_profile(&p)
    };
    s.member.run(Actor::Member(me), Command::SaveProfile(draft));
    let _ = s.branch.take(&s.member.send(Actor::Member(me), Kind::Application));
    let report = s.branch.send(a1, Kind::Report);
    assert!(decode(&report, NOW + DAY_MS).is_ok(), "the branch's 上报数据 at its college: {:?}", decode(&report, NOW + DAY_MS).err());
}
