//! Pages every role shares: 首页, 我的 (login), 演示, 数据与备份, not found; and the hand-over of a
//! sync file that pages of every role end with (`channels`).

pub mod backup;
mod batch;
pub mod channels;
pub mod clean;
pub mod data;
pub mod demo;
pub mod full_build;
pub mod home;
pub mod me;
pub mod not_found;
pub mod restored;
pub mod send;
pub mod sync;
