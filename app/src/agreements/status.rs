//! How an agreement went ("gedaan", "bezig", "niet gelukt") and who may say so: the person
//! responsible for it and the family. Pure rules, used by the agreements page, the follow-up
//! steps before the next meeting, the case's overview, the plan and the care-plan store.

use crate::domain::{PersonId, Role};
use crate::i18n::{k, t, Lang};
use serde::{Deserialize, Serialize};

/// How an agreement went. No status yet: nobody said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AgreementStatus {
    /// It happened ("gedaan").
    Done,
    /// It is under way ("bezig").
    Busy,
    /// It did not work out ("niet gelukt").
    Failed,
}

impl AgreementStatus {
    /// All statuses, in the order they are offered.
    pub const ALL: [AgreementStatus; 3] = [
        AgreementStatus::Done,
        AgreementStatus::Busy,
        AgreementStatus::Failed,
    ];

    /// The stored code (also the form's value).
    pub fn code(self) -> &'static str {
        match self {
            AgreementStatus::Done => "done",
            AgreementStatus::Busy => "in_progress",
            AgreementStatus::Failed => "failed",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<AgreementStatus> {
        AgreementStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The agreement's FHIR `Task.status` in the care-plan store.
    pub fn fhir(self) -> &'static str {
        match self {
            AgreementStatus::Done => "completed",
            AgreementStatus::Busy => "in-progress",
            AgreementStatus::Failed => "failed",
        }
    }

    /// The plain word.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AgreementStatus::Done => t(lang, k::follow_status_done),
            AgreementStatus::Busy => t(lang, k::follow_status_busy),
            AgreementStatus::Failed => t(lang, k::follow_status_failed),
        }
    }

    /// A class for the page's colour and mark.
    pub fn class(self) -> &'static str {
        match self {
            AgreementStatus::Done => "status done",
            AgreementStatus::Busy => "status busy",
            AgreementStatus::Failed => "status failed",
        }
    }
}

/// Whether someone at the table says how an agreement went: a parent or the young person
/// (the family), or the person the agreement names as responsible. A supporter never does.
pub fn may_report(role: Role, me: PersonId, responsible: Option<PersonId>) -> bool {
    match role {
        Role::Parent | Role::Young => true,
        Role::Supporter => false,
        _ => responsible == Some(me),
    }
}

/// How many agreements stand where: for the coach's overview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Done.
    pub done: usize,
    /// Under way.
    pub busy: usize,
    /// Did not work out.
    pub failed: usize,
    /// Nobody said yet.
    pub unknown: usize,
}

impl Tally {
    /// Counts these statuses.
    pub fn of(statuses: impl IntoIterator<Item = Option<AgreementStatus>>) -> Tally {
        let mut t = Tally::default();
        for s in statuses {
            match s {
                Some(AgreementStatus::Done) => t.done += 1,
                Some(AgreementStatus::Busy) => t.busy += 1,
                Some(AgreementStatus::Failed) => t.failed += 1,
                None => t.unknown += 1,
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_map_to_fhir_task_statuses() {
        for s in AgreementStatus::ALL {
            assert_eq!(AgreementStatus::parse(s.code()), Some(s));
        }
        assert_eq!(AgreementStatus::parse("completed"), None);
        assert_eq!(AgreementStatus::parse(""), None);
        let fhir: Vec<_> = AgreementStatus::ALL.iter().map(|s| s.fhir()).collect();
        assert_eq!(fhir, ["completed", "in-progress", "failed"]);
    }

    #[test]
    fn the_family_and_the_responsible_person_report_nobody_else() {
        let me = PersonId(5);
        let other = PersonId(6);
        for role in Role::ALL {
            let family = matches!(role, Role::Parent | Role::Young);
            assert_eq!(
                may_report(role, me, None),
                family,
                "{role:?}, nobody responsible"
            );
            assert_eq!(
                may_report(role, me, Some(other)),
                family,
                "{role:?}, someone else"
            );
            assert_eq!(
                may_report(role, me, Some(me)),
                role != Role::Supporter,
                "{role:?}, responsible"
            );
        }
    }

    #[test]
    fn a_tally_counts_every_status_and_the_unknown() {
        use AgreementStatus::*;
        let t = Tally::of([Some(Done), None, Some(Failed), Some(Done), Some(Busy), None]);
        assert_eq!(
            t,
            Tally {
                done: 2,
                busy: 1,
                failed: 1,
                unknown: 2
            }
        );
    }
}
