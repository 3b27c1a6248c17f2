//! Sign-in mechanics (server only): random tokens stored as hashes, argon2id passwords hashed off
//! the async workers, session cookies (`__Host-` over https), sessions that end when idle, slowing
//! down failed sign-ins per account and per client address, HMACs for the security log, and
//! flash messages that keep personal text out of URLs.

use crate::ctx::{now, AppState};
use crate::domain::PersonId;
use crate::error::{AppError, LinkProblem};
use crate::store::{InvitationRow, PersonRow, SessionKind, SessionRow, ThrottleScope};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The session cookie's name over plain http (a laptop, the tests).
pub const SESSION_COOKIE: &str = "at_session";
/// The session cookie's name over https: the `__Host-` prefix binds it to this exact host.
pub const SECURE_SESSION_COOKIE: &str = "__Host-at_session";
/// The cookie that points at a flash message (a form error with what was typed).
pub const FLASH_COOKIE: &str = "at_flash";
/// The cookie that points at a new sign-in link, shown once.
pub const LINK_COOKIE: &str = "at_link";
/// The window in which failures are counted.
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;
/// Failed sign-ins for one account before each next try must wait.
pub const FREE_FAILURES: i64 = 3;
/// The longest wait between tries for one account.
pub const MAX_DELAY_SECS: i64 = 5 * 60;
/// Failed sign-ins from one client address in the window before each next try from there must
/// wait. Generous: a school or a mobile network puts many people behind one address.
pub const CLIENT_FREE_FAILURES: i64 = 20;
/// Links that did not work, from one client address in the window, before it must wait.
pub const LINK_MAX_FAILURES: i64 = 30;
/// How long a flash message waits to be shown.
pub const FLASH_SECS: i64 = 120;

/// A secret token. It has no `Debug` or `Serialize`, so it cannot end up in a log by accident.
pub struct Token(String);

impl Token {
    /// 256 random bits, URL-safe.
    pub fn generate() -> Token {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Token(URL_SAFE_NO_PAD.encode(bytes))
    }
    /// The text to put in a link or cookie.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// The hash that is stored.
    pub fn hash(&self) -> Vec<u8> {
        hash_token(&self.0)
    }
}

/// The server's secret for HMACs: shared by every instance (kept in the database, made once).
/// No `Debug`, no `Serialize`.
pub struct ServerSecret(Vec<u8>);

impl ServerSecret {
    /// A secret from its stored text form.
    pub fn from_text(text: &str) -> ServerSecret {
        ServerSecret(text.as_bytes().to_vec())
    }
    /// A new random secret, in its stored text form.
    pub fn generate_text() -> String {
        Token::generate().0
    }
    /// HMAC-SHA256 of a purpose and a value, as short hex: the same input always gives the same
    /// key, and nobody without the secret can go back from it to the value.
    pub fn mac(&self, purpose: &str, value: &str) -> String {
        let Ok(mut m) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        m.update(purpose.as_bytes());
        m.update(&[0]);
        m.update(value.as_bytes());
        m.finalize()
            .into_bytes()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The token of a person's one-tap "stop mail" link: `{person}.{mac}`. It only stops mail,
    /// so it may live as long as the person does.
    pub fn stop_token(&self, person: PersonId) -> String {
        format!(
            "{}.{}",
            person.0,
            self.mac("mail-stop", &person.0.to_string())
        )
    }

    /// The person a "stop mail" token is for, if it is one of ours.
    pub fn check_stop_token(&self, token: &str) -> Option<PersonId> {
        let (id, mac) = token.split_once('.')?;
        let person = PersonId(
            (!id.is_empty() && id.len() <= 18 && id.bytes().all(|b| b.is_ascii_digit()))
                .then(|| id.parse().ok())
                .flatten()?,
        );
        let want = self.mac("mail-stop", &person.0.to_string());
        // Compared in constant time.
        (want.len() == mac.len()
            && want
                .bytes()
                .zip(mac.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0)
            .then_some(person)
    }
}

/// Whether a text looks like one of our tokens (43 URL-safe characters).
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 43
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// SHA-256 of a token. Tokens are random, so a fast hash is enough.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Hashes a password with argon2id (blocking: call [`hash_password_off_thread`] from async code).
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

/// Checks a password against a stored hash (blocking).
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// At most this many argon2 computations at once, so a burst of sign-ins cannot starve pages.
fn hashing_permits() -> &'static tokio::sync::Semaphore {
    static S: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores.clamp(1, 4))
    })
}

/// Runs argon2 work on the blocking pool, a few at a time.
async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = hashing_permits()
        .acquire()
        .await
        .map_err(AppError::internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(AppError::internal)
}

/// [`hash_password`] on the blocking pool.
pub async fn hash_password_off_thread(password: String) -> Result<String, AppError> {
    off_thread(move || hash_password(&password)).await?
}

/// A hash to compare against when the email is unknown, so both paths take the same time.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password("not a real password at all").unwrap_or_default())
}

/// The session cookie's name for this portal.
pub fn session_cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, and Secure over https. `max_age`
/// `None` makes a cookie that ends when the browser closes.
pub fn cookie(state: &AppState, name: &str, value: &str, max_age: Option<i64>) -> String {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let age = max_age
        .map(|a| format!("; Max-Age={a}"))
        .unwrap_or_default();
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{age}{secure}")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(state: &AppState) -> String {
    cookie(state, session_cookie_name(state), "", Some(0))
}

/// How long a new session may last, in seconds.
pub fn session_lifetime(state: &AppState, person: &PersonRow, kind: SessionKind) -> i64 {
    if person.account_role.is_professional() {
        state.config.professional_max_hours * 3600
    } else {
        match kind {
            SessionKind::Own => state.config.session_days * 24 * 3600,
            SessionKind::Shared => 12 * 3600,
        }
    }
}

/// Forgets the form error kept for this browser, with what was typed into that form (see
/// `FLASH_COOKIE`): on signing in and out, so on a shared phone the next person never sees it.
pub async fn forget_form_error(state: &AppState) -> Result<(), AppError> {
    let Some(id) = crate::ctx::request_cookie(FLASH_COOKIE) else {
        return Ok(());
    };
    if looks_like_token(&id) {
        state.store.take_flash(&hash_token(&id), now()).await?;
    }
    crate::ctx::set_cookie(&cookie(state, FLASH_COOKIE, "", Some(0)))
}

/// Starts a session for a person (always a new id) and returns its cookie. A form error kept
/// for this browser from before is forgotten ([`forget_form_error`]).
pub async fn start_session(
    state: &AppState,
    person: &PersonRow,
    kind: SessionKind,
) -> Result<String, AppError> {
    forget_form_error(state).await?;
    let token = Token::generate();
    let now = now();
    let life = session_lifetime(state, person, kind);
    state
        .store
        .create_session(person.id, &token.hash(), kind, now, now + life)
        .await?;
    // Professionals' cookies end with the browser; their sessions end sooner on the server anyway.
    let max_age =
        (kind == SessionKind::Own && !person.account_role.is_professional()).then_some(life);
    Ok(cookie(
        state,
        session_cookie_name(state),
        token.expose(),
        max_age,
    ))
}

/// Whether a session has ended by time: a professional's after the idle time or the longest
/// session; a family member's only by its expiry (checked by the store).
pub fn session_timed_out(state: &AppState, s: &SessionRow, now: i64) -> bool {
    s.person.account_role.is_professional()
        && (now - s.last_seen > state.config.idle_minutes * 60
            || now - s.created_at > state.config.professional_max_hours * 3600)
}

/// The live session behind a cookie value: ends it when it timed out, and notes its use at most
/// once a minute.
pub async fn live_session(
    state: &AppState,
    token: &str,
    now: i64,
) -> Result<Option<SessionRow>, AppError> {
    let Some((hash, s)) = stored_session(state, token, now).await? else {
        return Ok(None);
    };
    if session_timed_out(state, &s, now) {
        state.store.revoke_session(&hash, now).await?;
        return Ok(None);
    }
    if now - s.last_seen >= 60 {
        state.store.touch_session(s.id, now).await?;
    }
    Ok(Some(s))
}

/// The live session behind a cookie value, without noting a use (for looking how long it lasts).
pub async fn peek_session(
    state: &AppState,
    token: &str,
    now: i64,
) -> Result<Option<SessionRow>, AppError> {
    Ok(stored_session(state, token, now)
        .await?
        .map(|(_, s)| s)
        .filter(|s| !session_timed_out(state, s, now)))
}

/// Keeps the language a signed-in person chose on their account, for what is sent to them later
/// (the calendar file, email). Reads the session without counting it as a use; signed out, it
/// does nothing.
pub async fn keep_language(
    state: &AppState,
    token: &str,
    lang: crate::i18n::Lang,
) -> Result<(), AppError> {
    if let Some(s) = peek_session(state, token, state.config.clock.now()).await? {
        state.store.set_language(s.person.id, lang.code()).await?;
    }
    Ok(())
}

/// The language a person chose for their account, else `fallback` (the request's language).
pub async fn language_of(
    state: &AppState,
    person: crate::domain::PersonId,
    fallback: crate::i18n::Lang,
) -> Result<crate::i18n::Lang, AppError> {
    Ok(state
        .store
        .language(person)
        .await?
        .and_then(|code| crate::i18n::Lang::parse(&code))
        .unwrap_or(fallback))
}

/// The stored session behind a cookie value (not revoked, not expired), with its hash.
async fn stored_session(
    state: &AppState,
    token: &str,
    now: i64,
) -> Result<Option<(Vec<u8>, SessionRow)>, AppError> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let hash = hash_token(token);
    let s = state.store.session(&hash, now).await?;
    Ok(s.map(|s| (hash, s)))
}

/// Why an invitation cannot be used now, if it cannot.
pub fn link_problem(inv: &InvitationRow, now: i64) -> Option<LinkProblem> {
    if inv.revoked_at.is_some() {
        Some(LinkProblem::Revoked)
    } else if inv.used_at.is_some() {
        Some(LinkProblem::Used)
    } else if inv.expires_at <= now {
        Some(LinkProblem::Expired)
    } else {
        None
    }
}

/// Seconds to wait before the next try, if the throttle for this key is past its limit.
async fn must_wait(
    state: &AppState,
    scope: ThrottleScope,
    key: &str,
    now: i64,
) -> Result<Option<u32>, AppError> {
    let (n, last) = state
        .store
        .failures(scope, key, now - FAILURE_WINDOW_SECS)
        .await?;
    let last = last.unwrap_or(now);
    let growing = |free: i64| {
        let delay = (1i64 << (n - free).min(16)).min(MAX_DELAY_SECS);
        last + delay - now
    };
    let wait = match scope {
        ThrottleScope::Account if n >= FREE_FAILURES => growing(FREE_FAILURES),
        ThrottleScope::Client if n >= CLIENT_FREE_FAILURES => growing(CLIENT_FREE_FAILURES),
        ThrottleScope::Link | ThrottleScope::Ask if n >= LINK_MAX_FAILURES => {
            last + FAILURE_WINDOW_SECS - now
        }
        _ => 0,
    };
    Ok((wait > 0).then_some(wait as u32))
}

/// The client's address as a throttle key (HMAC), or a shared key when it is not known.
pub fn client_key(state: &AppState) -> String {
    let addr = crate::ctx::client()
        .addr
        .map(|a| a.to_string())
        .unwrap_or_else(|| "unknown".into());
    state.secret.mac("client", &addr)
}

/// Refuses with 429 (and logs it) while this client address must wait: it tried too many links
/// that did not work (`ThrottleScope::Link`), or asked for too many new ones (`Ask`).
pub async fn link_asks_allowed(
    state: &AppState,
    scope: ThrottleScope,
    ckey: &str,
    now: i64,
) -> Result<(), AppError> {
    if let Some(seconds) = must_wait(state, scope, ckey, now).await? {
        security_event(state, None, "link.slowed", String::new()).await?;
        return Err(AppError::TooManyAttempts { seconds });
    }
    Ok(())
}

/// Finds a usable invitation by its token. Links that do not work count against the client
/// address, so nobody can try tokens quickly.
pub async fn find_invitation(state: &AppState, token: &str) -> Result<InvitationRow, AppError> {
    let now = now();
    let ckey = client_key(state);
    link_asks_allowed(state, ThrottleScope::Link, &ckey, now).await?;
    let found = if looks_like_token(token) {
        state.store.invitation_by_hash(&hash_token(token)).await?
    } else {
        None
    };
    let problem = match &found {
        None => Some(LinkProblem::Unknown),
        Some(inv) => link_problem(inv, now),
    };
    match (found, problem) {
        (Some(inv), None) => Ok(inv),
        (_, p) => {
            state
                .store
                .record_failure(ThrottleScope::Link, &ckey, now)
                .await?;
            Err(AppError::Link(p.unwrap_or(LinkProblem::Unknown)))
        }
    }
}

/// Makes a fresh invitation link for a person.
pub async fn invite(
    state: &AppState,
    person: PersonId,
    case: Option<crate::domain::CaseId>,
    by: Option<PersonId>,
) -> Result<(crate::domain::InvitationId, String), AppError> {
    let token = Token::generate();
    // The portal's clock (also outside a request, as for the demo's links).
    let now = state.config.clock.now();
    let id = state
        .store
        .create_invitation(
            person,
            case,
            by,
            &token.hash(),
            now,
            now + state.config.invitation_days * 24 * 3600,
        )
        .await?;
    Ok((
        id,
        format!("{}/invite/{}", state.config.public_url, token.expose()),
    ))
}

/// A new sign-in link for `person` in place of their open ones (see
/// [`crate::store::CaseStore::replace_link`]): their old links stop working, with
/// `end_sessions` they are signed out everywhere, and with `notice` they hear at their next
/// sign-in who made it. One transaction.
pub async fn replace_link(
    state: &AppState,
    person: PersonId,
    case: Option<crate::domain::CaseId>,
    by: PersonId,
    end_sessions: bool,
    notice: Option<crate::store::NoticeKind>,
) -> Result<(crate::domain::InvitationId, String), AppError> {
    let token = Token::generate();
    let now = now();
    let id = state
        .store
        .replace_link(crate::store::ReplaceLink {
            person,
            case,
            by,
            token_hash: &token.hash(),
            end_sessions,
            notice,
            now,
            expires_at: now + state.config.invitation_days * 24 * 3600,
        })
        .await?;
    Ok((
        id,
        format!("{}/invite/{}", state.config.public_url, token.expose()),
    ))
}

/// Writes a security event to the audit log: ids and HMACs only, never a password, a token or
/// a plain email address.
pub async fn security_event(
    state: &AppState,
    person: Option<PersonId>,
    action: &str,
    target: String,
) -> Result<(), AppError> {
    state
        .store
        .audit(
            crate::store::AuditEntry {
                person_id: person,
                case_id: None,
                action,
                target,
                subjects: &[],
            },
            now(),
        )
        .await?;
    Ok(())
}

/// The throttle key of an account: an HMAC of the address, never the address.
pub fn account_key(state: &AppState, email: &str) -> String {
    state.secret.mac("account", &email.trim().to_lowercase())
}

/// Refuses with 429 (and logs it) while the account or the client address must wait.
pub async fn slowed_down(
    state: &AppState,
    akey: &str,
    ckey: &str,
    now: i64,
) -> Result<(), AppError> {
    for (scope, key) in [
        (ThrottleScope::Account, akey),
        (ThrottleScope::Client, ckey),
    ] {
        if let Some(seconds) = must_wait(state, scope, key, now).await? {
            security_event(
                state,
                None,
                "sign_in.slowed",
                format!("{}:{key}", scope.code()),
            )
            .await?;
            return Err(AppError::TooManyAttempts { seconds });
        }
    }
    Ok(())
}

/// Counts a failed sign-in for the account and the client address, and logs it (no address, no
/// password: only the account's HMAC and the method).
pub async fn sign_in_failed(
    state: &AppState,
    akey: &str,
    ckey: &str,
    now: i64,
    method: &str,
) -> Result<(), AppError> {
    state
        .store
        .record_failure(ThrottleScope::Account, akey, now)
        .await?;
    state
        .store
        .record_failure(ThrottleScope::Client, ckey, now)
        .await?;
    security_event(
        state,
        None,
        "sign_in.failed",
        format!("email:{akey} method:{method}"),
    )
    .await?;
    tracing::info!(method, "failed professional sign-in");
    Ok(())
}

/// Checks an email and password. Failures slow down the next try for that account (never a
/// lockout: anyone can type a coach's address) and, past a generous limit, for the client address.
pub async fn check_password(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<PersonRow, AppError> {
    let email = email.trim().to_lowercase();
    let akey = account_key(state, &email);
    let ckey = client_key(state);
    let now = now();
    slowed_down(state, &akey, &ckey, now).await?;
    let person = state.store.person_by_email(&email).await?;
    let hash = person
        .as_ref()
        .filter(|p| p.disabled_at.is_none() && p.account_role.is_professional())
        .and_then(|p| p.password_hash.clone());
    let password = password.to_string();
    // Same work whether or not the address exists, so timing does not tell.
    let ok = off_thread(move || match hash {
        Some(h) => verify_password(&password, &h),
        None => {
            verify_password(&password, dummy_hash());
            false
        }
    })
    .await?;
    match person {
        Some(p) if ok => {
            state
                .store
                .clear_failures(ThrottleScope::Account, &akey)
                .await?;
            Ok(p)
        }
        _ => {
            sign_in_failed(state, &akey, &ckey, now, "password").await?;
            Err(AppError::WrongCredentials)
        }
    }
}

/// Keeps a new sign-in link for the next page view of this browser (never in a URL), and returns
/// the cookie that points at it.
pub async fn flash_link(state: &AppState, path: &str, payload: &str) -> Result<String, AppError> {
    let id = Token::generate();
    state
        .store
        .put_flash(&id.hash(), "link", path, payload, now() + FLASH_SECS)
        .await?;
    Ok(cookie(state, LINK_COOKIE, id.expose(), Some(FLASH_SECS)))
}

/// A link as a QR code (SVG) to scan from the screen, so it can be handed over in person.
pub fn qr_svg(link: &str) -> Option<String> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::new(link.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build(),
    )
}

/// Takes the link flash of this browser for a page, if there is one.
pub async fn take_link_flash(state: &AppState, path: &str) -> Result<Option<String>, AppError> {
    let Some(id) = crate::ctx::request_cookie(LINK_COOKIE).filter(|t| looks_like_token(t)) else {
        return Ok(None);
    };
    Ok(state
        .store
        .take_flash(&hash_token(&id), now())
        .await?
        .filter(|(kind, p, _)| kind == "link" && p == path)
        .map(|(_, _, payload)| payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = Token::generate();
        let b = Token::generate();
        assert_ne!(a.expose(), b.expose());
        assert!(looks_like_token(a.expose()));
        assert_eq!(a.hash().len(), 32);
        assert_ne!(a.hash(), a.expose().as_bytes());
        assert!(!looks_like_token("short"));
        assert!(!looks_like_token(&"a".repeat(42).replace('a', "<")));
    }

    #[test]
    fn stop_tokens_are_checked() {
        let secret = ServerSecret::from_text("test secret");
        let other = ServerSecret::from_text("another secret");

        let stop = secret.stop_token(PersonId(12));
        assert_eq!(secret.check_stop_token(&stop), Some(PersonId(12)));
        assert_eq!(other.check_stop_token(&stop), None);
        let (_, mac) = stop.split_once('.').unwrap();
        assert_eq!(secret.check_stop_token(&format!("13.{mac}")), None);
        for bad in [
            "",
            ".",
            "12",
            "12.",
            "x.abc",
            "-1.abc",
            &format!("12.{mac}0"),
        ] {
            assert_eq!(secret.check_stop_token(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn link_problems_in_order_of_importance() {
        let inv = InvitationRow {
            id: crate::domain::InvitationId(1),
            person_id: PersonId(1),
            display_name: String::new(),
            case_id: None,
            created_at: 0,
            expires_at: 100,
            used_at: None,
            revoked_at: None,
        };
        assert_eq!(link_problem(&inv, 50), None);
        assert_eq!(link_problem(&inv, 100), Some(LinkProblem::Expired));
        let used = InvitationRow {
            used_at: Some(10),
            ..inv.clone()
        };
        assert_eq!(link_problem(&used, 50), Some(LinkProblem::Used));
        let revoked = InvitationRow {
            revoked_at: Some(10),
            used_at: Some(5),
            ..inv
        };
        assert_eq!(link_problem(&revoked, 50), Some(LinkProblem::Revoked));
    }
}
