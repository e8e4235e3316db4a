//! The campaign lifecycle against a real store, on each engine (a SQLite file, a PostgreSQL
//! schema): every action from every state, allowed and refused, as the store applies it; and the
//! regressions of issue 11 that live in the store. No WeChat here: rows are moved through the
//! journal as a run would move them.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use pushdesk_core::account::{AccountKind, NewAccount};
use pushdesk_core::model::lifecycle::RunEnd;
use pushdesk_core::model::{
    now_ms, AttemptOutcome, AttemptStatus, Campaign, CampaignAction as A, CampaignKind, CampaignStatus as S,
    ControlRequest, Departures, MessageSpec, NewCampaign, NewRecipient, RecipientState, SendingMark,
};
use pushdesk_core::process::{Liveness, ProcessIdentity};
use pushdesk_core::sendlog::INTERRUPTED_ERRCODE;
use pushdesk_core::store::db::Engine;
use pushdesk_core::store::testing::TestDatabase;
use pushdesk_core::store::{RunTicket, SenderOracle, Store};
use pushdesk_core::wechat::{Lang, MiniprogramState};
use pushdesk_core::ErrorCode;

/// Runs it considers alive; the rest are dead, with the departure logs it was given.
#[derive(Default)]
struct TestOracle {
    alive: RefCell<HashSet<String>>,
    logs: HashMap<String, Departures>,
}

impl SenderOracle for TestOracle {
    fn liveness(&self, run_id: &str, _: Option<&ProcessIdentity>, _: Option<i64>) -> Liveness {
        if self.alive.borrow().contains(run_id) {
            Liveness::Alive
        } else {
            Liveness::Dead { exact: self.logs.contains_key(run_id) }
        }
    }

    fn departures(&self, run_id: &str, _: &HashSet<i64>) -> Option<Departures> {
        self.logs.get(run_id).cloned()
    }
}

/// Runs `test` once on each engine.
fn on_both_engines(test: impl Fn(Engine)) {
    for engine in [Engine::Sqlite, Engine::Postgres] {
        // A failure's output says which engine it was on.
        eprintln!("on {engine:?}");
        test(engine);
    }
}

/// A second connection to a fixture's database, as another process would open one: what a test
/// reads or writes behind the store's back.
enum Peek {
    Sqlite(rusqlite::Connection),
    Postgres(Box<postgres::Client>),
}

impl Peek {
    /// The one value a query of one row gives; `sql` takes its one argument as `?1`.
    fn value<T>(&mut self, sql: &str, arg: i64) -> T
    where
        T: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a>,
    {
        match self {
            Peek::Sqlite(conn) => conn.query_row(sql, [arg], |r| r.get(0)).unwrap(),
            Peek::Postgres(client) => client.query_one(&sql.replace("?1", "$1"), &[&arg]).unwrap().get(0),
        }
    }

    /// Runs a statement whose one argument is `?1`.
    fn execute(&mut self, sql: &str, arg: i64) {
        match self {
            Peek::Sqlite(conn) => {
                conn.execute(sql, [arg]).unwrap();
            }
            Peek::Postgres(client) => {
                client.execute(&sql.replace("?1", "$1"), &[&arg]).unwrap();
            }
        }
    }
}

struct Fixture {
    db: TestDatabase,
    store: Store,
    account_id: i64,
    me: ProcessIdentity,
    oracle: TestOracle,
    runs: u32,
}

impl Fixture {
    fn new(engine: Engine) -> Fixture {
        let db = TestDatabase::new(engine);
        let store = db.open();
        let account = store
            .insert_account(&NewAccount::new(
                AccountKind::MiniProgram,
                "shop",
                "wx0123456789abcdef",
                "https://api.weixin.qq.com",
            ))
            .unwrap();
        Fixture {
            db,
            store,
            account_id: account.id,
            me: ProcessIdentity::current(),
            oracle: TestOracle::default(),
            runs: 0,
        }
    }

    fn campaign(&mut self, rows: usize) -> i64 {
        let spec = NewCampaign {
            account_id: self.account_id,
            kind: CampaignKind::Campaign,
            name: "c".into(),
            template_id: "tpl".into(),
            template_title: "t".into(),
            message: MessageSpec {
                values: BTreeMap::new(),
                page: None,
                miniprogram_state: MiniprogramState::Formal,
                lang: Lang::ZhCn,
                url: None,
                miniprogram_appid: None,
            },
            rate: 10,
            concurrency: 2,
            parent_id: None,
            created_by: "test".into(),
            timing: Default::default(),
            series_id: None,
        };
        let recipients = (0..rows).map(|i| {
            Ok(NewRecipient {
                row_no: i as u32 + 2,
                openid: format!("oLifecycle{i:018}"),
                data: BTreeMap::new(),
                state: RecipientState::Pending,
                reason: None,
                page: None,
                origin_id: None,
            })
        });
        self.store.create_campaign(&spec, &mut recipients.collect::<Vec<_>>().into_iter()).unwrap()
    }

    fn new_run(&mut self) -> String {
        self.runs += 1;
        let run = format!("run{}", self.runs);
        self.oracle.alive.borrow_mut().insert(run.clone());
        run
    }

    fn act(&mut self, id: i64, action: A) -> Result<Campaign, pushdesk_core::CoreError> {
        match action {
            A::Pause | A::Cancel | A::Unschedule | A::Skip => {
                self.store.control(id, action, &self.oracle).map(|(c, _)| c)
            }
            A::Reschedule => self.store.reschedule(id, now_ms() + 3_600_000, &self.oracle).map(|(c, _)| c),
            A::Approve => self.store.approve(id, &self.oracle).map(|(c, _)| c),
            _ => {
                let run = self.new_run();
                let ticket =
                    RunTicket { run_id: &run, process: &self.me, now: pushdesk_core::model::now_ms() };
                self.store.begin_run(id, action, ticket, &self.oracle).map(|(c, _)| c)
            }
        }
    }

    /// A connection of its own to the fixture's database.
    fn peek(&self) -> Peek {
        match &self.db {
            TestDatabase::File { path, .. } => Peek::Sqlite(rusqlite::Connection::open(path).unwrap()),
            TestDatabase::Schema { .. } => Peek::Postgres(Box::new(self.db.raw_postgres())),
        }
    }

    /// The SQLite file (a test of SQLite's own migrations).
    fn sqlite_path(&self) -> &std::path::Path {
        match &self.db {
            TestDatabase::File { path, .. } => path,
            TestDatabase::Schema { .. } => panic!("not a SQLite fixture"),
        }
    }

    fn run_of(&self, id: i64) -> String {
        self.peek().value("SELECT run_id FROM campaigns WHERE id = ?1", id)
    }

    /// The marks of the first `n` pending rows of a campaign.
    fn marks(&self, id: i64, n: u32) -> (Vec<pushdesk_core::model::RecipientRow>, Vec<SendingMark>) {
        let rows = self.store.pending_batch(id, 0, n).unwrap();
        let marks = rows
            .iter()
            .map(|r| SendingMark {
                recipient_id: r.id,
                campaign_id: id,
                account_id: self.account_id,
                template_id: "tpl".into(),
                openid: r.openid.clone(),
                attempt_no: r.attempts + 1,
                request: "{}".into(),
                staged_at: now_ms(),
            })
            .collect();
        (rows, marks)
    }

    /// Marks the first `n` pending rows `sending` for the campaign's run; their attempt ids.
    fn stage(&mut self, id: i64, n: u32) -> Vec<i64> {
        let run = self.run_of(id);
        let (_, marks) = self.marks(id, n);
        self.store.mark_sending(&run, &marks).unwrap().into_iter().flatten().collect()
    }

    /// Sends the first `n` pending rows of a running campaign with these outcomes.
    fn send(&mut self, id: i64, outcomes: &[AttemptStatus]) {
        let run = self.run_of(id);
        let (rows, marks) = self.marks(id, outcomes.len() as u32);
        let ids = self.store.mark_sending(&run, &marks).unwrap();
        let outcomes: Vec<AttemptOutcome> = rows
            .iter()
            .zip(ids)
            .zip(outcomes)
            .map(|((r, id), status)| AttemptOutcome {
                attempt_id: id.unwrap(),
                recipient_id: r.id,
                started_at: now_ms(),
                status: *status,
                errcode: None,
                errmsg: None,
                rid: None,
                msgid: None,
                response: None,
            })
            .collect();
        assert_eq!(self.store.record_outcomes(&run, id, &outcomes).unwrap(), outcomes.len());
    }

    fn end(&mut self, id: i64, end: RunEnd) -> Campaign {
        let run = self.run_of(id);
        self.store.end_run(id, &run, &end, Some(&Departures::default())).unwrap()
    }

    /// A campaign of four rows in `status`: pending 2, unknown 1, failed 1 (paused, stopped);
    /// sent 2, unknown 1, failed 1 (finished); all pending (ready); cancelled after one sent.
    fn in_state(&mut self, status: S) -> i64 {
        use AttemptStatus::{Failed, Sent, Unknown};
        let id = self.campaign(4);
        let halt = |stop| RunEnd::Halted { stop, reason: pushdesk_core::model::lifecycle::user_reason("x") };
        match status {
            S::Ready => {}
            S::Scheduled => {
                self.act(id, A::Reschedule).unwrap();
            }
            S::Missed => {
                self.act(id, A::Reschedule).unwrap();
                assert!(self.store.mark_missed(id, now_ms(), false).unwrap());
            }
            S::WaitingWindow => {
                self.act(id, A::Start).unwrap();
                self.send(id, &[Unknown, Failed]);
                self.end(id, RunEnd::WindowClosed { reopens_at: now_ms() + 3_600_000 });
            }
            S::Running => {
                self.act(id, A::Start).unwrap();
            }
            S::Paused | S::Stopped => {
                self.act(id, A::Start).unwrap();
                self.send(id, &[Unknown, Failed]);
                self.end(id, halt(status == S::Stopped));
            }
            S::Finished => {
                self.act(id, A::Start).unwrap();
                self.send(id, &[Sent, Sent, Unknown, Failed]);
                self.end(id, RunEnd::Drained);
            }
            S::Cancelled => {
                self.act(id, A::Start).unwrap();
                self.send(id, &[Unknown]);
                self.end(id, RunEnd::Requested(ControlRequest::Cancel));
            }
        }
        assert_eq!(self.store.campaign(id).unwrap().status, status);
        id
    }
}

#[derive(Debug, PartialEq)]
enum Expect {
    Becomes(S),
    /// Allowed, but only the scheduler does it (a person is not offered it).
    SchedulerOnly(S),
    Asked(ControlRequest),
    Refused(ErrorCode),
}
use Expect::{Asked, Becomes, Refused, SchedulerOnly};

const NOT_ALLOWED: Expect = Refused(ErrorCode::ActionNotAllowed);

/// Every action from every state, with what must happen — written out by hand, not derived
/// from the lifecycle table, so a change of the table fails here.
#[test]
fn every_action_from_every_state() {
    assert_eq!(A::ALL.len(), 10, "a new action needs its row for every state here");
    // No team here: nothing waits for approval (tests/engine/team.rs has the team's rule).
    const NO_APPROVAL: Expect = Refused(ErrorCode::NothingToDo);
    let cases: Vec<(S, A, Expect)> = vec![
        (S::Ready, A::Start, Becomes(S::Running)),
        (S::Ready, A::Resume, NOT_ALLOWED),
        (S::Ready, A::Pause, NOT_ALLOWED),
        (S::Ready, A::Cancel, Becomes(S::Cancelled)),
        (S::Ready, A::ResendUnknown, NOT_ALLOWED),
        (S::Ready, A::ResendFailed, NOT_ALLOWED),
        (S::Ready, A::Reschedule, Becomes(S::Scheduled)),
        (S::Ready, A::Unschedule, NOT_ALLOWED),
        (S::Ready, A::Skip, NOT_ALLOWED),
        (S::Ready, A::Approve, NO_APPROVAL),
        (S::Scheduled, A::Start, Becomes(S::Running)),
        (S::Scheduled, A::Resume, NOT_ALLOWED),
        (S::Scheduled, A::Pause, NOT_ALLOWED),
        (S::Scheduled, A::Cancel, Becomes(S::Cancelled)),
        (S::Scheduled, A::ResendUnknown, NOT_ALLOWED),
        (S::Scheduled, A::ResendFailed, NOT_ALLOWED),
        (S::Scheduled, A::Reschedule, Becomes(S::Scheduled)),
        (S::Scheduled, A::Unschedule, Becomes(S::Ready)),
        (S::Scheduled, A::Skip, NOT_ALLOWED),
        (S::Scheduled, A::Approve, NO_APPROVAL),
        (S::Running, A::Start, Refused(ErrorCode::Busy)),
        (S::Running, A::Resume, Refused(ErrorCode::Busy)),
        (S::Running, A::Pause, Asked(ControlRequest::Pause)),
        (S::Running, A::Cancel, Asked(ControlRequest::Cancel)),
        (S::Running, A::ResendUnknown, Refused(ErrorCode::Busy)),
        (S::Running, A::ResendFailed, Refused(ErrorCode::Busy)),
        (S::Running, A::Reschedule, NOT_ALLOWED),
        (S::Running, A::Unschedule, NOT_ALLOWED),
        (S::Running, A::Skip, NOT_ALLOWED),
        (S::Running, A::Approve, NOT_ALLOWED),
        (S::WaitingWindow, A::Start, NOT_ALLOWED),
        (S::WaitingWindow, A::Resume, SchedulerOnly(S::Running)),
        (S::WaitingWindow, A::Pause, Becomes(S::Paused)),
        (S::WaitingWindow, A::Cancel, Becomes(S::Cancelled)),
        (S::WaitingWindow, A::ResendUnknown, NOT_ALLOWED),
        (S::WaitingWindow, A::ResendFailed, NOT_ALLOWED),
        (S::WaitingWindow, A::Reschedule, NOT_ALLOWED),
        (S::WaitingWindow, A::Unschedule, NOT_ALLOWED),
        (S::WaitingWindow, A::Skip, NOT_ALLOWED),
        (S::WaitingWindow, A::Approve, NOT_ALLOWED),
        (S::Paused, A::Start, NOT_ALLOWED),
        (S::Paused, A::Resume, Becomes(S::Running)),
        (S::Paused, A::Pause, NOT_ALLOWED),
        (S::Paused, A::Cancel, Becomes(S::Cancelled)),
        (S::Paused, A::ResendUnknown, Becomes(S::Running)),
        (S::Paused, A::ResendFailed, Becomes(S::Running)),
        (S::Paused, A::Reschedule, NOT_ALLOWED),
        (S::Paused, A::Unschedule, NOT_ALLOWED),
        (S::Paused, A::Skip, NOT_ALLOWED),
        (S::Paused, A::Approve, NOT_ALLOWED),
        (S::Stopped, A::Start, NOT_ALLOWED),
        (S::Stopped, A::Resume, Becomes(S::Running)),
        (S::Stopped, A::Pause, NOT_ALLOWED),
        (S::Stopped, A::Cancel, Becomes(S::Cancelled)),
        (S::Stopped, A::ResendUnknown, Becomes(S::Running)),
        (S::Stopped, A::ResendFailed, Becomes(S::Running)),
        (S::Stopped, A::Reschedule, NOT_ALLOWED),
        (S::Stopped, A::Unschedule, NOT_ALLOWED),
        (S::Stopped, A::Skip, NOT_ALLOWED),
        (S::Stopped, A::Approve, NOT_ALLOWED),
        (S::Missed, A::Start, Becomes(S::Running)),
        (S::Missed, A::Resume, NOT_ALLOWED),
        (S::Missed, A::Pause, NOT_ALLOWED),
        (S::Missed, A::Cancel, NOT_ALLOWED),
        (S::Missed, A::ResendUnknown, NOT_ALLOWED),
        (S::Missed, A::ResendFailed, NOT_ALLOWED),
        (S::Missed, A::Reschedule, Becomes(S::Scheduled)),
        (S::Missed, A::Unschedule, NOT_ALLOWED),
        (S::Missed, A::Skip, Becomes(S::Cancelled)),
        (S::Missed, A::Approve, NO_APPROVAL),
        (S::Finished, A::Start, NOT_ALLOWED),
        (S::Finished, A::Resume, NOT_ALLOWED),
        (S::Finished, A::Pause, NOT_ALLOWED),
        (S::Finished, A::Cancel, NOT_ALLOWED),
        (S::Finished, A::ResendUnknown, Becomes(S::Running)),
        (S::Finished, A::ResendFailed, Becomes(S::Running)),
        (S::Finished, A::Reschedule, NOT_ALLOWED),
        (S::Finished, A::Unschedule, NOT_ALLOWED),
        (S::Finished, A::Skip, NOT_ALLOWED),
        (S::Finished, A::Approve, NOT_ALLOWED),
        (S::Cancelled, A::Start, NOT_ALLOWED),
        (S::Cancelled, A::Resume, NOT_ALLOWED),
        (S::Cancelled, A::Pause, NOT_ALLOWED),
        (S::Cancelled, A::Cancel, NOT_ALLOWED),
        (S::Cancelled, A::ResendUnknown, NOT_ALLOWED),
        (S::Cancelled, A::ResendFailed, NOT_ALLOWED),
        (S::Cancelled, A::Reschedule, NOT_ALLOWED),
        (S::Cancelled, A::Unschedule, NOT_ALLOWED),
        (S::Cancelled, A::Skip, NOT_ALLOWED),
        (S::Cancelled, A::Approve, NOT_ALLOWED),
    ];
    on_both_engines(|engine| {
        for (from, action, expect) in &cases {
            let (from, action) = (*from, *action);
            let mut f = Fixture::new(engine);
            let id = f.in_state(from);
            let before = f.store.campaign(id).unwrap();
            let got = match f.act(id, action) {
                Ok(c) if c.status == S::Running && from == S::Running => {
                    let asked: String = f.peek().value("SELECT requested FROM campaigns WHERE id = ?1", id);
                    Asked(ControlRequest::parse(&asked).unwrap())
                }
                Ok(c) if from == S::WaitingWindow && action == A::Resume => SchedulerOnly(c.status),
                Ok(c) => Becomes(c.status),
                Err(e) => {
                    assert_eq!(
                        f.store.campaign(id).unwrap().counts,
                        before.counts,
                        "a refusal changes no row"
                    );
                    Refused(e.code())
                }
            };
            assert_eq!(&got, expect, "{action:?} from {from:?}");
            // What the UI is offered is exactly what succeeds.
            let offered = before.actions.contains(&action);
            assert_eq!(offered, matches!(got, Becomes(_) | Asked(_)), "{action:?} offered from {from:?}");
        }
    });
}

#[test]
fn a_resend_puts_back_exactly_the_rows_of_its_kind() {
    on_both_engines(|engine| {
        let mut f = Fixture::new(engine);
        let id = f.in_state(S::Finished);
        let c = f.act(id, A::ResendFailed).unwrap();
        assert_eq!((c.counts.pending, c.counts.failed, c.counts.unknown, c.counts.sent), (1, 0, 1, 2));
        let mut f = Fixture::new(engine);
        let id = f.in_state(S::Finished);
        let c = f.act(id, A::ResendUnknown).unwrap();
        assert_eq!((c.counts.pending, c.counts.failed, c.counts.unknown, c.counts.sent), (1, 1, 0, 2));
    });
}

#[test]
fn nothing_to_resend_or_resume_is_refused_with_a_reason() {
    on_both_engines(|engine| {
        let mut f = Fixture::new(engine);
        let id = f.campaign(2);
        f.act(id, A::Start).unwrap();
        f.send(id, &[AttemptStatus::Sent, AttemptStatus::Sent]);
        f.end(id, RunEnd::Drained);
        let err = f.act(id, A::ResendUnknown).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NothingToDo);
        assert_eq!(err.to_string(), format!("campaign {id} has no rows whose outcome is unknown"));
        assert_eq!(err.message_zh(), format!("任务 {id} 没有结果未知的收件人"));
    });
}

/// Regression (issue 11, item 2): `--resend-unknown` against a campaign another process was
/// sending requeued 64 rows, then failed; the sender ended "finished … 64 remaining".
#[test]
fn a_resend_of_a_campaign_being_sent_changes_nothing() {
    on_both_engines(|engine| {
        let mut f = Fixture::new(engine);
        let id = f.campaign(4);
        f.act(id, A::Start).unwrap();
        f.send(id, &[AttemptStatus::Unknown]);
        let err = f.act(id, A::ResendUnknown).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Busy);
        assert_eq!(err.message_zh(), format!("任务 {id} 正在由这个推送台窗口发送"), "{err}");
        let c = f.store.campaign(id).unwrap();
        assert_eq!((c.counts.unknown, c.counts.pending), (1, 3), "no row was requeued");
    });
}

/// Regression (issue 11, item 3): a cancel that arrived after the run's last look stayed in
/// `campaigns.requested`; the next resume obeyed it and cancelled 300 pending rows.
#[test]
fn a_request_is_consumed_by_the_end_of_the_run_it_was_meant_for() {
    on_both_engines(|engine| {
        let mut f = Fixture::new(engine);
        let id = f.campaign(4);
        f.act(id, A::Start).unwrap();
        f.send(id, &[AttemptStatus::Sent]);
        f.act(id, A::Pause).unwrap();
        let paused = f.end(id, RunEnd::Drained);
        assert_eq!(paused.status, S::Paused, "a pause that arrived late still pauses");
        let resumed = f.act(id, A::Resume).unwrap();
        assert_eq!(resumed.status, S::Running);
        let ended = f.end(id, RunEnd::Drained);
        assert_eq!(ended.status, S::Paused, "rows left: not finished");
        assert_eq!(ended.counts.cancelled, 0, "no stale request cancelled anything");
        assert_eq!(ended.status_reason.unwrap().kind, pushdesk_core::model::ReasonKind::Store);
    });
}

/// Regression (issue 11, item 4): marking a row `sending` was unconditional. Now a mark of a
/// row that is not pending, or by a run that does not own the campaign, changes nothing.
#[test]
fn only_the_owning_run_marks_and_only_pending_rows() {
    on_both_engines(|engine| {
        let mut f = Fixture::new(engine);
        let id = f.campaign(2);
        f.act(id, A::Start).unwrap();
        let run = f.run_of(id);
        let (_, marks) = f.marks(id, 1);
        let mark = marks[0].clone();
        assert_eq!(f.store.mark_sending("another-run", std::slice::from_ref(&mark)).unwrap(), vec![None]);
        assert!(f.store.mark_sending(&run, std::slice::from_ref(&mark)).unwrap()[0].is_some());
        assert_eq!(f.store.mark_sending(&run, &[mark]).unwrap(), vec![None], "already sending");
    });
}

/// Regression (issue 11, item 5): store errors left rows `sending` forever in campaigns that
/// were no longer running. Recovery visits every campaign with rows in flight.
#[test]
fn recovery_visits_every_campaign_with_rows_in_flight() {
    on_both_engines(|engine| {
        let mut f = Fixture::new(engine);
        let id = f.in_state(S::Finished);
        // What an older version's failed journal write left: a finished campaign, a row sending.
        let mut peek = f.peek();
        let row: i64 = peek.value(
            "SELECT id FROM recipients WHERE campaign_id = ?1 AND state = 'sent' ORDER BY id LIMIT 1",
            id,
        );
        peek.execute("UPDATE recipients SET state = 'sending' WHERE id = ?1", row);
        peek.execute("UPDATE attempts SET status = 'sending' WHERE recipient_id = ?1", row);
        let recovered = f.store.recover(&f.oracle).unwrap();
        assert_eq!(recovered.iter().map(|r| r.0).collect::<Vec<_>>(), vec![id]);
        let c = f.store.campaign(id).unwrap();
        assert_eq!((c.counts.sending, c.counts.unknown), (0, 2), "the stranded row may have left: unknown");
        assert_eq!(c.status, S::Finished);
    });
}

/// A dead run's rows: those whose answer the departure log holds get it, those it says left
/// without an answer become unknown (stamped with when they left); staged rows that never left
/// are pending again.
#[test]
fn recovery_with_a_trusted_departure_log_costs_only_what_left() {
    on_both_engines(|engine| {
        let mut f = Fixture::new(engine);
        let id = f.campaign(5);
        f.act(id, A::Start).unwrap();
        let run = f.run_of(id);
        let ids = f.stage(id, 3);
        let recipient_of = |attempt: i64| -> i64 {
            f.peek().value("SELECT recipient_id FROM attempts WHERE id = ?1", attempt)
        };
        // The process died after letting two requests go; the second one's answer reached the
        // log, not the journal.
        let answered = AttemptOutcome {
            attempt_id: ids[1],
            recipient_id: recipient_of(ids[1]),
            started_at: 1240,
            status: AttemptStatus::Sent,
            errcode: Some(0),
            errmsg: Some("ok".into()),
            rid: None,
            msgid: Some("3141592653589793238".into()),
            response: Some(r#"{"errcode":0,"errmsg":"ok","msgid":3141592653589793238}"#.into()),
        };
        f.oracle.alive.borrow_mut().remove(&run);
        f.oracle.logs.insert(
            run.clone(),
            Departures {
                left: HashMap::from([(ids[0], 1234), (ids[1], 1240)]),
                outcomes: HashMap::from([(ids[1], answered)]),
            },
        );
        f.store.recover(&f.oracle).unwrap();
        let c = f.store.campaign(id).unwrap();
        assert_eq!(c.status, S::Paused);
        assert_eq!((c.counts.unknown, c.counts.sent, c.counts.pending, c.counts.sending), (1, 1, 3, 0));
        assert_eq!(
            f.store.attempt_start_times(id).unwrap(),
            vec![1234, 1240],
            "only departed attempts are logged"
        );
        let msgid: Option<String> = f.peek().value("SELECT msgid FROM attempts WHERE id = ?1", ids[1]);
        assert_eq!(msgid.as_deref(), Some("3141592653589793238"), "the answer is recorded as it came");

        // Regression (issue 18, bug 5): the cut-off request was told as a timeout, with an English
        // errmsg and the restart time as its time of answer. It shows when it left, no answer, and
        // why in both languages.
        let cut_off = f.store.log_entry(ids[0]).unwrap().entry;
        assert_eq!(cut_off.status, AttemptStatus::Unknown);
        assert_eq!((cut_off.started_at, cut_off.finished_at), (1234, None));
        assert_eq!((cut_off.errcode, cut_off.errmsg.as_deref()), (Some(INTERRUPTED_ERRCODE), None));
        let why = cut_off.explanation.unwrap();
        assert!(
            why.title_zh.contains("Pushdesk 停止") && why.title_en.contains("Pushdesk stopped"),
            "{why:?}"
        );

        // Without a log it can trust (a reboot), every staged row may have left.
        let mut f = Fixture::new(engine);
        let id = f.campaign(5);
        f.act(id, A::Start).unwrap();
        let run = f.run_of(id);
        f.stage(id, 3);
        f.oracle.alive.borrow_mut().remove(&run);
        f.store.recover(&f.oracle).unwrap();
        let c = f.store.campaign(id).unwrap();
        assert_eq!((c.counts.unknown, c.counts.pending), (3, 2));
    });
}

/// Regression (issue 18, bug 5): rows an older version recovered carry its English sentence
/// and the restart time; migration 0007 turns them into what recovery writes now. SQLite only:
/// it takes a file back to schema 6 and reopens it through SQLite's migrations; a PostgreSQL
/// store begins at the baseline of schema 13, so it never had such rows.
#[test]
fn older_interrupted_rows_are_migrated_to_the_interrupted_errcode() {
    let mut f = Fixture::new(Engine::Sqlite);
    let id = f.campaign(2);
    f.act(id, A::Start).unwrap();
    let run = f.run_of(id);
    let ids = f.stage(id, 1);
    f.oracle.alive.borrow_mut().remove(&run);
    f.store.recover(&f.oracle).unwrap();
    let conn = rusqlite::Connection::open(f.sqlite_path()).unwrap();
    conn.execute_batch(
        "UPDATE attempts SET errcode = NULL, finished_at = 99,
           errmsg = 'interrupted: Pushdesk stopped while this request may have been on its way to WeChat';
         UPDATE recipients SET errcode = NULL, reason = 'interrupted: the app stopped before WeChat answered'
          WHERE state = 'unknown';
         -- Back to schema 6: what later migrations added goes too (the campaigns table keeps
         -- the columns 0011 added; its rebuild copies only the older ones).
         DROP TABLE audit;
         DROP INDEX campaigns_due;
         DROP INDEX campaigns_series;
         DROP TABLE series;
         DROP TABLE suppressed;
         ALTER TABLE accounts DROP COLUMN kind;
         ALTER TABLE accounts DROP COLUMN mini_programs;
         ALTER TABLE campaigns DROP COLUMN channel;
         ALTER TABLE accounts DROP COLUMN suppress_refusals;
         ALTER TABLE accounts DROP COLUMN cap_max;
         ALTER TABLE accounts DROP COLUMN cap_days;
         ALTER TABLE campaigns DROP COLUMN archived_at;
         DROP TABLE events;
         DROP TABLE ledger_counts;
         DROP INDEX attempts_delivery;
         DROP INDEX recipients_delivery;
         ALTER TABLE attempts DROP COLUMN delivery;
         ALTER TABLE attempts DROP COLUMN delivery_code;
         ALTER TABLE attempts DROP COLUMN delivery_status;
         ALTER TABLE attempts DROP COLUMN delivery_at;
         ALTER TABLE attempts DROP COLUMN confirmed_by_receipt;
         ALTER TABLE recipients DROP COLUMN delivery;
         PRAGMA user_version = 6;",
    )
    .unwrap();
    drop(conn);
    let reopened = f.db.open();
    let entry = reopened.log_entry(ids[0]).unwrap().entry;
    assert_eq!((entry.errcode, entry.errmsg, entry.finished_at), (Some(INTERRUPTED_ERRCODE), None, None));
    let reason: Option<String> = rusqlite::Connection::open(f.sqlite_path())
        .unwrap()
        .query_row("SELECT reason FROM recipients WHERE state = 'unknown'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reason, None);
}

/// A run whose campaign was taken over can write nothing more.
#[test]
fn a_run_that_lost_its_campaign_records_nothing() {
    on_both_engines(|engine| {
        let mut f = Fixture::new(engine);
        let id = f.campaign(2);
        f.act(id, A::Start).unwrap();
        let old = f.run_of(id);
        let row = f.store.pending_batch(id, 0, 1).unwrap().remove(0);
        let attempt = f.stage(id, 1)[0];
        // The old process is declared dead (its heartbeat went silent) and another takes over.
        f.oracle.alive.borrow_mut().remove(&old);
        let taken = f.act(id, A::Resume);
        assert!(taken.is_ok(), "{taken:?}");
        let outcome = AttemptOutcome {
            attempt_id: attempt,
            recipient_id: row.id,
            started_at: now_ms(),
            status: AttemptStatus::Sent,
            errcode: None,
            errmsg: None,
            rid: None,
            msgid: None,
            response: None,
        };
        assert_eq!(f.store.record_outcomes(&old, id, &[outcome]).unwrap(), 0);
        assert!(!f.store.heartbeat(id, &old).unwrap().owned);
        assert!(f.store.end_run(id, &old, &RunEnd::Drained, None).is_err());
        assert_eq!(f.store.campaign(id).unwrap().counts.unknown, 1, "the row it had marked is unknown");
    });
}
