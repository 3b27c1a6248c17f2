//! Signing in: invitation links for everyone (families never need a password), email and
//! password for professionals, and signing out.
//!
//! Pages: [`SignInPage`], [`InvitePage`]. Server functions: [`current_viewer`], [`sign_in`],
//! [`load_invitation`], [`accept_invitation`], [`sign_out`], [`sign_out_everywhere`]. Mechanics:
//! `service` (server only).

pub mod guard;
pub mod passkey;
#[cfg(feature = "ssr")]
pub mod retention;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::{PersonId, Role};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::{FieldError, Problem};
use crate::i18n::{k, t, tf, use_lang};
use crate::ui::{ErrorSummary, ErrorText, FieldMessage};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
use server_fn::ServerFn;

/// The signed-in person, as the browser knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    /// Their id.
    pub id: PersonId,
    /// Their name.
    pub name: String,
    /// The kind of account.
    pub role: Role,
    /// Whether this is a shared phone: no drafts are kept on it.
    pub shared_device: bool,
    /// Things to tell them once, right after signing in ("Joyce made a new link for you").
    pub notices: Vec<String>,
    /// A professional's own address and how long their session still lasts (seconds), for the
    /// session guard. `None` for families, whose sessions do not end when idle.
    pub session: Option<(String, i64)>,
    /// Whether passkeys work at this address.
    pub passkeys: bool,
}

/// What the invitation page shows before the person signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    /// The invited person's name.
    pub name: String,
    /// A professional chooses a (new) password with this link; a link never signs them in as is.
    pub needs_password: bool,
    /// The link is for a young person (spoken to as "je").
    pub young: bool,
}

/// The smallest and largest password lengths.
pub const PASSWORD_LEN: (usize, usize) = (12, 200);

/// The cookie that says notices wait for this browser.
#[cfg(feature = "ssr")]
const NOTICE_COOKIE: &str = "at_notice";

/// The signed-in person, or `None`.
#[server(prefix = "/api", endpoint = "viewer")]
pub async fn current_viewer() -> Result<Option<Viewer>, AppError> {
    let state = crate::ctx::state()?;
    let Some(session) = crate::ctx::viewer_session(&state).await? else {
        return Ok(None);
    };
    let left = guard::seconds_left(&state, &session, crate::ctx::now());
    let p = session.person;
    // Notices are looked up only right after a sign-in (a cookie says so), never on every page.
    let mut notices = Vec::new();
    if let Some(id) = crate::ctx::request_cookie(NOTICE_COOKIE) {
        if service::looks_like_token(&id) {
            if let Some((_, _, payload)) =
                crate::ctx::take_flash(&state, service::hash_token(&id)).await?
            {
                notices = serde_json::from_str(&payload).unwrap_or_default();
            }
        }
        crate::ctx::set_cookie(&service::cookie(&state, NOTICE_COOKIE, "", Some(0)))?;
    }
    Ok(Some(Viewer {
        id: p.id,
        name: p.display_name,
        role: p.account_role,
        shared_device: session.kind == crate::store::SessionKind::Shared,
        notices,
        session: left.map(|left| (p.email.clone().unwrap_or_default(), left)),
        passkeys: state.config.passkey_origin.is_some(),
    }))
}

/// The notices a person has not seen, as plain sentences in their language, kept for the first
/// page after sign-in (a flash, never in a URL).
#[cfg(feature = "ssr")]
async fn flash_notices(
    state: &crate::ctx::AppState,
    person: &crate::store::PersonRow,
) -> Result<(), AppError> {
    use crate::store::NoticeKind;
    let now = crate::ctx::now();
    let notices = state.store.take_notices(person.id, now).await?;
    if notices.is_empty() {
        return Ok(());
    }
    let lang = crate::i18n::use_lang();
    let young = person.account_role == Role::Young;
    let texts: Vec<String> = notices
        .iter()
        .map(|n| {
            let date = crate::domain::LocalTime::from_unix(n.at).date_long(lang);
            let who = n
                .by_name
                .clone()
                .unwrap_or_else(|| t(lang, k::auth_someone).into());
            let args: [(&str, &dyn std::fmt::Display); 2] = [("who", &who), ("date", &date)];
            let key = match (n.kind, young) {
                (NoticeKind::NewLink, false) => k::auth_notice_new_link,
                (NoticeKind::NewLink, true) => k::auth_notice_new_link_young,
                (NoticeKind::PasswordSet, _) => k::auth_notice_password_set,
                (NoticeKind::PasskeyAdded, _) => k::auth_notice_passkey_added,
                (NoticeKind::PasskeyRemoved, _) => k::auth_notice_passkey_removed,
            };
            tf(lang, key, &args)
        })
        .collect();
    let id = service::Token::generate();
    state
        .store
        .put_flash(
            &id.hash(),
            "notice",
            "",
            &serde_json::to_string(&texts).map_err(AppError::internal)?,
            now + 600,
        )
        .await?;
    crate::ctx::set_cookie(&service::cookie(
        state,
        NOTICE_COOKIE,
        id.expose(),
        Some(600),
    ))
}

/// Professional sign-in with email and password. Someone with a passkey also needs the passkey
/// ([`passkey::passkey_sign_in_start`]). `same_person`: when signing in again in place, the
/// person the page belongs to; anyone else is refused, so nothing typed is sent in another name.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    #[server(default)] same_person: Option<i64>,
) -> Result<(), AppError> {
    let state = crate::ctx::state()?;
    let mut errors = Vec::new();
    if email.trim().is_empty() {
        errors.push(FieldError {
            field: "email".into(),
            problem: Problem::Required,
        });
    }
    if password.is_empty() {
        errors.push(FieldError {
            field: "password".into(),
            problem: Problem::Required,
        });
    }
    let echo = vec![("email".to_string(), email.chars().take(254).collect())];
    if !errors.is_empty() {
        return Err(AppError::Invalid { errors, echo });
    }
    if email.chars().count() > 254 || password.chars().count() > PASSWORD_LEN.1 {
        return Err(AppError::WrongCredentials);
    }
    let checked = service::check_password(&state, &email, &password).await;
    // An account with a passkey gets the same answer whether or not the password was right, so
    // the answer never confirms a password that can no longer sign in by itself.
    let passkey_needed = || AppError::PasskeyNeeded {
        email: email.chars().take(254).collect(),
    };
    let person = match checked {
        Err(AppError::WrongCredentials) => {
            let holder = state
                .store
                .person_by_email(&email.trim().to_lowercase())
                .await?
                .filter(|p| p.disabled_at.is_none() && p.account_role.is_professional());
            if let Some(p) = holder {
                if state.store.has_passkey(p.id).await? {
                    return Err(passkey_needed());
                }
            }
            return Err(AppError::WrongCredentials);
        }
        other => other?,
    };
    if same_person.is_some_and(|p| p != person.id.0) {
        return Err(AppError::NotAllowed);
    }
    if state.store.has_passkey(person.id).await? {
        service::security_event(
            &state,
            Some(person.id),
            "sign_in.passkey_needed",
            String::new(),
        )
        .await?;
        return Err(passkey_needed());
    }
    service::security_event(&state, Some(person.id), "sign_in", "method:password".into()).await?;
    let cookie = service::start_session(&state, &person, crate::store::SessionKind::Own).await?;
    crate::ctx::set_cookie(&cookie)?;
    flash_notices(&state, &person).await?;
    tracing::info!(person = %person.id, "professional signed in");
    leptos_axum::redirect("/");
    Ok(())
}

/// Who an invitation link is for, or why it cannot be used.
#[server(prefix = "/api", endpoint = "invitation")]
pub async fn load_invitation(token: String) -> Result<InvitationInfo, AppError> {
    let state = crate::ctx::state()?;
    let inv = service::find_invitation(&state, &token).await?;
    let person = state
        .store
        .person(inv.person_id)
        .await?
        .filter(|p| p.disabled_at.is_none())
        .ok_or(AppError::NotFound)?;
    Ok(InvitationInfo {
        name: person.display_name,
        needs_password: person.account_role.is_professional(),
        young: person.account_role == Role::Young,
    })
}

/// Checks a new password and its repeat.
#[cfg(feature = "ssr")]
fn new_password(pw: &str, repeat: &str) -> Result<(), AppError> {
    let n = pw.chars().count();
    let problem = if n == 0 {
        Some(("password", Problem::Required))
    } else if n < PASSWORD_LEN.0 {
        Some((
            "password",
            Problem::TooShort {
                min: PASSWORD_LEN.0,
            },
        ))
    } else if n > PASSWORD_LEN.1 {
        Some((
            "password",
            Problem::TooLong {
                max: PASSWORD_LEN.1,
            },
        ))
    } else if pw != repeat {
        Some(("password2", Problem::PasswordsDiffer))
    } else {
        None
    };
    match problem {
        Some((field, problem)) => Err(AppError::invalid(vec![FieldError {
            field: field.into(),
            problem,
        }])),
        None => Ok(()),
    }
}

/// Uses an invitation link. Works once.
///
/// - A family member signs in on this device, and says whether it is their own phone (`own_device`
///   `yes`: 30 days; `no`: until the browser closes, and no drafts stay on it).
/// - A professional only chooses a new password (`password`, `password2`). That ends every other
///   session of theirs; someone who had a password is told at their next sign-in. No link ever
///   signs straight into an account that has a password.
#[server(prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    #[server(default)] own_device: Option<String>,
    #[server(default)] password: Option<String>,
    #[server(default)] password2: Option<String>,
) -> Result<(), AppError> {
    use crate::store::SessionKind;
    let state = crate::ctx::state()?;
    let inv = service::find_invitation(&state, &token).await?;
    let person = state
        .store
        .person(inv.person_id)
        .await?
        .filter(|p| p.disabled_at.is_none())
        .ok_or(AppError::NotFound)?;
    let now = crate::ctx::now();
    let professional = person.account_role.is_professional();
    let mut new_hash = None;
    let kind = if professional {
        let pw = password.unwrap_or_default();
        new_password(&pw, &password2.unwrap_or_default())?;
        new_hash = Some(service::hash_password_off_thread(pw).await?);
        SessionKind::Own
    } else {
        match own_device.as_deref() {
            Some("yes") => SessionKind::Own,
            Some("no") => SessionKind::Shared,
            _ => {
                return Err(AppError::invalid(vec![FieldError {
                    field: "own_device".into(),
                    problem: Problem::Choice,
                }]))
            }
        }
    };
    let used = match &new_hash {
        // The link, the password, ending the old sessions and the notice: one transaction.
        Some(hash) => {
            let had_password = person.password_hash.is_some();
            state
                .store
                .use_invitation_for_password(inv.id, person.id, hash, had_password, now)
                .await?
        }
        None => state.store.use_invitation(inv.id, now).await?,
    };
    if !used {
        return Err(AppError::Link(crate::error::LinkProblem::Used));
    }
    if new_hash.is_some() {
        service::security_event(
            &state,
            Some(person.id),
            "password.set",
            format!("invitation:{}", inv.id),
        )
        .await?;
    }
    service::security_event(
        &state,
        Some(person.id),
        "link.used",
        format!("invitation:{}", inv.id),
    )
    .await?;
    // A link never signs past a passkey: the new password is kept, and the passkey signs in.
    if professional && state.store.has_passkey(person.id).await? {
        leptos_axum::redirect("/sign-in");
        return Ok(());
    }
    let cookie = service::start_session(&state, &person, kind).await?;
    crate::ctx::set_cookie(&cookie)?;
    flash_notices(&state, &person).await?;
    tracing::info!(person = %person.id, invitation = %inv.id, "signed in by invitation");
    let to = inv
        .case_id
        .map(|c| format!("/cases/{c}"))
        .unwrap_or_else(|| "/".into());
    leptos_axum::redirect(&to);
    Ok(())
}

/// Ends the session cookie, forgets a form error kept for this browser, and clears what waits
/// in its storage (unsent answers of whoever used it), then goes to the start page.
#[cfg(feature = "ssr")]
async fn signed_out(state: &crate::ctx::AppState) -> Result<(), AppError> {
    crate::ctx::set_cookie(&service::clear_session_cookie(state))?;
    service::forget_form_error(state).await?;
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(
            http::HeaderName::from_static("clear-site-data"),
            http::HeaderValue::from_static("\"storage\""),
        );
    }
    leptos_axum::redirect("/");
    Ok(())
}

/// Signs out on this device.
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = crate::ctx::state()?;
    if let Some(token) = crate::ctx::request_cookie(service::session_cookie_name(&state)) {
        state
            .store
            .revoke_session(&service::hash_token(&token), crate::ctx::now())
            .await?;
    }
    signed_out(&state).await
}

/// Signs out on every device: every session of this person ends.
#[server(prefix = "/api", endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let n = state
        .store
        .revoke_sessions_of(me.id, crate::ctx::now())
        .await?;
    service::security_event(
        &state,
        Some(me.id),
        "session.end_all",
        format!("sessions:{n}"),
    )
    .await?;
    signed_out(&state).await
}

/// Email and password sign-in for professionals. A plain form post, so it works without JavaScript
/// and always ends in a fresh page load.
#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SignIn>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let email = move || {
        error
            .get()
            .and_then(|e| e.echoed("email").map(str::to_string))
            .unwrap_or_default()
    };
    #[cfg(feature = "ssr")]
    let passkeys = with_context::<crate::ctx::AppState, _>(|s| s.config.passkey_origin.is_some())
        .unwrap_or(false);
    #[cfg(not(feature = "ssr"))]
    let passkeys = false;
    view! {
        <h1>{t(lang, k::auth_sign_in_for_professionals)}</h1>
        <p>{t(lang, k::auth_are_you_a_parent_or)}" "<a href="/new-link">{t(lang, k::mail_link_title)}</a></p>
        <ErrorSummary error=error/>
        <form method="post" action=SignIn::url() class="stack" novalidate>
            <div class="field">
                <label for="email">{t(lang, k::auth_email_address)}</label>
                <FieldMessage error=error field="email"/>
                <input id="email" name="email" type="email" autocomplete="username" required
                    prop:value=email value=email
                    aria-invalid=move || error.get().and_then(|e| e.field("email").cloned()).map(|_| "true")
                    aria-describedby="email-error"/>
            </div>
            <div class="field">
                <label for="password">{t(lang, k::auth_password)}</label>
                <FieldMessage error=error field="password"/>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    aria-invalid=move || error.get().and_then(|e| e.field("password").cloned()).map(|_| "true")
                    aria-describedby="password-error"/>
            </div>
            <button type="submit" class="button">{t(lang, k::auth_sign_in)}</button>
        </form>
        {passkeys.then(|| view! {
            <section class="stack" aria-labelledby="passkey-title">
                <h2 id="passkey-title">{t(lang, k::auth_with_a_passkey)}</h2>
                <p>{t(lang, k::auth_do_you_have_a_passkey)}</p>
                <p class="field-error" id="passkey-message" role="alert"
                    data-failed=AppError::PasskeyFailed.message(lang)
                    data-offline=AppError::Transport(String::new()).message(lang)></p>
                <button type="button" class="button secondary" id="passkey-sign-in" data-passkey-button hidden>
                    {t(lang, k::auth_sign_in_with_passkey)}
                </button>
                <p class="hint" data-passkey-missing>{t(lang, k::auth_signing_in_with_a_passkey)}</p>
                <crate::ui::PageScript/>
            </section>
        })}
    }
}

/// The page an invitation link opens. It does not sign in by itself (link previews in chat apps
/// would use the link up); the person presses one button.
#[component]
pub fn InvitePage() -> impl IntoView {
    let lang = use_lang();
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let action = ServerAction::<AcceptInvitation>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    view! {
        {crate::ui::page_body(async move { match load_invitation(token.clone()).await {
                Err(e) => view! {
                    <h1>{t(lang, k::auth_this_link_does_not_work)}</h1>
                    <ErrorText error=e/>
                    <p><a href="/new-link">{t(lang, k::mail_link_title)}</a></p>
                    <p><a href="/">{t(lang, k::auth_to_the_start_page)}</a></p>
                }.into_any(),
                Ok(info) => view! {
                    <h1>{tf(lang, k::auth_welcome_name, &[("name", &info.name)])}</h1>
                    <p>{if info.young { t(lang, k::auth_you_are_invited_to_aan) } else { t(lang, k::auth_you_are_invited_to_aan_2) }}</p>
                    {(!info.needs_password).then(|| view! {
                        <p>{t(lang, k::auth_press_the_button_to_sign)}</p>
                    })}
                    {info.needs_password.then(|| view! {
                        <p>{t(lang, k::auth_with_this_link_you_choose)}</p>
                    })}
                    <ErrorSummary error=error/>
                    <form method="post" action=AcceptInvitation::url() class="stack" novalidate>
                        <input type="hidden" name="token" value=token.clone()/>
                        {(!info.needs_password).then(|| {
                            let young = info.young;
                            view! {
                            <fieldset class="field" id="own_device" tabindex="-1">
                                <legend>{if young { t(lang, k::auth_is_this_your_own_phone) } else { t(lang, k::auth_is_this_your_own_phone_2) }}</legend>
                                <p class="hint" id="own_device-hint">{if young { t(lang, k::auth_do_others_use_this_phone) } else { t(lang, k::auth_do_others_use_this_phone_2) }}</p>
                                <FieldMessage error=error field="own_device"/>
                                <div class="choice">
                                    <input type="radio" name="own_device" id="own_device-yes" value="yes"/>
                                    <label for="own_device-yes">{t(lang, k::auth_yes_only_i_use_this)}</label>
                                </div>
                                <div class="choice">
                                    <input type="radio" name="own_device" id="own_device-no" value="no"/>
                                    <label for="own_device-no">{t(lang, k::auth_no_others_use_it_too)}</label>
                                </div>
                            </fieldset>
                        }})}
                        {info.needs_password.then(|| view! {
                            <div class="field">
                                <label for="password">{t(lang, k::auth_choose_a_password)}</label>
                                <p class="hint" id="password-hint">{t(lang, k::auth_at_least_12_characters_you)}</p>
                                <FieldMessage error=error field="password"/>
                                <input id="password" name="password" type="password" autocomplete="new-password" required
                                    aria-describedby="password-hint password-error"/>
                            </div>
                            <div class="field">
                                <label for="password2">{t(lang, k::auth_type_the_password_again)}</label>
                                <FieldMessage error=error field="password2"/>
                                <input id="password2" name="password2" type="password" autocomplete="new-password" required
                                    aria-describedby="password2-error"/>
                            </div>
                        })}
                        <button type="submit" class="button">{if info.needs_password { t(lang, k::auth_save_password_and_sign_in) } else { t(lang, k::auth_sign_in_on_this_device) }}</button>
                    </form>
                }.into_any(),
        }})}
    }
}
