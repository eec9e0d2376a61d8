//! What committees count (DOMAIN.md): per branch and per college, members, accepted this term,
//! pending requests (and the oldest wait), returned, open problems, volunteers registered (ticked
//! on the member form or through 志愿服务) and the registration rate against the 95% target, and beside
//! them those who completed 志愿服务's details.

use super::date::{Date, Millis, DAY_MS};
use super::model::*;
use std::collections::BTreeMap;

/// The volunteer-registration rate Beijing colleges aim for, in percent.
pub const VOLUNTEER_TARGET_PERCENT: u32 = 95;

/// One branch's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BranchStats {
    pub branch: OrgId,
    pub name: String,
    /// The college (学院/书院团委) above it.
    pub college: String,
    pub members: usize,
    pub accepted_this_term: usize,
    pub pending: usize,
    /// Days the oldest pending request has waited ([`BranchStats::overdue`]).
    pub oldest_pending_days: Option<i64>,
    pub returned: usize,
    pub problems_open: usize,
    /// Registered volunteers ([`MemberRecord::is_volunteer`]): the rate against 95% counts these.
    pub volunteers: usize,
    /// Of them, those who also completed 志愿服务's real-name details (服务区域, 籍贯, 居住区域, directions).
    pub volunteer_details: usize,
    /// Members and applicants here recorded twice on this device ([`State::duplicate_people`]).
    pub duplicates: usize,
}

impl BranchStats {
    /// Volunteers as a share of members, in tenths of a percent, rounded (None without members).
    pub fn volunteer_permille(&self) -> Option<u32> {
        (self.members > 0).then(|| ((self.volunteers * 1000 + self.members / 2) / self.members) as u32)
    }

    /// 注册率 as shown and exported, `55.6%` (5 of 9), or None without members.
    pub fn volunteer_rate(&self) -> Option<String> {
        self.volunteer_permille().map(|p| format!("{}.{}%", p / 10, p % 10))
    }

    /// At or above the 95% target, exactly (not as rounded for display).
    pub fn meets_target(&self) -> bool {
        self.members > 0 && self.volunteers * 100 >= self.members * VOLUNTEER_TARGET_PERCENT as usize
    }
}

/// When the current term began: 9月1日 for the autumn term (Sep–Jan), 2月1日 for the spring term.
pub fn term_start(now: Millis) -> Millis {
    let d = Date::from_millis(now);
    let (year, month) = match d.month {
        9..=12 => (d.year, 9),
        1 => (d.year - 1, 9),
        _ => (d.year, 2),
    };
    Date::new(year, month, 1).map(|s| s.to_days() * DAY_MS - 8 * 3_600_000).unwrap_or(0)
}

impl State {
    /// The figures of every branch under a committee (all of them for the school), by name.
    pub fn branch_stats(&self, committee: OrgId, now: Millis) -> Vec<BranchStats> {
        let since = term_start(now);
        let dups = self.duplicate_people();
        // Members, requests and open problems by branch, each read once (not once per branch).
        let members_by = self.members_by_branch();
        let mut requests_by: BTreeMap<OrgId, Vec<&Request>> = BTreeMap::new();
        for r in self.requests.values() {
            requests_by.entry(r.branch).or_default().push(r);
        }
        let mut open_by: BTreeMap<OrgId, usize> = BTreeMap::new();
        for p in self.problems.values().filter(|p| p.resolved.is_none()) {
            *open_by.entry(p.branch).or_default() += 1;
        }
        let mut rows: Vec<BranchStats> = self
            .branches_under(committee)
            .into_iter()
            .map(|b| {
                let members: &[&Account] = members_by.get(&b.id).map_or(&[], Vec::as_slice);
                let mine = requests_by.get(&b.id).map_or(&[][..], Vec::as_slice).iter().copied();
                let (mut pending, mut returned, mut accepted, mut oldest) = (0, 0, 0, None::<Millis>);
                let mut duplicates = members.iter().filter(|m| dups.contains(m.id)).count();
                for r in mine {
                    match &r.state {
                        RequestState::Pending => {
                            pending += 1;
                            duplicates += usize::from(dups.contains(r.applicant));
                            oldest = Some(oldest.map_or(r.created, |o| o.min(r.created)));
                        }
                        RequestState::Returned { .. } => returned += 1,
                        RequestState::Accepted { at, .. } if *at >= since && !matches!(r.kind, RequestKind::TransferOut { .. }) => {
                            accepted += 1
                        }
                        _ => {}
                    }
                }
                let college = b.parent.map(|p| self.org_name(p)).unwrap_or_default();
                BranchStats {
                    branch: b.id,
                    name: b.name.clone(),
                    college,
                    members: members.len(),
                    accepted_this_term: accepted,
                    pending,
                    oldest_pending_days: oldest.map(|o| (now - o) / DAY_MS),
                    returned,
                    problems_open: open_by.get(&b.id).copied().unwrap_or(0),
                    volunteers: members.iter().filter(|m| m.member().is_some_and(MemberRecord::is_volunteer)).count(),
                    volunteer_details: members.iter().filter(|m| m.member().is_some_and(|m| m.volunteer.is_some())).count(),
                    duplicates,
                }
            })
            .collect();
        super::order::sort_by(&mut rows, |a, b| a.college.cmp(&b.college).then(a.name.cmp(&b.name)));
        rows
    }
}

impl BranchStats {
    /// Its oldest pending request is overdue ([`is_overdue_wait`]).
    pub fn overdue(&self) -> bool {
        self.oldest_pending_days.is_some_and(is_overdue_wait)
    }
}

/// The totals of several rows (a college, or the school), as one row named `name`.
pub fn totals(name: &str, rows: &[BranchStats]) -> BranchStats {
    BranchStats {
        branch: OrgId(0),
        name: name.to_string(),
        college: String::new(),
        members: rows.iter().map(|r| r.members).sum(),
        accepted_this_term: rows.iter().map(|r| r.accepted_this_term).sum(),
        pending: rows.iter().map(|r| r.pending).sum(),
        oldest_pending_days: rows.iter().filter_map(|r| r.oldest_pending_days).max(),
        returned: rows.iter().map(|r| r.returned).sum(),
        problems_open: rows.iter().map(|r| r.problems_open).sum(),
        volunteers: rows.iter().map(|r| r.volunteers).sum(),
        volunteer_details: rows.iter().map(|r| r.volunteer_details).sum(),
        duplicates: rows.iter().map(|r| r.duplicates).sum(),
    }
}

/// A column of 统计, to sort its rows by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// 团支部 (by college, then name)
    Name,
    /// 团员
    Members,
    /// 本学期接收
    Accepted,
    /// 待审核
    Pending,
    /// 最久等待(天)
    Oldest,
    /// 已退回
    Returned,
    /// 问题
    Problems,
    /// 志愿者
    Volunteers,
    /// 已填志愿服务
    Details,
    /// 注册率
    Rate,
    /// 重复记录
    Duplicates,
}

/// Sorts rows by a column, ascending or descending (a stable sort: equal rows keep their order).
pub fn sort_rows(rows: &mut [BranchStats], col: Column, desc: bool) {
    super::order::sort_by(rows, |a, b| {
        let o = match col {
            Column::Name => a.college.cmp(&b.college).then(a.name.cmp(&b.name)),
            Column::Members => a.members.cmp(&b.members),
            Column::Accepted => a.accepted_this_term.cmp(&b.accepted_this_term),
            Column::Pending => a.pending.cmp(&b.pending),
            Column::Oldest => a.oldest_pending_days.cmp(&b.oldest_pending_days),
            Column::Returned => a.returned.cmp(&b.returned),
            Column::Problems => a.problems_open.cmp(&b.problems_open),
            Column::Volunteers => a.volunteers.cmp(&b.volunteers),
            Column::Details => a.volunteer_details.cmp(&b.volunteer_details),
            Column::Rate => a.volunteer_permille().cmp(&b.volunteer_permille()),
            Column::Duplicates => a.duplicates.cmp(&b.duplicates),
        };
        if desc {
            o.reverse()
        } else {
            o
        }
    });
}

/// One row per college (in the order the rows name them), then 合计 over all.
pub fn college_totals(rows: &[BranchStats]) -> Vec<BranchStats> {
    let mut names: Vec<&str> = rows.iter().map(|r| r.college.as_str()).collect();
    names.dedup();
    let mut out: Vec<BranchStats> =
        names.iter().map(|c| totals(c, &rows.iter().filter(|r| r.college == *c).cloned().collect::<Vec<_>>())).collect();
    out.push(totals("合计", rows));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::demo::{build, DEMO_EPOCH, SCHOOL_ID};

    #[test]
    fn ticking_the_box_registers_a_volunteer_and_the_details_count_apart() {
        let s = build(DEMO_EPOCH);
        let rows = s.branch_stats(SCHOOL_ID, DEMO_EPOCH);
        let all = totals("合计", &rows);
        let members: Vec<&MemberRecord> = rows.iter().flat_map(|r| s.members_of(r.branch)).filter_map(|a| a.member()).collect();
        let ticked = members.iter().filter(|m| m.profile.as_ref().is_some_and(|p| p.wants_volunteer)).count();
        let detailed = members.iter().filter(|m| m.volunteer.is_some()).count();
        assert!(ticked > detailed && detailed > 0, "the demo has both: {ticked} ticked, {detailed} with details");
        assert_eq!(all.volunteers, members.iter().filter(|m| m.is_volunteer()).count());
        assert!(all.volunteers >= ticked);
        assert_eq!(all.volunteer_details, detailed);
    }

    /// Sorting by any column keeps every row; the colleges' totals add up to 合计.
    #[test]
    fn sorted_rows_and_college_totals() {
        let s = build(DEMO_EPOCH);
        let rows = s.branch_stats(SCHOOL_ID, DEMO_EPOCH);
        let mut by_members = rows.clone();
        sort_rows(&mut by_members, Column::Members, true);
        assert_eq!(by_members.len(), rows.len());
        assert!(by_members.windows(2).all(|w| w[0].members >= w[1].members));
        let colleges = college_totals(&rows);
        let (all, each) = colleges.split_last().unwrap();
        assert_eq!(all.name, "合计");
        assert_eq!(each.iter().map(|c| c.members).sum::<usize>(), all.members);
        assert_eq!(all.members, rows.iter().map(|r| r.members).sum::<usize>());
    }

    #[test]
    fn the_rate_is_rounded_and_the_target_exact() {
        let row = |volunteers, members| BranchStats { volunteers, members, ..totals("x", &[]) };
        assert_eq!(row(5, 9).volunteer_rate().as_deref(), Some("55.6%"));
        assert_eq!(row(2, 3).volunteer_rate().as_deref(), Some("66.7%"));
        assert_eq!(row(0, 0).volunteer_rate(), None);
        assert!(row(19, 20).meets_target() && !row(18, 19).meets_target(), "18 of 19 is 94.7%");
        assert!(!row(0, 0).meets_target());
    }

    #[test]
    fn terms() {
        let at = |y, m, d| Date::new(y, m, d).unwrap().to_days() * DAY_MS;
        assert_eq!(Date::from_millis(term_start(at(2026, 11, 23))), Date::new(2026, 9, 1).unwrap());
        assert_eq!(Date::from_millis(term_start(at(2027, 1, 10))), Date::new(2026, 9, 1).unwrap());
        assert_eq!(Date::from_millis(term_start(at(2027, 3, 10))), Date::new(2027, 2, 1).unwrap());
    }

    #[test]
    fn the_demo_counts_add_up() {
        let s = build(DEMO_EPOCH);
        let rows = s.branch_stats(SCHOOL_ID, DEMO_EPOCH);
        assert_eq!(rows.len(), 12);
        let all = totals("全校", &rows);
        let members = s.accounts.values().filter(|a| a.member().is_some_and(|m| m.branch.is_some())).count();
        assert_eq!(all.members, members);
        assert_eq!(all.pending, s.requests.values().filter(|r| r.state.is_pending()).count());
        assert_eq!(all.problems_open, 2);
        let empty = rows.iter().find(|r| r.name == "2025级睿信书院2班团支部").unwrap();
        assert_eq!((empty.members, empty.volunteer_permille()), (0, None));
        assert!(rows.iter().any(|r| r.oldest_pending_days.is_some_and(|d| d >= 10)));
        // A college sees only its own branches.
        let jsj = s.orgs.values().find(|o| o.name == "计算机学院团委").unwrap().id;
        assert_eq!(s.branch_stats(jsj, DEMO_EPOCH).len(), 3);
        let r = &rows[0];
        assert_eq!(r.meets_target(), r.volunteer_permille().unwrap_or(0) >= 950);
        assert_eq!(all.duplicates, 0);
    }

    /// Two accounts with one ID number, one in each of two branches: each branch counts one.
    #[test]
    fn duplicates_are_counted_per_branch() {
        let mut s = build(DEMO_EPOCH);
        let rows = s.branch_stats(SCHOOL_ID, DEMO_EPOCH);
        let (a, b) = (rows[0].branch, rows[1].branch);
        let first = |s: &State, b: OrgId| s.members_of(b).next().unwrap().id;
        let (x, y) = (first(&s, a), first(&s, b));
        let id_number = s.accounts[&x].profile().unwrap().id_number.clone();
        s.accounts.get_mut(&y).unwrap().member_mut().unwrap().profile.as_mut().unwrap().id_number = id_number;
        let rows = s.branch_stats(SCHOOL_ID, DEMO_EPOCH);
        let count = |b: OrgId| rows.iter().find(|r| r.branch == b).unwrap().duplicates;
        assert_eq!((count(a), count(b), totals("全校", &rows).duplicates), (1, 1, 2));
    }
}
