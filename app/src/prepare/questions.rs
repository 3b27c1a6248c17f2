//! The questions of the prepare flow: one set for parents, three age versions for young people.
//! Written for this portal in plain Dutch (level B1) and English; shorter words for the young.

use crate::domain::{AgeBand, Role};
use crate::i18n::{tr, Lang};
use serde::{Deserialize, Serialize};

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// Free text, stored exactly as typed.
    Text,
    /// A number from 1 to 10, with faces.
    Scale,
    /// One of a few choices (codes from [`choices`]).
    Choice,
}

/// One question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// Stable key, stored with the answer.
    pub key: &'static str,
    /// How it is answered.
    pub kind: Kind,
    /// Whether it may be skipped.
    pub optional: bool,
    /// The question, Dutch and English.
    pub prompt: (&'static str, &'static str),
    /// A short help text, Dutch and English.
    pub help: (&'static str, &'static str),
}

/// The longest answer, in characters.
pub const MAX_ANSWER: usize = 10_000;

const fn q(
    key: &'static str,
    kind: Kind,
    optional: bool,
    prompt: (&'static str, &'static str),
    help: (&'static str, &'static str),
) -> Question {
    Question {
        key,
        kind,
        optional,
        prompt,
        help,
    }
}

use Kind::*;

const PARENT: [Question; 7] = [
    q("goes_well", Text, false,
      ("Wat gaat er goed met uw kind?", "What is going well with your child?"),
      ("Denk aan thuis, school, vrienden, sport of hobby's. Kleine dingen tellen ook.", "Think of home, school, friends, sport or hobbies. Small things count too.")),
    q("worries", Text, false,
      ("Waar maakt u zich zorgen over?", "What worries you?"),
      ("Schrijf het op in uw eigen woorden. Er is geen goed of fout.", "Write it in your own words. There is no right or wrong.")),
    q("child_needs", Text, false,
      ("Wat heeft uw kind volgens u nodig?", "What does your child need, in your view?"),
      ("U kent uw kind het best. Wat zou helpen, op school of thuis?", "You know your child best. What would help, at school or at home?")),
    q("parent_needs", Text, true,
      ("Wat heeft u zelf nodig?", "What do you need yourself?"),
      ("Bijvoorbeeld: hulp, uitleg, rust, of iemand om mee te praten.", "For example: help, explanation, some rest, or someone to talk to.")),
    q("questions", Text, true,
      ("Wat wilt u vragen aan de school of de jeugdhulp?", "What do you want to ask the school or youth care?"),
      ("Zo kunnen zij zich goed voorbereiden.", "So they can prepare well.")),
    q("agenda_topics", Text, true,
      ("Over welke onderwerpen wilt u praten in het gesprek?", "Which topics do you want to talk about in the meeting?"),
      ("Schrijf elk onderwerp op een nieuwe regel.", "Write each topic on a new line.")),
    q("practical", Text, true,
      ("Zijn er praktische dingen die wij moeten weten?", "Are there practical things we should know?"),
      ("Bijvoorbeeld: wie u meeneemt, of u een tolk wilt (in welke taal), welke tijden goed zijn, of iets anders dat het gesprek makkelijker maakt.",
       "For example: who you bring, whether you want an interpreter (in which language), which times suit you, or anything else that makes the meeting easier.")),
];

const YOUNG_8: [Question; 8] = [
    q(
        "good_things",
        Text,
        false,
        ("🏠 Wat gaat er goed?", "🏠 What is going well?"),
        ("Waar word je blij van?", "What makes you happy?"),
    ),
    q(
        "worries",
        Text,
        false,
        (
            "🌧️ Waar maak je je zorgen over?",
            "🌧️ What do you worry about?",
        ),
        ("Wat vind je moeilijk of naar?", "What is hard or not nice?"),
    ),
    q(
        "wishes",
        Text,
        false,
        ("⭐ Wat wens je?", "⭐ What do you wish for?"),
        (
            "Als je mocht toveren, wat zou er dan anders zijn?",
            "If you could do magic, what would be different?",
        ),
    ),
    q(
        "scale_school",
        Scale,
        false,
        ("Hoe gaat het op school?", "How is school going?"),
        (
            "1 is heel slecht, 10 is super goed.",
            "1 is very bad, 10 is super good.",
        ),
    ),
    q(
        "scale_home",
        Scale,
        false,
        ("Hoe gaat het thuis?", "How are things at home?"),
        (
            "1 is heel slecht, 10 is super goed.",
            "1 is very bad, 10 is super good.",
        ),
    ),
    q(
        "adults_should_know",
        Text,
        true,
        (
            "Wat moeten de grote mensen weten?",
            "What should the grown-ups know?",
        ),
        (
            "Je mag ook een tekening maken en die meenemen.",
            "You can also make a drawing and bring it.",
        ),
    ),
    q(
        "take_part",
        Choice,
        false,
        (
            "Hoe wil je meedoen aan het gesprek?",
            "How do you want to take part in the meeting?",
        ),
        ("Kies wat jij fijn vindt.", "Choose what you like."),
    ),
    q(
        "trusted_person",
        Text,
        true,
        ("Wie mag jou helpen?", "Who can help you?"),
        ("Iemand die je vertrouwt.", "Someone you trust."),
    ),
];

const YOUNG_12: [Question; 8] = [
    q(
        "good_things",
        Text,
        false,
        ("Wat gaat er goed?", "What is going well?"),
        (
            "Op school, thuis, met vrienden of in je vrije tijd.",
            "At school, at home, with friends or in your free time.",
        ),
    ),
    q(
        "worries",
        Text,
        false,
        (
            "Waar maak je je zorgen over?",
            "What are you worried about?",
        ),
        ("Wat is moeilijk voor jou?", "What is hard for you?"),
    ),
    q(
        "wishes",
        Text,
        false,
        (
            "Wat wil je dat er verandert?",
            "What do you want to change?",
        ),
        ("Wat zou jou helpen?", "What would help you?"),
    ),
    q(
        "scale_school",
        Scale,
        false,
        ("Hoe gaat het op school?", "How is school going?"),
        (
            "1 is heel slecht, 10 is heel goed.",
            "1 is very bad, 10 is very good.",
        ),
    ),
    q(
        "scale_home",
        Scale,
        false,
        ("Hoe gaat het thuis?", "How are things at home?"),
        (
            "1 is heel slecht, 10 is heel goed.",
            "1 is very bad, 10 is very good.",
        ),
    ),
    q(
        "adults_should_know",
        Text,
        true,
        (
            "Wat wil je dat de volwassenen weten?",
            "What do you want the adults to know?",
        ),
        (
            "Jouw woorden blijven precies zoals jij ze schrijft.",
            "Your words stay exactly as you write them.",
        ),
    ),
    q(
        "take_part",
        Choice,
        false,
        (
            "Hoe wil je meedoen aan het gesprek?",
            "How do you want to take part in the meeting?",
        ),
        (
            "Alles mag. Je kunt het later nog veranderen.",
            "Anything is fine. You can change it later.",
        ),
    ),
    q(
        "trusted_person",
        Text,
        true,
        (
            "Wie vertrouw je, en wie mag je helpen?",
            "Who do you trust, and who may help you?",
        ),
        (
            "Bijvoorbeeld iemand van school, thuis of de sport.",
            "For example someone from school, home or sport.",
        ),
    ),
];

const YOUNG_16: [Question; 8] = [
    q(
        "good_things",
        Text,
        false,
        ("Wat gaat er goed?", "What is going well?"),
        (
            "Denk aan school, werk, thuis, vrienden en je vrije tijd.",
            "Think of school, work, home, friends and your free time.",
        ),
    ),
    q(
        "worries",
        Text,
        false,
        (
            "Waar maak je je zorgen over?",
            "What are you worried about?",
        ),
        (
            "Schrijf het zo op als jij het ziet.",
            "Write it the way you see it.",
        ),
    ),
    q(
        "wishes",
        Text,
        false,
        (
            "Wat wil je bereiken, en wat heb je daarvoor nodig?",
            "What do you want to achieve, and what do you need for it?",
        ),
        ("Jouw doelen staan voorop.", "Your goals come first."),
    ),
    q(
        "scale_school",
        Scale,
        false,
        (
            "Hoe gaat het met school of opleiding?",
            "How are school or training going?",
        ),
        (
            "1 is heel slecht, 10 is heel goed.",
            "1 is very bad, 10 is very good.",
        ),
    ),
    q(
        "scale_home",
        Scale,
        false,
        ("Hoe gaat het thuis?", "How are things at home?"),
        (
            "1 is heel slecht, 10 is heel goed.",
            "1 is very bad, 10 is very good.",
        ),
    ),
    q(
        "adults_should_know",
        Text,
        true,
        (
            "Wat moeten de anderen aan tafel van jou weten?",
            "What should the others at the table know from you?",
        ),
        (
            "Vanaf 16 jaar beslis jij wie wat leest.",
            "From 16 you decide who reads what.",
        ),
    ),
    q(
        "take_part",
        Choice,
        false,
        (
            "Hoe wil je meedoen aan het gesprek?",
            "How do you want to take part in the meeting?",
        ),
        (
            "Je kunt het later nog veranderen.",
            "You can change it later.",
        ),
    ),
    q(
        "trusted_person",
        Text,
        true,
        (
            "Wie vertrouw je, en wie mag je helpen?",
            "Who do you trust, and who may help you?",
        ),
        (
            "Die persoon mag ook mee naar het gesprek.",
            "That person may also come to the meeting.",
        ),
    ),
];

/// The questions for someone preparing: parents, or a young person by age band. Professionals
/// do not use this flow.
pub fn questions_for(role: Role, band: AgeBand) -> &'static [Question] {
    match (role, band) {
        (Role::Parent, _) => &PARENT,
        (Role::Young, AgeBand::Under12) => &YOUNG_8,
        (Role::Young, AgeBand::From12) => &YOUNG_12,
        (Role::Young, AgeBand::From16) => &YOUNG_16,
        _ => &[],
    }
}

/// The answers to a [`Kind::Choice`] question: (code, Dutch, English).
pub fn choices(key: &str) -> &'static [(&'static str, &'static str, &'static str)] {
    match key {
        "take_part" => &[
            (
                "whole",
                "Ik ben er het hele gesprek bij",
                "I join the whole meeting",
            ),
            (
                "part",
                "Ik ben er een deel van het gesprek bij",
                "I join part of the meeting",
            ),
            (
                "spokesperson",
                "Iemand anders vertelt wat ik vind",
                "Someone else says what I think",
            ),
            (
                "written",
                "Ik schrijf het op, en dat wordt voorgelezen",
                "I write it down, and it is read out",
            ),
        ],
        _ => &[],
    }
}

/// The face for a score from 1 to 10.
pub fn face(score: u8) -> &'static str {
    match score {
        1..=2 => "😢",
        3..=4 => "🙁",
        5..=6 => "😐",
        7..=8 => "🙂",
        _ => "😄",
    }
}

/// Checks an answer for its question. Text is kept exactly as typed (only its length is checked).
pub fn check(question: &Question, body: &str) -> Result<(), crate::error::Problem> {
    use crate::error::Problem;
    match question.kind {
        Kind::Text => {
            let n = body.chars().count();
            if n > MAX_ANSWER {
                Err(Problem::TooLong { max: MAX_ANSWER })
            } else {
                Ok(())
            }
        }
        Kind::Scale => match body.parse::<u8>() {
            Ok(1..=10) => Ok(()),
            _ if body.is_empty() => Ok(()),
            _ => Err(Problem::Choice),
        },
        Kind::Choice => {
            if body.is_empty() || choices(question.key).iter().any(|(c, _, _)| *c == body) {
                Ok(())
            } else {
                Err(Problem::Choice)
            }
        }
    }
}

/// A question as the browser needs it, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    /// Key.
    pub key: String,
    /// Kind.
    pub kind: Kind,
    /// May be skipped.
    pub optional: bool,
    /// The question.
    pub prompt: String,
    /// Help text.
    pub help: String,
    /// Choices (code, label), for [`Kind::Choice`].
    pub choices: Vec<(String, String)>,
}

impl QuestionView {
    /// A question in one language.
    pub fn new(q: &Question, lang: Lang) -> Self {
        QuestionView {
            key: q.key.into(),
            kind: q.kind,
            optional: q.optional,
            prompt: tr(lang, q.prompt.0, q.prompt.1).into(),
            help: tr(lang, q.help.0, q.help.1).into(),
            choices: choices(q.key)
                .iter()
                .map(|(c, nl, en)| (c.to_string(), tr(lang, nl, en).to_string()))
                .collect(),
        }
    }
}

/// A readable form of an answer: the face and score for scales, the label for choices.
pub fn display(kind: Kind, key: &str, body: &str, lang: Lang) -> String {
    match kind {
        Kind::Text => body.to_string(),
        Kind::Scale => body
            .parse::<u8>()
            .map(|n| format!("{} {n} / 10", face(n)))
            .unwrap_or_default(),
        Kind::Choice => choices(key)
            .iter()
            .find(|(c, _, _)| *c == body)
            .map(|(_, nl, en)| tr(lang, nl, en).to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_and_band_has_its_questions() {
        assert_eq!(questions_for(Role::Parent, AgeBand::From12).len(), 7);
        for band in AgeBand::ALL {
            let qs = questions_for(Role::Young, band);
            for key in [
                "good_things",
                "worries",
                "wishes",
                "scale_school",
                "scale_home",
                "adults_should_know",
                "take_part",
                "trusted_person",
            ] {
                assert!(qs.iter().any(|q| q.key == key), "{band:?} {key}");
            }
        }
        assert!(questions_for(Role::School, AgeBand::From12).is_empty());
    }

    #[test]
    fn keys_are_unique_per_set() {
        for (role, band) in [
            (Role::Parent, AgeBand::Under12),
            (Role::Young, AgeBand::Under12),
            (Role::Young, AgeBand::From12),
            (Role::Young, AgeBand::From16),
        ] {
            let qs = questions_for(role, band);
            let mut keys: Vec<_> = qs.iter().map(|q| q.key).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), qs.len());
        }
    }

    #[test]
    fn answers_are_checked_by_kind() {
        let text = &PARENT[0];
        assert!(check(text, "<script>alert(1)</script> 😀 مرحبا").is_ok());
        assert!(check(text, &"x".repeat(MAX_ANSWER)).is_ok());
        assert!(check(text, &"x".repeat(MAX_ANSWER + 1)).is_err());
        let scale = &YOUNG_12[3];
        assert!(
            check(scale, "7").is_ok() && check(scale, "10").is_ok() && check(scale, "").is_ok()
        );
        assert!(
            check(scale, "0").is_err()
                && check(scale, "11").is_err()
                && check(scale, "seven").is_err()
        );
        let choice = &YOUNG_12[6];
        assert!(check(choice, "part").is_ok() && check(choice, "everything").is_err());
    }

    #[test]
    fn faces_and_display() {
        assert_eq!(face(1), "😢");
        assert_eq!(face(10), "😄");
        assert_eq!(
            display(Kind::Scale, "scale_home", "8", Lang::Nl),
            "🙂 8 / 10"
        );
        assert_eq!(
            display(Kind::Choice, "take_part", "written", Lang::En),
            "I write it down, and it is read out"
        );
        assert_eq!(
            display(Kind::Text, "x", " as typed ", Lang::Nl),
            " as typed "
        );
    }
}
