//! The passkey part of the data layer: a professional's passkeys, as the passkey library keeps
//! them (public key and counter, never a secret). Every backend implements [`PasskeyStore`].

use super::StoreResult;
use crate::domain::PersonId;
use async_trait::async_trait;

/// One passkey of a person.
#[derive(Debug, Clone)]
pub struct PasskeyRow {
    /// Row id (used to remove it).
    pub id: i64,
    /// Whose it is.
    pub person: PersonId,
    /// The credential id, base64url.
    pub cred_id: String,
    /// The name the owner gave it ("Laptop op kantoor").
    pub name: String,
    /// The passkey as JSON (public key, counter).
    pub data: String,
    /// When it was added.
    pub created_at: i64,
    /// When it last signed someone in.
    pub last_used_at: Option<i64>,
}

/// Passkeys of professionals.
#[async_trait]
pub trait PasskeyStore {
    /// Keeps a new passkey. A credential id that is already known is `StoreError::Unique`.
    async fn add_passkey(
        &self,
        person: PersonId,
        cred_id: &str,
        name: &str,
        data: &str,
        now: i64,
    ) -> StoreResult<i64>;
    /// A person's passkeys, oldest first.
    async fn passkeys(&self, person: PersonId) -> StoreResult<Vec<PasskeyRow>>;
    /// Whether a person has a passkey (then a password alone no longer signs them in).
    async fn has_passkey(&self, person: PersonId) -> StoreResult<bool>;
    /// Notes a sign-in with a passkey, and its new state (the counter moves on).
    async fn passkey_used(&self, id: i64, data: &str, now: i64) -> StoreResult<()>;
    /// Removes one of a person's passkeys. `false`: no such passkey of theirs.
    async fn remove_passkey(&self, person: PersonId, id: i64) -> StoreResult<bool>;
    /// Removes all of a person's passkeys (they lost them); returns how many.
    async fn remove_passkeys_of(&self, person: PersonId) -> StoreResult<u64>;
}
