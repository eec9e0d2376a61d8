//! The demo data set: a realistic school to explore on one device (1 校团委, 4 学院/书院团委,
//! 12 团支部, about 120 members with valid, distinct generated ID numbers, requests in every state).
//! Deterministic: the same `now` gives the same state. All accounts share the password
//! [`DEMO_PASSWORD`], whose hash is precomputed so building the demo costs no key derivation.

use super::auth::PasswordHash;
use super::date::{Date, Millis, YearMonth, DAY_MS};
use super::entropy::{random_code, Entropy, SplitMix};
use super::error::CoreError;
use super::model::*;
use super::rules::{id_check_char, Sex};

/// The password of every demo account (shown on the demo screen).
pub const DEMO_PASSWORD: &str = "demo1234";
/// The salt of the demo hash.
pub const DEMO_SALT: &[u8; 16] = b"tuan-demo-salt!!";
/// PBKDF2-SHA256(DEMO_PASSWORD, DEMO_SALT, 600000), checked by a test.
pub const DEMO_HASH: &str = "67db793e1d25ddabf1878893de8abad69767dab404d93eb30b72ed53ac19888a";
/// A fixed instant for tests: 2026-09-15 10:00 Beijing time.
pub const DEMO_EPOCH: Millis = 1_789_437_600_000;

pub fn demo_password_hash() -> PasswordHash {
    PasswordHash { iterations: super::auth::MIN_ITERATIONS, salt: super::auth::hex(DEMO_SALT), hash: DEMO_HASH.into() }
}

const SURNAMES: [&str; 20] =
    ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
const GIVEN: [&str; 24] = [
    "子涵", "浩然", "欣怡", "宇轩", "梓萱", "一诺", "雨桐", "俊杰", "思远", "佳怡", "明轩", "诗涵", "博文", "若曦", "天佑", "可馨", "晨阳",
    "雅琪", "家豪", "语嫣", "振华", "静怡", "昊天", "书瑶",
];
/// Real area codes (province first), so generated numbers pass the province check.
const AREAS: [&str; 10] = ["110108", "110105", "310104", "440106", "510107", "420111", "370102", "320106", "330106", "130102"];

struct BranchSpec {
    name: &'static str,
    number: &'static str,
    college: usize,
    birth_year: i32,
    graduation: i32,
    members: usize,
}

const COLLEGES: [(&str, &str, u64); 4] = [
    ("计算机学院团委", "JSJTW", 1_100_001),
    ("经济与管理学院团委", "JGTW", 1_200_001),
    ("精工书院团委", "JGSYTW", 1_300_001),
    ("睿信书院团委", "RXSYTW", 1_400_001),
];

const BRANCHES: [BranchSpec; 12] = [
    BranchSpec {
        name: "2025级计算机科学与技术1班团支部", number: "25070101", college: 0, birth_year: 2007, graduation: 2029, members: 12
    },
    BranchSpec {
        name: "2025级计算机科学与技术2班团支部", number: "25070102", college: 0, birth_year: 2007, graduation: 2029, members: 11
    },
    BranchSpec {
        name: "2025级软件工程研究生团支部", number: "25070201", college: 0, birth_year: 2001, graduation: 2028, members: 9
    },
    BranchSpec { name: "2025级会计学1班团支部", number: "25080101", college: 1, birth_year: 2007, graduation: 2029, members: 12 },
    BranchSpec {
        name: "2025级工商管理1班团支部", number: "25080201", college: 1, birth_year: 2007, graduation: 2029, members: 10
    },
    BranchSpec { name: "2024级金融学1班团支部", number: "24080301", college: 1, birth_year: 2006, graduation: 2028, members: 11 },
    BranchSpec {
        name: "2025级精工书院1班团支部", number: "25110101", college: 2, birth_year: 2007, graduation: 2029, members: 12
    },
    BranchSpec {
        name: "2025级精工书院2班团支部", number: "25110102", college: 2, birth_year: 2007, graduation: 2029, members: 10
    },
    BranchSpec {
        name: "2025级小学教育1班团支部", number: "25110103", college: 2, birth_year: 2007, graduation: 2029, members: 11
    },
    BranchSpec {
        name: "2025级睿信书院1班团支部", number: "25120101", college: 3, birth_year: 2007, graduation: 2029, members: 12
    },
    BranchSpec { name: "2025级睿信书院2班团支部", number: "25120102", college: 3, birth_year: 2007, graduation: 2029, members: 0 },
    BranchSpec {
        name: "2022级睿信书院毕业班团支部", number: "22121301", college: 3, birth_year: 2004, graduation: 2026, members: 8
    },
];

impl State {
    /// Whether what was made in the demo (`demo`: a link's or a file's mark) may meet this phone,
    /// the one rule for links and files alike: the demo meets only the demo, and a real phone with
    /// data of its own never takes the demo's. A blank phone that opens the demo's link or file
    /// joins the demo (so two phones can try a hand-over); leaving it is one tap back to blank.
    pub fn meet_demo(&mut self, demo: bool) -> Result<(), CoreError> {
        self.demo = self.demo_after(demo)?;
        Ok(())
    }

    /// What [`State::meet_demo`] would make of this phone's demo flag, changing nothing.
    pub fn demo_after(&self, demo: bool) -> Result<bool, CoreError> {
        match (demo, self.demo) {
            (true, true) | (false, false) => Ok(demo),
            (true, false) if self.is_blank() => Ok(true),
            (true, false) => Err(CoreError::DemoIntoReal),
            (false, true) => Err(CoreError::RealIntoDemo),
        }
    }
}

/// The school's organisation ID in the demo.
pub const SCHOOL_ID: OrgId = OrgId(1_000_001);

/// Builds the demo state as of `now`.
pub fn build(now: Millis) -> State {
    let mut s = State { demo: true, ..State::default() };
    let mut rng = SplitMix(2025);
    let pw = demo_password_hash();
    let mut next_account = 1u64;
    let mut add_account = |s: &mut State, login: String, role: AccountRole, created: Millis| {
        let id = AccountId(next_account);
        next_account += 1;
        s.accounts.insert(id, Account { id, login, role, password: pw.clone(), created, retired: false });
        id
    };
    let t0 = now - 40 * DAY_MS;
    s.orgs.insert(
        SCHOOL_ID,
        Org {
            id: SCHOOL_ID, name: "示范大学团委".into(), kind: OrgKind::School, parent: None, branch: None, created: t0, updated: t0
        },
    );
    add_account(&mut s, "XTW2025".into(), AccountRole::Committee { org: SCHOOL_ID }, t0);
    for (name, login, id) in COLLEGES {
        let id = OrgId(id);
        s.orgs.insert(
            id,
            Org { id, name: name.into(), kind: OrgKind::College, parent: Some(SCHOOL_ID), branch: None, created: t0, updated: t0 },
        );
        add_account(&mut s, login.into(), AccountRole::Committee { org: id }, t0);
    }

    let mut used_ids = std::collections::BTreeSet::new();
    let mut phone_seq = 0u32;
    let mut request_seq = 1u64;
    let mut student_seq = 0u32;
    for (bi, b) in BRANCHES.iter().enumerate() {
        let org = OrgId(COLLEGES[b.college].2 + 100 + bi as u64);
        let created = t0 + (bi as i64) * DAY_MS / 2;
        let secretary = format!("{}{}", SURNAMES[bi % 20], GIVEN[(bi * 5) % 24]);
        s.orgs.insert(
            org,
            Org {
                id: org,
                name: b.name.into(),
                kind: OrgKind::Branch,
                parent: Some(OrgId(COLLEGES[b.college].2)),
                branch: Some(BranchInfo {
                    number: b.number.into(),
                    industry: INDUSTRIES[0].into(),
                    graduation_year: Some(b.graduation),
                    secretary_name: secretary,
                    secretary_phone: format!("1391000{:04}", bi),
                    archived: false,
                }),
                created,
                updated: created,
            },
        );
        add_account(&mut s, super::commands::account::branch_username(b.number), AccountRole::Branch { org }, created);
        // A registration code the college used for this branch.
        let code = random_code(&mut rng, RegistrationCode::LEN);
        s.codes.insert(
            code.clone(),
            RegistrationCode {
                code,
                issuer: OrgId(COLLEGES[b.college].2),
                kind: OrgKind::Branch,
                created: t0 - DAY_MS,
                expires: t0 + 19 * DAY_MS,
                state: CodeState::Used { org, at: created },
                others: vec![],
                settled: None,
            },
        );

        // Members: most accepted, the rest in the other request states. The empty branch gets
        // only pending applications.
        let applicants = if b.members == 0 { 3 } else { b.members };
        for mi in 0..applicants {
            let sex = if (bi + mi) % 2 == 0 { Sex::Male } else { Sex::Female };
            let (id_number, birth) = loop {
                let area = AREAS[rng.below(AREAS.len() as u64) as usize];
                let birth = Date::from_days(Date::new(b.birth_year, 1, 1).map(Date::to_days).unwrap_or(0) + rng.below(365) as i64);
                let mut seq = rng.below(500) as u32 * 2;
                if sex == Sex::Male {
                    seq += 1;
                }
                let first17 = format!("{area}{:04}{:02}{:02}{:03}", birth.year, birth.month, birth.day, seq % 1000);
                let id = format!("{first17}{}", id_check_char(first17.as_bytes()));
                if used_ids.insert(id.clone()) {
                    break (id, birth);
                }
            };
            let name = format!("{}{}", SURNAMES[(bi * 7 + mi * 3) % 20], GIVEN[(bi * 3 + mi * 5) % 24]);
            student_seq += 1;
            let student_no = format!("1120{}{:04}", &b.number[..2], student_seq);
            let join_month = YearMonth { year: birth.year + 14, month: 5 };
            let member_number = if join_month.year <= 2015 {
                MemberNumber::generate(join_month.year, &id_number, |_| false)
            } else {
                MemberNumber::from_saved(format!("{}{:08}", join_month.year, 10_000 + student_seq))
            };
            let profile = Profile {
                name: PersonName::from_saved(name),
                id_number: IdNumber::from_saved(id_number),
                birth,
                sex,
                political_status: if mi == 0 && b.birth_year <= 2004 { "中共预备党员".into() } else { "共青团员".into() },
                ethnicity: if mi % 9 == 4 {
                    "回族".into()
                } else if mi % 11 == 6 {
                    "满族".into()
                } else {
                    "汉族".into()
                },
                education: if b.birth_year <= 2001 { "硕士在读".into() } else { "本科在读".into() },
                join_month,
                member_number,
                is_student: true,
                student_no: Some(StudentNo::from_saved(student_no)),
                wants_volunteer: mi % 3 != 2,
            };
            phone_seq += 1;
            let phone = format!("1{}{:09}", [3, 5, 8][(phone_seq % 3) as usize], 800_000_000 + phone_seq * 7919);
            // States: the last two of a full branch are pending, the one before returned; the
            // empty branch has only pending applicants.
            let pending = b.members == 0 || mi + 2 >= applicants;
            let returned = b.members != 0 && mi + 3 == applicants;
            let accepted = !pending && !returned;
            let applied = created + DAY_MS + (mi as i64) * 3_600_000;
            let volunteer = (accepted && profile.wants_volunteer && mi % 4 != 1).then(|| Volunteer {
                service_area: "海淀区".into(),
                native_place: "北京市".into(),
                residence: "海淀区".into(),
                directions: vec!["社区服务".into(), "大型赛会".into()],
                guardian_consent: false,
                registered: applied + DAY_MS,
            });
            let record = MemberRecord {
                profile: Some(profile),
                branch: accepted.then_some(org),
                accepted_at: accepted.then_some(applied + DAY_MS),
                cadre: accepted && mi == 0,
                volunteer,
                consent: Some(Consent { version: super::commands::CONSENT_VERSION, at: applied }),
                profile_at: applied,
                membership_at: if accepted { applied + DAY_MS } else { 0 },
            };
            let acct = add_account(&mut s, phone, AccountRole::Member(Box::new(record)), applied - 3_600_000);
            let kind = if mi % 5 == 3 { RequestKind::TransferIn { from: "北京市第八中学团委".into() } } else { RequestKind::Join };
            let state = if accepted {
                RequestState::Accepted { at: applied + DAY_MS, by: AccountId(0) }
            } else if returned {
                RequestState::Returned {
                    at: applied + DAY_MS, by: AccountId(0), reason: "请选择您所在班级的团支部（您选成了2班）".into()
                }
            } else {
                RequestState::Pending
            };
            let id = RequestId(request_seq);
            request_seq += 1;
            // Some pending requests are old enough (12 days) to be highlighted.
            let created_at = if pending && mi % 2 == 0 { now - 12 * DAY_MS } else { applied.min(now - DAY_MS) };
            s.requests
                .insert(id, Request { id, kind, applicant: acct, branch: org, created: created_at, state, others: vec![], settled: None });
        }
    }
    // Fix the decider of accepted and returned requests: the branch account.
    let branch_accounts: std::collections::BTreeMap<OrgId, AccountId> = s
        .accounts
        .values()
        .filter_map(|a| match a.role {
            AccountRole::Branch { org } => Some((org, a.id)),
            _ => None,
        })
        .collect();
    for r in s.requests.values_mut() {
        let by_branch = branch_accounts.get(&r.branch).copied().unwrap_or(AccountId(0));
        match &mut r.state {
            RequestState::Accepted { by, .. } | RequestState::Returned { by, .. } => *by = by_branch,
            _ => {}
        }
    }
    // Two fresh codes from 精工书院团委: one unused, one voided.
    for (i, state) in [CodeState::Unused, CodeState::Voided { at: now - DAY_MS }].into_iter().enumerate() {
        let code = random_code(&mut rng, RegistrationCode::LEN);
        s.codes.insert(
            code.clone(),
            RegistrationCode {
                code,
                issuer: OrgId(1_300_001),
                kind: OrgKind::Branch,
                created: now - 2 * DAY_MS + i as i64,
                expires: now + 18 * DAY_MS,
                state,
                others: vec![],
                settled: None,
            },
        );
    }
    // Problem records: one reported to the college, one not yet.
    let branch0 = OrgId(COLLEGES[2].2 + 106);
    for (i, (name, kind, reported)) in
        [("钱多多", ProblemKind::CannotRegister, true), ("孙小美", ProblemKind::CannotJoin, false)].into_iter().enumerate()
    {
        let id = ProblemId(i as u64 + 1);
        s.problems.insert(
            id,
            Problem {
                id,
                branch: branch0,
                name: name.into(),
                student_no: Some(format!("11202500{:02}", 90 + i)),
                kind,
                note: if kind == ProblemKind::CannotRegister {
                    "提示“身份证已注册”，本人未注册过".into()
                } else {
                    "搜索不到本支部".into()
                },
                created: now - 3 * DAY_MS,
                reported: reported.then_some(now - 2 * DAY_MS),
                resolved: None,
            },
        );
    }
    mark_handed_over(&mut s, now);
    s
}

/// One device holds every role of the demo: what each would have handed over to another (an
/// application, decisions, a registration) has reached it. Reports are left as they are: one
/// problem is still to report.
fn mark_handed_over(s: &mut State, now: Millis) {
    use crate::core::handover::tracked;
    use crate::core::sync::Kind;
    let actors: Vec<_> = s.accounts.values().map(|a| s.actor_for(Some(a.id))).collect();
    for actor in actors {
        for kind in [Kind::Application, Kind::Decisions, Kind::Registration] {
            if let Some(file) = s.sync_file(actor, kind, now) {
                s.note_sent(kind, tracked(kind, &file.body), now);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::auth::pbkdf2_sha256;
    use crate::core::profile::{validate_profile, ProfileDraft};
    use crate::core::IdNumber;

    #[test]
    fn demo_hash_is_the_demo_password() {
        let derived = pbkdf2_sha256(DEMO_PASSWORD, DEMO_SALT, crate::core::auth::MIN_ITERATIONS);
        assert!(demo_password_hash().matches(&derived), "DEMO_HASH = {}", crate::core::auth::hex(&derived));
    }

    #[test]
    fn demo_is_realistic_and_valid() {
        let s = build(DEMO_EPOCH);
        let today = Date::from_millis(DEMO_EPOCH);
        assert_eq!(s.orgs.values().filter(|o| o.kind == OrgKind::School).count(), 1);
        assert!(s.orgs.values().filter(|o| o.kind == OrgKind::College).count() >= 3);
        assert!(s.orgs.values().filter(|o| o.kind == OrgKind::Branch).count() >= 10);
        let members: Vec<_> = s.accounts.values().filter_map(|a| a.profile()).collect();
        assert!(members.len() >= 100, "{} members", members.len());
        let mut ids = std::collections::BTreeSet::new();
        let mut numbers = std::collections::BTreeSet::new();
        for p in &members {
            assert!(IdNumber::parse(&p.id_number, today).is_ok(), "{}", p.id_number);
            assert!(ids.insert(p.id_number.clone()), "duplicate {}", p.id_number);
            assert!(numbers.insert(p.member_number.clone()), "duplicate number {}", p.member_number);
            let draft = ProfileDraft::from_profile(p);
            let again = validate_profile(&draft, today, |_, _| p.member_number.clone()).unwrap();
            assert_eq!(&again, *p);
        }
        let pending = s.requests.values().filter(|r| r.state.is_pending()).count();
        assert!(pending >= 10, "{pending} pending");
        assert!(s.requests.values().any(|r| matches!(r.state, RequestState::Returned { .. })));
        assert!(s.requests.values().any(|r| matches!(r.kind, RequestKind::TransferIn { .. })));
        let logins: std::collections::BTreeSet<_> = s.accounts.values().map(|a| a.login.to_ascii_uppercase()).collect();
        assert_eq!(logins.len(), s.accounts.len(), "logins are unique");
        assert!(s.account_by_login("TZB22121301").is_some());
    }

    #[test]
    fn demo_is_deterministic() {
        assert_eq!(build(DEMO_EPOCH), build(DEMO_EPOCH));
    }
}
