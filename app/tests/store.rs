//! Data-layer tests: the `Store` contract that every implementation keeps, each test run on a
//! real SQLite file and on a fresh database of a throwaway PostgreSQL server (`support/pg.rs`).
#![cfg(feature = "ssr")]

#[path = "support/pg.rs"]
#[expect(dead_code, reason = "the store tests always run on both databases")]
mod pg;

use app::domain::{AgeBand, PersonId, Role};
use app::store::postgres::PgStore;
use app::store::sqlite::SqliteStore;
use app::store::Store;
use app::store::{ItemKey, NewPerson, SessionKind};
use std::sync::Arc;

/// A store under test, on a SQLite file or a fresh PostgreSQL database.
struct TestStore {
    store: Arc<dyn Store>,
    url: String,
    dir: Option<std::path::PathBuf>,
}

impl Drop for TestStore {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            std::fs::remove_dir_all(dir).ok();
        }
    }
}

async fn sqlite() -> TestStore {
    let dir = std::env::temp_dir().join(format!(
        "aantafel-store-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/s.db", dir.display());
    let store = Arc::new(SqliteStore::open(&url).await.unwrap());
    TestStore {
        store,
        url,
        dir: Some(dir),
    }
}

async fn postgres() -> TestStore {
    let url = pg::fresh_database().await;
    let store = Arc::new(PgStore::open(&url).await.unwrap());
    TestStore {
        store,
        url,
        dir: None,
    }
}

/// Each named test runs twice, as `<name>::sqlite` and `<name>::postgres`.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name(super::sqlite().await).await
            }
            #[tokio::test]
            async fn postgres() {
                super::$name(super::postgres().await).await
            }
        }
    )*};
}

on_both!(
    an_invitation_is_used_exactly_once_even_when_raced,
    expired_and_revoked_invitations_cannot_be_used,
    sessions_end_when_expired_or_revoked,
    the_creator_of_a_case_sits_at_its_table_and_others_do_not,
    migrations_are_reversible,
    outbox_items_are_claimed_by_one_worker_until_settled_or_the_lease_runs_out,
    an_address_is_one_account_whatever_its_capitals,
    topics_proposed_at_once_keep_their_order_and_the_limit,
    two_new_links_at_once_leave_one_that_works,
    a_supporter_is_seated_with_who_brought_them_and_leaves_with_them,
    old_sign_in_records_are_deleted_and_live_ones_kept,
    agreements_keep_every_report_and_the_newest_counts,
    a_profile_part_keeps_every_version_and_refuses_a_stale_save,
    a_mail_is_queued_once_and_claimed_by_one_worker_at_a_time,
    every_yes_and_no_to_the_care_plan_is_kept,
    a_family_member_sees_who_else_opened_their_words_and_nothing_of_others,
    an_erased_answer_is_gone_from_the_files,
    the_export_holds_everything_of_the_person_and_nothing_of_others,
    a_closed_case_loses_its_words_and_keeps_who_sat_there_and_the_access_log,
    what_was_kept_for_one_coach_moves_to_a_new_coach_only_on_a_yes,
    the_band_job_stores_a_new_band_once_and_never_over_a_correction,
);

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst) * 1000 + app::ctx::now() as u64 % 1000
}

/// A meeting of `case` on 9 December 2026, prepared until the 7th.
async fn meeting_on_9_december(
    s: &Arc<dyn Store>,
    case: app::domain::CaseId,
    coach: PersonId,
    invitees: Vec<PersonId>,
) -> app::domain::MeetingId {
    use app::domain::LocalTime;
    s.create_meeting(
        app::store::NewMeeting {
            case_id: case,
            title: "Overleg".into(),
            starts_at: LocalTime::parse("2026-12-09T15:00").unwrap(),
            duration_minutes: 60,
            place: String::new(),
            online_url: String::new(),
            purpose: "x".into(),
            prepare_by: LocalTime::parse("2026-12-07T15:00").unwrap(),
            created_by: coach,
            invitees,
        },
        1,
    )
    .await
    .unwrap()
}

async fn person(s: &Arc<dyn Store>, role: Role) -> PersonId {
    s.create_person(
        NewPerson {
            display_name: "P".into(),
            email: None,
            password_hash: None,
            account_role: role,
        },
        1,
    )
    .await
    .unwrap()
}

async fn an_invitation_is_used_exactly_once_even_when_raced(t: TestStore) {
    let s = t.store.clone();
    let p = person(&s, Role::Parent).await;
    let inv = s
        .create_invitation(p, None, None, &[7u8; 32], 100, 1_000)
        .await
        .unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move { s.use_invitation(inv, 200).await.unwrap() })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        if t.await.unwrap() {
            wins += 1;
        }
    }
    assert_eq!(wins, 1);
    let row = s.invitation_by_hash(&[7u8; 32]).await.unwrap().unwrap();
    assert_eq!(row.used_at, Some(200));
}

async fn expired_and_revoked_invitations_cannot_be_used(t: TestStore) {
    let s = t.store.clone();
    let p = person(&s, Role::Young).await;
    let expired = s
        .create_invitation(p, None, None, &[1u8; 32], 0, 50)
        .await
        .unwrap();
    assert!(!s.use_invitation(expired, 50).await.unwrap());
    let case = s
        .create_case("Sam", AgeBand::From12, None, p, 0)
        .await
        .unwrap();
    let revoked = s
        .create_invitation(p, Some(case), None, &[2u8; 32], 0, 500)
        .await
        .unwrap();
    assert!(s.revoke_invitation(case, revoked, 10).await.unwrap());
    assert!(
        !s.revoke_invitation(case, revoked, 11).await.unwrap(),
        "revoking twice does nothing"
    );
    assert!(!s.use_invitation(revoked, 20).await.unwrap());
}

async fn sessions_end_when_expired_or_revoked(t: TestStore) {
    let s = t.store.clone();
    let p = person(&s, Role::Parent).await;
    s.create_session(p, b"hash-a", SessionKind::Own, 0, 100)
        .await
        .unwrap();
    assert_eq!(
        s.session(b"hash-a", 99).await.unwrap().map(|r| r.person.id),
        Some(p)
    );
    assert!(s.session(b"hash-a", 100).await.unwrap().is_none());
    s.create_session(p, b"hash-b", SessionKind::Shared, 0, 1_000)
        .await
        .unwrap();
    s.revoke_session(b"hash-b", 5).await.unwrap();
    assert!(s.session(b"hash-b", 6).await.unwrap().is_none());
    assert!(s.session(b"unknown", 6).await.unwrap().is_none());
    // Ending every session of a person, and disabling an account, both end access at once.
    s.create_session(p, b"hash-c", SessionKind::Own, 0, 1_000)
        .await
        .unwrap();
    s.create_session(p, b"hash-d", SessionKind::Own, 0, 1_000)
        .await
        .unwrap();
    // hash-a (expired), hash-c and hash-d: every session not yet revoked.
    assert_eq!(s.revoke_sessions_of(p, 7).await.unwrap(), 3);
    assert!(s.session(b"hash-c", 8).await.unwrap().is_none());
    s.create_session(p, b"hash-e", SessionKind::Own, 0, 1_000)
        .await
        .unwrap();
    assert!(s.disable_person(p, 9).await.unwrap());
    assert!(s.session(b"hash-e", 10).await.unwrap().is_none());
}

async fn the_creator_of_a_case_sits_at_its_table_and_others_do_not(t: TestStore) {
    let s = t.store.clone();
    let c = person(&s, Role::Coordinator).await;
    let other = person(&s, Role::Parent).await;
    let case = s
        .create_case("Lina", AgeBand::Under12, None, c, 0)
        .await
        .unwrap();
    assert_eq!(
        s.membership(case, c).await.unwrap(),
        Some(Role::Coordinator)
    );
    assert_eq!(s.membership(case, other).await.unwrap(), None);
    assert!(s
        .add_member(case, other, Role::Parent, "vader", 1)
        .await
        .unwrap());
    // Adding again never changes the role or the relation.
    assert!(!s
        .add_member(case, other, Role::Young, "pleegvader", 2)
        .await
        .unwrap());
    let members = s.members(case).await.unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[1].relation, "vader");
    assert_eq!(members[1].role, Role::Parent);
    assert_eq!(s.cases_of(other).await.unwrap().len(), 1);
    // A role changes only through change_role, which records why; removal ends the seat.
    assert!(s
        .change_role(case, other, Role::Young, "typo", c, 3)
        .await
        .unwrap());
    assert_eq!(s.membership(case, other).await.unwrap(), Some(Role::Young));
    assert!(s.remove_member(case, other, c, 4).await.unwrap());
    assert_eq!(s.membership(case, other).await.unwrap(), None);
    assert!(s.cases_of(other).await.unwrap().is_empty());
    assert_eq!(s.membership_events(case).await.unwrap().len(), 2);
}

async fn migrations_are_reversible(t: TestStore) {
    // Each backend's own migrations, undone to nothing and run again.
    let tables = if t.dir.is_some() {
        let pool = sqlx::SqlitePool::connect(&t.url).await.unwrap();
        let migrator = sqlx::migrate!("./migrations/sqlite");
        migrator.undo(&pool, 0).await.unwrap();
        let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'")
            .fetch_one(&pool)
            .await
            .unwrap();
        migrator.run(&pool).await.unwrap();
        tables
    } else {
        let pool = sqlx::PgPool::connect(&t.url).await.unwrap();
        let migrator = sqlx::migrate!("./migrations/postgres");
        migrator.undo(&pool, 0).await.unwrap();
        let tables: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_sqlx%'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        migrator.run(&pool).await.unwrap();
        tables
    };
    assert_eq!(tables, 0, "every table dropped");
    assert!(t.store.is_empty().await.unwrap());
}

/// Proposals sent at the same moment (several instances, or PostgreSQL's writers side by side)
/// never share a position on the agenda, and never pass the per-person limit together.
async fn topics_proposed_at_once_keep_their_order_and_the_limit(t: TestStore) {
    let s = t.store.clone();
    let coach = person(&s, Role::Mediator).await;
    let case = s
        .create_case("Sam", AgeBand::From12, None, coach, 0)
        .await
        .unwrap();
    let at = app::domain::LocalTime::parse("2026-12-09T10:00").unwrap();
    let meeting = s
        .create_meeting(
            app::store::NewMeeting {
                case_id: case,
                title: "Gesprek".into(),
                starts_at: at,
                duration_minutes: 60,
                place: String::new(),
                online_url: String::new(),
                purpose: "Kennismaken".into(),
                prepare_by: at,
                created_by: coach,
                invitees: vec![],
            },
            0,
        )
        .await
        .unwrap();
    let parent = person(&s, Role::Parent).await;
    let tasks: Vec<_> = (0..12)
        .map(|n| {
            let s = s.clone();
            let by = if n % 2 == 0 { coach } else { parent };
            tokio::spawn(async move {
                s.add_agenda_item(
                    &app::store::NewAgendaItem {
                        meeting_id: meeting,
                        proposed_by: by,
                        title: format!("Onderwerp {n}"),
                        explanation: String::new(),
                        why: String::new(),
                        linked_question: String::new(),
                        via_mediator: false,
                    },
                    4,
                    1,
                )
                .await
                .unwrap()
            })
        })
        .collect();
    let mut added = 0;
    for task in tasks {
        added += usize::from(task.await.unwrap().is_some());
    }
    assert_eq!(
        added, 8,
        "four each, however the twelve proposals interleave"
    );
    let items = s.agenda_items(meeting).await.unwrap();
    let positions: Vec<i64> = items.iter().map(|i| i.position).collect();
    assert_eq!(positions, (1..=8).collect::<Vec<i64>>());
    for who in [coach, parent] {
        assert_eq!(items.iter().filter(|i| i.proposed_by == who).count(), 4);
    }
}

/// Several portal instances share the outbox: a worker claims a case's due items with a lease,
/// another worker leaves that case alone until the claim ends (so its changes go out in order),
/// and a crashed worker's claim comes free when the lease runs out. Time is set by the test.
async fn outbox_items_are_claimed_by_one_worker_until_settled_or_the_lease_runs_out(t: TestStore) {
    let s = t.store.clone();
    let coach = person(&s, Role::Mediator).await;
    let sam = s
        .create_case("Sam", AgeBand::From12, None, coach, 100)
        .await
        .unwrap();
    let lina = s
        .create_case("Lina", AgeBand::Under12, None, coach, 100)
        .await
        .unwrap();
    let goal = s
        .add_goal(sam, "Sam slaapt beter", "", Role::Parent, 110)
        .await
        .unwrap();
    let keys =
        |due: &[app::store::OutboxDue]| due.iter().map(|d| d.key.clone()).collect::<Vec<_>>();

    // Worker A claims everything that is due, oldest first.
    let a = s.outbox_claim(120, 60, 50).await.unwrap();
    assert_eq!(
        keys(&a),
        vec![ItemKey::Case(sam), ItemKey::Case(lina), ItemKey::Goal(goal)]
    );
    // Worker B, a moment later, gets nothing: both cases are being delivered.
    assert!(s.outbox_claim(121, 60, 50).await.unwrap().is_empty());
    // A settles Lina's case; a new change of Sam's waits behind A's claim on Sam.
    let lina_item = a.iter().find(|d| d.case_id == lina).unwrap();
    s.outbox_settle(&lina_item.key, lina_item.up_to, "sent", "", 122)
        .await
        .unwrap();
    s.update_goal(sam, goal, "Sam slaapt veel beter", "", "active", 123)
        .await
        .unwrap();
    assert!(s.outbox_claim(124, 60, 50).await.unwrap().is_empty());
    // A crashes. When its lease runs out, B takes Sam's items over, the newest change with them.
    let b = s.outbox_claim(181, 60, 50).await.unwrap();
    assert_eq!(keys(&b), vec![ItemKey::Case(sam), ItemKey::Goal(goal)]);
    let goal_item = b.iter().find(|d| d.key == ItemKey::Goal(goal)).unwrap();
    assert!(
        goal_item.up_to
            > a.iter()
                .find(|d| d.key == ItemKey::Goal(goal))
                .unwrap()
                .up_to
    );
    // B settles one and must retry the other: the retry ends its claim, and it is due again later.
    let case_item = b.iter().find(|d| d.key == ItemKey::Case(sam)).unwrap();
    s.outbox_settle(&case_item.key, case_item.up_to, "sent", "", 182)
        .await
        .unwrap();
    s.outbox_retry(&goal_item.key, goal_item.up_to, 1, 300, "unreachable")
        .await
        .unwrap();
    assert!(
        s.outbox_claim(200, 60, 50).await.unwrap().is_empty(),
        "not due yet"
    );
    let c = s.outbox_claim(300, 60, 50).await.unwrap();
    assert_eq!(keys(&c), vec![ItemKey::Goal(goal)]);
    // A worker that stops early (the care-plan store is away) releases what it did not get to.
    s.outbox_release(&c).await.unwrap();
    assert_eq!(
        keys(&s.outbox_claim(301, 60, 50).await.unwrap()),
        vec![ItemKey::Goal(goal)]
    );
}

/// An address is one account however it is capitalised, even past the checks of the server
/// functions (two requests at once): the database refuses the second, and it reaches the person
/// as 409 "taken".
async fn an_address_is_one_account_whatever_its_capitals(t: TestStore) {
    let s = t.store.clone();
    let new = |email: &str| NewPerson {
        display_name: "Kim".into(),
        email: Some(email.into()),
        password_hash: None,
        account_role: Role::CareWorker,
    };
    s.create_person(new("kim@demo.invalid"), 1).await.unwrap();
    let again = s
        .create_person(new("Kim@Demo.Invalid"), 2)
        .await
        .unwrap_err();
    assert!(
        matches!(again, app::store::StoreError::Unique(_)),
        "{again:?}"
    );
    let shown = app::error::AppError::from(again);
    assert_eq!(shown.status(), 409);
    assert_eq!(
        s.person_by_email("KIM@demo.invalid")
            .await
            .unwrap()
            .map(|p| p.display_name),
        Some("Kim".to_string())
    );
}

/// A coach who taps "new link" twice (or two coaches at once): the person ends up with exactly one
/// link that works, their sessions end, and they hear about it once per link made.
async fn two_new_links_at_once_leave_one_that_works(t: TestStore) {
    let s = t.store.clone();
    let coach = person(&s, Role::Mediator).await;
    let parent = person(&s, Role::Parent).await;
    s.create_session(parent, b"phone", SessionKind::Own, 0, 10_000)
        .await
        .unwrap();
    let tasks: Vec<_> = (0..6u8)
        .map(|n| {
            let s = s.clone();
            tokio::spawn(async move {
                s.replace_link(app::store::ReplaceLink {
                    person: parent,
                    case: None,
                    by: coach,
                    token_hash: &[n; 32],
                    end_sessions: true,
                    notice: Some(app::store::NoticeKind::NewLink),
                    now: 100,
                    expires_at: 1_000,
                })
                .await
                .unwrap()
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let mut working = 0;
    for n in 0..6u8 {
        let inv = s.invitation_by_hash(&[n; 32]).await.unwrap().unwrap();
        working += usize::from(inv.revoked_at.is_none());
    }
    assert_eq!(working, 1, "one link works, the others were replaced");
    assert!(s.session(b"phone", 101).await.unwrap().is_none());
    assert_eq!(s.take_notices(parent, 102).await.unwrap().len(), 6);
}

async fn a_supporter_is_seated_with_who_brought_them_and_leaves_with_them(t: TestStore) {
    use app::domain::{InterpreterLanguage, SupporterKind};
    let s = t.store.clone();
    let c = person(&s, Role::Coordinator).await;
    let parent = person(&s, Role::Parent).await;
    let case = s
        .create_case("Noor", AgeBand::From12, None, c, 0)
        .await
        .unwrap();
    assert!(s
        .add_member(case, parent, Role::Parent, "moeder", 1)
        .await
        .unwrap());
    let seat = |name: &'static str, hash: &'static [u8]| app::store::Seat {
        case,
        person: Err(NewPerson {
            display_name: name.into(),
            email: None,
            password_hash: None,
            account_role: Role::Supporter,
        }),
        role: Role::Supporter,
        relation: "",
        brought: Some((parent, SupporterKind::Interpreter)),
        upcoming_from: app::domain::LocalTime::parse("2020-01-01T00:00").unwrap(),
        link: Some((hash, 1000, parent)),
        mail: None,
        now: 2,
    };
    let (nour, link) = s
        .seat(seat("Nour", b"hash-nour-0000"))
        .await
        .unwrap()
        .unwrap();
    assert!(link.is_some(), "a supporter gets a link of their own");
    let (sami, _) = s
        .seat(seat("Sami", b"hash-sami-0000"))
        .await
        .unwrap()
        .unwrap();
    let members = s.members(case).await.unwrap();
    let row = members.iter().find(|m| m.person_id == nour).unwrap();
    assert_eq!(row.role, Role::Supporter);
    assert_eq!(row.brought_by, Some(parent));
    assert_eq!(row.support_kind, Some(SupporterKind::Interpreter));
    // "Tolk nodig" is kept per seat, and set back to nothing.
    assert!(s
        .set_interpreter(case, parent, Some(InterpreterLanguage::Arabic))
        .await
        .unwrap());
    assert_eq!(
        s.interpreters_at_tables_of(c).await.unwrap(),
        vec![(case, InterpreterLanguage::Arabic)]
    );
    assert!(!s
        .set_interpreter(case, PersonId(999_999), Some(InterpreterLanguage::Turkish))
        .await
        .unwrap());
    // Taking one supporter off leaves the other; taking the parent off takes their supporter
    // with them, in one transaction with a record for each, and their open link stops working.
    assert!(s.remove_member(case, nour, parent, 3).await.unwrap());
    assert!(s.remove_member(case, parent, c, 4).await.unwrap());
    let left: Vec<PersonId> = s
        .members(case)
        .await
        .unwrap()
        .iter()
        .map(|m| m.person_id)
        .collect();
    assert_eq!(left, vec![c]);
    assert_eq!(s.membership(case, sami).await.unwrap(), None);
    assert_eq!(s.membership_events(case).await.unwrap().len(), 3);
    assert!(s.interpreters_at_tables_of(c).await.unwrap().is_empty());
    // Once the parent has left, nobody sits down as brought by them.
    assert!(s
        .seat(seat("Late", b"hash-late-0000"))
        .await
        .unwrap()
        .is_none());
    assert!(s
        .members(case)
        .await
        .unwrap()
        .iter()
        .all(|m| m.display_name != "Late"));
    let links = s.case_invitations(case).await.unwrap();
    assert_eq!(links.len(), 2);
    assert!(links.iter().all(|l| l.revoked_at.is_some()), "{links:?}");
}

async fn old_sign_in_records_are_deleted_and_live_ones_kept(t: TestStore) {
    use app::store::{Pruned, ThrottleScope};
    let s = t.store.clone();
    let p = person(&s, Role::Parent).await;
    let c = person(&s, Role::Coordinator).await;
    let case = s
        .create_case("Mo", AgeBand::From12, None, c, 0)
        .await
        .unwrap();
    const DAY: i64 = 86_400;
    // Day 0: two sessions, one that ends on day 1 and one that lasts to day 200.
    s.create_session(p, b"old-session-hash-0", SessionKind::Own, 0, DAY)
        .await
        .unwrap();
    s.create_session(p, b"new-session-hash-0", SessionKind::Own, 0, 200 * DAY)
        .await
        .unwrap();
    // Links: one used on day 1, one still open until day 200.
    let used = s
        .create_invitation(p, Some(case), Some(c), &[1u8; 32], 0, 10 * DAY)
        .await
        .unwrap();
    assert!(s.use_invitation(used, DAY).await.unwrap());
    s.create_invitation(p, Some(case), Some(c), &[2u8; 32], 0, 200 * DAY)
        .await
        .unwrap();
    // Failed sign-ins on day 1 and day 95.
    s.record_failure(ThrottleScope::Account, "k", DAY)
        .await
        .unwrap();
    s.record_failure(ThrottleScope::Account, "k", 95 * DAY)
        .await
        .unwrap();

    // On day 100, with a 90-day limit: what ended before day 10 goes.
    let gone = s.prune_sign_in_records(10 * DAY).await.unwrap();
    assert_eq!(
        gone,
        Pruned {
            sessions: 1,
            invitations: 1,
            failures: 1
        }
    );
    assert!(s
        .session(b"new-session-hash-0", 100 * DAY)
        .await
        .unwrap()
        .is_some());
    assert!(s.session(b"old-session-hash-0", 0).await.unwrap().is_none());
    assert_eq!(s.case_invitations(case).await.unwrap().len(), 1);
    assert!(s.invitation_by_hash(&[1u8; 32]).await.unwrap().is_none());
    assert!(s.invitation_by_hash(&[2u8; 32]).await.unwrap().is_some());
    let (n, _) = s.failures(ThrottleScope::Account, "k", 0).await.unwrap();
    assert_eq!(n, 1);
    // Running it again deletes nothing more.
    assert_eq!(
        s.prune_sign_in_records(10 * DAY).await.unwrap(),
        Pruned::default()
    );
}

/// How an agreement went: every report is kept, the newest is its status; the follow-up before a
/// meeting takes the agreements of the latest earlier meeting that made any; removing an
/// agreement removes its reports.
async fn agreements_keep_every_report_and_the_newest_counts(t: TestStore) {
    use app::agreements::status::AgreementStatus;
    use app::domain::LocalTime;
    use app::store::{AgreementUpdateRow, NewAgreement, NewMeeting};
    let s = t.store.clone();
    let c = person(&s, Role::Coordinator).await;
    let parent = person(&s, Role::Parent).await;
    let case = s
        .create_case("Noor", AgeBand::From12, None, c, 0)
        .await
        .unwrap();
    let other_case = s
        .create_case("Sam", AgeBand::From12, None, c, 0)
        .await
        .unwrap();
    let meeting = |case, day: &str| NewMeeting {
        case_id: case,
        title: format!("Gesprek {day}"),
        starts_at: LocalTime::parse(&format!("2027-{day}T10:00")).unwrap(),
        duration_minutes: 60,
        place: String::new(),
        online_url: String::new(),
        purpose: "Samen kijken".into(),
        prepare_by: LocalTime::parse(&format!("2027-{day}T09:00")).unwrap(),
        created_by: c,
        invitees: vec![parent],
    };
    // Made out of order: which meeting is "the previous one" goes by the start, not the id.
    let third = s.create_meeting(meeting(case, "03-01"), 1).await.unwrap();
    let first = s.create_meeting(meeting(case, "01-01"), 1).await.unwrap();
    let second = s.create_meeting(meeting(case, "02-01"), 1).await.unwrap();
    let elsewhere = s
        .create_meeting(meeting(other_case, "02-15"), 1)
        .await
        .unwrap();
    let agree = |meeting, what: &'static str, responsible| NewAgreement {
        meeting,
        item: None,
        goal: None,
        what,
        who: "Moeder",
        responsible,
        due: None,
        by: c,
    };
    let a1 = s
        .add_agreement(agree(first, "Eerste", Some(parent)), 2)
        .await
        .unwrap();
    let a2 = s
        .add_agreement(agree(first, "Tweede", None), 3)
        .await
        .unwrap();
    s.add_agreement(agree(elsewhere, "Van een ander", None), 3)
        .await
        .unwrap();

    assert!(s.agreements_before(first).await.unwrap().is_empty());
    let before = s.agreements_before(second).await.unwrap();
    assert_eq!(before.iter().map(|a| a.id).collect::<Vec<_>>(), [a1, a2]);
    assert_eq!(before[0].responsible_id, Some(parent));
    assert!(before.iter().all(|a| a.latest.is_none()));
    // The second meeting made none, so the third follows up the first one's.
    let before_third = s.agreements_before(third).await.unwrap();
    assert_eq!(
        before_third.iter().map(|a| a.id).collect::<Vec<_>>(),
        [a1, a2]
    );

    let report = |status, note: &str, at| AgreementUpdateRow {
        agreement_id: a1,
        person_id: parent,
        status,
        note: note.into(),
        sharing: app::prepare::sharing::Sharing::Mediator,
        coach: None,
        meeting_id: Some(second),
        at,
    };
    assert!(s
        .report_agreement(&report(AgreementStatus::Busy, "Half", 10), first)
        .await
        .unwrap());
    assert!(s
        .report_agreement(&report(AgreementStatus::Done, "Gelukt", 20), first)
        .await
        .unwrap());
    // Not with the wrong meeting: nothing is written.
    assert!(!s
        .report_agreement(&report(AgreementStatus::Failed, "Mis", 25), second)
        .await
        .unwrap());
    let latest = s.agreement(a1).await.unwrap().unwrap().latest.unwrap();
    assert_eq!(latest, report(AgreementStatus::Done, "Gelukt", 20));
    let history = s.agreement_history(case).await.unwrap();
    assert_eq!(
        history,
        [
            report(AgreementStatus::Busy, "Half", 10),
            report(AgreementStatus::Done, "Gelukt", 20)
        ]
    );
    assert!(s.agreement_history(other_case).await.unwrap().is_empty());
    let per_meeting = s.case_agreements(case).await.unwrap();
    assert_eq!(
        per_meeting.iter().map(|m| m.meeting_id).collect::<Vec<_>>(),
        [first, second, third],
        "every meeting of this case, by start"
    );
    assert!(per_meeting[1].agreements.is_empty() && per_meeting[2].agreements.is_empty());
    let all = &per_meeting[0].agreements;
    assert_eq!(all.len(), 2, "only this case's agreements");
    assert_eq!(
        all[0].latest.as_ref().map(|u| u.status),
        Some(AgreementStatus::Done)
    );
    assert!(all[1].latest.is_none());
    assert_eq!(s.agreements(first).await.unwrap()[0].latest, Some(latest));

    // Taken back: its reports go with it, and a report that comes too late is not kept.
    assert!(s.remove_agreement(first, a1, 40).await.unwrap());
    assert!(!s
        .report_agreement(&report(AgreementStatus::Done, "Te laat", 30), first)
        .await
        .unwrap());
    assert!(s.agreement_history(case).await.unwrap().is_empty());
    assert_eq!(
        s.case_agreements(case).await.unwrap()[0].agreements.len(),
        1
    );
}

/// The profile: every save of a part is a new version; the newest is the part as it stands; a
/// save over a version that is no longer the newest writes nothing; authors and cases apart.
async fn a_profile_part_keeps_every_version_and_refuses_a_stale_save(t: TestStore) {
    use app::prepare::sharing::Sharing;
    use app::profile::parts::Part;
    use app::store::ProfileVersionRow;
    let s = t.store.clone();
    let c = person(&s, Role::Coordinator).await;
    let parent = person(&s, Role::Parent).await;
    let young = person(&s, Role::Young).await;
    let case = s
        .create_case("Noor", AgeBand::From12, None, c, 0)
        .await
        .unwrap();
    let other = s
        .create_case("Sam", AgeBand::From12, None, c, 0)
        .await
        .unwrap();
    let row = |case, author, part, body: &str, version, at| ProfileVersionRow {
        case_id: case,
        author_id: author,
        part,
        body: body.into(),
        sharing: Sharing::Table,
        coach: None,
        version,
        at,
    };
    let first = row(case, parent, Part::GoodAt, "Tekenen", 1, 10);
    assert_eq!(s.save_profile_part(&first, 0).await.unwrap(), Some(1));
    let second = row(case, parent, Part::GoodAt, "Tekenen en koken", 2, 20);
    assert_eq!(s.save_profile_part(&second, 1).await.unwrap(), Some(2));
    // A second tab that still shows version 1: nothing is written.
    let stale = row(case, parent, Part::GoodAt, "Oud", 2, 30);
    assert_eq!(s.save_profile_part(&stale, 1).await.unwrap(), None);
    // Another author, another part, another case: each their own versions.
    let theirs = row(case, young, Part::GoodAt, "Voetbal", 1, 40);
    assert_eq!(s.save_profile_part(&theirs, 0).await.unwrap(), Some(1));
    let helps = row(case, parent, Part::Helps, "Rust", 1, 50);
    assert_eq!(s.save_profile_part(&helps, 0).await.unwrap(), Some(1));
    let elsewhere = row(other, parent, Part::GoodAt, "Elders", 1, 60);
    assert_eq!(s.save_profile_part(&elsewhere, 0).await.unwrap(), Some(1));

    let mut now = s.profile(case).await.unwrap();
    now.sort_by_key(|r| (r.author_id, r.part));
    let mut expected = vec![second.clone(), helps.clone(), theirs.clone()];
    expected.sort_by_key(|r| (r.author_id, r.part));
    assert_eq!(
        now, expected,
        "the newest version of each part, this case only"
    );
    let history = s.profile_history(case, parent).await.unwrap();
    let good_at: Vec<_> = history.iter().filter(|r| r.part == Part::GoodAt).collect();
    assert_eq!(good_at, [&first, &second], "every version, oldest first");
    assert!(history
        .iter()
        .all(|r| r.author_id == parent && r.case_id == case));
}

/// The mail outbox: a key is queued once (the first mail and its Message-ID stay); a mail is
/// claimed by one worker until it is settled, kept for a later try, released, or its claim runs
/// out; ended mails are pruned, waiting ones kept.
async fn a_mail_is_queued_once_and_claimed_by_one_worker_at_a_time(t: TestStore) {
    use app::mail::key::{MailChoice, MailKey, MailKind};
    use app::store::NewMail;
    let s = t.store.clone();
    let c = person(&s, Role::Coordinator).await;
    let p = person(&s, Role::Parent).await;
    let case = s
        .create_case("Noor", AgeBand::From12, None, c, 0)
        .await
        .unwrap();
    let mail = |kind, object, try_: &str, with_link| NewMail {
        key: MailKey {
            kind,
            object,
            to: p,
        },
        case_id: Some(case),
        message_id: format!("<{kind:?}-{object}-{try_}@test>"),
        with_link,
    };
    let invite = mail(MailKind::Invitation, case.0, "first", true);
    let topics = mail(MailKind::TopicsShared, 5, "first", false);
    assert_eq!(s.mail_enqueue(&[invite, topics], 100).await.unwrap(), 2);
    let again = mail(MailKind::Invitation, case.0, "second", false);
    assert_eq!(s.mail_enqueue(&[again], 101).await.unwrap(), 0);

    let a = s.mail_claim(100, 600, 50).await.unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].key.kind, MailKind::Invitation);
    assert!(a[0].with_link && !a[1].with_link, "the first mail stays");
    assert_eq!(
        a[0].message_id,
        format!("<Invitation-{}-first@test>", case.0)
    );
    assert!(
        s.mail_claim(100, 600, 50).await.unwrap().is_empty(),
        "claimed"
    );
    s.mail_settle(a[0].id, "sent", "", 110).await.unwrap();
    s.mail_retry(a[1].id, 1, 200, "unreachable").await.unwrap();
    assert!(
        s.mail_claim(150, 600, 50).await.unwrap().is_empty(),
        "not due yet"
    );
    let b = s.mail_claim(200, 600, 50).await.unwrap();
    assert_eq!(b.len(), 1);
    assert_eq!((b[0].id, b[0].attempts), (a[1].id, 1));
    assert_eq!(
        b[0].message_id, a[1].message_id,
        "a retry keeps its Message-ID"
    );
    // A worker that died: its claim runs out, then another takes the mail.
    assert!(s.mail_claim(799, 600, 50).await.unwrap().is_empty());
    let c2 = s.mail_claim(801, 600, 50).await.unwrap();
    assert_eq!(c2.len(), 1);
    s.mail_release(&[c2[0].id]).await.unwrap();
    assert_eq!(s.mail_claim(802, 600, 50).await.unwrap().len(), 1);

    let log = s.mail_log(case).await.unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].key.kind, MailKind::TopicsShared, "newest first");
    assert_eq!((log[1].state.as_str(), log[1].sent_at), ("sent", Some(110)));
    assert_eq!(
        (log[0].state.as_str(), log[0].last_error.as_str()),
        ("waiting", "unreachable")
    );

    // Ended mails leave the list after a while; waiting ones never.
    assert_eq!(s.mail_prune(111).await.unwrap(), 1);
    let log = s.mail_log(case).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].state, "waiting");

    assert_eq!(s.mail_choice(p).await.unwrap(), (None, MailChoice::Unasked));
    s.set_mail_choice(p, MailChoice::Stop, 5).await.unwrap();
    assert_eq!(s.mail_choice(p).await.unwrap().1, MailChoice::Stop);
    s.set_mail_choice(p, MailChoice::Unasked, 6).await.unwrap();
    assert_eq!(s.mail_choice(p).await.unwrap().1, MailChoice::Unasked);
}

/// Consent as a history: every change of a person's yes or no is kept with the text version it
/// was given to; a no no longer erases that a yes was given; saying the same again adds nothing;
/// the history comes with the case for its own person only.
async fn every_yes_and_no_to_the_care_plan_is_kept(t: TestStore) {
    use app::store::ConsentEvent;
    let s = t.store.clone();
    let c = person(&s, Role::Coordinator).await;
    let p = person(&s, Role::Parent).await;
    let q = person(&s, Role::Parent).await;
    let case = s
        .create_case("Noor", AgeBand::From12, None, c, 0)
        .await
        .unwrap();
    s.set_consent(case, p, true, "v1", 10).await.unwrap();
    s.set_consent(case, p, true, "v1", 11).await.unwrap();
    s.set_consent(case, p, false, "v1", 20).await.unwrap();
    assert!(s.consents(case).await.unwrap().is_empty());
    s.set_consent(case, p, true, "v2", 30).await.unwrap();
    s.set_consent(case, q, false, "v2", 31).await.unwrap();
    assert_eq!(s.consents(case).await.unwrap(), vec![p]);
    let ev = |given, v: &str, at| ConsentEvent {
        given,
        text_version: v.to_string(),
        at,
    };
    let want = vec![ev(true, "v1", 10), ev(false, "v1", 20), ev(true, "v2", 30)];
    assert_eq!(s.consent_history(case, p).await.unwrap(), want);
    assert_eq!(
        s.consent_history(case, q).await.unwrap(),
        vec![ev(false, "v2", 31)],
        "a first no is kept as a choice"
    );
    s.set_consent(case, q, false, "v2", 32).await.unwrap();
    assert_eq!(
        s.consent_history(case, q).await.unwrap().len(),
        1,
        "a no after a no changes nothing"
    );
    let table = s.case_at_table(case, p).await.unwrap().unwrap();
    assert_eq!(table.my_consents, want);
    let theirs = s.case_at_table(case, c).await.unwrap().unwrap();
    assert!(theirs.my_consents.is_empty(), "only one's own history");
}

/// "Wie heeft mijn informatie gezien?": a read by someone else that showed my words is mine to
/// see; my own reads, reads of someone else's words, and reads at a table I left are not. Links
/// made for me, role changes and removals at my table, and my input sent to the care-plan store
/// are listed too. A professional's own reads come back as "Wat heb ik geopend".
async fn a_family_member_sees_who_else_opened_their_words_and_nothing_of_others(t: TestStore) {
    use app::domain::{CaseId, MeetingId};
    use app::store::{AuditEntry, SaveAnswer};
    let s = t.store.clone();
    let coach = person(&s, Role::Mediator).await;
    let parent = person(&s, Role::Parent).await;
    let young = person(&s, Role::Young).await;
    let school = person(&s, Role::School).await;
    let case = s
        .create_case("Noor", AgeBand::From12, None, coach, 0)
        .await
        .unwrap();
    let other_case = s
        .create_case("Bo", AgeBand::From12, None, coach, 0)
        .await
        .unwrap();
    for (p, role) in [
        (parent, Role::Parent),
        (young, Role::Young),
        (school, Role::School),
    ] {
        assert!(s.add_member(case, p, role, "", 1).await.unwrap());
    }
    let audit = |who: PersonId,
                 case: Option<CaseId>,
                 action: &'static str,
                 target: String,
                 subjects: Vec<PersonId>,
                 at: i64| {
        let s = s.clone();
        async move {
            s.audit(
                AuditEntry {
                    person_id: Some(who),
                    case_id: case,
                    action,
                    target,
                    subjects: &subjects,
                },
                at,
            )
            .await
            .unwrap()
        }
    };
    audit(
        school,
        Some(case),
        "answer.read_shared",
        "meeting:1".into(),
        vec![parent],
        10,
    )
    .await;
    audit(
        coach,
        Some(case),
        "review.read",
        "meeting:1".into(),
        vec![parent, young],
        11,
    )
    .await;
    // The parent's own read, and a read of only the young person's words.
    audit(
        parent,
        Some(case),
        "answer.read_shared",
        "meeting:1".into(),
        vec![parent],
        12,
    )
    .await;
    audit(
        coach,
        Some(case),
        "review.read",
        "meeting:1".into(),
        vec![young],
        13,
    )
    .await;
    // A read at another table that happens to hold the same id is not the parent's.
    audit(
        coach,
        Some(other_case),
        "plan.read",
        format!("case:{}", other_case.0),
        vec![parent],
        14,
    )
    .await;
    // Changes at the parent's table, and a new link made for each of them.
    audit(
        coach,
        Some(case),
        "member.role",
        format!("person:{school}:role:care"),
        vec![],
        15,
    )
    .await;
    audit(
        coach,
        Some(case),
        "link.new",
        format!("person:{parent}:invitation:3"),
        vec![parent],
        16,
    )
    .await;
    audit(
        coach,
        Some(case),
        "link.new",
        format!("person:{young}:invitation:4"),
        vec![young],
        17,
    )
    .await;
    // A read with no subjects is never listed.
    audit(
        school,
        Some(case),
        "meeting.read",
        "meeting:1".into(),
        vec![],
        18,
    )
    .await;

    let seen = s.seen_by_others(parent, 0).await.unwrap();
    let got: Vec<(i64, Option<PersonId>, &str)> = seen
        .iter()
        .map(|r| (r.at, r.person_id, r.action.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (16, Some(coach), "link.new"),
            (15, Some(coach), "member.role"),
            (11, Some(coach), "review.read"),
            (10, Some(school), "answer.read_shared"),
        ]
    );
    assert_eq!(seen[3].role, Some(Role::School), "the role at that table");
    assert_eq!(seen[2].subjects, vec![parent, young]);
    // Since a time: older rows are left out.
    assert_eq!(s.seen_by_others(parent, 11).await.unwrap().len(), 3);
    // The young person's log holds the coach's two reads and their link, not the parent's.
    let theirs: Vec<i64> = s
        .seen_by_others(young, 0)
        .await
        .unwrap()
        .iter()
        .map(|r| r.at)
        .collect();
    assert_eq!(theirs, vec![17, 15, 13, 11]);

    // The worker's row for answers that reached the care plan (no person) is listed for
    // their author only.
    let m = meeting_on_9_december(&s, case, coach, vec![parent, young]).await;
    let input = ItemKey::Input {
        meeting: m,
        person: parent,
    };
    s.audit(
        AuditEntry {
            person_id: None,
            case_id: Some(case),
            action: "sync.sent",
            target: input.to_string(),
            subjects: &[parent],
        },
        31,
    )
    .await
    .unwrap();
    let seen = s.seen_by_others(parent, 0).await.unwrap();
    assert_eq!(
        (seen[0].at, seen[0].action.as_str(), seen[0].person_id),
        (31, "sync.sent", None)
    );
    assert_eq!(seen[0].target, format!("input:{}:{}", m.0, parent.0));
    assert_eq!(s.seen_by_others(young, 0).await.unwrap()[0].at, 17);
    // Someone who sits down later sees no role change or removal from before they came.
    let later = person(&s, Role::Parent).await;
    assert!(s
        .add_member(case, later, Role::Parent, "", 32)
        .await
        .unwrap());
    assert!(s.seen_by_others(later, 0).await.unwrap().is_empty());
    audit(
        coach,
        Some(case),
        "member.remove",
        format!("person:{school}"),
        vec![],
        33,
    )
    .await;
    assert_eq!(s.seen_by_others(later, 0).await.unwrap().len(), 1);

    // "Wie kan dit zien": counts of the parent's answers per sharing, per table.
    for (q, sharing) in [
        ("worries", "table"),
        ("goes_well", "table"),
        ("wish", "mediator"),
    ] {
        s.save_answer(SaveAnswer {
            meeting: m,
            person: parent,
            question: q,
            body: "tekst",
            sharing,
            coach: None,
            base_version: 0,
            op: q,
            now: 40,
        })
        .await
        .unwrap();
    }
    let counts: Vec<(CaseId, String, i64)> = s
        .sharing_counts(parent)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.case_id, c.sharing, c.count))
        .collect();
    assert_eq!(
        counts,
        vec![(case, "mediator".into(), 1), (case, "table".into(), 2)]
    );

    // Names and dates for the log in one read.
    let labels = s
        .seen_labels(&[parent], &[m, MeetingId(999)], &[case])
        .await
        .unwrap();
    assert_eq!(labels.people.get(&parent).map(String::as_str), Some("P"));
    assert_eq!(
        labels.meetings.get(&m).map(|t| t.to_input()).as_deref(),
        Some("2026-12-09T15:00")
    );
    assert_eq!(labels.meetings.len(), 1);
    assert_eq!(labels.cases.get(&case).map(String::as_str), Some("Noor"));

    // The coach's own reads that showed someone's words.
    let opened: Vec<i64> = s
        .opened_by(coach, 0)
        .await
        .unwrap()
        .iter()
        .map(|r| r.at)
        .collect();
    assert_eq!(opened, vec![14, 13, 11]);

    // Once the parent has left the table, its reads are no longer theirs to list.
    assert!(s.remove_member(case, parent, coach, 50).await.unwrap());
    assert!(s.seen_by_others(parent, 0).await.unwrap().is_empty());
}

/// Erasing an answer: its text, the coach's words about it and the author's reply are gone,
/// from the tables and (on SQLite) from the database file and its WAL, searched byte by byte;
/// the care plan gets the input again; erasing twice changes nothing; writing again un-erases.
async fn an_erased_answer_is_gone_from_the_files(t: TestStore) {
    use app::store::{ReviewChange, SaveAnswer};
    let s = t.store.clone();
    let coach = person(&s, Role::Mediator).await;
    let parent = person(&s, Role::Parent).await;
    let case = s
        .create_case("Noor", AgeBand::From12, None, coach, 0)
        .await
        .unwrap();
    assert!(s
        .add_member(case, parent, Role::Parent, "", 1)
        .await
        .unwrap());
    let m = meeting_on_9_december(&s, case, coach, vec![parent]).await;
    const SECRET: &str = "Zeldzaam-woord-Xq7Zorgen-thuis";
    for (q, body) in [("worries", SECRET), ("goes_well", "Voetbal")] {
        s.save_answer(SaveAnswer {
            meeting: m,
            person: parent,
            question: q,
            body,
            sharing: "table",
            coach: None,
            base_version: 0,
            op: q,
            now: 2,
        })
        .await
        .unwrap();
    }
    s.mark_sent(m, parent, 3).await.unwrap();
    s.change_review(
        m,
        parent,
        "worries",
        ReviewChange::Summary(&format!("Samenvatting: {SECRET}")),
        4,
    )
    .await
    .unwrap();
    // Before: the text is in the files (so the search below can find it).
    let in_files = |dir: &std::path::Path| {
        ["s.db", "s.db-wal"].iter().any(|name| {
            std::fs::read(dir.join(name))
                .is_ok_and(|bytes| bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()))
        })
    };
    if let Some(dir) = &t.dir {
        assert!(in_files(dir), "the answer was written to the files");
    }
    // What was waiting in the outbox goes out first.
    for due in s.outbox_claim(4, 60, 100).await.unwrap() {
        s.outbox_settle(&due.key, due.up_to, "sent", "", 4)
            .await
            .unwrap();
    }
    assert_eq!(s.outbox_waiting_count().await.unwrap(), 0);

    assert!(s.erase_answer(m, parent, "worries", 5).await.unwrap());
    assert!(
        !s.erase_answer(m, parent, "worries", 6).await.unwrap(),
        "nothing left"
    );
    let answers = s.meeting_answers(m).await.unwrap();
    let erased = answers.iter().find(|a| a.question == "worries").unwrap();
    assert!(erased.erased && erased.body.is_empty());
    assert_eq!(erased.version, 2);
    let kept = answers.iter().find(|a| a.question == "goes_well").unwrap();
    assert!(!kept.erased && kept.body == "Voetbal");
    let review = s.reviews(m).await.unwrap();
    assert!(review
        .iter()
        .all(|r| r.summary.is_empty() && r.question_back.is_empty()));
    assert_eq!(
        s.outbox_waiting_count().await.unwrap(),
        1,
        "the input goes out again"
    );

    if let Some(dir) = &t.dir {
        // The database file and its WAL, byte by byte.
        assert!(!in_files(dir), "the files still hold the erased text");
    }

    // Writing the answer again makes it an answer again.
    s.save_answer(SaveAnswer {
        meeting: m,
        person: parent,
        question: "worries",
        body: "Nieuw",
        sharing: "table",
        coach: None,
        base_version: 2,
        op: "again",
        now: 7,
    })
    .await
    .unwrap();
    let again = s.answers_of(m, parent).await.unwrap();
    let w = again.iter().find(|a| a.question == "worries").unwrap();
    assert!(!w.erased && w.body == "Nieuw");
}

async fn the_export_holds_everything_of_the_person_and_nothing_of_others(t: TestStore) {
    use app::mail::key::{MailChoice, MailKey, MailKind};
    use app::prepare::sharing::Sharing;
    use app::profile::parts::Part;
    use app::store::{
        AgreementStatus, AgreementUpdateRow, ExportItem, NewAgendaItem, NewAgreement, NewMail,
        ProfileVersionRow, ReviewChange, SaveAnswer,
    };
    let s = t.store.clone();
    let coach = person(&s, Role::Mediator).await;
    let parent = person(&s, Role::Parent).await;
    let young = person(&s, Role::Young).await;
    let case = s
        .create_case("Noor", AgeBand::From12, None, coach, 0)
        .await
        .unwrap();
    let elsewhere = s
        .create_case("Bo", AgeBand::From12, None, coach, 0)
        .await
        .unwrap();
    for (p, role) in [(parent, Role::Parent), (young, Role::Young)] {
        assert!(s.add_member(case, p, role, "", 1).await.unwrap());
    }
    let m = meeting_on_9_december(&s, case, coach, vec![parent, young]).await;
    let other_m = meeting_on_9_december(&s, elsewhere, coach, vec![]).await;
    // Everything below is written by the parent with "OUDER" in it, and by the young person
    // with "JONGERE" in it, so the export can be searched for what is not theirs.
    for (who, q, body) in [
        (parent, "worries", "OUDER zorgen"),
        (parent, "goes_well", "OUDER gaat goed"),
        (young, "worries", "JONGERE zorgen"),
    ] {
        s.save_answer(SaveAnswer {
            meeting: m,
            person: who,
            question: q,
            body,
            sharing: "table",
            coach: None,
            base_version: 0,
            op: q,
            now: 2,
        })
        .await
        .unwrap();
        s.mark_sent(m, who, 3).await.unwrap();
    }
    for (who, text) in [
        (parent, "OUDER vraag terug"),
        (young, "JONGERE vraag terug"),
    ] {
        s.change_review(m, who, "worries", ReviewChange::QuestionBack(text), 4)
            .await
            .unwrap();
    }
    s.change_review(
        m,
        parent,
        "worries",
        ReviewChange::Reply("OUDER reactie"),
        5,
    )
    .await
    .unwrap();
    for (who, title) in [(parent, "OUDER onderwerp"), (young, "JONGERE onderwerp")] {
        s.add_agenda_item(
            &NewAgendaItem {
                meeting_id: m,
                proposed_by: who,
                title: title.into(),
                explanation: String::new(),
                why: String::new(),
                linked_question: String::new(),
                via_mediator: false,
            },
            10,
            6,
        )
        .await
        .unwrap();
    }
    let mut agreements = Vec::new();
    for (who, what) in [
        (parent, "OUDER belt school"),
        (young, "JONGERE gaat sporten"),
    ] {
        agreements.push(
            s.add_agreement(
                NewAgreement {
                    meeting: m,
                    item: None,
                    goal: None,
                    what,
                    who: "",
                    responsible: Some(who),
                    due: None,
                    by: coach,
                },
                7,
            )
            .await
            .unwrap(),
        );
    }
    for (who, agreement, note) in [
        (parent, agreements[0], "OUDER het lukte"),
        (young, agreements[1], "JONGERE het lukte"),
    ] {
        assert!(s
            .report_agreement(
                &AgreementUpdateRow {
                    agreement_id: agreement,
                    person_id: who,
                    status: AgreementStatus::Done,
                    note: note.into(),
                    sharing: Sharing::Table,
                    coach: None,
                    meeting_id: None,
                    at: 8,
                },
                m,
            )
            .await
            .unwrap());
    }
    s.set_feedback(m, parent, false, "OUDER klopt niet", 9)
        .await
        .unwrap();
    s.set_feedback(m, young, true, "JONGERE klopt", 9)
        .await
        .unwrap();
    for (who, body, base) in [
        (parent, "OUDER tekenen", 0),
        (parent, "OUDER tekenen en voetbal", 1),
        (young, "JONGERE gamen", 0),
    ] {
        s.save_profile_part(
            &ProfileVersionRow {
                case_id: case,
                author_id: who,
                part: Part::GoodAt,
                body: body.into(),
                sharing: Sharing::Table,
                coach: None,
                version: base + 1,
                at: 10 + base,
            },
            base,
        )
        .await
        .unwrap()
        .expect("saved");
    }
    s.set_consent(case, parent, true, "2026-12-05", 11)
        .await
        .unwrap();
    s.set_consent(case, parent, false, "2026-12-05", 12)
        .await
        .unwrap();
    s.set_consent(case, young, true, "2026-12-05", 12)
        .await
        .unwrap();
    let mail = |to: PersonId| NewMail {
        key: MailKey {
            kind: MailKind::Invitation,
            object: case.0,
            to,
        },
        case_id: Some(case),
        message_id: format!("<export-{}@test>", to.0),
        with_link: true,
    };
    s.mail_enqueue(&[mail(parent), mail(young)], 13)
        .await
        .unwrap();
    s.set_mail_choice(parent, MailChoice::Yes, 14)
        .await
        .unwrap();
    // A meeting at a table the parent does not sit at is not theirs.
    let items = s.export_items(parent).await.unwrap();
    let text = format!("{items:?}");
    assert!(!text.contains("JONGERE"), "another person's words: {text}");
    let count = |f: fn(&ExportItem) -> bool| items.iter().filter(|i| f(i)).count();
    assert_eq!(count(|i| matches!(i, ExportItem::Table { .. })), 1);
    assert_eq!(
        count(|i| matches!(i, ExportItem::Meeting { .. })),
        1,
        "{items:?}"
    );
    assert!(!items
        .iter()
        .any(|i| matches!(i, ExportItem::Meeting { meeting, .. } if *meeting == other_m)));
    assert_eq!(count(|i| matches!(i, ExportItem::Answer { .. })), 2);
    assert_eq!(count(|i| matches!(i, ExportItem::Sent { .. })), 1);
    assert_eq!(count(|i| matches!(i, ExportItem::Topic { .. })), 1);
    assert_eq!(count(|i| matches!(i, ExportItem::Agreement { .. })), 1);
    assert_eq!(count(|i| matches!(i, ExportItem::Report { .. })), 1);
    assert_eq!(
        count(|i| matches!(i, ExportItem::Profile { .. })),
        2,
        "every version"
    );
    assert_eq!(
        count(|i| matches!(i, ExportItem::Consent { .. })),
        2,
        "the yes and the no"
    );
    assert_eq!(count(|i| matches!(i, ExportItem::Mail { .. })), 1);
    for needle in [
        "OUDER zorgen",
        "OUDER gaat goed",
        "OUDER vraag terug",
        "OUDER reactie",
        "OUDER onderwerp",
        "OUDER belt school",
        "OUDER het lukte",
        "OUDER klopt niet",
        "OUDER tekenen",
        "OUDER tekenen en voetbal",
    ] {
        assert!(text.contains(needle), "{needle} is missing: {text}");
    }
    assert!(items
        .iter()
        .any(|i| matches!(i, ExportItem::Feedback { matches: false, .. })));
    assert!(items.iter().any(|i| matches!(
        i,
        ExportItem::MailChoice {
            choice: MailChoice::Yes,
            at: Some(14)
        }
    )));
    assert!(items.iter().any(|i| matches!(
        i,
        ExportItem::Table {
            role: Role::Parent,
            band: AgeBand::From12,
            removed_at: None,
            ..
        }
    )));
}

async fn a_closed_case_loses_its_words_and_keeps_who_sat_there_and_the_access_log(t: TestStore) {
    use app::prepare::sharing::Sharing;
    use app::profile::parts::Part;
    use app::store::{
        AuditEntry, NewAgendaItem, NewAgreement, ProfileVersionRow, ReviewChange, SaveAnswer,
    };
    let s = t.store.clone();
    let coach = person(&s, Role::Mediator).await;
    let parent = person(&s, Role::Parent).await;
    let case = s
        .create_case("Noor", AgeBand::From12, None, coach, 0)
        .await
        .unwrap();
    let open = s
        .create_case("Bo", AgeBand::From12, None, coach, 0)
        .await
        .unwrap();
    assert!(s
        .add_member(case, parent, Role::Parent, "", 1)
        .await
        .unwrap());
    assert!(s
        .add_member(open, parent, Role::Parent, "", 1)
        .await
        .unwrap());
    let m = meeting_on_9_december(&s, case, coach, vec![parent]).await;
    let kept_m = meeting_on_9_december(&s, open, coach, vec![parent]).await;
    const SECRET: &str = "Bewaartermijn-Zq9-zorgen";
    for (meeting, body) in [(m, SECRET), (kept_m, "Blijft staan")] {
        s.save_answer(SaveAnswer {
            meeting,
            person: parent,
            question: "worries",
            body,
            sharing: "table",
            coach: None,
            base_version: 0,
            op: "a",
            now: 2,
        })
        .await
        .unwrap();
        s.mark_sent(meeting, parent, 3).await.unwrap();
    }
    s.change_review(m, parent, "worries", ReviewChange::Summary(SECRET), 4)
        .await
        .unwrap();
    s.add_agenda_item(
        &NewAgendaItem {
            meeting_id: m,
            proposed_by: parent,
            title: SECRET.into(),
            explanation: String::new(),
            why: String::new(),
            linked_question: String::new(),
            via_mediator: false,
        },
        10,
        5,
    )
    .await
    .unwrap();
    s.add_agreement(
        NewAgreement {
            meeting: m,
            item: None,
            goal: None,
            what: SECRET,
            who: "",
            responsible: Some(parent),
            due: None,
            by: coach,
        },
        6,
    )
    .await
    .unwrap();
    s.save_profile_part(
        &ProfileVersionRow {
            case_id: case,
            author_id: parent,
            part: Part::GoodAt,
            body: SECRET.into(),
            sharing: Sharing::Table,
            coach: None,
            version: 1,
            at: 7,
        },
        0,
    )
    .await
    .unwrap();
    s.set_consent(case, parent, true, "2026-12-05", 8)
        .await
        .unwrap();
    s.audit(
        AuditEntry {
            person_id: Some(coach),
            case_id: Some(case),
            action: "review.read",
            target: format!("meeting:{}", m.0),
            subjects: &[parent],
        },
        9,
    )
    .await
    .unwrap();

    // An open case is not erased, and is not on the list.
    assert_eq!(s.erase_case_content(case, 10).await.unwrap(), None);
    assert!(s.closed_cases().await.unwrap().is_empty());
    assert!(s.close_case(case, 100).await.unwrap());
    let closed = s.closed_cases().await.unwrap();
    assert_eq!(closed.len(), 1);
    assert_eq!(
        (closed[0].case, closed[0].closed_at, closed[0].warned_at),
        (case, 100, None)
    );
    s.mark_retention_warned(case, 200).await.unwrap();
    s.mark_retention_warned(case, 300).await.unwrap();
    assert_eq!(
        s.closed_cases().await.unwrap()[0].warned_at,
        Some(200),
        "told once"
    );
    assert_eq!(s.retention_state(case).await.unwrap(), (Some(200), None));

    let erased = s
        .erase_case_content(case, 400)
        .await
        .unwrap()
        .expect("erased");
    assert_eq!(
        (erased.answers, erased.topics, erased.agreements),
        (1, 1, 1)
    );
    assert_eq!(s.erase_case_content(case, 500).await.unwrap(), None, "once");
    assert!(s.closed_cases().await.unwrap().is_empty());
    assert_eq!(
        s.retention_state(case).await.unwrap(),
        (Some(200), Some(400))
    );
    assert!(s.meeting_answers(m).await.unwrap().is_empty());
    assert!(s.reviews(m).await.unwrap().is_empty());
    assert!(s.agenda_items(m).await.unwrap().is_empty());
    assert!(s.agreements(m).await.unwrap().is_empty());
    assert!(s.profile(case).await.unwrap().is_empty());
    // Who sat at the table, the meeting and its date, the consent history, the access log and
    // the other case stay.
    assert_eq!(
        s.membership(case, parent).await.unwrap(),
        Some(Role::Parent)
    );
    let meeting = s.meeting(m).await.unwrap().expect("the meeting");
    assert!(meeting.purpose.is_empty());
    assert_eq!(s.consent_history(case, parent).await.unwrap().len(), 1);
    assert_eq!(s.seen_by_others(parent, 0).await.unwrap().len(), 1);
    assert_eq!(s.meeting_answers(kept_m).await.unwrap().len(), 1);
    let items = s.export_items(parent).await.unwrap();
    assert!(!format!("{items:?}").contains(SECRET));
    if let Some(dir) = &t.dir {
        for name in ["s.db", "s.db-wal"] {
            let bytes = std::fs::read(dir.join(name)).unwrap_or_default();
            assert!(
                !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
                "{name} still holds the words"
            );
        }
    }

    // The access log goes by its own date.
    assert_eq!(s.prune_access_log(9).await.unwrap(), 0);
    assert_eq!(s.prune_access_log(10).await.unwrap(), 1);
    assert!(s.seen_by_others(parent, 0).await.unwrap().is_empty());
}

/// "Alleen de gezinscoach" is one person: what a family member kept for Joyce is counted as not
/// Mark's; a no only notes that they were asked; a yes moves answers, parts of "Dit is …" and
/// notes on agreements to Mark, at this table only.
async fn what_was_kept_for_one_coach_moves_to_a_new_coach_only_on_a_yes(t: TestStore) {
    use app::prepare::sharing::Sharing;
    use app::profile::parts::Part;
    use app::store::{ProfileVersionRow, SaveAnswer};
    let s = t.store.clone();
    let c = person(&s, Role::Coordinator).await;
    let young = person(&s, Role::Young).await;
    let (joyce, mark) = (
        person(&s, Role::Mediator).await,
        person(&s, Role::Mediator).await,
    );
    let case = s
        .create_case("Sam", AgeBand::From12, None, c, 0)
        .await
        .unwrap();
    let other = s
        .create_case("Noor", AgeBand::From12, None, c, 0)
        .await
        .unwrap();
    for (case, p, role) in [
        (case, young, Role::Young),
        (case, joyce, Role::Mediator),
        (case, mark, Role::Mediator),
        (other, young, Role::Young),
    ] {
        s.add_member(case, p, role, "", 1).await.unwrap();
    }
    let meeting = meeting_on_9_december(&s, case, joyce, vec![young]).await;
    let elsewhere = meeting_on_9_december(&s, other, c, vec![young]).await;
    for (m, q) in [
        (meeting, "worries"),
        (meeting, "wishes"),
        (elsewhere, "worries"),
    ] {
        s.save_answer(SaveAnswer {
            meeting: m,
            person: young,
            question: q,
            body: "Iets voor de coach",
            sharing: "mediator",
            coach: Some(joyce),
            base_version: 0,
            op: q,
            now: 2,
        })
        .await
        .unwrap();
    }
    s.save_profile_part(
        &ProfileVersionRow {
            case_id: case,
            author_id: young,
            part: Part::GoodAt,
            body: "Tekenen".into(),
            sharing: Sharing::Mediator,
            coach: Some(joyce),
            version: 1,
            at: 3,
        },
        0,
    )
    .await
    .unwrap();
    assert_eq!(
        s.kept_for_other_coaches(case, young, mark).await.unwrap(),
        3
    );
    assert_eq!(
        s.kept_for_other_coaches(case, young, joyce).await.unwrap(),
        0
    );
    let asked = |case| {
        let s = s.clone();
        async move {
            s.case_at_table(case, young)
                .await
                .unwrap()
                .unwrap()
                .coach_asked
        }
    };
    assert_eq!(asked(case).await, None);
    s.share_with_coach(case, young, mark, false).await.unwrap();
    assert_eq!(asked(case).await, Some(mark));
    assert_eq!(
        s.kept_for_other_coaches(case, young, mark).await.unwrap(),
        3,
        "a no moves nothing"
    );
    s.share_with_coach(case, young, mark, true).await.unwrap();
    assert_eq!(
        s.kept_for_other_coaches(case, young, mark).await.unwrap(),
        0
    );
    let coaches: Vec<Option<PersonId>> = s
        .answers_of(meeting, young)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.coach)
        .collect();
    assert_eq!(coaches, vec![Some(mark), Some(mark)]);
    assert_eq!(s.profile(case).await.unwrap()[0].coach, Some(mark));
    let there = s.answers_of(elsewhere, young).await.unwrap();
    assert_eq!(there[0].coach, Some(joyce), "another table is not touched");
    assert_eq!(asked(other).await, None);
}

/// The hourly job stores a case's new age band once, and looks at its sent input again; a
/// coordinator's correction of the date of birth in between is never overwritten.
async fn the_band_job_stores_a_new_band_once_and_never_over_a_correction(t: TestStore) {
    let s = t.store.clone();
    let c = person(&s, Role::Coordinator).await;
    let born = chrono::NaiveDate::from_ymd_opt(2014, 12, 2).unwrap();
    let case = s
        .create_case("Sam", AgeBand::Under12, Some(born), c, 0)
        .await
        .unwrap();
    assert_eq!(s.dated_cases().await.unwrap()[0].birth_date, Some(born));
    assert!(s.store_band(case, born, AgeBand::From12, 10).await.unwrap());
    assert!(
        !s.store_band(case, born, AgeBand::From12, 11).await.unwrap(),
        "once"
    );
    // The coordinator corrects the date; the job, still holding the old one, changes nothing.
    let corrected = chrono::NaiveDate::from_ymd_opt(2015, 1, 5).unwrap();
    assert!(s
        .set_age(case, Some(corrected), AgeBand::Under12, 12)
        .await
        .unwrap());
    assert!(!s.store_band(case, born, AgeBand::From12, 13).await.unwrap());
    let row = s.case(case).await.unwrap().unwrap();
    assert_eq!(
        (row.birth_date, row.age_band),
        (Some(corrected), AgeBand::Under12)
    );
}
