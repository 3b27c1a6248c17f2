//! Keeping sign-in records no longer than needed: a daily job deletes sessions, invitation links
//! and failed sign-in records that ended more than [`SIGN_IN_RECORDS_DAYS`] days ago. What is
//! kept until then lets a coordinator look into misuse; after that it is only clutter about
//! people. The security log and the audit log are not touched here. The daily job that runs this
//! is [`crate::retention::spawn`].

use crate::ctx::AppState;
use crate::store::Pruned;

/// How long ended sessions, used or expired links and failed sign-ins are kept, in days.
pub const SIGN_IN_RECORDS_DAYS: i64 = 90;

/// Deletes the sign-in records that ended before `now` minus [`SIGN_IN_RECORDS_DAYS`].
pub async fn prune(state: &AppState, now: i64) -> Result<Pruned, crate::store::StoreError> {
    state
        .store
        .prune_sign_in_records(now - SIGN_IN_RECORDS_DAYS * 86_400)
        .await
}
