//! The trust model on receivers that have met little: a freshman's phone that opened only an
//! invite, a new secretary's that opened only a code link, the 校团委 with nobody above it, a
//! branch that met a member only through an unsigned file. Each attack here is a file an outsider
//! makes by hand and signs with their own key; those from a stranger's own tree (a root committee
//! and a branch of its own, met in the file) about records this phone holds were found by an attack
//! on the importer and are kept here.

use super::first_day_tests::{found, freshman, registered, Phone, NOW};
use super::held_tests::stranger_tree;
use super::import::plan;
use super::seal::native::Key;
use super::seal::Vouch;
use super::*;
use crate::core::commands::{Actor, Command};
use crate::core::date::DAY_MS;
use crate::core::sync::SyncError;

/// A school from blank phones: the 校团委, a college by code, a branch by the college's code, and a
/// freshman by the branch's invite, whose application the branch has taken.
pub(super) struct School {
    pub(super) school: Phone,
    pub(super) college: Phone,
    pub(super) branch: Phone,
    pub(super) member: Phone,
    pub(super) ids: (OrgId, OrgId, OrgId),
    pub(super) me: AccountId,
}

pub(super) fn school() -> School {
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

/// A hand-made file of `kind` from `from` carrying only `orgs` and `keys` (see [`forge`]).
fn forged(key: &Key, kind: Kind, from: Sender, orgs: Vec<Org>, keys: Vec<Vouch>) -> SyncFile {
    forge(key, kind, from, Body { orgs, keys, ..Body::default() })
}

/// A hand-made file of `kind` from `from` carrying `body`, signed by `key`, as the receiver reads it.
pub(super) fn forge(key: &Key, kind: Kind, from: Sender, body: Body) -> SyncFile {
    let file = SyncFile { kind, from, from_name: "冒名团委".into(), app: String::new(), written: NOW, body, signed: None };
    decode(&key.sign(&file), NOW + DAY_MS).unwrap()
}

pub(super) fn committee(id: u64, name: &str, parent: Option<OrgId>) -> Org {
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
    let first = forged(&evil, Kind::Directory, Sender::Org(stranger.id), vec![stranger], vouch.clone());
    if let Ok(p) = plan(&member.s, &first) {
        assert!(p.preview.keys.is_empty(), "{:?}", p.preview);
        assert_eq!(p.merged.key_of(Sender::Org(branch_id)), Some(&s.branch.key.public()));
    }
    // The same file once that committee's key is kept: it is not above the branch here.
    member.s = super::held_tests::met_before(&member.s, &first);
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
    assert_eq!(p, SyncError::NothingNew, "nothing of it is taken: the vouch was not");
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
    match plan(&member.s, &file) {
        Ok(p) => assert!(p.preview.ignored.iter().any(|(why, _)| *why == preview::Ignored::NotTheirOrg), "{:?}", p.preview),
        // (Refused with the way to check it: the college's own 组织目录 first.)
        Err(e) => assert!(matches!(e, SyncError::NothingAccepted { .. } | SyncError::IntroductionFirst { .. }), "{e:?}"),
    }
    member.s = super::held_tests::met_before(&member.s, &file);
    assert_eq!(member.s.orgs[&college_id], sketch, "the college stays as the link said");
    assert_eq!(member.s.orgs[&branch_id].parent, Some(college_id));
    // Kept as met, that committee still cannot vouch for the branch's key.
    let vouch = vec![Vouch { org: branch_id, key: evil.public() }];
    let again = forged(&evil, Kind::Directory, Sender::Org(stranger.id), vec![], vouch);
    assert!(plan(&member.s, &again).map_or(true, |p| p.merged.key_of(Sender::Org(branch_id)) == Some(&s.branch.key.public())));
    // The college itself (its key kept from the invite) renames the sketch and fills in the parent
    // the link did not give; once known, the parent never moves.
    let (school_id, _, _) = s.ids;
    let mut real = s.college.s.orgs[&college_id].clone();
    real.name = "计算机与软件学院团委".into();
    let p = plan(&member.s, &forged(&s.college.key, Kind::Directory, Sender::Org(college_id), vec![real.clone()], vec![])).unwrap();
    assert_eq!(p.merged.orgs[&college_id].name, "计算机与软件学院团委");
    assert_eq!(p.merged.orgs[&college_id].parent, Some(school_id));
    member.s = p.merged;
    real.parent = Some(OrgId(7_000_002));
    real.updated += 1;
    let p = plan(&member.s, &forged(&s.college.key, Kind::Directory, Sender::Org(college_id), vec![real], vec![]));
    assert!(p.map_or(true, |p| p.merged.orgs[&college_id].parent == Some(school_id)));
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
        match plan(phone, &forged(&evil, Kind::Report, from, orgs, vec![])) {
            // Only the stranger's own committee, joined to nothing here, is met.
            Ok(p) => assert!(ids.iter().all(|id| !p.merged.orgs.contains_key(id) || p.merged.orgs[id].parent.is_none()), "{ids:?}"),
            Err(e) => assert!(matches!(e, SyncError::NothingAccepted { .. } | SyncError::NothingNew), "{e:?}"),
        }
    }
    // A stranger's own tree, joined to nothing here, is met as it is where the phone has nothing of
    // its own (one that only read the published directory.json), and refused where it has.
    let own = vec![committee(7_000_020, "外校团委", None), fake(7_000_021, 7_000_020)];
    let file = forged(&evil, Kind::Directory, Sender::Org(OrgId(7_000_020)), own, vec![]);
    let p = plan(&super::held_tests::browsing(&s), &file).unwrap();
    assert!(p.merged.orgs.contains_key(&OrgId(7_000_021)) && !p.merged.oversees(school_id, OrgId(7_000_021)));
    assert!(matches!(plan(&s.school.s, &file), Err(SyncError::NothingAccepted { .. })));
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

/// A 完整备份 is taken whole onto a blank phone (its owner restoring it), but a phone that opened
/// an invite keeps what the invite taught it: an unsigned backup renaming, archiving and moving that
/// branch and its college under a committee of its own restores the rest and leaves those as they were.
#[test]
fn a_backup_onto_a_phone_that_opened_an_invite_keeps_what_the_invite_taught_it() {
    let s = school();
    let (_, college_id, branch_id) = s.ids;
    let mut fresh = Phone::blank(9);
    fresh.run(Actor::Anonymous, Command::LearnBranch(s.branch.s.invite_for(branch_id).unwrap()));
    let learned: Vec<Org> = fresh.s.orgs.values().cloned().collect();
    assert!(fresh.s.is_blank() && learned.len() == 2, "the invite taught the branch and its college");
    let root = committee(7_000_040, "冒名校团委", None);
    let mut body = s.member.s.sync_file(Actor::Member(s.me), Kind::Backup, NOW).unwrap().body;
    body.orgs.retain(|o| o.id != branch_id && o.id != college_id);
    for o in &learned {
        let mut moved = o.clone();
        moved.name = format!("冒名{}", o.name);
        if let Some(info) = moved.branch.as_mut() {
            info.archived = true;
        }
        if o.id == college_id {
            moved.parent = Some(root.id);
        }
        body.orgs.push(moved);
    }
    body.orgs.push(root.clone());
    let file = decode(
        &SyncFile {
            kind: Kind::Backup,
            from: Sender::Member(s.me),
            from_name: "周一".into(),
            app: String::new(),
            written: NOW,
            body,
            signed: None,
        }
        .encode(),
        NOW + DAY_MS,
    )
    .unwrap();
    let p = plan(&fresh.s, &file).unwrap();
    assert!(p.whole, "a blank phone restores a backup whole");
    for o in &learned {
        assert_eq!(&p.merged.orgs[&o.id], o, "{} kept as the invite gave it", o.name);
    }
    assert!(p.merged.orgs.contains_key(&root.id) && p.merged.accounts.contains_key(&s.me), "the rest is restored");
    assert!(p.preview.ignored.iter().any(|(why, _)| *why == super::preview::Ignored::NotTheirOrg), "the preview says what was left out");
    assert_eq!(super::attack::check(&fresh.s, &file, NOW), Ok(()));
    // On a phone that learned nothing, the same backup is taken as it is.
    let p = plan(&Phone::blank(10).s, &file).unwrap();
    assert!(p.merged.orgs[&branch_id].name.starts_with("冒名"));
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

/// A branch phone met its college by the code link (no parent): the college's own 组织目录 says
/// where it stands, and the 校团委's then vouches for the college's new phone.
#[test]
fn the_school_s_directory_vouches_for_a_college_a_branch_met_by_its_code_link() {
    let mut s = school();
    let (school_id, college_id, _) = s.ids;
    assert_eq!(s.branch.s.orgs[&college_id].parent, None, "the code link's sketch");
    let school_actor = s.school.actor("XTW2026");
    // The college's own 组织目录 (its key kept from the code link) says where the college stands.
    s.branch.take(&s.college.send(s.college.actor("JSJTW"), Kind::Directory)).expect("the college's directory");
    assert_eq!(s.branch.s.orgs[&college_id].parent, Some(school_id));
    // The branch meets the 校团委's directory once (its key kept from then on).
    s.branch.take(&s.school.send(school_actor, Kind::Directory)).expect("first meeting");
    assert!(s.branch.s.key_of(Sender::Org(school_id)).is_some());
    // The college's new phone; the 校团委 confirms its key, and sends its directory again.
    let new = Key::from_seed(907);
    s.school.run(school_actor, Command::TrustKey { org: college_id, key: new.public() });
    let _ = s.branch.take(&s.school.send(school_actor, Kind::Directory));
    let mut broken = Vec::new();
    if !s.branch.s.oversees(school_id, college_id) {
        broken.push(format!("the college's parent here: {:?}", s.branch.s.orgs[&college_id].parent));
    }
    if s.branch.s.key_of(Sender::Org(college_id)) != Some(&new.public()) {
        broken.push("the vouched key was not taken".to_string());
    }
    let from_new_phone = new.sign(&s.college.s.sync_file(s.college.actor("JSJTW"), Kind::Directory, NOW + DAY_MS).unwrap());
    // Its key the one kept now: taken (here it holds nothing new).
    match s.branch.take(&from_new_phone) {
        Ok(_) | Err(SyncError::NothingNew) => {}
        Err(e) => broken.push(format!("the college's file from its new phone: {e:?}")),
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// A phone that only opened a code link holds the code but did not issue it: a stranger's
/// registration with its proof is not taken there.
#[test]
fn a_registration_counts_only_with_a_code_this_phone_issued() {
    let mut s = school();
    let (_, college_id, _) = s.ids;
    let actor = s.college.actor("JSJTW");
    let code =
        super::first_day_tests::codes(s.college.run(actor, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch }))
            .remove(0);
    let mut coded = Phone::blank(40);
    coded.run(Actor::Anonymous, Command::LearnCode(s.college.code_link(&code)));
    assert!(coded.s.codes.contains_key(&code) && coded.s.codes[&code].created == 0);
    let evil = Key::from_seed(908);
    let mut org = s.branch.s.orgs.values().find(|o| o.kind == OrgKind::Branch).unwrap().clone();
    (org.id, org.parent, org.name) = (OrgId(7_100_050), Some(college_id), "2026级冒名1班团支部".into());
    let claim = Claim { org: org.id, proof: claim_proof(&code, org.id), at: NOW };
    let account = Account {
        id: AccountId(7_100_051),
        login: "MMTZB".into(),
        role: AccountRole::Branch { org: org.id },
        password: crate::core::auth::PasswordHash::none(),
        created: NOW,
        retired: false,
    };
    let body = Body { orgs: vec![org.clone()], claims: vec![claim], accounts: vec![account], ..Body::default() };
    let p = plan(&coded.s, &forge(&evil, Kind::Registration, Sender::Org(org.id), body));
    let taken = p.as_ref().map(|p| (p.merged.orgs.contains_key(&org.id), p.merged.codes[&code].state.clone()));
    // What the secretary's own registration with the code then meets.
    let own = p.as_ref().ok().map(|p| {
        coded.s = p.merged.clone();
        coded
            .try_run(
                Actor::Anonymous,
                Command::RegisterBranch(super::first_day_tests::registration(&code, "2026级计算机2班团支部", "26070102", "TZB26070102")),
            )
            .map(|_| ())
    });
    assert!(
        !matches!(taken, Ok((true, _))),
        "the code-link phone took a registration of a code it did not issue: {taken:?}; its own registration then: {own:?}"
    );
}

/// What held under the same attack: stamps far ahead, moving a member out from a stranger, retiring
/// this phone's own organisation account, unsigned decisions.
#[test]
fn far_stamps_moves_out_own_account_retirement_and_unsigned_decisions_are_refused() {
    let mut s = school();
    let (_, _, branch_id) = s.ids;
    let evil = Key::from_seed(909);
    let secretary = s.branch.actor("TZB26070101");
    let pending = s.branch.s.requests.values().map(|r| r.id).collect();
    s.branch.run(secretary, Command::Accept { requests: pending });
    s.member.take(&s.branch.send(secretary, Kind::Decisions)).unwrap();
    assert_eq!(s.member.s.accounts[&s.me].member().unwrap().branch, Some(branch_id));
    // Far stamp.
    let mut far = s.member.s.accounts[&s.me].clone();
    far.member_mut().unwrap().profile_at = NOW + 3 * DAY_MS;
    let file = SyncFile {
        kind: Kind::Report,
        from: Sender::Org(OrgId(7_100_000)),
        from_name: "x".into(),
        app: String::new(),
        written: NOW,
        body: Body { accounts: vec![far], ..Body::default() },
        signed: None,
    };
    assert!(matches!(decode(&evil.sign(&file), NOW + DAY_MS), Err(crate::core::sync::SyncError::ClockAhead { .. })));
    // Out of the branch by a stranger.
    let (root, fake) = stranger_tree(&s.branch.s.orgs[&branch_id].clone());
    let mut out = s.member.s.accounts[&s.me].clone();
    out.login = String::new();
    let m = out.member_mut().unwrap();
    (m.branch, m.accepted_at, m.membership_at) = (None, None, NOW + DAY_MS);
    let body = Body { orgs: vec![root.clone(), fake], accounts: vec![out], ..Body::default() };
    if let Ok(p) = plan(&s.member.s, &forge(&evil, Kind::Decisions, Sender::Org(root.id), body)) {
        assert_eq!(p.merged.accounts[&s.me].member().unwrap().branch, Some(branch_id));
    }
    // The college retiring the branch's own account on the branch's phone.
    let own = s.branch.s.accounts.values().find(|a| matches!(a.role, AccountRole::Branch { .. })).unwrap().clone();
    let mut retired = own.clone();
    retired.retired = true;
    let college_id = s.ids.1;
    let file = SyncFile {
        kind: Kind::Report,
        from: Sender::Org(college_id),
        from_name: "x".into(),
        app: String::new(),
        written: NOW,
        body: Body { accounts: vec![retired], ..Body::default() },
        signed: None,
    };
    let read = decode(&s.college.key.sign(&file), NOW + DAY_MS).unwrap();
    if let Ok(p) = plan(&s.branch.s, &read) {
        assert!(!p.merged.accounts[&own.id].retired);
    }
    // Unsigned decisions.
    let d = s.branch.s.sync_file(secretary, Kind::Decisions, NOW).unwrap();
    assert!(plan(&Phone::blank(50).s, &decode(&d.encode(), NOW + DAY_MS).unwrap()).is_err());
}

#[test]
fn an_organisation_twice_in_a_file_is_refused_as_it_is_read() {
    let s = school();
    let (school_id, _, branch_id) = s.ids;
    // The college's report naming a new branch twice: under itself, then under the 校团委.
    let mut file = s.college.s.sync_file(s.college.actor("JSJTW"), Kind::Report, NOW + DAY_MS).unwrap();
    let mut first = s.college.s.orgs[&branch_id].clone();
    (first.id, first.name) = (OrgId(7_777_777), "2026级假1班团支部".into());
    let second = Org { parent: Some(school_id), ..first.clone() };
    file.body.orgs.extend([first, second]);
    assert!(matches!(decode(&s.college.key.sign(&file), NOW + DAY_MS), Err(SyncError::Invalid { .. })));
}

#[test]
fn a_stranger_under_the_name_of_this_phone_s_branch_is_named_as_one() {
    let s = school();
    let (_, _, branch_id) = s.ids;
    let name = s.member.s.org_name(branch_id);
    let evil = Key::from_seed(904);
    let (root, mut fake) = stranger_tree(&s.branch.s.orgs[&branch_id].clone());
    fake.name = name.clone();
    let body = Body { orgs: vec![root, fake.clone()], ..Body::default() };
    let file = SyncFile {
        kind: Kind::Directory,
        from: Sender::Org(fake.id),
        from_name: name.clone(),
        app: String::new(),
        written: NOW,
        body,
        signed: None,
    };
    // Met where the phone has nothing of its own: one that only read the college's directory,
    // published beside the app (the freshman's phone meets no tree that joins nothing there).
    let mut browsing = Phone::blank(91).s;
    let published = s.college.send(s.college.actor("JSJTW"), Kind::Directory);
    super::import::take_directory(&mut browsing, &decode_directory(&published, NOW + DAY_MS).unwrap()).unwrap();
    let p = plan(&browsing, &decode(&evil.sign(&file), NOW + DAY_MS).unwrap()).unwrap();
    assert!(p.preview.signatures.iter().any(|l| l.contains("同名") && l.contains(&name)), "{:?}", p.preview.signatures);
    assert!(plan(&s.member.s, &decode(&evil.sign(&file), NOW + DAY_MS).unwrap()).is_err(), "met on the freshman's phone");
    // The branch itself is not warned about.
    let own = s.branch.send(s.branch.actor("TZB26070101"), Kind::Decisions);
    let words = plan(&s.member.s, &decode(&own, NOW + DAY_MS).unwrap()).map(|p| p.preview.signatures).unwrap_or_default();
    assert!(!words.iter().any(|l| l.contains("同名")), "{words:?}");
}
