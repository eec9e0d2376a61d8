//! Files within the size limit shaped to cost the most: each is split and planned in time that
//! grows with what is read, not with its square or with the phone's data once per file.

use super::first_day_tests::NOW;
use super::import::plan_all;
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
