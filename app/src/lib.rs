//! Aan Tafel: a phone-first portal that puts parents and young people at the table, as partners,
//! when school and youth care work together around one child.
//!
//! Organised by feature: `auth` (signing in), `case` (the table), `meeting`, `prepare` (the
//! family's input before a meeting), `review` (the mediator reads it), `agenda` (shared agenda),
//! `agreements` (meeting record, agreements card, calendar file), `school` (what a school can and
//! cannot offer), `plan` (goals and actions), `plain` (glossary and readability). Each feature module
//! holds its shared types, its server functions and its pages. Server-only code (the data layer
//! in `store`, request context in `ctx`) sits behind the `ssr` feature; the browser build uses
//! `hydrate`. Pages render on the server; only islands (small interactive parts, marked
//! `#[island]`) are sent to the browser as wasm, which keeps every page within its size budget.

#![recursion_limit = "256"]

/// Stores a type as text in both databases, through its `Display` and a `parse` that refuses
/// anything this version does not write (the outbox keys of the sync and of mail).
#[cfg(feature = "ssr")]
#[macro_export]
macro_rules! text_sqlx_type {
    ($ty:ty, $parse:path, $what:literal) => {
        impl<DB: sqlx::Database> sqlx::Type<DB> for $ty
        where
            String: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <String as sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <String as sqlx::Type<DB>>::compatible(ty)
            }
        }

        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $ty
        where
            String: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <String as sqlx::Encode<'q, DB>>::encode(self.to_string(), buf)
            }
        }

        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $ty
        where
            String: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let s = <String as sqlx::Decode<'r, DB>>::decode(value)?;
                $parse(&s).ok_or_else(|| format!("not {}: {s:?}", $what).into())
            }
        }
    };
}

pub mod agenda;
pub mod agreements;
pub mod auth;
pub mod case;
#[cfg(feature = "ssr")]
pub mod ctx;
pub mod domain;
pub mod error;
pub mod export;
pub mod i18n;
pub mod mail;
pub mod meeting;
#[cfg(feature = "ssr")]
pub mod memo;
pub mod plain;
pub mod plan;
pub mod prepare;
pub mod profile;
#[cfg(feature = "ssr")]
pub mod retention;
pub mod review;
pub mod school;
pub mod seen;
#[cfg(feature = "ssr")]
pub mod store;
pub mod sync;
pub mod ui;

use i18n::{k, t, use_lang};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The stylesheet's address, with the hash that cargo-leptos put in its name (`hash.txt` next
/// to the server). Read once: the file does not change while the server runs, and reading it
/// on every page cost a file open and read per request.
fn stylesheet_href(options: &LeptosOptions) -> String {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let mut name = options.output_name.to_string();
        if options.hash_files {
            let hashes = std::env::current_exe()
                .ok()
                .and_then(|p| p.parent().map(|d| d.join(options.hash_file.as_ref())))
                .and_then(|p| std::fs::read_to_string(p).ok())
                .unwrap_or_default();
            let css = hashes
                .lines()
                .filter_map(|l| l.trim().split_once(':'))
                .find(|(file, _)| file.trim() == "css");
            if let Some((_, hash)) = css {
                name = format!("{name}.{}", hash.trim());
            }
        }
        format!("/{}/{name}.css", options.site_pkg_dir)
    })
    .clone()
}

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    security_headers();
    // Islands mode: only the islands are hydrated, so the rest of the page carries no hydration
    // markers. The app's JS and wasm are added by the server, only to pages with an island
    // (server/src/islands.rs), and load after the page is shown.
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() dir=lang.dir()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/icons/aantafel-favicon.99bc6b074b.svg" type="image/svg+xml"/>
                <link rel="icon" href="/icons/aantafel-favicon-32.32007476fa.png" sizes="32x32" type="image/png"/>
                <link rel="apple-touch-icon" href="/icons/aantafel-icon-192.5ad94e9d87.png"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <meta name="theme-color" content="#0b5d55"/>
                <link id="leptos" rel="stylesheet" href=stylesheet_href(&options)/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The Content-Security-Policy of every page, with this response's nonce: only scripts that
/// carry the nonce (and what they load) run; no inline styles; nothing frames the portal.
#[cfg(feature = "ssr")]
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )
}

/// Puts the page's security headers on the response: the CSP with this response's nonce, and
/// `no-store` (pages may show personal data, and must not stay in any cache).
#[cfg(feature = "ssr")]
fn security_headers() {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        if let Some(nonce) = leptos::nonce::use_nonce() {
            if let Ok(v) = http::HeaderValue::from_str(&page_csp(&nonce.to_string())) {
                res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
            }
        }
        res.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
}

/// The app: header, routes, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = use_lang();
    let viewer = Resource::new(|| (), |_| auth::current_viewer());
    provide_context(ui::ViewerResource::new(viewer));
    view! {
        <Title text="Aan Tafel"/>
        <Router>
            <a class="skip" href="#main">{t(lang, k::lib_skip_to_content)}</a>
            <ui::Header/>
            <main id="main" tabindex="-1">
                <ui::Notices/>
                <Routes fallback=ui::NotFoundPage>
                    <Route path=path!("/") view=case::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=auth::SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/invite/:token") view=auth::InvitePage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/new") view=case::NewCasePage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id") view=case::CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/invite") view=case::InvitePersonPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/support") view=case::supporter::SupportPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/people/:person/link") view=case::table::NewFamilyLinkPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/people/:person/erase") view=case::erase::ErasePersonPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/mine") view=case::former::FormerTablePage ssr=SsrMode::Async/>
                    <Route path=path!("/accounts") view=case::accounts::AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/security") view=auth::passkey::SecurityPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/meetings/new") view=meeting::NewMeetingPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id") view=meeting::MeetingPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id/prepare") view=prepare::PreparePage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id/preview") view=review::PreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id/review") view=review::ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id/agenda") view=agenda::AgendaPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id/agreements") view=agreements::AgreementsPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id/follow-up") view=agreements::follow_up::FollowUpPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/agreements") view=agreements::follow_up::CaseAgreementsPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id/school") view=school::SideBySidePage ssr=SsrMode::Async/>
                    <Route path=path!("/schools") view=school::admin::SchoolsPage ssr=SsrMode::Async/>
                    <Route path=path!("/schools/:id") view=school::SchoolPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/plan") view=plan::PlanPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/profile") view=profile::ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/sync") view=sync::SyncPage ssr=SsrMode::Async/>
                    <Route path=path!("/woorden") view=plain::GlossaryPage ssr=SsrMode::Async/>
                    <Route path=path!("/mail") view=mail::MailPage ssr=SsrMode::Async/>
                    <Route path=path!("/seen") view=seen::SeenPage ssr=SsrMode::Async/>
                    <Route path=path!("/my-data") view=export::MyDataPage ssr=SsrMode::Async/>
                    <Route path=path!("/mail/stop/:token") view=mail::StopMailPage ssr=SsrMode::Async/>
                    <Route path=path!("/new-link") view=mail::NewLinkPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/mail") view=mail::CaseMailPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <ui::ProfessionalScript/>
            <footer class="bottom">
                <p>{t(lang, k::lib_aan_tafel_with_the_family)}</p>
            </footer>
        </Router>
    }
}

/// The browser entry point: hydrates the islands (the interactive parts) of a server-rendered page.
/// Everything else is plain HTML that works without JavaScript.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
