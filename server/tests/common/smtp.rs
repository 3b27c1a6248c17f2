//! A real SMTP server for the mail tests: aiosmtpd (Debian's `python3-aiosmtpd`, installed by
//! `.ci/setup test`) on a free port, keeping every mail it takes in a Maildir. It can be
//! stopped and started again on the same port, as a mail server that is away for a while.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The Python that has aiosmtpd (Debian's, not a user's own).
const PYTHON: &str = "/usr/bin/python3";

/// A running (or stopped) SMTP server.
pub struct SmtpProcess {
    child: Option<Child>,
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// Where it keeps the mail it took.
    pub maildir: PathBuf,
}

impl SmtpProcess {
    /// Starts a server on a free port, keeping mail under a fresh folder.
    pub fn start() -> SmtpProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let maildir =
            std::env::temp_dir().join(format!("aantafel-smtp-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&maildir);
        let mut s = SmtpProcess {
            child: None,
            port,
            maildir,
        };
        s.resume();
        s
    }

    /// The address for `AANTAFEL_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Stops the server: the port refuses connections until [`SmtpProcess::resume`].
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts the server again on the same port, with the same mailbox, and waits until it
    /// answers.
    pub fn resume(&mut self) {
        let child = Command::new(PYTHON)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&self.maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3-aiosmtpd must be installed (.ci/setup test)");
        self.child = Some(child);
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the SMTP server did not start");
    }

    /// Every mail the server took, oldest first, decoded.
    pub fn mails(&self) -> Vec<Value> {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/common/read_maildir.py");
        let out = Command::new(PYTHON)
            .arg(script)
            .arg(&self.maildir)
            .output()
            .expect("read the maildir");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        match serde_json::from_slice(&out.stdout).expect("json") {
            Value::Array(v) => v,
            _ => Vec::new(),
        }
    }
}

impl Drop for SmtpProcess {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

/// A field of a received mail, as text (empty when missing).
pub fn text(m: &Value, field: &str) -> String {
    m[field].as_str().unwrap_or_default().to_string()
}

/// The received mails addressed to `email`.
pub fn to(mails: &[Value], email: &str) -> Vec<Value> {
    mails
        .iter()
        .filter(|m| text(m, "rcpt").contains(email))
        .cloned()
        .collect()
}
