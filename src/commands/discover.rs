//! `discover [ISSUER]`: the issuer's metadata at a glance, with a lint;
//! `discover --resource URL`: a protected resource's RFC 9728 metadata, then each authorization server
//! it names, with what MCP clients rely on.

use crate::cli::{DiscoverArgs, OutputFormat};
use crate::error::{ExitStatus, Result};
use crate::finding::{Finding, reaches};
use crate::provider::discovery::{self, Lookup};
use crate::provider::resource;
use crate::settings::Context;

pub fn run(args: DiscoverArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("discover", &[OutputFormat::Text, OutputFormat::Json])?;
    if let Some(url) = args.resource.clone() {
        return run_resource(&args, ctx, format, &url);
    }
    let issuer = ctx.required_issuer(args.issuer_arg.clone())?;
    let md = match discovery::lookup(&ctx.http, &issuer)? {
        Lookup::Found(md) => md,
        Lookup::Missing(e) => return Err(e),
    };
    let findings = discovery::lint(&md);
    match format {
        OutputFormat::Json => ctx
            .printer
            .json(&crate::output::provider::discovery_json(&md, &findings)),
        _ => crate::output::provider::render_discovery(ctx.printer.out(), &md, &findings),
    }
    .map_err(super::stdout_error)?;
    Ok(verdict(&args, &findings))
}

fn verdict(args: &DiscoverArgs, findings: &[Finding]) -> ExitStatus {
    if args.strict && reaches(findings, args.fail_on) {
        ExitStatus::CheckFailed
    } else {
        ExitStatus::Success
    }
}

fn run_resource(
    args: &DiscoverArgs,
    ctx: &mut Context,
    format: OutputFormat,
    url: &str,
) -> Result<ExitStatus> {
    let md = resource::fetch(&ctx.http, url)?;
    show_resource(args, ctx, format, md)
}

fn show_resource(
    args: &DiscoverArgs,
    ctx: &mut Context,
    format: OutputFormat,
    md: resource::ResourceMetadata,
) -> Result<ExitStatus> {
    let findings = resource::lint(&md);
    let mut servers = Vec::new();
    for issuer in md.authorization_servers() {
        let as_md = discovery::fetch(&ctx.http, issuer)?;
        let mut f = discovery::lint(&as_md);
        f.extend(resource::mcp_findings(&as_md));
        f.sort_by_key(|f| std::cmp::Reverse(f.severity));
        servers.push((as_md, f));
    }
    match format {
        OutputFormat::Json => ctx.printer.json(&crate::output::resource::resource_json(
            &md, &findings, &servers,
        )),
        _ => crate::output::resource::render_resource(ctx.printer.out(), &md, &findings, &servers),
    }
    .map_err(super::stdout_error)?;
    let all: Vec<Finding> = findings
        .into_iter()
        .chain(servers.into_iter().flat_map(|(_, f)| f))
        .collect();
    Ok(verdict(args, &all))
}
