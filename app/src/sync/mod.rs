//! Keeping the plan in step with the care-plan store, where the care plan lives.
//!
//! Every change that may concern the store is written to an outbox in the same transaction as the
//! change (see `crate::store::sqlite`). A background worker ([`worker`]) delivers the outbox with
//! retries and backoff and pulls changes made in the store. The store is either built in (the plan
//! lives here; nothing to send) or a FHIR R4 server ([`worker::FhirStore`]); the mapping is
//! written down in `MAPPING.md` next to this file.
//!
//! Page: [`SyncPage`] (`/cases/:id/sync`, mediators and coordinators). Server functions:
//! [`load_sync`], [`resolve_sync_conflict`], [`retry_sync`], [`set_plan_consent`] (families, on
//! the plan page through [`PlanConsent`]). Rule: [`consent_allows`] (pure).

#[cfg(feature = "ssr")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod fhir;
#[cfg(feature = "ssr")]
pub mod key;
#[cfg(feature = "ssr")]
pub mod merge;
#[cfg(feature = "ssr")]
pub mod worker;

use crate::domain::{AgeBand, CaseId, Role};
use crate::error::AppError;
use crate::i18n::{tr, use_lang, Lang};
use crate::ui::{ErrorSummary, ErrorText, Loading};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether someone's input to a meeting may go to the care-plan store at all: only once they
/// sent it (`sent_at`). Before that it is a draft, and a draft never leaves.
pub fn input_may_leave(sent_at: Option<i64>) -> bool {
    sent_at.is_some()
}

/// Whether input shared with the table by someone in `role` may go to the care plan, following
/// the age bands of Dutch health law (WGBO): under 12 the parents decide, from 12 the young
/// person and a parent both, from 16 the young person alone. A parent decides for their own
/// input. Professionals' input goes with their role.
pub fn consent_allows(role: Role, band: AgeBand, author_yes: bool, parent_yes: bool) -> bool {
    match role {
        Role::Parent => author_yes,
        Role::Young => match band {
            AgeBand::Under12 => parent_yes,
            AgeBand::From12 => author_yes && parent_yes,
            AgeBand::From16 => author_yes,
        },
        _ => true,
    }
}

/// Something waiting or failed, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemView {
    /// What it is about.
    pub what: String,
    /// What went wrong and what happens now.
    pub why: String,
    /// Whether a person must act (it is not retried by itself).
    pub stuck: bool,
}

/// A conflict for the mediator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictView {
    /// Id.
    pub id: i64,
    /// What it is about.
    pub what: String,
    /// Which part.
    pub field: String,
    /// The value in Aan Tafel.
    pub ours: String,
    /// The value in the care plan.
    pub theirs: String,
}

/// The sync status page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncData {
    /// The case.
    pub case_id: CaseId,
    /// The young person's first name.
    pub child_first_name: String,
    /// The store's address; `None`: the plan lives in Aan Tafel itself.
    pub store: Option<String>,
    /// The last run that reached the store, in words.
    pub last_ok: Option<String>,
    /// The last run at all, in words.
    pub last_run: Option<String>,
    /// Items waiting to go, in plain words.
    pub waiting: Vec<String>,
    /// Since when the oldest waits, in words.
    pub waiting_since: Option<String>,
    /// Failures, explained.
    pub problems: Vec<ProblemView>,
    /// Conflicts to decide.
    pub conflicts: Vec<ConflictView>,
    /// Whether the viewer may decide conflicts (the mediator).
    pub may_decide: bool,
}

/// The plain explanation of an error code kept in the outbox.
pub fn explain(code: &str, lang: Lang) -> &'static str {
    match code {
        "unreachable" => tr(lang, "Het zorgplan-systeem was niet te bereiken. Aan Tafel probeert het vanzelf opnieuw.", "The care-plan system could not be reached. Aan Tafel will try again by itself."),
        "server" => tr(lang, "Het zorgplan-systeem had een storing. Aan Tafel probeert het vanzelf opnieuw.", "The care-plan system had a fault. Aan Tafel will try again by itself."),
        "auth" => tr(lang, "Het zorgplan-systeem laat Aan Tafel nu niet binnen. Vraag de beheerder om de toegang na te kijken. Aan Tafel blijft het proberen.", "The care-plan system does not let Aan Tafel in right now. Ask the administrator to check the access. Aan Tafel keeps trying."),
        "refused" => tr(lang, "Het zorgplan-systeem nam dit niet aan. Vraag de beheerder om te kijken, en probeer het daarna opnieuw.", "The care-plan system did not accept this. Ask the administrator to look, then try again."),
        "gone" => tr(lang, "Dit staat niet meer in het zorgplan-systeem. Iemand heeft het daar weggehaald.", "This is no longer in the care-plan system. Someone removed it there."),
        "changed" => tr(lang, "Iemand veranderde dit tegelijk in het zorgplan. Aan Tafel probeert het opnieuw.", "Someone changed this in the care plan at the same time. Aan Tafel will try again."),
        _ => tr(lang, "Er ging iets mis. Aan Tafel probeert het vanzelf opnieuw.", "Something went wrong. Aan Tafel will try again by itself."),
    }
}

#[cfg(feature = "ssr")]
pub mod service {
    //! The rules behind the sync server functions.
    use super::*;
    use crate::ctx::AppState;
    use crate::domain::{Action, LocalTime};
    use crate::store::PersonRow;
    use crate::store::{ItemKey, ItemLabels};

    fn when(unix: i64, lang: Lang) -> String {
        let t = chrono::DateTime::from_timestamp(unix, 0)
            .unwrap_or_default()
            .with_timezone(&chrono_tz::Europe::Amsterdam)
            .naive_local();
        match lang {
            Lang::Nl => format!("{} om {}", LocalTime(t).date_long(lang), t.format("%H:%M")),
            Lang::En => format!("{} at {}", LocalTime(t).date_long(lang), t.format("%H:%M")),
        }
    }

    /// What an outbox item is about, in plain words (for mediators and coordinators only).
    fn describe(labels: &ItemLabels, key: &ItemKey, lang: Lang) -> String {
        let named = |what: &str, label: Option<&String>, none: &'static str| match label {
            Some(l) => format!("{what}: {l}"),
            None => none.to_string(),
        };
        match key {
            ItemKey::Case(_) => tr(lang, "Het plan zelf", "The plan itself").to_string(),
            ItemKey::Goal(id) => named(
                tr(lang, "Doel", "Goal"),
                labels.goals.get(id),
                tr(lang, "Een doel", "A goal"),
            ),
            ItemKey::Action(id) => named(
                tr(lang, "Actie", "Action"),
                labels.actions.get(id),
                tr(lang, "Een actie", "An action"),
            ),
            ItemKey::Agreement(_) => tr(
                lang,
                "Een afspraak uit een gesprek",
                "An agreement from a meeting",
            )
            .to_string(),
            ItemKey::Meeting(id) => named(
                tr(lang, "Gesprek", "Meeting"),
                labels.meetings.get(id),
                tr(lang, "Een gesprek", "A meeting"),
            ),
            ItemKey::Input { person, .. } => {
                let name = labels.people.get(person).cloned().unwrap_or_default();
                match lang {
                    Lang::Nl => format!("Wat {name} deelde met de tafel"),
                    Lang::En => format!("What {name} shared with the table"),
                }
            }
            ItemKey::Ask { .. } => tr(
                lang,
                "Een vraag van de gezinscoach",
                "A question from the family coach",
            )
            .to_string(),
            ItemKey::Patient(_)
            | ItemKey::Related { .. }
            | ItemKey::Practitioner(_)
            | ItemKey::Questionnaire { .. } => tr(lang, "Een onderdeel", "An item").to_string(),
        }
    }

    fn field_name(field: &str, lang: Lang) -> &'static str {
        match field {
            "plain" => tr(
                lang,
                "het doel in gewone woorden",
                "the goal in plain words",
            ),
            "detail" => tr(
                lang,
                "de tekst van de professionals",
                "the professionals' wording",
            ),
            "status" => tr(
                lang,
                "of het doel bereikt is",
                "whether the goal is reached",
            ),
            "what" => tr(lang, "wat er gebeurt", "what will happen"),
            "who" => tr(lang, "wie het doet", "who does it"),
            "due" => tr(lang, "de datum", "the date"),
            "done" => tr(lang, "of het gedaan is", "whether it is done"),
            _ => tr(lang, "een onderdeel", "a part"),
        }
    }

    fn value(field: &str, v: Option<String>, lang: Lang) -> String {
        match (field, v.as_deref()) {
            (_, None) | (_, Some("")) => tr(lang, "(leeg)", "(empty)").to_string(),
            ("status", Some("reached")) => tr(lang, "bereikt", "reached").to_string(),
            ("status", Some("stopped")) => tr(lang, "gestopt", "stopped").to_string(),
            ("status", Some(_)) => tr(lang, "loopt nog", "still going").to_string(),
            ("done", Some("yes")) => tr(lang, "gedaan", "done").to_string(),
            ("done", Some(_)) => tr(lang, "nog niet gedaan", "not done yet").to_string(),
            (_, Some(v)) => v.to_string(),
        }
    }

    /// The status page, for the mediator and the coordinator of the case.
    pub async fn status(
        state: &AppState,
        me: &PersonRow,
        case_id: CaseId,
        lang: Lang,
    ) -> Result<SyncData, AppError> {
        let (case, role) = crate::ctx::at_table(state, me.id, case_id, Action::ViewCase).await?;
        if !matches!(role, Role::Mediator | Role::Coordinator) {
            return Err(AppError::NotAllowed);
        }
        let summary = state.store.outbox_summary(case_id).await?;
        let labels = state.store.item_labels(case_id).await?;
        let facts = state.store.sync_get_many(&["last_ok", "last_run"]).await?;
        let fact = |name: &str| {
            facts
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| v.parse::<i64>().ok())
                .map(|t| when(t, lang))
        };
        let waiting = summary
            .waiting
            .iter()
            .map(|k| describe(&labels, k, lang))
            .collect();
        let mut problems = Vec::new();
        for p in &summary.problems {
            let mut why = explain(&p.error, lang).to_string();
            if p.state == "waiting" {
                why.push(' ');
                why.push_str(&match lang {
                    Lang::Nl => format!(
                        "Al {} keer geprobeerd. Volgende poging: {}.",
                        p.attempts,
                        when(p.next_try_at, lang)
                    ),
                    Lang::En => format!(
                        "Tried {} times. Next try: {}.",
                        p.attempts,
                        when(p.next_try_at, lang)
                    ),
                });
            }
            problems.push(ProblemView {
                what: describe(&labels, &p.key, lang),
                why,
                stuck: p.state == "failed",
            });
        }
        let mut conflicts = Vec::new();
        for c in state.store.open_conflicts(Some(case_id)).await? {
            conflicts.push(ConflictView {
                id: c.id,
                what: describe(&labels, &c.key, lang),
                field: field_name(&c.field, lang).to_string(),
                ours: value(&c.field, c.ours.clone(), lang),
                theirs: value(&c.field, c.theirs.clone(), lang),
            });
        }
        Ok(SyncData {
            case_id,
            child_first_name: case.child_first_name,
            store: state.config.plan_store.clone(),
            last_ok: fact("last_ok"),
            last_run: fact("last_run"),
            waiting,
            waiting_since: summary.oldest_waiting.map(|t| when(t, lang)),
            problems,
            conflicts,
            may_decide: role == Role::Mediator,
        })
    }

    /// The mediator decides a conflict: keep Aan Tafel's value, or take the care plan's.
    pub async fn resolve(
        state: &AppState,
        me: &PersonRow,
        case: CaseId,
        id: i64,
        keep_ours: bool,
    ) -> Result<(), AppError> {
        crate::ctx::require(state, me.id, case, Action::Mediate).await?;
        let now = crate::ctx::now();
        let c = state
            .store
            .resolve_conflict(
                case,
                id,
                me.id,
                if keep_ours { "ours" } else { "theirs" },
                now,
            )
            .await?
            .ok_or(AppError::NotFound)?;
        if let Some(mut link) = state.store.sync_link(&c.key).await? {
            // The store's value is now known and decided on: it becomes the base.
            let mut base: merge::Fields = serde_json::from_str(&link.base).unwrap_or_default();
            base.insert(c.field.clone(), c.theirs.clone());
            link.base = serde_json::to_string(&base).unwrap_or_default();
            state.store.save_sync_link(&link).await?;
        }
        if !keep_ours {
            worker::apply_field(state, &c.key, &c.field, c.theirs.clone()).await?;
        }
        let open = state.store.open_conflicts(Some(case)).await?;
        if !open.iter().any(|o| o.key == c.key) {
            state.store.outbox_requeue(case, Some(&c.key), now).await?;
        }
        Ok(())
    }
}

/// The sync status of a case.
#[server(prefix = "/api", endpoint = "load_sync")]
pub async fn load_sync(case: CaseId) -> Result<SyncData, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let data = service::status(&state, &me, case, use_lang()).await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "sync.read",
        format!("case:{case}"),
    )
    .await?;
    Ok(data)
}

/// The mediator decides a conflict (`keep`: `ours` or `theirs`).
#[server(prefix = "/api", endpoint = "resolve_sync_conflict")]
pub async fn resolve_sync_conflict(
    case: CaseId,
    conflict: i64,
    keep: String,
) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let keep_ours = match keep.as_str() {
        "ours" => true,
        "theirs" => false,
        _ => {
            return Err(AppError::invalid(vec![crate::error::FieldError {
                field: "keep".into(),
                problem: crate::error::Problem::Choice,
            }]))
        }
    };
    service::resolve(&state, &me, case, conflict, keep_ours).await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "sync.resolve",
        format!("conflict:{conflict}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}/sync"));
    Ok(())
}

/// Puts every failed item of a case back in the queue (after the cause was fixed).
#[server(prefix = "/api", endpoint = "retry_sync")]
pub async fn retry_sync(case: CaseId) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let role = crate::ctx::require(&state, me.id, case, crate::domain::Action::ViewCase).await?;
    if !matches!(role, Role::Mediator | Role::Coordinator) {
        return Err(AppError::NotAllowed);
    }
    state
        .store
        .outbox_requeue(case, None, crate::ctx::now())
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "sync.retry",
        format!("case:{case}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}/sync"));
    Ok(())
}

/// A parent or young person says yes or no (`yes` / `no`) to sending what they shared with the
/// table to the care plan.
#[server(prefix = "/api", endpoint = "set_plan_consent")]
pub async fn set_plan_consent(case: CaseId, consent: String) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let role = crate::ctx::require(&state, me.id, case, crate::domain::Action::ViewCase).await?;
    if !matches!(role, Role::Parent | Role::Young) {
        return Err(AppError::NotAllowed);
    }
    let yes = match consent.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(AppError::invalid(vec![crate::error::FieldError {
                field: "consent".into(),
                problem: crate::error::Problem::Choice,
            }]))
        }
    };
    state
        .store
        .set_consent(case, me.id, yes, crate::ctx::now())
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        if yes {
            "sync.consent_yes"
        } else {
            "sync.consent_no"
        },
        format!("case:{case}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}/plan"));
    Ok(())
}

/// The family's choice about the care plan, on the plan page.
#[component]
pub fn PlanConsent(case: CaseId, given: bool, young: bool) -> impl IntoView {
    let lang = use_lang();
    let set = ServerAction::<SetPlanConsent>::new();
    let error = Signal::derive(move || set.value().get().and_then(|r| r.err()));
    view! {
        <section aria-labelledby="consent-h" class="card">
            <h2 id="consent-h">{tr(lang, "Delen met het zorgplan", "Sharing with the care plan")}</h2>
            <p>{if young {
                tr(lang, "De jeugdhulp houdt een zorgplan bij. Mag wat jij met de tafel deelt daar ook in? Alleen wat jij met iedereen aan tafel deelt, gaat mee. Je kunt dit altijd weer veranderen.",
                   "Youth care keeps a care plan. May what you share with the table go into it too? Only what you share with everyone at the table goes. You can always change this.")
            } else {
                tr(lang, "De jeugdhulp houdt een zorgplan bij. Mag wat u met de tafel deelt daar ook in? Alleen wat u met iedereen aan tafel deelt, gaat mee. U kunt dit altijd weer veranderen.",
                   "Youth care keeps a care plan. May what you share with the table go into it too? Only what you share with everyone at the table goes. You can always change this.")
            }}</p>
            <p class="meta"><strong>{if given { tr(lang, "Nu: ja, dat mag.", "Now: yes, that is fine.") } else { tr(lang, "Nu: nee, liever niet.", "Now: no, rather not.") }}</strong></p>
            <ErrorSummary error=error/>
            <ActionForm action=set attr:class="inline">
                <input type="hidden" name="case" value=case.0/>
                <input type="hidden" name="consent" value=if given { "no" } else { "yes" }/>
                <button type="submit" class="button secondary">{if given {
                    tr(lang, "Nee, toch liever niet", "No, rather not after all")
                } else {
                    tr(lang, "Ja, dat mag", "Yes, that is fine")
                }}</button>
            </ActionForm>
        </section>
    }
}

/// `/cases/:id/sync`: the last sync, what is waiting, failures and conflicts.
#[component]
pub fn SyncPage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::ui::route_id(CaseId);
    let data = Resource::new(
        move || id.get(),
        |id| async move { load_sync(id.ok_or(AppError::NotFound)?).await },
    );
    let resolve = ServerAction::<ResolveSyncConflict>::new();
    let retry = ServerAction::<RetrySync>::new();
    let error = Signal::derive(move || {
        resolve
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| retry.value().get().and_then(|r| r.err()))
    });
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <h1>{tr(lang, "Het zorgplan bijhouden", "Keeping the care plan in step")}</h1><ErrorText error=e/> }.into_any(),
                Ok(d) => view! { <SyncView d=d resolve=resolve retry=retry error=error/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn SyncView(
    d: SyncData,
    resolve: ServerAction<ResolveSyncConflict>,
    retry: ServerAction<RetrySync>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let case = d.case_id;
    let stuck = d.problems.iter().any(|p| p.stuck);
    view! {
        <p class="crumb"><a href=format!("/cases/{case}")>{match lang {
            Lang::Nl => format!("Aan tafel voor {}", d.child_first_name),
            Lang::En => format!("At the table for {}", d.child_first_name),
        }}</a></p>
        <h1>{tr(lang, "Het zorgplan bijhouden", "Keeping the care plan in step")}</h1>
        <ErrorSummary error=error/>
        <section aria-labelledby="where-h" class="card">
            <h2 id="where-h">{tr(lang, "Waar staat het plan?", "Where is the plan kept?")}</h2>
            {match d.store.clone() {
                None => view! { <p>{tr(lang, "Het plan staat alleen in Aan Tafel. Er hoeft niets verstuurd te worden.", "The plan is kept in Aan Tafel only. Nothing needs to be sent.")}</p> }.into_any(),
                Some(s) => view! {
                    <p>{tr(lang, "Het plan staat in het zorgplan-systeem van de jeugdhulp. Aan Tafel stuurt wijzigingen daarheen en haalt wijzigingen op.", "The plan is kept in youth care's care-plan system. Aan Tafel sends changes there and fetches changes from there.")}</p>
                    <p class="meta">{tr(lang, "Adres: ", "Address: ")}<code>{s}</code></p>
                }.into_any(),
            }}
            <p>{tr(lang, "Laatst gelukt: ", "Last success: ")}<strong>{d.last_ok.clone().unwrap_or_else(|| tr(lang, "nog nooit", "never yet").to_string())}</strong></p>
            {d.last_run.clone().map(|t| view! { <p class="meta">{tr(lang, "Laatst geprobeerd: ", "Last tried: ")}{t}</p> })}
        </section>
        <section aria-labelledby="waiting-h" class="card">
            <h2 id="waiting-h">{tr(lang, "Wacht nog", "Still waiting")}</h2>
            {if d.waiting.is_empty() {
                view! { <p>{tr(lang, "Niets. Alles is bijgewerkt.", "Nothing. Everything is up to date.")}</p> }.into_any()
            } else {
                view! {
                    <p>{match lang {
                        Lang::Nl => format!("{} onderdelen wachten om verstuurd te worden{}.", d.waiting.len(), d.waiting_since.clone().map(|s| format!(", het oudste sinds {s}")).unwrap_or_default()),
                        Lang::En => format!("{} items are waiting to be sent{}.", d.waiting.len(), d.waiting_since.clone().map(|s| format!(", the oldest since {s}")).unwrap_or_default()),
                    }}</p>
                    <ul>{d.waiting.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                }.into_any()
            }}
        </section>
        {(!d.problems.is_empty()).then(|| view! {
            <section aria-labelledby="problems-h" class="card">
                <h2 id="problems-h">{tr(lang, "Wat niet lukte", "What did not work")}</h2>
                <ul class="problems">{d.problems.iter().map(|p| view! {
                    <li><strong>{p.what.clone()}</strong><br/>{p.why.clone()}</li>
                }).collect_view()}</ul>
                {stuck.then(|| view! {
                    <ActionForm action=retry>
                        <input type="hidden" name="case" value=case.0/>
                        <button type="submit" class="button">{tr(lang, "Opnieuw proberen", "Try again")}</button>
                    </ActionForm>
                })}
            </section>
        })}
        <section aria-labelledby="conflicts-h" class="card">
            <h2 id="conflicts-h">{tr(lang, "Tegelijk veranderd", "Changed on both sides")}</h2>
            {if d.conflicts.is_empty() {
                view! { <p>{tr(lang, "Er is niets om over te beslissen.", "There is nothing to decide.")}</p> }.into_any()
            } else {
                let may = d.may_decide;
                view! {
                    <p>{tr(lang, "Dit is in Aan Tafel én in het zorgplan veranderd, op een andere manier. Aan Tafel overschrijft niets: de gezinscoach kiest.", "This was changed in Aan Tafel and in the care plan, in different ways. Aan Tafel overwrites nothing: the family coach chooses.")}</p>
                    {d.conflicts.into_iter().map(|c| view! {
                        <article class="conflict" aria-label=c.what.clone()>
                            <h3>{c.what.clone()}</h3>
                            <p>{tr(lang, "Over: ", "About: ")}{c.field.clone()}</p>
                            <dl>
                                <dt>{tr(lang, "In Aan Tafel", "In Aan Tafel")}</dt><dd>{c.ours.clone()}</dd>
                                <dt>{tr(lang, "In het zorgplan", "In the care plan")}</dt><dd>{c.theirs.clone()}</dd>
                            </dl>
                            {may.then(|| view! {
                                <ActionForm action=resolve attr:class="inline">
                                    <input type="hidden" name="case" value=case.0/>
                                    <input type="hidden" name="conflict" value=c.id/>
                                    <input type="hidden" name="keep" value="ours"/>
                                    <button type="submit" class="button secondary">{tr(lang, "Houd wat in Aan Tafel staat", "Keep what is in Aan Tafel")}</button>
                                </ActionForm>
                                <ActionForm action=resolve attr:class="inline">
                                    <input type="hidden" name="case" value=case.0/>
                                    <input type="hidden" name="conflict" value=c.id/>
                                    <input type="hidden" name="keep" value="theirs"/>
                                    <button type="submit" class="button secondary">{tr(lang, "Neem wat in het zorgplan staat", "Take what is in the care plan")}</button>
                                </ActionForm>
                            })}
                        </article>
                    }).collect_view()}
                }.into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_follows_the_age_bands() {
        use AgeBand::*;
        // Parents decide for their own input.
        assert!(consent_allows(Role::Parent, Under12, true, false));
        assert!(!consent_allows(Role::Parent, From16, false, true));
        // Under 12 the parents decide.
        assert!(consent_allows(Role::Young, Under12, false, true));
        assert!(!consent_allows(Role::Young, Under12, true, false));
        // From 12 both.
        assert!(consent_allows(Role::Young, From12, true, true));
        assert!(!consent_allows(Role::Young, From12, true, false));
        assert!(!consent_allows(Role::Young, From12, false, true));
        // From 16 the young person alone.
        assert!(consent_allows(Role::Young, From16, true, false));
        assert!(!consent_allows(Role::Young, From16, false, true));
        // Professionals' input goes with their role.
        assert!(consent_allows(Role::School, From12, false, false));
    }

    #[test]
    fn every_error_code_has_its_own_explanation() {
        let codes = [
            "unreachable",
            "server",
            "auth",
            "refused",
            "gone",
            "changed",
        ];
        for lang in [Lang::Nl, Lang::En] {
            let texts: Vec<&str> = codes.iter().map(|c| explain(c, lang)).collect();
            let mut unique = texts.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), codes.len());
            assert_ne!(
                explain("unreachable", lang),
                explain("something-else", lang)
            );
        }
    }
}
