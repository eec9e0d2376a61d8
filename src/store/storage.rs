//! localStorage and sessionStorage, through gloo-storage, behind one check per tab: where the
//! browser refuses storage (a setting, some private modes), reaching it throws, and gloo's calls
//! would stop the app, so none is made and every read finds nothing and every write fails softly.
//!
//! What is stored is JSON, gloo's form: a document or a journal as its own JSON (written through
//! [`Place::set_json`], unchanged), any other text as a JSON string, a number as a number. A value
//! stored before gloo was used, as bare text (a compressed document `z…`, a draft), reads as it
//! is ([`Place::text`]).

use crate::core::error::SaveError;
use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, SessionStorage, Storage};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::value::RawValue;

/// Where a value is kept.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Place {
    /// localStorage: this device's data, kept until removed.
    Local,
    /// sessionStorage: this tab's drafts and marks, gone when the tab closes.
    Session,
}

thread_local! {
    /// Whether the browser lets this tab reach each storage, checked once.
    static REACHABLE: (bool, bool) = {
        let window = web_sys::window();
        let reach = |get: fn(&web_sys::Window) -> Result<Option<web_sys::Storage>, wasm_bindgen::JsValue>| {
            window.as_ref().is_some_and(|w| matches!(get(w), Ok(Some(_))))
        };
        (reach(web_sys::Window::local_storage), reach(web_sys::Window::session_storage))
    };
}

impl Place {
    /// Whether this tab may use it (the check made once, at start).
    pub fn reachable(self) -> bool {
        REACHABLE.with(|&(local, session)| if self == Place::Local { local } else { session })
    }

    fn get<T: DeserializeOwned>(self, key: &str) -> Result<T, StorageError> {
        match self {
            Place::Local => LocalStorage::get(key),
            Place::Session => SessionStorage::get(key),
        }
    }

    fn raw(self) -> web_sys::Storage {
        match self {
            Place::Local => LocalStorage::raw(),
            Place::Session => SessionStorage::raw(),
        }
    }

    /// A value of type `T`; `None` when absent, unreadable, or the storage is refused.
    pub fn value<T: DeserializeOwned>(self, key: &str) -> Option<T> {
        self.reachable().then(|| self.get(key).ok()).flatten()
    }

    /// The text stored under `key`: a JSON string's text, any other JSON as written, and a value
    /// stored as bare text before (not JSON) as it is.
    pub fn text(self, key: &str) -> Option<String> {
        if !self.reachable() {
            return None;
        }
        match self.get::<Box<RawValue>>(key) {
            Ok(json) if json.get().starts_with('"') => serde_json::from_str(json.get()).ok(),
            Ok(json) => Some(Box::<str>::from(json).into_string()),
            Err(StorageError::KeyNotFound(_)) => None,
            Err(_) => self.raw().get_item(key).ok().flatten(),
        }
    }

    /// Stores a value; a full storage (about 5 MB per site) or a refused one is an error, and the
    /// value stored before is left as it was.
    pub fn set<T: Serialize + ?Sized>(self, key: &str, value: &T) -> Result<(), SaveError> {
        if !self.reachable() {
            return Err(SaveError::Unavailable);
        }
        let stored = match self {
            Place::Local => LocalStorage::set(key, value),
            Place::Session => SessionStorage::set(key, value),
        };
        stored.map_err(|e| match e {
            StorageError::JsError(e) if e.name == "QuotaExceededError" || e.name == "NS_ERROR_DOM_QUOTA_REACHED" => {
                SaveError::QuotaExceeded
            }
            _ => SaveError::Unavailable,
        })
    }

    /// Stores JSON as it is written (a document, a journal), not as a string of it.
    pub fn set_json(self, key: &str, json: String) -> Result<(), SaveError> {
        let json = RawValue::from_string(json).map_err(|_| SaveError::Unavailable)?;
        self.set(key, &json)
    }

    pub fn delete(self, key: &str) {
        if self.reachable() {
            match self {
                Place::Local => LocalStorage::delete(key),
                Place::Session => SessionStorage::delete(key),
            }
        }
    }

    /// The keys present that start with `prefix`.
    pub fn keys(self, prefix: &str) -> Vec<String> {
        if !self.reachable() {
            return Vec::new();
        }
        let raw = self.raw();
        (0..raw.length().unwrap_or(0)).filter_map(|i| raw.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect()
    }
}
