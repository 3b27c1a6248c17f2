//! What one page view has already read (server only). A page runs several server functions
//! (the header's `viewer`, the page's `load_*`, sections that load their own part), and each
//! checks the session and the table again. For a page view (a GET of a page, never a server
//! function called over HTTP) the server puts a [`PageMemo`] in the request, and these checks
//! read the database once per page: the session, a case with the caller's place at its table,
//! a meeting. A page view only reads, so nothing it remembers can go stale while it renders.
//!
//! Its audit rows are kept here too and written together in one statement when the page is
//! done, before it is sent ([`PageMemo::take_audits`]); a page whose reads cannot be logged is
//! not sent.

use crate::domain::{CaseId, MeetingId, PersonId};
use crate::error::AppError;
use crate::store::{
    AnswerRow, AuditRecord, CaseAtTable, ConsentEvent, MeetingAtTable, MemberRow,
    ProfileVersionRow, ReviewRow, SchoolRow, SessionRow,
};
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// Values by key, each read at most once; callers that ask at the same time wait for one read.
pub struct Cells<K, V>(Mutex<HashMap<K, Arc<OnceCell<V>>>>);

impl<K, V> Default for Cells<K, V> {
    fn default() -> Self {
        Cells(Mutex::new(HashMap::new()))
    }
}

impl<K: Eq + Hash, V: Clone> Cells<K, V> {
    async fn get_or<F, Fut>(&self, key: K, read: F) -> Result<V, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, AppError>>,
    {
        let cell = {
            let mut map = self.0.lock().map_err(|_| AppError::internal("page memo"))?;
            map.entry(key).or_default().clone()
        };
        cell.get_or_try_init(read).await.cloned()
    }

    /// Remembers a value read together with another one (unless one is remembered already).
    fn put(&self, key: K, value: V) {
        if let Ok(mut map) = self.0.lock() {
            let _ = map.entry(key).or_default().set(value);
        }
    }
}

/// What a page view remembers, by kind.
#[derive(Default)]
pub struct Memo {
    session: Cells<(), Option<SessionRow>>,
    cases: Cells<(CaseId, PersonId), Option<CaseAtTable>>,
    meetings: Cells<(MeetingId, PersonId), Option<MeetingAtTable>>,
    /// The people at a case's table.
    pub members: Cells<CaseId, Vec<MemberRow>>,
    /// Who is invited to a meeting.
    pub invitees: Cells<MeetingId, Vec<PersonId>>,
    /// Who sent their preparation for a meeting, and when.
    pub sent: Cells<MeetingId, Vec<(PersonId, i64)>>,
    /// Every answer for a meeting (sharing rules are applied by the caller).
    pub answers: Cells<MeetingId, Vec<AnswerRow>>,
    /// The coach's notes on a meeting's answers.
    pub reviews: Cells<MeetingId, Vec<ReviewRow>>,
    /// When a meeting's topics were published.
    pub published: Cells<MeetingId, Option<i64>>,
    /// Who gave their yes to the care plan, by case.
    pub consents: Cells<CaseId, Vec<PersonId>>,
    /// A person's own yeses and noes at a table.
    pub consent_history: Cells<(CaseId, PersonId), Vec<ConsentEvent>>,
    /// A case's school, and whether the caller is on its staff.
    pub school: Cells<(CaseId, PersonId), (Option<SchoolRow>, bool)>,
    /// A case's profile as it stands (the newest version of every part).
    pub profile: Cells<CaseId, Vec<ProfileVersionRow>>,
    after: Mutex<After>,
}

/// What waits for the end of a page view: its audit rows, and the one-time messages it showed,
/// deleted only once the page can be sent.
#[derive(Default)]
struct After {
    audits: Vec<AuditRecord>,
    flashes: Vec<Vec<u8>>,
    /// Set when the server took them; later rows are written directly.
    closed: bool,
}

/// The memo of one page view (see the module documentation). Cloning shares it.
#[derive(Clone, Default)]
pub struct PageMemo(Arc<Memo>);

/// Reads through the memo of a page view when there is one (`memo`), directly otherwise.
pub async fn remember<K, V, F, Fut>(
    memo: Option<&PageMemo>,
    cells: fn(&Memo) -> &Cells<K, V>,
    key: K,
    read: F,
) -> Result<V, AppError>
where
    K: Eq + Hash,
    V: Clone,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<V, AppError>>,
{
    match memo {
        Some(m) => cells(&m.0).get_or(key, read).await,
        None => read().await,
    }
}

impl PageMemo {
    /// The session of this page view, read once.
    pub async fn session<F, Fut>(&self, read: F) -> Result<Option<SessionRow>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<SessionRow>, AppError>>,
    {
        self.0.session.get_or((), read).await
    }

    /// A case and the caller's place at its table, read once per page view.
    pub async fn case<F, Fut>(
        &self,
        case: CaseId,
        person: PersonId,
        read: F,
    ) -> Result<Option<CaseAtTable>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<CaseAtTable>, AppError>>,
    {
        let found = self.0.cases.get_or((case, person), read).await?;
        if let Some(c) = &found {
            self.0.consents.put(case, c.consents.clone());
            self.0
                .consent_history
                .put((case, person), c.my_consents.clone());
        }
        Ok(found)
    }

    /// A meeting with its table, read once per page view. What came with it (the case and the
    /// caller's role, the invitees, when the topics were published) is remembered too.
    pub async fn meeting<F, Fut>(
        &self,
        id: MeetingId,
        person: PersonId,
        read: F,
    ) -> Result<Option<MeetingAtTable>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<MeetingAtTable>, AppError>>,
    {
        let found = self.0.meetings.get_or((id, person), read).await?;
        if let Some(m) = &found {
            let case = m.meeting.case_id;
            self.0
                .school
                .put((case, person), (m.school.clone(), m.school_staff));
            self.0.invitees.put(id, m.invitees.clone());
            self.0.members.put(case, m.members.clone());
            self.0.sent.put(id, m.sent.clone());
            self.0.published.put(id, m.published_at);
        }
        Ok(found)
    }

    /// Keeps an audit row, to be written with the others when the page is done. Gives the row
    /// back when the page is already done, for the caller to write it directly.
    pub fn audit(&self, record: AuditRecord) -> Result<Option<AuditRecord>, AppError> {
        let mut after = self.after()?;
        if after.closed {
            return Ok(Some(record));
        }
        after.audits.push(record);
        Ok(None)
    }

    /// Marks a one-time message (by the hash of its id) as shown: the server deletes it when the
    /// page can be sent. Gives `false` when the page is already done (delete it directly then).
    pub fn shown_flash(&self, id_hash: Vec<u8>) -> Result<bool, AppError> {
        let mut after = self.after()?;
        if after.closed {
            return Ok(false);
        }
        after.flashes.push(id_hash);
        Ok(true)
    }

    /// Ends the page view: its audit rows and the one-time messages it showed, taken out for the
    /// server to write and delete. Anything kept after this is the caller's to write.
    pub fn finish(&self) -> Result<(Vec<AuditRecord>, Vec<Vec<u8>>), AppError> {
        let mut after = self.after()?;
        after.closed = true;
        Ok((
            std::mem::take(&mut after.audits),
            std::mem::take(&mut after.flashes),
        ))
    }

    fn after(&self) -> Result<std::sync::MutexGuard<'_, After>, AppError> {
        self.0
            .after
            .lock()
            .map_err(|_| AppError::internal("page memo"))
    }
}

/// Takes a one-time message (by the hash of its id). On a page view (`memo`) it is only read
/// here and deleted when the page can be sent, so a page that is not sent loses nothing;
/// otherwise, or once the page is done, it is taken at once.
pub async fn take_flash(
    store: &dyn crate::store::Store,
    memo: Option<&PageMemo>,
    id_hash: &[u8],
    now: i64,
) -> Result<Option<(String, String, String)>, AppError> {
    if let Some(memo) = memo {
        let found = store.peek_flash(id_hash, now).await?;
        if found.is_none() || memo.shown_flash(id_hash.to_vec())? {
            return Ok(found);
        }
    }
    Ok(store.take_flash(id_hash, now).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn one_read_per_key_even_when_asked_at_the_same_time() {
        let cells: Cells<i64, i64> = Cells::default();
        let reads = AtomicUsize::new(0);
        let read = |v: i64| {
            let reads = &reads;
            move || async move {
                reads.fetch_add(1, Ordering::SeqCst);
                tokio::task::yield_now().await;
                Ok::<_, AppError>(v * 10)
            }
        };
        let (a, b, c) = tokio::join!(
            cells.get_or(1, read(1)),
            cells.get_or(1, read(1)),
            cells.get_or(2, read(2)),
        );
        assert_eq!((a.unwrap(), b.unwrap(), c.unwrap()), (10, 10, 20));
        assert_eq!(reads.load(Ordering::SeqCst), 2, "key 1 once, key 2 once");
        assert_eq!(cells.get_or(1, read(1)).await.unwrap(), 10);
        assert_eq!(reads.load(Ordering::SeqCst), 2, "remembered");
    }

    #[tokio::test]
    async fn a_failed_read_is_not_remembered() {
        let cells: Cells<(), i64> = Cells::default();
        let failed = cells
            .get_or((), || async { Err::<i64, _>(AppError::NotFound) })
            .await;
        assert!(failed.is_err());
        assert_eq!(cells.get_or((), || async { Ok(3) }).await.unwrap(), 3);
    }

    #[test]
    fn audits_are_taken_once_and_late_ones_come_back() {
        let memo = PageMemo::default();
        let record = |action: &str| AuditRecord {
            at: 1,
            person_id: Some(PersonId(1)),
            case_id: Some(CaseId(1)),
            action: action.to_string(),
            target: "case:1".to_string(),
            subjects: Vec::new(),
        };
        assert!(memo.audit(record("case.read")).unwrap().is_none());
        assert!(memo.audit(record("meeting.read")).unwrap().is_none());
        assert!(memo.shown_flash(vec![1, 2]).unwrap());
        let (taken, flashes) = memo.finish().unwrap();
        assert_eq!(taken.len(), 2);
        assert_eq!(taken[1].action, "meeting.read");
        assert_eq!(flashes, vec![vec![1, 2]]);
        // After the page is done, rows come back to be written directly, never dropped.
        let late = memo.audit(record("late.read")).unwrap();
        assert_eq!(late.map(|r| r.action), Some("late.read".to_string()));
        assert!(!memo.shown_flash(vec![3]).unwrap());
        assert_eq!(memo.finish().unwrap().0.len(), 0);
    }
}
