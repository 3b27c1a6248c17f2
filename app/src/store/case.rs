//! People, invitations, cases, the people at a table, and meetings.
//! The row types and the [`CaseStore`] part of the data layer; each backend implements it.

use super::*;

/// A person.
#[derive(Clone)]
pub struct PersonRow {
    /// Id.
    pub id: PersonId,
    /// Name shown to others at the table.
    pub display_name: String,
    /// Email address (professionals).
    pub email: Option<String>,
    /// Argon2id hash, if a password is set. Never sent anywhere.
    pub password_hash: Option<String>,
    /// The kind of account.
    pub account_role: Role,
    /// When a coordinator disabled the account; a disabled account has no sessions.
    pub disabled_at: Option<i64>,
}

impl std::fmt::Debug for PersonRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonRow")
            .field("id", &self.id)
            .field("account_role", &self.account_role)
            .finish()
    }
}

/// A new person.
pub struct NewPerson {
    /// Name shown to others.
    pub display_name: String,
    /// Email address, if any.
    pub email: Option<String>,
    /// Password hash, if any.
    pub password_hash: Option<String>,
    /// The kind of account.
    pub account_role: Role,
}

/// A case.
#[derive(Debug, Clone)]
pub struct CaseRow {
    /// Id.
    pub id: CaseId,
    /// The young person's first name.
    pub child_first_name: String,
    /// The young person's age band: as stored (the band chosen, or the one the daily job last
    /// saw) until [`CaseRow::on_day`] works it out from the date of birth.
    pub age_band: AgeBand,
    /// The young person's date of birth, when the coordinator entered it.
    pub birth_date: Option<chrono::NaiveDate>,
    /// When it was closed, if it was.
    pub closed_at: Option<i64>,
}

impl CaseRow {
    /// The case with its age band on the day of `now` (Dutch time), from the date of birth when
    /// there is one. Every read of a case for a page or for the care-plan store goes through it.
    pub fn on_day(mut self, now: i64) -> CaseRow {
        if let Some(born) = self.birth_date {
            self.age_band = AgeBand::on(born, crate::domain::dutch_date(now));
        }
        self
    }
}

/// One person at the table of a case.
#[derive(Debug, Clone)]
pub struct MemberRow {
    /// The person.
    pub person_id: PersonId,
    /// Their name.
    pub display_name: String,
    /// Their role.
    pub role: Role,
    /// Their relation to the young person, in their own words.
    pub relation: String,
    /// For a supporter: the parent or young person who brought them.
    pub brought_by: Option<PersonId>,
    /// For a supporter: the kind of support.
    pub support_kind: Option<crate::domain::SupporterKind>,
    /// The language this person needs an interpreter for, if they asked for one.
    pub interpreter: Option<crate::domain::InterpreterLanguage>,
    /// For a parent: whether they hold parental authority (gezag), so their consent counts
    /// where the law asks a parent's.
    pub gezag: bool,
}

/// A meeting.
#[derive(Debug, Clone)]
pub struct MeetingRow {
    /// Id.
    pub id: MeetingId,
    /// The case.
    pub case_id: CaseId,
    /// Short title.
    pub title: String,
    /// Start (Dutch wall-clock time).
    pub starts_at: LocalTime,
    /// Length in minutes.
    pub duration_minutes: i64,
    /// Where, if in person.
    pub place: String,
    /// The online link, if online.
    pub online_url: String,
    /// Why we meet, in plain words.
    pub purpose: String,
    /// Deadline to prepare.
    pub prepare_by: LocalTime,
}

/// A new meeting.
pub struct NewMeeting {
    /// The case.
    pub case_id: CaseId,
    /// Short title.
    pub title: String,
    /// Start.
    pub starts_at: LocalTime,
    /// Length in minutes.
    pub duration_minutes: i64,
    /// Where.
    pub place: String,
    /// Online link.
    pub online_url: String,
    /// Why we meet.
    pub purpose: String,
    /// Deadline to prepare.
    pub prepare_by: LocalTime,
    /// Who planned it.
    pub created_by: PersonId,
    /// Who is invited.
    pub invitees: Vec<PersonId>,
}

/// A new sign-in link in place of a person's open ones (see [`CaseStore::replace_link`]).
pub struct ReplaceLink<'a> {
    /// Whose link.
    pub person: PersonId,
    /// The table it leads to, if any.
    pub case: Option<CaseId>,
    /// Who made it.
    pub by: PersonId,
    /// The hash of the new token.
    pub token_hash: &'a [u8],
    /// End every session of the person too.
    pub end_sessions: bool,
    /// Tell them at their next sign-in.
    pub notice: Option<super::NoticeKind>,
    /// Now (Unix seconds).
    pub now: i64,
    /// When the link stops working.
    pub expires_at: i64,
}

/// An invitation link (only its hash is stored).
#[derive(Debug, Clone)]
pub struct InvitationRow {
    /// Id.
    pub id: InvitationId,
    /// Who it signs in.
    pub person_id: PersonId,
    /// Their name.
    pub display_name: String,
    /// The case it was made for, if any.
    pub case_id: Option<CaseId>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub expires_at: i64,
    /// Unix seconds, once used.
    pub used_at: Option<i64>,
    /// Unix seconds, once revoked.
    pub revoked_at: Option<i64>,
}

/// A case, the caller's role at its table, and who gave their yes to the care plan.
#[derive(Debug, Clone)]
pub struct CaseAtTable {
    /// The case.
    pub case: CaseRow,
    /// The caller's role (`None`: not at the table, or taken off it).
    pub role: Option<Role>,
    /// Who gave their yes to sending their input to the care plan, as [`Store::consents`].
    pub consents: Vec<PersonId>,
    /// The parents and young people at the table now.
    pub family: Vec<PersonId>,
    /// The caller's own yeses and noes at this table, oldest first.
    pub my_consents: Vec<ConsentEvent>,
    /// The age band the caller was last told about ("" until told), see `crate::case::age`.
    pub band_told: String,
    /// The coach the caller was last asked about (see `crate::case::coach`).
    pub coach_asked: Option<PersonId>,
}

/// What every meeting page needs first, read together: the meeting, its case, the caller's
/// role at the table, who is invited and when the topics were published.
#[derive(Debug, Clone)]
pub struct MeetingAtTable {
    /// The meeting.
    pub meeting: MeetingRow,
    /// Its case.
    pub case: CaseRow,
    /// The caller's role at the case's table (`None`: not at the table).
    pub role: Option<Role>,
    /// Who is invited, by id.
    pub invitees: Vec<PersonId>,
    /// The people at the case's table now, as [`Store::members`] gives them.
    pub members: Vec<MemberRow>,
    /// Who sent their preparation, and when, as [`Store::sent_preparations`] gives them.
    pub sent: Vec<(PersonId, i64)>,
    /// When the topics were published.
    pub published_at: Option<i64>,
    /// The child's school, when the case has one.
    pub school: Option<SchoolRow>,
    /// Whether the caller is on that school's staff.
    pub school_staff: bool,
}

/// People, invitations, cases, the people at a table, and meetings.
#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Whether there is nobody yet (for seeding the demo).
    async fn is_empty(&self) -> StoreResult<bool>;

    /// One person.
    async fn person(&self, id: PersonId) -> StoreResult<Option<PersonRow>>;

    /// A person by email address (lower case).
    async fn person_by_email(&self, email: &str) -> StoreResult<Option<PersonRow>>;

    /// Adds a person, made at `now`.
    async fn create_person(&self, p: NewPerson, now: i64) -> StoreResult<PersonId>;

    /// Uses a password link, in one transaction: the invitation is used (only if it still can
    /// be, else `false` and nothing changes), the password is set, every session of the person
    /// ends, and with `tell` they are told at their next sign-in that a password was set.
    async fn use_invitation_for_password(
        &self,
        invitation: InvitationId,
        person: PersonId,
        hash: &str,
        tell: bool,
        now: i64,
    ) -> StoreResult<bool>;

    /// The person of a live session.
    async fn session_person(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<PersonRow>>;

    /// Ends a session.
    async fn revoke_session(&self, token_hash: &[u8], now: i64) -> StoreResult<()>;

    /// Adds an invitation.
    async fn create_invitation(
        &self,
        person: PersonId,
        case: Option<CaseId>,
        created_by: Option<PersonId>,
        token_hash: &[u8],
        now: i64,
        expires_at: i64,
    ) -> StoreResult<InvitationId>;

    /// An invitation by token hash.
    async fn invitation_by_hash(&self, token_hash: &[u8]) -> StoreResult<Option<InvitationRow>>;

    /// Marks an invitation used, only if it is still usable. Returns whether this call used it.
    async fn use_invitation(&self, id: InvitationId, now: i64) -> StoreResult<bool>;

    /// Revokes an unused invitation of a case. Returns whether one was revoked.
    async fn revoke_invitation(
        &self,
        case: CaseId,
        id: InvitationId,
        now: i64,
    ) -> StoreResult<bool>;

    /// Gives a person a new sign-in link in one transaction: their unused links stop working,
    /// (with `end_sessions`) their sessions end, the new link is made, and (with `notice`) they are
    /// told at their next sign-in who made it. Two clicks at once leave one working link.
    async fn replace_link(&self, link: ReplaceLink<'_>) -> StoreResult<InvitationId>;

    /// A case's invitations, newest first.
    async fn case_invitations(&self, case: CaseId) -> StoreResult<Vec<InvitationRow>>;

    /// Adds a case, with its creator at the table as coordinator.
    async fn create_case(
        &self,
        first_name: &str,
        band: AgeBand,
        birth_date: Option<chrono::NaiveDate>,
        creator: PersonId,
        now: i64,
    ) -> StoreResult<CaseId>;

    /// Sets a case's date of birth and stored age band (`band`, the band on the day). When the
    /// stored band changes, the case's sent input is looked at again (at 12 the young person's
    /// own yes is needed too; from 16 theirs alone), in the same transaction. Returns whether
    /// the band changed.
    async fn set_age(
        &self,
        case: CaseId,
        birth_date: Option<chrono::NaiveDate>,
        band: AgeBand,
        now: i64,
    ) -> StoreResult<bool>;

    /// The job's step: stores `band` as a case's band when its date of birth is still `born` and
    /// its stored band another (a coordinator's correction in between wins), and looks at the
    /// case's sent input again, in one transaction. Returns whether it changed.
    async fn store_band(
        &self,
        case: CaseId,
        born: chrono::NaiveDate,
        band: AgeBand,
        now: i64,
    ) -> StoreResult<bool>;

    /// The open cases with a date of birth, with the band stored for each (for the daily job).
    async fn dated_cases(&self) -> StoreResult<Vec<CaseRow>>;

    /// How many of `person`'s things at a case (answers, parts of "Dit is …", notes on
    /// agreements, with text) are kept for the family coach but not for `coach`.
    async fn kept_for_other_coaches(
        &self,
        case: CaseId,
        person: PersonId,
        coach: PersonId,
    ) -> StoreResult<i64>;

    /// `person`'s answer about `coach`, the coach at the table now: with `share`, everything of
    /// theirs at the case kept for the family coach is kept for `coach` from now on; either way
    /// they are not asked again about this coach. One transaction.
    async fn share_with_coach(
        &self,
        case: CaseId,
        person: PersonId,
        coach: PersonId,
        share: bool,
    ) -> StoreResult<()>;

    /// Notes that a parent or young person at a case was told about `band`.
    async fn set_band_told(&self, case: CaseId, person: PersonId, band: AgeBand)
        -> StoreResult<()>;

    /// One case.
    async fn case(&self, id: CaseId) -> StoreResult<Option<CaseRow>>;

    /// A meeting with its case, someone's role at the table, the invitees and when the topics
    /// were published, in one read.
    async fn meeting_at_table(
        &self,
        id: MeetingId,
        person: PersonId,
    ) -> StoreResult<Option<MeetingAtTable>>;

    /// A case with someone's current role at its table, in one read.
    async fn case_at_table(&self, id: CaseId, person: PersonId)
        -> StoreResult<Option<CaseAtTable>>;

    /// The cases a person sits at, with their role.
    async fn cases_of(&self, person: PersonId) -> StoreResult<Vec<(CaseRow, Role)>>;

    /// A person's role at a case, if they sit at it.
    async fn membership(&self, case: CaseId, person: PersonId) -> StoreResult<Option<Role>>;

    /// A person's role at a case and whether they were taken off it; `None`: they never sat
    /// there, or their data there was erased on request. (For the rights that stay after
    /// leaving: erasure, consent.)
    async fn seat_ever(&self, case: CaseId, person: PersonId) -> StoreResult<Option<(Role, bool)>>;

    /// Everyone at the table.
    async fn members(&self, case: CaseId) -> StoreResult<Vec<MemberRow>>;

    /// Puts a person at the table. Never changes the role of someone who is already there (that
    /// is [`AccessStore::change_role`]); returns `false` then. Someone who was removed comes back.
    async fn add_member(
        &self,
        case: CaseId,
        person: PersonId,
        role: Role,
        relation: &str,
        now: i64,
    ) -> StoreResult<bool>;

    /// Adds a meeting with its invitees.
    async fn create_meeting(&self, m: NewMeeting, now: i64) -> StoreResult<MeetingId>;

    /// One meeting.
    async fn meeting(&self, id: MeetingId) -> StoreResult<Option<MeetingRow>>;

    /// A case's meetings, soonest first.
    async fn meetings_of_case(&self, case: CaseId) -> StoreResult<Vec<MeetingRow>>;

    /// Who is invited to a meeting.
    async fn meeting_invitees(&self, meeting: MeetingId) -> StoreResult<Vec<PersonId>>;
}
