//! The FHIR R4 test store (`end2end/fhir-store`, Medplum's FHIR router and in-memory repository
//! under Node), started on a free port with the given options, and stopped when dropped.

use std::io::BufRead;
use std::process::{Child, Command, Stdio};

/// A running FHIR test store.
pub struct FhirProcess {
    child: Child,
    /// Its address, e.g. `http://127.0.0.1:41234` (the FHIR base is `{url}/fhir/R4`).
    pub url: String,
}

impl FhirProcess {
    /// Starts the store with `args` (for example `["--auth", "bearer"]` or `["--slow-ms", "1500"]`).
    pub fn start(args: &[&str]) -> FhirProcess {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../end2end/fhir-store/server.mjs"
        );
        let mut child = Command::new("node")
            .arg(script)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node must be installed (.ci/setup test)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("start line");
        let url = line
            .trim()
            .strip_prefix("FHIR store listening on ")
            .unwrap_or_else(|| panic!("the FHIR store did not start: {line:?}"))
            .to_string();
        FhirProcess { child, url }
    }
}

impl Drop for FhirProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
