//! The meeting record and the agreements card (afsprakenkaart): per agenda item what was
//! discussed, and who does what by when. Parents and young people say whether it matches what
//! they heard. A calendar file (`.ics`) puts the meeting, the deadline to prepare and dated
//! agreements in a phone's calendar.
//!
//! Page: [`AgreementsPage`]. Server functions: [`load_record`], [`record_discussed`],
//! [`add_agreement`], [`remove_agreement`], [`give_feedback`]. The calendar: [`calendar_for`]
//! (served at `/meetings/{id}/calendar.ics`) with the writer in [`ics`]. Data access:
//! `crate::store::Store` (`agreements`, `add_agreement`, `feedback`, ...).

pub mod follow_up;
#[cfg(feature = "ssr")]
pub mod ics;
pub mod status;

#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::domain::{AgendaItemId, AgreementId, CaseId, LocalTime, MeetingId};
use crate::error::AppError;
use crate::i18n::{k, t, use_lang, Lang};
use crate::ui::{ErrorSummary, FieldMessage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One agreement, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementView {
    /// Id.
    pub id: AgreementId,
    /// What will be done.
    pub what: String,
    /// Who does it.
    pub who: String,
    /// By when, in words.
    pub due: Option<String>,
    /// The goal of the plan it serves, in plain words.
    pub goal: Option<String>,
    /// How it went, the newest report.
    pub latest: Option<follow_up::ReportView>,
    /// Whether the viewer may say how it went.
    pub may_report: bool,
    /// What the viewer said last, to start the form with.
    pub mine: Option<follow_up::MyReport>,
}

/// One agenda item with its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordItem {
    /// Id.
    pub id: AgendaItemId,
    /// Title.
    pub title: String,
    /// What was discussed.
    pub discussed: String,
    /// The version of `discussed` this page shows (sent back with a save).
    pub discussed_version: i64,
    /// The agreements made on it.
    pub agreements: Vec<AgreementView>,
}

/// What someone said about the agreements (shown to the mediator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackView {
    /// Their name.
    pub name: String,
    /// Whether it matches what they heard.
    pub matches: bool,
    /// Their words.
    pub comment: String,
}

/// The agreements page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordData {
    /// The meeting.
    pub meeting: MeetingId,
    /// Its case.
    pub case_id: CaseId,
    /// Title.
    pub title: String,
    /// Start.
    pub starts_at: LocalTime,
    /// Items of the published agenda.
    pub items: Vec<RecordItem>,
    /// Agreements not tied to an item.
    pub other: Vec<AgreementView>,
    /// Whether the viewer records (the mediator).
    pub may_record: bool,
    /// Whether the viewer is asked whether it matches (parent or young person).
    pub asks_feedback: bool,
    /// The viewer's own feedback.
    pub my_feedback: Option<(bool, String)>,
    /// Everyone's feedback (mediator only).
    pub feedback: Vec<FeedbackView>,
    /// The plan's goals (id, plain words), to link an agreement to.
    pub goals: Vec<(crate::domain::GoalId, String)>,
    /// The people at the table who can be responsible for an agreement (mediator only).
    pub people: Vec<(crate::domain::PersonId, String)>,
    /// For the family: the sharing a note on how an agreement went starts with.
    pub note_sharing: Option<crate::prepare::sharing::Sharing>,
}

#[cfg(feature = "ssr")]
mod service {
    //! The rules behind the agreements server functions.
    use super::*;
    use crate::ctx::AppState;
    use crate::domain::Action;
    use crate::prepare::sharing::Reader;
    use crate::store::{AgreementRow, MemberRow, PersonRow};

    /// What one reader sees of an agreement.
    struct Seen<'a> {
        goals: &'a [crate::store::GoalRow],
        members: &'a [MemberRow],
        reader: Reader,
        lang: Lang,
    }

    fn view(a: &AgreementRow, s: &Seen<'_>) -> AgreementView {
        let (goals, lang) = (s.goals, s.lang);
        AgreementView {
            latest: a
                .latest
                .as_ref()
                .and_then(|u| follow_up::service::report_view(u, s.members, s.reader, lang)),
            may_report: status::may_report(s.reader.role, s.reader.id, a.responsible_id),
            mine: follow_up::service::mine(a, s.reader.id),
            goal: a
                .goal_id
                .and_then(|g| goals.iter().find(|x| x.id == g))
                .map(|g| g.plain.clone()),
            id: a.id,
            what: a.what.clone(),
            who: a.who.clone(),
            due: follow_up::service::due_words(a.due, lang),
        }
    }

    /// The record as `me` may see it (everyone at the table).
    pub async fn record(
        state: &AppState,
        me: &PersonRow,
        meeting: MeetingId,
        lang: Lang,
    ) -> Result<RecordData, AppError> {
        let (m, case, role) =
            crate::ctx::meeting_at_table(state, me.id, meeting, Action::ViewCase).await?;
        let mediator = role.may(Action::Mediate);
        let items = state.store.agenda_items(meeting).await?;
        let agreements = state.store.agreements(meeting).await?;
        // The plan's goals only for those who may read the plan (never a supporter).
        let goals = if role.may(Action::ViewPlan) {
            state.store.goals(m.case_id).await?
        } else {
            Vec::new()
        };
        let members = crate::ctx::members(state, m.case_id).await?;
        let seen = Seen {
            goals: &goals,
            members: &members,
            reader: crate::ctx::reader(state, m.case_id, me.id, role).await?,
            lang,
        };
        let published: Vec<_> = items
            .iter()
            .filter(|i| i.published && i.merged_into.is_none())
            .collect();
        let record_items = published
            .iter()
            .map(|i| RecordItem {
                id: i.id,
                title: i.title.clone(),
                discussed: i.discussed.clone(),
                discussed_version: i.discussed_version,
                agreements: agreements
                    .iter()
                    .filter(|a| a.item_id == Some(i.id))
                    .map(|a| view(a, &seen))
                    .collect(),
            })
            .collect();
        let other = agreements
            .iter()
            .filter(|a| !published.iter().any(|i| Some(i.id) == a.item_id))
            .map(|a| view(a, &seen))
            .collect();
        let all_feedback = state.store.feedback(meeting).await?;
        let my_feedback = all_feedback
            .iter()
            .find(|f| f.person_id == me.id)
            .map(|f| (f.matches, f.comment.clone()));
        let feedback = if mediator {
            all_feedback
                .iter()
                .map(|f| FeedbackView {
                    name: members
                        .iter()
                        .find(|p| p.person_id == f.person_id)
                        .map(|p| p.display_name.clone())
                        .unwrap_or_default(),
                    matches: f.matches,
                    comment: f.comment.clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(RecordData {
            meeting,
            case_id: m.case_id,
            title: m.title,
            starts_at: m.starts_at,
            items: record_items,
            other,
            may_record: mediator,
            asks_feedback: matches!(role, Role::Parent | Role::Young),
            my_feedback,
            feedback,
            // Only the coach links an agreement to a goal.
            goals: if mediator {
                goals.iter().map(|g| (g.id, g.plain.clone())).collect()
            } else {
                Vec::new()
            },
            people: if mediator {
                responsible_choices(&members)
            } else {
                Vec::new()
            },
            note_sharing: follow_up::service::note_sharing(role, case.age_band),
        })
    }

    /// Who can be made responsible for an agreement: everyone at the table but a supporter.
    pub fn responsible_choices(members: &[MemberRow]) -> Vec<(crate::domain::PersonId, String)> {
        members
            .iter()
            .filter(|p| p.role != Role::Supporter)
            .map(|p| (p.person_id, p.display_name.clone()))
            .collect()
    }
}

/// The calendar file for one meeting: the meeting, the deadline to prepare (for those who
/// prepare), and every agreement with a date. Only for people at the table.
#[cfg(feature = "ssr")]
pub async fn calendar_for(
    state: &crate::ctx::AppState,
    me: &crate::store::PersonRow,
    meeting: MeetingId,
    lang: Lang,
) -> Result<String, AppError> {
    use crate::domain::Action;
    use ics::{Event, When};
    let (m, case, role) =
        crate::ctx::meeting_at_table(state, me.id, meeting, Action::ViewCase).await?;
    // The file is in the language the person chose for their account.
    let lang = crate::auth::service::language_of(state, me.id, lang).await?;
    let link = format!("{}/meetings/{}", state.config.public_url, meeting);
    let host = state
        .config
        .public_url
        .split("://")
        .nth(1)
        .unwrap_or("aantafel")
        .to_string();
    let mut events = vec![Event {
        uid: format!("meeting-{meeting}@{host}"),
        summary: m.title.clone(),
        description: m.purpose.clone(),
        location: if m.place.is_empty() {
            m.online_url.clone()
        } else {
            m.place.clone()
        },
        url: link.clone(),
        when: When::Timed {
            start: m.starts_at.0,
            minutes: m.duration_minutes,
        },
    }];
    if matches!(role, Role::Parent | Role::Young) {
        events.push(Event {
            uid: format!("prepare-{meeting}@{host}"),
            summary: format!(
                "{}: {}",
                t(lang, k::agreements_last_day_to_prepare),
                m.title
            ),
            description: String::new(),
            location: String::new(),
            url: format!("{link}/prepare"),
            when: When::Timed {
                start: m.prepare_by.0 - chrono::Duration::minutes(30),
                minutes: 30,
            },
        });
    }
    for a in state.store.agreements(meeting).await? {
        let Some(due) = a.due else { continue };
        events.push(Event {
            uid: format!("agreement-{}@{host}", a.id),
            summary: format!("{}: {}", t(lang, k::agreements_ics_to_do), a.what),
            description: format!("{}{}", t(lang, k::agreements_who), a.who),
            location: String::new(),
            url: format!("{link}/agreements"),
            when: When::Day(due),
        });
    }
    crate::ctx::audit(
        state,
        me.id,
        Some(m.case_id),
        "calendar.read",
        format!("meeting:{meeting}"),
    )
    .await?;
    Ok(ics::calendar(
        &format!("Aan Tafel: {}", case.child_first_name),
        &events,
        chrono::Utc::now().naive_utc(),
    ))
}

/// The meeting record and agreements.
#[server(prefix = "/api", endpoint = "load_record")]
pub async fn load_record(meeting: MeetingId) -> Result<RecordData, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let data = service::record(&state, &me, meeting, use_lang()).await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(data.case_id),
        "record.read",
        format!("meeting:{meeting}"),
    )
    .await?;
    Ok(data)
}

/// The mediator records what was discussed on an agenda item.
#[server(prefix = "/api", endpoint = "record_discussed")]
pub async fn record_discussed(
    meeting: MeetingId,
    item: AgendaItemId,
    #[server(default)] text: String,
    #[server(default)] version: i64,
) -> Result<(), AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, _) = crate::ctx::meeting_at_table(&state, me.id, meeting, Action::Mediate).await?;
    let mut errors = Vec::new();
    let t = crate::domain::text("discussed", &text, 0, 4000, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    if !state
        .store
        .agenda_items(meeting)
        .await?
        .iter()
        .any(|i| i.id == item && i.published)
    {
        return Err(AppError::NotFound);
    }
    // Saved only over the version this person saw: two tabs never silently overwrite each other.
    if !state
        .store
        .save_discussed(meeting, item, version, &t)
        .await?
    {
        return Err(AppError::RecordChanged { mine: t });
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "record.discussed",
        format!("agenda_item:{item}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/agreements"));
    Ok(())
}

/// The mediator adds an agreement: who does what by when.
#[server(prefix = "/api", endpoint = "add_agreement")]
pub async fn add_agreement(
    meeting: MeetingId,
    #[server(default)] item: String,
    #[server(default)] goal: String,
    what: String,
    who: String,
    #[server(default)] responsible: String,
    #[server(default)] due: String,
) -> Result<(), AppError> {
    use crate::domain::{self as d, Action};
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, _) = crate::ctx::meeting_at_table(&state, me.id, meeting, Action::Mediate).await?;
    let mut errors = Vec::new();
    let items = state.store.agenda_items(meeting).await?;
    let published: Vec<i64> = items
        .iter()
        .filter(|i| i.published)
        .map(|i| i.id.0)
        .collect();
    let item_id = d::optional_choice("item", &item, &published, &mut errors).map(AgendaItemId);
    let goals: Vec<i64> = state
        .store
        .goals(m.case_id)
        .await?
        .iter()
        .map(|g| g.id.0)
        .collect();
    let goal_id = d::optional_choice("goal", &goal, &goals, &mut errors).map(crate::domain::GoalId);
    let people: Vec<i64> =
        service::responsible_choices(&crate::ctx::members(&state, m.case_id).await?)
            .iter()
            .map(|(p, _)| p.0)
            .collect();
    let responsible_id =
        d::optional_choice("responsible", &responsible, &people, &mut errors).map(d::PersonId);
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
        .add_agreement(
            crate::store::NewAgreement {
                meeting,
                item: item_id,
                goal: goal_id,
                what: &what_v,
                who: &who_v,
                responsible: responsible_id,
                due: due_v,
                by: me.id,
            },
            crate::ctx::now(),
        )
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "agreement.add",
        format!("agreement:{id}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/agreements"));
    Ok(())
}

/// The mediator removes an agreement made by mistake.
#[server(prefix = "/api", endpoint = "remove_agreement")]
pub async fn remove_agreement(meeting: MeetingId, agreement: AgreementId) -> Result<(), AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, _) = crate::ctx::meeting_at_table(&state, me.id, meeting, Action::Mediate).await?;
    if !state
        .store
        .remove_agreement(meeting, agreement, crate::ctx::now_of(&state))
        .await?
    {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "agreement.remove",
        format!("agreement:{agreement}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/agreements"));
    Ok(())
}

/// A parent or young person says whether the agreements match what they heard.
#[server(prefix = "/api", endpoint = "give_feedback")]
pub async fn give_feedback(
    meeting: MeetingId,
    // Not called `matches`: a form field with that name would hide the form's own `matches()`.
    agree: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    use crate::domain::Action;
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, role) =
        crate::ctx::meeting_at_table(&state, me.id, meeting, Action::ViewCase).await?;
    if !matches!(role, Role::Parent | Role::Young) {
        return Err(AppError::NotAllowed);
    }
    let mut errors = Vec::new();
    let yes = match agree.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            errors.push(FieldError {
                field: "agree".into(),
                problem: Problem::Choice,
            });
            false
        }
    };
    let c = crate::domain::text("comment", &comment, 0, 2000, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    state
        .store
        .set_feedback(meeting, me.id, yes, &c, crate::ctx::now())
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "agreement.feedback",
        format!("meeting:{meeting}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/agreements?thanks=1"));
    Ok(())
}

/// The agreements card, and for the mediator the meeting record.
#[component]
pub fn AgreementsPage() -> impl IntoView {
    let id = crate::ui::route_id(MeetingId).get_untracked();
    let discussed = ServerAction::<RecordDiscussed>::new();
    let add = ServerAction::<AddAgreement>::new();
    let remove = ServerAction::<RemoveAgreement>::new();
    let feedback = ServerAction::<GiveFeedback>::new();
    let report = ServerAction::<follow_up::ReportAgreement>::new();
    let error = Signal::derive(move || {
        add.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| report.value().get().and_then(|r| r.err()))
            .or_else(|| discussed.value().get().and_then(|r| r.err()))
            .or_else(|| remove.value().get().and_then(|r| r.err()))
            .or_else(|| feedback.value().get().and_then(|r| r.err()))
    });
    crate::ui::page(
        k::agenda_agreements,
        async move { load_record(id.ok_or(AppError::NotFound)?).await },
        move |d| view! { <RecordView d=d discussed=discussed add=add remove=remove feedback=feedback report=report error=error/> },
    )
}

#[component]
fn AgreementList(
    list: Vec<AgreementView>,
    meeting: MeetingId,
    note_sharing: Option<crate::prepare::sharing::Sharing>,
    remove: Option<ServerAction<RemoveAgreement>>,
    report: ServerAction<follow_up::ReportAgreement>,
) -> impl IntoView {
    let lang = use_lang();
    // Which form a refusal belongs to is not known here: the summary at the top says it.
    let no_field_error = Signal::derive(|| None);
    view! {
        <ul class="agreements">
            {list.into_iter().map(|a| view! {
                <li class="agreement">
                    <crate::plain::Marked text=a.what.clone() class="what"/>
                    <p>{t(lang, k::agreements_who)}{a.who.clone()}</p>
                    <p>{t(lang, k::agreements_done_by)}{a.due.clone().unwrap_or_else(|| t(lang, k::agreements_no_date).to_string())}</p>
                    {a.goal.clone().map(|g| view! { <p class="meta">{t(lang, k::agreements_serves_the_goal)}{g}</p> })}
                    {a.latest.clone().map(|r| view! { <follow_up::ReportLine r=r/> })}
                    {a.may_report.then(|| view! {
                        <details class="no-print">
                            <summary>{crate::i18n::tj(lang, crate::ui::reads_je(), k::follow_say_how_it_went)}<span class="visually-hidden">{format!(": {}", a.what)}</span></summary>
                            <follow_up::ReportForm action=report meeting=meeting agreement=a.id current=a.mine.clone() note_sharing=note_sharing step=0 error=no_field_error/>
                        </details>
                    })}
                    {remove.map(|remove| view! {
                        <ActionForm action=remove attr:class="no-print">
                            <input type="hidden" name="meeting" value=meeting.0/>
                            <input type="hidden" name="agreement" value=a.id.0/>
                            <button type="submit" class="button secondary">{t(lang, k::agreements_remove)}<span class="visually-hidden">{format!(": {}", a.what)}</span></button>
                        </ActionForm>
                    })}
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn RecordView(
    d: RecordData,
    discussed: ServerAction<RecordDiscussed>,
    add: ServerAction<AddAgreement>,
    remove: ServerAction<RemoveAgreement>,
    feedback: ServerAction<GiveFeedback>,
    report: ServerAction<follow_up::ReportAgreement>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let meeting = d.meeting;
    let recorder = d.may_record;
    let remover = recorder.then_some(remove);
    let query = leptos_router::hooks::use_query_map();
    let thanks = query.read_untracked().get("thanks").is_some();
    let echo = move |f: &'static str| {
        error
            .get()
            .and_then(|e| e.echoed(f).map(str::to_string))
            .unwrap_or_default()
    };
    let nothing = d
        .items
        .iter()
        .all(|i| i.agreements.is_empty() && i.discussed.is_empty())
        && d.other.is_empty();
    let item_choices: Vec<(AgendaItemId, String)> =
        d.items.iter().map(|i| (i.id, i.title.clone())).collect();
    let goal_choices = d.goals.clone();
    let people = d.people.clone();
    let note_sharing = d.note_sharing;
    view! {
        <p class="crumb no-print"><a href=format!("/meetings/{meeting}")>{d.title.clone()}</a></p>
        <h1>{t(lang, k::agenda_agreements)}</h1>
        <p class="meta"><span lang="nl" dir="auto">{d.title.clone()}</span>" · "{d.starts_at.long(lang)}</p>
        {(!nothing).then(|| view! {
            <crate::plain::ReadAloud select=".agreement .what > p" text_lang=Lang::Nl/>
            <crate::plain::ReadAloudScript/>
        })}
        <p class="no-print"><a href=format!("/meetings/{meeting}/calendar.ics") download="aantafel.ics">{t(lang, k::agreements_add_to_my_calendar_ics)}</a></p>
        {thanks.then(|| view! { <div class="notice success" role="status"><p>{crate::i18n::tj(lang, crate::ui::reads_je(), k::agreements_thank_you_the_family_coach)}</p></div> })}
        <ErrorSummary error=error/>
        {move || error.get().and_then(|e| match e {
            AppError::RecordChanged { mine } if !mine.is_empty() => Some(view! {
                <div class="notice" role="status">
                    <p><strong>{crate::i18n::tj(lang, crate::ui::reads_je(), k::agreements_what_you_typed_not_saved)}</strong></p>
                    <p class="mine">{mine}</p>
                </div>
            }),
            _ => None,
        })}
        {nothing.then(|| view! { <p>{t(lang, k::agreements_there_are_no_agreements_yet)}</p> })}
        {d.items.into_iter().map(|i| {
            let show = recorder || !i.agreements.is_empty() || !i.discussed.is_empty();
            let RecordItem { id, title, discussed: said, discussed_version, agreements } = i;
            let hidden = format!(": {title}");
            let said_text = said.clone();
            show.then(move || view! {
                <section class="record-item" aria-label=title.clone()>
                    <h2>{title.clone()}</h2>
                    {(!said.is_empty()).then(|| view! { <p><strong>{t(lang, k::agreements_discussed)}</strong>{said.clone()}</p> })}
                    <AgreementList list=agreements meeting=meeting note_sharing=note_sharing remove=remover report=report/>
                    {recorder.then(move || view! {
                        <ActionForm action=discussed attr:class="stack no-print">
                            <input type="hidden" name="meeting" value=meeting.0/>
                            <input type="hidden" name="item" value=id.0/>
                            <input type="hidden" name="version" value=discussed_version/>
                            <div class="field">
                                <label for=format!("disc-{id}")>{t(lang, k::agreements_what_was_discussed)}</label>
                                <textarea dir="auto" id=format!("disc-{id}") name="text" rows="3" maxlength="4000">{said_text}</textarea>
                            </div>
                            <button type="submit" class="button secondary">{t(lang, k::agreements_save)}<span class="visually-hidden">{hidden}</span></button>
                        </ActionForm>
                    })}
                </section>
            })
        }).collect_view()}
        {(!d.other.is_empty()).then(|| view! {
            <section aria-labelledby="other-h">
                <h2 id="other-h">{t(lang, k::agreements_other_agreements)}</h2>
                <AgreementList list=d.other meeting=meeting note_sharing=note_sharing remove=remover report=report/>
            </section>
        })}
        {recorder.then(|| view! {
            <section aria-labelledby="add-h" class="card no-print">
                <h2 id="add-h">{t(lang, k::agreements_add_an_agreement)}</h2>
                <p class="hint">{t(lang, k::agreements_write_briefly_and_in_plain)}</p>
                <ActionForm action=add attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="meeting" value=meeting.0/>
                    <div class="field">
                        <label for="item">{t(lang, k::agreements_on_agenda_item)}</label>
                        <FieldMessage error=error field="item"/>
                        <select id="item" name="item">
                            <option value="">{t(lang, k::agenda_none)}</option>
                            {item_choices.into_iter().map(|(id, t)| view! { <option value=id.0>{t}</option> }).collect_view()}
                        </select>
                    </div>
                    {(!goal_choices.is_empty()).then(|| view! {
                        <div class="field">
                            <label for="goal">{t(lang, k::agreements_for_a_goal_of_the)}</label>
                            <FieldMessage error=error field="goal"/>
                            <select id="goal" name="goal">
                                <option value="">{t(lang, k::agenda_none)}</option>
                                {goal_choices.into_iter().map(|(id, t)| view! { <option value=id.0>{t}</option> }).collect_view()}
                            </select>
                        </div>
                    })}
                    <div class="field">
                        <label for="what">{t(lang, k::agreements_what_will_happen)}</label>
                        <FieldMessage error=error field="what"/>
                        <textarea dir="auto" id="what" name="what" rows="2" required maxlength="500" aria-describedby="what-error what-plain">{move || echo("what")}</textarea>
                        <crate::plain::PlainHint target="what".to_string() text=echo("what")/>
                    </div>
                    <div class="field">
                        <label for="who">{t(lang, k::agreements_who_does_it)}</label>
                        <FieldMessage error=error field="who"/>
                        <input id="who" name="who" type="text" required maxlength="120" value=move || echo("who") aria-describedby="who-error"/>
                    </div>
                    <div class="field">
                        <label for="responsible">{t(lang, k::follow_responsible)}</label>
                        <p class="hint" id="responsible-hint">{t(lang, k::follow_responsible_hint)}</p>
                        <FieldMessage error=error field="responsible"/>
                        <select id="responsible" name="responsible" aria-describedby="responsible-hint responsible-error">
                            <option value="">{t(lang, k::agenda_none)}</option>
                            {people.into_iter().map(|(id, name)| view! { <option value=id.0>{name}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="due">{t(lang, k::agreements_done_by_optional)}</label>
                        <FieldMessage error=error field="due"/>
                        <input id="due" name="due" type="date" value=move || echo("due") aria-describedby="due-error"/>
                    </div>
                    <button type="submit" class="button">{t(lang, k::agreements_add_agreement)}</button>
                </ActionForm>
            </section>
            {(!d.feedback.is_empty()).then(|| view! {
                <section aria-labelledby="fb-h">
                    <h2 id="fb-h">{t(lang, k::agreements_does_the_family_agree_it)}</h2>
                    <ul>
                        {d.feedback.into_iter().map(|f| view! {
                            <li><strong>{f.name}</strong>": "{if f.matches { t(lang, k::agreements_matches) } else { t(lang, k::agreements_does_not_match) }}
                                {(!f.comment.is_empty()).then(|| view! { <p class="own-words" dir="auto">{f.comment}</p> })}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        })}
        {d.asks_feedback.then(|| {
            let (yes, words) = d.my_feedback.clone().unwrap_or((true, String::new()));
            let given = d.my_feedback.is_some();
            view! {
                <section aria-labelledby="match-h" class="card no-print">
                    <h2 id="match-h">{crate::i18n::tj(lang, crate::ui::reads_je(), k::agreements_does_this_match_what_you)}</h2>
                    <ActionForm action=feedback attr:class="stack">
                        <input type="hidden" name="meeting" value=meeting.0/>
                        <fieldset>
                            <legend>{t(lang, k::agreements_choose_an_answer)}</legend>
                            <div class="choice">
                                <input id="match-yes" type="radio" name="agree" value="yes" checked=given && yes/>
                                <label for="match-yes">{t(lang, k::agreements_yes_this_is_right)}</label>
                            </div>
                            <div class="choice">
                                <input id="match-no" type="radio" name="agree" value="no" checked=given && !yes/>
                                <label for="match-no">{t(lang, k::agreements_no_this_is_not_right)}</label>
                            </div>
                        </fieldset>
                        <div class="field">
                            <label for="comment">{crate::i18n::tj(lang, crate::ui::reads_je(), k::agreements_what_would_you_like_to)}</label>
                            <FieldMessage error=error field="comment"/>
                            <textarea dir="auto" id="comment" name="comment" rows="3" maxlength="2000">{words}</textarea>
                        </div>
                        <button type="submit" class="button">{t(lang, k::agreements_send)}</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}
