//! The field rules of `DOMAIN.md`: each function takes what the user typed and returns the clean
//! value or the typed error that says what is wrong. Shared by the forms, the commands and imports.

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

fn province_ok(code: u32) -> bool {
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82 | 83 | 90..=99)
}

/// 身份证号: trims, upper-cases a final `x`, checks GB 11643 (province, real past birth date, check
/// character). Returns the normalised number and the facts derived from it.
pub fn check_id_number(input: &str, today: Date) -> Result<(String, IdFacts), CoreError> {
    let id: String = input.trim().chars().filter(|c| *c != ' ').collect::<String>().to_ascii_uppercase();
    if id.chars().count() != 18 {
        return Err(CoreError::IdLength { got: id.chars().count() });
    }
    let bytes = id.as_bytes();
    if !bytes[..17].iter().all(u8::is_ascii_digit) || !(bytes[17].is_ascii_digit() || bytes[17] == b'X') {
        return Err(CoreError::IdCharacters);
    }
    let province = u32::from(bytes[0] - b'0') * 10 + u32::from(bytes[1] - b'0');
    if !province_ok(province) {
        return Err(CoreError::IdProvince);
    }
    let facts = id_facts(&id).ok_or(CoreError::IdBirthDate)?;
    if facts.birth > today || facts.birth.year < 1900 {
        return Err(CoreError::IdBirthDate);
    }
    let expected = id_check_char(&bytes[..17]);
    if char::from(bytes[17]) != expected {
        return Err(CoreError::IdCheckCharacter);
    }
    Ok((id, facts))
}

/// The birth date (digits 7–14) and sex (the 17th digit, odd for 男) an 18-character ID number
/// states, without the other checks of [`check_id_number`]: how a saved profile, whose number was
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

/// 手机号: strips `+86` / `0086`, spaces and dashes, then `^1[3-9]\d{9}$`.
pub fn normalize_phone(input: &str) -> Result<String, CoreError> {
    let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{3000}')).collect();
    let rest = compact.strip_prefix("+86").or_else(|| compact.strip_prefix("0086")).unwrap_or(&compact);
    let b = rest.as_bytes();
    let ok = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit);
    if ok {
        Ok(rest.to_string())
    } else {
        Err(CoreError::PhoneInvalid)
    }
}

/// 姓名: required, no digits, at most 30 characters.
pub fn check_name(input: &str) -> Result<String, CoreError> {
    let name = input.trim();
    if name.is_empty() {
        return Err(CoreError::NameEmpty);
    }
    if name.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return Err(CoreError::NameHasDigit);
    }
    if name.chars().count() > 30 {
        return Err(CoreError::NameTooLong);
    }
    Ok(name.to_string())
}

/// Free text with a required minimum (reasons for 退回, 撤回, 申诉).
pub fn check_reason(input: &str) -> Result<String, CoreError> {
    let r = input.trim();
    if r.chars().count() < 2 {
        return Err(CoreError::ReasonRequired);
    }
    if r.chars().count() > 200 {
        return Err(CoreError::ReasonTooLong);
    }
    Ok(r.to_string())
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

/// 学号: 4 to 20 letters or digits.
pub fn check_student_no(input: &str) -> Result<String, CoreError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(CoreError::StudentNoRequired);
    }
    if s.len() < 4 || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(CoreError::StudentNoFormat);
    }
    Ok(s.to_ascii_uppercase())
}

/// The number the guide offers a 2016 joiner without one: `2016` + the last 8 digits of 学号.
pub fn member_number_from_student_no(student_no: &str) -> Result<String, CoreError> {
    let digits: String = student_no.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return Err(CoreError::StudentNoTooShortFor2016);
    }
    Ok(format!("2016{}", &digits[digits.len() - 8..]))
}

/// The number generated for a join before 2016 (guide: "系统按入团年份自动生成"): the join year and
/// 8 digits taken from the SHA-256 of the ID number, moved on past any number `taken` here. There
/// is no counter to start again on each phone: every phone gives one person the same number, and
/// two people the same 8 digits once in 10⁸ pairs, which `State::duplicate_people` then flags.
pub fn generated_member_number(join_year: i32, id_number: &str, taken: impl Fn(&str) -> bool) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(id_number.as_bytes());
    let start = digest[..8].iter().fold(0u64, |n, b| n << 8 | u64::from(*b)) % 100_000_000;
    (0..1000)
        .map(|i| format!("{join_year:04}{:08}", (start + i) % 100_000_000))
        .find(|n| !taken(n))
        .unwrap_or_else(|| format!("{join_year:04}{start:08}"))
}

/// 团员编号 as typed, for a join year where the member must supply it (2016 and later). An empty
/// input in 2016 falls back to the 学号 rule. Uniqueness is checked by the command against the state.
pub fn check_member_number(input: &str, join_year: i32, student_no: Option<&str>) -> Result<String, CoreError> {
    let n: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    match member_number_case(join_year) {
        MemberNumberCase::Generated => Err(CoreError::MemberNumberIsGenerated),
        MemberNumberCase::Year2016 if n.is_empty() => match student_no {
            Some(s) if !s.trim().is_empty() => member_number_from_student_no(s),
            _ => Err(CoreError::MemberNumber2016NeedsStudentNo),
        },
        case => {
            if n.is_empty() {
                return Err(CoreError::MemberNumberRequired { year: join_year });
            }
            if n.len() != 12 || !n.bytes().all(|b| b.is_ascii_digit()) {
                return Err(if n.len() == 8 && n.bytes().all(|b| b.is_ascii_digit()) {
                    CoreError::MemberNumberLooksLikeCard
                } else {
                    CoreError::MemberNumberFormat
                });
            }
            let prefix = if case == MemberNumberCase::Year2016 { 2016 } else { join_year };
            if n[..4] != format!("{prefix:04}") {
                return Err(CoreError::MemberNumberYear { year: join_year });
            }
            Ok(n)
        }
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

/// 支部号: 4 to 16 digits.
pub fn check_branch_number(number: &str) -> Result<String, CoreError> {
    let n = number.trim();
    if (4..=16).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()) {
        Ok(n.to_string())
    } else {
        Err(CoreError::BranchNumberInvalid)
    }
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

/// The longest 身份证照片 data URL: a JPEG compressed on the phone to at most 200 KB, in base64.
pub const MAX_PHOTO_CHARS: usize = 200 * 1024 * 4 / 3 + 64;

/// 身份证照片 for 我要申诉: a JPEG data URL, as the phone compresses it, at most [`MAX_PHOTO_CHARS`].
pub fn check_photo(photo: &str) -> Result<(), CoreError> {
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

    /// 支部号, 毕业年份 and the ID photo: one rule each, for the forms, the commands and the importer.
    #[test]
    fn branch_number_graduation_year_and_photo() {
        assert_eq!(check_branch_number(" 25070101 "), Ok("25070101".into()));
        assert!(check_branch_number("123").is_err() && check_branch_number("12a4").is_err());
        assert_eq!(check_graduation_year(2035, 2025), Ok(2035));
        assert!(check_graduation_year(2036, 2025).is_err() && check_graduation_year(2014, 2025).is_err());
        assert_eq!(check_photo("data:image/jpeg;base64,/9j/"), Ok(()));
        assert_eq!(check_photo("data:image/png;base64,iVBO"), Err(CoreError::PhotoUnreadable));
        assert_eq!(check_photo(&format!("data:image/jpeg;base64,{}", "A".repeat(MAX_PHOTO_CHARS))), Err(CoreError::PhotoTooLarge));
    }
    use proptest::prelude::*;

    fn today() -> Date {
        Date::new(2026, 11, 23).unwrap()
    }

    /// Builds a valid number from 17 digits.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", id_check_char(first17.as_bytes()))
    }

    #[test]
    fn id_valid_vectors() {
        // The GB 11643 standard's own example.
        let (id, facts) = check_id_number("11010519491231002X", today()).unwrap();
        assert_eq!(id, "11010519491231002X");
        assert_eq!(facts.birth, Date::new(1949, 12, 31).unwrap());
        assert_eq!(facts.sex, Sex::Female);
        let (_, f) = check_id_number(&with_check("44052420070301001"), today()).unwrap();
        assert_eq!(f.sex, Sex::Male);
        assert_eq!(f.birth, Date::new(2007, 3, 1).unwrap());
    }

    #[test]
    fn id_lower_case_x_is_upper_cased() {
        let (id, _) = check_id_number(" 11010519491231002x ", today()).unwrap();
        assert_eq!(id, "11010519491231002X");
    }

    #[test]
    fn id_invalid_kinds() {
        assert_eq!(check_id_number("11010519491231002", today()), Err(CoreError::IdLength { got: 17 }));
        assert_eq!(check_id_number("11010519491231002X1", today()), Err(CoreError::IdLength { got: 19 }));
        assert_eq!(check_id_number("1101051949123100AX", today()), Err(CoreError::IdCharacters));
        assert_eq!(check_id_number("110105194912310021", today()), Err(CoreError::IdCheckCharacter));
        // province 10 does not exist
        assert_eq!(check_id_number(&with_check("10010519491231002"), today()), Err(CoreError::IdProvince));
        // 2005-02-30 is not a date
        assert_eq!(check_id_number(&with_check("11010520050230002"), today()), Err(CoreError::IdBirthDate));
        // born in the future
        assert_eq!(check_id_number(&with_check("11010520300101002"), today()), Err(CoreError::IdBirthDate));
        // residence permit (83) and 9x are accepted
        assert!(check_id_number(&with_check("83000020050101002"), today()).is_ok());
        assert!(check_id_number(&with_check("91000020050101002"), today()).is_ok());
        // full-width digits are not digits here
        assert_eq!(check_id_number("１１0105194912310021", today()), Err(CoreError::IdCharacters));
    }

    #[test]
    fn phone_rules() {
        assert_eq!(normalize_phone("+86 138 0013 8000").unwrap(), "13800138000");
        assert_eq!(normalize_phone("0086-13800138000").unwrap(), "13800138000");
        assert_eq!(normalize_phone("13800138000").unwrap(), "13800138000");
        assert!(normalize_phone("12800138000").is_err());
        assert!(normalize_phone("1380013800").is_err());
        assert!(normalize_phone("138001380001").is_err());
        assert!(normalize_phone("+8513800138000").is_err());
        assert!(normalize_phone("").is_err());
    }

    #[test]
    fn name_rules() {
        assert_eq!(check_name(" 张三 ").unwrap(), "张三");
        assert_eq!(check_name("阿依古丽·买买提").unwrap(), "阿依古丽·买买提");
        assert_eq!(check_name(""), Err(CoreError::NameEmpty));
        assert_eq!(check_name("张3"), Err(CoreError::NameHasDigit));
        assert_eq!(check_name("张３"), Err(CoreError::NameHasDigit));
        assert_eq!(check_name(&"张".repeat(31)), Err(CoreError::NameTooLong));
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
        assert_eq!(check_member_number("201900012345", 2019, None).unwrap(), "201900012345");
        assert_eq!(check_member_number("2019 0001 2345", 2019, None).unwrap(), "201900012345");
        assert_eq!(check_member_number("201800012345", 2019, None), Err(CoreError::MemberNumberYear { year: 2019 }));
        assert_eq!(check_member_number("", 2019, None), Err(CoreError::MemberNumberRequired { year: 2019 }));
        assert_eq!(check_member_number("12345678", 2019, None), Err(CoreError::MemberNumberLooksLikeCard));
        assert_eq!(check_member_number("2019000123a5", 2019, None), Err(CoreError::MemberNumberFormat));
        assert_eq!(check_member_number("x", 2014, None), Err(CoreError::MemberNumberIsGenerated));
        // 2016: a number if there is one, else 2016 + last 8 digits of 学号
        assert_eq!(check_member_number("201600000007", 2016, None).unwrap(), "201600000007");
        assert_eq!(check_member_number("", 2016, Some("1120250123")).unwrap(), "201620250123");
        assert_eq!(check_member_number("", 2016, None), Err(CoreError::MemberNumber2016NeedsStudentNo));
        assert_eq!(check_member_number("", 2016, Some("1234")), Err(CoreError::StudentNoTooShortFor2016));
        // One person, one number on every phone; another person, another; a taken number is passed.
        let a = generated_member_number(2014, "11010519491231002X", |_| false);
        assert_eq!(a, generated_member_number(2014, "11010519491231002X", |_| false));
        assert!(a.starts_with("2014") && a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(a, generated_member_number(2014, "110105194912310029", |_| false));
        let b = generated_member_number(2014, "11010519491231002X", |n| n == a);
        assert!(b != a && b.starts_with("2014"));
    }

    #[test]
    fn masks() {
        assert_eq!(mask_id("11010519491231002X"), "110***********002X");
        assert_eq!(mask_phone("13856785678"), "138****5678");
        assert_eq!(mask_phone("123"), "***");
    }

    proptest! {
        #[test]
        fn any_17_digits_with_their_check_char_is_valid_or_fails_only_on_province_or_date(digits in "[0-9]{17}") {
            let id = with_check(&digits);
            match check_id_number(&id, today()) {
                Ok((norm, _)) => prop_assert_eq!(norm, id),
                Err(e) => prop_assert!(matches!(e, CoreError::IdProvince | CoreError::IdBirthDate)),
            }
        }

        #[test]
        fn changing_one_digit_breaks_the_check(pos in 0usize..17, delta in 1u8..10) {
            let (id, _) = check_id_number("11010519491231002X", today()).unwrap();
            let mut b = id.into_bytes();
            b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
            let s = String::from_utf8(b).unwrap();
            prop_assert!(check_id_number(&s, today()).is_err());
        }

        #[test]
        fn rules_never_panic(s in "\\PC{0,40}") {
            let _ = check_id_number(&s, today());
            let _ = normalize_phone(&s);
            let _ = check_name(&s);
            let _ = check_join_month(&s, Some(Date::new(2000,1,1).unwrap()), today());
            let _ = check_member_number(&s, 2016, Some(&s));
            let _ = check_member_number(&s, 2020, None);
            let _ = check_student_no(&s);
            let _ = mask_id(&s);
        }
    }
}
