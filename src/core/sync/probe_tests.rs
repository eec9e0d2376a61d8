//! Hand-made files (each signed by the attacker's own key, or by a real committee's key held by a
//! dishonest secretary) against a report's deep vouch, where a phone with an invite stands, and
//! the cost of a file's keys.

use super::first_day_tests::{freshman, registered, Phone, NOW};
use super::import::plan;
use super::seal::native::Key;
use super::seal::{pin_name, Vouch};
use super::trust_tests::{committee, forge, school};
use super::*;
use crate::core::commands::Actor;
use crate::core::date::DAY_MS;

const LATER: Millis = NOW + DAY_MS;

/// README, trust model: "a tree that joins nothing here is met as it is only on a phone with no
/// account of its own and no link opened"; and an invite names its branch's parent.
///
/// A blank phone meets a stranger's tree as it is (allowed): the stranger's root `R` and, under it,
/// a branch record carrying the ID of a real branch (its ID is in its invite link and QR code,
/// which the class chat shows). The freshman then opens the REAL invite of that branch, which
/// names the college above it: the phone knows the branch under another parent, and believes
/// neither, refusing the invite with the way out (`CoreError::InviteDisagrees`), so the stranger's
/// root never becomes the top of the tree the freshman joins. Cleared, the phone takes the invite,
/// the freshman applies, and a file from the stranger's root decides nothing of theirs.
#[test]
fn a_real_invite_to_a_branch_a_stranger_s_tree_squatted_is_refused_until_the_phone_is_cleared() {
    let s = school();
    let (_school_id, college_id, branch_id) = s.ids;
    let evil = Key::from_seed(11_001);
    let root = committee(11_000_001, "示范大学团委", None);
    let mut squat = s.branch.s.orgs[&branch_id].clone();
    squat.parent = Some(root.id);
    // A blank phone takes the stranger's 组织目录 (a link sent to the freshmen's group before term).
    let mut phone = Phone::blank(11);
    let plant = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![root.clone(), squat], ..Body::default() });
    phone.s = plan(&phone.s, &plant).expect("a blank phone meets a stranger's tree as it is").merged;
    let invite = s.branch.s.invite_for(branch_id).unwrap();
    let refused = phone.try_run(Actor::Anonymous, crate::core::commands::Command::LearnBranch(invite.clone()));
    assert_eq!(refused.unwrap_err(), crate::core::error::CoreError::InviteDisagrees.into());
    assert_eq!(phone.s.invite, None, "nothing of the invite is kept");
    // 清除本机数据, and the invite again: an account and 申请加入, as every freshman does.
    let mut phone = Phone::blank(11);
    let me = freshman(&mut phone, invite, "13912340011", "郑十一", "11010820070301123");
    assert_eq!(phone.s.orgs[&branch_id].parent, Some(college_id));
    // The stranger's root deciding the freshman's own request: nothing of it is taken.
    let mine = phone.s.requests.values().find(|r| r.applicant == me).unwrap().clone();
    let mut returned = mine.clone();
    returned.state = RequestState::Returned { at: NOW + 50, by: AccountId(11_000_002), reason: "名额已满".into() };
    let decision = forge(&evil, Kind::Decisions, Sender::Org(root.id), Body { requests: vec![returned], ..Body::default() });
    assert!(plan(&phone.s, &decision).is_err());
    // The real college's 组织目录, signed with the key the invite carried, is taken.
    let college_dir = decode(&s.college.send(s.college.actor("JSJTW"), Kind::Directory), LATER).unwrap();
    assert!(plan(&phone.s, &college_dir).is_ok());
}

/// README, trust model: "Only the committee right above an organisation (on this phone, before
/// the file) can vouch for it ... never for one it met further down in somebody's file", and "A
/// committee's 上报数据 ... tells the keys of those further down that the committees between told
/// it"; and the report "branch or committee → the committee above" carries "everything under it".
///
/// A documented limit, and how it shows. A school with two colleges. The second college registered
/// a branch `X` (whose ID its invite link shows) but has not reported yet. The first college's
/// secretary (a real committee whose key the 校团委 keeps) hand-makes a 上报数据 bringing a 团总支
/// of its own invention with `X` under it, and, deep, a key of its own for `X`: a committee's word
/// for what is under it, which the 校团委 cannot check (README, "What it cannot stop"). The second
/// college's genuine report is then refused for `X`, saying that this phone holds `X` under
/// another committee, for the 校团委 to check with both (`Ignored::PlacedElsewhere`), not with a
/// reason that blames the college.
#[test]
fn a_branch_a_committee_claimed_under_itself_first_is_refused_to_its_own_college_saying_so() {
    let mut s = school();
    let (school_id, college_id, _) = s.ids;
    let (mut c2, c2_id, _) = registered(&mut s.school, "XTW2026", OrgKind::College, 1101, ("外国语学院团委", "", "WYTW"));
    let (x, x_id, _) = registered(&mut c2, "WYTW", OrgKind::Branch, 1102, ("2026级英语1班团支部", "26080101", "TZB26080101"));
    // A freshman of X applies; X accepts and reports to its college.
    let mut fm = Phone::blank(1103);
    let fm_id = freshman(&mut fm, x.s.invite_for(x_id).unwrap(), "13912341101", "冯一", "11010820070402234");
    let mut x = x;
    x.take(&fm.send(Actor::Member(fm_id), Kind::Application)).unwrap();
    let sec = x.actor("TZB26080101");
    let pending = x.s.requests.values().map(|r| r.id).collect();
    x.run(sec, crate::core::commands::Command::Accept { requests: pending });
    c2.take(&x.send(sec, Kind::Report)).unwrap();
    // The first college's hand-made report: a 团总支 of its own, and X under it, with a key.
    let evil = Key::from_seed(11_101);
    let college = s.college.actor("JSJTW");
    let mut file = s.college.s.sync_file(college, Kind::Report, LATER).unwrap();
    let mut tzz = committee(11_100_001, "外国语学院（代管）团总支", Some(college_id));
    tzz.kind = OrgKind::GeneralBranch;
    let mut squat = x.s.orgs[&x_id].clone();
    squat.parent = Some(tzz.id);
    file.body.orgs.extend([tzz.clone(), squat]);
    file.body.keys.push(Vouch { org: x_id, key: evil.public() });
    let file = decode(&s.college.key.sign(&file), LATER).unwrap();
    assert!(s.school.s.key_of(Sender::Org(x_id)).is_none(), "the 校团委 has not heard of X yet");
    if let Ok(p) = plan(&s.school.s, &file) {
        s.school.s = p.merged;
    }
    // The second college's genuine report.
    let report = c2.send(c2.actor("WYTW"), Kind::Report);
    let refused = s.school.take(&report).unwrap_err();
    assert_eq!(refused, SyncError::NothingAccepted { why: super::preview::Ignored::PlacedElsewhere.label() });
    assert_eq!(s.school.s.orgs[&x_id].parent, Some(tzz.id), "the limit: the first word the 校团委 heard of X stands");
    assert!(s.school.s.right_under(school_id, c2_id));
}

/// README, "Size and speed": "importing a 10,000-member file, and each worst shape of a file within
/// the size limit, within 1 s"; "a compressed one is inflated ... and stopped past 40 MB".
///
/// A file names each organisation once in its keys (`validate::body`): a college's 上报数据 repeating
/// one vouch 36,000 times (3.9 MB, under the 5 MB limit uncompressed, and far more from a small
/// compressed payload) is refused as it is read. Told once each, for every organisation of a
/// 10,000-member school's 校团委 (13,031 accounts) and 30,000 unknown ones, the vouches are judged
/// with this phone's own organisations read once, not once per vouch: planned within the budget.
#[test]
fn a_report_telling_one_key_again_and_again_is_refused_and_many_keys_cost_little() {
    let mut school = crate::core::bench_data::large_school(NOW, 30, 3_000, 10_000);
    school.demo = false;
    let top = school.orgs.values().find(|o| o.parent.is_none()).unwrap().id;
    let college = school.orgs.values().find(|o| o.parent == Some(top)).unwrap().id;
    let branch = school.orgs.values().find(|o| o.parent == Some(college)).unwrap().id;
    // The 校团委's phone: only its own account logs in here.
    for a in school.accounts.values_mut().filter(|a| a.role != AccountRole::Committee { org: top }) {
        a.password = crate::core::auth::PasswordHash::none();
    }
    let key = Key::from_seed(11_201);
    school.keys.insert(pin_name(Sender::Org(college)).unwrap(), key.public());
    let (k1, k2) = (Key::from_seed(11_202).public(), Key::from_seed(11_203).public());
    // 36,000 vouches: about 3.9 MB, under MAX_FILE_BYTES uncompressed (40 MB inflated holds ten times as many).
    let n = 36_000;
    let keys = (0..n).map(|i| Vouch { org: branch, key: if i % 2 == 0 { k1.clone() } else { k2.clone() } }).collect();
    let file = SyncFile {
        kind: Kind::Report,
        from: Sender::Org(college),
        from_name: "学院团委".into(),
        app: String::new(),
        written: NOW,
        body: Body { keys, ..Body::default() },
        signed: None,
    };
    let text = key.sign(&file);
    assert!(matches!(decode_any(&text, LATER, true), Err(SyncError::Invalid { .. })), "a key told twice for one organisation");
    // Told once each: every organisation of the school and 30,000 unknown ones, planned within the budget.
    let mut keys: Vec<Vouch> = school.orgs.keys().map(|o| Vouch { org: *o, key: k1.clone() }).collect();
    keys.extend((0..30_000).map(|i| Vouch { org: OrgId(90_000_000 + i), key: k2.clone() }));
    let file = SyncFile { body: Body { keys, ..Body::default() }, ..file };
    let text = key.sign(&file);
    let read = decode_any(&text, LATER, true).unwrap();
    let start = std::time::Instant::now();
    let _ = plan(&school, &read);
    let ms = start.elapsed().as_millis();
    assert!(
        ms < 1_000,
        "a {} KB report of {} vouches took {ms} ms on a phone of {} accounts",
        text.len() / 1024,
        read.body.keys.len(),
        school.accounts.len()
    );
}
