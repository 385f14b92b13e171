//! Fetching an issuer's metadata: OpenID Connect Discovery
//! (`/.well-known/openid-configuration`), then RFC 8414
//! (`/.well-known/oauth-authorization-server`, inserted before the issuer's
//! path). The `issuer` in the document must equal the one asked for
//! (OIDC Discovery §4.3, RFC 8414 §3.3), or everything after it could be
//! an impostor's.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::http::HttpClient;

/// An issuer's metadata as received.
#[derive(Debug, Clone)]
pub struct ProviderMetadata {
    /// The issuer asked for.
    pub issuer: String,
    /// The URL the document came from.
    pub source_url: String,
    /// Which well-known document answered.
    pub kind: MetadataKind,
    /// The document.
    pub raw: Map<String, Value>,
}

/// Which discovery mechanism answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetadataKind {
    /// OpenID Connect Discovery 1.0.
    OpenidConfiguration,
    /// RFC 8414 authorization server metadata.
    OauthAuthorizationServer,
}

impl ProviderMetadata {
    /// A string member.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.raw.get(name).and_then(Value::as_str)
    }

    /// A string-array member (absent or malformed: `None`).
    pub fn list(&self, name: &str) -> Option<Vec<&str>> {
        self.raw
            .get(name)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
    }

    /// `jwks_uri`.
    pub fn jwks_uri(&self) -> Option<&str> {
        self.str("jwks_uri")
    }
}

/// The well-known URLs to try for an issuer, in order: OIDC Discovery
/// (path appended), then RFC 8414 (path inserted after the host, §3.1), and
/// for an issuer with a path, RFC 8414 appended as some servers serve it.
pub fn candidate_urls(issuer: &str) -> Result<Vec<(MetadataKind, String)>> {
    let url = url::Url::parse(issuer)
        .map_err(|e| Error::usage(format!("issuer '{issuer}' is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(Error::usage(format!(
            "issuer '{issuer}' is not an http(s) URL"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        // OIDC Discovery §3 / RFC 8414 §2: no query or fragment in an issuer.
        return Err(Error::usage(format!(
            "issuer '{issuer}' must not have a query or fragment"
        )));
    }
    let trimmed = issuer.trim_end_matches('/');
    let origin = url.origin().ascii_serialization();
    let path = url.path().trim_end_matches('/');
    let mut out = vec![(
        MetadataKind::OpenidConfiguration,
        format!("{trimmed}/.well-known/openid-configuration"),
    )];
    out.push((
        MetadataKind::OauthAuthorizationServer,
        format!("{origin}/.well-known/oauth-authorization-server{path}"),
    ));
    if !path.is_empty() {
        out.push((
            MetadataKind::OauthAuthorizationServer,
            format!("{trimmed}/.well-known/oauth-authorization-server"),
        ));
    }
    Ok(out)
}

/// Fetch an issuer's metadata, trying each well-known location; a 404 moves
/// to the next, any other failure stops with its error.
pub fn fetch(http: &HttpClient, issuer: &str) -> Result<ProviderMetadata> {
    let candidates = candidate_urls(issuer)?;
    let mut last_err = None;
    for (kind, url) in candidates {
        match http.get_json("fetching the issuer's metadata from", &url) {
            Ok((source_url, raw)) => {
                let md = ProviderMetadata {
                    issuer: issuer.to_owned(),
                    source_url,
                    kind,
                    raw,
                };
                check_issuer(&md)?;
                return Ok(md);
            }
            Err(
                e @ Error::HttpStatus {
                    status: 404 | 410, ..
                },
            ) => last_err = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_err.unwrap_or_else(|| Error::usage(format!("no metadata location for '{issuer}'"))))
}

/// The issuer in the document must be exactly the one asked for.
pub fn check_issuer(md: &ProviderMetadata) -> Result<()> {
    match md.str("issuer") {
        Some(i) if i == md.issuer => Ok(()),
        Some(i) => Err(Error::BadResponse {
            what: "fetching the issuer's metadata from".into(),
            url: md.source_url.clone(),
            detail: format!(
                "the document names issuer \"{i}\", not \"{}\" (OpenID Connect Discovery §4.3 \
                 requires an exact match; check for a trailing slash)",
                md.issuer
            ),
        }),
        None => Err(Error::BadResponse {
            what: "fetching the issuer's metadata from".into(),
            url: md.source_url.clone(),
            detail: "the document has no \"issuer\"".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_locations_follow_rfc8414_path_insertion() {
        let c = candidate_urls("https://idp.example/realms/demo").unwrap();
        let urls: Vec<&str> = c.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://idp.example/realms/demo/.well-known/openid-configuration",
                "https://idp.example/.well-known/oauth-authorization-server/realms/demo",
                "https://idp.example/realms/demo/.well-known/oauth-authorization-server",
            ]
        );
        let c = candidate_urls("https://idp.example/").unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[0].1,
            "https://idp.example/.well-known/openid-configuration"
        );
        assert!(candidate_urls("https://idp.example/?x=1").is_err());
        assert!(candidate_urls("ftp://idp.example").is_err());
    }
}
