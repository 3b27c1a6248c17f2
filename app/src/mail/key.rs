//! What a mail is, as types: its kind, its key (kind, object, recipient: the same mail can be
//! queued only once) and a person's choice about mail. The text forms (`invite:3:12`, `yes`) are
//! only how they are stored; code matches on the types.

use crate::domain::PersonId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The kinds of mail the portal sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MailKind {
    /// An invitation to a table (object: the case). Goes to the address the coach entered,
    /// unless the person said "stop".
    Invitation,
    /// Two days before the deadline to prepare, to those who have not sent (object: the meeting).
    PrepareReminder,
    /// "De onderwerpen zijn gedeeld" (object: the meeting).
    TopicsShared,
    /// "De afspraken staan klaar" (object: the meeting).
    AgreementsReady,
    /// Before an agreement's date, to the person responsible (object: the agreement).
    AgreementDue,
    /// A new sign-in link a family member asked for (object: the ten-minute window it was asked
    /// in, so one window sends one mail).
    NewLink,
    /// A month before a closed case's words are erased, to the family at its table (object: the
    /// case). Goes to everyone who did not say "stop", with a sign-in link, so they can download
    /// their data first.
    RetentionWarning,
}

impl MailKind {
    /// Every kind.
    pub const ALL: [MailKind; 7] = [
        MailKind::Invitation,
        MailKind::PrepareReminder,
        MailKind::TopicsShared,
        MailKind::AgreementsReady,
        MailKind::AgreementDue,
        MailKind::NewLink,
        MailKind::RetentionWarning,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            MailKind::Invitation => "invite",
            MailKind::PrepareReminder => "prepare",
            MailKind::TopicsShared => "topics",
            MailKind::AgreementsReady => "agreements",
            MailKind::AgreementDue => "due",
            MailKind::NewLink => "link",
            MailKind::RetentionWarning => "retention",
        }
    }

    /// Reads a stored code exactly.
    pub fn parse(code: &str) -> Option<MailKind> {
        MailKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Whether it goes out only to people who said yes to mail. An invitation and a link the
    /// person asked for go to everyone who did not say "stop".
    pub fn needs_yes(self) -> bool {
        !matches!(
            self,
            MailKind::Invitation | MailKind::NewLink | MailKind::RetentionWarning
        )
    }

    /// Whether it may carry a sign-in link (made fresh when it is sent).
    pub fn carries_link(self) -> bool {
        matches!(
            self,
            MailKind::Invitation | MailKind::NewLink | MailKind::RetentionWarning
        )
    }
}

/// One mail: its kind, what it is about and who gets it. Unique in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MailKey {
    /// The kind.
    pub kind: MailKind,
    /// What it is about (a case, meeting or agreement id, or a time window; see [`MailKind`]).
    pub object: i64,
    /// Who gets it.
    pub to: PersonId,
}

impl MailKey {
    /// Reads a stored key; `None` for anything this version does not write.
    pub fn parse(s: &str) -> Option<MailKey> {
        let mut parts = s.split(':');
        let (kind, object, to) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let id = |t: &str| -> Option<i64> {
            (!t.is_empty() && t.len() <= 18 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        Some(MailKey {
            kind: MailKind::parse(kind)?,
            object: id(object)?,
            to: PersonId(id(to)?),
        })
    }
}

impl fmt::Display for MailKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.kind.code(), self.object, self.to.0)
    }
}

#[cfg(feature = "ssr")]
crate::text_sqlx_type!(MailKey, MailKey::parse, "a mail key");

/// What a person said about mail from the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum MailChoice {
    /// Not asked yet: only an invitation to a table (and a link they ask for) reaches them.
    #[default]
    Unasked,
    /// Reminders and news about their table as well.
    Yes,
    /// Nothing at all.
    Stop,
}

impl MailChoice {
    /// The stored code (`None`: not asked).
    pub fn code(self) -> Option<&'static str> {
        match self {
            MailChoice::Unasked => None,
            MailChoice::Yes => Some("yes"),
            MailChoice::Stop => Some("stop"),
        }
    }

    /// Reads a stored code; anything else counts as not asked.
    pub fn parse(code: Option<&str>) -> MailChoice {
        match code {
            Some("yes") => MailChoice::Yes,
            Some("stop") => MailChoice::Stop,
            _ => MailChoice::Unasked,
        }
    }

    /// Whether a mail of this kind may go to someone with this choice. A new link the person
    /// asked for themselves always goes.
    pub fn allows(self, kind: MailKind) -> bool {
        match self {
            _ if kind == MailKind::NewLink => true,
            MailChoice::Stop => false,
            MailChoice::Yes => true,
            MailChoice::Unasked => !kind.needs_yes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_survives_its_text_form_and_nothing_else_is_read() {
        for kind in MailKind::ALL {
            let key = MailKey {
                kind,
                object: 41,
                to: PersonId(7),
            };
            assert_eq!(MailKey::parse(&key.to_string()), Some(key));
        }
        assert_eq!(
            MailKey::parse("invite:3:12").map(|k| k.to_string()),
            Some("invite:3:12".to_string())
        );
        for bad in [
            "",
            "invite",
            "invite:3",
            "invite:3:",
            "invite:-3:12",
            "invite:3:12:1",
            "mail:3:12",
            "INVITE:3:12",
            "invite: 3:12",
            "invite:3:+12",
            "invite:99999999999999999999:1",
        ] {
            assert_eq!(MailKey::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn only_yes_opens_reminders_and_stop_closes_everything() {
        for kind in MailKind::ALL {
            assert_eq!(
                MailChoice::Stop.allows(kind),
                kind == MailKind::NewLink,
                "{kind:?}"
            );
            assert!(MailChoice::Yes.allows(kind), "{kind:?}");
            assert_eq!(
                MailChoice::Unasked.allows(kind),
                !kind.needs_yes(),
                "{kind:?}"
            );
        }
        assert!(MailChoice::Unasked.allows(MailKind::Invitation));
        assert!(!MailChoice::Unasked.allows(MailKind::PrepareReminder));
        for c in [MailChoice::Unasked, MailChoice::Yes, MailChoice::Stop] {
            assert_eq!(MailChoice::parse(c.code()), c);
        }
        assert_eq!(MailChoice::parse(Some("maybe")), MailChoice::Unasked);
    }
}
