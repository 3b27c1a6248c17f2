// [`AgendaStore`], written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

#[async_trait]
impl AgendaStore for This {
    async fn agenda_published_at(&self, meeting: MeetingId) -> StoreResult<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT published_at FROM agenda_state WHERE meeting_id = $1")
                .bind(meeting.0)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn agenda_items(&self, meeting: MeetingId) -> StoreResult<Vec<AgendaItemRow>> {
        let rows =
            sqlx::query("SELECT * FROM agenda_items WHERE meeting_id = $1 ORDER BY position, id")
                .bind(meeting.0)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.iter().map(agenda_item).collect())
    }

    async fn add_agenda_item(
        &self,
        i: &NewAgendaItem,
        max_per_person: i64,
        now: i64,
    ) -> StoreResult<Option<AgendaItemId>> {
        let mut tx = self.begin_write().await?;
        lock_meeting(&mut tx, i.meeting_id).await?;
        let theirs: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM agenda_items WHERE meeting_id = $1 AND proposed_by = $2",
        )
        .bind(i.meeting_id)
        .bind(i.proposed_by)
        .fetch_one(&mut *tx)
        .await?;
        if theirs >= max_per_person {
            return Ok(None);
        }
        let id = sqlx::query_scalar(
            "INSERT INTO agenda_items (meeting_id, proposed_by, title, explanation, why, linked_question, via_mediator, position, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = $1), $8)
             RETURNING id",
        )
        .bind(i.meeting_id)
        .bind(i.proposed_by)
        .bind(&i.title)
        .bind(&i.explanation)
        .bind(&i.why)
        .bind(&i.linked_question)
        .bind(i.via_mediator as i64)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(AgendaItemId(id)))
    }

    async fn save_agenda_items(&self, items: &[AgendaItemRow]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for i in items {
            sqlx::query(
                "UPDATE agenda_items SET position = $1, minutes = $2, merged_into = $3, published = CASE WHEN $4 = 0 THEN 0 ELSE published END,
                     changed = CASE WHEN $5 = 0 THEN changed ELSE 1 END
                 WHERE id = $6 AND meeting_id = $7",
            )
            .bind(i.position)
            .bind(i.minutes)
            .bind(i.merged_into.map(|m| m.0))
            .bind(i.published as i64)
            .bind(i.changed as i64)
            .bind(i.id.0)
            .bind(i.meeting_id.0)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn save_discussed(
        &self,
        meeting: MeetingId,
        item: AgendaItemId,
        version: i64,
        text: &str,
    ) -> StoreResult<bool> {
        Ok(sqlx::query(
            "UPDATE agenda_items SET discussed = $1, discussed_version = discussed_version + 1
             WHERE id = $2 AND meeting_id = $3 AND published = 1 AND discussed_version = $4",
        )
        .bind(text)
        .bind(item.0)
        .bind(meeting.0)
        .bind(version)
        .execute(&self.writer)
        .await?
        .rows_affected()
            == 1)
    }

    async fn publish_agenda(&self, meeting: MeetingId, now: i64) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE agenda_items SET published = CASE WHEN merged_into IS NULL THEN 1 ELSE 0 END, changed = 0 WHERE meeting_id = $1",
        )
        .bind(meeting.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO agenda_state (meeting_id, published_at) VALUES ($1, $2)
             ON CONFLICT (meeting_id) DO UPDATE SET published_at = excluded.published_at",
        )
        .bind(meeting.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn agreements(&self, meeting: MeetingId) -> StoreResult<Vec<AgreementRow>> {
        let rows = sqlx::query(&format!(
            "{AGREEMENTS_WITH_LATEST} WHERE a.meeting_id = $1 ORDER BY a.id"
        ))
        .bind(meeting.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(agreement_row).collect())
    }

    async fn add_agreement(&self, a: NewAgreement<'_>, now: i64) -> StoreResult<AgreementId> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agreements (meeting_id, item_id, goal_id, what, who, responsible_id, due, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(a.meeting.0)
        .bind(a.item.map(|i| i.0))
        .bind(a.goal.map(|g| g.0))
        .bind(a.what)
        .bind(a.who)
        .bind(a.responsible.map(|p| p.0))
        .bind(a.due.map(|d| d.format("%Y-%m-%d").to_string()))
        .bind(a.by.0)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        enqueue_meeting(
            &mut tx,
            a.meeting,
            &ItemKey::Agreement(AgreementId(id)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(AgreementId(id))
    }

    async fn case_agreements(&self, case: CaseId) -> StoreResult<Vec<MeetingAgreements>> {
        let rows = sqlx::query(
            "SELECT m.id AS m_id, m.title AS m_title, m.starts_at AS m_starts_at, a.*, \
             u.person_id AS u_person, u.status AS u_status, u.note AS u_note, \
             u.sharing AS u_sharing, u.coach_id AS u_coach, \
             u.meeting_id AS u_meeting, u.at AS u_at FROM meetings m \
             LEFT JOIN agreements a ON a.meeting_id = m.id \
             LEFT JOIN agreement_updates u ON u.id = \
             (SELECT MAX(x.id) FROM agreement_updates x WHERE x.agreement_id = a.id) \
             WHERE m.case_id = $1 ORDER BY m.starts_at, m.id, a.id",
        )
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<MeetingAgreements> = Vec::new();
        for r in &rows {
            let id = MeetingId(r.get("m_id"));
            if out.last().is_none_or(|m| m.meeting_id != id) {
                out.push(MeetingAgreements {
                    meeting_id: id,
                    title: r.get("m_title"),
                    starts_at: LocalTime::parse(r.get::<&str, _>("m_starts_at")).ok_or_else(
                        || StoreError::Other("bad time in meetings.starts_at".into()),
                    )?,
                    agreements: Vec::new(),
                });
            }
            // A meeting without agreements comes once, with no agreement's columns.
            if r.get::<Option<i64>, _>("id").is_some() {
                if let Some(m) = out.last_mut() {
                    m.agreements.push(agreement_row(r));
                }
            }
        }
        Ok(out)
    }

    async fn agreements_before(&self, meeting: MeetingId) -> StoreResult<Vec<AgreementRow>> {
        let rows = sqlx::query(&format!(
            "{AGREEMENTS_WITH_LATEST} WHERE a.meeting_id = \
             (SELECT p.id FROM meetings p JOIN meetings cur ON cur.id = $1 \
              WHERE p.case_id = cur.case_id AND p.starts_at < cur.starts_at \
              AND EXISTS (SELECT 1 FROM agreements x WHERE x.meeting_id = p.id) \
              ORDER BY p.starts_at DESC, p.id DESC LIMIT 1) \
             ORDER BY a.id"
        ))
        .bind(meeting.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(agreement_row).collect())
    }

    async fn agreement_history(&self, case: CaseId) -> StoreResult<Vec<AgreementUpdateRow>> {
        let rows = sqlx::query(
            "SELECT u.* FROM agreement_updates u JOIN agreements a ON a.id = u.agreement_id
             JOIN meetings m ON m.id = a.meeting_id WHERE m.case_id = $1 ORDER BY u.id",
        )
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().filter_map(agreement_update_row).collect())
    }

    async fn report_agreement(
        &self,
        r: &AgreementUpdateRow,
        agreement_meeting: MeetingId,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "INSERT INTO agreement_updates (agreement_id, person_id, status, note, sharing, meeting_id, at, coach_id)
             SELECT a.id, $2, $3, $4, $5, $6, $7, $9 FROM agreements a WHERE a.id = $1 AND a.meeting_id = $8",
        )
        .bind(r.agreement_id.0)
        .bind(r.person_id.0)
        .bind(r.status.code())
        .bind(&r.note)
        .bind(r.sharing.code())
        .bind(r.meeting_id.map(|m| m.0))
        .bind(r.at)
        .bind(agreement_meeting.0)
        .bind(r.coach.map(|c| c.0))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            let key = ItemKey::Agreement(r.agreement_id);
            enqueue_meeting(&mut tx, agreement_meeting, &key, r.at).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn remove_agreement(
        &self,
        meeting: MeetingId,
        id: AgreementId,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        // The reports go with it (SQLite may run without foreign-key cascades).
        sqlx::query(
            "DELETE FROM agreement_updates WHERE agreement_id IN
             (SELECT id FROM agreements WHERE id = $1 AND meeting_id = $2)",
        )
        .bind(id.0)
        .bind(meeting.0)
        .execute(&mut *tx)
        .await?;
        let n = sqlx::query("DELETE FROM agreements WHERE id = $1 AND meeting_id = $2")
            .bind(id.0)
            .bind(meeting.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 1 {
            let key = ItemKey::Agreement(id);
            enqueue_meeting(&mut tx, meeting, &key, now).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn feedback(&self, meeting: MeetingId) -> StoreResult<Vec<FeedbackRow>> {
        let rows = sqlx::query("SELECT * FROM agreement_feedback WHERE meeting_id = $1")
            .bind(meeting.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| FeedbackRow {
                person_id: PersonId(r.get("person_id")),
                matches: r.get::<i64, _>("matches") != 0,
                comment: r.get("comment"),
            })
            .collect())
    }

    async fn set_feedback(
        &self,
        meeting: MeetingId,
        person: PersonId,
        matches: bool,
        comment: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO agreement_feedback (meeting_id, person_id, matches, comment, at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (meeting_id, person_id) DO UPDATE SET matches = excluded.matches, comment = excluded.comment, at = excluded.at",
        )
        .bind(meeting.0)
        .bind(person.0)
        .bind(matches as i64)
        .bind(comment)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn agreement(&self, id: AgreementId) -> StoreResult<Option<AgreementRow>> {
        let row = sqlx::query(&format!("{AGREEMENTS_WITH_LATEST} WHERE a.id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(agreement_row))
    }
}
