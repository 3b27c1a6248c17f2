//! The prepare flow through the HTTP router on a real SQLite file: the sharing rules for every
//! role, sharing choice and age band; exactly-once saves with versions and conflicts; the deadline;
//! plain form posts; hostile input; access.

use crate::common::*;
use app::error::{AppError, Problem};
use axum::http::StatusCode;
use serde_json::Value;

const ROLES: [&str; 6] = [
    "parent",
    "young",
    "mediator",
    "school",
    "care",
    "coordinator",
];

/// Every text a viewer receives about a meeting, from every server function and page that shows it.
async fn everything_seen(app: &TestApp, cookie: &str, meeting: &str) -> String {
    let mut all = String::new();
    all += &body_text(
        app.call("load_shared", &[("meeting", meeting)], Some(cookie))
            .await,
    )
    .await;
    all += &body_text(
        app.call("load_meeting", &[("meeting", meeting)], Some(cookie))
            .await,
    )
    .await;
    all += &body_text(app.call("load_case", &[("case", "1")], Some(cookie)).await).await;
    all += &body_text(app.get(&format!("/meetings/{meeting}"), Some(cookie)).await).await;
    all += &body_text(app.get("/cases/1", Some(cookie)).await).await;
    all += &body_text(app.get("/", Some(cookie)).await).await;
    all
}

#[tokio::test]
async fn sharing_rules_for_every_role_choice_and_age_band() {
    for (band, young_default) in [
        ("8-11", "Mediator"),
        ("12-15", "Mediator"),
        ("16+", "OnlyMe"),
        ("18+", "OnlyMe"),
    ] {
        // A fresh portal per band; the band is set before any request touches the database
        // (without a date of birth, the band stored is the band).
        let app = TestApp::spawn().await;
        let pool = app.db.clone();
        sqlx::query("UPDATE cases SET age_band = $1, birth_date = NULL WHERE id = 1")
            .bind(band)
            .execute(&pool)
            .await
            .unwrap();
        let mut cookies = std::collections::HashMap::new();
        for r in ROLES {
            cookies.insert(r, app.sign_in_as(r).await);
        }

        // A fresh meeting for this band.
        let res = app
            .post_plain(
                "create_meeting",
                &[
                    ("case", "1"),
                    ("title", "Overleg"),
                    ("starts_at", "2099-03-04T10:00"),
                    ("duration_minutes", "60"),
                    ("place", "School"),
                    ("online_url", ""),
                    ("purpose", "Samen praten."),
                    ("prepare_by", "2099-03-01T20:00"),
                ],
                Some(&cookies["mediator"]),
            )
            .await;
        let meeting = location(&res).trim_start_matches("/meetings/").to_string();

        // Defaults follow role and age band.
        let young = json(
            app.call(
                "load_prepare",
                &[("meeting", &meeting)],
                Some(&cookies["young"]),
            )
            .await,
        )
        .await;
        assert_eq!(young["default_sharing"], young_default, "{band}");
        let parent = json(
            app.call(
                "load_prepare",
                &[("meeting", &meeting)],
                Some(&cookies["parent"]),
            )
            .await,
        )
        .await;
        assert_eq!(parent["default_sharing"], "Table", "{band}");

        // Each author writes one answer per sharing choice.
        let marker = |author: &str, s: &str| format!("[secret-{band}-{author}-{s}]");
        for (author, questions) in [
            ("young", ["good_things", "worries", "wishes"]),
            ("parent", ["goes_well", "worries", "child_needs"]),
        ] {
            for (q, s) in questions.iter().zip(["table", "mediator", "me"]) {
                let r = save(
                    &app,
                    &cookies[author],
                    &meeting,
                    q,
                    &marker(author, s),
                    s,
                    0,
                    &format!("op-{}-{author}-{q}", band.replace('+', "p")),
                )
                .await;
                assert_eq!(r["Saved"]["version"], 1);
            }
        }
        // Before sending, nobody but the author sees anything.
        for viewer in ROLES {
            let seen = everything_seen(&app, &cookies[viewer], &meeting).await;
            for author in ["young", "parent"] {
                for s in ["table", "mediator", "me"] {
                    assert_eq!(
                        seen.contains(&marker(author, s)),
                        viewer == author,
                        "unsent: {viewer} sees {author}/{s} ({band})"
                    );
                }
            }
        }
        fill_required_young(&app, &cookies["young"], &meeting).await;
        for author in ["young", "parent"] {
            let res = app
                .post_plain(
                    "send_preparation",
                    &[("meeting", &meeting)],
                    Some(&cookies[author]),
                )
                .await;
            assert_eq!(location(&res), format!("/meetings/{meeting}?sent=1"));
        }
        // After sending: table for all, mediator for the mediator only, "only me" for nobody else.
        for viewer in ROLES {
            let seen = everything_seen(&app, &cookies[viewer], &meeting).await;
            for author in ["young", "parent"] {
                for s in ["table", "mediator", "me"] {
                    let expect = viewer == author
                        || s == "table"
                        || (s == "mediator" && viewer == "mediator");
                    assert_eq!(
                        seen.contains(&marker(author, s)),
                        expect,
                        "sent: {viewer} sees {author}/{s} ({band})"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn the_parent_of_a_13_year_old_never_receives_their_mediator_only_answers() {
    let app = TestApp::spawn().await;
    let young = app.sign_in_as("young").await;
    let parent = app.sign_in_as("parent").await;
    let school = app.sign_in_as("school").await;
    let mediator = app.sign_in_as("mediator").await;
    save(
        &app,
        &young,
        "1",
        "worries",
        "Ik word gepest in de pauze",
        "mediator",
        0,
        "op-a",
    )
    .await;
    save(
        &app,
        &young,
        "1",
        "good_things",
        "Tekenen en voetbal",
        "table",
        0,
        "op-b",
    )
    .await;
    fill_required_young(&app, &young, "1").await;
    assert_eq!(
        app.call("send_preparation", &[("meeting", "1")], Some(&young))
            .await
            .status(),
        StatusCode::OK
    );
    for cookie in [&parent, &school] {
        let seen = everything_seen(&app, cookie, "1").await;
        assert!(!seen.contains("gepest"), "mediator-only answer leaked");
        assert!(seen.contains("Tekenen en voetbal"), "table answer missing");
        // Not through the author's own functions either.
        let res = app
            .call("load_prepare", &[("meeting", "1")], Some(cookie))
            .await;
        assert!(!body_text(res).await.contains("gepest"));
    }
    assert!(everything_seen(&app, &mediator, "1")
        .await
        .contains("Ik word gepest in de pauze"));
}

#[tokio::test]
async fn saves_are_applied_exactly_once_and_conflicts_are_never_overwritten() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    assert_eq!(
        save(&app, &parent, "1", "worries", "eerste", "table", 0, "op-1").await["Saved"]["version"],
        1
    );
    // The same save again (its answer was lost on the way back): applied once, no conflict.
    assert_eq!(
        save(&app, &parent, "1", "worries", "eerste", "table", 0, "op-1").await["Saved"]["version"],
        1
    );
    assert_eq!(
        save(&app, &parent, "1", "worries", "tweede", "table", 1, "op-2").await["Saved"]["version"],
        2
    );
    assert_eq!(
        save(&app, &parent, "1", "worries", "tweede", "table", 1, "op-2").await["Saved"]["version"],
        2
    );
    // Another device still on version 1 gets a conflict with what is stored now.
    let c = save(
        &app,
        &parent,
        "1",
        "worries",
        "van de tablet",
        "mediator",
        1,
        "op-3",
    )
    .await;
    assert_eq!(c["Conflict"]["body"], "tweede");
    assert_eq!(c["Conflict"]["version"], 2);
    // Choosing "keep mine" means saving again on top of version 2.
    assert_eq!(
        save(
            &app,
            &parent,
            "1",
            "worries",
            "van de tablet",
            "mediator",
            2,
            "op-4"
        )
        .await["Saved"]["version"],
        3
    );
    let pool = app.db.clone();
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT body, version FROM answers WHERE question = 'worries'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(rows, vec![("van de tablet".to_string(), 3)]);
    // A new answer made on two devices at once: the second gets the first's words back.
    save(
        &app,
        &parent,
        "1",
        "goes_well",
        "telefoon",
        "table",
        0,
        "op-5",
    )
    .await;
    let c = save(
        &app,
        &parent,
        "1",
        "goes_well",
        "laptop",
        "table",
        0,
        "op-6",
    )
    .await;
    assert_eq!(c["Conflict"]["body"], "telefoon");
}

#[tokio::test]
async fn answers_are_kept_exactly_as_typed_and_limited_in_length() {
    let app = TestApp::spawn().await;
    let young = app.sign_in_as("young").await;
    let hostile = "  <script>alert('x')</script>\n😀👍🏽 مرحبا بالعالم \u{202e}abc  ";
    save(
        &app,
        &young,
        "1",
        "adults_should_know",
        hostile,
        "table",
        0,
        "op-h",
    )
    .await;
    let data = json(
        app.call("load_prepare", &[("meeting", "1")], Some(&young))
            .await,
    )
    .await;
    let stored = data["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "adults_should_know")
        .unwrap();
    assert_eq!(stored["body"], hostile, "not one character changed");
    fill_required_young(&app, &young, "1").await;
    assert_eq!(
        app.call("send_preparation", &[("meeting", "1")], Some(&young))
            .await
            .status(),
        StatusCode::OK
    );
    let parent = app.sign_in_as("parent").await;
    let html = body_text(app.get("/meetings/1", Some(&parent)).await).await;
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;script&gt;alert") && html.contains("مرحبا"));

    // Too long: a plain error, and what was saved before stays.
    let long = "x".repeat(app::prepare::questions::MAX_ANSWER + 1);
    let res = app
        .call(
            "save_answer",
            &[
                ("meeting", "1"),
                ("question", "adults_should_know"),
                ("body", &long),
                ("sharing", "table"),
                ("base_version", "1"),
                ("op", "op-long"),
            ],
            Some(&young),
        )
        .await;
    assert_eq!(
        app_error(res).await.field("body"),
        Some(&Problem::TooLong {
            max: app::prepare::questions::MAX_ANSWER
        })
    );
    let data = json(
        app.call("load_prepare", &[("meeting", "1")], Some(&young))
            .await,
    )
    .await;
    assert!(data.to_string().contains("alert('x')"));
    // Nonsense for a scale, an unknown question, a bad sharing code.
    for (q, body, sharing, field) in [
        ("scale_school", "11", "table", Some("body")),
        ("no_such", "x", "table", None),
        ("wishes", "x", "everyone", Some("sharing")),
    ] {
        let res = app
            .call(
                "save_answer",
                &[
                    ("meeting", "1"),
                    ("question", q),
                    ("body", body),
                    ("sharing", sharing),
                    ("base_version", "0"),
                    ("op", "op-x"),
                ],
                Some(&young),
            )
            .await;
        let err = app_error(res).await;
        match field {
            Some(f) => assert!(err.field(f).is_some(), "{q}: {err:?}"),
            None => assert_eq!(err, AppError::NotFound),
        }
    }
}

#[tokio::test]
async fn after_the_deadline_answers_are_read_only() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    save(&app, &parent, "1", "worries", "op tijd", "table", 0, "op-1").await;
    let pool = app.db.clone();
    sqlx::query("UPDATE meetings SET prepare_by = '2001-01-01T00:00' WHERE id = 1")
        .execute(&pool)
        .await
        .unwrap();
    let res = app
        .call(
            "save_answer",
            &[
                ("meeting", "1"),
                ("question", "worries"),
                ("body", "te laat"),
                ("sharing", "table"),
                ("base_version", "1"),
                ("op", "op-2"),
            ],
            Some(&parent),
        )
        .await;
    assert_eq!(app_error(res).await, AppError::DeadlinePassed);
    assert_eq!(
        app_error(
            app.call("send_preparation", &[("meeting", "1")], Some(&parent))
                .await
        )
        .await,
        AppError::DeadlinePassed
    );
    let data = json(
        app.call("load_prepare", &[("meeting", "1")], Some(&parent))
            .await,
    )
    .await;
    assert_eq!(data["deadline_passed"], true);
    let html = body_text(app.get("/meetings/1/prepare", Some(&parent)).await).await;
    assert!(
        html.contains("De tijd om voor te bereiden is voorbij")
            && html.contains("op tijd")
            && !html.contains("<textarea")
    );
}

#[tokio::test]
async fn each_step_works_as_a_plain_form_post() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let page = body_text(app.get("/meetings/1/prepare", Some(&parent)).await).await;
    assert!(
        page.contains("Vraag 1 van 10") && page.contains("Wat moet er na dit gesprek anders zijn?")
    );
    let step = |q: &'static str,
                step: &'static str,
                body: &'static str,
                go: &'static str,
                base: &'static str| {
        vec![
            ("meeting", "1"),
            ("step", step),
            ("question", q),
            ("body", body),
            ("sharing", "table"),
            ("base_version", base),
            ("go", go),
        ]
    };
    let res = app
        .post_plain(
            "save_step",
            &step("goes_well", "1", "Hij lacht veel", "next", "0"),
            Some(&parent),
        )
        .await;
    assert_eq!(location(&res), "/meetings/1/prepare?step=2");
    let res = app
        .post_plain(
            "save_step",
            &step("worries", "2", "", "back", "0"),
            Some(&parent),
        )
        .await;
    assert_eq!(location(&res), "/meetings/1/prepare?step=1");
    let res = app
        .post_plain(
            "save_step",
            &step("parent_needs", "4", "niet opgeslagen", "skip", "0"),
            Some(&parent),
        )
        .await;
    assert_eq!(location(&res), "/meetings/1/prepare?step=5");
    let page = body_text(app.get("/meetings/1/prepare?step=2", Some(&parent)).await).await;
    assert!(page.contains("Hij lacht veel"));
    let data = json(
        app.call("load_prepare", &[("meeting", "1")], Some(&parent))
            .await,
    )
    .await;
    assert_eq!(
        data["answers"].as_array().unwrap().len(),
        1,
        "skip saves nothing: {data}"
    );
    // A stale plain post is a conflict, shown with what was typed.
    let res = app
        .post_plain(
            "save_step",
            &step("goes_well", "1", "van een oud scherm", "next", "0"),
            Some(&parent),
        )
        .await;
    assert!(
        !location(&res).contains("__err="),
        "no answer text in the address"
    );
    let flash = cookie_named(&res, "at_flash").expect("the conflict waits in a flash");
    let page = body_text(
        app.get(
            "/meetings/1/prepare?step=1",
            Some(&format!("{parent}; {flash}")),
        )
        .await,
    )
    .await;
    assert!(
        page.contains("van een oud scherm"),
        "what was typed comes back"
    );
    let res = app
        .call(
            "save_step",
            &step("goes_well", "1", "van een oud scherm", "next", "0"),
            Some(&parent),
        )
        .await;
    assert_eq!(
        app_error(res).await,
        AppError::Conflict {
            mine: "van een oud scherm".into()
        }
    );
    // The check page previews who sees what.
    let page = body_text(app.get("/meetings/1/prepare?step=11", Some(&parent)).await).await;
    assert!(
        page.contains("Controleer uw antwoorden")
            && page.contains("Wie ziet wat na het versturen?")
    );
}

#[tokio::test]
async fn only_the_family_at_the_table_prepares() {
    let app = TestApp::spawn().await;
    let school = app.sign_in_as("school").await;
    let form = [
        ("meeting", "1"),
        ("question", "worries"),
        ("body", "x"),
        ("sharing", "table"),
        ("base_version", "0"),
        ("op", "op-s"),
    ];
    assert_eq!(
        app_error(app.call("save_answer", &form, Some(&school)).await).await,
        AppError::NotAllowed
    );
    assert_eq!(
        app_error(
            app.call("load_prepare", &[("meeting", "1")], Some(&school))
                .await
        )
        .await,
        AppError::NotAllowed
    );
    // Someone from another table: not found, everywhere.
    let coordinator = app.sign_in_as("coordinator").await;
    app.post_plain(
        "create_case",
        &[("first_name", "Lina"), ("age_band", "8-11")],
        Some(&coordinator),
    )
    .await;
    let outsider = app
        .invite_and_sign_in(&coordinator, "2", "Ander", "parent")
        .await;
    for (name, f) in [
        ("save_answer", form.to_vec()),
        ("load_prepare", vec![("meeting", "1")]),
        ("send_preparation", vec![("meeting", "1")]),
        ("load_shared", vec![("meeting", "1")]),
    ] {
        assert_eq!(
            app_error(app.call(name, &f, Some(&outsider)).await).await,
            AppError::NotFound,
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_mediator_sees_who_prepared() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let mediator = app.sign_in_as("mediator").await;
    let school = app.sign_in_as("school").await;
    let status = |v: &Value, name: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .map(|a| a["status"].clone())
    };
    let v = json(
        app.call("load_shared", &[("meeting", "1")], Some(&mediator))
            .await,
    )
    .await;
    assert_eq!(status(&v, "Fatima Bakker").unwrap(), "NotStarted");
    save(&app, &parent, "1", "worries", "x", "table", 0, "op-1").await;
    save(&app, &young, "1", "worries", "y", "me", 0, "op-2").await;
    fill_required_young(&app, &young, "1").await;
    assert_eq!(
        app.call("send_preparation", &[("meeting", "1")], Some(&young))
            .await
            .status(),
        StatusCode::OK
    );
    let v = json(
        app.call("load_shared", &[("meeting", "1")], Some(&mediator))
            .await,
    )
    .await;
    assert_eq!(status(&v, "Fatima Bakker").unwrap(), "InProgress");
    assert_eq!(status(&v, "Sam").unwrap(), "Sent");
    // The author sees their own status; the school sees nobody's.
    let v = json(
        app.call("load_shared", &[("meeting", "1")], Some(&parent))
            .await,
    )
    .await;
    assert_eq!(status(&v, "Fatima Bakker").unwrap(), "InProgress");
    assert_eq!(status(&v, "Sam").unwrap(), Value::Null);
    let v = json(
        app.call("load_shared", &[("meeting", "1")], Some(&school))
            .await,
    )
    .await;
    assert!(v.as_array().unwrap().iter().all(|a| a["status"].is_null()));
}

#[tokio::test]
async fn someone_added_later_is_invited_to_upcoming_meetings() {
    let app = TestApp::spawn().await;
    let coordinator = app.sign_in_as("coordinator").await;
    let grandad = app
        .invite_and_sign_in(&coordinator, "1", "Opa Kees", "parent")
        .await;
    let meeting = json(
        app.call("load_meeting", &[("meeting", "1")], Some(&grandad))
            .await,
    )
    .await;
    assert!(meeting["invitees"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "Opa Kees"));
    assert_eq!(
        save(
            &app,
            &grandad,
            "1",
            "goes_well",
            "Hij helpt graag",
            "table",
            0,
            "op-g"
        )
        .await["Saved"]["version"],
        1
    );
}

#[tokio::test]
async fn sending_needs_every_question_that_cannot_be_skipped() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    save(&app, &parent, "1", "goes_well", "Veel", "table", 0, "op-1").await;
    save(
        &app,
        &parent,
        "1",
        "parent_needs",
        "Rust",
        "table",
        0,
        "op-2",
    )
    .await;
    let err = app_error(
        app.call("send_preparation", &[("meeting", "1")], Some(&parent))
            .await,
    )
    .await;
    assert_eq!(err.field("worries"), Some(&Problem::Required));
    assert_eq!(err.field("child_needs"), Some(&Problem::Required));
    assert!(
        err.field("goes_well").is_none()
            && err.field("parent_needs").is_none()
            && err.field("questions").is_none()
    );
    // Only spaces do not count as an answer.
    save(&app, &parent, "1", "worries", "   ", "table", 0, "op-3").await;
    save(
        &app,
        &parent,
        "1",
        "child_needs",
        "Rust en duidelijkheid",
        "table",
        0,
        "op-4",
    )
    .await;
    let err = app_error(
        app.call("send_preparation", &[("meeting", "1")], Some(&parent))
            .await,
    )
    .await;
    assert_eq!(err.field("worries"), Some(&Problem::Required));
    save(&app, &parent, "1", "worries", "Slapen", "table", 1, "op-5").await;
    let res = app
        .post_plain("send_preparation", &[("meeting", "1")], Some(&parent))
        .await;
    assert_eq!(location(&res), "/meetings/1?sent=1");
}

/// The sharing choice says plainly what a coach who worries about safety does (the meldcode):
/// to a parent about "uw kind", to the young person about "jouw veiligheid".
#[tokio::test]
async fn the_sharing_choice_explains_the_meldcode() {
    let app = TestApp::spawn().await;
    for (role, words) in [
        ("parent", "over de veiligheid van uw kind?"),
        ("young", "over jouw veiligheid?"),
    ] {
        let cookie = app.sign_in_as(role).await;
        let (status, html) = page(&app, "/meetings/1/prepare", &cookie).await;
        assert_eq!(status, StatusCode::OK, "{role}");
        assert!(html.contains(words), "{role}: {html}");
        assert!(html.contains("Zo staat het in de meldcode"), "{role}");
    }
}
