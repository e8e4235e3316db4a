//! Liberal deserializers for WeChat's JSON: ids that are sometimes numbers and sometimes
//! strings, and 19-digit msgids that must never pass through `f64`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Accepts a JSON integer or string and keeps its exact digits as a `String`. Integers arrive
/// through `visit_u64`/`visit_i64`, so values above 2^53 stay exact; a float is refused rather
/// than rounded, because a rounded msgid would point at the wrong message.
pub(crate) fn exact_id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(ExactId)
}

/// Like [`exact_id`] for optional fields (`null` or absent → `None`).
pub(crate) fn opt_exact_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(OptExactId)
}

struct ExactId;

impl Visitor<'_> for ExactId {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or a string")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Err(E::custom(format!("expected an exact integer id, got the float {v}")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
}

struct OptExactId;

impl<'de> Visitor<'de> for OptExactId {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, a string or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        exact_id(d).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct T {
        #[serde(deserialize_with = "super::exact_id")]
        id: String,
        #[serde(default, deserialize_with = "super::opt_exact_id")]
        opt: Option<String>,
    }

    #[test]
    fn keeps_digits_above_2_pow_53_exact() {
        let t: T = serde_json::from_str(r#"{"id":2097683633284153344,"opt":9007199254740993}"#).unwrap();
        assert_eq!(t.id, "2097683633284153344");
        assert_eq!(t.opt.as_deref(), Some("9007199254740993"));
        let v: serde_json::Value = serde_json::from_str(r#"{"id":18446744073709551615}"#).unwrap();
        let t: T = serde_json::from_value(v).unwrap();
        assert_eq!(t.id, "18446744073709551615");
        assert_eq!(t.opt, None);
    }

    #[test]
    fn accepts_strings_and_refuses_floats() {
        let t: T = serde_json::from_str(r#"{"id":"616","opt":null}"#).unwrap();
        assert_eq!(t.id, "616");
        assert!(serde_json::from_str::<T>(r#"{"id":2.5e18}"#).is_err());
    }
}
