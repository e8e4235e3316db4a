//! Keyword types (`thing`, `time`, …) and the keyword model a template is made of.

/// The type of a template keyword, taken from the prefix of its key (`thing1` → `Thing`).
///
/// Each type has its own value rule (see [`KeywordKind::rule_en`] and
/// [`crate::template::validate_value`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum KeywordKind {
    /// `thing`: free text, ≤ 20 characters.
    Thing,
    /// `number`: digits with an optional decimal point, ≤ 32 characters.
    Number,
    /// `letter`: ASCII letters only, ≤ 32.
    Letter,
    /// `symbol`: punctuation only, ≤ 5.
    Symbol,
    /// `character_string`: letters, digits and ASCII symbols, ≤ 32, no Chinese.
    CharacterString,
    /// `time`: a 24-hour time, optionally after a date; ranges with `~`.
    Time,
    /// `date`: a date, optionally followed by a 24-hour time; ranges with `~`.
    Date,
    /// `amount`: an optional currency symbol, ≤ 10 digits, ≤ 2 decimals, optional `元`.
    Amount,
    /// `phone_number`: digits and symbols (`+ - ( ) # *` …), no spaces, ≤ 17.
    PhoneNumber,
    /// `car_number`: a licence plate, ≤ 8.
    CarNumber,
    /// `name`: a person's name, ≤ 10 if it has Chinese, else ≤ 20.
    Name,
    /// `phrase`: ≤ 5 Chinese characters.
    Phrase,
    /// `enum` / `enum_string`: one of the template's listed values.
    Enum,
    /// `short_thing`: undocumented short text, ≤ 5 characters.
    ShortThing,
    /// A prefix Pushdesk does not know: only "non-empty, ≤ 20 characters" is checked.
    Unknown,
}

/// Key stems (the key without its trailing number) and their kinds.
///
/// Matching the whole stem rather than a prefix is what keeps `short_thing4` from being read as
/// `thing`, and `number1` from being read as `name`.
const STEMS: &[(&str, KeywordKind)] = &[
    ("thing", KeywordKind::Thing),
    ("number", KeywordKind::Number),
    ("letter", KeywordKind::Letter),
    ("symbol", KeywordKind::Symbol),
    ("character_string", KeywordKind::CharacterString),
    ("time", KeywordKind::Time),
    ("date", KeywordKind::Date),
    ("amount", KeywordKind::Amount),
    ("phone_number", KeywordKind::PhoneNumber),
    ("car_number", KeywordKind::CarNumber),
    ("name", KeywordKind::Name),
    ("phrase", KeywordKind::Phrase),
    ("enum_string", KeywordKind::Enum),
    ("enum", KeywordKind::Enum),
    ("short_thing", KeywordKind::ShortThing),
];

impl KeywordKind {
    /// The kind of a keyword key such as `thing1`, `character_string3` or `enum_string2`.
    ///
    /// Tolerates a trailing `.DATA` and upper-case letters, since keys are sometimes copied from
    /// template content; anything else unrecognised is [`KeywordKind::Unknown`].
    pub fn from_key(key: &str) -> KeywordKind {
        let key = key.trim();
        let key = strip_data_suffix(key);
        let stem = key.trim_end_matches(|c: char| c.is_ascii_digit());
        STEMS
            .iter()
            .find(|(s, _)| s.eq_ignore_ascii_case(stem))
            .map_or(KeywordKind::Unknown, |(_, kind)| kind.clone())
    }

    /// The value rule in plain Chinese, for hints next to the input and inside error messages.
    pub fn rule_zh(&self) -> &'static str {
        match self {
            KeywordKind::Thing => "20 个字符以内，可含中文、字母、数字、符号",
            KeywordKind::Number => "32 位以内的数字，可带一个小数点",
            KeywordKind::Letter => "32 个以内的英文字母",
            KeywordKind::Symbol => "5 个以内的标点符号",
            KeywordKind::CharacterString => "32 位以内的数字、字母或英文符号，不能有中文",
            KeywordKind::Time => {
                "24 小时制时间（时、分、秒均为两位，如 09:05），可带日期，如 15:01、15:01:30、2019年10月1日 15:01、2019-10-01 15:01；时间段用 ~ 连接"
            }
            KeywordKind::Date => {
                "日期，如 2019年10月1日、2019年10月、10月1日、2019-10-01、2019/10/01、2019-10、10-01，可在空格后带 24 小时制时间；日期段用 ~ 连接"
            }
            KeywordKind::Amount => {
                "可带一个货币符号，10 位以内整数，最多两位小数，可以“元”结尾，如 ￥100、¥12.50、100元"
            }
            KeywordKind::PhoneNumber => "17 位以内的数字和符号（如 + - ( ) # *），不能有空格，如 +86-0766-66888866",
            KeywordKind::CarNumber => "8 位以内的车牌号，首尾可以是汉字，其余为字母或数字，如 粤A8Z888挂",
            KeywordKind::Name => {
                "姓名：含中文时为 10 个以内的汉字（可夹字母）；不含中文时为 20 个以内的字母和符号（如 . - '），不能有数字或空格"
            }
            KeywordKind::Phrase => "5 个以内的汉字",
            KeywordKind::Enum => "只能填写模板列出的枚举值之一",
            KeywordKind::ShortThing => "5 个字符以内",
            KeywordKind::Unknown => "不能为空，20 个字符以内",
        }
    }

    /// The value rule in plain English; same content as [`KeywordKind::rule_zh`].
    pub fn rule_en(&self) -> &'static str {
        match self {
            KeywordKind::Thing => {
                "up to 20 characters: Chinese, letters, digits, symbols"
            }
            KeywordKind::Number => "up to 32 digits, with at most one decimal point",
            KeywordKind::Letter => "up to 32 English letters only",
            KeywordKind::Symbol => "up to 5 punctuation symbols only",
            KeywordKind::CharacterString => {
                "up to 32 digits, letters or ASCII symbols; no Chinese"
            }
            KeywordKind::Time => {
                "a 24-hour time with two-digit fields (09:05), optionally after a date: 15:01, 15:01:30, 2019年10月1日 15:01, 2019-10-01 15:01; join a range with ~"
            }
            KeywordKind::Date => {
                "a date such as 2019年10月1日, 2019年10月, 10月1日, 2019-10-01, 2019/10/01, 2019-10 or 10-01, optionally followed by a space and a 24-hour time; join a range with ~"
            }
            KeywordKind::Amount => {
                "an optional currency symbol, up to 10 digits, at most 2 decimals, optionally ending in 元: ￥100, ¥12.50, 100元"
            }
            KeywordKind::PhoneNumber => {
                "up to 17 digits and symbols such as + - ( ) # *, no spaces, e.g. +86-0766-66888866"
            }
            KeywordKind::CarNumber => {
                "a licence plate of up to 8 characters; first and last may be Chinese, the rest letters or digits, e.g. 粤A8Z888挂"
            }
            KeywordKind::Name => {
                "a name: up to 10 Chinese characters (letters may mix in), otherwise up to 20 letters and symbols such as . - '; no digits or spaces"
            }
            KeywordKind::Phrase => "up to 5 Chinese characters only",
            KeywordKind::Enum => "one of the values the template lists",
            KeywordKind::ShortThing => "up to 5 characters",
            KeywordKind::Unknown => "not empty, up to 20 characters",
        }
    }

    /// The most characters a value of this kind can have, for "characters left" counters.
    ///
    /// `None` where the limit is a format rather than a count (time, date, enum). For `name` this
    /// is the non-Chinese limit (20); a name with Chinese is capped at 10 by validation. For
    /// `amount` it is symbol + 10 digits + point + 2 decimals + `元` = 15.
    pub fn max_chars(&self) -> Option<usize> {
        match self {
            KeywordKind::Thing | KeywordKind::Unknown => Some(20),
            KeywordKind::Number | KeywordKind::Letter | KeywordKind::CharacterString => Some(32),
            KeywordKind::Symbol | KeywordKind::Phrase | KeywordKind::ShortThing => Some(5),
            KeywordKind::Amount => Some(15),
            KeywordKind::PhoneNumber => Some(17),
            KeywordKind::CarNumber => Some(8),
            KeywordKind::Name => Some(20),
            KeywordKind::Time | KeywordKind::Date | KeywordKind::Enum => None,
        }
    }
}

/// Drops a trailing `.DATA` (any case, spaces tolerated) from a keyword key or enum keyword code.
pub(crate) fn strip_data_suffix(key: &str) -> &str {
    let trimmed = key.trim_end();
    if let Some(dot) = trimmed.rfind('.') {
        if trimmed[dot + 1..].trim().eq_ignore_ascii_case("data") {
            return trimmed[..dot].trim_end();
        }
    }
    trimmed
}

/// One keyword of a template, as shown on the send form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Keyword {
    /// The key sent to WeChat in `data`, e.g. `thing1`.
    pub key: String,
    /// The label shown on the card, e.g. `商品名称`; the key itself when the content has none.
    pub label: String,
    /// The type read from the key's prefix.
    pub kind: KeywordKind,
    /// The allowed values for enum keywords (`keywordEnumValueList`); empty otherwise.
    pub enum_values: Vec<String>,
    /// The template's own example value for this keyword (`顺丰速运` for 快递公司), when its
    /// `example` text has one: what a form shows as the field's placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The most characters WeChat shows of the value; a longer one it cuts without an error
    /// (Official Account template messages since May 2023: 20), so it is refused before sending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_limit: Option<usize>,
}

impl Keyword {
    /// A keyword whose kind is read from its key and which has no enum values.
    pub fn new(key: impl Into<String>, label: impl Into<String>) -> Keyword {
        let key = key.into();
        Keyword {
            kind: KeywordKind::from_key(&key),
            label: label.into(),
            key,
            enum_values: Vec::new(),
            example: None,
            display_limit: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_key_reads_every_documented_prefix() {
        let cases = [
            ("thing1", KeywordKind::Thing),
            ("number2", KeywordKind::Number),
            ("letter3", KeywordKind::Letter),
            ("symbol4", KeywordKind::Symbol),
            ("character_string3", KeywordKind::CharacterString),
            ("time2", KeywordKind::Time),
            ("date10", KeywordKind::Date),
            ("amount5", KeywordKind::Amount),
            ("phone_number6", KeywordKind::PhoneNumber),
            ("car_number7", KeywordKind::CarNumber),
            ("name8", KeywordKind::Name),
            ("phrase9", KeywordKind::Phrase),
            ("enum_string2", KeywordKind::Enum),
            ("enum2", KeywordKind::Enum),
            ("short_thing4", KeywordKind::ShortThing),
        ];
        for (key, kind) in cases {
            assert_eq!(KeywordKind::from_key(key), kind, "{key}");
        }
    }

    #[test]
    fn from_key_is_tolerant_but_not_fooled() {
        assert_eq!(KeywordKind::from_key("thing1.DATA"), KeywordKind::Thing);
        assert_eq!(KeywordKind::from_key(" Thing01 "), KeywordKind::Thing);
        assert_eq!(KeywordKind::from_key("thing"), KeywordKind::Thing);
        assert_eq!(KeywordKind::from_key("short_thing"), KeywordKind::ShortThing);
        // Prefix look-alikes must not be taken for the shorter type.
        assert_eq!(KeywordKind::from_key("things1"), KeywordKind::Unknown);
        assert_eq!(KeywordKind::from_key("nam1"), KeywordKind::Unknown);
        assert_eq!(KeywordKind::from_key("keyword1"), KeywordKind::Unknown);
        assert_eq!(KeywordKind::from_key(""), KeywordKind::Unknown);
        assert_eq!(KeywordKind::from_key("123"), KeywordKind::Unknown);
        assert_eq!(KeywordKind::from_key("thing1x"), KeywordKind::Unknown);
    }

    #[test]
    fn every_kind_has_rules_in_both_languages() {
        let kinds = STEMS.iter().map(|(_, k)| k.clone()).chain([KeywordKind::Unknown]);
        for kind in kinds {
            assert!(!kind.rule_zh().is_empty());
            assert!(!kind.rule_en().is_empty());
        }
    }

    #[test]
    fn max_chars_matches_the_documented_limits() {
        assert_eq!(KeywordKind::Thing.max_chars(), Some(20));
        assert_eq!(KeywordKind::CharacterString.max_chars(), Some(32));
        assert_eq!(KeywordKind::PhoneNumber.max_chars(), Some(17));
        assert_eq!(KeywordKind::ShortThing.max_chars(), Some(5));
        assert_eq!(KeywordKind::Time.max_chars(), None);
        assert_eq!(KeywordKind::Date.max_chars(), None);
        assert_eq!(KeywordKind::Enum.max_chars(), None);
    }

    #[test]
    fn kinds_serialize_as_snake_case() {
        let json = serde_json::to_string(&KeywordKind::CharacterString).expect("serialize");
        assert_eq!(json, "\"character_string\"");
        let kw = Keyword::new("enum_string2", "状态");
        let json = serde_json::to_value(&kw).expect("serialize");
        assert_eq!(json["enumValues"], serde_json::json!([]));
        assert_eq!(json["kind"], "enum");
    }

    #[test]
    fn strip_data_suffix_handles_variants() {
        assert_eq!(strip_data_suffix("enum_string2.DATA"), "enum_string2");
        assert_eq!(strip_data_suffix("thing1 . data "), "thing1");
        assert_eq!(strip_data_suffix("thing1"), "thing1");
        assert_eq!(strip_data_suffix("a.b"), "a.b");
    }
}
