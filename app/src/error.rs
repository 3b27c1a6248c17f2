//! The one error type of Aan Tafel.
//!
//! Every server function returns [`AppError`]. Internal causes (database, hashing) are logged on
//! the server and replaced by [`AppError::Internal`], so a user only ever sees a plain message.

use crate::i18n::{k, t, tj, tnj, Lang};
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// What is wrong with one form field. Shown next to the field and in the error summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// The field is empty but must be filled in.
    Required,
    /// The text is longer than allowed.
    TooLong {
        /// The largest allowed number of characters.
        max: usize,
    },
    /// The text is shorter than needed.
    TooShort {
        /// The smallest allowed number of characters.
        min: usize,
    },
    /// Not a valid email address.
    Email,
    /// Not a valid date and time.
    DateTime,
    /// Not a valid date.
    Date,
    /// Not a child's date of birth: not a date, in the future, or too long ago.
    BirthDate,
    /// This date of birth makes the child younger than the portal has them now (parents would
    /// read more again): asked to confirm.
    BirthDateYounger,
    /// Not a valid web address.
    Url,
    /// Not one of the offered choices.
    Choice,
    /// The deadline to prepare must come before the meeting.
    DeadlineAfterMeeting,
    /// Either a place or an online link is needed.
    PlaceOrLink,
    /// This email address is already used by someone else.
    EmailTaken,
    /// Too many of these already.
    TooMany {
        /// The most allowed.
        max: usize,
    },
    /// The person already sits at this table; a role never changes through an invitation.
    AlreadyAtTable,
    /// The address belongs to an account of the other kind (family or professional), or of a
    /// role that cannot sit at the table in this role.
    WrongKindOfAccount,
    /// Only a coordinator makes an account for a new professional.
    CoordinatorMakesProfessionals,
    /// Coordinators are made on the server's command line only.
    NoNewCoordinators,
    /// The two passwords differ.
    PasswordsDiffer,
}

impl Problem {
    /// The plain-language message for this problem.
    pub fn message(&self, lang: Lang) -> String {
        self.message_for(lang, false)
    }

    /// The message as its reader reads it: `young` says "je" where others read "u".
    pub fn message_for(&self, lang: Lang, young: bool) -> String {
        match self {
            Problem::Required => tj(lang, young, k::error_please_fill_this_in).into(),
            Problem::TooLong { max } => tnj(lang, young, k::error_too_long, *max as u64, &[]),
            Problem::TooShort { min } => tnj(lang, young, k::error_too_short, *min as u64, &[]),
            Problem::Email => tj(lang, young, k::error_this_is_not_an_email).into(),
            Problem::DateTime => tj(lang, young, k::error_choose_a_date_and_a).into(),
            Problem::TooMany { max } => tnj(lang, young, k::error_too_many, *max as u64, &[]),
            Problem::Date => tj(lang, young, k::error_choose_a_date_or_leave).into(),
            Problem::Url => tj(lang, young, k::error_this_is_not_a_valid).into(),
            Problem::BirthDate => tj(lang, young, k::age_birth_date_problem).into(),
            Problem::BirthDateYounger => tj(lang, young, k::age_birth_date_younger).into(),
            Problem::Choice => tj(lang, young, k::error_choose_one_of_the_options).into(),
            Problem::DeadlineAfterMeeting => {
                tj(lang, young, k::error_this_date_must_be_before).into()
            }
            Problem::PlaceOrLink => tj(lang, young, k::error_fill_in_a_place_or).into(),
            Problem::AlreadyAtTable => tj(lang, young, k::error_this_person_is_already_at).into(),
            Problem::WrongKindOfAccount => {
                tj(lang, young, k::error_this_email_address_belongs_to).into()
            }
            Problem::CoordinatorMakesProfessionals => {
                tj(lang, young, k::error_only_the_coordinator_makes_an).into()
            }
            Problem::NoNewCoordinators => {
                tj(lang, young, k::error_a_new_coordinator_is_added).into()
            }
            Problem::PasswordsDiffer => tj(lang, young, k::error_the_two_passwords_are_not).into(),
            Problem::EmailTaken => {
                tj(lang, young, k::error_this_email_address_already_belongs).into()
            }
        }
    }
}

/// One field with a problem, plus (for forms sent without JavaScript) what was typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's `name`.
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

/// Why an invitation link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkProblem {
    /// The link was already used to sign in.
    Used,
    /// The link is too old.
    Expired,
    /// The link was taken back by the person who sent it.
    Revoked,
    /// No such link.
    Unknown,
}

/// The one error type. What a user sees comes from [`AppError::message`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    /// Nothing here, or nothing that this person may see. Both give the same answer.
    #[error("not found")]
    NotFound,
    /// The person must sign in first.
    #[error("not signed in")]
    SignInNeeded,
    /// The person is at the table, but their role may not do this.
    #[error("not allowed")]
    NotAllowed,
    /// The form has problems; each is shown next to its field.
    #[error("invalid input")]
    Invalid {
        /// The fields with problems, in form order.
        errors: Vec<FieldError>,
        /// What was typed, so a form sent without JavaScript can be filled in again.
        echo: Vec<(String, String)>,
    },
    /// Email address and password do not match.
    #[error("wrong email or password")]
    WrongCredentials,
    /// Too many failed attempts; try again later.
    #[error("rate limited")]
    TooManyAttempts {
        /// Seconds until a new attempt is allowed.
        seconds: u32,
    },
    /// The password was right, but this account also needs its passkey.
    #[error("passkey needed")]
    PasskeyNeeded {
        /// The address typed, so the form keeps it.
        email: String,
    },
    /// Signing in or adding a passkey with a passkey did not work.
    #[error("passkey failed")]
    PasskeyFailed,
    /// Adding a passkey needs a sign-in of the last few minutes.
    #[error("recent sign-in needed")]
    RecentSignInNeeded,
    /// The browser's answer did not add a passkey (cancelled, wrong device, or too late).
    #[error("passkey not added")]
    PasskeyNotAdded,
    /// Passkeys cannot be used at this address (the portal is reached by an IP address).
    #[error("passkeys off")]
    PasskeysOff,
    /// Something with this name or address already exists.
    #[error("taken")]
    Taken,
    /// The case is closed: it can be read, but not changed.
    #[error("case closed")]
    CaseClosed,
    /// The invitation link cannot be used.
    #[error("invitation link: {0:?}")]
    Link(LinkProblem),
    /// The time to prepare is over; answers can be read but not changed.
    #[error("deadline passed")]
    DeadlinePassed,
    /// The answer was changed elsewhere since this person last saw it; nothing was overwritten.
    #[error("conflict")]
    Conflict {
        /// What this person had typed (cut short), so it is not lost.
        mine: String,
    },
    /// Someone saved the meeting record of this item since this person loaded it; nothing was
    /// overwritten.
    #[error("record changed")]
    RecordChanged {
        /// What this person had typed, so it is not lost.
        mine: String,
    },
    /// The agenda is already published, so input can no longer be withdrawn.
    #[error("agenda published")]
    AgendaPublished,
    /// Something broke on the server. The cause is in the server log, never in the answer.
    #[error("internal error")]
    Internal,
    /// The request did not reach the server or could not be read.
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    /// Logs an internal cause on the server and returns the plain [`AppError::Internal`].
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        AppError::Internal
    }

    /// A validation error without echoed values.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        AppError::Invalid {
            errors,
            echo: Vec::new(),
        }
    }

    /// The problem for one field, if it has one.
    pub fn field(&self, name: &str) -> Option<&Problem> {
        match self {
            AppError::Invalid { errors, .. } => {
                errors.iter().find(|e| e.field == name).map(|e| &e.problem)
            }
            _ => None,
        }
    }

    /// What was typed in one field before the form came back with errors.
    pub fn echoed(&self, name: &str) -> Option<&str> {
        match self {
            AppError::Invalid { echo, .. } => echo
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str()),
            AppError::PasskeyNeeded { email } if name == "email" => Some(email.as_str()),
            _ => None,
        }
    }

    /// The HTTP status for this error: 401 signed out, 404 not found (or not at this table), 403
    /// not allowed, 409 conflict, 422 invalid, 429 too many, 500 only for real faults.
    pub fn status(&self) -> u16 {
        match self {
            AppError::SignInNeeded
            | AppError::WrongCredentials
            | AppError::PasskeyNeeded { .. }
            | AppError::PasskeyFailed => 401,
            AppError::NotAllowed | AppError::RecentSignInNeeded => 403,
            AppError::NotFound | AppError::Link(_) => 404,
            AppError::Conflict { .. }
            | AppError::RecordChanged { .. }
            | AppError::DeadlinePassed
            | AppError::AgendaPublished
            | AppError::Taken
            | AppError::PasskeysOff
            | AppError::CaseClosed => 409,
            AppError::Invalid { .. } | AppError::PasskeyNotAdded => 422,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// The plain message a person sees.
    pub fn message(&self, lang: Lang) -> String {
        self.message_for(lang, false)
    }

    /// The message as its reader reads it: `young` says "je" where others read "u".
    pub fn message_for(&self, lang: Lang, young: bool) -> String {
        match self {
            AppError::NotFound => tj(lang, young, k::error_this_page_does_not_exist).into(),
            AppError::SignInNeeded => tj(lang, young, k::error_please_sign_in_first_use).into(),
            AppError::NotAllowed => tj(lang, young, k::error_your_role_does_not_allow).into(),
            AppError::Invalid { errors, .. } => tnj(
                lang,
                young,
                k::error_things_to_fix,
                errors.len() as u64,
                &[],
            ),
            AppError::WrongCredentials => tj(lang, young, k::error_the_email_address_or_the).into(),
            AppError::TooManyAttempts { seconds } => {
                let minutes = seconds.div_ceil(60);
                if *seconds < 60 {
                    tnj(lang, young, k::error_wait_seconds, u64::from(*seconds), &[])
                } else {
                    tnj(lang, young, k::error_wait_minutes, u64::from(minutes), &[])
                }
            }
            AppError::PasskeyNeeded { .. } => {
                tj(lang, young, k::error_this_account_signs_in_with).into()
            }
            AppError::PasskeyFailed => tj(lang, young, k::error_signing_in_with_a_passkey).into(),
            AppError::RecentSignInNeeded => tj(lang, young, k::error_to_be_safe_first_sign).into(),
            AppError::PasskeyNotAdded => tj(lang, young, k::error_the_passkey_was_not_added).into(),
            AppError::PasskeysOff => tj(lang, young, k::error_passkeys_do_not_work_at).into(),
            AppError::Taken => tj(lang, young, k::error_this_already_exists_or_someone).into(),
            AppError::CaseClosed => tj(lang, young, k::error_this_case_is_closed_you).into(),
            AppError::Link(p) => link_message(*p, lang).into(),
            AppError::DeadlinePassed => tj(lang, young, k::error_the_time_to_prepare_is).into(),
            AppError::Conflict { .. } => {
                tj(lang, young, k::error_this_answer_was_changed_on).into()
            }
            AppError::RecordChanged { .. } => {
                tj(lang, young, k::error_someone_else_just_changed_this).into()
            }
            AppError::AgendaPublished => {
                tj(lang, young, k::error_the_agenda_has_already_been).into()
            }
            AppError::Internal => tj(lang, young, k::error_something_went_wrong_on_our).into(),
            AppError::Transport(_) => tj(lang, young, k::error_there_is_no_connection_to).into(),
        }
    }
}

/// The kind message for a link that cannot be used, with what to do next.
pub fn link_message(p: LinkProblem, lang: Lang) -> &'static str {
    match p {
        LinkProblem::Used => t(lang, k::error_this_link_has_already_been),
        LinkProblem::Expired => t(lang, k::error_this_link_has_expired_that),
        LinkProblem::Revoked => t(lang, k::error_this_link_no_longer_works),
        LinkProblem::Unknown => t(lang, k::error_we_do_not_know_this),
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

/// Reads the error a form post left behind (`__err`, as server functions encode it), if it is one
/// of ours.
pub fn decode_url_error(encoded: &str) -> Option<AppError> {
    match server_fn::error::ServerFnUrlError::<AppError>::decode_err(encoded) {
        AppError::Transport(_) => None,
        e => Some(e),
    }
}
