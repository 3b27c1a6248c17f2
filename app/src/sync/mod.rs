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
use crate::i18n::{k, t, tf, tn, use_lang, Lang};
use crate::ui::ErrorSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether someone's input to a meeting may go to the care-plan store at all: only once they
/// sent it (`sent_at`). Before that it is a draft, and a draft never leaves.
pub fn input_may_leave(sent_at: Option<i64>) -> bool {
    sent_at.is_some()
}

/// Whether input shared with the table by someone in `role` may go to the care plan, following
/// the age bands of Dutch health law (WGBO): under 12 the parents decide, from 12 the young
/// person and a parent both, from 16 the young person alone (and from 18 the parents have no
/// say at all). `parent_yes`: a parent with gezag said yes. A parent decides for their own
/// input. Professionals' input goes with their role.
pub fn consent_allows(role: Role, band: AgeBand, author_yes: bool, parent_yes: bool) -> bool {
    match role {
        Role::Parent => author_yes,
        Role::Young => match band {
            AgeBand::Under12 => parent_yes,
            AgeBand::From12 => author_yes && parent_yes,
            AgeBand::From16 | AgeBand::From18 => author_yes,
        },
        _ => true,
    }
}

/// The version of the consent text (`sync_youth_care_keeps_a_care` and its parent form, in every
/// language). Change it whenever that text changes what it asks: each yes and no keeps the
/// version it was given to.
pub const CONSENT_TEXT_VERSION: &str = "2026-12-05";

/// An earlier yes or no, as its author reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentChoice {
    /// Yes or no.
    pub given: bool,
    /// When, in words.
    pub date: String,
}

/// A person's yeses and noes, newest first, as they read them.
#[cfg(feature = "ssr")]
pub fn consent_choices(history: &[crate::store::ConsentEvent], lang: Lang) -> Vec<ConsentChoice> {
    history
        .iter()
        .rev()
        .map(|e| ConsentChoice {
            given: e.given,
            date: crate::domain::LocalTime::from_unix(e.at).long(lang),
        })
        .collect()
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
    /// Resources whose older versions in the store still hold words erased here, because the
    /// store cannot purge them: "QuestionnaireResponse/… (what it is)".
    pub kept_history: Vec<String>,
}

/// The plain explanation of an error code kept in the outbox.
pub fn explain(code: &str, lang: Lang) -> &'static str {
    match code {
        "unreachable" => t(lang, k::sync_the_care_plan_system_could),
        "server" => t(lang, k::sync_the_care_plan_system_had),
        "auth" => t(lang, k::sync_the_care_plan_system_does),
        "refused" => t(lang, k::sync_the_care_plan_system_did),
        "gone" => t(lang, k::sync_this_is_no_longer_in),
        "changed" => t(lang, k::sync_someone_changed_this_in_the),
        _ => t(lang, k::sync_something_went_wrong_aan_tafel),
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
        tf(
            lang,
            k::sync_date_at_time,
            &[
                ("date", &LocalTime(t).date_long(lang)),
                ("time", &t.format("%H:%M")),
            ],
        )
    }

    /// What an outbox item is about, in plain words (for mediators and coordinators only).
    fn describe(labels: &ItemLabels, key: &ItemKey, lang: Lang) -> String {
        let named = |what: &str, label: Option<&String>, none: &'static str| match label {
            Some(l) => format!("{what}: {l}"),
            None => none.to_string(),
        };
        match key {
            ItemKey::Case(_) => t(lang, k::sync_the_plan_itself).to_string(),
            ItemKey::Goal(id) => named(
                t(lang, k::sync_goal),
                labels.goals.get(id),
                t(lang, k::sync_a_goal),
            ),
            ItemKey::Action(id) => named(
                t(lang, k::sync_action),
                labels.actions.get(id),
                t(lang, k::sync_an_action),
            ),
            ItemKey::Agreement(_) => t(lang, k::sync_an_agreement_from_a_meeting).to_string(),
            ItemKey::Meeting(id) => named(
                t(lang, k::meeting_meeting),
                labels.meetings.get(id),
                t(lang, k::sync_a_meeting),
            ),
            ItemKey::Input { person, .. } => {
                let name = labels.people.get(person).cloned().unwrap_or_default();
                tf(lang, k::sync_what_name_shared, &[("name", &name)])
            }
            ItemKey::Ask { .. } => t(lang, k::sync_a_question_from_the_family).to_string(),
            ItemKey::Consent { person, .. } => {
                let name = labels.people.get(person).cloned().unwrap_or_default();
                tf(lang, k::sync_consent_of_name, &[("name", &name)])
            }
            ItemKey::Patient(_)
            | ItemKey::Related { .. }
            | ItemKey::Practitioner(_)
            | ItemKey::Questionnaire { .. } => t(lang, k::sync_an_item).to_string(),
        }
    }

    fn field_name(field: &str, lang: Lang) -> &'static str {
        match field {
            "plain" => t(lang, k::sync_the_goal_in_plain_words),
            "detail" => t(lang, k::sync_the_professionals_wording),
            "status" => t(lang, k::sync_whether_the_goal_is_reached),
            "what" => t(lang, k::sync_what_will_happen),
            "who" => t(lang, k::sync_who_does_it),
            "due" => t(lang, k::sync_the_date),
            "done" => t(lang, k::sync_whether_it_is_done),
            _ => t(lang, k::sync_a_part),
        }
    }

    fn value(field: &str, v: Option<String>, lang: Lang) -> String {
        match (field, v.as_deref()) {
            (_, None) | (_, Some("")) => t(lang, k::sync_empty).to_string(),
            ("status", Some("reached")) => t(lang, k::sync_reached).to_string(),
            ("status", Some("stopped")) => t(lang, k::sync_stopped).to_string(),
            ("status", Some(_)) => t(lang, k::sync_still_going).to_string(),
            ("done", Some("yes")) => t(lang, k::sync_done).to_string(),
            ("done", Some(_)) => t(lang, k::sync_not_done_yet).to_string(),
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
                why.push_str(&tn(
                    lang,
                    k::sync_tried_times,
                    p.attempts.max(0) as u64,
                    &[("next", &when(p.next_try_at, lang))],
                ));
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
            kept_history: summary
                .kept_history
                .iter()
                .map(|(key, resource)| format!("{resource} ({})", describe(&labels, key, lang)))
                .collect(),
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
        .set_consent(case, me.id, yes, CONSENT_TEXT_VERSION, crate::ctx::now())
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
pub fn PlanConsent(
    case: CaseId,
    given: bool,
    young: bool,
    /// Earlier yeses and noes, newest first.
    history: Vec<ConsentChoice>,
) -> impl IntoView {
    let lang = use_lang();
    let set = ServerAction::<SetPlanConsent>::new();
    let error = Signal::derive(move || set.value().get().and_then(|r| r.err()));
    view! {
        <section aria-labelledby="consent-h" class="card">
            <h2 id="consent-h">{t(lang, k::sync_sharing_with_the_care_plan)}</h2>
            <p>{if young {
                t(lang, k::sync_youth_care_keeps_a_care)
            } else {
                t(lang, k::sync_youth_care_keeps_a_care_2)
            }}</p>
            <p class="meta"><strong>{if given { t(lang, k::sync_now_yes_that_is_fine) } else { t(lang, k::sync_now_no_rather_not) }}</strong></p>
            <ErrorSummary error=error/>
            <ActionForm action=set attr:class="inline">
                <input type="hidden" name="case" value=case.0/>
                <input type="hidden" name="consent" value=if given { "no" } else { "yes" }/>
                <button type="submit" class="button secondary">{if given {
                    t(lang, k::sync_no_rather_not_after_all)
                } else {
                    t(lang, k::sync_yes_that_is_fine)
                }}</button>
            </ActionForm>
            {(!history.is_empty()).then(|| view! {
                <details>
                    <summary>{crate::i18n::tj(lang, young, k::sync_consent_history)}</summary>
                    <ul class="plain-list">
                        {history.into_iter().map(|c| view! {
                            <li>{c.date}": "{if c.given { t(lang, k::sync_consent_was_yes) } else { t(lang, k::sync_consent_was_no) }}</li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </section>
    }
}

/// `/cases/:id/sync`: the last sync, what is waiting, failures and conflicts.
#[component]
pub fn SyncPage() -> impl IntoView {
    let id = crate::ui::route_id(CaseId).get_untracked();
    let resolve = ServerAction::<ResolveSyncConflict>::new();
    let retry = ServerAction::<RetrySync>::new();
    let error = Signal::derive(move || {
        resolve
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| retry.value().get().and_then(|r| r.err()))
    });
    crate::ui::page(
        k::sync_keeping_the_care_plan_in,
        async move { load_sync(id.ok_or(AppError::NotFound)?).await },
        move |d| view! { <SyncView d=d resolve=resolve retry=retry error=error/> },
    )
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
        <p class="crumb"><a href=format!("/cases/{case}")>{tf(lang, k::case_at_the_table_for, &[("name", &d.child_first_name)])}</a></p>
        <h1>{t(lang, k::sync_keeping_the_care_plan_in)}</h1>
        <ErrorSummary error=error/>
        <section aria-labelledby="where-h" class="card">
            <h2 id="where-h">{t(lang, k::sync_where_is_the_plan_kept)}</h2>
            {match d.store.clone() {
                None => view! { <p>{t(lang, k::sync_the_plan_is_kept_in)}</p> }.into_any(),
                Some(s) => view! {
                    <p>{t(lang, k::sync_the_plan_is_kept_in_2)}</p>
                    <p class="meta">{t(lang, k::sync_address)}<code>{s}</code></p>
                }.into_any(),
            }}
            <p>{t(lang, k::sync_last_success)}<strong>{d.last_ok.clone().unwrap_or_else(|| t(lang, k::sync_never_yet).to_string())}</strong></p>
            {d.last_run.clone().map(|run| view! { <p class="meta">{t(lang, k::sync_last_tried)}{run}</p> })}
        </section>
        <section aria-labelledby="waiting-h" class="card">
            <h2 id="waiting-h">{t(lang, k::sync_still_waiting)}</h2>
            {if d.waiting.is_empty() {
                view! { <p>{t(lang, k::sync_nothing_everything_is_up_to)}</p> }.into_any()
            } else {
                view! {
                    <p>{match d.waiting_since.clone() {
                        Some(s) => tn(lang, k::sync_waiting_since, d.waiting.len() as u64, &[("since", &s)]),
                        None => tn(lang, k::sync_waiting, d.waiting.len() as u64, &[]),
                    }}</p>
                    <ul>{d.waiting.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                }.into_any()
            }}
        </section>
        {(!d.problems.is_empty()).then(|| view! {
            <section aria-labelledby="problems-h" class="card">
                <h2 id="problems-h">{t(lang, k::sync_what_did_not_work)}</h2>
                <ul class="problems">{d.problems.iter().map(|p| view! {
                    <li><strong>{p.what.clone()}</strong><br/>{p.why.clone()}</li>
                }).collect_view()}</ul>
                {stuck.then(|| view! {
                    <ActionForm action=retry>
                        <input type="hidden" name="case" value=case.0/>
                        <button type="submit" class="button">{t(lang, k::sync_try_again)}</button>
                    </ActionForm>
                })}
            </section>
        })}
        {(!d.kept_history.is_empty()).then(|| view! {
            <section aria-labelledby="history-h" class="card">
                <h2 id="history-h">{t(lang, k::sync_history_kept_title)}</h2>
                <p>{t(lang, k::sync_history_kept_intro)}</p>
                <ul>{d.kept_history.iter().map(|h| view! { <li><code>{h.clone()}</code></li> }).collect_view()}</ul>
            </section>
        })}
        <section aria-labelledby="conflicts-h" class="card">
            <h2 id="conflicts-h">{t(lang, k::sync_changed_on_both_sides)}</h2>
            {if d.conflicts.is_empty() {
                view! { <p>{t(lang, k::sync_there_is_nothing_to_decide)}</p> }.into_any()
            } else {
                let may = d.may_decide;
                view! {
                    <p>{t(lang, k::sync_this_was_changed_in_aan)}</p>
                    {d.conflicts.into_iter().map(|c| view! {
                        <article class="conflict" aria-label=c.what.clone()>
                            <h3>{c.what.clone()}</h3>
                            <p>{t(lang, k::sync_about)}{c.field.clone()}</p>
                            <dl>
                                <dt>{t(lang, k::sync_in_aan_tafel)}</dt><dd>{c.ours.clone()}</dd>
                                <dt>{t(lang, k::sync_in_the_care_plan)}</dt><dd>{c.theirs.clone()}</dd>
                            </dl>
                            {may.then(|| view! {
                                <ActionForm action=resolve attr:class="inline">
                                    <input type="hidden" name="case" value=case.0/>
                                    <input type="hidden" name="conflict" value=c.id/>
                                    <input type="hidden" name="keep" value="ours"/>
                                    <button type="submit" class="button secondary">{t(lang, k::sync_keep_what_is_in_aan)}</button>
                                </ActionForm>
                                <ActionForm action=resolve attr:class="inline">
                                    <input type="hidden" name="case" value=case.0/>
                                    <input type="hidden" name="conflict" value=c.id/>
                                    <input type="hidden" name="keep" value="theirs"/>
                                    <button type="submit" class="button secondary">{t(lang, k::sync_take_what_is_in_the)}</button>
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
