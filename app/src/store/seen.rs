//! "Wie heeft mijn informatie gezien?": the audit rows that showed someone's words to another
//! person, the events that changed who reads them, and what went to the care-plan store; and
//! "Wat heb ik geopend" for a professional's own reads. The row types and the [`SeenStore`] part
//! of the data layer; each backend implements it. Rows hold ids and codes only, never a text.

use super::*;

/// The most rows one page reads; older ones are there, but not shown.
pub const SEEN_ROWS: i64 = 2000;

/// The audit codes of reads that show someone's words (what "Wat heb ik geopend" lists).
pub const READ_ACTIONS: [&str; 8] = [
    "answer.read_shared",
    "review.read",
    "school.side_by_side",
    "agenda.read",
    "profile.read",
    "plan.read",
    "agreement.read_follow_up",
    "agreement.read_case",
];

/// Whose words an audit row showed, as stored: ids between commas (",12,15,"), or '' for none.
pub fn subjects_code(subjects: &[PersonId]) -> String {
    if subjects.is_empty() {
        return String::new();
    }
    let mut out = String::from(",");
    for s in subjects {
        out.push_str(&s.0.to_string());
        out.push(',');
    }
    out
}

/// One thing that happened to someone's information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenRow {
    /// Unix seconds.
    pub at: i64,
    /// Who did it (none for the care-plan store).
    pub person_id: Option<PersonId>,
    /// Their name ('' when unknown).
    pub name: String,
    /// Their role at that table, or else their kind of account.
    pub role: Option<Role>,
    /// At which table.
    pub case_id: Option<CaseId>,
    /// What, as the audit code ("answer.read_shared"), or "sync.sent".
    pub action: String,
    /// Which object, as ids ("meeting:3", "person:5:role:school", "input:3:5").
    pub target: String,
    /// Whose words it showed.
    pub subjects: Vec<PersonId>,
}

/// Reads a list of ids between commas (stored subjects ",12,15,", or "12,15"); a part that
/// is not an id is skipped.
pub fn parse_subjects(code: &str) -> Vec<PersonId> {
    code.split(',')
        .filter_map(|p| p.parse().ok().map(PersonId))
        .collect()
}

/// Names and dates for the ids in a log: people's names, meetings' start times, and the
/// child's first name of each table.
#[derive(Debug, Clone, Default)]
pub struct SeenLabels {
    /// Person id to name.
    pub people: std::collections::HashMap<PersonId, String>,
    /// Meeting id to when it starts.
    pub meetings: std::collections::HashMap<MeetingId, LocalTime>,
    /// Case id to the child's first name.
    pub cases: std::collections::HashMap<CaseId, String>,
}

/// How many of someone's answers have which sharing, per table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharingCount {
    /// The table.
    pub case_id: CaseId,
    /// The sharing code.
    pub sharing: String,
    /// For answers kept for the family coach: which coach.
    pub coach: Option<PersonId>,
    /// How many answers.
    pub count: i64,
}

/// The reads and changes of someone's information.
#[async_trait]
pub trait SeenStore {
    /// Newest first, since `since`, at the tables `person` sits at now: what others did that
    /// showed `person`'s words or named them (a read, a new link made for them, their answers
    /// sent to the care-plan store), and role changes and removals since `person` sat down.
    /// Never `person`'s own reads.
    async fn seen_by_others(&self, person: PersonId, since: i64) -> StoreResult<Vec<SeenRow>>;

    /// Newest first, since `since`: what `person` opened that showed someone else's words (one
    /// of the [`READ_ACTIONS`]).
    async fn opened_by(&self, person: PersonId, since: i64) -> StoreResult<Vec<SeenRow>>;

    /// How many of `person`'s answers have which sharing, per table.
    async fn sharing_counts(&self, person: PersonId) -> StoreResult<Vec<SharingCount>>;

    /// The names and dates a log needs, in one read.
    async fn seen_labels(
        &self,
        people: &[PersonId],
        meetings: &[MeetingId],
        cases: &[CaseId],
    ) -> StoreResult<SeenLabels>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_ids_between_commas() {
        assert_eq!(subjects_code(&[]), "");
        assert_eq!(subjects_code(&[PersonId(12), PersonId(5)]), ",12,5,");
        assert_eq!(parse_subjects(",12,5,"), vec![PersonId(12), PersonId(5)]);
        assert_eq!(parse_subjects(""), Vec::<PersonId>::new());
    }
}
