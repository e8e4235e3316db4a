//! What the export loop writes to: a CSV or an XLSX file, one row at a time.

use super::columns::Cell;
use crate::Result;

/// A destination for rows, written in order and never held in memory as a whole.
pub(crate) trait Sink {
    /// Writes one data row (the header was written when the sink was made).
    fn write_row(&mut self, cells: &[Cell<'_>]) -> Result<()>;
    /// Completes the file. A sink dropped without it leaves an incomplete file, which the
    /// export removes.
    fn finish(self: Box<Self>) -> Result<()>;
}
