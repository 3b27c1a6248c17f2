//! Page views: each GET of a page carries a [`PageMemo`], so the server functions that render it
//! share one read of the session and of the table (see `app::memo`). When the page is done, its
//! audit rows are written (with those of pages done at the same moment, see `audit_batch`)
//! before it is sent; if that fails, the page is not sent (an unlogged read of case data would
//! break the audit trail).

use crate::audit_batch::AuditWriter;
use app::ctx::AppState;
use app::memo::PageMemo;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};

/// What the middleware needs: the portal, and the writer of audit rows.
#[derive(Clone)]
pub struct PageViews {
    pub state: AppState,
    pub audits: AuditWriter,
}

impl PageViews {
    pub fn new(state: AppState) -> PageViews {
        let audits = AuditWriter::new(state.store.clone());
        PageViews { state, audits }
    }
}

/// The middleware (outside the layer that reads whole pages, so a page is rendered when
/// `next` returns).
pub async fn page_views(
    State(PageViews { state, audits }): State<PageViews>,
    mut req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    let page = req.method() == Method::GET && !req.uri().path().starts_with("/api/");
    if !page {
        return next.run(req).await;
    }
    let memo = PageMemo::default();
    req.extensions_mut().insert(memo.clone());
    let res = next.run(req).await;
    let (rows, flashes) = match memo.finish() {
        Ok(done) => done,
        Err(e) => {
            tracing::error!(error = %e, "the memo of a page view broke");
            return not_sent();
        }
    };
    if !audits.write(rows).await {
        return not_sent();
    }
    // The one-time messages the page showed are deleted only now that it will be sent.
    if !flashes.is_empty() {
        let now = state.config.clock.now();
        if let Err(e) = state.store.delete_flashes(&flashes, now).await {
            tracing::error!(error = %e, "could not delete the messages a page showed");
        }
    }
    res
}

/// The plain page in place of one that could not be logged, in Dutch and English.
fn not_sent() -> Response {
    let html = "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <title>Er ging iets mis / Something went wrong</title></head><body><main>\
        <h1>Er ging iets mis</h1><p>Deze pagina kon niet worden getoond. Probeer het over een paar minuten opnieuw.</p>\
        <p><a href=\"/\">Naar de startpagina</a></p>\
        <h1 lang=\"en\">Something went wrong</h1><p lang=\"en\">This page could not be shown. Please try again in a few minutes.</p>\
        <p lang=\"en\"><a href=\"/\">To the start page</a></p></main></body></html>";
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        html,
    )
        .into_response()
}
