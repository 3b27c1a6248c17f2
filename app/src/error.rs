//! The one error type of Aan Tafel.
//!
//! Every server function returns [`AppError`]. Internal causes (database, hashing) are logged on
//! the server and replaced by [`AppError::Internal`], so a user only ever sees a plain message.

use crate::i18n::{tr, Lang};
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
        match self {
            Problem::Required => tr(lang, "Vul dit in.", "Please fill this in.").into(),
            Problem::TooLong { max } => match lang {
                Lang::Nl => format!("Dit is te lang. Gebruik hoogstens {max} tekens."),
                Lang::En => format!("This is too long. Use at most {max} characters."),
            },
            Problem::TooShort { min } => match lang {
                Lang::Nl => format!("Dit is te kort. Gebruik minstens {min} tekens."),
                Lang::En => format!("This is too short. Use at least {min} characters."),
            },
            Problem::Email => tr(
                lang,
                "Dit is geen e-mailadres. Een e-mailadres ziet er zo uit: naam@voorbeeld.nl",
                "This is not an email address. An email address looks like this: name@example.com",
            )
            .into(),
            Problem::DateTime => tr(
                lang,
                "Kies een datum en een tijd.",
                "Choose a date and a time.",
            )
            .into(),
            Problem::TooMany { max } => match lang {
                Lang::Nl => format!("U hebt er al {max}. Meer kan niet."),
                Lang::En => format!("You already have {max}. No more are possible."),
            },
            Problem::Date => tr(
                lang,
                "Kies een datum, of laat het leeg.",
                "Choose a date, or leave it empty.",
            )
            .into(),
            Problem::Url => tr(
                lang,
                "Dit is geen goede link. Een link begint met https://",
                "This is not a valid link. A link starts with https://",
            )
            .into(),
            Problem::Choice => tr(
                lang,
                "Kies een van de mogelijkheden.",
                "Choose one of the options.",
            )
            .into(),
            Problem::DeadlineAfterMeeting => tr(
                lang,
                "Deze datum moet vóór het gesprek liggen.",
                "This date must be before the meeting.",
            )
            .into(),
            Problem::PlaceOrLink => tr(
                lang,
                "Vul een plek in, of een link voor een online gesprek.",
                "Fill in a place, or a link for an online meeting.",
            )
            .into(),
            Problem::AlreadyAtTable => tr(
                lang,
                "Deze persoon zit al aan tafel. Een andere rol geven kan alleen de coördinator, met een reden, op de pagina van de zaak.",
                "This person is already at the table. Only the coordinator can give them another role, with a reason, on the case page.",
            )
            .into(),
            Problem::WrongKindOfAccount => tr(
                lang,
                "Dit e-mailadres hoort bij iemand met een andere rol. Gebruik het eigen e-mailadres van deze persoon, of laat het leeg.",
                "This email address belongs to someone with another role. Use this person's own email address, or leave it empty.",
            )
            .into(),
            Problem::CoordinatorMakesProfessionals => tr(
                lang,
                "Alleen de coördinator maakt een account voor een nieuwe professional. Vraag het aan de coördinator.",
                "Only the coordinator makes an account for a new professional. Ask the coordinator.",
            )
            .into(),
            Problem::NoNewCoordinators => tr(
                lang,
                "Een nieuwe coördinator maakt de beheerder van Aan Tafel aan. Kies een andere rol.",
                "A new coordinator is added by whoever runs Aan Tafel. Choose another role.",
            )
            .into(),
            Problem::PasswordsDiffer => tr(
                lang,
                "De twee wachtwoorden zijn niet hetzelfde. Typ ze opnieuw.",
                "The two passwords are not the same. Type them again.",
            )
            .into(),
            Problem::EmailTaken => tr(
                lang,
                "Dit e-mailadres hoort al bij iemand anders.",
                "This email address already belongs to someone else.",
            )
            .into(),
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
        match self {
            AppError::NotFound => tr(
                lang,
                "Deze pagina bestaat niet, of u hebt er geen toegang toe.",
                "This page does not exist, or you do not have access to it.",
            )
            .into(),
            AppError::SignInNeeded => tr(
                lang,
                "U moet eerst inloggen. Gebruik de link die u hebt gekregen.",
                "Please sign in first. Use the link you were sent.",
            )
            .into(),
            AppError::NotAllowed => tr(
                lang,
                "Dit mag u niet doen in uw rol. Vraag het aan de coördinator.",
                "Your role does not allow this. Ask the coordinator.",
            )
            .into(),
            AppError::Invalid { errors, .. } => match (lang, errors.len()) {
                (Lang::Nl, 1) => "Er is 1 ding dat u nog moet verbeteren.".into(),
                (Lang::Nl, n) => format!("Er zijn {n} dingen die u nog moet verbeteren."),
                (Lang::En, 1) => "There is 1 thing to fix.".into(),
                (Lang::En, n) => format!("There are {n} things to fix."),
            },
            AppError::WrongCredentials => tr(
                lang,
                "Het e-mailadres of het wachtwoord klopt niet. Probeer het opnieuw.",
                "The email address or the password is not right. Please try again.",
            )
            .into(),
            AppError::TooManyAttempts { seconds } => {
                let minutes = seconds.div_ceil(60);
                match (lang, *seconds < 60, minutes) {
                    (Lang::Nl, true, _) => format!(
                        "Het is te vaak mislukt. Wacht {seconds} seconden en probeer het dan opnieuw."
                    ),
                    (Lang::Nl, false, 1) => {
                        "Het is te vaak mislukt. Wacht 1 minuut en probeer het dan opnieuw.".into()
                    }
                    (Lang::Nl, false, m) => format!(
                        "Het is te vaak mislukt. Wacht {m} minuten en probeer het dan opnieuw."
                    ),
                    (Lang::En, true, _) => {
                        format!("Too many failed tries. Wait {seconds} seconds, then try again.")
                    }
                    (Lang::En, false, 1) => {
                        "Too many failed tries. Wait 1 minute, then try again.".into()
                    }
                    (Lang::En, false, m) => {
                        format!("Too many failed tries. Wait {m} minutes, then try again.")
                    }
                }
            }
            AppError::PasskeyNeeded { .. } => tr(
                lang,
                "Dit account logt in met een passkey. Druk op 'Inloggen met passkey'.",
                "This account signs in with a passkey. Press 'Sign in with passkey'.",
            )
            .into(),
            AppError::PasskeyFailed => tr(
                lang,
                "Inloggen met een passkey lukte niet. Controleer uw e-mailadres en probeer het opnieuw, of gebruik een andere passkey.",
                "Signing in with a passkey did not work. Check your email address and try again, or use another passkey.",
            )
            .into(),
            AppError::RecentSignInNeeded => tr(
                lang,
                "Log voor de zekerheid eerst uit en weer in. Daarna kunt u een passkey toevoegen.",
                "To be safe, first sign out and in again. After that you can add a passkey.",
            )
            .into(),
            AppError::PasskeyNotAdded => tr(
                lang,
                "De passkey is niet toegevoegd. Probeer het opnieuw, of kies een ander apparaat.",
                "The passkey was not added. Try again, or choose another device.",
            )
            .into(),
            AppError::PasskeysOff => tr(
                lang,
                "Passkeys werken niet op dit adres van Aan Tafel. Vraag de beheerder ernaar.",
                "Passkeys do not work at this address of Aan Tafel. Ask the administrator about it.",
            )
            .into(),
            AppError::Taken => tr(
                lang,
                "Dit bestaat al, of iemand anders heeft het net veranderd. Laad de pagina opnieuw en kijk wat er nu staat.",
                "This already exists, or someone else just changed it. Reload the page and see what is there now.",
            )
            .into(),
            AppError::CaseClosed => tr(
                lang,
                "Deze zaak is gesloten. U kunt alles nog lezen, maar niets meer veranderen. U kunt wel uw gegevens downloaden of laten wissen.",
                "This case is closed. You can still read everything, but not change it. You can still download or erase your data.",
            )
            .into(),
            AppError::Link(p) => link_message(*p, lang).into(),
            AppError::DeadlinePassed => tr(
                lang,
                "De tijd om voor te bereiden is voorbij. Je antwoorden zijn bewaard, maar je kunt ze niet meer veranderen.",
                "The time to prepare is over. Your answers are kept, but you can no longer change them.",
            )
            .into(),
            AppError::Conflict { .. } => tr(
                lang,
                "Dit antwoord is intussen op een ander apparaat veranderd. Hieronder staat de nieuwste versie. Niets is overschreven.",
                "This answer was changed on another device in the meantime. The newest version is shown below. Nothing was overwritten.",
            )
            .into(),
            AppError::RecordChanged { .. } => tr(
                lang,
                "Iemand anders heeft dit verslag net veranderd. Hieronder ziet u de nieuwste tekst en wat u zelf typte. Niets is overschreven.",
                "Someone else just changed this record. Below you see the newest text and what you typed yourself. Nothing was overwritten.",
            )
            .into(),
            AppError::AgendaPublished => tr(
                lang,
                "De agenda is al gedeeld met iedereen aan tafel. Terugnemen kan nu niet meer. Bel of app de gezinscoach als u iets wilt veranderen.",
                "The agenda has already been shared with everyone at the table. You can no longer take this back. Call or text the family coach if you want to change something.",
            )
            .into(),
            AppError::Internal => tr(
                lang,
                "Er ging iets mis bij ons. Uw gegevens zijn niet verloren. Probeer het over een paar minuten opnieuw.",
                "Something went wrong on our side. Nothing you saved is lost. Please try again in a few minutes.",
            )
            .into(),
            AppError::Transport(_) => tr(
                lang,
                "Er is geen verbinding met de server. Controleer uw internet en probeer het opnieuw.",
                "There is no connection to the server. Check your internet and try again.",
            )
            .into(),
        }
    }
}

/// The kind message for a link that cannot be used, with what to do next.
pub fn link_message(p: LinkProblem, lang: Lang) -> &'static str {
    match p {
        LinkProblem::Used => tr(
            lang,
            "Deze link is al gebruikt. Een link werkt maar één keer. Bent u al ingelogd op dit apparaat? Ga dan naar de startpagina. Anders kunt u de gezinscoach of de school om een nieuwe link vragen.",
            "This link has already been used. A link works only once. Are you already signed in on this device? Then go to the start page. If not, ask the family coach or the school for a new link.",
        ),
        LinkProblem::Expired => tr(
            lang,
            "Deze link is verlopen. Dat is voor uw veiligheid. Vraag de gezinscoach of de school om een nieuwe link.",
            "This link has expired. That is for your safety. Ask the family coach or the school for a new link.",
        ),
        LinkProblem::Revoked => tr(
            lang,
            "Deze link werkt niet meer. Hij is ingetrokken. Vraag de gezinscoach of de school om een nieuwe link.",
            "This link no longer works. It was withdrawn. Ask the family coach or the school for a new link.",
        ),
        LinkProblem::Unknown => tr(
            lang,
            "Deze link kennen wij niet. Controleer of u de hele link hebt gekopieerd. Lukt het niet? Vraag dan om een nieuwe link.",
            "We do not know this link. Check that you copied the whole link. Still not working? Ask for a new link.",
        ),
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
