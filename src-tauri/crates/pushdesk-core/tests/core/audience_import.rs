//! Reading recipient files: encodings, delimiters, quoting, workbooks, lists and pastes.

use std::path::{Path, PathBuf};

use pushdesk_core::audience::{
    open_table, read_pasted, read_table, AudienceError, SourceFormat, Table, TableRow, TextEncoding,
};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const OID1: &str = "oAAAAAAAAAAAAAAAAAAAAAAAAAA1";
const OID2: &str = "oAAAAAAAAAAAAAAAAAAAAAAAAAA2";
const OID3: &str = "oAAAAAAAAAAAAAAAAAAAAAAAAAA3";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audience").join(name)
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

fn cells(row: &[&str]) -> Vec<String> {
    row.iter().map(|c| c.to_string()).collect()
}

/// The rows as (row number, cells), for comparing.
fn plain(table: &Table) -> Vec<(u32, Vec<String>)> {
    table.rows.iter().map(|r| (r.row_no, r.cells.clone())).collect()
}

const CHINESE_CSV: &str = "openid,商品名称,收货人\r\noAAAAAAAAAAAAAAAAAAAAAAAAAA1,拿铁咖啡,张三\r\noAAAAAAAAAAAAAAAAAAAAAAAAAA2,鸳鸯奶茶,李四\r\n\r\n\r\n";

fn assert_chinese_table(path: &Path, encoding: TextEncoding) {
    let table = read_table(path, None).expect("read");
    assert_eq!(table.encoding, Some(encoding));
    assert_eq!(table.format, SourceFormat::Csv);
    assert_eq!(table.delimiter, Some(','));
    assert_eq!(table.headers, cells(&["openid", "商品名称", "收货人"]));
    assert_eq!(
        plain(&table),
        vec![(2, cells(&[OID1, "拿铁咖啡", "张三"])), (3, cells(&[OID2, "鸳鸯奶茶", "李四"]))],
        "rows numbered as Excel shows them; trailing empty lines are ignored"
    );
}

#[test]
fn utf8_csv() {
    let dir = tempfile::tempdir().unwrap();
    assert_chinese_table(&write(&dir, "orders.csv", CHINESE_CSV.as_bytes()), TextEncoding::Utf8);
}

#[test]
fn utf8_bom_csv() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = [&[0xEF, 0xBB, 0xBF][..], CHINESE_CSV.as_bytes()].concat();
    assert_chinese_table(&write(&dir, "orders.csv", &bytes), TextEncoding::Utf8Bom);
}

#[test]
fn gbk_csv_as_excel_on_chinese_windows_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(CHINESE_CSV);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture must really be GBK");
    assert_chinese_table(&write(&dir, "orders.csv", &bytes), TextEncoding::Gbk);
}

#[test]
fn gb18030_four_byte_characters_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("openid,姓名\n{OID1},王𠀀\n");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let table = read_table(&write(&dir, "rare.csv", &bytes), None).unwrap();
    assert_eq!(table.encoding, Some(TextEncoding::Gb18030));
    assert_eq!(table.rows[0].cells[1], "王𠀀");
}

#[test]
fn binary_is_not_text() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_table(&write(&dir, "orders.csv", b"PK\x03\x04\x00\x00binary"), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "orders.csv is not text in an encoding Pushdesk reads (UTF-8, UTF-16, GBK/GB18030, Big5, \
         Shift-JIS); save it again as \"CSV UTF-8\""
    );
    let err = read_table(&write(&dir, "bad.csv", b"openid\n\xff\xff\xff\n"), None).unwrap_err();
    assert!(matches!(err, AudienceError::NotText { .. }), "{err}");

    // Valid GBK throughout except one broken byte on data row 2: found while streaming.
    let mut bytes = b"openid\n".to_vec();
    bytes.extend_from_slice(b"oAAAAAAAAAAAAAAAAAAAAAAAAAA1\n");
    bytes.extend_from_slice(&[0xC4, 0xE3, b'\n', 0x81, b'\n']);
    let err = read_table(&write(&dir, "late.csv", &bytes), None).unwrap_err();
    assert!(err.to_string().starts_with("late.csv is not text"), "{err}");
    assert!(err.to_string().contains("(row 4)"), "{err}");
}

#[test]
fn tab_and_semicolon_delimiters() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = read_table(&write(&dir, "a.csv", format!("openid\tname\n{OID1}\tAnn, Bo\n").as_bytes()), None)
        .unwrap();
    assert_eq!(tsv.delimiter, Some('\t'));
    assert_eq!(tsv.rows[0].cells, cells(&[OID1, "Ann, Bo"]));
    let semi =
        read_table(&write(&dir, "b.csv", format!("openid;name\n{OID1};Ann, Bo\n").as_bytes()), None).unwrap();
    assert_eq!(semi.delimiter, Some(';'));
    assert_eq!(semi.rows[0].cells, cells(&[OID1, "Ann, Bo"]));
}

#[test]
fn quoted_cells_with_commas_newlines_and_quotes() {
    let table = read_table(&fixture("quoted.csv"), None).unwrap();
    assert_eq!(table.headers, cells(&["openid", "商品名称", "备注"]));
    // The cell spanning two lines is one row, as Excel shows it.
    assert_eq!(
        plain(&table),
        vec![(2, cells(&[OID1, "拿铁, 大杯", "他说\"好\"\r\n第二行"])), (3, cells(&[OID2, "美式", ""]))]
    );
}

#[test]
fn missing_openid_column_names_the_file_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "orders.csv", "姓名,手机号\n张三,13800138000\n".as_bytes());
    let err = read_table(&path, None).unwrap_err();
    assert_eq!(err.to_string(), "orders.csv has no openid column (columns found: 姓名, 手机号)");
    let core: pushdesk_core::CoreError = err.into();
    assert_eq!(core.code(), pushdesk_core::ErrorCode::InvalidInput);
    assert_eq!(core.message_zh(), "文件「orders.csv」里没有 openid 列（找到的列：姓名、手机号）");
}

#[test]
fn one_column_csv_without_header_is_an_openid_list() {
    let dir = tempfile::tempdir().unwrap();
    let table = read_table(&write(&dir, "ids.csv", format!("{OID1}\n{OID2}\n").as_bytes()), None).unwrap();
    assert_eq!(table.headers, cells(&["openid"]));
    assert_eq!(plain(&table), vec![(1, cells(&[OID1])), (2, cells(&[OID2]))], "no header: line 1 is row 1");
}

#[test]
fn ragged_rows_are_an_error_with_the_row_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("openid,a,b,c\n");
    for i in 1..=16 {
        text.push_str(&format!("{OID1},{i},x,y\n"));
    }
    text.push_str(&format!("{OID2},1,2\n"));
    let err = read_table(&write(&dir, "orders.csv", text.as_bytes()), None).unwrap_err();
    assert_eq!(err.to_string(), "orders.csv: row 18 has 3 cells but the header has 4");

    // Excel's trailing empty cells are not raggedness.
    let ok = read_table(&write(&dir, "ok.csv", format!("openid,a\n{OID1},1,,\n").as_bytes()), None).unwrap();
    assert_eq!(ok.rows[0].cells, cells(&[OID1, "1"]));
}

#[test]
fn streaming_reader_exposes_metadata_then_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "orders.csv", format!("OpenID,name\n\n{OID1},a\n,\n{OID2},b\n").as_bytes());
    let mut reader = open_table(&path, None).unwrap();
    assert_eq!(reader.source(), "orders.csv");
    assert_eq!(reader.format(), SourceFormat::Csv);
    assert_eq!(reader.encoding(), Some(TextEncoding::Utf8));
    assert_eq!(reader.delimiter(), Some(','));
    assert_eq!(reader.headers(), cells(&["OpenID", "name"]).as_slice());
    // Blank lines and rows of empty cells are skipped and keep their numbers.
    assert_eq!(reader.next().unwrap().unwrap(), TableRow::text(3, cells(&[OID1, "a"])));
    assert_eq!(reader.next().unwrap().unwrap(), TableRow::text(5, cells(&[OID2, "b"])));
    assert!(reader.next().is_none());
}

#[test]
fn unsupported_and_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_table(&write(&dir, "orders.pdf", b"%PDF"), None).unwrap_err();
    assert_eq!(err.to_string(), "orders.pdf: only .csv, .xlsx and .txt files can be imported");
    let err = read_table(&write(&dir, "empty.csv", b"\r\n\r\n"), None).unwrap_err();
    assert_eq!(err.to_string(), "empty.csv is empty");
    let gone = dir.path().join("gone.csv");
    let err = read_table(&gone, None).unwrap_err();
    assert_eq!(err.to_string(), format!("{} does not exist", gone.display()));
}

#[test]
fn txt_is_one_openid_a_line() {
    let table = read_table(&fixture("openids.txt"), None).unwrap();
    assert_eq!(table.format, SourceFormat::Txt);
    assert_eq!(table.headers, cells(&["openid"]));
    assert_eq!(
        plain(&table),
        vec![(1, cells(&[OID1])), (2, cells(&["  oAAAAAAAAAAAAAAAAAAAAAAAAAA2  "])), (4, cells(&[OID3]))],
        "lines keep their numbers past a blank line"
    );
}

#[test]
fn pasted_lists_and_tables() {
    let list = read_pasted(&format!("{OID1}\r\n{OID2}\r\n\r\n")).unwrap();
    assert_eq!(list.format, SourceFormat::Paste);
    assert_eq!(list.source, "paste");
    assert_eq!(list.headers, cells(&["openid"]));
    assert_eq!(list.rows.len(), 2);

    let sheet = read_pasted(&format!("openid\t商品名称\n{OID1}\t拿铁\n{OID2}\t摩卡\n")).unwrap();
    assert_eq!(sheet.delimiter, Some('\t'));
    assert_eq!(sheet.headers, cells(&["openid", "商品名称"]));
    assert_eq!(sheet.rows[1], TableRow::text(3, cells(&[OID2, "摩卡"])));

    let comma = read_pasted(&format!("name,openid\nAnn,{OID1}\n")).unwrap();
    assert_eq!(plain(&comma), vec![(2, cells(&["Ann", OID1]))]);

    let err = read_pasted("姓名\t电话\n张三\t1\n").unwrap_err();
    assert_eq!(err.to_string(), "paste has no openid column (columns found: 姓名, 电话)");
    let core: pushdesk_core::CoreError = err.into();
    assert_eq!(core.to_string(), "paste has no openid column (columns found: 姓名, 电话)");
    assert_eq!(core.message_zh(), "粘贴的内容里没有 openid 列（找到的列：姓名、电话）");
    assert!(matches!(read_pasted("  \n"), Err(AudienceError::Empty { .. })));
}

#[test]
fn xlsx_cells_read_as_people_see_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let date_only = Format::new().set_num_format("yyyy/m/d");
    let headers = ["openid", "手机号", "发货时间", "日期", "商品名称", "金额", "件数"];
    for (col, h) in headers.iter().enumerate() {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, OID1).unwrap();
    sheet.write_number(1, 1, 13800138000.0).unwrap();
    let when = ExcelDateTime::parse_from_str("2026-11-24 10:00:00").unwrap();
    sheet.write_datetime_with_format(1, 2, &when, &date_time).unwrap();
    let day = ExcelDateTime::parse_from_str("2026-11-24").unwrap();
    sheet.write_datetime_with_format(1, 3, &day, &date_only).unwrap();
    sheet.write_string(1, 4, "拿铁咖啡（大杯）").unwrap();
    sheet.write_number(1, 5, 12.5).unwrap();
    sheet.write_number(1, 6, 3.0).unwrap();
    // Row 3 left blank; row 4 has only the openid (short rows are padded).
    sheet.write_string(3, 0, OID2).unwrap();
    workbook.add_worksheet().write_string(0, 0, "second sheet is ignored").unwrap();
    workbook.save(&path).unwrap();

    let table = read_table(&path, None).unwrap();
    assert_eq!(table.format, SourceFormat::Xlsx);
    assert_eq!(table.encoding, None);
    assert_eq!(table.headers, cells(&headers));
    assert_eq!(
        plain(&table),
        vec![
            (
                2,
                cells(&[
                    OID1,
                    "13800138000",
                    "2026-11-24 10:00",
                    "2026-11-24",
                    "拿铁咖啡（大杯）",
                    "12.5",
                    "3"
                ])
            ),
            (4, cells(&[OID2, "", "", "", "", "", ""])),
        ],
        "sheet rows keep Excel's numbers"
    );
    // Number cells are marked (dates are numbers too): validation needs to know.
    assert_eq!(table.rows[0].number_columns, vec![1, 2, 3, 5, 6]);
    assert!(table.rows[1].number_columns.is_empty());
}

#[test]
fn xlsx_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_table(&write(&dir, "orders.xlsx", b"not a zip"), None).unwrap_err();
    assert!(err.to_string().starts_with("orders.xlsx could not be read as an Excel workbook"), "{err}");

    let path = dir.path().join("names.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(0, 1, "城市").unwrap();
    workbook.save(&path).unwrap();
    let err = read_table(&path, None).unwrap_err();
    assert_eq!(err.to_string(), "names.xlsx has no openid column (columns found: 姓名, 城市)");

    let path = dir.path().join("wide.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "openid").unwrap();
    sheet.write_string(1, 0, OID1).unwrap();
    sheet.write_string(1, 2, "no header above me").unwrap();
    workbook.save(&path).unwrap();
    let err = read_table(&path, None).unwrap_err();
    assert_eq!(err.to_string(), "wide.xlsx: row 2 has 3 cells but the header has 1");
}
