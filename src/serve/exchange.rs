//! Token exchange (RFC 8693) and JWT-bearer grants (RFC 7523 §2.1) against
//! trust rules, and `--ci-issuer`: a CI runner's token endpoint in the
//! GitHub Actions request shape, so a secretless chain (a job token,
//! exchanged for an access token, used) runs on one machine.
//!
//! Trust rules come from the provider file:
//!
//! ```toml
//! [[trust]]
//! issuer = "https://token.actions.githubusercontent.com"
//! jwks_file = "github.jwks.json"  # or jwks_url = "https://…", or
//!                                 # discovery = true (ISSUER/.well-known/…)
//! subject = "repo:acme/*:ref:refs/heads/main"   # glob (* any run, ? one)
//! audience = "https://sts.example"              # glob; one aud must match
//! claims = { repository_owner = "acme" }        # more globs, by claim
//! clients = ["ci"]                # who may exchange (default: any client)
//! scopes = ["api:read"]           # what may be issued (default: none)
//! issue_audience = "urn:example:api"  # aud of the issued token
//! ```
//!
//! A subject token (the assertion, for JWT bearer) is verified by the one
//! engine (`jwt::validate`) against the keys of the rule for its `iss`:
//! signature, `exp`/`nbf`/`iat` with 60 s leeway, then the rule's globs. An
//! actor token (RFC 8693 §1.1) is verified the same way and becomes the
//! issued token's `act` claim (§4.1). Every refusal says which check failed.

use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::config::Client;
use super::keys::Signer;
use super::wire::{OAuthError, Params, Req, Resp};
use super::{Provider, token::server_error};
use crate::jwt::validate::{Options, Status, check};
use crate::jwt::verify::KeyRing;

/// RFC 8693 §2.1.
pub const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
/// RFC 7523 §2.1.
pub const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// RFC 8693 §3.
pub const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";
const JWT_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:jwt";

/// The path under the provider where `--ci-issuer` lives; its issuer is
/// the provider's URL with this path.
pub const CI_PATH: &str = "/ci";
/// The repository the CI issuer's jobs run for.
pub const CI_REPOSITORY: &str = "acme/app";
/// The lifetime of a job token (GitHub's are about five minutes).
pub const CI_TOKEN_TTL: i64 = 300;

/// Where a trusted issuer's keys come from.
#[derive(Debug)]
pub enum TrustKeys {
    /// A JWKS file, read at start.
    Ring(Arc<KeyRing>),
    /// A JWKS URL, fetched on first use.
    Url(String, OnceLock<Arc<KeyRing>>),
    /// The issuer's discovery document's `jwks_uri`, fetched on first use.
    Discovery(OnceLock<Arc<KeyRing>>),
    /// This provider's own `--ci-issuer` keys.
    Ci,
}

/// Whom the provider trusts to present tokens for exchange, and what it
/// issues for them.
#[derive(Debug)]
pub struct TrustRule {
    /// The subject token's `iss`, exactly.
    pub issuer: String,
    /// Its keys.
    pub keys: TrustKeys,
    /// A glob the `sub` must match.
    pub subject: String,
    /// A glob one `aud` must match (none: any).
    pub audience: Option<String>,
    /// More claims, each a glob its value must match.
    pub claims: Vec<(String, String)>,
    /// Clients that may exchange under this rule (empty: any).
    pub clients: Vec<String>,
    /// Scopes that may be issued.
    pub scopes: Vec<String>,
    /// The issued token's `aud` (none: the provider's default audience).
    pub issue_audience: Option<String>,
}

/// A `[[trust]]` table of the provider file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileTrust {
    issuer: String,
    jwks_file: Option<std::path::PathBuf>,
    jwks_url: Option<String>,
    #[serde(default)]
    discovery: bool,
    subject: Option<String>,
    audience: Option<String>,
    #[serde(default)]
    claims: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    clients: Vec<String>,
    #[serde(default)]
    scopes: Vec<String>,
    issue_audience: Option<String>,
}

impl FileTrust {
    /// The rule, with a JWKS file read relative to `base`.
    pub fn into_rule(self, base: &std::path::Path) -> Result<TrustRule, String> {
        let who = format!("trust rule for {}", self.issuer);
        let keys = match (self.jwks_file, self.jwks_url, self.discovery) {
            (Some(f), None, false) => {
                let path = base.join(f);
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{who}: {}: {e}", path.display()))?;
                let doc: Value = serde_json::from_str(&text)
                    .map_err(|e| format!("{who}: {}: {e}", path.display()))?;
                let set = crate::jwt::keys::parse_jwks(&doc, &path.display().to_string())
                    .map_err(|e| format!("{who}: {e}"))?;
                TrustKeys::Ring(Arc::new(KeyRing::new(set.keys)))
            }
            (None, Some(u), false) => TrustKeys::Url(u, OnceLock::new()),
            (None, None, true) => TrustKeys::Discovery(OnceLock::new()),
            _ => {
                return Err(format!(
                    "{who}: give exactly one of jwks_file, jwks_url and discovery = true"
                ));
            }
        };
        Ok(TrustRule {
            issuer: self.issuer,
            keys,
            subject: self.subject.unwrap_or_else(|| "*".into()),
            audience: self.audience,
            claims: self.claims.into_iter().collect(),
            clients: self.clients,
            scopes: self.scopes,
            issue_audience: self.issue_audience,
        })
    }
}

/// The rule `--ci-issuer` adds: its own jobs of `acme/*` on `main`, with
/// the provider's URL as the audience, may have `api:read`.
pub fn ci_rule(provider_issuer: &str) -> TrustRule {
    TrustRule {
        issuer: format!("{provider_issuer}{CI_PATH}"),
        keys: TrustKeys::Ci,
        subject: "repo:acme/*:ref:refs/heads/main".into(),
        audience: Some(provider_issuer.to_owned()),
        claims: Vec::new(),
        clients: Vec::new(),
        scopes: vec!["api:read".into()],
        issue_audience: None,
    }
}

/// The keys of a remote source (a JWKS URL, an issuer's discovery).
fn fetch_ring(source: &crate::provider::keys::KeySource) -> Result<KeyRing, String> {
    let http = crate::http::HttpClient::new(crate::http::HttpSettings::default(), None);
    let located = source.resolve(&http).map_err(|e| e.to_string())?;
    Ok(KeyRing::new(located.set.keys))
}

/// The `sub` a verified token names.
fn sub_of(claims: &Value) -> String {
    claims["sub"].as_str().unwrap_or_default().to_owned()
}

impl Provider {
    /// The keys of one rule's issuer (remote ones fetched once).
    fn rule_ring(
        &self,
        rule: &TrustRule,
        signer: &Arc<Signer>,
    ) -> Result<Arc<KeyRing>, OAuthError> {
        use crate::provider::keys::KeySource;
        let fetched = |cell: &OnceLock<Arc<KeyRing>>, source: KeySource| {
            if let Some(r) = cell.get() {
                return Ok(Arc::clone(r));
            }
            let ring = fetch_ring(&source).map_err(|e| {
                server_error(format!("the keys of trusted issuer {}: {e}", rule.issuer))
            })?;
            Ok(Arc::clone(cell.get_or_init(|| Arc::new(ring))))
        };
        match &rule.keys {
            TrustKeys::Ring(r) => Ok(Arc::clone(r)),
            TrustKeys::Url(u, cell) => fetched(cell, KeySource::JwksUrl(u.clone())),
            TrustKeys::Discovery(cell) => fetched(cell, KeySource::Issuer(rule.issuer.clone())),
            TrustKeys::Ci => Ok(Arc::new(KeyRing::new(signer.ring.plain()))),
        }
    }

    /// Verify a subject or actor token against the trust rules: the first
    /// rule for its issuer that `client` may use and whose globs all match.
    fn trusted(
        &self,
        token: &str,
        what: &str,
        client: &Client,
        signer: &Arc<Signer>,
    ) -> Result<(Value, &TrustRule), OAuthError> {
        let iss = match crate::jwt::parse(token) {
            Ok(crate::jwt::Parsed::Jws(jws)) => jws
                .claims
                .ok()
                .and_then(|c| c.get("iss").and_then(Value::as_str).map(str::to_owned)),
            _ => None,
        }
        .ok_or_else(|| OAuthError::invalid_grant(format!("the {what} is not a JWT with an iss")))?;
        let rules: Vec<&TrustRule> = self
            .trust
            .iter()
            .filter(|r| r.issuer == iss)
            .filter(|r| r.clients.is_empty() || r.clients.contains(&client.client_id))
            .collect();
        if rules.is_empty() {
            return Err(OAuthError::invalid_grant(format!(
                "the {what}'s issuer {iss} is not trusted for client {}",
                client.client_id
            )));
        }
        let mut why = String::new();
        for rule in rules {
            let ring = self.rule_ring(rule, signer)?;
            let opts = Options {
                now: self.now(),
                leeway: 60,
                algorithms: Some(
                    ring.algorithms()
                        .into_iter()
                        .filter(|a| a.family() != crate::jwt::Family::Hmac)
                        .collect(),
                ),
                issuer: Some(iss.clone()),
                required: vec!["sub".into(), "exp".into()],
                ..Options::default()
            };
            let report = check(token, &opts, &ring);
            if let Some(failed) = report.with_status(Status::Failed).next() {
                return Err(OAuthError::invalid_grant(format!(
                    "the {what} failed the {} check: {}",
                    failed.name, failed.detail
                )));
            }
            let claims = report.claims.clone();
            let sub = sub_of(&claims);
            if !crate::glob::matches(&rule.subject, &sub) {
                why = format!("sub {sub} does not match {}", rule.subject);
                continue;
            }
            if let Some(pattern) = &rule.audience {
                let auds: Vec<&str> = match &claims["aud"] {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                if !auds.iter().any(|a| crate::glob::matches(pattern, a)) {
                    why = format!("no aud matches {pattern}");
                    continue;
                }
            }
            if let Some((name, pattern)) = rule.claims.iter().find(|(name, pattern)| {
                !claims[name.as_str()]
                    .as_str()
                    .is_some_and(|v| crate::glob::matches(pattern, v))
            }) {
                why = format!("claim {name} does not match {pattern}");
                continue;
            }
            return Ok((claims, rule));
        }
        Err(OAuthError::invalid_grant(format!(
            "no trust rule for {iss} accepts this {what} ({why})"
        )))
    }

    /// `POST /token` with `grant_type` token-exchange or jwt-bearer; with
    /// a DPoP proof (`jkt`, its key's thumbprint) the token is bound to it.
    pub(super) fn exchange_grant(
        &self,
        client: &Client,
        params: &Params,
        grant_type: &str,
        jkt: Option<&str>,
    ) -> Result<Value, OAuthError> {
        let signer = Arc::clone(self.signer()?);
        let exchange = grant_type == TOKEN_EXCHANGE;
        let (subject, what) = if exchange {
            let token = params.required("subject_token")?;
            // RFC 8693 §2.1: the type is required; a JWT is what is verified.
            params.required("subject_token_type")?;
            (token, "subject token")
        } else {
            (params.required("assertion")?, "assertion")
        };
        let (claims, rule) = self.trusted(subject, what, client, &signer)?;
        let mut act = None;
        if exchange && let Some(actor) = params.one("actor_token")? {
            params.required("actor_token_type")?;
            let (a, _) = self.trusted(actor, "actor token", client, &signer)?;
            act = Some(json!({ "sub": sub_of(&a), "iss": a["iss"] }));
        }
        if exchange
            && let Some(t) = params.one("requested_token_type")?
            && t != ACCESS_TOKEN_TYPE
            && t != JWT_TOKEN_TYPE
        {
            return Err(OAuthError::invalid_request(format!(
                "requested_token_type {t} is not issued here (access tokens only)"
            )));
        }
        let audience = rule
            .issue_audience
            .clone()
            .unwrap_or_else(|| self.default_audience().to_owned());
        for target in params
            .all("audience")
            .into_iter()
            .chain(params.all("resource"))
        {
            if target != audience {
                return Err(OAuthError::invalid_target(format!(
                    "this trust rule issues tokens for {audience}, not {target}"
                )));
            }
        }
        let scopes: Vec<String> = match params.one("scope")? {
            None => rule.scopes.clone(),
            Some(asked) => {
                let asked: Vec<String> = asked.split_whitespace().map(str::to_owned).collect();
                if let Some(s) = asked.iter().find(|s| !rule.scopes.contains(s)) {
                    return Err(OAuthError::invalid_scope(format!(
                        "scope {s} is not granted to {} tokens",
                        rule.issuer
                    )));
                }
                asked
            }
        };
        let now = self.now();
        let exp = now + self.lifetimes.access_token;
        let mut c = Map::new();
        c.insert("iss".into(), self.issuer.as_str().into());
        c.insert("sub".into(), sub_of(&claims).into());
        c.insert("aud".into(), audience.into());
        c.insert("exp".into(), exp.into());
        c.insert("iat".into(), now.into());
        c.insert("jti".into(), crate::jwt::encode::random_id().into());
        c.insert("client_id".into(), client.client_id.as_str().into());
        if !scopes.is_empty() {
            c.insert("scope".into(), scopes.join(" ").into());
        }
        if let Some(a) = act {
            c.insert("act".into(), a);
        }
        // RFC 9449 §6: bound to the key of the request's DPoP proof.
        if let Some(j) = jkt {
            c.insert("cnf".into(), json!({ "jkt": j }));
        }
        let token = signer.sign_access_token(&c).map_err(server_error)?;
        let mut body = json!({
            "access_token": token,
            "token_type": if jkt.is_some() { "DPoP" } else { "Bearer" },
            "expires_in": self.lifetimes.access_token,
        });
        if !scopes.is_empty() {
            body["scope"] = scopes.join(" ").into();
        }
        if exchange {
            body["issued_token_type"] = ACCESS_TOKEN_TYPE.into();
        }
        Ok(body)
    }

    /// The CI issuer's issuer identifier.
    pub fn ci_issuer(&self) -> String {
        format!("{}{CI_PATH}", self.issuer)
    }

    /// `--ci-issuer`'s routes under [`CI_PATH`]: its discovery document,
    /// its JWKS, and the runner's token endpoint (`GET /ci/token?audience=…`
    /// with `Authorization: bearer REQUEST_TOKEN`, answering `{"value": JWT}`).
    pub(super) fn ci_route(&self, req: &Req) -> Option<Resp> {
        let request_token = self.ci_request_token.as_ref()?;
        let rest = req.path.strip_prefix(CI_PATH)?;
        let issuer = self.ci_issuer();
        Some(match rest {
            "/.well-known/openid-configuration" => Resp::json_public(&json!({
                "issuer": issuer,
                "jwks_uri": format!("{issuer}/jwks"),
                "subject_types_supported": ["public", "pairwise"],
                "response_types_supported": ["id_token"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid"],
                "claims_supported": [
                    "sub", "aud", "exp", "iat", "iss", "jti", "nbf", "ref", "sha",
                    "repository", "repository_owner", "run_id", "run_number",
                    "run_attempt", "actor", "workflow", "job_workflow_ref",
                    "event_name", "ref_type",
                ],
            })),
            "/jwks" => match self.signer() {
                Ok(s) => Resp::json_public(&s.jwks),
                Err(e) => e.to_resp(),
            },
            "/token" => self.ci_token(req, request_token),
            _ => return None,
        })
    }

    fn ci_token(&self, req: &Req, request_token: &str) -> Resp {
        let given = req
            .headers
            .iter()
            .find(|(k, _)| k == "authorization")
            .and_then(|(_, v)| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim());
        if !given.is_some_and(|t| super::wire::secret_eq(t, request_token)) {
            return Resp::json(
                401,
                &json!({"message": "Bad credentials: the ACTIONS_ID_TOKEN_REQUEST_TOKEN is wrong or missing"}),
            );
        }
        let audience = url::form_urlencoded::parse(req.query.as_bytes())
            .find(|(k, _)| k == "audience")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| "https://github.com/acme".to_owned());
        match self.ci_job_token(&audience) {
            Ok(jwt) => Resp::json(200, &json!({ "count": 1, "value": jwt })),
            Err(e) => e.to_resp(),
        }
    }

    /// A job token of the CI issuer for `audience`, with the claims a
    /// GitHub Actions job's token has (a push to `main` of [`CI_REPOSITORY`]).
    pub fn ci_job_token(&self, audience: &str) -> Result<String, OAuthError> {
        let now = self.now();
        let run_id = 7_000_000_000 + now % 1_000_000;
        let sha = hex::encode(
            aws_lc_rs::digest::digest(
                &aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY,
                run_id.to_string().as_bytes(),
            )
            .as_ref(),
        );
        let claims = json!({
            "iss": self.ci_issuer(),
            "sub": format!("repo:{CI_REPOSITORY}:ref:refs/heads/main"),
            "aud": audience,
            "jti": crate::jwt::encode::random_id(),
            "ref": "refs/heads/main",
            "ref_type": "branch",
            "sha": sha,
            "repository": CI_REPOSITORY,
            "repository_owner": "acme",
            "repository_visibility": "private",
            "actor": "octocat",
            "workflow": "ci",
            "job_workflow_ref": format!("{CI_REPOSITORY}/.github/workflows/ci.yml@refs/heads/main"),
            "event_name": "push",
            "run_id": run_id.to_string(),
            "run_number": "42",
            "run_attempt": "1",
            "runner_environment": "github-hosted",
            "nbf": now - 5,
            "iat": now,
            "exp": now + CI_TOKEN_TTL,
        });
        let Value::Object(claims) = claims else {
            return Err(server_error("job token claims".into()));
        };
        self.signer()?.sign_id_token(&claims).map_err(server_error)
    }
}
