//! The command line itself: help, version, usage errors.

use crate::support::Test;

#[test]
fn help_lists_the_commands() {
    let out = Test::new().arg("--help").run();
    for c in [
        "decode",
        "validate",
        "encode",
        "discover",
        "jwks",
        "completions",
    ] {
        assert!(out.stdout.contains(c), "--help lacks {c}");
    }
}

#[test]
fn unknown_flags_are_usage_errors() {
    Test::new()
        .args(["decode", "--nope"])
        .code(2)
        .stderr_contains("--nope")
        .run();
}

#[test]
fn unsupported_output_format_is_a_usage_error() {
    Test::new()
        .args(["decode", "-o", "sarif", "a.b.c"])
        .code(2)
        .stderr_contains("decode does not support -o sarif")
        .run();
}

/// The README's first command: validating the sample token with the sample key set.
#[test]
fn readme_sample_validates() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let token = std::fs::read_to_string(root.join("samples/token.jwt")).unwrap();
    Test::new()
        .args([
            "validate",
            "--issuer",
            "https://issuer.example",
            "--audience",
            "api://demo",
            "--typ",
            "at+jwt",
            "--jwks",
        ])
        .arg(root.join("samples/jwks.json"))
        .arg(token.trim())
        .stdout_contains("VALID")
        .stdout_lacks("not checked")
        .run();
}
