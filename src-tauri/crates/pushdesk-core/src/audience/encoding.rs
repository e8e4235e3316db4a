//! Which text encoding a recipient file uses, and a reader that turns it into UTF-8.
//!
//! Excel on Chinese Windows saves "CSV" as GBK (code page 936) and "CSV UTF-8" with a BOM;
//! other tools write plain UTF-8, and "Unicode text" is UTF-16 with a BOM. Detection reads the
//! whole file once in chunks (never all of it in memory), so a GBK character on row 900 000 is
//! not mistaken for UTF-8 just because the first rows were ASCII.

use std::io::{self, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE};

const CHUNK: usize = 64 * 1024;

/// A text encoding Pushdesk reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without BOM (ASCII-only files land here too).
    Utf8,
    /// UTF-8 starting with EF BB BF, as Excel's "CSV UTF-8" writes.
    Utf8Bom,
    /// GBK, as Excel on Chinese Windows writes.
    Gbk,
    /// GB18030: GBK plus four-byte sequences (rare characters).
    Gb18030,
    /// UTF-16 little-endian with BOM (Excel's "Unicode text").
    Utf16Le,
    /// UTF-16 big-endian with BOM.
    Utf16Be,
}

impl TextEncoding {
    /// The name shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Gbk => "GBK",
            TextEncoding::Gb18030 => "GB18030",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
        }
    }

    /// The encoding_rs decoder for a non-UTF-8 encoding; `None` when the bytes are UTF-8 already.
    fn decoder_encoding(self) -> Option<&'static Encoding> {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => None,
            // encoding_rs's GBK decoder is GB18030's, so one decoder serves both.
            TextEncoding::Gbk | TextEncoding::Gb18030 => Some(GB18030),
            TextEncoding::Utf16Le => Some(UTF_16LE),
            TextEncoding::Utf16Be => Some(UTF_16BE),
        }
    }
}

/// Reads all of `input` and says which encoding it is in; `Ok(None)` when it is none of them
/// (binary, or text in an encoding Pushdesk does not read).
pub fn detect<R: Read>(mut input: R) -> io::Result<Option<TextEncoding>> {
    let mut buf = vec![0u8; CHUNK];
    let mut head = Vec::new();
    // The first bytes decide BOMs; read until we have 3 or the file ends.
    while head.len() < 3 {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(Some(TextEncoding::Utf8Bom));
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Ok(Some(TextEncoding::Utf16Le));
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Ok(Some(TextEncoding::Utf16Be));
    }

    let mut utf8 = Utf8Check::default();
    let mut gb = GbCheck::new();
    let mut chunk = head;
    loop {
        // A NUL byte never occurs in a text file Excel or an editor writes: it is binary (or
        // UTF-16 without BOM, which we do not guess at).
        if chunk.contains(&0) {
            return Ok(None);
        }
        utf8.feed(&chunk);
        gb.feed(&chunk, false);
        if !gb.ok && utf8.bad {
            break;
        }
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        chunk = buf[..n].to_vec();
    }
    gb.feed(&[], true);
    Ok(if utf8.finish() {
        Some(TextEncoding::Utf8)
    } else if gb.ok {
        Some(if gb.four_byte { TextEncoding::Gb18030 } else { TextEncoding::Gbk })
    } else {
        None
    })
}

/// Incremental UTF-8 validation: a character split between two chunks is carried over.
#[derive(Default)]
struct Utf8Check {
    carry: Vec<u8>,
    bad: bool,
}

impl Utf8Check {
    fn feed(&mut self, chunk: &[u8]) {
        if self.bad {
            return;
        }
        self.carry.extend_from_slice(chunk);
        match std::str::from_utf8(&self.carry) {
            Ok(_) => self.carry.clear(),
            Err(e) if e.error_len().is_none() => {
                let rest = self.carry.split_off(e.valid_up_to());
                self.carry = rest;
            }
            Err(_) => self.bad = true,
        }
    }

    fn finish(self) -> bool {
        !self.bad && self.carry.is_empty()
    }
}

/// Incremental GB18030 validation, remembering whether any four-byte sequence (beyond GBK) was
/// seen, so the label says "GBK" for what Excel writes and "GB18030" only when it is needed.
struct GbCheck {
    decoder: Decoder,
    out: String,
    ok: bool,
    four_byte: bool,
    pending_lead: bool,
}

impl GbCheck {
    fn new() -> Self {
        GbCheck {
            decoder: GB18030.new_decoder_without_bom_handling(),
            out: String::with_capacity(CHUNK * 2),
            ok: true,
            four_byte: false,
            pending_lead: false,
        }
    }

    fn feed(&mut self, chunk: &[u8], last: bool) {
        if !self.ok {
            return;
        }
        // A GB18030 four-byte sequence has a digit (0x30..=0x39) right after its lead byte.
        // Tracking only "previous byte was a lead" is enough for the label; the decoder below
        // is what judges validity.
        let mut i = 0;
        while i < chunk.len() {
            let b = chunk[i];
            if self.pending_lead {
                self.pending_lead = false;
                if b.is_ascii_digit() {
                    self.four_byte = true;
                    i += 3;
                } else {
                    i += 1;
                }
                continue;
            }
            if (0x81..=0xFE).contains(&b) {
                self.pending_lead = true;
            }
            i += 1;
        }
        let mut src = chunk;
        loop {
            self.out.clear();
            let (result, read) = self.decoder.decode_to_string_without_replacement(src, &mut self.out, last);
            src = &src[read..];
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => self.out.reserve(CHUNK * 2),
                DecoderResult::Malformed(_, _) => {
                    self.ok = false;
                    break;
                }
            }
        }
    }
}

/// Wraps a byte reader so that it yields UTF-8: passes UTF-8 through (dropping a BOM), decodes
/// anything else with encoding_rs as it streams.
pub fn utf8_reader<R: Read + Send + 'static>(input: R, encoding: TextEncoding) -> Box<dyn Read + Send> {
    match encoding.decoder_encoding() {
        None if encoding == TextEncoding::Utf8Bom => Box::new(SkipBom { inner: input, checked: false }),
        None => Box::new(input),
        Some(enc) => Box::new(DecodingReader {
            inner: input,
            decoder: enc.new_decoder_with_bom_removal(),
            raw: vec![0; CHUNK],
            raw_start: 0,
            raw_end: 0,
            eof: false,
            out: Vec::with_capacity(CHUNK * 3),
            out_pos: 0,
            done: false,
        }),
    }
}

struct SkipBom<R> {
    inner: R,
    checked: bool,
}

impl<R: Read> Read for SkipBom<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.checked {
            self.checked = true;
            let mut bom = [0u8; 3];
            let mut got = 0;
            while got < 3 {
                let n = self.inner.read(&mut bom[got..])?;
                if n == 0 {
                    break;
                }
                got += n;
            }
            // Detection already saw the BOM; anything else means the file changed underneath
            // us, so hand the bytes on rather than lose them.
            if bom[..got] != [0xEF, 0xBB, 0xBF] {
                let n = got.min(buf.len());
                buf[..n].copy_from_slice(&bom[..n]);
                return Ok(n);
            }
        }
        self.inner.read(buf)
    }
}

struct DecodingReader<R> {
    inner: R,
    decoder: Decoder,
    raw: Vec<u8>,
    raw_start: usize,
    raw_end: usize,
    eof: bool,
    out: Vec<u8>,
    out_pos: usize,
    done: bool,
}

impl<R: Read> DecodingReader<R> {
    /// Decodes the next piece into `out`; false at the end.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.out_pos = 0;
        while self.out.is_empty() {
            if self.done {
                return Ok(false);
            }
            if self.raw_start == self.raw_end && !self.eof {
                let n = self.inner.read(&mut self.raw)?;
                self.raw_start = 0;
                self.raw_end = n;
                self.eof = n == 0;
            }
            let mut text = String::with_capacity(CHUNK * 3);
            let src = &self.raw[self.raw_start..self.raw_end];
            let (result, read) = self.decoder.decode_to_string_without_replacement(src, &mut text, self.eof);
            self.raw_start += read;
            if let DecoderResult::Malformed(_, _) = result {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "malformed text"));
            }
            if self.eof && self.raw_start == self.raw_end && matches!(result, DecoderResult::InputEmpty) {
                self.done = true;
            }
            self.out.extend_from_slice(text.as_bytes());
        }
        Ok(true)
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_pos == self.out.len() && !self.refill()? {
            return Ok(0);
        }
        let n = (self.out.len() - self.out_pos).min(buf.len());
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: Vec<u8>, enc: TextEncoding) -> String {
        let mut out = String::new();
        utf8_reader(io::Cursor::new(bytes), enc).read_to_string(&mut out).expect("decode");
        out
    }

    #[test]
    fn detects_each_encoding() {
        let text = "openid,姓名\n".repeat(3);
        assert_eq!(detect(text.as_bytes()).unwrap(), Some(TextEncoding::Utf8));
        let bom = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
        assert_eq!(detect(&bom[..]).unwrap(), Some(TextEncoding::Utf8Bom));
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert_eq!(detect(&gbk[..]).unwrap(), Some(TextEncoding::Gbk));
        let (gb4, _, _) = GB18030.encode("openid,𠀀\n");
        assert_eq!(detect(&gb4[..]).unwrap(), Some(TextEncoding::Gb18030));
        assert_eq!(detect(&[0x50, 0x4B, 0x03, 0x04, 0x00][..]).unwrap(), None);
        assert_eq!(detect(&[][..]).unwrap(), Some(TextEncoding::Utf8));
    }

    #[test]
    fn gbk_late_in_a_big_file_is_still_found() {
        let mut text = "a,b\n".repeat(50_000);
        text.push_str("张三,李四\n");
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert_eq!(detect(&gbk[..]).unwrap(), Some(TextEncoding::Gbk));
        assert_eq!(decode_all(gbk.into_owned(), TextEncoding::Gbk), text);
    }

    #[test]
    fn utf8_split_across_chunks_is_utf8() {
        let text = format!("{}中文", "x".repeat(CHUNK - 1));
        assert_eq!(detect(text.as_bytes()).unwrap(), Some(TextEncoding::Utf8));
    }

    #[test]
    fn readers_decode_and_drop_boms() {
        let bom = [&[0xEF, 0xBB, 0xBF][..], "ok,好".as_bytes()].concat();
        assert_eq!(decode_all(bom, TextEncoding::Utf8Bom), "ok,好");
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "openid\t名".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_all(utf16, TextEncoding::Utf16Le), "openid\t名");
    }
}
