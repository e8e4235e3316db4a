//! The columns of an export, and each entry as typed cells. CSV and XLSX render the same
//! cells; only how a cell is written differs.

use std::borrow::Cow;

use crate::model::{AttemptStatus, Delivery, MessageChannel};
use crate::preferences::Language;
use crate::sendlog::LogEntry;

/// A keyword's column: its key, and the label people know it by when the template is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueColumn {
    /// `thing1`.
    pub key: String,
    /// `商品名称`.
    pub label: Option<String>,
}

/// How keyword values become columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueLayout {
    /// One column per keyword (`商品名称（thing1）`, ...): used when every row comes from one
    /// template, so the columns mean the same thing on every row.
    PerKey(Vec<ValueColumn>),
    /// One column `key=value; key=value`: rows from several templates share no keyword
    /// meaning, and one column per key of every template would be mostly empty.
    Combined,
}

/// A cell, typed so XLSX can store numbers and date-times as such.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Nothing.
    Empty,
    /// A whole number (id, errcode, attempt).
    Int(i64),
    /// A point in time (unix ms), shown in local time.
    Time(i64),
    /// Text, exactly as stored.
    Text(Cow<'a, str>),
    /// An identifier (openid, template id, rid, msgid): text, and in CSV written unaltered when
    /// it is made only of letters, digits, `_` and `-` (see [`neutralise_id`]).
    Id(Cow<'a, str>),
}

const FIXED_ZH: [&str; 20] = [
    "编号",
    "时间",
    "账号",
    "任务",
    "模板 ID",
    "模板标题",
    "openid",
    "状态",
    "错误码",
    "错误信息",
    "原因",
    "建议",
    "rid",
    "msgid",
    "第几次尝试",
    "页面",
    "送达",
    "送达回执时间",
    "送达错误码",
    "消息类型",
];
const FIXED_EN: [&str; 20] = [
    "ID",
    "Time",
    "Account",
    "Campaign",
    "Template ID",
    "Template title",
    "openid",
    "Status",
    "errcode",
    "errmsg",
    "Reason",
    "What to do",
    "rid",
    "msgid",
    "Attempt",
    "Page",
    "Delivery",
    "Receipt time",
    "Delivery code",
    "Message type",
];

/// Spreadsheet column widths (characters) of the fixed columns, in order.
pub(crate) const FIXED_WIDTHS: [f64; 20] = [
    9.0, 20.0, 16.0, 24.0, 30.0, 20.0, 32.0, 12.0, 9.0, 40.0, 30.0, 40.0, 30.0, 22.0, 9.0, 28.0, 12.0, 20.0,
    9.0, 12.0,
];

/// Column index of the time column (XLSX writes it as a date-time).
pub(crate) const TIME_COLUMN: usize = 1;

/// The header row.
pub fn headers(layout: &ValueLayout, lang: Language) -> Vec<String> {
    let fixed = match lang {
        Language::ZhCn => FIXED_ZH,
        Language::En => FIXED_EN,
    };
    let mut out: Vec<String> = fixed.iter().map(|s| (*s).to_owned()).collect();
    match layout {
        ValueLayout::PerKey(columns) => out.extend(columns.iter().map(|c| match (&c.label, lang) {
            (Some(label), Language::ZhCn) => format!("{label}（{}）", c.key),
            (Some(label), Language::En) => format!("{label} ({})", c.key),
            (None, _) => c.key.clone(),
        })),
        ValueLayout::Combined => out.push(match lang {
            Language::ZhCn => "关键词值".into(),
            Language::En => "Values".into(),
        }),
    }
    out
}

/// The status as people read it in the chosen language.
pub fn status_label(status: AttemptStatus, lang: Language) -> &'static str {
    match lang {
        Language::En => match status {
            AttemptStatus::NotSubscribed => "not subscribed",
            other => other.as_str(),
        },
        Language::ZhCn => match status {
            AttemptStatus::Sending => "发送中",
            AttemptStatus::Sent => "已发送",
            AttemptStatus::NotSubscribed => "未订阅",
            AttemptStatus::Failed => "失败",
            AttemptStatus::Unknown => "结果未知",
            AttemptStatus::Retry => "待重试",
        },
    }
}

/// The kind of message, as people call it.
pub fn channel_label(channel: MessageChannel, lang: Language) -> &'static str {
    match (channel, lang) {
        (MessageChannel::SubscribeMessage, Language::ZhCn) => "订阅消息",
        (MessageChannel::SubscribeMessage, Language::En) => "subscribe message",
        (MessageChannel::TemplateMessage, Language::ZhCn) => "模板消息",
        (MessageChannel::TemplateMessage, Language::En) => "template message",
    }
}

/// What the receipt said, for sent attempts; nothing for the others (they were not delivered).
pub fn delivery_label(e: &LogEntry, lang: Language) -> &'static str {
    let zh = lang == Language::ZhCn;
    match (e.delivery, e.status) {
        (Some(Delivery::Delivered), _) => {
            if zh {
                "已送达"
            } else {
                "delivered"
            }
        }
        (Some(Delivery::DeliveryFailed), _) => {
            if zh {
                "送达失败"
            } else {
                "delivery failed"
            }
        }
        (None, AttemptStatus::Sent) => {
            if zh {
                "无回执"
            } else {
                "no receipt"
            }
        }
        (None, _) => "",
    }
}

fn text(s: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(s))
}

fn opt_text(s: &Option<String>) -> Cell<'_> {
    s.as_deref().map_or(Cell::Empty, text)
}

fn id(s: &str) -> Cell<'_> {
    Cell::Id(Cow::Borrowed(s))
}

fn opt_id(s: &Option<String>) -> Cell<'_> {
    s.as_deref().map_or(Cell::Empty, id)
}

/// One entry as cells, in header order.
pub fn cells<'a>(e: &'a LogEntry, layout: &ValueLayout, lang: Language) -> Vec<Cell<'a>> {
    let mut out = vec![
        Cell::Int(e.id),
        Cell::Time(e.started_at),
        e.account_name.as_deref().map_or_else(|| Cell::Text(Cow::Owned(format!("#{}", e.account_id))), text),
        text(&e.campaign_name),
        id(&e.template_id),
        text(&e.template_title),
        id(&e.openid),
        text(status_label(e.status, lang)),
        e.errcode.map_or(Cell::Empty, Cell::Int),
        opt_text(&e.errmsg),
        e.explanation.as_ref().map_or(Cell::Empty, |x| match lang {
            Language::ZhCn => text(&x.title_zh),
            Language::En => text(&x.title_en),
        }),
        e.explanation.as_ref().map_or(Cell::Empty, |x| match lang {
            Language::ZhCn => text(&x.action_zh),
            Language::En => text(&x.action_en),
        }),
        opt_id(&e.rid),
        opt_id(&e.msgid),
        Cell::Int(e.attempt_no),
        opt_text(&e.page),
        text(delivery_label(e, lang)),
        e.delivery_at.map_or(Cell::Empty, Cell::Time),
        e.delivery_code.map_or(Cell::Empty, Cell::Int),
        text(channel_label(e.channel, lang)),
    ];
    match layout {
        ValueLayout::PerKey(columns) => {
            for column in columns {
                let value = e.values.iter().find(|v| v.key == column.key);
                out.push(value.map_or(Cell::Empty, |v| text(&v.value)));
            }
        }
        ValueLayout::Combined => {
            let joined: Vec<String> = e.values.iter().map(|v| format!("{}={}", v.key, v.value)).collect();
            out.push(if joined.is_empty() { Cell::Empty } else { Cell::Text(Cow::Owned(joined.join("; "))) });
        }
    }
    out
}

/// Characters that make a spreadsheet read a cell as a formula when it starts with one: `=`,
/// `+`, `-`, `@`, tab and carriage return (OWASP), and their full-width forms `＝＋－＠`, which a
/// Chinese input method types. Excel and LibreOffice (tested, see docs/design.md "Formula
/// injection") read a full-width start as text, but WPS and Google Sheets could not be tested
/// and WPS does fold full-width operators inside formulas; a `'` before the rare value that
/// starts with one costs little.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Text a spreadsheet could run as a formula gets a leading `'`, which Excel and WPS hide and
/// read as "this is text". Only for CSV: XLSX stores strings as strings, never as formulas.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// What [`neutralise`] turned a cell into, back: a leading `'` before a formula start is
/// dropped. A file Pushdesk wrote (the rows to fix) is imported again with the values the user
/// had; nobody types `'=` or `'+` meaning the quote.
pub fn restore(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => s,
    }
}

/// An identifier as written to CSV: unaltered when it has only ASCII letters, digits, `_` and
/// `-` (an openid may start with `-`), since such a cell cannot call a function, refer to
/// another file or reach the network, and scripts must find the openid exactly as WeChat gave
/// it; anything else is [`neutralise`]d like other text.
pub fn neutralise_id(s: &str) -> Cow<'_, str> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        Cow::Borrowed(s)
    } else {
        neutralise(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        assert_eq!(neutralise("拿铁 = 1"), "拿铁 = 1");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn a_neutralised_cell_is_restored_and_nothing_else_changes() {
        for value in ["+8613800138000", "-5 元", "=1+1", "@home", "＋1"] {
            assert_eq!(restore(&neutralise(value)), value);
        }
        assert_eq!(restore("'quoted"), "'quoted");
        assert_eq!(restore("it's"), "it's");
    }

    #[test]
    fn full_width_formula_starts_are_neutralised_too() {
        for bad in ["＝HYPERLINK(\"http://x\";\"y\")", "＋1", "－1", "＠SUM(1)"] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        assert_eq!(neutralise("拿铁＝1"), "拿铁＝1");
    }

    #[test]
    fn an_openid_starting_with_a_dash_is_not_altered() {
        assert_eq!(neutralise_id("-AbCdEfGhIjKlMnOpQrStUvWxYz0"), "-AbCdEfGhIjKlMnOpQrStUvWxYz0");
        assert_eq!(neutralise_id("oAbC_123-x"), "oAbC_123-x");
        // Anything that could be a formula is still defused.
        assert_eq!(neutralise_id("-1+1"), "'-1+1");
        assert_eq!(neutralise_id("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    }

    #[test]
    fn headers_follow_language_and_layout() {
        let columns = vec![
            ValueColumn { key: "thing1".into(), label: Some("商品名称".into()) },
            ValueColumn { key: "time2".into(), label: None },
        ];
        let h = headers(&ValueLayout::PerKey(columns.clone()), Language::ZhCn);
        assert_eq!((h[1].as_str(), h[3].as_str()), ("时间", "任务"));
        assert_eq!(h[FIXED_ZH.len()..], ["商品名称（thing1）", "time2"]);
        let h = headers(&ValueLayout::PerKey(columns), Language::En);
        assert_eq!(h[FIXED_EN.len()], "商品名称 (thing1)");
        let h = headers(&ValueLayout::Combined, Language::En);
        assert_eq!(h.len(), FIXED_EN.len() + 1);
    }
}
