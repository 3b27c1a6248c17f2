//! A table someone was taken off. A parent or young person who no longer sits at a table cannot
//! open its pages, but their rights there stay: they download their data (`/my-data`, which
//! links here), erase what they wrote there, answer by answer, and take back their yes to the
//! care plan. `/cases/{id}/mine` lists what of theirs is still there, with those two actions.
//! Only for someone taken off this table as a parent or young person; for anyone else the page
//! and its actions are "not found". It works on a closed case too.
//!
//! Server functions: [`load_former`], [`erase_former_answer`], [`withdraw_former_consent`].
//! The coordinator can still erase such a person as a whole (`erase`).

use crate::domain::{CaseId, MeetingId};
use crate::error::AppError;
use crate::i18n::{fill, k, t, tj, use_lang};
use crate::ui::ErrorSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What of mine is still at a table I was taken off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormerTable {
    /// The case.
    pub case: CaseId,
    /// The child's first name.
    pub child: String,
    /// My answers there that still hold text, by meeting (oldest first).
    pub answers: Vec<FormerAnswer>,
    /// My newest yes or no to the care plan there, if I gave one.
    pub consent: Option<bool>,
}

/// One of my answers at a former table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormerAnswer {
    /// The meeting.
    pub meeting: MeetingId,
    /// The meeting's date, in words.
    pub date: String,
    /// The question's key.
    pub question: String,
    /// The question, in words.
    pub prompt: String,
    /// The answer as given (a score or choice in words).
    pub text: String,
}

/// My items at `case`, when I was taken off that table as a parent or young person (and so do
/// not sit there now) and my data there was not erased; otherwise "not found".
#[cfg(feature = "ssr")]
async fn former_seat(
    state: &crate::ctx::AppState,
    me: crate::domain::PersonId,
    case: CaseId,
) -> Result<Vec<crate::store::ExportItem>, AppError> {
    use crate::store::ExportItem;
    if !is_former(state, me, case).await? {
        return Err(AppError::NotFound);
    }
    Ok(ExportItem::of_case(
        state.store.export_items(me).await?,
        case,
    ))
}

/// Whether `me` was taken off `case` as a parent or young person, and their data there was not
/// erased since (then nothing of theirs is left there).
#[cfg(feature = "ssr")]
pub async fn is_former(
    state: &crate::ctx::AppState,
    me: crate::domain::PersonId,
    case: CaseId,
) -> Result<bool, AppError> {
    Ok(matches!(
        state.store.seat_ever(case, me).await?,
        Some((role, true)) if role.is_family()
    ))
}

/// The page's content from my items at one table (see [`former_seat`]), on day `now`.
#[cfg(feature = "ssr")]
pub fn former_table(
    items: &[crate::store::ExportItem],
    case: CaseId,
    lang: crate::i18n::Lang,
    now: i64,
) -> FormerTable {
    use crate::domain::{AgeBand, LocalTime};
    use crate::prepare::questions::{display, questions_for};
    use crate::store::ExportItem;
    let mut child = String::new();
    let mut seat = (crate::domain::Role::Parent, AgeBand::From12);
    let mut meetings = std::collections::BTreeMap::new();
    let mut consent: Option<(i64, bool)> = None;
    for item in items {
        match item {
            ExportItem::Table {
                child: c,
                role,
                band,
                birth_date,
                ..
            } => {
                child = c.clone();
                let band =
                    birth_date.map_or(*band, |b| AgeBand::on(b, crate::domain::dutch_date(now)));
                seat = (*role, band);
            }
            ExportItem::Meeting {
                meeting, starts_at, ..
            } => {
                if let Some(time) = LocalTime::parse(starts_at) {
                    meetings.insert(*meeting, time);
                }
            }
            ExportItem::Consent { given, at, .. }
                if consent.is_none_or(|(when, _)| *at >= when) =>
            {
                consent = Some((*at, *given));
            }
            _ => {}
        }
    }
    let questions = questions_for(seat.0, seat.1);
    let mut answers: Vec<(LocalTime, usize, FormerAnswer)> = items
        .iter()
        .filter_map(|item| match item {
            ExportItem::Answer {
                meeting,
                question,
                body,
                ..
            } if !body.is_empty() => {
                let time = meetings.get(meeting)?;
                // A question of another age band (the band changed since) is still theirs.
                let (n, q) = std::iter::once(questions)
                    .chain(AgeBand::ALL.iter().map(|b| questions_for(seat.0, *b)))
                    .find_map(|qs| qs.iter().enumerate().find(|(_, q)| q.key == question))?;
                Some((
                    *time,
                    n,
                    FormerAnswer {
                        meeting: *meeting,
                        date: time.long(lang),
                        question: question.clone(),
                        prompt: t(lang, q.prompt).to_string(),
                        text: display(q.kind, q.key, body, lang),
                    },
                ))
            }
            _ => None,
        })
        .collect();
    answers.sort_by_key(|a| (a.0, a.2.meeting, a.1));
    FormerTable {
        case,
        child,
        answers: answers.into_iter().map(|(_, _, a)| a).collect(),
        consent: consent.map(|(_, given)| given),
    }
}

/// What of mine is still at a table I was taken off.
#[server(prefix = "/api", endpoint = "load_former")]
pub async fn load_former(case: CaseId) -> Result<FormerTable, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let items = former_seat(&state, me.id, case).await?;
    Ok(former_table(
        &items,
        case,
        crate::i18n::use_lang(),
        crate::ctx::now_of(&state),
    ))
}

/// Erases one of my answers at a table I was taken off, for good (as on the preview page: others
/// who read it see "Verwijderd door de schrijver"; the care plan gets a version without it).
#[server(prefix = "/api", endpoint = "erase_former_answer")]
pub async fn erase_former_answer(
    case: CaseId,
    meeting: MeetingId,
    question: String,
) -> Result<(), AppError> {
    use crate::store::ExportItem;
    let (state, me) = crate::ctx::signed_in().await?;
    let items = former_seat(&state, me.id, case).await?;
    let of_this_table = items
        .iter()
        .any(|i| matches!(i, ExportItem::Meeting { meeting: m, .. } if *m == meeting));
    if !of_this_table {
        return Err(AppError::NotFound);
    }
    // Erasing what is already gone (or was never written) leaves nothing: the same outcome.
    state
        .store
        .erase_answer(meeting, me.id, &question, crate::ctx::now_of(&state))
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "answer.erase",
        format!("meeting:{meeting}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}/mine?erased=1"));
    Ok(())
}

/// Takes back my yes to the care plan at a table I was taken off: the store's Consent becomes
/// inactive, and nothing else of mine goes out.
#[server(prefix = "/api", endpoint = "withdraw_former_consent")]
pub async fn withdraw_former_consent(case: CaseId) -> Result<(), AppError> {
    use crate::store::ExportItem;
    let (state, me) = crate::ctx::signed_in().await?;
    let items = former_seat(&state, me.id, case).await?;
    let newest = items
        .iter()
        .filter_map(|i| match i {
            ExportItem::Consent { given, at, .. } => Some((*at, *given)),
            _ => None,
        })
        .max_by_key(|(at, _)| *at);
    // Only a yes is taken back; without one there is nothing to change.
    if newest.is_some_and(|(_, given)| given) {
        set_no(&state, me.id, case).await?;
    }
    leptos_axum::redirect(&format!("/cases/{case}/mine?withdrawn=1"));
    Ok(())
}

/// Records the no, and notes it in the audit log.
#[cfg(feature = "ssr")]
async fn set_no(
    state: &crate::ctx::AppState,
    me: crate::domain::PersonId,
    case: CaseId,
) -> Result<(), AppError> {
    state
        .store
        .set_consent(
            case,
            me,
            false,
            crate::sync::CONSENT_TEXT_VERSION,
            crate::ctx::now_of(state),
        )
        .await?;
    crate::ctx::audit(
        state,
        me,
        Some(case),
        "sync.consent_no",
        format!("case:{case}"),
    )
    .await
}

/// `/cases/{id}/mine`: what of mine is still at a table I was taken off.
#[component]
pub fn FormerTablePage() -> impl IntoView {
    let id = crate::ui::route_id(CaseId).get_untracked();
    let erase = ServerAction::<EraseFormerAnswer>::new();
    let withdraw = ServerAction::<WithdrawFormerConsent>::new();
    let error = Signal::derive(move || {
        erase
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| withdraw.value().get().and_then(|r| r.err()))
    });
    crate::ui::page(
        k::former_heading,
        async move { load_former(id.ok_or(AppError::NotFound)?).await },
        move |d| view! { <FormerView d=d erase=erase withdraw=withdraw error=error/> },
    )
}

#[component]
fn FormerView(
    d: FormerTable,
    erase: ServerAction<EraseFormerAnswer>,
    withdraw: ServerAction<WithdrawFormerConsent>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let je = crate::ui::reads_je();
    let case = d.case;
    let query = leptos_router::hooks::use_query_map();
    let (erased, withdrawn, to_erase) = query.with_untracked(|q| {
        let meeting = q.get("meeting").and_then(|m| m.parse::<i64>().ok());
        let question = q.get("erase");
        (
            q.get("erased").is_some(),
            q.get("withdrawn").is_some(),
            d.answers
                .iter()
                .find(|a| Some(a.meeting.0) == meeting && Some(&a.question) == question.as_ref())
                .cloned(),
        )
    });
    let consent = d.consent;
    view! {
        <p class="crumb"><a href="/my-data">{tj(lang, je, k::former_back)}</a></p>
        <h1>{fill(tj(lang, je, k::former_title), &[("child", &d.child)])}</h1>
        <p>{tj(lang, je, k::former_intro)}</p>
        <ErrorSummary error=error/>
        {erased.then(|| view! {
            <div class="notice success" role="status"><p>{tj(lang, je, k::review_erased_notice)}</p></div>
        })}
        {withdrawn.then(|| view! {
            <div class="notice success" role="status"><p>{tj(lang, je, k::former_withdrawn)}</p></div>
        })}
        {to_erase.map(|a| view! {
            <section id="erase" aria-labelledby="erase-h" class="card notice">
                <h2 id="erase-h">{format!("{}: {}", t(lang, k::review_erase), a.prompt)}</h2>
                <p>{tj(lang, je, k::review_erase_confirm)}</p>
                <ActionForm action=erase attr:class="inline">
                    <input type="hidden" name="case" value=case.0/>
                    <input type="hidden" name="meeting" value=a.meeting.0/>
                    <input type="hidden" name="question" value=a.question.clone()/>
                    <button type="submit" class="button">{t(lang, k::review_erase_yes)}</button>
                </ActionForm>
                " "
                <a href=format!("/cases/{case}/mine")>{t(lang, k::review_erase_no)}</a>
            </section>
        })}
        <section aria-labelledby="answers-h" class="stack">
            <h2 id="answers-h">{tj(lang, je, k::former_answers)}</h2>
            {if d.answers.is_empty() {
                view! { <p>{tj(lang, je, k::former_no_answers)}</p> }.into_any()
            } else {
                view! {
                    <dl>
                        {d.answers.into_iter().map(|a| {
                            let href = format!("/cases/{case}/mine?meeting={}&erase={}#erase", a.meeting, a.question);
                            let label = format!(": {} ({})", a.prompt, a.date);
                            view! {
                                <dt>{a.prompt}<span class="meta">{format!(" · {}", a.date)}</span></dt>
                                <dd>
                                    <p class="own-words" dir="auto">{a.text}</p>
                                    <p><a href=href>{t(lang, k::review_erase)}<span class="visually-hidden">{label}</span></a></p>
                                </dd>
                            }
                        }).collect_view()}
                    </dl>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="consent-h" class="stack">
            <h2 id="consent-h">{tj(lang, je, k::former_consent)}</h2>
            {if consent == Some(true) {
                view! {
                    <p>{tj(lang, je, k::former_consent_yes)}</p>
                    <ActionForm action=withdraw attr:class="inline">
                        <input type="hidden" name="case" value=case.0/>
                        <button type="submit" class="button secondary">{t(lang, k::former_withdraw)}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p>{tj(lang, je, k::former_consent_not_yes)}</p> }.into_any()
            }}
        </section>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::domain::{AgeBand, PersonId, Role};
    use crate::i18n::Lang;
    use crate::store::ExportItem;

    fn answer(meeting: i64, question: &str, body: &str) -> ExportItem {
        ExportItem::Answer {
            meeting: MeetingId(meeting),
            question: question.into(),
            body: body.into(),
            sharing: "table".into(),
            coach: None::<PersonId>,
            saves: 1,
            changed_at: 0,
            erased_at: None,
        }
    }

    #[test]
    fn lists_what_still_holds_text_by_meeting_and_question_with_the_newest_consent() {
        let items = vec![
            ExportItem::Table {
                case: CaseId(1),
                child: "Sam".into(),
                role: Role::Parent,
                band: AgeBand::From12,
                birth_date: None,
                joined_at: 0,
                removed_at: Some(10),
                closed_at: None,
            },
            ExportItem::Meeting {
                case: CaseId(1),
                meeting: MeetingId(2),
                starts_at: "2026-12-09T10:00".into(),
            },
            ExportItem::Meeting {
                case: CaseId(1),
                meeting: MeetingId(1),
                starts_at: "2026-11-02T10:00".into(),
            },
            answer(2, "worries", "Het ochtendritme"),
            answer(1, "worries", "Slapen"),
            answer(1, "goes_well", "Hij lacht veel"),
            answer(1, "child_needs", ""),
            answer(1, "not_a_question", "x"),
            ExportItem::Consent {
                case: CaseId(1),
                given: true,
                text_version: "v".into(),
                at: 5,
            },
            ExportItem::Consent {
                case: CaseId(1),
                given: false,
                text_version: "v".into(),
                at: 7,
            },
        ];
        let d = former_table(&items, CaseId(1), Lang::Nl, 0);
        assert_eq!(d.child, "Sam");
        let order: Vec<(i64, &str)> = d
            .answers
            .iter()
            .map(|a| (a.meeting.0, a.question.as_str()))
            .collect();
        assert_eq!(
            order,
            [(1, "goes_well"), (1, "worries"), (2, "worries")],
            "oldest meeting first, in the order of the questions; erased and unknown ones left out"
        );
        assert_eq!(d.answers[0].text, "Hij lacht veel");
        assert!(!d.answers[0].prompt.is_empty());
        assert_eq!(d.consent, Some(false), "the newest choice counts");
    }
}
