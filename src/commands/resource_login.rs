//! `login`/`device --resource URL` without `--issuer` or `--client-id`:
//! the issuer from the resource's RFC 9728 metadata, the client from a
//! client ID metadata document or a dynamic registration, the scopes from
//! the resource's `scopes_supported`. Sets them on the resolved provider
//! before the flow runs and says on stderr what it chose.

use crate::error::{Error, Result};
use crate::flows::registration::{self, ClientSource};
use crate::provider::resource;
use crate::settings::Context;

/// Fill in the issuer, client ID and scopes a resource login leaves out.
/// Nothing happens without `--resource` or when both the issuer and the
/// client ID are given.
pub(crate) fn prepare(ctx: &mut Context, device: bool, metadata_url: Option<&str>) -> Result<()> {
    let Some(url) = ctx.provider.resources.first().cloned() else {
        return Ok(());
    };
    if ctx.provider.issuer.is_some() && ctx.provider.client_id.is_some() {
        return Ok(());
    }
    // With --issuer given, the resource's metadata only suggests scopes:
    // a resource without any (an RFC 8707 URN) is no error.
    let rmd = match resource::fetch(&ctx.http, &url) {
        Ok(m) => Some(m),
        Err(e) if ctx.provider.issuer.is_some() => {
            ctx.printer.notice(&format!(
                "No protected-resource metadata for {url} ({e}); scopes as configured"
            ));
            None
        }
        Err(e) => return Err(e),
    };
    if let (None, Some(rmd)) = (&ctx.provider.issuer, &rmd) {
        let servers = rmd.authorization_servers();
        let Some(first) = servers.first() else {
            return Err(Error::BadResponse {
                what: "reading the protected-resource metadata at".into(),
                url: rmd.source_url.clone(),
                detail: "authorization_servers is absent or empty: no issuer to sign in with"
                    .into(),
            });
        };
        if servers.len() > 1 {
            ctx.printer.notice(&format!(
                "{url} names {} authorization servers ({}); using the first ({first}); \
                 --issuer chooses another",
                servers.len(),
                servers.join(", ")
            ));
        } else {
            ctx.printer
                .notice(&format!("Authorization server of {url}: {first}"));
        }
        ctx.provider.issuer = Some((*first).to_owned());
    }
    ctx.provider.from_resource = Some(url.clone());
    let md = ctx.provider.metadata(&ctx.http)?;
    if ctx.provider.client_id.is_none() {
        let store = ctx.store()?;
        let (client_id, how) =
            registration::native_client_id(&ctx.http, &store, &md, device, metadata_url)?;
        ctx.printer.notice(&match how {
            ClientSource::MetadataDocument => {
                format!("Client ID: {client_id} (a client ID metadata document)")
            }
            ClientSource::Reused => {
                format!(
                    "Client ID: {client_id} (registered earlier at {})",
                    md.issuer
                )
            }
            ClientSource::Registered => format!(
                "Registered a public client at {} (RFC 7591): {client_id}",
                md.issuer
            ),
        });
        ctx.provider.client_id = Some(client_id);
    }
    if let (true, Some(rmd)) = (ctx.provider.scopes.is_empty(), &rmd) {
        let oidc = md.kind == crate::provider::discovery::MetadataKind::OpenidConfiguration
            || md
                .list("scopes_supported")
                .is_some_and(|l| l.contains(&"openid"));
        let mut scopes: Vec<String> = Vec::new();
        if oidc {
            scopes.push("openid".into());
        }
        scopes.extend(rmd.scopes().into_iter().map(str::to_owned));
        ctx.provider.user_scopes = scopes;
    }
    Ok(())
}
