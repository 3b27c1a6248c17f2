//! The plan: goals, progress, actions, and changes that came from the care-plan store.
//! The row types and the [`PlanStore`] part of the data layer; each backend implements it.

use super::*;

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

/// The plan: goals, progress, actions, and changes that came from the care-plan store.
#[async_trait]
pub trait PlanStore: Send + Sync {
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
}
