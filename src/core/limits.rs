//! The figures the guide's rules are made of, in one place: the rules, the refusals' words and the
//! pages' hints all read them here.

/// A password's least length, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// 自动失效: a transfer out pending this many days lapses; a request waiting longer is flagged.
pub const LAPSE_DAYS: i64 = 10;
/// 组织注册码 validity, in days.
pub const CODE_VALID_DAYS: u32 = 20;
/// 重置密码验证码 and 重置码 validity, in days.
pub const RESET_CODE_VALID_DAYS: i64 = 2;
/// The largest 身份证照片, in KB as the phone compresses it.
pub const PHOTO_MAX_KB: usize = 200;
/// The most files one import reads at once (a pasted block, files picked together).
pub const FILES_AT_ONCE: usize = 200;
