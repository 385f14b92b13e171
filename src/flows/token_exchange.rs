//! Trading one token for another: OAuth 2.0 Token Exchange (RFC 8693) and
//! the JWT-bearer authorization grant (RFC 7523 §2.1), e.g. a CI job's
//! OIDC token for an access token. The `oauth2` crate has neither grant,
//! so the form is built here (with the client's authentication exactly as
//! the crate sends it, [`ClientAuth::request_auth`]) and sent through
//! [`exchange::send_renewing`] like every token request.

use oauth2::basic::{BasicErrorResponse, BasicTokenType};
use oauth2::{ExtraTokenFields, RequestTokenError, StandardTokenResponse};
use serde::{Deserialize, Serialize};

use super::cache::TokenCache;
use super::client_auth::ClientAuth;
use super::client_credentials::TokenEndpoint;
use super::{TokenSet, exchange};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::secret::Secret;
use crate::sources::{Source, SourceContext};

/// RFC 8693 §2.1: the token-exchange grant type.
pub const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
/// RFC 7523 §2.1: the JWT-bearer authorization grant type.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// RFC 8693 §3: the token type identifiers, by their short names.
pub const TOKEN_TYPES: &[(&str, &str)] = &[
    (
        "access_token",
        "urn:ietf:params:oauth:token-type:access_token",
    ),
    (
        "refresh_token",
        "urn:ietf:params:oauth:token-type:refresh_token",
    ),
    ("id_token", "urn:ietf:params:oauth:token-type:id_token"),
    ("jwt", "urn:ietf:params:oauth:token-type:jwt"),
    ("saml1", "urn:ietf:params:oauth:token-type:saml1"),
    ("saml2", "urn:ietf:params:oauth:token-type:saml2"),
];

/// A token type as sent: a short name of [`TOKEN_TYPES`] becomes its URN;
/// a URI (anything with a `:`) is taken as it is; anything else is a usage
/// error listing the short names.
pub fn token_type(name: &str) -> Result<String> {
    if let Some((_, urn)) = TOKEN_TYPES.iter().find(|(short, _)| *short == name) {
        return Ok((*urn).to_owned());
    }
    if name.contains(':') {
        return Ok(name.to_owned());
    }
    let names: Vec<&str> = TOKEN_TYPES.iter().map(|(s, _)| *s).collect();
    Err(Error::usage(format!(
        "unknown token type {name:?}: use one of {} or a URN",
        names.join(", ")
    )))
}

/// The type of a subject or actor token given without one: a JWT (three
/// dot-separated parts) is `jwt`, anything else an `access_token`.
pub fn default_token_type(token: &str) -> String {
    let short = if token.split('.').count() == 3 {
        "jwt"
    } else {
        "access_token"
    };
    // The table holds both names.
    token_type(short).unwrap_or_default()
}

/// Which grant carries the subject token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantKind {
    /// RFC 8693: `subject_token` and its type, optionally an actor token.
    TokenExchange,
    /// RFC 7523 §2.1: the subject token as the `assertion`.
    JwtBearer,
}

/// A token and its type (RFC 8693 §2.1).
#[derive(Debug)]
pub struct TypedToken {
    /// The token.
    pub token: Secret<String>,
    /// Its type URN.
    pub token_type: String,
}

/// What to trade, and for what.
#[derive(Debug)]
pub struct Exchange {
    /// Token endpoint.
    pub token_endpoint: TokenEndpoint,
    /// The client and its authentication (a public client sends only its ID).
    pub auth: ClientAuth,
    /// Which grant.
    pub kind: GrantKind,
    /// The subject token (the assertion, for [`GrantKind::JwtBearer`]).
    pub subject: TypedToken,
    /// The actor token, for delegation (RFC 8693 §1.1).
    pub actor: Option<TypedToken>,
    /// `requested_token_type`.
    pub requested_token_type: Option<String>,
    /// `audience`.
    pub audience: Option<String>,
    /// RFC 8707 / RFC 8693 `resource`s.
    pub resources: Vec<String>,
    /// Scopes.
    pub scopes: Vec<String>,
    /// Extra parameters.
    pub params: Vec<(String, String)>,
}

/// A SHA-256 of a token, hex: what the cache key holds instead of it.
fn token_hash(token: &str) -> String {
    hex::encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, token.as_bytes()).as_ref())
}

impl Exchange {
    /// A stable key for the cache: every request parameter (as for
    /// `client-credentials`), and the SHA-256 of the subject and actor
    /// tokens, so a new CI job token misses. The tokens themselves are not
    /// part of it.
    pub fn cache_key(&self) -> String {
        let mut scopes = self.scopes.clone();
        scopes.sort();
        let mut resources = self.resources.clone();
        resources.sort();
        let mut params = self.params.clone();
        params.sort();
        let typed = |t: &TypedToken| (token_hash(t.token.expose()), t.token_type.clone());
        let material = serde_json::json!([
            "exchange",
            self.token_endpoint.cache_name(),
            self.auth.client_id(),
            self.auth.method(),
            match self.kind {
                GrantKind::TokenExchange => TOKEN_EXCHANGE,
                GrantKind::JwtBearer => JWT_BEARER,
            },
            typed(&self.subject),
            self.actor.as_ref().map(typed),
            self.requested_token_type,
            self.audience,
            resources,
            scopes,
            params,
        ]);
        let digest =
            aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, material.to_string().as_bytes());
        format!("x-{}", hex::encode(&digest.as_ref()[..16]))
    }

    /// The grant's form parameters, without the client's authentication.
    pub fn form(&self) -> Vec<(String, String)> {
        let mut form: Vec<(String, String)> = Vec::new();
        let mut add = |k: &str, v: &str| form.push((k.to_owned(), v.to_owned()));
        match self.kind {
            GrantKind::TokenExchange => {
                add("grant_type", TOKEN_EXCHANGE);
                add("subject_token", self.subject.token.expose());
                add("subject_token_type", &self.subject.token_type);
                if let Some(a) = &self.actor {
                    add("actor_token", a.token.expose());
                    add("actor_token_type", &a.token_type);
                }
                if let Some(r) = &self.requested_token_type {
                    add("requested_token_type", r);
                }
            }
            GrantKind::JwtBearer => {
                add("grant_type", JWT_BEARER);
                add("assertion", self.subject.token.expose());
            }
        }
        if let Some(a) = &self.audience {
            add("audience", a);
        }
        for r in &self.resources {
            add("resource", r);
        }
        if !self.scopes.is_empty() {
            add("scope", &self.scopes.join(" "));
        }
        for (k, v) in &self.params {
            add(k, v);
        }
        form
    }
}

/// The variables that identify one CI job's requests for a fetched
/// source: a new job (a new request token) is a new cache entry.
fn job_identity(source: &Source) -> Option<&'static [&'static str]> {
    match source {
        Source::GithubActions { .. } => Some(&[
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        ]),
        Source::AzurePipelines { .. } => Some(&["SYSTEM_OIDCREQUESTURI", "SYSTEM_ACCESSTOKEN"]),
        Source::Buildkite { .. } => Some(&["BUILDKITE_JOB_ID", "BUILDKITE_AGENT_ACCESS_TOKEN"]),
        _ => None,
    }
}

/// The `exp` of a JWT, unverified (only to know how long to keep it).
fn jwt_exp(token: &str) -> Option<i64> {
    match crate::jwt::parse(token).ok()? {
        crate::jwt::Parsed::Jws(jws) => jws.claims.ok()?.get("exp")?.as_i64(),
        _ => None,
    }
}

/// Read a token source. A CI identity token fetched over HTTP or from an
/// agent (`github-actions`, `azure-pipelines`, `buildkite`) is kept in
/// `cache` while it has more than `min_ttl` seconds left, keyed by the
/// spec and a hash of the job's request variables: repeated calls in one
/// job reuse it (so they hit the exchange cache too), the next job asks
/// again. Other sources are read every time (they are local and cheap).
pub fn read_source(
    spec: &str,
    ctx: &SourceContext<'_>,
    cache: Option<&TokenCache>,
    clock: &dyn Clock,
    min_ttl: i64,
) -> Result<Secret<String>> {
    let source = Source::parse(spec)?;
    let (Some(cache), Some(vars)) = (cache, job_identity(&source)) else {
        return source.read(ctx);
    };
    let job: Vec<Option<String>> = vars.iter().map(|v| (ctx.env)(v)).collect();
    let key = format!(
        "src-{}",
        &token_hash(&serde_json::json!([spec, job]).to_string())[..32]
    );
    let fetch = || -> Result<TokenSet> {
        let token = source.read(ctx)?;
        let exp = jwt_exp(token.expose());
        Ok(TokenSet {
            access_token: token,
            token_type: "N_A".into(),
            expires_at: exp,
            expires_in: None,
            refresh_token: None,
            id_token: None,
            scope: None,
            authorization_details: None,
            issued_token_type: Some(JWT_TOKEN_TYPE.into()),
        })
    };
    // A cache that cannot be written is no reason to fail: the token is good.
    let (set, _) = cache.get_or_fetch(&key, clock, min_ttl, fetch)?;
    Ok(set.access_token)
}

const JWT_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:jwt";

/// RFC 8693 §2.2.1's member beyond RFC 6749's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ExchangeFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    issued_token_type: Option<String>,
}

impl ExtraTokenFields for ExchangeFields {}

const WHAT: &str = "exchanging a token at";

/// Ask the token endpoint to trade the subject token. A refusal
/// (`invalid_grant`, `invalid_target`, an expired subject) is an OAuth
/// error (exit 4) with the server's description.
pub fn request(http: &HttpClient, clock: &dyn Clock, grant: &Exchange) -> Result<TokenSet> {
    let endpoint = grant.token_endpoint.resolve(http)?;
    exchange::token_url(&endpoint)?;
    let now = clock.now();
    let auth = grant
        .auth
        .request_auth(&endpoint, now)
        .map_err(|e| Error::input("signing the client assertion", e))?;
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.extend_pairs(grant.form()).extend_pairs(auth.form);
    let mut builder = oauth2::http::Request::builder()
        .method(oauth2::http::Method::POST)
        .uri(endpoint.as_str())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json");
    for (k, v) in &auth.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let req = builder
        .body(form.finish().into_bytes())
        .map_err(|e| Error::usage(format!("token endpoint {endpoint}: {e}")))?;
    let resp = exchange::send_renewing(
        http,
        clock,
        WHAT,
        req,
        &grant.auth.renewal(&endpoint, clock),
    )?;
    let body = resp.body();
    if !resp.status().is_success() {
        let err = match serde_json::from_slice::<BasicErrorResponse>(body) {
            Ok(r) => RequestTokenError::ServerResponse(r),
            Err(e) => RequestTokenError::Other(format!(
                "HTTP {} that is no OAuth error response ({e})",
                resp.status().as_u16()
            )),
        };
        return Err(exchange::token_error(WHAT, &endpoint, err));
    }
    let parsed: StandardTokenResponse<ExchangeFields, BasicTokenType> =
        serde_json::from_slice(body).map_err(|e| Error::BadResponse {
            what: WHAT.to_owned(),
            url: endpoint.clone(),
            detail: format!("not a token response ({} bytes): {e}", body.len()),
        })?;
    let mut set = exchange::token_set(&parsed, now, WHAT, &endpoint)?;
    set.issued_token_type = parsed.extra_fields().issued_token_type.clone();
    set.granted_details_from(body);
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(kind: GrantKind, subject: &str) -> Exchange {
        Exchange {
            token_endpoint: TokenEndpoint::Url("https://as.example/token".into()),
            auth: ClientAuth::None {
                client_id: "cli".into(),
            },
            kind,
            subject: TypedToken {
                token: subject.to_owned().into(),
                token_type: default_token_type(subject),
            },
            actor: None,
            requested_token_type: None,
            audience: Some("api".into()),
            resources: vec!["https://b".into(), "https://a".into()],
            scopes: vec!["read".into(), "write".into()],
            params: vec![],
        }
    }

    #[test]
    fn short_names_become_urns_and_others_are_refused() {
        assert_eq!(
            token_type("id_token").unwrap(),
            "urn:ietf:params:oauth:token-type:id_token"
        );
        assert_eq!(token_type("urn:x:y").unwrap(), "urn:x:y");
        let e = token_type("idtoken").unwrap_err().to_string();
        assert!(
            e.contains("access_token, refresh_token, id_token, jwt"),
            "{e}"
        );
        assert_eq!(
            default_token_type("a.b.c"),
            "urn:ietf:params:oauth:token-type:jwt"
        );
        assert_eq!(
            default_token_type("opaque"),
            "urn:ietf:params:oauth:token-type:access_token"
        );
    }

    #[test]
    fn the_form_follows_each_grant() {
        let g = grant(GrantKind::TokenExchange, "a.b.c");
        let form = g.form();
        let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("grant_type"), Some(TOKEN_EXCHANGE));
        assert_eq!(get("subject_token"), Some("a.b.c"));
        assert_eq!(get("scope"), Some("read write"));
        assert_eq!(get("assertion"), None);
        let g = grant(GrantKind::JwtBearer, "a.b.c");
        let form = g.form();
        let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("grant_type"), Some(JWT_BEARER));
        assert_eq!(get("assertion"), Some("a.b.c"));
        assert_eq!(get("subject_token"), None);
    }

    #[test]
    fn the_cache_key_holds_every_parameter_and_the_subject_hash() {
        let a = grant(GrantKind::TokenExchange, "a.b.c");
        let key = a.cache_key();
        assert!(!key.contains("a.b.c"));
        assert_eq!(key, grant(GrantKind::TokenExchange, "a.b.c").cache_key());
        assert_ne!(key, grant(GrantKind::TokenExchange, "a.b.d").cache_key());
        assert_ne!(key, grant(GrantKind::JwtBearer, "a.b.c").cache_key());
        let mut b = grant(GrantKind::TokenExchange, "a.b.c");
        b.resources.reverse();
        assert_eq!(key, b.cache_key(), "order of resources does not matter");
        b.audience = Some("other".into());
        assert_ne!(key, b.cache_key());
        let mut c = grant(GrantKind::TokenExchange, "a.b.c");
        c.actor = Some(TypedToken {
            token: "x.y.z".to_owned().into(),
            token_type: default_token_type("x.y.z"),
        });
        assert_ne!(key, c.cache_key());
    }
}
