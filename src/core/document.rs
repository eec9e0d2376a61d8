//! The saved document: the state wrapped with a format name and a schema version, and the migration
//! path from every earlier version. Reading never panics: anything unreadable is a [`DocError`].

use super::date::Millis;
use super::error::DocError;
use super::model::*;
use super::table::{Changed, Table};

/// Names the document so an unrelated JSON value is never taken for ours.
pub const FORMAT: &str = "tuan-state";
/// The current schema version. Bump it with a step in [`migrate`] whenever the stored shape changes.
/// Version 2 wrote short keys; version 3 leaves out empty fields and the profile's birth date and
/// sex (the model's serde attributes). An older app reading a newer document says so instead of calling it damaged.
pub const SCHEMA_VERSION: u32 = 3;

#[derive(serde::Serialize)]
struct DocOut<'a> {
    format: &'static str,
    version: u32,
    saved_at: Millis,
    state: &'a State,
}

/// The envelope alone: read when the document is not of a version read in one pass, to say why.
#[derive(serde::Deserialize)]
struct Header {
    format: String,
    version: u32,
    #[serde(default)]
    saved_at: Millis,
    /// Must be there, whatever it holds.
    #[serde(rename = "state")]
    _state: serde::de::IgnoredAny,
}

/// The current version's document, parsed straight from the text.
#[derive(serde::Deserialize)]
struct Current {
    state: State,
}

/// A document of the current version, envelope and state read in one pass.
#[derive(serde::Deserialize)]
struct CurrentDoc {
    format: String,
    version: u32,
    #[serde(default)]
    saved_at: Millis,
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
    super::to_json(&DocOut { format: FORMAT, version: SCHEMA_VERSION, saved_at: now, state })
}

pub fn decode(text: &str) -> Result<Loaded, DocError> {
    // A document of the current version (what nearly every start reads) is read in one pass. Only
    // when that fails is the text read again, for the envelope alone, to tell an older version (to
    // migrate), a newer one and damage apart. (Reading the envelope first would scan the whole
    // state once more: a tenth of a second at start with 10,000 members on a phone.)
    if let Ok(doc) = serde_json::from_str::<CurrentDoc>(text) {
        // Versions 1 and 2 are read by the same types (serde's aliases on the model: long keys, fields written
        // even when empty or derived).
        if doc.format == FORMAT && (1..=SCHEMA_VERSION).contains(&doc.version) {
            return Ok(Loaded { state: doc.state, saved_at: doc.saved_at, from_version: doc.version });
        }
    }
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
        // The model's serde attributes read every version so far: version 1's long keys, version 2's short ones
        // with every field, version 3's without the empty and derived ones.
        1..=SCHEMA_VERSION => serde_json::from_str::<Current>(text).map(|c| c.state).map_err(|_| DocError::Corrupt),
        _ => Err(DocError::Corrupt),
    }
}

/// Names the journal: the records changed since a saved document (ARCHITECTURE.md, "Saving only
/// what changed"), stored beside it.
pub const JOURNAL_FORMAT: &str = "tuan-journal";

/// A journal: the changed records as a partial state, read and written by the same code as the
/// whole document's state.
#[derive(serde::Serialize)]
struct JournalOut<'a> {
    format: &'static str,
    version: u32,
    /// `saved_at` of the document it applies to: on any other it is stale and ignored.
    base: Millis,
    saved_at: Millis,
    state: &'a State,
}

#[derive(serde::Deserialize)]
struct JournalIn {
    format: String,
    version: u32,
    base: Millis,
    state: State,
}

/// The noted records of `from` copied into `into`; false when what changed is unknown or a record
/// was removed (which a journal does not carry).
fn copy_changed<K: Ord + Clone, V: Clone>(from: &Table<K, V>, into: &mut Table<K, V>) -> bool {
    let Changed::Keys(keys) = from.changed() else { return false };
    for k in keys {
        let Some(v) = from.get(k) else { return false };
        into.insert(k.clone(), v.clone());
    }
    true
}

fn count<K: Ord + Clone, V>(table: &Table<K, V>) -> Option<usize> {
    match table.changed() {
        Changed::All => None,
        Changed::Keys(keys) => Some(keys.len()),
    }
}

/// How many records changed since the last save, or `None` when unknown (the state must be saved whole).
pub fn changed_records(state: &State) -> Option<usize> {
    Some(
        count(&state.orgs)?
            + count(&state.codes)?
            + count(&state.accounts)?
            + count(&state.requests)?
            + count(&state.appeals)?
            + count(&state.problems)?
            + count(&state.keys)?,
    )
}

/// How many records the state holds.
pub fn records(state: &State) -> usize {
    state.orgs.len()
        + state.codes.len()
        + state.accounts.len()
        + state.requests.len()
        + state.appeals.len()
        + state.problems.len()
        + state.keys.len()
}

/// The journal of what changed since the document saved at `base`; `None` when that is unknown
/// or something was removed (the document must then be saved whole).
pub fn encode_journal(state: &State, base: Millis, now: Millis) -> Option<String> {
    let mut part = State {
        reset_codes: state.reset_codes.clone(),
        demo: state.demo,
        sent: state.sent.clone(),
        invite: state.invite,
        restored: state.restored,
        restored_key: state.restored_key.clone(),
        reset: state.reset.clone(),
        device_key: state.device_key.clone(),
        epoch: state.epoch,
        ..State::default()
    };
    let known = copy_changed(&state.orgs, &mut part.orgs)
        && copy_changed(&state.codes, &mut part.codes)
        && copy_changed(&state.accounts, &mut part.accounts)
        && copy_changed(&state.requests, &mut part.requests)
        && copy_changed(&state.appeals, &mut part.appeals)
        && copy_changed(&state.problems, &mut part.problems)
        && copy_changed(&state.keys, &mut part.keys);
    if !known {
        return None;
    }
    Some(super::to_json(&JournalOut { format: JOURNAL_FORMAT, version: SCHEMA_VERSION, base, saved_at: now, state: &part }))
}

/// The largest journal written; a larger change saves the document whole.
pub const JOURNAL_MAX: usize = 1 << 20;

/// What a save writes.
#[derive(Debug, PartialEq, Eq)]
pub enum Save {
    /// The whole document (after which the journal is removed and the state [`State::mark_saved`]).
    Whole(String),
    /// The journal of the changes since the document saved at `base`.
    Journal(String),
}

/// Chooses the cheaper save: the journal, when the saved document it builds on is known (`base`),
/// what changed is known and is at most a quarter of the records, nothing was removed, and the
/// journal stays under [`JOURNAL_MAX`]; else the whole document. Accepting 1,000 requests among
/// 10,000 members writes about 2,000 records instead of 20,000. A removal (a member deleting their
/// account) always rewrites the document, so that the removed personal data leaves the device at
/// once instead of staying in the older document under the journal.
pub fn plan_save(state: &State, base: Option<Millis>, now: Millis) -> Save {
    if let (Some(base), Some(n)) = (base, changed_records(state)) {
        if n * 4 <= records(state) {
            if let Some(text) = encode_journal(state, base, now).filter(|t| t.len() <= JOURNAL_MAX) {
                return Save::Journal(text);
            }
        }
    }
    Save::Whole(encode(state, now))
}

fn replay<K: Ord + Clone, V>(table: &mut Table<K, V>, changed: Table<K, V>) {
    table.extend(changed.into_records());
}

/// Applies a journal to the document saved at `base`, read back and [`State::mark_saved`]: the
/// state as it was at the journal's save, with its records noted as changed (the next journal
/// carries them on). `Ok(false)`, changing nothing, when the journal belongs to another document
/// (stale: the document was saved whole after it).
pub fn apply_journal(state: &mut State, text: &str, base: Millis) -> Result<bool, DocError> {
    let j: JournalIn = serde_json::from_str(text).map_err(|_| DocError::Corrupt)?;
    if j.format != JOURNAL_FORMAT || j.version == 0 || j.version > SCHEMA_VERSION {
        return Err(DocError::Corrupt);
    }
    if j.base != base {
        return Ok(false);
    }
    let part = j.state;
    replay(&mut state.orgs, part.orgs);
    replay(&mut state.codes, part.codes);
    replay(&mut state.accounts, part.accounts);
    replay(&mut state.requests, part.requests);
    replay(&mut state.appeals, part.appeals);
    replay(&mut state.problems, part.problems);
    replay(&mut state.keys, part.keys);
    state.reset_codes = part.reset_codes;
    state.demo = part.demo;
    state.sent = part.sent;
    state.invite = part.invite;
    state.restored = part.restored;
    state.restored_key = part.restored_key;
    state.reset = part.reset;
    state.device_key = part.device_key;
    state.epoch = part.epoch;
    Ok(true)
}

/// The error screen's copy of a phone's data (index.html calls it through `store::loader`): the stored document with its journal's later
/// changes, without secrets (password hashes, reset codes).
/// It is a saved document, which 恢复备份数据 reads as a full backup; a damaged journal is left out rather than losing the document.
pub fn rescue_copy(document: &str, journal: Option<&str>) -> Result<String, DocError> {
    let Loaded { mut state, saved_at, .. } = decode(document)?;
    if let Some(journal) = journal {
        let _ = apply_journal(&mut state, journal, saved_at);
    }
    for a in state.accounts.values_mut() {
        a.password = crate::core::auth::PasswordHash::none();
    }
    state.reset_codes.clear();
    Ok(encode(&state, saved_at))
}

/// What another tab of this phone saved, taken into this tab's state: which copy stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TabMerge {
    /// The other tab's copy holds everything this tab has: it stands, nothing to save back.
    Theirs,
    /// This tab's copy is of a later epoch (a removal or replacement the other had not seen): it
    /// stands, and is saved again.
    Mine,
    /// Each had something the other had not: the join stands, and is saved whole.
    Joined,
    /// Not joined ([`later_copy`]): the copy saved last stands, whatever either holds.
    Later,
}

/// How a build takes what another tab of the phone saved: [`merge_tabs`] (the full build) or
/// [`later_copy`] (the member's build).
pub type MergeTabs = fn(&State, State) -> (State, TabMerge);

/// The member's build, whose pages are one person's own (it leaves the join out of the first
/// load): the copy saved last stands, unless this tab's is of a later epoch.
pub fn later_copy(mine: &State, theirs: State) -> (State, TabMerge) {
    if theirs.epoch < mine.epoch {
        (mine.clone(), TabMerge::Mine)
    } else {
        (theirs, TabMerge::Later)
    }
}

/// Two tabs (or web views) of one phone changing the state at the same moment both keep their
/// changes: their copies are joined, records as a sync file's are (`State::absorb`), and what
/// never travels (the keys met, the 已发出 marks, reset codes) as the union of both. A copy of a
/// later epoch (`State::epoch`: a removal or replacement, which a join cannot carry) stands whole.
pub fn merge_tabs(mine: &State, theirs: State) -> (State, TabMerge) {
    if theirs.epoch > mine.epoch {
        return (theirs, TabMerge::Theirs);
    }
    if theirs.epoch < mine.epoch {
        return (mine.clone(), TabMerge::Mine);
    }
    // A blank phone that joined the demo in one tab (which needs no new epoch): the demo stands.
    if mine.demo != theirs.demo {
        return if mine.demo { (mine.clone(), TabMerge::Mine) } else { (theirs, TabMerge::Theirs) };
    }
    // Every choice below is the same whichever tab makes it, so the two tabs settle on one copy
    // (a choice that depended on which is "mine" would have them save to each other for ever).
    let mut joined = mine.clone();
    joined.absorb(theirs.clone());
    for (name, key) in theirs.keys.iter() {
        if joined.keys.get(name).is_none_or(|k| key > k) {
            joined.keys.insert(name.clone(), key.clone());
        }
    }
    joined.join_sent(&theirs.sent);
    joined.invite = mine.invite.max(theirs.invite);
    for code in &theirs.reset_codes {
        match joined.reset_codes.iter_mut().find(|c| c.account == code.account && c.code_hash == code.code_hash) {
            Some(c) => c.used |= code.used,
            None => joined.reset_codes.push(code.clone()),
        }
    }
    crate::core::order::sort_by(&mut joined.reset_codes, |a, b| (a.account, &a.code_hash).cmp(&(b.account, &b.code_hash)));
    joined.restored = mine.restored.max(theirs.restored);
    // The same whichever tab joins (by its sealed bytes), and gone with the offer it belongs to.
    joined.restored_key = [&mine.restored_key, &theirs.restored_key]
        .into_iter()
        .flatten()
        .max_by(|a, b| a.data.cmp(&b.data))
        .filter(|_| joined.restored.is_some())
        .cloned();
    // The one with the claim (typed in one tab) over the one without.
    joined.reset = [&mine.reset, &theirs.reset].into_iter().flatten().max_by_key(|r| (r.at, r.proof.clone(), r.org, r.by)).cloned();
    joined.device_key = mine.device_key.clone().max(theirs.device_key.clone());
    if joined == theirs {
        (theirs, TabMerge::Theirs)
    } else if joined == *mine {
        (joined, TabMerge::Mine)
    } else {
        (joined, TabMerge::Joined)
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
        assert_eq!(decode(r#"{"format":"tuan-state","version":99,"state":{}}"#).unwrap_err(), DocError::TooNew { version: 99 });
        // A truncated save is corrupt, never a partial state.
        let text = encode(&crate::core::demo::build(crate::core::demo::DEMO_EPOCH), 1);
        let half = (0..=text.len() / 2).rev().find(|&i| text.is_char_boundary(i)).unwrap();
        assert_eq!(decode(&text[..half]).unwrap_err(), DocError::Corrupt);
    }

    #[test]
    fn empty_state_round_trips() {
        let text = encode(&State::default(), 0);
        assert_eq!(decode(&text).unwrap().state, State::default());
    }

    /// Two tabs of one phone each accept a different applicant at the same moment: joined either
    /// way round, both acceptances stay; a removal (a later epoch) stands whole.
    #[test]
    fn two_tabs_keep_both_changes_and_a_removal_stands() {
        use crate::core::commands::{Actor, Command, Ctx};
        use crate::core::entropy::SplitMix;
        let base = crate::core::demo::build(crate::core::demo::DEMO_EPOCH);
        let sec = base.actor_for(base.account_by_login("TZB25110103").map(|a| a.id));
        let Actor::Branch { org, .. } = sec else { panic!() };
        let pending: Vec<_> = base.requests.values().filter(|r| r.branch == org && r.state.is_pending()).map(|r| r.id).take(2).collect();
        assert_eq!(pending.len(), 2);
        let accept = |s: &mut State, r| {
            let mut rng = SplitMix(1);
            let ctx = &mut Ctx { now: crate::core::demo::DEMO_EPOCH + 1, rng: &mut rng };
            s.apply(sec, Command::Accept { requests: vec![r] }, ctx).unwrap();
        };
        let (mut one, mut two) = (base.clone(), base.clone());
        accept(&mut one, pending[0]);
        accept(&mut two, pending[1]);
        for (mine, theirs) in [(&one, &two), (&two, &one)] {
            let (merged, how) = merge_tabs(mine, theirs.clone());
            assert_eq!(how, TabMerge::Joined);
            assert!(pending.iter().all(|r| merged.requests[r].state.is_accepted()));
            // The other tab then finds nothing new in the joined copy: it takes it as it is.
            assert_eq!(merge_tabs(theirs, merged.clone()).1, TabMerge::Theirs);
            // This tab, holding more than the other's copy, keeps the join and saves it back.
            let (kept, how) = merge_tabs(&merged, theirs.clone());
            assert!(kept == merged && how == TabMerge::Mine);
        }
        // A copy of a later epoch (the demo left, an account deleted) is not joined with an older one.
        let blank = State { epoch: 5, ..State::default() };
        let (kept, how) = merge_tabs(&one, blank.clone());
        assert!(kept == blank && how == TabMerge::Theirs);
        assert_eq!(merge_tabs(&blank, one.clone()).1, TabMerge::Mine);
    }
}
