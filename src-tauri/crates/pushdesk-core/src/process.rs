//! Processes that send campaigns, and whether such a process is still alive.
//!
//! A run is owned by a process. The store records the process (host, boot id, pid, start time)
//! beside the run's id. Another process decides whether the owner is alive from facts no cleanup
//! tool can delete: on the same machine and boot, whether that pid still runs the same process
//! (its start time in `/proc`); across a reboot, never; from another machine (a data folder on a
//! shared drive), only by the run's heartbeat.

use std::time::Duration;

use rand::Rng;
use serde::{Deserialize, Serialize};

/// How long a heartbeat proves life when nothing better can be checked (another machine).
pub const LEASE: Duration = Duration::from_secs(30);

/// How often a running campaign writes its heartbeat.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(2);

/// A process, as another process can recognise it later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessIdentity {
    /// Host name (informational, and to tell a reboot from another machine).
    pub host: String,
    /// The kernel's boot id: changes at every boot (Linux); none elsewhere.
    pub boot: Option<String>,
    /// Process id.
    pub pid: u32,
    /// The process's start time in clock ticks since boot (Linux), so a reused pid is not
    /// mistaken for the owner.
    pub started: Option<u64>,
    /// Which desk of the process (tests open several in one process; the app and the CLI one).
    #[serde(default)]
    pub desk: u64,
}

/// What is known of an owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liveness {
    /// It may still send: leave its campaign alone.
    Alive,
    /// It cannot send any more. `exact` is true when its death was proven on this machine and
    /// boot, so the files it wrote (the departure log) are complete up to its last write;
    /// false after a reboot or a silent heartbeat, when the last writes may be lost.
    Dead {
        /// Whether its departure log can be trusted.
        exact: bool,
    },
}

impl ProcessIdentity {
    /// This process (a new desk of it: two calls give two identities of one process).
    pub fn current() -> ProcessIdentity {
        let pid = std::process::id();
        ProcessIdentity {
            host: host_name(),
            boot: boot_id(),
            pid,
            started: start_time(pid),
            desk: rand::rng().random(),
        }
    }

    /// Whether the owner described by `self` (last heartbeat at `heartbeat_at`, unix ms) is alive,
    /// judged from process `me` at `now` (unix ms).
    pub fn liveness(&self, me: &ProcessIdentity, heartbeat_at: Option<i64>, now: i64) -> Liveness {
        let same_boot = self.boot.is_some() && self.boot == me.boot;
        if same_boot {
            return if self.started.is_some() && start_time(self.pid) == self.started {
                Liveness::Alive
            } else {
                Liveness::Dead { exact: true }
            };
        }
        if self.host == me.host && self.boot.is_some() && me.boot.is_some() {
            // The same machine booted again since: every process of the old boot is gone, and
            // what it wrote without an fsync may be gone with it.
            return Liveness::Dead { exact: false };
        }
        let fresh = heartbeat_at.is_some_and(|at| now.saturating_sub(at) < LEASE.as_millis() as i64);
        if fresh {
            Liveness::Alive
        } else {
            Liveness::Dead { exact: false }
        }
    }
}

/// A new run's id: the fencing token every journal write of the run carries.
pub fn new_run_id() -> String {
    let bits: u128 = rand::rng().random();
    format!("{bits:032x}")
}

fn read_trimmed(path: &str) -> Option<String> {
    std::fs::read_to_string(path).ok().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn host_name() -> String {
    read_trimmed("/proc/sys/kernel/hostname")
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "unknown".into())
}

fn boot_id() -> Option<String> {
    read_trimmed("/proc/sys/kernel/random/boot_id")
}

/// Field 22 of `/proc/PID/stat`: start time in clock ticks since boot. The command name
/// (field 2) may hold spaces and parentheses, so fields are counted after its last `)`.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn this_process_is_alive_and_a_finished_one_is_dead() {
        let me = ProcessIdentity::current();
        assert!(me.boot.is_some() && me.started.is_some(), "{me:?}");
        assert_eq!(me.liveness(&me, None, 0), Liveness::Alive);

        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        let started = start_time(pid);
        child.wait().unwrap();
        let gone = ProcessIdentity { pid, started, ..me.clone() };
        assert_eq!(gone.liveness(&me, Some(i64::MAX), 0), Liveness::Dead { exact: true });

        // The same pid with another start time is another process: the owner is dead.
        let reused = ProcessIdentity { started: me.started.map(|s| s + 1), ..me.clone() };
        assert_eq!(reused.liveness(&me, None, 0), Liveness::Dead { exact: true });
    }

    #[test]
    fn a_reboot_kills_every_owner_and_another_machine_lives_by_its_heartbeat() {
        let me = ProcessIdentity {
            host: "desk".into(),
            boot: Some("b2".into()),
            pid: 1,
            started: Some(1),
            desk: 1,
        };
        let before_reboot = ProcessIdentity { boot: Some("b1".into()), ..me.clone() };
        assert_eq!(before_reboot.liveness(&me, Some(1_000), 1_000), Liveness::Dead { exact: false });

        let elsewhere = ProcessIdentity { host: "other".into(), boot: Some("x".into()), ..me.clone() };
        assert_eq!(elsewhere.liveness(&me, Some(1_000), 2_000), Liveness::Alive);
        let silent = 1_000 + LEASE.as_millis() as i64;
        assert_eq!(elsewhere.liveness(&me, Some(1_000), silent), Liveness::Dead { exact: false });
    }
}
