//! How a client authenticates at the token endpoint (RFC 6749 §2.3,
//! RFC 7523 §2.2 for `private_key_jwt` and `client_secret_jwt`, OIDC Core
//! §9, RFC 8705 §2 for mutual TLS).

use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenResponse,
};
use oauth2::{
    AuthType, ClientId, ClientSecret, EndpointNotSet, EndpointSet, StandardRevocableToken,
    TokenResponse,
};
use serde_json::{Map, Value};

use crate::jwt::encode::{SignAlg, SigningKey, random_id, sign};
use crate::secret::Secret;

/// Lifetime of a client assertion: short, it is used once.
const ASSERTION_TTL: i64 = 60;

/// RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion.
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A client and how it proves who it is.
#[derive(Debug)]
pub enum ClientAuth {
    /// A public client: only `client_id`.
    None {
        /// Client ID.
        client_id: String,
    },
    /// `client_secret_basic`: HTTP Basic with the form-encoded ID and secret.
    SecretBasic {
        /// Client ID.
        client_id: String,
        /// Client secret.
        secret: Secret<String>,
    },
    /// `client_secret_post`: ID and secret in the form body.
    SecretPost {
        /// Client ID.
        client_id: String,
        /// Client secret.
        secret: Secret<String>,
    },
    /// `private_key_jwt`: a signed assertion (RFC 7523).
    PrivateKeyJwt {
        /// Client ID.
        client_id: String,
        /// The client's private key.
        key: Box<SigningKey>,
    },
    /// `client_secret_jwt` (OIDC Core §9, RFC 7523 §2.2): an assertion
    /// signed with HMAC SHA-256 (`HS256`), the client secret as the key.
    ///
    /// Its `aud` is the issuer identifier when the client knows it, else
    /// the endpoint the request goes to. The issuer is what RFC 7523bis
    /// (draft-ietf-oauth-rfc7523bis) requires of new clients, to close the
    /// audience-injection attack it describes (an assertion addressed to an
    /// endpoint URL that another server's metadata can name), and it is
    /// one value that every endpoint of a server accepts (oidc-provider
    /// takes the issuer, its token endpoint or the endpoint called).
    SecretJwt {
        /// Client ID.
        client_id: String,
        /// Client secret: the HMAC key.
        secret: Secret<String>,
        /// The issuer identifier: the assertion's `aud` (see above).
        issuer: Option<String>,
    },
    /// `tls_client_auth` (RFC 8705 §2.1): the TLS client certificate
    /// authenticates (the HTTP client presents it); the body names the
    /// client.
    TlsClientAuth {
        /// Client ID.
        client_id: String,
    },
    /// A client assertion minted elsewhere (`--client-assertion SRC`):
    /// workload identity federation, where a CI job's OIDC token is the
    /// `client_assertion` (RFC 7521 §4.2, RFC 7523 §2.2) and no secret is
    /// stored. The same assertion goes with every request of the command,
    /// the one retry after a 429 or 503 included: the server that answered
    /// so did not accept it, and the source may not be readable twice
    /// (stdin) or may cost a request to the CI runner each time.
    Assertion {
        /// Client ID (`--client-id`, else the assertion's `sub`).
        client_id: String,
        /// The assertion.
        assertion: Secret<String>,
    },
    /// `self_signed_tls_client_auth` (RFC 8705 §2.2): a self-signed
    /// certificate, registered by its public key (the client's `jwks`),
    /// presented in the TLS handshake; the body names the client.
    SelfSignedTlsClientAuth {
        /// Client ID.
        client_id: String,
    },
}

/// An `oauth2` client with a token endpoint set, whose token responses
/// are `TR`.
pub type Client<TR> = oauth2::Client<
    BasicErrorResponse,
    TR,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// An `oauth2` client with a token endpoint set.
pub type TokenClient = Client<BasicTokenResponse>;

impl ClientAuth {
    /// The client ID.
    pub fn client_id(&self) -> &str {
        match self {
            ClientAuth::None { client_id }
            | ClientAuth::SecretBasic { client_id, .. }
            | ClientAuth::SecretPost { client_id, .. }
            | ClientAuth::PrivateKeyJwt { client_id, .. }
            | ClientAuth::SecretJwt { client_id, .. }
            | ClientAuth::Assertion { client_id, .. }
            | ClientAuth::TlsClientAuth { client_id }
            | ClientAuth::SelfSignedTlsClientAuth { client_id } => client_id,
        }
    }

    /// The method's registered name (RFC 7591 §2).
    pub fn method(&self) -> &'static str {
        match self {
            ClientAuth::None { .. } => "none",
            ClientAuth::SecretBasic { .. } => "client_secret_basic",
            ClientAuth::SecretPost { .. } => "client_secret_post",
            ClientAuth::PrivateKeyJwt { .. } => "private_key_jwt",
            ClientAuth::SecretJwt { .. } => "client_secret_jwt",
            // The server sees a JWT assertion signed with a key it trusts
            // for this client: the registered name for that.
            ClientAuth::Assertion { .. } => "private_key_jwt",
            ClientAuth::TlsClientAuth { .. } => "tls_client_auth",
            ClientAuth::SelfSignedTlsClientAuth { .. } => "self_signed_tls_client_auth",
        }
    }

    /// Whether the client authenticates with its TLS certificate (RFC 8705
    /// §2), which the HTTP client then presents in every handshake.
    pub fn is_mtls(&self) -> bool {
        matches!(
            self,
            ClientAuth::TlsClientAuth { .. } | ClientAuth::SelfSignedTlsClientAuth { .. }
        )
    }

    /// The same client, its `client_secret_jwt` assertions addressed to
    /// `issuer` (see [`ClientAuth::SecretJwt`]); other methods unchanged.
    pub fn with_issuer(mut self, issuer: Option<&str>) -> ClientAuth {
        if let ClientAuth::SecretJwt { issuer: aud, .. } = &mut self
            && let Some(i) = issuer
        {
            *aud = Some(i.to_owned());
        }
        self
    }

    /// An `oauth2` client for this token endpoint, authenticating this way.
    pub fn client(&self, token_url: oauth2::TokenUrl) -> TokenClient {
        self.client_for(token_url)
    }

    /// The same, for a grant whose token responses are `TR` (an OpenID
    /// Connect response with an `id_token`, for example).
    pub fn client_for<TR: TokenResponse>(&self, token_url: oauth2::TokenUrl) -> Client<TR> {
        let base = oauth2::Client::<
            BasicErrorResponse,
            TR,
            BasicTokenIntrospectionResponse,
            StandardRevocableToken,
            BasicRevocationErrorResponse,
        >::new(ClientId::new(self.client_id().to_owned()))
        .set_token_uri(token_url);
        match self {
            ClientAuth::SecretBasic { secret, .. } => base
                .set_client_secret(ClientSecret::new(secret.expose().clone()))
                .set_auth_type(AuthType::BasicAuth),
            ClientAuth::SecretPost { secret, .. } => base
                .set_client_secret(ClientSecret::new(secret.expose().clone()))
                .set_auth_type(AuthType::RequestBody),
            // Without a secret, RequestBody sends only client_id; the
            // assertion, if any, is added by `extra_params`.
            ClientAuth::None { .. }
            | ClientAuth::PrivateKeyJwt { .. }
            | ClientAuth::SecretJwt { .. }
            | ClientAuth::Assertion { .. }
            | ClientAuth::TlsClientAuth { .. }
            | ClientAuth::SelfSignedTlsClientAuth { .. } => {
                base.set_auth_type(AuthType::RequestBody)
            }
        }
    }

    /// A fresh RFC 7523 client assertion for a request to `endpoint`
    /// (`private_key_jwt`, `client_secret_jwt`), or the given one
    /// ([`ClientAuth::Assertion`]); `None` for the other methods. Each call
    /// makes a new `jti` for the assertions oauthctl signs: an assertion is
    /// good for one request.
    pub fn client_assertion(&self, endpoint: &str, now: i64) -> Result<Option<String>, String> {
        match self {
            ClientAuth::PrivateKeyJwt { client_id, key } => {
                assertion(client_id, key, endpoint, now).map(Some)
            }
            ClientAuth::SecretJwt {
                client_id,
                secret,
                issuer,
            } => {
                let key = SigningKey::hmac(secret.expose().as_bytes());
                let aud = issuer.as_deref().unwrap_or(endpoint);
                assertion(client_id, &key, aud, now).map(Some)
            }
            ClientAuth::Assertion { assertion, .. } => Ok(Some(assertion.expose().clone())),
            _ => Ok(None),
        }
    }

    /// Extra form parameters: the RFC 7523 client assertion for
    /// `private_key_jwt`, `client_secret_jwt` and a given assertion,
    /// nothing otherwise.
    pub fn extra_params(
        &self,
        token_endpoint: &str,
        now: i64,
    ) -> Result<Vec<(String, String)>, String> {
        let Some(jwt) = self.client_assertion(token_endpoint, now)? else {
            return Ok(Vec::new());
        };
        Ok(vec![
            ("client_assertion_type".into(), ASSERTION_TYPE.into()),
            ("client_assertion".into(), jwt),
        ])
    }

    /// `req` with a fresh client assertion in place of the one it carries
    /// (a poll, a retry: a `jti` is used once, RFC 7523 §3); `req` itself
    /// when the client sends no assertion.
    pub fn renew_assertion(
        &self,
        endpoint: &str,
        now: i64,
        req: oauth2::HttpRequest,
    ) -> Result<oauth2::HttpRequest, String> {
        match self.renew_form(endpoint, now, req.body())? {
            None => Ok(req),
            Some(body) => {
                let (parts, _) = req.into_parts();
                Ok(oauth2::http::Request::from_parts(parts, body))
            }
        }
    }

    /// What [`super::exchange::send_renewing`] takes for requests to
    /// `endpoint`: the body with a fresh assertion at the clock's time.
    pub fn renewal<'a>(
        &'a self,
        endpoint: &'a str,
        clock: &'a dyn crate::clock::Clock,
    ) -> impl Fn(&[u8]) -> crate::error::Result<Option<Vec<u8>>> + 'a {
        move |body| {
            self.renew_form(endpoint, clock.now(), body)
                .map_err(|e| crate::error::Error::input("signing the client assertion", e))
        }
    }

    /// A form body with a fresh client assertion in place of the one it
    /// carries; `None` when the client sends no assertion or the body
    /// carries none.
    pub fn renew_form(
        &self,
        endpoint: &str,
        now: i64,
        body: &[u8],
    ) -> Result<Option<Vec<u8>>, String> {
        let form: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
        if !form.iter().any(|(k, _)| k == "client_assertion") {
            return Ok(None);
        }
        let Some(fresh) = self.client_assertion(endpoint, now)? else {
            return Ok(None);
        };
        let form = form.into_iter().map(|(k, v)| {
            if k == "client_assertion" {
                (k, fresh.clone())
            } else {
                (k, v)
            }
        });
        Ok(Some(
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(form)
                .finish()
                .into_bytes(),
        ))
    }
}

impl ClientAuth {
    /// The client's authentication for a request the `oauth2` crate does
    /// not make (it refuses plain-http revocation endpoints, which a
    /// loopback development provider has): headers and form parameters,
    /// exactly as the crate sends them for the token endpoint.
    pub fn request_auth(&self, endpoint: &str, now: i64) -> Result<RequestAuth, String> {
        let id = self.client_id().to_owned();
        let (headers, form) = match self {
            ClientAuth::SecretBasic { secret, .. } => {
                // RFC 6749 §2.3.1: each part form-encoded, then Basic.
                let enc = |s: &str| {
                    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()
                };
                let pair = format!("{}:{}", enc(&id), enc(secret.expose()));
                use base64::Engine;
                let b64 = base64::engine::general_purpose::STANDARD.encode(pair);
                (
                    vec![("Authorization".into(), format!("Basic {b64}"))],
                    vec![],
                )
            }
            ClientAuth::SecretPost { secret, .. } => (
                vec![],
                vec![
                    ("client_id".into(), id),
                    ("client_secret".into(), secret.expose().clone()),
                ],
            ),
            ClientAuth::PrivateKeyJwt { .. }
            | ClientAuth::SecretJwt { .. }
            | ClientAuth::Assertion { .. } => {
                let mut form = vec![("client_id".into(), id)];
                form.extend(self.extra_params(endpoint, now)?);
                (vec![], form)
            }
            ClientAuth::None { .. }
            | ClientAuth::TlsClientAuth { .. }
            | ClientAuth::SelfSignedTlsClientAuth { .. } => {
                (vec![], vec![("client_id".into(), id)])
            }
        };
        Ok(RequestAuth { headers, form })
    }
}

/// How a request authenticates the client: headers and form parameters.
#[derive(Debug, Default)]
pub struct RequestAuth {
    /// Headers (`Authorization: Basic …`).
    pub headers: Vec<(String, String)>,
    /// Form parameters (`client_id`, `client_secret`, an assertion).
    pub form: Vec<(String, String)>,
}

/// RFC 7523 §3: `iss` = `sub` = the client ID, `aud` = `audience` (the
/// endpoint, or the issuer for `client_secret_jwt`), a unique `jti`, a
/// short `exp`. Signed with `key`'s default algorithm (HS256 for an HMAC
/// secret).
pub fn assertion(
    client_id: &str,
    key: &SigningKey,
    audience: &str,
    now: i64,
) -> Result<String, String> {
    let mut claims = Map::new();
    claims.insert("iss".into(), client_id.into());
    claims.insert("sub".into(), client_id.into());
    claims.insert("aud".into(), audience.into());
    claims.insert("jti".into(), random_id().into());
    claims.insert("iat".into(), now.into());
    claims.insert("exp".into(), (now + ASSERTION_TTL).into());
    let mut header = Map::new();
    header.insert("typ".into(), Value::from("JWT"));
    if let Some(kid) = key.public.as_ref().and_then(|p| p.kid.clone()) {
        header.insert("kid".into(), kid.into());
    }
    sign(SignAlg::Alg(key.default_alg()), &header, &claims, Some(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::validate::{Options, check};
    use crate::jwt::verify::KeyRing;

    #[test]
    fn a_given_assertion_is_sent_as_is_with_the_client_id() {
        let auth = ClientAuth::Assertion {
            client_id: "app-1".into(),
            assertion: Secret::new("ci.job.token".into()),
        };
        assert_eq!(auth.method(), "private_key_jwt");
        let form = auth.extra_params("https://as.example/token", 0).unwrap();
        assert_eq!(
            form,
            vec![
                (
                    "client_assertion_type".to_owned(),
                    ASSERTION_TYPE.to_owned()
                ),
                ("client_assertion".to_owned(), "ci.job.token".to_owned()),
            ]
        );
        let req = auth.request_auth("https://as.example/revoke", 0).unwrap();
        assert!(req.headers.is_empty());
        assert_eq!(req.form[0], ("client_id".into(), "app-1".into()));
        assert!(
            req.form
                .contains(&("client_assertion".into(), "ci.job.token".into()))
        );
        // The retry after a 429/503 sends the same assertion (it was not
        // accepted, and the source may not be readable twice).
        let body = b"grant_type=client_credentials&client_assertion=ci.job.token";
        let again = auth
            .renew_form("https://as.example/token", 99, body)
            .unwrap();
        assert_eq!(again.as_deref(), Some(&body[..]));
        assert!(!format!("{auth:?}").contains("ci.job.token"));
    }

    #[test]
    fn the_assertion_follows_rfc7523() {
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
        let key = crate::jwt::encode::load_private(&path).unwrap();
        let public = key.public.clone().unwrap();
        let t = assertion("svc", &key, "https://as.example/token", 1_700_000_000).unwrap();
        let opts = Options {
            now: 1_700_000_010,
            issuer: Some("svc".into()),
            audiences: vec!["https://as.example/token".into()],
            required: vec!["sub".into(), "jti".into()],
            claims: vec![("sub".into(), "svc".into())],
            ..Options::default()
        };
        let r = check(&t, &opts, &KeyRing::new(vec![public]));
        assert!(r.valid, "{:#?}", r.checks);
        assert_eq!(r.claims["exp"], 1_700_000_060);
    }
}
