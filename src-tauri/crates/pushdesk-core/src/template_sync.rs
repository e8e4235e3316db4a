//! Pulling an account's templates from WeChat into the local cache.

use tracing::instrument;

use crate::account::AccountKind;
use crate::store::SyncedTemplate;
use crate::template::{attach_examples, parse_content, Keyword, KeywordKind};
use crate::wechat::{OfficialTemplate, PrivateTemplate, WechatClient};
use crate::Result;

/// The template kind stored for an Official Account's template: no subscription is involved
/// (mini program templates are 2, one-time, or 3, long-term).
pub const OFFICIAL_TEMPLATE_KIND: i64 = 0;

/// Keys of pre-2023 Official Account templates that WeChat no longer shows (since May 2023 the
/// card has no `first` line and no `remark`): not asked for, not sent.
const NOT_DISPLAYED_KEYS: [&str; 2] = ["first", "remark"];

/// The most characters of a value a legacy Official Account template shows (May 2023): WeChat
/// folds the rest without an error. Category templates (typed keys such as `thing1`) refuse a
/// value their type does not allow (47003) instead, as a mini program's do.
pub const OFFICIAL_DISPLAY_LIMIT: usize = 20;

/// Fetches the account's templates with their keywords parsed, ready for
/// [`crate::store::Store::replace_templates`].
#[instrument(skip(client), fields(appid = client.appid()))]
pub async fn fetch_templates(client: &WechatClient, kind: AccountKind) -> Result<Vec<SyncedTemplate>> {
    let now = chrono::Utc::now().to_rfc3339();
    Ok(match kind {
        AccountKind::MiniProgram => {
            client.get_templates().await?.into_iter().map(|t| from_mini_program(t, &now)).collect()
        }
        AccountKind::OfficialAccount => {
            client.get_official_templates().await?.into_iter().map(|t| from_official(t, &now)).collect()
        }
    })
}

fn from_mini_program(t: PrivateTemplate, synced_at: &str) -> SyncedTemplate {
    let mut keywords = parse_content(&t.content, &t.keyword_enum_value_list);
    attach_examples(&mut keywords, &t.example);
    SyncedTemplate {
        keywords,
        template_id: t.pri_tmpl_id,
        title: t.title,
        content: t.content,
        example: t.example,
        kind: t.kind,
        synced_at: synced_at.to_string(),
    }
}

fn from_official(t: OfficialTemplate, synced_at: &str) -> SyncedTemplate {
    SyncedTemplate {
        keywords: official_keywords(&t.content, &t.example),
        template_id: t.template_id,
        title: t.title,
        content: t.content,
        example: t.example,
        kind: OFFICIAL_TEMPLATE_KIND,
        synced_at: synced_at.to_string(),
    }
}

/// The keywords a person fills for an Official Account template: those WeChat still shows, a
/// legacy key (`keyword1`, no type) limited to what the card shows.
pub fn official_keywords(content: &str, example: &str) -> Vec<Keyword> {
    let mut keywords: Vec<Keyword> = parse_content(content, &[])
        .into_iter()
        .filter(|k| !NOT_DISPLAYED_KEYS.contains(&k.key.as_str()))
        .map(|k| {
            let display_limit = (k.kind == KeywordKind::Unknown).then_some(OFFICIAL_DISPLAY_LIMIT);
            Keyword { display_limit, ..k }
        })
        .collect();
    attach_examples(&mut keywords, example);
    keywords
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_first_and_remark_are_not_asked_for_and_the_rest_is_held_to_what_the_card_shows() {
        let content = "{{first.DATA}}\n订单号：{{keyword1.DATA}}\n金额：{{keyword2.DATA}}\n{{remark.DATA}}";
        let keywords = official_keywords(content, "");
        let keys: Vec<&str> = keywords.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(keys, ["keyword1", "keyword2"]);
        assert!(keywords.iter().all(|k| k.display_limit == Some(OFFICIAL_DISPLAY_LIMIT)));
    }

    #[test]
    fn category_templates_keep_every_typed_key() {
        let content = "商品名称:{{thing1.DATA}}\n发货时间:{{time4.DATA}}";
        let keywords = official_keywords(content, "商品名称:拿铁咖啡豆\n发货时间:2026-12-01 10:00");
        assert_eq!(keywords.len(), 2);
        assert_eq!(keywords[0].example.as_deref(), Some("拿铁咖啡豆"));
        assert!(keywords.iter().all(|k| k.display_limit.is_none()), "typed keys keep their type's rule");
    }
}
