//! Reading a sync file: the size limit, the envelope and its header, the body's digest and signature.
//! Every record is checked against the rules the forms use.
//! A copy of a device's saved document (the error screen's) reads as a full backup; a published 组织目录 reads on its own.

use super::*;

/// The body read as it was written, for its digest.
fn raw_in<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'de str, D::Error> {
    use serde::Deserialize;
    <&serde_json::value::RawValue>::deserialize(d).map(serde_json::value::RawValue::get)
}

#[derive(serde::Deserialize)]
struct Header {
    format: String,
    version: u32,
    /// Must be there, whatever it holds.
    #[serde(rename = "body")]
    _body: serde::de::IgnoredAny,
}

#[derive(serde::Deserialize)]
struct EnvelopeIn<'a> {
    format: String,
    version: u32,
    app: String,
    kind: Kind,
    from: Sender,
    from_name: String,
    written: Millis,
    digest: String,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    sig: Option<String>,
    /// The body as written: its digest is over this text.
    #[serde(borrow, deserialize_with = "raw_in")]
    body: &'a str,
}

impl<'a> EnvelopeIn<'a> {
    fn read(text: &'a str) -> serde_json::Result<EnvelopeIn<'a>> {
        serde_json::from_str(text)
    }
}

/// Reads a sync file: size limit first, then the envelope, the digest, and every record against
/// the same rules as the forms (`today` for dates). Never panics; nothing is written.
/// Its signature is checked natively ([`seal::native`]): the browser checks it with WebCrypto.
#[cfg(not(target_arch = "wasm32"))]
pub fn decode(text: &str, now: Millis) -> Result<SyncFile, SyncError> {
    let envelope = open_envelope(text, MAX_FILE_BYTES)?;
    let valid = envelope.seal()?.is_some_and(|c| seal::native::verify(&c));
    envelope.read(now, None, Some(valid))
}

/// Reads what a person pasted or picked: a sync file, or else a copy of a device's saved document
/// (the error screen's copy, without secrets), taken as a full backup. `inflated`: it arrived
/// compressed (the received text was at most [`MAX_FILE_BYTES`]), so the JSON it inflated to may be
/// up to [`MAX_INFLATED_BYTES`].
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_any(text: &str, now: Millis, inflated: bool) -> Result<SyncFile, SyncError> {
    match open_any(text, now, inflated)? {
        Opened::File(envelope) => {
            let valid = envelope.seal()?.is_some_and(|c| seal::native::verify(&c));
            envelope.read(now, None, Some(valid))
        }
        Opened::Copy(file) => Ok(*file),
    }
}

/// [`decode_any`] in two steps, so that the body's digest can be computed in between by a faster
/// SHA-256 than this crate's compiled to wasm (the browser's WebCrypto: an 8 MB body took 0.4 s
/// on a phone in wasm).
pub enum Opened<'a> {
    /// A sync file, its envelope read and its header checked: [`Envelope::read`] the rest.
    File(Envelope<'a>),
    /// A copy of a device's saved document, read whole (no digest), as a full backup.
    Copy(Box<SyncFile>),
}

/// A sync file's envelope, read and its header checked; the body not yet read.
pub struct Envelope<'a>(EnvelopeIn<'a>);

impl<'a> Envelope<'a> {
    /// The body's text, whose SHA-256 the file claims.
    pub fn body(&self) -> &'a str {
        self.0.body
    }

    /// The body matches the digest the file claims (`body_sha256`: the body's SHA-256 in hex when
    /// the caller computed it, else it is computed here); else the file is damaged.
    fn check_digest(&self, body_sha256: Option<String>) -> Result<(), SyncError> {
        let digest = body_sha256.unwrap_or_else(|| sha256_hex(self.body()));
        if digest != self.0.digest {
            return Err(SyncError::Damaged);
        }
        Ok(())
    }

    /// The signature to check, `None` for an unsigned file; a key or signature that cannot be
    /// one (or only one of the two) is a damaged file.
    pub fn seal(&self) -> Result<Option<SealCheck>, SyncError> {
        let Some((key, signature)) = self.key_and_signature()? else { return Ok(None) };
        let env = &self.0;
        let key_text = key.text();
        let signed = Signed {
            format: &env.format,
            version: env.version,
            app: &env.app,
            kind: env.kind,
            from: env.from,
            from_name: &env.from_name,
            written: env.written,
            digest: &env.digest,
            key: &key_text,
        };
        Ok(Some(SealCheck { message: signed.message(), key, signature }))
    }

    /// The key and signature the file carries, read (without the message they are over).
    fn key_and_signature(&self) -> Result<Option<(PublicKey, Vec<u8>)>, SyncError> {
        let (key, sig) = match (&self.0.key, &self.0.sig) {
            (None, None) => return Ok(None),
            (Some(k), Some(s)) => (k, s),
            _ => return Err(SyncError::Damaged),
        };
        let key = PublicKey::parse(key).ok_or(SyncError::Damaged)?;
        let signature = from_base64url(sig).filter(|s| s.len() == SIGNATURE_LEN).ok_or(SyncError::Damaged)?;
        Ok(Some((key, signature)))
    }

    /// The key that signed the file, given what checking [`Envelope::seal`] said (`valid`); a
    /// signed file whose signature is not valid is refused. `valid` is `None` where this device
    /// cannot check signatures (no WebCrypto): the file is then read as an unsigned one.
    fn signer(&self, valid: Option<bool>) -> Result<Option<PublicKey>, SyncError> {
        match (self.key_and_signature()?, valid) {
            (Some((key, _)), Some(true)) => Ok(Some(key)),
            (Some(_), Some(false)) => Err(SyncError::BadSignature),
            _ => Ok(None),
        }
    }

    /// Checks the body against the claimed digest (see `check_digest`) and the signature (`valid`:
    /// what checking [`Envelope::seal`] said; a signed file whose signature is not valid is
    /// refused), then reads and checks every record.
    pub fn read(self, now: Millis, body_sha256: Option<String>, valid: Option<bool>) -> Result<SyncFile, SyncError> {
        self.check_digest(body_sha256)?;
        let signed = self.signer(valid)?;
        let env = self.0;
        let body = checked(serde_json::from_str(env.body).map_err(|_| SyncError::Damaged)?, now)?;
        let from_name = env.from_name.chars().take(60).collect();
        let app = env.app.chars().take(20).collect();
        Ok(SyncFile { kind: env.kind, from: env.from, from_name, app, written: env.written, body, signed })
    }
}

/// What a saved document read whole (the error screen's copy) is called as a file's sender.
pub const COPY_NAME: &str = "本机数据副本";

/// What a file from a phone with nobody logged in is called as its sender.
pub const DEVICE_NAME: &str = "未登录账号的手机";

/// The first step of [`decode_any`]: a sync file's envelope, or a saved document read whole.
pub fn open_any(text: &str, now: Millis, inflated: bool) -> Result<Opened<'_>, SyncError> {
    let limit = if inflated { MAX_INFLATED_BYTES } else { MAX_FILE_BYTES };
    match open_envelope(text, limit) {
        Err(SyncError::NotSyncFile) => {}
        other => return other.map(Opened::File),
    }
    let loaded = crate::core::document::decode(text.trim().trim_start_matches('\u{feff}')).map_err(|e| match e {
        crate::core::error::DocError::TooNew { version } => SyncError::TooNew { version },
        _ => SyncError::NotSyncFile,
    })?;
    let body = checked(loaded.state.backup_body(), now)?;
    Ok(Opened::Copy(Box::new(SyncFile {
        kind: Kind::Backup,
        from: Sender::Device,
        from_name: COPY_NAME.into(),
        app: String::new(),
        written: loaded.saved_at,
        body,
        signed: None,
    })))
}

/// A body without secrets, every record checked against the rules the forms use.
fn checked(mut body: Body, now: Millis) -> Result<Body, SyncError> {
    for a in &mut body.accounts {
        a.password = PasswordHash::none();
    }
    // A day ahead of this phone's clock: named as a clock's fault, before any other rule.
    // (Saturating: the times are not yet checked, and may be anything.)
    let ahead = body.newest_time().saturating_sub(now);
    if ahead > crate::core::clock::AHEAD_LIMIT {
        let day = crate::core::date::DAY_MS;
        return Err(SyncError::ClockAhead { days: ahead.saturating_add(day / 2) / day });
    }
    validate::body(&body, now).map_err(|what| SyncError::Invalid { what })?;
    Ok(body)
}

fn check_header(format: &str, version: u32) -> Result<(), SyncError> {
    if format != SYNC_FORMAT || version == 0 {
        return Err(SyncError::NotSyncFile);
    }
    if version > SYNC_VERSION {
        return Err(SyncError::TooNew { version });
    }
    Ok(())
}

/// The envelope of a file, with its header checked (the body not yet read, its digest not checked).
fn open_envelope(text: &str, limit: usize) -> Result<Envelope<'_>, SyncError> {
    if text.len() > limit {
        return Err(SyncError::TooLarge { bytes: text.len(), limit });
    }
    let text = text.trim().trim_start_matches('\u{feff}');
    // One pass over the text for the envelope; only when that fails is the text read again, for
    // the header alone, to say why (not a sync file, too new, or damaged).
    let env = match EnvelopeIn::read(text) {
        Ok(env) => env,
        Err(_) => {
            let head: Header = serde_json::from_str(text).map_err(|_| SyncError::NotSyncFile)?;
            check_header(&head.format, head.version)?;
            return Err(SyncError::Damaged);
        }
    };
    check_header(&env.format, env.version)?;
    Ok(Envelope(env))
}

/// What a directory carries: its organisations, and the keys its committee vouches for.
#[derive(serde::Deserialize)]
struct DirectoryBody {
    #[serde(default)]
    orgs: Vec<Org>,
    #[serde(default)]
    keys: Vec<Vouch>,
    #[serde(default)]
    demo: bool,
}

/// A 组织目录 read for its organisations and keys alone (see [`open_directory`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directory {
    pub from: Sender,
    pub orgs: Vec<Org>,
    pub keys: Vec<Vouch>,
    pub signed: Option<PublicKey>,
    /// Written in the demo (see `Body::demo`).
    pub demo: bool,
}

/// Opens a 组织目录 (a published `directory.json`): the same envelope and digest as [`decode`];
/// [`Envelope::read_directory`] then reads its organisations and keys, without reading anything
/// else a file may carry. This is what the member's build needs at start, and it leaves the rest of
/// the importer out of that build (ARCHITECTURE.md, "Two builds"). Any other kind of file is
/// [`SyncError::WrongKind`].
pub fn open_directory(text: &str) -> Result<Envelope<'_>, SyncError> {
    let envelope = open_envelope(text, MAX_FILE_BYTES)?;
    envelope.check_digest(None)?;
    if envelope.0.kind != Kind::Directory {
        return Err(SyncError::WrongKind { kind: envelope.0.kind.label() });
    }
    Ok(envelope)
}

impl Envelope<'_> {
    /// A directory's records, checked as [`Envelope::read`] checks a file's (`valid`: its signature).
    pub fn read_directory(self, now: Millis, valid: Option<bool>) -> Result<Directory, SyncError> {
        let signed = self.signer(valid)?;
        let body: DirectoryBody = serde_json::from_str(self.0.body).map_err(|_| SyncError::Damaged)?;
        validate::orgs(&body.orgs, now).map_err(|what| SyncError::Invalid { what })?;
        Ok(Directory { from: self.0.from, orgs: body.orgs, keys: body.keys, signed, demo: body.demo })
    }
}

/// A directory read natively, its signature checked by [`seal::native`].
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_directory(text: &str, now: Millis) -> Result<Directory, SyncError> {
    let envelope = open_directory(text)?;
    let valid = envelope.seal()?.is_some_and(|c| seal::native::verify(&c));
    envelope.read_directory(now, Some(valid))
}
