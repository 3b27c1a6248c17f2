//! Mail: the outbox of mails (one row per mail, sent at least once), what a mail needs to be
//! written when it is sent, who a reminder is due for, and a person's choice about mail. The row
//! types and the [`MailStore`] part of the data layer; each backend implements it.

use super::*;
pub use crate::mail::key::{MailChoice, MailKey};

/// A mail to queue. Queuing the same key twice keeps the first.
pub struct NewMail {
    /// What it is and who gets it.
    pub key: MailKey,
    /// The case it is about (none for a new link).
    pub case_id: Option<CaseId>,
    /// Its `Message-ID`, the same on every try.
    pub message_id: String,
    /// Whether it carries a sign-in link (made fresh when it is sent).
    pub with_link: bool,
}

/// A mail that is due, claimed by one worker.
#[derive(Debug, Clone)]
pub struct MailDue {
    /// The row.
    pub id: i64,
    /// What it is and who gets it.
    pub key: MailKey,
    /// The case it is about.
    pub case_id: Option<CaseId>,
    /// Its `Message-ID`.
    pub message_id: String,
    /// Whether it carries a sign-in link.
    pub with_link: bool,
    /// Tries so far.
    pub attempts: i64,
    /// When it was queued.
    pub created_at: i64,
}

/// What a mail says, read when it is sent. Never an answer or any other text someone typed
/// for the table, and never a surname: only names, dates and what the mail is about.
#[derive(Clone, Default)]
pub struct MailFacts {
    /// The address.
    pub email: Option<String>,
    /// The person's name, as the coach wrote it.
    pub name: String,
    /// Their language code, if they chose one.
    pub language: Option<String>,
    /// What they said about mail.
    pub choice: MailChoice,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// Whether the account is a young person's (for a mail about no table: "je").
    pub account_young: bool,
    /// Their role at the table of the case, while they sit there.
    pub role: Option<Role>,
    /// When the case was closed, if it was.
    pub closed_at: Option<i64>,
    /// When the family was told the closed case's words will be erased, if they were.
    pub retention_warned_at: Option<i64>,
    /// The child's first name.
    pub child: String,
    /// Who invited them (an invitation), or the coach of the meeting.
    pub by: Option<String>,
    /// The meeting the mail is about: its id, start (wall clock) and deadline to prepare.
    pub meeting: Option<(MeetingId, LocalTime, String)>,
    /// An agreement's date and its meeting (a reminder before it).
    pub due: Option<(String, MeetingId)>,
    /// Whether it should no longer go: the person sent their input (a reminder to prepare) or
    /// said the agreement is done (a reminder before its date).
    pub moot: bool,
}

/// A mail of a case, for the coach's list.
#[derive(Debug, Clone)]
pub struct MailLogRow {
    /// What it is and who gets it.
    pub key: MailKey,
    /// The recipient's name.
    pub name: String,
    /// waiting, sent, failed or skipped.
    pub state: String,
    /// Tries so far.
    pub attempts: i64,
    /// The code of the last failure ("" when none).
    pub last_error: String,
    /// When it was queued.
    pub created_at: i64,
    /// When the mail server took it.
    pub sent_at: Option<i64>,
}

/// Someone a reminder or a piece of news may be due for (the rules in
/// [`crate::mail::schedule`] decide).
#[derive(Debug, Clone)]
pub struct MailCandidate {
    /// What it would be and who would get it.
    pub key: MailKey,
    /// The case.
    pub case_id: CaseId,
    /// Their role at the table.
    pub role: Role,
    /// The date or time the rule looks at: a deadline or due date (`YYYY-MM-DD`), or a
    /// meeting's start (`YYYY-MM-DDTHH:MM`).
    pub when: String,
    /// For agreements ready: when the newest agreement was written (Unix seconds).
    pub settled_at: i64,
}

/// The windows the scheduler asks about, worked out in Rust (see
/// [`crate::mail::schedule::Windows`]).
#[derive(Debug, Clone)]
pub struct CandidateWindows {
    /// Deadlines and due dates from this date …
    pub from_date: String,
    /// … up to this date (`YYYY-MM-DD`, both inclusive).
    pub to_date: String,
    /// Meetings that started from this wall-clock time (agreements ready) …
    pub started_from: String,
    /// … and before this one.
    pub started_before: String,
    /// Agendas shared since (Unix seconds), of meetings that start after `started_before`.
    pub shared_since: i64,
}

/// Mail: the outbox, the facts a mail is written from, reminders and choices.
#[async_trait]
pub trait MailStore: Send + Sync {
    /// Queues mails; a key that is already queued keeps its first mail. Returns how many are new.
    async fn mail_enqueue(&self, mails: &[NewMail], now: i64) -> StoreResult<u64>;

    /// Claims the mails that are due, oldest first, for `lease` seconds.
    async fn mail_claim(&self, now: i64, lease: i64, limit: i64) -> StoreResult<Vec<MailDue>>;

    /// Ends a mail: `sent`, `failed` or `skipped`.
    async fn mail_settle(&self, id: i64, state: &str, error: &str, now: i64) -> StoreResult<()>;

    /// Keeps a mail for a later try.
    async fn mail_retry(
        &self,
        id: i64,
        attempts: i64,
        next_try_at: i64,
        error: &str,
    ) -> StoreResult<()>;

    /// Ends the claims on mails a worker claimed but did not get to.
    async fn mail_release(&self, ids: &[i64]) -> StoreResult<()>;

    /// What a mail is written from, read when it is sent.
    async fn mail_facts(&self, due: &MailDue) -> StoreResult<MailFacts>;

    /// The newest mails of a case (at most 100), newest first.
    async fn mail_log(&self, case: CaseId) -> StoreResult<Vec<MailLogRow>>;

    /// Everyone a reminder or a piece of news may be due for, in the given windows.
    async fn mail_candidates(&self, w: &CandidateWindows) -> StoreResult<Vec<MailCandidate>>;

    /// A person's address and choice about mail.
    async fn mail_choice(&self, person: PersonId) -> StoreResult<(Option<String>, MailChoice)>;

    /// Deletes mails that ended before `before` (the coach's list shows the newest).
    async fn mail_prune(&self, before: i64) -> StoreResult<u64>;

    /// Sets a person's choice about mail.
    async fn set_mail_choice(
        &self,
        person: PersonId,
        choice: MailChoice,
        now: i64,
    ) -> StoreResult<()>;
}
