//! The importer tried as an attacker would (`core::sync::attack`): files built through the encoder
//! (so their digests are valid) from every role's real hand-overs, then changed at the level of
//! records: the sender and the kind, IDs that collide with records on the receiving device,
//! decisions, roles, logins, memberships, stamps, the device a backup names, records repeated.
//! Whatever the file, on a device that holds the demo school, `attack::check` holds:
//!
//! - nothing panics, and a refused file changes nothing;
//! - no account the device holds changes its kind, login or password;
//! - a decision on a request the device holds comes only from an organisation over its branch;
//! - a membership the device holds changes only by an organisation over the branch it leaves or
//!   joins, never by a member's file;
//! - an organisation the device knows fully changes only by itself or one above it;
//! - a 完整备份 that names another device is never taken whole.
//!
//! Bounded: 400 files a run (a few seconds). Every case it ever failed on is kept beside it
//! (`attacker_props.proptest-regressions`) and tried first.

use proptest::prelude::*;
use tuan::core::demo::{self, DEMO_EPOCH};
use tuan::core::sync::attack::{check, real_files, Change};
use tuan::core::sync::decode;

const NOW: i64 = DEMO_EPOCH;
const RECEIVER: u64 = 7;

fn change() -> impl Strategy<Value = Change> {
    let n = any::<usize>;
    prop_oneof![
        (0..4u8, n()).prop_map(|(k, i)| Change::Sender(k, i)),
        n().prop_map(Change::Kind),
        (n(), n()).prop_map(|(at, to)| Change::AccountId { at, to }),
        (n(), n(), any::<bool>()).prop_map(|(at, org, member)| Change::Role { at, org, member }),
        n().prop_map(|at| Change::Login { at }),
        (n(), n()).prop_map(|(at, org)| Change::Membership { at, org }),
        (n(), prop::option::of(n()), n(), any::<bool>()).prop_map(|(at, theirs, by, accept)| Change::Decide { at, theirs, by, accept }),
        (n(), n()).prop_map(|(at, org)| Change::RequestBranch { at, org }),
        (n(), n()).prop_map(|(at, parent)| Change::OrgParent { at, parent }),
        (1u64..6).prop_map(Change::Device),
        (1usize..4).prop_map(Change::Repeat),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn a_hand_made_file_changes_nothing_its_sender_may_not(which in any::<usize>(), changes in prop::collection::vec(change(), 1..5)) {
        let mut receiver = demo::build(NOW);
        receiver.device = RECEIVER;
        let files = real_files(&receiver, NOW);
        let mut file = files[which % files.len()].clone();
        for c in &changes {
            c.apply(&mut file, &receiver, NOW);
        }
        // Through the encoder, so the digest is right; then read as the receiver reads it.
        let Ok(read) = decode(&file.encode(), NOW + 86_400_000) else { return Ok(()) };
        if let Err(broken) = check(&receiver, &read) {
            prop_assert!(false, "{}", broken);
        }
    }
}
