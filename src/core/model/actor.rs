//! Who is acting on this phone: nobody logged in, a member, or an organisation's account.

use super::{AccountId, OrgId};

/// Who is acting, resolved from the device's session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// 未登录
    Anonymous,
    /// 团员
    Member(AccountId),
    /// 团支部账号
    Branch { account: AccountId, org: OrgId },
    /// 团委 / 团总支账号
    Committee { account: AccountId, org: OrgId },
}

impl Actor {
    pub fn account(self) -> Option<AccountId> {
        match self {
            Actor::Anonymous => None,
            Actor::Member(a) | Actor::Branch { account: a, .. } | Actor::Committee { account: a, .. } => Some(a),
        }
    }
}
