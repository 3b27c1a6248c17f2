//! A small FHIR R4 REST client for the care-plan store: conditional create, read, update with
//! `If-Match`, search; with a fixed bearer token or SMART Backend Services (client credentials
//! with a private-key JWT, ES384). Errors are sorted into the kinds the worker acts on.

use p384::ecdsa::{signature::Signer, Signature, SigningKey};
use p384::pkcs8::DecodePrivateKey;
use serde_json::Value;
use std::time::Duration;
use tokio::sync::Mutex;

/// How the portal proves who it is to the store.
pub enum Auth {
    /// No credentials (a store on a closed network).
    None,
    /// A fixed bearer token.
    Bearer(Secret),
    /// SMART Backend Services.
    Smart(Box<SmartAuth>),
}

/// A secret text: never printed, never serialised.
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    fn expose(&self) -> &str {
        &self.0
    }
}

/// SMART Backend Services settings and the token in hand.
pub struct SmartAuth {
    /// The token endpoint.
    pub token_url: String,
    /// The client id registered at the store.
    pub client_id: String,
    /// The key id (`kid`) of the registered public key, if the store asks for one.
    pub key_id: Option<String>,
    /// The scopes asked for.
    pub scope: String,
    key: SigningKey,
    token: Mutex<Option<(Secret, std::time::Instant)>>,
}

impl SmartAuth {
    /// Settings with a P-384 private key in PKCS#8 PEM.
    pub fn new(
        token_url: &str,
        client_id: &str,
        key_pem: &str,
        key_id: Option<String>,
        scope: &str,
    ) -> Result<Self, String> {
        let key = SigningKey::from_pkcs8_pem(key_pem)
            .map_err(|_| "the private key is not a P-384 key in PKCS#8 PEM".to_string())?;
        Ok(SmartAuth {
            token_url: token_url.to_string(),
            client_id: client_id.to_string(),
            key_id,
            scope: scope.to_string(),
            key,
            token: Mutex::new(None),
        })
    }

    /// A signed client assertion (RFC 7523), valid for five minutes.
    pub fn assertion(&self, now: i64) -> String {
        use base64::Engine;
        let b64 = |v: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
        let mut header = serde_json::json!({"alg": "ES384", "typ": "JWT"});
        if let Some(kid) = &self.key_id {
            header["kid"] = Value::String(kid.clone());
        }
        let jti: [u8; 16] = rand::random();
        let claims = serde_json::json!({
            "iss": self.client_id,
            "sub": self.client_id,
            "aud": self.token_url,
            "exp": now + 300,
            "jti": b64(&jti),
        });
        let signing_input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        let sig: Signature = self.key.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", b64(&sig.to_bytes()))
    }
}

/// What went wrong talking to the store, sorted by what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FhirError {
    /// No answer (down, network, timeout): try again later.
    #[error("unreachable")]
    Unreachable,
    /// The store is busy or broken (5xx, 429): try again later.
    #[error("store error {0}")]
    Server(u16),
    /// The store does not accept our credentials: try again later, a person must look.
    #[error("not allowed {0}")]
    Auth(u16),
    /// The store refused the resource (400, 422): a person must look.
    #[error("refused {0}")]
    Refused(u16),
    /// The resource is gone from the store.
    #[error("gone")]
    Gone,
    /// Someone else changed it first (409, 412): re-read and merge.
    #[error("changed by someone else")]
    Changed,
    /// The store sent something that is not FHIR JSON.
    #[error("bad answer")]
    BadAnswer,
}

impl FhirError {
    /// The short code kept in the outbox and explained on the status page.
    pub fn code(&self) -> &'static str {
        match self {
            FhirError::Unreachable => "unreachable",
            FhirError::Server(_) => "server",
            FhirError::Auth(_) => "auth",
            FhirError::Refused(_) => "refused",
            FhirError::Gone => "gone",
            FhirError::Changed => "changed",
            FhirError::BadAnswer => "bad_answer",
        }
    }

    /// Whether trying again later may help.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            FhirError::Unreachable
                | FhirError::Server(_)
                | FhirError::Auth(_)
                | FhirError::BadAnswer
        )
    }
}

/// A resource as the store returned it, with its version.
#[derive(Clone)]
pub struct Stored {
    /// The resource.
    pub resource: Value,
    /// `meta.versionId` (or the ETag's).
    pub version: String,
    /// Whether a conditional create found it already there.
    pub existed: bool,
}

impl Stored {
    /// The resource's id.
    pub fn id(&self) -> String {
        self.resource["id"].as_str().unwrap_or_default().to_string()
    }
}

/// The client.
pub struct FhirClient {
    base: String,
    auth: Auth,
    http: reqwest::Client,
}

impl FhirClient {
    /// A client for the store at `base` (e.g. `https://fhir.example.org/R4`).
    pub fn new(base: &str, auth: Auth) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap_or_default();
        FhirClient {
            base: base.trim_end_matches('/').to_string(),
            auth,
            http,
        }
    }

    /// The base address.
    pub fn base(&self) -> &str {
        &self.base
    }

    async fn token(&self, force: bool) -> Result<Option<String>, FhirError> {
        match &self.auth {
            Auth::None => Ok(None),
            Auth::Bearer(t) => Ok(Some(t.expose().to_string())),
            Auth::Smart(s) => {
                let mut held = s.token.lock().await;
                if let Some((t, until)) = held.as_ref() {
                    if !force && std::time::Instant::now() < *until {
                        return Ok(Some(t.expose().to_string()));
                    }
                }
                let assertion = s.assertion(crate::ctx::now());
                let form = [
                    ("grant_type", "client_credentials"),
                    ("scope", s.scope.as_str()),
                    (
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    ),
                    ("client_assertion", assertion.as_str()),
                ];
                let resp = self
                    .http
                    .post(&s.token_url)
                    .form(&form)
                    .send()
                    .await
                    .map_err(|_| FhirError::Unreachable)?;
                let status = resp.status().as_u16();
                if status >= 500 {
                    return Err(FhirError::Server(status));
                }
                if status != 200 {
                    tracing::warn!(status, "the care-plan store refused our client assertion");
                    return Err(FhirError::Auth(status));
                }
                let body: Value = resp.json().await.map_err(|_| FhirError::BadAnswer)?;
                let token = body["access_token"].as_str().ok_or(FhirError::BadAnswer)?;
                let secs = body["expires_in"].as_u64().unwrap_or(300);
                // Renew a little before it runs out.
                let until = std::time::Instant::now()
                    + Duration::from_secs(secs.saturating_sub(30).max(10));
                *held = Some((Secret::new(token), until));
                Ok(Some(token.to_string()))
            }
        }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, String)],
    ) -> Result<(u16, Option<Value>, Option<String>), FhirError> {
        let url = format!("{}/{}", self.base, path.trim_start_matches('/'));
        let mut retried_auth = false;
        loop {
            let mut req = self
                .http
                .request(method.clone(), &url)
                .header("accept", "application/fhir+json");
            if let Some(token) = self.token(retried_auth).await? {
                req = req.bearer_auth(token);
            }
            for (k, v) in headers {
                req = req.header(*k, v);
            }
            if let Some(b) = body {
                req = req
                    .header("content-type", "application/fhir+json")
                    .body(b.to_string());
            }
            let resp = req.send().await.map_err(|_| FhirError::Unreachable)?;
            let status = resp.status().as_u16();
            // A token may run out early: fetch a fresh one once.
            if status == 401 && matches!(self.auth, Auth::Smart(_)) && !retried_auth {
                retried_auth = true;
                continue;
            }
            let etag = resp
                .headers()
                .get("etag")
                .and_then(|v| v.to_str().ok())
                .map(|s| s.to_string());
            let text = resp.text().await.map_err(|_| FhirError::Unreachable)?;
            let json = serde_json::from_str::<Value>(&text).ok();
            return Ok((status, json, etag));
        }
    }

    fn check(status: u16) -> Result<(), FhirError> {
        match status {
            200..=299 => Ok(()),
            401 | 403 => Err(FhirError::Auth(status)),
            404 | 410 => Err(FhirError::Gone),
            409 | 412 => Err(FhirError::Changed),
            429 | 500..=599 => Err(FhirError::Server(status)),
            _ => Err(FhirError::Refused(status)),
        }
    }

    fn stored(
        json: Option<Value>,
        etag: Option<String>,
        existed: bool,
    ) -> Result<Stored, FhirError> {
        let resource = json
            .filter(|j| j["resourceType"].is_string())
            .ok_or(FhirError::BadAnswer)?;
        let version = resource["meta"]["versionId"]
            .as_str()
            .map(str::to_string)
            .or_else(|| etag.map(|e| e.trim_start_matches("W/").trim_matches('"').to_string()))
            .ok_or(FhirError::BadAnswer)?;
        Ok(Stored {
            resource,
            version,
            existed,
        })
    }

    /// Creates a resource unless one with this identifier exists (`If-None-Exist`), so a retry
    /// never makes a second one.
    pub async fn create_once(
        &self,
        resource: &Value,
        system: &str,
        value: &str,
    ) -> Result<Stored, FhirError> {
        let rtype = resource["resourceType"].as_str().unwrap_or_default();
        let condition = format!("identifier={}|{}", enc(system), enc(value));
        self.create_if_none(rtype, resource, &condition).await
    }

    /// Creates a resource unless `condition` (a search) matches one.
    pub async fn create_if_none(
        &self,
        rtype: &str,
        resource: &Value,
        condition: &str,
    ) -> Result<Stored, FhirError> {
        let (status, json, etag) = self
            .send(
                reqwest::Method::POST,
                rtype,
                Some(resource),
                &[
                    ("if-none-exist", condition.to_string()),
                    ("prefer", "return=representation".into()),
                ],
            )
            .await?;
        Self::check(status)?;
        Self::stored(json, etag, status == 200)
    }

    /// Reads a resource.
    pub async fn read(&self, rtype: &str, id: &str) -> Result<Stored, FhirError> {
        let (status, json, etag) = self
            .send(
                reqwest::Method::GET,
                &format!("{rtype}/{}", enc(id)),
                None,
                &[],
            )
            .await?;
        Self::check(status)?;
        Self::stored(json, etag, true)
    }

    /// Asks the store to purge the older versions of a resource (`$expunge` with
    /// `expungePreviousVersions`, as HAPI FHIR has it). `Ok(true)`: purged; `Ok(false)`: the
    /// store does not offer this, or not to us (an unknown operation, or not allowed); a store that
    /// is away or busy is an error, to try again.
    pub async fn expunge_history(&self, rtype: &str, id: &str) -> Result<bool, FhirError> {
        let body = serde_json::json!({
            "resourceType": "Parameters",
            "parameter": [{ "name": "expungePreviousVersions", "valueBoolean": true }],
        });
        let (status, _, _) = self
            .send(
                reqwest::Method::POST,
                &format!("{rtype}/{}/$expunge", enc(id)),
                Some(&body),
                &[],
            )
            .await?;
        match Self::check(status) {
            Ok(()) => Ok(true),
            // Purging is often for the store's administrators only; 501: not offered.
            Err(FhirError::Auth(_) | FhirError::Server(501)) => Ok(false),
            Err(e) if e.is_transient() => Err(e),
            Err(_) => Ok(false),
        }
    }

    /// Updates a resource only if the store still has `version` (`If-Match`).
    pub async fn update(&self, resource: &Value, version: &str) -> Result<Stored, FhirError> {
        let rtype = resource["resourceType"].as_str().unwrap_or_default();
        let id = resource["id"].as_str().unwrap_or_default();
        let (status, json, etag) = self
            .send(
                reqwest::Method::PUT,
                &format!("{rtype}/{}", enc(id)),
                Some(resource),
                &[
                    ("if-match", format!("W/\"{version}\"")),
                    ("prefer", "return=representation".into()),
                ],
            )
            .await?;
        Self::check(status)?;
        Self::stored(json, etag, true)
    }

    /// Searches; follows `next` links up to `max_pages`. Returns the resources found.
    pub async fn search(
        &self,
        rtype: &str,
        query: &str,
        max_pages: usize,
    ) -> Result<Vec<Value>, FhirError> {
        let mut out = Vec::new();
        let mut path = format!("{rtype}?{query}");
        for _ in 0..max_pages {
            let (status, json, _) = self.send(reqwest::Method::GET, &path, None, &[]).await?;
            Self::check(status)?;
            let bundle = json.ok_or(FhirError::BadAnswer)?;
            for e in bundle["entry"].as_array().into_iter().flatten() {
                if e["resource"].is_object() {
                    out.push(e["resource"].clone());
                }
            }
            let next = bundle["link"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|l| l["relation"] == "next")
                .and_then(|l| l["url"].as_str());
            match next.and_then(|n| n.strip_prefix(&format!("{}/", self.base))) {
                Some(rest) => path = rest.to_string(),
                None => break,
            }
        }
        Ok(out)
    }
}

/// Percent-encodes a query or path value.
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_assertion_is_an_es384_jwt_that_verifies() {
        use p384::ecdsa::{signature::Verifier, VerifyingKey};
        use p384::pkcs8::EncodePrivateKey;
        let key = SigningKey::random(&mut rand::rngs::OsRng);
        let pem = key.to_pkcs8_pem(Default::default()).unwrap();
        let auth = SmartAuth::new(
            "https://store.example/token",
            "aantafel",
            &pem,
            Some("k1".into()),
            "system/*.cruds",
        )
        .unwrap();
        let jwt = auth.assertion(1_800_000_000);
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        use base64::Engine;
        let dec = |s: &str| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(s)
                .unwrap()
        };
        let header: Value = serde_json::from_slice(&dec(parts[0])).unwrap();
        let claims: Value = serde_json::from_slice(&dec(parts[1])).unwrap();
        assert_eq!(header["alg"], "ES384");
        assert_eq!(header["kid"], "k1");
        assert_eq!(claims["iss"], "aantafel");
        assert_eq!(claims["sub"], "aantafel");
        assert_eq!(claims["aud"], "https://store.example/token");
        assert_eq!(claims["exp"], 1_800_000_300);
        let sig = Signature::from_slice(&dec(parts[2])).unwrap();
        let verifying = VerifyingKey::from(&key);
        assert!(verifying
            .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig)
            .is_ok());
        // A second assertion never reuses the jti.
        let again = auth.assertion(1_800_000_000);
        assert_ne!(dec(again.split('.').nth(1).unwrap()), dec(parts[1]));
    }

    #[test]
    fn a_key_that_is_not_p384_pem_is_refused_plainly() {
        assert!(SmartAuth::new("u", "c", "not a key", None, "s").is_err());
    }

    #[test]
    fn statuses_sort_into_what_to_do() {
        assert_eq!(FhirClient::check(201), Ok(()));
        assert_eq!(FhirClient::check(412), Err(FhirError::Changed));
        assert_eq!(FhirClient::check(409), Err(FhirError::Changed));
        assert_eq!(FhirClient::check(503), Err(FhirError::Server(503)));
        assert_eq!(FhirClient::check(400), Err(FhirError::Refused(400)));
        assert!(FhirError::Server(503).is_transient());
        assert!(!FhirError::Refused(422).is_transient());
    }

    #[test]
    fn values_are_percent_encoded() {
        assert_eq!(
            enc("https://a.nl/id/goal|7"),
            "https%3A%2F%2Fa.nl%2Fid%2Fgoal%7C7"
        );
    }
}
