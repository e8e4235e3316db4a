//! A process killed while it makes a campaign from a draft, or while it puts rows back to
//! pending for a resend, leaves either all of it or none of it: never a campaign that could
//! send a partial or stranded audience.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use pushdesk_core::audience::AudienceOptions;
use pushdesk_core::model::lifecycle::RunEnd;
use pushdesk_core::model::{CampaignAction, CampaignStatus, RecipientState, ResendKind};
use pushdesk_core::process::ProcessIdentity;
use pushdesk_core::store::RunTicket;
use pushdesk_sandbox::SandboxConfig;

use pushdesk_core::store::testing::address_in;

use crate::world::{desk_on, openid, recipients, World};

const MODE: &str = "PUSHDESK_ATOMIC_MODE";
const SCHEMA: &str = "PUSHDESK_ATOMIC_SCHEMA";
const DIR: &str = "PUSHDESK_ATOMIC_DIR";
const ACCOUNT: &str = "PUSHDESK_ATOMIC_ACCOUNT";
const ID: &str = "PUSHDESK_ATOMIC_ID";
const ROWS: usize = 60_000;

/// Runs in the child process only: makes the campaign, or resends, until killed.
#[tokio::test]
#[ignore = "the child process of the atomicity tests"]
async fn child_works_until_killed() {
    let (Ok(mode), Ok(dir), Ok(account), Ok(id)) =
        (std::env::var(MODE), std::env::var(DIR), std::env::var(ACCOUNT), std::env::var(ID))
    else {
        panic!("run by the atomicity tests only");
    };
    // A closed port: nothing will be sent; only the transaction matters.
    let desk = desk_on(
        &address_in(std::path::Path::new(&dir), &std::env::var(SCHEMA).unwrap_or_default()),
        account.parse().unwrap(),
        "http://127.0.0.1:9",
    );
    let id: i64 = id.parse().unwrap();
    match mode.as_str() {
        "create" => {
            desk.campaign_from_draft(id, Default::default()).await.unwrap();
        }
        _ => {
            let _ = desk.resend(id, ResendKind::Unknown, None).await.unwrap().done.await;
        }
    }
}

fn spawn(w: &World, mode: &str, id: i64) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "atomic::child_works_until_killed", "--ignored"])
        .env(MODE, mode)
        .env(DIR, w.dir.path())
        .env(SCHEMA, &w.schema)
        .env(ACCOUNT, w.account_id.to_string())
        .env(ID, id.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

fn kill_after(mut child: Child, after: Duration) {
    let until = Instant::now() + after;
    while Instant::now() < until && child.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    child.wait().unwrap();
}

async fn big_draft(w: &World) -> i64 {
    w.desk.sync_templates(w.account_id).await.unwrap();
    let path = w.dir.path().join("big.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(file, "openid,thing1,character_string2,phrase3,time4,amount5").unwrap();
    for i in 0..ROWS {
        writeln!(file, "{},拿铁 {i},SF{i:010},顺丰速运,2026-11-24 10:00,￥89.00", openid(i)).unwrap();
    }
    drop(file);
    let draft = w.draft(&path, BTreeMap::new(), AudienceOptions::default()).await;
    assert_eq!(draft.row_count as usize, ROWS);
    draft.id
}

/// Regression (issue 11, item 6): killed while importing 100 000 rows, creation left a `ready`
/// campaign with 5 000 rows, "remaining 5000 of 5000", which resume then sent.
#[tokio::test]
async fn a_campaign_made_from_a_draft_is_all_there_or_not_at_all() {
    let w = World::new(SandboxConfig::default()).await;
    let draft = big_draft(&w).await;
    for after_ms in [150, 400, 900] {
        kill_after(spawn(&w, "create", draft), Duration::from_millis(after_ms));
        let campaigns = w.desk.campaigns(None).await.unwrap();
        match campaigns.as_slice() {
            [] => {
                assert_eq!(w.desk.draft(draft).await.unwrap().row_count as usize, ROWS, "the draft is intact")
            }
            [c] => {
                assert_eq!(c.counts.total as usize, ROWS, "a campaign has its whole audience");
                assert!(w.desk.draft(draft).await.is_err(), "and its draft is gone");
                return;
            }
            more => panic!("{} campaigns", more.len()),
        }
    }
}

/// A resend killed half-way puts back all of its rows or none (and recovery leaves none in
/// flight).
#[tokio::test]
async fn a_resend_killed_half_way_requeues_all_or_nothing() {
    let w = World::new(SandboxConfig::default()).await;
    let mut rows = recipients((0..ROWS).map(openid));
    for r in rows.iter_mut().skip(1) {
        r.state = RecipientState::Unknown;
    }
    let id = w.campaign_to(rows, 100, 4);
    // A run that sent nothing leaves it paused with its unknown rows.
    let me = ProcessIdentity::current();
    let mut store = w.store();
    let oracle = NoOne;
    store
        .begin_run(
            id,
            CampaignAction::Start,
            RunTicket { run_id: "r0", process: &me, now: pushdesk_core::model::now_ms() },
            &oracle,
        )
        .unwrap();
    store.end_run(id, "r0", &RunEnd::Drained, Some(&Default::default())).unwrap();
    assert_eq!(w.desk.campaign(id).await.unwrap().status, CampaignStatus::Paused);

    for after_ms in [30, 120, 600] {
        kill_after(spawn(&w, "resend", id), Duration::from_millis(after_ms));
        w.desk.recover().await.unwrap();
        let c = w.desk.campaign(id).await.unwrap();
        assert_eq!(c.counts.sending, 0);
        let unknown = c.counts.unknown as usize;
        assert!(unknown == ROWS - 1 || unknown == 0, "{unknown} of {} unknown rows after the kill", ROWS - 1);
        assert_ne!(c.status, CampaignStatus::Running);
        if unknown == 0 {
            assert_eq!(c.counts.pending as usize, ROWS, "every requeued row is pending");
            return;
        }
    }
}

struct NoOne;

impl pushdesk_core::store::SenderOracle for NoOne {
    fn liveness(
        &self,
        _: &str,
        _: Option<&ProcessIdentity>,
        _: Option<i64>,
    ) -> pushdesk_core::process::Liveness {
        pushdesk_core::process::Liveness::Dead { exact: false }
    }

    fn departures(
        &self,
        _: &str,
        _: &std::collections::HashSet<i64>,
    ) -> Option<pushdesk_core::model::Departures> {
        None
    }
}
