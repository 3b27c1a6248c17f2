//! "Dit is …": a one-page profile the family keeps per child, so nobody has to tell the same
//! story again at every meeting or to every new professional. A parent writes their parts, the
//! young person their own; each part has the sharing choices of an answer, and every change is
//! kept as a version the author can look back on. The prepare flow opens with it ("Klopt dit
//! nog?"); a professional sees it first on the meeting page ("Lees dit eerst"), only the parts
//! they may read.
//!
//! Page: [`ProfilePage`] at `/cases/{id}/profile`. Server functions: [`load_profile`],
//! [`save_profile_part`], [`load_read_first`]. Parts and who writes them: [`parts`]. Data
//! access: `crate::store::ProfileStore`.

pub mod parts;

use crate::domain::{CaseId, MeetingId, Role};
use crate::error::AppError;
use crate::i18n::{fill, k, t, tj, use_lang};
use crate::prepare::sharing::Sharing;
use crate::ui::ErrorSummary;
use leptos::prelude::*;
use parts::{Part, MAX_PART};
use serde::{Deserialize, Serialize};

/// One part as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartView {
    /// Which part.
    pub part: Part,
    /// Its text.
    pub body: String,
}

/// What one author tells, as far as the reader may read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorView {
    /// Who.
    pub id: crate::domain::PersonId,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// The parts the reader may read, in order.
    pub parts: Vec<PartView>,
}

/// An earlier version of one of my parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierView {
    /// When it was saved, in words.
    pub date: String,
    /// Its text.
    pub body: String,
    /// Who could read it.
    pub sharing: Sharing,
}

/// One of my own parts, to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPart {
    /// Which part.
    pub part: Part,
    /// Its text now.
    pub body: String,
    /// Who may read it now.
    pub sharing: Sharing,
    /// The version the form is based on (0: not written yet).
    pub version: i64,
    /// Earlier versions, newest first.
    pub earlier: Vec<EarlierView>,
}

/// The profile page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileData {
    /// The case.
    pub case_id: CaseId,
    /// The young person's first name.
    pub child_first_name: String,
    /// My role.
    pub my_role: Role,
    /// My own parts (a parent or the young person), to write.
    pub mine: Vec<MyPart>,
    /// What the others at the table tell, as far as I may read it.
    pub others: Vec<AuthorView>,
}

#[cfg(feature = "ssr")]
pub mod service {
    //! The reading side, shared with the prepare flow and the meeting page.
    use super::*;
    use crate::prepare::sharing::{may_see, Reader};
    use crate::store::{MemberRow, ProfileVersionRow};

    /// What each author at the table tells that `reader` may read, the reader's own parts left
    /// out. Authors in the order they sit at the table; a part cleared by its author is left out.
    pub fn readable(
        rows: &[ProfileVersionRow],
        members: &[MemberRow],
        reader: Reader,
    ) -> Vec<AuthorView> {
        members
            .iter()
            .filter(|m| m.person_id != reader.id)
            .filter_map(|m| {
                let parts: Vec<PartView> = rows
                    .iter()
                    .filter(|r| r.author_id == m.person_id && !r.body.trim().is_empty())
                    .filter(|r| may_see(reader, r.author_id, r.sharing, true, r.coach))
                    .map(|r| PartView {
                        part: r.part,
                        body: r.body.clone(),
                    })
                    .collect();
                (!parts.is_empty()).then(|| AuthorView {
                    id: m.person_id,
                    name: m.display_name.clone(),
                    role: m.role,
                    parts: sorted(parts),
                })
            })
            .collect()
    }

    fn sorted(mut parts: Vec<PartView>) -> Vec<PartView> {
        parts.sort_by_key(|p| p.part);
        parts
    }

    /// My own parts as they stand, with what came before.
    pub fn mine(
        history: &[ProfileVersionRow],
        role: Role,
        default: Sharing,
        lang: crate::i18n::Lang,
    ) -> Vec<MyPart> {
        parts::parts_for(role)
            .iter()
            .map(|&part| {
                let mut versions: Vec<&ProfileVersionRow> =
                    history.iter().filter(|r| r.part == part).collect();
                versions.sort_by_key(|r| std::cmp::Reverse(r.version));
                let newest = versions.first();
                MyPart {
                    part,
                    body: newest.map(|r| r.body.clone()).unwrap_or_default(),
                    sharing: newest.map(|r| r.sharing).unwrap_or(default),
                    version: newest.map(|r| r.version).unwrap_or(0),
                    earlier: versions
                        .iter()
                        .skip(1)
                        .map(|r| EarlierView {
                            date: crate::domain::LocalTime::from_unix(r.at).long(lang),
                            body: r.body.clone(),
                            sharing: r.sharing,
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

/// The profile of a case: my own parts to write (family), and what the others tell that I may
/// read.
#[server(prefix = "/api", endpoint = "load_profile")]
pub async fn load_profile(case: CaseId) -> Result<ProfileData, AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let lang = use_lang();
    let (c, role) = crate::ctx::at_table(&state, me.id, case, Action::ViewCase).await?;
    let reader = crate::ctx::reader(&state, case, me.id, role).await?;
    let members = crate::ctx::members(&state, case).await?;
    let rows = crate::ctx::profile(&state, case).await?;
    let mine = if parts::parts_for(role).is_empty() {
        Vec::new()
    } else {
        let history = state.store.profile_history(case, me.id).await?;
        let default = crate::prepare::sharing::default_sharing(role, c.age_band);
        service::mine(&history, role, default, lang)
    };
    let others = service::readable(&rows, &members, reader);
    crate::ctx::audit_read(
        &state,
        me.id,
        Some(case),
        "profile.read",
        format!("case:{case}"),
        others.iter().map(|a| a.id).collect(),
    )
    .await?;
    Ok(ProfileData {
        case_id: case,
        child_first_name: c.child_first_name,
        my_role: role,
        mine,
        others,
    })
}

/// A parent or the young person saves one of their own parts, over the version they saw.
#[server(prefix = "/api", endpoint = "save_profile_part")]
pub async fn save_profile_part(
    case: CaseId,
    #[server(default)] part: String,
    #[server(default)] body: String,
    #[server(default)] sharing: String,
    #[server(default)] version: i64,
) -> Result<(), AppError> {
    use crate::domain::Action;
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    let (_, role) = crate::ctx::at_table(&state, me.id, case, Action::ViewCase).await?;
    let mut errors = Vec::new();
    let parsed = Part::parse(&part);
    if let Some(p) = parsed {
        // Only one's own parts: a professional or a supporter writes none.
        if !parts::parts_for(role).contains(&p) {
            return Err(AppError::NotAllowed);
        }
    } else {
        errors.push(FieldError {
            field: "part".into(),
            problem: Problem::Choice,
        });
    }
    let text = crate::domain::text("body", &body, 0, MAX_PART, &mut errors);
    if !(0..i64::MAX).contains(&version) {
        errors.push(FieldError {
            field: "version".into(),
            problem: Problem::Choice,
        });
    }
    let chosen = Sharing::parse(&sharing);
    if chosen.is_none() {
        errors.push(FieldError {
            field: "sharing".into(),
            problem: Problem::Choice,
        });
    }
    let (Some(part), Some(sharing), true) = (parsed, chosen, errors.is_empty()) else {
        return Err(AppError::Invalid {
            errors,
            echo: vec![
                ("part".into(), part.chars().take(20).collect()),
                ("body".into(), body.chars().take(MAX_PART).collect()),
            ],
        });
    };
    let saved = state
        .store
        .save_profile_part(
            &crate::store::ProfileVersionRow {
                case_id: case,
                author_id: me.id,
                part,
                body: text.clone(),
                sharing,
                coach: {
                    let kept = crate::ctx::profile(&state, case)
                        .await?
                        .into_iter()
                        .find(|r| {
                            r.author_id == me.id && r.part == part && r.sharing == Sharing::Mediator
                        })
                        .and_then(|r| r.coach);
                    crate::ctx::coach_for(&state, case, sharing, kept).await?
                },
                version: version + 1,
                at: crate::ctx::now(),
            },
            version,
        )
        .await?;
    // Changed in another tab or on another phone since this form was opened: nothing is
    // overwritten, and what was typed comes back.
    if saved.is_none() {
        return Err(AppError::Conflict { mine: text });
    }
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "profile.save",
        // Which part and who may read it now (codes only): widening who reads is a disclosure.
        format!("case:{case}:{}:{}", part.code(), sharing.code()),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}/profile#{}", part.code()));
    Ok(())
}

/// "Lees dit eerst" on a meeting page: for a professional, what the family tells that they may
/// read. Empty for the family themselves and for a supporter (they have their own pages).
#[server(prefix = "/api", endpoint = "load_read_first")]
pub async fn load_read_first(meeting: MeetingId) -> Result<Vec<AuthorView>, AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let (m, _, role) =
        crate::ctx::meeting_at_table(&state, me.id, meeting, Action::ViewCase).await?;
    if !role.is_professional() {
        return Ok(Vec::new());
    }
    let reader = crate::prepare::sharing::Reader::new(me.id, role);
    let members = crate::ctx::members(&state, m.case_id).await?;
    let rows = crate::ctx::profile(&state, m.case_id).await?;
    let readable = service::readable(&rows, &members, reader);
    if !readable.is_empty() {
        crate::ctx::audit_read(
            &state,
            me.id,
            Some(m.case_id),
            "profile.read",
            format!("case:{}", m.case_id),
            readable.iter().map(|a| a.id).collect(),
        )
        .await?;
    }
    Ok(readable)
}

/// What one author tells, as a list of headings and texts.
#[component]
pub fn AuthorParts(a: AuthorView) -> impl IntoView {
    let lang = use_lang();
    view! {
        <dl class="answers profile-parts">
            {a.parts.into_iter().map(|p| view! {
                <dt>{t(lang, p.part.heading())}</dt>
                <dd><p class="own-words" dir="auto">{p.body}</p></dd>
            }).collect_view()}
        </dl>
    }
}

/// On the meeting page, for a professional: "Lees dit eerst". Nothing when no one wrote a profile.
#[component]
pub fn ReadFirst(case: CaseId, child: String, authors: Vec<AuthorView>) -> impl IntoView {
    let lang = use_lang();
    (!authors.is_empty()).then(|| {
        view! {
            <section class="card read-first" aria-labelledby="read-first-h">
                <h2 id="read-first-h">{t(lang, k::profile_read_first)}</h2>
                <p>{fill(t(lang, k::profile_read_first_intro), &[("child", &child)])}</p>
                {authors.into_iter().map(|a| {
                    let heading = format!("{} · {}", fill(t(lang, k::profile_what_they_tell), &[("name", &a.name)]), a.role.name(lang));
                    view! {
                        <h3>{heading}</h3>
                        <AuthorParts a=a/>
                    }
                }).collect_view()}
                <p><a href=format!("/cases/{case}/profile")>{fill(t(lang, k::profile_title), &[("child", &child)])}</a></p>
            </section>
        }
    })
}

/// What the prepare flow opens with: my own parts of the profile, "Klopt dit nog?", or an
/// invitation to write them once.
#[component]
pub fn StillRight(case: CaseId, child: String, parts: Vec<PartView>) -> impl IntoView {
    let lang = use_lang();
    let young = crate::ui::reads_je();
    let mut parts = parts;
    parts.sort_by_key(|p| p.part);
    let empty = parts.is_empty();
    view! {
        <section class="card still-right" aria-labelledby="still-right-h">
            <h2 id="still-right-h">{fill(tj(lang, young, k::profile_title), &[("child", &child)])}</h2>
            {if empty {
                view! {
                    <p>{fill(tj(lang, young, k::profile_start), &[("child", &child)])}</p>
                    <p><a class="button secondary" href=format!("/cases/{case}/profile")>{t(lang, k::profile_fill_in)}</a></p>
                }.into_any()
            } else {
                view! {
                    <p><strong>{t(lang, k::profile_still_right)}</strong>" "{tj(lang, young, k::profile_still_right_intro)}</p>
                    <dl class="answers profile-parts">
                        {parts.into_iter().map(|p| view! {
                            <dt>{t(lang, p.part.heading())}</dt>
                            <dd><p class="own-words" dir="auto">{p.body}</p></dd>
                        }).collect_view()}
                    </dl>
                    <p><a class="button secondary" href=format!("/cases/{case}/profile")>{t(lang, k::profile_change)}</a></p>
                }.into_any()
            }}
        </section>
    }
}

/// The profile page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let id = crate::ui::route_id(CaseId).get_untracked();
    // Made before the data loads, so a form error kept for a browser without JavaScript finds it.
    let save = ServerAction::<SaveProfilePart>::new();
    crate::ui::page(
        k::profile_profile,
        async move { load_profile(id.ok_or(AppError::NotFound)?).await },
        move |d| view! { <ProfileView d=d save=save/> },
    )
}

#[component]
fn ProfileView(d: ProfileData, save: ServerAction<SaveProfilePart>) -> impl IntoView {
    let lang = use_lang();
    let young = d.my_role == Role::Young;
    let child = d.child_first_name.clone();
    let case = d.case_id;
    let error = Signal::derive(move || save.value().get().and_then(|r| r.err()));
    let writes = !d.mine.is_empty();
    let title = fill(tj(lang, young, k::profile_title), &[("child", &child)]);
    view! {
        <p class="crumb"><a href=format!("/cases/{case}") dir="auto">{child.clone()}</a></p>
        <h1>{title}</h1>
        <p>{if writes {
            fill(tj(lang, young, k::profile_intro_family), &[("child", &child)])
        } else {
            fill(t(lang, k::profile_intro_reader), &[("child", &child)])
        }}</p>
        <ErrorSummary error=error/>
        {move || error.get().and_then(|e| match e {
            AppError::Conflict { mine } if !mine.is_empty() => Some(view! {
                <div class="notice" role="status">
                    <p><strong>{tj(lang, young, k::agreements_what_you_typed_not_saved)}</strong></p>
                    <p class="mine own-words" dir="auto">{mine}</p>
                </div>
            }),
            _ => None,
        })}
        {writes.then(|| view! {
            <section aria-labelledby="mine-h">
                <h2 id="mine-h">{tj(lang, young, k::profile_what_you_tell)}</h2>
                {d.mine.into_iter().map(|p| view! { <PartForm p=p case=case young=young save=save error=error/> }).collect_view()}
            </section>
        })}
        {(!writes && d.others.is_empty()).then(|| view! { <p>{t(lang, k::profile_nothing_yet)}</p> })}
        {d.others.into_iter().map(|a| {
            let (name, role) = (a.name.clone(), a.role);
            view! {
                <section class="card" aria-label=name.clone()>
                    <h2>{fill(t(lang, k::profile_what_they_tell), &[("name", &name)])}</h2>
                    <p class="meta">{role.name(lang)}</p>
                    <AuthorParts a=a/>
                </section>
            }
        }).collect_view()}
    }
}

/// Who reads a part with this choice: at once, on saving (there is no sending step).
fn share_hint(s: Sharing, lang: crate::i18n::Lang, young: bool) -> &'static str {
    match s {
        Sharing::Table => tj(lang, young, k::profile_share_table),
        Sharing::Mediator => tj(lang, young, k::profile_share_mediator),
        Sharing::OnlyMe => tj(lang, young, k::profile_share_me),
    }
}

/// The form for one of my parts: the text, who may read it, and earlier versions.
#[component]
fn PartForm(
    p: MyPart,
    case: CaseId,
    young: bool,
    save: ServerAction<SaveProfilePart>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let code = p.part.code();
    // A refused save of this part keeps what was typed (also without JavaScript).
    let typed = error
        .get_untracked()
        .filter(|e| e.echoed("part") == Some(code))
        .and_then(|e| e.echoed("body").map(str::to_string))
        .unwrap_or_else(|| p.body.clone());
    let id = move |f: &str| format!("{f}-{code}");
    let prompt = t(lang, p.part.prompt(young));
    // A part is read as soon as it is saved: the first time, the author chooses who reads it
    // (nothing is chosen for them).
    let chosen = (p.version > 0).then_some(p.sharing);
    view! {
        <ActionForm action=save attr:class="stack card profile-part" attr:id=code>
            <input type="hidden" name="case" value=case.0/>
            <input type="hidden" name="part" value=code/>
            <input type="hidden" name="version" value=p.version/>
            <div class="field">
                <label for=id("body")>{prompt}</label>
                <textarea dir="auto" id=id("body") name="body" rows="4" maxlength=MAX_PART>{typed}</textarea>
            </div>
            <fieldset>
                <legend>{t(lang, k::profile_who_may_read)}</legend>
                {Sharing::ALL.into_iter().map(|s| {
                    let choice = id(&format!("sharing-{}", s.code()));
                    let hint = id(&format!("sharing-{}-hint", s.code()));
                    view! {
                        <div class="choice">
                            <input id=choice.clone() type="radio" name="sharing" value=s.code() checked=chosen == Some(s) aria-describedby=hint.clone()/>
                            <label for=choice>{s.label(lang)}</label>
                            <p class="hint" id=hint>{share_hint(s, lang, young)}</p>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button">{t(lang, k::agreements_save)}<span class="visually-hidden">{format!(": {prompt}")}</span></button>
            {(!p.earlier.is_empty()).then(|| view! {
                <details>
                    <summary>{t(lang, k::profile_earlier_versions)}<span class="visually-hidden">{format!(": {prompt}")}</span></summary>
                    <ol class="versions">
                        {p.earlier.into_iter().map(|e| view! {
                            <li>
                                <p class="meta">{e.date}" · "{e.sharing.label(lang)}</p>
                                <p class="own-words" dir="auto">{if e.body.is_empty() { t(lang, k::profile_cleared).to_string() } else { e.body }}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                </details>
            })}
        </ActionForm>
    }
}
