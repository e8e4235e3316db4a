//! End-to-end tests of the real app. Run by `scripts/test` under Xvfb, inside a D-Bus session
//! with gnome-keyring unlocked.

mod accounts;
mod campaign;
mod compose;
mod encoding;
mod official;
mod receipts;
mod repeat;
mod resend;
mod schedule;
mod sendlog;
mod shell;
mod steps;
mod team;
