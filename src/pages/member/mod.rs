//! The member's pages (团员): 创建账号, 完善个人信息, 找组织, 申请, 我的组织, 忘记密码, 我要申诉,
//! 志愿服务, 我的数据.

pub mod appeal;
pub mod apply;
pub mod find;
pub mod forgot;
pub mod handover;
pub mod invite;
pub mod my_data;
pub mod my_org;
pub mod profile;
pub mod register;
pub mod volunteer;

use crate::core::model::Actor;
use crate::core::model::{AccountId, MemberRecord};
use crate::store::Store;
use leptos::prelude::*;

/// The logged-in member's account and record, if the session is a member.
pub fn current_member(store: Store) -> Option<(AccountId, MemberRecord)> {
    match store.actor() {
        Actor::Member(id) => store.state.with(|s| s.accounts.get(&id).and_then(|a| a.member()).cloned().map(|m| (id, m))),
        _ => None,
    }
}
