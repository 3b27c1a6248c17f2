//! The shared agenda: everyone at the table proposes items; the mediator orders them, merges
//! duplicates (keeping who proposed each), sets time boxes and publishes. After publishing, every
//! change is marked as changed. The page prints on A4.
//!
//! Page: [`AgendaPage`]. Server functions: [`load_agenda`], [`propose_item`], [`organise_item`],
//! [`publish_agenda`]. Rules: [`visible_to`] (who sees which item, pure and unit tested) and
//! [`reorder`]. Data access: `crate::store::Store` (`agenda_items`, `add_agenda_item`,
//! `save_agenda_items`, `publish_agenda`).

use crate::domain::{AgendaItemId, CaseId, LocalTime, MeetingId, PersonId, Role};
use crate::error::AppError;
use crate::i18n::{k, t, tn, use_lang, Lang};
use crate::ui::{ErrorSummary, FieldMessage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The most items one person may propose for one meeting.
pub const MAX_PROPOSALS: usize = 20;

/// Who raised an item, as shown to the viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaisedBy {
    /// A name, or "the family coach" when a young person asked the coach to raise it.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// For a supporter: the name of who brought them ("meegenomen door …").
    pub brought_by: Option<String>,
}

/// One agenda item as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    /// Id.
    pub id: AgendaItemId,
    /// Short title.
    pub title: String,
    /// Plain explanation.
    pub explanation: String,
    /// Why it matters to the one who raised it.
    pub why: String,
    /// Who raised it (more than one after merging).
    pub raised_by: Vec<RaisedBy>,
    /// The question of the proposer's own input it is linked to.
    pub linked_prompt: Option<String>,
    /// Time box in minutes.
    pub minutes: Option<i64>,
    /// On the published agenda.
    pub published: bool,
    /// Changed since publishing.
    pub changed: bool,
    /// Proposed by the viewer.
    pub mine: bool,
    /// Merged into another item (shown to its proposer only).
    pub merged: bool,
}

/// The agenda page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaData {
    /// The meeting.
    pub meeting: MeetingId,
    /// Its case.
    pub case_id: CaseId,
    /// The meeting's title.
    pub title: String,
    /// Start.
    pub starts_at: LocalTime,
    /// Whether the agenda is published.
    pub published: bool,
    /// Whether the viewer organises it (the mediator).
    pub may_organise: bool,
    /// The viewer's role.
    pub my_role: Role,
    /// Items, in agenda order.
    pub items: Vec<ItemView>,
    /// The viewer's own answered questions (key, prompt), to link a proposal to.
    pub my_inputs: Vec<(String, String)>,
    /// Whose topics the viewer saw (for the audit log; never sent to the browser).
    #[serde(skip)]
    pub subjects: Vec<PersonId>,
}

/// Whether a viewer sees an item. The mediator sees every item. Others see their own proposals,
/// and, once the agenda is published, the items on it.
pub fn visible_to(
    viewer_is_mediator: bool,
    viewer_is_proposer: bool,
    item_published: bool,
    merged: bool,
) -> bool {
    if viewer_is_proposer {
        return true;
    }
    if merged {
        return false;
    }
    viewer_is_mediator || item_published
}

/// Moves the item at `from` one place up (`up`) or down among `positions`, returning the two
/// indices to swap, or `None` at either end.
pub fn reorder(len: usize, from: usize, up: bool) -> Option<(usize, usize)> {
    if from >= len {
        return None;
    }
    match (up, from) {
        (true, 0) => None,
        (true, i) => Some((i - 1, i)),
        (false, i) if i + 1 >= len => None,
        (false, i) => Some((i, i + 1)),
    }
}

#[cfg(feature = "ssr")]
mod service {
    //! The rules behind the agenda server functions.
    use super::*;
    use crate::ctx::AppState;
    use crate::domain::Action;
    use crate::prepare::questions;
    use crate::store::PersonRow;

    /// The agenda as `me` may see it.
    pub async fn agenda(
        state: &AppState,
        me: &PersonRow,
        meeting: MeetingId,
        lang: Lang,
    ) -> Result<AgendaData, AppError> {
        let (m, case, my_role) =
            crate::ctx::meeting_at_table(state, me.id, meeting, Action::ViewCase).await?;
        let mediator = my_role.may(Action::Mediate);
        let published = crate::ctx::agenda_published_at(state, meeting)
            .await?
            .is_some();
        let members = crate::ctx::members(state, m.case_id).await?;
        let rows = state.store.agenda_items(meeting).await?;
        let answers = crate::ctx::meeting_answers(state, meeting).await?;
        let sent = crate::ctx::sent_preparations(state, meeting).await?;
        let reader = crate::ctx::reader(state, m.case_id, me.id, my_role).await?;
        // An item raised via the coach looks exactly like the coach's own items.
        let coach = members
            .iter()
            .find(|p| p.role == Role::Mediator)
            .map(|p| p.display_name.clone())
            .unwrap_or_else(|| t(lang, k::agenda_the_family_coach).to_string());
        let name_of = |row: &crate::store::AgendaItemRow| -> RaisedBy {
            let member = members.iter().find(|p| p.person_id == row.proposed_by);
            let role = member.map(|p| p.role).unwrap_or(Role::Parent);
            if row.via_mediator && !mediator && row.proposed_by != me.id {
                RaisedBy {
                    name: coach.clone(),
                    role: Role::Mediator,
                    brought_by: None,
                }
            } else {
                RaisedBy {
                    name: member.map(|p| p.display_name.clone()).unwrap_or_default(),
                    role,
                    brought_by: member.and_then(|p| p.brought_by).and_then(|b| {
                        members
                            .iter()
                            .find(|o| o.person_id == b)
                            .map(|o| o.display_name.clone())
                    }),
                }
            }
        };
        let prompt_of = |row: &crate::store::AgendaItemRow| -> Option<String> {
            // Which question an item is linked to would tell others who raised it.
            let hidden = row.via_mediator && !mediator && row.proposed_by != me.id;
            if row.linked_question.is_empty() || hidden {
                return None;
            }
            // Only shown to those who may read the linked answer itself.
            let answer = answers
                .iter()
                .find(|a| a.person_id == row.proposed_by && a.question == row.linked_question)?;
            let sharing = crate::prepare::Sharing::parse(&answer.sharing)?;
            let is_sent = sent.iter().any(|(p, _)| *p == row.proposed_by);
            if !crate::prepare::sharing::may_see(
                reader,
                row.proposed_by,
                sharing,
                is_sent,
                answer.coach,
            ) {
                return None;
            }
            let role = members
                .iter()
                .find(|p| p.person_id == row.proposed_by)?
                .role;
            questions::questions_for(role, case.age_band)
                .iter()
                .find(|q| q.key == row.linked_question)
                .map(|q| t(lang, q.prompt).to_string())
        };
        let mut subjects = Vec::new();
        let items: Vec<ItemView> = rows
            .iter()
            .filter(|r| {
                // A topic a supporter proposes is on behalf of who brought them: they see it too.
                let by_my_supporter = members
                    .iter()
                    .any(|p| p.person_id == r.proposed_by && p.brought_by == Some(me.id));
                visible_to(
                    mediator,
                    r.proposed_by == me.id || by_my_supporter,
                    r.published,
                    r.merged_into.is_some(),
                )
            })
            .map(|r| {
                let mut raised_by = vec![name_of(r)];
                subjects.push(r.proposed_by);
                for other in rows.iter().filter(|o| o.merged_into == Some(r.id)) {
                    subjects.push(other.proposed_by);
                    let who = name_of(other);
                    if !raised_by.contains(&who) {
                        raised_by.push(who);
                    }
                }
                ItemView {
                    id: r.id,
                    title: r.title.clone(),
                    explanation: r.explanation.clone(),
                    why: r.why.clone(),
                    raised_by,
                    linked_prompt: prompt_of(r),
                    minutes: r.minutes,
                    published: r.published,
                    changed: r.changed,
                    mine: r.proposed_by == me.id,
                    merged: r.merged_into.is_some(),
                }
            })
            .collect();
        let my_inputs = if matches!(my_role, Role::Parent | Role::Young) {
            let answers = crate::ctx::answers_of(state, meeting, me.id).await?;
            questions::questions_for(my_role, case.age_band)
                .iter()
                .filter(|q| answers.iter().any(|a| a.question == q.key))
                .map(|q| (q.key.to_string(), t(lang, q.prompt).to_string()))
                .collect()
        } else {
            Vec::new()
        };
        Ok(AgendaData {
            meeting,
            case_id: m.case_id,
            title: m.title,
            starts_at: m.starts_at,
            published,
            may_organise: mediator,
            my_role,
            items,
            my_inputs,
            subjects,
        })
    }
}

/// The agenda of a meeting, as the viewer may see it.
#[server(prefix = "/api", endpoint = "load_agenda")]
pub async fn load_agenda(meeting: MeetingId) -> Result<AgendaData, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let data = service::agenda(&state, &me, meeting, use_lang()).await?;
    crate::ctx::audit_read(
        &state,
        me.id,
        Some(data.case_id),
        "agenda.read",
        format!("meeting:{meeting}"),
        data.subjects.clone(),
    )
    .await?;
    Ok(data)
}

/// Anyone at the table proposes an item.
#[server(prefix = "/api", endpoint = "propose_item")]
pub async fn propose_item(
    meeting: MeetingId,
    title: String,
    #[server(default)] explanation: String,
    #[server(default)] why: String,
    #[server(default)] linked_question: String,
    #[server(default)] via_mediator: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::{self as d, Action};
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, role) =
        crate::ctx::meeting_at_table(&state, me.id, meeting, Action::ViewCase).await?;
    let mut errors = Vec::new();
    let title_v = d::text("title", &title, 1, 120, &mut errors);
    let explanation_v = d::text("explanation", &explanation, 0, 1000, &mut errors);
    let why_v = d::text("why", &why, 0, 1000, &mut errors);
    let linked = linked_question.trim().to_string();
    if !linked.is_empty()
        && !crate::ctx::answers_of(&state, meeting, me.id)
            .await?
            .iter()
            .any(|a| a.question == linked)
    {
        errors.push(FieldError {
            field: "linked_question".into(),
            problem: Problem::Choice,
        });
    }
    let echo = |title: &str, explanation: &str, why: &str| {
        vec![
            ("title".to_string(), title.to_string()),
            ("explanation".to_string(), explanation.to_string()),
            ("why".to_string(), why.to_string()),
        ]
    };
    if !errors.is_empty() {
        let echo = echo(&title_v, &explanation_v, &why_v);
        return Err(AppError::Invalid { errors, echo });
    }
    let item = crate::store::NewAgendaItem {
        meeting_id: meeting,
        proposed_by: me.id,
        title: title_v,
        explanation: explanation_v,
        why: why_v,
        linked_question: linked,
        via_mediator: role == Role::Young && via_mediator.is_some(),
    };
    // The per-person limit is the store's: it counts inside the transaction that adds the topic,
    // so two proposals sent at the same moment cannot pass it together.
    let Some(id) = state
        .store
        .add_agenda_item(&item, MAX_PROPOSALS as i64, crate::ctx::now())
        .await?
    else {
        return Err(AppError::Invalid {
            errors: vec![FieldError {
                field: "title".into(),
                problem: Problem::TooMany { max: MAX_PROPOSALS },
            }],
            echo: echo(&item.title, &item.explanation, &item.why),
        });
    };
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "agenda.propose",
        format!("agenda_item:{id}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/agenda?proposed=1"));
    Ok(())
}

/// The mediator organises the agenda. `op` is `up`, `down`, `minutes` (with `minutes`) or `merge`
/// (with `into`, the item that absorbs this one). After publishing, changed items are marked.
#[server(prefix = "/api", endpoint = "organise_item")]
pub async fn organise_item(
    meeting: MeetingId,
    item: AgendaItemId,
    op: String,
    #[server(default)] minutes: String,
    #[server(default)] into: String,
) -> Result<(), AppError> {
    use crate::domain::Action;
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, _) = crate::ctx::meeting_at_table(&state, me.id, meeting, Action::Mediate).await?;
    let published = crate::ctx::agenda_published_at(&state, meeting)
        .await?
        .is_some();
    let mut active: Vec<_> = state
        .store
        .agenda_items(meeting)
        .await?
        .into_iter()
        .filter(|i| i.merged_into.is_none())
        .collect();
    let at = active
        .iter()
        .position(|i| i.id == item)
        .ok_or(AppError::NotFound)?;
    let choice = |field: &str| {
        AppError::invalid(vec![FieldError {
            field: field.into(),
            problem: Problem::Choice,
        }])
    };
    // `touched`: items whose change people will notice; `save`: every row to write.
    let (save_idx, touched): (Vec<usize>, Vec<usize>) = match op.as_str() {
        "up" | "down" => {
            let Some((a, b)) = reorder(active.len(), at, op == "up") else {
                return Err(choice("op"));
            };
            // Number everything afresh, then swap, so positions stay distinct.
            for (n, i) in active.iter_mut().enumerate() {
                i.position = n as i64 + 1;
            }
            let pa = active[a].position;
            active[a].position = active[b].position;
            active[b].position = pa;
            ((0..active.len()).collect(), vec![a, b])
        }
        "minutes" => {
            let v = minutes.trim();
            active[at].minutes = if v.is_empty() {
                None
            } else {
                match v.parse::<i64>() {
                    Ok(n) if (1..=240).contains(&n) => Some(n),
                    _ => return Err(choice("minutes")),
                }
            };
            (vec![at], vec![at])
        }
        "merge" => {
            let target = into
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|t| active.iter().position(|i| i.id.0 == t))
                .filter(|t| *t != at)
                .ok_or_else(|| choice("into"))?;
            let (from, to) = (active[at].id, active[target].id);
            active[at].merged_into = Some(to);
            active[at].published = false;
            // Items merged into this one earlier move along, so every proposer stays named.
            let mut earlier: Vec<_> = state
                .store
                .agenda_items(meeting)
                .await?
                .into_iter()
                .filter(|i| i.merged_into == Some(from))
                .collect();
            for i in &mut earlier {
                i.merged_into = Some(to);
            }
            state.store.save_agenda_items(&earlier).await?;
            (vec![at, target], vec![target])
        }
        _ => return Err(choice("op")),
    };
    let save: Vec<_> = save_idx
        .into_iter()
        .map(|n| {
            let mut i = active[n].clone();
            if published && i.published && touched.contains(&n) {
                i.changed = true;
            }
            i
        })
        .collect();
    state.store.save_agenda_items(&save).await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "agenda.organise",
        format!("agenda_item:{item}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/agenda"));
    Ok(())
}

/// The mediator publishes the agenda: everyone at the table sees it.
#[server(prefix = "/api", endpoint = "publish_agenda")]
pub async fn publish_agenda(meeting: MeetingId) -> Result<(), AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, _) = crate::ctx::meeting_at_table(&state, me.id, meeting, Action::Mediate).await?;
    state
        .store
        .publish_agenda(meeting, crate::ctx::now())
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "agenda.publish",
        format!("meeting:{meeting}"),
    )
    .await?;
    leptos_axum::redirect(&format!("/meetings/{meeting}/agenda?published=1"));
    Ok(())
}

/// The agenda: the items, a form to propose one, and for the mediator the tools to organise.
#[component]
pub fn AgendaPage() -> impl IntoView {
    let id = crate::ui::route_id(MeetingId).get_untracked();
    let propose = ServerAction::<ProposeItem>::new();
    let organise = ServerAction::<OrganiseItem>::new();
    let publish = ServerAction::<PublishAgenda>::new();
    let error = Signal::derive(move || {
        propose
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| organise.value().get().and_then(|r| r.err()))
            .or_else(|| publish.value().get().and_then(|r| r.err()))
    });
    crate::ui::page(
        k::agenda_agenda,
        async move { load_agenda(id.ok_or(AppError::NotFound)?).await },
        move |d| view! { <AgendaView d=d propose=propose organise=organise publish=publish error=error/> },
    )
}

fn raised_line(item: &ItemView, lang: Lang) -> String {
    let names: Vec<String> = item
        .raised_by
        .iter()
        .map(|r| match &r.brought_by {
            Some(by) => crate::case::supporter::with_brought_by(lang, &r.name, by),
            None => format!("{} ({})", r.name, r.role.name(lang).to_lowercase()),
        })
        .collect();
    format!("{}{}", t(lang, k::agenda_raised_by), names.join(", "))
}

/// The mediator's tools on one item: move, time box, merge.
#[component]
fn OrganiseTools(
    meeting: MeetingId,
    id: AgendaItemId,
    title: String,
    minutes: Option<i64>,
    targets: Vec<(AgendaItemId, String)>,
    organise: ServerAction<OrganiseItem>,
) -> impl IntoView {
    let lang = use_lang();
    let hidden = format!(": {title}");
    let others: Vec<(AgendaItemId, String)> =
        targets.into_iter().filter(|(t, _)| *t != id).collect();
    let op_form = |op: &'static str, label: &'static str| {
        let hidden = hidden.clone();
        view! {
            <ActionForm action=organise attr:class="inline">
                <input type="hidden" name="meeting" value=meeting.0/>
                <input type="hidden" name="item" value=id.0/>
                <input type="hidden" name="op" value=op/>
                <button type="submit" class="button secondary">{label}<span class="visually-hidden">{hidden}</span></button>
            </ActionForm>
        }
    };
    let up = op_form("up", t(lang, k::agenda_up));
    let down = op_form("down", t(lang, k::agenda_down));
    let hidden_merge = hidden.clone();
    view! {
        <div class="organise no-print">
            {up}
            {down}
            <ActionForm action=organise attr:class="inline">
                <input type="hidden" name="meeting" value=meeting.0/>
                <input type="hidden" name="item" value=id.0/>
                <input type="hidden" name="op" value="minutes"/>
                <label for=format!("min-{id}")>{t(lang, k::agenda_minutes)}</label>
                <input id=format!("min-{id}") name="minutes" type="number" min="1" max="240" inputmode="numeric"
                    value=minutes.map(|m| m.to_string()).unwrap_or_default()/>
                <button type="submit" class="button secondary">{t(lang, k::agenda_save_time)}<span class="visually-hidden">{hidden}</span></button>
            </ActionForm>
            {(!others.is_empty()).then(|| view! {
                <ActionForm action=organise attr:class="inline">
                    <input type="hidden" name="meeting" value=meeting.0/>
                    <input type="hidden" name="item" value=id.0/>
                    <input type="hidden" name="op" value="merge"/>
                    <label for=format!("into-{id}")>{t(lang, k::agenda_merge_into)}</label>
                    <select id=format!("into-{id}") name="into">
                        {others.into_iter().map(|(t, title)| view! { <option value=t.0>{title}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button secondary">{t(lang, k::agenda_merge)}<span class="visually-hidden">{hidden_merge}</span></button>
                </ActionForm>
            })}
        </div>
    }
}

#[component]
fn AgendaView(
    d: AgendaData,
    propose: ServerAction<ProposeItem>,
    organise: ServerAction<OrganiseItem>,
    publish: ServerAction<PublishAgenda>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let meeting = d.meeting;
    let organiser = d.may_organise;
    let query = leptos_router::hooks::use_query_map();
    let proposed = query.read_untracked().get("proposed").is_some();
    let echo = move |f: &'static str| {
        error
            .get()
            .and_then(|e| e.echoed(f).map(str::to_string))
            .unwrap_or_default()
    };
    let (on_agenda, waiting): (Vec<ItemView>, Vec<ItemView>) = d
        .items
        .iter()
        .cloned()
        .partition(|i| i.published || organiser);
    let targets: Vec<(AgendaItemId, String)> = d
        .items
        .iter()
        .filter(|i| !i.merged)
        .map(|i| (i.id, i.title.clone()))
        .collect();
    let total: i64 = on_agenda.iter().filter_map(|i| i.minutes).sum();
    let young = d.my_role == Role::Young;
    let professional = d.my_role.is_professional();
    let list = on_agenda
        .into_iter()
        .filter(|i| !i.merged)
        .enumerate()
        .map(|(n, i)| {
            let targets = targets.clone();
            let raised = raised_line(&i, lang);
            view! {
                <li class="agenda-item">
                    <h3>{format!("{}. ", n + 1)}<span class="topic" lang="nl" dir="auto">{i.title.clone()}</span>
                        {i.changed.then(|| view! { <span class="tag changed">{t(lang, k::agenda_changed)}</span> })}
                        {(organiser && !i.published).then(|| view! { <span class="tag">{t(lang, k::agenda_new)}</span> })}
                    </h3>
                    {i.minutes.map(|m| view! { <p class="meta">{tn(lang, k::agenda_n_minutes, m.max(0) as u64, &[])}</p> })}
                    {(!i.explanation.is_empty()).then(|| view! { <crate::plain::Marked text=i.explanation.clone()/> })}
                    {(!i.why.is_empty()).then(|| view! { <p><strong>{t(lang, k::agenda_why_it_matters)}</strong>{i.why.clone()}</p> })}
                    {i.linked_prompt.clone().map(|p| view! { <p class="meta">{t(lang, k::agenda_goes_with)}{p}</p> })}
                    <p class="meta raised">{raised}</p>
                    {organiser.then(|| view! {
                        <OrganiseTools meeting=meeting id=i.id title=i.title.clone() minutes=i.minutes
                            targets=targets.clone() organise=organise/>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="crumb no-print"><a href=format!("/meetings/{meeting}")>{d.title.clone()}</a></p>
        <h1>{t(lang, k::agenda_agenda)}<span class="print-only">{format!(": {}", d.title)}</span></h1>
        <p class="meta">{d.starts_at.long(lang)}</p>
        {if d.published {
            view! { <p class="notice" role="status">{t(lang, k::agenda_this_agenda_has_been_shared)}</p> }.into_any()
        } else {
            view! { <p class="notice" role="status">{if organiser {
                t(lang, k::agenda_not_shared_yet_only_you)
            } else {
                crate::i18n::tj(lang, crate::ui::reads_je(), k::agenda_the_family_coach_puts_the)
            }}</p> }.into_any()
        }}
        {proposed.then(|| view! { <div class="notice success no-print" role="status"><p>{crate::i18n::tj(lang, crate::ui::reads_je(), k::agenda_thank_you_your_item_has)}</p></div> })}
        <ErrorSummary error=error/>
        {(d.published || organiser).then(|| view! {
            <crate::plain::ReadAloud select=".agenda-item .topic" text_lang=Lang::Nl/>
            <crate::plain::ReadAloudScript/>
        })}
        <ol class="agenda">{list}</ol>
        {(total > 0).then(|| view! { <p class="meta">{tn(lang, k::agenda_minutes_in_all, total.max(0) as u64, &[])}</p> })}
        {(!waiting.is_empty()).then(|| view! {
            <section aria-labelledby="mine-h" class="no-print">
                <h2 id="mine-h">{t(lang, k::agenda_my_proposals)}</h2>
                <ul>
                    {waiting.into_iter().map(|i| view! {
                        <li><strong>{i.title.clone()}</strong>" · "
                            <span class="meta">{if i.merged {
                                t(lang, k::agenda_merged_with_another_item)
                            } else {
                                t(lang, k::agenda_waiting_for_the_family_coach)
                            }}</span>
                            // A topic the viewer's supporter proposed for them says who did.
                            {(!i.mine).then(|| view! { <span class="meta">" · "{raised_line(&i, lang)}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {organiser.then(|| view! {
            <ActionForm action=publish attr:class="no-print">
                <input type="hidden" name="meeting" value=meeting.0/>
                <button type="submit" class="button">{if d.published {
                    t(lang, k::agenda_share_changes)
                } else {
                    t(lang, k::agenda_share_the_agenda_with_everyone)
                }}</button>
            </ActionForm>
        })}
        <p class="no-print"><a href=format!("/meetings/{meeting}/agreements")>{t(lang, k::agenda_agreements)}</a></p>
        <section aria-labelledby="propose-h" class="card no-print">
            <h2 id="propose-h">{t(lang, k::agenda_propose_an_item)}</h2>
            <p>{crate::i18n::tj(lang, crate::ui::reads_je(), k::agenda_what_do_you_want_to)}</p>
            <ActionForm action=propose attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="meeting" value=meeting.0/>
                <div class="field">
                    <label for="title">{t(lang, k::agenda_topic)}</label>
                    <FieldMessage error=error field="title"/>
                    <input id="title" name="title" type="text" required maxlength="120" value=move || echo("title") aria-describedby="title-error"/>
                </div>
                <div class="field">
                    <label for="explanation">{t(lang, k::agenda_explanation_in_plain_words_optional)}</label>
                    <FieldMessage error=error field="explanation"/>
                    <textarea dir="auto" id="explanation" name="explanation" rows="3" maxlength="1000" aria-describedby="explanation-error">{move || echo("explanation")}</textarea>
                    {professional.then(|| view! { <crate::plain::PlainHint target="explanation".to_string() text=echo("explanation")/> })}
                </div>
                <div class="field">
                    <label for="why">{crate::i18n::tj(lang, crate::ui::reads_je(), k::agenda_why_does_this_matter_to)}</label>
                    <FieldMessage error=error field="why"/>
                    <textarea dir="auto" id="why" name="why" rows="2" maxlength="1000" aria-describedby="why-error">{move || echo("why")}</textarea>
                </div>
                {(!d.my_inputs.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="linked_question">{t(lang, k::agenda_goes_with_my_answer_to)}</label>
                        <FieldMessage error=error field="linked_question"/>
                        <select id="linked_question" name="linked_question">
                            <option value="">{t(lang, k::agenda_none)}</option>
                            {d.my_inputs.iter().map(|(k, p)| view! { <option value=k.clone()>{p.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                })}
                {young.then(|| view! {
                    <div class="choice">
                        <input id="via_mediator" name="via_mediator" type="checkbox" value="1"/>
                        <label for="via_mediator">{t(lang, k::agenda_i_want_the_family_coach)}</label>
                    </div>
                })}
                <button type="submit" class="button">{t(lang, k::agenda_propose)}</button>
            </ActionForm>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_sees_an_item() {
        // Before publishing: the mediator and the proposer only.
        assert!(visible_to(true, false, false, false));
        assert!(visible_to(false, true, false, false));
        assert!(!visible_to(false, false, false, false));
        // After publishing: everyone.
        assert!(visible_to(false, false, true, false));
        // A merged item lives on inside its target; only its proposer still sees it listed.
        assert!(!visible_to(true, false, true, true));
        assert!(!visible_to(false, false, true, true));
        assert!(visible_to(false, true, false, true));
    }

    #[test]
    fn moving_stops_at_the_ends() {
        assert_eq!(reorder(3, 0, true), None);
        assert_eq!(reorder(3, 2, false), None);
        assert_eq!(reorder(3, 1, true), Some((0, 1)));
        assert_eq!(reorder(3, 1, false), Some((1, 2)));
        assert_eq!(reorder(3, 5, true), None);
        assert_eq!(reorder(0, 0, false), None);
    }
}
