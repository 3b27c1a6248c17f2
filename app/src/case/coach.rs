//! The coach is a person, not a role. What a parent or young person keeps "only for the family
//! coach" is kept for the coach at the table when they saved it ("Alleen Joyce (gezinscoach)");
//! a coach who joins or takes over later does not read it. On their next visit to the case page
//! the author is asked once whether the new coach may read it ([`ask`], [`question`]); yes moves
//! it to the new coach, no leaves it as it is.
//!
//! Server function: [`share_with_new_coach`]. Form: [`NewCoachQuestion`].

#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::domain::{CaseId, PersonId};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::Lang;
use crate::i18n::{k, tj, use_lang};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether to ask an author about the coach at the table now (`current`): there is one, they
/// were not asked about this coach yet, and something of theirs is kept for another coach (or
/// for no coach).
pub fn ask(current: Option<PersonId>, asked: Option<PersonId>, kept_for_others: i64) -> bool {
    current.is_some() && asked != current && kept_for_others > 0
}

/// The question on the case page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoachQuestion {
    /// The new coach.
    pub coach_id: PersonId,
    /// The new coach's name.
    pub coach: String,
    /// The question, in the reader's words.
    pub text: String,
    /// "Ja, Mark mag het lezen".
    pub yes: String,
}

/// The question for `me` at a case, when there is one to ask (one cheap read when the coach at
/// the table is one they were not asked about yet).
#[cfg(feature = "ssr")]
pub async fn question(
    state: &crate::ctx::AppState,
    me: PersonId,
    case: CaseId,
    role: Role,
    lang: Lang,
) -> Result<Option<CoachQuestion>, AppError> {
    if !role.is_family() {
        return Ok(None);
    }
    let Some(coach) = crate::ctx::coach(state, case).await? else {
        return Ok(None);
    };
    let asked = crate::ctx::coach_asked(state, me, case).await?;
    if asked == Some(coach.person_id) {
        return Ok(None);
    }
    let kept = state
        .store
        .kept_for_other_coaches(case, me, coach.person_id)
        .await?;
    if !ask(Some(coach.person_id), asked, kept) {
        return Ok(None);
    }
    let young = role == Role::Young;
    let name = [("name", &coach.display_name as &dyn std::fmt::Display)];
    Ok(Some(CoachQuestion {
        coach_id: coach.person_id,
        coach: coach.display_name.clone(),
        text: crate::i18n::fill(tj(lang, young, k::coach_new_question), &name),
        yes: crate::i18n::fill(tj(lang, young, k::coach_new_yes), &name),
    }))
}

/// A parent or young person answers the question about the new coach `coach`: `share` "yes"
/// lets that coach read what they kept for the family coach before; "no" leaves it. They are not
/// asked again about this coach. When another coach sat down since the question was shown, the
/// answer is refused (409) and the question asked again.
#[server(prefix = "/api", endpoint = "share_with_new_coach")]
pub async fn share_with_new_coach(
    case: CaseId,
    coach: PersonId,
    share: String,
) -> Result<(), AppError> {
    use crate::domain::Action;
    use crate::error::{FieldError, Problem};
    let (state, me) = crate::ctx::signed_in().await?;
    let role = crate::ctx::require(&state, me.id, case, Action::ViewCase).await?;
    if !role.is_family() {
        return Err(AppError::NotAllowed);
    }
    let share = match share.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(AppError::Invalid {
                errors: vec![FieldError {
                    field: "share".into(),
                    problem: Problem::Choice,
                }],
                echo: Vec::new(),
            })
        }
    };
    let asked_about = coach;
    let coach = crate::ctx::coach(&state, case)
        .await?
        .ok_or(AppError::NotFound)?;
    if coach.person_id != asked_about {
        return Err(AppError::RecordChanged {
            mine: String::new(),
        });
    }
    state
        .store
        .share_with_coach(case, me.id, coach.person_id, share)
        .await?;
    crate::ctx::audit(
        &state,
        me.id,
        Some(case),
        "coach.share",
        format!("person:{}:share:{}", coach.person_id.0, u8::from(share)),
    )
    .await?;
    leptos_axum::redirect(&format!("/cases/{case}"));
    Ok(())
}

/// The question on the case page, with its two answers as plain form posts.
#[component]
pub fn NewCoachQuestion(case: CaseId, q: CoachQuestion, young: bool) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<ShareWithNewCoach>::new();
    view! {
        <section class="notice stack" aria-labelledby="new-coach-h">
            <h2 id="new-coach-h">{crate::i18n::tf(lang, k::coach_new_title, &[("name", &q.coach)])}</h2>
            <p>{q.text}</p>
            <p class="hint">{crate::i18n::fill(tj(lang, young, k::coach_new_later), &[("name", &q.coach)])}</p>
            <ActionForm action=action attr:class="inline">
                <input type="hidden" name="case" value=case.0/>
                <input type="hidden" name="coach" value=q.coach_id.0/>
                <input type="hidden" name="share" value="yes"/>
                <button type="submit" class="button">{q.yes}</button>
            </ActionForm>
            <ActionForm action=action attr:class="inline">
                <input type="hidden" name="case" value=case.0/>
                <input type="hidden" name="coach" value=q.coach_id.0/>
                <input type="hidden" name="share" value="no"/>
                <button type="submit" class="button secondary">{tj(lang, young, k::coach_new_no)}</button>
            </ActionForm>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asked_once_per_new_coach_and_only_when_something_waits() {
        let (joyce, mark) = (Some(PersonId(1)), Some(PersonId(2)));
        assert!(
            ask(mark, joyce, 3),
            "a new coach and something kept for Joyce"
        );
        assert!(ask(mark, None, 1), "never asked before");
        assert!(!ask(mark, mark, 3), "asked about Mark already");
        assert!(!ask(mark, joyce, 0), "nothing kept for another coach");
        assert!(!ask(None, joyce, 3), "no coach at the table");
    }
}
