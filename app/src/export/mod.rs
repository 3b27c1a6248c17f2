//! "Download mijn gegevens": everything a person wrote here (every version kept), who may read
//! each answer, the topics they raised and the agreements that name them, what professionals
//! wrote about them or their answers (the coach's summaries and questions back), their consent
//! history, the mail sent to them, and their access log. Two forms of the same data: a JSON
//! file (`/my-data.json`, fields documented in `FIELDS.md` next to this file) and a printable
//! page (`/my-data`). Nothing in either comes from another person's answers.
//!
//! Page: [`MyDataPage`]. Server function: [`load_my_data`]. The JSON file is served by the
//! server crate through [`json_for`]. Data access: `crate::store::ExportStore` (one read).
//! Assembly: [`service`].

#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::PersonId;
use crate::error::AppError;
use crate::i18n::{fill, k, t, tj, use_lang, Lang};
use crate::ui::ErrorText;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The name and version of the file's layout.
pub const FORMAT: &str = "aantafel-mijn-gegevens/1";

/// Everything of one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyData {
    /// [`FORMAT`].
    pub format: String,
    /// When the file was made (RFC 3339, Dutch time).
    pub made_at: String,
    /// Whether the person reads "je" (a young person).
    pub young: bool,
    /// Whether the person is a professional (their access log lists what they opened).
    pub professional: bool,
    /// About the person.
    pub person: PersonPart,
    /// Each table they sit or sat at.
    pub tables: Vec<TablePart>,
    /// Mail sent to them (only kind and time: no text is kept).
    pub mails: Vec<MailPart>,
    /// Their access log, newest first: who opened what of theirs (for a professional: what
    /// they opened).
    pub access_log: Vec<String>,
}

/// About the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPart {
    /// Their name as others see it.
    pub name: String,
    /// Their mail address, if known.
    pub email: Option<String>,
    /// The kind of account.
    pub account: String,
    /// What they said about mail from the portal.
    pub mail_choice: String,
    /// When they said it.
    pub mail_choice_at: Option<String>,
}

/// One table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TablePart {
    /// The child's first name.
    pub child: String,
    /// Their role at the table.
    pub role: String,
    /// When they sat down.
    pub joined_at: String,
    /// When they were taken off the table, if they were.
    pub removed_at: Option<String>,
    /// When the case was closed, if it was.
    pub closed_at: Option<String>,
    /// The meetings they wrote something for, oldest first.
    pub meetings: Vec<MeetingPart>,
    /// Every version of what they wrote in "Dit is …", oldest first.
    pub profile: Vec<ProfilePart>,
    /// Every yes and no to sending their input to the care-plan store, oldest first.
    pub consent: Vec<ConsentPart>,
}

/// One meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPart {
    /// The date in words.
    pub date: String,
    /// When it starts (RFC 3339).
    pub starts_at: String,
    /// When they sent their preparation, if they did.
    pub sent_at: Option<String>,
    /// Their answers.
    pub answers: Vec<AnswerPart>,
    /// The topics they raised.
    pub topics: Vec<TopicPart>,
    /// Agreements made here that they are responsible for.
    pub agreements: Vec<AgreementPart>,
    /// What they said about how agreements of this meeting went.
    pub reports: Vec<ReportPart>,
    /// Whether the agreements match what they heard.
    pub feedback: Option<FeedbackPart>,
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerPart {
    /// The question's stable key.
    pub question_key: String,
    /// The question, in words.
    pub question: String,
    /// The answer as they gave it (a score or choice in words); empty when erased.
    pub answer: String,
    /// When they erased it, if they did.
    pub erased_at: Option<String>,
    /// Their sharing choice: `table`, `mediator` or `me`.
    pub sharing_code: String,
    /// Their sharing choice, in words.
    pub sharing: String,
    /// Who may read it now ("Name (role)"); nobody before it is sent.
    pub readers_now: Vec<String>,
    /// How many times it was saved.
    pub saves: i64,
    /// When it was last changed.
    pub changed_at: String,
    /// What the family coach wrote with it, if anything.
    pub coach: Option<CoachPart>,
}

/// What the family coach wrote with one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoachPart {
    /// When the coach read it.
    pub read_at: Option<String>,
    /// The coach's question back.
    pub question_back: String,
    /// The person's reply to it.
    pub reply: String,
    /// The coach's summary for the table.
    pub summary: String,
}

/// A topic they raised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicPart {
    /// The title.
    pub title: String,
    /// Their explanation.
    pub explanation: String,
    /// Why it matters to them.
    pub why: String,
    /// What was discussed about it in the meeting.
    pub discussed: String,
    /// When they raised it.
    pub raised_at: String,
}

/// An agreement they are responsible for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementPart {
    /// What.
    pub what: String,
    /// Who, in the coach's words.
    pub who: String,
    /// By when (a date), if set.
    pub due: Option<String>,
    /// When it was made.
    pub made_at: String,
}

/// What they said about how an agreement went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPart {
    /// The agreement.
    pub agreement: String,
    /// How it went, in words.
    pub status: String,
    /// Their note.
    pub note: String,
    /// Who may read the note, in words.
    pub sharing: String,
    /// When.
    pub at: String,
}

/// Whether the agreements of a meeting match what they heard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackPart {
    /// Yes or no.
    pub matches: bool,
    /// Their comment.
    pub comment: String,
    /// When.
    pub at: String,
}

/// One version of a part of "Dit is …".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfilePart {
    /// The part's stable key.
    pub part_key: String,
    /// The part's heading.
    pub part: String,
    /// The text of this version.
    pub text: String,
    /// Who may read it, in words.
    pub sharing: String,
    /// The version number.
    pub version: i64,
    /// When it was written.
    pub at: String,
}

/// A yes or no to sending their input to the care-plan store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentPart {
    /// Yes (true) or no.
    pub given: bool,
    /// Which version of the consent text they were shown.
    pub text_version: String,
    /// When.
    pub at: String,
}

/// A mail sent (or to be sent) to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailPart {
    /// The kind, in words.
    pub kind: String,
    /// The table it was about (the child's first name), if any.
    pub table: Option<String>,
    /// Sent, waiting, did not work, no longer needed.
    pub state: String,
    /// When it was queued.
    pub queued_at: String,
    /// When it went out.
    pub sent_at: Option<String>,
}

/// The printable page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDataView {
    /// Everything of the person.
    pub data: MyData,
    /// Signed in on a borrowed phone: no file is offered (it would stay on that phone).
    pub shared_device: bool,
    /// For a parent with gezag: the child under 12 whose data this is, and at which table.
    pub child: Option<(PersonId, Option<crate::domain::CaseId>)>,
    /// The tables I was taken off (case, child's name), each with a link to what I can still do.
    pub former: Vec<(crate::domain::CaseId, String)>,
}

/// Everything of the signed-in person, for the printable page; with `child`, everything of
/// their child under 12 at a table where they are a parent with gezag.
#[server(prefix = "/api", endpoint = "load_my_data")]
pub async fn load_my_data(
    child: Option<PersonId>,
    table: Option<crate::domain::CaseId>,
) -> Result<MyDataView, AppError> {
    let (state, session) = crate::ctx::signed_in_session().await?;
    let (data, former) = match child {
        Some(child) => (
            service::child_data(&state, &session.person, child, table, use_lang()).await?,
            Vec::new(),
        ),
        None => service::my_data(&state, &session.person, use_lang()).await?,
    };
    Ok(MyDataView {
        data,
        shared_device: session.kind == crate::store::SessionKind::Shared,
        child: child.map(|c| (c, table)),
        former,
    })
}

/// The JSON file for the person signed in with this session: the same data as the page. Not
/// on a borrowed phone (a shared session): the file would stay on it.
#[cfg(feature = "ssr")]
pub async fn json_for(
    state: &crate::ctx::AppState,
    session: &crate::store::SessionRow,
    child: Option<(PersonId, Option<crate::domain::CaseId>)>,
    lang: Lang,
) -> Result<String, AppError> {
    if session.kind == crate::store::SessionKind::Shared {
        return Err(AppError::NotAllowed);
    }
    let me = &session.person;
    // In the language the person chose for their account.
    let lang = crate::auth::service::language_of(state, me.id, lang).await?;
    let data = match child {
        Some((child, table)) => service::child_data(state, me, child, table, lang).await?,
        None => service::my_data(state, me, lang).await?.0,
    };
    serde_json::to_string_pretty(&data).map_err(AppError::internal)
}

/// A time from the file (RFC 3339) as people read it; as written if it is not one.
fn when(lang: Lang, stamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| crate::domain::LocalTime(t.naive_local()).long(lang))
        .unwrap_or_else(|_| stamp.to_string())
}

/// A day from the file (`2026-12-05`) as people read it; as written if it is not one.
fn day(lang: Lang, text: &str) -> String {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| crate::domain::LocalTime(d.and_time(chrono::NaiveTime::MIN)).date_long(lang))
        .unwrap_or_else(|_| text.to_string())
}

/// "Ja" or "Nee".
fn yes_no(lang: Lang, yes: bool) -> &'static str {
    t(lang, if yes { k::export_yes } else { k::export_no })
}

/// One labelled value, left out when empty.
fn field(label: &'static str, value: String) -> impl IntoView {
    (!value.is_empty()).then(|| {
        view! {
            <dt>{label}</dt>
            <dd class="own-words">{value}</dd>
        }
    })
}

/// A heading and a list, left out when the list is empty.
fn section<T: 'static>(
    heading: &'static str,
    items: Vec<T>,
    each: impl Fn(T) -> AnyView + 'static,
) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <h4>{heading}</h4>
            <ul class="stack">
                {items.into_iter().map(|i| view! { <li>{each(i)}</li> }).collect_view()}
            </ul>
        }
    })
}

fn meeting_view(lang: Lang, young: bool, m: MeetingPart) -> impl IntoView {
    let sent = match &m.sent_at {
        Some(at) => fill(t(lang, k::export_sent_at), &[("date", &when(lang, at))]),
        None => tj(lang, young, k::export_not_sent).to_string(),
    };
    let answers = section(tj(lang, young, k::export_answers), m.answers, move |a| {
        let readers = if a.readers_now.is_empty() {
            tj(lang, young, k::seen_only_you_read).to_string()
        } else {
            a.readers_now.join(", ")
        };
        let answer = match &a.erased_at {
            Some(at) => fill(
                tj(lang, young, k::export_erased),
                &[("date", &when(lang, at))],
            ),
            None => a.answer.clone(),
        };
        let coach = a.coach.map(|c| {
            view! {
                {c.read_at.map(|at| view! {
                    <dt>{t(lang, k::export_coach_read)}</dt><dd>{when(lang, &at)}</dd>
                })}
                {field(t(lang, k::export_question_back), c.question_back)}
                {field(tj(lang, young, k::export_your_reply), c.reply)}
                {field(t(lang, k::export_summary), c.summary)}
            }
        });
        view! {
            <dl>
                <dt>{a.question}</dt>
                <dd class="own-words">{answer}</dd>
                <dt>{t(lang, k::export_who_may_read)}</dt>
                <dd>{format!("{}: {readers}", a.sharing)}</dd>
                <dt>{t(lang, k::export_changed_at)}</dt>
                <dd>{when(lang, &a.changed_at)}</dd>
                {coach}
            </dl>
        }
        .into_any()
    });
    let topics = section(tj(lang, young, k::export_topics), m.topics, move |tp| {
        view! {
            <dl>
                <dt>{t(lang, k::agenda_topic)}</dt><dd>{tp.title}</dd>
                {field(t(lang, k::export_explanation), tp.explanation)}
                {field(t(lang, k::export_why), tp.why)}
                {field(t(lang, k::export_discussed), tp.discussed)}
            </dl>
        }
        .into_any()
    });
    let agreements = section(
        tj(lang, young, k::export_agreements),
        m.agreements,
        move |g| {
            let due = g
                .due
                .map(|d| format!(" ({})", day(lang, &d)))
                .unwrap_or_default();
            view! { <p>{format!("{}{due}", g.what)}</p> }.into_any()
        },
    );
    let reports = section(tj(lang, young, k::export_reports), m.reports, move |r| {
        view! {
            <dl>
                <dt>{r.agreement}</dt>
                <dd>{format!("{} ({})", r.status, when(lang, &r.at))}</dd>
                {field(t(lang, k::export_note), r.note)}
            </dl>
        }
        .into_any()
    });
    let feedback = m.feedback.map(|f| {
        view! {
            <h4>{tj(lang, young, k::export_feedback)}</h4>
            <p>{format!("{} ({})", yes_no(lang, f.matches), when(lang, &f.at))}</p>
            {(!f.comment.is_empty()).then(|| view! { <p class="own-words">{f.comment}</p> })}
        }
    });
    view! {
        <section class="card stack">
            <h3>{fill(t(lang, k::export_meeting), &[("date", &m.date)])}</h3>
            <p>{sent}</p>
            {answers}
            {topics}
            {agreements}
            {reports}
            {feedback}
        </section>
    }
}

fn table_view(lang: Lang, young: bool, tb: TablePart) -> impl IntoView {
    let profile = section(tj(lang, young, k::export_profile), tb.profile, move |p| {
        view! {
                <dl>
                    <dt>{format!("{} ({})", p.part, fill(t(lang, k::export_version), &[("n", &p.version), ("date", &when(lang, &p.at))]))}</dt>
                    <dd class="own-words">{p.text}</dd>
                </dl>
            }
            .into_any()
    });
    let consent = section(t(lang, k::export_consent), tb.consent, move |c| {
        let key = if c.given {
            k::export_consent_yes
        } else {
            k::export_consent_no
        };
        view! {
                <p>{fill(tj(lang, young, key), &[("date", &when(lang, &c.at)), ("version", &day(lang, &c.text_version))])}</p>
            }
            .into_any()
    });
    view! {
        <section class="stack">
            <h2>{fill(t(lang, k::export_table), &[("child", &tb.child)])}</h2>
            <dl>
                <dt>{tj(lang, young, k::export_role)}</dt><dd>{tb.role}</dd>
                <dt>{t(lang, k::export_joined)}</dt><dd>{when(lang, &tb.joined_at)}</dd>
                {tb.removed_at.map(|at| view! { <dt>{t(lang, k::export_removed)}</dt><dd>{when(lang, &at)}</dd> })}
                {tb.closed_at.map(|at| view! { <dt>{t(lang, k::export_closed)}</dt><dd>{when(lang, &at)}</dd> })}
            </dl>
            {tb.meetings.into_iter().map(|m| meeting_view(lang, young, m)).collect_view()}
            {profile}
            {consent}
        </section>
    }
}

fn my_data_view(lang: Lang, v: MyDataView) -> impl IntoView {
    let (d, shared_device, former) = (v.data, v.shared_device, v.former);
    let young = d.young;
    let json = match v.child {
        Some((c, Some(t))) => format!("/my-data.json?child={}&table={}", c.0, t.0),
        Some((c, None)) => format!("/my-data.json?child={}", c.0),
        None => "/my-data.json".to_string(),
    };
    let name = d.person.name.clone();
    let heading = match v.child {
        Some(_) => view! {
            <h1>{crate::i18n::tf(lang, k::export_child_title, &[("name", &name)])}</h1>
            <p>{crate::i18n::tf(lang, k::export_child_intro, &[("name", &name)])}</p>
            <p>{crate::i18n::tf(lang, k::export_child_left_out, &[("name", &name)])}</p>
        }
        .into_any(),
        None => view! { <h1>{t(lang, k::export_title)}</h1> }.into_any(),
    };
    let mails = section(t(lang, k::export_mails), d.mails, move |m| {
        let table = m.table.map(|c| format!(" ({c})")).unwrap_or_default();
        let at = when(lang, &m.sent_at.unwrap_or(m.queued_at));
        view! { <p>{format!("{}{table}: {}, {at}", m.kind, m.state)}</p> }.into_any()
    });
    view! {
        {heading}
        <p>{tj(lang, young, k::export_intro)}</p>
        <div class="no-print stack">
            {if shared_device {
                view! { <p class="notice">{tj(lang, young, k::export_shared_device)}</p> }.into_any()
            } else {
                view! {
                    <p><a href=json download="aantafel-mijn-gegevens.json">{t(lang, k::export_download)}</a></p>
                    <p>{tj(lang, young, k::export_json_explain)}</p>
                    <p>{tj(lang, young, k::export_print)}</p>
                }.into_any()
            }}
        </div>
        <section class="stack">
            <h2>{tj(lang, young, k::export_about)}</h2>
            <dl>
                <dt>{t(lang, k::export_name)}</dt><dd>{d.person.name}</dd>
                {d.person.email.map(|e| view! { <dt>{t(lang, k::export_email)}</dt><dd>{e}</dd> })}
                <dt>{t(lang, k::export_account)}</dt><dd>{d.person.account}</dd>
                <dt>{t(lang, k::export_mail_choice)}</dt><dd>{d.person.mail_choice}</dd>
            </dl>
        </section>
        {(!former.is_empty()).then(|| view! {
            <section class="stack no-print" aria-labelledby="former-h">
                <h2 id="former-h">{tj(lang, young, k::former_tables)}</h2>
                <p>{tj(lang, young, k::former_tables_explain)}</p>
                <ul>
                    {former.into_iter().map(|(case, child)| view! {
                        <li><a href=format!("/cases/{case}/mine")>{fill(t(lang, k::former_link), &[("child", &child)])}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {d.tables.into_iter().map(|tb| table_view(lang, young, tb)).collect_view()}
        <section class="stack">
            {mails}
            <h2>{t(lang, if d.professional { k::seen_opened_title } else { k::seen_title })}</h2>
            {if d.access_log.is_empty() {
                let key = if d.professional { k::seen_opened_empty } else { k::seen_empty };
                view! { <p>{tj(lang, young, key)}</p> }.into_any()
            } else {
                view! {
                    <ul class="stack seen">
                        {d.access_log.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// `/my-data`: everything of the signed-in person, to read, print or save; with the link to the
/// JSON file.
#[component]
pub fn MyDataPage() -> impl IntoView {
    let lang = use_lang();
    let query = leptos_router::hooks::use_query_map();
    let id = |name: &str| {
        query
            .read_untracked()
            .get(name)
            .and_then(|c| c.parse::<i64>().ok())
    };
    let (child, table) = (
        id("child").map(PersonId),
        id("table").map(crate::domain::CaseId),
    );
    view! {
        {crate::ui::page_body(async move { match load_my_data(child, table).await {
                Err(e) => view! { <ErrorText error=e/> }.into_any(),
                Ok(d) => my_data_view(lang, d).into_any(),
        }})}
    }
}
