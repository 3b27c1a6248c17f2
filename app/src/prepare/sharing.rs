//! Who may see an answer. One pure function, [`may_see`], used by every page and server function
//! that shows answers, and tested here for every combination of role, sharing choice and age band.

use crate::domain::{AgeBand, PersonId, Role};
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

    /// The label, naming the coach for "only the family coach" ("Alleen Joyce (gezinscoach)")
    /// when there is one.
    pub fn label_for(self, lang: Lang, coach: Option<&str>) -> String {
        match (self, coach) {
            (Sharing::Mediator, Some(name)) => {
                crate::i18n::tf(lang, k::prepare_only_named_coach, &[("name", &name)])
            }
            _ => self.label(lang).to_string(),
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
        (Role::Young, AgeBand::From16 | AgeBand::From18) => Sharing::OnlyMe,
        (Role::Young, _) => Sharing::Mediator,
        _ => Sharing::Table,
    }
}

/// Who reads: their id, their role at the table, and for a supporter, who brought them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    /// The reader.
    pub id: PersonId,
    /// Their role at this table.
    pub role: Role,
    /// For a supporter: the parent or young person who brought them.
    pub brought_by: Option<PersonId>,
}

impl Reader {
    /// A reader who is not a supporter.
    pub fn new(id: PersonId, role: Role) -> Self {
        Reader {
            id,
            role,
            brought_by: None,
        }
    }
}

/// Whether `reader` may see an answer by `author` with this sharing choice. Nothing is seen by
/// anyone else before the author sends it. The author's choice always decides; nobody can widen
/// it. "Only the family coach" is one person, `coach` (the coach it was kept for): a coach who
/// joins later does not read it unless its author says so. A supporter sees only what the
/// person who brought them shares with the whole table: never another person's answers, never
/// "only the family coach", never "only me".
pub fn may_see(
    reader: Reader,
    author: PersonId,
    sharing: Sharing,
    sent: bool,
    coach: Option<PersonId>,
) -> bool {
    if reader.id == author {
        return true;
    }
    if !sent {
        return false;
    }
    match sharing {
        Sharing::Table if reader.role == Role::Supporter => reader.brought_by == Some(author),
        Sharing::Table => true,
        Sharing::Mediator => reader.role == Role::Mediator && coach == Some(reader.id),
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

    const AUTHOR: PersonId = PersonId(1);
    const OTHER: PersonId = PersonId(2);
    const ME: PersonId = PersonId(3);

    #[test]
    fn every_combination() {
        for role in Role::ALL {
            for brought_by in [None, Some(AUTHOR), Some(OTHER)] {
                let me = Reader {
                    id: ME,
                    role,
                    brought_by,
                };
                for sharing in Sharing::ALL {
                    for sent in [false, true] {
                        for coach in [None, Some(ME), Some(OTHER)] {
                            let own = Reader { id: AUTHOR, ..me };
                            assert!(
                                may_see(own, AUTHOR, sharing, sent, coach),
                                "the author always sees their own words"
                            );
                            let expect = sent
                                && match sharing {
                                    Sharing::Table if role == Role::Supporter => {
                                        brought_by == Some(AUTHOR)
                                    }
                                    Sharing::Table => true,
                                    Sharing::Mediator => {
                                        role == Role::Mediator && coach == Some(ME)
                                    }
                                    Sharing::OnlyMe => false,
                                };
                            assert_eq!(
                                may_see(me, AUTHOR, sharing, sent, coach),
                                expect,
                                "{role:?} {brought_by:?} {sharing:?} sent={sent} {coach:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn only_the_coach_it_was_kept_for_reads_a_coach_only_answer() {
        let joyce = Reader::new(ME, Role::Mediator);
        let mark = Reader::new(OTHER, Role::Mediator);
        assert!(may_see(joyce, AUTHOR, Sharing::Mediator, true, Some(ME)));
        assert!(
            !may_see(mark, AUTHOR, Sharing::Mediator, true, Some(ME)),
            "a coach who came later"
        );
        assert!(
            !may_see(joyce, AUTHOR, Sharing::Mediator, true, None),
            "kept when no coach sat at the table: nobody yet"
        );
    }

    #[test]
    fn a_parent_never_sees_a_young_persons_mediator_answer() {
        for sent in [false, true] {
            for role in [Role::Parent, Role::School, Role::Supporter] {
                let r = Reader::new(ME, role);
                assert!(!may_see(r, AUTHOR, Sharing::Mediator, sent, Some(ME)));
            }
        }
    }

    #[test]
    fn a_supporter_reads_only_what_their_own_person_shares_with_the_table() {
        let s = Reader {
            id: ME,
            role: Role::Supporter,
            brought_by: Some(AUTHOR),
        };
        assert!(may_see(s, AUTHOR, Sharing::Table, true, None));
        assert!(
            !may_see(s, AUTHOR, Sharing::Table, false, None),
            "not before it is sent"
        );
        assert!(
            !may_see(s, AUTHOR, Sharing::Mediator, true, Some(ME)),
            "never coach-only"
        );
        assert!(
            !may_see(s, AUTHOR, Sharing::OnlyMe, true, None),
            "never only-me"
        );
        assert!(
            !may_see(s, OTHER, Sharing::Table, true, None),
            "never someone else's"
        );
        let lost = Reader {
            brought_by: None,
            ..s
        };
        assert!(!may_see(lost, AUTHOR, Sharing::Table, true, None));
    }
}
