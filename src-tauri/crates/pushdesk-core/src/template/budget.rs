//! The length budget of each keyword kind, as the compose form counts it ("12 / 20"). The UI
//! gets this table through the generated bindings, so the counter and the rule that refuses a
//! value never disagree.

use serde::Serialize;

use super::keyword::KeywordKind;

/// What a budget counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum BudgetUnit {
    /// Characters (code points).
    Chars,
    /// Digits before the decimal point (amounts).
    Digits,
}

/// The budget of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LengthBudget {
    /// The kind.
    pub kind: KeywordKind,
    /// The most it allows.
    pub limit: u32,
    /// What is counted.
    pub unit: BudgetUnit,
    /// A lower limit when the value holds Chinese (`name`: 10 instead of 20).
    pub limit_with_chinese: Option<u32>,
}

/// Every kind whose rule is a count; time, date and enum are formats.
pub fn length_budgets() -> Vec<LengthBudget> {
    use KeywordKind as K;
    let chars =
        |kind: K, limit: u32| LengthBudget { kind, limit, unit: BudgetUnit::Chars, limit_with_chinese: None };
    [
        K::Thing,
        K::Unknown,
        K::ShortThing,
        K::Number,
        K::Letter,
        K::CharacterString,
        K::Symbol,
        K::PhoneNumber,
        K::CarNumber,
        K::Phrase,
    ]
    .into_iter()
    .filter_map(|kind| kind.max_chars().map(|limit| chars(kind, limit as u32)))
    .chain([
        LengthBudget { limit_with_chinese: Some(10), ..chars(K::Name, 20) },
        LengthBudget { kind: K::Amount, limit: 10, unit: BudgetUnit::Digits, limit_with_chinese: None },
    ])
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::{validate_value, Keyword};

    fn keyword(kind: KeywordKind) -> Keyword {
        let key = match kind {
            KeywordKind::Unknown => "mystery1".to_string(),
            other => format!("{}1", serde_json::to_value(&other).unwrap().as_str().unwrap()),
        };
        crate::template::parse_content(&format!("标签:{{{{{key}.DATA}}}}"), &[]).remove(0)
    }

    /// A value exactly at a char budget passes the rule (when the characters are ones the
    /// kind admits) and one more character is refused: the counter and the rule agree.
    #[test]
    fn char_budgets_match_the_rules() {
        for b in length_budgets()
            .into_iter()
            .filter(|b| b.unit == BudgetUnit::Chars && b.limit_with_chinese.is_none())
        {
            let fill = match b.kind {
                KeywordKind::Symbol => "-",
                KeywordKind::Phrase => "中",
                KeywordKind::Letter => "a",
                KeywordKind::CarNumber => "A",
                _ => "1",
            };
            let kw = keyword(b.kind.clone());
            let at = fill.repeat(b.limit as usize);
            let over = fill.repeat(b.limit as usize + 1);
            assert!(validate_value(&kw, &at).is_ok(), "{:?} at {}", b.kind, b.limit);
            assert!(validate_value(&kw, &over).is_err(), "{:?} over {}", b.kind, b.limit);
        }
    }
}
