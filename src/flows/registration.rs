//! Dynamic client registration (RFC 7591) and its management (RFC 7592):
//! create, read, update and delete a registration, and the public native
//! client `login`/`device` register when they have no client ID.
//!
//! The client metadata is a JSON object as the RFCs define it, built and
//! read with `serde_json` rather than typed structs: the RFCs let a server
//! add and a client send members of its own (extensions, a software
//! statement, `jwks`), RFC 7592 answers carry `registration_access_token`
//! and `registration_client_uri`, and an update must send back every
//! member the server returned; an open map keeps all of that as the server
//! wrote it. The registration access token is a [`Secret`]. Nothing here
//! prints.

use serde_json::{Map, Value, json};

use crate::error::{Error, Result};
use crate::http::{HttpClient, Method, Request, status_error};
use crate::secret::Secret;

/// A registration as the server answered it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Registration {
    /// The issuer it was made at.
    pub issuer: String,
    /// `client_id`.
    pub client_id: String,
    /// `client_secret`, for a confidential client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret<String>>,
    /// `registration_access_token` (RFC 7592 §3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_access_token: Option<Secret<String>>,
    /// `registration_client_uri` (RFC 7592 §3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_client_uri: Option<String>,
    /// The whole answer, secrets included (for `-o json` and updates).
    pub metadata: Map<String, Value>,
}

impl Registration {
    /// The grant types registered (RFC 7591 §2 default: authorization_code).
    pub fn grant_types(&self) -> Vec<&str> {
        match self.metadata.get("grant_types").and_then(Value::as_array) {
            Some(a) => a.iter().filter_map(Value::as_str).collect(),
            None => vec!["authorization_code"],
        }
    }

    /// The answer without the secrets, for text output.
    pub fn public_metadata(&self) -> Map<String, Value> {
        let mut m = self.metadata.clone();
        for k in ["client_secret", "registration_access_token"] {
            m.remove(k);
        }
        m
    }

    fn from_answer(issuer: &str, what: &str, url: &str, doc: Map<String, Value>) -> Result<Self> {
        let s = |k: &str| doc.get(k).and_then(Value::as_str).map(str::to_owned);
        let client_id = s("client_id").ok_or_else(|| Error::BadResponse {
            what: what.into(),
            url: url.into(),
            detail: "the answer has no client_id (RFC 7591 §3.2.1)".into(),
        })?;
        Ok(Registration {
            issuer: issuer.to_owned(),
            client_id,
            client_secret: s("client_secret").map(Secret::new),
            registration_access_token: s("registration_access_token").map(Secret::new),
            registration_client_uri: s("registration_client_uri"),
            metadata: doc,
        })
    }
}

/// The metadata of the public native client `login` and `device`
/// register (RFC 8252 §7.3 loopback redirect URIs, no client secret).
pub fn native_client(device: bool, name: &str) -> Map<String, Value> {
    let mut grants = vec!["authorization_code", "refresh_token"];
    if device {
        grants.push("urn:ietf:params:oauth:grant-type:device_code");
    }
    let v = json!({
        "client_name": name,
        "application_type": "native",
        "redirect_uris": ["http://127.0.0.1/callback", "http://localhost/callback", "http://[::1]/callback"],
        "token_endpoint_auth_method": "none",
        "grant_types": grants,
        "response_types": ["code"],
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Read an RFC 7591 §3.2 / RFC 7592 answer: a JSON object on success, an
/// OAuth error (`invalid_redirect_uri`, `invalid_client_metadata`, ...)
/// otherwise.
fn answer(what: &str, url: &str, status: u16, body: &[u8]) -> Result<Map<String, Value>> {
    super::exchange::json_answer(what, url, status, body)
}

fn json_request(
    what: &str,
    method: Method,
    url: &str,
    body: Option<&Map<String, Value>>,
    bearer: Option<&Secret<String>>,
) -> Request {
    let mut headers = vec![("Accept".to_owned(), "application/json".to_owned())];
    if body.is_some() {
        headers.push(("Content-Type".into(), "application/json".into()));
    }
    if let Some(t) = bearer {
        headers.push(("Authorization".into(), format!("Bearer {}", t.expose())));
    }
    Request {
        method,
        url: url.to_owned(),
        headers,
        body: body.map(|b| Value::Object(b.clone()).to_string().into_bytes()),
        // A software statement, a client secret sent back on update.
        body_has_secrets: true,
        what: what.to_owned(),
    }
}

/// Register a client (RFC 7591 §3.1) at `endpoint`, with an initial access
/// token when the server requires one.
pub fn create(
    http: &HttpClient,
    issuer: &str,
    endpoint: &str,
    metadata: &Map<String, Value>,
    initial_access_token: Option<&Secret<String>>,
) -> Result<Registration> {
    const WHAT: &str = "registering a client at";
    let req = json_request(
        WHAT,
        Method::Post,
        endpoint,
        Some(metadata),
        initial_access_token,
    );
    let resp = http.send(&req)?;
    let doc = answer(WHAT, endpoint, resp.status, &resp.body)?;
    Registration::from_answer(issuer, WHAT, endpoint, doc)
}

/// Read a registration (RFC 7592 §2.1).
pub fn read(
    http: &HttpClient,
    issuer: &str,
    uri: &str,
    rat: &Secret<String>,
) -> Result<Registration> {
    const WHAT: &str = "reading the client registration at";
    let resp = http.send(&json_request(WHAT, Method::Get, uri, None, Some(rat)))?;
    let doc = answer(WHAT, uri, resp.status, &resp.body)?;
    Registration::from_answer(issuer, WHAT, uri, doc)
}

/// Replace a registration's metadata (RFC 7592 §2.2): `metadata` must be
/// the complete new metadata, `client_id` included and without the
/// registration access token, the registration URI and the timestamps.
pub fn update(
    http: &HttpClient,
    issuer: &str,
    uri: &str,
    rat: &Secret<String>,
    metadata: &Map<String, Value>,
) -> Result<Registration> {
    const WHAT: &str = "updating the client registration at";
    let mut body = metadata.clone();
    for k in [
        "registration_access_token",
        "registration_client_uri",
        "client_secret_expires_at",
        "client_id_issued_at",
    ] {
        body.remove(k);
    }
    let resp = http.send(&json_request(
        WHAT,
        Method::Put,
        uri,
        Some(&body),
        Some(rat),
    ))?;
    let doc = answer(WHAT, uri, resp.status, &resp.body)?;
    let mut reg = Registration::from_answer(issuer, WHAT, uri, doc)?;
    // RFC 7592 §2.2: the server may or may not issue a new token.
    if reg.registration_access_token.is_none() {
        reg.registration_access_token = Some(rat.clone());
    }
    if reg.registration_client_uri.is_none() {
        reg.registration_client_uri = Some(uri.to_owned());
    }
    Ok(reg)
}

/// Delete a registration (RFC 7592 §2.3): 204 on success.
pub fn delete(http: &HttpClient, uri: &str, rat: &Secret<String>) -> Result<()> {
    const WHAT: &str = "deleting the client registration at";
    let resp = http.send(&json_request(WHAT, Method::Delete, uri, None, Some(rat)))?;
    if (200..300).contains(&resp.status) {
        return Ok(());
    }
    if resp.body.is_empty() {
        return Err(status_error(WHAT, &resp));
    }
    answer(WHAT, uri, resp.status, &resp.body).map(|_| ())
}

/// How `login`/`device` got the client ID they use with a server found
/// through a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientSource {
    /// The client ID is a client ID metadata document's URL.
    MetadataDocument,
    /// A registration kept in the store from an earlier run.
    Reused,
    /// Registered now (RFC 7591), and kept.
    Registered,
}

/// The client ID of a public native client at the server `md` describes,
/// for `login` (`device` adds the device grant): `metadata_url` when the
/// server supports client ID metadata documents, else the registration
/// kept in `store` for this issuer when it covers the grants, else a new
/// registration (kept).
pub fn native_client_id(
    http: &HttpClient,
    store: &crate::store::Store,
    md: &crate::provider::discovery::ProviderMetadata,
    device: bool,
    metadata_url: Option<&str>,
) -> Result<(String, ClientSource)> {
    let cimd = md.raw.get("client_id_metadata_document_supported") == Some(&Value::Bool(true));
    if let (true, Some(url)) = (cimd, metadata_url) {
        return Ok((url.to_owned(), ClientSource::MetadataDocument));
    }
    let Some(endpoint) = md.str("registration_endpoint") else {
        let how = if metadata_url.is_some() {
            "it does not advertise client_id_metadata_document_supported, and has no \
             registration_endpoint"
        } else if cimd {
            "it supports client ID metadata documents: give --client-metadata-url URL"
        } else {
            "it has no registration_endpoint and no client ID metadata document support"
        };
        return Err(Error::usage(format!(
            "no client ID for {}: give --client-id ({how})",
            md.issuer
        )));
    };
    let key = crate::store::EntryKey::registration(&md.issuer, None);
    let wanted = native_client(device, "oauthctl");
    let needs: Vec<&str> = wanted["grant_types"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(bytes) = store.load_raw(&key)?
        && let Ok(reg) = serde_json::from_slice::<Registration>(&bytes)
        && reg.issuer == md.issuer
        && needs.iter().all(|g| reg.grant_types().contains(g))
    {
        return Ok((reg.client_id, ClientSource::Reused));
    }
    let reg = create(http, &md.issuer, endpoint, &wanted, None)?;
    save(store, &key, &reg)?;
    save(
        store,
        &crate::store::EntryKey::registration(&md.issuer, Some(&reg.client_id)),
        &reg,
    )?;
    Ok((reg.client_id, ClientSource::Registered))
}

/// Keep a registration (its registration access token with it) in the
/// store.
pub fn save(
    store: &crate::store::Store,
    key: &crate::store::EntryKey,
    reg: &Registration,
) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(reg)
        .map_err(|e| Error::input("storing a client registration", e.to_string()))?;
    store.save_raw(key, &bytes)
}

/// A registration kept in the store (`client_id` `None`: the one `login`
/// made), if any.
pub fn load(
    store: &crate::store::Store,
    issuer: &str,
    client_id: Option<&str>,
) -> Result<Option<Registration>> {
    let key = crate::store::EntryKey::registration(issuer, client_id);
    match store.load_raw(&key)? {
        None => Ok(None),
        Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::input(
                format!("the stored registration of {issuer}"),
                e.to_string(),
            )
        }),
    }
}

/// The client metadata a `register` command line sets; `apply` writes
/// them over a document (an empty one to create, the current one to
/// update).
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// `client_name`.
    pub name: Option<String>,
    /// `redirect_uris` (replaced when not empty).
    pub redirect_uris: Vec<String>,
    /// `grant_types` (replaced when not empty).
    pub grant_types: Vec<String>,
    /// `token_endpoint_auth_method`.
    pub auth_method: Option<String>,
    /// `jwks` (a key set) or `jwks_uri`.
    pub jwks: Option<Jwks>,
    /// `scope`.
    pub scope: Option<String>,
    /// `software_statement` (RFC 7591 §2.3).
    pub software_statement: Option<String>,
}

/// The client's keys: by value or by reference (RFC 7591 §2).
#[derive(Debug, Clone)]
pub enum Jwks {
    /// `jwks`.
    Value(Value),
    /// `jwks_uri`.
    Uri(String),
}

impl Changes {
    /// Write the changes over `doc`. With `grant_types` given and no
    /// `response_types` in `doc`, `response_types` follows (RFC 7591 §2.1:
    /// `code` with authorization_code, none otherwise).
    pub fn apply(&self, doc: &mut Map<String, Value>) {
        let set = |doc: &mut Map<String, Value>, k: &str, v: Value| {
            doc.insert(k.to_owned(), v);
        };
        if let Some(n) = &self.name {
            set(doc, "client_name", json!(n));
        }
        if !self.redirect_uris.is_empty() {
            set(doc, "redirect_uris", json!(self.redirect_uris));
        }
        if !self.grant_types.is_empty() {
            set(doc, "grant_types", json!(self.grant_types));
            let code = self.grant_types.iter().any(|g| g == "authorization_code");
            set(
                doc,
                "response_types",
                if code { json!(["code"]) } else { json!([]) },
            );
        }
        if let Some(m) = &self.auth_method {
            set(doc, "token_endpoint_auth_method", json!(m));
        }
        match &self.jwks {
            Some(Jwks::Value(v)) => {
                doc.remove("jwks_uri");
                set(doc, "jwks", v.clone());
            }
            Some(Jwks::Uri(u)) => {
                doc.remove("jwks");
                set(doc, "jwks_uri", json!(u));
            }
            None => {}
        }
        if let Some(s) = &self.scope {
            set(doc, "scope", json!(s));
        }
        if let Some(s) = &self.software_statement {
            set(doc, "software_statement", json!(s));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_an_oauth_error_with_its_description() {
        let e = answer(
            "registering a client at",
            "https://as/reg",
            400,
            br#"{"error":"invalid_redirect_uri","error_description":"redirect_uris must be https"}"#,
        )
        .unwrap_err();
        assert_eq!(e.exit_status(), crate::error::ExitStatus::Refused);
        let text = e.to_string();
        assert!(text.contains("invalid_redirect_uri"), "{text}");
        assert!(text.contains("redirect_uris must be https"), "{text}");
    }

    #[test]
    fn html_is_a_bad_response() {
        let e = answer("x", "https://as/reg", 200, b"<html>hi</html>").unwrap_err();
        assert_eq!(e.exit_status(), crate::error::ExitStatus::Network);
        assert!(e.to_string().contains("HTML"));
    }

    #[test]
    fn the_native_client_is_public_with_loopback_redirects() {
        let m = native_client(true, "oauthctl");
        assert_eq!(m["token_endpoint_auth_method"], "none");
        assert_eq!(m["application_type"], "native");
        assert!(
            m["redirect_uris"][0]
                .as_str()
                .unwrap()
                .starts_with("http://127.0.0.1")
        );
        assert_eq!(m["grant_types"].as_array().unwrap().len(), 3);
        assert_eq!(
            native_client(false, "x")["grant_types"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn secrets_stay_out_of_debug_and_public_metadata() {
        let doc = json!({"client_id": "c", "client_secret": "s3cr3t", "registration_access_token": "rat-value", "registration_client_uri": "https://as/reg/c"});
        let r = Registration::from_answer("https://as", "x", "u", doc.as_object().unwrap().clone())
            .unwrap();
        let dbg = format!("{:?}", r.registration_access_token);
        assert!(!dbg.contains("rat-value"));
        let public = Value::Object(r.public_metadata()).to_string();
        assert!(
            !public.contains("rat-value") && !public.contains("s3cr3t"),
            "{public}"
        );
        assert_eq!(r.grant_types(), ["authorization_code"]);
    }

    fn as_metadata(doc: Value) -> crate::provider::discovery::ProviderMetadata {
        crate::provider::discovery::ProviderMetadata {
            issuer: "https://as.example".into(),
            source_url: "https://as.example/.well-known/oauth-authorization-server".into(),
            kind: crate::provider::discovery::MetadataKind::OauthAuthorizationServer,
            raw: doc.as_object().unwrap().clone(),
        }
    }

    /// A client that counts registrations and answers each with a new ID.
    fn registrar() -> (HttpClient, std::sync::Arc<std::sync::Mutex<Vec<Value>>>) {
        use std::sync::{Arc, Mutex};
        let seen: Arc<Mutex<Vec<Value>>> = Arc::default();
        let record = Arc::clone(&seen);
        let http = HttpClient::with_transport(
            crate::http::HttpSettings::default(),
            None,
            move |r: &Request| {
                let body: Value = serde_json::from_slice(r.body.as_deref().unwrap()).unwrap();
                let mut seen = record.lock().unwrap();
                seen.push(body);
                Ok(crate::http::Incoming::new(
                    201,
                    vec![("Content-Type".into(), "application/json".into())],
                    json!({
                        "client_id": format!("c{}", seen.len()),
                        "registration_access_token": "rat",
                        "registration_client_uri": "https://as.example/reg/c",
                        "grant_types": seen.last().unwrap()["grant_types"],
                    })
                    .to_string(),
                ))
            },
        );
        (http, seen)
    }

    #[test]
    fn a_client_id_metadata_document_when_supported_else_a_kept_registration() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::files(dir.path());
        let (http, seen) = registrar();
        let both = as_metadata(json!({
            "client_id_metadata_document_supported": true,
            "registration_endpoint": "https://as.example/reg",
        }));
        // CIMD wins when a document URL is given.
        let (id, how) = native_client_id(
            &http,
            &store,
            &both,
            false,
            Some("https://app.example/client.json"),
        )
        .unwrap();
        assert_eq!(
            (id.as_str(), how),
            (
                "https://app.example/client.json",
                ClientSource::MetadataDocument
            )
        );
        assert!(seen.lock().unwrap().is_empty());
        // Without one: register, then reuse.
        let (id, how) = native_client_id(&http, &store, &both, false, None).unwrap();
        assert_eq!((id.as_str(), how), ("c1", ClientSource::Registered));
        let (id, how) = native_client_id(&http, &store, &both, false, None).unwrap();
        assert_eq!((id.as_str(), how), ("c1", ClientSource::Reused));
        // The device grant is not covered by the login's registration.
        let (id, how) = native_client_id(&http, &store, &both, true, None).unwrap();
        assert_eq!((id.as_str(), how), ("c2", ClientSource::Registered));
        assert_eq!(seen.lock().unwrap().len(), 2);
        // Kept with its registration access token.
        let kept = load(&store, "https://as.example", Some("c2"))
            .unwrap()
            .unwrap();
        assert_eq!(kept.registration_access_token.unwrap().expose(), "rat");
    }

    #[test]
    fn no_way_to_a_client_id_is_a_usage_error_saying_what_to_give() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::files(dir.path());
        let (http, _) = registrar();
        let cimd_only = as_metadata(json!({"client_id_metadata_document_supported": true}));
        let e = native_client_id(&http, &store, &cimd_only, false, None).unwrap_err();
        assert_eq!(e.exit_status(), crate::error::ExitStatus::Usage);
        assert!(e.to_string().contains("--client-metadata-url"), "{e}");
        let neither = as_metadata(json!({}));
        let e = native_client_id(&http, &store, &neither, false, None).unwrap_err();
        assert!(e.to_string().contains("give --client-id"), "{e}");
    }
}
