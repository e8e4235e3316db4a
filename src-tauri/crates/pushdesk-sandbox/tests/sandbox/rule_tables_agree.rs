//! The sandbox's rule table (what it answers 47003 for, written from WeChat's documentation)
//! and the core's (what Pushdesk refuses before sending) judge the same edge cases alike.
//! Each expected verdict is a decision about what WeChat does; the sources are in the comments
//! and in `src/rules/mod.rs`.

use pushdesk_core::template::{validate_value, Keyword, KeywordKind, ViolationKind};
use pushdesk_sandbox::rules::{check_value, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Ok,
    Empty,
    Invalid,
}
use Verdict::{Empty, Invalid, Ok};

const ENUM_VALUES: &[&str] = &["已发货", "待发货"];

fn keyword(key: &str) -> Keyword {
    let mut kw = Keyword::new(key, "字段");
    if kw.kind == KeywordKind::Enum {
        kw.enum_values = ENUM_VALUES.iter().map(|v| (*v).to_owned()).collect();
    }
    kw
}

fn sandbox(key: &str, value: &str) -> Verdict {
    let kw = keyword(key);
    match check_value(&kw.kind, &kw.enum_values, value) {
        Result::Ok(()) => Ok,
        Err(Problem::Empty) => Empty,
        Err(Problem::Invalid) => Invalid,
    }
}

fn core(key: &str, value: &str) -> Verdict {
    match validate_value(&keyword(key), value) {
        Result::Ok(()) => Ok,
        Err(v) if v.kind == ViolationKind::Empty => Empty,
        Err(_) => Invalid,
    }
}

fn repeat(s: &str, n: usize) -> String {
    s.repeat(n)
}

/// The shared edge cases: (key, value, what WeChat does).
fn cases() -> Vec<(&'static str, String, Verdict)> {
    let family = "👨\u{200D}👩\u{200D}👧"; // one picture, five scalar values
    let mut c: Vec<(&'static str, String, Verdict)> = vec![
        // Empty values, for every type: WeChat's "data.K.value is empty".
        ("thing1", String::new(), Empty),
        ("thing1", "   ".into(), Empty),
        ("thing1", "\u{3000}".into(), Empty),
        ("number2", String::new(), Empty),
        ("time3", String::new(), Empty),
        ("name4", " ".into(), Empty),
        ("enum_string5", String::new(), Empty),
        // thing: 20 characters, counted as Unicode scalar values.
        ("thing1", repeat("一", 20), Ok),
        ("thing1", repeat("一", 21), Invalid),
        ("thing1", repeat("a", 20), Ok),
        ("thing1", repeat("a", 21), Invalid),
        ("thing1", "拿铁咖啡豆 250g，少糖！".into(), Ok),
        ("thing1", "ＡＢＣ１２３，全角！".into(), Ok),
        // Emoji: one each; a joined sequence counts its parts.
        ("thing1", repeat("😀", 20), Ok),
        ("thing1", repeat("😀", 21), Invalid),
        ("thing1", repeat(family, 4), Ok), // 20 scalar values
        ("thing1", format!("{}😀", repeat(family, 4)), Invalid), // 21
        // Line breaks and other control characters: "不能带有换行等控制字符".
        ("thing1", "第一行\n第二行".into(), Invalid),
        ("thing1", "第一行\r\n第二行".into(), Invalid),
        ("thing1", "制表\t符".into(), Invalid),
        ("thing1", "行\u{2028}分隔".into(), Invalid),
        ("thing1", "结尾换行\n".into(), Invalid),
        ("short_thing6", "已完成".into(), Ok),
        ("short_thing6", "六个字的提示".into(), Invalid),
        // number: digits with an optional decimal part; ASCII only.
        ("number2", "1288".into(), Ok),
        ("number2", "3.14".into(), Ok),
        ("number2", repeat("9", 32), Ok),
        ("number2", repeat("9", 33), Invalid),
        ("number2", "１２３".into(), Invalid),
        ("number2", "+5".into(), Invalid),
        ("number2", "-5".into(), Invalid),
        ("number2", "1,000".into(), Invalid),
        ("number2", "1.2.3".into(), Invalid),
        // letter: ASCII letters only.
        ("letter7", "VIP".into(), Ok),
        ("letter7", "ＶＩＰ".into(), Invalid),
        ("letter7", "VIP1".into(), Invalid),
        // symbol: common symbols, not emoji, not spaces.
        ("symbol8", "★★★".into(), Ok),
        ("symbol8", "！？".into(), Ok),
        ("symbol8", "#*+-".into(), Ok),
        ("symbol8", "😀".into(), Invalid),
        ("symbol8", "! !".into(), Invalid),
        ("symbol8", "!!!!!!".into(), Invalid),
        // character_string: digits, letters, ASCII symbols; no Chinese, no full-width.
        ("character_string9", "SF1402938475612".into(), Ok),
        ("character_string9", "VIP-2026-0088#A".into(), Ok),
        ("character_string9", repeat("A", 32), Ok),
        ("character_string9", repeat("A", 33), Invalid),
        ("character_string9", "订单123".into(), Invalid),
        ("character_string9", "ＳＦ１２３".into(), Invalid),
        ("character_string9", "AB 123".into(), Invalid),
        // time: 24-hour HH:MM or HH:MM:SS, optionally after a date with a day; `~` ranges.
        ("time3", "15:01".into(), Ok),
        ("time3", "15:01:30".into(), Ok),
        ("time3", "2019-10-01 15:01".into(), Ok),
        ("time3", "2019年10月1日 15:01".into(), Ok),
        ("time3", "2019年10月1日 15:01~2019年10月2日 15:01".into(), Ok),
        ("time3", "15:01~16:30".into(), Ok),
        ("time3", "9:05".into(), Invalid), // "时间格式支持HH:MM:SS或者HH:MM": two-digit hour
        ("time3", "24:00".into(), Invalid),
        ("time3", "１５:０１".into(), Invalid),
        ("time3", "15：01".into(), Invalid),
        ("time3", "2019-10-01".into(), Invalid),
        ("time3", "2019-02-30 15:01".into(), Invalid),
        ("time3", "15:01\n".into(), Invalid),
        // date: 年月日 or - / . separated, optionally with a clock; ranges.
        ("date10", "2019年10月1日".into(), Ok),
        ("date10", "2019年10月".into(), Ok),
        ("date10", "10月1日".into(), Ok),
        ("date10", "2019-10-01".into(), Ok),
        ("date10", "2019/10/01".into(), Ok),
        ("date10", "2019.10.01".into(), Ok),
        ("date10", "2019-10".into(), Ok),
        ("date10", "10-01".into(), Ok),
        ("date10", "2019-10-01 15:01".into(), Ok),
        ("date10", "2019年10月1日 15:01~2019年10月2日 15:01".into(), Ok),
        ("date10", "2019-02-29".into(), Invalid),
        ("date10", "2019-10/01".into(), Invalid),
        ("date10", "2019-10-01 9:05".into(), Invalid),
        // amount: currency symbol, ≤ 10 digits, decimals, may end in 元. Without a symbol:
        // accepted ("0元" was delivered, blog.csdn.net/guo_qiangqiang/article/details/105796680).
        ("amount11", "￥100".into(), Ok),
        ("amount11", "¥12.50".into(), Ok),
        ("amount11", "100元".into(), Ok),
        ("amount11", "¥12.50元".into(), Ok),
        ("amount11", "$9.9".into(), Ok),
        ("amount11", "100".into(), Ok),
        ("amount11", "¥1234567890".into(), Ok),
        ("amount11", "¥12345678901".into(), Invalid),
        ("amount11", "¥12.345".into(), Invalid),
        ("amount11", "¥ 100".into(), Invalid),
        ("amount11", "¥１００".into(), Invalid),
        ("amount11", "100万".into(), Invalid),
        ("amount11", "RMB100".into(), Invalid),
        // phone_number: ≤ 17 digits and symbols.
        ("phone_number12", "+86-0766-66888866".into(), Ok),
        ("phone_number12", "13800138000".into(), Ok),
        ("phone_number12", "138****8000".into(), Ok),
        ("phone_number12", "0766-66888866#123".into(), Ok),
        ("phone_number12", "*#06#".into(), Ok),
        ("phone_number12", "(0766)66888866".into(), Ok),
        ("phone_number12", "+86-0766-668888661".into(), Invalid), // 18
        ("phone_number12", "(0766) 6688 8866".into(), Invalid),   // a space is not a symbol
        ("phone_number12", "１３８００１３８０００".into(), Invalid),
        ("phone_number12", "138-0013-8000转8".into(), Invalid),
        ("phone_number12", "+-()".into(), Invalid),
        // car_number: ≤ 8, first and last may be Chinese, the rest letters or digits.
        ("car_number13", "粤A8Z888挂".into(), Ok),
        ("car_number13", "粤AD12345".into(), Ok),
        ("car_number13", "WJ1234".into(), Ok),
        ("car_number13", "粤A8Z8888挂".into(), Invalid),
        ("car_number13", "粤A-12345".into(), Invalid),
        ("car_number13", "粤A中2345".into(), Invalid),
        ("car_number13", "粤Ａ12345".into(), Invalid),
        // name: ≤ 10 Chinese (letters may mix in, "按中文名算") or ≤ 20 letters/symbols. WeChat
        // refused "user25" and "用户410774" (developers.weixin.qq.com community, 47003
        // data.name3.value invalid / data.name1.value invalid).
        ("name4", "张三".into(), Ok),
        ("name4", "张Tom".into(), Ok),
        ("name4", repeat("一", 10), Ok),
        ("name4", repeat("一", 11), Invalid),
        ("name4", "张abcdefghij".into(), Invalid), // 11 with Chinese
        ("name4", "Tom".into(), Ok),
        ("name4", "Mary-Jane".into(), Ok),
        ("name4", "O'Neil".into(), Ok),
        ("name4", "J.Smith".into(), Ok),
        ("name4", repeat("a", 20), Ok),
        ("name4", repeat("a", 21), Invalid),
        ("name4", "John Smith".into(), Invalid), // a space is not a symbol
        ("name4", "阿依·买买提".into(), Invalid), // "纯汉字": no symbols in a Chinese name
        ("name4", "user25".into(), Invalid),
        ("name4", "用户410774".into(), Invalid),
        ("name4", "张三😀".into(), Invalid),
        // phrase: ≤ 5 Chinese characters only.
        ("phrase14", "配送中".into(), Ok),
        ("phrase14", "五个汉字啊".into(), Ok),
        ("phrase14", "六个汉字啊啊".into(), Invalid),
        ("phrase14", "配送中！".into(), Invalid),
        ("phrase14", "配 送".into(), Invalid),
        // enum: exactly a listed value.
        ("enum_string5", "已发货".into(), Ok),
        ("enum_string5", "已签收".into(), Invalid),
        ("enum_string5", "已发货 ".into(), Invalid),
    ];
    c.sort_by_key(|(key, _, _)| *key);
    c
}

#[test]
fn sandbox_and_core_agree_on_every_edge_case() {
    let mut wrong = Vec::new();
    for (key, value, expected) in cases() {
        let (s, c) = (sandbox(key, &value), core(key, &value));
        if s != expected || c != expected {
            wrong.push(format!("{key} {value:?}: expected {expected:?}, sandbox {s:?}, core {c:?}"));
        }
    }
    assert!(wrong.is_empty(), "{} disagreements:\n{}", wrong.len(), wrong.join("\n"));
}

/// Where the core is stricter than WeChat on purpose (it refuses what WeChat would probably
/// take, because a refusal costs an edit while a 47003 costs a campaign). Never the other way.
#[test]
fn the_core_is_only_ever_stricter_on_purpose() {
    let stricter = [
        // Invisible characters pasted from web pages: the core refuses them everywhere.
        ("thing1", "零宽\u{200B}空格"),
        ("thing1", "方向\u{202E}标记"),
        ("thing1", "\u{FEFF}字节序"),
    ];
    for (key, value) in stricter {
        assert_eq!(sandbox(key, value), Ok, "{key} {value:?}");
        assert_eq!(core(key, value), Invalid, "{key} {value:?}");
    }
}
