//! Excel workbooks: the first worksheet's rows, each cell as text the way a person sees it, read
//! straight from the zip and its XML so that every size is checked before it is allocated (see
//! [`archive`] for the zip-bomb defences and [`sheet`] for cell positions).
//!
//! The sheet is read on its own thread and rows come through a small bounded channel: a
//! million-row sheet never sits in memory, and what is in flight is a few rows.

mod archive;
mod cell;
mod parts;
mod shared;
mod sheet;
mod text;

// The event-push parser reads WeChat's XML with the same text handling.
pub(crate) use text::push_text;

use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver};

use super::error::AudienceError;
use super::limits::ReadLimits;
use super::row::TableRow;
use archive::Archive;
use shared::SharedStrings;
use sheet::{read_sheet, SheetContext};

type RowResult = Result<TableRow, AudienceError>;

/// Rows in flight between the reader thread and the consumer.
const IN_FLIGHT: usize = 16;

/// Rows of the first worksheet, fed by a reader thread.
pub(crate) struct SheetRows {
    rx: Receiver<RowResult>,
}

impl SheetRows {
    /// Opens `path` and starts reading its first worksheet.
    pub(crate) fn open(path: &Path, file: &str, limits: ReadLimits) -> Result<Self, AudienceError> {
        let (tx, rx) = sync_channel(IN_FLIGHT);
        let file = file.to_string();
        let path = path.to_path_buf();
        std::thread::Builder::new()
            .name("audience-xlsx".into())
            .spawn(move || {
                // A panic here would close the channel like a normal end, and the file would
                // look shorter than it is: it becomes an error instead.
                let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    read_workbook(&path, &file, limits, &mut |row| tx.send(Ok(row)).is_ok())
                }));
                let result = read.unwrap_or_else(|_| {
                    Err(AudienceError::Workbook {
                        file: file.clone(),
                        message: crate::Bilingual::new(
                            "Pushdesk failed while reading it (a bug: please report it)",
                            "推送台读取时出错了（这是程序的问题，请告诉技术同事）",
                        ),
                    })
                });
                if let Err(e) = result {
                    // The receiver may be gone already; then nobody needs the error.
                    let _ = tx.send(Err(e));
                }
            })
            .map_err(|e| AudienceError::io("audience reader thread", e))?;
        Ok(SheetRows { rx })
    }

    /// The next row with something in it; `None` at the end of the sheet.
    pub(crate) fn next_row(&mut self) -> Option<RowResult> {
        // A closed channel is the end: the thread sends its error before it exits.
        self.rx.recv().ok()
    }
}

/// Reads the first worksheet of the workbook at `path`, handing rows to `emit`.
fn read_workbook(
    path: &Path,
    file: &str,
    limits: ReadLimits,
    emit: &mut dyn FnMut(TableRow) -> bool,
) -> Result<(), AudienceError> {
    let mut archive = Archive::open(path, file, limits)?;
    let layout = parts::layout(&mut archive, file)?;
    let shapes = match &layout.styles {
        Some(name) => parts::number_shapes(&mut archive, name)?,
        None => Vec::new(),
    };
    let shared = match &layout.shared_strings {
        Some(name) => SharedStrings::read(&mut archive, name, &limits, file)?,
        None => SharedStrings::default(),
    };
    let ctx = SheetContext { file, shared: &shared, shapes: &shapes, date1904: layout.date1904, limits };
    read_sheet(&mut archive, &layout.sheet, &ctx, emit)
}
