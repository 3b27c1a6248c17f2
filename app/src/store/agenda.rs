//! The shared agenda (topics), what was discussed, agreements and the family's feedback on them.
//! The row types and the [`AgendaStore`] part of the data layer; each backend implements it.

use super::*;

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
    /// The person at the table responsible for it, if the coach chose one.
    pub responsible_id: Option<PersonId>,
    /// The newest report of how it went, if anyone gave one.
    pub latest: Option<AgreementUpdateRow>,
}

/// A new agreement.
pub struct NewAgreement<'a> {
    /// The meeting.
    pub meeting: MeetingId,
    /// The agenda item it belongs to, if any.
    pub item: Option<AgendaItemId>,
    /// The goal of the plan it serves, if any.
    pub goal: Option<GoalId>,
    /// What will be done.
    pub what: &'a str,
    /// Who does it, in the coach's words.
    pub who: &'a str,
    /// The person at the table responsible for it, if any.
    pub responsible: Option<PersonId>,
    /// By when, if agreed.
    pub due: Option<chrono::NaiveDate>,
    /// Who wrote it down.
    pub by: PersonId,
}

/// A meeting with its agreements (see [`AgendaStore::case_agreements`]).
#[derive(Debug, Clone)]
pub struct MeetingAgreements {
    /// The meeting.
    pub meeting_id: MeetingId,
    /// Its title.
    pub title: String,
    /// When it starts.
    pub starts_at: LocalTime,
    /// Its agreements, in the order they were made.
    pub agreements: Vec<AgreementRow>,
}

/// One report of how an agreement went. Every report is kept; the newest is its status.
#[derive(Clone, PartialEq, Eq)]
pub struct AgreementUpdateRow {
    /// The agreement.
    pub agreement_id: AgreementId,
    /// Who said it.
    pub person_id: PersonId,
    /// How it went.
    pub status: AgreementStatus,
    /// Their words (may be empty).
    pub note: String,
    /// Who may read the note (the status is seen by everyone at the table).
    pub sharing: crate::prepare::sharing::Sharing,
    /// For a note kept for the family coach: which coach.
    pub coach: Option<PersonId>,
    /// The meeting being prepared when it was said, if it was said in the follow-up steps.
    pub meeting_id: Option<MeetingId>,
    /// When.
    pub at: i64,
}

impl std::fmt::Debug for AgreementUpdateRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgreementUpdateRow")
            .field("agreement_id", &self.agreement_id)
            .field("person_id", &self.person_id)
            .field("status", &self.status)
            .finish()
    }
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

/// The shared agenda (topics), what was discussed, agreements and the family's feedback on them.
#[async_trait]
pub trait AgendaStore: Send + Sync {
    /// When the agenda was published, if it was.
    async fn agenda_published_at(&self, meeting: MeetingId) -> StoreResult<Option<i64>>;

    /// Every agenda item of a meeting (merged ones too), in agenda order.
    async fn agenda_items(&self, meeting: MeetingId) -> StoreResult<Vec<AgendaItemRow>>;

    /// Adds an item at the end of the agenda, unless its proposer already has `max_per_person`
    /// items on it (then `None`). Two proposals at once never get the same position or pass the
    /// limit together: the meeting is locked while the count and the position are read.
    async fn add_agenda_item(
        &self,
        item: &NewAgendaItem,
        max_per_person: i64,
        now: i64,
    ) -> StoreResult<Option<AgendaItemId>>;

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

    /// Adds an agreement (and queues it for the care-plan store).
    async fn add_agreement(&self, a: NewAgreement<'_>, now: i64) -> StoreResult<AgreementId>;

    /// Every meeting of a case, each with its agreements (with their newest report), in the
    /// order the meetings start and the agreements were made. One read for the plan and the
    /// case's overview.
    async fn case_agreements(&self, case: CaseId) -> StoreResult<Vec<MeetingAgreements>>;

    /// The agreements to follow up before this meeting: those of the latest earlier meeting of
    /// the same case that has any, with their newest report.
    async fn agreements_before(&self, meeting: MeetingId) -> StoreResult<Vec<AgreementRow>>;

    /// Every report on the agreements of a case's meetings, oldest first.
    async fn agreement_history(&self, case: CaseId) -> StoreResult<Vec<AgreementUpdateRow>>;

    /// Keeps a report of how an agreement went and queues the agreement for the care-plan
    /// store, in one transaction. `agreement_meeting` is the agreement's own meeting. `false`:
    /// the agreement is no longer there (taken back in the meantime), and nothing was written.
    async fn report_agreement(
        &self,
        r: &AgreementUpdateRow,
        agreement_meeting: MeetingId,
    ) -> StoreResult<bool>;

    /// Removes an agreement of this meeting (and the reports on it). Returns whether one was removed.
    async fn remove_agreement(
        &self,
        meeting: MeetingId,
        id: AgreementId,
        now: i64,
    ) -> StoreResult<bool>;

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

    /// An agreement by id.
    async fn agreement(&self, id: AgreementId) -> StoreResult<Option<AgreementRow>>;
}
