//! Issue 13, item 2: Big5, Shift-JIS and UTF-16 without BOM are not read as GBK. An uncertain
//! file is a question with each reading shown, and nothing reads it until the user chooses.

use crate::files_support;

use files_support::{oid, write};
use pushdesk_core::audience::{
    detect_encoding, open_table, read_table, AudienceError, EncodingGuess, TextEncoding,
};
use pushdesk_core::{CoreError, ErrorCode};

fn big5_latte() -> Vec<u8> {
    let text =
        format!("openid,商品名稱,門市\r\n{},拿鐵咖啡,台北信義\r\n{},珍珠奶茶,高雄\r\n", oid(1), oid(2));
    encoding_rs::BIG5.encode(&text).0.into_owned()
}

#[test]
fn a_big5_latte_is_not_sent_as_gbk_mojibake() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "門市.csv", &big5_latte());

    let EncodingGuess::Ambiguous(candidates) = detect_encoding(&path).unwrap() else {
        panic!("a Big5 file must be a question");
    };
    assert_eq!(candidates[0].encoding, TextEncoding::Big5, "most plausible first");
    assert_eq!(candidates[0].sample_rows[0], ["openid", "商品名稱", "門市"]);
    assert_eq!(candidates[0].sample_rows[1], [oid(1).as_str(), "拿鐵咖啡", "台北信義"]);
    let gbk = candidates.iter().find(|c| c.encoding == TextEncoding::Gbk).expect("GBK is offered to compare");
    assert_ne!(gbk.sample_rows[1][1], "拿鐵咖啡");
    assert!(gbk.sample_rows[1][1].contains("<U+E18A>"), "the bad reading looks bad: {:?}", gbk.sample_rows);

    // Nothing reads the file without a choice …
    let err = open_table(&path, None).unwrap_err();
    let AudienceError::AmbiguousEncoding { file, candidates: offered } = &err else { panic!("{err}") };
    assert_eq!(file, "門市.csv");
    assert_eq!(offered, &candidates);
    let text = err.to_string();
    assert!(text.starts_with("門市.csv: the text encoding is not certain"), "{text}");
    assert!(text.contains("as Big5 it reads “oAbC000000000000000000000001, 拿鐵咖啡"), "{text}");
    let core: CoreError = err.into();
    assert_eq!(core.code(), ErrorCode::AmbiguousEncoding);

    // … and with the user's choice it reads what they saw.
    let table = read_table(&path, Some(TextEncoding::Big5)).unwrap();
    assert_eq!(table.encoding, Some(TextEncoding::Big5));
    assert_eq!(table.rows[0].cells[1], "拿鐵咖啡");
    assert_eq!(table.rows[1].cells[1], "珍珠奶茶");
}

#[test]
fn big5_late_in_a_long_file_is_still_a_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("openid,商品\r\n");
    for i in 0..20_000 {
        text.push_str(&format!("{},latte\r\n", oid(i)));
    }
    text.push_str(&format!("{},拿鐵咖啡\r\n", oid(99_999)));
    let path = write(dir.path(), "late.csv", &encoding_rs::BIG5.encode(&text).0);
    let EncodingGuess::Ambiguous(candidates) = detect_encoding(&path).unwrap() else { panic!("must ask") };
    assert_eq!(candidates[0].encoding, TextEncoding::Big5);
    assert_eq!(candidates[0].sample_rows.len(), 2, "the header and the one row that differs");
    assert_eq!(candidates[0].sample_rows[1][1], "拿鐵咖啡");
}

#[test]
fn gbk_from_excel_on_chinese_windows_is_read_without_a_question() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "openid,商品名称,收货人,城市\r\n{},拿铁咖啡,张三,北京\r\n{},鸳鸯奶茶,李婷婷,杭州\r\n{},美式咖啡,王璐,深圳\r\n",
        oid(1),
        oid(2),
        oid(3)
    );
    let path = write(dir.path(), "orders.csv", &encoding_rs::GBK.encode(&text).0);
    assert_eq!(detect_encoding(&path).unwrap(), EncodingGuess::Certain(TextEncoding::Gbk));
    let table = read_table(&path, None).unwrap();
    assert_eq!(table.rows[1].cells[2], "李婷婷");
}

#[test]
fn the_end_to_end_campaign_file_is_certain_gbk() {
    // What tests/tests/e2e/campaign.rs writes: it must not become a question.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("openid,商品名称,快递单号\r\n");
    for i in 0..120 {
        text.push_str(&format!("oE2eCampaign{i:016},拿铁咖啡豆 {i} 号,SF{i:010}\r\n"));
    }
    text.push_str("oE2eCampaignTooLong00000001,这个商品名称实在太长了超过了二十个字的限制,SF1\r\n");
    let path = write(dir.path(), "会员名单.csv", &encoding_rs::GBK.encode(&text).0);
    assert_eq!(detect_encoding(&path).unwrap(), EncodingGuess::Certain(TextEncoding::Gbk));
}

#[test]
fn shift_jis_is_a_question_with_shift_jis_first() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("openid,店舗,商品\r\n{},東京都,カフェラテ\r\n{},大阪府,抹茶ラテ\r\n", oid(1), oid(2));
    let path = write(dir.path(), "jp.csv", &encoding_rs::SHIFT_JIS.encode(&text).0);
    let EncodingGuess::Ambiguous(candidates) = detect_encoding(&path).unwrap() else { panic!("must ask") };
    assert_eq!(candidates[0].encoding, TextEncoding::ShiftJis);
    assert_eq!(candidates[0].sample_rows[1][2], "カフェラテ");
    let table = read_table(&path, Some(TextEncoding::ShiftJis)).unwrap();
    assert_eq!(table.rows[0].cells[1], "東京都");
}

#[test]
fn utf16_without_bom_is_read_as_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("openid\t商品名称\r\n{}\t拿铁咖啡\r\n", oid(1));
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let path = write(dir.path(), "unicode.txt", &le);
    assert_eq!(detect_encoding(&path).unwrap(), EncodingGuess::Certain(TextEncoding::Utf16le));
    let table = read_table(&path, None).unwrap();
    assert_eq!(table.headers, ["openid", "商品名称"]);
    assert_eq!(table.rows[0].cells, [oid(1).as_str(), "拿铁咖啡"]);

    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let path = write(dir.path(), "unicode-be.csv", &be);
    assert_eq!(read_table(&path, None).unwrap().rows[0].cells[1], "拿铁咖啡");
}

#[test]
fn utf16_with_bom_is_certain() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("openid\t商品\r\n".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.extend(format!("{}\t拿铁\r\n", oid(1)).encode_utf16().flat_map(u16::to_le_bytes));
    let path = write(dir.path(), "excel-unicode.txt", &bytes);
    assert_eq!(detect_encoding(&path).unwrap(), EncodingGuess::Certain(TextEncoding::Utf16leBom));
    assert_eq!(read_table(&path, None).unwrap().rows[0].cells[1], "拿铁");
}

#[test]
fn the_guess_crosses_ipc_in_the_shape_the_ui_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "b.csv", &big5_latte());
    let json = serde_json::to_value(detect_encoding(&path).unwrap()).unwrap();
    let first = &json["ambiguous"][0];
    assert_eq!(first["encoding"], "big5");
    assert_eq!(first["label"], "Big5");
    assert_eq!(first["sampleRows"][1][1], "拿鐵咖啡");
    assert_eq!(
        serde_json::to_value(EncodingGuess::Certain(TextEncoding::Utf8Bom)).unwrap(),
        serde_json::json!({"certain": "utf8_bom"})
    );
    let chosen: TextEncoding = serde_json::from_value(serde_json::json!("shift_jis")).unwrap();
    assert_eq!(chosen, TextEncoding::ShiftJis);
}
