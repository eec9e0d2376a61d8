//! What each hand-over weighs for a class of 30 and a college of 20 branches (600 members), made by
//! the commands with random IDs as on phones, signed, and compressed as the browser compresses a link
//! (deflate-raw, base64url): which channel each fits (a QR code: `sync::qr_level`). `cargo test --test handover_sizes -- --nocapture`
//! prints the table the README gives.

use tuan::core::base64::base64url;
use tuan::core::bench_data::{branch_id, committee_id, large_school};
use tuan::core::commands::CONSENT_VERSION;
use tuan::core::demo::demo_password_hash;
use tuan::core::entropy::SplitMix;
use tuan::core::profile::ProfileDraft;
use tuan::core::rules::id_check_char;
use tuan::core::sync::{fits_qr, Kind, SyncFile, MAX_LINK_PAYLOAD};
use tuan::core::*;

const NOW: i64 = tuan::core::demo::DEMO_EPOCH;
/// What a link adds to its payload: `https://` + a host and sub-path + `#/import?d=`.
const LINK_PREFIX: usize = "https://tuan.example.edu.cn/tuan/#/import?d=".len();

fn run(s: &mut State, rng: &mut SplitMix, actor: Actor, cmd: Command) -> Outcome {
    let c = format!("{cmd:?}");
    s.apply(actor, cmd, &mut Ctx { now: NOW, rng }).unwrap_or_else(|e| panic!("{c}: {e}"))
}

/// A college of `branches` branches of `class` applicants each, every one applied from a phone of
/// their own (here one state) with the IDs commands make.
fn college(branches: usize, class: usize) -> (State, SplitMix) {
    let mut s = large_school(NOW, 1, branches, 0);
    let mut rng = SplitMix(15);
    for b in 0..branches {
        for k in 0..class {
            let n = b * class + k;
            let Outcome::Account(me) = run(
                &mut s,
                &mut rng,
                Actor::Anonymous,
                Command::CreateMemberAccount { phone: format!("139{:08}", n + 1), member: true, password: demo_password_hash() },
            ) else {
                panic!()
            };
            let me = Actor::Member(me);
            let first17 = format!("1101082007{:02}{:02}{:03}", 1 + n % 12, 1 + (n / 12) % 28, n % 1000);
            let draft = ProfileDraft {
                name: format!("{}{}", ["王", "李", "张", "刘", "陈", "杨"][n % 6], ["明", "芳", "伟", "娜", "强"][n % 5]),
                id_number: format!("{first17}{}", id_check_char(first17.as_bytes())),
                political_status: "共青团员".into(),
                ethnicity: "汉族".into(),
                education: "本科在读".into(),
                join_month: "2021-05".into(),
                member_number: format!("2021{:08}", n + 1),
                is_student: true,
                student_no: format!("1120{:06}", n + 1),
                wants_volunteer: true,
            };
            run(&mut s, &mut rng, me, Command::AcceptPrivacy { version: CONSENT_VERSION });
            run(&mut s, &mut rng, me, Command::SaveProfile(draft));
            run(&mut s, &mut rng, me, Command::Apply { branch: branch_id(b), transfer_from: None });
        }
    }
    (s, rng)
}

/// A file's size as JSON, and as a link's compressed payload.
struct Size {
    json: usize,
    link: usize,
}

/// Signed, as the app sends it (the key and signature: 150 bytes that do not compress).
fn size(file: &SyncFile) -> Size {
    let json = tuan::core::sync::seal::native::signed(file);
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6);
    Size { json: json.len(), link: LINK_PREFIX + 1 + base64url(&deflated).len() }
}

fn channel(s: &Size) -> &'static str {
    if fits_qr(&"x".repeat(s.link)) {
        "QR code, link, text"
    } else if s.link - LINK_PREFIX <= MAX_LINK_PAYLOAD {
        "link (one message), text"
    } else {
        "text, file"
    }
}

#[test]
fn each_hand_over_fits_its_channel() {
    let (mut s, mut rng) = college(20, 30);
    let applicant = s.requests.values().find(|r| r.branch == branch_id(0)).map(|r| r.applicant).unwrap();
    let application = s.sync_file(Actor::Member(applicant), Kind::Application, NOW).unwrap();
    let secretary =
        s.actor_for(s.accounts.values().find(|a| matches!(a.role, AccountRole::Branch { org } if org == branch_id(0))).map(|a| a.id));
    let class: Vec<RequestId> = s.requests.values().filter(|r| r.branch == branch_id(0)).map(|r| r.id).collect();
    run(&mut s, &mut rng, secretary, Command::Accept { requests: class });
    let decisions = s.sync_file(secretary, Kind::Decisions, NOW).unwrap();
    let branch_report = s.sync_file(secretary, Kind::Report, NOW).unwrap();
    for b in 1..20 {
        let sec =
            s.actor_for(s.accounts.values().find(|a| matches!(a.role, AccountRole::Branch { org } if org == branch_id(b))).map(|a| a.id));
        let ids: Vec<RequestId> = s.requests.values().filter(|r| r.branch == branch_id(b)).map(|r| r.id).collect();
        run(&mut s, &mut rng, sec, Command::Accept { requests: ids });
    }
    let committee =
        s.actor_for(s.accounts.values().find(|a| matches!(a.role, AccountRole::Committee { org } if org == committee_id(0))).map(|a| a.id));
    let college_report = s.sync_file(committee, Kind::Report, NOW).unwrap();
    let rows = [
        ("申请与个人信息 (one member)", size(&application)),
        ("审核结果 (a class of 30)", size(&decisions)),
        ("上报数据 (a branch of 30)", size(&branch_report)),
        ("上报数据 (a college of 20 branches, 600 members)", size(&college_report)),
    ];
    println!("| hand-over | JSON | as a link | fits |\n|---|---|---|---|");
    for (what, s) in &rows {
        println!("| {what} | {:.1} KB | {} characters | {} |", s.json as f64 / 1024.0, s.link, channel(s));
    }
    // The common ones fit where they are sent: an application in a QR code, a class's decisions and
    // a branch's report in one link.
    assert_eq!(channel(&rows[0].1), "QR code, link, text");
    assert_ne!(channel(&rows[1].1), "text, file");
    assert_ne!(channel(&rows[2].1), "text, file");
}

/// The largest class whose 审核结果, signed, still fits one QR code (accepted one by one).
#[test]
fn decisions_fit_one_qr_code_up_to_a_class_of() {
    let (mut s, mut rng) = college(1, 40);
    let secretary = s.actor_for(s.accounts.values().find(|a| matches!(a.role, AccountRole::Branch { .. })).map(|a| a.id));
    let class: Vec<RequestId> = s.requests.keys().copied().collect();
    let mut fits = 0;
    for (n, id) in class.into_iter().enumerate() {
        run(&mut s, &mut rng, secretary, Command::Accept { requests: vec![id] });
        if channel(&size(&s.sync_file(secretary, Kind::Decisions, NOW).unwrap())) == "QR code, link, text" {
            fits = n + 1;
        }
    }
    println!("审核结果 in one QR code: up to {fits} decisions");
    assert!(fits >= 20, "{fits}");
}
