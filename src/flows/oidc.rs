//! What `login` and `device` share: the issuer's endpoints, a token response
//! that keeps the ID token, and ID token validation through the one engine
//! ([`crate::jwt::validate`]).
//!
//! Why not the `openidconnect` crate for this: it brings a second crypto
//! stack (RustCrypto `rsa`, `p256`, `p384`, `ed25519-dalek`, `hmac`; `rsa`
//! 0.9 carries the unfixed RUSTSEC-2023-0071) and duplicate `base64` and
//! `thiserror` versions beside oauthctl's aws-lc-rs, and its ID token
//! verifier would be a second validation engine. The authorization request
//! and token response types it adds over `oauth2` are a `nonce` parameter
//! and an `id_token` field, both a few lines here.

use oauth2::basic::BasicTokenType;
use oauth2::{ExtraTokenFields, StandardTokenResponse};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::jwt::validate::{Options, Status, check};
use crate::jwt::verify::KeyRing;
use crate::provider::discovery::ProviderMetadata;

/// The `id_token` member of a token response (OIDC Core 3.1.3.3).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IdTokenFields {
    /// The ID token, if the server sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<crate::secret::Secret<String>>,
    /// The granted `authorization_details` (RFC 9396 §7), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<Value>,
}

impl IdTokenFields {
    /// The granted `authorization_details`, when they are a JSON array.
    pub fn granted_details(&self) -> Option<Value> {
        self.authorization_details.clone().filter(Value::is_array)
    }
}

impl ExtraTokenFields for IdTokenFields {}

/// A token response that may carry an ID token.
pub type OidcTokenResponse = StandardTokenResponse<IdTokenFields, BasicTokenType>;

/// What `login` and `device` return.
#[derive(Debug)]
pub struct Outcome {
    /// The tokens, with the ID token if any.
    pub tokens: super::TokenSet,
    /// The validated ID token's claims (empty without an ID token).
    pub claims: Map<String, Value>,
}

/// The endpoints and keys of an issuer, from its metadata and any explicit
/// overrides.
#[derive(Debug, Clone)]
pub struct Issuer {
    /// The issuer identifier (the expected `iss`).
    pub issuer: String,
    /// `authorization_endpoint`.
    pub authorization_endpoint: Option<String>,
    /// `token_endpoint`.
    pub token_endpoint: String,
    /// `device_authorization_endpoint` (RFC 8628 §4).
    pub device_authorization_endpoint: Option<String>,
    /// `jwks_uri`: the keys that sign ID tokens.
    pub jwks_uri: Option<String>,
    /// RFC 9207 §3: the server always sends `iss` in authorization responses.
    pub iss_parameter_supported: bool,
}

/// Explicit endpoints that win over the metadata's.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--authorization-endpoint`.
    pub authorization_endpoint: Option<String>,
    /// `--token-endpoint`.
    pub token_endpoint: Option<String>,
    /// `--device-authorization-endpoint`.
    pub device_authorization_endpoint: Option<String>,
    /// The client presents a certificate: the metadata's
    /// `mtls_endpoint_aliases` are used (RFC 8705 §5, see
    /// [`ProviderMetadata::endpoint_for`]).
    pub mtls: bool,
}

impl Issuer {
    /// The issuer from its (already issuer-checked) metadata.
    pub fn from_metadata(md: &ProviderMetadata, over: Overrides) -> Result<Issuer> {
        // An explicit endpoint wins; the metadata's are checked (and
        // refused when unusable) only when they are used.
        let pick = |given: Option<String>, name: &str| match given {
            Some(e) => Ok(Some(e)),
            None => md
                .endpoint_for(name, over.mtls)
                .map(|e| e.map(str::to_owned)),
        };
        let token_endpoint =
            pick(over.token_endpoint, "token_endpoint")?.ok_or_else(|| Error::BadResponse {
                what: "fetching the issuer's metadata from".into(),
                url: md.source_url.clone(),
                detail: "the document has no token_endpoint (give --token-endpoint)".into(),
            })?;
        Ok(Issuer {
            issuer: md.issuer.clone(),
            authorization_endpoint: pick(over.authorization_endpoint, "authorization_endpoint")?,
            token_endpoint,
            device_authorization_endpoint: pick(
                over.device_authorization_endpoint,
                "device_authorization_endpoint",
            )?,
            jwks_uri: md.jwks_uri()?.map(str::to_owned),
            iss_parameter_supported: md
                .raw
                .get("authorization_response_iss_parameter_supported")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
    }
}

/// What an ID token must match.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    /// The client ID: `aud` must contain it, `azp` (when present) equal it.
    pub client_id: &'a str,
    /// The `nonce` sent in the authorization request (none in the device flow).
    pub nonce: Option<&'a str>,
    /// The access token issued with it, for `at_hash`.
    pub access_token: Option<&'a str>,
    /// `max_age` sent in the authorization request, for `auth_time`.
    pub max_age: Option<i64>,
}

/// The `iss` an ID token must have. Entra ID's multi-tenant issuer is a
/// template, `https://login.microsoftonline.com/{tenantid}/v2.0`, that the
/// token's own `tid` completes (as Microsoft's libraries do); the signature
/// and every other check still apply, and a `tid` that could change the
/// URL's shape leaves the placeholder in, so the check fails.
pub fn expected_issuer(issuer: &str, token: &str) -> String {
    const PLACEHOLDER: &str = "{tenantid}";
    if !issuer.contains(PLACEHOLDER) {
        return issuer.to_owned();
    }
    let tid = match crate::jwt::parse(token) {
        Ok(crate::jwt::Parsed::Jws(jws)) => jws
            .claims
            .ok()
            .and_then(|c| c.get("tid").and_then(Value::as_str).map(str::to_owned)),
        _ => None,
    };
    match tid {
        Some(t)
            if !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')) =>
        {
            issuer.replace(PLACEHOLDER, &t)
        }
        _ => issuer.to_owned(),
    }
}

/// Leeway for `exp`, `iat` and `auth_time`: the same default as `validate`.
const LEEWAY: i64 = 60;

/// Validate an ID token (OIDC Core 3.1.3.7) with the one engine: the
/// signature with the issuer's current key set, `iss`, `aud`, `azp`, `exp`,
/// `iat`, `nonce`, `at_hash` and, with `max_age`, `auth_time`. Returns the
/// claims; a failed check is [`Error::CheckFailed`] naming every failure.
pub fn validate_id_token(
    http: &HttpClient,
    clock: &dyn Clock,
    issuer: &Issuer,
    token: &str,
    expected: Expected<'_>,
) -> Result<Map<String, Value>> {
    let jwks_uri = issuer.jwks_uri.as_deref().ok_or_else(|| Error::BadResponse {
        what: "validating the ID token from".into(),
        url: issuer.issuer.clone(),
        detail: "the issuer's metadata has no jwks_uri, so the ID token's signature cannot be checked"
            .into(),
    })?;
    let keys = crate::provider::jwks::fetch(http, jwks_uri)?.keys;
    let opts = Options {
        now: clock.now(),
        leeway: LEEWAY,
        issuer: Some(expected_issuer(&issuer.issuer, token)),
        audiences: vec![expected.client_id.to_owned()],
        client_id: Some(expected.client_id.to_owned()),
        nonce: expected.nonce.map(str::to_owned),
        access_token: expected.access_token.map(str::to_owned),
        max_age: expected.max_age,
        // OIDC Core 2: an ID token always has these.
        required: ["iss", "sub", "aud", "exp", "iat"]
            .map(String::from)
            .to_vec(),
        ..Options::default()
    };
    let report = check(token, &opts, &KeyRing::new(keys));
    if !report.valid {
        let failed: Vec<String> = report
            .with_status(Status::Failed)
            .map(|c| format!("{}: {}", c.name, c.detail))
            .collect();
        return Err(Error::CheckFailed(format!(
            "the ID token from {} failed validation, so the login was not accepted: {}",
            issuer.issuer,
            failed.join("; ")
        )));
    }
    match report.claims {
        Value::Object(claims) => Ok(claims),
        _ => Err(Error::CheckFailed(
            "the ID token has no claims object".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn token(claims: Value) -> String {
        let b = |v: Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string().as_bytes())
        };
        format!(
            "{}.{}.sig",
            b(serde_json::json!({"alg": "RS256"})),
            b(claims)
        )
    }

    #[test]
    fn entra_multi_tenant_issuer_takes_the_tokens_tid() {
        let template = "https://login.microsoftonline.com/{tenantid}/v2.0";
        let tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        assert_eq!(
            expected_issuer(template, &token(serde_json::json!({"tid": tid}))),
            format!("https://login.microsoftonline.com/{tid}/v2.0")
        );
        for bad in [
            serde_json::json!({}),
            serde_json::json!({"tid": "a/../b"}),
            serde_json::json!({"tid": ""}),
        ] {
            assert_eq!(expected_issuer(template, &token(bad)), template);
        }
        assert_eq!(
            expected_issuer(
                "https://idp.example",
                &token(serde_json::json!({"tid": tid}))
            ),
            "https://idp.example"
        );
    }
}
