//! The state of the whole workflow as plain data: organisations, registration codes, accounts,
//! member profiles, requests, appeals, problem records. Everything here is written as JSON (its
//! keys are in the serde attributes below) and has a stable ID, so it can be saved, exported and merged.

use super::auth::PasswordHash;
use super::date::{Millis, YearMonth};
use super::rules::Sex;
use super::table::Table;
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub u64);
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, "{}", self.0) }
        }
    };
}

id_type!(
    /// 组织ID: the number users quote, e.g. "(组织ID:3902749)".
    OrgId
);
id_type!(AccountId);
id_type!(RequestId);
id_type!(AppealId);
id_type!(ProblemId);

/// The kind of an organisation in the tree 校团委 → 学院/书院团委 (→ 团总支) → 团支部.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgKind {
    /// 校团委
    School,
    /// 学院团委 / 书院团委 (基层团委)
    College,
    /// 团总支 (e.g. 年级团总支)
    GeneralBranch,
    /// 团支部: the only kind a member joins.
    Branch,
}

impl OrgKind {
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::School => "校团委",
            OrgKind::College => "基层团委",
            OrgKind::GeneralBranch => "团总支",
            OrgKind::Branch => "团支部",
        }
    }

    /// Committees (团委, 团总支) generate codes and see their subtree.
    pub fn is_committee(self) -> bool {
        !matches!(self, OrgKind::Branch)
    }
}

/// 行业类别: the national list of 16 categories; the guide's branches use the first.
pub const INDUSTRIES: [&str; 16] = [
    "普通高等院校(公办-学生)",
    "党政机关",
    "事业单位",
    "普通高等院校",
    "职业教育学校",
    "普通高中",
    "初中",
    "小学",
    "国有企业",
    "集体企业",
    "非公企业",
    "新社会组织",
    "军队",
    "武警",
    "城市社区",
    "农村",
];

/// What a branch's own admin completes after 立即注册.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchInfo {
    /// 支部号, e.g. `22121301`.
    pub number: String,
    /// 行业类别
    pub industry: String,
    /// 毕业年份
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graduation_year: Option<i32>,
    /// 团支书 name and phone.
    pub secretary_name: String,
    pub secretary_phone: String,
    /// 归档 (graduated branch whose members have all left).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
}

/// An organisation: 团委, 团总支 or 团支部.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    #[serde(rename = "i", alias = "id")]
    pub id: OrgId,
    /// The full name (全称), e.g. `2025级小学教育1班团支部`.
    #[serde(rename = "n", alias = "name")]
    pub name: String,
    #[serde(rename = "k", alias = "kind")]
    pub kind: OrgKind,
    #[serde(rename = "pr", alias = "parent", default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<OrgId>,
    #[serde(rename = "b", alias = "branch", default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<BranchInfo>,
    #[serde(rename = "c", alias = "created")]
    pub created: Millis,
    /// When the mutable details (graduation year) last changed: the later change wins a merge.
    #[serde(rename = "u", alias = "updated", default)]
    pub updated: Millis,
}

/// The state of a 组织注册码.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeState {
    /// 未使用
    Unused,
    /// 已使用, by the organisation registered with it.
    Used { org: OrgId, at: Millis },
    /// 已作废
    Voided { at: Millis },
}

/// 组织注册码 / 邀请码: single-use, issued by a committee for one new child organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationCode {
    /// Canonical form: 16 characters, no separators.
    pub code: String,
    pub issuer: OrgId,
    /// The kind of organisation the code registers.
    pub kind: OrgKind,
    pub created: Millis,
    pub expires: Millis,
    pub state: CodeState,
    /// Other uses of this code met in a merge (a second branch presenting it): a conflict for the
    /// committee until [`Settled`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<CodeState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled: Option<Settled>,
}

/// 政治面貌 for a member form (群众 is not a member).
pub const POLITICAL_STATUSES: [&str; 3] = ["共青团员", "中共预备党员", "中共党员"];

/// 民族: the 56 nationalities and 其他.
pub const ETHNICITIES: [&str; 57] = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "其他",
];

/// 最高学历, including the 在读 forms.
pub const EDUCATIONS: [&str; 15] = [
    "小学",
    "初中",
    "高中",
    "中职",
    "大专",
    "本科",
    "硕士",
    "博士",
    "初中在读",
    "高中在读",
    "中职在读",
    "大专在读",
    "本科在读",
    "硕士在读",
    "博士在读",
];

/// The member's personal information (完善个人信息), validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "super::profile_in::ProfileIn")]
pub struct Profile {
    /// 姓名
    #[serde(rename = "n")]
    pub name: String,
    /// 身份证号 (normalised, upper-case X)
    #[serde(rename = "ic")]
    pub id_number: String,
    /// 出生日期, derived from the ID number (not written since version 3: read back from it).
    #[serde(skip_serializing)]
    pub birth: super::date::Date,
    /// 性别, derived from the ID number (not written either).
    #[serde(skip_serializing)]
    pub sex: Sex,
    /// 政治面貌
    #[serde(rename = "ps")]
    pub political_status: String,
    /// 民族
    #[serde(rename = "et")]
    pub ethnicity: String,
    /// 最高学历
    #[serde(rename = "ed")]
    pub education: String,
    /// 入团年月
    #[serde(rename = "jm")]
    pub join_month: YearMonth,
    /// 团员编号
    #[serde(rename = "mn")]
    pub member_number: String,
    /// 是否高校学生
    #[serde(rename = "is", skip_serializing_if = "std::ops::Not::not")]
    pub is_student: bool,
    /// 学号
    #[serde(rename = "sn", skip_serializing_if = "Option::is_none")]
    pub student_no: Option<String>,
    /// 注册成为志愿者 (ticked on the member form)
    #[serde(rename = "wv", skip_serializing_if = "std::ops::Not::not")]
    pub wants_volunteer: bool,
}

/// 志愿北京 registration (real-name details come from the profile).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volunteer {
    /// 服务区域
    #[serde(rename = "sa", alias = "service_area")]
    pub service_area: String,
    /// 籍贯
    #[serde(rename = "np", alias = "native_place")]
    pub native_place: String,
    /// 居住区域
    #[serde(rename = "rs", alias = "residence")]
    pub residence: String,
    /// 志愿方向
    #[serde(rename = "dr", alias = "directions")]
    pub directions: Vec<String>,
    /// 监护人同意 (under 18)
    #[serde(rename = "gc", alias = "guardian_consent", default, skip_serializing_if = "std::ops::Not::not")]
    pub guardian_consent: bool,
    #[serde(rename = "rg", alias = "registered")]
    pub registered: Millis,
}

/// The privacy notice the member accepted before entering the ID number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    #[serde(rename = "v", alias = "version")]
    pub version: u32,
    pub at: Millis,
}

/// What a member account holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRecord {
    #[serde(rename = "p", alias = "profile", default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// The 团支部 the member belongs to (after acceptance).
    #[serde(rename = "b", alias = "branch", default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<OrgId>,
    /// When the current branch accepted the member.
    #[serde(rename = "aa", alias = "accepted_at", default, skip_serializing_if = "Option::is_none")]
    pub accepted_at: Option<Millis>,
    /// 支部团干部: must resign before transferring out.
    #[serde(rename = "cd", alias = "cadre", default, skip_serializing_if = "std::ops::Not::not")]
    pub cadre: bool,
    #[serde(rename = "vo", alias = "volunteer", default, skip_serializing_if = "Option::is_none")]
    pub volunteer: Option<Volunteer>,
    #[serde(rename = "cs", alias = "consent", default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    /// When the profile last changed (the later wins a merge).
    #[serde(rename = "pa", alias = "profile_at", default)]
    pub profile_at: Millis,
    /// When the membership (branch, accepted_at, cadre, the account's `retired`) last changed.
    #[serde(rename = "ma", alias = "membership_at", default)]
    pub membership_at: Millis,
}

impl MemberRecord {
    /// A registered volunteer, as the guide counts: ticking 注册成为志愿者 on the member form
    /// registers the member ("须勾选"; first-time users "可在注册页面底部直接勾选"), as does
    /// completing 志愿服务.
    pub fn is_volunteer(&self) -> bool {
        self.profile.as_ref().is_some_and(|p| p.wants_volunteer) || self.volunteer.is_some()
    }
}

/// Which kind of account and what it administers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountRole {
    /// 团员: logs in by phone.
    Member(Box<MemberRecord>),
    /// 团支部账号: the branch's own account.
    Branch { org: OrgId },
    /// 团委 / 团总支 account.
    Committee { org: OrgId },
}

/// An account. `login` is the phone number for members and the username for organisations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    #[serde(rename = "i", alias = "id")]
    pub id: AccountId,
    #[serde(rename = "l", alias = "login")]
    pub login: String,
    #[serde(rename = "r", alias = "role")]
    pub role: AccountRole,
    /// Absent in copies made without secrets (the error screen's), and when there is none.
    #[serde(default, skip_serializing_if = "PasswordHash::is_none")]
    pub password: PasswordHash,
    #[serde(rename = "c", alias = "created")]
    pub created: Millis,
    /// Retired after an appeal moved its membership to a new account.
    #[serde(rename = "rt", alias = "retired", default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

impl Account {
    pub fn member(&self) -> Option<&MemberRecord> {
        match &self.role {
            AccountRole::Member(m) => Some(m),
            _ => None,
        }
    }
    pub fn member_mut(&mut self) -> Option<&mut MemberRecord> {
        match &mut self.role {
            AccountRole::Member(m) => Some(m),
            _ => None,
        }
    }
    pub fn profile(&self) -> Option<&Profile> {
        self.member().and_then(|m| m.profile.as_ref())
    }
}

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
    pub fn is_pending(&self) -> bool {
        matches!(self, RequestState::Pending)
    }
}

/// Days a request may wait: a pending one is overdue after them (已等待超过10天, highlighted for
/// the secretary and the committee), and a transfer out lapses (自动失效).
pub const LAPSE_DAYS: i64 = 10;

/// Whether a wait of `days` whole days is overdue (the one rule: [`Request::is_overdue`] and the
/// committee's figures use it).
pub fn is_overdue_wait(days: i64) -> bool {
    days >= LAPSE_DAYS
}

impl Request {
    /// Whole days since the request was made.
    pub fn waited_days(&self, now: Millis) -> i64 {
        (now - self.created) / super::date::DAY_MS
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

/// 重置密码验证码: issued by the branch, valid 2 days, single use. Only its hash is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetCode {
    pub account: AccountId,
    /// SHA-256 of the code, hex.
    pub code_hash: String,
    pub expires: Millis,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub used: bool,
}

/// How a conflict (two different decisions on one record) was settled: which decision stands, and the
/// decisions the person had in front of them. A decision that arrives later and is not among `seen`
/// opens the conflict again.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Settled {
    pub at: Millis,
    pub by: AccountId,
    /// The key of the decision that stands (see `core::sync::merge`).
    pub keep: String,
    pub seen: Vec<String>,
}

/// A stamp for a change to a merged field: now, but always after the previous stamp, so that a
/// change made on this device wins over the value it replaced even with a clock set back.
pub fn next_stamp(previous: Millis, now: Millis) -> Millis {
    now.max(previous + 1)
}

/// The whole workflow state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub orgs: Table<OrgId, Org>,
    #[serde(default)]
    pub codes: Table<String, RegistrationCode>,
    #[serde(default)]
    pub accounts: Table<AccountId, Account>,
    #[serde(default)]
    pub requests: Table<RequestId, Request>,
    #[serde(default)]
    pub appeals: Table<AppealId, Appeal>,
    #[serde(default)]
    pub problems: Table<ProblemId, Problem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reset_codes: Vec<ResetCode>,
    /// True when the state is the demo data set (allows switching role without a password).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
    /// What left this phone in hand-overs (`core::handover`): local, never in a file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sent: Vec<super::handover::SentMark>,
    /// The account a 完整备份 restored onto this device (which had no password) was made from, until
    /// its owner sets a password here: kept, so a reload never takes the offer away. Local.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored: Option<AccountId>,
    /// The keys this device keeps, one per sender it has met (`sync::seal::pin_name`): a file
    /// for that sender signed by another key is refused. Local, never in a file.
    #[serde(default, skip_serializing_if = "no_keys")]
    pub keys: Table<String, crate::core::sync::seal::PublicKey>,
    /// This device's own public key (本机公钥), which signs what it sends; its private key is kept
    /// by the browser and never in the state. Local.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<crate::core::sync::seal::PublicKey>,
}

/// For `skip_serializing_if`: no keys kept.
fn no_keys(keys: &Table<String, crate::core::sync::seal::PublicKey>) -> bool {
    keys.is_empty()
}

impl State {
    /// Whether this device holds nothing of its own: no account, code, request, appeal or problem
    /// (organisations learned from a published directory or an invite are public). A 完整备份 is
    /// restored whole onto such a device.
    pub fn is_blank(&self) -> bool {
        self.accounts.is_empty() && self.codes.is_empty() && self.requests.is_empty() && self.appeals.is_empty() && self.problems.is_empty()
    }

    /// A copy that keeps the notes of what changed since the last save (see `core::table`): the
    /// copy a command works on before it replaces the state. `clone` instead counts everything as
    /// changed.
    pub fn fork(&self) -> State {
        State {
            orgs: self.orgs.fork(),
            codes: self.codes.fork(),
            accounts: self.accounts.fork(),
            requests: self.requests.fork(),
            appeals: self.appeals.fork(),
            problems: self.problems.fork(),
            reset_codes: self.reset_codes.clone(),
            demo: self.demo,
            sent: self.sent.clone(),
            restored: self.restored,
            keys: self.keys.fork(),
            device_key: self.device_key.clone(),
        }
    }

    /// The state as it is now is this device's saved copy: nothing has changed since.
    pub fn mark_saved(&mut self) {
        self.orgs.mark_saved();
        self.codes.mark_saved();
        self.accounts.mark_saved();
        self.requests.mark_saved();
        self.appeals.mark_saved();
        self.problems.mark_saved();
        self.keys.mark_saved();
    }

    /// The state must be saved whole next time (a save failed).
    pub fn mark_all_changed(&mut self) {
        self.orgs.mark_all_changed();
        self.codes.mark_all_changed();
        self.accounts.mark_all_changed();
        self.requests.mark_all_changed();
        self.appeals.mark_all_changed();
        self.problems.mark_all_changed();
        self.keys.mark_all_changed();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_destination_is_read_back_from_its_label() {
        for d in Destination::ALL {
            assert_eq!(Destination::from_label(d.label()), Some(d));
        }
        assert_eq!(Destination::from_label("别处"), None);
    }
}
