//! The log as people read it: audit rows grouped per person, thing and day ("Mark Jansen
//! (school) las uw antwoorden, 3 keer op 4 december"), written in plain words. Pure functions,
//! tested here; the server function only reads the rows and the names.

use crate::domain::{CaseId, LocalTime, MeetingId, PersonId, Role};
use crate::i18n::{fill, k, t, tj, tn, tnj, Lang};
use crate::store::{SeenLabels, SeenRow};
use chrono::NaiveDate;

/// What someone opened or changed, as far as the log tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum What {
    /// Someone's answers for a meeting.
    Answers(MeetingId),
    /// The topics someone raised for a meeting.
    Topics(MeetingId),
    /// What someone tells in "Dit is …".
    Profile(CaseId),
    /// The plan of a table.
    Plan(CaseId),
    /// What someone said about how agreements went (of a meeting, or of the whole table).
    Reports,
    /// A new sign-in link made for this person.
    Link,
    /// Someone at the table got another role.
    Role(PersonId, Role),
    /// Someone was taken off the table.
    Removed(PersonId),
    /// This person's answers for a meeting went to the care-plan store.
    Sent(MeetingId),
    /// A parent with gezag looked at or downloaded this child's data (under 12).
    Data,
}

impl What {
    /// Reads an audit row; `None` for a row that the log does not show.
    pub fn of(row: &SeenRow) -> Option<What> {
        let mut parts = row.target.split(':');
        let kind = parts.next()?;
        let mut id = || parts.next()?.parse::<i64>().ok();
        Some(match (row.action.as_str(), kind) {
            ("answer.read_shared" | "review.read" | "school.side_by_side", "meeting") => {
                What::Answers(MeetingId(id()?))
            }
            ("agenda.read", "meeting") => What::Topics(MeetingId(id()?)),
            ("profile.read", "case") => What::Profile(CaseId(id()?)),
            ("plan.read", "case") => What::Plan(CaseId(id()?)),
            ("agreement.read_follow_up", "meeting") | ("agreement.read_case", "case") => {
                What::Reports
            }
            ("link.new", "person") => What::Link,
            ("member.role", "person") => {
                let person = PersonId(id()?);
                let role = match (parts.next(), parts.next()) {
                    (Some("role"), Some(code)) => Role::parse(code)?,
                    _ => return None,
                };
                What::Role(person, role)
            }
            ("member.remove", "person") => What::Removed(PersonId(id()?)),
            ("sync.sent", "input") => What::Sent(MeetingId(id()?)),
            ("export.read_child", "person") => What::Data,
            _ => return None,
        })
    }

    /// The meeting it is about, if any (to look up its date).
    pub fn meeting(self) -> Option<MeetingId> {
        match self {
            What::Answers(m) | What::Topics(m) | What::Sent(m) => Some(m),
            _ => None,
        }
    }

    /// The table it is about, if it names one (to look up the child's name).
    pub fn case(self) -> Option<CaseId> {
        match self {
            What::Profile(c) | What::Plan(c) => Some(c),
            _ => None,
        }
    }

    /// The person it names, other than who did it.
    pub fn person(self) -> Option<PersonId> {
        match self {
            What::Role(p, _) | What::Removed(p) => Some(p),
            _ => None,
        }
    }
}

/// Rows of one person, thing and day, taken together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Who did it (none for the care-plan store).
    pub who: Option<PersonId>,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Option<Role>,
    /// What.
    pub what: What,
    /// Whose words it showed (for "Wat heb ik geopend").
    pub whose: Vec<PersonId>,
    /// The day, in Dutch time.
    pub day: NaiveDate,
    /// How many times.
    pub times: u64,
}

/// Groups rows (newest first) per person, thing and day; the newest group comes first.
pub fn group(rows: &[SeenRow]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for row in rows {
        let Some(what) = What::of(row) else {
            continue;
        };
        let day = LocalTime::from_unix(row.at).0.date();
        match out
            .iter_mut()
            .find(|g| g.who == row.person_id && g.what == what && g.day == day)
        {
            Some(g) => {
                g.times += 1;
                for s in &row.subjects {
                    if !g.whose.contains(s) {
                        g.whose.push(*s);
                    }
                }
            }
            None => out.push(Group {
                who: row.person_id,
                name: row.name.clone(),
                role: row.role,
                what,
                whose: row.subjects.clone(),
                day,
                times: 1,
            }),
        }
    }
    out
}

/// The ids whose names and dates the groups need.
pub fn wanted(groups: &[Group]) -> (Vec<PersonId>, Vec<MeetingId>, Vec<CaseId>) {
    let mut people = Vec::new();
    let mut meetings = Vec::new();
    let mut cases = Vec::new();
    for g in groups {
        people.extend(g.what.person());
        people.extend(g.whose.iter().copied());
        meetings.extend(g.what.meeting());
        cases.extend(g.what.case());
    }
    people.sort_unstable();
    people.dedup();
    meetings.sort_unstable();
    meetings.dedup();
    cases.sort_unstable();
    cases.dedup();
    (people, meetings, cases)
}

/// A day as people say it: "woensdag 4 december 2026".
pub fn day_label(day: NaiveDate, lang: Lang) -> String {
    LocalTime(day.and_time(chrono::NaiveTime::MIN)).date_long(lang)
}

/// "Mark Jansen (school)".
fn who_label(g: &Group, lang: Lang) -> String {
    match g.role {
        Some(role) if !g.name.is_empty() => format!("{} ({})", g.name, role.name(lang)),
        Some(role) => role.name(lang).to_string(),
        None => g.name.clone(),
    }
}

fn meeting_date(labels: &SeenLabels, m: MeetingId, lang: Lang) -> String {
    labels
        .meetings
        .get(&m)
        .map(|t| t.date_long(lang))
        .unwrap_or_default()
}

fn child(labels: &SeenLabels, c: CaseId) -> String {
    labels.cases.get(&c).cloned().unwrap_or_default()
}

fn person(labels: &SeenLabels, p: PersonId, lang: Lang) -> String {
    labels
        .people
        .get(&p)
        .cloned()
        .unwrap_or_else(|| t(lang, k::seen_someone).to_string())
}

/// Whose log a line is in: the reader's own (`young` reads "je"), or, for a parent with gezag,
/// their child's under 12 (named).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose<'a> {
    /// The reader's own.
    Mine {
        /// Whether the reader reads "je".
        young: bool,
    },
    /// A child's, read by their parent.
    Child(&'a str),
}

/// One line of "Wie heeft mijn informatie gezien?" (or of a child's log, read by a parent): who
/// did what, and how often on which day.
pub fn family_line(g: &Group, labels: &SeenLabels, lang: Lang, whose: Whose) -> String {
    let who = who_label(g, lang);
    let young = whose == Whose::Mine { young: true };
    let name = match whose {
        Whose::Child(name) => name,
        Whose::Mine { .. } => "",
    };
    // The reader's own words, or the child's.
    let of = |mine: crate::i18n::Key, child: crate::i18n::Key| match whose {
        Whose::Mine { young } => tj(lang, young, mine),
        Whose::Child(_) => t(lang, child),
    };
    let read = |what: String| fill(t(lang, k::seen_read), &[("who", &who), ("what", &what)]);
    let line = match g.what {
        What::Answers(m) => read(fill(
            of(k::seen_your_answers, k::seen_child_answers),
            &[("date", &meeting_date(labels, m, lang)), ("name", &name)],
        )),
        What::Topics(m) => read(fill(
            of(k::seen_your_topics, k::seen_child_topics),
            &[("date", &meeting_date(labels, m, lang)), ("name", &name)],
        )),
        What::Profile(c) => read(fill(
            of(k::seen_your_profile, k::seen_child_profile),
            &[("child", &child(labels, c)), ("name", &name)],
        )),
        What::Plan(c) => read(fill(
            t(lang, k::seen_the_plan),
            &[("child", &child(labels, c))],
        )),
        What::Reports => read(fill(
            of(k::seen_your_reports, k::seen_child_reports),
            &[("name", &name)],
        )),
        What::Link => fill(
            of(k::seen_link_made, k::seen_child_link),
            &[("who", &who), ("name", &name)],
        ),
        What::Role(p, role) => fill(
            t(lang, k::seen_role_changed),
            &[
                ("who", &who),
                ("person", &person(labels, p, lang)),
                ("role", &role.name(lang)),
            ],
        ),
        What::Removed(p) => fill(
            t(lang, k::seen_removed),
            &[("who", &who), ("person", &person(labels, p, lang))],
        ),
        What::Sent(m) => fill(
            of(k::seen_sent, k::seen_child_sent),
            &[("date", &meeting_date(labels, m, lang)), ("name", &name)],
        ),
        What::Data => fill(
            of(k::seen_data_read, k::seen_child_data_read),
            &[("who", &who), ("name", &name)],
        ),
    };
    format!("{line} {}", when(g, lang, young))
}

/// One line of "Wat heb ik geopend", said to the professional.
pub fn opened_line(g: &Group, labels: &SeenLabels, lang: Lang) -> String {
    let whose = g
        .whose
        .iter()
        .map(|p| person(labels, *p, lang))
        .collect::<Vec<_>>()
        .join(", ");
    let what = match g.what {
        What::Answers(m) => fill(
            t(lang, k::seen_opened_answers),
            &[("date", &meeting_date(labels, m, lang))],
        ),
        What::Topics(m) => fill(
            t(lang, k::seen_opened_topics),
            &[("date", &meeting_date(labels, m, lang))],
        ),
        What::Profile(c) => fill(
            t(lang, k::seen_opened_profile),
            &[("child", &child(labels, c))],
        ),
        What::Plan(c) => fill(t(lang, k::seen_the_plan), &[("child", &child(labels, c))]),
        What::Reports => t(lang, k::seen_opened_reports).to_string(),
        // Only reads are listed here.
        _ => String::new(),
    };
    // Whose topics is not named: a young person may have asked the coach to raise theirs.
    let line = if matches!(g.what, What::Topics(_)) || whose.is_empty() {
        fill(t(lang, k::seen_opened_plain), &[("what", &what)])
    } else {
        fill(
            t(lang, k::seen_opened),
            &[("what", &what), ("whose", &whose)],
        )
    };
    format!("{line} {}", when(g, lang, false))
}

/// "3 keer, op woensdag 4 december 2026."
fn when(g: &Group, lang: Lang, young: bool) -> String {
    tnj(
        lang,
        young,
        k::seen_times,
        g.times,
        &[("day", &day_label(g.day, lang))],
    )
}

/// How many answers, as a label ("3 antwoorden").
pub fn answer_count(lang: Lang, n: i64) -> String {
    tn(lang, k::seen_answers, n.max(0) as u64, &[])
}

/// The log of `me` as lines, newest first: for a professional what they opened, for anyone
/// else who opened what of theirs (`young` reads "je"). Two reads: the log, then the names and
/// dates it needs.
pub async fn log_lines(
    state: &crate::ctx::AppState,
    me: &crate::store::PersonRow,
    lang: Lang,
) -> Result<Vec<String>, crate::error::AppError> {
    let professional = me.account_role.is_professional();
    let rows = if professional {
        state.store.opened_by(me.id, 0).await?
    } else {
        state.store.seen_by_others(me.id, 0).await?
    };
    let young = me.account_role == Role::Young;
    let whose = (!professional).then_some(Whose::Mine { young });
    lines(state, &rows, whose, lang).await
}

/// The log of a child under 12 at one table, for a parent there with gezag: who opened what of
/// the child's (the parent's own reads too: it is the child's log).
pub async fn child_log_lines(
    state: &crate::ctx::AppState,
    child: PersonId,
    name: &str,
    case: CaseId,
    lang: Lang,
) -> Result<Vec<String>, crate::error::AppError> {
    let mut rows = state.store.seen_by_others(child, 0).await?;
    // Reads of the child's topics stay out: a child may raise one through the coach without
    // being named, and the line would name them. So do the coach's reads of the child's answers
    // and "Dit is …": they would show that the child told the coach something.
    rows.retain(|r| {
        let coach = r.role == Some(Role::Mediator);
        r.case_id == Some(case)
            && match What::of(r) {
                Some(What::Topics(_)) => false,
                Some(What::Answers(_) | What::Profile(_)) => !coach,
                _ => true,
            }
    });
    lines(state, &rows, Some(Whose::Child(name)), lang).await
}

/// Log rows as lines: of a family member's log (`whose`), or else of what a professional opened.
async fn lines(
    state: &crate::ctx::AppState,
    rows: &[SeenRow],
    whose: Option<Whose<'_>>,
    lang: Lang,
) -> Result<Vec<String>, crate::error::AppError> {
    let groups = group(rows);
    let (people, meetings, cases) = wanted(&groups);
    let labels = state.store.seen_labels(&people, &meetings, &cases).await?;
    Ok(groups
        .iter()
        .map(|g| match whose {
            Some(whose) => family_line(g, &labels, lang, whose),
            None => opened_line(g, &labels, lang),
        })
        .collect())
}

/// Who at a table may read `author`'s answers with sharing `s` now (`sent`: once the author
/// sent them), as "Name (role)": the members other than the author for whom
/// [`crate::prepare::sharing::may_see`] says yes.
pub fn readers_now(
    members: &[crate::store::MemberRow],
    author: PersonId,
    s: crate::prepare::sharing::Sharing,
    sent: bool,
    coach: Option<PersonId>,
    lang: Lang,
) -> Vec<String> {
    members
        .iter()
        .filter(|m| m.person_id != author)
        .filter(|m| {
            let reader = crate::prepare::sharing::Reader {
                id: m.person_id,
                role: m.role,
                brought_by: m.brought_by,
            };
            crate::prepare::sharing::may_see(reader, author, s, sent, coach)
        })
        .map(|m| format!("{} ({})", m.display_name, m.role.name(lang)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(at: i64, who: i64, action: &str, target: &str) -> SeenRow {
        SeenRow {
            at,
            person_id: Some(PersonId(who)),
            name: format!("P{who}"),
            role: Some(Role::School),
            case_id: Some(CaseId(1)),
            action: action.into(),
            target: target.into(),
            subjects: vec![PersonId(9)],
        }
    }

    // 2026-12-04 10:00 and 23:30 Dutch time (22:30 UTC), and 2026-12-05 00:30 Dutch time,
    // which is still 4 December in UTC.
    const MORNING: i64 = 1_796_374_800;
    const LATE: i64 = MORNING + 13 * 3600 + 1800;
    const NEXT: i64 = LATE + 3600;

    #[test]
    fn reads_group_per_person_thing_and_dutch_day() {
        let rows = vec![
            row(NEXT, 2, "answer.read_shared", "meeting:3"),
            row(LATE, 2, "review.read", "meeting:3"),
            row(MORNING, 2, "answer.read_shared", "meeting:3"),
            row(MORNING, 4, "answer.read_shared", "meeting:3"),
            row(MORNING, 2, "agenda.read", "meeting:3"),
        ];
        let groups = group(&rows);
        assert_eq!(groups.len(), 4, "{groups:?}");
        // 00:30 on 5 December is another day in Dutch time, though not in UTC.
        assert_eq!(groups[0].day, NaiveDate::from_ymd_opt(2026, 12, 5).unwrap());
        assert_eq!(groups[0].times, 1);
        assert_eq!(groups[1].day, NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
        assert_eq!(
            groups[1].times, 2,
            "the review and the shared read are both answers"
        );
        assert_eq!(groups[2].who, Some(PersonId(4)));
        assert_eq!(groups[3].what, What::Topics(MeetingId(3)));
    }

    #[test]
    fn rows_the_log_does_not_tell_are_left_out() {
        let rows = vec![
            row(MORNING, 2, "meeting.read", "meeting:3"),
            row(MORNING, 2, "answer.read_shared", "case:3"),
            row(MORNING, 2, "member.role", "person:5:role:nonsense"),
        ];
        assert!(group(&rows).is_empty());
        let role = row(MORNING, 2, "member.role", "person:5:role:school");
        assert_eq!(What::of(&role), Some(What::Role(PersonId(5), Role::School)));
        let sent = row(MORNING, 2, "sync.sent", "input:7:9");
        assert_eq!(What::of(&sent), Some(What::Sent(MeetingId(7))));
        let link = row(MORNING, 2, "link.new", "person:9:invitation:4");
        assert_eq!(What::of(&link), Some(What::Link));
    }

    #[test]
    fn lines_name_who_what_and_when_in_plain_words() {
        let rows = vec![
            row(LATE, 2, "answer.read_shared", "meeting:3"),
            row(MORNING, 2, "answer.read_shared", "meeting:3"),
        ];
        let groups = group(&rows);
        let mut labels = SeenLabels::default();
        labels
            .meetings
            .insert(MeetingId(3), LocalTime::parse("2026-12-09T15:00").unwrap());
        let line = family_line(&groups[0], &labels, Lang::Nl, Whose::Mine { young: false });
        assert_eq!(
            line,
            "P2 (School) las uw antwoorden voor het gesprek van woensdag 9 december 2026. 2 keer, op vrijdag 4 december 2026."
        );
        let je = family_line(&groups[0], &labels, Lang::Nl, Whose::Mine { young: true });
        assert!(je.contains("las je antwoorden"), "{je}");
        let child = family_line(&groups[0], &labels, Lang::Nl, Whose::Child("Lina"));
        assert_eq!(
            child,
            "P2 (School) las de antwoorden van Lina voor het gesprek van woensdag 9 december 2026. 2 keer, op vrijdag 4 december 2026."
        );
        labels.people.insert(PersonId(9), "Anna".into());
        let opened = opened_line(&groups[0], &labels, Lang::Nl);
        assert!(
            opened.contains("Anna") && opened.contains("9 december"),
            "{opened}"
        );
    }
}
