//! Command tests on the demo school: each flow of the guide, each refusal, and the role matrix.

use tuan::core::auth::{pbkdf2_sha256, PasswordHash, MIN_ITERATIONS};
use tuan::core::commands::account::suggest_branch_username;
use tuan::core::date::DAY_MS;
use tuan::core::demo::{self, DEMO_EPOCH};
use tuan::core::entropy::SplitMix;
use tuan::core::profile::{Field, ProfileDraft};
use tuan::core::*;

const NOW: i64 = DEMO_EPOCH;

struct World {
    s: State,
    rng: SplitMix,
    now: i64,
}

impl World {
    fn new() -> World {
        World { s: demo::build(NOW), rng: SplitMix(77), now: NOW }
    }
    fn run(&mut self, actor: Actor, cmd: Command) -> Result<Outcome, Refusal> {
        let mut ctx = Ctx { now: self.now, rng: &mut self.rng };
        self.s.apply(actor, cmd, &mut ctx)
    }
    fn ok(&mut self, actor: Actor, cmd: Command) -> Outcome {
        let c = format!("{cmd:?}");
        self.run(actor, cmd).unwrap_or_else(|e| panic!("{c} refused: {e}"))
    }
    /// Runs a command that must be refused with `want`, and checks nothing changed.
    fn refused(&mut self, actor: Actor, cmd: Command, want: CoreError) {
        let before = self.s.clone();
        let c = format!("{cmd:?}");
        match self.run(actor, cmd) {
            Err(Refusal::One(e)) => assert_eq!(e, want, "{c} as {actor:?}"),
            // A form's refusal lists every field's problem: `want` must be among them.
            Err(Refusal::Fields(list)) => {
                assert!(list.iter().any(|f| f.error == want), "{c} as {actor:?}: expected {want:?} among {list:?}")
            }
            other => panic!("{c} as {actor:?}: expected {want:?}, got {other:?}"),
        }
        assert_eq!(self.s, before, "state changed by a refused command");
    }
    fn branch(&self, number: &str) -> Actor {
        self.s.actor_for(self.s.account_by_login(&format!("TZB{number}")).map(|a| a.id))
    }
    fn login(&self, login: &str) -> Actor {
        self.s.actor_for(self.s.account_by_login(login).map(|a| a.id))
    }
    fn org(&self, name: &str) -> OrgId {
        self.s.orgs.values().find(|o| o.name == name).map(|o| o.id).expect(name)
    }
    /// An accepted member of a branch.
    fn member_of(&self, branch: OrgId) -> AccountId {
        self.s.members_of(branch).next().map(|a| a.id).expect("a member")
    }
    fn pending_in(&self, branch: OrgId) -> Vec<RequestId> {
        self.s.requests.values().filter(|r| r.branch == branch && r.state.is_pending()).map(|r| r.id).collect()
    }
}

fn pw() -> PasswordHash {
    demo::demo_password_hash()
}

fn id_with_check(first17: &str) -> String {
    format!("{first17}{}", tuan::core::rules::id_check_char(first17.as_bytes()))
}

fn draft(name: &str, id: &str) -> ProfileDraft {
    ProfileDraft {
        name: name.into(),
        id_number: id.into(),
        political_status: "共青团员".into(),
        ethnicity: "汉族".into(),
        education: "本科在读".into(),
        join_month: "2021-05".into(),
        member_number: "202100099999".into(),
        is_student: true,
        student_no: "1120250999".into(),
        wants_volunteer: true,
    }
}

/// A new member: account, consent, profile. Returns the actor.
fn new_member(w: &mut World, phone: &str, id: &str, number: &str) -> Actor {
    let Outcome::Account(acct) = w.ok(Actor::Anonymous, Command::CreateMemberAccount { phone: phone.into(), member: true, password: pw() })
    else {
        panic!()
    };
    let me = Actor::Member(acct);
    w.ok(me, Command::AcceptPrivacy { version: commands::CONSENT_VERSION });
    let mut d = draft("新同学", id);
    d.member_number = number.into();
    w.ok(me, Command::SaveProfile(d));
    me
}

#[test]
fn new_member_joins_and_is_accepted() {
    let mut w = World::new();
    let id = id_with_check("11010820070301123");
    let me = new_member(&mut w, "+86 139 0000 0001", &id, "202100099999");
    let branch = w.org("2025级计算机科学与技术1班团支部");
    let Outcome::Request(rid) = w.ok(me, Command::Apply { branch, transfer_from: None }) else { panic!() };
    assert_eq!(w.s.requests[&rid].kind, RequestKind::Join);
    // A second pending request is refused.
    w.refused(me, Command::Apply { branch: w.org("2025级会计学1班团支部"), transfer_from: None }, CoreError::PendingRequestExists);
    let sec = w.branch("25070101");
    w.ok(sec, Command::Accept { requests: vec![rid] });
    let acct = me.account().unwrap();
    assert_eq!(w.s.accounts[&acct].member().unwrap().branch, Some(branch));
    // Locked after acceptance: name, ID and join month; other fields may change.
    let mut d = draft("新同学", &id);
    d.member_number = "202100099999".into();
    d.ethnicity = "回族".into();
    w.ok(me, Command::SaveProfile(d.clone()));
    d.name = "改名".into();
    w.refused(me, Command::SaveProfile(d), CoreError::ProfileLocked);
    // Applying to the same branch again.
    w.refused(me, Command::Apply { branch, transfer_from: None }, CoreError::AlreadyInBranch);
}

#[test]
fn duplicate_identity_is_caught_at_the_command() {
    let mut w = World::new();
    let existing = w.s.accounts.values().find_map(|a| a.profile()).unwrap().id_number.clone();
    let Outcome::Account(acct) =
        w.ok(Actor::Anonymous, Command::CreateMemberAccount { phone: "13900000002".into(), member: true, password: pw() })
    else {
        panic!()
    };
    let me = Actor::Member(acct);
    w.ok(me, Command::AcceptPrivacy { version: commands::CONSENT_VERSION });
    w.refused(me, Command::SaveProfile(draft("某某", &existing.to_lowercase())), CoreError::IdAlreadyRegistered);
    // The same phone twice, with or without +86.
    w.refused(
        Actor::Anonymous,
        Command::CreateMemberAccount { phone: "+8613900000002".into(), member: true, password: pw() },
        CoreError::PhoneAlreadyRegistered,
    );
    // Only a member makes an account here: the command checks 我是团员 as the form does.
    w.refused(
        Actor::Anonymous,
        Command::CreateMemberAccount { phone: "13900000012".into(), member: false, password: pw() },
        CoreError::NotAMember,
    );
    // A taken 团员编号.
    let taken = w.s.accounts.values().find_map(|a| a.profile()).unwrap().member_number.clone();
    let mut d = draft("某某", &id_with_check("11010820070301125"));
    d.join_month = format!("{}-05", &taken[..4]);
    d.member_number = taken.to_string();
    w.refused(me, Command::SaveProfile(d), CoreError::MemberNumberTaken);
}

#[test]
fn profile_needs_consent_and_reports_every_bad_field() {
    let mut w = World::new();
    let Outcome::Account(acct) =
        w.ok(Actor::Anonymous, Command::CreateMemberAccount { phone: "13900000003".into(), member: true, password: pw() })
    else {
        panic!()
    };
    let me = Actor::Member(acct);
    w.refused(me, Command::SaveProfile(draft("某某", &id_with_check("11010820070301127"))), CoreError::ConsentRequired);
    w.ok(me, Command::AcceptPrivacy { version: commands::CONSENT_VERSION });
    let mut d = draft("张3", "110108200703011271");
    d.join_month = "2019-05".into(); // aged 12 in 2019-05: too young
    d.ethnicity = "火星族".into();
    let before = w.s.clone();
    match w.run(me, Command::SaveProfile(d)) {
        Err(Refusal::Fields(list)) => {
            let fields: Vec<_> = list.iter().map(|f| f.field).collect();
            use tuan::core::profile::Field::*;
            assert!(fields.contains(&Name) && fields.contains(&Ethnicity), "{fields:?}");
            assert!(fields.contains(&IdNumber) || fields.contains(&JoinMonth), "{fields:?}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(w.s, before);
    // Pre-2016 join: the number is generated from the join year.
    let mut d = draft("老团员", &id_with_check("11010819990301127"));
    d.join_month = "2013-05".into();
    d.member_number = String::new();
    w.ok(me, Command::SaveProfile(d));
    let n = &w.s.accounts[&acct].profile().unwrap().member_number;
    assert!(n.starts_with("2013") && n.len() == 12, "{n}");
    // 2016 without a number: 2016 + last 8 of 学号.
    let Outcome::Account(a2) =
        w.ok(Actor::Anonymous, Command::CreateMemberAccount { phone: "13900000004".into(), member: true, password: pw() })
    else {
        panic!()
    };
    let m2 = Actor::Member(a2);
    w.ok(m2, Command::AcceptPrivacy { version: commands::CONSENT_VERSION });
    let mut d = draft("二〇一六", &id_with_check("11010820020301127"));
    d.join_month = "2016-05".into();
    d.member_number = String::new();
    d.student_no = "3120231234".into();
    w.ok(m2, Command::SaveProfile(d));
    assert_eq!(w.s.accounts[&a2].profile().unwrap().member_number, "201620231234");
}

#[test]
fn transfer_in_return_withdraw_and_lapse() {
    let mut w = World::new();
    let a = w.org("2025级计算机科学与技术1班团支部");
    let b = w.org("2025级会计学1班团支部");
    let member = Actor::Member(w.member_of(a));
    let Outcome::Request(rid) = w.ok(member, Command::Apply { branch: b, transfer_from: None }) else { panic!() };
    assert!(matches!(w.s.requests[&rid].kind, RequestKind::TransferIn { .. }));
    // Return needs a reason; only the deciding branch may return.
    let sec_b = w.branch("25080101");
    w.refused(sec_b, Command::Return { request: rid, reason: " ".into() }, CoreError::ReasonRequired);
    w.refused(w.branch("25070101"), Command::Return { request: rid, reason: "不是本支部".into() }, CoreError::NotAllowed);
    w.ok(sec_b, Command::Return { request: rid, reason: "请选择正确的班级".into() });
    w.refused(sec_b, Command::Accept { requests: vec![rid] }, CoreError::RequestNotPending);
    // Apply again and withdraw with a reason.
    let Outcome::Request(r2) = w.ok(member, Command::Apply { branch: b, transfer_from: None }) else { panic!() };
    w.refused(member, Command::Withdraw { request: r2, reason: "".into() }, CoreError::ReasonRequired);
    w.ok(member, Command::Withdraw { request: r2, reason: "选错了支部".into() });
    assert!(matches!(w.s.requests[&r2].state, RequestState::Withdrawn { .. }));
    // Accept-many moves the member; the transfer-in leaves the old branch.
    let Outcome::Request(r3) = w.ok(member, Command::Apply { branch: b, transfer_from: None }) else { panic!() };
    let mut batch = w.pending_in(b);
    assert!(batch.contains(&r3));
    batch.push(r3); // the same ID twice is harmless
    w.ok(sec_b, Command::Accept { requests: batch });
    assert_eq!(w.s.accounts[&member.account().unwrap()].member().unwrap().branch, Some(b));
    assert!(w.pending_in(b).is_empty());
    // Graduate transfer out: cadre must resign; lapses after 10 days.
    let g = w.org("2022级睿信书院毕业班团支部");
    let sec_g = w.branch("22121301");
    let cadre = w.s.members_of(g).find(|a| a.member().unwrap().cadre).map(|a| a.id).unwrap();
    w.refused(
        sec_g,
        Command::TransferOut { member: cadre, destination: model::Destination::FurtherStudy, target: "某大学研究生团支部".into() },
        CoreError::CadreMustResign,
    );
    w.ok(sec_g, Command::SetCadre { member: cadre, cadre: false });
    w.ok(sec_g, Command::TransferOut { member: cadre, destination: model::Destination::FurtherStudy, target: "某大学研究生团支部".into() });
    w.now += 11 * DAY_MS;
    assert_eq!(w.ok(Actor::Anonymous, Command::LapseOverdue), Outcome::Lapsed(1));
}

#[test]
fn graduates_leave_and_the_branch_is_archived() {
    let mut w = World::new();
    let g = w.org("2022级睿信书院毕业班团支部");
    let sec = w.branch("22121301");
    w.refused(sec, Command::Archive { branch: g }, CoreError::BranchStillHasMembers { count: w.s.members_of(g).count() });
    let members: Vec<_> = w.s.members_of(g).map(|a| a.id).collect();
    for m in &members {
        w.ok(sec, Command::SetCadre { member: *m, cadre: false });
        w.ok(sec, Command::TransferOut { member: *m, destination: model::Destination::EmployedWithLeague, target: "某公司团委".into() });
    }
    let out: Vec<_> = w.pending_in(g).into_iter().filter(|r| matches!(w.s.requests[r].kind, RequestKind::TransferOut { .. })).collect();
    w.ok(sec, Command::Accept { requests: out });
    assert_eq!(w.s.members_of(g).count(), 0);
    w.ok(sec, Command::Archive { branch: g });
    let me = new_member(&mut w, "13900000005", &id_with_check("11010820070301129"), "202100099998");
    w.refused(me, Command::Apply { branch: g, transfer_from: None }, CoreError::BranchArchived);
    // Transfer out needs the graduation year first.
    let a = w.org("2025级工商管理1班团支部");
    w.s.orgs.get_mut(&a).unwrap().branch.as_mut().unwrap().graduation_year = None;
    let m = w.member_of(a);
    let sec_a = w.branch("25080201");
    w.ok(sec_a, Command::SetCadre { member: m, cadre: false });
    w.refused(
        sec_a,
        Command::TransferOut { member: m, destination: model::Destination::Abroad, target: "海外".into() },
        CoreError::GraduationYearNotSet,
    );
    w.refused(sec_a, Command::SetGraduationYear { branch: a, year: 1990 }, CoreError::GraduationYearInvalid);
    w.ok(sec_a, Command::SetGraduationYear { branch: a, year: 2029 });
}

#[test]
fn codes_register_branches_once() {
    let mut w = World::new();
    let college = w.login("JSJTW");
    let Outcome::Codes(codes) = w.ok(college, Command::GenerateCodes { count: 3, valid_days: 20, kind: OrgKind::Branch }) else { panic!() };
    assert_eq!(codes.len(), 3);
    let form = |code: &str, number: &str, username: &str| BranchRegistration {
        code: tuan::core::entropy::grouped_code(code).to_lowercase(),
        name: "2026级人工智能1班团支部".into(),
        number: number.into(),
        industry: model::INDUSTRIES[0].into(),
        graduation_year: Some(2030),
        secretary_name: "李支书".into(),
        secretary_phone: "13800138000".into(),
        username: username.into(),
        password: pw(),
    };
    let mut short = form(&codes[0], "26070101", "TZB26070101");
    short.name = "人工智能1班".into();
    w.refused(Actor::Anonymous, Command::RegisterBranch(short), CoreError::BranchNameNotFull);
    let Outcome::Org(org) = w.ok(Actor::Anonymous, Command::RegisterBranch(form(&codes[0], "26070101", "TZB26070101"))) else { panic!() };
    assert_eq!(w.s.orgs[&org].parent, Some(w.org("计算机学院团委")));
    assert!(w.s.search_orgs("人工智能", 10).iter().any(|h| h.id == org && h.selectable));
    assert!(matches!(w.s.codes[&codes[0]].state, CodeState::Used { org: o, .. } if o == org));
    w.refused(Actor::Anonymous, Command::RegisterBranch(form(&codes[0], "26070102", "TZB26070102")), CoreError::CodeUsed);
    // The username advice: TZB + 支部号, then the bit suffix.
    assert_eq!(suggest_branch_username(&w.s, "26070101"), "TZB26070101bit");
    w.refused(
        Actor::Anonymous,
        Command::RegisterBranch(form(&codes[1], "26070101", "tzb26070101")),
        CoreError::UsernameTaken { suggestion: "TZB26070101bit".into() },
    );
    // Voided and expired codes; unknown code.
    w.ok(college, Command::VoidCode { code: codes[1].clone() });
    w.refused(Actor::Anonymous, Command::RegisterBranch(form(&codes[1], "26070103", "TZB26070103")), CoreError::CodeVoided);
    w.refused(college, Command::VoidCode { code: codes[1].clone() }, CoreError::CodeVoided);
    w.now += 21 * DAY_MS;
    w.refused(Actor::Anonymous, Command::RegisterBranch(form(&codes[2], "26070104", "TZB26070104")), CoreError::CodeExpired);
    w.refused(Actor::Anonymous, Command::RegisterBranch(form("ABCDEFGHJKMNPQRS", "26070105", "TZB26070105")), CoreError::CodeUnknown);
    // Another college may not void this college's code; counts are bounded.
    w.refused(w.login("JGTW"), Command::VoidCode { code: codes[2].clone() }, CoreError::NotAllowed);
    w.refused(college, Command::GenerateCodes { count: 0, valid_days: 20, kind: OrgKind::Branch }, CoreError::CountInvalid { max: 200 });
    w.refused(college, Command::GenerateCodes { count: 201, valid_days: 20, kind: OrgKind::Branch }, CoreError::CountInvalid { max: 200 });
    w.refused(college, Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::College }, CoreError::NotAllowed);
}

/// A second registration of a branch this phone knows (its full name, or its `TZB` + 支部号 from the
/// published directory, with no account here) is refused, with the `bit` suffix proposed; an empty
/// form is refused with every field's problem at once, each under its field.
#[test]
fn a_taken_branch_name_or_username_is_refused_with_every_field_at_once() {
    let mut w = World::new();
    let college = w.login("JSJTW");
    let Outcome::Codes(codes) = w.ok(college, Command::GenerateCodes { count: 2, valid_days: 20, kind: OrgKind::Branch }) else { panic!() };
    let existing = w.org("2025级计算机科学与技术1班团支部");
    let number = w.s.orgs[&existing].branch.as_ref().unwrap().number.clone();
    // As on a secretary's phone that read the directory: the branch is known, its account is not.
    let login = format!("TZB{number}");
    w.s.accounts.retain(|_, a| a.login != login);
    let form = BranchRegistration {
        code: codes[0].clone(),
        name: "2025级计算机科学与技术1班团支部".into(),
        number: number.clone(),
        industry: model::INDUSTRIES[0].into(),
        graduation_year: None,
        secretary_name: "王支书".into(),
        secretary_phone: "13800138000".into(),
        username: login.clone(),
        password: pw(),
    };
    let Err(Refusal::Fields(list)) = w.run(Actor::Anonymous, Command::RegisterBranch(form.clone())) else { panic!() };
    let fields: Vec<_> = list.iter().map(|f| (f.field, f.error.clone())).collect();
    assert_eq!(
        fields,
        vec![
            (Field::OrgName, CoreError::OrgNameTaken { id: existing.0 }),
            (Field::Username, CoreError::UsernameTaken { suggestion: format!("{login}bit") })
        ]
    );
    assert_eq!(suggest_branch_username(&w.s, &number), format!("{login}bit"));
    assert!(list[1].to_string().starts_with("团支部账号用户名："), "each message names its field");
    // With the suffix and its own name, it registers.
    let ok =
        BranchRegistration { name: "2025级计算机科学与技术9班团支部".into(), username: format!("{login}bit"), ..form.clone() };
    w.ok(Actor::Anonymous, Command::RegisterBranch(ok));
    // Nothing filled in: every problem at once.
    let empty = BranchRegistration {
        code: String::new(),
        name: String::new(),
        number: String::new(),
        industry: String::new(),
        secretary_name: String::new(),
        secretary_phone: String::new(),
        username: String::new(),
        ..form
    };
    let Err(Refusal::Fields(list)) = w.run(Actor::Anonymous, Command::RegisterBranch(empty)) else { panic!() };
    let fields: Vec<Field> = list.iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        vec![
            Field::Code,
            Field::OrgName,
            Field::BranchNumber,
            Field::Industry,
            Field::SecretaryName,
            Field::SecretaryPhone,
            Field::Username
        ]
    );
}

#[test]
fn password_reset_by_identity_or_code() {
    let mut w = World::new();
    let a = w.org("2025级会计学1班团支部");
    let m = w.member_of(a);
    let acct = w.s.accounts[&m].clone();
    let p = acct.profile().unwrap().clone();
    let salt = [9u8; 16];
    let new_hash = PasswordHash::new(&salt, MIN_ITERATIONS, &[5u8; 32]).unwrap();
    w.refused(
        Actor::Anonymous,
        Command::ResetPassword {
            phone: acct.login.clone(),
            proof: ResetProof::Identity { name: "别人".into(), id_number: p.id_number.to_string() },
            password: new_hash.clone(),
        },
        CoreError::IdentityMismatch,
    );
    w.ok(
        Actor::Anonymous,
        Command::ResetPassword {
            phone: acct.login.clone(),
            proof: ResetProof::Identity { name: p.name.to_string(), id_number: p.id_number.to_lowercase() },
            password: new_hash.clone(),
        },
    );
    assert_eq!(w.s.verify_login(m, &[5u8; 32]), Ok(m));
    assert_eq!(w.s.verify_login(m, &[6u8; 32]), Err(CoreError::WrongPassword));
    // A code from the secretary: single use, 2 days.
    let sec = w.branch("25080101");
    let Outcome::ResetCode(code) = w.ok(sec, Command::IssueResetCode { member: m }) else { panic!() };
    let reset =
        |code: &str| Command::ResetPassword { phone: acct.login.clone(), proof: ResetProof::Code(code.into()), password: new_hash.clone() };
    w.refused(Actor::Anonymous, reset("WRONG234"), CoreError::ResetCodeInvalid);
    w.ok(Actor::Anonymous, reset(&code.to_lowercase()));
    w.refused(Actor::Anonymous, reset(&code), CoreError::ResetCodeInvalid);
    let Outcome::ResetCode(code2) = w.ok(sec, Command::IssueResetCode { member: m }) else { panic!() };
    w.now += 2 * DAY_MS;
    w.refused(Actor::Anonymous, reset(&code2), CoreError::ResetCodeExpired);
    // Not the secretary's member.
    let other = w.member_of(w.org("2025级会计学1班团支部"));
    w.refused(w.branch("25070101"), Command::IssueResetCode { member: other }, CoreError::NotAMemberOfBranch);
}

#[test]
fn the_real_kdf_verifies_a_login() {
    let w = World::new();
    let acct = w.s.login_challenge("TZB22121301").unwrap();
    let derived = pbkdf2_sha256(demo::DEMO_PASSWORD, &acct.password.salt_bytes(), acct.password.iterations);
    assert_eq!(w.s.verify_login(acct.id, &derived), Ok(acct.id));
    assert_eq!(w.s.login_challenge("nobody").unwrap_err(), CoreError::AccountUnknown);
}

#[test]
fn appeal_moves_the_membership_to_the_new_phone() {
    let mut w = World::new();
    let a = w.org("2025级精工书院1班团支部");
    let old = w.member_of(a);
    let id_number = w.s.accounts[&old].profile().unwrap().id_number.clone();
    let Outcome::Account(new) =
        w.ok(Actor::Anonymous, Command::CreateMemberAccount { phone: "13900000006".into(), member: true, password: pw() })
    else {
        panic!()
    };
    let me = Actor::Member(new);
    w.refused(
        me,
        Command::FileAppeal {
            id_number: id_with_check("11010820070301131"),
            reason: "换了手机号".into(),
            photo: Some("data:image/jpeg;base64,/9j/".into()),
        },
        CoreError::NoOldAccountForAppeal,
    );
    // The ID-card photo is required by the command, as by the form.
    w.refused(
        me,
        Command::FileAppeal { id_number: id_number.to_string(), reason: "换了手机号".into(), photo: None },
        CoreError::PhotoRequired,
    );
    w.refused(
        me,
        Command::FileAppeal { id_number: id_number.to_string(), reason: "换了手机号".into(), photo: Some("x".repeat(300_000)) },
        CoreError::PhotoTooLarge,
    );
    let Outcome::Appeal(ap) = w.ok(
        me,
        Command::FileAppeal {
            id_number: id_number.to_string(),
            reason: "原手机号已停用".into(),
            photo: Some("data:image/jpeg;base64,AAAA".into()),
        },
    ) else {
        panic!()
    };
    w.refused(
        me,
        Command::FileAppeal {
            id_number: id_number.to_string(),
            reason: "再次申诉".into(),
            photo: Some("data:image/jpeg;base64,/9j/".into()),
        },
        CoreError::AppealPendingExists,
    );
    w.refused(w.branch("25070101"), Command::DecideAppeal { appeal: ap, uphold: true, reason: String::new() }, CoreError::NotAllowed);
    w.refused(w.branch("25110101"), Command::DecideAppeal { appeal: ap, uphold: false, reason: String::new() }, CoreError::ReasonRequired);
    w.ok(w.branch("25110101"), Command::DecideAppeal { appeal: ap, uphold: true, reason: String::new() });
    assert!(w.s.accounts[&old].retired);
    assert_eq!(w.s.accounts[&new].member().unwrap().branch, Some(a));
    assert_eq!(w.s.actor_for(Some(old)), Actor::Anonymous);
    let old_login = w.s.accounts[&old].login.clone();
    assert_eq!(w.s.login_challenge(&old_login).unwrap_err(), CoreError::AccountRetired);
    // A stale session of the retired account is refused.
    w.refused(Actor::Member(old), Command::AcceptPrivacy { version: 1 }, CoreError::AccountRetired);
}

#[test]
fn problems_are_recorded_reported_and_resolved() {
    let mut w = World::new();
    let sec = w.branch("25070101");
    let Outcome::Problem(p) = w.ok(
        sec,
        Command::RecordProblem {
            name: "赵无名".into(),
            student_no: "1120250001".into(),
            kind: model::ProblemKind::CannotJoin,
            note: "搜索不到支部".into(),
        },
    ) else {
        panic!()
    };
    w.refused(
        sec,
        Command::RecordProblem { name: "赵1".into(), student_no: String::new(), kind: model::ProblemKind::CannotJoin, note: "无".into() },
        CoreError::NameHasDigit,
    );
    assert!(w.s.problems[&p].reported.is_none(), "recorded, not yet reported");
    w.ok(sec, Command::MarkSent { kind: sync::Kind::Report });
    assert!(w.s.problems[&p].reported.is_some(), "reported once the report left the phone");
    w.refused(w.login("JGTW"), Command::ResolveProblem { problem: p, note: "已处理".into() }, CoreError::NotAllowed);
    w.ok(w.login("JSJTW"), Command::ResolveProblem { problem: p, note: "已协助注册".into() });
    w.ok(w.login("XTW2025"), Command::ResolveProblem { problem: p, note: "校团委确认".into() });
}

#[test]
fn volunteer_age_and_guardian_rules() {
    let mut w = World::new();
    // Born 2011-03-01: 15 on the demo date, so guardian consent is required.
    let Outcome::Account(acct) =
        w.ok(Actor::Anonymous, Command::CreateMemberAccount { phone: "13900000007".into(), member: true, password: pw() })
    else {
        panic!()
    };
    let me = Actor::Member(acct);
    let form = |consent| VolunteerForm {
        service_area: "海淀区".into(),
        native_place: "北京市".into(),
        residence: "海淀区".into(),
        directions: vec!["社区服务".into()],
        guardian_consent: consent,
    };
    w.refused(me, Command::RegisterVolunteer(form(true)), CoreError::ProfileMissing);
    w.ok(me, Command::AcceptPrivacy { version: 1 });
    let mut d = draft("少年", &id_with_check("11010820110301123"));
    d.join_month = "2024-05".into();
    d.member_number = "202400099999".into();
    w.ok(me, Command::SaveProfile(d));
    w.refused(me, Command::RegisterVolunteer(form(false)), CoreError::GuardianConsentRequired);
    let mut empty = form(true);
    empty.directions.clear();
    w.refused(me, Command::RegisterVolunteer(empty), CoreError::ChoiceInvalid { field: "志愿方向" });
    // Nothing chosen and no consent: every problem at once, each under its field.
    let nothing = VolunteerForm {
        service_area: String::new(),
        native_place: String::new(),
        residence: String::new(),
        directions: vec![],
        guardian_consent: false,
    };
    let Err(Refusal::Fields(list)) = w.run(me, Command::RegisterVolunteer(nothing)) else { panic!() };
    let fields: Vec<Field> = list.iter().map(|f| f.field).collect();
    assert_eq!(fields, vec![Field::ServiceArea, Field::NativePlace, Field::Residence, Field::Directions, Field::GuardianConsent]);
    w.ok(me, Command::RegisterVolunteer(form(true)));
    w.refused(me, Command::RegisterVolunteer(form(true)), CoreError::AlreadyVolunteer);
}

/// Every command against every actor that must be refused: the state stays as it was.
#[test]
fn role_matrix_refusals() {
    let mut w = World::new();
    let a = w.org("2025级计算机科学与技术1班团支部");
    let member_id = w.member_of(a);
    let member = Actor::Member(member_id);
    let other_member = Actor::Member(w.member_of(w.org("2025级会计学1班团支部")));
    let sec_a = w.branch("25070101");
    let sec_b = w.branch("25080101");
    let college_a = w.login("JSJTW");
    let college_b = w.login("JGTW");
    let school = w.login("XTW2025");
    let pending = w.pending_in(a)[0];
    let appeal_free_id = id_with_check("11010820070301133");
    let code = w.s.codes.values().find(|c| c.state == CodeState::Unused).map(|c| c.code.clone()).unwrap();
    // An appeal against a member of branch A, filed from a new account.
    let old_id = w.s.accounts[&member_id].profile().unwrap().id_number.clone();
    let Outcome::Account(new_acct) =
        w.ok(Actor::Anonymous, Command::CreateMemberAccount { phone: "13900000009".into(), member: true, password: pw() })
    else {
        panic!()
    };
    let Outcome::Appeal(appeal) = w.ok(
        Actor::Member(new_acct),
        Command::FileAppeal {
            id_number: old_id.to_string(),
            reason: "换了手机号".into(),
            photo: Some("data:image/jpeg;base64,/9j/".into()),
        },
    ) else {
        panic!()
    };
    use CoreError::{LoginRequired as L, NotAllowed as N};
    let cases: Vec<(Command, Vec<(Actor, CoreError)>)> = vec![
        (Command::AcceptPrivacy { version: 1 }, vec![(Actor::Anonymous, L), (sec_a, N), (college_a, N)]),
        (Command::SaveProfile(draft("某", &appeal_free_id)), vec![(Actor::Anonymous, L), (sec_a, N), (school, N)]),
        (Command::Apply { branch: a, transfer_from: None }, vec![(Actor::Anonymous, L), (sec_a, N), (college_a, N)]),
        (
            Command::Withdraw { request: pending, reason: "不要了".into() },
            vec![(Actor::Anonymous, L), (member, N), (sec_a, N), (college_a, N)],
        ),
        (
            Command::FileAppeal {
                id_number: appeal_free_id.clone(),
                reason: "换号".into(),
                photo: Some("data:image/jpeg;base64,/9j/".into()),
            },
            vec![(Actor::Anonymous, L), (sec_a, N)],
        ),
        (Command::RegisterVolunteer(VolunteerForm::default()), vec![(Actor::Anonymous, L), (sec_a, N), (college_a, N)]),
        (Command::Accept { requests: vec![pending] }, vec![(Actor::Anonymous, L), (member, N), (sec_b, N), (college_b, N)]),
        (Command::Return { request: pending, reason: "退回".into() }, vec![(Actor::Anonymous, L), (member, N), (sec_b, N), (college_b, N)]),
        (Command::IssueResetCode { member: member_id }, vec![(Actor::Anonymous, L), (member, N), (other_member, N), (college_a, N)]),
        (Command::SetCadre { member: member_id, cadre: true }, vec![(Actor::Anonymous, L), (member, N), (college_a, N)]),
        (
            Command::TransferOut { member: member_id, destination: model::Destination::Abroad, target: "海外".into() },
            vec![(Actor::Anonymous, L), (member, N), (college_a, N)],
        ),
        (
            Command::RecordProblem {
                name: "某".into(),
                student_no: String::new(),
                kind: model::ProblemKind::CannotJoin,
                note: "无法".into(),
            },
            vec![(Actor::Anonymous, L), (member, N), (college_a, N)],
        ),
        (
            Command::MarkSent { kind: sync::Kind::Report },
            vec![(Actor::Anonymous, CoreError::NothingToSend), (member, CoreError::NothingToSend)],
        ),
        (
            Command::MarkSent { kind: sync::Kind::Application },
            vec![(Actor::Anonymous, CoreError::NothingToSend), (sec_a, CoreError::NothingToSend)],
        ),
        (Command::SetGraduationYear { branch: a, year: 2029 }, vec![(Actor::Anonymous, N), (member, N), (sec_b, N), (college_b, N)]),
        (Command::Archive { branch: a }, vec![(Actor::Anonymous, N), (member, N), (sec_b, N), (college_b, N)]),
        (Command::GenerateCodes { count: 1, valid_days: 20, kind: OrgKind::Branch }, vec![(Actor::Anonymous, L), (member, N), (sec_a, N)]),
        (Command::VoidCode { code: code.clone() }, vec![(Actor::Anonymous, L), (member, N), (sec_a, N), (college_a, N), (school, N)]),
        (
            Command::CreateCommittee { name: "新学院团委".into(), kind: OrgKind::College, username: "XXTW".into(), password: pw() },
            vec![(Actor::Anonymous, L), (member, N), (sec_a, N)],
        ),
        (
            Command::ResolveProblem { problem: ProblemId(1), note: "已处理".into() },
            vec![(Actor::Anonymous, L), (member, N), (sec_a, N), (college_a, N)],
        ),
        (
            Command::DecideAppeal { appeal, uphold: true, reason: String::new() },
            vec![(Actor::Anonymous, L), (member, N), (Actor::Member(new_acct), N), (sec_b, N), (college_b, N)],
        ),
    ];
    for (cmd, refusals) in cases {
        for (actor, want) in refusals {
            w.refused(actor, cmd.clone(), want);
        }
    }
    // A session that does not match its account's kind is refused outright.
    let bogus = Actor::Branch { account: member_id, org: a };
    w.refused(bogus, Command::Accept { requests: vec![pending] }, N);
    // 团委 and 团总支 cannot be joined.
    let me = new_member(&mut w, "13900000008", &id_with_check("11010820070301135"), "202100099997");
    w.refused(me, Command::Apply { branch: w.org("计算机学院团委"), transfer_from: None }, CoreError::NotABranch);
    w.refused(me, Command::Apply { branch: OrgId(42), transfer_from: None }, CoreError::OrgUnknown);
}

#[test]
fn demo_switch_only_in_the_demo() {
    let mut w = World::new();
    let any = *w.s.accounts.keys().next().unwrap();
    assert_eq!(w.s.demo_switch(any), Ok(any));
    assert_eq!(w.s.demo_switch(AccountId(123_456_789)), Err(CoreError::AccountUnknown));
    w.s.demo = false;
    assert_eq!(w.s.demo_switch(any), Err(CoreError::DemoOnly));
}

#[test]
fn a_member_exports_and_deletes_their_own_data() {
    let mut w = World::new();
    let a = w.org("2025级会计学1班团支部");
    let m = w.member_of(a);
    let text = w.s.member_data(m).unwrap();
    let p = w.s.accounts[&m].profile().unwrap().clone();
    assert!(text.contains(p.id_number.as_str()) && text.contains("2025级会计学1班团支部") && text.contains("已通过"));
    assert!(!text.contains(demo::DEMO_HASH), "no password hash");
    // Someone else cannot delete it; the member can, with the requests.
    w.refused(w.branch("25080101"), Command::DeleteOwnAccount, CoreError::NotAllowed);
    w.refused(Actor::Anonymous, Command::DeleteOwnAccount, CoreError::LoginRequired);
    w.ok(Actor::Member(m), Command::DeleteOwnAccount);
    assert!(!w.s.accounts.contains_key(&m));
    assert!(w.s.requests.values().all(|r| r.applicant != m));
    assert!(w.s.holder_of_id(&p.id_number, None).is_none(), "the ID number is free again");
    assert!(w.s.member_data(m).is_none());
}

#[test]
fn an_invite_link_teaches_a_new_phone_the_branch() {
    let source = World::new();
    let branch = source.org("2025级小学教育1班团支部");
    let invite = source.s.invite_for(branch).unwrap();
    assert_eq!(invite.college_name, "精工书院团委");
    // A phone that has never seen the school.
    let mut w = World { s: State::default(), rng: SplitMix(5), now: NOW };
    w.refused(Actor::Anonymous, Command::LearnBranch(BranchInvite { name: "x".into(), ..invite.clone() }), CoreError::OrgNameInvalid);
    w.refused(Actor::Anonymous, Command::LearnBranch(BranchInvite { branch: OrgId(5), ..invite.clone() }), CoreError::OrgUnknown);
    assert_eq!(w.ok(Actor::Anonymous, Command::LearnBranch(invite.clone())), Outcome::Org(branch));
    let hit = &w.s.search_orgs("小学教育", 5)[0];
    assert_eq!((hit.id, hit.selectable, hit.path.as_str()), (branch, true, "精工书院团委 › 2025级小学教育1班团支部"));
    let me = new_member(&mut w, "13900000010", &id_with_check("11010820070301139"), "202100099996");
    w.ok(me, Command::Apply { branch, transfer_from: None });
    // A link never overwrites what the device knows.
    let mut known = World::new();
    let renamed = BranchInvite { name: "伪造的名字团支部".into(), ..invite.clone() };
    known.ok(Actor::Anonymous, Command::LearnBranch(renamed));
    assert_eq!(known.s.orgs[&branch].name, "2025级小学教育1班团支部");
    let college = known.org("精工书院团委");
    known.refused(
        Actor::Anonymous,
        Command::LearnBranch(BranchInvite { branch: college, college: OrgId(1_100_001), ..invite }),
        CoreError::NotABranch,
    );
}
