//! Schools, their staff, a case's school, offer profiles and links from offers to needs.
//! The row types and the [`SchoolStore`] part of the data layer; each backend implements it.

use super::*;

/// A school.
#[derive(Debug, Clone)]
pub struct SchoolRow {
    /// Id.
    pub id: SchoolId,
    /// Name.
    pub name: String,
}

/// The fields of an offer, as staff write them.
#[derive(Debug, Clone)]
pub struct OfferFields {
    /// Kind code: basic, extra, cannot.
    pub kind: String,
    /// Plain title.
    pub title: String,
    /// Plain explanation.
    pub explanation: String,
    /// Conditions.
    pub conditions: String,
    /// Who decides.
    pub decides: String,
    /// How long it takes.
    pub duration: String,
    /// Who else could help.
    pub elsewhere: String,
}

/// An offer of a school's profile.
#[derive(Debug, Clone)]
pub struct OfferRow {
    /// Id.
    pub id: OfferId,
    /// Kind code.
    pub kind: String,
    /// Plain title.
    pub title: String,
    /// Plain explanation.
    pub explanation: String,
    /// Conditions.
    pub conditions: String,
    /// Who decides.
    pub decides: String,
    /// How long it takes.
    pub duration: String,
    /// Who else could help.
    pub elsewhere: String,
}

/// An offer linked to a need.
#[derive(Debug, Clone)]
pub struct OfferLinkRow {
    /// Id.
    pub id: OfferLinkId,
    /// The offer.
    pub offer_id: OfferId,
    /// The answer's author, for an answer.
    pub author_id: Option<PersonId>,
    /// The answer's question, for an answer.
    pub question: Option<String>,
    /// The agenda item, for an item.
    pub item_id: Option<AgendaItemId>,
    /// A note for the family.
    pub note: String,
}

/// A new link.
pub struct NewOfferLink {
    /// The meeting.
    pub meeting_id: MeetingId,
    /// The offer.
    pub offer_id: OfferId,
    /// The answer's author.
    pub author_id: Option<PersonId>,
    /// The answer's question.
    pub question: Option<String>,
    /// The agenda item.
    pub item_id: Option<AgendaItemId>,
    /// A note.
    pub note: String,
    /// Who linked it.
    pub created_by: PersonId,
    /// Unix seconds.
    pub now: i64,
}

/// Schools, their staff, a case's school, offer profiles and links from offers to needs.
#[async_trait]
pub trait SchoolStore: Send + Sync {
    /// Adds a school.
    async fn create_school(&self, name: &str, now: i64) -> StoreResult<SchoolId>;

    /// One school.
    async fn school(&self, id: SchoolId) -> StoreResult<Option<SchoolRow>>;

    /// Makes a person staff of a school.
    async fn add_school_staff(&self, school: SchoolId, person: PersonId) -> StoreResult<()>;

    /// Whether a person works at a school.
    async fn is_school_staff(&self, school: SchoolId, person: PersonId) -> StoreResult<bool>;

    /// Sets the school of a case.
    async fn set_case_school(&self, case: CaseId, school: SchoolId) -> StoreResult<()>;

    /// The school of a case.
    async fn case_school(&self, case: CaseId) -> StoreResult<Option<SchoolRow>>;

    /// A school's current offers.
    async fn offers(&self, school: SchoolId) -> StoreResult<Vec<OfferRow>>;

    /// Adds (no id) or changes an offer of this school. `None` if the id is not this school's.
    async fn save_offer(
        &self,
        school: SchoolId,
        id: Option<OfferId>,
        fields: &OfferFields,
        now: i64,
    ) -> StoreResult<Option<OfferId>>;

    /// Takes an offer out of the profile (links to it stay in history). Returns whether it did.
    async fn remove_offer(&self, school: SchoolId, id: OfferId, now: i64) -> StoreResult<bool>;

    /// The offer links of a meeting.
    async fn offer_links(&self, meeting: MeetingId) -> StoreResult<Vec<OfferLinkRow>>;

    /// Links an offer to a need.
    async fn add_offer_link(&self, link: NewOfferLink) -> StoreResult<OfferLinkId>;

    /// Removes a link of this meeting. Returns whether it did.
    async fn remove_offer_link(&self, meeting: MeetingId, id: OfferLinkId) -> StoreResult<bool>;
}
