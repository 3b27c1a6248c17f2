//! [`PasskeyStore`] on SQLite.

use super::SqliteStore;
use crate::domain::PersonId;
use crate::store::passkey::{PasskeyRow, PasskeyStore};
use crate::store::StoreResult;
use async_trait::async_trait;
use sqlx::Row;

#[async_trait]
impl PasskeyStore for SqliteStore {
    async fn add_passkey(
        &self,
        person: PersonId,
        cred_id: &str,
        name: &str,
        data: &str,
        now: i64,
    ) -> StoreResult<i64> {
        let r = sqlx::query(
            "INSERT INTO passkeys (person_id, cred_id, name, data, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
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
            sqlx::query("SELECT * FROM passkeys WHERE person_id = ? ORDER BY created_at, id")
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
        let r = sqlx::query("SELECT EXISTS (SELECT 1 FROM passkeys WHERE person_id = ?) AS has")
            .bind(person.0)
            .fetch_one(&self.pool)
            .await?;
        Ok(r.get::<i64, _>("has") == 1)
    }

    async fn passkey_used(&self, id: i64, data: &str, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE passkeys SET data = ?, last_used_at = ? WHERE id = ?")
            .bind(data)
            .bind(now)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn remove_passkeys_of(&self, person: PersonId) -> StoreResult<u64> {
        Ok(sqlx::query("DELETE FROM passkeys WHERE person_id = ?")
            .bind(person.0)
            .execute(&self.writer)
            .await?
            .rows_affected())
    }

    async fn remove_passkey(&self, person: PersonId, id: i64) -> StoreResult<bool> {
        Ok(
            sqlx::query("DELETE FROM passkeys WHERE id = ? AND person_id = ?")
                .bind(id)
                .bind(person.0)
                .execute(&self.writer)
                .await?
                .rows_affected()
                == 1,
        )
    }
}
