//! "Wie heeft mijn informatie gezien?" (`/seen`): a family member sees who else read their
//! words, grouped per reader, thing and day, and never their own reads nor someone else's log;
//! "Wie kan dit zien?" names who may read their answers now; a professional sees what they
//! opened. The audit log keeps whose words a read showed as ids, never a text.

use crate::common::*;
use axum::http::StatusCode;

#[tokio::test]
async fn a_family_member_sees_who_read_their_words_and_only_their_own_log() {
    let app = TestApp::spawn().await;
    let AtTable {
        parent,
        young,
        school,
        mediator,
    } = signed_in_after_sending(&app, "Hij slaapt slecht", "mediator", "Ik word gepest").await;

    // Before anyone else reads, the parent's log says so.
    let (status, html) = page(&app, "/seen", &parent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Wie heeft mijn informatie gezien?"), "{html}");
    assert!(html.contains("Nog niemand anders heeft iets van u geopend."));

    // The school reads the shared answers twice, the parent reads them too.
    for c in [&school, &school, &parent] {
        let res = app.call("load_shared", &[("meeting", "1")], Some(c)).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    // The coach reads both the parent's and the young person's answers.
    let res = app
        .call("load_review", &[("meeting", "1")], Some(&mediator))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The young person tells something for the coach only; the coach reads it.
    let res = app
        .call(
            "save_profile_part",
            &[
                ("case", "1"),
                ("part", "good_at"),
                ("body", "Ik teken graag"),
                ("sharing", "mediator"),
                ("version", "0"),
            ],
            Some(&young),
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let res = app
        .call("load_profile", &[("case", "1")], Some(&mediator))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // The audit rows hold whose words were shown, as ids only.
    let parent_id = person_id(&app, "ouder@demo.invalid").await;
    let school_id = person_id(&app, demo_email("school")).await;
    let subjects: Vec<String> = sqlx::query_scalar(
        "SELECT subjects FROM audit_log WHERE action = 'answer.read_shared' AND person_id = $1",
    )
    .bind(school_id)
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        subjects,
        vec![format!(",{parent_id},"); 2],
        "the young person's words stayed with the coach"
    );
    let texts: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE subjects LIKE '%slaapt%' OR target LIKE '%slaapt%' OR target LIKE '%teken%'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(texts, 0);

    let (status, html) = page(&app, "/seen", &parent).await;
    assert_eq!(status, StatusCode::OK);
    // Grouped per reader, thing and day: the school's two reads are one line.
    assert_eq!(
        html.matches("Mark Jansen (School) las uw antwoorden voor het gesprek van")
            .count(),
        1,
        "{html}"
    );
    assert!(html.contains("2 keer, op"), "{html}");
    assert!(html.contains("Joyce de Vries (Gezinscoach) las uw antwoorden"));
    // The parent's own read is not listed, nor what the coach read of the young person only.
    assert!(!html.contains("Fatima Bakker ("), "{html}");
    assert!(
        !html.contains("over jezelf") && !html.contains("vertelt in"),
        "{html}"
    );
    // "Wie kan dit zien?": two answers for the table, one for the coach, with names.
    assert!(html.contains("Wie kan dit zien?"));
    assert!(html.contains("Iedereen aan tafel (2 antwoorden)"), "{html}");
    assert!(html.contains("(1 antwoord)"), "{html}");
    assert!(
        html.contains("Mark Jansen (School)") && html.contains("Sam (Kind of jongere)"),
        "{html}"
    );

    // The young person's log: the coach read their answers and what they tell about themselves;
    // the school never saw their words.
    let (status, html) = page(&app, "/seen", &young).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Alleen jij ziet deze lijst. Je ouders zien hem niet."));
    assert!(
        html.contains("Joyce de Vries (Gezinscoach) las je antwoorden"),
        "{html}"
    );
    assert!(
        html.contains("Joyce de Vries (Gezinscoach) las wat je over jezelf vertelt"),
        "{html}"
    );
    assert!(!html.contains("Mark Jansen (School) las"), "{html}");

    // The school's own list: what it opened, and whose words.
    let (status, html) = page(&app, "/seen", &school).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Wat heb ik geopend"));
    assert!(
        html.contains("U opende antwoorden voor het gesprek van"),
        "{html}"
    );
    assert!(html.contains("van Fatima Bakker. 2 keer"), "{html}");
    assert!(!html.contains("Sam."), "{html}");
}

#[tokio::test]
async fn a_new_link_and_a_role_change_at_the_table_are_listed() {
    let app = TestApp::spawn().await;
    let mediator = app.sign_in_as("mediator").await;
    let coordinator = app.sign_in_as("coordinator").await;
    let school_id = person_id(&app, demo_email("school")).await.to_string();
    let parent_id = person_id(&app, "ouder@demo.invalid").await.to_string();
    let res = app
        .call(
            "new_family_link",
            &[("case", "1"), ("person", &parent_id)],
            Some(&mediator),
        )
        .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        body_text(res).await
    );
    let res = app
        .call(
            "change_role",
            &[
                ("case", "1"),
                ("person", &school_id),
                ("role", "care"),
                ("reason", "Wisselt van baan"),
            ],
            Some(&coordinator),
        )
        .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        body_text(res).await
    );
    // The new link ended the parent's sessions: they sign in again.
    let parent = app.sign_in_as("parent").await;
    let (_, html) = page(&app, "/seen", &parent).await;
    assert!(
        html.contains("Joyce de Vries (Gezinscoach) maakte een nieuwe inloglink voor u."),
        "{html}"
    );
    assert!(
        html.contains(
            "Ellen Visser (Coördinator) gaf Mark Jansen een andere rol aan tafel: Jeugdhulp."
        ),
        "{html}"
    );
}

#[tokio::test]
async fn a_read_of_what_a_parent_said_about_an_agreement_is_on_their_log() {
    let app = TestApp::spawn().await;
    let mediator = app.sign_in_as("mediator").await;
    let school = app.sign_in_as("school").await;
    let parent = app.sign_in_as("parent").await;
    let res = app
        .call(
            "add_agreement",
            &[
                ("meeting", "1"),
                ("what", "Sam eet op school"),
                ("who", "Mentor"),
                ("responsible", ""),
                ("goal", ""),
            ],
            Some(&mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let id: i64 = sqlx::query_scalar("SELECT id FROM agreements WHERE what = 'Sam eet op school'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let res = app
        .call(
            "report_agreement",
            &[
                ("meeting", "1"),
                ("agreement", &id.to_string()),
                ("status", "done"),
                ("note", "Gaat goed"),
                ("sharing", "table"),
            ],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call("load_case_agreements", &[("case", "1")], Some(&school))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, html) = page(&app, "/seen", &parent).await;
    assert!(
        html.contains("Mark Jansen (School) las wat u zei over hoe afspraken gaan."),
        "{html}"
    );
    let (_, html) = page(&app, "/seen", &school).await;
    assert!(
        html.contains("U opende verslagen over hoe afspraken gaan, van Fatima Bakker."),
        "{html}"
    );
}
