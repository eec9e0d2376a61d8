//! 完善个人信息: the member form as typed, and its validation into a [`Profile`].
//! All fields are checked together so the form can show every problem at once.

use super::date::Date;
use super::error::CoreError;
use super::model::{Profile, EDUCATIONS, ETHNICITIES, POLITICAL_STATUSES};
use super::rules;
use serde::{Deserialize, Serialize};

/// A field of a form, so an error can be shown beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
        }
    }
}

/// One field's problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub error: CoreError,
}

/// The member form exactly as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
            name: p.name.clone(),
            id_number: p.id_number.clone(),
            political_status: p.political_status.clone(),
            ethnicity: p.ethnicity.clone(),
            education: p.education.clone(),
            join_month: p.join_month.to_string(),
            member_number: p.member_number.clone(),
            is_student: p.is_student,
            student_no: p.student_no.clone().unwrap_or_default(),
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
pub fn validate_profile(d: &ProfileDraft, today: Date, generated: impl FnOnce(i32) -> String) -> Result<Profile, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut push = |field, r: Result<(), CoreError>| {
        if let Err(error) = r {
            errors.push(FieldError { field, error });
        }
    };
    let name = rules::check_name(&d.name);
    push(Field::Name, name.as_ref().map(|_| ()).map_err(Clone::clone));
    let id = rules::check_id_number(&d.id_number, today);
    push(Field::IdNumber, id.as_ref().map(|_| ()).map_err(Clone::clone));
    let birth = id.as_ref().ok().map(|(_, f)| f.birth);
    let join = rules::check_join_month(&d.join_month, birth, today);
    push(Field::JoinMonth, join.as_ref().map(|_| ()).map_err(Clone::clone));
    let student_no = if d.is_student || !d.student_no.trim().is_empty() {
        let s = rules::check_student_no(&d.student_no);
        push(Field::StudentNo, s.as_ref().map(|_| ()).map_err(Clone::clone));
        s.ok()
    } else {
        None
    };
    let member_number = match &join {
        Ok(ym) if rules::member_number_case(ym.year) == rules::MemberNumberCase::Generated => Some(generated(ym.year)),
        Ok(ym) => {
            let r = rules::check_member_number(&d.member_number, ym.year, student_no.as_deref().or(Some(d.student_no.as_str())));
            push(Field::MemberNumber, r.as_ref().map(|_| ()).map_err(Clone::clone));
            r.ok()
        }
        Err(_) => None,
    };
    let political_status = choice(&d.political_status, &POLITICAL_STATUSES, Field::PoliticalStatus, &mut errors);
    let ethnicity = choice(&d.ethnicity, &ETHNICITIES, Field::Ethnicity, &mut errors);
    let education = choice(&d.education, &EDUCATIONS, Field::Education, &mut errors);
    match (name, id, join, member_number) {
        (Ok(name), Ok((id_number, facts)), Ok(join_month), Some(member_number)) if errors.is_empty() => Ok(Profile {
            name,
            id_number,
            birth: facts.birth,
            sex: facts.sex,
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
