// [`SyncStore`], written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

#[async_trait]
impl SyncStore for This {
    async fn outbox_claim(&self, now: i64, lease: i64, limit: i64) -> StoreResult<Vec<OutboxDue>> {
        let mut tx = self.begin_write().await?;
        lock_outbox(&mut tx).await?;
        let rows = sqlx::query(
            "SELECT case_id, item_key, MAX(id) AS up_to, MAX(attempts) AS attempts FROM sync_outbox o
             WHERE state = 'waiting' AND NOT EXISTS (
               SELECT 1 FROM sync_outbox c
               WHERE c.case_id = o.case_id AND c.state = 'waiting' AND c.claimed_until > $1)
             GROUP BY case_id, item_key HAVING MIN(next_try_at) <= $2
             ORDER BY MIN(id) LIMIT $3",
        )
        .bind(now)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        // An entry this version cannot read is logged and left, so it never stops the others.
        let due: Vec<OutboxDue> = rows
            .iter()
            .filter_map(|r| match r.try_get("item_key") {
                Ok(key) => Some(OutboxDue {
                    case_id: CaseId(r.get("case_id")),
                    key,
                    up_to: r.get("up_to"),
                    attempts: r.get("attempts"),
                }),
                Err(e) => {
                    tracing::error!(error = %e, "sync: an outbox entry with an unknown key is left");
                    None
                }
            })
            .collect();
        for d in &due {
            sqlx::query(
                "UPDATE sync_outbox SET claimed_until = $1
                 WHERE item_key = $2 AND id <= $3 AND state = 'waiting'",
            )
            .bind(now + lease)
            .bind(&d.key)
            .bind(d.up_to)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(due)
    }

    async fn outbox_release(&self, items: &[OutboxDue]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for d in items {
            sqlx::query(
                "UPDATE sync_outbox SET claimed_until = NULL
                 WHERE item_key = $1 AND id <= $2 AND state = 'waiting'",
            )
            .bind(&d.key)
            .bind(d.up_to)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn outbox_settle(
        &self,
        key: &ItemKey,
        up_to: i64,
        state: &str,
        error: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sync_outbox SET state = $1, last_error = $2, done_at = $3, claimed_until = NULL
             WHERE item_key = $4 AND id <= $5 AND state = 'waiting' AND claimed_until IS NOT NULL",
        )
        .bind(state)
        .bind(error)
        .bind(now)
        .bind(key)
        .bind(up_to)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn outbox_retry(
        &self,
        key: &ItemKey,
        up_to: i64,
        attempts: i64,
        next_try_at: i64,
        error: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sync_outbox SET attempts = $1, next_try_at = $2, last_error = $3, claimed_until = NULL
             WHERE item_key = $4 AND state = 'waiting' AND (id <= $5 OR next_try_at < $6)",
        )
        .bind(attempts)
        .bind(next_try_at)
        .bind(error)
        .bind(key)
        .bind(up_to)
        .bind(next_try_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn outbox_requeue(
        &self,
        case: CaseId,
        key: Option<&ItemKey>,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE sync_outbox SET state = 'waiting', attempts = 0, next_try_at = $1, last_error = '', done_at = NULL, claimed_until = NULL
             WHERE case_id = $2 AND state IN ('failed', 'conflict') AND ($3 IS NULL OR item_key = $4)",
        )
        .bind(now)
        .bind(case.0)
        .bind(key)
        .bind(key)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if let (Some(key), 0) = (key, n) {
            enqueue(&mut tx, case.0, key, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn outbox_add(
        &self,
        case: CaseId,
        key: &ItemKey,
        state: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sync_outbox (case_id, item_key, created_at, next_try_at, state) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(case.0)
        .bind(key)
        .bind(now)
        .bind(now)
        .bind(state)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn outbox_summary(&self, case: CaseId) -> StoreResult<OutboxSummary> {
        // One read: every entry still waiting or failed, and the last delivery; the summary is
        // worked out below.
        let rows = sqlx::query(
            "SELECT id, item_key, state, created_at, attempts, next_try_at, last_error, NULL AS done_at
             FROM sync_outbox WHERE case_id = $1 AND state IN ('waiting', 'failed')
             UNION ALL
             SELECT NULL, NULL, 'sent', NULL, NULL, NULL, NULL, MAX(done_at)
             FROM sync_outbox WHERE case_id = $2 AND state = 'sent'
             UNION ALL
             SELECT NULL, item_key, 'kept', NULL, NULL, NULL, resource_type || '/' || remote_id, NULL
             FROM sync_links WHERE case_id = $3 AND history = 'kept'
             ORDER BY 1, 2",
        )
        .bind(case)
        .bind(case)
        .bind(case)
        .fetch_all(&self.pool)
        .await?;
        let mut entries = Vec::new();
        let mut last_sent = None;
        let mut kept_history = Vec::new();
        for r in &rows {
            match r.get::<&str, _>("state") {
                "sent" => {
                    last_sent = r.get("done_at");
                    continue;
                }
                "kept" => {
                    kept_history.push((r.try_get("item_key")?, r.get("last_error")));
                    continue;
                }
                _ => {}
            }
            entries.push(super::OutboxEntry {
                key: r.try_get("item_key")?,
                state: r.get("state"),
                created_at: r.get("created_at"),
                attempts: r.get("attempts"),
                next_try_at: r.get("next_try_at"),
                last_error: r.get("last_error"),
            });
        }
        Ok(OutboxSummary {
            kept_history,
            ..OutboxSummary::of(entries, last_sent)
        })
    }

    async fn outbox_waiting_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(DISTINCT item_key) FROM sync_outbox WHERE state = 'waiting'",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    async fn outbox_prune(&self, before: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM sync_outbox WHERE state = 'sent' AND done_at < $1")
            .bind(before)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn sync_link(&self, key: &ItemKey) -> StoreResult<Option<SyncLink>> {
        let row = sqlx::query("SELECT * FROM sync_links WHERE item_key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(link_row).transpose()
    }

    async fn sync_link_by_remote(
        &self,
        resource_type: &str,
        id: &str,
    ) -> StoreResult<Option<SyncLink>> {
        let row =
            sqlx::query("SELECT * FROM sync_links WHERE resource_type = $1 AND remote_id = $2")
                .bind(resource_type)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        row.as_ref().map(link_row).transpose()
    }

    async fn store_history(&self, key: &ItemKey) -> StoreResult<StoreHistory> {
        let h: Option<String> =
            sqlx::query_scalar("SELECT history FROM sync_links WHERE item_key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
        Ok(StoreHistory::parse(h.as_deref().unwrap_or("")))
    }

    async fn set_store_history(
        &self,
        key: &ItemKey,
        from: StoreHistory,
        to: StoreHistory,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE sync_links SET history = $1 WHERE item_key = $2 AND history = $3")
            .bind(to.code())
            .bind(key)
            .bind(from.code())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn save_sync_link(&self, l: &SyncLink) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sync_links (item_key, case_id, resource_type, remote_id, version_id, resource, base, synced_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (item_key) DO UPDATE SET resource_type = excluded.resource_type,
               remote_id = excluded.remote_id, version_id = excluded.version_id,
               resource = excluded.resource, base = excluded.base, synced_at = excluded.synced_at",
        )
        .bind(&l.key)
        .bind(l.case_id.0)
        .bind(&l.resource_type)
        .bind(&l.remote_id)
        .bind(&l.version_id)
        .bind(&l.resource)
        .bind(&l.base)
        .bind(l.synced_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn add_conflict(&self, c: &ConflictRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sync_conflicts (case_id, item_key, field, ours, theirs, remote_version, found_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(c.case_id.0)
        .bind(&c.key)
        .bind(&c.field)
        .bind(&c.ours)
        .bind(&c.theirs)
        .bind(&c.remote_version)
        .bind(c.found_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn open_conflicts(&self, case: Option<CaseId>) -> StoreResult<Vec<ConflictRow>> {
        let rows = sqlx::query(
            "SELECT * FROM sync_conflicts WHERE resolved_at IS NULL AND ($1 IS NULL OR case_id = $2) ORDER BY id",
        )
        .bind(case.map(|c| c.0))
        .bind(case.map(|c| c.0))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(conflict_row).collect()
    }

    async fn resolve_conflict(
        &self,
        case: CaseId,
        id: i64,
        by: PersonId,
        resolution: &str,
        now: i64,
    ) -> StoreResult<Option<ConflictRow>> {
        let row = sqlx::query(
            "UPDATE sync_conflicts SET resolved_at = $1, resolved_by = $2, resolution = $3
             WHERE id = $4 AND case_id = $5 AND resolved_at IS NULL RETURNING *",
        )
        .bind(now)
        .bind(by.0)
        .bind(resolution)
        .bind(id)
        .bind(case.0)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(conflict_row).transpose()
    }

    async fn sync_get(&self, name: &str) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM sync_state WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn sync_get_many(&self, names: &[&str]) -> StoreResult<Vec<(String, String)>> {
        let mut q =
            sqlx::QueryBuilder::<Db>::new("SELECT name, value FROM sync_state WHERE name IN (");
        let mut list = q.separated(", ");
        for n in names {
            list.push_bind(*n);
        }
        q.push(") ORDER BY name");
        Ok(q.build_query_as().fetch_all(&self.pool).await?)
    }

    async fn item_labels(&self, case: CaseId) -> StoreResult<ItemLabels> {
        let rows: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT 'goal', id, plain FROM goals WHERE case_id = $1
             UNION ALL SELECT 'action', id, what FROM plan_actions WHERE case_id = $1
             UNION ALL SELECT 'meeting', id, title FROM meetings WHERE case_id = $1
             UNION ALL SELECT 'person', m.person_id, p.display_name FROM memberships m
               JOIN people p ON p.id = m.person_id WHERE m.case_id = $1",
        )
        .bind(case)
        .fetch_all(&self.pool)
        .await?;
        let mut labels = ItemLabels::default();
        for (kind, id, label) in rows {
            match kind.as_str() {
                "goal" => labels.goals.insert(GoalId(id), label),
                "action" => labels.actions.insert(PlanActionId(id), label),
                "meeting" => labels.meetings.insert(MeetingId(id), label),
                _ => labels.people.insert(PersonId(id), label),
            };
        }
        Ok(labels)
    }

    async fn sync_set(&self, name: &str, value: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sync_state (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(name)
        .bind(value)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn set_consent(
        &self,
        case: CaseId,
        person: PersonId,
        yes: bool,
        text_version: &str,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let had: Option<i64> = sqlx::query_scalar(
            "SELECT given_at FROM sync_consent WHERE case_id = $1 AND person_id = $2",
        )
        .bind(case.0)
        .bind(person.0)
        .fetch_optional(&mut *tx)
        .await?;
        let changed = had.is_some() != yes;
        // A first no is kept too: it is a choice (from 12 it ends the pause in sending a young
        // person's input). There is nothing in the care plan to change for it.
        let first_no = !yes
            && !changed
            && sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM consent_events WHERE case_id = $1 AND person_id = $2",
            )
            .bind(case.0)
            .bind(person.0)
            .fetch_one(&mut *tx)
            .await?
                == 0;
        if changed || first_no {
            sqlx::query(
                "INSERT INTO consent_events (case_id, person_id, given, text_version, at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(case.0)
            .bind(person.0)
            .bind(i64::from(yes))
            .bind(text_version)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        if changed {
            // The change itself goes to the care plan as a Consent (a no as inactive), first.
            enqueue(&mut tx, case.0, &ItemKey::Consent { case, person }, now).await?;
        }
        if yes {
            sqlx::query("INSERT INTO sync_consent (case_id, person_id, given_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(case.0)
                .bind(person.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("DELETE FROM sync_consent WHERE case_id = $1 AND person_id = $2")
                .bind(case.0)
                .bind(person.0)
                .execute(&mut *tx)
                .await?;
        }
        // A parent's choice can change what a young person's input may do, so every sent input of
        // the case is looked at again.
        enqueue_case_inputs(&mut tx, case, now).await?;
        // So are the agreements someone said something about: which report's status may leave
        // can change with it.
        let reported: Vec<i64> = sqlx::query_scalar(
            "SELECT a.id FROM agreements a JOIN meetings m ON m.id = a.meeting_id
             WHERE m.case_id = $1
             AND EXISTS (SELECT 1 FROM agreement_updates u WHERE u.agreement_id = a.id)
             ORDER BY a.id",
        )
        .bind(case.0)
        .fetch_all(&mut *tx)
        .await?;
        for id in reported {
            enqueue(&mut tx, case.0, &ItemKey::Agreement(AgreementId(id)), now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn consent_history(
        &self,
        case: CaseId,
        person: PersonId,
    ) -> StoreResult<Vec<ConsentEvent>> {
        let rows = sqlx::query(
            "SELECT given, text_version, at FROM consent_events
             WHERE case_id = $1 AND person_id = $2 ORDER BY id",
        )
        .bind(case.0)
        .bind(person.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ConsentEvent {
                given: r.get::<i64, _>("given") == 1,
                text_version: r.get("text_version"),
                at: r.get("at"),
            })
            .collect())
    }

    async fn consents(&self, case: CaseId) -> StoreResult<Vec<PersonId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT person_id FROM sync_consent WHERE case_id = $1 ORDER BY person_id",
        )
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(PersonId).collect())
    }
}
