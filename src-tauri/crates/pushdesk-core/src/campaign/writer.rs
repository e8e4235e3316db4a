//! The journal writer of one run: one thread owns a SQLite connection and commits what the
//! run asks for. Requests that queue up while a transaction runs are committed together (group
//! commit), so journaling every row with a durable commit keeps up with hundreds of sends per
//! second. Every write carries the run's id (see store/journal.rs): once the run has lost its
//! campaign, nothing it writes lands.

use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, oneshot};

use crate::model::{AttemptOutcome, RecipientRow, SendingMark};
use crate::store::{Store, StoreAddress};
use crate::{CoreError, Result};

/// Where a group of marks' attempt ids go (`None` for a row that must not be sent).
type MarksReply = oneshot::Sender<Result<Vec<Option<i64>>>>;

enum Job {
    Marks(Vec<SendingMark>, MarksReply),
    Record(AttemptOutcome),
    Batch { after_id: i64, limit: u32, reply: oneshot::Sender<Result<Vec<RecipientRow>>> },
    With(Box<dyn FnOnce(&mut Store) + Send>),
}

/// What went wrong with outcomes the writer could not record.
#[derive(Debug, Default)]
pub(crate) struct Unrecorded {
    /// Outcomes whose commit failed (kept to be tried again when the run ends).
    pub outcomes: Vec<AttemptOutcome>,
    /// The first error.
    pub error: Option<String>,
    /// Outcomes that changed nothing: the run no longer owns the campaign.
    pub lost: bool,
}

/// A handle to the writer thread. The thread ends when the last handle is dropped.
#[derive(Clone)]
pub(crate) struct JournalWriter {
    tx: mpsc::UnboundedSender<Job>,
    unrecorded: Arc<Mutex<Unrecorded>>,
}

fn gone() -> CoreError {
    CoreError::Internal("the journal writer stopped".into())
}

/// Errors are not `Clone`; every request of a failed group gets the same text.
fn shared(err: &CoreError) -> CoreError {
    CoreError::Internal(format!("journal write failed: {err}"))
}

struct Context {
    store: Store,
    run_id: String,
    campaign_id: i64,
    unrecorded: Arc<Mutex<Unrecorded>>,
}

impl JournalWriter {
    /// Opens its own connection to the store at `address` and starts the thread for run
    /// `run_id` of campaign `campaign_id`.
    pub(crate) fn start(address: &StoreAddress, run_id: &str, campaign_id: i64) -> Result<JournalWriter> {
        let store = address.open()?;
        let unrecorded = Arc::new(Mutex::new(Unrecorded::default()));
        let mut context =
            Context { store, run_id: run_id.to_string(), campaign_id, unrecorded: Arc::clone(&unrecorded) };
        let (tx, mut rx) = mpsc::unbounded_channel::<Job>();
        std::thread::Builder::new()
            .name("pushdesk-journal".into())
            .spawn(move || {
                while let Some(first) = rx.blocking_recv() {
                    let mut jobs = vec![first];
                    while let Ok(more) = rx.try_recv() {
                        jobs.push(more);
                    }
                    run_group(&mut context, jobs);
                }
            })
            .map_err(|e| {
                CoreError::io(
                    crate::Bilingual::new("starting the journal writer", "启动发送结果的记录线程"),
                    e,
                )
            })?;
        Ok(JournalWriter { tx, unrecorded })
    }

    /// Commits `sending` marks; returns each one's attempt id once it is durable, or `None`
    /// for a row that must not be sent (no longer pending, or the run lost the campaign).
    pub(crate) async fn mark(&self, marks: Vec<SendingMark>) -> Result<Vec<Option<i64>>> {
        let (reply, rx) = oneshot::channel();
        self.tx.send(Job::Marks(marks, reply)).map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }

    /// Queues an outcome for commit and returns at once. The sender does not wait for it:
    /// the departure log already holds the outcome for recovery (see `departures.rs`). Jobs
    /// commit in the order they are queued, so a later mark of the same row never overtakes
    /// its outcome. A failed commit is kept in [`JournalWriter::unrecorded`].
    pub(crate) fn record(&self, outcome: AttemptOutcome) {
        if let Err(mpsc::error::SendError(Job::Record(outcome))) = self.tx.send(Job::Record(outcome)) {
            let mut u = self.unrecorded.lock().unwrap_or_else(|p| p.into_inner());
            u.error.get_or_insert_with(|| "the journal writer stopped".into());
            u.outcomes.push(outcome);
        }
    }

    /// What could not be recorded so far.
    pub(crate) fn unrecorded(&self) -> std::sync::MutexGuard<'_, Unrecorded> {
        self.unrecorded.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The next pending rows after `after_id`.
    pub(crate) async fn pending_batch(&self, after_id: i64, limit: u32) -> Result<Vec<RecipientRow>> {
        let (reply, rx) = oneshot::channel();
        self.tx.send(Job::Batch { after_id, limit, reply }).map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }

    /// Runs `f` on the writer's connection, in order with the journal writes.
    pub(crate) async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let (reply, rx) = oneshot::channel();
        let job = Job::With(Box::new(move |store| {
            let _ = reply.send(f(store));
        }));
        self.tx.send(job).map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }
}

/// Commits a group in queue order: consecutive marks and outcomes share one transaction each;
/// a read or a `with` job waits for what was queued before it.
fn run_group(ctx: &mut Context, jobs: Vec<Job>) {
    let mut pending = Pending::default();
    for job in jobs {
        match job {
            Job::Marks(m, reply) => {
                pending.mark_replies.push((m.len(), reply));
                pending.marks.extend(m);
            }
            Job::Record(o) => pending.outcomes.push(o),
            Job::Batch { after_id, limit, reply } => {
                pending.flush(ctx);
                let _ = reply.send(ctx.store.pending_batch(ctx.campaign_id, after_id, limit));
            }
            Job::With(f) => {
                pending.flush(ctx);
                f(&mut ctx.store);
            }
        }
    }
    pending.flush(ctx);
}

#[derive(Default)]
struct Pending {
    marks: Vec<SendingMark>,
    mark_replies: Vec<(usize, MarksReply)>,
    outcomes: Vec<AttemptOutcome>,
}

impl Pending {
    fn flush(&mut self, ctx: &mut Context) {
        // Outcomes first: a retry's new mark needs its row pending again. They commit without
        // an fsync: a commit that reached the OS survives the process, and an outcome lost to a
        // power cut only leaves its row `unknown`. Marks must survive a power cut (the request
        // leaves after them), so they commit with one — which also syncs the outcomes before.
        if !self.outcomes.is_empty() {
            let outcomes = std::mem::take(&mut self.outcomes);
            let result = ctx.store.with_durability(false, |store| {
                store.record_outcomes(&ctx.run_id, ctx.campaign_id, &outcomes)
            });
            let mut u = ctx.unrecorded.lock().unwrap_or_else(|p| p.into_inner());
            match result {
                Ok(n) if n == outcomes.len() => {}
                Ok(_) => u.lost = true,
                Err(e) => {
                    tracing::error!("recording outcomes failed: {e}");
                    u.error.get_or_insert_with(|| e.to_string());
                    u.outcomes.extend(outcomes);
                }
            }
        }
        if !self.marks.is_empty() {
            let marks = std::mem::take(&mut self.marks);
            let replies = std::mem::take(&mut self.mark_replies);
            match ctx.store.with_durability(true, |store| store.mark_sending(&ctx.run_id, &marks)) {
                Ok(ids) => {
                    let mut ids = ids.into_iter();
                    for (n, reply) in replies {
                        let _ = reply.send(Ok(ids.by_ref().take(n).collect()));
                    }
                }
                Err(e) => replies.into_iter().for_each(|(_, r)| drop(r.send(Err(shared(&e))))),
            }
        }
    }
}
