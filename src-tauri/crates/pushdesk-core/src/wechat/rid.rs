//! Parsing the request id WeChat appends to every errmsg.

/// The `rid` at the end of an errmsg (`"... rid: 6578a1f2-0b3c4d5e-12345678"`), if any.
pub fn parse_rid(errmsg: &str) -> Option<String> {
    let (_, tail) = errmsg.rsplit_once("rid:")?;
    let rid: String =
        tail.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    (!rid.is_empty()).then_some(rid)
}

#[cfg(test)]
mod tests {
    use super::parse_rid;

    #[test]
    fn finds_the_rid_at_the_end() {
        assert_eq!(
            parse_rid("ok rid: 6578a1f2-0b3c4d5e-12345678").as_deref(),
            Some("6578a1f2-0b3c4d5e-12345678")
        );
        assert_eq!(
            parse_rid("argument invalid! data.thing1.value is empty rid: 1-2-3").as_deref(),
            Some("1-2-3")
        );
        assert_eq!(parse_rid("ok"), None);
        assert_eq!(parse_rid("rid: "), None);
    }
}
