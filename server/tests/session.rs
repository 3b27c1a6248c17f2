//! Sessions of professionals and passkeys, through the HTTP router with a clock the test moves:
//! the session ends after the idle time and after 12 hours at most; looking how long it lasts
//! never extends it, "Blijf ingelogd" does; signing in again in place is refused for anyone
//! else; once someone has a passkey, a password alone no longer signs them in; passkey
//! ceremonies refuse made-up answers, work once, and count failures like wrong passwords.

use crate::common::*;
use app::error::{AppError, Problem};
use axum::http::StatusCode;

async fn left(app: &TestApp, cookie: &str) -> Result<i64, StatusCode> {
    let res = app.call("session_left", &[], Some(cookie)).await;
    if res.status() != StatusCode::OK {
        return Err(res.status());
    }
    Ok(json(res).await["seconds"].as_i64().expect("seconds"))
}

#[tokio::test]
async fn an_idle_professional_session_ends_and_looking_does_not_extend_it() {
    let app = TestApp::spawn_with_clock().await;
    let clock = app.state.config.clock.clone();
    let coach = app.sign_in_as("mediator").await;
    assert_eq!(left(&app, &coach).await, Ok(3600));
    clock.advance(3000);
    // Asking how long is left is not use: the time keeps running.
    assert_eq!(left(&app, &coach).await, Ok(600));
    assert_eq!(left(&app, &coach).await, Ok(600));
    clock.advance(601);
    assert_eq!(left(&app, &coach).await, Err(StatusCode::UNAUTHORIZED));
    let res = app.get("/cases/1", Some(&coach)).await;
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "the case page is gone too"
    );
    // The session was ended for good: other calls are refused as well.
    let res = app.call("my_overview", &[], Some(&coach)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn stay_signed_in_starts_the_idle_time_again_but_twelve_hours_is_the_end() {
    let app = TestApp::spawn_with_clock().await;
    let clock = app.state.config.clock.clone();
    let coach = app.sign_in_as("mediator").await;
    clock.advance(3300);
    assert_eq!(left(&app, &coach).await, Ok(300), "the warning moment");
    let res = app.call("keep_signed_in", &[], Some(&coach)).await;
    assert_eq!(json(res).await["seconds"], 3600);
    clock.advance(3300);
    assert_eq!(
        left(&app, &coach).await,
        Ok(300),
        "still signed in after 110 minutes"
    );
    // Used every 55 minutes, the session still ends 12 hours after sign-in.
    let mut used = 2 * 3300;
    while used + 3300 < 12 * 3600 {
        let res = app.call("keep_signed_in", &[], Some(&coach)).await;
        assert_eq!(res.status(), StatusCode::OK, "at {used} s");
        clock.advance(3300);
        used += 3300;
    }
    let res = app.call("keep_signed_in", &[], Some(&coach)).await;
    let seconds = json(res).await["seconds"].as_i64().unwrap();
    assert_eq!(seconds, 12 * 3600 - used, "never past 12 hours");
    clock.advance(seconds + 1);
    assert_eq!(left(&app, &coach).await, Err(StatusCode::UNAUTHORIZED));
}

#[tokio::test]
async fn family_sessions_have_no_idle_clock() {
    let app = TestApp::spawn_with_clock().await;
    let parent = app.sign_in_as("parent").await;
    assert_eq!(left(&app, &parent).await, Err(StatusCode::FORBIDDEN));
    app.state.config.clock.advance(5 * 3600);
    let res = app.call("my_overview", &[], Some(&parent)).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "a parent is not signed out after 5 idle hours"
    );
}

/// Signs in with a role's password (it must work) and returns the notices shown right after.
async fn notices_at_sign_in(app: &TestApp, role: &str) -> Vec<String> {
    let res = app
        .call(
            "sign_in",
            &[("email", demo_email(role)), ("password", TEST_PASSWORD)],
            None,
        )
        .await;
    let cookie = session_cookie(&res).expect("signed in with the password");
    let notice = cookie_named(&res, "at_notice").expect("a notice waits");
    let viewer = json(
        app.call("viewer", &[], Some(&format!("{cookie}; {notice}")))
            .await,
    )
    .await;
    serde_json::from_value(viewer["notices"].clone()).unwrap()
}

/// Signs in with a role's password as the in-place dialog does, for the page of `same_person`.
async fn sign_in_for_page(
    app: &TestApp,
    role: &str,
    same_person: &str,
) -> axum::http::Response<axum::body::Body> {
    app.call(
        "sign_in",
        &[
            ("email", demo_email(role)),
            ("password", TEST_PASSWORD),
            ("same_person", same_person),
        ],
        None,
    )
    .await
}

#[tokio::test]
async fn signing_in_again_in_place_is_only_for_the_same_person() {
    let app = TestApp::spawn().await;
    let coach = person_id(&app, demo_email("mediator")).await.to_string();
    let res = sign_in_for_page(&app, "school", &coach).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(
        session_cookie(&res).is_none(),
        "no session for the other person"
    );
    let res = sign_in_for_page(&app, "mediator", &coach).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(session_cookie(&res).is_some());
}

#[tokio::test]
async fn a_password_alone_no_longer_signs_in_someone_with_a_passkey() {
    let app = TestApp::spawn().await;
    let school = app::domain::PersonId(person_id(&app, demo_email("school")).await);
    let id = app
        .state
        .store
        .add_passkey(school, "Y3JlZA", "Laptop", "{}", 1)
        .await
        .unwrap();
    let form = [("email", demo_email("school")), ("password", TEST_PASSWORD)];
    let res = app.call("sign_in", &form, None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(
        session_cookie(&res).is_none(),
        "no session with the password alone"
    );
    assert!(message(&res).contains("passkey"), "{}", message(&res));
    assert!(matches!(
        app_error(res).await,
        AppError::PasskeyNeeded { .. }
    ));
    // Without JavaScript the sign-in page comes back with the address still filled in.
    let res = app
        .post_plain_from("/sign-in", "sign_in", &form, None)
        .await;
    assert_eq!(location(&res), "/sign-in");
    assert!(session_cookie(&res).is_none());
    let flash = cookie_named(&res, "at_flash").expect("error flash");
    let page = body_text(app.get("/sign-in", Some(&flash)).await).await;
    assert!(page.contains("Dit account logt in met een passkey"));
    assert!(page.contains(&format!("value=\"{}\"", demo_email("school"))));
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in.passkey_needed' AND person_id = $1",
    )
    .bind(school.0)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(logged, 2);
    // A wrong password gets the same answer, so the answer never confirms a password; it still
    // counts as a failed try.
    let res = app
        .call(
            "sign_in",
            &[
                ("email", demo_email("school")),
                ("password", "wrong-password-1"),
            ],
            None,
        )
        .await;
    assert!(matches!(
        app_error(res).await,
        AppError::PasskeyNeeded { .. }
    ));
    let failed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in.failed' AND target LIKE '%method:password'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(failed, 1);
    // Without the passkey, the password works again.
    assert!(app.state.store.remove_passkey(school, id).await.unwrap());
    let res = app.call("sign_in", &form, None).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn passkeys_are_off_at_an_ip_address() {
    let app = TestApp::spawn().await;
    let coach = app.sign_in_as("mediator").await;
    let res = app
        .call("passkey_add_start", &[("name", "Laptop")], Some(&coach))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(matches!(app_error(res).await, AppError::PasskeysOff));
    let page = body_text(app.get("/sign-in", None).await).await;
    assert!(
        !page.contains("passkey-sign-in"),
        "no passkey button where passkeys cannot work"
    );
}

#[tokio::test]
async fn adding_a_passkey_checks_its_name_and_refuses_a_made_up_answer_once_and_for_all() {
    let app = TestApp::spawn_with("http://localhost:3000", app::ctx::Clock::system()).await;
    let coach = app.sign_in_as("mediator").await;
    let res = app
        .call("passkey_add_start", &[("name", "  ")], Some(&coach))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app_error(res).await.field("passkey-name"),
        Some(&Problem::Required)
    );
    let long = "x".repeat(61);
    let res = app
        .call("passkey_add_start", &[("name", &long)], Some(&coach))
        .await;
    assert_eq!(
        app_error(res).await.field("passkey-name"),
        Some(&Problem::TooLong { max: 60 })
    );

    let res = app
        .call("passkey_add_start", &[("name", "Laptop")], Some(&coach))
        .await;
    let c = json(res).await;
    let ceremony = c["id"].as_str().unwrap().to_string();
    let options: serde_json::Value = serde_json::from_str(c["options"].as_str().unwrap()).unwrap();
    let pk = &options["publicKey"];
    assert_eq!(pk["rp"]["id"], "localhost");
    assert_eq!(pk["user"]["name"], demo_email("mediator"));
    assert_eq!(pk["authenticatorSelection"]["userVerification"], "required");
    assert!(pk["challenge"].as_str().is_some_and(|c| c.len() >= 43));
    // The user handle says nothing about the person: not their id, not their address.
    let handle = pk["user"]["id"].as_str().unwrap();
    assert!(handle.len() >= 22 && !handle.contains("mediator"));

    // Another professional cannot finish this ceremony, and a made-up answer adds nothing.
    let school = app.sign_in_as("school").await;
    let finish = [
        ("ceremony", ceremony.as_str()),
        ("credential", "{}"),
        ("name", "Laptop"),
    ];
    let res = app.call("passkey_add_finish", &finish, Some(&school)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.call("passkey_add_finish", &finish, Some(&coach)).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "used up by the first try"
    );
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM passkeys")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 0);
    // Families have no passkeys.
    let parent = app.sign_in_as("parent").await;
    let res = app
        .call("passkey_add_start", &[("name", "Telefoon")], Some(&parent))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn passkey_sign_in_refuses_unknown_addresses_and_slows_down_like_passwords() {
    let app = TestApp::spawn_with("http://localhost:3000", app::ctx::Clock::system()).await;
    // Nobody has a passkey yet: every try fails, and after three the account waits.
    for _ in 0..3 {
        let res = app
            .call(
                "passkey_sign_in_start",
                &[("email", demo_email("school"))],
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app
        .call(
            "passkey_sign_in_start",
            &[("email", demo_email("school"))],
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    let res = app
        .call("passkey_sign_in_start", &[("email", "")], None)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A made-up ceremony signs nobody in.
    let res = app
        .call(
            "passkey_sign_in_finish",
            &[
                ("ceremony", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                ("credential", "{}"),
            ],
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(session_cookie(&res).is_none());
    let failed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in.failed' AND target LIKE '%method:passkey'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        failed, 3,
        "each failed try is in the security log, without the address"
    );
}

#[tokio::test]
async fn the_security_page_lists_and_removes_only_ones_own_passkeys() {
    let app = TestApp::spawn_with("http://localhost:3000", app::ctx::Clock::system()).await;
    let coach = app.sign_in_as("mediator").await;
    let school = app.sign_in_as("school").await;
    let coach_id = app::domain::PersonId(person_id(&app, demo_email("mediator")).await);
    let id = app
        .state
        .store
        .add_passkey(coach_id, "Y3JlZDE", "Laptop op kantoor", "{}", 1)
        .await
        .unwrap();
    let page = body_text(app.get("/security", Some(&coach)).await).await;
    assert!(page.contains("Laptop op kantoor"));
    assert!(page.contains("id=\"passkey-add\""));
    let page = body_text(app.get("/security", Some(&school)).await).await;
    assert!(
        !page.contains("Laptop op kantoor"),
        "nobody sees another's passkeys"
    );
    let res = app
        .call("passkey_remove", &[("id", &id.to_string())], Some(&school))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .post_plain("passkey_remove", &[("id", &id.to_string())], Some(&coach))
        .await;
    assert_eq!(location(&res), "/security");
    assert!(!app.state.store.has_passkey(coach_id).await.unwrap());
    // The same credential cannot be kept twice.
    app.state
        .store
        .add_passkey(coach_id, "Y3JlZDI", "A", "{}", 1)
        .await
        .unwrap();
    let again = app
        .state
        .store
        .add_passkey(coach_id, "Y3JlZDI", "B", "{}", 1)
        .await;
    assert!(matches!(again, Err(app::store::StoreError::Unique(_))));
}

#[tokio::test]
async fn a_page_asks_for_its_own_person_and_hears_signed_out_for_anyone_else() {
    let app = TestApp::spawn().await;
    let coach = app.sign_in_as("mediator").await;
    let coach_id = person_id(&app, demo_email("mediator")).await.to_string();
    let school_id = person_id(&app, demo_email("school")).await.to_string();
    let res = app
        .call("session_left", &[("person", &coach_id)], Some(&coach))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Someone else signed in in this browser since the page was made: nothing typed on that
    // page may go out under their name.
    let res = app
        .call("session_left", &[("person", &school_id)], Some(&coach))
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .call("keep_signed_in", &[("person", &school_id)], Some(&coach))
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_password_link_never_signs_past_a_passkey() {
    let app = TestApp::spawn().await;
    let school = app::domain::PersonId(person_id(&app, demo_email("school")).await);
    let coordinator = app::domain::PersonId(person_id(&app, demo_email("coordinator")).await);
    app.state
        .store
        .add_passkey(school, "Y3JlZA", "Laptop", "{}", 1)
        .await
        .unwrap();
    let (_, link) = app::auth::service::invite(&app.state, school, None, Some(coordinator))
        .await
        .unwrap();
    let token = link.rsplit('/').next().unwrap();
    let new = "een-heel-nieuw-wachtwoord";
    let res = app
        .call(
            "accept_invitation",
            &[("token", token), ("password", new), ("password2", new)],
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(session_cookie(&res).is_none(), "the link signs nobody in");
    assert_eq!(location(&res), "/sign-in");
    // The new password is kept, but alone it does not sign in.
    let res = app
        .call(
            "sign_in",
            &[("email", demo_email("school")), ("password", new)],
            None,
        )
        .await;
    assert!(matches!(
        app_error(res).await,
        AppError::PasskeyNeeded { .. }
    ));
}

#[tokio::test]
async fn adding_a_passkey_needs_a_recent_sign_in_and_removing_one_is_told() {
    let app = TestApp::spawn_with(
        "http://localhost:3000",
        app::ctx::Clock::fixed(1_900_000_000),
    )
    .await;
    let coach = app.sign_in_as("mediator").await;
    app.state.config.clock.advance(16 * 60);
    app.call("keep_signed_in", &[], Some(&coach)).await;
    let res = app
        .call("passkey_add_start", &[("name", "Laptop")], Some(&coach))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(matches!(app_error(res).await, AppError::RecentSignInNeeded));
    // Signed in again, it works.
    let coach = app.sign_in_as("mediator").await;
    let res = app
        .call("passkey_add_start", &[("name", "Laptop")], Some(&coach))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let coach_id = app::domain::PersonId(person_id(&app, demo_email("mediator")).await);
    let id = app
        .state
        .store
        .add_passkey(coach_id, "Y3JlZA", "Laptop", "{}", 1)
        .await
        .unwrap();
    let res = app
        .call("passkey_remove", &[("id", &id.to_string())], Some(&coach))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let notices = notices_at_sign_in(&app, "mediator").await;
    assert!(
        notices
            .iter()
            .any(|n| n.contains("passkey van uw account weggehaald")),
        "{notices:?}"
    );
}

#[tokio::test]
async fn a_coordinator_takes_away_lost_passkeys_and_the_password_works_again() {
    let app = TestApp::spawn().await;
    let coordinator = app.sign_in_as("coordinator").await;
    let school = app.sign_in_as("school").await;
    let coach = person_id(&app, demo_email("mediator")).await;
    let coach_id = app::domain::PersonId(coach);
    for cred in ["Y3JlZDE", "Y3JlZDI"] {
        app.state
            .store
            .add_passkey(coach_id, cred, "Telefoon", "{}", 1)
            .await
            .unwrap();
    }
    let page = body_text(app.get("/accounts", Some(&coordinator)).await).await;
    assert!(page.contains("· 2 passkeys"));
    let form = [("person", coach.to_string())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = app.call("remove_passkeys", &form, Some(&school)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "only a coordinator");
    assert!(app.state.store.has_passkey(coach_id).await.unwrap());
    let res = app
        .post_plain("remove_passkeys", &form, Some(&coordinator))
        .await;
    assert_eq!(location(&res), "/accounts");
    assert!(!app.state.store.has_passkey(coach_id).await.unwrap());
    // The password signs in again, and the coach reads who took the passkeys away.
    let notices = notices_at_sign_in(&app, "mediator").await;
    assert!(notices[0].contains("passkey van uw account weggehaald"));
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'passkey.removed_all' AND target = $1",
    )
    .bind(format!("person:{coach}:passkeys:2"))
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(logged, 1);
}

/// The daily job keeps ended sign-in records for 90 days, then deletes them (time moved by the
/// test's clock, never by waiting).
#[tokio::test]
async fn ended_sessions_are_kept_for_90_days_and_then_deleted() {
    let app = TestApp::spawn_with_clock().await;
    let clock = app.state.config.clock.clone();
    app.sign_in_as("parent").await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sessions")
            .fetch_one(&app.db)
            .await
            .unwrap()
    };
    assert_eq!(count().await, 1);
    // A parent's session on their own phone lasts 30 days; 89 days after that it is still kept.
    clock.advance((app.state.config.session_days + 89) * 86_400);
    let gone = app::auth::retention::prune(&app.state, clock.now())
        .await
        .unwrap();
    assert_eq!(gone.sessions, 0);
    assert!(
        gone.invitations >= 1,
        "the link used on day 0 ended long enough ago"
    );
    assert_eq!(count().await, 1);
    clock.advance(2 * 86_400);
    let gone = app::auth::retention::prune(&app.state, clock.now())
        .await
        .unwrap();
    assert_eq!(gone.sessions, 1);
    assert_eq!(count().await, 0);
}

/// The frame around every page follows who is signed in: a professional's pages carry the
/// session guard and the sign-out button with their name; a parent's pages carry the sign-out
/// button but no guard (no idle time for families); a page without a session carries neither.
#[tokio::test]
async fn the_page_frame_shows_sign_out_and_the_guard_to_whom_they_belong() {
    let app = TestApp::spawn().await;
    let coach = app.sign_in_as("mediator").await;
    let parent = app.sign_in_as("parent").await;
    let sign_out = "action=\"/api/sign_out\"";
    let guard = "id=\"session-guard\"";
    for path in ["/", "/cases/1", "/meetings/1"] {
        let html = body_text(app.get(path, Some(&coach)).await).await;
        assert!(html.contains(sign_out), "{path} as coach: sign out");
        assert!(html.contains(guard), "{path} as coach: session guard");
        assert!(
            html.contains("href=\"/security\""),
            "{path} as coach: safety"
        );
        let html = body_text(app.get(path, Some(&parent)).await).await;
        assert!(html.contains(sign_out), "{path} as parent: sign out");
        assert!(!html.contains(guard), "{path} as parent: no guard");
        assert!(html.contains("href=\"/seen\""), "{path} as parent: who saw");
    }
    let html = body_text(app.get("/sign-in", None).await).await;
    assert!(!html.contains(sign_out), "signed out: no sign-out button");
    assert!(!html.contains(guard), "signed out: no guard");
}

/// A form sent without JavaScript that had a problem keeps what was typed for the browser's next
/// page (a one-time message behind the `at_flash` cookie). Signing out forgets it, and so does
/// someone signing in: on a shared phone the next person never sees what the one before typed,
/// not even with the old cookie.
#[tokio::test]
async fn signing_out_or_in_forgets_what_a_form_kept_for_the_browser() {
    let app = TestApp::spawn().await;
    let typed = |html: &str| html.contains("value=\"Lokaal 12\"");
    let forgotten = |res: &axum::http::Response<axum::body::Body>| {
        set_cookies(res)
            .iter()
            .any(|c| c.starts_with("at_flash=;") && c.contains("Max-Age=0"))
    };
    let mediator = app.sign_in_as("mediator").await;
    let coordinator = app.sign_in_as("coordinator").await;

    // Kept: the same person's next page shows what they typed.
    let flash = app.keep_form_error(&mediator).await;
    let page = app
        .get(
            "/cases/1/meetings/new",
            Some(&format!("{mediator}; {flash}")),
        )
        .await;
    assert!(typed(&body_text(page).await), "the typed place comes back");

    // Signing out forgets it.
    let flash = app.keep_form_error(&mediator).await;
    let res = app
        .post_plain("sign_out", &[], Some(&format!("{mediator}; {flash}")))
        .await;
    assert!(forgotten(&res), "sign-out clears the cookie");
    let page = app
        .get(
            "/cases/1/meetings/new",
            Some(&format!("{coordinator}; {flash}")),
        )
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(!typed(&body_text(page).await), "gone after sign-out");

    // Someone signing in on the same browser forgets it too.
    let flash = app.keep_form_error(&coordinator).await;
    let res = app
        .call(
            "sign_in",
            &[
                ("email", demo_email("mediator")),
                ("password", TEST_PASSWORD),
            ],
            Some(&flash),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(forgotten(&res), "sign-in clears the cookie");
    let mediator = session_cookie(&res).expect("signed in");
    let page = app
        .get(
            "/cases/1/meetings/new",
            Some(&format!("{mediator}; {flash}")),
        )
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        !typed(&body_text(page).await),
        "gone after someone signed in"
    );
}
