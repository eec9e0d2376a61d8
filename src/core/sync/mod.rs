//! The sync file: how requests, decisions, registrations and backups travel between phones.
//!
//! One format, `tuan-sync`, versioned. A file is an envelope (format, version, the app version that
//! wrote it, its kind, who sent it, when, what it carries, a SHA-256 digest of the body, the
//! sender's key and signature) around a body of records with stable IDs. It never carries password
//! hashes or reset codes. This file holds the types and the writing of the envelope; beside it:
//!
//! - `read`: opening an envelope, checking its header, digest and signature, and reading every record;
//!
//! - [`select`]: what each hand-over carries (only what the receiver needs);
//! - `validate`: every incoming record against the rules the forms use;
//! - [`seal`]: keys and signatures, and the keys a device keeps;
//! - [`import`]: what the importing device accepts from that sender (authority is checked where
//!   it lives), and the merge; `batch`: several files read at once; `preview`: what an import
//!   would do, in words;
//! - [`merge`]: the joins that make the order and repetition of imports irrelevant;
//! - `orgs`: which organisations and vouched keys a file brings are taken;
//! - `home`: the trees this phone's own people stand in, which a stranger's tree never reaches;
//! - `link`: the file as a link, a QR code or pasted text;
//! - [`reset`]: a committee handing an organisation's account to a new phone (重置码, 恢复资料).

mod accept;
#[cfg(not(target_arch = "wasm32"))]
pub mod attack;
mod batch;
mod error;
#[cfg(not(target_arch = "wasm32"))]
mod stranger;
pub use error::{Placeholder, SyncError};
mod home;
pub mod import;
mod link;
pub mod merge;
mod orgs;
mod preview;
mod read;
pub mod reset;
pub mod seal;
pub mod sealed_key;
pub mod select;
mod validate;

use super::auth::{sha256_hex, PasswordHash};
use super::base64::{base64url, from_base64url};
use super::date::Millis;
use super::model::*;
pub use link::*;
pub use read::*;
use seal::{PublicKey, SealCheck, Signed, ToSign, Vouch, SIGNATURE_LEN};

/// Names the file so an unrelated JSON value is never taken for ours.
pub const SYNC_FORMAT: &str = "tuan-sync";
/// The current format version. Older versions stay readable: add a step to [`decode`] when it changes.
/// The records are the saved document's (the model's serde attributes), so it moves with `document::SCHEMA_VERSION`
/// (version 2: short keys; 3: no empty or derived fields): an older app then says a file is newer.
pub const SYNC_VERSION: u32 = 3;
/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Large files travel compressed (the [`LinkPayload`] form); what they inflate to may be this large.
pub const MAX_INFLATED_BYTES: usize = 40 * 1024 * 1024;
/// Above this size a file is offered compressed, and the device's own document is stored compressed.
pub const COMPRESS_ABOVE: usize = 1024 * 1024;

/// What a file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// 申请与个人信息: a member's requests, appeals, profile and volunteer registration, to the branch.
    Application,
    /// 审核结果: a branch's decisions, back to its applicants.
    Decisions,
    /// 组织注册: a new branch (and the code it used), to its committee.
    Registration,
    /// 上报: a branch's or committee's members, requests, problems, to the committee above.
    Report,
    /// 组织目录: a committee's organisations (no personal data), to its branches and members.
    Directory,
    /// 完整备份: everything on the device except secrets.
    Backup,
    /// 恢复资料: a committee's copy of an organisation under it, to the phone it hands that
    /// organisation's account to (its secretary's phone wiped without a backup): see `reset`.
    Recovery,
}

impl Kind {
    /// The kind's name in files and in links (`application`, `decisions`, …).
    pub fn name(self) -> String {
        super::to_json(&self).trim_matches('"').to_string()
    }

    /// The kind named [`Kind::name`].
    pub fn from_name(name: &str) -> Option<Kind> {
        serde_json::from_str(&format!("\"{name}\"")).ok()
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Application => "申请与个人信息",
            Kind::Decisions => "审核结果",
            Kind::Registration => "组织注册信息",
            Kind::Report => "上报数据",
            Kind::Directory => "组织目录",
            Kind::Backup => "完整备份",
            Kind::Recovery => "恢复资料",
        }
    }
}

/// Who wrote the file, as they say (see the trust model in the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sender {
    Member(AccountId),
    Org(OrgId),
    /// A backup of a device, or a device with nobody logged in.
    Device,
}

/// A branch's claim to a registration code, without the code itself: SHA-256 of `code:org`. Only
/// the committee that issued the code (and the branch that typed it) can make or check it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    pub org: OrgId,
    pub proof: String,
    pub at: Millis,
}

pub fn claim_proof(code: &str, org: OrgId) -> String {
    sha256_hex(&format!("{code}:{org}"))
}

/// The records a file carries.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Body {
    pub orgs: Vec<Org>,
    pub codes: Vec<RegistrationCode>,
    pub claims: Vec<Claim>,
    pub accounts: Vec<Account>,
    pub requests: Vec<Request>,
    pub appeals: Vec<Appeal>,
    pub problems: Vec<Problem>,
    /// Keys a committee vouches for (its 组织目录): see [`seal::Vouch`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<Vouch>,
    /// Written in the demo: only the demo (or a blank phone, which then joins it) takes it
    /// (`State::meet_demo`). In the body, so its digest and signature cover it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
    /// A 完整备份's: this phone's private key sealed under its owner's password (`sealed_key`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sealed_key: Option<sealed_key::SealedKey>,
    /// A 完整备份's: what left this phone (未发出 / 已发出), so a restored phone knows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sent: Vec<SentMark>,
    /// A 恢复资料's: the organisation whose account the committee hands to the receiving phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recover: Option<OrgId>,
}

/// How many records of each sort a file carries (shown before import).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub orgs: usize,
    pub accounts: usize,
    pub requests: usize,
    pub appeals: usize,
    pub problems: usize,
    pub codes: usize,
}

impl Body {
    pub fn counts(&self) -> Counts {
        Counts {
            orgs: self.orgs.len(),
            accounts: self.accounts.len(),
            requests: self.requests.len(),
            appeals: self.appeals.len(),
            problems: self.problems.len(),
            codes: self.codes.len() + self.claims.len(),
        }
    }
}

/// A sync file, read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncFile {
    pub kind: Kind,
    pub from: Sender,
    /// The sender's name as written (an organisation's name, a member's masked name).
    pub from_name: String,
    /// The app version that wrote it.
    pub app: String,
    pub written: Millis,
    pub body: Body,
    /// The key whose signature the file carries, checked; `None` for an unsigned file.
    pub signed: Option<PublicKey>,
}

#[derive(serde::Serialize)]
struct EnvelopeOut<'a> {
    format: &'static str,
    version: u32,
    app: &'a str,
    kind: Kind,
    from: Sender,
    from_name: &'a str,
    written: Millis,
    counts: Counts,
    digest: String,
    /// The sender's public key and signature (base64url), where the browser could sign.
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sig: Option<String>,
    /// The body as written, which its digest is over.
    body: &'a serde_json::value::RawValue,
}

impl SyncFile {
    /// The file as JSON text, unsigned (where the browser cannot sign). Secrets are removed here
    /// whatever the body holds.
    pub fn encode(&self) -> String {
        let (raw, digest) = self.body_text();
        self.envelope(&raw, digest, None)
    }

    /// The body as written, without secrets, and its digest.
    fn body_text(&self) -> (Box<serde_json::value::RawValue>, String) {
        let mut body = self.body.clone();
        for a in &mut body.accounts {
            a.password = PasswordHash::none();
        }
        // Only a 完整备份 carries this phone's sealed key and its 已发出 marks.
        if self.kind != Kind::Backup {
            body.sealed_key = None;
            body.sent.clear();
        }
        let raw = serde_json::value::RawValue::from_string(super::to_json(&body)).expect("the body is JSON");
        let digest = sha256_hex(raw.get());
        (raw, digest)
    }

    /// What signing the file with `key` covers (`seal::Signed`), ready for the signature; the
    /// body is written once, for both.
    pub fn to_sign(&self, key: &PublicKey) -> ToSign<'_> {
        let (raw, digest) = self.body_text();
        let key_text = key.text();
        let message = self.signed_part(&digest, &key_text).message();
        ToSign { file: self, raw, digest, key: key.clone(), message }
    }

    fn signed_part<'a>(&'a self, digest: &'a str, key: &'a str) -> Signed<'a> {
        Signed {
            format: SYNC_FORMAT,
            version: SYNC_VERSION,
            app: &self.app,
            kind: self.kind,
            from: self.from,
            from_name: &self.from_name,
            written: self.written,
            digest,
            key,
        }
    }

    /// The file as JSON text around its body as written, with its key and signature when `seal`
    /// is given.
    pub(super) fn envelope(&self, raw: &serde_json::value::RawValue, digest: String, seal: Option<(&PublicKey, &[u8])>) -> String {
        super::to_json(&EnvelopeOut {
            format: SYNC_FORMAT,
            version: SYNC_VERSION,
            app: &self.app,
            kind: self.kind,
            from: self.from,
            from_name: &self.from_name,
            written: self.written,
            counts: self.body.counts(),
            digest,
            key: seal.map(|(k, _)| k.text()),
            sig: seal.map(|(_, s)| base64url(s)),
            body: raw,
        })
    }
}

#[cfg(test)]
mod authority_tests;
#[cfg(test)]
mod bulk_tests;
#[cfg(test)]
mod carry_tests;
#[cfg(test)]
mod conflict_tests;
#[cfg(test)]
mod crossing_tests;
#[cfg(test)]
mod dated_tests;
#[cfg(test)]
mod far_receiver_tests;
#[cfg(test)]
mod first_day_tests;
#[cfg(test)]
mod forgery_tests;
#[cfg(test)]
mod held_many_tests;
#[cfg(test)]
mod held_tests;
#[cfg(test)]
mod honest_order_tests;
#[cfg(test)]
mod insider_tests;
#[cfg(test)]
mod introduce_tests;
#[cfg(test)]
mod met_little_tests;
#[cfg(test)]
mod order_tests;
#[cfg(test)]
mod people_tests;
#[cfg(test)]
mod probe_tests;
#[cfg(test)]
mod relaxed_tests;
#[cfg(test)]
mod reset_tests;
#[cfg(test)]
mod seal_tests;
#[cfg(test)]
mod size_tests;
#[cfg(test)]
mod squat_tests;
#[cfg(test)]
mod standing_tests;
#[cfg(test)]
mod stranger_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod trust_tests;
#[cfg(test)]
mod vouch_tests;

impl Body {
    /// The latest time any record of the file carries (0 for none).
    pub fn newest_time(&mut self) -> Millis {
        let mut newest = 0;
        let mut f = |t: &mut Millis| newest = newest.max(*t);
        self.orgs.iter_mut().for_each(|r| r.each_time(&mut f));
        self.codes.iter_mut().for_each(|r| r.each_time(&mut f));
        self.accounts.iter_mut().for_each(|r| r.each_time(&mut f));
        self.requests.iter_mut().for_each(|r| r.each_time(&mut f));
        self.appeals.iter_mut().for_each(|r| r.each_time(&mut f));
        self.problems.iter_mut().for_each(|r| r.each_time(&mut f));
        newest
    }
}
