//! `pushdesk info`

use std::path::Path;

use pushdesk_core::paths;

use super::open_store;
use crate::error::CliError;

/// Prints the data directory, database file, log directory and schema version.
pub fn run(data_dir: &Path) -> Result<(), CliError> {
    let store = open_store(data_dir)?;
    println!("data directory: {}", data_dir.display());
    println!("database:       {}", store.path().display());
    println!("logs:           {}", paths::log_dir(data_dir).display());
    println!("schema version: {}", pushdesk_core::store::SCHEMA_VERSION);
    Ok(())
}
