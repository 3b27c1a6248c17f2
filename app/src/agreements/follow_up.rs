//! Agreements followed up: how each one went ("gedaan", "bezig", "niet gelukt"), said by the
//! person responsible or the family, with an optional note. Every report is kept; the newest is
//! the agreement's status, and it goes to the care-plan store as the Task's status.
//!
//! Pages: [`FollowUpPage`] at `/meetings/{id}/follow-up`, one short step per agreement of the
//! previous meeting, which the prepare flow opens with; [`CaseAgreementsPage`] at
//! `/cases/{id}/agreements`, every agreement of the case and how it went. Server functions:
//! [`load_follow_up`], [`load_case_agreements`], [`report_agreement`]. The rules are in
//! [`super::status`]; data access is `crate::store::Store` (`agreements_before`,
//! `case_agreements`, `agreement_history`, `report_agreement`).

use super::status::{AgreementStatus, Tally};
use crate::domain::{AgreementId, CaseId, LocalTime, MeetingId};
use crate::error::AppError;
use crate::i18n::{k, t, tf, tj, use_lang};
use crate::prepare::sharing::Sharing;
use crate::ui::{ErrorSummary, ErrorText};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The longest note on how an agreement went, in characters.
pub const MAX_NOTE: usize = 1000;

/// One report of how an agreement went, as the reader may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    /// How it went.
    pub status: AgreementStatus,
    /// Who said it ("" if they left the table).
    pub by: String,
    /// When, in words.
    pub on: String,
    /// Their note; empty when there is none or the reader may not read it.
    pub note: String,
}

/// What the viewer said last about an agreement, to start the form with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyReport {
    /// How it went.
    pub status: AgreementStatus,
    /// Their note.
    pub note: String,
    /// Who may read the note.
    pub sharing: Sharing,
}

/// One agreement to follow up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowItem {
    /// Id.
    pub id: AgreementId,
    /// What would be done.
    pub what: String,
    /// Who would do it.
    pub who: String,
    /// By when, in words.
    pub due: Option<String>,
    /// The newest report.
    pub latest: Option<ReportView>,
    /// What this person said last (to start the form with).
    pub mine: Option<MyReport>,
}

/// The follow-up steps before a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpData {
    /// The meeting being prepared.
    pub meeting: MeetingId,
    /// Its title.
    pub title: String,
    /// The earlier meeting the agreements were made in, and when.
    pub previous: Option<(String, LocalTime)>,
    /// The agreements this person may say something about.
    pub items: Vec<FollowItem>,
    /// For the family: the sharing a note starts with (they choose); `None`: a professional's
    /// note is read by the table.
    pub note_sharing: Option<Sharing>,
}

/// One agreement in the case's overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementLine {
    /// Id.
    pub id: AgreementId,
    /// What would be done.
    pub what: String,
    /// Who would do it.
    pub who: String,
    /// By when, in words.
    pub due: Option<String>,
    /// The plan's goal it serves, in plain words.
    pub goal: Option<String>,
    /// Every report, newest first.
    pub reports: Vec<ReportView>,
}

/// A meeting's agreements in the case's overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingLines {
    /// The meeting.
    pub meeting: MeetingId,
    /// Its title.
    pub title: String,
    /// When.
    pub starts_at: LocalTime,
    /// Its agreements.
    pub agreements: Vec<AgreementLine>,
}

/// Every agreement of a case and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseAgreementsData {
    /// The case.
    pub case_id: CaseId,
    /// The young person's first name.
    pub child_first_name: String,
    /// Per meeting, oldest first.
    pub meetings: Vec<MeetingLines>,
    /// How many stand where.
    pub tally: Tally,
}

#[cfg(feature = "ssr")]
pub mod service {
    //! The reading side, shared with the agreements page, the review page and the plan.
    use super::*;
    use crate::ctx::AppState;
    use crate::domain::Role;
    use crate::i18n::Lang;
    use crate::prepare::sharing::{may_see, Reader};
    use crate::store::{AgreementRow, AgreementUpdateRow, MemberRow};

    /// A report as `reader` may see it, if they may. Everyone at the table but a supporter sees
    /// how it went; a supporter sees only what the person who brought them said. The note is
    /// read like an answer, with the sharing its author chose.
    pub fn report_view(
        u: &AgreementUpdateRow,
        members: &[MemberRow],
        reader: Reader,
        lang: Lang,
    ) -> Option<ReportView> {
        if reader.role == Role::Supporter && reader.brought_by != Some(u.person_id) {
            return None;
        }
        Some(ReportView {
            status: u.status,
            by: members
                .iter()
                .find(|m| m.person_id == u.person_id)
                .map(|m| m.display_name.clone())
                .unwrap_or_default(),
            on: LocalTime::from_unix(u.at).date_long(lang),
            note: if may_see(reader, u.person_id, u.sharing, true, u.coach) {
                u.note.clone()
            } else {
                String::new()
            },
        })
    }

    /// An agreement as `reader` sees it, with the newest report they may see and, in `mine`,
    /// what they said last (for their form). `members` names who said it (empty: no names).
    pub fn follow_item(
        a: &AgreementRow,
        members: &[MemberRow],
        reader: Reader,
        lang: Lang,
    ) -> FollowItem {
        FollowItem {
            id: a.id,
            what: a.what.clone(),
            who: a.who.clone(),
            due: due_words(a.due, lang),
            latest: a
                .latest
                .as_ref()
                .and_then(|u| report_view(u, members, reader, lang)),
            mine: mine(a, reader.id),
        }
    }

    /// What `me` said last, if the newest report is theirs.
    pub fn mine(a: &AgreementRow, me: crate::domain::PersonId) -> Option<MyReport> {
        a.latest
            .as_ref()
            .filter(|u| u.person_id == me)
            .map(|u| MyReport {
                status: u.status,
                note: u.note.clone(),
                sharing: u.sharing,
            })
    }

    /// The sharing a note starts with: the family chooses, starting where their answers start;
    /// a professional's note is read by the table.
    pub fn note_sharing(role: Role, band: crate::domain::AgeBand) -> Option<Sharing> {
        matches!(role, Role::Parent | Role::Young)
            .then(|| crate::prepare::sharing::default_sharing(role, band))
    }

    /// A date in words.
    pub fn due_words(d: Option<chrono::NaiveDate>, lang: Lang) -> Option<String> {
        d.map(|d| LocalTime(d.and_time(chrono::NaiveTime::MIN)).date_long(lang))
    }

    /// The agreement `reader` says something about at meeting `m`, and how many follow-up steps
    /// there are (0 on the agreements page, `step` 0). On the agreements page only an agreement
    /// of that meeting; in the steps only one of the previous meeting's that they may report on.
    /// Another table's agreement is not found; one they may not report on is not allowed.
    pub async fn reportable(
        state: &AppState,
        m: &crate::store::MeetingRow,
        reader: Reader,
        agreement: AgreementId,
        step: usize,
    ) -> Result<(AgreementRow, usize), AppError> {
        let a = state
            .store
            .agreement(agreement)
            .await?
            .ok_or(AppError::NotFound)?;
        let same_case = state
            .store
            .meeting(a.meeting_id)
            .await?
            .is_some_and(|own| own.case_id == m.case_id);
        if !same_case || (step == 0 && a.meeting_id != m.id) {
            return Err(AppError::NotFound);
        }
        if !super::super::status::may_report(reader.role, reader.id, a.responsible_id) {
            return Err(AppError::NotAllowed);
        }
        if step == 0 {
            return Ok((a, 0));
        }
        let list = to_follow_up(state, m.id, reader).await?;
        if !list.iter().any(|x| x.id == agreement) {
            return Err(AppError::NotFound);
        }
        Ok((a, list.len()))
    }

    /// The agreements before `meeting` that `reader` may say something about.
    pub async fn to_follow_up(
        state: &AppState,
        meeting: MeetingId,
        reader: Reader,
    ) -> Result<Vec<AgreementRow>, AppError> {
        Ok(state
            .store
            .agreements_before(meeting)
            .await?
            .into_iter()
            .filter(|a| super::super::status::may_report(reader.role, reader.id, a.responsible_id))
            .collect())
    }
}

/// The follow-up steps before `meeting`: the agreements of the previous meeting this person may
/// say something about.
#[server(prefix = "/api", endpoint = "load_follow_up")]
pub async fn load_follow_up(meeting: MeetingId) -> Result<FollowUpData, AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let lang = use_lang();
    let (m, case, role) =
        crate::ctx::meeting_at_table(&state, me.id, meeting, Action::ViewCase).await?;
    let reader = crate::ctx::reader(&state, m.case_id, me.id, role).await?;
    let rows = service::to_follow_up(&state, meeting, reader).await?;
    let previous = match rows.first() {
        Some(a) => state
            .store
            .meeting(a.meeting_id)
            .await?
            .map(|p| (p.title, p.starts_at)),
        None => None,
    };
    let members = crate::ctx::members(&state, m.case_id).await?;
    let items = rows
        .iter()
        .map(|a| service::follow_item(a, &members, reader, lang))
        .collect();
    // Whose reports the page showed.
    let subjects = rows
        .iter()
        .filter_map(|a| a.latest.as_ref())
        .filter(|u| service::report_view(u, &members, reader, lang).is_some())
        .map(|u| u.person_id)
        .collect();
    crate::ctx::audit_read(
        &state,
        me.id,
        Some(m.case_id),
        "agreement.read_follow_up",
        format!("meeting:{meeting}"),
        subjects,
    )
    .await?;
    Ok(FollowUpData {
        meeting,
        title: m.title,
        previous,
        items,
        note_sharing: service::note_sharing(role, case.age_band),
    })
}

/// Reads the report form: a status, a note, and for the family who reads the note (`choice`:
/// the sharing it starts with; `None`: a professional's note is read by the table).
pub fn read_report(
    status: &str,
    note: &str,
    sharing: &str,
    choice: Option<Sharing>,
) -> Result<(AgreementStatus, String, Sharing), AppError> {
    use crate::error::{FieldError, Problem};
    let mut errors = Vec::new();
    let parsed = AgreementStatus::parse(status);
    if parsed.is_none() {
        errors.push(FieldError {
            field: "status".into(),
            problem: Problem::Choice,
        });
    }
    let text = crate::domain::text("note", note, 0, MAX_NOTE, &mut errors);
    let read_by = match choice {
        None => Some(Sharing::Table),
        Some(start) if sharing.is_empty() => Some(start),
        Some(_) => Sharing::parse(sharing),
    };
    if read_by.is_none() {
        errors.push(FieldError {
            field: "sharing".into(),
            problem: Problem::Choice,
        });
    }
    match (parsed, read_by) {
        (Some(status), Some(read_by)) if errors.is_empty() => Ok((status, text, read_by)),
        _ => Err(AppError::Invalid {
            errors,
            echo: vec![("note".into(), note.chars().take(MAX_NOTE).collect())],
        }),
    }
}

/// Says how an agreement went. `meeting` is the meeting the person is at: the agreement's own,
/// or a later one of the same case (the follow-up steps, `step` ≥ 1).
#[server(prefix = "/api", endpoint = "report_agreement")]
pub async fn report_agreement(
    meeting: MeetingId,
    agreement: AgreementId,
    #[server(default)] status: String,
    #[server(default)] note: String,
    #[server(default)] sharing: String,
    #[server(default)] step: usize,
) -> Result<(), AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, case, role) =
        crate::ctx::meeting_at_table(&state, me.id, meeting, Action::ViewCase).await?;
    let reader = crate::ctx::reader(&state, m.case_id, me.id, role).await?;
    let (a, steps) = service::reportable(&state, &m, reader, agreement, step).await?;
    let (status, note, note_sharing) = read_report(
        &status,
        &note,
        &sharing,
        service::note_sharing(role, case.age_band),
    )?;
    let now = crate::ctx::now();
    let kept = state
        .store
        .report_agreement(
            &crate::store::AgreementUpdateRow {
                agreement_id: agreement,
                person_id: me.id,
                status,
                note,
                sharing: note_sharing,
                // A report is a new entry: the coach at the table now.
                coach: crate::ctx::coach_for(&state, m.case_id, note_sharing, None).await?,
                meeting_id: (meeting != a.meeting_id).then_some(meeting),
                at: now,
            },
            a.meeting_id,
        )
        .await?;
    // Taken back by the coach a moment ago.
    if !kept {
        return Err(AppError::NotFound);
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(m.case_id),
        "agreement.report",
        format!("agreement:{agreement}"),
    )
    .await?;
    leptos_axum::redirect(&match step {
        0 => format!("/meetings/{meeting}/agreements"),
        n if n >= steps => format!("/meetings/{meeting}/prepare"),
        n => format!("/meetings/{meeting}/follow-up?step={}", n + 1),
    });
    Ok(())
}

/// Every agreement of a case, per meeting, with how it went (everyone at the table but a
/// supporter, as for the plan).
#[server(prefix = "/api", endpoint = "load_case_agreements")]
pub async fn load_case_agreements(case: CaseId) -> Result<CaseAgreementsData, AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let lang = use_lang();
    let (c, role) = crate::ctx::at_table(&state, me.id, case, Action::ViewPlan).await?;
    let reader = crate::ctx::reader(&state, case, me.id, role).await?;
    let per_meeting = state.store.case_agreements(case).await?;
    let history = state.store.agreement_history(case).await?;
    let goals = state.store.goals(case).await?;
    let members = crate::ctx::members(&state, case).await?;
    let tally = Tally::of(
        per_meeting
            .iter()
            .flat_map(|m| &m.agreements)
            .map(|a| a.latest.as_ref().map(|u| u.status)),
    );
    let line = |a: &crate::store::AgreementRow| AgreementLine {
        id: a.id,
        what: a.what.clone(),
        who: a.who.clone(),
        due: service::due_words(a.due, lang),
        goal: a
            .goal_id
            .and_then(|g| goals.iter().find(|x| x.id == g))
            .map(|g| g.plain.clone()),
        reports: history
            .iter()
            .rev()
            .filter(|u| u.agreement_id == a.id)
            .filter_map(|u| service::report_view(u, &members, reader, lang))
            .collect(),
    };
    let out: Vec<MeetingLines> = per_meeting
        .iter()
        .filter(|m| !m.agreements.is_empty())
        .map(|m| MeetingLines {
            meeting: m.meeting_id,
            title: m.title.clone(),
            starts_at: m.starts_at,
            agreements: m.agreements.iter().map(line).collect(),
        })
        .collect();
    // Whose reports the page showed: those of the agreements it lists.
    let listed: Vec<_> = per_meeting
        .iter()
        .flat_map(|m| &m.agreements)
        .map(|a| a.id)
        .collect();
    let subjects = history
        .iter()
        .filter(|u| listed.contains(&u.agreement_id))
        .filter(|u| service::report_view(u, &members, reader, lang).is_some())
        .map(|u| u.person_id)
        .collect();
    crate::ctx::audit_read(
        &state,
        me.id,
        Some(case),
        "agreement.read_case",
        format!("case:{case}"),
        subjects,
    )
    .await?;
    Ok(CaseAgreementsData {
        case_id: case,
        child_first_name: c.child_first_name,
        meetings: out,
        tally,
    })
}

/// A report in one line, with the note below it.
#[component]
pub fn ReportLine(r: ReportView) -> impl IntoView {
    let lang = use_lang();
    let who = if r.by.is_empty() {
        r.on.clone()
    } else {
        format!("{}, {}", r.by, r.on)
    };
    view! {
        <p class="report"><strong class=r.status.class()>{r.status.label(lang)}</strong>" · "<span dir="auto">{who}</span></p>
        {(!r.note.is_empty()).then(|| view! { <p class="own-words" dir="auto">{r.note.clone()}</p> })}
    }
}

/// The newest report, or "nog niet bekend".
#[component]
pub fn LatestReport(latest: Option<ReportView>) -> impl IntoView {
    let lang = use_lang();
    match latest {
        Some(r) => view! { <ReportLine r=r/> }.into_any(),
        None => view! { <p class="report"><strong class="status unknown">{t(lang, k::follow_not_known_yet)}</strong></p> }.into_any(),
    }
}

/// The form to say how an agreement went. `step` 0: on the agreements page; otherwise the
/// follow-up step it is.
#[component]
pub fn ReportForm(
    action: ServerAction<ReportAgreement>,
    meeting: MeetingId,
    agreement: AgreementId,
    current: Option<MyReport>,
    /// For the family, the sharing a new note starts with; `None` for a professional.
    note_sharing: Option<Sharing>,
    step: usize,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let young = crate::ui::reads_je();
    let (chosen, words, shared) = match current {
        Some(r) => (Some(r.status), r.note, note_sharing.map(|_| r.sharing)),
        None => (None, String::new(), note_sharing),
    };
    let echoed = error
        .get_untracked()
        .and_then(|e| e.echoed("note").map(str::to_string));
    let words = echoed.unwrap_or(words);
    // On the agreements page there is a form per agreement, so its ids carry the agreement's.
    let id = move |f: &str| {
        if step == 0 {
            format!("{f}-{agreement}")
        } else {
            f.to_string()
        }
    };
    let message = move |field: &'static str| {
        move || {
            error.get().and_then(|e| {
                e.field(field).map(|p| {
                    view! { <span class="visually-hidden">{t(lang, k::ui_error)}</span>{p.message_for(lang, young)} }
                })
            })
        }
    };
    view! {
        <ActionForm action=action attr:class="stack report-form no-print" attr:novalidate=true>
            <input type="hidden" name="meeting" value=meeting.0/>
            <input type="hidden" name="agreement" value=agreement.0/>
            <input type="hidden" name="step" value=step/>
            <fieldset id=id("status") aria-describedby=id("status-error")>
                <legend>{t(lang, k::follow_how_did_it_go)}</legend>
                <p class="field-error" id=id("status-error")>{message("status")}</p>
                {AgreementStatus::ALL.into_iter().map(|s| view! {
                    <div class="choice">
                        <input id=id(s.code()) type="radio" name="status" value=s.code() checked=chosen == Some(s)/>
                        <label for=id(s.code())>{s.label(lang)}</label>
                    </div>
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for=id("note")>{tj(lang, young, k::follow_note_label)}</label>
                <p class="hint" id=id("note-hint")>{if shared.is_some() { tj(lang, young, k::follow_status_seen_by_all) } else { t(lang, k::follow_note_hint) }}</p>
                <p class="field-error" id=id("note-error")>{message("note")}</p>
                <textarea dir="auto" id=id("note") name="note" rows="3" maxlength=MAX_NOTE aria-describedby=format!("{} {}", id("note-hint"), id("note-error"))>{words}</textarea>
            </div>
            {shared.map(|current| view! {
                <fieldset id=id("sharing") aria-describedby=id("sharing-error")>
                    <legend>{tj(lang, young, k::follow_who_reads_note)}</legend>
                    <p class="field-error" id=id("sharing-error")>{message("sharing")}</p>
                    {Sharing::ALL.into_iter().map(|s| {
                        let choice = id(&format!("sharing-{}", s.code()));
                        view! {
                            <div class="choice">
                                <input id=choice.clone() type="radio" name="sharing" value=s.code() checked=s == current/>
                                <label for=choice>{s.label(lang)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            })}
            <button type="submit" class="button">{if step == 0 { t(lang, k::agreements_save) } else { t(lang, k::follow_next) }}</button>
        </ActionForm>
    }
}

/// "Hoe ging het met de afspraken van de vorige keer?": one short step per agreement.
#[component]
pub fn FollowUpPage() -> impl IntoView {
    let id = crate::ui::route_id(MeetingId).get_untracked();
    let step = crate::ui::query_step();
    // Made before the data loads, so a form error kept for a browser without JavaScript finds it.
    let report = ServerAction::<ReportAgreement>::new();
    let error = Signal::derive(move || report.value().get().and_then(|r| r.err()));
    crate::ui::page(
        k::follow_how_did_the_agreements_go,
        async move { load_follow_up(id.ok_or(AppError::NotFound)?).await },
        move |d| view! { <FollowUpStep d=d step=step() report=report error=error/> },
    )
}

#[component]
fn FollowUpStep(
    d: FollowUpData,
    step: usize,
    report: ServerAction<ReportAgreement>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let young = crate::ui::reads_je();
    let meeting = d.meeting;
    let total = d.items.len();
    let prepare = format!("/meetings/{meeting}/prepare");
    let item = d.items.get(step.min(total).saturating_sub(1)).cloned();
    let shown = step.min(total);
    let next = if shown >= total {
        prepare.clone()
    } else {
        format!("/meetings/{meeting}/follow-up?step={}", shown + 1)
    };
    view! {
        <p class="crumb"><a href=format!("/meetings/{meeting}") dir="auto">{d.title.clone()}</a></p>
        <h1>{t(lang, k::follow_how_did_the_agreements_go)}</h1>
        {match item {
            None => view! {
                <p>{t(lang, k::follow_nothing)}</p>
                <p><a class="button" href=prepare>{t(lang, k::follow_to_the_questions)}</a></p>
            }.into_any(),
            Some(a) => view! {
                <p>{tj(lang, young, k::follow_intro)}</p>
                {d.previous.clone().map(|(title, at)| view! {
                    <p class="meta">{t(lang, k::follow_from_the_meeting)}<span dir="auto">{title}</span>" · "{at.date_long(lang)}</p>
                })}
                <p class="progress">{tf(lang, k::follow_step_of, &[("step", &shown), ("total", &total)])}</p>
                <ErrorSummary error=error/>
                <section class="card agreement" aria-labelledby="follow-what">
                    <h2 id="follow-what" dir="auto">{a.what.clone()}</h2>
                    <p>{t(lang, k::agreements_who)}<span dir="auto">{a.who.clone()}</span></p>
                    <p>{t(lang, k::agreements_done_by)}{a.due.clone().unwrap_or_else(|| t(lang, k::agreements_no_date).to_string())}</p>
                    {a.latest.clone().filter(|_| a.mine.is_none()).map(|r| view! { <ReportLine r=r/> })}
                </section>
                <ReportForm action=report meeting=meeting agreement=a.id current=a.mine.clone() note_sharing=d.note_sharing step=shown error=error/>
                <p><a href=next>{t(lang, k::follow_skip)}</a></p>
            }.into_any(),
        }}
    }
}

/// Every agreement of the case and how it went.
#[component]
pub fn CaseAgreementsPage() -> impl IntoView {
    let lang = use_lang();
    let id = crate::ui::route_id(CaseId);
    let id = id.get_untracked();
    view! {
        <h1>{t(lang, k::follow_all_agreements)}</h1>
        {crate::ui::page_body(async move {
            let loaded = match id { Some(id) => load_case_agreements(id).await, None => Err(AppError::NotFound) };
            match loaded {
                Err(e) => view! { <ErrorText error=e/> }.into_any(),
                Ok(d) => view! { <CaseAgreementsView d=d/> }.into_any(),
        }})}
    }
}

#[component]
fn CaseAgreementsView(d: CaseAgreementsData) -> impl IntoView {
    let lang = use_lang();
    let tally = d.tally;
    let counts = [
        (AgreementStatus::Done.label(lang), tally.done),
        (AgreementStatus::Busy.label(lang), tally.busy),
        (AgreementStatus::Failed.label(lang), tally.failed),
        (t(lang, k::follow_not_known_yet), tally.unknown),
    ];
    view! {
        <p class="crumb"><a href=format!("/cases/{}", d.case_id) dir="auto">{d.child_first_name.clone()}</a></p>
        <p>{tj(lang, crate::ui::reads_je(), k::follow_all_agreements_intro)}</p>
        {d.meetings.is_empty().then(|| view! { <p>{t(lang, k::agreements_there_are_no_agreements_yet)}</p> })}
        {(!d.meetings.is_empty()).then(|| view! {
            <ul class="tally">
                {counts.into_iter().map(|(label, n)| view! { <li><strong>{n}</strong>" "{label}</li> }).collect_view()}
            </ul>
        })}
        {d.meetings.into_iter().map(|m| view! {
            <section class="record-item" aria-label=m.title.clone()>
                <h2><a href=format!("/meetings/{}/agreements", m.meeting) dir="auto">{m.title.clone()}</a></h2>
                <p class="meta">{m.starts_at.date_long(lang)}</p>
                <ul class="agreements">
                    {m.agreements.into_iter().map(|a| {
                        let mut reports = a.reports.into_iter();
                        let latest = reports.next();
                        let earlier: Vec<ReportView> = reports.collect();
                        view! {
                            <li class="agreement">
                                <p class="what" dir="auto"><strong>{a.what.clone()}</strong></p>
                                <p>{t(lang, k::agreements_who)}<span dir="auto">{a.who.clone()}</span>
                                    " · "{t(lang, k::agreements_done_by)}{a.due.clone().unwrap_or_else(|| t(lang, k::agreements_no_date).to_string())}</p>
                                {a.goal.clone().map(|g| view! { <p class="meta">{t(lang, k::agreements_serves_the_goal)}{g}</p> })}
                                <LatestReport latest=latest/>
                                {(!earlier.is_empty()).then(|| view! {
                                    <details>
                                        <summary>{t(lang, k::follow_earlier)}</summary>
                                        {earlier.into_iter().map(|r| view! { <ReportLine r=r/> }).collect_view()}
                                    </details>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }).collect_view()}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_needs_a_status_and_the_family_chooses_who_reads_the_note() {
        // A professional: the note is read by the table, whatever the form says.
        let (s, n, by) = read_report("done", "Klaar", "me", None).unwrap();
        assert_eq!(
            (s, n.as_str(), by),
            (AgreementStatus::Done, "Klaar", Sharing::Table)
        );
        // The family: their choice, or where their answers start when they made none.
        let start = Some(Sharing::Mediator);
        assert_eq!(
            read_report("failed", "", "", start).unwrap().2,
            Sharing::Mediator
        );
        assert_eq!(
            read_report("failed", "", "me", start).unwrap().2,
            Sharing::OnlyMe
        );
        // Refused, with the field named and the note kept.
        let fields = |r: Result<_, AppError>| match r {
            Err(AppError::Invalid { errors, echo }) => (
                errors.into_iter().map(|e| e.field).collect::<Vec<_>>(),
                echo,
            ),
            other => panic!("not refused: {other:?}"),
        };
        let (f, echo) = fields(read_report("gedaan", "Mijn tekst", "everyone", start));
        assert_eq!(f, ["status", "sharing"]);
        assert_eq!(echo, [("note".to_string(), "Mijn tekst".to_string())]);
        let (f, _) = fields(read_report("done", &"x".repeat(MAX_NOTE + 1), "", None));
        assert_eq!(f, ["note"]);
    }
}
