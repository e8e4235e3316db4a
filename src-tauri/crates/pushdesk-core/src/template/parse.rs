//! Turning a template's `content` (and its `keywordEnumValueList`) into [`Keyword`]s.

use std::sync::LazyLock;

use regex::Regex;

use super::keyword::{strip_data_suffix, Keyword, KeywordKind};

/// One entry of a template's `keywordEnumValueList`, as `gettemplate` returns it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EnumValueList {
    /// The keyword the list belongs to, e.g. `enum_string2.DATA`.
    pub keyword_code: String,
    /// The values WeChat accepts for that keyword.
    pub enum_value_list: Vec<String>,
}

/// `{{thing1.DATA}}`, tolerating spaces inside the braces, a lower-case or missing `.DATA`.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:\.\s*(?i:data)\s*)?\}\}")
        .expect("placeholder regex is valid")
});

/// The keywords of a template, in the order they appear in `content`.
///
/// A keyword's label is the text before its placeholder on the same line (after any earlier
/// placeholder on that line), trimmed, with a trailing `:` or `：` removed; when that leaves
/// nothing the key doubles as the label, so the form never shows a blank field name.
/// Enum values are attached by matching `keyword_code` (with or without `.DATA`) to the key.
/// Empty content gives no keywords; a key that appears twice is kept once, at its first place.
pub fn parse_content(content: &str, enums: &[EnumValueList]) -> Vec<Keyword> {
    let mut keywords: Vec<Keyword> = Vec::new();
    let mut previous_end = 0;
    for caps in PLACEHOLDER.captures_iter(content) {
        let (Some(whole), Some(key)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let line_start = content[..whole.start()].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let label_start = line_start.max(previous_end);
        previous_end = whole.end();

        let key = key.as_str();
        if keywords.iter().any(|k| k.key == key) {
            continue;
        }
        let label = clean_label(&content[label_start..whole.start()]);
        keywords.push(Keyword {
            key: key.to_string(),
            label: if label.is_empty() { key.to_string() } else { label.to_string() },
            kind: KeywordKind::from_key(key),
            enum_values: enum_values_for(key, enums),
            example: None,
            display_limit: None,
        });
    }
    keywords
}

/// Gives each keyword the template's example value for it. A template's `example` is its
/// content with a sample value in place of each placeholder (`商品名称:星巴克 拿铁咖啡豆 250g`, one
/// keyword a line), so a line's text before the colon is a label and the rest its example. A
/// keyword whose label no line has keeps none.
pub fn attach_examples(keywords: &mut [Keyword], example: &str) {
    for line in example.lines() {
        let Some((label, value)) = line.split_once([':', '：']) else {
            continue;
        };
        let (label, value) = (label.trim(), value.trim());
        if let Some(k) = keywords.iter_mut().find(|k| k.label == label && k.example.is_none()) {
            k.example = (!value.is_empty()).then(|| value.to_string());
        }
    }
}

/// Strips the whitespace and the colon that separate a label from its placeholder.
fn clean_label(raw: &str) -> &str {
    raw.trim().trim_end_matches([':', '：']).trim_end()
}

/// The first enum list whose code names `key`; WeChat writes codes as `enum_string2.DATA`.
fn enum_values_for(key: &str, enums: &[EnumValueList]) -> Vec<String> {
    enums
        .iter()
        .find(|e| strip_data_suffix(e.keyword_code.trim()) == key)
        .map(|e| e.enum_value_list.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 18: "快递公司 例如：已发货" — a field's example is the template's own.
    #[test]
    fn examples_come_from_the_templates_example_text_by_label() {
        let mut keywords =
            parse_content("商品名称:{{thing1.DATA}}\n快递公司：{{phrase3.DATA}}\n备注:{{thing9.DATA}}", &[]);
        attach_examples(
            &mut keywords,
            "商品名称:星巴克 拿铁咖啡豆 250g\n快递公司：顺丰速运\n备注:\n无冒号的一行",
        );
        let examples: Vec<Option<&str>> = keywords.iter().map(|k| k.example.as_deref()).collect();
        assert_eq!(examples, [Some("星巴克 拿铁咖啡豆 250g"), Some("顺丰速运"), None]);
    }

    fn summary(keywords: &[Keyword]) -> Vec<(&str, &str, KeywordKind)> {
        keywords.iter().map(|k| (k.key.as_str(), k.label.as_str(), k.kind.clone())).collect()
    }

    #[test]
    fn parses_the_documented_example() {
        let kws = parse_content("商品名称:{{thing1.DATA}}\n发货时间:{{time3.DATA}}\n", &[]);
        assert_eq!(
            summary(&kws),
            vec![("thing1", "商品名称", KeywordKind::Thing), ("time3", "发货时间", KeywordKind::Time)]
        );
        assert!(kws.iter().all(|k| k.enum_values.is_empty()));
    }

    #[test]
    fn tolerates_full_width_colons_crlf_spaces_and_missing_data() {
        let content = "订单编号：{{character_string1.DATA}}\r\n 订单金额 ： {{ amount2.DATA }}\r\n\
                       备注 {{thing3}}\r\n状态:{{ phrase4 . data }}";
        assert_eq!(
            summary(&parse_content(content, &[])),
            vec![
                ("character_string1", "订单编号", KeywordKind::CharacterString),
                ("amount2", "订单金额", KeywordKind::Amount),
                ("thing3", "备注", KeywordKind::Thing),
                ("phrase4", "状态", KeywordKind::Phrase),
            ]
        );
    }

    #[test]
    fn empty_or_placeholder_free_content_gives_nothing() {
        assert!(parse_content("", &[]).is_empty());
        assert!(parse_content("\r\n\n", &[]).is_empty());
        assert!(parse_content("没有占位符", &[]).is_empty());
        assert!(parse_content("坏的:{{thing1.DATA}", &[]).is_empty());
    }

    #[test]
    fn duplicate_keys_keep_the_first() {
        let kws = parse_content("名称:{{thing1.DATA}}\n又是名称:{{thing1.DATA}}\n时间:{{time2.DATA}}", &[]);
        assert_eq!(
            summary(&kws),
            vec![("thing1", "名称", KeywordKind::Thing), ("time2", "时间", KeywordKind::Time)]
        );
    }

    #[test]
    fn two_placeholders_on_one_line_get_their_own_labels() {
        let kws = parse_content("时间:{{time1.DATA}} 至 {{time2.DATA}}{{thing3.DATA}}", &[]);
        assert_eq!(
            summary(&kws),
            vec![
                ("time1", "时间", KeywordKind::Time),
                ("time2", "至", KeywordKind::Time),
                ("thing3", "thing3", KeywordKind::Thing),
            ]
        );
    }

    #[test]
    fn missing_label_falls_back_to_the_key() {
        let kws = parse_content("{{thing1.DATA}}\n：{{name2.DATA}}", &[]);
        assert_eq!(
            summary(&kws),
            vec![("thing1", "thing1", KeywordKind::Thing), ("name2", "name2", KeywordKind::Name)]
        );
    }

    #[test]
    fn attaches_enum_lists_by_keyword_code() {
        let enums = vec![
            EnumValueList {
                keyword_code: "enum_string2.DATA".into(),
                enum_value_list: vec!["待发货".into(), "已发货".into()],
            },
            EnumValueList { keyword_code: "enum3".into(), enum_value_list: vec!["是".into()] },
            EnumValueList { keyword_code: "enum_string9.DATA".into(), enum_value_list: vec![] },
        ];
        let kws = parse_content(
            "商品:{{thing1.DATA}}\n订单状态:{{enum_string2.DATA}}\n是否加急：{{enum3.DATA}}",
            &enums,
        );
        assert_eq!(kws.len(), 3);
        assert!(kws[0].enum_values.is_empty());
        assert_eq!(kws[1].kind, KeywordKind::Enum);
        assert_eq!(kws[1].label, "订单状态");
        assert_eq!(kws[1].enum_values, vec!["待发货", "已发货"]);
        assert_eq!(kws[2].enum_values, vec!["是"]);
    }

    #[test]
    fn enum_lists_deserialize_from_wechat_json() {
        let json = r#"[{"keywordCode":"enum_string2.DATA","enumValueList":["待支付","已支付"]}]"#;
        let enums: Vec<EnumValueList> = serde_json::from_str(json).expect("valid json");
        let kws = parse_content("状态:{{enum_string2.DATA}}", &enums);
        assert_eq!(kws[0].enum_values, vec!["待支付", "已支付"]);
    }
}
