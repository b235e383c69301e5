//! The API token: kept in a type that never prints it.

use secrecy::{ExposeSecret, SecretString};

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

    /// Lends the token to Rust code that must hand it on as it is (the bundled sandbox, which
    /// needs to know which token to accept). Never for logging, formatting or IPC.
    pub fn with_secret<T>(&self, use_it: impl FnOnce(&str) -> T) -> T {
        use_it(self.expose())
    }

    /// A fresh token in the personal-token format, for the bundled sandbox.
    pub fn generate() -> Self {
        use std::hash::{BuildHasher, Hasher};
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        // RandomState is seeded from the OS's randomness for every instance.
        let mut token = String::from("apify_api_");
        for index in 0..36u64 {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u64(index);
            token.push(ALPHABET[(hasher.finish() % ALPHABET.len() as u64) as usize] as char);
        }
        Self(SecretString::from(token))
    }

    pub fn is_empty(&self) -> bool {
        self.expose().is_empty()
    }

    /// Personal tokens are `apify_api_` and 36 letters and digits. Older tokens without the
    /// prefix still work, so a mismatch is a warning for the user, never a refusal.
    pub fn looks_like_apify_token(&self) -> bool {
        let token = self.expose();
        match token.strip_prefix("apify_api_") {
            Some(rest) => rest.len() == 36 && rest.chars().all(|c| c.is_ascii_alphanumeric()),
            None => false,
        }
    }

    /// What the UI may show: the prefix, two characters, an ellipsis and the last two.
    pub fn hint(&self) -> String {
        let token = self.expose();
        let chars: Vec<char> = token.chars().collect();
        if chars.len() < 12 {
            return "…".into();
        }
        let head_len = if token.starts_with("apify_api_") {
            12
        } else {
            2
        };
        let head: String = chars[..head_len].iter().collect();
        let tail: String = chars[chars.len() - 2..].iter().collect();
        format!("{head}…{tail}")
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
        let (one, two) = (ApiToken::generate(), ApiToken::generate());
        assert!(one.looks_like_apify_token());
        assert_ne!(one.expose(), two.expose());
    }

    #[test]
    fn the_hint_shows_only_the_ends() {
        assert_eq!(ApiToken::new(TOKEN).hint(), "apify_api_Ab…x9");
        assert_eq!(ApiToken::new("short").hint(), "…");
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
