//! Hand-made files from a stranger's own tree, met in an earlier file or named as a known organisation:
//! each test asserts a rule of the README's trust model, and asks the attacker's oracle where it can.

use super::first_day_tests::NOW;
use super::import::{plan, plan_all};
use super::seal::native::Key;
use super::seal::Vouch;
use super::trust_tests::{forge, school};
use super::*;
use crate::core::date::DAY_MS;

/// A stranger's own root committee and a branch under it (IDs nobody here uses), shaped like
/// `template` (a full branch record).
fn stranger_root(template: &Org, root_id: u64, branch_id: u64) -> (Org, Org) {
    let root =
        Org {
            id: OrgId(root_id), name: "外校团委".into(), kind: OrgKind::College, parent: None, branch: None, created: NOW, updated: NOW
        };
    let mut b = template.clone();
    (b.id, b.parent, b.name) = (OrgId(branch_id), Some(root.id), "2026级计算机9班团支部".into());
    (root, b)
}

/// Each file imported in turn, as a phone takes them one by one, the oracle (`attack::check`)
/// asked of each: the state after them, or the first invariant broken.
fn taken_in_turn(receiver: &State, files: &[SyncFile]) -> Result<State, String> {
    let mut here = receiver.clone();
    for f in files {
        super::attack::check(&here, f, NOW + DAY_MS)?;
        if let Ok(p) = plan(&here, f) {
            here = p.merged;
        }
    }
    Ok(here)
}

/// A stranger's own tree, met as it is (a root and a branch of its own: README, "a
/// stranger's own tree that joins nothing here is met as it is"), then, signed with the key this
/// phone kept for the root from that first file, the root "fills in" its parent as this phone's
/// committee. The fill-in meant for a link's sketch must not hang the stranger's whole tree under
/// the college (or the 校团委) without any registration code or authority of the committee: README,
/// "a new organisation is taken only with a registration proof, or from an organisation over the
/// place where it joins this phone's tree", and "no file moves it under another parent".
/// Two links pasted as one block (`plan_all`) are enough.
#[test]
fn a_stranger_s_root_never_hangs_its_tree_under_this_phone_s_committee() {
    let s = school();
    let (school_id, college_id, branch_id) = s.ids;
    let evil = Key::from_seed(53_001);
    let template = s.college.s.orgs[&branch_id].clone();
    let mut broken = Vec::new();
    for (receiver, under, name) in [(&s.college.s, college_id, "the college's phone"), (&s.school.s, school_id, "the 校团委's phone")] {
        let (root, fake) = stranger_root(&template, 7_300_100, 7_300_101);
        let first = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![root.clone(), fake.clone()], ..Body::default() });
        let mut hung = root.clone();
        (hung.parent, hung.updated) = (Some(under), NOW + 10);
        let second = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![hung], ..Body::default() });
        // The oracle holds the second file to the same rule.
        let met = super::held_tests::met_before(receiver, &first);
        assert_eq!(super::attack::check(&met, &second, NOW + DAY_MS), Ok(()), "{name}");
        let (p, outcomes) = plan_all(&met, &[second], NOW + DAY_MS);
        let Some(p) = p else { continue };
        if p.merged.oversees(under, fake.id) {
            broken.push(format!(
                "{name}: the stranger's branch now under {under:?} (outcomes {outcomes:?}); vouched by it: {}",
                p.merged.vouches(under, false).iter().any(|v| v.key == evil.public())
            ));
        }
    }
    assert!(broken.is_empty(), "a stranger's tree hung itself under this phone's committee: {broken:#?}");
}

/// What would follow on the college's phone, were it hung: the college's own 上报数据 then carries the
/// stranger's branch up, and the 校团委 takes it as the college's (signed by the college's key).
#[test]
fn a_stranger_s_branch_never_reaches_the_school_in_the_college_s_report() {
    let mut s = school();
    let (_, college_id, branch_id) = s.ids;
    let evil = Key::from_seed(53_002);
    let (root, fake) = stranger_root(&s.college.s.orgs[&branch_id].clone(), 7_300_110, 7_300_111);
    let first = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![root.clone(), fake.clone()], ..Body::default() });
    let mut hung = root.clone();
    (hung.parent, hung.updated) = (Some(college_id), NOW + 10);
    let second = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![hung], ..Body::default() });
    if let (Some(p), _) = plan_all(&s.college.s, &[first, second], NOW + DAY_MS) {
        s.college.s = p.merged;
    }
    let report = s.college.send(s.college.actor("JSJTW"), Kind::Report);
    let _ = s.school.take(&report);
    assert!(
        !s.school.s.orgs.contains_key(&fake.id),
        "the 校团委 now lists the stranger's branch under {:?}",
        s.school.s.orgs.get(&fake.id).and_then(|o| o.parent)
    );
}

/// A held record never answers to a stranger's own tree, met in the file or before it (judged per
/// file, it would not hold): met one file earlier (here, earlier in the same pasted block), the
/// stranger's branch holds the freshman as an applicant, and a third file upholds an "appeal"
/// of that branch naming the freshman's account as the old one. Neither on the freshman's own
/// phone (which would lock them out) nor on the branch's is the account retired. README: "what
/// this phone already holds ... answers only to an
/// organisation this phone knew to be over it before the file, never to a stranger's own tree"
/// and "a member's account is retired (停用) only by an upheld appeal of the branch that holds
/// that account here".
#[test]
fn a_stranger_met_one_file_earlier_never_retires_the_freshman() {
    let s = school();
    let (_, _, branch_id) = s.ids;
    let evil = Key::from_seed(53_003);
    let (root, fake) = stranger_root(&s.branch.s.orgs[&branch_id].clone(), 7_300_120, 7_300_121);
    let mut broken = Vec::new();
    for (receiver, name) in [(&s.member.s, "the freshman's own phone"), (&s.branch.s, "the branch's phone")] {
        let meet = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![root.clone(), fake.clone()], ..Body::default() });
        let request = Request {
            id: RequestId(7_300_122),
            kind: RequestKind::Join,
            applicant: s.me,
            branch: fake.id,
            created: NOW,
            state: RequestState::Pending,
            others: vec![],
            settled: None,
        };
        let claim = forge(&evil, Kind::Report, Sender::Org(root.id), Body { requests: vec![request], ..Body::default() });
        let appeal = Appeal {
            id: AppealId(7_300_123),
            account: AccountId(7_300_124),
            old_account: s.me,
            reason: String::new(),
            photo: None,
            branch: Some(fake.id),
            created: NOW,
            state: AppealState::Upheld { at: NOW + 10, by: AccountId(7_300_125) },
            others: vec![],
            settled: None,
        };
        let mut victim = receiver.accounts[&s.me].clone();
        victim.login = String::new();
        victim.retired = true;
        let m = victim.member_mut().unwrap();
        (m.profile, m.profile_at, m.consent, m.volunteer) = (None, 0, None, None);
        (m.branch, m.membership_at) = (Some(fake.id), NOW + 20);
        let retire =
            forge(&evil, Kind::Report, Sender::Org(root.id), Body { accounts: vec![victim], appeals: vec![appeal], ..Body::default() });
        let files = [meet, claim, retire];
        assert_eq!(taken_in_turn(receiver, &files).map(|_| ()), Ok(()), "{name}");
        let (p, outcomes) = plan_all(receiver, &files, NOW + DAY_MS);
        let Some(p) = p else { continue };
        let now = &p.merged.accounts[&s.me];
        if now.retired || now.member().unwrap().branch == Some(fake.id) {
            let login = p.merged.login_challenge("13912340001").map(|a| a.id).map_err(|e| format!("{e:?}"));
            broken.push(format!(
                "{name}: retired {}, branch {:?}, login now {login:?} ({outcomes:?})",
                now.retired,
                now.member().unwrap().branch
            ));
        }
    }
    assert!(broken.is_empty(), "a stranger met one file earlier retired the freshman: {broken:#?}");
}

/// The same split on a member the branch accepted: on the freshman's own phone a
/// stranger's branch, met one file earlier, "accepts" them, and they stay in the branch that
/// accepted them. (The single-file form is refused: `trust_tests`.)
#[test]
fn a_stranger_met_one_file_earlier_never_moves_an_accepted_member_into_its_branch() {
    let mut s = super::forgery_tests::accepted();
    let (_, _, branch_id) = s.ids;
    let secretary = s.branch.actor("TZB26070101");
    s.member.take(&s.branch.send(secretary, Kind::Decisions)).unwrap();
    assert_eq!(s.member.s.accounts[&s.me].member().unwrap().branch, Some(branch_id));
    let evil = Key::from_seed(53_004);
    let (root, fake) = stranger_root(&s.branch.s.orgs[&branch_id].clone(), 7_300_130, 7_300_131);
    let meet = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![root.clone(), fake.clone()], ..Body::default() });
    let request = Request {
        id: RequestId(7_300_132),
        kind: RequestKind::TransferIn { from: "2026级计算机1班团支部".into() },
        applicant: s.me,
        branch: fake.id,
        created: NOW,
        state: RequestState::Accepted { at: NOW + 10, by: AccountId(7_300_133) },
        others: vec![],
        settled: None,
    };
    let mut moved = s.member.s.accounts[&s.me].clone();
    moved.login = String::new();
    moved.password = crate::core::auth::PasswordHash::none();
    let m = moved.member_mut().unwrap();
    (m.profile, m.profile_at, m.consent, m.volunteer) = (None, 0, None, None);
    (m.branch, m.accepted_at, m.membership_at) = (Some(fake.id), Some(NOW + 10), NOW + DAY_MS);
    let decide =
        forge(&evil, Kind::Report, Sender::Org(root.id), Body { accounts: vec![moved], requests: vec![request], ..Body::default() });
    let files = [meet, decide];
    assert_eq!(taken_in_turn(&s.member.s, &files).map(|_| ()), Ok(()));
    let (p, outcomes) = plan_all(&s.member.s, &files, NOW + DAY_MS);
    let now = p.map(|p| p.merged.accounts[&s.me].member().unwrap().branch);
    assert!(
        now.is_none_or(|b| b == Some(branch_id)),
        "the freshman's membership moved from {branch_id:?} to {now:?} by a stranger ({outcomes:?})"
    );
}

/// A settlement's `seen` keys are bounded in number (8) and in length: a stranger's
/// own request carries one of a megabyte, which the receiving phone must not store. Every text a form
/// writes is at most 200 characters (`validate::MAX_TEXT`) and a decision's key is a short word
/// (`accepted`, `used:<组织ID>`), as `keep`'s bound of 32 says.
#[test]
fn a_settlement_s_seen_keys_are_bounded_in_length() {
    let s = school();
    let (_, _, branch_id) = s.ids;
    let evil = Key::from_seed(53_005);
    let (root, fake) = stranger_root(&s.branch.s.orgs[&branch_id].clone(), 7_300_140, 7_300_141);
    let mut account = s.member.s.accounts[&s.me].clone();
    (account.id, account.login) = (AccountId(7_300_142), "13900009999".into());
    account.password = crate::core::auth::PasswordHash::none();
    let by = AccountId(7_300_143);
    let request = Request {
        id: RequestId(7_300_144),
        kind: RequestKind::Join,
        applicant: account.id,
        branch: fake.id,
        created: NOW,
        state: RequestState::Accepted { at: NOW + 10, by },
        others: vec![RequestState::Withdrawn { at: NOW + 5, reason: "x".into() }],
        settled: Some(Settled { at: NOW + 11, by, keep: "accepted".into(), seen: vec!["a".repeat(1 << 20)] }),
    };
    let body = Body { orgs: vec![root.clone(), fake], accounts: vec![account], requests: vec![request], ..Body::default() };
    let file = SyncFile {
        kind: Kind::Report,
        from: Sender::Org(root.id),
        from_name: "外校团委".into(),
        app: String::new(),
        written: NOW,
        body,
        signed: None,
    };
    let text = evil.sign(&file);
    let Ok(read) = decode(&text, NOW + DAY_MS) else { return };
    let Ok(p) = plan(&s.branch.s, &read) else { return };
    let longest = p.merged.requests.values().filter_map(|r| r.settled.as_ref()).flat_map(|s| s.seen.iter().map(String::len)).max();
    assert!(longest.is_none_or(|n| n <= 200), "a {}-byte settlement key is stored on the branch's phone", longest.unwrap_or(0));
}

/// The namesake warning reads the records, not only the envelope's `from_name`: a
/// stranger's first file says it is from "外校团委" but its own organisation record (the sender
/// itself) is named as the freshman's college: the preview warns (imported, the phone would know two
/// "计算机学院团委", and the stranger's next file would read "与本机记下的“计算机学院团委”的密钥一致").
/// README: the preview "warns when an organisation met for the first time bears the
/// name of one this phone knows".
#[test]
fn a_stranger_named_as_this_phone_s_college_only_in_its_records_is_warned_about() {
    let s = school();
    let (_, college_id, _) = s.ids;
    // A phone that only read the published directory.json (one with anything of its own meets no
    // tree that joins nothing there).
    let receiver = &super::held_tests::browsing(&s);
    let known = receiver.org_name(college_id);
    let evil = Key::from_seed(53_006);
    let root =
        Org { id: OrgId(7_300_150), name: known.clone(), kind: OrgKind::College, parent: None, branch: None, created: NOW, updated: NOW };
    let file = SyncFile {
        kind: Kind::Directory,
        from: Sender::Org(root.id),
        from_name: "外校团委".into(),
        app: String::new(),
        written: NOW,
        body: Body { orgs: vec![root.clone()], ..Body::default() },
        signed: None,
    };
    let read = decode(&evil.sign(&file), NOW + DAY_MS).unwrap();
    let p = plan(receiver, &read).expect("a stranger's own root is met as it is");
    assert_eq!(p.merged.orgs[&root.id].name, known, "the stranger's record, named as the college, is taken");
    let warned = p.preview.signatures.iter().any(|l| l.contains("同名"));
    // Its next file, as the preview names it.
    let mut again = root.clone();
    again.updated = NOW + 5;
    let next = SyncFile { written: NOW + 1, body: Body { orgs: vec![again], ..Body::default() }, ..file };
    let later = plan(&p.merged, &decode(&evil.sign(&next), NOW + DAY_MS).unwrap()).map(|p| p.preview.signatures).unwrap_or_default();
    assert!(warned, "no namesake warning for a second “{known}”: {:?}; its next file reads {later:?}", p.preview.signatures);
}

/// A stranger's own root committee alone (an ID nobody here uses), met as it is.
fn lone_root(id: u64, kind: OrgKind, created: Millis) -> Org {
    Org { id: OrgId(id), name: "示范大学校团委".into(), kind, parent: None, branch: None, created, updated: created }
}

/// A stranger's root, met one file earlier as its own tree, "claims" the committee above this
/// phone that a link only sketched (the college on the freshman's and the branch secretary's
/// phones, learned from the invite or the code link; the 校团委 on the college's phone, learned from
/// its code link), and in the same file vouches for its own key as that committee's. The key kept
/// from the link is replaced, and everything the committee above may do (decide, retire, rename
/// this phone's own organisation) is now the stranger's. README: "A phone keeps the first key it
/// meets for each sender ... and refuses any later file for that sender signed by another key";
/// "Only the committee right above an organisation can vouch for it"; "a stranger's own tree, once
/// met, never hangs itself under a committee this phone knows"; "the records of the people in this
/// phone's own trees answer to no organisation outside those trees, however long this phone has
/// known it".
#[test]
fn a_stranger_met_one_file_earlier_never_claims_the_sketched_committee_above_nor_replaces_its_key() {
    let s = school();
    let (school_id, college_id, _) = s.ids;
    let evil = Key::from_seed(66_001);
    let mut broken = Vec::new();
    let cases = [
        (&s.member.s, college_id, "the freshman's phone (invite only)", lone_root(7_600_001, OrgKind::School, NOW)),
        (&s.branch.s, college_id, "the branch secretary's phone", lone_root(7_600_002, OrgKind::School, NOW)),
        // A root "learned from a link" too (created 0): a sketch's kind is not judged, so it may
        // have the 校团委 under it.
        (&s.college.s, school_id, "the college committee's phone", lone_root(7_600_003, OrgKind::School, 0)),
    ];
    for (receiver, above, name, root) in cases {
        let sketch = receiver.orgs[&above].clone();
        assert_eq!((sketch.created, sketch.parent), (0, None), "{name}: the committee above is a link's sketch");
        let kept = receiver.key_of(Sender::Org(above)).cloned();
        assert!(kept.is_some(), "{name}: its key was kept from the link");
        let meet = forge(&evil, Kind::Directory, Sender::Org(root.id), Body { orgs: vec![root.clone()], ..Body::default() });
        let mut claimed = sketch.clone();
        (claimed.parent, claimed.created, claimed.updated) = (Some(root.id), NOW, NOW);
        if claimed.kind == OrgKind::School {
            claimed.kind = OrgKind::College;
        }
        let claim = forge(
            &evil,
            Kind::Directory,
            Sender::Org(root.id),
            Body { orgs: vec![claimed], keys: vec![Vouch { org: above, key: evil.public() }], ..Body::default() },
        );
        // The project's own oracle holds the second file to the rule too.
        let met = super::held_tests::met_before(receiver, &meet);
        assert_eq!(super::attack::check(&met, &claim, NOW + DAY_MS), Ok(()), "{name}");
        let (p, outcomes) = plan_all(&met, &[claim], NOW + DAY_MS);
        let Some(p) = p else { continue };
        let now_kept = p.merged.key_of(Sender::Org(above)).cloned();
        if now_kept != kept || p.merged.orgs[&above].parent == Some(root.id) {
            broken.push(format!(
                "{name}: {above:?} now under {:?}, key replaced by the stranger's: {} ({outcomes:?}; keys: {:?})",
                p.merged.orgs[&above].parent,
                now_kept == Some(evil.public()),
                p.preview.keys
            ));
        }
    }
    assert!(broken.is_empty(), "a stranger claimed the committee above and replaced its kept key: {broken:#?}");
}

/// A stranger's own tree, met as it is on a phone that only opened an invite, brings a member
/// account under the phone number its owner is about to register with: the freshman still makes
/// their account and logs in with it. Only an account that logs in on this phone holds its login.
#[test]
fn a_stranger_s_record_under_a_freshman_s_phone_number_does_not_block_their_account() {
    use crate::core::commands::{Actor, Command, Outcome};
    let s = school();
    let (_, _, branch_id) = s.ids;
    let mut phone = super::first_day_tests::Phone::blank(71);
    phone.run(Actor::Anonymous, Command::LearnBranch(s.branch.s.invite_for(branch_id).unwrap()));
    let (root, branch) = stranger_root(&s.branch.s.orgs[&branch_id], 7_700_001, 7_700_002);
    let mut squatter = s.branch.s.accounts[&s.me].clone();
    squatter.id = AccountId(7_700_003);
    squatter.login = "13912340077".into();
    squatter.password = Default::default();
    squatter.member_mut().unwrap().branch = Some(branch.id);
    let evil = Key::from_seed(7_700);
    let report =
        forge(&evil, Kind::Report, Sender::Org(root.id), Body { orgs: vec![root, branch], accounts: vec![squatter], ..Body::default() });
    assert_eq!(super::attack::check(&phone.s, &report, NOW + DAY_MS), Ok(()));
    if let Ok(p) = plan(&phone.s, &report) {
        phone.s = p.merged;
    }
    let made = phone.try_run(
        Actor::Anonymous,
        Command::CreateMemberAccount { phone: "13912340077".into(), member: true, password: crate::core::demo::demo_password_hash() },
    );
    let Ok(Outcome::Account(mine)) = made else { panic!("the freshman's 创建账号: {made:?}") };
    assert_eq!(phone.s.account_by_login("13912340077").map(|a| a.id), Some(mine), "logging in finds the freshman's own account");
}
