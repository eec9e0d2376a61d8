//! Requests and the records around them: 申请加入 / 转入 / 转出 with their life-cycle, 申诉, problem records, 毕业去向.

use super::*;

/// 毕业去向 for a graduate transferring out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Destination {
    /// 升学
    FurtherStudy,
    /// 已落实工作单位（有团组织）
    EmployedWithLeague,
    /// 已落实工作单位（无团组织）
    EmployedWithoutLeague,
    /// 出国(境)
    Abroad,
    /// 未就业 → 流动团员团支部
    NotEmployed,
    /// 参军入伍
    Military,
    /// 涉密单位
    Classified,
}

impl Destination {
    /// The destination a form's choice names (its [`Destination::label`]).
    pub fn from_label(label: &str) -> Option<Destination> {
        Destination::ALL.into_iter().find(|d| d.label() == label)
    }

    pub const ALL: [Destination; 7] = [
        Destination::FurtherStudy,
        Destination::EmployedWithLeague,
        Destination::EmployedWithoutLeague,
        Destination::Abroad,
        Destination::NotEmployed,
        Destination::Military,
        Destination::Classified,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Destination::FurtherStudy => "升学",
            Destination::EmployedWithLeague => "已落实工作单位（有团组织）",
            Destination::EmployedWithoutLeague => "已落实工作单位（无团组织）",
            Destination::Abroad => "出国(境)",
            Destination::NotEmployed => "未就业（转入流动团员团支部）",
            Destination::Military => "参军入伍",
            Destination::Classified => "涉密单位",
        }
    }
}

/// The kind of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestKind {
    /// 申请加入: a new account joining its first branch.
    Join,
    /// 申请转入: an existing member coming from another branch or school.
    TransferIn { from: String },
    /// 毕业生转出: out of this branch to the destination.
    TransferOut { destination: Destination, target: String },
}

impl RequestKind {
    pub fn label(&self) -> &'static str {
        match self {
            RequestKind::Join => "申请加入",
            RequestKind::TransferIn { .. } => "申请转入",
            RequestKind::TransferOut { .. } => "毕业生转出",
        }
    }
}

/// A request's life: pending → accepted / returned (reason) / withdrawn (reason) / lapsed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestState {
    /// 待审核
    Pending,
    /// 已通过
    Accepted { at: Millis, by: AccountId },
    /// 已退回
    Returned { at: Millis, by: AccountId, reason: String },
    /// 已撤回
    Withdrawn { at: Millis, reason: String },
    /// 已失效 (nobody handled it within 10 days)
    Lapsed { at: Millis },
}

impl RequestState {
    pub fn label(&self) -> &'static str {
        match self {
            RequestState::Pending => "待审核",
            RequestState::Accepted { .. } => "已通过",
            RequestState::Returned { .. } => "已退回",
            RequestState::Withdrawn { .. } => "已撤回",
            RequestState::Lapsed { .. } => "已失效",
        }
    }
    /// What the member is told beside the state: when it passed, why it was returned or withdrawn,
    /// or that nobody handled it within [`LAPSE_DAYS`] days.
    pub fn detail(&self) -> String {
        use crate::core::date::format_day;
        match self {
            RequestState::Pending => String::new(),
            RequestState::Accepted { at, .. } => format!("通过时间：{}", format_day(*at)),
            RequestState::Returned { reason, .. } => format!("退回原因：{reason}"),
            RequestState::Withdrawn { reason, .. } => format!("撤回原因：{reason}"),
            RequestState::Lapsed { .. } => format!("{LAPSE_DAYS}天内无人处理，已自动失效"),
        }
    }
    pub fn is_pending(&self) -> bool {
        matches!(self, RequestState::Pending)
    }

    pub fn is_accepted(&self) -> bool {
        matches!(self, RequestState::Accepted { .. })
    }

    /// Whether the applicant's file still has something to hand the branch for this request: a
    /// request waiting, or a withdrawal it must learn of (until a decision comes back).
    pub fn hands_over(&self) -> bool {
        matches!(self, RequestState::Pending | RequestState::Withdrawn { .. })
    }
}

pub use crate::core::limits::LAPSE_DAYS;

/// Whether a wait of `days` whole days is overdue (the one rule: [`Request::is_overdue`] and the
/// committee's figures use it).
pub fn is_overdue_wait(days: i64) -> bool {
    days >= LAPSE_DAYS
}

impl Request {
    /// Whole days since the request was made.
    pub fn waited_days(&self, now: Millis) -> i64 {
        (now - self.created) / crate::core::date::DAY_MS
    }

    /// Pending for [`LAPSE_DAYS`] or more.
    pub fn is_overdue(&self, now: Millis) -> bool {
        self.state.is_pending() && is_overdue_wait(self.waited_days(now))
    }
}

/// A request between a member and a branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    #[serde(rename = "i", alias = "id")]
    pub id: RequestId,
    #[serde(rename = "k", alias = "kind")]
    pub kind: RequestKind,
    #[serde(rename = "a", alias = "applicant")]
    pub applicant: AccountId,
    /// The branch that decides: the target for joins and transfers in, the source for transfers out.
    #[serde(rename = "b", alias = "branch")]
    pub branch: OrgId,
    #[serde(rename = "c", alias = "created")]
    pub created: Millis,
    #[serde(rename = "s", alias = "state")]
    pub state: RequestState,
    /// Different decisions on this request made on other devices and met in a merge: a conflict for
    /// the branch until [`Settled`].
    #[serde(rename = "o", alias = "others", default, skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<RequestState>,
    #[serde(rename = "st", alias = "settled", default, skip_serializing_if = "Option::is_none")]
    pub settled: Option<Settled>,
}

/// An appeal's life: 待审核 → 成功 / 失败 (reason).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppealState {
    /// 待审核
    Pending,
    /// 申诉成功
    Upheld { at: Millis, by: AccountId },
    /// 申诉失败
    Rejected { at: Millis, by: AccountId, reason: String },
}

impl AppealState {
    pub fn label(&self) -> &'static str {
        match self {
            AppealState::Pending => "待审核",
            AppealState::Upheld { .. } => "申诉成功",
            AppealState::Rejected { .. } => "申诉失败",
        }
    }
}

/// The reason recorded on the old account's pending requests when an appeal moves the membership.
pub const APPEAL_WITHDRAW_REASON: &str = "申诉成功，账号已更换为新手机号，请用新账号重新申请";
/// The reason a request still waiting is returned with when its branch is archived (归档).
pub const ARCHIVED_RETURN_REASON: &str = "该团支部已归档（已毕业），不再接收申请。如需加入其他团支部，请在“找组织”中搜索后申请。";
/// Why a re-registered member's old account's requests were withdrawn: its record went to the new one.
pub const REREGISTERED_OLD_REASON: &str = "团支书已核对为同一人，记录已转到重新注册的新账号，本账号停用";
/// Why a re-registered member's new request was withdrawn: the older record made them a member.
pub const REREGISTERED_WITHDRAW_REASON: &str = "团支书已核对为同一人，原来的团籍已转到本账号，无需再申请";

/// 我要申诉: a member with a new phone asks to move the old account's membership to the new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeal {
    pub id: AppealId,
    /// The new account (new phone).
    pub account: AccountId,
    /// The account that holds the ID number.
    pub old_account: AccountId,
    pub reason: String,
    /// The ID-card photo as a data URL, compressed to at most 200 KB by the shell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
    /// The branch of the old account, which decides (its committee may too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<OrgId>,
    pub created: Millis,
    pub state: AppealState,
    /// A different decision made on another device: a conflict until [`Settled`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<AppealState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled: Option<Settled>,
}

/// 无法注册 / 无法加入.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProblemKind {
    CannotRegister,
    CannotJoin,
}

impl ProblemKind {
    pub fn label(self) -> &'static str {
        match self {
            ProblemKind::CannotRegister => "无法注册",
            ProblemKind::CannotJoin => "无法加入",
        }
    }
}

/// A member who cannot register or join, recorded by the secretary and reported to the college.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub id: ProblemId,
    pub branch: OrgId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_no: Option<String>,
    pub kind: ProblemKind,
    pub note: String,
    pub created: Millis,
    /// 已上报 to the college committee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<Millis>,
    /// 已解决, with the committee's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<(Millis, String)>,
}
