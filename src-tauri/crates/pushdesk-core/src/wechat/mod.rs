//! The WeChat server-API client: token sources, subscribe and template-message sends, template,
//! follower and tag APIs, and the error catalogue that tells the engine and the user what each
//! failure means.

pub mod catalogue;
mod client;
mod config;
mod envelope;
mod error;
mod http;
mod lenient;
mod official;
mod rid;
mod templates;
mod token;
mod types;
mod wire;

pub use catalogue::{
    catalogue, classify, explain, CatalogueEntry, CatalogueRow, Explanation, Failure, LocalKind,
    OutcomeClass, RetryDelay,
};
pub use client::WechatClient;
pub use config::{ClientConfig, TokenSource, DEFAULT_API_BASE};
pub use error::{Phase, TransportKind, WechatError};
pub use official::{
    BlockedMessage, FollowerPage, FollowerTag, OfficialTemplate, BLOCKED_PAGE, FOLLOWERS_PAGE,
};
pub use rid::parse_rid;
pub use templates::{MAX_SCENE_DESC_CHARS, MAX_TITLES_PAGE};
pub use types::{
    Category, Lang, MiniprogramJump, MiniprogramState, Outgoing, PrivateTemplate, PubTemplateKeyword,
    PubTemplateTitle, PubTemplateTitles, Quota, SendReceipt, SubscribeMessage, TemplateMessage,
};
pub use wire::{Dispatch, SendLine};
