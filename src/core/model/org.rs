//! Organisations and their registration codes: the tree 校团委 → 学院团委 (→ 团总支) → 团支部, and the 组织注册码 that lets a new branch or college register.

use super::*;

pub use crate::core::org_kind::OrgKind;

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

impl BranchInfo {
    /// The details a branch learned from a link has: none yet.
    pub fn sketch() -> BranchInfo {
        BranchInfo {
            number: String::new(),
            industry: String::new(),
            graduation_year: None,
            secretary_name: String::new(),
            secretary_phone: String::new(),
            archived: false,
        }
    }
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

impl Org {
    /// A 团支部 a member may join: not archived.
    pub fn is_joinable(&self) -> bool {
        self.kind == OrgKind::Branch && !self.is_archived()
    }

    /// 已归档: a branch graduated, or a repeat its committee voided (作废重复注册).
    pub fn is_archived(&self) -> bool {
        self.branch.as_ref().is_some_and(|b| b.archived)
    }
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
    /// Canonical form: [`RegistrationCode::LEN`] characters, no separators.
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

/// What a 组织注册码 is good for now: its state, with an unused code past its time 已过期.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeStatus {
    /// 未使用, and not yet expired.
    Unused,
    /// 已使用, by this organisation.
    Used(OrgId),
    /// 已作废
    Voided,
    /// 已过期: unused and past `expires`.
    Expired,
}

impl CodeStatus {
    /// The status as 组织注册码 lists it.
    pub fn label(self) -> &'static str {
        match self {
            CodeStatus::Unused => "未使用",
            CodeStatus::Used(_) => "已使用",
            CodeStatus::Voided => "已作废",
            CodeStatus::Expired => "已过期",
        }
    }
}

impl RegistrationCode {
    /// A code's length in its canonical form.
    pub const LEN: usize = 16;

    /// Whether `code` (canonical: [`crate::core::entropy::canonical_code`]) has a 组织注册码's
    /// shape: [`Self::LEN`] characters of the codes' alphabet.
    pub fn is_shaped(code: &str) -> bool {
        crate::core::entropy::is_code(code, Self::LEN)
    }

    /// The code's status at `now`.
    pub fn status(&self, now: Millis) -> CodeStatus {
        match self.state {
            CodeState::Used { org, .. } => CodeStatus::Used(org),
            CodeState::Voided { .. } => CodeStatus::Voided,
            CodeState::Unused if now >= self.expires => CodeStatus::Expired,
            CodeState::Unused => CodeStatus::Unused,
        }
    }
}

/// On the phone an organisation's account was handed to: by whom, and once its owner has typed the
/// code, the proof and time of the claim its 组织注册信息 carries (`OrgReset::claim`, in `sync::reset`). Local.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrgReset {
    /// The committee that handed the account over.
    pub by: OrgId,
    pub org: OrgId,
    /// Empty until the code is typed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub proof: String,
    #[serde(default)]
    pub at: Millis,
}
