//! The importer tried as an attacker would (`core::sync::attack`): files built through the encoder
//! (so their digests are valid) from every role's real hand-overs, then changed at the level of
//! records: the sender and the kind, IDs that collide with records on the receiving device,
//! decisions, roles, logins, memberships, stamps, records repeated,
//! keys vouched for; each signed by the key of whoever really made it (an attacker has no one
//! else's private key), or sent unsigned. Whatever the file, on each receiver of
//! `attack::receivers` (the demo school that has met every sender, the 校团委's own phone, a branch
//! that met its members only unsigned, a phone that opened only an invite, one that opened only a
//! code link), `attack::check` holds:
//!
//! - nothing panics, and a refused file changes nothing;
//! - no account the device holds changes its kind, login or password;
//! - a decision on a request the device holds comes only from an organisation over its branch;
//! - a membership the device holds changes only by an organisation over the branch it leaves or
//!   joins, never by a member's file;
//! - an organisation the device knows (a sketch from a link included) changes only by itself or
//!   one above it, and never moves; a new one comes with a code this device issued or from an
//!   organisation over the place its chain joins this device's tree;
//! - a settlement comes only from an organisation over the branch; an account retires only by an
//!   upheld appeal of a branch the sender decides for (an organisation's, by the committee above,
//!   never on its own phone), and comes back only when that branch's 申诉失败 stands;
//! - no record is dated beyond the receiver's clock (and its day of difference);
//! - a 完整备份 not signed by this device's own key is never taken whole (the receiver is not blank);
//! - a file for a sender whose key is kept here is taken only when signed by that key, and the key
//!   kept changes only when the committee above vouches for a new one in a file it signed;
//! - an unsigned file changes no record the device holds and adds nothing but its member's own.
//!
//! Bounded: 2,000 files a run (a few seconds). Every case it ever failed on is kept beside it
//! (`attacker_props.proptest-regressions`) and tried first.

use proptest::prelude::*;
use std::sync::OnceLock;
use tuan::core::demo::DEMO_EPOCH;
use tuan::core::model::State;
use tuan::core::sync::attack::{authored, carry, check, real_files, receivers, Change};
use tuan::core::sync::SyncFile;

const NOW: i64 = DEMO_EPOCH;

fn change() -> impl Strategy<Value = Change> {
    let n = any::<usize>;
    prop_oneof![
        (0..4u8, n()).prop_map(|(k, i)| Change::Sender(k, i)),
        n().prop_map(Change::Kind),
        (n(), n()).prop_map(|(at, to)| Change::AccountId { at, to }),
        (n(), n(), any::<bool>()).prop_map(|(at, org, member)| Change::Role { at, org, member }),
        (n(), n()).prop_map(|(at, to)| Change::Login { at, to }),
        (n(), n()).prop_map(|(at, org)| Change::Membership { at, org }),
        (n(), prop::option::of(n()), n(), any::<bool>()).prop_map(|(at, theirs, by, accept)| Change::Decide { at, theirs, by, accept }),
        (n(), n(), any::<bool>()).prop_map(|(at, org, kind)| Change::RequestBranch { at, org, kind }),
        (n(), n()).prop_map(|(at, parent)| Change::OrgParent { at, parent }),
        (1usize..4).prop_map(Change::Repeat),
        Just(Change::Unsigned),
        n().prop_map(|org| Change::Vouch { org }),
        n().prop_map(|at| Change::FarStamp { at }),
        (n(), n()).prop_map(|(at, by)| Change::Settle { at, by }),
        n().prop_map(|at| Change::Retire { at }),
        n().prop_map(|parent| Change::NewOrg { parent }),
    ]
}

/// The receivers and the real files (made once: the demo school takes a moment to build).
fn world() -> &'static (Vec<State>, Vec<SyncFile>) {
    static WORLD: OnceLock<(Vec<State>, Vec<SyncFile>)> = OnceLock::new();
    WORLD.get_or_init(|| {
        let all = receivers(NOW);
        let files = real_files(&all[0], NOW);
        (all, files)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn a_hand_made_file_changes_nothing_its_sender_may_not(
        which in any::<usize>(),
        who in any::<usize>(),
        changes in prop::collection::vec(change(), 1..5),
    ) {
        let (receivers, files) = world();
        let receiver = &receivers[who % receivers.len()];
        let (mut file, author) = authored(&files[which % files.len()]);
        // The demo's files reach a real phone as real ones (or the demo flag alone refuses them).
        file.body.demo = receiver.demo;
        for c in &changes {
            c.apply(&mut file, receiver, NOW);
        }
        // Through the encoder, so the digest is right, signed by its author (or not at all); then
        // read as the receiver reads it.
        let Some(read) = carry(&file, author, NOW + 86_400_000) else { return Ok(()) };
        if let Err(broken) = check(receiver, &read, NOW + 86_400_000) {
            prop_assert!(false, "{}", broken);
        }
    }
}
