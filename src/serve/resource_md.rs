//! The demo API as an RFC 9728 protected resource: its metadata at
//! `/.well-known/oauth-protected-resource/api/whoami` (the well-known
//! segment inserted between the host and the resource's path, RFC 9728
//! §3.1), and `resource_metadata="…"` added to every challenge its 401s
//! carry (RFC 9728 §5.1), Bearer and DPoP alike.
//!
//! The resource identifier is the API's URL, `ISSUER/api/whoami`; a token
//! asked for with `resource=` that URL (RFC 8707) has it as `aud`, and the
//! API accepts that audience as well as the provider's default one
//! (`demo_api`), and no other.

use serde_json::{Value, json};

use super::Provider;
use super::wire::Resp;

/// The demo API's path.
pub const DEMO_PATH: &str = "/api/whoami";

impl Provider {
    /// The demo API's resource identifier: its URL.
    pub fn demo_resource(&self) -> String {
        self.url(DEMO_PATH)
    }

    /// The URL of the demo API's protected-resource metadata.
    pub fn demo_resource_metadata_url(&self) -> String {
        crate::provider::resource::well_known_url(&self.demo_resource()).unwrap_or_else(|_| {
            self.url(&format!(
                "{}{DEMO_PATH}",
                crate::provider::resource::WELL_KNOWN
            ))
        })
    }

    /// Whether `path` is the demo API's metadata path.
    pub(super) fn is_demo_metadata_path(&self, path: &str) -> bool {
        self.demo_api.is_some()
            && url::Url::parse(&self.demo_resource_metadata_url()).is_ok_and(|u| u.path() == path)
    }

    /// The demo API's protected-resource metadata (RFC 9728 §2).
    pub fn demo_resource_metadata(&self) -> Value {
        json!({
            "resource": self.demo_resource(),
            "authorization_servers": [self.issuer],
            "scopes_supported": self.scopes,
            "bearer_methods_supported": ["header"],
            "resource_name": "oauthctl serve demo API",
            "dpop_signing_alg_values_supported":
                crate::jwt::dpop::ALGS.iter().map(|a| a.name()).collect::<Vec<_>>(),
        })
    }

    /// `GET /.well-known/oauth-protected-resource/api/whoami`.
    pub(super) fn demo_resource_metadata_resp(&self) -> Resp {
        Resp::json_public(&self.demo_resource_metadata())
    }

    /// The demo API's answer with `resource_metadata` added to each
    /// challenge of its `WWW-Authenticate` header (RFC 9728 §5.1).
    pub(super) fn with_resource_metadata(&self, mut resp: Resp) -> Resp {
        let url = self.demo_resource_metadata_url();
        for (name, value) in resp.headers.iter_mut() {
            if name.eq_ignore_ascii_case("www-authenticate") {
                *value = add_param(value, &url);
            }
        }
        resp
    }
}

/// A challenge with `resource_metadata="url"` as its first parameter
/// (a bare `Bearer` gets it as its only one).
fn add_param(challenge: &str, url: &str) -> String {
    let param = format!("resource_metadata=\"{url}\"");
    match challenge.split_once(' ') {
        Some((scheme, rest)) => format!("{scheme} {param}, {rest}"),
        None => format!("{challenge} {param}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_metadata_goes_first_in_each_challenge() {
        assert_eq!(
            add_param("Bearer", "http://x/m"),
            "Bearer resource_metadata=\"http://x/m\""
        );
        assert_eq!(
            add_param("Bearer error=\"invalid_token\"", "http://x/m"),
            "Bearer resource_metadata=\"http://x/m\", error=\"invalid_token\""
        );
        // DPoP challenges (RFC 9449 §7.1) name it too.
        assert_eq!(
            add_param("DPoP error=\"invalid_token\", algs=\"ES256\"", "http://x/m"),
            "DPoP resource_metadata=\"http://x/m\", error=\"invalid_token\", algs=\"ES256\""
        );
    }
}
