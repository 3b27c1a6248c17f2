// [`CaseStore`], written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

#[async_trait]
impl CaseStore for This {
    async fn is_empty(&self) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    async fn person(&self, id: PersonId) -> StoreResult<Option<PersonRow>> {
        let r = sqlx::query("SELECT * FROM people WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.as_ref().map(person))
    }

    async fn person_by_email(&self, email: &str) -> StoreResult<Option<PersonRow>> {
        let r = sqlx::query("SELECT * FROM people WHERE lower(email) = lower($1)")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.as_ref().map(person))
    }

    async fn create_person(&self, p: NewPerson, now: i64) -> StoreResult<PersonId> {
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO people (display_name, email, password_hash, account_role, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&p.display_name)
        .bind(&p.email)
        .bind(&p.password_hash)
        .bind(p.account_role.code())
        .bind(now)
        .fetch_one(&self.writer)
        .await?;
        Ok(PersonId(id))
    }

    async fn use_invitation_for_password(
        &self,
        invitation: InvitationId,
        person: PersonId,
        hash: &str,
        tell: bool,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        if !mark_invitation_used(&mut tx, invitation, now).await? {
            return Ok(false);
        }
        sqlx::query("UPDATE people SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(person)
            .execute(&mut *tx)
            .await?;
        end_sessions_of(&mut tx, person, now).await?;
        if tell {
            insert_notice(&mut tx, person, NoticeKind::PasswordSet, None, None, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn session_person(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<PersonRow>> {
        let r = sqlx::query(
            "SELECT p.* FROM sessions s JOIN people p ON p.id = s.person_id
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND p.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(r.as_ref().map(person))
    }

    async fn revoke_session(&self, token_hash: &[u8], now: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
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
        let mut conn = self.writer.acquire().await?;
        insert_invitation(
            &mut conn, person, case, created_by, token_hash, now, expires_at,
        )
        .await
    }

    async fn replace_link(&self, l: ReplaceLink<'_>) -> StoreResult<InvitationId> {
        let mut tx = self.begin_write().await?;
        lock_person(&mut tx, l.person).await?;
        sqlx::query(
            "UPDATE invitations SET revoked_at = $1 WHERE person_id = $2 AND used_at IS NULL AND revoked_at IS NULL",
        )
        .bind(l.now)
        .bind(l.person)
        .execute(&mut *tx)
        .await?;
        if l.end_sessions {
            end_sessions_of(&mut tx, l.person, l.now).await?;
        }
        let id = insert_invitation(
            &mut tx,
            l.person,
            l.case,
            Some(l.by),
            l.token_hash,
            l.now,
            l.expires_at,
        )
        .await?;
        if let Some(kind) = l.notice {
            insert_notice(&mut tx, l.person, kind, Some(l.by), l.case, l.now).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn invitation_by_hash(&self, token_hash: &[u8]) -> StoreResult<Option<InvitationRow>> {
        let sql = format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations i JOIN people p ON p.id = i.person_id WHERE i.token_hash = $1"
        );
        let r = sqlx::query(&sql)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.as_ref().map(invitation))
    }

    async fn use_invitation(&self, id: InvitationId, now: i64) -> StoreResult<bool> {
        let mut conn = self.writer.acquire().await?;
        mark_invitation_used(&mut conn, id, now).await
    }

    async fn revoke_invitation(
        &self,
        case: CaseId,
        id: InvitationId,
        now: i64,
    ) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND case_id = $3 AND used_at IS NULL AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id.0)
        .bind(case.0)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    async fn case_invitations(&self, case: CaseId) -> StoreResult<Vec<InvitationRow>> {
        let sql = format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations i JOIN people p ON p.id = i.person_id WHERE i.case_id = $1 ORDER BY i.id DESC"
        );
        let rows = sqlx::query(&sql).bind(case.0).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(invitation).collect())
    }

    async fn create_case(
        &self,
        first_name: &str,
        band: AgeBand,
        birth_date: Option<chrono::NaiveDate>,
        creator: PersonId,
        now: i64,
    ) -> StoreResult<CaseId> {
        let mut tx = self.begin_write().await?;
        let id = sqlx::query_scalar::<_, i64>("INSERT INTO cases (child_first_name, age_band, birth_date, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(first_name)
            .bind(band.code())
            .bind(birth_date.map(|d| d.format("%Y-%m-%d").to_string()))
            .bind(creator.0)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO memberships (case_id, person_id, role, created_at) VALUES ($1, $2, 'coordinator', $3)")
            .bind(id)
            .bind(creator.0)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        enqueue(&mut tx, id, &ItemKey::Case(CaseId(id)), now).await?;
        tx.commit().await?;
        Ok(CaseId(id))
    }

    async fn set_age(
        &self,
        case: CaseId,
        birth_date: Option<chrono::NaiveDate>,
        band: AgeBand,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let before: Option<String> = sqlx::query_scalar("SELECT age_band FROM cases WHERE id = $1")
            .bind(case.0)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(before) = before else {
            return Err(StoreError::NotFound);
        };
        sqlx::query("UPDATE cases SET birth_date = $1, age_band = $2 WHERE id = $3")
            .bind(birth_date.map(|d| d.format("%Y-%m-%d").to_string()))
            .bind(band.code())
            .bind(case.0)
            .execute(&mut *tx)
            .await?;
        let changed = before != band.code();
        if changed {
            enqueue_case_inputs(&mut tx, case, now).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    async fn store_band(
        &self,
        case: CaseId,
        born: chrono::NaiveDate,
        band: AgeBand,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE cases SET age_band = $1 WHERE id = $2 AND birth_date = $3 AND age_band <> $1",
        )
        .bind(band.code())
        .bind(case.0)
        .bind(born.format("%Y-%m-%d").to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            enqueue_case_inputs(&mut tx, case, now).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn dated_cases(&self) -> StoreResult<Vec<CaseRow>> {
        let rows = sqlx::query(
            "SELECT * FROM cases WHERE birth_date IS NOT NULL AND closed_at IS NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(case).collect())
    }

    async fn kept_for_other_coaches(
        &self,
        case: CaseId,
        person: PersonId,
        coach: PersonId,
    ) -> StoreResult<i64> {
        // The parts of "Dit is …" count as they stand (their newest version).
        let n: i64 = sqlx::query_scalar(
            "SELECT
               (SELECT COUNT(*) FROM answers a JOIN meetings mt ON mt.id = a.meeting_id
                 WHERE mt.case_id = $1 AND a.person_id = $2 AND a.sharing = 'mediator'
                   AND a.body <> '' AND (a.coach_id IS NULL OR a.coach_id <> $3))
             + (SELECT COUNT(*) FROM profile_versions v
                 WHERE v.case_id = $1 AND v.author_id = $2 AND v.sharing = 'mediator'
                   AND v.body <> '' AND (v.coach_id IS NULL OR v.coach_id <> $3)
                   AND v.version = (SELECT MAX(x.version) FROM profile_versions x
                     WHERE x.case_id = v.case_id AND x.author_id = v.author_id AND x.part = v.part))
             + (SELECT COUNT(*) FROM agreement_updates u JOIN agreements g ON g.id = u.agreement_id
                 JOIN meetings mt ON mt.id = g.meeting_id
                 WHERE mt.case_id = $1 AND u.person_id = $2 AND u.sharing = 'mediator'
                   AND u.note <> '' AND (u.coach_id IS NULL OR u.coach_id <> $3))",
        )
        .bind(case.0)
        .bind(person.0)
        .bind(coach.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    async fn share_with_coach(
        &self,
        case: CaseId,
        person: PersonId,
        coach: PersonId,
        share: bool,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        if share {
            for sql in [
                "UPDATE answers SET coach_id = $1 WHERE person_id = $2 AND sharing = 'mediator'
                   AND meeting_id IN (SELECT id FROM meetings WHERE case_id = $3)",
                "UPDATE profile_versions SET coach_id = $1 WHERE author_id = $2
                   AND sharing = 'mediator' AND case_id = $3",
                "UPDATE agreement_updates SET coach_id = $1 WHERE person_id = $2
                   AND sharing = 'mediator' AND agreement_id IN (SELECT g.id FROM agreements g
                   JOIN meetings mt ON mt.id = g.meeting_id WHERE mt.case_id = $3)",
            ] {
                sqlx::query(sql)
                    .bind(coach.0)
                    .bind(person.0)
                    .bind(case.0)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        sqlx::query(
            "UPDATE memberships SET coach_asked = $1 WHERE case_id = $2 AND person_id = $3",
        )
        .bind(coach.0)
        .bind(case.0)
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_band_told(
        &self,
        case: CaseId,
        person: PersonId,
        band: AgeBand,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE memberships SET band_told = $1 WHERE case_id = $2 AND person_id = $3 AND removed_at IS NULL",
        )
        .bind(band.code())
        .bind(case.0)
        .bind(person.0)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn case(&self, id: CaseId) -> StoreResult<Option<CaseRow>> {
        let r = sqlx::query("SELECT * FROM cases WHERE id = $1")
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
        // The members come as one JSON array, built by each backend's own aggregate.
        static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let sql = SQL.get_or_init(|| {
            format!(
            "SELECT mt.*, c.child_first_name, c.age_band, c.birth_date, c.closed_at, m.role,
               (SELECT string_agg(CAST(i.person_id AS TEXT), ',') FROM meeting_invitees i WHERE i.meeting_id = mt.id) AS invitees,
               (SELECT string_agg(CAST(p.person_id AS TEXT) || ':' || CAST(p.sent_at AS TEXT), ',') FROM preparations p WHERE p.meeting_id = mt.id) AS sent,
               (SELECT {members}
                  FROM memberships o JOIN people pe ON pe.id = o.person_id
                  WHERE o.case_id = mt.case_id AND o.removed_at IS NULL) AS members,
               (SELECT a.published_at FROM agenda_state a WHERE a.meeting_id = mt.id) AS published_at,
               s.id AS school_id, s.name AS school_name,
               EXISTS (SELECT 1 FROM school_staff st WHERE st.school_id = s.id AND st.person_id = m.person_id) AS school_staff
             FROM meetings mt JOIN cases c ON c.id = mt.case_id
             LEFT JOIN case_school cs ON cs.case_id = c.id
             LEFT JOIN schools s ON s.id = cs.school_id
             LEFT JOIN memberships m ON m.case_id = c.id AND m.person_id = $1 AND m.removed_at IS NULL
             WHERE mt.id = $2",
                members = json_rows(
                    "o.person_id, pe.display_name, o.role, o.relation, o.brought_by, o.support_kind, o.interpreter, o.gezag",
                    "o.created_at, o.person_id"
                )
            )
        });
        let r = sqlx::query(sql)
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
        type Member = (
            i64,
            String,
            String,
            String,
            Option<i64>,
            Option<String>,
            Option<String>,
            i64,
        );
        let members: Vec<Member> = serde_json::from_str(r.get::<&str, _>("members"))
            .map_err(|e| StoreError::Other(format!("members of a meeting: {e}")))?;
        let members = members
            .into_iter()
            .filter_map(
                |(id, display_name, role, relation, brought_by, kind, interpreter, gezag)| {
                    Some(MemberRow {
                        person_id: PersonId(id),
                        display_name,
                        role: Role::parse(&role)?,
                        relation,
                        brought_by: brought_by.map(PersonId),
                        support_kind: kind
                            .as_deref()
                            .and_then(crate::domain::SupporterKind::parse),
                        interpreter: interpreter
                            .as_deref()
                            .and_then(crate::domain::InterpreterLanguage::parse),
                        gezag: gezag != 0,
                    })
                },
            )
            .collect();
        let meeting = meeting(&r)?;
        Ok(Some(MeetingAtTable {
            case: CaseRow {
                id: meeting.case_id,
                child_first_name: r.get("child_first_name"),
                age_band: AgeBand::parse(r.get::<&str, _>("age_band")).unwrap_or(AgeBand::Under12),
                birth_date: birth_date(r.get("birth_date")),
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
        // The caller's own consent history comes as one JSON array, built by each backend.
        static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let sql = SQL.get_or_init(|| {
            format!(
                "SELECT c.*, m.role, m.band_told, m.coach_asked,
               (SELECT string_agg(CAST(s.person_id AS TEXT), ',') FROM sync_consent s WHERE s.case_id = c.id) AS consents,
               (SELECT {history} FROM consent_events e WHERE e.case_id = c.id AND e.person_id = $1) AS my_consents,
               (SELECT string_agg(CAST(f.person_id AS TEXT), ',') FROM memberships f
                 WHERE f.case_id = c.id AND f.role IN ('parent', 'young') AND f.removed_at IS NULL) AS family
             FROM cases c
             LEFT JOIN memberships m ON m.case_id = c.id AND m.person_id = $2 AND m.removed_at IS NULL
             WHERE c.id = $3",
                history = json_rows("e.given, e.text_version, e.at", "e.id")
            )
        });
        let r = sqlx::query(sql)
            .bind(person)
            .bind(person)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.as_ref().map(|r| CaseAtTable {
            case: case(r),
            role: r.get::<Option<&str>, _>("role").and_then(Role::parse),
            consents: id_list(r.get("consents")),
            family: id_list(r.get("family")),
            my_consents: serde_json::from_str::<Vec<(i64, String, i64)>>(
                r.get::<Option<&str>, _>("my_consents").unwrap_or("[]"),
            )
            .unwrap_or_default()
            .into_iter()
            .map(|(given, text_version, at)| ConsentEvent {
                given: given == 1,
                text_version,
                at,
            })
            .collect(),
            band_told: r.get::<Option<String>, _>("band_told").unwrap_or_default(),
            coach_asked: r.get::<Option<i64>, _>("coach_asked").map(PersonId),
        }))
    }

    async fn cases_of(&self, person: PersonId) -> StoreResult<Vec<(CaseRow, Role)>> {
        let rows = sqlx::query(
            "SELECT c.*, m.role FROM cases c JOIN memberships m ON m.case_id = c.id WHERE m.person_id = $1 AND m.removed_at IS NULL ORDER BY c.id",
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
            sqlx::query_scalar("SELECT role FROM memberships WHERE case_id = $1 AND person_id = $2 AND removed_at IS NULL")
                .bind(case.0)
                .bind(person.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(role.as_deref().and_then(Role::parse))
    }

    async fn seat_ever(&self, case: CaseId, person: PersonId) -> StoreResult<Option<(Role, bool)>> {
        let row: Option<(String, bool)> = sqlx::query_as(
            "SELECT role, removed_at IS NOT NULL FROM memberships \
             WHERE case_id = $1 AND person_id = $2 AND erased_at IS NULL",
        )
        .bind(case.0)
        .bind(person.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(role, removed)| Role::parse(&role).map(|r| (r, removed))))
    }

    async fn members(&self, case: CaseId) -> StoreResult<Vec<MemberRow>> {
        let rows = sqlx::query(
            "SELECT m.person_id, p.display_name, m.role, m.relation, m.brought_by, m.support_kind, m.interpreter, m.gezag
             FROM memberships m JOIN people p ON p.id = m.person_id
             WHERE m.case_id = $1 AND m.removed_at IS NULL ORDER BY m.created_at, m.person_id",
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
                    brought_by: r.get::<Option<i64>, _>("brought_by").map(PersonId),
                    support_kind: r
                        .get::<Option<&str>, _>("support_kind")
                        .and_then(crate::domain::SupporterKind::parse),
                    interpreter: r
                        .get::<Option<&str>, _>("interpreter")
                        .and_then(crate::domain::InterpreterLanguage::parse),
                    gezag: r.get::<i64, _>("gezag") != 0,
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
            "INSERT INTO memberships (case_id, person_id, role, relation, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (case_id, person_id) DO UPDATE SET role = excluded.role, relation = excluded.relation,
                 removed_at = NULL, created_at = excluded.created_at, erased_at = NULL
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
        let mut tx = self.begin_write().await?;
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO meetings (case_id, title, starts_at, duration_minutes, place, online_url, purpose, prepare_by, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
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
        .fetch_one(&mut *tx)
        .await?;
        for p in &m.invitees {
            sqlx::query(
                "INSERT INTO meeting_invitees (meeting_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
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
        let r = sqlx::query("SELECT * FROM meetings WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        r.as_ref().map(meeting).transpose()
    }

    async fn meetings_of_case(&self, case: CaseId) -> StoreResult<Vec<MeetingRow>> {
        let rows = sqlx::query("SELECT * FROM meetings WHERE case_id = $1 ORDER BY starts_at, id")
            .bind(case.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(meeting).collect()
    }

    async fn meeting_invitees(&self, m: MeetingId) -> StoreResult<Vec<PersonId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT person_id FROM meeting_invitees WHERE meeting_id = $1 ORDER BY person_id",
        )
        .bind(m.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(PersonId).collect())
    }
}

async fn insert_invitation(
    conn: &mut DbConn,
    person: PersonId,
    case: Option<CaseId>,
    created_by: Option<PersonId>,
    token_hash: &[u8],
    now: i64,
    expires_at: i64,
) -> StoreResult<InvitationId> {
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO invitations (token_hash, person_id, case_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(token_hash)
    .bind(person)
    .bind(case)
    .bind(created_by)
    .bind(now)
    .bind(expires_at)
    .fetch_one(conn)
    .await?;
    Ok(InvitationId(id))
}

/// Marks an invitation used, only if it still can be; whether this call used it.
async fn mark_invitation_used(conn: &mut DbConn, id: InvitationId, now: i64) -> StoreResult<bool> {
    let n = sqlx::query(
        "UPDATE invitations SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}
