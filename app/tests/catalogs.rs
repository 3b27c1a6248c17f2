//! The language catalogs, checked against the Dutch one: every key, the same placeholders, and
//! each language's own plural forms (CLDR). The build already refuses an incomplete catalog; this
//! test says what is wrong in plain words, and checks what the build does not: that no Dutch
//! sentence was left untranslated and that the plural rules pick a form each catalog has.

use app::i18n::catalog_file::{check, parse, Catalog, Entry, LANGUAGES};
use app::i18n::{k, t, tn, Lang};

fn load(code: &str) -> Catalog {
    let path = format!("{}/locales/{code}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_catalog_has_every_dutch_key_placeholder_and_plural_form() {
    let nl = load("nl");
    assert!(
        nl.order.len() > 600,
        "the Dutch catalog has {} keys",
        nl.order.len()
    );
    for (code, _) in LANGUAGES {
        let problems = check(code, &load(code), &nl);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

#[test]
fn the_check_finds_a_missing_key_a_lost_placeholder_and_a_missing_plural_form() {
    let nl = parse(
        "a = \"Hallo {name}\"\nb[one] = \"{n} ding\"\nb[other] = \"{n} dingen\"\nc = \"Ja\"\n",
    )
    .unwrap();
    let pl = parse("a = \"Cześć\"\nb[one] = \"{n} rzecz\"\nb[other] = \"{n} rzeczy\"\n").unwrap();
    let problems = check("pl", &pl, &nl);
    assert!(
        problems.iter().any(|p| p.contains("`c` is missing")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`a` has other placeholders")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("`b` needs the forms")),
        "{problems:?}"
    );
    assert!(parse("a = Hallo\n").is_err(), "a text must be quoted");
    assert!(
        parse("a = \"x\"\na = \"y\"\n").is_err(),
        "a key may appear once"
    );
}

/// No sentence of three words or more is the same as the Dutch one: that would be Dutch left
/// behind on a family's page. Texts that are names or codes in every language are listed here.
#[test]
fn no_dutch_sentence_is_left_in_another_language() {
    let nl = load("nl");
    let same_everywhere = ["date_long", "sync_date_at_time"];
    for (code, _) in LANGUAGES.iter().filter(|(c, _)| *c != "nl" && *c != "en") {
        let cat = load(code);
        let mut left = Vec::new();
        for key in &nl.order {
            if same_everywhere.contains(&key.as_str()) {
                continue;
            }
            if let (Some(Entry::Text(d)), Some(Entry::Text(o))) =
                (nl.entries.get(key), cat.entries.get(key))
            {
                if d.split_whitespace().count() >= 3 && d == o {
                    left.push(key.clone());
                }
            }
        }
        assert!(left.is_empty(), "{code}: still Dutch: {left:?}");
    }
}

#[test]
fn plurals_pick_the_right_form_in_each_language() {
    assert_eq!(
        tn(Lang::Nl, k::error_things_to_fix, 1, &[]),
        "Er is 1 ding dat u nog moet verbeteren."
    );
    assert_eq!(
        tn(Lang::Nl, k::error_things_to_fix, 3, &[]),
        "Er zijn 3 dingen die u nog moet verbeteren."
    );
    for lang in Lang::ALL {
        for n in [0, 1, 2, 3, 5, 11, 22, 100, 101] {
            let text = tn(lang, k::agenda_n_minutes, n, &[]);
            assert!(
                !text.is_empty() && !text.contains('{'),
                "{lang:?} {n}: {text}"
            );
        }
    }
    // Polish and Ukrainian say 2, 3 and 4 differently from 5.
    for lang in [Lang::Pl, Lang::Uk] {
        assert_ne!(
            tn(lang, k::agenda_n_minutes, 3, &[]).replace('3', "#"),
            tn(lang, k::agenda_n_minutes, 5, &[]).replace('5', "#"),
            "{lang:?}"
        );
    }
}

#[test]
fn dates_are_written_in_the_language() {
    let when = app::domain::LocalTime::parse("2026-12-03T15:30").unwrap();
    assert_eq!(when.date_long(Lang::Nl), "donderdag 3 december 2026");
    assert_eq!(when.date_long(Lang::En), "Thursday 3 December 2026");
    for lang in [Lang::Ar, Lang::Tr, Lang::Pl, Lang::Uk] {
        let d = when.date_long(lang);
        assert!(
            d.contains("2026") && !d.contains("december") && !d.contains('{'),
            "{lang:?}: {d}"
        );
    }
    assert_eq!(
        t(Lang::Ar, k::date_thursday)
            .chars()
            .next()
            .map(|c| c.is_alphabetic()),
        Some(true)
    );
}

/// Keys whose texts only professionals read (the coordinator's and the coach's tools). Families
/// never see them, so the readability rule below does not apply to them.
const PROFESSIONAL_ONLY: [&str; 2] = ["sync_", "school_admin_"];

/// Family texts of 8 words or more that score below Flesch-Douma 60, each with the reason it may.
const READABILITY_EXCEPTIONS: [(&str, &str); 2] = [
    (
        "error_only_the_coordinator_makes_an",
        "only a professional who invites another professional sees it",
    ),
    (
        "error_signing_in_with_a_passkey",
        "passkeys are for professionals; families sign in with their link",
    ),
];

/// Every Dutch text a family sees (questions, help texts, explanations, errors, pages, the
/// glossary) is easy to read: a text of 8 words or more scores Flesch-Douma 60 or higher.
#[test]
fn our_dutch_family_texts_are_easy_to_read() {
    use app::plain::readability;
    let nl = load("nl");
    let mut hard = Vec::new();
    let mut measured = 0;
    for key in &nl.order {
        if PROFESSIONAL_ONLY.iter().any(|p| key.starts_with(p)) {
            continue;
        }
        let texts: Vec<&String> = match &nl.entries[key] {
            Entry::Text(t) => vec![t],
            Entry::Plural(f) => f.values().collect(),
        };
        for text in texts {
            let report = readability::check(text, Lang::Nl);
            if report.words < 8 {
                continue;
            }
            measured += 1;
            let score = report.score.unwrap_or(0.0);
            let excused = READABILITY_EXCEPTIONS.iter().any(|(k, _)| k == key);
            if score < 60.0 && !excused {
                hard.push(format!("{key} ({score:.0}): {text}"));
            }
        }
    }
    assert!(measured > 150, "only {measured} texts measured");
    assert!(
        hard.is_empty(),
        "{} texts are hard to read:\n{}",
        hard.len(),
        hard.join("\n")
    );
}

/// A `_je` text is the young reader's form of another text: that text exists, and a young reader
/// gets it while everyone else keeps the "u" form.
#[test]
fn young_readers_get_the_je_form() {
    let nl = load("nl");
    let je: Vec<&String> = nl.order.iter().filter(|k| k.ends_with("_je")).collect();
    assert!(je.len() >= 20, "{} je forms", je.len());
    for key in je {
        let base = key.trim_end_matches("_je");
        assert!(nl.entries.contains_key(base), "{key} has no text {base}");
    }
    use app::i18n::{tj, tnj};
    assert_eq!(
        tj(Lang::Nl, false, k::agenda_what_do_you_want_to),
        t(Lang::Nl, k::agenda_what_do_you_want_to)
    );
    assert!(tj(Lang::Nl, false, k::agenda_what_do_you_want_to).starts_with("Waar wilt u"));
    assert!(tj(Lang::Nl, true, k::agenda_what_do_you_want_to).starts_with("Waar wil je"));
    assert_eq!(
        tnj(Lang::Nl, true, k::error_things_to_fix, 2, &[]),
        "Er zijn 2 dingen die je nog moet verbeteren."
    );
    assert_eq!(
        tnj(Lang::Nl, false, k::error_things_to_fix, 2, &[]),
        "Er zijn 2 dingen die u nog moet verbeteren."
    );
    // A text without a je form reads the same for everyone.
    assert_eq!(tj(Lang::Nl, true, k::ui_read_aloud), "Lees voor");
}
