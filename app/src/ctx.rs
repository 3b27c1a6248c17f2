//! Server-side request context: the shared state, the signed-in person, access checks and the audit
//! log. Every server function starts here: `let (state, viewer) = signed_in().await?;`, then
//! `require(...)` for case data.

use crate::domain::{Action, CaseId, MeetingId, PersonId, Role};
use crate::error::AppError;
use crate::store::{AuditEntry, PersonRow, Store};
use axum::extract::FromRef;
use http::request::Parts;
use leptos::prelude::*;
use std::sync::Arc;

/// Settings that come from the environment (see the README).
#[derive(Debug, Clone)]
pub struct Config {
    /// The address people use to reach the portal, used in invitation links.
    pub public_url: String,
    /// Whether cookies get `Secure` (true when `public_url` is https).
    pub secure_cookies: bool,
    /// How long an invitation link works, in days.
    pub invitation_days: i64,
    /// How long a family member's session on their own phone lasts, in days.
    pub session_days: i64,
    /// A professional's session ends after this many minutes without use.
    pub idle_minutes: i64,
    /// A professional's session ends after this many hours at most.
    pub professional_max_hours: i64,
    /// The care-plan store's address, when the plan lives in a FHIR server (`None`: built in).
    pub plan_store: Option<String>,
    /// Proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The page address passkeys belong to (its host is the relying-party id). `None`: passkeys
    /// are off, because the portal is reached by an IP address, which cannot hold a passkey.
    pub passkey_origin: Option<String>,
    /// Where the time comes from: the system clock, or a clock the tests move.
    pub clock: Clock,
    /// Who to tell about a security problem (`/.well-known/security.txt`); `None`: no such file.
    pub security_contact: Option<String>,
    /// How long a sync worker's claim on outbox entries lasts, in seconds (see
    /// [`crate::sync::worker::CLAIM_SECONDS`]).
    pub sync_lease_seconds: i64,
    /// Where mail goes out (`None`: the portal sends no mail; the coach copies links).
    pub mail: Option<crate::mail::MailSettings>,
    /// How long a closed case's words are kept, and the access log (see [`crate::retention`]).
    pub retention: crate::retention::Retention,
}

/// The time source. The system clock in the portal; tests set and move a clock of their own.
#[derive(Debug, Clone, Default)]
pub struct Clock(Option<Arc<std::sync::atomic::AtomicI64>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock(None)
    }

    /// A clock that stands still at `at` (Unix seconds) until it is moved.
    pub fn fixed(at: i64) -> Self {
        Clock(Some(Arc::new(std::sync::atomic::AtomicI64::new(at))))
    }

    /// Moves a fixed clock forward; the system clock cannot be moved.
    pub fn advance(&self, secs: i64) {
        if let Some(t) = &self.0 {
            t.fetch_add(secs, std::sync::atomic::Ordering::SeqCst);
        }
    }

    /// The current Unix time in seconds.
    pub fn now(&self) -> i64 {
        match &self.0 {
            Some(t) => t.load(std::sync::atomic::Ordering::SeqCst),
            None => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0),
        }
    }
}

/// The passkey address for a public address: itself, unless its host is an IP address.
pub fn passkey_origin_for(public_url: &str) -> Option<String> {
    let url = url::Url::parse(public_url).ok()?;
    match url.host()? {
        url::Host::Domain(_) => Some(public_url.trim_end_matches('/').to_string()),
        _ => None,
    }
}

impl Config {
    /// Settings for a portal reached at `public_url`.
    pub fn new(public_url: &str) -> Self {
        let public_url = public_url.trim_end_matches('/').to_string();
        Config {
            secure_cookies: public_url.starts_with("https://"),
            passkey_origin: passkey_origin_for(&public_url),
            public_url,
            invitation_days: 14,
            session_days: 30,
            idle_minutes: 60,
            professional_max_hours: 12,
            plan_store: None,
            trusted_proxies: Vec::new(),
            clock: Clock::system(),
            security_contact: None,
            sync_lease_seconds: crate::sync::worker::CLAIM_SECONDS,
            mail: None,
            retention: crate::retention::Retention::default(),
        }
    }
}

/// State shared by every request.
#[derive(Clone)]
pub struct AppState {
    /// The data layer.
    pub store: Arc<dyn Store>,
    /// Settings.
    pub config: Arc<Config>,
    /// The secret for HMACs in the security log and throttles (no `Debug`).
    pub secret: Arc<crate::auth::service::ServerSecret>,
    /// Leptos' own settings (site root, addresses).
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos_options.clone()
    }
}

/// The current Unix time in seconds, from the portal's clock (tests move theirs). Only inside a
/// request: outside one (a background job, start-up, a store method) there is no portal in
/// context and this reads the wall clock, so code there takes `state.config.clock` or a `now`
/// argument instead.
pub fn now() -> i64 {
    with_context::<AppState, _>(|s| s.config.clock.now()).unwrap_or_else(|| Clock::system().now())
}

/// The current Unix time from `state`'s clock.
pub fn now_of(state: &AppState) -> i64 {
    state.config.clock.now()
}

/// The shared state, from context.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}

/// A cookie's value from the current request.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = use_context::<Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Where a request came from, as the server saw it: put into the request's extensions by the
/// server (from the connection, or from `X-Forwarded-For` / `-Proto` when a trusted proxy sent it).
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientInfo {
    /// The client's address, when known.
    pub addr: Option<std::net::IpAddr>,
    /// Whether the client reached the portal over https.
    pub https: bool,
}

/// The current request's [`ClientInfo`].
pub fn client() -> ClientInfo {
    use_context::<Parts>()
        .and_then(|p| p.extensions.get::<ClientInfo>().copied())
        .unwrap_or_default()
}

/// The memo of this page view, when the request is one (see [`crate::memo`]).
pub fn page_memo() -> Option<crate::memo::PageMemo> {
    use_context::<Parts>()?
        .extensions
        .get::<crate::memo::PageMemo>()
        .cloned()
}

/// Takes a one-time message for this request (see [`crate::memo::take_flash`]).
pub async fn take_flash(
    state: &AppState,
    id_hash: Vec<u8>,
) -> Result<Option<(String, String, String)>, AppError> {
    crate::memo::take_flash(state.store.as_ref(), page_memo().as_ref(), &id_hash, now()).await
}

/// The signed-in person's session, if any (a professional's ends after the idle time). Read
/// once per page view.
pub async fn viewer_session(
    state: &AppState,
) -> Result<Option<crate::store::SessionRow>, AppError> {
    let Some(token) = request_cookie(crate::auth::service::session_cookie_name(state)) else {
        return Ok(None);
    };
    let read = || crate::auth::service::live_session(state, &token, now());
    match page_memo() {
        Some(memo) => memo.session(read).await,
        None => read().await,
    }
}

/// The signed-in person, if any.
pub async fn viewer_row(state: &AppState) -> Result<Option<PersonRow>, AppError> {
    Ok(viewer_session(state).await?.map(|s| s.person))
}

/// Server functions that only read. Every other server function changes something, and is
/// refused on a closed case unless it is in [`ALLOWED_WHEN_CLOSED`].
pub fn is_read_only_fn(name: &str) -> bool {
    name.starts_with("load_")
        || matches!(
            name,
            "viewer"
                | "invitation"
                | "my_overview"
                | "public_url"
                | "take_new_link"
                | "session_left"
        )
}

/// Changes that stay possible on a closed case: the family's own rights (withdrawing consent,
/// taking a supporter off the table: both only narrow who reads; erasing one's own answer, and a
/// coordinator erasing a family member's data on their request) and
/// signing in or out.
pub const ALLOWED_WHEN_CLOSED: [&str; 7] = [
    "set_plan_consent",
    "remove_supporter",
    "erase_answer",
    "erase_person",
    "sign_in",
    "sign_out",
    "accept_invitation",
];

/// Whether this request is a server function that changes something.
fn is_change_request() -> bool {
    use_context::<Parts>().is_some_and(|p| {
        p.uri
            .path()
            .strip_prefix("/api/")
            .is_some_and(|name| !is_read_only_fn(name) && !ALLOWED_WHEN_CLOSED.contains(&name))
    })
}

/// The state and the signed-in person, or [`AppError::SignInNeeded`].
pub async fn signed_in() -> Result<(AppState, PersonRow), AppError> {
    let state = state()?;
    let person = viewer_row(&state).await?.ok_or(AppError::SignInNeeded)?;
    Ok((state, person))
}

/// The state and the signed-in person's session (with its kind), or [`AppError::SignInNeeded`].
pub async fn signed_in_session() -> Result<(AppState, crate::store::SessionRow), AppError> {
    let state = state()?;
    let session = viewer_session(&state)
        .await?
        .ok_or(AppError::SignInNeeded)?;
    Ok((state, session))
}

/// Checks that `person` sits at the table of `case` in a role that may do `action`.
/// Someone not at the table gets [`AppError::NotFound`], exactly as for a case that does not exist.
/// A server function that changes something gets [`AppError::CaseClosed`] on a closed case.
pub async fn require(
    state: &AppState,
    person: PersonId,
    case: CaseId,
    action: Action,
) -> Result<Role, AppError> {
    Ok(at_table(state, person, case, action).await?.1)
}

/// [`require`], with the case itself (the same single read).
pub async fn at_table(
    state: &AppState,
    person: PersonId,
    case: CaseId,
    action: Action,
) -> Result<(crate::store::CaseRow, Role), AppError> {
    let found = case_at_table(state, person, case)
        .await?
        .ok_or(AppError::NotFound)?;
    let role = check(found.role, found.case.closed_at, action)?;
    Ok((found.case.on_day(now_of(state)), role))
}

/// The case as `person` sees it at its table (read once per page view).
async fn case_at_table(
    state: &AppState,
    person: PersonId,
    case: CaseId,
) -> Result<Option<crate::store::CaseAtTable>, AppError> {
    let read = || async { Ok(state.store.case_at_table(case, person).await?) };
    match page_memo() {
        Some(memo) => memo.case(case, person, read).await,
        None => read().await,
    }
}

/// The parents and young people at a case's table, from the same read as [`at_table`] (no
/// extra statement on a page that already checked access).
pub async fn family_at(
    state: &AppState,
    person: PersonId,
    case: CaseId,
) -> Result<Vec<PersonId>, AppError> {
    Ok(case_at_table(state, person, case)
        .await?
        .map(|f| f.family)
        .unwrap_or_default())
}

/// The age band `person` was last told about at a case (see `crate::case::age`), from the same
/// read as [`at_table`].
pub async fn band_told(
    state: &AppState,
    person: PersonId,
    case: CaseId,
) -> Result<String, AppError> {
    Ok(case_at_table(state, person, case)
        .await?
        .map(|f| f.band_told)
        .unwrap_or_default())
}

/// The coach `person` was last asked about at a case (see `crate::case::coach`), from the
/// same read as [`at_table`].
pub async fn coach_asked(
    state: &AppState,
    person: PersonId,
    case: CaseId,
) -> Result<Option<PersonId>, AppError> {
    Ok(case_at_table(state, person, case)
        .await?
        .and_then(|f| f.coach_asked))
}

/// The rule of [`require`]: at the table, in a role that may do `action`, and no change on a
/// closed case.
fn check(role: Option<Role>, closed_at: Option<i64>, action: Action) -> Result<Role, AppError> {
    let role = role.ok_or(AppError::NotFound)?;
    if !role.may(action) {
        return Err(AppError::NotAllowed);
    }
    if closed_at.is_some() && is_change_request() {
        return Err(AppError::CaseClosed);
    }
    Ok(role)
}

/// A meeting with its case, and the caller's role at that case's table (checked for `action`).
/// A meeting of another table is [`AppError::NotFound`], as for one that does not exist. A
/// supporter only reaches the meetings they are invited to (those planned after they came).
pub async fn meeting_at_table(
    state: &AppState,
    person: PersonId,
    meeting: crate::domain::MeetingId,
    action: Action,
) -> Result<(crate::store::MeetingRow, crate::store::CaseRow, Role), AppError> {
    let read = || async { Ok(state.store.meeting_at_table(meeting, person).await?) };
    let found = match page_memo() {
        Some(memo) => memo.meeting(meeting, person, read).await?,
        None => read().await?,
    }
    .ok_or(AppError::NotFound)?;
    if found.role == Some(Role::Supporter) && !found.invitees.contains(&person) {
        return Err(AppError::NotFound);
    }
    let role = check(found.role, found.case.closed_at, action)?;
    Ok((found.meeting, found.case.on_day(now_of(state)), role))
}

/// The people at a case's table (read once per page view).
pub async fn members(
    state: &AppState,
    case: CaseId,
) -> Result<Vec<crate::store::MemberRow>, AppError> {
    let read = || async { Ok(state.store.members(case).await?) };
    crate::memo::remember(page_memo().as_ref(), |m| &m.members, case, read).await
}

/// The family coach at a table now: the coach who sat down last. What a family member keeps
/// "only for the family coach" is kept for this person (`None`: no coach at the table).
pub async fn coach(
    state: &AppState,
    case: CaseId,
) -> Result<Option<crate::store::MemberRow>, AppError> {
    Ok(members(state, case)
        .await?
        .into_iter()
        .rfind(|m| m.role == Role::Mediator))
}

/// The coach something saved now with `sharing` is kept for. For "only the family coach": the
/// coach it was kept for already (`kept`: editing it does not hand it to a newer coach; only
/// the author's yes to the new coach does), or else the coach at the table. Nobody for any
/// other choice.
pub async fn coach_for(
    state: &AppState,
    case: CaseId,
    sharing: crate::prepare::sharing::Sharing,
    kept: Option<PersonId>,
) -> Result<Option<PersonId>, AppError> {
    if sharing != crate::prepare::sharing::Sharing::Mediator {
        return Ok(None);
    }
    match kept {
        Some(c) => Ok(Some(c)),
        None => Ok(coach(state, case).await?.map(|m| m.person_id)),
    }
}

/// Who reads answers at a table: for a supporter, with the person who brought them (from the
/// table's members, read once per page view); for anyone else, only their id and role.
pub async fn reader(
    state: &AppState,
    case: CaseId,
    person: PersonId,
    role: Role,
) -> Result<crate::prepare::sharing::Reader, AppError> {
    let mut reader = crate::prepare::sharing::Reader::new(person, role);
    if role == Role::Supporter {
        reader.brought_by = members(state, case)
            .await?
            .into_iter()
            .find(|m| m.person_id == person)
            .and_then(|m| m.brought_by);
    }
    Ok(reader)
}

/// Who is invited to a meeting (read once per page view).
pub async fn invitees(state: &AppState, meeting: MeetingId) -> Result<Vec<PersonId>, AppError> {
    let read = || async { Ok(state.store.meeting_invitees(meeting).await?) };
    crate::memo::remember(page_memo().as_ref(), |m| &m.invitees, meeting, read).await
}

/// Who sent their preparation for a meeting, and when (read once per page view).
pub async fn sent_preparations(
    state: &AppState,
    meeting: MeetingId,
) -> Result<Vec<(PersonId, i64)>, AppError> {
    let read = || async { Ok(state.store.sent_preparations(meeting).await?) };
    crate::memo::remember(page_memo().as_ref(), |m| &m.sent, meeting, read).await
}

/// Every answer for a meeting, before any sharing rule (read once per page view).
pub async fn meeting_answers(
    state: &AppState,
    meeting: MeetingId,
) -> Result<Vec<crate::store::AnswerRow>, AppError> {
    let read = || async { Ok(state.store.meeting_answers(meeting).await?) };
    crate::memo::remember(page_memo().as_ref(), |m| &m.answers, meeting, read).await
}

/// One person's answers for a meeting. On a page view they come out of the meeting's answers,
/// which the page reads once.
pub async fn answers_of(
    state: &AppState,
    meeting: MeetingId,
    person: PersonId,
) -> Result<Vec<crate::store::AnswerRow>, AppError> {
    if page_memo().is_none() {
        return Ok(state.store.answers_of(meeting, person).await?);
    }
    let mut all = meeting_answers(state, meeting).await?;
    all.retain(|a| a.person_id == person);
    Ok(all)
}

/// The coach's notes on a meeting's answers (read once per page view).
pub async fn reviews(
    state: &AppState,
    meeting: MeetingId,
) -> Result<Vec<crate::store::ReviewRow>, AppError> {
    let read = || async { Ok(state.store.reviews(meeting).await?) };
    crate::memo::remember(page_memo().as_ref(), |m| &m.reviews, meeting, read).await
}

/// A case's profile as it stands (read once per page view: the meeting page's "Lees dit eerst"
/// may be asked for more than once while the page renders).
pub async fn profile(
    state: &AppState,
    case: CaseId,
) -> Result<Vec<crate::store::ProfileVersionRow>, AppError> {
    let read = || async { Ok(state.store.profile(case).await?) };
    crate::memo::remember(page_memo().as_ref(), |m| &m.profile, case, read).await
}

/// Who gave their yes to the care plan at a case (read once per page view).
pub async fn consents(state: &AppState, case: CaseId) -> Result<Vec<PersonId>, AppError> {
    let read = || async { Ok(state.store.consents(case).await?) };
    crate::memo::remember(page_memo().as_ref(), |m| &m.consents, case, read).await
}

/// A person's own yeses and noes to the care plan at a case, oldest first (read with the case
/// on a page view).
pub async fn consent_history(
    state: &AppState,
    case: CaseId,
    person: PersonId,
) -> Result<Vec<crate::store::ConsentEvent>, AppError> {
    let read = || async { Ok(state.store.consent_history(case, person).await?) };
    crate::memo::remember(
        page_memo().as_ref(),
        |m| &m.consent_history,
        (case, person),
        read,
    )
    .await
}

/// A meeting's school (through its case) and whether `person` is on its staff. On a page view
/// this came with the meeting ([`meeting_at_table`]).
pub async fn school_of(
    state: &AppState,
    case: CaseId,
    person: PersonId,
) -> Result<(Option<crate::store::SchoolRow>, bool), AppError> {
    let read = || async {
        let school = state.store.case_school(case).await?;
        let staff = match &school {
            Some(s) => state.store.is_school_staff(s.id, person).await?,
            None => false,
        };
        Ok((school, staff))
    };
    crate::memo::remember(page_memo().as_ref(), |m| &m.school, (case, person), read).await
}

/// When a meeting's topics were published, if they were (read once per page view).
pub async fn agenda_published_at(
    state: &AppState,
    meeting: MeetingId,
) -> Result<Option<i64>, AppError> {
    let read = || async { Ok(state.store.agenda_published_at(meeting).await?) };
    crate::memo::remember(page_memo().as_ref(), |m| &m.published, meeting, read).await
}

/// Records who read or changed which case data. Ids only, never typed text. On a page view the
/// row is written with the page's other rows, before the page is sent.
pub async fn audit(
    state: &AppState,
    person: PersonId,
    case: Option<CaseId>,
    action: &str,
    target: String,
) -> Result<(), AppError> {
    audit_read(state, person, case, action, target, Vec::new()).await
}

/// Like [`audit`], for a read that showed other people's words: `subjects` are whose (the
/// reader's own id is left out), so they can see it on "Wie heeft mijn informatie gezien?".
pub async fn audit_read(
    state: &AppState,
    person: PersonId,
    case: Option<CaseId>,
    action: &str,
    target: String,
    mut subjects: Vec<PersonId>,
) -> Result<(), AppError> {
    subjects.retain(|s| *s != person);
    subjects.sort_unstable();
    subjects.dedup();
    let record = crate::store::AuditRecord {
        at: state.config.clock.now(),
        person_id: Some(person),
        case_id: case,
        action: action.to_string(),
        target,
        subjects,
    };
    let record = match page_memo() {
        Some(memo) => match memo.audit(record)? {
            None => return Ok(()),
            // The page was already done: written here.
            Some(late) => late,
        },
        None => record,
    };
    state
        .store
        .audit(
            AuditEntry {
                person_id: record.person_id,
                case_id: record.case_id,
                action,
                target: record.target,
                subjects: &record.subjects,
            },
            record.at,
        )
        .await?;
    Ok(())
}

/// Adds a `Set-Cookie` header to the current response.
pub fn set_cookie(value: &str) -> Result<(), AppError> {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.append_header(
            http::header::SET_COOKIE,
            http::HeaderValue::from_str(value).map_err(AppError::internal)?,
        );
    }
    Ok(())
}

/// Whether the current request is a plain form post from a browser without JavaScript.
pub fn is_plain_form_post() -> bool {
    use_context::<Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}
