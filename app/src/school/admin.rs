//! Schools, for coordinators: add a school, say who keeps its offer profile (school staff), and
//! set the school of a case. Before, these were only command-line tools.
//!
//! Server functions: [`load_schools`], [`add_school`], [`add_school_staff`], [`set_case_school`].
//! Page: [`SchoolsPage`] (`/schools`).

use crate::domain::{CaseId, SchoolId};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::{FieldError, Problem};
use crate::i18n::{k, t, use_lang};
use crate::ui::{ErrorSummary, ErrorText, FieldMessage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One school with its staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolAdmin {
    /// Id.
    pub id: SchoolId,
    /// Name.
    pub name: String,
    /// Who keeps the offer profile.
    pub staff: Vec<String>,
}

/// A case of this coordinator, with its school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSchool {
    /// The case.
    pub case: CaseId,
    /// The child's first name.
    pub child: String,
    /// The school, if one is set.
    pub school: Option<String>,
}

/// Everything the schools page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schools {
    /// Every school.
    pub schools: Vec<SchoolAdmin>,
    /// The coordinator's cases (at their table).
    pub cases: Vec<CaseSchool>,
}

/// Only coordinators manage schools.
#[cfg(feature = "ssr")]
async fn coordinator() -> Result<(crate::ctx::AppState, crate::store::PersonRow), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    if me.account_role != crate::domain::Role::Coordinator {
        return Err(AppError::NotAllowed);
    }
    Ok((state, me))
}

/// Every school and the coordinator's cases.
#[server(prefix = "/api", endpoint = "load_schools")]
pub async fn load_schools() -> Result<Schools, AppError> {
    let (state, me) = coordinator().await?;
    let mut schools = Vec::new();
    for s in state.store.schools().await? {
        let staff = state
            .store
            .school_staff(s.id)
            .await?
            .into_iter()
            .map(|p| p.display_name)
            .collect();
        schools.push(SchoolAdmin {
            id: s.id,
            name: s.name,
            staff,
        });
    }
    let mut cases = Vec::new();
    for (c, _) in state.store.cases_of(me.id).await? {
        cases.push(CaseSchool {
            case: c.id,
            school: state.store.case_school(c.id).await?.map(|s| s.name),
            child: c.child_first_name,
        });
    }
    Ok(Schools { schools, cases })
}

/// Adds a school.
#[server(prefix = "/api", endpoint = "add_school")]
pub async fn add_school(name: String) -> Result<(), AppError> {
    let (state, me) = coordinator().await?;
    let mut errors = Vec::new();
    let name = crate::domain::text("school_name", &name, 2, 120, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid {
            errors,
            echo: vec![("school_name".into(), name)],
        });
    }
    let id = state.store.create_school(&name, crate::ctx::now()).await?;
    crate::ctx::audit(&state, me.id, None, "school.add", format!("school:{id}")).await?;
    leptos_axum::redirect("/schools");
    Ok(())
}

/// Lets a school professional (who already has an account) keep a school's offer profile.
#[server(prefix = "/api", endpoint = "add_school_staff")]
pub async fn add_school_staff(school: SchoolId, email: String) -> Result<(), AppError> {
    let (state, me) = coordinator().await?;
    state
        .store
        .school(school)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    let email_v = crate::domain::email("staff_email", &email, true, &mut errors);
    let person = match &email_v {
        Some(e) => state.store.person_by_email(e).await?,
        None => None,
    };
    let person =
        person.filter(|p| p.account_role == crate::domain::Role::School && p.disabled_at.is_none());
    if errors.is_empty() && person.is_none() {
        errors.push(FieldError {
            field: "staff_email".into(),
            problem: Problem::WrongKindOfAccount,
        });
    }
    let Some(person) = person.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid {
            errors,
            echo: vec![("staff_email".into(), email.chars().take(254).collect())],
        });
    };
    state.store.add_school_staff(school, person.id).await?;
    crate::ctx::audit(
        &state,
        me.id,
        None,
        "school.staff",
        format!("school:{school}:person:{}", person.id),
    )
    .await?;
    leptos_axum::redirect("/schools");
    Ok(())
}

/// Sets the school of a case the coordinator sits at.
#[server(prefix = "/api", endpoint = "set_case_school")]
pub async fn set_case_school(case: CaseId, school: SchoolId) -> Result<(), AppError> {
    let (state, me) = coordinator().await?;
    crate::ctx::require(&state, me.id, case, crate::domain::Action::Invite).await?;
    state
        .store
        .school(school)
        .await?
        .ok_or(AppError::NotFound)?;
    state.store.set_case_school(case, school).await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "case.school",
        format!("school:{school}"),
    )
    .await?;
    leptos_axum::redirect("/schools");
    Ok(())
}

/// The coordinator's schools page.
#[component]
pub fn SchoolsPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddSchool>::new();
    let staff = ServerAction::<AddSchoolStaff>::new();
    let link = ServerAction::<SetCaseSchool>::new();
    let error = Signal::derive(move || {
        add.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| staff.value().get().and_then(|r| r.err()))
            .or_else(|| link.value().get().and_then(|r| r.err()))
    });
    view! {
        <h1>{t(lang, k::case_schools)}</h1>
        {crate::ui::page_body(async move { match load_schools().await {
                Err(e) => view! { <ErrorText error=e/> }.into_any(),
                Ok(d) => {
                    let options = d.schools.iter().map(|s| (s.id, s.name.clone())).collect::<Vec<_>>();
                    let options2 = options.clone();
                    view! {
                    <ErrorSummary error=error/>
                    <ul class="people">
                        {d.schools.into_iter().map(|s| view! {
                            <li>
                                <p class="person"><strong><a href=format!("/schools/{}", s.id)><bdi>{s.name.clone()}</bdi></a></strong></p>
                                <p class="meta">{t(lang, k::school_keeps_the_offer_profile)}
                                    {if s.staff.is_empty() { t(lang, k::school_nobody_yet).to_string() } else { s.staff.join(", ") }}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                    <section aria-labelledby="add-school-h">
                        <h2 id="add-school-h">{t(lang, k::school_add_a_school)}</h2>
                        <ActionForm action=add attr:class="stack">
                            <div class="field">
                                <label for="school_name">{t(lang, k::school_name_of_the_school)}</label>
                                <FieldMessage error=error field="school_name"/>
                                <input id="school_name" name="name" type="text" maxlength="120" required aria-describedby="school_name-error"/>
                            </div>
                            <button type="submit" class="button secondary">{t(lang, k::school_add)}</button>
                        </ActionForm>
                    </section>
                    {(!options.is_empty()).then(|| view! {
                        <section aria-labelledby="staff-h">
                            <h2 id="staff-h">{t(lang, k::school_let_someone_from_school_keep)}</h2>
                            <p>{t(lang, k::school_this_person_already_has_a)}</p>
                            <ActionForm action=staff attr:class="stack">
                                <div class="field">
                                    <label for="staff_school">{t(lang, k::domain_school)}</label>
                                    <select id="staff_school" name="school">
                                        {options.into_iter().map(|(id, name)| view! { <option value=id.0>{name}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="staff_email">{t(lang, k::auth_email_address)}</label>
                                    <FieldMessage error=error field="staff_email"/>
                                    <input id="staff_email" name="email" type="email" maxlength="254" required aria-describedby="staff_email-error"/>
                                </div>
                                <button type="submit" class="button secondary">{t(lang, k::school_add)}</button>
                            </ActionForm>
                        </section>
                    })}
                    {(!d.cases.is_empty() && !options2.is_empty()).then(|| view! {
                        <section aria-labelledby="case-school-h">
                            <h2 id="case-school-h">{t(lang, k::school_the_school_of_a_case)}</h2>
                            <ul>{d.cases.iter().map(|c| view! {
                                <li><bdi>{c.child.clone()}</bdi>": "{c.school.clone().unwrap_or_else(|| t(lang, k::school_no_school_yet).into())}</li>
                            }).collect_view()}</ul>
                            <ActionForm action=link attr:class="stack">
                                <div class="field">
                                    <label for="link_case">{t(lang, k::case_case)}</label>
                                    <select id="link_case" name="case">
                                        {d.cases.into_iter().map(|c| view! { <option value=c.case.0>{c.child}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="link_school">{t(lang, k::domain_school)}</label>
                                    <select id="link_school" name="school">
                                        {options2.into_iter().map(|(id, name)| view! { <option value=id.0>{name}</option> }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button secondary">{t(lang, k::school_save)}</button>
                            </ActionForm>
                        </section>
                    })}
                }.into_any()},
        }})}
    }
}
