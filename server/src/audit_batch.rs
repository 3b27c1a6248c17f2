//! Group commit for the audit rows of page views. Every page waits until its rows are written
//! before it is sent (see `page_views`); pages that wait at the same moment have their rows
//! written together, in one statement, by one task. Under load that is one write for many pages
//! instead of one each (on SQLite all writes share one connection); alone, a page waits no
//! longer than before. One task per portal instance: on PostgreSQL each instance writes its own.

use app::store::{AuditRecord, Store};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};

/// The task stops taking more pages into one statement once it holds this many rows (six
/// values each; a few pages more stay well under both databases' limit on bound values).
const MAX_ROWS: usize = 500;

/// Pages waiting at once, at most; past it a page waits for room.
const QUEUE: usize = 1024;

/// One page's rows and where to say whether they were written.
struct Job {
    records: Vec<AuditRecord>,
    done: oneshot::Sender<bool>,
}

/// The writer of page views' audit rows. Cheap to clone; the task starts on the first write
/// (inside the server's runtime), and again should it ever have stopped.
#[derive(Clone)]
pub struct AuditWriter {
    store: Arc<dyn Store>,
    queue: Arc<Mutex<Option<mpsc::Sender<Job>>>>,
}

impl AuditWriter {
    pub fn new(store: Arc<dyn Store>) -> AuditWriter {
        AuditWriter {
            store,
            queue: Arc::new(Mutex::new(None)),
        }
    }

    /// The way into the task, starting it when it is not running.
    fn queue(&self) -> mpsc::Sender<Job> {
        let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        match queue.as_ref() {
            Some(tx) if !tx.is_closed() => tx.clone(),
            _ => {
                let (tx, rx) = mpsc::channel(QUEUE);
                tokio::spawn(run(self.store.clone(), rx));
                *queue = Some(tx.clone());
                tx
            }
        }
    }

    /// Writes `records`, together with the rows of other pages waiting at the same time. True
    /// once they are stored; false when they could not be (the page must then not be sent).
    pub async fn write(&self, records: Vec<AuditRecord>) -> bool {
        if records.is_empty() {
            return true;
        }
        let (done, wait) = oneshot::channel();
        if self.queue().send(Job { records, done }).await.is_err() {
            return false;
        }
        wait.await.unwrap_or(false)
    }
}

/// Takes the waiting pages, writes their rows in one statement, tells each page.
async fn run(store: Arc<dyn Store>, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut rows = first.records.len();
        let mut jobs = vec![first];
        while rows < MAX_ROWS {
            match rx.try_recv() {
                Ok(job) => {
                    rows += job.records.len();
                    jobs.push(job);
                }
                Err(_) => break,
            }
        }
        write_all(store.as_ref(), jobs).await;
    }
}

/// Writes the rows of `jobs` at once. When that fails and there was more than one page, each
/// page's rows are tried alone, so one bad page does not stop the others.
async fn write_all(store: &dyn Store, jobs: Vec<Job>) {
    let all: Vec<AuditRecord> = jobs.iter().flat_map(|j| j.records.clone()).collect();
    match store.audit_many(&all).await {
        Ok(()) => {
            for job in jobs {
                let _gone = job.done.send(true);
            }
        }
        Err(e) if jobs.len() == 1 => {
            tracing::error!(error = %e, rows = all.len(), "could not write the audit rows of a page");
            for job in jobs {
                let _gone = job.done.send(false);
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, pages = jobs.len(), "audit rows written together failed; each page alone");
            for job in jobs {
                let ok = match store.audit_many(&job.records).await {
                    Ok(()) => true,
                    Err(e) => {
                        tracing::error!(error = %e, rows = job.records.len(), "could not write the audit rows of a page");
                        false
                    }
                };
                let _gone = job.done.send(ok);
            }
        }
    }
}
