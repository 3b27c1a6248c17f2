//! Retention, on the portal's clock (moved by the test; nothing sleeps): a closed case's
//! family is told by mail a month before its words are erased, with a sign-in link; the case
//! page names the date; on that date the daily job erases the words and keeps who sat at the
//! table; the access log is pruned after its own, longer, time.

use crate::common::smtp::{text, to, SmtpProcess};
use crate::common::*;
use app::domain::LocalTime;
use app::i18n::Lang;
use app::mail::worker::{run_once, Smtp};
use axum::http::StatusCode;

#[tokio::test]
async fn a_closed_case_is_told_a_month_ahead_then_its_words_are_erased() {
    let smtp = SmtpProcess::start();
    let app = TestApp::spawn_with_mail(&smtp.url()).await;
    let clock = app.state.config.clock.clone();
    let retention = app.state.config.retention;
    let mail_run = || async {
        let smtp = Smtp::new(app.state.config.mail.as_ref().expect("mail on")).expect("smtp");
        run_once(&app.state, &smtp, clock.now()).await
    };
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    family_sends(
        &app,
        (&parent, &young),
        "Hij slaapt slecht",
        "table",
        "Ik word gepest",
    )
    .await;
    // Invitations from setting up the demo go out first, so only what retention sends is new.
    mail_run().await;
    let before = smtp.mails().len();

    let coordinator = app.sign_in_as("coordinator").await;
    let res = app
        .call("close_case", &[("case", "1")], Some(&coordinator))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let closed = clock.now();

    // Right after closing: nothing is due; the case page names the date (twelve months on).
    let report = app::retention::run(&app.state, clock.now()).await;
    assert_eq!((report.warned, report.erased), (0, 0));
    let erase_on = LocalTime::from_unix(retention.erase_due(closed, closed)).date_long(Lang::Nl);
    let (_, html) = page(&app, "/cases/1", &parent).await;
    assert!(
        html.contains(&format!(
            "Op {erase_on} wist Aan Tafel wat er aan deze tafel is geschreven"
        )),
        "{html}"
    );
    assert!(html.contains("href=\"/my-data\""));

    // A day before the warning: still nothing.
    let warn_at = retention.warn_at(closed);
    clock.advance(warn_at - clock.now() - 86_400);
    assert_eq!(app::retention::run(&app.state, clock.now()).await.warned, 0);
    // On the day: the parent and the young person get a mail with a sign-in link of their own.
    clock.advance(86_400);
    let told = clock.now();
    assert_eq!(app::retention::run(&app.state, told).await.warned, 1);
    assert_eq!(
        app::retention::run(&app.state, told).await.warned,
        0,
        "told once"
    );
    assert_eq!(mail_run().await.sent, 2);
    let mails = smtp.mails();
    assert_eq!(mails.len(), before + 2);
    let erase_on = LocalTime::from_unix(retention.erase_due(closed, told)).date_long(Lang::Nl);
    for (email, opening) in [
        ("ouder@demo.invalid", "Het overleg over Sam is gestopt."),
        ("jongere@demo.invalid", "Het overleg over jou is gestopt."),
    ] {
        let got = to(&mails[before..], email);
        assert_eq!(got.len(), 1, "{email}");
        assert_eq!(
            text(&got[0], "subject"),
            "Aan Tafel wist binnenkort wat er aan tafel is geschreven"
        );
        let body = text(&got[0], "text");
        assert!(body.contains(opening), "{body}");
        assert!(
            body.contains(&format!("Op {erase_on} wist Aan Tafel")),
            "{body}"
        );
        assert!(body.contains("/invite/"), "a sign-in link: {body}");
        assert!(
            !body.contains("slaapt") && !body.contains("gepest"),
            "{body}"
        );
    }

    // A day before the date the words are still there; on the date they are erased.
    let due = retention.erase_due(closed, told);
    clock.advance(due - clock.now() - 86_400);
    assert_eq!(app::retention::run(&app.state, clock.now()).await.erased, 0);
    let parent = app.sign_in_as("parent").await;
    let file = body_text(app.get("/my-data.json", Some(&parent)).await).await;
    assert!(
        file.contains("Hij slaapt slecht"),
        "downloadable until then"
    );
    clock.advance(86_400);
    assert_eq!(app::retention::run(&app.state, clock.now()).await.erased, 1);
    assert_eq!(app::retention::run(&app.state, clock.now()).await.erased, 0);
    let parent = app.sign_in_as("parent").await;
    let file = body_text(app.get("/my-data.json", Some(&parent)).await).await;
    assert!(!file.contains("Hij slaapt slecht"), "{file}");
    assert!(!file.contains("Voetbal gaat goed"), "{file}");
    let data: serde_json::Value = serde_json::from_str(&file).unwrap();
    assert_eq!(
        data["tables"][0]["child"], "Sam",
        "who sat at the table stays"
    );
    let answers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM answers")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(answers, 0);
    let (_, html) = page(&app, "/cases/1", &parent).await;
    let erased_on = LocalTime::from_unix(clock.now()).date_long(Lang::Nl);
    assert!(
        html.contains(&format!("Op {erased_on} heeft Aan Tafel gewist")),
        "{html}"
    );
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'case.erase_content' AND target = 'case:1'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(logged, 1);

    // The access log stays five years, then goes; newer rows stay.
    let oldest: i64 = sqlx::query_scalar("SELECT MIN(at) FROM audit_log")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let cutoff_reached = oldest + 5 * 366 * 86_400;
    clock.advance(cutoff_reached - clock.now());
    let fresh = app.sign_in_as("parent").await;
    page(&app, "/seen", &fresh).await;
    let report = app::retention::run(&app.state, clock.now()).await;
    assert!(report.access_log_rows > 0, "{report:?}");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE at < $1")
        .bind(retention.access_log_before(clock.now()))
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(left, 0);
    let newest: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(newest > 0, "the new rows stay");
    // Old sessions and links went after 90 days.
    assert!(report.sign_in_records > 0, "{report:?}");
}
