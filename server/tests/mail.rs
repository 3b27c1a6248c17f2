//! Mail that reaches people, against a real SMTP server (aiosmtpd, see `common::smtp`): the
//! invitation with its link in the person's language, reminders and news only after a yes, no
//! answer text in any mail, a mail server that is away loses nothing and a retry keeps the
//! `Message-ID`, a restarted portal sends nothing twice, "Stuur mij een nieuwe link", the
//! one-tap stop, and the coach's list of what was sent and what failed.

use crate::common::smtp::{text, to, SmtpProcess};
use crate::common::*;
use app::mail::worker::{run_once, MailReport, Smtp, CLAIM_SECONDS, GIVE_UP_SECONDS};
use axum::http::StatusCode;
use serde_json::Value;

/// Runs the mail worker once on `state`, at the portal's clock.
async fn run_on(state: &app::ctx::AppState) -> MailReport {
    let smtp = Smtp::new(state.config.mail.as_ref().expect("mail on")).expect("smtp");
    run_once(state, &smtp, state.config.clock.now()).await
}

async fn run(app: &TestApp) -> MailReport {
    run_on(&app.state).await
}

/// The sign-in link's token in a mail.
fn token_in(m: &Value) -> String {
    let body = text(m, "text");
    let start = body.find("/invite/").expect("a sign-in link") + "/invite/".len();
    body[start..start + 43].to_string()
}

/// The coordinator opens a second table (case 2, for Lina) and seats someone who already has an
/// account there, by their address.
async fn seat_at_second_table(app: &TestApp, name: &str, role: &str, email: &str) {
    let coordinator = app.sign_in_as("coordinator").await;
    app.post_plain(
        "create_case",
        &[("first_name", "Lina"), ("age_band", "12-15")],
        Some(&coordinator),
    )
    .await;
    let res = app
        .post_plain(
            "invite_person",
            &[
                ("case", "2"),
                ("name", name),
                ("role", role),
                ("relation", ""),
                ("email", email),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "seating {name}");
}

/// The mediator invites someone new to case 1 with an address; returns the link's token.
async fn invite(app: &TestApp, mediator: &str, name: &str, email: &str) -> String {
    let res = app
        .post_plain(
            "invite_person",
            &[
                ("case", "1"),
                ("name", name),
                ("role", "parent"),
                ("relation", "vader"),
                ("email", email),
            ],
            Some(mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "inviting {name}");
    app.shown_link(&res, mediator, "1")
        .await
        .expect("the link is shown to the coach as before")
}

/// The outbox row of the newest mail to an address: (state, message id, attempts).
async fn row(app: &TestApp, email: &str) -> (String, String, i64) {
    let r: (String, String, i64) = sqlx::query_as(
        "SELECT o.state, o.message_id, o.attempts FROM mail_outbox o
         JOIN people p ON p.id = o.person_id WHERE p.email = $1 ORDER BY o.id DESC LIMIT 1",
    )
    .bind(email)
    .fetch_one(&app.db)
    .await
    .expect("an outbox row");
    r
}

#[tokio::test]
async fn an_invitation_arrives_in_the_persons_language_with_a_link_of_its_own() {
    let smtp = SmtpProcess::start();
    let app = TestApp::spawn_with_mail(&smtp.url()).await;
    let mediator = app.sign_in_as("mediator").await;
    let token = invite(&app, &mediator, "Karim Nieuw", "karim@test.invalid").await;
    sqlx::query("UPDATE people SET language = 'en' WHERE email = 'karim@test.invalid'")
        .execute(&app.db)
        .await
        .unwrap();
    let (state, message_id, _) = row(&app, "karim@test.invalid").await;
    assert_eq!(state, "waiting");

    let report = run(&app).await;
    assert_eq!(report.sent, 1, "{report:?}");
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert!(text(m, "rcpt").contains("karim@test.invalid"));
    // No name in the subject (it shows on a locked phone) or in the To: line (it may carry the
    // family's surname); the greeting uses the first name only.
    assert_eq!(text(m, "subject"), "Invitation to a meeting");
    assert_eq!(text(m, "to"), "karim@test.invalid");
    let body = text(m, "text");
    assert!(body.starts_with("Dear Karim,"), "{body}");
    assert!(!body.contains("Nieuw"), "{body}");
    assert!(
        body.contains("Joyce de Vries invites you to the meeting about Sam"),
        "{body}"
    );
    let mailed = token_in(m);
    assert_ne!(
        mailed, token,
        "the mail has a link of its own, made when it was sent"
    );
    assert!(
        body.contains(&format!("http://127.0.0.1:3000/invite/{mailed}")),
        "{body}"
    );
    assert!(text(m, "html").contains("lang=\"en\""));
    assert!(text(m, "html").contains(&format!("/invite/{mailed}")));
    assert_eq!(text(m, "message_id"), message_id);
    assert!(text(m, "list_unsubscribe").starts_with("<http://127.0.0.1:3000/mail/stop/"));
    assert_eq!(
        text(m, "list_unsubscribe_post"),
        "List-Unsubscribe=One-Click"
    );
    assert_eq!(row(&app, "karim@test.invalid").await.0, "sent");
    // Only the link's hash is kept, as for every link; nothing in the outbox makes it again.
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations WHERE token_hash = $1")
        .bind(app::auth::service::hash_token(&mailed))
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 1);

    // Opening the link (as a mail scanner does) does not use it up; the button does, once.
    for _ in 0..2 {
        let res = app.get(&format!("/invite/{mailed}"), None).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let form = [("token", mailed.as_str()), ("own_device", "yes")];
    let res = app.call("accept_invitation", &form, None).await;
    assert!(
        session_cookie(&res).is_some(),
        "the mailed link signs Karim in"
    );
    let res = app.call("accept_invitation", &form, None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "once");

    // Someone who already has an account gets a mail without a sign-in link: they sign in as
    // always. Nothing else was sent: a second run finds nothing.
    seat_at_second_table(&app, "x", "school", "school@demo.invalid").await;
    assert_eq!(run(&app).await.sent, 1);
    let mails = smtp.mails();
    let school = to(&mails, "school@demo.invalid");
    assert_eq!(school.len(), 1);
    let body = text(&school[0], "text");
    assert!(body.contains("overleg over Lina"), "{body}");
    assert!(body.contains("http://127.0.0.1:3000/cases/2"), "{body}");
    assert!(
        !body.contains("/invite/"),
        "an existing account gets no sign-in link"
    );
    assert_eq!(run(&app).await, MailReport::default());
}

#[tokio::test]
async fn reminders_and_news_go_only_after_a_yes_and_hold_no_answer_text() {
    let smtp = SmtpProcess::start();
    let app = TestApp::spawn_with_mail(&smtp.url()).await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    const SECRET: &str = "Geheim-antwoord-7319 over thuis";
    save(&app, &parent, "1", "worries", SECRET, "table", 0, "m-1").await;
    save(&app, &young, "1", "worries", SECRET, "table", 0, "m-2").await;
    save(
        &app,
        &parent,
        "1",
        "goes_well",
        "Hij lacht veel",
        "table",
        0,
        "m-3",
    )
    .await;
    save(&app, &parent, "1", "child_needs", "Rust", "table", 0, "m-4").await;

    // Nobody said yes yet: nothing goes, also when the deadline comes near.
    app.state.config.clock.advance(6 * 86_400);
    assert_eq!(run(&app).await, MailReport::default());

    // The parent says yes on the mail page; the coach says yes too (but is not reminded of
    // their own meeting's news).
    let res = app
        .post_plain("set_mail_choice", &[("choice", "yes")], Some(&parent))
        .await;
    assert_eq!(location(&res), "/mail?saved=1");
    let mediator = app.sign_in_as("mediator").await;
    let res = app
        .post_plain("set_mail_choice", &[("choice", "yes")], Some(&mediator))
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = app
        .call("set_mail_choice", &[("choice", "maybe")], Some(&young))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an unknown choice is refused"
    );

    let report = run(&app).await;
    assert_eq!((report.queued, report.sent), (1, 1), "{report:?}");
    let mails = smtp.mails();
    let m = &mails[0];
    assert!(text(m, "rcpt").contains("ouder@demo.invalid"));
    assert_eq!(text(m, "subject"), "Herinnering: bereid het overleg voor");
    let body = text(m, "text");
    assert!(body.starts_with("Beste Fatima,"), "{body}");
    assert!(body.contains("Het overleg over Sam is op"), "{body}");
    assert!(
        body.contains("http://127.0.0.1:3000/meetings/1/prepare"),
        "{body}"
    );
    assert!(body.contains("gekozen voor mail"), "{body}");

    // The coach shares the topics: the parent hears it, the coach does not.
    // (Six days on, the coach signs in again: a professional's session ends when idle.)
    let mediator = app.sign_in_as("mediator").await;
    let res = app
        .call("publish_agenda", &[("meeting", "1")], Some(&mediator))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let report = run(&app).await;
    assert_eq!(report.sent, 1, "{report:?}");
    let mails = smtp.mails();
    assert_eq!(
        text(&mails[1], "subject"),
        "De onderwerpen voor het overleg zijn gedeeld"
    );
    assert!(to(&mails, "gezinscoach@demo.invalid").is_empty());
    assert!(
        to(&mails, "jongere@demo.invalid").is_empty(),
        "the young person said no yes"
    );

    // The same reminder never goes twice, also on the next day.
    app.state.config.clock.advance(86_400 / 2);
    assert_eq!(run(&app).await.sent, 0);

    // Once the parent sent their input, a queued reminder no longer goes.
    sqlx::query("DELETE FROM mail_outbox")
        .execute(&app.db)
        .await
        .unwrap();
    let res = app
        .call("send_preparation", &[("meeting", "1")], Some(&parent))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let report = run(&app).await;
    assert_eq!(
        report.sent, 1,
        "only the topics again, no reminder: {report:?}"
    );
    assert_eq!(
        text(&smtp.mails()[2], "subject"),
        "De onderwerpen voor het overleg zijn gedeeld"
    );

    for m in smtp.mails() {
        for field in ["subject", "text", "html"] {
            assert!(
                !text(&m, field).contains("Geheim-antwoord"),
                "a mail holds answer text: {m}"
            );
        }
    }
}

#[tokio::test]
async fn a_mail_server_that_is_away_loses_nothing_and_the_retry_keeps_the_message_id() {
    let mut smtp = SmtpProcess::start();
    let app = TestApp::spawn_with_mail(&smtp.url()).await;
    let mediator = app.sign_in_as("mediator").await;
    smtp.stop();
    invite(&app, &mediator, "Piet Later", "piet@test.invalid").await;
    let report = run(&app).await;
    assert_eq!((report.sent, report.retry), (0, 1), "{report:?}");
    let (state, message_id, attempts) = row(&app, "piet@test.invalid").await;
    assert_eq!((state.as_str(), attempts), ("waiting", 1));
    // Before its next try nothing is attempted.
    assert_eq!(run(&app).await.retry, 0);

    // An hour later the mail server is back.
    smtp.resume();
    app.state.config.clock.advance(3600);
    let report = run(&app).await;
    assert_eq!(report.sent, 1, "{report:?}");
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(text(&mails[0], "message_id"), message_id);
    assert!(text(&mails[0], "text").contains("/invite/"));

    // A mail server that stays away for two days: the mail counts as failed, and the coach
    // sees it.
    smtp.stop();
    invite(&app, &mediator, "Anna Weg", "anna@test.invalid").await;
    assert_eq!(run(&app).await.retry, 1);
    app.state.config.clock.advance(GIVE_UP_SECONDS + 1);
    let report = run(&app).await;
    assert_eq!(report.failed, 1, "{report:?}");
    assert_eq!(row(&app, "anna@test.invalid").await.0, "failed");
    let mediator = app.sign_in_as("mediator").await;
    let (status, html) = page(&app, "/cases/1/mail", &mediator).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Anna Weg") && html.contains("Niet gelukt"),
        "{html}"
    );
    assert!(html.contains("Piet Later") && html.contains("Verstuurd"));
    let parent = app.sign_in_as("parent").await;
    let (status, _) = page(&app, "/cases/1/mail", &parent).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_restarted_portal_sends_nothing_twice_and_a_crash_before_marking_keeps_the_message_id() {
    let smtp = SmtpProcess::start();
    let app = TestApp::spawn_with_mail(&smtp.url()).await;
    let mediator = app.sign_in_as("mediator").await;
    invite(&app, &mediator, "Eva Eerst", "eva@test.invalid").await;
    assert_eq!(run(&app).await.sent, 1);

    // A restart: the same database, opened again. What the mail server took is not sent again.
    let again = app.restarted().await;
    assert_eq!(run_on(&again).await, MailReport::default());
    assert_eq!(smtp.mails().len(), 1);

    // An instance claims a mail and dies before sending it: another takes it over once the
    // claim runs out.
    invite(&app, &mediator, "Bo Tweede", "bo@test.invalid").await;
    let now = app.state.config.clock.now();
    let claimed = app
        .state
        .store
        .mail_claim(now, CLAIM_SECONDS, 50)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(run_on(&again).await.sent, 0, "still claimed");
    app.state.config.clock.advance(CLAIM_SECONDS + 1);
    assert_eq!(run_on(&again).await.sent, 1);

    // An instance that dies after the mail server took a mail, before marking it sent, sends
    // it again: at least once, with the same Message-ID, so it is recognisably the same mail.
    sqlx::query(
        "UPDATE mail_outbox SET state = 'waiting', sent_at = NULL
         WHERE person_id = (SELECT id FROM people WHERE email = 'eva@test.invalid')",
    )
    .execute(&app.db)
    .await
    .unwrap();
    assert_eq!(run_on(&again).await.sent, 1);
    let eva = to(&smtp.mails(), "eva@test.invalid");
    assert_eq!(eva.len(), 2);
    assert_eq!(text(&eva[0], "message_id"), text(&eva[1], "message_id"));
}

#[tokio::test]
async fn a_new_link_goes_only_to_a_family_address_and_the_answer_never_tells() {
    let smtp = SmtpProcess::start();
    let app = TestApp::spawn_with_mail(&smtp.url()).await;
    let ask = |email: &'static str| {
        let app = &app;
        async move {
            let res = app
                .post_plain("request_link", &[("email", email)], None)
                .await;
            (res.status(), location(&res))
        }
    };
    let known = ask("ouder@demo.invalid").await;
    assert_eq!(
        known,
        (StatusCode::SEE_OTHER, "/new-link?sent=1".to_string())
    );
    assert_eq!(ask("niemand@test.invalid").await, known);
    assert_eq!(
        ask("school@demo.invalid").await,
        known,
        "a professional signs in with a password"
    );
    let res = app
        .call("request_link", &[("email", "geen adres")], None)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(run(&app).await.sent, 1);
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1);
    assert!(text(&mails[0], "rcpt").contains("ouder@demo.invalid"));
    assert_eq!(text(&mails[0], "subject"), "Uw nieuwe link voor Aan Tafel");
    let token = token_in(&mails[0]);
    // Opening does not use it; the button does.
    assert_eq!(
        app.get(&format!("/invite/{token}"), None).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/invite/{token}"), None).await.status(),
        StatusCode::OK
    );
    let res = app
        .call(
            "accept_invitation",
            &[("token", token.as_str()), ("own_device", "yes")],
            None,
        )
        .await;
    assert!(session_cookie(&res).is_some());

    // Asking again within ten minutes sends nothing more; after that it does, in "je" for the
    // young person.
    ask("ouder@demo.invalid").await;
    assert_eq!(run(&app).await.sent, 0);
    app.state.config.clock.advance(601);
    ask("jongere@demo.invalid").await;
    assert_eq!(run(&app).await.sent, 1);
    let young = to(&smtp.mails(), "jongere@demo.invalid");
    assert_eq!(text(&young[0], "subject"), "Je nieuwe link voor Aan Tafel");

    // The one-tap stop in the mail stops every mail but a link the person asks for.
    let stop = text(&young[0], "list_unsubscribe");
    let path = stop
        .trim_matches(|c| c == '<' || c == '>')
        .trim_start_matches("http://127.0.0.1:3000")
        .to_string();
    let (status, html) = page(&app, &path, &app.sign_in_as("parent").await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Stop de mail"),
        "the stop page has its one button"
    );
    let res = app
        .send(
            axum::http::Request::post(&path)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(axum::body::Body::from("List-Unsubscribe=One-Click"))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let choice: Option<String> =
        sqlx::query_scalar("SELECT mail_choice FROM people WHERE email = 'jongere@demo.invalid'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(choice.as_deref(), Some("stop"));
    app.state.config.clock.advance(601);
    ask("jongere@demo.invalid").await;
    assert_eq!(run(&app).await.sent, 1, "asked for by the person: it goes");
    // An invitation to another table does not reach someone who said stop; the coach's list
    // says it did not go.
    seat_at_second_table(&app, "Sam", "young", "jongere@demo.invalid").await;
    let report = run(&app).await;
    assert_eq!((report.sent, report.skipped), (0, 1), "{report:?}");
    // A made-up stop link stops nothing.
    let res = app
        .call(
            "stop_mail",
            &[("token", "3.00000000000000000000000000000000")],
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .send(
            axum::http::Request::post("/mail/stop/3.0")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_an_smtp_server_nothing_is_queued_and_the_pages_say_so() {
    let app = TestApp::spawn().await;
    let mediator = app.sign_in_as("mediator").await;
    invite(&app, &mediator, "Zonder Mail", "zonder@test.invalid").await;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 0);
    let res = app
        .call("request_link", &[("email", "ouder@demo.invalid")], None)
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let html = body_text(app.get("/new-link", None).await).await;
    assert!(
        html.contains("Vraag de gezinscoach om een nieuwe link"),
        "{html}"
    );
    let parent = app.sign_in_as("parent").await;
    let (_, html) = page(&app, "/mail", &parent).await;
    assert!(html.contains("stuurt op dit moment geen mail"), "{html}");
}
