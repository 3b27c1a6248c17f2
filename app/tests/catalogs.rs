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
