//! The mail worker (server only): queues the reminders that are due, then delivers the mail
//! outbox over SMTP with retries and backoff. Delivery is at least once: a mail is marked sent
//! only after the mail server took it, so a crash in between sends it again, with the same
//! `Message-ID`. A mail server that is away keeps mail waiting (15 s doubling up to an hour);
//! a mail it refuses for good, or one still waiting after two days, is marked failed for the
//! coach to see.

use super::compose::{compose, Letter};
use super::key::MailKind;
use super::{mail_lang, MailSettings};
use crate::ctx::AppState;
use crate::domain::{LocalTime, Role};
use crate::store::{MailDue, MailFacts};
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How long a worker's claim on a mail lasts: longer than a run takes.
pub const CLAIM_SECONDS: i64 = 10 * 60;
/// How long a mail may wait for the mail server before it counts as failed.
pub const GIVE_UP_SECONDS: i64 = 2 * 86_400;
/// Mails per run: with each send given up after 20 s, a run ends well within its claim.
const BATCH: i64 = 20;
/// How long an ended mail stays on the coach's list.
pub const KEEP_SECONDS: i64 = 90 * 86_400;

/// The SMTP server mail goes through.
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    /// The server of the settings; an error in words when they do not make sense.
    pub fn new(settings: &MailSettings) -> Result<Smtp, String> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| format!("AANTAFEL_MAIL_FROM is not an address: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
            .map_err(|_| "AANTAFEL_SMTP_URL is not an smtp:// or smtps:// address".to_string())?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        Ok(Smtp { transport, from })
    }
}

/// Why a mail did not go now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SendError {
    /// The mail server could not be reached or asked to try later: try again.
    Later(&'static str),
    /// The mail server refused it for good (a bad address): a person must look.
    Refused(&'static str),
}

/// The `List-Unsubscribe` header: mail programs show a "stop" button with it (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// The `List-Unsubscribe-Post` header: that stop button works in one tap (RFC 8058).
#[derive(Clone)]
struct OneClick;

impl Header for OneClick {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(OneClick)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailReport {
    /// Reminders and news newly queued.
    pub queued: u64,
    /// Mails the mail server took.
    pub sent: usize,
    /// Mails that no longer need to go (the person said stop, left the table, already sent).
    pub skipped: usize,
    /// Mails kept for a later try.
    pub retry: usize,
    /// Mails that failed for good.
    pub failed: usize,
}

/// Why a mail no longer goes, if it does not (pure).
pub fn skip_reason(kind: MailKind, f: &MailFacts, with_link: bool) -> Option<&'static str> {
    if f.email.is_none() {
        return Some("no_address");
    }
    if f.disabled {
        return Some("disabled");
    }
    if !f.choice.allows(kind) {
        return Some("no_yes");
    }
    if kind == MailKind::NewLink {
        return (!with_link).then_some("gone");
    }
    if f.role.is_none() {
        return Some("not_at_table");
    }
    if kind == MailKind::RetentionWarning {
        // Only about a closed case, to the family at its table.
        return (f.closed_at.is_none() || !f.role.is_some_and(Role::is_family)).then_some("gone");
    }
    if f.closed_at.is_some() {
        return Some("closed");
    }
    let gone = match kind {
        MailKind::PrepareReminder | MailKind::TopicsShared | MailKind::AgreementsReady => {
            f.meeting.is_none()
        }
        MailKind::AgreementDue => f.due.is_none(),
        MailKind::Invitation | MailKind::NewLink | MailKind::RetentionWarning => false,
    };
    if gone {
        return Some("gone");
    }
    f.moot.then_some("done")
}

/// One run: queue what is due, then deliver what waits. Never loses a mail.
pub async fn run_once(state: &AppState, smtp: &Smtp, now: i64) -> MailReport {
    let mut report = MailReport::default();
    match super::schedule::queue_due(state, now).await {
        Ok(n) => report.queued = n,
        Err(e) => tracing::error!(error = %e, "mail: cannot queue reminders"),
    }
    let due = match state.store.mail_claim(now, CLAIM_SECONDS, BATCH).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "mail: cannot read the outbox");
            return report;
        }
    };
    let mut done = 0;
    for mail in &due {
        done += 1;
        let outcome = deliver(state, smtp, mail, now).await;
        let result = match outcome {
            Ok(None) => {
                report.sent += 1;
                state.store.mail_settle(mail.id, "sent", "", now).await
            }
            Ok(Some(reason)) => {
                report.skipped += 1;
                state
                    .store
                    .mail_settle(mail.id, "skipped", reason, now)
                    .await
            }
            Err(SendError::Refused(code)) => {
                report.failed += 1;
                tracing::warn!(mail = %mail.key, error = code, "mail: refused, a person must look");
                state.store.mail_settle(mail.id, "failed", code, now).await
            }
            Err(SendError::Later(code)) if now - mail.created_at >= GIVE_UP_SECONDS => {
                report.failed += 1;
                tracing::warn!(mail = %mail.key, error = code, "mail: given up after two days");
                state.store.mail_settle(mail.id, "failed", code, now).await
            }
            Err(SendError::Later(code)) => {
                report.retry += 1;
                let attempts = mail.attempts + 1;
                tracing::warn!(mail = %mail.key, error = code, attempts, "mail: will try again");
                let r = state
                    .store
                    .mail_retry(
                        mail.id,
                        attempts,
                        now + crate::sync::worker::backoff(attempts),
                        code,
                    )
                    .await;
                if code == "unreachable" {
                    // The mail server is away: leave the rest for a later run.
                    if let Err(e) = r {
                        tracing::error!(error = %e, "mail: cannot update the outbox");
                    }
                    break;
                }
                r
            }
        };
        if let Err(e) = result {
            tracing::error!(error = %e, "mail: cannot update the outbox");
        }
    }
    if done < due.len() {
        let rest: Vec<i64> = due[done..].iter().map(|m| m.id).collect();
        if let Err(e) = state.store.mail_release(&rest).await {
            tracing::error!(error = %e, "mail: cannot release the outbox claims");
        }
    }
    if let Err(e) = state.store.mail_prune(now - KEEP_SECONDS).await {
        tracing::error!(error = %e, "mail: cannot prune the outbox");
    }
    report
}

/// Writes and sends one mail. `Ok(Some(reason))`: it no longer goes.
async fn deliver(
    state: &AppState,
    smtp: &Smtp,
    mail: &MailDue,
    now: i64,
) -> Result<Option<&'static str>, SendError> {
    let facts = state
        .store
        .mail_facts(mail)
        .await
        .map_err(|_| SendError::Later("internal"))?;
    let kind = mail.key.kind;
    if let Some(reason) = skip_reason(kind, &facts, mail.with_link) {
        return Ok(Some(reason));
    }
    let Some(email) = facts.email.as_deref() else {
        return Ok(Some("no_address"));
    };
    // The address only: a display name often carries the family's surname.
    let to = email
        .parse()
        .map(|a| Mailbox::new(None, a))
        .map_err(|_| SendError::Refused("bad_address"))?;
    let lang = mail_lang(facts.language.as_deref());
    let public = &state.config.public_url;
    // A sign-in link of its own, made now; only its hash is kept. A try that does not reach
    // the person leaves a link nobody knows, which runs out.
    let expires_at = now
        + match kind {
            MailKind::NewLink => super::NEW_LINK_HOURS * 3600,
            _ => state.config.invitation_days * 86_400,
        };
    let sign_in = match mail.with_link && kind.carries_link() {
        true => {
            let token = crate::auth::service::Token::generate();
            state
                .store
                .create_invitation(
                    mail.key.to,
                    mail.case_id,
                    None,
                    &token.hash(),
                    now,
                    expires_at,
                )
                .await
                .map_err(|_| SendError::Later("internal"))?;
            Some(format!("{public}/invite/{}", token.expose()))
        }
        false => None,
    };
    let meeting = facts.meeting.as_ref();
    let (link, date) = match kind {
        MailKind::Invitation => (
            sign_in.clone().unwrap_or_else(|| match mail.case_id {
                Some(c) => format!("{public}/cases/{c}"),
                None => format!("{public}/"),
            }),
            LocalTime::from_unix(expires_at).date_long(lang),
        ),
        MailKind::NewLink => (
            sign_in.clone().unwrap_or_default(),
            LocalTime::from_unix(expires_at).date_long(lang),
        ),
        MailKind::RetentionWarning => (
            sign_in
                .clone()
                .unwrap_or_else(|| format!("{public}/my-data")),
            facts
                .closed_at
                .map(|closed| {
                    let warned = facts.retention_warned_at.unwrap_or(now);
                    let on = state.config.retention.erase_due(closed, warned);
                    LocalTime::from_unix(on).date_long(lang)
                })
                .unwrap_or_default(),
        ),
        MailKind::PrepareReminder => (
            meeting.map_or_else(String::new, |(m, _, _)| {
                format!("{public}/meetings/{m}/prepare")
            }),
            meeting
                .and_then(|(_, _, by)| LocalTime::parse(by))
                .map(|t| t.long(lang))
                .unwrap_or_default(),
        ),
        MailKind::TopicsShared => (
            meeting.map_or_else(String::new, |(m, _, _)| {
                format!("{public}/meetings/{m}/agenda")
            }),
            String::new(),
        ),
        MailKind::AgreementsReady => (
            meeting.map_or_else(String::new, |(m, _, _)| {
                format!("{public}/meetings/{m}/agreements")
            }),
            String::new(),
        ),
        MailKind::AgreementDue => (
            facts.due.as_ref().map_or_else(String::new, |(_, m)| {
                format!("{public}/meetings/{m}/agreements")
            }),
            facts
                .due
                .as_ref()
                .and_then(|(d, _)| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .map(|d| LocalTime(d).date_long(lang))
                .unwrap_or_default(),
        ),
    };
    let stop = format!(
        "{public}/mail/stop/{}",
        state.secret.stop_token(mail.key.to)
    );
    let when = meeting.map(|(_, at, _)| at.long(lang)).unwrap_or_default();
    let written = compose(&Letter {
        kind,
        lang,
        young: facts.role == Some(Role::Young) || (facts.role.is_none() && facts.account_young),
        name: first_name(&facts.name),
        child: &facts.child,
        by: facts.by.as_deref().unwrap_or(""),
        when: &when,
        date: &date,
        link: &link,
        sign_in_link: sign_in.is_some(),
        stop: &stop,
    });
    let message = Message::builder()
        .from(smtp.from.clone())
        .to(to)
        .subject(written.subject)
        .message_id(Some(mail.message_id.clone()))
        .header(ListUnsubscribe(format!("<{stop}>")))
        .header(OneClick)
        .multipart(MultiPart::alternative_plain_html(
            written.text,
            written.html,
        ))
        .map_err(|_| SendError::Refused("bad_message"))?;
    match smtp.transport.send(message).await {
        Ok(_) => Ok(None),
        Err(e) if e.is_permanent() => Err(SendError::Refused("refused")),
        Err(e) if e.is_transient() => Err(SendError::Later("try_later")),
        Err(_) => Err(SendError::Later("unreachable")),
    }
}

/// The first word of a name, to greet someone without their surname.
fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// Runs the worker every `interval` until the process ends.
pub fn spawn(state: AppState, smtp: Smtp, interval: std::time::Duration) {
    tokio::spawn(async move {
        loop {
            let report = run_once(&state, &smtp, state.config.clock.now()).await;
            if report != MailReport::default() {
                tracing::info!(
                    queued = report.queued,
                    sent = report.sent,
                    skipped = report.skipped,
                    retry = report.retry,
                    failed = report.failed,
                    "mail run"
                );
            }
            tokio::time::sleep(interval).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MeetingId;
    use crate::mail::key::MailChoice;

    fn facts() -> MailFacts {
        MailFacts {
            email: Some("noor@example.org".into()),
            name: "Noor".into(),
            choice: MailChoice::Yes,
            role: Some(Role::Parent),
            meeting: Some((
                MeetingId(1),
                LocalTime::parse("2026-12-03T15:00").unwrap(),
                "2026-12-02T17:00".into(),
            )),
            ..MailFacts::default()
        }
    }

    #[test]
    fn a_mail_goes_only_while_everything_still_holds() {
        assert_eq!(
            skip_reason(MailKind::PrepareReminder, &facts(), false),
            None
        );
        let with = |f: fn(&mut MailFacts)| {
            let mut x = facts();
            f(&mut x);
            x
        };
        let cases: [(MailFacts, &str); 7] = [
            (with(|f| f.email = None), "no_address"),
            (with(|f| f.disabled = true), "disabled"),
            (with(|f| f.choice = MailChoice::Unasked), "no_yes"),
            (with(|f| f.choice = MailChoice::Stop), "no_yes"),
            (with(|f| f.role = None), "not_at_table"),
            (with(|f| f.closed_at = Some(1)), "closed"),
            (with(|f| f.moot = true), "done"),
        ];
        for (f, why) in cases {
            assert_eq!(skip_reason(MailKind::PrepareReminder, &f, false), Some(why));
        }
        assert_eq!(
            skip_reason(MailKind::TopicsShared, &with(|f| f.meeting = None), false),
            Some("gone")
        );
        assert_eq!(
            skip_reason(MailKind::AgreementDue, &facts(), false),
            Some("gone")
        );
        // An invitation needs no yes; "stop" stops it too.
        let unasked = with(|f| f.choice = MailChoice::Unasked);
        assert_eq!(skip_reason(MailKind::Invitation, &unasked, true), None);
        let stopped = with(|f| f.choice = MailChoice::Stop);
        assert_eq!(
            skip_reason(MailKind::Invitation, &stopped, true),
            Some("no_yes")
        );
        // A new link is for no table, but must carry its link.
        let tableless = with(|f| f.role = None);
        assert_eq!(skip_reason(MailKind::NewLink, &tableless, true), None);
        assert_eq!(
            skip_reason(MailKind::NewLink, &tableless, false),
            Some("gone")
        );
    }
}
