//! Who may see an answer. One pure function, [`may_see`], used by every page and server function
//! that shows answers, and tested here for every combination of role, sharing choice and age band.

use crate::domain::{AgeBand, Role};
use crate::i18n::{k, t, Lang};
use serde::{Deserialize, Serialize};

/// Where one answer goes. Chosen per answer by its author.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sharing {
    /// Everyone at the table.
    Table,
    /// Only the mediator (family coach).
    Mediator,
    /// Not yet: only the author.
    OnlyMe,
}

impl Sharing {
    /// All choices, widest first.
    pub const ALL: [Sharing; 3] = [Sharing::Table, Sharing::Mediator, Sharing::OnlyMe];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Sharing::Table => "table",
            Sharing::Mediator => "mediator",
            Sharing::OnlyMe => "me",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Sharing> {
        Sharing::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The label on the choice.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Sharing::Table => t(lang, k::prepare_everyone_at_the_table),
            Sharing::Mediator => t(lang, k::prepare_only_the_family_coach),
            Sharing::OnlyMe => t(lang, k::prepare_not_yet_only_me),
        }
    }

    /// A short explanation under the choice; young people are spoken to as "je", parents as "u".
    pub fn explain(self, lang: Lang, young: bool) -> &'static str {
        match (self, young) {
            (Sharing::Table, false) => t(lang, k::prepare_everyone_who_is_part_of),
            (Sharing::Table, true) => t(lang, k::prepare_everyone_who_is_part_of_2),
            (Sharing::Mediator, false) => t(lang, k::prepare_only_the_family_coach_reads),
            (Sharing::Mediator, true) => t(lang, k::prepare_only_the_family_coach_reads_2),
            (Sharing::OnlyMe, false) => t(lang, k::prepare_nobody_else_sees_this_you),
            (Sharing::OnlyMe, true) => t(lang, k::prepare_nobody_else_sees_this_you_2),
        }
    }
}

/// The sharing an answer gets when its author has not chosen yet (BRIEF, principle 5).
/// Parents share with the table; a young person's words go to the family coach first, and from 16
/// they stay with the young person until they choose.
pub fn default_sharing(author: Role, band: AgeBand) -> Sharing {
    match (author, band) {
        (Role::Young, AgeBand::From16) => Sharing::OnlyMe,
        (Role::Young, _) => Sharing::Mediator,
        _ => Sharing::Table,
    }
}

/// Whether `viewer` may see an answer by `author` with this sharing choice. Nothing is seen by
/// anyone else before the author sends it. The author's choice always decides; nobody can widen it.
pub fn may_see(viewer_is_author: bool, viewer_role: Role, sharing: Sharing, sent: bool) -> bool {
    if viewer_is_author {
        return true;
    }
    if !sent {
        return false;
    }
    match sharing {
        Sharing::Table => true,
        Sharing::Mediator => viewer_role == Role::Mediator,
        Sharing::OnlyMe => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in Sharing::ALL {
            assert_eq!(Sharing::parse(s.code()), Some(s));
        }
        assert_eq!(Sharing::parse("everyone"), None);
    }

    #[test]
    fn defaults_follow_role_and_age() {
        assert_eq!(
            default_sharing(Role::Parent, AgeBand::Under12),
            Sharing::Table
        );
        assert_eq!(
            default_sharing(Role::Young, AgeBand::Under12),
            Sharing::Mediator
        );
        assert_eq!(
            default_sharing(Role::Young, AgeBand::From12),
            Sharing::Mediator
        );
        assert_eq!(
            default_sharing(Role::Young, AgeBand::From16),
            Sharing::OnlyMe
        );
    }

    #[test]
    fn every_combination() {
        for viewer in Role::ALL {
            for sharing in Sharing::ALL {
                for sent in [false, true] {
                    assert!(
                        may_see(true, viewer, sharing, sent),
                        "the author always sees their own words"
                    );
                    let expect = sent
                        && match sharing {
                            Sharing::Table => true,
                            Sharing::Mediator => viewer == Role::Mediator,
                            Sharing::OnlyMe => false,
                        };
                    assert_eq!(
                        may_see(false, viewer, sharing, sent),
                        expect,
                        "{viewer:?} {sharing:?} sent={sent}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_parent_never_sees_a_young_persons_mediator_answer() {
        for sent in [false, true] {
            assert!(!may_see(false, Role::Parent, Sharing::Mediator, sent));
            assert!(!may_see(false, Role::School, Sharing::Mediator, sent));
        }
    }
}
