//! The HTTP surface: health, language switch, static files (precompressed, cached for a year),
//! request ids, security headers, page status codes.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = TestApp::spawn().await;
    let res = app.get("/health", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body_text(res).await, "ok");
}

#[tokio::test]
async fn every_response_has_a_request_id_and_safe_headers() {
    let app = TestApp::spawn().await;
    let res = app.get("/", None).await;
    let id = res
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert_eq!(id.len(), 36, "uuid request id: {id:?}");
    assert_eq!(
        res.headers().get(header::REFERRER_POLICY).unwrap(),
        "same-origin"
    );
    assert_eq!(
        res.headers().get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
        "nosniff"
    );
    // A request id sent by a proxy is kept.
    let res = app
        .send(
            Request::get("/health")
                .header("x-request-id", "proxy-123")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.headers().get("x-request-id").unwrap(), "proxy-123");
}

#[tokio::test]
async fn the_language_switch_is_remembered_and_never_redirects_away() {
    let app = TestApp::spawn().await;
    let res = app.get("/lang/en?back=/sign-in", None).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/sign-in");
    let cookie = set_cookies(&res).into_iter().next().unwrap();
    assert!(
        cookie.starts_with("at_lang=en;") && cookie.contains("Max-Age=31536000"),
        "{cookie}"
    );
    let html = body_text(app.get("/sign-in", Some("at_lang=en")).await).await;
    assert!(html.contains("<html lang=\"en\"") && html.contains("Sign in for professionals"));
    let html = body_text(app.get("/sign-in", None).await).await;
    assert!(html.contains("<html lang=\"nl\"") && html.contains("Inloggen voor professionals"));
    for evil in [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/ /evil.example",
    ] {
        let res = app
            .get(&format!("/lang/en?back={}", urlencode(evil)), None)
            .await;
        assert_eq!(location(&res), "/", "{evil}");
    }
}

#[tokio::test]
async fn unknown_pages_are_404_in_plain_words() {
    let app = TestApp::spawn().await;
    let res = app.get("/no/such/page", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(body_text(res).await.contains("Niet gevonden"));
}

#[tokio::test]
async fn pages_are_compressed() {
    let app = TestApp::spawn().await;
    let res = app
        .send(
            Request::get("/sign-in")
                .header(header::ACCEPT_ENCODING, "br")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.headers().get(header::CONTENT_ENCODING).unwrap(), "br");
}

#[tokio::test]
async fn static_files_are_precompressed_and_cached_for_a_year() {
    let app = TestApp::spawn().await;
    let pkg = app.dir.join("site/pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let js = "export function hello() { return 'aan tafel'; }\n".repeat(200);
    std::fs::write(pkg.join("aantafel.abc123.js"), &js).unwrap();
    assert_eq!(server::precompress(&pkg).unwrap(), 1);
    assert_eq!(
        server::precompress(&pkg).unwrap(),
        0,
        "fresh copies are not redone"
    );
    assert!(pkg.join("aantafel.abc123.js.gz").exists());

    let res = app
        .send(
            Request::get("/pkg/aantafel.abc123.js")
                .header(header::ACCEPT_ENCODING, "gzip, br")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get(header::CONTENT_ENCODING).unwrap(), "br");
    assert_eq!(
        res.headers().get(header::CACHE_CONTROL).unwrap(),
        "public, max-age=31536000, immutable"
    );
    let len = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap()
        .len();
    assert!(
        len < js.len() / 10,
        "brotli copy served: {len} of {}",
        js.len()
    );

    // A client without brotli gets the gzip copy; one without either gets the file itself.
    let res = app
        .send(
            Request::get("/pkg/aantafel.abc123.js")
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.headers().get(header::CONTENT_ENCODING).unwrap(), "gzip");
    let res = app
        .send(
            Request::get("/pkg/aantafel.abc123.js")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(res.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(body_text(res).await, js);
}

#[test]
fn invitation_tokens_never_reach_the_log() {
    assert_eq!(server::redact_path("/invite/abcDEF123"), "/invite/…");
    assert_eq!(server::redact_path("/cases/1"), "/cases/1");
}

#[tokio::test]
async fn posts_from_another_site_are_refused() {
    let app = TestApp::spawn().await;
    let post = |origin: &'static str| {
        Request::post("/api/sign_in")
            .header(header::ORIGIN, origin)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("email=a%40b.nl&password=x"))
            .unwrap()
    };
    let res = app.send(post("https://evil.example")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The same post from the portal itself reaches the server function (and fails on the password).
    let res = app.send(post("http://127.0.0.1:3000")).await;
    assert_ne!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app_error(res).await, app::error::AppError::WrongCredentials);
}

/// Whether a page asks the browser for the app's JavaScript and wasm.
fn loads_wasm(page: &str) -> bool {
    page.contains("modulepreload") || page.contains(".wasm") || page.contains("<leptos-island")
}

#[tokio::test]
async fn only_pages_with_an_island_load_javascript_and_wasm() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let mediator = app.sign_in_as("mediator").await;
    // No island: the sign-in page, the glossary, an unknown page, a family's meeting page.
    for (path, cookie) in [
        ("/sign-in", None),
        ("/woorden", None),
        ("/no-such-page", None),
        ("/meetings/1", Some(parent.as_str())),
        ("/cases/1", Some(parent.as_str())),
    ] {
        let page = body_text(app.get(path, cookie).await).await;
        assert!(page.contains("</html>"), "{path}: a whole page");
        assert!(!loads_wasm(&page), "{path} loads the app's wasm");
    }
    // The prepare flow is an island: its page gets the loader (with the page's nonce) and the island.
    let page = body_text(app.get("/meetings/1/prepare", Some(&parent)).await).await;
    assert!(
        page.contains("<leptos-island"),
        "the prepare flow is an island"
    );
    assert!(page.contains("<script type=\"module\" nonce=") && page.contains(".wasm"));
    // A professional's plan page has a live plain-language hint, from the small page script: no wasm.
    let page = body_text(app.get("/cases/1/plan", Some(&mediator)).await).await;
    assert!(page.contains("data-plain-for="), "the hint is there");
    assert!(!loads_wasm(&page), "the plan page loads the app's wasm");
}

/// Pages are rendered whole before they are sent (`SsrMode::Async`): the layers that take the
/// hydration scripts out of pages without islands, and that write a page's audit rows before it
/// leaves, rely on it.
#[tokio::test]
async fn every_page_is_rendered_whole_before_it_is_sent() {
    let routes = leptos_axum::generate_route_list(app::App);
    assert!(routes.len() > 20);
    for r in routes {
        assert_eq!(format!("{:?}", r.mode()), "Async", "{}", r.path());
    }
}
