//! The session guard on professionals' pages: a warning before an idle session ends, and signing
//! in again in place, so what someone was typing stays on the page and is sent afterwards.
//!
//! The page carries the texts and settings ([`SessionGuard`]); the page script (`portal.js`)
//! runs the clock. Server functions: [`session_left`] (reads, never extends the session) and
//! [`keep_signed_in`] (the "Blijf ingelogd" button).

use crate::error::AppError;
use crate::i18n::{k, t, use_lang};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How long a session still lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeLeft {
    /// Seconds until the session ends, unless it is used.
    pub seconds: i64,
}

/// The warning comes this many seconds before the session ends.
pub const WARN_SECS: i64 = 300;

/// Seconds a session has left at `now`: the idle time after its last use, but never past the
/// longest session. Family sessions do not time out this way (`None`).
#[cfg(feature = "ssr")]
pub fn seconds_left(
    state: &crate::ctx::AppState,
    s: &crate::store::SessionRow,
    now: i64,
) -> Option<i64> {
    if !s.person.account_role.is_professional() {
        return None;
    }
    let idle_end = s.last_seen.max(0) + state.config.idle_minutes * 60;
    let hard_end = s.created_at + state.config.professional_max_hours * 3600;
    Some((idle_end.min(hard_end) - now).max(0))
}

/// How long the signed-in professional's session still lasts. Looking does not count as use, so
/// a page left open still ends on time. 401 when it has ended, or when `person` (whose page
/// asks) is not who is signed in now: then nothing typed on that page may go out.
#[server(prefix = "/api", endpoint = "session_left")]
pub async fn session_left(#[server(default)] person: Option<i64>) -> Result<TimeLeft, AppError> {
    let state = crate::ctx::state()?;
    let token = crate::ctx::request_cookie(super::service::session_cookie_name(&state))
        .ok_or(AppError::SignInNeeded)?;
    let now = crate::ctx::now();
    let s = super::service::peek_session(&state, &token, now)
        .await?
        .ok_or(AppError::SignInNeeded)?;
    if person.is_some_and(|p| p != s.person.id.0) {
        return Err(AppError::SignInNeeded);
    }
    let seconds = seconds_left(&state, &s, now).ok_or(AppError::NotAllowed)?;
    Ok(TimeLeft { seconds })
}

/// "Blijf ingelogd": counts as use now, so the idle time starts again (the longest session
/// still holds).
#[server(prefix = "/api", endpoint = "keep_signed_in")]
pub async fn keep_signed_in(#[server(default)] person: Option<i64>) -> Result<TimeLeft, AppError> {
    let (state, mut s) = crate::ctx::signed_in_session().await?;
    let now = crate::ctx::now();
    if person.is_some_and(|p| p != s.person.id.0) {
        return Err(AppError::SignInNeeded);
    }
    if !s.person.account_role.is_professional() {
        return Err(AppError::NotAllowed);
    }
    if s.last_seen != now {
        state.store.touch_session(s.id, now).await?;
        s.last_seen = now;
    }
    let seconds = seconds_left(&state, &s, now).ok_or(AppError::NotAllowed)?;
    Ok(TimeLeft { seconds })
}

/// The guard's texts and settings, in a `<template>` (not part of the page until the page script
/// needs a dialog). Only on pages of a signed-in professional.
#[component]
pub fn SessionGuard(
    /// Seconds the session had left when the page was made.
    left: i64,
    /// The professional's address (their own), filled in when they sign in again.
    email: String,
    /// Whether passkeys work at this address.
    passkeys: bool,
    /// Whose page this is: signing in again as anyone else is refused.
    person: crate::domain::PersonId,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <template id="session-guard" data-left=left.to_string() data-warn=WARN_SECS.to_string()
            data-person=person.to_string()>
            <dialog id="session-warning" aria-labelledby="session-warning-title">
                <h2 id="session-warning-title">{t(lang, k::auth_are_you_still_there)}</h2>
                <p>{t(lang, k::auth_you_have_not_done_anything)}</p>
                <button type="button" class="button" id="session-keep">{t(lang, k::auth_stay_signed_in)}</button>
            </dialog>
            <dialog id="session-ended" aria-labelledby="session-ended-title">
                <h2 id="session-ended-title">{t(lang, k::auth_you_are_signed_out)}</h2>
                <p>{t(lang, k::auth_sign_in_again_what_you)}</p>
                <form id="session-sign-in" class="stack" novalidate>
                    <div class="field">
                        <label for="session-email">{t(lang, k::auth_email_address)}</label>
                        <input id="session-email" name="email" type="email" autocomplete="username" readonly value=email/>
                    </div>
                    <div class="field">
                        <label for="session-password">{t(lang, k::auth_password)}</label>
                        <input id="session-password" name="password" type="password" autocomplete="current-password"/>
                    </div>
                    <p class="field-error" id="session-message" role="alert"
                        data-failed=AppError::PasskeyFailed.message(lang)
                        data-offline=AppError::Transport(String::new()).message(lang)></p>
                    <button type="submit" class="button">{t(lang, k::auth_sign_in)}</button>
                    {passkeys.then(|| view! {
                        <button type="button" class="button secondary" id="session-passkey" data-passkey-button hidden>
                            {t(lang, k::auth_sign_in_with_passkey)}
                        </button>
                    })}
                </form>
            </dialog>
        </template>
    }
}
