//! The plan in plain language: goals (with who expressed each: the young person, a parent, the
//! school or youth care), actions (who does what by when, and whether it is done), progress over
//! time, and what changed since the last meeting. Plain words come first; the professional
//! wording is one tap away.
//!
//! Page: [`PlanPage`] (`/cases/:id/plan`). Server functions: [`load_plan`], [`add_goal`],
//! [`add_progress`], [`add_plan_action`], [`set_action_done`]. Rule: [`changes_since`] (pure).
//! Data access: `crate::store::Store` (`goals`, `goal_progress`, `plan_actions`, ...).

use crate::domain::{CaseId, GoalId, PlanActionId, Role};
use crate::error::AppError;
use crate::i18n::{k, t, tf, use_lang, Lang};
use crate::ui::{ErrorSummary, FieldMessage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One step of progress on a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressView {
    /// 1 to 10.
    pub score: i64,
    /// A short note.
    pub note: String,
    /// The date, in words.
    pub date: String,
}

/// An action of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionView {
    /// Id.
    pub id: PlanActionId,
    /// What.
    pub what: String,
    /// Who.
    pub who: String,
    /// By when, in words.
    pub due: Option<String>,
    /// Done.
    pub done: bool,
}

/// A goal with its actions and progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalView {
    /// Id.
    pub id: GoalId,
    /// In plain words.
    pub plain: String,
    /// The professional wording.
    pub detail: String,
    /// Who expressed it.
    pub expressed_by: Role,
    /// active, reached or stopped.
    pub status: String,
    /// Progress, oldest first.
    pub progress: Vec<ProgressView>,
    /// Actions for this goal.
    pub actions: Vec<ActionView>,
    /// Agreements made in meetings for this goal, and how they went.
    pub agreements: Vec<crate::agreements::follow_up::FollowItem>,
}

/// The plan page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanData {
    /// The case.
    pub case_id: CaseId,
    /// The young person's first name.
    pub child_first_name: String,
    /// Goals.
    pub goals: Vec<GoalView>,
    /// Actions not tied to a goal.
    pub other_actions: Vec<ActionView>,
    /// What changed since the last meeting, in plain sentences.
    pub changed: Vec<String>,
    /// The last meeting's date, in words.
    pub since: Option<String>,
    /// Whether the viewer may change the plan.
    pub may_edit: bool,
    /// A family member's yes or no to sharing with the care plan (`None` for professionals).
    pub consent: Option<bool>,
    /// Their earlier yeses and noes, newest first.
    pub consent_history: Vec<crate::sync::ConsentChoice>,
    /// Whether the viewer is the young person.
    pub young: bool,
}

/// A plan event with its time (Unix seconds), for [`changes_since`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanEvent {
    /// A goal was added.
    GoalAdded(String),
    /// Progress was noted on a goal (its plain text and the new score).
    Progress(String, i64),
    /// An action was added.
    ActionAdded(String),
    /// An action was done.
    ActionDone(String),
}

/// The events after `since`, as plain sentences, in time order.
pub fn changes_since(events: &[(i64, PlanEvent)], since: i64, lang: Lang) -> Vec<String> {
    let mut after: Vec<&(i64, PlanEvent)> = events.iter().filter(|(t, _)| *t > since).collect();
    after.sort_by_key(|(t, _)| *t);
    after
        .into_iter()
        .map(|(_, e)| match e {
            PlanEvent::GoalAdded(g) => tf(lang, k::plan_event_goal_added, &[("goal", g)]),
            PlanEvent::Progress(g, s) => {
                tf(lang, k::plan_event_progress, &[("goal", g), ("score", s)])
            }
            PlanEvent::ActionAdded(a) => tf(lang, k::plan_event_action_added, &[("action", a)]),
            PlanEvent::ActionDone(a) => tf(lang, k::plan_event_action_done, &[("action", a)]),
        })
        .collect()
}

#[cfg(feature = "ssr")]
mod service {
    //! The rules behind the plan server functions.
    use super::*;
    use crate::ctx::AppState;
    use crate::domain::{Action, LocalTime};
    use crate::store::{PersonRow, PlanActionRow};

    fn day(unix: i64, lang: Lang) -> String {
        let t = chrono::DateTime::from_timestamp(unix, 0)
            .unwrap_or_default()
            .with_timezone(&chrono_tz::Europe::Amsterdam)
            .naive_local();
        LocalTime(t).date_long(lang)
    }

    fn action(a: &PlanActionRow, lang: Lang) -> ActionView {
        ActionView {
            id: a.id,
            what: a.what.clone(),
            who: a.who.clone(),
            due: a
                .due
                .map(|d| LocalTime(d.and_hms_opt(0, 0, 0).unwrap_or_default()).date_long(lang)),
            done: a.done_at.is_some(),
        }
    }

    /// The plan of a case, for someone at its table.
    pub async fn plan(
        state: &AppState,
        me: &PersonRow,
        case_id: CaseId,
        lang: Lang,
    ) -> Result<PlanData, AppError> {
        let (case, role) = crate::ctx::at_table(state, me.id, case_id, Action::ViewPlan).await?;
        let goals = state.store.goals(case_id).await?;
        let progress = state.store.goal_progress(case_id).await?;
        let actions = state.store.plan_actions(case_id).await?;
        // Every meeting with its agreements: the date of the last meeting, and the agreements
        // that serve each goal.
        let meetings = state.store.case_agreements(case_id).await?;
        let agreements: Vec<_> = meetings.iter().flat_map(|m| &m.agreements).collect();
        // Everyone who reads the plan may read every note (a supporter never reads the plan);
        // the plan shows how it went and when, not who said it.
        let reader = crate::prepare::sharing::Reader::new(me.id, role);
        let now = crate::meeting::local_now();
        let last_meeting = meetings
            .iter()
            .filter(|m| m.starts_at < now)
            .map(|m| m.starts_at)
            .max();
        let mut events = Vec::new();
        for g in &goals {
            events.push((g.created_at, PlanEvent::GoalAdded(g.plain.clone())));
        }
        for p in &progress {
            let plain = goals
                .iter()
                .find(|g| g.id == p.goal_id)
                .map(|g| g.plain.clone())
                .unwrap_or_default();
            events.push((p.at, PlanEvent::Progress(plain, p.score)));
        }
        for a in &actions {
            events.push((a.created_at, PlanEvent::ActionAdded(a.what.clone())));
            if let Some(done) = a.done_at {
                events.push((done, PlanEvent::ActionDone(a.what.clone())));
            }
        }
        let since_unix = last_meeting.map(|t| t.instant().timestamp());
        Ok(PlanData {
            case_id,
            child_first_name: case.child_first_name,
            goals: goals
                .iter()
                .map(|g| GoalView {
                    id: g.id,
                    plain: g.plain.clone(),
                    detail: g.detail.clone(),
                    expressed_by: Role::parse(&g.expressed_by).unwrap_or(Role::Parent),
                    status: g.status.clone(),
                    progress: progress
                        .iter()
                        .filter(|p| p.goal_id == g.id)
                        .map(|p| ProgressView {
                            score: p.score,
                            note: p.note.clone(),
                            date: day(p.at, lang),
                        })
                        .collect(),
                    actions: actions
                        .iter()
                        .filter(|a| a.goal_id == Some(g.id))
                        .map(|a| action(a, lang))
                        .collect(),
                    agreements: agreements
                        .iter()
                        .filter(|a| a.goal_id == Some(g.id))
                        // The plan shows how it went and when, not who said it.
                        .map(|a| {
                            crate::agreements::follow_up::service::follow_item(a, &[], reader, lang)
                        })
                        .collect(),
                })
                .collect(),
            other_actions: actions
                .iter()
                .filter(|a| a.goal_id.is_none())
                .map(|a| action(a, lang))
                .collect(),
            changed: changes_since(&events, since_unix.unwrap_or(0), lang),
            since: last_meeting.map(|t| t.date_long(lang)),
            may_edit: role.may(Action::EditPlan),
            consent: if matches!(role, Role::Parent | Role::Young) {
                Some(crate::ctx::consents(state, case_id).await?.contains(&me.id))
            } else {
                None
            },
            consent_history: if matches!(role, Role::Parent | Role::Young) {
                crate::sync::consent_choices(
                    &crate::ctx::consent_history(state, case_id, me.id).await?,
                    lang,
                )
            } else {
                Vec::new()
            },
            young: role == Role::Young,
        })
    }
}

/// The plan of a case.
#[server(prefix = "/api", endpoint = "load_plan")]
pub async fn load_plan(case: CaseId) -> Result<PlanData, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let data = service::plan(&state, &me, case, use_lang()).await?;
    // The plan is about the family at the table: each of them sees who read it.
    let family = crate::ctx::family_at(&state, me.id, case).await?;
    crate::ctx::audit_read(
        &state,
        me.id,
        Some(case),
        "plan.read",
        format!("case:{case}"),
        family,
    )
    .await?;
    Ok(data)
}

/// A professional at the table adds a goal, saying who expressed it.
#[server(prefix = "/api", endpoint = "add_goal")]
pub async fn add_goal(
    case: CaseId,
    plain: String,
    #[server(default)] detail: String,
    expressed_by: String,
) -> Result<(), AppError> {
    use crate::domain::{self as d, Action};
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    crate::ctx::require(&state, me.id, case, Action::EditPlan).await?;
    let mut errors = Vec::new();
    let plain_v = d::text("plain", &plain, 1, 300, &mut errors);
    let detail_v = d::text("detail", &detail, 0, 2000, &mut errors);
    let who = Role::parse(&expressed_by);
    if who.is_none() {
        errors.push(FieldError {
            field: "expressed_by".into(),
            problem: Problem::Choice,
        });
    }
    let Some(who) = who.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid {
            errors,
            echo: vec![("plain".into(), plain_v), ("detail".into(), detail_v)],
        });
    };
    let id = state
        .store
        .add_goal(case, &plain_v, &detail_v, who, crate::ctx::now())
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "plan.goal_add",
        format!("goal:{id}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}/plan"));
    Ok(())
}

/// A professional changes a goal: its words, and whether it is still going, reached or stopped.
#[server(prefix = "/api", endpoint = "edit_goal")]
pub async fn edit_goal(
    case: CaseId,
    goal: GoalId,
    plain: String,
    #[server(default)] detail: String,
    status: String,
) -> Result<(), AppError> {
    use crate::domain::{self as d, Action};
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    crate::ctx::require(&state, me.id, case, Action::EditPlan).await?;
    let mut errors = Vec::new();
    let plain_v = d::text("plain", &plain, 1, 300, &mut errors);
    let detail_v = d::text("detail", &detail, 0, 2000, &mut errors);
    if !GOAL_STATUSES.contains(&status.as_str()) {
        errors.push(FieldError {
            field: "status".into(),
            problem: Problem::Choice,
        });
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid {
            errors,
            echo: vec![("plain".into(), plain_v), ("detail".into(), detail_v)],
        });
    }
    if !state
        .store
        .update_goal(case, goal, &plain_v, &detail_v, &status, crate::ctx::now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "plan.goal_edit",
        format!("goal:{goal}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}/plan"));
    Ok(())
}

/// The states of a goal.
pub const GOAL_STATUSES: [&str; 3] = ["active", "reached", "stopped"];

/// A professional notes progress on a goal (1 to 10).
#[server(prefix = "/api", endpoint = "add_progress")]
pub async fn add_progress(
    case: CaseId,
    goal: GoalId,
    score: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::domain::Action;
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    crate::ctx::require(&state, me.id, case, Action::EditPlan).await?;
    let mut errors = Vec::new();
    let score_v = match score.trim().parse::<i64>() {
        Ok(n) if (1..=10).contains(&n) => n,
        _ => {
            errors.push(FieldError {
                field: "score".into(),
                problem: Problem::Choice,
            });
            0
        }
    };
    let note_v = crate::domain::text("note", &note, 0, 500, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    if !state
        .store
        .add_progress(case, goal, score_v, &note_v, me.id, crate::ctx::now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "plan.progress",
        format!("goal:{goal}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}/plan"));
    Ok(())
}

/// A professional adds an action: who does what by when.
#[server(prefix = "/api", endpoint = "add_plan_action")]
pub async fn add_plan_action(
    case: CaseId,
    #[server(default)] goal: String,
    what: String,
    who: String,
    #[server(default)] due: String,
) -> Result<(), AppError> {
    use crate::domain::{self as d, Action};
    let (state, me) = crate::ctx::signed_in().await?;
    crate::ctx::require(&state, me.id, case, Action::EditPlan).await?;
    let mut errors = Vec::new();
    let goals: Vec<i64> = state
        .store
        .goals(case)
        .await?
        .iter()
        .map(|g| g.id.0)
        .collect();
    let goal_id = d::optional_choice("goal", &goal, &goals, &mut errors).map(GoalId);
    let what_v = d::text("what", &what, 1, 500, &mut errors);
    let who_v = d::text("who", &who, 1, 120, &mut errors);
    let due_v = d::optional_date("due", &due, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid {
            errors,
            echo: vec![
                ("what".into(), what_v),
                ("who".into(), who_v),
                ("due".into(), due.chars().take(10).collect()),
            ],
        });
    }
    let id = state
        .store
        .add_plan_action(case, goal_id, &what_v, &who_v, due_v, crate::ctx::now())
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "plan.action_add",
        format!("action:{id}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}/plan"));
    Ok(())
}

/// A professional marks an action done (or not done).
#[server(prefix = "/api", endpoint = "set_action_done")]
pub async fn set_action_done(
    case: CaseId,
    action: PlanActionId,
    done: String,
) -> Result<(), AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    crate::ctx::require(&state, me.id, case, Action::EditPlan).await?;
    if !state
        .store
        .set_action_done(case, action, yes_no(&done)?, crate::ctx::now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "plan.action_done",
        format!("action:{action}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}/plan"));
    Ok(())
}

/// Reads a "yes" or "no" from a form.
#[cfg(feature = "ssr")]
fn yes_no(v: &str) -> Result<bool, AppError> {
    match v {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(AppError::invalid(vec![crate::error::FieldError {
            field: "done".into(),
            problem: crate::error::Problem::Choice,
        }])),
    }
}

/// The plan, in plain words.
#[component]
pub fn PlanPage() -> impl IntoView {
    let id = crate::ui::route_id(CaseId).get_untracked();
    let goal = ServerAction::<AddGoal>::new();
    let progress = ServerAction::<AddProgress>::new();
    let action = ServerAction::<AddPlanAction>::new();
    let done = ServerAction::<SetActionDone>::new();
    let edit = ServerAction::<EditGoal>::new();
    provide_context(edit);
    let error = Signal::derive(move || {
        goal.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| edit.value().get().and_then(|r| r.err()))
            .or_else(|| progress.value().get().and_then(|r| r.err()))
            .or_else(|| action.value().get().and_then(|r| r.err()))
            .or_else(|| done.value().get().and_then(|r| r.err()))
    });
    crate::ui::page(
        k::meeting_the_plan,
        async move { load_plan(id.ok_or(AppError::NotFound)?).await },
        move |d| view! { <PlanView d=d goal=goal progress=progress action=action done=done error=error/> },
    )
}

fn expressed(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Young => t(lang, k::plan_the_young_person_s_own),
        Role::Parent => t(lang, k::plan_a_parent_s_goal),
        Role::School => t(lang, k::plan_the_school_s_goal),
        Role::CareWorker => t(lang, k::plan_youth_care_s_goal),
        Role::Mediator => t(lang, k::plan_the_family_coach_s_goal),
        Role::Coordinator => t(lang, k::plan_the_coordinator_s_goal),
        // A supporter adds no goals; a goal is never shown as theirs.
        Role::Supporter => t(lang, k::plan_a_parent_s_goal),
    }
}

#[component]
fn ActionList(
    list: Vec<ActionView>,
    case: CaseId,
    done: ServerAction<SetActionDone>,
    may_edit: bool,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="actions">
            {list.into_iter().map(|a| {
                let what = a.what.clone();
                view! {
                    <li class=if a.done { "action done" } else { "action" }>
                        <p><strong>{a.what.clone()}</strong>{a.done.then(|| t(lang, k::plan_done))}</p>
                        <p class="meta">{t(lang, k::agreements_who)}{a.who.clone()}
                            {a.due.clone().map(|d| format!("{}{d}", t(lang, k::plan_done_by)))}</p>
                        {may_edit.then(|| view! {
                            <ActionForm action=done>
                                <input type="hidden" name="case" value=case.0/>
                                <input type="hidden" name="action" value=a.id.0/>
                                <input type="hidden" name="done" value=if a.done { "no" } else { "yes" }/>
                                <button type="submit" class="button secondary">{if a.done { t(lang, k::plan_not_done_after_all) } else { t(lang, k::plan_done_2) }}
                                    <span class="visually-hidden">{format!(": {what}")}</span></button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn PlanView(
    d: PlanData,
    goal: ServerAction<AddGoal>,
    progress: ServerAction<AddProgress>,
    action: ServerAction<AddPlanAction>,
    done: ServerAction<SetActionDone>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let case = d.case_id;
    let may_edit = d.may_edit;
    let goal_choices: Vec<(GoalId, String)> =
        d.goals.iter().map(|g| (g.id, g.plain.clone())).collect();
    view! {
        <p class="crumb"><a href=format!("/cases/{case}")>{tf(lang, k::case_at_the_table_for, &[("name", &d.child_first_name)])}</a></p>
        <h1>{t(lang, k::meeting_the_plan)}</h1>
        <p>{t(lang, k::plan_what_we_want_to_reach)}</p>
        <ErrorSummary error=error/>
        <section aria-labelledby="changed-h" class="card">
            <h2 id="changed-h">{match d.since.clone() {
                Some(s) => tf(lang, k::plan_what_changed_since, &[("since", &s)]),
                None => t(lang, k::plan_what_changed).to_string(),
            }}</h2>
            {d.changed.is_empty().then(|| view! { <p class="meta">{t(lang, k::plan_nothing_new)}</p> })}
            <ul>{d.changed.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
        </section>
        <section aria-labelledby="goals-h">
            <h2 id="goals-h">{t(lang, k::plan_goals)}</h2>
            {d.goals.is_empty().then(|| view! { <p>{t(lang, k::plan_there_are_no_goals_yet)}</p> })}
            {d.goals.into_iter().map(|g| {
                let last = g.progress.last().map(|p| p.score);
                let gid = g.id;
                view! {
                    <article class="card goal" aria-label=g.plain.clone()>
                        <p class=format!("by by-{}", g.expressed_by.code())>{expressed(g.expressed_by, lang)}</p>
                        <h3>{g.plain.clone()}</h3>
                        {match g.status.as_str() {
                            "reached" => Some(view! { <p class="status reached">{t(lang, k::plan_reached)}</p> }),
                            "stopped" => Some(view! { <p class="status stopped">{t(lang, k::plan_stopped)}</p> }),
                            _ => None,
                        }}
                        {(!g.detail.is_empty()).then(|| view! {
                            <details class="detail">
                                <summary>{t(lang, k::plan_as_the_professionals_write_it)}</summary>
                                <crate::plain::Marked text=g.detail.clone()/>
                            </details>
                        })}
                        {last.map(|s| view! {
                            <p class="meta">{tf(lang, k::plan_now_score, &[("score", &s)])}</p>
                        })}
                        {(!g.progress.is_empty()).then(|| view! {
                            <ol class="progress" aria-label=t(lang, k::plan_progress)>
                                {g.progress.iter().map(|p| view! {
                                    <li><span class=format!("bar s{}", p.score.clamp(0, 10))></span>
                                        <span>{format!("{}: {} / 10", p.date, p.score)}{(!p.note.is_empty()).then(|| format!(" – {}", p.note))}</span></li>
                                }).collect_view()}
                            </ol>
                        })}
                        <ActionList list=g.actions case=case done=done may_edit=may_edit/>
                        {(!g.agreements.is_empty()).then(|| view! {
                            <h4>{t(lang, k::follow_agreements_for_this_goal)}</h4>
                            <ul class="agreements">
                                {g.agreements.into_iter().map(|a| view! {
                                    <li class="agreement">
                                        <p class="what" dir="auto">{a.what.clone()}</p>
                                        <crate::agreements::follow_up::LatestReport latest=a.latest/>
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                        {may_edit.then(|| view! { <EditGoalForm case=case id=gid plain=g.plain.clone() detail=g.detail.clone() status=g.status.clone()/> })}
                        {may_edit.then(|| view! {
                            <ActionForm action=progress attr:class="inline">
                                <input type="hidden" name="case" value=case.0/>
                                <input type="hidden" name="goal" value=gid.0/>
                                <label for=format!("score-{gid}")>{t(lang, k::plan_how_is_it_going_now)}</label>
                                <input id=format!("score-{gid}") name="score" type="number" min="1" max="10" inputmode="numeric" required/>
                                <label for=format!("pnote-{gid}")>{t(lang, k::plan_short_note)}</label>
                                <input id=format!("pnote-{gid}") name="note" type="text" maxlength="500"/>
                                <button type="submit" class="button secondary">{t(lang, k::plan_save_progress)}</button>
                            </ActionForm>
                        })}
                    </article>
                }
            }).collect_view()}
        </section>
        {(!d.other_actions.is_empty()).then(|| view! {
            <section aria-labelledby="other-h">
                <h2 id="other-h">{t(lang, k::plan_other_actions)}</h2>
                <ActionList list=d.other_actions case=case done=done may_edit=may_edit/>
            </section>
        })}
        {d.consent.map(|given| view! { <crate::sync::PlanConsent case=case given=given young=d.young history=d.consent_history.clone()/> })}
        {may_edit.then(|| view! {
            <GoalForm case=case goal=goal error=error/>
            <PlanActionForm case=case action=action goals=goal_choices error=error/>
        })}
    }
}

#[component]
fn EditGoalForm(
    case: CaseId,
    id: GoalId,
    plain: String,
    detail: String,
    status: String,
) -> impl IntoView {
    let lang = use_lang();
    let Some(edit) = use_context::<ServerAction<EditGoal>>() else {
        return ().into_any();
    };
    view! {
        <details class="edit">
            <summary>{t(lang, k::plan_change_this_goal)}</summary>
            <ActionForm action=edit attr:class="stack">
                <input type="hidden" name="case" value=case.0/>
                <input type="hidden" name="goal" value=id.0/>
                <label for=format!("eplain-{id}")>{t(lang, k::plan_the_goal_in_plain_words)}</label>
                <textarea dir="auto" id=format!("eplain-{id}") name="plain" rows="2" maxlength="300" required>{plain}</textarea>
                <label for=format!("edetail-{id}")>{t(lang, k::plan_as_professionals_write_it)}</label>
                <textarea dir="auto" id=format!("edetail-{id}") name="detail" rows="2" maxlength="2000">{detail}</textarea>
                <label for=format!("estatus-{id}")>{t(lang, k::plan_where_does_it_stand)}</label>
                <select id=format!("estatus-{id}") name="status">
                    {GOAL_STATUSES.into_iter().map(|s| view! {
                        <option value=s selected=s == status>{match s {
                            "reached" => t(lang, k::plan_reached),
                            "stopped" => t(lang, k::plan_stopped),
                            _ => t(lang, k::plan_still_going),
                        }}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button secondary">{t(lang, k::plan_save_change)}</button>
            </ActionForm>
        </details>
    }
    .into_any()
}

#[component]
fn GoalForm(
    case: CaseId,
    goal: ServerAction<AddGoal>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let echo = move |f: &'static str| {
        error
            .get()
            .and_then(|e| e.echoed(f).map(str::to_string))
            .unwrap_or_default()
    };
    view! {
            <section aria-labelledby="goal-add-h" class="card">
                <h2 id="goal-add-h">{t(lang, k::plan_add_a_goal)}</h2>
                <ActionForm action=goal attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="case" value=case.0/>
                    <div class="field">
                        <label for="plain">{t(lang, k::plan_the_goal_in_plain_words)}</label>
                        <FieldMessage error=error field="plain"/>
                        <textarea dir="auto" id="plain" name="plain" rows="2" maxlength="300" required aria-describedby="plain-error plain-plain">{move || echo("plain")}</textarea>
                        <crate::plain::PlainHint target="plain".to_string() text=echo("plain")/>
                    </div>
                    <div class="field">
                        <label for="detail">{t(lang, k::plan_as_professionals_write_it_optional)}</label>
                        <textarea dir="auto" id="detail" name="detail" rows="3" maxlength="2000">{move || echo("detail")}</textarea>
                    </div>
                    <div class="field">
                        <label for="expressed_by">{t(lang, k::plan_whose_goal_is_this)}</label>
                        <FieldMessage error=error field="expressed_by"/>
                        <select id="expressed_by" name="expressed_by">
                            {[Role::Young, Role::Parent, Role::School, Role::CareWorker].into_iter().map(|r| view! {
                                <option value=r.code()>{r.name(lang)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button">{t(lang, k::plan_add_goal)}</button>
                </ActionForm>
            </section>
    }
}

#[component]
fn PlanActionForm(
    case: CaseId,
    action: ServerAction<AddPlanAction>,
    goals: Vec<(GoalId, String)>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let echo = move |f: &'static str| {
        error
            .get()
            .and_then(|e| e.echoed(f).map(str::to_string))
            .unwrap_or_default()
    };
    view! {
            <section aria-labelledby="action-add-h" class="card">
                <h2 id="action-add-h">{t(lang, k::plan_add_an_action)}</h2>
                <ActionForm action=action attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="case" value=case.0/>
                    <div class="field">
                        <label for="goal">{t(lang, k::plan_for_goal)}</label>
                        <FieldMessage error=error field="goal"/>
                        <select id="goal" name="goal">
                            <option value="">{t(lang, k::agenda_none)}</option>
                            {goals.into_iter().map(|(id, t)| view! { <option value=id.0>{t}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="what">{t(lang, k::agreements_what_will_happen)}</label>
                        <FieldMessage error=error field="what"/>
                        <textarea dir="auto" id="what" name="what" rows="2" maxlength="500" required aria-describedby="what-error">{move || echo("what")}</textarea>
                    </div>
                    <div class="field">
                        <label for="who">{t(lang, k::agreements_who_does_it)}</label>
                        <FieldMessage error=error field="who"/>
                        <input id="who" name="who" type="text" maxlength="120" required value=move || echo("who") aria-describedby="who-error"/>
                    </div>
                    <div class="field">
                        <label for="due">{t(lang, k::agreements_done_by_optional)}</label>
                        <FieldMessage error=error field="due"/>
                        <input id="due" name="due" type="date" value=move || echo("due") aria-describedby="due-error"/>
                    </div>
                    <button type="submit" class="button">{t(lang, k::plan_add_action)}</button>
                </ActionForm>
            </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_happened_after_the_last_meeting_in_time_order() {
        let events = vec![
            (50, PlanEvent::ActionDone("Bellen".into())),
            (5, PlanEvent::GoalAdded("Naar school".into())),
            (20, PlanEvent::Progress("Naar school".into(), 6)),
        ];
        assert_eq!(
            changes_since(&events, 10, Lang::Nl),
            vec![
                "Voortgang bij \"Naar school\": nu 6 van 10".to_string(),
                "Gedaan: Bellen".to_string()
            ]
        );
        assert_eq!(changes_since(&events, 100, Lang::En), Vec::<String>::new());
        assert_eq!(changes_since(&events, 0, Lang::En).len(), 3);
    }
}
