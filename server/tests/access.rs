//! Access to case data, through the HTTP router: every case-scoped server function and page
//! answers "not found" to someone who is not at the table, exactly as for a case that does not
//! exist; roles may only do what they may; reads and changes are audited.

use crate::common::*;
use app::error::AppError;
use axum::http::StatusCode;

/// A second case with its own parent; returns (coordinator cookie, outsider parent cookie).
async fn second_case(app: &TestApp) -> (String, String) {
    let coordinator = app.sign_in_as("coordinator").await;
    let res = app
        .post_plain(
            "create_case",
            &[("first_name", "Lina"), ("age_band", "8-11")],
            Some(&coordinator),
        )
        .await;
    assert_eq!(location(&res), "/cases/2");
    let outsider = app
        .invite_and_sign_in(&coordinator, "2", "Outsider Parent", "parent")
        .await;
    (coordinator, outsider)
}

fn meeting_form(case: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("case", case),
        ("title", "Overleg"),
        ("starts_at", "2030-03-04T10:00"),
        ("duration_minutes", "60"),
        ("place", "School"),
        ("online_url", ""),
        ("purpose", "We bespreken hoe het gaat."),
        ("prepare_by", "2030-03-01T20:00"),
    ]
}

#[tokio::test]
async fn someone_from_another_table_gets_not_found_everywhere() {
    let app = TestApp::spawn().await;
    let (_, outsider) = second_case(&app).await;

    // Their own case works.
    assert_eq!(
        app.call("load_case", &[("case", "2")], Some(&outsider))
            .await
            .status(),
        StatusCode::OK
    );

    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("load_case", vec![("case", "1")]),
        ("load_meeting", vec![("meeting", "1")]),
        (
            "invite_person",
            vec![
                ("case", "1"),
                ("name", "X"),
                ("role", "parent"),
                ("relation", ""),
                ("email", ""),
            ],
        ),
        (
            "revoke_invitation",
            vec![("case", "1"), ("invitation", "1")],
        ),
        ("create_meeting", meeting_form("1")),
    ];
    for (name, form) in &calls {
        let res = app.call(name, form, Some(&outsider)).await;
        assert_eq!(
            app_error(res).await,
            AppError::NotFound,
            "{name} on another case"
        );
    }
    // A case or meeting that does not exist gives the very same answer.
    for (name, form) in [
        ("load_case", vec![("case", "999")]),
        ("load_meeting", vec![("meeting", "999")]),
    ] {
        let res = app.call(name, &form, Some(&outsider)).await;
        assert_eq!(
            app_error(res).await,
            AppError::NotFound,
            "{name} on nothing"
        );
    }
    // Pages too: 404, the plain message, and not a word of the other case.
    for path in [
        "/cases/1",
        "/meetings/1",
        "/cases/1/invite",
        "/cases/1/meetings/new",
        "/cases/999",
    ] {
        let res = app.get(path, Some(&outsider)).await;
        let status = res.status();
        let html = body_text(res).await;
        assert!(
            !html.contains("Sam") && !html.contains("Baken"),
            "{path} leaks case data"
        );
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            html.contains("Deze pagina bestaat niet, of u hebt er geen toegang toe."),
            "{path}"
        );
    }
    // Nothing was created on case 1.
    let members = app
        .state
        .store
        .members(app::domain::CaseId(1))
        .await
        .unwrap();
    assert!(members.iter().all(|m| m.display_name != "X"));
    assert_eq!(
        app.state
            .store
            .meetings_of_case(app::domain::CaseId(1))
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn signed_out_visitors_must_sign_in() {
    let app = TestApp::spawn().await;
    for (name, form) in [
        ("load_case", vec![("case", "1")]),
        ("load_meeting", vec![("meeting", "1")]),
        ("my_overview", vec![]),
        (
            "create_case",
            vec![("first_name", "A"), ("age_band", "16+")],
        ),
    ] {
        let res = app.call(name, &form, None).await;
        assert_eq!(app_error(res).await, AppError::SignInNeeded, "{name}");
    }
    let res = app.get("/cases/1", None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let html = body_text(res).await;
    assert!(html.contains("U moet eerst inloggen") && !html.contains("Sam"));
    // A forged session cookie is just "not signed in".
    let res = app
        .call("load_case", &[("case", "1")], Some("at_session=forged"))
        .await;
    assert_eq!(app_error(res).await, AppError::SignInNeeded);
}

#[tokio::test]
async fn roles_may_only_do_what_they_may() {
    let app = TestApp::spawn().await;
    for role in ["parent", "young", "school", "care"] {
        let cookie = app.sign_in_as(role).await;
        let res = app
            .call(
                "invite_person",
                &[
                    ("case", "1"),
                    ("name", "X"),
                    ("role", "parent"),
                    ("relation", ""),
                    ("email", ""),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(app_error(res).await, AppError::NotAllowed, "{role} invites");
        let res = app
            .call("create_meeting", &meeting_form("1"), Some(&cookie))
            .await;
        assert_eq!(app_error(res).await, AppError::NotAllowed, "{role} plans");
        let res = app
            .call(
                "create_case",
                &[("first_name", "A"), ("age_band", "16+")],
                Some(&cookie),
            )
            .await;
        assert_eq!(
            app_error(res).await,
            AppError::NotAllowed,
            "{role} opens a case"
        );
        // But everyone at the table sees the case and its meeting.
        assert_eq!(
            app.call("load_case", &[("case", "1")], Some(&cookie))
                .await
                .status(),
            StatusCode::OK,
            "{role}"
        );
        assert_eq!(
            app.call("load_meeting", &[("meeting", "1")], Some(&cookie))
                .await
                .status(),
            StatusCode::OK,
            "{role}"
        );
    }
    // The mediator may plan and invite.
    let mediator = app.sign_in_as("mediator").await;
    let res = app
        .post_plain("create_meeting", &meeting_form("1"), Some(&mediator))
        .await;
    assert_eq!(location(&res), "/meetings/2");
}

#[tokio::test]
async fn only_those_who_may_invite_see_invitations() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let text = body_text(app.call("load_case", &[("case", "1")], Some(&parent)).await).await;
    assert!(text.contains("\"invitations\":null"), "{text}");
    let coordinator = app.sign_in_as("coordinator").await;
    let text = body_text(
        app.call("load_case", &[("case", "1")], Some(&coordinator))
            .await,
    )
    .await;
    assert!(text.contains("\"invitations\":[{"), "{text}");
}

#[tokio::test]
async fn reads_and_changes_are_audited_without_content() {
    let app = TestApp::spawn().await;
    let store = app.state.store.clone();
    let case = app::domain::CaseId(1);
    assert_eq!(store.audit_count(case, "case.read").await.unwrap(), 0);
    let parent = app.sign_in_as("parent").await;
    app.call("load_case", &[("case", "1")], Some(&parent)).await;
    app.call("load_meeting", &[("meeting", "1")], Some(&parent))
        .await;
    assert_eq!(store.audit_count(case, "case.read").await.unwrap(), 1);
    assert_eq!(store.audit_count(case, "meeting.read").await.unwrap(), 1);
    let mediator = app.sign_in_as("mediator").await;
    app.call("create_meeting", &meeting_form("1"), Some(&mediator))
        .await;
    assert_eq!(store.audit_count(case, "meeting.create").await.unwrap(), 1);
    // The log holds ids, never what someone typed.
    let pool = app.db.clone();
    let targets: Vec<String> = sqlx::query_scalar("SELECT target FROM audit_log")
        .fetch_all(&pool)
        .await
        .unwrap();
    // Every target is "kind:id" pairs: lowercase words and hex or decimal ids, nothing else.
    let ids_only = |t: &str| {
        let parts: Vec<&str> = t.split(':').collect();
        parts.len().is_multiple_of(2)
            && parts.chunks(2).all(|kv| {
                !kv[0].is_empty()
                    && kv[0].chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    && !kv[1].is_empty()
                    && kv[1]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    };
    assert!(
        targets
            .iter()
            .all(|t| !t.contains("bespreken") && ids_only(t)),
        "{targets:?}"
    );
}

#[tokio::test]
async fn bad_input_gets_plain_errors_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let coordinator = app.sign_in_as("coordinator").await;
    let long = "x".repeat(81);
    let res = app
        .call(
            "create_case",
            &[("first_name", &long), ("age_band", "99")],
            Some(&coordinator),
        )
        .await;
    let err = app_error(res).await;
    assert_eq!(
        err.field("first_name"),
        Some(&app::error::Problem::TooLong { max: 80 })
    );
    assert_eq!(err.field("age_band"), Some(&app::error::Problem::Choice));
    assert!(app
        .state
        .store
        .case(app::domain::CaseId(2))
        .await
        .unwrap()
        .is_none());

    // A meeting whose deadline is after its start, with a hostile link.
    let mut form = meeting_form("1");
    form[5] = ("online_url", "javascript:alert(1)");
    form[6] = ("purpose", "");
    form[7] = ("prepare_by", "2030-03-05T10:00");
    let res = app.call("create_meeting", &form, Some(&coordinator)).await;
    let err = app_error(res).await;
    assert_eq!(err.field("online_url"), Some(&app::error::Problem::Url));
    assert_eq!(err.field("purpose"), Some(&app::error::Problem::Required));
    assert_eq!(
        err.field("prepare_by"),
        Some(&app::error::Problem::DeadlineAfterMeeting)
    );
    assert_eq!(
        app.state
            .store
            .meetings_of_case(app::domain::CaseId(1))
            .await
            .unwrap()
            .len(),
        1
    );

    // A professional needs an email address; a family email cannot be taken over.
    let res = app
        .call(
            "invite_person",
            &[
                ("case", "1"),
                ("name", "Kim"),
                ("role", "care"),
                ("relation", ""),
                ("email", ""),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(
        app_error(res).await.field("email"),
        Some(&app::error::Problem::Required)
    );
    let res = app
        .call(
            "invite_person",
            &[
                ("case", "1"),
                ("name", "Kim"),
                ("role", "care"),
                ("relation", ""),
                ("email", "ouder@demo.invalid"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(
        app_error(res).await.field("email"),
        Some(&app::error::Problem::WrongKindOfAccount)
    );

    // Without JavaScript the error travels back to the form page with what was typed.
    let res = app
        .post_plain(
            "create_case",
            &[("first_name", "Bo"), ("age_band", "")],
            Some(&coordinator),
        )
        .await;
    // ... but never through the address bar: a short-lived flash on the server holds it.
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/form");
    let flash = cookie_named(&res, "at_flash").expect("flash cookie");
    let page = app
        .get("/cases/new", Some(&format!("{coordinator}; {flash}")))
        .await;
    assert!(
        set_cookies(&page)
            .iter()
            .any(|c| c.starts_with("at_flash=;")),
        "the flash is cleared"
    );
    let html = body_text(page).await;
    assert!(
        html.contains("Kies een van de mogelijkheden."),
        "the error is shown"
    );
    assert!(html.contains("value=\"Bo\""), "what was typed is kept");
    // Shown once: the same cookie again shows a clean form.
    let again = body_text(
        app.get("/cases/new", Some(&format!("{coordinator}; {flash}")))
            .await,
    )
    .await;
    assert!(!again.contains("Kies een van de mogelijkheden."));
}

#[tokio::test]
async fn hostile_names_are_shown_as_text() {
    let app = TestApp::spawn().await;
    let coordinator = app.sign_in_as("coordinator").await;
    let res = app
        .post_plain(
            "invite_person",
            &[
                ("case", "1"),
                ("name", "<script>alert('x')</script>"),
                ("role", "parent"),
                ("relation", "\u{202e}oom"),
                ("email", ""),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = body_text(app.get("/cases/1", Some(&coordinator)).await).await;
    assert!(!html.contains("<script>alert"), "raw script tag in page");
    assert!(html.contains("&lt;script&gt;alert"), "escaped name missing");
}

/// A page view writes its audit rows together when the page is done; a page whose reads cannot
/// be written to the audit log is not sent at all.
#[tokio::test]
async fn a_page_whose_reads_cannot_be_logged_is_not_sent() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let title: String = sqlx::query_scalar("SELECT title FROM meetings WHERE id = 1")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let before = app.meeting_reads().await;
    let page = body_text(app.get("/meetings/1", Some(&parent)).await).await;
    assert!(page.contains(&title));
    assert_eq!(
        app.meeting_reads().await,
        before + 1,
        "one row for the read"
    );

    sqlx::query("ALTER TABLE audit_log RENAME TO audit_log_away")
        .execute(&app.db)
        .await
        .unwrap();
    let res = app.get("/meetings/1", Some(&parent)).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let shown = body_text(res).await;
    assert!(!shown.contains(&title), "nothing of the page");
    assert!(
        shown.contains("Probeer het over een paar minuten opnieuw"),
        "{shown}"
    );
}

/// Pages viewed at the same moment have their audit rows written together (one statement for
/// many pages); still every page is sent, and every page view has its own row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_viewed_at_once_each_have_their_audit_row() {
    use tower::ServiceExt;
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let before = app.meeting_reads().await;
    let mut pages = tokio::task::JoinSet::new();
    for _ in 0..48 {
        let req = axum::http::Request::get("/meetings/1")
            .header(axum::http::header::ACCEPT, "text/html")
            .header(axum::http::header::COOKIE, &parent)
            .body(axum::body::Body::empty())
            .unwrap();
        pages.spawn(app.router.clone().oneshot(req));
    }
    let mut sent = 0;
    while let Some(res) = pages.join_next().await {
        assert_eq!(res.unwrap().unwrap().status(), StatusCode::OK);
        sent += 1;
    }
    assert_eq!(sent, 48);
    assert_eq!(
        app.meeting_reads().await,
        before + 48,
        "one row per page view"
    );
}

/// A one-time message (here a form error kept for the page after a plain form post) is deleted
/// only when its page is sent: a page that could not be logged, and so was not sent, loses it
/// not.
#[tokio::test]
async fn a_page_that_is_not_sent_keeps_its_one_time_message() {
    let app = TestApp::spawn().await;
    let mediator = app.sign_in_as("mediator").await;
    let flash = app.keep_form_error(&mediator).await;
    let cookies = format!("{mediator}; {flash}");
    let kept = |html: &str| html.contains("value=\"Lokaal 12\"");

    sqlx::query("ALTER TABLE audit_log RENAME TO audit_log_away")
        .execute(&app.db)
        .await
        .unwrap();
    let res = app.get("/cases/1/meetings/new", Some(&cookies)).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!kept(&body_text(res).await));
    sqlx::query("ALTER TABLE audit_log_away RENAME TO audit_log")
        .execute(&app.db)
        .await
        .unwrap();

    // The page is sent now, with the error and what was typed; after that it is gone.
    let page = body_text(app.get("/cases/1/meetings/new", Some(&cookies)).await).await;
    assert!(kept(&page), "the form error is still there");
    let again = body_text(app.get("/cases/1/meetings/new", Some(&cookies)).await).await;
    assert!(!kept(&again), "shown once");
}
