//! The sync worker (server only): delivers the outbox to the care-plan store with retries and
//! backoff, and pulls changes made in the store. One interface, [`CarePlanStore`], with two
//! implementations: [`BuiltIn`] (the plan lives in Aan Tafel's own database; nothing to send)
//! and [`FhirStore`] (a FHIR R4 server).

use super::client::{FhirClient, FhirError, Stored};
use super::consent_allows;
use super::fhir::{self, Owned};
use super::merge::{merge3, Fields};
use crate::ctx::AppState;
use crate::domain::{AgreementId, CaseId, GoalId, MeetingId, PersonId, PlanActionId, Role};
use crate::i18n::{t, Lang};
use crate::prepare::questions::{questions_for, Kind};
use crate::prepare::sharing::Sharing;
use crate::store::{CaseRow, ConflictRow, ItemKey, OutboxDue, StoreError, SyncLink};
use async_trait::async_trait;
use serde_json::{json, Value};
use std::sync::Arc;

/// A failure of one delivery or pull.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The store's answer.
    #[error(transparent)]
    Fhir(#[from] FhirError),
    /// Our own database.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    fn code(&self) -> &'static str {
        match self {
            SyncError::Fhir(e) => e.code(),
            SyncError::Store(_) => "internal",
        }
    }
    fn is_transient(&self) -> bool {
        match self {
            SyncError::Fhir(e) => e.is_transient() || *e == FhirError::Changed,
            SyncError::Store(_) => true,
        }
    }
}

type R<T> = Result<T, SyncError>;

/// What became of one outbox item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// It reached the store (or was already there as it is).
    Sent,
    /// Nothing of it may or needs to leave.
    Nothing,
    /// Both sides changed the same field: the mediator decides.
    Conflict,
}

/// The place where the care plan lives.
#[async_trait]
pub trait CarePlanStore: Send + Sync {
    /// Where the plan lives, for the status page (never a secret).
    fn describe(&self) -> Option<String>;
    /// Delivers one outbox item.
    async fn deliver(&self, state: &AppState, item: &OutboxDue) -> R<Delivery>;
    /// Fetches changes made in the store. Returns how many items changed here.
    async fn pull(&self, state: &AppState) -> R<usize>;
}

/// The plan lives in Aan Tafel's own database: there is nothing to send or fetch.
pub struct BuiltIn;

#[async_trait]
impl CarePlanStore for BuiltIn {
    fn describe(&self) -> Option<String> {
        None
    }
    async fn deliver(&self, _: &AppState, _: &OutboxDue) -> R<Delivery> {
        Ok(Delivery::Nothing)
    }
    async fn pull(&self, _: &AppState) -> R<usize> {
        Ok(0)
    }
}

/// What one run of the worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Items that reached the store.
    pub sent: usize,
    /// Items with nothing to send.
    pub nothing: usize,
    /// Items held for the mediator.
    pub conflicts: usize,
    /// Items that failed and wait for a person.
    pub failed: usize,
    /// Items kept for a later try.
    pub retry: usize,
    /// Items changed here by the pull.
    pub pulled: usize,
    /// Whether the store could not be reached (the run stopped early).
    pub unreachable: bool,
}

/// Seconds to wait before try number `attempts + 1`: 15 s doubling up to an hour, with jitter.
pub fn backoff(attempts: i64) -> i64 {
    let base = (15i64 << attempts.clamp(0, 8)).min(3600);
    let jitter = rand::random::<u32>() as i64 % (base / 5 + 1);
    base + jitter
}

/// How long a worker's claim on outbox items lasts by default: longer than a run of 50
/// deliveries takes (each HTTP call gives up after 20 s), so no other instance takes them over
/// while it runs. If an instance dies mid-run, its items wait this long (setting
/// `AANTAFEL_SYNC_LEASE_SECONDS`).
pub const CLAIM_SECONDS: i64 = 20 * 60;

/// One run: deliver what is due, then pull. Never loses an outbox entry: an entry is settled only
/// after the store confirmed it.
pub async fn run_once(state: &AppState, store: &dyn CarePlanStore, now: i64) -> RunReport {
    let mut report = RunReport::default();
    let due = match state
        .store
        .outbox_claim(now, state.config.sync_lease_seconds, 50)
        .await
    {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "sync: cannot read the outbox");
            return report;
        }
    };
    let mut done = 0;
    for item in &due {
        done += 1;
        let result = store.deliver(state, item).await;
        let settled = match result {
            Ok(d) => {
                let state_code = match d {
                    Delivery::Sent => {
                        report.sent += 1;
                        "sent"
                    }
                    Delivery::Nothing => {
                        report.nothing += 1;
                        "sent"
                    }
                    Delivery::Conflict => {
                        report.conflicts += 1;
                        "conflict"
                    }
                };
                state
                    .store
                    .outbox_settle(&item.key, item.up_to, state_code, "", now)
                    .await
            }
            Err(e) if e.is_transient() => {
                report.retry += 1;
                tracing::warn!(item = %item.key, error = e.code(), attempts = item.attempts + 1, "sync: will try again");
                let attempts = item.attempts + 1;
                let r = state
                    .store
                    .outbox_retry(
                        &item.key,
                        item.up_to,
                        attempts,
                        now + backoff(attempts),
                        e.code(),
                    )
                    .await;
                if matches!(
                    e,
                    SyncError::Fhir(FhirError::Unreachable | FhirError::Server(_))
                ) {
                    // The store is away: leave the rest for the next run instead of knocking on.
                    report.unreachable = true;
                    if let Err(e) = r {
                        tracing::error!(error = %e, "sync: cannot update the outbox");
                    }
                    break;
                }
                r
            }
            Err(e) => {
                report.failed += 1;
                tracing::warn!(item = %item.key, error = e.code(), "sync: refused, a person must look");
                state
                    .store
                    .outbox_settle(&item.key, item.up_to, "failed", e.code(), now)
                    .await
            }
        };
        if let Err(e) = settled {
            tracing::error!(error = %e, "sync: cannot update the outbox");
        }
    }
    // What this run claimed but did not get to is free again for the next run, here or elsewhere.
    if done < due.len() {
        if let Err(e) = state.store.outbox_release(&due[done..]).await {
            tracing::error!(error = %e, "sync: cannot release the outbox claims");
        }
    }
    if !report.unreachable {
        match store.pull(state).await {
            Ok(n) => report.pulled = n,
            Err(e) => {
                report.unreachable = true;
                tracing::warn!(error = e.code(), "sync: pull failed");
            }
        }
    }
    if !report.unreachable && store.describe().is_some() {
        let _ = state.store.sync_set("last_ok", &now.to_string()).await;
    }
    let _ = state.store.sync_set("last_run", &now.to_string()).await;
    let _ = state.store.outbox_prune(now - 30 * 86_400).await;
    report
}

/// Runs the worker every `interval` until the process ends.
pub fn spawn(state: AppState, store: Arc<dyn CarePlanStore>, interval: std::time::Duration) {
    tokio::spawn(async move {
        loop {
            let report = run_once(&state, store.as_ref(), state.config.clock.now()).await;
            if report != RunReport::default() {
                tracing::info!(
                    sent = report.sent,
                    conflicts = report.conflicts,
                    failed = report.failed,
                    retry = report.retry,
                    pulled = report.pulled,
                    unreachable = report.unreachable,
                    "sync run"
                );
            }
            tokio::time::sleep(interval).await;
        }
    });
}

/// A FHIR R4 server as the care-plan store.
pub struct FhirStore {
    client: FhirClient,
    public_url: String,
}

/// The fields of an item that both sides may change, and how to write them back here.
enum TwoWay {
    Goal {
        case: CaseId,
        id: GoalId,
        role: Role,
    },
    Action {
        case: CaseId,
        id: PlanActionId,
    },
}

impl FhirStore {
    /// A store reached with `client`; `public_url` names this portal in identifiers.
    pub fn new(client: FhirClient, public_url: &str) -> Self {
        FhirStore {
            client,
            public_url: public_url.trim_end_matches('/').to_string(),
        }
    }

    fn sys(&self, kind: &str) -> String {
        fhir::system(&self.public_url, kind)
    }

    fn reference(link: &SyncLink) -> String {
        format!("{}/{}", link.resource_type, link.remote_id)
    }

    fn new_link(st: &AppState, key: &ItemKey, case: CaseId, s: &Stored, base: &Fields) -> SyncLink {
        SyncLink {
            key: key.clone(),
            case_id: case,
            resource_type: s.resource["resourceType"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            remote_id: s.id(),
            version_id: s.version.clone(),
            resource: s.resource.to_string(),
            base: serde_json::to_string(base).unwrap_or_default(),
            synced_at: st.config.clock.now(),
        }
    }

    /// The store's resource for `key`, created once if missing. Returns its reference.
    async fn ensure(
        &self,
        st: &AppState,
        case: CaseId,
        key: &ItemKey,
        kind: &str,
        value: &str,
        mine: Owned,
    ) -> R<String> {
        if let Some(l) = st.store.sync_link(key).await? {
            return Ok(Self::reference(&l));
        }
        let s = self
            .client
            .create_once(&fhir::overlay(&Value::Null, &mine), &self.sys(kind), value)
            .await?;
        let link = Self::new_link(st, key, case, &s, &Fields::new());
        st.store.save_sync_link(&link).await?;
        Ok(Self::reference(&link))
    }

    async fn case(&self, st: &AppState, case: CaseId) -> R<Option<CaseRow>> {
        let now = st.config.clock.now();
        Ok(st.store.case(case).await?.map(|c| c.on_day(now)))
    }

    async fn patient(&self, st: &AppState, case: &CaseRow) -> R<String> {
        let sys = self.sys("child");
        let mine = fhir::patient(&sys, case.id.0, &case.child_first_name);
        self.ensure(
            st,
            case.id,
            &ItemKey::Patient(case.id),
            "child",
            &case.id.to_string(),
            mine,
        )
        .await
    }

    async fn person(&self, st: &AppState, case: &CaseRow, person: PersonId) -> R<Option<String>> {
        let members = st.store.members(case.id).await?;
        let Some(m) = members.iter().find(|m| m.person_id == person) else {
            return Ok(None);
        };
        Ok(Some(match m.role {
            Role::Young => self.patient(st, case).await?,
            Role::Parent => {
                let patient = self.patient(st, case).await?;
                let value = format!("{}-{}", case.id, person);
                let mine = fhir::related_person(
                    &self.sys("carer"),
                    &value,
                    &patient,
                    &m.display_name,
                    &m.relation,
                );
                self.ensure(
                    st,
                    case.id,
                    &ItemKey::Related {
                        case: case.id,
                        person,
                    },
                    "carer",
                    &value,
                    mine,
                )
                .await?
            }
            _ => {
                let mine = fhir::practitioner(
                    &self.sys("professional"),
                    &person.to_string(),
                    &m.display_name,
                );
                self.ensure(
                    st,
                    case.id,
                    &ItemKey::Practitioner(person),
                    "professional",
                    &person.to_string(),
                    mine,
                )
                .await?
            }
        }))
    }

    async fn care_plan(&self, st: &AppState, case: &CaseRow) -> R<String> {
        if let Some(l) = st.store.sync_link(&ItemKey::Case(case.id)).await? {
            return Ok(Self::reference(&l));
        }
        self.push_case(st, case).await?;
        let l = st
            .store
            .sync_link(&ItemKey::Case(case.id))
            .await?
            .ok_or(SyncError::Fhir(FhirError::BadAnswer))?;
        Ok(Self::reference(&l))
    }

    async fn push_case(&self, st: &AppState, case: &CaseRow) -> R<Delivery> {
        let patient = self.patient(st, case).await?;
        let mut goals = Vec::new();
        for g in st.store.goals(case.id).await? {
            if let Some(l) = st.store.sync_link(&ItemKey::Goal(g.id)).await? {
                goals.push(Self::reference(&l));
            }
        }
        let sys = self.sys("case");
        let mine = fhir::care_plan(
            &sys,
            case.id.0,
            &patient,
            &case.child_first_name,
            case.closed_at.is_some(),
            &goals,
        );
        self.push(
            st,
            case.id,
            &ItemKey::Case(case.id),
            &sys,
            &case.id.to_string(),
            mine,
            None,
        )
        .await
    }

    /// Creates or updates the resource of `key`. Creates are conditional on the identifier;
    /// updates carry `If-Match`. On 409/412: re-read, merge, and try again, or hold a conflict.
    #[allow(clippy::too_many_arguments)]
    async fn push(
        &self,
        st: &AppState,
        case: CaseId,
        key: &ItemKey,
        sys: &str,
        value: &str,
        mut mine: Owned,
        two_way: Option<(TwoWay, Fields)>,
    ) -> R<Delivery> {
        let fields_of = |r: &Value| -> Fields {
            match &two_way {
                Some((TwoWay::Goal { .. }, _)) => fhir::goal_fields_of(r),
                Some((TwoWay::Action { .. }, _)) => fhir::action_fields_of(r),
                None => Fields::new(),
            }
        };
        let mut ours = two_way.as_ref().map(|t| t.1.clone()).unwrap_or_default();
        let (mut current, mut version, mut base) = match st.store.sync_link(key).await? {
            Some(l) => (
                serde_json::from_str::<Value>(&l.resource).unwrap_or(Value::Null),
                l.version_id,
                serde_json::from_str::<Fields>(&l.base).unwrap_or_default(),
            ),
            None => {
                let s = self
                    .client
                    .create_once(&fhir::overlay(&Value::Null, &mine), sys, value)
                    .await?;
                let base = fields_of(&s.resource);
                st.store
                    .save_sync_link(&Self::new_link(st, key, case, &s, &base))
                    .await?;
                if !s.existed {
                    return Ok(Delivery::Sent);
                }
                // An earlier try got through before its answer was lost: go on as an update.
                (s.resource, s.version, base)
            }
        };
        // After an erasure the copy kept here already lost the erased words, so it looks the
        // same as what goes out; the store still has them, so the new version goes anyway.
        let mut erased_here = matches!(key, ItemKey::Input { .. })
            && st.store.store_history(key).await? == crate::store::StoreHistory::Purge;
        for _ in 0..4 {
            if fhir::unchanged(&current, &mine) && !erased_here {
                return Ok(Delivery::Sent);
            }
            erased_here = false;
            match self
                .client
                .update(&fhir::overlay(&current, &mine), &version)
                .await
            {
                Ok(s) => {
                    let base = fields_of(&s.resource);
                    st.store
                        .save_sync_link(&Self::new_link(st, key, case, &s, &base))
                        .await?;
                    return Ok(Delivery::Sent);
                }
                Err(FhirError::Changed) => {
                    let rtype = current["resourceType"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    let id = current["id"].as_str().unwrap_or_default().to_string();
                    let fresh = self.client.read(&rtype, &id).await?;
                    if let Some((kind, _)) = &two_way {
                        let theirs = fields_of(&fresh.resource);
                        let merged = merge3(&base, &ours, &theirs);
                        if !merged.conflicts.is_empty() {
                            self.hold(st, case, key, &fresh, &base, &merged.conflicts)
                                .await?;
                            return Ok(Delivery::Conflict);
                        }
                        if merged.fields != ours {
                            self.apply_here(st, kind, &merged.fields).await?;
                        }
                        mine = self.build_two_way(st, kind, &merged.fields).await?;
                        ours = merged.fields;
                        base = theirs;
                    }
                    current = fresh.resource;
                    version = fresh.version;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(FhirError::Changed.into())
    }

    /// Records a conflict: the store's version is kept as the one to build on, and nothing is
    /// overwritten until the mediator decides.
    async fn hold(
        &self,
        st: &AppState,
        case: CaseId,
        key: &ItemKey,
        fresh: &Stored,
        base: &Fields,
        conflicts: &[super::merge::FieldConflict],
    ) -> R<()> {
        let open = st.store.open_conflicts(Some(case)).await?;
        for c in conflicts {
            if open
                .iter()
                .any(|o| &o.key == key && o.field == c.field && o.remote_version == fresh.version)
            {
                continue;
            }
            st.store
                .add_conflict(&ConflictRow {
                    id: 0,
                    case_id: case,
                    key: key.clone(),
                    field: c.field.clone(),
                    ours: c.ours.clone(),
                    theirs: c.theirs.clone(),
                    remote_version: fresh.version.clone(),
                    found_at: st.config.clock.now(),
                })
                .await?;
        }
        st.store
            .save_sync_link(&Self::new_link(st, key, case, fresh, base))
            .await?;
        tracing::info!(item = %key, fields = conflicts.len(), "sync: conflict held for the mediator");
        Ok(())
    }

    async fn apply_here(&self, st: &AppState, kind: &TwoWay, f: &Fields) -> R<()> {
        let get = |k: &str| f.get(k).cloned().flatten().unwrap_or_default();
        let now = st.config.clock.now();
        match kind {
            TwoWay::Goal { case, id, role } => {
                st.store
                    .goal_from_store(
                        *case,
                        Some(*id),
                        &get("plain"),
                        &get("detail"),
                        *role,
                        &get("status"),
                        now,
                    )
                    .await?;
            }
            TwoWay::Action { case, id } => {
                let due = chrono::NaiveDate::parse_from_str(&get("due"), "%Y-%m-%d").ok();
                st.store
                    .action_from_store(
                        *case,
                        Some(*id),
                        &get("what"),
                        &get("who"),
                        due,
                        get("done") == "yes",
                        now,
                    )
                    .await?;
            }
        }
        Ok(())
    }

    async fn build_two_way(&self, st: &AppState, kind: &TwoWay, f: &Fields) -> R<Owned> {
        match kind {
            TwoWay::Goal { case, id, role } => {
                let c = self
                    .case(st, *case)
                    .await?
                    .ok_or(SyncError::Fhir(FhirError::Gone))?;
                let patient = self.patient(st, &c).await?;
                let by = match role {
                    Role::Young => json!({ "reference": patient }),
                    Role::Parent => json!({ "type": "RelatedPerson", "display": "Ouder / parent" }),
                    r => {
                        json!({ "type": "Practitioner", "display": r.name(crate::i18n::Lang::Nl) })
                    }
                };
                Ok(fhir::goal(&self.sys("goal"), id.0, f, &patient, by))
            }
            TwoWay::Action { case, id } => {
                let c = self
                    .case(st, *case)
                    .await?
                    .ok_or(SyncError::Fhir(FhirError::Gone))?;
                let patient = self.patient(st, &c).await?;
                // Made by `push_action` before this is called.
                let plan = st
                    .store
                    .sync_link(&ItemKey::Case(c.id))
                    .await?
                    .map(|l| Self::reference(&l))
                    .ok_or(SyncError::Fhir(FhirError::BadAnswer))?;
                let goal = match st
                    .store
                    .plan_action(*id)
                    .await?
                    .and_then(|(_, a)| a.goal_id)
                {
                    Some(g) => st
                        .store
                        .sync_link(&ItemKey::Goal(g))
                        .await?
                        .map(|l| Self::reference(&l)),
                    None => None,
                };
                Ok(fhir::task(
                    &self.sys("action"),
                    &id.to_string(),
                    f,
                    &plan,
                    &patient,
                    goal.as_deref(),
                    "Actie uit het plan",
                    false,
                ))
            }
        }
    }

    async fn push_goal(&self, st: &AppState, id: GoalId) -> R<Delivery> {
        let Some(g) = st.store.goal(id).await? else {
            return Ok(Delivery::Nothing);
        };
        let role = Role::parse(&g.expressed_by).unwrap_or(Role::CareWorker);
        let kind = TwoWay::Goal {
            case: g.case_id,
            id,
            role,
        };
        let ours = fhir::goal_fields(&g.plain, &g.detail, &g.status);
        let mine = self.build_two_way(st, &kind, &ours).await?;
        let d = self
            .push(
                st,
                g.case_id,
                &ItemKey::Goal(id),
                &self.sys("goal"),
                &id.to_string(),
                mine,
                Some((kind, ours)),
            )
            .await?;
        if d == Delivery::Sent {
            // The CarePlan lists its goals: make sure it lists this one.
            if let Some(c) = self.case(st, g.case_id).await? {
                self.push_case(st, &c).await?;
            }
        }
        Ok(d)
    }

    async fn push_action(&self, st: &AppState, id: PlanActionId) -> R<Delivery> {
        let Some((case, a)) = st.store.plan_action(id).await? else {
            return Ok(Delivery::Nothing);
        };
        if let Some(c) = self.case(st, case).await? {
            self.care_plan(st, &c).await?;
        }
        let kind = TwoWay::Action { case, id };
        let ours = fhir::action_fields(&a.what, &a.who, a.due, a.done_at.is_some());
        let mine = self.build_two_way(st, &kind, &ours).await?;
        self.push(
            st,
            case,
            &ItemKey::Action(id),
            &self.sys("action"),
            &id.to_string(),
            mine,
            Some((kind, ours)),
        )
        .await
    }

    async fn push_agreement(&self, st: &AppState, case: CaseId, id: AgreementId) -> R<Delivery> {
        let key = ItemKey::Agreement(id);
        let row = st.store.agreement(id).await?;
        if row.is_none() && st.store.sync_link(&key).await?.is_none() {
            return Ok(Delivery::Nothing);
        }
        let c = self
            .case(st, case)
            .await?
            .ok_or(SyncError::Fhir(FhirError::Gone))?;
        let patient = self.patient(st, &c).await?;
        let plan = self.care_plan(st, &c).await?;
        let (f, goal) = match &row {
            Some(a) => (
                fhir::agreement_fields(
                    &a.what,
                    &a.who,
                    a.due,
                    status_that_may_leave(st, &c, a).await?,
                ),
                match a.goal_id {
                    Some(g) => st
                        .store
                        .sync_link(&ItemKey::Goal(g))
                        .await?
                        .map(|l| Self::reference(&l)),
                    None => None,
                },
            ),
            // Taken back: the Task stays, cancelled, with what the store had.
            None => {
                let l = st.store.sync_link(&key).await?;
                let r: Value = l
                    .and_then(|l| serde_json::from_str(&l.resource).ok())
                    .unwrap_or(Value::Null);
                (
                    fhir::action_fields_of(&r),
                    r["focus"]["reference"].as_str().map(str::to_string),
                )
            }
        };
        let sys = self.sys("agreement");
        let mine = fhir::task(
            &sys,
            &id.to_string(),
            &f,
            &plan,
            &patient,
            goal.as_deref(),
            "Afspraak uit een gesprek",
            row.is_none(),
        );
        self.push(st, case, &key, &sys, &id.to_string(), mine, None)
            .await
    }

    async fn push_meeting(&self, st: &AppState, id: MeetingId) -> R<Delivery> {
        let Some(m) = st.store.meeting(id).await? else {
            return Ok(Delivery::Nothing);
        };
        let c = self
            .case(st, m.case_id)
            .await?
            .ok_or(SyncError::Fhir(FhirError::Gone))?;
        let plan = self.care_plan(st, &c).await?;
        let mut people = Vec::new();
        for p in st.store.meeting_invitees(id).await? {
            if let Some(r) = self.person(st, &c, p).await? {
                if !people.contains(&r) {
                    people.push(r);
                }
            }
        }
        if people.is_empty() {
            people.push(self.patient(st, &c).await?);
        }
        let instant = |t: chrono::NaiveDateTime| crate::domain::LocalTime(t).instant().to_rfc3339();
        let start = m.starts_at.0;
        let end = start + chrono::Duration::minutes(m.duration_minutes);
        let sys = self.sys("meeting");
        let mine = fhir::appointment(
            &sys,
            id.0,
            &m.title,
            &m.purpose,
            &instant(start),
            &instant(end),
            &plan,
            &people,
        );
        self.push(
            st,
            m.case_id,
            &ItemKey::Meeting(id),
            &sys,
            &id.to_string(),
            mine,
            None,
        )
        .await
    }

    /// The questionnaire of a prepare form, published once.
    async fn questionnaire(
        &self,
        st: &AppState,
        case: CaseId,
        role: Role,
        band: crate::domain::AgeBand,
    ) -> R<String> {
        let url = format!(
            "{}/fhir/Questionnaire/prepare-{}-{}",
            self.public_url,
            role.code(),
            band.code().replace('+', "plus")
        );
        let key = ItemKey::Questionnaire { role, band };
        // A link to an older version (a question set that changed since) gets the new version.
        let current = st.store.sync_link(&key).await?.is_some_and(|l| {
            serde_json::from_str::<Value>(&l.resource)
                .is_ok_and(|v| v["version"] == fhir::QUESTIONNAIRE_VERSION)
        });
        if !current {
            let items: Vec<fhir::QuestionItem> = questions_for(role, band)
                .iter()
                .map(|q| fhir::QuestionItem {
                    key: q.key,
                    kind: fhir_kind(q.kind),
                    text: t(Lang::Nl, q.prompt),
                    options: crate::prepare::questions::choices(q.key)
                        .iter()
                        .map(|(c, label)| (*c, t(Lang::Nl, *label)))
                        .collect(),
                })
                .collect();
            let name = format!(
                "AanTafelVoorbereiding{}",
                role.code()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "")
            );
            let mine = fhir::questionnaire(&url, &name, "Voorbereiding op het gesprek", &items);
            let s = self
                .client
                .create_if_none(
                    "Questionnaire",
                    &fhir::overlay(&Value::Null, &mine),
                    &format!(
                        "url={}&version={}",
                        super::client::enc(&url),
                        fhir::QUESTIONNAIRE_VERSION
                    ),
                )
                .await?;
            st.store
                .save_sync_link(&Self::new_link(st, &key, case, &s, &Fields::new()))
                .await?;
        }
        Ok(format!("{url}|{}", fhir::QUESTIONNAIRE_VERSION))
    }

    /// Someone's input: only answers shared with the table, once sent, and only with consent.
    async fn push_input(&self, st: &AppState, meeting: MeetingId, person: PersonId) -> R<Delivery> {
        let key = ItemKey::Input { meeting, person };
        let Some(m) = st.store.meeting(meeting).await? else {
            return Ok(Delivery::Nothing);
        };
        let c = self
            .case(st, m.case_id)
            .await?
            .ok_or(SyncError::Fhir(FhirError::Gone))?;
        let shared = shared_answers(st, &c, meeting, person).await?;
        let link = st.store.sync_link(&key).await?;
        let before = link.as_ref().map(|l| l.version_id.clone());
        let linked = before.is_some();
        let Some((role, sent_at, mut answers)) = shared else {
            // Not at the table any more (their data erased on their request, or taken off it):
            // once nothing of theirs is left here, the store's copy is withdrawn too.
            return self.withdraw_input(st, &c, &key, meeting, person).await;
        };
        let paused = waits_for_young_yes(st, &c, role, person).await?;
        if paused {
            // What went with a parent's yes may stay only while a parent with gezag still says yes.
            let members = st.store.members(c.id).await?;
            let consents = st.store.consents(c.id).await?;
            answers = if a_parent_with_gezag_said_yes(&members, &consents) {
                table_answers(st, meeting, person).await?
            } else {
                Vec::new()
            };
        }
        if answers.is_empty() && !linked {
            return Ok(Delivery::Nothing);
        }
        let questions = questions_for(role, c.age_band);
        let mut items: Vec<fhir::AnswerItem> = answers
            .iter()
            .filter_map(|(q, body)| {
                let kind = questions.iter().find(|x| x.key == q)?.kind;
                Some(fhir::AnswerItem {
                    key: q,
                    kind: fhir_kind(kind),
                    value: body,
                })
            })
            .collect();
        if paused {
            // Waiting for the young person's yes: only what the store already has, unchanged, may
            // stay there. An answer erased, taken back or changed since still leaves the store;
            // nothing new goes.
            let kept = link
                .as_ref()
                .map(|l| fhir::items_of(&l.resource))
                .unwrap_or_default();
            items.retain(|i| kept.contains(&fhir::answer_item(i)));
            if !linked {
                return Ok(Delivery::Nothing);
            }
        }
        let questionnaire = self.questionnaire(st, c.id, role, c.age_band).await?;
        let plan = self.care_plan(st, &c).await?;
        let patient = self.patient(st, &c).await?;
        let Some(author) = self.person(st, &c, person).await? else {
            return Ok(Delivery::Nothing);
        };
        let authored = chrono::DateTime::from_timestamp(sent_at, 0)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default();
        let sys = self.sys("input");
        let value = format!("{meeting}-{person}");
        let mine = fhir::questionnaire_response(
            &sys,
            &value,
            &questionnaire,
            &plan,
            &patient,
            &author,
            &authored,
            &items,
        );
        let sent_answers = !items.is_empty();
        let delivered = self.push(st, c.id, &key, &sys, &value, mine, None).await?;
        self.purge_history(st, &key).await?;
        // A new version in the store, not a resend of what it already had.
        let changed = st.store.sync_link(&key).await?.map(|l| l.version_id) != before;
        if delivered == Delivery::Sent && sent_answers && changed && !paused {
            // The author's "Wie heeft mijn informatie gezien?" lists it: their answers reached
            // the care plan. Ids only.
            st.store
                .audit(
                    crate::store::AuditEntry {
                        person_id: None,
                        case_id: Some(c.id),
                        action: "sync.sent",
                        target: key.to_string(),
                        subjects: &[person],
                    },
                    st.config.clock.now(),
                )
                .await?;
        }
        Ok(delivered)
    }

    /// The input of someone no longer at the table. Once their answers are all erased, or their
    /// yes is taken back, the response the store has goes out again without answers, as
    /// `entered-in-error`. When they erased some of them since they left, it goes out again
    /// without those (the copy kept here already lost them). Older versions are purged where the
    /// store can. Anything else of theirs stays as it is; nothing new goes.
    async fn withdraw_input(
        &self,
        st: &AppState,
        c: &CaseRow,
        key: &ItemKey,
        meeting: MeetingId,
        person: PersonId,
    ) -> R<Delivery> {
        let Some(link) = st.store.sync_link(key).await? else {
            return Ok(Delivery::Nothing);
        };
        let left = st.store.answers_of(meeting, person).await?;
        let mut mine = Owned::new();
        mine.insert(
            "resourceType".into(),
            Value::from(link.resource_type.as_str()),
        );
        // Only what the store already had and is still here: never anything new.
        let kept: Value = serde_json::from_str(&link.resource).unwrap_or(Value::Null);
        let kept_items = kept["item"].as_array().filter(|i| !i.is_empty());
        // Their yes taken back (or never given): their answers leave the store, as for someone
        // still at the table.
        let yes = st.store.consents(c.id).await?.contains(&person);
        match kept_items {
            Some(items) if yes && left.iter().any(|a| !a.body.is_empty()) => {
                if st.store.store_history(key).await? != crate::store::StoreHistory::Purge {
                    return Ok(Delivery::Nothing);
                }
                mine.insert("item".into(), Value::from(items.clone()));
            }
            _ => {
                mine.insert("status".into(), Value::from("entered-in-error"));
                mine.insert("item".into(), Value::Null);
            }
        }
        let sys = self.sys("input");
        let value = format!("{meeting}-{person}");
        let delivered = self.push(st, c.id, key, &sys, &value, mine, None).await?;
        self.purge_history(st, key).await?;
        Ok(delivered)
    }

    /// After a version without an erased answer went out: asks the store to purge the older
    /// versions that still hold it, or, when it cannot, notes that it keeps them (the
    /// coordinator sees that on the sync page).
    async fn purge_history(&self, st: &AppState, key: &ItemKey) -> R<()> {
        if st.store.store_history(key).await? != crate::store::StoreHistory::Purge {
            return Ok(());
        }
        let Some(link) = st.store.sync_link(key).await? else {
            return Ok(());
        };
        let now = match self
            .client
            .expunge_history(&link.resource_type, &link.remote_id)
            .await
        {
            Ok(true) => crate::store::StoreHistory::Clean,
            Ok(false) => crate::store::StoreHistory::Kept,
            // The new version is in the store; purging is asked again at the item's next send.
            Err(e) => {
                tracing::warn!(
                    error = e.code(),
                    "sync: the store did not purge old versions now"
                );
                return Ok(());
            }
        };
        // Only a mark still asking to purge: an erasure made meanwhile asks again.
        st.store
            .set_store_history(key, crate::store::StoreHistory::Purge, now)
            .await?;
        Ok(())
    }

    /// A family member's yes or no to the care plan, as a `Consent`: active after a yes,
    /// inactive after a no. The no is sent too; after it, nothing else of theirs goes out
    /// (`consent_allows`). Nothing is sent for someone who never said yes.
    async fn push_consent(&self, st: &AppState, case: CaseId, person: PersonId) -> R<Delivery> {
        let key = ItemKey::Consent { case, person };
        let Some(newest) = st.store.consent_history(case, person).await?.pop() else {
            return Ok(Delivery::Nothing);
        };
        let c = self
            .case(st, case)
            .await?
            .ok_or(SyncError::Fhir(FhirError::Gone))?;
        // Under 12 a child's own yes decides nothing (`consent_allows`): no Consent of theirs.
        let role = st
            .store
            .members(case)
            .await?
            .into_iter()
            .find(|m| m.person_id == person)
            .map(|m| m.role);
        if role == Some(Role::Young) && c.age_band == crate::domain::AgeBand::Under12 {
            return Ok(Delivery::Nothing);
        }
        let patient = self.patient(st, &c).await?;
        let Some(performer) = self.person(st, &c, person).await? else {
            // Not at the table any more: a Consent the store has becomes inactive.
            let Some(link) = st.store.sync_link(&key).await? else {
                return Ok(Delivery::Nothing);
            };
            if newest.given {
                return Ok(Delivery::Nothing);
            }
            let mut mine = Owned::new();
            mine.insert(
                "resourceType".into(),
                Value::from(link.resource_type.as_str()),
            );
            mine.insert("status".into(), Value::from("inactive"));
            let sys = self.sys("consent");
            let value = format!("{case}-{person}");
            return self.push(st, case, &key, &sys, &value, mine, None).await;
        };
        let when = chrono::DateTime::from_timestamp(newest.at, 0)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default();
        let sys = self.sys("consent");
        let value = format!("{case}-{person}");
        let mine = fhir::consent(
            &sys,
            &value,
            &fhir::ConsentFacts {
                active: newest.given,
                patient: &patient,
                performer: &performer,
                date_time: &when,
                text_version: &newest.text_version,
                policy: &format!("{}/woorden#zorgplan", self.public_url),
            },
        );
        self.push(st, case, &key, &sys, &value, mine, None).await
    }

    /// The mediator's question back, only about an answer that went to the store.
    async fn push_ask(
        &self,
        st: &AppState,
        meeting: MeetingId,
        person: PersonId,
        question: &str,
    ) -> R<Delivery> {
        let key = ItemKey::Ask {
            meeting,
            person,
            question: question.to_string(),
        };
        let Some(m) = st.store.meeting(meeting).await? else {
            return Ok(Delivery::Nothing);
        };
        let c = self
            .case(st, m.case_id)
            .await?
            .ok_or(SyncError::Fhir(FhirError::Gone))?;
        let shared = shared_answers(st, &c, meeting, person).await?;
        let answer_shared = shared
            .as_ref()
            .is_some_and(|(_, _, a)| a.iter().any(|(q, _)| q == question));
        let review = st
            .store
            .reviews(meeting)
            .await?
            .into_iter()
            .find(|r| r.person_id == person && r.question == question);
        let Some(text) = review
            .map(|r| r.question_back)
            .filter(|t| !t.is_empty() && answer_shared)
        else {
            return Ok(Delivery::Nothing);
        };
        if self.push_input(st, meeting, person).await? == Delivery::Conflict {
            return Ok(Delivery::Conflict);
        }
        let Some(about) = st
            .store
            .sync_link(&ItemKey::Input { meeting, person })
            .await?
        else {
            return Ok(Delivery::Nothing);
        };
        let members = st.store.members(c.id).await?;
        let Some(mediator) = members.iter().find(|m| m.role == Role::Mediator) else {
            return Ok(Delivery::Nothing);
        };
        let sender = self
            .person(st, &c, mediator.person_id)
            .await?
            .unwrap_or_default();
        let Some(recipient) = self.person(st, &c, person).await? else {
            return Ok(Delivery::Nothing);
        };
        let sys = self.sys("question-back");
        let value = format!("{meeting}-{person}-{question}");
        let mine = fhir::communication(
            &sys,
            &value,
            &self.patient(st, &c).await?,
            &sender,
            &recipient,
            &Self::reference(&about),
            question,
            &text,
        );
        self.push(st, c.id, &key, &sys, &value, mine, None).await
    }

    async fn pull_type(&self, st: &AppState, rtype: &str) -> R<usize> {
        let cursor_name = format!("pull:{rtype}");
        let cursor = st.store.sync_get(&cursor_name).await?;
        let mut query = "_sort=_lastUpdated&_count=100".to_string();
        if let Some(c) = &cursor {
            query.push_str(&format!("&_lastUpdated=ge{}", super::client::enc(c)));
        }
        let found = self.client.search(rtype, &query, 50).await?;
        let mut newest = cursor.clone();
        let mut changed = 0;
        let ours = format!("{}/id/", self.public_url);
        for r in found {
            let updated = r["meta"]["lastUpdated"].as_str().map(str::to_string);
            if updated > newest {
                newest = updated;
            }
            let id = r["id"].as_str().unwrap_or_default();
            let version = r["meta"]["versionId"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let stored = Stored {
                resource: r.clone(),
                version: version.clone(),
                existed: true,
            };
            match st.store.sync_link_by_remote(rtype, id).await? {
                Some(l) if l.version_id == version => {}
                Some(l) => {
                    if self.merge_in(st, &l, &stored).await? {
                        changed += 1;
                    }
                }
                None => {
                    // One of ours whose link was lost: the next push links it again.
                    let is_ours = r["identifier"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|i| i["system"].as_str().is_some_and(|s| s.starts_with(&ours)));
                    if !is_ours && self.adopt(st, rtype, &stored).await? {
                        changed += 1;
                    }
                }
            }
        }
        if let Some(n) = newest {
            st.store.sync_set(&cursor_name, &n).await?;
        }
        Ok(changed)
    }

    /// A change made in the store to one of our items: merged into what families see.
    async fn merge_in(&self, st: &AppState, l: &SyncLink, s: &Stored) -> R<bool> {
        let (kind, ours, theirs) = match &l.key {
            ItemKey::Goal(id) => {
                let Some(g) = st.store.goal(*id).await? else {
                    return Ok(false);
                };
                let role = Role::parse(&g.expressed_by).unwrap_or(Role::CareWorker);
                (
                    TwoWay::Goal {
                        case: g.case_id,
                        id: g.id,
                        role,
                    },
                    fhir::goal_fields(&g.plain, &g.detail, &g.status),
                    fhir::goal_fields_of(&s.resource),
                )
            }
            ItemKey::Action(id) => {
                let Some((case, a)) = st.store.plan_action(*id).await? else {
                    return Ok(false);
                };
                (
                    TwoWay::Action { case, id: a.id },
                    fhir::action_fields(&a.what, &a.who, a.due, a.done_at.is_some()),
                    fhir::action_fields_of(&s.resource),
                )
            }
            // One-way items (written here only): keep the store's version to build on.
            _ => {
                let base: Fields = serde_json::from_str(&l.base).unwrap_or_default();
                st.store
                    .save_sync_link(&Self::new_link(st, &l.key, l.case_id, s, &base))
                    .await?;
                return Ok(false);
            }
        };
        let base: Fields = serde_json::from_str(&l.base).unwrap_or_default();
        let merged = merge3(&base, &ours, &theirs);
        if !merged.conflicts.is_empty() {
            self.hold(st, l.case_id, &l.key, s, &base, &merged.conflicts)
                .await?;
            st.store
                .outbox_add(l.case_id, &l.key, "conflict", st.config.clock.now())
                .await?;
            return Ok(false);
        }
        let changed = merged.fields != ours;
        if changed {
            self.apply_here(st, &kind, &merged.fields).await?;
        }
        st.store
            .save_sync_link(&Self::new_link(st, &l.key, l.case_id, s, &theirs))
            .await?;
        if merged.fields != theirs {
            // Our own change is still to go: make sure it does.
            st.store
                .outbox_requeue(l.case_id, Some(&l.key), st.config.clock.now())
                .await?;
        }
        Ok(changed)
    }

    /// A goal or task made in the store for one of our cases: it becomes part of the plan here.
    async fn adopt(&self, st: &AppState, rtype: &str, s: &Stored) -> R<bool> {
        let r = &s.resource;
        let now = st.config.clock.now();
        let (case, key) = match rtype {
            "Goal" => {
                let Some(pid) = r["subject"]["reference"]
                    .as_str()
                    .and_then(|x| x.strip_prefix("Patient/"))
                else {
                    return Ok(false);
                };
                let Some(p) = st.store.sync_link_by_remote("Patient", pid).await? else {
                    return Ok(false);
                };
                let by = r["expressedBy"]["reference"]
                    .as_str()
                    .or(r["expressedBy"]["type"].as_str())
                    .unwrap_or("");
                let role = if by.starts_with("Patient") {
                    Role::Young
                } else if by.starts_with("RelatedPerson") {
                    Role::Parent
                } else {
                    Role::CareWorker
                };
                let f = fhir::goal_fields_of(r);
                let get = |k: &str| f.get(k).cloned().flatten().unwrap_or_default();
                if get("plain").is_empty() {
                    return Ok(false);
                }
                let id = st
                    .store
                    .goal_from_store(
                        p.case_id,
                        None,
                        &get("plain"),
                        &get("detail"),
                        role,
                        &get("status"),
                        now,
                    )
                    .await?;
                (p.case_id, ItemKey::Goal(id))
            }
            _ => {
                let plan = r["basedOn"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|b| b["reference"].as_str()?.strip_prefix("CarePlan/"))
                    .next();
                let Some(plan) = plan else { return Ok(false) };
                let Some(p) = st.store.sync_link_by_remote("CarePlan", plan).await? else {
                    return Ok(false);
                };
                let f = fhir::action_fields_of(r);
                let get = |k: &str| f.get(k).cloned().flatten().unwrap_or_default();
                if get("what").is_empty()
                    || r["status"] == "cancelled"
                    || r["status"] == "entered-in-error"
                {
                    return Ok(false);
                }
                let due = chrono::NaiveDate::parse_from_str(&get("due"), "%Y-%m-%d").ok();
                let id = st
                    .store
                    .action_from_store(
                        p.case_id,
                        None,
                        &get("what"),
                        &get("who"),
                        due,
                        get("done") == "yes",
                        now,
                    )
                    .await?;
                (p.case_id, ItemKey::Action(id))
            }
        };
        let base = if rtype == "Goal" {
            fhir::goal_fields_of(r)
        } else {
            fhir::action_fields_of(r)
        };
        st.store
            .save_sync_link(&Self::new_link(st, &key, case, s, &base))
            .await?;
        Ok(true)
    }
}

/// Sets one mapped field of a goal or action here to the store's value (a mediator's decision).
pub async fn apply_field(
    st: &AppState,
    key: &ItemKey,
    field: &str,
    value: Option<String>,
) -> Result<(), StoreError> {
    let now = st.config.clock.now();
    let get = |f: &Fields, k: &str| f.get(k).cloned().flatten().unwrap_or_default();
    if let ItemKey::Goal(id) = key {
        if let Some(g) = st.store.goal(*id).await? {
            let mut f = fhir::goal_fields(&g.plain, &g.detail, &g.status);
            f.insert(field.to_string(), value);
            let role = Role::parse(&g.expressed_by).unwrap_or(Role::CareWorker);
            st.store
                .goal_from_store(
                    g.case_id,
                    Some(g.id),
                    &get(&f, "plain"),
                    &get(&f, "detail"),
                    role,
                    &get(&f, "status"),
                    now,
                )
                .await?;
        }
    } else if let ItemKey::Action(id) = key {
        if let Some((case, a)) = st.store.plan_action(*id).await? {
            let mut f = fhir::action_fields(&a.what, &a.who, a.due, a.done_at.is_some());
            f.insert(field.to_string(), value);
            let due = chrono::NaiveDate::parse_from_str(&get(&f, "due"), "%Y-%m-%d").ok();
            st.store
                .action_from_store(
                    case,
                    Some(a.id),
                    &get(&f, "what"),
                    &get(&f, "who"),
                    due,
                    get(&f, "done") == "yes",
                    now,
                )
                .await?;
        }
    }
    Ok(())
}

fn fhir_kind(k: Kind) -> &'static str {
    match k {
        Kind::Text => "text",
        Kind::Scale => "integer",
        Kind::Choice => "choice",
    }
}

/// How an agreement went, as far as it may leave the portal: the newest report whose author's
/// input may go to the care plan (a family member's only with consent, as for their answers; a
/// report by someone no longer at the table stays in the portal). The note never leaves.
async fn status_that_may_leave(
    st: &AppState,
    case: &CaseRow,
    a: &crate::store::AgreementRow,
) -> R<Option<crate::agreements::status::AgreementStatus>> {
    if a.latest.is_none() {
        return Ok(None);
    }
    let members = st.store.members(case.id).await?;
    let consents = st.store.consents(case.id).await?;
    let parent_yes = a_parent_with_gezag_said_yes(&members, &consents);
    let may_leave = |p: PersonId| {
        members.iter().find(|m| m.person_id == p).is_some_and(|m| {
            consent_allows(m.role, case.age_band, consents.contains(&p), parent_yes)
        })
    };
    if let Some(u) = a.latest.as_ref().filter(|u| may_leave(u.person_id)) {
        return Ok(Some(u.status));
    }
    Ok(st
        .store
        .agreement_history(case.id)
        .await?
        .iter()
        .rev()
        .filter(|u| u.agreement_id == a.id)
        .find(|u| may_leave(u.person_id))
        .map(|u| u.status))
}

/// From 12 the young person's own yes is needed too (see [`consent_allows`]). Until they have
/// said yes or no, sending their input pauses: nothing new goes, and what the store already has
/// (sent with a parent's yes before their 12th birthday) stays as it is while a parent with gezag
/// still says yes. A no, theirs or the parent's, withdraws it. From 16 their yes alone counts:
/// no pause.
async fn waits_for_young_yes(st: &AppState, c: &CaseRow, role: Role, person: PersonId) -> R<bool> {
    if role != Role::Young || c.age_band != crate::domain::AgeBand::From12 {
        return Ok(false);
    }
    Ok(st.store.consent_history(c.id, person).await?.is_empty())
}

/// Whether a parent with parental authority (gezag) at the table said yes: only they decide
/// for the child where the law asks a parent's consent.
fn a_parent_with_gezag_said_yes(
    members: &[crate::store::MemberRow],
    consents: &[PersonId],
) -> bool {
    members
        .iter()
        .any(|m| m.role == Role::Parent && m.gezag && consents.contains(&m.person_id))
}

/// The answers of `person` for `meeting` that may leave: shared with the table, sent, and with
/// consent. `None` when they have not sent their input.
async fn shared_answers(
    st: &AppState,
    case: &CaseRow,
    meeting: MeetingId,
    person: PersonId,
) -> R<Option<(Role, i64, Vec<(String, String)>)>> {
    let Some(sent_at) = st
        .store
        .sent_preparations(meeting)
        .await?
        .into_iter()
        .find(|(p, _)| *p == person)
        .map(|p| p.1)
    else {
        return Ok(None);
    };
    let members = st.store.members(case.id).await?;
    let Some(role) = members
        .iter()
        .find(|m| m.person_id == person)
        .map(|m| m.role)
    else {
        return Ok(None);
    };
    let consents = st.store.consents(case.id).await?;
    let parent_yes = a_parent_with_gezag_said_yes(&members, &consents);
    if !consent_allows(role, case.age_band, consents.contains(&person), parent_yes) {
        return Ok(Some((role, sent_at, Vec::new())));
    }
    Ok(Some((
        role,
        sent_at,
        table_answers(st, meeting, person).await?,
    )))
}

/// `person`'s answers for `meeting` that are shared with the table and not empty, before any
/// consent rule.
async fn table_answers(
    st: &AppState,
    meeting: MeetingId,
    person: PersonId,
) -> R<Vec<(String, String)>> {
    Ok(st
        .store
        .answers_of(meeting, person)
        .await?
        .into_iter()
        .filter(|a| Sharing::parse(&a.sharing) == Some(Sharing::Table) && !a.body.trim().is_empty())
        .map(|a| (a.question, a.body))
        .collect())
}

#[async_trait]
impl CarePlanStore for FhirStore {
    fn describe(&self) -> Option<String> {
        Some(self.client.base().to_string())
    }

    async fn deliver(&self, st: &AppState, item: &OutboxDue) -> R<Delivery> {
        // While the mediator has not decided on a conflict, nothing of that item is sent.
        if st
            .store
            .open_conflicts(Some(item.case_id))
            .await?
            .iter()
            .any(|c| c.key == item.key)
        {
            return Ok(Delivery::Conflict);
        }
        match &item.key {
            ItemKey::Case(id) => match self.case(st, *id).await? {
                Some(c) => self.push_case(st, &c).await,
                None => Ok(Delivery::Nothing),
            },
            ItemKey::Goal(id) => self.push_goal(st, *id).await,
            ItemKey::Action(id) => self.push_action(st, *id).await,
            ItemKey::Agreement(id) => self.push_agreement(st, item.case_id, *id).await,
            ItemKey::Meeting(id) => self.push_meeting(st, *id).await,
            ItemKey::Input { meeting, person } => self.push_input(st, *meeting, *person).await,
            ItemKey::Ask {
                meeting,
                person,
                question,
            } => self.push_ask(st, *meeting, *person, question).await,
            ItemKey::Consent { case, person } => self.push_consent(st, *case, *person).await,
            // Links only: never queued on their own.
            ItemKey::Patient(_)
            | ItemKey::Related { .. }
            | ItemKey::Practitioner(_)
            | ItemKey::Questionnaire { .. } => Ok(Delivery::Nothing),
        }
    }

    async fn pull(&self, st: &AppState) -> R<usize> {
        Ok(self.pull_type(st, "Goal").await? + self.pull_type(st, "Task").await?)
    }
}
