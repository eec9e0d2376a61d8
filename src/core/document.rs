//! The saved document: the state wrapped with a format name and a schema version, and the migration
//! path from every earlier version. Reading never panics: anything unreadable is a [`DocError`].

use super::date::Millis;
use super::error::DocError;
use super::model::State;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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

#[derive(Deserialize)]
struct DocIn {
    format: String,
    version: u32,
    #[serde(default)]
    saved_at: Millis,
    state: Value,
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
    let doc: DocIn = serde_json::from_str(text).map_err(|_| DocError::Corrupt)?;
    if doc.format != FORMAT || doc.version == 0 {
        return Err(DocError::Corrupt);
    }
    if doc.version > SCHEMA_VERSION {
        return Err(DocError::TooNew { version: doc.version });
    }
    let value = migrate(doc.version, doc.state)?;
    let state: State = serde_json::from_value(value).map_err(|_| DocError::Corrupt)?;
    Ok(Loaded { state, saved_at: doc.saved_at, from_version: doc.version })
}

/// Brings a state written in `version` up to [`SCHEMA_VERSION`], one step at a time.
/// Each step is a pure function of the JSON value, tested with a stored sample of its version.
pub fn migrate(version: u32, value: Value) -> Result<Value, DocError> {
    match version {
        SCHEMA_VERSION => Ok(value),
        // Version 1 is the first. A later schema adds a step here, e.g.
        // `1 => migrate(2, step_1_to_2(value)?)`, tested with a stored sample of version 1.
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
