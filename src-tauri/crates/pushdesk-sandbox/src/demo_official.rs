//! The demo Official Account (服务号): its private templates (three 2023-style category templates
//! and one legacy template), its followers, tags and a few named users.
//!
//! Followers are generated, not stored: follower `i` has the openid [`oa_follower_openid`]`(i)`,
//! which [`oa_follower_index`] turns back into `i`, so an account of a million followers costs
//! nothing until someone unfollows. Like a real account's, every openid starts with the same six
//! characters ([`OA_OPENID_PREFIX`]).

use serde::Serialize;

use crate::DEMO_APPID;

/// 订单发货提醒, a category template: 商品名称 (thing1), 快递公司 (thing2), 快递单号
/// (character_string3), 发货时间 (time4).
pub const OA_TPL_ORDER_SHIPPED: &str = "nqRpwd49aBeLrkn_peQKVjL17sBU8UbDW6MWml1dD_V";
/// 活动开始提醒, a category template: 活动名称 (thing1), 开始时间 (time2), 活动状态 (phrase3).
pub const OA_TPL_ACTIVITY_START: &str = "JWfasEsBtfUDUcRqRHQNBCnCA9NAOs5xD1JZOrW0ct6";
/// 会员积分变动提醒, a category template: 消费金额 (amount1), 变动积分 (number2), 变动原因 (thing3).
pub const OA_TPL_POINTS_CHANGED: &str = "ezyTntbwIed31yGCA_Zaqyk5g3zWUCAMyhrUeFb6DMW";
/// 支付成功通知, a legacy template (`first`, `keyword1` 订单号, `keyword2` 金额, `remark`): since
/// May 2023 `first` and `remark` are not displayed and long values are cut, not refused.
pub const OA_TPL_LEGACY_PAYMENT: &str = "IuhpM3I-__tLVAsf3nxDxWCtbvUshtrvWkelJfMsSo7";

/// The mini programs bound to the demo Official Account: its template cards may open these (any
/// other `miniprogram.appid` is answered 40165).
pub const OA_BOUND_MINI_PROGRAMS: &[&str] = &[DEMO_APPID];

/// The first six characters of every openid of the demo Official Account.
pub const OA_OPENID_PREFIX: &str = "oRq7Ws";

/// Default number of followers: more than one page (10 000) of `user/get`.
pub const OA_DEFAULT_FOLLOWERS: u32 = 12_500;

/// A user who followed the demo account and unfollowed it: a valid openid of the account, so
/// sends answer 43004 (not 40003).
pub const OA_USER_UNFOLLOWED: &str = "oRq7WsDlbDc5kPtXawAOjtzOPa02";
/// Another former follower (43004).
pub const OA_USER_UNFOLLOWED_2: &str = "oRq7WsPM3_vTfHMhQqRpJNvtFbJP";
/// Followers the account has put in its blacklist (sends answer 43019): these indexes of
/// [`oa_follower_openid`]. They stay followers, listed by `user/get`. Far from the start, so that
/// "the first N followers" are all plain ones; below the count only while the account has more
/// than 7 777 (12 345) followers, else they are former followers (43004).
pub const OA_BLACKLISTED_FOLLOWERS: [u32; 2] = [7_777, 12_345];

/// Tag 星标组 (WeChat's own reserved id 2): every 1000th follower (0, 1000, 2000, …).
pub const OA_TAG_STARRED: u32 = 2;
/// Tag VIP: every 7th follower (0, 7, 14, …).
pub const OA_TAG_VIP: u32 = 100;
/// Tag 北京: every 3rd follower (0, 3, 6, …).
pub const OA_TAG_BEIJING: u32 = 101;
/// Tag 新客: the last [`OA_NEW_FOLLOWERS`] generated followers.
pub const OA_TAG_NEW: u32 = 102;
/// How many of the newest generated followers carry 新客.
pub const OA_NEW_FOLLOWERS: u32 = 300;

/// Values containing any of these are "purely promotional": WeChat intercepts such template
/// messages (answered ok with a msgid, never delivered, listed by `queryblocktmplmsg`). WeChat
/// publishes no rule; this marker list is the sandbox's stand-in.
pub const OA_PROMOTION_MARKERS: &[&str] = &["优惠券", "限时抢购"];

/// Whether a value reads as purely promotional (see [`OA_PROMOTION_MARKERS`]).
pub fn is_promotional(value: &str) -> bool {
    OA_PROMOTION_MARKERS.iter().any(|m| value.contains(m))
}

/// A private template of the demo Official Account, as `get_all_private_template` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct OaDemoTemplate {
    /// `template_id`.
    pub template_id: &'static str,
    /// `title`.
    pub title: &'static str,
    /// `primary_industry`.
    pub primary_industry: &'static str,
    /// `deputy_industry`.
    pub deputy_industry: &'static str,
    /// `content`, with `{{key.DATA}}` placeholders.
    pub content: &'static str,
    /// `example`: the content with sample values.
    pub example: &'static str,
}

/// The demo account's templates.
pub fn oa_templates() -> Vec<OaDemoTemplate> {
    vec![
        OaDemoTemplate {
            template_id: OA_TPL_ORDER_SHIPPED,
            title: "订单发货提醒",
            primary_industry: "IT科技",
            deputy_industry: "互联网|电子商务",
            content: "商品名称:{{thing1.DATA}}\n快递公司:{{thing2.DATA}}\n快递单号:{{character_string3.DATA}}\n发货时间:{{time4.DATA}}",
            example: "商品名称:星巴克 拿铁咖啡豆 250g\n快递公司:顺丰速运\n快递单号:SF1402938475612\n发货时间:2026-11-24 10:00",
        },
        OaDemoTemplate {
            template_id: OA_TPL_ACTIVITY_START,
            title: "活动开始提醒",
            primary_industry: "IT科技",
            deputy_industry: "互联网|电子商务",
            content: "活动名称:{{thing1.DATA}}\n开始时间:{{time2.DATA}}\n活动状态:{{phrase3.DATA}}",
            example: "活动名称:会员日新品品鉴会\n开始时间:2026-12-12 19:30\n活动状态:即将开始",
        },
        OaDemoTemplate {
            template_id: OA_TPL_POINTS_CHANGED,
            title: "会员积分变动提醒",
            primary_industry: "消费品",
            deputy_industry: "消费品",
            content: "消费金额:{{amount1.DATA}}\n变动积分:{{number2.DATA}}\n变动原因:{{thing3.DATA}}",
            example: "消费金额:￥128.00\n变动积分:128\n变动原因:门店消费积分",
        },
        OaDemoTemplate {
            template_id: OA_TPL_LEGACY_PAYMENT,
            title: "支付成功通知",
            primary_industry: "IT科技",
            deputy_industry: "互联网|电子商务",
            content: "{{first.DATA}}\n订单号：{{keyword1.DATA}}\n金额：{{keyword2.DATA}}\n{{remark.DATA}}",
            example: "您的订单已支付成功\n订单号：20261124100023\n金额：128.00元\n感谢您的惠顾",
        },
    ]
}

/// A user tag of the demo account, as `tags/get` lists it (without its count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OaTag {
    /// Tag id.
    pub id: u32,
    /// Tag name.
    pub name: &'static str,
}

/// The demo account's tags, in `tags/get` order.
pub fn oa_tags() -> Vec<OaTag> {
    vec![
        OaTag { id: OA_TAG_STARRED, name: "星标组" },
        OaTag { id: OA_TAG_VIP, name: "VIP" },
        OaTag { id: OA_TAG_BEIJING, name: "北京" },
        OaTag { id: OA_TAG_NEW, name: "新客" },
    ]
}

/// Whether generated follower `index` carries `tag` while the account has `generated` generated
/// followers (新客 depends on it). The memberships overlap, so "any of" and "all of" a set of
/// tags give different, computable sets.
pub fn oa_follower_has_tag(tag: u32, index: u32, generated: u32) -> bool {
    match tag {
        OA_TAG_STARRED => index.is_multiple_of(1000),
        OA_TAG_VIP => index.is_multiple_of(7),
        OA_TAG_BEIJING => index.is_multiple_of(3),
        OA_TAG_NEW => index >= generated.saturating_sub(OA_NEW_FOLLOWERS),
        _ => false,
    }
}

/// A named user of the demo account, for people reading test output and for the desktop app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OaDemoUser {
    /// The openid (of the demo Official Account).
    pub openid: String,
    /// Who this user is meant to be.
    pub note: String,
    /// Follows the account now (else sends answer 43004).
    pub following: bool,
    /// In the account's blacklist (sends answer 43019).
    pub blacklisted: bool,
}

/// The named users: two former followers (43004) and the blacklisted followers (43019).
pub fn oa_demo_users() -> Vec<OaDemoUser> {
    let mut users = vec![
        OaDemoUser {
            openid: OA_USER_UNFOLLOWED.into(),
            note: "已取消关注的老用户（发送得到 43004）".into(),
            following: false,
            blacklisted: false,
        },
        OaDemoUser {
            openid: OA_USER_UNFOLLOWED_2.into(),
            note: "关注后又取消关注（发送得到 43004）".into(),
            following: false,
            blacklisted: false,
        },
    ];
    users.extend(OA_BLACKLISTED_FOLLOWERS.iter().map(|&i| OaDemoUser {
        openid: oa_follower_openid(i),
        note: format!("第 {i} 位关注者，已被公众号拉黑（发送得到 43019）"),
        following: true,
        blacklisted: true,
    }));
    users
}

// An openid of a generated follower: the prefix, 11 characters encoding the index scrambled
// into 64 bits, 11 characters of a hash of those bits. The scramble is invertible (an odd
// multiplier has an inverse modulo 2^64) and the hash rejects any other openid with the prefix.
const SCRAMBLE_XOR: u64 = 0x5DEE_CE66_D1CE_4E5B;
const SCRAMBLE_MUL: u64 = 0x9E37_79B9_7F4A_7C15;
const SCRAMBLE_MUL_INVERSE: u64 = inverse(SCRAMBLE_MUL);
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The openid of the demo account's generated follower `i` (0-based): 28 characters, openid-shaped
/// ([`crate::is_openid_shaped`]), the same on every run.
pub fn oa_follower_openid(i: u32) -> String {
    let scrambled = (u64::from(i) ^ SCRAMBLE_XOR).wrapping_mul(SCRAMBLE_MUL);
    let mut openid = String::with_capacity(28);
    openid.push_str(OA_OPENID_PREFIX);
    push_base64(&mut openid, scrambled);
    push_base64(&mut openid, check(scrambled));
    openid
}

/// The index of a generated follower's openid; `None` for any other string.
pub fn oa_follower_index(openid: &str) -> Option<u32> {
    let rest = openid.strip_prefix(OA_OPENID_PREFIX)?;
    if rest.len() != 22 {
        return None;
    }
    let scrambled = read_base64(&rest[..11])?;
    if read_base64(&rest[11..])? != check(scrambled) {
        return None;
    }
    u32::try_from(scrambled.wrapping_mul(SCRAMBLE_MUL_INVERSE) ^ SCRAMBLE_XOR).ok()
}

/// The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration: each step
/// doubles the correct low bits, from 3).
const fn inverse(odd: u64) -> u64 {
    let mut inv = odd;
    let mut step = 0;
    while step < 5 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(odd.wrapping_mul(inv)));
        step += 1;
    }
    inv
}

/// SplitMix64's finaliser: a cheap, well-mixed hash.
fn check(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// 64 bits as 11 URL-safe base64 characters, most significant first.
fn push_base64(out: &mut String, x: u64) {
    for k in (0..11).rev() {
        out.push(char::from(ALPHABET[((x >> (6 * k)) & 63) as usize]));
    }
}

fn read_base64(text: &str) -> Option<u64> {
    let mut x: u64 = 0;
    for (k, b) in text.bytes().enumerate() {
        let digit = ALPHABET.iter().position(|&a| a == b)? as u64;
        // The first character carries only the top 4 bits.
        if k == 0 && digit > 15 {
            return None;
        }
        x = (x << 6) | digit;
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::is_openid_shaped;

    #[test]
    fn follower_openids_round_trip_and_are_openid_shaped() {
        assert_eq!(SCRAMBLE_MUL.wrapping_mul(SCRAMBLE_MUL_INVERSE), 1);
        for i in [0, 1, 2, 41, 42, 9_999, 10_000, 12_499, 1_000_000, u32::MAX] {
            let openid = oa_follower_openid(i);
            assert!(is_openid_shaped(&openid), "{openid}");
            assert!(openid.starts_with(OA_OPENID_PREFIX));
            assert_eq!(oa_follower_index(&openid), Some(i), "{openid}");
        }
        assert_ne!(oa_follower_openid(1), oa_follower_openid(2));
    }

    #[test]
    fn other_openids_are_not_followers() {
        for openid in [OA_USER_UNFOLLOWED, OA_USER_UNFOLLOWED_2, "oPtYgjmUhBel31iEl2hpChYgCfrL", "", "oRq7Ws"]
        {
            assert_eq!(oa_follower_index(openid), None, "{openid}");
        }
        // One character changed: the check part no longer matches.
        let mut tampered = oa_follower_openid(7).into_bytes();
        tampered[10] = if tampered[10] == b'A' { b'B' } else { b'A' };
        assert_eq!(oa_follower_index(&String::from_utf8(tampered).unwrap()), None);
    }

    #[test]
    fn demo_data_is_consistent() {
        for user in oa_demo_users() {
            assert!(is_openid_shaped(&user.openid), "{}", user.openid);
        }
        for t in oa_templates() {
            assert_eq!(t.template_id.len(), 43);
        }
        assert!(oa_follower_has_tag(OA_TAG_NEW, 12_499, 12_500));
        assert!(!oa_follower_has_tag(OA_TAG_NEW, 12_199, 12_500));
        assert!(
            oa_follower_has_tag(OA_TAG_VIP, 21, 12_500) && oa_follower_has_tag(OA_TAG_BEIJING, 21, 12_500)
        );
    }
}
