//! A coordinator erases everything a family member wrote, when that person asks (AVG art. 17):
//! a page that says what goes and what stays, and a confirmation before anything happens. The
//! audit log keeps that it happened, by whom and for whom, as ids; never what was erased. Also
//! on a closed case, and for someone taken off the table: the right to erasure outlives the
//! meetings and the seat.
//!
//! Server functions: [`load_erase_target`], [`erase_person`]. Page: [`ErasePersonPage`]
//! (`/cases/{id}/people/{person}/erase`). Data access: `crate::store::RetentionStore::erase_person`.

use crate::domain::{CaseId, PersonId};
use crate::error::AppError;
use crate::i18n::{fill, k, t, use_lang};
use crate::ui::{ErrorSummary, ErrorText};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whose data the page is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EraseTarget {
    /// The case.
    pub case: CaseId,
    /// The person.
    pub person: PersonId,
    /// Their name.
    pub name: String,
}

/// Checks that the caller is the coordinator at this table and `person` a family member who sits
/// or sat at it (a parent, the young person or a supporter; never the caller).
#[cfg(feature = "ssr")]
async fn family_member_for_coordinator(
    state: &crate::ctx::AppState,
    me: PersonId,
    case: CaseId,
    person: PersonId,
) -> Result<crate::store::PersonRow, AppError> {
    use crate::domain::{Action, Role};
    let mine = crate::ctx::require(state, me, case, Action::ViewCase).await?;
    // Also someone taken off the table: their right to erasure stays.
    let (theirs, _) = state
        .store
        .seat_ever(case, person)
        .await?
        .ok_or(AppError::NotFound)?;
    if mine != Role::Coordinator || theirs.is_professional() || person == me {
        return Err(AppError::NotAllowed);
    }
    state.store.person(person).await?.ok_or(AppError::NotFound)
}

/// Who the erase page is about.
#[server(prefix = "/api", endpoint = "load_erase_target")]
pub async fn load_erase_target(case: CaseId, person: PersonId) -> Result<EraseTarget, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let p = family_member_for_coordinator(&state, me.id, case, person).await?;
    Ok(EraseTarget {
        case,
        person,
        name: p.display_name,
    })
}

/// Erases everything the person wrote, once the coordinator confirmed (`confirm` = `yes`).
#[server(prefix = "/api", endpoint = "erase_person")]
pub async fn erase_person(
    case: CaseId,
    person: PersonId,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    family_member_for_coordinator(&state, me.id, case, person).await?;
    if confirm.as_deref() != Some("yes") {
        return Err(AppError::Invalid {
            errors: vec![FieldError {
                field: "confirm".into(),
                problem: Problem::Required,
            }],
            echo: Vec::new(),
        });
    }
    if !state
        .store
        .erase_person(case, person, state.config.clock.now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "person.erase",
        format!("person:{person}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}"));
    Ok(())
}

/// `/cases/{id}/people/{person}/erase`: what erasing someone's data does, and the confirmation.
#[component]
pub fn ErasePersonPage() -> impl IntoView {
    let lang = use_lang();
    let ids = super::table::case_and_person();
    let ids = ids.get_untracked();
    let action = ServerAction::<ErasePerson>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    view! {
        {crate::ui::page_body(async move {
            let loaded = match ids { Some((c, p)) => load_erase_target(c, p).await, None => Err(AppError::NotFound) };
            match loaded {
                Err(e) => view! { <ErrorText error=e/> }.into_any(),
                Ok(target) => view! {
                    <h1>{fill(t(lang, k::erase_person_title), &[("name", &target.name)])}</h1>
                    <p>{t(lang, k::erase_person_when)}</p>
                    <p>{t(lang, k::erase_person_what)}</p>
                    <p>{t(lang, k::erase_person_stays)}</p>
                    <ErrorSummary error=error/>
                    <ActionForm action=action attr:class="stack">
                        <input type="hidden" name="case" value=target.case.0/>
                        <input type="hidden" name="person" value=target.person.0/>
                        <div class="field choice">
                            <input type="checkbox" id="confirm" name="confirm" value="yes" required/>
                            <label for="confirm">{t(lang, k::erase_person_confirm)}</label>
                        </div>
                        <button type="submit" class="button">{t(lang, k::erase_person_button)}</button>
                    </ActionForm>
                    <p><a href=format!("/cases/{}", target.case)>{t(lang, k::case_back_to_the_case)}</a></p>
                }.into_any(),
        }})}
    }
}
