//! Readability hint for professionals who write text that parents will read.
//!
//! [`check`] counts sentences, words and syllables, computes a reading-ease score (Flesch-Douma for
//! Dutch, Flesch Reading Ease for English) and lists the sentences and words that are likely to
//! be hard for a reader at language level B1. It is a hint, not a verdict: the counting rules are
//! simple heuristics and they never fail, whatever the input.

use crate::i18n::Lang;

/// A sentence with more words than this is reported as long.
///
/// Dutch plain-language (B1) guidance commonly advises keeping sentences to about 15 words or
/// fewer; the same limit works for English plain-language writing.
pub const LONG_SENTENCE_WORDS: usize = 15;

/// A word with more syllables than this is reported as long.
pub const LONG_WORD_SYLLABLES: usize = 4;

/// A word with more letters than this is reported as long (catches long Dutch compounds).
pub const LONG_WORD_LETTERS: usize = 13;

/// The outcome of [`check`].
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Number of sentences that contain at least one word.
    pub sentences: usize,
    /// Number of words (runs of letters and digits, with inner apostrophes and hyphens).
    pub words: usize,
    /// Total number of syllables, as counted by [`syllables`].
    pub syllables: usize,
    /// Flesch-Douma (Dutch) or Flesch Reading Ease (English); higher is easier. None when there
    /// are no words. The raw formula value is kept: it can fall below 0 or rise above 100.
    pub score: Option<f64>,
    /// Sentences with more than [`LONG_SENTENCE_WORDS`] words (the sentence text, trimmed).
    pub long_sentences: Vec<String>,
    /// Words with more than [`LONG_WORD_SYLLABLES`] syllables, or more than [`LONG_WORD_LETTERS`]
    /// letters (deduplicated ignoring case, in order of appearance, as first written).
    pub long_words: Vec<String>,
}

/// A rough reading level derived from the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Score 60 or higher (or no words at all): fine for most parents.
    Easy,
    /// Score from 40 up to 60: readable with some effort; worth simplifying.
    Fair,
    /// Score below 40: hard for many parents; rewrite in shorter sentences and plainer words.
    Hard,
}

/// Lowest score that counts as [`Level::Easy`].
const EASY_FROM: f64 = 60.0;

/// Lowest score that counts as [`Level::Fair`]. Both the Flesch and the Flesch-Douma scale call
/// scores under 40 or so "difficult", which is well above B1.
const FAIR_FROM: f64 = 40.0;

impl Report {
    /// The reading level for this report: a score of 60 or more is [`Level::Easy`], 40 up to 60 is
    /// [`Level::Fair`], below 40 is [`Level::Hard`]. A text without words is `Easy`.
    pub fn level(&self) -> Level {
        match self.score {
            None => Level::Easy,
            Some(s) if s >= EASY_FROM => Level::Easy,
            Some(s) if s >= FAIR_FROM => Level::Fair,
            Some(_) => Level::Hard,
        }
    }
}

impl Level {
    /// A short plain label for the level, in the given language.
    pub fn label(self, lang: Lang) -> &'static str {
        use crate::i18n::{k, t};
        t(
            lang,
            match self {
                Level::Easy => k::plain_level_easy,
                Level::Fair => k::plain_level_fair,
                Level::Hard => k::plain_level_hard,
            },
        )
    }
}

/// Checks `text` and returns counts, score and the long sentences and words.
///
/// Sentences end at `.`, `!`, `?` and `…`, and at every line break. A full stop (or `…`) does not
/// end a sentence when the next non-space character is a lowercase letter or `,` `;` `:` (so
/// "bijv. een", "o.a. het", "e.g. a" stay inside their sentence), when a letter or digit follows
/// directly ("3.50", "o.a"), after a title such as "dhr." or "Dr.", or after a list number ("1.").
/// A text without end punctuation is one sentence. Only pieces that contain a word count.
pub fn check(text: &str, lang: Lang) -> Report {
    let mut report = Report {
        sentences: 0,
        words: 0,
        syllables: 0,
        score: None,
        long_sentences: Vec::new(),
        long_words: Vec::new(),
    };
    let mut seen_long: Vec<String> = Vec::new();
    for sentence in split_sentences(text) {
        let words = split_words(sentence);
        if words.is_empty() {
            continue;
        }
        report.sentences += 1;
        report.words += words.len();
        if words.len() > LONG_SENTENCE_WORDS {
            report.long_sentences.push(sentence.trim().to_string());
        }
        for word in words {
            let syl = word_syllables(word, lang);
            report.syllables += syl;
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            if syl > LONG_WORD_SYLLABLES || letters > LONG_WORD_LETTERS {
                let folded = word.to_lowercase();
                if !seen_long.contains(&folded) {
                    seen_long.push(folded);
                    report.long_words.push(word.to_string());
                }
            }
        }
    }
    if report.words > 0 && report.sentences > 0 {
        let words = report.words as f64;
        let sentences = report.sentences as f64;
        let syllables = report.syllables as f64;
        let score = match lang {
            Lang::Nl => 206.84 - 0.77 * (100.0 * syllables / words) - 0.93 * (words / sentences),
            // The English formula of Flesch; the other languages have no checked formula here.
            _ => 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words),
        };
        report.score = Some(score);
    }
    report
}

/// Counts the syllables in `word` with the rules for `lang`; at least 1 for a word with letters.
///
/// Dutch: groups of vowels (a e i o u y and their accented forms, with "ij" as one vowel); a
/// diaeresis (ë, ï, ö, ...) starts a new syllable, so "coördinator" has 5 and "ideeën" 3.
/// English: groups of vowels, minus a silent final "e" after a consonant (but not in "-le" after a
/// consonant, as in "table"). Parts joined by a hyphen are counted separately; a number counts as 1
/// syllable. If `word` holds several words, their counts are added up; without letters or digits
/// the result is 0.
pub fn syllables(word: &str, lang: Lang) -> usize {
    split_words(word)
        .into_iter()
        .map(|w| word_syllables(w, lang))
        .sum()
}

/// Title abbreviations that are followed by a name, so their full stop never ends a sentence.
const TITLES: &[&str] = &[
    "dhr", "mevr", "mw", "mr", "mrs", "ms", "dr", "drs", "ir", "ing", "prof", "st",
];

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‽' | '。' | '؟')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '“' | '‘'
    )
}

/// Splits text into sentence slices (terminators included, not trimmed; may contain no words).
fn split_sentences(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if is_line_break(c) {
            out.push(&text[start..pos]);
            start = pos + c.len_utf8();
            i += 1;
            continue;
        }
        if !is_terminator(c) {
            i += 1;
            continue;
        }
        // The run of terminators, e.g. "?!" or "...".
        let mut j = i;
        while j < chars.len() && is_terminator(chars[j].1) {
            j += 1;
        }
        let only_dots = chars[i..j].iter().all(|&(_, c)| c == '.' || c == '…');
        if only_dots && !dots_end_sentence(text, &chars, start, i, j) {
            i = j;
            continue;
        }
        // Closing quotes and brackets belong to the sentence that just ended.
        while j < chars.len() && (is_closer(chars[j].1) || is_terminator(chars[j].1)) {
            j += 1;
        }
        let end = byte_at(j);
        out.push(&text[start..end]);
        start = end;
        i = j;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Whether a run of dots `chars[i..j]` ends the sentence that started at byte `start`.
fn dots_end_sentence(
    text: &str,
    chars: &[(usize, char)],
    start: usize,
    i: usize,
    j: usize,
) -> bool {
    // A letter or digit right after the dot: "3.50", "o.a", "www.school.nl".
    if let Some(&(_, next)) = chars.get(j) {
        if next.is_alphanumeric() {
            return false;
        }
    }
    // The next visible character: lowercase or a comma-like mark continues the sentence.
    let next_visible = chars[j..]
        .iter()
        .map(|&(_, c)| c)
        .find(|c| !c.is_whitespace() || is_line_break(*c));
    if let Some(c) = next_visible {
        if c.is_lowercase() || matches!(c, ',' | ';' | ':') {
            return false;
        }
    }
    // The word right before the dots.
    let before = &text[start..chars[i].0];
    let last_word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .flat_map(char::to_lowercase)
        .collect();
    if TITLES.contains(&last_word.as_str()) && i + 1 == j {
        return false;
    }
    // A list number such as "1." at the start of a line or sentence.
    let trimmed = before.trim();
    if !trimmed.is_empty() && trimmed.chars().all(|c| c.is_ascii_digit()) && i + 1 == j {
        return false;
    }
    true
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining(c)
}

/// Combining diacritical marks (decomposed accents), which belong to the letter before them.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '´' | '‘')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Words: runs of letters and digits, with apostrophes and hyphens kept when they sit between two
/// word characters ("IB'er", "zorg-coördinator").
fn split_words(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i;
        loop {
            if j < chars.len() && is_word_char(chars[j].1) {
                j += 1;
            } else if j + 1 < chars.len()
                && (is_apostrophe(chars[j].1) || is_hyphen(chars[j].1))
                && chars[j + 1].1.is_alphanumeric()
            {
                j += 2;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        out.push(&text[start..end]);
        i = j;
    }
    out
}

/// Syllables of one word from [`split_words`]: hyphen-separated parts are counted on their own.
fn word_syllables(word: &str, lang: Lang) -> usize {
    word.split(is_hyphen)
        .map(|part| part_syllables(part, lang))
        .sum()
}

/// A letter reduced to its base vowel, with whether it carries a diaeresis.
struct Unit {
    base: char,
    diaeresis: bool,
}

fn base_letter(c: char) -> (char, bool) {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => ('a', false),
        'ä' => ('a', true),
        'è' | 'é' | 'ê' | 'ē' | 'ė' | 'ę' => ('e', false),
        'ë' => ('e', true),
        'ì' | 'í' | 'î' | 'ī' | 'ĳ' => ('i', false),
        'ï' => ('i', true),
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' => ('o', false),
        'ö' => ('o', true),
        'ù' | 'ú' | 'û' | 'ū' => ('u', false),
        'ü' => ('u', true),
        'ý' => ('y', false),
        'ÿ' => ('y', true),
        other => (other, false),
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

fn part_syllables(part: &str, lang: Lang) -> usize {
    let mut units: Vec<Unit> = Vec::new();
    let mut has_digit = false;
    for c in part.chars().flat_map(char::to_lowercase) {
        if c == '\u{308}' {
            // A decomposed diaeresis marks the letter before it.
            if let Some(last) = units.last_mut() {
                last.diaeresis = true;
            }
        } else if is_combining(c) {
            // Other accents do not change the count.
        } else if c.is_alphabetic() {
            let (base, diaeresis) = base_letter(c);
            units.push(Unit { base, diaeresis });
        } else if c.is_numeric() {
            has_digit = true;
        } else {
            // Apostrophes separate vowel groups like consonants do.
            units.push(Unit {
                base: '\'',
                diaeresis: false,
            });
        }
    }
    let has_letter = units.iter().any(|u| u.base.is_alphabetic());
    if !has_letter {
        return usize::from(has_digit);
    }

    let mut count = 0usize;
    let mut in_group = false;
    for (k, unit) in units.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|p| units.get(p)).map(|u| u.base);
        let next = units.get(k + 1).map(|u| u.base);
        let mut vowel = is_vowel(unit.base);
        if unit.base == 'y' && k == 0 && next.is_some_and(is_vowel) {
            // "yes", "yoga": a leading y before a vowel is a consonant.
            vowel = false;
        }
        if lang == Lang::Nl && unit.base == 'j' && prev == Some('i') && in_group {
            // Dutch "ij" is one vowel.
            vowel = true;
        }
        if vowel {
            if !in_group || unit.diaeresis {
                count += 1;
            }
            in_group = true;
        } else {
            in_group = false;
        }
    }

    if lang == Lang::En && count > 1 {
        // Ignore a possessive "'s" or trailing apostrophe for the silent-e rule.
        let mut end = units.len();
        if end >= 2 && units[end - 1].base == 's' && units[end - 2].base == '\'' {
            end -= 2;
        }
        while end > 0 && units[end - 1].base == '\'' {
            end -= 1;
        }
        let letters = &units[..end];
        let is_consonant = |u: &Unit| u.base.is_alphabetic() && !is_vowel(u.base);
        if let [.., before, last] = letters {
            if last.base == 'e' && !last.diaeresis && is_consonant(before) {
                let consonant_le = before.base == 'l'
                    && letters.len() >= 3
                    && is_consonant(&letters[letters.len() - 3]);
                if !consonant_le {
                    count -= 1;
                }
            }
        }
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EASY_NL: &str = "We praten over Sam. Sam is acht jaar. Hij gaat graag naar school. \
        Hij leest veel en hij rekent goed. Soms is het druk in de klas. Dan wil hij even rust. \
        De juf helpt hem dan. Wat gaat goed? Wat kan beter? Zeg het ons maar.";

    const HARD_NL: &str = "Teneinde de continuïteit van de onderwijsondersteuningsarrangementen \
        binnen het samenwerkingsverband te waarborgen, dient de zorgcoördinator, in nauwe \
        afstemming met de onderwijsconsulent en de desbetreffende leerplichtambtenaar, het \
        ontwikkelingsperspectiefplan periodiek te evalueren en te actualiseren, alvorens een \
        aanvraag tot afgifte van een toelaatbaarheidsverklaring ter besluitvorming kan worden \
        voorgelegd aan de commissie toelaatbaarheidsverklaringen. Indien de geïndiceerde \
        ondersteuningsbehoefte de reikwijdte van de basisondersteuning overschrijdt, wordt het \
        multidisciplinair overleg geïnitieerd, waarbij de verantwoordelijkheidsverdeling tussen \
        onderwijsinstelling, jeugdhulpaanbieder en gemeentelijke toegangsorganisatie expliciet \
        wordt vastgelegd in een integraal handelingsplan.";

    const EASY_EN: &str = "We met with Sam's mum today. Sam is eight. He likes school and he \
        reads a lot. Some days the class is loud. Then he needs a short rest. His teacher helps \
        him. What goes well? What can be better? Please tell us.";

    const HARD_EN: &str = "Notwithstanding the comprehensive individualised educational \
        provisions previously established, the multidisciplinary consultation determined that \
        the institutional accommodations currently available are insufficient to facilitate \
        satisfactory academic and socioemotional development, necessitating a reconsideration \
        of the organisational responsibilities of the participating educational and therapeutic \
        authorities. Consequently, the administrative coordination of additional specialised \
        interventions should be prioritised, subject to the availability of appropriate \
        governmental authorisation and the demonstrable effectiveness of preliminary \
        developmental evaluations.";

    #[test]
    fn dutch_syllables() {
        let cases = [
            ("kat", 1),
            ("school", 1),
            ("ouders", 2),
            ("kinderen", 3),
            ("coördinator", 5),
            ("zorgcoördinator", 6),
            ("ideeën", 3),
            ("België", 3),
            ("beïnvloeden", 4),
            ("vrijdag", 2),
            ("IJsland", 2),
            ("nieuw", 1),
            ("mooi", 1),
            ("auto's", 2),
            ("gezinscoach", 3),
            ("jeugdhulp", 2),
            ("leerplichtambtenaar", 5),
            ("samenwerkingsverband", 6),
            ("toelaatbaarheidsverklaring", 7),
            ("ontwikkelingsperspectiefplan", 8),
            ("zorg-coördinator", 6),
        ];
        for (word, want) in cases {
            assert_eq!(syllables(word, Lang::Nl), want, "{word}");
        }
    }

    #[test]
    fn decomposed_diaeresis_counts_like_precomposed() {
        assert_eq!(syllables("ide\u{301}e\u{308}n", Lang::Nl), 3);
        assert_eq!(syllables("coo\u{308}rdinator", Lang::Nl), 5);
    }

    #[test]
    fn english_syllables() {
        let cases = [
            ("cat", 1),
            ("make", 1),
            ("table", 2),
            ("whole", 1),
            ("agree", 2),
            ("the", 1),
            ("yes", 1),
            ("happy", 2),
            ("school", 1),
            ("meeting", 2),
            ("children", 2),
            ("beautiful", 3),
            ("education", 4),
            ("understanding", 4),
            ("responsibility", 6),
            ("e-mail", 2),
            ("there's", 1),
        ];
        for (word, want) in cases {
            assert_eq!(syllables(word, Lang::En), want, "{word}");
        }
    }

    #[test]
    fn numbers_and_letterless_words() {
        assert_eq!(syllables("2024", Lang::Nl), 1);
        assert_eq!(syllables("CJG", Lang::Nl), 1);
        assert_eq!(syllables("hmm", Lang::En), 1);
        assert_eq!(syllables("", Lang::Nl), 0);
        assert_eq!(syllables("?!", Lang::En), 0);
        assert_eq!(syllables("5-jarige", Lang::Nl), 4);
    }

    #[test]
    fn exact_douma_formula_on_tiny_text() {
        // 2 sentences, 6 words, 6 syllables (all one syllable):
        // 206.84 - 0.77 * (100 * 6 / 6) - 0.93 * (6 / 2) = 206.84 - 77 - 2.79 = 127.05
        let r = check("De kat zit. De hond loopt.", Lang::Nl);
        assert_eq!((r.sentences, r.words, r.syllables), (2, 6, 6));
        let score = r.score.unwrap_or(f64::NAN);
        assert!((score - 127.05).abs() < 0.01, "{score}");
    }

    #[test]
    fn exact_flesch_formula_on_tiny_text() {
        // "The cat sat. The dog is happy." 2 sentences, 7 words, 8 syllables:
        // 206.835 - 1.015 * 3.5 - 84.6 * 8 / 7 = 206.835 - 3.5525 - 96.6857 = 106.5968
        let r = check("The cat sat. The dog is happy.", Lang::En);
        assert_eq!((r.sentences, r.words, r.syllables), (2, 7, 8));
        let score = r.score.unwrap_or(f64::NAN);
        assert!((score - 106.5968).abs() < 0.01, "{score}");
    }

    #[test]
    fn easy_dutch_text() {
        let r = check(EASY_NL, Lang::Nl);
        let score = r.score.unwrap_or(f64::NAN);
        assert!(score >= 80.0, "{score}");
        assert_eq!(r.level(), Level::Easy);
        assert_eq!(r.sentences, 10);
        assert!(r.long_sentences.is_empty());
        assert!(r.long_words.is_empty(), "{:?}", r.long_words);
    }

    #[test]
    fn hard_dutch_text() {
        let r = check(HARD_NL, Lang::Nl);
        let score = r.score.unwrap_or(f64::NAN);
        assert!(score < 30.0, "{score}");
        assert_eq!(r.level(), Level::Hard);
        assert_eq!(r.sentences, 2);
        assert_eq!(r.long_sentences.len(), 2);
        assert!(r.long_sentences[0].starts_with("Teneinde"));
        assert!(r.long_sentences[1].ends_with("handelingsplan."));
        for w in [
            "ontwikkelingsperspectiefplan",
            "toelaatbaarheidsverklaring",
            "samenwerkingsverband",
            "zorgcoördinator",
            "leerplichtambtenaar",
        ] {
            assert!(
                r.long_words.iter().any(|x| x == w),
                "{w} in {:?}",
                r.long_words
            );
        }
        // Listed once, although it appears twice (singular and plural are different words).
        let n = r
            .long_words
            .iter()
            .filter(|w| *w == "toelaatbaarheidsverklaring")
            .count();
        assert_eq!(n, 1);
        assert!(!r.long_words.iter().any(|w| w == "de" || w == "overleg"));
    }

    #[test]
    fn easy_english_text() {
        let r = check(EASY_EN, Lang::En);
        let score = r.score.unwrap_or(f64::NAN);
        assert!(score >= 80.0, "{score}");
        assert_eq!(r.level(), Level::Easy);
        assert!(r.long_sentences.is_empty());
    }

    #[test]
    fn hard_english_text() {
        let r = check(HARD_EN, Lang::En);
        let score = r.score.unwrap_or(f64::NAN);
        assert!(score < 30.0, "{score}");
        assert_eq!(r.level(), Level::Hard);
        assert_eq!(r.long_sentences.len(), 2);
        for w in ["individualised", "multidisciplinary", "responsibilities"] {
            assert!(
                r.long_words.iter().any(|x| x == w),
                "{w} in {:?}",
                r.long_words
            );
        }
    }

    #[test]
    fn easy_scores_higher_than_hard() {
        let score = |t, l| check(t, l).score.unwrap_or(f64::NAN);
        assert!(score(EASY_NL, Lang::Nl) > score(HARD_NL, Lang::Nl));
        assert!(score(EASY_EN, Lang::En) > score(HARD_EN, Lang::En));
    }

    #[test]
    fn empty_text_has_no_score() {
        for text in ["", "   ", "\n\n", "...", "?! …", "😀 🎉"] {
            let r = check(text, Lang::Nl);
            assert_eq!(r.score, None, "{text:?}");
            assert_eq!((r.sentences, r.words, r.syllables), (0, 0, 0));
            assert_eq!(r.level(), Level::Easy);
        }
    }

    #[test]
    fn sentence_rules() {
        let count = |t: &str| check(t, Lang::Nl).sentences;
        assert_eq!(count("Geen punt aan het eind"), 1);
        assert_eq!(count("Neem bijv. een boek mee. Dat is fijn."), 2);
        assert_eq!(count("We bespreken o.a. het OPP. Daarna plannen we."), 2);
        assert_eq!(count("Het kost 3.50 euro. Dat is veel."), 2);
        assert_eq!(count("Dhr. Jansen komt ook."), 1);
        assert_eq!(count("Wat?! Echt... Ja."), 3);
        assert_eq!(count("Eerste regel\nTweede regel"), 2);
        assert_eq!(count("Eerste regel\r\n\r\n\r\nTweede regel"), 2);
        assert_eq!(count("Hij zei: \"Ik kom.\" Toen ging hij."), 2);
        assert_eq!(count("1. Lezen\n2. Rekenen"), 2);
        assert_eq!(count("Dus… we wachten nog even."), 1);
        assert_eq!(check("Bring e.g. a book. Thanks.", Lang::En).sentences, 2);
    }

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        assert_eq!(
            split_words("De IB'er en de zorg-coördinator."),
            ["De", "IB'er", "en", "de", "zorg-coördinator"]
        );
        assert_eq!(
            split_words("'s avonds - of niet -"),
            ["s", "avonds", "of", "niet"]
        );
        assert_eq!(split_words("IB’ers"), ["IB’ers"]);
    }

    #[test]
    fn long_words_are_deduplicated_as_written() {
        let r = check(
            "Het Samenwerkingsverband belt. Het samenwerkingsverband schrijft.",
            Lang::Nl,
        );
        assert_eq!(r.long_words, ["Samenwerkingsverband"]);
    }

    #[test]
    fn labels_are_short_and_distinct() {
        for lang in [Lang::Nl, Lang::En] {
            let labels = [Level::Easy, Level::Fair, Level::Hard].map(|l| l.label(lang));
            assert!(labels.iter().all(|l| !l.is_empty() && l.len() < 30));
            assert_ne!(labels[0], labels[1]);
            assert_ne!(labels[1], labels[2]);
        }
    }

    #[test]
    fn level_thresholds() {
        let with = |s| Report {
            sentences: 1,
            words: 1,
            syllables: 1,
            score: Some(s),
            long_sentences: Vec::new(),
            long_words: Vec::new(),
        };
        assert_eq!(with(60.0).level(), Level::Easy);
        assert_eq!(with(59.9).level(), Level::Fair);
        assert_eq!(with(40.0).level(), Level::Fair);
        assert_eq!(with(39.9).level(), Level::Hard);
        assert_eq!(with(-20.0).level(), Level::Hard);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let big = "Dit is een zin. ".repeat(7_000); // about 112 KB
        let long_word = "a".repeat(100_000);
        let inputs = [
            "",
            ".",
            "....!!!???……",
            "'-'-'",
            "-",
            "'",
            "\u{301}\u{308}",
            "a\u{308}\u{308}",
            "😀👨‍👩‍👧 🎉. 👍!",
            "مرحبا بالعالم. كيف حالك؟",
            "שלום עולם! מה שלומך?",
            "\u{202E}tekst\u{202C} omgekeerd.",
            "İİİ. ǅ ß ﬁ.",
            "\0\0\0",
            "y",
            "ij",
            "ĳ",
            "e",
            "\r",
            "dr.",
            "1.",
            big.as_str(),
            long_word.as_str(),
        ];
        for text in inputs {
            for lang in [Lang::Nl, Lang::En] {
                let r = check(text, lang);
                if let Some(s) = r.score {
                    assert!(s.is_finite());
                }
                let _ = r.level().label(lang);
                let _ = syllables(text, lang);
            }
        }
        let r = check(&big, Lang::Nl);
        assert_eq!(r.sentences, 7_000);
        assert_eq!(r.words, 28_000);
    }
}
