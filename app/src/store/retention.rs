//! Retention: closed cases waiting for their words to be erased, erasing them, and pruning the
//! access log. The row type and the [`RetentionStore`] part of the data layer; each backend
//! implements it. When each step is due is decided in Rust (`crate::retention`).

use super::*;

/// A closed case whose words are still kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosedCase {
    /// The case.
    pub case: CaseId,
    /// When it was closed.
    pub closed_at: i64,
    /// When the family was told the words will be erased, if they were.
    pub warned_at: Option<i64>,
}

/// What erasing a case's words removed, in rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ErasedCase {
    /// Answers, with the coach's notes on them and who sent when.
    pub answers: u64,
    /// Topics.
    pub topics: u64,
    /// Agreements, with the reports on them.
    pub agreements: u64,
}

/// The retention part of the data layer.
#[async_trait]
pub trait RetentionStore {
    /// Every closed case whose words are still kept.
    async fn closed_cases(&self) -> StoreResult<Vec<ClosedCase>>;

    /// Notes that the family of `case` was told (once).
    async fn mark_retention_warned(&self, case: CaseId, now: i64) -> StoreResult<()>;

    /// Erases what was written at a closed case, in one transaction: answers and the coach's
    /// notes on them, preparations, topics, agreements and reports on them, the plan (goals,
    /// progress, actions, offers linked in its meetings), "Dit is …", the meetings' purpose,
    /// place and link, the reasons given for role changes and removals, and the care-plan
    /// sync's copies, waiting items and conflicts. The case,
    /// who sat at the table, the meetings' dates, consent history and the access log stay.
    /// `None` when the case is not closed or was already erased.
    async fn erase_case_content(&self, case: CaseId, now: i64) -> StoreResult<Option<ErasedCase>>;

    /// When the family of `case` was told, and when its words were erased, if they were.
    async fn retention_state(&self, case: CaseId) -> StoreResult<(Option<i64>, Option<i64>)>;

    /// Erases everything a family member wrote at one table, on their request (a coordinator
    /// does it), in one transaction: their answers there (as erasing each one: "Verwijderd
    /// door de schrijver" for who read them, the coach's notes on them; the care plan gets
    /// versions without them and is asked to purge the old ones), "Dit is …", the words of
    /// their topics, their reports, comments and notes, their yes to the care plan (a no is
    /// kept and sent), the reasons given about them, and the copies of their name and of the
    /// coach's questions kept for the sync (the sync page lists what the store still holds).
    /// They leave the table, with the supporters they brought there; waiting mail goes. When
    /// nothing of theirs is left at another table (where they sit, or sat and were not erased),
    /// their name, address and account go too and their sessions and links end. Their consent history and the access log stay, as ids. `false`: they
    /// never sat at this table.
    async fn erase_person(&self, case: CaseId, person: PersonId, now: i64) -> StoreResult<bool>;

    /// Deletes access-log rows older than `before`. Returns how many.
    async fn prune_access_log(&self, before: i64) -> StoreResult<u64>;
}
