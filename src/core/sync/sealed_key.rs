//! 本机身份 in a 完整备份: this phone's private key, sealed (AES-GCM) under a key derived (PBKDF2)
//! from its owner's password, so the phone restored from its own backup keeps signing as itself,
//! and a backup in other hands cannot. The sealing and opening are the browser's WebCrypto
//! (`store/signing.rs`); the core only carries the sealed bytes, checks their shape, and keeps
//! them on a restored phone until the owner types the password (`State::restored_key`).

use crate::core::base64::from_base64url;
use crate::core::model::AccountId;

pub use crate::core::model::SealedKey;

impl SealedKey {
    pub const SALT_LEN: usize = 16;
    pub const NONCE_LEN: usize = 12;
    /// A P-256 private key in PKCS#8 is 138 bytes as WebCrypto exports it, up to ~200 elsewhere;
    /// AES-GCM adds a 16-byte tag.
    const MAX_DATA: usize = 512;

    /// Whether its parts have the lengths sealing gives them and a work factor worth the name (an
    /// imported file's, before anything tries to open it).
    pub fn is_well_formed(&self) -> bool {
        let len = |t: &str| from_base64url(t).map(|b| b.len());
        len(&self.salt) == Some(Self::SALT_LEN)
            && len(&self.nonce) == Some(Self::NONCE_LEN)
            && len(&self.data).is_some_and(|n| (17..=Self::MAX_DATA).contains(&n))
            && (crate::core::auth::MIN_ITERATIONS..=10 * crate::core::auth::MIN_ITERATIONS).contains(&self.iterations)
    }
}

impl crate::core::model::State {
    /// Whether `account` may seal this phone's identity into a 完整备份 with its password: the
    /// phone's organisation account (团支部, 团委), or a member on a phone that holds none (their
    /// own phone). A member registered on a secretary's phone must not carry the branch's key away.
    pub fn may_seal_key(&self, account: AccountId) -> bool {
        use crate::core::model::AccountRole;
        let Some(a) = self.accounts.get(&account).filter(|a| !a.retired && a.password.is_set()) else { return false };
        let org_account = |r: &AccountRole| matches!(r, AccountRole::Branch { .. } | AccountRole::Committee { .. });
        org_account(&a.role) || !self.accounts.values().any(|o| !o.retired && o.password.is_set() && org_account(&o.role))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::base64::base64url;

    fn sealed(salt: usize, nonce: usize, data: usize, iterations: u32) -> SealedKey {
        SealedKey {
            public: crate::core::sync::seal::native::Key::from_seed(7).public(),
            salt: base64url(&vec![1; salt]),
            iterations,
            nonce: base64url(&vec![2; nonce]),
            data: base64url(&vec![3; data]),
        }
    }

    #[test]
    fn only_the_phones_own_account_seals_its_identity() {
        let s = crate::core::demo::build(crate::core::demo::DEMO_EPOCH);
        let branch = s.accounts.values().find(|a| matches!(a.role, crate::core::model::AccountRole::Branch { .. })).unwrap().id;
        let member = s.accounts.values().find(|a| a.member().is_some() && a.password.is_set()).unwrap().id;
        assert!(s.may_seal_key(branch));
        assert!(!s.may_seal_key(member), "a member on an organisation's phone");
        let mut own = s.clone();
        own.accounts.retain(|_, a| a.member().is_some());
        assert!(own.may_seal_key(member), "a member on their own phone");
    }

    #[test]
    fn only_the_shape_sealing_gives_is_taken() {
        let n = crate::core::auth::MIN_ITERATIONS;
        assert!(sealed(16, 12, 154, n).is_well_formed());
        assert!(!sealed(8, 12, 154, n).is_well_formed(), "a short salt");
        assert!(!sealed(16, 16, 154, n).is_well_formed(), "a nonce of another length");
        assert!(!sealed(16, 12, 4000, n).is_well_formed(), "too much data");
        assert!(!sealed(16, 12, 154, 1000).is_well_formed(), "a work factor an attacker chose low");
    }
}
