//! Keyword value rules: judging a value before it is sent, so WeChat never answers 47003.
//!
//! Validation only judges. It never trims, truncates or rewrites a value: what the user sees in
//! the preview is byte for byte what is sent.

use std::sync::LazyLock;

use regex::Regex;

use super::chars::{describe, is_forbidden, is_han, is_symbol};
use super::datetime::{is_valid_date, is_valid_time};
use super::keyword::{Keyword, KeywordKind};

/// Why a value breaks its keyword's rule. The UI branches on this; the messages are for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    /// Empty or whitespace only (WeChat: `data.thing1.value is empty`).
    Empty,
    /// More characters than the type allows.
    TooLong,
    /// A character the type never allows: control characters for every type, plus e.g. letters
    /// in a `number` or Chinese in a `character_string`.
    ForbiddenCharacters,
    /// Allowed characters in a shape the type does not accept (`1.2.3`, `2019-02-30`, `24:00`).
    BadFormat,
    /// An `enum` value that is not one of the template's listed values.
    NotInEnum,
}

/// A value that breaks its keyword's rule, with messages naming the field and the rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message_en}")]
pub struct RuleViolation {
    /// The keyword key, e.g. `thing1`.
    pub key: String,
    /// What is wrong.
    pub kind: ViolationKind,
    /// The message in Chinese, e.g. `「商品名称」(thing1) 超过 20 个字符（当前 23 个）`.
    pub message_zh: String,
    /// The message in English, e.g. `“商品名称” (thing1) is longer than 20 characters (23)`.
    pub message_en: String,
}

/// Currency symbols an `amount` may start with. WeChat's doc says "one currency symbol" without a
/// list, so this is the common set; multi-letter codes (`HK$`, `RMB`) are not symbols.
const CURRENCY: &str = "¥￥$＄€£￡₩￦₹₽฿₫₱₺¢";

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    let symbols = regex::escape(CURRENCY);
    Regex::new(&format!(r"^[{symbols}]?[0-9]{{1,10}}(?:\.[0-9]{{1,2}})?元?$")).expect("amount regex is valid")
});

/// Checks `value` against the rule of `keyword.kind`; `Ok(())` means it can be sent as is.
///
/// Checks run in a fixed order, so the message points at the most basic problem first: empty,
/// then control characters (any type), then characters the type never allows, then length,
/// then format. Lengths count Unicode scalar values (`chars`), never bytes, so `中` is one.
pub fn validate_value(keyword: &Keyword, value: &str) -> Result<(), RuleViolation> {
    let field = Field { keyword };
    if value.trim().is_empty() {
        return Err(field.empty());
    }
    if let Some(c) = value.chars().find(|&c| is_forbidden(c)) {
        return Err(field.control(c));
    }
    if let Some(limit) = keyword.display_limit {
        field.shown_in_full(value, limit)?;
    }
    validate_kind(&field, keyword, value)
}

fn validate_kind(field: &Field<'_>, keyword: &Keyword, value: &str) -> Result<(), RuleViolation> {
    match &keyword.kind {
        KeywordKind::Thing | KeywordKind::Unknown => field.at_most(value, 20),
        KeywordKind::ShortThing => field.at_most(value, 5),
        KeywordKind::Number => {
            field.only(value, |c| c.is_ascii_digit() || c == '.')?;
            field.at_most(value, 32)?;
            field.format(is_plain_number(value))
        }
        KeywordKind::Letter => {
            field.only(value, |c| c.is_ascii_alphabetic())?;
            field.at_most(value, 32)
        }
        KeywordKind::Symbol => {
            field.only(value, is_symbol)?;
            field.at_most(value, 5)
        }
        KeywordKind::CharacterString => {
            // ASCII only: "no Chinese" also rules out full-width punctuation and digits, which
            // WeChat's check treats as Chinese. Spaces are refused too: order numbers have none.
            field.only(value, |c| c.is_ascii_graphic())?;
            field.at_most(value, 32)
        }
        KeywordKind::Time => field.format(is_valid_time(value)),
        KeywordKind::Date => field.format(is_valid_date(value)),
        KeywordKind::Amount => field.format(AMOUNT.is_match(value)),
        KeywordKind::PhoneNumber => {
            // WeChat: "17位以内，数字、符号". Any symbol (`#` extensions, `*` masked digits), but
            // not a space: a space is not a symbol (see `is_symbol`), and a value WeChat might
            // refuse fails the whole row.
            field.only(value, |c| c.is_ascii_digit() || is_symbol(c))?;
            field.at_most(value, 17)?;
            field.format(value.chars().any(|c| c.is_ascii_digit()))
        }
        KeywordKind::CarNumber => {
            field.only(value, |c| is_han(c) || c.is_ascii_alphanumeric())?;
            field.at_most(value, 8)?;
            field.format(is_car_number(value))
        }
        KeywordKind::Name => validate_name(field, value),
        KeywordKind::Phrase => {
            field.only(value, is_han)?;
            field.at_most(value, 5)
        }
        KeywordKind::Enum if keyword.enum_values.is_empty() => {
            // Without the template's list there is nothing to compare with; WeChat will judge.
            field.at_most(value, 20)
        }
        KeywordKind::Enum => {
            if keyword.enum_values.iter().any(|allowed| allowed == value) {
                Ok(())
            } else {
                Err(field.not_in_enum())
            }
        }
    }
}

/// Digits with at most one decimal point that has digits on both sides (`12`, `12.5`).
///
/// No sign: the doc allows "digits and a decimal point" only, and a `-` that WeChat refuses
/// would fail every row of a campaign. Signed values belong in a `thing` keyword.
fn is_plain_number(value: &str) -> bool {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match value.split_once('.') {
        None => all_digits(value),
        Some((int, frac)) => all_digits(int) && all_digits(frac),
    }
}

/// Chinese only at the ends (`粤A8Z888挂`), at least one letter or digit.
fn is_car_number(value: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    let inner_ok = match chars.len() {
        0..=2 => true,
        n => chars[1..n - 1].iter().all(|c| c.is_ascii_alphanumeric()),
    };
    inner_ok && chars.iter().any(|c| c.is_ascii_alphanumeric())
}

/// `name`: WeChat's "10个以内纯汉字或20个以内纯字母或符号；中文和字母混合按中文名算". Any Chinese
/// makes it a Chinese name: ≤ 10 of Chinese and letters, nothing else ("纯汉字" leaves no room
/// for `·` or spaces). Otherwise ≤ 20 ASCII letters and symbols (`Mary-Jane`, `O'Neil`,
/// `J.Smith`; a space is not a symbol), with at least one letter. Digits never: WeChat refused
/// `user25` and `用户410774` (47003 `data.nameN.value invalid`, developers.weixin.qq.com
/// community).
fn validate_name(field: &Field<'_>, value: &str) -> Result<(), RuleViolation> {
    if value.chars().any(is_han) {
        field.only(value, |c| is_han(c) || c.is_ascii_alphabetic())?;
        field.at_most(value, 10)
    } else {
        field.only(value, |c| c.is_ascii_alphabetic() || is_symbol(c))?;
        field.at_most(value, 20)?;
        field.format(value.chars().any(|c| c.is_ascii_alphabetic()))
    }
}

/// Builds the violations for one keyword, so every message names the field the same way.
struct Field<'a> {
    keyword: &'a Keyword,
}

impl Field<'_> {
    fn violation(&self, kind: ViolationKind, zh: String, en: String) -> RuleViolation {
        RuleViolation {
            key: self.keyword.key.clone(),
            kind,
            message_zh: format!("{} {zh}", self.name_zh()),
            message_en: format!("{} {en}", self.name_en()),
        }
    }

    /// `「商品名称」(thing1)`, or just `thing1` when the label is only the key again.
    fn name_zh(&self) -> String {
        let Keyword { key, label, .. } = self.keyword;
        if label.is_empty() || label == key {
            key.clone()
        } else {
            format!("「{label}」({key})")
        }
    }

    fn name_en(&self) -> String {
        let Keyword { key, label, .. } = self.keyword;
        if label.is_empty() || label == key {
            key.clone()
        } else {
            format!("“{label}” ({key})")
        }
    }

    fn empty(&self) -> RuleViolation {
        self.violation(ViolationKind::Empty, "不能为空".into(), "must not be empty".into())
    }

    fn control(&self, c: char) -> RuleViolation {
        let code = describe(c);
        self.violation(
            ViolationKind::ForbiddenCharacters,
            format!("含有换行、制表符或其他不可见的控制字符（{code}），请删除"),
            format!(
                "contains a line break, tab or other invisible control character ({code}); \
                 remove it"
            ),
        )
    }

    /// Fails on the first character outside `allowed`, naming it.
    fn only(&self, value: &str, allowed: impl Fn(char) -> bool) -> Result<(), RuleViolation> {
        match value.chars().find(|&c| !allowed(c)) {
            None => Ok(()),
            Some(c) => {
                let shown = describe(c);
                let kind = &self.keyword.kind;
                Err(self.violation(
                    ViolationKind::ForbiddenCharacters,
                    format!("含有不允许的字符“{shown}”（规则：{}）", kind.rule_zh()),
                    format!("contains a character that is not allowed: “{shown}” (rule: {})", kind.rule_en()),
                ))
            }
        }
    }

    fn at_most(&self, value: &str, limit: usize) -> Result<(), RuleViolation> {
        let count = value.chars().count();
        if count <= limit {
            return Ok(());
        }
        Err(self.violation(
            ViolationKind::TooLong,
            format!("超过 {limit} 个字符（当前 {count} 个）"),
            format!("is longer than {limit} characters ({count})"),
        ))
    }

    /// WeChat shows at most `limit` characters and cuts the rest without telling anyone.
    fn shown_in_full(&self, value: &str, limit: usize) -> Result<(), RuleViolation> {
        let count = value.chars().count();
        if count <= limit {
            return Ok(());
        }
        Err(self.violation(
            ViolationKind::TooLong,
            format!("超过 {limit} 个字符，微信会直接截断显示（当前 {count} 个）"),
            format!("is longer than {limit} characters, and WeChat would cut it without an error ({count})"),
        ))
    }

    fn format(&self, ok: bool) -> Result<(), RuleViolation> {
        if ok {
            return Ok(());
        }
        let kind = &self.keyword.kind;
        Err(self.violation(
            ViolationKind::BadFormat,
            format!("格式不正确，应为：{}", kind.rule_zh()),
            format!("has the wrong format; expected {}", kind.rule_en()),
        ))
    }

    fn not_in_enum(&self) -> RuleViolation {
        // Long lists would drown the message; the form shows the full list as a dropdown anyway.
        const SHOWN: usize = 10;
        let values = &self.keyword.enum_values;
        let head = &values[..values.len().min(SHOWN)];
        let (more_zh, more_en) = if values.len() > SHOWN {
            (format!(" 等 {} 个", values.len()), format!(" … ({} in all)", values.len()))
        } else {
            (String::new(), String::new())
        };
        self.violation(
            ViolationKind::NotInEnum,
            format!("只能是以下值之一：{}{more_zh}", head.join("、")),
            format!("must be one of: {}{more_en}", head.join(", ")),
        )
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
