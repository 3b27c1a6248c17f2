//! A throwaway PostgreSQL server for the tests, started once per test process from the Debian
//! binaries (`/usr/lib/postgresql/<version>/bin`, installed by `.ci/setup test`). It listens on a
//! Unix socket only, runs without fsync, and every caller gets a fresh database of its own.
//!
//! The server lives exactly as long as the test process: a small shell holds it and waits for its
//! standard input to close, which happens when the process ends however it ends; then it stops
//! the server and removes its folder. As root (a CI machine), the server runs as the `postgres`
//! user, because PostgreSQL refuses to run as root.
//!
//! Which database the tests use: `AANTAFEL_TEST_DB=postgres` selects PostgreSQL, anything else
//! (or nothing) SQLite.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// Whether this test run uses PostgreSQL (`AANTAFEL_TEST_DB=postgres`).
pub fn selected() -> bool {
    std::env::var("AANTAFEL_TEST_DB").is_ok_and(|v| v == "postgres")
}

struct Server {
    socket_dir: PathBuf,
    /// The shell that holds the server; its standard input closes when this process ends.
    _holder: Mutex<Child>,
}

static SERVER: OnceLock<Server> = OnceLock::new();

/// The newest installed PostgreSQL's programs.
fn bin_dir() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .map(|(_, bin)| bin)
        .expect("PostgreSQL is not installed: run `.ci/setup test`")
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// `program`, run as the `postgres` user when we are root.
fn as_owner(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn run(mut c: Command, what: &str) {
    let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn start() -> Server {
    let bin = bin_dir();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("aantafel-pg-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("pg folder");
    if is_root() {
        let mut c = Command::new("chown");
        c.arg("postgres").arg(&dir);
        run(c, "chown");
    }
    let data = dir.join("data");
    let mut init = as_owner(&bin.join("initdb"));
    init.arg("-D").arg(&data).args([
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--no-locale",
        "--no-sync",
    ]);
    run(init, "initdb");
    let script = r#"
        "$1/postgres" -D "$2" -k "$3" -c listen_addresses= -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 \
            >"$3/server.log" 2>&1 &
        pid=$!
        cat >/dev/null
        kill -INT "$pid"
        wait "$pid"
        rm -rf "$3"
    "#;
    #[expect(
        clippy::zombie_processes,
        reason = "the holder lives as long as this process; when it ends, the holder stops the server"
    )]
    let holder = as_owner(Path::new("/bin/sh"))
        .arg("-c")
        .arg(script)
        .arg("sh")
        .arg(&bin)
        .arg(&data)
        .arg(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start postgres");
    for _ in 0..600 {
        let ready = Command::new(bin.join("pg_isready"))
            .arg("-q")
            .arg("-h")
            .arg(&dir)
            .arg("-U")
            .arg("postgres")
            .status()
            .is_ok_and(|s| s.success());
        if ready {
            return Server {
                socket_dir: dir,
                _holder: Mutex::new(holder),
            };
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
    panic!("PostgreSQL did not start within 30 s:\n{log}");
}

fn url(socket_dir: &Path, database: &str) -> String {
    format!(
        "postgres://postgres@localhost/{database}?host={}",
        socket_dir.display()
    )
}

/// A new, empty database on the test server (started on first use); its URL.
pub async fn fresh_database() -> String {
    use sqlx::Connection;
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let server = SERVER.get_or_init(start);
    let name = format!(
        "t{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    let mut admin = sqlx::PgConnection::connect(&url(&server.socket_dir, "postgres"))
        .await
        .expect("connect to the test server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create a test database");
    admin.close().await.ok();
    url(&server.socket_dir, &name)
}
