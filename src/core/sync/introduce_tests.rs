//! Keys told rather than met: a committee's 组织目录 introduces the keys of the committees above it,
//! and its 上报数据 the keys of the organisations that registered with it, to phones that know them
//! only by name. An introduction comes only from a sender signing with its kept key, never replaces
//! a kept key, and never concerns this phone's own organisations.

use super::first_day_tests::NOW;
use super::import::plan;
use super::seal::native::Key;
use super::seal::{pin_name, Vouch};
use super::trust_tests::{forge, school};
use super::*;
use crate::core::commands::Command;
use crate::core::date::DAY_MS;

const LATER: Millis = NOW + DAY_MS;

/// The college's 组织目录 tells the branch's phone and the freshman's (which learned the 校团委 only
/// by its name) the 校团委's key: a hand-made file claiming the 校团委 is then refused there, where
/// it used to be believed as a first meeting, and could then vouch in a second file for a new key
/// of the college (the two-file split).
#[test]
fn the_college_s_directory_tells_the_school_s_key_so_a_fake_school_is_refused() {
    let mut s = school();
    let (school_id, college_id, _) = s.ids;
    let college = s.college.actor("JSJTW");
    assert_eq!(s.college.s.key_of(Sender::Org(school_id)), Some(&s.school.key.public()), "from the code link");
    let directory = decode(&s.college.send(college, Kind::Directory), LATER).unwrap();
    let evil = Key::from_seed(5_001);
    let fake_school = |kind, body| forge(&evil, kind, Sender::Org(school_id), body);
    for phone in [&mut s.branch, &mut s.member] {
        assert_eq!(phone.s.key_of(Sender::Org(school_id)), None);
        assert_eq!(super::attack::check(&phone.s, &directory, LATER), Ok(()));
        let p = plan(&phone.s, &directory).expect("the college's directory");
        assert!(p.preview.keys.iter().any(|l| l.contains("由“计算机学院团委”告知")), "{:?}", p.preview.keys);
        // The branch's own phone signs with its own key: the vouch for it is no news there.
        let own = phone.s.own_sender_name(Sender::Org(s.ids.2)).is_some();
        assert!(!own || !p.preview.keys.iter().any(|l| l.contains("计算机1班团支部”的签名密钥")), "{:?}", p.preview.keys);
        phone.s = p.merged;
        assert_eq!(phone.s.key_of(Sender::Org(school_id)), Some(&s.school.key.public()));
        // The fake 校团委 renaming the college, and vouching for its own key as the college's.
        let mut renamed = phone.s.orgs[&college_id].clone();
        renamed.name = "冒名学院团委".into();
        renamed.updated = NOW + 9;
        let rename = fake_school(Kind::Directory, Body { orgs: vec![renamed], ..Body::default() });
        assert!(matches!(plan(&phone.s, &rename), Err(SyncError::KeyChanged { .. })), "the fake 校团委 refused");
        let vouch = fake_school(Kind::Directory, Body { keys: vec![Vouch { org: college_id, key: evil.public() }], ..Body::default() });
        assert!(matches!(plan(&phone.s, &vouch), Err(SyncError::KeyChanged { .. })));
        assert_eq!(phone.s.key_of(Sender::Org(college_id)), Some(&s.college.key.public()));
    }
}

/// An introduction never replaces a kept key, and a sender met for the first time in the very file
/// introduces nobody; nor is a key told for this phone's own organisation (the college's phone,
/// receiving a directory from a committee under it, keeps speaking with its own key).
#[test]
fn an_introduction_never_replaces_comes_only_from_a_kept_key_and_never_for_the_phone_s_own() {
    let mut s = school();
    let (school_id, college_id, branch_id) = s.ids;
    let evil = Key::from_seed(5_002);
    let earlier = Key::from_seed(5_003);
    // A kept key stays, whatever the college's directory says.
    s.branch.s.keys.insert(pin_name(Sender::Org(school_id)).unwrap(), earlier.public());
    let college = s.college.actor("JSJTW");
    let mut dir = decode(&s.college.send(college, Kind::Directory), LATER).unwrap();
    assert!(dir.body.keys.iter().any(|v| v.org == school_id));
    let p = plan(&s.branch.s, &dir).expect("the college's directory");
    assert_eq!(p.merged.key_of(Sender::Org(school_id)), Some(&earlier.public()), "an introduction replaced a kept key");
    // A stranger claiming a new committee right under the 校团委, met in this file, tells a key for the 校团委.
    let stranger = Org {
        id: OrgId(9_500_001),
        name: "冒名学院团委".into(),
        kind: OrgKind::College,
        parent: Some(school_id),
        branch: None,
        created: NOW,
        updated: NOW,
    };
    dir.body.keys = vec![Vouch { org: school_id, key: evil.public() }];
    let told = forge(&evil, Kind::Directory, Sender::Org(stranger.id), Body { orgs: vec![stranger], ..dir.body.clone() });
    assert_eq!(super::attack::check(&s.member.s, &told, LATER), Ok(()));
    if let Ok(p) = plan(&s.member.s, &told) {
        assert_eq!(p.merged.key_of(Sender::Org(school_id)), None, "a first-met sender introduced a key");
    }
    // The branch, signing with its kept key, telling the college's phone a key for the college itself.
    let mut fake = decode(&s.branch.send(s.branch.actor("TZB26070101"), Kind::Report), LATER).unwrap();
    fake.body.keys = vec![Vouch { org: college_id, key: evil.public() }, Vouch { org: school_id, key: evil.public() }];
    let fake = decode(&s.branch.key.sign(&fake), LATER).unwrap();
    assert_eq!(super::attack::check(&s.college.s, &fake, LATER), Ok(()));
    let p = plan(&s.college.s, &fake).expect("the branch's report");
    assert_eq!(p.merged.org_key(college_id), s.college.s.device_key.as_ref(), "the college's own key");
    assert_eq!(p.merged.key_of(Sender::Org(school_id)), Some(&s.school.key.public()), "the 校团委's key from the code link stays");
    assert_eq!(p.merged.key_of(Sender::Org(branch_id)), Some(&s.branch.key.public()));
}

/// The 校团委 has no committee above it to vouch for its new phone: a file from the new phone is
/// refused with the way through (the deployment's published directory), and that directory.json,
/// as trusted as the app, replaces the key kept for the 校团委.
#[test]
fn the_school_s_new_phone_is_taken_through_the_published_directory() {
    let mut s = school();
    let (school_id, _, _) = s.ids;
    let college = s.college.actor("JSJTW");
    s.branch.take(&s.college.send(college, Kind::Directory)).expect("the college's directory");
    let new = Key::from_seed(5_004);
    let directory = s.school.s.sync_file(s.school.actor("XTW2026"), Kind::Directory, NOW).unwrap();
    let from_new = new.sign(&directory);
    let refused = plan(&s.branch.s, &decode(&from_new, LATER).unwrap()).unwrap_err();
    assert!(matches!(refused, SyncError::KeyChanged { top: true, .. }), "{refused:?}");
    assert!(refused.to_string().contains("directory.json"), "{refused}");
    assert!(super::import::take_directory(&mut s.branch.s, &decode_directory(&from_new, LATER).unwrap()).unwrap());
    assert_eq!(s.branch.s.key_of(Sender::Org(school_id)), Some(&new.public()), "the published directory's key");
}

/// A legitimate college's new phone: the 校团委 confirms its new key (确认新密钥) and its 组织目录
/// vouches for it; a branch's phone takes that directory. At the next start the deployment's
/// published directory.json (made before the college changed phones) is read again, and puts the
/// college's old key back: the college's new phone is refused again on that branch's phone.
#[test]
fn the_published_directory_does_not_undo_a_newer_key_the_school_vouched_for() {
    let mut s = school();
    let (school_id, college_id, _) = s.ids;
    let published = s.school.send(s.school.actor("XTW2026"), Kind::Directory);
    // The branch knows the 校团委 from its college's 组织目录, and reads the published one.
    s.branch.take(&s.college.send(s.college.actor("JSJTW"), Kind::Directory)).unwrap();
    super::import::take_directory(&mut s.branch.s, &decode_directory(&published, NOW + DAY_MS).unwrap()).unwrap();
    assert_eq!(s.branch.s.key_of(Sender::Org(school_id)), Some(&s.school.key.public()));
    // The college's new phone: the 校团委 confirms its key, and its 组织目录 vouches for it.
    let new_college = super::first_day_tests::Phone::blank(77);
    let actor = s.school.actor("XTW2026");
    s.school.run(actor, Command::TrustKey { org: college_id, key: new_college.key.public() });
    s.branch.take(&s.school.send(actor, Kind::Directory)).unwrap();
    assert_eq!(s.branch.s.key_of(Sender::Org(college_id)), Some(&new_college.key.public()));
    // The next start reads the published directory.json again.
    let _ = super::import::take_directory(&mut s.branch.s, &decode_directory(&published, NOW + DAY_MS).unwrap());
    assert_eq!(
        s.branch.s.key_of(Sender::Org(college_id)),
        Some(&new_college.key.public()),
        "the published directory put the college's old key back over the one its 校团委 confirmed since"
    );
}

/// A 上报数据 vouches for the keys of every organisation under its sender, told to it by the
/// committees between: the 校团委, which knows a branch under a 团总支 only from the college's
/// report, keeps that branch's key, and a stranger's file sent as the branch is refused there as
/// another key (where it used to be believed as a first meeting). A deeper vouch tells only a first
/// key: it never replaces one kept.
#[test]
fn a_report_tells_the_keys_of_everything_under_it_so_the_school_refuses_a_fake_branch_under_a_general_branch() {
    let (mut phones, (school_id, _, tzz_id, branch_id)) = super::order_tests::with_general_branch();
    let branch_key = phones[3].key.public();
    assert_eq!(phones[1].s.key_of(Sender::Org(branch_id)), Some(&branch_key), "told by the 团总支's report");
    let report = phones[1].send(phones[1].actor("JSJTW"), Kind::Report);
    let school = &mut phones[0];
    assert!(school.s.key_of(Sender::Org(branch_id)).is_none());
    let p = plan(&school.s, &decode(&report, LATER).unwrap()).unwrap();
    assert_eq!(p.merged.key_of(Sender::Org(branch_id)), Some(&branch_key));
    assert!(p.merged.oversees(school_id, branch_id) && p.merged.right_under(tzz_id, branch_id));
    school.s = p.merged;
    let evil = Key::from_seed(5_101);
    let mut renamed = school.s.orgs[&branch_id].clone();
    (renamed.name, renamed.updated) = ("被改名的团支部".into(), LATER);
    let fake = forge(&evil, Kind::Report, Sender::Org(branch_id), Body { orgs: vec![renamed], ..Body::default() });
    assert!(matches!(plan(&school.s, &fake), Err(SyncError::KeyChanged { .. })));
    // A deeper vouch for another key where one is kept: not taken.
    let mut other = school.s.clone();
    other.keys.insert(pin_name(Sender::Org(branch_id)).unwrap(), evil.public());
    let again = plan(&other, &decode(&report, LATER).unwrap());
    assert!(again.map_or(true, |p| p.merged.key_of(Sender::Org(branch_id)) == Some(&evil.public())));
}
