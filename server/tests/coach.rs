//! The coach is a person, not a role: "Alleen de gezinscoach" is kept for the coach at the
//! table when it was saved ("Alleen Joyce de Vries (gezinscoach)"). A coach who joins later does
//! not read it; its author is asked once, on their next visit, whether the new coach may; yes
//! moves it to the new coach, no leaves it. Only the family answers the question.

use crate::common::*;
use axum::http::StatusCode;

async fn review(app: &TestApp, coach: &str) -> String {
    let res = app
        .call("load_review", &[("meeting", "1")], Some(coach))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    body_text(res).await
}

async fn answer(app: &TestApp, cookie: &str, coach: &str, share: &str) -> StatusCode {
    app.call(
        "share_with_new_coach",
        &[("case", "1"), ("coach", coach), ("share", share)],
        Some(cookie),
    )
    .await
    .status()
}

#[tokio::test]
async fn a_new_coach_does_not_read_what_was_kept_for_the_coach_before_until_its_author_says_so() {
    let app = TestApp::spawn().await;
    // The young person keeps "Ik word gepest" for the coach; the parent keeps "Rust" for the
    // coach too. Joyce de Vries is the coach at the table.
    let AtTable {
        parent,
        young,
        mediator: joyce,
        ..
    } = signed_in_after_sending(&app, "Hij slaapt slecht", "mediator", "Ik word gepest").await;
    let html = review(&app, &joyce).await;
    assert!(
        html.contains("Ik word gepest") && html.contains("Rust"),
        "{html}"
    );
    let (_, html) = page(&app, "/meetings/1/prepare", &young).await;
    assert!(
        html.contains("Alleen Joyce de Vries (gezinscoach)"),
        "{html}"
    );
    // Nobody is asked anything while the coach stays the same.
    for cookie in [&parent, &young] {
        let (_, html) = page(&app, "/cases/1", cookie).await;
        assert!(!html.contains("Nieuw aan tafel"), "{html}");
    }

    // A second coach joins.
    let coordinator = app.sign_in_as("coordinator").await;
    let mark = app
        .invite_and_sign_in(&coordinator, "1", "Mark de Wit", "mediator")
        .await;
    let html = review(&app, &mark).await;
    assert!(
        !html.contains("Ik word gepest") && !html.contains("Rust"),
        "the new coach reads none of it: {html}"
    );
    assert!(review(&app, &joyce).await.contains("Ik word gepest"));
    // New choices name the new coach.
    let (_, html) = page(&app, "/meetings/1/prepare", &young).await;
    assert!(html.contains("Alleen Mark de Wit (gezinscoach)"), "{html}");

    let mark_id = person_id_by_name(&app, "Mark de Wit").await;
    let joyce_id = person_id_by_name(&app, "Joyce de Vries").await;
    // Professionals do not answer for the family.
    assert_eq!(
        answer(&app, &mark, &mark_id, "yes").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        answer(&app, &young, &mark_id, "maybe").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A yes to a coach who is not the coach at the table now moves nothing.
    assert_eq!(
        answer(&app, &young, &joyce_id, "yes").await,
        StatusCode::CONFLICT
    );

    // The young person is asked once and says no: Mark still reads nothing of theirs.
    let (_, html) = page(&app, "/cases/1", &young).await;
    assert!(
        html.contains("Mark de Wit is nu je gezinscoach.")
            && html.contains("Mag Mark de Wit dat lezen?"),
        "{html}"
    );
    assert_eq!(answer(&app, &young, &mark_id, "no").await, StatusCode::OK);
    let (_, html) = page(&app, "/cases/1", &young).await;
    assert!(!html.contains("Nieuw aan tafel"), "asked once: {html}");
    assert!(!review(&app, &mark).await.contains("Ik word gepest"));
    assert!(review(&app, &joyce).await.contains("Ik word gepest"));

    // The parent says yes: from now on Mark reads "Rust", and Joyce no longer does.
    let (_, html) = page(&app, "/cases/1", &parent).await;
    assert!(html.contains("Mark de Wit is nu uw gezinscoach."), "{html}");
    assert_eq!(answer(&app, &parent, &mark_id, "yes").await, StatusCode::OK);
    assert!(review(&app, &mark).await.contains("Rust"));
    assert!(!review(&app, &joyce).await.contains("Rust"));
    let (_, html) = page(&app, "/seen", &parent).await;
    assert!(
        html.contains("Alleen Mark de Wit (gezinscoach)")
            && html.contains("Mark de Wit (Gezinscoach)"),
        "{html}"
    );
    // A young person's answer kept for the coach after Mark came is Mark's.
    let saved = save(
        &app,
        &young,
        "1",
        "adults_should_know",
        "Minder huiswerk",
        "mediator",
        0,
        "w2",
    )
    .await;
    assert_eq!(saved["Saved"]["version"], 1, "{saved}");
    assert!(review(&app, &mark).await.contains("Minder huiswerk"));
    assert!(!review(&app, &joyce).await.contains("Minder huiswerk"));
    // Editing the answer the young person kept for Joyce does not hand it to Mark; its choice
    // still names Joyce.
    let worries = answer_in(&prepare_data(&app, &young, "1").await, "worries");
    assert_eq!(
        worries["kept_for"], "Alleen Joyce de Vries (gezinscoach)",
        "{worries}"
    );
    let saved = save(
        &app,
        &young,
        "1",
        "worries",
        "Ik word nog steeds gepest",
        "mediator",
        1,
        "y9",
    )
    .await;
    assert_eq!(saved["Saved"]["version"], 2, "{saved}");
    assert!(review(&app, &joyce)
        .await
        .contains("Ik word nog steeds gepest"));
    assert!(!review(&app, &mark)
        .await
        .contains("Ik word nog steeds gepest"));
}
