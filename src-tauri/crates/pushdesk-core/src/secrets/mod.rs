//! Secrets: the [`Sensitive`] wrapper and the OS keyring.

mod keyring_store;
mod sensitive;

pub use keyring_store::SecretStore;
pub use sensitive::Sensitive;
