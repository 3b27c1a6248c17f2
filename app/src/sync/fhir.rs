//! The mapping between Aan Tafel and FHIR R4 (pure; see `MAPPING.md` next to this file).
//! Each builder returns only the top-level elements Aan Tafel owns: they are laid over the
//! resource as the store last had it, so elements the store added are kept.

use super::merge::{fields, Fields};
use serde_json::{json, Map, Value};

/// The top-level elements of a resource that Aan Tafel writes.
pub type Owned = Map<String, Value>;

/// The identifier system of a kind of item of this portal: `{public url}/id/{kind}`.
pub fn system(public_url: &str, kind: &str) -> String {
    format!("{}/id/{kind}", public_url.trim_end_matches('/'))
}

fn identifier(system: &str, value: &str) -> Value {
    json!([{ "system": system, "value": value }])
}

fn owned(resource_type: &str, value: Value) -> Owned {
    let mut m = match value {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    m.insert("resourceType".into(), Value::String(resource_type.into()));
    m
}

/// Lays `owned` over `resource` (a missing or null owned element is removed).
pub fn overlay(resource: &Value, owned: &Owned) -> Value {
    let mut out = match resource {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    for (k, v) in owned {
        if v.is_null() {
            out.remove(k);
        } else {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// Whether laying `owned` over `resource` changes nothing.
pub fn unchanged(resource: &Value, owned: &Owned) -> bool {
    owned.iter().all(|(k, v)| {
        if v.is_null() {
            resource.get(k).is_none()
        } else {
            resource.get(k) == Some(v)
        }
    })
}

/// The child: a Patient, named by first name only.
pub fn patient(sys: &str, case: i64, first_name: &str) -> Owned {
    owned(
        "Patient",
        json!({
            "identifier": identifier(sys, &case.to_string()),
            "name": [{ "given": [first_name], "text": first_name }],
        }),
    )
}

/// A parent or carer: a RelatedPerson of the child.
pub fn related_person(sys: &str, value: &str, patient: &str, name: &str, relation: &str) -> Owned {
    let mut relationship = json!([{
        "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
            "code": "PRN",
            "display": "parent"
        }]
    }]);
    if !relation.is_empty() {
        relationship[0]["text"] = Value::String(relation.into());
    }
    owned(
        "RelatedPerson",
        json!({
            "identifier": identifier(sys, value),
            "active": true,
            "patient": { "reference": patient },
            "relationship": relationship,
            "name": [{ "text": name }],
        }),
    )
}

/// A professional: a Practitioner.
pub fn practitioner(sys: &str, value: &str, name: &str) -> Owned {
    owned(
        "Practitioner",
        json!({
            "identifier": identifier(sys, value),
            "active": true,
            "name": [{ "text": name }],
        }),
    )
}

/// What a `Consent` says: whose yes or no, about which child, when, and to which text.
pub struct ConsentFacts<'a> {
    /// A yes that holds (`active`), or a no after a yes (`inactive`).
    pub active: bool,
    /// The child's Patient reference.
    pub patient: &'a str,
    /// Who said it: the parent's RelatedPerson, or the young person's Patient.
    pub performer: &'a str,
    /// When, as an instant.
    pub date_time: &'a str,
    /// The version of the consent text they were shown.
    pub text_version: &'a str,
    /// Where that text is explained in plain words.
    pub policy: &'a str,
}

/// A family member's yes (or later no) to sending to the care plan: a privacy `Consent` that
/// permits what goes out (names, goals, meetings and the answers shared with everyone at the
/// table), for the care plan's own use only.
pub fn consent(sys: &str, value: &str, f: &ConsentFacts<'_>) -> Owned {
    owned(
        "Consent",
        json!({
            "identifier": identifier(sys, value),
            "status": if f.active { "active" } else { "inactive" },
            "scope": {
                "coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                    "display": "Privacy Consent"
                }]
            },
            "category": [{
                "coding": [{
                    "system": "http://loinc.org",
                    "code": "59284-0",
                    "display": "Patient Consent"
                }]
            }],
            "patient": { "reference": f.patient },
            "dateTime": f.date_time,
            "performer": [{ "reference": f.performer }],
            "policy": [{ "uri": f.policy }],
            "policyRule": {
                "coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                    "code": "OPTIN",
                    "display": "opt-in"
                }],
                "text": format!("Aan Tafel, toestemming voor het zorgplan, tekst {}", f.text_version)
            },
            "provision": {
                "type": "permit",
                "purpose": [{
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
                    "code": "TREAT",
                    "display": "treatment"
                }]
            },
        }),
    )
}

/// The case: a CarePlan about the child.
pub fn care_plan(
    sys: &str,
    case: i64,
    patient: &str,
    first_name: &str,
    closed: bool,
    goals: &[String],
) -> Owned {
    let goal_refs: Vec<Value> = goals.iter().map(|g| json!({ "reference": g })).collect();
    owned(
        "CarePlan",
        json!({
            "identifier": identifier(sys, &case.to_string()),
            "status": if closed { "completed" } else { "active" },
            "intent": "plan",
            "title": format!("Plan voor {first_name}"),
            "subject": { "reference": patient },
            "goal": if goal_refs.is_empty() { Value::Null } else { Value::Array(goal_refs) },
        }),
    )
}

/// A goal's mapped fields, as kept here: plain, detail, status (active, reached, stopped).
pub fn goal_fields(plain: &str, detail: &str, status: &str) -> Fields {
    fields([
        ("plain", Some(plain.to_string())),
        ("detail", Some(detail.to_string())),
        ("status", Some(status.to_string())),
    ])
}

/// A Goal's mapped fields, read from the store's resource.
pub fn goal_fields_of(goal: &Value) -> Fields {
    let status = match goal["lifecycleStatus"].as_str().unwrap_or("active") {
        "completed" => "reached",
        "cancelled" | "rejected" | "entered-in-error" => "stopped",
        _ => "active",
    };
    goal_fields(
        goal["description"]["text"].as_str().unwrap_or_default(),
        goal["note"][0]["text"].as_str().unwrap_or_default(),
        status,
    )
}

fn get(f: &Fields, k: &str) -> String {
    f.get(k).cloned().flatten().unwrap_or_default()
}

/// A goal: a Goal of the child, with who expressed it.
pub fn goal(sys: &str, id: i64, f: &Fields, patient: &str, expressed_by: Value) -> Owned {
    let lifecycle = match get(f, "status").as_str() {
        "reached" => "completed",
        "stopped" => "cancelled",
        _ => "active",
    };
    let detail = get(f, "detail");
    owned(
        "Goal",
        json!({
            "identifier": identifier(sys, &id.to_string()),
            "lifecycleStatus": lifecycle,
            "description": { "text": get(f, "plain") },
            "subject": { "reference": patient },
            "expressedBy": expressed_by,
            "note": if detail.is_empty() { Value::Null } else { json!([{ "text": detail }]) },
        }),
    )
}

/// An action's mapped fields, as kept here: what, who, due (YYYY-MM-DD), done (yes/no).
pub fn action_fields(what: &str, who: &str, due: Option<chrono::NaiveDate>, done: bool) -> Fields {
    fields([
        ("what", Some(what.to_string())),
        ("who", Some(who.to_string())),
        ("due", due.map(|d| d.format("%Y-%m-%d").to_string())),
        ("done", Some(if done { "yes" } else { "no" }.to_string())),
    ])
}

/// An agreement's fields: an action's, with how it went as the Task's status (`progress`).
pub fn agreement_fields(
    what: &str,
    who: &str,
    due: Option<chrono::NaiveDate>,
    status: Option<crate::agreements::status::AgreementStatus>,
) -> Fields {
    let mut f = action_fields(
        what,
        who,
        due,
        status == Some(crate::agreements::status::AgreementStatus::Done),
    );
    f.insert("progress".into(), status.map(|s| s.fhir().to_string()));
    f
}

/// A Task's mapped fields, read from the store's resource.
pub fn action_fields_of(task: &Value) -> Fields {
    let due = task["restriction"]["period"]["end"]
        .as_str()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok());
    action_fields(
        task["description"].as_str().unwrap_or_default(),
        task["owner"]["display"].as_str().unwrap_or_default(),
        due,
        task["status"] == "completed",
    )
}

/// An action of the plan, or an agreement of a meeting: a Task based on the CarePlan.
/// `cancelled`: the agreement was taken back.
pub fn task(
    sys: &str,
    value: &str,
    f: &Fields,
    care_plan: &str,
    patient: &str,
    goal: Option<&str>,
    label: &str,
    cancelled: bool,
) -> Owned {
    let progress = get(f, "progress");
    let status = if cancelled {
        "cancelled"
    } else if !progress.is_empty() {
        progress.as_str()
    } else if get(f, "done") == "yes" {
        "completed"
    } else {
        "requested"
    };
    let who = get(f, "who");
    let due = get(f, "due");
    owned(
        "Task",
        json!({
            "identifier": identifier(sys, value),
            "status": status,
            "intent": "plan",
            "code": { "text": label },
            "description": get(f, "what"),
            "basedOn": [{ "reference": care_plan }],
            "for": { "reference": patient },
            "focus": goal.map(|g| json!({ "reference": g })).unwrap_or(Value::Null),
            "owner": if who.is_empty() { Value::Null } else { json!({ "display": who }) },
            "restriction": if due.is_empty() { Value::Null } else { json!({ "period": { "end": due } }) },
        }),
    )
}

/// A meeting: an Appointment with the people invited.
pub fn appointment(
    sys: &str,
    meeting: i64,
    title: &str,
    purpose: &str,
    start: &str,
    end: &str,
    care_plan: &str,
    participants: &[String],
) -> Owned {
    let participant: Vec<Value> = participants
        .iter()
        .map(|p| json!({ "actor": { "reference": p }, "status": "needs-action" }))
        .collect();
    owned(
        "Appointment",
        json!({
            "identifier": identifier(sys, &meeting.to_string()),
            "status": "booked",
            "description": title,
            "comment": purpose,
            "start": start,
            "end": end,
            "supportingInformation": [{ "reference": care_plan }],
            "participant": participant,
        }),
    )
}

/// One question of a published questionnaire: key, type (text, integer, choice), Dutch text,
/// and for a choice its options (code, Dutch).
pub struct QuestionItem<'a> {
    /// The key (`linkId`).
    pub key: &'a str,
    /// FHIR item type.
    pub kind: &'a str,
    /// The question, in Dutch.
    pub text: &'a str,
    /// Options of a choice.
    pub options: Vec<(&'a str, &'a str)>,
}

/// A prepare form: a published Questionnaire (identified by its canonical url).
/// The version of the prepare questionnaires. Raise it when a question set changes: the worker
/// then puts a new Questionnaire version in the store, and new answers point at it.
pub const QUESTIONNAIRE_VERSION: &str = "2";

pub fn questionnaire(url: &str, name: &str, title: &str, items: &[QuestionItem<'_>]) -> Owned {
    let item: Vec<Value> = items
        .iter()
        .map(|q| {
            let mut v = json!({ "linkId": q.key, "text": q.text, "type": q.kind });
            if !q.options.is_empty() {
                v["answerOption"] = Value::Array(
                    q.options
                        .iter()
                        .map(|(code, display)| json!({ "valueCoding": { "code": code, "display": display } }))
                        .collect(),
                );
            }
            v
        })
        .collect();
    owned(
        "Questionnaire",
        json!({
            "url": url,
            "version": QUESTIONNAIRE_VERSION,
            "name": name,
            "title": title,
            "status": "active",
            "subjectType": ["Patient"],
            "item": item,
        }),
    )
}

/// One shared answer: key, type, and the value as stored.
pub struct AnswerItem<'a> {
    /// The key (`linkId`).
    pub key: &'a str,
    /// FHIR item type.
    pub kind: &'a str,
    /// As stored.
    pub value: &'a str,
}

/// One answer as an `item` of a QuestionnaireResponse.
pub fn answer_item(a: &AnswerItem<'_>) -> Value {
    let answer = match a.kind {
        "integer" => a
            .value
            .parse::<i64>()
            .map(|n| json!({ "valueInteger": n }))
            .unwrap_or_else(|_| json!({ "valueString": a.value })),
        "choice" => json!({ "valueCoding": { "code": a.value } }),
        _ => json!({ "valueString": a.value }),
    };
    json!({ "linkId": a.key, "answer": [answer] })
}

/// The `item`s of a QuestionnaireResponse as last seen (its JSON text); none when unreadable.
pub fn items_of(resource: &str) -> Vec<Value> {
    serde_json::from_str::<Value>(resource)
        .ok()
        .and_then(|r| r.get("item").and_then(Value::as_array).cloned())
        .unwrap_or_default()
}

/// Someone's input shared with the table: a QuestionnaireResponse with its author as `source`.
/// Without items (everything taken back), it is marked entered-in-error and holds nothing.
pub fn questionnaire_response(
    sys: &str,
    value: &str,
    questionnaire: &str,
    care_plan: &str,
    patient: &str,
    author: &str,
    authored: &str,
    items: &[AnswerItem<'_>],
) -> Owned {
    let item: Vec<Value> = items.iter().map(answer_item).collect();
    owned(
        "QuestionnaireResponse",
        json!({
            "identifier": { "system": sys, "value": value },
            "questionnaire": questionnaire,
            "basedOn": [{ "reference": care_plan }],
            "status": if item.is_empty() { "entered-in-error" } else { "completed" },
            "subject": { "reference": patient },
            "source": { "reference": author },
            "author": { "reference": author },
            "authored": authored,
            "item": if item.is_empty() { Value::Null } else { Value::Array(item) },
        }),
    )
}

/// The mediator's question back about a shared answer: a Communication to its author.
pub fn communication(
    sys: &str,
    value: &str,
    patient: &str,
    sender: &str,
    recipient: &str,
    about: &str,
    question: &str,
    text: &str,
) -> Owned {
    owned(
        "Communication",
        json!({
            "identifier": identifier(sys, value),
            "status": "completed",
            "subject": { "reference": patient },
            "about": [{ "reference": about }],
            "sender": { "reference": sender },
            "recipient": [{ "reference": recipient }],
            "topic": { "text": question },
            "payload": [{ "contentString": text }],
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goal_fields_round_trip_through_a_goal() {
        let f = goal_fields("Elke dag naar school", "Schoolgang 100%", "reached");
        let g = Value::Object(goal(
            "s",
            3,
            &f,
            "Patient/1",
            json!({ "reference": "Patient/1" }),
        ));
        assert_eq!(g["lifecycleStatus"], "completed");
        assert_eq!(goal_fields_of(&g), f);
        let f = goal_fields("Rust", "", "stopped");
        let g = Value::Object(goal("s", 3, &f, "Patient/1", Value::Null));
        assert_eq!(g["lifecycleStatus"], "cancelled");
        assert!(g.get("note").is_some_and(Value::is_null));
        assert_eq!(
            goal_fields_of(&overlay(&json!({}), g.as_object().unwrap())),
            f
        );
    }

    #[test]
    fn action_fields_round_trip_through_a_task() {
        let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 1);
        for done in [true, false] {
            let f = action_fields("Gesprek met mentor", "Mark", due, done);
            let t = task(
                "s",
                "4",
                &f,
                "CarePlan/1",
                "Patient/1",
                Some("Goal/2"),
                "Actie",
                false,
            );
            assert_eq!(action_fields_of(&overlay(&json!({}), &t)), f);
        }
        let t = task(
            "s",
            "4",
            &action_fields("x", "", None, false),
            "CarePlan/1",
            "Patient/1",
            None,
            "Afspraak",
            true,
        );
        assert_eq!(t["status"], "cancelled");
    }

    #[test]
    fn an_agreement_s_status_is_its_task_status() {
        use crate::agreements::status::AgreementStatus::*;
        let task_of = |s| {
            task(
                "s",
                "4",
                &agreement_fields("x", "Mark", None, s),
                "CarePlan/1",
                "Patient/1",
                None,
                "Afspraak",
                false,
            )
        };
        assert_eq!(task_of(None)["status"], "requested");
        assert_eq!(task_of(Some(Done))["status"], "completed");
        assert_eq!(task_of(Some(Busy))["status"], "in-progress");
        assert_eq!(task_of(Some(Failed))["status"], "failed");
    }

    #[test]
    fn overlay_keeps_what_the_store_added_and_drops_what_we_emptied() {
        let stored = json!({ "resourceType": "Goal", "id": "9", "priority": { "text": "hoog" }, "note": [{ "text": "oud" }] });
        let mine = goal(
            "s",
            3,
            &goal_fields("Lezen", "", "active"),
            "Patient/1",
            Value::Null,
        );
        let out = overlay(&stored, &mine);
        assert_eq!(out["id"], "9");
        assert_eq!(out["priority"]["text"], "hoog");
        assert!(out.get("note").is_none());
        assert!(unchanged(&out, &mine));
        assert!(!unchanged(&stored, &mine));
    }

    #[test]
    fn withdrawn_input_leaves_an_empty_entered_in_error_response() {
        let r = questionnaire_response(
            "s",
            "1-2",
            "q|1",
            "CarePlan/1",
            "Patient/1",
            "RelatedPerson/3",
            "2026-11-23T10:00:00+01:00",
            &[],
        );
        assert_eq!(r["status"], "entered-in-error");
        assert!(r["item"].is_null());
        let a = [AnswerItem {
            key: "mood",
            kind: "integer",
            value: "7",
        }];
        let r = questionnaire_response(
            "s",
            "1-2",
            "q|1",
            "CarePlan/1",
            "Patient/1",
            "Patient/1",
            "2026-11-23T10:00:00+01:00",
            &a,
        );
        assert_eq!(r["status"], "completed");
        assert_eq!(r["item"][0]["answer"][0]["valueInteger"], 7);
        assert_eq!(r["source"]["reference"], "Patient/1");
    }
}
