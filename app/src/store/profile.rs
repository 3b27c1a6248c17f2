//! The profile a family keeps per child ("Dit is …"): each part of each author in versions. The
//! row type and the [`ProfileStore`] part of the data layer; each backend implements it.

use super::*;

/// One version of one part of the profile, by one author.
#[derive(Clone, PartialEq, Eq)]
pub struct ProfileVersionRow {
    /// The case (the child).
    pub case_id: CaseId,
    /// Who wrote it.
    pub author_id: PersonId,
    /// Which part.
    pub part: crate::profile::parts::Part,
    /// Exactly as typed (empty: the author cleared the part).
    pub body: String,
    /// Who may read it.
    pub sharing: crate::prepare::sharing::Sharing,
    /// For a part kept for the family coach: which coach.
    pub coach: Option<PersonId>,
    /// 1 for the first version, one more for each change.
    pub version: i64,
    /// When it was saved.
    pub at: i64,
}

impl std::fmt::Debug for ProfileVersionRow {
    // Never prints the text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileVersionRow")
            .field("case_id", &self.case_id)
            .field("author_id", &self.author_id)
            .field("part", &self.part)
            .field("version", &self.version)
            .finish()
    }
}

/// The profile a family keeps per child.
#[async_trait]
pub trait ProfileStore: Send + Sync {
    /// The newest version of every part of every author of a case's profile.
    async fn profile(&self, case: CaseId) -> StoreResult<Vec<ProfileVersionRow>>;

    /// Every version of one author's parts, oldest first (only ever shown to the author).
    async fn profile_history(
        &self,
        case: CaseId,
        author: PersonId,
    ) -> StoreResult<Vec<ProfileVersionRow>>;

    /// Saves a new version of a part, if the newest one is still `base` (0: none yet). Returns
    /// the new version, or `None` when someone saved in between (nothing was written). Two saves
    /// at once never both pass: the version is unique.
    async fn save_profile_part(
        &self,
        row: &ProfileVersionRow,
        base: i64,
    ) -> StoreResult<Option<i64>>;
}
