//! The mediator's review of a meeting's input, and the author's preview of what the table will see.
//!
//! Pages: [`ReviewPage`] (the mediator's overview: who prepared, the deadline, input waiting to be
//! read, a reminder to copy, and per answer: mark read, ask a question back, write a summary for the
//! table) and [`PreviewPage`] (a parent or young person sees exactly what will be shared, answers
//! questions back, and can withdraw an answer until the agenda is published).
//! Server functions: [`load_review`], [`review_answer`], [`load_preview`], [`withdraw_answer`],
//! [`erase_answer`] (gone for good, also after the agenda is shared), [`reply_back`]. Data access: `crate::store::Store` (`reviews`, `change_review`, `withdraw_answer`).
//! The mediator's words never replace the author's: both are stored and shown side by side.

use crate::domain::{CaseId, LocalTime, MeetingId, PersonId, Role};
use crate::error::AppError;
use crate::i18n::{k, t, use_lang, Lang};
use crate::prepare::{PrepStatus, Sharing};
use crate::ui::{ErrorSummary, FieldMessage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The longest question back, reply or summary, in characters.
pub const MAX_REVIEW_TEXT: usize = 2000;

/// One invited parent or young person and how far they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preparer {
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Where their preparation stands.
    pub status: PrepStatus,
    /// A ready-made reminder, for those who have not sent yet.
    pub reminder: Option<String>,
}

/// One answer the mediator may read, with its review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    /// The author.
    pub author: PersonId,
    /// The author's name.
    pub author_name: String,
    /// The author's role.
    pub author_role: Role,
    /// Question key.
    pub question: String,
    /// The question, in the viewer's language.
    pub prompt: String,
    /// The answer, exactly as written.
    pub text: String,
    /// Who the author shared it with.
    pub sharing: Sharing,
    /// Marked read.
    pub read: bool,
    /// The mediator's question back.
    pub question_back: String,
    /// The author's reply.
    pub reply: String,
    /// The mediator's summary for the table.
    pub summary: String,
}

/// The mediator's overview of one meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewData {
    /// The meeting.
    pub meeting: MeetingId,
    /// Its case.
    pub case_id: CaseId,
    /// The meeting's title.
    pub title: String,
    /// Deadline to prepare.
    pub prepare_by: LocalTime,
    /// Whether the deadline has passed.
    pub deadline_passed: bool,
    /// Invited parents and young people.
    pub preparers: Vec<Preparer>,
    /// Answers the mediator may read, unread first.
    pub items: Vec<ReviewItem>,
    /// Whether the agenda is published.
    pub agenda_published: bool,
    /// How the agreements of the previous meeting went, as the family and the people
    /// responsible said.
    pub follow_up: Vec<crate::agreements::follow_up::FollowItem>,
}

/// One of my own answers, with what the mediator added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewItem {
    /// Question key.
    pub question: String,
    /// The question.
    pub prompt: String,
    /// My answer as written.
    pub text: String,
    /// Who I share it with.
    pub sharing: Sharing,
    /// The mediator's summary for the table.
    pub summary: String,
    /// The mediator's question back to me.
    pub question_back: String,
    /// My reply.
    pub reply: String,
}

/// What I will share at the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewData {
    /// The meeting.
    pub meeting: MeetingId,
    /// The meeting's title.
    pub title: String,
    /// Whether I have sent my preparation.
    pub sent: bool,
    /// Whether the agenda is published (then nothing can be withdrawn).
    pub agenda_published: bool,
    /// My answers.
    pub items: Vec<PreviewItem>,
}

#[cfg(feature = "ssr")]
mod service {
    //! The rules behind the review server functions.
    use super::*;
    use crate::ctx::AppState;
    use crate::domain::Action;
    use crate::prepare::questions;
    use crate::store::{AnswerRow, PersonRow, ReviewRow};

    /// The mediator's overview.
    pub async fn overview(
        state: &AppState,
        me: &PersonRow,
        meeting: MeetingId,
        lang: Lang,
    ) -> Result<ReviewData, AppError> {
        let (m, case, _) =
            crate::ctx::meeting_at_table(state, me.id, meeting, Action::Mediate).await?;
        let invited = crate::ctx::invitees(state, meeting).await?;
        let sent = crate::ctx::sent_preparations(state, meeting).await?;
        let answers = crate::ctx::meeting_answers(state, meeting).await?;
        let reviews = crate::ctx::reviews(state, meeting).await?;
        let link = format!("{}/meetings/{}/prepare", state.config.public_url, meeting);
        let mut preparers = Vec::new();
        let mut items = Vec::new();
        let coach = crate::prepare::sharing::Reader::new(me.id, Role::Mediator);
        let members = crate::ctx::members(state, m.case_id).await?;
        for member in members.iter().cloned() {
            if !matches!(member.role, Role::Parent | Role::Young)
                || !invited.contains(&member.person_id)
            {
                continue;
            }
            let is_sent = sent.iter().any(|(p, _)| *p == member.person_id);
            let theirs: Vec<&AnswerRow> = answers
                .iter()
                .filter(|a| a.person_id == member.person_id)
                .collect();
            let status = if is_sent {
                PrepStatus::Sent
            } else if theirs.is_empty() {
                PrepStatus::NotStarted
            } else {
                PrepStatus::InProgress
            };
            let reminder = (!is_sent).then(|| {
                crate::i18n::fill(
                    crate::i18n::tj(lang, member.role == Role::Young, k::review_reminder),
                    &[
                        ("name", &member.display_name),
                        ("when", &m.starts_at.long(lang)),
                        ("child", &case.child_first_name),
                        ("until", &m.prepare_by.long(lang)),
                        ("link", &link),
                    ],
                )
            });
            for q in questions::questions_for(member.role, case.age_band) {
                let Some(a) = theirs.iter().find(|a| a.question == q.key) else {
                    continue;
                };
                let Some(sharing) = Sharing::parse(&a.sharing) else {
                    continue;
                };
                let text = if a.erased {
                    t(lang, k::answer_erased).to_string()
                } else {
                    questions::display(q.kind, q.key, &a.body, lang)
                };
                if text.is_empty()
                    || !crate::prepare::sharing::may_see(
                        coach,
                        member.person_id,
                        sharing,
                        is_sent,
                        a.coach,
                    )
                {
                    continue;
                }
                let r = review_of(&reviews, member.person_id, q.key);
                items.push(ReviewItem {
                    author: member.person_id,
                    author_name: member.display_name.clone(),
                    author_role: member.role,
                    question: q.key.to_string(),
                    prompt: t(lang, q.prompt).to_string(),
                    text,
                    sharing,
                    read: r.read_at.is_some(),
                    question_back: r.question_back,
                    reply: r.reply,
                    summary: r.summary,
                });
            }
            preparers.push(Preparer {
                name: member.display_name,
                role: member.role,
                status,
                reminder,
            });
        }
        items.sort_by_key(|i| i.read);
        let follow_up = state
            .store
            .agreements_before(meeting)
            .await?
            .into_iter()
            .map(|a| crate::agreements::follow_up::service::follow_item(&a, &members, coach, lang))
            .collect();
        Ok(ReviewData {
            follow_up,
            meeting,
            case_id: m.case_id,
            title: m.title,
            deadline_passed: crate::meeting::local_now() > m.prepare_by,
            prepare_by: m.prepare_by,
            preparers,
            items,
            agenda_published: crate::ctx::agenda_published_at(state, meeting)
                .await?
                .is_some(),
        })
    }

    /// The review of one answer ("" fields when there is none yet).
    pub fn review_of(reviews: &[ReviewRow], author: PersonId, question: &str) -> ReviewRow {
        reviews
            .iter()
            .find(|r| r.person_id == author && r.question == question)
            .cloned()
            .unwrap_or_default()
    }

    /// Checks that the coach `me` may read this answer (it exists, is sent, and is shared with
    /// them).
    pub async fn readable_answer(
        state: &AppState,
        me: PersonId,
        meeting: MeetingId,
        author: PersonId,
        question: &str,
    ) -> Result<(), AppError> {
        let sent = state
            .store
            .sent_preparations(meeting)
            .await?
            .iter()
            .any(|(p, _)| *p == author);
        let answer = crate::ctx::answers_of(state, meeting, author)
            .await?
            .into_iter()
            .find(|a| a.question == question && !a.erased)
            .ok_or(AppError::NotFound)?;
        let sharing = Sharing::parse(&answer.sharing).ok_or(AppError::NotFound)?;
        // The caller checked that `me` is a coach at this table.
        let coach = crate::prepare::sharing::Reader::new(me, Role::Mediator);
        if crate::prepare::sharing::may_see(coach, author, sharing, sent, answer.coach) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// My own answers with what the mediator added.
    pub async fn preview(
        state: &AppState,
        me: &PersonRow,
        meeting: MeetingId,
        lang: Lang,
    ) -> Result<PreviewData, AppError> {
        let (m, case, role) = crate::prepare::preparer(state, me, meeting).await?;
        let answers = crate::ctx::answers_of(state, meeting, me.id).await?;
        let reviews = crate::ctx::reviews(state, meeting).await?;
        let sent = state
            .store
            .sent_preparations(meeting)
            .await?
            .iter()
            .any(|(p, _)| *p == me.id);
        let items = questions::questions_for(role, case.age_band)
            .iter()
            .filter_map(|q| {
                let a = answers.iter().find(|a| a.question == q.key)?;
                let text = questions::display(q.kind, q.key, &a.body, lang);
                if text.is_empty() {
                    return None;
                }
                let r = review_of(&reviews, me.id, q.key);
                Some(PreviewItem {
                    question: q.key.to_string(),
                    prompt: t(lang, q.prompt).to_string(),
                    text,
                    sharing: Sharing::parse(&a.sharing).unwrap_or(Sharing::OnlyMe),
                    summary: r.summary,
                    question_back: r.question_back,
                    reply: r.reply,
                })
            })
            .collect();
        Ok(PreviewData {
            meeting,
            title: m.title,
            sent,
            agenda_published: crate::ctx::agenda_published_at(state, meeting)
                .await?
                .is_some(),
            items,
        })
    }
}

/// The mediator's overview of a meeting's preparation and input.
#[server(prefix = "/api", endpoint = "load_review")]
pub async fn load_review(meeting: MeetingId) -> Result<ReviewData, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let data = service::overview(&state, &me, meeting, use_lang()).await?;
    crate::ctx::audit_read(
        &state,
        me.id,
        Some(data.case_id),
        "review.read",
        format!("meeting:{meeting}"),
        data.items.iter().map(|i| i.author).collect(),
    )
    .await?;
    Ok(data)
}

/// The mediator marks an answer read, asks a question back, or writes a summary for the table.
/// `op` is `read`, `ask` or `summary`.
#[server(prefix = "/api", endpoint = "review_answer")]
pub async fn review_answer(
    meeting: MeetingId,
    author: PersonId,
    question: String,
    op: String,
    #[server(default)] text: String,
) -> Result<(), AppError> {
    use crate::domain::{self as d, Action};
    use crate::error::{FieldError, Problem};
    use crate::store::ReviewChange;
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, _) = crate::ctx::meeting_at_table(&state, me.id, meeting, Action::Mediate).await?;
    service::readable_answer(&state, me.id, meeting, author, &question).await?;
    let mut errors = Vec::new();
    let change = match op.as_str() {
        "read" => ReviewChange::Read,
        "ask" => {
            let t = d::text("text", &text, 1, MAX_REVIEW_TEXT, &mut errors);
            if !errors.is_empty() {
                return Err(AppError::invalid(errors));
            }
            return save_text(&state, &me, &m, author, &question, "ask", t).await;
        }
        "summary" => {
            let t = d::text("text", &text, 0, MAX_REVIEW_TEXT, &mut errors);
            if !errors.is_empty() {
                return Err(AppError::invalid(errors));
            }
            return save_text(&state, &me, &m, author, &question, "summary", t).await;
        }
        _ => {
            return Err(AppError::invalid(vec![FieldError {
                field: "op".into(),
                problem: Problem::Choice,
            }]))
        }
    };
    state
        .store
        .change_review(meeting, author, &question, change, crate::ctx::now())
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "review.read_mark",
        format!("meeting:{meeting}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/review"));
    Ok(())
}

#[cfg(feature = "ssr")]
async fn save_text(
    state: &crate::ctx::AppState,
    me: &crate::store::PersonRow,
    m: &crate::store::MeetingRow,
    author: PersonId,
    question: &str,
    op: &str,
    text: String,
) -> Result<(), AppError> {
    use crate::store::ReviewChange;
    let change = if op == "ask" {
        ReviewChange::QuestionBack(&text)
    } else {
        ReviewChange::Summary(&text)
    };
    state
        .store
        .change_review(m.id, author, question, change, crate::ctx::now())
        .await?;
    crate::ctx::audit(
        state,
        me.id,
        Some(m.case_id),
        if op == "ask" {
            "review.ask"
        } else {
            "review.summary"
        },
        format!("meeting:{}", m.id),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{}/review", m.id));
    Ok(())
}

/// My answers as the table will see them.
#[server(prefix = "/api", endpoint = "load_preview")]
pub async fn load_preview(meeting: MeetingId) -> Result<PreviewData, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    service::preview(&state, &me, meeting, use_lang()).await
}

/// Takes an answer back: afterwards only its author sees it. Possible until the agenda is published.
#[server(prefix = "/api", endpoint = "withdraw_answer")]
pub async fn withdraw_answer(meeting: MeetingId, question: String) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, _) = crate::prepare::preparer(&state, &me, meeting).await?;
    if crate::ctx::agenda_published_at(&state, meeting)
        .await?
        .is_some()
    {
        return Err(AppError::AgendaPublished);
    }
    if !state
        .store
        .withdraw_answer(meeting, me.id, &question, crate::ctx::now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "answer.withdraw",
        format!("meeting:{meeting}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/preview?withdrawn=1"));
    Ok(())
}

/// Erases one of my answers for good, before or after the deadline and after the agenda was
/// shared too: its text is gone from the portal's files and, once the worker has run, from what
/// the care plan shows now. Others who had seen it read "Verwijderd door de schrijver".
#[server(prefix = "/api", endpoint = "erase_answer")]
pub async fn erase_answer(meeting: MeetingId, question: String) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, case, role) = crate::prepare::preparer(&state, &me, meeting).await?;
    if !crate::prepare::questions::questions_for(role, case.age_band)
        .iter()
        .any(|q| q.key == question)
    {
        return Err(AppError::NotFound);
    }
    // Erasing what is already gone (or was never written) leaves nothing: the same outcome.
    state
        .store
        .erase_answer(meeting, me.id, &question, crate::ctx::now())
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "answer.erase",
        format!("meeting:{meeting}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/preview?erased=1"));
    Ok(())
}

/// The author answers the mediator's question back.
#[server(prefix = "/api", endpoint = "reply_back")]
pub async fn reply_back(
    meeting: MeetingId,
    question: String,
    text: String,
) -> Result<(), AppError> {
    use crate::store::ReviewChange;
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, _) = crate::prepare::preparer(&state, &me, meeting).await?;
    let reviews = crate::ctx::reviews(&state, meeting).await?;
    if service::review_of(&reviews, me.id, &question)
        .question_back
        .is_empty()
    {
        return Err(AppError::NotFound);
    }
    let mut errors = Vec::new();
    let t = crate::domain::text("text", &text, 1, MAX_REVIEW_TEXT, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    state
        .store
        .change_review(
            meeting,
            me.id,
            &question,
            ReviewChange::Reply(&t),
            crate::ctx::now(),
        )
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "review.reply",
        format!("meeting:{meeting}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/preview?replied=1"));
    Ok(())
}

fn sharing_note(s: Sharing, lang: Lang) -> &'static str {
    match s {
        Sharing::Table => t(lang, k::review_shared_with_everyone_at_the),
        Sharing::Mediator => t(lang, k::prepare_only_for_the_family_coach),
        Sharing::OnlyMe => t(lang, k::review_only_for_the_writer),
    }
}

/// The mediator's review page.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let id = crate::ui::route_id(MeetingId).get_untracked();
    let action = ServerAction::<ReviewAnswer>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    crate::ui::page(
        k::meeting_review_input,
        async move { load_review(id.ok_or(AppError::NotFound)?).await },
        move |d| view! { <ReviewView d=d action=action error=error/> },
    )
}

#[component]
fn ReviewView(
    d: ReviewData,
    action: ServerAction<ReviewAnswer>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let waiting = d.items.iter().filter(|i| !i.read).count();
    let meeting = d.meeting;
    view! {
        <p class="crumb"><a href=format!("/meetings/{meeting}")>{d.title.clone()}</a></p>
        <h1>{t(lang, k::meeting_review_input)}</h1>
        <dl class="facts">
            <dt>{t(lang, k::meeting_prepare_until_2)}</dt>
            <dd>{d.prepare_by.long(lang)}{d.deadline_passed.then(|| t(lang, k::review_passed))}</dd>
            <dt>{t(lang, k::review_still_to_read)}</dt>
            <dd class="waiting">{waiting}</dd>
        </dl>
        <p><a class="button secondary" href=format!("/meetings/{meeting}/agenda")>{t(lang, k::review_to_the_agenda)}</a></p>
        <section aria-labelledby="who-h">
            <h2 id="who-h">{t(lang, k::review_who_has_prepared)}</h2>
            <ul class="people">
                {d.preparers.into_iter().map(|p| view! {
                    <li>
                        <p class="person"><strong>{p.name.clone()}</strong>" · "{p.role.name(lang)}" · "
                            <span class="status">{p.status.label(lang)}</span></p>
                        {p.reminder.map(|text| view! {
                            <details class="reminder">
                                <summary>{t(lang, k::review_reminder_to_send)}</summary>
                                <p class="hint">{t(lang, k::review_copy_this_message_and_send)}</p>
                                <p class="copy-text">{text.clone()}</p>
                                <crate::ui::CopyButton text=text label=t(lang, k::ui_copy_message).to_string() done=t(lang, k::ui_copied).to_string()/>
                            </details>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        {(!d.follow_up.is_empty()).then(|| view! {
            <section aria-labelledby="follow-h">
                <h2 id="follow-h">{t(lang, k::follow_how_did_the_agreements_go)}</h2>
                <ul class="agreements">
                    {d.follow_up.into_iter().map(|a| view! {
                        <li class="agreement">
                            <p class="what" dir="auto"><strong>{a.what.clone()}</strong></p>
                            <p>{t(lang, k::agreements_who)}<span dir="auto">{a.who.clone()}</span></p>
                            <crate::agreements::follow_up::LatestReport latest=a.latest/>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="input-h">
            <h2 id="input-h">{t(lang, k::review_input)}</h2>
            <ErrorSummary error=error/>
            {d.items.is_empty().then(|| view! {
                <p>{t(lang, k::review_there_is_no_sent_input)}</p>
            })}
            {d.items.into_iter().map(|i| view! { <ReviewCard i=i meeting=meeting action=action/> }).collect_view()}
        </section>
    }
}

/// One answer under review, with the mediator's three tools.
#[component]
fn ReviewCard(
    i: ReviewItem,
    meeting: MeetingId,
    action: ServerAction<ReviewAnswer>,
) -> impl IntoView {
    let lang = use_lang();
    let label = format!("{} · {}", i.author_name, i.prompt);
    let hidden_fields = {
        let q = i.question.clone();
        let author = i.author;
        move |op: &'static str| {
            let q = q.clone();
            view! {
                <input type="hidden" name="meeting" value=meeting.0/>
                <input type="hidden" name="author" value=author.0/>
                <input type="hidden" name="question" value=q/>
                <input type="hidden" name="op" value=op/>
            }
        }
    };
    let (f_read, f_ask, f_sum) = (
        hidden_fields("read"),
        hidden_fields("ask"),
        hidden_fields("summary"),
    );
    let ask_id = format!("ask-{}-{}", i.author, i.question);
    let sum_id = format!("sum-{}-{}", i.author, i.question);
    let sum_label = sum_id.clone();
    let reply = if i.reply.is_empty() {
        t(lang, k::review_not_yet).to_string()
    } else {
        i.reply.clone()
    };
    view! {
        <article class="card review" aria-label=label>
            <h3>{i.prompt.clone()}</h3>
            <p class="meta">{i.author_name.clone()}" · "{i.author_role.name(lang)}" · "{sharing_note(i.sharing, lang)}
                {if i.read { t(lang, k::review_read) } else { t(lang, k::review_new) }}</p>
            <blockquote class="own-words">{i.text.clone()}</blockquote>
            {(!i.read).then(|| view! {
                <ActionForm action=action>
                    {f_read}
                    <button type="submit" class="button secondary">{t(lang, k::review_mark_read)}</button>
                </ActionForm>
            })}
            {(!i.question_back.is_empty()).then(|| view! {
                <p><strong>{t(lang, k::review_your_question)}</strong>{i.question_back.clone()}</p>
                <p><strong>{t(lang, k::review_reply)}</strong>{reply}</p>
            })}
            <ActionForm action=action attr:class="stack">
                {f_ask}
                <div class="field">
                    <label for=ask_id.clone()>{t(lang, k::review_ask_a_question_back)}</label>
                    <textarea dir="auto" id=ask_id name="text" rows="2" maxlength="2000"></textarea>
                </div>
                <button type="submit" class="button secondary">{t(lang, k::review_send_question)}</button>
            </ActionForm>
            <ActionForm action=action attr:class="stack">
                {f_sum}
                <div class="field">
                    <label for=sum_label>{t(lang, k::review_summary_for_the_table_your)}</label>
                    <p class="hint">{t(lang, k::review_shown_next_to_the_writer)}</p>
                    <textarea dir="auto" id=sum_id.clone() name="text" rows="3" maxlength="2000">{i.summary.clone()}</textarea>
                    <crate::plain::PlainHint target=sum_id text=i.summary.clone()/>
                </div>
                <button type="submit" class="button secondary">{t(lang, k::review_save_summary)}</button>
            </ActionForm>
        </article>
    }
}

/// A parent or young person sees what will be shared at the table.
#[component]
pub fn PreviewPage() -> impl IntoView {
    let id = crate::ui::route_id(MeetingId).get_untracked();
    let withdraw = ServerAction::<WithdrawAnswer>::new();
    let reply = ServerAction::<ReplyBack>::new();
    let erase = ServerAction::<EraseAnswer>::new();
    let error = Signal::derive(move || {
        withdraw
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| reply.value().get().and_then(|r| r.err()))
            .or_else(|| erase.value().get().and_then(|r| r.err()))
    });
    crate::ui::page(
        k::review_what_the_table_sees,
        async move { load_preview(id.ok_or(AppError::NotFound)?).await },
        move |d| view! { <PreviewView d=d withdraw=withdraw reply=reply erase=erase error=error/> },
    )
}

#[component]
fn PreviewView(
    d: PreviewData,
    withdraw: ServerAction<WithdrawAnswer>,
    reply: ServerAction<ReplyBack>,
    erase: ServerAction<EraseAnswer>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let je = crate::ui::reads_je();
    let meeting = d.meeting;
    let query = leptos_router::hooks::use_query_map();
    let withdrawn = query.read_untracked().get("withdrawn").is_some();
    let erased = query.read_untracked().get("erased").is_some();
    // "Wissen" asks first, on this page: `?erase={question key}` (a key, never a text).
    let to_erase = query
        .read_untracked()
        .get("erase")
        .and_then(|q| d.items.iter().find(|i| i.question == q).cloned());
    let published = d.agenda_published;
    let questions: Vec<PreviewItem> = d
        .items
        .iter()
        .filter(|i| !i.question_back.is_empty())
        .cloned()
        .collect();
    let group = move |s: Sharing, items: &[PreviewItem]| {
        let mine: Vec<PreviewItem> = items.iter().filter(|i| i.sharing == s).cloned().collect();
        let heading = match s {
            Sharing::Table => t(lang, k::review_everyone_at_the_table_sees),
            Sharing::Mediator => t(lang, k::review_only_the_family_coach_sees),
            Sharing::OnlyMe => t(lang, k::review_nobody_else_sees_this),
        };
        view! {
            <section class="preview-group">
                <h2>{heading}</h2>
                {mine.is_empty().then(|| view! { <p class="meta">{t(lang, k::review_nothing)}</p> })}
                <dl class="answers">
                    {mine.into_iter().map(|i| {
                        let erase_href = format!("/meetings/{meeting}/preview?erase={}#erase", i.question);
                        let erase_label = format!(": {}", i.prompt);
                        view! {
                        <dt>{i.prompt.clone()}</dt>
                        <dd>
                            <p class="own-words" dir="auto">{i.text.clone()}</p>
                            {(!i.summary.is_empty() && s != Sharing::OnlyMe).then(|| view! {
                                <div class="summary"><p><strong>{t(lang, k::prepare_the_family_coach_s_summary)}</strong></p><crate::plain::Marked text=i.summary.clone()/></div>
                            })}
                            {(s != Sharing::OnlyMe && !published).then(|| view! {
                                <ActionForm action=withdraw>
                                    <input type="hidden" name="meeting" value=meeting.0/>
                                    <input type="hidden" name="question" value=i.question.clone()/>
                                    <button type="submit" class="button secondary">{t(lang, k::review_take_back)}
                                        <span class="visually-hidden">{format!(": {}", i.prompt)}</span></button>
                                </ActionForm>
                            })}
                            <p><a href=erase_href>{t(lang, k::review_erase)}<span class="visually-hidden">{erase_label}</span></a></p>
                        </dd>
                    }}).collect_view()}
                </dl>
            </section>
        }
    };
    view! {
        <p class="crumb"><a href=format!("/meetings/{meeting}")>{d.title.clone()}</a></p>
        <h1>{t(lang, k::review_what_the_table_sees)}</h1>
        <p>{crate::i18n::tj(lang, crate::ui::reads_je(), k::review_here_you_see_exactly_what)}</p>
        {(!d.sent).then(|| view! {
            <div class="notice" role="status"><p>{crate::i18n::tj(lang, crate::ui::reads_je(), k::review_you_have_not_sent_your)}</p></div>
        })}
        {to_erase.map(|i| view! {
            <section id="erase" aria-labelledby="erase-h" class="card notice">
                <h2 id="erase-h">{format!("{}: {}", t(lang, k::review_erase), i.prompt)}</h2>
                <p>{crate::i18n::tj(lang, je, k::review_erase_confirm)}</p>
                <ActionForm action=erase attr:class="inline">
                    <input type="hidden" name="meeting" value=meeting.0/>
                    <input type="hidden" name="question" value=i.question.clone()/>
                    <button type="submit" class="button">{t(lang, k::review_erase_yes)}</button>
                </ActionForm>
                " "
                <a href=format!("/meetings/{meeting}/preview")>{t(lang, k::review_erase_no)}</a>
            </section>
        })}
        {erased.then(|| view! {
            <div class="notice success" role="status"><p>{crate::i18n::tj(lang, je, k::review_erased_notice)}</p></div>
        })}
        {withdrawn.then(|| view! {
            <div class="notice success" role="status"><p>{crate::i18n::tj(lang, crate::ui::reads_je(), k::review_taken_back_only_you_see)}</p></div>
        })}
        {published.then(|| view! {
            <div class="notice" role="status"><p>{crate::i18n::tj(lang, crate::ui::reads_je(), k::review_the_agenda_has_been_shared)}</p></div>
        })}
        <ErrorSummary error=error/>
        {(!questions.is_empty()).then(|| view! {
            <section aria-labelledby="q-h" class="card">
                <h2 id="q-h">{t(lang, k::review_questions_from_the_family_coach)}</h2>
                {questions.into_iter().map(|i| view! {
                    <article class="question-back">
                        <p class="meta">{i.prompt.clone()}</p>
                        <p><strong>{i.question_back.clone()}</strong></p>
                        <ActionForm action=reply attr:class="stack">
                            <input type="hidden" name="meeting" value=meeting.0/>
                            <input type="hidden" name="question" value=i.question.clone()/>
                            <div class="field">
                                <label for=format!("reply-{}", i.question)>{crate::i18n::tj(lang, crate::ui::reads_je(), k::review_your_reply)}</label>
                                <FieldMessage error=error field="text"/>
                                <textarea dir="auto" id=format!("reply-{}", i.question) name="text" rows="3" maxlength="2000">{i.reply.clone()}</textarea>
                            </div>
                            <button type="submit" class="button">{t(lang, k::review_send_reply)}</button>
                        </ActionForm>
                        <p><a href=format!("/meetings/{meeting}/prepare")>{crate::i18n::tj(lang, crate::ui::reads_je(), k::review_or_change_your_answer)}</a></p>
                    </article>
                }).collect_view()}
            </section>
        })}
        {group(Sharing::Table, &d.items)}
        {group(Sharing::Mediator, &d.items)}
        {group(Sharing::OnlyMe, &d.items)}
    }
}
