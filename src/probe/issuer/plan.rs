//! The plan stage of `probe issuer`: the requests each active check sends
//! to the endpoints the metadata names, and the checks that cannot run.

use super::super::NotRun;
use super::super::catalogue::{
    IMPLICIT, ISS_PARAM, PASSWORD, PKCE_PLAIN, PKCE_REQUIRED, REDIRECT_EXACT, VERBOSE,
};
use super::IssuerOptions;
use crate::http::{Method, Request};
use crate::provider::discovery::ProviderMetadata;

/// The check id of the control request: S256 PKCE and the registered
/// redirect URI, which a correct server accepts.
pub(super) const CONTROL: &str = "control";

/// A PKCE challenge (RFC 7636 Appendix B), and a verifier-like value that
/// `plain` would take as its own challenge.
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const VERIFIER_LIKE: &str = "dBjftJeZ4CVP-mJ0JYkWuY6LbySrpLajtNQDyMfpUNk";

/// One request to send.
pub(super) struct Attempt {
    pub check: &'static str,
    pub label: String,
    pub req: Request,
    /// Redirect URIs counted as the client's for this request (empty for
    /// token endpoint requests).
    pub client_uris: Vec<String>,
}

/// What the plan stage produces.
#[derive(Default)]
pub(super) struct Plan {
    pub attempts: Vec<Attempt>,
    pub not_run: Vec<NotRun>,
}

impl Plan {
    fn skip(&mut self, ids: &[&'static str], reason: &str) {
        self.not_run.extend(ids.iter().map(|&id| NotRun {
            id,
            reason: reason.into(),
        }));
    }
}

/// Build every request, and the checks that will not run.
pub(super) fn plan(opts: &IssuerOptions, md: &ProviderMetadata) -> Plan {
    let mut plan = Plan::default();
    let authz = md.str("authorization_endpoint");
    match (authz, &opts.client_id, &opts.redirect_uri) {
        (Some(ep), Some(client), Some(redirect)) => {
            plan.attempts
                .extend(authorization_attempts(ep, client, redirect));
        }
        (authz, _, _) => {
            let reason = if authz.is_none() {
                "the metadata names no authorization_endpoint"
            } else {
                "needs a registered public client: give --client-id and --redirect-uri"
            };
            let ids = [
                &PKCE_REQUIRED,
                &PKCE_PLAIN,
                &REDIRECT_EXACT,
                &IMPLICIT,
                &ISS_PARAM,
            ];
            plan.skip(&ids.map(|c| c.id), reason);
        }
    }
    match md.str("token_endpoint") {
        Some(ep) => plan
            .attempts
            .extend(token_attempts(ep, opts.client_id.as_deref())),
        None => plan.skip(
            &[PASSWORD.id, VERBOSE.id],
            "the metadata names no token_endpoint",
        ),
    }
    plan
}

/// The control, then PKCE, redirect URI and implicit grant variants.
fn authorization_attempts(ep: &str, client: &str, redirect: &str) -> Vec<Attempt> {
    let base = |check: &'static str, label: &str, extra: &[(&'static str, &str)], uri: &str| {
        let mut p: Vec<(&str, &str)> = vec![
            ("response_type", "code"),
            ("client_id", client),
            ("redirect_uri", uri),
            ("scope", "openid"),
            ("state", "oauthctl-probe-state"),
            ("nonce", "oauthctl-probe-nonce"),
        ];
        for &(k, v) in extra {
            match p.iter().position(|(pk, _)| *pk == k) {
                Some(i) => p[i].1 = v,
                None => p.push((k, v)),
            }
        }
        Attempt {
            check,
            label: label.into(),
            req: authz_request(ep, &p),
            client_uris: vec![uri.to_owned()],
        }
    };
    let s256 = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    let plain = [
        ("code_challenge", VERIFIER_LIKE),
        ("code_challenge_method", "plain"),
    ];
    let mut out = vec![
        base(
            CONTROL,
            "S256 PKCE, registered redirect URI",
            &s256,
            redirect,
        ),
        base(PKCE_REQUIRED.id, "no code_challenge", &[], redirect),
        base(
            PKCE_PLAIN.id,
            "code_challenge_method=plain",
            &plain,
            redirect,
        ),
    ];
    for (label, uri) in redirect_variants(redirect) {
        let label = format!("{label}: {uri}");
        out.push(base(REDIRECT_EXACT.id, &label, &s256, &uri));
    }
    let mut implicit = s256.to_vec();
    implicit.push(("response_type", "token"));
    out.push(base(
        IMPLICIT.id,
        "response_type=token",
        &implicit,
        redirect,
    ));
    out
}

/// The password grant, and failed client authentication (an unknown
/// client; a known one with a wrong secret).
fn token_attempts(ep: &str, client: Option<&str>) -> Vec<Attempt> {
    let mk = |check: &'static str, label: &str, params: &[(&str, &str)]| Attempt {
        check,
        label: label.into(),
        req: token_request(ep, params),
        client_uris: Vec::new(),
    };
    let password = [
        ("grant_type", "password"),
        ("username", "oauthctl-probe"),
        ("password", "oauthctl-probe"),
        ("client_id", client.unwrap_or("oauthctl-probe-unknown")),
    ];
    let unknown = format!("oauthctl-probe-{}", &crate::jwt::encode::random_id()[..8]);
    let wrong_secret = |client_id| {
        [
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", "oauthctl-probe-wrong"),
        ]
    };
    let mut out = vec![
        mk(PASSWORD.id, "grant_type=password", &password),
        mk(VERBOSE.id, "unknown client", &wrong_secret(&unknown)),
    ];
    if let Some(c) = client {
        out.push(mk(
            VERBOSE.id,
            "known client, wrong secret",
            &wrong_secret(c),
        ));
    }
    out
}

fn authz_request(endpoint: &str, params: &[(&str, &str)]) -> Request {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    Request::get(
        "probing the authorization endpoint",
        format!("{endpoint}{sep}{query}"),
        "text/html",
    )
}

fn token_request(endpoint: &str, params: &[(&str, &str)]) -> Request {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    Request {
        method: Method::Post,
        url: endpoint.to_owned(),
        headers: vec![
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
            ("Accept".into(), "application/json".into()),
        ],
        body: Some(body.into_bytes()),
        body_has_secrets: true,
        what: "probing the token endpoint".into(),
    }
}

/// A URI like `uri` but with another host (or port, or path, or query).
fn redirect_variants(uri: &str) -> Vec<(String, String)> {
    let Ok(u) = url::Url::parse(uri) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut path = u.clone();
    path.set_path(&format!(
        "{}/oauthctl-probe",
        u.path().trim_end_matches('/')
    ));
    out.push(("extra path".to_owned(), path.to_string()));
    let mut query = u.clone();
    query.query_pairs_mut().append_pair("oauthctl-probe", "1");
    out.push(("extra query".to_owned(), query.to_string()));
    // RFC 8252 §7.3: any port on a loopback redirect URI is legitimate.
    if !u.host().is_none_or(|h| super::super::is_loopback_host(&h)) {
        let mut port = u.clone();
        let other = if u.port_or_known_default() == Some(8443) {
            9443
        } else {
            8443
        };
        if port.set_port(Some(other)).is_ok() {
            out.push(("another port".to_owned(), port.to_string()));
        }
    }
    let mut host = u.clone();
    if host.set_host(Some("oauthctl-probe.invalid")).is_ok() {
        out.push(("another host".to_owned(), host.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirects_get_no_port_variant() {
        let v = redirect_variants("http://127.0.0.1/callback");
        let labels: Vec<&str> = v.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["extra path", "extra query", "another host"]);
        assert_eq!(v[0].1, "http://127.0.0.1/callback/oauthctl-probe");
        let v = redirect_variants("https://app.example/cb");
        assert!(
            v.iter()
                .any(|(l, u)| l == "another port" && u == "https://app.example:8443/cb")
        );
    }
}
