//! Integration tests: decode.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::support::Test;

fn b64(s: &str) -> String {
    URL_SAFE_NO_PAD.encode(s)
}

fn token(header: &str, claims: &str) -> String {
    format!("{}.{}.c2ln", b64(header), b64(claims))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn shows_header_claims_times_and_says_unverified() {
    let t = token(
        r#"{"alg":"RS256","kid":"k1"}"#,
        &format!(
            r#"{{"sub":"alice","exp":{},"iat":{}}}"#,
            now() + 14 * 60 + 30,
            now() - 7200
        ),
    );
    Test::new()
        .args(["decode", &t])
        .stdout_contains("\"kid\": \"k1\"")
        .stdout_contains("\"sub\": \"alice\"")
        .stdout_contains("expires in 14 min")
        .stdout_contains("issued 2 h ago")
        .stdout_contains("signature was NOT verified")
        .run();
}

#[test]
fn expired_tokens_say_so() {
    let t = token(
        r#"{"alg":"HS256"}"#,
        &format!(r#"{{"exp":{}}}"#, now() - 3 * 3600 - 10),
    );
    Test::new()
        .args(["decode", &t])
        .stdout_contains("expired 3 h ago")
        .run();
}

#[test]
fn reads_stdin_and_strips_bearer() {
    let t = token(r#"{"alg":"ES256"}"#, r#"{"sub":"bob"}"#);
    Test::new()
        .args(["decode", "-"])
        .stdin(format!("  Bearer {t}\n"))
        .stdout_contains("\"sub\": \"bob\"")
        .run();
    Test::new()
        .arg("decode")
        .stdin(format!("{t}\n"))
        .stdout_contains("ES256")
        .run();
}

#[test]
fn json_has_header_claims_and_signature() {
    let t = token(r#"{"alg":"RS256"}"#, r#"{"sub":"alice","n":1}"#);
    let out = Test::new().args(["decode", "-o", "json", &t]).run();
    let v = out.json();
    assert_eq!(v["header"]["alg"], "RS256");
    assert_eq!(v["claims"]["n"], 1);
    assert_eq!(v["signature"], "c2ln");
}

#[test]
fn encrypted_tokens_show_their_header() {
    let t = format!(
        "{}.a.b.c.d",
        b64(r#"{"alg":"RSA-OAEP-256","enc":"A256GCM"}"#)
    );
    Test::new()
        .args(["decode", &t])
        .stdout_contains("A256GCM")
        .stdout_contains("encrypted (JWE)")
        .run();
    let out = Test::new().args(["decode", "-o", "json", &t]).run();
    assert_eq!(out.json()["encrypted"], true);
}

#[test]
fn string_times_are_pointed_out() {
    let t = token(r#"{"alg":"RS256"}"#, r#"{"exp":"9999999999"}"#);
    Test::new()
        .args(["decode", &t])
        .stdout_contains("exp is a string")
        .run();
}

#[test]
fn garbage_is_a_clear_input_error() {
    Test::new()
        .args(["decode", "not-a-token"])
        .code(2)
        .stderr_contains("decoding the token: a JWT has 3 parts")
        .run();
    Test::new()
        .args(["decode", "e30.e30=.x"])
        .code(2)
        .stderr_contains("not valid base64url")
        .run();
    Test::new()
        .arg("decode")
        .stdin("   \n")
        .code(2)
        .stderr_contains("empty")
        .run();
}

#[test]
fn colour_only_when_asked() {
    let t = token(r#"{"alg":"RS256"}"#, r#"{"sub":"alice"}"#);
    let plain = Test::new().args(["decode", &t]).run();
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "colour without a terminal"
    );
    let coloured = Test::new().args(["--color", "always", "decode", &t]).run();
    assert!(
        coloured.stdout.contains('\u{1b}'),
        "no colour with --color always"
    );
}

// ---------------------------------------------------------------- hardening

#[test]
fn non_ascii_input_is_an_error_not_a_panic() {
    // Byte 7 falls inside 'é': slicing there panicked (exit 101).
    Test::new()
        .args(["decode", "abcdeféxyz"])
        .code(2)
        .stderr_contains("3 parts")
        .run();
    Test::new()
        .args(["decode", "-"])
        .stdin("Bearerééé.a.b")
        .code(2)
        .run();
}

#[test]
fn times_after_year_9999_are_shown_not_a_panic() {
    // humantime cannot write year 10000: `to_string` panicked.
    for exp in ["253402300800", "1e300", "9223372036854775807"] {
        let t = token(r#"{"alg":"HS256"}"#, &format!(r#"{{"exp":{exp},"iat":0}}"#));
        Test::new()
            .args(["decode", &t])
            .stdout_contains("signature was NOT verified")
            .run();
    }
    let t = token(r#"{"alg":"HS256"}"#, r#"{"exp":253402300800}"#);
    Test::new()
        .args(["decode", &t])
        .stdout_contains("+10000-01-01T00:00:00Z")
        .run();
}

#[test]
fn escape_sequences_in_a_token_never_reach_the_terminal() {
    // A payload that is not JSON was printed as it was.
    let t = format!(
        "{}.{}.c2ln",
        b64(r#"{"alg":"HS256","kid":"\u001b]0;pwned\u0007"}"#),
        b64("\u{1b}[2J\u{1b}[31mpwned\u{9b}1m\nVALID")
    );
    let out = Test::new()
        .args(["decode", &t])
        .stdout_lacks("\u{1b}")
        .stdout_lacks("\u{9b}")
        .stdout_lacks("\u{7}")
        .stdout_contains(r"\u{1b}[2J")
        .run();
    assert!(
        !out.stdout.lines().any(|l| l.trim() == "VALID"),
        "{}",
        out.stdout
    );
}
