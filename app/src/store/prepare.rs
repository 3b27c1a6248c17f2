//! Preparing a meeting: answers with versions, sending, the coach's review and questions back.
//! The row types and the [`PrepareStore`] part of the data layer; each backend implements it.

use super::*;

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
    /// Whether its author erased it (its text is gone).
    pub erased: bool,
    /// For an answer kept for the family coach: which coach (`None` for any other sharing, or
    /// when no coach sat at the table when it was saved).
    pub coach: Option<PersonId>,
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
    /// The coach it is kept for, when `sharing` is the family coach's (see `AnswerRow::coach`).
    pub coach: Option<PersonId>,
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

/// Preparing a meeting: answers with versions, sending, the coach's review and questions back.
#[async_trait]
pub trait PrepareStore: Send + Sync {
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
    /// Erases an answer for good: its text, the mediator's summary, question back and the
    /// author's reply about it, and its item in the last response sent to the care plan (kept
    /// in `sync_links`). Others who had seen it read that the author removed it. The care plan
    /// gets the input again without it. Whether there was text to erase.
    async fn erase_answer(
        &self,
        meeting: MeetingId,
        person: PersonId,
        question: &str,
        now: i64,
    ) -> StoreResult<bool>;

    /// Takes an answer back: afterwards only its author sees it.
    async fn withdraw_answer(
        &self,
        meeting: MeetingId,
        person: PersonId,
        question: &str,
        now: i64,
    ) -> StoreResult<bool>;
}
