//! The dating and naming rules of the importer as the receivers that met little and the phones
//! that hold many see them: a registered organisation dated by the claim of its code, a sender
//! named by its own record (or, a phone with nobody logged in, never by its envelope), and a
//! branch archived here deciding nothing more.

use super::first_day_tests::{codes, registration, Phone, NOW};
use super::import::plan;
use super::trust_tests::school;
use super::*;
use crate::core::commands::{Actor, Command, Outcome};
use crate::core::date::DAY_MS;

const LATER: Millis = NOW + DAY_MS;

/// A branch named `name` registered on the blank phone `seed` from a new code of the college's,
/// its registration not handed over yet: the phone, the branch and the code.
fn registering(s: &mut super::trust_tests::School, seed: u64, name: &str, number: &str) -> (Phone, OrgId, String) {
    let college = s.college.actor("JSJTW");
    let code = codes(s.college.run(college, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch })).remove(0);
    let mut phone = Phone::blank(seed);
    phone.run(Actor::Anonymous, Command::LearnCode(s.college.code_link(&code)));
    let username = format!("TZB{number}");
    let Outcome::Org(id) = phone.run(Actor::Anonymous, Command::RegisterBranch(registration(&code, name, number, &username))) else {
        panic!()
    };
    (phone, id, code)
}

/// README, "Authority, record by record": a code registers one organisation, "dated by the claim
/// of its code (typed after the code was issued, by a clock at most a day behind)". The day
/// allowed is for the registering phone's clock, not a day of age to gain: a code cannot be typed
/// before it exists, so the organisation is never dated before its code was issued.
///
/// The college's phone holds 2026级计算机1班团支部, registered with an earlier code. It issues a
/// second code; the phone that types it registers a branch of the same name and dates its claim
/// twelve hours before that code was issued (within the day allowed). The college still dates the
/// second branch no earlier than its code, and so shows it, not the real one, as the repeat.
#[test]
fn a_registration_is_dated_no_earlier_than_its_code_was_issued() {
    let mut s = school();
    let (_, college_id, branch_id) = s.ids;
    let name = s.college.s.orgs[&branch_id].name.clone();
    // The real branch typed its code as the college's clock tells it, right after it was issued.
    let real_code = s.college.s.codes.values().find(|c| matches!(c.state, CodeState::Used { org, .. } if org == branch_id)).unwrap();
    let real_at = real_code.created;
    s.college.s.orgs.get_mut(&branch_id).unwrap().created = real_at;
    let (twin_phone, twin, code) = registering(&mut s, 91, &name, "26070191");
    let issued = s.college.s.codes[&code].created;
    assert!(issued > real_at, "the second code is issued after the real branch registered");
    let mut file = twin_phone.s.sync_file(twin_phone.actor("TZB26070191"), Kind::Registration, LATER).unwrap();
    let early = issued - DAY_MS / 2;
    file.body.claims.iter_mut().for_each(|c| c.at = early);
    file.body.orgs.iter_mut().filter(|o| o.id == twin).for_each(|o| (o.created, o.updated) = (early, early));
    file.body.accounts.iter_mut().for_each(|a| a.created = early);
    let p = plan(&s.college.s, &decode(&twin_phone.key.sign(&file), LATER).unwrap()).expect("a claim within the day allowed");
    s.college.s = p.merged;
    assert!(s.college.s.orgs[&twin].created >= issued, "dated {} before its code was issued at {issued}", s.college.s.orgs[&twin].created);
    let newer = s.college.s.branch_clashes(college_id).into_iter().find(|c| c.same_name).map(|c| c.newer);
    assert_eq!(newer, Some(twin), "the later registration is the repeat");
}

/// `State::sender_name`: a phone with nobody logged in is "未登录账号的手机", "never the
/// envelope's word"; only a saved document read whole (the error screen's copy, which no phone
/// signs) keeps the reader's name for it, 本机数据副本.
///
/// The branch's phone receives a 完整备份, hand-made and signed by a stranger's phone with nobody
/// logged in, whose envelope calls it 本机数据副本: the preview does not present it as this phone's
/// own copy of its data.
#[test]
fn a_signed_file_is_never_named_as_a_saved_copy_of_this_phone_s_data() {
    let s = school();
    let phone = Phone::blank(92);
    let mut backup = phone.s.sync_file(Actor::Anonymous, Kind::Backup, LATER).unwrap();
    backup.from_name = read::COPY_NAME.into();
    let file = decode(&phone.key.sign(&backup), LATER).unwrap();
    if let Ok(p) = plan(&s.branch.s, &file) {
        assert_ne!(p.from_name, read::COPY_NAME);
    }
    assert_ne!(s.branch.s.sender_name(&file), read::COPY_NAME);
}

/// `State::sender_name`: a member is named by the record this phone holds, or, new here, by their
/// own record in the file, "never [by] the envelope's word". A file in the name of a member new
/// here whose record of them bears no name (no profile, no phone: as a 审核结果 carries a person),
/// hand-made and signed with its own key, whose envelope calls its sender the college, is not named
/// the college on the branch's phone.
#[test]
fn a_member_new_here_without_a_name_is_never_named_by_the_envelope() {
    let s = school();
    let (_, college_id, branch_id) = s.ids;
    let college_name = s.branch.s.org_name(college_id);
    let mut phone = Phone::blank(93);
    let me =
        super::first_day_tests::freshman(&mut phone, s.branch.s.invite_for(branch_id).unwrap(), "13912340009", "冯九", "11010820070309123");
    let mut file = phone.s.sync_file(Actor::Member(me), Kind::Application, LATER).unwrap();
    file.from_name = college_name.clone();
    file.body.accounts.iter_mut().for_each(|a| {
        a.login.clear();
        if let Some(m) = a.member_mut() {
            m.profile = None;
        }
    });
    let file = decode(&phone.key.sign(&file), LATER).unwrap();
    assert_ne!(s.branch.s.sender_name(&file), college_name);
    if let Ok(p) = plan(&s.branch.s, &file) {
        assert_ne!(p.from_name, college_name);
    }
}

/// A branch archived on a phone decides nothing more from its own files there, so 归档 returns
/// what still waits for it, as 作废重复注册 does: a graduating branch's phone and its college's
/// cross (the college archives the branch while an application to it is 待审核 there; the branch,
/// not knowing, returns it and reports); the application is decided either way, never left
/// waiting for good under a branch nobody can join.
#[test]
fn a_graduated_branch_s_last_decisions_count_where_its_college_archived_it_first() {
    let mut s = school();
    let (_, _, branch_id) = s.ids;
    let sec = s.branch.actor("TZB26070101");
    s.branch.run(sec, Command::SetGraduationYear { branch: branch_id, year: 2030 });
    s.college.take(&s.branch.send(sec, Kind::Report)).unwrap();
    let college = s.college.actor("JSJTW");
    s.college.run(college, Command::Archive { branch: branch_id });
    let request = s.branch.s.requests.values().find(|r| r.applicant == s.me).unwrap().id;
    s.branch.run(sec, Command::Return { request, reason: "本班已毕业".into() });
    let _ = s.college.take(&s.branch.send(sec, Kind::Report));
    assert!(!s.college.s.requests[&request].state.is_pending(), "the branch's 退回 is taken");
}
