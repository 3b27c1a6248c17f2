//! [`Store`] on SQLite: a single file, created and migrated at start (`migrations/sqlite`). The
//! store's SQL is written once in `store/sql/` and included here with SQLite's types; this module
//! holds only what differs: opening (WAL, one writer connection), `BEGIN IMMEDIATE`, and how rows
//! are locked (not at all: the single writer already orders every write).

use super::passkey::{PasskeyRow, PasskeyStore};
use super::*;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Row, SqlitePool};
use std::str::FromStr;

/// The SQLite implementation of [`Store`].
#[derive(Clone)]
pub struct SqliteStore {
    /// For reads: several connections read at the same time (WAL).
    pool: SqlitePool,
    /// For writes: one connection, so writers queue here instead of sleeping in SQLite's busy
    /// handler while another holds the write lock.
    writer: SqlitePool,
}

type This = SqliteStore;
type Db = sqlx::Sqlite;
type DbRow = SqliteRow;
type DbConn = sqlx::SqliteConnection;

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` (`sqlite://path`) and runs the
    /// migrations.
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Deleted and overwritten content is zeroed in the file, so an erased answer is gone
            // from it, not only unreachable.
            .pragma("secure_delete", "ON")
            // No connection copies the WAL into the database inside a commit (that copy waits for
            // the disk and held up one save in a hundred); [`checkpoints`] does it beside them.
            .pragma("wal_autocheckpoint", "0")
            .busy_timeout(std::time::Duration::from_secs(5));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&writer).await?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        tokio::spawn(checkpoints(pool.clone()));
        Ok(SqliteStore { pool, writer })
    }

    /// The pool, for tests that look inside.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The writers' pool (one connection), for tests that count statements.
    pub fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so two writers
    /// never both read first and then fail to upgrade.
    async fn begin_write(&self) -> StoreResult<sqlx::Transaction<'static, Db>> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Nothing to lock: `BEGIN IMMEDIATE` on the one writer connection already runs write
/// transactions one at a time.
async fn lock_meeting(_conn: &mut DbConn, _meeting: MeetingId) -> StoreResult<()> {
    Ok(())
}

/// Nothing to lock (see [`lock_meeting`]).
async fn lock_person(_conn: &mut DbConn, _person: PersonId) -> StoreResult<()> {
    Ok(())
}

/// Nothing to lock (see [`lock_meeting`]).
async fn lock_outbox(_conn: &mut DbConn) -> StoreResult<()> {
    Ok(())
}

/// Every second, copies what the WAL holds into the database file, on a reading connection and
/// without waiting for writers (`PASSIVE`), so saves never wait for the disk. Stops when the pool
/// is closed.
async fn checkpoints(pool: SqlitePool) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(1));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !pool.is_closed() {
        every.tick().await;
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            if pool.is_closed() {
                break;
            }
            tracing::warn!(error = %e, "WAL checkpoint failed");
        }
    }
}

/// After an erasure: copies the WAL into the database file and empties it, so the erased text
/// is gone from both files (`secure_delete` zeroed it in the database pages).
async fn scrub(store: &SqliteStore, _tables: &[&str]) -> StoreResult<()> {
    // A reader that still holds an older snapshot keeps the WAL in use: try again shortly.
    for _ in 0..20 {
        let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&store.writer)
            .await?;
        if busy == 0 {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    Err(StoreError::Other("the WAL stayed in use".into()))
}

/// Nothing: SQLite runs one writing transaction at a time, so rows read in one stay as read.
const FOR_SHARE: &str = "";

/// `(SELECT <this> FROM …)` gives the rows' `columns` as one JSON array of arrays, in `order`.
fn json_rows(columns: &str, order: &str) -> String {
    format!("json_group_array(json_array({columns}) ORDER BY {order})")
}

include!("sql/common.rs");
include!("sql/access.rs");
include!("sql/agenda.rs");
include!("sql/case.rs");
include!("sql/export.rs");
include!("sql/passkey.rs");
include!("sql/plan.rs");
include!("sql/prepare.rs");
include!("sql/retention.rs");
include!("sql/mail.rs");
include!("sql/profile.rs");
include!("sql/school.rs");
include!("sql/seen.rs");
include!("sql/sync.rs");

#[cfg(test)]
mod tests {
    use super::*;

    /// What a commit leaves in the WAL reaches the database file by itself, shortly after, with
    /// no connection copying it inside a commit.
    #[tokio::test]
    async fn the_wal_is_copied_into_the_database_beside_the_writers() {
        let dir = std::env::temp_dir().join(format!("aantafel-wal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("wal.db");
        let store = SqliteStore::open(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        let (auto,): (i64,) = sqlx::query_as("PRAGMA wal_autocheckpoint")
            .fetch_one(&store.writer)
            .await
            .unwrap();
        assert_eq!(auto, 0, "no commit copies the WAL");
        let before = std::fs::metadata(&file).unwrap().len();
        sqlx::query("CREATE TABLE wal_probe (x TEXT)")
            .execute(&store.writer)
            .await
            .unwrap();
        for _ in 0..64 {
            sqlx::query("INSERT INTO wal_probe VALUES (?)")
                .bind("x".repeat(4000))
                .execute(&store.writer)
                .await
                .unwrap();
        }
        let mut grew = false;
        for _ in 0..100 {
            if std::fs::metadata(&file).unwrap().len() > before + 64 * 4000 {
                grew = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        store.pool.close().await;
        store.writer.close().await;
        let _ = std::fs::remove_dir_all(&dir);
        assert!(grew, "the database file took in the WAL within 5 s");
    }
}
