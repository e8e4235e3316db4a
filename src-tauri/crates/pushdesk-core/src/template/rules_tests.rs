//! Table tests for the keyword value rules: every example from the WeChat doc (§3) plus edges.

use super::*;
use ViolationKind::{BadFormat, Empty, ForbiddenCharacters, NotInEnum, TooLong};

/// Runs a table: every `valid` value passes, every `invalid` one fails with the given kind.
fn table(key: &str, valid: &[&str], invalid: &[(&str, ViolationKind)]) {
    let kw = Keyword::new(key, "字段");
    for v in valid {
        if let Err(e) = validate_value(&kw, v) {
            panic!("{key}: {v:?} should pass, got {:?}: {}", e.kind, e.message_en);
        }
    }
    for (v, expected) in invalid {
        match validate_value(&kw, v) {
            Ok(()) => panic!("{key}: {v:?} should fail with {expected:?}"),
            Err(e) => {
                assert_eq!(e.kind, *expected, "{key}: {v:?}: {}", e.message_en);
                assert_eq!(e.key, key);
            }
        }
    }
}

/// Failures every kind shares: empty, whitespace only, control characters.
const COMMON_INVALID: &[(&str, ViolationKind)] =
    &[("", Empty), (" ", Empty), ("\u{3000}", Empty), ("\n", Empty), ("\t \r\n", Empty)];

fn common(key: &str, valid_sample: &str) {
    table(key, &[valid_sample], COMMON_INVALID);
    // A control character anywhere in an otherwise valid value is forbidden.
    for control in ['\n', '\r', '\t', '\0', '\u{1F}', '\u{7F}', '\u{85}', '\u{9F}', '\u{2028}'] {
        let kw = Keyword::new(key, "字段");
        let mut chars: Vec<char> = valid_sample.chars().collect();
        chars.insert(chars.len() / 2, control);
        let v: String = chars.into_iter().collect();
        let got = validate_value(&kw, &v).map_err(|e| e.kind);
        assert_eq!(got, Err(ForbiddenCharacters), "{key}: {v:?}");
    }
}

#[test]
fn every_kind_rejects_empty_and_control_characters() {
    let samples = [
        ("thing1", "拿铁"),
        ("number1", "12.5"),
        ("letter1", "abc"),
        ("symbol1", "!?"),
        ("character_string1", "AB123"),
        ("time1", "15:01"),
        ("date1", "2019-10-01"),
        ("amount1", "¥12.50"),
        ("phone_number1", "13800138000"),
        ("car_number1", "粤A8Z888挂"),
        ("name1", "张三"),
        ("phrase1", "配送中"),
        ("enum1", "已发货"),
        ("short_thing1", "已完成"),
        ("mystery1", "随便"),
    ];
    for (key, sample) in samples {
        common(key, sample);
    }
}

#[test]
fn thing() {
    table(
        "thing1",
        &[
            "拿铁",
            "Latte 大杯 x2，少糖！",
            "一二三四五六七八九十一二三四五六七八九十", // exactly 20 Chinese
            "abcdefghijklmnopqrst",                     // exactly 20 ASCII
            "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", // 20 emoji, one char each
            " 前后有空格 ",                             // judged, never trimmed
        ],
        &[
            ("一二三四五六七八九十一二三四五六七八九十一", TooLong),
            ("abcdefghijklmnopqrstu", TooLong),
            ("第一行\n第二行", ForbiddenCharacters),
            ("制表\t符", ForbiddenCharacters),
            ("零宽\u{200B}空格", ForbiddenCharacters),
        ],
    );
}

#[test]
fn short_thing() {
    table(
        "short_thing4",
        &["已完成", "12345", "五个汉字啊", "ok👍"],
        &[("六个汉字啊啊", TooLong), ("123456", TooLong), ("a\nb", ForbiddenCharacters)],
    );
}

#[test]
fn unknown_kind_only_checks_length_and_controls() {
    table(
        "keyword1",
        &["任何内容 any 123 !", "一二三四五六七八九十一二三四五六七八九十"],
        &[("一二三四五六七八九十一二三四五六七八九十一", TooLong), ("a\rb", ForbiddenCharacters)],
    );
}

#[test]
fn number() {
    table(
        "number2",
        &["0", "100", "3.14", "007", "12345678901234567890123456789012", "123456789012345678901234567890.5"],
        &[
            ("123456789012345678901234567890123", TooLong),
            ("1234567890123456789012345678901.55", TooLong),
            ("1.2.3", BadFormat),
            (".5", BadFormat),
            ("5.", BadFormat),
            (".", BadFormat),
            ("-5", ForbiddenCharacters),
            ("+5", ForbiddenCharacters),
            ("1,000", ForbiddenCharacters),
            ("1e5", ForbiddenCharacters),
            ("１２３", ForbiddenCharacters),
            ("12 3", ForbiddenCharacters),
            ("三", ForbiddenCharacters),
            ("5😀", ForbiddenCharacters),
        ],
    );
}

#[test]
fn letter() {
    table(
        "letter3",
        &["abc", "ABCdef", "abcdefghijklmnopqrstuvwxyzABCDEF"],
        &[
            ("abcdefghijklmnopqrstuvwxyzABCDEFG", TooLong),
            ("abc1", ForbiddenCharacters),
            ("ab c", ForbiddenCharacters),
            ("é", ForbiddenCharacters),
            ("ａｂｃ", ForbiddenCharacters),
            ("中", ForbiddenCharacters),
            ("a!", ForbiddenCharacters),
            ("a😀", ForbiddenCharacters),
        ],
    );
}

#[test]
fn symbol() {
    table(
        "symbol4",
        &["!", "#$%", "，。！？…", "【】", "-+*/=", "¥", "★☆"],
        &[
            ("!!!!!!", TooLong),
            ("，。！？、；", TooLong),
            ("a", ForbiddenCharacters),
            ("1", ForbiddenCharacters),
            ("! !", ForbiddenCharacters),
            ("中", ForbiddenCharacters),
            ("😀", ForbiddenCharacters),
        ],
    );
}

#[test]
fn character_string() {
    table(
        "character_string3",
        &[
            "201910210001",
            "SF1234567890",
            "order_id-42#A",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456", // exactly 32
            "!@#$%^&*()",
        ],
        &[
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567", TooLong),
            ("订单123", ForbiddenCharacters),
            ("No.123号", ForbiddenCharacters),
            ("ABC，123", ForbiddenCharacters),
            ("１２３", ForbiddenCharacters),
            ("AB 123", ForbiddenCharacters),
            ("AB😀", ForbiddenCharacters),
        ],
    );
}

#[test]
fn time() {
    table(
        "time2",
        &[
            "15:01",
            "15:01:30",
            "2019年10月1日 15:01",
            "2019-10-01 15:01",
            "2019/10/01 15:01",
            "2019.10.01 15:01",
            "00:00",
            "23:59:59",
            "15:01~17:00",
            "2019-10-01 15:01 ~ 2019-10-02 09:00",
        ],
        &[
            ("24:00", BadFormat),
            ("9:05", BadFormat), // "时间格式支持HH:MM:SS或者HH:MM"
            ("15:60", BadFormat),
            ("15:01:60", BadFormat),
            ("2019-02-30 15:01", BadFormat),
            ("2019-10-01", BadFormat),
            ("15:01~24:00", BadFormat),
            ("2019-10-01 15:01~2019-02-30 15:01", BadFormat),
            ("下午3点", BadFormat),
            ("15:01😀", BadFormat),
        ],
    );
}

#[test]
fn date() {
    table(
        "date3",
        &[
            "2019年10月1日",
            "2019年10月",
            "10月1日",
            "2019-10-01",
            "2019/10/01",
            "2019.10.01",
            "2019-10",
            "10-01",
            "2019-10-01 15:01",
            "2019年10月1日~2019年10月7日",
            "2020-02-29",
        ],
        &[
            ("2019-02-30", BadFormat),
            ("2019-02-29", BadFormat),
            ("2019-13-01", BadFormat),
            ("2019-10-01 24:00", BadFormat),
            ("2019-10-01~2019-10-32", BadFormat),
            ("明天", BadFormat),
            ("2019-10-01😀", BadFormat),
        ],
    );
}

#[test]
fn amount() {
    table(
        "amount5",
        &[
            "￥100",
            "¥12.50",
            "100元",
            "100",
            "$9.9",
            "€0.99",
            "£1234567890",
            "¥1234567890.99元", // every optional part at its limit: 15 chars
            "12.50元",
        ],
        &[
            ("¥12345678901", BadFormat),
            ("¥12.345", BadFormat),
            ("¥¥100", BadFormat),
            ("100元元", BadFormat),
            ("¥ 100", BadFormat),
            ("-¥5", BadFormat),
            ("1,000", BadFormat),
            ("100 元", BadFormat),
            ("RMB100", BadFormat),
            ("一百元", BadFormat),
            ("¥.5", BadFormat),
            ("¥5.", BadFormat),
            ("¥１００", BadFormat),
        ],
    );
}

#[test]
fn phone_number() {
    table(
        "phone_number6",
        &[
            "+86-0766-66888866",
            "13800138000",
            "(0766)66888866",
            "12345678901234567",
            "138****8000",       // masked digits: "数字、符号"
            "0766-66888866#123", // an extension
        ],
        &[
            ("123456789012345678", TooLong),
            ("+86-0766-668888661", TooLong),
            ("(0766) 6688 8866", ForbiddenCharacters), // a space is not a symbol
            ("138-0013-8000 转 8", ForbiddenCharacters),
            ("tel:123", ForbiddenCharacters),
            ("１３８", ForbiddenCharacters),
            ("+-()", BadFormat),
        ],
    );
}

#[test]
fn car_number() {
    table(
        "car_number7",
        &["粤A8Z888挂", "粤B12345", "京AD12345", "WJ1234", "粤A1234学"],
        &[
            ("粤A8Z8888挂", TooLong),
            ("粤A-12345", ForbiddenCharacters),
            ("粤A 12345", ForbiddenCharacters),
            ("粤A😀123", ForbiddenCharacters),
            ("粤A中2345", BadFormat),
            ("粤挂", BadFormat),
        ],
    );
}

#[test]
fn name() {
    table(
        "name8",
        &[
            "张三",
            "欧阳娜娜",
            "一二三四五六七八九十", // 10 with Chinese
            "张Tom",                // a mix counts as Chinese
            "Mary-Jane",
            "O'Neil",
            "J.Smith",
            "abcdefghijklmnopqrst", // 20 without Chinese
        ],
        &[
            ("阿依·买买提", ForbiddenCharacters), // "纯汉字": no symbols with Chinese
            ("张 三", ForbiddenCharacters),
            ("Mary-Jane O'Neil", ForbiddenCharacters), // a space is not a symbol
            ("user25", ForbiddenCharacters),           // refused by WeChat
            ("用户410774", ForbiddenCharacters),       // refused by WeChat
            ("一二三四五六七八九十一", TooLong),
            ("张abcdefghij", TooLong), // 10 chars is fine, 11 with Chinese is not
            ("abcdefghijklmnopqrstu", TooLong),
            ("张三1", ForbiddenCharacters),
            ("Tom2", ForbiddenCharacters),
            ("张三😀", ForbiddenCharacters),
            ("张三！", ForbiddenCharacters),
            (".-'", BadFormat),
        ],
    );
}

#[test]
fn phrase() {
    table(
        "phrase9",
        &["配送中", "已", "五个汉字啊"],
        &[
            ("六个汉字啊啊", TooLong),
            ("配送中！", ForbiddenCharacters),
            ("ok", ForbiddenCharacters),
            ("配 送", ForbiddenCharacters),
            ("配送😀", ForbiddenCharacters),
        ],
    );
}

#[test]
fn enum_with_values() {
    let kw = Keyword {
        key: "enum_string2".into(),
        label: "订单状态".into(),
        kind: KeywordKind::Enum,
        enum_values: vec!["待发货".into(), "已发货".into()],
        example: None,
        display_limit: None,
    };
    assert_eq!(validate_value(&kw, "已发货"), Ok(()));
    let err = validate_value(&kw, "已签收").map_err(|e| e.kind);
    assert_eq!(err, Err(NotInEnum));
    // Exact match only: no trimming, no case folding.
    let err = validate_value(&kw, "已发货 ").map_err(|e| e.kind);
    assert_eq!(err, Err(NotInEnum));
    let err = validate_value(&kw, "").map_err(|e| e.kind);
    assert_eq!(err, Err(Empty));
}

#[test]
fn enum_without_values_accepts_short_text() {
    table(
        "enum_string2",
        &["随便什么", "一二三四五六七八九十一二三四五六七八九十"],
        &[("一二三四五六七八九十一二三四五六七八九十一", TooLong)],
    );
}

#[test]
fn messages_name_the_field_and_the_rule() {
    let kw = Keyword::new("thing1", "商品名称");
    let err = validate_value(&kw, "一二三四五六七八九十一二三四五六七八九十一二三").expect_err("too long");
    assert_eq!(err.message_zh, "「商品名称」(thing1) 超过 20 个字符（当前 23 个）");
    assert_eq!(err.message_en, "“商品名称” (thing1) is longer than 20 characters (23)");
    assert_eq!(err.to_string(), err.message_en);

    let err = validate_value(&kw, " ").expect_err("empty");
    assert_eq!(err.message_zh, "「商品名称」(thing1) 不能为空");

    let err = validate_value(&kw, "a\nb").expect_err("control");
    assert!(err.message_zh.contains("U+000A"), "{}", err.message_zh);
    assert!(err.message_en.contains("(thing1)"), "{}", err.message_en);

    let kw = Keyword::new("number2", "数量");
    let err = validate_value(&kw, "12a").expect_err("letter in number");
    assert!(err.message_zh.contains("“a”"), "{}", err.message_zh);
    assert!(err.message_en.contains(KeywordKind::Number.rule_en()), "{}", err.message_en);

    let kw = Keyword::new("time3", "time3");
    let err = validate_value(&kw, "24:00").expect_err("bad time");
    assert!(err.message_en.starts_with("time3 has the wrong format"), "{}", err.message_en);
}

#[test]
fn enum_message_lists_the_allowed_values() {
    let mut kw = Keyword::new("enum2", "状态");
    kw.enum_values = vec!["甲".into(), "乙".into()];
    let err = validate_value(&kw, "丙").expect_err("not in enum");
    assert_eq!(err.message_zh, "「状态」(enum2) 只能是以下值之一：甲、乙");
    assert_eq!(err.message_en, "“状态” (enum2) must be one of: 甲, 乙");

    kw.enum_values = (1..=12).map(|i| format!("v{i}")).collect();
    let err = validate_value(&kw, "x").expect_err("not in enum");
    assert!(err.message_en.ends_with("v10 … (12 in all)"), "{}", err.message_en);
}

#[test]
fn violations_serialize_in_camel_case() {
    let kw = Keyword::new("thing1", "商品名称");
    let err = validate_value(&kw, "").expect_err("empty");
    let json = serde_json::to_value(&err).expect("serialize");
    assert_eq!(json["key"], "thing1");
    assert_eq!(json["kind"], "empty");
    assert!(json["messageZh"].is_string());
    assert!(json["messageEn"].is_string());
}

#[test]
fn a_value_wechat_would_cut_is_refused_with_that_reason() {
    let mut kw = Keyword::new("keyword1", "订单号");
    let long = "SF1234567890123456789";
    kw.display_limit = Some(20);
    let err = validate_value(&kw, long).unwrap_err();
    assert_eq!(err.kind, TooLong);
    assert!(err.message_zh.contains("截断"), "{}", err.message_zh);
    assert_eq!(validate_value(&kw, &long[..20]), Ok(()));
}
