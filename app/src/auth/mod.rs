//! Signing in: invitation links for everyone (families never need a password), email and
//! password for professionals, and signing out.
//!
//! Pages: [`SignInPage`], [`InvitePage`]. Server functions: [`current_viewer`], [`sign_in`],
//! [`load_invitation`], [`accept_invitation`], [`sign_out`]. Mechanics: `service` (server only).

#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::{PersonId, Role};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::{FieldError, Problem};
use crate::i18n::{tr, use_lang};
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
}

/// What the invitation page shows before the person signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    /// The invited person's name.
    pub name: String,
    /// A professional without a password chooses one now.
    pub needs_password: bool,
}

/// The smallest and largest password lengths.
pub const PASSWORD_LEN: (usize, usize) = (12, 200);

/// The signed-in person, or `None`.
#[server(prefix = "/api", endpoint = "viewer")]
pub async fn current_viewer() -> Result<Option<Viewer>, AppError> {
    let state = crate::ctx::state()?;
    Ok(crate::ctx::viewer_row(&state).await?.map(|p| Viewer {
        id: p.id,
        name: p.display_name,
        role: p.account_role,
    }))
}

/// Professional sign-in with email and password.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use leptos_axum::ResponseOptions;
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
    let person = service::check_password(&state, &email, &password).await?;
    let cookie = service::start_session(&state, person.id).await?;
    if let Some(res) = use_context::<ResponseOptions>() {
        res.append_header(
            http::header::SET_COOKIE,
            http::HeaderValue::from_str(&cookie).map_err(AppError::internal)?,
        );
    }
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
        .ok_or(AppError::NotFound)?;
    Ok(InvitationInfo {
        name: person.display_name,
        needs_password: person.account_role.is_professional() && person.password_hash.is_none(),
    })
}

/// Uses an invitation link: signs the person in on this device. Works once.
#[server(prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String, password: Option<String>) -> Result<(), AppError> {
    use leptos_axum::ResponseOptions;
    let state = crate::ctx::state()?;
    let inv = service::find_invitation(&state, &token).await?;
    let person = state
        .store
        .person(inv.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut new_hash = None;
    if person.account_role.is_professional() && person.password_hash.is_none() {
        let pw = password.unwrap_or_default();
        let n = pw.chars().count();
        let problem = if n == 0 {
            Some(Problem::Required)
        } else if n < PASSWORD_LEN.0 {
            Some(Problem::TooShort {
                min: PASSWORD_LEN.0,
            })
        } else if n > PASSWORD_LEN.1 {
            Some(Problem::TooLong {
                max: PASSWORD_LEN.1,
            })
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(AppError::invalid(vec![FieldError {
                field: "password".into(),
                problem,
            }]));
        }
        new_hash = Some(service::hash_password(&pw)?);
    }
    if !state
        .store
        .use_invitation(inv.id, crate::ctx::now())
        .await?
    {
        return Err(AppError::Link(crate::error::LinkProblem::Used));
    }
    if let Some(hash) = new_hash {
        state.store.set_password(person.id, &hash).await?;
    }
    let cookie = service::start_session(&state, person.id).await?;
    if let Some(res) = use_context::<ResponseOptions>() {
        res.append_header(
            http::header::SET_COOKIE,
            http::HeaderValue::from_str(&cookie).map_err(AppError::internal)?,
        );
    }
    tracing::info!(person = %person.id, invitation = %inv.id, "signed in by invitation");
    let to = inv
        .case_id
        .map(|c| format!("/cases/{c}"))
        .unwrap_or_else(|| "/".into());
    leptos_axum::redirect(&to);
    Ok(())
}

/// Signs out on this device.
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use leptos_axum::ResponseOptions;
    let state = crate::ctx::state()?;
    if let Some(token) = crate::ctx::request_cookie(service::SESSION_COOKIE) {
        state
            .store
            .revoke_session(&service::hash_token(&token), crate::ctx::now())
            .await?;
    }
    if let Some(res) = use_context::<ResponseOptions>() {
        let cookie = service::clear_session_cookie(&state);
        res.append_header(
            http::header::SET_COOKIE,
            http::HeaderValue::from_str(&cookie).map_err(AppError::internal)?,
        );
    }
    leptos_axum::redirect("/");
    Ok(())
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
    view! {
        <h1>{tr(lang, "Inloggen voor professionals", "Sign in for professionals")}</h1>
        <p>{tr(lang,
            "Bent u ouder of jongere? Dan hebt u geen wachtwoord nodig. Gebruik de link die u hebt gekregen.",
            "Are you a parent or a young person? Then you do not need a password. Use the link you were sent.")}</p>
        <ErrorSummary error=error/>
        <form method="post" action=SignIn::url() class="stack" novalidate>
            <div class="field">
                <label for="email">{tr(lang, "E-mailadres", "Email address")}</label>
                <FieldMessage error=error field="email"/>
                <input id="email" name="email" type="email" autocomplete="username" required
                    prop:value=email value=email
                    aria-invalid=move || error.get().and_then(|e| e.field("email").cloned()).map(|_| "true")
                    aria-describedby="email-error"/>
            </div>
            <div class="field">
                <label for="password">{tr(lang, "Wachtwoord", "Password")}</label>
                <FieldMessage error=error field="password"/>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    aria-invalid=move || error.get().and_then(|e| e.field("password").cloned()).map(|_| "true")
                    aria-describedby="password-error"/>
            </div>
            <button type="submit" class="button">{tr(lang, "Inloggen", "Sign in")}</button>
        </form>
    }
}

/// The page an invitation link opens. It does not sign in by itself (link previews in chat apps
/// would use the link up); the person presses one button.
#[component]
pub fn InvitePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let info = Resource::new(token, load_invitation);
    let action = ServerAction::<AcceptInvitation>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    view! {
        <Suspense fallback=move || view! { <p>{tr(lang, "Even laden…", "Loading…")}</p> }>
            {move || info.get().map(|r| match r {
                Err(e) => view! {
                    <h1>{tr(lang, "Deze link werkt niet", "This link does not work")}</h1>
                    <ErrorText error=e/>
                    <p><a href="/">{tr(lang, "Naar de startpagina", "To the start page")}</a></p>
                }.into_any(),
                Ok(info) => view! {
                    <h1>{match lang {
                        crate::i18n::Lang::Nl => format!("Welkom, {}", info.name),
                        crate::i18n::Lang::En => format!("Welcome, {}", info.name),
                    }}</h1>
                    <p>{tr(lang,
                        "U bent uitgenodigd voor Aan Tafel. Hier bereidt u samen met school en hulpverleners een gesprek voor.",
                        "You are invited to Aan Tafel. Here you prepare a meeting together with the school and care workers.")}</p>
                    <p>{tr(lang,
                        "Druk op de knop om in te loggen op dit apparaat. De link werkt daarna niet meer; u blijft hier ingelogd.",
                        "Press the button to sign in on this device. After that the link no longer works; you stay signed in here.")}</p>
                    <ErrorSummary error=error/>
                    <form method="post" action=AcceptInvitation::url() class="stack" novalidate>
                        <input type="hidden" name="token" value=token()/>
                        {info.needs_password.then(|| view! {
                            <div class="field">
                                <label for="password">{tr(lang, "Kies een wachtwoord", "Choose a password")}</label>
                                <p class="hint" id="password-hint">{tr(lang,
                                    "Minstens 12 tekens. Hiermee logt u later in met uw e-mailadres.",
                                    "At least 12 characters. You use it later to sign in with your email address.")}</p>
                                <FieldMessage error=error field="password"/>
                                <input id="password" name="password" type="password" autocomplete="new-password" required
                                    aria-describedby="password-hint password-error"/>
                            </div>
                        })}
                        <button type="submit" class="button">{tr(lang, "Inloggen op dit apparaat", "Sign in on this device")}</button>
                    </form>
                }.into_any(),
            })}
        </Suspense>
    }
}
