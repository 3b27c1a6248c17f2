//! An age that grows: the child's date of birth, the age band worked out on the day (Dutch
//! time), and what changes on the 12th, 16th and 18th birthday.
//!
//! - The band on the day comes from [`crate::store::CaseRow::on_day`]; every page and the
//!   care-plan worker read the case through it, so the rules change at midnight.
//! - The hourly job ([`step`], [`spawn`]) stores the new band and has the case's sent input looked
//!   at again: at 12 the young person's own yes is needed too, so sending pauses until they give
//!   it; from 16 their yes alone counts.
//! - Each parent and young person is told once, on their next visit to the case page
//!   ([`told`], [`notice`]). Earlier answers keep the sharing their author chose.
//!
//! Server function: [`set_birth_date`] (coordinator). Form: [`BirthDateForm`].

use crate::domain::{AgeBand, CaseId, Role};
use crate::error::AppError;
use crate::i18n::{k, t, use_lang, Key, Lang};
use crate::ui::{ErrorSummary, FieldMessage};
use leptos::prelude::*;

/// What to do on a visit, given the band someone was last told about and the band today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Told {
    /// Nothing new.
    Nothing,
    /// Note the band without a word: a first visit, or a date of birth corrected downwards.
    Note(AgeBand),
    /// A birthday changed the rules since their last visit: tell them once.
    Tell(AgeBand),
}

/// The rule: a parent or young person at a case with a date of birth is told once about each
/// band the child grew into since their last visit (only the newest, when several passed).
pub fn told(role: Role, dated: bool, told: &str, today: AgeBand) -> Told {
    if !dated || !role.is_family() || role == Role::Supporter {
        return Told::Nothing;
    }
    match AgeBand::parse(told) {
        Some(before) if before == today => Told::Nothing,
        Some(before) if before < today => Told::Tell(today),
        _ => Told::Note(today),
    }
}

/// The sentence for a band the child grew into: young people read about themselves ("je"),
/// parents about the child.
pub fn birthday_text(band: AgeBand, young: bool, child: &str, lang: Lang) -> Option<String> {
    let key: Key = match band {
        AgeBand::Under12 => return None,
        AgeBand::From12 => k::age_turned_12,
        AgeBand::From16 => k::age_turned_16,
        AgeBand::From18 => k::age_turned_18,
    };
    Some(crate::i18n::fill(
        crate::i18n::tj(lang, young, key),
        &[("name", &child)],
    ))
}

/// The birthday notice for `me` on the case page, noted as told in the same visit.
#[cfg(feature = "ssr")]
pub async fn notice(
    state: &crate::ctx::AppState,
    me: crate::domain::PersonId,
    case: &crate::store::CaseRow,
    role: Role,
    lang: Lang,
) -> Result<Option<String>, AppError> {
    let before = crate::ctx::band_told(state, me, case.id).await?;
    match told(role, case.birth_date.is_some(), &before, case.age_band) {
        Told::Nothing => Ok(None),
        Told::Note(band) => {
            state.store.set_band_told(case.id, me, band).await?;
            Ok(None)
        }
        Told::Tell(band) => {
            state.store.set_band_told(case.id, me, band).await?;
            Ok(birthday_text(
                band,
                role == Role::Young,
                &case.child_first_name,
                lang,
            ))
        }
    }
}

/// The children whose rights `me` uses: at each table where `me` sits as a parent with gezag
/// and the child is under 12 on the day, the young people there (with their table). From the
/// 12th birthday the list no longer holds them.
#[cfg(feature = "ssr")]
pub async fn children_in_my_care(
    state: &crate::ctx::AppState,
    me: crate::domain::PersonId,
) -> Result<Vec<(crate::store::CaseRow, crate::store::MemberRow)>, AppError> {
    let now = crate::ctx::now_of(state);
    let mut out = Vec::new();
    for (case, role) in state.store.cases_of(me).await? {
        let case = case.on_day(now);
        if role != Role::Parent || case.age_band != AgeBand::Under12 {
            continue;
        }
        let members = crate::ctx::members(state, case.id).await?;
        if !members.iter().any(|m| m.person_id == me && m.gezag) {
            continue;
        }
        for m in members.into_iter().filter(|m| m.role == Role::Young) {
            out.push((case.clone(), m));
        }
    }
    Ok(out)
}

/// The date of birth as the case page shows it to the coordinator and the family coach: the
/// value for the form and a sentence ("Geboren op 9 maart 2014. Nu 12 jaar.").
#[cfg(feature = "ssr")]
pub fn shown(case: &crate::store::CaseRow, now: i64, lang: Lang) -> (String, Option<String>) {
    let Some(born) = case.birth_date else {
        return (String::new(), None);
    };
    let years = crate::domain::years_old(born, crate::domain::dutch_date(now));
    let date = crate::domain::LocalTime(born.and_time(chrono::NaiveTime::MIN)).date_long(lang);
    (
        born.format("%Y-%m-%d").to_string(),
        Some(crate::i18n::tn(
            lang,
            k::age_born_on,
            u64::try_from(years).unwrap_or(0),
            &[("date", &date)],
        )),
    )
}

/// The coordinator enters, corrects or clears the child's date of birth. From then on the age
/// band follows it; cleared, the band stays as it is today. A date that makes the child younger
/// than the band they have now (so parents would read more again) needs `confirm` = "yes".
#[server(prefix = "/api", endpoint = "set_birth_date")]
pub async fn set_birth_date(
    case: CaseId,
    birth_date: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::Action;
    let (state, me) = crate::ctx::signed_in().await?;
    let role = crate::ctx::require(&state, me.id, case, Action::ViewCase).await?;
    if role != Role::Coordinator {
        return Err(AppError::NotAllowed);
    }
    let now = crate::ctx::now_of(&state);
    let today = crate::domain::dutch_date(now);
    let mut errors = Vec::new();
    let born = crate::domain::birth_date("birth_date", &birth_date, today, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid {
            errors,
            echo: vec![("birth_date".into(), birth_date.chars().take(10).collect())],
        });
    }
    let (row, _) = crate::ctx::at_table(&state, me.id, case, Action::ViewCase).await?;
    let band = born.map_or(row.age_band, |b| AgeBand::on(b, today));
    if band < row.age_band && confirm.as_deref() != Some("yes") {
        return Err(AppError::Invalid {
            errors: vec![crate::error::FieldError {
                field: "birth_date".into(),
                problem: crate::error::Problem::BirthDateYounger,
            }],
            echo: vec![("birth_date".into(), birth_date.chars().take(10).collect())],
        });
    }
    state.store.set_age(case, born, band, now).await?;
    // Which band it was and is (codes only; the date itself is not logged).
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "case.birth_date",
        format!("case:{case}:band:{}:{}", row.age_band.code(), band.code()),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}"));
    Ok(())
}

/// One run of the job: each open case with a date of birth whose band on the day is not the band
/// stored gets the new band (and its sent input looked at again). Several instances may run it
/// at once: the second finds the band already stored. Returns how many cases changed band.
#[cfg(feature = "ssr")]
pub async fn step(state: &crate::ctx::AppState, now: i64) -> usize {
    let cases = match state.store.dated_cases().await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "age: could not read the cases");
            return 0;
        }
    };
    let mut changed = 0;
    for stored in cases {
        let band = stored.age_band;
        let today = stored.clone().on_day(now);
        let Some(born) = today.birth_date.filter(|_| today.age_band != band) else {
            continue;
        };
        match state
            .store
            .store_band(today.id, born, today.age_band, now)
            .await
        {
            Ok(true) => {
                changed += 1;
                tracing::info!(
                    case = today.id.0,
                    band = today.age_band.code(),
                    "age: a new age band"
                );
            }
            Ok(false) => {}
            Err(e) => {
                tracing::error!(error = %e, case = today.id.0, "age: could not store the band")
            }
        }
    }
    changed
}

/// Runs [`step`] at start and then every hour (a birthday starts at midnight Dutch time; the
/// pages know it at once, the care-plan store within the hour).
#[cfg(feature = "ssr")]
pub fn spawn(state: crate::ctx::AppState) {
    tokio::spawn(async move {
        loop {
            step(&state, state.config.clock.now()).await;
            tokio::time::sleep(std::time::Duration::from_secs(3_600)).await;
        }
    });
}

/// The coordinator's form on the case page, folded away until opened (and open again when the
/// date was refused): the date of birth, with what it does.
#[component]
pub fn BirthDateForm(case: CaseId, value: String) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SetBirthDate>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    view! {
        <details open=move || error.get().is_some()>
        <summary>{t(lang, k::age_birth_date)}</summary>
        <ActionForm action=action attr:class="stack" attr:novalidate=true>
            <input type="hidden" name="case" value=case.0/>
            <ErrorSummary error=error/>
            <div class="field">
                <label for="birth_date">{t(lang, k::age_birth_date)}</label>
                <p class="hint" id="birth_date-hint">{t(lang, k::age_birth_date_hint)}</p>
                <FieldMessage error=error field="birth_date"/>
                <input type="date" id="birth_date" name="birth_date" value=value
                    aria-describedby="birth_date-hint birth_date-error"/>
            </div>
            // Only once asked: a box always there would be ticked out of habit.
            {move || {
                let asked = error.get().and_then(|e| e.field("birth_date").cloned())
                    == Some(crate::error::Problem::BirthDateYounger);
                asked.then(|| view! {
                    <div class="choice">
                        <input type="checkbox" id="birth_date-confirm" name="confirm" value="yes"/>
                        <label for="birth_date-confirm">{t(lang, k::age_birth_date_confirm)}</label>
                    </div>
                })
            }}
            <button type="submit" class="secondary">{t(lang, k::age_birth_date_save)}</button>
        </ActionForm>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgeBand::*;

    #[test]
    fn told_once_per_new_band_and_only_to_the_family() {
        assert_eq!(told(Role::Young, true, "", From12), Told::Note(From12));
        assert_eq!(told(Role::Young, true, "8-11", From12), Told::Tell(From12));
        assert_eq!(
            told(Role::Parent, true, "12-15", From16),
            Told::Tell(From16)
        );
        // Several birthdays since the last visit: only the newest is told.
        assert_eq!(told(Role::Young, true, "8-11", From18), Told::Tell(From18));
        assert_eq!(told(Role::Young, true, "16+", From16), Told::Nothing);
        // A date of birth corrected to a younger band: noted, not told.
        assert_eq!(told(Role::Young, true, "16+", From12), Told::Note(From12));
        // No date of birth: the band does not grow, nothing to tell.
        assert_eq!(told(Role::Young, false, "8-11", From12), Told::Nothing);
        for role in [
            Role::Mediator,
            Role::School,
            Role::Coordinator,
            Role::Supporter,
        ] {
            assert_eq!(told(role, true, "8-11", From12), Told::Nothing, "{role:?}");
        }
    }

    #[test]
    fn every_new_band_has_words_in_every_language() {
        for lang in Lang::ALL {
            assert_eq!(birthday_text(Under12, true, "Sam", lang), None);
            for band in [From12, From16, From18] {
                for young in [true, false] {
                    let text = birthday_text(band, young, "Sam", lang).expect("text");
                    assert!(!text.contains('{'), "{lang:?} {band:?}: {text}");
                    assert_eq!(
                        text.contains("Sam"),
                        !young,
                        "{lang:?} {band:?} {young}: {text}"
                    );
                }
            }
        }
    }
}
