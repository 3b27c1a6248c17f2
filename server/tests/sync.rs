//! Keeping the plan in step with a real FHIR R4 server: the test store in
//! `end2end/fhir-store` (Medplum's FHIR router and in-memory repository, validating every
//! resource against the R4 definitions), started by each test on its own port.

use crate::common::*;
use app::domain::{CaseId, GoalId, MeetingId, PersonId, Role};
use app::error::AppError;
use app::store::{ItemKey, ReviewChange, SaveAnswer};
use app::sync::client::{Auth, FhirClient, Secret, SmartAuth};
use app::sync::worker::{run_once, FhirStore, RunReport};
use axum::http::StatusCode;
use serde_json::{json, Value};

const PORTAL: &str = "http://127.0.0.1:3000";
const TOKEN: &str = "test-bearer-token-7f3a";

/// The FHIR test store, stopped when dropped.
struct FhirServer {
    _process: fhir_store::FhirProcess,
    url: String,
    http: reqwest::Client,
}

impl FhirServer {
    fn start(args: &[&str]) -> FhirServer {
        let process = fhir_store::FhirProcess::start(args);
        FhirServer {
            url: process.url.clone(),
            _process: process,
            http: reqwest::Client::new(),
        }
    }

    fn fhir(&self) -> String {
        format!("{}/fhir/R4", self.url)
    }

    /// The portal's view of this store, with the bearer token.
    fn plan_store(&self) -> FhirStore {
        FhirStore::new(
            FhirClient::new(&self.fhir(), Auth::Bearer(Secret::new(TOKEN))),
            PORTAL,
        )
    }

    async fn admin(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}/admin/{path}", self.url);
        let req = match method {
            "GET" => self.http.get(&url),
            "PUT" => self.http.put(&url),
            _ => self.http.post(&url),
        };
        let req = match body {
            Some(b) => req
                .header("content-type", "application/fhir+json")
                .body(b.to_string()),
            None => req,
        };
        let res = req.send().await.expect("admin call");
        let status = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn stats(&self) -> Value {
        self.admin("GET", "stats", None).await.1
    }

    /// Resources in the store, as the care provider's own system sees them.
    async fn search(&self, rtype: &str, query: &str) -> Vec<Value> {
        let (status, bundle) = self
            .admin("GET", &format!("fhir/R4/{rtype}?{query}"), None)
            .await;
        assert_eq!(status, 200, "search {rtype}?{query}: {bundle}");
        bundle["entry"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e["resource"].clone())
            .collect()
    }

    /// The one resource of ours with this kind and local id.
    async fn ours(&self, rtype: &str, kind: &str, value: &str) -> Value {
        let found = self
            .search(
                rtype,
                &format!(
                    "identifier={}|{value}",
                    urlencode(&format!("{PORTAL}/id/{kind}"))
                ),
            )
            .await;
        if found.len() != 1 {
            panic!(
                "exactly one {rtype} for {kind} {value}, found {}; store: {}",
                found.len(),
                self.stats().await
            );
        }
        found[0].clone()
    }

    /// Changes a resource as the care provider would (a PUT of the whole resource).
    async fn edit(&self, resource: &Value) -> Value {
        let path = format!(
            "fhir/R4/{}/{}",
            resource["resourceType"].as_str().unwrap(),
            resource["id"].as_str().unwrap()
        );
        let (status, body) = self.admin("PUT", &path, Some(resource.clone())).await;
        assert_eq!(status, 200, "edit in the store: {body}");
        body
    }
}

/// Runs the worker until the outbox is empty, as time passes (so backoff waits are over).
async fn drain(app: &TestApp, store: &FhirStore) -> Vec<RunReport> {
    let mut reports = Vec::new();
    let mut now = app::ctx::now();
    for _ in 0..8 {
        let r = run_once(&app.state, store, now).await;
        reports.push(r);
        if app.state.store.outbox_waiting_count().await.unwrap() == 0 {
            return reports;
        }
        now += 4000;
    }
    panic!("the outbox did not empty: {reports:?}");
}

async fn person(app: &TestApp, role: Role) -> PersonId {
    app.state
        .store
        .members(CaseId(1))
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.role == role)
        .unwrap()
        .person_id
}

/// A family member answers, shares some answers with the table, and sends their input.
async fn answer_and_send(app: &TestApp, who: PersonId, answers: &[(&str, &str, &str)]) {
    for (i, (q, body, sharing)) in answers.iter().enumerate() {
        let op = format!("op-{who}-{i}");
        app.state
            .store
            .save_answer(SaveAnswer {
                meeting: MeetingId(1),
                person: who,
                question: q,
                body,
                sharing,
                coach: None,
                base_version: 0,
                op: &op,
                now: app::ctx::now(),
            })
            .await
            .unwrap();
    }
    app.state
        .store
        .mark_sent(MeetingId(1), who, app::ctx::now())
        .await
        .unwrap();
}

#[tokio::test]
async fn every_mapped_resource_makes_a_valid_round_trip_and_only_shared_input_leaves() {
    let fhir = FhirServer::start(&["--auth", "bearer", "--token", TOKEN]);
    let app = TestApp::spawn().await;
    let store = fhir.plan_store();
    let (parent, young, mediator) = (
        person(&app, Role::Parent).await,
        person(&app, Role::Young).await,
        person(&app, Role::Mediator).await,
    );
    let s = &app.state.store;
    // The parent says yes to the care plan; the young person (12-15) does not.
    s.set_consent(CaseId(1), parent, true, "test", app::ctx::now())
        .await
        .unwrap();
    answer_and_send(
        &app,
        parent,
        &[
            ("goes_well", "Hij kookt graag met zijn oma.", "table"),
            (
                "worries",
                "Hij slaapt slecht, dat weet alleen de coach.",
                "mediator",
            ),
            (
                "child_needs",
                "Een vaste plek om tot rust te komen.",
                "table",
            ),
        ],
    )
    .await;
    answer_and_send(
        &app,
        young,
        &[("good_things", "Gamen met vrienden.", "table")],
    )
    .await;
    s.change_review(
        MeetingId(1),
        parent,
        "child_needs",
        ReviewChange::QuestionBack("Wat voor plek bedoelt u?"),
        app::ctx::now(),
    )
    .await
    .unwrap();
    // The mediator's question about an answer only the mediator sees never leaves.
    s.change_review(
        MeetingId(1),
        parent,
        "worries",
        ReviewChange::QuestionBack("Sinds wanneer?"),
        app::ctx::now(),
    )
    .await
    .unwrap();
    let agreement = s
        .add_agreement(
            app::store::NewAgreement {
                meeting: MeetingId(1),
                item: None,
                goal: Some(GoalId(1)),
                what: "Oma haalt Sam op woensdag op.",
                who: "Oma",
                responsible: None,
                due: None,
                by: mediator,
            },
            app::ctx::now(),
        )
        .await
        .unwrap();
    drain(&app, &store).await;

    // The case: a CarePlan about the child, with the child as Patient subject.
    let plan = fhir.ours("CarePlan", "case", "1").await;
    let patient = fhir.ours("Patient", "child", "1").await;
    assert_eq!(
        plan["subject"]["reference"],
        format!("Patient/{}", patient["id"].as_str().unwrap())
    );
    assert_eq!(plan["status"], "active");
    assert_eq!(patient["name"][0]["given"][0], "Sam");
    // The parent's yes: a privacy Consent about the child, given by the parent as carer, naming
    // the version of the text they said yes to. The young person said nothing: no Consent.
    let consent = fhir
        .ours("Consent", "consent", &format!("1-{parent}"))
        .await;
    assert_eq!(consent["status"], "active");
    assert_eq!(consent["scope"]["coding"][0]["code"], "patient-privacy");
    assert_eq!(consent["category"][0]["coding"][0]["code"], "59284-0");
    assert_eq!(
        consent["patient"]["reference"],
        format!("Patient/{}", patient["id"].as_str().unwrap())
    );
    let carer = fhir
        .ours("RelatedPerson", "carer", &format!("1-{parent}"))
        .await;
    assert_eq!(
        consent["performer"][0]["reference"],
        format!("RelatedPerson/{}", carer["id"].as_str().unwrap())
    );
    assert_eq!(consent["policyRule"]["coding"][0]["code"], "OPTIN");
    assert!(
        consent["policyRule"]["text"]
            .as_str()
            .unwrap()
            .ends_with("tekst test"),
        "{consent}"
    );
    // The parent's log says their answers reached the care plan; the young person's does not
    // (no yes of theirs, so nothing of theirs left).
    let sent = |rows: Vec<app::store::SeenRow>| {
        rows.into_iter()
            .filter(|r| r.action == "sync.sent")
            .map(|r| r.target)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        sent(s.seen_by_others(parent, 0).await.unwrap()),
        vec![format!("input:1:{parent}")]
    );
    assert!(sent(s.seen_by_others(young, 0).await.unwrap()).is_empty());
    assert!(fhir
        .search(
            "Consent",
            &format!(
                "identifier={}|1-{young}",
                urlencode(&format!("{PORTAL}/id/consent"))
            )
        )
        .await
        .is_empty());
    // Goals, with who expressed them; the plan lists them.
    for g in s.goals(CaseId(1)).await.unwrap() {
        let goal = fhir.ours("Goal", "goal", &g.id.to_string()).await;
        assert_eq!(goal["description"]["text"], g.plain.as_str());
        assert_eq!(
            app::sync::fhir::goal_fields_of(&goal),
            app::sync::fhir::goal_fields(&g.plain, &g.detail, &g.status)
        );
        let listed = plan["goal"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["reference"] == format!("Goal/{}", goal["id"].as_str().unwrap()));
        assert!(listed, "the CarePlan lists goal {}", g.id);
        if g.expressed_by == "young" {
            assert_eq!(
                goal["expressedBy"]["reference"],
                plan["subject"]["reference"]
            );
        }
    }
    // Actions and agreements: Tasks based on the CarePlan.
    let action = s.plan_actions(CaseId(1)).await.unwrap().remove(0);
    let task = fhir.ours("Task", "action", &action.id.to_string()).await;
    assert_eq!(task["description"], action.what.as_str());
    assert_eq!(
        task["basedOn"][0]["reference"],
        format!("CarePlan/{}", plan["id"].as_str().unwrap())
    );
    let agreed = fhir.ours("Task", "agreement", &agreement.to_string()).await;
    assert_eq!(agreed["description"], "Oma haalt Sam op woensdag op.");
    assert_eq!(agreed["owner"]["display"], "Oma");
    assert_eq!(agreed["status"], "requested");
    // How it went reaches the store as the Task's status, as far as its author's input may
    // leave: the parent said yes; a newer report by the young person (12-15, who did not) stays
    // in the portal. A note never leaves.
    let said = |person, status, note: &str| app::store::AgreementUpdateRow {
        agreement_id: agreement,
        person_id: person,
        status,
        note: note.into(),
        sharing: app::prepare::sharing::Sharing::Table,
        coach: None,
        meeting_id: None,
        at: app::ctx::now(),
    };
    use app::agreements::status::AgreementStatus;
    assert!(s
        .report_agreement(
            &said(parent, AgreementStatus::Busy, "Lukt bijna altijd."),
            MeetingId(1)
        )
        .await
        .unwrap());
    drain(&app, &store).await;
    let agreed = fhir.ours("Task", "agreement", &agreement.to_string()).await;
    assert_eq!(agreed["status"], "in-progress");
    assert!(s
        .report_agreement(
            &said(young, AgreementStatus::Failed, "Niet gelukt."),
            MeetingId(1)
        )
        .await
        .unwrap());
    drain(&app, &store).await;
    let agreed = fhir.ours("Task", "agreement", &agreement.to_string()).await;
    assert_eq!(
        agreed["status"], "in-progress",
        "the young person's report stays here"
    );
    assert!(
        !agreed.to_string().contains("Lukt bijna") && !agreed.to_string().contains("Niet gelukt"),
        "notes stay in the portal"
    );
    // The meeting: an Appointment with everyone invited.
    let appointment = fhir.ours("Appointment", "meeting", "1").await;
    assert_eq!(
        appointment["description"],
        "Samen kijken naar school en thuis"
    );
    assert!(appointment["participant"].as_array().unwrap().len() >= 5);
    assert!(
        appointment["start"].as_str().unwrap().ends_with("+01:00")
            || appointment["start"].as_str().unwrap().ends_with("+02:00")
    );
    // Input shared with the table: a QuestionnaireResponse with its author as source, answering a
    // published Questionnaire; only the answers shared with the table.
    let response = fhir
        .ours("QuestionnaireResponse", "input", &format!("1-{parent}"))
        .await;
    let carer = fhir
        .ours("RelatedPerson", "carer", &format!("1-{parent}"))
        .await;
    assert_eq!(
        response["source"]["reference"],
        format!("RelatedPerson/{}", carer["id"].as_str().unwrap())
    );
    assert_eq!(response["status"], "completed");
    let linked: Vec<&str> = response["item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["linkId"].as_str().unwrap())
        .collect();
    assert_eq!(linked, vec!["goes_well", "child_needs"]);
    let text = response.to_string();
    assert!(
        !text.contains("slaapt slecht"),
        "an answer for the mediator only never leaves"
    );
    let canonical = response["questionnaire"].as_str().unwrap();
    let url = canonical.split('|').next().unwrap();
    let questionnaires = fhir
        .search("Questionnaire", &format!("url={}", urlencode(url)))
        .await;
    assert_eq!(questionnaires.len(), 1);
    assert_eq!(questionnaires[0]["status"], "active");
    let version = app::sync::fhir::QUESTIONNAIRE_VERSION;
    assert!(canonical.ends_with(&format!("|{version}")), "{canonical}");
    assert_eq!(questionnaires[0]["version"], version);
    assert_eq!(
        questionnaires[0]["item"].as_array().unwrap().len(),
        10,
        "every parent question"
    );
    // The young person (12-15) did not say yes: nothing of theirs leaves.
    assert!(fhir
        .search(
            "QuestionnaireResponse",
            &format!(
                "identifier={}|1-{young}",
                urlencode(&format!("{PORTAL}/id/input"))
            )
        )
        .await
        .is_empty());
    // The mediator's question back: a Communication about the response, to its author.
    let asked = fhir
        .ours(
            "Communication",
            "question-back",
            &format!("1-{parent}-child_needs"),
        )
        .await;
    assert_eq!(
        asked["payload"][0]["contentString"],
        "Wat voor plek bedoelt u?"
    );
    assert_eq!(
        asked["recipient"][0]["reference"],
        response["source"]["reference"]
    );
    assert_eq!(
        asked["about"][0]["reference"],
        format!("QuestionnaireResponse/{}", response["id"].as_str().unwrap())
    );
    let all_communications = fhir.search("Communication", "").await;
    assert_eq!(
        all_communications.len(),
        1,
        "no question about a mediator-only answer"
    );
    // Every resource sent passed the store's R4 validation.
    let stats = fhir.stats().await;
    assert!(stats["validations"].as_i64().unwrap() >= 12, "{stats}");
    assert_eq!(stats["validationFailures"], 0, "{stats}");

    // A question set that changed since: a link to an older version is brought up to date.
    let questionnaire_link =
        "SELECT resource FROM sync_links WHERE item_key LIKE 'questionnaire:parent:%'";
    sqlx::query(&format!(
        "UPDATE sync_links SET resource = REPLACE(resource, '\"version\":\"{version}\"', '\"version\":\"1\"') WHERE item_key LIKE 'questionnaire:parent:%'"
    ))
    .execute(&app.db)
    .await
    .unwrap();
    let old: String = sqlx::query_scalar(questionnaire_link)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(old.contains("\"version\":\"1\""), "{old}");

    // Taking an answer back, or saying no after all, takes it out of the store.
    s.withdraw_answer(MeetingId(1), parent, "goes_well", app::ctx::now())
        .await
        .unwrap();
    drain(&app, &store).await;
    let now: String = sqlx::query_scalar(questionnaire_link)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(
        now.contains(&format!("\"version\":\"{version}\"")),
        "the link follows the current version"
    );
    let response = fhir
        .ours("QuestionnaireResponse", "input", &format!("1-{parent}"))
        .await;
    assert_eq!(response["item"].as_array().unwrap().len(), 1);
    // Erasing the last shared answer: the copy of the last response kept here loses it at once,
    // and the store gets a version without it.
    let kept = "SELECT resource FROM sync_links WHERE item_key = $1";
    let input_key = format!("input:1:{parent}");
    let copy: String = sqlx::query_scalar(kept)
        .bind(&input_key)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(copy.contains("Een vaste plek om tot rust te komen."));
    assert!(s
        .erase_answer(MeetingId(1), parent, "child_needs", app::ctx::now())
        .await
        .unwrap());
    let copy: String = sqlx::query_scalar(kept)
        .bind(&input_key)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(!copy.contains("Een vaste plek"), "{copy}");
    drain(&app, &store).await;
    let response = fhir
        .ours("QuestionnaireResponse", "input", &format!("1-{parent}"))
        .await;
    assert_eq!(response["status"], "entered-in-error");
    assert!(response.get("item").is_none(), "{response}");
    // The store was asked to purge the older versions ($expunge); this store cannot, so its
    // history still holds the words, and the coordinator is shown which resource to purge.
    let id = response["id"].as_str().unwrap().to_string();
    let (status, history) = fhir
        .admin(
            "GET",
            &format!("fhir/R4/QuestionnaireResponse/{id}/_history"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        history.to_string().contains("Een vaste plek"),
        "the store keeps old versions"
    );
    let kept: String = sqlx::query_scalar("SELECT history FROM sync_links WHERE item_key = $1")
        .bind(&input_key)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(kept, "kept");
    let coordinator = app.sign_in_as("coordinator").await;
    let page = body_text(app.get("/cases/1/sync", Some(&coordinator)).await).await;
    assert!(page.contains("Oude versies in het zorgplan"), "{page}");
    assert!(
        page.contains(&format!("QuestionnaireResponse/{id}")),
        "{page}"
    );
    // Written again, it goes out again.
    let version = s
        .answers_of(MeetingId(1), parent)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.question == "child_needs")
        .unwrap()
        .version;
    s.save_answer(SaveAnswer {
        meeting: MeetingId(1),
        person: parent,
        question: "child_needs",
        body: "Een vaste plek om tot rust te komen.",
        sharing: "table",
        coach: None,
        base_version: version,
        op: "again",
        now: app::ctx::now(),
    })
    .await
    .unwrap();
    drain(&app, &store).await;
    let response = fhir
        .ours("QuestionnaireResponse", "input", &format!("1-{parent}"))
        .await;
    assert_eq!(response["item"].as_array().unwrap().len(), 1);
    s.set_consent(CaseId(1), parent, false, "test", app::ctx::now())
        .await
        .unwrap();
    drain(&app, &store).await;
    let response = fhir
        .ours("QuestionnaireResponse", "input", &format!("1-{parent}"))
        .await;
    assert_eq!(response["status"], "entered-in-error");
    assert!(response.get("item").is_none(), "{response}");
    // The withdrawal itself is sent: the same Consent, now inactive, in a new version.
    let withdrawn = fhir
        .ours("Consent", "consent", &format!("1-{parent}"))
        .await;
    assert_eq!(withdrawn["id"], consent["id"]);
    assert_eq!(withdrawn["status"], "inactive");
    assert_ne!(withdrawn["meta"]["versionId"], consent["meta"]["versionId"]);
    // Nor does the parent's report on the agreement: no report may leave now, so the Task is
    // back to "requested" (consent changes send the reported agreements again).
    assert_eq!(
        fhir.ours("Task", "agreement", &agreement.to_string()).await["status"],
        "requested"
    );
    // An agreement taken back: its Task is cancelled, not duplicated.
    s.remove_agreement(MeetingId(1), agreement, app.state.config.clock.now())
        .await
        .unwrap();
    drain(&app, &store).await;
    assert_eq!(
        fhir.ours("Task", "agreement", &agreement.to_string()).await["status"],
        "cancelled"
    );
    assert_eq!(fhir.stats().await["validationFailures"], 0);
}

#[tokio::test]
async fn the_store_down_for_a_while_then_back_every_change_arrives_exactly_once() {
    let fhir = FhirServer::start(&["--auth", "bearer", "--token", TOKEN]);
    let app = TestApp::spawn().await;
    let store = fhir.plan_store();
    let s = &app.state.store;
    drain(&app, &store).await;
    let creates_before = fhir.stats().await["creates"].as_i64().unwrap();

    fhir.admin("POST", "down", None).await;
    let mut goals = Vec::new();
    for text in [
        "Sam fietst zelf naar school.",
        "Sam eet elke ochtend.",
        "Sam belt zijn oma.",
    ] {
        goals.push(
            s.add_goal(CaseId(1), text, "", Role::Parent, app::ctx::now())
                .await
                .unwrap(),
        );
    }
    let action = s.plan_actions(CaseId(1)).await.unwrap()[0].id;
    s.set_action_done(CaseId(1), action, true, app::ctx::now())
        .await
        .unwrap();
    let now = app::ctx::now();
    let report = run_once(&app.state, &store, now).await;
    assert!(report.unreachable);
    assert_eq!(report.sent, 0);
    // Nothing is lost: every change still waits, and the mediator sees why, in plain words.
    assert_eq!(
        s.outbox_waiting_count().await.unwrap(),
        5,
        "3 goals, the plan's goal list, 1 action"
    );
    let coach = app.sign_in_as("mediator").await;
    let page = body_text(app.get("/cases/1/sync", Some(&coach)).await).await;
    assert!(page.contains("niet te bereiken"), "{page}");
    assert!(page.contains("Sam fietst zelf naar school."));
    // The item that failed waits for its backoff before it is tried again.
    let (attempts, next_try, error): (i64, i64, String) = sqlx::query_as(
        "SELECT attempts, next_try_at, last_error FROM sync_outbox WHERE attempts > 0 LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((attempts, error.as_str()), (1, "unreachable"));
    assert!(
        next_try >= now + 15,
        "backoff of at least 15 s, got {}",
        next_try - now
    );

    // Back, but shaky at first: two store errors, then fine.
    fhir.admin("POST", "up", None).await;
    fhir.admin("POST", "fail-next?status=503&count=2", None)
        .await;
    drain(&app, &store).await;
    for (g, text) in goals.iter().zip([
        "Sam fietst zelf naar school.",
        "Sam eet elke ochtend.",
        "Sam belt zijn oma.",
    ]) {
        let goal = fhir.ours("Goal", "goal", &g.to_string()).await;
        assert_eq!(goal["description"]["text"], text);
    }
    assert_eq!(
        fhir.ours("Task", "action", &action.to_string()).await["status"],
        "completed"
    );
    assert_eq!(
        fhir.stats().await["creates"].as_i64().unwrap(),
        creates_before + 3
    );

    // A create that reached the store but whose answer was lost: the retry finds it by its
    // identifier instead of making a second one.
    let lost = s
        .add_goal(
            CaseId(1),
            "Sam gaat naar de sportclub.",
            "",
            Role::Young,
            app::ctx::now(),
        )
        .await
        .unwrap();
    drain(&app, &store).await;
    sqlx::query("DELETE FROM sync_links WHERE item_key = $1")
        .bind(format!("goal:{lost}"))
        .execute(&app.db)
        .await
        .unwrap();
    s.outbox_requeue(CaseId(1), Some(&ItemKey::Goal(lost)), app::ctx::now())
        .await
        .unwrap();
    drain(&app, &store).await;
    fhir.ours("Goal", "goal", &lost.to_string()).await;
    assert_eq!(
        fhir.stats().await["creates"].as_i64().unwrap(),
        creates_before + 4
    );
    let page = body_text(app.get("/cases/1/sync", Some(&coach)).await).await;
    assert!(page.contains("Niets. Alles is bijgewerkt."), "{page}");
}

#[tokio::test]
async fn a_conflicting_edit_on_both_sides_is_merged_where_it_can_and_shown_to_the_mediator() {
    let fhir = FhirServer::start(&["--auth", "bearer", "--token", TOKEN]);
    let app = TestApp::spawn().await;
    let store = fhir.plan_store();
    let s = &app.state.store;
    drain(&app, &store).await;
    let goal = s.goals(CaseId(1)).await.unwrap().remove(0);

    // Different fields on each side: both changes are kept, nothing to decide.
    let mut theirs = fhir.ours("Goal", "goal", &goal.id.to_string()).await;
    theirs["lifecycleStatus"] = json!("completed");
    theirs["priority"] = json!({ "text": "hoog" });
    fhir.edit(&theirs).await;
    s.update_goal(
        CaseId(1),
        goal.id,
        &goal.plain,
        "Aanwezigheid 100%.",
        "active",
        app::ctx::now(),
    )
    .await
    .unwrap();
    drain(&app, &store).await;
    let merged = fhir.ours("Goal", "goal", &goal.id.to_string()).await;
    assert_eq!(merged["lifecycleStatus"], "completed");
    assert_eq!(merged["note"][0]["text"], "Aanwezigheid 100%.");
    assert_eq!(
        merged["priority"]["text"], "hoog",
        "what the store added is kept"
    );
    let here = s.goal(goal.id).await.unwrap().unwrap();
    assert_eq!(here.status, "reached");
    assert_eq!(here.detail, "Aanwezigheid 100%.");

    // The same field on both sides: held for the mediator, nothing overwritten.
    let mut theirs = fhir.ours("Goal", "goal", &goal.id.to_string()).await;
    theirs["description"]["text"] = json!("Sam gaat vier dagen per week naar school.");
    fhir.edit(&theirs).await;
    s.update_goal(
        CaseId(1),
        goal.id,
        "Sam gaat elke ochtend naar school.",
        &here.detail,
        &here.status,
        app::ctx::now(),
    )
    .await
    .unwrap();
    let reports = drain(&app, &store).await;
    assert!(reports.iter().any(|r| r.conflicts == 1), "{reports:?}");
    assert_eq!(
        fhir.ours("Goal", "goal", &goal.id.to_string()).await["description"]["text"],
        "Sam gaat vier dagen per week naar school."
    );
    assert_eq!(
        s.goal(goal.id).await.unwrap().unwrap().plain,
        "Sam gaat elke ochtend naar school."
    );
    let coach = app.sign_in_as("mediator").await;
    let page = body_text(app.get("/cases/1/sync", Some(&coach)).await).await;
    assert!(
        page.contains("Sam gaat vier dagen per week naar school."),
        "{page}"
    );
    assert!(page.contains("Sam gaat elke ochtend naar school."));
    // A later run still holds it.
    run_once(&app.state, &store, app::ctx::now() + 100_000).await;
    assert_eq!(
        fhir.ours("Goal", "goal", &goal.id.to_string()).await["description"]["text"],
        "Sam gaat vier dagen per week naar school."
    );
    // Only the mediator decides; someone from another table does not even see it.
    let conflict = s.open_conflicts(Some(CaseId(1))).await.unwrap().remove(0);
    let id = conflict.id.to_string();
    let form = [("case", "1"), ("conflict", id.as_str()), ("keep", "ours")];
    let school = app.sign_in_as("school").await;
    assert_eq!(
        app_error(
            app.call("resolve_sync_conflict", &form, Some(&school))
                .await
        )
        .await,
        AppError::NotAllowed
    );
    let coordinator = app.sign_in_as("coordinator").await;
    assert_eq!(
        app_error(
            app.call("resolve_sync_conflict", &form, Some(&coordinator))
                .await
        )
        .await,
        AppError::NotAllowed
    );
    let bad = app
        .call(
            "resolve_sync_conflict",
            &[("case", "1"), ("conflict", id.as_str()), ("keep", "both")],
            Some(&coach),
        )
        .await;
    assert!(matches!(app_error(bad).await, AppError::Invalid { .. }));
    // The mediator keeps Aan Tafel's words: they go to the store, on top of the store's version.
    assert_eq!(
        app.call("resolve_sync_conflict", &form, Some(&coach))
            .await
            .status(),
        StatusCode::OK
    );
    drain(&app, &store).await;
    let fin = fhir.ours("Goal", "goal", &goal.id.to_string()).await;
    assert_eq!(
        fin["description"]["text"],
        "Sam gaat elke ochtend naar school."
    );
    assert_eq!(fin["priority"]["text"], "hoog");
    assert!(s.open_conflicts(Some(CaseId(1))).await.unwrap().is_empty());
    assert_eq!(fhir.stats().await["validationFailures"], 0);
}

#[tokio::test]
async fn a_change_made_in_the_store_shows_up_for_the_parent() {
    let fhir = FhirServer::start(&["--auth", "bearer", "--token", TOKEN]);
    let app = TestApp::spawn().await;
    let store = fhir.plan_store();
    let s = &app.state.store;
    drain(&app, &store).await;
    let goal = s.goals(CaseId(1)).await.unwrap().remove(0);
    let plan = fhir.ours("CarePlan", "case", "1").await;
    let patient = plan["subject"]["reference"].as_str().unwrap().to_string();
    // The care worker marks a goal reached, adds a goal and a task, in their own system.
    let mut g = fhir.ours("Goal", "goal", &goal.id.to_string()).await;
    g["lifecycleStatus"] = json!("completed");
    fhir.edit(&g).await;
    let (status, _) = fhir
        .admin(
            "POST",
            "fhir/R4/Goal",
            Some(json!({
                "resourceType": "Goal",
                "lifecycleStatus": "active",
                "description": { "text": "Sam leert zijn rooster zelf plannen." },
                "subject": { "reference": patient },
                "expressedBy": { "reference": "Practitioner/elders" }
            })),
        )
        .await;
    assert_eq!(status, 201);
    let (status, _) = fhir
        .admin(
            "POST",
            "fhir/R4/Task",
            Some(json!({
                "resourceType": "Task",
                "status": "requested",
                "intent": "plan",
                "description": "De jeugdhulp zoekt een sportclub met Sam.",
                "owner": { "display": "Jeugdhulp" },
                "basedOn": [{ "reference": format!("CarePlan/{}", plan["id"].as_str().unwrap()) }],
                "for": { "reference": patient }
            })),
        )
        .await;
    assert_eq!(status, 201);
    let report = run_once(&app.state, &store, app::ctx::now()).await;
    assert_eq!(report.pulled, 3, "{report:?}");
    // Pulled again: nothing new, nothing doubled.
    assert_eq!(
        run_once(&app.state, &store, app::ctx::now()).await.pulled,
        0
    );
    assert_eq!(s.goals(CaseId(1)).await.unwrap().len(), 3);

    let parent = app.sign_in_as("parent").await;
    let page = body_text(app.get("/cases/1/plan", Some(&parent)).await).await;
    assert!(
        page.contains("Sam leert zijn rooster zelf plannen."),
        "{page}"
    );
    assert!(page.contains("De jeugdhulp zoekt een sportclub met Sam."));
    assert!(page.contains("Bereikt"));
    assert!(page.contains("Doel van de jeugdhulp"));
    // Nothing pulled goes back as a change of ours.
    assert_eq!(s.outbox_waiting_count().await.unwrap(), 0);
}

#[tokio::test]
async fn smart_backend_services_sign_in_with_a_private_key_jwt() {
    use p384::ecdsa::SigningKey;
    use p384::pkcs8::{EncodePrivateKey, EncodePublicKey};
    let dir = std::env::temp_dir().join(format!("aantafel-smart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = SigningKey::random(&mut rand::rngs::OsRng);
    let public = dir.join("public.pem");
    std::fs::write(
        &public,
        key.verifying_key()
            .to_public_key_pem(Default::default())
            .unwrap(),
    )
    .unwrap();
    let private = key.to_pkcs8_pem(Default::default()).unwrap().to_string();
    let fhir = FhirServer::start(&[
        "--auth",
        "smart",
        "--client-id",
        "aantafel-test",
        "--public-key",
        public.to_str().unwrap(),
    ]);
    let token_url = format!("{}/auth/token", fhir.url);
    let app = TestApp::spawn().await;

    // Without a token the store refuses.
    let (status, _) = {
        let r = reqwest::get(format!("{}/Goal", fhir.fhir())).await.unwrap();
        (r.status().as_u16(), ())
    };
    assert_eq!(status, 401);
    // A wrong key: the store refuses the assertion, nothing is lost, the status page says why.
    let wrong = SigningKey::random(&mut rand::rngs::OsRng)
        .to_pkcs8_pem(Default::default())
        .unwrap()
        .to_string();
    let bad = FhirStore::new(
        FhirClient::new(
            &fhir.fhir(),
            Auth::Smart(Box::new(
                SmartAuth::new(&token_url, "aantafel-test", &wrong, None, "system/*.cruds")
                    .unwrap(),
            )),
        ),
        PORTAL,
    );
    let report = run_once(&app.state, &bad, app::ctx::now()).await;
    assert_eq!(report.sent, 0);
    assert!(report.retry >= 1);
    let coach = app.sign_in_as("mediator").await;
    let page = body_text(app.get("/cases/1/sync", Some(&coach)).await).await;
    assert!(page.contains("laat Aan Tafel nu niet binnen"), "{page}");

    let good = FhirStore::new(
        FhirClient::new(
            &fhir.fhir(),
            Auth::Smart(Box::new(
                SmartAuth::new(
                    &token_url,
                    "aantafel-test",
                    &private,
                    None,
                    "system/*.cruds",
                )
                .unwrap(),
            )),
        ),
        PORTAL,
    );
    drain(&app, &good).await;
    fhir.ours("CarePlan", "case", "1").await;
    let stats = fhir.stats().await;
    assert_eq!(
        stats["tokensIssued"], 1,
        "one token serves many requests: {stats}"
    );
    assert!(stats["authFailures"].as_i64().unwrap() >= 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_store_checks_resources_against_r4_so_a_bad_one_is_refused() {
    let fhir = FhirServer::start(&["--auth", "none"]);
    // A Goal must have a lifecycleStatus, of the right type.
    let (status, outcome) = fhir
        .admin(
            "POST",
            "fhir/R4/Goal",
            Some(json!({
                "resourceType": "Goal",
                "lifecycleStatus": 42,
                "description": { "text": "x" },
                "subject": { "reference": "Patient/1" }
            })),
        )
        .await;
    assert_eq!(status, 400, "{outcome}");
    assert_eq!(outcome["resourceType"], "OperationOutcome");
    assert!(fhir.search("Goal", "").await.is_empty());
}

#[tokio::test]
async fn the_status_page_is_for_the_mediator_and_the_coordinator_only() {
    let app = TestApp::spawn().await;
    for role in ["mediator", "coordinator"] {
        let c = app.sign_in_as(role).await;
        let page = body_text(app.get("/cases/1/sync", Some(&c)).await).await;
        assert!(
            page.contains("Het plan staat alleen in Aan Tafel"),
            "{role}: {page}"
        );
    }
    for role in ["parent", "young", "school"] {
        let c = app.sign_in_as(role).await;
        let res = app.call("load_sync", &[("case", "1")], Some(&c)).await;
        assert_eq!(app_error(res).await, AppError::NotAllowed, "{role}");
        let res = app.call("retry_sync", &[("case", "1")], Some(&c)).await;
        assert_eq!(app_error(res).await, AppError::NotAllowed, "{role}");
    }
    // Someone at another table gets "not found", as for a case that does not exist.
    let coordinator = app.sign_in_as("coordinator").await;
    let res = app
        .post_plain(
            "create_case",
            &[("first_name", "Noor"), ("age_band", "8-11")],
            Some(&coordinator),
        )
        .await;
    assert_eq!(location(&res), "/cases/2");
    let outsider = app
        .invite_and_sign_in(&coordinator, "2", "Ander Coach", "mediator")
        .await;
    let res = app
        .call("load_sync", &[("case", "1")], Some(&outsider))
        .await;
    assert_eq!(app_error(res).await, AppError::NotFound);
    let res = app
        .call(
            "resolve_sync_conflict",
            &[("case", "1"), ("conflict", "1"), ("keep", "ours")],
            Some(&outsider),
        )
        .await;
    assert_eq!(app_error(res).await, AppError::NotFound);
    // Consent is for families only, and yes or no.
    let school = app.sign_in_as("school").await;
    assert_eq!(
        app_error(
            app.call(
                "set_plan_consent",
                &[("case", "1"), ("consent", "yes")],
                Some(&school)
            )
            .await
        )
        .await,
        AppError::NotAllowed
    );
    let parent = app.sign_in_as("parent").await;
    assert!(matches!(
        app_error(
            app.call(
                "set_plan_consent",
                &[("case", "1"), ("consent", "misschien")],
                Some(&parent)
            )
            .await
        )
        .await,
        AppError::Invalid { .. }
    ));
    assert_eq!(
        app.call(
            "set_plan_consent",
            &[("case", "1"), ("consent", "yes")],
            Some(&parent)
        )
        .await
        .status(),
        StatusCode::OK
    );
    let page = body_text(app.get("/cases/1/plan", Some(&parent)).await).await;
    assert!(page.contains("Nu: ja, dat mag."), "{page}");
}

/// Consent as a history: a no keeps the earlier yes on record, each with the version of the
/// text it answered, and the family reads their own choices back on the plan page.
#[tokio::test]
async fn a_withdrawal_keeps_the_earlier_yes_on_record() {
    let app = TestApp::spawn_with_clock().await;
    let parent = app.sign_in_as("parent").await;
    let young = app.sign_in_as("young").await;
    for consent in ["yes", "yes", "no"] {
        let res = app
            .call(
                "set_plan_consent",
                &[("case", "1"), ("consent", consent)],
                Some(&parent),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        app.state.config.clock.advance(3600);
    }
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT e.given, e.text_version FROM consent_events e JOIN people p ON p.id = e.person_id
         WHERE p.email = 'ouder@demo.invalid' ORDER BY e.id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let version = app::sync::CONSENT_TEXT_VERSION.to_string();
    assert_eq!(rows, vec![(1, version.clone()), (0, version)]);
    let page = body_text(app.get("/cases/1/plan", Some(&parent)).await).await;
    assert!(page.contains("Nu: nee, liever niet."), "{page}");
    assert!(page.contains("Wat u eerder koos"), "{page}");
    assert_eq!(page.matches(">ja, dat mag</li>").count(), 1, "{page}");
    assert_eq!(page.matches(">nee, liever niet</li>").count(), 1, "{page}");
    // Newest first.
    assert!(page.find(">nee, liever niet</li>") < page.find(">ja, dat mag</li>"));
    // The young person sees only their own (none yet), and no one else's.
    let page = body_text(app.get("/cases/1/plan", Some(&young)).await).await;
    assert!(!page.contains("eerder koos"), "{page}");
}

/// Erasing one of several shared answers sends a version without it (the copy kept here had
/// already lost it), and a coordinator erasing a parent on request withdraws their response
/// and their yes in the store; what this store cannot purge (old versions, their name as a
/// related person) is listed for the coordinator.
#[tokio::test]
async fn erasures_reach_the_store_and_what_it_keeps_is_listed() {
    let fhir = FhirServer::start(&["--auth", "bearer", "--token", TOKEN]);
    let app = TestApp::spawn().await;
    let store = fhir.plan_store();
    let parent = person(&app, Role::Parent).await;
    let s = &app.state.store;
    s.set_consent(CaseId(1), parent, true, "test", app::ctx::now())
        .await
        .unwrap();
    answer_and_send(
        &app,
        parent,
        &[
            ("goes_well", "Hij kookt graag met zijn oma.", "table"),
            (
                "child_needs",
                "Een vaste plek om tot rust te komen.",
                "table",
            ),
        ],
    )
    .await;
    drain(&app, &store).await;
    let response = fhir
        .ours("QuestionnaireResponse", "input", &format!("1-{parent}"))
        .await;
    assert_eq!(response["item"].as_array().unwrap().len(), 2);

    // One of the two answers erased: the store's response keeps only the other.
    assert!(s
        .erase_answer(MeetingId(1), parent, "child_needs", app::ctx::now())
        .await
        .unwrap());
    drain(&app, &store).await;
    let response = fhir
        .ours("QuestionnaireResponse", "input", &format!("1-{parent}"))
        .await;
    let items = response["item"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{response}");
    assert!(!response.to_string().contains("Een vaste plek"));
    assert_eq!(response["status"], "completed");

    // The coordinator erases the parent on request: the response is withdrawn, the yes is
    // inactive, and the sync page lists what the store keeps.
    let coordinator = app.sign_in_as("coordinator").await;
    let res = app
        .call(
            "erase_person",
            &[
                ("case", "1"),
                ("person", &parent.to_string()),
                ("confirm", "yes"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    drain(&app, &store).await;
    let response = fhir
        .ours("QuestionnaireResponse", "input", &format!("1-{parent}"))
        .await;
    assert_eq!(response["status"], "entered-in-error", "{response}");
    assert!(response.get("item").is_none(), "{response}");
    let consent = fhir
        .ours("Consent", "consent", &format!("1-{parent}"))
        .await;
    assert_eq!(consent["status"], "inactive");
    let page = body_text(app.get("/cases/1/sync", Some(&coordinator)).await).await;
    assert!(page.contains("Oude versies in het zorgplan"), "{page}");
    assert!(
        page.contains(&format!(
            "QuestionnaireResponse/{}",
            response["id"].as_str().unwrap()
        )),
        "{page}"
    );
    assert!(
        page.contains("RelatedPerson/"),
        "their name is still in the store: {page}"
    );
    assert_eq!(fhir.stats().await["validationFailures"], 0);
}

/// A parent taken off the table erases one of two answers and takes back their yes: the store
/// gets a version without that answer (nothing else of theirs); then their Consent goes inactive
/// and their response is withdrawn.
#[tokio::test]
async fn after_being_taken_off_an_erasure_and_a_withdrawal_still_reach_the_store() {
    let fhir = FhirServer::start(&["--auth", "bearer", "--token", TOKEN]);
    let app = TestApp::spawn().await;
    let store = fhir.plan_store();
    let parent = person(&app, Role::Parent).await;
    let cookie = app.sign_in_as("parent").await;
    let s = &app.state.store;
    s.set_consent(CaseId(1), parent, true, "test", app::ctx::now())
        .await
        .unwrap();
    answer_and_send(
        &app,
        parent,
        &[
            ("goes_well", "Hij fietst elke dag naar school.", "table"),
            ("child_needs", "Een rustige plek voor huiswerk.", "table"),
            ("worries", "Alleen voor mezelf.", "me"),
        ],
    )
    .await;
    drain(&app, &store).await;
    let coordinator = app.sign_in_as("coordinator").await;
    app.take_off(&coordinator, "1", &parent.to_string()).await;
    drain(&app, &store).await;
    let value = format!("1-{parent}");
    let before = fhir.ours("QuestionnaireResponse", "input", &value).await;
    assert_eq!(before["item"].as_array().unwrap().len(), 2, "{before}");

    let res = app
        .call(
            "erase_former_answer",
            &[("case", "1"), ("meeting", "1"), ("question", "child_needs")],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    drain(&app, &store).await;
    let after = fhir.ours("QuestionnaireResponse", "input", &value).await;
    let items = after["item"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{after}");
    assert!(!after.to_string().contains("Een rustige plek"), "{after}");
    assert!(!after.to_string().contains("Alleen voor mezelf"), "{after}");
    assert_eq!(after["status"], "completed");
    assert_ne!(after["meta"]["versionId"], before["meta"]["versionId"]);

    let res = app
        .call("withdraw_former_consent", &[("case", "1")], Some(&cookie))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    drain(&app, &store).await;
    let consent = fhir.ours("Consent", "consent", &value).await;
    assert_eq!(consent["status"], "inactive", "{consent}");
    // With the yes taken back, the answer left leaves the store too (as for someone still at
    // the table); nothing new went.
    let last = fhir.ours("QuestionnaireResponse", "input", &value).await;
    assert_eq!(last["status"], "entered-in-error", "{last}");
    assert!(last.get("item").is_none(), "{last}");
    assert_eq!(fhir.stats().await["validationFailures"], 0);
}

/// Parental authority decides whose consent counts: a young person's answers (12 to 16) go to
/// the care plan with their own yes and the yes of a parent with gezag; once the coordinator
/// notes that the parent who said yes has no gezag, they are withdrawn, and they go again when
/// it is set back. Only the coordinator and the family coach see who has gezag.
#[tokio::test]
async fn only_a_parent_with_gezag_decides_for_the_child() {
    let fhir = FhirServer::start(&["--auth", "bearer", "--token", TOKEN]);
    let app = TestApp::spawn().await;
    let store = fhir.plan_store();
    let (parent, young) = (
        person(&app, Role::Parent).await,
        person(&app, Role::Young).await,
    );
    let s = &app.state.store;
    for who in [parent, young] {
        s.set_consent(CaseId(1), who, true, "test", app::ctx::now())
            .await
            .unwrap();
    }
    answer_and_send(
        &app,
        young,
        &[("good_things", "Ik ben goed in tekenen.", "table")],
    )
    .await;
    drain(&app, &store).await;
    let value = format!("1-{young}");
    let theirs = || fhir.ours("QuestionnaireResponse", "input", &value);
    assert_eq!(theirs().await["item"].as_array().unwrap().len(), 1);

    let coordinator = app.sign_in_as("coordinator").await;
    let mediator = app.sign_in_as("mediator").await;
    let parent_cookie = app.sign_in_as("parent").await;
    let (_, html) = page(&app, "/cases/1", &mediator).await;
    assert!(
        html.contains("Heeft gezag: mag beslissen voor het kind"),
        "{html}"
    );
    let (_, html) = page(&app, "/cases/1", &parent_cookie).await;
    assert!(!html.contains("gezag"), "families do not see it: {html}");
    let set = |value: &'static str| {
        let (app, coordinator) = (&app, coordinator.clone());
        async move {
            app.call(
                "set_gezag",
                &[
                    ("case", "1"),
                    ("person", &parent.to_string()),
                    ("gezag", value),
                ],
                Some(&coordinator),
            )
            .await
            .status()
        }
    };
    assert_eq!(set("maybe").await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(set("no").await, StatusCode::OK);
    drain(&app, &store).await;
    let response = theirs().await;
    assert_eq!(response["status"], "entered-in-error", "{response}");
    assert!(response.get("item").is_none());
    let (_, html) = page(&app, "/cases/1", &coordinator).await;
    assert!(html.contains("Heeft geen gezag"), "{html}");

    assert_eq!(set("yes").await, StatusCode::OK);
    drain(&app, &store).await;
    assert_eq!(theirs().await["item"].as_array().unwrap().len(), 1);
    // Not for a professional at the table.
    let mediator_id = person(&app, Role::Mediator).await;
    let res = app
        .call(
            "set_gezag",
            &[
                ("case", "1"),
                ("person", &mediator_id.to_string()),
                ("gezag", "no"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

/// At 12 the young person's own yes is needed too, so sending their input pauses until they
/// choose: what the store had from before (sent with the parent's yes) stays as it was while
/// the parent's yes holds, a changed answer does not go, an erased one still leaves the store;
/// the parent's no withdraws it all, Sam's yes sends what Sam has now. The birthday starts at
/// midnight Dutch time.
#[tokio::test]
async fn at_12_sending_pauses_until_the_young_person_says_yes() {
    let fhir = FhirServer::start(&["--auth", "bearer", "--token", TOKEN]);
    let start = app::domain::LocalTime::parse("2026-12-01T12:00")
        .unwrap()
        .instant()
        .timestamp();
    let app = TestApp::spawn_with(PORTAL, app::ctx::Clock::fixed(start)).await;
    let clock = app.state.config.clock.clone();
    let store = fhir.plan_store();
    let drain_now = || async {
        for _ in 0..8 {
            run_once(&app.state, &store, clock.now()).await;
            if app.state.store.outbox_waiting_count().await.unwrap() == 0 {
                return;
            }
            clock.advance(4000);
        }
        panic!("the outbox did not empty");
    };
    let coordinator = app.sign_in_as("coordinator").await;
    let res = app
        .call(
            "set_birth_date",
            &[
                ("case", "1"),
                ("birth_date", "2014-12-02"),
                ("confirm", "yes"),
            ],
            Some(&coordinator),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let (parent, young) = (
        person(&app, Role::Parent).await,
        person(&app, Role::Young).await,
    );
    let s = &app.state.store;
    s.set_consent(CaseId(1), parent, true, "test", clock.now())
        .await
        .unwrap();
    // Saved on the portal's clock (not the wall clock, as `answer_and_send` does).
    let save = |q: &'static str, body: &'static str, base: i64| {
        let clock = clock.clone();
        async move {
            s.save_answer(SaveAnswer {
                meeting: MeetingId(1),
                person: young,
                question: q,
                body,
                sharing: "table",
                coach: None,
                base_version: base,
                op: &format!("{q}-{base}"),
                now: clock.now(),
            })
            .await
            .unwrap();
        }
    };
    save("good_things", "Ik ben goed in tekenen.", 0).await;
    save("wishes", "Meer pauze.", 0).await;
    save("worries", "Rekenen is moeilijk.", 0).await;
    s.mark_sent(MeetingId(1), young, clock.now()).await.unwrap();
    drain_now().await;
    let value = format!("1-{young}");
    let theirs = || async {
        let response = fhir.ours("QuestionnaireResponse", "input", &value).await;
        let mut texts: Vec<String> = response["item"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|i| {
                        i["answer"][0]["valueString"]
                            .as_str()
                            .unwrap_or("")
                            .to_string()
                    })
                    .collect()
            })
            .unwrap_or_default();
        texts.sort();
        (response["status"].as_str().unwrap_or("").to_string(), texts)
    };
    let all = vec![
        "Ik ben goed in tekenen.".to_string(),
        "Meer pauze.".into(),
        "Rekenen is moeilijk.".into(),
    ];
    // Sam is 11: the parent's yes sends it.
    assert_eq!(theirs().await, ("completed".into(), all.clone()));

    // The 12th birthday: the hourly job notes the new band and looks at the input again.
    let midnight = app::domain::LocalTime::parse("2026-12-02T00:00")
        .unwrap()
        .instant()
        .timestamp();
    clock.advance(midnight + 60 - clock.now());
    assert_eq!(app::case::age::step(&app.state, clock.now()).await, 1);
    drain_now().await;
    assert_eq!(
        theirs().await,
        ("completed".into(), all),
        "what the store had stays while it waits"
    );
    // A changed answer waits; an erased one still leaves the store; the rest stays.
    save("good_things", "Ik teken en ik zing.", 1).await;
    assert!(s
        .erase_answer(MeetingId(1), young, "wishes", clock.now())
        .await
        .unwrap());
    drain_now().await;
    assert_eq!(
        theirs().await,
        ("completed".into(), vec!["Rekenen is moeilijk.".to_string()])
    );
    // The parent takes their yes back: what was sent with it is withdrawn, also while it
    // waits for Sam; a yes again does not send it back while it waits.
    s.set_consent(CaseId(1), parent, false, "test", clock.now())
        .await
        .unwrap();
    drain_now().await;
    assert_eq!(theirs().await, ("entered-in-error".into(), Vec::new()));
    s.set_consent(CaseId(1), parent, true, "test", clock.now())
        .await
        .unwrap();
    drain_now().await;
    assert_eq!(theirs().await, ("entered-in-error".into(), Vec::new()));
    // Sam says yes: what Sam has now goes.
    s.set_consent(CaseId(1), young, true, "test", clock.now())
        .await
        .unwrap();
    drain_now().await;
    assert_eq!(
        theirs().await,
        (
            "completed".into(),
            vec![
                "Ik teken en ik zing.".to_string(),
                "Rekenen is moeilijk.".into()
            ]
        )
    );
    assert_eq!(fhir.stats().await["validationFailures"], 0);
}
