//! What the branch's long lists show, row by row: the 待审核 queue (申请加入, 申请转入), the roster of
//! accepted members, 毕业转出, the problems reported and the 申诉.

use super::date::Millis;
use super::model::{AccountId, AppealId, AppealState, OrgId, Problem, Request, RequestId, RequestKind, State};
use super::sync::merge::{choices, conflict_open};

/// Which pending requests a tab of 我的团员 lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueKind {
    /// 申请加入
    Join,
    /// 申请转入
    TransferIn,
}

impl QueueKind {
    /// Whether a request is pending and of this kind.
    pub fn holds(self, r: &Request) -> bool {
        r.state.is_pending()
            && matches!((&r.kind, self), (RequestKind::Join, QueueKind::Join) | (RequestKind::TransferIn { .. }, QueueKind::TransferIn))
    }
}

/// One pending request as the secretary checks it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QueueRow {
    pub applicant: AccountId,
    pub id: RequestId,
    /// 姓名 (or the login, masked, before the profile is filled in).
    pub name: String,
    /// 身份证号, masked for the list.
    pub id_masked: String,
    /// 身份证号 in full, shown only when the secretary taps 显示 to check it against the person.
    pub id_full: String,
    /// Duplicates and other warnings, as the secretary reads them.
    pub warnings: Vec<String>,
    /// 学号, or `—`.
    pub student_no: String,
    /// 入团年月
    pub join_month: String,
    /// 团员编号
    pub member_number: String,
    /// 原组织 of a 转入 request; empty for a join.
    pub from: String,
    pub created: Millis,
    /// Pending for too long (`Request::is_overdue`).
    pub overdue: bool,
    /// An older live account holding the applicant's ID number: the same person registered again
    /// (a new phone number, or a wiped phone), whom 同一人 merges (`Command::MergeReregistered`).
    pub same_person: Option<AccountId>,
}

/// One accepted member in the roster.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RosterRow {
    pub id: AccountId,
    /// 姓名
    pub name: String,
    /// 身份证号, masked.
    pub id_masked: String,
    /// 学号, or empty.
    pub student_no: String,
    /// The same person held twice, as the secretary reads it.
    pub warnings: Vec<String>,
}

/// One member as 毕业转出 lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeavingRow {
    pub id: AccountId,
    /// 姓名
    pub name: String,
    /// A 团干部, who resigns before leaving.
    pub cadre: bool,
    /// A request of theirs waits here: they cannot be transferred out until it is decided.
    pub pending: bool,
}

/// A 转出 waiting for 确认已转出.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingRow {
    pub id: RequestId,
    /// 姓名
    pub name: String,
    /// 毕业去向
    pub destination: &'static str,
    /// The receiving organisation.
    pub target: String,
    pub created: Millis,
}

/// A branch as 下级团组织管理 lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BranchRow {
    pub id: OrgId,
    pub name: String,
    /// The path above it (学院 › 团总支).
    pub path: String,
    /// 团员
    pub members: usize,
    /// 待审核
    pub pending: usize,
}

/// One 申诉 as its row shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct AppealItem {
    pub id: AppealId,
    pub name: String,
    pub branch: String,
    pub reason: String,
    pub created: Millis,
    pub state: AppealState,
    pub photo: Option<String>,
    /// Decided differently on two devices (met in a sync file): the choices to settle.
    pub conflict: Vec<(String, &'static str)>,
}

impl State {
    /// The 申诉 whose old account belongs to one of `branches` (a secretary's branch, or every branch
    /// under a committee).
    pub fn appeal_rows(&self, branches: &[OrgId]) -> Vec<AppealItem> {
        self.appeals
            .values()
            .filter(|a| a.branch.is_some_and(|b| branches.contains(&b)))
            .map(|a| AppealItem {
                id: a.id,
                name: self.display_name(a.old_account),
                branch: a.branch.map(|b| self.org_name(b)).unwrap_or_default(),
                reason: a.reason.clone(),
                created: a.created,
                state: a.state.clone(),
                photo: a.photo.clone(),
                conflict: if conflict_open(&a.state, &a.others, a.settled.as_ref()) {
                    choices(&a.state, &a.others).map(|(k, d)| (k, d.label())).collect()
                } else {
                    Vec::new()
                },
            })
            .collect()
    }

    /// The branches under a committee, by name, with their members and pending requests.
    pub fn branch_rows(&self, committee: OrgId) -> Vec<BranchRow> {
        // Members and pending requests by branch, each read once (not once per branch).
        let members = self.members_by_branch();
        let mut pending: std::collections::BTreeMap<OrgId, usize> = Default::default();
        for r in self.requests.values().filter(|r| r.state.is_pending()) {
            *pending.entry(r.branch).or_default() += 1;
        }
        let mut rows: Vec<BranchRow> = self
            .branches_under(committee)
            .into_iter()
            .map(|b| BranchRow {
                id: b.id,
                name: b.name.clone(),
                path: self.org_path(b.id),
                members: members.get(&b.id).map_or(0, Vec::len),
                pending: pending.get(&b.id).copied().unwrap_or(0),
            })
            .collect();
        super::order::sort_by(&mut rows, |a, b| a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path)));
        rows
    }

    /// A branch's members for 毕业转出, by name.
    pub fn leaving_candidates(&self, branch: OrgId) -> Vec<LeavingRow> {
        let pending: Vec<AccountId> =
            self.requests.values().filter(|r| r.branch == branch && r.state.is_pending()).map(|r| r.applicant).collect();
        let mut rows: Vec<LeavingRow> = self
            .members_of(branch)
            .map(|a| LeavingRow {
                id: a.id,
                name: self.display_name(a.id),
                cadre: a.member().is_some_and(|m| m.cadre),
                pending: pending.contains(&a.id),
            })
            .collect();
        super::order::sort_by(&mut rows, |a, b| a.name.cmp(&b.name));
        rows
    }

    /// A branch's 转出 waiting for 确认已转出, oldest first.
    pub fn outgoing(&self, branch: OrgId) -> Vec<OutgoingRow> {
        self.requests_for(branch)
            .into_iter()
            .filter(|r| r.state.is_pending())
            .filter_map(|r| match &r.kind {
                RequestKind::TransferOut { destination, target } => Some(OutgoingRow {
                    id: r.id,
                    name: self.display_name(r.applicant),
                    destination: destination.label(),
                    target: target.clone(),
                    created: r.created,
                }),
                _ => None,
            })
            .collect()
    }

    /// The IDs of a branch's pending requests of one kind, oldest first (全选 selects them all, shown or not).
    pub fn queue_ids(&self, branch: OrgId, kind: QueueKind) -> Vec<RequestId> {
        self.requests_for(branch).into_iter().filter(|r| kind.holds(r)).map(|r| r.id).collect()
    }

    /// How many requests of one kind wait at a branch (the tab's count, without building rows).
    pub fn queue_count(&self, branch: OrgId, kind: QueueKind) -> usize {
        self.requests.values().filter(|r| r.branch == branch && kind.holds(r)).count()
    }

    /// The first `limit` rows of a branch's queue, oldest first; rows are built only for those shown.
    pub fn queue(&self, branch: OrgId, kind: QueueKind, limit: usize, now: Millis) -> Vec<QueueRow> {
        let dups = self.duplicate_people();
        self.requests_for(branch)
            .into_iter()
            .filter(|r| kind.holds(r))
            .take(limit)
            .map(|r| {
                let p = self.accounts.get(&r.applicant).and_then(|a| a.profile());
                QueueRow {
                    id: r.id,
                    applicant: r.applicant,
                    name: self.display_name(r.applicant),
                    id_masked: p.map(|p| p.id_number.masked()).unwrap_or_default(),
                    id_full: p.map(|p| p.id_number.to_string()).unwrap_or_default(),
                    warnings: self.request_warnings(r.id, &dups).iter().map(ToString::to_string).collect(),
                    student_no: p.and_then(|p| p.student_no.as_ref()).map_or_else(|| "—".into(), ToString::to_string),
                    join_month: p.map(|p| p.join_month.to_string()).unwrap_or_default(),
                    member_number: p.map(|p| p.member_number.to_string()).unwrap_or_default(),
                    from: match &r.kind {
                        RequestKind::TransferIn { from } => from.clone(),
                        _ => String::new(),
                    },
                    created: r.created,
                    overdue: r.is_overdue(now),
                    // Looked for only where the grouping found the ID number on another account.
                    same_person: dups
                        .of(r.applicant)
                        .iter()
                        .any(|(s, _)| *s == super::duplicates::Shared::IdNumber)
                        .then(|| self.older_holder(r.applicant, branch))
                        .flatten(),
                }
            })
            .collect()
    }

    /// The problems the branches under a committee reported: the open ones first, then by branch.
    pub fn reported_problems(&self, committee: OrgId) -> Vec<&Problem> {
        let mut list: Vec<&Problem> =
            self.problems.values().filter(|p| p.reported.is_some() && self.oversees(committee, p.branch)).collect();
        super::order::sort_by(&mut list, |a, b| {
            a.resolved.is_some().cmp(&b.resolved.is_some()).then_with(|| self.org_name(a.branch).cmp(&self.org_name(b.branch)))
        });
        list
    }

    /// A branch's accepted members by 学号.
    pub fn roster(&self, branch: OrgId) -> Vec<RosterRow> {
        let dups = self.duplicate_people();
        let mut rows: Vec<RosterRow> = self
            .members_of(branch)
            .map(|a| {
                let p = a.profile();
                RosterRow {
                    id: a.id,
                    name: self.display_name(a.id),
                    id_masked: p.map(|p| p.id_number.masked()).unwrap_or_default(),
                    student_no: p.and_then(|p| p.student_no.as_ref()).map(ToString::to_string).unwrap_or_default(),
                    warnings: self.duplicate_flags(&dups, a.id).iter().map(ToString::to_string).collect(),
                }
            })
            .collect();
        super::order::sort_by(&mut rows, |a, b| a.student_no.cmp(&b.student_no));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::demo::{build, DEMO_EPOCH};

    /// The queue and the roster show masked ID numbers, the tab's count matches its IDs, and the limit only shortens the rows.
    #[test]
    fn queue_and_roster_rows() {
        let s = build(DEMO_EPOCH);
        let branch = s.requests.values().find(|r| r.state.is_pending() && matches!(r.kind, RequestKind::Join)).unwrap().branch;
        let ids = s.queue_ids(branch, QueueKind::Join);
        assert_eq!(ids.len(), s.queue_count(branch, QueueKind::Join));
        let rows = s.queue(branch, QueueKind::Join, 50, DEMO_EPOCH);
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), ids);
        assert_eq!(s.queue(branch, QueueKind::Join, 1, DEMO_EPOCH).len(), 1);
        for r in rows.iter().filter(|r| !r.id_full.is_empty()) {
            assert!(r.id_masked.contains('*') && !r.id_masked.contains(&r.id_full[3..14]));
        }
        let roster = s.roster(branch);
        assert!(!roster.is_empty() && roster.windows(2).all(|w| w[0].student_no <= w[1].student_no));
        assert!(roster.iter().all(|r| r.id_masked.contains('*')));
    }

    /// 毕业转出 lists every member by name; the committee sees reported problems, the open ones first.
    #[test]
    fn leaving_candidates_and_reported_problems() {
        let mut s = build(DEMO_EPOCH);
        let branch = s.requests.values().find(|r| r.state.is_pending()).unwrap().branch;
        let rows = s.leaving_candidates(branch);
        assert_eq!(rows.len(), s.members_of(branch).count());
        assert!(rows.windows(2).all(|w| w[0].name <= w[1].name));
        assert!(s.outgoing(branch).is_empty());
        let under = s.branch_rows(crate::core::demo::SCHOOL_ID);
        assert_eq!(under.len(), s.branches_under(crate::core::demo::SCHOOL_ID).len());
        assert!(under.windows(2).all(|w| w[0].name <= w[1].name));
        assert_eq!(under.iter().map(|r| r.pending).sum::<usize>(), s.requests.values().filter(|r| r.state.is_pending()).count());
        let college = s.orgs[&branch].parent.unwrap();
        let ids: Vec<_> = s.problems.keys().copied().collect();
        for (i, id) in ids.iter().enumerate() {
            let p = s.problems.get_mut(id).unwrap();
            p.reported = Some(DEMO_EPOCH);
            p.resolved = (i == 0).then(|| (DEMO_EPOCH, "已处理".to_string()));
        }
        let listed = s.reported_problems(crate::core::demo::SCHOOL_ID);
        assert_eq!(listed.len(), ids.len());
        assert!(listed.last().unwrap().resolved.is_some() && listed.first().unwrap().resolved.is_none());
        assert!(s.reported_problems(college).len() <= ids.len());
    }
}
