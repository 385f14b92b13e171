//! Key sources: the one resolver from "where the keys are" to keys, used by
//! `validate`, `jwks` and `probe`.
//!
//! A [`KeySource`] says where keys come from: a JWK Set file, a key file
//! (PEM, a JWK or a JWK Set), an HMAC secret file, a key set URL, an
//! issuer's discovery (then its `jwks_uri`), or a URL that may be either
//! (the rule in [`super::jwks`]). [`KeySource::resolve`] reads one source
//! into a [`Located`] key set; [`resolve_all`] reads several into the keys a
//! verifier uses, remembering the remote set so that [`Resolved::refetch`]
//! can fetch it again once on an unknown `kid` (key rotation). Commands only
//! turn their arguments into sources; the HTTP and the discovery are here.
//! Nothing here prints.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::jwks::{self, Located, Origin};
use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::jwt::keys::{self, Key, KeySet};
use crate::jwt::validate::Refetch;

/// Where keys come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A JWK Set file (`validate --jwks`, `jwks --file`).
    JwksFile(PathBuf),
    /// A key file: PEM (public keys, certificates, or private keys whose
    /// public half is used), a JWK or a JWK Set (`validate --key`).
    KeyFile(PathBuf),
    /// An HMAC secret file, one trailing newline dropped (`--secret-file`).
    SecretFile(PathBuf),
    /// A key set URL (`validate --jwks-uri`).
    JwksUrl(String),
    /// An issuer: discovery, then its `jwks_uri` (`--issuer`).
    Issuer(String),
    /// A URL that is an issuer or a key set, told apart by the rule in
    /// [`super::jwks`] (`jwks ISSUER|URL`).
    IssuerOrJwksUrl(String),
}

impl KeySource {
    /// A `--jwks` argument that may be a URL or a file: a URL when it has an
    /// http(s) scheme, else a key file.
    pub fn url_or_file(arg: &str) -> KeySource {
        if arg.starts_with("http://") || arg.starts_with("https://") {
            KeySource::JwksUrl(arg.to_owned())
        } else {
            KeySource::KeyFile(arg.into())
        }
    }

    /// Whether reading it needs the network.
    pub fn is_remote(&self) -> bool {
        matches!(
            self,
            KeySource::JwksUrl(_) | KeySource::Issuer(_) | KeySource::IssuerOrJwksUrl(_)
        )
    }

    /// For reports and messages.
    pub fn describe(&self) -> String {
        match self {
            KeySource::Issuer(i) => format!("issuer {i}"),
            KeySource::JwksUrl(u) | KeySource::IssuerOrJwksUrl(u) => u.clone(),
            KeySource::SecretFile(p) => format!("secret file {}", p.display()),
            KeySource::JwksFile(p) | KeySource::KeyFile(p) => p.display().to_string(),
        }
    }

    /// Read this source: its key set and where it came from. A JWK Set keeps
    /// the keys it could not use ([`KeySet::rejected`]) and the document as
    /// published ([`KeySet::raw`]); a PEM or secret file has neither.
    pub fn resolve(&self, http: &HttpClient) -> Result<Located> {
        let url = |url: &str, set| Located {
            set,
            origin: Origin::Url {
                url: url.to_owned(),
                issuer: None,
            },
        };
        let mut located = match self {
            KeySource::JwksFile(path) => jwks::from_file(path)?,
            KeySource::KeyFile(path) => local(keys::load_file(path)?, path),
            KeySource::SecretFile(path) => {
                let key = Key::from_secret(
                    read_secret_file(path)?,
                    &format!("secret file {}", path.display()),
                );
                local(vec![key], path)
            }
            KeySource::JwksUrl(u) => url(u, jwks::fetch(http, u)?),
            KeySource::Issuer(issuer) => jwks::from_issuer(http, issuer)?,
            KeySource::IssuerOrJwksUrl(source) => jwks::locate(http, source)?,
        };
        if self.is_remote() {
            located.set.keys = published(std::mem::take(&mut located.set.keys));
        }
        Ok(located)
    }
}

/// Keys of a key set fetched over the network: a symmetric key or private
/// members there are never used ([`Key::published_refusal`]).
fn published(keys: Vec<Key>) -> Vec<Key> {
    keys.into_iter()
        .map(|k| Key {
            published: true,
            ..k
        })
        .collect()
}

fn local(keys: Vec<Key>, path: &Path) -> Located {
    Located {
        set: KeySet {
            keys,
            rejected: Vec::new(),
            raw: Value::Null,
        },
        origin: Origin::File(path.to_path_buf()),
    }
}

/// The keys from every source given, in order.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// Every usable key.
    pub keys: Vec<Key>,
    /// The key set URL that may be fetched again on an unknown `kid`: the
    /// first remote source's.
    pub refetch_url: Option<String>,
}

impl Resolved {
    /// A refetch of the remote set (once, by the validator, for a `kid` it
    /// does not know: key rotation), when there is one.
    pub fn refetch(&self, http: &Arc<HttpClient>) -> Option<Refetch> {
        let url = self.refetch_url.clone()?;
        let http = Arc::clone(http);
        Some(Box::new(move || {
            jwks::fetch(&http, &url)
                .map(|s| published(s.keys))
                .map_err(|e| crate::error::chain(&e))
        }))
    }
}

/// Read every source into the keys to verify with. A JWK Set file without
/// a usable key is an error: unlike a remote set, it cannot rotate into
/// having one.
pub fn resolve_all(http: &HttpClient, sources: &[KeySource]) -> Result<Resolved> {
    let mut out = Resolved::default();
    for source in sources {
        let located = source.resolve(http)?;
        if let KeySource::JwksFile(path) = source
            && located.set.keys.is_empty()
        {
            return Err(Error::input(
                format!("key set {}", path.display()),
                "no usable key in the set",
            ));
        }
        if let (None, Origin::Url { url, .. }) = (&out.refetch_url, &located.origin) {
            out.refetch_url = Some(url.clone());
        }
        out.keys.extend(located.set.keys);
    }
    Ok(out)
}

/// Read a secret file (an HMAC key, a client secret): the bytes, with one
/// trailing newline (LF or CRLF) dropped; an empty file is an error.
pub fn read_secret_file(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = crate::error::read_file("secret file", path)?;
    if bytes.ends_with(b"\n") {
        bytes.pop();
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
    }
    if bytes.is_empty() {
        return Err(Error::input(
            format!("secret file {}", path.display()),
            "the file is empty",
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_or_file_reads_the_scheme() {
        assert_eq!(
            KeySource::url_or_file("https://idp.test/jwks"),
            KeySource::JwksUrl("https://idp.test/jwks".into())
        );
        assert_eq!(
            KeySource::url_or_file("keys/jwks.json"),
            KeySource::KeyFile("keys/jwks.json".into())
        );
        assert!(KeySource::Issuer("https://idp.test".into()).is_remote());
        assert!(!KeySource::SecretFile("s".into()).is_remote());
    }

    #[test]
    fn describe_names_the_source() {
        assert_eq!(
            KeySource::Issuer("https://idp.test".into()).describe(),
            "issuer https://idp.test"
        );
        assert_eq!(
            KeySource::SecretFile("hmac.secret".into()).describe(),
            "secret file hmac.secret"
        );
    }

    #[test]
    fn secret_files_lose_one_trailing_newline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        std::fs::write(&path, b"abc\r\n").unwrap();
        assert_eq!(read_secret_file(&path).unwrap(), b"abc");
        std::fs::write(&path, b"\n").unwrap();
        assert!(read_secret_file(&path).is_err());
    }

    #[test]
    fn an_empty_local_set_is_an_error_only_when_verifying() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jwks.json");
        std::fs::write(&path, br#"{"keys": []}"#).unwrap();
        let http = HttpClient::new(Default::default(), None);
        let source = KeySource::JwksFile(path);
        assert!(source.resolve(&http).unwrap().set.keys.is_empty());
        assert!(resolve_all(&http, &[source]).is_err());
    }
}
