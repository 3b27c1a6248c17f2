//! Test harness: a real database (a SQLite file in a fresh folder, or with
//! `AANTAFEL_TEST_DB=postgres` a fresh database on a throwaway PostgreSQL server, see [`pg`]), the
//! demo case, and the full HTTP router, driven with `tower::ServiceExt::oneshot`.

pub mod fhir_store;
#[path = "../../../app/tests/support/pg.rs"]
pub mod pg;
pub mod smtp;

use app::ctx::AppState;
use app::error::AppError;
use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use serde_json::Value;
use std::path::PathBuf;
use tower::ServiceExt;

/// The demo professionals' password in tests.
pub const TEST_PASSWORD: &str = "test-demo-password-2026";

/// The demo email address of a professional role.
pub fn demo_email(role: &str) -> &'static str {
    app::store::demo::DEMO_PEOPLE
        .iter()
        .find(|p| p.2.code() == role)
        .map(|p| p.0)
        .expect("demo role")
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub dir: PathBuf,
    /// A pool on the portal's database, for looking inside. Its SQL numbers its values (`$1`),
    /// which both databases read.
    pub db: sqlx::AnyPool,
    /// The portal's own pools.
    #[allow(
        dead_code,
        reason = "read by the statements test binary, not by every binary that shares this module"
    )]
    pub pools: StorePools,
    /// The database's address, to open it again as a restarted portal would.
    #[allow(
        dead_code,
        reason = "read by the mail tests, not by every binary that shares this module"
    )]
    pub database_url: String,
}

/// The pools of the store under test.
#[allow(
    dead_code,
    reason = "read by the statements test binary, not by every binary that shares this module"
)]
pub enum StorePools {
    /// SQLite's readers and its one writer.
    Sqlite(sqlx::SqlitePool, sqlx::SqlitePool),
    /// PostgreSQL's one pool.
    Postgres(sqlx::PgPool),
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn unique_dir() -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "aantafel-test-{}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        app::ctx::now()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl TestApp {
    /// A fresh portal on its own SQLite file, with the demo case.
    pub async fn spawn() -> TestApp {
        Self::spawn_with_url("http://127.0.0.1:3000").await
    }

    pub async fn spawn_with_url(public_url: &str) -> TestApp {
        Self::spawn_with(public_url, app::ctx::Clock::system()).await
    }

    /// A fresh portal whose clock stands still until the test moves it
    /// (`app.state.config.clock.advance(secs)`).
    pub async fn spawn_with_clock() -> TestApp {
        let start = app::ctx::Clock::system().now();
        Self::spawn_with("http://127.0.0.1:3000", app::ctx::Clock::fixed(start)).await
    }

    pub async fn spawn_with(public_url: &str, clock: app::ctx::Clock) -> TestApp {
        Self::spawn_full(public_url, clock, None).await
    }

    /// A fresh portal whose clock stands still until the test moves it, sending mail through
    /// the SMTP server at `smtp_url`.
    #[allow(
        dead_code,
        reason = "used by the integration binary, not by every binary that shares this module"
    )]
    pub async fn spawn_with_mail(smtp_url: &str) -> TestApp {
        let start = app::ctx::Clock::system().now();
        Self::spawn_full(
            "http://127.0.0.1:3000",
            app::ctx::Clock::fixed(start),
            Some(app::mail::MailSettings {
                smtp_url: smtp_url.to_string(),
                from: "Aan Tafel <noreply@test.invalid>".to_string(),
            }),
        )
        .await
    }

    /// The portal's state as a restarted instance would have it: the same database and
    /// settings, opened again.
    #[allow(
        dead_code,
        reason = "used by the mail tests, not by every binary that shares this module"
    )]
    pub async fn restarted(&self) -> AppState {
        let store = server::open_store(&self.database_url)
            .await
            .expect("the store again");
        let config = (*self.state.config).clone();
        server::state_with(store, config, &self.settings())
            .await
            .expect("state again")
    }

    fn settings(&self) -> server::Settings {
        server::Settings {
            database_url: self.database_url.clone(),
            public_url: self.state.config.public_url.clone(),
            demo: true,
            sync_seconds: 30,
            sync_lease_seconds: app::sync::worker::CLAIM_SECONDS,
            idle_minutes: 60,
            trusted_proxies: Vec::new(),
            passkey_origin: None,
            security_contact: None,
            mail: self.state.config.mail.clone(),
            mail_seconds: 30,
            retention: app::retention::Retention::default(),
            leptos: self.state.leptos_options.clone(),
        }
    }

    pub async fn spawn_full(
        public_url: &str,
        clock: app::ctx::Clock,
        mail: Option<app::mail::MailSettings>,
    ) -> TestApp {
        let dir = unique_dir();
        let database_url = if pg::selected() {
            pg::fresh_database().await
        } else {
            format!("sqlite://{}/test.db", dir.display())
        };
        let settings = server::Settings {
            database_url,
            public_url: public_url.into(),
            demo: true,
            sync_seconds: 30,
            sync_lease_seconds: app::sync::worker::CLAIM_SECONDS,
            idle_minutes: 60,
            trusted_proxies: Vec::new(),
            passkey_origin: None,
            security_contact: None,
            mail: mail.clone(),
            mail_seconds: 30,
            retention: app::retention::Retention::default(),
            leptos: leptos::prelude::LeptosOptions::builder()
                .output_name("aantafel")
                .site_root(dir.join("site").display().to_string())
                .site_pkg_dir("pkg")
                .build(),
        };
        // The files of `public/`, where the release build puts them.
        copy_dir(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public"),
            &dir.join("site"),
        );
        let (store, pools): (std::sync::Arc<dyn app::store::Store>, _) = if pg::selected() {
            let s = app::store::postgres::PgStore::open(&settings.database_url)
                .await
                .expect("store");
            let pools = StorePools::Postgres(s.pool().clone());
            (std::sync::Arc::new(s), pools)
        } else {
            let s = app::store::sqlite::SqliteStore::open(&settings.database_url)
                .await
                .expect("store");
            let pools = StorePools::Sqlite(s.pool().clone(), s.writer().clone());
            (std::sync::Arc::new(s), pools)
        };
        sqlx::any::install_default_drivers();
        let db = sqlx::AnyPool::connect(&settings.database_url)
            .await
            .expect("a pool for looking inside");
        let mut config = app::ctx::Config::new(&settings.public_url);
        config.clock = clock;
        config.mail = mail;
        let state = server::state_with(store, config, &settings)
            .await
            .expect("state");
        app::store::demo::seed(
            state.store.as_ref(),
            state.config.clock.now(),
            TEST_PASSWORD,
        )
        .await
        .expect("seed");
        TestApp {
            router: server::router(state.clone()),
            state,
            dir,
            db,
            pools,
            database_url: settings.database_url.clone(),
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(req).await.expect("response")
    }

    /// GET a page or file.
    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Response<Body> {
        let mut b = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        self.send(b.body(Body::empty()).unwrap()).await
    }

    /// POST a form to a server function as the browser's JavaScript would (no redirect, JSON back).
    pub async fn call(
        &self,
        name: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> Response<Body> {
        self.post(name, form, cookie, false).await
    }

    /// POST a form to a server function as a browser without JavaScript would.
    pub async fn post_plain(
        &self,
        name: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> Response<Body> {
        self.post(name, form, cookie, true).await
    }

    /// POST a form without JavaScript from a given page (the `Referer` errors go back to).
    pub async fn post_plain_from(
        &self,
        page: &str,
        name: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> Response<Body> {
        self.post_from(page, name, form, cookie, true).await
    }

    async fn post(
        &self,
        name: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
        html: bool,
    ) -> Response<Body> {
        self.post_from("/form", name, form, cookie, html).await
    }

    async fn post_from(
        &self,
        page: &str,
        name: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
        html: bool,
    ) -> Response<Body> {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut b = Request::post(format!("/api/{name}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(
                header::ACCEPT,
                if html {
                    "text/html,application/xhtml+xml"
                } else {
                    "application/json"
                },
            )
            .header(header::REFERER, format!("http://127.0.0.1:3000{page}"));
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        self.send(b.body(Body::from(body)).unwrap()).await
    }

    /// A fresh invitation token for a demo person, by role code.
    pub async fn demo_token(&self, role: &str) -> String {
        let links = app::store::demo::fresh_links(&self.state)
            .await
            .expect("links");
        let link = &links.iter().find(|l| l.role == role).expect("role").link;
        link.rsplit('/').next().unwrap().to_string()
    }

    /// Signs a demo person in: a family member by invitation link (on their own phone), a
    /// professional with email and password. Returns the `Cookie` header value.
    pub async fn sign_in_as(&self, role: &str) -> String {
        let res = if matches!(role, "parent" | "young") {
            let token = self.demo_token(role).await;
            self.call(
                "accept_invitation",
                &[("token", &token), ("own_device", "yes")],
                None,
            )
            .await
        } else {
            self.call(
                "sign_in",
                &[("email", demo_email(role)), ("password", TEST_PASSWORD)],
                None,
            )
            .await
        };
        assert_eq!(res.status(), StatusCode::OK, "sign-in as {role}");
        session_cookie(&res).expect("session cookie")
    }

    /// Sends the new-meeting form without JavaScript with its required fields empty and the
    /// place "Lokaal 12", as `cookie`; the error and what was typed wait for the browser's next
    /// page. Returns that `at_flash` cookie.
    pub async fn keep_form_error(&self, cookie: &str) -> String {
        let res = self
            .post_plain(
                "create_meeting",
                &[
                    ("case", "1"),
                    ("title", ""),
                    ("starts_at", ""),
                    ("duration_minutes", "60"),
                    ("place", "Lokaal 12"),
                    ("online_url", ""),
                    ("purpose", ""),
                    ("prepare_by", ""),
                ],
                Some(cookie),
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        cookie_named(&res, "at_flash").expect("the error waits in a flash")
    }

    /// How many reads of meeting 1 the audit log holds.
    pub async fn meeting_reads(&self) -> i64 {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.read' AND target = 'meeting:1'",
        )
        .fetch_one(&self.db)
        .await
        .unwrap()
    }

    /// The link shown once on the invite page after an invitation (the `at_link` flash).
    pub async fn shown_link(
        &self,
        res: &Response<Body>,
        inviter: &str,
        case: &str,
    ) -> Option<String> {
        self.shown_link_on(res, inviter, &format!("/cases/{case}/invite"))
            .await
    }

    /// The link shown once on `page` after it was made there (the `at_link` flash).
    pub async fn shown_link_on(
        &self,
        res: &Response<Body>,
        inviter: &str,
        page: &str,
    ) -> Option<String> {
        let flash = cookie_named(res, "at_link")?;
        let page = self.get(page, Some(&format!("{inviter}; {flash}"))).await;
        let html = body_text(page).await;
        let start = html.find("/invite/")? + "/invite/".len();
        Some(html[start..start + 43].to_string())
    }
}

impl TestApp {
    /// A coordinator invites someone new to a case (plain form post); the newcomer uses the link.
    /// Returns the newcomer's `Cookie` header value.
    pub async fn invite_and_sign_in(
        &self,
        coordinator: &str,
        case: &str,
        name: &str,
        role: &str,
    ) -> String {
        // Professionals need an email address, and choose a password when they first sign in.
        let professional = !matches!(role, "parent" | "young");
        let email = if professional {
            let slug: String = name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            format!("{slug}@test.invalid")
        } else {
            String::new()
        };
        let res = self
            .post_plain(
                "invite_person",
                &[
                    ("case", case),
                    ("name", name),
                    ("role", role),
                    ("relation", ""),
                    ("email", &email),
                ],
                Some(coordinator),
            )
            .await;
        let token = self
            .shown_link(&res, coordinator, case)
            .await
            .unwrap_or_else(|| panic!("no link shown after inviting {name}"));
        let mut form = vec![("token", token.as_str())];
        if professional {
            form.push(("password", "a-test-password-2026"));
            form.push(("password2", "a-test-password-2026"));
        } else {
            form.push(("own_device", "yes"));
        }
        let res = self.call("accept_invitation", &form, None).await;
        session_cookie(&res).expect("newcomer's session")
    }
}

impl TestApp {
    /// The coordinator takes `person` off case `case` (`remove_person`); it must succeed.
    pub async fn take_off(&self, coordinator: &str, case: &str, person: &str) {
        let res = self
            .call(
                "remove_person",
                &[("case", case), ("person", person)],
                Some(coordinator),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "taking {person} off the table"
        );
    }

    /// A new parent `name` at case 1, signed in, then taken off the table by the coordinator.
    /// Returns their `Cookie` header value.
    pub async fn parent_taken_off(&self, coordinator: &str, name: &str) -> String {
        let cookie = self
            .invite_and_sign_in(coordinator, "1", name, "parent")
            .await;
        let id = person_id_by_name(self, name).await;
        self.take_off(coordinator, "1", &id).await;
        cookie
    }

    /// Someone at the table brings a supporter (plain form post); the supporter uses the link
    /// shown once on the support page. Returns the supporter's `Cookie` header value.
    pub async fn bring_supporter(
        &self,
        inviter: &str,
        case: &str,
        name: &str,
        for_person: Option<&str>,
    ) -> String {
        let mut form = vec![("case", case), ("name", name), ("kind", "relative")];
        if let Some(p) = for_person {
            form.push(("for_person", p));
        }
        let res = self
            .post_plain("invite_supporter", &form, Some(inviter))
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "bringing {name}");
        let token = self
            .shown_link_on(&res, inviter, &format!("/cases/{case}/support"))
            .await
            .unwrap_or_else(|| panic!("no link shown after bringing {name}"));
        let res = self
            .call(
                "accept_invitation",
                &[("token", token.as_str()), ("own_device", "yes")],
                None,
            )
            .await;
        session_cookie(&res).expect("supporter's session")
    }
}

/// The id of the person with this display name, as text for a form.
pub async fn person_id_by_name(app: &TestApp, name: &str) -> String {
    let id: i64 = sqlx::query_scalar("SELECT id FROM people WHERE display_name = $1")
        .bind(name)
        .fetch_one(&app.db)
        .await
        .unwrap();
    id.to_string()
}

/// The id of the person with this email address.
pub async fn person_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM people WHERE lower(email) = lower($1)")
        .bind(email)
        .fetch_one(&app.db)
        .await
        .unwrap_or_else(|e| panic!("no person {email}: {e}"))
}

/// The `name=value` part of a cookie a response sets (not a clearing one).
pub fn cookie_named(res: &Response<Body>, name: &str) -> Option<String> {
    set_cookies(res)
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")) && !c.starts_with(&format!("{name}=;")))
        .map(|c| c.split(';').next().unwrap_or_default().to_string())
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The `name=value` part of the session cookie set by a response.
pub fn session_cookie(res: &Response<Body>) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| {
            (v.starts_with("at_session=") && !v.starts_with("at_session=;"))
                || (v.starts_with("__Host-at_session=") && !v.starts_with("__Host-at_session=;"))
        })
        .map(|v| v.split(';').next().unwrap().to_string())
}

pub fn set_cookies(res: &Response<Body>) -> Vec<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(String::from))
        .collect()
}

pub async fn body_text(res: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024)
        .await
        .unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The error a server function answered with.
pub async fn app_error(res: Response<Body>) -> AppError {
    let status = res.status();
    let text = body_text(res).await;
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("not an AppError ({status}): {text}: {e}"))
}

pub fn location(res: &Response<Body>) -> String {
    res.headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// The decoded plain message an answer carries for scripts.
pub fn message(res: &axum::http::Response<axum::body::Body>) -> String {
    let raw = res
        .headers()
        .get("x-message")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .replace('+', " ");
    url::form_urlencoded::parse(format!("m={raw}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The JSON a server function answered with (it must be 200 OK).
pub async fn json(res: axum::http::Response<axum::body::Body>) -> Value {
    let status = res.status();
    let text = body_text(res).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// Saves one answer as the prepare island would.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    app: &TestApp,
    cookie: &str,
    meeting: &str,
    q: &str,
    body: &str,
    sharing: &str,
    base: i64,
    op: &str,
) -> Value {
    let base = base.to_string();
    json(
        app.call(
            "save_answer",
            &[
                ("meeting", meeting),
                ("question", q),
                ("body", body),
                ("sharing", sharing),
                ("base_version", &base),
                ("op", op),
            ],
            Some(cookie),
        )
        .await,
    )
    .await
}

/// What the prepare flow of meeting `meeting` gets for this person (`load_prepare`, as JSON).
pub async fn prepare_data(app: &TestApp, cookie: &str, meeting: &str) -> Value {
    json(
        app.call("load_prepare", &[("meeting", meeting)], Some(cookie))
            .await,
    )
    .await
}

/// One of this person's answers in [`prepare_data`], by question key.
pub fn answer_in(data: &Value, key: &str) -> Value {
    data["answers"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["key"] == key))
        .cloned()
        .unwrap_or_else(|| panic!("no answer to {key}: {data}"))
}

/// Fills the questions a young person may not skip (kept private), so they can send.
pub async fn fill_required_young(app: &TestApp, cookie: &str, meeting: &str) {
    for (q, body) in [
        ("good_things", "-"),
        ("worries", "-"),
        ("wishes", "-"),
        ("scale_school", "5"),
        ("scale_home", "6"),
        ("take_part", "whole"),
    ] {
        let data = json(
            app.call("load_prepare", &[("meeting", meeting)], Some(cookie))
                .await,
        )
        .await;
        if data["answers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["key"] == q)
        {
            continue;
        }
        let op = format!("fill-{q}-{meeting}");
        let r = save(app, cookie, meeting, q, body, "me", 0, &op).await;
        assert_eq!(r["Saved"]["version"], 1);
    }
}

/// The demo parent, young person, school and family coach, signed in (`Cookie` values).
pub struct AtTable {
    pub parent: String,
    pub young: String,
    pub school: String,
    pub mediator: String,
}

/// Signs in the demo parent, young person, school and coach, and has the family prepare and
/// send meeting 1 as [`family_sends`] does.
pub async fn signed_in_after_sending(
    app: &TestApp,
    parent_worries: &str,
    needs_sharing: &str,
    young_worries: &str,
) -> AtTable {
    let t = AtTable {
        parent: app.sign_in_as("parent").await,
        young: app.sign_in_as("young").await,
        school: app.sign_in_as("school").await,
        mediator: app.sign_in_as("mediator").await,
    };
    family_sends(
        app,
        (&t.parent, &t.young),
        parent_worries,
        needs_sharing,
        young_worries,
    )
    .await;
    t
}

/// The demo parent and young person prepare meeting 1 and send it. The parent shares
/// "Voetbal gaat goed" and `parent_worries` with the table and "Rust" (`needs_sharing`); the
/// young person tells the coach only `young_worries` and keeps the rest private.
pub async fn family_sends(
    app: &TestApp,
    (parent, young): (&str, &str),
    parent_worries: &str,
    needs_sharing: &str,
    young_worries: &str,
) {
    save(
        app,
        parent,
        "1",
        "goes_well",
        "Voetbal gaat goed",
        "table",
        0,
        "p1",
    )
    .await;
    save(
        app,
        parent,
        "1",
        "worries",
        parent_worries,
        "table",
        0,
        "p2",
    )
    .await;
    save(
        app,
        parent,
        "1",
        "child_needs",
        "Rust",
        needs_sharing,
        0,
        "p3",
    )
    .await;
    save(
        app,
        young,
        "1",
        "worries",
        young_worries,
        "mediator",
        0,
        "y1",
    )
    .await;
    fill_required_young(app, young, "1").await;
    for cookie in [parent, young] {
        let res = app
            .call("send_preparation", &[("meeting", "1")], Some(cookie))
            .await;
        assert!(res.status().is_success() || res.status().is_redirection());
    }
}

/// A page as this person sees it: its status and its HTML.
pub async fn page(app: &TestApp, path: &str, cookie: &str) -> (StatusCode, String) {
    let res = app.get(path, Some(cookie)).await;
    let status = res.status();
    (status, body_text(res).await)
}

/// The coach (or coordinator) plans a meeting of case 1 after the demo one; returns its id.
pub async fn later_meeting(app: &TestApp, mediator: &str) -> String {
    let res = app
        .call(
            "create_meeting",
            &[
                ("case", "1"),
                ("title", "Tweede gesprek"),
                ("starts_at", "2030-03-04T10:00"),
                ("duration_minutes", "60"),
                ("place", "School"),
                ("online_url", ""),
                ("purpose", "We kijken hoe het ging."),
                ("prepare_by", "2030-03-01T20:00"),
            ],
            Some(mediator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let next: i64 = sqlx::query_scalar("SELECT MAX(id) FROM meetings")
        .fetch_one(&app.db)
        .await
        .unwrap();
    next.to_string()
}
