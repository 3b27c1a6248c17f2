//! When a reminder or a piece of news is due (the rules, pure), and queuing what is due. The
//! store gives everyone it may be due for within wide windows; these rules decide. Queuing the
//! same mail twice keeps the first, so every worker run and every instance may ask again.
//!
//! - A reminder to prepare: two days before the deadline, until it passes, to a parent or young
//!   person who has not sent their input.
//! - "De onderwerpen zijn gedeeld": once the coach shared the agenda, before the meeting, to
//!   everyone at the table but the coach and a coordinator.
//! - "De afspraken staan klaar": once the meeting started and no agreement was added for an
//!   hour, within two weeks of the meeting, to the same people.
//! - A reminder before an agreement's date: from two days before until that day, to the person
//!   responsible, while it is not done.
//!
//! All of them only for people who said yes to mail, at a table that is not closed.

use super::key::MailKind;
use crate::ctx::AppState;
use crate::domain::{LocalTime, Role};
use crate::store::{CandidateWindows, MailCandidate, NewMail, StoreResult};

/// How many days before a deadline or an agreement's date the reminder goes.
pub const REMIND_DAYS: i64 = 2;
/// How long no agreement may have been added before "de afspraken staan klaar" goes.
pub const QUIET_SECS: i64 = 3600;
/// How long after a meeting "de afspraken staan klaar" may still go.
pub const READY_WITHIN_DAYS: i64 = 14;
/// How long after sharing the agenda "de onderwerpen zijn gedeeld" may still go.
pub const SHARED_WITHIN_SECS: i64 = 2 * 86_400;

/// The windows to ask the store about at `now`.
pub fn windows(now: i64) -> CandidateWindows {
    let here = LocalTime::from_unix(now);
    let today = here.0.date();
    CandidateWindows {
        from_date: today.format("%Y-%m-%d").to_string(),
        to_date: (today + chrono::Duration::days(REMIND_DAYS))
            .format("%Y-%m-%d")
            .to_string(),
        started_from: LocalTime::from_unix(now - READY_WITHIN_DAYS * 86_400).to_input(),
        started_before: here.to_input(),
        shared_since: now - SHARED_WITHIN_SECS,
    }
}

/// Whether the mail of a candidate is due at `now`.
pub fn due(c: &MailCandidate, now: i64) -> bool {
    let news_reader = !matches!(c.role, Role::Mediator | Role::Coordinator);
    match c.key.kind {
        MailKind::PrepareReminder => {
            c.role.is_family()
                && LocalTime::parse(&c.when).is_some_and(|by| by > LocalTime::from_unix(now))
        }
        MailKind::TopicsShared => news_reader,
        MailKind::AgreementsReady => news_reader && c.settled_at <= now - QUIET_SECS,
        MailKind::AgreementDue => chrono::NaiveDate::parse_from_str(&c.when, "%Y-%m-%d").is_ok(),
        MailKind::Invitation | MailKind::NewLink | MailKind::RetentionWarning => false,
    }
}

/// Queues every reminder and piece of news that is due. Returns how many are new.
pub async fn queue_due(state: &AppState, now: i64) -> StoreResult<u64> {
    let candidates = state.store.mail_candidates(&windows(now)).await?;
    let mails: Vec<NewMail> = candidates
        .iter()
        .filter(|c| due(c, now))
        .map(|c| NewMail {
            key: c.key,
            case_id: Some(c.case_id),
            message_id: super::message_id(&state.config.public_url),
            with_link: false,
        })
        .collect();
    state.store.mail_enqueue(&mails, now).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseId, PersonId};
    use crate::mail::key::MailKey;

    /// 2026-12-01 10:00 in the Netherlands (09:00 UTC).
    const NOW: i64 = 1_796_115_600;

    fn cand(kind: MailKind, role: Role, when: &str, settled_at: i64) -> MailCandidate {
        MailCandidate {
            key: MailKey {
                kind,
                object: 1,
                to: PersonId(2),
            },
            case_id: CaseId(1),
            role,
            when: when.to_string(),
            settled_at,
        }
    }

    #[test]
    fn the_windows_are_days_in_the_netherlands() {
        assert_eq!(LocalTime::from_unix(NOW).to_input(), "2026-12-01T10:00");
        let w = windows(NOW);
        assert_eq!(w.from_date, "2026-12-01");
        assert_eq!(w.to_date, "2026-12-03");
        assert_eq!(w.started_before, "2026-12-01T10:00");
        assert_eq!(w.started_from, "2026-11-17T10:00");
        // Just before midnight UTC it is already the next day here.
        assert_eq!(windows(NOW + 14 * 3600 + 30 * 60).from_date, "2026-12-02");
    }

    #[test]
    fn a_reminder_to_prepare_goes_to_the_family_until_the_deadline() {
        let open = "2026-12-02T17:00";
        assert!(due(
            &cand(MailKind::PrepareReminder, Role::Parent, open, 0),
            NOW
        ));
        assert!(due(
            &cand(MailKind::PrepareReminder, Role::Young, open, 0),
            NOW
        ));
        for pro in [
            Role::School,
            Role::CareWorker,
            Role::Mediator,
            Role::Supporter,
        ] {
            assert!(
                !due(&cand(MailKind::PrepareReminder, pro, open, 0), NOW),
                "{pro:?}"
            );
        }
        // The deadline this morning has passed.
        let passed = "2026-12-01T09:59";
        assert!(!due(
            &cand(MailKind::PrepareReminder, Role::Parent, passed, 0),
            NOW
        ));
        assert!(!due(
            &cand(MailKind::PrepareReminder, Role::Parent, "garbage", 0),
            NOW
        ));
    }

    #[test]
    fn news_waits_for_a_quiet_hour_and_skips_the_coach() {
        let at = "2026-11-30T15:00";
        let quiet = NOW - QUIET_SECS;
        assert!(due(
            &cand(MailKind::AgreementsReady, Role::Parent, at, quiet),
            NOW
        ));
        assert!(!due(
            &cand(MailKind::AgreementsReady, Role::Parent, at, quiet + 1),
            NOW
        ));
        assert!(!due(
            &cand(MailKind::AgreementsReady, Role::Mediator, at, quiet),
            NOW
        ));
        assert!(due(
            &cand(MailKind::TopicsShared, Role::School, at, NOW),
            NOW
        ));
        assert!(!due(
            &cand(MailKind::TopicsShared, Role::Coordinator, at, NOW),
            NOW
        ));
        assert!(due(
            &cand(MailKind::AgreementDue, Role::CareWorker, "2026-12-03", 0),
            NOW
        ));
        assert!(!due(
            &cand(MailKind::AgreementDue, Role::CareWorker, "3 dec", 0),
            NOW
        ));
        assert!(!due(&cand(MailKind::Invitation, Role::Parent, at, 0), NOW));
    }
}
