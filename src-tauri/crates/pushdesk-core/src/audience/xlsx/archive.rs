//! The zip container of a workbook, opened so that no entry can cost more than the limits.
//!
//! Before the zip crate reads the central directory (it keeps one record per entry), the end
//! of the file is checked for how many entries and how large a directory it claims. Each part
//! is then inflated through [`Budget`], which counts what comes out: a part is refused beyond
//! its declared size, beyond [`ReadLimits::max_part_bytes`], beyond the total for the file, and
//! beyond [`ReadLimits::max_inflate_ratio`] times its compressed size (a zip bomb inflates a
//! thousand times and more). The XML on top is read event by event, and no single event (a
//! tag, a text run) may be longer than [`ReadLimits::max_record_bytes`], so quick-xml's buffer
//! stays small whatever the part holds.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use quick_xml::events::Event;
use zip::ZipArchive;

use super::super::error::AudienceError;
use super::super::limits::{ReadLimits, RATIO_GRACE_BYTES};
use crate::Bilingual;

/// The 8 bytes every OLE compound file starts with: an `.xls`, or an `.xlsx` with a password.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const EOCD_SIG: u32 = 0x0605_4b50;
const EOCD64_LOCATOR_SIG: u32 = 0x0706_4b50;
const EOCD64_SIG: u32 = 0x0606_4b50;
/// The end-of-directory record is 22 bytes plus a comment of up to 65 535.
const EOCD_SEARCH: u64 = 22 + 65_535;
/// Central directory bytes allowed per entry (a header is 46 bytes plus name and extras).
const DIRECTORY_BYTES_PER_ENTRY: u64 = 1024;

/// Which limit a part ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exceeded {
    /// More than the directory said the part holds.
    Declared,
    /// More than one part may hold.
    Part,
    /// More than all parts together may hold.
    Total,
    /// More than `max_inflate_ratio` times its compressed size.
    Ratio,
    /// One XML element or text run longer than `max_record_bytes`.
    Event,
}

/// Counts the bytes a part inflates to and stops at the first limit.
pub(crate) struct Budget<R> {
    inner: R,
    read: u64,
    limit: u64,
    declared: u64,
    ratio_cap: u64,
    total_left: u64,
    /// Bytes since the last XML event; reset by [`XmlPart::next`].
    event: u64,
    event_limit: u64,
    exceeded: Option<Exceeded>,
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.exceeded.is_some() {
            return Err(io::Error::other("limit reached"));
        }
        // Never ask for more than one byte past the nearest limit: the check below then trips
        // without inflating a large buffer first.
        let room = self.limit.min(self.ratio_cap).min(self.total_left).saturating_sub(self.read);
        let want = buf.len().min(usize::try_from(room.saturating_add(1)).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.read += n as u64;
        self.event += n as u64;
        self.exceeded = if self.read > self.declared {
            Some(Exceeded::Declared)
        } else if self.read > self.total_left {
            Some(Exceeded::Total)
        } else if self.read > self.limit {
            Some(Exceeded::Part)
        } else if self.read > self.ratio_cap {
            Some(Exceeded::Ratio)
        } else if self.event > self.event_limit {
            Some(Exceeded::Event)
        } else {
            None
        };
        if self.exceeded.is_some() {
            return Err(io::Error::other("limit reached"));
        }
        Ok(n)
    }
}

/// Why reading a part stopped.
#[derive(Debug)]
pub(crate) enum PartError {
    /// A limit; the caller says which in words.
    Limit(Exceeded),
    /// The XML is broken.
    Xml(String),
}

/// An open workbook file.
pub(crate) struct Archive {
    zip: ZipArchive<BufReader<File>>,
    names: Vec<String>,
    file: String,
    limits: ReadLimits,
    /// Bytes inflated so far, over all parts.
    used: u64,
}

impl Archive {
    /// Opens `path` as a zip whose directory is within the limits.
    pub(crate) fn open(path: &Path, file: &str, limits: ReadLimits) -> Result<Archive, AudienceError> {
        let workbook = |message: Bilingual| AudienceError::Workbook { file: file.to_string(), message };
        let mut handle = File::open(path).map_err(|e| AudienceError::io(file, e))?;
        let mut magic = [0u8; 8];
        let got = read_up_to(&mut handle, &mut magic).map_err(|e| AudienceError::io(file, e))?;
        if got == 8 && magic == CFB_MAGIC {
            return Err(workbook(Bilingual::new(
                "it is an old .xls workbook or is protected with a password; open it in Excel and \
                 save it as .xlsx without a password",
                "这是旧版的 .xls 工作簿，或者设置了密码：请在 Excel 中打开它，另存为没有密码的 .xlsx 文件",
            )));
        }
        let (entries, directory_bytes) =
            directory_size(&mut handle).map_err(|e| AudienceError::io(file, e))?.ok_or_else(|| {
                workbook(Bilingual::new(
                    "it is not a zip file, so not an .xlsx workbook",
                    "它不是 zip 文件，所以不是 .xlsx 工作簿",
                ))
            })?;
        if entries > limits.max_zip_entries as u64
            || directory_bytes > limits.max_zip_entries as u64 * DIRECTORY_BYTES_PER_ENTRY
        {
            return Err(AudienceError::TooLarge {
                file: file.to_string(),
                what: Bilingual::new(
                    format!(
                        "its zip directory lists {entries} entries ({directory_bytes} bytes); a \
                         workbook has a few dozen"
                    ),
                    format!(
                        "它的 zip 目录列出了 {entries} 个条目（{directory_bytes} 字节），正常的工作簿只有几十个"
                    ),
                ),
            });
        }
        handle.seek(SeekFrom::Start(0)).map_err(|e| AudienceError::io(file, e))?;
        let zip = ZipArchive::new(BufReader::new(handle)).map_err(|e| workbook(zip_message(&e)))?;
        if zip.len() > limits.max_zip_entries {
            return Err(AudienceError::TooLarge {
                file: file.to_string(),
                what: Bilingual::new(
                    format!("its zip directory lists {} entries; a workbook has a few dozen", zip.len()),
                    format!("它的 zip 目录列出了 {} 个条目，正常的工作簿只有几十个", zip.len()),
                ),
            });
        }
        let names = zip.file_names().map(str::to_string).collect();
        Ok(Archive { zip, names, file: file.to_string(), limits, used: 0 })
    }

    /// The entry called `name`, ignoring case as OPC does; `None` when there is none.
    pub(crate) fn find(&self, name: &str) -> Option<String> {
        let name = name.trim_start_matches('/');
        self.names
            .iter()
            .find(|n| n.as_str() == name)
            .or_else(|| self.names.iter().find(|n| n.eq_ignore_ascii_case(name)))
            .cloned()
    }

    /// Reads the part `name` (as returned by [`Archive::find`]) as XML.
    pub(crate) fn part(&mut self, name: &str) -> Result<XmlPart<'_>, AudienceError> {
        let Archive { zip, file, limits, used, .. } = self;
        let entry = zip.by_name(name).map_err(|e| {
            let why = zip_message(&e);
            AudienceError::Workbook {
                file: file.clone(),
                message: Bilingual::new(format!("{name}: {}", why.en), format!("{name}：{}", why.zh)),
            }
        })?;
        let declared = entry.size();
        if declared > limits.max_part_bytes || declared > limits.max_total_bytes.saturating_sub(*used) {
            return Err(AudienceError::TooLarge {
                file: file.clone(),
                what: Bilingual::new(
                    format!("{name} unpacks to {declared} bytes"),
                    format!("{name} 解压后有 {declared} 字节"),
                ),
            });
        }
        let ratio_cap =
            entry.compressed_size().saturating_mul(limits.max_inflate_ratio).max(RATIO_GRACE_BYTES);
        let budget = Budget {
            inner: entry,
            read: 0,
            limit: limits.max_part_bytes,
            declared,
            ratio_cap,
            total_left: limits.max_total_bytes.saturating_sub(*used),
            event: 0,
            event_limit: limits.max_record_bytes as u64,
            exceeded: None,
        };
        let mut reader = quick_xml::Reader::from_reader(BufReader::with_capacity(64 * 1024, budget));
        // Without end-name checks quick-xml keeps no stack of open elements, which a deeply
        // nested part could grow without bound; the readers here track only what they need.
        reader.config_mut().check_end_names = false;
        Ok(XmlPart {
            reader,
            buf: Vec::new(),
            used,
            name: name.to_string(),
            file: file.clone(),
            limits: *limits,
        })
    }
}

/// One part being read as XML events.
pub(crate) struct XmlPart<'a> {
    reader: quick_xml::Reader<BufReader<Budget<zip::read::ZipFile<'a, BufReader<File>>>>>,
    buf: Vec<u8>,
    used: &'a mut u64,
    name: String,
    file: String,
    limits: ReadLimits,
}

impl XmlPart<'_> {
    /// The next event, or why there is none.
    pub(crate) fn next(&mut self) -> Result<Event<'_>, PartError> {
        self.buf.clear();
        self.reader.get_mut().get_mut().event = 0;
        let reader = &mut self.reader;
        match reader.read_event_into(&mut self.buf) {
            Ok(event) => Ok(event),
            Err(e) => Err(match reader.get_ref().get_ref().exceeded {
                Some(limit) => PartError::Limit(limit),
                None => PartError::Xml(e.to_string()),
            }),
        }
    }

    /// The error for `err`, in words, naming the file and the part.
    pub(crate) fn error(&self, err: PartError) -> AudienceError {
        let file = self.file.clone();
        let name = &self.name;
        let limits = &self.limits;
        match err {
            PartError::Xml(message) => AudienceError::Workbook {
                file,
                message: Bilingual::new(
                    format!("{name} is damaged ({message})"),
                    format!("{name} 已损坏（{message}）"),
                ),
            },
            PartError::Limit(Exceeded::Declared) => AudienceError::Workbook {
                file,
                message: Bilingual::new(
                    format!("{name} holds more than its zip entry says; the file is damaged or crafted"),
                    format!("{name} 的实际内容比 zip 条目声明的多：文件已损坏，或是被人为构造的"),
                ),
            },
            PartError::Limit(Exceeded::Part) => AudienceError::TooLarge {
                file,
                what: Bilingual::new(
                    format!("{name} unpacks to more than {} MB", limits.max_part_bytes >> 20),
                    format!("{name} 解压后超过 {} MB", limits.max_part_bytes >> 20),
                ),
            },
            PartError::Limit(Exceeded::Total) => AudienceError::TooLarge {
                file,
                what: Bilingual::new(
                    format!("it unpacks to more than {} MB", limits.max_total_bytes >> 20),
                    format!("解压后超过 {} MB", limits.max_total_bytes >> 20),
                ),
            },
            PartError::Limit(Exceeded::Ratio) => AudienceError::TooLarge {
                file,
                what: Bilingual::new(
                    format!(
                        "{name} unpacks to more than {} times its packed size, which no real workbook \
                         does (a zip bomb?)",
                        limits.max_inflate_ratio
                    ),
                    format!(
                        "{name} 解压后超过压缩大小的 {} 倍，正常的工作簿不会这样（可能是 zip 炸弹）",
                        limits.max_inflate_ratio
                    ),
                ),
            },
            PartError::Limit(Exceeded::Event) => AudienceError::TooLarge {
                file,
                what: Bilingual::new(
                    format!("{name} has an element longer than {} KB", limits.max_record_bytes >> 10),
                    format!("{name} 中有一个元素超过 {} KB", limits.max_record_bytes >> 10),
                ),
            },
        }
    }
}

impl Drop for XmlPart<'_> {
    fn drop(&mut self) {
        *self.used = self.used.saturating_add(self.reader.get_ref().get_ref().read);
    }
}

fn zip_message(e: &zip::result::ZipError) -> Bilingual {
    match e {
        zip::result::ZipError::UnsupportedArchive(what)
            if *what == zip::result::ZipError::PASSWORD_REQUIRED =>
        {
            Bilingual::new(
                "it is protected with a password; save it again without one",
                "它设置了密码：请去掉密码后重新保存",
            )
        }
        zip::result::ZipError::UnsupportedArchive(what) => Bilingual::new(
            format!("it uses a zip feature Excel does not ({what})"),
            format!("它用到了 Excel 不使用的 zip 功能（{what}）"),
        ),
        zip::result::ZipError::FileNotFound => Bilingual::new("a part is missing", "缺少一个组成部分"),
        other => Bilingual::new(
            format!("it is not a valid zip file ({other})"),
            format!("它不是有效的 zip 文件（{other}）"),
        ),
    }
}

fn read_up_to(input: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got)
}

fn u16_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 2).map_or(0, |s| u64::from(u16::from_le_bytes([s[0], s[1]])))
}

fn u32_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 4).map_or(0, |s| u64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]])))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8).map_or(0, |s| u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]))
}

/// The entry count and directory size the end of the zip claims (ZIP64 included); `None`
/// when there is no end-of-directory record, so the file is not a zip.
fn directory_size(input: &mut File) -> io::Result<Option<(u64, u64)>> {
    let len = input.seek(SeekFrom::End(0))?;
    let start = len.saturating_sub(EOCD_SEARCH);
    input.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::with_capacity((len - start) as usize);
    input.take(len - start).read_to_end(&mut tail)?;
    let Some(at) = (0..tail.len().saturating_sub(21)).rev().find(|&i| u32_at(&tail, i) == EOCD_SIG as u64)
    else {
        return Ok(None);
    };
    let entries = u16_at(&tail, at + 10);
    let size = u32_at(&tail, at + 12);
    let offset = u32_at(&tail, at + 16);
    if entries != 0xFFFF && size != 0xFFFF_FFFF && offset != 0xFFFF_FFFF {
        return Ok(Some((entries, size)));
    }
    // ZIP64: a locator just before the record points at the 64-bit record.
    let eocd_pos = start + at as u64;
    if eocd_pos < 20 {
        return Ok(Some((entries, size)));
    }
    let mut locator = [0u8; 20];
    input.seek(SeekFrom::Start(eocd_pos - 20))?;
    if read_up_to(input, &mut locator)? < 20 || u32_at(&locator, 0) != EOCD64_LOCATOR_SIG as u64 {
        return Ok(Some((entries, size)));
    }
    let record_at = u64_at(&locator, 8);
    let mut record = [0u8; 56];
    input.seek(SeekFrom::Start(record_at))?;
    if read_up_to(input, &mut record)? < 56 || u32_at(&record, 0) != EOCD64_SIG as u64 {
        return Ok(Some((entries, size)));
    }
    Ok(Some((u64_at(&record, 32), u64_at(&record, 40))))
}
