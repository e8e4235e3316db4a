//! Cuts a file of pushes, as a company's server logs them, into documents: XML documents one
//! after another (on their own lines or not), JSON objects one per line, pretty-printed or in a
//! JSON array — in one pass over a fixed-size buffer, so memory does not grow with the file.
//!
//! Text between documents (a log line's time stamp, an `<?xml …?>` declaration, the commas of
//! an array) is passed over. A document that never ends, or is cut by the start of the next,
//! is reported with its line and byte offset and the rest is read on.

use std::io::Read;

/// A document longer than this is not a push (WeChat's are a few hundred bytes).
pub const MAX_DOCUMENT: usize = 1 << 20;

const CHUNK: usize = 64 * 1024;
const XML_OPEN: &[u8] = b"<xml";
const XML_CLOSE: &[u8] = b"</xml>";

/// How a document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `<xml>…</xml>`.
    Xml,
    /// `{…}`.
    Json,
}

impl Syntax {
    /// How a whole body is written: JSON when it starts with `{`, XML otherwise.
    pub fn of(body: &[u8]) -> Syntax {
        match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Syntax::Json,
            _ => Syntax::Xml,
        }
    }
}

/// Where a document starts in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: u64,
    /// 0-based byte offset.
    pub offset: u64,
}

/// One push, as written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Where it starts.
    pub at: Position,
    /// XML or JSON.
    pub syntax: Syntax,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A part of the file that starts like a push but is not a whole one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// Where it starts.
    pub at: Position,
    /// Why it is not a push.
    pub reason: BrokenReason,
}

/// Why a document is not whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokenReason {
    /// The file (or the next document) starts before this one ends.
    Truncated,
    /// Longer than [`MAX_DOCUMENT`].
    TooLong,
}

/// The documents of a file, in order.
pub struct Documents<R> {
    reader: R,
    buf: Vec<u8>,
    /// Index in `buf` of the next unread byte.
    pos: usize,
    /// File offset of `buf[0]`.
    base: u64,
    /// Line of `buf[pos]`.
    line: u64,
    eof: bool,
    failed: Option<std::io::Error>,
}

impl<R: Read> Documents<R> {
    /// Reads documents from `reader`.
    pub fn new(reader: R) -> Self {
        Documents { reader, buf: Vec::new(), pos: 0, base: 0, line: 1, eof: false, failed: None }
    }

    /// The read error that ended the iteration early, if any.
    pub fn take_error(&mut self) -> Option<std::io::Error> {
        self.failed.take()
    }

    /// Reads another chunk; `false` at the end of the file.
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        if self.pos > 0 && self.pos >= self.buf.len() / 2 {
            self.base += self.pos as u64;
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let len = self.buf.len();
        self.buf.resize(len + CHUNK, 0);
        loop {
            match self.reader.read(&mut self.buf[len..]) {
                Ok(0) => {
                    self.buf.truncate(len);
                    self.eof = true;
                    return false;
                }
                Ok(n) => {
                    self.buf.truncate(len + n);
                    return true;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(len);
                    self.eof = true;
                    self.failed = Some(e);
                    return false;
                }
            }
        }
    }

    fn here(&self) -> Position {
        Position { line: self.line, offset: self.base + self.pos as u64 }
    }

    /// Moves past `n` bytes, counting lines.
    fn advance(&mut self, n: usize) {
        let end = (self.pos + n).min(self.buf.len());
        self.line += self.buf[self.pos..end].iter().filter(|&&b| b == b'\n').count() as u64;
        self.pos = end;
    }

    /// Whether `buf[pos..]` starts an XML document (`<xml>` or `<xml ` …), reading more if
    /// needed.
    fn at_xml_open(&mut self) -> bool {
        while self.buf.len() - self.pos < XML_OPEN.len() + 1 && self.fill() {}
        let rest = &self.buf[self.pos..];
        rest.len() > XML_OPEN.len()
            && rest[..XML_OPEN.len()].eq_ignore_ascii_case(XML_OPEN)
            && matches!(rest[XML_OPEN.len()], b'>' | b' ' | b'\t' | b'\r' | b'\n')
    }

    /// The length of the document starting at `pos`, reading as much as needed; `Err` when it
    /// is broken (then `Err.1` is how many bytes to pass over).
    fn measure(&mut self, syntax: Syntax) -> Result<usize, (BrokenReason, usize)> {
        let mut scanned = 0; // bytes of the document already known not to end it
        let mut json = JsonDepth::default();
        loop {
            let rest = &self.buf[self.pos..];
            match syntax {
                Syntax::Xml => {
                    let from = scanned.max(1);
                    if let Some(i) = find(&rest[from..], XML_CLOSE) {
                        let end = from + i + XML_CLOSE.len();
                        // A document that never closed before the next one opened is cut.
                        if let Some(next) = find_xml_open(&rest[1..from + i]) {
                            return Err((BrokenReason::Truncated, next + 1));
                        }
                        return Ok(end);
                    }
                    scanned = rest.len().saturating_sub(XML_CLOSE.len());
                }
                Syntax::Json => {
                    if let Some(end) = json.scan(&rest[scanned..]) {
                        return Ok(end);
                    }
                    scanned = rest.len();
                }
            }
            if scanned > MAX_DOCUMENT {
                return Err((BrokenReason::TooLong, 1));
            }
            if !self.fill() {
                let rest = &self.buf[self.pos..];
                let skip = match syntax {
                    Syntax::Xml => find_xml_open(&rest[1..]).map_or(rest.len(), |n| n + 1),
                    Syntax::Json => rest.len(),
                };
                return Err((BrokenReason::Truncated, skip));
            }
        }
    }
}

impl<R: Read> Iterator for Documents<R> {
    type Item = Result<Document, Broken>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.pos >= self.buf.len() && !self.fill() {
                return None;
            }
            let first = self.buf[self.pos];
            let syntax = match first {
                b'{' => Syntax::Json,
                b'<' if self.at_xml_open() => Syntax::Xml,
                _ => {
                    self.advance(1);
                    continue;
                }
            };
            let at = self.here();
            return Some(match self.measure(syntax) {
                Ok(len) => {
                    let bytes = self.buf[self.pos..self.pos + len].to_vec();
                    self.advance(len);
                    Ok(Document { at, syntax, bytes })
                }
                Err((reason, skip)) => {
                    self.advance(skip);
                    Err(Broken { at, reason })
                }
            });
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

fn find_xml_open(haystack: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = find(&haystack[from..], XML_OPEN) {
        let at = from + i;
        if matches!(haystack.get(at + XML_OPEN.len()), Some(b'>' | b' ' | b'\t' | b'\r' | b'\n')) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Brace matching over a JSON object, aware of strings and escapes, across chunks.
#[derive(Debug, Default)]
struct JsonDepth {
    depth: usize,
    in_string: bool,
    escaped: bool,
    seen: usize,
}

impl JsonDepth {
    /// Scans more bytes of the object; the object's total length once its closing brace is seen.
    fn scan(&mut self, bytes: &[u8]) -> Option<usize> {
        for (i, &b) in bytes.iter().enumerate() {
            if self.in_string {
                match (self.escaped, b) {
                    (true, _) => self.escaped = false,
                    (false, b'\\') => self.escaped = true,
                    (false, b'"') => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        let end = self.seen + i + 1;
                        return Some(end);
                    }
                }
                _ => {}
            }
        }
        self.seen += bytes.len();
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<Result<(u64, String), (u64, BrokenReason)>> {
        Documents::new(text.as_bytes())
            .map(|d| match d {
                Ok(d) => Ok((d.at.line, String::from_utf8(d.bytes).unwrap())),
                Err(b) => Err((b.at.line, b.reason)),
            })
            .collect()
    }

    #[test]
    fn xml_documents_one_after_another_or_on_lines_with_prefixes() {
        let docs = split("<?xml version=\"1.0\"?><xml><A>1</A></xml><xml><A>2</A></xml>\n2024-05-01 10:00 <xml>\n<A>3</A>\n</xml>\n");
        assert_eq!(
            docs,
            vec![
                Ok((1, "<xml><A>1</A></xml>".into())),
                Ok((1, "<xml><A>2</A></xml>".into())),
                Ok((2, "<xml>\n<A>3</A>\n</xml>".into())),
            ]
        );
    }

    #[test]
    fn a_cut_xml_document_is_reported_and_the_next_one_read() {
        let docs = split("<xml><A>1</A>\n<xml><A>2</A></xml>\n<xml><A>3");
        assert_eq!(
            docs,
            vec![
                Err((1, BrokenReason::Truncated)),
                Ok((2, "<xml><A>2</A></xml>".into())),
                Err((3, BrokenReason::Truncated)),
            ]
        );
    }

    #[test]
    fn json_lines_arrays_and_pretty_objects() {
        let docs =
            split("[{\"a\":\"}\"},\n {\"b\":[1,{\"c\":2}]}]\n{\"d\":\"\\\"{\"}\n{\n  \"e\": 1\n}\n{\"f\":");
        assert_eq!(
            docs,
            vec![
                Ok((1, "{\"a\":\"}\"}".into())),
                Ok((2, "{\"b\":[1,{\"c\":2}]}".into())),
                Ok((3, "{\"d\":\"\\\"{\"}".into())),
                Ok((4, "{\n  \"e\": 1\n}".into())),
                Err((7, BrokenReason::Truncated)),
            ]
        );
    }

    #[test]
    fn documents_across_chunk_boundaries() {
        let one = format!("<xml><Pad>{}</Pad></xml>\n", "x".repeat(1000));
        let text = one.repeat(200);
        let docs: Vec<_> = Documents::new(text.as_bytes()).collect();
        assert_eq!(docs.len(), 200);
        assert!(docs.iter().all(|d| d.as_ref().is_ok_and(|d| d.bytes.len() == one.len() - 1)));
        assert_eq!(docs[199].as_ref().unwrap().at, Position { line: 200, offset: 199 * one.len() as u64 });
    }
}
