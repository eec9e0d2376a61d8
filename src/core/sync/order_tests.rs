//! Phones that stand only on a link, and legitimate files in different orders: a new secretary's
//! phone that opened only a code link meeting a stranger's tree, a 团总支 between a college and its
//! branches, a member of branches in two colleges.

use super::first_day_tests::{codes, freshman, registered, registration, Phone, NOW};
use super::import::{plan, plan_all, take_directory};
use super::seal::native::Key;
use super::squat_tests::claim_member;
use super::trust_tests::{committee, forge, school};
use super::*;
use crate::core::commands::{Actor, Command, Outcome};
use crate::core::date::DAY_MS;

const LATER: Millis = NOW + DAY_MS;

/// `files` pasted at once on `phone`: none is refused, and the organisations and keys they leave
/// are `expected`'s (what taking them one by one in the right order leaves).
pub(super) fn pasted_together_give(phone: &State, files: &[SyncFile], expected: &State) {
    let (p, outcomes) = plan_all(phone, files, LATER);
    let refused: Vec<String> = outcomes.iter().filter_map(|o| o.refused.as_ref().map(|e| format!("{}: {e}", o.label))).collect();
    assert!(refused.is_empty(), "refused in one paste: {refused:#?}");
    let p = p.expect("a plan of the files");
    assert_eq!((&p.merged.orgs, &p.merged.keys), (&expected.orgs, &expected.keys));
}

/// A branch shaped like `like`, with another ID, parent and name.
fn branch_like(like: &Org, id: u64, parent: OrgId, name: &str) -> Org {
    let mut b = like.clone();
    (b.id, b.parent, b.name) = (OrgId(id), Some(parent), name.into());
    b
}

/// README, trust model: "a stranger's own tree, once met, never hangs itself under a committee this
/// phone knows ... nor gives its root a parent it names later", and (squat_tests) a phone that met
/// such a tree before it had an account "is put right by the deployment's directory".
///
/// A new secretary's phone that opened only the college's code link has nothing of its own, so a
/// stranger's tree is met as it is: here the stranger's root is its own record of the 校团委's ID
/// (which every directory shows), with a committee `R` and a branch `xb` of its own under it. The
/// secretary registers; the deployment's directory.json then hangs the college under the 校团委,
/// and so the stranger's `R`, left under that ID, now stands in the phone's own tree. Its branch
/// then claims a member the secretary accepted (a transfer into `xb`), which a stranger's tree may
/// never do.
#[test]
fn a_stranger_s_tree_rooted_at_the_school_s_id_on_a_code_link_phone_never_claims_its_members() {
    let s = school();
    let (school_id, college_id, branch_id) = s.ids;
    let mut college = s.college;
    let jsjtw = college.actor("JSJTW");
    let code = codes(college.run(jsjtw, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch })).remove(0);
    let mut phone = Phone::blank(81);
    phone.run(Actor::Anonymous, Command::LearnCode(college.code_link(&code)));
    // The stranger's tree, rooted at the 校团委's ID.
    let evil = Key::from_seed(9_001);
    let mut fake_school = committee(school_id.0, "冒名大学团委", None);
    (fake_school.kind, fake_school.updated) = (OrgKind::School, NOW + DAY_MS / 2);
    let r = committee(9_100_001, "外国语学院团委", Some(school_id));
    let xb = branch_like(&college.s.orgs[&branch_id], 9_100_002, r.id, "2026级外语1班团支部");
    let plant =
        forge(&evil, Kind::Directory, Sender::Org(r.id), Body { orgs: vec![fake_school, r.clone(), xb.clone()], ..Body::default() });
    // (Met as it is today: the phone has nothing of its own yet. Refused is as good.)
    phone.s = plan(&phone.s, &plant).map(|p| p.merged).unwrap_or(phone.s.clone());
    // The secretary registers, hands the registration up; directory.json is read at the next start.
    let Outcome::Org(mine) =
        phone.run(Actor::Anonymous, Command::RegisterBranch(registration(&code, "2026级计算机2班团支部", "26070102", "TZB26070102")))
    else {
        panic!()
    };
    college.take(&phone.send(phone.actor("TZB26070102"), Kind::Registration)).unwrap();
    let published = s.school.send(s.school.actor("XTW2026"), Kind::Directory);
    take_directory(&mut phone.s, &decode_directory(&published, LATER).unwrap()).unwrap();
    let _ = phone.take(&college.send(jsjtw, Kind::Directory));
    assert_eq!(phone.s.orgs[&college_id].parent, Some(school_id), "directory.json hangs the college under the 校团委");
    // A freshman of the new branch, accepted.
    let mut fm = Phone::blank(82);
    let me = freshman(&mut fm, phone.s.invite_for(mine).unwrap(), "13912340005", "孙五", "11010820070601456");
    phone.take(&fm.send(Actor::Member(me), Kind::Application)).unwrap();
    let secretary = phone.actor("TZB26070102");
    let pending = phone.s.requests.values().filter(|r| r.applicant == me).map(|r| r.id).collect();
    phone.run(secretary, Command::Accept { requests: pending });
    assert_eq!(phone.s.accounts[&me].member().unwrap().branch, Some(mine));

    let mut broken = Vec::new();
    if phone.s.orgs[&school_id].name != s.school.s.orgs[&school_id].name {
        broken.push(format!("after directory.json the 校团委 is still named by the stranger: {}", phone.s.orgs[&school_id].name));
    }
    if phone.s.oversees(school_id, r.id) {
        broken.push("the stranger's committee stands under the 校团委 in the phone's own tree".to_string());
    }
    let claim = claim_member(&evil, r.id, xb.id, &phone.s, me);
    if let Ok(p) = plan(&phone.s, &claim) {
        let now = p.merged.accounts[&me].member().unwrap().branch;
        if now != Some(mine) {
            broken.push(format!("the stranger's branch took the secretary's member: now in {now:?}"));
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// A school with a 团总支 between the college and a branch: the 团总支 registered with the
/// college's code, took the college's 组织目录, registered its branch and reported up; a freshman
/// opened that branch's invite. The phones: (school, college, 团总支, its branch, the freshman),
/// and the ids (校团委, college, 团总支, branch).
pub(super) fn with_general_branch() -> (Vec<Phone>, (OrgId, OrgId, OrgId, OrgId)) {
    let s = school();
    let (school_id, college_id, _) = s.ids;
    let mut college = s.college;
    let (mut tzz, tzz_id, _) = registered(&mut college, "JSJTW", OrgKind::GeneralBranch, 83, ("计算机学院2026级团总支", "", "TZZ2026"));
    tzz.take(&college.send(college.actor("JSJTW"), Kind::Directory)).expect("the college's directory on the 团总支's phone");
    assert_eq!(tzz.s.key_of(Sender::Org(school_id)), Some(&s.school.key.public()), "told by the college");
    let (branch, branch_id, _) = registered(&mut tzz, "TZZ2026", OrgKind::Branch, 84, ("2026级计算机9班团支部", "26070109", "TZB26070109"));
    college.take(&tzz.send(tzz.actor("TZZ2026"), Kind::Report)).expect("the 团总支's report");
    let mut member = Phone::blank(85);
    freshman(&mut member, branch.s.invite_for(branch_id).unwrap(), "13912340006", "钱六", "11010820070702567");
    (vec![s.school, college, tzz, branch, member], (school_id, college_id, tzz_id, branch_id))
}

/// README: a 组织目录 goes "committee → its branches and
/// members". On the phone of a branch under a 团总支 (and on its freshman's), which knows the 团总支
/// only from its link, the college's 组织目录 cannot be told from a stranger's until the 团总支's
/// introduces the college: alone and first, it is refused saying which 组织目录 to import first;
/// in one batch with the 团总支's, in either order, both are taken, as one after the other.
#[test]
fn a_branch_under_a_general_branch_takes_the_college_s_directory_in_either_order() {
    let (phones, (school_id, college_id, tzz_id, _)) = with_general_branch();
    let college_dir = decode(&phones[1].send(phones[1].actor("JSJTW"), Kind::Directory), LATER).unwrap();
    let tzz_dir = decode(&phones[2].send(phones[2].actor("TZZ2026"), Kind::Directory), LATER).unwrap();
    for phone in [&phones[3], &phones[4]] {
        assert_eq!(phone.s.orgs[&tzz_id].parent, None, "the 团总支 as the link sketched it");
        let after_tzz = plan(&phone.s, &tzz_dir).expect("the 团总支's directory").merged;
        let both = plan(&after_tzz, &college_dir).expect("the college's directory after the 团总支's").merged;
        assert_eq!(both.orgs[&tzz_id].parent, Some(college_id));
        assert_eq!(both.orgs[&college_id].parent, Some(school_id));
        let name = phone.s.orgs[&tzz_id].name.clone();
        assert_eq!(plan(&phone.s, &college_dir).unwrap_err(), SyncError::IntroductionFirst { name });
        for order in [[&college_dir, &tzz_dir], [&tzz_dir, &college_dir]] {
            pasted_together_give(&phone.s, &order.map(|f| f.clone()), &both);
        }
    }
}

/// README, changing phones: the committee above confirms the new key, "its 组织目录 then vouches
/// for the new key, and every phone that imports that directory takes it". A freshman accepted into
/// a branch of one college (whose 组织目录 told it the 校团委) asks to transfer to a branch of a
/// second college by that branch's invite: the second college's own 组织目录 hangs it under the
/// 校团委 this phone already knows, so the 校团委's 组织目录 vouching for that college's new phone
/// is taken, and the college's files are not refused on the member's phone.
#[test]
fn a_member_of_a_second_college_s_branch_gets_that_college_s_parent_and_new_key() {
    let mut s = school();
    let (school_id, college_id, branch_id) = s.ids;
    let xtw = s.school.actor("XTW2026");
    let (mut c2, c2_id, _) = registered(&mut s.school, "XTW2026", OrgKind::College, 86, ("外国语学院团委", "", "WYTW"));
    let (b2, b2_id, _) = registered(&mut c2, "WYTW", OrgKind::Branch, 87, ("2026级英语1班团支部", "26080101", "TZB26080101"));
    // Accepted into the first branch; the first college's 组织目录.
    let secretary = s.branch.actor("TZB26070101");
    let pending = s.branch.s.requests.values().map(|r| r.id).collect();
    s.branch.run(secretary, Command::Accept { requests: pending });
    s.member.take(&s.branch.send(secretary, Kind::Decisions)).unwrap();
    assert_eq!(s.member.s.accounts[&s.me].member().unwrap().branch, Some(branch_id));
    s.member.take(&s.college.send(s.college.actor("JSJTW"), Kind::Directory)).unwrap();
    assert_eq!(s.member.s.orgs[&college_id].parent, Some(school_id));
    // The second branch's invite, a transfer asked, the second college's 组织目录.
    s.member.run(Actor::Anonymous, Command::LearnBranch(b2.s.invite_for(b2_id).unwrap()));
    s.member.run(Actor::Member(s.me), Command::Apply { branch: b2_id, transfer_from: Some("2026级计算机1班团支部".into()) });
    let mut broken = Vec::new();
    if let Err(e) = s.member.take(&c2.send(c2.actor("WYTW"), Kind::Directory)) {
        broken.push(format!("the second college's 组织目录 refused: {e}"));
    }
    if s.member.s.orgs[&c2_id].parent != Some(school_id) {
        broken.push(format!("the second college's parent here: {:?}", s.member.s.orgs[&c2_id].parent));
    }
    // The second college changes phones; the 校团委 confirms it and sends its 组织目录.
    let new = Key::from_seed(9_002);
    s.school.run(xtw, Command::TrustKey { org: c2_id, key: new.public() });
    let _ = s.member.take(&s.school.send(xtw, Kind::Directory));
    if s.member.s.key_of(Sender::Org(c2_id)) != Some(&new.public()) {
        broken.push("the 校团委's 组织目录 vouching for the second college's new phone was not taken".into());
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// README: a committee's 组织目录 "also tells the keys of the committees above it (the 校团委's,
/// to a branch's phone and its members' phones)". The 校团委's own 组织目录 reaching a branch's
/// phone (or its freshman's) before the college's is refused saying to import the college's first;
/// in one batch, in either order, both are taken as in the right order.
#[test]
fn the_school_s_and_the_college_s_directories_give_the_same_outcome_in_either_order() {
    let s = school();
    let (school_id, college_id, _) = s.ids;
    let school_dir = decode(&s.school.send(s.school.actor("XTW2026"), Kind::Directory), LATER).unwrap();
    let college_dir = decode(&s.college.send(s.college.actor("JSJTW"), Kind::Directory), LATER).unwrap();
    for phone in [&s.branch.s, &s.member.s] {
        let c = plan(phone, &college_dir).expect("the college's directory").merged;
        let cs = plan(&c, &school_dir).expect("the 校团委's directory after the college's").merged;
        assert_eq!(cs.orgs[&college_id].parent, Some(school_id));
        assert_eq!(cs.key_of(Sender::Org(school_id)), Some(&s.school.key.public()));
        let name = phone.orgs[&college_id].name.clone();
        assert_eq!(plan(phone, &school_dir).unwrap_err(), SyncError::IntroductionFirst { name });
        for order in [[&school_dir, &college_dir], [&college_dir, &school_dir]] {
            pasted_together_give(phone, &order.map(|f| f.clone()), &cs);
        }
    }
}

/// The two colleges of a member who asked to transfer to a branch of a second college: the first
/// college's 组织目录 and the second's, in either order, leave both colleges under the 校团委.
#[test]
fn a_member_s_two_colleges_directories_give_the_same_outcome_in_either_order() {
    let mut s = school();
    let (school_id, college_id, _) = s.ids;
    let (mut c2, c2_id, _) = registered(&mut s.school, "XTW2026", OrgKind::College, 88, ("外国语学院团委", "", "WYTW"));
    let (b2, b2_id, _) = registered(&mut c2, "WYTW", OrgKind::Branch, 89, ("2026级英语1班团支部", "26080101", "TZB26080101"));
    let secretary = s.branch.actor("TZB26070101");
    let pending = s.branch.s.requests.values().map(|r| r.id).collect();
    s.branch.run(secretary, Command::Accept { requests: pending });
    s.member.take(&s.branch.send(secretary, Kind::Decisions)).unwrap();
    s.member.run(Actor::Anonymous, Command::LearnBranch(b2.s.invite_for(b2_id).unwrap()));
    s.member.run(Actor::Member(s.me), Command::Apply { branch: b2_id, transfer_from: Some("2026级计算机1班团支部".into()) });
    let d1 = decode(&s.college.send(s.college.actor("JSJTW"), Kind::Directory), LATER).unwrap();
    let d2 = decode(&c2.send(c2.actor("WYTW"), Kind::Directory), LATER).unwrap();
    let run = |files: [&SyncFile; 2]| files.iter().fold(s.member.s.clone(), |st, f| plan(&st, f).map(|p| p.merged).unwrap_or(st));
    let (a, b) = (run([&d1, &d2]), run([&d2, &d1]));
    let parents = |st: &State| (st.orgs[&college_id].parent, st.orgs[&c2_id].parent);
    assert_eq!(
        (parents(&a), parents(&b)),
        ((Some(school_id), Some(school_id)), (Some(school_id), Some(school_id))),
        "(first college, second college) parents, in the order first-second and second-first"
    );
}

/// A freshman who opened the invite and made an account, but has not applied yet, stands where the
/// invite put them: the college's 组织目录 hangs the college under the 校团委 there, as it does once
/// they have applied; a stranger's tree claiming the 校团委's ID is refused.
#[test]
fn a_freshman_with_an_account_who_has_not_applied_takes_the_college_s_directory() {
    let s = school();
    let (school_id, college_id, branch_id) = s.ids;
    let mut phone = Phone::blank(91);
    phone.run(Actor::Anonymous, Command::LearnBranch(s.branch.s.invite_for(branch_id).unwrap()));
    let password = crate::core::demo::demo_password_hash();
    phone.run(Actor::Anonymous, Command::CreateMemberAccount { phone: "13912340009".into(), member: true, password });
    let evil = Key::from_seed(9_003);
    let mut fake_school = committee(school_id.0, "冒名大学团委", None);
    fake_school.kind = OrgKind::School;
    let r = committee(9_200_001, "外国语学院团委", Some(school_id));
    let plant = forge(&evil, Kind::Directory, Sender::Org(r.id), Body { orgs: vec![fake_school, r], ..Body::default() });
    assert!(plan(&phone.s, &plant).is_err(), "a stranger's tree on the ID of the 校团委");
    let taken = plan(&phone.s, &decode(&s.college.send(s.college.actor("JSJTW"), Kind::Directory), LATER).unwrap()).unwrap().merged;
    assert_eq!(taken.orgs[&college_id].parent, Some(school_id));
    assert_eq!(taken.key_of(Sender::Org(school_id)), Some(&s.school.key.public()));
}
