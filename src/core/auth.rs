//! Passwords: stored only as a salted PBKDF2-SHA256 hash with at least 600,000 iterations.
//!
//! Derivation is slow on purpose, and the browser's WebCrypto does it at native speed while
//! pure-Rust code in wasm is several times slower. So commands never derive: they take a finished
//! [`PasswordHash`] (or a derived key to compare), and the shell computes it with WebCrypto, falling
//! back to [`pbkdf2_sha256`] here where WebCrypto is missing (plain-http hosts). Native tests use
//! the same function, so both paths are checked against one implementation.

use super::error::CoreError;
use crate::core::limits::MIN_PASSWORD_CHARS;
use sha2::{Digest, Sha256};

/// The minimum work factor accepted for a stored hash (OWASP 2023 for PBKDF2-HMAC-SHA256).
pub const MIN_ITERATIONS: u32 = 600_000;
/// Salt length in bytes.
pub const SALT_LEN: usize = 16;

/// A stored password: PBKDF2-HMAC-SHA256, salt and hash in lower-case hex.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PasswordHash {
    pub iterations: u32,
    pub salt: String,
    pub hash: String,
}

/// No password: what an account read without one has.
impl Default for PasswordHash {
    fn default() -> Self {
        PasswordHash::none()
    }
}

impl PasswordHash {
    /// No password on this device: an account that arrived in a sync file or a backup. Nothing
    /// matches it; the owner sets a password with 忘记密码.
    pub fn none() -> PasswordHash {
        PasswordHash { iterations: 0, salt: String::new(), hash: String::new() }
    }

    pub fn is_set(&self) -> bool {
        self.iterations > 0
    }

    /// Exactly [`PasswordHash::none`]: not written to a saved document or a file (a secretary's
    /// device holds thousands of members without one; it was 6% of a 10,000-member document).
    pub fn is_none(&self) -> bool {
        self.iterations == 0 && self.salt.is_empty() && self.hash.is_empty()
    }

    /// Wraps a derived key; refuses a work factor below [`MIN_ITERATIONS`] or a short salt.
    pub fn new(salt: &[u8], iterations: u32, derived: &[u8; 32]) -> Result<PasswordHash, CoreError> {
        if iterations < MIN_ITERATIONS || salt.len() < SALT_LEN {
            return Err(CoreError::PasswordHashTooWeak);
        }
        Ok(PasswordHash { iterations, salt: hex(salt), hash: hex(derived) })
    }

    pub fn salt_bytes(&self) -> Vec<u8> {
        unhex(&self.salt).unwrap_or_default()
    }

    /// Compares a key derived with this hash's salt and iterations, in constant time.
    pub fn matches(&self, derived: &[u8; 32]) -> bool {
        let Some(stored) = unhex(&self.hash) else { return false };
        stored.len() == 32 && stored.iter().zip(derived).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

/// PBKDF2-HMAC-SHA256 with a 32-byte output.
pub fn pbkdf2_sha256(password: &str, salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), salt, iterations, &mut out);
    out
}

/// Whether a password is long enough: [`MIN_PASSWORD_CHARS`] characters (not bytes).
pub fn long_enough(password: &str) -> bool {
    password.chars().count() >= MIN_PASSWORD_CHARS
}

/// The password policy: long enough ([`long_enough`]), letters and digits.
pub fn check_password(password: &str) -> Result<(), CoreError> {
    if !long_enough(password) {
        return Err(CoreError::PasswordTooShort);
    }
    let letters = password.chars().any(|c| c.is_ascii_alphabetic());
    let digits = password.chars().any(|c| c.is_ascii_digit());
    if !(letters && digits) {
        return Err(CoreError::PasswordTooSimple);
    }
    Ok(())
}

/// A new password and its confirmation.
pub fn check_new_password(password: &str, confirm: &str) -> Result<(), CoreError> {
    check_password(password)?;
    if password != confirm {
        return Err(CoreError::PasswordMismatch);
    }
    Ok(())
}

/// 弱 / 中 / 强, for the strength hint beside the password field.
pub fn password_strength(password: &str) -> u8 {
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    let len = password.chars().count();
    match (len, classes) {
        (0..=7, _) | (_, 0..=1) => 0,
        (8..=11, 2) => 1,
        _ => 2,
    }
}

/// SHA-256 in hex, for single-use codes that need not be slow (they expire in 2 days).
pub fn sha256_hex(data: &str) -> String {
    hex(&Sha256::digest(data.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(H[usize::from(b >> 4)]));
        s.push(char::from(H[usize::from(b & 15)]));
    }
    s
}

pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbkdf2_rfc_vector() {
        // RFC 7914 §11 test vector for PBKDF2-HMAC-SHA256 (c = 1), first 32 bytes.
        let out = pbkdf2_sha256("passwd", b"salt", 1);
        assert_eq!(hex(&out), "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    }

    #[test]
    fn hash_refuses_weak_parameters_and_matches_only_the_key() {
        let salt = [7u8; SALT_LEN];
        let key = [1u8; 32];
        assert_eq!(PasswordHash::new(&salt, 1000, &key), Err(CoreError::PasswordHashTooWeak));
        assert_eq!(PasswordHash::new(&salt[..8], MIN_ITERATIONS, &key), Err(CoreError::PasswordHashTooWeak));
        let h = PasswordHash::new(&salt, MIN_ITERATIONS, &key).unwrap();
        assert!(h.matches(&key));
        assert!(!h.matches(&[2u8; 32]));
        assert_eq!(h.salt_bytes(), salt.to_vec());
    }

    #[test]
    fn password_policy() {
        assert_eq!(check_password("abc123"), Err(CoreError::PasswordTooShort));
        // Characters, not bytes: six Chinese characters and a letter are 19 bytes but 7 characters.
        assert_eq!(check_password("密码密码密码a"), Err(CoreError::PasswordTooShort));
        assert!(long_enough("密码密码密码a1") && !long_enough("密码密码密码a"));
        assert_eq!(check_password("abcdefgh"), Err(CoreError::PasswordTooSimple));
        assert_eq!(check_password("12345678"), Err(CoreError::PasswordTooSimple));
        assert!(check_password("bitTZB22121301").is_ok());
        assert_eq!(check_new_password("abcd1234", "abcd1235"), Err(CoreError::PasswordMismatch));
        assert!(check_new_password("abcd1234", "abcd1234").is_ok());
        assert_eq!(password_strength("abc"), 0);
        assert_eq!(password_strength("abcd1234"), 1);
        assert_eq!(password_strength("Abcd1234!xyz"), 2);
    }

    #[test]
    fn hex_round_trip() {
        assert_eq!(unhex(&hex(&[0, 15, 255])).unwrap(), vec![0, 15, 255]);
        assert!(unhex("abc").is_none());
        assert!(unhex("zz").is_none());
    }
}
