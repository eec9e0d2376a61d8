//! The saved document: the state wrapped with a format name and a schema version, and the migration
//! path from every earlier version. Reading never panics: anything unreadable is a [`DocError`].

use super::date::Millis;
use super::error::DocError;
use super::model::State;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

/// Names the document so an unrelated JSON value is never taken for ours.
pub const FORMAT: &str = "tuan-state";
/// The current schema version. Bump it with a step in [`migrate`] whenever the stored shape changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct DocOut<'a> {
    format: &'static str,
    version: u32,
    saved_at: Millis,
    state: &'a State,
}

/// The envelope alone: read first, so the version is known before the state is parsed.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
    #[serde(default)]
    saved_at: Millis,
    #[allow(dead_code)]
    state: IgnoredAny,
}

/// The current version's document, parsed straight from the text (no intermediate JSON value:
/// that would compile a second deserializer for every type into the wasm).
#[derive(Deserialize)]
struct Current {
    state: State,
}

/// A document read back: the state and when it was saved.
#[derive(Debug)]
pub struct Loaded {
    pub state: State,
    pub saved_at: Millis,
    /// The version it was written in (less than current when migrated).
    pub from_version: u32,
}

pub fn encode(state: &State, now: Millis) -> String {
    serde_json::to_string(&DocOut { format: FORMAT, version: SCHEMA_VERSION, saved_at: now, state })
        .unwrap_or_default()
}

pub fn decode(text: &str) -> Result<Loaded, DocError> {
    let head: Header = serde_json::from_str(text).map_err(|_| DocError::Corrupt)?;
    if head.format != FORMAT || head.version == 0 {
        return Err(DocError::Corrupt);
    }
    if head.version > SCHEMA_VERSION {
        return Err(DocError::TooNew { version: head.version });
    }
    let state = migrate(head.version, text)?;
    Ok(Loaded { state, saved_at: head.saved_at, from_version: head.version })
}

/// Reads a document written in `version` and brings it up to [`SCHEMA_VERSION`].
///
/// Version 1 is the first. When the stored shape changes, bump [`SCHEMA_VERSION`], keep the old
/// shape as a type of its own (`StateV1`), and add a step here: `1 => Ok(upgrade_1(parse::<StateV1>(text)?))`,
/// tested with a stored sample of the old version.
pub fn migrate(version: u32, text: &str) -> Result<State, DocError> {
    match version {
        SCHEMA_VERSION => serde_json::from_str::<Current>(text).map(|c| c.state).map_err(|_| DocError::Corrupt),
        _ => Err(DocError::Corrupt),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_of_the_demo() {
        let s = crate::core::demo::build(crate::core::demo::DEMO_EPOCH);
        let text = encode(&s, 42);
        let back = decode(&text).unwrap();
        assert_eq!(back.state, s);
        assert_eq!(back.saved_at, 42);
        assert_eq!(back.from_version, SCHEMA_VERSION);
    }

    #[test]
    fn refusals() {
        assert_eq!(decode("").unwrap_err(), DocError::Corrupt);
        assert_eq!(decode("{not json").unwrap_err(), DocError::Corrupt);
        assert_eq!(decode(r#"{"a":1}"#).unwrap_err(), DocError::Corrupt);
        assert_eq!(decode(r#"{"format":"other","version":1,"state":{}}"#).unwrap_err(), DocError::Corrupt);
        assert_eq!(decode(r#"{"format":"tuan-state","version":1,"state":{"orgs":5}}"#).unwrap_err(), DocError::Corrupt);
        assert_eq!(decode(r#"{"format":"tuan-state","version":0,"state":{}}"#).unwrap_err(), DocError::Corrupt);
        assert_eq!(decode(r#"{"format":"tuan-state","version":1}"#).unwrap_err(), DocError::Corrupt);
        assert_eq!(
            decode(r#"{"format":"tuan-state","version":99,"state":{}}"#).unwrap_err(),
            DocError::TooNew { version: 99 }
        );
        // A truncated save is corrupt, never a partial state.
        let text = encode(&crate::core::demo::build(crate::core::demo::DEMO_EPOCH), 1);
        assert_eq!(decode(&text[..text.len() / 2]).unwrap_err(), DocError::Corrupt);
    }

    #[test]
    fn empty_state_round_trips() {
        let text = encode(&State::default(), 0);
        assert_eq!(decode(&text).unwrap().state, State::default());
    }
}
