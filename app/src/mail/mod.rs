//! Mail that reaches people: invitations with their sign-in link, a reminder two days before the
//! deadline to prepare, "de onderwerpen zijn gedeeld", "de afspraken staan klaar", a reminder
//! before an agreement's date, and a new sign-in link a family member asks for.
//!
//! - Who gets what ([`key::MailChoice`]): an invitation goes to the address the coach entered,
//!   the rest only to people who said yes; "stop" stops everything. Every mail ends with a
//!   one-tap way to stop.
//! - How: every mail goes through the mail outbox (`crate::store::MailStore`), one row per mail
//!   with a unique key and a stable `Message-ID`, delivered at least once by [`worker`] over
//!   SMTP with retries and backoff. The text is written when it is sent ([`compose`]), in the
//!   person's language, and never holds an answer or a surname.
//! - Without `AANTAFEL_SMTP_URL` nothing is queued or sent, and the coach copies links as before.
//!
//! Pages: [`MailPage`] (`/mail`, your choice), [`StopMailPage`] (`/mail/stop/{token}`),
//! [`NewLinkPage`] (`/new-link`, "Stuur mij een nieuwe link"), [`CaseMailPage`]
//! (`/cases/{id}/mail`, what was sent and what failed, for the coach). Server functions:
//! [`load_mail_settings`], [`set_mail_choice`], [`stop_mail`], [`request_link`],
//! [`load_case_mail`].

#[cfg(feature = "ssr")]
pub mod compose;
pub mod key;
#[cfg(feature = "ssr")]
pub mod schedule;
#[cfg(feature = "ssr")]
pub mod worker;

use crate::domain::CaseId;
use crate::error::AppError;
use crate::i18n::{k, t, tj, tn, use_lang, Key, Lang};
use crate::ui::{reads_je, ErrorSummary, ErrorText, FieldMessage};
use key::{MailChoice, MailKind};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How a sign-in link that a family member asked for lasts, in hours.
pub const NEW_LINK_HOURS: i64 = 48;

/// The settings of mail: where the SMTP server is and who mail comes from. No `Debug` of the
/// address, which may hold a password.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct MailSettings {
    /// `AANTAFEL_SMTP_URL`, for example `smtps://user:password@mail.example.org` or
    /// `smtp://127.0.0.1:2525` (see lettre's `AsyncSmtpTransport::from_url`).
    pub smtp_url: String,
    /// `AANTAFEL_MAIL_FROM`, for example `Aan Tafel <noreply@example.org>`.
    pub from: String,
}

#[cfg(feature = "ssr")]
impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

/// A new `Message-ID` for a mail of this portal: random, at the portal's host.
#[cfg(feature = "ssr")]
pub fn message_id(public_url: &str) -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let host = url::Url::parse(public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "aantafel.invalid".to_string());
    let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("<{id}@{host}>")
}

/// What a kind of mail is called on the coach's list.
pub fn kind_label(kind: MailKind) -> Key {
    match kind {
        MailKind::Invitation => k::mail_kind_invitation,
        MailKind::PrepareReminder => k::mail_kind_prepare,
        MailKind::TopicsShared => k::mail_kind_topics,
        MailKind::AgreementsReady => k::mail_kind_agreements,
        MailKind::AgreementDue => k::mail_kind_due,
        MailKind::NewLink => k::mail_kind_link,
        MailKind::RetentionWarning => k::mail_kind_retention,
    }
}

/// My mail settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSettingsView {
    /// Whether this portal sends mail at all.
    pub enabled: bool,
    /// My address, if the portal has one.
    pub email: Option<String>,
    /// What I said.
    pub choice: MailChoice,
}

/// My address and what I said about mail.
#[server(prefix = "/api", endpoint = "load_mail_settings")]
pub async fn load_mail_settings() -> Result<MailSettingsView, AppError> {
    let (state, me) = crate::ctx::signed_in().await?;
    let (email, choice) = state.store.mail_choice(me.id).await?;
    Ok(MailSettingsView {
        enabled: state.config.mail.is_some(),
        email,
        choice,
    })
}

/// I say what mail I want: `yes` (reminders and news too), `invite` (only invitations) or
/// `stop` (nothing).
#[server(prefix = "/api", endpoint = "set_mail_choice")]
pub async fn set_mail_choice(choice: String) -> Result<(), AppError> {
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    let choice = match choice.as_str() {
        "yes" => MailChoice::Yes,
        "invite" => MailChoice::Unasked,
        "stop" => MailChoice::Stop,
        _ => {
            return Err(AppError::Invalid {
                errors: vec![FieldError {
                    field: "choice".into(),
                    problem: Problem::Choice,
                }],
                echo: Vec::new(),
            })
        }
    };
    state
        .store
        .set_mail_choice(me.id, choice, crate::ctx::now())
        .await?;
    crate::auth::service::security_event(
        &state,
        Some(me.id),
        "mail.choice",
        format!("person:{}:{}", me.id, choice.code().unwrap_or("invite")),
    )
    .await?;
    leptos_axum::redirect("/mail?saved=1");
    Ok(())
}

/// Stops all mail for the person of a one-tap link. Nobody signs in for it: the link itself
/// is the proof, and it can only stop mail.
#[cfg(feature = "ssr")]
pub async fn stop_by_token(
    state: &crate::ctx::AppState,
    token: &str,
) -> Result<crate::domain::PersonId, AppError> {
    let person = state
        .secret
        .check_stop_token(token)
        .ok_or(AppError::Link(crate::error::LinkProblem::Unknown))?;
    state
        .store
        .set_mail_choice(person, MailChoice::Stop, state.config.clock.now())
        .await?;
    crate::auth::service::security_event(
        state,
        Some(person),
        "mail.stop",
        format!("person:{person}"),
    )
    .await?;
    Ok(person)
}

/// "Stop de mail": the button on the page a mail's stop link opens.
#[server(prefix = "/api", endpoint = "stop_mail")]
pub async fn stop_mail(token: String) -> Result<(), AppError> {
    let state = crate::ctx::state()?;
    stop_by_token(&state, &token).await?;
    leptos_axum::redirect(&format!("/mail/stop/{token}?done=1"));
    Ok(())
}

/// How long "Stuur mij een nieuwe link" takes at least, known address or not, so the time of
/// the answer tells nothing either.
#[cfg(feature = "ssr")]
const ASK_ANSWER_MS: u64 = 250;

/// "Stuur mij een nieuwe link": a family member asks for a sign-in link by address. The answer
/// is the same, and takes as long, whether the address is known or not; a link goes only to a
/// parent's or young person's address, at most once per ten minutes, and older links keep
/// working. The link is made when the mail is sent and used up only when its page's button is
/// pressed. A "stop" does not block it: the person asks for it themselves.
#[server(prefix = "/api", endpoint = "request_link")]
pub async fn request_link(email: String) -> Result<(), AppError> {
    use crate::store::{NewMail, ThrottleScope};
    let state = crate::ctx::state()?;
    let started = std::time::Instant::now();
    if state.config.mail.is_none() {
        return Err(AppError::NotFound);
    }
    let mut errors = Vec::new();
    let address = crate::domain::email("email", &email, true, &mut errors);
    let Some(address) = address.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid {
            errors,
            echo: vec![("email".into(), email.chars().take(254).collect())],
        });
    };
    let now = crate::ctx::now();
    // Every ask counts against the client address, so nobody tries many addresses quickly.
    let ckey = crate::auth::service::client_key(&state);
    crate::auth::service::link_asks_allowed(&state, ThrottleScope::Ask, &ckey, now).await?;
    state
        .store
        .record_failure(ThrottleScope::Ask, &ckey, now)
        .await?;
    let person = state.store.person_by_email(&address).await?;
    let family = person.filter(|p| p.account_role.is_family() && p.disabled_at.is_none());
    if let Some(p) = family {
        let mail = NewMail {
            key: key::MailKey {
                kind: MailKind::NewLink,
                object: now / 600,
                to: p.id,
            },
            case_id: None,
            message_id: message_id(&state.config.public_url),
            with_link: true,
        };
        if state.store.mail_enqueue(&[mail], now).await? == 1 {
            crate::auth::service::security_event(
                &state,
                Some(p.id),
                "link.asked",
                format!("person:{}", p.id),
            )
            .await?;
        }
    }
    let spent = started.elapsed().as_millis() as u64;
    tokio::time::sleep(std::time::Duration::from_millis(
        ASK_ANSWER_MS.saturating_sub(spent),
    ))
    .await;
    leptos_axum::redirect("/new-link?sent=1");
    Ok(())
}

/// One mail on the coach's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailLine {
    /// To whom.
    pub name: String,
    /// What kind.
    pub kind: MailKind,
    /// waiting, sent, failed or skipped.
    pub state: String,
    /// When, in words: sent, or queued.
    pub when: String,
    /// Tries so far.
    pub attempts: i64,
}

/// What was sent for a case and what failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseMail {
    /// The case.
    pub case_id: CaseId,
    /// Whether this portal sends mail.
    pub enabled: bool,
    /// The newest mails first.
    pub lines: Vec<MailLine>,
}

/// The mail of a case, for the coach (and a coordinator): who got what, and what failed. Only
/// kinds, names, states and times: nothing of a mail's text.
#[server(prefix = "/api", endpoint = "load_case_mail")]
pub async fn load_case_mail(case: CaseId) -> Result<CaseMail, AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    crate::ctx::require(&state, me.id, case, Action::Invite).await?;
    let lang = use_lang();
    let rows = state.store.mail_log(case).await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "mail.read",
        format!("case:{case}"),
    )
    .await?;
    Ok(CaseMail {
        case_id: case,
        enabled: state.config.mail.is_some(),
        lines: rows
            .into_iter()
            .map(|r| MailLine {
                name: r.name,
                kind: r.key.kind,
                when: crate::domain::LocalTime::from_unix(r.sent_at.unwrap_or(r.created_at))
                    .long(lang),
                state: r.state,
                attempts: r.attempts,
            })
            .collect(),
    })
}

/// `/mail`: what mail I want.
#[component]
pub fn MailPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SetMailChoice>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let query = leptos_router::hooks::use_query_map();
    let saved = move || query.read().get("saved").is_some();
    view! {
        <h1>{t(lang, k::mail_page_title)}</h1>
        {crate::ui::page_body(async move { match load_mail_settings().await {
                Err(e) => view! { <ErrorText error=e/> }.into_any(),
                Ok(s) => {
                    let je = reads_je();
                    let off = (!s.enabled).then(|| view! { <p class="notice">{tj(lang, je, k::mail_page_off)}</p> });
                    let none = s.email.is_none().then(|| view! { <p class="notice">{tj(lang, je, k::mail_page_no_address)}</p> });
                    let current = match s.choice {
                        MailChoice::Yes => "yes",
                        MailChoice::Unasked => "invite",
                        MailChoice::Stop => "stop",
                    };
                    let options = [
                        ("yes", k::mail_choice_yes),
                        ("invite", k::mail_choice_invite),
                        ("stop", k::mail_choice_stop),
                    ];
                    view! {
                        {saved().then(|| view! { <p class="notice" role="status">{tj(lang, je, k::mail_page_saved)}</p> })}
                        {off}
                        {none}
                        {s.email.clone().map(|e| view! { <p>{tj(lang, je, k::mail_page_address)}" "<strong><bdi>{e}</bdi></strong></p> })}
                        <p>{tj(lang, je, k::mail_page_intro)}</p>
                        <ul>
                            <li>{tj(lang, je, k::mail_kind_invitation)}</li>
                            <li>{tj(lang, je, k::mail_kind_prepare)}</li>
                            <li>{tj(lang, je, k::mail_kind_topics)}</li>
                            <li>{tj(lang, je, k::mail_kind_agreements)}</li>
                            <li>{tj(lang, je, k::mail_kind_due)}</li>
                        </ul>
                        <p>{tj(lang, je, k::mail_page_never)}</p>
                        <ErrorSummary error=error/>
                        <ActionForm action=action attr:class="stack card">
                            <fieldset id="choice" aria-describedby="choice-error">
                                <legend>{tj(lang, je, k::mail_page_question)}</legend>
                                {options.into_iter().map(|(code, label)| {
                                    let id = format!("choice-{code}");
                                    view! {
                                        <div class="choice">
                                            <input id=id.clone() type="radio" name="choice" value=code checked=current == code/>
                                            <label for=id>{tj(lang, je, label)}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <FieldMessage error=error field="choice"/>
                            <button type="submit" class="button">{t(lang, k::mail_page_save)}</button>
                        </ActionForm>
                    }.into_any()
                }
        }})}
    }
}

/// `/mail/stop/{token}`: the page a mail's stop link opens. The mail stops only when its one
/// button is pressed, so a mail scanner that opens links stops nothing.
#[component]
pub fn StopMailPage() -> impl IntoView {
    let lang = use_lang();
    let params = leptos_router::hooks::use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let done = move || query.read().get("done").is_some();
    let action = ServerAction::<StopMail>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    view! {
        <h1>{t(lang, k::mail_stop_title)}</h1>
        {move || if done() {
            view! { <p class="notice" role="status">{t(lang, k::mail_stop_done)}</p> }.into_any()
        } else {
            view! {
                <p>{t(lang, k::mail_stop_intro)}</p>
                <ErrorSummary error=error/>
                <ActionForm action=action attr:class="stack">
                    <input type="hidden" name="token" value=token()/>
                    <button type="submit" class="button">{t(lang, k::mail_stop_button)}</button>
                </ActionForm>
            }.into_any()
        }}
        <p><a href="/">{t(lang, k::auth_to_the_start_page)}</a></p>
    }
}

/// Whether this portal sends mail (for the public new-link page).
#[server(prefix = "/api", endpoint = "mail_enabled")]
pub async fn mail_enabled() -> Result<bool, AppError> {
    Ok(crate::ctx::state()?.config.mail.is_some())
}

/// `/new-link`: "Stuur mij een nieuwe link".
#[component]
pub fn NewLinkPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<RequestLink>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let query = leptos_router::hooks::use_query_map();
    let sent = move || query.read().get("sent").is_some();
    let typed = move || {
        error
            .get()
            .and_then(|e| e.echoed("email").map(str::to_string))
            .unwrap_or_default()
    };
    view! {
        <h1>{t(lang, k::mail_link_title)}</h1>
        {crate::ui::page_body(async move { match mail_enabled().await {
                Err(e) => view! { <ErrorText error=e/> }.into_any(),
                Ok(false) => view! { <p class="notice">{t(lang, k::mail_link_off)}</p> }.into_any(),
                Ok(true) if sent() => view! {
                    <p class="notice" role="status">{t(lang, k::mail_link_sent)}</p>
                }.into_any(),
                Ok(true) => view! {
                    <p>{t(lang, k::mail_link_intro)}</p>
                    <ErrorSummary error=error/>
                    <ActionForm action=action attr:class="stack" attr:novalidate=true>
                        <div class="field">
                            <label for="email">{t(lang, k::mail_link_email)}</label>
                            <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value=typed() aria-describedby="email-error"/>
                            <FieldMessage error=error field="email"/>
                        </div>
                        <button type="submit" class="button">{t(lang, k::mail_link_send)}</button>
                    </ActionForm>
                    <p>{t(lang, k::mail_link_professional)}" "<a href="/sign-in">{t(lang, k::ui_sign_in_as_a_professional)}</a></p>
                }.into_any(),
        }})}
    }
}

/// The words for a mail's state on the coach's list.
pub fn state_label(state: &str) -> Key {
    match state {
        "sent" => k::mail_state_sent,
        "failed" => k::mail_state_failed,
        "skipped" => k::mail_state_skipped,
        _ => k::mail_state_waiting,
    }
}

/// `/cases/{id}/mail`: what was sent for this case and what failed.
#[component]
pub fn CaseMailPage() -> impl IntoView {
    let lang = use_lang();
    let params = leptos_router::hooks::use_params_map();
    let case = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .map(CaseId)
    });
    let case = case.get_untracked();
    view! {
        <h1>{t(lang, k::mail_log_title)}</h1>
        {crate::ui::page_body(async move {
            let loaded = match case { Some(c) => load_case_mail(c).await, None => Err(AppError::NotFound) };
            match loaded {
                Err(e) => view! { <ErrorText error=e/> }.into_any(),
                Ok(m) => view! {
                    {(!m.enabled).then(|| view! { <p class="notice">{t(lang, k::mail_log_off)}</p> })}
                    <p>{t(lang, k::mail_log_intro)}</p>
                    {if m.lines.is_empty() {
                        view! { <p>{t(lang, k::mail_log_empty)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="stack plain-list">
                                {m.lines.into_iter().map(|l| {
                                    let failed = l.state == "failed";
                                    view! {
                                        <li class="card" class:problem=failed>
                                            <p><strong>{t(lang, kind_label(l.kind))}</strong>" · "<bdi>{l.name}</bdi></p>
                                            <p class="meta">{t(lang, state_label(&l.state))}" · "{l.when}
                                                {(l.attempts > 1).then(|| format!(" · {}", tn(lang, k::mail_log_tries, l.attempts as u64, &[])))}
                                            </p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <p><a href=format!("/cases/{}", m.case_id)>{t(lang, k::case_back_to_the_case)}</a></p>
                }.into_any(),
        }})}
    }
}

/// The language a mail is written in: the person's choice, else Dutch.
pub fn mail_lang(code: Option<&str>) -> Lang {
    code.and_then(Lang::parse).unwrap_or_default()
}
