//! Sign-in mechanics (server only): random tokens stored as hashes, argon2id passwords, session
//! cookies, and the limit on failed attempts.

use crate::ctx::{now, AppState};
use crate::domain::PersonId;
use crate::error::{AppError, LinkProblem};
use crate::store::{InvitationRow, PersonRow};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "at_session";
/// Failed sign-ins allowed per email address within [`FAILURE_WINDOW_SECS`].
pub const MAX_FAILURES: i64 = 5;
/// The window for counting failures, and how long a lock lasts.
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

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

/// Hashes a password with argon2id.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

/// Checks a password against a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to compare against when the email is unknown, so both paths take the same time.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password("not a real password at all").unwrap_or_default())
}

/// The `Set-Cookie` value for a new session.
pub fn session_cookie(token: &Token, state: &AppState) -> String {
    let max_age = state.config.session_days * 24 * 3600;
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        token.expose()
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(state: &AppState) -> String {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// Starts a session for a person and returns its cookie.
pub async fn start_session(state: &AppState, person: PersonId) -> Result<String, AppError> {
    let token = Token::generate();
    let now = now();
    state
        .store
        .create_session(
            person,
            &token.hash(),
            now,
            now + state.config.session_days * 24 * 3600,
        )
        .await?;
    Ok(session_cookie(&token, state))
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

/// Finds a usable invitation by its token.
pub async fn find_invitation(state: &AppState, token: &str) -> Result<InvitationRow, AppError> {
    if !looks_like_token(token) {
        return Err(AppError::Link(LinkProblem::Unknown));
    }
    let inv = state
        .store
        .invitation_by_hash(&hash_token(token))
        .await?
        .ok_or(AppError::Link(LinkProblem::Unknown))?;
    match link_problem(&inv, now()) {
        Some(p) => Err(AppError::Link(p)),
        None => Ok(inv),
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
    let now = now();
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

/// Checks an email and password, with a limit on failures per email address.
pub async fn check_password(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<PersonRow, AppError> {
    let key = email.trim().to_lowercase();
    let now = now();
    if state
        .store
        .count_failures(&key, now - FAILURE_WINDOW_SECS)
        .await?
        >= MAX_FAILURES
    {
        return Err(AppError::TooManyAttempts {
            minutes: (FAILURE_WINDOW_SECS / 60) as u32,
        });
    }
    let person = state.store.person_by_email(&key).await?;
    let ok = match person.as_ref().and_then(|p| p.password_hash.as_deref()) {
        Some(hash) => verify_password(password, hash),
        None => {
            // Same work as a real check, so timing does not reveal which addresses exist.
            verify_password(password, dummy_hash());
            false
        }
    };
    match person {
        Some(p) if ok && p.account_role.is_professional() => {
            state.store.clear_failures(&key).await?;
            Ok(p)
        }
        _ => {
            state.store.record_failure(&key, now).await?;
            tracing::info!("failed professional sign-in");
            Err(AppError::WrongCredentials)
        }
    }
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
