//! localStorage: the one saved document, its backup when unreadable, and small device settings.
//! A save is a single `setItem` of the whole document: it either replaces the old copy or throws
//! and leaves it intact, so nothing is ever half-written.
//! Where storage is disabled every call fails softly with [`SaveError::Unavailable`].
//!
//! A large document (over `COMPRESS_ABOVE`, about 1,000 members) is stored compressed: `z` +
//! base64url of deflate-raw, by the browser's CompressionStream. Reading it back is asynchronous, so
//! [`preload`] inflates it before the app mounts.

use crate::core::document::{self, Loaded};
use crate::core::error::{DocError, SaveError};
use crate::core::date::Millis;
use crate::core::sync::LinkPayload;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// The saved document as read at start: what is stored, and, when that is compressed, its JSON
/// (`None` if it could not be inflated).
type Read = (String, Option<String>);

thread_local! {
    /// The saved document, read once by [`read_at_start`] (and inflated by [`preload`]) for [`load`].
    static PRELOADED: RefCell<Option<Read>> = const { RefCell::new(None) };
}

/// Whether the saved document is stored compressed.
pub fn is_compressed(text: &str) -> bool {
    text.starts_with('z')
}

/// The JSON of a stored document (inflated if compressed); `None` if it cannot be inflated.
pub async fn inflate_stored(raw: &str) -> Option<String> {
    match LinkPayload::parse_within(raw, usize::MAX).ok()? {
        LinkPayload::Deflated(bytes) => super::browser::inflate(&bytes).await,
        LinkPayload::Plain(text) => Some(text),
    }
}

/// Reads the saved document once, before the app mounts. A plain one is kept for [`load`]; a
/// compressed one is returned, to be inflated (asynchronously) by [`preload`] first.
pub fn read_at_start() -> Option<String> {
    let raw = get(STATE_KEY)?;
    if is_compressed(&raw) {
        return Some(raw);
    }
    PRELOADED.with(|p| *p.borrow_mut() = Some((raw, None)));
    None
}

/// Inflates the compressed document [`read_at_start`] returned, for [`load`].
pub async fn preload(raw: String) {
    let text = inflate_stored(&raw).await;
    PRELOADED.with(|p| *p.borrow_mut() = Some((raw, text)));
}

/// The text to store for a document's JSON: itself, or compressed when large (and the browser can).
pub async fn storable(json: String) -> String {
    if json.len() <= crate::core::sync::COMPRESS_ABOVE {
        return json;
    }
    match super::browser::deflate(&json).await {
        Some(bytes) => LinkPayload::Deflated(bytes).to_param(),
        None => json,
    }
}

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
    let read = PRELOADED.with(|p| p.borrow_mut().take()).or_else(|| get(STATE_KEY).map(|raw| (raw, None)));
    let Some((raw, inflated)) = read else { return Startup::Empty };
    let text = if is_compressed(&raw) { inflated.as_deref().unwrap_or_default() } else { raw.as_str() };
    match document::decode(text) {
        Ok(loaded) => Startup::Loaded(loaded),
        Err(error) => {
            let key = format!("{BACKUP_PREFIX}{now}");
            let backup = write(&key, &raw).ok().map(|_| key);
            Startup::Unreadable { error, backup }
        }
    }
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
