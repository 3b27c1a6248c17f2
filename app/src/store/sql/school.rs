// [`SchoolStore`], written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

#[async_trait]
impl SchoolStore for This {
    async fn create_school(&self, name: &str, now: i64) -> StoreResult<SchoolId> {
        let id = sqlx::query_scalar(
            "INSERT INTO schools (name, created_at) VALUES ($1, $2) RETURNING id",
        )
        .bind(name)
        .bind(now)
        .fetch_one(&self.writer)
        .await?;
        Ok(SchoolId(id))
    }

    async fn school(&self, id: SchoolId) -> StoreResult<Option<SchoolRow>> {
        let row = sqlx::query("SELECT id, name FROM schools WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| SchoolRow {
            id: SchoolId(r.get("id")),
            name: r.get("name"),
        }))
    }

    async fn add_school_staff(&self, school: SchoolId, person: PersonId) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO school_staff (school_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(school.0)
        .bind(person.0)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn is_school_staff(&self, school: SchoolId, person: PersonId) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM school_staff WHERE school_id = $1 AND person_id = $2",
        )
        .bind(school.0)
        .bind(person.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    async fn set_case_school(&self, case: CaseId, school: SchoolId) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO case_school (case_id, school_id) VALUES ($1, $2)
             ON CONFLICT (case_id) DO UPDATE SET school_id = excluded.school_id",
        )
        .bind(case.0)
        .bind(school.0)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn case_school(&self, case: CaseId) -> StoreResult<Option<SchoolRow>> {
        let row = sqlx::query(
            "SELECT s.id, s.name FROM case_school c JOIN schools s ON s.id = c.school_id WHERE c.case_id = $1",
        )
        .bind(case.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| SchoolRow {
            id: SchoolId(r.get("id")),
            name: r.get("name"),
        }))
    }

    async fn offers(&self, school: SchoolId) -> StoreResult<Vec<OfferRow>> {
        let rows = sqlx::query(
            "SELECT * FROM school_offers WHERE school_id = $1 AND removed_at IS NULL ORDER BY id",
        )
        .bind(school.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(offer).collect())
    }

    async fn save_offer(
        &self,
        school: SchoolId,
        id: Option<OfferId>,
        f: &OfferFields,
        now: i64,
    ) -> StoreResult<Option<OfferId>> {
        match id {
            None => {
                let id = sqlx::query_scalar(
                    "INSERT INTO school_offers (school_id, kind, title, explanation, conditions, decides, duration, elsewhere, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                )
                .bind(school.0)
                .bind(&f.kind)
                .bind(&f.title)
                .bind(&f.explanation)
                .bind(&f.conditions)
                .bind(&f.decides)
                .bind(&f.duration)
                .bind(&f.elsewhere)
                .bind(now)
                .fetch_one(&self.writer)
                .await?;
                Ok(Some(OfferId(id)))
            }
            Some(id) => {
                let n = sqlx::query(
                    "UPDATE school_offers SET kind = $1, title = $2, explanation = $3, conditions = $4, decides = $5, duration = $6, elsewhere = $7, updated_at = $8
                     WHERE id = $9 AND school_id = $10 AND removed_at IS NULL",
                )
                .bind(&f.kind)
                .bind(&f.title)
                .bind(&f.explanation)
                .bind(&f.conditions)
                .bind(&f.decides)
                .bind(&f.duration)
                .bind(&f.elsewhere)
                .bind(now)
                .bind(id.0)
                .bind(school.0)
                .execute(&self.writer)
                .await?
                .rows_affected();
                Ok((n == 1).then_some(id))
            }
        }
    }

    async fn remove_offer(&self, school: SchoolId, id: OfferId, now: i64) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE school_offers SET removed_at = $1 WHERE id = $2 AND school_id = $3 AND removed_at IS NULL",
        )
        .bind(now)
        .bind(id.0)
        .bind(school.0)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    async fn offer_links(&self, meeting: MeetingId) -> StoreResult<Vec<OfferLinkRow>> {
        let rows = sqlx::query("SELECT * FROM offer_links WHERE meeting_id = $1 ORDER BY id")
            .bind(meeting.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| OfferLinkRow {
                id: OfferLinkId(r.get("id")),
                offer_id: OfferId(r.get("offer_id")),
                author_id: r.get::<Option<i64>, _>("author_id").map(PersonId),
                question: r.get("question"),
                item_id: r.get::<Option<i64>, _>("item_id").map(AgendaItemId),
                note: r.get("note"),
            })
            .collect())
    }

    async fn add_offer_link(&self, l: NewOfferLink) -> StoreResult<OfferLinkId> {
        let id = sqlx::query_scalar(
            "INSERT INTO offer_links (meeting_id, offer_id, author_id, question, item_id, note, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(l.meeting_id.0)
        .bind(l.offer_id.0)
        .bind(l.author_id.map(|a| a.0))
        .bind(&l.question)
        .bind(l.item_id.map(|i| i.0))
        .bind(&l.note)
        .bind(l.created_by.0)
        .bind(l.now)
        .fetch_one(&self.writer)
        .await?;
        Ok(OfferLinkId(id))
    }

    async fn remove_offer_link(&self, meeting: MeetingId, id: OfferLinkId) -> StoreResult<bool> {
        let n = sqlx::query("DELETE FROM offer_links WHERE id = $1 AND meeting_id = $2")
            .bind(id.0)
            .bind(meeting.0)
            .execute(&self.writer)
            .await?
            .rows_affected();
        Ok(n == 1)
    }
}
