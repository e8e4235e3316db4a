//! Issue 13: random bytes and random spreadsheet structures never panic the readers, never take
//! more memory than the bound (the whole run happens in a child process under an address-space
//! limit), and every refusal names the file and, where there is one, the row and column.

use crate::files_support;

use std::path::Path;

use files_support::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use pushdesk_core::audience::{column_letters, detect_encoding, open_table, AudienceError, TextEncoding};

/// Reads all of `path`; checks that any refusal names the file and its row and column.
fn read_and_check(path: &Path, encoding: Option<TextEncoding>) -> Result<(), TestCaseError> {
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let result = open_table(path, encoding).and_then(|mut reader| reader.try_for_each(|row| row.map(|_| ())));
    match result {
        Ok(()) => Ok(()),
        Err(err) => check_error(&file, &err),
    }
}

fn check_error(file: &str, err: &AudienceError) -> Result<(), TestCaseError> {
    let text = err.to_string();
    prop_assert!(text.contains(file), "the message names the file: {text}");
    prop_assert!(!text.contains("a bug"), "no reader panicked: {text}");
    let (row, column) = match err {
        AudienceError::Ragged { row, .. }
        | AudienceError::RowTooLong { row, .. }
        | AudienceError::UnclosedQuote { row, .. } => (Some(*row), None),
        AudienceError::TooManyColumns { row, column, .. }
        | AudienceError::CellTooLong { row, column, .. } => (Some(*row), Some(column.clone())),
        AudienceError::NotText { row, .. } => (*row, None),
        _ => (None, None),
    };
    if let Some(row) = row {
        prop_assert!(text.contains(&format!("row {row}")), "the message names the row: {text}");
    }
    if let Some(column) = column {
        prop_assert!(text.contains(&format!("column {column}")), "the message names the column: {text}");
    }
    Ok(())
}

/// Bytes that make delimited text interesting: words, quotes, separators, line ends, whole
/// GBK, Big5 and UTF-8 characters, and now and then any byte at all (NUL, stray lead bytes).
fn text_bytes() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        4 => "[a-zA-Z0-9_ -]{1,12}".prop_map(String::into_bytes),
        3 => prop::sample::select(vec![b",".to_vec(), b"\"".to_vec(), b"\n".to_vec(), b"\r\n".to_vec(), b"\t".to_vec(), b";".to_vec(), b"\"\"".to_vec()]),
        2 => (0xB0u8..0xF8, 0xA1u8..0xFF).prop_map(|(l, t)| vec![l, t]),
        1 => (0xA4u8..0xC7, 0x40u8..0x7F).prop_map(|(l, t)| vec![l, t]),
        2 => "\\PC{1,3}".prop_map(String::into_bytes),
        1 => any::<u8>().prop_map(|b| vec![b]),
    ];
    let body = prop::collection::vec(token, 0..400).prop_map(|tokens| tokens.concat());
    prop_oneof![
        body.clone(),
        // An openid header first, so the rows behind it are read too.
        body.prop_map(|tail| [b"openid,name\n".as_slice(), &tail].concat()),
    ]
}

/// Text for cells and shared strings, XML-escaped or deliberately not.
fn xml_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-zA-Z0-9 _-]{0,30}",
        4 => "\\PC{0,12}".prop_map(|s| s.replace('&', "&amp;").replace('<', "&lt;")),
        2 => Just("&amp;&#x4E2D;&#20013;&quot;_x000D__xD83D__xDE00_".to_string()),
        1 => Just("&bogus;&#xFFFFFFFF;&#0;".to_string()),
        3 => "[0-9.eE+-]{0,14}",
        3 => Just("oAbC000000000000000000000001".to_string()),
        1 => Just("<".to_string()),
        1 => (1usize..40_000).prop_map(|n| "字".repeat(n)),
    ]
}

fn cell_xml() -> impl Strategy<Value = String> {
    let reference = prop_oneof![
        10 => Just(String::new()),
        10 => (prop_oneof![99 => 0usize..8, 1 => 0usize..300], 0u32..70)
            .prop_map(|(c, r)| format!(r#" r="{}{}""#, column_letters(c), r)),
        1 => "[A-Z]{1,8}[0-9]{0,9}".prop_map(|r| format!(r#" r="{r}""#)),
        1 => "\\PC{0,6}".prop_map(|r| format!(r#" r="{}""#, r.replace(['"', '<', '&'], ""))),
    ];
    let kind = prop::sample::select(vec![
        "",
        r#" t="s""#,
        r#" t="inlineStr""#,
        r#" t="str""#,
        r#" t="b""#,
        r#" t="e""#,
        r#" t="d""#,
        r#" t="n""#,
        r#" t="zz""#,
    ]);
    let style = prop::sample::select(vec!["", r#" s="0""#, r#" s="1""#, r#" s="99999""#, r#" s="-1""#]);
    let inner = prop_oneof![
        4 => xml_text().prop_map(|t| format!("<v>{t}</v>")),
        4 => xml_text().prop_map(|t| format!("<is><t>{t}</t></is>")),
        2 => (xml_text(), xml_text()).prop_map(|(a, b)| format!("<is><r><t>{a}</t></r><rPh><t>{b}</t></rPh></is>")),
        4 => (0u32..20).prop_map(|i| format!("<v>{i}</v>")),
        2 => Just("<f>SUM(A1:A2)</f><v>3</v>".to_string()),
        2 => Just(String::new()),
        1 => Just("<v>".to_string()),
    ];
    (reference, kind, style, inner, any::<bool>()).prop_map(|(r, t, s, inner, empty)| {
        if empty && inner.is_empty() {
            format!("<c{r}{t}{s}/>")
        } else {
            format!("<c{r}{t}{s}>{inner}</c>")
        }
    })
}

fn sheet_rows() -> impl Strategy<Value = String> {
    let row_number = prop_oneof![
        20 => Just(String::new()),
        20 => (2u32..200).prop_map(|r| format!(r#" r="{r}""#)),
        1 => (1u32..2_000_000).prop_map(|r| format!(r#" r="{r}""#)),
        1 => Just(r#" r="x""#.to_string()),
    ];
    let row =
        (row_number, prop::collection::vec(cell_xml(), 0..8), any::<bool>()).prop_map(|(r, cells, close)| {
            format!("<row{r}>{}{}", cells.concat(), if close { "</row>" } else { "" })
        });
    prop::collection::vec(row, 0..25).prop_map(|rows| rows.concat())
}

fn shared_strings() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::collection::vec(xml_text(), 0..12).prop_map(|items| {
        let si: String = items.iter().map(|t| format!("<si><t>{t}</t></si>")).collect();
        format!("{SST_START}{si}</sst>")
    }))
}

fn run(cases: u32, strategy: impl Strategy<Value = (String, Vec<u8>)>) {
    let dir = tempfile::tempdir().unwrap();
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    runner
        .run(&strategy, |(name, bytes)| {
            let path = write(dir.path(), &name, &bytes);
            read_and_check(&path, None)?;
            if !name.ends_with(".xlsx") {
                // Whatever detection says, each encoding the user could choose reads safely.
                let _ = detect_encoding(&path);
                for encoding in [TextEncoding::Big5, TextEncoding::Utf16le, TextEncoding::ShiftJis] {
                    read_and_check(&path, Some(encoding))?;
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn random_bytes_never_crash_the_text_and_workbook_readers() {
    if !under_memory_limit(
        "audience_fuzz::random_bytes_never_crash_the_text_and_workbook_readers",
        CHILD_MEMORY_BYTES,
    ) {
        return;
    }
    let named = (prop::sample::select(vec!["r.csv", "r.txt", "r.txt", "r.xlsx"]), text_bytes())
        .prop_map(|(name, bytes)| (name.to_string(), bytes));
    run(1000, named);
}

#[test]
fn random_spreadsheet_structures_never_crash_the_workbook_reader() {
    if !under_memory_limit(
        "audience_fuzz::random_spreadsheet_structures_never_crash_the_workbook_reader",
        CHILD_MEMORY_BYTES,
    ) {
        return;
    }
    let workbooks = (sheet_rows(), shared_strings(), any::<bool>()).prop_map(|(rows, shared, deflate)| {
        let sheet = sheet_xml(&format!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>openid</t></is></c></row>{rows}"#
        ));
        let entry = |name: &str, content: &[u8]| {
            if deflate {
                Entry::deflated(name, content)
            } else {
                Entry::stored(name, content)
            }
        };
        let bytes = workbook(
            entry("xl/worksheets/sheet1.xml", sheet.as_bytes()),
            shared.map(|s| entry("xl/sharedStrings.xml", s.as_bytes())),
        );
        ("w.xlsx".to_string(), bytes)
    });
    run(600, workbooks);
}

#[test]
fn random_damage_to_a_real_workbook_never_crashes_the_reader() {
    if !under_memory_limit(
        "audience_fuzz::random_damage_to_a_real_workbook_never_crashes_the_reader",
        CHILD_MEMORY_BYTES,
    ) {
        return;
    }
    let mut original = Vec::new();
    {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "openid").unwrap();
        sheet.write_string(0, 1, "商品名称").unwrap();
        for i in 1..40u32 {
            sheet.write_string(i, 0, oid(i)).unwrap();
            sheet.write_number(i, 1, f64::from(i) * 1.5).unwrap();
        }
        original = workbook.save_to_buffer().unwrap_or(original);
    }
    let len = original.len();
    let damaged = prop::collection::vec((0..len, any::<u8>()), 1..4).prop_map(move |edits| {
        let mut bytes = original.clone();
        for (at, b) in edits {
            bytes[at] = b;
        }
        ("d.xlsx".to_string(), bytes)
    });
    run(400, damaged);
}
