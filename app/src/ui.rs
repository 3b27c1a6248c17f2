//! Small shared pieces of interface: the page frame, the language menu, form error messages.

use crate::auth::{SignOut, Viewer};
use crate::error::AppError;
use crate::i18n::{k, t, use_lang};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use server_fn::ServerFn;

/// The signed-in person (or none), loaded once per page.
#[derive(Clone, Copy)]
pub struct ViewerResource {
    resource: Resource<Result<Option<Viewer>, AppError>>,
    /// Filled once the resource has loaded, so a page's body reads it without waiting.
    loaded: StoredValue<Option<Option<Viewer>>>,
}

impl ViewerResource {
    pub fn new(resource: Resource<Result<Option<Viewer>, AppError>>) -> Self {
        ViewerResource {
            resource,
            loaded: StoredValue::new(None),
        }
    }

    /// Waits for the signed-in person (once per page; later calls find it loaded).
    async fn load(self) -> Option<Viewer> {
        if let Some(v) = self.loaded.get_value() {
            return v;
        }
        let v = self.resource.await.ok().flatten();
        self.loaded.set_value(Some(v.clone()));
        v
    }
}

/// The signed-in person, once known: always inside [`page_body`] and [`with_viewer`].
pub fn use_viewer() -> Option<Viewer> {
    use_context::<ViewerResource>()
        .and_then(|r| r.loaded.get_value())
        .flatten()
}

/// A page's body from one future: waits for the signed-in person, then for `body` (which reads
/// what the page shows), and renders the result once.
///
/// A `<Suspense>` around a resource walks its children more than once on the server (once to
/// find the resources, again to render), and every resource made inside it is made again on each
/// walk. Pages render on the server only (islands), so a page reads its data in one plain future
/// instead: each statement runs once per request.
pub fn page_body<V, F>(body: F) -> impl IntoView
where
    F: std::future::Future<Output = V> + Send + 'static,
    V: IntoView + 'static,
{
    let viewer = use_context::<ViewerResource>();
    Suspend::new(async move {
        if let Some(viewer) = viewer {
            // Loaded once per request; the body reads it (for "je" or "u") through `use_viewer`.
            viewer.load().await;
        }
        body.await
    })
}

/// The usual page: `load` reads its data; on an error the page shows `title` and the error in
/// plain words (with its HTTP status), otherwise what `show` makes of the data.
pub fn page<T, F, V>(
    title: crate::i18n::Key,
    load: F,
    show: impl FnOnce(T) -> V + Send + 'static,
) -> impl IntoView
where
    T: Send + 'static,
    F: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let lang = use_lang();
    page_body(async move {
        match load.await {
            Err(e) => Either::Left(view! { <h1>{t(lang, title)}</h1><ErrorText error=e/> }),
            Ok(data) => Either::Right(show(data)),
        }
    })
}

/// What `show` makes of the signed-in person (or none), once that is known. For the parts of
/// the frame outside a page's body: the header, notices, the session guard.
fn with_viewer<V>(show: impl FnOnce(Option<Viewer>) -> V + Send + 'static) -> impl IntoView
where
    V: IntoView + 'static,
{
    let viewer = use_context::<ViewerResource>();
    Suspend::new(async move {
        let v = match viewer {
            Some(viewer) => viewer.load().await,
            None => None,
        };
        show(v)
    })
}

/// The header: name of the portal, language switch, sign out.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let href = move |to: crate::i18n::Lang| {
        format!("/lang/{}?back={}", to.code(), location.pathname.get())
    };
    view! {
        <header class="top">
            <a class="brand" href="/">"Aan Tafel"</a>
            <nav aria-label=t(lang, k::ui_menu)>
                // A menu that opens without JavaScript. Each language is named in itself.
                <details class="lang-menu">
                    <summary>
                        <span class="visually-hidden">{t(lang, k::ui_language)}": "</span>
                        <span lang=lang.code()>{lang.own_name()}</span>
                    </summary>
                    <ul>
                        {crate::i18n::Lang::ALL.into_iter().map(|to| view! {
                            <li><a href=move || href(to) rel="external" hreflang=to.code() lang=to.code() dir=to.dir()
                                aria-current=(to == lang).then_some("true")>{to.own_name()}</a></li>
                        }).collect_view()}
                    </ul>
                </details>
                {with_viewer(move |v| v.map(|v| view! {
                    <a href="/seen">{t(lang, k::seen_nav)}</a>
                    <a href="/mail">{t(lang, k::mail_nav)}</a>
                    {v.session.is_some().then(|| view! {
                        <a href="/security">{t(lang, k::ui_safety)}</a>
                    })}
                    <form method="post" action=SignOut::url() class="inline">
                        <button type="submit" class="link-button">
                            {t(lang, k::ui_sign_out)}
                            <span class="visually-hidden">{format!(" ({})", v.name)}</span>
                        </button>
                    </form>
                }))}
            </nav>
        </header>
    }
}

/// The page script (`auth/portal.js`), inline with this response's CSP nonce: passkeys and the
/// session guard. Only on pages that need it (sign-in, professionals' pages); small, and no wasm.
#[component]
pub fn PageScript() -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    view! { <script nonce=nonce inner_html=include_str!("auth/portal.js")></script> }
}

/// The session guard and page script on every page of a signed-in professional.
#[component]
pub fn ProfessionalScript() -> impl IntoView {
    with_viewer(|v| {
        v.and_then(|v| {
            let (passkeys, person) = (v.passkeys, v.id);
            v.session.map(|(email, left)| {
                view! {
                    <crate::auth::guard::SessionGuard left email passkeys person/>
                    <PageScript/>
                }
            })
        })
    })
}

/// Things to tell the signed-in person once, right after they signed in ("Joyce made a new
/// sign-in link for you on 3 December").
#[component]
pub fn Notices() -> impl IntoView {
    with_viewer(|v| {
        v.filter(|v| !v.notices.is_empty()).map(|v| {
            view! {
                <div class="notice" role="status">
                    {v.notices.into_iter().map(|n| view! { <p>{n}</p> }).collect_view()}
                </div>
            }
        })
    })
}

/// Whether the signed-in reader is a young person, who reads "je" where others read "u".
pub fn reads_je() -> bool {
    use_viewer().is_some_and(|v| v.role == crate::domain::Role::Young)
}

/// The message next to one form field. Always present (empty without error), so
/// `aria-describedby` always points at something.
#[component]
pub fn FieldMessage(error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let lang = use_lang();
    let message = move || {
        error
            .get()
            .and_then(|e| e.field(field).map(|p| p.message_for(lang, reads_je())))
    };
    view! {
        <p class="field-error" id=format!("{field}-error")>
            {move || message().map(|m| view! { <span class="visually-hidden">{t(lang, k::ui_error)}</span>{m} })}
        </p>
    }
}

/// The list of problems at the top of a form, each a link to its field.
#[component]
pub fn ErrorSummary(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|e| {
            let items = match &e {
                AppError::Invalid { errors, .. } => errors
                    .iter()
                    .map(|f| {
                        let href = format!("#{}", f.field);
                        view! { <li><a href=href>{f.problem.message_for(lang, reads_je())}</a></li> }
                    })
                    .collect::<Vec<_>>(),
                _ => Vec::new(),
            };
            view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <h2>{t(lang, k::ui_please_change_this)}</h2>
                    <p>{e.message_for(lang, reads_je())}</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}

/// A page-level error, in plain words.
#[component]
pub fn ErrorText(error: AppError) -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let status = http::StatusCode::from_u16(error.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        res.set_status(status);
    }
    let sign_in = matches!(error, AppError::SignInNeeded);
    view! {
        <div class="notice" role="status">
            <p>{error.message_for(lang, reads_je())}</p>
            {sign_in.then(|| view! {
                <p><a href="/sign-in">{t(lang, k::ui_sign_in_as_a_professional)}</a></p>
            })}
        </div>
    }
}

/// The page for addresses that do not exist.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{t(lang, k::ui_not_found)}</h1>
        <ErrorText error=AppError::NotFound/>
        <p><a href="/">{t(lang, k::auth_to_the_start_page)}</a></p>
    }
}

/// A button that copies a text (such as a new invitation link) to the clipboard. Hidden in the
/// page; the page script (`auth/portal.js`, on professionals' pages) shows it and does the
/// copying, so it never appears as a dead button. Without JavaScript the text is easy to select.
#[component]
pub fn CopyButton(
    text: String,
    /// The button's label: "copy link" or "copy message".
    label: String,
    /// What the button says once copied.
    done: String,
) -> impl IntoView {
    view! {
        <button type="button" class="button secondary" data-copy=text data-done=done hidden>{label}</button>
    }
}

/// The `:id` of the current route as a typed id; `None` when it is not a number.
pub fn route_id<T: Send + Sync + PartialEq + Clone + 'static>(
    make: fn(i64) -> T,
) -> Memo<Option<T>> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .map(make)
    })
}

/// The `?step=` of the current address, from 1 (also when missing or not a number).
pub fn query_step() -> impl Fn() -> usize + Copy {
    let query = leptos_router::hooks::use_query_map();
    move || {
        query
            .read()
            .get("step")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1)
    }
}
