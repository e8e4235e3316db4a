//! The character classes WeChat's value rules speak of: 汉字 (Chinese), 字母 (letters), 数字
//! (digits), 符号 (symbols) and 控制字符 (control characters).
//!
//! Written from WeChat's own definition, not from Pushdesk's core: "符号表示除中文、英文、数字外的
//! 常见符号，不能带有换行等控制字符" — a symbol is a common character other than Chinese, English
//! letters and digits, and never a line break or other control character. So a symbol is
//! defined here by exclusion (anything visible that is not a letter or digit of any script),
//! where the core lists the symbols it accepts.

/// A Chinese character (CJK ideograph, including the rare-character extensions).
pub fn is_chinese(c: char) -> bool {
    matches!(u32::from(c),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x323AF)
}

/// A control character in WeChat's sense: the C0/C1 controls (line feed, carriage return, tab,
/// NUL, DEL, NEL …) and the Unicode line and paragraph separators, which are line breaks too.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// A common symbol: visible, not a letter or digit of any script (so not Chinese either), not a
/// space, and not an emoji — a pictograph is a picture, not one of the "common symbols" a
/// `symbol` value is made of.
pub fn is_symbol(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace() && !is_control(c) && !is_invisible(c) && !is_emoji(c)
}

/// Characters that render as nothing: zero-width and direction marks, variation selectors, tag
/// characters. Never symbols.
fn is_invisible(c: char) -> bool {
    matches!(u32::from(c),
        0x00AD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF
        | 0xE0000..=0xE007F)
}

/// Emoji shown as pictures by default (Unicode's Emoji_Presentation, approximately): the
/// pictograph planes, plus the few older symbols that phones draw as emoji. `★` `☆` `※` stay
/// symbols: they are text characters.
pub fn is_emoji(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF
        | 0x231A..=0x231B | 0x23E9..=0x23EC | 0x23F0 | 0x23F3 | 0x25FD..=0x25FE
        | 0x2614..=0x2615 | 0x2648..=0x2653 | 0x267F | 0x2693 | 0x26A1 | 0x26AA..=0x26AB
        | 0x26BD..=0x26BE | 0x26C4..=0x26C5 | 0x26CE | 0x26D4 | 0x26EA | 0x26F2..=0x26F3
        | 0x26F5 | 0x26FA | 0x26FD | 0x2705 | 0x270A..=0x270B | 0x2728 | 0x274C | 0x274E
        | 0x2753..=0x2755 | 0x2757 | 0x2795..=0x2797 | 0x27B0 | 0x27BF | 0x2B1B..=0x2B1C
        | 0x2B50 | 0x2B55)
}

/// A currency symbol (Unicode category Sc) that may open an `amount`.
pub fn is_currency(c: char) -> bool {
    matches!(
        c,
        '$' | '¢' | '£' | '¤' | '¥' | '֏' | '؋' | '৲' | '৳' | '૱' | '௹' | '฿' | '៛' | '\u{20A0}'
            ..='\u{20C0}' | '﷼' | '﹩' | '＄' | '￠' | '￡' | '￥' | '￦'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_visible_non_alphanumerics() {
        for c in ['!', '#', '*', '+', '-', '~', '，', '。', '！', '【', '】', '…', '¥', '·', '★', '☆', '＋']
        {
            assert!(is_symbol(c), "{c}");
        }
        for c in ['a', 'Ａ', '1', '１', '①', '中', '々', ' ', '\u{3000}', '\n', '😀', '⭐', '\u{200B}']
        {
            assert!(!is_symbol(c), "{c:?}");
        }
    }

    #[test]
    fn chinese_is_ideographs() {
        assert!(is_chinese('粤') && is_chinese('𠀀'));
        assert!(!is_chinese('，') && !is_chinese('あ') && !is_chinese('A'));
    }

    #[test]
    fn controls_include_line_separators() {
        for c in ['\n', '\r', '\t', '\0', '\u{7F}', '\u{85}', '\u{2028}', '\u{2029}'] {
            assert!(is_control(c), "{c:?}");
        }
        assert!(!is_control(' ') && !is_control('\u{200D}'));
    }
}
