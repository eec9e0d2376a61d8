//! localStorage: the one saved document, its backup when unreadable, and small device settings.
//! A save is a single `setItem` of the whole document: it either replaces the old copy or throws
//! and leaves it intact, so nothing is ever half-written.
//! Where storage is disabled every call fails softly with [`SaveError::Unavailable`].

use crate::core::document::{self, Loaded};
use crate::core::error::{DocError, SaveError};
use crate::core::date::Millis;
use crate::core::model::State;
use wasm_bindgen::JsValue;

/// The saved workflow state.
pub const STATE_KEY: &str = "tuan.state";
/// Prefix of the keys where unreadable data is set aside.
pub const BACKUP_PREFIX: &str = "tuan.backup.";
/// The account logged in on this device.
pub const SESSION_KEY: &str = "tuan.session";
/// When the data was last exported (a backup reminder).
pub const EXPORTED_KEY: &str = "tuan.exported";
/// When the last important change (a request, a decision, an import) was made on this device.
pub const CHANGED_KEY: &str = "tuan.changed";

/// localStorage, or None where it is disabled (reading it then throws; gloo-storage's `raw()`
/// would panic there, which is why it is not used).
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// What reading the saved document found.
pub enum Startup {
    /// Nothing saved yet: first run.
    Empty,
    Loaded(Loaded),
    /// Saved data was unreadable; it was set aside under `backup` (None if that failed).
    Unreadable { error: DocError, backup: Option<String> },
}

pub fn load(now: Millis) -> Startup {
    let Some(text) = get(STATE_KEY) else { return Startup::Empty };
    match document::decode(&text) {
        Ok(loaded) => Startup::Loaded(loaded),
        Err(error) => {
            let key = format!("{BACKUP_PREFIX}{now}");
            let backup = write(&key, &text).ok().map(|_| key);
            Startup::Unreadable { error, backup }
        }
    }
}

/// Saves the state; on failure the previous copy is untouched.
pub fn save(state: &State, now: Millis) -> Result<(), SaveError> {
    write(STATE_KEY, &document::encode(state, now))
}

pub fn write(key: &str, value: &str) -> Result<(), SaveError> {
    let s = storage().ok_or(SaveError::Unavailable)?;
    s.set_item(key, value).map_err(|e| classify(&e))
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// The backup keys present, newest first.
pub fn backups() -> Vec<String> {
    let Some(s) = storage() else { return Vec::new() };
    let n = s.length().unwrap_or(0);
    let mut keys: Vec<String> = (0..n).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with(BACKUP_PREFIX)).collect();
    crate::core::order::sort_by(&mut keys, |a, b| b.cmp(a));
    keys
}

fn classify(e: &JsValue) -> SaveError {
    let name = js_sys::Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
        SaveError::QuotaExceeded
    } else {
        SaveError::Unavailable
    }
}
