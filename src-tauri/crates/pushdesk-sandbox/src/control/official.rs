//! Controls of the demo Official Account: who follows it, whom it blacklisted, how many
//! followers it has, what WeChat intercepted.

use crate::demo_official::{oa_demo_users, OaDemoUser};
use crate::state::intercepted::InterceptedMessage;

use super::SandboxControl;

impl SandboxControl {
    /// `openid` follows the demo Official Account (again): sends to it are delivered and
    /// `user/get` lists it (after the generated followers when it is not one of them).
    pub fn oa_follow(&self, openid: &str) {
        self.state.official.audience.follow(openid);
    }

    /// `openid` unfollows the demo Official Account: sends to it answer 43004, listings skip it.
    /// An openid the account never knew becomes a former follower too.
    pub fn oa_unfollow(&self, openid: &str) {
        self.state.official.audience.unfollow(openid);
    }

    /// Puts `openid` in the demo Official Account's blacklist: sends to it answer 43019; it is
    /// still a follower.
    pub fn oa_block(&self, openid: &str) {
        self.state.official.audience.set_blacklisted(openid, true);
    }

    /// Takes `openid` out of the blacklist.
    pub fn oa_unblock(&self, openid: &str) {
        self.state.official.audience.set_blacklisted(openid, false);
    }

    /// Sets how many generated followers ([`crate::oa_follower_openid`]`(0..count)`) the demo
    /// Official Account has; generated openids beyond it become former followers (43004).
    pub fn set_oa_follower_count(&self, count: u32) {
        self.state.official.audience.set_generated(count);
    }

    /// The demo Official Account's followers now (`user/get`'s `total`).
    pub fn oa_follower_total(&self) -> u64 {
        self.state.official.audience.count(None)
    }

    /// The demo Official Account's named users (former followers, blacklisted followers).
    pub fn oa_demo_users(&self) -> Vec<OaDemoUser> {
        oa_demo_users()
    }

    /// The template messages intercepted as promotional (answered ok, never delivered), oldest
    /// first: what `queryblocktmplmsg` lists, every template together.
    pub fn oa_intercepted(&self) -> Vec<InterceptedMessage> {
        self.state.official.intercepted.all()
    }
}
