//! Hand-made files (signed with the attacker's own keys) against vouching, the phone waiting for its
//! 重置码, organisations added or renamed by a branch: each test asserts a rule of the README's trust
//! model, after asking the attacker's oracle (`attack::check`), which sees each of these.

use super::first_day_tests::{registered, Phone, NOW};
use super::import::plan;
use super::seal::native::Key;
use super::trust_tests::{forge, school};
use super::*;
use crate::core::commands::{Actor, Command, Outcome};
use crate::core::date::DAY_MS;
use crate::core::demo;

const LATER: Millis = NOW + DAY_MS;

/// A problem record of `branch`: the least a file from a branch needs to carry to be taken.
fn problem(id: u64, branch: OrgId) -> Problem {
    Problem {
        id: ProblemId(id),
        branch,
        name: "张三".into(),
        student_no: None,
        kind: ProblemKind::CannotJoin,
        note: "找不到团支部".into(),
        created: NOW,
        reported: Some(NOW),
        resolved: None,
    }
}

/// The 校团委's phone never meets the branch (branches hand their files to the college): the
/// college's 上报数据 tells it the key the branch registered with, so a hand-made file claiming the
/// branch is refused there. On a 校团委's phone that kept an attacker's key for the branch all the
/// same (before its college's report said otherwise), the 校团委's 组织目录 vouches only for the
/// colleges right under it, so the college keeps the key it met at the branch's registration, its
/// own directory carries that key to the members, and the attacker's 审核结果 is refused: a first
/// meeting on one phone never becomes a changed key on the phones that have the real one.
#[test]
fn a_key_the_school_only_met_once_is_never_vouched_over_the_college_s_registered_key() {
    let mut s = school();
    let (_school_id, _college_id, branch_id) = s.ids;
    let college = s.college.actor("JSJTW");
    let report = decode(&s.college.send(college, Kind::Report), LATER).unwrap();
    assert_eq!(super::attack::check(&s.school.s, &report, LATER), Ok(()));
    s.school.take(&s.college.send(college, Kind::Report)).unwrap();
    assert_eq!(s.school.s.key_of(Sender::Org(branch_id)), Some(&s.branch.key.public()), "the college's report told the key");
    assert_eq!(s.college.s.key_of(Sender::Org(branch_id)), Some(&s.branch.key.public()), "the college kept the real key");

    // The attacker's file to the 校团委, "from the branch", signed by the attacker's own key.
    let evil = Key::from_seed(4_001);
    let fake =
        forge(&evil, Kind::Report, Sender::Org(branch_id), Body { problems: vec![problem(7_400_001, branch_id)], ..Body::default() });
    assert!(matches!(plan(&s.school.s, &fake), Err(SyncError::KeyChanged { .. })), "refused at the 校团委");
    // A 校团委's phone that met the attacker first.
    s.school.s.keys.insert(super::seal::pin_name(Sender::Org(branch_id)).unwrap(), evil.public());

    // The 校团委's ordinary 组织目录, to its colleges.
    let directory = decode(&s.school.send(s.school.actor("XTW2026"), Kind::Directory), LATER).unwrap();
    assert_eq!(super::attack::check(&s.college.s, &directory, LATER), Ok(()), "the oracle sees it");
    let p = plan(&s.college.s, &directory).unwrap();
    let mut broken = Vec::new();
    if p.merged.key_of(Sender::Org(branch_id)) != Some(&s.branch.key.public()) {
        broken.push(format!("the college's kept key for the branch replaced: preview {:?}", p.preview.keys));
    }
    s.college.s = p.merged;
    // The college's directory to the branch's member, then the attacker's 审核结果 as the branch.
    let _ = s.member.take(&s.college.send(college, Kind::Directory));
    if s.member.s.key_of(Sender::Org(branch_id)) != Some(&s.branch.key.public()) {
        broken.push("the member's kept key for the branch replaced".into());
    }
    let mine = s.member.s.requests.values().find(|r| r.applicant == s.me).unwrap().clone();
    let mut returned = mine.clone();
    returned.state = RequestState::Returned { at: NOW + 5, by: AccountId(7_400_002), reason: "冒名退回".into() };
    let decisions = forge(&evil, Kind::Decisions, Sender::Org(branch_id), Body { requests: vec![returned], ..Body::default() });
    if let Ok(p) = plan(&s.member.s, &decisions) {
        if p.merged.requests[&mine.id].state != mine.state {
            broken.push(format!("the attacker's 审核结果 taken as the branch's: {:?}", p.merged.requests[&mine.id].state));
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// A phone that took its college's 恢复资料 holds the branch's account, waiting for its
/// owner's 重置码. No account here has a password yet, but the branch is already this phone's own
/// (`own_sender_name`): a hand-made file claiming it, signed by anyone, is refused, so it cannot
/// rename the branch, keep the attacker's key for it, or retire the handed account (which
/// `ClaimResetAccount` would then refuse). (`reset_tests` tries a restored backup too.)
#[test]
fn a_file_claiming_the_branch_handed_to_this_phone_is_refused_before_the_code_is_typed() {
    let (_, mut college, _branch, _college_id, branch_id) = super::reset_tests::school();
    let committee = college.actor("JSJTW");
    let Outcome::ResetCode(code) = college.run(committee, Command::IssueOrgReset { org: branch_id }) else { panic!() };
    let mut handed = Phone::blank(30);
    handed.take(&college.key.sign(&college.s.recovery_file(committee, branch_id, NOW).unwrap())).unwrap();
    let evil = Key::from_seed(4_002);
    let mut broken = Vec::new();
    for (name, phone) in [("恢复资料", &handed)] {
        let account = phone.s.awaiting_password().expect("waiting for its owner");
        let mut retired = phone.s.accounts[&account].clone();
        retired.retired = true;
        let mut renamed = phone.s.orgs[&branch_id].clone();
        (renamed.name, renamed.updated) = ("冒名团支部".into(), NOW + DAY_MS / 2);
        let file =
            forge(&evil, Kind::Report, Sender::Org(branch_id), Body { orgs: vec![renamed], accounts: vec![retired], ..Body::default() });
        assert_eq!(super::attack::check(&phone.s, &file, LATER), Ok(()), "{name}: the oracle sees it");
        let Ok(p) = plan(&phone.s, &file) else { continue };
        let mut after = Phone::blank(32);
        after.s = p.merged;
        let claim = Command::ClaimResetAccount { account, code: code.clone(), password: demo::demo_password_hash() };
        let claimed = after.try_run(Actor::Anonymous, claim);
        broken.push(format!(
            "{name}: taken (signature line {:?}); account retired: {}; branch named {:?}; \
             kept key for the branch is the attacker's: {}; claiming the account: {:?}",
            p.preview.signatures,
            after.s.accounts[&account].retired,
            after.s.org_name(branch_id),
            after.s.key_of(Sender::Org(branch_id)) == Some(&evil.public()),
            claimed.map(|_| ()).map_err(|e| e.to_string()),
        ));
    }
    assert!(broken.is_empty(), "a file claiming the organisation handed to this phone was taken: {broken:#?}");
}

/// A 团支部 adds no organisation under itself. No command of a branch makes an
/// organisation (a branch issues no codes: `OrgKind::code_kinds`), and the README takes a new
/// organisation "only with a registration proof, or from an organisation over the place where it
/// joins this phone's tree (a committee's new branches under it)". A branch oversees itself, so
/// `may_add` also asks what the place can have under it: the college's phone takes neither a branch
/// under a branch nor a 学院团委 under it (which its 统计 would count, `branches_under`), nor does
/// the freshman's phone, where the branch is the invite's sketch.
#[test]
fn a_branch_s_report_adds_no_organisation_under_itself() {
    let mut s = school();
    let (_school_id, college_id, branch_id) = s.ids;
    let secretary = s.branch.actor("TZB26070101");
    let mut file = s.branch.s.sync_file(secretary, Kind::Report, NOW).unwrap();
    let mut shadow = s.branch.s.orgs[&branch_id].clone();
    (shadow.id, shadow.parent, shadow.name) = (OrgId(7_400_010), Some(branch_id), "2026级影子1班团支部".into());
    let college_under = Org {
        id: OrgId(7_400_011),
        name: "影子学院团委".into(),
        kind: OrgKind::College,
        parent: Some(branch_id),
        branch: None,
        created: NOW,
        updated: NOW,
    };
    file.body.orgs.extend([shadow.clone(), college_under.clone()]);
    let file = decode(&s.branch.key.sign(&file), LATER).unwrap();
    // On the freshman's phone the branch is the invite's sketch, whose kind is certain all the same.
    assert_eq!(s.member.s.orgs[&branch_id].created, 0);
    assert_eq!(super::attack::check(&s.member.s, &file, LATER), Ok(()), "the oracle sees it on the freshman's phone");
    if let Ok(p) = plan(&s.member.s, &file) {
        assert!(!p.merged.orgs.contains_key(&shadow.id) && !p.merged.orgs.contains_key(&college_under.id), "under the invite's branch");
    }
    let before = s.college.s.branches_under(college_id).len();
    assert_eq!(super::attack::check(&s.college.s, &file, LATER), Ok(()), "the oracle sees it");
    let p = plan(&s.college.s, &file).unwrap();
    s.college.s = p.merged;
    let added: Vec<&str> =
        [&shadow, &college_under].iter().filter(|o| s.college.s.orgs.contains_key(&o.id)).map(|o| o.name.as_str()).collect();
    assert!(
        added.is_empty(),
        "a branch's report added {added:?} under the branch; the college now counts {} branches (was {before})",
        s.college.s.branches_under(college_id).len()
    );
}

/// A branch (its key kept) renames itself to the full name of its sibling on the college's phone:
/// the preview names the rename (otherwise the college would see the
/// sibling, the genuine later registration, named as the 重复注册 to void, and the branch's later
/// files under the sibling's name).
#[test]
fn a_branch_renamed_to_its_sibling_s_name_is_said_in_the_preview() {
    let mut s = school();
    let (_school_id, _college_id, branch_id) = s.ids;
    let (_sibling, sibling_id, _) =
        registered(&mut s.college, "JSJTW", OrgKind::Branch, 5, ("2026级计算机2班团支部", "26070102", "TZB26070102"));
    let old_name = s.college.s.org_name(branch_id);
    let sibling_name = s.college.s.org_name(sibling_id);
    let secretary = s.branch.actor("TZB26070101");
    let mut file = s.branch.s.sync_file(secretary, Kind::Report, NOW).unwrap();
    for o in file.body.orgs.iter_mut().filter(|o| o.id == branch_id) {
        (o.name, o.updated) = (sibling_name.clone(), NOW + DAY_MS / 2);
    }
    let file = decode(&s.branch.key.sign(&file), LATER).unwrap();
    assert_eq!(super::attack::check(&s.college.s, &file, LATER), Ok(()), "the oracle sees it");
    let p = plan(&s.college.s, &file).unwrap();
    assert_eq!(p.merged.org_name(branch_id), sibling_name, "the rename is taken (the branch's own record)");
    // The signature line names the sender as this phone knew it; what the file does must say it too.
    let said = |lines: &[String]| lines.iter().any(|l| l.contains(&old_name));
    let clashes: Vec<(String, bool)> =
        p.merged.all_branch_clashes().iter().map(|c| (p.merged.org_name(c.newer), c.newer == sibling_id)).collect();
    assert!(
        said(&p.preview.added) || said(&p.preview.changed) || said(&p.preview.conflicts),
        "the preview does not say that “{old_name}” becomes “{sibling_name}”: summary {:?}, {:#?}; the 重复注册 to void \
         (name, is the genuine sibling): {clashes:?}",
        p.preview.summary(),
        p.preview
    );
}

/// A name that only looks like another's (full-width digits, a space in it) is the same name: the
/// namesake warning says so, and the committee sees the 重复注册 (`values::name_key`).
#[test]
fn a_lookalike_of_a_sibling_s_name_is_the_same_name() {
    let mut s = school();
    let (_school_id, _college_id, branch_id) = s.ids;
    registered(&mut s.college, "JSJTW", OrgKind::Branch, 5, ("2026级计算机2班团支部", "26070102", "TZB26070102"));
    let secretary = s.branch.actor("TZB26070101");
    let mut file = s.branch.s.sync_file(secretary, Kind::Report, NOW).unwrap();
    for o in file.body.orgs.iter_mut().filter(|o| o.id == branch_id) {
        (o.name, o.updated) = ("2026级 计算机２班团支部".into(), NOW + DAY_MS / 2);
    }
    let file = decode(&s.branch.key.sign(&file), LATER).unwrap();
    let p = plan(&s.college.s, &file).unwrap();
    assert!(p.preview.signatures.iter().any(|l| l.contains("同名")), "{:?}", p.preview.signatures);
    assert!(p.merged.all_branch_clashes().iter().any(|c| c.same_name), "the 重复注册 unseen");
    assert!(s.college.s.org_named("2026级计算机２班团支部").is_some(), "立即注册 would take the lookalike");
}
