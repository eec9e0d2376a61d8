//! The kind of an organisation (校团委, 学院/书院团委, 团总支, 团支部) and what follows from it alone: its
//! labels, the ending of its full name, the kinds it issues codes for.

use serde::{Deserialize, Serialize};

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

    /// Whether a full name (全称) fits the kind: a 团支部's ends with 团支部, a 团总支's with 团总支,
    /// a committee's with 团委 (e.g. `计算机学院团委`).
    pub fn name_fits(self, name: &str) -> bool {
        name.ends_with(self.name_ending())
    }

    /// What a full name of this kind ends with.
    pub fn name_ending(self) -> &'static str {
        match self {
            OrgKind::School | OrgKind::College => "团委",
            OrgKind::GeneralBranch => "团总支",
            OrgKind::Branch => "团支部",
        }
    }

    /// The kind's name in a link (`&kind=college`); a 团支部's is left out.
    pub fn param(self) -> &'static str {
        match self {
            OrgKind::School => "school",
            OrgKind::College => "college",
            OrgKind::GeneralBranch => "general",
            OrgKind::Branch => "branch",
        }
    }

    pub fn from_param(p: &str) -> Option<OrgKind> {
        [OrgKind::School, OrgKind::College, OrgKind::GeneralBranch, OrgKind::Branch].into_iter().find(|k| k.param() == p)
    }

    /// The kinds a committee of this kind issues 组织注册码 for, the usual first: the 校团委 for
    /// 学院/书院团委 (and 团总支 or 团支部 directly under it), a 学院/书院团委 for 团支部 and 团总支,
    /// a 团总支 for 团支部.
    pub fn code_kinds(self) -> &'static [OrgKind] {
        match self {
            OrgKind::School => &[OrgKind::College, OrgKind::GeneralBranch, OrgKind::Branch],
            OrgKind::College => &[OrgKind::Branch, OrgKind::GeneralBranch],
            OrgKind::GeneralBranch => &[OrgKind::Branch],
            OrgKind::Branch => &[],
        }
    }

    /// The kind as a code's purpose names it (学院/书院团委 rather than 基层团委).
    pub fn code_label(self) -> &'static str {
        match self {
            OrgKind::College => "学院/书院团委",
            k => k.label(),
        }
    }

    /// Who registers an organisation of this kind and holds its account: a branch's 团支书, a
    /// committee's 负责人.
    pub fn head(self) -> &'static str {
        if self == OrgKind::Branch {
            "团支书"
        } else {
            "负责人"
        }
    }

    /// Committees (团委, 团总支) generate codes and see their subtree.
    pub fn is_committee(self) -> bool {
        !matches!(self, OrgKind::Branch)
    }
}
