//! `pushdesk events import|serve|keys`

use std::io::{IsTerminal, Read};
use std::net::SocketAddr;

use pushdesk_core::events::receiver::{self, ReceiverSettings};
use pushdesk_core::events::{IntakeSummary, PushProblemKind};
use pushdesk_core::secrets::Sensitive;
use pushdesk_core::store::StoreAddress;

use super::context::Context;
use crate::cli::EventsCommand;
use crate::error::CliError;

/// Runs an events command.
pub fn run(at: &StoreAddress, command: EventsCommand) -> Result<(), CliError> {
    match command {
        EventsCommand::Import { account, json, files } => {
            let (ctx, account) = Context::for_account_or_only(at, account.as_deref())?;
            let summary = ctx.runtime.block_on(ctx.desk.import_events(account.id, files))?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&summary).map_err(|e| CliError::Usage(e.to_string()))?
                );
            } else {
                print_summary(&account.name, &summary);
            }
            Ok(())
        }
        EventsCommand::Intercepted { account, json } => {
            let (ctx, account) = Context::for_account(at, &account)?;
            let summary = ctx.runtime.block_on(ctx.desk.check_intercepted(account.id))?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&summary).map_err(|e| CliError::Usage(e.to_string()))?
                );
            } else {
                println!(
                    "{}: {} intercepted messages found for {} templates, {} sends marked not delivered",
                    account.name, summary.found, summary.templates, summary.marked
                );
            }
            Ok(())
        }
        EventsCommand::Serve { account, port, bind, forward } => {
            let (ctx, account) = Context::for_account(at, &account)?;
            let keys = ctx.runtime.block_on(ctx.desk.push_keys(account.id))?.ok_or_else(|| {
                CliError::Usage(format!(
                    "account {} has no push Token: set it first with `pushdesk events keys --account {}`",
                    account.name, account.name
                ))
            })?;
            let settings =
                ReceiverSettings { account_id: account.id, appid: account.appid.clone(), keys, forward };
            let desk = std::sync::Arc::clone(&ctx.desk);
            ctx.runtime.block_on(async move {
                let running = receiver::start(desk, settings, SocketAddr::new(bind, port), |h| {
                    eprintln!("{}", describe(h))
                })
                .await?;
                // The test harness reads this line to learn the port.
                println!("listening on http://{}", running.addr);
                tokio::signal::ctrl_c().await?;
                let totals = running.totals();
                running.stop().await;
                print_summary(&account.name, &totals);
                Ok::<_, CliError>(())
            })
        }
        EventsCommand::Keys { account, clear } => {
            let (ctx, account) = Context::for_account(at, &account)?;
            let (token, aes_key) = if clear { (None, None) } else { read_keys()? };
            let status = ctx.runtime.block_on(ctx.desk.set_push_keys(account.id, token, aes_key))?;
            eprintln!(
                "{}: push Token {}, EncodingAESKey {} (in the system keyring)",
                account.name,
                if status.token_set { "set" } else { "not set" },
                if status.aes_key_set { "set" } else { "not set" }
            );
            Ok(())
        }
    }
}

/// The Token and (optionally) the EncodingAESKey: typed without echo, or two lines on stdin.
/// The Token, and the EncodingAESKey when there is one.
type PushKeyInput = (Option<Sensitive<String>>, Option<Sensitive<String>>);

fn read_keys() -> Result<PushKeyInput, CliError> {
    let (token, aes_key) = if std::io::stdin().is_terminal() {
        let token = rpassword::prompt_password("push Token: ")?;
        let aes_key = rpassword::prompt_password("EncodingAESKey (empty for plaintext mode): ")?;
        (token, aes_key)
    } else {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        let mut lines = text.lines();
        (lines.next().unwrap_or("").to_owned(), lines.next().unwrap_or("").to_owned())
    };
    let (token, aes_key) = (token.trim().to_owned(), aes_key.trim().to_owned());
    if token.is_empty() {
        return Err(CliError::Usage(
            "no Token given: type it, or pipe the Token and the EncodingAESKey as two lines".into(),
        ));
    }
    Ok((Some(Sensitive::new(token)), (!aes_key.is_empty()).then(|| Sensitive::new(aes_key))))
}

fn problem_text(kind: PushProblemKind) -> &'static str {
    match kind {
        PushProblemKind::Truncated => "cut off before its end",
        PushProblemKind::TooLong => "longer than any push",
        PushProblemKind::Unreadable => "not a push Pushdesk can read",
        PushProblemKind::NoKey => "encrypted, and the account has no EncodingAESKey (pushdesk events keys)",
        PushProblemKind::BadSignature => "the signature does not match the account's push Token",
        PushProblemKind::CannotDecrypt => "does not decrypt with the account's EncodingAESKey",
        PushProblemKind::OtherAccount => "encrypted for another AppID",
        PushProblemKind::FileUnreadable => "the file could not be read",
    }
}

fn print_summary(account: &str, s: &IntakeSummary) {
    println!(
        "{account}: {} events read, {} new, {} duplicates; receipts: {} matched to a send ({} unknown sends confirmed), {} unmatched{}; {} subscription events; {} other pushes; {} malformed",
        s.read,
        s.new,
        s.duplicates,
        s.matched,
        s.resolved,
        s.unmatched,
        if s.late_matches > 0 { format!(", {} earlier receipts matched now", s.late_matches) } else { String::new() },
        s.subscription_events,
        s.other,
        s.malformed
    );
    for p in &s.problems {
        let detail = if p.detail.is_empty() { String::new() } else { format!(" ({})", p.detail) };
        eprintln!("  {}:{} (byte {}): {}{detail}", p.file, p.line, p.offset, problem_text(p.kind));
    }
    if s.malformed > s.problems.len() as u64 {
        eprintln!("  … and {} more", s.malformed - s.problems.len() as u64);
    }
}

fn describe(h: &receiver::Handled) -> String {
    let stored = &h.summary;
    let mut line = format!("{} → {}", h.method, h.status);
    if stored.read > 0 {
        line.push_str(&format!(
            ": {} events, {} new, {} matched, {} unmatched",
            stored.read, stored.new, stored.matched, stored.unmatched
        ));
    }
    if let Some(p) = &h.problem {
        line.push_str(&format!(" — not stored: {p}"));
    }
    match &h.forwarded {
        Some(Ok(status)) => line.push_str(&format!(" (forwarded: {status})")),
        Some(Err(e)) => line.push_str(&format!(" (forwarding failed: {e})")),
        None => {}
    }
    line
}
