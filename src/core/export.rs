//! CSV exports for committees and secretaries: the roster, the statistics, the problem list.
//! UTF-8 with a BOM, so Excel and WPS open the Chinese correctly; cells are quoted where needed, and a
//! cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.
//! ID numbers are masked, as in every list.

use super::model::*;
use super::rules::mask_id;
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

fn csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::from(BOM);
    out.push_str(&header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

impl State {
    /// 团员名单 of a branch.
    pub fn roster_csv(&self, branch: OrgId) -> String {
        let mut members: Vec<&Account> = self.members_of(branch).collect();
        members.sort_by(|a, b| a.profile().and_then(|p| p.student_no.clone()).cmp(&b.profile().and_then(|p| p.student_no.clone())));
        let rows = members.into_iter().filter_map(|a| {
            let m = a.member()?;
            let p = m.profile.as_ref()?;
            Some(vec![
                p.name.clone(),
                p.sex.label().to_string(),
                mask_id(&p.id_number),
                p.student_no.clone().unwrap_or_default(),
                p.political_status.clone(),
                p.ethnicity.clone(),
                p.join_month.to_string(),
                p.member_number.clone(),
                if m.volunteer.is_some() { "是" } else { "否" }.to_string(),
                if m.cadre { "是" } else { "否" }.to_string(),
            ])
        });
        csv(&["姓名", "性别", "身份证号", "学号", "政治面貌", "民族", "入团年月", "团员编号", "已注册志愿者", "团干部"], rows)
    }

    /// 问题清单: the problems of the branches under a committee (or of one branch).
    pub fn problems_csv(&self, org: OrgId) -> String {
        let mut list: Vec<&Problem> = self.problems.values().filter(|p| self.oversees(org, p.branch)).collect();
        list.sort_by_key(|p| (p.branch, p.created));
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
        csv(&["团支部", "姓名", "学号", "类型", "情况说明", "上报日期", "处理情况"], rows)
    }
}

/// 统计 as CSV.
pub fn stats_csv(rows: &[BranchStats]) -> String {
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
            r.volunteer_permille().map(|p| format!("{}.{}%", p / 10, p % 10)).unwrap_or_default(),
        ]
    });
    csv(&["学院/书院", "团支部", "团员", "本学期接收", "待审核", "最久等待(天)", "已退回", "未解决问题", "志愿者", "志愿者注册率"], rows)
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
        let roster = s.roster_csv(branch);
        assert!(roster.starts_with("\u{feff}姓名,性别,身份证号"));
        assert_eq!(roster.lines().count(), 1 + s.members_of(branch).count());
        for a in s.members_of(branch) {
            let p = a.profile().unwrap();
            assert!(!roster.contains(&p.id_number) && roster.contains(&mask_id(&p.id_number)));
        }
        let stats = stats_csv(&s.branch_stats(SCHOOL_ID, DEMO_EPOCH));
        assert_eq!(stats.lines().count(), 13);
        let problems = s.problems_csv(SCHOOL_ID);
        assert!(problems.contains("钱多多") && problems.contains("无法注册"));
    }
}
