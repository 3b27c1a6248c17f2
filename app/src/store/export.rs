//! "Download mijn gegevens": everything of one person, read in one statement. The row type and
//! the [`ExportStore`] part of the data layer; each backend implements it. What is read is only
//! what the person wrote, what others wrote about them or their answers (the coach's notes on
//! their answers, agreements that name them), and facts about their account. Never another
//! person's answers.

use super::*;

/// One thing of a person, as the export reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportItem {
    /// A table they sit (or sat) at.
    Table {
        /// The case.
        case: CaseId,
        /// The child's first name.
        child: String,
        /// Their role there.
        role: Role,
        /// The child's age band as stored (which questions they were asked).
        band: AgeBand,
        /// The child's date of birth, when known (the band is then worked out on the day).
        birth_date: Option<chrono::NaiveDate>,
        /// When they sat down.
        joined_at: i64,
        /// When they were taken off, if they were.
        removed_at: Option<i64>,
        /// When the case was closed, if it was.
        closed_at: Option<i64>,
    },
    /// A meeting at one of their tables (for its date).
    Meeting {
        /// The case.
        case: CaseId,
        /// The meeting.
        meeting: MeetingId,
        /// When it starts, as stored.
        starts_at: String,
    },
    /// One of their answers, as it stands.
    Answer {
        /// The meeting.
        meeting: MeetingId,
        /// The question's key.
        question: String,
        /// The text (empty when erased).
        body: String,
        /// The sharing code.
        sharing: String,
        /// For an answer kept for the family coach: which coach.
        coach: Option<PersonId>,
        /// How many times it was saved.
        saves: i64,
        /// When it was last changed.
        changed_at: i64,
        /// When they erased it, if they did.
        erased_at: Option<i64>,
    },
    /// When they sent their preparation for a meeting.
    Sent {
        /// The meeting.
        meeting: MeetingId,
        /// When.
        at: i64,
    },
    /// The coach's notes on one of their answers.
    Review {
        /// The meeting.
        meeting: MeetingId,
        /// The question's key.
        question: String,
        /// When the coach read it.
        read_at: Option<i64>,
        /// The coach's question back.
        question_back: String,
        /// Their reply to it.
        reply: String,
        /// The coach's summary for the table.
        summary: String,
    },
    /// A topic they raised.
    Topic {
        /// The meeting.
        meeting: MeetingId,
        /// The title.
        title: String,
        /// Their explanation.
        explanation: String,
        /// Why it matters to them.
        why: String,
        /// What was discussed about it.
        discussed: String,
        /// When it was raised.
        at: i64,
    },
    /// An agreement they are responsible for.
    Agreement {
        /// The meeting it was made in.
        meeting: MeetingId,
        /// What.
        what: String,
        /// Who, in the coach's words.
        who: String,
        /// By when, if set.
        due: Option<String>,
        /// When it was made.
        at: i64,
    },
    /// What they said about how an agreement went.
    Report {
        /// The meeting the agreement was made in.
        meeting: MeetingId,
        /// The agreement's text.
        agreement: String,
        /// The status code.
        status: String,
        /// Their note.
        note: String,
        /// Who may read the note (a sharing code).
        sharing: String,
        /// When.
        at: i64,
    },
    /// Whether the agreements of a meeting match what they heard.
    Feedback {
        /// The meeting.
        meeting: MeetingId,
        /// Yes or no.
        matches: bool,
        /// Their comment.
        comment: String,
        /// When.
        at: i64,
    },
    /// One version of a part of "Dit is …" they wrote.
    Profile {
        /// The case.
        case: CaseId,
        /// The part's code.
        part: String,
        /// The text of this version.
        body: String,
        /// The sharing code.
        sharing: String,
        /// The version number.
        version: i64,
        /// When.
        at: i64,
    },
    /// A yes or no to sending their input to the care-plan store.
    Consent {
        /// The case.
        case: CaseId,
        /// Yes or no.
        given: bool,
        /// Which version of the consent text they were shown.
        text_version: String,
        /// When.
        at: i64,
    },
    /// A mail to them (no text is kept, only what kind and when).
    Mail {
        /// The table it was about, if any.
        case: Option<CaseId>,
        /// The stored key.
        key: MailKey,
        /// waiting, sent, failed, skipped.
        state: String,
        /// When it was queued.
        at: i64,
        /// When it went out.
        sent_at: Option<i64>,
    },
    /// What they said about mail.
    MailChoice {
        /// The choice.
        choice: MailChoice,
        /// When they said it.
        at: Option<i64>,
    },
}

impl ExportItem {
    /// The meetings for which the person sent their preparation.
    pub fn sent_meetings(items: &[ExportItem]) -> Vec<MeetingId> {
        items
            .iter()
            .filter_map(|i| match i {
                ExportItem::Sent { meeting, .. } => Some(*meeting),
                _ => None,
            })
            .collect()
    }

    /// Only the items of one table: for a parent who downloads their child's data under 12, what
    /// the child has at other tables stays out. The child's mail choice stays in (it is theirs,
    /// not a table's); a mail about no table goes.
    pub fn of_case(items: Vec<ExportItem>, case: CaseId) -> Vec<ExportItem> {
        let meetings: Vec<MeetingId> = items
            .iter()
            .filter_map(|i| match i {
                ExportItem::Meeting {
                    case: c, meeting, ..
                } if *c == case => Some(*meeting),
                _ => None,
            })
            .collect();
        items
            .into_iter()
            .filter(|i| match i {
                ExportItem::Table { case: c, .. }
                | ExportItem::Meeting { case: c, .. }
                | ExportItem::Profile { case: c, .. }
                | ExportItem::Consent { case: c, .. } => *c == case,
                ExportItem::Mail { case: c, .. } => *c == Some(case),
                ExportItem::MailChoice { .. } => true,
                ExportItem::Answer { meeting, .. }
                | ExportItem::Sent { meeting, .. }
                | ExportItem::Review { meeting, .. }
                | ExportItem::Topic { meeting, .. }
                | ExportItem::Agreement { meeting, .. }
                | ExportItem::Report { meeting, .. }
                | ExportItem::Feedback { meeting, .. } => meetings.contains(meeting),
            })
            .collect()
    }

    /// What a parent reads of their child's data under 12: only what everyone at the table may
    /// read. The answers the child sent and shared with the table, with the coach's summary for
    /// the table (not the coach's question back nor the child's reply); the parts of "Dit is …"
    /// as they stand when shared with the table; the child's reports on agreements (a note only
    /// when shared with the table); the agreements that name them. Left out: what the child kept
    /// for the coach or for themselves, the topics they raised (a child may raise one through
    /// the coach without being named), their "does this match?" comments, their yes or no and
    /// the mail sent to them.
    pub fn for_parent(items: Vec<ExportItem>) -> Vec<ExportItem> {
        let sent = ExportItem::sent_meetings(&items);
        let shared: Vec<(MeetingId, String)> = items
            .iter()
            .filter_map(|i| match i {
                ExportItem::Answer {
                    meeting,
                    question,
                    sharing,
                    ..
                } if sharing == "table" && sent.contains(meeting) => {
                    Some((*meeting, question.clone()))
                }
                _ => None,
            })
            .collect();
        // The newest version of each part of "Dit is …".
        let newest = |case: CaseId, part: &str| {
            items
                .iter()
                .filter_map(|i| match i {
                    ExportItem::Profile {
                        case: c,
                        part: p,
                        version,
                        ..
                    } if *c == case && p == part => Some(*version),
                    _ => None,
                })
                .max()
        };
        let profile_now: Vec<(CaseId, String, i64)> = items
            .iter()
            .filter_map(|i| match i {
                ExportItem::Profile {
                    case,
                    part,
                    sharing,
                    version,
                    ..
                } if sharing == "table" && newest(*case, part) == Some(*version) => {
                    Some((*case, part.clone(), *version))
                }
                _ => None,
            })
            .collect();
        items
            .into_iter()
            .filter_map(|i| match i {
                ExportItem::Answer {
                    meeting,
                    ref question,
                    ..
                } => shared.contains(&(meeting, question.clone())).then_some(i),
                ExportItem::Review {
                    meeting,
                    question,
                    read_at,
                    summary,
                    ..
                } => shared
                    .contains(&(meeting, question.clone()))
                    .then_some(ExportItem::Review {
                        meeting,
                        question,
                        read_at,
                        question_back: String::new(),
                        reply: String::new(),
                        summary,
                    }),
                ExportItem::Profile {
                    case,
                    ref part,
                    version,
                    ..
                } => profile_now
                    .contains(&(case, part.clone(), version))
                    .then_some(i),
                ExportItem::Report {
                    meeting,
                    agreement,
                    status,
                    note,
                    sharing,
                    at,
                } => {
                    // A note not for the table is left out, and so is who it was for.
                    let shared = sharing == "table";
                    Some(ExportItem::Report {
                        meeting,
                        agreement,
                        status,
                        note: if shared { note } else { String::new() },
                        sharing: if shared { sharing } else { String::new() },
                        at,
                    })
                }
                ExportItem::Topic { .. }
                | ExportItem::Feedback { .. }
                | ExportItem::Consent { .. }
                | ExportItem::Mail { .. }
                | ExportItem::MailChoice { .. } => None,
                _ => Some(i),
            })
            .collect()
    }
}

/// The export's part of the data layer.
#[async_trait]
pub trait ExportStore {
    /// Everything of `person`, in one read, in no particular order.
    async fn export_items(&self, person: PersonId) -> StoreResult<Vec<ExportItem>>;
}
