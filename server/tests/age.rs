//! An age that grows, on the portal's clock (moved by the tests; nothing sleeps): with a date of
//! birth the age band is worked out on the day in Dutch time; the 16th and 18th birthdays change
//! the rules at midnight and are told once to the young person and the parent; earlier answers
//! keep their sharing; under 12 a parent with gezag reads the child's log and downloads the
//! child's shared data, until the 12th birthday. Bad dates get a plain error.

use crate::common::*;
use app::domain::LocalTime;
use axum::http::StatusCode;

/// A fresh demo portal whose clock stands still at `start` (Dutch time), and its coordinator.
async fn table_at(start: &str) -> (TestApp, String) {
    let at = LocalTime::parse(start).expect("time").instant().timestamp();
    let app = TestApp::spawn_with("http://127.0.0.1:3000", app::ctx::Clock::fixed(at)).await;
    let coordinator = app.sign_in_as("coordinator").await;
    (app, coordinator)
}

/// Sets the demo child's date of birth (confirmed, also when it makes them younger).
async fn set_birth(app: &TestApp, cookie: &str, date: &str) -> StatusCode {
    app.call(
        "set_birth_date",
        &[("case", "1"), ("birth_date", date), ("confirm", "yes")],
        Some(cookie),
    )
    .await
    .status()
}

/// Moves the clock to `when` (Dutch time).
fn move_to(app: &TestApp, when: &str) {
    let clock = &app.state.config.clock;
    let at = LocalTime::parse(when).expect("time").instant().timestamp();
    clock.advance(at - clock.now());
}

#[tokio::test]
async fn the_16th_and_18th_birthdays_change_the_rules_at_midnight_dutch_time_and_are_told_once() {
    // 23:30 on 1 December in the Netherlands (22:30 UTC).
    let (app, coordinator) = table_at("2026-12-01T23:30").await;
    assert!(set_birth(&app, &coordinator, "2010-12-02")
        .await
        .is_success());
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;

    // The coordinator sees the date and the age; the family sees the age band only.
    let (_, html) = page(&app, "/cases/1", &coordinator).await;
    assert!(
        html.contains("Nu 15 jaar.") && html.contains("12 tot 16 jaar"),
        "{html}"
    );
    for cookie in [&parent, &young] {
        let (_, html) = page(&app, "/cases/1", cookie).await;
        assert!(
            !html.contains("Geboren op") && !html.contains("2010"),
            "{html}"
        );
        assert!(!html.contains("nu 16 jaar"), "{html}");
    }
    // Before the birthday the young person keeps something for the coach.
    let saved = save(
        &app,
        &young,
        "1",
        "worries",
        "Ik word gepest",
        "mediator",
        0,
        "a1",
    )
    .await;
    assert_eq!(saved["Saved"]["version"], 1, "{saved}");
    assert_eq!(
        prepare_data(&app, &young, "1").await["default_sharing"],
        "Mediator"
    );

    // An hour later it is 00:30 on 2 December in the Netherlands, still 1 December in UTC.
    app.state.config.clock.advance(3600);
    let (_, html) = page(&app, "/cases/1", &young).await;
    assert!(
        html.contains("Je bent nu 16 jaar. Vanaf nu beslis jij wie wat leest."),
        "{html}"
    );
    let (_, html) = page(&app, "/cases/1", &young).await;
    assert!(!html.contains("Je bent nu 16 jaar"), "told once: {html}");
    let (_, html) = page(&app, "/cases/1", &parent).await;
    assert!(
        html.contains("Sam is nu 16 jaar. Vanaf nu beslist Sam zelf wie wat leest."),
        "{html}"
    );
    let (_, html) = page(&app, "/cases/1", &coordinator).await;
    assert!(
        html.contains("Nu 16 jaar.") && html.contains("16 tot 18 jaar"),
        "{html}"
    );
    assert!(
        !html.contains("Sam is nu 16"),
        "professionals are not told: {html}"
    );
    // New answers start private from 16; the earlier one keeps the sharing its author chose.
    let data = prepare_data(&app, &young, "1").await;
    assert_eq!(data["default_sharing"], "OnlyMe");
    let worries = answer_in(&data, "worries");
    assert_eq!(worries["sharing"], "Mediator", "{worries}");
    // The hourly job stores the new band once (and looks at the sent input again).
    let now = app.state.config.clock.now();
    assert_eq!(app::case::age::step(&app.state, now).await, 1);
    assert_eq!(app::case::age::step(&app.state, now).await, 0);

    // The 18th birthday, two years on (new sign-ins: the old sessions have expired).
    move_to(&app, "2028-12-02T00:10");
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let coordinator = app.sign_in_as("coordinator").await;
    let (_, html) = page(&app, "/cases/1", &young).await;
    assert!(html.contains("Je bent nu 18 jaar en volwassen."), "{html}");
    let (_, html) = page(&app, "/cases/1", &parent).await;
    assert!(
        html.contains("U leest alleen nog wat Sam met u deelt."),
        "{html}"
    );
    let (_, html) = page(&app, "/cases/1", &coordinator).await;
    assert!(
        html.contains("18 jaar of ouder") && html.contains("Nu 18 jaar."),
        "{html}"
    );
    // The parent still cannot read what the young person keeps for the coach.
    let res = app
        .call("load_shared", &[("meeting", "1")], Some(&parent))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!body_text(res).await.contains("Ik word gepest"));
}

#[tokio::test]
async fn a_bad_date_of_birth_gets_a_plain_error_and_only_the_coordinator_sets_one() {
    let (app, coordinator) = table_at("2026-12-01T12:00").await;
    for bad in ["2999-01-01", "12-03-2014", "1990-01-01", "gisteren"] {
        let res = app
            .call(
                "create_case",
                &[("first_name", "Bo"), ("birth_date", bad), ("age_band", "")],
                Some(&coordinator),
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let error = app_error(res).await;
        let problem = error.field("birth_date").expect("birth_date problem");
        assert!(
            problem
                .message(app::i18n::Lang::Nl)
                .starts_with("Dit is geen goede geboortedatum."),
            "{bad}"
        );
        assert!(
            error.field("age_band").is_none(),
            "one message, on the date: {bad}"
        );
        assert_eq!(
            set_birth(&app, &coordinator, bad).await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    // Neither a date nor an age: the age is asked for.
    let res = app
        .call(
            "create_case",
            &[("first_name", "Bo"), ("birth_date", ""), ("age_band", "")],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app_error(res).await.field("age_band").is_some());
    // A date without an age band: the band comes from the date.
    let res = app
        .call(
            "create_case",
            &[
                ("first_name", "Bo"),
                ("birth_date", "2015-06-01"),
                ("age_band", ""),
            ],
            Some(&coordinator),
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let case: i64 = sqlx::query_scalar("SELECT MAX(id) FROM cases")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let (_, html) = page(&app, &format!("/cases/{case}"), &coordinator).await;
    assert!(
        html.contains("Nu 11 jaar.") && html.contains("8 tot 12 jaar"),
        "{html}"
    );

    // Only the coordinator sets it; the coach and the family may not.
    for role in ["mediator", "parent", "young", "school"] {
        let cookie = app.sign_in_as(role).await;
        assert_eq!(
            set_birth(&app, &cookie, "2014-03-09").await,
            StatusCode::FORBIDDEN,
            "{role}"
        );
    }
    // A date that makes Sam (12 to 16 now) younger than 12 again must be confirmed: parents
    // would read more again.
    let res = app
        .call(
            "set_birth_date",
            &[("case", "1"), ("birth_date", "2016-01-01")],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = app_error(res)
        .await
        .field("birth_date")
        .cloned()
        .expect("problem");
    assert!(problem
        .message(app::i18n::Lang::Nl)
        .starts_with("Met deze datum is het kind jonger dan nu in Aan Tafel staat."));
    let band: String = sqlx::query_scalar("SELECT age_band FROM cases WHERE id = 1")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(band, "12-15", "nothing changed");
    // Cleared: the band stays as it is today.
    assert!(set_birth(&app, &coordinator, "2014-03-09")
        .await
        .is_success());
    assert!(set_birth(&app, &coordinator, "").await.is_success());
    let stored: (Option<String>, String) =
        sqlx::query_as("SELECT birth_date, age_band FROM cases WHERE id = 1")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(stored, (None, "12-15".to_string()));
}

#[tokio::test]
async fn under_12_a_parent_with_gezag_reads_the_childs_log_and_shared_data_until_the_12th_birthday()
{
    let (app, coordinator) = table_at("2026-12-01T12:00").await;
    assert!(set_birth(&app, &coordinator, "2014-12-02")
        .await
        .is_success());
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let school = app.sign_in_as("school").await;
    let mediator = app.sign_in_as("mediator").await;
    // Sam's first visit at 11: nothing to tell yet.
    let (_, html) = page(&app, "/cases/1", &young).await;
    assert!(!html.contains("Je bent nu"), "{html}");
    save(
        &app,
        &young,
        "1",
        "good_things",
        "Ik ben goed in tekenen",
        "table",
        0,
        "g1",
    )
    .await;
    save(
        &app,
        &young,
        "1",
        "worries",
        "Ik word gepest",
        "mediator",
        0,
        "w1",
    )
    .await;
    fill_required_young(&app, &young, "1").await;
    let res = app
        .call("send_preparation", &[("meeting", "1")], Some(&young))
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    // The coach reads Sam's answers (some kept for the coach); the school reads the shared ones.
    let res = app
        .call("load_review", &[("meeting", "1")], Some(&mediator))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call("load_shared", &[("meeting", "1")], Some(&school))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let child = person_id(&app, demo_email("young")).await;

    // Sam is 11: the parent with gezag sees Sam's log and Sam's shared data.
    let (_, html) = page(&app, "/seen", &parent).await;
    assert!(
        html.contains("Wie heeft de informatie van Sam gezien?"),
        "{html}"
    );
    assert!(
        html.contains("Mark Jansen (School) las de antwoorden van Sam"),
        "{html}"
    );
    assert!(
        !html.contains("Joyce de Vries (Gezinscoach) las"),
        "what the coach read would show that Sam told the coach something: {html}"
    );
    let (status, html) = page(&app, &format!("/my-data?child={child}"), &parent).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("De gegevens van Sam"), "{html}");
    assert!(html.contains("Ik ben goed in tekenen"), "{html}");
    assert!(
        !html.contains("Ik word gepest"),
        "kept for the coach: {html}"
    );
    let res = app
        .get(&format!("/my-data.json?child={child}"), Some(&parent))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let file = body_text(res).await;
    assert!(file.contains("Ik ben goed in tekenen") && !file.contains("Ik word gepest"));
    // Nobody else downloads Sam's data this way.
    for cookie in [&school, &mediator, &young] {
        let res = app
            .get(&format!("/my-data.json?child={child}"), Some(cookie))
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let res = app.get("/my-data.json?child=abc", Some(&parent)).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // A parent without gezag does not.
    let parent_id = person_id(&app, demo_email("parent")).await.to_string();
    let gezag = |value: &'static str| {
        let (app, coordinator, parent_id) = (&app, coordinator.clone(), parent_id.clone());
        async move {
            app.call(
                "set_gezag",
                &[("case", "1"), ("person", &parent_id), ("gezag", value)],
                Some(&coordinator),
            )
            .await
            .status()
        }
    };
    assert_eq!(gezag("no").await, StatusCode::OK);
    let (_, html) = page(&app, "/seen", &parent).await;
    assert!(!html.contains("de informatie van Sam"), "{html}");
    let res = app
        .get(&format!("/my-data.json?child={child}"), Some(&parent))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(gezag("yes").await, StatusCode::OK);

    // From the 12th birthday, only Sam sees it.
    move_to(&app, "2026-12-02T00:05");
    let (_, html) = page(&app, "/seen", &parent).await;
    assert!(!html.contains("de informatie van Sam"), "{html}");
    let res = app
        .get(&format!("/my-data.json?child={child}"), Some(&parent))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (_, html) = page(&app, "/cases/1", &young).await;
    assert!(html.contains("Je bent nu 12 jaar."), "{html}");
    // Sam's own log tells that the parent looked at Sam's data.
    let (_, html) = page(&app, "/seen", &young).await;
    assert!(
        html.contains("Fatima Bakker") && html.contains("bekeek of downloadde je gegevens."),
        "{html}"
    );
}
