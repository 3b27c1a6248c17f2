//! The data layer (server only). Pages and server functions talk to [`Store`], never to a database
//! directly. One module per feature holds its row types and its part of the trait (`case`,
//! `prepare`, `agenda`, `school`, `plan`, `profile`, `mail`, `seen`, `export`, `retention`, `sync`, `access`, `passkey`). Two backends implement it:
//! [`sqlite::SqliteStore`] (the default, one file) and [`postgres::PgStore`] (a region with several
//! instances). Their SQL is written once per feature in `store/sql/` (placeholders `$1`, which both
//! read) and included by each backend with its own types; each backend's file holds only what
//! differs: opening, its migrations, row locks and JSON aggregation. The rules (what a change puts
//! in the outbox, what may leave) live in Rust. The types sent to the browser live with each
//! feature's pages.

pub mod access;
pub mod agenda;
pub mod case;
pub mod demo;
pub mod export;
pub mod mail;
pub mod passkey;
pub mod plan;
pub mod postgres;
pub mod prepare;
pub mod profile;
pub mod retention;
pub mod school;
pub mod seen;
pub mod sqlite;
pub mod sync;

pub use access::*;

pub use crate::agreements::status::AgreementStatus;
use crate::domain::{
    AgeBand, AgendaItemId, AgreementId, CaseId, GoalId, InvitationId, LocalTime, MeetingId,
    OfferId, OfferLinkId, PersonId, PlanActionId, Role, SchoolId,
};
pub use crate::sync::key::ItemKey;
pub use agenda::*;
use async_trait::async_trait;
pub use case::*;
pub use export::*;
pub use mail::*;
pub use plan::*;
pub use prepare::*;
pub use profile::*;
pub use retention::*;
pub use school::*;
pub use seen::*;
pub use sync::*;

/// A data-layer failure, by kind. Only [`StoreError::Other`] is a real fault; its text goes to the
/// server log only.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A unique rule was broken (for example an email address that is already used).
    #[error("unique violation: {0}")]
    Unique(String),
    /// Someone else changed the row first, or it is in a state that does not allow this.
    #[error("conflict")]
    Conflict,
    /// Anything else: a broken connection, a bad migration.
    #[error("database: {0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                StoreError::Unique(d.constraint().unwrap_or("").to_string())
            }
            _ => StoreError::Other(e.to_string()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Other(e.to_string())
    }
}

impl From<StoreError> for crate::error::AppError {
    fn from(e: StoreError) -> Self {
        use crate::error::AppError;
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Unique(_) | StoreError::Conflict => AppError::Taken,
            StoreError::Other(_) => AppError::internal(e),
        }
    }
}

/// Result of a data-layer call.
pub type StoreResult<T> = Result<T, StoreError>;

/// One entry for the audit log.
pub struct AuditEntry<'a> {
    /// Who did it.
    pub person_id: Option<PersonId>,
    /// On which case.
    pub case_id: Option<CaseId>,
    /// What, as a short code ("case.read", "meeting.create").
    pub action: &'a str,
    /// Which object, as an id ("meeting:3"). Never a text someone typed.
    pub target: String,
    /// Whose words the read showed (none for a change, or a read of nobody's words).
    pub subjects: &'a [PersonId],
}

/// An audit row to write later, with everything owned (see [`crate::memo::PageMemo`]).
#[derive(Debug, Clone)]
pub struct AuditRecord {
    /// Unix seconds.
    pub at: i64,
    /// Who did it.
    pub person_id: Option<PersonId>,
    /// On which case.
    pub case_id: Option<CaseId>,
    /// What, as a short code.
    pub action: String,
    /// Which object, as an id. Never a text someone typed.
    pub target: String,
    /// Whose words the read showed.
    pub subjects: Vec<PersonId>,
}

/// The one interface in front of the database.
#[async_trait]
pub trait Store:
    AccessStore
    + CaseStore
    + PrepareStore
    + AgendaStore
    + SchoolStore
    + PlanStore
    + ProfileStore
    + MailStore
    + SeenStore
    + ExportStore
    + RetentionStore
    + SyncStore
    + passkey::PasskeyStore
    + Send
    + Sync
    + 'static
{
    /// Writes an audit entry.
    async fn audit(&self, entry: AuditEntry<'_>, now: i64) -> StoreResult<()>;

    /// Writes several audit rows in one statement.
    async fn audit_many(&self, records: &[AuditRecord]) -> StoreResult<()>;

    /// The number of audit entries for a case (for tests and the coordinator).
    async fn audit_count(&self, case: CaseId, action: &str) -> StoreResult<i64>;
}
