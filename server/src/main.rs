//! Starts Aan Tafel.
//!
//! ```text
//! server                      serve the portal (settings from the environment, see the README)
//! server demo-links           print fresh sign-in links for the demo people, as JSON
//! server add-coordinator EMAIL NAME
//!                             add a coordinator and print their one-time sign-in link
//! server add-school NAME      add a school and print its id
//! server add-school-staff SCHOOL_ID EMAIL
//!                             let a professional (already invited) keep that school's profile
//! server link-school CASE_ID SCHOOL_ID
//!                             set the school of a case
//! ```

use app::store::demo;
use server::{build_state, precompress, router, Settings};
use tracing_subscriber::EnvFilter;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_target(false)
        .init();
    let settings = Settings::from_env();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let state = match build_state(&settings).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Aan Tafel cannot start: {e}");
            std::process::exit(1);
        }
    };
    let mut demo_password = None;
    if settings.demo {
        // A fixed password only when asked for (the end-to-end tests); otherwise a random one.
        let password = std::env::var("AANTAFEL_DEMO_PASSWORD")
            .ok()
            .filter(|p| p.len() >= 12)
            .unwrap_or_else(demo::random_password);
        match demo::start(state.store.as_ref(), state.config.clock.now(), &password).await {
            Ok(demo::DemoStart::Seeded(pw)) => {
                tracing::info!("demo case seeded");
                demo_password = Some(pw);
            }
            Ok(demo::DemoStart::Already(pw)) => demo_password = Some(pw),
            Err(e) => {
                eprintln!("Aan Tafel cannot start in demo mode: {e}");
                std::process::exit(1);
            }
        }
    }
    match args.first().map(String::as_str) {
        None | Some("serve") => serve(settings, state, demo_password).await,
        Some("demo-links") => match demo::fresh_links(&state).await {
            Ok(links) => println!(
                "{}",
                serde_json::to_string_pretty(&links).unwrap_or_default()
            ),
            Err(e) => {
                eprintln!("no demo links: {e:?}");
                std::process::exit(1);
            }
        },
        Some("add-coordinator") if args.len() == 3 => {
            add_coordinator(&state, &args[1], &args[2]).await
        }
        Some("add-school") if args.len() == 2 => schools(&state, &args).await,
        Some("add-school-staff" | "link-school") if args.len() == 3 => schools(&state, &args).await,
        _ => {
            eprintln!(
                "usage: server [serve | demo-links | add-coordinator EMAIL NAME | add-school NAME \
                 | add-school-staff SCHOOL_ID EMAIL | link-school CASE_ID SCHOOL_ID]"
            );
            std::process::exit(2);
        }
    }
}

/// The school commands: set up schools, their staff and the school of a case.
async fn schools(state: &app::ctx::AppState, args: &[String]) {
    use app::domain::{CaseId, SchoolId};
    let number = |s: &str| -> i64 {
        s.parse().unwrap_or_else(|_| {
            eprintln!("not a number: {s}");
            std::process::exit(2)
        })
    };
    let store = state.store.as_ref();
    let result: Result<String, String> = async {
        match args[0].as_str() {
            "add-school" => {
                let mut errors = Vec::new();
                let name = app::domain::text("name", &args[1], 1, 120, &mut errors);
                if !errors.is_empty() {
                    return Err("give a name of 1 to 120 characters".into());
                }
                let id = store
                    .create_school(&name, state.config.clock.now())
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(id.to_string())
            }
            "add-school-staff" => {
                let school = SchoolId(number(&args[1]));
                store
                    .school(school)
                    .await
                    .map_err(|e| e.to_string())?
                    .ok_or("no such school")?;
                let person = store
                    .person_by_email(&args[2].trim().to_lowercase())
                    .await
                    .map_err(|e| e.to_string())?
                    .ok_or("nobody with that email address; invite them first")?;
                if person.account_role != app::domain::Role::School {
                    return Err("that person is not school staff".into());
                }
                store
                    .add_school_staff(school, person.id)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok("ok".into())
            }
            _ => {
                let case = CaseId(number(&args[1]));
                let school = SchoolId(number(&args[2]));
                store
                    .case(case)
                    .await
                    .map_err(|e| e.to_string())?
                    .ok_or("no such case")?;
                store
                    .school(school)
                    .await
                    .map_err(|e| e.to_string())?
                    .ok_or("no such school")?;
                store
                    .set_case_school(case, school)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok("ok".into())
            }
        }
    }
    .await;
    match result {
        Ok(out) => println!("{out}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

async fn add_coordinator(state: &app::ctx::AppState, email: &str, name: &str) {
    let mut errors = Vec::new();
    let email = app::domain::email("email", email, true, &mut errors);
    let name = app::domain::name("name", name, &mut errors);
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        eprintln!("give a valid email address and a name");
        std::process::exit(2);
    };
    let result = async {
        let id = match state.store.person_by_email(&email).await? {
            Some(p) if p.account_role != app::domain::Role::Coordinator => {
                eprintln!("that address belongs to an account that is not a coordinator's");
                std::process::exit(1);
            }
            Some(p) => p.id,
            None => {
                state
                    .store
                    .create_person(
                        app::store::NewPerson {
                            display_name: name,
                            email: Some(email),
                            password_hash: None,
                            account_role: app::domain::Role::Coordinator,
                        },
                        state.config.clock.now(),
                    )
                    .await?
            }
        };
        app::auth::service::invite(state, id, None, None)
            .await
            .map(|(_, link)| link)
    }
    .await;
    match result {
        Ok(link) => println!("{link}"),
        Err(e) => {
            eprintln!("could not add the coordinator: {e:?}");
            std::process::exit(1);
        }
    }
}

async fn serve(settings: Settings, state: app::ctx::AppState, demo_password: Option<String>) {
    match server::plan_store_from_env(
        |k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()),
        &settings.public_url,
    ) {
        Ok(store) => {
            match store.describe() {
                Some(url) => {
                    tracing::info!(store = %url, "care plan kept in step with a FHIR store")
                }
                None => tracing::info!("care plan kept in Aan Tafel itself"),
            }
            app::sync::worker::spawn(
                state.clone(),
                store,
                std::time::Duration::from_secs(settings.sync_seconds),
            );
            app::retention::spawn(state.clone());
            app::case::age::spawn(state.clone());
            if let Some(mail) = &state.config.mail {
                match app::mail::worker::Smtp::new(mail) {
                    Ok(smtp) => {
                        tracing::info!("mail goes out over SMTP");
                        app::mail::worker::spawn(
                            state.clone(),
                            smtp,
                            std::time::Duration::from_secs(settings.mail_seconds),
                        );
                    }
                    Err(e) => {
                        eprintln!("Aan Tafel cannot send mail: {e}");
                        std::process::exit(1);
                    }
                }
            }
        }
        Err(e) => {
            eprintln!("Aan Tafel cannot start the sync: {e}");
            std::process::exit(1);
        }
    }
    let pkg =
        std::path::Path::new(&*settings.leptos.site_root).join(&*settings.leptos.site_pkg_dir);
    match precompress(&pkg) {
        Ok(n) => tracing::info!(files = n, "static files precompressed"),
        Err(e) => tracing::warn!(error = %e, "could not precompress static files"),
    }
    if let Some(password) = demo_password {
        match demo::fresh_links(&state).await {
            Ok(links) => {
                println!("\n  Aan Tafel demo: open a link to sign in as that person (each link works once).\n");
                for l in &links {
                    println!("  {:<12} {:<16} {}", l.role, l.name, l.link);
                }
                println!(
                    "\n  Professionals sign in at {}/sign-in with their email and this demo's password: {}\n",
                    state.config.public_url, password
                );
                for (email, name, role, _) in
                    demo::DEMO_PEOPLE.iter().filter(|p| p.2.is_professional())
                {
                    println!("  {:<12} {:<16} {}", role.code(), name, email);
                }
                println!();
            }
            Err(e) => tracing::error!(error = ?e, "could not make demo links"),
        }
    }
    let addr = settings.leptos.site_addr;
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("Aan Tafel cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    tracing::info!("listening on http://{addr}");
    let app = router(state);
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
    {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
    tracing::info!("stopped");
}

/// Waits for Ctrl-C or SIGTERM; requests in flight are finished first.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
