//! `validate [TOKEN]` and `validate --bulk`: every check, each by name.

use std::io::{BufRead, BufWriter, Write};

use rayon::prelude::*;

use crate::cli::{OutputFormat, ValidateArgs};
use crate::clock::parse_instant;
use crate::error::{Error, ExitStatus, Result};
use crate::jwt::Alg;
use crate::jwt::validate::{Options, Validator};
use crate::provider::keys::{self, KeySource};
use crate::settings::Context;

/// Lines validated per batch in `--bulk`: enough to keep every core busy,
/// few enough that memory stays flat whatever the input size.
const BULK_BATCH: usize = 8192;
/// And at most this many bytes of tokens per batch.
const BULK_BATCH_BYTES: usize = 8 * 1024 * 1024;

pub fn run(args: ValidateArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("validate", &[OutputFormat::Text, OutputFormat::Json])?;
    if let Some(proof) = &args.dpop_proof {
        return dpop_proof(&args, proof, format, ctx);
    }
    let issuer = ctx.provider.issuer.clone();
    let resolved = keys::resolve_all(&ctx.http, &key_sources(&args, issuer.as_deref())?)?;
    let opts = options(&args, issuer, ctx)?;
    let refetch = resolved.refetch(&ctx.http);
    let validator = Validator::new(opts, resolved.keys, refetch);

    if args.bulk {
        return bulk(&validator);
    }
    let token = super::read_token(args.token, ctx)?;
    let report = validator.validate(&token);
    match format {
        OutputFormat::Json => ctx.printer.json(&report),
        _ => crate::output::token::render_report(ctx.printer.out(), &report),
    }
    .map_err(super::stdout_error)?;
    Ok(if report.valid {
        ExitStatus::Success
    } else {
        ExitStatus::CheckFailed
    })
}

fn options(args: &ValidateArgs, issuer: Option<String>, ctx: &Context) -> Result<Options> {
    let algorithms = if args.algs.is_empty() {
        None
    } else {
        let mut list = Vec::new();
        for name in args.algs.iter().flat_map(|a| a.split(',')) {
            if name.eq_ignore_ascii_case("none") {
                return Err(Error::usage(
                    "--alg none: oauthctl never accepts unsigned tokens (RFC 8725 §3.1)",
                ));
            }
            list.push(Alg::from_name(name.trim()).ok_or_else(|| {
                Error::usage(format!("unknown --alg '{name}' (HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA)"))
            })?);
        }
        Some(list)
    };
    let claims = args
        .claim
        .iter()
        .map(|c| match c.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
            _ => Err(Error::usage(format!("--claim '{c}' is not NAME=VALUE"))),
        })
        .collect::<Result<Vec<_>>>()?;
    let now = match &args.now {
        Some(t) => parse_instant(t)?,
        None => ctx.clock.now(),
    };
    Ok(Options {
        algorithms,
        now,
        leeway: span("--leeway", args.leeway)?,
        issuer,
        audiences: args.audience.clone(),
        client_id: ctx.provider.client_id.clone(),
        typ: args.typ.clone(),
        nonce: args.nonce.clone(),
        access_token: args.access_token.clone(),
        code: args.code.clone(),
        max_age: args.max_age.map(|m| span("--max-age", m)).transpose()?,
        required: args.require.clone(),
        claims,
        scopes: args
            .scope
            .iter()
            .flat_map(|s| s.split_whitespace())
            .map(str::to_owned)
            .collect(),
    })
}

/// `validate --dpop-proof`: the proof's checks, each by name (RFC 9449
/// §4.3); with a token, also `ath` and the token's `cnf.jkt` (read from the
/// token without verifying it: validate the token itself on its own).
fn dpop_proof(
    args: &ValidateArgs,
    proof: &str,
    format: OutputFormat,
    ctx: &mut Context,
) -> Result<ExitStatus> {
    use crate::jwt::dpop;
    use crate::jwt::validate::Status;
    let token = match &args.token {
        Some(t) => Some(super::read_token(Some(t.clone()), ctx)?),
        None => None,
    };
    let now = match &args.now {
        Some(t) => parse_instant(t)?,
        None => ctx.clock.now(),
    };
    let (Some(method), Some(url)) = (&args.method, &args.url) else {
        return Err(Error::usage("--dpop-proof needs --method and --url"));
    };
    let method = method.to_ascii_uppercase();
    // The token's binding, when it is a JWT with one.
    let bound = token.as_deref().map(token_jkt);
    let jkt = bound.as_ref().and_then(|b| b.as_ref().ok()).cloned();
    let mut report = dpop::check(
        crate::jwt::clean_input(proof),
        &dpop::Expect {
            method: &method,
            url,
            now,
            leeway: span("--leeway", args.leeway)?,
            nonce: args.dpop_nonce.as_deref(),
            access_token: token.as_deref(),
            jkt: jkt.as_deref(),
        },
    );
    if let Some(Err((status, why))) = bound
        && let Some(c) = report.checks.iter_mut().find(|c| c.name == "cnf.jkt")
    {
        c.status = status;
        c.detail = why;
        report.valid = !report.checks.iter().any(|c| c.status == Status::Failed);
    }
    match format {
        OutputFormat::Json => ctx.printer.json(&report),
        _ => crate::output::token::render_report(ctx.printer.out(), &report),
    }
    .map_err(super::stdout_error)?;
    Ok(if report.valid {
        ExitStatus::Success
    } else {
        ExitStatus::CheckFailed
    })
}

/// The `cnf.jkt` of a token (RFC 9449 §6.1), or what the `cnf.jkt` check
/// says when there is none: failed for a JWT that is not DPoP-bound, not
/// checked for a token that is no JWT (an opaque token: its binding is
/// what introspection says).
fn token_jkt(token: &str) -> std::result::Result<String, (crate::jwt::validate::Status, String)> {
    use crate::jwt::validate::Status;
    let claims = match crate::jwt::parse(token) {
        Ok(crate::jwt::Parsed::Jws(j)) => j.claims.ok(),
        _ => None,
    };
    let Some(claims) = claims else {
        return Err((
            Status::NotChecked,
            "the token is no JWT with claims: its binding cannot be read here \
             (introspect it: cnf.jkt)"
                .into(),
        ));
    };
    match claims.get("cnf").and_then(|c| c.get("jkt")) {
        Some(serde_json::Value::String(j)) => Ok(j.clone()),
        Some(_) => Err((Status::Failed, "the token's cnf.jkt is not a string".into())),
        None => Err((
            Status::Failed,
            "the token has no cnf.jkt: it is not bound to a DPoP key".into(),
        )),
    }
}

/// A span of seconds from an option, at most the 9999 years that any
/// instant oauthctl accepts can be apart; larger is a usage error, never a
/// wrapped sum.
fn span(option: &str, secs: u64) -> Result<i64> {
    i64::try_from(secs)
        .ok()
        .filter(|s| *s <= crate::clock::MAX_INSTANT)
        .ok_or_else(|| {
            Error::usage(format!(
                "{option} {secs} is too large (at most {} seconds)",
                crate::clock::MAX_INSTANT
            ))
        })
}

/// The key sources the arguments name, in the order they are read: a
/// remote set first (`--jwks-uri`, else the issuer's discovery when no local
/// key is given), then `--jwks`, `--key` and `--secret-file`.
fn key_sources(args: &ValidateArgs, issuer: Option<&str>) -> Result<Vec<KeySource>> {
    let local = args.jwks.is_some() || !args.key.is_empty() || args.secret_file.is_some();
    let remote = match (&args.jwks_uri, issuer) {
        (Some(uri), _) => Some(KeySource::JwksUrl(uri.clone())),
        (None, Some(issuer)) if !local => Some(KeySource::Issuer(issuer.to_owned())),
        (None, None) if !local => {
            return Err(Error::usage(
                "no key to verify the signature: give --issuer, --jwks-uri, --jwks, --key or --secret-file",
            ));
        }
        (None, _) => None,
    };
    Ok(remote
        .into_iter()
        .chain(args.jwks.iter().cloned().map(KeySource::JwksFile))
        .chain(args.key.iter().cloned().map(KeySource::KeyFile))
        .chain(args.secret_file.iter().cloned().map(KeySource::SecretFile))
        .collect())
}

/// One JSON line per token, in input order, batches spread over every core.
/// A line that cannot be a token (not UTF-8, longer than any token) gets
/// its own line saying why, like any malformed token; the others go on.
fn bulk(validator: &Validator) -> Result<ExitStatus> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut all_valid = true;
    let mut line_no = 0usize;
    let mut batch: Vec<(usize, Result<String, String>)> = Vec::with_capacity(BULK_BATCH);
    loop {
        batch.clear();
        let mut eof = false;
        let mut bytes = 0usize;
        while batch.len() < BULK_BATCH && bytes < BULK_BATCH_BYTES {
            // A fresh buffer per line: it becomes the line's String, uncopied.
            let mut raw = Vec::new();
            let n = read_bounded_line(&mut input, &mut raw).map_err(|source| Error::ReadFile {
                what: "tokens from",
                path: "standard input".into(),
                source,
            })?;
            if n == 0 {
                eof = true;
                break;
            }
            line_no += 1;
            bytes += n;
            if let Some(line) = bulk_input(raw, n) {
                batch.push((line_no, line));
            }
        }
        let lines: Vec<(bool, String)> = batch
            .par_iter()
            .map(|(n, line)| {
                let report = match line {
                    Ok(line) => validator.validate(crate::jwt::clean_input(line)),
                    Err(why) => crate::jwt::validate::malformed(why.clone()),
                };
                (report.valid, crate::output::token::bulk_line(*n, &report))
            })
            .collect();
        for (valid, text) in lines {
            all_valid &= valid;
            out.write_all(text.as_bytes())
                .map_err(super::stdout_error)?;
            out.write_all(b"\n").map_err(super::stdout_error)?;
        }
        if eof {
            break;
        }
    }
    out.flush().map_err(super::stdout_error)?;
    Ok(if all_valid {
        ExitStatus::Success
    } else {
        ExitStatus::CheckFailed
    })
}

/// One line of `--bulk` input as kept by [`read_bounded_line`] (`kept`
/// bytes of the `read` consumed): `None` for a blank line, the text of a
/// token, or why the line cannot be one.
fn bulk_input(kept: Vec<u8>, read: usize) -> Option<Result<String, String>> {
    let max = crate::jwt::MAX_TOKEN_LEN;
    if read > kept.len() {
        // Cut by the reader, perhaps inside a character: say what it was.
        return Some(Err(format!(
            "the token is longer than the {max} bytes oauthctl accepts ({read} bytes read)"
        )));
    }
    match String::from_utf8(kept) {
        Ok(text) if text.trim().is_empty() => None,
        Ok(text) => Some(Ok(text)),
        Err(e) => Some(Err(format!(
            "the line is not UTF-8 (an invalid byte at offset {}), so it is no token",
            e.utf8_error().valid_up_to()
        ))),
    }
}

/// Read one line as bytes, keeping at most a little more than the largest
/// token oauthctl accepts (the rest of an oversized line is read and
/// dropped, so memory stays flat). Returns the bytes consumed, 0 at end of
/// input; more than `line.len()` when the line was cut.
fn read_bounded_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> std::io::Result<usize> {
    use std::io::Read;
    let limit = crate::jwt::MAX_TOKEN_LEN as u64 + 2;
    let mut n = input.by_ref().take(limit).read_until(b'\n', line)?;
    if n as u64 == limit && !line.ends_with(b"\n") {
        let mut rest = Vec::new();
        loop {
            rest.clear();
            let m = input
                .by_ref()
                .take(64 * 1024)
                .read_until(b'\n', &mut rest)?;
            n += m;
            if m == 0 || rest.ends_with(b"\n") {
                break;
            }
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_lines_are_cut_and_the_next_line_survives() {
        let big = "a".repeat(crate::jwt::MAX_TOKEN_LEN * 3);
        let input = format!("{big}\nnext\n");
        let mut r = std::io::Cursor::new(input.as_bytes());
        let mut line = Vec::new();
        let n = read_bounded_line(&mut r, &mut line).unwrap();
        assert_eq!(n, big.len() + 1);
        assert!(line.len() <= crate::jwt::MAX_TOKEN_LEN + 2);
        assert!(
            bulk_input(line, n)
                .unwrap()
                .unwrap_err()
                .contains("longer than")
        );
        let mut line = Vec::new();
        let n = read_bounded_line(&mut r, &mut line).unwrap();
        assert_eq!(bulk_input(line, n), Some(Ok("next\n".to_owned())));
    }

    #[test]
    fn undecodable_and_blank_lines() {
        let e = bulk_input(b"abc\xff.def\n".to_vec(), 9)
            .unwrap()
            .unwrap_err();
        assert!(e.contains("not UTF-8 (an invalid byte at offset 3)"), "{e}");
        assert_eq!(bulk_input(b" \t\r\n".to_vec(), 4), None);
    }
}
