//! Pinyin initials for 找组织: `jsj` finds 计算机…, and both `kjx` and `hjx` find 会计学, since a
//! polyphone (多音字) answers to the initial of each of its readings (长 to c and z). The same in
//! every engine: the table is data, made from the `pinyin` crate's readings (mozillazg's
//! pinyin-data) by `tests/initials_table.rs` into `public/initials-1.txt`, which the browser
//! fetches the first time someone types initials.
//!
//! The file: a first line `tuan-initials 1`, then one entry per character from U+4E00 to U+9FFF
//! (the CJK Unified Ideographs): `-` for no reading, else its initials, the first in lower case
//! and any further ones in upper case (`hK` for 会, read huì and kuài), a hundred characters a line.

/// The file's name beside index.html (its version in the name, so a cache never serves an old one).
pub const FILE: &str = "initials-1.txt";
/// The first line of the file.
pub const HEADER: &str = "tuan-initials 1";
/// The first character of the table; it runs to U+9FFF.
pub const FIRST: char = '\u{4e00}';
const LAST: char = '\u{9fff}';

/// The table, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Initials {
    /// Where each character's letters start in `letters` (one more than there are characters).
    starts: Vec<u32>,
    /// Every character's initials, lower case, one after another.
    letters: Vec<u8>,
}

impl Initials {
    /// Reads the file; `None` if it is not a whole table.
    pub fn parse(text: &str) -> Option<Initials> {
        let body = text.strip_prefix(HEADER)?.trim();
        let mut t = Initials { starts: Vec::new(), letters: Vec::new() };
        for b in body.bytes() {
            match b {
                b'-' | b'a'..=b'z' => {
                    t.starts.push(t.letters.len() as u32);
                    if b != b'-' {
                        t.letters.push(b);
                    }
                }
                b'A'..=b'Z' if !t.starts.is_empty() => t.letters.push(b.to_ascii_lowercase()),
                b'\n' => {}
                _ => return None,
            }
        }
        t.starts.push(t.letters.len() as u32);
        (t.starts.len() == (LAST as usize - FIRST as usize + 2)).then_some(t)
    }

    /// The letters a character answers to: its initials, a letter or digit itself (lower case),
    /// nothing for anything else.
    fn letters_of(&self, c: char) -> &[u8] {
        if (FIRST..=LAST).contains(&c) {
            let i = c as usize - FIRST as usize;
            &self.letters[self.starts[i] as usize..self.starts[i + 1] as usize]
        } else if c.is_ascii_alphanumeric() {
            const LOWER: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
            let at = c.to_digit(36).unwrap_or(0) as usize;
            &LOWER[at..at + 1]
        } else {
            &[]
        }
    }

    /// Whether `query` (lower-case letters) is the initials of characters one after another in
    /// `name`, any reading of each.
    pub fn matches(&self, name: &str, query: &str) -> bool {
        let chars: Vec<char> = name.chars().collect();
        let q = query.as_bytes();
        !q.is_empty()
            && chars.len() >= q.len()
            && (0..=chars.len() - q.len()).any(|i| q.iter().enumerate().all(|(j, b)| self.letters_of(chars[i + j]).contains(b)))
    }
}

/// A query typed as pinyin initials: two or more Latin letters (spaces ignored), in lower case.
pub fn initials_query(query: &str) -> Option<String> {
    let q: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    (q.len() >= 2 && q.bytes().all(|b| b.is_ascii_alphabetic())).then(|| q.to_ascii_lowercase())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The table the app ships.
    pub(crate) fn shipped() -> Initials {
        Initials::parse(include_str!("../../public/initials-1.txt")).expect("public/initials-1.txt reads")
    }

    #[test]
    fn every_reading_of_a_polyphone_and_names_as_universities_write_them() {
        let t = shipped();
        assert!(t.matches("2025级会计学1班团支部", "kjx") && t.matches("2025级会计学1班团支部", "hjx"));
        assert!(t.matches("长安大学", "cadx") && t.matches("长安大学", "zadx"));
        for (name, q) in [
            ("2025级计算机科学与技术3班团支部", "jsjkxyjs"),
            ("睿信书院团委", "rxsy"),
            ("精工书院团委", "jgsy"),
            ("机械与车辆学院团委", "jxyclxy"),
            ("2024级自动化(卓越工程师)2班团支部", "zdh"),
            ("2023级汉语言文学(师范)团支部", "hyywx"),
            ("2025级临床医学八年制1班团支部", "lcyxbnz"),
            ("2022级行政管理团支部", "xzgl"),
            ("2022级行政管理团支部", "hzgl"),
            ("外国语学院团委", "wgyxy"),
            ("2025级重庆籍学生团支部", "cqj"),
            ("2025级数据科学与大数据技术1班团支部", "sjkxydsjjs"),
        ] {
            assert!(t.matches(name, q), "{q} finds {name}");
        }
        // Not out of order, not across a gap, not what the name does not hold.
        assert!(!t.matches("计算机学院团委", "jjs"));
        assert!(!t.matches("计算机学院团委", "jsx"));
        assert!(!t.matches("会计学", "kjxy"));
        // Letters and digits in a name answer to themselves.
        assert!(t.matches("2024级会计学(ACCA)1班", "acca"));
    }

    #[test]
    fn a_damaged_table_is_not_read() {
        let text = include_str!("../../public/initials-1.txt");
        assert!(Initials::parse(&text[..text.len() - 10]).is_none());
        assert!(Initials::parse(&text.replacen(HEADER, "tuan-initials 2", 1)).is_none());
        assert!(Initials::parse(&text.replacen('-', "?", 1)).is_none());
    }

    #[test]
    fn initials_queries() {
        assert_eq!(initials_query(" JS j "), Some("jsj".into()));
        assert_eq!(initials_query("j"), None);
        assert_eq!(initials_query("js1"), None);
        assert_eq!(initials_query("计算机"), None);
    }
}
