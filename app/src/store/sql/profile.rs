// [`ProfileStore`], written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

/// A version row that this version cannot read (an unknown part or sharing) is skipped.
fn profile_row(r: &DbRow) -> Option<ProfileVersionRow> {
    Some(ProfileVersionRow {
        case_id: CaseId(r.get("case_id")),
        author_id: PersonId(r.get("author_id")),
        part: crate::profile::parts::Part::parse(r.get::<&str, _>("part"))?,
        body: r.get("body"),
        sharing: crate::prepare::sharing::Sharing::parse(r.get::<&str, _>("sharing"))?,
        coach: r.get::<Option<i64>, _>("coach_id").map(PersonId),
        version: r.get("version"),
        at: r.get("at"),
    })
}

#[async_trait]
impl ProfileStore for This {
    async fn profile(&self, case: CaseId) -> StoreResult<Vec<ProfileVersionRow>> {
        let rows = sqlx::query(
            "SELECT v.* FROM profile_versions v WHERE v.case_id = $1 AND v.version = \
             (SELECT MAX(x.version) FROM profile_versions x WHERE x.case_id = v.case_id \
              AND x.author_id = v.author_id AND x.part = v.part) \
             ORDER BY v.author_id, v.part",
        )
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().filter_map(profile_row).collect())
    }

    async fn profile_history(
        &self,
        case: CaseId,
        author: PersonId,
    ) -> StoreResult<Vec<ProfileVersionRow>> {
        let rows = sqlx::query(
            "SELECT * FROM profile_versions WHERE case_id = $1 AND author_id = $2 \
             ORDER BY part, version",
        )
        .bind(case.0)
        .bind(author.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().filter_map(profile_row).collect())
    }

    async fn save_profile_part(
        &self,
        row: &ProfileVersionRow,
        base: i64,
    ) -> StoreResult<Option<i64>> {
        let mut tx = self.begin_write().await?;
        let newest: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(version) FROM profile_versions \
             WHERE case_id = $1 AND author_id = $2 AND part = $3",
        )
        .bind(row.case_id.0)
        .bind(row.author_id.0)
        .bind(row.part.code())
        .fetch_one(&mut *tx)
        .await?;
        if newest.unwrap_or(0) != base {
            return Ok(None);
        }
        let inserted = sqlx::query(
            "INSERT INTO profile_versions (case_id, author_id, part, body, sharing, version, at, coach_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(row.case_id.0)
        .bind(row.author_id.0)
        .bind(row.part.code())
        .bind(&row.body)
        .bind(row.sharing.code())
        .bind(base + 1)
        .bind(row.at)
        .bind(row.coach.map(|c| c.0))
        .execute(&mut *tx)
        .await;
        match inserted.map_err(StoreError::from) {
            // Another save took this version first (PostgreSQL's writers run side by side).
            Err(StoreError::Unique(_)) => return Ok(None),
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        tx.commit().await?;
        Ok(Some(base + 1))
    }
}
