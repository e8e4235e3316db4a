//! An Official Account's followers as an audience: all of them, or those with any (or all) of
//! some tags, fetched page by page from WeChat at the moment the list is taken.

use std::collections::HashSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tracing::instrument;

use super::Desk;
use crate::account::AccountKind;
use crate::wechat::{FollowerPage, FollowerTag, WechatClient};
use crate::{Bilingual, CoreError, Result};

/// Which followers an audience takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowerSelection {
    /// The tags chosen (as listed when the list was taken); none means every follower.
    pub tags: Vec<FollowerTag>,
    /// Followers with every tag chosen, rather than any of them.
    pub match_all: bool,
}

/// How far fetching the followers has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowerProgress {
    /// Openids fetched so far (tags fetched one after another count together).
    pub fetched: u64,
    /// How many there are to fetch, when WeChat says (all followers) or the tags' counts do.
    pub total: Option<u64>,
}

/// Receives progress while followers are fetched.
pub type FollowerProgressSink = Arc<dyn Fn(FollowerProgress) + Send + Sync>;

/// Every openid of the account's followers, or of the followers with the tags `tag_ids`
/// (any of them, or with `match_all` every one), each once, in WeChat's order.
#[instrument(skip(client, progress))]
async fn fetch(
    client: &WechatClient,
    tag_ids: &[String],
    match_all: bool,
    progress: &(dyn Fn(FollowerProgress) + Send + Sync),
) -> Result<(Vec<String>, FollowerSelection)> {
    let known = if tag_ids.is_empty() { Vec::new() } else { client.get_follower_tags().await? };
    let mut chosen = Vec::new();
    for id in tag_ids {
        match known.iter().find(|t| &t.id == id) {
            Some(tag) if !chosen.contains(tag) => chosen.push(tag.clone()),
            Some(_) => {}
            None => {
                return Err(CoreError::InvalidInput(Bilingual::field(
                    "tags",
                    format_args!("the account has no follower tag {id} (any more?); choose the tags again"),
                    format_args!("账号没有编号为 {id} 的标签（可能已被删除），请重新选择标签"),
                )))
            }
        }
    }
    let selection = FollowerSelection { tags: chosen.clone(), match_all };
    let mut counter = Counter { fetched: 0, total: None, progress };
    if chosen.is_empty() {
        return Ok((fetch_pages(client, Listing::All, &mut counter).await?, selection));
    }
    counter.total = Some(chosen.iter().map(|t| t.count).sum());
    let mut lists = Vec::with_capacity(chosen.len());
    for tag in &chosen {
        lists.push(fetch_pages(client, Listing::Tag(&tag.id), &mut counter).await?);
    }
    Ok((combine(lists, match_all), selection))
}

/// What is listed: every follower, or a tag's.
#[derive(Clone, Copy)]
enum Listing<'a> {
    All,
    Tag(&'a str),
}

/// Counts the openids fetched across listings and reports after each page.
struct Counter<'a> {
    fetched: u64,
    total: Option<u64>,
    progress: &'a (dyn Fn(FollowerProgress) + Send + Sync),
}

/// Follows `next_openid` through a listing's pages.
async fn fetch_pages(
    client: &WechatClient,
    listing: Listing<'_>,
    counter: &mut Counter<'_>,
) -> Result<Vec<String>> {
    let mut openids = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let FollowerPage { total, openids: page, next_openid } = match listing {
            Listing::All => client.get_followers(next.as_deref()).await?,
            Listing::Tag(id) => client.get_tag_followers(id, next.as_deref()).await?,
        };
        // Every follower: WeChat's total. A tag's page carries none; the tags' counts stand.
        counter.total = counter.total.or(total);
        counter.fetched += page.len() as u64;
        openids.extend(page);
        (counter.progress)(FollowerProgress { fetched: counter.fetched, total: counter.total });
        match next_openid {
            Some(n) => next = Some(n),
            None => return Ok(openids),
        }
    }
}

/// One list of the tags' followers: each openid once, in the order first seen; with
/// `match_all` only those every list has.
fn combine(lists: Vec<Vec<String>>, match_all: bool) -> Vec<String> {
    let sets: Vec<HashSet<&String>> =
        if match_all { lists.iter().map(|l| l.iter().collect()).collect() } else { Vec::new() };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for openid in lists.iter().flatten() {
        if sets.iter().all(|s| s.contains(openid)) && seen.insert(openid) {
            out.push(openid.clone());
        }
    }
    out
}

impl Desk {
    /// The Official Account's follower tags, with how many followers each has.
    pub async fn follower_tags(&self, account_id: i64) -> Result<Vec<FollowerTag>> {
        Ok(self.official_client(account_id).await?.get_follower_tags().await?)
    }

    /// The followers an audience takes, fetched now, with the selection as the draft keeps it.
    pub(super) async fn fetch_followers(
        &self,
        account_id: i64,
        tag_ids: &[String],
        match_all: bool,
        progress: Option<FollowerProgressSink>,
    ) -> Result<(Vec<String>, FollowerSelection)> {
        let client = self.official_client(account_id).await?;
        let progress = progress.unwrap_or_else(|| Arc::new(|_| {}));
        fetch(&client, tag_ids, match_all, progress.as_ref()).await
    }

    pub(super) async fn official_client(&self, account_id: i64) -> Result<Arc<WechatClient>> {
        self.with_store(move |store, conns| {
            let account = store.account(account_id)?;
            if account.kind != AccountKind::OfficialAccount {
                return Err(CoreError::InvalidInput(Bilingual::field(
                    "source",
                    format_args!(
                        "{} is a mini program: only an Official Account has followers",
                        account.name
                    ),
                    format_args!("「{}」是小程序：只有服务号才有关注者", account.name),
                )));
            }
            conns.client(&account)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::combine;

    fn list(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn any_tag_takes_each_follower_once_all_tags_only_those_with_every_one() {
        let vip = list(&["a", "b", "c"]);
        let beijing = list(&["c", "d", "a"]);
        assert_eq!(combine(vec![vip.clone(), beijing.clone()], false), list(&["a", "b", "c", "d"]));
        assert_eq!(combine(vec![vip, beijing], true), list(&["a", "c"]));
    }
}
