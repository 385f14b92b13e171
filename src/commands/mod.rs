//! One module per subcommand. Each reads its arguments and the settings,
//! calls one capability, and hands the result to `output`. No protocol
//! logic lives here.

mod client_credentials;
mod completions;
mod credential;
mod decode;
mod demo;
mod device;
mod discover;
mod encode;
mod exchange;
mod exec;
mod fetch;
mod introspect;
mod jwks;
mod login;
mod logout;
mod probe;
mod refresh;
mod register;
mod resource_login;
mod serve;
mod store;
mod token;
mod userinfo;
mod validate;

use std::io::IsTerminal;

use crate::cli::Command;
use crate::error::{Error, ExitStatus, Result};
use crate::settings::Context;

/// What token-producing commands print (DESIGN.md): the bare token first.
pub(crate) const TOKEN_FORMATS: &[crate::cli::OutputFormat] = &[
    crate::cli::OutputFormat::Text,
    crate::cli::OutputFormat::Json,
    crate::cli::OutputFormat::Header,
    crate::cli::OutputFormat::ExecCredential,
];

/// Run one subcommand.
pub fn dispatch(command: Command, ctx: &mut Context) -> Result<ExitStatus> {
    match command {
        Command::Decode(args) => decode::run(args, ctx),
        Command::Validate(args) => validate::run(*args, ctx),
        Command::Encode(args) => encode::run(args, ctx),
        Command::Login(args) => login::run(*args, ctx),
        Command::Device(args) => device::run(*args, ctx),
        Command::ClientCredentials(args) => client_credentials::run(*args, ctx),
        Command::Exchange(args) => exchange::run(*args, ctx),
        Command::Token(args) => token::run(*args, ctx),
        Command::Refresh(args) => refresh::run(*args, ctx),
        Command::Logout(args) => logout::run(*args, ctx),
        Command::Introspect(args) => introspect::run(*args, ctx),
        Command::Userinfo(args) => userinfo::run(*args, ctx),
        Command::Discover(args) => discover::run(args, ctx),
        Command::Register(args) => register::run(*args, ctx),
        Command::Jwks(args) => jwks::run(args, ctx),
        Command::Serve(args) => serve::run(*args, ctx),
        Command::Probe(args) => probe::run(args, ctx),
        Command::Demo(args) => demo::run(args, ctx),
        Command::Store(args) => store::run(args, ctx),
        Command::Completions(args) => completions::run(args, ctx),
        Command::Fetch(args) => fetch::run(*args, ctx),
        Command::Exec(args) => exec::run(*args, ctx),
        Command::Credential(args) => credential::run(args, ctx),
    }
}

/// Hand the printer to a renderer; an error writing to stdout is
/// [`stdout_error`].
pub(crate) fn print(
    ctx: &mut Context,
    render: impl FnOnce(&mut crate::output::Printer) -> std::io::Result<()>,
) -> Result<ExitStatus> {
    render(&mut ctx.printer).map_err(stdout_error)?;
    Ok(ExitStatus::Success)
}

/// Refresh a stored login with the settings' client (see
/// `flows::refresh::refresh_stored`), saying so when the store fell back
/// to files.
pub(crate) fn refresh_stored(
    ctx: &mut Context,
    store: &crate::store::Store,
    key: &crate::store::EntryKey,
    stored: &crate::store::StoredTokens,
    min_ttl: i64,
    force: bool,
) -> Result<crate::store::StoredTokens> {
    // A DPoP-bound login refreshes with proofs from its stored key.
    let http = stored_http(ctx, stored)?;
    let fresh = ctx
        .provider
        .stored_client(&http, ctx.clock.as_ref(), |client| {
            crate::flows::refresh::refresh_stored(store, key, stored, client, min_ttl, force)
        })?;
    if fresh.refreshed {
        ctx.store_notice();
    }
    Ok(fresh.stored)
}

/// What a token command may print for a DPoP-bound token (`bound`): the
/// bare token and JSON; `-o header` only with `--url` (`url`; for
/// `refresh`, `None` and never given), since the proof is made for one
/// request; never `-o exec-credential`, since kubectl sends the token as
/// Bearer and makes no proofs. `--url` alone is refused for a plain token.
pub(crate) fn dpop_output(
    format: crate::cli::OutputFormat,
    bound: bool,
    url: Option<&str>,
    url_flag: bool,
) -> Result<()> {
    use crate::cli::OutputFormat;
    match (bound, format, url) {
        (true, OutputFormat::Header, None) if url_flag => Err(Error::usage(
            "-o header for a DPoP-bound token needs the request a proof is made for: \
             give --url URL (and --method METHOD, default GET)",
        )),
        (true, OutputFormat::Header, None) => Err(Error::usage(
            "-o header for a DPoP-bound token needs a proof for one request: \
             use `oauthctl token -o header --url URL`",
        )),
        (true, OutputFormat::ExecCredential, _) => Err(Error::usage(
            "-o exec-credential: a DPoP-bound token needs a proof with every request, \
             which kubectl does not make",
        )),
        (true, OutputFormat::Header, Some(_)) | (_, _, None) => Ok(()),
        (_, _, Some(_)) => Err(Error::usage(
            "--url makes a DPoP proof for -o header, and only for a DPoP-bound token",
        )),
    }
}

/// The HTTP client that makes DPoP proofs with `key`.
pub(crate) fn dpop_http(
    ctx: &Context,
    key: std::sync::Arc<crate::jwt::dpop::ProofKey>,
) -> crate::http::HttpClient {
    let signer = crate::flows::dpop::Signer::new(key, std::sync::Arc::clone(&ctx.clock));
    ctx.http.with_dpop(std::sync::Arc::new(signer))
}

/// The HTTP client for a stored login: one making proofs with the stored
/// DPoP key when the login is DPoP-bound, else the plain one.
pub(crate) fn stored_http(
    ctx: &Context,
    stored: &crate::store::StoredTokens,
) -> Result<std::sync::Arc<crate::http::HttpClient>> {
    Ok(match stored_dpop_key(ctx, stored)? {
        Some(key) => std::sync::Arc::new(dpop_http(ctx, key)),
        None => std::sync::Arc::clone(&ctx.http),
    })
}

/// A stored login's DPoP key, if it has one (with `--dpop-alg` when given).
pub(crate) fn stored_dpop_key(
    ctx: &Context,
    stored: &crate::store::StoredTokens,
) -> Result<Option<std::sync::Arc<crate::jwt::dpop::ProofKey>>> {
    let alg = ctx.provider.dpop.as_ref().and_then(|d| d.alg);
    stored
        .dpop_key
        .as_ref()
        .map(|pem| crate::settings::stored_dpop_key(pem, alg))
        .transpose()
}

/// For a sign-in with `--dpop`: the key to bind the tokens to (given or
/// generated) and the client that makes proofs with it; `None` without.
pub(crate) fn dpop_for_sign_in(
    ctx: &Context,
) -> Result<
    Option<(
        std::sync::Arc<crate::jwt::dpop::ProofKey>,
        std::sync::Arc<crate::http::HttpClient>,
    )>,
> {
    let Some(dpop) = &ctx.provider.dpop else {
        return Ok(None);
    };
    let key = dpop.key_or_generate()?;
    let http = std::sync::Arc::new(dpop_http(ctx, std::sync::Arc::clone(&key)));
    Ok(Some((key, http)))
}

/// The DPoP key to keep with tokens from a sign-in made with `key`: kept
/// when the server bound them (`token_type` DPoP); a warning, and nothing
/// kept, when it issued Bearer tokens all the same.
pub(crate) fn bound_key(
    ctx: &mut Context,
    key: Option<&crate::jwt::dpop::ProofKey>,
    tokens: &crate::flows::TokenSet,
) -> Option<crate::secret::Secret<String>> {
    let key = key?;
    if tokens.token_type.eq_ignore_ascii_case("dpop") {
        return Some(key.to_storage());
    }
    ctx.printer.warn(&format!(
        "the server issued a {} token, not a DPoP-bound one: it does not support DPoP \
         for this client, and the token works without proofs",
        tokens.token_type
    ));
    None
}

/// Keep a sign-in's tokens in the store, under the profile (or the
/// issuer and client ID), with the DPoP key they are bound to, if any;
/// returns where, for the summary.
pub(crate) fn store_tokens(
    ctx: &mut Context,
    issuer: &str,
    client_id: &str,
    tokens: &crate::flows::TokenSet,
    dpop_key: Option<crate::secret::Secret<String>>,
) -> Result<Option<String>> {
    use crate::store::{EntryKey, StoredTokens};
    let key = match (&ctx.profile_name, &ctx.provider.from_resource) {
        (Some(name), _) => EntryKey::profile(name),
        (None, Some(resource)) => EntryKey::resource(resource),
        (None, None) => EntryKey::client(issuer, client_id),
    };
    let store = ctx.store()?;
    store.save_login(
        &key,
        &StoredTokens {
            issuer: Some(issuer.to_owned()),
            client_id: client_id.to_owned(),
            token_endpoint: ctx
                .provider
                .endpoints
                .token
                .as_ref()
                .filter(|e| e.source != crate::settings::Source::Flag)
                .map(|e| e.url.clone()),
            resources: ctx.provider.resources.clone(),
            tokens: tokens.clone(),
            dpop_key,
        },
    )?;
    ctx.store_notice();
    Ok(Some(store.location(&key)))
}

/// An error writing to stdout (a closed pipe ends quietly in `main`).
pub(crate) fn stdout_error(source: std::io::Error) -> Error {
    Error::WriteFile {
        what: "to standard output",
        path: "-".into(),
        source,
    }
}

/// The token a command reads: a token source (`crate::sources`: the
/// token itself, `-`, `@FILE`, `env:VAR`, `exec:CMD`, a CI identity
/// source), or stdin when there is no argument and stdin is not a terminal;
/// whitespace, quotes and a `Bearer ` prefix are stripped.
pub(crate) fn read_token(arg: Option<String>, ctx: &Context) -> Result<String> {
    let spec = match arg {
        Some(spec) => spec,
        None if std::io::stdin().is_terminal() => {
            return Err(Error::usage(
                "no token: give one as an argument (or -, @FILE, env:VAR, exec:CMD, a CI \
                 source such as github-actions:AUDIENCE) or pipe it on stdin",
            ));
        }
        None => "-".to_owned(),
    };
    let source = crate::sources::Source::parse(&spec)?;
    let raw = source.read(&crate::sources::SourceContext::process(&ctx.http))?;
    let token = crate::jwt::clean_input(raw.expose());
    if token.is_empty() {
        return Err(Error::usage(format!(
            "no token: {} gave an empty one",
            source.describe()
        )));
    }
    Ok(token.to_owned())
}

/// Read a secret file: raw bytes, one trailing newline removed.
pub(crate) fn read_secret_file(path: &std::path::Path) -> Result<Vec<u8>> {
    crate::provider::keys::read_secret_file(path)
}

/// A machine token (`cc`, `exchange`) from the cache when `cache` is given
/// and it has more than `min_ttl` left, else from `fetch` (and cached);
/// says when it could not be cached.
fn cached_machine_token(
    ctx: &mut Context,
    cache: Option<&crate::flows::cache::TokenCache>,
    key: &str,
    min_ttl: i64,
    fetch: impl FnOnce() -> Result<crate::flows::cache::Entry>,
) -> Result<crate::flows::cache::Entry> {
    use crate::flows::cache::Origin;
    let Some(cache) = cache else {
        return fetch();
    };
    let (entry, origin) = cache.get_or_fetch_entry(key, ctx.clock.as_ref(), min_ttl, fetch)?;
    match origin {
        Origin::Cached => ctx.store_notice(),
        Origin::NotCached(e) => ctx
            .printer
            .warn(&format!("not cached: {}", crate::error::chain(&e))),
        Origin::Hit | Origin::Uncacheable => {}
    }
    Ok(entry)
}

/// Print a machine token as `format` asks; with `url` and a DPoP-bound
/// token, the two headers for that request (a fresh proof). Warns when
/// DPoP was asked for and the server issued an unbound token.
fn print_machine_token(
    ctx: &mut Context,
    entry: crate::flows::cache::Entry,
    url: Option<&str>,
    method: &str,
    format: crate::cli::OutputFormat,
) -> Result<ExitStatus> {
    let tokens = entry.tokens;
    if ctx.provider.dpop.is_some() && entry.dpop_key.is_none() {
        ctx.printer.warn(&format!(
            "the server issued a {} token, not a DPoP-bound one: it does not support DPoP \
             for this client, and the token works without proofs",
            tokens.token_type
        ));
    }
    if let (Some(pem), Some(url)) = (&entry.dpop_key, url) {
        let alg = ctx.provider.dpop.as_ref().and_then(|d| d.alg);
        let proof = crate::settings::stored_dpop_key(pem, alg)?
            .proof(
                &method.to_ascii_uppercase(),
                url,
                ctx.clock.now(),
                Some(tokens.expose_access_token()),
                None,
            )
            .map_err(|e| crate::error::Error::input("making a DPoP proof", e))?;
        return print(ctx, |p| {
            crate::output::token::render_dpop_header(p.out(), &tokens, &proof)
        });
    }
    let kube = ctx.kube_exec_for(format)?;
    print(ctx, |p| {
        crate::output::token::render_token_set(p, format, &tokens, &kube)
    })
}
