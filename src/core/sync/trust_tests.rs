//! The trust model on receivers that have met little: a freshman's phone that opened only an
//! invite, a new secretary's that opened only a code link, the 校团委 with nobody above it, a
//! branch that met a member only through an unsigned file. Each attack here is a file an outsider
//! makes by hand and signs with their own key.

use super::first_day_tests::{found, freshman, registered, Phone, NOW};
use super::import::plan;
use super::seal::native::Key;
use super::seal::Vouch;
use super::*;
use crate::core::commands::{Actor, Command};
use crate::core::date::DAY_MS;
use crate::core::error::SyncError;

/// A school from blank phones: the 校团委, a college by code, a branch by the college's code, and a
/// freshman by the branch's invite, whose application the branch has taken.
struct School {
    school: Phone,
    college: Phone,
    branch: Phone,
    member: Phone,
    ids: (OrgId, OrgId, OrgId),
    me: AccountId,
}

fn school() -> School {
    let mut school = Phone::blank(1);
    let school_id = found(&mut school);
    let (mut college, college_id, _) = registered(&mut school, "XTW2026", OrgKind::College, 2, ("计算机学院团委", "", "JSJTW"));
    let (mut branch, branch_id, _) =
        registered(&mut college, "JSJTW", OrgKind::Branch, 3, ("2026级计算机1班团支部", "26070101", "TZB26070101"));
    let mut member = Phone::blank(4);
    let me = freshman(&mut member, branch.s.invite_for(branch_id).unwrap(), "13912340001", "周一", "11010820070301123");
    branch.take(&member.send(Actor::Member(me), Kind::Application)).unwrap();
    School { school, college, branch, member, ids: (school_id, college_id, branch_id), me }
}

/// A file of `kind` from `from` (named `name`), carrying `orgs` and `keys`, signed by `key`, as
/// the receiver reads it.
fn forged(key: &Key, kind: Kind, from: Sender, orgs: Vec<Org>, keys: Vec<Vouch>) -> SyncFile {
    let body = Body { orgs, keys, ..Body::default() };
    let file = SyncFile { kind, from, from_name: "冒名团委".into(), app: String::new(), written: NOW, body, signed: None };
    decode(&key.sign(&file), NOW + DAY_MS).unwrap()
}

fn committee(id: u64, name: &str, parent: Option<OrgId>) -> Org {
    Org { id: OrgId(id), name: name.into(), kind: OrgKind::College, parent, branch: None, created: NOW, updated: NOW }
}

#[test]
fn the_invite_carries_the_college_s_key_so_its_directory_is_trusted_and_no_one_else_s() {
    let s = school();
    let (_, college_id, branch_id) = s.ids;
    assert_eq!(s.member.s.key_of(Sender::Org(college_id)), Some(&s.college.key.public()));
    let evil = Key::from_seed(666);
    let vouch = vec![Vouch { org: branch_id, key: evil.public() }];
    // A stranger's committee, met for the first time, vouching for a key for the branch: its own
    // record is met, the vouch is not taken.
    let mut member = s.member;
    let stranger = committee(7_000_001, "假学院团委", None);
    let p = plan(&member.s, &forged(&evil, Kind::Directory, Sender::Org(stranger.id), vec![stranger], vouch.clone())).unwrap();
    assert!(p.preview.keys.is_empty(), "{:?}", p.preview);
    assert_eq!(p.merged.key_of(Sender::Org(branch_id)), Some(&s.branch.key.public()));
    // The same file once that committee's key is kept: it is not above the branch here.
    member.s = p.merged;
    let again = forged(&evil, Kind::Directory, Sender::Org(OrgId(7_000_001)), vec![], vouch.clone());
    assert!(plan(&member.s, &again).map_or(true, |p| p.merged.key_of(Sender::Org(branch_id)) == Some(&s.branch.key.public())));
    // Claiming to be the college: its key is kept from the invite, so the file is refused.
    let as_college = forged(&evil, Kind::Directory, Sender::Org(college_id), vec![], vouch.clone());
    assert!(matches!(plan(&member.s, &as_college), Err(SyncError::KeyChanged { .. })));
    // An invite without the college's key (a link made before the branch met it): a file that
    // claims to be the college is a first meeting, and a first meeting vouches for nothing.
    let mut invite = s.branch.s.invite_for(branch_id).unwrap();
    invite.college_key = None;
    let mut bare = Phone::blank(5);
    let other = freshman(&mut bare, invite, "13912340002", "吴二", "11010820070402234");
    let p = plan(&bare.s, &forged(&evil, Kind::Directory, Sender::Org(college_id), vec![], vouch)).unwrap_err();
    assert_eq!(p, SyncError::NothingNew, "nothing of it is taken");
    assert_eq!(bare.s.key_of(Sender::Org(branch_id)), Some(&s.branch.key.public()));
    assert!(bare.s.accounts.contains_key(&other));
}

#[test]
fn an_organisation_learned_from_a_link_moves_or_renames_only_by_its_authority() {
    let s = school();
    let (_, college_id, branch_id) = s.ids;
    let mut member = s.member;
    let sketch = member.s.orgs[&college_id].clone();
    assert_eq!((sketch.created, sketch.parent), (0, None));
    // A stranger's committee claims the college (a sketch here) as its own, renamed, and the
    // branch under it.
    let evil = Key::from_seed(667);
    let stranger = committee(7_000_002, "假校团委", None);
    let mut college = committee(college_id.0, "改过名的学院团委", Some(stranger.id));
    college.created = NOW;
    let mut branch = member.s.orgs[&branch_id].clone();
    branch.parent = Some(stranger.id);
    let file = forged(&evil, Kind::Directory, Sender::Org(stranger.id), vec![stranger.clone(), college, branch], vec![]);
    let p = plan(&member.s, &file).unwrap();
    assert_eq!(p.merged.orgs[&college_id], sketch, "the college stays as the link said");
    assert_eq!(p.merged.orgs[&branch_id].parent, Some(college_id));
    assert!(p.preview.ignored.iter().any(|(why, _)| *why == preview::Ignored::NotTheirOrg), "{:?}", p.preview);
    member.s = p.merged;
    // Kept as met, that committee still cannot vouch for the branch's key.
    let vouch = vec![Vouch { org: branch_id, key: evil.public() }];
    let again = forged(&evil, Kind::Directory, Sender::Org(stranger.id), vec![], vouch);
    assert!(plan(&member.s, &again).map_or(true, |p| p.merged.key_of(Sender::Org(branch_id)) == Some(&s.branch.key.public())));
    // The college itself renames the sketch (its authority), but never moves it.
    let mut real = s.college.s.orgs[&college_id].clone();
    real.name = "计算机与软件学院团委".into();
    real.parent = Some(OrgId(7_000_002));
    let p = plan(&member.s, &forged(&s.college.key, Kind::Directory, Sender::Org(college_id), vec![real], vec![])).unwrap();
    assert_eq!(p.merged.orgs[&college_id].name, "计算机与软件学院团委");
    assert_eq!(p.merged.orgs[&college_id].parent, None);
}

#[test]
fn a_new_organisation_comes_only_from_who_oversees_its_parent_or_with_a_code() {
    let s = school();
    let (school_id, college_id, _) = s.ids;
    let evil = Key::from_seed(668);
    let template = s.college.s.orgs.values().find(|o| o.kind == OrgKind::Branch).unwrap().clone();
    let fake = |id: u64, parent: u64| {
        let mut o = template.clone();
        (o.id, o.parent, o.name) = (OrgId(id), Some(OrgId(parent)), format!("2026级假{id}班团支部"));
        o
    };
    // At the college: a stranger's report that adds a branch under it, from the branch itself or
    // from a committee of its own above it; at the 校团委 (nobody above it): a college under it.
    let cases = [
        (&s.college.s, Sender::Org(OrgId(7_000_010)), vec![fake(7_000_010, college_id.0)]),
        (&s.college.s, Sender::Org(OrgId(7_000_011)), vec![committee(7_000_011, "假团委", None), fake(7_000_012, college_id.0)]),
        (&s.school.s, Sender::Org(OrgId(7_000_013)), vec![committee(7_000_013, "假学院团委", Some(school_id))]),
        // A parent neither side knows: it could hang itself under someone later.
        (&s.school.s, Sender::Org(OrgId(7_000_014)), vec![fake(7_000_014, 7_000_099)]),
    ];
    for (phone, from, orgs) in cases {
        let ids: Vec<OrgId> = orgs.iter().map(|o| o.id).collect();
        let before = phone.orgs.len();
        match plan(phone, &forged(&evil, Kind::Report, from, orgs, vec![])) {
            Ok(p) => assert!(ids.iter().all(|id| !p.merged.orgs.contains_key(id) || p.merged.orgs[id].parent.is_none()), "{ids:?}"),
            Err(e) => assert!(matches!(e, SyncError::NothingAccepted { .. } | SyncError::NothingNew), "{e:?}"),
        }
        assert_eq!(phone.orgs.len(), before);
    }
    // A stranger's own tree, joined to nothing here, is met as it is.
    let own = vec![committee(7_000_020, "外校团委", None), fake(7_000_021, 7_000_020)];
    let p = plan(&s.school.s, &forged(&evil, Kind::Directory, Sender::Org(OrgId(7_000_020)), own, vec![])).unwrap();
    assert!(p.merged.orgs.contains_key(&OrgId(7_000_021)) && !p.merged.oversees(school_id, OrgId(7_000_021)));
}

#[test]
fn an_unsigned_application_adds_only_its_member_s_own_records() {
    let s = school();
    let (_, college_id, _) = s.ids;
    // An application written where the browser could not sign, carrying a branch of its own and
    // somebody else's account beside the member's.
    let mut file = s.member.s.sync_file(Actor::Member(s.me), Kind::Application, NOW).unwrap();
    let mut other = s.college.s.orgs.values().find(|o| o.kind == OrgKind::Branch).unwrap().clone();
    (other.id, other.parent, other.name) = (OrgId(7_000_030), Some(college_id), "2026级无码1班团支部".into());
    file.body.orgs.push(other);
    let mut stranger = file.body.accounts[0].clone();
    stranger.id = AccountId(7_000_031);
    file.body.accounts.push(stranger);
    let mut fresh = Phone::blank(9);
    let branch_id = s.ids.2;
    fresh.run(Actor::Anonymous, Command::LearnBranch(s.branch.s.invite_for(branch_id).unwrap()));
    for receiver in [&s.branch.s, &s.college.s, &fresh.s] {
        let read = decode(&file.encode(), NOW + DAY_MS).unwrap();
        if let Ok(p) = plan(receiver, &read) {
            assert!(!p.merged.orgs.contains_key(&OrgId(7_000_030)));
            assert!(!p.merged.accounts.contains_key(&AccountId(7_000_031)));
            assert_eq!(p.merged.orgs.len(), receiver.orgs.len());
        }
    }
}

#[test]
fn a_stranger_claiming_this_phone_s_own_branch_is_refused_by_name() {
    let s = school();
    let (_, _, branch_id) = s.ids;
    let evil = Key::from_seed(669);
    let file = s.branch.s.sync_file(s.branch.actor("TZB26070101"), Kind::Decisions, NOW).unwrap();
    let read = decode(&evil.sign(&file), NOW + DAY_MS).unwrap();
    assert_eq!(plan(&s.branch.s, &read).unwrap_err(), SyncError::ClaimsThisPhone { name: s.branch.s.org_name(branch_id) });
    // On the member's phone the same file is the branch's key changed: the message says how to
    // recover from a false first invite.
    let SyncError::KeyChanged { name, .. } = plan(&s.member.s, &read).unwrap_err() else { panic!() };
    assert_eq!(name, s.member.s.org_name(branch_id));
    let words = plan(&s.member.s, &read).unwrap_err().to_string();
    assert!(words.contains("邀请链接") && words.contains("组织目录"), "{words}");
}

#[test]
fn a_false_first_invite_is_mended_by_the_college_s_directory() {
    let mut s = school();
    let (_, college_id, branch_id) = s.ids;
    // A genuine invite with the branch's key swapped for a stranger's, forwarded in the class group.
    let mut invite = s.branch.s.invite_for(branch_id).unwrap();
    invite.key = Some(Key::from_seed(670).public());
    let mut fooled = Phone::blank(10);
    let me = freshman(&mut fooled, invite, "13912340003", "郑三", "11010820070503345");
    s.branch.take(&fooled.send(Actor::Member(me), Kind::Application)).unwrap();
    let secretary = s.branch.actor("TZB26070101");
    let pending = s.branch.s.requests.values().filter(|r| r.applicant == me).map(|r| r.id).collect();
    s.branch.run(secretary, Command::Accept { requests: pending });
    // The real branch's decisions are refused, and the refusal says how to mend it.
    let decisions = s.branch.send(secretary, Kind::Decisions);
    let refused = fooled.take(&decisions).unwrap_err();
    assert!(matches!(refused, SyncError::KeyChanged { .. }) && refused.to_string().contains("邀请链接"), "{refused}");
    // The college's 组织目录 (its key came with the invite) vouches for the branch's real key.
    let p = fooled.take(&s.college.send(s.college.actor("JSJTW"), Kind::Directory)).unwrap();
    assert!(!p.keys.is_empty(), "{p:?}");
    assert_eq!(fooled.s.key_of(Sender::Org(branch_id)), Some(&s.branch.key.public()));
    fooled.take(&decisions).unwrap();
    assert_eq!(fooled.s.accounts[&me].member().unwrap().branch, Some(branch_id));
    assert!(fooled.s.orgs.contains_key(&college_id));
}
