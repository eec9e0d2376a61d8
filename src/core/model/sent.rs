//! What left this phone in hand-overs, as the state keeps it (`core::handover` reads and writes it).

use crate::core::date::Millis;
use serde::{Deserialize, Serialize};

/// One record as it left this phone in a hand-over: `key` names the kind of hand-over and the
/// record, `print` is the fingerprint of what its receiver acts on. [`State::sent`] is kept in the
/// order of `key`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMark {
    #[serde(rename = "hk")]
    pub key: String,
    #[serde(rename = "hp")]
    pub print: u32,
    #[serde(rename = "ha")]
    pub at: Millis,
}
