//! A process killed with SIGKILL mid-campaign, then recovered and resumed: nobody gets a message
//! twice, and a crash costs only the requests that really left.

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use pushdesk_core::model::{CampaignStatus, ReasonKind, RecipientState};
use pushdesk_sandbox::SandboxConfig;

use pushdesk_core::store::testing::address_in;

use crate::world::{assert_rate_held, desk_on, World};

const SCHEMA: &str = "PUSHDESK_CRASH_SCHEMA";
const DIR: &str = "PUSHDESK_CRASH_DIR";
const URL: &str = "PUSHDESK_CRASH_URL";
const ID: &str = "PUSHDESK_CRASH_CAMPAIGN";
const ACCOUNT: &str = "PUSHDESK_CRASH_ACCOUNT";

/// Runs in the child process only: sends the campaign until it is killed.
#[tokio::test]
#[ignore = "the child process of the crash tests"]
async fn child_sends_until_killed() {
    let (Ok(dir), Ok(url), Ok(id), Ok(account)) =
        (std::env::var(DIR), std::env::var(URL), std::env::var(ID), std::env::var(ACCOUNT))
    else {
        panic!("run by the crash tests only");
    };
    let desk = desk_on(
        &address_in(std::path::Path::new(&dir), &std::env::var(SCHEMA).unwrap_or_default()),
        account.parse().unwrap(),
        &url,
    );
    let done = desk.resume(id.parse().unwrap(), None).await.unwrap().done.await.unwrap();
    done.unwrap();
}

fn spawn_child(w: &World, id: i64) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash::child_sends_until_killed", "--ignored", "--nocapture"])
        .env(DIR, w.dir.path())
        .env(SCHEMA, &w.schema)
        .env(URL, w.sandbox.url())
        .env(ID, id.to_string())
        .env(ACCOUNT, w.account_id.to_string())
        .spawn()
        .unwrap()
}

/// Kills the child with SIGKILL once the sandbox has accepted `after` more messages.
async fn kill_after(w: &World, child: &mut Child, after: u64) {
    let start = w.sandbox.stats().accepted;
    let deadline = Instant::now() + Duration::from_secs(60);
    while w.sandbox.stats().accepted < start + after {
        assert!(Instant::now() < deadline, "the child never got going");
        assert!(child.try_wait().unwrap().is_none(), "the child ended before it was killed");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.kill().unwrap(); // SIGKILL: no cleanup runs
    child.wait().unwrap();
}

#[tokio::test]
async fn a_killed_run_resumes_without_duplicates() {
    let w =
        World::new(SandboxConfig { latency: Duration::from_millis(40), ..SandboxConfig::default() }).await;
    let total = 400;
    let id = w.campaign(total, 200, 8);
    let mut child = spawn_child(&w, id);
    kill_after(&w, &mut child, 100).await;

    let recovered = w.desk.recover().await.unwrap();
    assert_eq!(recovered, vec![id]);
    let after_crash = w.desk.campaign(id).await.unwrap();
    assert_eq!(after_crash.status, CampaignStatus::Paused);
    assert_eq!(after_crash.status_reason.as_ref().unwrap().kind, ReasonKind::Interrupted);
    assert_eq!(after_crash.counts.sending, 0, "nothing is left in flight after recovery");

    let done = w.run(id).await;
    assert_eq!(done.status, CampaignStatus::Finished);
    let c = done.counts;
    assert_eq!(c.sent + c.unknown + c.failed + c.not_subscribed, total as u32, "{c:?}");
    w.assert_truthful(id);
}

/// Regression (issue 12, item 5): every kill -9 turned 2 × concurrency rows `unknown`, most of
/// which never left (staged rows). At concurrency 64, seven crashes made 765 of 1 500 rows
/// unknown with only 238 delivered. Now a crash costs at most the requests in flight, and
/// every unknown row was really let go onto the wire.
#[tokio::test]
async fn each_crash_at_concurrency_64_costs_at_most_the_requests_in_flight() {
    let w =
        World::new(SandboxConfig { latency: Duration::from_millis(60), ..SandboxConfig::default() }).await;
    let concurrency = 64;
    let id = w.campaign(1500, 1000, concurrency);
    let mut unknown_before = 0;
    for crash in 0..3 {
        let mut child = spawn_child(&w, id);
        kill_after(&w, &mut child, 150).await;
        w.desk.recover().await.unwrap();
        let c = w.desk.campaign(id).await.unwrap();
        let new_unknown = c.counts.unknown - unknown_before;
        assert!(new_unknown <= concurrency, "crash {crash} made {new_unknown} rows unknown");
        unknown_before = c.counts.unknown;
    }
    let done = w.run(id).await;
    assert_eq!(done.counts.remaining(), 0);
    w.assert_truthful(id);
    // An unknown row's request was let go onto the wire: the sandbox received it, unless the
    // process died in the microseconds between letting it go and writing it (at most one per
    // crash).
    let unknown: Vec<String> = w
        .store()
        .recipient_results(id)
        .unwrap()
        .into_iter()
        .filter(|r| r.1 == RecipientState::Unknown)
        .map(|r| r.0)
        .collect();
    let received = w.sandbox.control().received_per_openid();
    let unseen = unknown.iter().filter(|o| !received.contains_key(*o)).count();
    assert!(unseen <= 3, "{unseen} of {} unknown rows never reached the sandbox", unknown.len());
}

/// Regression (issue 11, item 4): the lock file was the only guard against a second sender.
/// With the `locks/` folder removed mid-send and a second resume, 1 239 of 1 500 rows were sent
/// twice. The database now refuses a second sender while the first process lives, whatever
/// happens to files in the data directory.
#[tokio::test]
async fn a_second_sender_is_refused_while_the_first_process_lives() {
    let w =
        World::new(SandboxConfig { latency: Duration::from_millis(50), ..SandboxConfig::default() }).await;
    let id = w.campaign(300, 100, 8);
    let other = w.campaign(10, 100, 2);
    let mut child = spawn_child(&w, id);
    let deadline = Instant::now() + Duration::from_secs(60);
    while w.sandbox.stats().accepted < 20 {
        assert!(Instant::now() < deadline, "the child never got going");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // A cleanup tool empties the folders beside the database.
    for folder in ["locks", "runs"] {
        let _ = std::fs::remove_dir_all(w.dir.path().join(folder));
    }
    let refused = w.desk.resume(id, None).await.unwrap_err();
    assert_eq!(refused.code(), pushdesk_core::ErrorCode::Busy, "{refused}");
    assert!(refused.to_string().contains(&format!("process {}", child.id())), "{refused}");
    let account_busy = w.desk.start(other, None).await.unwrap_err();
    assert_eq!(account_busy.code(), pushdesk_core::ErrorCode::Busy, "{account_busy}");
    assert!(account_busy.to_string().contains("same account"), "{account_busy}");

    // Waited for without blocking the runtime the sandbox serves on.
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(status.success(), "the first sender finishes");
    let c = w.desk.campaign(id).await.unwrap();
    assert_eq!(c.status, CampaignStatus::Finished, "{:?} {:?}", c.status_reason, c.counts);
    assert_eq!(c.counts.sent, 300);
    w.assert_truthful(id);
    assert_eq!(w.sandbox.stats().accepted, 300);
}

/// Regression (issue 12, item 4): a resumed process started with an empty limiter while the
/// killed one's last second still counted (203 requests in one second at rate 200). The
/// limiter starts from the journal, the killed run's departures included.
#[tokio::test]
async fn the_rate_holds_across_a_kill_and_an_immediate_resume() {
    let w =
        World::new(SandboxConfig { latency: Duration::from_millis(20), ..SandboxConfig::default() }).await;
    let rate = 60;
    let id = w.campaign(400, rate, 32);
    let mut child = spawn_child(&w, id);
    kill_after(&w, &mut child, 150).await;
    let done = w.run(id).await;
    assert_eq!(done.counts.remaining(), 0);
    assert_rate_held(&w, &[id], rate);
    w.assert_truthful(id);
}
