//! Showing a value in a message so that what is wrong with it can be seen.
//!
//! A zero-width space in an openid makes WeChat refuse it, and a message that quotes the openid
//! shows nothing wrong. Every message about a value quotes it through [`visible`].

/// `text` with every character a person could not see, or could mistake for another, written
/// as its code point: `oAbc<U+200B>def`.
///
/// Always shown: controls (C0, C1, DEL), zero-width and joiner characters, direction marks and
/// overrides, the BOM, soft hyphen, variation selectors, tag characters, private-use
/// characters, and every space that is not U+0020 (NBSP, ideographic space, …).
///
/// Shown when the text has no CJK character (an identifier such as an openid, where they
/// impersonate ASCII): full-width letters and digits, Cyrillic and Greek letters that look
/// Latin, and dashes that look like `-`. In Chinese text these are ordinary and stay as they
/// are.
pub fn visible(text: &str) -> String {
    let latin_context = !text.chars().any(is_cjk);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible(c) || (latin_context && is_confusable(c)) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that show nothing, or show as an ordinary space.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(
            c,
            '\u{00AD}'                      // soft hyphen
            | '\u{034F}'                    // combining grapheme joiner
            | '\u{061C}'                    // Arabic letter mark
            | '\u{115F}' | '\u{1160}'       // Hangul fillers
            | '\u{17B4}' | '\u{17B5}'       // Khmer inherent vowels
            | '\u{180B}'..='\u{180F}'       // Mongolian selectors and vowel separator
            | '\u{200B}'..='\u{200F}'       // zero-width space, joiners, direction marks
            | '\u{202A}'..='\u{202E}'       // bidi embeddings and overrides
            | '\u{2060}'..='\u{206F}'       // word joiner, invisible operators, bidi isolates
            | '\u{3164}' | '\u{FFA0}'       // Hangul fillers
            | '\u{FE00}'..='\u{FE0F}'       // variation selectors
            | '\u{FEFF}'                    // BOM / zero-width no-break space
            | '\u{FFF9}'..='\u{FFFB}'       // interlinear annotation controls
            | '\u{E000}'..='\u{F8FF}'       // private use: shows as nothing or a box
            | '\u{E0000}'..='\u{E0FFF}'     // tags and variation selectors supplement
            | '\u{F0000}'..='\u{10FFFF}'    // supplementary private use
        )
}

/// Characters that look like ASCII letters, digits or `-` but are not.
fn is_confusable(c: char) -> bool {
    matches!(
        c,
        '\u{FF01}'..='\u{FF5E}'             // full-width ASCII
        | '\u{2010}'..='\u{2015}'           // hyphens and dashes
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' // minus signs
        | '\u{0391}'..='\u{03C9}'           // Greek letters (Α, Β, Ε, Ο, ο, ν, …)
        | '\u{0400}'..='\u{04FF}'           // Cyrillic letters (а, е, о, р, с, х, …)
        | '\u{2170}'..='\u{217F}'           // small Roman numerals (ⅰ, ⅴ, ⅹ)
        | '\u{1D400}'..='\u{1D7FF}'         // mathematical letters and digits
    )
}

fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{3040}'..='\u{30FF}'             // kana
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'           // hangul
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_width_space_in_an_openid_is_shown() {
        assert_eq!(visible("oAbc\u{200B}def"), "oAbc<U+200B>def");
        assert_eq!(visible("\u{feff}openid"), "<U+FEFF>openid");
        assert_eq!(visible("a\u{00A0}b\tc"), "a<U+00A0>b<U+0009>c");
        assert_eq!(visible("x\u{202E}y"), "x<U+202E>y");
    }

    #[test]
    fn lookalikes_are_shown_in_identifiers_not_in_chinese_text() {
        // Cyrillic о and full-width Ａ in an openid.
        assert_eq!(visible("\u{043E}Abc\u{FF21}"), "<U+043E>Abc<U+FF21>");
        assert_eq!(visible("oAbc\u{2013}x"), "oAbc<U+2013>x");
        // In Chinese text full-width punctuation and letters are ordinary.
        assert_eq!(visible("拿铁（大杯）ＶＩＰ"), "拿铁（大杯）ＶＩＰ");
        // Invisible characters are shown everywhere.
        assert_eq!(visible("拿铁\u{200B}"), "拿铁<U+200B>");
        assert_eq!(visible("plain text, 123"), "plain text, 123");
    }
}
