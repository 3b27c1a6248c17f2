//! Keeping the plan in step with the care-plan store: the outbox, links, conflicts, the worker's
//! facts and consent. The row types and the [`SyncStore`] part of the data layer; each backend
//! implements it.

use super::*;

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

/// What the care-plan store's old versions (`_history`) of an item hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreHistory {
    /// Nothing that was erased here.
    Clean,
    /// Words erased here: the store is to be asked to purge its older versions (`$expunge`).
    Purge,
    /// Words erased here that the store cannot purge: the coordinator is shown it.
    Kept,
}

impl StoreHistory {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            StoreHistory::Clean => "",
            StoreHistory::Purge => "purge",
            StoreHistory::Kept => "kept",
        }
    }

    /// Reads a stored code; anything unknown counts as clean.
    pub fn parse(code: &str) -> StoreHistory {
        match code {
            "purge" => StoreHistory::Purge,
            "kept" => StoreHistory::Kept,
            _ => StoreHistory::Clean,
        }
    }
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
    /// Items whose old versions in the store still hold words erased here, because the store
    /// cannot purge them, with their resource (`QuestionnaireResponse/…`).
    pub kept_history: Vec<(ItemKey, String)>,
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
            kept_history: Vec::new(),
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

/// One yes or no to sending one's input to the care-plan store.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct ConsentEvent {
    /// Yes (`true`) or no.
    pub given: bool,
    /// Which version of the consent text was shown ([`crate::sync::CONSENT_TEXT_VERSION`]).
    pub text_version: String,
    /// Unix seconds.
    pub at: i64,
}

/// Keeping the plan in step with the care-plan store: the outbox, links, conflicts, the worker's facts and consent.
#[async_trait]
pub trait SyncStore: Send + Sync {
    /// Claims the outbox items that are due, oldest first, for `lease` seconds. Only cases that
    /// no other worker is delivering are claimed, so the changes of one case go out in order; a
    /// crashed worker's claims come free when their lease runs out. Settling or retrying an item
    /// ends its claim.
    async fn outbox_claim(&self, now: i64, lease: i64, limit: i64) -> StoreResult<Vec<OutboxDue>>;
    /// Ends the claims on items a worker claimed but did not get to.
    async fn outbox_release(&self, items: &[OutboxDue]) -> StoreResult<()>;

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

    /// What the store's old versions of an item hold (see [`StoreHistory`]).
    async fn store_history(&self, key: &ItemKey) -> StoreResult<StoreHistory>;

    /// Notes what the store's old versions of an item hold now, if the mark is still `from`.
    async fn set_store_history(
        &self,
        key: &ItemKey,
        from: StoreHistory,
        to: StoreHistory,
    ) -> StoreResult<()>;

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

    /// Gives or takes back someone's yes to sending their shared input to the care plan, shown
    /// the consent text of `text_version`. A change is kept in the history, and so is a first no.
    async fn set_consent(
        &self,
        case: CaseId,
        person: PersonId,
        yes: bool,
        text_version: &str,
        now: i64,
    ) -> StoreResult<()>;

    /// Every yes and no of a person at a table, oldest first.
    async fn consent_history(
        &self,
        case: CaseId,
        person: PersonId,
    ) -> StoreResult<Vec<ConsentEvent>>;

    /// Who at this table said yes.
    async fn consents(&self, case: CaseId) -> StoreResult<Vec<PersonId>>;
}
