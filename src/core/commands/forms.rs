//! What some commands carry: the details of an invite or a code link, and the forms of 立即注册,
//! 忘记密码 and 志愿北京 as the pages fill them in.

use crate::core::auth::PasswordHash;
use crate::core::date::Millis;
use crate::core::model::OrgId;

/// A registration code's link: the code and the committee that issued it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeInvite {
    pub code: String,
    pub issuer: OrgId,
    pub issuer_name: String,
    pub expires: Millis,
    /// The kind of organisation the code registers (学院/书院团委, 团总支 or 团支部).
    pub kind: crate::core::model::OrgKind,
    /// The committee's public key, kept here as the committee's unless one is kept already.
    pub key: Option<crate::core::sync::seal::PublicKey>,
    /// Made in the demo (see [`crate::core::demo`]).
    pub demo: bool,
}

/// A branch's public details, as carried by an invite link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BranchInvite {
    pub branch: OrgId,
    pub name: String,
    pub college: OrgId,
    pub college_name: String,
    /// The branch's public key, kept here as the branch's unless one is kept already.
    pub key: Option<crate::core::sync::seal::PublicKey>,
    /// The college's, kept the same way: the committee whose 组织目录 this phone then trusts.
    pub college_key: Option<crate::core::sync::seal::PublicKey>,
    /// Made in the demo (see [`crate::core::demo`]).
    pub demo: bool,
}

/// 立即注册's form.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchRegistration {
    pub code: String,
    pub name: String,
    pub number: String,
    pub industry: String,
    pub graduation_year: Option<i32>,
    pub secretary_name: String,
    pub secretary_phone: String,
    pub username: String,
    pub password: PasswordHash,
}

/// How a member proves they may reset the password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResetProof {
    /// 姓名 + 身份证号 matching the account.
    Identity { name: String, id_number: String },
    /// 重置密码验证码 from the branch secretary.
    Code(String),
}

/// The 志愿北京 form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VolunteerForm {
    pub service_area: String,
    pub native_place: String,
    pub residence: String,
    pub directions: Vec<String>,
    pub guardian_consent: bool,
}
