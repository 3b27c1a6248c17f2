// [`PrepareStore`], written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

#[async_trait]
impl PrepareStore for This {
    async fn answers_of(
        &self,
        meeting: MeetingId,
        person: PersonId,
    ) -> StoreResult<Vec<AnswerRow>> {
        let rows = sqlx::query(
            "SELECT * FROM answers WHERE meeting_id = $1 AND person_id = $2 ORDER BY id",
        )
        .bind(meeting.0)
        .bind(person.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(answer).collect())
    }

    async fn meeting_answers(&self, meeting: MeetingId) -> StoreResult<Vec<AnswerRow>> {
        let rows =
            sqlx::query("SELECT * FROM answers WHERE meeting_id = $1 ORDER BY person_id, id")
                .bind(meeting.0)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.iter().map(answer).collect())
    }

    async fn save_answer(&self, s: SaveAnswer<'_>) -> StoreResult<SaveOutcome> {
        let mut tx = self.begin_write().await?;
        // First, before any insert: whether the input may leave (it was sent) is read below, and
        // a save and "send" at the same moment must not both miss the other.
        lock_meeting(&mut tx, s.meeting).await?;
        if s.base_version == 0 {
            let n = sqlx::query(
                "INSERT INTO answers (meeting_id, person_id, question, body, sharing, version, last_op, updated_at, coach_id)
                 VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8) ON CONFLICT (meeting_id, person_id, question) DO NOTHING",
            )
            .bind(s.meeting.0)
            .bind(s.person.0)
            .bind(s.question)
            .bind(s.body)
            .bind(s.sharing)
            .bind(s.op)
            .bind(s.now)
            .bind(s.coach.map(|c| c.0))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                enqueue_input(&mut tx, s.meeting, s.person, s.now).await?;
                tx.commit().await?;
                return Ok(SaveOutcome::Saved(1));
            }
        } else {
            let n = sqlx::query(
                "UPDATE answers SET body = $1, sharing = $2, version = version + 1, last_op = $3, updated_at = $4, erased_at = NULL, coach_id = $9
                 WHERE meeting_id = $5 AND person_id = $6 AND question = $7 AND version = $8",
            )
            .bind(s.body)
            .bind(s.sharing)
            .bind(s.op)
            .bind(s.now)
            .bind(s.meeting.0)
            .bind(s.person.0)
            .bind(s.question)
            .bind(s.base_version)
            .bind(s.coach.map(|c| c.0))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                enqueue_input(&mut tx, s.meeting, s.person, s.now).await?;
                tx.commit().await?;
                return Ok(SaveOutcome::Saved(s.base_version + 1));
            }
        }
        let current = sqlx::query(
            "SELECT * FROM answers WHERE meeting_id = $1 AND person_id = $2 AND question = $3",
        )
        .bind(s.meeting.0)
        .bind(s.person.0)
        .bind(s.question)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| answer(&r));
        tx.commit().await?;
        match current {
            // The same save arrived before (its answer was lost on the way back): applied once.
            Some(c) if c.last_op == s.op => Ok(SaveOutcome::Saved(c.version)),
            Some(c) => Ok(SaveOutcome::Conflict(c)),
            None => Err(StoreError::Other("answer vanished during save".into())),
        }
    }

    async fn mark_sent(&self, meeting: MeetingId, person: PersonId, now: i64) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        // First, before any insert: whether the input may leave (it was sent) is read below, and
        // a save and "send" at the same moment must not both miss the other.
        lock_meeting(&mut tx, meeting).await?;
        sqlx::query(
            "INSERT INTO preparations (meeting_id, person_id, sent_at) VALUES ($1, $2, $3)
             ON CONFLICT (meeting_id, person_id) DO UPDATE SET sent_at = excluded.sent_at",
        )
        .bind(meeting.0)
        .bind(person.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        enqueue_input(&mut tx, meeting, person, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn sent_preparations(&self, meeting: MeetingId) -> StoreResult<Vec<(PersonId, i64)>> {
        let rows = sqlx::query("SELECT person_id, sent_at FROM preparations WHERE meeting_id = $1")
            .bind(meeting.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| (PersonId(r.get("person_id")), r.get("sent_at")))
            .collect())
    }

    async fn reviews(&self, meeting: MeetingId) -> StoreResult<Vec<ReviewRow>> {
        let rows = sqlx::query("SELECT * FROM answer_reviews WHERE meeting_id = $1")
            .bind(meeting.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| ReviewRow {
                person_id: PersonId(r.get("person_id")),
                question: r.get("question"),
                read_at: r.get("read_at"),
                question_back: r.get("question_back"),
                reply: r.get("reply"),
                summary: r.get("summary"),
            })
            .collect())
    }

    async fn change_review(
        &self,
        meeting: MeetingId,
        author: PersonId,
        question: &str,
        change: ReviewChange<'_>,
        now: i64,
    ) -> StoreResult<()> {
        let (column, value): (&str, Option<&str>) = match change {
            ReviewChange::Read => ("read_at", None),
            ReviewChange::QuestionBack(t) => ("question_back", Some(t)),
            ReviewChange::Reply(t) => ("reply", Some(t)),
            ReviewChange::Summary(t) => ("summary", Some(t)),
        };
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO answer_reviews (meeting_id, person_id, question, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
        )
        .bind(meeting.0)
        .bind(author.0)
        .bind(question)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        // `column` is one of four fixed names above, never user input.
        let sql = format!(
            "UPDATE answer_reviews SET {column} = $1, updated_at = $2 WHERE meeting_id = $3 AND person_id = $4 AND question = $5"
        );
        let q = sqlx::query(&sql);
        let q = match value {
            Some(t) => q.bind(t),
            // `read_at`: a time, as a number.
            None => q.bind(now),
        };
        q.bind(now)
            .bind(meeting.0)
            .bind(author.0)
            .bind(question)
            .execute(&mut *tx)
            .await?;
        if value.is_some() && column == "question_back" {
            let key = ItemKey::Ask {
                meeting,
                person: author,
                question: question.to_string(),
            };
            enqueue_meeting(&mut tx, meeting, &key, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn erase_answer(
        &self,
        meeting: MeetingId,
        person: PersonId,
        question: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        lock_meeting(&mut tx, meeting).await?;
        let n = sqlx::query(
            "UPDATE answers SET body = '', erased_at = $1, version = version + 1,
                 last_op = 'erase', updated_at = $1
             WHERE meeting_id = $2 AND person_id = $3 AND question = $4 AND body <> ''",
        )
        .bind(now)
        .bind(meeting.0)
        .bind(person.0)
        .bind(question)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE answer_reviews SET summary = '', question_back = '', reply = '', updated_at = $1
             WHERE meeting_id = $2 AND person_id = $3 AND question = $4",
        )
        .bind(now)
        .bind(meeting.0)
        .bind(person.0)
        .bind(question)
        .execute(&mut *tx)
        .await?;
        // The last response sent to the care plan is kept here too: its item for this question
        // goes now, so the text does not wait in this database for the worker.
        let key = ItemKey::Input { meeting, person };
        let kept: Option<String> =
            sqlx::query_scalar("SELECT resource FROM sync_links WHERE item_key = $1")
                .bind(&key)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(resource) = kept {
            let mut v: serde_json::Value =
                serde_json::from_str(&resource).unwrap_or(serde_json::Value::Null);
            let mut removed = false;
            if let Some(items) = v.get_mut("item").and_then(|i| i.as_array_mut()) {
                let before = items.len();
                items.retain(|i| i["linkId"] != question);
                removed = items.len() != before;
            }
            // The store's older versions still hold the words: it is asked to purge them.
            sqlx::query(
                "UPDATE sync_links SET resource = $1, \
                 history = CASE WHEN $2 THEN 'purge' ELSE history END WHERE item_key = $3",
            )
            .bind(v.to_string())
            .bind(removed)
            .bind(&key)
            .execute(&mut *tx)
            .await?;
        }
        enqueue_input(&mut tx, meeting, person, now).await?;
        tx.commit().await?;
        // The erasure holds; clearing the files afterwards is best effort, and logged.
        if let Err(e) = scrub(self, &["answers", "answer_reviews"]).await {
            tracing::warn!(error = %e, "could not clear the files after an erasure");
        }
        Ok(true)
    }

    async fn withdraw_answer(
        &self,
        meeting: MeetingId,
        person: PersonId,
        question: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        lock_meeting(&mut tx, meeting).await?;
        let n = sqlx::query(
            "UPDATE answers SET sharing = 'me', version = version + 1, updated_at = $1
             WHERE meeting_id = $2 AND person_id = $3 AND question = $4",
        )
        .bind(now)
        .bind(meeting.0)
        .bind(person.0)
        .bind(question)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        enqueue_input(&mut tx, meeting, person, now).await?;
        tx.commit().await?;
        Ok(n == 1)
    }
}
