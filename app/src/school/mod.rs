//! What a school can and cannot offer. School staff keep one offer profile per school, reused
//! across cases; each entry is within basic support, extra support (who decides, how long it
//! takes) or something the school cannot offer (who else could help). In a meeting, staff link
//! entries to the needs a family raised, and the family sees their ask and the school's honest
//! answer side by side.
//!
//! Pages: [`SchoolPage`] (`/schools/:id`, the profile) and [`SideBySidePage`]
//! (`/meetings/:id/school`). Server functions: [`load_school`], [`save_offer`], [`remove_offer`],
//! [`load_side_by_side`], [`link_offer`], [`unlink_offer`]. Data access: `crate::store::Store`
//! (`school`, `is_school_staff`, `offers`, `save_offer`, `offer_links`, ...). Coordinators
//! manage schools, their staff and a case's school in `admin` (`/schools`).

pub mod admin;

use crate::domain::{MeetingId, OfferId, OfferLinkId, SchoolId};
use crate::error::AppError;
use crate::i18n::{k, t, use_lang, Lang};
use crate::ui::{ErrorSummary, FieldMessage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The three kinds of offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferKind {
    /// Within basic support (basisondersteuning): every school in the region offers this.
    Basic,
    /// Extra support, usually an arrangement.
    Extra,
    /// The school cannot offer this.
    Cannot,
}

impl OfferKind {
    /// All kinds, in the order shown.
    pub const ALL: [OfferKind; 3] = [OfferKind::Basic, OfferKind::Extra, OfferKind::Cannot];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            OfferKind::Basic => "basic",
            OfferKind::Extra => "extra",
            OfferKind::Cannot => "cannot",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<OfferKind> {
        OfferKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// A plain name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            OfferKind::Basic => t(lang, k::school_the_school_can_always_do),
            OfferKind::Extra => t(lang, k::school_possible_with_extra_support),
            OfferKind::Cannot => t(lang, k::school_the_school_cannot_do_this),
        }
    }

    /// What the kind means, for staff choosing it.
    pub fn explain(self, lang: Lang) -> &'static str {
        match self {
            OfferKind::Basic => t(lang, k::school_part_of_basic_support_every),
            OfferKind::Extra => t(lang, k::school_extra_support_often_an_arrangement),
            OfferKind::Cannot => t(lang, k::school_the_school_cannot_offer_this),
        }
    }
}

/// One entry of a school's offer profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferView {
    /// Id.
    pub id: OfferId,
    /// Kind.
    pub kind: OfferKind,
    /// Plain title.
    pub title: String,
    /// Plain explanation.
    pub explanation: String,
    /// Conditions.
    pub conditions: String,
    /// Who decides (extra support).
    pub decides: String,
    /// How long it takes (extra support).
    pub duration: String,
    /// Who else could help (cannot offer).
    pub elsewhere: String,
}

/// A school's profile page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolData {
    /// Id.
    pub id: SchoolId,
    /// Name.
    pub name: String,
    /// Whether the viewer keeps this profile (works at the school).
    pub may_edit: bool,
    /// The entries.
    pub offers: Vec<OfferView>,
}

/// An offer linked to a need, with the staff member's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedOffer {
    /// The link.
    pub link: OfferLinkId,
    /// The offer.
    pub offer: OfferView,
    /// A note for this family.
    pub note: String,
}

/// One need raised in a meeting (an answer or an agenda item), with the offers linked to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedView {
    /// `answer:{author}:{question}` or `item:{id}`.
    pub key: String,
    /// Where it comes from (the question, or "agenda item").
    pub label: String,
    /// Who raised it.
    pub author: String,
    /// What they asked, in their words.
    pub text: String,
    /// Linked offers.
    pub offers: Vec<LinkedOffer>,
    /// Whose words these are, when the viewer is shown who (for the audit log; never sent to
    /// the browser). None for a topic the coach raised for a young person.
    #[serde(skip)]
    pub by: Option<crate::domain::PersonId>,
}

/// The side-by-side page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideBySide {
    /// The meeting.
    pub meeting: MeetingId,
    /// Its title.
    pub title: String,
    /// The case's school, if set.
    pub school: Option<(SchoolId, String)>,
    /// Whether the viewer may link offers (staff of that school at the table).
    pub may_link: bool,
    /// Needs the viewer may see.
    pub needs: Vec<NeedView>,
    /// The school's offers (for staff linking).
    pub offers: Vec<OfferView>,
}

#[cfg(feature = "ssr")]
pub(crate) mod service {
    //! The rules behind the school server functions.
    use super::*;
    use crate::ctx::AppState;
    use crate::domain::{Action, PersonId, Role};
    use crate::prepare::{questions, sharing, Sharing};
    use crate::store::{OfferRow, PersonRow};

    /// From a stored row.
    pub fn offer_view(o: &OfferRow) -> OfferView {
        OfferView {
            id: o.id,
            kind: OfferKind::parse(&o.kind).unwrap_or(OfferKind::Basic),
            title: o.title.clone(),
            explanation: o.explanation.clone(),
            conditions: o.conditions.clone(),
            decides: o.decides.clone(),
            duration: o.duration.clone(),
            elsewhere: o.elsewhere.clone(),
        }
    }

    /// The profile, if `me` works at the school or sits at a table of a case with this school.
    pub async fn school(
        state: &AppState,
        me: &PersonRow,
        id: SchoolId,
    ) -> Result<SchoolData, AppError> {
        let row = state.store.school(id).await?.ok_or(AppError::NotFound)?;
        let staff = state.store.is_school_staff(id, me.id).await?;
        if !staff {
            let mut linked = false;
            for (case, _) in state.store.cases_of(me.id).await? {
                if state.store.case_school(case.id).await?.map(|s| s.id) == Some(id) {
                    linked = true;
                    break;
                }
            }
            if !linked {
                return Err(AppError::NotFound);
            }
        }
        Ok(SchoolData {
            id,
            name: row.name,
            may_edit: staff,
            offers: state
                .store
                .offers(id)
                .await?
                .iter()
                .map(offer_view)
                .collect(),
        })
    }

    /// Only staff of the school may change its profile; everyone else gets "not found" or
    /// "not allowed", as for any other case data.
    pub async fn require_staff(
        state: &AppState,
        me: &PersonRow,
        id: SchoolId,
    ) -> Result<(), AppError> {
        school(state, me, id).await.and_then(|d| {
            if d.may_edit {
                Ok(())
            } else {
                Err(AppError::NotAllowed)
            }
        })
    }

    /// Every need in a meeting that `viewer` may see: text answers shared with them, and agenda
    /// items they may see.
    pub async fn needs(
        state: &AppState,
        viewer: PersonId,
        viewer_role: Role,
        meeting: MeetingId,
        lang: Lang,
    ) -> Result<Vec<NeedView>, AppError> {
        // Already checked by the caller; on a page view this is the page's own read.
        let (m, case, _) =
            crate::ctx::meeting_at_table(state, viewer, meeting, crate::domain::Action::ViewCase)
                .await?;
        let members = crate::ctx::members(state, m.case_id).await?;
        let reader = crate::ctx::reader(state, m.case_id, viewer, viewer_role).await?;
        let sent = crate::ctx::sent_preparations(state, meeting).await?;
        let mut out = Vec::new();
        for a in crate::ctx::meeting_answers(state, meeting).await? {
            let Some(member) = members.iter().find(|p| p.person_id == a.person_id) else {
                continue;
            };
            let Some(q) = questions::questions_for(member.role, case.age_band)
                .iter()
                .find(|q| q.key == a.question)
            else {
                continue;
            };
            let s = Sharing::parse(&a.sharing).unwrap_or(Sharing::OnlyMe);
            let is_sent = sent.iter().any(|(p, _)| *p == a.person_id);
            if q.kind != questions::Kind::Text
                || (a.body.trim().is_empty() && !a.erased)
                || !sharing::may_see(reader, a.person_id, s, is_sent, a.coach)
            {
                continue;
            }
            out.push(NeedView {
                key: format!("answer:{}:{}", a.person_id, a.question),
                label: t(lang, q.prompt).to_string(),
                author: member.display_name.clone(),
                text: if a.erased {
                    t(lang, k::answer_erased).to_string()
                } else {
                    a.body
                },
                offers: Vec::new(),
                by: Some(a.person_id),
            });
        }
        let mediator = viewer_role.may(Action::Mediate);
        for i in state.store.agenda_items(meeting).await? {
            if !crate::agenda::visible_to(
                mediator,
                i.proposed_by == viewer,
                i.published,
                i.merged_into.is_some(),
            ) || i.merged_into.is_some()
            {
                continue;
            }
            let hidden = i.via_mediator && !mediator && i.proposed_by != viewer;
            let author = if hidden {
                t(lang, k::agenda_the_family_coach).to_string()
            } else {
                members
                    .iter()
                    .find(|p| p.person_id == i.proposed_by)
                    .map(|p| p.display_name.clone())
                    .unwrap_or_default()
            };
            let text = [i.title.as_str(), i.explanation.as_str()]
                .iter()
                .filter(|t| !t.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(": ");
            out.push(NeedView {
                key: format!("item:{}", i.id),
                label: t(lang, k::school_agenda_item).to_string(),
                author,
                text,
                offers: Vec::new(),
                by: (!hidden).then_some(i.proposed_by),
            });
        }
        Ok(out)
    }
}

/// A school's offer profile.
#[server(prefix = "/api", endpoint = "load_school")]
pub async fn load_school(school: SchoolId) -> Result<SchoolData, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    service::school(&state, &me, school).await
}

/// Adds an entry to the profile (no `offer`) or changes one. Only the school's staff may.
#[server(prefix = "/api", endpoint = "save_offer")]
pub async fn save_offer(
    school: SchoolId,
    #[server(default)] offer: String,
    kind: String,
    title: String,
    explanation: String,
    #[server(default)] conditions: String,
    #[server(default)] decides: String,
    #[server(default)] duration: String,
    #[server(default)] elsewhere: String,
) -> Result<(), AppError> {
    use crate::domain as d;
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    service::require_staff(&state, &me, school).await?;
    let mut errors = Vec::new();
    let kind_v = OfferKind::parse(&kind);
    if kind_v.is_none() {
        errors.push(FieldError {
            field: "kind".into(),
            problem: Problem::Choice,
        });
    }
    let fields = crate::store::OfferFields {
        kind: kind_v.map(|k| k.code()).unwrap_or("basic").to_string(),
        title: d::text("title", &title, 1, 120, &mut errors),
        explanation: d::text("explanation", &explanation, 1, 2000, &mut errors),
        conditions: d::text("conditions", &conditions, 0, 1000, &mut errors),
        decides: d::text("decides", &decides, 0, 300, &mut errors),
        duration: d::text("duration", &duration, 0, 300, &mut errors),
        elsewhere: d::text("elsewhere", &elsewhere, 0, 1000, &mut errors),
    };
    if kind_v == Some(OfferKind::Cannot) && fields.elsewhere.is_empty() {
        errors.push(FieldError {
            field: "elsewhere".into(),
            problem: Problem::Required,
        });
    }
    let offer_id = match offer.trim() {
        "" => None,
        raw => Some(OfferId(raw.parse().map_err(|_| AppError::NotFound)?)),
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid {
            errors,
            echo: vec![
                ("kind".into(), kind.chars().take(10).collect()),
                ("title".into(), fields.title),
                ("explanation".into(), fields.explanation),
                ("conditions".into(), fields.conditions),
                ("decides".into(), fields.decides),
                ("duration".into(), fields.duration),
                ("elsewhere".into(), fields.elsewhere),
            ],
        });
    }
    let id = state
        .store
        .save_offer(school, offer_id, &fields, crate::ctx::now())
        .await?
        .ok_or(AppError::NotFound)?;
    crate::ctx::audit(
        &state,
        me.id,
        None,
        "school.offer_save",
        format!("offer:{id}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/schools/{school}?saved=1"));
    Ok(())
}

/// Takes an entry out of the profile. Only the school's staff may.
#[server(prefix = "/api", endpoint = "remove_offer")]
pub async fn remove_offer(school: SchoolId, offer: OfferId) -> Result<(), AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    service::require_staff(&state, &me, school).await?;
    if !state
        .store
        .remove_offer(school, offer, crate::ctx::now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        None,
        "school.offer_remove",
        format!("offer:{offer}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/schools/{school}"));
    Ok(())
}

/// The family's asks and the school's answers, side by side, as the viewer may see them.
#[server(prefix = "/api", endpoint = "load_side_by_side")]
pub async fn load_side_by_side(meeting: MeetingId) -> Result<SideBySide, AppError> {
    use crate::domain::{Action, Role};
    let (state, me) = crate::ctx::signed_in().await?;
    let lang = use_lang();
    let (m, _, role) =
        crate::ctx::meeting_at_table(&state, me.id, meeting, Action::ViewCase).await?;
    let (school, staff) = crate::ctx::school_of(&state, m.case_id, me.id).await?;
    let may_link = school.is_some() && role == Role::School && staff;
    let mut needs = service::needs(&state, me.id, role, meeting, lang).await?;
    let offers = match &school {
        Some(s) => state.store.offers(s.id).await?,
        None => Vec::new(),
    };
    for l in state.store.offer_links(meeting).await? {
        let key = match (l.author_id, &l.question, l.item_id) {
            (Some(a), Some(q), _) => format!("answer:{a}:{q}"),
            (_, _, Some(i)) => format!("item:{i}"),
            _ => continue,
        };
        let (Some(need), Some(offer)) = (
            needs.iter_mut().find(|n| n.key == key),
            offers.iter().find(|o| o.id == l.offer_id),
        ) else {
            continue;
        };
        need.offers.push(LinkedOffer {
            link: l.id,
            offer: service::offer_view(offer),
            note: l.note,
        });
    }
    // Whose words the page showed, where it named them.
    let subjects = needs.iter().filter_map(|n| n.by).collect();
    crate::ctx::audit_read(
        &state,
        me.id,
        Some(m.case_id),
        "school.side_by_side",
        format!("meeting:{meeting}"),
        subjects,
    )
    .await?;
    Ok(SideBySide {
        meeting,
        title: m.title,
        school: school.map(|s| (s.id, s.name)),
        may_link,
        needs,
        offers: if may_link {
            offers.iter().map(service::offer_view).collect()
        } else {
            Vec::new()
        },
    })
}

/// School staff link an entry of their profile to a need they may see.
#[server(prefix = "/api", endpoint = "link_offer")]
pub async fn link_offer(
    meeting: MeetingId,
    need: String,
    offer: OfferId,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::domain::{Action, AgendaItemId, PersonId, Role};
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, role) =
        crate::ctx::meeting_at_table(&state, me.id, meeting, Action::ViewCase).await?;
    let school = state
        .store
        .case_school(m.case_id)
        .await?
        .ok_or(AppError::NotAllowed)?;
    if role != Role::School || !state.store.is_school_staff(school.id, me.id).await? {
        return Err(AppError::NotAllowed);
    }
    if !state
        .store
        .offers(school.id)
        .await?
        .iter()
        .any(|o| o.id == offer)
    {
        return Err(AppError::NotFound);
    }
    let needs = service::needs(&state, me.id, role, meeting, Lang::Nl).await?;
    if !needs.iter().any(|n| n.key == need) {
        return Err(AppError::invalid(vec![FieldError {
            field: "need".into(),
            problem: Problem::Choice,
        }]));
    }
    let mut errors = Vec::new();
    let note_v = crate::domain::text("note", &note, 0, 1000, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let mut parts = need.splitn(3, ':');
    let (author, question, item) = match (parts.next(), parts.next(), parts.next()) {
        (Some("answer"), Some(a), Some(q)) => {
            (a.parse().ok().map(PersonId), Some(q.to_string()), None)
        }
        (Some("item"), Some(i), None) => (None, None, i.parse().ok().map(AgendaItemId)),
        _ => return Err(AppError::NotFound),
    };
    let id = state
        .store
        .add_offer_link(crate::store::NewOfferLink {
            meeting_id: meeting,
            offer_id: offer,
            author_id: author,
            question,
            item_id: item,
            note: note_v,
            created_by: me.id,
            now: crate::ctx::now(),
        })
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "school.link",
        format!("offer_link:{id}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/school"));
    Ok(())
}

/// School staff remove a link.
#[server(prefix = "/api", endpoint = "unlink_offer")]
pub async fn unlink_offer(meeting: MeetingId, link: OfferLinkId) -> Result<(), AppError> {
    use crate::domain::{Action, Role};
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, role) =
        crate::ctx::meeting_at_table(&state, me.id, meeting, Action::ViewCase).await?;
    let school = state
        .store
        .case_school(m.case_id)
        .await?
        .ok_or(AppError::NotAllowed)?;
    if role != Role::School || !state.store.is_school_staff(school.id, me.id).await? {
        return Err(AppError::NotAllowed);
    }
    if !state.store.remove_offer_link(meeting, link).await? {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "school.unlink",
        format!("offer_link:{link}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/school"));
    Ok(())
}

/// One offer, in plain words, with its details for its kind.
#[component]
pub fn OfferCard(offer: OfferView) -> impl IntoView {
    let lang = use_lang();
    let kind = offer.kind;
    view! {
        <div class=format!("offer offer-{}", kind.code())>
            <p class="offer-kind">{kind.name(lang)}</p>
            <h3>{offer.title.clone()}</h3>
            <crate::plain::Marked text=offer.explanation.clone()/>
            {(!offer.conditions.is_empty()).then(|| view! {
                <p><strong>{t(lang, k::school_conditions)}</strong>{offer.conditions.clone()}</p>
            })}
            {(kind == OfferKind::Extra && !offer.decides.is_empty()).then(|| view! {
                <p><strong>{t(lang, k::school_who_decides)}</strong>{offer.decides.clone()}</p>
            })}
            {(kind == OfferKind::Extra && !offer.duration.is_empty()).then(|| view! {
                <p><strong>{t(lang, k::school_how_long_it_takes)}</strong>{offer.duration.clone()}</p>
            })}
            {(kind == OfferKind::Cannot && !offer.elsewhere.is_empty()).then(|| view! {
                <p class="elsewhere"><strong>{t(lang, k::school_who_could_help)}</strong>{offer.elsewhere.clone()}</p>
            })}
        </div>
    }
}

/// The school's offer profile; staff add and change entries.
#[component]
pub fn SchoolPage() -> impl IntoView {
    let id = crate::ui::route_id(SchoolId).get_untracked();
    let save = ServerAction::<SaveOffer>::new();
    let remove = ServerAction::<RemoveOffer>::new();
    let error = Signal::derive(move || {
        save.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| remove.value().get().and_then(|r| r.err()))
    });
    crate::ui::page(
        k::domain_school,
        async move { load_school(id.ok_or(AppError::NotFound)?).await },
        move |d| view! { <SchoolView d=d save=save remove=remove error=error/> },
    )
}

#[component]
fn SchoolView(
    d: SchoolData,
    save: ServerAction<SaveOffer>,
    remove: ServerAction<RemoveOffer>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let school = d.id;
    let echo = move |f: &'static str| {
        error
            .get()
            .and_then(|e| e.echoed(f).map(str::to_string))
            .unwrap_or_default()
    };
    let query = leptos_router::hooks::use_query_map();
    let saved = query.read_untracked().get("saved").is_some();
    view! {
        <h1>{d.name.clone()}</h1>
        <p>{t(lang, k::school_what_this_school_can_do)}</p>
        {saved.then(|| view! { <div class="notice success" role="status"><p>{t(lang, k::school_saved)}</p></div> })}
        <ErrorSummary error=error/>
        {OfferKind::ALL.into_iter().map(|k| {
            let mine: Vec<OfferView> = d.offers.iter().filter(|o| o.kind == k).cloned().collect();
            let may_edit = d.may_edit;
            view! {
                <section class="offer-group">
                    <h2>{k.name(lang)}</h2>
                    {mine.is_empty().then(|| view! { <p class="meta">{t(lang, k::school_nothing_yet)}</p> })}
                    {mine.into_iter().map(|o| {
                        let id = o.id;
                        let title = o.title.clone();
                        view! {
                            <article class="card">
                                <OfferCard offer=o/>
                                {may_edit.then(|| view! {
                                    <ActionForm action=remove>
                                        <input type="hidden" name="school" value=school.0/>
                                        <input type="hidden" name="offer" value=id.0/>
                                        <button type="submit" class="button secondary">{t(lang, k::agreements_remove)}
                                            <span class="visually-hidden">{format!(": {title}")}</span></button>
                                    </ActionForm>
                                })}
                            </article>
                        }
                    }).collect_view()}
                </section>
            }
        }).collect_view()}
        {d.may_edit.then(|| view! {
            <section aria-labelledby="add-h" class="card">
                <h2 id="add-h">{t(lang, k::school_add_an_entry)}</h2>
                <ActionForm action=save attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="school" value=school.0/>
                    <fieldset>
                        <legend>{t(lang, k::school_kind)}</legend>
                        <FieldMessage error=error field="kind"/>
                        {OfferKind::ALL.into_iter().map(|k| view! {
                            <div class="choice">
                                <input type="radio" id=format!("kind-{}", k.code()) name="kind" value=k.code()
                                    checked=move || match echo("kind").as_str() { "" => k == OfferKind::Basic, chosen => chosen == k.code() }/>
                                <label for=format!("kind-{}", k.code())>{k.name(lang)}<span class="hint">{format!(" – {}", k.explain(lang))}</span></label>
                            </div>
                        }).collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="title">{t(lang, k::school_title_in_plain_words)}</label>
                        <FieldMessage error=error field="title"/>
                        <input id="title" name="title" type="text" maxlength="120" required value=move || echo("title") aria-describedby="title-error"/>
                    </div>
                    <div class="field">
                        <label for="explanation">{t(lang, k::school_explanation_for_parents_and_young)}</label>
                        <FieldMessage error=error field="explanation"/>
                        <textarea dir="auto" id="explanation" name="explanation" rows="4" maxlength="2000" required aria-describedby="explanation-error explanation-plain">{move || echo("explanation")}</textarea>
                        <crate::plain::PlainHint target="explanation".to_string() text=echo("explanation")/>
                    </div>
                    <div class="field">
                        <label for="conditions">{t(lang, k::school_conditions_optional)}</label>
                        <FieldMessage error=error field="conditions"/>
                        <textarea dir="auto" id="conditions" name="conditions" rows="2" maxlength="1000">{move || echo("conditions")}</textarea>
                    </div>
                    <div class="field">
                        <label for="decides">{t(lang, k::school_for_extra_support_who_decides)}</label>
                        <FieldMessage error=error field="decides"/>
                        <input id="decides" name="decides" type="text" maxlength="300" value=move || echo("decides")/>
                    </div>
                    <div class="field">
                        <label for="duration">{t(lang, k::school_for_extra_support_how_long)}</label>
                        <FieldMessage error=error field="duration"/>
                        <input id="duration" name="duration" type="text" maxlength="300" value=move || echo("duration")/>
                    </div>
                    <div class="field">
                        <label for="elsewhere">{t(lang, k::school_if_the_school_cannot_who)}</label>
                        <FieldMessage error=error field="elsewhere"/>
                        <textarea dir="auto" id="elsewhere" name="elsewhere" rows="2" maxlength="1000" aria-describedby="elsewhere-error">{move || echo("elsewhere")}</textarea>
                    </div>
                    <button type="submit" class="button">{t(lang, k::agreements_save)}</button>
                </ActionForm>
            </section>
        })}
    }
}

/// What the family asked and what the school can do, side by side.
#[component]
pub fn SideBySidePage() -> impl IntoView {
    let id = crate::ui::route_id(MeetingId).get_untracked();
    let link = ServerAction::<LinkOffer>::new();
    let unlink = ServerAction::<UnlinkOffer>::new();
    let error = Signal::derive(move || {
        link.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| unlink.value().get().and_then(|r| r.err()))
    });
    crate::ui::page(
        k::meeting_what_the_school_can_do,
        async move { load_side_by_side(id.ok_or(AppError::NotFound)?).await },
        move |d| view! { <SideBySideView d=d link=link unlink=unlink error=error/> },
    )
}

#[component]
fn SideBySideView(
    d: SideBySide,
    link: ServerAction<LinkOffer>,
    unlink: ServerAction<UnlinkOffer>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let meeting = d.meeting;
    let may_link = d.may_link;
    let offers = d.offers.clone();
    let shown: Vec<NeedView> = d
        .needs
        .iter()
        .filter(|n| may_link || !n.offers.is_empty())
        .cloned()
        .collect();
    view! {
        <p class="crumb"><a href=format!("/meetings/{meeting}")>{d.title.clone()}</a></p>
        <h1>{crate::i18n::tj(lang, crate::ui::reads_je(), k::school_what_you_asked_and_what)}</h1>
        {match d.school.clone() {
            Some((id, name)) => view! { <p>{t(lang, k::school_school)}<a href=format!("/schools/{id}")>{name}</a></p> }.into_any(),
            None => view! { <p class="notice">{t(lang, k::school_no_school_is_linked_to)}</p> }.into_any(),
        }}
        <ErrorSummary error=error/>
        {shown.is_empty().then(|| view! {
            <p>{crate::i18n::tj(lang, crate::ui::reads_je(), k::school_the_school_has_not_answered)}</p>
        })}
        {shown.into_iter().map(|n| {
            let key = n.key.clone();
            let offers = offers.clone();
            let (can, cannot): (Vec<LinkedOffer>, Vec<LinkedOffer>) = n.offers.iter().cloned().partition(|l| l.offer.kind != OfferKind::Cannot);
            view! {
                <article class="side-by-side" aria-label=n.label.clone()>
                    <div class="ask">
                        <h2>{t(lang, k::school_what_was_asked)}</h2>
                        <p class="meta">{n.label.clone()}" · "{n.author.clone()}</p>
                        <p class="own-words" dir="auto">{n.text.clone()}</p>
                    </div>
                    <div class="answer">
                        <h2>{t(lang, k::meeting_what_the_school_can_do)}</h2>
                        {can.is_empty().then(|| view! { <p class="meta">{t(lang, k::school_nothing_yet)}</p> })}
                        {can.into_iter().map(|l| view! { <LinkedCard l=l meeting=meeting unlink=unlink may_link=may_link/> }).collect_view()}
                        {(!cannot.is_empty()).then(|| view! {
                            <h2>{t(lang, k::school_what_the_school_cannot_do)}</h2>
                            {cannot.into_iter().map(|l| view! { <LinkedCard l=l meeting=meeting unlink=unlink may_link=may_link/> }).collect_view()}
                        })}
                    </div>
                    {(may_link && !offers.is_empty()).then(|| view! {
                        <ActionForm action=link attr:class="stack link-offer">
                            <input type="hidden" name="meeting" value=meeting.0/>
                            <input type="hidden" name="need" value=key.clone()/>
                            <div class="field">
                                <label for=format!("offer-{key}")>{t(lang, k::school_link_an_entry_from_the)}</label>
                                <select id=format!("offer-{key}") name="offer">
                                    {offers.iter().map(|o| view! { <option value=o.id.0>{format!("{} – {}", o.title, o.kind.name(lang))}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for=format!("note-{key}")>{t(lang, k::school_a_note_for_this_family)}</label>
                                <textarea dir="auto" id=format!("note-{key}") name="note" rows="2" maxlength="1000"></textarea>
                            </div>
                            <button type="submit" class="button secondary">{t(lang, k::school_link)}</button>
                        </ActionForm>
                    })}
                </article>
            }
        }).collect_view()}
    }
}

#[component]
fn LinkedCard(
    l: LinkedOffer,
    meeting: MeetingId,
    unlink: ServerAction<UnlinkOffer>,
    may_link: bool,
) -> impl IntoView {
    let lang = use_lang();
    let link = l.link;
    let title = l.offer.title.clone();
    view! {
        <div class="linked">
            <OfferCard offer=l.offer/>
            {(!l.note.is_empty()).then(|| view! { <p class="note"><strong>{crate::i18n::tj(lang, crate::ui::reads_je(), k::school_for_you)}</strong>{l.note.clone()}</p> })}
            {may_link.then(|| view! {
                <ActionForm action=unlink>
                    <input type="hidden" name="meeting" value=meeting.0/>
                    <input type="hidden" name="link" value=link.0/>
                    <button type="submit" class="button secondary">{t(lang, k::school_unlink)}<span class="visually-hidden">{format!(": {title}")}</span></button>
                </ActionForm>
            })}
        </div>
    }
}
