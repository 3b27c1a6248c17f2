// [`AccessStore`] (sessions, flashes, throttles, notices, table management), written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

#[async_trait]
impl AccessStore for This {
    async fn create_session(
        &self,
        person: PersonId,
        token_hash: &[u8],
        kind: SessionKind,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, person_id, created_at, expires_at, last_seen, kind) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token_hash)
        .bind(person.0)
        .bind(now)
        .bind(expires_at)
        .bind(now)
        .bind(kind.code())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<SessionRow>> {
        let r = sqlx::query(
            "SELECT p.*, s.id AS session_id, s.created_at AS session_created, s.last_seen, s.kind
             FROM sessions s JOIN people p ON p.id = s.person_id
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND p.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(r.map(|r| SessionRow {
            id: r.get("session_id"),
            created_at: r.get("session_created"),
            last_seen: r.get("last_seen"),
            kind: SessionKind::parse(r.get::<&str, _>("kind")),
            person: person(&r),
        }))
    }

    async fn touch_session(&self, id: i64, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn revoke_sessions_of(&self, person: PersonId, now: i64) -> StoreResult<u64> {
        let mut conn = self.writer.acquire().await?;
        end_sessions_of(&mut conn, person, now).await
    }

    async fn put_flash(
        &self,
        id_hash: &[u8],
        kind: &str,
        path: &str,
        payload: &str,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO flashes (id_hash, kind, path, payload, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash)
        .bind(kind)
        .bind(path)
        .bind(payload)
        .bind(expires_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn take_flash(
        &self,
        id_hash: &[u8],
        now: i64,
    ) -> StoreResult<Option<(String, String, String)>> {
        let r = sqlx::query(
            "DELETE FROM flashes WHERE id_hash = $1 OR expires_at <= $2 RETURNING id_hash, kind, path, payload, expires_at",
        )
        .bind(id_hash)
        .bind(now)
        .fetch_all(&self.writer)
        .await?;
        Ok(r.into_iter()
            .find(|r| {
                r.get::<Vec<u8>, _>("id_hash") == id_hash && r.get::<i64, _>("expires_at") > now
            })
            .map(|r| (r.get("kind"), r.get("path"), r.get("payload"))))
    }

    async fn peek_flash(
        &self,
        id_hash: &[u8],
        now: i64,
    ) -> StoreResult<Option<(String, String, String)>> {
        let r = sqlx::query(
            "SELECT kind, path, payload FROM flashes WHERE id_hash = $1 AND expires_at > $2",
        )
        .bind(id_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(r.map(|r| (r.get("kind"), r.get("path"), r.get("payload"))))
    }

    async fn delete_flashes(&self, id_hashes: &[Vec<u8>], now: i64) -> StoreResult<()> {
        let mut q = sqlx::QueryBuilder::<Db>::new("DELETE FROM flashes WHERE expires_at <= ");
        q.push_bind(now);
        for h in id_hashes {
            q.push(" OR id_hash = ").push_bind(h.as_slice());
        }
        q.build().execute(&self.writer).await?;
        Ok(())
    }

    async fn failures(
        &self,
        scope: ThrottleScope,
        key: &str,
        since: i64,
    ) -> StoreResult<(i64, Option<i64>)> {
        let r = sqlx::query(
            "SELECT COUNT(*) AS n, MAX(at) AS last FROM sign_in_failures WHERE scope = $1 AND email_key = $2 AND at > $3",
        )
        .bind(scope.code())
        .bind(key)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((r.get("n"), r.get("last")))
    }

    async fn record_failure(&self, scope: ThrottleScope, key: &str, at: i64) -> StoreResult<()> {
        sqlx::query("INSERT INTO sign_in_failures (scope, email_key, at) VALUES ($1, $2, $3)")
            .bind(scope.code())
            .bind(key)
            .bind(at)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn prune_sign_in_records(&self, before: i64) -> StoreResult<Pruned> {
        let mut tx = self.begin_write().await?;
        let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1")
            .bind(before)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let invitations = sqlx::query(
            "DELETE FROM invitations WHERE used_at < $1 OR revoked_at < $1 OR expires_at < $1",
        )
        .bind(before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let failures = sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
            .bind(before)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(Pruned {
            sessions,
            invitations,
            failures,
        })
    }

    async fn clear_failures(&self, scope: ThrottleScope, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE scope = $1 AND email_key = $2")
            .bind(scope.code())
            .bind(key)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn add_notice(
        &self,
        person: PersonId,
        kind: NoticeKind,
        by: Option<PersonId>,
        case: Option<CaseId>,
        now: i64,
    ) -> StoreResult<()> {
        let mut conn = self.writer.acquire().await?;
        insert_notice(&mut conn, person, kind, by, case, now).await
    }

    async fn take_notices(&self, person: PersonId, now: i64) -> StoreResult<Vec<NoticeRow>> {
        let rows = sqlx::query(
            "UPDATE account_notices SET shown_at = $1 WHERE person_id = $2 AND shown_at IS NULL
             RETURNING kind, at, (SELECT display_name FROM people WHERE id = by_id) AS by_name",
        )
        .bind(now)
        .bind(person.0)
        .fetch_all(&self.writer)
        .await?;
        let mut out: Vec<NoticeRow> = rows
            .iter()
            .filter_map(|r| {
                NoticeKind::parse(r.get::<&str, _>("kind")).map(|kind| NoticeRow {
                    kind,
                    by_name: r.get("by_name"),
                    at: r.get("at"),
                })
            })
            .collect();
        out.sort_by_key(|n| std::cmp::Reverse(n.at));
        Ok(out)
    }

    async fn seat(
        &self,
        seat: Seat<'_>,
    ) -> StoreResult<Option<(PersonId, Option<crate::domain::InvitationId>)>> {
        let mut tx = self.begin_write().await?;
        // A supporter only sits down while the parent or young person who brought them does.
        if let Some((by, _)) = seat.brought {
            let sql = format!(
                "SELECT role FROM memberships WHERE case_id = $1 AND person_id = $2 AND removed_at IS NULL{FOR_SHARE}"
            );
            let role: Option<String> = sqlx::query_scalar(&sql)
                .bind(seat.case.0)
                .bind(by.0)
                .fetch_optional(&mut *tx)
                .await?;
            if !role
                .as_deref()
                .and_then(Role::parse)
                .is_some_and(Role::is_family)
            {
                return Ok(None);
            }
        }
        let person = match seat.person {
            Ok(id) => id,
            Err(p) => PersonId(
                sqlx::query_scalar::<_, i64>(
                    "INSERT INTO people (display_name, email, password_hash, account_role, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(&p.display_name)
                .bind(&p.email)
                .bind(&p.password_hash)
                .bind(p.account_role.code())
                .bind(seat.now)
                .fetch_one(&mut *tx)
                .await?,
            ),
        };
        let seated = sqlx::query(
            "INSERT INTO memberships (case_id, person_id, role, relation, created_at, brought_by, support_kind)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (case_id, person_id) DO UPDATE SET role = excluded.role, relation = excluded.relation,
                 removed_at = NULL, created_at = excluded.created_at, brought_by = excluded.brought_by,
                 support_kind = excluded.support_kind, interpreter = NULL, erased_at = NULL
             WHERE memberships.removed_at IS NOT NULL",
        )
        .bind(seat.case.0)
        .bind(person.0)
        .bind(seat.role.code())
        .bind(seat.relation)
        .bind(seat.now)
        .bind(seat.brought.map(|(p, _)| p.0))
        .bind(seat.brought.map(|(_, k)| k.code()))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if seated == 0 {
            return Ok(None);
        }
        sqlx::query(
            "INSERT INTO meeting_invitees (meeting_id, person_id)
             SELECT id, $1 FROM meetings WHERE case_id = $2 AND starts_at >= $3
             ON CONFLICT DO NOTHING",
        )
        .bind(person.0)
        .bind(seat.case.0)
        .bind(seat.upcoming_from.to_input())
        .execute(&mut *tx)
        .await?;
        let invitation = match seat.link {
            Some((hash, expires_at, by)) => Some(crate::domain::InvitationId(
                sqlx::query_scalar::<_, i64>(
                    "INSERT INTO invitations (token_hash, person_id, case_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(hash)
                .bind(person.0)
                .bind(seat.case.0)
                .bind(by.0)
                .bind(seat.now)
                .bind(expires_at)
                .fetch_one(&mut *tx)
                .await?,
            )),
            None => None,
        };
        if let Some((message_id, with_link)) = seat.mail {
            let mail = NewMail {
                key: crate::mail::key::MailKey {
                    kind: crate::mail::key::MailKind::Invitation,
                    object: seat.case.0,
                    to: person,
                },
                case_id: Some(seat.case),
                message_id,
                with_link,
            };
            insert_mail(&mut tx, &mail, seat.now).await?;
        }
        tx.commit().await?;
        Ok(Some((person, invitation)))
    }

    async fn table(&self, case: CaseId, person: PersonId) -> StoreResult<Option<(Role, bool)>> {
        let r = sqlx::query(
            "SELECT m.role, c.closed_at FROM memberships m JOIN cases c ON c.id = m.case_id
             WHERE m.case_id = $1 AND m.person_id = $2 AND m.removed_at IS NULL",
        )
        .bind(case.0)
        .bind(person.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(r.and_then(|r| {
            Role::parse(r.get::<&str, _>("role"))
                .map(|role| (role, r.get::<Option<i64>, _>("closed_at").is_some()))
        }))
    }

    async fn remove_member(
        &self,
        case: CaseId,
        person: PersonId,
        by: PersonId,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let role: Option<String> = sqlx::query_scalar(
            "UPDATE memberships SET removed_at = $1 WHERE case_id = $2 AND person_id = $3 AND removed_at IS NULL RETURNING role",
        )
        .bind(now)
        .bind(case.0)
        .bind(person.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(role) = role else {
            return Ok(false);
        };
        sqlx::query(
            "INSERT INTO membership_events (case_id, person_id, kind, old_role, by_id, at) VALUES ($1, $2, 'removed', $3, $4, $5)",
        )
        .bind(case.0)
        .bind(person.0)
        .bind(role)
        .bind(by.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        // The supporters this person brought leave with them.
        let supporters: Vec<i64> = sqlx::query_scalar(
            "UPDATE memberships SET removed_at = $1 WHERE case_id = $2 AND brought_by = $3 AND removed_at IS NULL RETURNING person_id",
        )
        .bind(now)
        .bind(case.0)
        .bind(person.0)
        .fetch_all(&mut *tx)
        .await?;
        for s in &supporters {
            sqlx::query(
                "INSERT INTO membership_events (case_id, person_id, kind, old_role, by_id, at) VALUES ($1, $2, 'removed', 'supporter', $3, $4)",
            )
            .bind(case.0)
            .bind(s)
            .bind(by.0)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        // Open links for this table stop working too.
        for p in std::iter::once(person.0).chain(supporters) {
            sqlx::query("UPDATE invitations SET revoked_at = $1 WHERE person_id = $2 AND case_id = $3 AND used_at IS NULL AND revoked_at IS NULL")
                .bind(now)
                .bind(p)
                .bind(case.0)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn set_interpreter(
        &self,
        case: CaseId,
        person: PersonId,
        language: Option<crate::domain::InterpreterLanguage>,
    ) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE memberships SET interpreter = $1 WHERE case_id = $2 AND person_id = $3 AND removed_at IS NULL",
        )
        .bind(language.map(|l| l.code()))
        .bind(case.0)
        .bind(person.0)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(n > 0)
    }

    async fn interpreters_at_tables_of(
        &self,
        person: PersonId,
    ) -> StoreResult<Vec<(CaseId, crate::domain::InterpreterLanguage)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT DISTINCT o.case_id, o.interpreter FROM memberships m
             JOIN memberships o ON o.case_id = m.case_id AND o.removed_at IS NULL AND o.interpreter IS NOT NULL
             WHERE m.person_id = $1 AND m.removed_at IS NULL ORDER BY o.case_id, o.interpreter",
        )
        .bind(person.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(c, l)| {
                crate::domain::InterpreterLanguage::parse(&l).map(|l| (CaseId(c), l))
            })
            .collect())
    }

    async fn change_role(
        &self,
        case: CaseId,
        person: PersonId,
        to: Role,
        reason: &str,
        by: PersonId,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let old: Option<String> = sqlx::query_scalar(
            "SELECT role FROM memberships WHERE case_id = $1 AND person_id = $2 AND removed_at IS NULL",
        )
        .bind(case.0)
        .bind(person.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(old) = old.filter(|o| o != to.code()) else {
            return Ok(false);
        };
        // Only if the role is still the one read: of two changes at once, one wins and the other
        // changes nothing (PostgreSQL's writers run side by side).
        let changed = sqlx::query(
            "UPDATE memberships SET role = $1 WHERE case_id = $2 AND person_id = $3 AND role = $4 AND removed_at IS NULL",
        )
        .bind(to.code())
        .bind(case.0)
        .bind(person.0)
        .bind(&old)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO membership_events (case_id, person_id, kind, old_role, new_role, reason, by_id, at) VALUES ($1, $2, 'role', $3, $4, $5, $6, $7)",
        )
        .bind(case.0)
        .bind(person.0)
        .bind(old)
        .bind(to.code())
        .bind(reason)
        .bind(by.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn membership_events(&self, case: CaseId) -> StoreResult<Vec<MembershipEventRow>> {
        let rows = sqlx::query(
            "SELECT e.*, p.display_name AS person_name, b.display_name AS by_name,
                    m.erased_at IS NOT NULL AS erased
             FROM membership_events e JOIN people p ON p.id = e.person_id JOIN people b ON b.id = e.by_id
             LEFT JOIN memberships m ON m.case_id = e.case_id AND m.person_id = e.person_id
             WHERE e.case_id = $1 ORDER BY e.at DESC, e.id DESC",
        )
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let old = Role::parse(r.get::<&str, _>("old_role"))?;
                let kind = match r.get::<&str, _>("kind") {
                    "role" => MembershipEventKind::RoleChanged {
                        from: old,
                        to: Role::parse(r.get::<&str, _>("new_role"))?,
                    },
                    _ => MembershipEventKind::Removed { role: old },
                };
                Some(MembershipEventRow {
                    person_id: PersonId(r.get("person_id")),
                    person_name: r.get("person_name"),
                    kind,
                    reason: r.get("reason"),
                    by_name: r.get("by_name"),
                    at: r.get("at"),
                    erased: r.get("erased"),
                })
            })
            .collect())
    }

    async fn set_language(&self, person: PersonId, code: &str) -> StoreResult<()> {
        sqlx::query("UPDATE people SET language = $1 WHERE id = $2")
            .bind(code)
            .bind(person.0)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn language(&self, person: PersonId) -> StoreResult<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT language FROM people WHERE id = $1")
                .bind(person.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(l,)| l))
    }

    async fn disable_person(&self, person: PersonId, now: i64) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let n =
            sqlx::query("UPDATE people SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL")
                .bind(now)
                .bind(person.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE invitations SET revoked_at = $1 WHERE person_id = $2 AND used_at IS NULL AND revoked_at IS NULL")
            .bind(now)
            .bind(person.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn professionals(&self) -> StoreResult<Vec<AccountRow>> {
        let rows = sqlx::query(
            "SELECT p.*, (SELECT COUNT(*) FROM passkeys k WHERE k.person_id = p.id) AS passkeys
             FROM people p WHERE p.account_role NOT IN ('parent', 'young', 'supporter') ORDER BY p.display_name, p.id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let p = person(r);
                AccountRow {
                    has_password: p.password_hash.is_some(),
                    passkeys: r.get("passkeys"),
                    person: p,
                }
            })
            .collect())
    }

    async fn set_gezag(
        &self,
        case: CaseId,
        person: PersonId,
        gezag: bool,
        now: i64,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE memberships SET gezag = $1 \
             WHERE case_id = $2 AND person_id = $3 AND role = 'parent' AND removed_at IS NULL",
        )
        .bind(i64::from(gezag))
        .bind(case.0)
        .bind(person.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(false);
        }
        enqueue_case_inputs(&mut tx, case, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn close_case(&self, case: CaseId, now: i64) -> StoreResult<bool> {
        Ok(
            sqlx::query("UPDATE cases SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
                .bind(now)
                .bind(case.0)
                .execute(&self.writer)
                .await?
                .rows_affected()
                == 1,
        )
    }

    async fn schools(&self) -> StoreResult<Vec<SchoolRow>> {
        let rows = sqlx::query("SELECT id, name FROM schools ORDER BY name, id")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| SchoolRow {
                id: SchoolId(r.get("id")),
                name: r.get("name"),
            })
            .collect())
    }

    async fn school_staff(&self, school: SchoolId) -> StoreResult<Vec<PersonRow>> {
        let rows = sqlx::query(
            "SELECT p.* FROM school_staff s JOIN people p ON p.id = s.person_id WHERE s.school_id = $1 ORDER BY p.display_name, p.id",
        )
        .bind(school.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(person).collect())
    }

    async fn meta(&self, name: &str) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM portal_meta WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn meta_init(&self, name: &str, value: &str) -> StoreResult<String> {
        sqlx::query(
            "INSERT INTO portal_meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(value)
        .execute(&self.writer)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM portal_meta WHERE name = $1")
                .bind(name)
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

/// Ends every session of a person; how many were still open.
async fn end_sessions_of(conn: &mut DbConn, person: PersonId, now: i64) -> StoreResult<u64> {
    Ok(sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(person)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Something to tell a person at their next sign-in.
async fn insert_notice(
    conn: &mut DbConn,
    person: PersonId,
    kind: NoticeKind,
    by: Option<PersonId>,
    case: Option<CaseId>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO account_notices (person_id, kind, by_id, case_id, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(person)
    .bind(kind.code())
    .bind(by)
    .bind(case)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
