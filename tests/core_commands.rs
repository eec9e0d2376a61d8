//! Command tests on the demo school: a member joining, duplicates, the profile, transfers, graduates, codes and registrations.

use tuan::core::commands::account::suggest_branch_username;
use tuan::core::date::DAY_MS;
use tuan::core::profile::Field;
use tuan::core::*;

mod common;
use common::*;

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
        Command::TransferOut {
            members: vec![cadre], destination: model::Destination::FurtherStudy, target: "某大学研究生团支部".into()
        },
        CoreError::CadreMustResign,
    );
    w.ok(sec_g, Command::SetCadre { member: cadre, cadre: false });
    w.ok(
        sec_g,
        Command::TransferOut {
            members: vec![cadre], destination: model::Destination::FurtherStudy, target: "某大学研究生团支部".into()
        },
    );
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
    let out = |members: &[AccountId]| Command::TransferOut {
        members: members.to_vec(),
        destination: model::Destination::EmployedWithLeague,
        target: "某公司团委".into(),
    };
    // All or none: a cadre among those ticked is named, and nobody's request is made.
    let cadre = *members.iter().find(|m| w.s.accounts[m].member().unwrap().cadre).unwrap();
    let before = w.s.requests.len();
    w.refused(sec, out(&members), CoreError::NotTransferred { name: w.s.display_name(cadre), why: Box::new(CoreError::CadreMustResign) });
    assert_eq!(w.s.requests.len(), before);
    w.refused(sec, out(&[]), CoreError::NobodyChosen);
    for m in &members {
        w.ok(sec, Command::SetCadre { member: *m, cadre: false });
    }
    let Outcome::Requests(made) = w.ok(sec, out(&members)) else { panic!() };
    assert_eq!(made.len(), members.len());
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
        Command::TransferOut { members: vec![m], destination: model::Destination::Abroad, target: "海外".into() },
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
    w.refused(Actor::Anonymous, Command::RegisterBranch(short), CoreError::OrgNameNotFull { kind: OrgKind::Branch });
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
            (Field::org_name(OrgKind::Branch), CoreError::OrgNameTaken { id: existing.0 }),
            (Field::username(OrgKind::Branch), CoreError::UsernameTaken { suggestion: format!("{login}bit") })
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
    let Err(Refusal::Fields(list)) = w.run(Actor::Anonymous, Command::RegisterBranch(empty.clone())) else { panic!() };
    let fields: Vec<Field> = list.iter().map(|f| f.field).collect();
    let b = OrgKind::Branch;
    assert_eq!(
        fields,
        vec![
            Field::Code,
            Field::org_name(b),
            Field::BranchNumber,
            Field::Industry,
            Field::head_name(b),
            Field::head_phone(b),
            Field::username(b)
        ]
    );
    // The form of a college's code this phone does not know (a link cut short) checks a
    // committee's fields, named as that form names them: no 支部号, no 团支书.
    let list = w.s.check_branch_registration(&empty, OrgKind::College, NOW).unwrap_err();
    let named: Vec<String> = list.iter().map(|f| f.to_string().split('：').next().unwrap().to_string()).collect();
    assert_eq!(named, ["邀请码", "组织全称", "负责人姓名", "负责人手机号", "组织账号用户名"]);
}
