//! The sandbox's own table of WeChat's keyword value rules (47003), written from WeChat's
//! documentation of `subscribeMessage.send` ("订阅消息参数值内容限制说明") and shared/wechat-api.md
//! §3 — not from Pushdesk's core, so that a mistake in the core's rules shows up as a
//! disagreement instead of being confirmed by the same code.
//! `tests/sandbox/rule_tables_agree.rs` runs both on shared edge cases.
//!
//! | type | WeChat's rule | here |
//! |---|---|---|
//! | `thing` | 20个以内字符, 汉字、数字、字母或符号 | ≤ 20 characters, no control characters |
//! | `number` | 32位以内数字, 只能数字，可带小数 | ≤ 32 characters: digits, optionally `.` and digits |
//! | `letter` | 32位以内字母 | ≤ 32 ASCII letters |
//! | `symbol` | 5位以内符号 | ≤ 5 symbols (visible, not a letter or digit of any script, not a space or an emoji; `chars.rs`) |
//! | `character_string` | 32位以内数字、字母或符号 | ≤ 32 ASCII digits, letters, punctuation |
//! | `time`, `date` | 24小时制时间 (HH:MM or HH:MM:SS) / 年月日, 支持+年月日/时间, “~” 时间段 | see `datetime.rs` |
//! | `amount` | 1个币种符号+10位以内纯数字，可带小数，结尾可带“元” | optional currency symbol, 1–10 digits, optional `.` + 1–2 digits, optional `元` |
//! | `phone_number` | 17位以内，数字、符号 | ≤ 17 ASCII digits and symbols, at least one digit |
//! | `car_number` | 8位以内，第一位与最后一位可为汉字，其余为字母或数字 | ≤ 8; first and last Chinese or letter/digit, the rest ASCII letters/digits; at least one letter or digit |
//! | `name` | 10个以内纯汉字或20个以内纯字母或符号；中文和字母混合按中文名算 | with Chinese: ≤ 10 Chinese and ASCII letters; without: ≤ 20 ASCII letters and symbols, at least one letter |
//! | `phrase` | 5个以内汉字 | ≤ 5 Chinese characters |
//! | `enum` | 只能上传枚举值范围内的字段值 | exactly one of the listed values |
//! | `short_thing` | (undocumented) | ≤ 5 characters, no control characters |
//!
//! Every type: an empty or blank value is "is empty"; a control character (line break, tab …)
//! is invalid ("不能带有换行等控制字符"). Lengths count Unicode scalar values: an emoji is one, a
//! joined emoji sequence (👨‍👩‍👧) counts each of its parts. WeChat does not define "character";
//! this is the count its UTF-8 back end most plausibly uses, and the core counts the same.

mod chars;
mod datetime;
pub mod oa_display;

use pushdesk_core::template::KeywordKind;

use chars::{is_chinese, is_control, is_currency, is_symbol};

/// Why a value breaks its rule, as far as WeChat's errmsg tells: `data.K.value is empty` or
/// `data.K.value invalid` (a value that is too long is "invalid" too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Empty or whitespace only.
    Empty,
    /// Anything else: too long, a forbidden character, a wrong format, not in the enum.
    Invalid,
}

/// Checks `value` against the rule of a keyword of type `kind`; `enum_values` are the
/// template's listed values for an `enum` keyword.
pub fn check_value(kind: &KeywordKind, enum_values: &[String], value: &str) -> Result<(), Problem> {
    if value.trim().is_empty() {
        return Err(Problem::Empty);
    }
    if value.chars().any(is_control) {
        return Err(Problem::Invalid);
    }
    let len = value.chars().count();
    let all = |ok: fn(char) -> bool| value.chars().all(ok);
    let ok = match kind {
        KeywordKind::Thing | KeywordKind::Unknown => len <= 20,
        KeywordKind::ShortThing => len <= 5,
        KeywordKind::Number => len <= 32 && is_decimal(value),
        KeywordKind::Letter => len <= 32 && all(|c| c.is_ascii_alphabetic()),
        KeywordKind::Symbol => len <= 5 && all(is_symbol),
        KeywordKind::CharacterString => {
            len <= 32 && all(|c| c.is_ascii_alphanumeric() || c.is_ascii_punctuation())
        }
        KeywordKind::Time => datetime::is_time_value(value),
        KeywordKind::Date => datetime::is_date_value(value),
        KeywordKind::Amount => is_amount(value),
        KeywordKind::PhoneNumber => {
            len <= 17
                && all(|c| c.is_ascii_digit() || is_symbol(c))
                && value.chars().any(|c| c.is_ascii_digit())
        }
        KeywordKind::CarNumber => len <= 8 && is_car_number(value),
        KeywordKind::Name => is_name(value),
        KeywordKind::Phrase => len <= 5 && all(is_chinese),
        // Without the template's list there is nothing to compare with (the sandbox's own
        // templates always list their values).
        KeywordKind::Enum if enum_values.is_empty() => len <= 20,
        KeywordKind::Enum => enum_values.iter().any(|v| v == value),
    };
    if ok {
        Ok(())
    } else {
        Err(Problem::Invalid)
    }
}

/// Digits, optionally a decimal point followed by digits: no sign, no exponent, no grouping.
fn is_decimal(value: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match value.split_once('.') {
        None => digits(value),
        Some((whole, fraction)) => digits(whole) && digits(fraction),
    }
}

/// An optional currency symbol, 1–10 digits, optionally `.` and 1–2 digits, optionally `元`.
fn is_amount(value: &str) -> bool {
    let rest = value.strip_prefix(is_currency).unwrap_or(value);
    let rest = rest.strip_suffix('元').unwrap_or(rest);
    let digits = |s: &str, max: usize| (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    match rest.split_once('.') {
        None => digits(rest, 10),
        Some((whole, cents)) => digits(whole, 10) && digits(cents, 2),
    }
}

fn is_car_number(value: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    let plain = |c: &char| c.is_ascii_alphanumeric();
    let end_ok = |c: &char| is_chinese(*c) || plain(c);
    let (Some(first), Some(last)) = (chars.first(), chars.last()) else { return false };
    let middle = if chars.len() > 2 { &chars[1..chars.len() - 1] } else { &[] };
    end_ok(first) && end_ok(last) && middle.iter().all(plain) && chars.iter().any(plain)
}

/// A Chinese name (any Chinese makes it one: letters may mix in, nothing else) of at most 10, or
/// a name of letters and symbols of at most 20 with at least one letter.
fn is_name(value: &str) -> bool {
    let len = value.chars().count();
    if value.chars().any(is_chinese) {
        len <= 10 && value.chars().all(|c| is_chinese(c) || c.is_ascii_alphabetic())
    } else {
        len <= 20
            && value.chars().all(|c| c.is_ascii_alphabetic() || is_symbol(c))
            && value.chars().any(|c| c.is_ascii_alphabetic())
    }
}
