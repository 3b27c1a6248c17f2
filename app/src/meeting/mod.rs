//! Meetings: when, where, why we meet, who comes, and the deadline to prepare.
//!
//! Pages: [`MeetingPage`], [`NewMeetingPage`]. Server functions: [`load_meeting`],
//! [`create_meeting`]. Data access: `crate::store::Store`.

use crate::case::MemberView;
use crate::domain::{CaseId, LocalTime, MeetingId};
use crate::error::AppError;
use crate::i18n::{k, t, tf, use_lang};
use crate::ui::{ErrorSummary, FieldMessage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A meeting in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingCard {
    /// Id.
    pub id: MeetingId,
    /// Short title.
    pub title: String,
    /// Start.
    pub starts_at: LocalTime,
    /// Deadline to prepare.
    pub prepare_by: LocalTime,
}

#[cfg(feature = "ssr")]
impl MeetingCard {
    /// From a stored meeting.
    pub fn from_row(m: &crate::store::MeetingRow) -> Self {
        MeetingCard {
            id: m.id,
            title: m.title.clone(),
            starts_at: m.starts_at,
            prepare_by: m.prepare_by,
        }
    }
}

/// Everything the meeting page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDetail {
    /// Id.
    pub id: MeetingId,
    /// The case.
    pub case_id: CaseId,
    /// The young person's first name.
    pub child_first_name: String,
    /// Short title.
    pub title: String,
    /// Start.
    pub starts_at: LocalTime,
    /// End.
    pub ends_at: LocalTime,
    /// Where, if in person.
    pub place: String,
    /// Online link, if online.
    pub online_url: String,
    /// Why we meet.
    pub purpose: String,
    /// Deadline to prepare.
    pub prepare_by: LocalTime,
    /// Whether the deadline has passed.
    pub deadline_passed: bool,
    /// Who is invited.
    pub invitees: Vec<MemberView>,
    /// My role at the table.
    pub my_role: crate::domain::Role,
}

/// The current time in the Netherlands, on the portal's clock ([`crate::ctx::now`]).
#[cfg(feature = "ssr")]
pub fn local_now() -> LocalTime {
    LocalTime::from_unix(crate::ctx::now())
}

/// One meeting, for someone at the table of its case.
#[server(prefix = "/api", endpoint = "load_meeting")]
pub async fn load_meeting(meeting: MeetingId) -> Result<MeetingDetail, AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, case, my_role) =
        crate::ctx::meeting_at_table(&state, me.id, meeting, Action::ViewCase).await?;
    let invited = crate::ctx::invitees(&state, meeting).await?;
    let mut invitees = MemberView::from_rows(&crate::ctx::members(&state, m.case_id).await?, me.id);
    invitees.retain(|p| invited.contains(&p.id));
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "meeting.read",
        format!("meeting:{meeting}"),
    )
    .await?;
    Ok(MeetingDetail {
        id: m.id,
        case_id: m.case_id,
        child_first_name: case.child_first_name,
        title: m.title,
        ends_at: LocalTime(m.starts_at.0 + chrono::Duration::minutes(m.duration_minutes)),
        starts_at: m.starts_at,
        place: m.place,
        online_url: m.online_url,
        purpose: m.purpose,
        deadline_passed: local_now() > m.prepare_by,
        prepare_by: m.prepare_by,
        invitees,
        my_role,
    })
}

/// Plans a meeting; everyone at the table is invited.
#[server(prefix = "/api", endpoint = "create_meeting")]
pub async fn create_meeting(
    case: CaseId,
    title: String,
    starts_at: String,
    duration_minutes: String,
    place: String,
    online_url: String,
    purpose: String,
    prepare_by: String,
) -> Result<(), AppError> {
    use crate::domain::{self as d, Action};
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    crate::ctx::require(&state, me.id, case, Action::PlanMeeting).await?;
    let mut errors = Vec::new();
    let title_v = d::text("title", &title, 1, 120, &mut errors);
    let start = d::local_time("starts_at", &starts_at, &mut errors);
    let duration = match duration_minutes.trim().parse::<i64>() {
        Ok(n) if (15..=480).contains(&n) => n,
        _ => {
            errors.push(FieldError {
                field: "duration_minutes".into(),
                problem: Problem::Choice,
            });
            60
        }
    };
    let place_v = d::text("place", &place, 0, 200, &mut errors);
    let url_v = d::https_url("online_url", &online_url, &mut errors);
    if place_v.is_empty() && url_v.is_none() && online_url.trim().is_empty() {
        errors.push(FieldError {
            field: "place".into(),
            problem: Problem::PlaceOrLink,
        });
    }
    let purpose_v = d::text("purpose", &purpose, 1, 2000, &mut errors);
    let deadline = d::local_time("prepare_by", &prepare_by, &mut errors);
    if let (Some(s), Some(p)) = (start, deadline) {
        if p >= s {
            errors.push(FieldError {
                field: "prepare_by".into(),
                problem: Problem::DeadlineAfterMeeting,
            });
        }
    }
    let echo = vec![
        ("title".to_string(), title_v.clone()),
        (
            "starts_at".to_string(),
            starts_at.chars().take(20).collect(),
        ),
        (
            "duration_minutes".to_string(),
            duration_minutes.chars().take(4).collect(),
        ),
        ("place".to_string(), place_v.clone()),
        (
            "online_url".to_string(),
            online_url.chars().take(500).collect(),
        ),
        ("purpose".to_string(), purpose_v.clone()),
        (
            "prepare_by".to_string(),
            prepare_by.chars().take(20).collect(),
        ),
    ];
    let (Some(start), Some(deadline), true) = (start, deadline, errors.is_empty()) else {
        return Err(AppError::Invalid { errors, echo });
    };
    let invitees = state
        .store
        .members(case)
        .await?
        .into_iter()
        .map(|m| m.person_id)
        .collect();
    let id = state
        .store
        .create_meeting(
            crate::store::NewMeeting {
                case_id: case,
                title: title_v,
                starts_at: start,
                duration_minutes: duration,
                place: place_v,
                online_url: url_v.unwrap_or_default(),
                purpose: purpose_v,
                prepare_by: deadline,
                created_by: me.id,
                invitees,
            },
            crate::ctx::now(),
        )
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "meeting.create",
        format!("meeting:{id}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{id}"));
    Ok(())
}

/// A meeting in a list: title, when, deadline to prepare.
#[component]
pub fn MeetingSummary(meeting: MeetingCard) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h3><a href=format!("/meetings/{}", meeting.id)>{meeting.title.clone()}</a></h3>
        <p>{meeting.starts_at.long(lang)}</p>
        <p class="meta">{t(lang, k::meeting_prepare_until)}{meeting.prepare_by.long(lang)}</p>
    }
}

/// A meeting: when, where, why, who comes, the deadline.
#[component]
pub fn MeetingPage() -> impl IntoView {
    let id = crate::ui::route_id(MeetingId).get_untracked();
    crate::ui::page(
        k::meeting_meeting,
        async move {
            let m = load_meeting(id.ok_or(AppError::NotFound)?).await?;
            // Both only add to the page; when either fails, the page shows without it.
            let read_first = if m.my_role.is_professional() {
                crate::profile::load_read_first(m.id)
                    .await
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            let shared = crate::prepare::load_shared(m.id).await.unwrap_or_default();
            Ok((m, read_first, shared))
        },
        |(m, read_first, shared)| view! { <MeetingView m=m read_first=read_first shared=shared/> },
    )
}

#[component]
fn MeetingView(
    m: MeetingDetail,
    read_first: Vec<crate::profile::AuthorView>,
    shared: Vec<crate::prepare::AuthorInput>,
) -> impl IntoView {
    let lang = use_lang();
    let online = !m.online_url.is_empty();
    let query = leptos_router::hooks::use_query_map();
    let just_sent = query.read_untracked().get("sent").is_some();
    let prepares = matches!(
        m.my_role,
        crate::domain::Role::Parent | crate::domain::Role::Young
    );
    let meeting_id = m.id;
    let young = m.my_role == crate::domain::Role::Young;
    let interpreters = crate::case::supporter::interpreter_lines(
        lang,
        &m.invitees
            .iter()
            .filter_map(|p| p.interpreter.map(|l| (p.name.clone(), l)))
            .collect::<Vec<_>>(),
    );
    let sees_plan = m.my_role.may(crate::domain::Action::ViewPlan);
    view! {
        <p class="crumb"><a href=format!("/cases/{}", m.case_id)>{tf(lang, k::case_at_the_table_for, &[("name", &m.child_first_name)])}</a></p>
        <h1 lang="nl" dir="auto">{m.title.clone()}</h1>
        {m.my_role.is_professional().then(|| view! {
            <crate::profile::ReadFirst case=m.case_id child=m.child_first_name.clone() authors=read_first/>
        })}
        <section aria-labelledby="why-h" class="why">
            <h2 id="why-h">{t(lang, k::meeting_why_do_we_meet)}</h2>
            <crate::plain::Marked text=m.purpose.clone() class="purpose"/>
            <crate::plain::ReadAloud select=".why .purpose > p" text_lang=crate::i18n::Lang::Nl/>
            <crate::plain::ReadAloudScript/>
        </section>
        <dl class="facts">
            <dt>{t(lang, k::meeting_when)}</dt>
            <dd>{m.starts_at.long(lang)}" – "{m.ends_at.clock()}</dd>
            <dt>{t(lang, k::meeting_where)}</dt>
            <dd>
                {(!m.place.is_empty()).then(|| view! { <span lang="nl" dir="auto">{m.place.clone()}</span> })}
                {online.then(|| view! {
                    <span class="online">{t(lang, k::meeting_online)}
                        <a href=m.online_url.clone() rel="noopener noreferrer" target="_blank">
                            {t(lang, k::meeting_link_to_the_online_meeting)}
                            <span class="visually-hidden">{t(lang, k::meeting_opens_in_a_new_window)}</span>
                        </a>
                    </span>
                })}
            </dd>
            {(!interpreters.is_empty()).then(|| view! {
                <dt>{t(lang, k::support_interpreter_title)}</dt>
                {interpreters.into_iter().map(|line| view! { <dd class="interpreter">{line}</dd> }).collect_view()}
            })}
            <dt>{t(lang, k::meeting_prepare_until_2)}</dt>
            <dd>{m.prepare_by.long(lang)}
                {m.deadline_passed.then(|| view! {
                    <strong class="tag">{t(lang, k::meeting_this_date_has_passed)}</strong>
                })}
            </dd>
        </dl>
        {just_sent.then(|| view! {
            <div class="notice success" role="status">
                <p>{t(lang, k::meeting_your_answers_have_been_sent)}</p>
            </div>
        })}
        {(prepares && !m.deadline_passed).then(|| view! {
            <section aria-labelledby="prep-h" class="card">
                <h2 id="prep-h">{t(lang, k::meeting_your_preparation)}</h2>
                <p>{if young {
                    t(lang, k::meeting_say_what_you_think_in)
                } else {
                    t(lang, k::meeting_say_what_goes_well_what)
                }}</p>
                <p><a class="button" href=format!("/meetings/{meeting_id}/prepare")>{t(lang, k::meeting_prepare)}</a></p>
            </section>
        })}
        {(prepares && m.deadline_passed).then(|| view! {
            <p><a href=format!("/meetings/{meeting_id}/prepare")>{t(lang, k::meeting_read_my_answers)}</a></p>
        })}
        <nav aria-label=t(lang, k::meeting_for_this_meeting) class="meeting-links">
            <ul>
                {(m.my_role == crate::domain::Role::Mediator).then(|| view! {
                    <li><a class="button" href=format!("/meetings/{meeting_id}/review")>{t(lang, k::meeting_review_input)}</a></li>
                })}
                {prepares.then(|| view! {
                    <li><a href=format!("/meetings/{meeting_id}/preview")>{t(lang, k::meeting_what_the_table_sees_of)}</a></li>
                })}
                <li><a href=format!("/meetings/{meeting_id}/agenda")>{t(lang, k::agenda_agenda)}</a></li>
                <li><a href=format!("/meetings/{meeting_id}/school")>{t(lang, k::meeting_what_the_school_can_do)}</a></li>
                <li><a href=format!("/meetings/{meeting_id}/agreements")>{t(lang, k::agenda_agreements)}</a></li>
                {sees_plan.then(|| view! {
                    <li><a href=format!("/cases/{}/plan", m.case_id)>{t(lang, k::meeting_the_plan)}</a></li>
                })}
                <li><a href=format!("/meetings/{meeting_id}/calendar.ics") download="aantafel.ics">{t(lang, k::agreements_add_to_my_calendar_ics)}</a></li>
            </ul>
        </nav>
        <crate::prepare::SharedInputSection authors=shared/>
        <section aria-labelledby="who-h">
            <h2 id="who-h">{t(lang, k::meeting_who_comes)}</h2>
            <ul class="people">
                {m.invitees.into_iter().map(|p| view! {
                    <li>
                        <p class="person"><strong>{p.name.clone()}</strong>
                            {p.is_me.then(|| crate::i18n::tj(lang, crate::ui::reads_je(), k::case_you))}" · "{p.role.name(lang)}
                            {(!p.relation.is_empty()).then(|| format!(" · {}", p.relation))}</p>
                        {p.brought_by.clone().map(|by| view! {
                            <p class="meta">{tf(lang, k::support_brought_by, &[("name", &by)])}</p>
                        })}
                        <p class="explain">{p.role.explain(lang)}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A coordinator or mediator plans a meeting.
#[component]
pub fn NewMeetingPage() -> impl IntoView {
    let lang = use_lang();
    let case = crate::ui::route_id(CaseId).get_untracked();
    let action = ServerAction::<CreateMeeting>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let echo = move |f: &'static str| {
        error
            .get()
            .and_then(|e| e.echoed(f).map(str::to_string))
            .unwrap_or_default()
    };
    let form = move |d: crate::case::CaseDetail| {
        view! {
            <p class="crumb"><a href=format!("/cases/{}", d.id)>{tf(lang, k::case_at_the_table_for, &[("name", &d.child_first_name)])}</a></p>
            <h1>{t(lang, k::case_plan_a_meeting)}</h1>
            <p>{t(lang, k::meeting_everyone_at_the_table_is)}</p>
            <ErrorSummary error=error/>
            <ActionForm action=action attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="case" value=d.id.0/>
                <div class="field">
                    <label for="title">{t(lang, k::meeting_title)}</label>
                    <p class="hint" id="title-hint">{t(lang, k::meeting_short_for_example_talking_about)}</p>
                    <FieldMessage error=error field="title"/>
                    <input id="title" name="title" type="text" required maxlength="120" value=move || echo("title")
                        aria-describedby="title-hint title-error"/>
                </div>
                <div class="field">
                    <label for="purpose">{t(lang, k::meeting_why_do_we_meet_in)}</label>
                    <p class="hint" id="purpose-hint">{t(lang, k::meeting_write_short_sentences_explain_difficult)}</p>
                    <FieldMessage error=error field="purpose"/>
                    <textarea dir="auto" id="purpose" name="purpose" rows="5" required maxlength="2000"
                        aria-describedby="purpose-hint purpose-error">{move || echo("purpose")}</textarea>
                </div>
                <div class="field">
                    <label for="starts_at">{t(lang, k::meeting_date_and_start_time)}</label>
                    <FieldMessage error=error field="starts_at"/>
                    <input id="starts_at" name="starts_at" type="datetime-local" required value=move || echo("starts_at")
                        aria-describedby="starts_at-error"/>
                </div>
                <div class="field">
                    <label for="duration_minutes">{t(lang, k::meeting_how_long_minutes)}</label>
                    <FieldMessage error=error field="duration_minutes"/>
                    <input id="duration_minutes" name="duration_minutes" type="number" min="15" max="480" step="15" inputmode="numeric"
                        value=move || { let v = echo("duration_minutes"); if v.is_empty() { "60".to_string() } else { v } }
                        aria-describedby="duration_minutes-error"/>
                </div>
                <div class="field">
                    <label for="place">{t(lang, k::meeting_place)}</label>
                    <p class="hint" id="place-hint">{t(lang, k::meeting_for_example_school_room_12)}</p>
                    <FieldMessage error=error field="place"/>
                    <input id="place" name="place" type="text" maxlength="200" value=move || echo("place")
                        aria-describedby="place-hint place-error"/>
                </div>
                <div class="field">
                    <label for="online_url">{t(lang, k::meeting_link_for_an_online_meeting)}</label>
                    <FieldMessage error=error field="online_url"/>
                    <input id="online_url" name="online_url" type="url" maxlength="500" value=move || echo("online_url")
                        aria-describedby="online_url-error"/>
                </div>
                <div class="field">
                    <label for="prepare_by">{t(lang, k::meeting_prepare_until_2)}</label>
                    <p class="hint" id="prepare_by-hint">{t(lang, k::meeting_until_then_parents_and_the)}</p>
                    <FieldMessage error=error field="prepare_by"/>
                    <input id="prepare_by" name="prepare_by" type="datetime-local" required value=move || echo("prepare_by")
                        aria-describedby="prepare_by-hint prepare_by-error"/>
                </div>
                <button type="submit" class="button">{t(lang, k::meeting_plan_meeting)}</button>
            </ActionForm>
        }
    };
    crate::ui::page(
        k::case_plan_a_meeting,
        async move {
            let d = crate::case::load_case(case.ok_or(AppError::NotFound)?).await?;
            if d.my_role.may(crate::domain::Action::PlanMeeting) {
                Ok(d)
            } else {
                Err(AppError::NotAllowed)
            }
        },
        form,
    )
}
