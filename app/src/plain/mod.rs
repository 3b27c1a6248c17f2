//! Plain language: the glossary of field jargon, marking of jargon in professional text shown to
//! families, and the readability hint professionals see while they write.
//!
//! Pure rules: [`glossary`] (terms and the matcher) and [`readability`] (Flesch-Douma / Flesch,
//! long sentences, long words). Components: [`Marked`] (professional text with its jargon linked to
//! the glossary and explained below it, without JavaScript), [`PlainHint`] (the hint for the text
//! as sent; the page script asks [`plain_hint`] for a new one as the professional types), and the
//! [`GlossaryPage`] at `/woorden`.

pub mod glossary;
pub mod readability;

use crate::error::AppError;
use crate::i18n::{k, t, use_lang, Lang};
use leptos::prelude::*;

/// Professional text shown to a parent or young person: every jargon term links to its entry on
/// the glossary page, and the terms found are explained right below, one tap away.
#[component]
pub fn Marked(
    /// The text, exactly as written.
    text: String,
    /// Extra class for the text block.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let mut found: Vec<&'static glossary::Term> = Vec::new();
    let parts = glossary::pieces(&text)
        .into_iter()
        .map(|p| match p {
            glossary::Piece::Text(t) => t.to_string().into_any(),
            glossary::Piece::Term(t, term) => {
                if !found.iter().any(|f| f.key == term.key) {
                    found.push(term);
                }
                view! { <a class="term" href=format!("/woorden#{}", term.key)>{t.to_string()}</a> }
                    .into_any()
            }
        })
        .collect_view();
    let explained = (!found.is_empty()).then(|| {
        view! {
            <details class="terms">
                <summary>{t(lang, k::plain_difficult_words_explained)}</summary>
                <dl>
                    {found.into_iter().map(|t| view! {
                        <dt lang="nl">{t.term}{(!t.full.is_empty()).then(|| format!(" ({})", t.full))}</dt>
                        <dd>{glossary::explanation(t, lang)}</dd>
                    }).collect_view()}
                </dl>
            </details>
        }
    });
    // Type-erased: this sits deep inside many pages' view trees.
    view! {
        // People's own text: written in Dutch, whatever the page's language (WCAG 3.1.2).
        <div class=format!("marked {class}")><p lang="nl" dir="auto">{parts}</p>{explained}</div>
    }
    .into_any()
}

/// The longest text the hint checks, in characters: longer than any field it sits under.
pub const HINT_MAX: usize = 10_000;

/// The plain-language hint for a text, in the page's language: what [`PlainHint`] shows under a
/// field, and what the page script gets from [`plain_hint`] while the professional types.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hint {
    /// `easy`, `fair` or `hard`; empty while there are no words.
    pub level: String,
    /// The level's name ("Makkelijk te lezen").
    pub label: String,
    /// The score and how to read it.
    pub ease: String,
    /// What to work on: long sentences, long words, jargon.
    pub points: Vec<String>,
}

impl Hint {
    /// Checks `text` for a page in `lang`. The text is checked in English on an English page and
    /// else in Dutch (professionals write the families' texts in Dutch).
    pub fn of(text: &str, lang: Lang) -> Hint {
        let r = readability::check(text, if lang == Lang::En { Lang::En } else { Lang::Nl });
        if r.words == 0 {
            return Hint::default();
        }
        let level = r.level();
        let score = r
            .score
            .map(|s| (s.round() as i64).to_string())
            .unwrap_or_default();
        let mut points = Vec::new();
        if !r.long_sentences.is_empty() {
            points.push(crate::i18n::tn(
                lang,
                k::plain_long_sentences,
                r.long_sentences.len() as u64,
                &[("max", &readability::LONG_SENTENCE_WORDS)],
            ));
        }
        if !r.long_words.is_empty() {
            points.push(format!(
                "{}{}",
                t(lang, k::plain_long_words),
                r.long_words.join(", ")
            ));
        }
        let mut jargon: Vec<&'static str> = Vec::new();
        for f in glossary::find(text) {
            if let Some(term) = glossary::term(f.key) {
                if !jargon.contains(&term.term) {
                    jargon.push(term.term);
                }
            }
        }
        if !jargon.is_empty() {
            points.push(format!(
                "{}{}",
                t(lang, k::plain_jargon_explain_it),
                jargon.join(", ")
            ));
        }
        let (class, key) = match level {
            readability::Level::Easy => ("easy", k::plain_level_easy),
            readability::Level::Fair => ("fair", k::plain_level_fair),
            readability::Level::Hard => ("hard", k::plain_level_hard),
        };
        Hint {
            level: class.into(),
            label: t(lang, key).into(),
            ease: crate::i18n::tf(lang, k::plain_reading_ease, &[("score", &score)]),
            points,
        }
    }
}

/// A plain-language hint under a field that professionals fill in for families: readability
/// score, long sentences, long words and jargon, for the text as sent. The page script
/// (`auth/portal.js`) asks [`plain_hint`] again a moment after typing stops in the field with id
/// `target` and shows the new hint in the same shape; no wasm is needed for it.
#[component]
pub fn PlainHint(target: String, text: String) -> impl IntoView {
    let lang = use_lang();
    let hint = Hint::of(&text, lang);
    view! {
        <div class="plain-hint" id=format!("{target}-plain") data-plain-for=target aria-live="polite">
            <p class="hint-title">{t(lang, k::plain_plain_language_tip)}</p>
            <div class="hint-body">
                {(!hint.level.is_empty()).then(|| view! {
                    <p class=format!("level level-{}", hint.level)><strong>{hint.label}</strong>{hint.ease}</p>
                    <ul>{hint.points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                })}
            </div>
        </div>
    }
}

/// The hint for a text a professional is writing for a family (see [`PlainHint`]). Only for
/// signed-in professionals; the text is read, checked and forgotten, never stored or logged.
#[server(prefix = "/api", endpoint = "plain_hint")]
pub async fn plain_hint(
    text: String,
    #[server(default)] person: Option<i64>,
) -> Result<Hint, AppError> {
    let (_, session) = crate::ctx::signed_in_session().await?;
    // Asked from a page of someone else than who is signed in now: nothing typed there goes out.
    if person.is_some_and(|p| p != session.person.id.0) {
        return Err(AppError::SignInNeeded);
    }
    if !session.person.account_role.is_professional() {
        return Err(AppError::NotAllowed);
    }
    let mut errors = Vec::new();
    let text = crate::domain::text("text", &text, 0, HINT_MAX, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    Ok(Hint::of(&text, use_lang()))
}

/// A "Lees voor" button that reads the elements matching `select`, written in `text_lang`. Hidden
/// until the read-aloud script ([`ReadAloudScript`]) finds a voice on this device for that language.
#[component]
pub fn ReadAloud(select: &'static str, text_lang: Lang) -> impl IntoView {
    let lang = use_lang();
    view! {
        <button type="button" class="say link-button no-print" hidden data-say=select data-lang=text_lang.code()>
            {t(lang, k::ui_read_aloud)}
        </button>
    }
}

/// The read-aloud script (`readaloud.js`), inline with this response's CSP nonce.
#[component]
pub fn ReadAloudScript() -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    view! { <script nonce=nonce inner_html=include_str!("readaloud.js")></script> }
}

/// Every term in the glossary, each with an anchor, so marked words can link here.
#[component]
pub fn GlossaryPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{t(lang, k::plain_difficult_words_explained_2)}</h1>
        <p>{t(lang, k::plain_school_and_youth_care_sometimes)}</p>
        <dl class="glossary">
            {glossary::TERMS.iter().map(|t| view! {
                <dt id=t.key>{t.term}{(!t.full.is_empty()).then(|| format!(" ({})", t.full))}</dt>
                <dd>{glossary::explanation(t, lang)}</dd>
            }).collect_view()}
        </dl>
    }
}
