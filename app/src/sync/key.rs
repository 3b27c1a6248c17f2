//! What an outbox entry, a sync link or a sync conflict is about, as a type. The text form
//! (`goal:3`, `input:1:4`) is only how the key is stored; code matches on [`ItemKey`] and never
//! splits strings.

use crate::domain::{
    AgeBand, AgreementId, CaseId, GoalId, MeetingId, PersonId, PlanActionId, Role,
};
use std::fmt;

/// One thing that may be sent to the care-plan store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKey {
    /// The case: the child and the plan itself.
    Case(CaseId),
    /// A goal of the plan.
    Goal(GoalId),
    /// An action of the plan.
    Action(PlanActionId),
    /// An agreement made in a meeting.
    Agreement(AgreementId),
    /// A meeting.
    Meeting(MeetingId),
    /// What someone shared with the whole table for a meeting, once they sent it.
    Input {
        /// The meeting.
        meeting: MeetingId,
        /// Whose input.
        person: PersonId,
    },
    /// A question back from the coach about one answer.
    Ask {
        /// The meeting.
        meeting: MeetingId,
        /// Whose answer it is about.
        person: PersonId,
        /// The question key of the answer.
        question: String,
    },
    /// A family member's yes or no to the care plan, as a `Consent` (a no makes it inactive).
    Consent {
        /// The case.
        case: CaseId,
        /// Whose yes or no.
        person: PersonId,
    },
    /// The child of a case, as a patient (a link only; never queued itself).
    Patient(CaseId),
    /// A parent of the child of a case, as a related person (a link only).
    Related {
        /// The case.
        case: CaseId,
        /// The parent.
        person: PersonId,
    },
    /// A professional (a link only).
    Practitioner(PersonId),
    /// The questions of one role and age band (a link only).
    Questionnaire {
        /// Whose questions.
        role: Role,
        /// For which age band.
        band: AgeBand,
    },
}

impl ItemKey {
    /// Reads a stored key; `None` for anything this version does not write.
    pub fn parse(s: &str) -> Option<ItemKey> {
        let (kind, rest) = s.split_once(':')?;
        let id = |t: &str| -> Option<i64> {
            // Digits only: no sign, no spaces, no leading "+".
            (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        let one = || id(rest);
        let two = || {
            let (a, b) = rest.split_once(':')?;
            Some((id(a)?, id(b)?))
        };
        Some(match kind {
            "case" => ItemKey::Case(CaseId(one()?)),
            "goal" => ItemKey::Goal(GoalId(one()?)),
            "action" => ItemKey::Action(PlanActionId(one()?)),
            "agreement" => ItemKey::Agreement(AgreementId(one()?)),
            "meeting" => ItemKey::Meeting(MeetingId(one()?)),
            "input" => {
                let (m, p) = two()?;
                ItemKey::Input {
                    meeting: MeetingId(m),
                    person: PersonId(p),
                }
            }
            "consent" => {
                let (c, p) = two()?;
                ItemKey::Consent {
                    case: CaseId(c),
                    person: PersonId(p),
                }
            }
            "patient" => ItemKey::Patient(CaseId(one()?)),
            "practitioner" => ItemKey::Practitioner(PersonId(one()?)),
            "related" => {
                let (c, p) = two()?;
                ItemKey::Related {
                    case: CaseId(c),
                    person: PersonId(p),
                }
            }
            "questionnaire" => {
                let (role, band) = rest.split_once(':')?;
                ItemKey::Questionnaire {
                    role: Role::parse(role)?,
                    band: AgeBand::parse(band)?,
                }
            }
            "ask" => {
                let (m, rest) = rest.split_once(':')?;
                let (p, question) = rest.split_once(':')?;
                if question.is_empty() {
                    return None;
                }
                ItemKey::Ask {
                    meeting: MeetingId(id(m)?),
                    person: PersonId(id(p)?),
                    question: question.to_string(),
                }
            }
            _ => return None,
        })
    }

    /// The goal this item is, if it is one.
    pub fn goal(&self) -> Option<GoalId> {
        match self {
            ItemKey::Goal(g) => Some(*g),
            _ => None,
        }
    }
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemKey::Case(id) => write!(f, "case:{}", id.0),
            ItemKey::Goal(id) => write!(f, "goal:{}", id.0),
            ItemKey::Action(id) => write!(f, "action:{}", id.0),
            ItemKey::Agreement(id) => write!(f, "agreement:{}", id.0),
            ItemKey::Meeting(id) => write!(f, "meeting:{}", id.0),
            ItemKey::Input { meeting, person } => write!(f, "input:{}:{}", meeting.0, person.0),
            ItemKey::Ask {
                meeting,
                person,
                question,
            } => write!(f, "ask:{}:{}:{question}", meeting.0, person.0),
            ItemKey::Consent { case, person } => write!(f, "consent:{}:{}", case.0, person.0),
            ItemKey::Patient(id) => write!(f, "patient:{}", id.0),
            ItemKey::Related { case, person } => write!(f, "related:{}:{}", case.0, person.0),
            ItemKey::Practitioner(id) => write!(f, "practitioner:{}", id.0),
            ItemKey::Questionnaire { role, band } => {
                write!(f, "questionnaire:{}:{}", role.code(), band.code())
            }
        }
    }
}

crate::text_sqlx_type!(ItemKey, ItemKey::parse, "an outbox key");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_survives_the_text_form() {
        let keys = [
            ItemKey::Case(CaseId(1)),
            ItemKey::Goal(GoalId(3)),
            ItemKey::Action(PlanActionId(12)),
            ItemKey::Agreement(AgreementId(7)),
            ItemKey::Meeting(MeetingId(2)),
            ItemKey::Input {
                meeting: MeetingId(1),
                person: PersonId(4),
            },
            ItemKey::Ask {
                meeting: MeetingId(1),
                person: PersonId(4),
                question: "parent.worries".to_string(),
            },
            ItemKey::Patient(CaseId(1)),
            ItemKey::Related {
                case: CaseId(1),
                person: PersonId(2),
            },
            ItemKey::Practitioner(PersonId(5)),
            ItemKey::Questionnaire {
                role: Role::Young,
                band: AgeBand::From16,
            },
        ];
        for k in keys {
            assert_eq!(ItemKey::parse(&k.to_string()), Some(k.clone()), "{k}");
        }
        assert_eq!(ItemKey::Goal(GoalId(3)).to_string(), "goal:3");
        assert_eq!(
            ItemKey::parse("ask:1:4:a:b"),
            Some(ItemKey::Ask {
                meeting: MeetingId(1),
                person: PersonId(4),
                question: "a:b".to_string()
            })
        );
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "goal",
            "goal:",
            "goal:x",
            "goal:-1",
            "goal:+1",
            "goal: 1",
            "goal:1:2",
            "input:1",
            "input:1:",
            "ask:1:2",
            "ask:1:2:",
            "plan:1",
            "GOAL:1",
            "questionnaire:young:17+",
            "questionnaire:child:16+",
            "related:1",
        ] {
            assert_eq!(ItemKey::parse(bad), None, "{bad:?}");
        }
    }
}
