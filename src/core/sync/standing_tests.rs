//! Where a phone stands (the links it opened, its own people) against a stranger's tree dated as a
//! link's sketch and another branch's 毕业转出; and a four-level school's 组织目录 pasted together.
//! Each test is a hand-made file an outsider signs with their own key, or a legitimate flow.

use super::first_day_tests::{codes, freshman, registration, Phone, NOW};
use super::import::plan;
use super::seal::native::Key;
use super::seal::Vouch;
use super::trust_tests::{committee, forge, school};
use super::*;
use crate::core::commands::{Actor, Command, Outcome};
use crate::core::date::DAY_MS;

const LATER: Millis = NOW + DAY_MS;

/// A stranger's root committee dated 0 (as a link's sketch is) and a branch of its own under it,
/// also dated 0 (as an invite's sketch is).
fn zero_dated_tree(like_branch: &Org, root: u64, branch: u64) -> (Org, Org) {
    let mut r = committee(root, "外校团委", None);
    (r.created, r.updated) = (0, 0);
    let mut b = like_branch.clone();
    (b.id, b.parent, b.name, b.created, b.updated) = (OrgId(branch), Some(r.id), "外校1班团支部".into(), 0, 0);
    (r, b)
}

/// README, trust model: "a stranger's own tree, once met, never hangs itself under a committee
/// this phone knows ... nor gives its root a parent it names later", and "a 组织目录 also tells the
/// keys of the committees above it ... only from a sender signing with the key it kept" (never a
/// stranger's word for the 校团委's key).
///
/// A blank phone meets a stranger's tree as it is (allowed: it has nothing of its own). The
/// stranger dated its branch 0, as an invite's sketch is; `home::Home::of` counts only the invite
/// opened here (`State::invite`), so when the freshman opens the real invite and signs up (and
/// applies, or not yet), the stranger's tree is not one of the phone's own. Its root (dated 0, as a
/// link's sketch) naming the 校团委's ID above itself, with a record of its own and its own key as
/// the 校团委's, is given no parent and tells no key; the real college's 组织目录 then hangs the
/// college under the real 校团委, and the stranger, signing as the 校团委, replaces no key.
#[test]
fn a_stranger_s_branch_dated_zero_counts_as_an_invite_and_its_root_takes_the_school_s_place() {
    zero_dated_root_attack(true);
    zero_dated_root_attack(false);
}

fn zero_dated_root_attack(applies: bool) {
    let s = school();
    let (school_id, college_id, branch_id) = s.ids;
    let evil = Key::from_seed(10_001);
    let (root, xb) = zero_dated_tree(&s.college.s.orgs[&branch_id], 10_100_001, 10_100_002);
    let mut phone = Phone::blank(101);
    let first = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![root.clone(), xb], ..Body::default() });
    phone.s = plan(&phone.s, &first).expect("met as it is on a blank phone").merged;
    // The real invite; the freshman signs up.
    if applies {
        let me = freshman(&mut phone, s.branch.s.invite_for(branch_id).unwrap(), "13912340101", "郑七", "11010820070801678");
        assert!(phone.s.accounts.contains_key(&me));
    } else {
        phone.run(Actor::Anonymous, Command::LearnBranch(s.branch.s.invite_for(branch_id).unwrap()));
        let password = crate::core::demo::demo_password_hash();
        phone.run(Actor::Anonymous, Command::CreateMemberAccount { phone: "13912340101".into(), member: true, password });
    }
    let mut broken = Vec::new();
    // The stranger's root names the 校团委's ID above itself, and tells "its" key.
    let mut hung = root.clone();
    (hung.parent, hung.updated) = (Some(school_id), NOW + 1);
    let mut fake_school = committee(school_id.0, "示范大学团委", None);
    fake_school.kind = OrgKind::School;
    let body = Body { orgs: vec![hung, fake_school], keys: vec![Vouch { org: school_id, key: evil.public() }], ..Body::default() };
    if let Ok(p) = plan(&phone.s, &forge(&evil, Kind::Directory, Sender::Org(root.id), body)) {
        if p.merged.orgs[&root.id].parent.is_some() {
            broken.push(format!("the stranger's root was given the parent {:?}", p.merged.orgs[&root.id].parent));
        }
        if p.merged.key_of(Sender::Org(school_id)) == Some(&evil.public()) {
            broken.push("the stranger's key was kept as the 校团委's".to_string());
        }
        phone.s = p.merged;
    }
    // The real college's 组织目录.
    phone.take(&s.college.send(s.college.actor("JSJTW"), Kind::Directory)).expect("the college's 组织目录");
    if phone.s.key_of(Sender::Org(school_id)) != Some(&s.school.key.public()) {
        broken.push("after the college's 组织目录 the 校团委's kept key is not the real one".to_string());
    }
    // The stranger, signing as the 校团委, vouches for a new key for the college.
    if super::squat_tests::fake_school_replaces_college_key(&phone.s, &evil, school_id, college_id) {
        broken.push("the stranger, signing as the 校团委, replaced the college's kept key".to_string());
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// README, trust model: "a stranger's own tree, once met, never hangs itself under a committee
/// this phone knows", and "the records of the people in this phone's own trees ... answer to no
/// organisation outside those trees, however long this phone has known it".
///
/// A new secretary's phone, blank, meets a stranger's tree as it is (a root committee and a branch
/// `xb` under it, both dated 0 as a link's sketches are), then opens the college's code link,
/// registers, takes the college's 组织目录 and accepts a freshman. The stranger's branch dated 0 is
/// no invite opened here, so the stranger's tree stays a stranger's: (a) its root, signing with the
/// key the phone kept for it, cannot claim the secretary's member (an accepted transfer into
/// `xb`); (b) nor hang itself under the college.
#[test]
fn a_stranger_s_root_dated_zero_hangs_under_the_secretary_s_college_and_takes_a_member() {
    let s = school();
    let (_, college_id, branch_id) = s.ids;
    let mut college = s.college;
    let jsjtw = college.actor("JSJTW");
    let code = codes(college.run(jsjtw, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch })).remove(0);
    let evil = Key::from_seed(10_002);
    let (mut root, xb) = zero_dated_tree(&college.s.orgs[&branch_id], 10_200_001, 10_200_002);
    root.kind = OrgKind::GeneralBranch;
    let mut phone = Phone::blank(102);
    let first = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![root.clone(), xb.clone()], ..Body::default() });
    phone.s = plan(&phone.s, &first).expect("met as it is on a blank phone").merged;
    phone.run(Actor::Anonymous, Command::LearnCode(college.code_link(&code)));
    let Outcome::Org(mine) =
        phone.run(Actor::Anonymous, Command::RegisterBranch(registration(&code, "2026级计算机2班团支部", "26070102", "TZB26070102")))
    else {
        panic!()
    };
    college.take(&phone.send(phone.actor("TZB26070102"), Kind::Registration)).unwrap();
    phone.take(&college.send(jsjtw, Kind::Directory)).expect("the college's 组织目录");
    let mut fm = Phone::blank(103);
    let me = freshman(&mut fm, phone.s.invite_for(mine).unwrap(), "13912340102", "冯八", "11010820070901789");
    phone.take(&fm.send(Actor::Member(me), Kind::Application)).unwrap();
    let secretary = phone.actor("TZB26070102");
    let pending = phone.s.requests.values().filter(|r| r.applicant == me).map(|r| r.id).collect();
    phone.run(secretary, Command::Accept { requests: pending });
    let mut broken = Vec::new();
    // The stranger's branch claims the secretary's member (an accepted transfer into `xb`): the
    // stranger's tree counts as the phone's own, so `home_person` no longer keeps it out.
    let claim = super::squat_tests::claim_member(&evil, root.id, xb.id, &phone.s, me);
    if let Ok(p) = plan(&phone.s, &claim) {
        let now = p.merged.accounts[&me].member().unwrap().branch;
        if now != Some(mine) {
            broken.push(format!("the stranger's branch took the secretary's member: now in {now:?}"));
        }
    }
    // The stranger's root names the college above itself (`known_above`).
    let mut hung = root.clone();
    (hung.parent, hung.updated) = (Some(college_id), NOW + 1);
    if let Ok(p) = plan(&phone.s, &forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![hung], ..Body::default() })) {
        if p.merged.oversees(college_id, root.id) {
            broken.push("the stranger's root hangs under the college in the phone's own tree".to_string());
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// README, trust model: "someone whose account is this phone's own makes their requests and
/// appeals on it: no file but their own adds one of theirs (but the branch's 毕业转出 for its
/// member, ...), and no decision moves them into a branch they did not ask to join there".
///
/// On a freshman's own phone (accepted into 计算机1班, the college's 组织目录 taken), a second
/// branch of the same college (its key vouched by that directory: a real secretary with a phone
/// of their own) sends a report carrying a 毕业转出 "for" the freshman at its own branch: not taken,
/// as the freshman is not that branch's member; nor would a 毕业转出 count as asking to join the
/// branch it leads out of, so the second branch's next file cannot move the freshman into it.
#[test]
fn another_branch_s_毕业转出_for_this_phone_s_member_is_taken_and_then_moves_them() {
    let mut s = school();
    let (_, college_id, branch_id) = s.ids;
    let secretary = s.branch.actor("TZB26070101");
    let pending = s.branch.s.requests.values().map(|r| r.id).collect();
    s.branch.run(secretary, Command::Accept { requests: pending });
    s.member.take(&s.branch.send(secretary, Kind::Decisions)).unwrap();
    let (b2, b2_id, _) = super::first_day_tests::registered(
        &mut s.college,
        "JSJTW",
        OrgKind::Branch,
        104,
        ("2026级计算机5班团支部", "26070105", "TZB26070105"),
    );
    s.member.take(&s.college.send(s.college.actor("JSJTW"), Kind::Directory)).unwrap();
    assert_eq!(s.member.s.key_of(Sender::Org(b2_id)), Some(&b2.key.public()), "vouched for by the college");
    assert_eq!(s.member.s.orgs[&b2_id].parent, Some(college_id));
    let me = s.me;
    let mut broken = Vec::new();
    let out = Request {
        id: RequestId(10_400_001),
        kind: RequestKind::TransferOut { destination: Destination::FurtherStudy, target: "外校".into() },
        applicant: me,
        branch: b2_id,
        created: NOW + 1,
        state: RequestState::Pending,
        others: vec![],
        settled: None,
    };
    let first = forge(&b2.key, Kind::Report, Sender::Org(b2_id), Body { requests: vec![out.clone()], ..Body::default() });
    if let Ok(p) = plan(&s.member.s, &first) {
        if p.merged.requests.contains_key(&out.id) {
            broken.push("another branch's 毕业转出 for this phone's own member was taken".to_string());
        }
        s.member.s = p.merged;
    }
    let mut moved = s.member.s.accounts[&me].clone();
    if let AccountRole::Member(m) = &mut moved.role {
        (m.branch, m.accepted_at, m.membership_at) = (Some(b2_id), Some(NOW + 5), NOW + DAY_MS / 2);
    }
    let second = forge(&b2.key, Kind::Report, Sender::Org(b2_id), Body { accounts: vec![moved], ..Body::default() });
    if let Ok(p) = plan(&s.member.s, &second) {
        let now = p.merged.accounts[&me].member().unwrap().branch;
        if now != Some(branch_id) {
            broken.push(format!("the second branch moved this phone's own member into itself: now in {now:?}"));
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// README, "What is trusted": "a committee's 组织目录 reaching a branch's phone before the
/// directory of the committee in between, which introduces it, is refused with the name of the one
/// to import first, and in one paste or pick they are taken in any order".
///
/// A school of four levels: 校团委 › 计算机学院团委 › a 团总支 (registered with the college's code,
/// which has not taken the college's 组织目录 yet, so it knows the college only from its code link)
/// › a branch registered with the 团总支's code; the reports have gone up, so the 校团委 knows the
/// whole tree. On the branch's phone, the three 组织目录 pasted at once in the order 校团委,
/// college, 团总支 are all taken, as one by one from the bottom: the 团总支's introduces the
/// college, whose 组织目录 is then planned again and introduces the 校团委.
#[test]
fn three_directories_of_a_four_level_school_are_taken_in_any_order_in_one_paste() {
    let s = school();
    let mut college = s.college;
    let (mut tzz, _, _) =
        super::first_day_tests::registered(&mut college, "JSJTW", OrgKind::GeneralBranch, 105, ("计算机学院2027级团总支", "", "TZZ2027"));
    let (branch, _, _) =
        super::first_day_tests::registered(&mut tzz, "TZZ2027", OrgKind::Branch, 106, ("2027级计算机1班团支部", "27070101", "TZB27070101"));
    // Reports up: the 团总支's to the college, the college's to the 校团委, which then knows the tree.
    let mut top = s.school;
    college.take(&tzz.send(tzz.actor("TZZ2027"), Kind::Report)).expect("the 团总支's report");
    top.take(&college.send(college.actor("JSJTW"), Kind::Report)).expect("the college's report");
    let school_dir = decode(&top.send(top.actor("XTW2026"), Kind::Directory), LATER).unwrap();
    let college_dir = decode(&college.send(college.actor("JSJTW"), Kind::Directory), LATER).unwrap();
    let tzz_dir = decode(&tzz.send(tzz.actor("TZZ2027"), Kind::Directory), LATER).unwrap();
    // One by one, from the bottom: all three are taken.
    let mut one_by_one = branch.s.clone();
    for f in [&tzz_dir, &college_dir, &school_dir] {
        one_by_one = plan(&one_by_one, f).expect("taken one by one from the bottom").merged;
    }
    super::order_tests::pasted_together_give(&branch.s, &[school_dir, college_dir, tzz_dir], &one_by_one);
}
