//! Record links that work without a token, signed as the platform signs them: an HMAC-SHA256 of
//! the key under the store's `urlSigningSecretKey`, its first 30 hex digits in base 62. The
//! official clients build `recordPublicUrl` this way, so their links open here too.

use hmac::{Hmac, Mac};
use sha2::Sha256;

const SIGNATURE_HEX_DIGITS: usize = 30;
const BASE62: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

pub fn sign(secret: &str, message: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(message.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let mut value =
        u128::from_str_radix(&hex[..SIGNATURE_HEX_DIGITS], 16).expect("hex digits parse");
    if value == 0 {
        return "0".into();
    }
    let mut digits = Vec::new();
    while value > 0 {
        digits.push(BASE62[(value % 62) as usize]);
        value /= 62;
    }
    digits.reverse();
    String::from_utf8(digits).expect("ascii")
}

/// Compares in time that does not depend on where the strings first differ.
pub fn matches(secret: &str, message: &str, signature: &str) -> bool {
    if secret.is_empty() {
        return false;
    }
    let expected = sign(secret, message);
    expected.len() == signature.len()
        && expected
            .bytes()
            .zip(signature.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_belongs_to_its_secret_and_its_key() {
        let signature = sign("secret", "OUTPUT");
        assert!(matches("secret", "OUTPUT", &signature));
        assert!(!matches("secret", "INPUT", &signature));
        assert!(!matches("other", "OUTPUT", &signature));
        assert!(!matches("", "OUTPUT", &sign("", "OUTPUT")));
        assert!(signature.bytes().all(|b| b.is_ascii_alphanumeric()));
    }
}
