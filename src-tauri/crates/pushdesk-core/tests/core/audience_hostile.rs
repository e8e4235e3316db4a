//! Issue 13, items 1, 3, 4 and 5: crafted recipient files cannot crash the app or take its
//! memory, a number cell is never an openid, rows are numbered as the spreadsheet shows them,
//! and invisible characters are shown in messages.
//!
//! The memory tests run their body in a child process under an address-space limit
//! ([`files_support::under_memory_limit`]): the files that broke the old readers needed
//! 450 MB (a million CSV columns), 622 MB (a zip bomb) and 7.7 GB (a cell at column ZZZZZZ).

use crate::files_support;

use std::collections::{BTreeMap, HashSet};

use files_support::*;
use pushdesk_core::audience::{
    auto_map, build_audience, open_table, read_table, AudienceError, AudienceOptions, ProblemKind,
    ProblemRows, TableRow,
};
use pushdesk_core::template::Keyword;

fn keywords() -> Vec<Keyword> {
    vec![Keyword::new("thing1", "商品名称")]
}

/// Reads every row of `path`; the first error, or the number of rows.
fn read_all(path: &std::path::Path) -> Result<usize, AudienceError> {
    let mut rows = 0;
    for row in open_table(path, None)? {
        row?;
        rows += 1;
    }
    Ok(rows)
}

#[test]
fn a_cell_at_column_zzzzzz_is_refused_without_allocating() {
    if !under_memory_limit(
        "audience_hostile::a_cell_at_column_zzzzzz_is_refused_without_allocating",
        CHILD_MEMORY_BYTES,
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rows = format!(
        r#"<row r="1">{}</row><row r="2">{}{}</row>"#,
        inline("A1", "openid"),
        inline("A2", &oid(1)),
        inline("ZZZZZZ2", "far away")
    );
    let path = write(
        dir.path(),
        "orders.xlsx",
        &workbook(Entry::deflated("xl/worksheets/sheet1.xml", sheet_xml(&rows).as_bytes()), None),
    );
    let err = read_all(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        "orders.xlsx: row 2, column ZZZZZZ: there is something in this column, but Pushdesk reads \
         at most 256 columns; delete the columns you do not need"
    );
}

#[test]
fn an_empty_formatted_cell_far_right_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let rows = format!(
        r#"<row r="1">{}<c r="XFD1" s="1"/></row><row r="2">{}<c r="ZZZZZZ2"><v></v></c></row>"#,
        inline("A1", "openid"),
        inline("A2", &oid(1))
    );
    let path = write(
        dir.path(),
        "wide.xlsx",
        &workbook(Entry::stored("xl/worksheets/sheet1.xml", sheet_xml(&rows).as_bytes()), None),
    );
    let table = read_table(&path, None).unwrap();
    assert_eq!(table.headers, ["openid"]);
    assert_eq!(table.rows, vec![TableRow::text(2, vec![oid(1)])]);
}

#[test]
fn a_zip_bomb_in_the_shared_strings_is_refused_in_bounded_memory() {
    if !under_memory_limit(
        "audience_hostile::a_zip_bomb_in_the_shared_strings_is_refused_in_bounded_memory",
        CHILD_MEMORY_BYTES,
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // 2 GiB of one text in about 2 MB: one string, so the per-element bound or the inflate
    // ratio stops it, whichever comes first.
    let prefix = format!("{SST_START}<si><t>");
    let chunk = vec![b'A'; 1 << 20];
    let suffix = "</t></si></sst>";
    let size = Entry::bomb_size(prefix.as_bytes(), &chunk, 2048, suffix.as_bytes());
    let shared =
        Entry::bomb("xl/sharedStrings.xml", prefix.as_bytes(), &chunk, 2048, suffix.as_bytes(), size);
    let sheet = Entry::stored(
        "xl/worksheets/sheet1.xml",
        sheet_xml(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#).as_bytes(),
    );
    let bytes = workbook(sheet, Some(shared));
    assert!(bytes.len() < 4 << 20, "the bomb itself is small: {} bytes", bytes.len());
    let path = write(dir.path(), "bomb.xlsx", &bytes);
    let err = read_all(&path).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, AudienceError::TooLarge { .. }), "{text}");
    assert!(text.starts_with("bomb.xlsx is too large to import: xl/sharedStrings.xml"), "{text}");
}

#[test]
fn a_zip_bomb_of_many_short_strings_is_refused_in_bounded_memory() {
    if !under_memory_limit(
        "audience_hostile::a_zip_bomb_of_many_short_strings_is_refused_in_bounded_memory",
        CHILD_MEMORY_BYTES,
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Millions of tiny strings: each small, together far beyond any table Pushdesk keeps.
    let chunk = "<si><t>oAbC00000000000000000000001</t></si>".repeat(25_000);
    let size = Entry::bomb_size(SST_START.as_bytes(), chunk.as_bytes(), 2000, b"</sst>");
    let shared =
        Entry::bomb("xl/sharedStrings.xml", SST_START.as_bytes(), chunk.as_bytes(), 2000, b"</sst>", size);
    let sheet = Entry::stored("xl/worksheets/sheet1.xml", sheet_xml("").as_bytes());
    let path = write(dir.path(), "strings.xlsx", &workbook(sheet, Some(shared)));
    let err = read_all(&path).unwrap_err();
    assert!(matches!(err, AudienceError::TooLarge { .. }), "{err}");
    assert!(err.to_string().starts_with("strings.xlsx is too large to import"), "{err}");
}

#[test]
fn a_zip_bomb_of_rows_streams_and_is_refused_in_bounded_memory() {
    if !under_memory_limit(
        "audience_hostile::a_zip_bomb_of_rows_streams_and_is_refused_in_bounded_memory",
        CHILD_MEMORY_BYTES,
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Rows without numbers count on from the previous one: from row 1 000 000 the bomb's
    // twenty million rows run past Excel's last row after some 48 000 of them, all streamed.
    let header = format!(
        r#"{SHEET_START}<row r="1">{}</row><row r="1000000">{}</row>"#,
        inline("A1", "openid"),
        inline("A1000000", &oid(1))
    );
    let row =
        format!("<row>{}</row>", r#"<c t="inlineStr"><is><t>oAbC000000000000000000000001</t></is></c>"#);
    let chunk = row.repeat(20_000);
    let size = Entry::bomb_size(header.as_bytes(), chunk.as_bytes(), 1000, SHEET_END.as_bytes());
    let sheet = Entry::bomb(
        "xl/worksheets/sheet1.xml",
        header.as_bytes(),
        chunk.as_bytes(),
        1000,
        SHEET_END.as_bytes(),
        size,
    );
    let path = write(dir.path(), "rows.xlsx", &workbook(sheet, None));
    let err = read_all(&path).unwrap_err();
    assert!(matches!(err, AudienceError::TooLarge { .. } | AudienceError::TooManyRows { .. }), "{err}");
    assert!(err.to_string().starts_with("rows.xlsx "), "{err}");
}

#[test]
fn a_part_that_inflates_beyond_what_it_declares_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let header = format!(r#"{SHEET_START}<row r="1">{}</row>"#, inline("A1", "openid"));
    let chunk = format!("<row>{}</row>", inline("", &oid(1))).repeat(100);
    // Claims 1 KB, holds 100 times that.
    let sheet = Entry::bomb(
        "xl/worksheets/sheet1.xml",
        header.as_bytes(),
        chunk.as_bytes(),
        20,
        SHEET_END.as_bytes(),
        1024,
    );
    let path = write(dir.path(), "liar.xlsx", &workbook(sheet, None));
    let err = read_all(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        "liar.xlsx could not be read as an Excel workbook: xl/worksheets/sheet1.xml holds more than \
         its zip entry says; the file is damaged or crafted"
    );
}

#[test]
fn a_part_declaring_a_huge_size_is_refused_before_inflating() {
    let dir = tempfile::tempdir().unwrap();
    let sheet =
        Entry { size: 3 << 30, ..Entry::deflated("xl/worksheets/sheet1.xml", sheet_xml("").as_bytes()) };
    let path = write(dir.path(), "huge.xlsx", &workbook(sheet, None));
    let err = read_all(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        "huge.xlsx is too large to import: xl/worksheets/sheet1.xml unpacks to 3221225472 bytes"
    );
}

#[test]
fn a_zip_directory_of_sixty_thousand_entries_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = zip_bytes(&skeleton());
    // Replace the end record with one claiming 65 535 entries in a 4 MB directory.
    bytes.truncate(bytes.len() - 22);
    bytes.extend_from_slice(&end_of_directory(65_535, 4 << 20, 0));
    let path = write(dir.path(), "entries.xlsx", &bytes);
    let err = read_all(&path).unwrap_err();
    assert!(matches!(err, AudienceError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("65535 entries"), "{err}");
}

#[test]
fn old_xls_and_password_protected_workbooks_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(4096, 0);
    let err = read_all(&write(dir.path(), "locked.xlsx", &cfb)).unwrap_err();
    assert!(err.to_string().contains("without a password"), "{err}");
}

#[test]
fn a_csv_with_a_million_columns_is_read_in_bounded_memory() {
    if !under_memory_limit(
        "audience_hostile::a_csv_with_a_million_columns_is_read_in_bounded_memory",
        CHILD_MEMORY_BYTES,
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // A million empty columns cost nothing …
    let empty =
        format!("openid,商品名称{}\r\n{},拿铁{}\r\n", ",".repeat(999_998), oid(1), ",".repeat(999_998));
    let table = read_table(&write(dir.path(), "empty-columns.csv", empty.as_bytes()), None).unwrap();
    assert_eq!(table.headers, ["openid", "商品名称"]);
    // … and a million filled ones are refused at the first beyond the limit.
    let mut full = String::from("openid");
    for i in 1..1_000_000 {
        full.push_str(&format!(",c{i}"));
    }
    full.push_str("\r\n");
    let err = read_all(&write(dir.path(), "columns.csv", full.as_bytes())).unwrap_err();
    assert!(
        matches!(
            err,
            AudienceError::RowTooLong { row: 1, .. } | AudienceError::TooManyColumns { row: 1, .. }
        ),
        "{err}"
    );
    assert!(err.to_string().starts_with("columns.csv: row 1"), "{err}");
}

#[test]
fn a_line_of_64_megabytes_is_refused_in_bounded_memory() {
    if !under_memory_limit(
        "audience_hostile::a_line_of_64_megabytes_is_refused_in_bounded_memory",
        CHILD_MEMORY_BYTES,
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(out, "openid,备注").unwrap();
        write!(out, "{},", oid(1)).unwrap();
        let block = "长".repeat(1 << 16);
        for _ in 0..340 {
            out.write_all(block.as_bytes()).unwrap();
        }
        writeln!(out).unwrap();
    }
    let err = read_all(&path).unwrap_err();
    assert!(
        matches!(err, AudienceError::RowTooLong { row: 2, .. } | AudienceError::CellTooLong { row: 2, .. }),
        "{err}"
    );
    assert!(err.to_string().starts_with("long.csv: row 2"), "{err}");
}

#[test]
fn a_normal_workbook_reads_fine_under_the_same_memory_limit() {
    if !under_memory_limit(
        "audience_hostile::a_normal_workbook_reads_fine_under_the_same_memory_limit",
        CHILD_MEMORY_BYTES,
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "openid").unwrap();
    sheet.write_string(0, 1, "商品名称").unwrap();
    for i in 1..=50_000u32 {
        sheet.write_string(i, 0, oid(i)).unwrap();
        sheet.write_string(i, 1, format!("商品{}", i % 97)).unwrap();
    }
    workbook.save(&path).unwrap();
    drop(workbook);
    assert_eq!(read_all(&path).unwrap(), 50_000);
}

/// Item 3: an openid column stored as numbers in Excel.
#[test]
fn a_numeric_openid_from_excel_is_refused_with_how_to_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("numbers.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "openid").unwrap();
    sheet.write_string(0, 1, "商品名称").unwrap();
    sheet.write_number(1, 0, 1.2345678901234567e25).unwrap();
    sheet.write_string(1, 1, "拿铁").unwrap();
    // The same digits typed as text are an openid-shaped string: accepted.
    sheet.write_string(2, 0, "12345678901234567890123456").unwrap();
    sheet.write_string(2, 1, "拿铁").unwrap();
    workbook.save(&path).unwrap();

    let reader = open_table(&path, None).unwrap();
    let headers = reader.headers().to_vec();
    let kws = keywords();
    let mapping = auto_map(&headers, &kws, &BTreeMap::new(), None);
    let report = build_audience(
        reader,
        &headers,
        &mapping,
        &kws,
        &BTreeMap::new(),
        &HashSet::new(),
        AudienceOptions::default(),
    )
    .unwrap();
    assert_eq!((report.valid, report.invalid), (1, 1));
    let p = &report.problems[0];
    assert_eq!((p.row_no, p.kind, p.column.as_str()), (2, ProblemKind::InvalidOpenid, "openid"));
    assert!(p.reason_en.starts_with("“1.23456789012346E+25” is a number, not an openid"), "{}", p.reason_en);
    assert!(p.reason_en.contains("stored as a number in Excel"), "{}", p.reason_en);
    assert!(p.reason_en.contains("Format the column as Text"), "{}", p.reason_en);
    assert!(p.reason_zh.contains("文本"), "{}", p.reason_zh);
}

#[test]
fn excel_scientific_notation_saved_into_a_csv_is_recognised_too() {
    let text = format!("openid,商品名称\n1.23457E+25,拿铁\n{},拿铁\n", oid(1));
    let table = pushdesk_core::audience::read_pasted(&text).unwrap();
    let kws = keywords();
    let mapping = auto_map(&table.headers, &kws, &BTreeMap::new(), None);
    let report = build_audience(
        table.row_results(),
        &table.headers,
        &mapping,
        &kws,
        &BTreeMap::new(),
        &HashSet::new(),
        AudienceOptions::default(),
    )
    .unwrap();
    assert!(report.problems[0].reason_en.contains("stored as a number in Excel"), "{:?}", report.problems);
}

/// Item 4: the first data row is row 2 everywhere: problems, preview, recipients, the CSV.
#[test]
fn problems_use_the_row_numbers_the_spreadsheet_shows() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("openid,商品名称\n\nbad,拿铁\n{},拿铁\n", oid(1));
    let path = write(dir.path(), "orders.csv", text.as_bytes());
    let reader = open_table(&path, None).unwrap();
    let headers = reader.headers().to_vec();
    let kws = keywords();
    let mapping = auto_map(&headers, &kws, &BTreeMap::new(), None);
    let report = build_audience(
        reader,
        &headers,
        &mapping,
        &kws,
        &BTreeMap::new(),
        &HashSet::new(),
        AudienceOptions::default(),
    )
    .unwrap();
    // Line 2 is blank: "bad" is on row 3 in Excel and in an editor.
    assert_eq!(report.problems[0].row_no, 3);
    assert_eq!(report.preview[1].row_no, 4);
    assert_eq!(report.recipients[1].row_no, 4);
    let mut file = ProblemRows::new(&headers);
    let first = &report.problems[0];
    file.push(first.row_no, &["bad".to_string(), "拿铁".to_string()], std::slice::from_ref(first));
    let csv = file.into_text();
    assert!(csv.lines().nth(1).unwrap().starts_with("bad,拿铁,3,"), "{csv}");

    // The same in a workbook: sheet row numbers.
    let path = dir.path().join("orders.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "openid").unwrap();
    sheet.write_string(1, 0, "bad").unwrap();
    workbook.save(&path).unwrap();
    let table = read_table(&path, None).unwrap();
    assert_eq!(table.rows[0].row_no, 2, "the first data row is row 2, as Excel shows it");
}

/// Item 5: an openid with a zero-width space is refused, and the message shows it.
#[test]
fn an_invisible_character_in_an_openid_is_shown_in_the_message() {
    let nbsp = format!("\u{FEFF}{}\u{00A0}{}", &oid(2)[..5], &oid(2)[5..]);
    let text = format!("openid,商品名称\n{}\u{200B},拿铁\n{nbsp},拿铁\n", oid(1));
    let table = pushdesk_core::audience::read_pasted(&text).unwrap();
    let kws = keywords();
    let mapping = auto_map(&table.headers, &kws, &BTreeMap::new(), None);
    let report = build_audience(
        table.row_results(),
        &table.headers,
        &mapping,
        &kws,
        &BTreeMap::new(),
        &HashSet::new(),
        AudienceOptions::default(),
    )
    .unwrap();
    assert_eq!(report.invalid, 2);
    assert!(
        report.problems[0].reason_en.contains(&format!("{}<U+200B>", oid(1))),
        "{}",
        report.problems[0].reason_en
    );
    assert!(report.problems[0].reason_zh.contains("<U+200B>"), "{}", report.problems[0].reason_zh);
    let second = &report.problems[1].reason_en;
    assert!(second.contains("<U+FEFF>") && second.contains("<U+00A0>"), "{second}");
}

#[test]
fn look_alike_letters_in_an_openid_are_shown_in_the_message() {
    // A Cyrillic "о" where the openid's "o" should be.
    let text = format!("openid\n\u{043E}{}\n", &oid(1)[1..]);
    let table = pushdesk_core::audience::read_pasted(&text).unwrap();
    let mapping = auto_map(&table.headers, &[], &BTreeMap::new(), None);
    let report = build_audience(
        table.row_results(),
        &table.headers,
        &mapping,
        &[],
        &BTreeMap::new(),
        &HashSet::new(),
        AudienceOptions::default(),
    )
    .unwrap();
    assert!(report.problems[0].reason_en.starts_with("“<U+043E>AbC"), "{}", report.problems[0].reason_en);
}
