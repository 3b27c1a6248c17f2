//! Preparing a meeting: parents and young people answer a few questions, one per screen, and
//! choose per answer who may read it. Answers autosave, survive a lost connection (kept on the
//! phone and sent once when it returns), and a change made on two devices is shown, never
//! silently overwritten.
//!
//! Pages: [`PreparePage`], and [`SharedInputSection`] on the meeting page. Server functions:
//! [`load_prepare`], [`save_answer`], [`save_step`], [`send_preparation`], [`load_shared`].
//! Rules: [`sharing`] (who sees what), [`questions`]. The interactive flow: [`flow`] (an island).

pub mod flow;
pub mod questions;
pub mod sharing;

use crate::domain::{MeetingId, Role};
use crate::error::AppError;
use crate::i18n::{k, t, use_lang, Lang};
use crate::ui::ErrorText;
use leptos::prelude::*;
use questions::QuestionView;
use serde::{Deserialize, Serialize};
pub use sharing::Sharing;

#[cfg(feature = "ssr")]
pub use service::preparer;

/// One of my own answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAnswer {
    /// Question key.
    pub key: String,
    /// Exactly as typed.
    pub body: String,
    /// Who may read it.
    pub sharing: Sharing,
    /// Saved version (0: never saved).
    pub version: i64,
    /// For an answer kept for a coach who is not the coach at the table now: the choice's label
    /// naming that coach ("Alleen Joyce de Vries (gezinscoach)"). Saving it again keeps it theirs.
    #[serde(default)]
    pub kept_for: Option<String>,
}

/// Everything the prepare flow needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrepareData {
    /// Where unsent changes wait on this phone: per person and meeting, and only for the
    /// browser session on a shared phone.
    pub drafts: flow::Drafts,
    /// The meeting.
    pub meeting: MeetingId,
    /// Its title.
    pub title: String,
    /// The young person's first name.
    pub child_first_name: String,
    /// My role (parent or young person).
    pub role: Role,
    /// The questions, in the page's language.
    pub questions: Vec<QuestionView>,
    /// My answers so far.
    pub answers: Vec<MyAnswer>,
    /// The sharing an answer starts with.
    pub default_sharing: Sharing,
    /// The name of the coach at the table, for "Alleen Joyce (gezinscoach)".
    pub coach: Option<String>,
    /// Whether it has passed (the flow is then read-only).
    pub deadline_passed: bool,
    /// Whether I sent my answers.
    pub sent: bool,
    /// The agreements of the previous meeting to follow up first, and how many of them I
    /// said something about.
    pub follow_up: (usize, usize),
    /// The case, for the profile.
    pub case_id: crate::domain::CaseId,
    /// My own parts of the profile as they stand ("Klopt dit nog?").
    pub profile: Vec<crate::profile::PartView>,
}

/// The answer to a save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveResult {
    /// Stored at this version.
    Saved {
        /// The new version.
        version: i64,
    },
    /// Changed elsewhere since the version this save was based on. Nothing was overwritten.
    Conflict {
        /// What is stored now.
        body: String,
        /// Its sharing.
        sharing: Sharing,
        /// Its version.
        version: i64,
    },
}

/// Where someone's preparation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrepStatus {
    /// No answer yet.
    NotStarted,
    /// Some answers, not sent.
    InProgress,
    /// Sent.
    Sent,
}

impl PrepStatus {
    /// Plain label.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PrepStatus::NotStarted => t(lang, k::prepare_not_started),
            PrepStatus::InProgress => t(lang, k::prepare_in_progress),
            PrepStatus::Sent => t(lang, k::prepare_sent),
        }
    }
}

/// One answer someone else shared with the viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedAnswer {
    /// The question.
    pub prompt: String,
    /// The answer, exactly as written (scales and choices in words).
    pub text: String,
    /// Who it was shared with.
    pub sharing: Sharing,
    /// The family coach's summary for the table, shown next to (never instead of) the answer.
    pub summary: String,
}

/// The input of one person, as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorInput {
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Their status (shown to the mediator, and to the person themselves).
    pub status: Option<PrepStatus>,
    /// The answers the viewer may read.
    pub answers: Vec<SharedAnswer>,
    /// Whether this is the viewer.
    pub is_me: bool,
}

#[cfg(feature = "ssr")]
mod service {
    //! The rules behind the server functions, in plain async functions.
    use super::*;
    use crate::ctx::AppState;
    use crate::domain::Action;
    use crate::store::{CaseRow, MeetingRow, PersonRow};

    /// The meeting, its case and my role, if I may prepare it.
    pub async fn preparer(
        state: &AppState,
        me: &PersonRow,
        meeting: MeetingId,
    ) -> Result<(MeetingRow, CaseRow, Role), AppError> {
        let (m, case, role) =
            crate::ctx::meeting_at_table(state, me.id, meeting, Action::ViewCase).await?;
        if !matches!(role, Role::Parent | Role::Young)
            || !crate::ctx::invitees(state, meeting).await?.contains(&me.id)
        {
            return Err(AppError::NotAllowed);
        }
        Ok((m, case, role))
    }

    /// Refuses changes after the deadline to prepare.
    pub fn before_deadline(m: &MeetingRow) -> Result<(), AppError> {
        if crate::meeting::local_now() > m.prepare_by {
            Err(AppError::DeadlinePassed)
        } else {
            Ok(())
        }
    }

    /// Checks and stores one answer.
    pub async fn save(
        state: &AppState,
        me: &PersonRow,
        meeting: MeetingId,
        question: &str,
        body: &str,
        sharing: &str,
        base_version: i64,
        op: &str,
    ) -> Result<SaveResult, AppError> {
        use crate::error::{FieldError, Problem};
        let (m, case, role) = preparer(state, me, meeting).await?;
        before_deadline(&m)?;
        let q = questions::questions_for(role, case.age_band)
            .iter()
            .find(|q| q.key == question)
            .ok_or(AppError::NotFound)?;
        let sharing = Sharing::parse(sharing).ok_or_else(|| {
            AppError::invalid(vec![FieldError {
                field: "sharing".into(),
                problem: Problem::Choice,
            }])
        })?;
        questions::check(q, body).map_err(|problem| {
            AppError::invalid(vec![FieldError {
                field: "body".into(),
                problem,
            }])
        })?;
        let op_ok = !op.is_empty()
            && op.len() <= 64
            && op
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !op_ok || base_version < 0 {
            return Err(AppError::invalid(vec![FieldError {
                field: "op".into(),
                problem: Problem::Choice,
            }]));
        }
        let outcome = state
            .store
            .save_answer(crate::store::SaveAnswer {
                meeting,
                person: me.id,
                question,
                body,
                sharing: sharing.code(),
                coach: {
                    let kept = crate::ctx::answers_of(state, meeting, me.id)
                        .await?
                        .into_iter()
                        .find(|a| a.question == question && a.sharing == Sharing::Mediator.code())
                        .and_then(|a| a.coach);
                    crate::ctx::coach_for(state, m.case_id, sharing, kept).await?
                },
                base_version,
                op,
                now: crate::ctx::now(),
            })
            .await?;
        crate::ctx::audit(
            state,
            me.id,
            Some(m.case_id),
            "answer.save",
            format!("meeting:{meeting}"),
        )
        .await?;
        Ok(match outcome {
            crate::store::SaveOutcome::Saved(version) => SaveResult::Saved { version },
            crate::store::SaveOutcome::Conflict(row) => SaveResult::Conflict {
                sharing: Sharing::parse(&row.sharing).unwrap_or(Sharing::OnlyMe),
                body: row.body,
                version: row.version,
            },
        })
    }

    /// A fresh operation id for a save made without JavaScript.
    pub fn server_op() -> String {
        use rand::RngCore;
        let mut b = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut b);
        b.iter().map(|x| format!("{x:02x}")).collect()
    }
}

/// My questions and answers for a meeting.
#[server(prefix = "/api", endpoint = "load_prepare")]
pub async fn load_prepare(meeting: MeetingId) -> Result<PrepareData, AppError> {
    let (state, session) = crate::ctx::signed_in_session().await?;
    let shared_device = session.kind == crate::store::SessionKind::Shared;
    let me = session.person;
    let (m, case, role) = service::preparer(&state, &me, meeting).await?;
    let lang = crate::i18n::use_lang();
    let default_sharing = sharing::default_sharing(role, case.age_band);
    let members = crate::ctx::members(&state, m.case_id).await?;
    let coach = crate::ctx::coach(&state, m.case_id).await?;
    let answers = crate::ctx::answers_of(&state, meeting, me.id)
        .await?
        .into_iter()
        .map(|a| {
            let sharing = Sharing::parse(&a.sharing).unwrap_or(default_sharing);
            let other_coach = sharing == Sharing::Mediator
                && a.coach.is_some()
                && a.coach != coach.as_ref().map(|c| c.person_id);
            MyAnswer {
                kept_for: other_coach.then(|| {
                    let name = members
                        .iter()
                        .find(|m| Some(m.person_id) == a.coach)
                        .map(|m| m.display_name.as_str());
                    sharing.label_for(lang, name.or(Some(t(lang, k::coach_before))))
                }),
                sharing,
                key: a.question,
                body: a.body,
                version: a.version,
            }
        })
        .collect();
    let sent = state
        .store
        .sent_preparations(meeting)
        .await?
        .iter()
        .any(|(p, _)| *p == me.id);
    let reader = crate::prepare::sharing::Reader::new(me.id, role);
    let before =
        crate::agreements::follow_up::service::to_follow_up(&state, meeting, reader).await?;
    let profile = crate::ctx::profile(&state, m.case_id)
        .await?
        .into_iter()
        .filter(|r| r.author_id == me.id && !r.body.trim().is_empty())
        .map(|r| crate::profile::PartView {
            part: r.part,
            body: r.body,
        })
        .collect();
    let told = before
        .iter()
        .filter(|a| crate::agreements::follow_up::service::mine(a, me.id).is_some())
        .count();
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "answer.read_own",
        format!("meeting:{meeting}"),
    )
    .await?;
    Ok(PrepareData {
        meeting,
        drafts: flow::Drafts {
            meeting,
            person: me.id,
            shared_device,
        },
        title: m.title.clone(),
        child_first_name: case.child_first_name,
        role,
        questions: questions::questions_for(role, case.age_band)
            .iter()
            .map(|q| QuestionView::new(q, lang))
            .collect(),
        answers,
        default_sharing,
        coach: coach.map(|c| c.display_name),
        deadline_passed: crate::meeting::local_now() > m.prepare_by,
        sent,
        follow_up: (before.len(), told),
        case_id: m.case_id,
        profile,
    })
}

/// Saves one answer (autosave, and sending what was kept on the phone while offline).
#[server(prefix = "/api", endpoint = "save_answer")]
pub async fn save_answer(
    meeting: MeetingId,
    question: String,
    body: String,
    sharing: String,
    base_version: i64,
    op: String,
) -> Result<SaveResult, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    service::save(
        &state,
        &me,
        meeting,
        &question,
        &body,
        &sharing,
        base_version,
        &op,
    )
    .await
}

/// One step of the flow sent as a plain form (without JavaScript): saves, then goes on.
#[server(prefix = "/api", endpoint = "save_step")]
pub async fn save_step(
    meeting: MeetingId,
    step: usize,
    question: String,
    body: Option<String>,
    sharing: Option<String>,
    base_version: i64,
    go: String,
) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let body = body.unwrap_or_default();
    let next = match go.as_str() {
        "back" => step.saturating_sub(1).max(1),
        _ => step + 1,
    };
    if go != "skip" && (!body.is_empty() || base_version > 0) {
        let sharing = sharing.unwrap_or_else(|| Sharing::OnlyMe.code().into());
        let op = service::server_op();
        match service::save(
            &state,
            &me,
            meeting,
            &question,
            &body,
            &sharing,
            base_version,
            &op,
        )
        .await?
        {
            SaveResult::Saved { .. } => {}
            SaveResult::Conflict { .. } => {
                return Err(AppError::Conflict {
                    mine: body.chars().take(2000).collect(),
                })
            }
        }
    }
    leptos_axum::redirect(&format!("/meetings/{meeting}/prepare?step={next}"));
    Ok(())
}

/// Sends my answers: from now on each goes where I chose.
#[server(prefix = "/api", endpoint = "send_preparation")]
pub async fn send_preparation(meeting: MeetingId) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, case, role) = service::preparer(&state, &me, meeting).await?;
    service::before_deadline(&m)?;
    // Every question that may not be skipped needs an answer before sending.
    let mine = crate::ctx::answers_of(&state, meeting, me.id).await?;
    let missing: Vec<_> = questions::questions_for(role, case.age_band)
        .iter()
        .filter(|q| {
            !q.optional
                && !mine
                    .iter()
                    .any(|a| a.question == q.key && !a.body.trim().is_empty())
        })
        .map(|q| crate::error::FieldError {
            field: q.key.into(),
            problem: crate::error::Problem::Required,
        })
        .collect();
    if !missing.is_empty() {
        return Err(AppError::invalid(missing));
    }
    state
        .store
        .mark_sent(meeting, me.id, crate::ctx::now())
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "preparation.send",
        format!("meeting:{meeting}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}?sent=1"));
    Ok(())
}

/// The input of everyone preparing this meeting, filtered to what the viewer may read.
#[server(prefix = "/api", endpoint = "load_shared")]
pub async fn load_shared(meeting: MeetingId) -> Result<Vec<AuthorInput>, AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, case, my_role) =
        crate::ctx::meeting_at_table(&state, me.id, meeting, Action::ViewCase).await?;
    let lang = crate::i18n::use_lang();
    let invited = crate::ctx::invitees(&state, meeting).await?;
    let sent = crate::ctx::sent_preparations(&state, meeting).await?;
    let answers = crate::ctx::meeting_answers(&state, meeting).await?;
    let reviews = crate::ctx::reviews(&state, meeting).await?;
    let reader = crate::ctx::reader(&state, m.case_id, me.id, my_role).await?;
    let mut out = Vec::new();
    let mut subjects = Vec::new();
    for member in crate::ctx::members(&state, m.case_id).await? {
        if !matches!(member.role, Role::Parent | Role::Young)
            || !invited.contains(&member.person_id)
        {
            continue;
        }
        let is_me = member.person_id == me.id;
        let is_sent = sent.iter().any(|(p, _)| *p == member.person_id);
        let theirs: Vec<_> = answers
            .iter()
            .filter(|a| a.person_id == member.person_id)
            .collect();
        let qs = questions::questions_for(member.role, case.age_band);
        let visible: Vec<SharedAnswer> = qs
            .iter()
            .filter_map(|q| {
                let a = theirs.iter().find(|a| a.question == q.key)?;
                let s = Sharing::parse(&a.sharing)?;
                let text = if a.erased {
                    t(lang, k::answer_erased).to_string()
                } else {
                    questions::display(q.kind, q.key, &a.body, lang)
                };
                (sharing::may_see(reader, member.person_id, s, is_sent, a.coach)
                    && !text.is_empty())
                .then(|| SharedAnswer {
                    prompt: t(lang, q.prompt).to_string(),
                    text,
                    sharing: s,
                    summary: reviews
                        .iter()
                        .find(|r| r.person_id == member.person_id && r.question == q.key)
                        .map(|r| r.summary.clone())
                        .unwrap_or_default(),
                })
            })
            .collect();
        let status = (is_me || my_role == Role::Mediator).then_some(if is_sent {
            PrepStatus::Sent
        } else if theirs.is_empty() {
            PrepStatus::NotStarted
        } else {
            PrepStatus::InProgress
        });
        if !visible.is_empty() {
            subjects.push(member.person_id);
        }
        out.push(AuthorInput {
            name: member.display_name,
            role: member.role,
            status,
            answers: visible,
            is_me,
        });
    }
    crate::ctx::audit_read(
        &state,
        me.id,
        Some(m.case_id),
        "answer.read_shared",
        format!("meeting:{meeting}"),
        subjects,
    )
    .await?;
    Ok(out)
}

/// The prepare flow: one question per screen, then "check your answers".
#[component]
pub fn PreparePage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::ui::route_id(MeetingId).get_untracked();
    let step = crate::ui::query_step();
    let step_error = ServerAction::<SaveStep>::new();
    let send_error = ServerAction::<SendPreparation>::new();
    let error = Signal::derive(move || {
        step_error
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| send_error.value().get().and_then(|r| r.err()))
    });
    view! {
        {crate::ui::page_body(async move {
            let loaded = match id { Some(id) => load_prepare(id).await, None => Err(AppError::NotFound) };
            match loaded {
                Err(e) => view! { <h1>{t(lang, k::meeting_prepare)}</h1><ErrorText error=e/> }.into_any(),
                Ok(d) if d.deadline_passed => view! { <ReadOnly d=d/> }.into_any(),
                Ok(d) => {
                    let back = format!("/meetings/{}", d.meeting);
                    view! {
                        <p class="crumb"><a href=back dir="auto">{d.title.clone()}</a></p>
                        <crate::plain::ReadAloudScript/>
                        {(step() == 1).then(|| view! {
                            <FollowUpCard meeting=d.meeting follow_up=d.follow_up/>
                            <crate::profile::StillRight case=d.case_id child=d.child_first_name.clone() parts=d.profile.clone()/>
                        })}
                        <flow::PrepareFlow words=flow::FlowWords::new(lang, d.role == Role::Young, d.coach.as_deref(), error.get_untracked().as_ref()) trouble=error.get_untracked().map(|e| flow::Trouble::of(&e, &d.questions)) data=d step=step()/>
                    }.into_any()
                }
        }})}
    }
}

/// What the prepare flow opens with when the previous meeting made agreements: "Hoe ging het
/// met de afspraken van de vorige keer?", and a way into its steps.
#[component]
fn FollowUpCard(meeting: MeetingId, follow_up: (usize, usize)) -> impl IntoView {
    let lang = use_lang();
    let young = crate::ui::reads_je();
    let (open, told) = follow_up;
    (open > 0).then(|| {
        let done = told >= open;
        view! {
            <section class="card follow-up" aria-labelledby="follow-h">
                <h2 id="follow-h">{t(lang, k::follow_how_did_the_agreements_go)}</h2>
                <p>{if done { crate::i18n::tj(lang, young, k::follow_prepare_done) } else { crate::i18n::tj(lang, young, k::follow_prepare_first) }}</p>
                <p><a class=if done { "button secondary" } else { "button" } href=format!("/meetings/{meeting}/follow-up")>
                    {if done { t(lang, k::follow_change).to_string() } else { crate::i18n::tj(lang, young, k::follow_say_how_it_went).to_string() }}</a></p>
            </section>
        }
    })
}

#[component]
fn ReadOnly(d: PrepareData) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="crumb"><a href=format!("/meetings/{}", d.meeting) dir="auto">{d.title.clone()}</a></p>
        <h1>{t(lang, k::prepare_my_answers)}</h1>
        <div class="notice" role="status">
            <p>{crate::i18n::tj(lang, crate::ui::reads_je(), k::prepare_the_time_to_prepare_is)}</p>
        </div>
        <dl class="answers">
            {d.questions.iter().map(|q| {
                let a = d.answers.iter().find(|a| a.key == q.key);
                let text = a.map(|a| questions::display(q.kind, &q.key, &a.body, lang)).unwrap_or_default();
                let sharing = a.map(|a| a.sharing.label(lang)).unwrap_or("");
                view! {
                    <dt>{q.prompt.clone()}</dt>
                    <dd><p class="own-words" dir="auto">{if text.is_empty() { t(lang, k::prepare_not_filled_in).to_string() } else { text }}</p>
                        <p class="meta">{sharing}</p></dd>
                }
            }).collect_view()}
        </dl>
    }
}

/// On the meeting page: preparation status and the input the viewer may read.
#[component]
pub fn SharedInputSection(authors: Vec<AuthorInput>) -> impl IntoView {
    let lang = use_lang();
    let any = authors
        .iter()
        .any(|a| a.status.is_some() || !a.answers.is_empty());
    any.then(|| view! {
        <section aria-labelledby="input-h">
            <h2 id="input-h">{t(lang, k::prepare_preparation)}</h2>
            {authors.into_iter().filter(|a| a.status.is_some() || !a.answers.is_empty()).map(|a| view! {
                <article class="input" aria-label=a.name.clone()>
                    <h3>{a.name.clone()}{a.is_me.then(|| crate::i18n::tj(lang, crate::ui::reads_je(), k::case_you))}" · "{a.role.name(lang)}</h3>
                    {a.status.map(|s| view! { <p class="meta">{t(lang, k::prepare_status)}<strong>{s.label(lang)}</strong></p> })}
                    <dl class="answers">
                        {a.answers.into_iter().map(|x| view! {
                            <dt>{x.prompt}</dt>
                            <dd><p class="own-words" dir="auto">{x.text}</p>
                                {(!x.summary.is_empty()).then(|| view! {
                                    <div class="summary"><p><strong>{t(lang, k::prepare_the_family_coach_s_summary)}</strong></p><crate::plain::Marked text=x.summary.clone()/></div>
                                })}
                                {(x.sharing == Sharing::Mediator).then(|| view! {
                                    <p class="meta">{t(lang, k::prepare_only_for_the_family_coach)}</p>
                                })}
                            </dd>
                        }).collect_view()}
                    </dl>
                </article>
            }).collect_view()}
        </section>
    })
}
