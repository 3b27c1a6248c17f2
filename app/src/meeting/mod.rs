//! Meetings: when, where, why we meet, who comes, and the deadline to prepare.
//!
//! Pages: [`MeetingPage`], [`NewMeetingPage`]. Server functions: [`load_meeting`],
//! [`create_meeting`]. Data access: `crate::store::Store`.

use crate::case::MemberView;
use crate::domain::{CaseId, LocalTime, MeetingId};
use crate::error::AppError;
use crate::i18n::{tr, use_lang, Lang};
use crate::ui::{ErrorSummary, ErrorText, FieldMessage, Loading};
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

/// The current wall-clock time in the Netherlands.
#[cfg(feature = "ssr")]
pub fn local_now() -> LocalTime {
    LocalTime(
        chrono::Utc::now()
            .with_timezone(&chrono_tz::Europe::Amsterdam)
            .naive_local(),
    )
}

/// One meeting, for someone at the table of its case.
#[server(prefix = "/api", endpoint = "load_meeting")]
pub async fn load_meeting(meeting: MeetingId) -> Result<MeetingDetail, AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, case, my_role) =
        crate::ctx::meeting_at_table(&state, me.id, meeting, Action::ViewCase).await?;
    let invited = crate::ctx::invitees(&state, meeting).await?;
    let invitees = crate::ctx::members(&state, m.case_id)
        .await?
        .into_iter()
        .filter(|p| invited.contains(&p.person_id))
        .map(|p| MemberView {
            id: p.person_id,
            name: p.display_name,
            role: p.role,
            relation: p.relation,
            is_me: p.person_id == me.id,
        })
        .collect();
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
        <p class="meta">{tr(lang, "Voorbereiden kan tot ", "Prepare until ")}{meeting.prepare_by.long(lang)}</p>
    }
}

/// A meeting: when, where, why, who comes, the deadline.
#[component]
pub fn MeetingPage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::ui::route_id(MeetingId);
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_meeting(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || detail.get().map(|r| match r {
                Err(e) => view! { <h1>{tr(lang, "Gesprek", "Meeting")}</h1><ErrorText error=e/> }.into_any(),
                Ok(m) => view! { <MeetingView m=m/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn MeetingView(m: MeetingDetail) -> impl IntoView {
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
    view! {
        <p class="crumb"><a href=format!("/cases/{}", m.case_id)>{match lang {
            Lang::Nl => format!("Aan tafel voor {}", m.child_first_name),
            Lang::En => format!("At the table for {}", m.child_first_name),
        }}</a></p>
        <h1>{m.title.clone()}</h1>
        <section aria-labelledby="why-h" class="why">
            <h2 id="why-h">{tr(lang, "Waarom praten we?", "Why do we meet?")}</h2>
            <crate::plain::Marked text=m.purpose.clone() class="purpose"/>
        </section>
        <dl class="facts">
            <dt>{tr(lang, "Wanneer", "When")}</dt>
            <dd>{m.starts_at.long(lang)}" – "{m.ends_at.clock()}</dd>
            <dt>{tr(lang, "Waar", "Where")}</dt>
            <dd>
                {(!m.place.is_empty()).then(|| view! { <span>{m.place.clone()}</span> })}
                {online.then(|| view! {
                    <span class="online">{tr(lang, "Online: ", "Online: ")}
                        <a href=m.online_url.clone() rel="noopener noreferrer" target="_blank">
                            {tr(lang, "link naar het online gesprek", "link to the online meeting")}
                            <span class="visually-hidden">{tr(lang, " (opent in een nieuw venster)", " (opens in a new window)")}</span>
                        </a>
                    </span>
                })}
            </dd>
            <dt>{tr(lang, "Voorbereiden kan tot", "Prepare until")}</dt>
            <dd>{m.prepare_by.long(lang)}
                {m.deadline_passed.then(|| view! {
                    <strong class="tag">{tr(lang, " Deze datum is voorbij.", " This date has passed.")}</strong>
                })}
            </dd>
        </dl>
        {just_sent.then(|| view! {
            <div class="notice success" role="status">
                <p>{tr(lang, "Je antwoorden zijn verstuurd. Dank je wel! Je kunt ze nog veranderen tot de datum hierboven.",
                    "Your answers have been sent. Thank you! You can still change them until the date above.")}</p>
            </div>
        })}
        {(prepares && !m.deadline_passed).then(|| view! {
            <section aria-labelledby="prep-h" class="card">
                <h2 id="prep-h">{tr(lang, "Jouw voorbereiding", "Your preparation")}</h2>
                <p>{if young {
                    tr(lang, "Vertel wat jij vindt, in je eigen woorden. Jij kiest wie wat mag lezen.",
                             "Say what you think, in your own words. You choose who may read what.")
                } else {
                    tr(lang, "Vertel wat goed gaat, wat u zorgen geeft en wat uw kind nodig heeft. U kiest per antwoord wie het mag lezen.",
                             "Say what goes well, what worries you and what your child needs. For each answer you choose who may read it.")
                }}</p>
                <p><a class="button" href=format!("/meetings/{meeting_id}/prepare")>{tr(lang, "Voorbereiden", "Prepare")}</a></p>
            </section>
        })}
        {(prepares && m.deadline_passed).then(|| view! {
            <p><a href=format!("/meetings/{meeting_id}/prepare")>{tr(lang, "Mijn antwoorden lezen", "Read my answers")}</a></p>
        })}
        <nav aria-label=tr(lang, "Bij dit gesprek", "For this meeting") class="meeting-links">
            <ul>
                {(m.my_role == crate::domain::Role::Mediator).then(|| view! {
                    <li><a class="button" href=format!("/meetings/{meeting_id}/review")>{tr(lang, "Input bekijken", "Review input")}</a></li>
                })}
                {prepares.then(|| view! {
                    <li><a href=format!("/meetings/{meeting_id}/preview")>{tr(lang, "Wat de tafel van mij ziet", "What the table sees of mine")}</a></li>
                })}
                <li><a href=format!("/meetings/{meeting_id}/agenda")>{tr(lang, "Agenda", "Agenda")}</a></li>
                <li><a href=format!("/meetings/{meeting_id}/school")>{tr(lang, "Wat de school kan doen", "What the school can do")}</a></li>
                <li><a href=format!("/meetings/{meeting_id}/agreements")>{tr(lang, "Afspraken", "Agreements")}</a></li>
                <li><a href=format!("/cases/{}/plan", m.case_id)>{tr(lang, "Het plan", "The plan")}</a></li>
                <li><a href=format!("/meetings/{meeting_id}/calendar.ics") download="aantafel.ics">{tr(lang, "Zet in mijn agenda (.ics)", "Add to my calendar (.ics)")}</a></li>
            </ul>
        </nav>
        <crate::prepare::SharedInputSection meeting=meeting_id/>
        <section aria-labelledby="who-h">
            <h2 id="who-h">{tr(lang, "Wie komen er?", "Who comes?")}</h2>
            <ul class="people">
                {m.invitees.into_iter().map(|p| view! {
                    <li>
                        <p class="person"><strong>{p.name.clone()}</strong>
                            {p.is_me.then(|| tr(lang, " (u)", " (you)"))}" · "{p.role.name(lang)}
                            {(!p.relation.is_empty()).then(|| format!(" · {}", p.relation))}</p>
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
    let case = crate::ui::route_id(CaseId);
    let allowed = Resource::new(
        move || case.get(),
        |id| async move {
            let id = id.ok_or(AppError::NotFound)?;
            let d = crate::case::load_case(id).await?;
            if d.my_role.may(crate::domain::Action::PlanMeeting) {
                Ok(d)
            } else {
                Err(AppError::NotAllowed)
            }
        },
    );
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
            <p class="crumb"><a href=format!("/cases/{}", d.id)>{match lang {
                Lang::Nl => format!("Aan tafel voor {}", d.child_first_name),
                Lang::En => format!("At the table for {}", d.child_first_name),
            }}</a></p>
            <h1>{tr(lang, "Gesprek plannen", "Plan a meeting")}</h1>
            <p>{tr(lang, "Iedereen die aan tafel zit, wordt uitgenodigd.", "Everyone at the table is invited.")}</p>
            <ErrorSummary error=error/>
            <ActionForm action=action attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="case" value=d.id.0/>
                <div class="field">
                    <label for="title">{tr(lang, "Titel", "Title")}</label>
                    <p class="hint" id="title-hint">{tr(lang, "Kort, bijvoorbeeld: Gesprek over school en thuis.", "Short, for example: Talking about school and home.")}</p>
                    <FieldMessage error=error field="title"/>
                    <input id="title" name="title" type="text" required maxlength="120" value=move || echo("title")
                        aria-describedby="title-hint title-error"/>
                </div>
                <div class="field">
                    <label for="purpose">{tr(lang, "Waarom praten we? (in gewone woorden)", "Why do we meet? (in plain words)")}</label>
                    <p class="hint" id="purpose-hint">{tr(lang,
                        "Schrijf korte zinnen. Leg moeilijke woorden uit. Het gezin leest dit als eerste.",
                        "Write short sentences. Explain difficult words. The family reads this first.")}</p>
                    <FieldMessage error=error field="purpose"/>
                    <textarea id="purpose" name="purpose" rows="5" required maxlength="2000"
                        aria-describedby="purpose-hint purpose-error">{move || echo("purpose")}</textarea>
                </div>
                <div class="field">
                    <label for="starts_at">{tr(lang, "Datum en begintijd", "Date and start time")}</label>
                    <FieldMessage error=error field="starts_at"/>
                    <input id="starts_at" name="starts_at" type="datetime-local" required value=move || echo("starts_at")
                        aria-describedby="starts_at-error"/>
                </div>
                <div class="field">
                    <label for="duration_minutes">{tr(lang, "Hoe lang (minuten)", "How long (minutes)")}</label>
                    <FieldMessage error=error field="duration_minutes"/>
                    <input id="duration_minutes" name="duration_minutes" type="number" min="15" max="480" step="15" inputmode="numeric"
                        value=move || { let v = echo("duration_minutes"); if v.is_empty() { "60".to_string() } else { v } }
                        aria-describedby="duration_minutes-error"/>
                </div>
                <div class="field">
                    <label for="place">{tr(lang, "Plek", "Place")}</label>
                    <p class="hint" id="place-hint">{tr(lang, "Bijvoorbeeld: school, kamer 12. Leeg laten bij een online gesprek.", "For example: school, room 12. Leave empty for an online meeting.")}</p>
                    <FieldMessage error=error field="place"/>
                    <input id="place" name="place" type="text" maxlength="200" value=move || echo("place")
                        aria-describedby="place-hint place-error"/>
                </div>
                <div class="field">
                    <label for="online_url">{tr(lang, "Link voor online gesprek (niet verplicht)", "Link for an online meeting (optional)")}</label>
                    <FieldMessage error=error field="online_url"/>
                    <input id="online_url" name="online_url" type="url" maxlength="500" value=move || echo("online_url")
                        aria-describedby="online_url-error"/>
                </div>
                <div class="field">
                    <label for="prepare_by">{tr(lang, "Voorbereiden kan tot", "Prepare until")}</label>
                    <p class="hint" id="prepare_by-hint">{tr(lang, "Tot dit moment kunnen ouders en jongere hun antwoorden invullen en veranderen.", "Until then, parents and the young person can fill in and change their answers.")}</p>
                    <FieldMessage error=error field="prepare_by"/>
                    <input id="prepare_by" name="prepare_by" type="datetime-local" required value=move || echo("prepare_by")
                        aria-describedby="prepare_by-hint prepare_by-error"/>
                </div>
                <button type="submit" class="button">{tr(lang, "Gesprek plannen", "Plan meeting")}</button>
            </ActionForm>
        }
    };
    view! {
        <Suspense fallback=Loading>
            {move || allowed.get().map(|r| match r {
                Err(e) => view! { <h1>{tr(lang, "Gesprek plannen", "Plan a meeting")}</h1><ErrorText error=e/> }.into_any(),
                Ok(d) => form(d).into_any(),
            })}
        </Suspense>
    }
}
