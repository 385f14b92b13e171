//! Proxies: Debian's tinyproxy as a real HTTP proxy in front of `oauthctl
//! serve`. Loopback never goes through a proxy, so to see traffic go
//! through one the provider listens on this machine's own non-loopback
//! address (the first IPv4 address `hostname -I` gives) and is named by it;
//! tinyproxy itself listens on loopback and logs every request it forwards.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::serve::Serve;
use crate::support::{Test, free_port, wait_for_port};

/// A running `tinyproxy -d` with its own configuration and log, killed on
/// drop.
struct Tinyproxy {
    child: Child,
    port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tinyproxy {
    /// Start on a free loopback port; `basic_auth` makes it require those
    /// credentials (tinyproxy's `BasicAuth`).
    fn start(basic_auth: Option<(&str, &str)>) -> Tinyproxy {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let log = dir.path().join("tinyproxy.log");
        let mut conf = format!(
            "Port {port}\nListen 127.0.0.1\nTimeout 30\nLogFile \"{}\"\nLogLevel Info\n\
             MaxClients 20\nAllow 127.0.0.1\n",
            log.display()
        );
        if let Some((user, pass)) = basic_auth {
            conf.push_str(&format!("BasicAuth {user} {pass}\n"));
        }
        let path = dir.path().join("tinyproxy.conf");
        std::fs::write(&path, conf).unwrap();
        let child = Command::new("tinyproxy")
            .arg("-d")
            .arg("-c")
            .arg(&path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tinyproxy (Debian package tinyproxy; scripts/test installs it)");
        wait_for_port(port);
        Tinyproxy {
            child,
            port,
            log,
            _dir: dir,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The requests tinyproxy forwarded (its `Request (file descriptor N):
    /// METHOD URL HTTP/1.1` lines).
    fn requests(&self) -> Vec<String> {
        // tinyproxy writes its log line by line, as it goes.
        std::thread::sleep(Duration::from_millis(200));
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once("): ").map(|(_, r)| r.to_owned()))
            .filter(|r| r.ends_with("HTTP/1.1") || r.ends_with("HTTP/1.0"))
            .collect()
    }
}

impl Drop for Tinyproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// This machine's first non-loopback IPv4 address.
fn own_address() -> String {
    let out = Command::new("hostname")
        .arg("-I")
        .output()
        .expect("hostname -I");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .find(|a| {
            a.parse::<std::net::Ipv4Addr>()
                .is_ok_and(|ip| !ip.is_loopback())
        })
        .expect("a non-loopback IPv4 address (hostname -I)")
        .to_owned()
}

/// `cc` against a provider named by a non-loopback address.
fn cc(issuer: &str, secret: &str) -> Test {
    Test::new()
        .args(["cc", "--no-cache", "--issuer", issuer])
        .args(["--client-id", "oauthctl-service"])
        .env("OAUTHCTL_CLIENT_SECRET", secret)
        .args(["--scope", "api:read", "-o", "json"])
}

#[test]
fn cc_goes_through_the_proxy_with_its_credentials_and_loopback_never_does() {
    let ip = own_address();
    let remote = Serve::start(&["--bind", &ip]);
    assert!(remote.url().contains(&ip), "{}", remote.url());
    let proxy = Tinyproxy::start(Some(("alice", "s3cret-proxy")));
    let with_creds = format!("http://alice:s3cret-proxy@127.0.0.1:{}", proxy.port);

    // --proxy with credentials: the discovery and the token request reach
    // the provider through tinyproxy, which requires the credentials.
    let out = cc(remote.url(), &remote.secret())
        .args(["--proxy", &with_creds, "-v"])
        .stderr_lacks("s3cret-proxy")
        .run();
    assert!(out.json()["access_token"].is_string(), "{}", out.stdout);
    let shown = format!(
        "* through the proxy http://alice:***@127.0.0.1:{} (--proxy)",
        proxy.port
    );
    assert!(out.stderr.contains(&shown), "{}", out.stderr);
    let seen = proxy.requests();
    let discovery = format!("GET {}/.well-known/openid-configuration", remote.url());
    let token = format!("POST {}/token", remote.url());
    assert!(seen.iter().any(|r| r.starts_with(&discovery)), "{seen:?}");
    assert!(seen.iter().any(|r| r.starts_with(&token)), "{seen:?}");

    // Wrong credentials: tinyproxy answers 401 itself, not the provider.
    Test::new()
        .args(["cc", "--no-cache", "--issuer", remote.url()])
        .args(["--client-id", "x", "--client-secret", "y"])
        .args(["--proxy", &proxy.url()])
        .code(3)
        .run();
    let before = proxy.requests().len();

    // HTTP_PROXY from the environment (credentials in it too); NO_PROXY
    // naming the address sends the same request straight to the provider.
    let env_proxy = Tinyproxy::start(None);
    let out = cc(remote.url(), &remote.secret())
        .env("HTTP_PROXY", env_proxy.url())
        .arg("-v")
        .run();
    assert!(out.json()["access_token"].is_string());
    assert!(out.stderr.contains("(HTTP_PROXY)"), "{}", out.stderr);
    let via_env = env_proxy.requests().len();
    assert!(via_env >= 2, "{:?}", env_proxy.requests());
    cc(remote.url(), &remote.secret())
        .env("http_proxy", env_proxy.url())
        .env("NO_PROXY", format!("localhost,{ip}"))
        .run();
    assert_eq!(env_proxy.requests().len(), via_env, "NO_PROXY was ignored");

    // Loopback: the same commands against a provider on 127.0.0.1 never
    // touch the proxy, whatever says to use it.
    let local = Serve::start(&[]);
    let out = cc(local.url(), &local.secret())
        .args(["--proxy", &with_creds, "-v"])
        .env("HTTP_PROXY", env_proxy.url())
        .env("HTTPS_PROXY", env_proxy.url())
        .run();
    assert!(out.json()["access_token"].is_string());
    assert!(
        out.stderr
            .contains("* no proxy: loopback never goes through one"),
        "{}",
        out.stderr
    );
    assert_eq!(proxy.requests().len(), before, "{:?}", proxy.requests());
    assert_eq!(env_proxy.requests().len(), via_env);
}

#[test]
fn a_proxy_that_refuses_is_a_network_error_naming_it() {
    let ip = own_address();
    let remote = Serve::start(&["--bind", &ip]);
    let nobody = free_port();
    let out = cc(remote.url(), &remote.secret())
        .args([
            "--proxy",
            &format!("http://bob:pw-never-shown@127.0.0.1:{nobody}"),
        ])
        .code(3)
        .stderr_lacks("pw-never-shown")
        .run();
    let line = out.stderr.trim();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(
        line.contains(&format!(
            "through the proxy http://bob:***@127.0.0.1:{nobody}"
        )),
        "{line}"
    );
    // A proxy URL of a kind oauthctl cannot use is a usage error.
    Test::new()
        .args(["cc", "--issuer", remote.url(), "--client-id", "x"])
        .env("HTTPS_PROXY", "socks5://127.0.0.1:1080")
        .env("HTTP_PROXY", "socks5://127.0.0.1:1080")
        .code(2)
        .stderr_contains("proxy scheme socks5:// is not supported")
        .run();
}

#[test]
fn login_talks_to_the_issuer_through_the_proxy() {
    let ip = own_address();
    let remote = Serve::start(&["--bind", &ip, "--auto-approve"]);
    let proxy = Tinyproxy::start(None);
    // The "browser": curl straight to the provider (never through the
    // proxy), following its redirect back to login's loopback listener.
    let dir = tempfile::tempdir().unwrap();
    let browser = dir.path().join("browser");
    std::fs::write(
        &browser,
        "#!/bin/sh\nexec curl -sS -L --noproxy '*' -o /dev/null \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(
        &browser,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let out = Test::new()
        .env("BROWSER", &browser)
        .env("HTTPS_PROXY", proxy.url())
        .env("HTTP_PROXY", proxy.url())
        .env("OAUTHCTL_STORE", "file")
        .args([
            "login",
            "--issuer",
            remote.url(),
            "--client-id",
            "oauthctl-cli",
        ])
        .args(["-o", "json", "-v"])
        .run();
    assert_eq!(out.json()["issuer"], remote.url(), "{}", out.stdout);
    let seen = proxy.requests();
    for wanted in [
        format!("GET {}/.well-known/openid-configuration", remote.url()),
        format!("POST {}/token", remote.url()),
        format!("GET {}/jwks", remote.url()),
    ] {
        assert!(
            seen.iter().any(|r| r.starts_with(&wanted)),
            "{wanted}: {seen:?}"
        );
    }
    assert!(
        !seen.iter().any(|r| r.contains("127.0.0.1")),
        "loopback through the proxy: {seen:?}"
    );
}
