//! A workbook's shared strings: every distinct text of the workbook, referred to by number from
//! the cells. They must all be at hand while the sheet is read, so they are the one thing kept
//! in memory, and bounded: [`ReadLimits::max_shared_strings`] of them and
//! [`ReadLimits::max_shared_string_bytes`] in all, packed into 1 MiB blocks (no doubling
//! reallocations of one huge buffer).

use quick_xml::events::Event;

use super::super::error::AudienceError;
use super::super::limits::ReadLimits;
use super::archive::Archive;
use super::text::{push_text, unescape_ooxml};

const BLOCK: usize = 1 << 20;
/// Marks a string longer than a cell may be: refused when a cell uses it.
const TOO_LONG: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Entry {
    block: u32,
    start: u32,
    len: u32,
}

/// What a cell's shared-string number refers to.
pub(crate) enum Shared<'a> {
    Text(&'a str),
    TooLong,
    Missing,
}

/// The table.
#[derive(Default)]
pub(crate) struct SharedStrings {
    blocks: Vec<String>,
    index: Vec<Entry>,
}

impl SharedStrings {
    /// The string number `i`.
    pub(crate) fn get(&self, i: usize) -> Shared<'_> {
        let Some(entry) = self.index.get(i) else { return Shared::Missing };
        if entry.len == TOO_LONG {
            return Shared::TooLong;
        }
        let block = &self.blocks[entry.block as usize];
        let (start, end) = (entry.start as usize, entry.start as usize + entry.len as usize);
        block.get(start..end).map_or(Shared::Missing, Shared::Text)
    }

    fn push(&mut self, text: &str) {
        let fits = self.blocks.last().is_some_and(|b| b.capacity() - b.len() >= text.len());
        if !fits {
            self.blocks.push(String::with_capacity(BLOCK.max(text.len())));
        }
        let block_no = self.blocks.len() - 1;
        let block = &mut self.blocks[block_no];
        let start = block.len();
        block.push_str(text);
        self.index.push(Entry { block: block_no as u32, start: start as u32, len: text.len() as u32 });
    }

    fn push_too_long(&mut self) {
        self.index.push(Entry { block: 0, start: 0, len: TOO_LONG });
    }

    /// Reads the part `name`.
    pub(crate) fn read(
        archive: &mut Archive,
        name: &str,
        limits: &ReadLimits,
        file: &str,
    ) -> Result<SharedStrings, AudienceError> {
        let too_large = |en: String, zh: String| AudienceError::TooLarge {
            file: file.to_string(),
            what: crate::Bilingual::new(en, zh),
        };
        let max_item_bytes = limits.max_cell_chars.saturating_mul(4);
        let mut table = SharedStrings::default();
        let mut total = 0usize;
        let mut current = String::new();
        let (mut in_si, mut in_t, mut too_long) = (false, false, false);
        let mut rph_depth = 0u32;
        let mut part = archive.part(name)?;
        loop {
            let event = match part.next() {
                Ok(event) => event,
                Err(e) => return Err(part.error(e)),
            };
            match &event {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"si" => {
                    if table.index.len() >= limits.max_shared_strings {
                        return Err(too_large(
                            format!("it has more than {} different texts", limits.max_shared_strings),
                            format!("其中不同的文本超过 {} 段", limits.max_shared_strings),
                        ));
                    }
                    current.clear();
                    too_long = false;
                    if matches!(event, Event::Empty(_)) {
                        table.push("");
                    } else {
                        in_si = true;
                    }
                }
                Event::End(e) if e.local_name().as_ref() == b"si" => {
                    in_si = false;
                    let text = unescape_ooxml(&current);
                    if too_long || text.chars().count() > limits.max_cell_chars {
                        table.push_too_long();
                        continue;
                    }
                    total = total.saturating_add(text.len());
                    if total > limits.max_shared_string_bytes {
                        return Err(too_large(
                            format!("its texts take more than {} MB", limits.max_shared_string_bytes >> 20),
                            format!("其中的文本超过 {} MB", limits.max_shared_string_bytes >> 20),
                        ));
                    }
                    table.push(&text);
                }
                Event::Start(e) if in_si => match e.local_name().as_ref() {
                    b"t" if rph_depth == 0 => in_t = true,
                    b"rPh" => rph_depth += 1,
                    _ => {}
                },
                Event::End(e) if in_si => match e.local_name().as_ref() {
                    b"t" => in_t = false,
                    b"rPh" => rph_depth = rph_depth.saturating_sub(1),
                    _ => {}
                },
                Event::Eof => break,
                // Too long: kept as a marker, refused only if a cell uses it.
                other
                    if in_si
                        && in_t
                        && !too_long
                        && push_text(&mut current, other, max_item_bytes).is_err() =>
                {
                    too_long = true;
                    current.clear();
                }
                _ => {}
            }
        }
        Ok(table)
    }
}
