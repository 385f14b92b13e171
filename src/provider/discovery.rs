//! An issuer's metadata: fetching it and linting it.
//!
//! Fetching tries OpenID Connect Discovery (`/.well-known/openid-configuration`
//! appended to the issuer), then RFC 8414 (`/.well-known/oauth-authorization-server`
//! inserted before the issuer's path, §3.1, and appended, as some servers
//! serve it). A location that answers 404/410 or with something that is not
//! a metadata document (HTML, not JSON, JSON without `issuer`) moves on to
//! the next; any other failure (connection, timeout, another HTTP status, a
//! redirect loop, an oversized body) stops with its error, as the next
//! location is on the same server. The `issuer` in the document must equal
//! the one asked for (OIDC Discovery §4.3, RFC 8414 §3.3), or everything
//! after it could be an impostor's: that is an error, not a finding.
//!
//! [`lint`] is a pure function from a document to findings. Nothing here
//! prints.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use crate::http::{HttpClient, Request, status_error};

/// What a metadata request is, in error messages.
const WHAT: &str = "fetching the issuer's metadata from";

/// An issuer's metadata as received.
#[derive(Debug, Clone)]
pub struct ProviderMetadata {
    /// The issuer asked for.
    pub issuer: String,
    /// The URL the document came from.
    pub source_url: String,
    /// Which well-known document answered.
    pub kind: MetadataKind,
    /// The document.
    pub raw: Map<String, Value>,
}

/// Which discovery mechanism answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetadataKind {
    /// OpenID Connect Discovery 1.0.
    OpenidConfiguration,
    /// RFC 8414 authorization server metadata.
    OauthAuthorizationServer,
}

impl MetadataKind {
    /// The spec's name, for people.
    pub fn spec(self) -> &'static str {
        match self {
            MetadataKind::OpenidConfiguration => "OpenID Connect Discovery",
            MetadataKind::OauthAuthorizationServer => "RFC 8414",
        }
    }
}

/// A `*_supported` member, read with the spec's default in mind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Supported<'a> {
    /// Listed in the document.
    Listed(Vec<&'a str>),
    /// Absent; the spec gives this default.
    Default(&'static [&'static str]),
    /// Absent, and the spec gives no default.
    Absent,
    /// Present but not an array of strings.
    Malformed,
}

/// Members whose absence means a default (RFC 8414 §2, OIDC Discovery §3).
const DEFAULTS: &[(&str, &[&str])] = &[
    ("grant_types_supported", &["authorization_code", "implicit"]),
    (
        "token_endpoint_auth_methods_supported",
        &["client_secret_basic"],
    ),
    ("response_modes_supported", &["query", "fragment"]),
];

impl ProviderMetadata {
    /// The token endpoint; with `mtls`, its `mtls_endpoint_aliases` entry
    /// first (see [`ProviderMetadata::endpoint_for`]). A document without
    /// one is a bad response.
    pub fn token_endpoint_for(&self, mtls: bool) -> Result<String> {
        self.endpoint_for("token_endpoint", mtls)?
            .map(str::to_owned)
            .ok_or_else(|| self.bad("the document has no token_endpoint".into()))
    }

    /// The endpoint `name` for a request the client sends itself: with
    /// `mtls` (the client presents a certificate), the document's
    /// `mtls_endpoint_aliases` entry for it when there is one, else the
    /// endpoint (RFC 8705 §5); checked as [`ProviderMetadata::endpoint`]
    /// checks. The one place that makes this choice, for the token,
    /// device authorization, revocation, introspection, userinfo and
    /// pushed authorization request endpoints alike. Endpoints that the
    /// user's browser visits (authorization, end session) are never
    /// aliased: the browser presents no client certificate.
    pub fn endpoint_for(&self, name: &str, mtls: bool) -> Result<Option<&str>> {
        let browser = matches!(
            name,
            "authorization_endpoint" | "end_session_endpoint" | "check_session_iframe"
        );
        if mtls && !browser {
            let alias = format!("mtls_endpoint_aliases.{name}");
            match self
                .raw
                .get("mtls_endpoint_aliases")
                .and_then(|a| a.get(name))
            {
                None | Some(Value::Null) => {}
                Some(Value::String(url)) => return self.usable(&alias, url).map(Some),
                Some(other) => {
                    return Err(self.bad(format!(
                        "its {alias} is {}, not a URL",
                        crate::json::type_name(other)
                    )));
                }
            }
        }
        self.endpoint(name)
    }

    /// An endpoint the document names (`token_endpoint`, `jwks_uri`, …),
    /// for sending a request to: the one place where endpoints are taken
    /// from metadata, so the one place that refuses those that must not be
    /// used. `Ok(None)` when the document has none. Refused, as a bad
    /// response (exit 3), like a redirect that would do the same:
    /// - a URL that is not http or https (a `file:` `jwks_uri`);
    /// - plain http in the metadata of an https issuer, except on loopback
    ///   (RFC 8252 §8.3): the client secret, codes and tokens would cross
    ///   the network in clear and the keys could be swapped on the way
    ///   (RFC 6749 §3.1, §3.2 and OIDC Core §16.17 require TLS).
    ///
    /// `discover` shows such a document as it is, and its lint reports
    /// these endpoints as high.
    pub fn endpoint(&self, name: &str) -> Result<Option<&str>> {
        match self.raw.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(url)) => self.usable(name, url).map(Some),
            Some(other) => Err(self.bad(format!(
                "its {name} is {}, not a URL",
                crate::json::type_name(other)
            ))),
        }
    }

    fn usable<'a>(&self, name: &str, endpoint: &'a str) -> Result<&'a str> {
        let url = url::Url::parse(endpoint)
            .map_err(|e| self.bad(format!("its {name} \"{endpoint}\" is not a URL ({e})")))?;
        match url.scheme() {
            "https" => Ok(endpoint),
            "http" if !self.over_https() || is_loopback(&url) => Ok(endpoint),
            "http" => Err(self.bad(format!(
                "its {name} is plain http ({endpoint}) though the issuer is https; refused, as \
                 secrets and keys would cross the network unprotected (RFC 6749 §3.1, §3.2)"
            ))),
            other => Err(self.bad(format!(
                "its {name} is a {other}: URL ({endpoint}), not http or https; refused"
            ))),
        }
    }

    /// Whether the issuer is https (its endpoints must be too).
    fn over_https(&self) -> bool {
        [&self.issuer, &self.source_url]
            .iter()
            .any(|u| url::Url::parse(u).is_ok_and(|u| u.scheme() == "https"))
    }

    fn bad(&self, detail: String) -> Error {
        Error::BadResponse {
            what: WHAT.into(),
            url: self.source_url.clone(),
            detail,
        }
    }

    /// A string member, as the document has it. For a URL to send a
    /// request to, use [`ProviderMetadata::endpoint`], which refuses those
    /// that must not be used.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.raw.get(name).and_then(Value::as_str)
    }

    /// A string-array member (absent or malformed: `None`).
    pub fn list(&self, name: &str) -> Option<Vec<&str>> {
        match self.supported(name) {
            Supported::Listed(v) => Some(v),
            _ => None,
        }
    }

    /// A string-array member, or the spec's default when it is absent.
    pub fn supported(&self, name: &str) -> Supported<'_> {
        match self.raw.get(name) {
            None | Some(Value::Null) => DEFAULTS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(Supported::Absent, |(_, d)| Supported::Default(d)),
            Some(Value::Array(items)) => items
                .iter()
                .map(Value::as_str)
                .collect::<Option<Vec<&str>>>()
                .map_or(Supported::Malformed, Supported::Listed),
            Some(_) => Supported::Malformed,
        }
    }

    /// `jwks_uri`, checked as [`ProviderMetadata::endpoint`] checks.
    pub fn jwks_uri(&self) -> Result<Option<&str>> {
        self.endpoint("jwks_uri")
    }

    /// The endpoints, in document order: every `*_endpoint` member,
    /// `jwks_uri` and `check_session_iframe`.
    pub fn endpoints(&self) -> Vec<(&str, &str)> {
        self.raw
            .iter()
            .filter(|(k, _)| is_endpoint_member(k))
            .filter_map(|(k, v)| v.as_str().map(|s| (k.as_str(), s)))
            .collect()
    }
}

fn is_endpoint_member(name: &str) -> bool {
    name.ends_with("_endpoint") || name == "jwks_uri" || name == "check_session_iframe"
}

/// The well-known URLs to try for an issuer, in order: OIDC Discovery
/// (path appended), then RFC 8414 (path inserted after the host, §3.1), and
/// for an issuer with a path, RFC 8414 appended as some servers serve it.
pub fn candidate_urls(issuer: &str) -> Result<Vec<(MetadataKind, String)>> {
    let url = url::Url::parse(issuer)
        .map_err(|e| Error::usage(format!("issuer '{issuer}' is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(Error::usage(format!(
            "issuer '{issuer}' is not an http(s) URL"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        // OIDC Discovery §3 / RFC 8414 §2: no query or fragment in an issuer.
        return Err(Error::usage(format!(
            "issuer '{issuer}' must not have a query or fragment"
        )));
    }
    if let Some((base, _)) = issuer.split_once("/.well-known/") {
        return Err(Error::usage(format!(
            "'{issuer}' is a metadata document's URL; give the issuer instead: {}",
            if base.is_empty() { issuer } else { base }
        )));
    }
    let trimmed = issuer.trim_end_matches('/');
    let origin = url.origin().ascii_serialization();
    let path = url.path().trim_end_matches('/');
    let mut out = vec![(
        MetadataKind::OpenidConfiguration,
        format!("{trimmed}/.well-known/openid-configuration"),
    )];
    out.push((
        MetadataKind::OauthAuthorizationServer,
        format!("{origin}/.well-known/oauth-authorization-server{path}"),
    ));
    if !path.is_empty() {
        out.push((
            MetadataKind::OauthAuthorizationServer,
            format!("{trimmed}/.well-known/oauth-authorization-server"),
        ));
    }
    Ok(out)
}

/// The outcome of looking for an issuer's metadata.
#[derive(Debug)]
pub enum Lookup {
    /// A document was found, and names the issuer asked for.
    Found(ProviderMetadata),
    /// No location holds a metadata document; the error says what each
    /// answered.
    Missing(Error),
}

/// Look for an issuer's metadata at each well-known location. `Err` is a
/// failure that ends the search (see the module docs); `Missing` means every
/// location answered, none with metadata.
pub fn lookup(http: &HttpClient, issuer: &str) -> Result<Lookup> {
    let mut misses: Vec<(String, Error)> = Vec::new();
    for (kind, url) in candidate_urls(issuer)? {
        let resp = http.send(&Request::get(WHAT, &url, "application/json"))?;
        if matches!(resp.status, 404 | 410) {
            misses.push((url, status_error(WHAT, &resp)));
            continue;
        }
        if !(200..300).contains(&resp.status) {
            return Err(status_error(WHAT, &resp));
        }
        let raw = match resp.json_object(WHAT) {
            Ok(raw) if raw.contains_key("issuer") => raw,
            Ok(_) => {
                let e = Error::BadResponse {
                    what: WHAT.into(),
                    url: resp.url.clone(),
                    detail: "a JSON object without \"issuer\", not a metadata document".into(),
                };
                misses.push((url, e));
                continue;
            }
            Err(e) => {
                misses.push((url, e));
                continue;
            }
        };
        let md = ProviderMetadata {
            issuer: issuer.to_owned(),
            source_url: resp.url,
            kind,
            raw,
        };
        check_issuer(&md)?;
        return Ok(Lookup::Found(md));
    }
    Ok(Lookup::Missing(missing_error(issuer, misses)))
}

/// The error when no location had metadata: the first answer that says
/// more than "not found", else one line naming every location tried.
fn missing_error(issuer: &str, misses: Vec<(String, Error)>) -> Error {
    nothing_found(
        "looking for the metadata of issuer",
        issuer,
        "no OpenID Connect Discovery or RFC 8414 document",
        misses,
    )
}

/// When none of the well-known locations tried had a document: the first
/// answer that says more than "not found" (a TLS error, a 500), else one
/// line, `what` for `url`, naming each location tried and its status.
pub(crate) fn nothing_found(
    what: &str,
    url: &str,
    nothing: &str,
    mut misses: Vec<(String, Error)>,
) -> Error {
    let not_found = |e: &Error| {
        matches!(
            e,
            Error::HttpStatus {
                status: 404 | 410,
                ..
            }
        )
    };
    if let Some(pos) = misses.iter().position(|(_, e)| !not_found(e)) {
        return misses.swap_remove(pos).1;
    }
    let tried: Vec<String> = misses
        .iter()
        .map(|(url, e)| match e {
            Error::HttpStatus { status, .. } => format!("HTTP {status} at {url}"),
            _ => url.clone(),
        })
        .collect();
    Error::BadResponse {
        what: what.into(),
        url: url.to_owned(),
        detail: format!("{nothing} ({})", tried.join(", ")),
    }
}

/// Fetch an issuer's metadata (see [`lookup`]); no document is an error.
pub fn fetch(http: &HttpClient, issuer: &str) -> Result<ProviderMetadata> {
    match lookup(http, issuer)? {
        Lookup::Found(md) => Ok(md),
        Lookup::Missing(e) => Err(e),
    }
}

/// One endpoint from the issuer's metadata (`name`, e.g.
/// `userinfo_endpoint`), or an error saying the document has none.
pub fn fetch_endpoint(http: &HttpClient, issuer: &str, name: &str) -> Result<String> {
    fetch_endpoint_for(http, issuer, name, false)
}

/// The same, for a client that presents a certificate when `mtls`: the
/// metadata's `mtls_endpoint_aliases` entry first (see
/// [`ProviderMetadata::endpoint_for`]).
pub fn fetch_endpoint_for(
    http: &HttpClient,
    issuer: &str,
    name: &str,
    mtls: bool,
) -> Result<String> {
    let md = fetch(http, issuer)?;
    md.endpoint_for(name, mtls)?
        .map(str::to_owned)
        .ok_or_else(|| md.bad(format!("the document has no {name}")))
}

/// The issuer in the document must be exactly the one asked for
/// (OIDC Discovery §4.3, RFC 8414 §3.3): no normalisation, not even a
/// trailing slash.
pub fn check_issuer(md: &ProviderMetadata) -> Result<()> {
    let bad = |detail: String| Error::BadResponse {
        what: WHAT.into(),
        url: md.source_url.clone(),
        detail,
    };
    match md.raw.get("issuer") {
        Some(Value::String(i)) if *i == md.issuer => Ok(()),
        Some(Value::String(i)) => {
            let hint = if i.trim_end_matches('/') == md.issuer.trim_end_matches('/') {
                "they differ by a trailing slash; "
            } else {
                ""
            };
            Err(bad(format!(
                "issuer mismatch: the document names \"{i}\" but \"{asked}\" was asked for, and \
                 OpenID Connect Discovery §4.3 / RFC 8414 §3.3 require them to be identical, so \
                 the metadata was not used ({hint}if \"{i}\" is the issuer you meant, ask for it \
                 exactly)",
                asked = md.issuer
            )))
        }
        Some(other) => Err(bad(format!(
            "the document's \"issuer\" is {}, not a string",
            crate::jwt::json_type_name(other)
        ))),
        None => Err(bad("the document has no \"issuer\"".into())),
    }
}

// ---------------------------------------------------------------------------
// Lint
// ---------------------------------------------------------------------------

/// Members the lint reads, with the JSON type each must have.
const TYPED_MEMBERS: &[(&str, Kind)] = &[
    ("issuer", Kind::Str),
    ("jwks_uri", Kind::Str),
    ("grant_types_supported", Kind::Strings),
    ("response_types_supported", Kind::Strings),
    ("code_challenge_methods_supported", Kind::Strings),
    ("id_token_signing_alg_values_supported", Kind::Strings),
    ("token_endpoint_auth_methods_supported", Kind::Strings),
    ("scopes_supported", Kind::Strings),
    ("authorization_response_iss_parameter_supported", Kind::Bool),
    ("response_modes_supported", Kind::Strings),
    ("require_pushed_authorization_requests", Kind::Bool),
    ("request_object_signing_alg_values_supported", Kind::Strings),
    ("authorization_signing_alg_values_supported", Kind::Strings),
    ("dpop_signing_alg_values_supported", Kind::Strings),
    ("authorization_details_types_supported", Kind::Strings),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Str,
    Strings,
    Bool,
}

/// Lint a metadata document: each finding with its severity, the offending
/// value and a one-line fix. Most severe first.
pub fn lint(md: &ProviderMetadata) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(malformed_members(md));
    out.extend(plain_http_endpoints(md));
    out.extend(id_token_alg_none(md));
    out.extend(implicit_grant(md));
    out.extend(password_grant(md));
    out.extend(pkce(md));
    out.extend(jwks_uri_missing(md));
    out.extend(iss_parameter(md));
    out.extend(par_required_without_endpoint(md));
    out.extend(dpop_weak_algs(md));
    out.extend(request_object_alg_none(md));
    out.extend(jarm_without_algs(md));
    out.extend(token_exchange(md));
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

/// Whether the server has an authorization endpoint, so that the rules
/// about front-channel flows (implicit by default, PKCE, RFC 9207) apply.
fn has_authorization_endpoint(md: &ProviderMetadata) -> bool {
    md.raw.contains_key("authorization_endpoint")
}

fn malformed_members(md: &ProviderMetadata) -> Vec<Finding> {
    let mut members: Vec<(&str, Kind)> = TYPED_MEMBERS.to_vec();
    members.extend(
        md.raw
            .keys()
            .filter(|k| k.ends_with("_endpoint"))
            .map(|k| (k.as_str(), Kind::Str)),
    );
    members
        .into_iter()
        .filter_map(|(name, kind)| {
            let v = md.raw.get(name)?;
            let ok = match kind {
                Kind::Str => v.is_string(),
                Kind::Bool => v.is_boolean(),
                Kind::Strings => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            };
            let wanted = match kind {
                Kind::Str => "a string",
                Kind::Bool => "a boolean",
                Kind::Strings => "an array of strings",
            };
            (!ok).then(|| Finding {
                id: "malformed-member",
                severity: Severity::Medium,
                message: format!(
                    "{name} is {} ({v}), not {wanted}; clients ignore it or fail",
                    crate::jwt::json_type_name(v)
                ),
                fix: "publish each member with the JSON type its spec defines",
                reference: "RFC 8414 §2; OpenID Connect Discovery §3",
            })
        })
        .collect()
}

/// Whether a URL's host is loopback (where plain http is acceptable,
/// RFC 8252 §8.3).
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.');
            d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn plain_http_endpoints(md: &ProviderMetadata) -> Vec<Finding> {
    let mut urls: Vec<(String, &str)> = Vec::new();
    for (name, value) in &md.raw {
        if name == "issuer" || is_endpoint_member(name) {
            if let Some(s) = value.as_str() {
                urls.push((name.clone(), s));
            }
        } else if name == "mtls_endpoint_aliases"
            && let Some(aliases) = value.as_object()
        {
            for (alias, v) in aliases {
                if let Some(s) = v.as_str() {
                    urls.push((format!("mtls_endpoint_aliases.{alias}"), s));
                }
            }
        }
    }
    urls.into_iter()
        .filter_map(|(name, u)| {
            let url = url::Url::parse(u).ok()?;
            match url.scheme() {
                "https" => None,
                "http" if is_loopback(&url) => None,
                "http" => Some(Finding {
                    id: "plain-http-endpoint",
                    severity: Severity::High,
                    message: format!("{name} is plain http: {u}"),
                    fix: "serve every endpoint over https (plain http is only acceptable on \
                          loopback)",
                    reference: "RFC 6749 §3.1, §3.2; RFC 8414 §2",
                }),
                other => Some(Finding {
                    id: "non-http-endpoint",
                    severity: Severity::High,
                    message: format!("{name} is a {other}: URL, not http or https: {u}"),
                    fix: "name an https URL; clients must not read local files or other \
                          schemes on a server's word",
                    reference: "RFC 8414 §2; OpenID Connect Discovery §3",
                }),
            }
        })
        .collect()
}

fn id_token_alg_none(md: &ProviderMetadata) -> Option<Finding> {
    let algs = md.list("id_token_signing_alg_values_supported")?;
    algs.iter()
        .any(|a| a.eq_ignore_ascii_case("none"))
        .then(|| Finding {
            id: "id-token-alg-none",
            severity: Severity::High,
            message: format!(
                "id_token_signing_alg_values_supported includes none: [{}]",
                algs.join(", ")
            ),
            fix: "remove none and sign every ID token (RS256 or ES256)",
            reference: "OpenID Connect Discovery §3; RFC 8725 §3.1",
        })
}

fn implicit_grant(md: &ProviderMetadata) -> Option<Finding> {
    let mut reasons = Vec::new();
    match md.supported("grant_types_supported") {
        Supported::Listed(g) if g.contains(&"implicit") => {
            reasons.push("grant_types_supported lists implicit".to_owned());
        }
        Supported::Default(_) if has_authorization_endpoint(md) => reasons.push(
            "grant_types_supported is absent, and its default [authorization_code, implicit] \
             enables it"
                .to_owned(),
        ),
        _ => {}
    }
    // Response types that return an access token from the authorization
    // endpoint are the implicit grant whatever grant_types_supported says.
    if let Some(types) = md.list("response_types_supported") {
        let front: Vec<&str> = types
            .into_iter()
            .filter(|t| t.split(' ').any(|p| p == "token"))
            .collect();
        if !front.is_empty() {
            reasons.push(format!(
                "response_types_supported includes {}",
                front
                    .iter()
                    .map(|t| format!("\"{t}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    (!reasons.is_empty()).then(|| Finding {
        id: "implicit-grant",
        severity: Severity::Medium,
        message: format!(
            "the implicit grant is enabled: {} (access tokens in the front channel)",
            reasons.join("; ")
        ),
        fix: "turn the implicit grant off and list grant_types_supported without it",
        reference: "RFC 9700 §2.1.2; OpenID Connect Discovery §3",
    })
}

/// RFC 8693 §2.1's and RFC 7523 §2.1's grant types.
pub const TOKEN_EXCHANGE_GRANT: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
/// See [`TOKEN_EXCHANGE_GRANT`].
pub const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// Issue 14: what a client trading tokens here should expect. The grants
/// are advertised, but whose tokens are accepted (issuers, subjects,
/// audiences) is configuration no metadata publishes; and a server that
/// takes no public clients wants a credential even from a CI job.
fn token_exchange(md: &ProviderMetadata) -> Vec<Finding> {
    let Some(grants) = md.list("grant_types_supported") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let names: Vec<&str> = [
        (TOKEN_EXCHANGE_GRANT, "token exchange (RFC 8693)"),
        (JWT_BEARER_GRANT, "the JWT-bearer grant (RFC 7523)"),
    ]
    .iter()
    .filter(|(g, _)| grants.contains(g))
    .map(|(_, name)| *name)
    .collect();
    if names.is_empty() {
        return out;
    }
    out.push(Finding {
        id: "token-exchange-trust",
        severity: Severity::Info,
        message: format!(
            "grant_types_supported lists {}: which subject tokens it accepts (issuer, subject, \
             audience) is server configuration that metadata does not show; a token it does not \
             trust is refused with invalid_grant, an audience or resource it does not serve with \
             invalid_target",
            names.join(" and ")
        ),
        fix: "check a subject token against the trust rule first (oauthctl validate TOKEN \
              --issuer ISSUER --claim 'sub=PATTERN'), then oauthctl exchange",
        reference: "RFC 8693 §2.2.2; RFC 7523 §3.1",
    });
    if md
        .list("token_endpoint_auth_methods_supported")
        .is_some_and(|m| !m.contains(&"none"))
    {
        out.push(Finding {
            id: "token-exchange-needs-client-auth",
            severity: Severity::Info,
            message: format!(
                "{} is advertised, but token_endpoint_auth_methods_supported has no none: a \
                 public client cannot trade tokens here, so a CI job needs a client credential \
                 (a secret, a key, or its own OIDC token as --client-assertion)",
                names.join(" and ")
            ),
            fix: "register the CI client with private_key_jwt or federated credentials and pass \
                  --client-assertion SRC",
            reference: "RFC 8693 §2.1",
        });
    }
    out
}

fn password_grant(md: &ProviderMetadata) -> Option<Finding> {
    md.list("grant_types_supported")?
        .contains(&"password")
        .then(|| Finding {
            id: "password-grant",
            severity: Severity::High,
            message: "grant_types_supported lists password (the resource owner password \
                      credentials grant)"
                .into(),
            fix: "turn the password grant off; use authorization code with PKCE or the device grant",
            reference: "RFC 9700 §2.4",
        })
}

fn pkce(md: &ProviderMetadata) -> Option<Finding> {
    if !has_authorization_endpoint(md) {
        return None;
    }
    let methods = match md.supported("code_challenge_methods_supported") {
        Supported::Listed(m) => m,
        Supported::Absent | Supported::Default(_) => Vec::new(),
        Supported::Malformed => return None,
    };
    if methods.contains(&"S256") {
        return None;
    }
    if methods.contains(&"plain") {
        return Some(Finding {
            id: "pkce-plain-only",
            severity: Severity::Medium,
            message: format!(
                "code_challenge_methods_supported offers plain but not S256: [{}]",
                methods.join(", ")
            ),
            fix: "support S256 (plain sends the verifier itself in the authorization request)",
            reference: "RFC 7636 §4.2, §7.2; RFC 9700 §2.1.1",
        });
    }
    Some(Finding {
        id: "pkce-not-advertised",
        severity: Severity::Medium,
        message: if methods.is_empty() {
            "code_challenge_methods_supported is absent: no PKCE support is advertised".into()
        } else {
            format!(
                "code_challenge_methods_supported has no S256: [{}]",
                methods.join(", ")
            )
        },
        fix: "support PKCE with S256 and list it in code_challenge_methods_supported",
        reference: "RFC 7636 §4.2; RFC 8414 §2; RFC 9700 §2.1.1",
    })
}

fn jwks_uri_missing(md: &ProviderMetadata) -> Option<Finding> {
    if md.raw.contains_key("jwks_uri") {
        return None;
    }
    // OIDC Discovery §3 makes jwks_uri REQUIRED; RFC 8414 §2 leaves it
    // optional for a server that signs nothing.
    let oidc = md.kind == MetadataKind::OpenidConfiguration
        || md.raw.contains_key("id_token_signing_alg_values_supported");
    Some(Finding {
        id: "jwks-uri-missing",
        severity: if oidc { Severity::High } else { Severity::Low },
        message: if oidc {
            "jwks_uri is missing, though OpenID Connect requires it: clients cannot verify ID \
             tokens"
                .into()
        } else {
            "jwks_uri is missing: clients cannot verify anything this server signs".into()
        },
        fix: "publish the signing keys as a JWK Set and name it in jwks_uri",
        reference: "OpenID Connect Discovery §3; RFC 8414 §2",
    })
}

fn iss_parameter(md: &ProviderMetadata) -> Option<Finding> {
    if !has_authorization_endpoint(md) {
        return None;
    }
    match md.raw.get("authorization_response_iss_parameter_supported") {
        Some(Value::Bool(true)) => None,
        Some(Value::Bool(false)) | None => Some(Finding {
            id: "iss-parameter-not-supported",
            severity: Severity::Low,
            message: "authorization_response_iss_parameter_supported is not true: clients cannot \
                      tell which issuer an authorization response came from (mix-up attacks)"
                .into(),
            fix: "send iss in authorization responses and set \
                  authorization_response_iss_parameter_supported to true",
            reference: "RFC 9207 §2.4, §3",
        }),
        Some(_) => None, // malformed-member reports it
    }
}

fn par_required_without_endpoint(md: &ProviderMetadata) -> Option<Finding> {
    let required = md.raw.get("require_pushed_authorization_requests") == Some(&Value::Bool(true));
    (required && !md.raw.contains_key("pushed_authorization_request_endpoint")).then(|| Finding {
        id: "par-required-without-endpoint",
        severity: Severity::High,
        message: "require_pushed_authorization_requests is true, but there is no \
                  pushed_authorization_request_endpoint: no client can start a login"
            .into(),
        fix: "publish pushed_authorization_request_endpoint, or stop requiring pushed requests",
        reference: "RFC 9126 §5",
    })
}

/// Algorithm names that sign nothing a server could not forge itself:
/// `none` and the HMACs.
fn symmetric_or_none<'a>(algs: &[&'a str]) -> Vec<&'a str> {
    algs.iter()
        .copied()
        .filter(|a| a.eq_ignore_ascii_case("none") || a.to_ascii_uppercase().starts_with("HS"))
        .collect()
}

fn dpop_weak_algs(md: &ProviderMetadata) -> Option<Finding> {
    let algs = md.list("dpop_signing_alg_values_supported")?;
    let weak = symmetric_or_none(&algs);
    (!weak.is_empty()).then(|| Finding {
        id: "dpop-symmetric-alg",
        severity: Severity::High,
        message: format!(
            "dpop_signing_alg_values_supported includes {}: a DPoP proof must be signed with an \
             asymmetric key whose public half it carries",
            weak.join(", ")
        ),
        fix: "list only asymmetric algorithms (ES256, PS256, EdDSA…) and refuse proofs with others",
        reference: "RFC 9449 §4.3, §5.1",
    })
}

fn request_object_alg_none(md: &ProviderMetadata) -> Option<Finding> {
    let algs = md.list("request_object_signing_alg_values_supported")?;
    algs.iter()
        .any(|a| a.eq_ignore_ascii_case("none"))
        .then(|| Finding {
            id: "request-object-alg-none",
            severity: Severity::Medium,
            message: format!(
                "request_object_signing_alg_values_supported includes none: [{}] (anyone can \
                 write an unsigned request object in a client's name)",
                algs.join(", ")
            ),
            fix: "remove none and accept only request objects signed with the client's key",
            reference: "RFC 9101 §10.2; FAPI 2.0 Message Signing §5.3",
        })
}

fn jarm_without_algs(md: &ProviderMetadata) -> Option<Finding> {
    let modes = md.list("response_modes_supported")?;
    let jwt: Vec<&str> = modes
        .into_iter()
        .filter(|m| *m == "jwt" || m.ends_with(".jwt"))
        .collect();
    if jwt.is_empty()
        || md
            .raw
            .contains_key("authorization_signing_alg_values_supported")
    {
        return None;
    }
    Some(Finding {
        id: "jarm-without-signing-algs",
        severity: Severity::Low,
        message: format!(
            "response_modes_supported offers {} but authorization_signing_alg_values_supported \
             is absent: clients cannot tell which algorithm signs the responses",
            jwt.join(", ")
        ),
        fix: "list the algorithms that sign JWT-secured authorization responses in \
              authorization_signing_alg_values_supported",
        reference: "JARM (OpenID Financial-grade API: JWT Secured Authorization Response Mode) §4",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn well_known_locations_follow_rfc8414_path_insertion() {
        let c = candidate_urls("https://idp.example/realms/demo").unwrap();
        let urls: Vec<&str> = c.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://idp.example/realms/demo/.well-known/openid-configuration",
                "https://idp.example/.well-known/oauth-authorization-server/realms/demo",
                "https://idp.example/realms/demo/.well-known/oauth-authorization-server",
            ]
        );
        let c = candidate_urls("https://idp.example/").unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[0].1,
            "https://idp.example/.well-known/openid-configuration"
        );
        assert!(candidate_urls("https://idp.example/?x=1").is_err());
        assert!(candidate_urls("ftp://idp.example").is_err());
    }

    #[test]
    fn a_discovery_url_is_not_an_issuer() {
        let err = candidate_urls("https://idp.example/realms/x/.well-known/openid-configuration")
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("give the issuer instead: https://idp.example/realms/x"),
            "{err}"
        );
        assert_eq!(err.exit_status().code(), 2);
    }

    fn md(doc: Value) -> ProviderMetadata {
        ProviderMetadata {
            issuer: "https://idp.example".into(),
            source_url: "https://idp.example/.well-known/openid-configuration".into(),
            kind: MetadataKind::OpenidConfiguration,
            raw: doc.as_object().cloned().unwrap(),
        }
    }

    /// A document with nothing to say about it.
    fn clean() -> Value {
        json!({
            "issuer": "https://idp.example",
            "authorization_endpoint": "https://idp.example/authorize",
            "token_endpoint": "https://idp.example/token",
            "jwks_uri": "https://idp.example/jwks",
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "authorization_response_iss_parameter_supported": true
        })
    }

    fn with(changes: Value) -> ProviderMetadata {
        let mut doc = clean();
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                doc.as_object_mut().unwrap().remove(k);
            } else {
                doc[k] = v.clone();
            }
        }
        md(doc)
    }

    fn ids(md: &ProviderMetadata) -> Vec<&'static str> {
        lint(md).iter().map(|f| f.id).collect()
    }

    #[test]
    fn advanced_request_metadata_is_linted() {
        let clean_advanced = with(json!({
            "pushed_authorization_request_endpoint": "https://idp.example/par",
            "require_pushed_authorization_requests": true,
            "dpop_signing_alg_values_supported": ["ES256", "PS256"],
            "request_object_signing_alg_values_supported": ["RS256"],
            "response_modes_supported": ["query", "jwt", "query.jwt"],
            "authorization_signing_alg_values_supported": ["RS256"],
        }));
        assert_eq!(ids(&clean_advanced), Vec::<&str>::new());
        assert_eq!(
            ids(&with(
                json!({"require_pushed_authorization_requests": true})
            )),
            ["par-required-without-endpoint"]
        );
        assert_eq!(
            ids(&with(
                json!({"dpop_signing_alg_values_supported": ["ES256", "HS256"]})
            )),
            ["dpop-symmetric-alg"]
        );
        assert_eq!(
            ids(&with(
                json!({"dpop_signing_alg_values_supported": ["none"]})
            )),
            ["dpop-symmetric-alg"]
        );
        assert_eq!(
            ids(&with(
                json!({"request_object_signing_alg_values_supported": ["RS256", "none"]})
            )),
            ["request-object-alg-none"]
        );
        assert_eq!(
            ids(&with(
                json!({"response_modes_supported": ["query", "form_post.jwt"]})
            )),
            ["jarm-without-signing-algs"]
        );
        assert_eq!(
            ids(&with(
                json!({"response_modes_supported": ["query", "form_post"]})
            )),
            Vec::<&str>::new()
        );
        assert_eq!(
            ids(&with(
                json!({"require_pushed_authorization_requests": "yes"})
            )),
            ["malformed-member"]
        );
    }

    #[test]
    fn a_clean_document_has_no_findings() {
        assert_eq!(lint(&md(clean())), vec![]);
    }

    #[test]
    fn issuer_must_match_exactly() {
        let mut m = md(clean());
        assert!(check_issuer(&m).is_ok());
        m.issuer = "https://idp.example/".into();
        let err = check_issuer(&m).unwrap_err().to_string();
        assert!(err.contains("issuer mismatch"), "{err}");
        assert!(err.contains("trailing slash"), "{err}");
        m.issuer = "https://other.example".into();
        let err = check_issuer(&m).unwrap_err();
        assert!(!err.to_string().contains("trailing slash"), "{err}");
        assert_eq!(err.exit_status().code(), 3);
    }

    #[test]
    fn plain_http_endpoints_except_loopback() {
        let m = with(json!({
            "token_endpoint": "http://idp.example/token",
            "userinfo_endpoint": "http://127.0.0.1:8080/userinfo",
            "end_session_endpoint": "http://localhost/logout",
            "mtls_endpoint_aliases": {"token_endpoint": "http://mtls.idp.example/token"}
        }));
        let f = lint(&m);
        let msgs: Vec<&str> = f
            .iter()
            .filter(|f| f.id == "plain-http-endpoint")
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(
            msgs,
            [
                "token_endpoint is plain http: http://idp.example/token",
                "mtls_endpoint_aliases.token_endpoint is plain http: http://mtls.idp.example/token"
            ]
        );
        assert!(f.iter().all(|f| f.severity == Severity::High));
        let m = with(json!({"jwks_uri": "file:///etc/passwd"}));
        let f = lint(&m);
        assert_eq!(ids(&m), ["non-http-endpoint"]);
        assert_eq!(f[0].severity, Severity::High);
        assert!(
            f[0].message.contains("jwks_uri is a file: URL"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn endpoints_of_an_https_issuer_must_be_https_except_on_loopback() {
        let m = with(json!({
            "token_endpoint": "http://idp.example/token",
            "jwks_uri": "http://idp.example/jwks",
            "mtls_endpoint_aliases": {"token_endpoint": "http://mtls.idp.example/token"},
            "userinfo_endpoint": "http://127.0.0.1:8080/userinfo",
            "revocation_endpoint": "http://[::1]/revoke",
            "end_session_endpoint": "http://localhost/logout",
            "introspection_endpoint": "https://idp.example/introspect"
        }));
        for e in [
            m.endpoint("token_endpoint").unwrap_err(),
            m.jwks_uri().unwrap_err(),
            m.token_endpoint_for(false).unwrap_err(),
            m.token_endpoint_for(true).unwrap_err(),
        ] {
            assert!(e.to_string().contains("is plain http"), "{e}");
            assert!(e.to_string().contains("refused"), "{e}");
            assert_eq!(e.exit_status().code(), 3, "{e}");
        }
        for (name, url) in [
            ("userinfo_endpoint", "http://127.0.0.1:8080/userinfo"),
            ("revocation_endpoint", "http://[::1]/revoke"),
            ("end_session_endpoint", "http://localhost/logout"),
            ("introspection_endpoint", "https://idp.example/introspect"),
        ] {
            assert_eq!(m.endpoint(name).unwrap(), Some(url));
        }
        assert_eq!(m.endpoint("registration_endpoint").unwrap(), None);
        // The same document from a plain-http issuer: nothing to downgrade.
        let mut plain = m.clone();
        plain.issuer = "http://idp.example".into();
        plain.source_url = "http://idp.example/.well-known/openid-configuration".into();
        assert_eq!(
            plain.token_endpoint_for(false).unwrap(),
            "http://idp.example/token"
        );
    }

    #[test]
    fn mtls_aliases_apply_to_every_endpoint_the_client_calls_itself() {
        let m = with(json!({
            "mtls_endpoint_aliases": {
                "token_endpoint": "https://mtls.idp.example/token",
                "device_authorization_endpoint": "https://mtls.idp.example/device",
                "revocation_endpoint": "https://mtls.idp.example/revoke",
                "introspection_endpoint": "https://mtls.idp.example/introspect",
                "userinfo_endpoint": "https://mtls.idp.example/me",
                "pushed_authorization_request_endpoint": "https://mtls.idp.example/par",
                "authorization_endpoint": "https://mtls.idp.example/authorize",
                "end_session_endpoint": "https://mtls.idp.example/logout",
                "registration_endpoint": 7
            },
            "device_authorization_endpoint": "https://idp.example/device",
            "revocation_endpoint": "https://idp.example/revoke",
            "introspection_endpoint": "https://idp.example/introspect",
            "userinfo_endpoint": "https://idp.example/me",
            "pushed_authorization_request_endpoint": "https://idp.example/par",
            "end_session_endpoint": "https://idp.example/logout",
            "registration_endpoint": "https://idp.example/register"
        }));
        for (name, path) in [
            ("token_endpoint", "token"),
            ("device_authorization_endpoint", "device"),
            ("revocation_endpoint", "revoke"),
            ("introspection_endpoint", "introspect"),
            ("userinfo_endpoint", "me"),
            ("pushed_authorization_request_endpoint", "par"),
        ] {
            assert_eq!(
                m.endpoint_for(name, true).unwrap(),
                Some(format!("https://mtls.idp.example/{path}").as_str()),
                "{name}"
            );
            assert_eq!(
                m.endpoint_for(name, false).unwrap(),
                Some(format!("https://idp.example/{path}").as_str()),
                "{name} without a certificate"
            );
        }
        // The browser presents no certificate: its endpoints are not aliased.
        assert_eq!(
            m.endpoint_for("authorization_endpoint", true).unwrap(),
            Some("https://idp.example/authorize")
        );
        assert_eq!(
            m.endpoint_for("end_session_endpoint", true).unwrap(),
            Some("https://idp.example/logout")
        );
        // An endpoint with no alias is the endpoint; a malformed alias is
        // the server's fault (exit 3), not silently skipped.
        assert_eq!(
            m.endpoint_for("jwks_uri", true).unwrap(),
            Some("https://idp.example/jwks")
        );
        let e = m.endpoint_for("registration_endpoint", true).unwrap_err();
        assert!(
            e.to_string()
                .contains("mtls_endpoint_aliases.registration_endpoint is a number"),
            "{e}"
        );
        assert_eq!(e.exit_status().code(), 3);
        assert_eq!(
            m.token_endpoint_for(true).unwrap(),
            "https://mtls.idp.example/token"
        );
    }

    #[test]
    fn endpoints_must_be_http_urls() {
        let m = with(json!({"jwks_uri": "file:///etc/passwd", "token_endpoint": 42}));
        let e = m.jwks_uri().unwrap_err();
        assert!(e.to_string().contains("file: URL"), "{e}");
        assert_eq!(e.exit_status().code(), 3, "the server's fault: {e}");
        let e = m.token_endpoint_for(false).unwrap_err();
        assert!(e.to_string().contains("token_endpoint is a number"), "{e}");
        assert_eq!(e.exit_status().code(), 3);
    }

    #[test]
    fn alg_none_for_id_tokens() {
        let m = with(json!({"id_token_signing_alg_values_supported": ["RS256", "none"]}));
        assert_eq!(ids(&m), ["id-token-alg-none"]);
    }

    #[test]
    fn implicit_grant_listed_defaulted_or_by_response_type() {
        let m = with(json!({"grant_types_supported": ["authorization_code", "implicit"]}));
        assert_eq!(ids(&m), ["implicit-grant"]);
        let m = with(json!({"grant_types_supported": null}));
        let f = lint(&m);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("absent"), "{}", f[0].message);
        let m = with(json!({"response_types_supported": ["code", "id_token token"]}));
        assert_eq!(ids(&m), ["implicit-grant"]);
        // Absent grant types on a server without an authorization endpoint:
        // the default cannot be used.
        let m = with(json!({"grant_types_supported": null, "authorization_endpoint": null}));
        assert_eq!(ids(&m), Vec::<&str>::new());
    }

    #[test]
    fn password_grant() {
        let m = with(json!({
            "grant_types_supported": [TOKEN_EXCHANGE_GRANT],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }));
        let found = ids(&m);
        assert!(found.contains(&"token-exchange-trust"), "{found:?}");
        assert!(
            found.contains(&"token-exchange-needs-client-auth"),
            "{found:?}"
        );
        let m = with(json!({"grant_types_supported": ["authorization_code"]}));
        assert!(!lint(&m).iter().any(|f| f.id.starts_with("token-exchange")));
        let m = with(json!({"grant_types_supported": ["authorization_code", "password"]}));
        assert_eq!(ids(&m), ["password-grant"]);
        assert_eq!(lint(&m)[0].severity, Severity::High);
    }

    #[test]
    fn pkce_absent_or_plain_only() {
        let m = with(json!({"code_challenge_methods_supported": null}));
        assert_eq!(ids(&m), ["pkce-not-advertised"]);
        let m = with(json!({"code_challenge_methods_supported": []}));
        assert_eq!(ids(&m), ["pkce-not-advertised"]);
        let m = with(json!({"code_challenge_methods_supported": ["plain"]}));
        assert_eq!(ids(&m), ["pkce-plain-only"]);
        let m = with(json!({"code_challenge_methods_supported": ["plain", "S256"]}));
        assert_eq!(ids(&m), Vec::<&str>::new());
    }

    #[test]
    fn jwks_uri_missing_is_high_for_openid_low_for_oauth() {
        let m = with(json!({"jwks_uri": null}));
        let f = lint(&m);
        assert_eq!(
            (f[0].id, f[0].severity),
            ("jwks-uri-missing", Severity::High)
        );
        let mut m = with(json!({"jwks_uri": null, "id_token_signing_alg_values_supported": null}));
        m.kind = MetadataKind::OauthAuthorizationServer;
        let f = lint(&m);
        assert_eq!(
            (f[0].id, f[0].severity),
            ("jwks-uri-missing", Severity::Low)
        );
    }

    #[test]
    fn iss_response_parameter() {
        let m = with(json!({"authorization_response_iss_parameter_supported": null}));
        assert_eq!(ids(&m), ["iss-parameter-not-supported"]);
        let m = with(json!({"authorization_response_iss_parameter_supported": false}));
        assert_eq!(ids(&m), ["iss-parameter-not-supported"]);
    }

    #[test]
    fn malformed_members_are_reported_not_ignored() {
        let m = with(json!({"grant_types_supported": "password", "token_endpoint": 42}));
        let f = lint(&m);
        assert_eq!(ids(&m), ["malformed-member", "malformed-member"]);
        assert!(f[0].message.contains("grant_types_supported is a string"));
    }

    #[test]
    fn findings_come_most_severe_first() {
        let m = with(json!({
            "authorization_response_iss_parameter_supported": null,
            "grant_types_supported": ["password"]
        }));
        assert_eq!(ids(&m), ["password-grant", "iss-parameter-not-supported"]);
    }

    #[test]
    fn defaults_apply_only_when_absent() {
        let m = with(json!({"grant_types_supported": null}));
        assert_eq!(
            m.supported("grant_types_supported"),
            Supported::Default(&["authorization_code", "implicit"])
        );
        assert_eq!(m.supported("scopes_supported"), Supported::Absent);
        assert_eq!(
            m.supported("response_types_supported"),
            Supported::Listed(vec!["code"])
        );
    }
}
