//! The configuration file and its profiles.
//!
//! `$XDG_CONFIG_HOME/oauthctl/config.toml` (or `--config`, `OAUTHCTL_CONFIG`)
//! holds `[profiles.NAME]` tables. A profile names where a secret comes
//! from (a file, an environment variable), never the secret itself.
//! Precedence is flag, then env, then profile, then default; this module
//! only loads the file, `settings` applies the order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Named profiles.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One `[profiles.NAME]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Issuer URL.
    pub issuer: Option<String>,
    /// Client ID.
    pub client_id: Option<String>,
    /// Scopes to request.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Client authentication method.
    pub auth_method: Option<String>,
    /// `device` sends a PKCE challenge (as `--pkce`).
    #[serde(default)]
    pub device_pkce: bool,
    /// RFC 8707 resource indicators.
    #[serde(default)]
    pub resource: Vec<String>,
    /// Audience parameter.
    pub audience: Option<String>,
    /// File holding the client secret.
    pub client_secret_file: Option<PathBuf>,
    /// Environment variable holding the client secret.
    pub client_secret_env: Option<String>,
    /// Private key for private_key_jwt.
    pub private_key: Option<PathBuf>,
    /// Where a client assertion minted elsewhere comes from: a token
    /// source (`github-actions:AUD`, `gitlab`, `@FILE`, `env:VAR`…), never
    /// the assertion itself.
    pub client_assertion: Option<String>,
    /// Client certificate (PEM) for mutual TLS.
    pub client_cert: Option<PathBuf>,
    /// Private key (PEM) of the client certificate.
    pub client_key: Option<PathBuf>,
    /// DPoP-bound tokens (RFC 9449): `dpop = true`.
    pub dpop: Option<bool>,
    /// The DPoP key file (PEM or JWK private key); implies `dpop`.
    pub dpop_key: Option<PathBuf>,
    /// The DPoP proofs' algorithm (`ES256` by default).
    pub dpop_alg: Option<String>,
    /// Explicit token endpoint.
    pub token_endpoint: Option<String>,
    /// Explicit authorization endpoint.
    pub authorization_endpoint: Option<String>,
    /// Explicit device authorization endpoint.
    pub device_authorization_endpoint: Option<String>,
    /// Built-in provider preset (`entra`, `google`, `github`, `auth0`,
    /// `okta`, `keycloak`).
    pub provider: Option<String>,
    /// The preset's tenant (Entra tenant, Keycloak realm, Okta server).
    pub tenant: Option<String>,
    /// The preset's domain or base URL.
    pub domain: Option<String>,
    /// `Origin` header for token requests (Entra single-page-app clients).
    pub origin: Option<String>,
    /// The host in login's redirect URI (`127.0.0.1`, `localhost`, `[::1]`).
    pub redirect_host: Option<String>,
    /// The command that opens login URLs.
    pub browser_command: Option<String>,
    /// The HTTP proxy for this profile's traffic (as `--proxy`).
    pub proxy: Option<String>,
    /// Push authorization requests (RFC 9126), for a client registered to
    /// require it (which discovery cannot show).
    pub par: Option<bool>,
    /// Send authorization requests as signed request objects (RFC 9101).
    pub request_object: Option<bool>,
    /// A JWT response mode (JARM): `jwt`, `query.jwt` or `form_post.jwt`.
    pub response_mode: Option<String>,
    /// RFC 9396 `authorization_details`: an array of tables, or a string
    /// holding the JSON (or `@FILE`).
    pub authorization_details: Option<serde_json::Value>,
}

/// The default location of the file.
pub fn default_path() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(x).join("oauthctl/config.toml"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config/oauthctl/config.toml"))
}

/// Load the file. An explicit path must exist; the default may be absent.
pub fn load(explicit: Option<&Path>) -> Result<(Option<PathBuf>, ConfigFile)> {
    let (path, must_exist) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => match default_path() {
            Some(p) => (p, false),
            None => return Ok((None, ConfigFile::default())),
        },
    };
    let text = match crate::error::read_capped(&path, crate::error::MAX_FILE_LEN)
        .and_then(|b| String::from_utf8(b).map_err(std::io::Error::other))
    {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
            return Ok((None, ConfigFile::default()));
        }
        Err(source) => {
            return Err(Error::ReadFile {
                what: "configuration file",
                path,
                source,
            });
        }
    };
    let cfg: ConfigFile = toml::from_str(&text).map_err(|e| Error::Config {
        path: path.clone(),
        detail: one_line_toml_error(&text, &e),
    })?;
    Ok((Some(path), cfg))
}

fn one_line_toml_error(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().trim().to_owned();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {msg}")
        }
        None => msg,
    }
}

impl ConfigFile {
    /// The named profile, or a clear error listing the ones there are.
    pub fn profile(&self, name: &str, path: Option<&Path>) -> Result<Profile> {
        self.profiles.get(name).cloned().ok_or_else(|| {
            let names: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
            let where_ = path
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "no configuration file".into());
            Error::usage(format!(
                "profile '{name}' not found ({where_}; profiles: {})",
                if names.is_empty() {
                    "none".into()
                } else {
                    names.join(", ")
                }
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_files_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        std::fs::write(
            &p,
            "[profiles.dev]\nissuer = \"https://x\"\nclient_secret = \"oops\"\n",
        )
        .unwrap();
        let err = load(Some(&p)).unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
        assert_eq!(err.exit_status().code(), 2);
    }

    #[test]
    fn profiles_load() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        std::fs::write(
            &p,
            "[profiles.dev]\nissuer = \"https://x\"\nscopes = [\"openid\"]\n",
        )
        .unwrap();
        let (_, cfg) = load(Some(&p)).unwrap();
        assert_eq!(
            cfg.profile("dev", None).unwrap().issuer.as_deref(),
            Some("https://x")
        );
        assert!(
            cfg.profile("prod", None)
                .unwrap_err()
                .to_string()
                .contains("profiles: dev")
        );
    }
}
