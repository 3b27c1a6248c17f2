//! Review, the shared agenda and agreements, through the HTTP router on a real SQLite file:
//! who may propose, reorder, merge, publish and edit after publishing; what each person sees
//! before and after publishing; questions back, summaries and withdrawing; agreements, feedback
//! and the calendar file; and that nobody outside the table can do or see any of it.

use crate::common::*;
use app::error::{AppError, Problem};
use axum::http::StatusCode;
use serde_json::Value;

const ALL: [&str; 6] = [
    "parent",
    "young",
    "mediator",
    "school",
    "care",
    "coordinator",
];

async fn propose(app: &TestApp, cookie: &str, title: &str, extra: &[(&str, &str)]) -> StatusCode {
    let mut form = vec![("meeting", "1"), ("title", title)];
    form.extend_from_slice(extra);
    app.call("propose_item", &form, Some(cookie)).await.status()
}

async fn agenda(app: &TestApp, cookie: &str) -> Value {
    json(
        app.call("load_agenda", &[("meeting", "1")], Some(cookie))
            .await,
    )
    .await
}

fn titles(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect()
}

fn item<'a>(v: &'a Value, title: &str) -> &'a Value {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == title)
        .unwrap_or_else(|| panic!("no item {title} in {v}"))
}

/// A second case with its own parent, who must find nothing of case 1.
async fn outsider(app: &TestApp) -> String {
    let coordinator = app.sign_in_as("coordinator").await;
    app.post_plain(
        "create_case",
        &[("first_name", "Lina"), ("age_band", "8-11")],
        Some(&coordinator),
    )
    .await;
    app.invite_and_sign_in(&coordinator, "2", "Ander", "parent")
        .await
}

#[tokio::test]
async fn everyone_at_the_table_proposes_and_only_the_mediator_organises() {
    let app = TestApp::spawn().await;
    let mut cookies = Vec::new();
    for role in ALL {
        let c = app.sign_in_as(role).await;
        assert_eq!(
            propose(&app, &c, &format!("Punt van {role}"), &[]).await,
            StatusCode::OK,
            "{role} proposes"
        );
        cookies.push((role, c));
    }
    let mediator = &cookies[2].1;
    let v = agenda(&app, mediator).await;
    assert_eq!(v["items"].as_array().unwrap().len(), 6);
    let first = v["items"][0]["id"].to_string();
    let second = v["items"][1]["id"].to_string();
    for (role, c) in &cookies {
        let allowed = *role == "mediator";
        let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
            (
                "organise_item",
                vec![("meeting", "1"), ("item", &second), ("op", "up")],
            ),
            (
                "organise_item",
                vec![
                    ("meeting", "1"),
                    ("item", &first),
                    ("op", "minutes"),
                    ("minutes", "10"),
                ],
            ),
            ("publish_agenda", vec![("meeting", "1")]),
            ("load_review", vec![("meeting", "1")]),
        ];
        for (name, form) in calls {
            let res = app.call(name, &form, Some(c)).await;
            if allowed {
                assert_eq!(res.status(), StatusCode::OK, "{role} {name}");
            } else {
                assert_eq!(app_error(res).await, AppError::NotAllowed, "{role} {name}");
            }
        }
    }
    // The mediator's two moves: the second item went up, and the first got a time box.
    let v = agenda(&app, mediator).await;
    assert_eq!(v["items"][0]["title"], "Punt van young");
    assert_eq!(item(&v, "Punt van parent")["minutes"], 10);
}

#[tokio::test]
async fn before_publishing_each_sees_their_own_and_after_it_everyone_sees_the_agenda() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let school = app.sign_in_as("school").await;
    let mediator = app.sign_in_as("mediator").await;
    propose(
        &app,
        &parent,
        "Huiswerk",
        &[("why", "Het kost elke avond ruzie")],
    )
    .await;
    propose(&app, &school, "Rooster", &[]).await;
    assert_eq!(titles(&agenda(&app, &parent).await), ["Huiswerk"]);
    assert_eq!(titles(&agenda(&app, &school).await), ["Rooster"]);
    assert_eq!(
        titles(&agenda(&app, &mediator).await),
        ["Huiswerk", "Rooster"]
    );
    assert_eq!(agenda(&app, &parent).await["published"], false);

    app.call("publish_agenda", &[("meeting", "1")], Some(&mediator))
        .await;
    for c in [&parent, &school, &mediator] {
        let v = agenda(&app, c).await;
        assert_eq!(v["published"], true);
        assert_eq!(titles(&v), ["Huiswerk", "Rooster"]);
        assert!(v["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["changed"] == false));
    }
    assert_eq!(
        item(&agenda(&app, &school).await, "Huiswerk")["why"],
        "Het kost elke avond ruzie"
    );

    // A proposal after publishing waits for the mediator; others do not see it yet.
    propose(&app, &school, "Vervoer", &[]).await;
    assert_eq!(
        titles(&agenda(&app, &parent).await),
        ["Huiswerk", "Rooster"]
    );
    let v = agenda(&app, &mediator).await;
    assert_eq!(item(&v, "Vervoer")["published"], false);

    // Editing after publishing marks the item as changed, for everyone.
    let rooster = item(&v, "Rooster")["id"].to_string();
    app.call(
        "organise_item",
        &[("meeting", "1"), ("item", &rooster), ("op", "up")],
        Some(&mediator),
    )
    .await;
    let v = agenda(&app, &parent).await;
    assert_eq!(titles(&v), ["Rooster", "Huiswerk"]);
    assert_eq!(item(&v, "Rooster")["changed"], true);
    assert_eq!(item(&v, "Huiswerk")["changed"], true);

    // Publishing again puts the new item on and clears the marks.
    app.call("publish_agenda", &[("meeting", "1")], Some(&mediator))
        .await;
    let v = agenda(&app, &parent).await;
    assert_eq!(titles(&v), ["Rooster", "Huiswerk", "Vervoer"]);
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["changed"] == false));
}

#[tokio::test]
async fn merging_keeps_who_proposed_and_a_young_person_can_stay_unnamed() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let school = app.sign_in_as("school").await;
    let mediator = app.sign_in_as("mediator").await;
    propose(&app, &parent, "Pesten", &[]).await;
    propose(&app, &school, "Pesten op het plein", &[]).await;
    save(
        &app,
        &young,
        "1",
        "wishes",
        "Een andere klas",
        "mediator",
        0,
        "y1",
    )
    .await;
    propose(
        &app,
        &young,
        "Ik wil een andere klas",
        &[("via_mediator", "1"), ("linked_question", "wishes")],
    )
    .await;
    let v = agenda(&app, &mediator).await;
    let keep = item(&v, "Pesten")["id"].to_string();
    let dup = item(&v, "Pesten op het plein")["id"].to_string();
    let res = app
        .call(
            "organise_item",
            &[
                ("meeting", "1"),
                ("item", &dup),
                ("op", "merge"),
                ("into", &keep),
            ],
            Some(&mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Merging into itself or into an unknown item is refused in plain words.
    for into in [keep.as_str(), "999", "x"] {
        let err = app_error(
            app.call(
                "organise_item",
                &[
                    ("meeting", "1"),
                    ("item", &keep),
                    ("op", "merge"),
                    ("into", into),
                ],
                Some(&mediator),
            )
            .await,
        )
        .await;
        assert_eq!(err.field("into"), Some(&Problem::Choice), "{into}");
    }
    app.call("publish_agenda", &[("meeting", "1")], Some(&mediator))
        .await;
    let v = agenda(&app, &parent).await;
    assert_eq!(titles(&v), ["Pesten", "Ik wil een andere klas"]);
    let names: Vec<&str> = item(&v, "Pesten")["raised_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Fatima Bakker", "Mark Jansen"]);
    // The young person's item is raised by the family coach; their name is not sent to others.
    let text = body_text(
        app.call("load_agenda", &[("meeting", "1")], Some(&parent))
            .await,
    )
    .await;
    assert!(!text.contains("\"Sam\""), "{text}");
    // Nor which of the young person's questions it came from.
    assert_eq!(
        item(&v, "Ik wil een andere klas")["linked_prompt"],
        Value::Null
    );
    assert_eq!(
        item(&v, "Ik wil een andere klas")["raised_by"][0]["role"],
        "Mediator"
    );
    // It looks exactly like an item the coach raised herself.
    assert_eq!(
        item(&v, "Ik wil een andere klas")["raised_by"][0]["name"],
        "Joyce de Vries"
    );
    // The young person and the mediator still see who it came from.
    let v = agenda(&app, &young).await;
    assert_eq!(
        item(&v, "Ik wil een andere klas")["raised_by"][0]["name"],
        "Sam"
    );
    assert!(item(&v, "Ik wil een andere klas")["linked_prompt"].is_string());
    // The school's merged proposal still shows up in its own list, marked as merged.
    let v = agenda(&app, &school).await;
    assert_eq!(item(&v, "Pesten op het plein")["merged"], true);
}

#[tokio::test]
async fn bad_proposals_get_plain_errors_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let long = "x".repeat(121);
    for (form, field, problem) in [
        (vec![("title", "  ")], "title", Problem::Required),
        (
            vec![("title", long.as_str())],
            "title",
            Problem::TooLong { max: 120 },
        ),
        (
            vec![("title", "ok"), ("linked_question", "not_mine")],
            "linked_question",
            Problem::Choice,
        ),
    ] {
        let mut f = vec![("meeting", "1")];
        f.extend(form);
        let err = app_error(app.call("propose_item", &f, Some(&parent)).await).await;
        assert_eq!(err.field(field), Some(&problem), "{field}");
    }
    assert!(titles(&agenda(&app, &parent).await).is_empty());
    // Hostile text is kept as text.
    propose(&app, &parent, "<script>alert(1)</script> 🙂 مرحبا", &[]).await;
    let html = body_text(app.get("/meetings/1/agenda", Some(&parent)).await).await;
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; 🙂 مرحبا"));
    assert!(!html.contains("<script>alert(1)"));
    // There is a limit per person.
    for n in 1..20 {
        assert_eq!(
            propose(&app, &parent, &format!("Punt {n}"), &[]).await,
            StatusCode::OK
        );
    }
    let err = app_error(
        app.call(
            "propose_item",
            &[("meeting", "1"), ("title", "Nog een")],
            Some(&parent),
        )
        .await,
    )
    .await;
    assert_eq!(err.field("title"), Some(&Problem::TooMany { max: 20 }));
}

#[tokio::test]
async fn review_questions_back_summaries_and_withdrawing() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let school = app.sign_in_as("school").await;
    let mediator = app.sign_in_as("mediator").await;
    save(
        &app,
        &parent,
        "1",
        "worries",
        "Hij slaapt slecht",
        "table",
        0,
        "p1",
    )
    .await;
    save(
        &app,
        &parent,
        "1",
        "goes_well",
        "Voetbal gaat goed",
        "table",
        0,
        "p2",
    )
    .await;
    save(&app, &parent, "1", "child_needs", "Rust", "me", 0, "p3").await;
    save(
        &app,
        &young,
        "1",
        "worries",
        "Ik word gepest",
        "mediator",
        0,
        "y1",
    )
    .await;
    fill_required_young(&app, &young, "1").await;
    // Nothing reaches the mediator before it is sent.
    let v = json(
        app.call("load_review", &[("meeting", "1")], Some(&mediator))
            .await,
    )
    .await;
    assert!(v["items"].as_array().unwrap().is_empty());
    assert!(v["preparers"][0]["reminder"]
        .as_str()
        .unwrap()
        .contains("/meetings/1/prepare"));
    for c in [&parent, &young] {
        let res = app
            .call("send_preparation", &[("meeting", "1")], Some(c))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let v = json(
        app.call("load_review", &[("meeting", "1")], Some(&mediator))
            .await,
    )
    .await;
    let texts: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&"Ik word gepest") && texts.contains(&"Hij slaapt slecht"));
    assert!(
        !texts.contains(&"-"),
        "private answers stay private: {texts:?}"
    );

    let review = |author: &'static str, q: &'static str, op: &'static str, text: &'static str| {
        let app = &app;
        let mediator = &mediator;
        async move {
            app.call(
                "review_answer",
                &[
                    ("meeting", "1"),
                    ("author", author),
                    ("question", q),
                    ("op", op),
                    ("text", text),
                ],
                Some(mediator),
            )
            .await
        }
    };
    assert_eq!(
        review("1", "worries", "read", "").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        review("1", "worries", "ask", "Sinds wanneer?")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        review("1", "worries", "summary", "Slaapproblemen thuis")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        review("2", "worries", "summary", "Sam voelt zich niet veilig")
            .await
            .status(),
        StatusCode::OK
    );
    // The mediator may not review what they may not read: the young person's private answers.
    assert_eq!(
        app_error(review("2", "good_things", "read", "").await).await,
        AppError::NotFound
    );
    assert_eq!(
        app_error(review("1", "worries", "ask", "").await)
            .await
            .field("text"),
        Some(&Problem::Required)
    );
    let v = json(
        app.call("load_review", &[("meeting", "1")], Some(&mediator))
            .await,
    )
    .await;
    let w = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["author_name"] == "Fatima Bakker" && i["question"] == "worries")
        .unwrap();
    assert_eq!(w["read"], true);

    // The parent sees the question and the summary next to their own words, and replies.
    let p = json(
        app.call("load_preview", &[("meeting", "1")], Some(&parent))
            .await,
    )
    .await;
    let w = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["question"] == "worries")
        .unwrap();
    assert_eq!(w["text"], "Hij slaapt slecht");
    assert_eq!(w["question_back"], "Sinds wanneer?");
    assert_eq!(w["summary"], "Slaapproblemen thuis");
    let res = app
        .call(
            "reply_back",
            &[
                ("meeting", "1"),
                ("question", "worries"),
                ("text", "Sinds de zomer"),
            ],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // No question, no reply.
    assert_eq!(
        app_error(
            app.call(
                "reply_back",
                &[("meeting", "1"), ("question", "goes_well"), ("text", "x")],
                Some(&parent)
            )
            .await
        )
        .await,
        AppError::NotFound
    );

    // The school sees the parent's words with the summary, but nothing of the coach-only answer.
    let shared = body_text(
        app.call("load_shared", &[("meeting", "1")], Some(&school))
            .await,
    )
    .await;
    assert!(shared.contains("Hij slaapt slecht") && shared.contains("Slaapproblemen thuis"));
    assert!(
        !shared.contains("gepest") && !shared.contains("niet veilig"),
        "{shared}"
    );
    let shared = body_text(
        app.call("load_shared", &[("meeting", "1")], Some(&parent))
            .await,
    )
    .await;
    assert!(!shared.contains("gepest") && !shared.contains("niet veilig"));
    // Nobody but the mediator sees a reply or a question back.
    assert!(!shared.contains("Sinds"));

    // Withdrawing before publishing: afterwards the school sees neither the answer nor its summary.
    let res = app
        .call(
            "withdraw_answer",
            &[("meeting", "1"), ("question", "worries")],
            Some(&parent),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let shared = body_text(
        app.call("load_shared", &[("meeting", "1")], Some(&school))
            .await,
    )
    .await;
    assert!(!shared.contains("Hij slaapt slecht") && !shared.contains("Slaapproblemen"));
    assert!(shared.contains("Voetbal gaat goed"));
    // After publishing, withdrawing is refused in plain words, and nothing changes.
    app.call("publish_agenda", &[("meeting", "1")], Some(&mediator))
        .await;
    assert_eq!(
        app_error(
            app.call(
                "withdraw_answer",
                &[("meeting", "1"), ("question", "goes_well")],
                Some(&parent)
            )
            .await
        )
        .await,
        AppError::AgendaPublished
    );
    let shared = body_text(
        app.call("load_shared", &[("meeting", "1")], Some(&school))
            .await,
    )
    .await;
    assert!(shared.contains("Voetbal gaat goed"));
    // Only the author can withdraw, and only their own.
    assert_eq!(
        app_error(
            app.call(
                "withdraw_answer",
                &[("meeting", "1"), ("question", "worries")],
                Some(&school)
            )
            .await
        )
        .await,
        AppError::NotAllowed
    );
}

#[tokio::test]
async fn agreements_feedback_and_the_calendar_file() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    let school = app.sign_in_as("school").await;
    let mediator = app.sign_in_as("mediator").await;
    propose(&app, &parent, "Huiswerk", &[]).await;
    app.call("publish_agenda", &[("meeting", "1")], Some(&mediator))
        .await;
    let id = item(&agenda(&app, &mediator).await, "Huiswerk")["id"].to_string();
    let add = |who: &'static str, due: &'static str, cookie: &String| {
        let id = id.clone();
        let cookie = cookie.clone();
        let app = &app;
        async move {
            app.call(
                "add_agreement",
                &[
                    ("meeting", "1"),
                    ("item", &id),
                    ("what", "Huiswerkplanner maken"),
                    ("who", who),
                    ("due", due),
                ],
                Some(&cookie),
            )
            .await
        }
    };
    assert_eq!(
        add("Mentor", "2030-01-15", &mediator).await.status(),
        StatusCode::OK
    );
    for c in [&parent, &young, &school] {
        assert_eq!(app_error(add("x", "", c).await).await, AppError::NotAllowed);
    }
    assert_eq!(
        app_error(add("Mentor", "15-01-2030", &mediator).await)
            .await
            .field("due"),
        Some(&Problem::Date)
    );
    // An agreement can serve a goal of the plan (the demo plan has goal 1), but not an unknown one.
    let res = app
        .call(
            "add_agreement",
            &[
                ("meeting", "1"),
                ("goal", "1"),
                ("what", "Elke ochtend samen ontbijten"),
                ("who", "Fatima"),
            ],
            Some(&mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app_error(
            app.call(
                "add_agreement",
                &[
                    ("meeting", "1"),
                    ("goal", "999"),
                    ("what", "x"),
                    ("who", "y")
                ],
                Some(&mediator),
            )
            .await
        )
        .await
        .field("goal"),
        Some(&Problem::Choice)
    );
    let v = json(
        app.call("load_record", &[("meeting", "1")], Some(&parent))
            .await,
    )
    .await;
    assert_eq!(v["other"][0]["goal"], "Sam gaat weer elke dag naar school.");
    let res = app
        .call(
            "record_discussed",
            &[
                ("meeting", "1"),
                ("item", &id),
                ("text", "Elke avond ruzie"),
            ],
            Some(&mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The young person sees the agreements and says whether they match.
    let v = json(
        app.call("load_record", &[("meeting", "1")], Some(&young))
            .await,
    )
    .await;
    assert_eq!(v["items"][0]["agreements"][0]["who"], "Mentor");
    assert_eq!(v["items"][0]["discussed"], "Elke avond ruzie");
    assert_eq!(v["asks_feedback"], true);
    assert!(v["feedback"].as_array().unwrap().is_empty());
    let res = app
        .call(
            "give_feedback",
            &[
                ("meeting", "1"),
                ("agree", "no"),
                ("comment", "Ik hoorde vrijdag"),
            ],
            Some(&young),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app_error(
            app.call(
                "give_feedback",
                &[("meeting", "1"), ("agree", "yes")],
                Some(&school)
            )
            .await
        )
        .await,
        AppError::NotAllowed
    );
    assert_eq!(
        app_error(
            app.call(
                "give_feedback",
                &[("meeting", "1"), ("agree", "maybe")],
                Some(&parent)
            )
            .await
        )
        .await
        .field("agree"),
        Some(&Problem::Choice)
    );
    let v = json(
        app.call("load_record", &[("meeting", "1")], Some(&mediator))
            .await,
    )
    .await;
    assert_eq!(v["feedback"][0]["name"], "Sam");
    assert_eq!(v["feedback"][0]["matches"], false);
    // The parent does not see what the young person said about it.
    let text = body_text(
        app.call("load_record", &[("meeting", "1")], Some(&parent))
            .await,
    )
    .await;
    assert!(!text.contains("Ik hoorde vrijdag"));

    // The calendar file: the meeting, the deadline to prepare, the dated agreement.
    let res = app.get("/meetings/1/calendar.ics", Some(&parent)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let ics = body_text(res).await;
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3, "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20300115"));
    assert!(ics.contains("SUMMARY:Te doen: "), "{ics}");
    // A language chosen in the menu is kept on the account, and the calendar file follows it.
    let res = app.get("/lang/tr?back=/", Some(&parent)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let ics = body_text(app.get("/meetings/1/calendar.ics", Some(&parent)).await).await;
    assert!(
        ics.contains("SUMMARY:Yapılacak: ") && !ics.contains("Te doen"),
        "{ics}"
    );
    app.get("/lang/nl?back=/", Some(&parent)).await;
    // A link from another site sets the cookie of that browser, but never changes the account.
    let res = app
        .send(
            axum::http::Request::get("/lang/pl?back=/")
                .header("cookie", parent.as_str())
                .header("sec-fetch-site", "cross-site")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let ics = body_text(app.get("/meetings/1/calendar.ics", Some(&parent)).await).await;
    assert!(ics.contains("SUMMARY:Te doen: "), "{ics}");
    // The school does not prepare, so gets no deadline.
    let ics = body_text(app.get("/meetings/1/calendar.ics", Some(&school)).await).await;
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    // Removing an agreement.
    let v = json(
        app.call("load_record", &[("meeting", "1")], Some(&mediator))
            .await,
    )
    .await;
    let agreement = v["items"][0]["agreements"][0]["id"].to_string();
    assert_eq!(
        app_error(
            app.call(
                "remove_agreement",
                &[("meeting", "1"), ("agreement", &agreement)],
                Some(&school)
            )
            .await
        )
        .await,
        AppError::NotAllowed
    );
    let res = app
        .call(
            "remove_agreement",
            &[("meeting", "1"), ("agreement", &agreement)],
            Some(&mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let ics = body_text(app.get("/meetings/1/calendar.ics", Some(&parent)).await).await;
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
}

#[tokio::test]
async fn nobody_outside_the_table_sees_or_changes_anything() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let mediator = app.sign_in_as("mediator").await;
    propose(&app, &parent, "Huiswerk", &[]).await;
    let id = item(&agenda(&app, &mediator).await, "Huiswerk")["id"].to_string();
    let outsider = outsider(&app).await;
    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("load_agenda", vec![("meeting", "1")]),
        ("propose_item", vec![("meeting", "1"), ("title", "x")]),
        (
            "organise_item",
            vec![("meeting", "1"), ("item", &id), ("op", "up")],
        ),
        ("publish_agenda", vec![("meeting", "1")]),
        ("load_review", vec![("meeting", "1")]),
        (
            "review_answer",
            vec![
                ("meeting", "1"),
                ("author", "1"),
                ("question", "worries"),
                ("op", "read"),
            ],
        ),
        ("load_preview", vec![("meeting", "1")]),
        (
            "withdraw_answer",
            vec![("meeting", "1"), ("question", "worries")],
        ),
        (
            "reply_back",
            vec![("meeting", "1"), ("question", "worries"), ("text", "x")],
        ),
        ("load_record", vec![("meeting", "1")]),
        (
            "record_discussed",
            vec![("meeting", "1"), ("item", &id), ("text", "x")],
        ),
        (
            "add_agreement",
            vec![("meeting", "1"), ("what", "x"), ("who", "y")],
        ),
        (
            "remove_agreement",
            vec![("meeting", "1"), ("agreement", "1")],
        ),
        ("give_feedback", vec![("meeting", "1"), ("agree", "yes")]),
    ];
    for (name, form) in &calls {
        assert_eq!(
            app_error(app.call(name, form, Some(&outsider)).await).await,
            AppError::NotFound,
            "{name}"
        );
        // Signed out: sign in first.
        assert_eq!(
            app_error(app.call(name, form, None).await).await,
            AppError::SignInNeeded,
            "{name}"
        );
    }
    for path in [
        "/meetings/1/agenda",
        "/meetings/1/review",
        "/meetings/1/preview",
        "/meetings/1/agreements",
    ] {
        let res = app.get(path, Some(&outsider)).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(!body_text(res).await.contains("Huiswerk"), "{path}");
    }
    assert_eq!(
        app.get("/meetings/1/calendar.ics", Some(&outsider))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/meetings/1/calendar.ics", None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/meetings/abc/calendar.ics", Some(&parent))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // The item is untouched.
    let v = agenda(&app, &mediator).await;
    assert_eq!(titles(&v), ["Huiswerk"]);
    assert_eq!(v["published"], false);
}

#[tokio::test]
async fn merges_chain_and_links_follow_the_answers_sharing() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let school = app.sign_in_as("school").await;
    let care = app.sign_in_as("care").await;
    let mediator = app.sign_in_as("mediator").await;
    // The parent links an item to an answer only the coach may read.
    save(&app, &parent, "1", "goes_well", "x", "table", 0, "p1").await;
    save(&app, &parent, "1", "worries", "Geheim", "mediator", 0, "p2").await;
    save(&app, &parent, "1", "child_needs", "y", "table", 0, "p3").await;
    app.call("send_preparation", &[("meeting", "1")], Some(&parent))
        .await;
    propose(&app, &parent, "A", &[]).await;
    propose(&app, &parent, "D", &[("linked_question", "worries")]).await;
    propose(&app, &school, "B", &[]).await;
    propose(&app, &care, "C", &[]).await;
    let v = agenda(&app, &mediator).await;
    let id = |t: &str| item(&v, t)["id"].to_string();
    let (a, b, c) = (id("A"), id("B"), id("C"));
    // B into A, then A into C: everyone who proposed stays named on C.
    for (from, into) in [(&b, &a), (&a, &c)] {
        let res = app
            .call(
                "organise_item",
                &[
                    ("meeting", "1"),
                    ("item", from),
                    ("op", "merge"),
                    ("into", into),
                ],
                Some(&mediator),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    app.call("publish_agenda", &[("meeting", "1")], Some(&mediator))
        .await;
    let v = agenda(&app, &school).await;
    let names: Vec<&str> = item(&v, "C")["raised_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    // The question D is linked to is shown only to those who may read that answer.
    assert_eq!(item(&v, "D")["linked_prompt"], Value::Null);
    let v = agenda(&app, &mediator).await;
    assert!(item(&v, "D")["linked_prompt"].is_string());
    let v = agenda(&app, &parent).await;
    assert!(item(&v, "D")["linked_prompt"].is_string());
    // A plan action is done or not done; nothing else.
    let err = app_error(
        app.call(
            "set_action_done",
            &[("case", "1"), ("action", "1"), ("done", "maybe")],
            Some(&care),
        )
        .await,
    )
    .await;
    assert_eq!(err.field("done"), Some(&Problem::Choice));
}

#[tokio::test]
async fn two_tabs_never_silently_overwrite_what_was_discussed() {
    let app = TestApp::spawn().await;
    let parent = app.sign_in_as("parent").await;
    let mediator = app.sign_in_as("mediator").await;
    propose(&app, &parent, "Huiswerk", &[]).await;
    app.call("publish_agenda", &[("meeting", "1")], Some(&mediator))
        .await;
    let id = item(&agenda(&app, &mediator).await, "Huiswerk")["id"].to_string();
    // Both tabs load the record: version 0.
    let v = json(
        app.call("load_record", &[("meeting", "1")], Some(&mediator))
            .await,
    )
    .await;
    let seen = v["items"][0]["discussed_version"].to_string();
    assert_eq!(seen, "0");
    let save = |text: &'static str, version: String| {
        let (id, mediator, app) = (id.clone(), mediator.clone(), &app);
        async move {
            app.call(
                "record_discussed",
                &[
                    ("meeting", "1"),
                    ("item", &id),
                    ("text", text),
                    ("version", &version),
                ],
                Some(&mediator),
            )
            .await
        }
    };
    assert_eq!(
        save("Huiswerk gaat beter met de planner", seen.clone())
            .await
            .status(),
        StatusCode::OK
    );
    // The second tab still has version 0: refused, with its own text handed back.
    let res = save("Huiswerk blijft lastig", seen).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        app_error(res).await,
        AppError::RecordChanged {
            mine: "Huiswerk blijft lastig".into()
        }
    );
    let v = json(
        app.call("load_record", &[("meeting", "1")], Some(&mediator))
            .await,
    )
    .await;
    assert_eq!(
        v["items"][0]["discussed"],
        "Huiswerk gaat beter met de planner"
    );
    assert_eq!(v["items"][0]["discussed_version"], 1);
    // Without JavaScript the page comes back with the newest text and what was typed.
    let res = app
        .post_plain_from(
            "/meetings/1/agreements",
            "record_discussed",
            &[
                ("meeting", "1"),
                ("item", &id),
                ("text", "Huiswerk blijft lastig"),
                ("version", "0"),
            ],
            Some(&mediator),
        )
        .await;
    assert_eq!(location(&res), "/meetings/1/agreements");
    let flash = cookie_named(&res, "at_flash").expect("error flash");
    let page = body_text(
        app.get(
            "/meetings/1/agreements",
            Some(&format!("{mediator}; {flash}")),
        )
        .await,
    )
    .await;
    assert!(page.contains("Iemand anders heeft dit verslag net veranderd"));
    assert!(
        page.contains("Huiswerk blijft lastig"),
        "what was typed is on the page"
    );
    assert!(page.contains("Huiswerk gaat beter met de planner"));
    // Saved over the newest version, it works.
    assert_eq!(
        save("Huiswerk blijft lastig", "1".into()).await.status(),
        StatusCode::OK
    );
}
