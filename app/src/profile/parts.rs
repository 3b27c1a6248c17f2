//! The parts of the profile "Dit is …": what the child is good at, what helps and what does not,
//! what everyone who works with the child must know, who is important to them, and for parents
//! what helped before. Parents and the young person each write their own parts; nobody else
//! writes in the profile. Pure rules, tested here.

use crate::domain::Role;
use crate::i18n::{k, Key};
use serde::{Deserialize, Serialize};

/// One part of the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Part {
    /// What the child is good at.
    GoodAt,
    /// What helps, and what does not.
    Helps,
    /// What everyone who works with the child must know.
    MustKnow,
    /// Who is important to the child.
    People,
    /// What helped before (parents only).
    HelpedBefore,
}

/// The longest part, in characters.
pub const MAX_PART: usize = 4000;

impl Part {
    /// All parts, in the order they are shown.
    pub const ALL: [Part; 5] = [
        Part::GoodAt,
        Part::Helps,
        Part::MustKnow,
        Part::People,
        Part::HelpedBefore,
    ];

    /// The stored code (also the form's value).
    pub fn code(self) -> &'static str {
        match self {
            Part::GoodAt => "good_at",
            Part::Helps => "helps",
            Part::MustKnow => "must_know",
            Part::People => "people",
            Part::HelpedBefore => "helped_before",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The question the author answers: parents read about "uw kind", the young person about
    /// themselves.
    pub fn prompt(self, young: bool) -> Key {
        match (self, young) {
            (Part::GoodAt, false) => k::profile_parent_good_at,
            (Part::GoodAt, true) => k::profile_young_good_at,
            (Part::Helps, false) => k::profile_parent_helps,
            (Part::Helps, true) => k::profile_young_helps,
            (Part::MustKnow, false) => k::profile_parent_must_know,
            (Part::MustKnow, true) => k::profile_young_must_know,
            (Part::People, false) => k::profile_parent_people,
            (Part::People, true) => k::profile_young_people,
            (Part::HelpedBefore, _) => k::profile_parent_helped_before,
        }
    }

    /// The heading a reader sees above the part (the same for every author).
    pub fn heading(self) -> Key {
        match self {
            Part::GoodAt => k::profile_heading_good_at,
            Part::Helps => k::profile_heading_helps,
            Part::MustKnow => k::profile_heading_must_know,
            Part::People => k::profile_heading_people,
            Part::HelpedBefore => k::profile_heading_helped_before,
        }
    }
}

/// The parts someone in this role writes: parents all five, the young person the first four
/// (in their own words), anyone else none.
pub fn parts_for(role: Role) -> &'static [Part] {
    match role {
        Role::Parent => &Part::ALL,
        Role::Young => &[Part::GoodAt, Part::Helps, Part::MustKnow, Part::People],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for p in Part::ALL {
            assert_eq!(Part::parse(p.code()), Some(p));
        }
        assert_eq!(Part::parse("worries"), None);
    }

    #[test]
    fn only_the_family_writes_and_the_young_person_has_no_helped_before() {
        for role in Role::ALL {
            let parts = parts_for(role);
            match role {
                Role::Parent => assert_eq!(parts.len(), 5),
                Role::Young => {
                    assert_eq!(parts.len(), 4);
                    assert!(!parts.contains(&Part::HelpedBefore));
                }
                _ => assert!(parts.is_empty(), "{role:?} writes no part"),
            }
        }
    }
}
