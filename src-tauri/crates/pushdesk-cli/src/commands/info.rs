//! `pushdesk info`

use std::path::Path;

use pushdesk_core::paths;

use super::open_store;
use crate::error::CliError;

/// Prints the data directory, database file, log directory and schema version. The paths come
/// first and need nothing to be open, so they are printed even when the database is damaged;
/// then the store is opened and any problem with it is the command's error.
pub fn run(data_dir: &Path) -> Result<(), CliError> {
    println!("data directory: {}", data_dir.display());
    println!("database:       {}", paths::database_file(data_dir).display());
    println!("logs:           {}", paths::log_dir(data_dir).display());
    open_store(data_dir)?;
    println!("schema version: {}", pushdesk_core::store::SCHEMA_VERSION);
    Ok(())
}
