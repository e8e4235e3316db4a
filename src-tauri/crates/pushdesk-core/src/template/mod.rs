//! Templates: parsing `content` into keywords, keyword value rules, placeholder rendering.
//!
//! - [`parse_content`] reads a template's `content` and `keywordEnumValueList` into
//!   [`Keyword`]s (key, label, [`KeywordKind`], enum values).
//! - [`validate_value`] judges a value against its keyword's rule before sending (WeChat's
//!   47003), never changing it.
//! - [`placeholders`] and [`render`] fill a user's `{{column}}` placeholders per recipient;
//!   [`fill_page`] does it for the page a card opens.
//!
//! Rule decisions where WeChat's documentation is vague are written down next to the code that
//! makes them (mostly in `rules.rs` and `datetime.rs`).

mod budget;
mod chars;
mod datetime;
mod keyword;
mod page;
mod parse;
mod render;
mod rules;

pub use budget::{length_budgets, BudgetUnit, LengthBudget};
pub use keyword::{Keyword, KeywordKind};
pub use page::{check_page, fill_page, PageProblem, MAX_PAGE_CHARS};
pub use parse::{attach_examples, parse_content, EnumValueList};
pub use render::{placeholders, render, MissingColumn};
pub use rules::{validate_value, RuleViolation, ViolationKind};
