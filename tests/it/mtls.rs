//! Integration tests: mutual TLS (RFC 8705 `tls_client_auth` and
//! `self_signed_tls_client_auth`) against the real provider, whose https
//! listener asks for a client certificate and is advertised in
//! `mtls_endpoint_aliases` for every endpoint a client calls, and an alias
//! that refuses the certificate in the TLS handshake. Certificates come from
//! a throwaway CA made with openssl.

use std::path::Path;

use crate::client_auth::approve;
use crate::oidc_provider::{API, Provider};
use crate::support::{
    Reply, Server, Test, clean_command, device_approved_by, free_port, in_home, openssl,
    wait_for_port,
};

/// A CA (`NAME-ca.pem`) and a certificate `NAME.pem`/`NAME.key` for `subject`
/// signed by `ca` (itself when `ca` is None: self-signed).
fn cert(dir: &Path, name: &str, subject: &str, ca: Option<&str>, ext: Option<&str>) {
    let key = format!("{name}.key");
    let pem = format!("{name}.pem");
    match ca {
        None => openssl(
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
                &key,
                "-out",
                &pem,
                "-days",
                "2",
                "-subj",
                subject,
            ],
        ),
        Some(ca) => {
            let csr = format!("{name}.csr");
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
                    &key,
                    "-out",
                    &csr,
                    "-subj",
                    subject,
                ],
            );
            let ext_file = format!("{name}.ext");
            std::fs::write(
                dir.join(&ext_file),
                ext.unwrap_or("basicConstraints=CA:FALSE\n"),
            )
            .unwrap();
            openssl(
                dir,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &csr,
                    "-CA",
                    &format!("{ca}.pem"),
                    "-CAkey",
                    &format!("{ca}.key"),
                    "-CAcreateserial",
                    "-out",
                    &pem,
                    "-days",
                    "2",
                    "-extfile",
                    &ext_file,
                ],
            );
        }
    }
}

pub struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    pub fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        cert(d, "ca", "/CN=oauthctl test CA", None, None);
        cert(
            d,
            "server",
            "/CN=127.0.0.1",
            Some("ca"),
            Some("subjectAltName=IP:127.0.0.1\n"),
        );
        cert(d, "svc-mtls", "/CN=svc-mtls", Some("ca"), None);
        cert(d, "other", "/CN=someone-else", Some("ca"), None);
        cert(d, "rogue", "/CN=svc-mtls", None, None);
        // svc-self-signed's registered certificate, and another self-signed
        // one with the same subject that is not registered.
        cert(d, "self-signed", "/CN=svc-self-signed", None, None);
        cert(d, "stranger", "/CN=svc-self-signed", None, None);
        Pki { dir }
    }

    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    pub fn provider(&self) -> Provider {
        Provider::start_with(&[
            ("MTLS_CERT", &self.path("server.pem")),
            ("MTLS_KEY", &self.path("server.key")),
            ("MTLS_CA", &self.path("ca.pem")),
            ("MTLS_SELF_SIGNED", &self.path("self-signed.pem")),
        ])
    }

    /// The options of `svc-self-signed` presenting certificate `name`.
    fn self_signed(&self, p: &Provider, name: &str) -> Vec<std::ffi::OsString> {
        let mut v: Vec<std::ffi::OsString> = [
            "--issuer",
            p.issuer(),
            "--client-id",
            "svc-self-signed",
            "--auth-method",
            "self_signed_tls_client_auth",
            "--cacert",
        ]
        .iter()
        .map(Into::into)
        .collect();
        v.push(self.path("ca.pem").into());
        v.push("--client-cert".into());
        v.push(self.path(&format!("{name}.pem")).into());
        v.push("--client-key".into());
        v.push(self.path(&format!("{name}.key")).into());
        v
    }

    /// `oauthctl cc` as svc-mtls, presenting the certificate `name`.
    fn cc(&self, p: &Provider, name: Option<&str>) -> Test {
        let mut t = Test::new()
            .args([
                "cc",
                "--no-cache",
                "--issuer",
                p.issuer(),
                "--client-id",
                "svc-mtls",
            ])
            .arg("--cacert")
            .arg(self.path("ca.pem"));
        match name {
            Some(n) => {
                t = t
                    .arg("--client-cert")
                    .arg(self.path(&format!("{n}.pem")))
                    .arg("--client-key")
                    .arg(self.path(&format!("{n}.key")))
            }
            None => t = t.args(["--auth-method", "tls_client_auth"]),
        }
        t
    }
}

#[test]
fn tls_client_auth_presents_the_certificate_at_the_mtls_alias() {
    let pki = Pki::new();
    let p = pki.provider();
    let md = p.metadata();
    let alias = md["mtls_endpoint_aliases"]["token_endpoint"]
        .as_str()
        .expect("the provider advertises an mTLS alias");
    assert!(alias.starts_with("https://127.0.0.1:"), "{alias}");
    let out = pki.cc(&p, Some("svc-mtls")).arg("-v").run();
    // The request went to the alias, not the plain token endpoint.
    assert!(
        out.stderr.contains(&format!("> POST {alias}")),
        "{}",
        out.stderr
    );
    let token = out.stdout.trim();
    // The provider issued it to svc-mtls: only a verified certificate with
    // the registered subject authenticates that client.
    Test::new()
        .args([
            "validate",
            "--issuer",
            p.issuer(),
            "--audience",
            API,
            "--claim",
            "client_id=svc-mtls",
        ])
        .arg(token)
        .stdout_contains("VALID")
        .run();
    assert_eq!(p.counts()["client_credentials"], 1);
}

#[test]
fn a_missing_or_wrong_certificate_is_refused() {
    let pki = Pki::new();
    let p = pki.provider();
    // No certificate: oauthctl refuses to try.
    pki.cc(&p, None)
        .code(2)
        .stderr_contains("tls_client_auth needs --client-cert")
        .run();
    // Not issued by the trusted CA (self-signed, the registered subject):
    // only the chain can be what fails.
    pki.cc(&p, Some("rogue"))
        .code(4)
        .stderr_contains("invalid_client (client authentication failed)")
        .run();
    // Issued by the CA, to someone else: only the subject can fail.
    pki.cc(&p, Some("other"))
        .code(4)
        .stderr_contains("invalid_client (client authentication failed)")
        .run();
    // A key that is not the certificate's.
    Test::new()
        .args([
            "cc",
            "--issuer",
            p.issuer(),
            "--client-id",
            "svc-mtls",
            "--client-cert",
        ])
        .arg(pki.path("svc-mtls.pem"))
        .arg("--client-key")
        .arg(pki.path("other.key"))
        .arg("--cacert")
        .arg(pki.path("ca.pem"))
        .code(2)
        .run();
    assert_eq!(p.counts()["client_credentials"], serde_json::json!(2));
}

/// The provider's `mtls_endpoint_aliases` entry `name`.
fn alias(p: &Provider, name: &str) -> String {
    let md = p.metadata();
    let a = md["mtls_endpoint_aliases"][name]
        .as_str()
        .unwrap_or_else(|| panic!("no {name} alias in {md:#}"))
        .to_owned();
    assert!(a.starts_with("https://127.0.0.1:"), "{a}");
    a
}

#[test]
fn self_signed_tls_client_auth_presents_its_registered_certificate() {
    let pki = Pki::new();
    let p = pki.provider();
    let out = Test::new()
        .args(["cc", "--no-cache", "-v"])
        .args(pki.self_signed(&p, "self-signed"))
        .run();
    assert!(
        out.stderr
            .contains(&format!("> POST {}", alias(&p, "token_endpoint"))),
        "{}",
        out.stderr
    );
    Test::new()
        .args([
            "validate",
            "--issuer",
            p.issuer(),
            "--audience",
            API,
            "--claim",
            "client_id=svc-self-signed",
        ])
        .arg(out.stdout.trim())
        .stdout_contains("VALID")
        .run();
    // Another self-signed certificate, same subject: not the registered key.
    Test::new()
        .args(["cc", "--no-cache"])
        .args(pki.self_signed(&p, "stranger"))
        .code(4)
        .stderr_contains("invalid_client (client authentication failed)")
        .run();
    // The method needs a certificate.
    Test::new()
        .args([
            "cc",
            "--issuer",
            p.issuer(),
            "--client-id",
            "svc-self-signed",
            "--auth-method",
            "self_signed_tls_client_auth",
        ])
        .code(2)
        .stderr_contains("self_signed_tls_client_auth needs --client-cert")
        .run();
}

#[test]
fn every_endpoint_the_client_calls_goes_to_its_mtls_alias() {
    let pki = Pki::new();
    let p = pki.provider();
    let home = tempfile::tempdir().unwrap();
    let opts = pki.self_signed(&p, "self-signed");
    let run = |args: &[&str]| -> crate::support::Output {
        in_home(home.path()).args(args).args(&opts).arg("-v").run()
    };
    let posted = |out: &crate::support::Output, method: &str, name: &str| {
        let want = format!("> {method} {}", alias(&p, name));
        assert!(out.stderr.contains(&want), "{want} in:\n{}", out.stderr);
    };
    // Device authorization and polling, at their aliases.
    let mut cmd = clean_command(home.path());
    cmd.env("OAUTHCTL_STORE", "file")
        .args(["device", "--scope", "openid", "-v"])
        .args(&opts);
    let out = device_approved_by(cmd, |complete| approve(p.issuer(), complete));
    assert_eq!(out.code, 0, "{}", out.stderr);
    posted(&out, "POST", "device_authorization_endpoint");
    posted(&out, "POST", "token_endpoint");
    // Refresh, userinfo, introspection and revocation, likewise.
    let out = run(&["refresh", "-o", "json"]);
    posted(&out, "POST", "token_endpoint");
    let rt = crate::support::store_files(home.path())
        .iter()
        .find(|f| f.to_string_lossy().contains("/tokens/"))
        .map(|f| serde_json::from_slice::<serde_json::Value>(&std::fs::read(f).unwrap()).unwrap())
        .unwrap()["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = run(&["userinfo", "-o", "json"]);
    posted(&out, "GET", "userinfo_endpoint");
    assert_eq!(out.json()["sub"], "alice");
    // The token last, after `--`: an opaque token may start with '-'.
    let out = in_home(home.path())
        .args(["introspect", "-o", "json"])
        .args(&opts)
        .args(["-v", "--", &rt])
        .run();
    posted(&out, "POST", "introspection_endpoint");
    assert_eq!(out.json()["active"], true);
    let out = run(&["logout"]);
    posted(&out, "POST", "revocation_endpoint");
    assert!(
        out.stdout.contains("revoked the refresh_token"),
        "{}",
        out.stdout
    );
    assert_eq!(p.introspect(&rt)["active"], false);
}

#[test]
fn an_mtls_alias_that_refuses_the_certificate_is_a_tls_error_exit_3() {
    let pki = Pki::new();
    // A TLS server that requires a certificate from the test CA and ends
    // the handshake otherwise, as an mTLS alias would.
    let port = free_port();
    let mut strict = std::process::Command::new("openssl")
        .args(["s_server", "-quiet", "-www", "-cert", "server.pem"])
        .args(["-key", "server.key", "-CAfile", "ca.pem"])
        .args(["-Verify", "1", "-verify_return_error", "-accept"])
        .arg(port.to_string())
        .current_dir(pki.dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("openssl s_server");
    wait_for_port(port);
    let alias = format!("https://127.0.0.1:{port}/token");
    let metadata = serde_json::json!({
        "issuer": "{{base}}",
        "token_endpoint": "{{base}}/token",
        "mtls_endpoint_aliases": {"token_endpoint": alias},
    });
    let issuer = Server::new(move |_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(metadata.clone()),
        _ => Reply::status(500, "text/plain", "the plain endpoint must not be used"),
    });
    let out = Test::new()
        .args(["cc", "--no-cache", "--issuer", issuer.url()])
        .args(["--client-id", "svc-mtls", "--cacert"])
        .arg(pki.path("ca.pem"))
        .arg("--client-cert")
        .arg(pki.path("rogue.pem"))
        .arg("--client-key")
        .arg(pki.path("rogue.key"))
        .code(3)
        .stderr_contains(alias.as_str())
        .run();
    let _ = strict.kill();
    let _ = strict.wait();
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    assert_eq!(issuer.paths(), ["/.well-known/openid-configuration"]);
}
