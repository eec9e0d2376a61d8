//! Validated values: each typed field of the guide as a newtype whose one `parse` is its rule, for the forms, the commands and the importer
//! alike.
//!
//! A value of one of these types has passed its rule; the saved document holds the same text (`#[serde(transparent)]`).

use super::date::Date;
use super::error::CoreError;
use super::rules::{id_check_char, id_facts, member_number_case, IdFacts, MemberNumberCase};

macro_rules! text_value {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// A value read back from this phone's own document or made by the core itself (demo data, a generated number), which passed
            /// the rule when it was made.
            #[allow(dead_code)]
            pub(crate) fn from_saved(text: String) -> $name {
                $name(text)
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        /// Tests build records as they like, valid or not (the importer's tests need invalid ones).
        #[cfg(test)]
        impl From<&str> for $name {
            fn from(text: &str) -> $name {
                $name(text.to_string())
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                self == &other.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_value! {
    /// 身份证号: 18 characters of GB 11643-1999, the final `x` upper-cased.
    IdNumber
}
text_value! {
    /// 手机号: 11 digits, `1[3-9]…`, without `+86`.
    Phone
}
text_value! {
    /// 姓名: 1 to 30 characters, no digits.
    PersonName
}
text_value! {
    /// 学号: 4 to 20 letters or digits, upper-cased.
    StudentNo
}
text_value! {
    /// 团员编号: 12 digits beginning with the join year (or 2016).
    MemberNumber
}
text_value! {
    /// 支部号: 4 to 16 digits.
    BranchNumber
}
text_value! {
    /// 用户名 of a branch's or committee's account: 4 to 24 letters or digits.
    Username
}
text_value! {
    /// 组织全称: 2 to 50 characters.
    OrgName
}
text_value! {
    /// A reason given for 退回, 撤回 or 申诉: 2 to 200 characters.
    Reason
}

fn province_ok(code: u32) -> bool {
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82 | 83 | 90..=99)
}

impl IdNumber {
    /// Trims, drops spaces, upper-cases a final `x`, and checks GB 11643: the province, a real birth date not after `today`, the check
    /// character.
    pub fn parse(input: &str, today: Date) -> Result<IdNumber, CoreError> {
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
        if char::from(bytes[17]) != id_check_char(&bytes[..17]) {
            return Err(CoreError::IdCheckCharacter);
        }
        Ok(IdNumber(id))
    }

    /// The birth date and sex the number states.
    pub fn facts(&self) -> IdFacts {
        id_facts(&self.0).expect("a parsed ID number states a date")
    }

    /// `110***********002X`: what lists show.
    pub fn masked(&self) -> String {
        super::rules::mask_id(&self.0)
    }
}

impl Phone {
    /// Strips `+86` / `0086`, spaces and dashes, then `^1[3-9]\d{9}$`.
    pub fn parse(input: &str) -> Result<Phone, CoreError> {
        let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{3000}')).collect();
        let rest = compact.strip_prefix("+86").or_else(|| compact.strip_prefix("0086")).unwrap_or(&compact);
        let b = rest.as_bytes();
        let ok = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit);
        if ok {
            Ok(Phone(rest.to_string()))
        } else {
            Err(CoreError::PhoneInvalid)
        }
    }

    /// `138****5678`: what lists show.
    pub fn masked(&self) -> String {
        super::rules::mask_phone(&self.0)
    }
}

/// Characters that show nothing or turn the text's direction: zero-width spaces and joiners, the
/// byte-order mark, and the bidirectional marks, embeddings, overrides and isolates. A name made of
/// them shows as a blank row, and an override makes one name read as another.
pub fn is_invisible_or_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}'
    )
}

/// A name (of a person or an organisation) that holds none of [`is_invisible_or_bidi`].
fn visible(name: &str) -> Result<&str, CoreError> {
    if name.chars().any(is_invisible_or_bidi) {
        return Err(CoreError::InvisibleCharacters);
    }
    Ok(name)
}

impl PersonName {
    /// Required, no digits (half- or full-width), no invisible or direction-changing characters,
    /// at most 30 characters.
    pub fn parse(input: &str) -> Result<PersonName, CoreError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(CoreError::NameEmpty);
        }
        let name = visible(name)?;
        if name.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
            return Err(CoreError::NameHasDigit);
        }
        if name.chars().count() > 30 {
            return Err(CoreError::NameTooLong);
        }
        Ok(PersonName(name.to_string()))
    }
}

impl StudentNo {
    /// 4 to 20 letters or digits, upper-cased.
    pub fn parse(input: &str) -> Result<StudentNo, CoreError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(CoreError::StudentNoRequired);
        }
        if s.len() < 4 || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(CoreError::StudentNoFormat);
        }
        Ok(StudentNo(s.to_ascii_uppercase()))
    }
}

impl MemberNumber {
    /// 团员编号 as typed, for a join year where the member supplies it (2016 and later); an empty input in 2016 falls back to the 学号 rule.
    /// Uniqueness is the command's check against the state.
    pub fn parse(input: &str, join_year: i32, student_no: Option<&str>) -> Result<MemberNumber, CoreError> {
        let n: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        match member_number_case(join_year) {
            MemberNumberCase::Generated => Err(CoreError::MemberNumberIsGenerated),
            MemberNumberCase::Year2016 if n.is_empty() => match student_no {
                Some(s) if !s.trim().is_empty() => MemberNumber::from_student_no(s),
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
                Ok(MemberNumber(n))
            }
        }
    }

    /// The number the guide offers a 2016 joiner without one: `2016` + the last 8 digits of 学号.
    pub fn from_student_no(student_no: &str) -> Result<MemberNumber, CoreError> {
        let digits: String = student_no.chars().filter(char::is_ascii_digit).collect();
        if digits.len() < 8 {
            return Err(CoreError::StudentNoTooShortFor2016);
        }
        Ok(MemberNumber(format!("2016{}", &digits[digits.len() - 8..])))
    }

    /// The number generated for a join before 2016 (guide: "系统按入团年份自动生成"): the join year and 8 digits taken from the SHA-256 of the ID
    /// number, moved on past any number `taken` here.
    /// There is no counter to start again on each phone: every phone gives one person the same number, and two people the same 8 digits
    /// once in 10⁸ pairs, which `State::duplicate_people` then flags.
    pub fn generate(join_year: i32, id_number: &str, taken: impl Fn(&str) -> bool) -> MemberNumber {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(id_number.as_bytes());
        let start = digest[..8].iter().fold(0u64, |n, b| n << 8 | u64::from(*b)) % 100_000_000;
        let number = (0..1000)
            .map(|i| format!("{join_year:04}{:08}", (start + i) % 100_000_000))
            .find(|n| !taken(n))
            .unwrap_or_else(|| format!("{join_year:04}{start:08}"));
        MemberNumber(number)
    }
}

impl BranchNumber {
    /// 4 to 16 digits.
    pub fn parse(input: &str) -> Result<BranchNumber, CoreError> {
        let n = input.trim();
        if (4..=16).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()) {
            Ok(BranchNumber(n.to_string()))
        } else {
            Err(CoreError::BranchNumberInvalid)
        }
    }
}

impl Username {
    /// 4 to 24 letters or digits.
    pub fn parse(input: &str) -> Result<Username, CoreError> {
        let u = input.trim();
        if (4..=24).contains(&u.len()) && u.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(Username(u.to_string()))
        } else {
            Err(CoreError::UsernameInvalid)
        }
    }
}

impl OrgName {
    /// 2 to 50 characters, trimmed, none of them invisible or direction-changing.
    pub fn parse(input: &str) -> Result<OrgName, CoreError> {
        let n = visible(input.trim())?;
        if (2..=50).contains(&n.chars().count()) {
            Ok(OrgName(n.to_string()))
        } else {
            Err(CoreError::OrgNameInvalid)
        }
    }
}

/// The form in which two organisations' names are the same name (立即注册's 已有同名, the
/// committee's 重复注册, the preview's namesake warning): letters, digits and signs typed full-width
/// as their ASCII, spaces and middle dots dropped, ASCII letters in upper case. So
/// "2025级计算机１班团支部" and "2025级 计算机1班团支部" are one name.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            '·' | '・' | '•' | '‧' | '⋅' | '･' | 'ꞏ' | '∙' => None,
            c if c.is_whitespace() => None,
            c => Some(c),
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

impl Reason {
    /// Trimmed, 2 to 200 characters.
    pub fn parse(input: &str) -> Result<Reason, CoreError> {
        let r = input.trim();
        if r.chars().count() < 2 {
            return Err(CoreError::ReasonRequired);
        }
        if r.chars().count() > 200 {
            return Err(CoreError::ReasonTooLong);
        }
        Ok(Reason(r.to_string()))
    }
}

#[cfg(test)]
#[path = "values_tests.rs"]
mod tests;
