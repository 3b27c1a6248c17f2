//! The demo case: a young person aged 13 and everyone at their table, so a newcomer can try every
//! role within a minute. Only seeded into an empty database, and only when asked for; the
//! database is then marked as a demo, and a database that holds real data is never touched.

use super::{NewMeeting, NewPerson, Store, StoreResult};
use crate::ctx::AppState;
use crate::domain::{AgeBand, LocalTime, PersonId, Role};
use crate::error::AppError;

/// The mark a demo database carries in `portal_meta`.
const DEMO_MARK: &str = "demo";

/// A random password for the demo professionals, easy to type (four groups of four letters).
pub fn random_password() -> String {
    let token = crate::auth::service::Token::generate();
    let letters: String = token
        .expose()
        .chars()
        .filter(|c| c.is_ascii_lowercase())
        .take(16)
        .collect();
    letters
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// What starting in demo mode found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoStart {
    /// The database was empty: the demo case is in it now, with this password.
    Seeded(String),
    /// The database is a demo already; its password is this.
    Already(String),
}

/// One demo person: email (an address that can never exist), name, role, relation.
pub const DEMO_PEOPLE: [(&str, &str, Role, &str); 6] = [
    (
        "ouder@demo.invalid",
        "Fatima Bakker",
        Role::Parent,
        "moeder",
    ),
    ("jongere@demo.invalid", "Sam", Role::Young, ""),
    (
        "gezinscoach@demo.invalid",
        "Joyce de Vries",
        Role::Mediator,
        "gezinscoach",
    ),
    (
        "school@demo.invalid",
        "Mark Jansen",
        Role::School,
        "zorgcoördinator",
    ),
    (
        "jeugdhulp@demo.invalid",
        "Priya Ramdin",
        Role::CareWorker,
        "wijkteam",
    ),
    (
        "coordinator@demo.invalid",
        "Ellen Visser",
        Role::Coordinator,
        "",
    ),
];

/// A fresh sign-in link for one demo person.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoLink {
    /// Role code.
    pub role: &'static str,
    /// Name.
    pub name: &'static str,
    /// Email (professionals sign in with it and [`DEMO_PASSWORD`]).
    pub email: &'static str,
    /// The single-use link.
    pub link: String,
}

/// Demo mode: seeds the demo case into an empty database and marks it as a demo. A database that
/// holds data and is not marked as a demo is refused (`Err`), so demo mode can never write into
/// real data.
pub async fn start(store: &dyn Store, now: i64, password: &str) -> Result<DemoStart, String> {
    if !store.is_empty().await.map_err(|e| e.to_string())? {
        return match store.meta(DEMO_MARK).await.map_err(|e| e.to_string())? {
            Some(pw) => Ok(DemoStart::Already(pw)),
            None => Err("this database holds real data and is not a demo; demo mode (AANTAFEL_DEMO) is refused".into()),
        };
    }
    // The mark comes first: a demo that stopped half-way is still recognised as one.
    store
        .meta_init(DEMO_MARK, password)
        .await
        .map_err(|e| e.to_string())?;
    seed(store, now, password)
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(DemoStart::Seeded(password.to_string()))
}

/// Seeds the demo people and case (into an empty database), as made at `now`: the meetings and
/// dates fall around that day.
pub async fn seed(store: &dyn Store, now: i64, password: &str) -> Result<(), AppError> {
    let hash = crate::auth::service::hash_password(password)?;
    let mut ids: Vec<(PersonId, Role, &str)> = Vec::new();
    for (email, name, role, relation) in DEMO_PEOPLE {
        let id = store
            .create_person(
                NewPerson {
                    display_name: name.into(),
                    email: Some(email.into()),
                    password_hash: role.is_professional().then(|| hash.clone()),
                    account_role: role,
                },
                now,
            )
            .await?;
        ids.push((id, role, relation));
    }
    seed_case(store, &ids, now).await?;
    Ok(())
}

async fn seed_case(store: &dyn Store, ids: &[(PersonId, Role, &str)], now: i64) -> StoreResult<()> {
    let today = LocalTime::from_unix(now);
    let coordinator = ids
        .iter()
        .find(|(_, r, _)| *r == Role::Coordinator)
        .map(|p| p.0)
        .unwrap_or(ids[0].0);
    // Sam is 13 years and 5 months old on the day the demo is made.
    let born = crate::domain::dutch_date(now).checked_sub_months(chrono::Months::new(13 * 12 + 5));
    let case = store
        .create_case("Sam", AgeBand::From12, born, coordinator, now)
        .await?;
    for (id, role, relation) in ids {
        if *role != Role::Coordinator {
            store.add_member(case, *id, *role, relation, now).await?;
        }
    }
    seed_school_and_plan(store, ids, case, now).await?;
    let day = today.0.date() + chrono::Duration::days(10);
    let start = LocalTime(day.and_hms_opt(15, 30, 0).unwrap_or_default());
    let deadline = LocalTime(
        (day - chrono::Duration::days(3))
            .and_hms_opt(20, 0, 0)
            .unwrap_or_default(),
    );
    store
        .create_meeting(
            NewMeeting {
                case_id: case,
                title: "Samen kijken naar school en thuis".into(),
                starts_at: start,
                duration_minutes: 60,
                place: "Het Baken College, kamer 2.14".into(),
                online_url: String::new(),
                purpose: "Sam gaat sinds de herfstvakantie minder vaak naar school. Thuis en op school maken we ons daar zorgen over. \
                          In dit gesprek zoeken we samen met Sam en zijn moeder uit wat Sam helpt. \
                          We spreken af wie wat doet, en wanneer. Niemand hoeft zich voor te bereiden op moeilijke vragen: \
                          u kunt vooraf zelf opschrijven wat u belangrijk vindt."
                    .into(),
                prepare_by: deadline,
                created_by: coordinator,
                invitees: ids.iter().map(|p| p.0).collect(),
            },
            now,
        )
        .await?;
    Ok(())
}

/// The demo school with its staff and a first offer profile, and a plan with two goals.
async fn seed_school_and_plan(
    store: &dyn Store,
    ids: &[(PersonId, Role, &str)],
    case: crate::domain::CaseId,
    now: i64,
) -> StoreResult<()> {
    use crate::store::OfferFields;
    let school = store.create_school("Het Baken College", now).await?;
    for (id, role, _) in ids {
        if *role == Role::School {
            store.add_school_staff(school, *id).await?;
        }
    }
    store.set_case_school(case, school).await?;
    let offers = [
        (
            "basic",
            "Een vaste mentor",
            "Elke leerling heeft een mentor. De mentor praat elke week even met Sam en houdt thuis op de hoogte.",
            "",
            "",
            "",
        ),
        (
            "extra",
            "Een rustige werkplek en een aangepast rooster",
            "Sam kan een paar uur per week in een kleine groep werken. Het rooster kan tijdelijk korter.",
            "Het zorgteam van school beslist, samen met u.",
            "Start binnen twee weken, eerst voor zes weken.",
            "",
        ),
        (
            "cannot",
            "Therapie op school",
            "De school kan zelf geen therapie geven.",
            "",
            "",
            "Het wijkteam of de huisarts kan u verwijzen naar jeugdhulp.",
        ),
    ];
    for (kind, title, explanation, decides, duration, elsewhere) in offers {
        store
            .save_offer(
                school,
                None,
                &OfferFields {
                    kind: kind.into(),
                    title: title.into(),
                    explanation: explanation.into(),
                    conditions: String::new(),
                    decides: decides.into(),
                    duration: duration.into(),
                    elsewhere: elsewhere.into(),
                },
                now,
            )
            .await?;
    }
    let goal = store
        .add_goal(
            case,
            "Sam gaat weer elke dag naar school.",
            "Terugdringen van verzuim; geleidelijke opbouw van de aanwezigheid conform het OPP.",
            Role::Young,
            now,
        )
        .await?;
    store
        .add_plan_action(
            case,
            Some(goal),
            "De mentor belt elke maandag even met Sam.",
            "Mentor",
            None,
            now,
        )
        .await?;
    store
        .add_goal(
            case,
            "Thuis is het 's ochtends rustiger.",
            "",
            Role::Parent,
            now,
        )
        .await?;
    Ok(())
}

/// Fresh single-use links for the demo family (the parent and the young person). Professionals
/// sign in with their email and the demo password: a link never signs into an account that has
/// a password.
pub async fn fresh_links(state: &AppState) -> Result<Vec<DemoLink>, AppError> {
    let mut out = Vec::new();
    for (email, name, role, _) in DEMO_PEOPLE {
        if role.is_professional() {
            continue;
        }
        let Some(p) = state.store.person_by_email(email).await? else {
            continue;
        };
        let case = state.store.cases_of(p.id).await?.first().map(|(c, _)| c.id);
        let (_, link) = crate::auth::service::invite(state, p.id, case, None).await?;
        out.push(DemoLink {
            role: role.code(),
            name,
            email,
            link,
        });
    }
    Ok(out)
}
