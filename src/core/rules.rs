//! The guide's rules that are not one field's own: 入团年月 against the birth date, which 团员编号 case a join year falls in, 毕业年份, the ID-card
//! photo, and masking.
//! Each typed field's rule is its newtype's `parse` in `values.rs`.

use super::date::{Date, YearMonth};
use super::error::CoreError;

/// 性别, derived from the 17th digit of the ID number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Sex {
    /// 男
    Male,
    /// 女
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// What the ID number says about its holder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdFacts {
    /// 出生日期
    pub birth: Date,
    /// 性别
    pub sex: Sex,
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The GB 11643-1999 check character for the first 17 digits.
pub fn id_check_char(first17: &[u8]) -> char {
    let sum: u32 = first17.iter().zip(ID_WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    ID_CHECK[(sum % 11) as usize]
}

/// The birth date (digits 7–14) and sex (the 17th digit, odd for 男) an 18-character ID number
/// states, without the other checks of [`crate::core::values::IdNumber::parse`]: how a saved profile, whose number was
/// checked when it was entered, gets them back (the document does not store them since version 3).
pub fn id_facts(id: &str) -> Option<IdFacts> {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let birth = Date::new(num(6..10) as i32, num(10..12), num(12..14))?;
    let sex = if (b[16] - b'0') % 2 == 1 { Sex::Male } else { Sex::Female };
    Some(IdFacts { birth, sex })
}

/// The youngest age at which a join in `month` is accepted: 13 from 2017-01, 12 before.
///
/// Source: 智慧团建's own check on 入团年月 against the birth date (its 入团年月 field),
/// which is where every record typed here must end up. 团章 (第一条) admits members from 14; the
/// system is looser because it holds the records of members who joined younger under earlier
/// practice, whose 入团志愿书 carry those dates. A stricter check here would refuse members the
/// real system takes, so the form follows the system, and its message names both figures.
pub fn min_join_age(month: YearMonth) -> u32 {
    if month >= (YearMonth { year: 2017, month: 1 }) {
        13
    } else {
        12
    }
}

/// 入团年月: `YYYY-MM`, not in the future; the member was at least [`min_join_age`] at the join
/// (age counted at the end of the join month).
pub fn check_join_month(input: &str, birth: Option<Date>, today: Date) -> Result<YearMonth, CoreError> {
    let ym = YearMonth::parse(input).ok_or(CoreError::JoinMonthFormat)?;
    if ym > today.year_month() {
        return Err(CoreError::JoinMonthFuture);
    }
    if let Some(birth) = birth {
        let min_age = min_join_age(ym);
        let end = Date::new(ym.year, ym.month, super::date::days_in_month(ym.year, ym.month)).unwrap_or(today);
        let age = birth.age_on(end);
        if age < min_age as i32 {
            return Err(CoreError::JoinTooYoung { min_age, age: age.max(0) as u32 });
        }
    }
    Ok(ym)
}

/// Which of the guide's three cases a join year falls in (guide 二(一)(1)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberNumberCase {
    /// 2016年之前入团: the system generates the number from the join year.
    Generated,
    /// 2016年入团: the number if there is one, else `2016` + last 8 digits of 学号.
    Year2016,
    /// 2016年之后入团: the 12-digit number on the 入团志愿书 or 团员证, starting with the join year.
    FromCertificate,
}

pub fn member_number_case(join_year: i32) -> MemberNumberCase {
    match join_year {
        ..=2015 => MemberNumberCase::Generated,
        2016 => MemberNumberCase::Year2016,
        _ => MemberNumberCase::FromCertificate,
    }
}

/// `110***********002X`: the first 3 and last 4 characters of an ID number.
pub fn mask_id(id: &str) -> String {
    mask(id, 3, 4)
}

/// `138****5678`.
pub fn mask_phone(phone: &str) -> String {
    mask(phone, 3, 4)
}

fn mask(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// 毕业年份: within ten years of the year it is set in (the form's year, or the record's when
/// imported).
pub fn check_graduation_year(year: i32, this_year: i32) -> Result<i32, CoreError> {
    if (this_year - 10..=this_year + 10).contains(&year) {
        Ok(year)
    } else {
        Err(CoreError::GraduationYearInvalid)
    }
}

/// The longest 身份证照片 data URL: a JPEG compressed on the phone to at most `PHOTO_MAX_KB`, in base64.
pub const MAX_PHOTO_CHARS: usize = crate::core::limits::PHOTO_MAX_KB * 1024 * 4 / 3 + 64;

/// 身份证照片 for 我要申诉: required, a JPEG data URL as the phone compresses it, at most [`MAX_PHOTO_CHARS`].
pub fn check_photo(photo: Option<&str>) -> Result<(), CoreError> {
    let photo = photo.ok_or(CoreError::PhotoRequired)?;
    if photo.len() > MAX_PHOTO_CHARS {
        return Err(CoreError::PhotoTooLarge);
    }
    if !photo.starts_with("data:image/jpeg;base64,") {
        return Err(CoreError::PhotoUnreadable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 毕业年份 and the ID photo: one rule each, for the forms, the commands and the importer.
    #[test]
    fn graduation_year_and_photo() {
        assert_eq!(check_graduation_year(2035, 2025), Ok(2035));
        assert!(check_graduation_year(2036, 2025).is_err() && check_graduation_year(2014, 2025).is_err());
        assert_eq!(check_photo(Some("data:image/jpeg;base64,/9j/")), Ok(()));
        assert_eq!(check_photo(None), Err(CoreError::PhotoRequired));
        assert_eq!(check_photo(Some("data:image/png;base64,iVBO")), Err(CoreError::PhotoUnreadable));
        assert_eq!(check_photo(Some(&format!("data:image/jpeg;base64,{}", "A".repeat(MAX_PHOTO_CHARS)))), Err(CoreError::PhotoTooLarge));
    }

    fn today() -> Date {
        Date::new(2026, 11, 23).unwrap()
    }

    #[test]
    fn join_month_rules() {
        let birth = Date::new(2007, 9, 15).unwrap();
        assert!(check_join_month("2020-09", Some(birth), today()).is_ok()); // 13 by 2020-09-30
        assert_eq!((min_join_age(YearMonth { year: 2016, month: 12 }), min_join_age(YearMonth { year: 2017, month: 1 })), (12, 13));
        assert_eq!(check_join_month("2020-08", Some(birth), today()), Err(CoreError::JoinTooYoung { min_age: 13, age: 12 }));
        let older = Date::new(2003, 6, 1).unwrap();
        assert!(check_join_month("2015-06", Some(older), today()).is_ok()); // 12 before 2017 is enough
        assert_eq!(check_join_month("2015-05", Some(older), today()), Err(CoreError::JoinTooYoung { min_age: 12, age: 11 }));
        assert_eq!(check_join_month("2026-12", None, today()), Err(CoreError::JoinMonthFuture));
        assert!(check_join_month("2026-11", None, today()).is_ok());
        assert_eq!(check_join_month("2026", None, today()), Err(CoreError::JoinMonthFormat));
    }

    #[test]
    fn member_number_cases() {
        assert_eq!(member_number_case(2015), MemberNumberCase::Generated);
        assert_eq!(member_number_case(2016), MemberNumberCase::Year2016);
        assert_eq!(member_number_case(2017), MemberNumberCase::FromCertificate);
    }

    #[test]
    fn masks() {
        assert_eq!(mask_id("11010519491231002X"), "110***********002X");
        assert_eq!(mask_phone("13856785678"), "138****5678");
        assert_eq!(mask_phone("123"), "***");
    }
}
