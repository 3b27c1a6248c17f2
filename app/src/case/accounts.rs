//! Professional accounts, for coordinators: who has an account, a new password link for someone
//! who forgot theirs, taking away the passkeys of someone who lost them, and disabling an account
//! (every session ends at once).
//!
//! Server functions: [`load_accounts`], [`password_link`], [`remove_passkeys`]. Page:
//! [`AccountsPage`].

use super::NewLink;
use crate::domain::{PersonId, Role};
use crate::error::AppError;
use crate::i18n::{k, t, tn, use_lang};
use crate::ui::{ErrorSummary, ErrorText};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One professional account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    /// Id.
    pub id: PersonId,
    /// Name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Kind of account.
    pub role: Role,
    /// Whether they chose a password yet.
    pub has_password: bool,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// How many passkeys they have.
    pub passkeys: i64,
}

/// The accounts page: every professional, and a link made just before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accounts {
    /// The accounts, by name.
    pub accounts: Vec<AccountView>,
    /// A password link made just before, shown once.
    pub shown: Option<NewLink>,
}

/// Every professional account. Coordinators only.
#[server(prefix = "/api", endpoint = "load_accounts")]
pub async fn load_accounts() -> Result<Accounts, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    if me.account_role != Role::Coordinator {
        return Err(AppError::NotAllowed);
    }
    let accounts = state
        .store
        .professionals()
        .await?
        .into_iter()
        .map(|a| AccountView {
            id: a.person.id,
            name: a.person.display_name,
            email: a.person.email.unwrap_or_default(),
            role: a.person.account_role,
            has_password: a.has_password,
            disabled: a.person.disabled_at.is_some(),
            passkeys: a.passkeys,
        })
        .collect();
    let shown = super::taken_once(&state, "/accounts").await?;
    Ok(Accounts { accounts, shown })
}

/// A coordinator makes a link with which a professional chooses a new password. The link never
/// signs in by itself; choosing the password ends every session of theirs, and they are told.
#[server(prefix = "/api", endpoint = "password_link")]
pub async fn password_link(person: PersonId) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    if me.account_role != Role::Coordinator {
        return Err(AppError::NotAllowed);
    }
    let p = state
        .store
        .person(person)
        .await?
        .filter(|p| p.account_role.is_professional())
        .ok_or(AppError::NotFound)?;
    if p.disabled_at.is_some() || p.id == me.id {
        return Err(AppError::NotAllowed);
    }
    let (inv, link) =
        crate::auth::service::replace_link(&state, person, None, me.id, false, None).await?;
    crate::auth::service::security_event(
        &state,
        Some(me.id),
        "link.made",
        format!("person:{person}:invitation:{inv}"),
    )
    .await?;
    let shown = NewLink {
        name: p.display_name,
        qr_svg: crate::auth::service::qr_svg(&link),
        link: Some(link),
    };
    super::show_once(&state, "/accounts", &shown).await?;
    leptos_axum::redirect("/accounts");
    Ok(())
}

/// A coordinator takes away every passkey of a professional who lost theirs; after that their
/// password signs them in again (with a password link, if they forgot it too). The owner is told
/// at their next sign-in, and it is in the security log.
#[server(prefix = "/api", endpoint = "remove_passkeys")]
pub async fn remove_passkeys(person: PersonId) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    if me.account_role != Role::Coordinator || person == me.id {
        return Err(AppError::NotAllowed);
    }
    state
        .store
        .person(person)
        .await?
        .filter(|p| p.account_role.is_professional())
        .ok_or(AppError::NotFound)?;
    let n = state.store.remove_passkeys_of(person).await?;
    crate::auth::service::security_event(
        &state,
        Some(me.id),
        "passkey.removed_all",
        format!("person:{person}:passkeys:{n}"),
    )
    .await?;
    if n > 0 {
        state
            .store
            .add_notice(
                person,
                crate::store::NoticeKind::PasskeyRemoved,
                Some(me.id),
                None,
                crate::ctx::now(),
            )
            .await?;
    }
    leptos_axum::redirect("/accounts");
    Ok(())
}

/// The coordinator's accounts page.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let lang = use_lang();
    let reset = ServerAction::<PasswordLink>::new();
    let disable = ServerAction::<super::table::DisableAccount>::new();
    let unkey = ServerAction::<RemovePasskeys>::new();
    let error = Signal::derive(move || {
        reset
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| disable.value().get().and_then(|r| r.err()))
            .or_else(|| unkey.value().get().and_then(|r| r.err()))
    });
    view! {
        <h1>{t(lang, k::case_professional_accounts)}</h1>
        {crate::ui::page_body(async move { match load_accounts().await {
                Err(e) => view! { <ErrorText error=e/> }.into_any(),
                Ok(a) => view! {
                    {a.shown.map(|n| view! { <super::NewLinkNotice shown=n/> })}
                    <ErrorSummary error=error/>
                    <p>{t(lang, k::case_a_new_professional_gets_an)}</p>
                    <ul class="people">
                        {a.accounts.into_iter().map(|acc| { let label = format!(" ({})", acc.name); let label2 = label.clone(); let label3 = label.clone(); let id = acc.id.0; let keys = acc.passkeys; view! {
                            <li>
                                <p class="person"><strong><bdi>{acc.name.clone()}</bdi></strong>" · "{acc.role.name(lang)}" · "<bdi>{acc.email.clone()}</bdi></p>
                                <p class="meta">{if acc.disabled { t(lang, k::case_disabled) }
                                    else if acc.has_password { t(lang, k::case_active) }
                                    else { t(lang, k::case_no_password_chosen_yet) }}
                                    {(keys > 0).then(|| tn(lang, k::case_passkeys_count, keys as u64, &[]))}</p>
                                {(!acc.disabled).then(|| view! {
                                    <ActionForm action=reset attr:class="inline">
                                        <input type="hidden" name="person" value=id/>
                                        <button type="submit" class="link-button">{t(lang, k::case_make_a_password_link)}
                                            <span class="visually-hidden">{label}</span></button>
                                    </ActionForm>
                                    {(keys > 0).then(|| view! {
                                        <ActionForm action=unkey attr:class="inline">
                                            <input type="hidden" name="person" value=id/>
                                            <button type="submit" class="link-button">{t(lang, k::case_remove_passkeys)}
                                                <span class="visually-hidden">{label3}</span></button>
                                        </ActionForm>
                                    })}
                                    <ActionForm action=disable attr:class="inline">
                                        <input type="hidden" name="person" value=id/>
                                        <button type="submit" class="link-button">{t(lang, k::case_disable)}
                                            <span class="visually-hidden">{label2}</span></button>
                                    </ActionForm>
                                })}
                            </li>
                        }}).collect_view()}
                    </ul>
                }.into_any(),
        }})}
    }
}
