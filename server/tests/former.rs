//! A table someone was taken off: a parent taken off it can no longer open it, but still erases
//! what they wrote there and takes back their yes (`/cases/{id}/mine`, linked from `/my-data`);
//! the coordinator can still erase them as a whole. Nobody else reaches that page or its actions.

use crate::common::*;
use app::error::AppError;
use axum::http::StatusCode;

const SECRET: &str = "Thuis-is-het-onrustig-Qp7";

/// The demo parent prepares and sends with `SECRET` shared with the table, says yes to the
/// care plan, and is taken off the table by the coordinator. Returns (parent, coordinator, the
/// parent's id, the school's cookie).
async fn parent_taken_off(app: &TestApp) -> (String, String, String, String) {
    let t = signed_in_after_sending(app, SECRET, "table", "Wiskunde is moeilijk").await;
    let res = app
        .call(
            "set_plan_consent",
            &[("case", "1"), ("consent", "yes")],
            Some(&t.parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let coordinator = app.sign_in_as("coordinator").await;
    let id = person_id(app, "ouder@demo.invalid").await.to_string();
    app.take_off(&coordinator, "1", &id).await;
    (t.parent, coordinator, id, t.school)
}

#[tokio::test]
async fn a_parent_taken_off_the_table_still_erases_their_answers_and_takes_back_their_yes() {
    let app = TestApp::spawn().await;
    let (parent, _, parent_id, school) = parent_taken_off(&app).await;
    // The table is closed to them now; their data page points to what they can still do.
    let (status, _) = page(&app, "/cases/1", &parent).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, html) = page(&app, "/my-data", &parent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Tafels waar u niet meer aan zit"), "{html}");
    assert!(html.contains("href=\"/cases/1/mine\""), "{html}");

    let (status, html) = page(&app, "/cases/1/mine", &parent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Uw gegevens bij de tafel van Sam"), "{html}");
    assert!(
        html.contains(SECRET) && html.contains("Voetbal gaat goed"),
        "{html}"
    );
    assert!(html.contains("Trek mijn ja in"), "{html}");
    // Erasing asks first (also without JavaScript: a link to the question).
    assert!(html.contains("/cases/1/mine?meeting=1&amp;erase=worries#erase"));
    let (_, html) = page(&app, "/cases/1/mine?meeting=1&erase=worries", &parent).await;
    assert!(html.contains("Ja, wis dit antwoord"), "{html}");

    // Only a meeting of this table.
    let res = app
        .call(
            "erase_former_answer",
            &[("case", "1"), ("meeting", "999"), ("question", "worries")],
            Some(&parent),
        )
        .await;
    assert_eq!(app_error(res).await, AppError::NotFound);
    let res = app
        .call(
            "erase_former_answer",
            &[("case", "1"), ("meeting", "1"), ("question", "worries")],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let shared = body_text(
        app.call("load_shared", &[("meeting", "1")], Some(&school))
            .await,
    )
    .await;
    assert!(!shared.contains(SECRET), "{shared}");
    let (_, html) = page(&app, "/cases/1/mine?erased=1", &parent).await;
    assert!(!html.contains(SECRET), "{html}");
    assert!(html.contains("Voetbal gaat goed"), "the other answer stays");
    assert!(html.contains("Gewist."), "{html}");

    // On a closed case (read-only), these rights stay.
    let coordinator = app.sign_in_as("coordinator").await;
    let res = app
        .call("close_case", &[("case", "1")], Some(&coordinator))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call(
            "erase_former_answer",
            &[("case", "1"), ("meeting", "1"), ("question", "goes_well")],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, html) = page(&app, "/cases/1/mine", &parent).await;
    assert!(!html.contains("Voetbal gaat goed"), "{html}");

    // The yes is taken back and kept on record as a no.
    let res = app
        .call("withdraw_former_consent", &[("case", "1")], Some(&parent))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let newest: i64 = sqlx::query_scalar(
        "SELECT given FROM consent_events WHERE case_id = 1 AND person_id = $1 ORDER BY at DESC, id DESC LIMIT 1",
    )
    .bind(parent_id.parse::<i64>().unwrap())
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(newest, 0, "a no");
    // Without a yes there is nothing to take back: no new row, no new audit line.
    let count = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM consent_events WHERE case_id = 1 AND person_id = $1",
        )
        .bind(parent_id.parse::<i64>().unwrap())
        .fetch_one(&app.db)
        .await
        .unwrap()
    };
    let before = count().await;
    let res = app
        .call("withdraw_former_consent", &[("case", "1")], Some(&parent))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(count().await, before);
    let (_, html) = page(&app, "/cases/1/mine?withdrawn=1", &parent).await;
    assert!(html.contains("Uw ja is ingetrokken."), "{html}");
    assert!(!html.contains("Trek mijn ja in"), "{html}");
    // Both are in the audit log, as ids.
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE person_id = $1 AND action IN ('answer.erase', 'sync.consent_no') ORDER BY id",
    )
    .bind(parent_id.parse::<i64>().unwrap())
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(actions, ["answer.erase", "answer.erase", "sync.consent_no"]);
}

#[tokio::test]
async fn the_page_is_only_for_who_was_taken_off_and_the_coordinator_can_still_erase_them() {
    let app = TestApp::spawn().await;
    let (parent, coordinator, parent_id, _) = parent_taken_off(&app).await;
    // Someone still at the table, a professional and the coordinator: not found.
    let young = app.sign_in_as("young").await;
    for cookie in [&young, &coordinator] {
        let (status, _) = page(&app, "/cases/1/mine", cookie).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let res = app
            .call(
                "erase_former_answer",
                &[("case", "1"), ("meeting", "1"), ("question", "worries")],
                Some(cookie),
            )
            .await;
        assert_eq!(app_error(res).await, AppError::NotFound);
    }
    let res = app
        .call("withdraw_former_consent", &[("case", "1")], Some(&young))
        .await;
    assert_eq!(app_error(res).await, AppError::NotFound);
    // Another case: not theirs.
    let (status, _) = page(&app, "/cases/2/mine", &parent).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The coordinator sees the removal with a way to erase them, and can.
    let (_, html) = page(&app, "/cases/1", &coordinator).await;
    let link = format!("/cases/1/people/{parent_id}/erase");
    assert!(html.contains(&link), "{html}");
    let (status, html) = page(&app, &link, &coordinator).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Alle gegevens van"), "{html}");
    let erase = || async {
        app.call(
            "erase_person",
            &[("case", "1"), ("person", &parent_id), ("confirm", "yes")],
            Some(&coordinator),
        )
        .await
        .status()
    };
    assert_eq!(erase().await, StatusCode::OK);
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM answers WHERE person_id = $1 AND body <> ''")
            .bind(parent_id.parse::<i64>().unwrap())
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(left, 0);
    // Nothing of theirs is left there: no second erasure is offered, nor accepted.
    let (_, html) = page(&app, "/cases/1", &coordinator).await;
    assert!(!html.contains(&link), "{html}");
    assert_eq!(erase().await, StatusCode::NOT_FOUND);
    // They sat at no other table: their account and sessions are gone.
    let (status, _) = page(&app, "/cases/1/mine", &parent).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
