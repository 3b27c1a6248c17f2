//! A supporter at the table: who may bring one for whom, what a supporter reads (only what the
//! person who brought them shares with the whole table), topics on their behalf, taking them off,
//! and "Tolk nodig" on the meeting page and the coach's overview.

use crate::common::*;
use axum::http::StatusCode;

/// The demo parent sends three answers, one per sharing choice; the young person sends one for
/// the whole table. Returns the parent's and the young person's cookies.
async fn answers_of_everyone(app: &TestApp) -> (String, String) {
    let parent = app.sign_in_as("parent").await;
    save(
        app,
        &parent,
        "1",
        "goes_well",
        "Ouder-tafel-tekst",
        "table",
        0,
        "s-0",
    )
    .await;
    save(
        app,
        &parent,
        "1",
        "worries",
        "Ouder-coach-tekst",
        "mediator",
        0,
        "s-1",
    )
    .await;
    save(
        app,
        &parent,
        "1",
        "child_needs",
        "Ouder-ikzelf-tekst",
        "me",
        0,
        "s-2",
    )
    .await;
    let res = app
        .call("send_preparation", &[("meeting", "1")], Some(&parent))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let young = app.sign_in_as("young").await;
    save(
        app,
        &young,
        "1",
        "worries",
        "Jongere-tafel-tekst",
        "table",
        0,
        "s-3",
    )
    .await;
    fill_required_young(app, &young, "1").await;
    let res = app
        .call("send_preparation", &[("meeting", "1")], Some(&young))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    (parent, young)
}

#[tokio::test]
async fn a_supporter_reads_only_what_the_one_who_brought_them_shares_with_the_table() {
    let app = TestApp::spawn().await;
    let (parent, young) = answers_of_everyone(&app).await;
    let oma = app.bring_supporter(&parent, "1", "Oma Nour", None).await;
    let friend = app.bring_supporter(&young, "1", "Vriend Ties", None).await;

    // Through the server function and on every page that shows answers.
    for (path, api) in [
        ("/meetings/1", Some("load_shared")),
        ("/meetings/1/school", Some("load_side_by_side")),
        ("/meetings/1/agenda", None),
    ] {
        let (status, html) = page(&app, path, &oma).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        for never in [
            "Ouder-coach-tekst",
            "Ouder-ikzelf-tekst",
            "Jongere-tafel-tekst",
        ] {
            assert!(
                !html.contains(never),
                "{path} shows {never} to the parent's supporter"
            );
        }
        let (_, html) = page(&app, path, &friend).await;
        for never in [
            "Ouder-tafel-tekst",
            "Ouder-coach-tekst",
            "Ouder-ikzelf-tekst",
        ] {
            assert!(
                !html.contains(never),
                "{path} shows {never} to the young person's supporter"
            );
        }
        if let Some(api) = api {
            let text = body_text(app.call(api, &[("meeting", "1")], Some(&oma)).await).await;
            assert!(text.contains("Ouder-tafel-tekst"), "{api}: {text}");
            assert!(!text.contains("Jongere-tafel-tekst") && !text.contains("Ouder-coach-tekst"));
            let text = body_text(app.call(api, &[("meeting", "1")], Some(&friend)).await).await;
            assert!(text.contains("Jongere-tafel-tekst"), "{api}: {text}");
            assert!(!text.contains("Ouder-tafel-tekst"));
        }
    }
    let (_, html) = page(&app, "/meetings/1", &oma).await;
    // Their reads are logged as anyone's: by id, for the family's access log.
    let oma_reads: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log a JOIN people p ON p.id = a.person_id
         WHERE p.display_name = 'Oma Nour' AND a.action IN ('meeting.read', 'agenda.read') AND a.case_id = 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(oma_reads >= 2, "{oma_reads} reads logged");
    assert!(
        html.contains("Ouder-tafel-tekst"),
        "the meeting page shows what the parent shares"
    );
    // The rest of the table still reads as before.
    let school = app.sign_in_as("school").await;
    let text = body_text(
        app.call("load_shared", &[("meeting", "1")], Some(&school))
            .await,
    )
    .await;
    assert!(text.contains("Ouder-tafel-tekst") && text.contains("Jongere-tafel-tekst"));

    // A supporter does not prepare, review or read the plan, and brings nobody.
    for (path, expect) in [
        ("/meetings/1/prepare", StatusCode::FORBIDDEN),
        ("/meetings/1/review", StatusCode::FORBIDDEN),
        ("/cases/1/plan", StatusCode::FORBIDDEN),
        ("/cases/1/support", StatusCode::FORBIDDEN),
        ("/cases/1/invite", StatusCode::FORBIDDEN),
    ] {
        assert_eq!(page(&app, path, &oma).await.0, expect, "{path}");
    }
    let res = app
        .call(
            "invite_supporter",
            &[("case", "1"), ("name", "Nog Iemand"), ("kind", "friend")],
            Some(&oma),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The agreements page carries no plan goal for a supporter, and the table's history is not
    // theirs to read.
    let mediator = app.sign_in_as("mediator").await;
    let res = app
        .call(
            "add_goal",
            &[
                ("case", "1"),
                ("plain", "Doel-uit-het-plan"),
                ("expressed_by", "parent"),
            ],
            Some(&mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = body_text(
        app.call("load_record", &[("meeting", "1")], Some(&oma))
            .await,
    )
    .await;
    assert!(!text.contains("Doel-uit-het-plan"), "{text}");
    let text = body_text(
        app.call("load_record", &[("meeting", "1")], Some(&mediator))
            .await,
    )
    .await;
    assert!(
        text.contains("Doel-uit-het-plan"),
        "the check can fail: {text}"
    );
    // The case page names them with who brought them, for everyone at the table.
    let (_, html) = page(&app, "/cases/1", &school).await;
    assert!(
        html.contains("Oma Nour") && html.contains("Meegenomen door"),
        "{html}"
    );

    // A meeting they are not invited to (one from before they came) is not found.
    let oma_id = person_id_by_name(&app, "Oma Nour").await;
    sqlx::query("DELETE FROM meeting_invitees WHERE person_id = $1")
        .bind(oma_id.parse::<i64>().unwrap())
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(
        page(&app, "/meetings/1", &oma).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&app, "/meetings/1/agenda", &oma).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, html) = page(&app, "/cases/1", &oma).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !html.contains("href=\"/meetings/1\""),
        "not on the case page either"
    );
    let (_, html) = page(&app, "/cases/1", &parent).await;
    assert!(html.contains("href=\"/meetings/1\""), "the check can fail");

    // On a closed case nobody is brought any more, but the parent still takes Oma off.
    let coordinator = app.sign_in_as("coordinator").await;
    let res = app
        .call("close_case", &[("case", "1")], Some(&coordinator))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call(
            "invite_supporter",
            &[("case", "1"), ("name", "Te Laat"), ("kind", "friend")],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = app
        .call(
            "remove_supporter",
            &[("case", "1"), ("person", &oma_id)],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(page(&app, "/cases/1", &oma).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_supporter_proposes_topics_on_behalf_of_who_brought_them() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let oma = app.bring_supporter(&parent, "1", "Oma Nour", None).await;
    let res = app
        .call(
            "propose_item",
            &[("meeting", "1"), ("title", "Vervoer naar school")],
            Some(&oma),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The parent sees the topic proposed for them before it is shared; the coach sees who.
    let (_, html) = page(&app, "/meetings/1/agenda", &parent).await;
    assert!(html.contains("Vervoer naar school"), "the parent sees it");
    let mediator = app.sign_in_as("mediator").await;
    let (_, html) = page(&app, "/meetings/1/agenda", &mediator).await;
    assert!(html.contains("Vervoer naar school"));
    assert!(html.contains("Oma Nour (meegenomen door"), "{html}");
    // Others at the table do not see an unshared topic.
    let young = app.sign_in_as("young").await;
    let (_, html) = page(&app, "/meetings/1/agenda", &young).await;
    assert!(!html.contains("Vervoer naar school"));
}

#[tokio::test]
async fn who_brought_them_and_the_coach_take_a_supporter_off_and_nobody_else() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let oma = app.bring_supporter(&parent, "1", "Oma Nour", None).await;
    let oma_id = person_id_by_name(&app, "Oma Nour").await;
    for who in ["young", "school", "care"] {
        let cookie = if who == "young" {
            young.clone()
        } else {
            app.sign_in_as(who).await
        };
        let res = app
            .call(
                "remove_supporter",
                &[("case", "1"), ("person", &oma_id)],
                Some(&cookie),
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}");
    }
    // Not a supporter: not found through this function.
    let parent_id = person_id(&app, "ouder@demo.invalid").await.to_string();
    let res = app
        .call(
            "remove_supporter",
            &[("case", "1"), ("person", &parent_id)],
            Some(&young),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(page(&app, "/meetings/1", &oma).await.0, StatusCode::OK);
    let res = app
        .call(
            "remove_supporter",
            &[("case", "1"), ("person", &oma_id)],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        page(&app, "/meetings/1", &oma).await.0,
        StatusCode::NOT_FOUND
    );

    // The coach takes one off too; and when the one who brought them leaves, so do they.
    let mediator = app.sign_in_as("mediator").await;
    let ties = app.bring_supporter(&young, "1", "Vriend Ties", None).await;
    let ties_id = person_id_by_name(&app, "Vriend Ties").await;
    let res = app
        .call(
            "remove_supporter",
            &[("case", "1"), ("person", &ties_id)],
            Some(&mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(page(&app, "/cases/1", &ties).await.0, StatusCode::NOT_FOUND);
    let coordinator = app.sign_in_as("coordinator").await;
    let extra = app
        .invite_and_sign_in(&coordinator, "1", "Tweede Ouder", "parent")
        .await;
    let buur = app
        .bring_supporter(&extra, "1", "Buurvrouw Els", None)
        .await;
    let extra_id = person_id_by_name(&app, "Tweede Ouder").await;
    let res = app
        .call(
            "remove_person",
            &[("case", "1"), ("person", &extra_id)],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(page(&app, "/cases/1", &buur).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_coach_brings_someone_for_a_child_under_12_and_nobody_for_another() {
    let app = TestApp::spawn().await;
    let coordinator = app.sign_in_as("coordinator").await;
    let res = app
        .post_plain(
            "create_case",
            &[("first_name", "Lina"), ("age_band", "8-11")],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The demo coach gets a seat at Lina's table; Lina and her father are invited.
    let res = app
        .post_plain(
            "invite_person",
            &[
                ("case", "2"),
                ("name", "Coach"),
                ("role", "mediator"),
                ("relation", ""),
                ("email", "gezinscoach@demo.invalid"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let lina = app
        .invite_and_sign_in(&coordinator, "2", "Lina", "young")
        .await;
    let father = app
        .invite_and_sign_in(&coordinator, "2", "Vader Karim", "parent")
        .await;
    let lina_id = person_id_by_name(&app, "Lina").await;
    let father_id = person_id_by_name(&app, "Vader Karim").await;
    // Under 12 Lina asks the coach: the page says so and the function refuses.
    let (status, html) = page(&app, "/cases/2/support", &lina).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Vraag het aan de gezinscoach"), "{html}");
    let res = app
        .call(
            "invite_supporter",
            &[("case", "2"), ("name", "Juf Anna"), ("kind", "confidant")],
            Some(&lina),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Nobody brings someone for another person: the father not for Lina, the coach not for him.
    let mediator = app.sign_in_as("mediator").await;
    for (cookie, for_person) in [(&father, &lina_id), (&mediator, &father_id)] {
        let res = app
            .call(
                "invite_supporter",
                &[
                    ("case", "2"),
                    ("name", "Iemand"),
                    ("kind", "friend"),
                    ("for_person", for_person),
                ],
                Some(cookie),
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    // The coach brings Lina's vertrouwenspersoon, who is shown as brought by Lina.
    let anna = app
        .bring_supporter(&mediator, "2", "Juf Anna", Some(&lina_id))
        .await;
    let brought_by: Option<i64> = sqlx::query_scalar(
        "SELECT m.brought_by FROM memberships m JOIN people p ON p.id = m.person_id WHERE p.display_name = 'Juf Anna'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(brought_by.map(|b| b.to_string()), Some(lina_id.clone()));
    let (status, html) = page(&app, "/cases/2", &anna).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Meegenomen door Lina"), "{html}");
    // Bad input: no kind, an unknown kind, an empty name.
    for form in [
        vec![
            ("case", "2"),
            ("name", "X"),
            ("for_person", lina_id.as_str()),
        ],
        vec![
            ("case", "2"),
            ("name", "X"),
            ("kind", "boss"),
            ("for_person", lina_id.as_str()),
        ],
        vec![
            ("case", "2"),
            ("name", " "),
            ("kind", "friend"),
            ("for_person", lina_id.as_str()),
        ],
    ] {
        let res = app.call("invite_supporter", &form, Some(&mediator)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
    }
    // A supporter is never invited through the coordinator's form.
    let res = app
        .call(
            "invite_person",
            &[
                ("case", "2"),
                ("name", "Y"),
                ("role", "supporter"),
                ("relation", ""),
                ("email", ""),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_interpreter_is_asked_for_and_shown_to_the_table_and_the_coach() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let mediator = app.sign_in_as("mediator").await;
    let res = app
        .call(
            "set_interpreter",
            &[("case", "1"), ("language", "ar")],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, html) = page(&app, "/", &mediator).await;
    assert!(html.contains("Tolk nodig: Arabisch"), "{html}");
    let (_, html) = page(&app, "/meetings/1", &mediator).await;
    assert!(
        html.contains("Tolk nodig") && html.contains("Arabisch (voor"),
        "{html}"
    );
    // Not on a family member's overview, and the texts never ask the child to translate.
    let (_, html) = page(&app, "/", &parent).await;
    assert!(!html.contains("Tolk nodig:"));
    let (_, html) = page(&app, "/cases/1/support", &parent).await;
    assert!(html.contains("Uw kind hoeft niet te vertalen"));
    // Only for oneself (the coach for anyone in the family); a made-up language is refused.
    let parent_id = person_id(&app, "ouder@demo.invalid").await.to_string();
    let res = app
        .call(
            "set_interpreter",
            &[("case", "1"), ("language", "tr"), ("person", &parent_id)],
            Some(&young),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .call(
            "set_interpreter",
            &[("case", "1"), ("language", "klingon")],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .call(
            "set_interpreter",
            &[("case", "1"), ("language", ""), ("person", &parent_id)],
            Some(&mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, html) = page(&app, "/", &mediator).await;
    assert!(!html.contains("Tolk nodig"), "cleared by the coach");
}
