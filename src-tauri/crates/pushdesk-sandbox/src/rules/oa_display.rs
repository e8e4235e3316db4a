//! What a phone shows of an Official Account template message since WeChat's rules of
//! 4 May 2023 (《关于规范公众号模板消息的再次公告》), which change the display only — "此措施不会影响
//! 模板消息下发": nothing here is ever an error.
//!
//! - 去除首行内容 / 去除尾部/备注内容: `first` and `remark` are not displayed.
//! - 去除自定义颜色: `color` is ignored.
//! - 表情符号由替换为“□”改为直接去除: emoji are removed. (The first announcement, for 30 March
//!   2023, showed them as `□`; the second replaced that before either took effect.)
//! - 单个字段内容不超过20个字，且不支持换行: a value is shown on one line and folded after 20
//!   characters. WeChat's community answer for legacy templates: "超出20个字的内容会被折叠", the
//!   fold shown as an ellipsis; category templates refuse such values (47003) before this
//!   applies. How WeChat counts a 字 is not documented (one observer saw runs of Latin letters
//!   and digits count as one); the sandbox counts Unicode scalar values, as its value rules do.

use super::chars::{is_control, is_emoji};

/// Characters of one value a card displays before folding it.
pub const MAX_SHOWN_CHARS: usize = 20;

/// What replaces the folded rest of a long value.
pub const FOLD_MARK: char = '…';

/// Whether a legacy template's key is one WeChat no longer displays (`first`, `remark`).
pub fn is_hidden_key(key: &str) -> bool {
    key == "first" || key == "remark"
}

/// The value as the card shows it: emoji and line breaks removed, folded after
/// [`MAX_SHOWN_CHARS`] characters with [`FOLD_MARK`].
pub fn shown_value(value: &str) -> String {
    let kept: Vec<char> =
        value.chars().filter(|&c| !is_emoji(c) && !is_emoji_part(c) && !is_control(c)).collect();
    if kept.len() <= MAX_SHOWN_CHARS {
        return kept.into_iter().collect();
    }
    let mut shown: String = kept[..MAX_SHOWN_CHARS].iter().collect();
    shown.push(FOLD_MARK);
    shown
}

/// The invisible glue of emoji sequences (zero-width joiner, emoji variation selector, keycap,
/// tags): meaningless once the pictographs around it are gone.
fn is_emoji_part(c: char) -> bool {
    matches!(u32::from(c), 0x200D | 0xFE0F | 0x20E3 | 0xE0020..=0xE007F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_plain_values_are_shown_as_sent() {
        assert_eq!(shown_value("订单 20261124100023"), "订单 20261124100023");
        assert_eq!(shown_value(""), "");
    }

    #[test]
    fn emoji_and_line_breaks_are_removed() {
        assert_eq!(shown_value("已发货🚚请注意查收👨‍👩‍👧"), "已发货请注意查收");
        assert_eq!(shown_value("第一行\n第二行"), "第一行第二行");
        // Symbols that are text, not emoji, stay.
        assert_eq!(shown_value("★会员"), "★会员");
    }

    #[test]
    fn long_values_fold_after_twenty_characters() {
        let long = "一二三四五六七八九十一二三四五六七八九十超出";
        assert_eq!(shown_value(long), "一二三四五六七八九十一二三四五六七八九十…");
        let exactly = "一二三四五六七八九十一二三四五六七八九十";
        assert_eq!(shown_value(exactly), exactly);
        // Emoji removed first: they do not push text over the limit.
        assert_eq!(shown_value(&format!("{exactly}😀")), exactly);
    }

    #[test]
    fn only_first_and_remark_are_hidden() {
        assert!(is_hidden_key("first") && is_hidden_key("remark"));
        assert!(!is_hidden_key("keyword1") && !is_hidden_key("thing1"));
    }
}
