//! Files within the size limit shaped to cost the most: each is split and planned in time that
//! grows with what is read, not with its square or with the phone's data once per file.

use super::first_day_tests::NOW;
use super::import::{plan, plan_all};
use super::seal::native::Key;
use super::trust_tests::{forge, school};
use super::*;
use crate::core::date::DAY_MS;

/// A pasted block or a picked file (at most 5 MB, README: "Files over 5 MB are refused before
/// parsing") is split into its hand-overs by `split_received` before anything else. For every
/// `/import` in the text, `import_payloads` scans the rest of the text up to the next space: a text
/// that is `/import` repeated, without a space, costs the square of its length (a picked 5 MB .txt
/// runs for hours, the page frozen). README: a phone must not hang on a file within the limit.
/// Here 200 KB (a twenty-fifth of the limit) must be split within a second, as a linear scan does in
/// milliseconds.
#[test]
fn a_pasted_text_of_repeated_import_paths_is_split_in_linear_time() {
    for unit in ["/import", "/import?", "#/import?", "/import#", "/import/?a&", "#/import?d=", "/import#d=A"] {
        let text = unit.repeat(200_000 / unit.len());
        let started = std::time::Instant::now();
        let pieces = split_received(&text);
        let took = started.elapsed();
        assert!(pieces.len() <= text.len() / unit.len());
        assert!(
            took < std::time::Duration::from_secs(1),
            "200 KB of `{unit}` took {took:?} to split (a scan to its end for each match took seconds)"
        );
    }
}

/// One pasted block of many hand-overs is planned file by file (`plan_all`), and each file's plan
/// starts from a full copy of the phone's state (`plan` clones it for the demo check before it
/// even looks at the signature), then copies it again for the merge and describes all of it. So a
/// block of the same small refused file repeated costs (files × the phone's records): on the
/// 校团委's phone of a school of 12,000 members, 2,000 copies of one 0.5 KB file (1 MB of the 5 MB
/// a paste may be) take minutes, the page frozen. Planning that block must cost about what reading
/// it does: here, within 5 seconds.
#[test]
fn a_block_of_one_small_file_repeated_is_planned_without_copying_the_state_per_file() {
    let mut s = school();
    let (_, _, branch_id) = s.ids;
    // The 校团委's phone, holding a school of 12,000 members (the freshman, many times).
    let template = s.branch.s.accounts[&s.me].clone();
    for i in 0..12_000u64 {
        let mut a = template.clone();
        a.id = AccountId(8_000_000 + i);
        a.login = format!("139{:08}", 20_000_000 + i);
        if let Some(m) = a.member_mut() {
            m.branch = Some(branch_id);
        }
        s.school.s.accounts.insert(a.id, a);
    }
    // A small file from a sender whose key the 校团委 keeps (the college), signed by another key:
    // refused, and yet each copy costs a copy of the state.
    let (_, college_id, _) = s.ids;
    let evil = Key::from_seed(66_003);
    let one = forge(&evil, Kind::Directory, Sender::Org(college_id), Body::default());
    let files = vec![one; 2_000];
    let started = std::time::Instant::now();
    let (p, outcomes) = plan_all(&s.school.s, &files, NOW + DAY_MS);
    let took = started.elapsed();
    assert!(p.is_none() && outcomes.iter().all(|o| o.refused.is_some()));
    assert_eq!(outcomes.len(), crate::core::limits::FILES_AT_ONCE + 1, "one line for all the files past the limit");
    assert_eq!(outcomes.last().unwrap().refused, Some(SyncError::TooManyFiles));
    assert!(took < std::time::Duration::from_secs(5), "2,000 copies of one refused file took {took:?} to plan on the 校团委's phone");
}

/// A retired member account of `branch` (or of none), as many of them as a worst-shaped file holds.
pub(super) fn member_account(id: u64, branch: Option<OrgId>) -> Account {
    let m = MemberRecord {
        profile: None,
        branch,
        accepted_at: None,
        cadre: false,
        volunteer: None,
        consent: None,
        profile_at: 0,
        membership_at: NOW,
    };
    Account {
        id: AccountId(id),
        login: format!("139{:08}", id % 100_000_000),
        role: AccountRole::Member(Box::new(m)),
        password: crate::core::auth::PasswordHash::none(),
        created: NOW,
        retired: true,
    }
}

/// A stranger's report (its own tree, met as it is) whose accounts are all retired, beside as many
/// appeals that concern none of them: each account is looked for among every appeal of the file.
fn retired_report(evil: &Key, n: u64) -> String {
    let root = OrgId(7_200_001);
    let xb = OrgId(7_200_002);
    let mut branch = Org {
        id: xb,
        name: "外校1班团支部".into(),
        kind: OrgKind::Branch,
        parent: Some(root),
        branch: Some(BranchInfo::sketch()),
        created: NOW,
        updated: NOW,
    };
    branch.branch.as_mut().unwrap().number = String::new();
    let accounts = (0..n).map(|i| member_account(10_000_000 + i, Some(xb))).collect();
    let appeals = (0..n)
        .map(|i| Appeal {
            id: AppealId(20_000_000 + i),
            account: AccountId(30_000_000 + i),
            old_account: AccountId(40_000_000 + i),
            reason: String::new(),
            photo: None,
            branch: None,
            created: NOW,
            state: AppealState::Pending,
            others: vec![],
            settled: None,
        })
        .collect();
    let file = SyncFile {
        kind: Kind::Report,
        from: Sender::Org(root),
        from_name: "外校团委".into(),
        app: String::new(),
        written: NOW,
        body: Body {
            orgs: vec![
                Org {
                    id: root, name: "外校团委".into(), kind: OrgKind::School, parent: None, branch: None, created: NOW, updated: NOW
                },
                branch,
            ],
            accounts,
            appeals,
            ..Body::default()
        },
        signed: None,
    };
    evil.sign(&file)
}

/// README, "Size and speed": each worst shape of a file within the size limit is imported within
/// 1 s. A compressed payload of at most 5 MB may inflate to 40 MB; here 50,000 retired accounts and
/// as many unrelated appeals (about 11 MB of JSON, under 5 MB deflated) from a stranger's own tree:
/// each retired account is checked against every appeal of the file (2.5 × 10⁹ checks).
#[test]
fn a_report_of_retired_accounts_and_unrelated_appeals_is_planned_in_linear_time() {
    let s = school();
    let evil = Key::from_seed(702);
    let text = retired_report(&evil, 50_000);
    let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 6);
    assert!(deflated.len() <= MAX_FILE_BYTES && text.len() <= MAX_INFLATED_BYTES, "{} deflated", deflated.len());
    let file = decode_any(&text, NOW + DAY_MS, true).unwrap();
    let t = std::time::Instant::now();
    let _ = plan(&s.college.s, &file);
    let took = t.elapsed();
    assert!(took < std::time::Duration::from_secs(2), "planned in {took:?} ({} bytes, {} deflated)", text.len(), deflated.len());
}
