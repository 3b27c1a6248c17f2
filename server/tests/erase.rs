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
    let AtTable {
        parent,
        young,
        school,
        mediator,
    } = signed_in_after_sending(&app, PARENT_SECRET, "table", YOUNG_SECRET).await;
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

/// A coordinator erases everything a family member wrote, on their request: only after the
/// confirmation, only the coordinator, only a family member; the person's words and name go,
/// readers see that the writer removed them, their sessions end, the young person's words
/// stay, and the audit log keeps that it happened, as ids.
#[tokio::test]
async fn a_coordinator_erases_a_family_member_on_request() {
    let app = TestApp::spawn().await;
    let AtTable {
        parent,
        young: _,
        school,
        mediator,
    } = signed_in_after_sending(&app, PARENT_SECRET, "table", YOUNG_SECRET).await;
    let coordinator = app.sign_in_as("coordinator").await;
    let res = app
        .call(
            "save_profile_part",
            &[
                ("case", "1"),
                ("part", "good_at"),
                ("body", "Tekenen-Qx3"),
                ("sharing", "table"),
                ("version", "0"),
            ],
            Some(&parent),
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let parent_id = person_id(&app, "ouder@demo.invalid").await.to_string();
    let pro_id = person_id(&app, demo_email("school")).await.to_string();
    let path = format!("/cases/1/people/{parent_id}/erase");

    // The case page links to it for the coordinator only.
    let (_, html) = page(&app, "/cases/1", &coordinator).await;
    assert!(html.contains(&format!("href=\"{path}\"")), "{html}");
    let (_, html) = page(&app, "/cases/1", &mediator).await;
    assert!(!html.contains(&path));
    let (status, html) = page(&app, &path, &coordinator).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Alle gegevens van Fatima Bakker wissen"),
        "{html}"
    );

    let form = |confirm: Option<&'static str>, person: String| {
        let mut f = vec![("case", "1".to_string()), ("person", person)];
        if let Some(c) = confirm {
            f.push(("confirm", c.to_string()));
        }
        f
    };
    let call = |f: Vec<(&'static str, String)>, who: String| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("erase_person", &pairs, Some(&who)).await
        }
    };
    // Not without the confirmation; not by the coach; not a professional.
    let err = app_error(call(form(None, parent_id.clone()), coordinator.clone()).await).await;
    assert_eq!(err.field("confirm"), Some(&app::error::Problem::Required));
    let res = call(form(Some("yes"), parent_id.clone()), mediator.clone()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = call(form(Some("yes"), pro_id), coordinator.clone()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let text_left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM answers WHERE body = $1")
        .bind(PARENT_SECRET)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(text_left, 1, "nothing happened yet");

    let res = call(form(Some("yes"), parent_id.clone()), coordinator.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);

    // Their words and name are gone; the young person's stay.
    let (bodies, name, email): (i64, String, Option<String>) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM answers WHERE person_id = p.id AND body <> ''), \
         p.display_name, p.email FROM people p WHERE p.id = $1",
    )
    .bind(parent_id.parse::<i64>().unwrap())
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((bodies, name.as_str(), email), (0, "—", None));
    let profile: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM profile_versions WHERE body LIKE '%Qx3%'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(profile, 0);
    let shared = body_text(
        app.call("load_shared", &[("meeting", "1")], Some(&school))
            .await,
    )
    .await;
    assert!(!shared.contains(PARENT_SECRET));
    assert!(!shared.contains("Fatima"), "{shared}");
    // Their session ended; they are off the table.
    let res = app.get("/seen", Some(&parent)).await;
    assert_ne!(res.status(), StatusCode::OK);
    let (_, html) = page(&app, "/cases/1", &coordinator).await;
    assert!(!html.contains("Fatima Bakker"));
    let young_left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM answers WHERE body = $1")
        .bind(YOUNG_SECRET)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(young_left, 1);
    // The log keeps that it happened, as ids.
    let target: String =
        sqlx::query_scalar("SELECT target FROM audit_log WHERE action = 'person.erase'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(target, format!("person:{parent_id}"));
    // Once gone from the table, there is nobody left to erase there.
    let res = call(form(Some("yes"), parent_id), coordinator.clone()).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
