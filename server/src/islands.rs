//! Pages without an island load no JavaScript and no wasm. The shell puts the hydration scripts
//! in every page's head, before the page body is known; this layer takes them out again of any
//! page that turns out to hold no `<leptos-island>`. Pages are rendered whole before they are
//! sent (`SsrMode::Async`), so reading the body here delays nothing.

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// Larger than any page; a body past it is an error, not a page.
const MAX_PAGE: usize = 4 * 1024 * 1024;

/// The middleware: HTML answers without an island lose their hydration scripts.
pub async fn only_where_islands(res: Response) -> Response {
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "could not read a page to send");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match std::str::from_utf8(&bytes).ok().and_then(without_hydration) {
        Some(page) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(page))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// The page without the hydration scripts, or `None` when it keeps them: it holds an island, or
/// it has no hydration scripts. Those are three adjacent elements in the head: a module preload
/// of the JavaScript, a preload of the wasm and the module script that starts both.
pub fn without_hydration(page: &str) -> Option<String> {
    if page.contains("<leptos-island") {
        return None;
    }
    let head_end = page.find("</head>")?;
    let start = page[..head_end].find(r#"<link rel="modulepreload""#)?;
    let script = start + page[start..head_end].find(r#"<script type="module""#)?;
    let end = script + page[script..head_end].find("</script>")? + "</script>".len();
    let removed = &page[start..end];
    if !removed.contains(".wasm") || removed.matches('<').count() != 4 {
        // Not the three elements this layer knows (two links, a script and its end tag).
        return None;
    }
    Some(format!("{}{}", &page[..start], &page[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"<html><head><meta charset="utf-8"/><link rel="modulepreload" href="/pkg/a.1.js" crossorigin="n"/><link rel="preload" href="/pkg/a.2.wasm" as="fetch" type="application/wasm" crossorigin="n"/><script type="module" nonce="n">((root) => {})("", "pkg")</script><title>T</title></head>"#;

    #[test]
    fn a_page_without_an_island_loses_the_scripts_and_keeps_the_rest() {
        let page = format!("{HEAD}<body><main><h1>Inloggen</h1></main></body></html>");
        let out = without_hydration(&page).expect("scripts removed");
        assert!(!out.contains("/pkg/"), "{out}");
        assert!(!out.contains("<script"), "{out}");
        assert_eq!(
            out,
            r#"<html><head><meta charset="utf-8"/><title>T</title></head><body><main><h1>Inloggen</h1></main></body></html>"#
        );
    }

    #[test]
    fn a_page_with_an_island_keeps_them() {
        let page = format!(
            r#"{HEAD}<body><leptos-island data-component="CopyButton"><button>x</button></leptos-island></body></html>"#
        );
        assert_eq!(without_hydration(&page), None);
    }

    #[test]
    fn other_scripts_are_never_touched() {
        // An inline script of the page itself, and no hydration scripts: nothing to take out.
        let page =
            r#"<html><head><script nonce="n">let a = 1;</script></head><body></body></html>"#;
        assert_eq!(without_hydration(page), None);
        // Something unexpected between the preload and the module script: left as it is.
        let odd = HEAD.replace(
            "<script type=\"module\"",
            "<style></style><script type=\"module\"",
        );
        assert_eq!(
            without_hydration(&format!("{odd}<body></body></html>")),
            None
        );
    }
}
