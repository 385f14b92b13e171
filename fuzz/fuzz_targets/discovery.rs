//! An issuer's metadata document (OpenID Connect Discovery, RFC 8414), as
//! `discover`, `probe issuer` and every command given `--issuer` read it.
//!
//! The input is the body of the metadata response: it is read as the HTTP
//! client reads it ([`Response::json_object`]), checked against the issuer
//! asked for, linted, rendered as `discover` renders it, and turned into the
//! endpoints the flows use ([`Issuer::from_metadata`]). The `issuer` the
//! document names is also turned into its well-known URLs.
//!
//! RFC 9728 protected resource metadata is not parsed anywhere yet; when it
//! is, it gets a target of its own.

#![no_main]

use libfuzzer_sys::fuzz_target;
use oauthctl::flows::oidc::{Issuer, Overrides};
use oauthctl::http::Response;
use oauthctl::output::provider::{discovery_json, render_discovery};
use oauthctl::provider::discovery::{
    self, MetadataKind, ProviderMetadata, Supported, candidate_urls,
};

const ISSUER: &str = "https://issuer.example";

fuzz_target!(|data: &[u8]| {
    let resp = Response {
        url: format!("{ISSUER}/.well-known/openid-configuration"),
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: data.to_vec(),
    };
    let Ok(raw) = resp.json_object("fetching the issuer's metadata from") else {
        return;
    };
    if let Some(named) = raw.get("issuer").and_then(|v| v.as_str()) {
        let _ = candidate_urls(named);
    }
    let md = ProviderMetadata {
        issuer: ISSUER.into(),
        source_url: resp.url.clone(),
        kind: MetadataKind::OpenidConfiguration,
        raw,
    };
    let _ = discovery::check_issuer(&md);
    let findings = discovery::lint(&md);
    let _ = discovery_json(&md, &findings);
    let mut out = Vec::new();
    render_discovery(&mut out, &md, &findings).expect("rendering into memory");
    for mtls in [false, true] {
        let _ = md.token_endpoint_for(mtls);
    }
    let _ = (md.jwks_uri(), md.endpoints());
    for name in [
        "grant_types_supported",
        "token_endpoint_auth_methods_supported",
        "response_modes_supported",
        "scopes_supported",
    ] {
        if let Supported::Listed(v) = md.supported(name) {
            assert_eq!(md.list(name), Some(v));
        }
    }
    let _ = Issuer::from_metadata(&md, Overrides::default());
});
