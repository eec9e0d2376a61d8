//! The branch secretary's pages (团支部账号): 我的团员 and 立即注册.

pub mod appeals;
pub mod conflicts;
pub mod dues;
pub mod graduates;
pub mod members;
pub mod reconcile;
pub mod register;
