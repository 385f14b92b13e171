//! Built-in provider presets: what `--provider NAME` (plus `--tenant` and
//! `--domain`) fills in for the providers people use most, so that
//! `oauthctl login --provider okta --domain example.okta.com --client-id …`
//! needs no endpoint URLs.
//!
//! A preset is the lowest layer of settings but one: flag, then env, then
//! profile, then preset, then default (`settings` applies the order). It
//! names an issuer where the provider has one that discovery can confirm,
//! and explicit endpoints where discovery cannot be used (GitHub has none;
//! Entra's multi-tenant documents name an `{tenantid}` placeholder as their
//! issuer) or does not list them (Google's device endpoint).
//!
//! Pure: resolving a preset makes no request and prints nothing.

use crate::error::{Error, Result};
use crate::provider::discovery::{MetadataKind, ProviderMetadata};

/// The presets, by the name `--provider` takes.
pub const NAMES: &[&str] = &["entra", "google", "github", "auth0", "okta", "keycloak"];

/// What a preset fills in. Every field is a default that a flag, the
/// environment or a profile overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preset {
    /// The preset's name (one of [`NAMES`]).
    pub name: &'static str,
    /// The issuer, when the provider has one discovery can confirm.
    pub issuer: Option<String>,
    /// Entra ID's multi-tenant issuer, with `{tenantid}` standing for the
    /// ID token's `tid` claim.
    pub issuer_template: Option<String>,
    /// Explicit authorization endpoint (no discovery needed).
    pub authorization_endpoint: Option<String>,
    /// Explicit token endpoint.
    pub token_endpoint: Option<String>,
    /// Explicit device authorization endpoint (RFC 8628).
    pub device_authorization_endpoint: Option<String>,
    /// Explicit key set URL, for ID tokens when there is no usable issuer
    /// metadata.
    pub jwks_uri: Option<String>,
    /// Scopes for interactive logins (`login`, `device`) when none are given.
    pub scopes: Vec<String>,
    /// Extra authorization request parameters for `login`.
    pub authorize_params: Vec<(String, String)>,
    /// The loopback redirect host the provider's registrations use.
    pub redirect_host: Option<&'static str>,
}

/// Entra ID's public cloud authority host.
const ENTRA_HOST: &str = "login.microsoftonline.com";

/// Resolve a preset from its name, the `--tenant` and the `--domain`.
///
/// `tenant` is Entra's tenant (an ID, a domain, `organizations`, `common` or
/// `consumers`), Keycloak's realm or Okta's authorization server ID
/// (default `default`). `domain` is the host (or base URL, `http://` for a
/// local test) of Auth0, Okta, Keycloak (with any path prefix, such as
/// `/auth` on old versions), GitHub Enterprise Server, or a national Entra
/// cloud.
pub fn resolve(name: &str, tenant: Option<&str>, domain: Option<&str>) -> Result<Preset> {
    let tenant = tenant.map(str::trim).filter(|t| !t.is_empty());
    let domain = domain.map(str::trim).filter(|d| !d.is_empty());
    if let Some(t) = tenant {
        check_tenant(name, t)?;
    }
    let scopes = |s: &str| s.split_whitespace().map(str::to_owned).collect();
    let preset = match name {
        "entra" => {
            let tenant = tenant.ok_or_else(|| {
                Error::usage(
                    "--provider entra needs --tenant: your tenant ID or domain, or organizations, \
                     common or consumers",
                )
            })?;
            let base = base_url(name, domain.unwrap_or(ENTRA_HOST))?;
            let authority = format!("{base}/{tenant}");
            Preset {
                name: "entra",
                // Only a tenant ID names the issuer exactly: for a domain or
                // organizations/common/consumers, the metadata's issuer is
                // another tenant's or a `{tenantid}` template, so the
                // endpoints are given instead (and discovery is skipped).
                issuer: is_guid(tenant).then(|| format!("{authority}/v2.0")),
                issuer_template: (!is_guid(tenant)).then(|| format!("{base}/{{tenantid}}/v2.0")),
                authorization_endpoint: Some(format!("{authority}/oauth2/v2.0/authorize")),
                token_endpoint: Some(format!("{authority}/oauth2/v2.0/token")),
                device_authorization_endpoint: Some(format!("{authority}/oauth2/v2.0/devicecode")),
                jwks_uri: Some(format!("{authority}/discovery/v2.0/keys")),
                scopes: scopes("openid profile offline_access"),
                authorize_params: Vec::new(),
                // Entra registers loopback redirect URIs as http://localhost.
                redirect_host: Some("localhost"),
            }
        }
        "google" => {
            no_tenant(name, tenant)?;
            no_domain(name, domain)?;
            Preset {
                name: "google",
                issuer: Some("https://accounts.google.com".into()),
                issuer_template: None,
                authorization_endpoint: Some("https://accounts.google.com/o/oauth2/v2/auth".into()),
                token_endpoint: Some("https://oauth2.googleapis.com/token".into()),
                device_authorization_endpoint: Some(
                    "https://oauth2.googleapis.com/device/code".into(),
                ),
                jwks_uri: Some("https://www.googleapis.com/oauth2/v3/certs".into()),
                scopes: scopes("openid email profile"),
                // Google issues a refresh token only for offline access, and
                // only on a consent screen.
                authorize_params: vec![
                    ("access_type".into(), "offline".into()),
                    ("prompt".into(), "consent".into()),
                ],
                redirect_host: None,
            }
        }
        "github" => {
            no_tenant(name, tenant)?;
            // github.com, or a GitHub Enterprise Server host.
            let base = base_url(name, domain.unwrap_or("github.com"))?;
            Preset {
                name: "github",
                // GitHub's OAuth apps are not OpenID Connect: no issuer, no
                // discovery, no ID token.
                issuer: None,
                issuer_template: None,
                authorization_endpoint: Some(format!("{base}/login/oauth/authorize")),
                token_endpoint: Some(format!("{base}/login/oauth/access_token")),
                device_authorization_endpoint: Some(format!("{base}/login/device/code")),
                jwks_uri: None,
                scopes: Vec::new(),
                authorize_params: Vec::new(),
                redirect_host: None,
            }
        }
        "auth0" => {
            no_tenant(name, tenant)?;
            let base = base_url(name, need_domain(name, domain, "TENANT.auth0.com")?)?;
            Preset {
                name: "auth0",
                // Auth0's issuer ends in a slash, and discovery says so.
                issuer: Some(format!("{base}/")),
                scopes: scopes("openid profile email offline_access"),
                ..Preset::default()
            }
        }
        "okta" => {
            let base = base_url(name, need_domain(name, domain, "ORG.okta.com")?)?;
            let server = tenant.unwrap_or("default");
            Preset {
                name: "okta",
                issuer: Some(format!("{base}/oauth2/{server}")),
                scopes: scopes("openid profile email offline_access"),
                ..Preset::default()
            }
        }
        "keycloak" => {
            let base = base_url(name, need_domain(name, domain, "sso.example.com")?)?;
            let realm = tenant.ok_or_else(|| {
                Error::usage("--provider keycloak needs --tenant REALM (or --realm)")
            })?;
            Preset {
                name: "keycloak",
                issuer: Some(format!("{base}/realms/{realm}")),
                scopes: scopes("openid profile email"),
                ..Preset::default()
            }
        }
        other => {
            return Err(Error::usage(format!(
                "unknown provider '{other}' (known: {})",
                NAMES.join(", ")
            )));
        }
    };
    Ok(preset)
}

/// `https://HOST[/PATH]` from a host or a base URL, without a trailing slash.
fn base_url(provider: &str, domain: &str) -> Result<String> {
    let with_scheme = if domain.contains("://") {
        domain.to_owned()
    } else {
        format!("https://{domain}")
    };
    let bad = |why: &str| {
        Error::usage(format!(
            "--domain '{domain}' for --provider {provider} is not usable: {why}"
        ))
    };
    let url = url::Url::parse(&with_scheme).map_err(|e| bad(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(bad("give a host name, or an http(s) URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("a query or fragment has no place in it"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn need_domain<'a>(provider: &str, domain: Option<&'a str>, example: &str) -> Result<&'a str> {
    domain.ok_or_else(|| {
        Error::usage(format!(
            "--provider {provider} needs --domain (for example --domain {example})"
        ))
    })
}

fn no_tenant(provider: &str, tenant: Option<&str>) -> Result<()> {
    match tenant {
        Some(_) => Err(Error::usage(format!(
            "--provider {provider} takes no --tenant"
        ))),
        None => Ok(()),
    }
}

fn no_domain(provider: &str, domain: Option<&str>) -> Result<()> {
    match domain {
        Some(_) => Err(Error::usage(format!(
            "--provider {provider} takes no --domain"
        ))),
        None => Ok(()),
    }
}

/// A tenant, realm or server ID goes into a URL path: one segment of
/// unreserved characters (RFC 3986 §2.3), nothing that could change the path.
fn check_tenant(provider: &str, tenant: &str) -> Result<()> {
    let ok = tenant
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))
        && tenant != "."
        && tenant != "..";
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "--tenant '{tenant}' for --provider {provider} must be one name of letters, digits, \
             '-', '.', '_' or '~'"
        )))
    }
}

/// An Entra tenant ID: 8-4-4-4-12 hex digits.
fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Metadata made from the preset's explicit endpoints (`endpoints`: each
/// metadata member with the URL in force, an explicit one winning over the
/// preset's), when the preset has a token endpoint of its own and
/// `issuer` (the one in force) is the preset's or none. `None` when
/// discovery is the way.
pub fn metadata(
    preset: &Preset,
    issuer: Option<&str>,
    endpoints: [(&str, Option<&str>); 3],
) -> Option<ProviderMetadata> {
    let token_endpoint = preset.token_endpoint.as_ref()?;
    if issuer.is_some() && issuer != preset.issuer.as_deref() {
        return None;
    }
    // Without an issuer (GitHub, Entra with a domain or organizations),
    // the token endpoint's origin names the provider in messages.
    let name = issuer
        .map(str::to_owned)
        .or_else(|| preset.issuer_template.clone())
        .unwrap_or_else(|| {
            url::Url::parse(token_endpoint)
                .map(|u| u.origin().ascii_serialization())
                .unwrap_or_else(|_| token_endpoint.clone())
        });
    let mut raw = serde_json::Map::new();
    raw.insert("issuer".into(), name.clone().into());
    let jwks = ("jwks_uri", preset.jwks_uri.as_deref());
    for (k, v) in endpoints.into_iter().chain([jwks]) {
        if let Some(v) = v {
            raw.insert(k.into(), v.into());
        }
    }
    Some(ProviderMetadata {
        issuer: name,
        source_url: format!("the built-in {} preset", preset.name),
        kind: MetadataKind::OpenidConfiguration,
        raw,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TID: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    #[test]
    fn entra_with_a_tenant_id_has_an_issuer_and_explicit_endpoints() {
        let p = resolve("entra", Some(TID), None).unwrap();
        let a = format!("https://login.microsoftonline.com/{TID}");
        assert_eq!(p.issuer, Some(format!("{a}/v2.0")));
        assert_eq!(p.token_endpoint, Some(format!("{a}/oauth2/v2.0/token")));
        assert_eq!(
            p.authorization_endpoint,
            Some(format!("{a}/oauth2/v2.0/authorize"))
        );
        assert_eq!(
            p.device_authorization_endpoint,
            Some(format!("{a}/oauth2/v2.0/devicecode"))
        );
        assert_eq!(p.jwks_uri, Some(format!("{a}/discovery/v2.0/keys")));
        assert_eq!(p.redirect_host, Some("localhost"));
    }

    #[test]
    fn entra_multi_tenant_has_endpoints_but_no_issuer() {
        for t in ["organizations", "common", "contoso.onmicrosoft.com"] {
            let p = resolve("entra", Some(t), None).unwrap();
            assert_eq!(p.issuer, None, "{t}");
            assert_eq!(
                p.issuer_template.as_deref(),
                Some("https://login.microsoftonline.com/{tenantid}/v2.0")
            );
            assert_eq!(
                p.token_endpoint.as_deref(),
                Some(format!("https://login.microsoftonline.com/{t}/oauth2/v2.0/token").as_str())
            );
        }
        let us = resolve("entra", Some(TID), Some("login.microsoftonline.us")).unwrap();
        assert!(
            us.token_endpoint
                .unwrap()
                .starts_with("https://login.microsoftonline.us/")
        );
        let e = resolve("entra", None, None).unwrap_err();
        assert!(e.to_string().contains("needs --tenant"), "{e}");
    }

    #[test]
    fn google_asks_for_offline_access_with_consent() {
        let p = resolve("google", None, None).unwrap();
        assert_eq!(p.issuer.as_deref(), Some("https://accounts.google.com"));
        assert_eq!(
            p.device_authorization_endpoint.as_deref(),
            Some("https://oauth2.googleapis.com/device/code")
        );
        assert!(
            p.authorize_params
                .contains(&("access_type".into(), "offline".into()))
        );
        assert!(
            p.authorize_params
                .contains(&("prompt".into(), "consent".into()))
        );
        assert!(resolve("google", Some("x"), None).is_err());
    }

    #[test]
    fn github_and_enterprise_server_have_no_issuer() {
        let p = resolve("github", None, None).unwrap();
        assert_eq!(p.issuer, None);
        assert_eq!(
            p.token_endpoint.as_deref(),
            Some("https://github.com/login/oauth/access_token")
        );
        assert_eq!(
            p.device_authorization_endpoint.as_deref(),
            Some("https://github.com/login/device/code")
        );
        let ghes = resolve("github", None, Some("github.example.com")).unwrap();
        assert_eq!(
            ghes.authorization_endpoint.as_deref(),
            Some("https://github.example.com/login/oauth/authorize")
        );
    }

    #[test]
    fn issuers_with_paths() {
        let okta = resolve("okta", None, Some("example.okta.com")).unwrap();
        assert_eq!(
            okta.issuer.as_deref(),
            Some("https://example.okta.com/oauth2/default")
        );
        let custom = resolve("okta", Some("aus1a2b3"), Some("example.okta.com")).unwrap();
        assert_eq!(
            custom.issuer.as_deref(),
            Some("https://example.okta.com/oauth2/aus1a2b3")
        );
        let kc = resolve("keycloak", Some("demo"), Some("sso.example.com/auth/")).unwrap();
        assert_eq!(
            kc.issuer.as_deref(),
            Some("https://sso.example.com/auth/realms/demo")
        );
        let auth0 = resolve("auth0", None, Some("https://example.eu.auth0.com")).unwrap();
        assert_eq!(
            auth0.issuer.as_deref(),
            Some("https://example.eu.auth0.com/")
        );
        assert_eq!(auth0.token_endpoint, None, "Auth0's come from discovery");
    }

    #[test]
    fn bad_input_is_a_usage_error() {
        for (name, tenant, domain, says) in [
            ("okta", None, None, "needs --domain"),
            ("auth0", None, None, "needs --domain"),
            ("keycloak", None, Some("sso.example.com"), "needs --tenant"),
            ("keycloak", Some("a/b"), Some("sso.example.com"), "one name"),
            ("keycloak", Some(".."), Some("sso.example.com"), "one name"),
            ("okta", None, Some("ftp://x"), "not usable"),
            ("okta", None, Some("https://x/?q"), "not usable"),
            ("github", Some("t"), None, "takes no --tenant"),
            ("ping", None, None, "unknown provider 'ping'"),
        ] {
            let e = resolve(name, tenant, domain).unwrap_err();
            assert!(e.to_string().contains(says), "{name}: {e}");
            assert_eq!(e.exit_status().code(), 2);
        }
    }

    #[test]
    fn tenant_ids_are_recognised() {
        assert!(is_guid(TID));
        assert!(!is_guid("organizations"));
        assert!(!is_guid("72f988bf-86f1-41af-91ab-2d7cd011db4"));
    }
}
