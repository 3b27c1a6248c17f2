//! How many SQL statements each page costs: every page route, for each role that may open it,
//! counted from the database driver's own statement events (one per query that reached SQLite;
//! the driver sends a transaction's BEGIN and COMMIT without an event). Every page stays under
//! [`LIMIT`].
//!
//! A test binary of its own: the counter listens to the whole process, so nothing else may run
//! queries while a page is counted. The driver reports a statement on its connection's thread
//! just after the last row is handed over, so before reading the count every connection runs
//! one more query ([`settle`]): a connection's thread finishes one command before the next.

#[path = "common/mod.rs"]
#[expect(dead_code, reason = "this binary uses a few of the shared helpers")]
mod common;

use common::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// The most statements a page may use, plus one.
const LIMIT: usize = 8;

/// Counts the driver's statement events (`sqlx::query`), and keeps the start of each statement
/// (the driver's summary, SQL only: values are never in it) to show where a page's count goes.
struct Statements(Arc<AtomicUsize>, Arc<Mutex<Vec<String>>>);

/// Reads the summary of a statement event.
struct Summary<'a>(&'a mut String);

impl tracing::field::Visit for Summary<'_> {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" {
            *self.0 = value.to_string();
        }
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" {
            *self.0 = format!("{value:?}");
        }
    }
}

impl<S: tracing::Subscriber> Layer<S> for Statements {
    fn on_event(
        &self,
        event: &tracing::Event<'_>,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        if event.metadata().target() == "sqlx::query" {
            let mut summary = String::new();
            event.record(&mut Summary(&mut summary));
            // A new connection's set-up, once per connection, not per page.
            if summary.starts_with("PRAGMA") {
                return;
            }
            self.1.lock().expect("log").push(summary);
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// Waits until every connection of the store's pools (on SQLite: readers and the writer) has
/// reported what it ran, by running `SELECT 1` on each. Returns how many statements that added.
async fn settle(app: &TestApp) -> usize {
    match &app.pools {
        StorePools::Sqlite(readers, writer) => {
            settle_pool(readers).await + settle_pool(writer).await
        }
        StorePools::Postgres(pool) => settle_pool(pool).await,
    }
}

async fn settle_pool<DB: sqlx::Database>(pool: &sqlx::Pool<DB>) -> usize
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
{
    let n = pool.size() as usize;
    let mut held = Vec::with_capacity(n);
    for _ in 0..n {
        let mut c = pool.acquire().await.expect("connection");
        sqlx::query("SELECT 1")
            .execute(&mut *c)
            .await
            .expect("select 1");
        held.push(c);
    }
    n
}

fn counter() -> (Arc<AtomicUsize>, Arc<Mutex<Vec<String>>>) {
    let count = Arc::new(AtomicUsize::new(0));
    let log = Arc::new(Mutex::new(Vec::new()));
    let filter = tracing_subscriber::filter::Targets::new()
        .with_target("sqlx::query", tracing::Level::TRACE);
    tracing_subscriber::registry()
        .with(Statements(count.clone(), log.clone()).with_filter(filter))
        .init();
    (count, log)
}

#[tokio::test]
async fn every_page_uses_fewer_than_eight_statements() {
    let (count, log) = counter();
    let app = TestApp::spawn().await;
    let roles = [
        "parent",
        "young",
        "school",
        "care",
        "mediator",
        "coordinator",
    ];
    let mut cookies = Vec::new();
    for r in roles {
        cookies.push((r, Some(app.sign_in_as(r).await)));
    }
    // A parent taken off the table (for the page of what is left of theirs there).
    let coordinator = cookies[5].1.clone().expect("coordinator");
    let removed = app.parent_taken_off(&coordinator, "Weg Gehaald").await;
    cookies.push(("removed", Some(removed)));
    cookies.push(("signed-out", None));
    let token = app.demo_token("parent").await;
    let parent_id = person_id(&app, demo_email("parent")).await.to_string();

    let routes: Vec<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    assert!(routes.len() > 20, "the app's routes: {routes:?}");
    let mut table = Vec::new();
    let mut over = Vec::new();
    for route in &routes {
        let path = route
            .replace("{token}", &token)
            .replace("{person}", &parent_id)
            .replace("{id}", "1");
        let mut counted = 0;
        for (who, cookie) in &cookies {
            // Once to warm the connections, then counted.
            let first = app.get(&path, cookie.as_deref()).await.status();
            if first != 200 {
                continue;
            }
            settle(&app).await;
            let before = count.load(Ordering::SeqCst);
            let res = app.get(&path, cookie.as_deref()).await;
            let barrier = settle(&app).await;
            let n = count.load(Ordering::SeqCst) - before - barrier;
            assert_eq!(res.status(), 200, "{path} as {who}, counted");
            // A whole page was rendered, not an error page.
            let body = body_text(res).await;
            assert!(body.contains("</main>"), "{path} as {who}: a page");
            table.push(format!("{n:>3}  {path} as {who}"));
            if n >= LIMIT {
                let log = log.lock().expect("log");
                let ran = &log[log.len() - n - barrier..log.len() - barrier];
                over.push(format!("{path} as {who}: {n}\n    {}", ran.join("\n    ")));
            }
            counted += 1;
        }
        assert!(counted > 0, "{path}: nobody could open it");
    }
    println!("SQL statements per page:\n{}", table.join("\n"));
    // The counter counts: a signed-in page reads at least the session.
    settle(&app).await;
    let before = count.load(Ordering::SeqCst);
    app.get("/cases/1", cookies[0].1.as_deref()).await;
    let barrier = settle(&app).await;
    assert!(
        count.load(Ordering::SeqCst) > before + barrier,
        "the counter saw no statement"
    );
    assert!(
        over.is_empty(),
        "pages with {LIMIT} statements or more:\n{}\n\nall:\n{}",
        over.join("\n"),
        table.join("\n")
    );
}
