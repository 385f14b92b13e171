//! `encode`: sign a JWT from claims and a key.

use serde_json::{Map, Value};

use crate::cli::{EncodeArgs, OutputFormat};
use crate::clock::parse_relative;
use crate::error::{Error, ExitStatus, Result};
use crate::jwt::encode::{self, SignAlg, SigningKey, parse_assignment};
use crate::settings::Context;

pub fn run(args: EncodeArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("encode", &[OutputFormat::Text, OutputFormat::Json])?;
    let key: Option<SigningKey> = match (&args.key, &args.secret_file) {
        (Some(_), Some(_)) => return Err(Error::usage("give --key or --secret-file, not both")),
        (Some(path), None) => Some(encode::load_private(path)?),
        (None, Some(path)) => Some(SigningKey::hmac(&super::read_secret_file(path)?)),
        (None, None) => None,
    };
    let alg = match (&args.alg, &key) {
        (Some(name), _) => SignAlg::from_name(name).ok_or_else(|| {
            Error::usage(format!(
                "unknown --alg '{name}' (HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA, none)"
            ))
        })?,
        (None, Some(k)) => SignAlg::Alg(k.default_alg()),
        (None, None) => return Err(Error::usage("no key: give --key FILE or --secret-file FILE (or --alg none)")),
    };
    if alg == SignAlg::None {
        ctx.printer
            .warn("alg none: this token is unsigned, and any careful verifier rejects it");
        if key.is_some() {
            ctx.printer.warn("the key is not used with alg none");
        }
    }

    let now = ctx.clock.now();
    let mut claims = base_claims(args.claims.as_deref())?;
    for c in &args.claim {
        let (k, v) = parse_assignment(c).map_err(|e| Error::usage(format!("--claim {e}")))?;
        claims.insert(k, v);
    }
    for (name, value) in [("exp", &args.exp), ("iat", &args.iat), ("nbf", &args.nbf)] {
        if let Some(v) = value {
            claims.insert(name.into(), parse_relative(v, now)?.into());
        }
    }
    if let Some(jti) = &args.jti {
        let jti = if jti.is_empty() {
            encode::random_id()
        } else {
            jti.clone()
        };
        claims.insert("jti".into(), jti.into());
    }

    let mut header = Map::new();
    match args.typ.as_deref() {
        None => {
            header.insert("typ".into(), "JWT".into());
        }
        Some("") => {}
        Some(t) => {
            header.insert("typ".into(), t.into());
        }
    }
    let kid = args.kid.clone().or_else(|| {
        key.as_ref()
            .and_then(|k| k.public.as_ref())
            .and_then(|p| p.kid.clone())
    });
    if let Some(kid) = kid {
        header.insert("kid".into(), kid.into());
    }
    for h in &args.header {
        let (k, v) = parse_assignment(h).map_err(|e| Error::usage(format!("--header {e}")))?;
        if k == "alg" {
            return Err(Error::usage(
                "set the algorithm with --alg, not --header alg=…",
            ));
        }
        header.insert(k, v);
    }

    let token = encode::sign(alg, &header, &claims, key.as_ref())
        .map_err(|e| Error::input("signing the token", e))?;
    match format {
        OutputFormat::Json => {
            header.insert("alg".into(), alg.name().into());
            ctx.printer
                .json(&serde_json::json!({ "token": token, "header": header, "claims": claims }))
        }
        _ => writeln!(ctx.printer.out(), "{token}"),
    }
    .map_err(super::stdout_error)?;
    Ok(ExitStatus::Success)
}

fn base_claims(spec: Option<&str>) -> Result<Map<String, Value>> {
    let Some(spec) = spec else {
        return Ok(Map::new());
    };
    let (text, what) = match spec.strip_prefix('@') {
        Some(path) => {
            let bytes = crate::error::read_file("claims file", std::path::Path::new(path))?;
            (
                String::from_utf8_lossy(&bytes).into_owned(),
                format!("claims file {path}"),
            )
        }
        None => (spec.to_owned(), "--claims".to_owned()),
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(other) => Err(Error::input(
            what,
            format!(
                "expected a JSON object, got {}",
                crate::jwt::json_type_name(&other)
            ),
        )),
        Err(e) => Err(Error::input(what, format!("invalid JSON: {e}"))),
    }
}
