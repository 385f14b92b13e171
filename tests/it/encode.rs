//! Integration tests: encode, checked by validate and by openssl where it
//! matters (a token another tool can verify).

use crate::support::Test;

fn keygen(dir: &std::path::Path, name: &str, args: &[&str]) -> std::path::PathBuf {
    let path = dir.join(name);
    let st = std::process::Command::new("openssl")
        .args(["genpkey"])
        .args(args)
        .arg("-out")
        .arg(&path)
        .output()
        .expect("openssl");
    assert!(
        st.status.success(),
        "openssl genpkey failed: {}",
        String::from_utf8_lossy(&st.stderr)
    );
    let pubpath = dir.join(format!("{name}.pub"));
    let st = std::process::Command::new("openssl")
        .args(["pkey", "-pubout", "-in"])
        .arg(&path)
        .arg("-out")
        .arg(&pubpath)
        .output()
        .expect("openssl");
    assert!(st.status.success());
    path
}

#[test]
fn every_algorithm_round_trips_with_openssl_keys() {
    let dir = tempfile::tempdir().unwrap();
    let rsa = keygen(
        dir.path(),
        "rsa.pem",
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    );
    let p256 = keygen(
        dir.path(),
        "p256.pem",
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    );
    let p384 = keygen(
        dir.path(),
        "p384.pem",
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
    );
    let p521 = keygen(
        dir.path(),
        "p521.pem",
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"],
    );
    let ed = keygen(dir.path(), "ed.pem", &["-algorithm", "ED25519"]);
    let cases = [
        (&rsa, "RS256"),
        (&rsa, "RS384"),
        (&rsa, "RS512"),
        (&rsa, "PS256"),
        (&rsa, "PS384"),
        (&rsa, "PS512"),
        (&p256, "ES256"),
        (&p384, "ES384"),
        (&p521, "ES512"),
        (&ed, "EdDSA"),
    ];
    for (key, alg) in cases {
        let out = Test::new()
            .args([
                "encode",
                "--alg",
                alg,
                "--claim",
                "sub=alice",
                "--exp",
                "10m",
                "--key",
            ])
            .arg(key)
            .run();
        let token = out.stdout.trim().to_owned();
        let public = format!("{}.pub", key.display());
        Test::new()
            .args(["validate", "--alg", alg, "--key", &public, &token])
            .stdout_contains("VALID")
            .run();
    }
}

#[test]
fn hmac_from_a_secret_file() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret");
    std::fs::write(&secret, "a-long-enough-shared-secret-for-hs256\n").unwrap();
    for alg in ["HS256", "HS384", "HS512"] {
        let out = Test::new()
            .args(["encode", "--alg", alg, "--exp", "5m", "--secret-file"])
            .arg(&secret)
            .run();
        Test::new()
            .args(["validate", "--secret-file"])
            .arg(&secret)
            .arg(out.stdout.trim())
            .stdout_contains(format!("{alg} signature verified"))
            .run();
    }
}

#[test]
fn claims_headers_and_times() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("s");
    std::fs::write(&secret, "s3cr3t-s3cr3t-s3cr3t-s3cr3t").unwrap();
    let claims = dir.path().join("claims.json");
    std::fs::write(
        &claims,
        r#"{"iss":"https://issuer.example","aud":["a","b"]}"#,
    )
    .unwrap();
    let out = Test::new()
        .args(["encode", "--secret-file"])
        .arg(&secret)
        .arg("--claims")
        .arg(format!("@{}", claims.display()))
        .args([
            "--claim",
            "sub=42",
            "--claim",
            "admin:=true",
            "--exp",
            "1h",
            "--iat",
            "--nbf=-1m",
            "--jti",
            "--kid",
            "k-7",
            "--typ",
            "at+jwt",
            "--header",
            "x5t=abc",
        ])
        .arg("-o")
        .arg("json")
        .run();
    let v = out.json();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert_eq!(v["header"]["alg"], "HS256");
    assert_eq!(v["header"]["kid"], "k-7");
    assert_eq!(v["header"]["typ"], "at+jwt");
    assert_eq!(v["header"]["x5t"], "abc");
    assert_eq!(v["claims"]["sub"], "42", "NAME=VALUE is a string");
    assert_eq!(v["claims"]["admin"], true, "NAME:=JSON is JSON");
    assert_eq!(v["claims"]["aud"][1], "b");
    let exp = v["claims"]["exp"].as_i64().unwrap();
    assert!((exp - (now + 3600)).abs() < 5, "exp {exp} vs now {now}");
    assert!((v["claims"]["nbf"].as_i64().unwrap() - (now - 60)).abs() < 5);
    assert_eq!(v["claims"]["jti"].as_str().unwrap().len(), 32);
    let token = v["token"].as_str().unwrap();
    Test::new()
        .args(["decode", token])
        .stdout_contains("\"iss\": \"https://issuer.example\"")
        .run();
}

#[test]
fn none_only_when_asked_and_with_a_warning() {
    let out = Test::new()
        .args(["encode", "--alg", "none", "--claim", "sub=x"])
        .stderr_contains("warning: alg none")
        .run();
    assert!(
        out.stdout.trim().ends_with('.'),
        "unsigned token ends with an empty signature"
    );
    Test::new()
        .args(["encode", "--claim", "sub=x"])
        .code(2)
        .stderr_contains("no key")
        .run();
    // Validation never accepts it, whatever the allowlist.
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("s");
    std::fs::write(&secret, "whatever-secret").unwrap();
    Test::new()
        .args(["validate", "--secret-file"])
        .arg(&secret)
        .arg(out.stdout.trim())
        .code(1)
        .stdout_contains("unsigned tokens are never accepted")
        .run();
}

#[test]
fn bad_input_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let rsa = keygen(
        dir.path(),
        "rsa.pem",
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    );
    Test::new()
        .args(["encode", "--alg", "ES256", "--key"])
        .arg(&rsa)
        .code(2)
        .stderr_contains("cannot sign ES256")
        .run();
    Test::new()
        .args(["encode", "--alg", "HS999", "--key"])
        .arg(&rsa)
        .code(2)
        .stderr_contains("unknown --alg 'HS999'")
        .run();
    Test::new()
        .args(["encode", "--key", "/nonexistent/key.pem"])
        .code(2)
        .stderr_contains("/nonexistent/key.pem")
        .run();
    Test::new()
        .args(["encode", "--claims", "[1,2]", "--key"])
        .arg(&rsa)
        .code(2)
        .stderr_contains("expected a JSON object")
        .run();
    Test::new()
        .args(["encode", "--exp", "15 parsecs", "--key"])
        .arg(&rsa)
        .code(2)
        .stderr_contains("not a duration")
        .run();
}

#[test]
fn private_jwk_keys_sign() {
    // A P-256 private JWK whose public point was computed by another
    // implementation (Python's `cryptography`) from `d`.
    let dir = tempfile::tempdir().unwrap();
    let jwk = dir.path().join("k.json");
    std::fs::write(
        &jwk,
        r#"{"kty":"EC","crv":"P-256","x":"M9gGwtKDcjjqEZKHkO4eSubN9mPSlI1ICDbUM2wnp5Y","y":"FmhjK4u6XOiZeObo5ztG8cHEPaZ1toWv97VzimBliqE","d":"jpsQnnGQmL-YBIffH1136cLV-V8FJM0vyL7sbFf5-PI","kid":"a3"}"#,
    )
    .unwrap();
    let out = Test::new()
        .args(["encode", "--exp", "5m", "--key"])
        .arg(&jwk)
        .run();
    let token = out.stdout.trim();
    let header = Test::new()
        .args(["decode", "-o", "json", token])
        .run()
        .json();
    assert_eq!(header["header"]["alg"], "ES256");
    assert_eq!(header["header"]["kid"], "a3", "the JWK's kid is used");
    Test::new()
        .args(["validate", "--key"])
        .arg(&jwk)
        .arg(token)
        .stdout_contains("VALID")
        .run();
}

#[test]
fn times_that_would_overflow_are_usage_errors() {
    // Each wrapped around i64 (or named a time past year 9999) and was
    // signed into the token as a negative or absurd exp.
    let secret = crate::support::data_dir().join("../vectors/keys/hmac.secret");
    let secret = secret.display().to_string();
    for exp in [
        "584000000000y",
        "292270000000y",
        "9223372036854775807",
        "-9223372036854775808",
        "253402300800",
    ] {
        Test::new()
            .args(["encode", "--secret-file", &secret, &format!("--exp={exp}")])
            .code(2)
            .stderr_contains("years 1 to 9999")
            .stdout_lacks("eyJ")
            .run();
    }
    let out = Test::new()
        .args([
            "encode",
            "--secret-file",
            &secret,
            "-o",
            "json",
            "--exp=253402300799",
        ])
        .run();
    assert_eq!(out.json()["claims"]["exp"], 253_402_300_799_i64);
}

#[test]
fn claims_and_key_files_are_read_up_to_4_mib() {
    for args in [
        ["--claims", "@/dev/zero", "--alg", "none"],
        ["--key", "/dev/zero", "--alg", "RS256"],
        ["--secret-file", "/dev/zero", "--alg", "HS256"],
    ] {
        Test::new()
            .arg("encode")
            .args(args)
            .code(2)
            .stderr_contains("/dev/zero: the file is larger than the 4 MiB oauthctl reads")
            .run();
    }
}
