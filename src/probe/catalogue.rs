//! The catalogue of probe checks: for each, its stable id, name, severity,
//! CWE, CVEs, fix and references. The one place a check is described;
//! `probe api` and `probe issuer` stamp their results from it, so the text,
//! JSON and SARIF reports all say what is written here.
//!
//! - [`API`]: the attack matrix of `probe api`, in report order, with
//!   [`NO_TOKEN`] and [`GARBAGE_TOKEN`], which calibration finds.
//! - [`ISSUER`]: the active checks of `probe issuer`, in report order, with
//!   [`JWKS_UNAVAILABLE`] and the names and CWEs of the metadata and key set
//!   lint findings it reports ([`lint`]), whose severity, fix and reference
//!   come from the lint itself.
//! - [`RESOURCE`]: the checks of `probe resource` (RFC 9728 metadata, the
//!   challenge, token passthrough, ...), some shared with [`API`].

use crate::finding::Severity;

/// A check's identity: what it looks for and how bad it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckInfo {
    /// Stable identifier, e.g. `alg-none`; also the SARIF rule id.
    pub id: &'static str,
    /// A short name.
    pub name: &'static str,
    /// Severity when vulnerable.
    pub severity: Severity,
    /// CWE number.
    pub cwe: u32,
    /// CVEs of libraries known to have had this flaw.
    pub cves: &'static [&'static str],
    /// One line saying how to fix it.
    pub fix: &'static str,
    /// The spec sections it rests on.
    pub references: &'static [&'static str],
}

const fn check(
    id: &'static str,
    name: &'static str,
    severity: Severity,
    cwe: u32,
    cves: &'static [&'static str],
    fix: &'static str,
    references: &'static [&'static str],
) -> CheckInfo {
    CheckInfo {
        id,
        name,
        severity,
        cwe,
        cves,
        fix,
        references,
    }
}

use Severity::{Critical, High, Info, Low, Medium};

// ------------------------------------------------------------- probe api

/// The API answers without a token.
pub const NO_TOKEN: CheckInfo = check(
    "no-token-accepted",
    "The API answers without a token",
    Critical,
    306,
    &[],
    "require a valid bearer token on every protected route",
    &["RFC 6750 §3.1"],
);
/// The API accepts a token that is not a JWT.
pub const GARBAGE_TOKEN: CheckInfo = check(
    "garbage-token-accepted",
    "The API accepts a token that is not a JWT",
    Critical,
    287,
    &[],
    "parse and verify the token; refuse anything that is not a valid JWT",
    &["RFC 7519 §7.2"],
);
/// Unsigned token (alg: none) accepted.
pub const ALG_NONE: CheckInfo = check(
    "alg-none",
    "Unsigned token (alg: none) accepted",
    Critical,
    347,
    &[],
    "allow only the algorithms your keys use (e.g. algorithms: [\"RS256\"]); never none",
    &["RFC 8725 §3.1"],
);
/// Token without its signature accepted.
pub const SIG_STRIPPED: CheckInfo = check(
    "signature-stripped",
    "Token without its signature accepted",
    Critical,
    347,
    &[],
    "verify the signature of every token; refuse an empty one",
    &["RFC 7515 §5.2"],
);
/// Signature not verified.
pub const SIG_NOT_VERIFIED: CheckInfo = check(
    "signature-not-verified",
    "Signature not verified",
    Critical,
    347,
    &[],
    "verify the signature with the issuer's key (jwt.verify, not jwt.decode)",
    &["RFC 7515 §5.2", "RFC 8725 §3.3"],
);
/// HMAC signed with the public key accepted (key confusion).
pub const KEY_CONFUSION: CheckInfo = check(
    "key-confusion",
    "HMAC signed with the public key accepted (key confusion)",
    Critical,
    347,
    &[
        "CVE-2015-9235",
        "CVE-2016-10555",
        "CVE-2017-11424",
        "CVE-2022-29217",
    ],
    "pin the algorithm to the key's type (RS256 for an RSA key); never let the token's alg pick HMAC",
    &["RFC 8725 §3.1"],
);
/// Key embedded in the token's jwk header trusted.
pub const EMBEDDED_JWK: CheckInfo = check(
    "embedded-jwk",
    "Key embedded in the token's jwk header trusted",
    Critical,
    347,
    &["CVE-2018-0114"],
    "verify only with keys you configured; ignore jwk headers in tokens",
    &["RFC 7515 §4.1.3", "RFC 8725 §3.10"],
);
/// Key set URL from the token's jku header trusted.
pub const JKU: CheckInfo = check(
    "jku-injection",
    "Key set URL from the token's jku header trusted",
    Critical,
    347,
    &[],
    "ignore jku, or allow only your issuer's exact jwks_uri",
    &["RFC 7515 §4.1.2", "RFC 8725 §3.10"],
);
/// Certificate URL from the token's x5u header trusted.
pub const X5U: CheckInfo = check(
    "x5u-injection",
    "Certificate URL from the token's x5u header trusted",
    Critical,
    347,
    &[],
    "ignore x5u, or allow only URLs you configured",
    &["RFC 7515 §4.1.5", "RFC 8725 §3.10"],
);
/// kid used as a file path.
pub const KID_PATH: CheckInfo = check(
    "kid-path-traversal",
    "kid used as a file path",
    Critical,
    22,
    &[],
    "look kid up in a fixed key set; never use it as a path",
    &["RFC 7515 §4.1.4", "RFC 8725 §3.10"],
);
/// kid used in an SQL query.
pub const KID_SQL: CheckInfo = check(
    "kid-sql-injection",
    "kid used in an SQL query",
    Critical,
    89,
    &[],
    "look kid up with a parameterised query or in a fixed key set",
    &["RFC 7515 §4.1.4", "RFC 8725 §3.10"],
);
/// ECDSA signature r = s = 0 accepted (psychic signature).
pub const PSYCHIC: CheckInfo = check(
    "psychic-signature",
    "ECDSA signature r = s = 0 accepted (psychic signature)",
    Critical,
    347,
    &["CVE-2022-21449"],
    "update the runtime (Java 15-18: apply the April 2022 CPU) and the JWT library",
    &["RFC 7518 §3.4", "RFC 8725 §3.4"],
);
/// Unknown critical header accepted.
pub const CRIT: CheckInfo = check(
    "crit-ignored",
    "Unknown critical header accepted",
    Medium,
    358,
    &[],
    "reject tokens whose crit lists an extension you do not implement (RFC 7515 §4.1.11)",
    &["RFC 7515 §4.1.11"],
);
/// Token accepted in the query string.
pub const TOKEN_IN_QUERY: CheckInfo = check(
    "token-in-query",
    "Token accepted in the query string",
    Medium,
    598,
    &[],
    "accept bearer tokens only in the Authorization header (RFC 6750 §2.3, RFC 9700 §4.3.2)",
    &["RFC 6750 §2.3", "RFC 9700 §4.3.2"],
);
/// Token accepted in a form body.
pub const TOKEN_IN_FORM: CheckInfo = check(
    "token-in-form",
    "Token accepted in a form body",
    Info,
    598,
    &[],
    "prefer the Authorization header; the form parameter (RFC 6750 §2.2) is rarely needed",
    &["RFC 6750 §2.2"],
);
/// HMAC secret guessed.
pub const WEAK_SECRET: CheckInfo = check(
    "weak-hmac-secret",
    "HMAC secret guessed",
    Critical,
    521,
    &[],
    "use a random secret of at least 256 bits (RFC 7518 §3.2), or an asymmetric key",
    &["RFC 7518 §3.2", "RFC 8725 §3.5"],
);
/// Expired token accepted.
pub const EXP: CheckInfo = check(
    "exp-not-enforced",
    "Expired token accepted",
    High,
    613,
    &[],
    "reject tokens whose exp has passed (allow at most a small leeway)",
    &["RFC 7519 §4.1.4"],
);
/// Token not yet valid (nbf) accepted.
pub const NBF: CheckInfo = check(
    "nbf-not-enforced",
    "Token not yet valid (nbf) accepted",
    Medium,
    613,
    &[],
    "reject tokens whose nbf is in the future",
    &["RFC 7519 §4.1.5"],
);
/// Token issued in the future accepted.
pub const IAT: CheckInfo = check(
    "iat-future-accepted",
    "Token issued in the future accepted",
    Low,
    613,
    &[],
    "reject tokens whose iat is in the future beyond a small leeway",
    &["RFC 7519 §4.1.6"],
);
/// Token from another issuer accepted.
pub const ISS: CheckInfo = check(
    "iss-not-enforced",
    "Token from another issuer accepted",
    High,
    345,
    &[],
    "check iss against your issuer, exactly",
    &["RFC 7519 §4.1.1", "RFC 8725 §3.8"],
);
/// Token for another audience accepted.
pub const AUD: CheckInfo = check(
    "aud-not-enforced",
    "Token for another audience accepted",
    High,
    345,
    &[],
    "check aud against this API's identifier",
    &["RFC 7519 §4.1.3", "RFC 8725 §3.9"],
);
/// Token of another type accepted.
pub const TYP: CheckInfo = check(
    "typ-not-enforced",
    "Token of another type accepted",
    Medium,
    345,
    &[],
    "check typ (e.g. at+jwt for access tokens, RFC 9068 §4)",
    &["RFC 9068 §4", "RFC 8725 §3.11"],
);
/// Token without exp accepted.
pub const NO_EXP: CheckInfo = check(
    "exp-not-required",
    "Token without exp accepted",
    Medium,
    613,
    &[],
    "require exp in every token",
    &["RFC 9068 §2.2"],
);

/// Every check of the `probe api` attack matrix, in report order.
pub const API: &[CheckInfo] = &[
    ALG_NONE,
    SIG_STRIPPED,
    SIG_NOT_VERIFIED,
    KEY_CONFUSION,
    EMBEDDED_JWK,
    JKU,
    X5U,
    KID_PATH,
    KID_SQL,
    PSYCHIC,
    CRIT,
    TOKEN_IN_QUERY,
    TOKEN_IN_FORM,
    WEAK_SECRET,
    EXP,
    NBF,
    IAT,
    ISS,
    AUD,
    TYP,
    NO_EXP,
];

/// The claim checks of `probe api`, which need a key the API trusts.
pub const API_CLAIMS: &[CheckInfo] = &[CRIT, EXP, NBF, IAT, ISS, AUD, TYP, NO_EXP];

// ---------------------------------------------------------- probe issuer

/// Authorization request without PKCE accepted.
pub const PKCE_REQUIRED: CheckInfo = check(
    "pkce-not-required",
    "Authorization request without PKCE accepted",
    High,
    345,
    &[],
    "require code_challenge (S256) for public clients (RFC 9700 §2.1.1)",
    &["RFC 9700 §2.1.1", "RFC 7636 §4.4.1"],
);
/// PKCE method plain accepted.
pub const PKCE_PLAIN: CheckInfo = check(
    "pkce-plain-accepted",
    "PKCE method plain accepted",
    Medium,
    327,
    &[],
    "accept only code_challenge_method=S256 (RFC 9700 §2.1.1)",
    &["RFC 9700 §2.1.1", "RFC 7636 §7.2"],
);
/// Unregistered redirect URI accepted.
pub const REDIRECT_EXACT: CheckInfo = check(
    "redirect-uri-not-exact",
    "Unregistered redirect URI accepted",
    High,
    601,
    &[],
    "compare redirect URIs with the registered ones by exact string match (RFC 9700 §4.1.3)",
    &["RFC 9700 §4.1.3"],
);
/// Implicit grant (response_type=token) accepted.
pub const IMPLICIT: CheckInfo = check(
    "implicit-grant-enabled",
    "Implicit grant (response_type=token) accepted",
    Medium,
    1390,
    &[],
    "turn off response_type=token (RFC 9700 §2.1.2)",
    &["RFC 9700 §2.1.2"],
);
/// Password grant enabled.
pub const PASSWORD: CheckInfo = check(
    "password-grant-enabled",
    "Password grant enabled",
    High,
    1390,
    &[],
    "turn off the resource owner password credentials grant (RFC 9700 §2.4)",
    &["RFC 9700 §2.4"],
);
/// No iss parameter in authorization responses.
pub const ISS_PARAM: CheckInfo = check(
    "iss-parameter-missing",
    "No iss parameter in authorization responses",
    Low,
    345,
    &[],
    "send iss in every authorization response (RFC 9207 §2)",
    &["RFC 9207 §2"],
);
/// Token endpoint tells unknown clients too much.
pub const VERBOSE: CheckInfo = check(
    "token-endpoint-verbose",
    "Token endpoint tells unknown clients too much",
    Low,
    204,
    &[],
    "answer every failed client authentication with the same invalid_client error, and no internals",
    &["RFC 6749 §5.2"],
);
/// The metadata names a key set that could not be fetched.
pub const JWKS_UNAVAILABLE: CheckInfo = check(
    "jwks-unavailable",
    "Key set unavailable",
    High,
    347,
    &[],
    "serve the key set at jwks_uri",
    &["OpenID Connect Discovery §3", "RFC 8414 §2"],
);

/// Every active check of `probe issuer`, in report order.
pub const ISSUER: &[CheckInfo] = &[
    PKCE_REQUIRED,
    PKCE_PLAIN,
    REDIRECT_EXACT,
    IMPLICIT,
    PASSWORD,
    ISS_PARAM,
    VERBOSE,
];

// -------------------------------------------------------- probe resource

/// No protected-resource metadata.
pub const RESOURCE_METADATA_MISSING: CheckInfo = check(
    "resource-metadata-missing",
    "No protected-resource metadata (RFC 9728)",
    Medium,
    1059,
    &[],
    "serve RFC 9728 metadata at /.well-known/oauth-protected-resource/<path> and name it in the 401 challenge",
    &["RFC 9728 §3", "MCP Authorization (2025-06-18)"],
);
/// Protected-resource metadata for another resource, or without servers.
pub const RESOURCE_METADATA_MISMATCH: CheckInfo = check(
    "resource-metadata-mismatch",
    "Protected-resource metadata inconsistent with the resource",
    Medium,
    345,
    &[],
    "make resource exactly the URL clients call and list the authorization_servers",
    &["RFC 9728 §3.3", "RFC 9728 §2"],
);
/// The 401 challenge does not name the metadata.
pub const CHALLENGE_NO_METADATA: CheckInfo = check(
    "challenge-without-resource-metadata",
    "401 challenge without resource_metadata",
    Low,
    1059,
    &[],
    "answer 401 with WWW-Authenticate: Bearer resource_metadata=\"<metadata URL>\"",
    &["RFC 9728 §5.1", "RFC 6750 §3"],
);
/// Token for another audience accepted: token passthrough.
pub const TOKEN_PASSTHROUGH: CheckInfo = check(
    "token-passthrough",
    "Token for another resource accepted (token passthrough)",
    High,
    345,
    &[],
    "accept only tokens whose aud names this resource (RFC 8707), never pass a client's token on",
    &[
        "RFC 8707 §2",
        "RFC 9068 §4",
        "MCP Security Best Practices (token passthrough)",
    ],
);
/// Expired token refused without `invalid_token`.
pub const EXPIRED_NOT_INVALID_TOKEN: CheckInfo = check(
    "expired-without-invalid-token",
    "Expired token refused without error=\"invalid_token\"",
    Low,
    755,
    &[],
    "answer an expired token with 401 and WWW-Authenticate: Bearer error=\"invalid_token\"",
    &["RFC 6750 §3.1"],
);
/// Malformed `insufficient_scope` challenge.
pub const SCOPE_CHALLENGE: CheckInfo = check(
    "scope-challenge-malformed",
    "Malformed insufficient_scope challenge",
    Low,
    755,
    &[],
    "answer 403 with WWW-Authenticate: Bearer error=\"insufficient_scope\", scope=\"<needed>\"",
    &["RFC 6750 §3.1", "MCP Authorization (2025-06-18)"],
);
/// CORS allows credentials from any origin.
pub const CORS_ANY_ORIGIN: CheckInfo = check(
    "cors-credentials-any-origin",
    "CORS allows credentials from any origin",
    Medium,
    942,
    &[],
    "never answer Access-Control-Allow-Credentials: true with * or a reflected arbitrary Origin",
    &["Fetch Standard §3.2.5 (CORS protocol)"],
);

/// Every check of `probe resource`, in report order (some are shared with
/// `probe api`).
pub const RESOURCE: &[CheckInfo] = &[
    RESOURCE_METADATA_MISSING,
    RESOURCE_METADATA_MISMATCH,
    CHALLENGE_NO_METADATA,
    TOKEN_PASSTHROUGH,
    ISS,
    EXP,
    EXPIRED_NOT_INVALID_TOKEN,
    TOKEN_IN_QUERY,
    SCOPE_CHALLENGE,
    CORS_ANY_ORIGIN,
];

/// The checks only `probe resource` makes.
pub const RESOURCE_ONLY: &[CheckInfo] = &[
    RESOURCE_METADATA_MISSING,
    RESOURCE_METADATA_MISMATCH,
    CHALLENGE_NO_METADATA,
    TOKEN_PASSTHROUGH,
    EXPIRED_NOT_INVALID_TOKEN,
    SCOPE_CHALLENGE,
    CORS_ANY_ORIGIN,
];

/// The name and CWE under which `probe issuer` reports each metadata and
/// key set lint finding (by the lint's id); the rest come from the lint.
const LINTS: &[(&str, &str, u32)] = &[
    (
        "plain-http-endpoint",
        "Endpoint over plain HTTP (metadata)",
        319,
    ),
    (
        "non-http-endpoint",
        "Endpoint that is not an http(s) URL (metadata)",
        73,
    ),
    (
        "id-token-alg-none",
        "Unsigned ID tokens advertised (metadata)",
        347,
    ),
    ("jwks-uri-missing", "No jwks_uri (metadata)", 347),
    (
        "implicit-grant",
        "Implicit grant advertised (metadata)",
        1390,
    ),
    (
        "password-grant",
        "Password grant advertised (metadata)",
        1390,
    ),
    (
        "pkce-plain-only",
        "Only PKCE plain advertised (metadata)",
        345,
    ),
    (
        "pkce-not-advertised",
        "PKCE S256 not advertised (metadata)",
        345,
    ),
    (
        "iss-parameter-not-supported",
        "RFC 9207 iss not advertised (metadata)",
        345,
    ),
    ("malformed-member", "Malformed metadata member", 20),
    (
        "private-key-published",
        "Private key published (key set)",
        321,
    ),
    (
        "symmetric-key-published",
        "Symmetric key published (key set)",
        321,
    ),
    ("rsa-key-too-small", "RSA key too small (key set)", 326),
    ("certificate-expired", "Expired certificate (key set)", 298),
    (
        "x5c-key-mismatch",
        "Certificate for another key (key set)",
        295,
    ),
];

/// The name and CWE of a metadata or key set lint finding.
pub fn lint(id: &str) -> (&'static str, u32) {
    LINTS
        .iter()
        .find(|(i, _, _)| *i == id)
        .map_or(("Key set problem", 16), |&(_, name, cwe)| (name, cwe))
}

/// Every check in the catalogue (lint findings aside).
pub fn all() -> impl Iterator<Item = &'static CheckInfo> {
    [&NO_TOKEN, &GARBAGE_TOKEN, &JWKS_UNAVAILABLE]
        .into_iter()
        .chain(API)
        .chain(ISSUER)
        .chain(RESOURCE_ONLY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = all().map(|c| c.id).collect();
        ids.extend(LINTS.iter().map(|(id, _, _)| *id));
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        assert!(ids.iter().all(|i| {
            i.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        }));
    }

    #[test]
    fn every_check_has_a_fix_and_a_reference() {
        for c in all() {
            assert!(!c.fix.is_empty(), "{}", c.id);
            assert!(!c.references.is_empty(), "{}", c.id);
        }
    }

    #[test]
    fn claim_checks_are_api_checks() {
        assert!(API_CLAIMS.iter().all(|c| API.contains(c)));
    }

    #[test]
    fn resource_checks_are_catalogued() {
        assert!(RESOURCE.iter().all(|c| all().any(|a| a == c)));
    }

    #[test]
    fn unknown_lints_have_a_generic_name() {
        assert_eq!(lint("rsa-key-too-small").1, 326);
        assert_eq!(lint("something-new"), ("Key set problem", 16));
    }
}
