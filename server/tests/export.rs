//! "Download mijn gegevens": the JSON file (`/my-data.json`) and the printable page
//! (`/my-data`) hold everything of the signed-in person (their answers with who may read them,
//! the coach's question back and their reply, their access log) and nothing of anyone else's
//! answers; only a signed-in person gets a file, always their own; the download is logged
//! without a text.

use crate::common::*;
use axum::http::{header, StatusCode};

#[tokio::test]
async fn each_person_downloads_their_own_data_and_nothing_of_others() {
    let app = TestApp::spawn().await;
    let AtTable {
        parent,
        young,
        school,
        mediator,
    } = signed_in_after_sending(&app, "Hij slaapt slecht", "mediator", "Ik word gepest").await;
    // The coach asks the parent something back, the parent replies; the school reads.
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
                ("op", "ask"),
                ("text", "Sinds wanneer?"),
            ],
            Some(&mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call(
            "reply_back",
            &[
                ("meeting", "1"),
                ("question", "worries"),
                ("text", "Sinds de zomer"),
            ],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call("load_shared", &[("meeting", "1")], Some(&school))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // The parent's file.
    let res = app.get("/my-data.json", Some(&parent)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "application/json; charset=utf-8"
    );
    assert!(res.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(res.headers()[header::CACHE_CONTROL], "private, no-store");
    let text = body_text(res).await;
    let data: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(data["format"], app::export::FORMAT);
    assert_eq!(data["person"]["name"], "Fatima Bakker");
    let meeting = &data["tables"][0]["meetings"][0];
    let answers = meeting["answers"].as_array().expect("answers");
    let worries = answers
        .iter()
        .find(|a| a["question_key"] == "worries")
        .expect("the worries answer");
    assert_eq!(worries["answer"], "Hij slaapt slecht");
    assert_eq!(worries["sharing_code"], "table");
    assert_eq!(worries["coach"]["question_back"], "Sinds wanneer?");
    assert_eq!(worries["coach"]["reply"], "Sinds de zomer");
    let readers = worries["readers_now"].as_array().expect("readers");
    assert!(
        readers
            .iter()
            .any(|r| r.as_str().unwrap().contains("(School)")),
        "{readers:?}"
    );
    let needs = answers
        .iter()
        .find(|a| a["question_key"] == "child_needs")
        .expect("the needs answer");
    assert_eq!(needs["sharing_code"], "mediator");
    assert_eq!(
        needs["readers_now"].as_array().map(Vec::len),
        Some(1),
        "only the coach: {needs}"
    );
    assert!(meeting["sent_at"].is_string());
    let log = data["access_log"].as_array().expect("log");
    assert!(
        log.iter()
            .any(|l| l.as_str().unwrap().contains("(School) las uw antwoorden")),
        "{log:?}"
    );
    // Nothing of the young person's answers.
    assert!(!text.contains("Ik word gepest"), "{text}");

    // The young person's file holds their words, not the parent's, and says "je".
    let young_text = body_text(app.get("/my-data.json", Some(&young)).await).await;
    assert!(young_text.contains("Ik word gepest"));
    assert!(!young_text.contains("Hij slaapt slecht"));
    assert!(!young_text.contains("Voetbal gaat goed"));
    assert!(!young_text.contains("Sinds de zomer"));

    // The printable page: the same data, in words.
    let (status, html) = page(&app, "/my-data", &parent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Mijn gegevens"), "{html}");
    assert!(html.contains("Hij slaapt slecht"));
    assert!(html.contains("Sinds de zomer"));
    assert!(html.contains("href=\"/my-data.json\""));
    assert!(!html.contains("Ik word gepest"));
    // Linked from the privacy page.
    let (_, seen) = page(&app, "/seen", &parent).await;
    assert!(seen.contains("href=\"/my-data\""));

    // Each download is in the audit log, as ids.
    let parent_id = person_id(&app, "ouder@demo.invalid").await;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, target FROM audit_log WHERE action = 'export.read' AND person_id = $1",
    )
    .bind(parent_id)
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![("export.read".to_string(), format!("person:{parent_id}")); 2],
        "the file and the page"
    );
}

#[tokio::test]
async fn only_a_signed_in_person_gets_a_file() {
    let app = TestApp::spawn().await;
    let res = app.get("/my-data.json", None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // A made-up session is no session.
    let res = app
        .get("/my-data.json", Some("at_session=not-a-session"))
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Nothing in the request picks whose data: a person id in the query changes nothing.
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    family_sends(&app, (&parent, &young), "Zorgen", "table", "Geheim van mij").await;
    let text = body_text(app.get("/my-data.json?person=2", Some(&parent)).await).await;
    assert!(!text.contains("Geheim van mij"));
}

#[tokio::test]
async fn on_a_borrowed_phone_the_page_is_there_but_no_file() {
    let app = TestApp::spawn().await;
    let token = app.demo_token("parent").await;
    let res = app
        .call(
            "accept_invitation",
            &[("token", &token), ("own_device", "no")],
            None,
        )
        .await;
    let borrowed = session_cookie(&res).expect("a session on a borrowed phone");
    let res = app.get("/my-data.json", Some(&borrowed)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, html) = page(&app, "/my-data", &borrowed).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Dit is een geleende telefoon."), "{html}");
    assert!(!html.contains("href=\"/my-data.json\""));
}
