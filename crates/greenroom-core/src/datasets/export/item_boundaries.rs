//! Finds where items start in an export's body, so a broken download can be cut back to an item
//! boundary and resumed by item ranges. It looks at every byte of an export, so JSON, JSON lines
//! and CSV are scanned a 64-byte block at a time: bit masks of the few bytes that matter, strings
//! found with a prefix XOR of the unescaped quotes, and only the structural bytes left over are
//! visited one by one. XML and HTML jump from `<` to `<` and read only the tags.

use crate::datasets::export::byte_masks::{byte_masks, prefix_xor, BLOCK};

/// How items are laid out in a format that can resume by item ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// One item a line (JSON lines: newlines inside strings are always escaped).
    Lines,
    /// One item an object inside the top-level array.
    JsonArray,
    /// One item a CSV row after the header row; quoted fields may hold newlines.
    CsvRows,
    /// One item an element inside the root element.
    XmlElements,
    /// One item a table row after the header row.
    HtmlRows,
}

const UTF8_BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
const EVEN_BITS: u64 = 0x5555_5555_5555_5555;

/// Fed a body chunk by chunk, it reports the body positions where items start, in order. Bytes
/// are looked at in whole blocks, so the last few of a chunk wait for the next one, or for
/// [`Scanner::finish`] at the end.
pub(crate) struct Scanner {
    layout: Layout,
    /// The body position of the next block.
    position: u64,
    tail: [u8; BLOCK],
    tail_len: usize,
    /// A row ended with the last byte looked at, so the next byte starts an item.
    row_start_pending: bool,
    /// A BOM may still come first (lines only: for CSV and JSON it sits in the prefix).
    at_body_start: bool,
    /// All ones while inside a string at the end of the last block.
    in_string: u64,
    /// 1 when the last block ended in an odd run of backslashes, escaping the next byte.
    escape_carry: u64,
    depth: i64,
    markup: Markup,
}

impl Scanner {
    /// A scanner for a whole answer: BOM, `[` or a header row come before the first item.
    pub(crate) fn new(layout: Layout) -> Self {
        Scanner {
            layout,
            position: 0,
            tail: [0; BLOCK],
            tail_len: 0,
            row_start_pending: layout == Layout::Lines,
            at_body_start: true,
            in_string: 0,
            escape_carry: 0,
            depth: 0,
            markup: Markup::default(),
        }
    }

    /// A scanner for bytes that begin where an item begins, at `position` of the file.
    pub(crate) fn continuing(layout: Layout, position: u64) -> Self {
        Scanner {
            position,
            row_start_pending: matches!(layout, Layout::Lines | Layout::CsvRows),
            at_body_start: false,
            markup: Markup {
                depth: 1,
                rows: 1,
                ..Markup::default()
            },
            ..Scanner::new(layout)
        }
    }

    pub(crate) fn feed(&mut self, mut chunk: &[u8], on_start: &mut impl FnMut(u64)) {
        if matches!(self.layout, Layout::XmlElements | Layout::HtmlRows) {
            let rows = self.layout == Layout::HtmlRows;
            self.markup.feed(chunk, self.position, rows, on_start);
            self.position += chunk.len() as u64;
            return;
        }
        if self.tail_len > 0 {
            let taken = (BLOCK - self.tail_len).min(chunk.len());
            self.tail[self.tail_len..self.tail_len + taken].copy_from_slice(&chunk[..taken]);
            self.tail_len += taken;
            chunk = &chunk[taken..];
            if self.tail_len < BLOCK {
                return;
            }
            let block = self.tail;
            self.tail_len = 0;
            self.block(&block, BLOCK, on_start);
        }
        let mut blocks = chunk.chunks_exact(BLOCK);
        for block in &mut blocks {
            self.block(block.try_into().expect("a whole block"), BLOCK, on_start);
        }
        let rest = blocks.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    /// Looks at the bytes still waiting for a whole block: the body has ended.
    pub(crate) fn finish(&mut self, on_start: &mut impl FnMut(u64)) {
        if self.tail_len > 0 {
            // Spaces are none of the bytes any layout looks for.
            let mut block = [b' '; BLOCK];
            block[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
            let valid = self.tail_len;
            self.tail_len = 0;
            self.block(&block, valid, on_start);
        }
    }

    fn block(&mut self, block: &[u8; BLOCK], valid: usize, on_start: &mut impl FnMut(u64)) {
        match self.layout {
            Layout::Lines => {
                let [newlines] = byte_masks(block, [b'\n']);
                self.rows(block, newlines, valid, on_start);
            }
            Layout::CsvRows => {
                // A doubled quote inside a quoted field flips the state twice, so plain parity
                // tells what is inside quotes.
                let [quotes, newlines] = byte_masks(block, [b'"', b'\n']);
                let inside = prefix_xor(quotes) ^ self.in_string;
                self.in_string = ((inside as i64) >> 63) as u64;
                self.rows(block, newlines & !inside, valid, on_start);
            }
            Layout::XmlElements | Layout::HtmlRows => unreachable!("markup is not read in blocks"),
            Layout::JsonArray => {
                let [quotes, backslashes, opening, closing] =
                    byte_masks(block, [b'"', b'\\', b'{', b'}']);
                let inside = prefix_xor(quotes & !self.escaped(backslashes)) ^ self.in_string;
                self.in_string = ((inside as i64) >> 63) as u64;
                let mut braces = (opening | closing) & !inside;
                while braces != 0 {
                    let at = braces.trailing_zeros();
                    if opening >> at & 1 == 1 {
                        if self.depth == 0 {
                            on_start(self.position + u64::from(at));
                        }
                        self.depth += 1;
                    } else {
                        self.depth -= 1;
                    }
                    braces &= braces - 1;
                }
            }
        }
        self.at_body_start = false;
        self.position += valid as u64;
    }

    /// Items start after each row end that some byte follows.
    fn rows(
        &mut self,
        block: &[u8; BLOCK],
        row_ends: u64,
        valid: usize,
        on_start: &mut impl FnMut(u64),
    ) {
        if self.row_start_pending {
            let skip_bom = self.at_body_start && valid >= 3 && block[..3] == UTF8_BOM;
            on_start(self.position + if skip_bom { 3 } else { 0 });
        }
        let in_block = if valid == BLOCK {
            u64::MAX
        } else {
            (1 << valid) - 1
        };
        let row_ends = row_ends & in_block;
        self.row_start_pending = row_ends >> (valid - 1) & 1 == 1;
        let mut followed = row_ends & !(1 << (valid - 1));
        while followed != 0 {
            on_start(self.position + u64::from(followed.trailing_zeros()) + 1);
            followed &= followed - 1;
        }
    }

    /// The bytes escaped by a backslash: those after an odd run of backslashes. Runs are told
    /// apart by whether they start on an even or odd bit, with one addition (simdjson's trick).
    fn escaped(&mut self, backslashes: u64) -> u64 {
        let backslashes = backslashes & !self.escape_carry;
        let follows_escape = (backslashes << 1) | self.escape_carry;
        let odd_starts = backslashes & !EVEN_BITS & !follows_escape;
        let (even_runs, overflowed) = odd_starts.overflowing_add(backslashes);
        self.escape_carry = u64::from(overflowed);
        (EVEN_BITS ^ (even_runs << 1)) & follows_escape
    }
}

/// Where a markup scan is: between tags, or somewhere inside one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Tag {
    #[default]
    Outside,
    /// Right after `<`.
    Opened,
    /// In an element's name.
    Name,
    /// In an opening tag after its name; `quote` is the quote of an attribute value it is in.
    Attributes { quote: u8 },
    /// In `</…>`.
    Closing,
    /// Right after `<!`: a comment, CDATA or a document type follows.
    Bang,
    /// In `<!…` or `<?…` until `end` (`-->`, `]]>`, `?>` or `>`) shows.
    Declaration { end: &'static [u8] },
}

/// Tags, read one byte at a time; text between them is skipped whole (it holds no `<`: both
/// formats escape it).
#[derive(Default)]
struct Markup {
    tag: Tag,
    /// Where the tag being read began.
    tag_start: u64,
    /// The first bytes of the element's name, lower-cased.
    name: [u8; 2],
    name_len: usize,
    /// The last three bytes, for spotting the end of a declaration or a self-closing tag.
    recent: [u8; 3],
    /// Open elements (XML).
    depth: u32,
    /// Table rows seen, the header row included (HTML).
    rows: u64,
}

impl Markup {
    fn feed(&mut self, chunk: &[u8], base: u64, html_rows: bool, on_start: &mut impl FnMut(u64)) {
        let mut at = 0;
        while at < chunk.len() {
            if self.tag == Tag::Outside {
                let Some(next) = memchr::memchr(b'<', &chunk[at..]) else {
                    return;
                };
                at += next;
                self.tag_start = base + at as u64;
                self.tag = Tag::Opened;
                self.recent = [0; 3];
                at += 1;
                continue;
            }
            let byte = chunk[at];
            self.tag = match self.tag {
                Tag::Outside => unreachable!("handled above"),
                Tag::Opened => match byte {
                    b'/' => Tag::Closing,
                    b'!' => Tag::Bang,
                    b'?' => Tag::Declaration { end: b"?>" },
                    _ => {
                        self.name = [byte.to_ascii_lowercase(), 0];
                        self.name_len = 1;
                        Tag::Name
                    }
                },
                Tag::Name if byte.is_ascii_whitespace() || byte == b'/' || byte == b'>' => {
                    self.element_opened(html_rows, on_start);
                    // The byte also belongs to the rest of the tag.
                    self.recent = [0; 3];
                    Tag::Attributes { quote: 0 }.after(byte, &mut self.recent, &mut self.depth)
                }
                Tag::Name => {
                    if let Some(slot) = self.name.get_mut(self.name_len) {
                        *slot = byte.to_ascii_lowercase();
                    }
                    self.name_len += 1;
                    Tag::Name
                }
                attributes @ Tag::Attributes { .. } => {
                    attributes.after(byte, &mut self.recent, &mut self.depth)
                }
                Tag::Closing if byte == b'>' => {
                    self.depth = self.depth.saturating_sub(1);
                    Tag::Outside
                }
                Tag::Closing => Tag::Closing,
                Tag::Bang => match byte {
                    b'-' => Tag::Declaration { end: b"-->" },
                    b'[' => Tag::Declaration { end: b"]]>" },
                    b'>' => Tag::Outside,
                    _ => Tag::Declaration { end: b">" },
                },
                Tag::Declaration { end } => {
                    self.recent = [self.recent[1], self.recent[2], byte];
                    if self.recent.ends_with(end) {
                        Tag::Outside
                    } else {
                        Tag::Declaration { end }
                    }
                }
            };
            at += 1;
        }
    }

    fn element_opened(&mut self, html_rows: bool, on_start: &mut impl FnMut(u64)) {
        if html_rows {
            if self.name_len == 2 && self.name == *b"tr" {
                self.rows += 1;
                if self.rows > 1 {
                    on_start(self.tag_start);
                }
            }
        } else if self.depth == 1 {
            on_start(self.tag_start);
        }
    }
}

impl Tag {
    /// The state after `byte` in an opening tag's attributes; an element that is not
    /// self-closing is open once its tag ends.
    fn after(self, byte: u8, recent: &mut [u8; 3], depth: &mut u32) -> Tag {
        let Tag::Attributes { quote } = self else {
            return self;
        };
        let previous = recent[2];
        *recent = [recent[1], recent[2], byte];
        match byte {
            _ if quote != 0 => Tag::Attributes {
                quote: if byte == quote { 0 } else { quote },
            },
            b'"' | b'\'' => Tag::Attributes { quote: byte },
            b'>' => {
                if previous != b'/' {
                    *depth += 1;
                }
                Tag::Outside
            }
            _ => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(layout: Layout, body: &[u8], chunk: usize) -> Vec<u64> {
        let mut scanner = Scanner::new(layout);
        let mut found = Vec::new();
        for piece in body.chunks(chunk) {
            scanner.feed(piece, &mut |start| found.push(start));
        }
        scanner.finish(&mut |start| found.push(start));
        found
    }

    const CHUNKINGS: [usize; 8] = [1, 2, 3, 5, 63, 64, 65, 1000];

    #[test]
    fn json_items_start_at_objects_in_the_top_array_whatever_the_chunking() {
        let body = br#"[
{"a":"x{[\"}"},
{"b":{"c":[1,{"d":2}]}}
]"#;
        for chunk in CHUNKINGS {
            assert_eq!(starts(Layout::JsonArray, body, chunk), [2, 18], "{chunk}");
        }
    }

    #[test]
    fn backslash_runs_decide_whether_a_quote_ends_a_string() {
        // `"a\\"`: two backslashes, so the quote ends the string. `"b\\\"}{"`: three, so that
        // quote is escaped and `}{` is text until the next quote.
        let body = br#"[{"k":"a\\"},{"k":"b\\\"}{"},{"z":1}]"#;
        for chunk in CHUNKINGS {
            assert_eq!(
                starts(Layout::JsonArray, body, chunk),
                [1, 13, 29],
                "{chunk}"
            );
        }
    }

    /// One byte at a time, the obvious way, to check the block scanner against.
    fn json_starts_by_hand(body: &[u8]) -> Vec<u64> {
        let (mut depth, mut in_string, mut escaped) = (0, false, false);
        let mut found = Vec::new();
        for (at, &byte) in body.iter().enumerate() {
            if in_string {
                match (escaped, byte) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match byte {
                b'"' => in_string = true,
                b'{' if depth == 0 => {
                    found.push(at as u64);
                    depth += 1;
                }
                b'{' => depth += 1,
                b'}' => depth -= 1,
                _ => {}
            }
        }
        found
    }

    #[test]
    fn block_scanning_agrees_with_byte_scanning_across_block_edges() {
        // Strings full of backslash runs and quotes of every parity, at every offset, so runs
        // and strings cross block and chunk edges in every way.
        let mut seed = 1u64;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..300 {
            let mut body = String::from("[");
            for item in 0..next(12) {
                if item > 0 {
                    body.push(',');
                }
                body.push_str("{\"k\":\"");
                for _ in 0..next(40) {
                    match next(6) {
                        0 => body.push_str(&"\\\\".repeat(next(4) as usize)),
                        1 => body.push_str("\\\""),
                        2 => body.push_str("{}["),
                        3 => body.push_str(&" ".repeat(next(70) as usize)),
                        _ => body.push('x'),
                    }
                }
                body.push_str("\",\"n\":{\"m\":[{}]}}");
            }
            body.push(']');
            let expected = json_starts_by_hand(body.as_bytes());
            for chunk in [1, 7, 64, 100, 4096] {
                assert_eq!(starts(Layout::JsonArray, body.as_bytes(), chunk), expected);
            }
        }
    }

    #[test]
    fn csv_rows_start_after_the_header_and_allow_quoted_newlines() {
        let body = "\u{feff}a,b\n1,\"x\ny\"\n2,\"say \"\"hi\"\"\n\"\n3,z\n".as_bytes();
        for chunk in CHUNKINGS {
            assert_eq!(starts(Layout::CsvRows, body, chunk), [7, 15, 31], "{chunk}");
        }
    }

    #[test]
    fn lines_start_everywhere_a_line_does_after_any_bom() {
        for chunk in CHUNKINGS {
            assert_eq!(starts(Layout::Lines, b"{}\n{\"a\":1}\n", chunk), [0, 3]);
            assert_eq!(
                starts(Layout::Lines, "\u{feff}{}\n{}".as_bytes(), chunk),
                [3, 6]
            );
        }
        let long_line = format!("{}\n{{}}\n", "x".repeat(200));
        assert_eq!(starts(Layout::Lines, long_line.as_bytes(), 64), [0, 201]);
    }

    #[test]
    fn a_continuation_starts_with_an_item_and_counts_from_its_file_position() {
        let mut found = Vec::new();
        for layout in [Layout::Lines, Layout::CsvRows] {
            let mut scanner = Scanner::continuing(layout, 100);
            scanner.feed(b"1,2\n3,4\n", &mut |start| found.push(start));
            scanner.finish(&mut |start| found.push(start));
        }
        let mut scanner = Scanner::continuing(Layout::JsonArray, 100);
        scanner.feed(b"{\"a\":1},\n{}]", &mut |start| found.push(start));
        scanner.finish(&mut |start| found.push(start));
        let mut scanner = Scanner::continuing(Layout::XmlElements, 100);
        scanner.feed(b"<i>1</i>\n<i/>\n</items>", &mut |start| found.push(start));
        let mut scanner = Scanner::continuing(Layout::HtmlRows, 100);
        scanner.feed(b"<tr><td>1</td></tr>\n<tr>", &mut |start| found.push(start));
        assert_eq!(found, [100, 104, 100, 104, 100, 109, 100, 109, 100, 120]);
    }

    #[test]
    fn xml_items_are_the_root_elements_children_whatever_the_chunking() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<!-- <item>not one</item> -->
<items>
<item><a x="1>2" y='/'>t</a><b/><c><![CDATA[<item>]]></c></item>
<item/>
<item>
  <nested><item>inner</item></nested>
</item>
</items>
"#;
        let text = std::str::from_utf8(body).unwrap();
        let expected: Vec<u64> = ["<item><a", "<item/>", "<item>\n  <nested>"]
            .iter()
            .map(|needle| text.find(needle).unwrap() as u64)
            .collect();
        for chunk in CHUNKINGS {
            assert_eq!(
                starts(Layout::XmlElements, body, chunk),
                expected,
                "{chunk}"
            );
        }
    }

    #[test]
    fn html_items_are_the_table_rows_after_the_header_row() {
        let body = b"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body><table>\n\
<tr><th>a</th></tr>\n<tr><td>1 &lt;tr&gt;</td></tr>\n<TR><td>2</td></TR>\n<track/><tr\n><td></td></tr></table>";
        let text = std::str::from_utf8(body).unwrap();
        let expected: Vec<u64> = ["<tr><td>1", "<TR>", "<tr\n>"]
            .iter()
            .map(|needle| text.find(needle).unwrap() as u64)
            .collect();
        for chunk in CHUNKINGS {
            assert_eq!(starts(Layout::HtmlRows, body, chunk), expected, "{chunk}");
        }
    }
}
