//! A stranger's own tree taking the place of committees a phone has not met yet: the 校团委's ID
//! (which every directory shows) planted under the stranger's root, or a root that names a parent
//! this phone will meet later. A phone with an account of its own, or a link opened, meets no such
//! tree; a phone that met one all the same (before either) is put right by the deployment's directory.

use super::first_day_tests::{Phone, NOW};
use super::held_tests::met_before;
use super::import::{plan, take_directory};
use super::seal::native::Key;
use super::seal::Vouch;
use super::trust_tests::{committee, forge, school};
use super::*;
use crate::core::commands::{Actor, Command};
use crate::core::date::DAY_MS;

fn org(id: OrgId, name: &str, kind: OrgKind, parent: Option<OrgId>, updated: Millis) -> Org {
    Org { id, name: name.into(), kind, parent, branch: None, created: NOW, updated }
}

/// The stranger's first file: its own root, and under it a committee with the 校团委's ID.
fn plant(evil: &Key, root: OrgId, school_id: OrgId) -> SyncFile {
    let squat = org(school_id, "某某团委", OrgKind::College, Some(root), NOW + DAY_MS);
    forge(
        evil,
        Kind::Directory,
        Sender::Org(root),
        Body { orgs: vec![org(root, "外校团委", OrgKind::School, None, NOW), squat], ..Body::default() },
    )
}

/// On the branch's phone the plant is refused, and the college's own 组织目录 then hangs the
/// college under the 校团委 and tells the 校团委's key. A phone that opened the code link refuses
/// it too; one that met the plant all the same (before it opened the link), and then registered, has
/// the 校团委 put back by the deployment's published directory.json
/// where it stands: the stranger's root is above nothing of the phone's, and cannot rename its
/// branch or replace the 校团委's key.
#[test]
fn a_stranger_planting_the_school_s_id_never_stands_above_the_phone_s_own_branch() {
    let s = school();
    let (school_id, college_id, branch_id) = s.ids;
    let evil = Key::from_seed(700);
    let root = OrgId(7_100_001);
    let dir = decode(&s.college.send(s.college.actor("JSJTW"), Kind::Directory), NOW + DAY_MS).unwrap();
    assert!(!s.branch.s.orgs.contains_key(&school_id), "the secretary's phone has not met the 校团委");
    assert!(plan(&s.branch.s, &plant(&evil, root, school_id)).is_err(), "the plant is refused on the branch's phone");
    let after = plan(&s.branch.s, &dir).unwrap().merged;
    assert_eq!(after.orgs[&college_id].parent, Some(school_id));
    assert_eq!(after.key_of(Sender::Org(school_id)), Some(&s.school.key.public()));

    // A new secretary's phone that met the plant between opening the code link and registering.
    let mut college = s.college;
    let code = super::first_day_tests::codes(
        college.run(college.actor("JSJTW"), Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch }),
    )
    .remove(0);
    let mut phone = Phone::blank(72);
    phone.run(Actor::Anonymous, Command::LearnCode(college.code_link(&code)));
    assert!(plan(&phone.s, &plant(&evil, root, school_id)).is_err(), "a phone that opened a code link refuses it");
    // (Met all the same, as by a phone before it opened the link.)
    phone.s = met_before(&phone.s, &plant(&evil, root, school_id));
    let registration = super::first_day_tests::registration(&code, "2026级计算机2班团支部", "26070102", "TZB26070102");
    let crate::core::commands::Outcome::Org(mine) = phone.run(Actor::Anonymous, Command::RegisterBranch(registration)) else { panic!() };
    let published = s.school.send(s.school.actor("XTW2026"), Kind::Directory);
    take_directory(&mut phone.s, &decode_directory(&published, NOW + DAY_MS).unwrap()).unwrap();
    phone.s = plan(&phone.s, &dir).map(|p| p.merged).unwrap_or(phone.s.clone());
    assert_eq!(phone.s.orgs[&school_id].parent, None, "the 校团委 back at the top");
    assert!(!phone.s.oversees(root, mine) && !phone.s.oversees(root, college_id));
    let mut renamed = phone.s.orgs[&mine].clone();
    (renamed.name, renamed.updated) = ("被改名的团支部".into(), NOW + DAY_MS);
    let next = forge(
        &evil,
        Kind::Report,
        Sender::Org(root),
        Body { orgs: vec![renamed], keys: vec![Vouch { org: school_id, key: evil.public() }], ..Body::default() },
    );
    if let Ok(p) = plan(&phone.s, &next) {
        assert_ne!(p.merged.key_of(Sender::Org(school_id)), Some(&evil.public()), "the 校团委's key replaced by the stranger");
        assert_ne!(p.merged.orgs[&mine].name, "被改名的团支部", "the phone's own branch renamed by the stranger");
    }
    let _ = branch_id;
}

/// Whether a stranger signing as the 校团委 (`school`) with `evil`, vouching for its own key for
/// `college`, has that key kept on `phone`.
pub(super) fn fake_school_replaces_college_key(phone: &State, evil: &Key, school: OrgId, college: OrgId) -> bool {
    let body = Body { keys: vec![Vouch { org: college, key: evil.public() }], ..Body::default() };
    plan(phone, &forge(evil, Kind::Directory, Sender::Org(school), body))
        .is_ok_and(|p| p.merged.key_of(Sender::Org(college)) == Some(&evil.public()))
}

/// The move a stranger's branch `xb` (under `root`) claims for `member`, held on `phone`: a
/// transfer in, accepted, and the member's record in `xb`.
pub(super) fn claim_member(evil: &Key, root: OrgId, xb: OrgId, phone: &State, member: AccountId) -> SyncFile {
    let mut account = phone.accounts[&member].clone();
    if let AccountRole::Member(m) = &mut account.role {
        (m.branch, m.accepted_at, m.membership_at) = (Some(xb), Some(NOW + 5), NOW + DAY_MS / 2);
    }
    let request = Request {
        id: RequestId(7_300_100),
        kind: RequestKind::TransferIn { from: "2026级计算机1班团支部".into() },
        applicant: member,
        branch: xb,
        created: NOW + 1,
        state: RequestState::Accepted { at: NOW + 5, by: AccountId(7_300_200) },
        others: vec![],
        settled: None,
    };
    forge(evil, Kind::Report, Sender::Org(root), Body { accounts: vec![account], requests: vec![request], ..Body::default() })
}

/// A stranger's tree, met (as a phone took one before it had an account), names as its root's
/// parent the 校团委's ID, which the branch's phone does not know yet: the root of a tree met in a
/// file is never given a parent, so when the college's own 组织目录 brings the 校团委, the
/// stranger's tree stays apart, and its branch takes no member of the phone's own branch.
#[test]
fn a_stranger_naming_an_unknown_parent_never_joins_the_phone_s_own_tree_when_that_parent_arrives() {
    let s = school();
    let (school_id, college_id, branch_id) = s.ids;
    let mut branch = s.branch;
    let rid = *branch.s.requests.keys().next().unwrap();
    branch.run(branch.actor("TZB26070101"), Command::Accept { requests: vec![rid] });
    let evil = Key::from_seed(703);
    let (root, xb) = (OrgId(7_300_001), OrgId(7_300_002));
    let mut xb_org = s.college.s.orgs[&branch_id].clone();
    (xb_org.id, xb_org.parent, xb_org.name) = (xb, Some(root), "外校1班团支部".into());
    let met = forge(
        &evil,
        Kind::Directory,
        Sender::Org(root),
        Body { orgs: vec![org(root, "外校团委", OrgKind::College, None, NOW), xb_org], ..Body::default() },
    );
    branch.s = met_before(&branch.s, &met);
    let hang = forge(
        &evil,
        Kind::Directory,
        Sender::Org(root),
        Body { orgs: vec![org(root, "外校团委", OrgKind::College, Some(school_id), NOW + 1)], ..Body::default() },
    );
    assert_eq!(super::attack::check(&branch.s, &hang, NOW + DAY_MS), Ok(()));
    branch.s = plan(&branch.s, &hang).map(|p| p.merged).unwrap_or(branch.s.clone());
    branch.s = plan(&branch.s, &decode(&s.college.send(s.college.actor("JSJTW"), Kind::Directory), NOW + DAY_MS).unwrap()).unwrap().merged;
    assert_eq!(branch.s.orgs[&college_id].parent, Some(school_id));
    assert!(!branch.s.oversees(school_id, root), "the stranger's tree hangs under the 校团委 beside the phone's own college");
    let claim = claim_member(&evil, root, xb, &branch.s, s.me);
    if let Ok(p) = plan(&branch.s, &claim) {
        assert_eq!(p.merged.accounts[&s.me].member().unwrap().branch, Some(branch_id), "the stranger's branch took the phone's member");
    }
}

/// A stranger's own root, met (as before the phone registered) with its record dated 0, as a
/// link's sketch of a committee is: after the freshman registered, it names the 校团委's ID (not
/// met here yet) as its parent and "introduces" its own key as the 校团委's. The root of a tree met
/// in a file is never to be given a parent later; here it is, and the 校团委's key is planted, so
/// that the real college's 组织目录 no longer tells it and the stranger, as the 校团委, replaces the
/// college's key (and so on down to the branch).
#[test]
fn a_stranger_s_root_dated_zero_is_never_given_a_parent_later_nor_tells_the_school_s_key() {
    let s = school();
    let (school_id, college_id, _) = s.ids;
    let evil = Key::from_seed(4242);
    let mut member = s.member;
    assert!(!member.s.orgs.contains_key(&school_id) && member.s.key_of(Sender::Org(school_id)).is_none());
    let mut root = committee(7_300_000, "外校团委", None);
    (root.created, root.updated) = (0, 0);
    let first = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![root.clone()], ..Body::default() });
    member.s = met_before(&member.s, &first);
    assert_eq!(member.s.orgs[&root.id].parent, None);
    let mut broken = Vec::new();
    // Later, its account made: the root names the 校团委 above itself, and tells "its" key.
    let mut hung = root.clone();
    hung.parent = Some(school_id);
    let body = Body { orgs: vec![hung], keys: vec![Vouch { org: school_id, key: evil.public() }], ..Body::default() };
    if let Ok(p) = plan(&member.s, &forge(&evil, Kind::Directory, Sender::Org(root.id), body)) {
        if p.merged.orgs[&root.id].parent.is_some() {
            broken.push(format!("the stranger's root was given the parent {:?}", p.merged.orgs[&root.id].parent));
        }
        if p.merged.key_of(Sender::Org(school_id)) == Some(&evil.public()) {
            broken.push(format!("the stranger's key was kept as the 校团委's ({:?})", p.preview.keys));
        }
        member.s = p.merged;
    }
    // The real college's 组织目录 arrives: it hangs the college under the 校团委 and tells its key.
    member.take(&s.college.send(s.college.actor("JSJTW"), Kind::Directory)).unwrap();
    assert_eq!(member.s.orgs[&college_id].parent, Some(school_id));
    if member.s.key_of(Sender::Org(school_id)) != Some(&s.school.key.public()) {
        broken.push("after the college's 组织目录, the 校团委's kept key is not the real one".into());
    }
    // The stranger, as the 校团委, vouches for a new key for the college.
    if fake_school_replaces_college_key(&member.s, &evil, school_id, college_id) {
        broken.push("the stranger, signing as the 校团委, replaced the college's kept key".into());
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// A stranger's own root (an ordinary record), met as before the phone registered: after the
/// freshman registered, its file names the 校团委's ID (not met here yet) above itself. On a
/// phone with an account "no stranger takes the place of a committee this phone has not met yet,
/// the 校团委's, say"; here the stranger's 校团委 is taken, under its name, and the real college's
/// 组织目录 can then neither hang the college under the real 校团委 nor tell the 校团委's key.
#[test]
fn a_stranger_s_root_takes_no_place_of_the_school_after_the_phone_registered() {
    let s = school();
    let (school_id, college_id, _) = s.ids;
    let evil = Key::from_seed(4243);
    let mut member = s.member;
    let root = committee(7_300_010, "外校团委", None);
    let first = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![root.clone()], ..Body::default() });
    member.s = met_before(&member.s, &first);
    let mut broken = Vec::new();
    let mut named = root.clone();
    named.parent = Some(school_id);
    let mut fake_school = committee(school_id.0, "示范大学团委", None);
    fake_school.kind = OrgKind::School;
    let body = Body { orgs: vec![named, fake_school], ..Body::default() };
    if let Ok(p) = plan(&member.s, &forge(&evil, Kind::Directory, Sender::Org(root.id), body)) {
        if p.merged.orgs.contains_key(&school_id) {
            broken.push("the stranger's record of the 校团委 was taken".into());
        }
        member.s = p.merged;
    }
    member.take(&s.college.send(s.college.actor("JSJTW"), Kind::Directory)).unwrap();
    if member.s.orgs[&college_id].parent != Some(school_id) {
        broken.push(format!(
            "the real college's 组织目录 no longer hangs the college under the 校团委: {:?}",
            member.s.orgs[&college_id].parent
        ));
    }
    if member.s.key_of(Sender::Org(school_id)) != Some(&s.school.key.public()) {
        broken.push("the real college's 组织目录 no longer tells the 校团委's key".into());
    }
    assert!(broken.is_empty(), "{broken:#?}");
}
