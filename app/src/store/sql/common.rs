// Row readers, the audit log and the outbox helpers, written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

fn person(r: &DbRow) -> PersonRow {
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
    let mut ids = parse_subjects(s.unwrap_or_default());
    ids.sort();
    ids
}

fn case(r: &DbRow) -> CaseRow {
    CaseRow {
        id: CaseId(r.get("id")),
        child_first_name: r.get("child_first_name"),
        age_band: AgeBand::parse(r.get::<&str, _>("age_band")).unwrap_or(AgeBand::Under12),
        birth_date: birth_date(r.get("birth_date")),
        closed_at: r.get("closed_at"),
    }
}

/// A stored date of birth (`YYYY-MM-DD`).
fn birth_date(raw: Option<&str>) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(raw?, "%Y-%m-%d").ok()
}

fn meeting(r: &DbRow) -> StoreResult<MeetingRow> {
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

fn invitation(r: &DbRow) -> InvitationRow {
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

fn agenda_item(r: &DbRow) -> AgendaItemRow {
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

fn offer(r: &DbRow) -> OfferRow {
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

fn date(r: &DbRow, col: &str) -> Option<chrono::NaiveDate> {
    r.get::<Option<String>, _>(col)
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
}

fn goal_row(r: &DbRow) -> GoalRow {
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

fn action_row(r: &DbRow) -> PlanActionRow {
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

fn agreement_row(r: &DbRow) -> AgreementRow {
    AgreementRow {
        id: AgreementId(r.get("id")),
        meeting_id: MeetingId(r.get("meeting_id")),
        item_id: r.get::<Option<i64>, _>("item_id").map(AgendaItemId),
        what: r.get("what"),
        who: r.get("who"),
        due: date(r, "due"),
        goal_id: r.get::<Option<i64>, _>("goal_id").map(GoalId),
        responsible_id: r.get::<Option<i64>, _>("responsible_id").map(PersonId),
        latest: r
            .get::<Option<&str>, _>("u_status")
            .and_then(AgreementStatus::parse)
            .map(|status| AgreementUpdateRow {
                agreement_id: AgreementId(r.get("id")),
                person_id: PersonId(r.get("u_person")),
                status,
                note: r.get("u_note"),
                sharing: crate::prepare::sharing::Sharing::parse(r.get::<&str, _>("u_sharing"))
                    .unwrap_or(crate::prepare::sharing::Sharing::OnlyMe),
                meeting_id: r.get::<Option<i64>, _>("u_meeting").map(MeetingId),
                coach: r.get::<Option<i64>, _>("u_coach").map(PersonId),
                at: r.get("u_at"),
            }),
    }
}

/// Agreements with their newest report (`agreement_row` reads it).
const AGREEMENTS_WITH_LATEST: &str = "SELECT a.*, u.person_id AS u_person, u.status AS u_status, \
     u.note AS u_note, u.sharing AS u_sharing, u.meeting_id AS u_meeting, u.coach_id AS u_coach, \
     u.at AS u_at \
     FROM agreements a \
     LEFT JOIN agreement_updates u ON u.id = \
     (SELECT MAX(x.id) FROM agreement_updates x WHERE x.agreement_id = a.id)";

/// A report row that this version cannot read (an unknown status) is skipped.
fn agreement_update_row(r: &DbRow) -> Option<AgreementUpdateRow> {
    Some(AgreementUpdateRow {
        agreement_id: AgreementId(r.get("agreement_id")),
        person_id: PersonId(r.get("person_id")),
        status: AgreementStatus::parse(r.get::<&str, _>("status"))?,
        note: r.get("note"),
        sharing: crate::prepare::sharing::Sharing::parse(r.get::<&str, _>("sharing"))?,
        meeting_id: r.get::<Option<i64>, _>("meeting_id").map(MeetingId),
        coach: r.get::<Option<i64>, _>("coach_id").map(PersonId),
        at: r.get("at"),
    })
}

/// A stored key that this version cannot read is an error, not a panic.
fn link_row(r: &DbRow) -> StoreResult<SyncLink> {
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

fn conflict_row(r: &DbRow) -> StoreResult<ConflictRow> {
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

fn answer(r: &DbRow) -> AnswerRow {
    AnswerRow {
        person_id: PersonId(r.get("person_id")),
        question: r.get("question"),
        body: r.get("body"),
        sharing: r.get("sharing"),
        version: r.get("version"),
        last_op: r.get("last_op"),
        erased: r.get::<Option<i64>, _>("erased_at").is_some(),
        coach: r.get::<Option<i64>, _>("coach_id").map(PersonId),
    }
}

const INVITATION_COLUMNS: &str = "i.id, i.person_id, p.display_name, i.case_id, i.created_at, i.expires_at, i.used_at, i.revoked_at";

#[async_trait]
impl Store for This {
    async fn audit(&self, e: AuditEntry<'_>, now: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, person_id, case_id, action, target, subjects) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(now)
        .bind(e.person_id.map(|p| p.0))
        .bind(e.case_id.map(|c| c.0))
        .bind(e.action)
        .bind(&e.target)
        .bind(subjects_code(e.subjects))
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn audit_many(&self, records: &[AuditRecord]) -> StoreResult<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut q = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO audit_log (at, person_id, case_id, action, target, subjects) ",
        );
        q.push_values(records, |mut row, r| {
            row.push_bind(r.at)
                .push_bind(r.person_id)
                .push_bind(r.case_id)
                .push_bind(r.action.as_str())
                .push_bind(r.target.as_str())
                .push_bind(subjects_code(&r.subjects));
        });
        q.build().execute(&self.writer).await?;
        Ok(())
    }

    async fn audit_count(&self, case: CaseId, action: &str) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE case_id = $1 AND action = $2")
                .bind(case.0)
                .bind(action)
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

/// Writes an outbox entry in the caller's transaction, so a change and its entry are saved together.
async fn enqueue(conn: &mut DbConn, case: i64, key: &ItemKey, now: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sync_outbox (case_id, item_key, created_at, next_try_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(case)
    .bind(key)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// [`enqueue`] for every sent input of a case: a parent's yes or parental authority can change
/// what a young person's input may do.
async fn enqueue_case_inputs(conn: &mut DbConn, case: CaseId, now: i64) -> StoreResult<()> {
    let sent: Vec<(MeetingId, PersonId)> = sqlx::query_as(
        "SELECT p.meeting_id, p.person_id FROM preparations p
         JOIN meetings m ON m.id = p.meeting_id WHERE m.case_id = $1 ORDER BY p.meeting_id, p.person_id",
    )
    .bind(case)
    .fetch_all(&mut *conn)
    .await?;
    for (meeting, person) in sent {
        enqueue(&mut *conn, case.0, &ItemKey::Input { meeting, person }, now).await?;
    }
    Ok(())
}

/// [`enqueue`] for an item of a meeting (the case is the meeting's).
async fn enqueue_meeting(
    conn: &mut DbConn,
    meeting: MeetingId,
    key: &ItemKey,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sync_outbox (case_id, item_key, created_at, next_try_at)
         SELECT case_id, $1, $2, $3 FROM meetings WHERE id = $4",
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
    conn: &mut DbConn,
    meeting: MeetingId,
    person: PersonId,
    now: i64,
) -> StoreResult<()> {
    let sent: Option<i64> = sqlx::query_scalar(
        "SELECT sent_at FROM preparations WHERE meeting_id = $1 AND person_id = $2",
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
