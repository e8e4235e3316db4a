//! `pushdesk info`

use pushdesk_core::paths;
use pushdesk_core::store::StoreAddress;

use super::open_store;
use crate::error::CliError;

/// Prints the data directory, database file, log directory and schema version. The paths come
/// first and need nothing to be open, so they are printed even when the database is damaged;
/// then the store is opened and any problem with it is the command's error.
pub fn run(at: &StoreAddress) -> Result<(), CliError> {
    println!("data directory: {}", at.data_dir().display());
    println!("database:       {}", at.shown());
    println!("logs:           {}", paths::log_dir(at.data_dir()).display());
    open_store(at)?;
    println!("schema version: {}", pushdesk_core::store::SCHEMA_VERSION);
    Ok(())
}
