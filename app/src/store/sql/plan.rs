// [`PlanStore`], written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

#[async_trait]
impl PlanStore for This {
    async fn goals(&self, case: CaseId) -> StoreResult<Vec<GoalRow>> {
        let rows = sqlx::query("SELECT * FROM goals WHERE case_id = $1 ORDER BY id")
            .bind(case.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(goal_row).collect())
    }

    async fn add_goal(
        &self,
        case: CaseId,
        plain: &str,
        detail: &str,
        expressed_by: Role,
        now: i64,
    ) -> StoreResult<GoalId> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO goals (case_id, plain, detail, expressed_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(case.0)
        .bind(plain)
        .bind(detail)
        .bind(expressed_by.code())
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        enqueue(&mut tx, case.0, &ItemKey::Goal(GoalId(id)), now).await?;
        enqueue(&mut tx, case.0, &ItemKey::Case(case), now).await?;
        tx.commit().await?;
        Ok(GoalId(id))
    }

    async fn update_goal(
        &self,
        case: CaseId,
        id: GoalId,
        plain: &str,
        detail: &str,
        status: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE goals SET plain = $1, detail = $2, status = $3, updated_at = $4 WHERE id = $5 AND case_id = $6",
        )
        .bind(plain)
        .bind(detail)
        .bind(status)
        .bind(now)
        .bind(id.0)
        .bind(case.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            enqueue(&mut tx, case.0, &ItemKey::Goal(id), now).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn goal_progress(&self, case: CaseId) -> StoreResult<Vec<ProgressRow>> {
        let rows = sqlx::query(
            "SELECT p.* FROM goal_progress p JOIN goals g ON g.id = p.goal_id WHERE g.case_id = $1 ORDER BY p.at, p.id",
        )
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ProgressRow {
                goal_id: GoalId(r.get("goal_id")),
                score: r.get("score"),
                note: r.get("note"),
                at: r.get("at"),
            })
            .collect())
    }

    async fn add_progress(
        &self,
        case: CaseId,
        goal: GoalId,
        score: i64,
        note: &str,
        by: PersonId,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("UPDATE goals SET updated_at = $1 WHERE id = $2 AND case_id = $3")
            .bind(now)
            .bind(goal.0)
            .bind(case.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Ok(false);
        }
        sqlx::query("INSERT INTO goal_progress (goal_id, score, note, created_by, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(goal.0)
            .bind(score)
            .bind(note)
            .bind(by.0)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn plan_actions(&self, case: CaseId) -> StoreResult<Vec<PlanActionRow>> {
        let rows = sqlx::query("SELECT * FROM plan_actions WHERE case_id = $1 ORDER BY id")
            .bind(case.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(action_row).collect())
    }

    async fn add_plan_action(
        &self,
        case: CaseId,
        goal: Option<GoalId>,
        what: &str,
        who: &str,
        due: Option<chrono::NaiveDate>,
        now: i64,
    ) -> StoreResult<PlanActionId> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO plan_actions (case_id, goal_id, what, who, due, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(case.0)
        .bind(goal.map(|g| g.0))
        .bind(what)
        .bind(who)
        .bind(due.map(|d| d.format("%Y-%m-%d").to_string()))
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        enqueue(&mut tx, case.0, &ItemKey::Action(PlanActionId(id)), now).await?;
        tx.commit().await?;
        Ok(PlanActionId(id))
    }

    async fn set_action_done(
        &self,
        case: CaseId,
        id: PlanActionId,
        done: bool,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE plan_actions SET done_at = $1, updated_at = $2 WHERE id = $3 AND case_id = $4",
        )
        .bind(done.then_some(now))
        .bind(now)
        .bind(id.0)
        .bind(case.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            enqueue(&mut tx, case.0, &ItemKey::Action(id), now).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn goal(&self, id: GoalId) -> StoreResult<Option<GoalRow>> {
        let row = sqlx::query("SELECT * FROM goals WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(goal_row))
    }

    async fn plan_action(&self, id: PlanActionId) -> StoreResult<Option<(CaseId, PlanActionRow)>> {
        let row = sqlx::query("SELECT * FROM plan_actions WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (CaseId(r.get("case_id")), action_row(&r))))
    }

    async fn goal_from_store(
        &self,
        case: CaseId,
        id: Option<GoalId>,
        plain: &str,
        detail: &str,
        expressed_by: Role,
        status: &str,
        now: i64,
    ) -> StoreResult<GoalId> {
        match id {
            Some(id) => {
                sqlx::query(
                    "UPDATE goals SET plain = $1, detail = $2, status = $3, updated_at = $4 WHERE id = $5 AND case_id = $6",
                )
                .bind(plain)
                .bind(detail)
                .bind(status)
                .bind(now)
                .bind(id.0)
                .bind(case.0)
                .execute(&self.writer)
                .await?;
                Ok(id)
            }
            None => Ok(GoalId(
                sqlx::query_scalar(
                    "INSERT INTO goals (case_id, plain, detail, expressed_by, status, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(case.0)
                .bind(plain)
                .bind(detail)
                .bind(expressed_by.code())
                .bind(status)
                .bind(now)
                .bind(now)
                .fetch_one(&self.writer)
                .await?,
            )),
        }
    }

    async fn action_from_store(
        &self,
        case: CaseId,
        id: Option<PlanActionId>,
        what: &str,
        who: &str,
        due: Option<chrono::NaiveDate>,
        done: bool,
        now: i64,
    ) -> StoreResult<PlanActionId> {
        match id {
            Some(id) => {
                sqlx::query(
                    "UPDATE plan_actions SET what = $1, who = $2, due = $3,
                     done_at = CASE WHEN $4 THEN COALESCE(done_at, $5) ELSE NULL END, updated_at = $6
                     WHERE id = $7 AND case_id = $8",
                )
                .bind(what)
                .bind(who)
                .bind(iso_date(due))
                .bind(done)
                .bind(now)
                .bind(now)
                .bind(id.0)
                .bind(case.0)
                .execute(&self.writer)
                .await?;
                Ok(id)
            }
            None => Ok(PlanActionId(
                sqlx::query_scalar(
                    "INSERT INTO plan_actions (case_id, what, who, due, done_at, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(case.0)
                .bind(what)
                .bind(who)
                .bind(iso_date(due))
                .bind(done.then_some(now))
                .bind(now)
                .bind(now)
                .fetch_one(&self.writer)
                .await?,
            )),
        }
    }
}
