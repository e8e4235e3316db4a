//! Shared by the hostile-file tests: crafted workbooks built in memory (no committed blobs), and
//! running a test body in a child process under a memory limit.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use flate2::{Compress, Compression, FlushCompress};

/// Address space a memory-bounded child may use. A Rust test binary maps ~100 MiB before it
/// does anything; the readers' bounds (a few MiB for text, the shared strings for workbooks)
/// fit well under this, while the files that broke the old readers needed 450 MB to 7.7 GB.
pub const CHILD_MEMORY_BYTES: u64 = 384 << 20;

const CHILD_ENV: &str = "PUSHDESK_MEMORY_CHILD";

/// Runs the calling test (`test_name`, its path in the test binary) again in a child process
/// whose address space is limited to `bytes` (`prlimit --as`), and checks that it passed. Returns `true` in the child, where the test
/// body runs; `false` in the parent once the child succeeded:
///
/// ```ignore
/// if !under_memory_limit("my_test", CHILD_MEMORY_BYTES) { return; }
/// // … the body, run in the child …
/// ```
pub fn under_memory_limit(test_name: &str, bytes: u64) -> bool {
    if std::env::var_os(CHILD_ENV).is_some() {
        return true;
    }
    let exe = std::env::current_exe().expect("test binary");
    let output = Command::new("prlimit")
        .arg(format!("--as={bytes}"))
        .arg("--")
        .arg(&exe)
        .args([test_name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        // One malloc arena: each extra arena reserves 64 MiB of address space up front, which
        // would count against the limit without ever being used.
        .env("MALLOC_ARENA_MAX", "1")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("prlimit (util-linux) runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{test_name} failed under a {} MiB memory limit ({}):\n{stdout}\n{stderr}",
        bytes >> 20,
        output.status
    );
    false
}

/// A zip entry of a crafted workbook.
pub struct Entry {
    pub name: String,
    /// What goes in the file: stored bytes, or a raw deflate stream.
    pub data: Vec<u8>,
    pub deflated: bool,
    /// The uncompressed size the directory claims.
    pub size: u64,
    pub crc: u32,
}

impl Entry {
    /// An honest entry stored without compression.
    pub fn stored(name: &str, content: &[u8]) -> Entry {
        Entry {
            name: name.to_string(),
            data: content.to_vec(),
            deflated: false,
            size: content.len() as u64,
            crc: crc32fast::hash(content),
        }
    }

    /// An honest deflated entry.
    pub fn deflated(name: &str, content: &[u8]) -> Entry {
        let mut data = full_flush(content);
        data.extend_from_slice(&FINAL_EMPTY_BLOCK);
        Entry {
            name: name.to_string(),
            data,
            deflated: true,
            size: content.len() as u64,
            crc: crc32fast::hash(content),
        }
    }

    /// A deflate bomb: `prefix`, then `chunk` repeated `times`, then `suffix`, in a stream a
    /// thousand times smaller, claiming `claimed_size` bytes (the truth, or a lie).
    pub fn bomb(
        name: &str,
        prefix: &[u8],
        chunk: &[u8],
        times: usize,
        suffix: &[u8],
        claimed_size: u64,
    ) -> Entry {
        let repeated = full_flush(chunk);
        let mut data = full_flush(prefix);
        for _ in 0..times {
            data.extend_from_slice(&repeated);
        }
        data.extend_from_slice(&full_flush(suffix));
        data.extend_from_slice(&FINAL_EMPTY_BLOCK);
        // The CRC is never reached: the reader refuses the part long before its end.
        Entry { name: name.to_string(), data, deflated: true, size: claimed_size, crc: 0 }
    }

    /// The true uncompressed size of a bomb made of these pieces.
    pub fn bomb_size(prefix: &[u8], chunk: &[u8], times: usize, suffix: &[u8]) -> u64 {
        (prefix.len() + chunk.len() * times + suffix.len()) as u64
    }
}

/// A final, empty, fixed-Huffman deflate block: the end of a stream.
const FINAL_EMPTY_BLOCK: [u8; 2] = [0x03, 0x00];

/// `input` as raw deflate blocks ending in a full flush: byte-aligned, independent of what
/// came before, so such pieces can be concatenated (and repeated) into one stream.
fn full_flush(input: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(input.len() / 2 + 1024);
    let mut consumed = 0usize;
    loop {
        if out.capacity() - out.len() < 1024 {
            out.reserve(64 * 1024);
        }
        let before = c.total_in();
        c.compress_vec(&input[consumed..], &mut out, FlushCompress::Full).expect("deflate");
        consumed += (c.total_in() - before) as usize;
        if consumed == input.len() && out.capacity() > out.len() {
            break;
        }
    }
    out
}

/// A zip file of `entries` (no zip64, no data descriptors).
pub fn zip_bytes(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let method: u16 = if e.deflated { 8 } else { 0 };
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&method.to_le_bytes());
            h.extend_from_slice(&0u32.to_le_bytes()); // time, date
            h.extend_from_slice(&e.crc.to_le_bytes());
            h.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(e.size.min(u32::MAX as u64) as u32).to_le_bytes());
            h.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&0u16.to_le_bytes()); // comment
                h.extend_from_slice(&0u16.to_le_bytes()); // disk
                h.extend_from_slice(&0u16.to_le_bytes()); // internal attrs
                h.extend_from_slice(&0u32.to_le_bytes()); // external attrs
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(e.name.as_bytes());
            h
        };
        out.extend_from_slice(&header(0x0403_4b50, false));
        out.extend_from_slice(&e.data);
        directory.extend_from_slice(&header(0x0201_4b50, true));
    }
    let dir_offset = out.len() as u32;
    out.extend_from_slice(&directory);
    out.extend_from_slice(&end_of_directory(entries.len() as u16, directory.len() as u32, dir_offset));
    out
}

/// An end-of-central-directory record claiming `entries` entries.
pub fn end_of_directory(entries: u16, directory_len: u32, directory_offset: u32) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&entries.to_le_bytes());
    out.extend_from_slice(&entries.to_le_bytes());
    out.extend_from_slice(&directory_len.to_le_bytes());
    out.extend_from_slice(&directory_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// The parts every crafted workbook has besides its sheet and shared strings.
pub fn skeleton() -> Vec<Entry> {
    vec![
        Entry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        Entry::stored("_rels/.rels", ROOT_RELS.as_bytes()),
        Entry::stored("xl/workbook.xml", WORKBOOK.as_bytes()),
        Entry::stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
    ]
}

/// A sheet part whose `<sheetData>` holds `rows` (raw XML).
pub fn sheet_xml(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

pub const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
pub const SHEET_END: &str = "</sheetData></worksheet>";
pub const SST_START: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// A workbook of the skeleton, `sheet` and optional shared strings.
pub fn workbook(sheet: Entry, shared: Option<Entry>) -> Vec<u8> {
    let mut entries = skeleton();
    entries.push(sheet);
    entries.extend(shared);
    zip_bytes(&entries)
}

/// Writes `bytes` to `dir/name`.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).expect("create");
    f.write_all(bytes).expect("write");
    path
}

/// An inline-string cell.
pub fn inline(reference: &str, text: &str) -> String {
    format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// An openid of the usual shape.
pub fn oid(i: u32) -> String {
    format!("oAbC{i:024}")
}
