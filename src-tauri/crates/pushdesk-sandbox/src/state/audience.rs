//! The people of an Official Account: who follows it, who unfollowed, whom it blacklisted, and
//! which tags they carry.
//!
//! Followers `0..generated` are the generated ones of `demo_official` and cost no memory; only
//! departures from that — unfollows, the blacklist, openids followed through the controls — are
//! stored. The listing order is the generated followers by index, then everyone else in the
//! order they first followed.

use std::collections::{HashMap, HashSet};
use std::sync::RwLock;

use crate::demo_official::{
    oa_demo_users, oa_follower_has_tag, oa_follower_index, oa_follower_openid, OA_BLACKLISTED_FOLLOWERS,
};
use crate::error::ApiError;

use super::{read, write};

/// What an openid is to the account, as a send sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Not a user of this account at all (40003).
    Stranger,
    /// A user of this account who does not follow it now (43004).
    FormerFollower,
    /// A follower the account has blacklisted (43019).
    Blacklisted,
    /// A follower.
    Follower,
}

/// One page of a follower listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub openids: Vec<String>,
    /// WeChat's cursor: the last openid of the page (even on the last page), empty when the page
    /// is empty.
    pub next_openid: String,
}

#[derive(Debug, Default)]
struct Inner {
    /// Followers `0..generated` are generated.
    generated: u32,
    /// Users who are not generated followers, in the order they first followed (or were named).
    others: Vec<String>,
    others_index: HashMap<String, usize>,
    /// Users (generated or not) who do not follow the account now.
    not_following: HashSet<String>,
    blacklist: HashSet<String>,
}

/// Where a listing resumes.
#[derive(Debug, Clone, Copy)]
enum Cursor {
    Generated(u32),
    Other(usize),
}

/// The account's users, behind one lock: controls write rarely, sends and listings read.
#[derive(Debug, Default)]
pub struct Audience {
    inner: RwLock<Inner>,
}

impl Audience {
    /// `generated` generated followers plus the demo's named users.
    pub fn demo(generated: u32) -> Self {
        let audience = Self { inner: RwLock::new(Inner { generated, ..Inner::default() }) };
        for user in oa_demo_users() {
            if !user.following {
                audience.unfollow(&user.openid);
            } else if oa_follower_index(&user.openid).is_none() {
                audience.follow(&user.openid);
            }
        }
        for index in OA_BLACKLISTED_FOLLOWERS {
            audience.set_blacklisted(&oa_follower_openid(index), true);
        }
        audience
    }

    pub fn relation(&self, openid: &str) -> Relation {
        let inner = read(&self.inner);
        let generated = oa_follower_index(openid);
        let listed = match generated {
            Some(i) if i < inner.generated => true,
            _ => inner.others_index.contains_key(openid),
        };
        // Any generated openid is a user of the account: beyond the follower count it is one who
        // left (the count was lowered).
        if generated.is_none() && !listed {
            Relation::Stranger
        } else if !listed || inner.not_following.contains(openid) {
            Relation::FormerFollower
        } else if inner.blacklist.contains(openid) {
            Relation::Blacklisted
        } else {
            Relation::Follower
        }
    }

    /// The user follows the account (again).
    pub fn follow(&self, openid: &str) {
        let mut inner = write(&self.inner);
        inner.not_following.remove(openid);
        let generated = oa_follower_index(openid).is_some_and(|i| i < inner.generated);
        if !generated && !inner.others_index.contains_key(openid) {
            let position = inner.others.len();
            inner.others.push(openid.to_owned());
            inner.others_index.insert(openid.to_owned(), position);
        }
    }

    /// The user unfollows the account; an openid the account never knew becomes a former
    /// follower, so that sends to it answer 43004.
    pub fn unfollow(&self, openid: &str) {
        let mut inner = write(&self.inner);
        let known = oa_follower_index(openid).is_some() || inner.others_index.contains_key(openid);
        if !known {
            let position = inner.others.len();
            inner.others.push(openid.to_owned());
            inner.others_index.insert(openid.to_owned(), position);
        }
        inner.not_following.insert(openid.to_owned());
    }

    /// Puts the user in the account's blacklist (`true`) or takes them out.
    pub fn set_blacklisted(&self, openid: &str, blacklisted: bool) {
        let mut inner = write(&self.inner);
        if blacklisted {
            inner.blacklist.insert(openid.to_owned());
        } else {
            inner.blacklist.remove(openid);
        }
    }

    /// Sets how many generated followers the account has.
    pub fn set_generated(&self, generated: u32) {
        write(&self.inner).generated = generated;
    }

    /// Followers now, all of them or those carrying `tag`.
    pub fn count(&self, tag: Option<u32>) -> u64 {
        let inner = read(&self.inner);
        let mut count = (0..inner.generated).filter(|&i| carries(&inner, tag, i)).count() as u64;
        for openid in &inner.not_following {
            if oa_follower_index(openid).is_some_and(|i| i < inner.generated && carries(&inner, tag, i)) {
                count -= 1;
            }
        }
        if tag.is_none() {
            count += inner.others.iter().filter(|o| lists_other(&inner, o)).count() as u64;
        }
        count
    }

    /// Up to `limit` followers (with `tag`, when given) after the follower `after` (from the
    /// start when empty); 40003 when `after` is no user of the listing.
    pub fn page(&self, tag: Option<u32>, after: &str, limit: usize) -> Result<Page, ApiError> {
        let inner = read(&self.inner);
        let mut cursor = cursor_after(&inner, after)?;
        let mut openids = Vec::new();
        while openids.len() < limit {
            match cursor {
                Cursor::Generated(i) if i < inner.generated => {
                    if carries(&inner, tag, i) {
                        let openid = oa_follower_openid(i);
                        if !inner.not_following.contains(&openid) {
                            openids.push(openid);
                        }
                    }
                    cursor = Cursor::Generated(i + 1);
                }
                Cursor::Generated(_) => cursor = Cursor::Other(0),
                // Users who are not generated carry no tags.
                Cursor::Other(k) if k < inner.others.len() && tag.is_none() => {
                    let openid = &inner.others[k];
                    if lists_other(&inner, openid) {
                        openids.push(openid.clone());
                    }
                    cursor = Cursor::Other(k + 1);
                }
                Cursor::Other(_) => break,
            }
        }
        let next_openid = openids.last().cloned().unwrap_or_default();
        Ok(Page { openids, next_openid })
    }
}

/// Whether one of `others` is listed there: following, and not listed among the generated
/// followers already (a generated openid followed beyond the count, then the count was raised).
fn lists_other(inner: &Inner, openid: &str) -> bool {
    !inner.not_following.contains(openid) && oa_follower_index(openid).is_none_or(|i| i >= inner.generated)
}

fn carries(inner: &Inner, tag: Option<u32>, index: u32) -> bool {
    tag.is_none_or(|tag| oa_follower_has_tag(tag, index, inner.generated))
}

fn cursor_after(inner: &Inner, after: &str) -> Result<Cursor, ApiError> {
    if after.is_empty() {
        return Ok(Cursor::Generated(0));
    }
    match oa_follower_index(after) {
        Some(i) if i < inner.generated => Ok(Cursor::Generated(i + 1)),
        _ => inner.others_index.get(after).map(|&k| Cursor::Other(k + 1)).ok_or(ApiError::InvalidOpenid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_official::{OA_TAG_STARRED, OA_USER_UNFOLLOWED};

    const STRANGER: &str = "oPtYgjmUhBel31iEl2hpChYgCfrL";

    #[test]
    fn relations_follow_the_controls() {
        let audience = Audience::demo(12_500);
        let first = oa_follower_openid(0);
        assert_eq!(audience.relation(&first), Relation::Follower);
        assert_eq!(audience.relation(STRANGER), Relation::Stranger);
        assert_eq!(audience.relation(OA_USER_UNFOLLOWED), Relation::FormerFollower);
        let blacklisted = oa_follower_openid(OA_BLACKLISTED_FOLLOWERS[0]);
        assert_eq!(audience.relation(&blacklisted), Relation::Blacklisted);
        // Beyond the follower count: a user who left.
        assert_eq!(audience.relation(&oa_follower_openid(12_500)), Relation::FormerFollower);
        audience.set_generated(100);
        assert_eq!(audience.relation(&blacklisted), Relation::FormerFollower);
        audience.set_generated(12_500);

        audience.unfollow(&first);
        assert_eq!(audience.relation(&first), Relation::FormerFollower);
        audience.follow(&first);
        audience.follow(STRANGER);
        assert_eq!(audience.relation(&first), Relation::Follower);
        assert_eq!(audience.relation(STRANGER), Relation::Follower);
        assert_eq!(audience.count(None), 12_501);
    }

    #[test]
    fn pages_skip_unfollowed_users_and_end_with_an_empty_page() {
        let audience = Audience::demo(10);
        audience.unfollow(&oa_follower_openid(3));
        audience.follow(STRANGER);
        let first = audience.page(None, "", 6).unwrap();
        assert_eq!(first.openids, [0, 1, 2, 4, 5, 6].map(oa_follower_openid));
        assert_eq!(first.next_openid, oa_follower_openid(6));
        let second = audience.page(None, &first.next_openid, 6).unwrap();
        let mut expected: Vec<String> = [7, 8, 9].map(oa_follower_openid).to_vec();
        expected.push(STRANGER.into());
        assert_eq!(second.openids, expected);
        let third = audience.page(None, &second.next_openid, 6).unwrap();
        assert_eq!(third, Page { openids: vec![], next_openid: String::new() });
        assert_eq!(audience.count(None), 10);
        assert!(audience.page(None, "oNotAUserOfThisAccount000000", 6).is_err());
        let starred = audience.page(Some(OA_TAG_STARRED), "", 6).unwrap();
        assert_eq!(starred.openids, [oa_follower_openid(0)]);
    }
}
