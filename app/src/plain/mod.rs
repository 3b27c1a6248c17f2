//! Plain language: the glossary of field jargon, marking of jargon in professional text shown to
//! families, and the readability hint professionals see while they write.
//!
//! Pure rules: [`glossary`] (terms and the matcher) and [`readability`] (Flesch-Douma / Flesch,
//! long sentences, long words). Components: [`Marked`] (professional text with its jargon linked to
//! the glossary and explained below it, without JavaScript), [`PlainHint`] (an island that updates
//! the hint as the professional types; without JavaScript it shows the hint for the saved text),
//! and the [`GlossaryPage`] at `/woorden`.

pub mod glossary;
pub mod readability;

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

/// The texts of [`PlainHint`], in the page's language, given to the island as a prop.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HintWords {
    /// The language the typed text is checked in: English on an English page, else Dutch
    /// (professionals write the families' texts in Dutch).
    text_lang: Lang,
    title: String,
    levels: [String; 3],
    reading_ease: String,
    long_sentences: crate::i18n::PluralText,
    long_words: String,
    jargon: String,
}

impl HintWords {
    /// The texts for a page in `lang`.
    pub fn new(lang: Lang) -> HintWords {
        HintWords {
            text_lang: if lang == Lang::En { Lang::En } else { Lang::Nl },
            title: t(lang, k::plain_plain_language_tip).into(),
            levels: [
                k::plain_level_easy,
                k::plain_level_fair,
                k::plain_level_hard,
            ]
            .map(|key| t(lang, key).to_string()),
            reading_ease: t(lang, k::plain_reading_ease).into(),
            long_sentences: crate::i18n::PluralText::new(lang, k::plain_long_sentences),
            long_words: t(lang, k::plain_long_words).into(),
            jargon: t(lang, k::plain_jargon_explain_it).into(),
        }
    }
}

/// The report, as shown under a field.
fn hint_view(text: &str, w: &HintWords) -> AnyView {
    let r = readability::check(text, w.text_lang);
    let jargon: Vec<&'static str> = {
        let mut v: Vec<&'static str> = Vec::new();
        for f in glossary::find(text) {
            if let Some(t) = glossary::term(f.key) {
                if !v.contains(&t.term) {
                    v.push(t.term);
                }
            }
        }
        v
    };
    let empty = r.words == 0;
    let level = r.level();
    // Whole numbers without float formatting, which would add its code to the wasm.
    let score = r
        .score
        .map(|s| (s.round() as i64).to_string())
        .unwrap_or_default();
    let long_s = r.long_sentences.len();
    let long_w = r.long_words.clone();
    view! {
        {(!empty).then(|| view! {
            <p class=format!("level level-{level:?}").to_lowercase()><strong>{w.levels[level as usize].clone()}</strong>
                {crate::i18n::fill(&w.reading_ease, &[("score", &score)])}</p>
            <ul>
                {(long_s > 0).then(|| view! { <li>{w.long_sentences.get(long_s as u64, &[("max", &readability::LONG_SENTENCE_WORDS)])}</li> })}
                {(!long_w.is_empty()).then(|| view! { <li>{w.long_words.clone()}{long_w.join(", ")}</li> })}
                {(!jargon.is_empty()).then(|| view! { <li>{w.jargon.clone()}{jargon.join(", ")}</li> })}
            </ul>
        })}
    }
    .into_any()
}

/// A plain-language hint under a field that professionals fill in for families: readability
/// score, long sentences, long words and jargon. With JavaScript it follows the typing in the
/// field with id `target`; without, it shows the hint for the text as saved.
#[island]
pub fn PlainHint(target: String, text: String, words: HintWords) -> impl IntoView {
    let current = RwSignal::new(text);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let target = target.clone();
        let handle = window_event_listener(leptos::ev::input, move |e| {
            let id = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| el.id())
                .unwrap_or_default();
            if id == target {
                current.set(event_target_value(&e));
            }
        });
        on_cleanup(move || handle.remove());
    }
    view! {
        <div class="plain-hint" id=format!("{target}-plain") aria-live="polite">
            <p class="hint-title">{words.title.clone()}</p>
            {move || hint_view(&current.get(), &words)}
        </div>
    }
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
