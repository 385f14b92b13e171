//! How a client authenticates at the token endpoint (RFC 6749 §2.3,
//! RFC 7523 §2.2 for `private_key_jwt`).

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

/// Lifetime of a `private_key_jwt` assertion: short, it is used once.
const ASSERTION_TTL: i64 = 60;

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
    /// `tls_client_auth` (RFC 8705 §2.1): the TLS client certificate
    /// authenticates (the HTTP client presents it); the body names the
    /// client.
    TlsClientAuth {
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
            | ClientAuth::TlsClientAuth { client_id } => client_id,
        }
    }

    /// The method's registered name (RFC 7591 §2).
    pub fn method(&self) -> &'static str {
        match self {
            ClientAuth::None { .. } => "none",
            ClientAuth::SecretBasic { .. } => "client_secret_basic",
            ClientAuth::SecretPost { .. } => "client_secret_post",
            ClientAuth::PrivateKeyJwt { .. } => "private_key_jwt",
            ClientAuth::TlsClientAuth { .. } => "tls_client_auth",
        }
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
            | ClientAuth::TlsClientAuth { .. } => base.set_auth_type(AuthType::RequestBody),
        }
    }

    /// Extra form parameters: the RFC 7523 client assertion for
    /// `private_key_jwt`, nothing otherwise.
    pub fn extra_params(
        &self,
        token_endpoint: &str,
        now: i64,
    ) -> Result<Vec<(String, String)>, String> {
        let ClientAuth::PrivateKeyJwt { client_id, key } = self else {
            return Ok(Vec::new());
        };
        Ok(vec![
            (
                "client_assertion_type".into(),
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into(),
            ),
            (
                "client_assertion".into(),
                assertion(client_id, key, token_endpoint, now)?,
            ),
        ])
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
            ClientAuth::PrivateKeyJwt { .. } => {
                let mut form = vec![("client_id".into(), id)];
                form.extend(self.extra_params(endpoint, now)?);
                (vec![], form)
            }
            ClientAuth::None { .. } | ClientAuth::TlsClientAuth { .. } => {
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

/// RFC 7523 §3: `iss` = `sub` = the client ID, `aud` = the token endpoint,
/// a unique `jti`, a short `exp`.
pub fn assertion(
    client_id: &str,
    key: &SigningKey,
    token_endpoint: &str,
    now: i64,
) -> Result<String, String> {
    let mut claims = Map::new();
    claims.insert("iss".into(), client_id.into());
    claims.insert("sub".into(), client_id.into());
    claims.insert("aud".into(), token_endpoint.into());
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
