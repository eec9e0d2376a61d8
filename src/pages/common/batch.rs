//! Reading what one paste or one pick of files holds: each piece checked (its digest and signature by
//! the browser's WebCrypto, a compressed one inflated), at most one import's worth, and planned
//! together, with a note for each piece refused and the new keys a committee may confirm.

use crate::core::model::OrgId;
use crate::core::sync::import::{plan_all, Plan};
use crate::core::sync::seal::PublicKey;
use crate::core::sync::SyncError;
use crate::core::sync::{classify_text, open_any, split_received, LinkPayload, Opened, Received, Sender, SyncFile};
use crate::store::{browser, signing, Store};
use leptos::prelude::*;

/// Reads a sync file's text (a file's JSON, or a backup copy). The body's digest is computed, and
/// the signature checked, by the browser's WebCrypto where it can be (see `sync::Opened`).
async fn read(text: &str, inflated: bool) -> Result<SyncFile, SyncError> {
    let now = browser::now();
    match open_any(text, now, inflated)? {
        Opened::File(envelope) => {
            let digest = browser::sha256_hex(envelope.body()).await;
            let valid = match envelope.seal()? {
                Some(check) => signing::verify(&check).await,
                None => None,
            };
            envelope.read(now, digest, valid)
        }
        Opened::Copy(file) => Ok(*file),
    }
}

/// Reads one received piece: a file's JSON, or a compressed payload (a large file, or a link) that
/// the browser inflates first.
async fn read_piece(piece: Received<'_>) -> Result<SyncFile, SyncError> {
    match piece {
        Received::Json(json) => read(json, false).await,
        Received::Payload(LinkPayload::Plain(json)) => read(&json, false).await,
        Received::Payload(LinkPayload::Deflated(bytes)) => {
            let json = browser::inflate_payload(&bytes).await?;
            read(&json, true).await
        }
    }
}

/// The text of an import link's payload, inflated by the browser if it was compressed.
pub async fn link_text(param: &str) -> Result<String, SyncError> {
    match LinkPayload::parse(param)? {
        LinkPayload::Plain(t) => Ok(t),
        LinkPayload::Deflated(bytes) => browser::inflate_payload(&bytes).await,
    }
}

/// Everything read from one paste or one pick of files: the files, and what could not be read.
#[derive(Default)]
pub(super) struct Batch {
    pub(super) files: Vec<SyncFile>,
    pub(super) unread: Vec<Note>,
    /// How many pieces were checked (a signature, an inflation): at most what one import plans.
    read: usize,
}

/// A line of the import's error bar, kept as its type and worded when drawn.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub(super) enum Note {
    /// A file or piece that could not be read or adds nothing: where it came from (a file's name,
    /// a piece of a pasted block; empty for a single paste) and why.
    #[error("{}{error}", if label.is_empty() { String::new() } else { format!("{label}：") })]
    Refused { label: String, error: SyncError },
    /// The data changed under the preview, or nothing is left to take (`core::notices`).
    #[error("{0}")]
    Notice(&'static str),
    /// 确认新密钥 refused.
    #[error("{0}")]
    Trust(#[from] crate::core::commands::Refusal),
}

impl Batch {
    /// Files already read (kept from an earlier reading).
    pub(super) fn of(files: Vec<SyncFile>) -> Self {
        Batch { files, ..Batch::default() }
    }

    /// Reads every piece of a text: a pasted block may hold many links and files (`split_received`);
    /// a text with none of them is read as one file, so its error says what is wrong with it.
    pub(super) async fn take_text(&mut self, text: &str, source: &str) {
        let pieces = split_received(text);
        if pieces.is_empty() {
            let result = match classify_text(text) {
                Ok(piece) => read_piece(piece).await,
                Err(e) => Err(e),
            };
            self.take(result, source);
            return;
        }
        let many = pieces.len() > 1;
        let count = pieces.len();
        for (i, piece) in pieces.into_iter().enumerate() {
            // Each piece is checked (and inflated) before it is planned: no more than one import plans.
            if self.full() && piece.is_ok() {
                let label = if many { format!("{source}第 {} 段起的 {} 段", i + 1, count - i) } else { source.to_string() };
                self.take(Err(SyncError::TooManyFiles), &label);
                return;
            }
            let result = match piece {
                Ok(piece) => {
                    self.read += 1;
                    read_piece(piece).await
                }
                Err(e) => Err(e),
            };
            let label = if many { format!("{source}第 {} 段", i + 1) } else { source.to_string() };
            self.take(result, &label);
        }
    }

    /// Whether as many pieces were read as one import plans (`limits::FILES_AT_ONCE`).
    pub(super) fn full(&self) -> bool {
        self.read >= crate::core::limits::FILES_AT_ONCE
    }

    pub(super) fn take(&mut self, result: Result<SyncFile, SyncError>, source: &str) {
        match result {
            Ok(f) => self.files.push(f),
            Err(error) => self.unread.push(Note::Refused { label: source.to_string(), error }),
        }
    }
}

/// What a batch came to: one plan for everything accepted, a line for each file or piece that
/// adds nothing or could not be read, and the new keys this committee may confirm (a file refused
/// as signed by another key than the one kept for an organisation under it).
pub(super) struct Reading {
    pub(super) plan: Option<Plan>,
    pub(super) notes: Vec<Note>,
    pub(super) new_keys: Vec<NewKey>,
    pub(super) files: Vec<SyncFile>,
}

/// A key that a file refused as [`SyncError::KeyChanged`] was signed with, which this committee
/// may take for the organisation under it (确认新密钥).
#[derive(Clone, PartialEq)]
pub(super) struct NewKey {
    pub(super) org: OrgId,
    pub(super) name: String,
    pub(super) key: PublicKey,
}

pub(super) fn plan_batch(store: Store, batch: Batch) -> Reading {
    let (plan, outcomes) = store.state.with_untracked(|s| plan_all(s, &batch.files, browser::now()));
    let actor = store.actor.get_untracked();
    let mut notes = batch.unread;
    let mut new_keys = Vec::new();
    // Files whose content is here already (a link forwarded many times): one line for them all.
    let mut known: Vec<String> = Vec::new();
    for o in outcomes {
        let Some(e) = o.refused else { continue };
        if e == SyncError::NothingNew {
            known.push(o.label);
            continue;
        }
        if let SyncError::KeyChanged { from: Sender::Org(org), name, key, .. } = &e {
            if store.state.with_untracked(|s| s.may_trust_key(actor, *org)) && !new_keys.iter().any(|k: &NewKey| k.key == *key) {
                new_keys.push(NewKey { org: *org, name: name.clone(), key: key.clone() });
            }
        }
        notes.push(Note::Refused { label: o.label, error: e });
    }
    match known.len() {
        0 => {}
        1 => notes.push(Note::Refused { label: known.remove(0), error: SyncError::NothingNew }),
        n => notes.push(Note::Refused { label: format!("{n} 个文件"), error: SyncError::NothingNew }),
    }
    Reading { plan, notes, new_keys, files: batch.files }
}
