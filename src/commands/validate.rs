//! `validate [TOKEN]` and `validate --bulk`: every check, each by name.

use std::io::{BufRead, BufWriter, Write};
use std::sync::Arc;

use rayon::prelude::*;

use crate::cli::{OutputFormat, ValidateArgs};
use crate::clock::parse_instant;
use crate::error::{Error, ExitStatus, Result};
use crate::jwt::Alg;
use crate::jwt::keys::{self, Key};
use crate::jwt::validate::{Options, Refetch, Validator};
use crate::settings::Context;

/// Lines validated per batch in `--bulk`: enough to keep every core busy,
/// few enough that memory stays flat whatever the input size.
const BULK_BATCH: usize = 8192;
/// And at most this many bytes of tokens per batch.
const BULK_BATCH_BYTES: usize = 8 * 1024 * 1024;

pub fn run(args: ValidateArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("validate", &[OutputFormat::Text, OutputFormat::Json])?;
    let issuer = ctx.provider.issuer.clone();
    let (keys, refetch) = resolve_keys(&args, issuer.as_deref(), ctx)?;
    let opts = options(&args, issuer, ctx)?;
    let validator = Validator::new(opts, keys, refetch);

    if args.bulk {
        return bulk(&validator);
    }
    let token = super::read_token(args.token)?;
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
        leeway: i64::try_from(args.leeway).map_err(|_| Error::usage("--leeway is too large"))?,
        issuer,
        audiences: args.audience.clone(),
        client_id: ctx.provider.client_id.clone(),
        typ: args.typ.clone(),
        nonce: args.nonce.clone(),
        access_token: args.access_token.clone(),
        code: args.code.clone(),
        max_age: args
            .max_age
            .map(|m| i64::try_from(m).map_err(|_| Error::usage("--max-age is too large")))
            .transpose()?,
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

/// The keys from every source given; a remote set can be refetched once.
fn resolve_keys(
    args: &ValidateArgs,
    issuer: Option<&str>,
    ctx: &Context,
) -> Result<(Vec<Key>, Option<Refetch>)> {
    let mut keys = Vec::new();
    let mut jwks_uri = args.jwks_uri.clone();
    let local = args.jwks.is_some() || !args.key.is_empty() || args.secret_file.is_some();
    if jwks_uri.is_none() && !local {
        match issuer {
            Some(issuer) => {
                let md = crate::provider::discovery::fetch(&ctx.http, issuer)?;
                let uri = md.jwks_uri()?.ok_or_else(|| Error::BadResponse {
                    what: "fetching the issuer's metadata from".into(),
                    url: md.source_url.clone(),
                    detail: "the document has no jwks_uri, so there are no keys to verify with"
                        .into(),
                })?;
                jwks_uri = Some(uri.to_owned());
            }
            None => {
                return Err(Error::usage(
                    "no key to verify the signature: give --issuer, --jwks-uri, --jwks, --key or --secret-file",
                ));
            }
        }
    }
    let mut refetch: Option<Refetch> = None;
    if let Some(uri) = jwks_uri {
        keys.extend(crate::provider::jwks::fetch(&ctx.http, &uri)?.keys);
        let http = Arc::clone(&ctx.http);
        refetch = Some(Box::new(move || {
            crate::provider::jwks::fetch(&http, &uri)
                .map(|s| s.keys)
                .map_err(|e| crate::error::chain(&e))
        }));
    }
    if let Some(path) = &args.jwks {
        let set = crate::provider::jwks::read(path)?;
        if set.keys.is_empty() {
            return Err(Error::input(
                format!("key set {}", path.display()),
                "no usable key in the set",
            ));
        }
        keys.extend(set.keys);
    }
    for path in &args.key {
        keys.extend(keys::load_file(path)?);
    }
    if let Some(path) = &args.secret_file {
        let secret = super::read_secret_file(path)?;
        keys.push(Key::from_secret(
            secret,
            &format!("secret file {}", path.display()),
        ));
    }
    Ok((keys, refetch))
}

/// One JSON line per token, in input order, batches spread over every core.
fn bulk(validator: &Validator) -> Result<ExitStatus> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut all_valid = true;
    let mut line_no = 0usize;
    let mut batch: Vec<(usize, String)> = Vec::with_capacity(BULK_BATCH);
    loop {
        batch.clear();
        let mut eof = false;
        let mut bytes = 0usize;
        while batch.len() < BULK_BATCH && bytes < BULK_BATCH_BYTES {
            let mut line = String::new();
            let n = read_bounded_line(&mut input, &mut line).map_err(|source| Error::ReadFile {
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
            if !line.trim().is_empty() {
                batch.push((line_no, line));
            }
        }
        let lines: Vec<(bool, String)> = batch
            .par_iter()
            .map(|(n, line)| {
                let report = validator.validate(crate::jwt::clean_input(line));
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

/// Read one line, keeping at most a little more than the largest token
/// oauthctl accepts (the rest of an oversized line is read and dropped, so
/// memory stays flat; the kept part fails the size check). Returns the bytes
/// consumed, 0 at end of input.
fn read_bounded_line(input: &mut impl BufRead, line: &mut String) -> std::io::Result<usize> {
    use std::io::Read;
    let limit = crate::jwt::MAX_TOKEN_LEN as u64 + 2;
    let mut n = input.by_ref().take(limit).read_line(line)?;
    if n as u64 == limit && !line.ends_with('\n') {
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
        let mut line = String::new();
        let n = read_bounded_line(&mut r, &mut line).unwrap();
        assert_eq!(n, big.len() + 1);
        assert!(line.len() <= crate::jwt::MAX_TOKEN_LEN + 2);
        line.clear();
        read_bounded_line(&mut r, &mut line).unwrap();
        assert_eq!(line, "next\n");
    }
}
