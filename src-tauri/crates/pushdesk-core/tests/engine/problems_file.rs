//! Fix and retry (issue 18): the problems file carries the bad rows as they were read, so the
//! user fixes them in Excel and imports the same file again.

use std::collections::BTreeMap;

use pushdesk_core::audience::AudienceOptions;
use pushdesk_sandbox::SandboxConfig;

use crate::world::{openid, World};

/// The values every row shares, typed once.
fn typed() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("phrase3".into(), "顺丰速运".into()),
        ("time4".into(), "2026-12-05 10:00".into()),
        ("amount5".into(), "￥32.00".into()),
    ])
}

#[tokio::test]
async fn the_bad_rows_come_back_as_they_were_read_and_import_again_once_fixed() {
    let w = World::new(SandboxConfig::default()).await;
    w.desk.sync_templates(w.account_id).await.unwrap();
    let list = w.dir.path().join("名单.csv");
    let too_long = "这个商品名称实在太长了超过了二十个字的限制";
    std::fs::write(
        &list,
        format!(
            "openid,商品名称,快递单号\n{},拿铁,SF1\n{},{too_long},SF2\n12345,-摩卡 买一送一,SF3\n{},美式,SF4\n",
            openid(0),
            openid(1),
            openid(3)
        ),
    )
    .unwrap();
    let draft = w.draft(&list, typed(), AudienceOptions::default()).await;
    assert_eq!(w.desk.plan_draft(draft.id).await.unwrap().report.invalid, 2);

    let problems = w.dir.path().join("问题行.csv");
    w.desk.save_draft_problems(draft.id, problems.clone(), false).await.unwrap();
    let text = std::fs::read_to_string(&problems).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, ["openid", "商品名称", "快递单号", "原行号 / row", "问题", "problem"]);
    let rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][..4], [openid(1).as_str(), too_long, "SF2", "3"]);
    assert!(rows[0][4].contains("商品名称"), "the reason names the column: {:?}", rows[0]);
    assert_eq!(
        rows[1][..4],
        ["12345", "'-摩卡 买一送一", "SF3", "4"],
        "defused like every CSV Pushdesk writes"
    );

    // A bad row far down the list can be opened from the problems: rendered, with its reasons.
    let preview = w.desk.preview_draft_row(draft.id, 3).await.unwrap();
    assert_eq!(preview.row.openid, openid(1));
    assert_eq!(preview.row.data["thing1"], too_long);
    assert_eq!(preview.row.data["phrase3"], "顺丰速运", "typed values filled in");
    assert!(preview.problems.iter().any(|p| p.column == "商品名称"), "{:?}", preview.problems);
    assert!(w.desk.preview_draft_row(draft.id, 2).await.unwrap().problems.is_empty());
    let missing = w.desk.preview_draft_row(draft.id, 99).await.unwrap_err();
    assert!(missing.message_zh().contains("第 99 行"), "{}", missing.message_zh());

    // Fixed in Excel (the two cells), saved, imported again as it is: both rows can be sent.
    let fixed = text.replace(too_long, "拿铁咖啡豆").replace("12345,", &format!("{},", openid(2)));
    std::fs::write(&problems, fixed).unwrap();
    let draft = w.draft(&problems, typed(), AudienceOptions::default()).await;
    let report = w.desk.plan_draft(draft.id).await.unwrap().report;
    assert_eq!((report.valid, report.invalid), (2, 0), "{:?}", report.problems);
    let again = w.desk.preview_draft_row(draft.id, 3).await.unwrap();
    assert_eq!(again.row.data["thing1"], "-摩卡 买一送一", "the quote that defused it is gone");
}
