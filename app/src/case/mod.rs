//! Cases: one young person and the people at their table.
//!
//! Pages: [`HomePage`] (my cases and meetings), [`CasePage`], [`NewCasePage`], [`InvitePersonPage`].
//! Server functions: [`my_overview`], [`load_case`], [`create_case`], [`invite_person`],
//! [`revoke_invitation`]. Data access: `crate::store::Store`.

use crate::domain::{AgeBand, CaseId, InvitationId, PersonId, Role};
use crate::error::AppError;
use crate::i18n::{tr, use_lang, Lang};
use crate::meeting::MeetingCard;
use crate::ui::{ErrorSummary, ErrorText, FieldMessage, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
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
            InvitationState::Open => tr(lang, "nog niet gebruikt", "not used yet"),
            InvitationState::Used => tr(lang, "gebruikt", "used"),
            InvitationState::Expired => tr(lang, "verlopen", "expired"),
            InvitationState::Revoked => tr(lang, "ingetrokken", "withdrawn"),
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
}

/// The first page after sign-in: my cases, each with its next meeting.
#[server(prefix = "/api", endpoint = "my_overview")]
pub async fn my_overview() -> Result<Vec<CaseCard>, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let today = crate::meeting::local_now();
    let mut cards = Vec::new();
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
        });
    }
    Ok(cards)
}

/// One case, for someone at its table.
#[server(prefix = "/api", endpoint = "load_case")]
pub async fn load_case(case: CaseId) -> Result<CaseDetail, AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let role = crate::ctx::require(&state, me.id, case, Action::ViewCase).await?;
    let row = state.store.case(case).await?.ok_or(AppError::NotFound)?;
    let members = state
        .store
        .members(case)
        .await?
        .into_iter()
        .map(|m| MemberView {
            id: m.person_id,
            name: m.display_name,
            role: m.role,
            relation: m.relation,
            is_me: m.person_id == me.id,
        })
        .collect();
    let meetings = state
        .store
        .meetings_of_case(case)
        .await?
        .iter()
        .map(MeetingCard::from_row)
        .collect();
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
    })
}

/// A coordinator opens a new case and sits at its table.
#[server(prefix = "/api", endpoint = "create_case")]
pub async fn create_case(first_name: String, age_band: Option<String>) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    if me.account_role != Role::Coordinator {
        return Err(AppError::NotAllowed);
    }
    let mut errors = Vec::new();
    let first_name = crate::domain::name("first_name", &first_name, &mut errors);
    let band = AgeBand::parse(age_band.as_deref().unwrap_or_default());
    if band.is_none() {
        errors.push(crate::error::FieldError {
            field: "age_band".into(),
            problem: crate::error::Problem::Choice,
        });
    }
    let (Some(band), true) = (band, errors.is_empty()) else {
        return Err(AppError::Invalid {
            errors,
            echo: vec![("first_name".into(), first_name)],
        });
    };
    let id = state
        .store
        .create_case(&first_name, band, me.id, crate::ctx::now())
        .await?;
    crate::ctx::audit(&state, me.id, Some(id), "case.create", format!("case:{id}")).await?;
    leptos_axum::redirect(&format!("/cases/{id}"));
    Ok(())
}

/// A coordinator or mediator invites someone to the table. Shows the link once.
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
    let role_parsed = Role::parse(&role);
    if role_parsed.is_none() {
        errors.push(FieldError {
            field: "role".into(),
            problem: Problem::Choice,
        });
    }
    let relation = crate::domain::text("relation", &relation, 0, 60, &mut errors);
    let professional = role_parsed.is_some_and(Role::is_professional);
    let email_v = crate::domain::email("email", &email, professional, &mut errors);
    // An address that belongs to a family account cannot become a professional's, or the reverse.
    let existing = match &email_v {
        Some(e) => state.store.person_by_email(e).await?,
        None => None,
    };
    if let (Some(p), Some(r)) = (&existing, role_parsed) {
        if p.account_role.is_professional() != r.is_professional() || !r.is_professional() {
            errors.push(FieldError {
                field: "email".into(),
                problem: Problem::EmailTaken,
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
    let person = match existing {
        Some(p) => p.id,
        None => {
            state
                .store
                .create_person(NewPerson {
                    display_name: name,
                    email: email_v,
                    password_hash: None,
                    account_role: role,
                })
                .await?
        }
    };
    state
        .store
        .add_member(case, person, role, &relation, now)
        .await?;
    // Someone new at the table is invited to every meeting that has not happened yet.
    let today = crate::meeting::local_now();
    for m in state.store.meetings_of_case(case).await? {
        if m.starts_at >= today {
            state.store.add_invitee(m.id, person).await?;
        }
    }
    let (inv, link) = crate::auth::service::invite(&state, person, Some(case), Some(me.id)).await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "invitation.create",
        format!("invitation:{inv}"),
    )
    .await?;
    let token = link.rsplit('/').next().unwrap_or_default();
    leptos_axum::redirect(&format!("/cases/{case}/invite?new={token}"));
    Ok(())
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
    let overview = Resource::new(|| (), |_| my_overview());
    view! {
        <Suspense fallback=Loading>
            {move || overview.get().map(|r| match r {
                Err(AppError::SignInNeeded) => view! { <Welcome/> }.into_any(),
                Err(e) => view! { <h1>{tr(lang, "Mijn zaken", "My cases")}</h1><ErrorText error=e/> }.into_any(),
                Ok(cards) => view! { <MyCases cards=cards/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Welcome() -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{tr(lang, "Welkom bij Aan Tafel", "Welcome to Aan Tafel")}</h1>
        <p class="lead">{tr(lang,
            "Aan Tafel helpt ouders, jongeren, school en hulpverleners om samen een gesprek voor te bereiden. Over één kind, mét het gezin.",
            "Aan Tafel helps parents, young people, school and care workers prepare a meeting together. About one child, with the family.")}</p>
        <h2>{tr(lang, "Hoe kom ik binnen?", "How do I get in?")}</h2>
        <p>{tr(lang,
            "U krijgt een persoonlijke link van de gezinscoach of de school. Open die link op uw telefoon. U hebt geen wachtwoord nodig.",
            "You get a personal link from the family coach or the school. Open that link on your phone. You do not need a password.")}</p>
        <p><a href="/sign-in">{tr(lang, "Inloggen voor professionals", "Sign in for professionals")}</a></p>
    }
}

#[component]
fn MyCases(cards: Vec<CaseCard>) -> impl IntoView {
    let lang = use_lang();
    let is_coordinator =
        move || crate::ui::use_viewer().is_some_and(|v| v.role == Role::Coordinator);
    let empty = cards.is_empty();
    view! {
        <h1>{tr(lang, "Mijn zaken en gesprekken", "My cases and meetings")}</h1>
        {empty.then(|| view! {
            <p>{tr(lang, "U zit nog bij geen enkel kind aan tafel.", "You are not at anyone's table yet.")}</p>
        })}
        <ul class="cards">
            {cards.into_iter().map(|c| {
                let href = format!("/cases/{}", c.id);
                view! {
                    <li class="card">
                        <h2><a href=href>{c.child_first_name.clone()}</a></h2>
                        <p class="meta">{tr(lang, "Uw rol: ", "Your role: ")}{c.my_role.name(lang)}</p>
                        {match c.next_meeting {
                            Some(m) => view! { <crate::meeting::MeetingSummary meeting=m/> }.into_any(),
                            None => view! { <p>{tr(lang, "Er is nog geen gesprek gepland.", "No meeting is planned yet.")}</p> }.into_any(),
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
        <Transition fallback=|| ()>
            {move || is_coordinator().then(|| view! {
                <p><a class="button secondary" href="/cases/new">{tr(lang, "Nieuwe zaak openen", "Open a new case")}</a></p>
            })}
        </Transition>
    }
}

/// A case: whose it is, who is at the table, the meetings.
#[component]
pub fn CasePage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::ui::route_id(CaseId);
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_case(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || detail.get().map(|r| match r {
                Err(e) => view! { <h1>{tr(lang, "Zaak", "Case")}</h1><ErrorText error=e/> }.into_any(),
                Ok(d) => view! { <CaseView d=d/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CaseView(d: CaseDetail) -> impl IntoView {
    let lang = use_lang();
    let may_invite = d.my_role.may(crate::domain::Action::Invite);
    let may_plan = d.my_role.may(crate::domain::Action::PlanMeeting);
    let case_id = d.id;
    let title = match lang {
        Lang::Nl => format!("Aan tafel voor {}", d.child_first_name),
        Lang::En => format!("At the table for {}", d.child_first_name),
    };
    view! {
        <h1>{title}</h1>
        <p class="meta">{d.child_first_name.clone()}", "{d.age_band.label(lang)}". "
            {tr(lang, "Uw rol: ", "Your role: ")}{d.my_role.name(lang)}"."</p>
        <section aria-labelledby="meetings-h">
            <h2 id="meetings-h">{tr(lang, "Gesprekken", "Meetings")}</h2>
            {d.meetings.is_empty().then(|| view! {
                <p>{tr(lang, "Er is nog geen gesprek gepland.", "No meeting is planned yet.")}</p>
            })}
            <ul class="cards">
                {d.meetings.into_iter().map(|m| view! { <li class="card"><crate::meeting::MeetingSummary meeting=m/></li> }).collect_view()}
            </ul>
            {may_plan.then(|| view! {
                <p><a class="button secondary" href=format!("/cases/{case_id}/meetings/new")>{tr(lang, "Gesprek plannen", "Plan a meeting")}</a></p>
            })}
        </section>
        <p><a href=format!("/cases/{case_id}/plan")>{tr(lang, "Het plan: doelen en acties", "The plan: goals and actions")}</a></p>
        {matches!(d.my_role, crate::domain::Role::Mediator | crate::domain::Role::Coordinator).then(|| view! {
            <p><a href=format!("/cases/{case_id}/sync")>{tr(lang, "Het zorgplan bijhouden: wat is verstuurd, wat wacht nog", "Keeping the care plan in step: what was sent, what is waiting")}</a></p>
        })}
        <section aria-labelledby="table-h">
            <h2 id="table-h">{tr(lang, "Wie zitten er aan tafel?", "Who is at the table?")}</h2>
            <ul class="people">
                {d.members.into_iter().map(|m| view! {
                    <li>
                        <p class="person">
                            <strong>{m.name.clone()}</strong>
                            {m.is_me.then(|| tr(lang, " (u)", " (you)"))}
                            " · "{m.role.name(lang)}
                            {(!m.relation.is_empty()).then(|| format!(" · {}", m.relation))}
                        </p>
                        <p class="explain">{m.role.explain(lang)}</p>
                    </li>
                }).collect_view()}
            </ul>
            {may_invite.then(|| view! {
                <p><a class="button secondary" href=format!("/cases/{case_id}/invite")>{tr(lang, "Iemand uitnodigen", "Invite someone")}</a></p>
            })}
        </section>
        {d.invitations.map(|list| view! { <InvitationList case_id=case_id list=list/> })}
    }
}

#[component]
fn InvitationList(case_id: CaseId, list: Vec<InvitationView>) -> impl IntoView {
    let lang = use_lang();
    let revoke = ServerAction::<RevokeInvitation>::new();
    view! {
        <section aria-labelledby="inv-h">
            <h2 id="inv-h">{tr(lang, "Uitnodigingen", "Invitations")}</h2>
            {list.is_empty().then(|| view! { <p>{tr(lang, "Nog geen uitnodigingen.", "No invitations yet.")}</p> })}
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
                                        {tr(lang, "Link intrekken", "Withdraw link")}
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
        <h1>{tr(lang, "Nieuwe zaak openen", "Open a new case")}</h1>
        <p>{tr(lang,
            "Een zaak gaat over één kind of jongere. Vul alleen de voornaam in. Meer is niet nodig.",
            "A case is about one child or young person. Fill in the first name only. Nothing more is needed.")}</p>
        <ErrorSummary error=error/>
        <ActionForm action=action attr:class="stack" attr:novalidate=true>
            <div class="field">
                <label for="first_name">{tr(lang, "Voornaam van het kind", "The child's first name")}</label>
                <FieldMessage error=error field="first_name"/>
                <input id="first_name" name="first_name" type="text" autocomplete="off" required maxlength="80"
                    value=move || echo("first_name") aria-describedby="first_name-error"/>
            </div>
            <fieldset class="field" id="age_band" tabindex="-1">
                <legend>{tr(lang, "Leeftijd", "Age")}</legend>
                <p class="hint" id="age_band-hint">{tr(lang,
                    "De leeftijd bepaalt wie wat mag zien. Vanaf 12 jaar beslist de jongere mee, vanaf 16 jaar beslist de jongere zelf.",
                    "The age decides who may see what. From 12 the young person has a say, from 16 the young person decides.")}</p>
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
            <button type="submit" class="button">{tr(lang, "Zaak openen", "Open case")}</button>
        </ActionForm>
    }
}

/// A coordinator or mediator invites someone, and then sees the link once.
#[component]
pub fn InvitePersonPage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::ui::route_id(CaseId);
    let query = use_query_map();
    let action = ServerAction::<InvitePerson>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let echo = move |f: &'static str| {
        error
            .get()
            .and_then(|e| e.echoed(f).map(str::to_string))
            .unwrap_or_default()
    };
    let origin = Resource::new(|| (), |_| public_url());
    let new_link = move || {
        query.read().get("new").filter(|t| {
            t.len() == 43
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
    };
    view! {
        <h1>{tr(lang, "Iemand uitnodigen", "Invite someone")}</h1>
        {move || new_link().map(|t| view! {
            <div class="notice success" role="status">
                <h2>{tr(lang, "De link is klaar", "The link is ready")}</h2>
                <p>{tr(lang,
                    "Stuur deze link naar de persoon zelf, bijvoorbeeld per sms of e-mail. De link werkt één keer en is 14 dagen geldig. U ziet hem maar één keer.",
                    "Send this link to the person themselves, for example by text message or email. It works once and is valid for 14 days. You see it only once.")}</p>
                <Suspense fallback=|| ()>
                    {move || origin.get().and_then(|r| r.ok()).map(|o| {
                        let link = format!("{o}/invite/{t}");
                        view! {
                            <p><code class="link-box" id="new-link">{link.clone()}</code></p>
                            <crate::ui::CopyButton text=link lang=lang message=false/>
                        }
                    })}
                </Suspense>
            </div>
        })}
        <ErrorSummary error=error/>
        <ActionForm action=action attr:class="stack" attr:novalidate=true>
            <input type="hidden" name="case" value=move || id.get().map(|c| c.0).unwrap_or_default()/>
            <div class="field">
                <label for="name">{tr(lang, "Naam", "Name")}</label>
                <p class="hint" id="name-hint">{tr(lang, "Zoals de anderen aan tafel deze persoon noemen.", "As the others at the table call this person.")}</p>
                <FieldMessage error=error field="name"/>
                <input id="name" name="name" type="text" autocomplete="off" required maxlength="80"
                    value=move || echo("name") aria-describedby="name-hint name-error"/>
            </div>
            <fieldset class="field" id="role" tabindex="-1">
                <legend>{tr(lang, "Rol aan tafel", "Role at the table")}</legend>
                <FieldMessage error=error field="role"/>
                {Role::ALL.into_iter().map(|r| {
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
                <label for="relation">{tr(lang, "Relatie tot het kind (niet verplicht)", "Relation to the child (optional)")}</label>
                <p class="hint" id="relation-hint">{tr(lang, "Bijvoorbeeld: moeder, opa, mentor.", "For example: mother, grandad, mentor.")}</p>
                <FieldMessage error=error field="relation"/>
                <input id="relation" name="relation" type="text" autocomplete="off" maxlength="60"
                    value=move || echo("relation") aria-describedby="relation-hint relation-error"/>
            </div>
            <div class="field">
                <label for="email">{tr(lang, "E-mailadres", "Email address")}</label>
                <p class="hint" id="email-hint">{tr(lang,
                    "Nodig voor professionals: zij loggen daarmee later in. Voor ouders en jongeren niet nodig.",
                    "Needed for professionals: they sign in with it later. Not needed for parents and young people.")}</p>
                <FieldMessage error=error field="email"/>
                <input id="email" name="email" type="email" autocomplete="off" maxlength="254"
                    value=move || echo("email") aria-describedby="email-hint email-error"/>
            </div>
            <button type="submit" class="button">{tr(lang, "Link maken", "Make link")}</button>
        </ActionForm>
        <p><a href=move || id.get().map(|c| format!("/cases/{c}")).unwrap_or_else(|| "/".into())>
            {tr(lang, "Terug naar de zaak", "Back to the case")}</a></p>
    }
}

/// The portal's public address, for showing whole links.
#[server(prefix = "/api", endpoint = "public_url")]
pub async fn public_url() -> Result<String, AppError> {
    Ok(crate::ctx::state()?.config.public_url.clone())
}
