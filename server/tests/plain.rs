//! The plain-language hint a professional gets while writing for a family (`plain_hint`): the
//! same checks as the page shows for a sent text, in the page's language, and a clear refusal
//! for a text past the limit.

use crate::common::*;
use axum::http::StatusCode;

const JARGON: &str = "Voor Sam maken we een OPP en vragen we een arrangement aan.";

async fn hint(app: &TestApp, cookie: &str, text: &str) -> serde_json::Value {
    json(
        app.call("plain_hint", &[("text", text)], Some(cookie))
            .await,
    )
    .await
}

#[tokio::test]
async fn the_hint_names_jargon_and_long_sentences_in_the_pages_language() {
    let app = TestApp::spawn().await;
    let coach = app.sign_in_as("mediator").await;

    let h = hint(&app, &coach, JARGON).await;
    assert_eq!(h["level"], "easy", "{h}");
    assert_eq!(h["label"], "Makkelijk te lezen");
    assert!(h["ease"].as_str().unwrap().contains("Flesch-Douma"), "{h}");
    assert_eq!(
        h["points"],
        serde_json::json!(["Vakwoorden (leg ze uit): OPP, arrangement"])
    );

    let long = "Als de leerling in het komende schooljaar opnieuw vaak afwezig is dan bespreken wij \
                samen met de ouders en de leraar welke begeleiding en aanpassingen in het rooster nodig zijn.";
    let h = hint(&app, &coach, long).await;
    assert_eq!(
        h["points"][0], "1 lange zin, meer dan 15 woorden. Maak hem korter.",
        "{h}"
    );

    // On an English page the hint is in English.
    let h = hint(&app, &format!("{coach}; at_lang=en"), JARGON).await;
    assert_eq!(
        h["points"],
        serde_json::json!(["Jargon (explain it): OPP, arrangement"])
    );

    // Nothing typed: nothing to say.
    let h = hint(&app, &coach, "   ").await;
    assert_eq!(h["level"], "");
    assert_eq!(h["points"], serde_json::json!([]));
}

#[tokio::test]
async fn a_text_past_the_limit_is_refused_plainly() {
    let app = TestApp::spawn().await;
    let coach = app.sign_in_as("mediator").await;
    let text = "woord ".repeat(app::plain::HINT_MAX / 6 + 1);
    let res = app
        .call("plain_hint", &[("text", &text)], Some(&coach))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!message(&res).contains("woord"), "the text is not echoed");
    let error = app_error(res).await;
    let said = error
        .field("text")
        .expect("a problem with the text")
        .message(app::i18n::Lang::Nl);
    assert!(said.contains("10.000") || said.contains("10000"), "{said}");
    assert!(
        !said.contains("woord"),
        "the text itself is not echoed: {said}"
    );
}

#[tokio::test]
async fn a_page_of_someone_else_gets_no_hint() {
    let app = TestApp::spawn().await;
    let coach = app.sign_in_as("mediator").await;
    let me = person_id(&app, demo_email("mediator")).await.to_string();
    let other = person_id(&app, demo_email("school")).await.to_string();
    // A page made for the school's contact, with the coach signed in since: refused. The coach's
    // own page: answered.
    for (page_of, status) in [(other, StatusCode::UNAUTHORIZED), (me, StatusCode::OK)] {
        let fields = [("text", JARGON), ("person", page_of.as_str())];
        let res = app.call("plain_hint", &fields, Some(&coach)).await;
        assert_eq!(res.status(), status, "page of {page_of}");
    }
}
