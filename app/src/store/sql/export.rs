// [`ExportStore`], written once for both backends.
// `sqlite.rs` and `postgres.rs` include it, each with its own `Db`, `DbRow`, `DbConn` and `This`.

/// Everything of one person (`$1`) as rows of one shape: a kind, the table, the meeting, two
/// times, a number and four texts. Each kind is read by its own `SELECT`; [`export_item`] gives
/// it its type. Only rows written by `$1` or naming `$1` (the coach's notes on their answers,
/// agreements they are responsible for); never another person's answers.
const EXPORT_SQL: &str = "\
SELECT 'table' AS kind, m.case_id, CAST(NULL AS BIGINT) AS meeting_id, m.created_at AS at, \
       c.closed_at AS at2, m.removed_at AS n, c.child_first_name AS a, m.role AS b, c.age_band AS c, COALESCE(c.birth_date, '') AS d \
  FROM memberships m JOIN cases c ON c.id = m.case_id WHERE m.person_id = $1 \
UNION ALL SELECT 'meeting', mt.case_id, mt.id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), \
       CAST(NULL AS BIGINT), mt.starts_at, '', '', '' \
  FROM meetings mt JOIN memberships m ON m.case_id = mt.case_id AND m.person_id = $1 \
UNION ALL SELECT 'answer', mt.case_id, a.meeting_id, a.updated_at, a.erased_at, a.version, \
       a.question, a.body, a.sharing, COALESCE(CAST(a.coach_id AS TEXT), '') \
  FROM answers a JOIN meetings mt ON mt.id = a.meeting_id WHERE a.person_id = $1 \
UNION ALL SELECT 'sent', mt.case_id, p.meeting_id, p.sent_at, CAST(NULL AS BIGINT), \
       CAST(NULL AS BIGINT), '', '', '', '' \
  FROM preparations p JOIN meetings mt ON mt.id = p.meeting_id WHERE p.person_id = $1 \
UNION ALL SELECT 'review', mt.case_id, r.meeting_id, r.read_at, r.updated_at, \
       CAST(NULL AS BIGINT), r.question, r.question_back, r.reply, r.summary \
  FROM answer_reviews r JOIN meetings mt ON mt.id = r.meeting_id WHERE r.person_id = $1 \
UNION ALL SELECT 'topic', mt.case_id, i.meeting_id, i.created_at, CAST(NULL AS BIGINT), \
       CAST(NULL AS BIGINT), i.title, i.explanation, i.why, i.discussed \
  FROM agenda_items i JOIN meetings mt ON mt.id = i.meeting_id WHERE i.proposed_by = $1 \
UNION ALL SELECT 'agreement', mt.case_id, g.meeting_id, g.created_at, CAST(NULL AS BIGINT), \
       CAST(NULL AS BIGINT), g.what, g.who, COALESCE(g.due, ''), '' \
  FROM agreements g JOIN meetings mt ON mt.id = g.meeting_id WHERE g.responsible_id = $1 \
UNION ALL SELECT 'report', mt.case_id, g.meeting_id, u.at, CAST(NULL AS BIGINT), \
       CAST(NULL AS BIGINT), u.status, u.note, u.sharing, g.what \
  FROM agreement_updates u JOIN agreements g ON g.id = u.agreement_id \
  JOIN meetings mt ON mt.id = g.meeting_id WHERE u.person_id = $1 \
UNION ALL SELECT 'feedback', mt.case_id, f.meeting_id, f.at, CAST(NULL AS BIGINT), f.matches, \
       f.comment, '', '', '' \
  FROM agreement_feedback f JOIN meetings mt ON mt.id = f.meeting_id WHERE f.person_id = $1 \
UNION ALL SELECT 'profile', v.case_id, CAST(NULL AS BIGINT), v.at, CAST(NULL AS BIGINT), \
       v.version, v.part, v.body, v.sharing, '' \
  FROM profile_versions v WHERE v.author_id = $1 \
UNION ALL SELECT 'consent', e.case_id, CAST(NULL AS BIGINT), e.at, CAST(NULL AS BIGINT), \
       e.given, e.text_version, '', '', '' \
  FROM consent_events e WHERE e.person_id = $1 \
UNION ALL SELECT 'mail', o.case_id, CAST(NULL AS BIGINT), o.created_at, o.sent_at, \
       CAST(NULL AS BIGINT), o.mail_key, o.state, '', '' \
  FROM mail_outbox o WHERE o.person_id = $1 \
UNION ALL SELECT 'mail_choice', CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), p.mail_choice_at, \
       CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), COALESCE(p.mail_choice, ''), '', '', '' \
  FROM people p WHERE p.id = $1";

/// Gives one row of [`EXPORT_SQL`] its type; `None` for a row this version cannot read (an
/// unknown role or mail key), which is left out rather than guessed.
fn export_item(r: &DbRow) -> Option<ExportItem> {
    let case = r.get::<Option<i64>, _>("case_id").map(CaseId);
    let meeting = r.get::<Option<i64>, _>("meeting_id").map(MeetingId);
    let at = r.get::<Option<i64>, _>("at");
    let at2 = r.get::<Option<i64>, _>("at2");
    let n = r.get::<Option<i64>, _>("n");
    let text = |c: &str| r.get::<String, _>(c);
    Some(match r.get::<&str, _>("kind") {
        "table" => ExportItem::Table {
            case: case?,
            child: text("a"),
            role: Role::parse(&text("b"))?,
            band: AgeBand::parse(&text("c"))?,
            birth_date: birth_date(Some(&text("d"))),
            joined_at: at?,
            removed_at: n,
            closed_at: at2,
        },
        "meeting" => ExportItem::Meeting {
            case: case?,
            meeting: meeting?,
            starts_at: text("a"),
        },
        "answer" => ExportItem::Answer {
            meeting: meeting?,
            question: text("a"),
            body: text("b"),
            sharing: text("c"),
            coach: text("d").parse().ok().map(PersonId),
            saves: n?,
            changed_at: at?,
            erased_at: at2,
        },
        "sent" => ExportItem::Sent {
            meeting: meeting?,
            at: at?,
        },
        "review" => ExportItem::Review {
            meeting: meeting?,
            question: text("a"),
            read_at: at,
            question_back: text("b"),
            reply: text("c"),
            summary: text("d"),
        },
        "topic" => ExportItem::Topic {
            meeting: meeting?,
            title: text("a"),
            explanation: text("b"),
            why: text("c"),
            discussed: text("d"),
            at: at?,
        },
        "agreement" => ExportItem::Agreement {
            meeting: meeting?,
            what: text("a"),
            who: text("b"),
            due: Some(text("c")).filter(|d| !d.is_empty()),
            at: at?,
        },
        "report" => ExportItem::Report {
            meeting: meeting?,
            status: text("a"),
            note: text("b"),
            sharing: text("c"),
            agreement: text("d"),
            at: at?,
        },
        "feedback" => ExportItem::Feedback {
            meeting: meeting?,
            matches: n? != 0,
            comment: text("a"),
            at: at?,
        },
        "profile" => ExportItem::Profile {
            case: case?,
            part: text("a"),
            body: text("b"),
            sharing: text("c"),
            version: n?,
            at: at?,
        },
        "consent" => ExportItem::Consent {
            case: case?,
            given: n? != 0,
            text_version: text("a"),
            at: at?,
        },
        "mail" => ExportItem::Mail {
            case,
            key: MailKey::parse(&text("a"))?,
            state: text("b"),
            at: at?,
            sent_at: at2,
        },
        "mail_choice" => ExportItem::MailChoice {
            choice: MailChoice::parse(Some(text("a").as_str())),
            at,
        },
        _ => return None,
    })
}

#[async_trait]
impl ExportStore for This {
    async fn export_items(&self, person: PersonId) -> StoreResult<Vec<ExportItem>> {
        let rows = sqlx::query(EXPORT_SQL)
            .bind(person.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().filter_map(export_item).collect())
    }
}
