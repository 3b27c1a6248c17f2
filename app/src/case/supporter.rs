//! A supporter at the table, and "Tolk nodig".
//!
//! A parent, or the young person from 12, brings someone they trust: a relative, a friend, an
//! interpreter, an ervaringsdeskundige or a vertrouwenspersoon. The family coach brings one for a
//! child under 12. A supporter always gets a new account (never an existing one) and a link that
//! the person who brought them passes on. What a supporter reads is decided in
//! `prepare::sharing::may_see`: the meeting, the topics, the agreements, and only what the person
//! who brought them shares with the whole table. The person who brought them, the coach and the
//! coordinator can take them off the table; when the person who brought them leaves, so do they.
//!
//! A family member (or the coach for them) also says which language they need an interpreter for;
//! the meeting page and the coach's overview show "Tolk nodig".
//!
//! Page: [`SupportPage`]. Server functions: [`load_support`], [`invite_supporter`],
//! [`remove_supporter`], [`set_interpreter`].

use crate::domain::{CaseId, InterpreterLanguage, PersonId, Role, SupporterKind};
use crate::error::AppError;
use crate::i18n::{k, t, tf, tj, use_lang};
use crate::ui::{ErrorSummary, ErrorText, FieldMessage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Someone brought to the table, as the support page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupporterView {
    /// Their id.
    pub id: PersonId,
    /// Their name.
    pub name: String,
    /// The kind of support.
    pub kind: Option<SupporterKind>,
    /// Who brought them.
    pub brought_by: String,
    /// Whether the viewer may take them off the table.
    pub may_remove: bool,
}

/// A family member, and the interpreter they asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterpreterNeed {
    /// The family member.
    pub id: PersonId,
    /// Their name.
    pub name: String,
    /// The language, if they need an interpreter.
    pub language: Option<InterpreterLanguage>,
}

/// Everything the support page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportData {
    /// The case.
    pub case: CaseId,
    /// The viewer's role.
    pub my_role: Role,
    /// Whom the viewer may bring someone for (themselves, or for the coach a child under 12).
    pub bring_for: Vec<(PersonId, String)>,
    /// The supporters at the table.
    pub supporters: Vec<SupporterView>,
    /// Whose interpreter the viewer may set: themselves, or for the coach every family member.
    pub interpreters: Vec<InterpreterNeed>,
    /// The link just made, shown once.
    pub new_link: Option<super::NewLink>,
    /// Whether the case is closed: nobody is brought any more, but a supporter can still be
    /// taken off.
    pub closed: bool,
}

#[cfg(feature = "ssr")]
fn page_path(case: CaseId) -> String {
    format!("/cases/{case}/support")
}

#[cfg(feature = "ssr")]
mod service {
    //! The rules behind the support page.
    use super::*;
    use crate::ctx::AppState;
    use crate::store::{CaseRow, MemberRow};

    /// Whether `me` (in `my_role`) may take `supporter` off the table: the person who brought
    /// them, the coach or the coordinator.
    pub fn may_remove(me: PersonId, my_role: Role, supporter: &MemberRow) -> bool {
        supporter.role == Role::Supporter
            && (supporter.brought_by == Some(me)
                || matches!(my_role, Role::Mediator | Role::Coordinator))
    }

    /// The family members whose interpreter `me` may set: their own, or for the coach everyone
    /// in the family.
    pub fn interpreter_people(
        me: PersonId,
        my_role: Role,
        members: &[MemberRow],
    ) -> Vec<&MemberRow> {
        members
            .iter()
            .filter(|m| m.role.is_family() && (m.person_id == me || my_role == Role::Mediator))
            .collect()
    }

    /// The page's data.
    pub async fn support(
        state: &AppState,
        me: PersonId,
        case: &CaseRow,
        my_role: Role,
        lang: crate::i18n::Lang,
    ) -> Result<SupportData, AppError> {
        let members = crate::ctx::members(state, case.id).await?;
        let name_of = |id: Option<PersonId>| {
            members
                .iter()
                .find(|m| Some(m.person_id) == id)
                .map(|m| m.display_name.clone())
                .unwrap_or_default()
        };
        let bring_for = members
            .iter()
            .filter(|m| {
                crate::domain::may_bring_for(my_role, m.person_id == me, m.role, case.age_band)
            })
            .map(|m| {
                let name = if m.person_id == me {
                    tj(lang, my_role == Role::Young, k::support_for_myself).to_string()
                } else {
                    m.display_name.clone()
                };
                (m.person_id, name)
            })
            .collect();
        let supporters = members
            .iter()
            .filter(|m| m.role == Role::Supporter)
            .map(|m| SupporterView {
                id: m.person_id,
                name: m.display_name.clone(),
                // What kind of support (a vertrouwenspersoon, say) is for who brought them and
                // the coach to know.
                kind: m
                    .support_kind
                    .filter(|_| m.brought_by == Some(me) || my_role == Role::Mediator),
                brought_by: name_of(m.brought_by),
                may_remove: may_remove(me, my_role, m),
            })
            .collect();
        let interpreters = interpreter_people(me, my_role, &members)
            .into_iter()
            .map(|m| InterpreterNeed {
                id: m.person_id,
                name: m.display_name.clone(),
                language: m.interpreter,
            })
            .collect();
        Ok(SupportData {
            case: case.id,
            my_role,
            bring_for,
            supporters,
            interpreters,
            new_link: super::super::taken_once(state, &page_path(case.id)).await?,
            closed: case.closed_at.is_some(),
        })
    }
}

/// The support page: who is brought to the table, bringing someone, and "Tolk nodig".
#[server(prefix = "/api", endpoint = "load_support")]
pub async fn load_support(case: CaseId) -> Result<SupportData, AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let (row, role) = crate::ctx::at_table(&state, me.id, case, Action::BringSupporter).await?;
    let data = service::support(&state, me.id, &row, role, crate::i18n::use_lang()).await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "support.read",
        format!("case:{case}"),
    )
    .await?;
    Ok(data)
}

/// A parent or young person (from 12) brings someone; the coach brings someone for a child
/// under 12. Always a new account, with a link shown once to the one who brought them.
#[server(prefix = "/api", endpoint = "invite_supporter")]
pub async fn invite_supporter(
    case: CaseId,
    name: String,
    kind: Option<String>,
    #[server(default)] for_person: Option<PersonId>,
) -> Result<(), AppError> {
    use crate::domain::Action;
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    let (row, my_role) = crate::ctx::at_table(&state, me.id, case, Action::BringSupporter).await?;
    let members = crate::ctx::members(&state, case).await?;
    let for_id = for_person.unwrap_or(me.id);
    let mut errors = Vec::new();
    let name = crate::domain::name("name", &name, &mut errors);
    let kind_v = kind.as_deref().and_then(SupporterKind::parse);
    if kind_v.is_none() {
        errors.push(FieldError {
            field: "kind".into(),
            problem: Problem::Choice,
        });
    }
    let allowed = members
        .iter()
        .find(|m| m.person_id == for_id)
        .is_some_and(|m| {
            crate::domain::may_bring_for(my_role, for_id == me.id, m.role, row.age_band)
        });
    if !allowed {
        // A young person under 12 asks the coach; nobody brings someone for another person.
        if for_id == me.id {
            return Err(AppError::NotAllowed);
        }
        errors.push(FieldError {
            field: "for_person".into(),
            problem: Problem::Choice,
        });
    }
    let Some(kind) = kind_v.filter(|_| errors.is_empty()) else {
        let echo = vec![
            ("name".to_string(), name),
            (
                "kind".to_string(),
                kind.unwrap_or_default().chars().take(20).collect(),
            ),
        ];
        return Err(AppError::Invalid { errors, echo });
    };
    let now = crate::ctx::now();
    let token = crate::auth::service::Token::generate();
    let hash = token.hash();
    let seat = crate::store::Seat {
        case,
        person: Err(crate::store::NewPerson {
            display_name: name.clone(),
            email: None,
            password_hash: None,
            account_role: Role::Supporter,
        }),
        role: Role::Supporter,
        relation: "",
        brought: Some((for_id, kind)),
        upcoming_from: crate::meeting::local_now(),
        link: Some((&hash, now + state.config.invitation_days * 24 * 3600, me.id)),
        // A supporter has no address here: their link is handed over.
        mail: None,
        now,
    };
    let (person, invitation) = state
        .store
        .seat(seat)
        .await?
        // The one they were brought for left the table just now.
        .ok_or(AppError::NotFound)?;
    super::Seated {
        person,
        invitation,
        token: Some(token),
        name,
    }
    .show(&state, me.id, case, "supporter.add", &page_path(case))
    .await
}

/// The person who brought a supporter, the coach or the coordinator takes them off the table.
#[server(prefix = "/api", endpoint = "remove_supporter")]
pub async fn remove_supporter(case: CaseId, person: PersonId) -> Result<(), AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let my_role = crate::ctx::require(&state, me.id, case, Action::ViewCase).await?;
    let members = crate::ctx::members(&state, case).await?;
    let target = members
        .iter()
        .find(|m| m.person_id == person && m.role == Role::Supporter)
        .ok_or(AppError::NotFound)?;
    if !service::may_remove(me.id, my_role, target) {
        return Err(AppError::NotAllowed);
    }
    if !state
        .store
        .remove_member(case, person, me.id, crate::ctx::now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "supporter.remove",
        format!("person:{person}"),
    )
    .await?;
    let back = if my_role.is_family() || my_role == Role::Mediator {
        page_path(case)
    } else {
        format!("/cases/{case}")
    };
    leptos_axum::redirect(&back);
    Ok(())
}

/// A family member says which language they need an interpreter for ("" : none); the coach can
/// say it for any family member.
#[server(prefix = "/api", endpoint = "set_interpreter")]
pub async fn set_interpreter(
    case: CaseId,
    language: String,
    #[server(default)] person: Option<PersonId>,
) -> Result<(), AppError> {
    use crate::domain::Action;
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    let my_role = crate::ctx::require(&state, me.id, case, Action::BringSupporter).await?;
    let members = crate::ctx::members(&state, case).await?;
    let who = person.unwrap_or(me.id);
    if !service::interpreter_people(me.id, my_role, &members)
        .iter()
        .any(|m| m.person_id == who)
    {
        return Err(if members.iter().any(|m| m.person_id == who) {
            AppError::NotAllowed
        } else {
            AppError::NotFound
        });
    }
    let language = match language.trim() {
        "" | "none" => None,
        code => match InterpreterLanguage::parse(code) {
            Some(l) => Some(l),
            None => {
                return Err(AppError::Invalid {
                    errors: vec![FieldError {
                        field: format!("language-{who}"),
                        problem: Problem::Choice,
                    }],
                    echo: Vec::new(),
                })
            }
        },
    };
    state.store.set_interpreter(case, who, language).await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "interpreter.set",
        format!("person:{who}"),
    )
    .await?;
    leptos_axum::redirect(&page_path(case));
    Ok(())
}

/// "Tolk nodig: Arabisch (voor Fatima)" for each family member who asked, in the reader's
/// language. Empty when nobody did.
pub fn interpreter_lines(
    lang: crate::i18n::Lang,
    needs: &[(String, InterpreterLanguage)],
) -> Vec<String> {
    needs
        .iter()
        .map(|(name, l)| {
            tf(
                lang,
                k::support_interpreter_needed_for,
                &[("language", &l.name(lang)), ("name", name)],
            )
        })
        .collect()
}

/// A supporter's name with who brought them: "Ahmed (meegenomen door Fatima)".
pub fn with_brought_by(lang: crate::i18n::Lang, name: &str, by: &str) -> String {
    tf(
        lang,
        k::support_name_brought_by,
        &[("name", &name), ("by", &by)],
    )
}

/// The support page.
#[component]
pub fn SupportPage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::ui::route_id(CaseId).get_untracked();
    // Made before the data loads, so a form error kept for a browser without JavaScript finds
    // its action.
    let invite = ServerAction::<InviteSupporter>::new();
    let remove = ServerAction::<RemoveSupporter>::new();
    let interpret = ServerAction::<SetInterpreter>::new();
    crate::ui::page_body(async move {
        // Known here: the page's body starts once the signed-in person is loaded.
        let young = crate::ui::reads_je();
        let loaded = match id {
            Some(id) => load_support(id).await,
            None => Err(AppError::NotFound),
        };
        view! {
            <h1>{tj(lang, young, k::support_title)}</h1>
            {match loaded {
                Err(e) => view! { <ErrorText error=e/> }.into_any(),
                Ok(d) => view! { <SupportView d=d invite=invite remove=remove interpret=interpret/> }.into_any(),
            }}
        }
    })
}

#[component]
fn SupportView(
    d: SupportData,
    invite: ServerAction<InviteSupporter>,
    remove: ServerAction<RemoveSupporter>,
    interpret: ServerAction<SetInterpreter>,
) -> impl IntoView {
    let lang = use_lang();
    let young = d.my_role == Role::Young;
    let error = Signal::derive(move || invite.value().get().and_then(|r| r.err()));
    let i_error = Signal::derive(move || interpret.value().get().and_then(|r| r.err()));
    let echo = move |f: &'static str| {
        error
            .get()
            .and_then(|e| e.echoed(f).map(str::to_string))
            .unwrap_or_default()
    };
    let case = d.case;
    let coach = d.my_role == Role::Mediator;
    let can_bring = !d.bring_for.is_empty();
    let closed = d.closed;
    view! {
        <p>{tj(lang, young, k::support_intro)}</p>
        {d.new_link.map(|n| view! { <super::NewLinkNotice shown=n/> })}
        <section aria-labelledby="sup-h">
            <h2 id="sup-h">{t(lang, k::support_who_comes_along)}</h2>
            {d.supporters.is_empty().then(|| view! { <p>{t(lang, k::support_nobody_yet)}</p> })}
            <ul class="people">
                {d.supporters.into_iter().map(|s| view! {
                    <li>
                        <p class="person"><strong><bdi>{s.name.clone()}</bdi></strong>
                            {s.kind.map(|k| format!(" · {}", k.name(lang)))}</p>
                        <p class="meta">{tf(lang, k::support_brought_by, &[("name", &s.brought_by)])}</p>
                        {s.may_remove.then(|| view! {
                            <ActionForm action=remove attr:class="inline">
                                <input type="hidden" name="case" value=case.0/>
                                <input type="hidden" name="person" value=s.id.0/>
                                <button type="submit" class="link-button">
                                    {t(lang, k::case_take_off_the_table)}
                                    <span class="visually-hidden">{format!(" ({})", s.name)}</span>
                                </button>
                            </ActionForm>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        {(!closed).then(|| view! {
        <section aria-labelledby="bring-h">
            <h2 id="bring-h">{tj(lang, young, k::support_bring_someone)}</h2>
            <p>{tj(lang, young, k::support_what_they_see)}</p>
            {if can_bring {
                view! {
                    <ErrorSummary error=error/>
                    <ActionForm action=invite attr:class="stack" attr:novalidate=true>
                        <input type="hidden" name="case" value=case.0/>
                        {if coach {
                            view! {
                                <div class="field">
                                    <label for="for_person">{t(lang, k::support_for_whom)}</label>
                                    <FieldMessage error=error field="for_person"/>
                                    <select id="for_person" name="for_person" aria-describedby="for_person-error">
                                        {d.bring_for.iter().map(|(id, name)| view! { <option value=id.0>{name.clone()}</option> }).collect_view()}
                                    </select>
                                </div>
                            }.into_any()
                        } else {
                            ().into_any()
                        }}
                        <div class="field">
                            <label for="name">{t(lang, k::case_name)}</label>
                            <FieldMessage error=error field="name"/>
                            <input id="name" name="name" type="text" autocomplete="off" required maxlength="80"
                                value=move || echo("name") aria-describedby="name-error"/>
                        </div>
                        <fieldset class="field" id="kind" tabindex="-1">
                            <legend>{tj(lang, young, k::support_who_is_it)}</legend>
                            <FieldMessage error=error field="kind"/>
                            {SupporterKind::ALL.into_iter().map(|x| {
                                let id = format!("kind-{}", x.code());
                                let checked = move || echo("kind") == x.code();
                                view! {
                                    <div class="choice">
                                        <input type="radio" name="kind" id=id.clone() value=x.code() checked=checked/>
                                        <label for=id>{x.name(lang)}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" class="button">{t(lang, k::case_make_link)}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class="notice">{tj(lang, young, k::support_ask_the_coach)}</p> }.into_any()
            }}
        </section>
        <section aria-labelledby="tolk-h">
            <h2 id="tolk-h">{t(lang, k::support_interpreter_title)}</h2>
            <p>{tj(lang, young, k::support_interpreter_intro)}</p>
            <ErrorSummary error=i_error/>
            {d.interpreters.into_iter().map(|p| {
                let field = format!("language-{}", p.id);
                let current = p.language;
                view! {
                    <ActionForm action=interpret attr:class="stack">
                        <input type="hidden" name="case" value=case.0/>
                        <input type="hidden" name="person" value=p.id.0/>
                        <div class="field">
                            <label for=field.clone()>{if coach {
                                tf(lang, k::support_interpreter_for, &[("name", &p.name)])
                            } else {
                                tj(lang, young, k::support_interpreter_language).to_string()
                            }}</label>
                            <select id=field.clone() name="language">
                                <option value="" selected=current.is_none()>{t(lang, k::support_no_interpreter)}</option>
                                {InterpreterLanguage::ALL.into_iter().map(|l| view! {
                                    <option value=l.code() selected=current == Some(l)>{l.name(lang)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button secondary">{t(lang, k::support_save)}</button>
                    </ActionForm>
                }
            }).collect_view()}
        </section>
        })}
        <p><a href=format!("/cases/{case}")>{t(lang, k::case_back_to_the_case)}</a></p>
    }
}
