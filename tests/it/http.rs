//! Integration tests: the HTTP client as users meet it: real TLS (openssl
//! s_server with a throwaway CA), --cacert, --insecure, and -v traces with
//! secrets redacted.

use std::process::{Child, Command, Stdio};

use crate::support::{Reply, Server, Test, openssl};

/// A CA, a server certificate for 127.0.0.1 signed by it, and `openssl
/// s_server -WWW` serving `dir` over TLS.
struct TlsServer {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl TlsServer {
    fn start() -> TlsServer {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        openssl(
            d,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=oauthctl test CA",
            ],
        );
        openssl(
            d,
            &[
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=127.0.0.1",
            ],
        );
        std::fs::write(d.join("ext.cnf"), "subjectAltName=IP:127.0.0.1\n").unwrap();
        openssl(
            d,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "2",
                "-extfile",
                "ext.cnf",
            ],
        );
        std::fs::write(
            d.join("jwks.json"),
            r#"{"keys":[{"kty":"oct","kid":"leaked","k":"c3VwZXItc2VjcmV0LWhtYWMta2V5LXZhbHVl"}]}"#,
        )
        .unwrap();
        let port = crate::support::free_port();
        let child = Command::new("openssl")
            .args([
                "s_server",
                "-WWW",
                "-quiet",
                "-cert",
                "server.pem",
                "-key",
                "server.key",
                "-accept",
            ])
            .arg(port.to_string())
            .current_dir(d)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("openssl s_server");
        crate::support::wait_for_port(port);
        TlsServer { child, port, dir }
    }

    fn url(&self) -> String {
        format!("https://127.0.0.1:{}/jwks.json", self.port)
    }

    fn ca(&self) -> std::path::PathBuf {
        self.dir.path().join("ca.pem")
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn tls_needs_a_trusted_certificate() {
    let tls = TlsServer::start();
    // Untrusted: a network error naming the URL, with a hint.
    Test::new()
        .args(["jwks", &tls.url()])
        .code(3)
        .stderr_contains(tls.url())
        .stderr_contains("hint: pass the issuer's CA with --cacert")
        .run();
    // Trusted through --cacert.
    Test::new()
        .args(["jwks", "-o", "json", &tls.url(), "--cacert"])
        .arg(tls.ca())
        .stdout_contains("leaked")
        .run();
    // --insecure works and says loudly what it does.
    Test::new()
        .args(["jwks", "-o", "json", "--insecure", &tls.url()])
        .stdout_contains("leaked")
        .stderr_contains("TLS certificate verification is OFF")
        .run();
    // A --cacert that is not a certificate is a usage error.
    Test::new()
        .args(["jwks", &tls.url(), "--cacert"])
        .arg(tls.dir.path().join("ext.cnf"))
        .code(2)
        .stderr_contains("--cacert")
        .run();
}

#[test]
fn verbose_traces_exchanges_and_redacts_secrets() {
    let server = Server::new(|_, _| {
        Reply::json(
            serde_json::json!({"keys":[{"kty":"oct","kid":"k","k":"c3VwZXItc2VjcmV0LWhtYWMta2V5LXZhbHVl"}]}),
        )
    });
    let url = format!("{}/jwks", server.url());
    let out = Test::new().args(["-v", "jwks", "-o", "json", &url]).run();
    assert!(
        out.stderr.contains(&format!("> GET {url}")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("< 200"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("\"keys\""),
        "-v alone shows no bodies: {}",
        out.stderr
    );
    let out = Test::new().args(["-vv", "jwks", "-o", "json", &url]).run();
    assert!(
        out.stderr.contains("\"kid\":\"k\""),
        "-vv shows bodies: {}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("c3VwZXItc2VjcmV0LWhtYWMta2V5LXZhbHVl"),
        "the key material is redacted in traces: {}",
        out.stderr
    );
    assert!(out.stderr.contains("c3VwZX…[36 chars]"), "{}", out.stderr);
}

#[test]
fn connection_refused_and_timeouts() {
    let port = crate::support::free_port();
    Test::new()
        .args(["jwks", &format!("http://127.0.0.1:{port}/jwks")])
        .code(3)
        .stderr_contains("could not connect")
        .run();
    let slow = Server::new(|_, _| Reply::json(serde_json::json!({"keys": []})).delay(3000));
    Test::new()
        .args(["--timeout", "1", "jwks", &format!("{}/jwks", slow.url())])
        .code(3)
        .stderr_contains("timed out after 1 s")
        .run();
}

/// `--timeout` is one deadline for the whole request: a server that sends
/// its headers at once and then a byte every 250 ms (a body it would take
/// minutes to finish) holds no command past it.
#[test]
fn a_trickled_body_ends_at_the_timeout() {
    use crate::faults::{Act, Hostile};
    let server = Hostile::start(|_| Act::Trickle);
    let url = format!("{}/jwks", server.url());
    let home = tempfile::tempdir().unwrap();
    let mut cmd = crate::support::clean_command(home.path());
    cmd.args(["--timeout", "2", "jwks", &url]);
    let start = std::time::Instant::now();
    // Bounded, so that a regression fails here instead of hanging.
    let out = crate::faults::run_bounded(cmd, std::time::Duration::from_secs(30))
        .expect("jwks ends by itself");
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "fetching the key set from {url}: timed out after 2 s"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("hint: raise --timeout"), "{stderr}");
    assert!(
        took < std::time::Duration::from_secs(15),
        "a 2 s timeout took {took:?}"
    );
}

/// A self-signed certificate with `CA:TRUE` (what `openssl req -x509`
/// makes by default) is refused by webpki as a server's own certificate,
/// even when given with --cacert (RFC 5280 §4.2.1.9: a CA certificate is
/// for signing certificates). The error says so and the hint says what
/// works, instead of asking for the --cacert just given; and what the hint
/// says does work.
#[test]
fn a_self_signed_ca_certificate_gets_a_hint_that_works() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("jwks.json"), r#"{"keys":[]}"#).unwrap();
    let self_signed = |name: &str, ca: &str| {
        let (key, pem) = (format!("{name}.key"), format!("{name}.pem"));
        let bc = format!("basicConstraints=critical,CA:{ca}");
        openssl(
            d,
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
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-addext",
                &bc,
            ],
        );
    };
    self_signed("ca-true", "TRUE");
    self_signed("ca-false", "FALSE");
    let serve = |name: &str| {
        let port = crate::support::free_port();
        let child = Command::new("openssl")
            .args(["s_server", "-WWW", "-quiet", "-cert"])
            .arg(format!("{name}.pem"))
            .arg("-key")
            .arg(format!("{name}.key"))
            .arg("-accept")
            .arg(port.to_string())
            .current_dir(d)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("openssl s_server");
        crate::support::wait_for_port(port);
        (
            KillOnDrop(child),
            format!("https://127.0.0.1:{port}/jwks.json"),
        )
    };
    let (_server, url) = serve("ca-true");
    Test::new()
        .args(["jwks", &url, "--cacert"])
        .arg(d.join("ca-true.pem"))
        .code(3)
        .stderr_contains("is a CA certificate (basicConstraints CA:TRUE)")
        .stderr_contains("even when it is trusted with --cacert")
        .stderr_contains("hint: give the server a certificate with basicConstraints CA:FALSE")
        .stderr_lacks("pass the issuer's CA with --cacert")
        .run();
    let (_server, url) = serve("ca-false");
    Test::new()
        .args(["jwks", &url, "--cacert"])
        .arg(d.join("ca-false.pem"))
        .stdout_contains("no keys")
        .run();
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
