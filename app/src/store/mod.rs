//! The data layer (server only). Pages and server functions talk to [`Store`], never to a
//! database directly, so a second implementation (PostgreSQL) can sit beside [`sqlite::SqliteStore`]
//! without touching them. Row types stay here; the types sent to the browser live with each feature.

pub mod access;
pub mod demo;
pub mod passkey;
pub mod sqlite;

pub use access::*;

use crate::domain::{
    AgeBand, AgendaItemId, AgreementId, CaseId, GoalId, InvitationId, LocalTime, MeetingId,
    OfferId, OfferLinkId, PersonId, PlanActionId, Role, SchoolId,
};
pub use crate::sync::key::ItemKey;
use async_trait::async_trait;

/// A data-layer failure, by kind. Only [`StoreError::Other`] is a real fault; its text goes to the
/// server log only.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A unique rule was broken (for example an email address that is already used).
    #[error("unique violation: {0}")]
    Unique(String),
    /// Someone else changed the row first, or it is in a state that does not allow this.
    #[error("conflict")]
    Conflict,
    /// Anything else: a broken connection, a bad migration.
    #[error("database: {0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                StoreError::Unique(d.constraint().unwrap_or("").to_string())
            }
            _ => StoreError::Other(e.to_string()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Other(e.to_string())
    }
}

impl From<StoreError> for crate::error::AppError {
    fn from(e: StoreError) -> Self {
        use crate::error::AppError;
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Unique(_) | StoreError::Conflict => AppError::Taken,
            StoreError::Other(_) => AppError::internal(e),
        }
    }
}

/// Result of a data-layer call.
pub type StoreResult<T> = Result<T, StoreError>;

/// A person.
#[derive(Clone)]
pub struct PersonRow {
    /// Id.
    pub id: PersonId,
    /// Name shown to others at the table.
    pub display_name: String,
    /// Email address (professionals).
    pub email: Option<String>,
    /// Argon2id hash, if a password is set. Never sent anywhere.
    pub password_hash: Option<String>,
    /// The kind of account.
    pub account_role: Role,
    /// When a coordinator disabled the account; a disabled account has no sessions.
    pub disabled_at: Option<i64>,
}

impl std::fmt::Debug for PersonRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonRow")
            .field("id", &self.id)
            .field("account_role", &self.account_role)
            .finish()
    }
}

/// A new person.
pub struct NewPerson {
    /// Name shown to others.
    pub display_name: String,
    /// Email address, if any.
    pub email: Option<String>,
    /// Password hash, if any.
    pub password_hash: Option<String>,
    /// The kind of account.
    pub account_role: Role,
}

/// A case.
#[derive(Debug, Clone)]
pub struct CaseRow {
    /// Id.
    pub id: CaseId,
    /// The young person's first name.
    pub child_first_name: String,
    /// The young person's age band.
    pub age_band: AgeBand,
    /// When it was closed, if it was.
    pub closed_at: Option<i64>,
}

/// One person at the table of a case.
#[derive(Debug, Clone)]
pub struct MemberRow {
    /// The person.
    pub person_id: PersonId,
    /// Their name.
    pub display_name: String,
    /// Their role.
    pub role: Role,
    /// Their relation to the young person, in their own words.
    pub relation: String,
}

/// A meeting.
#[derive(Debug, Clone)]
pub struct MeetingRow {
    /// Id.
    pub id: MeetingId,
    /// The case.
    pub case_id: CaseId,
    /// Short title.
    pub title: String,
    /// Start (Dutch wall-clock time).
    pub starts_at: LocalTime,
    /// Length in minutes.
    pub duration_minutes: i64,
    /// Where, if in person.
    pub place: String,
    /// The online link, if online.
    pub online_url: String,
    /// Why we meet, in plain words.
    pub purpose: String,
    /// Deadline to prepare.
    pub prepare_by: LocalTime,
}

/// A new meeting.
pub struct NewMeeting {
    /// The case.
    pub case_id: CaseId,
    /// Short title.
    pub title: String,
    /// Start.
    pub starts_at: LocalTime,
    /// Length in minutes.
    pub duration_minutes: i64,
    /// Where.
    pub place: String,
    /// Online link.
    pub online_url: String,
    /// Why we meet.
    pub purpose: String,
    /// Deadline to prepare.
    pub prepare_by: LocalTime,
    /// Who planned it.
    pub created_by: PersonId,
    /// Who is invited.
    pub invitees: Vec<PersonId>,
}

/// An invitation link (only its hash is stored).
#[derive(Debug, Clone)]
pub struct InvitationRow {
    /// Id.
    pub id: InvitationId,
    /// Who it signs in.
    pub person_id: PersonId,
    /// Their name.
    pub display_name: String,
    /// The case it was made for, if any.
    pub case_id: Option<CaseId>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub expires_at: i64,
    /// Unix seconds, once used.
    pub used_at: Option<i64>,
    /// Unix seconds, once revoked.
    pub revoked_at: Option<i64>,
}

/// One stored answer.
#[derive(Clone, PartialEq, Eq)]
pub struct AnswerRow {
    /// Who wrote it.
    pub person_id: PersonId,
    /// Question key.
    pub question: String,
    /// Exactly as typed.
    pub body: String,
    /// Sharing code.
    pub sharing: String,
    /// Number of saves.
    pub version: i64,
    /// The client's id of the latest save.
    pub last_op: String,
}

impl std::fmt::Debug for AnswerRow {
    // Never prints the answer text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnswerRow")
            .field("person_id", &self.person_id)
            .field("question", &self.question)
            .field("version", &self.version)
            .finish()
    }
}

/// A save of one answer, based on the version the client last saw.
pub struct SaveAnswer<'a> {
    /// The meeting.
    pub meeting: MeetingId,
    /// The author.
    pub person: PersonId,
    /// Question key.
    pub question: &'a str,
    /// Exactly as typed.
    pub body: &'a str,
    /// Sharing code.
    pub sharing: &'a str,
    /// The version the client based this on (0: new).
    pub base_version: i64,
    /// The client's id for this save.
    pub op: &'a str,
    /// Unix seconds.
    pub now: i64,
}

/// What became of a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Stored (or already stored by an earlier try of the same save) at this version.
    Saved(i64),
    /// Someone changed it since the client's version; nothing was overwritten.
    Conflict(AnswerRow),
}

/// The mediator's review of one answer.
#[derive(Clone, Default)]
pub struct ReviewRow {
    /// The author of the answer.
    pub person_id: PersonId,
    /// Question key.
    pub question: String,
    /// When the mediator marked it read.
    pub read_at: Option<i64>,
    /// The mediator's question back ("" if none).
    pub question_back: String,
    /// The author's reply to it ("" if none).
    pub reply: String,
    /// The mediator's summary for the table ("" if none).
    pub summary: String,
}

impl std::fmt::Debug for ReviewRow {
    // Never prints the texts.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReviewRow")
            .field("person_id", &self.person_id)
            .field("question", &self.question)
            .finish()
    }
}

/// One change to a review.
pub enum ReviewChange<'a> {
    /// Marked read.
    Read,
    /// A question back to the author.
    QuestionBack(&'a str),
    /// The author's reply.
    Reply(&'a str),
    /// A summary for the table.
    Summary(&'a str),
}

/// An agenda item.
#[derive(Clone)]
pub struct AgendaItemRow {
    /// Id.
    pub id: AgendaItemId,
    /// The meeting.
    pub meeting_id: MeetingId,
    /// Who proposed it.
    pub proposed_by: PersonId,
    /// Short title.
    pub title: String,
    /// Plain explanation.
    pub explanation: String,
    /// Why it matters to the proposer.
    pub why: String,
    /// The question key of the proposer's own input it is linked to ("" if none).
    pub linked_question: String,
    /// A young person asked the mediator to raise it.
    pub via_mediator: bool,
    /// Order on the agenda.
    pub position: i64,
    /// Time box in minutes.
    pub minutes: Option<i64>,
    /// The item this one was merged into.
    pub merged_into: Option<AgendaItemId>,
    /// On the published agenda.
    pub published: bool,
    /// Changed after publishing.
    pub changed: bool,
    /// What was discussed (the meeting record).
    pub discussed: String,
    /// Goes up with every save of `discussed`.
    pub discussed_version: i64,
}

impl std::fmt::Debug for AgendaItemRow {
    // Never prints the texts.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgendaItemRow")
            .field("id", &self.id)
            .field("meeting_id", &self.meeting_id)
            .field("position", &self.position)
            .finish()
    }
}

/// A new agenda item.
pub struct NewAgendaItem {
    /// The meeting.
    pub meeting_id: MeetingId,
    /// Who proposes it.
    pub proposed_by: PersonId,
    /// Short title.
    pub title: String,
    /// Plain explanation.
    pub explanation: String,
    /// Why it matters.
    pub why: String,
    /// Linked question key, or "".
    pub linked_question: String,
    /// Raised by the mediator on the proposer's behalf.
    pub via_mediator: bool,
}

/// An agreement: who does what by when.
#[derive(Clone)]
pub struct AgreementRow {
    /// Id.
    pub id: AgreementId,
    /// The meeting.
    pub meeting_id: MeetingId,
    /// The agenda item it belongs to, if any.
    pub item_id: Option<AgendaItemId>,
    /// What will be done.
    pub what: String,
    /// Who does it.
    pub who: String,
    /// By when (a date), if agreed.
    pub due: Option<chrono::NaiveDate>,
    /// The goal of the plan it serves, if any.
    pub goal_id: Option<GoalId>,
}

impl std::fmt::Debug for AgreementRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgreementRow")
            .field("id", &self.id)
            .field("meeting_id", &self.meeting_id)
            .finish()
    }
}

/// Whether the agreements match what someone heard.
#[derive(Clone)]
pub struct FeedbackRow {
    /// Who said it.
    pub person_id: PersonId,
    /// Yes or no.
    pub matches: bool,
    /// Their words.
    pub comment: String,
}

/// A school.
#[derive(Debug, Clone)]
pub struct SchoolRow {
    /// Id.
    pub id: SchoolId,
    /// Name.
    pub name: String,
}

/// The fields of an offer, as staff write them.
#[derive(Debug, Clone)]
pub struct OfferFields {
    /// Kind code: basic, extra, cannot.
    pub kind: String,
    /// Plain title.
    pub title: String,
    /// Plain explanation.
    pub explanation: String,
    /// Conditions.
    pub conditions: String,
    /// Who decides.
    pub decides: String,
    /// How long it takes.
    pub duration: String,
    /// Who else could help.
    pub elsewhere: String,
}

/// An offer of a school's profile.
#[derive(Debug, Clone)]
pub struct OfferRow {
    /// Id.
    pub id: OfferId,
    /// Kind code.
    pub kind: String,
    /// Plain title.
    pub title: String,
    /// Plain explanation.
    pub explanation: String,
    /// Conditions.
    pub conditions: String,
    /// Who decides.
    pub decides: String,
    /// How long it takes.
    pub duration: String,
    /// Who else could help.
    pub elsewhere: String,
}

/// An offer linked to a need.
#[derive(Debug, Clone)]
pub struct OfferLinkRow {
    /// Id.
    pub id: OfferLinkId,
    /// The offer.
    pub offer_id: OfferId,
    /// The answer's author, for an answer.
    pub author_id: Option<PersonId>,
    /// The answer's question, for an answer.
    pub question: Option<String>,
    /// The agenda item, for an item.
    pub item_id: Option<AgendaItemId>,
    /// A note for the family.
    pub note: String,
}

/// A new link.
pub struct NewOfferLink {
    /// The meeting.
    pub meeting_id: MeetingId,
    /// The offer.
    pub offer_id: OfferId,
    /// The answer's author.
    pub author_id: Option<PersonId>,
    /// The answer's question.
    pub question: Option<String>,
    /// The agenda item.
    pub item_id: Option<AgendaItemId>,
    /// A note.
    pub note: String,
    /// Who linked it.
    pub created_by: PersonId,
    /// Unix seconds.
    pub now: i64,
}

/// A goal of the plan.
#[derive(Debug, Clone)]
pub struct GoalRow {
    /// Id.
    pub id: GoalId,
    /// The case.
    pub case_id: CaseId,
    /// In plain words.
    pub plain: String,
    /// The professional wording.
    pub detail: String,
    /// Role code of who expressed it.
    pub expressed_by: String,
    /// active, reached or stopped.
    pub status: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub updated_at: i64,
}

/// Progress on a goal.
#[derive(Debug, Clone)]
pub struct ProgressRow {
    /// The goal.
    pub goal_id: GoalId,
    /// 1 to 10.
    pub score: i64,
    /// A short note.
    pub note: String,
    /// Unix seconds.
    pub at: i64,
}

/// An action of the plan.
#[derive(Debug, Clone)]
pub struct PlanActionRow {
    /// Id.
    pub id: PlanActionId,
    /// The goal it serves.
    pub goal_id: Option<GoalId>,
    /// What.
    pub what: String,
    /// Who.
    pub who: String,
    /// By when.
    pub due: Option<chrono::NaiveDate>,
    /// When it was done.
    pub done_at: Option<i64>,
    /// Unix seconds.
    pub created_at: i64,
}

/// Outbox entries of one item that are due: delivered together, as the item is now.
#[derive(Debug, Clone)]
pub struct OutboxDue {
    /// The case.
    pub case_id: CaseId,
    /// The item.
    pub key: ItemKey,
    /// The newest entry of this item; entries up to it are settled together.
    pub up_to: i64,
    /// Tries so far.
    pub attempts: i64,
}

/// A resource in the care-plan store that belongs to an item here.
#[derive(Clone)]
pub struct SyncLink {
    /// The item.
    pub key: ItemKey,
    /// The case.
    pub case_id: CaseId,
    /// FHIR resource type.
    pub resource_type: String,
    /// The store's id.
    pub remote_id: String,
    /// The version last seen (`meta.versionId`).
    pub version_id: String,
    /// The whole resource as last seen, as JSON.
    pub resource: String,
    /// The mapped fields both sides last agreed on, as JSON.
    pub base: String,
    /// Unix seconds.
    pub synced_at: i64,
}

impl std::fmt::Debug for SyncLink {
    // Never prints the resource: it may hold someone's words.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncLink")
            .field("key", &self.key)
            .field("resource_type", &self.resource_type)
            .field("remote_id", &self.remote_id)
            .field("version_id", &self.version_id)
            .finish()
    }
}

/// A field changed here and in the store in different ways.
#[derive(Clone)]
pub struct ConflictRow {
    /// Id.
    pub id: i64,
    /// The case.
    pub case_id: CaseId,
    /// The item.
    pub key: ItemKey,
    /// The field ("plain", "status").
    pub field: String,
    /// The value here.
    pub ours: Option<String>,
    /// The value in the store.
    pub theirs: Option<String>,
    /// The store's version that holds `theirs`.
    pub remote_version: String,
    /// Unix seconds.
    pub found_at: i64,
}

impl std::fmt::Debug for ConflictRow {
    // Never prints the values.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConflictRow")
            .field("id", &self.id)
            .field("key", &self.key)
            .field("field", &self.field)
            .finish()
    }
}

/// A failed outbox item, for the status page.
#[derive(Debug, Clone)]
pub struct OutboxProblem {
    /// The item.
    pub key: ItemKey,
    /// waiting (still retried) or failed (needs a person).
    pub state: String,
    /// The error code.
    pub error: String,
    /// Tries so far.
    pub attempts: i64,
    /// When the first entry was written.
    pub since: i64,
    /// When the next try is (waiting only).
    pub next_try_at: i64,
}

/// One waiting or failed outbox entry, as stored.
#[derive(Debug, Clone)]
pub struct OutboxEntry {
    /// The item.
    pub key: ItemKey,
    /// waiting or failed.
    pub state: String,
    /// When it was written.
    pub created_at: i64,
    /// Tries so far.
    pub attempts: i64,
    /// When the next try is.
    pub next_try_at: i64,
    /// The code of the last failure ("" when none).
    pub last_error: String,
}

/// What the outbox of a case holds.
#[derive(Debug, Clone, Default)]
pub struct OutboxSummary {
    /// Items waiting to be sent.
    pub waiting: Vec<ItemKey>,
    /// The oldest waiting entry.
    pub oldest_waiting: Option<i64>,
    /// Items with a failure (waiting with an error, or failed).
    pub problems: Vec<OutboxProblem>,
    /// When something of this case last reached the store.
    pub last_sent: Option<i64>,
}

impl OutboxSummary {
    /// The summary of a case's waiting and failed entries (oldest first), for every backend:
    /// the items waiting, and per item and state the failures.
    pub fn of(entries: Vec<OutboxEntry>, last_sent: Option<i64>) -> OutboxSummary {
        let mut waiting: Vec<ItemKey> = Vec::new();
        let mut oldest_waiting: Option<i64> = None;
        let mut problems: Vec<OutboxProblem> = Vec::new();
        for e in entries {
            if e.state == "waiting" {
                oldest_waiting = Some(oldest_waiting.map_or(e.created_at, |t| t.min(e.created_at)));
                if !waiting.contains(&e.key) {
                    waiting.push(e.key.clone());
                }
            }
            if e.state == "failed" || (e.state == "waiting" && !e.last_error.is_empty()) {
                match problems
                    .iter_mut()
                    .find(|p| p.key == e.key && p.state == e.state)
                {
                    Some(p) => {
                        p.error = p.error.clone().max(e.last_error);
                        p.attempts = p.attempts.max(e.attempts);
                        p.since = p.since.min(e.created_at);
                        p.next_try_at = p.next_try_at.min(e.next_try_at);
                    }
                    None => problems.push(OutboxProblem {
                        key: e.key,
                        state: e.state,
                        error: e.last_error,
                        attempts: e.attempts,
                        since: e.created_at,
                        next_try_at: e.next_try_at,
                    }),
                }
            }
        }
        OutboxSummary {
            waiting,
            oldest_waiting,
            problems,
            last_sent,
        }
    }
}

/// What the items of a case are called, to name outbox items on the sync page.
#[derive(Debug, Clone, Default)]
pub struct ItemLabels {
    /// Goals, in plain words.
    pub goals: std::collections::HashMap<GoalId, String>,
    /// Plan actions.
    pub actions: std::collections::HashMap<PlanActionId, String>,
    /// Meeting titles.
    pub meetings: std::collections::HashMap<MeetingId, String>,
    /// Names of the people at the table.
    pub people: std::collections::HashMap<PersonId, String>,
}

/// One entry for the audit log.
pub struct AuditEntry<'a> {
    /// Who did it.
    pub person_id: Option<PersonId>,
    /// On which case.
    pub case_id: Option<CaseId>,
    /// What, as a short code ("case.read", "meeting.create").
    pub action: &'a str,
    /// Which object, as an id ("meeting:3"). Never a text someone typed.
    pub target: String,
}

/// An audit row to write later, with everything owned (see [`crate::memo::PageMemo`]).
#[derive(Debug, Clone)]
pub struct AuditRecord {
    /// Unix seconds.
    pub at: i64,
    /// Who did it.
    pub person_id: Option<PersonId>,
    /// On which case.
    pub case_id: Option<CaseId>,
    /// What, as a short code.
    pub action: String,
    /// Which object, as an id. Never a text someone typed.
    pub target: String,
}

/// A case, the caller's role at its table, and who gave their yes to the care plan.
#[derive(Debug, Clone)]
pub struct CaseAtTable {
    /// The case.
    pub case: CaseRow,
    /// The caller's role (`None`: not at the table, or taken off it).
    pub role: Option<Role>,
    /// Who gave their yes to sending their input to the care plan, as [`Store::consents`].
    pub consents: Vec<PersonId>,
}

/// What every meeting page needs first, read together: the meeting, its case, the caller's
/// role at the table, who is invited and when the topics were published.
#[derive(Debug, Clone)]
pub struct MeetingAtTable {
    /// The meeting.
    pub meeting: MeetingRow,
    /// Its case.
    pub case: CaseRow,
    /// The caller's role at the case's table (`None`: not at the table).
    pub role: Option<Role>,
    /// Who is invited, by id.
    pub invitees: Vec<PersonId>,
    /// The people at the case's table now, as [`Store::members`] gives them.
    pub members: Vec<MemberRow>,
    /// Who sent their preparation, and when, as [`Store::sent_preparations`] gives them.
    pub sent: Vec<(PersonId, i64)>,
    /// When the topics were published.
    pub published_at: Option<i64>,
    /// The child's school, when the case has one.
    pub school: Option<SchoolRow>,
    /// Whether the caller is on that school's staff.
    pub school_staff: bool,
}

/// The one interface in front of the database.
#[async_trait]
pub trait Store: AccessStore + passkey::PasskeyStore + Send + Sync + 'static {
    /// Whether there is nobody yet (for seeding the demo).
    async fn is_empty(&self) -> StoreResult<bool>;

    /// One person.
    async fn person(&self, id: PersonId) -> StoreResult<Option<PersonRow>>;
    /// A person by email address (lower case).
    async fn person_by_email(&self, email: &str) -> StoreResult<Option<PersonRow>>;
    /// Adds a person.
    async fn create_person(&self, p: NewPerson) -> StoreResult<PersonId>;
    /// Sets a password hash.
    async fn set_password(&self, id: PersonId, hash: &str) -> StoreResult<()>;

    /// The person of a live session.
    async fn session_person(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<PersonRow>>;
    /// Ends a session.
    async fn revoke_session(&self, token_hash: &[u8], now: i64) -> StoreResult<()>;

    /// Adds an invitation.
    async fn create_invitation(
        &self,
        person: PersonId,
        case: Option<CaseId>,
        created_by: Option<PersonId>,
        token_hash: &[u8],
        now: i64,
        expires_at: i64,
    ) -> StoreResult<InvitationId>;
    /// An invitation by token hash.
    async fn invitation_by_hash(&self, token_hash: &[u8]) -> StoreResult<Option<InvitationRow>>;
    /// Marks an invitation used, only if it is still usable. Returns whether this call used it.
    async fn use_invitation(&self, id: InvitationId, now: i64) -> StoreResult<bool>;
    /// Revokes an unused invitation of a case. Returns whether one was revoked.
    async fn revoke_invitation(
        &self,
        case: CaseId,
        id: InvitationId,
        now: i64,
    ) -> StoreResult<bool>;
    /// Revokes every unused invitation of a person.
    async fn revoke_open_invitations_of(&self, person: PersonId, now: i64) -> StoreResult<()>;
    /// A case's invitations, newest first.
    async fn case_invitations(&self, case: CaseId) -> StoreResult<Vec<InvitationRow>>;

    /// Adds a case, with its creator at the table as coordinator.
    async fn create_case(
        &self,
        first_name: &str,
        band: AgeBand,
        creator: PersonId,
        now: i64,
    ) -> StoreResult<CaseId>;
    /// One case.
    async fn case(&self, id: CaseId) -> StoreResult<Option<CaseRow>>;
    /// A meeting with its case, someone's role at the table, the invitees and when the topics
    /// were published, in one read.
    async fn meeting_at_table(
        &self,
        id: MeetingId,
        person: PersonId,
    ) -> StoreResult<Option<MeetingAtTable>>;
    /// A case with someone's current role at its table, in one read.
    async fn case_at_table(&self, id: CaseId, person: PersonId)
        -> StoreResult<Option<CaseAtTable>>;
    /// The cases a person sits at, with their role.
    async fn cases_of(&self, person: PersonId) -> StoreResult<Vec<(CaseRow, Role)>>;
    /// A person's role at a case, if they sit at it.
    async fn membership(&self, case: CaseId, person: PersonId) -> StoreResult<Option<Role>>;
    /// Everyone at the table.
    async fn members(&self, case: CaseId) -> StoreResult<Vec<MemberRow>>;
    /// Puts a person at the table. Never changes the role of someone who is already there (that
    /// is [`AccessStore::change_role`]); returns `false` then. Someone who was removed comes back.
    async fn add_member(
        &self,
        case: CaseId,
        person: PersonId,
        role: Role,
        relation: &str,
        now: i64,
    ) -> StoreResult<bool>;

    /// Adds a meeting with its invitees.
    async fn create_meeting(&self, m: NewMeeting, now: i64) -> StoreResult<MeetingId>;
    /// One meeting.
    async fn meeting(&self, id: MeetingId) -> StoreResult<Option<MeetingRow>>;
    /// A case's meetings, soonest first.
    async fn meetings_of_case(&self, case: CaseId) -> StoreResult<Vec<MeetingRow>>;
    /// Invites one more person to a meeting.
    async fn add_invitee(&self, meeting: MeetingId, person: PersonId) -> StoreResult<()>;
    /// Who is invited to a meeting.
    async fn meeting_invitees(&self, meeting: MeetingId) -> StoreResult<Vec<PersonId>>;

    /// A person's answers for a meeting.
    async fn answers_of(&self, meeting: MeetingId, person: PersonId)
        -> StoreResult<Vec<AnswerRow>>;
    /// Every answer for a meeting (filter with `prepare::sharing::may_see` before showing).
    async fn meeting_answers(&self, meeting: MeetingId) -> StoreResult<Vec<AnswerRow>>;
    /// Saves an answer if nobody changed it since `base_version`.
    async fn save_answer(&self, save: SaveAnswer<'_>) -> StoreResult<SaveOutcome>;
    /// Marks a preparation as sent.
    async fn mark_sent(&self, meeting: MeetingId, person: PersonId, now: i64) -> StoreResult<()>;
    /// Who has sent their preparation, and when.
    async fn sent_preparations(&self, meeting: MeetingId) -> StoreResult<Vec<(PersonId, i64)>>;

    /// The mediator's reviews of a meeting's answers.
    async fn reviews(&self, meeting: MeetingId) -> StoreResult<Vec<ReviewRow>>;
    /// Changes one review (creating it when needed).
    async fn change_review(
        &self,
        meeting: MeetingId,
        author: PersonId,
        question: &str,
        change: ReviewChange<'_>,
        now: i64,
    ) -> StoreResult<()>;
    /// Narrows the sharing of one answer to "only me" (withdrawn). Returns whether it existed.
    async fn withdraw_answer(
        &self,
        meeting: MeetingId,
        person: PersonId,
        question: &str,
        now: i64,
    ) -> StoreResult<bool>;

    /// When the agenda was published, if it was.
    async fn agenda_published_at(&self, meeting: MeetingId) -> StoreResult<Option<i64>>;
    /// Every agenda item of a meeting (merged ones too), in agenda order.
    async fn agenda_items(&self, meeting: MeetingId) -> StoreResult<Vec<AgendaItemRow>>;
    /// Adds an item at the end of the agenda.
    async fn add_agenda_item(&self, item: NewAgendaItem, now: i64) -> StoreResult<AgendaItemId>;
    /// Writes the organising fields of these items (not `discussed`), all in one transaction.
    async fn save_agenda_items(&self, items: &[AgendaItemRow]) -> StoreResult<()>;
    /// Saves what was discussed on an item, if nobody saved it since `version`. `false`: it
    /// changed in between (or there is no such item), and nothing was written.
    async fn save_discussed(
        &self,
        meeting: MeetingId,
        item: AgendaItemId,
        version: i64,
        text: &str,
    ) -> StoreResult<bool>;
    /// Publishes the agenda: every item not merged away goes on it, and "changed" marks clear.
    async fn publish_agenda(&self, meeting: MeetingId, now: i64) -> StoreResult<()>;

    /// A meeting's agreements, in the order they were made.
    async fn agreements(&self, meeting: MeetingId) -> StoreResult<Vec<AgreementRow>>;
    /// Adds an agreement.
    async fn add_agreement(
        &self,
        meeting: MeetingId,
        item: Option<AgendaItemId>,
        goal: Option<GoalId>,
        what: &str,
        who: &str,
        due: Option<chrono::NaiveDate>,
        by: PersonId,
        now: i64,
    ) -> StoreResult<AgreementId>;
    /// Removes an agreement of this meeting. Returns whether one was removed.
    async fn remove_agreement(&self, meeting: MeetingId, id: AgreementId) -> StoreResult<bool>;
    /// Everyone's answer to "does this match what you heard?".
    async fn feedback(&self, meeting: MeetingId) -> StoreResult<Vec<FeedbackRow>>;
    /// Stores someone's answer to "does this match what you heard?".
    async fn set_feedback(
        &self,
        meeting: MeetingId,
        person: PersonId,
        matches: bool,
        comment: &str,
        now: i64,
    ) -> StoreResult<()>;

    /// Adds a school.
    async fn create_school(&self, name: &str, now: i64) -> StoreResult<SchoolId>;
    /// One school.
    async fn school(&self, id: SchoolId) -> StoreResult<Option<SchoolRow>>;
    /// Makes a person staff of a school.
    async fn add_school_staff(&self, school: SchoolId, person: PersonId) -> StoreResult<()>;
    /// Whether a person works at a school.
    async fn is_school_staff(&self, school: SchoolId, person: PersonId) -> StoreResult<bool>;
    /// Sets the school of a case.
    async fn set_case_school(&self, case: CaseId, school: SchoolId) -> StoreResult<()>;
    /// The school of a case.
    async fn case_school(&self, case: CaseId) -> StoreResult<Option<SchoolRow>>;
    /// A school's current offers.
    async fn offers(&self, school: SchoolId) -> StoreResult<Vec<OfferRow>>;
    /// Adds (no id) or changes an offer of this school. `None` if the id is not this school's.
    async fn save_offer(
        &self,
        school: SchoolId,
        id: Option<OfferId>,
        fields: &OfferFields,
        now: i64,
    ) -> StoreResult<Option<OfferId>>;
    /// Takes an offer out of the profile (links to it stay in history). Returns whether it did.
    async fn remove_offer(&self, school: SchoolId, id: OfferId, now: i64) -> StoreResult<bool>;
    /// The offer links of a meeting.
    async fn offer_links(&self, meeting: MeetingId) -> StoreResult<Vec<OfferLinkRow>>;
    /// Links an offer to a need.
    async fn add_offer_link(&self, link: NewOfferLink) -> StoreResult<OfferLinkId>;
    /// Removes a link of this meeting. Returns whether it did.
    async fn remove_offer_link(&self, meeting: MeetingId, id: OfferLinkId) -> StoreResult<bool>;

    /// The goals of a case's plan.
    async fn goals(&self, case: CaseId) -> StoreResult<Vec<GoalRow>>;
    /// Adds a goal.
    async fn add_goal(
        &self,
        case: CaseId,
        plain: &str,
        detail: &str,
        expressed_by: Role,
        now: i64,
    ) -> StoreResult<GoalId>;
    /// Changes a goal of this case (words and status). Returns whether it was found.
    async fn update_goal(
        &self,
        case: CaseId,
        id: GoalId,
        plain: &str,
        detail: &str,
        status: &str,
        now: i64,
    ) -> StoreResult<bool>;
    /// Progress on every goal of a case, oldest first.
    async fn goal_progress(&self, case: CaseId) -> StoreResult<Vec<ProgressRow>>;
    /// Adds progress on a goal of this case. Returns whether the goal was found.
    async fn add_progress(
        &self,
        case: CaseId,
        goal: GoalId,
        score: i64,
        note: &str,
        by: PersonId,
        now: i64,
    ) -> StoreResult<bool>;
    /// The actions of a case's plan.
    async fn plan_actions(&self, case: CaseId) -> StoreResult<Vec<PlanActionRow>>;
    /// Adds an action.
    async fn add_plan_action(
        &self,
        case: CaseId,
        goal: Option<GoalId>,
        what: &str,
        who: &str,
        due: Option<chrono::NaiveDate>,
        now: i64,
    ) -> StoreResult<PlanActionId>;
    /// Marks an action of this case done or not done. Returns whether it was found.
    async fn set_action_done(
        &self,
        case: CaseId,
        id: PlanActionId,
        done: bool,
        now: i64,
    ) -> StoreResult<bool>;

    /// A goal by id.
    async fn goal(&self, id: GoalId) -> StoreResult<Option<GoalRow>>;
    /// An action by id, with its case.
    async fn plan_action(&self, id: PlanActionId) -> StoreResult<Option<(CaseId, PlanActionRow)>>;
    /// An agreement by id.
    async fn agreement(&self, id: AgreementId) -> StoreResult<Option<AgreementRow>>;
    /// Applies a goal as the care-plan store has it (no outbox entry: it comes from there).
    async fn goal_from_store(
        &self,
        case: CaseId,
        id: Option<GoalId>,
        plain: &str,
        detail: &str,
        expressed_by: Role,
        status: &str,
        now: i64,
    ) -> StoreResult<GoalId>;
    /// Applies an action as the care-plan store has it (no outbox entry: it comes from there).
    async fn action_from_store(
        &self,
        case: CaseId,
        id: Option<PlanActionId>,
        what: &str,
        who: &str,
        due: Option<chrono::NaiveDate>,
        done: bool,
        now: i64,
    ) -> StoreResult<PlanActionId>;

    /// Outbox items that are due, oldest first.
    async fn outbox_due(&self, now: i64, limit: i64) -> StoreResult<Vec<OutboxDue>>;
    /// Settles the waiting entries of an item up to `up_to`: state `sent`, `failed` or `conflict`.
    async fn outbox_settle(
        &self,
        key: &ItemKey,
        up_to: i64,
        state: &str,
        error: &str,
        now: i64,
    ) -> StoreResult<()>;
    /// Keeps the waiting entries of an item for a later try.
    async fn outbox_retry(
        &self,
        key: &ItemKey,
        up_to: i64,
        attempts: i64,
        next_try_at: i64,
        error: &str,
    ) -> StoreResult<()>;
    /// Puts an item (or, without a key, every failed item of the case) back in the queue.
    async fn outbox_requeue(
        &self,
        case: CaseId,
        key: Option<&ItemKey>,
        now: i64,
    ) -> StoreResult<()>;
    /// Adds an entry for an item in the given state.
    async fn outbox_add(
        &self,
        case: CaseId,
        key: &ItemKey,
        state: &str,
        now: i64,
    ) -> StoreResult<()>;
    /// What the outbox of a case holds.
    async fn outbox_summary(&self, case: CaseId) -> StoreResult<OutboxSummary>;
    /// Waiting entries in all, for the worker's log.
    async fn outbox_waiting_count(&self) -> StoreResult<i64>;
    /// Deletes sent entries older than `before`.
    async fn outbox_prune(&self, before: i64) -> StoreResult<()>;
    /// The store's resource for an item.
    async fn sync_link(&self, key: &ItemKey) -> StoreResult<Option<SyncLink>>;
    /// The item of a store resource.
    async fn sync_link_by_remote(
        &self,
        resource_type: &str,
        id: &str,
    ) -> StoreResult<Option<SyncLink>>;
    /// Saves (adds or replaces) a link.
    async fn save_sync_link(&self, link: &SyncLink) -> StoreResult<()>;
    /// Records a conflict.
    async fn add_conflict(&self, c: &ConflictRow) -> StoreResult<()>;
    /// Open conflicts of a case (all cases: `None`).
    async fn open_conflicts(&self, case: Option<CaseId>) -> StoreResult<Vec<ConflictRow>>;
    /// Closes an open conflict of this case. Returns it, if it was open.
    async fn resolve_conflict(
        &self,
        case: CaseId,
        id: i64,
        by: PersonId,
        resolution: &str,
        now: i64,
    ) -> StoreResult<Option<ConflictRow>>;
    /// A fact of the sync worker.
    async fn sync_get(&self, name: &str) -> StoreResult<Option<String>>;
    /// Several facts of the sync worker at once, as (name, value) for those that are set.
    async fn sync_get_many(&self, names: &[&str]) -> StoreResult<Vec<(String, String)>>;
    /// What the goals, actions, meetings and people of a case are called, in one read.
    async fn item_labels(&self, case: CaseId) -> StoreResult<ItemLabels>;
    /// Sets a fact of the sync worker.
    async fn sync_set(&self, name: &str, value: &str) -> StoreResult<()>;
    /// Gives or takes back someone's yes to sending their shared input to the care plan.
    async fn set_consent(
        &self,
        case: CaseId,
        person: PersonId,
        yes: bool,
        now: i64,
    ) -> StoreResult<()>;
    /// Who at this table said yes.
    async fn consents(&self, case: CaseId) -> StoreResult<Vec<PersonId>>;

    /// Writes an audit entry.
    async fn audit(&self, entry: AuditEntry<'_>, now: i64) -> StoreResult<()>;
    /// Writes several audit rows in one statement.
    async fn audit_many(&self, records: &[AuditRecord]) -> StoreResult<()>;
    /// The number of audit entries for a case (for tests and the coordinator).
    async fn audit_count(&self, case: CaseId, action: &str) -> StoreResult<i64>;
}
