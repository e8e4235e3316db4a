//! Which encoding a text file is in, judged by what each decoding looks like, not only by which
//! decodings are possible.
//!
//! Most byte sequences that are valid Big5 or Shift-JIS are also valid GBK, so "it decodes" says
//! little: "拿鐵咖啡" in Big5 decodes as GBK to "\u{e18a}臟〡柏". The file is therefore decoded
//! every plausible way at once, streaming (a GBK character on row 900 000 counts), and each
//! decoding is scored by the share of its non-ASCII characters that are common in text written
//! that way (GB2312 hanzi for GBK, Big5's frequent characters for Big5, kana and level-1 kanji
//! for Shift-JIS), minus private-use characters, C1 controls and replacement characters, which
//! no real text contains.
//!
//! Only the everyday cases are [`EncodingGuess::Certain`]: BOMs, ASCII, UTF-8 with CJK text,
//! GBK of common characters that no other decoding rivals, and clear UTF-16 without BOM.
//! Anything else is [`EncodingGuess::Ambiguous`], with the first rows decoded each way, and
//! nothing reads the file until the user has chosen.

use std::io::Read;
use std::path::Path;

use encoding_rs::{Decoder, DecoderResult, Encoder, EncoderResult, Encoding, BIG5, GBK, SHIFT_JIS, UTF_8};
use serde::{Deserialize, Serialize};

use super::delimited::{sniff_delimiter, split_line};
use super::encoding::{TextEncoding, CHUNK};
use super::error::AudienceError;
use super::visible::visible;

/// Bytes at the start of a file looked at for BOMs, the UTF-16 pattern and UTF-16 samples.
const HEAD_BYTES: usize = 64 * 1024;
/// Rows shown per candidate besides the header.
const SAMPLE_ROWS: usize = 5;
/// Raw bytes kept of one sample row.
const SAMPLE_LINE_BYTES: usize = 4096;
/// A legacy decoding scoring this much (share of common characters) is a real contender.
const CONTENDER: f64 = 0.8;
/// GBK is taken without asking when it scores this much…
const GBK_CERTAIN: f64 = 0.85;
/// …and leads every other decoding by this much.
const CERTAIN_MARGIN: f64 = 0.2;
/// A bad character (private use, C1 control, U+FFFD) outweighs this many common ones.
const BAD_WEIGHT: f64 = 4.0;
/// Big5 characters needed before the share of low second bytes says anything.
const BIG5_EVIDENCE: u64 = 8;
/// Below this share of low second bytes, Big5 text is more and more likely GB2312 misread.
const BIG5_LOW_TRAIL_SHARE: f64 = 0.15;

/// What detection concluded about a text file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum EncodingGuess {
    /// Read it this way without asking.
    Certain(TextEncoding),
    /// Ask the user: the candidates, most plausible first, each with the first rows decoded.
    Ambiguous(Vec<EncodingCandidate>),
}

/// One way a file could be read, with what its first rows look like read that way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EncodingCandidate {
    /// The encoding.
    pub encoding: TextEncoding,
    /// Its name for people.
    pub label: String,
    /// The header row, then the first rows with non-ASCII text (where decodings differ),
    /// decoded this way and split into cells. Invisible and private-use characters are shown
    /// as `<U+XXXX>`, so a wrong decoding looks wrong.
    pub sample_rows: Vec<Vec<String>>,
}

/// Decides how the text file at `path` is encoded (see the module docs). Reads the whole file
/// once, in constant memory. Fails when it is not text in any encoding Pushdesk reads.
pub fn detect_encoding(path: &Path) -> Result<EncodingGuess, AudienceError> {
    let file = super::read::display_name(path);
    let resolved = crate::files::check_readable(path)?;
    let input = std::fs::File::open(&resolved).map_err(|e| AudienceError::io(&file, e))?;
    detect_stream(&file, input)
}

/// [`detect_encoding`] over any reader; `file` names it in errors.
pub(crate) fn detect_stream<R: Read>(file: &str, mut input: R) -> Result<EncodingGuess, AudienceError> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut input).take(HEAD_BYTES as u64).read_to_end(&mut head).map_err(|e| AudienceError::io(file, e))?;
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(EncodingGuess::Certain(TextEncoding::Utf8Bom));
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Ok(EncodingGuess::Certain(TextEncoding::Utf16leBom));
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Ok(EncodingGuess::Certain(TextEncoding::Utf16beBom));
    }
    if let Some(le) = utf16_pattern(&head) {
        return detect_utf16(file, head, input, le);
    }
    let mut scan = Scan::new();
    scan.feed(file, &head, false)?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = input.read(&mut buf).map_err(|e| AudienceError::io(file, e))?;
        if n == 0 {
            break;
        }
        scan.feed(file, &buf[..n], false)?;
    }
    scan.feed(file, &[], true)?;
    scan.conclude(file)
}

/// `Some(true)` for UTF-16LE, `Some(false)` for UTF-16BE: ASCII text in UTF-16 has a zero in
/// every other byte, and nothing else does.
fn utf16_pattern(head: &[u8]) -> Option<bool> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let strong = |zeros: usize| zeros * 5 >= pairs;
    let rare = |zeros: usize| zeros * 100 <= pairs;
    if strong(odd) && rare(even) {
        Some(true)
    } else if strong(even) && rare(odd) {
        Some(false)
    } else {
        None
    }
}

/// UTF-16 without BOM: the pattern was clear, so it is certain when the whole file decodes
/// cleanly that way; otherwise both byte orders are offered.
fn detect_utf16<R: Read>(
    file: &str,
    head: Vec<u8>,
    mut input: R,
    le: bool,
) -> Result<EncodingGuess, AudienceError> {
    let (first, second) = if le {
        (TextEncoding::Utf16le, TextEncoding::Utf16be)
    } else {
        (TextEncoding::Utf16be, TextEncoding::Utf16le)
    };
    let mut cand = Candidate::new(first);
    let mut classes = Classes::new();
    cand.feed(&head, false, &mut classes);
    let mut buf = vec![0u8; CHUNK];
    while !cand.malformed {
        let n = input.read(&mut buf).map_err(|e| AudienceError::io(file, e))?;
        if n == 0 {
            break;
        }
        cand.feed(&buf[..n], false, &mut classes);
    }
    cand.feed(&[], true, &mut classes);
    if cand.malformed {
        return Err(AudienceError::NotText { file: file.to_string(), row: None });
    }
    if cand.stats.bad + cand.stats.bad_later == 0 {
        return Ok(EncodingGuess::Certain(first));
    }
    Ok(EncodingGuess::Ambiguous([first, second].into_iter().map(|e| candidate_from_head(e, &head)).collect()))
}

/// Non-ASCII characters classified per decoding: plenty to tell encodings apart, and it keeps
/// a large file's scan fast. Later characters are still decoded (one malformed byte anywhere
/// rules a decoding out) and checked for bad characters.
const CLASSIFIED_CHARS: u64 = 200_000;

/// Counts over one decoding's non-ASCII characters (the first [`CLASSIFIED_CHARS`]).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Stats {
    /// Non-ASCII characters classified.
    pub non_ascii: u64,
    /// Of those, characters common in text written in this encoding.
    pub common: u64,
    /// Of those, private use, C1 controls and U+FFFD.
    pub bad: u64,
    /// Bad characters after the classified ones.
    pub bad_later: u64,
    /// Characters GBK cannot encode (only GB18030's four-byte sequences give them).
    pub beyond_gbk: u64,
    /// Characters from U+0800 up (three or more bytes in UTF-8).
    pub wide: u64,
    /// Big5 only: two-byte characters, and those whose second byte is below 0x7F.
    pub double_byte: u64,
    /// See [`Stats::double_byte`].
    pub low_trail: u64,
}

impl Stats {
    /// Share of common characters, with bad ones counted against it; 1.0 is perfect.
    ///
    /// For Big5 the share is discounted when too few characters have a second byte below
    /// 0x7F. GB2312 text never has one (its second bytes are A1–FE), so read as Big5 it lands
    /// on frequent Big5 characters often enough to look plausible; real Big5 text has a third
    /// or more of its characters there (一 A440, 是 AC4F, 們 ADCC, 鐵 C54B …).
    pub(crate) fn score(&self) -> f64 {
        if self.non_ascii == 0 {
            return 1.0;
        }
        let mut share = self.common as f64 / self.non_ascii as f64;
        if self.double_byte >= BIG5_EVIDENCE {
            let low = self.low_trail as f64 / self.double_byte as f64;
            share *= (low / BIG5_LOW_TRAIL_SHARE).min(1.0);
        }
        share - BAD_WEIGHT * self.bad as f64 / self.non_ascii as f64
    }
}

/// One decoding being tried.
struct Candidate {
    encoding: TextEncoding,
    decoder: Decoder,
    out: String,
    malformed: bool,
    /// Line where decoding failed (counted in the raw bytes, which is exact for
    /// ASCII-compatible encodings: a line feed byte is never part of a character).
    malformed_line: Option<u32>,
    stats: Stats,
}

impl Candidate {
    fn new(encoding: TextEncoding) -> Candidate {
        let decoder = match encoding.new_decoder() {
            Some(d) => d,
            None => UTF_8.new_decoder_without_bom_handling(),
        };
        Candidate {
            encoding,
            decoder,
            out: String::with_capacity(CHUNK * 3),
            malformed: false,
            malformed_line: None,
            stats: Stats::default(),
        }
    }

    /// Decodes `chunk`; returns the offset in it where decoding failed, if it did.
    fn feed(&mut self, chunk: &[u8], last: bool, classes: &mut Classes) -> Option<usize> {
        if self.malformed {
            return None;
        }
        let mut src = chunk;
        loop {
            self.out.clear();
            let (result, read) = self.decoder.decode_to_string_without_replacement(src, &mut self.out, last);
            // ASCII reads the same in every candidate: only the rest tells them apart.
            if !self.out.is_ascii() {
                for c in self.out.chars().filter(|c| !c.is_ascii()) {
                    if self.stats.non_ascii < CLASSIFIED_CHARS {
                        classes.count(self.encoding, c, &mut self.stats);
                    } else if is_bad(c) {
                        self.stats.bad_later += 1;
                    }
                }
            }
            src = &src[read..];
            match result {
                DecoderResult::InputEmpty => return None,
                DecoderResult::OutputFull => {
                    let more = self.decoder.max_utf8_buffer_length(src.len()).unwrap_or(CHUNK * 3);
                    self.out.reserve(more.min(CHUNK * 4));
                }
                DecoderResult::Malformed(_, _) => {
                    self.malformed = true;
                    return Some(chunk.len() - src.len());
                }
            }
        }
    }
}

/// Whether a character is one no real text contains: private use (where GBK puts its
/// user-defined area, so Big5 read as GBK lands there), C1 controls, U+FFFD. (ASCII controls
/// read the same in every candidate, so they tell nothing.)
fn is_bad(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}' | '\u{80}'..='\u{9F}' | '\u{FFFD}')
}

/// Classifies characters through each legacy encoding's byte layout: where a character sits
/// in GBK, Big5 or Shift-JIS says how common it is, with no frequency tables to ship.
struct Classes {
    gbk: Encoder,
    big5: Encoder,
    sjis: Encoder,
}

impl Classes {
    fn new() -> Classes {
        Classes { gbk: GBK.new_encoder(), big5: BIG5.new_encoder(), sjis: SHIFT_JIS.new_encoder() }
    }

    fn count(&mut self, encoding: TextEncoding, c: char, stats: &mut Stats) {
        stats.non_ascii += 1;
        if is_bad(c) {
            stats.bad += 1;
            return;
        }
        if u32::from(c) >= 0x800 {
            stats.wide += 1;
        }
        let common = match encoding {
            TextEncoding::Gbk | TextEncoding::Gb18030 => {
                match encode(&mut self.gbk, c) {
                    Some((lead, trail)) => gbk_common(lead, trail),
                    None => {
                        // Only a four-byte GB18030 sequence gives a character beyond GBK, a
                        // pattern no other encoding's bytes make by chance: a rare hanzi there
                        // (a name) is as plausible as any.
                        stats.beyond_gbk += 1;
                        unicode_common(c)
                    }
                }
            }
            TextEncoding::Big5 => match encode(&mut self.big5, c) {
                Some((lead, trail)) => {
                    stats.double_byte += 1;
                    if trail < 0x7F {
                        stats.low_trail += 1;
                    }
                    big5_common(lead, trail)
                }
                None => false,
            },
            TextEncoding::ShiftJis => {
                is_kana(c) || encode(&mut self.sjis, c).is_some_and(|(lead, trail)| sjis_common(lead, trail))
            }
            _ => unicode_common(c),
        };
        if common {
            stats.common += 1;
        }
    }
}

/// The two bytes `c` has in the encoder's encoding; `None` for characters it cannot encode or
/// encodes otherwise (single bytes, four-byte GB18030).
fn encode(encoder: &mut Encoder, c: char) -> Option<(u8, u8)> {
    let mut text = [0u8; 4];
    let text = c.encode_utf8(&mut text);
    let mut out = [0u8; 8];
    let (result, _, written) = encoder.encode_from_utf8_without_replacement(text, &mut out, true);
    (matches!(result, EncoderResult::InputEmpty) && written == 2).then_some((out[0], out[1]))
}

/// GB2312: its punctuation and full-width forms (rows A1–A3) and its 6 763 hanzi (B0–F7):
/// what simplified Chinese text is made of. GBK's extensions (traditional and rare characters,
/// trail bytes below A1) are valid but uncommon.
fn gbk_common(lead: u8, trail: u8) -> bool {
    trail >= 0xA1 && matches!(lead, 0xA1..=0xA3 | 0xB0..=0xF7)
}

/// Big5: punctuation and full-width forms (A140–A3BF) and the 5 401 frequent characters
/// (A440–C67E). The less frequent ones (C940–F9D5) do not count, or GBK text read as Big5
/// (which lands there) would look as good as GBK.
fn big5_common(lead: u8, trail: u8) -> bool {
    match lead {
        0xA1 | 0xA2 => true,
        0xA3 => trail <= 0xBF,
        0xA4..=0xC5 => true,
        0xC6 => trail <= 0x7E,
        _ => false,
    }
}

/// Shift-JIS: symbols (row 1), full-width letters and digits, and the 2 965 level-1 kanji
/// (889F–9872). Kana are counted by code point.
fn sjis_common(lead: u8, trail: u8) -> bool {
    match lead {
        0x81 => true,
        0x82 => trail <= 0x9A,
        0x88 => trail >= 0x9F,
        0x89..=0x97 => true,
        0x98 => trail <= 0x72,
        _ => false,
    }
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}')
}

/// What UTF-8 text plausibly contains: CJK, kana, hangul, their punctuation and full-width
/// forms, Latin letters with accents, Greek, Cyrillic, typographic punctuation, emoji.
fn unicode_common(c: char) -> bool {
    is_kana(c)
        || matches!(
            c,
            '\u{3400}'..='\u{4DBF}'
                | '\u{4E00}'..='\u{9FFF}'
                | '\u{F900}'..='\u{FAFF}'
                | '\u{20000}'..='\u{323AF}'
                | '\u{00A0}'..='\u{00FF}'
                | '\u{0100}'..='\u{017F}'
                | '\u{0370}'..='\u{03FF}'
                | '\u{0400}'..='\u{04FF}'
                | '\u{2010}'..='\u{206F}'
                | '\u{20A0}'..='\u{20C0}'
                | '\u{2100}'..='\u{27BF}'
                | '\u{3000}'..='\u{303F}'
                | '\u{AC00}'..='\u{D7AF}'
                | '\u{FF01}'..='\u{FF65}'
                | '\u{FFE0}'..='\u{FFE6}'
                | '\u{1F000}'..='\u{1FAFF}'
        )
}

/// The streaming scan of an ASCII-compatible file: every candidate decoding at once, plus the
/// raw sample lines.
struct Scan {
    candidates: Vec<Candidate>,
    classes: Classes,
    non_ascii: bool,
    /// Line feeds seen in the bytes fed so far (for the row of a decoding failure).
    lines_before: u32,
    samples: Samples,
}

impl Scan {
    fn new() -> Scan {
        Scan {
            candidates: [TextEncoding::Utf8, TextEncoding::Gbk, TextEncoding::Big5, TextEncoding::ShiftJis]
                .into_iter()
                .map(Candidate::new)
                .collect(),
            classes: Classes::new(),
            non_ascii: false,
            lines_before: 0,
            samples: Samples::default(),
        }
    }

    fn feed(&mut self, file: &str, chunk: &[u8], last: bool) -> Result<(), AudienceError> {
        if chunk.contains(&0) {
            // No text file Excel or an editor writes has a NUL byte (UTF-16 was ruled out):
            // this is binary.
            return Err(AudienceError::NotText { file: file.to_string(), row: None });
        }
        self.non_ascii |= !chunk.is_ascii();
        self.samples.feed(chunk);
        for cand in &mut self.candidates {
            if let Some(at) = cand.feed(chunk, last, &mut self.classes) {
                let lines = chunk[..at].iter().filter(|b| **b == b'\n').count() as u32;
                cand.malformed_line = Some(self.lines_before.saturating_add(lines).saturating_add(1));
            }
        }
        self.lines_before =
            self.lines_before.saturating_add(chunk.iter().filter(|b| **b == b'\n').count() as u32);
        Ok(())
    }

    fn conclude(mut self, file: &str) -> Result<EncodingGuess, AudienceError> {
        if !self.non_ascii {
            return Ok(EncodingGuess::Certain(TextEncoding::Utf8));
        }
        self.samples.finish();
        let not_text = || {
            let row = self.candidates.iter().filter_map(|c| c.malformed_line).max();
            AudienceError::NotText { file: file.to_string(), row }
        };
        let mut valid: Vec<(TextEncoding, Stats)> = self
            .candidates
            .iter()
            .filter(|c| !c.malformed)
            .map(|c| {
                let enc = if c.encoding == TextEncoding::Gbk && c.stats.beyond_gbk > 0 {
                    TextEncoding::Gb18030
                } else {
                    c.encoding
                };
                (enc, c.stats)
            })
            .collect();
        if valid.is_empty() {
            return Err(not_text());
        }
        if let Some(certain) = certain_choice(&valid) {
            return Ok(EncodingGuess::Certain(certain));
        }
        // Most plausible first; on a tie the order of the list (UTF-8, GBK, Big5, Shift-JIS).
        valid.sort_by(|a, b| b.1.score().total_cmp(&a.1.score()));
        Ok(EncodingGuess::Ambiguous(valid.into_iter().map(|(enc, _)| self.samples.candidate(enc)).collect()))
    }
}

/// The everyday cases that need no question; `None` means ask.
pub(crate) fn certain_choice(valid: &[(TextEncoding, Stats)]) -> Option<TextEncoding> {
    let rival = |except: TextEncoding| {
        valid.iter().filter(|(e, _)| *e != except).map(|(_, s)| s.score()).fold(f64::MIN, f64::max)
    };
    if let Some((_, utf8)) = valid.iter().find(|(e, _)| *e == TextEncoding::Utf8) {
        // Legacy text is valid UTF-8 only by accident, and never with three-byte characters
        // throughout; two-byte ones (accented letters) can be an accident, so a strong legacy
        // rival makes it a question.
        let clean = utf8.bad + utf8.bad_later == 0;
        if clean && (utf8.wide > 0 || rival(TextEncoding::Utf8) < CONTENDER) {
            return Some(TextEncoding::Utf8);
        }
        return None;
    }
    let (gbk_enc, gbk) =
        valid.iter().find(|(e, _)| matches!(e, TextEncoding::Gbk | TextEncoding::Gb18030))?;
    let score = gbk.score();
    let clean = gbk.bad + gbk.bad_later == 0;
    (clean && score >= GBK_CERTAIN && rival(*gbk_enc) <= score - CERTAIN_MARGIN).then_some(*gbk_enc)
}

/// Raw lines kept for the samples: the first non-blank line (the header) and the first lines
/// with non-ASCII bytes, each cut at [`SAMPLE_LINE_BYTES`].
#[derive(Default)]
struct Samples {
    header: Option<Vec<u8>>,
    rows: Vec<Vec<u8>>,
    current: Vec<u8>,
    current_non_ascii: bool,
    done: bool,
}

impl Samples {
    fn feed(&mut self, chunk: &[u8]) {
        if self.done {
            return;
        }
        for &b in chunk {
            if b == b'\n' {
                self.end_line();
                if self.done {
                    return;
                }
            } else {
                self.current_non_ascii |= !b.is_ascii();
                if self.current.len() < SAMPLE_LINE_BYTES {
                    self.current.push(b);
                }
            }
        }
    }

    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.current);
        let non_ascii = std::mem::replace(&mut self.current_non_ascii, false);
        let blank = line.iter().all(|b| b.is_ascii_whitespace());
        if self.header.is_none() {
            if !blank {
                self.header = Some(line);
            }
        } else if non_ascii && self.rows.len() < SAMPLE_ROWS {
            self.rows.push(line);
        }
        self.done = self.rows.len() >= SAMPLE_ROWS;
    }

    fn finish(&mut self) {
        if !self.current.is_empty() {
            self.end_line();
        }
    }

    fn candidate(&self, encoding: TextEncoding) -> EncodingCandidate {
        let delimiter = self.header.as_deref().and_then(sniff_delimiter);
        let sample_rows = self
            .header
            .iter()
            .chain(&self.rows)
            .map(|raw| {
                let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
                split_line(&decode_lossy(encoding, raw), delimiter).into_iter().map(|c| visible(&c)).collect()
            })
            .collect();
        EncodingCandidate { encoding, label: encoding.label().to_string(), sample_rows }
    }
}

/// Decodes bytes for showing, replacing what does not decode with U+FFFD.
fn decode_lossy(encoding: TextEncoding, raw: &[u8]) -> String {
    let enc: &'static Encoding = encoding.decoder_encoding().unwrap_or(UTF_8);
    let (text, _) = enc.decode_without_bom_handling(raw);
    text.into_owned()
}

/// A candidate whose samples come from the first lines of the file's head (UTF-16, where the
/// raw bytes cannot be split into lines before decoding).
fn candidate_from_head(encoding: TextEncoding, head: &[u8]) -> EncodingCandidate {
    let text = decode_lossy(encoding, head);
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = lines.next().unwrap_or_default().to_string();
    let delimiter = sniff_delimiter(header.as_bytes());
    let sample_rows = std::iter::once(header.as_str())
        .chain(lines.take(SAMPLE_ROWS))
        .map(|line| split_line(line, delimiter).into_iter().map(|c| visible(&c)).collect())
        .collect();
    EncodingCandidate { encoding, label: encoding.label().to_string(), sample_rows }
}

/// The scores of every plausible decoding of `bytes`, for tests and diagnostics.
#[cfg(test)]
pub(crate) fn scores(bytes: &[u8]) -> Vec<(TextEncoding, f64)> {
    let mut scan = Scan::new();
    let _ = scan.feed("t", bytes, true);
    scan.candidates.iter().filter(|c| !c.malformed).map(|c| (c.encoding, c.stats.score())).collect()
}

#[cfg(test)]
mod tests {
    use encoding_rs::GB18030;

    use super::*;

    fn guess(bytes: &[u8]) -> EncodingGuess {
        detect_stream("t.csv", bytes).expect("detect")
    }

    fn certain(bytes: &[u8]) -> TextEncoding {
        match guess(bytes) {
            EncodingGuess::Certain(e) => e,
            other => panic!("not certain: {other:?}; scores {:?}", scores(bytes)),
        }
    }

    fn ambiguous(bytes: &[u8]) -> Vec<EncodingCandidate> {
        match guess(bytes) {
            EncodingGuess::Ambiguous(c) => c,
            other => panic!("not ambiguous: {other:?}; scores {:?}", scores(bytes)),
        }
    }

    const CHINESE: &str = "openid,商品名称,收货人\r\noAAAAAAAAAAAAAAAAAAAAAAAAAA1,拿铁咖啡,张三\r\n\
                           oAAAAAAAAAAAAAAAAAAAAAAAAAA2,鸳鸯奶茶,李四\r\n";

    #[test]
    fn everyday_files_are_certain() {
        assert_eq!(certain(b"openid\noAbc\n"), TextEncoding::Utf8);
        assert_eq!(certain(b""), TextEncoding::Utf8);
        assert_eq!(certain(CHINESE.as_bytes()), TextEncoding::Utf8);
        let bom = [&[0xEF, 0xBB, 0xBF][..], CHINESE.as_bytes()].concat();
        assert_eq!(certain(&bom), TextEncoding::Utf8Bom);
        let (gbk, _, _) = GBK.encode(CHINESE);
        assert_eq!(certain(&gbk), TextEncoding::Gbk);
        let (gb4, _, _) = GB18030.encode("openid,姓名\noAbc,王𠀀\n");
        assert_eq!(certain(&gb4), TextEncoding::Gb18030);
    }

    #[test]
    fn gbk_of_names_with_less_common_characters_stays_certain() {
        let text = "openid,姓名,城市\n\
                    oA1,王婷婷,杭州\noA2,李璐,深圳\noA3,赵琪,苏州\noA4,陈昊,厦门\noA5,刘欣怡,南京\n";
        let (gbk, _, _) = GBK.encode(text);
        assert_eq!(certain(&gbk), TextEncoding::Gbk);
    }

    #[test]
    fn gbk_late_in_a_big_file_is_still_found() {
        let mut text = "a,b\n".repeat(50_000);
        text.push_str("张三,李四\n");
        let (gbk, _, _) = GBK.encode(&text);
        assert_eq!(certain(&gbk), TextEncoding::Gbk);
    }

    #[test]
    fn utf8_split_across_chunks_is_utf8() {
        let text = format!("{}中文", "x".repeat(CHUNK - 1));
        assert_eq!(certain(text.as_bytes()), TextEncoding::Utf8);
    }

    #[test]
    fn big5_latte_is_a_question_with_big5_first() {
        let text = "openid,商品名稱,門市\r\noAAAAAAAAAAAAAAAAAAAAAAAAAA1,拿鐵咖啡,台北信義\r\n";
        let (big5, _, _) = BIG5.encode(text);
        let candidates = ambiguous(&big5);
        assert_eq!(candidates[0].encoding, TextEncoding::Big5);
        assert_eq!(candidates[0].label, "Big5");
        assert_eq!(candidates[0].sample_rows[0], ["openid", "商品名稱", "門市"]);
        assert_eq!(candidates[0].sample_rows[1][1], "拿鐵咖啡");
        let gbk = candidates.iter().find(|c| c.encoding == TextEncoding::Gbk).expect("GBK offered");
        assert!(gbk.sample_rows[1][1].contains("<U+E18A>"), "{:?}", gbk.sample_rows);
    }

    #[test]
    fn shift_jis_is_a_question_with_shift_jis_first() {
        let text = "openid,店舗,商品\noA1,東京都,カフェラテ\noA2,大阪府,抹茶\n";
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        assert_eq!(ambiguous(&sjis)[0].encoding, TextEncoding::ShiftJis);
    }

    #[test]
    fn utf16_without_bom_is_detected() {
        let text = "openid\t商品名称\noAAAAAAAAAAAAAAAAAAAAAAAAAA1\t拿铁咖啡\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(certain(&le), TextEncoding::Utf16le);
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(certain(&be), TextEncoding::Utf16be);
    }

    #[test]
    fn binary_and_broken_text_are_not_text() {
        let err = detect_stream("x.csv", &b"PK\x03\x04\x00\x00binary"[..]).unwrap_err();
        assert!(matches!(err, AudienceError::NotText { .. }), "{err}");
        let err = detect_stream("x.csv", &b"openid\n\xff\xff\xff\n"[..]).unwrap_err();
        assert!(matches!(err, AudienceError::NotText { .. }), "{err}");
    }
}
