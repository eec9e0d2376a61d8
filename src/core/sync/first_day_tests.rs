//! A school's first day from blank phones, each with one key of its own: the 校团委 set up on a
//! blank phone, codes for a college and a branch, registrations handed up, a freshman by invite,
//! decisions back and reports up, every first hand-over taken by its receiver without 确认新密钥;
//! a phone refuses a file that claims one of its own accounts; the demo never mixes with real work;
//! links read as WeChat hands them on.

use super::import::plan;
use super::seal::native::Key;
use super::*;
use crate::core::commands::{Actor, BranchInvite, BranchRegistration, CodeInvite, Command, Ctx, Outcome};
use crate::core::date::DAY_MS;
use crate::core::demo::{self, DEMO_EPOCH};
use crate::core::entropy::SplitMix;
use crate::core::error::CoreError;
use crate::core::profile::ProfileDraft;
use crate::core::sync::SyncError;

pub(super) const NOW: Millis = DEMO_EPOCH;

/// A phone: its state and its own key pair.
pub(super) struct Phone {
    pub s: State,
    pub key: Key,
    step: u64,
}

impl Phone {
    pub(super) fn blank(seed: u64) -> Phone {
        let key = Key::from_seed(seed);
        let s = State { device_key: Some(key.public()), ..State::default() };
        Phone { s, key, step: seed * 1000 }
    }

    pub(super) fn try_run(&mut self, actor: Actor, cmd: Command) -> Result<Outcome, crate::core::commands::Refusal> {
        self.step += 1;
        let mut rng = SplitMix(self.step);
        self.s.apply(actor, cmd, &mut Ctx { now: NOW + self.step as i64, rng: &mut rng })
    }

    pub(super) fn run(&mut self, actor: Actor, cmd: Command) -> Outcome {
        let c = format!("{cmd:?}");
        self.try_run(actor, cmd).unwrap_or_else(|e| panic!("{c}: {e}"))
    }

    pub(super) fn actor(&self, login: &str) -> Actor {
        self.s.actor_for(self.s.account_by_login(login).map(|a| a.id))
    }

    /// The file of `kind`, signed by this phone's key, as its text travels.
    pub(super) fn send(&self, actor: Actor, kind: Kind) -> String {
        self.key.sign(&self.s.sync_file(actor, kind, NOW + DAY_MS).unwrap())
    }

    /// Takes a file as 确认导入 does; the first meeting is fine, a changed key is not.
    pub(super) fn take(&mut self, text: &str) -> Result<import::Preview, SyncError> {
        let p = plan(&self.s, &decode(text, NOW + DAY_MS)?)?;
        self.s = p.merged;
        Ok(p.preview)
    }

    /// A 组织注册码's link as the committee's phone hands it out.
    pub(super) fn code_link(&self, code: &str) -> CodeInvite {
        let rc = &self.s.codes[code];
        CodeInvite {
            code: code.into(),
            issuer: rc.issuer,
            issuer_name: self.s.org_name(rc.issuer),
            expires: rc.expires,
            key: self.s.device_key.clone(),
            kind: rc.kind,
            demo: self.s.demo,
        }
    }
}

/// 建立校团委 on a blank phone: the school's root, and its committee account logged in there.
pub(super) fn found(school: &mut Phone) -> OrgId {
    let found =
        Command::FoundSchool { name: "示范大学团委".into(), username: "XTW2026".into(), password: demo::demo_password_hash() };
    let Outcome::Org(id) = school.run(Actor::Anonymous, found) else { panic!() };
    id
}

/// An organisation of `kind` registered on the blank phone `seed` from a code of `parent`'s
/// (logged in as `login`), its registration taken by `parent`: the phone, the organisation and the
/// preview `parent` saw.
pub(super) fn registered(
    parent: &mut Phone,
    login: &str,
    kind: OrgKind,
    seed: u64,
    (name, number, username): (&str, &str, &str),
) -> (Phone, OrgId, import::Preview) {
    let code = codes(parent.run(parent.actor(login), Command::GenerateCodes { count: 1, valid_days: 20, kind })).remove(0);
    let mut phone = Phone::blank(seed);
    phone.run(Actor::Anonymous, Command::LearnCode(parent.code_link(&code)));
    let Outcome::Org(id) = phone.run(Actor::Anonymous, Command::RegisterBranch(registration(&code, name, number, username))) else {
        panic!()
    };
    let p = parent.take(&phone.send(phone.actor(username), Kind::Registration)).unwrap();
    (phone, id, p)
}

pub(super) fn codes(out: Outcome) -> Vec<String> {
    let Outcome::Codes(c) = out else { panic!("{out:?}") };
    c
}

pub(super) fn registration(code: &str, name: &str, number: &str, username: &str) -> BranchRegistration {
    BranchRegistration {
        code: code.into(),
        name: name.into(),
        number: number.into(),
        industry: if number.is_empty() { String::new() } else { crate::core::model::INDUSTRIES[0].into() },
        graduation_year: None,
        secretary_name: "王书记".into(),
        secretary_phone: "13900001111".into(),
        username: username.into(),
        password: demo::demo_password_hash(),
    }
}

pub(super) fn freshman(phone: &mut Phone, invite: BranchInvite, phone_no: &str, name: &str, first17: &str) -> AccountId {
    phone.run(Actor::Anonymous, Command::LearnBranch(invite.clone()));
    let Outcome::Account(me) = phone
        .run(Actor::Anonymous, Command::CreateMemberAccount { phone: phone_no.into(), member: true, password: demo::demo_password_hash() })
    else {
        panic!()
    };
    let draft = ProfileDraft {
        name: name.into(),
        id_number: format!("{first17}{}", crate::core::rules::id_check_char(first17.as_bytes())),
        political_status: "共青团员".into(),
        ethnicity: "汉族".into(),
        education: "本科在读".into(),
        join_month: "2021-05".into(),
        member_number: format!("2021{}", &first17[9..17]),
        is_student: true,
        student_no: format!("11202{}", &first17[12..17]),
        wants_volunteer: true,
    };
    phone.run(Actor::Member(me), Command::AcceptPrivacy { version: crate::core::commands::CONSENT_VERSION });
    phone.run(Actor::Member(me), Command::SaveProfile(draft));
    phone.run(Actor::Member(me), Command::Apply { branch: invite.branch, transfer_from: None });
    me
}

#[test]
fn a_school_starts_from_blank_phones_and_every_first_hand_over_is_taken() {
    // The 校团委 on a blank phone: the root of the school's tree.
    let mut school = Phone::blank(1);
    let school_id = found(&mut school);
    let school_actor = school.actor("XTW2026");
    assert_eq!(school.s.orgs[&school_id].kind, OrgKind::School);
    // A code for a college; the college's secretary registers on their own phone from its link.
    let (college, college_id, p) = registered(&mut school, "XTW2026", OrgKind::College, 2, ("计算机学院团委", "", "JSJTW"));
    assert_eq!(college.s.orgs[&college_id].kind, OrgKind::College);
    let college_actor = college.actor("JSJTW");
    assert!(p.signatures[0].contains("第一次收到"), "{p:?}");
    assert_eq!(school.s.orgs[&college_id].parent, Some(school_id));
    assert_eq!(school.s.key_of(Sender::Org(college_id)), Some(&college.key.public()));
    // The college issues a code for a branch, which registers and hands its registration up.
    let mut college = college;
    let (mut branch, branch_id, _) =
        registered(&mut college, "JSJTW", OrgKind::Branch, 3, ("2026级计算机1班团支部", "26070101", "TZB26070101"));
    let branch_actor = branch.actor("TZB26070101");
    assert_eq!(college.s.orgs[&branch_id].parent, Some(college_id));
    // Two freshmen by the invite link; the branch takes their applications, decides, sends back.
    let invite = branch.s.invite_for(branch_id).unwrap();
    assert_eq!(invite.key, Some(branch.key.public()), "the invite carries the key that signs the branch's files");
    let mut phones = vec![Phone::blank(4), Phone::blank(5)];
    let ids = [("13912340001", "周一", "11010820070301123"), ("13912340002", "吴二", "11010820070402234")]
        .into_iter()
        .zip(&mut phones)
        .map(|((no, name, id), phone)| freshman(phone, invite.clone(), no, name, id))
        .collect::<Vec<_>>();
    for (phone, me) in phones.iter().zip(&ids) {
        branch.take(&phone.send(Actor::Member(*me), Kind::Application)).unwrap();
    }
    let pending = branch.s.requests.values().filter(|r| r.state.is_pending()).map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(pending.len(), 2);
    branch.run(branch_actor, Command::Accept { requests: pending });
    let decisions = branch.send(branch_actor, Kind::Decisions);
    for (phone, me) in phones.iter_mut().zip(&ids) {
        phone.take(&decisions).unwrap();
        assert_eq!(phone.s.accounts[me].member().unwrap().branch, Some(branch_id));
    }
    // Reports up: the branch to the college, the college to the school; each counts what was done.
    college.take(&branch.send(branch_actor, Kind::Report)).unwrap();
    school.take(&college.send(college_actor, Kind::Report)).unwrap();
    for (phone, committee) in [(&college, college_id), (&school, school_id)] {
        let rows = phone.s.branch_stats(committee, NOW + DAY_MS);
        assert_eq!(rows.iter().map(|r| (r.members, r.volunteers)).collect::<Vec<_>>(), [(2, 2)], "{rows:?}");
    }
    // The school's directory reaches a blank phone, which then knows the branch.
    let mut stranger = Phone::blank(6);
    stranger.take(&school.send(school_actor, Kind::Directory)).unwrap();
    assert!(stranger.s.knows_a_branch() && !Phone::blank(7).s.knows_a_branch());
}

#[test]
fn a_phone_refuses_a_file_that_claims_one_of_its_own_accounts() {
    let mut school = Phone::blank(1);
    let school_id = found(&mut school);
    let actor = school.actor("XTW2026");
    let file = school.s.sync_file(actor, Kind::Directory, NOW).unwrap();
    // A stranger signs the school's own directory with their key: refused, named as this phone knows it.
    let forged = decode(&Key::from_seed(99).sign(&file), NOW).unwrap();
    assert_eq!(plan(&school.s, &forged).unwrap_err(), SyncError::ClaimsThisPhone { name: "示范大学团委".into() });
    assert!(matches!(plan(&school.s, &decode(&file.encode(), NOW).unwrap()), Err(SyncError::ClaimsThisPhone { .. })));
    // Signed by this phone's own key, it is only what the phone holds already.
    assert_eq!(plan(&school.s, &decode(&school.key.sign(&file), NOW).unwrap()).unwrap_err(), SyncError::NothingNew);
    // A member's own account, the same.
    let mut phone = Phone::blank(2);
    let invite = BranchInvite {
        branch: OrgId(2_000_001),
        name: "2026级一班团支部".into(),
        college: school_id,
        college_name: "示范大学团委".into(),
        key: None,
        college_key: None,
        demo: false,
    };
    let me = freshman(&mut phone, invite, "13912340001", "周一", "11010820070301123");
    let app = phone.s.sync_file(Actor::Member(me), Kind::Application, NOW).unwrap();
    let forged = decode(&Key::from_seed(98).sign(&app), NOW).unwrap();
    assert!(matches!(plan(&phone.s, &forged), Err(SyncError::ClaimsThisPhone { name }) if name == "周一"));
}

#[test]
fn the_demo_never_mixes_with_real_work() {
    let school = demo::build(NOW);
    assert!(school.demo);
    let college = school.actor_for(school.account_by_login("JSJTW").map(|a| a.id));
    let demo_file = Key::from_seed(1).sign(&school.sync_file(college, Kind::Directory, NOW).unwrap());
    // A real phone with data of its own refuses the demo's file, and says why.
    let mut real = Phone::blank(2);
    found(&mut real);
    let refused = real.take(&demo_file).unwrap_err();
    assert_eq!(refused, SyncError::Demo(CoreError::DemoIntoReal));
    assert!(refused.to_string().contains("演示"));
    // A blank phone that opens it joins the demo; the demo refuses a real file.
    let mut blank = Phone::blank(3);
    blank.take(&demo_file).unwrap();
    assert!(blank.s.demo);
    let real_file = real.send(real.actor("XTW2026"), Kind::Directory);
    assert_eq!(blank.take(&real_file).unwrap_err(), SyncError::Demo(CoreError::RealIntoDemo));
    // Links alike: the demo's invite on a real phone is refused; nothing real is founded in the demo.
    let invite = school.invite_for(school.orgs.values().find(|o| o.kind == OrgKind::Branch).unwrap().id).unwrap();
    assert!(invite.demo);
    assert_eq!(real.try_run(Actor::Anonymous, Command::LearnBranch(invite)).unwrap_err(), CoreError::DemoIntoReal.into());
    let mut in_demo = school.clone();
    let mut rng = SplitMix(1);
    let found = Command::FoundSchool { name: "真实大学团委".into(), username: "ZSDX".into(), password: demo::demo_password_hash() };
    assert_eq!(in_demo.apply(Actor::Anonymous, found, &mut Ctx { now: NOW, rng: &mut rng }).unwrap_err(), CoreError::NotInDemo.into());
}

#[test]
fn committee_codes_register_committees_without_a_branchs_fields() {
    let mut school = Phone::blank(1);
    found(&mut school);
    let actor = school.actor("XTW2026");
    let code = codes(school.run(actor, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::College })).remove(0);
    let mut college = Phone::blank(2);
    college.run(Actor::Anonymous, Command::LearnCode(school.code_link(&code)));
    // A college's full name ends with 团委; no 支部号 is asked for.
    let wrong = college.try_run(Actor::Anonymous, Command::RegisterBranch(registration(&code, "计算机学院", "", "JSJTW"))).unwrap_err();
    assert!(wrong.to_string().contains("团委名称须为全称"), "{wrong}");
    college.run(Actor::Anonymous, Command::RegisterBranch(registration(&code, "计算机学院团委", "", "JSJTW")));
    // The school's name must end as a committee's, and a 校团委 issues no code for another school.
    let mut other = Phone::blank(3);
    let bad = Command::FoundSchool { name: "示范大学".into(), username: "X".into(), password: demo::demo_password_hash() };
    let refused = other.try_run(Actor::Anonymous, bad).unwrap_err().to_string();
    // Each problem named as 建立校团委 names its field.
    assert!(refused.contains("校团委全称：") && refused.contains("校团委账号用户名："), "{refused}");
    assert!(school.try_run(actor, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::School }).is_err());
    // A committee hands its registration up, as a branch does.
    let registered = college.send(college.actor("JSJTW"), Kind::Registration);
    school.take(&registered).unwrap();
    assert!(school.s.orgs.values().any(|o| o.name == "计算机学院团委" && o.kind == OrgKind::College));
}

#[test]
fn links_read_as_wechat_hands_them_on() {
    let payload = "zAbC-_09";
    for text in [
        format!("https://host/tuan/import/#d={payload}"),
        format!("https://host/tuan/import/?from=singlemessage&isappinstalled=0#d={payload}"),
        format!("https://host/tuan/import?from=singlemessage#d={payload}"),
        format!("https://host/tuan/import#d={payload}"),
        format!("https://host/tuan/#/import?d={payload}"),
        format!("https://host/tuan/?from=timeline#/import?d={payload}"),
        format!("王书记 12:01\nhttps://host/tuan/import/?from=singlemessage#d={payload}\n张三 12:02"),
    ] {
        assert_eq!(import_payloads(&text).iter().map(|(_, d)| *d).collect::<Vec<_>>(), [payload], "{text}");
    }
    assert!(import_payloads("https://host/tuan/importer/#d=zAb").is_empty());
    // Invite links among pasted messages are named as such, in every shape.
    for text in ["https://host/tuan/join/?id=1&cid=2", "https://host/tuan/join?id=1&cid=2", "https://host/tuan/#/join?id=1"] {
        assert_eq!(split_received(text), [Err(SyncError::Unreadable { what: crate::core::sync::Placeholder::Invite })], "{text}");
    }
}

#[test]
fn a_copied_message_reads_back_as_its_link_and_a_batch_leads_with_one_summary() {
    let link = "https://host/tuan/import/#d=zAbC-_09";
    for kind in [Kind::Application, Kind::Decisions, Kind::Registration, Kind::Report, Kind::Directory, Kind::Backup] {
        let message = crate::core::notices::link_message(kind, "王书记", link);
        assert!(message.ends_with(&format!("\n{link}")), "{message}");
        assert_eq!(import_payloads(&message).iter().map(|(_, d)| *d).collect::<Vec<_>>(), ["zAbC-_09"]);
    }
    let invite = crate::core::notices::invite_message("2026级一班团支部", "https://host/tuan/join/?id=1&cid=2");
    assert!(invite.starts_with("2026级一班团支部的邀请：") && invite.ends_with("/join/?id=1&cid=2"));
    let mut p = import::Preview { added: vec!["a".into(), "b".into()], files: 30, ..Default::default() };
    p.ignored = vec![(import::Ignored::NotOnThisDevice, 8)];
    assert_eq!(p.summary(), "将新增 2 项；1 类内容不会导入（见详细内容）。");
    assert_eq!(import::Ignored::NotOnThisDevice.unit(), "人");
}

#[test]
fn a_link_cut_short_by_a_chat_says_so() {
    let mut school = Phone::blank(1);
    found(&mut school);
    let actor = school.actor("XTW2026");
    let code = codes(school.run(actor, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::College })).remove(0);
    let mut link = school.code_link(&code);
    link.expires = 17_982; // `until=17982…` cut after five digits
    let mut phone = Phone::blank(2);
    assert_eq!(phone.try_run(Actor::Anonymous, Command::LearnCode(link)).unwrap_err(), CoreError::LinkCut.into());
    let invite = BranchInvite {
        branch: OrgId(2_000_001),
        name: String::new(),
        college: OrgId(2_000_002),
        college_name: "x".into(),
        key: None,
        college_key: None,
        demo: false,
    };
    assert_eq!(phone.try_run(Actor::Anonymous, Command::LearnBranch(invite)).unwrap_err(), CoreError::LinkCut.into());
    assert!(CoreError::LinkCut.to_string().contains("不完整"));
}

/// A member's application forwarded to an organisation's phone that is not its branch's (the
/// college's, above it, may take it) is said to be meant for the branch before it is taken.
#[test]
fn an_application_opened_on_another_organisation_s_phone_says_whose_it_is() {
    let mut s = super::trust_tests::school();
    let application = s.member.send(Actor::Member(s.me), Kind::Application);
    let branch_name = s.branch.s.orgs[&s.ids.2].name.clone();
    let college = s.college.take(&application).unwrap();
    assert!(college.signatures.iter().any(|l| l.contains(&branch_name) && l.contains("本机不是这个团支部的手机")), "{college:?}");
    // On the branch's own phone, nothing of the kind (here, a second copy changes nothing).
    let mut other = Phone::blank(40);
    let me = freshman(&mut other, s.branch.s.invite_for(s.ids.2).unwrap(), "13912340002", "吴二", "11010820070402234");
    let own = s.branch.take(&other.send(Actor::Member(me), Kind::Application)).unwrap();
    assert!(!own.signatures.iter().any(|l| l.contains("本机不是")), "{own:?}");
}
