//! Cases: one young person and the people at their table.
//!
//! Pages: [`HomePage`] (my cases and meetings), [`CasePage`], [`NewCasePage`], [`InvitePersonPage`].
//! Server functions: [`my_overview`], [`load_case`], [`create_case`], [`invite_person`],
//! [`take_new_link`], [`revoke_invitation`]. Data access: `crate::store::Store`. Who sits at the
//! table (removing, role changes, lost links, closing): `table`. Supporters and "Tolk nodig":
//! `supporter`. A table someone was taken off, where their rights stay: `former`.

pub mod accounts;
pub mod age;
pub mod coach;
pub mod erase;
pub mod former;
pub mod supporter;
pub mod table;

use crate::domain::{AgeBand, CaseId, InvitationId, PersonId, Role};
use crate::error::AppError;
use crate::i18n::{k, t, tf, use_lang, Lang};
use crate::meeting::MeetingCard;
use crate::ui::{ErrorSummary, ErrorText, FieldMessage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A case on the "my cases" list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseCard {
    /// Id.
    pub id: CaseId,
    /// The young person's first name.
    pub child_first_name: String,
    /// My role at this table.
    pub my_role: Role,
    /// The next meeting, if one is planned.
    pub next_meeting: Option<MeetingCard>,
    /// For professionals: the languages someone at this table needs an interpreter for.
    pub interpreters: Vec<crate::domain::InterpreterLanguage>,
}

/// One person at the table, as others see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    /// Their id.
    pub id: PersonId,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Their relation to the young person, in their own words.
    pub relation: String,
    /// Whether this is the viewer.
    pub is_me: bool,
    /// For a supporter: the name of who brought them.
    pub brought_by: Option<String>,
    /// The language this person needs an interpreter for.
    pub interpreter: Option<crate::domain::InterpreterLanguage>,
    /// For a parent, and only for the coordinator and the family coach: whether they hold
    /// parental authority (gezag).
    pub gezag: Option<bool>,
}

#[cfg(feature = "ssr")]
impl MemberView {
    /// The people at a table as `me` sees them, with the name of who brought each supporter.
    pub fn from_rows(rows: &[crate::store::MemberRow], me: PersonId) -> Vec<MemberView> {
        rows.iter()
            .map(|m| MemberView {
                id: m.person_id,
                name: m.display_name.clone(),
                role: m.role,
                relation: m.relation.clone(),
                is_me: m.person_id == me,
                gezag: None,
                brought_by: m.brought_by.and_then(|b| {
                    rows.iter()
                        .find(|o| o.person_id == b)
                        .map(|o| o.display_name.clone())
                }),
                interpreter: m.interpreter,
            })
            .collect()
    }
}

/// An invitation, as the coordinator or mediator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    /// Id.
    pub id: InvitationId,
    /// Who it is for.
    pub name: String,
    /// Its state.
    pub state: InvitationState,
}

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationState {
    /// Can still be used.
    Open,
    /// Was used to sign in.
    Used,
    /// Too old.
    Expired,
    /// Taken back.
    Revoked,
}

impl InvitationState {
    /// Plain label.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            InvitationState::Open => t(lang, k::case_not_used_yet),
            InvitationState::Used => t(lang, k::case_used),
            InvitationState::Expired => t(lang, k::case_expired),
            InvitationState::Revoked => t(lang, k::case_withdrawn),
        }
    }
}

/// Everything the case page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDetail {
    /// Id.
    pub id: CaseId,
    /// The young person's first name only.
    pub child_first_name: String,
    /// Their age band.
    pub age_band: AgeBand,
    /// My role.
    pub my_role: Role,
    /// Everyone at the table.
    pub members: Vec<MemberView>,
    /// Meetings, soonest first.
    pub meetings: Vec<MeetingCard>,
    /// Invitations, only for those who may invite.
    pub invitations: Option<Vec<InvitationView>>,
    /// Whether the case is closed (read-only).
    pub closed: bool,
    /// For a closed case: when its words are (or were) erased, in a sentence.
    pub retention: Option<String>,
    /// Role changes and removals at this table, newest first, in plain words; for the
    /// coordinator, with the person to offer erasure for (a family member taken off the table).
    pub changes: Vec<(String, Option<(PersonId, String)>)>,
    /// For the coordinator and the family coach: the date of birth (`YYYY-MM-DD`, empty when
    /// not known) and, when known, a sentence with the age. `None` for everyone else.
    pub birth: Option<(String, Option<String>)>,
    /// A birthday that changed the rules since my last visit, told once.
    pub birthday: Option<String>,
    /// For a parent or young person: may the new coach read what they kept for the coach before?
    pub coach_question: Option<coach::CoachQuestion>,
}

/// The first page after sign-in: my cases, each with its next meeting.
#[server(prefix = "/api", endpoint = "my_overview")]
pub async fn my_overview() -> Result<Vec<CaseCard>, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let today = crate::meeting::local_now();
    let mut cards = Vec::new();
    let interpreters = if me.account_role.is_professional() {
        state.store.interpreters_at_tables_of(me.id).await?
    } else {
        Vec::new()
    };
    for (case, role) in state.store.cases_of(me.id).await? {
        let meetings = state.store.meetings_of_case(case.id).await?;
        let next = meetings
            .iter()
            .find(|m| m.starts_at >= today)
            .map(MeetingCard::from_row);
        cards.push(CaseCard {
            id: case.id,
            child_first_name: case.child_first_name,
            my_role: role,
            next_meeting: next,
            interpreters: interpreters
                .iter()
                .filter(|(c, _)| *c == case.id)
                .map(|(_, l)| *l)
                .collect(),
        });
    }
    Ok(cards)
}

/// One case, for someone at its table.
#[server(prefix = "/api", endpoint = "load_case")]
pub async fn load_case(case: CaseId) -> Result<CaseDetail, AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let (row, role) = crate::ctx::at_table(&state, me.id, case, Action::ViewCase).await?;
    let rows = crate::ctx::members(&state, case).await?;
    let mut members = MemberView::from_rows(&rows, me.id);
    if matches!(role, Role::Coordinator | Role::Mediator) {
        for (view, row) in members.iter_mut().zip(&rows) {
            view.gezag = (row.role == Role::Parent).then_some(row.gezag);
        }
    }
    let mut meetings = Vec::new();
    for m in state.store.meetings_of_case(case).await? {
        // A supporter only sees the meetings they are invited to.
        if role != Role::Supporter || crate::ctx::invitees(&state, m.id).await?.contains(&me.id) {
            meetings.push(MeetingCard::from_row(&m));
        }
    }
    let invitations = if role.may(Action::Invite) {
        let now = crate::ctx::now();
        Some(
            state
                .store
                .case_invitations(case)
                .await?
                .into_iter()
                .map(|i| {
                    let st = match crate::auth::service::link_problem(&i, now) {
                        None => InvitationState::Open,
                        Some(crate::error::LinkProblem::Used) => InvitationState::Used,
                        Some(crate::error::LinkProblem::Revoked) => InvitationState::Revoked,
                        Some(_) => InvitationState::Expired,
                    };
                    InvitationView {
                        id: i.id,
                        name: i.display_name,
                        state: st,
                    }
                })
                .collect(),
        )
    } else {
        None
    };
    let lang = crate::i18n::use_lang();
    // The table's history (with the coordinator's reasons) is not a supporter's to read.
    let events = if role == Role::Supporter {
        Vec::new()
    } else {
        state.store.membership_events(case).await?
    };
    // The coordinator can still erase a family member taken off the table, on their request:
    // offered once per person, at their newest removal, while they are not back at the table.
    let mut offered = std::collections::BTreeSet::new();
    let changes = events
        .into_iter()
        .map(|e| {
            let erase = match e.kind {
                crate::store::MembershipEventKind::Removed { role: r }
                    if role == Role::Coordinator
                        && !r.is_professional()
                        && !e.erased
                        && !rows.iter().any(|m| m.person_id == e.person_id)
                        && offered.insert(e.person_id) =>
                {
                    Some((e.person_id, e.person_name.clone()))
                }
                _ => None,
            };
            let date = crate::domain::LocalTime::from_unix(e.at).date_long(lang);
            let text = match e.kind {
                crate::store::MembershipEventKind::RoleChanged { from, to } => tf(
                    lang,
                    k::case_event_role_changed,
                    &[
                        ("date", &date),
                        ("by", &e.by_name),
                        ("person", &e.person_name),
                        ("to", &to.name(lang)),
                        ("from", &from.name(lang)),
                        ("reason", &e.reason),
                    ],
                ),
                crate::store::MembershipEventKind::Removed { role } => tf(
                    lang,
                    k::case_event_removed,
                    &[
                        ("date", &date),
                        ("by", &e.by_name),
                        ("person", &e.person_name),
                        ("role", &role.name(lang)),
                    ],
                ),
            };
            (text, erase)
        })
        .collect();
    let retention = match row.closed_at {
        Some(closed) => {
            let young = role == Role::Young;
            let (warned, erased) = state.store.retention_state(case).await?;
            Some(match erased {
                Some(at) => tf(
                    lang,
                    k::case_retention_done,
                    &[(
                        "date",
                        &crate::domain::LocalTime::from_unix(at).date_long(lang),
                    )],
                ),
                None => {
                    let on = state
                        .config
                        .retention
                        .erase_due(closed, warned.unwrap_or_else(|| state.config.clock.now()));
                    crate::i18n::fill(
                        crate::i18n::tj(lang, young, k::case_retention_notice),
                        &[(
                            "date",
                            &crate::domain::LocalTime::from_unix(on).date_long(lang),
                        )],
                    )
                }
            })
        }
        None => None,
    };
    let birth = matches!(role, Role::Coordinator | Role::Mediator)
        .then(|| age::shown(&row, crate::ctx::now_of(&state), lang));
    let birthday = age::notice(&state, me.id, &row, role, lang).await?;
    let coach_question = match row.closed_at {
        None => coach::question(&state, me.id, case, role, lang).await?,
        Some(_) => None,
    };
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "case.read",
        format!("case:{case}"),
    )
    .await?;
    Ok(CaseDetail {
        id: case,
        child_first_name: row.child_first_name,
        age_band: row.age_band,
        my_role: role,
        members,
        meetings,
        invitations,
        closed: row.closed_at.is_some(),
        retention,
        changes,
        birth,
        birthday,
        coach_question,
    })
}

/// Whether the caller may open a case (coordinators only); the new-case page asks first.
#[server(prefix = "/api", endpoint = "load_new_case")]
pub async fn load_new_case() -> Result<(), AppError> {
    let (_, me) = crate::ctx::signed_in().await?;
    if me.account_role != Role::Coordinator {
        return Err(AppError::NotAllowed);
    }
    Ok(())
}

/// A coordinator opens a new case and sits at its table.
#[server(prefix = "/api", endpoint = "create_case")]
pub async fn create_case(
    first_name: String,
    birth_date: Option<String>,
    age_band: Option<String>,
) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    if me.account_role != Role::Coordinator {
        return Err(AppError::NotAllowed);
    }
    let now = crate::ctx::now_of(&state);
    let today = crate::domain::dutch_date(now);
    let mut errors = Vec::new();
    let first_name = crate::domain::name("first_name", &first_name, &mut errors);
    let birth_raw = birth_date.unwrap_or_default();
    let born = crate::domain::birth_date("birth_date", &birth_raw, today, &mut errors);
    // A known date of birth decides the band; without one, the band chosen does.
    let band = match born {
        Some(b) => Some(AgeBand::on(b, today)),
        None if errors.iter().any(|e| e.field == "birth_date") => Some(AgeBand::Under12),
        None => AgeBand::parse(age_band.as_deref().unwrap_or_default()),
    };
    if band.is_none() {
        errors.push(crate::error::FieldError {
            field: "age_band".into(),
            problem: crate::error::Problem::Choice,
        });
    }
    let (Some(band), true) = (band, errors.is_empty()) else {
        return Err(AppError::Invalid {
            errors,
            echo: vec![
                ("first_name".into(), first_name),
                ("birth_date".into(), birth_raw.chars().take(10).collect()),
            ],
        });
    };
    let id = state
        .store
        .create_case(&first_name, band, born, me.id, now)
        .await?;
    crate::ctx::audit(&state, me.id, Some(id), "case.create", format!("case:{id}")).await?;
    leptos_axum::redirect(&format!("/cases/{id}"));
    Ok(())
}

/// A coordinator or mediator invites someone to the table.
///
/// - An address that already has an account only gets a seat at this table: no link is made, so
///   an invitation never opens someone else's account. The person finds the case at their next
///   sign-in. The account's kind must fit the role (a parent's address never becomes a coach's or
///   the child's).
/// - Someone new gets an account and a link, shown once on the next page (never in a URL).
/// - Only a coordinator makes accounts for new professionals; coordinators come from the
///   `add-coordinator` command only. A role never changes through an invitation.
#[server(prefix = "/api", endpoint = "invite_person")]
pub async fn invite_person(
    case: CaseId,
    name: String,
    role: Option<String>,
    relation: String,
    email: String,
) -> Result<(), AppError> {
    let role = role.unwrap_or_default();
    use crate::domain::Action;
    use crate::error::{FieldError, Problem};
    use crate::store::NewPerson;
    let (state, me) = crate::ctx::signed_in().await?;
    crate::ctx::require(&state, me.id, case, Action::Invite).await?;
    let mut errors = Vec::new();
    let name = crate::domain::name("name", &name, &mut errors);
    // A supporter is brought by the family through its own form, never invited here.
    let role_parsed = Role::parse(&role).filter(|r| Role::INVITED.contains(r));
    if role_parsed.is_none() {
        errors.push(FieldError {
            field: "role".into(),
            problem: Problem::Choice,
        });
    }
    let relation = crate::domain::text("relation", &relation, 0, 60, &mut errors);
    let professional = role_parsed.is_some_and(Role::is_professional);
    let email_v = crate::domain::email("email", &email, professional, &mut errors);
    let existing = match &email_v {
        Some(e) => state.store.person_by_email(e).await?,
        None => None,
    };
    if let Some(r) = role_parsed {
        let account = existing
            .as_ref()
            .map(|p| (p.account_role, p.disabled_at.is_some()));
        if let Some((field, problem)) =
            crate::domain::invitation_problem(me.account_role, account, r)
        {
            errors.push(FieldError {
                field: field.into(),
                problem,
            });
        }
    }
    let echo = vec![
        ("name".to_string(), name.clone()),
        ("role".to_string(), role.chars().take(20).collect()),
        ("relation".to_string(), relation.clone()),
        ("email".to_string(), email.chars().take(254).collect()),
    ];
    let Some(role) = role_parsed.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid { errors, echo });
    };
    let now = crate::ctx::now();
    // With mail on, an invitation mail goes to the address that was entered, with a sign-in link
    // of its own for someone new (made when it is sent; the one shown here works as well).
    let mail_on = state.config.mail.is_some() && email_v.is_some();
    // A link only for someone new: an existing account is never opened by an invitation.
    let token = existing
        .is_none()
        .then(crate::auth::service::Token::generate);
    let token_hash = token.as_ref().map(|t| t.hash());
    let shown_name = existing
        .as_ref()
        .map_or_else(|| name.clone(), |p| p.display_name.clone());
    let seat = crate::store::Seat {
        case,
        person: match &existing {
            Some(p) => Ok(p.id),
            None => Err(NewPerson {
                display_name: name.clone(),
                email: email_v,
                password_hash: None,
                account_role: role,
            }),
        },
        role,
        relation: &relation,
        brought: None,
        upcoming_from: crate::meeting::local_now(),
        link: token_hash
            .as_deref()
            .map(|h| (h, now + state.config.invitation_days * 24 * 3600, me.id)),
        mail: mail_on.then(|| {
            (
                crate::mail::message_id(&state.config.public_url),
                existing.is_none(),
            )
        }),
        now,
    };
    let Some((person, invitation)) = state.store.seat(seat).await? else {
        return Err(AppError::Invalid {
            errors: vec![FieldError {
                field: "email".into(),
                problem: Problem::AlreadyAtTable,
            }],
            echo,
        });
    };
    let shown = Seated {
        person,
        invitation,
        token,
        name: shown_name,
    };
    shown
        .show(
            &state,
            me.id,
            case,
            "member.add",
            &format!("/cases/{case}/invite"),
        )
        .await
}

/// A link (or a seat at the table) that was just made, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLink {
    /// Whose it is.
    pub name: String,
    /// The link; `None` when the person already had an account and only got a seat.
    pub link: Option<String>,
    /// The link as a QR code (SVG), to show on the coach's screen.
    pub qr_svg: Option<String>,
}

/// The link made just before on this browser for this page, once (the invite page calls it; it
/// also checks that the caller may invite at this table).
#[server(prefix = "/api", endpoint = "take_new_link")]
pub async fn take_new_link(case: CaseId) -> Result<Option<NewLink>, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    crate::ctx::require(&state, me.id, case, crate::domain::Action::Invite).await?;
    taken_once(&state, &format!("/cases/{case}/invite")).await
}

/// Someone just seated at a table, with the link made for them (none for an existing account).
#[cfg(feature = "ssr")]
pub(crate) struct Seated {
    /// Who.
    pub person: PersonId,
    /// Their invitation, if a link was made.
    pub invitation: Option<InvitationId>,
    /// The link's token (never logged).
    pub token: Option<crate::auth::service::Token>,
    /// The name to show with the link.
    pub name: String,
}

#[cfg(feature = "ssr")]
impl Seated {
    /// Records the seat (`audit_action`, ids only) and the link made, keeps the link for one view
    /// of `page` in this browser, and sends the browser there.
    pub(crate) async fn show(
        self,
        state: &crate::ctx::AppState,
        me: PersonId,
        case: CaseId,
        audit_action: &str,
        page: &str,
    ) -> Result<(), AppError> {
        crate::ctx::audit(
            state,
            me,
            Some(case),
            audit_action,
            format!("person:{}", self.person),
        )
        .await?;
        if let Some(inv) = self.invitation {
            crate::auth::service::security_event(
                state,
                Some(me),
                "link.made",
                format!("invitation:{inv}"),
            )
            .await?;
        }
        let link = self
            .token
            .map(|t| format!("{}/invite/{}", state.config.public_url, t.expose()));
        let shown = NewLink {
            name: self.name,
            qr_svg: link.as_deref().and_then(crate::auth::service::qr_svg),
            link,
        };
        show_once(state, page, &shown).await?;
        leptos_axum::redirect(page);
        Ok(())
    }
}

/// Keeps a link (or the news of a new seat) for the next view of `path` in this browser only.
#[cfg(feature = "ssr")]
pub(crate) async fn show_once(
    state: &crate::ctx::AppState,
    path: &str,
    shown: &NewLink,
) -> Result<(), AppError> {
    let payload = serde_json::to_string(shown).map_err(AppError::internal)?;
    let cookie = crate::auth::service::flash_link(state, path, &payload).await?;
    crate::ctx::set_cookie(&cookie)
}

/// What [`show_once`] kept for `path`, once.
#[cfg(feature = "ssr")]
pub(crate) async fn taken_once(
    state: &crate::ctx::AppState,
    path: &str,
) -> Result<Option<NewLink>, AppError> {
    Ok(crate::auth::service::take_link_flash(state, path)
        .await?
        .and_then(|p| serde_json::from_str(&p).ok()))
}

/// Takes back an invitation that was not used yet.
#[server(prefix = "/api", endpoint = "revoke_invitation")]
pub async fn revoke_invitation(case: CaseId, invitation: InvitationId) -> Result<(), AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    crate::ctx::require(&state, me.id, case, Action::Invite).await?;
    if !state
        .store
        .revoke_invitation(case, invitation, crate::ctx::now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "invitation.revoke",
        format!("invitation:{invitation}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}"));
    Ok(())
}

/// "My cases and meetings", the first page after sign-in; a welcome for everyone else.
#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        {crate::ui::page_body(async move { match my_overview().await {
                Err(AppError::SignInNeeded) => view! { <Welcome/> }.into_any(),
                Err(e) => view! { <h1>{t(lang, k::case_my_cases)}</h1><ErrorText error=e/> }.into_any(),
                Ok(cards) => view! { <MyCases cards=cards/> }.into_any(),
        }})}
    }
}

#[component]
fn Welcome() -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{t(lang, k::case_welcome_to_aan_tafel)}</h1>
        <p class="lead">{t(lang, k::case_aan_tafel_helps_parents_young)}</p>
        <h2>{t(lang, k::case_how_do_i_get_in)}</h2>
        <p>{t(lang, k::case_you_get_a_personal_link)}</p>
        <p><a href="/sign-in">{t(lang, k::auth_sign_in_for_professionals)}</a></p>
    }
}

#[component]
fn MyCases(cards: Vec<CaseCard>) -> impl IntoView {
    let lang = use_lang();
    let is_coordinator = crate::ui::use_viewer().is_some_and(|v| v.role == Role::Coordinator);
    let empty = cards.is_empty();
    view! {
        <h1>{t(lang, k::case_my_cases_and_meetings)}</h1>
        {empty.then(|| view! {
            <p>{crate::i18n::tj(lang, crate::ui::reads_je(), k::case_you_are_not_at_anyone)}</p>
        })}
        <ul class="cards">
            {cards.into_iter().map(|c| {
                let href = format!("/cases/{}", c.id);
                view! {
                    <li class="card">
                        <h2><a href=href>{c.child_first_name.clone()}</a></h2>
                        <p class="meta">{crate::i18n::tj(lang, crate::ui::reads_je(), k::case_your_role)}{c.my_role.name(lang)}</p>
                        {(!c.interpreters.is_empty()).then(|| view! {
                            <p class="tag interpreter">{tf(lang, k::support_interpreter_needed, &[("languages", &c.interpreters.iter().map(|l| l.name(lang)).collect::<Vec<_>>().join(", "))])}</p>
                        })}
                        {match c.next_meeting {
                            Some(m) => view! { <crate::meeting::MeetingSummary meeting=m/> }.into_any(),
                            None => view! { <p>{t(lang, k::case_no_meeting_is_planned_yet)}</p> }.into_any(),
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
        {is_coordinator.then(|| view! {
            <p><a class="button secondary" href="/cases/new">{t(lang, k::case_open_a_new_case)}</a></p>
            <p><a href="/accounts">{t(lang, k::case_professional_accounts)}</a>" · "
                <a href="/schools">{t(lang, k::case_schools)}</a></p>
        })}
        <SignOutEverywhere/>
    }
}

/// "Sign out on all devices": for a lost or shared phone. Every session of this person ends.
#[component]
pub fn SignOutEverywhere() -> impl IntoView {
    let lang = use_lang();
    let young = crate::ui::use_viewer().is_some_and(|v| v.role == Role::Young);
    let url = <crate::auth::SignOutEverywhere as server_fn::ServerFn>::url();
    view! {
        <section aria-labelledby="everywhere-h">
            <h2 id="everywhere-h">{t(lang, k::case_lost_your_phone)}</h2>
            <p>{if young { t(lang, k::case_then_sign_out_on_all) } else { t(lang, k::case_then_sign_out_on_all_2) }}</p>
            <form method="post" action=url class="inline">
                <button type="submit" class="button secondary">{t(lang, k::case_sign_out_on_all_devices)}</button>
            </form>
        </section>
    }
}

/// A case: whose it is, who is at the table, the meetings.
#[component]
pub fn CasePage() -> impl IntoView {
    let id = crate::ui::route_id(CaseId).get_untracked();
    crate::ui::page(
        k::case_case,
        async move { load_case(id.ok_or(AppError::NotFound)?).await },
        |d| view! { <CaseView d=d/> },
    )
}

#[component]
fn CaseView(d: CaseDetail) -> impl IntoView {
    let lang = use_lang();
    let closed = d.closed;
    let retention = d.retention.clone();
    let my_role = d.my_role;
    let may_invite = d.my_role.may(crate::domain::Action::Invite) && !closed;
    let may_bring = d.my_role.may(crate::domain::Action::BringSupporter);
    let may_plan = d.my_role.may(crate::domain::Action::PlanMeeting) && !closed;
    let case_id = d.id;
    let remove = ServerAction::<table::RemovePerson>::new();
    let gezag_action = ServerAction::<table::SetGezag>::new();
    let close = ServerAction::<table::CloseCase>::new();
    let changes = d.changes.clone();
    let others: Vec<(PersonId, String)> = d
        .members
        .iter()
        .filter(|m| !m.is_me)
        .map(|m| (m.id, m.name.clone()))
        .collect();
    let title = tf(
        lang,
        k::case_at_the_table_for,
        &[("name", &d.child_first_name)],
    );
    let child = d.child_first_name.clone();
    let birth = d.birth.clone();
    view! {
        <h1>{title}</h1>
        {d.birthday.clone().map(|text| view! {
            <div class="notice" role="status"><p>{text}</p></div>
        })}
        {d.coach_question.clone().map(|q| view! {
            <coach::NewCoachQuestion case=case_id q=q young=my_role == Role::Young/>
        })}
        {closed.then(|| view! {
            <div class="notice" role="status">
                <p>{if my_role == Role::Young { t(lang, k::case_this_case_is_closed_you) } else { t(lang, k::case_this_case_is_closed_you_2) }}</p>
                {retention.clone().map(|r| view! { <p>{r}</p> })}
                {retention.is_some().then(|| view! { <p><a href="/my-data">{t(lang, k::export_link)}</a></p> })}
            </div>
        })}
        <p class="meta">{d.child_first_name.clone()}", "{d.age_band.label(lang)}". "
            {crate::i18n::tj(lang, crate::ui::reads_je(), k::case_your_role)}{d.my_role.name(lang)}"."</p>
        {birth.map(|(value, line)| view! {
            {line.map(|l| view! { <p class="meta">{l}</p> })}
            {(my_role == Role::Coordinator && !closed).then(|| view! {
                <age::BirthDateForm case=case_id value=value/>
            })}
        })}
        <section aria-labelledby="meetings-h">
            <h2 id="meetings-h">{t(lang, k::case_meetings)}</h2>
            {d.meetings.is_empty().then(|| view! {
                <p>{t(lang, k::case_no_meeting_is_planned_yet)}</p>
            })}
            <ul class="cards">
                {d.meetings.into_iter().map(|m| view! { <li class="card"><crate::meeting::MeetingSummary meeting=m/></li> }).collect_view()}
            </ul>
            {may_plan.then(|| view! {
                <p><a class="button secondary" href=format!("/cases/{case_id}/meetings/new")>{t(lang, k::case_plan_a_meeting)}</a></p>
            })}
        </section>
        {d.my_role.may(crate::domain::Action::ViewPlan).then(|| view! {
            <p><a href=format!("/cases/{case_id}/plan")>{t(lang, k::case_the_plan_goals_and_actions)}</a></p>
            <p><a href=format!("/cases/{case_id}/agreements")>{t(lang, k::follow_all_agreements)}</a></p>
        })}
        <p><a href=format!("/cases/{case_id}/profile")>{crate::i18n::fill(crate::i18n::tj(lang, crate::ui::reads_je(), k::profile_title), &[("child", &child)])}</a></p>
        {matches!(d.my_role, crate::domain::Role::Mediator | crate::domain::Role::Coordinator).then(|| view! {
            <p><a href=format!("/cases/{case_id}/sync")>{t(lang, k::case_keeping_the_care_plan_in)}</a></p>
            <p><a href=format!("/cases/{case_id}/mail")>{t(lang, k::mail_log_title)}</a></p>
        })}
        <section aria-labelledby="table-h">
            <h2 id="table-h">{t(lang, k::case_who_is_at_the_table)}</h2>
            <ul class="people">
                {d.members.into_iter().map(|m| {
                    let manage = may_invite && !closed && !m.is_me
                        && (m.role != Role::Coordinator || my_role == Role::Coordinator);
                    let family = !m.role.is_professional();
                    let person = m.id;
                    view! {
                    <li>
                        <p class="person">
                            <strong><bdi>{m.name.clone()}</bdi></strong>
                            {m.is_me.then(|| crate::i18n::tj(lang, crate::ui::reads_je(), k::case_you))}
                            " · "{m.role.name(lang)}
                            {(!m.relation.is_empty()).then(|| view! { " · "<bdi>{m.relation.clone()}</bdi> })}
                        </p>
                        {m.brought_by.clone().map(|by| view! {
                            <p class="meta">{tf(lang, k::support_brought_by, &[("name", &by)])}</p>
                        })}
                        {m.interpreter.map(|l| view! {
                            <p class="tag interpreter">{tf(lang, k::support_interpreter_needed, &[("languages", &l.name(lang))])}</p>
                        })}
                        <p class="explain">{m.role.explain(lang)}</p>
                        {m.gezag.map(|g| view! {
                            <p class="meta">{t(lang, if g { k::case_gezag_yes } else { k::case_gezag_no })}</p>
                        })}
                        {m.gezag.filter(|_| my_role == Role::Coordinator && !closed).map(|g| {
                            let name = m.name.clone();
                            view! {
                            <ActionForm action=gezag_action attr:class="inline">
                                <input type="hidden" name="case" value=case_id.0/>
                                <input type="hidden" name="person" value=person.0/>
                                <input type="hidden" name="gezag" value=if g { "no" } else { "yes" }/>
                                <button type="submit" class="link-button">
                                    {t(lang, if g { k::case_gezag_set_no } else { k::case_gezag_set_yes })}
                                    <span class="visually-hidden">{format!(" ({name})")}</span>
                                </button>
                            </ActionForm>
                        }})}
                        {(my_role == Role::Coordinator && family && !m.is_me).then(|| view! {
                            <p><a href=format!("/cases/{case_id}/people/{person}/erase")>
                                {t(lang, k::erase_person_link)}
                                <span class="visually-hidden">{format!(" ({})", m.name)}</span></a></p>
                        })}
                        {(manage && family).then(|| view! {
                            <p><a href=format!("/cases/{case_id}/people/{person}/link")>
                                {t(lang, k::case_make_a_new_link)}
                                <span class="visually-hidden">{format!(" ({})", m.name)}</span></a></p>
                        })}
                        {manage.then(|| view! {
                            <ActionForm action=remove attr:class="inline">
                                <input type="hidden" name="case" value=case_id.0/>
                                <input type="hidden" name="person" value=person.0/>
                                <button type="submit" class="link-button">
                                    {t(lang, k::case_take_off_the_table)}
                                    <span class="visually-hidden">{format!(" ({})", m.name)}</span>
                                </button>
                            </ActionForm>
                        })}
                    </li>
                }}).collect_view()}
            </ul>
            {may_invite.then(|| view! {
                <p><a class="button secondary" href=format!("/cases/{case_id}/invite")>{t(lang, k::case_invite_someone)}</a></p>
            })}
            {may_bring.then(|| view! {
                <p><a class="button secondary" href=format!("/cases/{case_id}/support")>{crate::i18n::tj(lang, crate::ui::reads_je(), k::support_title)}</a></p>
            })}
        </section>
        {(!changes.is_empty()).then(|| view! {
            <section aria-labelledby="changes-h">
                <h2 id="changes-h">{t(lang, k::case_changes_at_the_table)}</h2>
                <ul>{changes.into_iter().map(|(c, erase)| view! {
                    <li>{c}{erase.map(|(person, name)| view! {
                        " "<a href=format!("/cases/{case_id}/people/{person}/erase")>{t(lang, k::erase_person_link)}
                            <span class="visually-hidden">{format!(" ({name})")}</span></a>
                    })}</li>
                }).collect_view()}</ul>
            </section>
        })}
        {d.invitations.filter(|_| !closed).map(|list| view! { <InvitationList case_id=case_id list=list/> })}
        {(my_role == Role::Coordinator && !closed && !others.is_empty()).then(|| view! {
            <RoleChangeForm case_id=case_id people=others/>
        })}
        {(my_role == Role::Coordinator && !closed).then(|| view! {
            <section aria-labelledby="close-h">
                <h2 id="close-h">{t(lang, k::case_close_the_case)}</h2>
                <p>{t(lang, k::case_everyone_at_the_table_can)}</p>
                <ActionForm action=close attr:class="inline">
                    <input type="hidden" name="case" value=case_id.0/>
                    <button type="submit" class="button secondary">{t(lang, k::case_close_the_case)}</button>
                </ActionForm>
            </section>
        })}
    }
}

/// A coordinator's form to give someone at the table another role, with a reason.
#[component]
fn RoleChangeForm(case_id: CaseId, people: Vec<(PersonId, String)>) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<table::ChangeRole>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    view! {
        <section aria-labelledby="role-h">
            <h2 id="role-h">{t(lang, k::case_give_someone_another_role)}</h2>
            <p>{t(lang, k::case_a_role_never_changes_by)}</p>
            <ErrorSummary error=error/>
            <ActionForm action=action attr:class="stack">
                <input type="hidden" name="case" value=case_id.0/>
                <div class="field">
                    <label for="person">{t(lang, k::case_who)}</label>
                    <select id="person" name="person">
                        {people.into_iter().map(|(id, name)| view! { <option value=id.0>{name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="role">{t(lang, k::case_new_role)}</label>
                    <FieldMessage error=error field="role"/>
                    <select id="role" name="role" aria-describedby="role-error">
                        {Role::INVITED.into_iter().map(|r| view! { <option value=r.code()>{r.name(lang)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="reason">{t(lang, k::case_reason)}</label>
                    <FieldMessage error=error field="reason"/>
                    <input id="reason" name="reason" type="text" maxlength="300" required aria-describedby="reason-error"/>
                </div>
                <button type="submit" class="button secondary">{t(lang, k::case_change_role)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn InvitationList(case_id: CaseId, list: Vec<InvitationView>) -> impl IntoView {
    let lang = use_lang();
    let revoke = ServerAction::<RevokeInvitation>::new();
    view! {
        <section aria-labelledby="inv-h">
            <h2 id="inv-h">{t(lang, k::case_invitations)}</h2>
            {list.is_empty().then(|| view! { <p>{t(lang, k::case_no_invitations_yet)}</p> })}
            <ul class="people">
                {list.into_iter().map(|i| {
                    let open = i.state == InvitationState::Open;
                    view! {
                        <li>
                            <p>{i.name.clone()}": "{i.state.label(lang)}</p>
                            {open.then(|| view! {
                                <ActionForm action=revoke attr:class="inline">
                                    <input type="hidden" name="case" value=case_id.0/>
                                    <input type="hidden" name="invitation" value=i.id.0/>
                                    <button type="submit" class="link-button">
                                        {t(lang, k::case_withdraw_link)}
                                        <span class="visually-hidden">{format!(" ({})", i.name)}</span>
                                    </button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A coordinator opens a case.
#[component]
pub fn NewCasePage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<CreateCase>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let echo = move |f: &'static str| {
        error
            .get()
            .and_then(|e| e.echoed(f).map(str::to_string))
            .unwrap_or_default()
    };
    view! {
        <h1>{t(lang, k::case_open_a_new_case)}</h1>
        {crate::ui::page_body(async move { match load_new_case().await {
            Err(e) => view! { <ErrorText error=e/> }.into_any(),
            Ok(()) => view! {
        <p>{t(lang, k::case_a_case_is_about_one)}</p>
        <ErrorSummary error=error/>
        <ActionForm action=action attr:class="stack" attr:novalidate=true>
            <div class="field">
                <label for="first_name">{t(lang, k::case_the_child_s_first_name)}</label>
                <FieldMessage error=error field="first_name"/>
                <input id="first_name" name="first_name" type="text" autocomplete="off" required maxlength="80"
                    value=move || echo("first_name") aria-describedby="first_name-error"/>
            </div>
            <div class="field">
                <label for="birth_date">{t(lang, k::age_birth_date)}</label>
                <p class="hint" id="birth_date-hint">{t(lang, k::age_birth_date_hint)}</p>
                <FieldMessage error=error field="birth_date"/>
                <input id="birth_date" name="birth_date" type="date" autocomplete="off"
                    value=move || echo("birth_date") aria-describedby="birth_date-hint birth_date-error"/>
            </div>
            <fieldset class="field" id="age_band" tabindex="-1">
                <legend>{t(lang, k::case_age)}</legend>
                <p class="hint">{t(lang, k::age_birth_date_or_band)}</p>
                <p class="hint" id="age_band-hint">{t(lang, k::case_the_age_decides_who_may)}</p>
                <FieldMessage error=error field="age_band"/>
                {AgeBand::ALL.into_iter().map(|b| {
                    let id = format!("age_band-{}", b.code());
                    view! {
                        <div class="choice">
                            <input type="radio" name="age_band" id=id.clone() value=b.code()/>
                            <label for=id>{b.label(lang)}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button">{t(lang, k::case_open_case)}</button>
        </ActionForm>
            }.into_any(),
        }})}
    }
}

/// A coordinator or mediator invites someone, and then sees the link once.
#[component]
pub fn InvitePersonPage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::ui::route_id(CaseId).get_untracked();
    let action = ServerAction::<InvitePerson>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let echo = move |f: &'static str| {
        error
            .get()
            .and_then(|e| e.echoed(f).map(str::to_string))
            .unwrap_or_default()
    };
    view! {
        <h1>{t(lang, k::case_invite_someone)}</h1>
        {crate::ui::page_body(async move {
            let loaded = match id { Some(id) => take_new_link(id).await, None => Err(AppError::NotFound) };
            match loaded {
            Err(e) => view! { <ErrorText error=e/> }.into_any(),
            Ok(shown) => view! {
        {shown.map(|n| view! { <NewLinkNotice shown=n/> })}
        <ErrorSummary error=error/>
        <ActionForm action=action attr:class="stack" attr:novalidate=true>
            <input type="hidden" name="case" value=id.map(|c| c.0).unwrap_or_default()/>
            <div class="field">
                <label for="name">{t(lang, k::case_name)}</label>
                <p class="hint" id="name-hint">{t(lang, k::case_as_the_others_at_the)}</p>
                <FieldMessage error=error field="name"/>
                <input id="name" name="name" type="text" autocomplete="off" required maxlength="80"
                    value=move || echo("name") aria-describedby="name-hint name-error"/>
            </div>
            <fieldset class="field" id="role" tabindex="-1">
                <legend>{t(lang, k::case_role_at_the_table)}</legend>
                <FieldMessage error=error field="role"/>
                {Role::INVITED.into_iter().map(|r| {
                    let id = format!("role-{}", r.code());
                    let checked = move || echo("role") == r.code();
                    view! {
                        <div class="choice">
                            <input type="radio" name="role" id=id.clone() value=r.code() checked=checked/>
                            <label for=id>{r.name(lang)}<span class="hint">" — "{r.explain(lang)}</span></label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="relation">{t(lang, k::case_relation_to_the_child_optional)}</label>
                <p class="hint" id="relation-hint">{t(lang, k::case_for_example_mother_grandad_mentor)}</p>
                <FieldMessage error=error field="relation"/>
                <input id="relation" name="relation" type="text" autocomplete="off" maxlength="60"
                    value=move || echo("relation") aria-describedby="relation-hint relation-error"/>
            </div>
            <div class="field">
                <label for="email">{t(lang, k::auth_email_address)}</label>
                <p class="hint" id="email-hint">{t(lang, k::case_needed_for_professionals_they_sign)}</p>
                <FieldMessage error=error field="email"/>
                <input id="email" name="email" type="email" autocomplete="off" maxlength="254"
                    value=move || echo("email") aria-describedby="email-hint email-error"/>
            </div>
            <button type="submit" class="button">{t(lang, k::case_make_link)}</button>
        </ActionForm>
        <p><a href=id.map(|c| format!("/cases/{c}")).unwrap_or_else(|| "/".into())>
            {t(lang, k::case_back_to_the_case)}</a></p>
            }.into_any(),
        }})}
    }
}

/// A link that was just made (shown once, with a QR code to scan from the screen), or the news
/// that someone with an account now sits at the table.
#[component]
pub fn NewLinkNotice(shown: NewLink) -> impl IntoView {
    let lang = use_lang();
    match shown.link {
        Some(link) => view! {
            <div class="notice success" role="status">
                <h2>{t(lang, k::case_the_link_is_ready)}</h2>
                <p>{crate::i18n::tj(lang, crate::ui::reads_je(), k::case_give_this_link_to_the)}</p>
                <p class="meta">{t(lang, k::case_for)}<bdi>{shown.name.clone()}</bdi></p>
                {shown.qr_svg.map(|svg| view! { <div class="qr" role="img" aria-label=t(lang, k::case_qr_code_of_the_link) inner_html=svg></div> })}
                <p><code class="link-box" id="new-link">{link.clone()}</code></p>
                <crate::ui::CopyButton text=link label=t(lang, k::ui_copy_link).to_string() done=t(lang, k::ui_copied).to_string()/>
            </div>
        }.into_any(),
        None => view! {
            <div class="notice success" role="status">
                <h2>{t(lang, k::case_this_person_is_now_at)}</h2>
                <p><bdi>{shown.name.clone()}</bdi>{t(lang, k::case_already_has_an_account_no)}</p>
            </div>
        }.into_any(),
    }
}

/// The portal's public address, for showing whole links.
#[server(prefix = "/api", endpoint = "public_url")]
pub async fn public_url() -> Result<String, AppError> {
    Ok(crate::ctx::state()?.config.public_url.clone())
}
