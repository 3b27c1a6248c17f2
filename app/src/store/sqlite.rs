//! [`Store`] on SQLite: a single file, created and migrated at start. `access` holds the
//! sign-in, session and table-management part ([`AccessStore`]).

mod access;
mod passkey;

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

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` (`sqlite://path` or `sqlite::memory:` is
    /// refused: the portal always keeps a real file) and runs the migrations.
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(5));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations").run(&writer).await?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
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
    pub(crate) async fn begin_immediate(
        &self,
    ) -> StoreResult<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }
}

pub(crate) fn person(r: &SqliteRow) -> PersonRow {
    PersonRow {
        id: PersonId(r.get("id")),
        display_name: r.get("display_name"),
        email: r.get("email"),
        password_hash: r.get("password_hash"),
        account_role: Role::parse(r.get::<&str, _>("account_role")).unwrap_or(Role::Parent),
        disabled_at: r.get("disabled_at"),
    }
}

/// Ids from a `group_concat`, in order.
fn id_list(s: Option<&str>) -> Vec<PersonId> {
    let mut ids: Vec<PersonId> = s
        .unwrap_or_default()
        .split(',')
        .filter_map(|p| p.parse().ok().map(PersonId))
        .collect();
    ids.sort();
    ids
}

fn case(r: &SqliteRow) -> CaseRow {
    CaseRow {
        id: CaseId(r.get("id")),
        child_first_name: r.get("child_first_name"),
        age_band: AgeBand::parse(r.get::<&str, _>("age_band")).unwrap_or(AgeBand::Under12),
        closed_at: r.get("closed_at"),
    }
}

fn meeting(r: &SqliteRow) -> StoreResult<MeetingRow> {
    let t = |c: &str| {
        LocalTime::parse(r.get::<&str, _>(c))
            .ok_or_else(|| StoreError::Other(format!("bad time in meetings.{c}")))
    };
    Ok(MeetingRow {
        id: MeetingId(r.get("id")),
        case_id: CaseId(r.get("case_id")),
        title: r.get("title"),
        starts_at: t("starts_at")?,
        duration_minutes: r.get("duration_minutes"),
        place: r.get("place"),
        online_url: r.get("online_url"),
        purpose: r.get("purpose"),
        prepare_by: t("prepare_by")?,
    })
}

fn invitation(r: &SqliteRow) -> InvitationRow {
    InvitationRow {
        id: InvitationId(r.get("id")),
        person_id: PersonId(r.get("person_id")),
        display_name: r.get("display_name"),
        case_id: r.get::<Option<i64>, _>("case_id").map(CaseId),
        created_at: r.get("created_at"),
        expires_at: r.get("expires_at"),
        used_at: r.get("used_at"),
        revoked_at: r.get("revoked_at"),
    }
}

fn agenda_item(r: &SqliteRow) -> AgendaItemRow {
    AgendaItemRow {
        id: AgendaItemId(r.get("id")),
        meeting_id: MeetingId(r.get("meeting_id")),
        proposed_by: PersonId(r.get("proposed_by")),
        title: r.get("title"),
        explanation: r.get("explanation"),
        why: r.get("why"),
        linked_question: r.get("linked_question"),
        via_mediator: r.get::<i64, _>("via_mediator") != 0,
        position: r.get("position"),
        minutes: r.get("minutes"),
        merged_into: r.get::<Option<i64>, _>("merged_into").map(AgendaItemId),
        published: r.get::<i64, _>("published") != 0,
        changed: r.get::<i64, _>("changed") != 0,
        discussed: r.get("discussed"),
        discussed_version: r.get("discussed_version"),
    }
}

fn offer(r: &SqliteRow) -> OfferRow {
    OfferRow {
        id: OfferId(r.get("id")),
        kind: r.get("kind"),
        title: r.get("title"),
        explanation: r.get("explanation"),
        conditions: r.get("conditions"),
        decides: r.get("decides"),
        duration: r.get("duration"),
        elsewhere: r.get("elsewhere"),
    }
}

fn date(r: &SqliteRow, col: &str) -> Option<chrono::NaiveDate> {
    r.get::<Option<String>, _>(col)
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
}

fn goal_row(r: &SqliteRow) -> GoalRow {
    GoalRow {
        id: GoalId(r.get("id")),
        case_id: CaseId(r.get("case_id")),
        plain: r.get("plain"),
        detail: r.get("detail"),
        expressed_by: r.get("expressed_by"),
        status: r.get("status"),
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
    }
}

fn action_row(r: &SqliteRow) -> PlanActionRow {
    PlanActionRow {
        id: PlanActionId(r.get("id")),
        goal_id: r.get::<Option<i64>, _>("goal_id").map(GoalId),
        what: r.get("what"),
        who: r.get("who"),
        due: date(r, "due"),
        done_at: r.get("done_at"),
        created_at: r.get("created_at"),
    }
}

fn agreement_row(r: &SqliteRow) -> AgreementRow {
    AgreementRow {
        id: AgreementId(r.get("id")),
        meeting_id: MeetingId(r.get("meeting_id")),
        item_id: r.get::<Option<i64>, _>("item_id").map(AgendaItemId),
        what: r.get("what"),
        who: r.get("who"),
        due: date(r, "due"),
        goal_id: r.get::<Option<i64>, _>("goal_id").map(GoalId),
    }
}

/// A stored key that this version cannot read is an error, not a panic.
fn link_row(r: &SqliteRow) -> StoreResult<SyncLink> {
    Ok(SyncLink {
        key: r.try_get("item_key")?,
        case_id: CaseId(r.get("case_id")),
        resource_type: r.get("resource_type"),
        remote_id: r.get("remote_id"),
        version_id: r.get("version_id"),
        resource: r.get("resource"),
        base: r.get("base"),
        synced_at: r.get("synced_at"),
    })
}

fn conflict_row(r: &SqliteRow) -> StoreResult<ConflictRow> {
    Ok(ConflictRow {
        id: r.get("id"),
        case_id: CaseId(r.get("case_id")),
        key: r.try_get("item_key")?,
        field: r.get("field"),
        ours: r.get("ours"),
        theirs: r.get("theirs"),
        remote_version: r.get("remote_version"),
        found_at: r.get("found_at"),
    })
}

fn iso_date(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn answer(r: &SqliteRow) -> AnswerRow {
    AnswerRow {
        person_id: PersonId(r.get("person_id")),
        question: r.get("question"),
        body: r.get("body"),
        sharing: r.get("sharing"),
        version: r.get("version"),
        last_op: r.get("last_op"),
    }
}

const INVITATION_COLUMNS: &str = "i.id, i.person_id, p.display_name, i.case_id, i.created_at, i.expires_at, i.used_at, i.revoked_at";

#[async_trait]
impl Store for SqliteStore {
    async fn is_empty(&self) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    async fn person(&self, id: PersonId) -> StoreResult<Option<PersonRow>> {
        let r = sqlx::query("SELECT * FROM people WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.as_ref().map(person))
    }

    async fn person_by_email(&self, email: &str) -> StoreResult<Option<PersonRow>> {
        let r = sqlx::query("SELECT * FROM people WHERE lower(email) = lower(?)")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.as_ref().map(person))
    }

    async fn create_person(&self, p: NewPerson) -> StoreResult<PersonId> {
        let id = sqlx::query(
            "INSERT INTO people (display_name, email, password_hash, account_role, created_at) VALUES (?, ?, ?, ?, unixepoch())",
        )
        .bind(&p.display_name)
        .bind(&p.email)
        .bind(&p.password_hash)
        .bind(p.account_role.code())
        .execute(&self.writer)
        .await?
        .last_insert_rowid();
        Ok(PersonId(id))
    }

    async fn set_password(&self, id: PersonId, hash: &str) -> StoreResult<()> {
        sqlx::query("UPDATE people SET password_hash = ? WHERE id = ?")
            .bind(hash)
            .bind(id.0)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn session_person(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<PersonRow>> {
        let r = sqlx::query(
            "SELECT p.* FROM sessions s JOIN people p ON p.id = s.person_id
             WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND p.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(r.as_ref().map(person))
    }

    async fn revoke_session(&self, token_hash: &[u8], now: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(token_hash)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn create_invitation(
        &self,
        person: PersonId,
        case: Option<CaseId>,
        created_by: Option<PersonId>,
        token_hash: &[u8],
        now: i64,
        expires_at: i64,
    ) -> StoreResult<InvitationId> {
        let id = sqlx::query(
            "INSERT INTO invitations (token_hash, person_id, case_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(person.0)
        .bind(case.map(|c| c.0))
        .bind(created_by.map(|p| p.0))
        .bind(now)
        .bind(expires_at)
        .execute(&self.writer)
        .await?
        .last_insert_rowid();
        Ok(InvitationId(id))
    }

    async fn invitation_by_hash(&self, token_hash: &[u8]) -> StoreResult<Option<InvitationRow>> {
        let sql = format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations i JOIN people p ON p.id = i.person_id WHERE i.token_hash = ?"
        );
        let r = sqlx::query(&sql)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.as_ref().map(invitation))
    }

    async fn use_invitation(&self, id: InvitationId, now: i64) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE invitations SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
        )
        .bind(now)
        .bind(id.0)
        .bind(now)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    async fn revoke_invitation(
        &self,
        case: CaseId,
        id: InvitationId,
        now: i64,
    ) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE invitations SET revoked_at = ? WHERE id = ? AND case_id = ? AND used_at IS NULL AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id.0)
        .bind(case.0)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    async fn revoke_open_invitations_of(&self, person: PersonId, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE invitations SET revoked_at = ? WHERE person_id = ? AND used_at IS NULL AND revoked_at IS NULL")
            .bind(now)
            .bind(person.0)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn case_invitations(&self, case: CaseId) -> StoreResult<Vec<InvitationRow>> {
        let sql = format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations i JOIN people p ON p.id = i.person_id WHERE i.case_id = ? ORDER BY i.id DESC"
        );
        let rows = sqlx::query(&sql).bind(case.0).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(invitation).collect())
    }

    async fn create_case(
        &self,
        first_name: &str,
        band: AgeBand,
        creator: PersonId,
        now: i64,
    ) -> StoreResult<CaseId> {
        let mut tx = self.begin_immediate().await?;
        let id = sqlx::query("INSERT INTO cases (child_first_name, age_band, created_by, created_at) VALUES (?, ?, ?, ?)")
            .bind(first_name)
            .bind(band.code())
            .bind(creator.0)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
        sqlx::query("INSERT INTO memberships (case_id, person_id, role, created_at) VALUES (?, ?, 'coordinator', ?)")
            .bind(id)
            .bind(creator.0)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        enqueue(&mut tx, id, &ItemKey::Case(CaseId(id)), now).await?;
        tx.commit().await?;
        Ok(CaseId(id))
    }

    async fn case(&self, id: CaseId) -> StoreResult<Option<CaseRow>> {
        let r = sqlx::query("SELECT * FROM cases WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.as_ref().map(case))
    }

    async fn meeting_at_table(
        &self,
        id: MeetingId,
        person: PersonId,
    ) -> StoreResult<Option<MeetingAtTable>> {
        let r = sqlx::query(
            "SELECT mt.*, c.child_first_name, c.age_band, c.closed_at, m.role,
               (SELECT group_concat(i.person_id) FROM meeting_invitees i WHERE i.meeting_id = mt.id) AS invitees,
               (SELECT group_concat(p.person_id || ':' || p.sent_at) FROM preparations p WHERE p.meeting_id = mt.id) AS sent,
               (SELECT json_group_array(json_array(t.person_id, t.display_name, t.role, t.relation)) FROM
                  (SELECT o.person_id, pe.display_name, o.role, o.relation FROM memberships o JOIN people pe ON pe.id = o.person_id
                   WHERE o.case_id = mt.case_id AND o.removed_at IS NULL ORDER BY o.created_at, o.person_id) t) AS members,
               (SELECT a.published_at FROM agenda_state a WHERE a.meeting_id = mt.id) AS published_at,
               s.id AS school_id, s.name AS school_name,
               EXISTS (SELECT 1 FROM school_staff st WHERE st.school_id = s.id AND st.person_id = m.person_id) AS school_staff
             FROM meetings mt JOIN cases c ON c.id = mt.case_id
             LEFT JOIN case_school cs ON cs.case_id = c.id
             LEFT JOIN schools s ON s.id = cs.school_id
             LEFT JOIN memberships m ON m.case_id = c.id AND m.person_id = ? AND m.removed_at IS NULL
             WHERE mt.id = ?",
        )
        .bind(person)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = r else { return Ok(None) };
        let invitees = id_list(r.get("invitees"));
        let mut sent: Vec<(PersonId, i64)> = r
            .get::<Option<&str>, _>("sent")
            .unwrap_or_default()
            .split(',')
            .filter_map(|p| {
                let (who, at) = p.split_once(':')?;
                Some((PersonId(who.parse().ok()?), at.parse().ok()?))
            })
            .collect();
        sent.sort();
        let members: Vec<(i64, String, String, String)> =
            serde_json::from_str(r.get::<&str, _>("members"))
                .map_err(|e| StoreError::Other(format!("members of a meeting: {e}")))?;
        let members = members
            .into_iter()
            .filter_map(|(id, display_name, role, relation)| {
                Some(MemberRow {
                    person_id: PersonId(id),
                    display_name,
                    role: Role::parse(&role)?,
                    relation,
                })
            })
            .collect();
        let meeting = meeting(&r)?;
        Ok(Some(MeetingAtTable {
            case: CaseRow {
                id: meeting.case_id,
                child_first_name: r.get("child_first_name"),
                age_band: AgeBand::parse(r.get::<&str, _>("age_band")).unwrap_or(AgeBand::Under12),
                closed_at: r.get("closed_at"),
            },
            meeting,
            role: r.get::<Option<&str>, _>("role").and_then(Role::parse),
            invitees,
            members,
            sent,
            published_at: r.get("published_at"),
            school: r.get::<Option<i64>, _>("school_id").map(|id| SchoolRow {
                id: SchoolId(id),
                name: r.get("school_name"),
            }),
            school_staff: r.get("school_staff"),
        }))
    }

    async fn case_at_table(
        &self,
        id: CaseId,
        person: PersonId,
    ) -> StoreResult<Option<CaseAtTable>> {
        let r = sqlx::query(
            "SELECT c.*, m.role,
               (SELECT group_concat(s.person_id) FROM sync_consent s WHERE s.case_id = c.id) AS consents
             FROM cases c
             LEFT JOIN memberships m ON m.case_id = c.id AND m.person_id = ? AND m.removed_at IS NULL
             WHERE c.id = ?",
        )
        .bind(person)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(r.as_ref().map(|r| CaseAtTable {
            case: case(r),
            role: r.get::<Option<&str>, _>("role").and_then(Role::parse),
            consents: id_list(r.get("consents")),
        }))
    }

    async fn cases_of(&self, person: PersonId) -> StoreResult<Vec<(CaseRow, Role)>> {
        let rows = sqlx::query(
            "SELECT c.*, m.role FROM cases c JOIN memberships m ON m.case_id = c.id WHERE m.person_id = ? AND m.removed_at IS NULL ORDER BY c.id",
        )
        .bind(person.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|r| Role::parse(r.get::<&str, _>("role")).map(|role| (case(r), role)))
            .collect())
    }

    async fn membership(&self, case: CaseId, person: PersonId) -> StoreResult<Option<Role>> {
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM memberships WHERE case_id = ? AND person_id = ? AND removed_at IS NULL")
                .bind(case.0)
                .bind(person.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(role.as_deref().and_then(Role::parse))
    }

    async fn members(&self, case: CaseId) -> StoreResult<Vec<MemberRow>> {
        let rows = sqlx::query(
            "SELECT m.person_id, p.display_name, m.role, m.relation FROM memberships m JOIN people p ON p.id = m.person_id
             WHERE m.case_id = ? AND m.removed_at IS NULL ORDER BY m.created_at, m.person_id",
        )
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Role::parse(r.get::<&str, _>("role")).map(|role| MemberRow {
                    person_id: PersonId(r.get("person_id")),
                    display_name: r.get("display_name"),
                    role,
                    relation: r.get("relation"),
                })
            })
            .collect())
    }

    async fn add_member(
        &self,
        case: CaseId,
        person: PersonId,
        role: Role,
        relation: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let n = sqlx::query(
            "INSERT INTO memberships (case_id, person_id, role, relation, created_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (case_id, person_id) DO UPDATE SET role = excluded.role, relation = excluded.relation,
                 removed_at = NULL, created_at = excluded.created_at
             WHERE memberships.removed_at IS NOT NULL",
        )
        .bind(case.0)
        .bind(person.0)
        .bind(role.code())
        .bind(relation)
        .bind(now)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    async fn create_meeting(&self, m: NewMeeting, now: i64) -> StoreResult<MeetingId> {
        let mut tx = self.begin_immediate().await?;
        let id = sqlx::query(
            "INSERT INTO meetings (case_id, title, starts_at, duration_minutes, place, online_url, purpose, prepare_by, created_by, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(m.case_id.0)
        .bind(&m.title)
        .bind(m.starts_at.to_input())
        .bind(m.duration_minutes)
        .bind(&m.place)
        .bind(&m.online_url)
        .bind(&m.purpose)
        .bind(m.prepare_by.to_input())
        .bind(m.created_by.0)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        for p in &m.invitees {
            sqlx::query(
                "INSERT OR IGNORE INTO meeting_invitees (meeting_id, person_id) VALUES (?, ?)",
            )
            .bind(id)
            .bind(p.0)
            .execute(&mut *tx)
            .await?;
        }
        enqueue(&mut tx, m.case_id.0, &ItemKey::Meeting(MeetingId(id)), now).await?;
        tx.commit().await?;
        Ok(MeetingId(id))
    }

    async fn meeting(&self, id: MeetingId) -> StoreResult<Option<MeetingRow>> {
        let r = sqlx::query("SELECT * FROM meetings WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        r.as_ref().map(meeting).transpose()
    }

    async fn meetings_of_case(&self, case: CaseId) -> StoreResult<Vec<MeetingRow>> {
        let rows = sqlx::query("SELECT * FROM meetings WHERE case_id = ? ORDER BY starts_at, id")
            .bind(case.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(meeting).collect()
    }

    async fn add_invitee(&self, meeting: MeetingId, person: PersonId) -> StoreResult<()> {
        let mut tx = self.begin_immediate().await?;
        sqlx::query("INSERT OR IGNORE INTO meeting_invitees (meeting_id, person_id) VALUES (?, ?)")
            .bind(meeting.0)
            .bind(person.0)
            .execute(&mut *tx)
            .await?;
        let now = crate::ctx::now();
        enqueue_meeting(&mut tx, meeting, &ItemKey::Meeting(meeting), now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn meeting_invitees(&self, m: MeetingId) -> StoreResult<Vec<PersonId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT person_id FROM meeting_invitees WHERE meeting_id = ? ORDER BY person_id",
        )
        .bind(m.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(PersonId).collect())
    }

    async fn answers_of(
        &self,
        meeting: MeetingId,
        person: PersonId,
    ) -> StoreResult<Vec<AnswerRow>> {
        let rows =
            sqlx::query("SELECT * FROM answers WHERE meeting_id = ? AND person_id = ? ORDER BY id")
                .bind(meeting.0)
                .bind(person.0)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.iter().map(answer).collect())
    }

    async fn meeting_answers(&self, meeting: MeetingId) -> StoreResult<Vec<AnswerRow>> {
        let rows = sqlx::query("SELECT * FROM answers WHERE meeting_id = ? ORDER BY person_id, id")
            .bind(meeting.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(answer).collect())
    }

    async fn save_answer(&self, s: SaveAnswer<'_>) -> StoreResult<SaveOutcome> {
        let mut tx = self.begin_immediate().await?;
        if s.base_version == 0 {
            let n = sqlx::query(
                "INSERT INTO answers (meeting_id, person_id, question, body, sharing, version, last_op, updated_at)
                 VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (meeting_id, person_id, question) DO NOTHING",
            )
            .bind(s.meeting.0)
            .bind(s.person.0)
            .bind(s.question)
            .bind(s.body)
            .bind(s.sharing)
            .bind(s.op)
            .bind(s.now)
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
                "UPDATE answers SET body = ?, sharing = ?, version = version + 1, last_op = ?, updated_at = ?
                 WHERE meeting_id = ? AND person_id = ? AND question = ? AND version = ?",
            )
            .bind(s.body)
            .bind(s.sharing)
            .bind(s.op)
            .bind(s.now)
            .bind(s.meeting.0)
            .bind(s.person.0)
            .bind(s.question)
            .bind(s.base_version)
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
            "SELECT * FROM answers WHERE meeting_id = ? AND person_id = ? AND question = ?",
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
        sqlx::query("INSERT INTO preparations (meeting_id, person_id, sent_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET sent_at = excluded.sent_at")
            .bind(meeting.0)
            .bind(person.0)
            .bind(now)
            .execute(&self.writer)
            .await?;
        let mut tx = self.begin_immediate().await?;
        enqueue_input(&mut tx, meeting, person, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn sent_preparations(&self, meeting: MeetingId) -> StoreResult<Vec<(PersonId, i64)>> {
        let rows = sqlx::query("SELECT person_id, sent_at FROM preparations WHERE meeting_id = ?")
            .bind(meeting.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| (PersonId(r.get("person_id")), r.get("sent_at")))
            .collect())
    }

    async fn reviews(&self, meeting: MeetingId) -> StoreResult<Vec<ReviewRow>> {
        let rows = sqlx::query("SELECT * FROM answer_reviews WHERE meeting_id = ?")
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
        let mut tx = self.begin_immediate().await?;
        sqlx::query(
            "INSERT INTO answer_reviews (meeting_id, person_id, question, updated_at) VALUES (?, ?, ?, ?)
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
            "UPDATE answer_reviews SET {column} = ?, updated_at = ? WHERE meeting_id = ? AND person_id = ? AND question = ?"
        );
        let q = sqlx::query(&sql);
        let q = match value {
            Some(t) => q.bind(t.to_string()),
            None => q.bind(now.to_string()),
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

    async fn withdraw_answer(
        &self,
        meeting: MeetingId,
        person: PersonId,
        question: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_immediate().await?;
        let n = sqlx::query(
            "UPDATE answers SET sharing = 'me', version = version + 1, updated_at = ?
             WHERE meeting_id = ? AND person_id = ? AND question = ?",
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

    async fn agenda_published_at(&self, meeting: MeetingId) -> StoreResult<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT published_at FROM agenda_state WHERE meeting_id = ?")
                .bind(meeting.0)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn agenda_items(&self, meeting: MeetingId) -> StoreResult<Vec<AgendaItemRow>> {
        let rows =
            sqlx::query("SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position, id")
                .bind(meeting.0)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.iter().map(agenda_item).collect())
    }

    async fn add_agenda_item(&self, i: NewAgendaItem, now: i64) -> StoreResult<AgendaItemId> {
        let id = sqlx::query_scalar(
            "INSERT INTO agenda_items (meeting_id, proposed_by, title, explanation, why, linked_question, via_mediator, position, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?), ?)
             RETURNING id",
        )
        .bind(i.meeting_id.0)
        .bind(i.proposed_by.0)
        .bind(&i.title)
        .bind(&i.explanation)
        .bind(&i.why)
        .bind(&i.linked_question)
        .bind(i.via_mediator as i64)
        .bind(i.meeting_id.0)
        .bind(now)
        .fetch_one(&self.writer)
        .await?;
        Ok(AgendaItemId(id))
    }

    async fn save_agenda_items(&self, items: &[AgendaItemRow]) -> StoreResult<()> {
        let mut tx = self.begin_immediate().await?;
        for i in items {
            sqlx::query(
                "UPDATE agenda_items SET position = ?, minutes = ?, merged_into = ?, published = (published AND ?), changed = (changed OR ?)
                 WHERE id = ? AND meeting_id = ?",
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
            "UPDATE agenda_items SET discussed = ?, discussed_version = discussed_version + 1
             WHERE id = ? AND meeting_id = ? AND published = 1 AND discussed_version = ?",
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
        let mut tx = self.begin_immediate().await?;
        sqlx::query(
            "UPDATE agenda_items SET published = (merged_into IS NULL), changed = 0 WHERE meeting_id = ?",
        )
        .bind(meeting.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO agenda_state (meeting_id, published_at) VALUES (?, ?)
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
        let rows = sqlx::query("SELECT * FROM agreements WHERE meeting_id = ? ORDER BY id")
            .bind(meeting.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(agreement_row).collect())
    }

    async fn add_agreement(
        &self,
        meeting: MeetingId,
        item: Option<AgendaItemId>,
        goal: Option<GoalId>,
        what: &str,
        who: &str,
        due: Option<chrono::NaiveDate>,
        by: PersonId,
        now: i64,
    ) -> StoreResult<AgreementId> {
        let mut tx = self.begin_immediate().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agreements (meeting_id, item_id, goal_id, what, who, due, created_by, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(meeting.0)
        .bind(item.map(|i| i.0))
        .bind(goal.map(|g| g.0))
        .bind(what)
        .bind(who)
        .bind(due.map(|d| d.format("%Y-%m-%d").to_string()))
        .bind(by.0)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        enqueue_meeting(&mut tx, meeting, &ItemKey::Agreement(AgreementId(id)), now).await?;
        tx.commit().await?;
        Ok(AgreementId(id))
    }

    async fn remove_agreement(&self, meeting: MeetingId, id: AgreementId) -> StoreResult<bool> {
        let mut tx = self.begin_immediate().await?;
        let n = sqlx::query("DELETE FROM agreements WHERE id = ? AND meeting_id = ?")
            .bind(id.0)
            .bind(meeting.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 1 {
            let key = ItemKey::Agreement(id);
            enqueue_meeting(&mut tx, meeting, &key, crate::ctx::now()).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn feedback(&self, meeting: MeetingId) -> StoreResult<Vec<FeedbackRow>> {
        let rows = sqlx::query("SELECT * FROM agreement_feedback WHERE meeting_id = ?")
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
            "INSERT INTO agreement_feedback (meeting_id, person_id, matches, comment, at) VALUES (?, ?, ?, ?, ?)
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

    async fn create_school(&self, name: &str, now: i64) -> StoreResult<SchoolId> {
        let id =
            sqlx::query_scalar("INSERT INTO schools (name, created_at) VALUES (?, ?) RETURNING id")
                .bind(name)
                .bind(now)
                .fetch_one(&self.writer)
                .await?;
        Ok(SchoolId(id))
    }

    async fn school(&self, id: SchoolId) -> StoreResult<Option<SchoolRow>> {
        let row = sqlx::query("SELECT id, name FROM schools WHERE id = ?")
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
            "INSERT INTO school_staff (school_id, person_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(school.0)
        .bind(person.0)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn is_school_staff(&self, school: SchoolId, person: PersonId) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM school_staff WHERE school_id = ? AND person_id = ?",
        )
        .bind(school.0)
        .bind(person.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    async fn set_case_school(&self, case: CaseId, school: SchoolId) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO case_school (case_id, school_id) VALUES (?, ?)
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
            "SELECT s.id, s.name FROM case_school c JOIN schools s ON s.id = c.school_id WHERE c.case_id = ?",
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
            "SELECT * FROM school_offers WHERE school_id = ? AND removed_at IS NULL ORDER BY id",
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
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
                    "UPDATE school_offers SET kind = ?, title = ?, explanation = ?, conditions = ?, decides = ?, duration = ?, elsewhere = ?, updated_at = ?
                     WHERE id = ? AND school_id = ? AND removed_at IS NULL",
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
            "UPDATE school_offers SET removed_at = ? WHERE id = ? AND school_id = ? AND removed_at IS NULL",
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
        let rows = sqlx::query("SELECT * FROM offer_links WHERE meeting_id = ? ORDER BY id")
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
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
        let n = sqlx::query("DELETE FROM offer_links WHERE id = ? AND meeting_id = ?")
            .bind(id.0)
            .bind(meeting.0)
            .execute(&self.writer)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    async fn goals(&self, case: CaseId) -> StoreResult<Vec<GoalRow>> {
        let rows = sqlx::query("SELECT * FROM goals WHERE case_id = ? ORDER BY id")
            .bind(case.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(goal_row).collect())
    }

    async fn add_goal(
        &self,
        case: CaseId,
        plain: &str,
        detail: &str,
        expressed_by: Role,
        now: i64,
    ) -> StoreResult<GoalId> {
        let mut tx = self.begin_immediate().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO goals (case_id, plain, detail, expressed_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(case.0)
        .bind(plain)
        .bind(detail)
        .bind(expressed_by.code())
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        enqueue(&mut tx, case.0, &ItemKey::Goal(GoalId(id)), now).await?;
        enqueue(&mut tx, case.0, &ItemKey::Case(case), now).await?;
        tx.commit().await?;
        Ok(GoalId(id))
    }

    async fn update_goal(
        &self,
        case: CaseId,
        id: GoalId,
        plain: &str,
        detail: &str,
        status: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_immediate().await?;
        let n = sqlx::query(
            "UPDATE goals SET plain = ?, detail = ?, status = ?, updated_at = ? WHERE id = ? AND case_id = ?",
        )
        .bind(plain)
        .bind(detail)
        .bind(status)
        .bind(now)
        .bind(id.0)
        .bind(case.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            enqueue(&mut tx, case.0, &ItemKey::Goal(id), now).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn goal_progress(&self, case: CaseId) -> StoreResult<Vec<ProgressRow>> {
        let rows = sqlx::query(
            "SELECT p.* FROM goal_progress p JOIN goals g ON g.id = p.goal_id WHERE g.case_id = ? ORDER BY p.at, p.id",
        )
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ProgressRow {
                goal_id: GoalId(r.get("goal_id")),
                score: r.get("score"),
                note: r.get("note"),
                at: r.get("at"),
            })
            .collect())
    }

    async fn add_progress(
        &self,
        case: CaseId,
        goal: GoalId,
        score: i64,
        note: &str,
        by: PersonId,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_immediate().await?;
        let n = sqlx::query("UPDATE goals SET updated_at = ? WHERE id = ? AND case_id = ?")
            .bind(now)
            .bind(goal.0)
            .bind(case.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Ok(false);
        }
        sqlx::query("INSERT INTO goal_progress (goal_id, score, note, created_by, at) VALUES (?, ?, ?, ?, ?)")
            .bind(goal.0)
            .bind(score)
            .bind(note)
            .bind(by.0)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn plan_actions(&self, case: CaseId) -> StoreResult<Vec<PlanActionRow>> {
        let rows = sqlx::query("SELECT * FROM plan_actions WHERE case_id = ? ORDER BY id")
            .bind(case.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(action_row).collect())
    }

    async fn add_plan_action(
        &self,
        case: CaseId,
        goal: Option<GoalId>,
        what: &str,
        who: &str,
        due: Option<chrono::NaiveDate>,
        now: i64,
    ) -> StoreResult<PlanActionId> {
        let mut tx = self.begin_immediate().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO plan_actions (case_id, goal_id, what, who, due, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(case.0)
        .bind(goal.map(|g| g.0))
        .bind(what)
        .bind(who)
        .bind(due.map(|d| d.format("%Y-%m-%d").to_string()))
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        enqueue(&mut tx, case.0, &ItemKey::Action(PlanActionId(id)), now).await?;
        tx.commit().await?;
        Ok(PlanActionId(id))
    }

    async fn set_action_done(
        &self,
        case: CaseId,
        id: PlanActionId,
        done: bool,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_immediate().await?;
        let n = sqlx::query(
            "UPDATE plan_actions SET done_at = ?, updated_at = ? WHERE id = ? AND case_id = ?",
        )
        .bind(done.then_some(now))
        .bind(now)
        .bind(id.0)
        .bind(case.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            enqueue(&mut tx, case.0, &ItemKey::Action(id), now).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn goal(&self, id: GoalId) -> StoreResult<Option<GoalRow>> {
        let row = sqlx::query("SELECT * FROM goals WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(goal_row))
    }

    async fn plan_action(&self, id: PlanActionId) -> StoreResult<Option<(CaseId, PlanActionRow)>> {
        let row = sqlx::query("SELECT * FROM plan_actions WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (CaseId(r.get("case_id")), action_row(&r))))
    }

    async fn agreement(&self, id: AgreementId) -> StoreResult<Option<AgreementRow>> {
        let row = sqlx::query("SELECT * FROM agreements WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(agreement_row))
    }

    async fn goal_from_store(
        &self,
        case: CaseId,
        id: Option<GoalId>,
        plain: &str,
        detail: &str,
        expressed_by: Role,
        status: &str,
        now: i64,
    ) -> StoreResult<GoalId> {
        match id {
            Some(id) => {
                sqlx::query(
                    "UPDATE goals SET plain = ?, detail = ?, status = ?, updated_at = ? WHERE id = ? AND case_id = ?",
                )
                .bind(plain)
                .bind(detail)
                .bind(status)
                .bind(now)
                .bind(id.0)
                .bind(case.0)
                .execute(&self.writer)
                .await?;
                Ok(id)
            }
            None => Ok(GoalId(
                sqlx::query_scalar(
                    "INSERT INTO goals (case_id, plain, detail, expressed_by, status, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                )
                .bind(case.0)
                .bind(plain)
                .bind(detail)
                .bind(expressed_by.code())
                .bind(status)
                .bind(now)
                .bind(now)
                .fetch_one(&self.writer)
                .await?,
            )),
        }
    }

    async fn action_from_store(
        &self,
        case: CaseId,
        id: Option<PlanActionId>,
        what: &str,
        who: &str,
        due: Option<chrono::NaiveDate>,
        done: bool,
        now: i64,
    ) -> StoreResult<PlanActionId> {
        match id {
            Some(id) => {
                sqlx::query(
                    "UPDATE plan_actions SET what = ?, who = ?, due = ?,
                     done_at = CASE WHEN ? THEN COALESCE(done_at, ?) ELSE NULL END, updated_at = ?
                     WHERE id = ? AND case_id = ?",
                )
                .bind(what)
                .bind(who)
                .bind(iso_date(due))
                .bind(done)
                .bind(now)
                .bind(now)
                .bind(id.0)
                .bind(case.0)
                .execute(&self.writer)
                .await?;
                Ok(id)
            }
            None => Ok(PlanActionId(
                sqlx::query_scalar(
                    "INSERT INTO plan_actions (case_id, what, who, due, done_at, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                )
                .bind(case.0)
                .bind(what)
                .bind(who)
                .bind(iso_date(due))
                .bind(done.then_some(now))
                .bind(now)
                .bind(now)
                .fetch_one(&self.writer)
                .await?,
            )),
        }
    }

    async fn outbox_due(&self, now: i64, limit: i64) -> StoreResult<Vec<OutboxDue>> {
        let rows = sqlx::query(
            "SELECT case_id, item_key, MAX(id) AS up_to, MAX(attempts) AS attempts FROM sync_outbox
             WHERE state = 'waiting' GROUP BY item_key HAVING MIN(next_try_at) <= ?
             ORDER BY MIN(id) LIMIT ?",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                Ok(OutboxDue {
                    case_id: CaseId(r.get("case_id")),
                    key: r.try_get("item_key")?,
                    up_to: r.get("up_to"),
                    attempts: r.get("attempts"),
                })
            })
            .collect::<StoreResult<_>>()?)
    }

    async fn outbox_settle(
        &self,
        key: &ItemKey,
        up_to: i64,
        state: &str,
        error: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sync_outbox SET state = ?, last_error = ?, done_at = ?
             WHERE item_key = ? AND id <= ? AND state = 'waiting'",
        )
        .bind(state)
        .bind(error)
        .bind(now)
        .bind(key)
        .bind(up_to)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn outbox_retry(
        &self,
        key: &ItemKey,
        up_to: i64,
        attempts: i64,
        next_try_at: i64,
        error: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sync_outbox SET attempts = ?, next_try_at = ?, last_error = ?
             WHERE item_key = ? AND state = 'waiting' AND (id <= ? OR next_try_at < ?)",
        )
        .bind(attempts)
        .bind(next_try_at)
        .bind(error)
        .bind(key)
        .bind(up_to)
        .bind(next_try_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn outbox_requeue(
        &self,
        case: CaseId,
        key: Option<&ItemKey>,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin_immediate().await?;
        let n = sqlx::query(
            "UPDATE sync_outbox SET state = 'waiting', attempts = 0, next_try_at = ?, last_error = '', done_at = NULL
             WHERE case_id = ? AND state IN ('failed', 'conflict') AND (? IS NULL OR item_key = ?)",
        )
        .bind(now)
        .bind(case.0)
        .bind(key)
        .bind(key)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if let (Some(key), 0) = (key, n) {
            enqueue(&mut tx, case.0, key, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn outbox_add(
        &self,
        case: CaseId,
        key: &ItemKey,
        state: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sync_outbox (case_id, item_key, created_at, next_try_at, state) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(case.0)
        .bind(key)
        .bind(now)
        .bind(now)
        .bind(state)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn outbox_summary(&self, case: CaseId) -> StoreResult<OutboxSummary> {
        // One read: every entry still waiting or failed, and the last delivery; the summary is
        // worked out below.
        let rows = sqlx::query(
            "SELECT id, item_key, state, created_at, attempts, next_try_at, last_error, NULL AS done_at
             FROM sync_outbox WHERE case_id = ? AND state IN ('waiting', 'failed')
             UNION ALL
             SELECT NULL, NULL, 'sent', NULL, NULL, NULL, NULL, MAX(done_at)
             FROM sync_outbox WHERE case_id = ? AND state = 'sent'
             ORDER BY 1",
        )
        .bind(case)
        .bind(case)
        .fetch_all(&self.pool)
        .await?;
        let mut entries = Vec::new();
        let mut last_sent = None;
        for r in &rows {
            if r.get::<&str, _>("state") == "sent" {
                last_sent = r.get("done_at");
                continue;
            }
            entries.push(super::OutboxEntry {
                key: r.try_get("item_key")?,
                state: r.get("state"),
                created_at: r.get("created_at"),
                attempts: r.get("attempts"),
                next_try_at: r.get("next_try_at"),
                last_error: r.get("last_error"),
            });
        }
        Ok(OutboxSummary::of(entries, last_sent))
    }

    async fn outbox_waiting_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(DISTINCT item_key) FROM sync_outbox WHERE state = 'waiting'",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    async fn outbox_prune(&self, before: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM sync_outbox WHERE state = 'sent' AND done_at < ?")
            .bind(before)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn sync_link(&self, key: &ItemKey) -> StoreResult<Option<SyncLink>> {
        let row = sqlx::query("SELECT * FROM sync_links WHERE item_key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(link_row).transpose()
    }

    async fn sync_link_by_remote(
        &self,
        resource_type: &str,
        id: &str,
    ) -> StoreResult<Option<SyncLink>> {
        let row = sqlx::query("SELECT * FROM sync_links WHERE resource_type = ? AND remote_id = ?")
            .bind(resource_type)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(link_row).transpose()
    }

    async fn save_sync_link(&self, l: &SyncLink) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sync_links (item_key, case_id, resource_type, remote_id, version_id, resource, base, synced_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (item_key) DO UPDATE SET resource_type = excluded.resource_type,
               remote_id = excluded.remote_id, version_id = excluded.version_id,
               resource = excluded.resource, base = excluded.base, synced_at = excluded.synced_at",
        )
        .bind(&l.key)
        .bind(l.case_id.0)
        .bind(&l.resource_type)
        .bind(&l.remote_id)
        .bind(&l.version_id)
        .bind(&l.resource)
        .bind(&l.base)
        .bind(l.synced_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn add_conflict(&self, c: &ConflictRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sync_conflicts (case_id, item_key, field, ours, theirs, remote_version, found_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(c.case_id.0)
        .bind(&c.key)
        .bind(&c.field)
        .bind(&c.ours)
        .bind(&c.theirs)
        .bind(&c.remote_version)
        .bind(c.found_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn open_conflicts(&self, case: Option<CaseId>) -> StoreResult<Vec<ConflictRow>> {
        let rows = sqlx::query(
            "SELECT * FROM sync_conflicts WHERE resolved_at IS NULL AND (? IS NULL OR case_id = ?) ORDER BY id",
        )
        .bind(case.map(|c| c.0))
        .bind(case.map(|c| c.0))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(conflict_row).collect()
    }

    async fn resolve_conflict(
        &self,
        case: CaseId,
        id: i64,
        by: PersonId,
        resolution: &str,
        now: i64,
    ) -> StoreResult<Option<ConflictRow>> {
        let row = sqlx::query(
            "UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ?
             WHERE id = ? AND case_id = ? AND resolved_at IS NULL RETURNING *",
        )
        .bind(now)
        .bind(by.0)
        .bind(resolution)
        .bind(id)
        .bind(case.0)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(conflict_row).transpose()
    }

    async fn sync_get(&self, name: &str) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM sync_state WHERE name = ?")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn sync_get_many(&self, names: &[&str]) -> StoreResult<Vec<(String, String)>> {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT name, value FROM sync_state WHERE name IN (",
        );
        let mut list = q.separated(", ");
        for n in names {
            list.push_bind(*n);
        }
        q.push(") ORDER BY name");
        Ok(q.build_query_as().fetch_all(&self.pool).await?)
    }

    async fn item_labels(&self, case: CaseId) -> StoreResult<ItemLabels> {
        let rows: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT 'goal', id, plain FROM goals WHERE case_id = ?1
             UNION ALL SELECT 'action', id, what FROM plan_actions WHERE case_id = ?1
             UNION ALL SELECT 'meeting', id, title FROM meetings WHERE case_id = ?1
             UNION ALL SELECT 'person', m.person_id, p.display_name FROM memberships m
               JOIN people p ON p.id = m.person_id WHERE m.case_id = ?1",
        )
        .bind(case)
        .fetch_all(&self.pool)
        .await?;
        let mut labels = ItemLabels::default();
        for (kind, id, label) in rows {
            match kind.as_str() {
                "goal" => labels.goals.insert(GoalId(id), label),
                "action" => labels.actions.insert(PlanActionId(id), label),
                "meeting" => labels.meetings.insert(MeetingId(id), label),
                _ => labels.people.insert(PersonId(id), label),
            };
        }
        Ok(labels)
    }

    async fn sync_set(&self, name: &str, value: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sync_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(name)
        .bind(value)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn set_consent(
        &self,
        case: CaseId,
        person: PersonId,
        yes: bool,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin_immediate().await?;
        if yes {
            sqlx::query("INSERT OR IGNORE INTO sync_consent (case_id, person_id, given_at) VALUES (?, ?, ?)")
                .bind(case.0)
                .bind(person.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("DELETE FROM sync_consent WHERE case_id = ? AND person_id = ?")
                .bind(case.0)
                .bind(person.0)
                .execute(&mut *tx)
                .await?;
        }
        // A parent's choice can change what a young person's input may do, so every sent input of
        // the case is looked at again.
        let sent: Vec<(MeetingId, PersonId)> = sqlx::query_as(
            "SELECT p.meeting_id, p.person_id FROM preparations p
             JOIN meetings m ON m.id = p.meeting_id WHERE m.case_id = ? ORDER BY p.meeting_id, p.person_id",
        )
        .bind(case)
        .fetch_all(&mut *tx)
        .await?;
        for (meeting, person) in sent {
            enqueue(&mut tx, case.0, &ItemKey::Input { meeting, person }, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn consents(&self, case: CaseId) -> StoreResult<Vec<PersonId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT person_id FROM sync_consent WHERE case_id = ? ORDER BY person_id",
        )
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(PersonId).collect())
    }

    async fn audit(&self, e: AuditEntry<'_>, now: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, person_id, case_id, action, target) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(now)
        .bind(e.person_id.map(|p| p.0))
        .bind(e.case_id.map(|c| c.0))
        .bind(e.action)
        .bind(&e.target)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn audit_many(&self, records: &[AuditRecord]) -> StoreResult<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO audit_log (at, person_id, case_id, action, target) ",
        );
        q.push_values(records, |mut row, r| {
            row.push_bind(r.at)
                .push_bind(r.person_id)
                .push_bind(r.case_id)
                .push_bind(r.action.as_str())
                .push_bind(r.target.as_str());
        });
        q.build().execute(&self.writer).await?;
        Ok(())
    }

    async fn audit_count(&self, case: CaseId, action: &str) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE case_id = ? AND action = ?")
                .bind(case.0)
                .bind(action)
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

/// Writes an outbox entry in the caller's transaction, so a change and its entry are saved together.
async fn enqueue(
    conn: &mut sqlx::SqliteConnection,
    case: i64,
    key: &ItemKey,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sync_outbox (case_id, item_key, created_at, next_try_at) VALUES (?, ?, ?, ?)",
    )
    .bind(case)
    .bind(key)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// [`enqueue`] for an item of a meeting (the case is the meeting's).
async fn enqueue_meeting(
    conn: &mut sqlx::SqliteConnection,
    meeting: MeetingId,
    key: &ItemKey,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sync_outbox (case_id, item_key, created_at, next_try_at)
         SELECT case_id, ?, ?, ? FROM meetings WHERE id = ?",
    )
    .bind(key)
    .bind(now)
    .bind(now)
    .bind(meeting)
    .execute(conn)
    .await?;
    Ok(())
}

/// [`enqueue`] for someone's input to a meeting. The rule itself ([`input_may_leave`]) is kept in
/// Rust: nothing of it leaves before they sent it.
async fn enqueue_input(
    conn: &mut sqlx::SqliteConnection,
    meeting: MeetingId,
    person: PersonId,
    now: i64,
) -> StoreResult<()> {
    let sent: Option<i64> = sqlx::query_scalar(
        "SELECT sent_at FROM preparations WHERE meeting_id = ? AND person_id = ?",
    )
    .bind(meeting)
    .bind(person)
    .fetch_optional(&mut *conn)
    .await?;
    if crate::sync::input_may_leave(sent) {
        enqueue_meeting(conn, meeting, &ItemKey::Input { meeting, person }, now).await?;
    }
    Ok(())
}
