//! Pushes as a company's server logged them: files cut into documents, safe-mode envelopes
//! opened, events handed to the store in batches, every broken push reported where it is.

use std::cell::OnceCell;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::crypto::{self, CryptoError, PushKeys};
use super::split::{BrokenReason, Documents, Syntax};
use super::{parse, IntakeProblem, IntakeSummary, Parsed, PushEvent, PushProblemKind};
use crate::Result;

/// Events handed to the store at once: one transaction each.
pub const BATCH: usize = 5_000;

/// Opens documents for one account: its AppID (safe-mode envelopes name it) and its push keys,
/// read from the keyring only when an envelope needs them.
pub struct Opener<'a> {
    appid: String,
    keys: OnceCell<Option<PushKeys>>,
    load: Box<dyn Fn() -> Option<PushKeys> + 'a>,
}

impl<'a> Opener<'a> {
    /// An opener for `appid`; `load` reads its push keys (none when not set).
    pub fn new(appid: impl Into<String>, load: impl Fn() -> Option<PushKeys> + 'a) -> Self {
        Opener { appid: appid.into(), keys: OnceCell::new(), load: Box::new(load) }
    }

    fn keys(&self) -> Option<&PushKeys> {
        self.keys.get_or_init(&self.load).as_ref()
    }

    /// The events of one document; `Ok(None)` for a push of another kind.
    pub fn open(&self, syntax: Syntax, bytes: &[u8]) -> Opened {
        self.open_signed(syntax, bytes, None)
    }

    /// As [`Opener::open`], for a body that must be a safe-mode envelope signed by `signed`
    /// (`msg_signature`, `timestamp`, `nonce` of the receiver's query) rather than by what the
    /// body itself may carry.
    pub fn open_signed(&self, syntax: Syntax, bytes: &[u8], signed: Option<(&str, &str, &str)>) -> Opened {
        let envelope = match parse(syntax, bytes).map_err(|e| (PushProblemKind::Unreadable, e))? {
            Parsed::Sealed(envelope) => envelope,
            _ if signed.is_some() => {
                return Err((
                    PushProblemKind::Unreadable,
                    "encrypt_type=aes but the body has no Encrypt".into(),
                ))
            }
            Parsed::Events(events) => return Ok(Some(events)),
            Parsed::Other => return Ok(None),
        };
        let keys = self.keys().ok_or((PushProblemKind::NoKey, String::new()))?;
        let in_body = envelope.signed.as_ref().map(|(s, t, n)| (s.as_str(), t.as_str(), n.as_str()));
        if let Some((signature, timestamp, nonce)) = signed.or(in_body) {
            let expected = crypto::sign(&[keys.token.expose(), timestamp, nonce, &envelope.encrypt]);
            if !crypto::signature_matches(&expected, signature) {
                return Err((PushProblemKind::BadSignature, String::new()));
            }
        }
        let aes_key = keys.aes_key.as_ref().ok_or((PushProblemKind::NoKey, String::new()))?;
        let inner = crypto::decrypt(aes_key, &envelope.encrypt, &self.appid).map_err(|e| match e {
            CryptoError::OtherApp(_) => (PushProblemKind::OtherAccount, e.to_string()),
            e => (PushProblemKind::CannotDecrypt, e.to_string()),
        })?;
        match parse(Syntax::of(&inner), &inner).map_err(|e| (PushProblemKind::Unreadable, e))? {
            Parsed::Events(events) => Ok(Some(events)),
            Parsed::Other => Ok(None),
            Parsed::Sealed(_) => Err((PushProblemKind::Unreadable, "an envelope inside an envelope".into())),
        }
    }
}

/// What opening a document gives: its events (none for a push of another kind), or why it was
/// skipped.
pub type Opened = std::result::Result<Option<Vec<PushEvent>>, (PushProblemKind, String)>;

/// Reads the pushes of `path`, handing the events to `store` in batches of [`BATCH`]. A broken
/// push is counted in `summary` and passed over; an unreadable file is one problem.
pub fn read_file(
    path: &Path,
    opener: &Opener<'_>,
    summary: &mut IntakeSummary,
    store: &mut dyn FnMut(&[PushEvent], &mut IntakeSummary) -> Result<()>,
) -> Result<()> {
    let name = path.display().to_string();
    match File::open(path) {
        Ok(file) => read_pushes(BufReader::with_capacity(64 * 1024, file), &name, opener, summary, store),
        Err(e) => {
            let detail = e.to_string();
            summary.problem(IntakeProblem {
                file: name,
                line: 0,
                offset: 0,
                kind: PushProblemKind::FileUnreadable,
                detail,
            });
            Ok(())
        }
    }
}

/// Reads the pushes of `input` (named `name` in problems), as [`read_file`] does.
pub fn read_pushes(
    input: impl Read,
    name: &str,
    opener: &Opener<'_>,
    summary: &mut IntakeSummary,
    store: &mut dyn FnMut(&[PushEvent], &mut IntakeSummary) -> Result<()>,
) -> Result<()> {
    let problem = |line, offset, kind, detail: String| IntakeProblem {
        file: name.to_owned(),
        line,
        offset,
        kind,
        detail,
    };
    let mut documents = Documents::new(input);
    let mut batch = Vec::with_capacity(BATCH);
    for document in documents.by_ref() {
        match document {
            Err(broken) => {
                let kind = match broken.reason {
                    BrokenReason::Truncated => PushProblemKind::Truncated,
                    BrokenReason::TooLong => PushProblemKind::TooLong,
                };
                summary.problem(problem(broken.at.line, broken.at.offset, kind, String::new()));
            }
            Ok(doc) => match opener.open(doc.syntax, &doc.bytes) {
                Ok(Some(events)) => {
                    summary.read += events.len() as u64;
                    batch.extend(events);
                    if batch.len() >= BATCH {
                        store(&batch, summary)?;
                        batch.clear();
                    }
                }
                Ok(None) => summary.other += 1,
                Err((kind, detail)) => summary.problem(problem(doc.at.line, doc.at.offset, kind, detail)),
            },
        }
    }
    if let Some(e) = documents.take_error() {
        summary.problem(problem(0, 0, PushProblemKind::FileUnreadable, e.to_string()));
    }
    if !batch.is_empty() {
        store(&batch, summary)?;
    }
    Ok(())
}
