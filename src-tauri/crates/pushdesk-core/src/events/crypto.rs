//! WeChat's message-push security: the URL check's `signature`, safe mode's `msg_signature` and
//! its AES-256-CBC envelope (docs/wechat-api.md, "Delivery results").

use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::Engine;
use sha1::{Digest, Sha1};

use crate::secrets::Sensitive;

type Decryptor = cbc::Decryptor<aes::Aes256>;
type Encryptor = cbc::Encryptor<aes::Aes256>;

/// WeChat pads the plaintext to a multiple of 32 bytes (PKCS#7 with a 32-byte block), not
/// AES's 16.
const PAD_BLOCK: usize = 32;

/// What an account's push configuration holds: the Token that signs, and the EncodingAESKey of
/// safe mode. Both live in the keyring only.
#[derive(Debug, Clone)]
pub struct PushKeys {
    /// The Token set in WeChat's push configuration.
    pub token: Sensitive<String>,
    /// The 43-character EncodingAESKey (compatible and safe mode).
    pub aes_key: Option<Sensitive<String>>,
}

/// Why a push could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// The signature does not match: not from WeChat, or another Token.
    BadSignature,
    /// The EncodingAESKey is not 43 characters of base64.
    BadKey,
    /// The envelope does not decrypt to WeChat's layout.
    BadEnvelope(&'static str),
    /// Encrypted for another AppID.
    OtherApp(String),
    /// Safe mode without an EncodingAESKey.
    NoKey,
}

impl std::fmt::Display for CryptoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CryptoError::BadSignature => write!(f, "the signature does not match the push Token"),
            CryptoError::BadKey => write!(f, "the EncodingAESKey is not 43 characters of base64"),
            CryptoError::BadEnvelope(why) => write!(f, "the encrypted push is damaged ({why})"),
            CryptoError::OtherApp(appid) => write!(f, "the push was encrypted for another AppID ({appid})"),
            CryptoError::NoKey => write!(f, "the push is encrypted and no EncodingAESKey is set"),
        }
    }
}

/// SHA-1 of the sorted, concatenated parts, in lower-case hex: WeChat's `signature` (Token,
/// timestamp, nonce) and `msg_signature` (the same and the `Encrypt` text).
pub fn sign(parts: &[&str]) -> String {
    let mut sorted = parts.to_vec();
    sorted.sort_unstable();
    let digest = Sha1::digest(sorted.concat().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares signatures without an early exit on the first differing byte.
pub fn signature_matches(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.trim().to_ascii_lowercase().into_bytes());
    a.len() == b.len() && a.iter().zip(&b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// An EncodingAESKey is 43 random letters and digits: its last one usually carries bits past
/// the 32 bytes, which a strict base64 decoder refuses and WeChat's own SDKs ignore.
const KEY_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
);

fn key_bytes(aes_key: &Sensitive<String>) -> Result<[u8; 32], CryptoError> {
    let text = aes_key.expose().trim();
    if text.len() != 43 {
        return Err(CryptoError::BadKey);
    }
    let bytes = KEY_BASE64.decode(format!("{text}=")).map_err(|_| CryptoError::BadKey)?;
    bytes.try_into().map_err(|_| CryptoError::BadKey)
}

/// Opens a safe-mode `Encrypt` text: the message and the AppID it was encrypted for, which must
/// be `appid`.
pub fn decrypt(aes_key: &Sensitive<String>, encrypted: &str, appid: &str) -> Result<Vec<u8>, CryptoError> {
    let key = key_bytes(aes_key)?;
    let mut data = STANDARD.decode(encrypted.trim()).map_err(|_| CryptoError::BadEnvelope("not base64"))?;
    if data.is_empty() || data.len() % 16 != 0 {
        return Err(CryptoError::BadEnvelope("not whole AES blocks"));
    }
    let plain = Decryptor::new(&key.into(), key[..16].into())
        .decrypt_padded_mut::<NoPadding>(&mut data)
        .map_err(|_| CryptoError::BadEnvelope("AES"))?;
    let pad = usize::from(*plain.last().unwrap_or(&0));
    if pad == 0 || pad > PAD_BLOCK || pad > plain.len() {
        return Err(CryptoError::BadEnvelope("padding"));
    }
    let plain = &plain[..plain.len() - pad];
    // 16 random bytes, the message's length (4 bytes, big-endian), the message, the AppID.
    let Some(len) = plain.get(16..20) else {
        return Err(CryptoError::BadEnvelope("too short"));
    };
    let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
    let Some(message) = plain.get(20..20usize.saturating_add(len)) else {
        return Err(CryptoError::BadEnvelope("length past the end"));
    };
    let from = String::from_utf8_lossy(&plain[20 + len..]).into_owned();
    if from != appid {
        return Err(CryptoError::OtherApp(from));
    }
    Ok(message.to_vec())
}

/// Seals `message` for `appid` the way WeChat does (the other side of [`decrypt`]; the
/// receiver's tests and tools that write safe-mode files use it).
pub fn encrypt(aes_key: &Sensitive<String>, message: &[u8], appid: &str) -> Result<String, CryptoError> {
    let key = key_bytes(aes_key)?;
    let mut plain = Vec::with_capacity(message.len() + appid.len() + 52);
    plain.extend_from_slice(&rand::random::<[u8; 16]>());
    plain.extend_from_slice(&(message.len() as u32).to_be_bytes());
    plain.extend_from_slice(message);
    plain.extend_from_slice(appid.as_bytes());
    let pad = PAD_BLOCK - plain.len() % PAD_BLOCK;
    plain.extend(std::iter::repeat_n(pad as u8, pad));
    let len = plain.len();
    let sealed = Encryptor::new(&key.into(), key[..16].into())
        .encrypt_padded_mut::<NoPadding>(&mut plain, len)
        .map_err(|_| CryptoError::BadEnvelope("AES"))?;
    Ok(STANDARD.encode(sealed))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    #[test]
    fn signature_is_sha1_of_the_sorted_parts() {
        // sha1("123" + "456" + "token"), sorted as strings.
        assert_eq!(sign(&["token", "456", "123"]), sign(&["123", "456", "token"]));
        assert_eq!(sign(&["a"]), "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8");
        assert!(signature_matches(&sign(&["a"]), "86F7E437FAA5A7FCE15D1DDCB9EAEAEA377667B8"));
        assert!(!signature_matches(&sign(&["a"]), "86f7"));
    }

    #[test]
    fn an_envelope_opens_for_its_appid_only() {
        let key = Sensitive::new(KEY.to_owned());
        let sealed = encrypt(&key, b"<xml>hello</xml>", "wx1234").unwrap();
        assert_eq!(decrypt(&key, &sealed, "wx1234").unwrap(), b"<xml>hello</xml>");
        assert_eq!(decrypt(&key, &sealed, "wx9999"), Err(CryptoError::OtherApp("wx1234".into())));
        let other = Sensitive::new("ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210abcdefg".to_owned());
        assert!(decrypt(&other, &sealed, "wx1234").is_err());
        assert_eq!(decrypt(&Sensitive::new("short".to_owned()), &sealed, "wx1234"), Err(CryptoError::BadKey));
    }
}
