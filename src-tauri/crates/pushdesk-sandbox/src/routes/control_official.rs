//! `/__sandbox/…` controls of the Official Account, and the recent deliveries of both kinds of
//! account: the HTTP face of the `SandboxControl` methods in `control/official.rs`.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::control::SandboxControl;
use crate::validate::is_openid_shaped;

use super::control::{bad, ok, parse};

pub fn router() -> Router<SandboxControl> {
    Router::new()
        .route("/recent", get(recent))
        .route("/oa/users", get(users))
        .route("/oa/follow", post(follow))
        .route("/oa/unfollow", post(unfollow))
        .route("/oa/block", post(block))
        .route("/oa/followers", post(followers))
}

type Ctl = State<SandboxControl>;

/// `GET /__sandbox/recent` → the last 10 000 deliveries, oldest first ([`crate::Delivery`]:
/// `channel` "subscribe" or "template", and for template messages what the card `shown`).
async fn recent(State(c): Ctl) -> Response {
    Json(c.recent_deliveries()).into_response()
}

/// `GET /__sandbox/oa/users` → `{"followers": N, "users": [{openid, note, following, blacklisted}]}`:
/// the follower total and the named users.
async fn users(State(c): Ctl) -> Response {
    Json(json!({ "followers": c.oa_follower_total(), "users": c.oa_demo_users() })).into_response()
}

#[derive(Deserialize)]
struct OpenidReq {
    openid: String,
    #[serde(default = "yes")]
    blocked: bool,
}

fn yes() -> bool {
    true
}

/// Runs `apply` on the body's openid, which must be openid-shaped.
fn with_openid(body: &[u8], apply: impl FnOnce(&OpenidReq)) -> Response {
    match parse::<OpenidReq>(body) {
        Ok(r) if is_openid_shaped(&r.openid) => {
            apply(&r);
            ok()
        }
        Ok(r) => bad(format!("{:?} is not an openid", r.openid)),
        Err(e) => bad(e),
    }
}

/// `{"openid"}`: the user follows the Official Account.
async fn follow(State(c): Ctl, body: Bytes) -> Response {
    with_openid(&body, |r| c.oa_follow(&r.openid))
}

/// `{"openid"}`: the user unfollows it (→ 43004).
async fn unfollow(State(c): Ctl, body: Bytes) -> Response {
    with_openid(&body, |r| c.oa_unfollow(&r.openid))
}

/// `{"openid", "blocked": true|false}` (default true): the account blacklists the user (→ 43019).
async fn block(State(c): Ctl, body: Bytes) -> Response {
    with_openid(&body, |r| if r.blocked { c.oa_block(&r.openid) } else { c.oa_unblock(&r.openid) })
}

#[derive(Deserialize)]
struct CountReq {
    count: u32,
}

/// `{"count": N}`: the number of generated followers.
async fn followers(State(c): Ctl, body: Bytes) -> Response {
    match parse::<CountReq>(&body) {
        Ok(r) => {
            c.set_oa_follower_count(r.count);
            ok()
        }
        Err(e) => bad(e),
    }
}
