//! localStorage: the saved document, the journal of what changed since it, their backups when
//! unreadable, and small device settings. Each write is a single `setItem`: it either replaces the
//! old copy or throws and leaves it intact, so nothing is ever half-written. A journal names the
//! document it builds on, so one left over from an older document is ignored, never misapplied
//! (ARCHITECTURE.md, "Saving only what changed").
//! Where storage is refused every call fails softly with [`SaveError::Unavailable`]
//! ([`super::storage`], through which everything here is read and written).
//!
//! A large document (over `COMPRESS_ABOVE`, about 1,000 members) is stored compressed: a JSON
//! string of `z` + base64url of deflate-raw, by the browser's CompressionStream (stored bare, not as
//! a JSON string, before gloo-storage was used; both read the same). Reading it back is
//! asynchronous, so [`preload`] inflates it before the app mounts.

use super::storage::Place;
use crate::core::date::Millis;
use crate::core::document::{self, Loaded};
use crate::core::error::{DocError, SaveError};
use crate::core::sync::LinkPayload;
use std::cell::RefCell;

/// The saved document as read at start: what is stored (`None` when index.html read it, and it is
/// read again only if it turns out unreadable, to set it aside), and, when that is compressed, its
/// JSON (`None` if it could not be inflated).
type Read = (Option<String>, Option<String>);

/// How the saved document is read before the app mounts (see [`read_at_start`]).
pub enum AtStart {
    /// Plain JSON, or nothing: read already.
    Ready,
    /// Compressed, and index.html's `<head>` is inflating it: [`preload_early`] takes the result.
    Early(js_sys::Promise),
    /// Compressed: [`preload`] inflates it.
    Compressed(String),
}

thread_local! {
    /// The saved document, read once by [`read_at_start`] (and inflated by [`preload`]) for [`load`].
    static PRELOADED: RefCell<Option<Read>> = const { RefCell::new(None) };
}

/// Whether the saved document is stored compressed.
pub fn is_compressed(text: &str) -> bool {
    text.starts_with(crate::names::DEFLATED_TAG)
}

/// The JSON of a stored document (inflated if compressed); `None` if it cannot be inflated.
pub async fn inflate_stored(raw: &str) -> Option<String> {
    match LinkPayload::parse_within(raw, usize::MAX).ok()? {
        LinkPayload::Deflated(bytes) => super::browser::inflate(&bytes).await,
        LinkPayload::Plain(text) => Some(text),
    }
}

/// Reads the saved document once, before the app mounts. A plain one is kept for [`load`]; a
/// compressed one is to be inflated (asynchronously) first: usually index.html's `<head>` started
/// on it while the app was downloading, and it is taken from there without the stored text ever
/// being copied into the wasm (half a megabyte with 10,000 members, twice).
pub fn read_at_start() -> AtStart {
    if let Some(promise) = stored_early() {
        return AtStart::Early(promise);
    }
    match get(STATE_KEY) {
        Some(raw) if is_compressed(&raw) => AtStart::Compressed(raw),
        raw => {
            PRELOADED.with(|p| *p.borrow_mut() = raw.map(|raw| (Some(raw), None)));
            AtStart::Ready
        }
    }
}

/// Inflates the compressed document [`read_at_start`] returned, for [`load`].
pub async fn preload(raw: String) {
    let text = inflate_stored(&raw).await;
    PRELOADED.with(|p| *p.borrow_mut() = Some((Some(raw), text)));
}

/// Takes the inflation index.html started, for [`load`]; should it have failed, inflates the stored
/// text once more before [`load`] calls it unreadable.
pub async fn preload_early(promise: js_sys::Promise) {
    use wasm_bindgen::JsCast;
    let bytes = wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok());
    match bytes.and_then(|b| String::from_utf8(b.to_vec()).ok()) {
        Some(text) => PRELOADED.with(|p| *p.borrow_mut() = Some((None, Some(text)))),
        None => {
            if let Some(raw) = get(STATE_KEY) {
                preload(raw).await;
            }
        }
    }
}

/// The inflation index.html's `<head>` started, if the stored document is still the one it read
/// (compared in JavaScript, so the stored text is never copied in); taken once.
fn stored_early() -> Option<js_sys::Promise> {
    super::loader::take_stored()
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
pub const STATE_KEY: &str = crate::names::STATE;
/// Prefix of the keys where unreadable data is set aside.
pub const BACKUP_PREFIX: &str = crate::names::BACKUP_PREFIX;
/// The journal: the records changed since the saved document (`document::encode_journal`).
pub const JOURNAL_KEY: &str = crate::names::JOURNAL;
/// The account logged in on this device.
pub const SESSION_KEY: &str = crate::names::SESSION;
/// When the data was last exported (a backup reminder).
pub const EXPORTED_KEY: &str = crate::names::EXPORTED;
/// When the last important change (a request, a decision, an import) was made on this device.
pub const CHANGED_KEY: &str = crate::names::CHANGED;

/// The text stored under `key` in localStorage.
pub fn get(key: &str) -> Option<String> {
    Place::Local.text(key)
}

/// What reading the saved document found.
pub enum Startup {
    /// Nothing saved yet: first run.
    Empty,
    Loaded(Loaded),
    /// The document was read, but its journal (the latest changes) was unreadable: set aside under
    /// `backup` (None if that failed: saving must then wait), and the document loaded as it was
    /// saved before them.
    LoadedWithoutJournal {
        loaded: Loaded,
        error: DocError,
        backup: Option<String>,
    },
    /// Saved data was unreadable; it was set aside under `backup` (None if that failed).
    Unreadable {
        error: DocError,
        backup: Option<String>,
    },
}

pub fn load(now: Millis) -> Startup {
    let read = PRELOADED.with(|p| p.borrow_mut().take()).or_else(|| get(STATE_KEY).map(|raw| (Some(raw), None)));
    let Some((raw, inflated)) = read else { return Startup::Empty };
    let text = match (&raw, &inflated) {
        (Some(raw), None) if !is_compressed(raw) => raw.as_str(),
        _ => inflated.as_deref().unwrap_or_default(),
    };
    match document::decode(text) {
        Ok(loaded) => with_journal(loaded, now),
        Err(error) => {
            // The journal builds on the unreadable document: it is set aside with it, never left
            // for the next whole save to remove. If either copy fails, saving waits.
            let journal_kept = get(JOURNAL_KEY).is_none_or(|journal| set_aside_journal(&journal, now).is_some());
            let raw = raw.or_else(|| get(STATE_KEY)).unwrap_or_default();
            let backup = match error {
                // Damaged: copied once and removed, so the next start is clean and says nothing.
                DocError::Corrupt => set_aside(&raw, now),
                // A newer version's data stays where that version will read it; copied once.
                DocError::TooNew { .. } => {
                    backups().into_iter().find(|k| get(k).as_deref() == Some(raw.as_str())).or_else(|| copy_aside(&raw, now))
                }
            };
            Startup::Unreadable { error, backup: backup.filter(|_| journal_kept) }
        }
    }
}

/// The copies set aside at start (`tuan.backup.*`): how many, and their size in bytes (UTF-16, as
/// the browser counts a quota).
pub fn set_aside_size() -> (usize, usize) {
    let keys = backups();
    let bytes = keys.iter().filter_map(|k| get(k)).map(|t| 2 * (t.encode_utf16().count())).sum();
    (keys.len(), bytes)
}

/// Removes every copy set aside at start: what 清理 frees when storage is full.
pub fn remove_set_aside() {
    for key in backups() {
        remove(&key);
    }
}

/// Copies unreadable saved data to a backup key and, once copied, removes it, so that the next
/// start is a clean one and it is set aside (and said) once; the key, or `None` if the copy
/// failed (the data then stays where it is).
fn set_aside(raw: &str, now: Millis) -> Option<String> {
    let key = copy_aside(raw, now)?;
    remove(STATE_KEY);
    Some(key)
}

/// Copies saved data to a backup key; the key, or `None` if that failed.
fn copy_aside(raw: &str, now: Millis) -> Option<String> {
    let key = format!("{BACKUP_PREFIX}{now}");
    write(&key, raw).ok().map(|_| key)
}

/// Copies the journal to a backup key (`tuan.backup.<time>-journal`) and, once copied, removes it;
/// the key, or `None` if the copy failed (the journal then stays where it is).
fn set_aside_journal(journal: &str, now: Millis) -> Option<String> {
    let key = format!("{BACKUP_PREFIX}{now}-journal");
    write(&key, journal).ok()?;
    remove(JOURNAL_KEY);
    Some(key)
}

/// Applies the stored journal to the document just read, noted as this device's saved copy; on
/// an unreadable journal, the error and the journal's text.
fn apply_stored_journal(loaded: &mut Loaded) -> Result<(), (DocError, String)> {
    loaded.state.mark_saved();
    let Some(journal) = get(JOURNAL_KEY) else { return Ok(()) };
    match document::apply_journal(&mut loaded.state, &journal, loaded.saved_at) {
        Ok(_) => Ok(()),
        Err(error) => Err((error, journal)),
    }
}

/// The document brought up to date with its journal. An unreadable journal is set aside like an
/// unreadable document, and the document is loaded without it.
fn with_journal(mut loaded: Loaded, now: Millis) -> Startup {
    match apply_stored_journal(&mut loaded) {
        Ok(()) => Startup::Loaded(loaded),
        Err((error, journal)) => Startup::LoadedWithoutJournal { backup: set_aside_journal(&journal, now), loaded, error },
    }
}

/// What another tab saved: the document (inflated if compressed) with its journal; `None` when
/// unreadable (that tab's own start deals with it).
pub async fn read_saved_by_other_tab() -> Option<Loaded> {
    let raw = get(STATE_KEY)?;
    let text = if is_compressed(&raw) { inflate_stored(&raw).await? } else { raw };
    let mut loaded = document::decode(&text).ok()?;
    apply_stored_journal(&mut loaded).ok()?;
    Some(loaded)
}

/// The saved document with its journal, read now, when it is stored plain (a compressed one is read
/// asynchronously, [`read_saved_by_other_tab`]); `None` when there is none or it cannot be read.
pub fn read_plain_saved() -> Option<Loaded> {
    let raw = get(STATE_KEY).filter(|raw| !is_compressed(raw))?;
    let mut loaded = document::decode(&raw).ok()?;
    apply_stored_journal(&mut loaded).ok()?;
    Some(loaded)
}

/// Who wrote the saved document last: a tab's mark (`tab:count`), written after each save, so a
/// tab about to save knows whether another tab wrote since it last read or wrote (see
/// `Store::save`).
pub const WRITER_KEY: &str = crate::names::WRITER;

/// The mark of the last save of any tab.
pub fn last_writer() -> Option<String> {
    Place::Local.value(WRITER_KEY)
}

/// Notes this tab's save.
pub fn mark_writer(mark: &str) {
    let _ = Place::Local.set(WRITER_KEY, &mark);
}

/// Removes the saved data of this device (清除本机数据): the document, its journal, the login.
pub fn forget_saved() {
    remove(STATE_KEY);
    remove(JOURNAL_KEY);
    remove(WRITER_KEY);
    remove(SESSION_KEY);
    remove(super::signing::KEY_PAIR_KEY);
}

/// Writes a whole document: the document, then (its changes now inside it) no journal.
pub fn write_whole(stored: &str) -> Result<(), SaveError> {
    write(STATE_KEY, stored)?;
    remove(JOURNAL_KEY);
    Ok(())
}

/// Stores a text: a document or a journal as the JSON it is, a compressed document or any other text
/// as a JSON string.
pub fn write(key: &str, value: &str) -> Result<(), SaveError> {
    if value.starts_with('{') && (key == STATE_KEY || key == JOURNAL_KEY) {
        Place::Local.set_json(key, value.to_owned())
    } else {
        Place::Local.set(key, value)
    }
}

pub fn remove(key: &str) {
    Place::Local.delete(key);
}

/// The backup keys present, newest first.
pub fn backups() -> Vec<String> {
    let mut keys = Place::Local.keys(BACKUP_PREFIX);
    crate::core::order::sort_by(&mut keys, |a, b| b.cmp(a));
    keys
}
