//! `probe api` and `probe issuer`: resolve the options, run the probe,
//! render the report; exit 1 when a finding reaches `--fail-on`.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use crate::cli::{
    OutputFormat, ProbeApiArgs, ProbeArgs, ProbeCommand, ProbeIssuerArgs, ProbeRunArgs,
};
use crate::error::{Error, ExitStatus, Result};
use crate::http::Method;
use crate::probe::api::{self, ApiOptions};
use crate::probe::{Load, Progress, Report};
use crate::provider::keys::KeySource;
use crate::settings::Context;

const FORMATS: &[OutputFormat] = &[OutputFormat::Text, OutputFormat::Json, OutputFormat::Sarif];

pub fn run(args: ProbeArgs, ctx: &mut Context) -> Result<ExitStatus> {
    match args.command {
        ProbeCommand::Api(a) => api_cmd(*a, ctx),
        ProbeCommand::Issuer(a) => issuer_cmd(*a, ctx),
    }
}

fn load(run: &ProbeRunArgs) -> Result<Load> {
    if run.concurrency == 0 {
        return Err(Error::usage("--concurrency must be at least 1"));
    }
    if let Some(r) = run.rate
        && !(r > 0.0 && r.is_finite())
    {
        return Err(Error::usage(
            "--rate must be a positive number of requests per second",
        ));
    }
    Ok(Load {
        rate: run.rate,
        concurrency: run.concurrency,
    })
}

/// A progress line on stderr, only when it is a terminal.
fn progress(quiet: bool) -> Option<Progress> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    Some(Arc::new(|done: usize, total: usize| {
        let mut err = std::io::stderr();
        let _ = write!(err, "\r\x1b[2Kprobing: {done}/{total} requests");
        if done == total {
            let _ = write!(err, "\r\x1b[2K");
        }
        let _ = err.flush();
    }))
}

fn parse_header(h: &str) -> Result<(String, String)> {
    match h.split_once(':') {
        Some((k, v)) if !k.trim().is_empty() && !k.contains(' ') => {
            Ok((k.trim().to_owned(), v.trim().to_owned()))
        }
        _ => Err(Error::usage(format!("--header '{h}' is not 'Name: value'"))),
    }
}

fn api_cmd(args: ProbeApiArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("probe api", FORMATS)?;
    let load = load(&args.run)?;
    let method = Method::parse(&args.method).ok_or_else(|| {
        Error::usage(format!(
            "--method {}: probe api sends GET, POST, PUT, PATCH or DELETE",
            args.method
        ))
    })?;
    let url = url::Url::parse(&args.url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| Error::usage(format!("--url '{}' is not an http(s) URL", args.url)))?;
    let token = super::read_token(Some(args.token.clone()), ctx)?;
    let headers = args
        .headers
        .iter()
        .map(|h| parse_header(h))
        .collect::<Result<Vec<_>>>()?;
    let data = match args.data.as_deref() {
        Some(d) if d.starts_with('@') => Some(crate::error::read_file(
            "--data file",
            std::path::Path::new(&d[1..]),
        )?),
        Some(d) => Some(d.as_bytes().to_vec()),
        None => None,
    };
    let source = match (&args.issuer, &args.jwks) {
        (Some(_), Some(_)) => return Err(Error::usage("give --issuer or --jwks, not both")),
        (Some(i), None) => Some(KeySource::Issuer(i.clone())),
        (None, Some(j)) => Some(KeySource::url_or_file(j)),
        (None, None) => None,
    };
    let (keys, keys_unfetched) = match &source {
        Some(s) if args.run.dry_run && s.is_remote() => (Vec::new(), Some(s.describe())),
        Some(s) => (api::public_keys(&ctx.http, s)?, None),
        None => (Vec::new(), None),
    };
    let signing_key = match (&args.signing_key, &args.signing_secret_file) {
        (Some(p), _) => Some(crate::jwt::encode::load_private(p)?),
        (None, Some(p)) => Some(crate::jwt::encode::SigningKey::hmac(
            &super::read_secret_file(p)?,
        )),
        (None, None) => None,
    };
    let wordlist = match &args.wordlist {
        // Password lists run to hundreds of MiB (rockyou.txt is 134 MiB).
        Some(p) => Some(crate::error::read_file_capped("wordlist", p, 1 << 30)?),
        None => None,
    };
    if let Some(cb) = &args.callback_url {
        url::Url::parse(cb)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| Error::usage(format!("--callback-url '{cb}' is not an http(s) URL")))?;
    }
    let opts = ApiOptions {
        url: url.to_string(),
        token,
        method,
        headers,
        data,
        keys,
        keys_unfetched,
        signing_key,
        wordlist,
        callback_url: args.callback_url,
        load,
        dry_run: args.run.dry_run,
    };
    let quiet = ctx.printer.is_quiet();
    let report = api::run(
        &ctx.http.with_fresh_connections(),
        ctx.clock.as_ref(),
        &opts,
        progress(quiet).as_ref(),
    )?;
    finish(ctx, format, &report, &args.run)
}

fn issuer_cmd(args: ProbeIssuerArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("probe issuer", FORMATS)?;
    let load = load(&args.run)?;
    let issuer = ctx.required_issuer(args.issuer_arg)?;
    let opts = crate::probe::issuer::IssuerOptions {
        issuer,
        client_id: ctx.provider.client_id.clone(),
        redirect_uri: args.redirect_uri,
        load,
        dry_run: args.run.dry_run,
    };
    let quiet = ctx.printer.is_quiet();
    let report = crate::probe::issuer::run(
        &ctx.http,
        ctx.clock.as_ref(),
        &opts,
        progress(quiet).as_ref(),
    )?;
    finish(ctx, format, &report, &args.run)
}

fn finish(
    ctx: &mut Context,
    format: OutputFormat,
    report: &Report,
    run: &ProbeRunArgs,
) -> Result<ExitStatus> {
    match format {
        OutputFormat::Json => ctx.printer.json(report),
        OutputFormat::Sarif => ctx.printer.json(&crate::output::probe::sarif(report)),
        _ => crate::output::probe::render_text(ctx.printer.out(), report),
    }
    .map_err(super::stdout_error)?;
    Ok(if report.fails(run.fail_on) {
        ExitStatus::CheckFailed
    } else {
        ExitStatus::Success
    })
}
