//! The questions of the prepare flow: one set for parents, three age versions for young people.
//! Written for this portal in plain Dutch (level B1) and English; shorter words for the young.

use crate::domain::{AgeBand, Role};
use crate::i18n::{k, t, Key, Lang};
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
    /// The question, in the catalogs.
    pub prompt: Key,
    /// A short help text, in the catalogs.
    pub help: Key,
}

/// The longest answer, in characters.
pub const MAX_ANSWER: usize = 10_000;

const fn q(key: &'static str, kind: Kind, optional: bool, prompt: Key, help: Key) -> Question {
    Question {
        key,
        kind,
        optional,
        prompt,
        help,
    }
}

use Kind::*;

const PARENT: [Question; 10] = [
    // First: what should change.
    q(
        "change_after",
        Text,
        true,
        k::q_parent_change_after,
        k::q_parent_change_after_help,
    ),
    q(
        "goes_well",
        Text,
        false,
        k::q_parent_goes_well,
        k::q_parent_goes_well_help,
    ),
    q(
        "worries",
        Text,
        false,
        k::q_parent_worries,
        k::q_parent_worries_help,
    ),
    q(
        "child_needs",
        Text,
        false,
        k::q_parent_child_needs,
        k::q_parent_child_needs_help,
    ),
    q(
        "parent_needs",
        Text,
        true,
        k::q_parent_parent_needs,
        k::q_parent_parent_needs_help,
    ),
    q(
        "questions",
        Text,
        true,
        k::q_parent_questions,
        k::q_parent_questions_help,
    ),
    q(
        "agenda_topics",
        Text,
        true,
        k::q_parent_agenda_topics,
        k::q_parent_agenda_topics_help,
    ),
    q(
        "practical",
        Text,
        true,
        k::q_parent_practical,
        k::q_parent_practical_help,
    ),
    q(
        "child_view",
        Text,
        true,
        k::q_parent_child_view,
        k::q_parent_child_view_help,
    ),
    q(
        "expectations",
        Text,
        true,
        k::q_parent_expectations,
        k::q_parent_expectations_help,
    ),
];

const YOUNG_8: [Question; 12] = [
    // First: why we meet.
    q(
        "why_meeting",
        Text,
        true,
        k::q_young_why_meeting,
        k::q_young_why_meeting_help,
    ),
    q(
        "good_things",
        Text,
        false,
        k::q_y8_good_things,
        k::q_y8_good_things_help,
    ),
    q(
        "worries",
        Text,
        false,
        k::q_y8_worries,
        k::q_y8_worries_help,
    ),
    q("wishes", Text, false, k::q_y8_wishes, k::q_y8_wishes_help),
    q(
        "scale_school",
        Scale,
        false,
        k::q_y8_scale_school,
        k::q_y8_scale_school_help,
    ),
    q(
        "scale_home",
        Scale,
        false,
        k::q_y8_scale_home,
        k::q_y8_scale_home_help,
    ),
    q(
        "adults_should_know",
        Text,
        true,
        k::q_y8_adults_should_know,
        k::q_y8_adults_should_know_help,
    ),
    q(
        "take_part",
        Choice,
        false,
        k::q_y8_take_part,
        k::q_y8_take_part_help,
    ),
    q(
        "trusted_person",
        Text,
        true,
        k::q_y8_trusted_person,
        k::q_y8_trusted_person_help,
    ),
    q(
        "who_there",
        Text,
        true,
        k::q_young_who_there,
        k::q_young_who_there_help,
    ),
    q(
        "not_talk",
        Text,
        true,
        k::q_young_not_talk,
        k::q_young_not_talk_help,
    ),
    q("after", Text, true, k::q_young_after, k::q_young_after_help),
];

const YOUNG_12: [Question; 12] = [
    // First: why we meet.
    q(
        "why_meeting",
        Text,
        true,
        k::q_young_why_meeting,
        k::q_young_why_meeting_help,
    ),
    q(
        "good_things",
        Text,
        false,
        k::q_y12_good_things,
        k::q_y12_good_things_help,
    ),
    q(
        "worries",
        Text,
        false,
        k::q_y12_worries,
        k::q_y12_worries_help,
    ),
    q("wishes", Text, false, k::q_y12_wishes, k::q_y12_wishes_help),
    q(
        "scale_school",
        Scale,
        false,
        k::q_y12_scale_school,
        k::q_y12_scale_school_help,
    ),
    q(
        "scale_home",
        Scale,
        false,
        k::q_y12_scale_home,
        k::q_y12_scale_home_help,
    ),
    q(
        "adults_should_know",
        Text,
        true,
        k::q_y12_adults_should_know,
        k::q_y12_adults_should_know_help,
    ),
    q(
        "take_part",
        Choice,
        false,
        k::q_y12_take_part,
        k::q_y12_take_part_help,
    ),
    q(
        "trusted_person",
        Text,
        true,
        k::q_y12_trusted_person,
        k::q_y12_trusted_person_help,
    ),
    q(
        "who_there",
        Text,
        true,
        k::q_young_who_there,
        k::q_young_who_there_help,
    ),
    q(
        "not_talk",
        Text,
        true,
        k::q_young_not_talk,
        k::q_young_not_talk_help,
    ),
    q("after", Text, true, k::q_young_after, k::q_young_after_help),
];

const YOUNG_16: [Question; 13] = [
    // First: why we meet.
    q(
        "why_meeting",
        Text,
        true,
        k::q_young_why_meeting,
        k::q_young_why_meeting_help,
    ),
    q(
        "good_things",
        Text,
        false,
        k::q_y16_good_things,
        k::q_y16_good_things_help,
    ),
    q(
        "worries",
        Text,
        false,
        k::q_y16_worries,
        k::q_y16_worries_help,
    ),
    q("wishes", Text, false, k::q_y16_wishes, k::q_y16_wishes_help),
    q(
        "scale_school",
        Scale,
        false,
        k::q_y16_scale_school,
        k::q_y16_scale_school_help,
    ),
    q(
        "scale_home",
        Scale,
        false,
        k::q_y16_scale_home,
        k::q_y16_scale_home_help,
    ),
    q(
        "adults_should_know",
        Text,
        true,
        k::q_y16_adults_should_know,
        k::q_y16_adults_should_know_help,
    ),
    q(
        "take_part",
        Choice,
        false,
        k::q_y16_take_part,
        k::q_y16_take_part_help,
    ),
    q(
        "trusted_person",
        Text,
        true,
        k::q_y16_trusted_person,
        k::q_y16_trusted_person_help,
    ),
    q(
        "who_there",
        Text,
        true,
        k::q_young_who_there,
        k::q_young_who_there_help,
    ),
    q(
        "not_talk",
        Text,
        true,
        k::q_young_not_talk,
        k::q_young_not_talk_help,
    ),
    q("after", Text, true, k::q_young_after, k::q_young_after_help),
    q("at_18", Text, true, k::q_y16_at_18, k::q_y16_at_18_help),
];

/// The questions for someone preparing: parents, or a young person by age band. Professionals
/// do not use this flow.
pub fn questions_for(role: Role, band: AgeBand) -> &'static [Question] {
    match (role, band) {
        (Role::Parent, _) => &PARENT,
        (Role::Young, AgeBand::Under12) => &YOUNG_8,
        (Role::Young, AgeBand::From12) => &YOUNG_12,
        // From 18 too: earlier answers to "when you turn 18" stay in view.
        (Role::Young, AgeBand::From16 | AgeBand::From18) => &YOUNG_16,
        _ => &[],
    }
}

/// The answers to a [`Kind::Choice`] question: (code, label).
pub fn choices(key: &str) -> &'static [(&'static str, Key)] {
    match key {
        "take_part" => &[
            ("whole", k::q_take_part_whole),
            ("part", k::q_take_part_part),
            ("spokesperson", k::q_take_part_spokesperson),
            ("written", k::q_take_part_written),
            ("not_sure", k::q_take_part_not_sure),
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
            if body.is_empty() || choices(question.key).iter().any(|(c, _)| *c == body) {
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
            prompt: t(lang, q.prompt).into(),
            help: t(lang, q.help).into(),
            choices: choices(q.key)
                .iter()
                .map(|(c, label)| (c.to_string(), t(lang, *label).to_string()))
                .collect(),
        }
    }
}

impl QuestionView {
    /// A readable form of an answer to this question, from its own choice labels (no catalogs,
    /// so the prepare island can use it).
    pub fn display(&self, body: &str) -> String {
        match self.kind {
            Kind::Text => body.to_string(),
            Kind::Scale => body
                .parse::<u8>()
                .map(|n| format!("{} {n} / 10", face(n)))
                .unwrap_or_default(),
            Kind::Choice => self
                .choices
                .iter()
                .find(|(c, _)| c == body)
                .map(|(_, label)| label.clone())
                .unwrap_or_default(),
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
            .find(|(c, _)| *c == body)
            .map(|(_, label)| t(lang, *label).to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_and_band_has_its_questions() {
        let parent = questions_for(Role::Parent, AgeBand::From12);
        assert_eq!(parent.len(), 10);
        assert_eq!(parent[0].key, "change_after", "first: what should change");
        for key in ["child_view", "expectations"] {
            assert!(parent.iter().any(|q| q.key == key), "parent {key}");
        }
        for band in AgeBand::ALL {
            let qs = questions_for(Role::Young, band);
            assert_eq!(qs[0].key, "why_meeting", "first: why we meet");
            assert_eq!(
                qs.iter().any(|q| q.key == "at_18"),
                band >= AgeBand::From16,
                "{band:?}: 'when you turn 18' only from 16"
            );
            for key in [
                "who_there",
                "not_talk",
                "after",
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
            (Role::Young, AgeBand::From18),
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
        let scale = &YOUNG_12[4];
        assert!(
            check(scale, "7").is_ok() && check(scale, "10").is_ok() && check(scale, "").is_ok()
        );
        assert!(
            check(scale, "0").is_err()
                && check(scale, "11").is_err()
                && check(scale, "seven").is_err()
        );
        let choice = &YOUNG_12[7];
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
