//! A profile as any version wrote it, read with serde: versions 1 and 2 wrote the birth date and
//! sex (and long keys in version 1); version 3 leaves them out, and they are read back from the ID
//! number (`rules::id_facts`), as the form derives them.

use super::{IdNumber, MemberNumber, PersonName, Profile, StudentNo};
use crate::core::date::{Date, YearMonth};
use crate::core::rules::{id_facts, Sex};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ProfileIn {
    #[serde(rename = "n", alias = "name")]
    pub(crate) name: String,
    #[serde(rename = "ic", alias = "id_number")]
    pub(crate) id_number: String,
    #[serde(rename = "bd", alias = "birth", default)]
    pub(crate) birth: Option<Date>,
    #[serde(rename = "sx", alias = "sex", default)]
    pub(crate) sex: Option<Sex>,
    #[serde(rename = "ps", alias = "political_status")]
    pub(crate) political_status: String,
    #[serde(rename = "et", alias = "ethnicity")]
    pub(crate) ethnicity: String,
    #[serde(rename = "ed", alias = "education")]
    pub(crate) education: String,
    #[serde(rename = "jm", alias = "join_month")]
    pub(crate) join_month: YearMonth,
    #[serde(rename = "mn", alias = "member_number")]
    pub(crate) member_number: String,
    #[serde(rename = "is", alias = "is_student", default)]
    pub(crate) is_student: bool,
    #[serde(rename = "sn", alias = "student_no", default)]
    pub(crate) student_no: Option<String>,
    #[serde(rename = "wv", alias = "wants_volunteer", default)]
    pub(crate) wants_volunteer: bool,
}

/// An ID number that states no birth date (which no form accepts), with none written beside it.
#[derive(Debug)]
pub struct NoBirthDate;

impl std::fmt::Display for NoBirthDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an ID number without a birth date")
    }
}

impl TryFrom<ProfileIn> for Profile {
    type Error = NoBirthDate;
    fn try_from(p: ProfileIn) -> Result<Profile, NoBirthDate> {
        let (birth, sex) = match (p.birth, p.sex) {
            (Some(birth), Some(sex)) => (birth, sex),
            (birth, sex) => {
                let facts = id_facts(&p.id_number).ok_or(NoBirthDate)?;
                (birth.unwrap_or(facts.birth), sex.unwrap_or(facts.sex))
            }
        };
        Ok(Profile {
            name: PersonName::from_saved(p.name),
            id_number: IdNumber::from_saved(p.id_number),
            birth,
            sex,
            political_status: p.political_status,
            ethnicity: p.ethnicity,
            education: p.education,
            join_month: p.join_month,
            member_number: MemberNumber::from_saved(p.member_number),
            is_student: p.is_student,
            student_no: p.student_no.map(StudentNo::from_saved),
            wants_volunteer: p.wants_volunteer,
        })
    }
}
