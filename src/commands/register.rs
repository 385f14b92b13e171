//! `register [create|show|update|delete]`: dynamic client registration
//! (RFC 7591) and its management (RFC 7592). The registration access
//! token is kept in the store and printed only in `-o json` of create and
//! show, which carry the server's whole answer.

use serde_json::{Value, json};

use crate::cli::{OutputFormat, RegisterAction, RegisterArgs};
use crate::error::{Error, ExitStatus, Result};
use crate::flows::registration::{self, Changes, Jwks, Registration};
use crate::secret::Secret;
use crate::settings::Context;
use crate::store::EntryKey;

pub fn run(args: RegisterArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("register", &[OutputFormat::Text, OutputFormat::Json])?;
    let issuer = ctx.required_issuer(None)?;
    let changes = changes(&args, ctx)?;
    let store = ctx.store()?;
    let (reg, what) = match args.action {
        RegisterAction::Create => {
            let md = ctx.provider.metadata(&ctx.http)?;
            let endpoint = md.str("registration_endpoint").ok_or_else(|| {
                Error::usage(format!(
                    "{issuer} has no registration_endpoint: it does not support dynamic \
                     client registration (RFC 7591)"
                ))
            })?;
            let iat = args
                .initial_access_token
                .as_deref()
                .map(|s| source(s, ctx))
                .transpose()?;
            let mut doc = serde_json::Map::new();
            changes.apply(&mut doc);
            let reg = registration::create(&ctx.http, &issuer, endpoint, &doc, iat.as_ref())?;
            registration::save(
                &store,
                &EntryKey::registration(&issuer, Some(&reg.client_id)),
                &reg,
            )?;
            (Some(reg), "Registered")
        }
        action => {
            let client_id =
                ctx.provider.client_id.clone().ok_or_else(|| {
                    Error::usage("register show, update and delete need --client-id")
                })?;
            let stored = registration::load(&store, &issuer, Some(&client_id))?;
            let rat = match (&args.registration_access_token, &stored) {
                (Some(src), _) => source(src, ctx)?,
                (
                    None,
                    Some(Registration {
                        registration_access_token: Some(t),
                        ..
                    }),
                ) => t.clone(),
                _ => {
                    return Err(Error::usage(format!(
                        "no registration access token for {client_id} at {issuer} in the \
                         store: give --registration-access-token"
                    )));
                }
            };
            let uri = args
                .registration_client_uri
                .clone()
                .or_else(|| {
                    stored
                        .as_ref()
                        .and_then(|r| r.registration_client_uri.clone())
                })
                .ok_or_else(|| {
                    Error::usage(format!(
                        "no registration_client_uri for {client_id} at {issuer} in the store: \
                         give --registration-client-uri"
                    ))
                })?;
            match action {
                RegisterAction::Show => {
                    let mut reg = registration::read(&ctx.http, &issuer, &uri, &rat)?;
                    keep_token(&mut reg, &rat, &uri);
                    registration::save(
                        &store,
                        &EntryKey::registration(&issuer, Some(&client_id)),
                        &reg,
                    )?;
                    (Some(reg), "Registration")
                }
                RegisterAction::Update => {
                    // RFC 7592 §2.2: the whole metadata, as the server has it,
                    // with the changes applied.
                    let current = registration::read(&ctx.http, &issuer, &uri, &rat)?;
                    let mut doc = current.metadata.clone();
                    changes.apply(&mut doc);
                    let reg = registration::update(&ctx.http, &issuer, &uri, &rat, &doc)?;
                    registration::save(
                        &store,
                        &EntryKey::registration(&issuer, Some(&client_id)),
                        &reg,
                    )?;
                    (Some(reg), "Updated")
                }
                _ => {
                    registration::delete(&ctx.http, &uri, &rat)?;
                    store.delete(&EntryKey::registration(&issuer, Some(&client_id)))?;
                    if registration::load(&store, &issuer, None)?
                        .is_some_and(|r| r.client_id == client_id)
                    {
                        store.delete(&EntryKey::registration(&issuer, None))?;
                    }
                    ctx.printer.notice(&format!(
                        "Deleted the registration of {client_id} at {issuer}"
                    ));
                    (None, "Deleted")
                }
            }
        }
    };
    let Some(reg) = reg else {
        if format == OutputFormat::Json {
            super::print(ctx, |p| p.json(&json!({"deleted": true})))?;
        }
        return Ok(ExitStatus::Success);
    };
    super::print(ctx, |p| match format {
        // Only create and show print the token: update's answer may carry
        // a new one, but it is kept in the store, not shown.
        OutputFormat::Json if args.action == RegisterAction::Update => {
            p.json(&Value::Object(reg.public_metadata()))
        }
        OutputFormat::Json => p.json(&Value::Object(reg.metadata.clone())),
        _ => crate::output::resource::render_registration(p.out(), what, &reg),
    })
}

/// A show's answer may omit the token and URI the server did not rotate.
fn keep_token(reg: &mut Registration, rat: &Secret<String>, uri: &str) {
    if reg.registration_access_token.is_none() {
        reg.registration_access_token = Some(rat.clone());
    }
    if reg.registration_client_uri.is_none() {
        reg.registration_client_uri = Some(uri.to_owned());
    }
}

fn source(spec: &str, ctx: &Context) -> Result<Secret<String>> {
    crate::sources::read(spec, &crate::sources::SourceContext::process(&ctx.http))
}

fn changes(args: &RegisterArgs, ctx: &Context) -> Result<Changes> {
    let jwks = match args.jwks.as_deref() {
        None => None,
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => {
            Some(Jwks::Uri(u.to_owned()))
        }
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| Error::ReadFile {
                what: "the key set",
                path: path.into(),
                source,
            })?;
            let v: Value = serde_json::from_str(&text)
                .map_err(|e| Error::input(format!("the key set {path}"), e.to_string()))?;
            if !v.get("keys").is_some_and(Value::is_array) {
                return Err(Error::input(
                    format!("the key set {path}"),
                    "not a JWK Set (no \"keys\" array)",
                ));
            }
            // Only public keys leave the machine: a key set with private
            // members (RSA/EC/OKP `d`, symmetric `k`) is refused.
            let private = v["keys"].as_array().is_some_and(|keys| {
                keys.iter().any(|k| {
                    ["d", "p", "q", "dp", "dq", "qi", "k"]
                        .iter()
                        .any(|m| k.get(m).is_some())
                })
            });
            if private {
                return Err(Error::input(
                    format!("the key set {path}"),
                    "it holds private keys; give the public key set, so that no private key \
                     is sent to the server",
                ));
            }
            Some(Jwks::Value(v))
        }
    };
    let software_statement = match args.software_statement.as_deref() {
        Some(s) if s.starts_with('@') => Some(source(s, ctx)?.expose().trim().to_owned()),
        other => other.map(str::to_owned),
    };
    Ok(Changes {
        name: args.name.clone(),
        redirect_uris: args.redirect_uri.clone(),
        grant_types: args.grant_type.clone(),
        auth_method: args.auth_method.clone(),
        jwks,
        scope: args.scope.clone(),
        software_statement,
    })
}
