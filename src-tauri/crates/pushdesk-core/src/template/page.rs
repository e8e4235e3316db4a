//! The mini-program page a card opens (`page`), with `{{column}}` placeholders filled per
//! recipient, like the keyword values.
//!
//! WeChat documents `page` as a page of the mini program with an optional query
//! (`index?foo=bar`), without a length limit, and answers 41030 for every row when the page is
//! not in the released mini program. Pushdesk's rules follow from that:
//! - placeholders only in the query, after `?`: the page itself is the same for every row, so
//!   one wrong path cannot pass for some rows and fail for others;
//! - a filled value is inserted as it is, so it may not hold what would change the query's shape
//!   (`&`, `=`, `?`, `#`) nor spaces or control characters, and may not be empty — a row like
//!   that is refused with its row and column, never sent with a broken link;
//! - the filled page stays within [`MAX_PAGE_CHARS`] characters, Pushdesk's own bound against a
//!   cell that holds a whole document.

use super::render::{placeholders, render};

/// The longest page Pushdesk sends, in characters.
pub const MAX_PAGE_CHARS: usize = 1024;

/// Characters a filled value may not carry into the query.
const QUERY_SYNTAX: &[char] = &['&', '=', '?', '#'];

/// Why a page cannot be sent, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message_en}")]
pub struct PageProblem {
    /// The placeholder whose value is at fault, when one is.
    pub column: Option<String>,
    /// The reason in Chinese.
    pub message_zh: String,
    /// The reason in English.
    pub message_en: String,
}

fn problem(column: Option<&str>, zh: String, en: String) -> PageProblem {
    PageProblem { column: column.map(str::to_string), message_zh: zh, message_en: en }
}

/// Checks the page as the user wrote it, before any row is read.
pub fn check_page(page: &str) -> Result<(), PageProblem> {
    let path = page.split('?').next().unwrap_or("");
    if let Some(name) = placeholders(path).first() {
        return Err(problem(
            Some(name),
            format!(
                "页面路径里不能用 {{{{{name}}}}}：占位符只能用在 ? 之后的参数里，例如 pages/order/detail?id={{{{{name}}}}}"
            ),
            format!(
                "{{{{{name}}}}} cannot be part of the page path: placeholders go in the query, after ?, \
                 e.g. pages/order/detail?id={{{{{name}}}}}"
            ),
        ));
    }
    let literal = render(page, &|_| Some(String::new())).unwrap_or_else(|_| page.to_string());
    check_characters(&literal, None)
}

/// Fills the page for one recipient; `lookup` gives a placeholder's value, or `None` when no
/// column is mapped to it. The page must have passed [`check_page`].
pub fn fill_page(page: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, PageProblem> {
    for name in placeholders(page) {
        let Some(value) = lookup(&name) else {
            return Err(no_value(&name));
        };
        if value.is_empty() {
            return Err(problem(
                Some(&name),
                format!("页面路径用到的 {{{{{name}}}}} 在这一行是空的"),
                format!("{{{{{name}}}}}, used in the page, is empty in this row"),
            ));
        }
        if let Some(c) = value.chars().find(|c| QUERY_SYNTAX.contains(c)) {
            return Err(problem(
                Some(&name),
                format!("{{{{{name}}}}} 的值“{value}”含有 {c}，会改变页面参数的结构"),
                format!(
                    "the value “{value}” of {{{{{name}}}}} contains {c}, which would change the page's query"
                ),
            ));
        }
        check_characters(&value, Some(&name))?;
    }
    let filled = render(page, lookup).map_err(|missing| no_value(&missing.column))?;
    let chars = filled.chars().count();
    if chars > MAX_PAGE_CHARS {
        return Err(problem(
            None,
            format!("页面路径填入后有 {chars} 个字符，超过 {MAX_PAGE_CHARS} 个"),
            format!("the filled page has {chars} characters, more than {MAX_PAGE_CHARS}"),
        ));
    }
    Ok(filled)
}

fn no_value(name: &str) -> PageProblem {
    problem(
        Some(name),
        format!("页面路径用到的 {{{{{name}}}}} 没有值（没有对应的列）"),
        format!("the page uses {{{{{name}}}}} but it has no value (no column is mapped to it)"),
    )
}

fn check_characters(text: &str, column: Option<&str>) -> Result<(), PageProblem> {
    let Some(c) = text.chars().find(|c| c.is_whitespace() || c.is_control()) else {
        return Ok(());
    };
    let code = format!("U+{:04X}", u32::from(c));
    let (zh, en) = match column {
        Some(name) => (
            format!("{{{{{name}}}}} 的值含有空白或控制字符（{code}），页面路径里不能有"),
            format!("the value of {{{{{name}}}}} contains a space or control character ({code}), which a page cannot hold"),
        ),
        None => (
            format!("页面路径含有空白或控制字符（{code}）"),
            format!("the page contains a space or control character ({code})"),
        ),
    };
    Err(problem(column, zh, en))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn cells(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn fill(page: &str, row: &BTreeMap<String, String>) -> Result<String, PageProblem> {
        fill_page(page, &|name| row.get(name).cloned())
    }

    #[test]
    fn fills_placeholders_in_the_query_per_row() {
        let page = "pages/order/detail?id={{快递单号}}&from=push";
        assert_eq!(check_page(page), Ok(()));
        let row = cells(&[("快递单号", "SF1402938475612")]);
        assert_eq!(fill(page, &row).unwrap(), "pages/order/detail?id=SF1402938475612&from=push");
        assert_eq!(fill("pages/index/index", &row).unwrap(), "pages/index/index");
    }

    #[test]
    fn refuses_a_placeholder_in_the_path() {
        let err = check_page("pages/{{类型}}/detail?id=1").unwrap_err();
        assert_eq!(err.column.as_deref(), Some("类型"));
        assert!(err.message_zh.contains("? 之后"), "{}", err.message_zh);
    }

    #[test]
    fn refuses_spaces_in_the_page_as_written() {
        assert!(check_page("pages/order/detail?id= 7").is_err());
        assert!(check_page("pages/order/detail?id={{单号}}").is_ok());
    }

    #[test]
    fn refuses_values_that_would_break_the_link() {
        let page = "pages/order/detail?id={{单号}}";
        for bad in ["", "a&b=1", "7#top", "a b", "a\tb"] {
            let err = fill(page, &cells(&[("单号", bad)])).unwrap_err();
            assert_eq!(err.column.as_deref(), Some("单号"), "{bad:?}");
        }
        let missing = fill(page, &BTreeMap::new()).unwrap_err();
        assert!(missing.message_en.contains("has no value"), "{}", missing.message_en);
    }

    #[test]
    fn refuses_a_page_longer_than_the_bound() {
        let long = "x".repeat(MAX_PAGE_CHARS);
        let err = fill("pages/a?id={{v}}", &cells(&[("v", &long)])).unwrap_err();
        assert!(err.message_en.contains("more than 1024"), "{}", err.message_en);
    }
}
