//! The scheduler against the sandbox, with a clock the test moves: a run starts at its time
//! and not before, a window closes mid-run and reopens, a run past its grace period is missed,
//! series make their runs (and only once when two schedulers race).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use pushdesk_core::audience::AudienceOptions;
use pushdesk_core::campaign::ProgressSink;
use pushdesk_core::desk::{Desk, ScheduleRequest};
use pushdesk_core::model::{
    AuditAction, CampaignKind, CampaignStatus, MessageSpec, NewCampaign, ReasonKind, SeriesAudience, Timing,
};
use pushdesk_core::schedule::{local_zone, parse_when, ManualClock, SendWindow, Tz};
use pushdesk_core::wechat::{Lang, MiniprogramState};
use pushdesk_sandbox::{demo::TPL_ORDER_SHIPPED, SandboxConfig};

use super::audit::audited;
use super::world::{desk_on, openid, recipients, World};

const SHANGHAI: Tz = Tz::Asia__Shanghai;

fn at(text: &str) -> i64 {
    parse_when(text, SHANGHAI).unwrap()
}

fn with_clock(w: &mut World, now: i64) -> Arc<ManualClock> {
    let clock = Arc::new(ManualClock::at(now));
    w.desk.set_clock(clock.clone());
    clock
}

/// A campaign of `n` rows scheduled for `when` (Shanghai time), sent in `window`.
fn scheduled(
    w: &World,
    n: usize,
    rate: u32,
    when: i64,
    window: Option<SendWindow>,
    grace_minutes: u32,
) -> i64 {
    scheduled_from(w, 0, n, rate, when, window, grace_minutes)
}

/// Like [`scheduled`], to openids `first..first + n`.
fn scheduled_from(
    w: &World,
    first: usize,
    n: usize,
    rate: u32,
    when: i64,
    window: Option<SendWindow>,
    grace_minutes: u32,
) -> i64 {
    let spec = NewCampaign {
        account_id: w.account_id,
        kind: CampaignKind::Campaign,
        name: "scheduled".into(),
        template_id: TPL_ORDER_SHIPPED.into(),
        template_title: "订单发货通知".into(),
        message: MessageSpec {
            values: BTreeMap::new(),
            page: None,
            miniprogram_state: MiniprogramState::Formal,
            lang: Lang::ZhCn,
            url: None,
            miniprogram_appid: None,
        },
        rate,
        concurrency: 2,
        parent_id: None,
        created_by: "test".into(),
        timing: Timing {
            scheduled_at: Some(when),
            window,
            timezone: Some("Asia/Shanghai".into()),
            grace_minutes,
        },
        series_id: None,
    };
    w.store()
        .create_campaign(&spec, &mut recipients((first..first + n).map(openid)).into_iter().map(Ok))
        .unwrap()
}

async fn run_tick(desk: &Desk) -> pushdesk_core::desk::SchedulerTick {
    desk.scheduler_tick(None).await.unwrap()
}

async fn finish_started(tick: pushdesk_core::desk::SchedulerTick) -> Vec<pushdesk_core::model::Campaign> {
    let mut ended = Vec::new();
    for handle in tick.started {
        ended.push(handle.done.await.unwrap().unwrap());
    }
    ended
}

#[tokio::test]
async fn a_scheduled_run_starts_at_its_time_and_not_before() {
    let mut w = World::new(SandboxConfig::default()).await;
    let due = at("2026-12-12 10:00");
    let clock = with_clock(&mut w, due - 60_000);
    let id = scheduled(&w, 20, 100, due, None, 60);
    assert_eq!(w.desk.campaign(id).await.unwrap().status, CampaignStatus::Scheduled);

    let tick = run_tick(&w.desk).await;
    assert!(tick.is_idle(), "nothing is due a minute early");
    clock.set(due - 1);
    assert!(run_tick(&w.desk).await.is_idle(), "nor a millisecond early");
    assert_eq!(w.sandbox.stats().sends_received, 0);
    assert_eq!(w.desk.next_wake().await.unwrap(), Some(due));

    clock.set(due);
    let ended = finish_started(run_tick(&w.desk).await).await;
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].status, CampaignStatus::Finished);
    assert_eq!(ended[0].counts.sent, 20);
    assert_eq!(w.sandbox.stats().accepted, 20);
    // Once started it is no longer due: another tick starts nothing.
    assert!(run_tick(&w.desk).await.is_idle());
    w.assert_truthful(id);
}

#[tokio::test]
async fn a_window_that_closes_mid_run_pauses_with_rows_pending_and_goes_on_when_it_opens() {
    let mut w = World::new(SandboxConfig::default()).await;
    let due = at("2026-12-12 20:59");
    let clock = with_clock(&mut w, at("2026-12-12 20:59:50"));
    let id = scheduled(&w, 300, 20, due, Some(SendWindow::DEFAULT), 60);

    let last = Arc::new(std::sync::Mutex::new(None));
    let sink = Arc::clone(&last);
    let progress: ProgressSink = Arc::new(move |p| *sink.lock().unwrap() = Some(p));
    let mut tick = w.desk.scheduler_tick(Some(progress)).await.unwrap();
    assert_eq!(tick.started.len(), 1);
    let handle = tick.started.remove(0);
    // Let it send a while, then let the clock strike nine.
    while w.sandbox.stats().accepted < 40 {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let eta = last.lock().unwrap().as_ref().and_then(|p| p.eta_seconds).expect("an ETA while sending");
    assert!(eta > 11 * 3600, "the ETA counts the night the window is closed: {eta} s");
    clock.set(at("2026-12-12 21:00"));
    let waiting = handle.done.await.unwrap().unwrap();
    assert_eq!(waiting.status, CampaignStatus::WaitingWindow);
    assert_eq!(waiting.status_reason.as_ref().unwrap().kind, ReasonKind::Window);
    assert_eq!(waiting.resume_at, Some(at("2026-12-13 08:00")));
    let c = waiting.counts;
    assert!(c.pending > 0 && c.sending == 0, "rows wait, none in flight: {c:?}");
    assert_eq!(c.sent + c.pending, 300, "nothing lost");
    let sent_by_nine = w.sandbox.stats().accepted;
    assert_eq!(u64::from(c.sent), sent_by_nine);

    // At night nothing is sent, whatever the scheduler does.
    clock.set(at("2026-12-13 03:00"));
    assert!(run_tick(&w.desk).await.is_idle());
    assert_eq!(w.sandbox.stats().accepted, sent_by_nine);
    // A person may pause it while it waits; here it is left to go on at eight.
    assert_eq!(
        waiting.actions,
        [pushdesk_core::model::CampaignAction::Pause, pushdesk_core::model::CampaignAction::Cancel]
    );

    clock.set(at("2026-12-13 08:00"));
    let ended = finish_started(run_tick(&w.desk).await).await;
    assert_eq!(ended[0].status, CampaignStatus::Finished);
    assert_eq!(ended[0].counts.sent, 300);
    assert_eq!(w.sandbox.stats().accepted, 300);
    w.assert_truthful(id);
}

#[tokio::test]
async fn a_campaign_due_at_night_waits_for_its_window() {
    let mut w = World::new(SandboxConfig::default()).await;
    let due = at("2026-12-12 22:30");
    let clock = with_clock(&mut w, due);
    let id = scheduled(&w, 5, 100, due, Some(SendWindow::DEFAULT), 60);
    let tick = run_tick(&w.desk).await;
    let waiting = finish_started(tick).await;
    assert_eq!(waiting[0].status, CampaignStatus::WaitingWindow);
    assert_eq!(waiting[0].resume_at, Some(at("2026-12-13 08:00")));
    assert_eq!(w.sandbox.stats().sends_received, 0, "it does not send at night");
    // Nothing ran the scheduler until 08:40: within the grace period of the window's opening.
    clock.set(at("2026-12-13 08:40"));
    let ended = finish_started(run_tick(&w.desk).await).await;
    assert_eq!(ended[0].status, CampaignStatus::Finished);
    w.assert_truthful(id);
}

#[tokio::test]
async fn a_run_within_its_grace_period_starts_and_one_past_it_is_missed() {
    let mut w = World::new(SandboxConfig::default()).await;
    let due = at("2026-12-12 10:00");
    let clock = with_clock(&mut w, at("2026-12-12 10:59"));
    let late = scheduled(&w, 3, 100, due, None, 60);
    let ended = finish_started(run_tick(&w.desk).await).await;
    assert_eq!((ended.len(), ended[0].id, ended[0].status), (1, late, CampaignStatus::Finished));

    let missed = scheduled_from(&w, 3, 3, 100, due, None, 60);
    clock.set(at("2026-12-12 11:01"));
    let tick = run_tick(&w.desk).await;
    assert_eq!(tick.missed, [missed]);
    assert!(tick.started.is_empty());
    let c = w.desk.campaign(missed).await.unwrap();
    assert_eq!(c.status, CampaignStatus::Missed);
    assert_eq!(c.status_reason.unwrap().kind, ReasonKind::Missed);
    assert_eq!(w.sandbox.stats().accepted, 3, "the missed run sent nothing");
    // Never sent silently later: the next ticks leave it for a person.
    clock.set(at("2026-12-12 15:00"));
    assert!(run_tick(&w.desk).await.is_idle());
    use pushdesk_core::model::CampaignAction as A;
    assert_eq!(c.actions, [A::Start, A::Reschedule, A::Skip]);
    // The person starts it.
    let started = w.desk.resume(missed, None).await.unwrap().done.await.unwrap().unwrap();
    assert_eq!(started.status, CampaignStatus::Finished);
    assert_eq!(w.sandbox.stats().accepted, 6);

    // Or skips one: its rows are cancelled.
    let skipped = scheduled_from(&w, 6, 3, 100, due, None, 60);
    run_tick(&w.desk).await;
    let c = w.desk.skip(skipped).await.unwrap();
    assert_eq!((c.status, c.counts.cancelled), (CampaignStatus::Cancelled, 3));
    assert_eq!(audited(&w).await.last(), Some(&(AuditAction::CampaignSkipped, Some(skipped))));
}

#[tokio::test]
async fn rescheduling_and_unscheduling_are_lifecycle_moves() {
    let mut w = World::new(SandboxConfig::default()).await;
    let clock = with_clock(&mut w, at("2026-12-12 09:00"));
    let id = scheduled(&w, 2, 100, at("2026-12-12 10:00"), None, 60);
    let c = w.desk.reschedule(id, at("2026-12-12 11:00")).await.unwrap();
    assert_eq!((c.status, c.scheduled_at), (CampaignStatus::Scheduled, Some(at("2026-12-12 11:00"))));
    clock.set(at("2026-12-12 10:30"));
    assert!(run_tick(&w.desk).await.is_idle(), "the old time no longer counts");
    let c = w.desk.unschedule(id).await.unwrap();
    assert_eq!((c.status, c.scheduled_at), (CampaignStatus::Ready, None));
    clock.set(at("2026-12-12 12:00"));
    assert!(run_tick(&w.desk).await.is_idle(), "a ready campaign waits for a person");
    let err = w.desk.unschedule(id).await.unwrap_err();
    assert_eq!(err.code(), pushdesk_core::ErrorCode::ActionNotAllowed);
    let moves = [(AuditAction::CampaignRescheduled, Some(id)), (AuditAction::CampaignUnscheduled, Some(id))];
    assert_eq!(audited(&w).await, moves, "each move once; the refused one left nothing");
}

#[tokio::test]
async fn two_schedulers_racing_start_a_run_once() {
    let mut w =
        World::new(SandboxConfig { latency: Duration::from_millis(5), ..SandboxConfig::default() }).await;
    let due = at("2026-12-12 10:00");
    with_clock(&mut w, due);
    let mut other = desk_on(&w.address, w.account_id, &w.sandbox.url());
    other.set_clock(Arc::new(ManualClock::at(due)));
    let ids: Vec<i64> = (0..5).map(|i| scheduled_from(&w, i * 10, 10, 200, due, None, 60)).collect();
    let (a, b) = tokio::join!(w.desk.scheduler_tick(None), other.scheduler_tick(None));
    let (a, b) = (a.unwrap(), b.unwrap());
    let started = a.started.len() + b.started.len();
    finish_started(a).await;
    finish_started(b).await;
    // A campaign one scheduler could not start (the other sent the account) waits for the
    // next tick; none starts twice.
    for _ in 0..20 {
        let left: Vec<_> = finish_started(run_tick(&w.desk).await).await;
        if left.is_empty()
            && ids.iter().all(|id| w.store().campaign(*id).unwrap().status == CampaignStatus::Finished)
        {
            break;
        }
    }
    assert!(started >= 1);
    for id in &ids {
        assert_eq!(w.store().campaign(*id).unwrap().status, CampaignStatus::Finished);
        w.assert_truthful(*id);
    }
    assert_eq!(w.sandbox.stats().accepted, 50);
    assert!(w.sandbox.accepted_per_openid().values().all(|n| *n == 1), "nobody got a campaign twice");
}

fn write_list(path: &std::path::Path, first: usize, n: usize) {
    let mut text = String::from("openid,thing1\n");
    for i in first..first + n {
        text.push_str(&format!("{},咖啡 {i}\n", openid(i)));
    }
    std::fs::write(path, text).unwrap();
}

fn order_values() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("character_string2".into(), "SF0000000001".into()),
        ("phrase3".into(), "顺丰速运".into()),
        ("time4".into(), "2026-11-24 10:00".into()),
        ("amount5".into(), "￥89.00".into()),
    ])
}

#[tokio::test]
async fn a_daily_series_makes_each_run_from_its_file_and_a_run_whose_file_is_gone_does_not_start() {
    let mut w = World::new(SandboxConfig::default()).await;
    let zone = local_zone();
    let first = parse_when("2026-12-12 10:00", zone).unwrap();
    let clock = with_clock(&mut w, first - 3_600_000);
    w.desk.sync_templates(w.account_id).await.unwrap();
    let file = w.dir.path().join("members.csv");
    write_list(&file, 0, 4);
    let draft = w.draft(&file, order_values(), AudienceOptions::default()).await;
    let request = ScheduleRequest {
        at: Some(first),
        repeat: Some("daily".into()),
        window: None,
        grace_minutes: None,
        audience: Some(SeriesAudience::Reread),
    };
    let run1 = w.desk.schedule_draft(draft.id, request).await.unwrap();
    assert_eq!((run1.status, run1.scheduled_at), (CampaignStatus::Scheduled, Some(first)));
    let series = run1.series_id.expect("a run of a series");
    let day = 24 * 3_600_000;
    assert_eq!(run1.next_run_at, Some(parse_when("2026-12-13 10:00", zone).unwrap()));

    clock.set(first);
    let ended = finish_started(run_tick(&w.desk).await).await;
    assert_eq!(ended[0].counts.sent, 4);

    // The file changed before the next run: the run reads it again. The repeat-send check does
    // not count the series' own runs (a daily message is meant to reach the same people).
    write_list(&file, 2, 5);
    clock.set(first + day);
    let tick = run_tick(&w.desk).await;
    assert_eq!(tick.made.len(), 1);
    let ended = finish_started(tick).await;
    assert_eq!((ended[0].series_id, ended[0].counts.total, ended[0].counts.sent), (Some(series), 5, 5));

    // The file is gone: the run does not start, and says why.
    std::fs::remove_file(&file).unwrap();
    clock.set(first + 2 * day);
    let tick = run_tick(&w.desk).await;
    assert_eq!(tick.refused.len(), 1);
    let refused = w.desk.campaign(tick.refused[0]).await.unwrap();
    assert_eq!(refused.status, CampaignStatus::Stopped);
    let reason = refused.status_reason.unwrap();
    assert_eq!(reason.kind, ReasonKind::Audience);
    assert!(reason.message.contains("members.csv"), "{}", reason.message);
    assert_eq!(w.sandbox.stats().accepted, 9);

    // Three days pass with nothing running: one run stands for them, missed (past its grace).
    write_list(&file, 0, 2);
    clock.set(first + 5 * day + 3 * 3_600_000);
    let tick = run_tick(&w.desk).await;
    assert_eq!((tick.made.len(), tick.missed.len()), (1, 1));
    let view = w.desk.series(series).await.unwrap();
    assert_eq!(view.runs.len(), 4);
    assert_eq!(view.upcoming.first(), Some(&parse_when("2026-12-18 10:00", zone).unwrap()));
    assert_eq!(view.upcoming.len(), 5);

    let stopped = w.desk.stop_series(series).await.unwrap();
    assert!(stopped.upcoming.is_empty() && stopped.series.next_run_at.is_none());
    let trail = audited(&w).await;
    assert_eq!(trail.last(), Some(&(AuditAction::SeriesStopped, None)));
    assert!(trail.contains(&(AuditAction::CampaignCreated, Some(run1.id))), "{trail:?}");
    clock.set(first + 9 * day);
    assert!(run_tick(&w.desk).await.made.is_empty());
}

#[tokio::test]
async fn a_series_reusing_its_first_audience_and_two_schedulers_make_each_run_once() {
    let mut w = World::new(SandboxConfig::default()).await;
    let zone = local_zone();
    let first = parse_when("2026-12-14 10:00", zone).unwrap();
    let clock = with_clock(&mut w, first - 60_000);
    w.desk.sync_templates(w.account_id).await.unwrap();
    let file = w.dir.path().join("vip.csv");
    write_list(&file, 0, 3);
    let draft = w.draft(&file, order_values(), AudienceOptions::default()).await;
    let request = ScheduleRequest {
        at: Some(first),
        repeat: Some("weekly:MON,THU".into()),
        audience: Some(SeriesAudience::Reuse),
        ..ScheduleRequest::default()
    };
    let run1 = w.desk.schedule_draft(draft.id, request).await.unwrap();
    let series = run1.series_id.unwrap();
    // 2026-12-14 is a Monday: the next run is Thursday.
    assert_eq!(run1.next_run_at, Some(parse_when("2026-12-17 10:00", zone).unwrap()));
    std::fs::remove_file(&file).unwrap();
    clock.set(first);
    assert_eq!(finish_started(run_tick(&w.desk).await).await[0].counts.sent, 3);

    let thursday = parse_when("2026-12-17 10:00", zone).unwrap();
    clock.set(thursday);
    let mut other = desk_on(&w.address, w.account_id, &w.sandbox.url());
    other.set_clock(Arc::new(ManualClock::at(thursday)));
    let (a, b) = tokio::join!(w.desk.scheduler_tick(None), other.scheduler_tick(None));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.made.len() + b.made.len(), 1, "one run made by two schedulers");
    finish_started(a).await;
    finish_started(b).await;
    for _ in 0..10 {
        finish_started(run_tick(&w.desk).await).await;
    }
    let view = w.desk.series(series).await.unwrap();
    assert_eq!(view.runs.len(), 2);
    for run in &view.runs {
        assert_eq!((run.status, run.counts.sent), (CampaignStatus::Finished, 3), "{run:?}");
    }
    assert!(w.sandbox.accepted_per_openid().values().all(|n| *n == 2));
}
