//! Domain rules shared by server and browser: typed ids, roles and what each may do, age bands,
//! and validated values. Pure code, no I/O, unit tested below.

use crate::error::{FieldError, Problem};
use crate::i18n::{k, t, tf, Key, Lang};
use chrono::{Datelike, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, "{}", self.0) }
        }
    };
}
id_type!(
    /// A person's id.
    PersonId
);
id_type!(
    /// A case's id.
    CaseId
);
id_type!(
    /// A meeting's id.
    MeetingId
);
id_type!(
    /// An invitation's id.
    InvitationId
);
id_type!(
    /// An agenda item's id.
    AgendaItemId
);
id_type!(
    /// An agreement's id.
    AgreementId
);
id_type!(
    /// A school's id.
    SchoolId
);
id_type!(
    /// An entry of a school's offer profile.
    OfferId
);
id_type!(
    /// A link from an offer to a need in a meeting.
    OfferLinkId
);
id_type!(
    /// A goal of the plan.
    GoalId
);
id_type!(
    /// An action of the plan.
    PlanActionId
);

/// A role at the table of one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Parent or carer.
    Parent,
    /// The young person the case is about.
    Young,
    /// Family coach or other mediator ("verbinder").
    Mediator,
    /// School staff: intern begeleider, care coordinator, mentor.
    School,
    /// Youth-care worker or local team (wijkteam).
    CareWorker,
    /// Invites people, closes cases, keeps the data tidy.
    Coordinator,
    /// Someone a parent or the young person brings: a relative, a friend, an interpreter, an
    /// ervaringsdeskundige or a vertrouwenspersoon. Sees the meeting, the topics and the
    /// agreements, and only what the person who brought them shares with the whole table.
    Supporter,
}

/// Why an invitation cannot be made, as the field it concerns and the problem, or `None`.
///
/// - `inviter`: the kind of account of who invites (a coordinator or a family coach);
/// - `existing`: the kind of the account that already has the email address, and whether it is
///   disabled;
/// - `role`: the role at the table the invitation is for.
///
/// An existing account only gets a seat when its kind fits the role; coordinators are never made
/// by invitation, and only a coordinator seats another coordinator; only a coordinator makes an
/// account for a new professional.
pub fn invitation_problem(
    inviter: Role,
    existing: Option<(Role, bool)>,
    role: Role,
) -> Option<(&'static str, crate::error::Problem)> {
    use crate::error::Problem;
    match existing {
        Some((kind, disabled)) if disabled || !kind.fits(role) => {
            Some(("email", Problem::WrongKindOfAccount))
        }
        Some(_) if role == Role::Coordinator && inviter != Role::Coordinator => {
            Some(("role", Problem::NoNewCoordinators))
        }
        None if role == Role::Coordinator => Some(("role", Problem::NoNewCoordinators)),
        None if role.is_professional() && inviter != Role::Coordinator => {
            Some(("role", Problem::CoordinatorMakesProfessionals))
        }
        _ => None,
    }
}

/// Everything a role may or may not do on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the case, the people at the table and the meetings.
    ViewCase,
    /// Invite someone to the table, or take an invitation back.
    Invite,
    /// Plan a meeting.
    PlanMeeting,
    /// Review input, organise and publish the agenda, record the meeting (the mediator's work).
    Mediate,
    /// Add goals, actions and progress to the plan (professionals at the table).
    EditPlan,
    /// Read the care plan (everyone at the table but a supporter).
    ViewPlan,
    /// Bring a supporter to the table (a parent, or the young person from 12; the coach for a
    /// younger child), or ask for an interpreter.
    BringSupporter,
}

impl Role {
    /// All roles, in the order they are shown.
    pub const ALL: [Role; 7] = [
        Role::Parent,
        Role::Young,
        Role::Mediator,
        Role::School,
        Role::CareWorker,
        Role::Coordinator,
        Role::Supporter,
    ];

    /// The roles a coordinator or coach invites someone into. A supporter is only ever brought
    /// by a family member (or the coach for a child under 12), through its own form.
    pub const INVITED: [Role; 6] = [
        Role::Parent,
        Role::Young,
        Role::Mediator,
        Role::School,
        Role::CareWorker,
        Role::Coordinator,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Parent => "parent",
            Role::Young => "young",
            Role::Mediator => "mediator",
            Role::School => "school",
            Role::CareWorker => "care",
            Role::Coordinator => "coordinator",
            Role::Supporter => "supporter",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Professionals sign in with an email address and a password; families use links only.
    pub fn is_professional(self) -> bool {
        !matches!(self, Role::Parent | Role::Young | Role::Supporter)
    }

    /// The parent or the young person: the family, who prepare and give their view.
    pub fn is_family(self) -> bool {
        matches!(self, Role::Parent | Role::Young)
    }

    /// Whether an account of this kind (`self`) may sit at a table in `role`. Family accounts
    /// keep their own role (a parent's address never becomes the child's, nor a coach's);
    /// coordinators sit as coordinators; other professionals as coach, school or youth care.
    pub fn fits(self, role: Role) -> bool {
        match self {
            Role::Parent | Role::Young | Role::Coordinator | Role::Supporter => self == role,
            Role::Mediator | Role::School | Role::CareWorker => {
                matches!(role, Role::Mediator | Role::School | Role::CareWorker)
            }
        }
    }

    /// Whether this role may do this on a case where it sits at the table.
    pub fn may(self, action: Action) -> bool {
        match action {
            Action::ViewCase => true,
            Action::Invite | Action::PlanMeeting => {
                matches!(self, Role::Coordinator | Role::Mediator)
            }
            Action::Mediate => self == Role::Mediator,
            Action::EditPlan => self.is_professional(),
            Action::ViewPlan => self != Role::Supporter,
            Action::BringSupporter => self.is_family() || self == Role::Mediator,
        }
    }

    /// The role's short name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Role::Parent => t(lang, k::domain_parent_or_carer),
            Role::Young => t(lang, k::domain_young_person),
            Role::Mediator => t(lang, k::domain_family_coach),
            Role::School => t(lang, k::domain_school),
            Role::CareWorker => t(lang, k::domain_youth_care),
            Role::Coordinator => t(lang, k::domain_coordinator),
            Role::Supporter => t(lang, k::domain_supporter),
        }
    }

    /// What this role does at the table, in plain words.
    pub fn explain(self, lang: Lang) -> &'static str {
        match self {
            Role::Parent => t(lang, k::domain_knows_the_child_best_says),
            Role::Young => t(lang, k::domain_this_is_about_you_you),
            Role::Mediator => t(lang, k::domain_helps_home_and_school_understand),
            Role::School => t(lang, k::domain_says_what_the_school_can),
            Role::CareWorker => t(lang, k::domain_helps_from_youth_care_or),
            Role::Coordinator => t(lang, k::domain_invites_people_plans_meetings_and),
            Role::Supporter => t(lang, k::domain_supporter_explain),
        }
    }
}

/// The young person's age band. Dutch health law (WGBO) gives a say from 12 and the say from 16;
/// from 18 the parents have no say of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AgeBand {
    /// About 8 to 11.
    Under12,
    /// 12 to 15.
    From12,
    /// 16 and 17.
    From16,
    /// 18 and up (youth care can go on until 23).
    From18,
}

impl AgeBand {
    /// All bands, youngest first.
    pub const ALL: [AgeBand; 4] = [
        AgeBand::Under12,
        AgeBand::From12,
        AgeBand::From16,
        AgeBand::From18,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            AgeBand::Under12 => "8-11",
            AgeBand::From12 => "12-15",
            AgeBand::From16 => "16+",
            AgeBand::From18 => "18+",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|b| b.code() == code)
    }

    /// Plain label.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AgeBand::Under12 => t(lang, k::domain_younger_than_12),
            AgeBand::From12 => t(lang, k::domain_12_to_15_years_old),
            AgeBand::From16 => t(lang, k::domain_16_or_older),
            AgeBand::From18 => t(lang, k::age_18_or_older),
        }
    }

    /// The band of someone who is `years` old.
    pub fn of_years(years: i32) -> AgeBand {
        match years {
            ..12 => AgeBand::Under12,
            12..16 => AgeBand::From12,
            16..18 => AgeBand::From16,
            _ => AgeBand::From18,
        }
    }

    /// The band on `today` of someone born on `born`.
    pub fn on(born: chrono::NaiveDate, today: chrono::NaiveDate) -> AgeBand {
        AgeBand::of_years(years_old(born, today))
    }
}

/// How old, in whole years, someone born on `born` is on `today`. Someone born on 29 February is
/// a year older on 1 March in a year without one.
pub fn years_old(born: chrono::NaiveDate, today: chrono::NaiveDate) -> i32 {
    let years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years - 1
    } else {
        years
    }
}

/// The date in the Netherlands at a Unix time: birthdays change the rules at midnight Dutch time.
#[cfg(feature = "ssr")]
pub fn dutch_date(secs: i64) -> chrono::NaiveDate {
    LocalTime::from_unix(secs).0.date()
}

/// The oldest a young person at a table can be: youth care can go on until 23.
pub const OLDEST: i32 = 24;

/// A child's date of birth as typed in a `date` field (`2014-03-09`), checked against `today`:
/// not in the future, and at most [`OLDEST`] years ago. Empty gives `None` without error.
pub fn birth_date(
    field: &str,
    raw: &str,
    today: chrono::NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<chrono::NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let found = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .filter(|d| *d <= today && years_old(*d, today) <= OLDEST);
    if found.is_none() {
        errors.push(FieldError {
            field: field.into(),
            problem: Problem::BirthDate,
        });
    }
    found
}

/// What kind of support someone brought to the table gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SupporterKind {
    /// A relative: a grandparent, an aunt, an older brother or sister.
    Relative,
    /// A friend or neighbour.
    Friend,
    /// Someone who interprets.
    Interpreter,
    /// An ervaringsdeskundige: someone who went through the same.
    Peer,
    /// A vertrouwenspersoon: helps with one's rights (the Jeugdwet gives every young person one).
    Confidant,
}

impl SupporterKind {
    /// All kinds, in the order they are offered.
    pub const ALL: [SupporterKind; 5] = [
        SupporterKind::Relative,
        SupporterKind::Friend,
        SupporterKind::Interpreter,
        SupporterKind::Peer,
        SupporterKind::Confidant,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            SupporterKind::Relative => "relative",
            SupporterKind::Friend => "friend",
            SupporterKind::Interpreter => "interpreter",
            SupporterKind::Peer => "peer",
            SupporterKind::Confidant => "confidant",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<SupporterKind> {
        SupporterKind::ALL.into_iter().find(|x| x.code() == code)
    }

    /// The plain name, with the Dutch word explained where it is one.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            SupporterKind::Relative => t(lang, k::supporter_kind_relative),
            SupporterKind::Friend => t(lang, k::supporter_kind_friend),
            SupporterKind::Interpreter => t(lang, k::supporter_kind_interpreter),
            SupporterKind::Peer => t(lang, k::supporter_kind_peer),
            SupporterKind::Confidant => t(lang, k::supporter_kind_confidant),
        }
    }
}

/// A language an interpreter is needed for ("Tolk nodig"). The languages most asked for in
/// Dutch youth care, Dutch sign language, and "another language" (the coach asks which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InterpreterLanguage {
    /// Arabic.
    Arabic,
    /// Tamazight (Berber).
    Tamazight,
    /// Turkish.
    Turkish,
    /// Polish.
    Polish,
    /// Ukrainian.
    Ukrainian,
    /// Russian.
    Russian,
    /// Tigrinya.
    Tigrinya,
    /// Somali.
    Somali,
    /// Farsi and Dari.
    Farsi,
    /// Bulgarian.
    Bulgarian,
    /// Romanian.
    Romanian,
    /// English.
    English,
    /// Nederlandse Gebarentaal.
    SignLanguage,
    /// Another language.
    Other,
}

impl InterpreterLanguage {
    /// All, in the order they are offered.
    pub const ALL: [InterpreterLanguage; 14] = [
        InterpreterLanguage::Arabic,
        InterpreterLanguage::Tamazight,
        InterpreterLanguage::Turkish,
        InterpreterLanguage::Polish,
        InterpreterLanguage::Ukrainian,
        InterpreterLanguage::Russian,
        InterpreterLanguage::Tigrinya,
        InterpreterLanguage::Somali,
        InterpreterLanguage::Farsi,
        InterpreterLanguage::Bulgarian,
        InterpreterLanguage::Romanian,
        InterpreterLanguage::English,
        InterpreterLanguage::SignLanguage,
        InterpreterLanguage::Other,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            InterpreterLanguage::Arabic => "ar",
            InterpreterLanguage::Tamazight => "ber",
            InterpreterLanguage::Turkish => "tr",
            InterpreterLanguage::Polish => "pl",
            InterpreterLanguage::Ukrainian => "uk",
            InterpreterLanguage::Russian => "ru",
            InterpreterLanguage::Tigrinya => "ti",
            InterpreterLanguage::Somali => "so",
            InterpreterLanguage::Farsi => "fa",
            InterpreterLanguage::Bulgarian => "bg",
            InterpreterLanguage::Romanian => "ro",
            InterpreterLanguage::English => "en",
            InterpreterLanguage::SignLanguage => "ngt",
            InterpreterLanguage::Other => "other",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<InterpreterLanguage> {
        InterpreterLanguage::ALL
            .into_iter()
            .find(|x| x.code() == code)
    }

    /// The language's name, in the reader's language.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            InterpreterLanguage::Arabic => t(lang, k::interpreter_ar),
            InterpreterLanguage::Tamazight => t(lang, k::interpreter_ber),
            InterpreterLanguage::Turkish => t(lang, k::interpreter_tr),
            InterpreterLanguage::Polish => t(lang, k::interpreter_pl),
            InterpreterLanguage::Ukrainian => t(lang, k::interpreter_uk),
            InterpreterLanguage::Russian => t(lang, k::interpreter_ru),
            InterpreterLanguage::Tigrinya => t(lang, k::interpreter_ti),
            InterpreterLanguage::Somali => t(lang, k::interpreter_so),
            InterpreterLanguage::Farsi => t(lang, k::interpreter_fa),
            InterpreterLanguage::Bulgarian => t(lang, k::interpreter_bg),
            InterpreterLanguage::Romanian => t(lang, k::interpreter_ro),
            InterpreterLanguage::English => t(lang, k::interpreter_en),
            InterpreterLanguage::SignLanguage => t(lang, k::interpreter_ngt),
            InterpreterLanguage::Other => t(lang, k::interpreter_other),
        }
    }
}

/// Who may bring a supporter for whom. `me` brings for `for_person` (their own id, or, for the
/// coach, the young person's); `for_role` is that person's role and `band` the child's age.
/// A parent or a young person of 12 or older brings for themselves; the coach brings for a young
/// person under 12. Nobody brings a supporter for someone else, and a supporter brings nobody.
pub fn may_bring_for(me_role: Role, for_self: bool, for_role: Role, band: AgeBand) -> bool {
    match me_role {
        Role::Parent => for_self,
        Role::Young => for_self && band != AgeBand::Under12,
        Role::Mediator => !for_self && for_role == Role::Young && band == AgeBand::Under12,
        _ => false,
    }
}

/// Trims a text and checks its length in characters (not bytes).
pub fn text(
    field: &str,
    raw: &str,
    min: usize,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let value = raw.trim().to_string();
    let n = value.chars().count();
    let problem = if n == 0 && min > 0 {
        Some(Problem::Required)
    } else if n > max {
        Some(Problem::TooLong { max })
    } else if n < min {
        Some(Problem::TooShort { min })
    } else {
        None
    };
    if let Some(problem) = problem {
        errors.push(FieldError {
            field: field.into(),
            problem,
        });
    }
    value
}

/// A checked first name or display name: 1 to 80 characters, no control characters.
pub fn name(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> String {
    let cleaned: String = raw.chars().filter(|c| !c.is_control()).collect();
    text(field, &cleaned, 1, 80, errors)
}

/// A checked email address, lower-cased. Deliberately simple: one `@`, a dot in the domain.
pub fn email(
    field: &str,
    raw: &str,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let v = raw.trim().to_lowercase();
    if v.is_empty() {
        if required {
            errors.push(FieldError {
                field: field.into(),
                problem: Problem::Required,
            });
        }
        return None;
    }
    let ok = v.chars().count() <= 254
        && !v.chars().any(|c| c.is_whitespace() || c.is_control())
        && match v.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if !ok {
        errors.push(FieldError {
            field: field.into(),
            problem: Problem::Email,
        });
        return None;
    }
    Some(v)
}

/// A checked web link for an online meeting: must start with https:// and have a host.
pub fn https_url(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let v = raw.trim();
    if v.is_empty() {
        return None;
    }
    let rest = v.strip_prefix("https://");
    let ok = v.chars().count() <= 500
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
        && rest.is_some_and(|r| {
            r.split('/')
                .next()
                .is_some_and(|h| h.contains('.') && h.len() > 3)
        });
    if ok {
        Some(v.to_string())
    } else {
        errors.push(FieldError {
            field: field.into(),
            problem: Problem::Url,
        });
        None
    }
}

/// An optional choice among ids (a `<select>` with an empty "none"): empty gives `None`; anything
/// not among `allowed` is a [`Problem::Choice`].
pub fn optional_choice(
    field: &str,
    raw: &str,
    allowed: &[i64],
    errors: &mut Vec<FieldError>,
) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let found = raw.parse::<i64>().ok().filter(|n| allowed.contains(n));
    if found.is_none() {
        errors.push(FieldError {
            field: field.into(),
            problem: Problem::Choice,
        });
    }
    found
}

/// An optional date as typed in a `date` field (`2026-12-03`). Empty gives `None` without error.
pub fn optional_date(
    field: &str,
    raw: &str,
    errors: &mut Vec<FieldError>,
) -> Option<chrono::NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) if (2000..=2100).contains(&d.year()) => Some(d),
        _ => {
            errors.push(FieldError {
                field: field.into(),
                problem: Problem::Date,
            });
            None
        }
    }
}

/// A wall-clock time in the Netherlands, as typed in a `datetime-local` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LocalTime(pub NaiveDateTime);

impl LocalTime {
    /// Reads `2026-12-03T15:30` (seconds allowed).
    pub fn parse(raw: &str) -> Option<LocalTime> {
        let raw = raw.trim();
        NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
            .ok()
            .filter(|t| (2000..=2100).contains(&t.year()))
            .map(LocalTime)
    }

    /// The wall-clock time in the Netherlands at a Unix time.
    #[cfg(feature = "ssr")]
    pub fn from_unix(secs: i64) -> LocalTime {
        let utc = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
        LocalTime(
            utc.with_timezone(&chrono_tz::Europe::Amsterdam)
                .naive_local(),
        )
    }

    /// The moment this wall-clock time in the Netherlands stands for. A time that occurs twice
    /// (the autumn hour) is the first; a time that does not occur (the spring-forward hour, such
    /// as 02:30 on the last Sunday of March) moves forward by the length of the gap, as RFC 5545
    /// asks: 02:30 becomes 03:30 summer time.
    #[cfg(feature = "ssr")]
    pub fn instant(self) -> chrono::DateTime<chrono_tz::Tz> {
        use chrono::{LocalResult, Offset, TimeZone};
        let tz = chrono_tz::Europe::Amsterdam;
        match tz.from_local_datetime(&self.0) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t,
            LocalResult::None => {
                // Read with the offset from before the gap.
                let before = tz
                    .offset_from_utc_datetime(&(self.0 - chrono::Duration::days(1)))
                    .fix()
                    .local_minus_utc();
                tz.from_utc_datetime(&(self.0 - chrono::Duration::seconds(i64::from(before))))
            }
        }
    }

    /// The stored and `datetime-local` form.
    pub fn to_input(self) -> String {
        self.0.format("%Y-%m-%dT%H:%M").to_string()
    }

    /// A plain date and time: "donderdag 3 december 2026, 15:30".
    pub fn long(self, lang: Lang) -> String {
        format!("{}, {}", self.date_long(lang), self.clock())
    }

    /// Only the date: "donderdag 3 december 2026".
    pub fn date_long(self, lang: Lang) -> String {
        let d = self.0.date();
        const DAYS: [Key; 7] = [
            k::date_monday,
            k::date_tuesday,
            k::date_wednesday,
            k::date_thursday,
            k::date_friday,
            k::date_saturday,
            k::date_sunday,
        ];
        const MONTHS: [Key; 12] = [
            k::date_january,
            k::date_february,
            k::date_march,
            k::date_april,
            k::date_may,
            k::date_june,
            k::date_july,
            k::date_august,
            k::date_september,
            k::date_october,
            k::date_november,
            k::date_december,
        ];
        tf(
            lang,
            k::date_long,
            &[
                (
                    "weekday",
                    &t(lang, DAYS[d.weekday().num_days_from_monday() as usize]),
                ),
                ("day", &d.day()),
                ("month", &t(lang, MONTHS[d.month0() as usize])),
                ("year", &d.year()),
            ],
        )
    }

    /// "15:30".
    pub fn clock(self) -> String {
        format!("{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

/// Reads a required local time field.
pub fn local_time(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> Option<LocalTime> {
    if raw.trim().is_empty() {
        errors.push(FieldError {
            field: field.into(),
            problem: Problem::Required,
        });
        return None;
    }
    let t = LocalTime::parse(raw);
    if t.is_none() {
        errors.push(FieldError {
            field: field.into(),
            problem: Problem::DateTime,
        });
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_keep_their_kind_at_every_table() {
        use Role::*;
        // Families keep their own role; a parent's account never becomes the child's.
        assert!(Parent.fits(Parent) && !Parent.fits(Young) && !Parent.fits(Mediator));
        assert!(Young.fits(Young) && !Young.fits(Parent));
        // Coordinators sit only as coordinators (no coach role through the back door).
        assert!(Coordinator.fits(Coordinator) && !Coordinator.fits(Mediator));
        for pro in [Mediator, School, CareWorker] {
            assert!(pro.fits(Mediator) && pro.fits(School) && pro.fits(CareWorker));
            assert!(!pro.fits(Parent) && !pro.fits(Young) && !pro.fits(Coordinator));
        }
    }

    #[test]
    fn invitations_never_widen_an_account() {
        use crate::error::Problem;
        use Role::*;
        let p = invitation_problem;
        assert_eq!(p(Coordinator, Some((Mediator, false)), Mediator), None);
        assert_eq!(
            p(Coordinator, Some((Coordinator, false)), Mediator),
            Some(("email", Problem::WrongKindOfAccount))
        );
        assert_eq!(
            p(Mediator, Some((Parent, false)), Young),
            Some(("email", Problem::WrongKindOfAccount))
        );
        assert_eq!(
            p(Coordinator, Some((School, true)), School),
            Some(("email", Problem::WrongKindOfAccount))
        );
        assert_eq!(
            p(Mediator, Some((Coordinator, false)), Coordinator),
            Some(("role", Problem::NoNewCoordinators))
        );
        assert_eq!(
            p(Coordinator, Some((Coordinator, false)), Coordinator),
            None
        );
        assert_eq!(
            p(Coordinator, None, Coordinator),
            Some(("role", Problem::NoNewCoordinators))
        );
        assert_eq!(
            p(Mediator, None, School),
            Some(("role", Problem::CoordinatorMakesProfessionals))
        );
        assert_eq!(p(Coordinator, None, School), None);
        assert_eq!(p(Mediator, None, Parent), None);
    }

    #[test]
    fn only_coordinator_and_mediator_invite_and_plan() {
        for r in Role::ALL {
            assert!(r.may(Action::ViewCase));
            let expect = matches!(r, Role::Coordinator | Role::Mediator);
            assert_eq!(r.may(Action::Invite), expect, "{r:?}");
            assert_eq!(r.may(Action::PlanMeeting), expect, "{r:?}");
        }
    }

    #[test]
    fn a_supporter_only_views_and_is_not_invited_by_the_coordinators_form() {
        let s = Role::Supporter;
        assert!(s.may(Action::ViewCase));
        for a in [
            Action::Invite,
            Action::PlanMeeting,
            Action::Mediate,
            Action::EditPlan,
            Action::ViewPlan,
            Action::BringSupporter,
        ] {
            assert!(!s.may(a), "{a:?}");
        }
        assert!(!Role::INVITED.contains(&s));
        assert!(!s.is_professional() && !s.is_family());
        // A supporter's account never sits in another role, and no other account sits as one.
        for r in Role::ALL {
            assert_eq!(s.fits(r), r == s, "{r:?}");
            assert_eq!(r.fits(s), r == s, "{r:?}");
        }
    }

    #[test]
    fn who_brings_a_supporter_for_whom() {
        use AgeBand::*;
        use Role::*;
        for band in AgeBand::ALL {
            assert!(may_bring_for(Parent, true, Parent, band));
            assert!(
                !may_bring_for(Parent, false, Young, band),
                "not for the child"
            );
            assert_eq!(may_bring_for(Young, true, Young, band), band != Under12);
            assert!(!may_bring_for(Young, false, Parent, band));
            assert_eq!(
                may_bring_for(Mediator, false, Young, band),
                band == Under12,
                "the coach helps a child under 12"
            );
            assert!(!may_bring_for(Mediator, false, Parent, band));
            assert!(!may_bring_for(Mediator, true, Mediator, band));
            for r in [School, CareWorker, Coordinator, Supporter] {
                assert!(!may_bring_for(r, true, r, band), "{r:?}");
                assert!(!may_bring_for(r, false, Young, band), "{r:?}");
            }
        }
    }

    #[test]
    fn supporter_kind_and_interpreter_codes_round_trip() {
        for x in SupporterKind::ALL {
            assert_eq!(SupporterKind::parse(x.code()), Some(x));
        }
        for x in InterpreterLanguage::ALL {
            assert_eq!(InterpreterLanguage::parse(x.code()), Some(x));
        }
        assert_eq!(SupporterKind::parse("child"), None);
        assert_eq!(InterpreterLanguage::parse("nl"), None);
    }

    #[test]
    fn families_are_not_professionals() {
        assert!(!Role::Parent.is_professional());
        assert!(!Role::Young.is_professional());
        assert!(Role::School.is_professional() && Role::Coordinator.is_professional());
    }

    #[test]
    fn role_and_band_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        for b in AgeBand::ALL {
            assert_eq!(AgeBand::parse(b.code()), Some(b));
        }
        assert_eq!(Role::parse("admin"), None);
    }

    #[test]
    fn text_counts_characters_not_bytes() {
        let mut e = vec![];
        assert_eq!(text("f", "  😀😀  ", 1, 2, &mut e), "😀😀");
        assert!(e.is_empty());
        text("f", "😀😀😀", 1, 2, &mut e);
        assert_eq!(e[0].problem, Problem::TooLong { max: 2 });
        let mut e = vec![];
        text("f", "   ", 1, 10, &mut e);
        assert_eq!(e[0].problem, Problem::Required);
    }

    #[test]
    fn names_lose_control_characters() {
        let mut e = vec![];
        assert_eq!(name("n", "Sa\u{0}m\n", &mut e), "Sam");
        assert!(e.is_empty());
        name("n", &"x".repeat(81), &mut e);
        assert_eq!(e.len(), 1);
    }

    #[test]
    fn email_rules() {
        let mut e = vec![];
        assert_eq!(
            email("e", " Ann@School.NL ", true, &mut e).as_deref(),
            Some("ann@school.nl")
        );
        assert!(e.is_empty());
        for bad in [
            "ann", "ann@", "@x.nl", "a b@x.nl", "a@x", "a@@x.nl", "a@.nl",
        ] {
            let mut e = vec![];
            assert_eq!(email("e", bad, true, &mut e), None, "{bad}");
            assert_eq!(e[0].problem, Problem::Email, "{bad}");
        }
        let mut e = vec![];
        assert_eq!(email("e", "", false, &mut e), None);
        assert!(e.is_empty());
        email("e", "", true, &mut e);
        assert_eq!(e[0].problem, Problem::Required);
    }

    #[test]
    fn urls_must_be_https_with_a_host() {
        let mut e = vec![];
        assert!(https_url("u", "https://meet.example.nl/abc", &mut e).is_some());
        assert!(https_url("u", "", &mut e).is_none());
        assert!(e.is_empty());
        for bad in [
            "http://x.nl",
            "javascript:alert(1)",
            "https://",
            "https://x.nl/\"><script>",
        ] {
            let mut e = vec![];
            assert!(https_url("u", bad, &mut e).is_none(), "{bad}");
            assert_eq!(e.len(), 1);
        }
    }

    #[test]
    fn local_time_reads_and_writes_plain_dates() {
        let t = LocalTime::parse("2026-12-03T15:30").unwrap();
        assert_eq!(t.to_input(), "2026-12-03T15:30");
        assert_eq!(t.long(Lang::Nl), "donderdag 3 december 2026, 15:30");
        assert_eq!(t.long(Lang::En), "Thursday 3 December 2026, 15:30");
        assert!(LocalTime::parse("2026-13-03T15:30").is_none());
        assert!(LocalTime::parse("1900-01-01T00:00").is_none());
        assert!(LocalTime::parse("tomorrow").is_none());
    }
}
