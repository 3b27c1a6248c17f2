// [`MailStore`], written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

/// Queues one mail; a key that is already queued keeps its first mail. Whether it is new.
async fn insert_mail(conn: &mut DbConn, m: &NewMail, now: i64) -> StoreResult<bool> {
    let n = sqlx::query(
        "INSERT INTO mail_outbox (mail_key, person_id, case_id, message_id, with_link, state,
             next_try_at, created_at)
         VALUES ($1, $2, $3, $4, $5, 'waiting', $6, $7)
         ON CONFLICT (mail_key) DO NOTHING",
    )
    .bind(m.key)
    .bind(m.key.to.0)
    .bind(m.case_id.map(|c| c.0))
    .bind(&m.message_id)
    .bind(i64::from(m.with_link))
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// A candidate row of [`MailStore::mail_candidates`]; one this version cannot read is skipped.
fn candidate(kind: crate::mail::key::MailKind, r: &DbRow) -> Option<MailCandidate> {
    Some(MailCandidate {
        key: MailKey {
            kind,
            object: r.get("object"),
            to: PersonId(r.get("person_id")),
        },
        case_id: CaseId(r.get("case_id")),
        role: Role::parse(r.get::<&str, _>("role"))?,
        when: r.get("at_when"),
        settled_at: r.get("settled"),
    })
}

#[async_trait]
impl MailStore for This {
    async fn mail_enqueue(&self, mails: &[NewMail], now: i64) -> StoreResult<u64> {
        if mails.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let mut new = 0;
        for m in mails {
            new += u64::from(insert_mail(&mut tx, m, now).await?);
        }
        tx.commit().await?;
        Ok(new)
    }

    async fn mail_claim(&self, now: i64, lease: i64, limit: i64) -> StoreResult<Vec<MailDue>> {
        let mut tx = self.begin_write().await?;
        lock_outbox(&mut tx).await?;
        let rows = sqlx::query(
            "SELECT id, mail_key, case_id, message_id, with_link, attempts, created_at
             FROM mail_outbox
             WHERE state = 'waiting' AND next_try_at <= $1
               AND (claimed_until IS NULL OR claimed_until <= $2)
             ORDER BY id LIMIT $3",
        )
        .bind(now)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let mut due = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.get("id");
            match r.try_get::<MailKey, _>("mail_key") {
                Ok(key) => due.push(MailDue {
                    id,
                    key,
                    case_id: r.get::<Option<i64>, _>("case_id").map(CaseId),
                    message_id: r.get("message_id"),
                    with_link: r.get::<i64, _>("with_link") == 1,
                    attempts: r.get("attempts"),
                    created_at: r.get("created_at"),
                }),
                Err(e) => {
                    tracing::error!(error = %e, id, "mail: a mail with an unknown key is left");
                    continue;
                }
            }
            sqlx::query("UPDATE mail_outbox SET claimed_until = $1 WHERE id = $2")
                .bind(now + lease)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(due)
    }

    async fn mail_settle(&self, id: i64, state: &str, error: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE mail_outbox SET state = $1, last_error = $2, claimed_until = NULL, sent_at = CASE WHEN $3 = 'sent' THEN $4 ELSE sent_at END
             WHERE id = $5",
        )
        .bind(state)
        .bind(error)
        .bind(state)
        .bind(now)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn mail_retry(
        &self,
        id: i64,
        attempts: i64,
        next_try_at: i64,
        error: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE mail_outbox SET attempts = $1, next_try_at = $2, last_error = $3,
                 claimed_until = NULL
             WHERE id = $4 AND state = 'waiting'",
        )
        .bind(attempts)
        .bind(next_try_at)
        .bind(error)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn mail_release(&self, ids: &[i64]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for id in ids {
            sqlx::query("UPDATE mail_outbox SET claimed_until = NULL WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn mail_facts(&self, due: &MailDue) -> StoreResult<MailFacts> {
        use crate::mail::key::MailKind;
        let to = due.key.to;
        let mut facts = MailFacts::default();
        if let Some(p) = sqlx::query(
            "SELECT display_name, email, language, mail_choice, disabled_at, account_role FROM people WHERE id = $1",
        )
        .bind(to.0)
        .fetch_optional(&self.pool)
        .await?
        {
            facts.name = p.get("display_name");
            facts.email = p.get("email");
            facts.language = p.get("language");
            facts.choice = MailChoice::parse(p.get::<Option<&str>, _>("mail_choice"));
            facts.disabled = p.get::<Option<i64>, _>("disabled_at").is_some();
            facts.account_young = p.get::<&str, _>("account_role") == Role::Young.code();
        }
        let Some(case) = due.case_id else {
            return Ok(facts);
        };
        // Who invited them: the maker of their newest link to this table, else who brought
        // them, else who opened the case.
        if let Some(c) = sqlx::query(
            "SELECT c.child_first_name, c.closed_at, c.retention_warned_at, ms.role,
                 COALESCE(
                   (SELECT p.display_name FROM invitations i JOIN people p ON p.id = i.created_by
                    WHERE i.person_id = $1 AND i.case_id = c.id ORDER BY i.id DESC LIMIT 1),
                   (SELECT p.display_name FROM people p WHERE p.id = ms.brought_by),
                   (SELECT p.display_name FROM people p WHERE p.id = c.created_by)) AS by_name
             FROM cases c
             LEFT JOIN memberships ms ON ms.case_id = c.id AND ms.person_id = $2
                 AND ms.removed_at IS NULL
             WHERE c.id = $3",
        )
        .bind(to.0)
        .bind(to.0)
        .bind(case.0)
        .fetch_optional(&self.pool)
        .await?
        {
            facts.child = c.get("child_first_name");
            facts.closed_at = c.get("closed_at");
            facts.retention_warned_at = c.get("retention_warned_at");
            facts.role = c.get::<Option<&str>, _>("role").and_then(Role::parse);
            facts.by = c.get("by_name");
        }
        let meeting_of = |m: &DbRow| -> Option<(MeetingId, LocalTime, String)> {
            Some((
                MeetingId(m.get("id")),
                LocalTime::parse(m.get::<&str, _>("starts_at"))?,
                m.get::<String, _>("prepare_by"),
            ))
        };
        match due.key.kind {
            MailKind::Invitation | MailKind::NewLink | MailKind::RetentionWarning => {}
            MailKind::PrepareReminder | MailKind::TopicsShared | MailKind::AgreementsReady => {
                if let Some(m) = sqlx::query(
                    "SELECT m.id, m.starts_at, m.prepare_by, p.display_name AS coach,
                         (SELECT COUNT(*) FROM preparations pr
                          WHERE pr.meeting_id = m.id AND pr.person_id = $1) AS sent
                     FROM meetings m JOIN people p ON p.id = m.created_by
                     WHERE m.id = $2 AND m.case_id = $3",
                )
                .bind(to.0)
                .bind(due.key.object)
                .bind(case.0)
                .fetch_optional(&self.pool)
                .await?
                {
                    facts.meeting = meeting_of(&m);
                    facts.by = Some(m.get("coach"));
                    facts.moot =
                        due.key.kind == MailKind::PrepareReminder && m.get::<i64, _>("sent") > 0;
                }
            }
            MailKind::AgreementDue => {
                if let Some(a) = sqlx::query(
                    "SELECT a.due, a.meeting_id, a.responsible_id,
                         (SELECT u.status FROM agreement_updates u WHERE u.agreement_id = a.id
                          ORDER BY u.id DESC LIMIT 1) AS status
                     FROM agreements a JOIN meetings m ON m.id = a.meeting_id
                     WHERE a.id = $1 AND m.case_id = $2",
                )
                .bind(due.key.object)
                .bind(case.0)
                .fetch_optional(&self.pool)
                .await?
                {
                    facts.due = a
                        .get::<Option<String>, _>("due")
                        .map(|d| (d, MeetingId(a.get("meeting_id"))));
                    facts.moot = a.get::<Option<&str>, _>("status") == Some("done")
                        || a.get::<Option<i64>, _>("responsible_id") != Some(to.0);
                }
            }
        }
        Ok(facts)
    }

    async fn mail_log(&self, case: CaseId) -> StoreResult<Vec<MailLogRow>> {
        let rows = sqlx::query(
            "SELECT o.mail_key, p.display_name, o.state, o.attempts, o.last_error, o.created_at,
                 o.sent_at
             FROM mail_outbox o JOIN people p ON p.id = o.person_id
             WHERE o.case_id = $1 ORDER BY o.id DESC LIMIT 100",
        )
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some(MailLogRow {
                    key: r.try_get("mail_key").ok()?,
                    name: r.get("display_name"),
                    state: r.get("state"),
                    attempts: r.get("attempts"),
                    last_error: r.get("last_error"),
                    created_at: r.get("created_at"),
                    sent_at: r.get("sent_at"),
                })
            })
            .collect())
    }

    async fn mail_candidates(&self, w: &CandidateWindows) -> StoreResult<Vec<MailCandidate>> {
        use crate::mail::key::MailKind;
        // Everyone at an open table who said yes to mail, invited to the meeting.
        const INVITED: &str = "JOIN meeting_invitees i ON i.meeting_id = m.id
             JOIN memberships ms ON ms.case_id = m.case_id AND ms.person_id = i.person_id
                 AND ms.removed_at IS NULL
             JOIN people p ON p.id = i.person_id AND p.mail_choice = 'yes' AND p.disabled_at IS NULL
             JOIN cases c ON c.id = m.case_id AND c.closed_at IS NULL";
        let mut out = Vec::new();
        let prepare = sqlx::query(&format!(
            "SELECT m.id AS object, m.case_id, i.person_id, ms.role, m.prepare_by AS at_when,
                 CAST(0 AS BIGINT) AS settled
             FROM meetings m {INVITED}
             WHERE substr(m.prepare_by, 1, 10) >= $1 AND substr(m.prepare_by, 1, 10) <= $2
               AND NOT EXISTS (SELECT 1 FROM preparations pr
                               WHERE pr.meeting_id = m.id AND pr.person_id = i.person_id)"
        ))
        .bind(&w.from_date)
        .bind(&w.to_date)
        .fetch_all(&self.pool)
        .await?;
        out.extend(
            prepare
                .iter()
                .filter_map(|r| candidate(MailKind::PrepareReminder, r)),
        );
        let topics = sqlx::query(&format!(
            "SELECT m.id AS object, m.case_id, i.person_id, ms.role, m.starts_at AS at_when,
                 a.published_at AS settled
             FROM agenda_state a JOIN meetings m ON m.id = a.meeting_id {INVITED}
             WHERE a.published_at >= $1 AND m.starts_at >= $2"
        ))
        .bind(w.shared_since)
        .bind(&w.started_before)
        .fetch_all(&self.pool)
        .await?;
        out.extend(
            topics
                .iter()
                .filter_map(|r| candidate(MailKind::TopicsShared, r)),
        );
        let ready = sqlx::query(&format!(
            "SELECT m.id AS object, m.case_id, i.person_id, ms.role, m.starts_at AS at_when,
                 x.newest AS settled
             FROM (SELECT meeting_id, MAX(created_at) AS newest FROM agreements
                   GROUP BY meeting_id) x
             JOIN meetings m ON m.id = x.meeting_id {INVITED}
             WHERE m.starts_at >= $1 AND m.starts_at < $2"
        ))
        .bind(&w.started_from)
        .bind(&w.started_before)
        .fetch_all(&self.pool)
        .await?;
        out.extend(
            ready
                .iter()
                .filter_map(|r| candidate(MailKind::AgreementsReady, r)),
        );
        let due = sqlx::query(
            "SELECT a.id AS object, m.case_id, a.responsible_id AS person_id, ms.role,
                 a.due AS at_when, CAST(0 AS BIGINT) AS settled
             FROM agreements a JOIN meetings m ON m.id = a.meeting_id
             JOIN memberships ms ON ms.case_id = m.case_id AND ms.person_id = a.responsible_id
                 AND ms.removed_at IS NULL
             JOIN people p ON p.id = a.responsible_id AND p.mail_choice = 'yes'
                 AND p.disabled_at IS NULL
             JOIN cases c ON c.id = m.case_id AND c.closed_at IS NULL
             WHERE a.due >= $1 AND a.due <= $2
               AND COALESCE((SELECT u.status FROM agreement_updates u
                             WHERE u.agreement_id = a.id ORDER BY u.id DESC LIMIT 1), '') <> 'done'",
        )
        .bind(&w.from_date)
        .bind(&w.to_date)
        .fetch_all(&self.pool)
        .await?;
        out.extend(
            due.iter()
                .filter_map(|r| candidate(MailKind::AgreementDue, r)),
        );
        Ok(out)
    }

    async fn mail_prune(&self, before: i64) -> StoreResult<u64> {
        Ok(sqlx::query(
            "DELETE FROM mail_outbox WHERE state <> 'waiting' AND COALESCE(sent_at, created_at) < $1",
        )
        .bind(before)
        .execute(&self.writer)
        .await?
        .rows_affected())
    }

    async fn mail_choice(&self, person: PersonId) -> StoreResult<(Option<String>, MailChoice)> {
        let r = sqlx::query("SELECT email, mail_choice FROM people WHERE id = $1")
            .bind(person.0)
            .fetch_one(&self.pool)
            .await?;
        Ok((
            r.get("email"),
            MailChoice::parse(r.get::<Option<&str>, _>("mail_choice")),
        ))
    }

    async fn set_mail_choice(
        &self,
        person: PersonId,
        choice: MailChoice,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE people SET mail_choice = $1, mail_choice_at = $2 WHERE id = $3")
            .bind(choice.code())
            .bind(now)
            .bind(person.0)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
