//! Which addresses the app opens in the system browser for the page: web pages only, never a
//! file, a custom scheme or a program.

use crate::Error;

/// `url` if it is an http or https address with a host.
pub fn check(url: &str) -> Result<&str, Error> {
    let web = url::Url::parse(url)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
    if web {
        Ok(url)
    } else {
        Err(Error::validation(
            "Greenroom opens only web addresses (http or https) in your browser.",
            format!("refused to open {url:?}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_web_addresses_open() {
        assert!(super::check("https://docs.apify.com/x?y=1").is_ok());
        assert!(super::check("http://example.com").is_ok());
        for refused in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "mailto:a@b.c",
            "ftp://x",
            "x",
            "https://",
        ] {
            assert!(super::check(refused).is_err(), "{refused}");
        }
    }
}
