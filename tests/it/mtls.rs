//! Integration tests: client-credentials with mutual TLS (RFC 8705
//! `tls_client_auth`) against the real provider, whose https listener asks
//! for a client certificate and is advertised in `mtls_endpoint_aliases`.
//! Certificates come from a throwaway CA made with openssl.

use std::path::Path;

use crate::oidc_provider::{API, Provider};
use crate::support::{Test, openssl};

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

struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    fn new() -> Pki {
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
        Pki { dir }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn provider(&self) -> Provider {
        Provider::start_with(&[
            ("MTLS_CERT", &self.path("server.pem")),
            ("MTLS_KEY", &self.path("server.key")),
            ("MTLS_CA", &self.path("ca.pem")),
        ])
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
