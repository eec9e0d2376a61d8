//! Files and phones holding many of one thing (requests, holders of one ID number, keys, repeated
//! registrations): planned, previewed and shown in time that grows with what is read, and judged
//! as one of them is.

use super::first_day_tests::NOW;
use super::import::plan;
use super::seal::native::Key;
use super::size_tests::member_account;
use super::trust_tests::{forge, school};
use super::*;
use std::time::{Duration, Instant};

/// `n` accounts of no branch added to `state`, from `first` on.
fn crowd(state: &mut State, first: u64, n: u64) {
    for i in 0..n {
        let mut a = member_account(first + i, None);
        a.retired = false;
        state.accounts.insert(a.id, a);
    }
}

/// A member's application (signed by the member's own key) asking `n` branches this phone does
/// not know to take them: pending requests that never match this phone's organisations.
fn many_asks(n: u64) -> SyncFile {
    let me = AccountId(6_000_001);
    let mut account = member_account(me.0, None);
    account.retired = false;
    let requests = (0..n)
        .map(|i| Request {
            id: RequestId(6_100_000 + i),
            kind: RequestKind::Join,
            applicant: me,
            branch: OrgId(6_200_000 + i),
            created: NOW,
            state: RequestState::Pending,
            others: vec![],
            settled: None,
        })
        .collect();
    let body = Body { accounts: vec![account], requests, ..Body::default() };
    forge(&Key::from_seed(6_000_001), Kind::Application, Sender::Member(me), body)
}

/// README, "Size and speed": a file within the limit is planned within 1 s. The warning that an
/// application is for another branch asks, for each pending request of the file, whether its branch
/// is one of this phone's own: reading this phone's accounts once per request, an application of
/// 20,000 requests on a branch's phone holding 30,000 accounts made 6 × 10⁸ checks (3.4 s
/// natively). Read once, planning it takes about 0.1 s natively; 1 s is some 10 times that.
#[test]
fn an_application_of_many_requests_is_planned_without_reading_the_phone_once_per_request() {
    let s = school();
    let mut phone = s.branch.s.clone();
    crowd(&mut phone, 8_000_000, 30_000);
    let file = many_asks(20_000);
    let t = Instant::now();
    let p = plan(&phone, &file);
    let took = t.elapsed();
    assert!(p.is_ok_and(|p| p.preview.signatures.iter().any(|l| l.contains("不是这个团支部"))));
    assert!(took < Duration::from_secs(1), "planned in {took:?}");
}

/// A pending join to `branch` by `applicant`.
fn join(id: u64, applicant: AccountId, branch: OrgId) -> Request {
    Request {
        id: RequestId(id),
        kind: RequestKind::Join,
        applicant,
        branch,
        created: NOW,
        state: RequestState::Pending,
        others: vec![],
        settled: None,
    }
}

/// README, "Size and speed" (the worst shapes: one ID number on every member): the branch's
/// 待审核 queue names, beside each of the 50 rows shown, the older account holding the applicant's
/// ID number that the branch may merge (同一人). Judging each holder read every request of the
/// phone to see whether it applied to the branch: with one ID number on 5,000 older applicants to
/// another branch, a queue of 50 rows made 50 × 5,000 × 5,050 checks (seconds, the page frozen
/// at each redraw). Who applied to the branch is read once per row (at most once per row: a
/// linear version builds the 50 rows in about 50 ms natively), so 1 s is some 20 times that.
#[test]
fn the_queue_names_the_older_holder_of_an_id_number_without_reading_every_request_per_holder() {
    let s = school();
    let (_, _, branch) = s.ids;
    let mut phone = s.branch.s.clone();
    let mut template = phone.accounts[&s.me].clone();
    if let Some(m) = template.member_mut() {
        m.branch = None;
    }
    let elsewhere = OrgId(6_300_001);
    // 5,000 older accounts with the applicant's ID number, applying to another branch.
    for i in 0..5_000u64 {
        let mut a = template.clone();
        (a.id, a.login, a.created) = (AccountId(7_000_000 + i), format!("137{:08}", i), NOW - 1_000);
        phone.requests.insert(RequestId(7_500_000 + i), join(7_500_000 + i, a.id, elsewhere));
        phone.accounts.insert(a.id, a);
    }
    // 50 more applying to this branch: the rows shown.
    for i in 0..50u64 {
        let mut a = template.clone();
        (a.id, a.login) = (AccountId(7_900_000 + i), format!("136{:08}", i));
        phone.requests.insert(RequestId(7_950_000 + i), join(7_950_000 + i, a.id, branch));
        phone.accounts.insert(a.id, a);
    }
    let t = Instant::now();
    let rows = phone.queue(branch, crate::core::lists::QueueKind::Join, 50, NOW);
    let took = t.elapsed();
    assert_eq!(rows.len(), 50);
    // Each row's older holder is one this branch holds (an applicant to it), never one of the 5,000.
    for r in &rows {
        let older = r.same_person.expect("an older holder the branch holds");
        assert!(phone.requests.values().any(|q| q.applicant == older && q.branch == branch), "{r:?}");
        assert_eq!(phone.older_holder(r.applicant, branch), r.same_person);
    }
    assert!(took < Duration::from_secs(1), "50 rows in {took:?}");
}

/// A college's report (signed by the key the 校团委 keeps for it) bringing `n` new branches under
/// it, all of one name, and a key for each: the keys the 校团委 learns from it.
fn many_keys(s: &super::trust_tests::School, n: u64) -> SyncFile {
    let (_, college, _) = s.ids;
    let orgs = (0..n)
        .map(|i| Org {
            id: OrgId(6_400_000 + i),
            name: "2026级同名班团支部".into(),
            kind: OrgKind::Branch,
            parent: Some(college),
            branch: Some(BranchInfo::sketch()),
            created: NOW,
            updated: NOW,
        })
        .collect();
    let keys = (0..n)
        .map(|i| {
            let mut bytes = [7u8; PublicKey::LEN];
            bytes[0] = 4;
            bytes[1..9].copy_from_slice(&i.to_le_bytes());
            Vouch { org: OrgId(6_400_000 + i), key: PublicKey::from_bytes(&bytes).unwrap() }
        })
        .collect();
    let body = Body { orgs, keys, ..Body::default() };
    let file = SyncFile {
        kind: Kind::Report,
        from: Sender::Org(college),
        from_name: String::new(),
        app: String::new(),
        written: NOW,
        body,
        signed: None,
    };
    // Over 5 MB as JSON: sent compressed (well under 5 MB so), as a phone offers it.
    let text = s.college.key.sign(&file);
    assert!(miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 6).len() <= MAX_FILE_BYTES && text.len() <= MAX_INFLATED_BYTES);
    decode_any(&text, NOW + crate::core::date::DAY_MS, true).unwrap()
}

/// README, "Size and speed": a file within the limit is planned within 1 s. A batch gathers the
/// preview's key lines of its files once each, checking each new line against those gathered:
/// against a list, one report telling the keys of 60,000 branches (11 MB of JSON, under 1 MB
/// compressed) made 1.8 × 10⁹ comparisons of lines that differ only in their fingerprints (about
/// 6 s natively). Gathered in a set, planning it as a batch takes about as long as planning it
/// alone (about 0.4 s natively); 3 s is some 8 times that.
#[test]
fn a_report_telling_many_keys_is_planned_as_a_batch_in_linear_time() {
    let s = school();
    let file = many_keys(&s, 60_000);
    let t = Instant::now();
    let (p, outcomes) = super::import::plan_all(&s.school.s, std::slice::from_ref(&file), NOW + crate::core::date::DAY_MS);
    let took = t.elapsed();
    assert_eq!(outcomes[0].refused, None);
    let p = p.unwrap();
    assert_eq!(p.merged.keys.len(), s.school.s.keys.len() + 60_000);
    assert!(took < Duration::from_secs(3), "planned in {took:?}");
}
/// A branch under `parent` named `name`, registered at `created`.
fn branch_named(id: u64, name: &str, parent: OrgId, created: i64) -> Org {
    Org {
        id: OrgId(id),
        name: name.into(),
        kind: OrgKind::Branch,
        parent: Some(parent),
        branch: Some(BranchInfo::sketch()),
        created: NOW - 10_000 + created,
        updated: NOW,
    }
}

/// README (重复注册): a committee settles the repeated registrations under it. At most
/// `CLASHES_LISTED` are listed at once, so that a phone holding thousands of branches of one
/// name pairs a few of them, not every pair; but that cap was taken over the whole phone before a
/// committee's own were picked out: on a college's phone that knows the school's other colleges
/// (from the 校团委's 组织目录), another college's 40 branches of one name (780 pairs) hid this
/// college's one repeat from its list, and 作废 refused it as no repeat.
/// And with 20,000 branches of one name elsewhere, the list is still made within 1 s (a linear
/// version takes about 30 ms natively).
#[test]
fn a_committee_s_repeated_registrations_are_listed_whatever_repeats_elsewhere() {
    let s = school();
    let (school_id, college, _) = s.ids;
    let mut phone = s.college.s.clone();
    let other = super::trust_tests::committee(6_500_000, "外语学院团委", Some(school_id));
    phone.orgs.insert(other.id, other.clone());
    for n in [40u64, 20_000] {
        for i in 0..n {
            let b = branch_named(6_600_000 + i, "2025级同名班团支部", other.id, i as i64);
            phone.orgs.insert(b.id, b);
        }
        let (older, newer) =
            (branch_named(6_900_001, "2026级甲班团支部", college, 1), branch_named(6_900_002, "2026级甲班团支部", college, 2));
        phone.orgs.insert(older.id, older);
        phone.orgs.insert(newer.id, newer);
        let t = Instant::now();
        let listed = phone.branch_clashes(college);
        let took = t.elapsed();
        assert_eq!(
            listed.iter().map(|c| (c.newer, c.older)).collect::<Vec<_>>(),
            vec![(OrgId(6_900_002), OrgId(6_900_001))],
            "{n} repeats under another college"
        );
        assert!(took < Duration::from_secs(1), "listed in {took:?}");
        let mut voided = phone.clone();
        let account = voided.accounts.values().find(|a| a.role == AccountRole::Committee { org: college }).unwrap().id;
        let void = crate::core::commands::Command::VoidRegistration { branch: OrgId(6_900_002) };
        super::tests::run(&mut voided, Actor::Committee { account, org: college }, void, 1);
        assert!(voided.orgs[&OrgId(6_900_002)].is_archived());
    }
}
