//! The app's JS and wasm go only to pages that hold an island (`<leptos-island>`). The shell
//! loads nothing; this layer adds the loader (`islands.js`) to the end of such a page, with the
//! response's CSP nonce. The loader starts after the page has loaded, so the wasm never delays
//! the first paint, and nothing preloads it. Pages are rendered whole before they are sent
//! (`SsrMode::Async`), so reading the body here delays nothing.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Larger than any page; a body past it is an error, not a page.
const MAX_PAGE: usize = 4 * 1024 * 1024;

/// The loader with the app's file names filled in, made once at start.
#[derive(Clone)]
pub struct Loader(Arc<str>);

impl Loader {
    /// The loader for the site in `options`: the hashed names cargo-leptos wrote next to the
    /// server (`hash.txt`), as the browser must ask for them.
    pub fn new(options: &LeptosOptions) -> Loader {
        let hashes = if options.hash_files {
            let path = std::env::current_exe()
                .ok()
                .and_then(|p| p.parent().map(|d| d.join(options.hash_file.as_ref())));
            match path.map(std::fs::read_to_string) {
                Some(Ok(text)) => text,
                _ => {
                    tracing::error!("file hashing is on, but the hash file is missing");
                    String::new()
                }
            }
        } else {
            String::new()
        };
        let (js, wasm) = file_names(&options.output_name, &hashes, !options.hash_files);
        let pkg = format!("/{}", options.site_pkg_dir);
        Loader::with(&format!("{pkg}/{js}.js"), &format!("{pkg}/{wasm}.wasm"))
    }

    fn with(js: &str, wasm: &str) -> Loader {
        Loader(
            format!(
                "{}({js:?}, {wasm:?});",
                include_str!("islands.js").trim_end()
            )
            .into(),
        )
    }

    /// The page with the loader before `</body>`, or `None` when it needs none: it holds no
    /// island, has no body end, or no nonce to run a script with.
    pub fn add_to(&self, page: &str, nonce: &str) -> Option<String> {
        if !page.contains("<leptos-island")
            || !nonce
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=-_".contains(&b))
        {
            return None;
        }
        let end = page.rfind("</body>")?;
        Some(format!(
            r#"{}<script type="module" nonce="{nonce}">{}</script>{}"#,
            &page[..end],
            self.0,
            &page[end..]
        ))
    }
}

/// The names of the app's JS and wasm files (without extension), from the lines `js: <hash>`
/// and `wasm: <hash>` of cargo-leptos' hash file. Without hashes, the wasm file carries `_bg`
/// unless the build named its output.
fn file_names(output: &str, hashes: &str, unhashed: bool) -> (String, String) {
    let (mut js, mut wasm) = (output.to_string(), output.to_string());
    for (file, hash) in hashes.lines().filter_map(|l| l.trim().split_once(':')) {
        match file.trim() {
            "js" => js = format!("{output}.{}", hash.trim()),
            "wasm" => wasm = format!("{output}.{}", hash.trim()),
            _ => {}
        }
    }
    if unhashed && option_env!("LEPTOS_OUTPUT_NAME").is_none() {
        wasm.push_str("_bg");
    }
    (js, wasm)
}

/// The nonce in a page's Content-Security-Policy (`'nonce-…'`).
fn nonce_of(res: &Response) -> Option<String> {
    let csp = res
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let rest = &csp[csp.find("'nonce-")? + "'nonce-".len()..];
    Some(rest[..rest.find('\'')?].to_string())
}

/// The middleware: an HTML page with an island gets the loader; every other answer passes as is.
pub async fn where_islands(State(loader): State<Loader>, res: Response) -> Response {
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let Some(nonce) = html.then(|| nonce_of(&res)).flatten() else {
        return res;
    };
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "could not read a page to send");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match std::str::from_utf8(&bytes)
        .ok()
        .and_then(|p| loader.add_to(p, &nonce))
    {
        Some(page) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(page))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loader() -> Loader {
        Loader::with("/pkg/a.1.js", "/pkg/a.2.wasm")
    }

    #[test]
    fn a_page_with_an_island_gets_the_loader_at_its_end_with_the_nonce() {
        let page = r#"<html><head><title>T</title></head><body><leptos-island data-component="PrepareFlow"><p>x</p></leptos-island></body></html>"#;
        let out = loader().add_to(page, "abc123").expect("loader added");
        let script = out
            .find(r#"<script type="module" nonce="abc123">"#)
            .expect("script");
        assert!(
            script > out.find("</leptos-island>").unwrap(),
            "after the page's content"
        );
        assert!(out.ends_with("</script></body></html>"), "{out}");
        assert!(
            out.contains(r#"("/pkg/a.1.js", "/pkg/a.2.wasm");"#),
            "{out}"
        );
        assert!(!out.contains("preload"), "nothing is preloaded: {out}");
        assert!(out.starts_with(&page[..page.find("</body>").unwrap()]));
    }

    #[test]
    fn a_page_without_an_island_gets_nothing() {
        let page = "<html><head></head><body><main><h1>Inloggen</h1></main></body></html>";
        assert_eq!(loader().add_to(page, "abc123"), None);
    }

    #[test]
    fn a_strange_nonce_or_a_page_without_a_body_end_gets_nothing() {
        let page =
            r#"<html><body><leptos-island data-component="X"></leptos-island></body></html>"#;
        assert_eq!(loader().add_to(page, r#"a"><script>"#), None);
        assert_eq!(loader().add_to(&page.replace("</body>", ""), "abc"), None);
    }

    #[test]
    fn file_names_follow_the_hash_file() {
        let hashes = "js: 8f1a\nwasm: 77c0\ncss: 1234\n";
        assert_eq!(
            file_names("aantafel", hashes, false),
            ("aantafel.8f1a".to_string(), "aantafel.77c0".to_string())
        );
    }

    #[test]
    fn the_nonce_is_read_from_the_policy() {
        let res = Response::builder()
            .header(
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; script-src 'nonce-Zx9+/=' 'strict-dynamic'",
            )
            .body(Body::empty())
            .unwrap();
        assert_eq!(nonce_of(&res).as_deref(), Some("Zx9+/="));
    }
}
