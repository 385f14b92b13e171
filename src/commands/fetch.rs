//! `fetch URL`: one HTTP request with the stored (or a given) access token,
//! through `flows::resource`; the body on stdout, exit 1 for a non-2xx
//! status (named on stderr).

use crate::cli::{FetchArgs, OutputFormat};
use crate::error::{Error, ExitStatus, Result};
use crate::flows::refresh;
use crate::flows::resource::{self, Presented, ResourceRequest};
use crate::http::Method;
use crate::settings::Context;

pub fn run(args: FetchArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("fetch", &[OutputFormat::Text, OutputFormat::Json])?;
    // Before any token is read or refreshed.
    resource::check_url(&args.url)?;
    let min_ttl =
        i64::try_from(args.min_ttl).map_err(|_| Error::usage("--min-ttl is too large"))?;
    let body = match args.data.as_deref() {
        None => None,
        Some("@-") => Some(read_stdin()?),
        Some(d) if d.starts_with('@') => Some(crate::error::read_file_capped(
            "the request body",
            std::path::Path::new(&d[1..]),
            crate::error::MAX_FILE_LEN * 16,
        )?),
        Some(d) => Some(d.as_bytes().to_vec()),
    };
    let method = match args.method.as_deref() {
        Some(m) => Method::parse(m).ok_or_else(|| {
            Error::usage(format!(
                "-X '{m}': oauthctl sends GET, POST, PUT, PATCH or DELETE"
            ))
        })?,
        None if body.is_some() => Method::Post,
        None => Method::Get,
    };
    let mut headers = Vec::new();
    for h in &args.headers {
        headers.push(parse_header(h)?);
    }
    if body.is_some()
        && !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        // As curl does for -d.
        headers.push((
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
    }
    let req = ResourceRequest {
        method,
        url: args.url.clone(),
        headers,
        body,
    };

    let fetched = match &args.token {
        Some(spec) => {
            let token = super::read_token(Some(spec.clone()), ctx)?;
            let http = std::sync::Arc::clone(&ctx.http);
            resource::fetch(&http, &req, &mut |fresh| {
                Ok((!fresh).then(|| Presented {
                    token: token.clone(),
                    dpop: false,
                }))
            })?
        }
        None => {
            let key = ctx.entry_key()?;
            let store = ctx.store()?;
            let stored = refresh::load(&store, &key)?;
            let stored = if refresh::expiring(&stored.tokens, ctx.clock.now(), min_ttl) {
                super::refresh_stored(ctx, &store, &key, &stored, min_ttl, false)?
            } else {
                stored
            };
            // A DPoP-bound login proves with its stored key.
            let http = super::stored_http(ctx, &stored)?;
            let mut current = stored;
            resource::fetch(&http, &req, &mut |fresh| {
                if fresh {
                    if current.tokens.expose_refresh_token().is_none() {
                        return Ok(None);
                    }
                    current = super::refresh_stored(ctx, &store, &key, &current, min_ttl, true)?;
                }
                Ok(Some(Presented {
                    token: current.tokens.expose_access_token().to_owned(),
                    dpop: current.dpop_key.is_some(),
                }))
            })?
        }
    };
    let resp = &fetched.response;
    super::print(ctx, |p| {
        crate::output::fetch::render(p, format, args.include, resp)
    })?;
    if (200..300).contains(&resp.status) {
        return Ok(ExitStatus::Success);
    }
    Err(Error::CheckFailed(status_line(
        ctx,
        resp,
        fetched.refreshed,
    )))
}

/// The one line on stderr for a non-2xx answer, with the login command
/// that satisfies a step-up challenge.
fn status_line(ctx: &Context, resp: &crate::http::Response, refreshed: bool) -> String {
    let mut line = format!(
        "{} answered HTTP {}{}",
        crate::http::redact_url(&resp.url),
        resp.status,
        reason(resp.status)
            .map(|r| format!(" {r}"))
            .unwrap_or_default()
    );
    let error = resource::challenge_error(resp);
    match error.as_deref() {
        Some("invalid_token") if refreshed => {
            line.push_str(" (invalid_token, again after a refresh)");
        }
        Some(e @ ("insufficient_scope" | "insufficient_user_authentication")) => {
            let login = ctx
                .entry_key()
                .map(|k| k.login_command().to_owned())
                .unwrap_or_else(|_| "oauthctl login".into());
            let prefix = login.strip_suffix(" login").unwrap_or(&login);
            match resource::challenge(resp).and_then(|c| c.login_command(prefix, None)) {
                Some(cmd) => line.push_str(&format!(" ({e}); run `{cmd}`")),
                None => line.push_str(&format!(" ({e})")),
            }
        }
        Some(e) => line.push_str(&format!(" ({e})")),
        None => {}
    }
    line
}

/// The reason phrase of a status code.
pub(crate) fn reason(status: u16) -> Option<&'static str> {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
}

/// `-H 'Name: value'`.
fn parse_header(h: &str) -> Result<(String, String)> {
    let (name, value) = h
        .split_once(':')
        .ok_or_else(|| Error::usage(format!("-H '{h}': give a header as 'Name: value'")))?;
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::usage(format!(
            "-H '{h}': the header name is not valid"
        )));
    }
    if name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("dpop") {
        return Err(Error::usage(format!(
            "-H {name}: fetch sends the token (and its proof) itself; give another token with --token"
        )));
    }
    Ok((name.to_owned(), value.trim().to_owned()))
}

fn read_stdin() -> Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(crate::error::MAX_FILE_LEN * 16)
        .read_to_end(&mut buf)
        .map_err(|source| Error::ReadFile {
            what: "the request body from",
            path: "standard input".into(),
            source,
        })?;
    Ok(buf)
}
