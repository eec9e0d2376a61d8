//! Tests of the validated values: each `parse` against the guide's examples and arbitrary input.

use super::*;
use crate::core::rules::Sex;
use proptest::prelude::*;

fn today() -> Date {
    Date::new(2026, 11, 23).unwrap()
}

/// Builds a valid number from 17 digits.
fn with_check(first17: &str) -> String {
    format!("{first17}{}", id_check_char(first17.as_bytes()))
}

fn id(s: &str) -> Result<String, CoreError> {
    IdNumber::parse(s, today()).map(String::from)
}

#[test]
fn id_valid_vectors() {
    // The GB 11643 standard's own example.
    let n = IdNumber::parse("11010519491231002X", today()).unwrap();
    assert_eq!(n, "11010519491231002X");
    assert_eq!(n.facts().birth, Date::new(1949, 12, 31).unwrap());
    assert_eq!(n.facts().sex, Sex::Female);
    assert_eq!(n.masked(), "110***********002X");
    let f = IdNumber::parse(&with_check("44052420070301001"), today()).unwrap().facts();
    assert_eq!(f.sex, Sex::Male);
    assert_eq!(f.birth, Date::new(2007, 3, 1).unwrap());
}

#[test]
fn id_lower_case_x_is_upper_cased() {
    assert_eq!(id(" 11010519491231002x ").unwrap(), "11010519491231002X");
}

#[test]
fn id_invalid_kinds() {
    assert_eq!(id("11010519491231002"), Err(CoreError::IdLength { got: 17 }));
    assert_eq!(id("11010519491231002X1"), Err(CoreError::IdLength { got: 19 }));
    assert_eq!(id("1101051949123100AX"), Err(CoreError::IdCharacters));
    assert_eq!(id("110105194912310021"), Err(CoreError::IdCheckCharacter));
    // province 10 does not exist
    assert_eq!(id(&with_check("10010519491231002")), Err(CoreError::IdProvince));
    // 2005-02-30 is not a date
    assert_eq!(id(&with_check("11010520050230002")), Err(CoreError::IdBirthDate));
    // born in the future
    assert_eq!(id(&with_check("11010520300101002")), Err(CoreError::IdBirthDate));
    // residence permit (83) and 9x are accepted
    assert!(id(&with_check("83000020050101002")).is_ok());
    assert!(id(&with_check("91000020050101002")).is_ok());
    // full-width digits are not digits here
    assert_eq!(id("１１0105194912310021"), Err(CoreError::IdCharacters));
}

#[test]
fn phone_rules() {
    let phone = |s: &str| Phone::parse(s).map(String::from);
    assert_eq!(phone("+86 138 0013 8000").unwrap(), "13800138000");
    assert_eq!(phone("0086-13800138000").unwrap(), "13800138000");
    assert_eq!(phone("13800138000").unwrap(), "13800138000");
    assert_eq!(Phone::parse("13856785678").unwrap().masked(), "138****5678");
    for bad in ["12800138000", "1380013800", "138001380001", "+8513800138000", ""] {
        assert_eq!(phone(bad), Err(CoreError::PhoneInvalid), "{bad}");
    }
}

#[test]
fn name_rules() {
    let name = |s: &str| PersonName::parse(s).map(String::from);
    assert_eq!(name(" 张三 ").unwrap(), "张三");
    assert_eq!(name("阿依古丽·买买提").unwrap(), "阿依古丽·买买提");
    assert_eq!(name(""), Err(CoreError::NameEmpty));
    assert_eq!(name("张3"), Err(CoreError::NameHasDigit));
    assert_eq!(name("张３"), Err(CoreError::NameHasDigit));
    assert_eq!(name(&"张".repeat(31)), Err(CoreError::NameTooLong));
}

#[test]
fn member_numbers() {
    let number = |s: &str, year: i32, student_no: Option<&str>| MemberNumber::parse(s, year, student_no).map(String::from);
    assert_eq!(number("201900012345", 2019, None).unwrap(), "201900012345");
    assert_eq!(number("2019 0001 2345", 2019, None).unwrap(), "201900012345");
    assert_eq!(number("201800012345", 2019, None), Err(CoreError::MemberNumberYear { year: 2019 }));
    assert_eq!(number("", 2019, None), Err(CoreError::MemberNumberRequired { year: 2019 }));
    assert_eq!(number("12345678", 2019, None), Err(CoreError::MemberNumberLooksLikeCard));
    assert_eq!(number("2019000123a5", 2019, None), Err(CoreError::MemberNumberFormat));
    assert_eq!(number("x", 2014, None), Err(CoreError::MemberNumberIsGenerated));
    // 2016: a number if there is one, else 2016 + last 8 digits of 学号
    assert_eq!(number("201600000007", 2016, None).unwrap(), "201600000007");
    assert_eq!(number("", 2016, Some("1120250123")).unwrap(), "201620250123");
    assert_eq!(number("", 2016, None), Err(CoreError::MemberNumber2016NeedsStudentNo));
    assert_eq!(number("", 2016, Some("1234")), Err(CoreError::StudentNoTooShortFor2016));
    // One person, one number on every phone; another person, another; a taken number is passed.
    let a = MemberNumber::generate(2014, "11010519491231002X", |_| false);
    assert_eq!(a, MemberNumber::generate(2014, "11010519491231002X", |_| false));
    assert!(a.starts_with("2014") && a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()));
    assert_ne!(a, MemberNumber::generate(2014, "110105194912310029", |_| false));
    let b = MemberNumber::generate(2014, "11010519491231002X", |n| a == n);
    assert!(b != a && b.starts_with("2014"));
}

/// 支部号, 用户名, 组织全称, 学号 and reasons: the same rule on the form, in the command and in the importer.
#[test]
fn the_other_fields() {
    assert_eq!(BranchNumber::parse(" 25070101 ").unwrap(), "25070101");
    assert!(BranchNumber::parse("123").is_err() && BranchNumber::parse("12a4").is_err());
    assert_eq!(Username::parse(" TZB25070101 ").unwrap(), "TZB25070101");
    assert_eq!(Username::parse("TZB-1"), Err(CoreError::UsernameInvalid));
    assert_eq!(OrgName::parse(" 2025级小学教育1班团支部 ").unwrap(), "2025级小学教育1班团支部");
    assert_eq!(OrgName::parse("团"), Err(CoreError::OrgNameInvalid));
    assert_eq!(StudentNo::parse(" 2025abc1 ").unwrap(), "2025ABC1");
    assert_eq!(StudentNo::parse(""), Err(CoreError::StudentNoRequired));
    assert_eq!(StudentNo::parse("12-45"), Err(CoreError::StudentNoFormat));
    assert_eq!(Reason::parse(" 信息有误 ").unwrap(), "信息有误");
    assert_eq!(Reason::parse("误"), Err(CoreError::ReasonRequired));
    assert_eq!(Reason::parse(&"误".repeat(201)), Err(CoreError::ReasonTooLong));
}

/// The saved document holds the plain text: a value reads back as what it was.
#[test]
fn saved_as_plain_text() {
    let n = IdNumber::parse("11010519491231002X", today()).unwrap();
    assert_eq!(crate::core::to_json(&n), "\"11010519491231002X\"");
    assert_eq!(serde_json::from_str::<IdNumber>("\"11010519491231002X\"").unwrap(), n);
}

proptest! {
    #[test]
    fn any_17_digits_with_their_check_char_is_valid_or_fails_only_on_province_or_date(digits in "[0-9]{17}") {
        let n = with_check(&digits);
        match id(&n) {
            Ok(norm) => prop_assert_eq!(norm, n),
            Err(e) => prop_assert!(matches!(e, CoreError::IdProvince | CoreError::IdBirthDate)),
        }
    }

    #[test]
    fn changing_one_digit_breaks_the_check(pos in 0usize..17, delta in 1u8..10) {
        let mut b = id("11010519491231002X").unwrap().into_bytes();
        b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
        let s = String::from_utf8(b).unwrap();
        prop_assert!(id(&s).is_err());
    }

    #[test]
    fn rules_never_panic(s in "\\PC{0,40}") {
        let _ = id(&s);
        let _ = Phone::parse(&s);
        let _ = PersonName::parse(&s);
        let _ = crate::core::rules::check_join_month(&s, Some(Date::new(2000, 1, 1).unwrap()), today());
        let _ = MemberNumber::parse(&s, 2016, Some(&s));
        let _ = MemberNumber::parse(&s, 2020, None);
        let _ = StudentNo::parse(&s);
        let _ = BranchNumber::parse(&s);
        let _ = Username::parse(&s);
        let _ = OrgName::parse(&s);
        let _ = Reason::parse(&s);
        let _ = crate::core::rules::mask_id(&s);
    }
}

#[test]
fn names_of_invisible_or_direction_changing_characters_are_refused() {
    use super::{OrgName, PersonName};
    for bad in ["\u{200B}\u{200B}", "张\u{200D}三", "\u{202E}三张", "李\u{2066}四\u{2069}", "\u{FEFF}王五"] {
        assert_eq!(PersonName::parse(bad).unwrap_err(), CoreError::InvisibleCharacters, "{bad:?}");
        assert_eq!(OrgName::parse(&format!("{bad}团支部")).unwrap_err(), CoreError::InvisibleCharacters, "{bad:?}");
    }
    assert!(PersonName::parse("阿依古丽·买买提").is_ok());
    assert!(CoreError::InvisibleCharacters.to_string().contains("看不见的字符"));
}

#[test]
fn names_typed_full_width_or_spaced_are_one_name() {
    use super::name_key;
    assert_eq!(name_key("2025级计算机１班团支部"), name_key("2025级 计算机1班团支部"));
    assert_eq!(name_key("ＡＢＣ学院团委（一）"), name_key("abc学院团委(一)"));
    assert_eq!(name_key("2025级计算机1班团支部"), "2025级计算机1班团支部");
    assert_eq!(name_key("计算机‧软件学院团委"), name_key("计算机·软件学院团委"));
    assert_ne!(name_key("2025级计算机1班团支部"), name_key("2025级计算机11班团支部"));
}
