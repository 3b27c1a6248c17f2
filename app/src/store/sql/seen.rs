// [`SeenStore`], written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

/// The columns of a log row: who did it, their role at that table (or else their kind of
/// account), and what.
const SEEN_COLUMNS: &str = "SELECT a.at, a.person_id, COALESCE(p.display_name, '') AS name, \
     COALESCE(m.role, p.account_role) AS role, a.case_id, a.action, a.target, a.subjects \
     FROM audit_log a \
     LEFT JOIN people p ON p.id = a.person_id \
     LEFT JOIN memberships m ON m.case_id = a.case_id AND m.person_id = a.person_id";

fn seen_row(r: &DbRow) -> SeenRow {
    SeenRow {
        at: r.get("at"),
        person_id: r.get::<Option<i64>, _>("person_id").map(PersonId),
        name: r.get("name"),
        role: r
            .get::<Option<String>, _>("role")
            .as_deref()
            .and_then(Role::parse),
        case_id: r.get::<Option<i64>, _>("case_id").map(CaseId),
        action: r.get("action"),
        target: r.get("target"),
        subjects: parse_subjects(r.get::<&str, _>("subjects")),
    }
}

#[async_trait]
impl SeenStore for This {
    async fn seen_by_others(&self, person: PersonId, since: i64) -> StoreResult<Vec<SeenRow>> {
        // By case, on the case index: whatever names me as a subject (a read of my words, a new
        // link made for me, my answers sent to the care plan by the worker, which has no
        // person), and role changes and removals at my table since I sat down at it.
        let sql = format!(
            "{SEEN_COLUMNS} \
             JOIN memberships mine ON mine.case_id = a.case_id AND mine.person_id = $1 \
               AND mine.removed_at IS NULL \
             WHERE a.at >= $2 AND (a.person_id IS NULL OR a.person_id <> $1) \
               AND (a.subjects LIKE $3 \
                 OR (a.action IN ('member.role', 'member.remove') AND a.at >= mine.created_at)) \
             ORDER BY a.at DESC LIMIT $4"
        );
        let rows = sqlx::query(&sql)
            .bind(person.0)
            .bind(since)
            .bind(format!("%,{},%", person.0))
            .bind(SEEN_ROWS)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(seen_row).collect())
    }

    async fn opened_by(&self, person: PersonId, since: i64) -> StoreResult<Vec<SeenRow>> {
        let reads = READ_ACTIONS.map(|a| format!("'{a}'")).join(", ");
        let sql = format!(
            "{SEEN_COLUMNS} WHERE a.person_id = $1 AND a.at >= $2 AND a.subjects <> '' \
             AND a.action IN ({reads}) ORDER BY a.at DESC LIMIT $3"
        );
        let rows = sqlx::query(&sql)
            .bind(person.0)
            .bind(since)
            .bind(SEEN_ROWS)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(seen_row).collect())
    }

    async fn sharing_counts(&self, person: PersonId) -> StoreResult<Vec<SharingCount>> {
        let rows: Vec<(i64, String, Option<i64>, i64)> = sqlx::query_as(
            "SELECT mt.case_id, a.sharing, a.coach_id, COUNT(*) FROM answers a \
             JOIN meetings mt ON mt.id = a.meeting_id \
             WHERE a.person_id = $1 AND a.body <> '' \
             GROUP BY mt.case_id, a.sharing, a.coach_id ORDER BY mt.case_id, a.sharing, a.coach_id",
        )
        .bind(person.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(case, sharing, coach, count)| SharingCount {
                case_id: CaseId(case),
                sharing,
                coach: coach.map(PersonId),
                count,
            })
            .collect())
    }

    async fn seen_labels(
        &self,
        people: &[PersonId],
        meetings: &[MeetingId],
        cases: &[CaseId],
    ) -> StoreResult<SeenLabels> {
        let mut labels = SeenLabels::default();
        if people.is_empty() && meetings.is_empty() && cases.is_empty() {
            return Ok(labels);
        }
        // An empty list still needs a value in `IN (...)`: no row has id 0.
        fn list(q: &mut sqlx::QueryBuilder<'_, Db>, ids: &[i64]) {
            let mut l = q.separated(", ");
            if ids.is_empty() {
                l.push_bind(0_i64);
            }
            for id in ids {
                l.push_bind(*id);
            }
            q.push(")");
        }
        let mut q = sqlx::QueryBuilder::<Db>::new(
            "SELECT 'person' AS kind, id, display_name AS label FROM people WHERE id IN (",
        );
        list(&mut q, &people.iter().map(|p| p.0).collect::<Vec<_>>());
        q.push(" UNION ALL SELECT 'meeting', id, starts_at FROM meetings WHERE id IN (");
        list(&mut q, &meetings.iter().map(|m| m.0).collect::<Vec<_>>());
        q.push(" UNION ALL SELECT 'case', id, child_first_name FROM cases WHERE id IN (");
        list(&mut q, &cases.iter().map(|c| c.0).collect::<Vec<_>>());
        let rows: Vec<(String, i64, String)> = q.build_query_as().fetch_all(&self.pool).await?;
        for (kind, id, label) in rows {
            match kind.as_str() {
                "person" => {
                    labels.people.insert(PersonId(id), label);
                }
                "meeting" => {
                    if let Some(t) = LocalTime::parse(&label) {
                        labels.meetings.insert(MeetingId(id), t);
                    }
                }
                _ => {
                    labels.cases.insert(CaseId(id), label);
                }
            }
        }
        Ok(labels)
    }
}
