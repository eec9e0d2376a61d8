//! How a sync file travels as text: a QR code's capacity, import links and their payloads, and
//! what a pasted block of chat messages holds.

use super::{MAX_FILE_BYTES, SYNC_FORMAT};
use crate::core::base64::{base64url, from_base64url};
use crate::core::sync::{Placeholder, SyncError};
use crate::names::{DEFLATED_TAG, PLAIN_TAG};

/// The largest QR code a phone still reads from another phone's screen: version 30, 137 modules a side.
pub const QR_MAX_VERSION: u8 = 30;

/// A QR code's error correction, and the most bytes (byte mode) a version-30 code holds with it
/// (checked against an encoder in the tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrLevel {
    /// M: 15% of the code may be unreadable. Used whenever the text fits.
    Medium,
    /// L: 7%; enough for a clean screen held in front of a camera, and a fifth more room.
    Low,
}

impl QrLevel {
    pub const fn max_bytes(self) -> usize {
        match self {
            QrLevel::Medium => 1370,
            QrLevel::Low => 1732,
        }
    }

    /// The level's letter, as QR encoders name it.
    pub fn letter(self) -> &'static str {
        match self {
            QrLevel::Medium => "M",
            QrLevel::Low => "L",
        }
    }
}

/// The error correction a QR code of `text` gets: M where it fits, else L; `None` when it fits
/// neither (the text travels as a link or text instead).
pub fn qr_level(text: &str) -> Option<QrLevel> {
    [QrLevel::Medium, QrLevel::Low].into_iter().find(|l| text.len() <= l.max_bytes())
}

/// Whether `text` fits one QR code that a phone reads from another screen.
pub fn fits_qr(text: &str) -> bool {
    qr_level(text).is_some()
}

/// Links carry at most this many characters of payload; larger files go as text or a file.
pub const MAX_LINK_PAYLOAD: usize = 6000;

/// Where an import link's payload starts: after the page's path and in its fragment
/// (`https://host/tuan/import/#d=…`, so it never reaches the host). Links are read more loosely
/// than they are written ([`import_payloads`]).
pub const IMPORT_LINK: &str = "/import/#d=";

/// The payload of an import link ([`IMPORT_LINK`]): `z` + base64url of deflate-raw (compressed by the
/// browser) or `j` + base64url of the JSON itself (where the browser cannot compress).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkPayload {
    Deflated(Vec<u8>),
    Plain(String),
}

impl LinkPayload {
    pub fn to_param(&self) -> String {
        match self {
            LinkPayload::Deflated(b) => format!("{DEFLATED_TAG}{}", base64url(b)),
            LinkPayload::Plain(t) => format!("{PLAIN_TAG}{}", base64url(t.as_bytes())),
        }
    }

    /// Reads a payload: a link's `d` parameter (at most twice [`MAX_LINK_PAYLOAD`]), or, with
    /// `limit`, a compressed file pasted or picked.
    pub fn parse(param: &str) -> Result<LinkPayload, SyncError> {
        Self::parse_within(param, MAX_LINK_PAYLOAD * 2)
    }

    pub fn parse_within(param: &str, limit: usize) -> Result<LinkPayload, SyncError> {
        let param = param.trim();
        if param.len() > limit {
            return Err(SyncError::TooLarge { bytes: param.len(), limit });
        }
        if let Some(rest) = param.strip_prefix(DEFLATED_TAG) {
            from_base64url(rest).map(LinkPayload::Deflated).ok_or(SyncError::BadLink)
        } else if let Some(rest) = param.strip_prefix(PLAIN_TAG) {
            let bytes = from_base64url(rest).ok_or(SyncError::BadLink)?;
            String::from_utf8(bytes).map(LinkPayload::Plain).map_err(|_| SyncError::BadLink)
        } else {
            Err(SyncError::BadLink)
        }
    }
}

/// What a pasted or picked text is: a sync file's JSON, or a compressed payload (also found inside a
/// pasted import link).
pub fn classify_text(text: &str) -> Result<Received<'_>, SyncError> {
    let t = text.trim().trim_start_matches('\u{feff}');
    if t.starts_with('{') || t.is_empty() {
        return Ok(Received::Json(t));
    }
    let payload = import_payloads(t).first().map_or(t, |(_, d)| *d);
    LinkPayload::parse_within(payload, MAX_FILE_BYTES).map(Received::Payload)
}

/// Every import link in `text`, as WeChat hands links on: with its parameters added before `#`
/// (`…/import/?from=singlemessage&isappinstalled=0#d=…`), the last `/` missing (`…/import#d=…`),
/// in the form handed out before (`…/#/import?d=…`), inside a chat line with a name and a time.
/// Each gives where it starts and its payload (`d`), which runs to the first character that is
/// not base64url.
pub fn import_payloads(text: &str) -> Vec<(usize, &str)> {
    const PATH: &str = "/import";
    let breaks = |c: char| c.is_whitespace() || !c.is_ascii();
    // Each part of the text is read once, however many times `/import` is in it: the end of the
    // current link (the next space) and the next `#` are kept as the matches move on, and the
    // parameters after a `#` are read for the first match that reaches it.
    let (mut link_end, mut next_hash, mut read_hash) = (0, 0, None);
    let mut found = Vec::new();
    for (at, _) in text.match_indices(PATH) {
        if at >= link_end {
            link_end = text[at..].find(breaks).map_or(text.len(), |n| at + n);
        }
        let after = at + PATH.len();
        if next_hash < after {
            next_hash = text[after..].find('#').map_or(usize::MAX, |n| after + n);
        }
        let rest = &text[after..link_end];
        // The older form is all in the fragment (`#/import?d=…`): its parameters are its query.
        // Otherwise the page's own query (WeChat's) comes first and the payload is in the fragment.
        let params = if text[..at].ends_with('#') {
            rest.strip_prefix('/').unwrap_or(rest).strip_prefix('?')
        } else {
            let path_end = rest.strip_prefix('/').unwrap_or(rest);
            if !(path_end.starts_with('?') || path_end.starts_with('#')) || next_hash >= link_end || read_hash == Some(next_hash) {
                continue;
            }
            read_hash = Some(next_hash);
            Some(&text[next_hash + 1..link_end])
        };
        let Some(params) = params else { continue };
        // Up to the next `#`: a link's parameters hold none.
        let params = &params[..params.find('#').unwrap_or(params.len())];
        if let Some(d) = params.split('&').find_map(|kv| kv.strip_prefix("d=")) {
            let end = d.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(d.len());
            found.push((at, &d[..end]));
        }
    }
    found
}

/// Where each branch's invite link is in `text` (`…/join/?id=…`, `…/join?id=…`, `…/#/join?id=…`).
fn invite_links(text: &str) -> Vec<usize> {
    text.match_indices("/join").filter(|(at, _)| text[at + 5..].trim_start_matches('/').starts_with('?')).map(|(at, _)| at).collect()
}

/// Every hand-over in a pasted block of text: several WeChat messages copied together, or a chat
/// exported on a computer, each holding an import link or a file's JSON, among names, times and
/// other talk. Each found piece is classified as [`classify_text`] does; messages that carry no
/// text of their own (`[文件]`, `[图片]`, a link card, an invite link) are reported as such, so the
/// person learns how to get a readable copy. Empty when the text holds none of these.
pub fn split_received(text: &str) -> Vec<Result<Received<'_>, SyncError>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut found: Vec<(usize, Result<Received<'_>, SyncError>)> = Vec::new();
    // Import links: the payload runs to the first character that is not base64url.
    for (at, payload) in import_payloads(text) {
        found.push((at, LinkPayload::parse_within(payload, MAX_FILE_BYTES).map(Received::Payload)));
    }
    // Files' JSON: from `{` to its matching `}`, strings respected.
    let mut from = 0;
    while let Some(i) = text[from..].find('{').map(|i| i + from) {
        let end = json_object_end(&text[i..]).map(|n| i + n);
        let piece = &text[i..end.unwrap_or(text.len())];
        if piece.contains("\"format\"") && piece.contains(SYNC_FORMAT) {
            found.push((i, Ok(Received::Json(piece))));
        }
        from = end.unwrap_or(text.len());
    }
    if found.is_empty() {
        // A whole text that is one compressed payload (a large file's text, pasted).
        let t = text.trim();
        if t.len() > 1 && !t.contains(char::is_whitespace) && (t.starts_with(DEFLATED_TAG) || t.starts_with(PLAIN_TAG)) {
            if let Ok(p) = LinkPayload::parse_within(t, MAX_FILE_BYTES) {
                found.push((0, Ok(Received::Payload(p))));
            }
        }
    }
    found.extend(invite_links(text).into_iter().map(|at| (at, Err(SyncError::Unreadable { what: Placeholder::Invite }))));
    for (marks, what) in [
        (&["[文件]", "[File]"][..], Placeholder::File),
        (&["[图片]", "[Photo]", "[Image]"][..], Placeholder::Picture),
        (&["[链接]", "[Link]"][..], Placeholder::LinkCard),
    ] {
        for m in marks {
            found.extend(text.match_indices(m).map(|(at, _)| (at, Err(SyncError::Unreadable { what }))));
        }
    }
    crate::core::order::sort_by(&mut found, |a, b| a.0.cmp(&b.0));
    found.into_iter().map(|(_, r)| r).collect()
}

/// The length of the JSON object at the start of `text` (which starts with `{`), or `None` when it
/// is cut off.
fn json_object_end(text: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// A received text, classified by [`classify_text`].
#[derive(Debug, PartialEq, Eq)]
pub enum Received<'a> {
    Json(&'a str),
    Payload(LinkPayload),
}
