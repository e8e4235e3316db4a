//! Many concurrent sends over keep-alive connections: nothing lost, nothing doubled.
//! `load_100k` is ignored by default; run it with `--ignored` to check throughput.

use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{gen_openid, order_body, Env};
use pushdesk_sandbox::SandboxConfig;

async fn blast(env: &Env, total: usize, concurrency: usize) -> Duration {
    let token = env.token().await;
    let url = format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (http, url, next) = (env.http.clone(), url.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        break;
                    }
                    let r = http.post(&url).json(&order_body(&gen_openid(i))).send().await.expect("send");
                    let text = r.text().await.expect("text");
                    assert!(text.starts_with("{\"errcode\":0"), "{text}");
                }
            })
        })
        .collect();
    for w in workers {
        w.await.expect("worker");
    }
    started.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_concurrent_sends() {
    let env = Env::new(SandboxConfig { latency: Duration::from_millis(2), ..Default::default() }).await;
    blast(&env, 3000, 64).await;
    let stats = env.sandbox.stats();
    assert_eq!(stats.sends_received, 3000);
    assert_eq!(stats.accepted, 3000);
    assert_eq!(stats.duplicates, 0);
    assert_eq!(stats.concurrent_rejections, 0);
    assert!(stats.max_in_flight <= 64);
    assert_eq!(stats.in_flight, 0);
    assert_eq!(env.sandbox.accepted_per_openid().len(), 3000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "slow: run with --ignored to measure throughput"]
async fn load_100k() {
    let env = Env::new(SandboxConfig { latency: Duration::from_millis(50), ..Default::default() }).await;
    let took = blast(&env, 100_000, 64).await;
    let stats = env.sandbox.stats();
    eprintln!(
        "100000 sends in {took:?} ({:.0}/s), max_in_flight {}",
        100_000.0 / took.as_secs_f64(),
        stats.max_in_flight
    );
    assert_eq!(stats.accepted, 100_000);
    assert_eq!(stats.duplicates, 0);
}
