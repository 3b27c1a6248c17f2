//! Signing in, through the HTTP router on a real SQLite file: invitation links (valid, expired,
//! reused, revoked, unknown), professional passwords (right, wrong, rate limited), sessions.

use crate::common::*;
use app::error::{AppError, LinkProblem};
use axum::http::StatusCode;

#[tokio::test]
async fn a_valid_link_signs_in_once_with_a_safe_cookie() {
    let app = TestApp::spawn().await;
    let token = app.demo_token("parent").await;

    // The invitation page shows who it is for, without using the link.
    let info = app.call("invitation", &[("token", &token)], None).await;
    assert_eq!(info.status(), StatusCode::OK);
    assert!(body_text(info).await.contains("Fatima Bakker"));

    // A plain form post (no JavaScript) is redirected to the case, with a session cookie.
    let res = app
        .post_plain(
            "accept_invitation",
            &[("token", &token), ("own_device", "yes")],
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/cases/1");
    let cookie = set_cookies(&res)
        .into_iter()
        .find(|c| c.starts_with("at_session="))
        .expect("cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http must not set Secure: {cookie}"
    );
    let session = cookie.split(';').next().unwrap().to_string();

    // The session works.
    let page = app.get("/cases/1", Some(&session)).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(body_text(page).await.contains("Aan tafel voor Sam"));

    // The same link again: used.
    let again = app
        .call(
            "accept_invitation",
            &[("token", &token), ("own_device", "yes")],
            None,
        )
        .await;
    assert_eq!(app_error(again).await, AppError::Link(LinkProblem::Used));
}

#[tokio::test]
async fn an_expired_link_is_refused_kindly() {
    let app = TestApp::spawn().await;
    let token = app.demo_token("young").await;
    sqlx::query("UPDATE invitations SET expires_at = 1")
        .execute(&app.db)
        .await
        .unwrap();
    let res = app
        .call(
            "accept_invitation",
            &[("token", &token), ("own_device", "yes")],
            None,
        )
        .await;
    assert!(crate::common::session_cookie(&res).is_none());
    assert_eq!(app_error(res).await, AppError::Link(LinkProblem::Expired));
    // Without JavaScript the person lands back on the page; the message waits on the server,
    // never in the address.
    let res = app
        .post_plain(
            "accept_invitation",
            &[("token", &token), ("own_device", "yes")],
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(!location(&res).contains("__err="), "{}", location(&res));
    assert!(set_cookies(&res).iter().any(|c| c.starts_with("at_flash=")));
}

#[tokio::test]
async fn a_revoked_link_is_refused() {
    let app = TestApp::spawn().await;
    let coordinator = app.sign_in_as("coordinator").await;
    let token = app.demo_token("parent").await;
    let id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM invitations WHERE person_id = (SELECT id FROM people WHERE email = 'ouder@demo.invalid')")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let res = app
        .call(
            "revoke_invitation",
            &[("case", "1"), ("invitation", &id.to_string())],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", body_text(res).await);
    let res = app
        .call(
            "accept_invitation",
            &[("token", &token), ("own_device", "yes")],
            None,
        )
        .await;
    assert_eq!(app_error(res).await, AppError::Link(LinkProblem::Revoked));
    let info = app.call("invitation", &[("token", &token)], None).await;
    assert_eq!(app_error(info).await, AppError::Link(LinkProblem::Revoked));
}

#[tokio::test]
async fn unknown_and_malformed_links_say_so() {
    let app = TestApp::spawn().await;
    for token in [
        "",
        "short",
        &"A".repeat(43),
        "<script>alert(1)</script>",
        &"x".repeat(5000),
    ] {
        let res = app
            .call("accept_invitation", &[("token", token)], None)
            .await;
        assert_eq!(
            app_error(res).await,
            AppError::Link(LinkProblem::Unknown),
            "{token:.20}"
        );
    }
}

#[tokio::test]
async fn professional_sign_in_right_and_wrong() {
    let app = TestApp::spawn().await;
    let pw = crate::common::TEST_PASSWORD;
    let res = app
        .post_plain(
            "sign_in",
            &[("email", "School@Demo.invalid "), ("password", pw)],
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/");
    let cookie = session_cookie(&res).expect("cookie");
    let home = app.get("/", Some(&cookie)).await;
    assert!(body_text(home).await.contains("Mijn gesprekken"));

    let wrong = app
        .call(
            "sign_in",
            &[("email", "school@demo.invalid"), ("password", "nope")],
            None,
        )
        .await;
    assert!(session_cookie(&wrong).is_none());
    assert_eq!(app_error(wrong).await, AppError::WrongCredentials);

    // An unknown address gets exactly the same answer.
    let unknown = app
        .call(
            "sign_in",
            &[("email", "nobody@demo.invalid"), ("password", pw)],
            None,
        )
        .await;
    assert_eq!(app_error(unknown).await, AppError::WrongCredentials);

    // A family account has no password sign-in, even with the demo password.
    let family = app
        .call(
            "sign_in",
            &[("email", "ouder@demo.invalid"), ("password", pw)],
            None,
        )
        .await;
    assert_eq!(app_error(family).await, AppError::WrongCredentials);

    // Empty fields: a field error each, and the email typed is kept.
    let empty = app
        .call("sign_in", &[("email", ""), ("password", "")], None)
        .await;
    let err = app_error(empty).await;
    assert!(
        err.field("email").is_some() && err.field("password").is_some(),
        "{err:?}"
    );
}

#[tokio::test]
async fn repeated_failures_slow_down_the_account_but_never_lock_it() {
    let app = TestApp::spawn().await;
    let pw = crate::common::TEST_PASSWORD;
    for _ in 0..5 {
        // Controlled time: a minute passes between tries (the failures move into the past).
        sqlx::query("UPDATE sign_in_failures SET at = at - 60")
            .execute(&app.db)
            .await
            .unwrap();
        let res = app
            .call(
                "sign_in",
                &[("email", "jeugdhulp@demo.invalid"), ("password", "wrong")],
                None,
            )
            .await;
        assert_eq!(app_error(res).await, AppError::WrongCredentials);
    }
    // Now even the right password is refused for a while.
    let res = app
        .call(
            "sign_in",
            &[("email", "jeugdhulp@demo.invalid"), ("password", pw)],
            None,
        )
        .await;
    assert!(session_cookie(&res).is_none());
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // 5 failures: 3 free, then 1 s doubling, so the next try waits 4 s after the last failure.
    let err = app_error(res).await;
    assert!(
        matches!(err, AppError::TooManyAttempts { seconds } if (1..=4).contains(&seconds)),
        "{err:?}"
    );
    // Another address is not affected.
    let res = app
        .call(
            "sign_in",
            &[("email", "school@demo.invalid"), ("password", pw)],
            None,
        )
        .await;
    assert!(session_cookie(&res).is_some());
    // Once the window has passed, the right password works again.
    sqlx::query("UPDATE sign_in_failures SET at = at - 3600")
        .execute(&app.db)
        .await
        .unwrap();
    let res = app
        .call(
            "sign_in",
            &[("email", "jeugdhulp@demo.invalid"), ("password", pw)],
            None,
        )
        .await;
    assert!(session_cookie(&res).is_some());
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    let cookie = app.sign_in_as("parent").await;
    let res = app.post_plain("sign_out", &[], Some(&cookie)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(set_cookies(&res)
        .iter()
        .any(|c| c.starts_with("at_session=;") && c.contains("Max-Age=0")));
    // The old cookie no longer works, even if a browser kept it.
    let res = app.call("load_case", &[("case", "1")], Some(&cookie)).await;
    assert_eq!(app_error(res).await, AppError::SignInNeeded);
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    let app = TestApp::spawn_with_url("https://aantafel.example.nl").await;
    let token = app.demo_token("parent").await;
    let res = app
        .call(
            "accept_invitation",
            &[("token", &token), ("own_device", "yes")],
            None,
        )
        .await;
    let cookie = set_cookies(&res)
        .into_iter()
        .find(|c| c.starts_with("__Host-at_session="))
        .expect("cookie with the __Host- prefix over https");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
    assert!(app.demo_token("young").await.len() == 43);
}

#[tokio::test]
async fn a_professional_chooses_a_password_when_first_invited() {
    let app = TestApp::spawn().await;
    let coordinator = app.sign_in_as("coordinator").await;
    let res = app
        .post_plain(
            "invite_person",
            &[
                ("case", "1"),
                ("name", "Noor Smit"),
                ("role", "school"),
                ("relation", "mentor"),
                ("email", "noor@school.example"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        !location(&res).contains('?'),
        "no link or text in the address"
    );
    let token = app
        .shown_link(&res, &coordinator, "1")
        .await
        .expect("the link is shown once");
    let info = body_text(app.call("invitation", &[("token", &token)], None).await).await;
    assert!(info.contains("\"needs_password\":true"), "{info}");
    let short = app
        .call(
            "accept_invitation",
            &[("token", &token), ("password", "short")],
            None,
        )
        .await;
    assert!(app_error(short).await.field("password").is_some());
    // The failed try did not use the link up.
    let ok = app
        .call(
            "accept_invitation",
            &[
                ("token", &token),
                ("password", "a long enough password"),
                ("password2", "a long enough password"),
            ],
            None,
        )
        .await;
    assert!(session_cookie(&ok).is_some());
    let res = app
        .call(
            "sign_in",
            &[
                ("email", "noor@school.example"),
                ("password", "a long enough password"),
            ],
            None,
        )
        .await;
    assert!(session_cookie(&res).is_some());
}
