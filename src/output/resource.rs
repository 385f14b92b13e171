//! Rendering a protected resource's metadata (RFC 9728) and the
//! authorization servers it names: text and JSON. The values come from
//! `provider::resource`; nothing here fetches or decides.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::provider::{discovery_json, render_discovery, render_findings};
use super::{Style, paint, printable};
use crate::finding::Finding;
use crate::provider::discovery::ProviderMetadata;
use crate::provider::resource::ResourceMetadata;

/// `discover --resource -o json`: `{resource: {...}, authorization_servers:
/// [{metadata, findings}]}`.
pub fn resource_json(
    md: &ResourceMetadata,
    findings: &[Finding],
    servers: &[(ProviderMetadata, Vec<Finding>)],
) -> Value {
    json!({
        "resource": {
            "url": md.url,
            "metadata_url": md.source_url,
            "found": md.found,
            "challenge": md.challenge,
            "metadata": md.raw,
            "findings": findings,
        },
        "authorization_servers": servers
            .iter()
            .map(|(m, f)| discovery_json(m, f))
            .collect::<Vec<_>>(),
    })
}

fn line(w: &mut dyn Write, label: &str, value: &str) -> io::Result<()> {
    line_w(w, 24, label, value)
}

fn line_w(w: &mut dyn Write, width: usize, label: &str, value: &str) -> io::Result<()> {
    let painted = paint(Style::Key, label).to_string();
    let pad = " ".repeat(width.saturating_sub(label.len()) + 2);
    writeln!(w, "{painted}{pad}{value}")
}

/// `discover --resource` as text: the resource's metadata and findings,
/// then each authorization server as `discover ISSUER` shows it.
pub fn render_resource(
    w: &mut dyn Write,
    md: &ResourceMetadata,
    findings: &[Finding],
    servers: &[(ProviderMetadata, Vec<Finding>)],
) -> io::Result<()> {
    line(w, "resource", &printable(&md.resource))?;
    line(
        w,
        "metadata",
        &format!(
            "{} {}",
            printable(&md.source_url),
            paint(Style::Dim, &format!("({})", md.found.describe()))
        ),
    )?;
    if let Some(c) = &md.challenge {
        line(w, "challenge", &printable(c))?;
    }
    let list = |name: &str| {
        let v = md.list(name);
        if v.is_empty() {
            paint(Style::Dim, "not advertised").to_string()
        } else {
            printable(&v.join(", ")).into_owned()
        }
    };
    line(w, "authorization servers", &list("authorization_servers"))?;
    line(w, "scopes", &list("scopes_supported"))?;
    line(w, "bearer methods", &list("bearer_methods_supported"))?;
    if let Some(name) = md.raw.get("resource_name").and_then(Value::as_str) {
        line(w, "name", &printable(name))?;
    }
    writeln!(w)?;
    render_findings(w, findings)?;
    for (m, f) in servers {
        writeln!(
            w,
            "\n{} {}\n",
            paint(Style::Heading, "Authorization server"),
            printable(&m.issuer)
        )?;
        render_discovery(w, m, f)?;
    }
    Ok(())
}

/// `register` as text: the client ID, where the registration lives, and
/// its metadata without the client secret and registration access token
/// (which `-o json` of create and show carry).
pub fn render_registration(
    w: &mut dyn Write,
    what: &str,
    reg: &crate::flows::registration::Registration,
) -> io::Result<()> {
    writeln!(w, "{}", paint(Style::Heading, what))?;
    line_w(w, 36, "client_id", &printable(&reg.client_id))?;
    if let Some(u) = &reg.registration_client_uri {
        line_w(w, 36, "registration_client_uri", &printable(u))?;
    }
    if reg.client_secret.is_some() {
        line_w(
            w,
            36,
            "client_secret",
            &paint(Style::Dim, "issued (shown with -o json)").to_string(),
        )?;
    }
    if reg.registration_access_token.is_some() {
        line_w(
            w,
            36,
            "registration token",
            &paint(Style::Dim, "kept in the store (RFC 7592)").to_string(),
        )?;
    }
    for (k, v) in reg.public_metadata() {
        if matches!(k.as_str(), "client_id" | "registration_client_uri") {
            continue;
        }
        // Empty lists and strings say nothing.
        if v.as_array().is_some_and(|a| a.is_empty()) || v.as_str() == Some("") {
            continue;
        }
        let shown = match &v {
            Value::String(s) => s.clone(),
            Value::Array(a) => a
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| x.to_string())
                })
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        };
        line_w(w, 36, &k, &printable(&shown))?;
    }
    Ok(())
}
