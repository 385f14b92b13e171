//! Fetching a key set (RFC 7517 §5) from a URL or reading it from a file.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::jwt::keys::{KeySet, parse_jwks};

/// Fetch and parse a key set.
pub fn fetch(http: &HttpClient, url: &str) -> Result<KeySet> {
    let what = "fetching the key set from";
    let (final_url, doc) = http.get_json(what, url)?;
    parse_jwks(&Value::Object(doc), &format!("key set {final_url}")).map_err(|detail| {
        Error::BadResponse {
            what: what.into(),
            url: final_url,
            detail,
        }
    })
}

/// Read and parse a key set file.
pub fn read(path: &Path) -> Result<KeySet> {
    let bytes = crate::error::read_file("key set", path)?;
    let what = format!("key set {}", path.display());
    let doc: Value = serde_json::from_slice(&bytes)
        .map_err(|e| Error::input(&what, format!("invalid JSON: {e}")))?;
    parse_jwks(&doc, &format!("file {}", path.display())).map_err(|d| Error::input(what, d))
}
