//! The sign-in and table-management part of the data layer: sessions that end when idle, flash
//! messages, throttles on failed sign-ins, notices for the next sign-in, removing people from a
//! table, role changes with a reason, disabled accounts, closed cases and portal-wide values.
//! Every backend implements [`AccessStore`]; [`super::Store`] builds on it.

use super::{PersonRow, StoreResult};
use crate::domain::{CaseId, PersonId, Role, SchoolId};
use async_trait::async_trait;

/// How long a session may last, chosen at sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// The person's own phone or computer: the cookie outlives the browser.
    Own,
    /// A phone that others use too: the cookie ends with the browser, no drafts stay behind.
    Shared,
}

impl SessionKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            SessionKind::Own => "own",
            SessionKind::Shared => "shared",
        }
    }
    /// Reads a stored code (unknown codes are the cautious `Shared`).
    pub fn parse(code: &str) -> SessionKind {
        if code == "own" {
            SessionKind::Own
        } else {
            SessionKind::Shared
        }
    }
}

/// A live session and its person.
#[derive(Debug, Clone)]
pub struct SessionRow {
    /// Row id (never shown; used to end the other sessions of a person).
    pub id: i64,
    /// When it started.
    pub created_at: i64,
    /// When it was last used (written at most once a minute).
    pub last_seen: i64,
    /// Own or shared device.
    pub kind: SessionKind,
    /// Whose it is.
    pub person: PersonRow,
}

/// What a throttle counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleScope {
    /// Failed sign-ins for one account (key: HMAC of the email address).
    Account,
    /// Failed sign-ins from one client address (key: HMAC of the address).
    Client,
    /// Links opened that did not work, from one client address.
    Link,
    /// New links asked for ("Stuur mij een nieuwe link"), from one client address.
    Ask,
}

impl ThrottleScope {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ThrottleScope::Account => "account",
            ThrottleScope::Client => "client",
            ThrottleScope::Link => "link",
            ThrottleScope::Ask => "ask",
        }
    }
}

/// Something to tell a person once, at their next sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Someone made a new sign-in link for them (older links stopped working).
    NewLink,
    /// Their password was set again through a link (every other session ended).
    PasswordSet,
    /// A passkey was added to their account.
    PasskeyAdded,
    /// A passkey was removed from their account.
    PasskeyRemoved,
}

impl NoticeKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::NewLink => "new_link",
            NoticeKind::PasswordSet => "password_set",
            NoticeKind::PasskeyAdded => "passkey_added",
            NoticeKind::PasskeyRemoved => "passkey_removed",
        }
    }
    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<NoticeKind> {
        match code {
            "new_link" => Some(NoticeKind::NewLink),
            "password_set" => Some(NoticeKind::PasswordSet),
            "passkey_added" => Some(NoticeKind::PasskeyAdded),
            "passkey_removed" => Some(NoticeKind::PasskeyRemoved),
            _ => None,
        }
    }
}

/// A notice, with the name of who caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeRow {
    /// What happened.
    pub kind: NoticeKind,
    /// Who did it (their display name), if a person did.
    pub by_name: Option<String>,
    /// When (Unix seconds).
    pub at: i64,
}

/// How many rows [`AccessStore::prune_sign_in_records`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Sessions.
    pub sessions: u64,
    /// Invitation links.
    pub invitations: u64,
    /// Failed sign-in records.
    pub failures: u64,
}

/// A change at a table: a role changed or a person removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipEventRow {
    /// The person it concerns.
    pub person_id: PersonId,
    /// Their name.
    pub person_name: String,
    /// What happened.
    pub kind: MembershipEventKind,
    /// The coordinator's reason (a role change), in their words.
    pub reason: String,
    /// Who did it.
    pub by_name: String,
    /// When.
    pub at: i64,
    /// Whether their data at this table was erased on request since.
    pub erased: bool,
}

/// What changed at a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipEventKind {
    /// The role changed from one to the other.
    RoleChanged {
        /// Before.
        from: Role,
        /// After.
        to: Role,
    },
    /// The person no longer sits at the table.
    Removed {
        /// The role they had.
        role: Role,
    },
}

/// A professional account, as a coordinator manages it.
#[derive(Debug, Clone)]
pub struct AccountRow {
    /// The person.
    pub person: PersonRow,
    /// Whether they have chosen a password yet.
    pub has_password: bool,
    /// How many passkeys they have.
    pub passkeys: i64,
}

/// A seat at a table, made in one transaction: the person (new or existing), their membership,
/// an invitation to every meeting that has not started, and a sign-in link for someone new.
pub struct Seat<'a> {
    /// The case.
    pub case: CaseId,
    /// An existing account, or the new one to create.
    pub person: Result<PersonId, super::NewPerson>,
    /// Their role at the table.
    pub role: Role,
    /// Their relation to the child, in the inviter's words.
    pub relation: &'a str,
    /// For a supporter: who brought them, and the kind of support.
    pub brought: Option<(PersonId, crate::domain::SupporterKind)>,
    /// Meetings that start at or after this wall-clock time get them as invitee.
    pub upcoming_from: crate::domain::LocalTime,
    /// A sign-in link: its token hash, expiry and maker (for new people only).
    pub link: Option<(&'a [u8], i64, PersonId)>,
    /// An invitation mail to queue with the seat: its `Message-ID`, and whether it carries a
    /// sign-in link of its own (not for an existing account, who signs in as always).
    pub mail: Option<(String, bool)>,
    /// Now (Unix seconds).
    pub now: i64,
}

/// The sign-in and table-management part of the data layer.
#[async_trait]
pub trait AccessStore: Send + Sync {
    /// Starts a session.
    async fn create_session(
        &self,
        person: PersonId,
        token_hash: &[u8],
        kind: SessionKind,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    /// A session that is neither revoked nor expired, of an account that is not disabled.
    async fn session(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<SessionRow>>;
    /// Notes that a session was used now.
    async fn touch_session(&self, id: i64, now: i64) -> StoreResult<()>;
    /// Ends every session of a person (all devices). Returns how many ended.
    async fn revoke_sessions_of(&self, person: PersonId, now: i64) -> StoreResult<u64>;

    /// Keeps a flash message until `expires_at`.
    async fn put_flash(
        &self,
        id_hash: &[u8],
        kind: &str,
        path: &str,
        payload: &str,
        expires_at: i64,
    ) -> StoreResult<()>;
    /// Takes a flash message (it is deleted), if it has not expired.
    async fn take_flash(
        &self,
        id_hash: &[u8],
        now: i64,
    ) -> StoreResult<Option<(String, String, String)>>;
    /// Reads a flash message without deleting it, if it has not expired (a page view deletes it
    /// with [`AccessStore::delete_flashes`] once the page can be sent).
    async fn peek_flash(
        &self,
        id_hash: &[u8],
        now: i64,
    ) -> StoreResult<Option<(String, String, String)>>;
    /// Deletes flash messages, and every expired one.
    async fn delete_flashes(&self, id_hashes: &[Vec<u8>], now: i64) -> StoreResult<()>;

    /// Failures counted for a key since a moment, and the time of the latest.
    async fn failures(
        &self,
        scope: ThrottleScope,
        key: &str,
        since: i64,
    ) -> StoreResult<(i64, Option<i64>)>;
    /// Counts one failure.
    async fn record_failure(&self, scope: ThrottleScope, key: &str, at: i64) -> StoreResult<()>;
    /// Forgets the failures of a key (after a good sign-in).
    async fn clear_failures(&self, scope: ThrottleScope, key: &str) -> StoreResult<()>;

    /// Deletes what sign-in leaves behind once it ended before `before`: sessions that expired
    /// or were ended, invitation links that were used, expired or taken back, and failed sign-in
    /// records. One transaction. Returns how many rows of each went.
    async fn prune_sign_in_records(&self, before: i64) -> StoreResult<Pruned>;

    /// Leaves a notice for a person's next sign-in.
    async fn add_notice(
        &self,
        person: PersonId,
        kind: NoticeKind,
        by: Option<PersonId>,
        case: Option<CaseId>,
        now: i64,
    ) -> StoreResult<()>;
    /// The notices not shown yet; they count as shown from now on.
    async fn take_notices(&self, person: PersonId, now: i64) -> StoreResult<Vec<NoticeRow>>;

    /// Seats someone at a table (see [`Seat`]). `None`: they already sit there, or (a supporter)
    /// the one who brought them no longer does; nothing was written. Otherwise the person and the invitation made, if any.
    async fn seat(
        &self,
        seat: Seat<'_>,
    ) -> StoreResult<Option<(PersonId, Option<crate::domain::InvitationId>)>>;
    /// A person's role at a table and whether the case is closed, in one read. `None`: not at
    /// the table (never was, or was removed), or no such case.
    async fn table(&self, case: CaseId, person: PersonId) -> StoreResult<Option<(Role, bool)>>;
    /// Takes a person off a table (their rows stay, their access ends), and the supporters they
    /// brought with them. One transaction with its records. `false`: they were not at the table.
    async fn remove_member(
        &self,
        case: CaseId,
        person: PersonId,
        by: PersonId,
        now: i64,
    ) -> StoreResult<bool>;
    /// Changes a person's role at a table, with a reason. One transaction with its record.
    async fn change_role(
        &self,
        case: CaseId,
        person: PersonId,
        to: Role,
        reason: &str,
        by: PersonId,
        now: i64,
    ) -> StoreResult<bool>;
    /// Notes that a family member needs an interpreter at the meetings of this table (the
    /// language), or no longer does (`None`). `false`: they do not sit at the table.
    async fn set_interpreter(
        &self,
        case: CaseId,
        person: PersonId,
        language: Option<crate::domain::InterpreterLanguage>,
    ) -> StoreResult<bool>;
    /// For each table `person` sits at: the languages someone there needs an interpreter for.
    async fn interpreters_at_tables_of(
        &self,
        person: PersonId,
    ) -> StoreResult<Vec<(CaseId, crate::domain::InterpreterLanguage)>>;
    /// Role changes and removals at a table, newest first.
    async fn membership_events(&self, case: CaseId) -> StoreResult<Vec<MembershipEventRow>>;

    /// Keeps the language a person chose (a code of `Lang`), for what is sent to them.
    async fn set_language(&self, person: PersonId, code: &str) -> StoreResult<()>;
    /// The language a person chose, if they did.
    async fn language(&self, person: PersonId) -> StoreResult<Option<String>>;

    /// Disables an account and ends all its sessions and open links, in one transaction.
    async fn disable_person(&self, person: PersonId, now: i64) -> StoreResult<bool>;
    /// Every professional account, by name.
    async fn professionals(&self) -> StoreResult<Vec<AccountRow>>;
    /// Closes a case: it becomes read-only.
    async fn close_case(&self, case: CaseId, now: i64) -> StoreResult<bool>;

    /// Notes whether a parent at the table holds parental authority (gezag), and has the case's
    /// sent input looked at again (a young person's may go, or not, with it), in one
    /// transaction. `false`: no parent of that id at this table.
    async fn set_gezag(
        &self,
        case: CaseId,
        person: PersonId,
        gezag: bool,
        now: i64,
    ) -> StoreResult<bool>;
    /// Every school, by name.
    async fn schools(&self) -> StoreResult<Vec<super::SchoolRow>>;
    /// The staff of a school.
    async fn school_staff(&self, school: SchoolId) -> StoreResult<Vec<PersonRow>>;

    /// A portal-wide value.
    async fn meta(&self, name: &str) -> StoreResult<Option<String>>;
    /// Sets a portal-wide value unless it is set; returns the value that holds afterwards (so
    /// several instances starting together agree on one).
    async fn meta_init(&self, name: &str, value: &str) -> StoreResult<String>;
}
