//! Fix and retry (issue 18): the problems file carries the bad rows as they were read, so the
//! user fixes them in Excel and imports the same file again.

use std::collections::BTreeMap;

use pushdesk_core::audience::AudienceOptions;
use pushdesk_core::desk::{AudienceSource, DraftCreation, DraftInput, DraftSettings};
use pushdesk_core::model::MessageSpec;
use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_sandbox::SandboxConfig;

use crate::world::{openid, World};

fn input(w: &World, path: &std::path::Path) -> DraftInput {
    DraftInput {
        account_id: w.account_id,
        source: AudienceSource::File { path: path.display().to_string() },
        encoding: None,
        settings: DraftSettings {
            name: "fix and retry".into(),
            template_id: Some(TPL_ORDER_SHIPPED.into()),
            message: MessageSpec {
                values: BTreeMap::from([
                    ("phrase3".into(), "顺丰速运".into()),
                    ("time4".into(), "2026-12-05 10:00".into()),
                    ("amount5".into(), "￥32.00".into()),
                ]),
                page: None,
                miniprogram_state: Default::default(),
                lang: Default::default(),
            },
            mapping: None,
            options: AudienceOptions::default(),
            rate: 100,
            concurrency: 2,
        },
    }
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
            "openid,商品名称,快递单号\n{},拿铁,SF1\n{},{too_long},SF2\n12345,摩卡,SF3\n{},美式,SF4\n",
            openid(0),
            openid(1),
            openid(3)
        ),
    )
    .unwrap();
    let DraftCreation::Created { draft } = w.desk.create_draft(input(&w, &list)).await.unwrap() else {
        panic!()
    };
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
    assert_eq!(rows[1][..4], ["12345", "摩卡", "SF3", "4"]);

    // Fixed in Excel (the two cells), saved, imported again as it is: both rows can be sent.
    let fixed = text.replace(too_long, "拿铁咖啡豆").replace("12345,", &format!("{},", openid(2)));
    std::fs::write(&problems, fixed).unwrap();
    let DraftCreation::Created { draft } = w.desk.create_draft(input(&w, &problems)).await.unwrap() else {
        panic!()
    };
    let report = w.desk.plan_draft(draft.id).await.unwrap().report;
    assert_eq!((report.valid, report.invalid), (2, 0), "{:?}", report.problems);
}
