//! `demo`: the walkthrough a new user runs first. It starts the built-in
//! provider in-process, walks every flow, and must exit 0 on a fresh
//! machine with nothing configured, show no whole credential, and leave
//! nothing behind.

use crate::support::Test;

/// Whether `text` holds a whole JWT (a header, a payload and a signature).
fn whole_jwt(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .find(|w| w.starts_with("eyJ") && w.split('.').count() == 3 && w.len() > 60)
}

#[test]
fn the_walk_passes_every_step_and_shows_each_exchange() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Test::new()
        .env("TMPDIR", tmp.path())
        .arg("demo")
        .stdout_contains("[1/17] Discovery")
        .stdout_contains("$ oauthctl cc --issuer http://127.0.0.1:")
        // The device code is approved, and the login done, by the demo's
        // own user agent over HTTP.
        .stdout_contains("browser > POST http://127.0.0.1:")
        .stdout_contains("browser < 302 Found")
        .stdout_contains("Signed in to http://127.0.0.1:")
        .stdout_contains("as Demo User <demo@example.com>")
        .stdout_contains("VALID")
        // The DPoP step: the nonce challenge met, a bound token, its proof
        // checked by name.
        .stdout_contains("\"error\":\"use_dpop_nonce\"")
        .stdout_contains("\"token_type\": \"DPoP\"")
        .stdout_contains("> DPoP: eyJhbG…")
        .stdout_contains("cnf.jkt    the token is bound to this key")
        .stdout_contains("alg-none  Unsigned token (alg: none) accepted")
        .stdout_contains("revoked the refresh_token")
        .stdout_contains("error: no stored tokens")
        .stdout_contains("Demo complete: every step did what it should (17 of 17)")
        .stdout_lacks("✗")
        .run();
    // Credentials are shortened everywhere: in the traces, in what the
    // commands printed, in the command lines.
    assert_eq!(whole_jwt(&out.stdout), None, "{}", out.stdout);
    for secret_field in [
        "?code=",
        "&code=",
        "code_verifier=",
        "refresh_token\":\"",
        "device_code=",
    ] {
        for (i, _) in out.stdout.match_indices(secret_field) {
            let value: String = out.stdout[i + secret_field.len()..]
                .chars()
                .take(8)
                .collect();
            assert!(value.contains('…'), "{secret_field} shown whole: {value}");
        }
    }
    // The temporary store is gone.
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn json_lists_every_step_and_ignores_the_users_environment() {
    let out = Test::new()
        // None of this may leak into the walk.
        .env("OAUTHCTL_ISSUER", "http://127.0.0.1:1")
        .env("OAUTHCTL_CLIENT_ID", "someone-else")
        .env("OAUTHCTL_CLIENT_SECRET", "not-the-demo-secret")
        .env("OAUTHCTL_PROVIDER", "github")
        .env("OAUTHCTL_STORE", "keyring")
        .args(["demo", "--no-probe", "-o", "json"])
        .run();
    let v = out.json();
    let steps = v["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "discover",
            "jwks",
            "client-credentials",
            "client-credentials (cached)",
            "validate",
            "device",
            "login",
            "token",
            "refresh",
            "userinfo",
            "introspect",
            "cc --dpop",
            "cc --dpop -o header",
            "validate --dpop-proof",
            "logout",
            "token (after logout)",
        ]
    );
    for s in steps {
        assert!(s["problem"].is_null(), "{s:#}");
    }
    assert_eq!(steps.last().unwrap()["exit_code"], 4);
    assert!(
        v["issuer"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
}
