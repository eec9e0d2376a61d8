//! This device's key pair, and the signing and checking of sync files, by the browser's WebCrypto
//! (ECDSA P-256 with SHA-256). The private key is made here once, kept in this browser's storage
//! for the app's origin, and never put in the state or a file, except sealed under its owner's
//! password in a 完整备份 (`seal`, opened on the restored phone by `unseal`); the public key is the
//! state's `device_key`, which invite and code links carry. Where WebCrypto is missing (a page
//! served over plain http) nothing is signed, and files go unsigned (`core::sync::seal`).

use crate::core::base64::{base64url, from_base64url};
use crate::core::error::SaveError;
use crate::core::sync::seal::{PublicKey, SealCheck};
use crate::core::sync::sealed_key::SealedKey;
use crate::core::sync::SyncFile;
use crate::store::browser::subtle;
use crate::store::storage::Place;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where the key pair is kept: `{"private": PKCS#8, "public": raw}`, both base64url. Not part of the
/// saved document: 清除本机数据 removes it (`persist::forget_saved`).
pub const KEY_PAIR_KEY: &str = "tuan.signing-key";

#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    private: String,
    public: String,
}

thread_local! {
    /// The private key, imported once (not extractable), and its public key.
    static KEY: RefCell<Option<(web_sys::CryptoKey, PublicKey)>> = const { RefCell::new(None) };
}

fn algorithm() -> web_sys::EcKeyImportParams {
    let params = web_sys::EcKeyImportParams::new("ECDSA");
    params.set_named_curve("P-256");
    params
}

fn ecdsa() -> web_sys::EcdsaParams {
    web_sys::EcdsaParams::new_with_str("ECDSA", "SHA-256")
}

fn usages(usage: &str) -> js_sys::Array {
    js_sys::Array::of1(&usage.into())
}

async fn bytes_of(promise: Result<js_sys::Promise, JsValue>) -> Result<Vec<u8>, JsValue> {
    Ok(js_sys::Uint8Array::new(&JsFuture::from(promise?).await?).to_vec())
}

/// Why this phone has no key pair to sign with.
pub enum NoKey {
    /// No WebCrypto (a page not opened over https), or it refused: files go unsigned, honestly.
    NoCrypto,
    /// The new key pair could not be stored, storage being full: no file may go out unsigned for
    /// that, but after cleaning.
    NotStored(SaveError),
}

/// This device's key pair: the one kept, else a new one (kept at once). Made exactly once however
/// many screens ask at the same moment: whoever finishes making one second takes the one stored
/// first (the check and the write have no await between them, so no two callers, nor two tabs,
/// keep different pairs).
pub async fn key_pair() -> Result<(web_sys::CryptoKey, PublicKey), NoKey> {
    if let Some(pair) = KEY.with(|k| k.borrow().clone()) {
        return Ok(pair);
    }
    let pair = match Place::Local.value::<Stored>(KEY_PAIR_KEY) {
        Some(stored) => import(&stored).await.map_err(|_| NoKey::NoCrypto)?,
        None => make().await?,
    };
    // Another caller may have kept its pair while this one was importing: the first kept wins.
    Ok(KEY.with(|k| k.borrow_mut().get_or_insert(pair).clone()))
}

async fn import(stored: &Stored) -> Result<(web_sys::CryptoKey, PublicKey), JsValue> {
    let public = PublicKey::parse(&stored.public).ok_or(JsValue::NULL)?;
    let pkcs8 = js_sys::Uint8Array::from(from_base64url(&stored.private).ok_or(JsValue::NULL)?.as_slice());
    let private = JsFuture::from(subtle()?.import_key_with_object("pkcs8", &pkcs8, &algorithm(), false, &usages("sign"))?).await?;
    Ok((private.unchecked_into(), public))
}

async fn make() -> Result<(web_sys::CryptoKey, PublicKey), NoKey> {
    async fn generate() -> Result<Stored, JsValue> {
        let subtle = subtle()?;
        let params = web_sys::EcKeyGenParams::new("ECDSA", "P-256");
        let usages = js_sys::Array::of2(&"sign".into(), &"verify".into());
        let pair: web_sys::CryptoKeyPair = JsFuture::from(subtle.generate_key_with_object(&params, true, &usages)?).await?.unchecked_into();
        let private = bytes_of(subtle.export_key("pkcs8", &pair.get_private_key())).await?;
        let public = bytes_of(subtle.export_key("raw", &pair.get_public_key())).await?;
        Ok(Stored { private: base64url(&private), public: base64url(&public) })
    }
    let made = generate().await.map_err(|_| NoKey::NoCrypto)?;
    // Another caller (a second channel of the same screen, another tab) may have stored its pair
    // while this one was being made: that one is this phone's, and this one is dropped unused.
    let stored = match Place::Local.value::<Stored>(KEY_PAIR_KEY) {
        Some(first) => first,
        None => {
            // Kept before first use: a key that signed a file and was then lost would lock this phone out.
            // Full, the phone may free space and sign after all; storage blocked altogether (a
            // private window), it never will: its files go unsigned, as without WebCrypto.
            Place::Local.set(KEY_PAIR_KEY, &made).map_err(|e| {
                if e == SaveError::QuotaExceeded {
                    NoKey::NotStored(e)
                } else {
                    NoKey::NoCrypto
                }
            })?;
            made
        }
    };
    import(&stored).await.map_err(|_| NoKey::NoCrypto)
}

/// Whether this device has made its key pair already.
pub fn has_key_pair() -> bool {
    Place::Local.text(KEY_PAIR_KEY).is_some()
}

/// The file's text, signed with this device's key pair (`Store::signed`); unsigned where the
/// browser refuses to sign.
pub async fn encode(file: &SyncFile, (private, public): (web_sys::CryptoKey, PublicKey)) -> String {
    let to_sign = file.to_sign(&public);
    let signature = match subtle() {
        Ok(subtle) => bytes_of(subtle.sign_with_object_and_u8_array(&ecdsa(), &private, to_sign.message())).await.ok(),
        Err(_) => None,
    };
    match signature {
        Some(sig) => to_sign.finish(&sig),
        None => file.encode(),
    }
}

/// Whether a file's signature is its key's over its message; `None` where WebCrypto is missing
/// (the file is then read as an unsigned one, and may do only what such a file may).
pub async fn verify(check: &SealCheck) -> Option<bool> {
    subtle().ok()?;
    async fn run(check: &SealCheck) -> Result<bool, JsValue> {
        let subtle = subtle()?;
        let raw = js_sys::Uint8Array::from(check.key.bytes());
        let key: web_sys::CryptoKey =
            JsFuture::from(subtle.import_key_with_object("raw", &raw, &algorithm(), false, &usages("verify"))?).await?.unchecked_into();
        let ok = JsFuture::from(subtle.verify_with_object_and_u8_array_and_u8_array(
            &ecdsa(),
            &key,
            &check.signature,
            check.message.as_bytes(),
        )?)
        .await?;
        Ok(ok.as_bool() == Some(true))
    }
    Some(run(check).await.unwrap_or(false))
}

/// An AES-GCM key derived (PBKDF2, `browser::derive_key`) from the owner's password.
async fn sealing_key(password: &str, salt: &[u8], iterations: u32, usage: &str) -> Result<web_sys::CryptoKey, JsValue> {
    let bits = crate::store::browser::derive_key(password, salt, iterations).await;
    let raw = js_sys::Uint8Array::from(bits.as_slice());
    Ok(JsFuture::from(subtle()?.import_key_with_str("raw", &raw, "AES-GCM", false, &usages(usage))?).await?.unchecked_into())
}

/// This phone's private key sealed under `password` (the logged-in account's, checked by the
/// caller), for a 完整备份; `None` where the phone has no key pair or WebCrypto refuses.
pub async fn seal(password: &str) -> Option<SealedKey> {
    async fn run(password: &str) -> Result<SealedKey, JsValue> {
        let stored = Place::Local.value::<Stored>(KEY_PAIR_KEY).ok_or(JsValue::NULL)?;
        let private = from_base64url(&stored.private).ok_or(JsValue::NULL)?;
        let public = PublicKey::parse(&stored.public).ok_or(JsValue::NULL)?;
        let (mut salt, mut nonce) = ([0u8; SealedKey::SALT_LEN], [0u8; SealedKey::NONCE_LEN]);
        crate::store::browser::fill_random(&mut salt);
        crate::store::browser::fill_random(&mut nonce);
        let iterations = crate::core::auth::MIN_ITERATIONS;
        let key = sealing_key(password, &salt, iterations, "encrypt").await?;
        let params = web_sys::AesGcmParams::new("AES-GCM", &js_sys::Uint8Array::from(nonce.as_slice()));
        let data = bytes_of(subtle()?.encrypt_with_object_and_u8_array(&params, &key, &private)).await?;
        Ok(SealedKey { public, salt: base64url(&salt), iterations, nonce: base64url(&nonce), data: base64url(&data) })
    }
    run(password).await.ok()
}

/// Opens a restored backup's sealed key with the password its owner typed and makes it this
/// phone's key pair (replacing any made on the blank phone before the restore). `false` for a
/// wrong password, or a sealed key whose private key is not its public key's.
pub async fn unseal(sealed: &SealedKey, password: &str) -> bool {
    async fn run(sealed: &SealedKey, password: &str) -> Result<(), JsValue> {
        let salt = from_base64url(&sealed.salt).ok_or(JsValue::NULL)?;
        let nonce = from_base64url(&sealed.nonce).ok_or(JsValue::NULL)?;
        let data = from_base64url(&sealed.data).ok_or(JsValue::NULL)?;
        let key = sealing_key(password, &salt, sealed.iterations, "decrypt").await?;
        let params = web_sys::AesGcmParams::new("AES-GCM", &js_sys::Uint8Array::from(nonce.as_slice()));
        // AES-GCM's tag fails for any other password.
        let private = bytes_of(subtle()?.decrypt_with_object_and_u8_array(&params, &key, &data)).await?;
        let stored = Stored { private: base64url(&private), public: sealed.public.text() };
        let pair = import(&stored).await?;
        // The private key must be the public key's: it signs, and the public key checks.
        let probe = b"tuan-restored-key";
        let sig = bytes_of(subtle()?.sign_with_object_and_u8_array(&ecdsa(), &pair.0, probe)).await?;
        let check = SealCheck { key: sealed.public.clone(), signature: sig, message: String::from_utf8_lossy(probe).into_owned() };
        if verify(&check).await != Some(true) {
            return Err(JsValue::NULL);
        }
        Place::Local.set(KEY_PAIR_KEY, &stored).map_err(|_| JsValue::NULL)?;
        KEY.with(|k| *k.borrow_mut() = Some(pair));
        Ok(())
    }
    run(sealed, password).await.is_ok()
}
