//! The findings of the intruder test, as tests: no invitation opens an existing account, roles
//! never change through an invitation, removal and disabling end access on the next request,
//! closed cases are read-only, a lost link is replaced for the same person, statuses and headers.

use crate::common::*;
use app::error::{AppError, Problem};
use axum::http::{header, StatusCode};

async fn invite(
    app: &TestApp,
    who: &str,
    case: &str,
    name: &str,
    role: &str,
    email: &str,
) -> axum::http::Response<axum::body::Body> {
    app.post_plain(
        "invite_person",
        &[
            ("case", case),
            ("name", name),
            ("role", role),
            ("relation", ""),
            ("email", email),
        ],
        Some(who),
    )
    .await
}

#[tokio::test]
async fn inviting_an_existing_address_never_shows_a_link_for_it() {
    let app = TestApp::spawn().await;
    let coordinator = app.sign_in_as("coordinator").await;
    // The coordinator opens a case of their own and invites the coach's existing address.
    app.post_plain(
        "create_case",
        &[("first_name", "Lina"), ("age_band", "8-11")],
        Some(&coordinator),
    )
    .await;
    let res = invite(
        &app,
        &coordinator,
        "2",
        "Joyce",
        "mediator",
        "gezinscoach@demo.invalid",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        app.shown_link(&res, &coordinator, "2").await.is_none(),
        "no sign-in link for an existing account"
    );
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations WHERE person_id = (SELECT id FROM people WHERE email = 'gezinscoach@demo.invalid') AND used_at IS NULL AND revoked_at IS NULL")
        .fetch_one(&app.db).await.unwrap();
    assert_eq!(open, 0, "no open link was made for the coach");
    // The coach finds the new case at their next sign-in.
    let coach = app.sign_in_as("mediator").await;
    let cases = json(app.call("my_overview", &[], Some(&coach)).await).await;
    assert_eq!(cases.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_role_never_changes_through_an_invitation() {
    let app = TestApp::spawn().await;
    let coordinator = app.sign_in_as("coordinator").await;
    // Their own address as family coach: refused, the role stays coordinator.
    let res = app
        .call(
            "invite_person",
            &[
                ("case", "1"),
                ("name", "Ellen"),
                ("role", "mediator"),
                ("relation", ""),
                ("email", "coordinator@demo.invalid"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app_error(res).await.field("email"),
        Some(&Problem::WrongKindOfAccount)
    );
    // The school's address as family coach at a table where it sits: already at the table.
    let res = app
        .call(
            "invite_person",
            &[
                ("case", "1"),
                ("name", "Mark"),
                ("role", "mediator"),
                ("relation", ""),
                ("email", "school@demo.invalid"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(
        app_error(res).await.field("email"),
        Some(&Problem::AlreadyAtTable)
    );
    let roles: Vec<String> =
        sqlx::query_scalar("SELECT role FROM memberships WHERE case_id = 1 ORDER BY person_id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(
        roles,
        [
            "parent",
            "young",
            "mediator",
            "school",
            "care",
            "coordinator"
        ]
    );
    // A parent's address never becomes the child's.
    let res = app
        .call(
            "invite_person",
            &[
                ("case", "1"),
                ("name", "Sam"),
                ("role", "young"),
                ("relation", ""),
                ("email", "ouder@demo.invalid"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(
        app_error(res).await.field("email"),
        Some(&Problem::WrongKindOfAccount)
    );
    // A coach makes no professional accounts and no coordinators.
    let coach = app.sign_in_as("mediator").await;
    let res = app
        .call(
            "invite_person",
            &[
                ("case", "1"),
                ("name", "X"),
                ("role", "school"),
                ("relation", ""),
                ("email", "new@school.example"),
            ],
            Some(&coach),
        )
        .await;
    assert_eq!(
        app_error(res).await.field("role"),
        Some(&Problem::CoordinatorMakesProfessionals)
    );
    let res = app
        .call(
            "invite_person",
            &[
                ("case", "1"),
                ("name", "X"),
                ("role", "coordinator"),
                ("relation", ""),
                ("email", "boss@example.org"),
            ],
            Some(&coach),
        )
        .await;
    assert_eq!(
        app_error(res).await.field("role"),
        Some(&Problem::NoNewCoordinators)
    );
}

#[tokio::test]
async fn removal_and_disabling_end_access_on_the_next_request() {
    let app = TestApp::spawn().await;
    let coordinator = app.sign_in_as("coordinator").await;
    let school = app.sign_in_as("school").await;
    assert_eq!(
        app.call("load_case", &[("case", "1")], Some(&school))
            .await
            .status(),
        StatusCode::OK
    );
    let school_id = person_id(&app, "school@demo.invalid").await;
    let res = app
        .call(
            "remove_person",
            &[("case", "1"), ("person", &school_id.to_string())],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.call("load_case", &[("case", "1")], Some(&school))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let html = body_text(app.get("/cases/1", Some(&coordinator)).await).await;
    assert!(
        html.contains("haalde Mark Jansen (School) van tafel"),
        "the removal is shown"
    );
    // Disabling: every session ends at once, and the password no longer works.
    let care = app.sign_in_as("care").await;
    let care_id = person_id(&app, "jeugdhulp@demo.invalid").await;
    let res = app
        .call(
            "disable_account",
            &[("person", &care_id.to_string())],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.call("load_case", &[("case", "1")], Some(&care))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let again = app
        .call(
            "sign_in",
            &[
                ("email", "jeugdhulp@demo.invalid"),
                ("password", TEST_PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(app_error(again).await, AppError::WrongCredentials);
    // A family account is never switched off by hand: its owner keeps the way to their data.
    let parent_id = person_id(&app, "ouder@demo.invalid").await;
    let res = app
        .call(
            "disable_account",
            &[("person", &parent_id.to_string())],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Only a coordinator disables.
    let coach = app.sign_in_as("mediator").await;
    let res = app
        .call(
            "disable_account",
            &[("person", &school_id.to_string())],
            Some(&coach),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_closed_case_is_read_only() {
    let app = TestApp::spawn().await;
    let coordinator = app.sign_in_as("coordinator").await;
    let coach = app.sign_in_as("mediator").await;
    assert_eq!(
        app.call("close_case", &[("case", "1")], Some(&coach))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call("close_case", &[("case", "1")], Some(&coordinator))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call("load_case", &[("case", "1")], Some(&coach))
            .await
            .status(),
        StatusCode::OK
    );
    let parent = app.sign_in_as("parent").await;
    let res = app
        .call(
            "save_answer",
            &[
                ("meeting", "1"),
                ("question", "worries"),
                ("body", "x"),
                ("sharing", "me"),
                ("base_version", "0"),
                ("op", "closed-1"),
            ],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(app_error(res).await, AppError::CaseClosed);
}

#[tokio::test]
async fn a_lost_link_is_replaced_for_the_same_person() {
    let app = TestApp::spawn().await;
    let old = app.demo_token("parent").await;
    let parent = app.sign_in_as("parent").await;
    let coach = app.sign_in_as("mediator").await;
    let parent_id = person_id(&app, "ouder@demo.invalid").await;
    let people_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let res = app
        .post_plain(
            "new_family_link",
            &[("case", "1"), ("person", &parent_id.to_string())],
            Some(&coach),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let path = format!("/cases/1/people/{parent_id}/link");
    assert_eq!(location(&res), path);
    let flash = cookie_named(&res, "at_link").expect("the link waits for the next page");
    let html = body_text(app.get(&path, Some(&format!("{coach}; {flash}"))).await).await;
    assert!(html.contains("<svg"), "a QR code to scan");
    let start = html.find("/invite/").unwrap() + "/invite/".len();
    let token = html[start..start + 43].to_string();
    // The parent's other sessions ended, the old link no longer works, nobody was added.
    assert_eq!(
        app.call("load_case", &[("case", "1")], Some(&parent))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let res = app
        .call(
            "accept_invitation",
            &[("token", &old), ("own_device", "yes")],
            None,
        )
        .await;
    assert!(matches!(app_error(res).await, AppError::Link(_)));
    let people_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(people_before, people_after);
    // The new link signs in the same person, who is told who made it.
    let res = app
        .call(
            "accept_invitation",
            &[("token", &token), ("own_device", "yes")],
            None,
        )
        .await;
    let cookie = session_cookie(&res).unwrap();
    let notice = cookie_named(&res, "at_notice").expect("a notice waits");
    let viewer = json(
        app.call("viewer", &[], Some(&format!("{cookie}; {notice}")))
            .await,
    )
    .await;
    assert_eq!(viewer["id"], parent_id);
    assert!(
        viewer["notices"][0]
            .as_str()
            .unwrap()
            .starts_with("Joyce de Vries heeft op "),
        "{viewer}"
    );
    // A coach cannot make links for professionals this way, nor can the school.
    let school = app.sign_in_as("school").await;
    let res = app
        .call(
            "new_family_link",
            &[("case", "1"), ("person", &parent_id.to_string())],
            Some(&school),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pages_carry_a_csp_with_a_fresh_nonce_and_no_store() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let a = app.get("/cases/1", Some(&parent)).await;
    let b = app.get("/cases/1", Some(&parent)).await;
    let csp = |r: &axum::http::Response<axum::body::Body>| {
        r.headers()
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string()
    };
    let (ca, cb) = (csp(&a), csp(&b));
    assert!(
        ca.contains("script-src 'nonce-")
            && ca.contains("'strict-dynamic'")
            && !ca.contains("'unsafe-inline'"),
        "{ca}"
    );
    assert!(
        ca.contains("frame-ancestors 'none'")
            && ca.contains("base-uri 'none'")
            && ca.contains("form-action 'self'")
    );
    assert_ne!(ca, cb, "a fresh nonce per response");
    assert_eq!(a.headers().get(header::CACHE_CONTROL).unwrap(), "no-store");
    assert!(a.headers().contains_key("permissions-policy"));
    let api = app.call("load_case", &[("case", "1")], Some(&parent)).await;
    assert_eq!(
        api.headers().get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );
    let missing = app.get("/pkg/nothing-here.js", None).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_ne!(
        missing.headers().get(header::CACHE_CONTROL).unwrap(),
        "public, max-age=31536000, immutable"
    );
    // An outsider gets 404 on the invite page too.
    let coordinator = app.sign_in_as("coordinator").await;
    app.post_plain(
        "create_case",
        &[("first_name", "Lina"), ("age_band", "8-11")],
        Some(&coordinator),
    )
    .await;
    let res = app.get("/cases/1/invite", Some(&parent)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let outsider = app
        .invite_and_sign_in(&coordinator, "2", "Ouder van Lina", "parent")
        .await;
    assert_eq!(
        app.get("/cases/1/invite", Some(&outsider)).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_coordinator_sets_up_a_school_on_the_page_not_the_command_line() {
    let app = TestApp::spawn().await;
    let coordinator = app.sign_in_as("coordinator").await;
    let res = app
        .call(
            "add_school",
            &[("name", "De Regenboog")],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Only an account of a school professional can keep the profile.
    let res = app
        .call(
            "add_school_staff",
            &[("school", "2"), ("email", "ouder@demo.invalid")],
            Some(&coordinator),
        )
        .await;
    assert_eq!(
        app_error(res).await.field("staff_email"),
        Some(&Problem::WrongKindOfAccount)
    );
    let res = app
        .call(
            "add_school_staff",
            &[("school", "2"), ("email", "school@demo.invalid")],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let school = app.sign_in_as("school").await;
    let res = app
        .call(
            "save_offer",
            &[
                ("school", "2"),
                ("kind", "basic"),
                ("title", "Huiswerkklas"),
                ("explanation", "Elke middag na school."),
            ],
            Some(&school),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the new staff member keeps the profile"
    );
    let res = app
        .call(
            "set_case_school",
            &[("case", "1"), ("school", "2")],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = body_text(app.get("/schools", Some(&coordinator)).await).await;
    assert!(
        html.contains("De Regenboog") && !html.contains("nog geen school"),
        "the page shows the new school and that Sam's case has one: {html}"
    );
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_and_clears_the_phone() {
    let app = TestApp::spawn().await;
    let phone = app.sign_in_as("parent").await;
    let laptop = app.sign_in_as("parent").await;
    let res = app
        .post_plain("sign_out_everywhere", &[], Some(&phone))
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers().get("clear-site-data").unwrap(),
        "\"storage\"",
        "unsent answers on this phone are cleared too"
    );
    for cookie in [&phone, &laptop] {
        let res = app.call("load_case", &[("case", "1")], Some(cookie)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // The home page offers it to everyone signed in.
    let coach = app.sign_in_as("mediator").await;
    let html = body_text(app.get("/", Some(&coach)).await).await;
    assert!(html.contains("Uitloggen op alle apparaten"));
}
