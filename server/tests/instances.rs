//! Two portal processes (the real `server` binary) on one PostgreSQL database, keeping the plan in
//! step with the FHIR test store (`end2end/fhir-store`). One instance is killed while the store
//! holds back its answer to a write it has already stored: the other takes the work over when the
//! dead instance's claim runs out, and every resource ends up in the store once.
//!
//! A test binary of its own, always on PostgreSQL (`app/tests/support/pg.rs`): several instances
//! are what PostgreSQL is for.

#[path = "common/fhir_store.rs"]
mod fhir_store;
#[path = "../../app/tests/support/pg.rs"]
#[expect(dead_code, reason = "this test always uses PostgreSQL")]
mod pg;

use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "instances-test-password-2026";
const PUBLIC_URL: &str = "http://portal.test";
/// A dead instance's claim runs out after this long.
const LEASE_SECONDS: u64 = 4;

/// A child process, killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One portal instance on `database`, with the demo case, syncing every second.
async fn instance(database: &str, fhir: &str) -> (Process, String) {
    let port = free_port();
    let child = Process(
        Command::new(env!("CARGO_BIN_EXE_server"))
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", database)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("AANTAFEL_PUBLIC_URL", PUBLIC_URL)
            .env("AANTAFEL_DEMO", "1")
            .env("AANTAFEL_DEMO_PASSWORD", PASSWORD)
            .env("AANTAFEL_FHIR_URL", format!("{fhir}/fhir/R4"))
            .env("AANTAFEL_FHIR_AUTH", "none")
            .env("AANTAFEL_SYNC_SECONDS", "1")
            .env("AANTAFEL_SYNC_LEASE_SECONDS", LEASE_SECONDS.to_string())
            .env("LEPTOS_HASH_FILES", "false")
            .env(
                "LEPTOS_SITE_ROOT",
                std::env::temp_dir().join("aantafel-instances-site"),
            )
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the portal"),
    );
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(r) = http.get(format!("{base}/health")).send().await {
            if r.status().is_success() {
                return (child, base);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the portal at {base} did not start");
}

async fn stats(http: &reqwest::Client, fhir: &str) -> Value {
    http.get(format!("{fhir}/admin/stats"))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("stats json")
}

/// How many resources of a type the store holds.
async fn count(http: &reqwest::Client, fhir: &str, rtype: &str) -> usize {
    let bundle: Value = http
        .get(format!("{fhir}/admin/fhir/R4/{rtype}?_count=1000"))
        .send()
        .await
        .expect("search")
        .json()
        .await
        .expect("bundle");
    bundle["entry"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn two_instances_share_sessions_and_a_delivery_cut_off_by_a_kill_is_stored_once() {
    let database = pg::fresh_database().await;
    // The store answers each write 1.5 s after storing it.
    let fhir_process = fhir_store::FhirProcess::start(&["--slow-ms", "1500"]);
    let fhir = fhir_process.url.clone();
    let http = reqwest::Client::new();
    let (mut a, a_url) = instance(&database, &fhir).await;

    // A session made on one instance works on the other: it lives in the database.
    let signed_in = http
        .post(format!("{a_url}/api/sign_in"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("referer", format!("{PUBLIC_URL}/sign-in"))
        .body(format!(
            "email=gezinscoach%40demo.invalid&password={PASSWORD}"
        ))
        .send()
        .await
        .expect("sign in");
    assert_eq!(signed_in.status(), 200, "sign-in on instance A");
    let cookie = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("at_session=") && !v.starts_with("at_session=;"))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string();

    // A delivers the demo case's plan. As soon as the store has stored A's first write (and
    // holds back its answer), B starts and A is killed: A never hears the store's answer.
    let start = Instant::now();
    while stats(&http, &fhir).await["creates"].as_u64().unwrap_or(0) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "instance A never delivered"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (_b, b_url) = instance(&database, &fhir).await;
    a.0.kill().expect("kill instance A");
    a.0.wait().expect("instance A ended");
    let created_before_b = stats(&http, &fhir).await["creates"].as_u64().unwrap_or(0);

    let page = http
        .get(format!("{b_url}/cases/1"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("case page on B");
    assert_eq!(page.status(), 200, "A's session works on B");

    // B takes A's entries over when A's claim runs out, and delivers everything.
    let pool = sqlx::PgPool::connect(&database).await.expect("database");
    let start = Instant::now();
    loop {
        let waiting: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sync_outbox WHERE state <> 'sent'")
                .fetch_one(&pool)
                .await
                .expect("outbox");
        if waiting == 0 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "{waiting} outbox entries were never delivered"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Every item here has its one resource there, and the store holds nothing twice.
    let links: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT resource_type, remote_id, COUNT(*) OVER (PARTITION BY resource_type)
         FROM sync_links ORDER BY resource_type",
    )
    .fetch_all(&pool)
    .await
    .expect("links");
    assert!(
        links.len() >= 3,
        "the demo plan reached the store: {links:?}"
    );
    for (rtype, id, of_type) in &links {
        let read = http
            .get(format!("{fhir}/admin/fhir/R4/{rtype}/{id}"))
            .send()
            .await
            .expect("read");
        assert_eq!(read.status(), 200, "{rtype}/{id} is in the store");
        assert_eq!(
            count(&http, &fhir, rtype).await,
            *of_type as usize,
            "{rtype}: one resource per item, none twice"
        );
    }
    let s = stats(&http, &fhir).await;
    assert!(
        s["existing"].as_u64().unwrap_or(0) >= 1,
        "B sent again what A never heard back about, and the store knew it: {s}"
    );
    assert_eq!(
        s["creates"].as_u64().unwrap_or(0) as usize,
        links.len(),
        "each resource was created once, also the one A never heard back about \
         ({created_before_b} created before A was killed)"
    );
}
