//! The API token: kept in a type that never prints it, and whose memory is wiped when dropped.

use secrecy::{ExposeSecret, SecretString};

/// Personal tokens are this prefix and [`PERSONAL_TOKEN_SECRET_LEN`] letters and digits. The UI's
/// "does this look like a token" warning is generated from these two constants.
pub const PERSONAL_TOKEN_PREFIX: &str = "apify_api_";
pub const PERSONAL_TOKEN_SECRET_LEN: usize = 36;

/// A hint shows two characters of the secret part, so it needs at least this many to stay
/// a small share of it.
const HINT_MIN_SECRET_LEN: usize = 8;

#[derive(Clone)]
pub struct ApiToken(SecretString);

impl ApiToken {
    /// Trims what a paste often brings along: whitespace, newlines and quotes.
    pub fn new(raw: &str) -> Self {
        let trimmed = raw
            .trim()
            .trim_matches(|c| c == '"' || c == '\'' || c == '`')
            .trim();
        Self(SecretString::from(trimmed.to_owned()))
    }

    pub(crate) fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// A fresh token in the personal-token format, for the bundled sandbox: 36 characters drawn
    /// from the OS's cryptographic source, without modulo bias. Fails only when the OS gives no
    /// randomness; the caller says what that stopped.
    pub fn generate() -> Result<Self, getrandom::Error> {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        // The largest multiple of 62 that fits a byte: bytes above it would favour some letters.
        const FAIR: u8 = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
        let mut token = zeroize::Zeroizing::new(String::from(PERSONAL_TOKEN_PREFIX));
        let mut bytes = zeroize::Zeroizing::new([0u8; 64]);
        while token.len() < PERSONAL_TOKEN_PREFIX.len() + PERSONAL_TOKEN_SECRET_LEN {
            getrandom::fill(&mut *bytes)?;
            for byte in bytes.iter().filter(|b| **b < FAIR) {
                if token.len() == PERSONAL_TOKEN_PREFIX.len() + PERSONAL_TOKEN_SECRET_LEN {
                    break;
                }
                token.push(ALPHABET[usize::from(*byte) % ALPHABET.len()] as char);
            }
        }
        Ok(Self(SecretString::from(token.as_str())))
    }

    pub fn is_empty(&self) -> bool {
        self.expose().is_empty()
    }

    /// Personal tokens are `apify_api_` and 36 letters and digits. Older tokens without the
    /// prefix still work, so a mismatch is a warning for the user, never a refusal.
    pub fn looks_like_apify_token(&self) -> bool {
        match self.secret_part() {
            Some(rest) => {
                rest.len() == PERSONAL_TOKEN_SECRET_LEN
                    && rest.chars().all(|c| c.is_ascii_alphanumeric())
            }
            None => false,
        }
    }

    /// What follows the personal-token prefix, if the token has it.
    fn secret_part(&self) -> Option<&str> {
        self.expose().strip_prefix(PERSONAL_TOKEN_PREFIX)
    }

    /// What the UI may show: the prefix, two characters, an ellipsis and the last two. Tokens
    /// without the prefix, or with fewer than eight characters after it, show no characters at
    /// all: four of a short secret would give too much of it away.
    pub fn hint(&self) -> String {
        let Some(secret) = self.secret_part() else {
            return "…".into();
        };
        let chars: Vec<char> = secret.chars().collect();
        if chars.len() < HINT_MIN_SECRET_LEN {
            return "…".into();
        }
        let head: String = chars[..2].iter().collect();
        let tail: String = chars[chars.len() - 2..].iter().collect();
        format!("{PERSONAL_TOKEN_PREFIX}{head}…{tail}")
    }

    /// Replaces the token wherever it appears in a text (an error from a library, a URL).
    pub fn redact(&self, text: &str) -> String {
        let token = self.expose();
        if token.is_empty() {
            text.to_owned()
        } else {
            text.replace(token, "***")
        }
    }
}

impl ApiToken {
    /// Replaces the secret part of a personal token (what follows `apify_api_`) wherever it
    /// appears alone, as a leak check must also catch it without its prefix.
    pub fn redact_secret_part(&self, text: &str) -> String {
        match self.secret_part() {
            Some(secret) if !secret.is_empty() => text.replace(secret, "***"),
            _ => self.redact(text),
        }
    }
}

impl std::fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::fmt::Display for ApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "apify_api_Ab34567890123456789012345678901234x9";

    #[test]
    fn debug_and_display_never_show_the_token() {
        let token = ApiToken::new(TOKEN);
        assert_eq!(format!("{token:?} {token}"), "*** ***");
    }

    #[test]
    fn a_paste_is_trimmed_of_whitespace_and_quotes() {
        let token = ApiToken::new(&format!("  \"{TOKEN}\"\n"));
        assert_eq!(token.expose(), TOKEN);
        assert!(token.looks_like_apify_token());
        assert!(!ApiToken::new("abc").looks_like_apify_token());
    }

    #[test]
    fn generated_tokens_look_like_personal_tokens_and_differ() {
        let tokens: Vec<ApiToken> = (0..200).map(|_| ApiToken::generate().unwrap()).collect();
        assert!(tokens.iter().all(ApiToken::looks_like_apify_token));
        let mut secrets: Vec<&str> = tokens.iter().map(ApiToken::expose).collect();
        secrets.sort();
        secrets.dedup();
        assert_eq!(secrets.len(), tokens.len());
        // 200 × 36 draws: every one of the 62 characters turns up.
        let mut seen: Vec<char> = secrets.iter().flat_map(|s| s[10..].chars()).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 62);
    }

    #[test]
    fn the_hint_shows_only_the_ends_of_a_long_enough_personal_token() {
        assert_eq!(ApiToken::new(TOKEN).hint(), "apify_api_Ab…x9");
        assert_eq!(
            ApiToken::new("apify_api_Ab3456x9").hint(),
            "apify_api_Ab…x9"
        );
        assert_eq!(ApiToken::new("apify_api_Ab345x9").hint(), "…");
        assert_eq!(ApiToken::new("short").hint(), "…");
        assert_eq!(ApiToken::new("OldStyleTokenWithoutPrefix123").hint(), "…");
    }

    #[test]
    fn redact_removes_every_occurrence() {
        let token = ApiToken::new(TOKEN);
        assert_eq!(
            token.redact(&format!("GET /x?token={TOKEN} and {TOKEN}")),
            "GET /x?token=*** and ***"
        );
    }
}
