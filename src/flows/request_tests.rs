//! The exact requests the flows send, through a fake transport
//! ([`HttpClient::with_transport`]) that records each request and answers
//! with a canned response: the token request of every grant and of every
//! client authentication method, revocation, introspection and userinfo.
//!
//! Expected values are written out literally (the Basic credential's
//! base64 was computed outside oauthctl), so a test fails when the flow's
//! request changes, not only when two halves of oauthctl disagree. Only
//! requests are asserted here; what the flows make of the answers is
//! tested beside each flow.

use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use super::client_auth::ClientAuth;
use super::oidc::Issuer;
use crate::clock::FixedClock;
use crate::http::{HttpClient, HttpSettings, Incoming, Method, Request};
use crate::jwt::encode::{SigningKey, generate};
use crate::jwt::{Alg, Family};
use crate::secret::Secret;

const NOW: i64 = 1_700_000_000;
const TOKEN_ENDPOINT: &str = "https://as.example/token";
const FORM: &str = "application/x-www-form-urlencoded";

/// RFC 6749 §2.3.1 is tested with an ID and a secret that change under
/// form encoding: `:` (the Basic separator), `+`, `%`, a space, `/`, `&`.
const ODD_ID: &str = "svc:1";
const ODD_SECRET: &str = "a:b+c%d e/f&g";
/// `base64("svc%3A1:a%3Ab%2Bc%25d+e%2Ff%26g")`, computed with Python's
/// `urllib.parse.quote_plus` and `base64`.
const ODD_BASIC: &str = "Basic c3ZjJTNBMTphJTNBYiUyQmMlMjVkK2UlMkZmJTI2Zw==";

const TOKEN: (u16, &str) = (
    200,
    r#"{"access_token":"at","token_type":"Bearer","expires_in":300,"refresh_token":"rt"}"#,
);

type Seen = Arc<Mutex<Vec<Request>>>;

/// A client whose transport records every request and answers `replies`
/// in turn (the last one again and again).
fn fake(replies: Vec<(u16, &'static str)>) -> (HttpClient, Seen) {
    fake_with(HttpSettings::default(), replies)
}

fn fake_with(settings: HttpSettings, replies: Vec<(u16, &'static str)>) -> (HttpClient, Seen) {
    let seen: Seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let http = HttpClient::with_transport(settings, None, move |req: &Request| {
        let mut log = log.lock().unwrap();
        let (status, body) = replies[log.len().min(replies.len() - 1)];
        log.push(req.clone());
        Ok(Incoming::new(
            status,
            vec![("Content-Type".into(), "application/json".into())],
            body,
        ))
    });
    (http, seen)
}

/// The only request sent.
fn only(seen: &Seen) -> Request {
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "{seen:#?}");
    seen[0].clone()
}

fn body(req: &Request) -> String {
    String::from_utf8(req.body.clone().expect("a body")).unwrap()
}

fn form(req: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(req.body.as_deref().expect("a body"))
        .into_owned()
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The headers of a request made through the `oauth2` crate: exactly
/// these, an `Authorization` only when `authorization` is given.
fn token_headers(authorization: Option<&str>) -> Vec<(String, String)> {
    let mut h = pairs(&[("accept", "application/json"), ("content-type", FORM)]);
    if let Some(a) = authorization {
        h.push(("authorization".into(), a.into()));
    }
    h
}

/// A token request: a POST to `url`, its body marked secret (redacted in
/// traces, never sent on after a redirect).
fn assert_token_post(req: &Request, url: &str) {
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, url);
    assert!(req.body_has_secrets);
}

fn secret_basic() -> ClientAuth {
    ClientAuth::SecretBasic {
        client_id: ODD_ID.into(),
        secret: Secret::new(ODD_SECRET.into()),
    }
}

fn secret_post() -> ClientAuth {
    ClientAuth::SecretPost {
        client_id: ODD_ID.into(),
        secret: Secret::new(ODD_SECRET.into()),
    }
}

fn public() -> ClientAuth {
    ClientAuth::None {
        client_id: "cli".into(),
    }
}

fn key_jwt(family: Family) -> ClientAuth {
    ClientAuth::PrivateKeyJwt {
        client_id: "svc".into(),
        key: Box::new(generate(family, "test key").unwrap()),
    }
}

fn signing_key(auth: &ClientAuth) -> &SigningKey {
    match auth {
        ClientAuth::PrivateKeyJwt { key, .. } => key,
        _ => unreachable!("not private_key_jwt"),
    }
}

/// A `client_secret_jwt` client whose assertions go to `issuer` (`None`:
/// to the endpoint called).
fn secret_jwt(issuer: Option<&str>) -> ClientAuth {
    ClientAuth::SecretJwt {
        client_id: "svc".into(),
        secret: Secret::new(ODD_SECRET.into()),
        issuer: issuer.map(Into::into),
    }
}

/// An assertion as a `client_secret_jwt` client sends it (OIDC Core §9):
/// the form carries `client_id`, the assertion type and the assertion,
/// whose header is exactly `{"alg":"HS256","typ":"JWT"}`, whose claims are
/// those of [`assert_client_assertion`] with `aud` = `audience`, and whose
/// signature is HMAC-SHA256 of the signing input under the client secret
/// (computed here with aws-lc-rs, not with oauthctl's verifier). Returns
/// the `jti`.
fn assert_secret_jwt(form: &[(String, String)], audience: &str, now: i64) -> String {
    let get = |name: &str| -> Vec<&str> {
        form.iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    assert_eq!(get("client_id"), ["svc"]);
    assert_eq!(
        get("client_assertion_type"),
        ["urn:ietf:params:oauth:client-assertion-type:jwt-bearer"]
    );
    assert!(get("client_secret").is_empty(), "the secret never travels");
    let [jwt] = get("client_assertion")[..] else {
        panic!("one client_assertion expected: {form:?}")
    };
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "{jwt}");
    let part = |i: usize| -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[i]).unwrap()).unwrap()
    };
    assert_eq!(part(0), json!({"alg": "HS256", "typ": "JWT"}));
    let claims = part(1);
    let jti = claims["jti"].as_str().unwrap().to_owned();
    assert_eq!(jti.len(), 32, "128 bits, hex: {jti}");
    assert_eq!(
        claims,
        json!({"iss": "svc", "sub": "svc", "aud": audience, "iat": now,
               "exp": now + 60, "jti": jti})
    );
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, ODD_SECRET.as_bytes());
    let mac = aws_lc_rs::hmac::sign(&key, format!("{}.{}", parts[0], parts[1]).as_bytes());
    assert_eq!(parts[2], URL_SAFE_NO_PAD.encode(mac.as_ref()));
    jti
}

/// An RFC 7523 client assertion as a `private_key_jwt` client sends it:
/// the form carries `client_id`, the assertion type and the assertion,
/// whose signature verifies with the client's public key, whose header
/// names the key's algorithm, and whose claims are `iss` = `sub` = the
/// client ID, `aud` = `audience`, `iat` = now, `exp` = now + 60 and a
/// 128-bit `jti`. Returns the `jti`.
fn assert_client_assertion(
    form: &[(String, String)],
    auth: &ClientAuth,
    alg: Alg,
    audience: &str,
    now: i64,
) -> String {
    let get = |name: &str| -> Vec<&str> {
        form.iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    assert_eq!(get("client_id"), ["svc"]);
    assert_eq!(
        get("client_assertion_type"),
        ["urn:ietf:params:oauth:client-assertion-type:jwt-bearer"]
    );
    assert!(get("client_secret").is_empty());
    let [jwt] = get("client_assertion")[..] else {
        panic!("one client_assertion expected: {form:?}")
    };
    let part = |i: usize| -> Map<String, Value> {
        let raw = URL_SAFE_NO_PAD
            .decode(jwt.split('.').nth(i).unwrap())
            .unwrap();
        serde_json::from_slice(&raw).unwrap()
    };
    let (header, claims) = (part(0), part(1));
    let key = signing_key(auth);
    let mut want_header = json!({"alg": alg.to_string(), "typ": "JWT"});
    if let Some(kid) = key.public.as_ref().and_then(|p| p.kid.clone()) {
        want_header["kid"] = kid.into();
    }
    assert_eq!(Value::Object(header), want_header);
    let jti = claims["jti"].as_str().unwrap().to_owned();
    assert_eq!(jti.len(), 32, "128 bits, hex: {jti}");
    assert!(jti.bytes().all(|b| b.is_ascii_hexdigit()), "{jti}");
    assert_eq!(
        Value::Object(claims),
        json!({"iss": "svc", "sub": "svc", "aud": audience, "iat": now,
               "exp": now + 60, "jti": jti})
    );
    // The signature verifies with the public key, with exactly that alg.
    let opts = crate::jwt::validate::Options {
        now,
        issuer: Some("svc".into()),
        audiences: vec![audience.into()],
        algorithms: Some(vec![alg]),
        ..crate::jwt::validate::Options::default()
    };
    let ring = crate::jwt::verify::KeyRing::new(vec![key.public.clone().unwrap()]);
    let report = crate::jwt::validate::check(jwt, &opts, &ring);
    assert!(report.valid, "{:#?}", report.checks);
    jti
}

// --- client credentials (RFC 6749 §4.4), one test per client auth ---------

fn cc_grant(auth: ClientAuth) -> super::client_credentials::Grant {
    super::client_credentials::Grant {
        token_endpoint: super::client_credentials::TokenEndpoint::Url(TOKEN_ENDPOINT.into()),
        auth,
        scopes: vec!["read".into(), "write:all".into()],
        resources: vec![
            "https://api.example/a".into(),
            "https://api.example/b?x=1".into(),
        ],
        audience: Some("urn:example:aud".into()),
        params: vec![("tenant".into(), "t 1&2".into())],
        authorization_details: None,
    }
}

/// Grant type, scope, then the client's own parameters (`client_auth`),
/// then each RFC 8707 `resource` on its own (repeated, in order), the
/// `audience` and `--param`s.
fn cc_body(client_auth: &str) -> String {
    format!(
        "grant_type=client_credentials&scope=read+write%3Aall{client_auth}\
         &resource=https%3A%2F%2Fapi.example%2Fa\
         &resource=https%3A%2F%2Fapi.example%2Fb%3Fx%3D1\
         &audience=urn%3Aexample%3Aaud&tenant=t+1%262"
    )
}

#[test]
fn client_credentials_with_client_secret_basic() {
    let (http, seen) = fake(vec![TOKEN]);
    let set =
        super::client_credentials::request(&http, &FixedClock(NOW), &cc_grant(secret_basic()))
            .unwrap();
    assert_eq!(set.expires_at, Some(NOW + 300));
    let req = only(&seen);
    assert_token_post(&req, TOKEN_ENDPOINT);
    // RFC 6749 §2.3.1: ID and secret each form-encoded, then joined by
    // ':' and base64-encoded; neither in the body.
    assert_eq!(req.headers, token_headers(Some(ODD_BASIC)));
    assert_eq!(body(&req), cc_body(""));
}

#[test]
fn client_credentials_with_client_secret_post() {
    let (http, seen) = fake(vec![TOKEN]);
    super::client_credentials::request(&http, &FixedClock(NOW), &cc_grant(secret_post())).unwrap();
    let req = only(&seen);
    assert_token_post(&req, TOKEN_ENDPOINT);
    assert_eq!(req.headers, token_headers(None));
    assert_eq!(
        body(&req),
        cc_body("&client_id=svc%3A1&client_secret=a%3Ab%2Bc%25d+e%2Ff%26g")
    );
    let f = form(&req);
    assert!(f.contains(&("client_secret".into(), ODD_SECRET.into())));
}

#[test]
fn client_credentials_with_no_client_authentication() {
    let (http, seen) = fake(vec![TOKEN]);
    super::client_credentials::request(&http, &FixedClock(NOW), &cc_grant(public())).unwrap();
    let req = only(&seen);
    assert_token_post(&req, TOKEN_ENDPOINT);
    assert_eq!(req.headers, token_headers(None));
    assert_eq!(body(&req), cc_body("&client_id=cli"));
}

#[test]
fn client_credentials_with_tls_client_auth_names_the_client_only() {
    let (http, seen) = fake(vec![TOKEN]);
    let auth = ClientAuth::TlsClientAuth {
        client_id: "mtls-client".into(),
    };
    super::client_credentials::request(&http, &FixedClock(NOW), &cc_grant(auth)).unwrap();
    let req = only(&seen);
    assert_eq!(req.headers, token_headers(None));
    assert_eq!(body(&req), cc_body("&client_id=mtls-client"));
}

#[test]
fn client_credentials_with_private_key_jwt() {
    for (family, alg) in [(Family::Ec, Alg::ES256), (Family::Rsa, Alg::RS256)] {
        let (http, seen) = fake(vec![TOKEN]);
        let grant = cc_grant(key_jwt(family));
        super::client_credentials::request(&http, &FixedClock(NOW), &grant).unwrap();
        // A second request gets a new assertion (RFC 7523 §3: a jti is
        // used once).
        super::client_credentials::request(&http, &FixedClock(NOW + 5), &grant).unwrap();
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        let mut jtis = Vec::new();
        for (req, now) in seen.iter().zip([NOW, NOW + 5]) {
            assert_token_post(req, TOKEN_ENDPOINT);
            assert_eq!(req.headers, token_headers(None));
            let f = form(req);
            let names: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(
                names,
                [
                    "grant_type",
                    "scope",
                    "client_id",
                    "resource",
                    "resource",
                    "audience",
                    "tenant",
                    "client_assertion_type",
                    "client_assertion",
                ]
            );
            assert_eq!(f[0], ("grant_type".into(), "client_credentials".into()));
            jtis.push(assert_client_assertion(
                &f,
                &grant.auth,
                alg,
                TOKEN_ENDPOINT,
                now,
            ));
        }
        assert_ne!(jtis[0], jtis[1]);
    }
}

#[test]
fn client_credentials_with_client_secret_jwt() {
    let (http, seen) = fake(vec![TOKEN]);
    let grant = cc_grant(secret_jwt(Some("https://as.example")));
    super::client_credentials::request(&http, &FixedClock(NOW), &grant).unwrap();
    super::client_credentials::request(&http, &FixedClock(NOW + 5), &grant).unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    let mut jtis = Vec::new();
    for (req, now) in seen.iter().zip([NOW, NOW + 5]) {
        assert_token_post(req, TOKEN_ENDPOINT);
        // No Basic header: the secret only keys the MAC.
        assert_eq!(req.headers, token_headers(None));
        let b = body(req);
        let assertion = form(req)
            .into_iter()
            .find(|(k, _)| k == "client_assertion")
            .unwrap()
            .1;
        // The client's parameters, then the assertion last (its value is
        // checked below).
        assert_eq!(
            b,
            format!(
                "{}&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer\
                 &client_assertion={assertion}",
                cc_body("&client_id=svc")
            )
        );
        assert!(!b.contains("a%3Ab"), "the secret is not in the body: {b}");
        // The assertion is addressed to the issuer (RFC 7523bis).
        jtis.push(assert_secret_jwt(&form(req), "https://as.example", now));
    }
    assert_ne!(jtis[0], jtis[1], "a jti is used once");

    // A client that knows no issuer addresses the endpoint it calls.
    let (http, seen) = fake(vec![TOKEN]);
    super::client_credentials::request(&http, &FixedClock(NOW), &cc_grant(secret_jwt(None)))
        .unwrap();
    assert_secret_jwt(&form(&only(&seen)), TOKEN_ENDPOINT, NOW);
}

/// A client whose transport answers the first request with 503 and
/// `Retry-After: 0`, then `reply`; records every request.
fn busy_once(reply: (u16, &'static str)) -> (HttpClient, Seen) {
    let seen: Seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let http = HttpClient::with_transport(HttpSettings::default(), None, move |req: &Request| {
        let mut log = log.lock().unwrap();
        log.push(req.clone());
        let json = ("Content-Type".to_owned(), "application/json".to_owned());
        Ok(if log.len() == 1 {
            Incoming::new(
                503,
                vec![json, ("Retry-After".into(), "0".into())],
                r#"{"error":"temporarily_unavailable"}"#,
            )
        } else {
            Incoming::new(reply.0, vec![json], reply.1)
        })
    });
    (http, seen)
}

#[test]
fn a_retry_after_503_sends_a_new_client_assertion() {
    // RFC 7523 §3: a jti is used once; a server that saw the first one
    // (oidc-provider keeps them) would refuse the same assertion again.
    let assertion = |req: &Request| {
        form(req)
            .into_iter()
            .find(|(k, _)| k == "client_assertion")
            .map(|(_, v)| v)
            .unwrap()
    };
    for auth in [secret_jwt(Some("https://as.example")), key_jwt(Family::Ec)] {
        let (http, seen) = busy_once(TOKEN);
        super::client_credentials::request(&http, &FixedClock(NOW), &cc_grant(auth)).unwrap();
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        assert_ne!(assertion(&seen[0]), assertion(&seen[1]));
        // Everything else is sent as it was.
        let rest = |req: &Request| -> Vec<(String, String)> {
            form(req)
                .into_iter()
                .filter(|(k, _)| k != "client_assertion")
                .collect()
        };
        assert_eq!(rest(&seen[0]), rest(&seen[1]));
    }
    // Revocation too.
    let (http, seen) = busy_once((200, ""));
    super::revocation::revoke(
        &http,
        &FixedClock(NOW),
        "https://as.example/revoke",
        &secret_jwt(Some("https://as.example")),
        "t",
        super::revocation::TokenKind::Refresh,
    )
    .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert_ne!(assertion(&seen[0]), assertion(&seen[1]));
    // A client without an assertion sends the same body again.
    let (http, seen) = busy_once(TOKEN);
    super::client_credentials::request(&http, &FixedClock(NOW), &cc_grant(secret_post())).unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].body, seen[1].body);
}

#[test]
fn token_requests_carry_the_configured_origin() {
    let settings = HttpSettings {
        origin: Some("https://app.example".into()),
        ..HttpSettings::default()
    };
    let (http, seen) = fake_with(settings, vec![TOKEN]);
    super::client_credentials::request(&http, &FixedClock(NOW), &cc_grant(public())).unwrap();
    let mut want = token_headers(None);
    want.push(("Origin".into(), "https://app.example".into()));
    assert_eq!(only(&seen).headers, want);
}

// --- authorization code with PKCE (RFC 6749 §4.1, RFC 7636) ---------------

fn issuer() -> Issuer {
    Issuer {
        issuer: "https://as.example".into(),
        authorization_endpoint: Some("https://as.example/authorize".into()),
        token_endpoint: TOKEN_ENDPOINT.into(),
        device_authorization_endpoint: Some("https://as.example/device".into()),
        jwks_uri: None,
        iss_parameter_supported: false,
    }
}

/// The browser's side of the redirect: a GET of `url` on the loopback
/// listener, sent from another thread; returns the status line.
fn browser_returns_to(url: String) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        let u = url::Url::parse(&url).unwrap();
        let mut s = TcpStream::connect((u.host_str().unwrap(), u.port().unwrap())).unwrap();
        let target = format!("{}?{}", u.path(), u.query().unwrap_or(""));
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            u.authority()
        )
        .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        answer.lines().next().unwrap_or("").to_owned()
    })
}

#[test]
fn authorization_code_token_request_carries_the_code_and_pkce_verifier() {
    use super::login::{Login, Redirect, start};
    let login = Login {
        issuer: issuer(),
        auth: public(),
        // No openid: no ID token to validate, only the request to check.
        scopes: vec!["profile".into(), "api:read".into()],
        resources: vec![
            "https://api.example/a".into(),
            "https://api.example/b".into(),
        ],
        prompt: None,
        login_hint: None,
        max_age: None,
        acr_values: None,
        params: vec![],
        redirect: Redirect::any_port(),
        short_url: false,
        authorization_details: None,
        dpop_jkt: None,
        par_endpoint: None,
        request_object: None,
        response_mode: None,
    };
    let pending = start(
        login,
        &HttpClient::new(crate::http::HttpSettings::default(), None),
        &FixedClock(NOW),
    )
    .unwrap();
    let authz = url::Url::parse(pending.authorization_url()).unwrap();
    assert_eq!(authz.path(), "/authorize");
    let query: Vec<(String, String)> = authz.query_pairs().into_owned().collect();
    let one = |name: &str| -> String {
        let v: Vec<&String> = query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v)
            .collect();
        assert_eq!(v.len(), 1, "{name} once in {query:?}");
        v[0].clone()
    };
    let redirect_uri = pending.redirect_uri().to_owned();
    assert_eq!(one("response_type"), "code");
    assert_eq!(one("client_id"), "cli");
    assert_eq!(one("redirect_uri"), redirect_uri);
    assert_eq!(one("scope"), "profile api:read");
    assert_eq!(one("code_challenge_method"), "S256");
    let resources: Vec<&str> = query
        .iter()
        .filter(|(k, _)| k == "resource")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(
        resources,
        ["https://api.example/a", "https://api.example/b"]
    );
    let challenge = one("code_challenge");
    let state = one("state");

    // A code with characters that the redirect and the form both encode.
    let code = "c0de/+=&x";
    let mut callback = url::Url::parse(&redirect_uri).unwrap();
    callback
        .query_pairs_mut()
        .append_pair("code", code)
        .append_pair("state", &state);
    let browser = browser_returns_to(callback.to_string());
    let (http, seen) = fake(vec![TOKEN]);
    let outcome = pending
        .finish(&http, &FixedClock(NOW), Duration::from_secs(30))
        .unwrap();
    assert_eq!(outcome.tokens.expires_at, Some(NOW + 300));
    assert_eq!(browser.join().unwrap(), "HTTP/1.1 200 OK");

    let req = only(&seen);
    assert_token_post(&req, TOKEN_ENDPOINT);
    assert_eq!(req.headers, token_headers(None));
    let f = form(&req);
    let verifier = f
        .iter()
        .find(|(k, _)| k == "code_verifier")
        .map(|(_, v)| v.clone())
        .unwrap();
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    assert_eq!(
        body(&req),
        format!(
            "grant_type=authorization_code&code=c0de%2F%2B%3D%26x&code_verifier={verifier}\
             &client_id=cli&redirect_uri={}\
             &resource=https%3A%2F%2Fapi.example%2Fa&resource=https%3A%2F%2Fapi.example%2Fb",
            enc(&redirect_uri)
        )
    );
    // RFC 7636 §4.1: 43 to 128 unreserved characters (64 random bytes
    // here: 86); §4.2: the challenge is BASE64URL(SHA256(verifier)).
    assert_eq!(verifier.len(), 86, "{verifier}");
    assert!(
        verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)),
        "{verifier}"
    );
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
    assert_eq!(challenge, URL_SAFE_NO_PAD.encode(digest.as_ref()));
}

// --- refresh (RFC 6749 §6) ------------------------------------------------

#[test]
fn refresh_request_sends_the_refresh_token_any_scope_and_each_resource() {
    let (http, seen) = fake(vec![TOKEN]);
    let scopes = ["openid".to_owned(), "offline_access".to_owned()];
    let resources = [
        "https://api.example/a".to_owned(),
        "https://api.example/b?x=1".to_owned(),
    ];
    super::refresh::request(
        &http,
        &FixedClock(NOW),
        TOKEN_ENDPOINT,
        &secret_basic(),
        "rt-1/+",
        &scopes,
        &resources,
    )
    .unwrap();
    let req = only(&seen);
    assert_token_post(&req, TOKEN_ENDPOINT);
    assert_eq!(req.headers, token_headers(Some(ODD_BASIC)));
    assert_eq!(
        body(&req),
        "grant_type=refresh_token&refresh_token=rt-1%2F%2B&scope=openid+offline_access\
         &resource=https%3A%2F%2Fapi.example%2Fa&resource=https%3A%2F%2Fapi.example%2Fb%3Fx%3D1"
    );

    let (http, seen) = fake(vec![TOKEN]);
    super::refresh::request(
        &http,
        &FixedClock(NOW),
        TOKEN_ENDPOINT,
        &public(),
        "rt-1",
        &[],
        &[],
    )
    .unwrap();
    assert_eq!(
        body(&only(&seen)),
        "grant_type=refresh_token&refresh_token=rt-1&client_id=cli"
    );
}

#[test]
fn refreshing_a_stored_login_sends_its_resources_and_no_scope() {
    // RFC 6749 §6: an omitted scope is the scope originally granted, so
    // the stored scope is not re-sent; the login's resources are (RFC 8707
    // §2.2), so the new access token is for the same resources.
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::files(dir.path());
    let key = crate::store::EntryKey::profile("work");
    let stored: crate::store::StoredTokens = serde_json::from_value(json!({
        "issuer": "https://as.example",
        "client_id": "cli",
        "access_token": "old-at",
        "token_type": "Bearer",
        "expires_at": NOW - 10,
        "expires_in": 300,
        "refresh_token": "rt-stored",
        "scope": "openid api:read",
        "resources": ["urn:example:api", "https://api.example/b"],
    }))
    .unwrap();
    store.save_tokens(&key, &stored).unwrap();
    let (http, seen) = fake(vec![TOKEN]);
    let auth = public();
    let via = super::refresh::Refresher {
        http: &http,
        clock: &FixedClock(NOW),
        auth: &auth,
        token_endpoint: TOKEN_ENDPOINT,
    };
    let fresh = super::refresh::fresh(&store, &key, &via, 60, false).unwrap();
    assert!(fresh.refreshed);
    let req = only(&seen);
    assert_token_post(&req, TOKEN_ENDPOINT);
    assert_eq!(req.headers, token_headers(None));
    assert_eq!(
        body(&req),
        "grant_type=refresh_token&refresh_token=rt-stored&client_id=cli\
         &resource=urn%3Aexample%3Aapi&resource=https%3A%2F%2Fapi.example%2Fb"
    );
    // Stored again with the refreshed tokens, for the next refresh.
    let again = store.load_tokens(&key).unwrap().unwrap();
    assert_eq!(
        again.resources,
        ["urn:example:api", "https://api.example/b"]
    );
    assert_eq!(again.tokens.expose_access_token(), "at");
}

// --- device authorization grant (RFC 8628) --------------------------------

const DEVICE_ENDPOINT: &str = "https://as.example/device";
const DEVICE_CODE: (u16, &str) = (
    200,
    r#"{"device_code":"dc/1+2","user_code":"ABCD-EFGH","verification_uri":"https://as.example/activate","expires_in":600,"interval":5}"#,
);
const PENDING: (u16, &str) = (400, r#"{"error":"authorization_pending"}"#);

fn device_grant(auth: ClientAuth) -> super::device::Grant {
    super::device::Grant {
        issuer: issuer(),
        auth,
        scopes: vec!["profile".into(), "email".into()],
        // What `device` puts here for --resource and --audience.
        params: pairs(&[
            ("resource", "https://api.example/a"),
            ("resource", "https://api.example/b"),
            ("audience", "aud"),
        ]),
        pkce: false,
    }
}

#[test]
fn device_authorization_and_polling_requests() {
    let (http, seen) = fake(vec![DEVICE_CODE, PENDING, TOKEN]);
    let grant = device_grant(public());
    let clock = FixedClock(NOW);
    let authz = super::device::authorize(&http, &clock, &grant).unwrap();
    assert_eq!(authz.user_code, "ABCD-EFGH");
    let waits = Mutex::new(Vec::new());
    super::device::poll(&http, &clock, &grant, &authz, &|d| {
        waits.lock().unwrap().push(d)
    })
    .unwrap();
    // §3.5: `interval` between polls (the first is sent at once).
    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(5)]);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3, "{seen:#?}");
    // §3.1: the client, its scope and (RFC 8707) resources.
    assert_token_post(&seen[0], DEVICE_ENDPOINT);
    assert_eq!(seen[0].headers, token_headers(None));
    assert_eq!(
        body(&seen[0]),
        "scope=profile+email&client_id=cli\
         &resource=https%3A%2F%2Fapi.example%2Fa&resource=https%3A%2F%2Fapi.example%2Fb\
         &audience=aud"
    );
    // §3.4: the same poll each time, with the device code as issued.
    for poll in &seen[1..] {
        assert_token_post(poll, TOKEN_ENDPOINT);
        assert_eq!(poll.headers, token_headers(None));
        assert_eq!(
            body(poll),
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code\
             &device_code=dc%2F1%2B2&client_id=cli"
        );
    }
}

#[test]
fn device_flow_with_client_secret_basic_puts_the_secret_in_the_header_only() {
    let (http, seen) = fake(vec![DEVICE_CODE, TOKEN]);
    let grant = device_grant(secret_basic());
    let clock = FixedClock(NOW);
    let authz = super::device::authorize(&http, &clock, &grant).unwrap();
    super::device::poll(&http, &clock, &grant, &authz, &|_| {}).unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    for req in seen.iter() {
        assert_eq!(req.headers, token_headers(Some(ODD_BASIC)));
        assert!(!body(req).contains("client_"), "{}", body(req));
    }
}

#[test]
fn device_polls_with_private_key_jwt_each_get_a_fresh_assertion() {
    let (http, seen) = fake(vec![DEVICE_CODE, PENDING, PENDING, TOKEN]);
    let grant = device_grant(key_jwt(Family::Ec));
    let clock = FixedClock(NOW);
    let authz = super::device::authorize(&http, &clock, &grant).unwrap();
    super::device::poll(&http, &clock, &grant, &authz, &|_| {}).unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 4);
    // The device authorization request's assertion is addressed to the
    // endpoint it is sent to.
    assert_client_assertion(
        &form(&seen[0]),
        &grant.auth,
        Alg::ES256,
        DEVICE_ENDPOINT,
        NOW,
    );
    let mut jtis = Vec::new();
    for poll in &seen[1..] {
        let f = form(poll);
        assert_eq!(
            f[..2],
            pairs(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("device_code", "dc/1+2"),
            ])
        );
        jtis.push(assert_client_assertion(
            &f,
            &grant.auth,
            Alg::ES256,
            TOKEN_ENDPOINT,
            NOW,
        ));
    }
    jtis.sort();
    jtis.dedup();
    assert_eq!(jtis.len(), 3, "a jti is never reused");
}

#[test]
fn device_pkce_sends_an_s256_challenge_and_the_verifier_with_each_poll() {
    let (http, seen) = fake(vec![DEVICE_CODE, PENDING, TOKEN]);
    let grant = super::device::Grant {
        pkce: true,
        ..device_grant(public())
    };
    let clock = FixedClock(NOW);
    let authz = super::device::authorize(&http, &clock, &grant).unwrap();
    super::device::poll(&http, &clock, &grant, &authz, &|_| {}).unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    let f = form(&seen[0]);
    let challenge = f
        .iter()
        .find(|(k, _)| k == "code_challenge")
        .map(|(_, v)| v.clone())
        .expect("a code_challenge");
    // RFC 7636 §4.3 on the device authorization request (RFC 8628 §3.1
    // allows extension parameters), before the extra ones.
    assert_eq!(
        body(&seen[0]),
        format!(
            "scope=profile+email&client_id=cli\
             &code_challenge={challenge}&code_challenge_method=S256\
             &resource=https%3A%2F%2Fapi.example%2Fa&resource=https%3A%2F%2Fapi.example%2Fb\
             &audience=aud"
        )
    );
    let mut verifiers = Vec::new();
    for poll in &seen[1..] {
        let f = form(poll);
        let verifier = f
            .iter()
            .find(|(k, _)| k == "code_verifier")
            .map(|(_, v)| v.clone())
            .expect("a code_verifier");
        assert_eq!(
            body(poll),
            format!(
                "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code\
                 &device_code=dc%2F1%2B2&client_id=cli&code_verifier={verifier}"
            )
        );
        verifiers.push(verifier);
    }
    assert_eq!(
        verifiers[0], verifiers[1],
        "the same verifier on every poll"
    );
    // RFC 7636 §4.1-4.2: 86 unreserved characters (64 random bytes), and
    // the challenge is BASE64URL(SHA256(verifier)).
    let verifier = &verifiers[0];
    assert_eq!(verifier.len(), 86, "{verifier}");
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
    assert_eq!(challenge, URL_SAFE_NO_PAD.encode(digest.as_ref()));
}

#[test]
fn device_flow_with_client_secret_jwt_gets_a_fresh_assertion_for_the_issuer_each_time() {
    let (http, seen) = fake(vec![DEVICE_CODE, PENDING, PENDING, TOKEN]);
    let grant = device_grant(secret_jwt(Some("https://as.example")));
    let clock = FixedClock(NOW);
    let authz = super::device::authorize(&http, &clock, &grant).unwrap();
    super::device::poll(&http, &clock, &grant, &authz, &|_| {}).unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 4);
    let mut jtis: Vec<String> = seen
        .iter()
        .map(|req| {
            assert_eq!(req.headers, token_headers(None));
            assert_secret_jwt(&form(req), "https://as.example", NOW)
        })
        .collect();
    jtis.sort();
    jtis.dedup();
    assert_eq!(jtis.len(), 4, "a jti is never reused");
}

// --- revocation (RFC 7009) ------------------------------------------------

const REVOCATION_ENDPOINT: &str = "https://as.example/revoke";

fn revocation_headers(authorization: Option<&str>) -> Vec<(String, String)> {
    let mut h = Vec::new();
    if let Some(a) = authorization {
        h.push(("Authorization".to_owned(), a.to_owned()));
    }
    h.extend(pairs(&[
        ("Content-Type", FORM),
        ("Accept", "application/json"),
    ]));
    h
}

#[test]
fn revocation_sends_the_token_and_its_type_hint() {
    use super::revocation::{TokenKind, revoke};
    let cases = [
        (
            secret_basic(),
            TokenKind::Refresh,
            Some(ODD_BASIC),
            "token=t%2F1%2B&token_type_hint=refresh_token",
        ),
        (
            secret_post(),
            TokenKind::Access,
            None,
            "token=t%2F1%2B&token_type_hint=access_token\
             &client_id=svc%3A1&client_secret=a%3Ab%2Bc%25d+e%2Ff%26g",
        ),
        (
            public(),
            TokenKind::Refresh,
            None,
            "token=t%2F1%2B&token_type_hint=refresh_token&client_id=cli",
        ),
    ];
    for (auth, kind, authorization, want) in cases {
        let (http, seen) = fake(vec![(200, "")]);
        revoke(
            &http,
            &FixedClock(NOW),
            REVOCATION_ENDPOINT,
            &auth,
            "t/1+",
            kind,
        )
        .unwrap();
        let req = only(&seen);
        assert_token_post(&req, REVOCATION_ENDPOINT);
        assert_eq!(req.headers, revocation_headers(authorization));
        assert_eq!(body(&req), want);
    }
}

#[test]
fn revocation_with_private_key_jwt() {
    let (http, seen) = fake(vec![(200, "")]);
    let auth = key_jwt(Family::Ec);
    super::revocation::revoke(
        &http,
        &FixedClock(NOW),
        REVOCATION_ENDPOINT,
        &auth,
        "rt",
        super::revocation::TokenKind::Refresh,
    )
    .unwrap();
    let req = only(&seen);
    assert_eq!(req.headers, revocation_headers(None));
    let f = form(&req);
    assert_eq!(
        f[..2],
        pairs(&[("token", "rt"), ("token_type_hint", "refresh_token")])
    );
    assert_client_assertion(&f, &auth, Alg::ES256, REVOCATION_ENDPOINT, NOW);
}

// --- introspection (RFC 7662) ---------------------------------------------

const INTROSPECTION_ENDPOINT: &str = "https://as.example/introspect";

#[test]
fn introspection_sends_the_token_its_hint_and_the_client() {
    let cases = [
        (
            secret_basic(),
            Some("access_token"),
            Some(ODD_BASIC),
            "token=at%2F1%2B&token_type_hint=access_token",
        ),
        (
            secret_post(),
            None,
            None,
            "token=at%2F1%2B&client_id=svc%3A1&client_secret=a%3Ab%2Bc%25d+e%2Ff%26g",
        ),
    ];
    for (auth, hint, authorization, want) in cases {
        let (http, seen) = fake(vec![(200, r#"{"active":true,"sub":"u1"}"#)]);
        let answer = super::introspection::introspect(
            &http,
            &FixedClock(NOW),
            INTROSPECTION_ENDPOINT,
            &auth,
            "at/1+",
            hint,
        )
        .unwrap();
        assert_eq!(answer["sub"], "u1");
        let req = only(&seen);
        assert_token_post(&req, INTROSPECTION_ENDPOINT);
        assert_eq!(req.headers, token_headers(authorization));
        assert_eq!(body(&req), want);
    }
}

// --- userinfo (OIDC Core §5.3) --------------------------------------------

#[test]
fn userinfo_is_a_get_with_the_access_token_as_bearer() {
    let (http, seen) = fake(vec![(200, r#"{"sub":"u1","name":"A"}"#)]);
    let claims =
        super::userinfo::fetch(&http, "https://as.example/userinfo", "at.1-2_3", Some("u1"))
            .unwrap();
    assert_eq!(claims["name"], "A");
    let req = only(&seen);
    assert_eq!(req.method, Method::Get);
    assert_eq!(req.url, "https://as.example/userinfo");
    assert_eq!(
        req.headers,
        pairs(&[
            ("Accept", "application/json"),
            ("Authorization", "Bearer at.1-2_3"),
        ])
    );
    assert_eq!(req.body, None);

    // The Bearer credential never follows a redirect.
    let sent = Arc::new(Mutex::new(0));
    let count = Arc::clone(&sent);
    let http = HttpClient::with_transport(HttpSettings::default(), None, move |_: &Request| {
        *count.lock().unwrap() += 1;
        Ok(Incoming::new(
            302,
            vec![("Location".into(), "https://elsewhere.example/me".into())],
            "",
        ))
    });
    let e = super::userinfo::fetch(&http, "https://as.example/userinfo", "at", None).unwrap_err();
    assert!(e.to_string().contains("does not follow redirects"), "{e}");
    assert_eq!(*sent.lock().unwrap(), 1);
}
