//! Passkeys for professionals: adding and removing them on the security page, and signing in with
//! one. Once someone has a passkey, a password alone no longer signs them in.
//!
//! The browser side is the page script (`portal.js`, inline with the page's CSP nonce): it turns
//! the server's options into a `navigator.credentials` call and sends the answer back. The state
//! of each ceremony is kept in the database (a flash that works once, for five minutes), so any
//! instance can finish it.
//!
//! Page: [`SecurityPage`] (`/security`). Server functions: [`load_security`],
//! [`passkey_add_start`], [`passkey_add_finish`], [`passkey_remove`], [`passkey_sign_in_start`],
//! [`passkey_sign_in_finish`].

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::{FieldError, Problem};
use crate::i18n::{k, t, tf, use_lang};
use crate::ui::{ErrorSummary, ErrorText, FieldMessage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::ServerFn;

/// A ceremony in progress: its id (sent back to finish it) and the options for the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ceremony {
    /// One-time id of the kept state.
    pub id: String,
    /// The options for `navigator.credentials`, as JSON.
    pub options: String,
}

/// One passkey, as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyInfo {
    /// Row id (to remove it).
    pub id: i64,
    /// The name its owner gave it.
    pub name: String,
    /// When it was added, in words.
    pub added: String,
    /// When it last signed in, in words.
    pub last_used: Option<String>,
}

/// What the security page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityInfo {
    /// Whether passkeys work at this address.
    pub available: bool,
    /// The person's passkeys.
    pub passkeys: Vec<PasskeyInfo>,
}

/// The longest name of a passkey.
pub const NAME_MAX: usize = 60;

/// The longest answer from the browser that is read.
#[cfg(feature = "ssr")]
const CREDENTIAL_MAX: usize = 32 * 1024;

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::auth::service;
    use crate::ctx::AppState;
    use crate::domain::PersonId;
    use webauthn_rs::prelude::{Url, Uuid, Webauthn, WebauthnBuilder};

    /// A ceremony's state lives this long.
    const CEREMONY_SECS: i64 = 300;
    /// Adding a passkey needs a sign-in of at most this long ago, so nobody at an unattended
    /// screen adds a key of their own.
    pub const RECENT_SIGN_IN_SECS: i64 = 900;

    /// The passkey settings for this portal's address, or [`AppError::PasskeysOff`].
    pub fn webauthn(state: &AppState) -> Result<Webauthn, AppError> {
        let origin = state
            .config
            .passkey_origin
            .as_deref()
            .ok_or(AppError::PasskeysOff)?;
        let url = Url::parse(origin).map_err(AppError::internal)?;
        let rp_id = url.host_str().ok_or(AppError::PasskeysOff)?.to_string();
        WebauthnBuilder::new(&rp_id, &url)
            .map_err(AppError::internal)?
            .rp_name("Aan Tafel")
            .build()
            .map_err(AppError::internal)
    }

    /// The id a person's passkeys carry: an HMAC of their id, so it says nothing about them.
    pub fn user_handle(state: &AppState, person: PersonId) -> Uuid {
        let hex = state.secret.mac("passkey-user", &person.to_string());
        let bytes: Vec<u8> = (0..hex.len() / 2)
            .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
            .collect();
        Uuid::from_slice(&bytes).unwrap_or_else(|_| Uuid::nil())
    }

    /// Keeps a ceremony's state; returns the id the browser sends back.
    pub async fn keep(
        state: &AppState,
        kind: &str,
        person: PersonId,
        json: String,
    ) -> Result<String, AppError> {
        let id = service::Token::generate();
        state
            .store
            .put_flash(
                &id.hash(),
                kind,
                &person.to_string(),
                &json,
                crate::ctx::now() + CEREMONY_SECS,
            )
            .await?;
        Ok(id.expose().to_string())
    }

    /// Takes a ceremony's state (it works once): whose it is, and the state.
    pub async fn take(
        state: &AppState,
        kind: &str,
        id: &str,
    ) -> Result<(PersonId, String), AppError> {
        if !service::looks_like_token(id) {
            return Err(AppError::PasskeyFailed);
        }
        match state
            .store
            .take_flash(&service::hash_token(id), crate::ctx::now())
            .await?
        {
            Some((k, person, json)) if k == kind => person
                .parse::<i64>()
                .map(|p| (PersonId(p), json))
                .map_err(|_| AppError::PasskeyFailed),
            _ => Err(AppError::PasskeyFailed),
        }
    }

    /// A passkey's name, checked.
    pub fn check_name(name: &str) -> Result<String, AppError> {
        let name = name.trim();
        let problem = if name.is_empty() {
            Some(Problem::Required)
        } else if name.chars().count() > NAME_MAX {
            Some(Problem::TooLong { max: NAME_MAX })
        } else {
            None
        };
        match problem {
            Some(problem) => Err(AppError::Invalid {
                errors: vec![FieldError {
                    field: "passkey-name".into(),
                    problem,
                }],
                echo: vec![("passkey-name".into(), name.chars().take(NAME_MAX).collect())],
            }),
            None => Ok(name.to_string()),
        }
    }

    /// Records a passkey added or removed: in the security log, and as a notice the owner reads
    /// at their next sign-in (so a key added by someone else at their screen does not go unseen).
    pub async fn recorded(
        state: &AppState,
        person: PersonId,
        passkey: i64,
        kind: crate::store::NoticeKind,
    ) -> Result<(), AppError> {
        let action = match kind {
            crate::store::NoticeKind::PasskeyAdded => "passkey.added",
            _ => "passkey.removed",
        };
        service::security_event(state, Some(person), action, format!("passkey:{passkey}")).await?;
        state
            .store
            .add_notice(person, kind, None, None, crate::ctx::now())
            .await?;
        Ok(())
    }

    /// The signed-in professional, or why not.
    pub async fn professional() -> Result<(AppState, crate::store::PersonRow), AppError> {
        let (state, me) = crate::ctx::signed_in().await?;
        if !me.account_role.is_professional() {
            return Err(AppError::NotAllowed);
        }
        Ok((state, me))
    }
}

/// The signed-in professional's passkeys.
#[server(prefix = "/api", endpoint = "load_security")]
pub async fn load_security() -> Result<SecurityInfo, AppError> {
    let (state, me) = server::professional().await?;
    let lang = crate::i18n::use_lang();
    let when = |t: i64| crate::domain::LocalTime::from_unix(t).date_long(lang);
    let passkeys = state
        .store
        .passkeys(me.id)
        .await?
        .into_iter()
        .map(|p| PasskeyInfo {
            id: p.id,
            name: p.name,
            added: when(p.created_at),
            last_used: p.last_used_at.map(when),
        })
        .collect();
    Ok(SecurityInfo {
        available: state.config.passkey_origin.is_some(),
        passkeys,
    })
}

/// Starts adding a passkey: checks its name and gives the browser its options.
#[server(prefix = "/api", endpoint = "passkey_add_start")]
pub async fn passkey_add_start(name: String) -> Result<Ceremony, AppError> {
    use webauthn_rs::prelude::Passkey;
    let (state, session) = crate::ctx::signed_in_session().await?;
    let me = session.person;
    if !me.account_role.is_professional() {
        return Err(AppError::NotAllowed);
    }
    server::check_name(&name)?;
    let wa = server::webauthn(&state)?;
    if crate::ctx::now() - session.created_at > server::RECENT_SIGN_IN_SECS {
        return Err(AppError::RecentSignInNeeded);
    }
    let known: Vec<_> = state
        .store
        .passkeys(me.id)
        .await?
        .iter()
        .filter_map(|p| serde_json::from_str::<Passkey>(&p.data).ok())
        .map(|p| p.cred_id().clone())
        .collect();
    let email = me.email.clone().unwrap_or_else(|| me.display_name.clone());
    let (options, reg) = wa
        .start_passkey_registration(
            server::user_handle(&state, me.id),
            &email,
            &me.display_name,
            Some(known),
        )
        .map_err(AppError::internal)?;
    let kept = serde_json::to_string(&reg).map_err(AppError::internal)?;
    let id = server::keep(&state, "passkey.add", me.id, kept).await?;
    Ok(Ceremony {
        id,
        options: serde_json::to_string(&options).map_err(AppError::internal)?,
    })
}

/// Finishes adding a passkey with the browser's answer.
#[server(prefix = "/api", endpoint = "passkey_add_finish")]
pub async fn passkey_add_finish(
    ceremony: String,
    credential: String,
    name: String,
) -> Result<(), AppError> {
    use base64::Engine;
    use webauthn_rs::prelude::{PasskeyRegistration, RegisterPublicKeyCredential};
    let (state, me) = server::professional().await?;
    let name = server::check_name(&name)?;
    let (who, kept) = server::take(&state, "passkey.add", &ceremony)
        .await
        .map_err(|_| AppError::PasskeyNotAdded)?;
    if who != me.id || credential.len() > CREDENTIAL_MAX {
        return Err(AppError::PasskeyNotAdded);
    }
    let reg: PasskeyRegistration = serde_json::from_str(&kept).map_err(AppError::internal)?;
    let answer: RegisterPublicKeyCredential =
        serde_json::from_str(&credential).map_err(|_| AppError::PasskeyNotAdded)?;
    let passkey = server::webauthn(&state)?
        .finish_passkey_registration(&answer, &reg)
        .map_err(|e| {
            tracing::info!(error = %e, "a passkey was not added");
            AppError::PasskeyNotAdded
        })?;
    let cred_id = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(passkey.cred_id());
    let data = serde_json::to_string(&passkey).map_err(AppError::internal)?;
    let id = state
        .store
        .add_passkey(me.id, &cred_id, &name, &data, crate::ctx::now())
        .await?;
    server::recorded(&state, me.id, id, crate::store::NoticeKind::PasskeyAdded).await?;
    Ok(())
}

/// Removes one of the signed-in professional's passkeys.
#[server(prefix = "/api", endpoint = "passkey_remove")]
pub async fn passkey_remove(id: i64) -> Result<(), AppError> {
    let (state, me) = server::professional().await?;
    if !state.store.remove_passkey(me.id, id).await? {
        return Err(AppError::NotFound);
    }
    server::recorded(&state, me.id, id, crate::store::NoticeKind::PasskeyRemoved).await?;
    leptos_axum::redirect("/security");
    Ok(())
}

/// Starts signing in with a passkey: the options for the passkeys of this address.
#[server(prefix = "/api", endpoint = "passkey_sign_in_start")]
pub async fn passkey_sign_in_start(email: String) -> Result<Ceremony, AppError> {
    use super::service::{account_key, client_key, sign_in_failed, slowed_down};
    use webauthn_rs::prelude::Passkey;
    let state = crate::ctx::state()?;
    if email.trim().is_empty() {
        return Err(AppError::invalid(vec![FieldError {
            field: "email".into(),
            problem: Problem::Required,
        }]));
    }
    let email = email.chars().take(254).collect::<String>();
    let (akey, ckey, now) = (
        account_key(&state, &email),
        client_key(&state),
        crate::ctx::now(),
    );
    slowed_down(&state, &akey, &ckey, now).await?;
    let wa = server::webauthn(&state)?;
    let person = state
        .store
        .person_by_email(&email.trim().to_lowercase())
        .await?
        .filter(|p| p.disabled_at.is_none() && p.account_role.is_professional());
    let keys: Vec<Passkey> = match &person {
        Some(p) => state
            .store
            .passkeys(p.id)
            .await?
            .iter()
            .filter_map(|k| serde_json::from_str(&k.data).ok())
            .collect(),
        None => Vec::new(),
    };
    let (Some(person), false) = (person, keys.is_empty()) else {
        sign_in_failed(&state, &akey, &ckey, now, "passkey").await?;
        return Err(AppError::PasskeyFailed);
    };
    let (options, auth) = wa
        .start_passkey_authentication(&keys)
        .map_err(AppError::internal)?;
    let kept = serde_json::to_string(&auth).map_err(AppError::internal)?;
    let id = server::keep(&state, "passkey.sign_in", person.id, kept).await?;
    Ok(Ceremony {
        id,
        options: serde_json::to_string(&options).map_err(AppError::internal)?,
    })
}

/// Finishes signing in with a passkey. `same_person`: when signing in again in place, the
/// person the page belongs to; anyone else is refused, so nothing typed is sent in another name.
#[server(prefix = "/api", endpoint = "passkey_sign_in_finish")]
pub async fn passkey_sign_in_finish(
    ceremony: String,
    credential: String,
    #[server(default)] same_person: Option<i64>,
) -> Result<(), AppError> {
    use super::service::{account_key, client_key, sign_in_failed, slowed_down};
    use crate::store::ThrottleScope;
    use base64::Engine;
    use webauthn_rs::prelude::{Passkey, PasskeyAuthentication, PublicKeyCredential};
    let state = crate::ctx::state()?;
    let (who, kept) = server::take(&state, "passkey.sign_in", &ceremony).await?;
    let person = state
        .store
        .person(who)
        .await?
        .filter(|p| p.disabled_at.is_none() && p.account_role.is_professional())
        .ok_or(AppError::PasskeyFailed)?;
    let email = person.email.clone().unwrap_or_default();
    let (akey, ckey, now) = (
        account_key(&state, &email),
        client_key(&state),
        crate::ctx::now(),
    );
    slowed_down(&state, &akey, &ckey, now).await?;
    let auth: PasskeyAuthentication = serde_json::from_str(&kept).map_err(AppError::internal)?;
    let checked = (credential.len() <= CREDENTIAL_MAX)
        .then(|| serde_json::from_str::<PublicKeyCredential>(&credential).ok())
        .flatten()
        .ok_or(())
        .and_then(|answer| {
            server::webauthn(&state)
                .map_err(|_| ())?
                .finish_passkey_authentication(&answer, &auth)
                .map_err(|e| tracing::info!(error = %e, "a passkey sign-in failed"))
        });
    let Ok(result) = checked else {
        sign_in_failed(&state, &akey, &ckey, now, "passkey").await?;
        return Err(AppError::PasskeyFailed);
    };
    if same_person.is_some_and(|p| p != person.id.0) {
        return Err(AppError::NotAllowed);
    }
    // The passkey's counter moves on, so a copied passkey is noticed.
    let used = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(result.cred_id());
    for row in state.store.passkeys(person.id).await? {
        if row.cred_id != used {
            continue;
        }
        let mut key: Passkey = serde_json::from_str(&row.data).map_err(AppError::internal)?;
        key.update_credential(&result);
        let data = serde_json::to_string(&key).map_err(AppError::internal)?;
        state.store.passkey_used(row.id, &data, now).await?;
    }
    state
        .store
        .clear_failures(ThrottleScope::Account, &akey)
        .await?;
    let cookie =
        super::service::start_session(&state, &person, crate::store::SessionKind::Own).await?;
    crate::ctx::set_cookie(&cookie)?;
    super::flash_notices(&state, &person).await?;
    super::service::security_event(&state, Some(person.id), "sign_in", "method:passkey".into())
        .await?;
    tracing::info!(person = %person.id, "professional signed in with a passkey");
    Ok(())
}

/// `/security`: a professional's passkeys (add, remove) and signing out everywhere.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let lang = use_lang();
    let remove = ServerAction::<PasskeyRemove>::new();
    let error = Signal::derive(move || remove.value().get().and_then(|r| r.err()));
    view! {
        <h1>{t(lang, k::auth_signing_in_and_safety)}</h1>
        {crate::ui::page_body(async move { match load_security().await {
                Err(e) => view! { <ErrorText error=e/> }.into_any(),
                Ok(info) => view! {
                    <ErrorSummary error=error/>
                    <section aria-labelledby="passkeys-title">
                        <h2 id="passkeys-title">{t(lang, k::auth_passkeys)}</h2>
                        <p>{t(lang, k::auth_a_passkey_is_a_key)}</p>
                        <p>{t(lang, k::auth_do_you_have_a_passkey_2)}</p>
                        {if info.passkeys.is_empty() {
                            view! { <p>{t(lang, k::auth_you_have_no_passkey_yet)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="passkeys">
                                    {info.passkeys.into_iter().map(|p| {
                                        let used = match &p.last_used {
                                            Some(d) => tf(lang, k::auth_passkey_last_used, &[("date", d)]),
                                            None => t(lang, k::auth_not_used_yet).to_string(),
                                        };
                                        let added = tf(lang, k::auth_passkey_added_on, &[("date", &p.added)]);
                                        let label = tf(lang, k::auth_passkey_remove_name, &[("name", &p.name)]);
                                        view! {
                                            <li>
                                                <strong>{p.name.clone()}</strong>
                                                <span>{added}" "{used}</span>
                                                <form method="post" action=PasskeyRemove::url() class="inline">
                                                    <input type="hidden" name="id" value=p.id.to_string()/>
                                                    <button type="submit" class="link-button" aria-label=label>
                                                        {t(lang, k::auth_remove)}
                                                    </button>
                                                </form>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        {if info.available {
                            view! {
                                <form id="passkey-add" class="stack" novalidate data-passkey-form>
                                    <h3>{t(lang, k::auth_add_a_passkey)}</h3>
                                    <div class="field">
                                        <label for="passkey-name">{t(lang, k::auth_name_of_the_device)}</label>
                                        <p class="hint" id="passkey-name-hint">{t(lang, k::auth_so_you_recognise_the_passkey)}</p>
                                        <FieldMessage error=error field="passkey-name"/>
                                        <input id="passkey-name" name="name" type="text" maxlength=NAME_MAX.to_string() required
                                            aria-describedby="passkey-name-hint passkey-name-error"/>
                                    </div>
                                    <p class="field-error" id="passkey-message" role="alert" data-failed=AppError::PasskeyNotAdded.message(lang)
                                        data-offline=AppError::Transport(String::new()).message(lang)></p>
                                    <button type="submit" class="button" data-passkey-button hidden>
                                        {t(lang, k::auth_add_passkey)}
                                    </button>
                                    <p class="hint" data-passkey-missing>{t(lang, k::auth_adding_a_passkey_does_not)}</p>
                                </form>
                            }.into_any()
                        } else {
                            view! { <p>{AppError::PasskeysOff.message(lang)}</p> }.into_any()
                        }}
                    </section>
                    <crate::case::SignOutEverywhere/>
                }.into_any(),
        }})}
    }
}
