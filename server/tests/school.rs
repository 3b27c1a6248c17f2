//! Schools and the plan, through the HTTP router on a real SQLite file: only a school's own staff
//! keep its offer profile; links from offers to needs follow the sharing rules; the family sees
//! the side-by-side view; only professionals at the table change the plan.

use crate::common::*;
use app::domain::Role;
use app::error::{AppError, Problem};
use axum::http::StatusCode;

fn offer_form<'a>(
    school: &'a str,
    kind: &'a str,
    title: &'a str,
    elsewhere: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("school", school),
        ("kind", kind),
        ("title", title),
        ("explanation", "In gewone woorden uitgelegd."),
        ("elsewhere", elsewhere),
    ]
}

#[tokio::test]
async fn only_that_schools_staff_may_edit_its_profile() {
    let app = TestApp::spawn().await;
    let school = app.sign_in_as("school").await;
    // A second school with its own staff member, who also sits at the demo table as school.
    let other = app
        .state
        .store
        .create_school("De Regenboog", 1)
        .await
        .unwrap();
    let coordinator = app.sign_in_as("coordinator").await;
    let other_staff = app
        .invite_and_sign_in(&coordinator, "1", "Ander Schoolmens", "school")
        .await;
    let other_id = app
        .state
        .store
        .members(app::domain::CaseId(1))
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.display_name == "Ander Schoolmens")
        .unwrap()
        .person_id;
    app.state
        .store
        .add_school_staff(other, other_id)
        .await
        .unwrap();

    // The demo school's staff adds an entry.
    let res = app
        .call(
            "save_offer",
            &offer_form("1", "basic", "Huiswerkklas", ""),
            Some(&school),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let v = json(
        app.call("load_school", &[("school", "1")], Some(&school))
            .await,
    )
    .await;
    assert_eq!(v["may_edit"], true);
    assert!(v["offers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["title"] == "Huiswerkklas"));
    let offer = v["offers"][0]["id"].to_string();

    // Everyone else at the table may read it (the case is linked to this school), but not edit it.
    for role in ["parent", "young", "mediator", "care", "coordinator"] {
        let c = app.sign_in_as(role).await;
        let v = json(app.call("load_school", &[("school", "1")], Some(&c)).await).await;
        assert_eq!(v["may_edit"], false, "{role}");
        assert_eq!(
            app_error(
                app.call("save_offer", &offer_form("1", "basic", "Nee", ""), Some(&c))
                    .await
            )
            .await,
            AppError::NotAllowed,
            "{role}"
        );
        assert_eq!(
            app_error(
                app.call(
                    "remove_offer",
                    &[("school", "1"), ("offer", &offer)],
                    Some(&c)
                )
                .await
            )
            .await,
            AppError::NotAllowed,
            "{role}"
        );
    }
    // Staff of another school may not edit this one, even at the same table...
    assert_eq!(
        app_error(
            app.call(
                "save_offer",
                &offer_form("1", "basic", "Nee", ""),
                Some(&other_staff)
            )
            .await
        )
        .await,
        AppError::NotAllowed
    );
    // ...nor change this school's entry through their own school's id.
    let mut f = offer_form("2", "basic", "Overgenomen", "");
    f.push(("offer", &offer));
    assert_eq!(
        app_error(app.call("save_offer", &f, Some(&other_staff)).await).await,
        AppError::NotFound
    );
    // The demo school's staff cannot see the other school's profile: no case links them.
    assert_eq!(
        app_error(
            app.call("load_school", &[("school", "2")], Some(&school))
                .await
        )
        .await,
        AppError::NotFound
    );
    // Someone from another table sees nothing of the demo school either.
    app.post_plain(
        "create_case",
        &[("first_name", "Lina"), ("age_band", "8-11")],
        Some(&coordinator),
    )
    .await;
    let outsider = app
        .invite_and_sign_in(&coordinator, "2", "Ander", "parent")
        .await;
    assert_eq!(
        app_error(
            app.call("load_school", &[("school", "1")], Some(&outsider))
                .await
        )
        .await,
        AppError::NotFound
    );
    let v = json(
        app.call("load_school", &[("school", "1")], Some(&school))
            .await,
    )
    .await;
    assert!(v["offers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["title"] != "Nee" && o["title"] != "Overgenomen"));
}

#[tokio::test]
async fn offers_need_plain_fields_and_who_else_can_help() {
    let app = TestApp::spawn().await;
    let school = app.sign_in_as("school").await;
    let long = "x".repeat(121);
    for (form, field, problem) in [
        (
            offer_form("1", "sometimes", "Iets", ""),
            "kind",
            Problem::Choice,
        ),
        (offer_form("1", "basic", "", ""), "title", Problem::Required),
        (
            offer_form("1", "basic", &long, ""),
            "title",
            Problem::TooLong { max: 120 },
        ),
        (
            offer_form("1", "cannot", "Therapie", ""),
            "elsewhere",
            Problem::Required,
        ),
    ] {
        let err = app_error(app.call("save_offer", &form, Some(&school)).await).await;
        assert_eq!(err.field(field), Some(&problem), "{field}");
        // The chosen kind comes back with the error, so the form keeps it.
        assert_eq!(err.echoed("kind"), Some(form[1].1), "{field}");
    }
    let v = json(
        app.call("load_school", &[("school", "1")], Some(&school))
            .await,
    )
    .await;
    assert_eq!(
        v["offers"].as_array().unwrap().len(),
        3,
        "only the demo entries"
    );
    // Changing and removing an entry.
    let id = v["offers"][0]["id"].to_string();
    let mut f = offer_form("1", "extra", "Bijles", "");
    f.push(("offer", &id));
    assert_eq!(
        app.call("save_offer", &f, Some(&school)).await.status(),
        StatusCode::OK
    );
    let v = json(
        app.call("load_school", &[("school", "1")], Some(&school))
            .await,
    )
    .await;
    assert!(v["offers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["title"] == "Bijles" && o["kind"] == "Extra"));
    assert_eq!(
        app.call(
            "remove_offer",
            &[("school", "1"), ("offer", &id)],
            Some(&school)
        )
        .await
        .status(),
        StatusCode::OK
    );
    let v = json(
        app.call("load_school", &[("school", "1")], Some(&school))
            .await,
    )
    .await;
    assert_eq!(v["offers"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_family_sees_their_ask_next_to_the_schools_answer_and_nothing_more() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let school = app.sign_in_as("school").await;
    let care = app.sign_in_as("care").await;
    save(&app, &parent, "1", "goes_well", "Voetbal", "table", 0, "p1").await;
    save(
        &app,
        &parent,
        "1",
        "worries",
        "Hij zit veel thuis",
        "table",
        0,
        "p2",
    )
    .await;
    save(
        &app,
        &parent,
        "1",
        "child_needs",
        "Een rustige plek in de klas",
        "table",
        0,
        "p3",
    )
    .await;
    save(
        &app,
        &young,
        "1",
        "wishes",
        "Ik wil therapie",
        "mediator",
        0,
        "y1",
    )
    .await;
    fill_required_young(&app, &young, "1").await;
    for c in [&parent, &young] {
        assert_eq!(
            app.call("send_preparation", &[("meeting", "1")], Some(c))
                .await
                .status(),
            StatusCode::OK
        );
    }
    let v = json(
        app.call("load_side_by_side", &[("meeting", "1")], Some(&school))
            .await,
    )
    .await;
    assert_eq!(v["may_link"], true);
    let keys: Vec<String> = v["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["key"].as_str().unwrap().to_string())
        .collect();
    assert!(
        keys.contains(&"answer:1:child_needs".to_string()),
        "{keys:?}"
    );
    // The young person's coach-only wish is not a need the school can see or link to.
    assert!(!keys.iter().any(|k| k.starts_with("answer:2:")), "{keys:?}");
    let offers = v["offers"].as_array().unwrap();
    let quiet = offers.iter().find(|o| o["kind"] == "Extra").unwrap()["id"].to_string();
    let cannot = offers.iter().find(|o| o["kind"] == "Cannot").unwrap()["id"].to_string();
    for offer in [&quiet, &cannot] {
        let res = app
            .call(
                "link_offer",
                &[
                    ("meeting", "1"),
                    ("need", "answer:1:child_needs"),
                    ("offer", offer),
                    ("note", "We beginnen na de vakantie."),
                ],
                Some(&school),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    assert_eq!(
        app_error(
            app.call(
                "link_offer",
                &[
                    ("meeting", "1"),
                    ("need", "answer:2:wishes"),
                    ("offer", &quiet)
                ],
                Some(&school)
            )
            .await
        )
        .await
        .field("need"),
        Some(&Problem::Choice)
    );
    // Only the school's staff links.
    for c in [&parent, &care] {
        assert_eq!(
            app_error(
                app.call(
                    "link_offer",
                    &[
                        ("meeting", "1"),
                        ("need", "answer:1:child_needs"),
                        ("offer", &quiet)
                    ],
                    Some(c)
                )
                .await
            )
            .await,
            AppError::NotAllowed
        );
    }
    // The parent sees their ask with the school's two answers: what it can do and what it cannot, and who can.
    let v = json(
        app.call("load_side_by_side", &[("meeting", "1")], Some(&parent))
            .await,
    )
    .await;
    assert_eq!(v["may_link"], false);
    assert!(v["offers"].as_array().unwrap().is_empty());
    let need = v["needs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["key"] == "answer:1:child_needs")
        .unwrap();
    assert_eq!(need["text"], "Een rustige plek in de klas");
    let kinds: Vec<&str> = need["offers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["offer"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Extra", "Cannot"]);
    assert_eq!(need["offers"][0]["note"], "We beginnen na de vakantie.");
    assert!(need["offers"][1]["offer"]["elsewhere"]
        .as_str()
        .unwrap()
        .contains("wijkteam"));
    let html = body_text(app.get("/meetings/1/school", Some(&parent)).await).await;
    assert!(html.contains("Een rustige plek in de klas") && html.contains("Wie kan wel helpen"));
    // The young person's private wish never appears for the parent.
    assert!(!html.contains("Ik wil therapie"));
    // Withdrawn answers take their links out of sight too.
    app.call(
        "withdraw_answer",
        &[("meeting", "1"), ("question", "child_needs")],
        Some(&parent),
    )
    .await;
    let html = body_text(app.get("/meetings/1/school", Some(&care)).await).await;
    assert!(!html.contains("Een rustige plek in de klas"));
    // Unlinking: school only.
    let v = json(
        app.call("load_side_by_side", &[("meeting", "1")], Some(&parent))
            .await,
    )
    .await;
    let need = v["needs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["key"] == "answer:1:child_needs")
        .expect("the author still sees their own withdrawn answer");
    let link = need["offers"][0]["link"].to_string();
    assert_eq!(
        app_error(
            app.call(
                "unlink_offer",
                &[("meeting", "1"), ("link", &link)],
                Some(&parent)
            )
            .await
        )
        .await,
        AppError::NotAllowed
    );
    assert_eq!(
        app.call(
            "unlink_offer",
            &[("meeting", "1"), ("link", &link)],
            Some(&school)
        )
        .await
        .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn only_professionals_at_the_table_change_the_plan() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let care = app.sign_in_as("care").await;
    let res = app
        .call(
            "add_goal",
            &[
                ("case", "1"),
                ("plain", "Sam slaapt beter."),
                ("detail", "Slaapritme conform het OPP"),
                ("expressed_by", Role::Young.code()),
            ],
            Some(&care),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for c in [&parent, &young] {
        assert_eq!(
            app_error(
                app.call(
                    "add_goal",
                    &[("case", "1"), ("plain", "x"), ("expressed_by", "parent")],
                    Some(c)
                )
                .await
            )
            .await,
            AppError::NotAllowed
        );
        assert_eq!(
            app_error(
                app.call(
                    "add_plan_action",
                    &[("case", "1"), ("what", "x"), ("who", "y")],
                    Some(c)
                )
                .await
            )
            .await,
            AppError::NotAllowed
        );
    }
    let v = json(app.call("load_plan", &[("case", "1")], Some(&young)).await).await;
    assert_eq!(v["may_edit"], false);
    let goal = v["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["plain"] == "Sam slaapt beter.")
        .unwrap();
    assert_eq!(goal["expressed_by"], "Young");
    let goal_id = goal["id"].to_string();
    assert_eq!(
        app.call(
            "add_progress",
            &[
                ("case", "1"),
                ("goal", &goal_id),
                ("score", "6"),
                ("note", "Beter")
            ],
            Some(&care)
        )
        .await
        .status(),
        StatusCode::OK
    );
    assert_eq!(
        app_error(
            app.call(
                "add_progress",
                &[("case", "1"), ("goal", &goal_id), ("score", "11")],
                Some(&care)
            )
            .await
        )
        .await
        .field("score"),
        Some(&Problem::Choice)
    );
    assert_eq!(
        app.call(
            "add_plan_action",
            &[
                ("case", "1"),
                ("goal", &goal_id),
                ("what", "Om tien uur de telefoon weg"),
                ("who", "Sam"),
                ("due", "2030-02-01")
            ],
            Some(&care)
        )
        .await
        .status(),
        StatusCode::OK
    );
    let v = json(app.call("load_plan", &[("case", "1")], Some(&parent)).await).await;
    let goal = v["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["plain"] == "Sam slaapt beter.")
        .unwrap();
    assert_eq!(goal["progress"][0]["score"], 6);
    assert_eq!(goal["actions"][0]["who"], "Sam");
    let action = goal["actions"][0]["id"].to_string();
    // No meeting has passed yet, so everything counts as new.
    assert!(v["changed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c.as_str().unwrap().contains("nu 6 van 10")));
    assert_eq!(
        app.call(
            "set_action_done",
            &[("case", "1"), ("action", &action), ("done", "yes")],
            Some(&care)
        )
        .await
        .status(),
        StatusCode::OK
    );
    let v = json(app.call("load_plan", &[("case", "1")], Some(&parent)).await).await;
    let goal = v["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["plain"] == "Sam slaapt beter.")
        .unwrap();
    assert_eq!(goal["actions"][0]["done"], true);
    // The page shows plain words first, with the professional wording and its jargon one tap away.
    let html = body_text(app.get("/cases/1/plan", Some(&parent)).await).await;
    assert!(html.contains("Sam slaapt beter."));
    assert!(html.contains("<details class=\"detail\">"));
    assert!(
        html.contains("href=\"/woorden#opp\""),
        "jargon is linked to the glossary"
    );
    // Outsiders: not found, for every plan function.
    let coordinator = app.sign_in_as("coordinator").await;
    app.post_plain(
        "create_case",
        &[("first_name", "Lina"), ("age_band", "8-11")],
        Some(&coordinator),
    )
    .await;
    let outsider = app
        .invite_and_sign_in(&coordinator, "2", "Ander", "care")
        .await;
    for (name, form) in [
        ("load_plan", vec![("case", "1")]),
        (
            "add_goal",
            vec![("case", "1"), ("plain", "x"), ("expressed_by", "parent")],
        ),
        (
            "add_progress",
            vec![("case", "1"), ("goal", goal_id.as_str()), ("score", "5")],
        ),
        (
            "set_action_done",
            vec![("case", "1"), ("action", action.as_str()), ("done", "no")],
        ),
    ] {
        assert_eq!(
            app_error(app.call(name, &form, Some(&outsider)).await).await,
            AppError::NotFound,
            "{name}"
        );
    }
    // A goal of another case cannot be reached through one's own case.
    let v = json(
        app.call("load_plan", &[("case", "2")], Some(&outsider))
            .await,
    )
    .await;
    assert!(v["goals"].as_array().unwrap().is_empty());
    assert_eq!(
        app_error(
            app.call(
                "add_progress",
                &[("case", "2"), ("goal", &goal_id), ("score", "5")],
                Some(&outsider)
            )
            .await
        )
        .await,
        AppError::NotFound
    );
}

#[tokio::test]
async fn the_glossary_page_needs_no_sign_in_and_explains_every_term() {
    let app = TestApp::spawn().await;
    let res = app.get("/woorden", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = body_text(res).await;
    for t in app::plain::glossary::TERMS {
        assert!(html.contains(&format!("id=\"{}\"", t.key)), "{}", t.key);
    }
    // The meeting purpose (written by a professional) marks its jargon for the family.
    let parent = app.sign_in_as("parent").await;
    let html = body_text(app.get("/meetings/1", Some(&parent)).await).await;
    assert!(html.contains("class=\"marked purpose\""));
}

#[test]
fn schools_are_set_up_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("aantafel-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}/cli.db", dir.display());
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(args)
            .env("DATABASE_URL", &db)
            .env("AANTAFEL_DEMO", "1")
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        )
    };
    // The demo has school 1; a new one gets id 2.
    let (ok, id, _) = run(&["add-school", "De Regenboog"]);
    assert!(ok);
    assert_eq!(id, "2");
    assert!(run(&["add-school-staff", "2", "school@demo.invalid"]).0);
    assert!(run(&["link-school", "1", "2"]).0);
    // Plain refusals for what cannot be.
    let (ok, _, err) = run(&["add-school-staff", "2", "ouder@demo.invalid"]);
    assert!(!ok && err.contains("not school staff"), "{err}");
    let (ok, _, err) = run(&["add-school-staff", "2", "nobody@demo.invalid"]);
    assert!(!ok && err.contains("invite them first"), "{err}");
    let (ok, _, err) = run(&["link-school", "1", "99"]);
    assert!(!ok && err.contains("no such school"), "{err}");
    let (ok, _, _) = run(&["add-school", ""]);
    assert!(!ok);
    std::fs::remove_dir_all(&dir).ok();
}
