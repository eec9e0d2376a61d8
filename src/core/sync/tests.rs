//! The sync file: round trips, refusals, a hand-over in both directions, authority, stamps.

use super::import::{plan, Ignored};
use super::*;
use crate::core::commands::{Actor, Command, Ctx};
use crate::core::date::DAY_MS;
use crate::core::demo::{self, DEMO_EPOCH, DEMO_HASH};
use crate::core::entropy::SplitMix;
use crate::core::profile::ProfileDraft;
use crate::core::sync::SyncError;

pub(super) const NOW: Millis = DEMO_EPOCH;

pub(super) fn run(s: &mut State, actor: Actor, cmd: Command, seed: u64) -> crate::core::Outcome {
    let mut rng = SplitMix(seed);
    let c = format!("{cmd:?}");
    s.apply(actor, cmd, &mut Ctx { now: NOW + seed as i64, rng: &mut rng }).unwrap_or_else(|e| panic!("{c}: {e}"))
}

pub(super) fn org(s: &State, name: &str) -> OrgId {
    s.orgs.values().find(|o| o.name == name).unwrap().id
}

pub(super) fn actor_of(s: &State, login: &str) -> Actor {
    s.actor_for(s.account_by_login(login).map(|a| a.id))
}

/// Through the text a person would copy: encode, then decode.
pub(super) fn carry(f: &SyncFile) -> SyncFile {
    decode(&super::seal::native::signed(f), NOW + DAY_MS).unwrap()
}

pub(super) fn import(into: &mut State, f: &SyncFile) -> import::Preview {
    let p = plan(into, &carry(f)).unwrap();
    *into = p.merged;
    p.preview
}

/// A member's phone that learned the branch from its invite link and applied.
pub(super) fn member_phone(school: &State, branch: OrgId) -> (State, AccountId) {
    let mut s = State::default();
    run(&mut s, Actor::Anonymous, Command::LearnBranch(school.invite_for(branch).unwrap()), 1);
    let crate::core::Outcome::Account(me) = run(
        &mut s,
        Actor::Anonymous,
        Command::CreateMemberAccount { phone: "13912345678".into(), member: true, password: demo::demo_password_hash() },
        2,
    ) else {
        panic!()
    };
    let draft = ProfileDraft {
        name: "周新生".into(),
        id_number: format!("{}{}", "11010820070301123", crate::core::rules::id_check_char(b"11010820070301123")),
        political_status: "共青团员".into(),
        ethnicity: "汉族".into(),
        education: "本科在读".into(),
        join_month: "2021-05".into(),
        member_number: "202100012345".into(),
        is_student: true,
        student_no: "1120259999".into(),
        wants_volunteer: true,
    };
    run(&mut s, Actor::Member(me), Command::AcceptPrivacy { version: crate::core::commands::CONSENT_VERSION }, 3);
    run(&mut s, Actor::Member(me), Command::SaveProfile(draft), 4);
    run(&mut s, Actor::Member(me), Command::Apply { branch, transfer_from: None }, 5);
    (s, me)
}

#[test]
fn an_application_goes_to_the_branch_and_the_decision_comes_back() {
    let mut secretary = demo::build(NOW);
    let branch = org(&secretary, "2025级会计学1班团支部");
    let (mut phone, me) = member_phone(&secretary, branch);
    let application = phone.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap();
    let text = application.encode();
    assert!(!text.contains(DEMO_HASH) && !text.contains("\"iterations\":600000"), "no password hash in a file");
    let preview = import(&mut secretary, &application);
    assert!(preview.added.iter().any(|l| l.contains("周新生") && l.contains("申请加入")), "{preview:?}");
    // The second time changes nothing.
    assert_eq!(plan(&secretary, &carry(&application)).unwrap_err(), SyncError::NothingNew);
    let rid = *phone.requests.keys().next().unwrap();
    let sec = actor_of(&secretary, "TZB25080101");
    // Before the branch decides: the batch's other results only, which the member is told.
    let early = secretary.sync_file(sec, Kind::Decisions, NOW).unwrap();
    assert_eq!(plan(&phone, &carry(&early)).unwrap_err(), SyncError::NoResultHere);
    run(&mut secretary, sec, Command::Accept { requests: vec![rid] }, 6);
    let decisions = secretary.sync_file(sec, Kind::Decisions, NOW).unwrap();
    let text = decisions.encode();
    assert!(!text.contains("id_number") && !text.contains("1391000"), "a decisions file carries no personal data");
    let preview = import(&mut phone, &decisions);
    assert!(preview.changed.iter().any(|l| l.contains("待审核 → 已通过")), "{preview:?}");
    assert!(preview.ignored.iter().any(|(i, _)| *i == Ignored::NotOnThisDevice), "other applicants' decisions are not for this phone");
    assert_eq!(phone.requests[&rid], secretary.requests[&rid]);
    // Opened again, the same results are here already (hers among them).
    assert_eq!(plan(&phone, &carry(&decisions)).unwrap_err(), SyncError::NothingNew);
    assert_eq!(phone.accounts[&me].member().unwrap().branch, Some(branch));
    // Both now show the same: the member's record agrees apart from the password, which never travelled.
    let mut a = phone.accounts[&me].clone();
    a.password = secretary.accounts[&me].password.clone();
    assert_eq!(&a, &secretary.accounts[&me]);
}

#[test]
fn every_export_round_trips_without_secrets() {
    let mut s = demo::build(NOW);
    s.reset_codes.push(ResetCode { account: AccountId(1), code_hash: "cd".repeat(32), expires: NOW + DAY_MS, used: false });
    let branch = actor_of(&s, "TZB25080101");
    let college = actor_of(&s, "JGSYTW");
    let member = Actor::Member(s.members_of(org(&s, "2025级会计学1班团支部")).next().unwrap().id);
    for (actor, kind) in [
        (member, Kind::Application),
        (branch, Kind::Decisions),
        (branch, Kind::Registration),
        (branch, Kind::Report),
        (college, Kind::Report),
        (college, Kind::Directory),
        (college, Kind::Backup),
        (Actor::Anonymous, Kind::Backup),
    ] {
        let f = s.sync_file(actor, kind, NOW).unwrap_or_else(|| panic!("{kind:?}"));
        let text = f.encode();
        assert!(!text.contains(DEMO_HASH) && !text.contains(&"cd".repeat(32)), "{kind:?} carries a secret");
        let back = decode(&text, NOW).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let mut want = f.clone();
        for a in &mut want.body.accounts {
            a.password = PasswordHash::none();
        }
        assert_eq!(back, want, "{kind:?}");
    }
    // The directory has no personal data.
    let dir = s.sync_file(college, Kind::Directory, NOW).unwrap().encode();
    assert!(!dir.contains("1391000") && dir.contains("团支部"));
    // A backup restored onto an empty device brings every record back.
    let mut empty = State::default();
    import(&mut empty, &s.sync_file(Actor::Anonymous, Kind::Backup, NOW).unwrap());
    assert_eq!(
        (empty.orgs.len(), empty.accounts.len(), empty.requests.len(), empty.codes.len()),
        (s.orgs.len(), s.accounts.len(), s.requests.len(), s.codes.len())
    );
    assert!(empty.accounts.values().all(|a| !a.password.is_set()), "logins need a new password after a restore");
    // The preview of a big import stays short.
    let p = plan(&State::default(), &carry(&s.sync_file(Actor::Anonymous, Kind::Backup, NOW).unwrap())).unwrap();
    assert!(
        p.preview.added.len() <= import::PREVIEW_LINES + 3 && p.preview.added.iter().any(|l| l.contains("另有")),
        "{:?}",
        p.preview.added
    );
}

/// A published directory.json is read for its organisations alone (the member's build has no
/// importer): the result must be what importing the same file gives, but where the file's tree
/// joins nothing on a phone with an account (refused from a file, `orgs::may_add`).
#[test]
fn a_published_directory_merges_as_its_import_does() {
    let s = demo::build(NOW);
    let college = actor_of(&s, "JGSYTW");
    let text = super::seal::native::signed(&s.sync_file(college, Kind::Directory, NOW).unwrap());
    // A new phone, a phone that knows a branch only from its invite link, and one that knows it all.
    let branch = org(&s, "2025级会计学1班团支部");
    let (sketch, _) = member_phone(&s, branch);
    for local in [State::default(), sketch, s.clone()] {
        let mut slim = local.clone();
        let changed = import::take_directory(&mut slim, &decode_directory(&text, NOW).unwrap()).unwrap();
        match plan(&local, &decode(&text, NOW).unwrap()) {
            Ok(p) => {
                assert!(changed);
                assert_eq!(slim, p.merged);
            }
            // A tree that joins nothing on a phone with an account: refused from a file, taken
            // from the deployment's own directory (as trusted as the app).
            Err(SyncError::NothingAccepted { .. }) if !local.accounts.is_empty() => assert!(changed),
            Err(e) => assert!(!changed && slim == local, "{e:?}"),
        }
    }
    // Another kind of file, a damaged one and a wrong record are refused as an import refuses them.
    let report = s.sync_file(college, Kind::Report, NOW).unwrap().encode();
    assert_eq!(decode_directory(&report, NOW).unwrap_err(), SyncError::WrongKind { kind: "上报数据" });
    let damaged = text.replacen("团支部", "团小组", 1);
    assert_eq!(decode_directory(&damaged, NOW).unwrap_err(), SyncError::Damaged);
    assert_eq!(decode_directory("{}", NOW).unwrap_err(), SyncError::NotSyncFile);
}

/// The shell hashes a file's body with the browser's SHA-256 between `open_any` and `read`: the
/// same digest reads the same file, any other is refused as damaged, and a saved document's copy
/// needs no digest.
#[test]
fn a_digest_computed_outside_reads_as_the_core_s_own() {
    let s = demo::build(NOW);
    let text = s.sync_file(actor_of(&s, "JGSYTW"), Kind::Report, NOW).unwrap().encode();
    let Ok(Opened::File(envelope)) = open_any(&text, NOW, false) else { panic!("a sync file") };
    let digest = crate::core::auth::sha256_hex(envelope.body());
    assert_eq!(envelope.read(NOW, Some(digest), Some(false)).unwrap(), decode(&text, NOW).unwrap());
    let Ok(Opened::File(envelope)) = open_any(&text, NOW, false) else { panic!("a sync file") };
    assert_eq!(envelope.read(NOW, Some("00".repeat(32)), Some(false)).unwrap_err(), SyncError::Damaged);
    let copy = crate::core::document::encode(&s, NOW);
    assert!(matches!(open_any(&copy, NOW, false), Ok(Opened::Copy(f)) if f.kind == Kind::Backup));
}

#[test]
fn refusals_leave_nothing_half_read() {
    let s = demo::build(NOW);
    let good = s.sync_file(Actor::Anonymous, Kind::Backup, NOW).unwrap().encode();
    assert_eq!(decode("", NOW).unwrap_err(), SyncError::NotSyncFile);
    assert_eq!(decode("hello", NOW).unwrap_err(), SyncError::NotSyncFile);
    assert_eq!(decode(r#"{"format":"tuan-state","version":1,"body":{}}"#, NOW).unwrap_err(), SyncError::NotSyncFile);
    assert_eq!(decode(r#"{"format":"tuan-sync","version":9,"body":{}}"#, NOW).unwrap_err(), SyncError::TooNew { version: 9 });
    assert!(matches!(decode(&" ".repeat(MAX_FILE_BYTES + 1), NOW).unwrap_err(), SyncError::TooLarge { .. }));
    let cut = good.char_indices().map(|(i, _)| i).rfind(|&i| i <= good.len() - 40).unwrap();
    assert_eq!(decode(&good[..cut], NOW).unwrap_err(), SyncError::NotSyncFile);
    // One changed character in the body: the digest no longer matches.
    let tampered = good.replacen("2025级会计学1班团支部", "2025级会计学2班团支部", 1);
    assert_eq!(decode(&tampered, NOW).unwrap_err(), SyncError::Damaged);
    // A forged file with a matching digest but a wrong ID number is refused by the rules.
    let mut forged = s.sync_file(Actor::Anonymous, Kind::Backup, NOW).unwrap();
    if let AccountRole::Member(m) = &mut forged.body.accounts.iter_mut().find(|a| a.profile().is_some()).unwrap().role {
        m.profile.as_mut().unwrap().id_number = "110101200501011230".into();
    }
    assert!(matches!(decode(&forged.encode(), NOW).unwrap_err(), SyncError::Invalid { .. }));
    // An unrelated JSON file.
    assert_eq!(decode(r#"{"name":"x"}"#, NOW).unwrap_err(), SyncError::NotSyncFile);
}

#[test]
fn authority_is_checked_on_the_importing_device() {
    let mut secretary = demo::build(NOW);
    let branch = org(&secretary, "2025级会计学1班团支部");
    let (mut phone, me) = member_phone(&secretary, branch);
    // A member's file that claims its own request was accepted: the decision is not taken.
    let rid = *phone.requests.keys().next().unwrap();
    phone.requests.get_mut(&rid).unwrap().state = RequestState::Accepted { at: NOW, by: me };
    let forged = phone.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap();
    let p = plan(&secretary, &carry(&forged)).unwrap();
    assert!(p.preview.ignored.contains(&(Ignored::NotTheirDecision, 1)));
    // The request itself comes in as the applicant sent it, 待审核, for the branch to decide.
    assert!(p.merged.requests[&rid].state.is_pending());
    // Nor can it make the member a member: the membership in an applicant's file is not taken.
    let mut forged = phone.clone();
    if let AccountRole::Member(m) = &mut forged.accounts.get_mut(&me).unwrap().role {
        (m.branch, m.accepted_at, m.membership_at) = (Some(branch), Some(NOW), NOW + 1);
    }
    let p = plan(&secretary, &carry(&forged.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap())).unwrap();
    assert_eq!(p.merged.accounts[&me].member().unwrap().branch, None);
    assert!(p.merged.members_of(branch).all(|a| a.id != me));
    // Another branch's decisions file cannot decide this branch's requests.
    phone.requests.get_mut(&rid).unwrap().state = RequestState::Pending;
    import(&mut secretary, &phone.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap());
    let mut other = secretary.clone();
    other.requests.get_mut(&rid).unwrap().state = RequestState::Returned { at: NOW, by: AccountId(1), reason: "伪造".into() };
    let mut file = other.sync_file(actor_of(&other, "TZB25080101"), Kind::Decisions, NOW).unwrap();
    file.from = Sender::Org(org(&other, "2025级小学教育1班团支部"));
    // Nothing of a foreign branch's decisions is taken, and the file says why.
    assert_eq!(plan(&phone, &carry(&file)).unwrap_err(), SyncError::NothingAccepted { why: Ignored::NotTheirDecision.label() });
}

#[test]
fn the_error_screens_copy_restores_as_a_backup() {
    let mut s = demo::build(NOW);
    let stored = crate::core::document::encode(&s, NOW);
    s.mark_saved();
    // A change after the document was saved, in the journal beside it.
    let (id, _) = s.accounts.iter().find(|(_, a)| a.password.is_set()).map(|(id, a)| (*id, a.clone())).unwrap();
    s.accounts.get_mut(&id).unwrap().retired = true;
    let journal = crate::core::document::encode_journal(&s, NOW, NOW + 1).unwrap();
    let copy = crate::core::document::rescue_copy(&stored, Some(&journal)).unwrap();
    assert!(!copy.contains(&s.accounts[&id].password.hash), "no password hash");
    let file = decode_any(&copy, NOW + 2, false).unwrap();
    assert_eq!(file.kind, Kind::Backup);
    let p = plan(&State::default(), &file).unwrap();
    assert_eq!(p.merged.accounts.len(), s.accounts.len());
    assert!(p.merged.accounts[&id].retired, "the journal's change is in the copy");
    // A damaged journal leaves the document; a damaged document gives nothing.
    assert!(crate::core::document::rescue_copy(&stored, Some("{")).is_ok());
    assert!(crate::core::document::rescue_copy("{", None).is_err());
    assert_eq!(decode_any("{\"x\":1}", NOW, false).unwrap_err(), SyncError::NotSyncFile);
}

#[test]
fn link_payloads_round_trip_and_refuse_garbage() {
    let p = LinkPayload::Plain("{\"a\":1}".into());
    assert_eq!(LinkPayload::parse(&p.to_param()).unwrap(), p);
    let z = LinkPayload::Deflated(vec![0, 1, 2, 250]);
    assert_eq!(LinkPayload::parse(&z.to_param()).unwrap(), z);
    for bad in ["", "x", "qAAAA", "j!!", "j_w"] {
        assert!(LinkPayload::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn received_text_is_json_a_payload_or_a_pasted_link() {
    assert_eq!(classify_text(" {\"a\":1}"), Ok(Received::Json("{\"a\":1}")));
    let z = LinkPayload::Deflated(vec![1, 2, 3]);
    assert_eq!(classify_text(&z.to_param()), Ok(Received::Payload(z.clone())));
    let link = format!("https://host/tuan/import/#d={}", z.to_param());
    assert_eq!(classify_text(&link), Ok(Received::Payload(z.clone())));
    // A link of the form handed out before.
    let link = format!("https://host/tuan/#/import?d={}", z.to_param());
    assert_eq!(classify_text(&link), Ok(Received::Payload(z)));
    assert_eq!(classify_text("hello world"), Err(SyncError::BadLink));
    // A compressed file inflating beyond the plain limit is read within the larger one.
    let big = format!("{{\"format\":\"tuan-sync\",\"version\":1,\"pad\":\"{}\"}}", " ".repeat(MAX_FILE_BYTES));
    assert!(matches!(decode(&big, NOW), Err(SyncError::TooLarge { .. })));
    assert!(!matches!(decode_any(&big, NOW, true), Err(SyncError::TooLarge { .. })));
}

#[test]
fn stamps_settlements_and_retirements_come_only_from_whoever_may_make_them() {
    let mut secretary = demo::build(NOW);
    let branch = org(&secretary, "2025级会计学1班团支部");
    let (mut phone, me) = member_phone(&secretary, branch);
    import(&mut secretary, &phone.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap());
    let rid = *phone.requests.keys().next().unwrap();
    let sec = actor_of(&secretary, "TZB25080101");
    // Every stamp of a file is bounded by the receiver's clock: a profile or membership dated a
    // year ahead, or a settlement, refuses the file.
    let year = 365 * DAY_MS;
    let mut ahead = phone.clone();
    if let AccountRole::Member(m) = &mut ahead.accounts.get_mut(&me).unwrap().role {
        m.profile_at = NOW + year;
    }
    let file = ahead.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap();
    assert!(matches!(decode(&super::seal::native::signed(&file), NOW), Err(SyncError::ClockAhead { .. })));
    let mut ahead = secretary.clone();
    if let AccountRole::Member(m) = &mut ahead.accounts.get_mut(&me).unwrap().role {
        m.membership_at = NOW + year;
    }
    ahead.requests.get_mut(&rid).unwrap().settled =
        Some(Settled { at: NOW + year, by: AccountId(1), keep: "accepted".into(), seen: vec!["accepted".into()] });
    let file = ahead.sync_file(sec, Kind::Report, NOW).unwrap();
    assert!(matches!(decode(&super::seal::native::signed(&file), NOW), Err(SyncError::ClockAhead { .. })));
    // A conflict (accepted here, withdrawn on the member's phone): the member's file cannot settle it.
    run(&mut secretary, sec, Command::Accept { requests: vec![rid] }, 20);
    run(&mut phone, Actor::Member(me), Command::Withdraw { request: rid, reason: "填错了".into() }, 21);
    let mut settling = phone.clone();
    settling.requests.get_mut(&rid).unwrap().settled =
        Some(Settled { at: NOW, by: me, keep: "withdrawn".into(), seen: vec!["accepted".into(), "withdrawn".into()] });
    let p = plan(&secretary, &carry(&settling.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap())).unwrap();
    assert_eq!(p.merged.requests[&rid].settled, None);
    assert_eq!(p.merged.request_conflicts(branch).len(), 1, "still the branch's to settle");
    // A branch's file retires no account without an appeal's decision to show for it.
    let other = org(&secretary, "2025级小学教育1班团支部");
    let member = secretary.members_of(branch).next().unwrap().id;
    let mut forged = secretary.clone();
    forged.accounts.get_mut(&member).unwrap().retired = true;
    if let Some(m) = forged.accounts.get_mut(&member).and_then(Account::member_mut) {
        m.membership_at = NOW + 5;
    }
    let mut file = forged.sync_file(sec, Kind::Report, NOW).unwrap();
    let p = plan(&secretary, &carry(&file)).unwrap_err();
    assert!(matches!(p, SyncError::NothingAccepted { .. } | SyncError::NothingNew), "{p:?}");
    file.from = Sender::Org(other);
    assert!(plan(&secretary, &carry(&file)).is_err());
}

#[test]
fn a_file_proves_few_codes_and_a_size_refusal_names_its_limit() {
    let school = demo::build(NOW);
    let mut file = school.sync_file(actor_of(&school, "TZB25080101"), Kind::Registration, NOW).unwrap();
    let claim = file.body.claims[0].clone();
    file.body.claims = vec![claim; 5];
    assert!(matches!(decode(&super::seal::native::signed(&file), NOW), Err(SyncError::Invalid { .. })));
    let e = SyncError::TooLarge { bytes: MAX_INFLATED_BYTES + 1, limit: MAX_INFLATED_BYTES };
    assert!(e.to_string().contains("40 MB"), "{e}");
}
