//! Builds [`MyData`] for one person: [`my_data`] reads (the store's items in one statement, the
//! access log, who sits at their tables now) and writes the audit row; [`assemble`] is the pure
//! part that puts the items in order and into words, tested here.

use super::*;
use crate::domain::{CaseId, LocalTime, MeetingId, Role};
use crate::mail::key::MailChoice;
use crate::prepare::questions::{display, questions_for};
use crate::prepare::sharing::Sharing;
use crate::store::{ExportItem, MemberRow, PersonRow};
use std::collections::BTreeMap;

/// Reads everything of `me` and writes that they downloaded it (the audit row holds no text).
pub async fn my_data(
    state: &crate::ctx::AppState,
    me: &PersonRow,
    lang: Lang,
) -> Result<(MyData, Vec<(CaseId, String)>), AppError> {
    let items = state.store.export_items(me.id).await?;
    let log = crate::seen::service::log_lines(state, me, lang).await?;
    let mut members = BTreeMap::new();
    for item in &items {
        if let ExportItem::Table {
            case,
            removed_at: None,
            ..
        } = item
        {
            members.insert(*case, crate::ctx::members(state, *case).await?);
        }
    }
    crate::ctx::audit(
        state,
        me.id,
        None,
        "export.read",
        format!("person:{}", me.id.0),
    )
    .await?;
    // Where their rights stay: taken off, and not erased there since.
    let mut former = Vec::new();
    for (case, child) in former_tables(&items) {
        if crate::case::former::is_former(state, me.id, case).await? {
            former.push((case, child));
        }
    }
    Ok((
        assemble(me, &items, &members, log, lang, state.config.clock.now()),
        former,
    ))
}

/// The tables someone was taken off as a parent or young person (case and child's name), where
/// they can still erase what they wrote and take back their yes (`case::former`).
pub fn former_tables(items: &[ExportItem]) -> Vec<(CaseId, String)> {
    items
        .iter()
        .filter_map(|i| match i {
            ExportItem::Table {
                case,
                child,
                role,
                removed_at: Some(_),
                ..
            } if role.is_family() => Some((*case, child.clone())),
            _ => None,
        })
        .collect()
}

/// The data of a child under 12 at one table, for a parent there with gezag (who uses the
/// child's rights for them): only what the child has at that table, with the child's log there.
/// Anyone else, or a child of 12 or older, is not found.
pub async fn child_data(
    state: &crate::ctx::AppState,
    me: &PersonRow,
    child: crate::domain::PersonId,
    table: Option<CaseId>,
    lang: Lang,
) -> Result<MyData, AppError> {
    let (case, member) = crate::case::age::children_in_my_care(state, me.id)
        .await?
        .into_iter()
        .find(|(c, m)| m.person_id == child && table.is_none_or(|t| t == c.id))
        .ok_or(AppError::NotFound)?;
    let mut person = state.store.person(child).await?.ok_or(AppError::NotFound)?;
    // The child's own mail address is theirs.
    person.email = None;
    let items = ExportItem::for_parent(ExportItem::of_case(
        state.store.export_items(child).await?,
        case.id,
    ));
    let log =
        crate::seen::service::child_log_lines(state, child, &member.display_name, case.id, lang)
            .await?;
    let members = BTreeMap::from([(case.id, crate::ctx::members(state, case.id).await?)]);
    crate::ctx::audit_read(
        state,
        me.id,
        Some(case.id),
        "export.read_child",
        format!("person:{}", child.0),
        vec![child],
    )
    .await?;
    Ok(assemble(
        &person,
        &items,
        &members,
        log,
        lang,
        state.config.clock.now(),
    ))
}

/// The part of meeting `id` (made when first needed); `None` for a meeting not at their tables.
fn part_of<'a>(
    meetings: &'a mut BTreeMap<MeetingId, MeetingPart>,
    meeting_case: &BTreeMap<MeetingId, (CaseId, String)>,
    id: MeetingId,
    lang: Lang,
) -> Option<&'a mut MeetingPart> {
    let (_, starts) = meeting_case.get(&id)?;
    let time = LocalTime::parse(starts)?;
    Some(meetings.entry(id).or_insert_with(|| MeetingPart {
        date: time.long(lang),
        starts_at: time.instant().to_rfc3339(),
        sent_at: None,
        answers: Vec::new(),
        topics: Vec::new(),
        agreements: Vec::new(),
        reports: Vec::new(),
        feedback: None,
    }))
}

/// A time as RFC 3339, in Dutch time.
fn stamp(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.with_timezone(&chrono_tz::Europe::Amsterdam).to_rfc3339())
        .unwrap_or_default()
}

fn sharing_label(code: &str, lang: Lang) -> String {
    Sharing::parse(code)
        .map(|s| s.label(lang).to_string())
        .unwrap_or_default()
}

/// Puts the items of `me` in order and into words. `members` are the people at each table `me`
/// still sits at (who may read their answers now); `log` is their access log in lines.
pub fn assemble(
    me: &PersonRow,
    items: &[ExportItem],
    members: &BTreeMap<CaseId, Vec<MemberRow>>,
    log: Vec<String>,
    lang: Lang,
    now: i64,
) -> MyData {
    let young = me.account_role == Role::Young;
    let mut tables: BTreeMap<CaseId, TablePart> = BTreeMap::new();
    let mut roles: BTreeMap<CaseId, (Role, crate::domain::AgeBand)> = BTreeMap::new();
    let mut meeting_case: BTreeMap<MeetingId, (CaseId, String)> = BTreeMap::new();
    let mut choice = (MailChoice::Unasked, None);
    for item in items {
        match item {
            ExportItem::Table {
                case,
                child,
                role,
                band,
                birth_date,
                joined_at,
                removed_at,
                closed_at,
            } => {
                let band = birth_date.map_or(*band, |b| {
                    crate::domain::AgeBand::on(b, crate::domain::dutch_date(now))
                });
                roles.insert(*case, (*role, band));
                tables.insert(
                    *case,
                    TablePart {
                        child: child.clone(),
                        role: role.name(lang).to_string(),
                        joined_at: stamp(*joined_at),
                        removed_at: removed_at.map(stamp),
                        closed_at: closed_at.map(stamp),
                        meetings: Vec::new(),
                        profile: Vec::new(),
                        consent: Vec::new(),
                    },
                );
            }
            ExportItem::Meeting {
                case,
                meeting,
                starts_at,
            } => {
                meeting_case.insert(*meeting, (*case, starts_at.clone()));
            }
            ExportItem::MailChoice { choice: c, at } => choice = (*c, *at),
            _ => {}
        }
    }
    // The meetings that hold something of theirs, per table, oldest first.
    let mut meetings: BTreeMap<MeetingId, MeetingPart> = BTreeMap::new();
    let case_of = |m: MeetingId| meeting_case.get(&m).map(|(c, _)| *c);
    let sent = ExportItem::sent_meetings(items);
    let mut mails = Vec::new();
    for item in items {
        match item {
            ExportItem::Sent { meeting: m, at } => {
                if let Some(part) = part_of(&mut meetings, &meeting_case, *m, lang) {
                    part.sent_at = Some(stamp(*at));
                }
            }
            ExportItem::Answer {
                meeting: m,
                question,
                body,
                sharing,
                coach,
                saves,
                changed_at,
                erased_at,
            } => {
                let Some(case) = case_of(*m) else { continue };
                let (role, band) = roles
                    .get(&case)
                    .copied()
                    .unwrap_or((me.account_role, crate::domain::AgeBand::From12));
                let q = questions_for(role, band).iter().find(|q| q.key == question);
                let readers = match (Sharing::parse(sharing), members.get(&case)) {
                    (Some(s), Some(at_table)) if erased_at.is_none() => {
                        crate::seen::service::readers_now(
                            at_table,
                            me.id,
                            s,
                            sent.contains(m),
                            *coach,
                            lang,
                        )
                    }
                    _ => Vec::new(),
                };
                let Some(part) = part_of(&mut meetings, &meeting_case, *m, lang) else {
                    continue;
                };
                part.answers.push(AnswerPart {
                    question_key: question.clone(),
                    question: q.map(|q| t(lang, q.prompt).to_string()).unwrap_or_default(),
                    answer: q
                        .map(|q| display(q.kind, q.key, body, lang))
                        .unwrap_or_else(|| body.clone()),
                    erased_at: erased_at.map(stamp),
                    sharing_code: sharing.clone(),
                    sharing: sharing_label(sharing, lang),
                    readers_now: readers,
                    saves: *saves,
                    changed_at: stamp(*changed_at),
                    coach: None,
                });
            }
            ExportItem::Topic {
                meeting: m,
                title,
                explanation,
                why,
                discussed,
                at,
            } => {
                if let Some(part) = part_of(&mut meetings, &meeting_case, *m, lang) {
                    part.topics.push(TopicPart {
                        title: title.clone(),
                        explanation: explanation.clone(),
                        why: why.clone(),
                        discussed: discussed.clone(),
                        raised_at: stamp(*at),
                    });
                }
            }
            ExportItem::Agreement {
                meeting: m,
                what,
                who,
                due,
                at,
            } => {
                if let Some(part) = part_of(&mut meetings, &meeting_case, *m, lang) {
                    part.agreements.push(AgreementPart {
                        what: what.clone(),
                        who: who.clone(),
                        due: due.clone(),
                        made_at: stamp(*at),
                    });
                }
            }
            ExportItem::Report {
                meeting: m,
                agreement,
                status,
                note,
                sharing,
                at,
            } => {
                if let Some(part) = part_of(&mut meetings, &meeting_case, *m, lang) {
                    part.reports.push(ReportPart {
                        agreement: agreement.clone(),
                        status: crate::agreements::status::AgreementStatus::parse(status)
                            .map(|s| s.label(lang).to_string())
                            .unwrap_or_default(),
                        note: note.clone(),
                        sharing: sharing_label(sharing, lang),
                        at: stamp(*at),
                    });
                }
            }
            ExportItem::Feedback {
                meeting: m,
                matches,
                comment,
                at,
            } => {
                if let Some(part) = part_of(&mut meetings, &meeting_case, *m, lang) {
                    part.feedback = Some(FeedbackPart {
                        matches: *matches,
                        comment: comment.clone(),
                        at: stamp(*at),
                    });
                }
            }
            ExportItem::Profile {
                case,
                part,
                body,
                sharing,
                version,
                at,
            } => {
                if let Some(table) = tables.get_mut(case) {
                    let p = crate::profile::parts::Part::parse(part);
                    table.profile.push(ProfilePart {
                        part_key: part.clone(),
                        part: p
                            .map(|p| t(lang, p.heading()).to_string())
                            .unwrap_or_default(),
                        text: body.clone(),
                        sharing: sharing_label(sharing, lang),
                        version: *version,
                        at: stamp(*at),
                    });
                }
            }
            ExportItem::Consent {
                case,
                given,
                text_version,
                at,
            } => {
                if let Some(table) = tables.get_mut(case) {
                    table.consent.push(ConsentPart {
                        given: *given,
                        text_version: text_version.clone(),
                        at: stamp(*at),
                    });
                }
            }
            ExportItem::Mail {
                case,
                key,
                state,
                at,
                sent_at,
            } => mails.push((
                *at,
                MailPart {
                    kind: t(lang, crate::mail::kind_label(key.kind)).to_string(),
                    table: case.and_then(|c| tables.get(&c)).map(|t| t.child.clone()),
                    state: t(lang, crate::mail::state_label(state)).to_string(),
                    queued_at: stamp(*at),
                    sent_at: sent_at.map(stamp),
                },
            )),
            _ => {}
        }
    }
    // The coach's notes go with the answer they are about.
    for item in items {
        if let ExportItem::Review {
            meeting: m,
            question,
            read_at,
            question_back,
            reply,
            summary,
        } = item
        {
            let answer = meetings
                .get_mut(m)
                .and_then(|p| p.answers.iter_mut().find(|a| &a.question_key == question));
            if let Some(a) = answer {
                a.coach = Some(CoachPart {
                    read_at: read_at.map(stamp),
                    question_back: question_back.clone(),
                    reply: reply.clone(),
                    summary: summary.clone(),
                });
            }
        }
    }
    for (id, mut part) in meetings {
        // Answers in the order of the questions; topics, agreements and reports by time.
        if let Some(case) = case_of(id) {
            if let Some((role, band)) = roles.get(&case) {
                let order = questions_for(*role, *band);
                part.answers.sort_by_key(|a| {
                    order
                        .iter()
                        .position(|q| q.key == a.question_key)
                        .unwrap_or(usize::MAX)
                });
            }
            part.topics.sort_by(|a, b| a.raised_at.cmp(&b.raised_at));
            part.agreements.sort_by(|a, b| a.made_at.cmp(&b.made_at));
            part.reports.sort_by(|a, b| a.at.cmp(&b.at));
            if let Some(table) = tables.get_mut(&case) {
                table.meetings.push(part);
            }
        }
    }
    for table in tables.values_mut() {
        table.meetings.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
        table
            .profile
            .sort_by(|a, b| (&a.part_key, a.version).cmp(&(&b.part_key, b.version)));
        table.consent.sort_by(|a, b| a.at.cmp(&b.at));
    }
    mails.sort_by_key(|(at, _)| *at);
    let choice_label = match choice.0 {
        MailChoice::Yes => k::mail_choice_yes,
        MailChoice::Stop => k::mail_choice_stop,
        MailChoice::Unasked => k::mail_choice_invite,
    };
    MyData {
        format: FORMAT.to_string(),
        made_at: stamp(now),
        young,
        professional: me.account_role.is_professional(),
        person: PersonPart {
            name: me.display_name.clone(),
            email: me.email.clone(),
            account: me.account_role.name(lang).to_string(),
            mail_choice: t(lang, choice_label).to_string(),
            mail_choice_at: choice.1.map(stamp),
        },
        tables: tables.into_values().collect(),
        mails: mails.into_iter().map(|(_, m)| m).collect(),
        access_log: log,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AgeBand, PersonId};
    use crate::mail::key::{MailKey, MailKind};

    fn me() -> PersonRow {
        PersonRow {
            id: PersonId(7),
            display_name: "Sanne".into(),
            email: Some("sanne@example.org".into()),
            password_hash: None,
            account_role: Role::Parent,
            disabled_at: None,
        }
    }

    fn member(id: i64, name: &str, role: Role) -> MemberRow {
        MemberRow {
            person_id: PersonId(id),
            display_name: name.into(),
            role,
            relation: String::new(),
            brought_by: None,
            support_kind: None,
            interpreter: None,
            gezag: true,
        }
    }

    /// A parent at one table with one meeting, two answers (one erased), a topic, a coach's
    /// question back, a profile part in two versions, a yes and a no, and one mail.
    fn items() -> Vec<ExportItem> {
        let (case, meeting) = (CaseId(1), MeetingId(3));
        vec![
            ExportItem::Table {
                case,
                child: "Sam".into(),
                role: Role::Parent,
                band: AgeBand::From12,
                birth_date: None,
                joined_at: 1_764_000_000,
                removed_at: None,
                closed_at: None,
            },
            ExportItem::Meeting {
                case,
                meeting,
                starts_at: "2026-12-09T15:00".into(),
            },
            // A meeting with nothing of theirs is left out.
            ExportItem::Meeting {
                case,
                meeting: MeetingId(4),
                starts_at: "2027-01-13T15:00".into(),
            },
            ExportItem::Answer {
                meeting,
                question: "worries".into(),
                body: "Ze slaapt slecht.".into(),
                sharing: "table".into(),
                coach: None,
                saves: 3,
                changed_at: 1_764_100_000,
                erased_at: None,
            },
            ExportItem::Answer {
                meeting,
                question: "goes_well".into(),
                body: String::new(),
                sharing: "mediator".into(),
                coach: None,
                saves: 1,
                changed_at: 1_764_100_100,
                erased_at: Some(1_764_100_100),
            },
            ExportItem::Sent {
                meeting,
                at: 1_764_200_000,
            },
            ExportItem::Review {
                meeting,
                question: "worries".into(),
                read_at: Some(1_764_300_000),
                question_back: "Sinds wanneer?".into(),
                reply: "Sinds de zomer.".into(),
                summary: String::new(),
            },
            ExportItem::Topic {
                meeting,
                title: "Slapen".into(),
                explanation: String::new(),
                why: "Ze is moe op school.".into(),
                discussed: String::new(),
                at: 1_764_150_000,
            },
            ExportItem::Profile {
                case,
                part: "good_at".into(),
                body: "Tekenen, en later ook voetbal.".into(),
                sharing: "table".into(),
                version: 2,
                at: 1_764_050_000,
            },
            ExportItem::Profile {
                case,
                part: "good_at".into(),
                body: "Tekenen.".into(),
                sharing: "table".into(),
                version: 1,
                at: 1_764_040_000,
            },
            ExportItem::Consent {
                case,
                given: false,
                text_version: "2026-12-05".into(),
                at: 1_764_600_000,
            },
            ExportItem::Consent {
                case,
                given: true,
                text_version: "2026-12-05".into(),
                at: 1_764_500_000,
            },
            ExportItem::Mail {
                case: Some(case),
                key: MailKey {
                    kind: MailKind::Invitation,
                    object: 1,
                    to: PersonId(7),
                },
                state: "sent".into(),
                at: 1_764_000_100,
                sent_at: Some(1_764_000_200),
            },
            ExportItem::MailChoice {
                choice: MailChoice::Yes,
                at: Some(1_764_000_300),
            },
        ]
    }

    #[test]
    fn puts_every_item_of_the_person_in_its_place() {
        let members = BTreeMap::from([(
            CaseId(1),
            vec![
                member(7, "Sanne", Role::Parent),
                member(8, "Joyce", Role::Mediator),
                member(9, "Mark", Role::School),
            ],
        )]);
        let d = assemble(
            &me(),
            &items(),
            &members,
            vec!["line".into()],
            Lang::Nl,
            1_765_000_000,
        );
        assert_eq!(d.format, FORMAT);
        assert_eq!(d.person.email.as_deref(), Some("sanne@example.org"));
        assert_eq!(d.person.mail_choice, t(Lang::Nl, k::mail_choice_yes));
        assert_eq!(d.tables.len(), 1);
        let table = &d.tables[0];
        assert_eq!(table.child, "Sam");
        // Only the meeting with something of theirs.
        assert_eq!(table.meetings.len(), 1);
        let m = &table.meetings[0];
        assert!(
            m.starts_at.starts_with("2026-12-09T15:00:00+01:00"),
            "{}",
            m.starts_at
        );
        assert!(m.sent_at.is_some());
        // Answers in the order of the questions: "goes_well" before "worries".
        let keys: Vec<_> = m.answers.iter().map(|a| a.question_key.as_str()).collect();
        assert_eq!(keys, ["goes_well", "worries"]);
        let worries = &m.answers[1];
        assert_eq!(worries.answer, "Ze slaapt slecht.");
        assert_eq!(worries.saves, 3);
        assert!(!worries.question.is_empty());
        // Shared with the table: everyone but the author reads it now.
        assert_eq!(
            worries.readers_now,
            ["Joyce (Gezinscoach)", "Mark (School)"]
        );
        let coach = worries.coach.as_ref().expect("the coach's notes");
        assert_eq!(coach.question_back, "Sinds wanneer?");
        assert_eq!(coach.reply, "Sinds de zomer.");
        // The erased answer: no text, the time it was erased, nobody reads it.
        let erased = &m.answers[0];
        assert_eq!(erased.answer, "");
        assert!(erased.erased_at.is_some());
        assert!(erased.readers_now.is_empty());
        assert_eq!(m.topics[0].why, "Ze is moe op school.");
        // Every version, oldest first; the history of yes and no in order.
        let versions: Vec<_> = table.profile.iter().map(|p| p.version).collect();
        assert_eq!(versions, [1, 2]);
        assert_eq!(table.profile[0].text, "Tekenen.");
        let given: Vec<_> = table.consent.iter().map(|c| c.given).collect();
        assert_eq!(given, [true, false]);
        assert_eq!(d.mails.len(), 1);
        assert_eq!(d.mails[0].table.as_deref(), Some("Sam"));
        assert_eq!(d.access_log, ["line"]);
    }

    #[test]
    fn an_answer_not_sent_yet_is_read_by_nobody_else() {
        let items: Vec<_> = items()
            .into_iter()
            .filter(|i| !matches!(i, ExportItem::Sent { .. }))
            .collect();
        let members = BTreeMap::from([(CaseId(1), vec![member(8, "Joyce", Role::Mediator)])]);
        let d = assemble(&me(), &items, &members, Vec::new(), Lang::Nl, 0);
        let m = &d.tables[0].meetings[0];
        assert!(m.sent_at.is_none());
        assert!(m.answers.iter().all(|a| a.readers_now.is_empty()));
    }

    #[test]
    fn a_table_they_were_taken_off_has_no_readers_now() {
        let d = assemble(&me(), &items(), &BTreeMap::new(), Vec::new(), Lang::Nl, 0);
        assert!(d.tables[0].meetings[0]
            .answers
            .iter()
            .all(|a| a.readers_now.is_empty()));
        // Their words are still all there.
        assert_eq!(d.tables[0].meetings[0].answers.len(), 2);
    }
}
