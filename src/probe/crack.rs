//! The offline weak-secret search for HMAC-signed tokens: a built-in list
//! of secrets seen in tutorials, defaults and leaks, then `--wordlist`,
//! each tried against the token's own signature. Nothing is sent.

use aws_lc_rs::hmac;
use rayon::prelude::*;

use crate::jwt::{Alg, Jws};

/// Secrets found in documentation, framework defaults and public code.
pub const BUILT_IN: &[&str] = &[
    "secret",
    "Secret",
    "SECRET",
    "secretkey",
    "secret_key",
    "secret-key",
    "secretKey",
    "SECRET_KEY",
    "mysecret",
    "my_secret",
    "my-secret",
    "mysecretkey",
    "my_secret_key",
    "my-secret-key",
    "your-256-bit-secret",
    "your-384-bit-secret",
    "your-512-bit-secret",
    "your_jwt_secret",
    "your-jwt-secret",
    "yoursecret",
    "your-secret",
    "your_secret",
    "your-secret-key",
    "jwt",
    "JWT",
    "jwtsecret",
    "jwt_secret",
    "jwt-secret",
    "jwtSecret",
    "JWT_SECRET",
    "jwt-key",
    "jwtkey",
    "jwt_key",
    "jwtSecretKey",
    "token",
    "tokensecret",
    "token_secret",
    "key",
    "Key",
    "KEY",
    "private",
    "privatekey",
    "private_key",
    "password",
    "Password",
    "password1",
    "Password1",
    "passw0rd",
    "p@ssw0rd",
    "P@ssw0rd",
    "pass",
    "admin",
    "administrator",
    "root",
    "test",
    "test123",
    "testing",
    "changeme",
    "changeit",
    "change_me",
    "change-me",
    "changethis",
    "CHANGE_ME",
    "default",
    "default_secret",
    "dev",
    "development",
    "devsecret",
    "prod",
    "production",
    "example",
    "demo",
    "qwerty",
    "qwertyuiop",
    "letmein",
    "welcome",
    "hello",
    "helloworld",
    "hello-world",
    "abc123",
    "abcdef",
    "abcdefg",
    "abcdefgh",
    "12345",
    "123456",
    "1234567",
    "12345678",
    "123456789",
    "1234567890",
    "0123456789",
    "000000",
    "111111",
    "654321",
    "s3cr3t",
    "S3cr3t",
    "supersecret",
    "super_secret",
    "super-secret",
    "supersecretkey",
    "super-secret-key",
    "topsecret",
    "top_secret",
    "shhhhh",
    "shhhhhared-secret",
    "keyboard cat",
    "secret123",
    "secret1234",
    "Secret123",
    "secretpassword",
    "verysecret",
    "very_secret",
    "notsosecret",
    "notasecret",
    "not-a-secret",
    "insecure",
    "unsafe",
    "auth",
    "authsecret",
    "auth_secret",
    "auth-secret",
    "api",
    "apikey",
    "api_key",
    "api-key",
    "apisecret",
    "api_secret",
    "app",
    "appsecret",
    "app_secret",
    "app-secret",
    "application",
    "server",
    "serversecret",
    "session",
    "sessionsecret",
    "session_secret",
    "signing",
    "signingkey",
    "signing_key",
    "signing-key",
    "hmac",
    "hmacsecret",
    "hmac_secret",
    "hs256",
    "HS256",
    "node",
    "nodejs",
    "express",
    "django",
    "flask",
    "rails",
    "laravel",
    "spring",
    "java",
    "python",
    "golang",
    "rust",
    "oauth",
    "oauth2",
    "openid",
    "user",
    "username",
    "login",
    "guest",
    "master",
    "access",
    "accesstoken",
    "access_token",
    "refresh",
    "gizmo",
    "foobar",
    "foo",
    "bar",
    "baz",
    "a",
    "x",
    "1",
    "0",
    "",
];

/// Where a cracked secret came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The built-in list.
    BuiltIn,
    /// `--wordlist`, at this line (1-based).
    Wordlist(usize),
}

/// A secret that reproduces the token's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cracked {
    /// The secret (a secret: show it only redacted).
    pub secret: crate::secret::Secret<Vec<u8>>,
    /// Where it came from.
    pub source: Source,
    /// How many candidates were tried.
    pub tried: usize,
}

fn hmac_alg(alg: Alg) -> Option<hmac::Algorithm> {
    match alg {
        Alg::HS256 => Some(hmac::HMAC_SHA256),
        Alg::HS384 => Some(hmac::HMAC_SHA384),
        Alg::HS512 => Some(hmac::HMAC_SHA512),
        _ => None,
    }
}

fn matches(alg: hmac::Algorithm, jws: &Jws, candidate: &[u8]) -> bool {
    let key = hmac::Key::new(alg, candidate);
    hmac::verify(&key, jws.signing_input.as_bytes(), &jws.signature).is_ok()
}

/// Search the built-in list, then the wordlist's lines (without their line
/// ends), for the token's HMAC secret. `None` when the token is not HMAC
/// or nothing matched; `tried` is returned either way.
pub fn search(jws: &Jws, wordlist: Option<&[u8]>) -> (Option<Cracked>, usize) {
    let Some(alg) = jws.alg().and_then(Alg::from_name).and_then(hmac_alg) else {
        return (None, 0);
    };
    let mut tried = BUILT_IN.len();
    if let Some(s) = BUILT_IN.iter().find(|s| matches(alg, jws, s.as_bytes())) {
        let c = Cracked {
            secret: crate::secret::Secret::new(s.as_bytes().to_vec()),
            source: Source::BuiltIn,
            tried,
        };
        return (Some(c), tried);
    }
    let Some(list) = wordlist else {
        return (None, tried);
    };
    let lines: Vec<&[u8]> = list
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .collect();
    // A trailing newline makes an empty last "line" that is not a candidate.
    let count = if list.ends_with(b"\n") {
        lines.len() - 1
    } else {
        lines.len()
    };
    tried += count;
    let hit = lines[..count]
        .par_iter()
        .position_first(|l| matches(alg, jws, l));
    let cracked = hit.map(|i| Cracked {
        secret: crate::secret::Secret::new(lines[i].to_vec()),
        source: Source::Wordlist(i + 1),
        tried,
    });
    (cracked, tried)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::encode::{SignAlg, SigningKey, sign};
    use serde_json::{Map, json};

    fn token(secret: &[u8], alg: Alg) -> Jws {
        let claims = json!({"sub":"a"}).as_object().cloned().unwrap();
        let t = sign(
            SignAlg::Alg(alg),
            &Map::new(),
            &claims,
            Some(&SigningKey::hmac(secret)),
        )
        .unwrap();
        match crate::jwt::parse(&t).unwrap() {
            crate::jwt::Parsed::Jws(j) => j,
            _ => unreachable!(),
        }
    }

    #[test]
    fn finds_built_in_and_wordlist_secrets() {
        let (c, _) = search(&token(b"your-256-bit-secret", Alg::HS256), None);
        assert_eq!(c.unwrap().source, Source::BuiltIn);
        let (c, tried) = search(
            &token(b"hunter2", Alg::HS512),
            Some(b"alpha\r\nhunter2\nomega\n"),
        );
        let c = c.unwrap();
        assert_eq!(c.source, Source::Wordlist(2));
        assert_eq!(c.secret.expose(), b"hunter2");
        assert_eq!(tried, BUILT_IN.len() + 3);
        let (c, _) = search(
            &token(b"a-long-random-secret-nobody-guesses", Alg::HS256),
            None,
        );
        assert!(c.is_none());
    }
}
