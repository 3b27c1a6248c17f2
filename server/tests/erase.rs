//! Erasing an answer (`erase_answer`): its author erases it for good, also after the agenda was
//! shared; those who had read it see "Verwijderd door de schrijver."; the text is gone from the
//! database file and its WAL; only the author can, and only their own answers.

use crate::common::*;
use app::error::AppError;
use axum::http::StatusCode;

const PARENT_SECRET: &str = "Hij-slaapt-slecht-Kw9";
const YOUNG_SECRET: &str = "Ik-word-gepest-Zr4";

#[tokio::test]
async fn an_author_erases_an_answer_and_readers_see_that_it_was_removed() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let school = app.sign_in_as("school").await;
    let mediator = app.sign_in_as("mediator").await;
    family_sends(
        &app,
        (&parent, &young),
        PARENT_SECRET,
        "table",
        YOUNG_SECRET,
    )
    .await;
    let shared = body_text(
        app.call("load_shared", &[("meeting", "1")], Some(&school))
            .await,
    )
    .await;
    assert!(shared.contains(PARENT_SECRET));
    // The coach writes a summary that repeats it; then shares the topics.
    let res = app
        .call(
            "review_answer",
            &[
                ("meeting", "1"),
                (
                    "author",
                    &person_id(&app, "ouder@demo.invalid").await.to_string(),
                ),
                ("question", "worries"),
                ("op", "summary"),
                ("text", &format!("Samengevat: {PARENT_SECRET}")),
            ],
            Some(&mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call("publish_agenda", &[("meeting", "1")], Some(&mediator))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Before: the words are in the database's files (so the search at the end can find them).
    if let Some(path) = app.database_url.strip_prefix("sqlite://") {
        let there = [path.to_string(), format!("{path}-wal")].iter().any(|f| {
            std::fs::read(f).is_ok_and(|b| {
                b.windows(PARENT_SECRET.len())
                    .any(|w| w == PARENT_SECRET.as_bytes())
            })
        });
        assert!(there, "the answer was written to the files");
    }
    // Only the author erases, and only an answer to one of their own questions.
    assert_eq!(
        app_error(
            app.call(
                "erase_answer",
                &[("meeting", "1"), ("question", "worries")],
                Some(&school)
            )
            .await
        )
        .await,
        AppError::NotAllowed
    );
    assert_eq!(
        app_error(
            app.call(
                "erase_answer",
                &[("meeting", "1"), ("question", "nonsense")],
                Some(&parent)
            )
            .await
        )
        .await,
        AppError::NotFound
    );
    // After the agenda was shared, erasing still works (taking back no longer does).
    for cookie in [&parent, &young] {
        let res = app
            .call(
                "erase_answer",
                &[("meeting", "1"), ("question", "worries")],
                Some(cookie),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{}", body_text(res).await);
    }

    let shared = body_text(
        app.call("load_shared", &[("meeting", "1")], Some(&school))
            .await,
    )
    .await;
    assert!(!shared.contains(PARENT_SECRET), "{shared}");
    assert!(shared.contains("Verwijderd door de schrijver."), "{shared}");
    assert!(
        shared.contains("Voetbal gaat goed"),
        "the other answers stay"
    );
    let review = body_text(
        app.call("load_review", &[("meeting", "1")], Some(&mediator))
            .await,
    )
    .await;
    assert!(
        !review.contains(PARENT_SECRET) && !review.contains(YOUNG_SECRET),
        "{review}"
    );
    assert_eq!(
        review.matches("Verwijderd door de schrijver.").count(),
        2,
        "{review}"
    );
    // The author's own page asks to write it again, and says what happened.
    let (status, page) = page(&app, "/meetings/1/preview?erased=1", &parent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Gewist. Het antwoord is weg uit Aan Tafel."),
        "{page}"
    );
    assert!(!page.contains(PARENT_SECRET));
    // The confirmation step names the question, never the text.
    let (_, page) = page_confirm(&app, &parent).await;
    assert!(
        page.contains("Wilt u dit antwoord voorgoed wissen?"),
        "{page}"
    );

    // Gone from the files themselves (SQLite: the database and its WAL, byte by byte).
    if let Some(path) = app.database_url.strip_prefix("sqlite://") {
        for file in [path.to_string(), format!("{path}-wal")] {
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            for secret in [PARENT_SECRET, YOUNG_SECRET] {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "{file} still holds an erased answer"
                );
            }
        }
    } else {
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM answers WHERE body LIKE '%Kw9%' OR body LIKE '%Zr4%'",
        )
        .fetch_one(&app.db)
        .await
        .unwrap();
        assert_eq!(left, 0);
    }
    // The log says that it happened, without the text.
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT target FROM audit_log WHERE action = 'answer.erase' ORDER BY id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(rows, vec!["meeting:1", "meeting:1"]);
}

async fn page_confirm(app: &TestApp, cookie: &str) -> (StatusCode, String) {
    // An answer to erase must still be there: the goes_well answer is.
    page(app, "/meetings/1/preview?erase=goes_well", cookie).await
}
