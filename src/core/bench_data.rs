//! A large, deterministic school for the benchmarks (native only, never in the wasm): `members`
//! members in `branches` 团支部 under `committees` 学院团委, with requests in every state. Every
//! tenth member's request is pending, all of them at the first branch (`TZB25000001`), so one
//! secretary can accept 1,000 at once in the benchmark. Members have no password on the device,
//! as on a secretary's or committee's phone (their accounts arrive in sync files).

use super::date::{Date, Millis, YearMonth, DAY_MS};
use super::demo::demo_password_hash;
use super::model::*;
use super::rules::{id_check_char, Sex};

const SURNAMES: [&str; 12] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙"];
const GIVEN: [&str; 12] = ["子涵", "一诺", "明轩", "可馨", "振华", "浩然", "雨桐", "诗涵", "晨阳", "思远", "欣怡", "俊杰"];

pub const SCHOOL: OrgId = OrgId(1_000_001);

pub fn committee_id(i: usize) -> OrgId {
    OrgId(2_000_000 + i as u64)
}

pub fn branch_id(j: usize) -> OrgId {
    OrgId(3_000_000 + j as u64)
}

/// The school; every account's password is the demo's (`demo1234`).
pub fn large_school(now: Millis, committees: usize, branches: usize, members: usize) -> State {
    let mut s = State::default();
    let pw = demo_password_hash();
    let t0 = now - 60 * DAY_MS;
    let org = |id: OrgId, name: String, kind: OrgKind, parent: Option<OrgId>, branch: Option<BranchInfo>| Org {
        id,
        name,
        kind,
        parent,
        branch,
        created: t0,
        updated: t0,
    };
    let account = |id: u64, login: String, role: AccountRole| Account {
        id: AccountId(id),
        login,
        role,
        password: pw.clone(),
        created: t0,
        retired: false,
    };
    s.orgs.insert(SCHOOL, org(SCHOOL, "示范大学团委".into(), OrgKind::School, None, None));
    s.accounts.insert(AccountId(1), account(1, "XTW2025".into(), AccountRole::Committee { org: SCHOOL }));
    for i in 0..committees {
        let id = committee_id(i);
        s.orgs.insert(id, org(id, format!("第{}学院团委", i + 1), OrgKind::College, Some(SCHOOL), None));
        s.accounts
            .insert(AccountId(100 + i as u64), account(100 + i as u64, format!("XY{:04}", i + 1), AccountRole::Committee { org: id }));
    }
    for j in 0..branches {
        let id = branch_id(j);
        let number = format!("25{:06}", j + 1);
        let info = BranchInfo {
            number: number.clone(),
            industry: INDUSTRIES[0].into(),
            graduation_year: Some(2029),
            secretary_name: format!("{}书记", SURNAMES[j % 12]),
            secretary_phone: format!("139{:08}", j + 1),
            archived: false,
        };
        s.orgs.insert(
            id,
            org(
                id,
                format!("2025级第{}专业{}班团支部", j % committees.max(1) + 1, j + 1),
                OrgKind::Branch,
                Some(committee_id(j % committees.max(1))),
                Some(info),
            ),
        );
        s.accounts.insert(
            AccountId(10_000 + j as u64),
            account(10_000 + j as u64, crate::core::commands::account::branch_username(&number), AccountRole::Branch { org: id }),
        );
    }
    for k in 0..members {
        let branch = if k % 10 == 0 { branch_id(0) } else { branch_id(k % branches.max(1)) };
        let birth = Date::from_days(Date::new(2006, 1, 1).map(Date::to_days).unwrap_or(0) + (k / 1000) as i64 % 700);
        let seq = k % 1000;
        let first17 = format!("110108{:04}{:02}{:02}{:03}", birth.year, birth.month, birth.day, seq);
        let id_number = format!("{first17}{}", id_check_char(first17.as_bytes()));
        let sex = if seq % 2 == 1 { Sex::Male } else { Sex::Female };
        let applied = t0 + DAY_MS + (k as i64 % 40) * DAY_MS / 2;
        let state = match k % 10 {
            0 => RequestState::Pending,
            1 => RequestState::Returned {
                at: applied + DAY_MS, by: AccountId(10_000), reason: "请选择您所在班级的团支部".into()
            },
            2 => RequestState::Withdrawn { at: applied + DAY_MS, reason: "选错了团支部".into() },
            3 => RequestState::Lapsed { at: applied + 10 * DAY_MS },
            _ => RequestState::Accepted { at: applied + DAY_MS, by: AccountId(10_000) },
        };
        let accepted = matches!(state, RequestState::Accepted { .. });
        let profile = Profile {
            name: PersonName::from_saved(format!("{}{}", SURNAMES[k % 12], GIVEN[(k / 12) % 12])),
            id_number: IdNumber::from_saved(id_number),
            birth,
            sex,
            political_status: "共青团员".into(),
            ethnicity: "汉族".into(),
            education: "本科在读".into(),
            join_month: YearMonth { year: 2021, month: 5 },
            member_number: MemberNumber::from_saved(format!("2021{:08}", k + 1)),
            is_student: true,
            student_no: Some(StudentNo::from_saved(format!("11{:08}", k + 1))),
            wants_volunteer: k % 3 != 0,
        };
        let record = MemberRecord {
            profile: Some(profile),
            branch: accepted.then_some(branch),
            accepted_at: accepted.then_some(applied + DAY_MS),
            cadre: false,
            volunteer: (accepted && k % 3 == 1).then(|| Volunteer {
                service_area: "海淀区".into(),
                native_place: "北京市".into(),
                residence: "海淀区".into(),
                directions: vec!["社区服务".into()],
                guardian_consent: false,
                registered: applied + 2 * DAY_MS,
            }),
            consent: Some(Consent { version: 1, at: applied }),
            profile_at: applied,
            membership_at: if accepted { applied + DAY_MS } else { 0 },
        };
        let aid = 1_000_000 + k as u64;
        let mut member = account(aid, format!("13{:09}", 100_000_000 + k), AccountRole::Member(Box::new(record)));
        member.password = super::auth::PasswordHash::none();
        s.accounts.insert(AccountId(aid), member);
        let rid = RequestId(5_000_000 + k as u64);
        s.requests.insert(
            rid,
            Request {
                id: rid,
                kind: RequestKind::Join,
                applicant: AccountId(aid),
                branch,
                created: applied,
                state,
                others: vec![],
                settled: None,
            },
        );
    }
    s
}
