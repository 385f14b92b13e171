//! Integration tests for the advanced requests `oauthctl serve` supports:
//! pushed authorization requests (RFC 9126), signed request objects
//! (RFC 9101), JWT-secured responses (JARM), rich authorization requests
//! (RFC 9396), DPoP (RFC 9449), client_secret_jwt and device PKCE. The
//! real binary is the provider; the requests are plain HTTP, their JWTs
//! made by `oauthctl encode` (DPoP proofs by the library's
//! `jwt::dpop::ProofKey`), and what serve issues is checked by
//! `oauthctl validate`, `decode` and `discover`. Each feature is tried
//! once as it should work and then as a client could get it wrong, with
//! the exact OAuth error the client sees.

use std::path::{Path, PathBuf};

use oauthctl::jwt::Alg;
use oauthctl::jwt::dpop::ProofKey;
use serde_json::{Value, json};

use crate::serve::{Serve, form, http, post};
use crate::support::Test;

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const REDIRECT: &str = "http://127.0.0.1:47111/callback";

fn keys_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/provider/keys")
}

fn query(u: &str, k: &str) -> Option<String> {
    url::Url::parse(u)
        .ok()?
        .query_pairs()
        .find(|(a, _)| a == k)
        .map(|(_, v)| v.into_owned())
}

/// The claims of a JWT, unverified (what serve put in it).
fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("a JWT");
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// The parameters of an authorization request by the built-in CLI client.
fn authz(extra: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut p: Vec<(&'static str, String)> = vec![
        ("response_type", "code".into()),
        ("client_id", "oauthctl-cli".into()),
        ("redirect_uri", REDIRECT.into()),
        ("scope", "openid profile offline_access".into()),
        ("state", "st-1".into()),
        ("nonce", "n-1".into()),
        ("code_challenge", CHALLENGE.into()),
        ("code_challenge_method", "S256".into()),
    ];
    for (k, v) in extra {
        p.retain(|(x, _)| x != k);
        if !v.is_empty() {
            p.push((k, (*v).to_owned()));
        }
    }
    p
}

fn pairs<'a>(p: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    p.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// GET /authorize with these parameters: the redirect's Location.
fn authorize(s: &Serve, params: &[(&str, &str)]) -> String {
    let r = http()
        .get(format!("{}/authorize?{}", s.url(), form(params)))
        .send()
        .unwrap();
    assert_eq!(r.status(), 302, "{}", r.text().unwrap_or_default());
    r.headers()["location"].to_str().unwrap().to_owned()
}

/// Exchange a code of the CLI client (PKCE), with extra headers.
fn exchange(s: &Serve, code: &str, dpop: Option<&str>) -> (u16, Value) {
    let mut r = post(
        &format!("{}/token", s.url()),
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "oauthctl-cli"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    );
    if let Some(p) = dpop {
        r = r.header("DPoP", p);
    }
    let r = r.send().unwrap();
    (r.status().as_u16(), r.json().unwrap())
}

/// `oauthctl encode` with these arguments: the JWT.
fn encode(args: &[&str]) -> String {
    Test::new()
        .arg("encode")
        .args(args)
        .run()
        .stdout
        .trim()
        .to_owned()
}

#[test]
fn discover_shows_and_lints_the_advanced_metadata() {
    let s = Serve::start(&["--require-par"]);
    let v = Test::new()
        .args(["discover", "-o", "json", "--strict", "--fail-on", "info"])
        .arg(s.url())
        .run()
        .json();
    assert_eq!(v["findings"], json!([]), "{v:#}");
    let md = &v["metadata"];
    assert_eq!(
        md["pushed_authorization_request_endpoint"],
        format!("{}/par", s.url())
    );
    assert_eq!(md["require_pushed_authorization_requests"], true);
    assert_eq!(md["request_parameter_supported"], true);
    let list = |k: &str| -> Vec<String> {
        md[k]
            .as_array()
            .unwrap_or_else(|| panic!("{k} in {md:#}"))
            .iter()
            .map(|x| x.as_str().unwrap().to_owned())
            .collect()
    };
    assert!(list("response_modes_supported").contains(&"form_post.jwt".to_owned()));
    assert_eq!(
        list("authorization_signing_alg_values_supported"),
        ["RS256"]
    );
    assert!(list("token_endpoint_auth_methods_supported").contains(&"client_secret_jwt".into()));
    assert!(list("authorization_details_types_supported").contains(&"payment_initiation".into()));
    for k in [
        "dpop_signing_alg_values_supported",
        "request_object_signing_alg_values_supported",
    ] {
        let algs = list(k);
        assert!(algs.contains(&"ES256".to_owned()), "{k}: {algs:?}");
        assert!(
            !algs.iter().any(|a| a.starts_with("HS") || a == "none"),
            "{k}: {algs:?}"
        );
    }
    Test::new()
        .arg("discover")
        .arg(s.url())
        .stdout_contains("pushed requests           required (PAR, RFC 9126)")
        .stdout_contains("request objects           yes (RFC 9101)")
        .stdout_contains("RAR types                 payment_initiation")
        .stdout_contains("JARM signing              RS256")
        .run();
    let plain = Serve::start(&[]);
    Test::new()
        .arg("discover")
        .arg(plain.url())
        .stdout_contains("pushed requests           yes (PAR, RFC 9126)")
        .run();
}

#[test]
fn pushed_requests_are_used_once() {
    let s = Serve::start(&["--auto-approve"]);
    let par = format!("{}/par", s.url());
    let r = post(&par, &pairs(&authz(&[]))).send().unwrap();
    assert_eq!(r.status(), 201);
    let pushed: Value = r.json().unwrap();
    let uri = pushed["request_uri"].as_str().unwrap().to_owned();
    assert!(
        uri.starts_with("urn:ietf:params:oauth:request_uri:"),
        "{uri}"
    );
    assert_eq!(pushed["expires_in"], 60);
    let by_ref = [("client_id", "oauthctl-cli"), ("request_uri", uri.as_str())];
    let loc = authorize(&s, &by_ref);
    assert_eq!(query(&loc, "state").as_deref(), Some("st-1"));
    let code = query(&loc, "code").expect("a code");
    let (status, body) = exchange(&s, &code, None);
    assert_eq!(status, 200, "{body}");
    // Used again: refused, back to the client of the pushed request.
    let loc = authorize(&s, &by_ref);
    assert!(loc.starts_with(REDIRECT), "{loc}");
    assert_eq!(query(&loc, "error").as_deref(), Some("invalid_request_uri"));
    assert_eq!(query(&loc, "state").as_deref(), Some("st-1"));
    // Another client cannot use it, and learns nothing.
    let r = http()
        .get(format!(
            "{}/authorize?{}",
            s.url(),
            form(&[("client_id", "oauthctl-service"), ("request_uri", &uri)])
        ))
        .send()
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().unwrap().contains("invalid_request_uri"));
    // A confidential client must authenticate at /par.
    let r = post(&par, &pairs(&authz(&[("client_id", "oauthctl-service")])))
        .send()
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().unwrap()["error"], "invalid_client");
    let r = post(&par, &pairs(&authz(&[("client_id", "oauthctl-service")])))
        .basic_auth("oauthctl-service", Some(s.secret()))
        .send()
        .unwrap();
    assert_eq!(r.status(), 201);
    // What the authorization endpoint would refuse, /par refuses at once.
    for (extra, error) in [
        (vec![("request_uri", "urn:x")], "invalid_request"),
        (vec![("scope", "openid admin")], "invalid_scope"),
        (
            vec![("response_type", "token")],
            "unsupported_response_type",
        ),
    ] {
        let r = post(&par, &pairs(&authz(&extra))).send().unwrap();
        assert_eq!(r.status(), 400, "{extra:?}");
        assert_eq!(r.json::<Value>().unwrap()["error"], error, "{extra:?}");
    }
    let r = post(
        &par,
        &pairs(&authz(&[("redirect_uri", "https://evil.example/cb")])),
    )
    .send()
    .unwrap();
    assert_eq!(r.json::<Value>().unwrap()["error"], "invalid_request");
}

#[test]
fn require_par_refuses_a_request_that_was_not_pushed() {
    let s = Serve::start(&["--require-par", "--auto-approve"]);
    let loc = authorize(&s, &pairs(&authz(&[])));
    assert_eq!(query(&loc, "error").as_deref(), Some("invalid_request"));
    assert!(
        query(&loc, "error_description")
            .unwrap()
            .contains("requires pushed authorization requests"),
        "{loc}"
    );
    let pushed: Value = post(&format!("{}/par", s.url()), &pairs(&authz(&[])))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let loc = authorize(
        &s,
        &[
            ("client_id", "oauthctl-cli"),
            ("request_uri", pushed["request_uri"].as_str().unwrap()),
        ],
    );
    assert!(query(&loc, "code").is_some(), "{loc}");
}

#[test]
fn client_secret_jwt_at_the_token_introspection_revocation_and_par_endpoints() {
    let s = Serve::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join("secret");
    std::fs::write(&secret_file, s.secret()).unwrap();
    let wrong_file = dir.path().join("wrong");
    std::fs::write(&wrong_file, "not-the-secret-at-all-000").unwrap();
    let assertion = |aud: &str, secret: &Path| {
        encode(&[
            "--alg",
            "HS256",
            "--secret-file",
            secret.to_str().unwrap(),
            "--claim",
            "iss=oauthctl-service",
            "--claim",
            "sub=oauthctl-service",
            "--claim",
            &format!("aud={aud}"),
            "--exp",
            "2m",
            "--iat",
            "--jti",
        ])
    };
    let with = |url: &str, a: &str, extra: &[(&str, &str)]| {
        let mut p = vec![
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", a),
        ];
        p.extend_from_slice(extra);
        let r = post(url, &p).send().unwrap();
        (r.status().as_u16(), r.json::<Value>().unwrap())
    };
    let token = format!("{}/token", s.url());
    let cc = [("grant_type", "client_credentials")];
    let a = assertion(&token, &secret_file);
    let (status, body) = with(&token, &a, &cc);
    assert_eq!(status, 200, "{body}");
    let at = body["access_token"].as_str().unwrap().to_owned();
    // The same assertion twice is a replay.
    let (status, body) = with(&token, &a, &cc);
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    assert!(body["error_description"].as_str().unwrap().contains("jti"));
    // Signed with another secret, or for another audience.
    let (_, body) = with(&token, &assertion(&token, &wrong_file), &cc);
    assert_eq!(body["error"], "invalid_client");
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("signature"),
        "{body}"
    );
    let (_, body) = with(
        &token,
        &assertion("https://elsewhere.example", &secret_file),
        &cc,
    );
    assert!(body["error_description"].as_str().unwrap().contains("aud"));
    // The issuer is an audience every endpoint accepts; each endpoint its own URL.
    let introspect = format!("{}/introspect", s.url());
    let (status, body) = with(
        &introspect,
        &assertion(&introspect, &secret_file),
        &[("token", &at)],
    );
    assert_eq!((status, &body["active"]), (200, &json!(true)), "{body}");
    let revoke = format!("{}/revoke", s.url());
    let (status, _) = with(
        &revoke,
        &assertion(s.url(), &secret_file),
        &[("token", &at)],
    );
    assert_eq!(status, 200);
    let (_, body) = with(
        &introspect,
        &assertion(s.url(), &secret_file),
        &[("token", &at)],
    );
    assert_eq!(body, json!({"active": false}));
    let par = format!("{}/par", s.url());
    let (status, body) = with(
        &par,
        &assertion(&par, &secret_file),
        &pairs(&authz(&[("client_id", "oauthctl-service")])),
    );
    assert_eq!(status, 201, "{body}");
    // A public client has no secret to sign with.
    let (status, body) = with(
        &token,
        &encode(&[
            "--alg",
            "HS256",
            "--secret-file",
            secret_file.to_str().unwrap(),
            "--claim",
            "iss=oauthctl-cli",
            "--claim",
            "sub=oauthctl-cli",
            "--claim",
            &format!("aud={token}"),
            "--exp",
            "2m",
            "--jti",
        ]),
        &cc,
    );
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
}

/// A provider file with a public client that signs its request objects
/// with the test key.
fn signing_client_config(dir: &Path) -> PathBuf {
    let cfg = dir.join("provider.toml");
    std::fs::write(
        &cfg,
        format!(
            "authorization_details_types = [\"payment_initiation\", \"urn:example:orders\"]\n\
             [[clients]]\nclient_id = \"signed-app\"\njwks_file = \"{}\"\n\
             token_endpoint_auth_method = \"none\"\n",
            keys_dir().join("svc-jwt.jwks.json").display()
        ),
    )
    .unwrap();
    cfg
}

#[test]
fn request_objects_signed_by_the_client_are_verified_and_win() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = signing_client_config(dir.path());
    let s = Serve::start(&["--provider-config", cfg.to_str().unwrap(), "--auto-approve"]);
    let key = keys_dir().join("svc-jwt.key.pem");
    let inside = json!({
        "iss": "signed-app",
        "aud": s.url(),
        "client_id": "signed-app",
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "scope": "openid",
        "state": "from-inside",
        "code_challenge": CHALLENGE,
        "code_challenge_method": "S256",
    })
    .to_string();
    let signed = encode(&[
        "--alg",
        "RS256",
        "--key",
        key.to_str().unwrap(),
        "--claims",
        &inside,
        "--exp",
        "5m",
    ]);
    let outer = |request: &str| {
        authorize(
            &s,
            &[
                ("client_id", "signed-app"),
                ("response_type", "code"),
                ("redirect_uri", REDIRECT),
                ("state", "from-outside"),
                ("request", request),
            ],
        )
    };
    let loc = outer(&signed);
    assert!(query(&loc, "code").is_some(), "{loc}");
    assert_eq!(query(&loc, "state").as_deref(), Some("from-inside"));
    // Unsigned, or signed by another key, or for another audience.
    let unsigned = encode(&["--alg", "none", "--claims", &inside]);
    let loc = outer(&unsigned);
    assert_eq!(
        query(&loc, "error").as_deref(),
        Some("invalid_request_object"),
        "{loc}"
    );
    assert_eq!(query(&loc, "state").as_deref(), Some("from-outside"));
    let other = oauthctl::jwt::encode::generate(oauthctl::jwt::Family::Rsa, "test").unwrap();
    let forged = oauthctl::jwt::encode::sign(
        oauthctl::jwt::encode::SignAlg::Alg(Alg::RS256),
        &serde_json::Map::new(),
        serde_json::from_str::<Value>(&inside)
            .unwrap()
            .as_object()
            .unwrap(),
        Some(&other),
    )
    .unwrap();
    let loc = outer(&forged);
    assert_eq!(
        query(&loc, "error").as_deref(),
        Some("invalid_request_object")
    );
    assert!(
        query(&loc, "error_description")
            .unwrap()
            .contains("signature"),
        "{loc}"
    );
    let elsewhere = encode(&[
        "--alg",
        "RS256",
        "--key",
        key.to_str().unwrap(),
        "--claims",
        &inside,
        "--claim",
        "aud=https://elsewhere.example",
        "--exp",
        "5m",
    ]);
    let loc = outer(&elsewhere);
    assert!(
        query(&loc, "error_description").unwrap().contains("aud"),
        "{loc}"
    );
    // Pushed: the request object goes to /par, only its reference to /authorize.
    let r = post(
        &format!("{}/par", s.url()),
        &[("client_id", "signed-app"), ("request", &signed)],
    )
    .send()
    .unwrap();
    assert_eq!(r.status(), 201);
    let uri = r.json::<Value>().unwrap()["request_uri"]
        .as_str()
        .unwrap()
        .to_owned();
    let loc = authorize(&s, &[("client_id", "signed-app"), ("request_uri", &uri)]);
    assert_eq!(query(&loc, "state").as_deref(), Some("from-inside"));
    let r = post(
        &format!("{}/par", s.url()),
        &[("client_id", "signed-app"), ("request", &unsigned)],
    )
    .send()
    .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().unwrap()["error"],
        "invalid_request_object"
    );
}

#[test]
fn jwt_secured_responses_are_signed_for_the_client() {
    let s = Serve::start(&["--auto-approve"]);
    let loc = authorize(&s, &pairs(&authz(&[("response_mode", "query.jwt")])));
    assert!(loc.starts_with(REDIRECT), "{loc}");
    assert_eq!(query(&loc, "code"), None, "only the JWT: {loc}");
    assert_eq!(query(&loc, "iss"), None);
    let response = query(&loc, "response").expect("a response JWT");
    let out = Test::new()
        .args([
            "validate",
            "--issuer",
            s.url(),
            "--audience",
            "oauthctl-cli",
        ])
        .arg(&response)
        .run();
    assert!(out.stdout.contains("VALID"), "{}", out.stdout);
    Test::new()
        .args([
            "validate",
            "--issuer",
            s.url(),
            "--audience",
            "another-client",
        ])
        .arg(&response)
        .code(1)
        .run();
    let c = claims(&response);
    assert_eq!(c["state"], "st-1");
    assert_eq!(c["iss"], s.url());
    let code = c["code"].as_str().expect("the code inside");
    assert_eq!(exchange(&s, code, None).0, 200);
    // An error goes back the same way.
    let loc = authorize(
        &s,
        &pairs(&authz(&[
            ("response_mode", "jwt"),
            ("scope", "openid admin"),
        ])),
    );
    let c = claims(&query(&loc, "response").unwrap());
    assert_eq!(c["error"], "invalid_scope");
    assert_eq!(c["aud"], "oauthctl-cli");
    // form_post.jwt: a page that posts the JWT, submitted by a script the
    // page's policy allows by hash.
    let r = http()
        .get(format!(
            "{}/authorize?{}",
            s.url(),
            form(&pairs(&authz(&[("response_mode", "form_post.jwt")])))
        ))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src 'sha256-"), "{csp}");
    let html = r.text().unwrap();
    assert!(
        html.contains(&format!("<form method=\"post\" action=\"{REDIRECT}\">")),
        "{html}"
    );
    let jwt = html
        .split("name=\"response\" value=\"")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .expect("a response field");
    assert_eq!(claims(jwt)["state"], "st-1");
    let loc = authorize(&s, &pairs(&authz(&[("response_mode", "fragment.jwt")])));
    assert_eq!(query(&loc, "error").as_deref(), Some("invalid_request"));
}

#[test]
fn authorization_details_are_granted_and_kept_on_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = signing_client_config(dir.path());
    let s = Serve::start(&["--provider-config", cfg.to_str().unwrap(), "--auto-approve"]);
    let details = json!([{"type": "urn:example:orders", "actions": ["read"], "locations": ["https://orders.example"]}]);
    let loc = authorize(
        &s,
        &pairs(&authz(&[("authorization_details", &details.to_string())])),
    );
    let (status, body) = exchange(&s, &query(&loc, "code").unwrap(), None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["authorization_details"], details);
    let at = body["access_token"].as_str().unwrap();
    assert_eq!(claims(at)["authorization_details"], details);
    let r = post(
        &format!("{}/token", s.url()),
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "oauthctl-cli"),
            ("refresh_token", body["refresh_token"].as_str().unwrap()),
        ],
    )
    .send()
    .unwrap();
    let refreshed: Value = r.json().unwrap();
    assert_eq!(refreshed["authorization_details"], details, "{refreshed}");
    assert_eq!(
        claims(refreshed["access_token"].as_str().unwrap())["authorization_details"],
        details
    );
    // Types the provider does not take (the file replaced the defaults),
    // and what is not a list of typed objects.
    for bad in [
        json!([{"type": "account_information"}]).to_string(),
        json!({"type": "urn:example:orders"}).to_string(),
        json!([{"actions": ["read"]}]).to_string(),
        "not json".to_owned(),
    ] {
        let loc = authorize(&s, &pairs(&authz(&[("authorization_details", &bad)])));
        assert_eq!(
            query(&loc, "error").as_deref(),
            Some("invalid_authorization_details"),
            "{bad}"
        );
    }
    // At the token endpoint too, for client credentials.
    let r = post(
        &format!("{}/token", s.url()),
        &[
            ("grant_type", "client_credentials"),
            (
                "authorization_details",
                &json!([{"type": "payment_initiation"}]).to_string(),
            ),
        ],
    )
    .basic_auth("oauthctl-service", Some(s.secret()))
    .send()
    .unwrap();
    let body: Value = r.json().unwrap();
    assert_eq!(
        body["authorization_details"][0]["type"], "payment_initiation",
        "{body}"
    );
}

/// A fresh DPoP proof for a request to `url`.
fn proof(key: &ProofKey, method: &str, url: &str, at: Option<&str>, nonce: Option<&str>) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    key.proof(method, url, now, at, nonce).unwrap()
}

#[test]
fn dpop_binds_tokens_to_the_key_with_a_server_nonce() {
    let s = Serve::start(&["--auto-approve", "--demo-api", "--dpop-nonce"]);
    let key = ProofKey::generate(Alg::ES256).unwrap();
    let token = format!("{}/token", s.url());
    let loc = authorize(&s, &pairs(&authz(&[("dpop_jkt", &key.jkt())])));
    let code = query(&loc, "code").unwrap();
    // The server demands its nonce first.
    let first = post(
        &token,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "oauthctl-cli"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    )
    .header("DPoP", proof(&key, "POST", &token, None, None))
    .send()
    .unwrap();
    assert_eq!(first.status(), 400);
    let nonce = first.headers()["dpop-nonce"].to_str().unwrap().to_owned();
    assert_eq!(first.json::<Value>().unwrap()["error"], "use_dpop_nonce");
    let (status, body) = exchange(
        &s,
        &code,
        Some(&proof(&key, "POST", &token, None, Some(&nonce))),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "DPoP");
    let at = body["access_token"].as_str().unwrap().to_owned();
    let audience = format!("{}/api", s.url());
    Test::new()
        .args(["validate", "--issuer", s.url(), "--audience", &audience])
        .args(["--claim", &format!("cnf.jkt={}", key.jkt())])
        .arg(&at)
        .stdout_contains("VALID")
        .run();
    // Userinfo and the demo API: the DPoP scheme with a proof of the key.
    for path in ["/userinfo", "/api/whoami"] {
        let url = format!("{}{path}", s.url());
        let call = |scheme: &str, p: Option<String>| {
            let mut r = http()
                .get(&url)
                .header("Authorization", format!("{scheme} {at}"));
            if let Some(p) = p {
                r = r.header("DPoP", p);
            }
            let r = r.send().unwrap();
            let www = r
                .headers()
                .get("www-authenticate")
                .map(|h| h.to_str().unwrap().to_owned())
                .unwrap_or_default();
            (r.status().as_u16(), www)
        };
        let good = proof(&key, "GET", &url, Some(&at), Some(&nonce));
        assert_eq!(call("DPoP", Some(good.clone())).0, 200, "{path}");
        let (status, www) = call("DPoP", Some(good));
        assert_eq!(status, 401, "{path}: a replayed proof");
        assert!(
            www.contains("invalid_dpop_proof") && www.contains("jti"),
            "{www}"
        );
        let (status, www) = call("Bearer", None);
        assert_eq!(status, 401, "{path}: a bound token as a bearer token");
        assert!(www.contains("DPoP-bound"), "{www}");
        let other = ProofKey::generate(Alg::ES256).unwrap();
        let (_, www) = call(
            "DPoP",
            Some(proof(&other, "GET", &url, Some(&at), Some(&nonce))),
        );
        assert!(www.contains("cnf.jkt"), "{www}");
        let (_, www) = call("DPoP", Some(proof(&key, "GET", &url, Some(&at), None)));
        assert!(www.contains("use_dpop_nonce"), "{www}");
    }
    // The refresh token of this public client is bound to the key too.
    let rt = body["refresh_token"].as_str().unwrap();
    let refresh = |p: Option<String>| {
        let mut r = post(
            &token,
            &[
                ("grant_type", "refresh_token"),
                ("client_id", "oauthctl-cli"),
                ("refresh_token", rt),
            ],
        );
        if let Some(p) = p {
            r = r.header("DPoP", p);
        }
        r.send().unwrap().json::<Value>().unwrap()
    };
    assert_eq!(refresh(None)["error"], "invalid_dpop_proof");
    let other = ProofKey::generate(Alg::ES256).unwrap();
    assert_eq!(
        refresh(Some(proof(&other, "POST", &token, None, Some(&nonce))))["error"],
        "invalid_dpop_proof"
    );
    let r = refresh(Some(proof(&key, "POST", &token, None, Some(&nonce))));
    assert_eq!(r["token_type"], "DPoP", "{r}");
    // dpop_jkt bound the code: another key (or none) cannot redeem it.
    let loc = authorize(&s, &pairs(&authz(&[("dpop_jkt", &key.jkt())])));
    let (status, body) = exchange(&s, &query(&loc, "code").unwrap(), None);
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_dpop_proof"))
    );
}

#[test]
fn device_authorization_with_pkce_checks_the_verifier() {
    let s = Serve::start(&["--auto-approve"]);
    let d: Value = post(
        &format!("{}/device_authorization", s.url()),
        &[
            ("client_id", "oauthctl-cli"),
            ("scope", "openid"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    )
    .send()
    .unwrap()
    .json()
    .unwrap();
    let device_code = d["device_code"].as_str().expect("a device code").to_owned();
    let r = post(
        &format!("{}/device", s.url()),
        &[
            ("user_code", d["user_code"].as_str().unwrap()),
            ("action", "approve"),
        ],
    )
    .send()
    .unwrap();
    assert_eq!(r.status(), 200);
    let poll = |verifier: Option<&str>| {
        let mut p = vec![
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("client_id", "oauthctl-cli"),
            ("device_code", device_code.as_str()),
        ];
        if let Some(v) = verifier {
            p.push(("code_verifier", v));
        }
        post(&format!("{}/token", s.url()), &p)
            .send()
            .unwrap()
            .json::<Value>()
            .unwrap()
    };
    assert_eq!(poll(None)["error"], "invalid_grant");
    assert_eq!(poll(Some(&"x".repeat(43)))["error"], "invalid_grant");
    let t = poll(Some(VERIFIER));
    assert!(t["access_token"].is_string(), "{t}");
    let r: Value = post(
        &format!("{}/device_authorization", s.url()),
        &[
            ("client_id", "oauthctl-cli"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "plain"),
        ],
    )
    .send()
    .unwrap()
    .json()
    .unwrap();
    assert_eq!(r["error"], "invalid_request");
}

#[test]
fn a_client_registered_for_par_and_dpop_gets_nothing_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("provider.toml");
    std::fs::write(
        &cfg,
        "[[clients]]\nclient_id = \"strict-app\"\n\
         require_pushed_authorization_requests = true\ndpop_bound_access_tokens = true\n",
    )
    .unwrap();
    let s = Serve::start(&["--provider-config", cfg.to_str().unwrap(), "--auto-approve"]);
    let strict = authz(&[("client_id", "strict-app")]);
    let loc = authorize(&s, &pairs(&strict));
    assert_eq!(query(&loc, "error").as_deref(), Some("invalid_request"));
    assert!(
        query(&loc, "error_description")
            .unwrap()
            .contains("this client requires pushed"),
        "{loc}"
    );
    // Other clients are not concerned.
    assert!(query(&authorize(&s, &pairs(&authz(&[]))), "code").is_some());
    // A DPoP proof sent with the pushed request binds the code to its key.
    let par = format!("{}/par", s.url());
    let key = ProofKey::generate(Alg::ES256).unwrap();
    let code = || {
        let r = post(&par, &pairs(&strict))
            .header("DPoP", proof(&key, "POST", &par, None, None))
            .send()
            .unwrap();
        assert_eq!(r.status(), 201);
        let uri = r.json::<Value>().unwrap()["request_uri"]
            .as_str()
            .unwrap()
            .to_owned();
        let loc = authorize(&s, &[("client_id", "strict-app"), ("request_uri", &uri)]);
        query(&loc, "code").unwrap()
    };
    let token = format!("{}/token", s.url());
    let redeem = |code: &str, p: Option<String>| {
        let mut r = post(
            &token,
            &[
                ("grant_type", "authorization_code"),
                ("client_id", "strict-app"),
                ("code", code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", VERIFIER),
            ],
        );
        if let Some(p) = p {
            r = r.header("DPoP", p);
        }
        r.send().unwrap().json::<Value>().unwrap()
    };
    let first = code();
    let r = redeem(&first, None);
    assert_eq!(r["error"], "invalid_dpop_proof", "{r}");
    assert!(
        r["error_description"]
            .as_str()
            .unwrap()
            .contains("dpop_bound_access_tokens"),
        "{r}"
    );
    let r = redeem(&first, Some(proof(&key, "POST", &token, None, None)));
    assert_eq!(r["token_type"], "DPoP", "{r}");
    assert_eq!(
        claims(r["access_token"].as_str().unwrap())["cnf"]["jkt"],
        key.jkt()
    );
    // The code is bound to the key of the proof sent to /par.
    let other = ProofKey::generate(Alg::ES256).unwrap();
    let r = redeem(&code(), Some(proof(&other, "POST", &token, None, None)));
    assert_eq!(r["error"], "invalid_dpop_proof", "{r}");
    // A dpop_jkt that is not the proof's key is refused at /par.
    let r = post(
        &par,
        &pairs(&authz(&[
            ("client_id", "strict-app"),
            ("dpop_jkt", &other.jkt()),
        ])),
    )
    .header("DPoP", proof(&key, "POST", &par, None, None))
    .send()
    .unwrap();
    assert_eq!(r.json::<Value>().unwrap()["error"], "invalid_dpop_proof");
}

/// An independent client: node `openid-client` 6 (OpenID Certified,
/// pinned in tests/rp/package.json, installed by scripts/test) runs
/// tests/rp/advanced.mjs against serve, so every feature above also works
/// with a client that is not oauthctl.
#[test]
fn openid_client_uses_every_advanced_request_against_serve() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = signing_client_config(dir.path());
    let s = Serve::start(&[
        "--provider-config",
        cfg.to_str().unwrap(),
        "--auto-approve",
        "--dpop-nonce",
        "--device-interval",
        "1",
    ]);
    let rp = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rp");
    let out = std::process::Command::new("node")
        .arg(rp.join("advanced.mjs"))
        .current_dir(&rp)
        .env("ISSUER", s.url())
        .env("SERVICE_SECRET", s.secret())
        .env("JAR_KEY", keys_dir().join("svc-jwt.key.pem"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}); install Node.js and run scripts/test"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "openid-client failed ({}):\n{stdout}\n--- stderr\n{}\n--- serve's stderr\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        s.stderr(),
        if rp.join("node_modules/openid-client").exists() {
            ""
        } else {
            "\nhint: tests/rp/node_modules is missing; run scripts/test (npm ci in tests/rp)"
        }
    );
    let r: Value = serde_json::from_str(stdout.trim()).unwrap();
    let login = &r["par_jarm_dpop_rar"];
    assert_eq!(login["request_uri"], true, "{r:#}");
    assert_eq!(login["jarm"], true, "{r:#}");
    assert_eq!(login["token_type"], "dpop", "{r:#}");
    assert_eq!(
        login["authorization_details"][0]["type"],
        "payment_initiation"
    );
    assert_eq!(login["sub"], "demo");
    let after = &r["dpop_userinfo_and_refresh"];
    assert_eq!(after["userinfo_sub"], "demo", "{r:#}");
    assert_eq!(after["token_type"], "dpop");
    assert_eq!(
        after["authorization_details"],
        login["authorization_details"]
    );
    assert_eq!(r["jar_pushed"]["aud"], "signed-app", "{r:#}");
    let cc = &r["client_secret_jwt"];
    assert_eq!(
        (&cc["scope"], &cc["active"], &cc["after"]),
        (&json!("api:read"), &json!(true), &json!(false)),
        "{r:#}"
    );
    assert_eq!(r["device_pkce"]["sub"], "demo", "{r:#}");
}

/// Chromium, with JavaScript on and serve's Content-Security-Policy in
/// force, posts a form_post.jwt response to the client by itself: the
/// policy allows the page's one script by its hash.
#[test]
fn a_real_browser_posts_the_form_post_jwt_response() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/form_post.mjs");
    assert!(
        Path::new("/usr/bin/chromium").exists() && script.with_file_name("node_modules").exists(),
        "needs Debian's chromium and tests/browser/node_modules: run scripts/test"
    );
    let s = Serve::start(&["--auto-approve"]);
    let callback = crate::support::Server::new(|_, _| {
        crate::support::Reply::status(200, "text/plain", "received")
    });
    let redirect = format!("{}/callback", callback.url());
    let params = authz(&[
        ("redirect_uri", &redirect),
        ("response_mode", "form_post.jwt"),
    ]);
    let url = format!("{}/authorize?{}", s.url(), form(&pairs(&params)));
    let out = std::process::Command::new("node")
        .arg(&script)
        .arg(&url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(seen["method"], "POST", "{seen}");
    let posted = callback.requests();
    let post = posted.iter().find(|r| r.method == "POST").expect("a POST");
    let response = post.param("response").expect("a response parameter");
    assert_eq!(post.param("code"), None, "only the JWT");
    Test::new()
        .args([
            "validate",
            "--issuer",
            s.url(),
            "--audience",
            "oauthctl-cli",
        ])
        .arg(&response)
        .stdout_contains("VALID")
        .run();
    assert_eq!(claims(&response)["state"], "st-1");
}

/// oauthctl's own client against serve: `cc` and `introspect` with
/// client_secret_jwt, and `device --pkce`.
#[test]
fn oauthctl_client_secret_jwt_and_device_pkce_against_serve() {
    let s = Serve::start(&["--auto-approve", "--device-interval", "1"]);
    let secret = s.secret();
    let client = [
        "--issuer",
        s.url(),
        "--client-id",
        "oauthctl-service",
        "--auth-method",
        "client_secret_jwt",
    ];
    let out = Test::new()
        .env("OAUTHCTL_CLIENT_SECRET", &secret)
        .args(["cc", "--no-cache", "-vv"])
        .args(client)
        .args(["--scope", "api:read"])
        .run();
    assert!(!out.stderr.contains(&secret), "{}", out.stderr);
    assert!(out.stderr.contains("client_assertion="), "{}", out.stderr);
    let token = out.stdout.trim().to_owned();
    let audience = format!("{}/api", s.url());
    Test::new()
        .args(["validate", "--issuer", s.url(), "--audience", &audience])
        .args(["--claim", "client_id=oauthctl-service", &token])
        .stdout_contains("VALID")
        .run();
    Test::new()
        .env("OAUTHCTL_CLIENT_SECRET", &secret)
        .args(["introspect", "-o", "json"])
        .args(client)
        .arg("--")
        .arg(&token)
        .stdout_contains("\"active\": true")
        .run();
    Test::new()
        .env(
            "OAUTHCTL_CLIENT_SECRET",
            "not-the-secret-0123456789abcdef-xyz",
        )
        .args(["cc", "--no-cache"])
        .args(client)
        .code(4)
        .stderr_contains("invalid_client")
        .stderr_lacks("not-the-secret")
        .run();

    let home = tempfile::tempdir().unwrap();
    let mut cmd = crate::support::clean_command(home.path());
    cmd.args(["device", "--pkce", "-vv", "--issuer", s.url()])
        .args([
            "--client-id",
            "oauthctl-cli",
            "--scope",
            "openid",
            "-o",
            "json",
        ]);
    let url = s.url().to_owned();
    let out = crate::support::device_approved_by(cmd, |complete| {
        let user_code = query(complete, "user_code").expect("user_code in the URI");
        let r = post(
            &format!("{url}/device"),
            &[("user_code", &user_code), ("action", "approve")],
        )
        .send()
        .unwrap();
        assert_eq!(r.status(), 200);
    });
    assert_eq!(out.code, 0, "stderr:\n{}", out.stderr);
    assert_eq!(out.json()["sub"], "demo", "{}", out.stdout);
    // The challenge went with the request and the verifier with the poll,
    // which serve checked.
    for sent in ["code_challenge_method=S256", "code_verifier="] {
        assert!(out.stderr.contains(sent), "no {sent} in:\n{}", out.stderr);
    }
}
