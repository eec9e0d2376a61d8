//! Accounts and what a member records: the profile of 完善个人信息, 志愿者 registration, privacy consent, and the lists of choices their forms
//! offer.

use super::*;

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
    pub name: PersonName,
    /// 身份证号 (normalised, upper-case X)
    #[serde(rename = "ic")]
    pub id_number: IdNumber,
    /// 出生日期, derived from the ID number (not written since version 3: read back from it).
    #[serde(skip_serializing)]
    pub birth: crate::core::date::Date,
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
    pub member_number: MemberNumber,
    /// 是否高校学生
    #[serde(rename = "is", skip_serializing_if = "std::ops::Not::not")]
    pub is_student: bool,
    /// 学号
    #[serde(rename = "sn", skip_serializing_if = "Option::is_none")]
    pub student_no: Option<StudentNo>,
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

/// 志愿方向: the choices of 志愿服务.
pub const VOLUNTEER_DIRECTIONS: [&str; 8] =
    ["社区服务", "大型赛会", "应急救援", "文化宣传", "扶贫助困", "环境保护", "科技科普", "医疗卫生"];

/// 志愿方向 as chosen: one to all of [`VOLUNTEER_DIRECTIONS`], each once.
pub fn directions_ok(chosen: &[String]) -> bool {
    !chosen.is_empty()
        && chosen.iter().all(|d| VOLUNTEER_DIRECTIONS.contains(&d.as_str()))
        && chosen.iter().enumerate().all(|(i, d)| !chosen[..i].contains(d))
}

impl MemberRecord {
    /// The membership follows the decision that stands on a request of `kind` to `branch`:
    /// `accepted` when (and at what time) it was accepted, `None` when it was not (returned, or a
    /// settled conflict that undid an acceptance). Accepting 申请加入/申请转入 makes them a member of
    /// the branch; accepting 毕业生转出 takes them out of it; either undone, the reverse. Changes
    /// (and is stamped) when the membership is not already what the decision says, and on a join
    /// or transfer in accepted now (`accepted` is `now`: 接收), which is news wherever the member
    /// moved meanwhile without this phone hearing (a transfer back to this branch).
    pub fn follow_decision(&mut self, branch: OrgId, kind: &super::RequestKind, accepted: Option<Millis>, now: Millis) {
        let joining = !matches!(kind, super::RequestKind::TransferOut { .. });
        let want_here = joining == accepted.is_some();
        let moves = (self.branch == Some(branch)) != want_here;
        if moves || (joining && accepted == Some(now)) {
            self.branch = want_here.then_some(branch);
            self.accepted_at = if want_here { accepted.or(Some(now)) } else { None };
            self.cadre &= !moves;
            self.membership_at = super::next_stamp(self.membership_at, now);
        }
    }

    /// Accepted into a branch: the fields of `profile::LOCKED_ONCE_ACCEPTED` (姓名, 身份证号, 入团年月) can no longer be changed.
    pub fn profile_locked(&self) -> bool {
        self.accepted_at.is_some() && self.branch.is_some()
    }

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

impl AccountRole {
    /// The organisation an organisation's account administers (none for a member's).
    pub fn org(&self) -> Option<OrgId> {
        match self {
            AccountRole::Branch { org } | AccountRole::Committee { org } => Some(*org),
            AccountRole::Member(_) => None,
        }
    }
}

/// An account this phone cannot name.
pub const UNKNOWN_ACCOUNT: &str = "（未知账号）";

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
    /// Whether its owner logs in on this phone (a password set here, not retired).
    pub fn logs_in(&self) -> bool {
        self.password.is_set() && !self.retired && !self.login.is_empty()
    }

    /// Whether someone typing `typed` to log in means this account: its phone number in any of its
    /// written forms, its username in any case (an account without a login answers to nothing).
    pub fn answers_to(&self, typed: &str) -> bool {
        let phone = Phone::parse(typed).ok();
        let key = phone.as_deref().unwrap_or(typed.trim());
        !key.is_empty() && self.login.eq_ignore_ascii_case(key)
    }

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
