//! Integration tests: where tokens are kept. The file fallback when no
//! keyring answers (its notice, its modes), `--store file|keyring`, and the
//! keyring against a real Secret Service: gnome-keyring-daemon in a private
//! D-Bus session (dbus-run-session), with `secret-tool` to look into it.

use std::path::Path;
use std::process::Command;

use serde_json::json;

use crate::support::{Reply, Server, Test};

fn token_server() -> Server {
    Server::new(|_, path| match path {
        "/token" => Reply::json(json!({
            "access_token": "at-from-the-server-0123", "token_type": "Bearer", "expires_in": 300
        })),
        _ => Reply::status(404, "text/plain", "no"),
    })
}

fn cc(server: &Server, home: &Path) -> Test {
    Test::new()
        .env("XDG_STATE_HOME", home.join("state"))
        .env("OAUTHCTL_CLIENT_SECRET", "svc-secret")
        .args(["cc", "--client-id", "svc", "--token-endpoint"])
        .arg(format!("{}/token", server.url()))
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn without_a_keyring_files_are_used_with_a_notice() {
    let server = token_server();
    let home = tempfile::tempdir().unwrap();
    // No session bus at all: the default store falls back at once.
    let out = cc(&server, home.path())
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .stderr_contains("notice: no keyring available")
        .run();
    assert_eq!(out.stdout, "at-from-the-server-0123\n");
    assert_eq!(
        out.stderr.lines().count(),
        1,
        "one line of notice:\n{}",
        out.stderr
    );
    let dir = home.path().join("state/oauthctl/cache");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    #[cfg(unix)]
    {
        assert_eq!(mode(&files[0]), 0o600);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&home.path().join("state/oauthctl")), 0o700);
    }
    // A hit reads the file and says nothing.
    cc(&server, home.path())
        .stderr_lacks("notice")
        .stdout_contains("at-from-the-server-0123")
        .run();
    assert_eq!(server.hits(), 1);
}

#[test]
fn store_file_is_quiet_and_store_keyring_without_one_is_an_error() {
    let server = token_server();
    let home = tempfile::tempdir().unwrap();
    cc(&server, home.path())
        .args(["--store", "file"])
        .stderr_lacks("notice")
        .run();
    cc(&server, home.path())
        .env("OAUTHCTL_STORE", "file")
        .stderr_lacks("notice")
        .run();
    assert_eq!(server.hits(), 1, "the second call hit the file cache");
    cc(&server, home.path())
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .args(["--store", "keyring", "--no-cache"])
        .run();
    Test::new()
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .args([
            "--store",
            "keyring",
            "token",
            "--issuer",
            "https://as.example",
        ])
        .args(["--client-id", "cli"])
        .code(2)
        .stderr_contains("--store keyring: no Secret Service")
        .run();
}

fn have(cmd: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {cmd}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Run `script` (bash) in a fresh D-Bus session with gnome-keyring-daemon,
/// the login keyring unlocked unless `unlocked` is false. `$OAUTHCTL` is the
/// binary; `$OUT` a directory for results. Returns `$OUT`.
fn in_keyring_session(home: &Path, unlocked: bool, script: &str) -> std::path::PathBuf {
    for cmd in ["dbus-run-session", "gnome-keyring-daemon", "secret-tool"] {
        assert!(
            have(cmd),
            "{cmd} is missing: install the Debian packages dbus, gnome-keyring and \
             libsecret-tools (scripts/test does)"
        );
    }
    let out = home.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let start = if unlocked {
        "printf 'test-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
    } else {
        "gnome-keyring-daemon --start --components=secrets >/dev/null"
    };
    let full = format!(
        "set -u\n{start}\n# let the daemon claim its bus name\nfor i in $(seq 50); do \
         dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
         org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
         | grep -q true && break; sleep 0.1; done\n{script}\n"
    );
    let status = Command::new("dbus-run-session")
        .args(["--", "bash", "-c", &full])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_RUNTIME_DIR", home)
        .env("NO_COLOR", "1")
        .env("OUT", &out)
        .env("OAUTHCTL", env!("CARGO_BIN_EXE_oauthctl"))
        .status()
        .expect("dbus-run-session");
    assert!(status.success(), "the keyring session script failed");
    out
}

fn read(out: &Path, name: &str) -> String {
    std::fs::read_to_string(out.join(name)).unwrap_or_default()
}

#[test]
fn the_keyring_holds_tokens_in_a_real_secret_service() {
    let p = crate::oidc_provider::Provider::start();
    let tokens = p.device_login("openid profile email offline_access");
    let home = crate::support::home_with_config(&format!(
        "[profiles.dev]\nissuer = \"{}\"\nclient_id = \"cli\"\n",
        p.issuer()
    ));
    let h = home.path();
    // An expiring login, put into the keyring the way oauthctl stores it.
    let entry = json!({
        "issuer": p.issuer(), "client_id": "cli", "token_type": "Bearer",
        "access_token": tokens["access_token"], "refresh_token": tokens["refresh_token"],
        "id_token": tokens["id_token"], "expires_at": crate::tokens::now() + 5,
    });
    std::fs::write(h.join("seed.json"), entry.to_string()).unwrap();
    let out = in_keyring_session(
        h,
        true,
        r#"
secret-tool store --label=seed service oauthctl username profile:dev target default \
    application rust-keyring < "$HOME/seed.json"
"$OAUTHCTL" -p dev token >"$OUT/token.out" 2>"$OUT/token.err"; echo $? >"$OUT/token.code"
secret-tool lookup service oauthctl username profile:dev >"$OUT/after-refresh.json"
"$OAUTHCTL" -p dev logout >"$OUT/logout.out" 2>"$OUT/logout.err"; echo $? >"$OUT/logout.code"
secret-tool lookup service oauthctl username profile:dev >"$OUT/after-logout.json"; true
"#,
    );
    assert_eq!(
        read(&out, "token.code").trim(),
        "0",
        "{}",
        read(&out, "token.err")
    );
    assert!(
        !read(&out, "token.err").contains("notice"),
        "the keyring answered, no fallback: {}",
        read(&out, "token.err")
    );
    let new_at = read(&out, "token.out").trim().to_owned();
    assert_ne!(new_at, tokens["access_token"].as_str().unwrap());
    assert_eq!(p.refresh_count(), 1);
    let stored: serde_json::Value =
        serde_json::from_str(&read(&out, "after-refresh.json")).expect("the keyring entry");
    assert_eq!(stored["access_token"], new_at.as_str());
    assert_ne!(
        stored["refresh_token"], tokens["refresh_token"],
        "rotated, kept"
    );
    assert!(
        !h.join("state/oauthctl/tokens").exists(),
        "nothing written to files"
    );
    assert_eq!(
        read(&out, "logout.code").trim(),
        "0",
        "{}",
        read(&out, "logout.err")
    );
    assert!(read(&out, "logout.out").contains("keyring:oauthctl/profile:dev"));
    assert_eq!(
        read(&out, "after-logout.json"),
        "",
        "deleted from the keyring"
    );
}

#[test]
fn the_keyring_caches_machine_tokens_and_a_locked_one_is_not_waited_for() {
    let server = token_server();
    let home = tempfile::tempdir().unwrap();
    let url = format!("{}/token", server.url());
    let script = format!(
        r#"
cc() {{ OAUTHCTL_CLIENT_SECRET=svc-secret "$OAUTHCTL" cc --client-id svc --token-endpoint {url} "$@"; }}
cc >"$OUT/1.out" 2>"$OUT/1.err"
cc >"$OUT/2.out" 2>"$OUT/2.err"
secret-tool search --all service oauthctl >"$OUT/search" 2>&1
ls -A "$XDG_STATE_HOME/oauthctl/cache" >"$OUT/files" 2>/dev/null || true
dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
    org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login \
    >/dev/null
cc --min-ttl 1000 >"$OUT/3.out" 2>"$OUT/3.err"; echo $? >"$OUT/3.code"
"#
    );
    let out = in_keyring_session(home.path(), true, &script);
    assert_eq!(
        read(&out, "1.out"),
        "at-from-the-server-0123\n",
        "{}",
        read(&out, "1.err")
    );
    assert_eq!(read(&out, "1.err"), "", "the keyring answered: no notice");
    assert_eq!(read(&out, "2.out"), "at-from-the-server-0123\n");
    let search = read(&out, "search");
    assert!(search.contains("username = cc:"), "{search}");
    assert!(search.contains("at-from-the-server-0123"), "{search}");
    assert_eq!(
        read(&out, "files"),
        "",
        "no cache file while the keyring answers"
    );
    // Locked: no unlock prompt is waited for; files instead, with the notice.
    assert_eq!(read(&out, "3.code").trim(), "0", "{}", read(&out, "3.err"));
    assert!(
        read(&out, "3.err").contains("locked"),
        "{}",
        read(&out, "3.err")
    );
    assert_eq!(
        server.hits(),
        2,
        "one request, one cache hit, one after the lock"
    );
}

/// Entra-sized tokens: a value far over what a Keychain item (about 4 KiB)
/// or a Windows credential (2,560 bytes) holds. In the keyring it is split
/// into parts and read back whole; `store status` says so without showing
/// a token, and `store clear` removes every part.
#[test]
fn oversized_logins_are_split_in_the_keyring_and_store_clear_removes_them() {
    let big_at = format!("eyJ{}", "A".repeat(6000));
    let big_rt = format!("rt-{}", "R".repeat(2500));
    let (at, rt) = (big_at.clone(), big_rt.clone());
    let server = Server::new(move |_, path| match path {
        "/token" => Reply::json(json!({
            "access_token": at, "refresh_token": rt, "token_type": "Bearer", "expires_in": 3600
        })),
        _ => Reply::status(404, "text/plain", "no"),
    });
    let home = crate::support::home_with_config(&format!(
        "[profiles.entra]\nclient_id = \"cli\"\ntoken_endpoint = \"{}/token\"\n",
        server.url()
    ));
    let h = home.path();
    // A small, expired login, as oauthctl stores it: `token` refreshes it
    // into an Entra-sized one.
    let seed = json!({
        "client_id": "cli", "token_endpoint": format!("{}/token", server.url()),
        "token_type": "Bearer", "access_token": "old-at", "refresh_token": "old-rt",
        "expires_at": crate::tokens::now() - 10,
    });
    std::fs::write(h.join("seed.json"), seed.to_string()).unwrap();
    let out = in_keyring_session(
        h,
        true,
        r#"
secret-tool store --label=seed service oauthctl username profile:entra target default \
    application rust-keyring < "$HOME/seed.json"
"$OAUTHCTL" -p entra token >"$OUT/1.out" 2>"$OUT/1.err"; echo $? >"$OUT/1.code"
"$OAUTHCTL" -p entra token >"$OUT/2.out" 2>"$OUT/2.err"
secret-tool search --all service oauthctl 2>&1 | grep -o 'username = .*' | sort >"$OUT/accounts"
"$OAUTHCTL" store status >"$OUT/status" 2>&1
"$OAUTHCTL" store status -o json >"$OUT/status.json" 2>&1
"$OAUTHCTL" store clear >"$OUT/clear" 2>&1; echo $? >"$OUT/clear.code"
secret-tool search --all service oauthctl 2>&1 | grep -c 'username = ' >"$OUT/after-clear"; true
"$OAUTHCTL" -p entra token >"$OUT/3.out" 2>"$OUT/3.err"; echo $? >"$OUT/3.code"
"#,
    );
    assert_eq!(read(&out, "1.code").trim(), "0", "{}", read(&out, "1.err"));
    assert_eq!(
        read(&out, "1.out").trim(),
        big_at,
        "refreshed, printed whole"
    );
    assert_eq!(
        read(&out, "2.out").trim(),
        big_at,
        "read back whole from the parts"
    );
    assert_eq!(
        server.hits(),
        1,
        "one refresh; the second call read the keyring"
    );
    // The main entry and its parts, all under the profile's account.
    let accounts = read(&out, "accounts");
    let names: Vec<&str> = accounts.lines().collect();
    assert!(names.contains(&"username = profile:entra"), "{accounts}");
    assert!(names.contains(&"username = profile:entra#7"), "{accounts}");
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("username = profile:entra")),
        "{accounts}"
    );
    // Nothing went to files.
    assert!(!h.join("state/oauthctl/tokens").exists());
    let status = read(&out, "status");
    assert!(
        status.contains("keyring:oauthctl/profile:entra  sign-in"),
        "{status}"
    );
    assert!(status.contains("keyring entries"), "{status}");
    assert!(status.contains("also      a refresh token"), "{status}");
    assert!(
        !status.contains("AAAAAAAA") && !status.contains("RRRRRRRR"),
        "{status}"
    );
    let v: serde_json::Value = serde_json::from_str(&read(&out, "status.json")).unwrap();
    assert_eq!(v["in_use"], "keyring");
    let entry = &v["entries"][0];
    assert_eq!(entry["account"], "profile:entra");
    assert!(entry["parts"].as_u64().unwrap() >= 7, "{entry}");
    assert!(entry["bytes"].as_u64().unwrap() > 8500, "{entry}");
    // Cleared: every part gone, and `token` says to log in again.
    assert_eq!(
        read(&out, "clear.code").trim(),
        "0",
        "{}",
        read(&out, "clear")
    );
    assert!(
        read(&out, "clear").contains("Removed"),
        "{}",
        read(&out, "clear")
    );
    assert!(read(&out, "clear").contains("Nothing was revoked"));
    assert_eq!(
        read(&out, "after-clear").trim(),
        "0",
        "left in the keyring after clear; clear said:\n{}",
        read(&out, "clear")
    );
    assert_eq!(read(&out, "3.code").trim(), "4", "{}", read(&out, "3.err"));
    assert!(
        read(&out, "3.err").contains("oauthctl -p entra login"),
        "{}",
        read(&out, "3.err")
    );
}

#[test]
fn store_status_and_clear_with_files() {
    let server = token_server();
    let home = tempfile::tempdir().unwrap();
    cc(&server, home.path()).run();
    let status = Test::new()
        .env("XDG_STATE_HOME", home.path().join("state"))
        .args(["store", "status"])
        .stdout_contains("new entries go to  private files")
        .stdout_contains("machine token (client-credentials cache)")
        .stdout_contains("access    expires in ")
        .stdout_lacks("at-from-the-server")
        .run();
    assert!(status.stdout.contains("/cache/cc-"), "{}", status.stdout);
    Test::new()
        .env("XDG_STATE_HOME", home.path().join("state"))
        .args(["store", "clear"])
        .stdout_contains("Removed")
        .run();
    Test::new()
        .env("XDG_STATE_HOME", home.path().join("state"))
        .args(["store", "status", "-o", "json"])
        .stdout_contains("\"entries\": []")
        .run();
    // Cleared, so the next cc asks the server again.
    cc(&server, home.path()).run();
    assert_eq!(server.hits(), 2);
}
