//! Rendering `serve`'s start-up banner: where the provider is, and the
//! clients and users to try it with.

use std::io::{self, Write};

use super::{Style, paint};
use crate::serve::Summary;

/// The banner as text.
pub fn render_banner(w: &mut dyn Write, s: &Summary) -> io::Result<()> {
    let mut out = String::new();
    let h = |t: &str| paint(Style::Heading, t).to_string();
    out.push_str(&format!(
        "{}\n\n",
        paint(
            Style::Heading,
            "oauthctl serve: an OpenID provider for development (state in memory; Ctrl-C stops it)"
        )
    ));
    out.push_str(&format!("issuer     {}\n", s.issuer));
    out.push_str(&format!("discovery  {}\n", s.discovery));
    out.push_str(&format!(
        "audience   {} (default aud of access tokens)\n",
        s.audience
    ));
    if let Some(api) = &s.demo_api {
        out.push_str(&format!("demo API   {api}\n"));
    }
    if let Some(ci) = &s.ci_issuer {
        // Issue 14: what makes `github-actions:AUDIENCE` ask this provider.
        out.push_str(&format!(
            "CI issuer  {} (GitHub Actions shape; export to use github-actions:AUDIENCE)\n",
            ci.issuer
        ));
        for (k, v) in &ci.env {
            out.push_str(&format!("  export {k}={}\n", crate::shell::shell_word(v)));
        }
    }
    out.push_str(&format!("\n{}\n", h("clients")));
    for c in &s.clients {
        match &c.client_secret {
            Some(secret) => out.push_str(&format!(
                "  {:<18} confidential ({}), secret {}\n",
                c.client_id,
                c.auth_methods.join(", "),
                secret
            )),
            None if c.auth_methods.contains(&"private_key_jwt") => out.push_str(&format!(
                "  {:<18} confidential (private_key_jwt)\n",
                c.client_id
            )),
            None => out.push_str(&format!(
                "  {:<18} public (PKCE S256 required), redirect {}\n",
                c.client_id,
                c.redirect_uris.first().map_or("(none)", String::as_str)
            )),
        }
    }
    out.push_str(&format!("\n{}\n", h("users")));
    for u in &s.users {
        out.push_str(&format!(
            "  {:<18} password {}{}\n",
            u.username,
            u.password,
            if u.sub != u.username {
                format!(", sub {}", u.sub)
            } else {
                String::new()
            }
        ));
    }
    if let Some(user) = &s.auto_approve {
        out.push_str(&format!(
            "\nEvery authorization is approved as {user} (--auto-approve).\n"
        ));
    }
    let svc = s.clients.iter().find(|c| c.client_secret.is_some());
    out.push_str(&format!("\n{}\n", h("try")));
    out.push_str(&format!("  oauthctl discover {}\n", s.issuer));
    if let Some(c) = svc {
        out.push_str(&format!(
            "  OAUTHCTL_CLIENT_SECRET={} oauthctl cc --issuer {} --client-id {}\n",
            c.client_secret.as_deref().unwrap_or_default(),
            s.issuer,
            c.client_id
        ));
    }
    w.write_all(out.as_bytes())?;
    w.flush()
}
