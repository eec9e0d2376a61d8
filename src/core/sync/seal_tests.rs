//! Signed files: a changed or forged signature is refused, the key met first is kept and another
//! refused, an unsigned file does only what it may, and the committee above vouches for a new key.

use super::import::{plan, take_directory};
use super::seal::native::{signed, Key};
use super::tests::{actor_of, carry, member_phone, org, run};
use super::*;
use crate::core::commands::{Actor, Command};
use crate::core::demo::{self, DEMO_EPOCH};
use crate::core::sync::SyncError;

const NOW: Millis = DEMO_EPOCH;

#[test]
fn a_signature_covers_the_envelope_the_body_and_the_key() {
    let s = demo::build(NOW);
    let file = s.sync_file(actor_of(&s, "TZB25080101"), Kind::Decisions, NOW).unwrap();
    let key = Key::of(file.from).public();
    let text = signed(&file);
    assert_eq!(decode(&text, NOW).unwrap().signed, Some(key.clone()));
    // The sender's name lies outside the body's digest; the signature covers it.
    let renamed = text.replacen(&format!("\"from_name\":\"{}\"", file.from_name), "\"from_name\":\"校团委\"", 1);
    assert_ne!(renamed, text);
    assert_eq!(decode(&renamed, NOW).unwrap_err(), SyncError::BadSignature);
    // Another key put beside the signature.
    let swapped = text.replacen(&key.text(), &Key::from_seed(5).public().text(), 1);
    assert_eq!(decode(&swapped, NOW).unwrap_err(), SyncError::BadSignature);
    // A key without a signature, or a signature that cannot be one, is damage.
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v.as_object_mut().unwrap().remove("sig");
    assert_eq!(decode(&v.to_string(), NOW).unwrap_err(), SyncError::Damaged);
    v["sig"] = "AAAA".into();
    assert_eq!(decode(&v.to_string(), NOW).unwrap_err(), SyncError::Damaged);
    // Unsigned files read, as unsigned.
    assert_eq!(decode(&file.encode(), NOW).unwrap().signed, None);
    assert_eq!(PublicKey::parse(&key.text()), Some(key.clone()));
    // Four groups of four hex digits: 64 bits.
    assert_eq!(key.fingerprint().len(), 19);
    assert!(key.fingerprint().split(' ').all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_hexdigit())));
}

#[test]
fn the_key_met_first_is_kept_and_a_file_signed_by_another_is_refused() {
    let school = demo::build(NOW);
    let branch = org(&school, "2025级会计学1班团支部");
    let (phone, me) = member_phone(&school, branch);
    let app = phone.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap();
    let p = plan(&school, &carry(&app)).unwrap();
    assert!(p.preview.signatures[0].contains("第一次收到"), "{:?}", p.preview.signatures);
    assert_eq!(p.merged.key_of(Sender::Member(me)), Some(&Key::of(Sender::Member(me)).public()));
    let secretary = p.merged;
    let again = plan(&secretary, &carry(&SyncFile { written: NOW + 1, ..app.clone() }));
    assert!(again.is_err_and(|e| e == SyncError::NothingNew), "the same key: known");
    // Someone else's key for the same member, or no signature: refused, nothing changed.
    let forged = decode(&Key::from_seed(9).sign(&app), NOW).unwrap();
    let Err(SyncError::KeyChanged { from, key, .. }) = plan(&secretary, &forged) else { panic!("refused") };
    assert_eq!((from, key), (Sender::Member(me), Key::from_seed(9).public()));
    assert!(SyncError::KeyChanged { from, name: "周新生".into(), key: Key::from_seed(9).public(), top: false }
        .to_string()
        .contains("我要申诉"));
    assert_eq!(plan(&secretary, &decode(&app.encode(), NOW).unwrap()).unwrap_err(), SyncError::UnsignedFromKnown);
    // The invite link carries the branch's key: the member's phone keeps it before any file, and
    // refuses 审核结果 signed by any other key.
    let mut branch_phone = school.clone();
    branch_phone.device_key = Some(Key::of(Sender::Org(branch)).public());
    let (phone, _) = member_phone(&branch_phone, branch);
    assert_eq!(phone.key_of(Sender::Org(branch)), branch_phone.device_key.as_ref());
    let decisions = school.sync_file(actor_of(&school, "TZB25080101"), Kind::Decisions, NOW).unwrap();
    assert!(matches!(plan(&phone, &decode(&Key::from_seed(3).sign(&decisions), NOW).unwrap()), Err(SyncError::KeyChanged { .. })));
    // A file naming its sender otherwise than this phone knows it is refused, and previewed, under
    // the name kept here: 确认新密钥 can never be asked for one organisation under another's name.
    let renamed = SyncFile { from_name: "精工书院团委".into(), ..decisions.clone() };
    let Err(SyncError::KeyChanged { name, .. }) = plan(&phone, &decode(&Key::from_seed(3).sign(&renamed), NOW).unwrap()) else {
        panic!("refused")
    };
    assert_eq!(name, "2025级会计学1班团支部");
    // A code link does the same for the committee.
    let mut s = State::default();
    let committee = org(&school, "精工书院团委");
    let invite = crate::core::CodeInvite {
        code: "ABCDEFGHJKMNPQRS".into(),
        issuer: committee,
        issuer_name: "精工书院团委".into(),
        expires: NOW + 1_000_000,
        key: Some(Key::from_seed(4).public()),
        kind: OrgKind::Branch,
        demo: false,
    };
    run(&mut s, Actor::Anonymous, Command::LearnCode(invite), 1);
    assert_eq!(s.key_of(Sender::Org(committee)), Some(&Key::from_seed(4).public()));
}

#[test]
fn an_unsigned_file_only_hands_in_new_applications_or_fills_a_blank_phone() {
    let school = demo::build(NOW);
    let branch = org(&school, "2025级会计学1班团支部");
    let (mut phone, me) = member_phone(&school, branch);
    let unsigned = |f: &SyncFile| decode(&f.encode(), NOW).unwrap();
    let app = phone.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap();
    let p = plan(&school, &unsigned(&app)).unwrap();
    assert!(p.preview.signatures[0].contains("没有签名"));
    assert_eq!(p.merged.key_of(Sender::Member(me)), None, "no key is kept from an unsigned file");
    let secretary = p.merged;
    // A change to what the secretary already holds (the request withdrawn) is not taken.
    let rid = *phone.requests.keys().next().unwrap();
    run(&mut phone, Actor::Member(me), Command::Withdraw { request: rid, reason: "不想加入了".into() }, 7);
    let withdrawn = phone.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap();
    assert!(plan(&secretary, &unsigned(&withdrawn)).is_err());
    // Signed, by a key this phone never met for them: anyone could have signed it, so it changes
    // nothing here either, and says why (the secretary checks with the member in person).
    assert_eq!(
        plan(&secretary, &carry(&withdrawn)).unwrap_err(),
        SyncError::NothingAccepted { why: super::preview::Ignored::UnprovenChange.label() },
        "a first signed file as a member met unsigned"
    );
    // Decisions, reports, directories: refused unsigned.
    for (login, kind) in [("TZB25080101", Kind::Decisions), ("JGTW", Kind::Report), ("JGTW", Kind::Directory)] {
        let f = school.sync_file(actor_of(&school, login), kind, NOW).unwrap();
        assert_eq!(plan(&phone, &unsigned(&f)).unwrap_err(), SyncError::Unsigned, "{kind:?}");
    }
    // A 完整备份 restores a blank phone unsigned.
    let backup = school.sync_file(Actor::Anonymous, Kind::Backup, NOW).unwrap();
    assert!(plan(&State::default(), &unsigned(&backup)).unwrap().whole);
    assert_eq!(plan(&phone, &unsigned(&backup)).unwrap_err(), SyncError::Unsigned);
}

#[test]
fn the_committee_above_vouches_for_a_branch_s_new_phone() {
    let school = demo::build(NOW);
    let branch = org(&school, "2025级会计学1班团支部");
    let (old, new) = (Key::from_seed(100), Key::from_seed(101));
    // The member met the branch's old phone through its invite link.
    let mut branch_phone = school.clone();
    branch_phone.device_key = Some(old.public());
    let (mut member, _) = member_phone(&branch_phone, branch);
    // Its invite carried the college's key too (the demo holds every account: set it as the college's own).
    let college_org = org(&school, "经济与管理学院团委");
    member.keys.insert(seal::pin_name(Sender::Org(college_org)).unwrap(), Key::of(Sender::Org(college_org)).public());
    // The committee met the old phone too; the branch's new phone sends its report.
    let mut committee = school.clone();
    committee.meet_key(Sender::Org(branch), &old.public());
    let report = school.sync_file(actor_of(&school, "TZB25080101"), Kind::Report, NOW + 5).unwrap();
    let from_new = decode(&new.sign(&report), NOW).unwrap();
    let Err(SyncError::KeyChanged { key, .. }) = plan(&committee, &from_new) else { panic!("refused") };
    // Checked in person: 确认新密钥. Only the committee above may; not another college's.
    let mut other = committee.clone();
    assert!(other
        .apply(
            actor_of(&school, "JGSYTW"),
            Command::TrustKey { org: branch, key: key.clone() },
            &mut crate::core::Ctx { now: NOW, rng: &mut crate::core::entropy::SplitMix(1) }
        )
        .is_err());
    run(&mut committee, actor_of(&school, "JGTW"), Command::TrustKey { org: branch, key: key.clone() }, 8);
    // The same for a college's new phone, by the school's committee; never by the college itself.
    assert!(committee.may_trust_key(actor_of(&school, "XTW2025"), college_org));
    assert!(!committee.may_trust_key(actor_of(&school, "JGTW"), college_org));
    assert!(!committee.may_trust_key(actor_of(&school, "TZB25080101"), branch));
    assert!(
        plan(&committee, &from_new).is_ok_and(|p| p.preview.signatures[0].contains("一致"))
            || plan(&committee, &from_new).is_err_and(|e| e == SyncError::NothingNew)
    );
    // The committee's directory vouches for the new key; the member's phone takes it from there.
    let college = actor_of(&school, "JGTW");
    let directory = committee.sync_file(college, Kind::Directory, NOW).unwrap();
    assert!(directory.body.keys.iter().any(|v| v.org == branch && v.key == new.public()));
    let text = signed(&directory);
    let mut via_file = member.clone();
    let p = plan(&via_file, &decode(&text, NOW).unwrap()).unwrap();
    assert!(!p.preview.keys.is_empty(), "{:?}", p.preview);
    via_file = p.merged;
    assert_eq!(via_file.key_of(Sender::Org(branch)), Some(&new.public()));
    // A published directory.json tells a key only where none is kept: it could be older than the
    // 组织目录 a phone took since (and would undo its vouch at every start).
    let kept = member.key_of(Sender::Org(branch)).cloned();
    let _ = take_directory(&mut member, &decode_directory(&text, NOW).unwrap());
    assert_eq!(member.key_of(Sender::Org(branch)), kept.as_ref(), "the published directory replaced a kept key");
    let mut fresh = member.clone();
    fresh.keys.remove(&super::seal::pin_name(Sender::Org(branch)).unwrap());
    let _ = take_directory(&mut fresh, &decode_directory(&text, NOW).unwrap());
    assert_eq!(fresh.key_of(Sender::Org(branch)), Some(&new.public()), "where none is kept, it tells it");
    member = via_file.clone();
    // A committee that is not above the branch vouches for nothing there.
    let stranger = actor_of(&school, "JGSYTW");
    let mut foreign = school.sync_file(stranger, Kind::Directory, NOW).unwrap();
    foreign.body.keys.push(seal::Vouch { org: branch, key: Key::from_seed(666).public() });
    let mut m2 = member.clone();
    let _ = take_directory(&mut m2, &decode_directory(&signed(&foreign), NOW).unwrap());
    assert_eq!(m2.key_of(Sender::Org(branch)), Some(&new.public()));
}

#[test]
fn a_backup_carries_its_phones_sealed_key_and_sent_marks_back_to_a_blank_phone() {
    use super::sealed_key::SealedKey;
    use crate::core::base64::base64url;
    let mut school = demo::build(NOW);
    let branch = actor_of(&school, "TZB25080101");
    run(&mut school, branch, Command::MarkSent { kind: Kind::Decisions }, 1);
    assert!(!school.sent.is_empty());
    let key = Key::of(Sender::Org(org(&school, "2025级计算机科学与技术1班团支部")));
    let sealed = SealedKey {
        public: key.public(),
        salt: base64url(&[1; 16]),
        iterations: crate::core::auth::MIN_ITERATIONS,
        nonce: base64url(&[2; 12]),
        data: base64url(&[3; 154]),
    };
    let mut backup = school.sync_file(branch, Kind::Backup, NOW).unwrap();
    backup.body.sealed_key = Some(sealed.clone());
    // Signed by the sealed key: the restored phone keeps it for its owner's password, and its marks.
    let restored = plan(&State { demo: true, ..State::default() }, &decode(&key.sign(&backup), NOW).unwrap()).unwrap();
    assert!(restored.whole);
    assert_eq!(restored.merged.restored_key, Some(sealed.clone()));
    assert_eq!(restored.merged.sent, school.sent);
    assert_eq!(restored.merged.org_dues(branch), school.org_dues(branch), "nothing is 未发出 again");
    // Signed by another key, or unsigned: the records, never somebody else's sealed key.
    let other = plan(&State { demo: true, ..State::default() }, &decode(&Key::from_seed(3).sign(&backup), NOW).unwrap()).unwrap();
    assert_eq!(other.merged.restored_key, None);
    let unsigned = plan(&State { demo: true, ..State::default() }, &decode(&backup.encode(), NOW).unwrap()).unwrap();
    assert_eq!(unsigned.merged.restored_key, None);
    // Only a backup carries them: any other file is written without.
    let mut decisions = school.sync_file(branch, Kind::Decisions, NOW).unwrap();
    decisions.body.sealed_key = Some(sealed.clone());
    decisions.body.sent = school.sent.clone();
    let read = decode(&decisions.encode(), NOW).unwrap();
    assert_eq!((read.body.sealed_key, read.body.sent.len()), (None, 0));
    // A sealed key of the wrong shape refuses the file.
    backup.body.sealed_key = Some(SealedKey { iterations: 1000, ..sealed });
    assert!(matches!(decode(&backup.encode(), NOW), Err(SyncError::Invalid { .. })), "{:?}", decode(&backup.encode(), NOW).err());
}
