//! `{{column}}` placeholders in the values a user types for a campaign, filled per recipient.
//!
//! These are Pushdesk's own placeholders (columns of an imported sheet), not WeChat's
//! `{{thing1.DATA}}`, which only ever appear in template content.

/// A placeholder names a column the recipient data does not have.
///
/// Rendering stops instead of substituting an empty string: an empty value would either be
/// refused by WeChat (47003) or, worse, send a card with a hole in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column \"{column}\" is missing")]
pub struct MissingColumn {
    /// The column name as written inside the braces, trimmed.
    pub column: String,
}

/// One piece of a user value: literal text or a placeholder.
#[derive(Debug, PartialEq, Eq)]
enum Segment<'a> {
    Text(&'a str),
    Column(&'a str),
}

/// Splits `text` into literal text and placeholders.
///
/// A placeholder is `{{` + name + `}}`, the name trimmed of spaces. The innermost `{{` before a
/// `}}` opens it, so `{{{name}}}` is `{` + placeholder + `}`. Anything that cannot be a
/// placeholder stays literal: an unclosed `{{`, an empty name, or a name containing braces or
/// line breaks (those are never column names, and guessing would hide a typo).
fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut literal_start = 0;
    let mut search_from = 0;
    while let Some(close) = find_from(text, search_from, "}}") {
        let next = close + 2;
        let open = text[literal_start..close].rfind("{{").map(|i| literal_start + i);
        if let Some(open) = open {
            let name = text[open + 2..close].trim();
            if is_column_name(name) {
                if open > literal_start {
                    out.push(Segment::Text(&text[literal_start..open]));
                }
                out.push(Segment::Column(name));
                literal_start = next;
            }
        }
        search_from = next;
    }
    if literal_start < text.len() {
        out.push(Segment::Text(&text[literal_start..]));
    }
    out
}

fn find_from(text: &str, from: usize, needle: &str) -> Option<usize> {
    text.get(from..)?.find(needle).map(|i| from + i)
}

fn is_column_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c == '{' || c == '}' || c.is_control())
}

/// The column names used in `text`, in order of first use, each once.
///
/// `"{{ name }}"` gives `name`; Chinese names (`{{客户姓名}}`) work the same way.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for segment in segments(text) {
        if let Segment::Column(name) = segment {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// Replaces every `{{column}}` in `text` with `lookup(column)`.
///
/// Substituted values are inserted as is and never scanned again, so a cell containing `{{x}}`
/// cannot pull in another column. Text without placeholders comes back unchanged.
pub fn render(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, MissingColumn> {
    let mut out = String::with_capacity(text.len());
    for segment in segments(text) {
        match segment {
            Segment::Text(t) => out.push_str(t),
            Segment::Column(name) => match lookup(name) {
                Some(value) => out.push_str(&value),
                None => return Err(MissingColumn { column: name.to_string() }),
            },
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn row(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn render_with(text: &str, pairs: &[(&str, &str)]) -> Result<String, MissingColumn> {
        let data = row(pairs);
        render(text, &|c| data.get(c).cloned())
    }

    #[test]
    fn replaces_columns_including_chinese_and_spaced_names() {
        let got = render_with(
            "{{客户姓名}}您好，订单 {{ order_id }} 已发货",
            &[("客户姓名", "张三"), ("order_id", "A001")],
        );
        assert_eq!(got, Ok("张三您好，订单 A001 已发货".to_string()));
    }

    #[test]
    fn repeated_placeholders_are_all_replaced() {
        let got = render_with("{{a}}-{{a}}-{{ a }}", &[("a", "x")]);
        assert_eq!(got, Ok("x-x-x".to_string()));
        assert_eq!(placeholders("{{a}}-{{b}}-{{ a }}"), vec!["a", "b"]);
    }

    #[test]
    fn missing_column_is_an_error_never_an_empty_string() {
        let got = render_with("{{name}} {{城市}}", &[("name", "x")]);
        assert_eq!(got, Err(MissingColumn { column: "城市".to_string() }));
        assert_eq!(MissingColumn { column: "城市".into() }.to_string(), "column \"城市\" is missing");
    }

    #[test]
    fn present_but_empty_cell_is_rendered_empty() {
        // Emptiness is the rules' business (validate_value says Empty), not rendering's.
        assert_eq!(render_with("{{a}}", &[("a", "")]), Ok(String::new()));
    }

    #[test]
    fn text_without_placeholders_is_unchanged() {
        for text in ["", "plain", "单个 { 括号 }", "{}", "}} 先关后开 {{", "a{b}c"] {
            assert_eq!(render_with(text, &[]), Ok(text.to_string()), "{text:?}");
            assert!(placeholders(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn unclosed_or_empty_braces_stay_literal() {
        assert_eq!(render_with("{{name", &[("name", "x")]), Ok("{{name".to_string()));
        assert_eq!(render_with("{{a}} and {{b", &[("a", "x")]), Ok("x and {{b".to_string()));
        assert_eq!(render_with("{{}} {{  }}", &[]), Ok("{{}} {{  }}".to_string()));
        assert_eq!(render_with("{{a\nb}}", &[]), Ok("{{a\nb}}".to_string()));
        assert_eq!(render_with("{{a}b}}", &[]), Ok("{{a}b}}".to_string()));
    }

    #[test]
    fn innermost_open_braces_win() {
        assert_eq!(render_with("{{{a}}}", &[("a", "x")]), Ok("{x}".to_string()));
        assert_eq!(render_with("{{ {{a}}", &[("a", "x")]), Ok("{{ x".to_string()));
        assert_eq!(placeholders("{{x {{y}} z}}"), vec!["y"]);
    }

    #[test]
    fn substituted_values_are_not_rescanned() {
        assert_eq!(render_with("{{a}}", &[("a", "{{b}}")]), Ok("{{b}}".to_string()));
    }
}
