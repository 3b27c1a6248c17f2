//! The Aan Tafel web server: reads settings from the environment, opens and migrates the database,
//! seeds the demo case, and serves pages, server functions and precompressed static files.

pub mod audit_batch;
pub mod islands;
pub mod page_views;

use app::ctx::{AppState, Config};
use app::i18n::{Lang, LANG_COOKIE};
use app::sync::worker::{BuiltIn, CarePlanStore, FhirStore};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderName, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::services::ServeDir;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

/// Settings read from the environment. Every variable is listed in the README.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `DATABASE_URL`, default `sqlite://data/aantafel.db`.
    pub database_url: String,
    /// `AANTAFEL_PUBLIC_URL`, default `http://` + the listen address.
    pub public_url: String,
    /// `AANTAFEL_DEMO=1` seeds the demo case into an empty database and prints sign-in links.
    pub demo: bool,
    /// Leptos' settings (listen address `LEPTOS_SITE_ADDR`, site root, file hashing).
    pub leptos: LeptosOptions,
    /// `AANTAFEL_SYNC_SECONDS`: how often the sync worker runs (default 30).
    pub sync_seconds: u64,
    /// `AANTAFEL_SYNC_LEASE_SECONDS`: how long a worker's claim on outbox entries lasts (default
    /// 1200): after an instance dies, another takes its entries over when the claim runs out.
    pub sync_lease_seconds: i64,
    /// `AANTAFEL_IDLE_MINUTES`: a professional's session ends after this long without use (60).
    pub idle_minutes: i64,
    /// `AANTAFEL_TRUSTED_PROXIES`: addresses (comma-separated) whose `X-Forwarded-For` and
    /// `X-Forwarded-Proto` are believed. Empty: nobody's.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `AANTAFEL_PASSKEY_ORIGIN`: the address passkeys belong to, when it is not the public
    /// address (default: the public address; passkeys are off when that is an IP address).
    pub passkey_origin: Option<String>,
    /// `AANTAFEL_SECURITY_CONTACT`: an email address or https address for security reports,
    /// published in `/.well-known/security.txt` (none: that file is not there).
    pub security_contact: Option<String>,
    /// `AANTAFEL_SMTP_URL` and `AANTAFEL_MAIL_FROM`: where mail goes out and who it comes from
    /// (`smtps://user:password@mail.example.org`, `Aan Tafel <noreply@example.org>`). Without
    /// an SMTP address the portal sends no mail.
    pub mail: Option<app::mail::MailSettings>,
    /// `AANTAFEL_MAIL_SECONDS`: how often the mail worker runs (default 30).
    pub mail_seconds: u64,
    /// `AANTAFEL_CLOSED_CASE_MONTHS` (default 12) and `AANTAFEL_ACCESS_LOG_YEARS` (default 5):
    /// how long a closed case's words and the access log are kept.
    pub retention: app::retention::Retention,
}

impl Settings {
    /// Reads the settings from the environment, with sane defaults.
    pub fn from_env() -> Settings {
        let leptos = match std::env::var("LEPTOS_OUTPUT_NAME") {
            Ok(_) => get_configuration(None)
                .map(|c| c.leptos_options)
                .unwrap_or_else(|_| default_leptos()),
            Err(_) => default_leptos(),
        };
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        Settings {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/aantafel.db".into()),
            public_url: var("AANTAFEL_PUBLIC_URL")
                .unwrap_or_else(|| format!("http://{}", leptos.site_addr)),
            demo: var("AANTAFEL_DEMO").is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true")),
            sync_seconds: var("AANTAFEL_SYNC_SECONDS")
                .and_then(|v| v.parse().ok())
                .filter(|n| *n > 0)
                .unwrap_or(30),
            sync_lease_seconds: var("AANTAFEL_SYNC_LEASE_SECONDS")
                .and_then(|v| v.parse().ok())
                .filter(|n| *n > 0)
                .unwrap_or(app::sync::worker::CLAIM_SECONDS),
            idle_minutes: var("AANTAFEL_IDLE_MINUTES")
                .and_then(|v| v.parse().ok())
                .filter(|n| *n > 0)
                .unwrap_or(60),
            trusted_proxies: var("AANTAFEL_TRUSTED_PROXIES")
                .map(|v| v.split(',').filter_map(|a| a.trim().parse().ok()).collect())
                .unwrap_or_default(),
            passkey_origin: var("AANTAFEL_PASSKEY_ORIGIN"),
            security_contact: var("AANTAFEL_SECURITY_CONTACT"),
            mail: var("AANTAFEL_SMTP_URL").map(|smtp_url| app::mail::MailSettings {
                smtp_url,
                from: var("AANTAFEL_MAIL_FROM")
                    .unwrap_or_else(|| "Aan Tafel <noreply@localhost>".to_string()),
            }),
            mail_seconds: var("AANTAFEL_MAIL_SECONDS")
                .and_then(|v| v.parse().ok())
                .filter(|n| *n > 0)
                .unwrap_or(30),
            retention: app::retention::Retention::from_settings(
                var("AANTAFEL_CLOSED_CASE_MONTHS").as_deref(),
                var("AANTAFEL_ACCESS_LOG_YEARS").as_deref(),
            ),
            leptos,
        }
    }
}

/// Leptos settings when the server runs without cargo-leptos' environment.
fn default_leptos() -> LeptosOptions {
    let var = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    let addr: std::net::SocketAddr = var("LEPTOS_SITE_ADDR", "127.0.0.1:3000")
        .parse()
        .unwrap_or(([127, 0, 0, 1], 3000).into());
    LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME", "aantafel"))
        .site_root(var("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(addr)
        .hash_files(var("LEPTOS_HASH_FILES", "true") == "true")
        .build()
}

/// The care-plan store from the environment: built in unless `AANTAFEL_FHIR_URL` is set.
///
/// ```text
/// AANTAFEL_FHIR_URL          base of the FHIR R4 server, e.g. https://fhir.example.org/R4
/// AANTAFEL_FHIR_AUTH         none | bearer | smart (default: bearer with a token, smart with a client id)
/// AANTAFEL_FHIR_TOKEN        the bearer token
/// AANTAFEL_FHIR_CLIENT_ID    SMART Backend Services: the registered client id
/// AANTAFEL_FHIR_TOKEN_URL    SMART: the token endpoint
/// AANTAFEL_FHIR_KEY_FILE     SMART: the P-384 private key, PKCS#8 PEM (signs ES384 client assertions)
/// AANTAFEL_FHIR_KEY_ID       SMART: the key id (kid), if the server asks for one
/// AANTAFEL_FHIR_SCOPE        SMART: scopes to ask for (default system/*.cruds)
/// ```
pub fn plan_store_from_env(
    var: impl Fn(&str) -> Option<String>,
    public_url: &str,
) -> Result<Arc<dyn CarePlanStore>, String> {
    use app::sync::client::{Auth, FhirClient, Secret, SmartAuth};
    let Some(base) = var("AANTAFEL_FHIR_URL") else {
        return Ok(Arc::new(BuiltIn));
    };
    if !(base.starts_with("https://") || base.starts_with("http://")) {
        return Err(
            "AANTAFEL_FHIR_URL must start with https:// (or http:// on a closed network)".into(),
        );
    }
    let token = var("AANTAFEL_FHIR_TOKEN");
    let client_id = var("AANTAFEL_FHIR_CLIENT_ID");
    let mode = var("AANTAFEL_FHIR_AUTH").unwrap_or_else(|| {
        if client_id.is_some() {
            "smart"
        } else if token.is_some() {
            "bearer"
        } else {
            "none"
        }
        .to_string()
    });
    let auth = match mode.as_str() {
        "none" => Auth::None,
        "bearer" => Auth::Bearer(Secret::new(
            token.ok_or("AANTAFEL_FHIR_TOKEN is needed for bearer")?,
        )),
        "smart" => {
            let client_id = client_id.ok_or("AANTAFEL_FHIR_CLIENT_ID is needed for smart")?;
            let token_url = var("AANTAFEL_FHIR_TOKEN_URL")
                .ok_or("AANTAFEL_FHIR_TOKEN_URL is needed for smart")?;
            let key_file = var("AANTAFEL_FHIR_KEY_FILE")
                .ok_or("AANTAFEL_FHIR_KEY_FILE is needed for smart")?;
            let pem = std::fs::read_to_string(&key_file)
                .map_err(|e| format!("cannot read {key_file}: {e}"))?;
            let scope = var("AANTAFEL_FHIR_SCOPE").unwrap_or_else(|| "system/*.cruds".into());
            Auth::Smart(Box::new(SmartAuth::new(
                &token_url,
                &client_id,
                &pem,
                var("AANTAFEL_FHIR_KEY_ID"),
                &scope,
            )?))
        }
        other => {
            return Err(format!(
                "AANTAFEL_FHIR_AUTH must be none, bearer or smart, not {other}"
            ))
        }
    };
    Ok(Arc::new(FhirStore::new(
        FhirClient::new(&base, auth),
        public_url,
    )))
}

/// Opens the store `url` names: `sqlite://path` (creating the file and its folder if needed) or
/// `postgres://…` (a database that exists; its tables are made at start).
pub async fn open_store(url: &str) -> Result<Arc<dyn app::store::Store>, String> {
    use app::store::{postgres::PgStore, sqlite::SqliteStore};
    if let Some(path) = url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or(path);
        if let Some(dir) = std::path::Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let store = SqliteStore::open(url).await.map_err(|e| e.to_string())?;
        Ok(Arc::new(store))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = PgStore::open(url).await.map_err(|e| e.to_string())?;
        Ok(Arc::new(store))
    } else {
        Err("DATABASE_URL must start with sqlite:// or postgres://".into())
    }
}

/// Opens the database and builds the state.
pub async fn build_state(settings: &Settings) -> Result<AppState, String> {
    let store = open_store(&settings.database_url).await?;
    let plan_store = plan_store_from_env(
        |k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()),
        &settings.public_url,
    )?;
    let mut config = Config::new(&settings.public_url);
    config.plan_store = plan_store.describe();
    config.idle_minutes = settings.idle_minutes;
    config.sync_lease_seconds = settings.sync_lease_seconds;
    config.security_contact = settings.security_contact.clone();
    config.mail = settings.mail.clone();
    config.retention = settings.retention;
    if let Some(origin) = &settings.passkey_origin {
        config.passkey_origin = app::ctx::passkey_origin_for(origin);
    }
    config.trusted_proxies = settings.trusted_proxies.clone();
    state_with(store, config, settings).await
}

/// The state around an opened store: the HMAC secret is made once and shared by every instance.
pub async fn state_with(
    store: Arc<dyn app::store::Store>,
    config: Config,
    settings: &Settings,
) -> Result<AppState, String> {
    use app::auth::service::ServerSecret;
    let secret = store
        .meta_init("hmac_secret", &ServerSecret::generate_text())
        .await
        .map_err(|e| e.to_string())?;
    Ok(AppState {
        store,
        config: Arc::new(config),
        secret: Arc::new(ServerSecret::from_text(&secret)),
        leptos_options: settings.leptos.clone(),
    })
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let ctx_state = state.clone();
    let site_root = state.leptos_options.site_root.to_string();
    let pkg_dir = state.leptos_options.site_pkg_dir.to_string();
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(format!("{site_root}/{pkg_dir}"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(axum::middleware::map_response(immutable_when_found));
    let icons = Router::new()
        .fallback_service(ServeDir::new(format!("{site_root}/icons")))
        .layer(axum::middleware::map_response(immutable_when_found));
    let daily = |file: &str| {
        Router::new()
            .fallback_service(tower_http::services::ServeFile::new(format!(
                "{site_root}/{file}"
            )))
            .layer(axum::middleware::map_response(cached_for_a_day))
    };
    Router::new()
        .route("/health", get(health))
        .route("/.well-known/security.txt", get(security_txt))
        .nest_service("/robots.txt", daily("robots.txt"))
        .nest_service("/manifest.webmanifest", daily("manifest.webmanifest"))
        .nest("/icons", icons)
        .route("/lang/{code}", get(switch_language))
        .route("/meetings/{id}/calendar.ics", get(calendar))
        .route("/my-data.json", get(my_data_json))
        .route("/mail/stop/{token}", axum::routing::post(one_click_stop))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(ctx_state.clone());
                provide_flash_error();
            },
            {
                let options = state.leptos_options.clone();
                move || app::shell(options.clone())
            },
        )
        .nest(&format!("/{pkg_dir}"), pkg)
        .layer(axum::middleware::from_fn_with_state(state.clone(), flash_for_pages))
        .layer(axum::middleware::from_fn_with_state(state.clone(), server_fn_answers))
        .layer(axum::middleware::from_fn_with_state(state.clone(), same_origin_posts))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(provide_flash_error, app::shell))
        .layer(axum::middleware::map_response_with_state(
            islands::Loader::new(&state.leptos_options),
            islands::where_islands,
        ))
        .layer(axum::middleware::from_fn_with_state(
            page_views::PageViews::new(state.clone()),
            page_views::page_views,
        ))
        // Pages are compressed as they go out at brotli's quality 1 (gzip level 1), not its
        // default 11: measured on /meetings/1, quality 4 gave 2,970 B and quality 1 3,380 B, far
        // under the 14 KB budget, for about a fifth more pages per second. Static files are
        // compressed at the highest level once, at start.
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(tower_http::CompressionLevel::Precise(1)),
        )
        .layer(axum::middleware::from_fn_with_state(state.clone(), security_headers))
        .layer(axum::middleware::from_fn_with_state(state.clone(), client_info))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
            let id = req
                .extensions()
                .get::<RequestId>()
                .and_then(|r| r.header_value().to_str().ok())
                .unwrap_or("-")
                .to_string();
            tracing::info_span!("request", id = %id, method = %req.method(), path = %redact_path(req.uri().path()))
        })
        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Static files with hashed names are cached for a year; a file that is not there is not.
/// Files with fixed names (robots.txt, the web app manifest): cached for a day when found.
async fn cached_for_a_day(mut res: Response) -> Response {
    let v = if res.status().is_success() {
        "public, max-age=86400"
    } else {
        "no-store"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(v));
    res
}

/// `/.well-known/security.txt` (RFC 9116): who to tell about a security problem, from
/// `AANTAFEL_SECURITY_CONTACT`. Not there without that setting.
async fn security_txt(State(state): State<AppState>) -> Response {
    let Some(contact) = state.config.security_contact.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let contact = if contact.contains("://") || contact.starts_with("mailto:") {
        contact.to_string()
    } else {
        format!("mailto:{contact}")
    };
    let expires = chrono::DateTime::from_timestamp(state.config.clock.now() + 365 * 86_400, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ");
    let body = format!(
        "Contact: {contact}\nExpires: {expires}\nPreferred-Languages: nl, en\nCanonical: {}/.well-known/security.txt\n",
        state.config.public_url
    );
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
        .into_response()
}

async fn immutable_when_found(mut res: Response) -> Response {
    let v = if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        "public, max-age=31536000, immutable"
    } else {
        "no-store"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(v));
    res
}

/// Whether a request comes from a browser form without JavaScript (it wants a page back).
fn accepts_html(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// A form error waiting for the next page view of this browser (kept on the server, never in the
/// address bar): the server function's path and its encoded error.
#[derive(Clone)]
struct FlashError {
    path: String,
    err: String,
}

/// Gives the page the error of the form that was just sent, so it shows next to the fields.
fn provide_flash_error() {
    if let Some(parts) = use_context::<axum::http::request::Parts>() {
        if let Some(f) = parts.extensions.get::<FlashError>() {
            provide_context(leptos::server::ServerActionError::new(&f.path, &f.err));
        }
    }
}

/// Runs [`finish_server_fn`] on every server function call (leptos_axum registers each one).
async fn server_fn_answers(
    State(state): State<AppState>,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let plain = accepts_html(req.headers());
    let lang = app::i18n::Lang::from_headers(req.headers());
    let res = next.run(req).await;
    finish_server_fn(&state, res, plain, lang).await
}

/// Gives each server function's answer its true status, keeps form errors out of the URL, and
/// answers a plain form past a limit with a 429 page.
///
/// - Called by the browser's JavaScript: an error answers 401, 403, 404, 409, 422, 429 or 500
///   (its JSON body is the error, as before), with the plain message for a person in the
///   `x-message` header (percent-encoded UTF-8), so a small script can show it as is.
/// - A plain form post: the error with what was typed goes into a short-lived flash on the
///   server; the browser goes back to the form's page with only a cookie pointing at it.
async fn finish_server_fn(
    state: &AppState,
    res: Response,
    plain: bool,
    lang: app::i18n::Lang,
) -> Response {
    use app::error::AppError;
    let (mut parts, body) = res.into_parts();
    if !plain {
        if parts.headers.contains_key("serverfnerror") {
            let bytes = axum::body::to_bytes(body, 1 << 20)
                .await
                .unwrap_or_default();
            if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
                parts.status =
                    StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                if let AppError::TooManyAttempts { seconds } = err {
                    parts
                        .headers
                        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
                }
                let message: String =
                    url::form_urlencoded::byte_serialize(err.message(lang).as_bytes()).collect();
                if let Ok(v) = HeaderValue::from_str(&message) {
                    parts
                        .headers
                        .insert(HeaderName::from_static("x-message"), v);
                }
            }
            parts
                .headers
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            return Response::from_parts(parts, Body::from(bytes));
        }
        parts
            .headers
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return Response::from_parts(parts, body);
    }
    let location = parts
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let Some(location) = location else {
        return Response::from_parts(parts, body);
    };
    let Ok(mut url) =
        url::Url::parse(&location).or_else(|_| url::Url::parse(&format!("http://x{location}")))
    else {
        return Response::from_parts(parts, body);
    };
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let err = pairs
        .iter()
        .find(|(k, _)| k == "__err")
        .map(|(_, v)| v.clone());
    let path = pairs
        .iter()
        .find(|(k, _)| k == "__path")
        .map(|(_, v)| v.clone());
    let rest: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != "__err" && k != "__path")
        .collect();
    if rest.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut()
            .clear()
            .extend_pairs(rest.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    }
    let mut clean = url.path().to_string();
    if let Some(q) = url.query() {
        clean.push('?');
        clean.push_str(q);
    }
    if let (Some(err), Some(path)) = (err, path) {
        let decoded = app::error::decode_url_error(&err);
        if let Some(AppError::TooManyAttempts { seconds }) = decoded {
            return too_many_page(seconds);
        }
        let id = app::auth::service::Token::generate();
        let stored = state
            .store
            .put_flash(
                &id.hash(),
                "error",
                &path,
                &err,
                state.config.clock.now() + app::auth::service::FLASH_SECS,
            )
            .await;
        match stored {
            Ok(()) => {
                let c = app::auth::service::cookie(
                    state,
                    app::auth::service::FLASH_COOKIE,
                    id.expose(),
                    Some(app::auth::service::FLASH_SECS),
                );
                if let Ok(v) = HeaderValue::from_str(&c) {
                    parts.headers.append(header::SET_COOKIE, v);
                }
            }
            Err(e) => tracing::error!(error = %e, "could not keep a form error"),
        }
    }
    if let Ok(v) = HeaderValue::from_str(&clean) {
        parts.headers.insert(header::LOCATION, v);
    }
    parts.status = StatusCode::SEE_OTHER;
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, body)
}

/// The plain page for "too many tries", in Dutch and English, with when to try again.
pub fn too_many_page(seconds: u32) -> Response {
    use app::error::AppError;
    use app::i18n::Lang;
    let e = AppError::TooManyAttempts { seconds };
    let html = format!(
        "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Even wachten / Please wait</title></head>\
         <body><main><h1>Even wachten</h1><p>{}</p><p><a href=\"/\">Naar de startpagina</a></p>\
         <h1 lang=\"en\">Please wait</h1><p lang=\"en\">{}</p><p lang=\"en\"><a href=\"/\">To the start page</a></p></main></body></html>",
        e.message(Lang::Nl),
        e.message(Lang::En)
    );
    (
        StatusCode::TOO_MANY_REQUESTS,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::RETRY_AFTER, HeaderValue::from(seconds)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        html,
    )
        .into_response()
}

/// Picks up the form error kept for this browser (see [`finish_server_fn`]) for a page view.
async fn flash_for_pages(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    use app::auth::service::{hash_token, looks_like_token, FLASH_COOKIE};
    let id = (req.method() == axum::http::Method::GET)
        .then(|| cookie(req.headers(), FLASH_COOKIE))
        .flatten();
    let Some(id) = id else {
        return next.run(req).await;
    };
    if looks_like_token(&id) {
        let hash = hash_token(&id);
        let now = state.config.clock.now();
        // On a page view the message is only read here; the page view deletes it once the page
        // can be sent (see `page_views`).
        let memo = req.extensions().get::<app::memo::PageMemo>().cloned();
        let found = app::memo::take_flash(state.store.as_ref(), memo.as_ref(), &hash, now).await;
        match found {
            Ok(Some((kind, path, err))) if kind == "error" => {
                req.extensions_mut().insert(FlashError { path, err });
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "could not read a form error"),
        }
    }
    let mut res = next.run(req).await;
    let c = app::auth::service::cookie(&state, FLASH_COOKIE, "", Some(0));
    if let Ok(v) = HeaderValue::from_str(&c) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// Works out where a request came from: the connection's address, or the `X-Forwarded-For` /
/// `X-Forwarded-Proto` of a configured proxy (never of anyone else).
async fn client_info(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let info = client_from(&state.config, peer, req.headers());
    req.extensions_mut().insert(info);
    next.run(req).await
}

/// See [`client_info`].
pub fn client_from(
    config: &app::ctx::Config,
    peer: Option<std::net::IpAddr>,
    headers: &axum::http::HeaderMap,
) -> app::ctx::ClientInfo {
    let trusted = peer.is_some_and(|p| config.trusted_proxies.contains(&p));
    let forwarded = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_string())
    };
    let addr = if trusted {
        forwarded("x-forwarded-for")
            .and_then(|a| a.parse().ok())
            .or(peer)
    } else {
        peer
    };
    let https = if trusted {
        forwarded("x-forwarded-proto").is_some_and(|p| p == "https")
    } else {
        config.public_url.starts_with("https://") && peer.is_none()
    };
    app::ctx::ClientInfo { addr, https }
}

/// Headers on every answer: pages set their own CSP (with a nonce) and `no-store`; everything
/// else gets a CSP that allows nothing, and `no-store` unless it set its own caching.
async fn security_headers(
    State(state): State<AppState>,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ));
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    h.entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("same-origin"));
    h.entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    h.entry(header::X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("DENY"));
    h.entry("permissions-policy")
        .or_insert(HeaderValue::from_static(
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        ));
    if state.config.secure_cookies {
        h.entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static("max-age=31536000"));
    }
    res
}

/// Refuses form posts sent from another site (a second guard next to SameSite cookies).
/// Browsers send `Origin` with every POST; requests without it (non-browser clients) pass.
async fn same_origin_posts(
    State(state): State<AppState>,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    if req.method() == axum::http::Method::POST {
        if let Some(origin) = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
        {
            let host = req
                .headers()
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let ok = origin == state.config.public_url
                || origin
                    .strip_prefix("http://")
                    .or_else(|| origin.strip_prefix("https://"))
                    == Some(host);
            if !ok {
                tracing::warn!("cross-site post refused");
                return (StatusCode::FORBIDDEN, "Dit formulier kwam van een andere website. / This form came from another website.")
                    .into_response();
            }
        }
    }
    next.run(req).await
}

/// Paths as they may appear in logs: invitation tokens are cut out, query strings never shown.
pub fn redact_path(path: &str) -> String {
    for secret in ["/invite/", "/mail/stop/"] {
        if path.starts_with(secret) {
            return format!("{secret}…");
        }
    }
    path.to_string()
}

/// The one-tap stop of a mail program (RFC 8058): a POST to the mail's stop link. The link
/// is the proof; it can only stop mail.
async fn one_click_stop(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match app::mail::stop_by_token(&state, &token).await {
        Ok(_) => (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "ok").into_response(),
        Err(e) => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
            [(header::CACHE_CONTROL, "no-store")],
            "unknown link",
        )
            .into_response(),
    }
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.is_empty().await {
        Ok(_) => (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CACHE_CONTROL, "no-store")],
                "database unavailable",
            )
        }
    }
}

#[derive(serde::Deserialize)]
struct Back {
    back: Option<String>,
}

/// Remembers the chosen language in a cookie and goes back to the page. Works without JavaScript.
async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<Back>,
    headers: axum::http::HeaderMap,
) -> Response {
    let lang = Lang::from_code(&code);
    // Signed in: the account keeps the choice too, for what is sent to this person later. Only
    // when the person chose it here (a link from another site never changes the account), and
    // without counting as a use of the session.
    let from_here = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_none_or(|site| site == "same-origin" || site == "none");
    if let (true, Some(token)) = (
        from_here,
        cookie(&headers, app::auth::service::session_cookie_name(&state)),
    ) {
        if let Err(e) = app::auth::service::keep_language(&state, &token, lang).await {
            tracing::warn!(status = e.status(), "could not keep the chosen language");
        }
    }
    // Only a local path, written with plain characters: never an open redirect (browsers drop
    // tabs and line breaks, so "/\t/evil.example" would read as "//evil.example").
    let back = q
        .back
        .filter(|b| {
            b.starts_with('/')
                && !b.starts_with("//")
                && b.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/-_.?=&%".contains(c))
        })
        .unwrap_or_else(|| "/".into());
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        lang.code()
    );
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, back)
        .header(header::SET_COOKIE, cookie)
        .body(Body::empty())
        .unwrap_or_default()
}

/// A cookie's value from a request's headers.
fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The live session of a request to a plain route (a download), or [`AppError::SignInNeeded`].
async fn session_of(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<app::store::SessionRow, app::error::AppError> {
    use app::error::AppError;
    let token = cookie(headers, app::auth::service::session_cookie_name(state))
        .ok_or(AppError::SignInNeeded)?;
    app::auth::service::live_session(state, &token, state.config.clock.now())
        .await?
        .ok_or(AppError::SignInNeeded)
}

/// A file to download (never cached), or the error in plain words with its status.
fn download(
    result: Result<String, app::error::AppError>,
    content_type: &str,
    filename: &str,
    lang: Lang,
) -> Response {
    match result {
        Ok(text) => Response::builder()
            .header(header::CONTENT_TYPE, content_type)
            .header(
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            )
            .header(header::CACHE_CONTROL, "private, no-store")
            .body(Body::from(text))
            .unwrap_or_default(),
        Err(e) => {
            let status =
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, e.message(lang)).into_response()
        }
    }
}

/// The calendar file of a meeting, for someone at its table. Others get the same 404 as for a
/// meeting that does not exist.
async fn calendar(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> Response {
    use app::error::AppError;
    let lang = Lang::from_headers(&headers);
    let result = async {
        let meeting = id
            .parse::<i64>()
            .map(app::domain::MeetingId)
            .map_err(|_| AppError::NotFound)?;
        let me = session_of(&state, &headers).await?.person;
        app::agreements::calendar_for(&state, &me, meeting, lang).await
    }
    .await;
    download(result, "text/calendar; charset=utf-8", "aantafel.ics", lang)
}

/// The signed-in person's own data as a JSON file ("Download mijn gegevens"). Only ever their
/// own: the session decides whose, nothing in the request does.
async fn my_data_json(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    axum::extract::Query(query): axum::extract::Query<ChildQuery>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let result = async {
        let session = session_of(&state, &headers).await?;
        let id = |raw: Option<&str>| -> Result<Option<i64>, app::error::AppError> {
            raw.map(|r| r.parse().map_err(|_| app::error::AppError::NotFound))
                .transpose()
        };
        let child = id(query.child.as_deref())?.map(app::domain::PersonId);
        let table = id(query.table.as_deref())?.map(app::domain::CaseId);
        let child = child.map(|c| (c, table));
        app::export::json_for(&state, &session, child, lang).await
    }
    .await;
    download(
        result,
        "application/json; charset=utf-8",
        "aantafel-mijn-gegevens.json",
        lang,
    )
}

/// `/my-data.json?child=…`: a parent's download of their child's data (under 12, with gezag).
#[derive(serde::Deserialize)]
struct ChildQuery {
    child: Option<String>,
    table: Option<String>,
}

/// Writes `.br` and `.gz` copies of every static file in `dir` that lacks a fresh one.
/// Returns how many files it compressed.
pub fn precompress(dir: &std::path::Path) -> std::io::Result<usize> {
    use std::io::Write;
    let mut done = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    for entry in entries {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if path.is_dir()
            || matches!(ext, "br" | "gz")
            || !matches!(ext, "js" | "wasm" | "css" | "svg" | "json" | "txt")
        {
            continue;
        }
        let modified = std::fs::metadata(&path)?.modified()?;
        let fresh = |p: &std::path::Path| {
            std::fs::metadata(p)
                .and_then(|m| m.modified())
                .is_ok_and(|m| m >= modified)
        };
        let data = std::fs::read(&path)?;
        let br = path.with_extension(format!("{ext}.br"));
        if !fresh(&br) {
            let mut out = Vec::new();
            {
                let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
                w.write_all(&data)?;
            }
            std::fs::write(&br, out)?;
            done += 1;
        }
        let gz = path.with_extension(format!("{ext}.gz"));
        if !fresh(&gz) {
            let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            w.write_all(&data)?;
            std::fs::write(&gz, w.finish()?)?;
        }
    }
    Ok(done)
}
