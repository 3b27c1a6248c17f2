//! Who sits at the table: taking someone off it, changing a role (coordinator only, with a
//! reason), a new sign-in link for a family member who lost theirs (the family coach hands it
//! over in person), disabling an account and closing a case.
//!
//! Server functions: [`remove_person`], [`change_role`], [`new_family_link`], [`set_gezag`], [`close_case`],
//! [`disable_account`], [`load_link_target`]. Page: [`NewFamilyLinkPage`]. Every change is
//! recorded: role changes and removals on the case page, everything in the audit log.

use super::NewLink;
#[cfg(feature = "ssr")]
use crate::domain::{Action, Role};
use crate::domain::{CaseId, PersonId};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::{FieldError, Problem};
use crate::i18n::{k, t, use_lang};
use crate::ui::{ErrorSummary, ErrorText};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The family member a new link is for, and the link if one was just made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkTarget {
    /// The case.
    pub case: CaseId,
    /// The person.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// The link made just before, shown once.
    pub shown: Option<NewLink>,
}

/// Takes a person off the table. A coordinator or the family coach may; nobody removes
/// themselves, and a coach does not remove a coordinator. Access ends on their next request.
#[server(prefix = "/api", endpoint = "remove_person")]
pub async fn remove_person(case: CaseId, person: PersonId) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let my_role = crate::ctx::require(&state, me.id, case, Action::Invite).await?;
    let their_role = state
        .store
        .membership(case, person)
        .await?
        .ok_or(AppError::NotFound)?;
    if person == me.id || (their_role == Role::Coordinator && my_role != Role::Coordinator) {
        return Err(AppError::NotAllowed);
    }
    let now = crate::ctx::now();
    if !state.store.remove_member(case, person, me.id, now).await? {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "member.remove",
        format!("person:{person}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}"));
    Ok(())
}

/// A coordinator gives someone at the table another role, with a reason. The new role must fit
/// the kind of account. Shown on the case page and recorded.
#[server(prefix = "/api", endpoint = "change_role")]
pub async fn change_role(
    case: CaseId,
    person: PersonId,
    role: Option<String>,
    reason: String,
) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let my_role = crate::ctx::require(&state, me.id, case, Action::ViewCase).await?;
    if my_role != Role::Coordinator || person == me.id {
        return Err(AppError::NotAllowed);
    }
    state
        .store
        .membership(case, person)
        .await?
        .ok_or(AppError::NotFound)?;
    let account = state
        .store
        .person(person)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    let to = Role::parse(role.as_deref().unwrap_or_default());
    match to {
        None => errors.push(FieldError {
            field: "role".into(),
            problem: Problem::Choice,
        }),
        Some(r) if !account.account_role.fits(r) => errors.push(FieldError {
            field: "role".into(),
            problem: Problem::WrongKindOfAccount,
        }),
        Some(_) => {}
    }
    let reason = crate::domain::text("reason", &reason, 3, 300, &mut errors);
    let Some(to) = to.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid {
            errors,
            echo: vec![("reason".into(), reason)],
        });
    };
    let now = crate::ctx::now();
    if !state
        .store
        .change_role(case, person, to, &reason, me.id, now)
        .await?
    {
        return Err(AppError::Taken);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "member.role",
        format!("person:{person}:role:{}", to.code()),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}"));
    Ok(())
}

/// Checks that a family member sits at this table and that the caller may make links here.
#[cfg(feature = "ssr")]
async fn family_member_here(
    state: &crate::ctx::AppState,
    me: PersonId,
    case: CaseId,
    person: PersonId,
) -> Result<crate::store::PersonRow, AppError> {
    crate::ctx::require(state, me, case, Action::Invite).await?;
    let role = state
        .store
        .membership(case, person)
        .await?
        .ok_or(AppError::NotFound)?;
    if role.is_professional() {
        // Professionals get a password link from a coordinator, on the accounts page.
        return Err(AppError::NotAllowed);
    }
    state.store.person(person).await?.ok_or(AppError::NotFound)
}

/// The page "new link for …": who it is for, and the link if it was just made.
#[server(prefix = "/api", endpoint = "load_link_target")]
pub async fn load_link_target(case: CaseId, person: PersonId) -> Result<LinkTarget, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let p = family_member_here(&state, me.id, case, person).await?;
    let shown = super::taken_once(&state, &format!("/cases/{case}/people/{person}/link")).await?;
    Ok(LinkTarget {
        case,
        person,
        name: p.display_name,
        shown,
    })
}

/// A new sign-in link for a family member who lost theirs: for the same person, never a new
/// account. Older links stop working and every session of theirs ends; they are told at their
/// next sign-in who made it, and when.
#[server(prefix = "/api", endpoint = "new_family_link")]
pub async fn new_family_link(case: CaseId, person: PersonId) -> Result<(), AppError> {
    use crate::store::NoticeKind;
    let (state, me) = crate::ctx::signed_in().await?;
    let p = family_member_here(&state, me.id, case, person).await?;
    if p.disabled_at.is_some() {
        return Err(AppError::NotAllowed);
    }
    let (inv, link) = crate::auth::service::replace_link(
        &state,
        person,
        Some(case),
        me.id,
        true,
        Some(NoticeKind::NewLink),
    )
    .await?;
    crate::ctx::audit_read(
        &state,
        me.id,
        Some(case),
        "link.new",
        format!("person:{person}:invitation:{inv}"),
        // Theirs to see on "Wie heeft mijn informatie gezien?".
        vec![person],
    )
    .await?;
    let path = format!("/cases/{case}/people/{person}/link");
    let shown = NewLink {
        name: p.display_name,
        qr_svg: crate::auth::service::qr_svg(&link),
        link: Some(link),
    };
    super::show_once(&state, &path, &shown).await?;
    leptos_axum::redirect(&path);
    Ok(())
}

/// A coordinator notes whether a parent at the table holds parental authority (gezag): only a
/// parent with gezag decides for the child where the law asks a parent's consent.
#[server(prefix = "/api", endpoint = "set_gezag")]
pub async fn set_gezag(
    case: CaseId,
    person: PersonId,
    gezag: Option<String>,
) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let role = crate::ctx::require(&state, me.id, case, Action::ViewCase).await?;
    if role != Role::Coordinator {
        return Err(AppError::NotAllowed);
    }
    let gezag = match gezag.as_deref() {
        Some("yes") => true,
        Some("no") => false,
        _ => {
            return Err(AppError::Invalid {
                errors: vec![FieldError {
                    field: "gezag".into(),
                    problem: Problem::Choice,
                }],
                echo: Vec::new(),
            })
        }
    };
    if !state
        .store
        .set_gezag(case, person, gezag, crate::ctx::now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "member.gezag",
        format!("person:{person}:gezag:{}", u8::from(gezag)),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}"));
    Ok(())
}

/// A coordinator closes a case: it becomes read-only. Families keep their rights on it.
#[server(prefix = "/api", endpoint = "close_case")]
pub async fn close_case(case: CaseId) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let role = crate::ctx::require(&state, me.id, case, Action::ViewCase).await?;
    if role != Role::Coordinator {
        return Err(AppError::NotAllowed);
    }
    if !state.store.close_case(case, crate::ctx::now()).await? {
        return Err(AppError::CaseClosed);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "case.close",
        format!("case:{case}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}"));
    Ok(())
}

/// A coordinator disables a professional's account: every session and open link ends at once.
/// Nobody disables their own account. A family account is never switched off by hand: its owner
/// keeps the way to their own data (download, erase, consent); to end their part in a case, the
/// coordinator takes them off the table, and on their request erases them (which closes the
/// account).
#[server(prefix = "/api", endpoint = "disable_account")]
pub async fn disable_account(person: PersonId) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    if me.account_role != Role::Coordinator {
        return Err(AppError::NotAllowed);
    }
    if person == me.id {
        return Err(AppError::NotAllowed);
    }
    let p = state
        .store
        .person(person)
        .await?
        .ok_or(AppError::NotFound)?;
    if !p.account_role.is_professional() {
        return Err(AppError::NotAllowed);
    }
    state
        .store
        .disable_person(person, crate::ctx::now())
        .await?;
    crate::auth::service::security_event(
        &state,
        Some(me.id),
        "account.disable",
        format!("person:{person}"),
    )
    .await?;
    leptos_axum::redirect("/accounts");
    Ok(())
}

/// The case and the person of a page at `/cases/{id}/people/{person}/…`, from its address.
pub fn case_and_person() -> Memo<Option<(CaseId, PersonId)>> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| {
        let p = params.read();
        let n = |k: &str| p.get(k).and_then(|s| s.parse::<i64>().ok());
        n("id")
            .zip(n("person"))
            .map(|(c, p)| (CaseId(c), PersonId(p)))
    })
}

/// "New link for …": the coach makes it and hands it over in person (QR code) or sends it.
#[component]
pub fn NewFamilyLinkPage() -> impl IntoView {
    let lang = use_lang();
    let ids = case_and_person();
    let ids = ids.get_untracked();
    let action = ServerAction::<NewFamilyLink>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    view! {
        <h1>{t(lang, k::case_new_sign_in_link)}</h1>
        {crate::ui::page_body(async move {
            let loaded = match ids { Some((c, p)) => load_link_target(c, p).await, None => Err(AppError::NotFound) };
            match loaded {
                Err(e) => view! { <ErrorText error=e/> }.into_any(),
                Ok(target) => view! {
                    {target.shown.clone().map(|n| view! { <super::NewLinkNotice shown=n/> })}
                    <p>{t(lang, k::case_for)}<strong><bdi>{target.name.clone()}</bdi></strong></p>
                    <p>{t(lang, k::case_is_the_link_lost_then)}</p>
                    <ErrorSummary error=error/>
                    <ActionForm action=action attr:class="stack">
                        <input type="hidden" name="case" value=target.case.0/>
                        <input type="hidden" name="person" value=target.person.0/>
                        <button type="submit" class="button">{t(lang, k::case_make_a_new_link)}</button>
                    </ActionForm>
                    <p><a href=format!("/cases/{}", target.case)>{t(lang, k::case_back_to_the_case)}</a></p>
                }.into_any(),
        }})}
    }
}
