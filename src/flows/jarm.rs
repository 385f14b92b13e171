//! JWT-secured authorization responses (JARM, OpenID Financial-grade API:
//! JWT Secured Authorization Response Mode): the server wraps the
//! authorization response (`code`, `state`, or `error`) in a JWT it signs,
//! sent as the one parameter `response`.
//!
//! The JWT is validated with the one engine ([`crate::jwt::validate`]):
//! the signature with the issuer's current keys (`jwks_uri`), `iss` = the
//! issuer, `aud` = the client ID, `exp` (JARM §4.4). Only then are its
//! claims treated as the callback's parameters, and the checks of a plain
//! callback (`state`, RFC 9207 `iss`, `error`) apply to them. A response
//! that fails any check stops the login: its code is never sent to the
//! token endpoint.
//!
//! Encrypted responses (a JWE, five parts) are not supported: oauthctl has
//! no decryption key for them.

use serde_json::Value;

use super::oidc::Issuer;
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::jwt::validate::{Options, Status, check};
use crate::jwt::verify::KeyRing;

/// Leeway for `exp` and `iat`, as for ID tokens.
const LEEWAY: i64 = 60;

/// A JWT response mode (JARM §2.3). `fragment.jwt` is not among them: a
/// fragment never reaches a loopback server, as the browser keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMode {
    /// `jwt`: the default for the response type (`query.jwt` for `code`).
    Jwt,
    /// `query.jwt`: `response` in the redirect URI's query.
    QueryJwt,
    /// `form_post.jwt`: `response` in a form the browser POSTs.
    FormPostJwt,
}

impl ResponseMode {
    /// The mode for its name; `fragment.jwt` and anything else are refused
    /// with the reason.
    pub fn from_name(name: &str) -> std::result::Result<ResponseMode, String> {
        match name {
            "jwt" => Ok(ResponseMode::Jwt),
            "query.jwt" => Ok(ResponseMode::QueryJwt),
            "form_post.jwt" => Ok(ResponseMode::FormPostJwt),
            "fragment.jwt" => Err(
                "fragment.jwt cannot be used: the browser keeps a URL's fragment to itself, so it \
                 never reaches oauthctl's loopback listener; use jwt, query.jwt or form_post.jwt"
                    .into(),
            ),
            other => Err(format!(
                "'{other}' is not a JWT response mode oauthctl supports (jwt, query.jwt, \
                 form_post.jwt)"
            )),
        }
    }

    /// The `response_mode` parameter's value.
    pub fn name(self) -> &'static str {
        match self {
            ResponseMode::Jwt => "jwt",
            ResponseMode::QueryJwt => "query.jwt",
            ResponseMode::FormPostJwt => "form_post.jwt",
        }
    }

    /// Whether the response comes as a POSTed form (else a GET's query).
    pub fn posts(self) -> bool {
        self == ResponseMode::FormPostJwt
    }
}

/// The `state` claim of a `response` JWT, unverified: only to tell this
/// login's callback from a stray one while waiting (the full validation
/// follows, in [`open`]).
pub fn unverified_state(response: &str) -> Option<String> {
    match crate::jwt::parse(response).ok()? {
        crate::jwt::Parsed::Jws(jws) => jws
            .claims
            .ok()?
            .get("state")
            .and_then(Value::as_str)
            .map(str::to_owned),
        crate::jwt::Parsed::Jwe { .. } => None,
    }
}

/// The callback's parameters from a JWT response: the `response` JWT,
/// validated, its claims as parameters. A callback with no `response`
/// but an `error` (a server that could not make a JWT) is passed on as it
/// is, for the plain checks to report; one with a `code` and no
/// `response` is refused (a downgrade of the asked-for mode).
pub fn open(
    http: &HttpClient,
    clock: &dyn Clock,
    issuer: &Issuer,
    client_id: &str,
    params: &[(String, String)],
) -> Result<Vec<(String, String)>> {
    let Some(response) = params
        .iter()
        .find(|(k, _)| k == "response")
        .map(|(_, v)| v.as_str())
    else {
        if params.iter().any(|(k, _)| k == "error") && !params.iter().any(|(k, _)| k == "code") {
            return Ok(params.to_vec());
        }
        return Err(Error::CheckFailed(
            "the authorization response is not a JWT (no response parameter), though a JWT \
             response mode was asked for (JARM); the code was not used"
                .into(),
        ));
    };
    let claims = validate(http, clock, issuer, client_id, response)?;
    Ok(claims
        .into_iter()
        .map(|(k, v)| match v {
            Value::String(s) => (k, s),
            other => (k, other.to_string()),
        })
        .collect())
}

/// Validate a `response` JWT (JARM §4.4) and return its claims.
pub fn validate(
    http: &HttpClient,
    clock: &dyn Clock,
    issuer: &Issuer,
    client_id: &str,
    response: &str,
) -> Result<serde_json::Map<String, Value>> {
    if response.split('.').count() == 5 {
        return Err(Error::CheckFailed(format!(
            "the JWT authorization response from {} is encrypted (a JWE), which oauthctl does not \
             support; register the client without authorization_encrypted_response_alg. The \
             code was not used",
            issuer.issuer
        )));
    }
    let jwks_uri = issuer
        .jwks_uri
        .as_deref()
        .ok_or_else(|| Error::BadResponse {
            what: "validating the JWT authorization response from".into(),
            url: issuer.issuer.clone(),
            detail: "the issuer's metadata has no jwks_uri, so the response's signature cannot be \
                 checked"
                .into(),
        })?;
    let keys = crate::provider::jwks::fetch(http, jwks_uri)?.keys;
    let report = check(
        response,
        &options(issuer, client_id, clock.now()),
        &KeyRing::new(keys),
    );
    if !report.valid {
        let failed: Vec<String> = report
            .with_status(Status::Failed)
            .map(|c| format!("{}: {}", c.name, c.detail))
            .collect();
        return Err(Error::CheckFailed(format!(
            "the JWT authorization response from {} failed validation (JARM §4.4), so its code \
             was not used: {}",
            issuer.issuer,
            failed.join("; ")
        )));
    }
    match report.claims {
        Value::Object(claims) => Ok(claims),
        _ => Err(Error::CheckFailed(
            "the JWT authorization response has no claims object; the code was not used".into(),
        )),
    }
}

/// What the engine checks in a JARM response.
fn options(issuer: &Issuer, client_id: &str, now: i64) -> Options {
    Options {
        now,
        leeway: LEEWAY,
        issuer: Some(issuer.issuer.clone()),
        audiences: vec![client_id.to_owned()],
        // JARM §4.1: iss, aud and exp are always there.
        required: ["iss", "aud", "exp"].map(String::from).to_vec(),
        ..Options::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::encode::{SignAlg, sign};

    fn new_key() -> (crate::jwt::encode::SigningKey, tempfile::TempDir) {
        let rng = aws_lc_rs::rand::SystemRandom::new();
        let pkcs8 = aws_lc_rs::signature::EcdsaKeyPair::generate_pkcs8(
            &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            &rng,
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.pem");
        std::fs::write(
            &path,
            crate::jwt::der::to_pem("PRIVATE KEY", pkcs8.as_ref()),
        )
        .unwrap();
        (crate::jwt::encode::load_private(&path).unwrap(), dir)
    }

    fn issuer() -> Issuer {
        Issuer {
            issuer: "https://as.example".into(),
            authorization_endpoint: Some("https://as.example/authorize".into()),
            token_endpoint: "https://as.example/token".into(),
            device_authorization_endpoint: None,
            jwks_uri: Some("https://as.example/jwks".into()),
            iss_parameter_supported: false,
        }
    }

    fn response(key: &crate::jwt::encode::SigningKey, claims: Value) -> String {
        let Value::Object(claims) = claims else {
            unreachable!()
        };
        sign(
            SignAlg::Alg(key.default_alg()),
            &serde_json::Map::new(),
            &claims,
            Some(key),
        )
        .unwrap()
    }

    #[test]
    fn modes_by_name_and_fragment_is_refused() {
        assert_eq!(ResponseMode::from_name("jwt"), Ok(ResponseMode::Jwt));
        assert_eq!(
            ResponseMode::from_name("form_post.jwt").map(ResponseMode::posts),
            Ok(true)
        );
        assert!(
            ResponseMode::from_name("fragment.jwt")
                .unwrap_err()
                .contains("loopback")
        );
        assert!(ResponseMode::from_name("query").is_err());
    }

    #[test]
    fn each_check_is_named_when_it_fails() {
        let (signer, _dir) = new_key();
        let key = &signer;
        let ring = KeyRing::new(vec![key.public.clone().unwrap()]);
        let now = 1_700_000_000;
        let good = serde_json::json!({
            "iss": "https://as.example", "aud": "cli", "exp": now + 60,
            "code": "c", "state": "s",
        });
        let opts = options(&issuer(), "cli", now);
        assert!(check(&response(key, good.clone()), &opts, &ring).valid);
        for (change, name) in [
            (("iss", serde_json::json!("https://evil.example")), "iss"),
            (("aud", serde_json::json!("other")), "aud"),
            (("exp", serde_json::json!(now - 3600)), "exp"),
        ] {
            let mut claims = good.clone();
            claims[change.0] = change.1;
            let r = check(&response(key, claims), &opts, &ring);
            assert!(!r.valid);
            assert!(
                r.with_status(Status::Failed).any(|c| c.name == name),
                "{name}: {:#?}",
                r.checks
            );
        }
        let (other, _d) = new_key();
        let r = check(&response(&other, good), &opts, &ring);
        assert!(
            r.with_status(Status::Failed)
                .any(|c| c.name == "signature" || c.name == "key")
        );
        assert_eq!(
            unverified_state(&response(key, serde_json::json!({"state": "s"}))).as_deref(),
            Some("s")
        );
    }

    #[test]
    fn a_plain_code_is_a_downgrade_and_refused() {
        let http = HttpClient::new(crate::http::HttpSettings::default(), None);
        let clock = crate::clock::FixedClock(0);
        let params = vec![
            ("code".to_owned(), "c".to_owned()),
            ("state".to_owned(), "s".to_owned()),
        ];
        let e = open(&http, &clock, &issuer(), "cli", &params).unwrap_err();
        assert_eq!(e.exit_status().code(), 1, "{e}");
        let error = vec![
            ("error".to_owned(), "access_denied".to_owned()),
            ("state".to_owned(), "s".to_owned()),
        ];
        assert_eq!(
            open(&http, &clock, &issuer(), "cli", &error).unwrap(),
            error
        );
        let jwe = vec![("response".to_owned(), "a.b.c.d.e".to_owned())];
        let e = open(&http, &clock, &issuer(), "cli", &jwe).unwrap_err();
        assert!(e.to_string().contains("encrypted"), "{e}");
    }
}
