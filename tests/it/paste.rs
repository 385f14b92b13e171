//! Paste-back login: `login` on a pseudo-terminal (util-linux `script`),
//! against `oauthctl serve --auto-approve`, with a browser that cannot
//! reach the loopback listener: the test fetches the authorization URL
//! itself, stops at the redirect to the loopback URI (it never calls it)
//! and types that URL into the terminal, as a user over SSH pastes it from
//! the browser's address bar.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::serve::{Serve, http};

/// `oauthctl login` running under `script`, its terminal's output
/// collected.
struct OnTerminal {
    child: Child,
    stdin: ChildStdin,
    screen: Arc<Mutex<String>>,
    _home: tempfile::TempDir,
}

impl OnTerminal {
    fn login(issuer: &str, env: &[(&str, &str)]) -> OnTerminal {
        let home = tempfile::tempdir().unwrap();
        let bin = env!("CARGO_BIN_EXE_oauthctl");
        let cmd = format!(
            "'{bin}' login --issuer '{issuer}' --client-id oauthctl-cli \
             --login-timeout 60 -o json"
        );
        let mut command = Command::new("script");
        command
            .args(["-q", "-e", "-f", "-c", &cmd, "/dev/null"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("OAUTHCTL_STORE", "file")
            .env("NO_COLOR", "1")
            .env("TERM", "dumb");
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("script (Debian package bsdutils)");
        let stdin = child.stdin.take().unwrap();
        let mut out = child.stdout.take().unwrap();
        let screen = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        OnTerminal {
            child,
            stdin,
            screen,
            _home: home,
        }
    }

    fn screen(&self) -> String {
        self.screen.lock().unwrap().replace('\r', "")
    }

    /// Wait until the terminal shows `text`.
    fn wait_for(&self, text: &str) -> String {
        let end = Instant::now() + Duration::from_secs(30);
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(Instant::now() < end, "no {text:?} on the terminal:\n{s}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The authorization URL the terminal shows.
    fn authorization_url(&self) -> String {
        let s = self.wait_for("press Enter");
        s.split_whitespace()
            .find(|w| w.starts_with("http") && w.contains("/authorize?"))
            .unwrap_or_else(|| panic!("no authorization URL on the terminal:\n{s}"))
            .to_owned()
    }

    fn paste(&mut self, line: &str) {
        self.stdin.write_all(line.as_bytes()).unwrap();
        self.stdin.write_all(b"\r").unwrap();
        self.stdin.flush().unwrap();
    }

    /// The exit code and the whole screen.
    fn finish(mut self) -> (i32, String) {
        let end = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > end {
                let _ = self.child.kill();
                panic!("login did not end:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        std::thread::sleep(Duration::from_millis(200));
        (status.code().unwrap_or(-1), self.screen())
    }
}

/// Follow the authorization URL like a browser, up to the redirect to the
/// loopback URI, which is returned and not called.
fn browse_until_redirect(url: &str) -> String {
    let r = http().get(url).send().unwrap();
    assert_eq!(r.status(), 302, "{url}");
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("http://127.0.0.1:"),
        "not the loopback redirect: {location}"
    );
    location
}

#[test]
fn a_pasted_redirect_url_completes_the_login_over_ssh() {
    let s = Serve::start(&["--auto-approve"]);
    let mut term = OnTerminal::login(
        s.url(),
        &[("SSH_CONNECTION", "192.0.2.9 50000 192.0.2.2 22")],
    );
    let screen = term.wait_for("press Enter");
    assert!(
        screen.contains("Without port forwarding: open it in a browser on your own machine"),
        "{screen}"
    );
    let redirect = browse_until_redirect(&term.authorization_url());
    term.paste(&redirect);
    let (code, screen) = term.finish();
    assert_eq!(code, 0, "{screen}");
    let json_start = screen.find("{\n").unwrap_or_else(|| panic!("{screen}"));
    let summary: serde_json::Value = serde_json::from_str(screen[json_start..].trim())
        .unwrap_or_else(|e| panic!("{e}:\n{screen}"));
    assert_eq!(summary["issuer"], s.url(), "{summary}");
}

#[test]
fn a_pasted_url_with_another_state_ends_the_login_with_exit_1() {
    let s = Serve::start(&["--auto-approve"]);
    let mut term = OnTerminal::login(s.url(), &[]);
    // Which instructions depends on the machine (a container, no display):
    // each says to paste.
    let screen = term.wait_for("press Enter");
    assert!(screen.contains("paste"), "{screen}");
    let redirect = browse_until_redirect(&term.authorization_url());
    let mut forged = url::Url::parse(&redirect).unwrap();
    let pairs: Vec<(String, String)> = forged
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" {
                "forged-state".into()
            } else {
                v
            };
            (k.into_owned(), v.into_owned())
        })
        .collect();
    forged.query_pairs_mut().clear().extend_pairs(pairs);
    term.paste(forged.as_str());
    let (code, screen) = term.finish();
    assert_eq!(code, 1, "{screen}");
    assert!(
        screen.contains("state does not match the one sent"),
        "{screen}"
    );
    assert!(!screen.contains("access_token"), "{screen}");
}

#[test]
fn a_pasted_url_for_another_address_is_refused() {
    let s = Serve::start(&["--auto-approve"]);
    let mut term = OnTerminal::login(s.url(), &[]);
    let redirect = browse_until_redirect(&term.authorization_url());
    let elsewhere = redirect.replacen("127.0.0.1", "127.0.0.2", 1);
    term.paste(&elsewhere);
    let (code, screen) = term.finish();
    assert_eq!(code, 1, "{screen}");
    assert!(
        screen.contains("is not this login's redirect URI"),
        "{screen}"
    );
}
