//! The last [`KEPT`] pushes, oldest first, as compact rows: a load test pushes a million sends
//! through the sandbox, and every one of them leaves a receipt.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use crate::state::lock;

use super::openid::CompactOpenid;
use super::{
    PopupItem, Push, PushEvent, PushQuery, SubscribeStatus, TemplateJobStatus, ASYNC_FAILURE_ERRCODE,
};

/// Pushes kept: a million sends' receipts, about 64 MB.
const KEPT: usize = 1_000_000;

/// A push to record, borrowing what the caller has at hand.
pub enum NewPush<'a> {
    /// A delivered send's receipt; `failed` for an asynchronous failure.
    Sent { template_id: &'a str, msgid: u64, failed: bool },
    /// One popup's answers.
    Popup(&'a [PopupItem]),
    /// 拒收 of one template.
    Change(&'a str),
    /// An Official Account template message's receipt.
    TemplateJobFinished { msgid: u64, status: TemplateJobStatus },
}

/// Index into [`Names`].
type Name = u32;

/// One push in 64 bytes: names as indexes, the openid inline, no sequence number (a row's place
/// in the deque gives it).
#[derive(Debug, Clone)]
struct Row {
    openid: CompactOpenid,
    create_time: u32,
    appid: Name,
    event: RowEvent,
}

#[derive(Debug, Clone)]
enum RowEvent {
    Sent { template: Name, failed: bool, msgid: u64 },
    Popup(Box<[PopupRow]>),
    Change(Box<[Name]>),
    TemplateJob { msgid: u64, status: TemplateJobStatus },
}

#[derive(Debug, Clone, Copy)]
struct PopupRow {
    template: Name,
    status: SubscribeStatus,
    scene: u32,
}

/// Appids and template ids, each stored once: every push repeats the same few. Never shrinks;
/// only a control naming millions of distinct templates could make it large.
#[derive(Debug, Default)]
struct Names {
    all: Vec<Arc<str>>,
    index: HashMap<Arc<str>, Name>,
}

impl Names {
    fn intern(&mut self, name: &str) -> Name {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = Name::try_from(self.all.len()).expect("fewer than 2^32 distinct names");
        let name: Arc<str> = name.into();
        self.all.push(name.clone());
        self.index.insert(name, id);
        id
    }
}

#[derive(Debug, Default)]
struct Inner {
    rows: VecDeque<Row>,
    /// Pushes ever recorded, which is also the `seq` of the newest.
    recorded: u64,
    names: Names,
}

impl Inner {
    fn row(&mut self, appid: &str, openid: &str, create_time: u64, push: &NewPush<'_>) -> Row {
        let event = match push {
            NewPush::Sent { template_id, msgid, failed } => {
                RowEvent::Sent { template: self.names.intern(template_id), failed: *failed, msgid: *msgid }
            }
            NewPush::Popup(items) => RowEvent::Popup(
                items
                    .iter()
                    .map(|i| PopupRow {
                        template: self.names.intern(&i.template_id),
                        status: i.status,
                        scene: i.popup_scene,
                    })
                    .collect(),
            ),
            NewPush::Change(template_id) => RowEvent::Change(Box::new([self.names.intern(template_id)])),
            NewPush::TemplateJobFinished { msgid, status } => {
                RowEvent::TemplateJob { msgid: *msgid, status: *status }
            }
        };
        Row {
            openid: CompactOpenid::new(openid),
            // Unix seconds fit in 32 bits until 2106.
            create_time: u32::try_from(create_time).unwrap_or(u32::MAX),
            appid: self.names.intern(appid),
            event,
        }
    }

    fn push(&mut self, row: Row, limit: usize) {
        if self.rows.len() == limit {
            self.rows.pop_front();
        }
        self.rows.push_back(row);
        self.recorded += 1;
    }
}

/// Every push recorded, up to the last [`KEPT`].
#[derive(Debug)]
pub struct PushJournal {
    inner: Mutex<Inner>,
    limit: usize,
}

impl Default for PushJournal {
    fn default() -> Self {
        Self::with_limit(KEPT)
    }
}

impl PushJournal {
    fn with_limit(limit: usize) -> Self {
        Self { inner: Mutex::new(Inner::default()), limit }
    }

    /// Records one push made at `create_time` (unix seconds).
    pub fn record(&self, appid: &str, openid: &str, create_time: u64, push: NewPush<'_>) {
        self.record_repeated(appid, openid, create_time, push, 1);
    }

    /// Records the same push `times` times (one popup per authorisation granted).
    pub fn record_repeated(
        &self,
        appid: &str,
        openid: &str,
        create_time: u64,
        push: NewPush<'_>,
        times: u64,
    ) {
        if times == 0 {
            return;
        }
        let limit = self.limit;
        let mut inner = lock(&self.inner);
        let row = inner.row(appid, openid, create_time, &push);
        // Only the last `limit` could be kept: the others are counted without being built, so
        // a huge count does not hold the lock for long.
        let kept = times.min(limit as u64);
        if times > kept {
            inner.rows.clear();
            inner.recorded += times - kept;
        }
        for _ in 0..kept {
            inner.push(row.clone(), limit);
        }
    }

    /// The pushes `query` asks for, oldest first.
    pub fn read(&self, query: &PushQuery) -> Vec<Push> {
        let (rows, names) = {
            let inner = lock(&self.inner);
            let appid = match &query.appid {
                Some(appid) => match inner.names.index.get(appid.as_str()) {
                    Some(&id) => Some(id),
                    None => return Vec::new(),
                },
                None => None,
            };
            let oldest = inner.recorded - inner.rows.len() as u64 + 1;
            let skip = usize::try_from(query.after.saturating_sub(oldest - 1))
                .unwrap_or(usize::MAX)
                .min(inner.rows.len());
            // `range`, not `skip`: a reader polling the newest pushes must not walk a million.
            let rows: Vec<(u64, Row)> = inner
                .rows
                .range(skip..)
                .zip(oldest + skip as u64..)
                .filter(|(row, _)| appid.is_none_or(|id| row.appid == id))
                .take(query.limit.unwrap_or(usize::MAX))
                .map(|(row, seq)| (seq, row.clone()))
                .collect();
            // Cloned so the rows are turned into pushes without holding up sends.
            (rows, inner.names.all.clone())
        };
        rows.into_iter().map(|(seq, row)| row.into_push(seq, &names)).collect()
    }

    /// Forgets every push; sequence numbers go on from where they were.
    pub fn clear(&self) {
        // A new deque, so a million rows' memory goes back too.
        lock(&self.inner).rows = VecDeque::new();
    }
}

impl Row {
    fn into_push(self, seq: u64, names: &[Arc<str>]) -> Push {
        let name = |id: Name| names[id as usize].to_string();
        let event = match self.event {
            RowEvent::Sent { template, failed, msgid } => {
                let (error_code, error_status) =
                    if failed { (ASYNC_FAILURE_ERRCODE, "fail") } else { (0, "success") };
                PushEvent::Sent {
                    template_id: name(template),
                    msgid,
                    error_code,
                    error_status: error_status.into(),
                }
            }
            RowEvent::Popup(items) => PushEvent::Popup {
                items: items
                    .iter()
                    .map(|i| PopupItem {
                        template_id: name(i.template),
                        status: i.status,
                        popup_scene: i.scene,
                    })
                    .collect(),
            },
            RowEvent::Change(templates) => {
                PushEvent::Change { template_ids: templates.iter().map(|&t| name(t)).collect() }
            }
            RowEvent::TemplateJob { msgid, status } => {
                PushEvent::TemplateSendJobFinish { msgid, status: status.as_str().to_owned() }
            }
        };
        Push {
            seq,
            appid: name(self.appid),
            openid: self.openid.as_str().to_owned(),
            create_time: u64::from(self.create_time),
            event,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPENID: &str = "oPtYgjmUhBel31iEl2hpChYgCfrL";

    fn sent(msgid: u64) -> NewPush<'static> {
        NewPush::Sent { template_id: "TPL", msgid, failed: false }
    }

    fn seqs(pushes: &[Push]) -> Vec<u64> {
        pushes.iter().map(|p| p.seq).collect()
    }

    #[test]
    fn a_row_is_64_bytes() {
        assert_eq!(std::mem::size_of::<Row>(), 64);
    }

    #[test]
    fn keeps_the_last_pushes_and_their_sequence_numbers() {
        let journal = PushJournal::with_limit(3);
        for msgid in 1..=5 {
            journal.record("wxA", OPENID, 1_700_000_000, sent(msgid));
        }
        let all = journal.read(&PushQuery::default());
        assert_eq!(seqs(&all), [3, 4, 5]);
        assert!(matches!(all[0].event, PushEvent::Sent { msgid: 3, .. }));
        let after = |after| PushQuery { after, ..PushQuery::default() };
        assert_eq!(seqs(&journal.read(&after(4))), [5]);
        assert_eq!(seqs(&journal.read(&after(1))), [3, 4, 5]);
        assert!(journal.read(&after(5)).is_empty());
        assert!(journal.read(&after(u64::MAX)).is_empty());

        journal.clear();
        assert!(journal.read(&PushQuery::default()).is_empty());
        journal.record("wxA", OPENID, 1_700_000_000, sent(6));
        assert_eq!(seqs(&journal.read(&PushQuery::default())), [6]);
    }

    #[test]
    fn a_huge_repeat_count_keeps_only_the_last_rows() {
        let journal = PushJournal::with_limit(3);
        let items = [PopupItem::accept("TPL")];
        journal.record_repeated("wxA", OPENID, 0, NewPush::Popup(&items), u64::from(u32::MAX));
        journal.record("wxA", OPENID, 0, sent(1));
        let all = journal.read(&PushQuery::default());
        let last = u64::from(u32::MAX) + 1;
        assert_eq!(seqs(&all), [last - 2, last - 1, last]);
    }

    #[test]
    fn filters_by_app_and_limits() {
        let journal = PushJournal::with_limit(10);
        for (i, appid) in ["wxA", "wxB", "wxA", "wxA"].into_iter().enumerate() {
            journal.record(appid, OPENID, 0, sent(i as u64));
        }
        let query = |appid: &str, limit| PushQuery { after: 1, appid: Some(appid.into()), limit };
        assert_eq!(seqs(&journal.read(&query("wxA", None))), [3, 4]);
        assert_eq!(seqs(&journal.read(&query("wxA", Some(1)))), [3]);
        assert_eq!(seqs(&journal.read(&query("wxB", None))), [2]);
        assert!(journal.read(&query("wxC", None)).is_empty());
    }
}
