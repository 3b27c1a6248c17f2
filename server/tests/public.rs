//! The files of `public/`: the icons (hashed names, cached for a year), the web app manifest,
//! `robots.txt` (nothing is indexed) and `security.txt` (only with a contact setting).

use crate::common::*;
use axum::http::{header, StatusCode};

fn header_of(res: &axum::http::Response<axum::body::Body>, name: header::HeaderName) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn robots_keep_out_and_the_manifest_names_icons_that_exist() {
    let app = TestApp::spawn().await;
    let res = app.get("/robots.txt", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header_of(&res, header::CACHE_CONTROL),
        "public, max-age=86400"
    );
    assert!(body_text(res).await.contains("Disallow: /"));

    let res = app.get("/manifest.webmanifest", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let manifest: serde_json::Value = serde_json::from_str(&body_text(res).await).unwrap();
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["start_url"], "/");
    let icons = manifest["icons"].as_array().unwrap();
    assert!(icons.len() >= 2);
    for icon in icons {
        let src = icon["src"].as_str().unwrap();
        let res = app.get(src, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{src}");
        assert_eq!(
            header_of(&res, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable",
            "{src} has a hashed name and is kept for a year"
        );
    }
    let res = app.get("/icons/aantafel-nope.0000000000.png", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-store");

    // Every page points at the icon and the manifest.
    let page = body_text(app.get("/sign-in", None).await).await;
    for icon in icons.iter().take(1) {
        assert!(page.contains(icon["src"].as_str().unwrap()));
    }
    assert!(page.contains("rel=\"manifest\""));
}

#[tokio::test]
async fn security_txt_is_there_only_with_a_contact() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.get("/.well-known/security.txt", None).await.status(),
        StatusCode::NOT_FOUND
    );
    let mut config = (*app.state.config).clone();
    config.security_contact = Some("security@regio.example".into());
    config.clock = app::ctx::Clock::fixed(1_900_000_000);
    let mut state = app.state.clone();
    state.config = std::sync::Arc::new(config);
    let router = server::router(state);
    let res = tower::ServiceExt::oneshot(
        router,
        axum::http::Request::get("/.well-known/security.txt")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = body_text(res).await;
    assert!(
        text.contains("Contact: mailto:security@regio.example"),
        "{text}"
    );
    // A year after the (controlled) date.
    assert!(text.contains("Expires: 2031-03-17T"), "{text}");
    assert!(text.contains("Canonical: http://127.0.0.1:3000/.well-known/security.txt"));
}
