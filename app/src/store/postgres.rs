//! [`Store`] on PostgreSQL, for a region that runs several portal instances on one database
//! (`DATABASE_URL=postgres://…`). Its own migrations live in `migrations/postgres` and run at start
//! (sqlx takes an advisory lock, so two instances starting together migrate once). The store's SQL
//! is written once in `store/sql/` and included here with PostgreSQL's types; this module holds
//! only what differs: opening, and the row locks that SQLite's single writer made unneeded.

use super::passkey::{PasskeyRow, PasskeyStore};
use super::*;
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};
use sqlx::Row;

/// The PostgreSQL implementation of [`Store`].
#[derive(Clone)]
pub struct PgStore {
    /// Reads.
    pool: PgPool,
    /// Writes: the same pool (PostgreSQL runs writers side by side; the locks below order the
    /// few writes that read first).
    writer: PgPool,
}

type This = PgStore;
type Db = sqlx::Postgres;
type DbRow = PgRow;
type DbConn = sqlx::PgConnection;

/// Connections per instance.
const POOL_SIZE: u32 = 16;

impl PgStore {
    /// Connects to the database at `url` (`postgres://…`) and runs the migrations.
    pub async fn open(url: &str) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(POOL_SIZE)
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(PgStore {
            writer: pool.clone(),
            pool,
        })
    }

    /// The pool, for tests that look inside.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn begin_write(&self) -> StoreResult<sqlx::Transaction<'static, Db>> {
        Ok(self.writer.begin().await?)
    }
}

/// Locks a meeting's row until the transaction ends, so two writers that read the meeting's
/// topics first (the next position, a proposer's count) take turns.
async fn lock_meeting(conn: &mut DbConn, meeting: MeetingId) -> StoreResult<()> {
    sqlx::query("SELECT id FROM meetings WHERE id = $1 FOR UPDATE")
        .bind(meeting)
        .execute(conn)
        .await?;
    Ok(())
}

/// Locks a person's row until the transaction ends, so two new links for them at once take
/// turns (the second revokes the first).
async fn lock_person(conn: &mut DbConn, person: PersonId) -> StoreResult<()> {
    sqlx::query("SELECT id FROM people WHERE id = $1 FOR UPDATE")
        .bind(person)
        .execute(conn)
        .await?;
    Ok(())
}

/// The outbox claim's lock, held until the claim's transaction ends (a few milliseconds; never
/// during a delivery): two workers never claim the same entries.
async fn lock_outbox(conn: &mut DbConn) -> StoreResult<()> {
    /// Any fixed number; only the outbox claim uses it.
    const OUTBOX_CLAIM_LOCK: i64 = 0x4161_6e54_6166_6501;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(OUTBOX_CLAIM_LOCK)
        .execute(conn)
        .await?;
    Ok(())
}

/// After an erasure: vacuums the tables it wrote to, so the old row versions with the text are
/// removed from the tables' pages and their space can be written over.
async fn scrub(store: &PgStore, tables: &[&str]) -> StoreResult<()> {
    sqlx::query(&format!("VACUUM {}", tables.join(", ")))
        .execute(&store.pool)
        .await?;
    Ok(())
}

/// Ends a `SELECT` that must hold its rows until the transaction ends (a supporter's seat checks
/// that who brought them still sits at the table, and a removal waits for it).
const FOR_SHARE: &str = " FOR SHARE";

/// `(SELECT <this> FROM …)` gives the rows' `columns` as one JSON array of arrays, in `order`
/// (as text, and `[]` when there are none, as on SQLite).
fn json_rows(columns: &str, order: &str) -> String {
    format!("CAST(COALESCE(json_agg(json_build_array({columns}) ORDER BY {order}), '[]') AS TEXT)")
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
