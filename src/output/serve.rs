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
    if let Some(tls) = &s.tls {
        out.push_str(&format!(
            "TLS cert   {}{} (trust it: --cacert, curl --cacert)\n",
            tls.cert_file,
            if tls.generated {
                ", self-signed, made at start"
            } else {
                ""
            }
        ));
        out.push_str(&format!("  SHA-256  {}\n", tls.fingerprint));
        out.push_str(
            "mTLS       client certificates asked for; tls_client_auth and \
             self_signed_tls_client_auth clients bind their tokens (cnf.x5t#S256)\n",
        );
        out.push_str(&match &tls.client_ca {
            Some(ca) => format!("           tls_client_auth certificates must chain to {ca}\n"),
            None => "           tls_client_auth takes any certificate with the client's \
                     registered name (no --tls-client-ca)\n"
                .to_owned(),
        });
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
            None if c.auth_methods.contains(&"private_key_jwt")
                || c.auth_methods.iter().any(|m| m.contains("tls_client_auth")) =>
            {
                out.push_str(&format!(
                    "  {:<18} confidential ({})\n",
                    c.client_id,
                    c.auth_methods.join(", ")
                ))
            }
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
    // With a certificate of its own, clients must be told to trust it.
    let trust = s
        .tls
        .as_ref()
        .map(|t| format!(" --cacert {}", t.cert_file))
        .unwrap_or_default();
    out.push_str(&format!("  oauthctl discover{trust} {}\n", s.issuer));
    if let Some(c) = svc {
        out.push_str(&format!(
            "  OAUTHCTL_CLIENT_SECRET={} oauthctl cc{trust} --issuer {} --client-id {}\n",
            c.client_secret.as_deref().unwrap_or_default(),
            s.issuer,
            c.client_id
        ));
    }
    w.write_all(out.as_bytes())?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::tls::TlsSummary;

    #[test]
    fn with_tls_the_banner_says_which_certificate_to_trust() {
        let mut s = Summary {
            issuer: "https://127.0.0.1:9876".into(),
            discovery: "https://127.0.0.1:9876/.well-known/openid-configuration".into(),
            clients: Vec::new(),
            users: Vec::new(),
            auto_approve: None,
            demo_api: None,
            vulnerable: Vec::new(),
            audience: "https://127.0.0.1:9876/api".into(),
            tls: Some(TlsSummary {
                cert_file: "/state/serve-127.0.0.1-9876.pem".into(),
                fingerprint: "AB:CD".into(),
                generated: true,
                client_ca: None,
            }),
        };
        let render = |s: &Summary| {
            let mut out = Vec::new();
            render_banner(&mut out, s).unwrap();
            String::from_utf8(out).unwrap()
        };
        let text = render(&s);
        assert!(
            text.contains("TLS cert   /state/serve-127.0.0.1-9876.pem, self-signed, made at start"),
            "{text}"
        );
        assert!(text.contains("  SHA-256  AB:CD\n"), "{text}");
        assert!(text.contains("(no --tls-client-ca)"), "{text}");
        assert!(
            text.contains(
                "oauthctl discover --cacert /state/serve-127.0.0.1-9876.pem https://127.0.0.1:9876"
            ),
            "{text}"
        );
        s.tls = None;
        let text = render(&s);
        assert!(
            !text.contains("TLS cert") && !text.contains("--cacert"),
            "{text}"
        );
    }
}
