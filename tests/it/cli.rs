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
