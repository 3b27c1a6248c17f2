//! The prepare flow as an island. The server renders the current step as a plain form (it posts to
//! [`super::save_step`] and works without JavaScript). With JavaScript the island takes over:
//! - every change is kept in `localStorage` at once and saved after a short pause (autosave);
//! - without a connection the changes wait on the phone and are sent, one at a time and each
//!   with its own id, when the connection returns (a retried save is applied once by the server);
//! - a save that finds a newer version (changed on another device) shows both texts and lets the
//!   person choose; nothing is overwritten silently;
//! - back, next and skip switch screens without loading a page, so the flow keeps working offline.

use super::questions::{face, Kind, QuestionView};
use super::sharing::{may_see, Sharing};
use super::{MyAnswer, PrepareData};
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::{k, t, Lang};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use server_fn::ServerFn;

/// How autosave stands, shown under the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing happened yet.
    Idle,
    /// A save is on its way.
    Saving,
    /// Everything is saved on the server.
    Saved,
    /// No connection: kept on this phone.
    Offline,
    /// Changed on another device; the person chooses.
    Conflict,
    /// Refused, and why.
    Refused(Refusal),
    /// The session ended (signed out elsewhere, a new link made): what waits stays on this phone
    /// and is sent once the same person signs in again.
    SignedOut,
}

/// A conflict to resolve: what the server holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theirs {
    /// Stored text.
    pub body: String,
    /// Stored sharing.
    pub sharing: Sharing,
    /// Stored version.
    pub version: i64,
}

fn find(answers: &[MyAnswer], key: &str) -> Option<MyAnswer> {
    answers.iter().find(|a| a.key == key).cloned()
}

/// Where unsent changes wait in the browser: keyed by person and meeting, so on one phone a
/// parent's unsent answer can never be saved as the child's. On a shared phone they wait only in
/// the browser session (`sessionStorage`), so nothing stays behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Drafts {
    /// The meeting.
    pub meeting: crate::domain::MeetingId,
    /// The signed-in person.
    pub person: crate::domain::PersonId,
    /// A phone others use too.
    pub shared_device: bool,
}

/// Every text the prepare flow shows, in the page's language, chosen on the server for this
/// person (u or je). The island gets these as a prop and never the catalogs, so the wasm stays small.
macro_rules! flow_words {
    ($($key:ident,)*) => {
        #[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(from = "FlowWire", into = "FlowWire")]
        #[expect(missing_docs, reason = "each field is the catalog text of the same name")]
        pub struct FlowWords {
            $(pub $key: String,)*
            /// "Vraag {step} van {total}".
            pub progress: String,
            /// Per sharing choice: its label and its explanation for this person.
            pub sharing: Vec<(Sharing, String, String)>,
            /// The roles' names, for the preview.
            pub roles: Vec<(Role, String)>,
            /// Why a save was refused, per reason.
            pub refused: Vec<(Refusal, String)>,
            /// The message of the error the page was loaded with, if any.
            pub error: Option<String>,
            /// The page's language code, for the read-aloud voice.
            pub lang_code: String,
        }

        /// How the texts travel to the browser: a list in field order instead of a map, so the
        /// browser's code to read them stays small.
        #[derive(serde::Serialize, serde::Deserialize)]
        struct FlowWire(
            Vec<String>,
            Vec<(Sharing, String, String)>,
            Vec<(Role, String)>,
            Vec<(Refusal, String)>,
            Option<String>,
        );

        impl From<FlowWords> for FlowWire {
            fn from(w: FlowWords) -> FlowWire {
                FlowWire(vec![$(w.$key,)* w.progress, w.lang_code], w.sharing, w.roles, w.refused, w.error)
            }
        }

        impl From<FlowWire> for FlowWords {
            fn from(x: FlowWire) -> FlowWords {
                let mut texts = x.0.into_iter();
                FlowWords {
                    $($key: texts.next().unwrap_or_default(),)*
                    progress: texts.next().unwrap_or_default(),
                    lang_code: texts.next().unwrap_or_default(),
                    sharing: x.1,
                    roles: x.2,
                    refused: x.3,
                    error: x.4,
                }
            }
        }

        impl FlowWords {
            /// The texts for a person (`young`: a young person) in `lang`.
            /// `coach` names the coach at the table in "Alleen Joyce (gezinscoach)".
            pub fn new(lang: Lang, young: bool, coach: Option<&str>, error: Option<&AppError>) -> FlowWords {
                use crate::error::Problem;
                FlowWords {
                    $($key: crate::i18n::tj(lang, young, k::$key).into(),)*
                    progress: t(lang, k::prepare_question_of).into(),
                    sharing: Sharing::ALL
                        .into_iter()
                        .map(|s| (s, s.label_for(lang, coach), s.explain(lang, young).into()))
                        .collect(),
                    roles: [Role::Mediator, Role::Parent, Role::Young, Role::School, Role::CareWorker]
                        .into_iter()
                        .map(|r| (r, r.name(lang).into()))
                        .collect(),
                    refused: vec![
                        (Refusal::TooLong, Problem::TooLong { max: super::questions::MAX_ANSWER }.message_for(lang, young)),
                        (Refusal::Choice, Problem::Choice.message_for(lang, young)),
                        (Refusal::Deadline, AppError::DeadlinePassed.message_for(lang, young)),
                        (Refusal::Closed, AppError::CaseClosed.message_for(lang, young)),
                        (Refusal::NotAllowed, AppError::NotAllowed.message_for(lang, young)),
                    ],
                    error: error.map(|e| e.message_for(lang, young)),
                    lang_code: lang.code().into(),
                }
            }

            fn sharing_of(&self, s: Sharing) -> (String, String) {
                self.sharing.iter().find(|(x, _, _)| *x == s).map(|(_, l, e)| (l.clone(), e.clone())).unwrap_or_default()
            }

            fn role(&self, r: Role) -> String {
                self.roles.iter().find(|(x, _)| *x == r).map(|(_, n)| n.clone()).unwrap_or_default()
            }

            fn refusal(&self, r: Refusal) -> String {
                self.refused.iter().find(|(x, _)| *x == r).map(|(_, m)| m.clone()).unwrap_or_default()
            }
        }
    };
}

flow_words!(
    ui_read_aloud,
    agreements_send,
    prepare_answer,
    prepare_change,
    prepare_check_your_answers,
    prepare_is_everything_right_you_can,
    prepare_keep_my_version,
    prepare_meldcode,
    prepare_next,
    prepare_no_connection_your_answer_is,
    prepare_no_connection_your_answer_is_2,
    prepare_not_answered_yet_this_question,
    prepare_on_another_device_it_now,
    prepare_please_note,
    prepare_previous_question,
    prepare_saved,
    prepare_saving,
    prepare_sees_none_of_your_answers,
    prepare_send_again,
    prepare_skip,
    prepare_skipped,
    prepare_these_questions_are_not_answered,
    prepare_this_answer_was_also_changed,
    prepare_to_checking,
    prepare_two_versions,
    prepare_use_the_other_version,
    prepare_what_you_had_typed,
    prepare_who_may_read_this,
    prepare_who_reads_this,
    prepare_who_sees_what_after_sending,
    prepare_you_are_signed_out_what,
    prepare_you_are_signed_out_what_2,
);

/// Why the server refused a save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Refusal {
    /// The answer is too long.
    TooLong,
    /// Not one of the choices.
    Choice,
    /// The deadline passed.
    Deadline,
    /// The case is closed.
    Closed,
    /// Anything else: not allowed.
    NotAllowed,
}

/// What went wrong with the step the page was loaded after (its message is
/// [`FlowWords::error`]): the questions still to answer, and the person's own text when a newer
/// version stopped it. Worked out on the server, so the browser never reads a whole error.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Trouble(
    /// The prompts of the questions that still need an answer.
    pub Vec<String>,
    /// What the person had typed, when another version was saved first.
    pub Option<String>,
);

impl Trouble {
    /// The trouble of `error` on the questions `questions`.
    pub fn of(error: &AppError, questions: &[QuestionView]) -> Trouble {
        let missing = match error {
            AppError::Invalid { errors, .. }
                if errors
                    .iter()
                    .all(|f| f.problem == crate::error::Problem::Required) =>
            {
                errors
                    .iter()
                    .filter_map(|f| {
                        questions
                            .iter()
                            .find(|q| q.key == f.field)
                            .map(|q| q.prompt.clone())
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        let mine = match error {
            AppError::Conflict { mine } if !mine.is_empty() => Some(mine.clone()),
            _ => None,
        };
        Trouble(missing, mine)
    }
}

/// The prepare flow (see the module documentation).
#[island]
pub fn PrepareFlow(
    data: PrepareData,
    step: usize,
    words: FlowWords,
    trouble: Option<Trouble>,
) -> impl IntoView {
    let w = StoredValue::new(words);
    let tx = move |f: fn(&FlowWords) -> &String| w.with_value(|w| f(w).clone());
    let total = data.questions.len();
    let young = data.role == Role::Young;
    let meeting = data.meeting;
    let default_sharing = data.default_sharing;
    let questions = StoredValue::new(data.questions.clone());
    let step = RwSignal::new(step.clamp(1, total + 1));
    let answers = RwSignal::new(data.answers.clone());
    let state = RwSignal::new(SaveState::Idle);
    let conflict: RwSignal<Option<(String, Theirs)>> = RwSignal::new(None);
    let refresh = RwSignal::new(0u32);
    let sent = data.sent;
    #[cfg(feature = "hydrate")]
    let engine = sync::Engine::start(meeting, data.drafts, answers, state, conflict);

    let edit = move |key: String, body: Option<String>, sharing: Option<Sharing>| {
        answers.update(|list| {
            let entry = match list.iter_mut().position(|a| a.key == key) {
                Some(i) => &mut list[i],
                None => {
                    list.push(MyAnswer {
                        key: key.clone(),
                        body: String::new(),
                        sharing: default_sharing,
                        version: 0,
                        kept_for: None,
                    });
                    list.last_mut().expect("just pushed")
                }
            };
            if let Some(b) = body {
                entry.body = b;
            }
            if let Some(s) = sharing {
                entry.sharing = s;
            }
        });
        // Too long: say so at once, keep the text in the field, and leave what was saved before alone.
        let too_long = find(&answers.get_untracked(), &key)
            .is_some_and(|a| a.body.chars().count() > super::questions::MAX_ANSWER);
        if too_long {
            state.set(SaveState::Refused(Refusal::TooLong));
        }
        #[cfg(feature = "hydrate")]
        if !too_long {
            engine.changed(&key);
        }
    };

    let go_to = move |n: usize| {
        step.set(n.clamp(1, total + 1));
        refresh.update(|r| *r += 1);
        #[cfg(feature = "hydrate")]
        {
            engine.flush_soon(0);
            sync::show_step(meeting, n);
        }
    };

    // Each screen is built anew (keyed by step and by a counter bumped on every move), so no
    // typed text or selected choice of one question can linger on the next.
    let question_view = move |s: usize| {
        questions.with_value(|qs| {
            if s > qs.len() {
                let list = answers.get_untracked();
                Either::Left(view! { <CheckAnswers questions=qs.clone() answers=list w=w young=young sent=sent meeting=meeting.0 go_to=go_to/> })
            } else {
                let q = qs[s - 1].clone();
                let current = find(&answers.get_untracked(), &q.key);
                Either::Right(view! { <Step q=q current=current step=s total=total w=w default_sharing=default_sharing
                    meeting=meeting.0 edit=edit go_to=go_to answers=answers/> })
            }
        })
    };

    let status_text = move || match state.get() {
        SaveState::Idle => String::new(),
        SaveState::Saving => tx(|w| &w.prepare_saving),
        SaveState::Saved => tx(|w| &w.prepare_saved),
        SaveState::Offline if young => tx(|w| &w.prepare_no_connection_your_answer_is),
        SaveState::Offline => tx(|w| &w.prepare_no_connection_your_answer_is_2),
        SaveState::SignedOut if young => tx(|w| &w.prepare_you_are_signed_out_what),
        SaveState::SignedOut => tx(|w| &w.prepare_you_are_signed_out_what_2),
        SaveState::Conflict => tx(|w| &w.prepare_this_answer_was_also_changed),
        SaveState::Refused(r) => w.with_value(|w| w.refusal(r)),
    };

    let resolve = move |keep_mine: bool| {
        if let Some((key, theirs)) = conflict.get_untracked() {
            answers.update(|list| {
                if let Some(a) = list.iter_mut().find(|a| a.key == key) {
                    a.version = theirs.version;
                    if !keep_mine {
                        a.body = theirs.body.clone();
                        a.sharing = theirs.sharing;
                    }
                }
            });
            conflict.set(None);
            refresh.update(|r| *r += 1);
            #[cfg(feature = "hydrate")]
            if keep_mine {
                engine.changed(&key);
            } else {
                engine.forget(&key);
                state.set(SaveState::Saved);
            }
        }
    };

    view! {
        {trouble.map(|Trouble(missing, mine)| view! {
            <div class="error-summary" role="alert">
                <h2>{tx(|w| &w.prepare_please_note)}</h2>
                <p>{tx(|w| w.error.as_ref().unwrap_or(&w.prepare_please_note))}</p>
                {(!missing.is_empty()).then(|| view! {
                    <p>{tx(|w| &w.prepare_these_questions_are_not_answered)}</p>
                    <ul>{missing.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                })}
                {mine.map(|m| view! { <p>{tx(|w| &w.prepare_what_you_had_typed)}</p><p class="own-words" dir="auto">{m}</p> })}
            </div>
        })}
        <For each=move || std::iter::once((step.get(), refresh.get())) key=|k| *k children=move |(s, _)| question_view(s)/>
        <p class="save-state" role="status" aria-live="polite">{status_text}</p>
        {move || conflict.get().map(|(_, theirs)| view! {
            <div class="conflict" role="alert">
                <h2>{tx(|w| &w.prepare_two_versions)}</h2>
                <p>{tx(|w| &w.prepare_on_another_device_it_now)}</p>
                <p class="own-words" dir="auto">{theirs.body.clone()}</p>
                <button type="button" class="button" on:click=move |_| resolve(true)>{tx(|w| &w.prepare_keep_my_version)}</button>
                <button type="button" class="button secondary" on:click=move |_| resolve(false)>{tx(|w| &w.prepare_use_the_other_version)}</button>
            </div>
        })}
    }
}

#[component]
fn Step(
    q: QuestionView,
    current: Option<MyAnswer>,
    step: usize,
    total: usize,
    w: StoredValue<FlowWords>,
    default_sharing: Sharing,
    meeting: i64,
    edit: impl Fn(String, Option<String>, Option<Sharing>) + Copy + Send + Sync + 'static,
    go_to: impl Fn(usize) + Copy + Send + Sync + 'static,
    answers: RwSignal<Vec<MyAnswer>>,
) -> impl IntoView {
    let tx = move |f: fn(&FlowWords) -> &String| w.with_value(|w| f(w).clone());
    let body = current.as_ref().map(|a| a.body.clone()).unwrap_or_default();
    let sharing = current
        .as_ref()
        .map(|a| a.sharing)
        .unwrap_or(default_sharing);
    // An answer kept for an earlier coach names that coach.
    let kept_for = current.as_ref().and_then(|a| a.kept_for.clone());
    let key = q.key.clone();
    let version = {
        let key = key.clone();
        Signal::derive(move || find(&answers.get(), &key).map(|a| a.version).unwrap_or(0))
    };
    let progress = crate::i18n::fill(&tx(|w| &w.progress), &[("step", &step), ("total", &total)]);
    let input = match q.kind {
        Kind::Text => {
            let key = key.clone();
            EitherOf3::A(view! {
                <textarea dir="auto" id="answer" name="body" rows="7"
                    aria-describedby="answer-help"
                    on:input=move |ev| edit(key.clone(), Some(event_target_value(&ev)), None)>{body}</textarea>
            })
        }
        Kind::Scale => {
            let picked = body.parse::<u8>().ok();
            EitherOf3::B(view! {
                <div class="scale" role="radiogroup" aria-labelledby="q-title" aria-describedby="answer-help">
                    {(1..=10u8).map(|n| {
                        let key = key.clone();
                        let id = format!("answer-{n}");
                        view! {
                            <span class="scale-option">
                                <input type="radio" name="body" id=id.clone() value=n.to_string() checked=picked == Some(n)
                                    on:change=move |_| edit(key.clone(), Some(n.to_string()), None)/>
                                <label for=id><span aria-hidden="true">{face(n)}</span><span>{n}</span></label>
                            </span>
                        }
                    }).collect_view()}
                </div>
            })
        }
        Kind::Choice => EitherOf3::C(view! {
            <div role="radiogroup" aria-labelledby="q-title" aria-describedby="answer-help">
                {q.choices.iter().map(|(code, label)| {
                    let key = key.clone();
                    let code = code.clone();
                    let id = format!("answer-{code}");
                    let checked = body == code;
                    view! {
                        <div class="choice">
                            <input type="radio" name="body" id=id.clone() value=code.clone() checked=checked
                                on:change=move |_| edit(key.clone(), Some(code.clone()), None)/>
                            <label for=id>{label.clone()}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
        }),
    };
    let title = if q.kind == Kind::Text {
        Either::Left(
            view! { <h1 id="q-title" tabindex="-1"><label for="answer">{q.prompt.clone()}</label></h1> },
        )
    } else {
        Either::Right(view! { <h1 id="q-title" tabindex="-1">{q.prompt.clone()}</h1> })
    };
    let next_label = if step == total {
        tx(|w| &w.prepare_to_checking)
    } else {
        tx(|w| &w.prepare_next)
    };
    view! {
        <p class="progress-label" id="progress">{progress.clone()}</p>
        <progress max=total value=step aria-labelledby="progress"></progress>
        <form method="post" action=super::SaveStep::url() class="stack step" novalidate>
            <input type="hidden" name="meeting" value=meeting/>
            <input type="hidden" name="step" value=step/>
            <input type="hidden" name="question" value=key.clone()/>
            <input type="hidden" name="base_version" prop:value=version value=version/>
            {title}
            <p class="hint" id="answer-help">{q.help.clone()}</p>
            // Shown by the read-aloud script when the phone has a voice of its own for this language.
            <button type="button" class="say link-button" hidden data-say="#q-title, #answer-help"
                data-lang=w.with_value(|w| w.lang_code.clone())>{tx(|w| &w.ui_read_aloud)}</button>
            {input}
            <fieldset class="field sharing">
                <legend>{tx(|w| &w.prepare_who_may_read_this)}</legend>
                {Sharing::ALL.into_iter().map(|s| {
                    let key = key.clone();
                    let id = format!("sharing-{}", s.code());
                    view! {
                        <div class="choice">
                            <input type="radio" name="sharing" id=id.clone() value=s.code() checked=sharing == s
                                aria-describedby=format!("{id}-hint")
                                on:change=move |_| edit(key.clone(), None, Some(s))/>
                            <label for=id.clone()>{match (s, kept_for.clone()) {
                                (Sharing::Mediator, Some(label)) => label,
                                _ => w.with_value(|w| w.sharing_of(s).0),
                            }}
                                <span class="hint" id=format!("{id}-hint")>{w.with_value(|w| w.sharing_of(s).1)}</span></label>
                        </div>
                    }
                }).collect_view()}
                <p class="hint">{tx(|w| &w.prepare_meldcode)}</p>
            </fieldset>
            <div class="step-buttons">
                <button type="submit" name="go" value="next" class="button"
                    on:click=move |ev| { ev.prevent_default(); go_to(step + 1); }>{next_label}</button>
                {q.optional.then(|| view! {
                    <button type="submit" name="go" value="skip" class="button secondary"
                        on:click=move |ev| { ev.prevent_default(); go_to(step + 1); }>{tx(|w| &w.prepare_skip)}</button>
                })}
                {(step > 1).then(|| view! {
                    <button type="submit" name="go" value="back" class="link-button"
                        on:click=move |ev| { ev.prevent_default(); go_to(step - 1); }>{tx(|w| &w.prepare_previous_question)}</button>
                })}
            </div>
        </form>
    }
}

#[component]
fn CheckAnswers(
    questions: Vec<QuestionView>,
    answers: Vec<MyAnswer>,
    w: StoredValue<FlowWords>,
    young: bool,
    sent: bool,
    meeting: i64,
    go_to: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let tx = move |f: fn(&FlowWords) -> &String| w.with_value(|w| f(w).clone());
    let other_family = if young { Role::Parent } else { Role::Young };
    let viewers = [Role::Mediator, other_family, Role::School, Role::CareWorker];
    let visible_to = |role: Role| -> Vec<String> {
        questions
            .iter()
            .filter(|q| {
                answers.iter().any(|a| {
                    a.key == q.key && !a.body.is_empty() && {
                        // Someone else in `role` (a supporter: one the author brought).
                        let author = crate::domain::PersonId(0);
                        let reader = super::sharing::Reader {
                            id: crate::domain::PersonId(-1),
                            role,
                            brought_by: Some(author),
                        };
                        // As the coach it is kept for reads it.
                        may_see(reader, author, a.sharing, true, Some(reader.id))
                    }
                })
            })
            .map(|q| q.prompt.clone())
            .collect()
    };
    let preview = viewers
        .into_iter()
        .map(|role| {
            let list = visible_to(role);
            let empty = list.is_empty();
            view! {
                <div class="preview-role">
                    <h3>{w.with_value(|w| w.role(role))}</h3>
                    {empty.then(|| view! { <p class="meta">{tx(|w| &w.prepare_sees_none_of_your_answers)}</p> })}
                    <ul>{list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            }
        })
        .collect_view();
    view! {
        <h1 id="q-title" tabindex="-1">{tx(|w| &w.prepare_check_your_answers)}</h1>
        <p>{tx(|w| &w.prepare_is_everything_right_you_can)}</p>
        <dl class="answers">
            {questions.iter().enumerate().map(|(i, q)| {
                let a = answers.iter().find(|a| a.key == q.key);
                let text = a.map(|a| q.display(&a.body)).unwrap_or_default();
                let sharing = a
                    .map(|a| match (a.sharing, a.kept_for.clone()) {
                        (Sharing::Mediator, Some(label)) => label,
                        (s, _) => w.with_value(|w| w.sharing_of(s).0),
                    })
                    .unwrap_or_default();
                let n = i + 1;
                let empty = text.is_empty();
                let needed = empty && !q.optional;
                view! {
                    <dt id=q.key.clone()>{q.prompt.clone()}</dt>
                    <dd>
                        {if empty {
                            Either::Left(view! { <p class=if needed { "field-error" } else { "meta" }>{if needed {
                                tx(|w| &w.prepare_not_answered_yet_this_question)
                            } else {
                                tx(|w| &w.prepare_skipped)
                            }}</p> })
                        } else {
                            Either::Right(view! {
                                <p class="own-words" dir="auto">{text}</p>
                                <p class="meta">{tx(|w| &w.prepare_who_reads_this)}{sharing}</p>
                            })
                        }}
                        <a href=format!("?step={n}") on:click=move |ev| { ev.prevent_default(); go_to(n); }>
                            {if empty { tx(|w| &w.prepare_answer) } else { tx(|w| &w.prepare_change) }}
                            <span class="visually-hidden">{format!(": {}", q.prompt)}</span></a>
                    </dd>
                }
            }).collect_view()}
        </dl>
        <section aria-labelledby="preview-h" class="preview">
            <h2 id="preview-h">{tx(|w| &w.prepare_who_sees_what_after_sending)}</h2>
            {preview}
        </section>
        <form method="post" action=super::SendPreparation::url() class="stack">
            <input type="hidden" name="meeting" value=meeting/>
            <button type="submit" class="button">{if sent { tx(|w| &w.prepare_send_again) } else { tx(|w| &w.agreements_send) }}</button>
        </form>
    }
}

#[cfg(feature = "hydrate")]
mod sync {
    //! The browser side of autosave: a queue in `localStorage`, one save in flight at a time.
    use super::*;
    use crate::domain::MeetingId;
    use std::collections::BTreeMap;
    use std::time::Duration;

    #[derive(Clone, serde::Serialize, serde::Deserialize)]
    struct Pending {
        body: String,
        sharing: Sharing,
        op: String,
    }

    fn storage(d: Drafts) -> Option<web_sys::Storage> {
        let w = web_sys::window()?;
        if d.shared_device {
            w.session_storage().ok().flatten()
        } else {
            w.local_storage().ok().flatten()
        }
    }

    fn storage_key(d: Drafts) -> String {
        format!("aantafel:prepare:{}:{}", d.person.0, d.meeting.0)
    }

    fn load(m: Drafts) -> BTreeMap<String, Pending> {
        storage(m)
            .and_then(|s| s.get_item(&storage_key(m)).ok().flatten())
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    fn store(m: Drafts, p: &BTreeMap<String, Pending>) {
        if let Some(s) = storage(m) {
            let _ = if p.is_empty() {
                s.remove_item(&storage_key(m))
            } else {
                s.set_item(
                    &storage_key(m),
                    &serde_json::to_string(p).unwrap_or_default(),
                )
            };
        }
    }

    fn new_op() -> String {
        let a = (js_sys::Math::random() * 1e15) as u64;
        let b = (js_sys::Math::random() * 1e15) as u64;
        format!("{a:x}-{b:x}")
    }

    /// Puts `?step=n` in the address and moves focus to the new question.
    pub fn show_step(_m: MeetingId, n: usize) {
        if let Some(w) = web_sys::window() {
            if let Ok(h) = w.history() {
                let _ = h.replace_state_with_url(
                    &wasm_bindgen::JsValue::NULL,
                    "",
                    Some(&format!("?step={n}")),
                );
            }
            w.scroll_to_with_x_and_y(0.0, 0.0);
            request_animation_frame(|| {
                use wasm_bindgen::JsCast;
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("q-title"))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = el.focus();
                }
            });
        }
    }

    /// The autosave engine of one flow.
    #[derive(Clone, Copy)]
    pub struct Engine {
        meeting: MeetingId,
        drafts: Drafts,
        answers: RwSignal<Vec<MyAnswer>>,
        state: RwSignal<SaveState>,
        conflict: RwSignal<Option<(String, Theirs)>>,
        in_flight: RwSignal<bool>,
        generation: RwSignal<u64>,
    }

    impl Engine {
        /// Starts the engine: restores what waited on the phone, and listens for the connection.
        pub fn start(
            meeting: MeetingId,
            drafts: Drafts,
            answers: RwSignal<Vec<MyAnswer>>,
            state: RwSignal<SaveState>,
            conflict: RwSignal<Option<(String, Theirs)>>,
        ) -> Engine {
            let e = Engine {
                meeting,
                drafts,
                answers,
                state,
                conflict,
                in_flight: RwSignal::new(false),
                generation: RwSignal::new(0),
            };
            Effect::new(move |_| {
                let waiting = load(drafts);
                if !waiting.is_empty() {
                    answers.update(|list| {
                        for (key, p) in &waiting {
                            match list.iter_mut().find(|a| &a.key == key) {
                                Some(a) => {
                                    a.body = p.body.clone();
                                    a.sharing = p.sharing;
                                }
                                None => list.push(MyAnswer {
                                    key: key.clone(),
                                    body: p.body.clone(),
                                    sharing: p.sharing,
                                    version: 0,
                                    kept_for: None,
                                }),
                            }
                        }
                    });
                    e.flush_soon(0);
                }
            });
            let handle = window_event_listener(leptos::ev::online, move |_| e.flush_soon(0));
            on_cleanup(move || handle.remove());
            let interval =
                set_interval_with_handle(move || e.flush_soon(0), Duration::from_secs(15)).ok();
            on_cleanup(move || {
                if let Some(i) = interval {
                    i.clear();
                }
            });
            e
        }

        /// An answer changed: keep it on the phone now, save it after a pause.
        pub fn changed(&self, key: &str) {
            let Some(a) = find(&self.answers.get_untracked(), key) else {
                return;
            };
            let mut waiting = load(self.drafts);
            waiting.insert(
                key.to_string(),
                Pending {
                    body: a.body,
                    sharing: a.sharing,
                    op: new_op(),
                },
            );
            store(self.drafts, &waiting);
            self.flush_soon(800);
        }

        /// Drops a waiting change (the person chose the other version).
        pub fn forget(&self, key: &str) {
            let mut waiting = load(self.drafts);
            waiting.remove(key);
            store(self.drafts, &waiting);
        }

        /// Saves what waits, after `ms` milliseconds without new changes.
        pub fn flush_soon(&self, ms: u64) {
            let e = *self;
            e.generation.update(|g| *g += 1);
            let generation = e.generation.get_untracked();
            set_timeout(
                move || {
                    if e.generation.get_untracked() == generation || ms == 0 {
                        leptos::task::spawn_local(async move { e.flush().await });
                    }
                },
                Duration::from_millis(ms),
            );
        }

        async fn flush(self) {
            if self.in_flight.get_untracked() {
                return;
            }
            self.in_flight.set(true);
            loop {
                let waiting = load(self.drafts);
                let blocked = self.conflict.get_untracked().map(|(k, _)| k);
                let Some((key, p)) = waiting
                    .into_iter()
                    .find(|(k, _)| Some(k) != blocked.as_ref())
                else {
                    // Only a finished save or a returned connection means "saved"; a conflict stays shown.
                    if matches!(
                        self.state.get_untracked(),
                        SaveState::Saving | SaveState::Offline
                    ) {
                        self.state.set(SaveState::Saved);
                    }
                    break;
                };
                let base = find(&self.answers.get_untracked(), &key)
                    .map(|a| a.version)
                    .unwrap_or(0);
                self.state.set(SaveState::Saving);
                let result = super::super::save_answer(
                    self.meeting,
                    key.clone(),
                    p.body.clone(),
                    p.sharing.code().to_string(),
                    base,
                    p.op.clone(),
                )
                .await;
                match result {
                    Ok(super::super::SaveResult::Saved { version }) => {
                        self.answers.update(|list| {
                            if let Some(a) = list.iter_mut().find(|a| a.key == key) {
                                a.version = version;
                            }
                        });
                        let mut now_waiting = load(self.drafts);
                        if now_waiting.get(&key).is_some_and(|w| w.op == p.op) {
                            now_waiting.remove(&key);
                            store(self.drafts, &now_waiting);
                        }
                        self.state.set(SaveState::Saved);
                    }
                    Ok(super::super::SaveResult::Conflict {
                        body,
                        sharing,
                        version,
                    }) => {
                        self.conflict.set(Some((
                            key.clone(),
                            Theirs {
                                body,
                                sharing,
                                version,
                            },
                        )));
                        self.state.set(SaveState::Conflict);
                    }
                    Err(AppError::Transport(_)) => {
                        self.state.set(SaveState::Offline);
                        break;
                    }
                    // Keep the queue: it belongs to this person and goes out after they sign in.
                    Err(AppError::SignInNeeded) => {
                        self.state.set(SaveState::SignedOut);
                        break;
                    }
                    Err(e) => {
                        // Refused (too long, deadline passed): the text stays in the field and on the phone.
                        let mut now_waiting = load(self.drafts);
                        now_waiting.remove(&key);
                        store(self.drafts, &now_waiting);
                        let why = match &e {
                            AppError::DeadlinePassed => Refusal::Deadline,
                            AppError::CaseClosed => Refusal::Closed,
                            AppError::Invalid { .. } => match e.field("body") {
                                Some(crate::error::Problem::TooLong { .. }) => Refusal::TooLong,
                                _ => Refusal::Choice,
                            },
                            _ => Refusal::NotAllowed,
                        };
                        self.state.set(SaveState::Refused(why));
                        break;
                    }
                }
            }
            self.in_flight.set(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(key: &str, prompt: &str) -> QuestionView {
        QuestionView {
            key: key.into(),
            kind: Kind::Text,
            optional: false,
            prompt: prompt.into(),
            help: String::new(),
            choices: Vec::new(),
        }
    }

    #[test]
    fn the_words_reach_the_browser_unchanged() {
        for (lang, young) in [(Lang::Nl, false), (Lang::En, true), (Lang::Ar, false)] {
            let words = FlowWords::new(lang, young, Some("Joyce"), Some(&AppError::CaseClosed));
            let wire = serde_json::to_string(&words).unwrap();
            assert!(wire.starts_with("[["), "a list, not a map: {wire}");
            let back: FlowWords = serde_json::from_str(&wire).unwrap();
            assert_eq!(back, words);
            assert_eq!(back.lang_code, lang.code());
            assert!(!back.prepare_next.is_empty());
        }
    }

    #[test]
    fn trouble_names_the_open_questions_or_keeps_the_persons_text() {
        let qs = [
            question("well", "Wat gaat goed?"),
            question("worry", "Waar maakt u zich zorgen over?"),
        ];
        let open = AppError::invalid(vec![crate::error::FieldError {
            field: "worry".into(),
            problem: crate::error::Problem::Required,
        }]);
        assert_eq!(
            Trouble::of(&open, &qs),
            Trouble(vec!["Waar maakt u zich zorgen over?".into()], None)
        );
        let too_long = AppError::invalid(vec![crate::error::FieldError {
            field: "worry".into(),
            problem: crate::error::Problem::TooLong { max: 10 },
        }]);
        assert_eq!(Trouble::of(&too_long, &qs), Trouble(Vec::new(), None));
        let newer = AppError::Conflict {
            mine: "mijn tekst".into(),
        };
        assert_eq!(
            Trouble::of(&newer, &qs),
            Trouble(Vec::new(), Some("mijn tekst".into()))
        );
    }
}
