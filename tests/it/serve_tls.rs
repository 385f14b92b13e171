//! `oauthctl serve --tls`: HTTPS with a certificate made at start (or
//! given), and mutual-TLS client authentication with certificate-bound
//! access tokens (RFC 8705). The clients are oauthctl's own `cc` (trusting
//! the server with `--cacert`) and Debian's `curl`, an independent TLS
//! stack (OpenSSL); the client certificates are made by `openssl`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Test, free_port, openssl};

/// A self-signed client certificate `NAME.pem`/`NAME.key` for `subject`.
fn client_cert(dir: &Path, name: &str, subject: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
            "-days",
            "2",
            "-subj",
            subject,
        ],
    );
}

/// `x5t#S256` of a PEM certificate: base64url SHA-256 of its DER.
fn thumbprint(pem_file: &Path) -> String {
    let text = std::fs::read_to_string(pem_file).unwrap();
    let b64: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap();
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &der);
    base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        digest.as_ref(),
    )
}

/// The claims of a JWT, unverified.
fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("a JWT");
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// Two mutual-TLS clients in a provider file, their certificates, and a
/// stranger's certificate.
struct Clients {
    dir: tempfile::TempDir,
}

impl Clients {
    fn new() -> Clients {
        let dir = tempfile::tempdir().unwrap();
        client_cert(dir.path(), "robot", "/O=Example/CN=robot");
        client_cert(dir.path(), "other", "/O=Example/CN=other");
        std::fs::write(
            dir.path().join("provider.toml"),
            r#"
[[clients]]
client_id = "mtls"
tls_client_auth_subject_dn = "CN=robot,O=Example"

[[clients]]
client_id = "selfsigned"
jwks_file = "robot.pem"
token_endpoint_auth_method = "self_signed_tls_client_auth"
grant_types = ["client_credentials"]
"#,
        )
        .unwrap();
        Clients { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// `oauthctl serve -o json` with its state directory in `state`.
struct TlsServe {
    child: Child,
    summary: Value,
}

impl TlsServe {
    fn start(state: &Path, extra: &[&str]) -> TlsServe {
        let port = free_port().to_string();
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("oauthctl"))
            .args(["serve", "-o", "json", "--port", &port])
            .args(extra)
            .env_remove("OAUTHCTL_CONFIG")
            .env("XDG_STATE_HOME", state)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run oauthctl serve");
        let out = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            let mut lines = BufReader::new(out).lines();
            for line in lines.by_ref() {
                let Ok(line) = line else { break };
                let end = line == "}";
                text.push_str(&line);
                text.push('\n');
                if end {
                    break;
                }
            }
            let _ = tx.send(text);
            for _ in lines {}
        });
        let text = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
        let summary = serde_json::from_str(&text).unwrap_or_else(|e| {
            let _ = child.kill();
            panic!("serve --tls printed no JSON banner ({e}):\n{text}")
        });
        TlsServe { child, summary }
    }

    fn url(&self) -> &str {
        self.summary["issuer"].as_str().expect("issuer")
    }

    fn ca(&self) -> PathBuf {
        PathBuf::from(
            self.summary["tls"]["cert_file"]
                .as_str()
                .expect("cert_file"),
        )
    }
}

impl Drop for TlsServe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `oauthctl cc` as a mutual-TLS client trusting the server's certificate.
fn cc(s: &TlsServe, client: &str, method: &str, cert: Option<(&Path, &Path)>) -> Test {
    let mut t = Test::new()
        .args(["cc", "-o", "json", "--no-cache", "--issuer", s.url()])
        .args(["--client-id", client, "--auth-method", method])
        .arg("--cacert")
        .arg(s.ca());
    if let Some((c, k)) = cert {
        t = t.arg("--client-cert").arg(c).arg("--client-key").arg(k);
    }
    t
}

#[test]
fn oauthctl_gets_certificate_bound_tokens_from_serve_tls() {
    let clients = Clients::new();
    let state = tempfile::tempdir().unwrap();
    let config = clients.path("provider.toml").display().to_string();
    let s = TlsServe::start(state.path(), &["--tls", "--provider-config", &config]);
    // The issuer is https, and the certificate clients are told to trust is
    // the one the server presents (its fingerprint, by openssl).
    assert!(s.url().starts_with("https://127.0.0.1:"), "{}", s.summary);
    let ca = s.ca();
    assert!(ca.starts_with(state.path()), "{}", ca.display());
    let fp = Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(&ca)
        .output()
        .unwrap();
    let fp = String::from_utf8_lossy(&fp.stdout);
    assert_eq!(
        fp.trim().rsplit('=').next().unwrap(),
        s.summary["tls"]["fingerprint"].as_str().unwrap(),
    );

    // The metadata says what mutual TLS gives.
    let md = Test::new()
        .args(["discover", "-o", "json", "--cacert"])
        .arg(&ca)
        .arg(s.url())
        .run()
        .json();
    let md = &md["metadata"];
    let methods = md["token_endpoint_auth_methods_supported"]
        .as_array()
        .unwrap();
    assert!(methods.contains(&json!("tls_client_auth")), "{md:#}");
    assert!(
        methods.contains(&json!("self_signed_tls_client_auth")),
        "{md:#}"
    );
    assert_eq!(md["tls_client_certificate_bound_access_tokens"], true);

    // Both methods succeed with the robot's certificate, and the token is
    // bound to it.
    let (robot, robot_key) = (clients.path("robot.pem"), clients.path("robot.key"));
    let want = thumbprint(&robot);
    for (client, method) in [
        ("mtls", "tls_client_auth"),
        ("selfsigned", "self_signed_tls_client_auth"),
    ] {
        let out = cc(&s, client, method, Some((&robot, &robot_key))).run();
        let token = out.json()["access_token"].as_str().unwrap().to_owned();
        let c = claims(&token);
        assert_eq!(c["client_id"], client);
        assert_eq!(c["cnf"]["x5t#S256"], want.as_str(), "{c:#}");
    }

    // Introspection by oauthctl, authenticated the same way: the token is
    // active, bound, and still a bearer token.
    let token = cc(&s, "mtls", "tls_client_auth", Some((&robot, &robot_key)))
        .run()
        .json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let v = Test::new()
        .args([
            "introspect",
            "-o",
            "json",
            "--issuer",
            s.url(),
            "--client-id",
            "mtls",
        ])
        .arg("--client-cert")
        .arg(&robot)
        .arg("--client-key")
        .arg(&robot_key)
        .arg("--cacert")
        .arg(&ca)
        .arg("--")
        .arg(&token)
        .run()
        .json();
    assert_eq!(v["active"], true, "{v:#}");
    assert_eq!(v["cnf"]["x5t#S256"], want.as_str(), "{v:#}");
    assert_eq!(v["token_type"], "Bearer", "{v:#}");

    // Another certificate, or none, is invalid_client: exit 4, one line.
    let (other, other_key) = (clients.path("other.pem"), clients.path("other.key"));
    for (client, method) in [
        ("mtls", "tls_client_auth"),
        ("selfsigned", "self_signed_tls_client_auth"),
    ] {
        let out = cc(&s, client, method, Some((&other, &other_key)))
            .code(4)
            .stderr_contains("invalid_client")
            .run();
        assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    let out = cc(&s, "mtls", "none", None)
        .code(4)
        .stderr_contains("invalid_client")
        .stderr_contains("no client certificate")
        .run();
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    // The subject that was registered is named, the key never printed.
    let out = cc(&s, "mtls", "tls_client_auth", Some((&other, &other_key)))
        .code(4)
        .stderr_contains("\"CN=other,O=Example\"")
        .run();
    assert!(!out.stderr.contains("PRIVATE KEY"));

    // SSL_CERT_FILE is honoured too (rustls' platform verifier reads the
    // system roots from it), with no --cacert.
    let out = Test::new()
        .args([
            "cc",
            "--no-cache",
            "--issuer",
            s.url(),
            "--client-id",
            "mtls",
        ])
        .arg("--client-cert")
        .arg(&robot)
        .arg("--client-key")
        .arg(&robot_key)
        .env("SSL_CERT_FILE", &ca)
        .run();
    assert_eq!(claims(out.stdout.trim())["cnf"]["x5t#S256"], want.as_str());
}

/// `curl ARGS`: (HTTP status, body as JSON).
fn curl(args: &[&str]) -> (u16, Value) {
    let out = Command::new("curl")
        .args(["-sS", "-w", "\n%{http_code}"])
        .args(args)
        .output()
        .expect("curl (Debian's curl package)");
    assert!(
        out.status.success(),
        "curl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let (body, status) = text.rsplit_once('\n').unwrap();
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
    };
    (status.parse().unwrap(), body)
}

#[test]
fn curl_authenticates_with_its_certificate_at_every_endpoint() {
    let clients = Clients::new();
    let state = tempfile::tempdir().unwrap();
    let config = clients.path("provider.toml").display().to_string();
    let s = TlsServe::start(
        state.path(),
        &["--tls", "--demo-api", "--provider-config", &config],
    );
    let ca = s.ca().display().to_string();
    let robot = clients.path("robot.pem").display().to_string();
    let robot_key = clients.path("robot.key").display().to_string();
    let other = clients.path("other.pem").display().to_string();
    let other_key = clients.path("other.key").display().to_string();
    let url = |p: &str| format!("{}{p}", s.url());
    let with = |cert: &str, key: &str, path: &str, form: &[&str]| {
        let mut args = vec!["--cacert", &ca, "--cert", cert, "--key", key];
        for f in form {
            args.extend(["-d", f]);
        }
        let u = url(path);
        args.push(&u);
        curl(&args)
    };
    let without = |path: &str, form: &[&str]| {
        let mut args = vec!["--cacert", ca.as_str()];
        for f in form {
            args.extend(["-d", f]);
        }
        let u = url(path);
        args.push(&u);
        curl(&args)
    };

    // Token endpoint: both methods; the token is bound to the certificate.
    let cc = ["grant_type=client_credentials", "client_id=mtls"];
    let (status, body) = with(&robot, &robot_key, "/token", &cc);
    assert_eq!(status, 200, "{body}");
    let token = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(body["token_type"], "Bearer");
    let bound = thumbprint(&clients.path("robot.pem"));
    assert_eq!(claims(&token)["cnf"]["x5t#S256"], bound.as_str());
    let (status, body) = with(
        &robot,
        &robot_key,
        "/token",
        &["grant_type=client_credentials", "client_id=selfsigned"],
    );
    assert_eq!(status, 200, "{body}");
    // Wrong certificate, or none: 401 invalid_client.
    for (status, body) in [
        with(&other, &other_key, "/token", &cc),
        without("/token", &cc),
    ] {
        assert_eq!(status, 401, "{body}");
        assert_eq!(body["error"], "invalid_client");
    }

    // Introspection: the same authentication; cnf shown, still a Bearer token.
    let t = format!("token={token}");
    let (status, body) = with(&robot, &robot_key, "/introspect", &["client_id=mtls", &t]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["active"], true);
    assert_eq!(body["cnf"]["x5t#S256"], bound.as_str());
    assert_eq!(body["token_type"], "Bearer");
    let (status, _) = without("/introspect", &["client_id=mtls", &t]);
    assert_eq!(status, 401);

    // The demo API takes the bound token only over a connection with the
    // certificate (RFC 8705 §3).
    let auth = format!("Authorization: Bearer {token}");
    let api = url("/api/whoami");
    let (status, body) = curl(&[
        "--cacert", &ca, "--cert", &robot, "--key", &robot_key, "-H", &auth, &api,
    ]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["client_id"], "mtls", "{body}");
    for extra in [vec![], vec!["--cert", &other, "--key", &other_key]] {
        let mut args = vec!["--cacert", ca.as_str(), "-H", &auth];
        args.extend(extra);
        args.push(&api);
        let (status, body) = curl(&args);
        assert_eq!(status, 401, "{body}");
        assert_eq!(body["error"], "invalid_token", "{body}");
    }

    // Pushed authorization requests and device authorization.
    let par = [
        "client_id=mtls",
        "response_type=code",
        "redirect_uri=http://127.0.0.1:47111/callback",
        "scope=openid",
    ];
    let (status, body) = with(&robot, &robot_key, "/par", &par);
    assert_eq!(status, 201, "{body}");
    assert!(body["request_uri"].as_str().unwrap().starts_with("urn:"));
    let (status, body) = with(&other, &other_key, "/par", &par);
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let (status, body) = with(
        &robot,
        &robot_key,
        "/device_authorization",
        &["client_id=mtls"],
    );
    assert_eq!(status, 200, "{body}");
    assert!(body["device_code"].is_string());
    let (status, _) = without("/device_authorization", &["client_id=mtls"]);
    assert_eq!(status, 401);

    // Revocation; the token is then inactive.
    let (status, _) = with(&robot, &robot_key, "/revoke", &["client_id=mtls", &t]);
    assert_eq!(status, 200);
    let (_, body) = with(&robot, &robot_key, "/introspect", &["client_id=mtls", &t]);
    assert_eq!(body["active"], false, "{body}");
    let (status, _) = without("/revoke", &["client_id=mtls", &t]);
    assert_eq!(status, 401);
}

#[test]
fn a_given_certificate_is_served_and_a_bad_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ext.cnf"),
        "[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=critical,CA:FALSE\n\
         subjectAltName=IP:127.0.0.1\n",
    )
    .unwrap();
    openssl(
        dir.path(),
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-subj",
            "/CN=test server",
            "-config",
            "ext.cnf",
            "-extensions",
            "v3",
        ],
    );
    let cert = dir.path().join("server.pem");
    let key = dir.path().join("server.key");
    let state = tempfile::tempdir().unwrap();
    let s = TlsServe::start(
        state.path(),
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    assert_eq!(s.ca(), cert);
    assert_eq!(s.summary["tls"]["generated"], false);
    Test::new()
        .args(["discover", "--cacert"])
        .arg(&cert)
        .arg(s.url())
        .stdout_contains(s.url())
        .run();
    // Nothing was written to the state directory.
    assert!(!state.path().join("oauthctl").exists());

    // A key that is not PEM: exit 2, one line naming the file.
    std::fs::write(dir.path().join("bad.key"), "not a key\n").unwrap();
    let out = Test::new()
        .args(["serve", "--port", "0", "--tls-cert"])
        .arg(&cert)
        .arg("--tls-key")
        .arg(dir.path().join("bad.key"))
        .code(2)
        .stderr_contains("bad.key")
        .run();
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    // A key that does not fit the certificate.
    client_cert(dir.path(), "stranger", "/CN=stranger");
    let out = Test::new()
        .args(["serve", "--port", "0", "--tls-cert"])
        .arg(&cert)
        .arg("--tls-key")
        .arg(dir.path().join("stranger.key"))
        .code(2)
        .run();
    assert!(out.stderr.contains("TLS"), "{}", out.stderr);
    assert!(!out.stderr.contains("PRIVATE KEY"), "{}", out.stderr);
}

#[test]
fn without_tls_a_mutual_tls_client_is_told_why() {
    let clients = Clients::new();
    let config = clients.path("provider.toml").display().to_string();
    let state = tempfile::tempdir().unwrap();
    let s = TlsServe::start(state.path(), &["--provider-config", &config]);
    assert!(s.url().starts_with("http://"));
    assert!(s.summary.get("tls").is_none());
    let (status, body) = curl(&[
        "-d",
        "grant_type=client_credentials",
        "-d",
        "client_id=mtls",
        &format!("{}/token", s.url()),
    ]);
    assert_eq!(status, 401);
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("serve --tls"),
        "{body}"
    );
    // And the metadata does not offer it.
    let (_, md) = curl(&[&format!("{}/.well-known/openid-configuration", s.url())]);
    let methods = md["token_endpoint_auth_methods_supported"]
        .as_array()
        .unwrap();
    assert!(!methods.contains(&json!("tls_client_auth")));
    assert!(
        md.get("tls_client_certificate_bound_access_tokens")
            .is_none()
    );
}

#[test]
fn with_a_client_ca_tls_client_auth_needs_a_certificate_it_signed() {
    let clients = Clients::new();
    let dir = clients.dir.path();
    // A CA, and a certificate it signed for the same subject as the
    // self-signed robot.pem.
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=Test client CA",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "signed.key",
            "-out",
            "signed.csr",
            "-subj",
            "/O=Example/CN=robot",
        ],
    );
    std::fs::write(
        dir.join("signed.ext"),
        "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "signed.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "signed.pem",
            "-days",
            "2",
            "-extfile",
            "signed.ext",
        ],
    );
    let state = tempfile::tempdir().unwrap();
    let config = clients.path("provider.toml").display().to_string();
    let ca = clients.path("ca.pem").display().to_string();
    let s = TlsServe::start(
        state.path(),
        &[
            "--tls",
            "--tls-client-ca",
            &ca,
            "--provider-config",
            &config,
        ],
    );
    assert_eq!(s.summary["tls"]["client_ca"], ca.as_str());

    let (signed, signed_key) = (clients.path("signed.pem"), clients.path("signed.key"));
    let out = cc(&s, "mtls", "tls_client_auth", Some((&signed, &signed_key))).run();
    let token = out.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        claims(&token)["cnf"]["x5t#S256"],
        thumbprint(&signed).as_str()
    );

    // The self-signed certificate with the very same subject is refused.
    let (robot, robot_key) = (clients.path("robot.pem"), clients.path("robot.key"));
    let out = cc(&s, "mtls", "tls_client_auth", Some((&robot, &robot_key)))
        .code(4)
        .stderr_contains("does not chain to --tls-client-ca")
        .run();
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    // self_signed_tls_client_auth is not about CAs.
    cc(
        &s,
        "selfsigned",
        "self_signed_tls_client_auth",
        Some((&robot, &robot_key)),
    )
    .run();

    // Without TLS the option makes no sense.
    Test::new()
        .args(["serve", "--port", "0", "--tls-client-ca", &ca])
        .code(2)
        .stderr_contains("--tls-client-ca needs --tls")
        .run();
}
