//! Form drafts: what a person typed but has not submitted, kept per tab in sessionStorage (through [`Place::Session`]), so the
//! back button, a detour to another page, or WeChat reloading the page after the user switched apps
//! (common on Android) does not lose it. A page clears its drafts when the form is submitted.

use super::storage::Place;
use leptos::prelude::*;

const PREFIX: &str = "tuan.draft.";

fn read(key: &str) -> Option<String> {
    Place::Session.text(&format!("{PREFIX}{key}"))
}

fn write(key: &str, value: &str) {
    let key = format!("{PREFIX}{key}");
    // A long paste (a whole file's text) is not kept as a draft: it would fill the tab's storage.
    if value.len() > crate::core::notices::LONG_PASTE {
        Place::Session.delete(&key);
    } else {
        let _ = Place::Session.set(&key, value);
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
    for key in Place::Session.keys(&format!("{PREFIX}{form}")) {
        Place::Session.delete(&key);
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
