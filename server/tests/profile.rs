//! The profile "Dit is …": who writes which part, who reads it (per role, per sharing choice,
//! a supporter only what the person who brought them shares with the table), versions and a
//! stale save, the prepare flow of two meetings showing it, and "Lees dit eerst" for a
//! professional on the meeting page.

use crate::common::*;
use axum::http::StatusCode;

async fn save_part(
    app: &TestApp,
    cookie: &str,
    part: &str,
    body: &str,
    sharing: &str,
    version: &str,
) -> axum::http::Response<axum::body::Body> {
    app.call(
        "save_profile_part",
        &[
            ("case", "1"),
            ("part", part),
            ("body", body),
            ("sharing", sharing),
            ("version", version),
        ],
        Some(cookie),
    )
    .await
}

#[tokio::test]
async fn each_reader_sees_only_the_parts_shared_with_them() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let school = app.sign_in_as("school").await;
    let mediator = app.sign_in_as("mediator").await;
    for (cookie, part, body, sharing) in [
        (&parent, "good_at", "Ouder-tafel: tekent graag", "table"),
        (
            &parent,
            "must_know",
            "Ouder-coach: slaapt slecht",
            "mediator",
        ),
        (&parent, "people", "Ouder-ikzelf: de buurvrouw", "me"),
        (&young, "good_at", "Jongere-tafel: voetbal", "table"),
        (&young, "helps", "Jongere-coach: koptelefoon", "mediator"),
    ] {
        let res = save_part(&app, cookie, part, body, sharing, "0").await;
        assert_eq!(res.status(), StatusCode::OK, "{part} by a family member");
    }
    let oma = app.bring_supporter(&parent, "1", "Oma Nour", None).await;

    let sees = |body: &str, texts: &[&str]| texts.iter().all(|t| body.contains(t));
    let sees_none = |body: &str, texts: &[&str]| texts.iter().all(|t| !body.contains(t));
    let (status, body) = page(&app, "/cases/1/profile", &school).await;
    assert_eq!(status, StatusCode::OK);
    assert!(sees(&body, &["Ouder-tafel", "Jongere-tafel"]));
    assert!(sees_none(
        &body,
        &["Ouder-coach", "Ouder-ikzelf", "Jongere-coach"]
    ));
    let (_, body) = page(&app, "/cases/1/profile", &mediator).await;
    assert!(sees(
        &body,
        &[
            "Ouder-tafel",
            "Ouder-coach",
            "Jongere-tafel",
            "Jongere-coach"
        ]
    ));
    assert!(sees_none(&body, &["Ouder-ikzelf"]));
    // The young person reads the parent's parts for the table, and writes their own.
    let (_, body) = page(&app, "/cases/1/profile", &young).await;
    assert!(sees(
        &body,
        &[
            "Ouder-tafel",
            "Jongere-tafel",
            "Jongere-coach",
            "Waar ben je goed in?"
        ]
    ));
    assert!(sees_none(&body, &["Ouder-coach", "Ouder-ikzelf"]));
    // The parent reads all of their own, and of the young person only what goes to the table.
    let (_, body) = page(&app, "/cases/1/profile", &parent).await;
    assert!(sees(
        &body,
        &[
            "Ouder-tafel",
            "Ouder-coach",
            "Ouder-ikzelf",
            "Jongere-tafel"
        ]
    ));
    assert!(sees_none(&body, &["Jongere-coach"]));
    // A supporter: only what the person who brought them shares with the table.
    let (status, body) = page(&app, "/cases/1/profile", &oma).await;
    assert_eq!(status, StatusCode::OK);
    assert!(sees(&body, &["Ouder-tafel"]));
    assert!(sees_none(
        &body,
        &[
            "Jongere-tafel",
            "Ouder-coach",
            "Ouder-ikzelf",
            "Jongere-coach"
        ]
    ));

    // Nobody else writes in the profile, and the young person has no "what helped before".
    for cookie in [&school, &mediator, &oma] {
        let res = save_part(&app, cookie, "good_at", "Niet van mij", "table", "0").await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    let res = save_part(&app, &young, "helped_before", "x", "table", "0").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Bad input: an unknown part or sharing, a text too long.
    let res = save_part(&app, &parent, "worries", "x", "table", "0").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app_error(res).await.field("part").is_some());
    let res = save_part(&app, &parent, "helps", "x", "everyone", "0").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app_error(res).await.field("sharing").is_some());
    let long = "x".repeat(4001);
    let res = save_part(&app, &parent, "helps", &long, "table", "0").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app_error(res).await.field("body").is_some());
    let res = save_part(&app, &parent, "helps", "x", "table", &i64::MAX.to_string()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The first save chooses who reads it: nothing is chosen for the author.
    let res = save_part(&app, &parent, "helps", "x", "", "0").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app_error(res).await.field("sharing").is_some());

    // Reads are logged by case, never with the text.
    let targets: Vec<String> =
        sqlx::query_scalar("SELECT target FROM audit_log WHERE action LIKE 'profile.%'")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert!(targets.iter().all(|t| t.starts_with("case:1")));
    // A save says which part and who may read it now, as codes.
    assert!(targets.iter().any(|t| t == "case:1:must_know:mediator"));
}

#[tokio::test]
async fn the_profile_carries_over_keeps_versions_and_comes_first_for_professionals() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let mediator = app.sign_in_as("mediator").await;
    let care = app.sign_in_as("care").await;

    // Before anything is written, the prepare flow asks for it once.
    let (_, body) = page(&app, "/meetings/1/prepare", &parent).await;
    assert!(body.contains("Vertel één keer wie Sam is."));

    let res = save_part(&app, &parent, "good_at", "Versie één", "table", "0").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = save_part(&app, &parent, "good_at", "Versie twee", "table", "1").await;
    assert_eq!(res.status(), StatusCode::OK);
    // A second tab still at version 1: refused, and what was typed comes back.
    let res = save_part(
        &app,
        &parent,
        "good_at",
        "Van het andere tabblad",
        "table",
        "1",
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let (_, body) = page(&app, "/cases/1/profile", &parent).await;
    assert!(body.contains("Versie twee") && body.contains("Eerdere versies"));
    assert!(
        body.contains("Versie één"),
        "the author sees earlier versions"
    );
    assert!(!body.contains("Van het andere tabblad"));
    // Nobody else sees earlier versions.
    let (_, body) = page(&app, "/cases/1/profile", &care).await;
    assert!(body.contains("Versie twee") && !body.contains("Versie één"));
    let res = save_part(
        &app,
        &parent,
        "must_know",
        "Alleen-coach-tekst",
        "mediator",
        "0",
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);

    // The prepare flow of this meeting and of the next one opens with it.
    let next = later_meeting(&app, &mediator).await;
    for meeting in ["1".to_string(), next.clone()] {
        let (_, body) = page(&app, &format!("/meetings/{meeting}/prepare"), &parent).await;
        assert!(body.contains("Klopt dit nog?"), "meeting {meeting}");
        assert!(body.contains("Versie twee") && body.contains("Alleen-coach-tekst"));
    }

    // A professional reads it first on the meeting page: only what they may read.
    let (_, body) = page(&app, &format!("/meetings/{next}"), &care).await;
    assert!(body.contains("Lees dit eerst") && body.contains("Versie twee"));
    assert!(!body.contains("Alleen-coach-tekst"));
    let (_, body) = page(&app, "/meetings/1", &mediator).await;
    assert!(body.contains("Lees dit eerst") && body.contains("Alleen-coach-tekst"));
    // The family has its own pages for it.
    let (_, body) = page(&app, "/meetings/1", &parent).await;
    assert!(!body.contains("Lees dit eerst"));
}
