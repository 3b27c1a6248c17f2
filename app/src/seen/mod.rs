//! "Wie heeft mijn informatie gezien?": for a parent, a young person or a supporter, newest
//! first, every time someone else opened something of theirs (their answers, their topics, what
//! they tell in "Dit is …", the plan), new sign-in links made for them, role changes and
//! removals at their tables, and what went to the care-plan store; next to it "Wie kan dit
//! zien?", who may read their answers now. For a professional: "Wat heb ik geopend", their own
//! reads of what families wrote.
//!
//! Each list is read from the audit log, which stores whose words each read showed as ids
//! (`crate::ctx::audit_read`), never a text. A person's own reads are not listed, and each
//! person sees only their own log: a parent does not see who read their child's answers, except
//! a parent with gezag while the child is under 12 (`crate::case::age::children_in_my_care`).
//!
//! Page: [`SeenPage`] (`/seen`). Server function: [`load_seen`]. Data access:
//! `crate::store::SeenStore`. Grouping and wording: [`service`].

#[cfg(feature = "ssr")]
pub mod service;

use crate::error::AppError;
use crate::i18n::{k, t, tj, use_lang};
use crate::ui::ErrorText;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One line of a log, written out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenLine {
    /// The sentence.
    pub text: String,
}

/// One sharing choice at one table: how many answers have it, and who may read them now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhoCanSee {
    /// The choice, as its label ("Iedereen aan tafel").
    pub choice: String,
    /// "3 antwoorden".
    pub answers: String,
    /// Who may read them, as "Name (role)".
    pub readers: Vec<String>,
}

/// One table in "Wie kan dit zien?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSharing {
    /// The child's first name.
    pub child: String,
    /// The choices with answers.
    pub choices: Vec<WhoCanSee>,
}

/// A child's log under 12, for a parent with gezag at their table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildLog {
    /// The child's name.
    pub name: String,
    /// The child's id (for "Download de gegevens van …").
    pub person: crate::domain::PersonId,
    /// The table (a child can sit at more than one).
    pub case: crate::domain::CaseId,
    /// Who opened what of the child's, newest first.
    pub lines: Vec<SeenLine>,
}

/// The page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeenData {
    /// For a parent, a young person or a supporter.
    Family {
        /// Whether the reader reads "je".
        young: bool,
        /// Who opened what, newest first.
        lines: Vec<SeenLine>,
        /// Who may read their answers now, per table.
        tables: Vec<TableSharing>,
        /// For a parent with gezag: the logs of their children under 12.
        children: Vec<ChildLog>,
    },
    /// For a professional: what they opened themselves, newest first.
    Professional {
        /// What they opened.
        lines: Vec<SeenLine>,
    },
}

/// The log of the signed-in person: "Wie heeft mijn informatie gezien?" for the family,
/// "Wat heb ik geopend" for a professional.
#[server(prefix = "/api", endpoint = "load_seen")]
pub async fn load_seen() -> Result<SeenData, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let lang = use_lang();
    if me.account_role.is_professional() {
        let lines = service::log_lines(&state, &me, lang).await?;
        return Ok(SeenData::Professional {
            lines: lines.into_iter().map(|text| SeenLine { text }).collect(),
        });
    }
    let young = me.account_role == crate::domain::Role::Young;
    let mine = state.store.cases_of(me.id).await?;
    let lines = service::log_lines(&state, &me, lang).await?;
    let counts = state.store.sharing_counts(me.id).await?;
    let mut tables = Vec::new();
    for (case, _) in &mine {
        let mine: Vec<_> = counts.iter().filter(|c| c.case_id == case.id).collect();
        if mine.is_empty() {
            continue;
        }
        let members = crate::ctx::members(&state, case.id).await?;
        tables.push(TableSharing {
            child: case.child_first_name.clone(),
            choices: crate::prepare::sharing::Sharing::ALL
                .into_iter()
                .flat_map(|s| {
                    mine.iter()
                        .filter(move |c| c.sharing == s.code())
                        .map(move |c| (s, c))
                })
                .map(|(s, c)| {
                    let coach = members
                        .iter()
                        .find(|m| Some(m.person_id) == c.coach)
                        .map(|m| m.display_name.as_str());
                    WhoCanSee {
                        choice: s.label_for(lang, coach),
                        answers: service::answer_count(lang, c.count),
                        readers: service::readers_now(&members, me.id, s, true, c.coach, lang),
                    }
                })
                .collect(),
        });
    }
    let mut children = Vec::new();
    for (case, child) in crate::case::age::children_in_my_care(&state, me.id).await? {
        let lines =
            service::child_log_lines(&state, child.person_id, &child.display_name, case.id, lang)
                .await?;
        children.push(ChildLog {
            name: child.display_name,
            person: child.person_id,
            case: case.id,
            lines: lines.into_iter().map(|text| SeenLine { text }).collect(),
        });
    }
    Ok(SeenData::Family {
        young,
        lines: lines.into_iter().map(|text| SeenLine { text }).collect(),
        tables,
        children,
    })
}

/// `/seen`: the signed-in person's log.
#[component]
pub fn SeenPage() -> impl IntoView {
    let lang = use_lang();
    let list = move |lines: Vec<SeenLine>| {
        view! {
            <ul class="stack seen">
                {lines.into_iter().map(|l| view! { <li>{l.text}</li> }).collect_view()}
            </ul>
        }
    };
    view! {
        {crate::ui::page_body(async move { match load_seen().await {
                Err(e) => view! { <ErrorText error=e/> }.into_any(),
                Ok(SeenData::Professional { lines }) => view! {
                    <h1>{t(lang, k::seen_opened_title)}</h1>
                    <p>{t(lang, k::seen_opened_intro)}</p>
                    <p><a href="/my-data">{t(lang, k::export_link)}</a></p>
                    {if lines.is_empty() {
                        view! { <p class="notice">{t(lang, k::seen_opened_empty)}</p> }.into_any()
                    } else {
                        list(lines).into_any()
                    }}
                }.into_any(),
                Ok(SeenData::Family { young, lines, tables, children }) => view! {
                    <h1>{t(lang, k::seen_title)}</h1>
                    <p>{tj(lang, young, k::seen_intro)}</p>
                    <p>{tj(lang, young, k::seen_only_you)}</p>
                    <p><a href="/my-data">{t(lang, k::export_link)}</a></p>
                    {if lines.is_empty() {
                        view! { <p class="notice">{tj(lang, young, k::seen_empty)}</p> }.into_any()
                    } else {
                        list(lines).into_any()
                    }}
                    <h2>{t(lang, k::seen_who_can_title)}</h2>
                    <p>{tj(lang, young, k::seen_who_can_intro)}</p>
                    {if tables.is_empty() {
                        view! { <p class="notice">{tj(lang, young, k::seen_no_answers)}</p> }.into_any()
                    } else {
                        tables.into_iter().map(|tb| view! {
                            <section class="card stack">
                                <h3>{tb.child}</h3>
                                <dl>
                                    {tb.choices.into_iter().map(|c| view! {
                                        <dt>{format!("{} ({})", c.choice, c.answers)}</dt>
                                        <dd>{if c.readers.is_empty() {
                                            tj(lang, young, k::seen_only_you_read).to_string()
                                        } else {
                                            c.readers.join(", ")
                                        }}</dd>
                                    }).collect_view()}
                                </dl>
                            </section>
                        }).collect_view().into_any()
                    }}
                    {children.into_iter().map(|c| {
                        let name = c.name.clone();
                        let named = move |key| crate::i18n::tf(lang, key, &[("name", &name)]);
                        view! {
                            <section class="stack" aria-label=named(k::seen_child_title)>
                                <h2>{named(k::seen_child_title)}</h2>
                                <p>{named(k::seen_child_intro)}</p>
                                <p><a href=format!("/my-data?child={}&table={}", c.person.0, c.case.0)>{named(k::export_child_link)}</a></p>
                                {if c.lines.is_empty() {
                                    view! { <p class="notice">{named(k::seen_child_empty)}</p> }.into_any()
                                } else {
                                    list(c.lines).into_any()
                                }}
                            </section>
                        }
                    }).collect_view()}
                }.into_any(),
        }})}
    }
}
