//! Agreements followed up: who may say how an agreement went (the family and the person
//! responsible), what a supporter reads of it, and the next meeting's prepare flow opening with
//! "Hoe ging het met de afspraken van de vorige keer?", whose answers reach the coach's review,
//! the case's overview and the plan.

use crate::common::*;
use axum::http::StatusCode;

/// The coach adds an agreement to meeting 1; returns its id.
async fn agreement(
    app: &TestApp,
    mediator: &str,
    what: &str,
    responsible: &str,
    goal: &str,
) -> String {
    let res = app
        .call(
            "add_agreement",
            &[
                ("meeting", "1"),
                ("what", what),
                ("who", "Mentor"),
                ("responsible", responsible),
                ("goal", goal),
            ],
            Some(mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "adding {what}");
    let id: i64 = sqlx::query_scalar("SELECT id FROM agreements WHERE what = $1")
        .bind(what)
        .fetch_one(&app.db)
        .await
        .unwrap();
    id.to_string()
}

async fn report(
    app: &TestApp,
    cookie: &str,
    meeting: &str,
    agreement: &str,
    status: &str,
    note: &str,
) -> axum::http::Response<axum::body::Body> {
    report_shared(app, cookie, meeting, agreement, status, note, "").await
}

/// As [`report`], with who may read the note.
async fn report_shared(
    app: &TestApp,
    cookie: &str,
    meeting: &str,
    agreement: &str,
    status: &str,
    note: &str,
    sharing: &str,
) -> axum::http::Response<axum::body::Body> {
    app.call(
        "report_agreement",
        &[
            ("meeting", meeting),
            ("agreement", agreement),
            ("status", status),
            ("note", note),
            ("sharing", sharing),
        ],
        Some(cookie),
    )
    .await
}

#[tokio::test]
async fn the_family_and_the_person_responsible_say_how_it_went_and_nobody_else() {
    let app = TestApp::spawn().await;
    let mediator = app.sign_in_as("mediator").await;
    let school = app.sign_in_as("school").await;
    let care = app.sign_in_as("care").await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let school_id = person_id(&app, demo_email("school")).await.to_string();
    let mentor = agreement(&app, &mediator, "Mentor belt elke vrijdag", &school_id, "").await;
    let lunch = agreement(&app, &mediator, "Sam eet op school", "", "").await;

    // The responsible person, for their own agreement only.
    let res = report(&app, &school, "1", &mentor, "in_progress", "School-notitie").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = report(&app, &school, "1", &lunch, "done", "").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Someone else at the table who is not responsible, and the coach who only writes down.
    for cookie in [&care, &mediator] {
        let res = report(&app, cookie, "1", &mentor, "done", "").await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    // The family, for every agreement.
    let res = report(&app, &parent, "1", &lunch, "done", "Ouder-notitie").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = report(&app, &young, "1", &lunch, "failed", "Jongere-notitie").await;
    assert_eq!(res.status(), StatusCode::OK);
    // A supporter never.
    let oma = app.bring_supporter(&parent, "1", "Oma Nour", None).await;
    let res = report(&app, &oma, "1", &lunch, "done", "").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Bad input: an unknown status, a note too long, an agreement that does not exist.
    let res = report(&app, &parent, "1", &lunch, "gedaan", "").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app_error(res).await.field("status").is_some());
    let long = "x".repeat(1001);
    let res = report(&app, &parent, "1", &lunch, "done", &long).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app_error(res).await.field("note").is_some());
    let res = report(&app, &parent, "1", "999", "done", "").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Without JavaScript: back to the agreements page.
    let res = app
        .post_plain(
            "report_agreement",
            &[
                ("meeting", "1"),
                ("agreement", &lunch),
                ("status", "failed"),
                ("note", "Jongere-notitie"),
            ],
            Some(&young),
        )
        .await;
    assert_eq!(location(&res), "/meetings/1/agreements");

    // The parent says the mentor's agreement is done, for the whole table; a sharing choice
    // that does not exist is refused.
    let res = report_shared(
        &app,
        &parent,
        "1",
        &mentor,
        "done",
        "Ouder-tafel-notitie",
        "everyone",
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app_error(res).await.field("sharing").is_some());
    let res = report_shared(
        &app,
        &parent,
        "1",
        &mentor,
        "done",
        "Ouder-tafel-notitie",
        "table",
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Every report is kept; the newest counts.
    let reports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agreement_updates")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(reports, 5);

    // The agreements page: how it went for everyone at the table. A note as its author chose:
    // the young person's (12-15, no choice made) goes to the coach only.
    let (status, body) = page(&app, "/meetings/1/agreements", &care).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Gedaan") && body.contains("Niet gelukt"));
    assert!(body.contains("Ouder-tafel-notitie"));
    assert!(!body.contains("Jongere-notitie"), "only the coach reads it");
    assert!(
        !body.contains("Vertel hoe het ging"),
        "care reports nothing here"
    );
    let (_, body) = page(&app, "/meetings/1/agreements", &mediator).await;
    assert!(body.contains("Jongere-notitie"));
    let (_, body) = page(&app, "/meetings/1/agreements", &parent).await;
    assert!(body.contains("Vertel hoe het ging"));
    assert!(!body.contains("Jongere-notitie"));
    // A supporter sees only what the person who brought them said.
    let (status, body) = page(&app, "/meetings/1/agreements", &oma).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Gedaan") && body.contains("Ouder-tafel-notitie"));
    assert!(!body.contains("Niet gelukt") && !body.contains("Jongere-notitie"));
    assert!(!body.contains("School-notitie") && !body.contains("Bezig"));
    assert!(!body.contains("Vertel hoe het ging"));
    // On the agreements page, only an agreement of that meeting.
    let later = later_meeting(&app, &mediator).await;
    let res = report(&app, &parent, &later, &lunch, "done", "").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Who said what is in the audit log by id, never with the note.
    let audited: Vec<String> =
        sqlx::query_scalar("SELECT target FROM audit_log WHERE action = 'agreement.report'")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(audited.len(), 5);
    assert!(audited.iter().all(|t| t.starts_with("agreement:")));
}

#[tokio::test]
async fn the_next_meeting_opens_with_how_the_agreements_of_the_last_one_went() {
    let app = TestApp::spawn().await;
    let mediator = app.sign_in_as("mediator").await;
    let parent = app.sign_in_as("parent").await;
    let first = agreement(&app, &mediator, "Sam eet op school", "", "1").await;
    let second = agreement(&app, &mediator, "Moeder belt de huisarts", "", "").await;
    let next = later_meeting(&app, &mediator).await;

    // The first meeting has nothing before it; the next one opens with the two agreements.
    let (_, body) = page(&app, "/meetings/1/prepare", &parent).await;
    assert!(!body.contains("Hoe ging het met de afspraken"));
    let (_, body) = page(&app, &format!("/meetings/{next}/prepare"), &parent).await;
    assert!(body.contains("Hoe ging het met de afspraken van de vorige keer?"));
    assert!(body.contains(&format!("/meetings/{next}/follow-up")));
    let (status, body) = page(&app, &format!("/meetings/{next}/follow-up"), &parent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Afspraak 1 van 2") && body.contains("Sam eet op school"));
    let (_, body) = page(&app, &format!("/meetings/{next}/follow-up?step=2"), &parent).await;
    assert!(body.contains("Afspraak 2 van 2") && body.contains("Moeder belt de huisarts"));

    // One short step per agreement, without JavaScript: on to the next, then to the questions.
    let step = |agreement: &str, status: &'static str, note: &'static str, n: &'static str| {
        let (agreement, next) = (agreement.to_string(), next.clone());
        let parent = parent.clone();
        let app = &app;
        async move {
            app.post_plain(
                "report_agreement",
                &[
                    ("meeting", next.as_str()),
                    ("agreement", agreement.as_str()),
                    ("status", status),
                    ("note", note),
                    ("step", n),
                ],
                Some(&parent),
            )
            .await
        }
    };
    let res = step(&first, "failed", "Hij vond het te druk", "1").await;
    assert_eq!(location(&res), format!("/meetings/{next}/follow-up?step=2"));
    let res = step(&second, "done", "", "2").await;
    assert_eq!(location(&res), format!("/meetings/{next}/prepare"));
    let (_, body) = page(&app, &format!("/meetings/{next}/prepare"), &parent).await;
    assert!(body.contains("U heeft verteld hoe het ging."));
    // A step for an agreement that is not one of the previous meeting's is refused.
    let res = app
        .call(
            "add_agreement",
            &[("meeting", &next), ("what", "Nieuw"), ("who", "Coach")],
            Some(&mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let newer: i64 = sqlx::query_scalar("SELECT MAX(id) FROM agreements")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let res = step(&newer.to_string(), "done", "", "1").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "back to the form");
    let res = app
        .call(
            "report_agreement",
            &[
                ("meeting", next.as_str()),
                ("agreement", &newer.to_string()),
                ("status", "done"),
                ("step", "1"),
            ],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The coach's review of the next meeting shows the answers.
    let (_, body) = page(&app, &format!("/meetings/{next}/review"), &mediator).await;
    assert!(body.contains("Hoe ging het met de afspraken van de vorige keer?"));
    assert!(body.contains("Niet gelukt") && body.contains("Hij vond het te druk"));
    // The case's overview counts them.
    let (status, body) = page(&app, "/cases/1/agreements", &mediator).await;
    assert_eq!(status, StatusCode::OK);
    let body = body.replace("<!>", "");
    assert!(body.contains("Sam eet op school") && body.contains("Nieuw"));
    assert!(body.contains("<strong>1</strong> Gedaan"));
    assert!(body.contains("<strong>1</strong> Niet gelukt"));
    assert!(body.contains("<strong>1</strong> Nog niet bekend"));
    // The plan shows the agreement under the goal it serves, and how it went.
    let (_, body) = page(&app, "/cases/1/plan", &parent).await;
    assert!(body.contains("Afspraken voor dit doel") && body.contains("Niet gelukt"));
    // A supporter reads neither the overview nor the plan.
    let oma = app.bring_supporter(&parent, "1", "Oma Nour", None).await;
    let (status, _) = page(&app, "/cases/1/agreements", &oma).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
