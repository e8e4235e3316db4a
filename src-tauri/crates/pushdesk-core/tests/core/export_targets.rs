//! Issue 13, items 6 and 9: an export never replaces a file it was not allowed to, never
//! follows a planted link, creates no folders, is private, defuses full-width formula starts
//! and leaves an openid that starts with `-` as it is.

use crate::sendlog_fixture;

use std::sync::atomic::AtomicBool;

use pushdesk_core::export::{ExportFormat, ExportReport, ExportTarget};
use pushdesk_core::preferences::Language;
use pushdesk_core::sendlog::LogFilter;
use pushdesk_core::{ErrorCode, Result};
use sendlog_fixture::{Att, Fixture, T0};

fn small_log() -> Fixture {
    let mut fx = Fixture::new();
    let acc = fx.account("a");
    let c = fx.campaign(acc, "campaign", "c", "T", "t");
    let rec = fx.recipient(&c, "o1");
    let mut a = Att::new(rec, &c, "-AbCdEfGhIjKlMnOpQrStUvWxYz0", T0);
    a.values =
        vec![("thing1".into(), "＝HYPERLINK(\"http://x\";\"y\")".into()), ("thing2".into(), "－1".into())];
    fx.attempt(a);
    fx
}

fn export(fx: &Fixture, target: &ExportTarget) -> Result<ExportReport> {
    fx.store.export_log(&LogFilter::default(), target, Language::En, &mut |_| {}, &AtomicBool::new(false))
}

fn csv_target(fx: &Fixture, name: &str, overwrite: bool) -> ExportTarget {
    ExportTarget { path: fx.path(name), format: ExportFormat::Csv, overwrite }
}

#[test]
fn an_export_onto_the_recipient_list_is_refused_and_the_list_is_kept() {
    let fx = small_log();
    let list = fx.path("recipients.csv");
    std::fs::write(&list, "openid\noAbC000000000000000000000001\n").unwrap();
    for spelling in [list.clone(), fx.dir.path().join(".").join("recipients.csv")] {
        let target = ExportTarget { path: spelling, format: ExportFormat::Csv, overwrite: false };
        let err = export(&fx, &target).unwrap_err();
        assert_eq!(err.code(), ErrorCode::FileExists);
        assert!(err.to_string().contains("recipients.csv already exists"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(&list).unwrap(), "openid\noAbC000000000000000000000001\n");

    // Confirmed: replaced, whole.
    export(&fx, &csv_target(&fx, "recipients.csv", true)).unwrap();
    assert!(std::fs::read_to_string(&list).unwrap().starts_with('\u{feff}'));
}

#[cfg(unix)]
#[test]
fn a_planted_partial_link_does_not_redirect_the_export() {
    let fx = small_log();
    let victim = fx.path("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    // The name the old exporter wrote to before renaming.
    std::os::unix::fs::symlink(&victim, fx.path("out.csv.partial")).unwrap();
    export(&fx, &csv_target(&fx, "out.csv", false)).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(std::fs::read_to_string(fx.path("out.csv")).unwrap().contains("-AbCdEfGhIjKlMnOpQrStUvWxYz0"));

    // A link at the target itself is refused, even when replacing was confirmed.
    std::os::unix::fs::symlink(&victim, fx.path("link.csv")).unwrap();
    let err = export(&fx, &csv_target(&fx, "link.csv", true)).unwrap_err();
    assert!(err.to_string().contains("is a link"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
}

#[test]
fn an_export_creates_no_folder() {
    let fx = small_log();
    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let target = ExportTarget { path: fx.path("new/out.csv"), format, overwrite: true };
        let err = export(&fx, &target).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(!fx.path("new").exists());
    }
}

#[cfg(unix)]
#[test]
fn exports_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let fx = small_log();
    for (name, format) in [("p.csv", ExportFormat::Csv), ("p.xlsx", ExportFormat::Xlsx)] {
        export(&fx, &ExportTarget { path: fx.path(name), format, overwrite: false }).unwrap();
        let mode = std::fs::metadata(fx.path(name)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{name}");
    }
}

#[test]
fn full_width_formula_starts_are_defused_and_a_dash_openid_is_kept() {
    let fx = small_log();
    export(&fx, &csv_target(&fx, "log.csv", false)).unwrap();
    let text = std::fs::read_to_string(fx.path("log.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&row[col("openid")], "-AbCdEfGhIjKlMnOpQrStUvWxYz0", "an identifier is written as it is");
    assert_eq!(&row[col("thing1")], "'＝HYPERLINK(\"http://x\";\"y\")");
    assert_eq!(&row[col("thing2")], "'－1");
}
