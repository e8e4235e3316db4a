//! The journal writer: one thread owns a SQLite connection and commits what the workers ask
//! for. Requests that queue up while a transaction runs are committed together (group
//! commit), so journaling every row keeps up with hundreds of sends per second.

use std::path::Path;

use tokio::sync::{mpsc, oneshot};

use crate::campaign::model::RecipientRow;
use crate::store::{AttemptOutcome, SendingMark, Store};
use crate::{CoreError, Result};

enum Job {
    Mark(SendingMark, oneshot::Sender<Result<i64>>),
    Record(AttemptOutcome, oneshot::Sender<Result<()>>),
    Batch { campaign_id: i64, after_id: i64, limit: u32, reply: oneshot::Sender<Result<Vec<RecipientRow>>> },
    With(Box<dyn FnOnce(&mut Store) + Send>),
}

/// A handle to the writer thread. The thread ends when the last handle is dropped.
#[derive(Clone)]
pub(crate) struct JournalWriter {
    tx: mpsc::UnboundedSender<Job>,
}

/// Resolves when a queued outcome is committed.
pub(crate) struct Receipt(oneshot::Receiver<Result<()>>);

impl Receipt {
    /// Waits for the commit.
    pub(crate) async fn committed(self) -> Result<()> {
        self.0.await.map_err(|_| gone())?
    }
}

fn gone() -> CoreError {
    CoreError::Internal("the journal writer stopped".into())
}

/// Errors are not `Clone`; every request of a failed group gets the same text.
fn shared(err: &CoreError) -> CoreError {
    CoreError::Internal(format!("journal write failed: {err}"))
}

impl JournalWriter {
    /// Opens its own connection to the database at `path` and starts the thread.
    pub(crate) fn start(path: &Path) -> Result<JournalWriter> {
        let mut store = Store::open(path)?;
        let (tx, mut rx) = mpsc::unbounded_channel::<Job>();
        std::thread::Builder::new()
            .name("pushdesk-journal".into())
            .spawn(move || {
                while let Some(first) = rx.blocking_recv() {
                    let mut jobs = vec![first];
                    while let Ok(more) = rx.try_recv() {
                        jobs.push(more);
                    }
                    run_group(&mut store, jobs);
                }
            })
            .map_err(|e| CoreError::io("starting the journal writer", e))?;
        Ok(JournalWriter { tx })
    }

    /// Commits a `sending` mark; returns the attempt id once it is durable.
    pub(crate) async fn mark(&self, mark: SendingMark) -> Result<i64> {
        let (reply, rx) = oneshot::channel();
        self.tx.send(Job::Mark(mark, reply)).map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }

    /// Queues an outcome for commit and returns at once; await the receipt to know it is
    /// durable. Jobs commit in the order they are queued, so a later mark of the same row
    /// never overtakes its outcome.
    pub(crate) fn record(&self, outcome: AttemptOutcome) -> Result<Receipt> {
        let (reply, rx) = oneshot::channel();
        self.tx.send(Job::Record(outcome, reply)).map_err(|_| gone())?;
        Ok(Receipt(rx))
    }

    /// The next pending rows after `after_id`.
    pub(crate) async fn pending_batch(
        &self,
        campaign_id: i64,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<RecipientRow>> {
        let (reply, rx) = oneshot::channel();
        self.tx.send(Job::Batch { campaign_id, after_id, limit, reply }).map_err(|_| gone())?;
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

fn run_group(store: &mut Store, jobs: Vec<Job>) {
    let mut marks = Vec::new();
    let mut mark_replies = Vec::new();
    let mut outcomes = Vec::new();
    let mut outcome_replies = Vec::new();
    for job in jobs {
        match job {
            Job::Mark(m, reply) => {
                marks.push(m);
                mark_replies.push(reply);
            }
            Job::Record(o, reply) => {
                outcomes.push(o);
                outcome_replies.push(reply);
            }
            Job::Batch { campaign_id, after_id, limit, reply } => {
                let _ = reply.send(store.pending_batch(campaign_id, after_id, limit));
            }
            Job::With(f) => f(store),
        }
    }
    // Outcomes first: they free openids that later marks may be waiting on.
    if !outcomes.is_empty() {
        match store.record_outcomes(&outcomes) {
            Ok(()) => outcome_replies.into_iter().for_each(|r| drop(r.send(Ok(())))),
            Err(e) => outcome_replies.into_iter().for_each(|r| drop(r.send(Err(shared(&e))))),
        }
    }
    if !marks.is_empty() {
        match store.mark_sending(&marks) {
            Ok(ids) => mark_replies.into_iter().zip(ids).for_each(|(r, id)| drop(r.send(Ok(id)))),
            Err(e) => mark_replies.into_iter().for_each(|r| drop(r.send(Err(shared(&e))))),
        }
    }
}
