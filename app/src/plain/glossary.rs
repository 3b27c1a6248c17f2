//! Glossary of school-and-care jargon, with plain explanations in Dutch (B1) and English, and a
//! matcher that finds those terms in a professional's text so the page can mark and explain them.
//!
//! Matching rules, in short:
//! - A match stands on its own: the character before and after it is not a letter or digit
//!   (Unicode aware). So "opp" is not found inside "oppassen" or "stoppen", and "jeugdhulp" is not
//!   found inside "jeugdhulpverlener". A hyphen is not a letter, so in "OPP-gesprek" the "OPP" is
//!   marked; the rest of the compound is left alone.
//! - Case is ignored (Unicode lowercasing), except for terms with `case_sensitive` set: their forms
//!   that contain capitals match only exactly as written (so the Dutch word "sop" or "zat" is never
//!   marked, but "SOP" and "ZAT" are).
//! - Plurals and other inflections are listed per term in `forms`.
//! - A typographic apostrophe (’, ‘, ʼ or ´) matches `'`, and a Unicode hyphen matches `-`.
//! - A space in a form matches any run of whitespace, including a line break.
//! - At each position the longest matching form wins, and matches never overlap.

use crate::i18n::{k, Key, Lang};

/// One glossary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Stable key, lowercase ascii (letters, digits and `-`), used as anchor id on the glossary
    /// page (e.g. "opp").
    pub key: &'static str,
    /// The term as usually written (e.g. "OPP").
    pub term: &'static str,
    /// Full name, if an abbreviation (Dutch), e.g. "ontwikkelingsperspectiefplan"; "" if none.
    pub full: &'static str,
    /// Plain explanation (B1: short sentences, everyday words), in the catalogs.
    pub plain: Key,
    /// Forms to match, including plurals and inflections, e.g. `["opp", "opp's",
    /// "ontwikkelingsperspectiefplan", "ontwikkelingsperspectiefplannen"]`. Written in lowercase,
    /// except the forms of a case-sensitive term that must match exactly as written ("SOP").
    pub forms: &'static [&'static str],
    /// Whether the forms written with capitals match only exactly as written. Set for short
    /// abbreviations that collide with ordinary words (SO/so, SOP/sop, ZAT/zat) and for names that
    /// read as ordinary words in lowercase ("Veilig Thuis" / "veilig thuis"). Lowercase forms of
    /// such a term (the full name) still match in any case.
    pub case_sensitive: bool,
}

/// A term found in a text by [`find`].
///
/// Non-overlapping matches, left to right, longest form first at each position; byte offsets into
/// `text` on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Byte offset where the match starts.
    pub start: usize,
    /// Byte offset just after the match.
    pub end: usize,
    /// The [`Term::key`] of the matched term.
    pub key: &'static str,
}

/// A piece of text for display, from [`pieces`].
///
/// Splits text into pieces for display: plain text and marked terms, in order, covering the whole
/// text exactly once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Ordinary text (never empty).
    Text(&'a str),
    /// A glossary term as written in the text, with its entry.
    Term(&'a str, &'static Term),
}

/// The glossary, in alphabetical order of key.
pub static TERMS: &[Term] = &[
    Term {
        key: "ambulante-begeleiding",
        term: "ambulante begeleiding",
        full: "",
        plain: k::gl_ambulante_begeleiding,
        forms: &[
            "ambulante begeleiding",
            "ambulant begeleider",
            "ambulant begeleiders",
        ],
        case_sensitive: false,
    },
    Term {
        key: "arrangement",
        term: "arrangement",
        full: "",
        plain: k::gl_arrangement,
        forms: &["arrangement", "arrangementen"],
        case_sensitive: false,
    },
    Term {
        key: "basisondersteuning",
        term: "basisondersteuning",
        full: "",
        plain: k::gl_basisondersteuning,
        forms: &["basisondersteuning"],
        case_sensitive: false,
    },
    Term {
        key: "beschikking",
        term: "beschikking",
        full: "",
        plain: k::gl_beschikking,
        forms: &["beschikking", "beschikkingen"],
        case_sensitive: false,
    },
    Term {
        key: "cjg",
        term: "CJG",
        full: "Centrum voor Jeugd en Gezin",
        plain: k::gl_cjg,
        forms: &["cjg", "cjg's", "centrum voor jeugd en gezin"],
        case_sensitive: false,
    },
    Term {
        key: "extra-ondersteuning",
        term: "extra ondersteuning",
        full: "",
        plain: k::gl_extra_ondersteuning,
        forms: &["extra ondersteuning"],
        case_sensitive: false,
    },
    Term {
        key: "gezinscoach",
        term: "gezinscoach",
        full: "",
        plain: k::gl_gezinscoach,
        forms: &["gezinscoach", "gezinscoaches"],
        case_sensitive: false,
    },
    Term {
        key: "ggz",
        term: "GGZ",
        full: "geestelijke gezondheidszorg",
        plain: k::gl_ggz,
        forms: &["ggz", "geestelijke gezondheidszorg"],
        case_sensitive: false,
    },
    Term {
        key: "groeidocument",
        term: "groeidocument",
        full: "",
        plain: k::gl_groeidocument,
        forms: &["groeidocument", "groeidocumenten"],
        case_sensitive: false,
    },
    Term {
        key: "handelingsplan",
        term: "handelingsplan",
        full: "",
        plain: k::gl_handelingsplan,
        forms: &["handelingsplan", "handelingsplannen"],
        case_sensitive: false,
    },
    Term {
        key: "iber",
        term: "IB'er",
        full: "intern begeleider",
        plain: k::gl_iber,
        forms: &[
            "ib'er",
            "ib'ers",
            "ib'er's",
            "ib-er",
            "ib-ers",
            "intern begeleider",
            "interne begeleider",
            "intern begeleiders",
            "interne begeleiders",
        ],
        case_sensitive: false,
    },
    Term {
        key: "indicatie",
        term: "indicatie",
        full: "",
        plain: k::gl_indicatie,
        forms: &["indicatie", "indicaties"],
        case_sensitive: false,
    },
    Term {
        key: "jeugdconsulent",
        term: "jeugdconsulent",
        full: "",
        plain: k::gl_jeugdconsulent,
        forms: &["jeugdconsulent", "jeugdconsulenten"],
        case_sensitive: false,
    },
    Term {
        key: "jeugdhulp",
        term: "jeugdhulp",
        full: "",
        plain: k::gl_jeugdhulp,
        forms: &["jeugdhulp"],
        case_sensitive: false,
    },
    Term {
        key: "jgz",
        term: "JGZ",
        full: "jeugdgezondheidszorg",
        plain: k::gl_jgz,
        forms: &["jgz", "jeugdgezondheidszorg"],
        case_sensitive: false,
    },
    Term {
        key: "kwalificatieplicht",
        term: "kwalificatieplicht",
        full: "",
        plain: k::gl_kwalificatieplicht,
        forms: &["kwalificatieplicht"],
        case_sensitive: false,
    },
    Term {
        key: "leerplicht",
        term: "leerplicht",
        full: "",
        plain: k::gl_leerplicht,
        forms: &["leerplicht"],
        case_sensitive: false,
    },
    Term {
        key: "leerplichtambtenaar",
        term: "leerplichtambtenaar",
        full: "",
        plain: k::gl_leerplichtambtenaar,
        forms: &[
            "leerplichtambtenaar",
            "leerplichtambtenaren",
            "leerplichtambtenaars",
        ],
        case_sensitive: false,
    },
    Term {
        key: "mdo",
        term: "MDO",
        full: "multidisciplinair overleg",
        plain: k::gl_mdo,
        forms: &[
            "mdo",
            "mdo's",
            "multidisciplinair overleg",
            "multidisciplinaire overleggen",
        ],
        case_sensitive: false,
    },
    Term {
        key: "mentor",
        term: "mentor",
        full: "",
        plain: k::gl_mentor,
        forms: &["mentor", "mentoren", "mentors"],
        case_sensitive: false,
    },
    Term {
        key: "ondersteuningsbehoefte",
        term: "ondersteuningsbehoefte",
        full: "",
        plain: k::gl_ondersteuningsbehoefte,
        forms: &[
            "ondersteuningsbehoefte",
            "ondersteuningsbehoeften",
            "ondersteuningsbehoeftes",
        ],
        case_sensitive: false,
    },
    Term {
        key: "onderwijsconsulent",
        term: "onderwijsconsulent",
        full: "",
        plain: k::gl_onderwijsconsulent,
        forms: &["onderwijsconsulent", "onderwijsconsulenten"],
        case_sensitive: false,
    },
    Term {
        key: "ontwikkelingsperspectief",
        term: "ontwikkelingsperspectief",
        full: "",
        plain: k::gl_ontwikkelingsperspectief,
        forms: &["ontwikkelingsperspectief", "ontwikkelingsperspectieven"],
        case_sensitive: false,
    },
    Term {
        key: "opp",
        term: "OPP",
        full: "ontwikkelingsperspectiefplan",
        plain: k::gl_opp,
        forms: &[
            "opp",
            "opp's",
            "ontwikkelingsperspectiefplan",
            "ontwikkelingsperspectiefplannen",
        ],
        case_sensitive: false,
    },
    Term {
        key: "passend-onderwijs",
        term: "passend onderwijs",
        full: "",
        plain: k::gl_passend_onderwijs,
        forms: &["passend onderwijs"],
        case_sensitive: false,
    },
    Term {
        key: "sbo",
        term: "SBO",
        full: "speciaal basisonderwijs",
        plain: k::gl_sbo,
        forms: &["sbo", "speciaal basisonderwijs"],
        case_sensitive: false,
    },
    Term {
        key: "so",
        term: "SO",
        full: "speciaal onderwijs",
        plain: k::gl_so,
        // "so" is an ordinary word (and in secondary school "SO" can also mean a short test).
        forms: &["SO", "speciaal onderwijs"],
        case_sensitive: true,
    },
    Term {
        key: "sop",
        term: "SOP",
        full: "schoolondersteuningsprofiel",
        plain: k::gl_sop,
        // "sop" is an ordinary Dutch word (soapy water).
        forms: &[
            "SOP",
            "SOP's",
            "schoolondersteuningsprofiel",
            "schoolondersteuningsprofielen",
        ],
        case_sensitive: true,
    },
    Term {
        key: "swv",
        term: "SWV",
        full: "samenwerkingsverband",
        plain: k::gl_swv,
        forms: &[
            "swv",
            "swv's",
            "samenwerkingsverband",
            "samenwerkingsverbanden",
            "samenwerkingsverband passend onderwijs",
        ],
        case_sensitive: false,
    },
    Term {
        key: "thuiszitter",
        term: "thuiszitter",
        full: "",
        plain: k::gl_thuiszitter,
        forms: &["thuiszitter", "thuiszitters"],
        case_sensitive: false,
    },
    Term {
        key: "tlv",
        term: "TLV",
        full: "toelaatbaarheidsverklaring",
        plain: k::gl_tlv,
        forms: &[
            "tlv",
            "tlv's",
            "toelaatbaarheidsverklaring",
            "toelaatbaarheidsverklaringen",
        ],
        case_sensitive: false,
    },
    Term {
        key: "veilig-thuis",
        term: "Veilig Thuis",
        full: "",
        plain: k::gl_veilig_thuis,
        // "veilig thuis" (safe at home) is an ordinary phrase; only the name is marked.
        forms: &["Veilig Thuis"],
        case_sensitive: true,
    },
    Term {
        key: "vso",
        term: "VSO",
        full: "voortgezet speciaal onderwijs",
        plain: k::gl_vso,
        forms: &["vso", "voortgezet speciaal onderwijs"],
        case_sensitive: false,
    },
    Term {
        key: "wijkteam",
        term: "wijkteam",
        full: "",
        plain: k::gl_wijkteam,
        forms: &["wijkteam", "wijkteams"],
        case_sensitive: false,
    },
    Term {
        key: "zat",
        term: "ZAT",
        full: "zorg- en adviesteam",
        plain: k::gl_zat,
        // "zat" is an ordinary Dutch word (sat; fed up).
        forms: &[
            "ZAT",
            "ZAT's",
            "zorg- en adviesteam",
            "zorgadviesteam",
            "zorg- en adviesteams",
            "zorgadviesteams",
        ],
        case_sensitive: true,
    },
    Term {
        key: "zorgcoordinator",
        term: "zorgcoördinator",
        full: "",
        plain: k::gl_zorgcoordinator,
        forms: &[
            "zorgcoördinator",
            "zorgcoördinatoren",
            "zorgcoordinator",
            "zorgcoordinatoren",
            "zorg-coördinator",
            "zorg-coördinatoren",
        ],
        case_sensitive: false,
    },
    Term {
        key: "zorgplan",
        term: "zorgplan",
        full: "",
        plain: k::gl_zorgplan,
        forms: &["zorgplan", "zorgplannen"],
        case_sensitive: false,
    },
    Term {
        key: "zorgplicht",
        term: "zorgplicht",
        full: "",
        plain: k::gl_zorgplicht,
        forms: &["zorgplicht"],
        case_sensitive: false,
    },
];

/// The term with this key, if any (keys are matched exactly).
pub fn term(key: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.key == key)
}

/// The plain explanation of `t` in the given language.
pub fn explanation(t: &Term, lang: Lang) -> &'static str {
    crate::i18n::t(lang, t.plain)
}

/// Finds the glossary terms in `text`: non-overlapping matches, left to right, longest form first
/// at each position, as byte offsets into `text` on char boundaries. See the module docs for the
/// matching rules.
pub fn find(text: &str) -> Vec<Found> {
    find_terms(text)
        .into_iter()
        .map(|(start, end, t)| Found {
            start,
            end,
            key: t.key,
        })
        .collect()
}

/// Splits `text` into plain text and marked terms, in order, covering the whole text exactly once
/// (joining the pieces gives back `text`). Empty text gives no pieces.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, t) in find_terms(text) {
        if start > at {
            out.push(Piece::Text(&text[at..start]));
        }
        out.push(Piece::Term(&text[start..end], t));
        at = end;
    }
    if at < text.len() {
        out.push(Piece::Text(&text[at..]));
    }
    out
}

/// A letter or digit, or a combining mark that belongs to one: what may not touch a match.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Maps typographic apostrophes and Unicode hyphens to their ASCII forms.
fn normalize(c: char) -> char {
    match c {
        '’' | '‘' | 'ʼ' | '´' => '\'',
        '‐' | '‑' => '-',
        other => other,
    }
}

/// Every form of every term, by its first character, with the term's place in [`TERMS`]: a word
/// is compared only with the forms that can start it (pages mark terms on every render).
type FormIndex = std::collections::HashMap<char, Vec<(usize, &'static Term, &'static str)>>;
static FORMS_BY_FIRST: std::sync::LazyLock<FormIndex> = std::sync::LazyLock::new(|| {
    let mut index = FormIndex::new();
    for (n, t) in TERMS.iter().enumerate() {
        for form in t.forms {
            if let Some(first) = form.chars().next() {
                index.entry(first).or_default().push((n, t, form));
            }
        }
    }
    index
});

/// All matches with their entries; the core of [`find`] and [`pieces`].
fn find_terms(text: &str) -> Vec<(usize, usize, &'static Term)> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut skip_until = 0;
    for (pos, c) in text.char_indices() {
        let at_boundary = !prev.is_some_and(is_word_char);
        prev = Some(c);
        if pos < skip_until || !at_boundary || !c.is_alphanumeric() {
            continue;
        }
        let rest = &text[pos..];
        let lower_first = c.to_lowercase().next().filter(|l| *l != c);
        // (length, the term's place in TERMS, the term): the longest match wins, then the
        // earliest term, as when every form is tried in order.
        let mut best: Option<(usize, usize, &'static Term)> = None;
        let starting = |ch: char| FORMS_BY_FIRST.get(&ch).map(Vec::as_slice).unwrap_or(&[]);
        for &(n, t, form) in starting(c)
            .iter()
            .chain(lower_first.map(starting).unwrap_or(&[]))
        {
            let exact = t.case_sensitive && form.chars().any(char::is_uppercase);
            let Some(len) = match_form(rest, form, !exact) else {
                continue;
            };
            let ends_clean = !rest[len..].chars().next().is_some_and(is_word_char);
            if ends_clean && best.is_none_or(|(b, bn, _)| len > b || (len == b && n < bn)) {
                best = Some((len, n, t));
            }
        }
        if let Some((len, _, t)) = best {
            out.push((pos, pos + len, t));
            skip_until = pos + len;
        }
    }
    out
}

/// If `rest` starts with `form`, the byte length of the matching prefix of `rest`.
///
/// With `fold`, each text character is lowercased before comparing (`form` is lowercase). A space
/// in `form` matches one or more whitespace characters. The match always ends on a char boundary.
fn match_form(rest: &str, form: &str, fold: bool) -> Option<usize> {
    let mut form_chars = form.chars();
    let mut text_chars = rest.char_indices().peekable();
    while let Some(fc) = form_chars.next() {
        if fc == ' ' {
            let mut any = false;
            while text_chars.next_if(|&(_, tc)| tc.is_whitespace()).is_some() {
                any = true;
            }
            if !any {
                return None;
            }
            continue;
        }
        let (_, tc) = text_chars.next()?;
        let tc = normalize(tc);
        if fold {
            // A lowercase expansion of several chars must match that many form chars.
            let mut lower = tc.to_lowercase();
            if lower.next() != Some(fc) {
                return None;
            }
            for lc in lower {
                if form_chars.next() != Some(lc) {
                    return None;
                }
            }
        } else if tc != fc {
            return None;
        }
    }
    Some(text_chars.peek().map_or(rest.len(), |&(i, _)| i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plain::readability;

    /// (start, end, key) triples, for short assertions.
    fn spans(text: &str) -> Vec<(usize, usize, &'static str)> {
        find(text)
            .into_iter()
            .map(|f| (f.start, f.end, f.key))
            .collect()
    }

    /// The matched substrings with their keys.
    fn hits(text: &str) -> Vec<(&str, &'static str)> {
        find(text)
            .into_iter()
            .map(|f| (&text[f.start..f.end], f.key))
            .collect()
    }

    fn rejoin(text: &str) -> String {
        pieces(text)
            .into_iter()
            .map(|p| match p {
                Piece::Text(s) | Piece::Term(s, _) => s,
            })
            .collect()
    }

    #[test]
    fn word_boundaries() {
        assert!(find("We gaan oppassen en stoppen.").is_empty());
        assert_eq!(hits("Dit loopt via het SWV."), [("SWV", "swv")]);
        assert_eq!(hits("Het plan (OPP) is klaar."), [("OPP", "opp")]);
        assert_eq!(hits("(SWV)"), [("SWV", "swv")]);
        assert_eq!(spans("OPP is klaar"), [(0, 3, "opp")]);
        assert_eq!(spans("over het OPP"), [(9, 12, "opp")]);
        assert_eq!(spans("SWV"), [(0, 3, "swv")]);
        assert!(find("Het herarrangementje.").is_empty());
        assert!(find("opp2 2opp").is_empty());
    }

    #[test]
    fn arrangements() {
        assert_eq!(
            hits("Het arrangement loopt"),
            [("arrangement", "arrangement")]
        );
        assert_eq!(
            hits("Twee arrangementen."),
            [("arrangementen", "arrangement")]
        );
    }

    #[test]
    fn hyphenated_compounds() {
        assert_eq!(spans("OPP-gesprek"), [(0, 3, "opp")]);
        assert_eq!(hits("Het MDO-verslag."), [("MDO", "mdo")]);
        assert_eq!(hits("Het OPP‑gesprek"), [("OPP", "opp")]);
        assert!(find("De jeugdhulpverlener belt.").is_empty());
        assert_eq!(hits("jeugd-ggz"), [("ggz", "ggz")]);
    }

    #[test]
    fn inflections() {
        let cases = [
            ("De IB'ers overleggen.", "IB'ers", "iber"),
            ("Het is de IB'er's taak.", "IB'er's", "iber"),
            ("Alle OPP's zijn klaar.", "OPP's", "opp"),
            ("Er zijn veel thuiszitters.", "thuiszitters", "thuiszitter"),
            ("De wijkteams helpen.", "wijkteams", "wijkteam"),
            ("Twee gezinscoaches.", "gezinscoaches", "gezinscoach"),
            (
                "De zorgcoördinatoren.",
                "zorgcoördinatoren",
                "zorgcoordinator",
            ),
            ("De zorgcoordinator.", "zorgcoordinator", "zorgcoordinator"),
            ("Twee beschikkingen.", "beschikkingen", "beschikking"),
        ];
        for (text, want, key) in cases {
            assert_eq!(hits(text), [(want, key)], "{text}");
        }
    }

    #[test]
    fn capitals() {
        assert_eq!(hits("JEUGDHULP"), [("JEUGDHULP", "jeugdhulp")]);
        assert_eq!(
            hits("Jeugdhulp is er voor u."),
            [("Jeugdhulp", "jeugdhulp")]
        );
        assert_eq!(hits("Ib'er"), [("Ib'er", "iber")]);
        assert_eq!(
            hits("ZORGCOÖRDINATOR"),
            [("ZORGCOÖRDINATOR", "zorgcoordinator")]
        );
    }

    #[test]
    fn case_sensitive_terms() {
        assert!(find("So we meet. Is het so? Ik zat thuis. Het sop is vies.").is_empty());
        assert!(find("Hij voelt zich veilig thuis. VEILIG THUIS").is_empty());
        assert_eq!(
            hits("Bel Veilig Thuis."),
            [("Veilig Thuis", "veilig-thuis")]
        );
        assert_eq!(hits("Naar het SO."), [("SO", "so")]);
        assert_eq!(hits("Lees het SOP."), [("SOP", "sop")]);
        assert_eq!(hits("Het ZAT komt bijeen."), [("ZAT", "zat")]);
        // The lowercase full names of case-sensitive terms still match in any case.
        assert_eq!(
            hits("Speciaal onderwijs. Het Schoolondersteuningsprofiel."),
            [
                ("Speciaal onderwijs", "so"),
                ("Schoolondersteuningsprofiel", "sop")
            ]
        );
    }

    #[test]
    fn typographic_apostrophe() {
        assert_eq!(hits("De IB’er belt."), [("IB’er", "iber")]);
        assert_eq!(
            hits("De IB’ers en de OPP’s."),
            [("IB’ers", "iber"), ("OPP’s", "opp")]
        );
        assert_eq!(hits("De IB´er."), [("IB´er", "iber")]);
    }

    #[test]
    fn longest_form_wins() {
        assert_eq!(spans("OPP's"), [(0, 5, "opp")]);
        assert_eq!(
            hits("Het samenwerkingsverband passend onderwijs beslist."),
            [("samenwerkingsverband passend onderwijs", "swv")]
        );
        assert_eq!(
            hits("Dus passend onderwijs, via het samenwerkingsverband."),
            [
                ("passend onderwijs", "passend-onderwijs"),
                ("samenwerkingsverband", "swv")
            ]
        );
        // "speciaal onderwijs" inside a longer term is not marked separately.
        assert_eq!(
            hits("Naar het voortgezet speciaal onderwijs."),
            [("voortgezet speciaal onderwijs", "vso")]
        );
        assert_eq!(
            hits("Het speciaal basisonderwijs of speciaal onderwijs."),
            [
                ("speciaal basisonderwijs", "sbo"),
                ("speciaal onderwijs", "so")
            ]
        );
        // "leerplicht" does not match at the start of "leerplichtambtenaar".
        assert_eq!(
            hits("De leerplichtambtenaar en de leerplicht."),
            [
                ("leerplichtambtenaar", "leerplichtambtenaar"),
                ("leerplicht", "leerplicht")
            ]
        );
    }

    #[test]
    fn spaces_in_forms_match_any_whitespace() {
        assert_eq!(
            hits("We bieden extra\n  ondersteuning."),
            [("extra\n  ondersteuning", "extra-ondersteuning")]
        );
        assert_eq!(
            hits("Bel Veilig\u{a0}Thuis"),
            [("Veilig\u{a0}Thuis", "veilig-thuis")]
        );
        assert!(find("extraondersteuning").is_empty());
    }

    #[test]
    fn pieces_rejoin_to_the_original() {
        let long = "Het OPP en de IB’er. ".repeat(5_000);
        let inputs = [
            "",
            " ",
            "OPP",
            "OPP-gesprek met de IB'er over jeugdhulp en het SWV.",
            "😀 OPP 😀 👨‍👩‍👧 SWV🎉",
            "مرحبا OPP بالعالم SWV",
            "שלום IB'er עולם",
            "\u{202E}OPP\u{202C} TLV",
            "İ İOPP OPPİ ǅ ß ﬁ",
            "opp\u{308} OPP\u{301} e\u{308}OPP",
            "'''---...",
            "\0OPP\0",
            "Veilig\r\nThuis",
            long.as_str(),
        ];
        for text in inputs {
            assert_eq!(rejoin(text), text);
            let ps = pieces(text);
            assert!(ps.iter().all(|p| !matches!(p, Piece::Text(""))));
            assert!(ps
                .windows(2)
                .all(|w| !matches!(w, [Piece::Text(_), Piece::Text(_)])));
        }
        assert!(pieces("").is_empty());
        assert_eq!(find(&long).len(), 10_000);
    }

    #[test]
    fn pieces_mark_terms() {
        let ps = pieces("Het OPP.");
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[0], Piece::Text("Het "));
        assert!(matches!(ps[1], Piece::Term("OPP", t) if t.key == "opp"));
        assert_eq!(ps[2], Piece::Text("."));
    }

    #[test]
    fn combining_marks_are_not_boundaries() {
        // A decomposed accent after a match glues it to the next letter.
        assert!(find("OPP\u{301}").is_empty());
        assert!(find("e\u{301}OPP").is_empty());
    }

    #[test]
    fn every_term_is_well_formed() {
        let mut keys: Vec<&str> = Vec::new();
        let mut forms: Vec<String> = Vec::new();
        for t in TERMS {
            assert!(!t.key.is_empty());
            assert!(
                t.key
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "key {}",
                t.key
            );
            assert!(!keys.contains(&t.key), "duplicate key {}", t.key);
            keys.push(t.key);
            assert_eq!(term(t.key), Some(t));

            assert!(!t.term.is_empty());
            let nl = explanation(t, Lang::Nl);
            let en = explanation(t, Lang::En);
            assert!(!nl.trim().is_empty() && !en.trim().is_empty(), "{}", t.key);
            assert_ne!(nl, en);
            let report = readability::check(nl, Lang::Nl);
            assert!(
                report.long_sentences.is_empty(),
                "{}: {:?}",
                t.key,
                report.long_sentences
            );

            assert!(!t.forms.is_empty());
            let has_exact = t.forms.iter().any(|f| f.chars().any(char::is_uppercase));
            assert_eq!(has_exact, t.case_sensitive, "{}", t.key);
            for form in t.forms {
                assert_eq!(form.trim(), *form);
                assert!(!form.contains("  ") && !form.contains('’'), "{form}");
                if !t.case_sensitive {
                    assert_eq!(form.to_lowercase(), *form, "{form}");
                }
                let folded = form.to_lowercase();
                assert!(!forms.contains(&folded), "duplicate form {form}");
                forms.push(folded);

                assert_eq!(spans(form), [(0, form.len(), t.key)], "{form}");
                let text = format!("Zie: {form}.");
                assert_eq!(spans(&text), [(5, 5 + form.len(), t.key)], "{form}");
                // Glued to a letter, the form itself is not found there.
                let glued = format!("x{form}");
                assert!(spans(&glued).iter().all(|s| s.0 != 1), "{form}");
                let glued = format!("{form}x");
                assert!(
                    spans(&glued).iter().all(|s| s.0 != 0 || s.1 < form.len()),
                    "{form}"
                );
            }
            // The usual spelling and the full name are found as this term.
            assert_eq!(spans(t.term), [(0, t.term.len(), t.key)], "{}", t.term);
            if !t.full.is_empty() {
                assert_eq!(spans(t.full), [(0, t.full.len(), t.key)], "{}", t.full);
            }
        }
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "keys sorted");
        assert!(TERMS.len() >= 30);
        assert_eq!(term("OPP"), None);
        assert_eq!(term(""), None);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let big = "x".repeat(100_000);
        for text in ["", "İ", "ß", "\u{308}", "'", "-", "’’’", big.as_str()] {
            let _ = find(text);
            let _ = pieces(text);
        }
    }
}
