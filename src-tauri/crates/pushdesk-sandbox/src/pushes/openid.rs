//! An openid kept inside the journal's row when it has WeChat's length (28 bytes), so a million
//! pushes cost no million small heap allocations; anything else a control names is boxed.

/// Length of every openid WeChat issues (and of every openid a send may name).
const LEN: usize = 28;

#[derive(Debug, Clone)]
pub enum CompactOpenid {
    Inline([u8; LEN]),
    Other(Box<str>),
}

impl CompactOpenid {
    pub fn new(openid: &str) -> Self {
        match <[u8; LEN]>::try_from(openid.as_bytes()) {
            Ok(bytes) => CompactOpenid::Inline(bytes),
            Err(_) => CompactOpenid::Other(openid.into()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            // Copied whole from a `str`, so always UTF-8.
            CompactOpenid::Inline(bytes) => std::str::from_utf8(bytes).expect("copied from a str"),
            CompactOpenid::Other(s) => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_any_openid() {
        // The last one is 28 bytes of multi-byte characters: inline too.
        for openid in ["oPtYgjmUhBel31iEl2hpChYgCfrL", "short", "", "这是一个开放标识符x"] {
            assert_eq!(CompactOpenid::new(openid).as_str(), openid);
        }
        for inline in ["oPtYgjmUhBel31iEl2hpChYgCfrL", "这是一个开放标识符x"] {
            assert!(matches!(CompactOpenid::new(inline), CompactOpenid::Inline(_)), "{inline}");
        }
        assert_eq!(std::mem::size_of::<CompactOpenid>(), 32);
    }
}
