//! The authorization matrix: every server function the server registers, and every page route,
//! for a visitor who is signed out, someone at another case's table, someone taken off this
//! table, someone whose account was disabled, and each of the seven roles at the table (a supporter brought by the parent among them), against
//! one table of expected outcomes kept here. A server function or page that is missing from the
//! table fails the test, so a new one cannot slip in unchecked. The same calls on a closed case
//! are refused for every change (409) and allowed for every read.

use crate::common::*;
use axum::http::StatusCode;
use std::collections::BTreeSet;

/// Who calls, in the order they are tried (those who only read or are refused come first, so
/// what an allowed caller changes never decides another caller's outcome).
const WHO: [&str; 11] = [
    "signed-out",
    "outsider",
    "removed",
    "disabled",
    "supporter",
    "parent",
    "young",
    "school",
    "care",
    "mediator",
    "coordinator",
];

/// Mail is on, so the mail functions do their work; no mail worker runs in these tests, so this
/// address is never reached.
const NO_SMTP: &str = "smtp://127.0.0.1:9";

/// What a caller gets: `P` passes the access check (200, or 409/422 for the input itself),
/// `1` 401 (sign in), `3` 403 (not allowed), `4` 404 (not found, or not at this table).
type Expect = &'static str;

/// Ids made before each call, so every function has something real to act on.
struct Fixture {
    cookies: Vec<Option<String>>,
    /// A family member at case 1 who is not one of the callers (for lost links).
    extra_parent: String,
    /// A professional at case 1 who is not one of the callers (removal, roles, accounts).
    extra_pro: String,
    /// An open invitation at case 1.
    invitation: String,
    /// A fresh link for the demo parent.
    token: String,
    /// The supporter the parent brought (a caller too).
    supporter: String,
    /// The demo parent.
    parent: String,
    /// The demo parent's one-tap "stop mail" token.
    stop: String,
}

async fn fixture(app: &TestApp) -> Fixture {
    let coordinator = app.sign_in_as("coordinator").await;
    let mediator = app.sign_in_as("mediator").await;
    let parent = app.sign_in_as("parent").await;
    // Someone at another table.
    app.post_plain(
        "create_case",
        &[("first_name", "Lina"), ("age_band", "8-11")],
        Some(&coordinator),
    )
    .await;
    let outsider = app
        .invite_and_sign_in(&coordinator, "2", "Buiten Staander", "parent")
        .await;
    // Someone taken off this table, and someone whose account was disabled.
    let removed = app.parent_taken_off(&coordinator, "Weg Gehaald").await;
    let disabled = app
        .invite_and_sign_in(&coordinator, "1", "Uit Geschakeld", "care")
        .await;
    let disabled_id = person_id_by_name(app, "Uit Geschakeld").await;
    let res = app
        .call(
            "disable_account",
            &[("person", &disabled_id)],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "fixture: disabling");
    // People to act on.
    app.invite_and_sign_in(&coordinator, "1", "Extra Ouder", "parent")
        .await;
    app.invite_and_sign_in(&coordinator, "1", "Extra Prof", "school")
        .await;
    let extra_parent = person_id_by_name(app, "Extra Ouder").await;
    let extra_pro = person_id_by_name(app, "Extra Prof").await;
    // Things to act on: an agenda item (1), an agreement (1), an offer link (1), a conflict (1),
    // an open invitation, an answer by the parent.
    let ok = |what: &str, status: StatusCode| assert_eq!(status, StatusCode::OK, "fixture: {what}");
    ok(
        "item",
        app.call(
            "propose_item",
            &[("meeting", "1"), ("title", "Huiswerk")],
            Some(&parent),
        )
        .await
        .status(),
    );
    ok(
        "agreement",
        app.call(
            "add_agreement",
            &[("meeting", "1"), ("what", "Planner"), ("who", "Sam")],
            Some(&mediator),
        )
        .await
        .status(),
    );
    // Input to act on: the parent's answer, sent, with a question back from the coach; the young
    // person's own answer; the agenda (with the item) shared.
    save(
        app,
        &parent,
        "1",
        "goes_well",
        "Hij lacht veel",
        "table",
        0,
        "fix-0",
    )
    .await;
    save(
        app,
        &parent,
        "1",
        "worries",
        "Het ochtendritme",
        "table",
        0,
        "fix-1",
    )
    .await;
    save(
        app,
        &parent,
        "1",
        "child_needs",
        "Rust",
        "table",
        0,
        "fix-3",
    )
    .await;
    ok(
        "send",
        app.call("send_preparation", &[("meeting", "1")], Some(&parent))
            .await
            .status(),
    );
    let young = app.sign_in_as("young").await;
    save(app, &young, "1", "worries", "Wiskunde", "table", 0, "fix-2").await;
    let parent_id = person_id(app, "ouder@demo.invalid").await.to_string();
    ok(
        "question back",
        app.call(
            "review_answer",
            &[
                ("meeting", "1"),
                ("author", &parent_id),
                ("question", "worries"),
                ("op", "ask"),
                ("text", "Sinds wanneer?"),
            ],
            Some(&mediator),
        )
        .await
        .status(),
    );
    ok(
        "publish",
        app.call("publish_agenda", &[("meeting", "1")], Some(&mediator))
            .await
            .status(),
    );
    for sql in [
        "INSERT INTO offer_links (meeting_id, offer_id, item_id, note, created_by, created_at) VALUES (1, 1, 1, '', 4, 0)",
        "INSERT INTO sync_conflicts (case_id, item_key, field, ours, theirs, remote_version, found_at) VALUES (1, 'goal:1', 'plain', 'a', 'b', '2', 0)",
    ] {
        sqlx::query(sql).execute(&app.db).await.expect(sql);
    }
    // Someone the parent brings; brought before the open invitation below is looked up.
    let supporter = app
        .bring_supporter(&parent, "1", "Steun Persoon", None)
        .await;
    let supporter_id = person_id_by_name(app, "Steun Persoon").await;
    let token = app.demo_token("parent").await;
    let invitation: i64 = sqlx::query_scalar(
        "SELECT MAX(id) FROM invitations WHERE case_id = 1 AND used_at IS NULL AND revoked_at IS NULL",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let mut cookies = vec![None, Some(outsider), Some(removed), Some(disabled)];
    cookies.push(Some(supporter));
    for role in &WHO[5..] {
        cookies.push(Some(app.sign_in_as(role).await));
    }
    Fixture {
        cookies,
        extra_parent,
        extra_pro,
        invitation: invitation.to_string(),
        token,
        supporter: supporter_id,
        stop: app
            .state
            .secret
            .stop_token(app::domain::PersonId(parent_id.parse().unwrap())),
        parent: parent_id,
    }
}

/// One row: a server function, its form (built from the fixture), what each caller gets, and
/// whether every caller needs a fresh portal (the call uses up what it acts on).
struct Row {
    name: &'static str,
    form: fn(&Fixture) -> Vec<(&'static str, String)>,
    expect: Expect,
    fresh: bool,
}

fn f(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

macro_rules! row {
    ($name:literal, $expect:literal, |$x:ident| $form:expr) => {
        Row {
            name: $name,
            form: |$x: &Fixture| $form,
            expect: $expect,
            fresh: false,
        }
    };
    ($name:literal, $expect:literal, fresh, |$x:ident| $form:expr) => {
        Row {
            name: $name,
            form: |$x: &Fixture| $form,
            expect: $expect,
            fresh: true,
        }
    };
}

fn meeting_form() -> Vec<(&'static str, String)> {
    f(&[
        ("case", "1"),
        ("title", "Overleg"),
        ("starts_at", "2030-03-04T10:00"),
        ("duration_minutes", "60"),
        ("place", "School"),
        ("online_url", ""),
        ("purpose", "We bespreken hoe het gaat."),
        ("prepare_by", "2030-03-01T20:00"),
    ])
}

/// The expected outcomes. Columns: signed out, outsider, removed, disabled, supporter (brought
/// by the parent), parent, young, school, care, mediator, coordinator.
fn table() -> Vec<Row> {
    vec![
        // Signing in and out, public pieces.
        row!("viewer", "PPPPPPPPPPP", |_x| vec![]),
        row!("public_url", "PPPPPPPPPPP", |_x| vec![]),
        row!("sign_in", "PPPPPPPPPPP", |_x| f(&[
            ("email", "school@demo.invalid"),
            ("password", TEST_PASSWORD)
        ])),
        row!("invitation", "PPPPPPPPPPP", |x| f(&[("token", &x.token)])),
        // A link works once: only the first caller gets in, every later one hears "used".
        row!("accept_invitation", "P4444444444", |x| f(&[
            ("token", &x.token),
            ("own_device", "yes")
        ])),
        row!("sign_out", "PPPPPPPPPPP", |_x| vec![]),
        row!("sign_out_everywhere", "1PP1PPPPPPP", |_x| vec![]),
        row!("my_overview", "1PP1PPPPPPP", |_x| vec![]),
        // The session guard and passkeys: professionals only. Passkeys are off at an IP address
        // (409, the input's own answer); a made-up ceremony signs nobody in; a passkey that is
        // not yours is not found.
        row!("session_left", "1331333PPPP", |_x| vec![]),
        row!("keep_signed_in", "1331333PPPP", |_x| vec![]),
        // The plain-language hint checks a text for a professional; families never need it.
        row!("plain_hint", "1331333PPPP", |_x| f(&[(
            "text",
            "Het OPP is klaar."
        )])),
        row!("load_security", "1331333PPPP", |_x| vec![]),
        row!("passkey_add_start", "1331333PPPP", |_x| f(&[(
            "name", "Laptop"
        )])),
        row!("passkey_add_finish", "1331333PPPP", |_x| f(&[
            ("ceremony", "x"),
            ("credential", "{}"),
            ("name", "Laptop")
        ])),
        row!("passkey_remove", "13313334444", |_x| f(&[("id", "999999")])),
        row!("passkey_sign_in_start", "PPPPPPPPPPP", |_x| f(&[(
            "email",
            "school@demo.invalid"
        )])),
        row!("passkey_sign_in_finish", "11111111111", |_x| f(&[
            ("ceremony", "x"),
            ("credential", "{}")
        ])),
        // Cases and the table.
        row!("create_case", "1331333333P", |_x| f(&[
            ("first_name", "Bo"),
            ("age_band", "8-11")
        ])),
        row!("load_new_case", "1331333333P", |_x| vec![]),
        row!("load_case", "1441PPPPPPP", |_x| f(&[("case", "1")])),
        row!("invite_person", "144133333PP", |_x| f(&[
            ("case", "1"),
            ("name", "Nieuw"),
            ("role", "parent"),
            ("relation", ""),
            ("email", "")
        ])),
        row!("take_new_link", "144133333PP", |_x| f(&[("case", "1")])),
        row!("revoke_invitation", "144133333PP", fresh, |x| f(&[
            ("case", "1"),
            ("invitation", &x.invitation)
        ])),
        row!("remove_person", "144133333PP", fresh, |x| f(&[
            ("case", "1"),
            ("person", &x.extra_pro)
        ])),
        row!("change_role", "1441333333P", |x| f(&[
            ("case", "1"),
            ("person", &x.extra_pro),
            ("role", "care"),
            ("reason", "Werkt nu bij het wijkteam")
        ])),
        row!("load_link_target", "144133333PP", |x| f(&[
            ("case", "1"),
            ("person", &x.extra_parent)
        ])),
        row!("new_family_link", "144133333PP", |x| f(&[
            ("case", "1"),
            ("person", &x.extra_parent)
        ])),
        // A coach who is not the coach at the table: refused as changed (409) once allowed.
        row!("share_with_new_coach", "14413PP3333", |_x| f(&[
            ("case", "1"),
            ("coach", "0"),
            ("share", "no")
        ])),
        row!("set_birth_date", "1441333333P", |_x| f(&[
            ("case", "1"),
            ("birth_date", "2013-05-04")
        ])),
        row!("set_gezag", "1441333333P", |x| f(&[
            ("case", "1"),
            ("person", &x.extra_parent),
            ("gezag", "no")
        ])),
        row!("load_erase_target", "1441333333P", |x| f(&[
            ("case", "1"),
            ("person", &x.extra_parent)
        ])),
        row!("erase_person", "1441333333P", |x| f(&[
            ("case", "1"),
            ("person", &x.extra_parent),
            ("confirm", "yes")
        ])),
        // A table someone was taken off: only they (a parent taken off, "removed") reach what
        // of theirs is left there; for anyone else it does not exist.
        row!("load_former", "14P14444444", |_x| f(&[("case", "1")])),
        row!("erase_former_answer", "14P14444444", |_x| f(&[
            ("case", "1"),
            ("meeting", "1"),
            ("question", "worries")
        ])),
        row!("withdraw_former_consent", "14P14444444", |_x| f(&[(
            "case", "1"
        )])),
        row!("close_case", "1441333333P", |_x| f(&[("case", "1")])),
        row!("load_accounts", "1331333333P", |_x| vec![]),
        row!("password_link", "1331333333P", |x| f(&[(
            "person",
            &x.extra_pro
        )])),
        row!("remove_passkeys", "1331333333P", |x| f(&[(
            "person",
            &x.extra_pro
        )])),
        row!("disable_account", "1331333333P", |x| f(&[(
            "person",
            &x.extra_pro
        )])),
        // Meetings.
        row!("load_meeting", "1441PPPPPPP", |_x| f(&[("meeting", "1")])),
        row!("create_meeting", "144133333PP", |_x| meeting_form()),
        // Preparing.
        row!("load_prepare", "14413PP3333", |_x| f(&[("meeting", "1")])),
        row!("save_answer", "14413PP3333", |_x| f(&[
            ("meeting", "1"),
            ("question", "worries"),
            ("body", "x"),
            ("sharing", "me"),
            ("base_version", "0"),
            ("op", "matrix")
        ])),
        row!("save_step", "14413PP3333", |_x| f(&[
            ("meeting", "1"),
            ("step", "1"),
            ("question", "worries"),
            ("body", "x"),
            ("sharing", "me"),
            ("base_version", "0"),
            ("go", "next")
        ])),
        row!("send_preparation", "14413PP3333", |_x| f(&[(
            "meeting", "1"
        )])),
        row!("load_shared", "1441PPPPPPP", |_x| f(&[("meeting", "1")])),
        // Review, preview, agenda, agreements.
        row!("load_review", "144133333P3", |_x| f(&[("meeting", "1")])),
        row!("review_answer", "144133333P3", |_x| f(&[
            ("meeting", "1"),
            ("author", "1"),
            ("question", "worries"),
            ("op", "read")
        ])),
        row!("load_preview", "14413PP3333", |_x| f(&[("meeting", "1")])),
        row!("withdraw_answer", "14413PP3333", |_x| f(&[
            ("meeting", "1"),
            ("question", "worries")
        ])),
        row!("erase_answer", "14413PP3333", |_x| f(&[
            ("meeting", "1"),
            ("question", "worries")
        ])),
        // Only the parent has a question back to answer; the young person's reply finds none.
        row!("reply_back", "14413P43333", |_x| f(&[
            ("meeting", "1"),
            ("question", "worries"),
            ("text", "Ja")
        ])),
        row!("load_agenda", "1441PPPPPPP", |_x| f(&[("meeting", "1")])),
        row!("propose_item", "1441PPPPPPP", |_x| f(&[
            ("meeting", "1"),
            ("title", "Rooster")
        ])),
        row!("organise_item", "144133333P3", |_x| f(&[
            ("meeting", "1"),
            ("item", "1"),
            ("op", "up")
        ])),
        row!("publish_agenda", "144133333P3", |_x| f(&[("meeting", "1")])),
        row!("load_record", "1441PPPPPPP", |_x| f(&[("meeting", "1")])),
        row!("record_discussed", "144133333P3", |_x| f(&[
            ("meeting", "1"),
            ("item", "1"),
            ("text", "Besproken")
        ])),
        row!("add_agreement", "144133333P3", |_x| f(&[
            ("meeting", "1"),
            ("what", "Bellen"),
            ("who", "Mentor")
        ])),
        row!("remove_agreement", "144133333P3", fresh, |_x| f(&[
            ("meeting", "1"),
            ("agreement", "1")
        ])),
        row!("give_feedback", "14413PP3333", |_x| f(&[
            ("meeting", "1"),
            ("agree", "yes")
        ])),
        // Agreements followed up: the family says how agreement 1 went (nobody is responsible).
        row!("report_agreement", "14413PP3333", |_x| f(&[
            ("meeting", "1"),
            ("agreement", "1"),
            ("status", "in_progress")
        ])),
        row!("load_follow_up", "1441PPPPPPP", |_x| f(&[("meeting", "1")])),
        // The profile: everyone at the table reads (what is shared with them); the family writes
        // their own parts.
        row!("load_profile", "1441PPPPPPP", |_x| f(&[("case", "1")])),
        row!("load_read_first", "1441PPPPPPP", |_x| f(&[(
            "meeting", "1"
        )])),
        row!("save_profile_part", "14413PP3333", |_x| f(&[
            ("case", "1"),
            ("part", "good_at"),
            ("body", "Tekenen"),
            ("sharing", "table"),
            ("version", "0")
        ])),
        row!("load_case_agreements", "14413PPPPPP", |_x| f(&[(
            "case", "1"
        )])),
        // Mail: everyone signed in chooses for themselves; the stop link and a new link need
        // no sign-in (the stop link is its own proof, and a new link goes only to the address);
        // the coach and the coordinator see what was sent for the table.
        row!("load_mail_settings", "1PP1PPPPPPP", |_x| vec![]),
        // Everyone signed in reads their own log: never someone else's.
        row!("load_seen", "1PP1PPPPPPP", |_x| vec![]),
        // Everyone signed in downloads their own data (also after being taken off a table).
        row!("load_my_data", "1PP1PPPPPPP", |_x| vec![]),
        row!("set_mail_choice", "1PP1PPPPPPP", |_x| f(&[(
            "choice", "yes"
        )])),
        row!("stop_mail", "PPPPPPPPPPP", |x| f(&[("token", &x.stop)])),
        row!("request_link", "PPPPPPPPPPP", |_x| f(&[(
            "email",
            "ouder@demo.invalid"
        )])),
        row!("mail_enabled", "PPPPPPPPPPP", |_x| vec![]),
        row!("load_case_mail", "144133333PP", |_x| f(&[("case", "1")])),
        // School.
        row!("load_schools", "1331333333P", |_x| vec![]),
        row!("add_school", "1331333333P", |_x| f(&[(
            "name",
            "De Regenboog"
        )])),
        row!("add_school_staff", "1331333333P", |_x| f(&[
            ("school", "1"),
            ("email", "school@demo.invalid")
        ])),
        row!("set_case_school", "1331333333P", |_x| f(&[
            ("case", "1"),
            ("school", "1")
        ])),
        row!("load_school", "1441PPPPPPP", |_x| f(&[("school", "1")])),
        row!("save_offer", "1441333P333", |_x| f(&[
            ("school", "1"),
            ("kind", "basic"),
            ("title", "Huiswerkklas"),
            ("explanation", "Elke middag.")
        ])),
        row!("remove_offer", "1441333P333", fresh, |_x| f(&[
            ("school", "1"),
            ("offer", "2")
        ])),
        row!("load_side_by_side", "1441PPPPPPP", |_x| f(&[(
            "meeting", "1"
        )])),
        row!("link_offer", "1441333P333", |_x| f(&[
            ("meeting", "1"),
            ("need", "item:1"),
            ("offer", "1")
        ])),
        row!("unlink_offer", "1441333P333", fresh, |_x| f(&[
            ("meeting", "1"),
            ("link", "1")
        ])),
        // The plan and the care-plan store.
        row!("load_plan", "14413PPPPPP", |_x| f(&[("case", "1")])),
        row!("add_goal", "1441333PPPP", |_x| f(&[
            ("case", "1"),
            ("plain", "Beter slapen"),
            ("expressed_by", "parent")
        ])),
        row!("edit_goal", "1441333PPPP", |_x| f(&[
            ("case", "1"),
            ("goal", "1"),
            ("plain", "Elke dag naar school"),
            ("status", "active")
        ])),
        row!("add_progress", "1441333PPPP", |_x| f(&[
            ("case", "1"),
            ("goal", "1"),
            ("score", "6")
        ])),
        row!("add_plan_action", "1441333PPPP", |_x| f(&[
            ("case", "1"),
            ("what", "Bellen"),
            ("who", "Mentor")
        ])),
        row!("set_action_done", "1441333PPPP", |_x| f(&[
            ("case", "1"),
            ("action", "1"),
            ("done", "yes")
        ])),
        row!("load_sync", "144133333PP", |_x| f(&[("case", "1")])),
        row!("resolve_sync_conflict", "144133333P3", fresh, |_x| f(&[
            ("case", "1"),
            ("conflict", "1"),
            ("keep", "ours")
        ])),
        row!("retry_sync", "144133333PP", |_x| f(&[("case", "1")])),
        // Supporters and "Tolk nodig".
        row!("load_support", "14413PP33P3", |_x| f(&[("case", "1")])),
        row!("invite_supporter", "14413PP3333", |_x| f(&[
            ("case", "1"),
            ("name", "Buurman"),
            ("kind", "friend")
        ])),
        row!("remove_supporter", "14413P333PP", fresh, |x| f(&[
            ("case", "1"),
            ("person", &x.supporter)
        ])),
        row!("set_interpreter", "14413P333P3", |x| f(&[
            ("case", "1"),
            ("language", "ar"),
            ("person", &x.parent)
        ])),
        row!("set_plan_consent", "14413PP3333", |_x| f(&[
            ("case", "1"),
            ("consent", "yes")
        ])),
    ]
}

/// What a status means in the table.
fn outcome(status: StatusCode) -> char {
    match status.as_u16() {
        200 | 303 | 409 | 422 => 'P',
        401 => '1',
        403 => '3',
        404 => '4',
        _ => '?',
    }
}

async fn call_as(app: &TestApp, x: &Fixture, row: &Row, who: usize) -> char {
    let form = (row.form)(x);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = app.call(row.name, &pairs, x.cookies[who].as_deref()).await;
    outcome(res.status())
}

/// Every server function the server registers (the registry fills itself from the code).
fn registered() -> BTreeSet<String> {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect()
}

#[tokio::test]
async fn every_server_function_is_in_the_table_and_answers_each_caller_as_expected() {
    let rows = table();
    let listed: BTreeSet<String> = rows.iter().map(|r| r.name.to_string()).collect();
    let registered = registered();
    let missing: Vec<_> = registered.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "server functions missing from the matrix: {missing:?}"
    );
    let gone: Vec<_> = listed.difference(&registered).collect();
    assert!(
        gone.is_empty(),
        "rows for server functions that do not exist: {gone:?}"
    );

    let mut wrong = Vec::new();
    for row in &rows {
        assert_eq!(row.expect.len(), WHO.len(), "{}", row.name);
        let mut got = String::new();
        if row.fresh {
            for who in 0..WHO.len() {
                let app = TestApp::spawn_with_mail(NO_SMTP).await;
                let x = fixture(&app).await;
                got.push(call_as(&app, &x, row, who).await);
            }
        } else {
            let app = TestApp::spawn_with_mail(NO_SMTP).await;
            let x = fixture(&app).await;
            for who in 0..WHO.len() {
                got.push(call_as(&app, &x, row, who).await);
            }
        }
        if got != row.expect {
            wrong.push(format!(
                "{:<22} expected {} got {}",
                row.name, row.expect, got
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "callers in order {WHO:?}\n{}",
        wrong.join("\n")
    );
}

/// The same calls on a closed case: every read still works, every change is refused with 409
/// "closed", except what stays the family's right (withdrawing consent).
#[tokio::test]
async fn on_a_closed_case_reads_work_and_changes_are_refused() {
    let mut wrong = Vec::new();
    for row in table() {
        let form_probe = (row.form)(&Fixture {
            cookies: vec![],
            extra_parent: String::new(),
            extra_pro: String::new(),
            invitation: String::new(),
            token: String::new(),
            supporter: String::new(),
            parent: String::new(),
            stop: String::new(),
        });
        let case_scoped = form_probe
            .iter()
            .any(|(k, _)| *k == "case" || *k == "meeting");
        // The first role at the table that may call it.
        let Some(who) = (4..WHO.len()).find(|&i| row.expect.as_bytes()[i] == b'P') else {
            continue;
        };
        if !case_scoped || row.name == "close_case" {
            continue;
        }
        let app = TestApp::spawn_with_mail(NO_SMTP).await;
        let x = fixture(&app).await;
        let coordinator = x.cookies[WHO.len() - 1].clone().unwrap();
        let res = app
            .call("close_case", &[("case", "1")], Some(&coordinator))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let form = (row.form)(&x);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = app.call(row.name, &pairs, x.cookies[who].as_deref()).await;
        let status = res.status();
        let read_only = app::ctx::is_read_only_fn(row.name)
            || app::ctx::ALLOWED_WHEN_CLOSED.contains(&row.name);
        let ok = if read_only {
            status == StatusCode::OK
        } else {
            status == StatusCode::CONFLICT
                && app_error(res).await == app::error::AppError::CaseClosed
        };
        if !ok {
            wrong.push(format!("{} as {}: {status}", row.name, WHO[who]));
        }
    }
    assert!(wrong.is_empty(), "on a closed case:\n{}", wrong.join("\n"));
}

/// Ids that do not belong together are "not found": case 2's agenda item through case 1's
/// meeting, a person of another table through this case.
#[tokio::test]
async fn ids_from_another_case_are_not_found() {
    let app = TestApp::spawn_with_mail(NO_SMTP).await;
    let x = fixture(&app).await;
    let coordinator = x.cookies[10].clone().unwrap();
    let mediator = x.cookies[9].clone().unwrap();
    let outsider = x.cookies[1].clone().unwrap();
    // Case 2 gets a meeting; its parent proposes an item there.
    let mut form = meeting_form();
    form[0].1 = "2".into();
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.call("create_meeting", &pairs, Some(&coordinator))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(
            "propose_item",
            &[("meeting", "2"), ("title", "Van Lina")],
            Some(&outsider)
        )
        .await
        .status(),
        StatusCode::OK
    );
    let item: i64 = sqlx::query_scalar("SELECT id FROM agenda_items WHERE meeting_id = 2")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let item = item.to_string();
    let outsider_id = person_id_by_name(&app, "Buiten Staander").await;
    type Call<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let calls: Vec<Call> = vec![
        (
            "organise_item",
            vec![("meeting", "1"), ("item", &item), ("op", "up")],
            &mediator,
        ),
        (
            "record_discussed",
            vec![("meeting", "1"), ("item", &item), ("text", "x")],
            &mediator,
        ),
        (
            "remove_person",
            vec![("case", "1"), ("person", &outsider_id)],
            &coordinator,
        ),
        (
            "load_link_target",
            vec![("case", "1"), ("person", &outsider_id)],
            &mediator,
        ),
        (
            "new_family_link",
            vec![("case", "1"), ("person", &outsider_id)],
            &mediator,
        ),
        (
            "erase_person",
            vec![("case", "1"), ("person", &outsider_id), ("confirm", "yes")],
            &coordinator,
        ),
        (
            "change_role",
            vec![
                ("case", "1"),
                ("person", &outsider_id),
                ("role", "young"),
                ("reason", "test"),
            ],
            &coordinator,
        ),
    ];
    for (name, form, who) in calls {
        let res = app.call(name, &form, Some(who)).await;
        assert_eq!(
            res.status(),
            StatusCode::NOT_FOUND,
            "{name} with an id of case 2"
        );
    }
    // Nothing changed at case 2.
    let title: String = sqlx::query_scalar("SELECT title FROM agenda_items WHERE meeting_id = 2")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(title, "Van Lina");
}

/// Every page route, for every caller, against the expected status.
#[tokio::test]
async fn every_page_answers_each_caller_as_expected() {
    // Columns as in WHO. `P` is 200.
    let expected: Vec<(&str, &str)> = vec![
        ("/", "PPPPPPPPPPP"),
        ("/sign-in", "PPPPPPPPPPP"),
        ("/invite/{token}", "PPPPPPPPPPP"),
        ("/woorden", "PPPPPPPPPPP"),
        ("/accounts", "1331333333P"),
        ("/security", "1331333PPPP"),
        ("/cases/new", "1331333333P"),
        ("/cases/{id}", "1441PPPPPPP"),
        ("/cases/{id}/invite", "144133333PP"),
        ("/cases/{id}/support", "14413PP33P3"),
        ("/cases/{id}/people/{person}/link", "144133333PP"),
        ("/cases/{id}/people/{person}/erase", "1441333333P"),
        ("/cases/{id}/mine", "14P14444444"),
        ("/cases/{id}/meetings/new", "144133333PP"),
        ("/cases/{id}/plan", "14413PPPPPP"),
        ("/cases/{id}/agreements", "14413PPPPPP"),
        ("/cases/{id}/profile", "1441PPPPPPP"),
        ("/cases/{id}/sync", "144133333PP"),
        ("/meetings/{id}", "1441PPPPPPP"),
        ("/meetings/{id}/prepare", "14413PP3333"),
        ("/meetings/{id}/preview", "14413PP3333"),
        ("/meetings/{id}/review", "144133333P3"),
        ("/meetings/{id}/agenda", "1441PPPPPPP"),
        ("/meetings/{id}/agreements", "1441PPPPPPP"),
        ("/meetings/{id}/follow-up", "1441PPPPPPP"),
        ("/meetings/{id}/school", "1441PPPPPPP"),
        ("/schools", "1331333333P"),
        ("/schools/{id}", "1441PPPPPPP"),
        ("/mail", "1PP1PPPPPPP"),
        ("/seen", "1PP1PPPPPPP"),
        ("/my-data", "1PP1PPPPPPP"),
        ("/mail/stop/{token}", "PPPPPPPPPPP"),
        ("/new-link", "PPPPPPPPPPP"),
        ("/cases/{id}/mail", "144133333PP"),
    ];
    let routes: BTreeSet<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    let listed: BTreeSet<String> = expected.iter().map(|(p, _)| p.to_string()).collect();
    let missing: Vec<_> = routes.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "pages missing from the matrix: {missing:?}"
    );
    let gone: Vec<_> = listed.difference(&routes).collect();
    assert!(
        gone.is_empty(),
        "rows for pages that do not exist: {gone:?}"
    );

    let app = TestApp::spawn_with_mail(NO_SMTP).await;
    let x = fixture(&app).await;
    let mut wrong = Vec::new();
    for (route, expect) in &expected {
        let path = route
            .replace("{token}", &x.token)
            .replace("{person}", &x.extra_parent)
            .replace("{id}", "1");
        let mut got = String::new();
        for who in 0..WHO.len() {
            let res = app.get(&path, x.cookies[who].as_deref()).await;
            got.push(match res.status().as_u16() {
                200 => 'P',
                s => outcome(StatusCode::from_u16(s).unwrap_or(StatusCode::IM_A_TEAPOT)),
            });
        }
        if &got != expect {
            wrong.push(format!("{route:<34} expected {expect} got {got}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "callers in order {WHO:?}\n{}",
        wrong.join("\n")
    );
}
