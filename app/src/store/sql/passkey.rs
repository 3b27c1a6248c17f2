// [`PasskeyStore`], written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

#[async_trait]
impl PasskeyStore for This {
    async fn add_passkey(
        &self,
        person: PersonId,
        cred_id: &str,
        name: &str,
        data: &str,
        now: i64,
    ) -> StoreResult<i64> {
        let r = sqlx::query(
            "INSERT INTO passkeys (person_id, cred_id, name, data, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(person.0)
        .bind(cred_id)
        .bind(name)
        .bind(data)
        .bind(now)
        .fetch_one(&self.writer)
        .await?;
        Ok(r.get("id"))
    }

    async fn passkeys(&self, person: PersonId) -> StoreResult<Vec<PasskeyRow>> {
        let rows =
            sqlx::query("SELECT * FROM passkeys WHERE person_id = $1 ORDER BY created_at, id")
                .bind(person.0)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .iter()
            .map(|r| PasskeyRow {
                id: r.get("id"),
                person: PersonId(r.get("person_id")),
                cred_id: r.get("cred_id"),
                name: r.get("name"),
                data: r.get("data"),
                created_at: r.get("created_at"),
                last_used_at: r.get("last_used_at"),
            })
            .collect())
    }

    async fn has_passkey(&self, person: PersonId) -> StoreResult<bool> {
        let r = sqlx::query("SELECT EXISTS (SELECT 1 FROM passkeys WHERE person_id = $1) AS has")
            .bind(person.0)
            .fetch_one(&self.pool)
            .await?;
        Ok(r.get::<bool, _>("has"))
    }

    async fn passkey_used(&self, id: i64, data: &str, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE passkeys SET data = $1, last_used_at = $2 WHERE id = $3")
            .bind(data)
            .bind(now)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn remove_passkeys_of(&self, person: PersonId) -> StoreResult<u64> {
        Ok(sqlx::query("DELETE FROM passkeys WHERE person_id = $1")
            .bind(person.0)
            .execute(&self.writer)
            .await?
            .rows_affected())
    }

    async fn remove_passkey(&self, person: PersonId, id: i64) -> StoreResult<bool> {
        Ok(
            sqlx::query("DELETE FROM passkeys WHERE id = $1 AND person_id = $2")
                .bind(id)
                .bind(person.0)
                .execute(&self.writer)
                .await?
                .rows_affected()
                == 1,
        )
    }
}
