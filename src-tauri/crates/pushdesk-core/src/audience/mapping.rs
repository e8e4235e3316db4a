//! Which column feeds which keyword and which `{{placeholder}}`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::header::is_openid_header;
use crate::template::{placeholders, Keyword};

/// Columns (0-based indexes into the headers) assigned to the openid, to keywords and to
/// placeholders. Made by [`auto_map`], then edited by the user; it round-trips through JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// The column holding openids.
    pub openid_column: usize,
    /// Keyword key (`thing1`) → column whose cells are that keyword's value.
    pub keyword_columns: BTreeMap<String, usize>,
    /// Placeholder name as written in the values (`name` for `{{name}}`) → column.
    pub placeholder_columns: BTreeMap<String, usize>,
    /// Headers no mapping uses, in file order, so the UI can point them out.
    pub unmapped: Vec<String>,
}

impl ColumnMapping {
    /// Every column index the mapping uses.
    pub fn used_columns(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.openid_column)
            .chain(self.keyword_columns.values().copied())
            .chain(self.placeholder_columns.values().copied())
    }

    /// Recomputes [`ColumnMapping::unmapped`] after the user changed the mapping.
    pub fn refresh_unmapped(&mut self, headers: &[String]) {
        let used: Vec<usize> = self.used_columns().collect();
        self.unmapped =
            headers.iter().enumerate().filter(|(i, _)| !used.contains(i)).map(|(_, h)| h.clone()).collect();
    }
}

/// Case-, width- and space-insensitive form of a name, so `Thing1`, ` thing 1 ` and `商品 名称`
/// match `thing1` and `商品名称`. A trailing `.DATA` (copied from template content) is dropped.
fn fold(name: &str) -> String {
    let name = name.trim();
    let name = name.strip_suffix(".DATA").or_else(|| name.strip_suffix(".data")).unwrap_or(name);
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .map(|c| match c {
            // Full-width ASCII (what a Chinese IME types) to half-width.
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Suggests a mapping: the `openid` column; for each keyword, a column named like its key
/// (`thing1`) or its label (`商品名称`); for each placeholder in `values` and in `page`, the
/// column of that name. Matching ignores case, spaces and full-width letters; the first matching column wins.
///
/// A keyword that already has a typed value in `values` is not given a column: the user said
/// what it should be, and a column silently taking over would surprise them.
pub fn auto_map(
    headers: &[String],
    keywords: &[Keyword],
    values: &BTreeMap<String, String>,
    page: Option<&str>,
) -> ColumnMapping {
    let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let find = |name: &str| {
        let name = fold(name);
        (!name.is_empty()).then(|| folded.iter().position(|h| *h == name)).flatten()
    };
    let openid_column = headers.iter().position(|h| is_openid_header(h)).unwrap_or(0);

    let mut keyword_columns = BTreeMap::new();
    for keyword in keywords {
        let typed = values.get(&keyword.key).is_some_and(|v| !v.trim().is_empty());
        if typed {
            continue;
        }
        if let Some(col) = find(&keyword.key).or_else(|| find(&keyword.label)) {
            if col != openid_column {
                keyword_columns.insert(keyword.key.clone(), col);
            }
        }
    }

    let mut placeholder_columns = BTreeMap::new();
    for value in values.values().map(String::as_str).chain(page) {
        for name in placeholders(value) {
            if let Some(col) = find(&name) {
                placeholder_columns.insert(name, col);
            }
        }
    }

    let mut mapping =
        ColumnMapping { openid_column, keyword_columns, placeholder_columns, unmapped: Vec::new() };
    mapping.refresh_unmapped(headers);
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_space_and_width() {
        assert_eq!(fold(" Thing 1 "), "thing1");
        assert_eq!(fold("ＴＨＩＮＧ１"), "thing1");
        assert_eq!(fold("thing1.DATA"), "thing1");
        assert_eq!(fold("商品 名称"), "商品名称");
    }
}
