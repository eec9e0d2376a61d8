//! Signed files: the public key (公钥), what a signature covers, and how this device takes a file's
//! signature: the key it first met for each sender is kept (pinned), and a file for that sender
//! signed by any other key is refused.
//!
//! The signing and checking themselves are the browser's WebCrypto (ECDSA P-256 with SHA-256,
//! signatures as the 64 bytes r‖s), done by the shell between the two steps of reading a file
//! ([`super::Envelope::seal`], then [`super::Envelope::read`]) and of writing one
//! ([`super::SyncFile::to_sign`], then [`ToSign::finish`]). Natively, [`native`] does the same
//! with the `p256` crate, for tests, the attacker's fuzzing and the benchmarks.

use super::{Kind, Sender, SyncFile};
use crate::core::date::Millis;
use crate::core::model::*;
use crate::core::sync::SyncError;

pub use crate::core::model::PublicKey;

/// A signature's length: r‖s, 32 bytes each (IEEE P1363, what WebCrypto's ECDSA writes).
pub const SIGNATURE_LEN: usize = 64;

/// What a signature covers: the envelope's every field, the body's digest (so the body) and the
/// key itself, one per line ([`Signed::message`]; texts as JSON strings, so no line break inside).
pub(super) struct Signed<'a> {
    pub format: &'a str,
    pub version: u32,
    pub app: &'a str,
    pub kind: Kind,
    pub from: Sender,
    pub from_name: &'a str,
    pub written: Millis,
    pub digest: &'a str,
    pub key: &'a str,
}

impl Signed<'_> {
    pub fn message(&self) -> String {
        let text = crate::core::to_json::<str>;
        [
            text(self.format),
            self.version.to_string(),
            text(self.app),
            self.kind.name(),
            crate::core::to_json(&self.from),
            text(self.from_name),
            self.written.to_string(),
            self.digest.to_string(),
            self.key.to_string(),
        ]
        .join("\n")
    }
}

/// A signature to check before a file is read: the shell asks WebCrypto whether `signature` is
/// `key`'s over `message`, and hands the answer to [`super::Envelope::read`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealCheck {
    pub key: PublicKey,
    pub signature: Vec<u8>,
    pub message: String,
}

/// A file to sign: the shell signs [`ToSign::message`] with the device's private key and hands the
/// signature to [`ToSign::finish`], which writes the file.
pub struct ToSign<'a> {
    pub(super) file: &'a SyncFile,
    pub(super) raw: Box<serde_json::value::RawValue>,
    pub(super) digest: String,
    pub(super) key: PublicKey,
    pub(super) message: String,
}

impl ToSign<'_> {
    pub fn message(&self) -> &[u8] {
        self.message.as_bytes()
    }

    /// The file's text, signed; a signature of the wrong length leaves it unsigned.
    pub fn finish(self, signature: &[u8]) -> String {
        let seal = (signature.len() == SIGNATURE_LEN).then_some((&self.key, signature));
        self.file.envelope(&self.raw, self.digest, seal)
    }
}

/// The name under which this device keeps a sender's key (`m1000001`, `o1300001`); a device with
/// nobody logged in has none.
pub fn pin_name(from: Sender) -> Option<String> {
    match from {
        Sender::Member(a) => Some(format!("m{}", a.0)),
        Sender::Org(o) => Some(format!("o{}", o.0)),
        Sender::Device => None,
    }
}

/// How this device takes a file's signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trust {
    /// Signed by the key this device keeps for the sender (or, for a 完整备份, by this device).
    Known,
    /// Signed, and the first key met for this sender: kept from now on.
    FirstMeeting,
    /// Not signed (written where the browser has no WebCrypto, a page over plain http), by a
    /// sender this device keeps no key for: it may do only what [`unsigned_may`] allows.
    Unsigned,
}

/// Judges a file's signature against the keys this device keeps. A file for a sender whose key is
/// kept here, signed by another key or not signed at all, is refused.
pub fn judge(local: &State, file: &SyncFile) -> Result<Trust, SyncError> {
    if own_backup(local, file) {
        return Ok(Trust::Known);
    }
    // This phone's own accounts and organisations: only this phone's key speaks for them (or,
    // until its owner's password opens it, the key sealed in the backup restored here).
    if let Some(name) = local.own_sender_name(file.from) {
        let restored = local.restored_key.as_ref().map(|k| &k.public);
        return match (&file.signed, &local.device_key) {
            (Some(key), Some(own)) if key == own || Some(key) == restored => Ok(Trust::Known),
            _ => Err(SyncError::ClaimsThisPhone { name }),
        };
    }
    let kept = pin_name(file.from).and_then(|n| local.keys.get(&n));
    match (&file.signed, kept) {
        (Some(key), Some(kept)) if key == kept => Ok(Trust::Known),
        (Some(key), Some(_)) => {
            let top = matches!(file.from, Sender::Org(o) if local.orgs.get(&o).is_some_and(|x| x.kind == OrgKind::School));
            Err(SyncError::KeyChanged { from: file.from, name: local.sender_name(file), key: key.clone(), top })
        }
        (Some(_), None) => Ok(Trust::FirstMeeting),
        (None, Some(_)) => Err(SyncError::UnsignedFromKnown),
        (None, None) => Ok(Trust::Unsigned),
    }
}

/// A 完整备份 signed by this device's own key: its own data, taken whole.
pub fn own_backup(local: &State, file: &SyncFile) -> bool {
    file.kind == Kind::Backup && file.signed.is_some() && file.signed == local.device_key
}

/// What an unsigned file may do, narrowly: restore a 完整备份 onto a blank device, or hand in a
/// member's own application (the member's account and new requests and appeals, never a change
/// to anything this device already holds; the branch still decides). Nothing else: no decision,
/// report, registration, directory or key.
pub fn unsigned_may(local: &State, file: &SyncFile) -> bool {
    match (file.kind, file.from) {
        (Kind::Backup, _) if local.is_blank() => true,
        (Kind::Application | Kind::Backup, Sender::Member(_)) => true,
        _ => false,
    }
}

/// The keys a file vouches for: a committee's 组织目录 carries the keys it keeps for the
/// organisations under it, so that a branch's or a committee's new phone is believed by everyone
/// who receives the directory. Taken only from a signed file whose sender is above the organisation
/// here (see `import`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Vouch {
    pub org: OrgId,
    pub key: PublicKey,
}

impl State {
    /// The name of a sender that is one of this phone's own accounts ([`State::own_accounts`]: its
    /// password is kept here, or it waits for its owner's password after a restore or a 恢复资料) or
    /// the organisation of one: this phone's key is the only key for it. `None` for anyone else,
    /// and on the demo, whose accounts every phone trying it holds alike.
    pub fn own_sender_name(&self, from: Sender) -> Option<String> {
        if self.demo {
            return None;
        }
        match from {
            Sender::Member(id) => self.own_accounts().any(|a| a.id == id).then(|| self.display_name(id)),
            Sender::Org(o) => self.own_orgs().any(|x| x == o).then(|| self.org_name(o)),
            Sender::Device => None,
        }
    }

    /// The organisations of this phone's own accounts ([`State::own_accounts`]), whose files only
    /// this phone's key signs; none on the demo (see [`State::own_sender_name`]).
    pub fn own_orgs(&self) -> impl Iterator<Item = OrgId> + '_ {
        self.own_accounts().filter(|_| !self.demo).filter_map(|a| a.role.org())
    }

    /// A file's sender by the name this phone knows it by (an organisation or account it holds),
    /// so that a file cannot pass itself off under another's name; one new here by its own record
    /// in the file; the file's own word only for an organisation with no record in it (which the
    /// preview's namesake warning judges), never for a member or a phone with nobody logged in.
    pub fn sender_name(&self, file: &SyncFile) -> String {
        let known = match file.from {
            // One new here: by its own record in the file, not by what the file calls it.
            Sender::Org(o) => self.orgs.get(&o).or_else(|| file.body.orgs.iter().find(|x| x.id == o)).map(|o| o.name.clone()),
            Sender::Member(a) if self.accounts.contains_key(&a) => Some(self.display_name(a)),
            // (Named as `display_name` names an account, from the file's record of it.)
            Sender::Member(a) => {
                let mut one = State::default();
                one.accounts.extend(file.body.accounts.iter().filter(|x| x.id == a).map(|x| (a, x.clone())));
                Some(one.display_name(a))
            }
            // A saved document read whole (unsigned, no app's version) is named by the reader; any
            // other file of a phone with nobody logged in, never by its own word. (An unsigned
            // file dressed as such a copy restores onto a blank phone only, as the copy does.)
            Sender::Device if file.signed.is_none() && file.app.is_empty() && file.from_name == super::read::COPY_NAME => None,
            Sender::Device => Some(super::read::DEVICE_NAME.into()),
        };
        // A member with no name here nor in the file is unknown, never what the envelope says.
        let word = if matches!(file.from, Sender::Member(_)) { UNKNOWN_ACCOUNT } else { &file.from_name };
        known.filter(|n| !n.is_empty()).unwrap_or_else(|| word.into())
    }

    /// The keys this committee vouches for: in its directory, those it keeps for the organisations
    /// right under it (which register with it and whose new phones it confirms); in its report
    /// (`deep`), those of every organisation under it, told to it by the committees between, so that
    /// the committee above knows them where it keeps none (the 校团委, the branches under a 团总支).
    /// Never one it knows only from a link (`created` 0): that key is the link's word, not the
    /// organisation's own registration or report.
    pub fn vouches(&self, committee: OrgId, deep: bool) -> Vec<Vouch> {
        let under = |o: OrgId| if deep { o != committee && self.oversees(committee, o) } else { self.right_under(committee, o) };
        self.orgs
            .values()
            .filter(|o| o.created != 0 && under(o.id))
            .filter_map(|o| Some(Vouch { org: o.id, key: self.keys.get(&pin_name(Sender::Org(o.id))?)?.clone() }))
            .collect()
    }

    /// The keys of the committees above `org`, as this phone knows them (its own, for one whose
    /// account it holds), which `org`'s 组织目录 introduces to phones that know those committees
    /// only by name (`orgs::introduced`): the 校团委's, say, to a branch's phone and its members'.
    pub fn introductions(&self, org: OrgId) -> Vec<Vouch> {
        let mut above = std::collections::BTreeSet::new();
        self.with_ancestors(org, &mut above);
        above.remove(&org);
        above.into_iter().filter_map(|p| Some(Vouch { org: p, key: self.org_key(p)?.clone() })).collect()
    }

    /// The key `org`'s files are signed with as this phone knows it: its own, for an organisation
    /// whose account it holds the password of ([`State::own_sender_name`]: never on the demo, whose
    /// accounts every phone trying it holds alike); else the one kept.
    pub fn org_key(&self, org: OrgId) -> Option<&PublicKey> {
        match self.own_sender_name(Sender::Org(org)) {
            Some(_) => self.device_key.as_ref(),
            _ => self.key_of(Sender::Org(org)),
        }
    }

    /// The key this device keeps for a sender.
    pub fn key_of(&self, from: Sender) -> Option<&PublicKey> {
        self.keys.get(&pin_name(from)?)
    }

    /// Keeps `key` for `from` unless a key is kept already (a key met first, from an invite or a
    /// code link). Returns whether it was kept.
    pub fn meet_key(&mut self, from: Sender, key: &PublicKey) -> bool {
        let Some(name) = pin_name(from) else { return false };
        if self.keys.contains_key(&name) {
            return false;
        }
        self.keys.insert(name, key.clone());
        true
    }
}

/// Signing and checking natively, as WebCrypto does in the browser (tests, fuzzing, benchmarks).
#[cfg(not(target_arch = "wasm32"))]
pub mod native {
    use super::*;
    use p256::ecdsa::signature::{Signer as _, Verifier as _};
    use p256::ecdsa::{Signature, SigningKey, VerifyingKey};

    /// A private key, for a test's sender or device.
    #[derive(Clone)]
    pub struct Key(SigningKey);

    impl Key {
        /// A key made from `seed` (the same seed, the same key).
        pub fn from_seed(seed: u64) -> Key {
            let mut bytes = [0u8; 32];
            bytes[..8].copy_from_slice(&seed.wrapping_add(1).to_le_bytes());
            bytes[31] = 1;
            Key(SigningKey::from_slice(&bytes).expect("a valid scalar"))
        }

        /// The key a test gives a sender (each sender its own, always the same).
        pub fn of(from: Sender) -> Key {
            let seed = match from {
                Sender::Member(a) => a.0,
                Sender::Org(o) => o.0 | 1 << 40,
                Sender::Device => 1 << 41,
            };
            Key::from_seed(seed)
        }

        pub fn public(&self) -> PublicKey {
            PublicKey::from_bytes(VerifyingKey::from(&self.0).to_encoded_point(false).as_bytes()).expect("an uncompressed point")
        }

        /// `file` written and signed with this key.
        pub fn sign(&self, file: &SyncFile) -> String {
            let to_sign = file.to_sign(&self.public());
            let signature: Signature = self.0.sign(to_sign.message());
            to_sign.finish(&signature.to_bytes())
        }
    }

    /// Whether `check`'s signature is its key's over its message.
    pub fn verify(check: &SealCheck) -> bool {
        let (Ok(key), Ok(signature)) = (VerifyingKey::from_sec1_bytes(check.key.bytes()), Signature::from_slice(&check.signature)) else {
            return false;
        };
        key.verify(check.message.as_bytes(), &signature).is_ok()
    }

    /// `file` signed with its sender's test key ([`Key::of`]).
    pub fn signed(file: &SyncFile) -> String {
        Key::of(file.from).sign(file)
    }
}
