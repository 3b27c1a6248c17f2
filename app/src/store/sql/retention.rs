// [`RetentionStore`], written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

/// The meetings of case `$1`, for `IN (…)`.
const CASE_MEETINGS: &str = "SELECT id FROM meetings WHERE case_id = $1";

/// Tables with a `case_id` whose rows go when a case's words are erased.
const ERASED_BY_CASE: [&str; 6] = [
    "plan_actions",
    "goals",
    "profile_versions",
    "sync_outbox",
    "sync_links",
    "sync_conflicts",
];

/// Every table erasing a case's words deletes from or writes over (vacuumed after).
const ERASED_TABLES: [&str; 18] = [
    "answer_reviews",
    "answers",
    "preparations",
    "agreement_feedback",
    "agreement_updates",
    "agreements",
    "offer_links",
    "agenda_items",
    "agenda_state",
    "goal_progress",
    "plan_actions",
    "goals",
    "profile_versions",
    "sync_outbox",
    "sync_links",
    "sync_conflicts",
    "meetings",
    "membership_events",
];

/// The tables erasing a person writes over (vacuumed after).
const ERASED_WITH_PERSON: [&str; 11] = [
    "people",
    "answers",
    "answer_reviews",
    "agenda_items",
    "agreement_updates",
    "agreement_feedback",
    "offer_links",
    "profile_versions",
    "membership_events",
    "memberships",
    "sync_links",
];

/// Runs one statement of a person's erasure in `tx`: `$1` the case, `$2` the person and, when
/// given, `$3` now.
async fn exec_for_person(
    tx: &mut sqlx::Transaction<'static, Db>,
    sql: &str,
    case: CaseId,
    person: PersonId,
    now: Option<i64>,
) -> StoreResult<()> {
    let q = sqlx::query(sql).bind(case.0).bind(person.0);
    let q = match now {
        Some(now) => q.bind(now),
        None => q,
    };
    q.execute(&mut **tx).await?;
    Ok(())
}

/// Runs one statement of a case's erasure (`$1`: the case) in `tx`; how many rows it touched.
async fn exec_for_case(
    tx: &mut sqlx::Transaction<'static, Db>,
    sql: &str,
    case: CaseId,
) -> StoreResult<u64> {
    Ok(sqlx::query(sql)
        .bind(case.0)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

#[async_trait]
impl RetentionStore for This {
    async fn closed_cases(&self) -> StoreResult<Vec<ClosedCase>> {
        let rows: Vec<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, closed_at, retention_warned_at FROM cases \
             WHERE closed_at IS NOT NULL AND content_erased_at IS NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, closed_at, warned_at)| ClosedCase {
                case: CaseId(id),
                closed_at,
                warned_at,
            })
            .collect())
    }

    async fn mark_retention_warned(&self, case: CaseId, now: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE cases SET retention_warned_at = $1 \
             WHERE id = $2 AND retention_warned_at IS NULL",
        )
        .bind(now)
        .bind(case.0)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn erase_case_content(&self, case: CaseId, now: i64) -> StoreResult<Option<ErasedCase>> {
        let mut tx = self.begin_write().await?;
        let claimed = sqlx::query(
            "UPDATE cases SET content_erased_at = $1, birth_date = NULL \
             WHERE id = $2 AND closed_at IS NOT NULL AND content_erased_at IS NULL",
        )
        .bind(now)
        .bind(case.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 0 {
            return Ok(None);
        }
        let mut erased = ErasedCase::default();
        let in_meetings =
            |table: &str| format!("DELETE FROM {table} WHERE meeting_id IN ({CASE_MEETINGS})");
        let tx_ = &mut tx;
        exec_for_case(tx_, &in_meetings("answer_reviews"), case).await?;
        erased.answers = exec_for_case(tx_, &in_meetings("answers"), case).await?;
        exec_for_case(tx_, &in_meetings("preparations"), case).await?;
        exec_for_case(tx_, &in_meetings("agreement_feedback"), case).await?;
        let updates = format!(
            "DELETE FROM agreement_updates WHERE agreement_id IN \
             (SELECT id FROM agreements WHERE meeting_id IN ({CASE_MEETINGS}))"
        );
        exec_for_case(tx_, &updates, case).await?;
        erased.agreements = exec_for_case(tx_, &in_meetings("agreements"), case).await?;
        exec_for_case(tx_, &in_meetings("offer_links"), case).await?;
        erased.topics = exec_for_case(tx_, &in_meetings("agenda_items"), case).await?;
        exec_for_case(tx_, &in_meetings("agenda_state"), case).await?;
        let progress =
            "DELETE FROM goal_progress WHERE goal_id IN (SELECT id FROM goals WHERE case_id = $1)";
        exec_for_case(tx_, progress, case).await?;
        for table in ERASED_BY_CASE {
            exec_for_case(
                tx_,
                &format!("DELETE FROM {table} WHERE case_id = $1"),
                case,
            )
            .await?;
        }
        let meetings =
            "UPDATE meetings SET purpose = '', place = '', online_url = '' WHERE case_id = $1";
        exec_for_case(tx_, meetings, case).await?;
        // Why someone's role changed or they left: the coordinator's own words.
        let reasons = "UPDATE membership_events SET reason = '' WHERE case_id = $1";
        exec_for_case(tx_, reasons, case).await?;
        tx.commit().await?;
        // The deleted text is overwritten in the files too (as after erasing an answer).
        if let Err(e) = scrub(self, &ERASED_TABLES).await {
            tracing::error!(error = %e, "retention: could not scrub the database files");
        }
        Ok(Some(erased))
    }

    async fn retention_state(&self, case: CaseId) -> StoreResult<(Option<i64>, Option<i64>)> {
        let row: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT retention_warned_at, content_erased_at FROM cases WHERE id = $1",
        )
        .bind(case.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.unwrap_or_default())
    }

    async fn erase_person(&self, case: CaseId, person: PersonId, now: i64) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let seat: Option<i64> = sqlx::query_scalar(
            "SELECT created_at FROM memberships WHERE case_id = $1 AND person_id = $2",
        )
        .bind(case.0)
        .bind(person.0)
        .fetch_optional(&mut *tx)
        .await?;
        if seat.is_none() {
            return Ok(false);
        }
        // The meetings of this case where they had answers (their input goes out again).
        let meetings: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT DISTINCT meeting_id FROM answers WHERE person_id = $2 AND body <> '' \
             AND meeting_id IN ({CASE_MEETINGS})"
        ))
        .bind(case.0)
        .bind(person.0)
        .fetch_all(&mut *tx)
        .await?;
        let tx_ = &mut tx;
        // Each with `$1` the case, `$2` the person and `$3` now.
        for sql in [
            format!(
                "UPDATE answers SET body = '', erased_at = $3, version = version + 1, \
                 last_op = 'erase', updated_at = $3 \
                 WHERE person_id = $2 AND body <> '' AND meeting_id IN ({CASE_MEETINGS})"
            ),
            format!(
                "UPDATE answer_reviews SET summary = '', question_back = '', reply = '', \
                 updated_at = $3 WHERE person_id = $2 AND meeting_id IN ({CASE_MEETINGS})"
            ),
            "UPDATE memberships SET removed_at = COALESCE(removed_at, $3), relation = '', \
             interpreter = NULL, erased_at = CASE WHEN person_id = $2 THEN $3 ELSE erased_at END \
             WHERE case_id = $1 AND (person_id = $2 OR brought_by = $2)"
                .to_string(),
        ] {
            exec_for_person(tx_, &sql, case, person, Some(now)).await?;
        }
        // Each with `$1` the case and `$2` the person.
        for sql in [
            format!(
                "UPDATE agenda_items SET title = '…', explanation = '', why = '', discussed = '' \
                 WHERE proposed_by = $2 AND meeting_id IN ({CASE_MEETINGS})"
            ),
            format!(
                "UPDATE agreement_updates SET note = '' WHERE person_id = $2 AND agreement_id IN \
                 (SELECT id FROM agreements WHERE meeting_id IN ({CASE_MEETINGS}))"
            ),
            format!(
                "UPDATE agreement_feedback SET comment = '' \
                 WHERE person_id = $2 AND meeting_id IN ({CASE_MEETINGS})"
            ),
            format!(
                "UPDATE offer_links SET note = '' \
                 WHERE author_id = $2 AND meeting_id IN ({CASE_MEETINGS})"
            ),
            "DELETE FROM profile_versions WHERE case_id = $1 AND author_id = $2".to_string(),
            "UPDATE membership_events SET reason = '' WHERE case_id = $1 AND person_id = $2"
                .to_string(),
            "DELETE FROM mail_outbox WHERE case_id = $1 AND person_id = $2 AND state = 'waiting'"
                .to_string(),
        ] {
            exec_for_person(tx_, &sql, case, person, None).await?;
        }
        // The copies kept for the care-plan sync. Their responses lose every answer and go out
        // again, and the store is asked to purge the older versions. Their name (a related
        // person) and the coach's questions about their answers cannot be changed in the store
        // from here: the copies lose the words, and the sync page lists what the store keeps.
        let links: Vec<(ItemKey, String)> =
            sqlx::query_as("SELECT item_key, resource FROM sync_links WHERE case_id = $1")
                .bind(case.0)
                .fetch_all(&mut *tx)
                .await?;
        for (key, resource) in links {
            let mut v: serde_json::Value =
                serde_json::from_str(&resource).unwrap_or(serde_json::Value::Null);
            let (strip, history): (&[&str], StoreHistory) = match &key {
                ItemKey::Input { person: p, .. } if *p == person => {
                    (&["item"], StoreHistory::Purge)
                }
                ItemKey::Related { person: p, .. } if *p == person => {
                    (&["name", "relationship", "telecom"], StoreHistory::Kept)
                }
                ItemKey::Ask { person: p, .. } if *p == person => {
                    (&["payload"], StoreHistory::Kept)
                }
                _ => continue,
            };
            if let Some(o) = v.as_object_mut() {
                for field in strip {
                    o.remove(*field);
                }
            }
            sqlx::query("UPDATE sync_links SET resource = $1, history = $2 WHERE item_key = $3")
                .bind(v.to_string())
                .bind(history.code())
                .bind(&key)
                .execute(&mut *tx)
                .await?;
        }
        for m in meetings {
            enqueue_input(&mut tx, MeetingId(m), person, now).await?;
        }
        // Their yes to the care plan at this table ends; the no is kept and sent.
        let yes = sqlx::query("DELETE FROM sync_consent WHERE case_id = $1 AND person_id = $2")
            .bind(case.0)
            .bind(person.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if yes > 0 {
            sqlx::query(
                "INSERT INTO consent_events (case_id, person_id, given, text_version, at) \
                 VALUES ($1, $2, 0, 'erased', $3)",
            )
            .bind(case.0)
            .bind(person.0)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            enqueue(&mut tx, case.0, &ItemKey::Consent { case, person }, now).await?;
        }
        // Nothing of theirs left at another table (no seat there, or one whose data was erased
        // too): their name, address and account go too. Someone taken off another table keeps
        // their account for their rights there (`case::former`).
        let elsewhere: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM memberships \
             WHERE person_id = $1 AND case_id <> $2 AND erased_at IS NULL",
        )
        .bind(person.0)
        .bind(case.0)
        .fetch_one(&mut *tx)
        .await?;
        if elsewhere == 0 {
            for sql in [
                "UPDATE people SET display_name = '—', email = NULL, password_hash = NULL, \
                 language = NULL, mail_choice = 'stop', mail_choice_at = $2, \
                 disabled_at = COALESCE(disabled_at, $2) WHERE id = $1",
                "UPDATE sessions SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL",
                "UPDATE invitations SET revoked_at = $2 \
                 WHERE person_id = $1 AND used_at IS NULL AND revoked_at IS NULL",
            ] {
                sqlx::query(sql)
                    .bind(person.0)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("DELETE FROM mail_outbox WHERE person_id = $1 AND state = 'waiting'")
                .bind(person.0)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        if let Err(e) = scrub(self, &ERASED_WITH_PERSON).await {
            tracing::error!(error = %e, "could not scrub the database files after erasing a person");
        }
        Ok(true)
    }

    async fn prune_access_log(&self, before: i64) -> StoreResult<u64> {
        Ok(sqlx::query("DELETE FROM audit_log WHERE at < $1")
            .bind(before)
            .execute(&self.writer)
            .await?
            .rows_affected())
    }
}
