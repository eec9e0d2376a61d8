//! Hand-made files, signed with the sender's own key, against receivers that know the sender only
//! as far as they met it: a committee that took a branch's registration, and what that
//! organisation's later files may say of its own record there.

use super::first_day_tests::{codes, registration, Phone, NOW};
use super::import::plan;
use super::trust_tests::school;
use super::*;
use crate::core::commands::{Actor, Command, Outcome};
use crate::core::date::DAY_MS;

const LATER: Millis = NOW + DAY_MS;

/// An organisation of `kind` registered on the blank phone `seed` from a code of `parent`'s
/// (logged in as `login`), its registration not handed over yet: the phone and the organisation.
fn registering(parent: &mut Phone, login: &str, kind: OrgKind, seed: u64, (name, number, username): (&str, &str, &str)) -> (Phone, OrgId) {
    let code = codes(parent.run(parent.actor(login), Command::GenerateCodes { count: 1, valid_days: 20, kind })).remove(0);
    let mut phone = Phone::blank(seed);
    phone.run(Actor::Anonymous, Command::LearnCode(parent.code_link(&code)));
    let Outcome::Org(id) = phone.run(Actor::Anonymous, Command::RegisterBranch(registration(&code, name, number, username))) else {
        panic!()
    };
    (phone, id)
}

/// `phone`'s file of `kind` as `login`, its own organisation's record changed by `edit`, signed with
/// `phone`'s own key, as the receiver reads it.
fn with_own_record(phone: &Phone, login: &str, kind: Kind, org: OrgId, edit: impl Fn(&mut Org)) -> SyncFile {
    let mut file = phone.s.sync_file(phone.actor(login), kind, LATER).unwrap();
    file.body.orgs.iter_mut().filter(|o| o.id == org).for_each(edit);
    decode(&phone.key.sign(&file), LATER).unwrap()
}

/// README, 重复注册 and the trust model: "a branch registration is taken only with a proof made
/// from a code this committee issued", and an account's creation time is changed by no file ("the
/// older of two accounts with one ID number is the one 同一人 and 重复提醒 go by"). An
/// organisation's creation time decides, as an account's does, which of two registrations with one
/// name is the older (`BranchClash::newer`, the one the committee is shown as the repeat): it is
/// when the code was claimed, and no later file dates it again.
///
/// The college's phone holds the real 2026级计算机1班团支部. Someone registers a second branch of
/// that name with another code of the college's, and then sends a report (signed with their own
/// key, the one the college kept at registration) dating their branch's record a month before the
/// real one. The college still sees the second registration as the repeat.
#[test]
fn an_organisation_s_own_report_never_dates_its_registration_earlier() {
    let mut s = school();
    let (_, college_id, branch_id) = s.ids;
    let name = s.college.s.orgs[&branch_id].name.clone();
    let (evil, twin) = registering(&mut s.college, "JSJTW", OrgKind::Branch, 81, (&name, "26070199", "TZB26070199"));
    s.college.take(&evil.send(evil.actor("TZB26070199"), Kind::Registration)).unwrap();
    let clash = |c: &Phone| c.s.branch_clashes(college_id).into_iter().find(|c| c.same_name).map(|c| c.newer);
    assert_eq!(clash(&s.college), Some(twin), "the second registration is the repeat");

    let backdated = with_own_record(&evil, "TZB26070199", Kind::Report, twin, |o| {
        (o.created, o.updated) = (NOW - 30 * DAY_MS, LATER);
    });
    if let Ok(p) = plan(&s.college.s, &backdated) {
        s.college.s = p.merged;
    }
    assert_eq!(clash(&s.college), Some(twin), "its own report does not make the real branch the repeat");
}

/// The same rule at the registration itself: the registered organisation is as old as the claim of
/// the code (when the branch typed it), not as its own record in the file says. A registration whose
/// record is dated a month earlier (before the code was even issued) makes the twin look no older
/// than the real branch.
#[test]
fn a_registration_dates_its_organisation_by_the_claim_of_the_code() {
    let mut s = school();
    let (_, college_id, branch_id) = s.ids;
    let name = s.college.s.orgs[&branch_id].name.clone();
    let (evil, twin) = registering(&mut s.college, "JSJTW", OrgKind::Branch, 82, (&name, "26070198", "TZB26070198"));
    // Its claim dated a month before the code was issued is no claim of it.
    let mut early = evil.s.sync_file(evil.actor("TZB26070198"), Kind::Registration, LATER).unwrap();
    early.body.claims.iter_mut().for_each(|c| c.at = NOW - 30 * DAY_MS);
    early.body.orgs.iter_mut().filter(|o| o.id == twin).for_each(|o| o.created = NOW - 30 * DAY_MS);
    assert!(plan(&s.college.s, &decode(&evil.key.sign(&early), LATER).unwrap()).is_err());
    let backdated = with_own_record(&evil, "TZB26070198", Kind::Registration, twin, |o| o.created = NOW - 30 * DAY_MS);
    // With its claim as typed, it registers, dated by that claim.
    s.college.s = plan(&s.college.s, &backdated).expect("a registration with a valid claim is taken").merged;
    let o = &s.college.s.orgs[&twin];
    assert!(o.created >= s.college.s.orgs[&branch_id].created, "registered at {}, dated {}", NOW, o.created);
    let newer = s.college.s.branch_clashes(college_id).into_iter().find(|c| c.same_name).map(|c| c.newer);
    assert_eq!(newer, Some(twin));
}

/// README, "Authority, record by record": "an organisation already known ... is changed only by
/// itself or a committee above it, never in its kind (but where a link only guessed a
/// committee's)". A committee registered with the 校团委's code is no link's guess, however its
/// registration dates it.
///
/// A college registers with the 校团委's code, its registration's record of itself dated 0 (as a
/// link's sketch is); its next report calls it a 校团委. The 校团委's phone keeps it a college.
#[test]
fn a_registered_committee_keeps_its_kind_whatever_its_registration_dated_it() {
    let mut s = school();
    let (school_id, _, _) = s.ids;
    let (evil, college) = registering(&mut s.school, "XTW2026", OrgKind::College, 83, ("外国语学院团委", "", "WGYTW"));
    let undated = with_own_record(&evil, "WGYTW", Kind::Registration, college, |o| (o.created, o.updated) = (0, 0));
    s.school.s = plan(&s.school.s, &undated).expect("a registration with a code the 校团委 issued").merged;
    assert!(s.school.s.orgs.contains_key(&college));
    let promoted = with_own_record(&evil, "WGYTW", Kind::Report, college, |o| {
        (o.kind, o.updated) = (OrgKind::School, LATER);
    });
    if let Ok(p) = plan(&s.school.s, &promoted) {
        s.school.s = p.merged;
    }
    assert_eq!(s.school.s.orgs[&college].kind, OrgKind::College);
    assert_eq!(s.school.s.orgs[&college].parent, Some(school_id));
}

/// `State::sender_name`: "A file's sender by the name this phone knows it by ..., so that a file
/// cannot pass itself off under another's name"; one new here by its own record in the file, as an
/// organisation new here is (README: the preview names an organisation met for the first time "by
/// its own record in the file").
///
/// The branch's phone receives an application from a freshman it has never met, hand-made and
/// signed with the freshman's own key, whose envelope calls its sender "计算机学院团委"; and a
/// 完整备份 of a phone with nobody logged in whose envelope calls it "示范大学团委". Neither the
/// preview's heading nor its signature line names the sender as the envelope does.
#[test]
fn a_sender_new_here_is_named_by_its_own_record_never_by_the_envelope() {
    let s = school();
    let (_, college_id, branch_id) = s.ids;
    let college_name = s.branch.s.org_name(college_id);
    let mut phone = Phone::blank(84);
    let me =
        super::first_day_tests::freshman(&mut phone, s.branch.s.invite_for(branch_id).unwrap(), "13912340002", "吴二", "11010820070302123");
    let mut file = phone.s.sync_file(Actor::Member(me), Kind::Application, LATER).unwrap();
    file.from_name = college_name.clone();
    let p = plan(&s.branch.s, &decode(&phone.key.sign(&file), LATER).unwrap()).unwrap();
    assert_eq!(p.from_name, "吴二");
    assert!(p.preview.signatures.iter().all(|l| !l.contains(&college_name)), "{:?}", p.preview.signatures);

    // A phone with nobody logged in is named by the reader, whatever its file says, this phone's
    // own data copy's name included.
    let mut backup = phone.s.sync_file(Actor::Anonymous, Kind::Backup, LATER).unwrap();
    for claimed in ["示范大学团委", super::read::COPY_NAME] {
        backup.from_name = claimed.into();
        let read = decode(&phone.key.sign(&backup), LATER).unwrap();
        assert_eq!(s.branch.s.sender_name(&read), super::read::DEVICE_NAME);
    }
}

/// A branch archived here decides nothing more (`accept::decides_for`): 作废重复注册 archives the
/// repeat and retires its account on the committee's phone, but the voided branch's phone keeps its
/// key and account (no file retires a phone's own organisation account); its later report,
/// accepting an applicant the void returned, must not make that person its member there.
#[test]
fn a_voided_registration_decides_nothing_more_on_the_committee_s_phone() {
    let mut s = school();
    let (_, college_id, branch_id) = s.ids;
    let name = s.college.s.orgs[&branch_id].name.clone();
    let (mut twin_phone, twin) = registering(&mut s.college, "JSJTW", OrgKind::Branch, 85, (&name, "26070197", "TZB26070197"));
    s.college.take(&twin_phone.send(twin_phone.actor("TZB26070197"), Kind::Registration)).unwrap();
    let mut phone = Phone::blank(86);
    let who =
        super::first_day_tests::freshman(&mut phone, twin_phone.s.invite_for(twin).unwrap(), "13912340003", "郑三", "11010820070303123");
    twin_phone.take(&phone.send(Actor::Member(who), Kind::Application)).unwrap();
    s.college.take(&twin_phone.send(twin_phone.actor("TZB26070197"), Kind::Report)).unwrap();
    let college = s.college.actor("JSJTW");
    s.college.run(college, Command::VoidRegistration { branch: twin });
    assert!(s.college.s.branch_clashes(college_id).is_empty());
    let request = s.college.s.requests.values().find(|r| r.applicant == who).unwrap().id;
    twin_phone.run(twin_phone.actor("TZB26070197"), Command::Accept { requests: vec![request] });
    let _ = s.college.take(&twin_phone.send(twin_phone.actor("TZB26070197"), Kind::Report));
    let branch = s.college.s.accounts[&who].member().and_then(|m| m.branch);
    assert_ne!(branch, Some(twin), "a member of the branch the committee voided");
}
