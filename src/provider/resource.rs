//! A protected resource from the outside: its RFC 9728 metadata, found at
//! the well-known location (path inserted, §3.1) or through a 401's
//! `WWW-Authenticate: Bearer resource_metadata=...` (§5), checked (§3.3:
//! the `resource` must be identical to the URL it was fetched for, or the
//! document is an impostor's: an error, not a finding) and linted.
//!
//! Order of the search: the path-inserted well-known URL; then the
//! challenge of an unauthenticated request to the resource (GET, then an
//! empty JSON-RPC POST, as MCP servers only guard POST); then the
//! well-known URL at the root of the host (what MCP clients fall back to),
//! whose `resource` must then be the origin or the URL asked for.
//! Nothing here prints.

use serde_json::{Map, Value};

use crate::challenge;
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use crate::http::{HttpClient, Method, Request, status_error};

const WHAT: &str = "fetching the protected resource's metadata from";

/// The well-known suffix of RFC 9728 §3.
pub const WELL_KNOWN: &str = "/.well-known/oauth-protected-resource";

/// How the metadata was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Found {
    /// At the well-known URL with the resource's path inserted (§3.1).
    WellKnown,
    /// Through the `resource_metadata` of a 401 challenge (§5).
    Challenge,
    /// At the well-known URL at the root of the host.
    WellKnownRoot,
}

impl Found {
    /// For people.
    pub fn describe(self) -> &'static str {
        match self {
            Found::WellKnown => "RFC 9728 §3.1, path inserted",
            Found::Challenge => "RFC 9728 §5, from the 401 challenge",
            Found::WellKnownRoot => "RFC 9728, at the root of the host",
        }
    }
}

/// A resource's metadata as received.
#[derive(Debug, Clone)]
pub struct ResourceMetadata {
    /// The resource URL asked for.
    pub url: String,
    /// The document's `resource`.
    pub resource: String,
    /// The URL the document came from.
    pub source_url: String,
    /// How it was found.
    pub found: Found,
    /// The challenge the resource answered an unauthenticated request
    /// with, when oauthctl asked (raw header value).
    pub challenge: Option<String>,
    /// The document.
    pub raw: Map<String, Value>,
}

impl ResourceMetadata {
    /// A list member (`authorization_servers`, `scopes_supported`, ...);
    /// empty when absent or malformed.
    pub fn list(&self, name: &str) -> Vec<&str> {
        self.raw
            .get(name)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// The authorization servers named, in order.
    pub fn authorization_servers(&self) -> Vec<&str> {
        self.list("authorization_servers")
    }

    /// `scopes_supported`.
    pub fn scopes(&self) -> Vec<&str> {
        self.list("scopes_supported")
    }
}

/// The well-known URL for a resource (RFC 9728 §3.1): the suffix inserted
/// between the host and the path, a terminating slash of the path removed,
/// the query kept.
pub fn well_known_url(resource: &str) -> Result<String> {
    let url = parse_resource(resource)?;
    let origin = url.origin().ascii_serialization();
    let path = url.path().trim_end_matches('/');
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    Ok(format!("{origin}{WELL_KNOWN}{path}{query}"))
}

fn parse_resource(resource: &str) -> Result<url::Url> {
    let url = url::Url::parse(resource)
        .map_err(|e| Error::usage(format!("resource '{resource}' is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(Error::usage(format!(
            "resource '{resource}' is not an http(s) URL"
        )));
    }
    if url.fragment().is_some() {
        return Err(Error::usage(format!(
            "resource '{resource}' must not have a fragment (RFC 9728 §1.2)"
        )));
    }
    Ok(url)
}

/// One attempt's outcome.
enum Attempt {
    Doc(String, Map<String, Value>),
    Miss(String, Error),
}

fn try_document(http: &HttpClient, url: &str) -> Result<Attempt> {
    let resp = http.send(&Request::get(WHAT, url, "application/json"))?;
    if matches!(resp.status, 404 | 410) {
        return Ok(Attempt::Miss(url.to_owned(), status_error(WHAT, &resp)));
    }
    if !(200..300).contains(&resp.status) {
        return Err(status_error(WHAT, &resp));
    }
    match resp.json_object(WHAT) {
        Ok(raw) if raw.contains_key("resource") => Ok(Attempt::Doc(resp.url, raw)),
        Ok(_) => Ok(Attempt::Miss(
            url.to_owned(),
            Error::BadResponse {
                what: WHAT.into(),
                url: resp.url,
                detail: "a JSON object without \"resource\", not protected-resource metadata"
                    .into(),
            },
        )),
        Err(e) => Ok(Attempt::Miss(url.to_owned(), e)),
    }
}

/// The `WWW-Authenticate` values of an unauthenticated request to the
/// resource, joined; `None` when it did not answer 401 with one.
pub fn unauthenticated_challenge(http: &HttpClient, resource: &str) -> Result<Option<String>> {
    const PROBE: &str = "asking the protected resource for its challenge at";
    let get = Request::get(PROBE, resource, "application/json, text/event-stream");
    let mut post = get.clone();
    post.method = Method::Post;
    post.headers
        .push(("Content-Type".into(), "application/json".into()));
    // A JSON-RPC ping: the smallest request an MCP server guards.
    post.body = Some(br#"{"jsonrpc":"2.0","id":0,"method":"ping"}"#.to_vec());
    for req in [get, post] {
        let resp = http.send_no_redirect(&req)?;
        if resp.status == 401 {
            let values: Vec<&str> = resp
                .headers
                .iter()
                .filter(|(k, _)| k == "www-authenticate")
                .map(|(_, v)| v.as_str())
                .collect();
            if !values.is_empty() {
                return Ok(Some(values.join(", ")));
            }
        }
    }
    Ok(None)
}

/// Find, fetch and check a resource's metadata (see the module docs).
pub fn fetch(http: &HttpClient, resource: &str) -> Result<ResourceMetadata> {
    let url = parse_resource(resource)?;
    let mut misses: Vec<(String, Error)> = Vec::new();
    let make = |found, source_url: String, raw: Map<String, Value>, challenge| {
        let md = ResourceMetadata {
            url: resource.to_owned(),
            resource: raw
                .get("resource")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            source_url,
            found,
            challenge,
            raw,
        };
        check_resource(&md)?;
        Ok(md)
    };

    // 1. Path-inserted well-known URL.
    match try_document(http, &well_known_url(resource)?)? {
        Attempt::Doc(src, raw) => return make(Found::WellKnown, src, raw, None),
        Attempt::Miss(u, e) => misses.push((u, e)),
    }
    // 2. The challenge.
    let challenge = unauthenticated_challenge(http, resource)?;
    if let Some(header) = &challenge {
        let parsed = challenge::parse(header).map_err(|e| Error::BadResponse {
            what: "reading the WWW-Authenticate challenge of".into(),
            url: resource.to_owned(),
            detail: format!("{e}: {header}"),
        })?;
        if let Some(md_url) = challenge::oauth(&parsed).and_then(|c| c.resource_metadata()) {
            match try_document(http, md_url)? {
                Attempt::Doc(src, raw) => {
                    return make(Found::Challenge, src, raw, challenge.clone());
                }
                Attempt::Miss(u, e) => misses.push((u, e)),
            }
        }
    }
    // 3. The root of the host.
    let root = format!("{}{WELL_KNOWN}", url.origin().ascii_serialization());
    if !misses.iter().any(|(u, _)| *u == root) {
        match try_document(http, &root)? {
            Attempt::Doc(src, raw) => return make(Found::WellKnownRoot, src, raw, challenge),
            Attempt::Miss(u, e) => misses.push((u, e)),
        }
    }
    Err(missing_error(resource, misses))
}

fn missing_error(resource: &str, misses: Vec<(String, Error)>) -> Error {
    super::discovery::nothing_found(
        "looking for the protected-resource metadata of",
        resource,
        "no RFC 9728 document and no 401 challenge with resource_metadata",
        misses,
    )
}

/// RFC 9728 §3.3: the `resource` must be identical to the URL the
/// document was fetched for (at the root of the host: that origin).
pub fn check_resource(md: &ResourceMetadata) -> Result<()> {
    let bad = |detail: String| Error::BadResponse {
        what: WHAT.into(),
        url: md.source_url.clone(),
        detail,
    };
    let Some(v) = md.raw.get("resource") else {
        return Err(bad("the document has no \"resource\"".into()));
    };
    let Some(got) = v.as_str() else {
        return Err(bad(format!(
            "the document's \"resource\" is {}, not a string",
            crate::json::type_name(v)
        )));
    };
    let mut accepted = vec![md.url.clone()];
    if md.found == Found::WellKnownRoot
        && let Ok(u) = url::Url::parse(&md.url)
    {
        let origin = u.origin().ascii_serialization();
        accepted.push(format!("{origin}/"));
        accepted.push(origin);
    }
    if accepted.iter().any(|a| a == got) {
        return Ok(());
    }
    let hint = if got.trim_end_matches('/') == md.url.trim_end_matches('/') {
        " (they differ by a trailing slash)"
    } else {
        ""
    };
    Err(bad(format!(
        "resource mismatch: the document names \"{got}\" but it was fetched for \"{}\", and \
         RFC 9728 §3.3 requires them to be identical, so the metadata was not used{hint}",
        md.url
    )))
}

fn finding(
    id: &'static str,
    severity: Severity,
    message: String,
    fix: &'static str,
    reference: &'static str,
) -> Finding {
    Finding {
        id,
        severity,
        message,
        fix,
        reference,
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Lint a resource's metadata. Most severe first.
pub fn lint(md: &ResourceMetadata) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, list) in [
        ("authorization_servers", true),
        ("scopes_supported", true),
        ("bearer_methods_supported", true),
        ("resource_signing_alg_values_supported", true),
        ("resource_name", false),
        ("resource_documentation", false),
        ("jwks_uri", false),
    ] {
        if let Some(v) = md.raw.get(name) {
            let ok = if list {
                v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
            } else {
                v.is_string()
            };
            if !ok {
                out.push(finding(
                    "malformed-member",
                    Severity::Medium,
                    format!(
                        "{name} is {} ({v}), not {}",
                        crate::json::type_name(v),
                        if list {
                            "an array of strings"
                        } else {
                            "a string"
                        }
                    ),
                    "publish each member with the JSON type RFC 9728 §2 defines",
                    "RFC 9728 §2",
                ));
            }
        }
    }
    let servers = md.authorization_servers();
    if servers.is_empty() {
        out.push(finding(
            "no-authorization-servers",
            Severity::High,
            "authorization_servers is absent or empty: a client cannot tell where to get a token"
                .into(),
            "list the issuer of each authorization server that mints tokens for this resource",
            "RFC 9728 §2; MCP Authorization",
        ));
    }
    let mut urls: Vec<(String, &str)> = vec![("resource".into(), md.resource.as_str())];
    urls.extend(
        servers
            .iter()
            .map(|s| ("authorization_servers".to_owned(), *s)),
    );
    if let Some(j) = md.raw.get("jwks_uri").and_then(Value::as_str) {
        urls.push(("jwks_uri".into(), j));
    }
    for (name, u) in urls {
        match url::Url::parse(u) {
            Ok(p) if p.scheme() == "https" => {}
            Ok(p) if p.scheme() == "http" && is_loopback(&p) => {}
            Ok(_) => out.push(finding(
                "plain-http",
                Severity::High,
                format!("{name} is not https: {u}"),
                "serve the resource and its authorization servers over https (plain http only \
                 on loopback)",
                "RFC 9728 §2, §7.1",
            )),
            Err(_) => out.push(finding(
                "not-a-url",
                Severity::High,
                format!("{name} is not a URL: {u}"),
                "use absolute https URLs",
                "RFC 9728 §2",
            )),
        }
    }
    let methods = md.list("bearer_methods_supported");
    if md.raw.contains_key("bearer_methods_supported") && methods.contains(&"query") {
        out.push(finding(
            "bearer-in-query",
            Severity::Medium,
            "bearer_methods_supported includes \"query\": tokens end up in logs and Referer \
             headers"
                .into(),
            "accept the token in the Authorization header only",
            "RFC 6750 §2.3, §5.3; RFC 9700 §4.3.2",
        ));
    }
    if !md.raw.contains_key("bearer_methods_supported") {
        out.push(finding(
            "bearer-methods-absent",
            Severity::Info,
            "bearer_methods_supported is absent".into(),
            "publish [\"header\"] so clients know how to present the token",
            "RFC 9728 §2",
        ));
    }
    if md.raw.get("scopes_supported").is_none() {
        out.push(finding(
            "scopes-absent",
            Severity::Low,
            "scopes_supported is absent: a client cannot tell which scopes to ask for".into(),
            "list the scopes this resource checks",
            "RFC 9728 §2; MCP Authorization (scope selection)",
        ));
    }
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

/// What an MCP client relies on from an authorization server beyond the
/// usual lint: a way to get a client ID (client ID metadata documents or
/// dynamic registration), PKCE S256 advertised, RFC 9207 `iss`.
pub fn mcp_findings(md: &crate::provider::discovery::ProviderMetadata) -> Vec<Finding> {
    let mut out = Vec::new();
    let cimd = md.raw.get("client_id_metadata_document_supported") == Some(&Value::Bool(true));
    if !cimd && !md.raw.contains_key("registration_endpoint") {
        out.push(finding(
            "mcp-no-client-registration",
            Severity::Medium,
            "neither client_id_metadata_document_supported nor registration_endpoint: an MCP \
             client without a pre-registered client ID cannot sign in"
                .into(),
            "support client ID metadata documents or dynamic client registration (RFC 7591)",
            "MCP Authorization (client registration)",
        ));
    }
    if !md
        .list("code_challenge_methods_supported")
        .is_some_and(|l| l.contains(&"S256"))
    {
        out.push(finding(
            "mcp-pkce-not-advertised",
            Severity::High,
            "code_challenge_methods_supported does not list S256: MCP clients must refuse to \
             proceed"
                .into(),
            "advertise code_challenge_methods_supported: [\"S256\"]",
            "MCP Authorization (PKCE); RFC 8414 §2",
        ));
    }
    if md.raw.get("authorization_response_iss_parameter_supported") != Some(&Value::Bool(true)) {
        out.push(finding(
            "mcp-no-iss-parameter",
            Severity::Low,
            "authorization_response_iss_parameter_supported is not true: clients cannot detect \
             mix-up attacks between authorization servers"
                .into(),
            "send iss in authorization responses and advertise it",
            "RFC 9207; MCP Authorization",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(url: &str, found: Found, raw: Value) -> ResourceMetadata {
        let raw = raw.as_object().unwrap().clone();
        ResourceMetadata {
            url: url.into(),
            resource: raw["resource"].as_str().unwrap_or_default().into(),
            source_url: "https://x/.well-known/oauth-protected-resource".into(),
            found,
            challenge: None,
            raw,
        }
    }

    #[test]
    fn the_well_known_url_has_the_path_inserted() {
        assert_eq!(
            well_known_url("https://api.example.com/mcp").unwrap(),
            "https://api.example.com/.well-known/oauth-protected-resource/mcp"
        );
        assert_eq!(
            well_known_url("https://api.example.com/").unwrap(),
            "https://api.example.com/.well-known/oauth-protected-resource"
        );
        assert_eq!(
            well_known_url("http://127.0.0.1:8080/a/b/?x=1").unwrap(),
            "http://127.0.0.1:8080/.well-known/oauth-protected-resource/a/b?x=1"
        );
        assert!(well_known_url("https://x/#frag").is_err());
        assert!(well_known_url("ftp://x/").is_err());
    }

    #[test]
    fn a_resource_mismatch_names_both_values() {
        let m = md(
            "https://api.example.com/mcp",
            Found::WellKnown,
            serde_json::json!({"resource": "https://other.example.com/mcp"}),
        );
        let e = check_resource(&m).unwrap_err().to_string();
        assert!(e.contains("\"https://other.example.com/mcp\""), "{e}");
        assert!(e.contains("\"https://api.example.com/mcp\""), "{e}");
        let m = md(
            "https://api.example.com/mcp",
            Found::WellKnown,
            serde_json::json!({"resource": "https://api.example.com/mcp/"}),
        );
        assert!(
            check_resource(&m)
                .unwrap_err()
                .to_string()
                .contains("trailing slash")
        );
    }

    #[test]
    fn at_the_root_the_origin_is_accepted() {
        let m = md(
            "https://api.example.com/mcp",
            Found::WellKnownRoot,
            serde_json::json!({"resource": "https://api.example.com/"}),
        );
        check_resource(&m).unwrap();
        let m = md(
            "https://api.example.com/mcp",
            Found::WellKnown,
            serde_json::json!({"resource": "https://api.example.com/"}),
        );
        assert!(check_resource(&m).is_err());
    }

    #[test]
    fn lint_flags_what_clients_need() {
        let m = md(
            "http://api.example.com/mcp",
            Found::WellKnown,
            serde_json::json!({
                "resource": "http://api.example.com/mcp",
                "bearer_methods_supported": ["header", "query"],
            }),
        );
        let ids: Vec<_> = lint(&m).iter().map(|f| f.id).collect();
        assert!(ids.contains(&"no-authorization-servers"), "{ids:?}");
        assert!(ids.contains(&"plain-http"), "{ids:?}");
        assert!(ids.contains(&"bearer-in-query"), "{ids:?}");
        assert!(ids.contains(&"scopes-absent"), "{ids:?}");
        let clean = md(
            "http://127.0.0.1:3000/mcp",
            Found::WellKnown,
            serde_json::json!({
                "resource": "http://127.0.0.1:3000/mcp",
                "authorization_servers": ["http://127.0.0.1:4000"],
                "scopes_supported": ["mcp:tools"],
                "bearer_methods_supported": ["header"],
            }),
        );
        assert_eq!(lint(&clean), vec![]);
    }
}
