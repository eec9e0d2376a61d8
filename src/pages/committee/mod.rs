//! The committee's pages (校团委, 学院/书院团委): 建立校团委, 下级团组织管理 (with its 重复注册), 组织注册码, 交给新手机 and 统计.

pub mod clashes;
pub mod codes;
pub mod found;
pub mod handover;
pub mod overview;
pub mod stats;

use crate::core::model::Actor;
use crate::core::model::OrgId;
use crate::store::Store;

/// The committee this device is logged in as.
pub fn current_committee(store: Store) -> Option<OrgId> {
    match store.actor() {
        Actor::Committee { org, .. } => Some(org),
        _ => None,
    }
}
