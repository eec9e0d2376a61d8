//! Exports for committees and secretaries: the roster, the statistics, the problem list.
//! Each is built once as a [`Table`]; the shell writes it as CSV (UTF-8 with a BOM, so Excel and WPS
//! open the Chinese correctly; cells quoted where needed, and a cell that a spreadsheet would run as a
//! formula, `=`, `+`, `-`, `@` first, prefixed with `'`) or hands [`Table::to_json`] to the lazily
//! loaded .xlsx writer (`public/xlsx-1.js`), where every text cell is an inline string and never a
//! formula. ID numbers are masked, as in every list.

use super::model::*;
use super::stats::BranchStats;

const BOM: &str = "\u{feff}";

fn cell(value: &str) -> String {
    let v = if value.starts_with(['=', '+', '-', '@']) { format!("'{value}") } else { value.to_string() };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// One exported sheet: a header row and rows of cells, with the columns that hold numbers.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Table {
    /// The sheet's (and the file's) name, e.g. 团员名单.
    pub sheet: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    /// Per column: written as a number in .xlsx (when the cell is not empty), so sums and sorting work.
    pub numeric: Vec<bool>,
}

impl Table {
    fn new(sheet: &'static str, header: &[&'static str], numeric: &[usize], rows: impl IntoIterator<Item = Vec<String>>) -> Self {
        let numeric = (0..header.len()).map(|i| numeric.contains(&i)).collect();
        Table { sheet, header: header.to_vec(), rows: rows.into_iter().collect(), numeric }
    }

    /// CSV text with a BOM and CRLF line ends.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(BOM);
        out.push_str(&self.header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
        for r in &self.rows {
            out.push_str(&r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
        out
    }

    /// What the .xlsx writer reads: `{"sheet", "header", "rows", "numeric"}`.
    pub fn to_json(&self) -> String {
        crate::core::to_json(self)
    }
}

impl State {
    /// 团员名单 of a branch.
    pub fn roster_table(&self, branch: OrgId) -> Table {
        let mut members: Vec<&Account> = self.members_of(branch).collect();
        super::order::sort_by_key(&mut members, |a| a.profile().and_then(|p| p.student_no.clone()));
        let rows = members.into_iter().filter_map(|a| {
            let m = a.member()?;
            let p = m.profile.as_ref()?;
            Some(vec![
                p.name.to_string(),
                p.sex.label().to_string(),
                p.id_number.masked(),
                p.student_no.as_ref().map(ToString::to_string).unwrap_or_default(),
                p.political_status.clone(),
                p.ethnicity.clone(),
                p.join_month.to_string(),
                p.member_number.to_string(),
                if m.volunteer.is_some() { "是" } else { "否" }.to_string(),
                if m.cadre { "是" } else { "否" }.to_string(),
            ])
        });
        Table::new(
            "团员名单",
            &["姓名", "性别", "身份证号", "学号", "政治面貌", "民族", "入团年月", "团员编号", "已注册志愿者", "团干部"],
            &[],
            rows,
        )
    }

    /// 问题清单: the problems of the branches under a committee (or of one branch).
    pub fn problems_table(&self, org: OrgId) -> Table {
        let mut list: Vec<&Problem> = self.problems.values().filter(|p| self.oversees(org, p.branch)).collect();
        super::order::sort_by_key(&mut list, |p| (p.branch, p.created));
        let rows = list.into_iter().map(|p| {
            vec![
                self.org_name(p.branch),
                p.name.clone(),
                p.student_no.clone().unwrap_or_default(),
                p.kind.label().to_string(),
                p.note.clone(),
                p.reported.map(super::date::format_day).unwrap_or_default(),
                p.resolved.as_ref().map(|(_, n)| n.clone()).unwrap_or_default(),
            ]
        });
        Table::new("问题清单", &["团支部", "姓名", "学号", "类型", "情况说明", "上报日期", "处理情况"], &[], rows)
    }
}

/// 统计 as a table.
pub fn stats_table(rows: &[BranchStats]) -> Table {
    let rows = rows.iter().map(|r| {
        vec![
            r.college.clone(),
            r.name.clone(),
            r.members.to_string(),
            r.accepted_this_term.to_string(),
            r.pending.to_string(),
            r.oldest_pending_days.map(|d| d.to_string()).unwrap_or_default(),
            r.returned.to_string(),
            r.problems_open.to_string(),
            r.volunteers.to_string(),
            r.volunteer_details.to_string(),
            r.volunteer_rate().unwrap_or_default(),
            r.duplicates.to_string(),
        ]
    });
    let header = [
        "学院/书院",
        "团支部",
        "团员",
        "本学期接收",
        "待审核",
        "最久等待(天)",
        "已退回",
        "未解决问题",
        "志愿者",
        "已填志愿服务信息",
        "志愿者注册率",
        "重复记录",
    ];
    Table::new("统计", &header, &[2, 3, 4, 5, 6, 7, 8, 9, 11], rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::demo::{build, DEMO_EPOCH, SCHOOL_ID};

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("张三"), "张三");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-1"), "'-1");
    }

    #[test]
    fn exports_have_a_bom_a_header_and_masked_ids() {
        let s = build(DEMO_EPOCH);
        let branch = s.orgs.values().find(|o| o.name == "2025级会计学1班团支部").unwrap().id;
        let roster = s.roster_table(branch).to_csv();
        assert!(roster.starts_with("\u{feff}姓名,性别,身份证号"));
        assert_eq!(roster.lines().count(), 1 + s.members_of(branch).count());
        for a in s.members_of(branch) {
            let p = a.profile().unwrap();
            assert!(!roster.contains(p.id_number.as_str()) && roster.contains(&p.id_number.masked()));
        }
        let stats = stats_table(&s.branch_stats(SCHOOL_ID, DEMO_EPOCH));
        assert_eq!(stats.to_csv().lines().count(), 13);
        let problems = s.problems_table(SCHOOL_ID).to_csv();
        assert!(problems.contains("钱多多") && problems.contains("无法注册"));
    }

    #[test]
    fn the_xlsx_input_marks_number_columns_and_keeps_text_raw() {
        let s = build(DEMO_EPOCH);
        let stats = stats_table(&s.branch_stats(SCHOOL_ID, DEMO_EPOCH));
        assert_eq!(stats.numeric.len(), stats.header.len());
        assert!(stats.numeric[2] && stats.numeric[9] && !stats.numeric[1] && !stats.numeric[10]);
        for r in &stats.rows {
            assert_eq!(r.len(), stats.header.len());
            for (c, n) in r.iter().zip(&stats.numeric) {
                assert!(!n || c.is_empty() || c.parse::<u64>().is_ok(), "{c}");
            }
        }
        let mut t = Table::new("x", &["a"], &[], [vec!["=1+1".to_string()]]);
        assert!(t.to_json().contains("\"=1+1\""), "no defusing in xlsx: inline strings are never formulas");
        t.rows.push(vec!["-2".into()]);
        assert!(t.to_csv().contains("'-2"));
    }
}
