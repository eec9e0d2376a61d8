//! The keys a phone keeps as data: a public key (公钥) and a private key sealed under its owner's
//! password. Signing, checking and sealing are the shell's (WebCrypto); `sync::seal` judges files
//! with these keys and `sync::sealed_key` checks a sealed key's shape.

use crate::core::base64::{base64url, from_base64url};
use serde::{Deserialize, Serialize};

/// 公钥: an ECDSA P-256 public key as WebCrypto exports it (`raw`: the uncompressed point, 65 bytes
/// starting with 4). Written as base64url.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PublicKey(Vec<u8>);

impl PublicKey {
    pub const LEN: usize = 65;

    pub fn from_bytes(bytes: &[u8]) -> Option<PublicKey> {
        (bytes.len() == Self::LEN && bytes[0] == 4).then(|| PublicKey(bytes.to_vec()))
    }

    /// A key written as base64url (in a file, a link, the saved state).
    pub fn parse(text: &str) -> Option<PublicKey> {
        from_base64url(text).and_then(|b| Self::from_bytes(&b))
    }

    pub fn text(&self) -> String {
        base64url(&self.0)
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// 密钥指纹: what two people compare by eye, sixteen hex digits of the key's SHA-256
    /// ("3F2A 91C0 7B1E 22D4"): 64 bits, which no one can match by making keys until one fits.
    pub fn fingerprint(&self) -> String {
        let hex = crate::core::auth::sha256_hex(&self.text()).to_uppercase();
        format!("{} {} {} {}", &hex[..4], &hex[4..8], &hex[8..12], &hex[12..16])
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({})", self.fingerprint())
    }
}

impl serde::Serialize for PublicKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de> serde::Deserialize<'de> for PublicKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        PublicKey::parse(&text).ok_or_else(|| serde::de::Error::custom("not a P-256 public key"))
    }
}

/// A private key sealed under its owner's password. Every byte string is base64url.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedKey {
    /// The public key of the sealed private key: the key the backup is signed with.
    #[serde(rename = "pk")]
    pub public: PublicKey,
    /// PBKDF2's salt and work factor.
    #[serde(rename = "s")]
    pub salt: String,
    #[serde(rename = "n")]
    pub iterations: u32,
    /// AES-GCM's nonce and the sealed PKCS#8 private key (with its tag).
    #[serde(rename = "iv")]
    pub nonce: String,
    #[serde(rename = "d")]
    pub data: String,
}
