//! Form drafts: what a person typed but has not submitted, kept per tab in sessionStorage, so the
//! back button, a detour to another page, or WeChat reloading the page after the user switched apps
//! (common on Android) does not lose it. A page clears its drafts when the form is submitted.

use leptos::prelude::*;

const PREFIX: &str = "tuan.draft.";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn read(key: &str) -> Option<String> {
    session_storage()?.get_item(&format!("{PREFIX}{key}")).ok().flatten()
}

fn write(key: &str, value: &str) {
    if let Some(s) = session_storage() {
        let _ = s.set_item(&format!("{PREFIX}{key}"), value);
    }
}

/// A text field's signal that starts from the draft (if any, else `initial`) and keeps it saved.
pub fn draft_text(key: &'static str, initial: String) -> RwSignal<String> {
    let signal = RwSignal::new(read(key).unwrap_or(initial));
    Effect::new(move |_| write(key, &signal.get()));
    signal
}

/// A checkbox's signal kept the same way.
pub fn draft_flag(key: &'static str, initial: bool) -> RwSignal<bool> {
    let signal = RwSignal::new(read(key).map(|v| v == "1").unwrap_or(initial));
    Effect::new(move |_| write(key, if signal.get() { "1" } else { "0" }));
    signal
}

/// Forgets every draft whose key starts with `form` (e.g. `"profile."`), after a submit.
pub fn clear_drafts(form: &str) {
    let Some(s) = session_storage() else { return };
    let prefix = format!("{PREFIX}{form}");
    let n = s.length().unwrap_or(0);
    let keys: Vec<String> = (0..n).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with(&prefix)).collect();
    for k in keys {
        let _ = s.remove_item(&k);
    }
}

/// Remembers a value for this tab (e.g. the branch of an invite, until the member has applied).
pub fn remember(key: &str, value: &str) {
    write(key, value);
}

/// What [`remember`] kept, if anything.
pub fn recall(key: &str) -> Option<String> {
    read(key).filter(|v| !v.is_empty())
}

/// Forgets what [`remember`] kept.
pub fn forget(key: &str) {
    write(key, "");
}

/// The branch a member arrived for by an invite link, kept until they apply.
pub const INVITE_KEY: &str = "invite.branch";
