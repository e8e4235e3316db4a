//! The text encodings Pushdesk reads, and a reader that turns any of them into UTF-8 as it
//! streams. Which one a file uses is decided in [`super::detect`].

use std::io::{self, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding, BIG5, GB18030, SHIFT_JIS, UTF_16BE, UTF_16LE};
use serde::{Deserialize, Serialize};

pub(crate) const CHUNK: usize = 64 * 1024;

/// A text encoding Pushdesk reads.
///
/// Excel on Chinese Windows saves "CSV" as GBK (code page 936) and "CSV UTF-8" with a BOM;
/// Excel on Taiwanese or Hong Kong Windows saves Big5 (950), on Japanese Windows Shift-JIS
/// (932); "Unicode text" is UTF-16LE with a BOM; other tools write UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// UTF-8 without BOM (ASCII-only files land here too).
    Utf8,
    /// UTF-8 starting with EF BB BF, as Excel's "CSV UTF-8" writes.
    Utf8Bom,
    /// GBK, as Excel on Chinese Windows writes.
    Gbk,
    /// GB18030: GBK plus four-byte sequences (rare characters).
    Gb18030,
    /// Big5 (with the Hong Kong additions), as Excel on Traditional Chinese Windows writes.
    Big5,
    /// Shift-JIS, as Excel on Japanese Windows writes.
    ShiftJis,
    /// UTF-16 little-endian without a BOM.
    Utf16le,
    /// UTF-16 big-endian without a BOM.
    Utf16be,
    /// UTF-16 little-endian starting with FF FE (Excel's "Unicode text").
    Utf16leBom,
    /// UTF-16 big-endian starting with FE FF.
    Utf16beBom,
}

impl TextEncoding {
    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Gbk => "GBK",
            TextEncoding::Gb18030 => "GB18030",
            TextEncoding::Big5 => "Big5",
            TextEncoding::ShiftJis => "Shift-JIS",
            TextEncoding::Utf16le => "UTF-16LE",
            TextEncoding::Utf16be => "UTF-16BE",
            TextEncoding::Utf16leBom => "UTF-16LE with BOM",
            TextEncoding::Utf16beBom => "UTF-16BE with BOM",
        }
    }

    /// The encoding_rs decoder for a non-UTF-8 encoding; `None` when the bytes are UTF-8 already.
    pub(crate) fn decoder_encoding(self) -> Option<&'static Encoding> {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => None,
            // encoding_rs's GBK decoder is GB18030's, so one decoder serves both.
            TextEncoding::Gbk | TextEncoding::Gb18030 => Some(GB18030),
            TextEncoding::Big5 => Some(BIG5),
            TextEncoding::ShiftJis => Some(SHIFT_JIS),
            TextEncoding::Utf16le | TextEncoding::Utf16leBom => Some(UTF_16LE),
            TextEncoding::Utf16be | TextEncoding::Utf16beBom => Some(UTF_16BE),
        }
    }

    /// A fresh decoder. With a BOM variant the BOM is dropped; without one, a BOM-looking
    /// start is text like any other (the user chose this encoding).
    pub(crate) fn new_decoder(self) -> Option<Decoder> {
        let enc = self.decoder_encoding()?;
        Some(match self {
            TextEncoding::Utf16leBom | TextEncoding::Utf16beBom => enc.new_decoder_with_bom_removal(),
            _ => enc.new_decoder_without_bom_handling(),
        })
    }
}

/// Wraps a byte reader so that it yields UTF-8: passes UTF-8 through (dropping a BOM), decodes
/// anything else with encoding_rs as it streams.
pub fn utf8_reader<R: Read + Send + 'static>(input: R, encoding: TextEncoding) -> Box<dyn Read + Send> {
    match encoding.new_decoder() {
        None if encoding == TextEncoding::Utf8Bom => Box::new(SkipBom { inner: input, checked: false }),
        None => Box::new(input),
        Some(decoder) => Box::new(DecodingReader {
            inner: input,
            decoder,
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

    fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
        }
        for unit in text.encode_utf16() {
            out.extend_from_slice(&if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        out
    }

    #[test]
    fn gbk_decodes_as_it_streams() {
        let mut text = "a,b\n".repeat(50_000);
        text.push_str("张三,李四\n");
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert_eq!(decode_all(gbk.into_owned(), TextEncoding::Gbk), text);
    }

    #[test]
    fn readers_decode_and_drop_boms() {
        let bom = [&[0xEF, 0xBB, 0xBF][..], "ok,好".as_bytes()].concat();
        assert_eq!(decode_all(bom, TextEncoding::Utf8Bom), "ok,好");
        assert_eq!(decode_all(utf16("openid\t名", true, true), TextEncoding::Utf16leBom), "openid\t名");
        assert_eq!(decode_all(utf16("openid\t名", false, true), TextEncoding::Utf16beBom), "openid\t名");
    }

    #[test]
    fn utf16_without_bom_and_big5_and_shift_jis_decode() {
        assert_eq!(decode_all(utf16("openid,拿铁", true, false), TextEncoding::Utf16le), "openid,拿铁");
        assert_eq!(decode_all(utf16("openid,拿铁", false, false), TextEncoding::Utf16be), "openid,拿铁");
        let (big5, _, _) = BIG5.encode("拿鐵咖啡");
        assert_eq!(decode_all(big5.into_owned(), TextEncoding::Big5), "拿鐵咖啡");
        let (sjis, _, _) = SHIFT_JIS.encode("東京都,カフェ");
        assert_eq!(decode_all(sjis.into_owned(), TextEncoding::ShiftJis), "東京都,カフェ");
    }

    #[test]
    fn encodings_cross_ipc_as_snake_case() {
        let names: Vec<String> = [
            TextEncoding::Utf8,
            TextEncoding::Utf8Bom,
            TextEncoding::Gbk,
            TextEncoding::Gb18030,
            TextEncoding::Big5,
            TextEncoding::ShiftJis,
            TextEncoding::Utf16le,
            TextEncoding::Utf16beBom,
        ]
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
        assert_eq!(
            names,
            [
                "\"utf8\"",
                "\"utf8_bom\"",
                "\"gbk\"",
                "\"gb18030\"",
                "\"big5\"",
                "\"shift_jis\"",
                "\"utf16le\"",
                "\"utf16be_bom\""
            ]
        );
    }
}
