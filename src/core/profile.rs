//! 完善个人信息: the member form as typed, and its validation into a [`Profile`]; every form's
//! fields ([`Field`]) and their problems. All fields are checked together so the form can show
//! every problem at once.

use super::date::Date;
use super::error::CoreError;
use super::model::{IdNumber, MemberNumber, OrgKind, PersonName, Profile, StudentNo, EDUCATIONS, ETHNICITIES, POLITICAL_STATUSES};
use super::rules;

/// A field of a form, so an error can be shown beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    IdNumber,
    PoliticalStatus,
    Ethnicity,
    Education,
    JoinMonth,
    MemberNumber,
    StudentNo,
    Phone,
    Password,
    /// 身份 on 创建账号 (我是团员).
    Identity,
    /// 立即注册's and 建立校团委's fields; those every kind of organisation has are named as the
    /// form of that kind names them ([`Field::org_name`] and the like): a branch's 团支部全称, a
    /// committee's 组织全称, the school's 校团委全称.
    Code,
    BranchName,
    CommitteeName,
    SchoolName,
    BranchNumber,
    Industry,
    GraduationYear,
    /// 团支书 (a branch's head); 负责人 (a committee's) is `HeadName`.
    SecretaryName,
    HeadName,
    SecretaryPhone,
    HeadPhone,
    BranchUsername,
    CommitteeUsername,
    SchoolUsername,
    /// 志愿服务's fields.
    ServiceArea,
    NativePlace,
    Residence,
    Directions,
    GuardianConsent,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "姓名",
            Field::IdNumber => "身份证号",
            Field::PoliticalStatus => "政治面貌",
            Field::Ethnicity => "民族",
            Field::Education => "最高学历",
            Field::JoinMonth => "入团年月",
            Field::MemberNumber => "团员编号",
            Field::StudentNo => "学号",
            Field::Phone => "手机号",
            Field::Password => "密码",
            Field::Identity => "身份",
            Field::Code => "邀请码",
            Field::BranchName => "团支部全称",
            Field::CommitteeName => "组织全称",
            Field::SchoolName => "校团委全称",
            Field::BranchNumber => "支部号",
            Field::Industry => "行业类别",
            Field::GraduationYear => "毕业年份",
            Field::SecretaryName => "团支书姓名",
            Field::HeadName => "负责人姓名",
            Field::SecretaryPhone => "团支书手机号",
            Field::HeadPhone => "负责人手机号",
            Field::BranchUsername => "团支部账号用户名",
            Field::CommitteeUsername => "组织账号用户名",
            Field::SchoolUsername => "校团委账号用户名",
            Field::ServiceArea => "服务区域",
            Field::NativePlace => "籍贯",
            Field::Residence => "居住区域",
            Field::Directions => "志愿方向",
            Field::GuardianConsent => "监护人同意",
        }
    }
}

/// The fields of an organisation's form, as the form of its kind names them.
impl Field {
    pub fn org_name(kind: OrgKind) -> Field {
        match kind {
            OrgKind::Branch => Field::BranchName,
            OrgKind::School => Field::SchoolName,
            _ => Field::CommitteeName,
        }
    }

    pub fn head_name(kind: OrgKind) -> Field {
        if kind == OrgKind::Branch {
            Field::SecretaryName
        } else {
            Field::HeadName
        }
    }

    pub fn head_phone(kind: OrgKind) -> Field {
        if kind == OrgKind::Branch {
            Field::SecretaryPhone
        } else {
            Field::HeadPhone
        }
    }

    pub fn username(kind: OrgKind) -> Field {
        match kind {
            OrgKind::Branch => Field::BranchUsername,
            OrgKind::School => Field::SchoolUsername,
            _ => Field::CommitteeUsername,
        }
    }
}

/// The fields a member can no longer change once their branch has accepted them (`MemberRecord::profile_locked`).
pub const LOCKED_ONCE_ACCEPTED: [Field; 3] = [Field::Name, Field::IdNumber, Field::JoinMonth];

impl Field {
    /// Read-only on 完善个人信息 once the branch has accepted the member.
    pub fn locked_once_accepted(self) -> bool {
        LOCKED_ONCE_ACCEPTED.contains(&self)
    }
}

/// Whether `new` changes a field of [`LOCKED_ONCE_ACCEPTED`] from `old`.
pub fn locked_fields_changed(old: &Profile, new: &Profile) -> bool {
    LOCKED_ONCE_ACCEPTED.iter().any(|f| match f {
        Field::Name => old.name != new.name,
        Field::IdNumber => old.id_number != new.id_number,
        Field::JoinMonth => old.join_month != new.join_month,
        _ => false,
    })
}

/// `new` with the fields of [`LOCKED_ONCE_ACCEPTED`] as they are in `old`, and, where `new` has
/// another 入团年月, the 团员编号 and 学号 written for it as they are in `old` too.
pub fn with_locked_fields_of(old: &Profile, mut new: Profile) -> Profile {
    if new.join_month != old.join_month {
        // A 团员编号 is written for its 入团年月 (and, joined in 2016, may be the 学号): the held
        // ones stay with the month, or the profile would be one the form refuses.
        (new.member_number, new.is_student, new.student_no) = (old.member_number.clone(), old.is_student, old.student_no.clone());
    }
    (new.name, new.id_number, new.join_month) = (old.name.clone(), old.id_number.clone(), old.join_month);
    // Read from the ID number.
    (new.birth, new.sex) = (old.birth, old.sex);
    new
}

/// One field's problem, as listed above a form: the field named, then what is wrong (`团支书姓名：请填写姓名。`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}：{}", .field.label(), .error)]
pub struct FieldError {
    pub field: Field,
    pub error: CoreError,
}

/// Collects the errors of a form's fields, each under its field.
#[derive(Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// The value, or `None` with the error noted under `field`.
    pub fn check<T>(&mut self, field: Field, r: Result<T, CoreError>) -> Option<T> {
        r.map_err(|error| self.0.push(FieldError { field, error })).ok()
    }

    /// `Ok(value)` when no field had an error.
    pub fn into_result<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Vec<FieldError>> {
        match (self.0.is_empty(), value()) {
            (true, Some(v)) => Ok(v),
            _ => Err(self.0),
        }
    }
}

/// The member form exactly as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileDraft {
    pub name: String,
    pub id_number: String,
    pub political_status: String,
    pub ethnicity: String,
    pub education: String,
    pub join_month: String,
    pub member_number: String,
    pub is_student: bool,
    pub student_no: String,
    pub wants_volunteer: bool,
}

impl ProfileDraft {
    pub fn from_profile(p: &Profile) -> ProfileDraft {
        ProfileDraft {
            name: p.name.to_string(),
            id_number: p.id_number.to_string(),
            political_status: p.political_status.clone(),
            ethnicity: p.ethnicity.clone(),
            education: p.education.clone(),
            join_month: p.join_month.to_string(),
            member_number: p.member_number.to_string(),
            is_student: p.is_student,
            student_no: p.student_no.as_ref().map(ToString::to_string).unwrap_or_default(),
            wants_volunteer: p.wants_volunteer,
        }
    }
}

fn choice(value: &str, options: &[&str], field: Field, errors: &mut Vec<FieldError>) -> String {
    if options.contains(&value) {
        value.to_string()
    } else {
        errors.push(FieldError { field, error: CoreError::ChoiceInvalid { field: field.label() } });
        String::new()
    }
}

/// Validates the whole form. `generated` is the 团员编号 to use for a pre-2016 join.
pub fn validate_profile(
    d: &ProfileDraft,
    today: Date,
    generated: impl FnOnce(i32, &str) -> MemberNumber,
) -> Result<Profile, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut push = |field, r: Result<(), CoreError>| {
        if let Err(error) = r {
            errors.push(FieldError { field, error });
        }
    };
    let name = PersonName::parse(&d.name);
    push(Field::Name, name.as_ref().map(|_| ()).map_err(Clone::clone));
    let id = IdNumber::parse(&d.id_number, today);
    push(Field::IdNumber, id.as_ref().map(|_| ()).map_err(Clone::clone));
    let birth = id.as_ref().ok().map(|n| n.facts().birth);
    let join = rules::check_join_month(&d.join_month, birth, today);
    push(Field::JoinMonth, join.as_ref().map(|_| ()).map_err(Clone::clone));
    let student_no = if d.is_student || !d.student_no.trim().is_empty() {
        let s = StudentNo::parse(&d.student_no);
        push(Field::StudentNo, s.as_ref().map(|_| ()).map_err(Clone::clone));
        s.ok()
    } else {
        None
    };
    let member_number = match &join {
        Ok(ym) if rules::member_number_case(ym.year) == rules::MemberNumberCase::Generated => {
            id.as_ref().ok().map(|id_number| generated(ym.year, id_number))
        }
        Ok(ym) => {
            let r = MemberNumber::parse(&d.member_number, ym.year, student_no.as_deref().or(Some(d.student_no.as_str())));
            push(Field::MemberNumber, r.as_ref().map(|_| ()).map_err(Clone::clone));
            r.ok()
        }
        Err(_) => None,
    };
    let political_status = choice(&d.political_status, &POLITICAL_STATUSES, Field::PoliticalStatus, &mut errors);
    let ethnicity = choice(&d.ethnicity, &ETHNICITIES, Field::Ethnicity, &mut errors);
    let education = choice(&d.education, &EDUCATIONS, Field::Education, &mut errors);
    match (name, id, join, member_number) {
        (Ok(name), Ok(id_number), Ok(join_month), Some(member_number)) if errors.is_empty() => Ok(Profile {
            name,
            birth: id_number.facts().birth,
            sex: id_number.facts().sex,
            id_number,
            political_status,
            ethnicity,
            education,
            join_month,
            member_number,
            is_student: d.is_student,
            student_no,
            wants_volunteer: d.wants_volunteer,
        }),
        _ => Err(errors),
    }
}

/// The error of one field, checked in the context of the whole draft (for checking a field as
/// the user leaves it). Uses the same validation as submitting, so the two never disagree.
pub fn field_error(d: &ProfileDraft, field: Field, today: Date) -> Option<CoreError> {
    match validate_profile(d, today, |y, id| MemberNumber::generate(y, id, |_| false)) {
        Ok(_) => None,
        Err(list) => list.into_iter().find(|e| e.field == field).map(|e| e.error),
    }
}

/// Which of the guide's 团员编号 cases applies to what the member typed, and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberNumberGuide {
    /// No valid join month yet.
    NeedJoinMonth,
    /// Before 2016: nothing to type.
    Generated { year: i32 },
    /// 2016: the number if any, else the 学号 rule (with the value it gives, if 学号 allows).
    Year2016 { from_student_no: Option<String> },
    /// From 2017: the 12-digit number starting with the year.
    FromCertificate { year: i32 },
}

impl MemberNumberGuide {
    pub fn for_draft(d: &ProfileDraft) -> MemberNumberGuide {
        let Some(ym) = super::date::YearMonth::parse(&d.join_month) else { return MemberNumberGuide::NeedJoinMonth };
        match rules::member_number_case(ym.year) {
            rules::MemberNumberCase::Generated => MemberNumberGuide::Generated { year: ym.year },
            rules::MemberNumberCase::Year2016 => {
                MemberNumberGuide::Year2016 { from_student_no: MemberNumber::from_student_no(&d.student_no).ok().map(String::from) }
            }
            rules::MemberNumberCase::FromCertificate => MemberNumberGuide::FromCertificate { year: ym.year },
        }
    }
}

impl std::fmt::Display for MemberNumberGuide {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MemberNumberGuide::NeedJoinMonth => f.write_str("先填写入团年月，再按提示填写团员编号。"),
            MemberNumberGuide::Generated { year } => write!(f, "{year}年入团（2016年之前）：无需填写，系统按入团年份自动生成。"),
            MemberNumberGuide::Year2016 { from_student_no: Some(n) } => {
                write!(f, "2016年入团：有团员编号请按编号填写；没有编号可按“2016+学号后8位”编号，即 {n}（留空将自动使用）。")
            }
            MemberNumberGuide::Year2016 { from_student_no: None } => {
                f.write_str("2016年入团：有团员编号请按编号填写；没有编号请先填写学号，系统按“2016+学号后8位”编号。")
            }
            MemberNumberGuide::FromCertificate { year } => {
                write!(f, "{year}年入团：请填写入团志愿书或团员证上的12位团员编号，前4位应为{year}。")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 23).unwrap()
    }

    /// Once accepted, 姓名, 身份证号 and 入团年月 are locked; the other fields stay open.
    #[test]
    fn the_locked_fields() {
        let s = crate::core::demo::build(crate::core::demo::DEMO_EPOCH);
        let p = s.accounts.values().find_map(|a| a.profile()).unwrap().clone();
        let mut q = p.clone();
        q.ethnicity = "回族".into();
        assert!(!locked_fields_changed(&p, &q));
        q.name = "别人".into();
        assert!(locked_fields_changed(&p, &q));
        assert!(Field::JoinMonth.locked_once_accepted() && !Field::StudentNo.locked_once_accepted());
    }

    fn good() -> ProfileDraft {
        ProfileDraft {
            name: "张三".into(),
            id_number: format!("11010520070301002{}", rules::id_check_char(b"11010520070301002")),
            political_status: "共青团员".into(),
            ethnicity: "汉族".into(),
            education: "本科在读".into(),
            join_month: "2021-05".into(),
            member_number: "202100012345".into(),
            is_student: true,
            student_no: "1120251234".into(),
            wants_volunteer: true,
        }
    }

    #[test]
    fn a_good_draft_validates_and_derives_birth_and_sex() {
        let p = validate_profile(&good(), today(), |_, _| unreachable!()).unwrap();
        assert_eq!(p.birth, Date::new(2007, 3, 1).unwrap());
        assert_eq!(p.sex, rules::Sex::Female);
        assert_eq!(p.student_no.as_deref(), Some("1120251234"));
    }

    #[test]
    fn field_errors_name_their_field() {
        let mut d = good();
        d.member_number = "201900012345".into();
        assert_eq!(field_error(&d, Field::MemberNumber, today()), Some(CoreError::MemberNumberYear { year: 2021 }));
        assert_eq!(field_error(&d, Field::Name, today()), None);
        d.is_student = true;
        d.student_no.clear();
        assert_eq!(field_error(&d, Field::StudentNo, today()), Some(CoreError::StudentNoRequired));
        d.political_status = "群众".into();
        assert_eq!(field_error(&d, Field::PoliticalStatus, today()), Some(CoreError::ChoiceInvalid { field: "政治面貌" }));
    }

    #[test]
    fn member_number_guide_follows_the_join_year() {
        let mut d = good();
        d.join_month = "2014-09".into();
        assert_eq!(MemberNumberGuide::for_draft(&d), MemberNumberGuide::Generated { year: 2014 });
        d.join_month = "2016-09".into();
        assert_eq!(MemberNumberGuide::for_draft(&d), MemberNumberGuide::Year2016 { from_student_no: Some("201620251234".into()) });
        d.join_month = "2023-09".into();
        assert_eq!(MemberNumberGuide::for_draft(&d), MemberNumberGuide::FromCertificate { year: 2023 });
        d.join_month = "x".into();
        assert_eq!(MemberNumberGuide::for_draft(&d), MemberNumberGuide::NeedJoinMonth);
        assert!(MemberNumberGuide::FromCertificate { year: 2023 }.to_string().contains("前4位应为2023"));
    }
}
