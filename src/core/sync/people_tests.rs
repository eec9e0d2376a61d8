//! Tests of the sync files around people: appeals decided both ways, what stays 未发出 until it leaves the phone, pasted blocks of messages,
//! QR capacity, restores and what a file may never change.

use super::import::{plan, Ignored, Preview};
use super::tests::{actor_of, carry, import, member_phone, org, run, NOW};
use super::*;
use crate::core::commands::{Actor, Command, Ctx};
use crate::core::demo;
use crate::core::entropy::SplitMix;
use crate::core::profile::ProfileDraft;
use crate::core::sync::{Placeholder, SyncError};

/// A complete 志愿服务 form, as a member fills it in.
fn volunteer_form() -> crate::core::commands::VolunteerForm {
    crate::core::commands::VolunteerForm {
        service_area: "北京市/海淀区".into(),
        native_place: "北京市/海淀区".into(),
        residence: "北京市/海淀区".into(),
        directions: vec!["社区服务".into()],
        guardian_consent: true,
    }
}

/// A new account (13912340000) filing 我要申诉 for the member holding `id_number`.
fn appeal_from_new_account(s: &mut State, id_number: &str) -> (AccountId, AppealId) {
    let crate::core::Outcome::Account(new) = run(
        s,
        Actor::Anonymous,
        Command::CreateMemberAccount { phone: "13912340000".into(), member: true, password: demo::demo_password_hash() },
        40,
    ) else {
        panic!()
    };
    let photo = Some("data:image/jpeg;base64,/9j/".into());
    let crate::core::Outcome::Appeal(ap) =
        run(s, Actor::Member(new), Command::FileAppeal { id_number: id_number.to_string(), reason: "换了手机号".into(), photo }, 41)
    else {
        panic!()
    };
    (new, ap)
}

#[test]
fn an_appeal_decided_both_ways_is_settled_and_the_membership_follows() {
    let mut s = demo::build(NOW);
    let branch = org(&s, "2025级会计学1班团支部");
    let old = s.members_of(branch).find(|a| !a.member().unwrap().cadre).unwrap().id;
    let id_number = s.accounts[&old].profile().unwrap().id_number.clone();
    let (new, ap) = appeal_from_new_account(&mut s, &id_number);
    // The secretary upholds on one phone; the college rejects on another.
    let (mut sec, mut col) = (s.clone(), s.clone());
    run(&mut sec, actor_of(&s, "TZB25080101"), Command::DecideAppeal { appeal: ap, uphold: true, reason: String::new() }, 42);
    run(&mut col, actor_of(&s, "JGTW"), Command::DecideAppeal { appeal: ap, uphold: false, reason: "照片不清楚".into() }, 43);
    sec.join(&col);
    assert_eq!(sec.appeal_conflicts(branch).len(), 1);
    assert!(sec.accounts[&old].retired, "upheld stands until settled");
    run(&mut sec, actor_of(&s, "TZB25080101"), Command::SettleAppeal { appeal: ap, keep: "rejected".into() }, 44);
    assert!(sec.appeal_conflicts(branch).is_empty());
    assert!(!sec.accounts[&old].retired && sec.accounts[&old].member().unwrap().branch == Some(branch), "the old account is back");
    assert_eq!(sec.accounts[&new].member().unwrap().branch, None);
    // The college's phone takes the settlement and agrees.
    col.join(&sec);
    assert_eq!(col.accounts[&old].retired, sec.accounts[&old].retired);
    assert_eq!(col.appeals[&ap], sec.appeals[&ap]);
}

/// A second freshman's phone: another person applying to the same branch.
fn another_member(school: &State, branch: OrgId, phone_no: &str, id17: &str, name: &str, seed: u64) -> (State, AccountId) {
    let mut s = State::default();
    run(&mut s, Actor::Anonymous, Command::LearnBranch(school.invite_for(branch).unwrap()), seed);
    let crate::core::Outcome::Account(me) = run(
        &mut s,
        Actor::Anonymous,
        Command::CreateMemberAccount { phone: phone_no.into(), member: true, password: demo::demo_password_hash() },
        seed + 1,
    ) else {
        panic!()
    };
    let draft = ProfileDraft {
        name: name.into(),
        id_number: format!("{id17}{}", crate::core::rules::id_check_char(id17.as_bytes())),
        political_status: "共青团员".into(),
        ethnicity: "汉族".into(),
        education: "本科在读".into(),
        join_month: "2021-05".into(),
        member_number: format!("2021000{}", &phone_no[6..]),
        is_student: true,
        student_no: format!("11202{}", &phone_no[6..]),
        wants_volunteer: true,
    };
    run(&mut s, Actor::Member(me), Command::AcceptPrivacy { version: crate::core::commands::CONSENT_VERSION }, seed + 2);
    run(&mut s, Actor::Member(me), Command::SaveProfile(draft), seed + 3);
    run(&mut s, Actor::Member(me), Command::Apply { branch, transfer_from: None }, seed + 4);
    (s, me)
}

#[test]
fn an_application_is_unsent_until_it_leaves_the_phone_and_again_after_a_change() {
    use crate::core::handover::{Handed, Record};
    let school = demo::build(NOW);
    let branch = org(&school, "2025级会计学1班团支部");
    let (mut phone, me) = member_phone(&school, branch);
    let due = phone.application_due(me).unwrap();
    assert_eq!(due.unsent, 2, "the request and the details: {due:?}");
    assert!(due.to.contains("会计学1班"));
    let rid = *phone.requests.keys().next().unwrap();
    assert_eq!(phone.handed(Kind::Application, Record::Request(&phone.requests[&rid])), Handed::Unsent);
    run(&mut phone, Actor::Member(me), Command::MarkSent { kind: Kind::Application }, 9);
    assert_eq!(phone.application_due(me).unwrap().unsent, 0);
    assert_eq!(phone.handed(Kind::Application, Record::Request(&phone.requests[&rid])), Handed::Sent(NOW + 9));
    // The ledger survives the saved document, and travels only in the phone's own 完整备份.
    let back = crate::core::document::decode(&crate::core::document::encode(&phone, NOW)).unwrap().state;
    assert_eq!(back.sent, phone.sent);
    assert!(phone.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap().encode().find("\"sent\"").is_none());
    assert!(phone.sync_file(Actor::Member(me), Kind::Backup, NOW).unwrap().encode().contains("\"sent\""));
    // A volunteer registration afterwards is a change the branch has not had.
    let form = volunteer_form();
    run(&mut phone, Actor::Member(me), Command::RegisterVolunteer(form), 10);
    assert_eq!(phone.application_due(me).unwrap().unsent, 1);
    // A withdrawal must reach the branch too.
    run(&mut phone, Actor::Member(me), Command::MarkSent { kind: Kind::Application }, 11);
    run(&mut phone, Actor::Member(me), Command::Withdraw { request: rid, reason: "选错了团支部".into() }, 12);
    assert_eq!(phone.application_due(me).unwrap().unsent, 1);
    // The member's build takes the mark for an application, and nothing else.
    let mut rng = SplitMix(1);
    let mut ctx = Ctx { now: NOW, rng: &mut rng };
    assert!(phone.clone().apply_members(Actor::Member(me), Command::MarkSent { kind: Kind::Application }, &mut ctx).is_ok());
    assert!(phone.clone().apply_members(Actor::Member(me), Command::MarkSent { kind: Kind::Backup }, &mut ctx).is_err());
}

#[test]
fn decisions_and_problems_are_unsent_until_their_hand_over_and_a_report_marks_problems_reported() {
    use crate::core::handover::{Handed, Record};
    let mut secretary = demo::build(NOW);
    let branch = org(&secretary, "2025级会计学1班团支部");
    let (phone, _) = member_phone(&secretary, branch);
    import(&mut secretary, &phone.sync_file(phone.actor_for(phone.accounts.keys().next().copied()), Kind::Application, NOW).unwrap());
    let sec = actor_of(&secretary, "TZB25080101");
    let before = secretary.org_dues(sec);
    let rid = *phone.requests.keys().next().unwrap();
    run(&mut secretary, sec, Command::Accept { requests: vec![rid] }, 6);
    assert_eq!(secretary.handed(Kind::Decisions, Record::Request(&secretary.requests[&rid])), Handed::Unsent);
    let dues = secretary.org_dues(sec);
    let decisions = |d: &[crate::core::handover::Due]| d.iter().find(|d| d.kind == Kind::Decisions).map_or(0, |d| d.unsent);
    assert_eq!(decisions(&dues), decisions(&before) + 1, "{dues:?}");
    run(&mut secretary, sec, Command::MarkSent { kind: Kind::Decisions }, 7);
    assert_eq!(decisions(&secretary.org_dues(sec)), 0);
    assert!(matches!(secretary.handed(Kind::Decisions, Record::Request(&secretary.requests[&rid])), Handed::Sent(_)));
    // A problem is 已上报 only once the report has left the phone, and arrives reported.
    let crate::core::Outcome::Problem(pid) = run(
        &mut secretary,
        sec,
        Command::RecordProblem {
            name: "王无号".into(),
            student_no: String::new(),
            kind: ProblemKind::CannotRegister,
            note: "没有身份证".into(),
        },
        8,
    ) else {
        panic!()
    };
    assert_eq!(secretary.problems[&pid].reported, None);
    let report = secretary.sync_file(sec, Kind::Report, NOW).unwrap();
    assert!(report.body.problems.iter().all(|p| p.reported.is_some()), "a report carries its problems as reported");
    assert_eq!(secretary.problems[&pid].reported, None, "writing the file marks nothing");
    run(&mut secretary, sec, Command::MarkSent { kind: Kind::Report }, 9);
    assert!(secretary.problems[&pid].reported.is_some());
    assert_eq!(
        secretary.handed(Kind::Report, Record::Problem(&secretary.problems[&pid])),
        Handed::Sent(NOW + 9),
        "marking it reported does not make it unsent again"
    );
}

#[test]
fn a_pasted_block_of_many_messages_is_read_whole_and_planned_as_one() {
    let mut secretary = demo::build(NOW);
    let branch = org(&secretary, "2025级会计学1班团支部");
    let phones: Vec<(State, AccountId)> = (0..3u64)
        .map(|i| {
            another_member(
                &secretary,
                branch,
                &format!("1391000{:04}", 100 + i),
                &format!("1101082007030{}123", 1 + i),
                ["甲新生", "乙新生", "丙新生"][i as usize],
                10 * (i + 1),
            )
        })
        .collect();
    let files: Vec<SyncFile> = phones.iter().map(|(s, me)| s.sync_file(Actor::Member(*me), Kind::Application, NOW).unwrap()).collect();
    // As WeChat copies several messages: names and times, a link, a file's JSON, a picture.
    // A link of today's form and one of the form handed out before.
    let link = |f: &SyncFile| format!("https://host/tuan/import/#d={}", LinkPayload::Plain(super::seal::native::signed(f)).to_param());
    let old_link = |f: &SyncFile| format!("https://host/tuan/#/import?d={}", LinkPayload::Plain(super::seal::native::signed(f)).to_param());
    let block = format!(
        "甲新生 11:02\n{}\n乙新生 11:03\n{}\n\n丙新生 11:05\n{}\n班长 11:06\n[图片]\n团支书 11:07\nhttps://host/tuan/join/?id=1&name=x\n",
        link(&files[0]),
        super::seal::native::signed(&files[1]),
        old_link(&files[2])
    );
    let pieces = split_received(&block);
    assert_eq!(pieces.len(), 5, "{pieces:?}");
    assert_eq!(pieces[3], Err(SyncError::Unreadable { what: Placeholder::Picture }));
    assert_eq!(pieces[4], Err(SyncError::Unreadable { what: Placeholder::Invite }));
    let read: Vec<SyncFile> = pieces
        .into_iter()
        .filter_map(Result::ok)
        .map(|r| match r {
            Received::Json(j) => decode(j, NOW).unwrap(),
            Received::Payload(LinkPayload::Plain(j)) => decode(&j, NOW).unwrap(),
            Received::Payload(LinkPayload::Deflated(_)) => unreachable!(),
        })
        .collect();
    assert_eq!(read, files.iter().map(carry).map(|f| SyncFile { written: NOW, ..f }).collect::<Vec<_>>());
    // The same application twice, and a later file from the same member: one preview, one person.
    let mut later = phones[0].0.clone();
    let form = volunteer_form();
    run(&mut later, Actor::Member(phones[0].1), Command::RegisterVolunteer(form), 99);
    let mut batch = read.clone();
    batch.push(read[0].clone());
    batch.push(carry(&later.sync_file(Actor::Member(phones[0].1), Kind::Application, NOW).unwrap()));
    let (p, outcomes) = import::plan_all(&secretary, &batch, NOW);
    let p = p.unwrap();
    assert_eq!(outcomes.iter().filter(|o| o.refused.is_none()).count(), 4);
    assert_eq!(outcomes[3].refused, Some(SyncError::NothingNew));
    assert_eq!(p.preview.added.iter().filter(|l| l.contains("申请加入")).count(), 3, "{:?}", p.preview);
    assert_eq!(p.from_name, "4 个文件");
    // The later file's key was kept by the first file of the batch: still a first meeting to the reader.
    assert!(p.preview.signatures.iter().all(|l| !l.contains("与本机记下")), "{:?}", p.preview.signatures);
    assert_eq!(p.preview.signatures.iter().filter(|l| l.contains("第一次收到")).count(), 3, "{:?}", p.preview.signatures);
    secretary = p.merged;
    assert!(secretary.accounts[&phones[0].1].member().unwrap().volunteer.is_some(), "the later file updated the same person");
    assert_eq!(
        secretary.requests.values().filter(|r| r.branch == branch && r.state.is_pending()).count(),
        3 + demo::build(NOW).requests.values().filter(|r| r.branch == branch && r.state.is_pending()).count()
    );
    // Nothing new at all: no plan, and each file says why.
    let (none, outcomes) = import::plan_all(&secretary, &batch[..2], NOW);
    assert!(none.is_none() && outcomes.iter().all(|o| o.refused == Some(SyncError::NothingNew)));
    // A text with nothing of ours in it.
    assert!(split_received("你好，明天开班会").is_empty());
    assert_eq!(split_received("[文件] 申请.json"), vec![Err(SyncError::Unreadable { what: Placeholder::File })]);
}

#[test]
fn the_qr_capacity_is_what_an_encoder_fits_in_version_30() {
    use qrcodegen::{QrCode, QrCodeEcc};
    let largest = usize::from(QR_MAX_VERSION) * 4 + 17;
    for (level, ecc) in [(QrLevel::Medium, QrCodeEcc::Medium), (QrLevel::Low, QrCodeEcc::Low)] {
        // Without raising the level on its own, as the app's encoder does not.
        let size = |n: usize| {
            QrCode::encode_segments_advanced(
                &[qrcodegen::QrSegment::make_bytes(&vec![b'a'; n])],
                ecc,
                qrcodegen::Version::MIN,
                qrcodegen::Version::MAX,
                None,
                false,
            )
            .map(|q| q.size() as usize)
            .unwrap_or(999)
        };
        assert!(size(level.max_bytes()) <= largest, "{level:?}: {} bytes fit version 30", level.max_bytes());
        assert!(size(level.max_bytes() + 1) > largest, "{level:?}: one byte more does not");
    }
    assert_eq!(qr_level(&"a".repeat(1370)), Some(QrLevel::Medium));
    assert_eq!(qr_level(&"a".repeat(1371)), Some(QrLevel::Low));
    assert_eq!(qr_level(&"a".repeat(1733)), None);
}

#[test]
fn a_restored_owner_may_set_the_password_after_any_reload_until_they_do() {
    let school = demo::build(NOW);
    let sec = actor_of(&school, "TZB25080101");
    let backup = school.sync_file(sec, Kind::Backup, NOW).unwrap();
    let p = plan(&State::default(), &carry(&backup)).unwrap();
    let owner = sec.account().unwrap();
    assert_eq!(p.merged.awaiting_password(), Some(owner));
    // A reload: the saved document read back still offers it.
    let mut phone = crate::core::document::decode(&crate::core::document::encode(&p.merged, NOW)).unwrap().state;
    assert_eq!(phone.awaiting_password(), Some(owner));
    let mut rng = SplitMix(3);
    let someone_else = actor_of(&phone, "TZB25070101").account().unwrap();
    let claim = |account| Command::ClaimRestoredAccount { account, password: demo::demo_password_hash() };
    assert!(phone.apply(Actor::Anonymous, claim(someone_else), &mut Ctx { now: NOW, rng: &mut rng }).is_err(), "only the backup's owner");
    run(&mut phone, Actor::Anonymous, claim(owner), 4);
    assert_eq!(phone.awaiting_password(), None);
    assert!(phone.accounts[&owner].password.is_set());
}

/// A hand-made file with a valid digest cannot take over an account this device holds: a member's
/// file whose sender is the branch's own account is refused, an account record naming another kind
/// of account here is left out (and the preview says so), and a login is never changed by a file.
#[test]
fn a_file_never_changes_the_kind_login_or_password_of_an_account_here() {
    let secretary = demo::build(NOW);
    let branch = org(&secretary, "2025级会计学1班团支部");
    let branch_account = secretary.account_by_login("TZB25080101").unwrap().clone();
    let (phone, me) = member_phone(&secretary, branch);
    // An application whose sender and account carry the branch account's ID.
    let mut forged = phone.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap();
    forged.from = Sender::Member(branch_account.id);
    for a in forged.body.accounts.iter_mut().filter(|a| a.id == me) {
        a.id = branch_account.id;
    }
    for r in &mut forged.body.requests {
        r.applicant = branch_account.id;
    }
    assert_eq!(plan(&secretary, &carry(&forged)).unwrap_err(), SyncError::SenderIsAnotherAccount);
    assert!(!SyncError::SenderIsAnotherAccount.to_string().is_empty());
    // A branch's report naming, as one of its members, the college committee's account.
    let college_account = secretary
        .accounts
        .values()
        .find(|a| matches!(a.role, AccountRole::Committee { org } if Some(org) == secretary.orgs.get(&branch).and_then(|b| b.parent)))
        .unwrap()
        .clone();
    let sec = actor_of(&secretary, "TZB25080101");
    let mut report = secretary.sync_file(sec, Kind::Report, NOW).unwrap();
    let victim = report.body.accounts.iter().position(|a| a.member().is_some_and(|m| m.branch == Some(branch))).unwrap();
    let original_login = report.body.accounts[victim].login.clone();
    report.body.accounts[victim].id = college_account.id;
    // (Nothing else in it is new here: the whole file is refused, with the reason.)
    assert_eq!(plan(&secretary, &carry(&report)).unwrap_err(), SyncError::NothingAccepted { why: Ignored::OtherKindOfAccount.label() });
    // With something new beside it, the rest is taken and the preview names what was left out.
    let (newcomer, _) = member_phone(&secretary, branch);
    let mut with_new = report.clone();
    with_new.body.requests.extend(newcomer.requests.values().cloned());
    with_new.body.accounts.extend(newcomer.accounts.values().cloned());
    let p = plan(&secretary, &carry(&with_new)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.merged.accounts[&college_account.id], college_account, "the committee's account is as it was");
    assert!(p.preview.ignored.contains(&(Ignored::OtherKindOfAccount, 1)), "{:?}", p.preview);
    // A member's login (phone) changed in a report: the device keeps its own.
    let mut report = secretary.sync_file(sec, Kind::Report, NOW).unwrap();
    let id = report.body.accounts[victim].id;
    report.body.accounts[victim].login = "13999999999".into();
    match plan(&secretary, &carry(&report)) {
        Ok(p) => assert_eq!(p.merged.accounts[&id].login, original_login),
        Err(e) => assert_eq!(e, SyncError::NothingNew),
    }
}

/// A 完整备份 is taken whole only onto a device with nothing of its own, or onto the device whose
/// own key signed it; from another device it is judged like its sender's files, and the preview
/// says so. A freshman who marks their own request accepted and themselves a member, and sends that
/// as a backup to the secretary, changes neither there.
#[test]
fn a_backup_restores_whole_only_onto_a_blank_device_or_its_own() {
    let secretary = demo::build(NOW);
    let branch = org(&secretary, "2025级会计学1班团支部");
    let (mut phone, me) = member_phone(&secretary, branch);
    let device_key = super::seal::native::Key::from_seed(22);
    phone.device_key = Some(device_key.public());
    let rid = *phone.requests.keys().next().unwrap();
    let by = secretary.account_by_login("TZB25080101").unwrap().id;
    phone.requests.get_mut(&rid).unwrap().state = RequestState::Accepted { at: NOW, by };
    if let AccountRole::Member(m) = &mut phone.accounts.get_mut(&me).unwrap().role {
        (m.branch, m.accepted_at, m.membership_at) = (Some(branch), Some(NOW), NOW + 1);
    }
    let backup = phone.sync_file(Actor::Member(me), Kind::Backup, NOW).unwrap();
    // On the secretary's phone: judged as the member's own file.
    let p = plan(&secretary, &carry(&backup)).unwrap();
    assert!(p.preview.backup_of_another_device && !p.whole);
    assert!(!Preview::ANOTHER_DEVICE.is_empty());
    assert!(p.merged.requests.get(&rid).is_none_or(|r| r.state.is_pending()), "the forged acceptance is not taken");
    assert!(p.preview.ignored.iter().any(|(i, _)| *i == Ignored::NotTheirDecision), "{:?}", p.preview);
    assert_eq!(p.merged.accounts[&me].member().unwrap().branch, None, "nor the membership");
    assert_eq!(p.restored_owner(), None);
    let (all, _) = super::import::plan_all(&secretary, &[carry(&backup)], NOW);
    assert!(all.unwrap().preview.backup_of_another_device, "a batch's preview says so too");
    // Onto a blank device, or back onto the phone it came from: taken whole.
    let blank = State::default();
    let p = plan(&blank, &carry(&backup)).unwrap();
    assert!(p.whole && !p.preview.backup_of_another_device);
    assert!(matches!(p.merged.requests[&rid].state, RequestState::Accepted { .. }));
    let mut same = phone.clone();
    same.requests.get_mut(&rid).unwrap().state = RequestState::Pending;
    let p = plan(&same, &decode(&device_key.sign(&backup), NOW).unwrap()).unwrap();
    assert!(p.whole);
    assert!(matches!(p.merged.requests[&rid].state, RequestState::Accepted { .. }));
    // Signed by another key (the member's own), it is judged.
    assert!(plan(&same, &carry(&backup)).is_err_and(|e| matches!(e, SyncError::NothingAccepted { .. })));
    let mut other = secretary.clone();
    other.device_key = Some(super::seal::native::Key::from_seed(11).public());
    assert!(plan(&other, &carry(&backup)).is_ok_and(|p| !p.whole && p.preview.backup_of_another_device));
    // The device's key is its own: kept in its saved document, never in a file.
    let saved = crate::core::document::decode(&crate::core::document::encode(&phone, NOW)).unwrap().state;
    assert_eq!(saved.device_key, phone.device_key);
    assert!(!device_key.sign(&backup).contains("device_key"));
}

#[test]
fn a_phone_a_year_ahead_is_refused_with_its_clock_named_and_set_right_once_the_clock_is() {
    use crate::core::clock::{ClockSkew, AHEAD_LIMIT};
    use crate::core::date::DAY_MS;
    let school = demo::build(NOW);
    let branch = org(&school, "2025级会计学1班团支部");
    // The freshman's phone ran a year ahead of the secretary's (whose clock reads `right`).
    let (mut phone, me) = member_phone(&school, branch);
    let right = NOW - 365 * DAY_MS;
    let app = phone.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap().encode();
    let refused = decode(&app, right).unwrap_err();
    assert_eq!(refused, SyncError::ClockAhead { days: 365 });
    assert!(refused.to_string().contains("自动设置"), "{refused}");
    // A day of difference is clocks differing, not a wrong clock.
    assert!(decode(&app, NOW - AHEAD_LIMIT + 1000).is_ok());
    // The clock set right: every time dated ahead is pulled back to now, and the application is taken.
    let epoch = phone.epoch;
    assert!(phone.pull_back_future(right) > 0);
    assert!(phone.epoch > epoch, "the copy set right stands over another tab's");
    assert_eq!(phone.pull_back_future(right), 0, "once");
    let again = phone.sync_file(Actor::Member(me), Kind::Application, right).unwrap().encode();
    let p = plan(&school, &decode(&again, right).unwrap()).unwrap();
    assert_eq!(p.merged.requests.values().filter(|r| r.applicant == me).count(), 1);
    // The skew is named against the server's clock: an hour is named, a day is harmful.
    assert_eq!(ClockSkew::measure(NOW + 60_000, NOW), None);
    let hours = ClockSkew::measure(NOW + 3 * 3_600_000, NOW).unwrap();
    assert!(!hours.harmful() && hours.amount() == "约 3 小时");
    let year = ClockSkew::measure(NOW + 365 * DAY_MS, NOW).unwrap();
    assert!(year.harmful() && year.ahead() && year.amount() == "约 365 天");
    let (shows, is) = year.times();
    assert_eq!((shows.as_str(), is.as_str()), ("2027-09-15 10:00", "2026-09-15 10:00"));
    let message = crate::core::error::CoreError::ClockWrong(year).to_string();
    assert!(message.contains("快了约 365 天") && message.contains("不保存任何操作"), "{message}");
}

#[test]
fn decisions_opened_on_a_wiped_phone_say_what_to_do() {
    let s = demo::build(NOW);
    let decisions = s.sync_file(actor_of(&s, "TZB25080101"), Kind::Decisions, NOW).unwrap();
    let refused = plan(&State::default(), &carry(&decisions)).unwrap_err();
    assert!(matches!(refused, SyncError::DecisionsWithoutAccount { .. }), "{refused:?}");
    assert!(refused.to_string().contains("创建账号") && refused.to_string().contains("恢复"), "{refused}");
}

#[test]
fn an_upheld_appeal_retires_the_old_account_even_on_its_own_phone_and_nothing_else_does() {
    let mut s = demo::build(NOW);
    let branch = org(&s, "2025级会计学1班团支部");
    let old = s.members_of(branch).find(|a| !a.member().unwrap().cadre).unwrap().id;
    let id_number = s.accounts[&old].profile().unwrap().id_number.clone();
    // The old phone: only the old account, with its password.
    let mut old_phone = State { accounts: s.accounts.values().filter(|a| a.id == old).map(|a| (a.id, a.clone())).collect(), ..s.clone() };
    old_phone.requests = s.requests.values().filter(|r| r.applicant == old).map(|r| (r.id, r.clone())).collect();
    let sec = actor_of(&s, "TZB25080101");
    // A branch's file that retires the account with no appeal to show for it: not taken.
    let mut forged = s.clone();
    forged.accounts.get_mut(&old).unwrap().retired = true;
    if let Some(m) = forged.accounts.get_mut(&old).and_then(Account::member_mut) {
        m.membership_at = NOW + 5;
    }
    let taken = plan(&old_phone, &carry(&forged.sync_file(sec, Kind::Decisions, NOW).unwrap()));
    assert!(taken.map_or(true, |p| !p.merged.accounts[&old].retired));
    // An upheld appeal from a new account: the decisions retire it there too.
    let (_, ap) = appeal_from_new_account(&mut s, &id_number);
    run(&mut s, sec, Command::DecideAppeal { appeal: ap, uphold: true, reason: String::new() }, 42);
    let p = plan(&old_phone, &carry(&s.sync_file(sec, Kind::Decisions, NOW).unwrap())).unwrap();
    assert!(p.merged.accounts[&old].retired);
}
