//! Keeping things no longer than needed. A daily job ([`run`], started by [`spawn`]):
//! - deletes ended sessions, used or expired links and failed sign-ins after 90 days
//!   ([`crate::auth::retention`]);
//! - tells the family at a closed case's table, a month ahead, that its words will be erased,
//!   with a mail that has a sign-in link, so they can download their data first;
//! - erases a closed case's words (answers, topics, agreements, the plan, "Dit is …") once
//!   [`Retention::closed_case_months`] have passed since it closed, and at least a month after
//!   the family was told;
//! - deletes access-log rows older than [`Retention::access_log_years`]: NEN 7513 asks that an
//!   access log be kept long enough to look into misuse, so it outlives the words it is about.
//!
//! When each step is due is decided here, by pure functions on the portal's clock (tests move
//! it; nothing sleeps). Periods are calendar months and years in Dutch time.

use crate::ctx::AppState;
use crate::domain::{LocalTime, Role};
use crate::mail::key::{MailKey, MailKind};
use crate::store::{ClosedCase, NewMail, StoreError};
use chrono::Months;

/// How long things are kept (settings `AANTAFEL_CLOSED_CASE_MONTHS`,
/// `AANTAFEL_ACCESS_LOG_YEARS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Months a closed case's words are kept (default 12).
    pub closed_case_months: u32,
    /// Years an access-log row is kept (default 5).
    pub access_log_years: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            closed_case_months: 12,
            access_log_years: 5,
        }
    }
}

/// `at` moved by `months` calendar months in Dutch time (back when negative); the last day of
/// a shorter month when the day does not exist there.
fn shift_months(at: i64, months: i32) -> i64 {
    let local = LocalTime::from_unix(at).0;
    let moved = if months >= 0 {
        local.checked_add_months(Months::new(months.unsigned_abs()))
    } else {
        local.checked_sub_months(Months::new(months.unsigned_abs()))
    };
    moved.map_or(at, |t| LocalTime(t).instant().timestamp())
}

impl Retention {
    /// Reads the two settings; a value that is not a whole number above zero keeps the default.
    pub fn from_settings(months: Option<&str>, years: Option<&str>) -> Retention {
        let number = |v: Option<&str>, max: u32| {
            v.and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|n| (1..=max).contains(n))
        };
        let d = Retention::default();
        Retention {
            closed_case_months: number(months, 1200).unwrap_or(d.closed_case_months),
            access_log_years: number(years, 100).unwrap_or(d.access_log_years),
        }
    }

    /// When the family of a case closed at `closed_at` is told: a month before its words are
    /// erased (at once, when they are kept a month or less).
    pub fn warn_at(self, closed_at: i64) -> i64 {
        let months = self.closed_case_months as i32;
        shift_months(closed_at, months - 1).max(closed_at)
    }

    /// When a case closed at `closed_at`, whose family was told at `warned_at`, is erased: once
    /// the set months have passed, and never sooner than a month after they were told.
    pub fn erase_due(self, closed_at: i64, warned_at: i64) -> i64 {
        shift_months(closed_at, self.closed_case_months as i32).max(shift_months(warned_at, 1))
    }

    /// Access-log rows from before this moment are deleted at `now`.
    pub fn access_log_before(self, now: i64) -> i64 {
        shift_months(now, -12 * self.access_log_years as i32)
    }
}

/// What the daily job does with one closed case at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Nothing yet.
    Wait,
    /// Tell the family.
    Warn,
    /// Erase its words.
    Erase,
}

/// The step due for `c` at `now` (pure).
pub fn step(r: Retention, c: &ClosedCase, now: i64) -> Step {
    match c.warned_at {
        None if now >= r.warn_at(c.closed_at) => Step::Warn,
        None => Step::Wait,
        Some(warned) if now >= r.erase_due(c.closed_at, warned) => Step::Erase,
        Some(_) => Step::Wait,
    }
}

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionReport {
    /// Sign-in records deleted (sessions, links, failures).
    pub sign_in_records: u64,
    /// Closed cases whose families were told.
    pub warned: u64,
    /// Closed cases whose words were erased.
    pub erased: u64,
    /// Access-log rows deleted.
    pub access_log_rows: u64,
}

/// Tells the family at a closed table: a mail to each parent and young person still there
/// (when the portal sends mail), then notes that they were told.
async fn warn(state: &AppState, c: &ClosedCase, now: i64) -> Result<(), StoreError> {
    if state.config.mail.is_some() {
        let mails: Vec<NewMail> = state
            .store
            .members(c.case)
            .await?
            .into_iter()
            .filter(|m| matches!(m.role, Role::Parent | Role::Young))
            .map(|m| NewMail {
                key: MailKey {
                    kind: MailKind::RetentionWarning,
                    object: c.case.0,
                    to: m.person_id,
                },
                case_id: Some(c.case),
                message_id: crate::mail::message_id(&state.config.public_url),
                with_link: true,
            })
            .collect();
        state.store.mail_enqueue(&mails, now).await?;
    }
    state.store.mark_retention_warned(c.case, now).await
}

/// Whether something of the case still waits to reach the care-plan store (or cannot be read).
async fn waiting_for_store(state: &AppState, c: &ClosedCase) -> bool {
    match state.store.outbox_summary(c.case).await {
        Ok(s) => !s.waiting.is_empty() || !s.problems.is_empty(),
        Err(e) => {
            tracing::error!(error = %e, case = c.case.0, "retention: could not read the outbox");
            true
        }
    }
}

/// One run at `now`. Each step stands alone: a failure is logged and the rest still runs.
/// Several instances may run it at once: every step is done once (a mail's key, the case's
/// `retention_warned_at` and `content_erased_at` see to that).
pub async fn run(state: &AppState, now: i64) -> RetentionReport {
    let mut report = RetentionReport::default();
    match crate::auth::retention::prune(state, now).await {
        Ok(p) => report.sign_in_records = p.sessions + p.invitations + p.failures,
        Err(e) => tracing::error!(error = %e, "retention: could not delete old sign-in records"),
    }
    let r = state.config.retention;
    let closed = match state.store.closed_cases().await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "retention: could not read the closed cases");
            Vec::new()
        }
    };
    for c in &closed {
        match step(r, c, now) {
            Step::Wait => {}
            Step::Warn => match warn(state, c, now).await {
                Ok(()) => report.warned += 1,
                Err(e) => tracing::error!(error = %e, case = c.case.0, "retention: could not warn"),
            },
            // What still waits to reach the care-plan store (an erasure, a withdrawn yes) goes
            // first: erasing its copies here would leave the store holding those words.
            Step::Erase
                if state.config.plan_store.is_some() && waiting_for_store(state, c).await =>
            {
                tracing::info!(
                    case = c.case.0,
                    "retention: erasing waits for the care-plan store"
                );
            }
            Step::Erase => match state.store.erase_case_content(c.case, now).await {
                Ok(Some(erased)) => {
                    report.erased += 1;
                    tracing::info!(
                        case = c.case.0,
                        answers = erased.answers,
                        topics = erased.topics,
                        agreements = erased.agreements,
                        "retention: a closed case's words were erased"
                    );
                    let entry = crate::store::AuditEntry {
                        person_id: None,
                        case_id: Some(c.case),
                        action: "case.erase_content",
                        target: format!("case:{}", c.case.0),
                        subjects: &[],
                    };
                    if let Err(e) = state.store.audit(entry, now).await {
                        tracing::error!(error = %e, "retention: could not log an erasure");
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::error!(error = %e, case = c.case.0, "retention: could not erase")
                }
            },
        }
    }
    match state.store.prune_access_log(r.access_log_before(now)).await {
        Ok(n) => report.access_log_rows = n,
        Err(e) => tracing::error!(error = %e, "retention: could not prune the access log"),
    }
    report
}

/// Runs [`run`] at start and then once a day, until the process ends.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        loop {
            let report = run(&state, state.config.clock.now()).await;
            if report != RetentionReport::default() {
                tracing::info!(
                    sign_in_records = report.sign_in_records,
                    warned = report.warned,
                    erased = report.erased,
                    access_log_rows = report.access_log_rows,
                    "retention: done"
                );
            }
            tokio::time::sleep(std::time::Duration::from_secs(86_400)).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CaseId;

    fn at(text: &str) -> i64 {
        LocalTime::parse(text).expect("time").instant().timestamp()
    }

    fn closed(on: &str, warned: Option<&str>) -> ClosedCase {
        ClosedCase {
            case: CaseId(1),
            closed_at: at(on),
            warned_at: warned.map(at),
        }
    }

    #[test]
    fn settings_take_whole_numbers_above_zero_and_keep_the_default_otherwise() {
        assert_eq!(Retention::from_settings(None, None), Retention::default());
        let r = Retention::from_settings(Some("24"), Some("7"));
        assert_eq!((r.closed_case_months, r.access_log_years), (24, 7));
        for bad in ["0", "-3", "twaalf", "1.5", ""] {
            assert_eq!(
                Retention::from_settings(Some(bad), Some(bad)),
                Retention::default(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_closed_case_is_told_a_month_ahead_and_erased_after_the_set_months() {
        let r = Retention::default();
        let c = closed("2026-01-31T10:00", None);
        // Told from 31 December 2026 (11 months later), not a day sooner.
        assert_eq!(step(r, &c, at("2026-12-30T10:00")), Step::Wait);
        assert_eq!(step(r, &c, at("2026-12-31T10:00")), Step::Warn);
        // Erased from 31 January 2027, once told; never before a month after being told.
        let told = closed("2026-01-31T10:00", Some("2026-12-31T10:00"));
        assert_eq!(step(r, &told, at("2027-01-30T10:00")), Step::Wait);
        assert_eq!(step(r, &told, at("2027-01-31T10:00")), Step::Erase);
        let told_late = closed("2026-01-31T10:00", Some("2027-03-05T09:00"));
        assert_eq!(step(r, &told_late, at("2027-04-04T09:00")), Step::Wait);
        assert_eq!(step(r, &told_late, at("2027-04-05T09:00")), Step::Erase);
        // Not told yet at the set date: told first, then erased a month later.
        assert_eq!(step(r, &c, at("2027-02-01T10:00")), Step::Warn);
    }

    #[test]
    fn months_are_calendar_months_in_dutch_time() {
        let r = Retention {
            closed_case_months: 1,
            access_log_years: 5,
        };
        // Kept a month: told at once.
        assert_eq!(r.warn_at(at("2026-03-31T12:00")), at("2026-03-31T12:00"));
        // 31 March plus a month is the last day of April, across the change to summer time.
        assert_eq!(
            r.erase_due(at("2026-03-31T12:00"), at("2026-03-31T12:00")),
            at("2026-04-30T12:00")
        );
        assert_eq!(
            Retention::default().access_log_before(at("2031-06-15T08:00")),
            at("2026-06-15T08:00")
        );
    }
}
