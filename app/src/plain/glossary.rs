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

use crate::i18n::Lang;

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
    /// Plain explanation in Dutch (B1: short sentences, everyday words) and English.
    pub plain: (&'static str, &'static str),
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
        plain: (
            "Hulp van een begeleider die naar uw kind toe komt. Dat kan op school zijn of thuis. \
             Uw kind hoeft dan niet naar een andere plek.",
            "Support from a specialist who comes to your child, at school or at home, so that \
             your child does not have to go somewhere else for it.",
        ),
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
        plain: (
            "Een pakket met extra hulp voor één leerling. Er staat in welke hulp uw kind krijgt. \
             Ook hoe vaak en hoe lang. Vaak betaalt het samenwerkingsverband dit.",
            "A package of extra support for one pupil: which help, how often and for how long. \
             It is often paid for by the regional school partnership (SWV).",
        ),
        forms: &["arrangement", "arrangementen"],
        case_sensitive: false,
    },
    Term {
        key: "basisondersteuning",
        term: "basisondersteuning",
        full: "",
        plain: (
            "De hulp die elke school in de regio zelf moet kunnen geven. Bijvoorbeeld extra uitleg \
             of hulp bij lezen. Hiervoor hoeft niemand iets aan te vragen.",
            "The support every school in the region must be able to give by itself, such as extra \
             explanation or help with reading. Nobody needs to apply for it.",
        ),
        forms: &["basisondersteuning"],
        case_sensitive: false,
    },
    Term {
        key: "beschikking",
        term: "beschikking",
        full: "",
        plain: (
            "Een brief van de gemeente met een besluit. Er staat in welke hulp uw kind krijgt. Ook \
             staat erin voor hoe lang. Bent u het er niet mee eens? Dan kunt u bezwaar maken.",
            "A formal decision letter from the municipality saying which care your child gets and \
             for how long. If you disagree, you can lodge an objection.",
        ),
        forms: &["beschikking", "beschikkingen"],
        case_sensitive: false,
    },
    Term {
        key: "cjg",
        term: "CJG",
        full: "Centrum voor Jeugd en Gezin",
        plain: (
            "Een plek in uw gemeente voor vragen over opgroeien en opvoeden. U kunt er gratis \
             terecht. Niet elke gemeente heeft een CJG.",
            "A place in your municipality for questions about growing up and parenting. Its help \
             is free. Not every municipality has one.",
        ),
        forms: &["cjg", "cjg's", "centrum voor jeugd en gezin"],
        case_sensitive: false,
    },
    Term {
        key: "extra-ondersteuning",
        term: "extra ondersteuning",
        full: "",
        plain: (
            "Hulp die meer is dan wat de school gewoon geeft. Bijvoorbeeld een eigen begeleider of \
             een aparte groep. Vaak is hiervoor een OPP nodig.",
            "Support beyond what the school normally offers, such as a personal support worker or \
             a separate group. It usually needs an OPP.",
        ),
        forms: &["extra ondersteuning"],
        case_sensitive: false,
    },
    Term {
        key: "gezinscoach",
        term: "gezinscoach",
        full: "",
        plain: (
            "Een hulpverlener die het hele gezin helpt. Hij of zij komt vaak bij u thuis. Samen \
             werkt u aan wat beter kan.",
            "A care worker who supports the whole family, often through home visits, and works \
             with you on what you want to improve.",
        ),
        forms: &["gezinscoach", "gezinscoaches"],
        case_sensitive: false,
    },
    Term {
        key: "ggz",
        term: "GGZ",
        full: "geestelijke gezondheidszorg",
        plain: (
            "Zorg voor mensen met psychische problemen. Bijvoorbeeld bij angst, somberheid of \
             ADHD. Voor kinderen heet dit jeugd-ggz.",
            "Mental health care, for example for anxiety, low mood or ADHD. For children it is \
             called youth mental health care (jeugd-ggz).",
        ),
        forms: &["ggz", "geestelijke gezondheidszorg"],
        case_sensitive: false,
    },
    Term {
        key: "groeidocument",
        term: "groeidocument",
        full: "",
        plain: (
            "Een document over de hulp aan uw kind. School, ouders en hulpverleners vullen het \
             samen in. Het groeit mee als er iets verandert. Het is vaak nodig bij een aanvraag.",
            "A document about the support for your child, filled in by school, parents and care \
             workers together. It is updated as things change and is often needed for an \
             application, such as for a TLV.",
        ),
        forms: &["groeidocument", "groeidocumenten"],
        case_sensitive: false,
    },
    Term {
        key: "handelingsplan",
        term: "handelingsplan",
        full: "",
        plain: (
            "Een plan van de school met doelen voor een leerling. Er staat in wat de school doet \
             om die doelen te halen. Na een tijd kijkt de school of het plan werkt.",
            "A school plan with goals for a pupil and what the school will do to reach them. \
             After a while the school checks whether it works.",
        ),
        forms: &["handelingsplan", "handelingsplannen"],
        case_sensitive: false,
    },
    Term {
        key: "iber",
        term: "IB'er",
        full: "intern begeleider",
        plain: (
            "Een medewerker van de basisschool die de extra hulp voor leerlingen regelt. Hij of zij \
             helpt ook de leraren. Met vragen over extra hulp kunt u bij de IB'er terecht.",
            "The staff member at a primary school who organises extra support for pupils and \
             advises the teachers, similar to a special needs coordinator. Ask them about extra \
             help.",
        ),
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
        plain: (
            "Een besluit dat uw kind een bepaalde hulp nodig heeft. Er staat ook in hoeveel hulp. \
             Zonder indicatie wordt sommige hulp niet betaald.",
            "A decision that your child needs a certain kind and amount of care. Some care is only \
             paid for when there is one.",
        ),
        forms: &["indicatie", "indicaties"],
        case_sensitive: false,
    },
    Term {
        key: "jeugdconsulent",
        term: "jeugdconsulent",
        full: "",
        plain: (
            "Iemand van de gemeente die met u bespreekt welke hulp nodig is. Hij of zij kan die \
             hulp ook voor uw kind regelen.",
            "A municipal worker who talks with you about what help is needed and can arrange care \
             for your child.",
        ),
        forms: &["jeugdconsulent", "jeugdconsulenten"],
        case_sensitive: false,
    },
    Term {
        key: "jeugdhulp",
        term: "jeugdhulp",
        full: "",
        plain: (
            "Hulp voor kinderen, jongeren en ouders bij problemen met opgroeien of opvoeden. De \
             gemeente regelt en betaalt deze hulp.",
            "Help for children, young people and parents with problems in growing up or parenting. \
             The municipality arranges and pays for it.",
        ),
        forms: &["jeugdhulp"],
        case_sensitive: false,
    },
    Term {
        key: "jgz",
        term: "JGZ",
        full: "jeugdgezondheidszorg",
        plain: (
            "De jeugdarts en de jeugdverpleegkundige. Zij volgen hoe uw kind groeit en zich \
             ontwikkelt. Soms ziet uw kind hen op school voor een controle.",
            "Youth health care: the school doctor and nurse, who follow how your child grows and \
             develops, sometimes with check-ups at school.",
        ),
        forms: &["jgz", "jeugdgezondheidszorg"],
        case_sensitive: false,
    },
    Term {
        key: "leerplicht",
        term: "leerplicht",
        full: "",
        plain: (
            "Elk kind in Nederland moet vanaf 5 jaar naar school. Dat staat in de wet. Ouders \
             moeten zorgen dat hun kind naar school gaat.",
            "The legal duty for children in the Netherlands to go to school, from the age of 5. \
             Parents must make sure their child attends.",
        ),
        forms: &["leerplicht"],
        case_sensitive: false,
    },
    Term {
        key: "leerplichtambtenaar",
        term: "leerplichtambtenaar",
        full: "",
        plain: (
            "Iemand van de gemeente die let op de leerplicht. Hij of zij komt in actie als een kind \
             niet naar school gaat. Samen met u zoekt hij of zij een oplossing.",
            "A municipal officer who oversees compulsory schooling. They step in when a child is \
             not going to school and look for a solution together with the family.",
        ),
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
        plain: (
            "Een overleg met u en de mensen die uw kind helpen. Bijvoorbeeld de leraar, de IB'er \
             en iemand van het wijkteam. Samen spreekt u af wat uw kind nodig heeft.",
            "A meeting with you and the different people who support your child, such as the \
             teacher, the school's support coordinator and a local care worker. Together you agree \
             on what your child needs.",
        ),
        forms: &[
            "mdo",
            "mdo's",
            "multidisciplinair overleg",
            "multidisciplinaire overleggen",
        ],
        case_sensitive: false,
    },
    Term {
        key: "ondersteuningsbehoefte",
        term: "ondersteuningsbehoefte",
        full: "",
        plain: (
            "Wat uw kind nodig heeft om goed te leren en zich goed te voelen. Bijvoorbeeld extra \
             uitleg, rust of een vaste plek in de klas.",
            "What your child needs to learn well and feel well, such as extra explanation, quiet \
             or a fixed seat in class.",
        ),
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
        plain: (
            "Een onafhankelijke adviseur die ouders en scholen gratis helpt. Bijvoorbeeld als u het \
             niet eens bent over een plek op school. Of als uw kind thuis zit.",
            "An independent adviser who helps parents and schools free of charge, for example when \
             you disagree about a school place or your child is out of school.",
        ),
        forms: &["onderwijsconsulent", "onderwijsconsulenten"],
        case_sensitive: false,
    },
    Term {
        key: "ontwikkelingsperspectief",
        term: "ontwikkelingsperspectief",
        full: "",
        plain: (
            "Wat de school verwacht dat uw kind aan het eind van de school kan. En naar welke \
             school uw kind daarna kan gaan. Dit staat in het OPP.",
            "What the school expects your child to be able to do by the time they leave, and which \
             kind of school may come next. It is written in the OPP.",
        ),
        forms: &["ontwikkelingsperspectief", "ontwikkelingsperspectieven"],
        case_sensitive: false,
    },
    Term {
        key: "opp",
        term: "OPP",
        full: "ontwikkelingsperspectiefplan",
        plain: (
            "Een plan voor een leerling die extra hulp krijgt. Er staat in wat de school verwacht \
             dat uw kind kan leren. Ook staat erin welke hulp uw kind krijgt. De school maakt het \
             plan samen met u. Voor het deel over de hulp is uw toestemming nodig.",
            "A development plan for a pupil who gets extra support. It says what the school \
             expects your child to reach and which support they get. The school makes it with you \
             and needs your consent for the support part.",
        ),
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
        plain: (
            "De afspraak dat elk kind onderwijs krijgt dat bij hem of haar past. Ook als uw kind \
             extra hulp nodig heeft. Dit staat sinds 2014 in de wet.",
            "The Dutch system, in law since 2014, meant to give every child an education that \
             suits them, including children who need extra support.",
        ),
        forms: &["passend onderwijs"],
        case_sensitive: false,
    },
    Term {
        key: "sbo",
        term: "SBO",
        full: "speciaal basisonderwijs",
        plain: (
            "Een basisschool voor kinderen die meer hulp nodig hebben. De groepen zijn kleiner. Er \
             is meer tijd voor elk kind.",
            "A special primary school for children who need more support than a regular school \
             can give, with smaller classes.",
        ),
        forms: &["sbo", "speciaal basisonderwijs"],
        case_sensitive: false,
    },
    Term {
        key: "so",
        term: "SO",
        full: "speciaal onderwijs",
        plain: (
            "Een school voor kinderen met een beperking, een ziekte of grote problemen. \
             Bijvoorbeeld met gedrag of leren. Uw kind heeft hiervoor een TLV nodig.",
            "A special school for children with a disability, an illness or serious difficulties, \
             for example with behaviour or learning. A child needs a TLV to go there.",
        ),
        // "so" is an ordinary word (and in secondary school "SO" can also mean a short test).
        forms: &["SO", "speciaal onderwijs"],
        case_sensitive: true,
    },
    Term {
        key: "sop",
        term: "SOP",
        full: "schoolondersteuningsprofiel",
        plain: (
            "Een document van de school. Hierin staat welke hulp de school kan geven. Zo ziet u wat \
             de school wel en niet kan.",
            "A document in which a school describes the support it can offer, so you can see what \
             it can and cannot do.",
        ),
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
        plain: (
            "Een groep scholen in uw regio die samenwerken. Samen zorgen zij dat elk kind een goede \
             plek op school krijgt. Het samenwerkingsverband beslist ook over het speciaal \
             onderwijs.",
            "A partnership of the schools in your region. Together they make sure every child has \
             a suitable school place, and they decide on admission to special education.",
        ),
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
        plain: (
            "Een kind dat langere tijd niet naar school gaat, terwijl het wel moet. Vaak is er geen \
             school die past. School, gemeente en ouders zoeken dan samen een oplossing.",
            "A child of school age who has not been going to school for some time, often because \
             no suitable place has been found.",
        ),
        forms: &["thuiszitter", "thuiszitters"],
        case_sensitive: false,
    },
    Term {
        key: "tlv",
        term: "TLV",
        full: "toelaatbaarheidsverklaring",
        plain: (
            "Een besluit dat uw kind naar het speciaal onderwijs mag. Het samenwerkingsverband \
             neemt dit besluit. Zonder dit besluit kan uw kind daar niet beginnen.",
            "A decision by the school partnership (SWV) that your child may go to special \
             education. A child cannot start there without it.",
        ),
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
        plain: (
            "Het advies- en meldpunt voor huiselijk geweld en kindermishandeling. U kunt er gratis \
             en anoniem bellen. Het nummer is 0800-2000.",
            "The Dutch advice and reporting centre for domestic violence and child abuse. You can \
             call free of charge and anonymously on 0800-2000.",
        ),
        // "veilig thuis" (safe at home) is an ordinary phrase; only the name is marked.
        forms: &["Veilig Thuis"],
        case_sensitive: true,
    },
    Term {
        key: "vso",
        term: "VSO",
        full: "voortgezet speciaal onderwijs",
        plain: (
            "Speciaal onderwijs voor jongeren vanaf ongeveer 12 jaar. Ook hiervoor is een TLV \
             nodig.",
            "Special secondary education, for young people from about the age of 12. It also needs \
             a TLV.",
        ),
        forms: &["vso", "voortgezet speciaal onderwijs"],
        case_sensitive: false,
    },
    Term {
        key: "wijkteam",
        term: "wijkteam",
        full: "",
        plain: (
            "Een team van hulpverleners in uw buurt. U kunt er terecht met vragen over opvoeden, \
             geld of zorg. Meestal kost hun hulp niets.",
            "A team of care workers in your neighbourhood. You can go to them with questions about \
             parenting, money or care. Their help is usually free.",
        ),
        forms: &["wijkteam", "wijkteams"],
        case_sensitive: false,
    },
    Term {
        key: "zat",
        term: "ZAT",
        full: "zorg- en adviesteam",
        plain: (
            "Een team van mensen van school en van buiten school. Bijvoorbeeld de jeugdarts en \
             iemand van het wijkteam. Zij praten over leerlingen die extra hulp nodig hebben. \
             Meestal vraagt de school u eerst om toestemming.",
            "A team of school staff and outside professionals, such as the school doctor and a \
             local care worker, who discuss pupils who need extra support. The school usually \
             asks your permission first.",
        ),
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
        plain: (
            "Een medewerker van de middelbare school die de extra hulp voor leerlingen regelt. Hij \
             of zij praat met leraren, ouders en hulpverleners.",
            "The staff member at a secondary school who organises extra support for pupils and \
             keeps in touch with teachers, parents and care workers.",
        ),
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
        key: "zorgplicht",
        term: "zorgplicht",
        full: "",
        plain: (
            "Meldt u uw kind aan bij een school? Dan moet die school een goede plek zoeken. Dat \
             geldt ook als uw kind extra hulp nodig heeft. Kan de school dat zelf niet? Dan zoekt \
             zij een andere school die het wel kan.",
            "Once you apply to a school, it has a duty to find a suitable place for your child, \
             also when your child needs extra support: at the school itself or at another school.",
        ),
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
    match lang {
        Lang::Nl => t.plain.0,
        Lang::En => t.plain.1,
    }
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
        let lower_first = c.to_lowercase().next();
        let mut best: Option<(usize, &'static Term)> = None;
        for t in TERMS {
            for form in t.forms {
                // Quick reject on the first character before the full comparison.
                let first = form.chars().next();
                if first != Some(c) && first != lower_first {
                    continue;
                }
                let exact = t.case_sensitive && form.chars().any(char::is_uppercase);
                let Some(len) = match_form(rest, form, !exact) else {
                    continue;
                };
                let ends_clean = !rest[len..].chars().next().is_some_and(is_word_char);
                if ends_clean && best.is_none_or(|(b, _)| len > b) {
                    best = Some((len, t));
                }
            }
        }
        if let Some((len, t)) = best {
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
