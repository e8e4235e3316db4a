//! Character classes the keyword rules are written in terms of ("Chinese", "symbol", …).
//!
//! WeChat never publishes its exact classes, so these are deliberately narrow: a value we refuse
//! can be fixed before sending, while a value WeChat refuses fails a whole campaign row.

/// Characters that must never reach WeChat: C0/C1 controls (line breaks, tabs, NUL, DEL, …),
/// plus the Unicode line/paragraph separators and invisible direction or zero-width marks.
///
/// The extra invisible marks are included because they usually arrive by pasting from web pages
/// or spreadsheets, are impossible to spot in the form, and make WeChat's checks fail
/// mysteriously. The zero-width joiners (U+200C, U+200D) stay allowed: emoji sequences need them.
pub(crate) fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'                  // zero-width space
            | '\u{200E}' | '\u{200F}'   // LTR / RTL marks
            | '\u{2028}' | '\u{2029}'   // line / paragraph separator: line breaks in disguise
            | '\u{202A}'..='\u{202E}'   // bidi embeddings and overrides
            | '\u{2060}'                // word joiner
            | '\u{2066}'..='\u{2069}'   // bidi isolates
            | '\u{FEFF}'                // byte-order mark / zero-width no-break space
        )
}

/// A Chinese (Han) character: the CJK Unified Ideographs blocks and their extensions.
///
/// Punctuation such as `，` or `。` is not Chinese in this sense: it counts as a symbol
/// ([`is_symbol`]).
pub(crate) fn is_han(c: char) -> bool {
    matches!(
        c,
        '\u{3400}'..='\u{4DBF}'       // extension A
        | '\u{4E00}'..='\u{9FFF}'     // unified ideographs
        | '\u{F900}'..='\u{FAFF}'     // compatibility ideographs
        | '\u{20000}'..='\u{2FA1F}'   // extensions B–F and compatibility supplement
        | '\u{30000}'..='\u{323AF}'   // extensions G–H
    )
}

/// A punctuation or symbol character: ASCII punctuation and the punctuation people type with a
/// Chinese input method (full-width forms, CJK brackets, ellipsis, ¥, …).
///
/// Letters, digits, spaces, emoji and control characters are never symbols.
pub(crate) fn is_symbol(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '¡' | '¢' | '£' | '¤' | '¥' | '¦' | '§' | '¨' | '©' | '«' | '¬' | '®' | '¯'
            | '°' | '±' | '´' | '¶' | '·' | '¸' | '»' | '¿' | '×' | '÷'
            | '\u{2010}'..='\u{2027}'   // dashes, quotes, bullets, ellipsis
            | '\u{2030}'..='\u{205E}'   // per mille, primes, ※, ‼ …
            | '\u{20A0}'..='\u{20C0}'   // currency signs
            | '\u{2190}'..='\u{21FF}'   // arrows
            | '\u{2200}'..='\u{22FF}'   // mathematical operators
            | '\u{25A0}'..='\u{25FF}'   // geometric shapes (■ □ ▲ ○ ●)
            | '★' | '☆'
            | '\u{3001}'..='\u{3004}'   // 、 。 〃 〄
            | '\u{3008}'..='\u{3020}'   // 〈 〉 《 》 「 」 【 】 〜 …
            | '\u{3030}' | '\u{303D}'..='\u{303F}'
            | '\u{30FB}'                // katakana middle dot ・
            | '\u{FF01}'..='\u{FF0F}'   // full-width ！ ＂ ＃ … ／
            | '\u{FF1A}'..='\u{FF20}'   // full-width ： ； ＜ ＝ ＞ ？ ＠
            | '\u{FF3B}'..='\u{FF40}'   // full-width ［ ＼ ］ ＾ ＿ ｀
            | '\u{FF5B}'..='\u{FF65}'   // full-width ｛ ｜ ｝ ～ and half-width CJK punctuation
            | '\u{FFE0}'..='\u{FFE6}'   // full-width ￠ ￡ ￢ ￣ ￤ ￥ ￦
        )
}

/// How a character is shown inside an error message: itself when visible, its code point when
/// it would be invisible or would break the message layout.
pub(crate) fn describe(c: char) -> String {
    if is_forbidden(c) || c.is_whitespace() {
        format!("U+{:04X}", u32::from(c))
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_covers_every_control_range() {
        for c in ('\u{0}'..='\u{1F}').chain('\u{7F}'..='\u{9F}') {
            assert!(is_forbidden(c), "U+{:04X}", u32::from(c));
        }
        for c in ['\u{2028}', '\u{2029}', '\u{FEFF}', '\u{202E}'] {
            assert!(is_forbidden(c));
        }
        for c in ['a', ' ', '中', '😀', '\u{200D}', '\u{3000}'] {
            assert!(!is_forbidden(c), "{c:?}");
        }
    }

    #[test]
    fn han_is_ideographs_only() {
        for c in ['中', '粤', '挂', '㐀', '𠀀'] {
            assert!(is_han(c), "{c}");
        }
        for c in ['，', '。', 'a', '1', 'あ', '한', '😀'] {
            assert!(!is_han(c), "{c}");
        }
    }

    #[test]
    fn symbols_exclude_letters_digits_space_and_emoji() {
        for c in ['!', '#', '-', '~', '，', '。', '！', '？', '【', '】', '…', '¥', '￥', '·', '★']
        {
            assert!(is_symbol(c), "{c}");
        }
        for c in ['a', 'Z', '1', '１', ' ', '\u{3000}', '中', '😀', '\n', '々', '〇'] {
            assert!(!is_symbol(c), "{c:?}");
        }
    }

    #[test]
    fn describe_makes_invisible_characters_visible() {
        assert_eq!(describe('\n'), "U+000A");
        assert_eq!(describe(' '), "U+0020");
        assert_eq!(describe('中'), "中");
    }
}
