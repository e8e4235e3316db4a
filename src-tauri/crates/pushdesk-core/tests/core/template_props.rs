//! Property tests for the template module: the rules never panic, never accept what they should
//! not, and rendering leaves placeholder-free text alone.

use proptest::prelude::*;
use pushdesk_core::template::{parse_content, placeholders, render, validate_value, Keyword, KeywordKind};

/// One key per kind, so every rule is exercised.
const KEYS: &[&str] = &[
    "thing1",
    "number2",
    "letter3",
    "symbol4",
    "character_string5",
    "time6",
    "date7",
    "amount8",
    "phone_number9",
    "car_number10",
    "name11",
    "phrase12",
    "enum_string13",
    "short_thing14",
    "mystery15",
];

fn keywords() -> Vec<Keyword> {
    let mut kws: Vec<Keyword> = KEYS.iter().map(|k| Keyword::new(*k, "字段")).collect();
    // An enum with a list as well as the list-less one above.
    let mut listed = Keyword::new("enum16", "状态");
    listed.enum_values = vec!["待发货".into(), "已发货".into(), "a\nb".into()];
    kws.push(listed);
    kws
}

/// Arbitrary strings, plus strings built from the characters the rules care about, so the
/// date, amount and plate parsers see near-misses and not only noise.
fn values() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9:~ 年月日/.\\-]{0,24}",
        "[¥￥$元0-9.]{0,16}",
        "[粤京A-Z0-9挂学]{0,10}",
        "[a-zA-Z中文·.' \\-]{0,24}",
        "[\\PC\\n\\t\\r\u{0}\u{7f}\u{85}😀]{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn validate_never_panics_and_accepts_only_what_fits(value in values()) {
        for kw in keywords() {
            if validate_value(&kw, &value).is_ok() {
                prop_assert!(!value.trim().is_empty(), "{}: accepted blank {:?}", kw.key, value);
                prop_assert!(
                    !value.chars().any(char::is_control),
                    "{}: accepted control characters in {:?}", kw.key, value
                );
                if let Some(max) = kw.kind.max_chars() {
                    prop_assert!(
                        value.chars().count() <= max,
                        "{}: accepted {} chars > {}", kw.key, value.chars().count(), max
                    );
                }
                if kw.kind == KeywordKind::Enum && !kw.enum_values.is_empty() {
                    prop_assert!(kw.enum_values.contains(&value));
                }
            }
        }
    }

    #[test]
    fn any_key_gets_a_kind_and_content_parsing_never_panics(key in any::<String>(), content in any::<String>()) {
        let _ = KeywordKind::from_key(&key);
        let kws = parse_content(&content, &[]);
        for kw in &kws {
            prop_assert!(content.contains(&kw.key));
            prop_assert!(!kw.label.is_empty());
        }
    }

    #[test]
    fn times_follow_the_clock(h in 0u32..100, m in 0u32..100) {
        let kw = Keyword::new("time1", "时间");
        let value = format!("{h:02}:{m:02}");
        prop_assert_eq!(validate_value(&kw, &value).is_ok(), h < 24 && m < 60, "{}", value);
    }

    #[test]
    fn dates_follow_the_calendar(y in 1990i32..2100, m in 1u32..=12, d in 1u32..=31) {
        let kw = Keyword::new("date1", "日期");
        let real = chrono::NaiveDate::from_ymd_opt(y, m, d).is_some();
        for value in [format!("{y}-{m:02}-{d:02}"), format!("{y}年{m}月{d}日")] {
            prop_assert_eq!(validate_value(&kw, &value).is_ok(), real, "{}", value);
        }
    }

    #[test]
    fn render_without_placeholders_is_identity(text in any::<String>()) {
        prop_assume!(!text.contains("{{"));
        prop_assert!(placeholders(&text).is_empty());
        prop_assert_eq!(render(&text, &|_| None), Ok(text.clone()));
    }

    #[test]
    fn render_never_panics_and_fills_every_placeholder(text in "[a-z{} 中]{0,30}") {
        let names = placeholders(&text);
        let rendered = render(&text, &|c| Some(format!("<{c}>")));
        prop_assert!(rendered.is_ok());
        // With every column missing, rendering fails exactly when there is a placeholder.
        let missing = render(&text, &|_| None);
        prop_assert_eq!(missing.is_err(), !names.is_empty());
        if let Err(e) = missing {
            prop_assert_eq!(Some(&e.column), names.first());
        }
    }
}
