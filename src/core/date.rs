//! Calendar arithmetic without a clock: the shell passes "now" in, so every rule is deterministic.
//!
//! Days are counted from 1970-01-01 (civil-from-days after H. Hinnant), good for any year 1..=9999.
use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch (UTC+8 is applied where a calendar day is needed).
pub type Millis = i64;

pub const DAY_MS: Millis = 86_400_000;
/// China Standard Time offset: dates in the guide are Beijing dates.
const CST_OFFSET_MS: Millis = 8 * 3_600_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    #[serde(rename = "y", alias = "year")]
    pub year: i32,
    #[serde(rename = "m", alias = "month")]
    pub month: u32,
    #[serde(rename = "d", alias = "day")]
    pub day: u32,
}

/// 入团年月: a year and a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    #[serde(rename = "y", alias = "year")]
    pub year: i32,
    #[serde(rename = "m", alias = "month")]
    pub month: u32,
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A real calendar date, or None.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The Beijing calendar date of an instant.
    pub fn from_millis(ms: Millis) -> Date {
        Date::from_days((ms + CST_OFFSET_MS).div_euclid(DAY_MS))
    }

    pub fn year_month(self) -> YearMonth {
        YearMonth { year: self.year, month: self.month }
    }

    /// Whole years from `self` (a birth date) to `on`.
    pub fn age_on(self, on: Date) -> i32 {
        let mut age = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            age -= 1;
        }
        age
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl YearMonth {
    /// Parses `YYYY-MM` (also `YYYY/MM`, `YYYY.MM`, `YYYY年MM月`).
    pub fn parse(text: &str) -> Option<YearMonth> {
        let t = text.trim().trim_end_matches('月');
        let (y, m) = t.split_once(['-', '/', '.', '年'])?;
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return None;
        }
        if !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        (Date::new(year, month, 1).is_some()).then_some(YearMonth { year, month })
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Formats an instant as a Beijing date, `YYYY-MM-DD`.
pub fn format_day(ms: Millis) -> String {
    Date::from_millis(ms).to_string()
}

/// Formats an instant as Beijing time to the minute, `MM-DD HH:MM`.
pub fn format_minute(ms: Millis) -> String {
    let d = Date::from_millis(ms);
    let minute = (ms + CST_OFFSET_MS).rem_euclid(DAY_MS) / 60_000;
    format!("{:02}-{:02} {:02}:{:02}", d.month, d.day, minute / 60, minute % 60)
}

/// Formats an instant as a Beijing date and time to the minute, `YYYY-MM-DD HH:MM`.
pub fn format_day_minute(ms: Millis) -> String {
    format!("{} {}", format_day(ms), &format_minute(ms)[6..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_minute_in_beijing() {
        // 2026-11-30 06:05 UTC is 14:05 in Beijing.
        let ms = Date::new(2026, 11, 30).unwrap().to_days() * DAY_MS + 6 * 3_600_000 + 5 * 60_000;
        assert_eq!(format_minute(ms), "11-30 14:05");
        assert_eq!(format_minute(ms + 10 * 3_600_000), "12-01 00:05");
    }

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().to_days(), 11_017);
        assert_eq!(Date::from_days(-1), Date { year: 1969, month: 12, day: 31 });
    }

    #[test]
    fn invalid_dates_refused() {
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(2024, 4, 31).is_none());
    }

    #[test]
    fn beijing_day_boundary() {
        // 2026-11-23 16:00 UTC is 2026-11-24 00:00 in Beijing.
        let ms = Date::new(2026, 11, 23).unwrap().to_days() * DAY_MS + 16 * 3_600_000;
        assert_eq!(Date::from_millis(ms), Date { year: 2026, month: 11, day: 24 });
        assert_eq!(Date::from_millis(ms - 1), Date { year: 2026, month: 11, day: 23 });
    }

    #[test]
    fn age() {
        let b = Date::new(2007, 9, 1).unwrap();
        assert_eq!(b.age_on(Date::new(2021, 8, 31).unwrap()), 13);
        assert_eq!(b.age_on(Date::new(2021, 9, 1).unwrap()), 14);
    }

    #[test]
    fn year_month_parse() {
        assert_eq!(YearMonth::parse("2019-05"), Some(YearMonth { year: 2019, month: 5 }));
        assert_eq!(YearMonth::parse("2019/5"), Some(YearMonth { year: 2019, month: 5 }));
        assert_eq!(YearMonth::parse("2019年5月"), Some(YearMonth { year: 2019, month: 5 }));
        assert_eq!(YearMonth::parse("2019-13"), None);
        assert_eq!(YearMonth::parse("19-05"), None);
        assert_eq!(YearMonth::parse(""), None);
        assert_eq!(YearMonth::parse("２０１９-05"), None);
    }

    proptest! {
        #[test]
        fn days_round_trip(d in -600_000i64..2_000_000) {
            let date = Date::from_days(d);
            prop_assert_eq!(date.to_days(), d);
            prop_assert!(Date::new(date.year, date.month, date.day).is_some());
        }
    }
}
