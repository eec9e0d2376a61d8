//! 确保不出现人员重复或缺失 (guide 三(3)): the branch's class list against its members and requests.
//!
//! The class list is pasted from a spreadsheet, WPS or a chat (tabs, commas or spaces) or a CSV file:
//! a name and a 学号 per line, in either order, with or without 序号 and a header row. Matching is by
//! 学号, and by name where a line has no 学号.

use super::duplicates::Shared;
use super::model::*;
use std::collections::BTreeMap;

/// One person on the class list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassEntry {
    pub name: String,
    pub student_no: Option<String>,
}

/// Why someone on the list is not yet a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingWhy {
    /// 未申请
    NotApplied,
    /// 待审核
    Pending,
    /// 已退回 (and not applied again)
    Returned,
}

impl MissingWhy {
    pub fn label(self) -> &'static str {
        match self {
            MissingWhy::NotApplied => "未申请",
            MissingWhy::Pending => "待审核",
            MissingWhy::Returned => "已退回",
        }
    }
}

/// The three lists of the reconciliation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciliation {
    /// On the class list and accepted.
    pub matched: Vec<(ClassEntry, AccountId)>,
    /// On the class list but not accepted (with why).
    pub missing: Vec<(ClassEntry, MissingWhy)>,
    /// Accepted or applying here but not on the class list.
    pub not_on_list: Vec<AccountId>,
    /// Appearing twice: one ID number, 团员编号 or 学号 on two accounts on this device (one of
    /// them here), or one 学号 twice on the list.
    pub duplicates: Vec<Duplicate>,
    /// Lines of the pasted text that could not be read.
    pub unreadable: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Duplicate {
    /// Two or more live accounts sharing what only one person may have (one of them here).
    People { shared: Shared, accounts: Vec<AccountId> },
    /// The class list names one 学号 twice.
    OnList { student_no: String },
}

fn looks_like_student_no(s: &str) -> bool {
    (4..=20).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()) && s.bytes().any(|b| b.is_ascii_digit())
}

/// The words of a header row, as spreadsheets, WPS and class group chats head their columns.
const HEADER_WORDS: [&str; 12] = ["序号", "编号", "姓名", "名字", "学号", "学生编号", "班级", "性别", "备注", "专业", "手机号", "No."];

/// Full-width ASCII (`１１２０`, `，`) as typed by Chinese input methods, in its half-width form.
fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// Reads a pasted class list as people copy it from Excel, WPS or WeChat: a name and a 学号 per line
/// in either order, with or without a 序号 column and a header row, separated by tabs, commas or
/// spaces, digits full-width or not. Returns the entries and the lines that could not be read.
pub fn parse_class_list(text: &str) -> (Vec<ClassEntry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    let text = half_width(text);
    for raw in text.trim_start_matches('\u{feff}').lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split(['\t', ',', '，', ';']).map(|c| c.trim().trim_matches('"')).filter(|c| !c.is_empty()).collect();
        let cells: Vec<&str> = if cells.len() == 1 { line.split_whitespace().collect() } else { cells };
        let no = cells.iter().find(|c| looks_like_student_no(c)).map(|c| c.to_ascii_uppercase());
        let header = |c: &&str| HEADER_WORDS.iter().any(|w| c.eq_ignore_ascii_case(w));
        if no.is_none() && cells.iter().any(header) {
            // A header row ("序号 姓名 学号").
            continue;
        }
        let name = cells
            .iter()
            .find(|c| super::values::PersonName::parse(c).is_ok() && !looks_like_student_no(c) && !header(c))
            .map(|c| c.to_string());
        match (name, no) {
            (Some(name), student_no) => entries.push(ClassEntry { name, student_no }),
            (None, _) => bad.push(line.to_string()),
        }
    }
    (entries, bad)
}

/// A long text in pieces of about `lines` lines, each ending at a line's end: a pasted list read
/// piece by piece, the page drawn between pieces ([`parse_class_list`] reads each alone).
pub fn chunks_of_lines(text: &str, lines: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.match_indices('\n').nth(lines.saturating_sub(1)).map_or(rest.len(), |(i, _)| i + 1);
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

/// More people than any class has: the list pasted is likely not (only) this class's.
pub const CLASS_SIZE_LIMIT: usize = 500;

impl State {
    /// Reconciles a branch's class list with its members and requests.
    pub fn reconcile(&self, branch: OrgId, text: &str) -> Reconciliation {
        let (entries, unreadable) = parse_class_list(text);
        self.reconcile_entries(branch, entries, unreadable)
    }

    /// [`State::reconcile`] of a list already read (a long one, read piece by piece).
    pub fn reconcile_entries(&self, branch: OrgId, entries: Vec<ClassEntry>, unreadable: Vec<String>) -> Reconciliation {
        let mut out = Reconciliation { unreadable, ..Default::default() };
        // Accounts that belong here: accepted members, and applicants with a live request here.
        let members: Vec<&Account> = self.members_of(branch).collect();
        let applying: BTreeMap<AccountId, MissingWhy> = self
            .requests
            .values()
            .filter(|r| r.branch == branch && !matches!(r.kind, RequestKind::TransferOut { .. }))
            .filter_map(|r| match r.state {
                RequestState::Pending => Some((r.applicant, MissingWhy::Pending)),
                RequestState::Returned { .. } => Some((r.applicant, MissingWhy::Returned)),
                _ => None,
            })
            .fold(BTreeMap::new(), |mut m, (a, why)| {
                // A pending request outranks an older returned one.
                let e = m.entry(a).or_insert(why);
                if why == MissingWhy::Pending {
                    *e = why;
                }
                m
            });
        let profile = |id: AccountId| self.accounts.get(&id).and_then(Account::profile);
        let matches = |e: &ClassEntry, id: AccountId| match (profile(id), &e.student_no) {
            (Some(p), Some(no)) => p.student_no.as_deref() == Some(no.as_str()),
            (Some(p), None) => p.name == e.name,
            _ => false,
        };
        let mut seen_on_list = BTreeMap::new();
        let mut claimed = Vec::new();
        for e in entries {
            if let Some(no) = &e.student_no {
                if seen_on_list.insert(no.clone(), ()).is_some() {
                    out.duplicates.push(Duplicate::OnList { student_no: no.clone() });
                    continue;
                }
            }
            if let Some(m) = members.iter().find(|m| !claimed.contains(&m.id) && matches(&e, m.id)) {
                claimed.push(m.id);
                out.matched.push((e, m.id));
            } else if let Some((&a, &why)) = applying.iter().find(|(a, _)| !claimed.contains(*a) && matches(&e, **a)) {
                claimed.push(a);
                out.missing.push((e, why));
            } else {
                out.missing.push((e, MissingWhy::NotApplied));
            }
        }
        // Here: the members and those whose request waits; someone returned is not (their status is
        // 已退回 where the list names them, and nothing where it does not).
        let pending = applying.iter().filter(|(_, why)| **why == MissingWhy::Pending).map(|(a, _)| *a);
        let here: Vec<AccountId> = members.iter().map(|m| m.id).chain(pending).collect();
        out.not_on_list = here.iter().copied().filter(|a| !claimed.contains(a)).collect();
        // People recorded twice on this device, one of them here.
        let groups = self.duplicate_people().groups_among(&here);
        out.duplicates.extend(groups.into_iter().map(|(shared, accounts)| Duplicate::People { shared, accounts }));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::demo::{build, DEMO_EPOCH};

    #[test]
    fn a_long_list_read_in_pieces_reads_as_a_whole() {
        let text: String = (0..2500).map(|i| format!("{i}\t张三\t112{i:07}\n")).collect::<String>() + "末行\t1120009999";
        let pieces = chunks_of_lines(&text, 1000);
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces.concat(), text);
        let (mut entries, mut bad) = (Vec::new(), Vec::new());
        for p in pieces {
            let (e, b) = parse_class_list(p);
            entries.extend(e);
            bad.extend(b);
        }
        assert_eq!((entries, bad), parse_class_list(&text));
        assert_eq!(chunks_of_lines("", 10), Vec::<&str>::new());
    }

    #[test]
    fn parses_spreadsheet_and_csv_lines() {
        let (e, bad) = parse_class_list("\u{feff}姓名\t学号\n张三\t1120250001\n1120250002, 李四\n\"王五\",\"1120250003\"\n赵六\n12345\n");
        assert_eq!(e.len(), 4);
        assert_eq!(e[1], ClassEntry { name: "李四".into(), student_no: Some("1120250002".into()) });
        assert_eq!(e[3], ClassEntry { name: "赵六".into(), student_no: None });
        assert_eq!(bad, vec!["12345".to_string()]);
    }

    /// The three shapes people paste: Excel or WPS with 序号 and a header (tabs), a WeChat message
    /// (spaces, full-width digits and commas), a CSV file with a header.
    #[test]
    fn lists_as_people_copy_them() {
        let want = vec![
            ClassEntry { name: "张三".into(), student_no: Some("1120250001".into()) },
            ClassEntry { name: "李四".into(), student_no: Some("1120250002".into()) },
        ];
        for text in [
            "序号\t姓名\t学号\n1\t张三\t1120250001\n2\t李四\t1120250002\n",
            "１ 张三 １１２０２５０００１\n２　李四　１１２０２５０００２",
            "\u{feff}No.,学号,姓名\r\n1,1120250001,张三\r\n2,1120250002,李四\r\n",
            "张三，1120250001\n李四，1120250002",
        ] {
            let (entries, bad) = parse_class_list(text);
            assert_eq!((entries, bad), (want.clone(), vec![]), "{text:?}");
        }
    }

    #[test]
    fn a_returned_applicant_is_not_counted_as_here() {
        let s = build(DEMO_EPOCH);
        let r = s
            .requests
            .values()
            .find(|r| {
                matches!(r.state, RequestState::Returned { .. })
                    && !s.requests.values().any(|o| o.applicant == r.applicant && o.state.is_pending())
            })
            .unwrap();
        let result = s.reconcile(r.branch, "");
        assert!(!result.not_on_list.contains(&r.applicant), "已退回 is not 已加入或正在申请");
        let p = s.accounts[&r.applicant].profile().unwrap();
        let named = s.reconcile(r.branch, &format!("{}\t{}", p.name, p.student_no.as_ref().map(ToString::to_string).unwrap_or_default()));
        assert_eq!(named.missing.first().map(|(_, why)| *why), Some(MissingWhy::Returned));
    }

    #[test]
    fn one_missing_one_pending_one_not_on_list_one_duplicate() {
        let mut s = build(DEMO_EPOCH);
        let branch = s.orgs.values().find(|o| o.name == "2025级会计学1班团支部").unwrap().id;
        let mut people: Vec<(String, String, AccountId)> = s
            .members_of(branch)
            .map(|a| (a.profile().unwrap().name.to_string(), a.profile().unwrap().student_no.clone().unwrap().to_string(), a.id))
            .collect();
        people.sort_by(|a, b| a.1.cmp(&b.1));
        let (left_out, _, left_out_id) = people.pop().unwrap();
        let pending = s.requests.values().find(|r| r.branch == branch && r.state.is_pending()).unwrap().applicant;
        let pending_p = s.accounts[&pending].profile().unwrap().clone();
        let mut list: String = people.iter().map(|(n, no, _)| format!("{n}\t{no}\n")).collect();
        list.push_str(&format!("{}\t{}\n", pending_p.name, pending_p.student_no.clone().unwrap()));
        list.push_str("新同学\t1120259999\n");
        // Someone elsewhere in the school has the same 学号 as a member here.
        let other = s.accounts.values().find(|a| a.profile().is_some() && a.member().unwrap().branch != Some(branch)).unwrap().id;
        let dup_no = people[0].1.clone();
        if let Some(p) = s.accounts.get_mut(&other).and_then(|a| a.member_mut()).and_then(|m| m.profile.as_mut()) {
            p.student_no = Some(crate::core::StudentNo::from_saved(dup_no.clone()));
        }
        let r = s.reconcile(branch, &list);
        assert_eq!(r.matched.len(), people.len());
        assert!(r.missing.contains(&(ClassEntry { name: "新同学".into(), student_no: Some("1120259999".into()) }, MissingWhy::NotApplied)));
        assert!(r.missing.iter().any(|(e, why)| e.name == pending_p.name && *why == MissingWhy::Pending));
        assert!(r.not_on_list.contains(&left_out_id), "{left_out} is not on the list");
        assert!(r
            .duplicates
            .iter()
            .any(|d| matches!(d, Duplicate::People { shared: Shared::StudentNo, accounts } if accounts.contains(&other))));
        // The same 学号 twice on the list.
        let twice = format!("{list}重复\t{}\n", people[1].1);
        assert!(s.reconcile(branch, &twice).duplicates.contains(&Duplicate::OnList { student_no: people[1].1.clone() }));
    }
}
