//! The refresh-token grant (RFC 6749 §6), and keeping a stored login fresh:
//! load, and when the access token expires within `min_ttl`, take the
//! entry's lock, load again (another process may have refreshed while this
//! one waited), refresh, and store the result, the rotated refresh token
//! included, before the lock is released. Concurrent callers thus refresh
//! once and never lose a rotated refresh token.

use oauth2::{RefreshToken, Scope, TokenUrl};

use super::client_auth::ClientAuth;
use super::{TokenSet, exchange};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::store::{EntryKey, Store, StoredTokens};

const WHAT: &str = "refreshing the token at";

/// Ask `token_endpoint` for new tokens with `refresh_token`, for `scopes`
/// (none: the grant's own, RFC 6749 §6) and the RFC 8707 `resources`
/// (each a `resource` parameter, RFC 8707 §2.2).
pub fn request(
    http: &HttpClient,
    clock: &dyn Clock,
    token_endpoint: &str,
    auth: &ClientAuth,
    refresh_token: &str,
    scopes: &[String],
    resources: &[String],
) -> Result<TokenSet> {
    let now = clock.now();
    let url = TokenUrl::new(token_endpoint.to_owned()).map_err(|e| {
        Error::usage(format!(
            "token endpoint '{token_endpoint}' is not a URL ({e})"
        ))
    })?;
    let client = auth.client(url);
    let rt = RefreshToken::new(refresh_token.to_owned());
    let mut req = client.exchange_refresh_token(&rt);
    for s in scopes {
        req = req.add_scope(Scope::new(s.clone()));
    }
    for r in resources {
        req = req.add_extra_param("resource", r.clone());
    }
    let extra = auth
        .extra_params(token_endpoint, now)
        .map_err(|e| Error::input("signing the client assertion", e))?;
    for (k, v) in extra {
        req = req.add_extra_param(k, v);
    }
    // The `oauth2` crate's basic response has no `id_token`; an OpenID
    // provider may send a new one (OIDC Core §12.2), so keep the raw body.
    let raw = std::cell::RefCell::new(Vec::new());
    let resp = req
        .request(&|r| {
            let renew = auth.renewal(token_endpoint, clock);
            let resp = exchange::send_renewing(http, clock, WHAT, r, &renew)?;
            *raw.borrow_mut() = resp.body().clone();
            Ok(resp)
        })
        .map_err(|e| exchange::token_error(WHAT, token_endpoint, e))?;
    let mut set = exchange::token_set(&resp, now, WHAT, token_endpoint)?;
    let raw = raw.into_inner();
    set.id_token = serde_json::from_slice::<serde_json::Value>(&raw)
        .ok()
        .and_then(|v| v.get("id_token")?.as_str().map(Into::into));
    set.granted_details_from(&raw);
    Ok(set)
}

/// What [`fresh`] did.
#[derive(Debug)]
pub struct Fresh {
    /// The stored login, as stored now.
    pub stored: StoredTokens,
    /// Whether this call refreshed it.
    pub refreshed: bool,
}

/// How to reach the token endpoint for a stored login.
pub struct Refresher<'a> {
    /// The HTTP client.
    pub http: &'a HttpClient,
    /// Time.
    pub clock: &'a dyn Clock,
    /// The client's authentication.
    pub auth: &'a ClientAuth,
    /// The token endpoint.
    pub token_endpoint: &'a str,
}

/// The login for `key`, refreshed when its access token has `min_ttl`
/// seconds or fewer left (always, with `force`). Errors that mean "log in
/// again" (nothing stored, no refresh token, a refused refresh) are
/// [`Error::LoginRequired`], naming the command.
pub fn fresh(
    store: &Store,
    key: &EntryKey,
    via: &Refresher<'_>,
    min_ttl: i64,
    force: bool,
) -> Result<Fresh> {
    let _lock = store.lock(key)?;
    // Loaded under the lock: a process that waited sees the refreshed entry.
    let stored = load(store, key)?;
    if !force && !expiring(&stored.tokens, via.clock.now(), min_ttl) {
        return Ok(Fresh {
            stored,
            refreshed: false,
        });
    }
    let Some(rt) = stored.tokens.expose_refresh_token().map(str::to_owned) else {
        return Err(Error::LoginRequired(format!(
            "the stored access token {} and there is no refresh token; run `{}`",
            if stored.tokens.expires_at.is_some() {
                "expires too soon"
            } else {
                "cannot be refreshed"
            },
            key.login_command()
        )));
    };
    // A refresh keeps the grant: no scope (RFC 6749 §6: the scope
    // originally granted; re-sending the stored one would fail where a
    // server reports scopes it does not accept back, and adds nothing), and
    // the login's resources again (RFC 8707 §2.2: servers that do not keep
    // them on their own would otherwise issue a token for no resource).
    let new = request(
        via.http,
        via.clock,
        via.token_endpoint,
        via.auth,
        &rt,
        &[],
        &stored.resources,
    )
    .map_err(|e| match e {
        Error::OAuth { .. } => Error::LoginRequired(format!(
            "{}; run `{}` to log in again",
            crate::error::chain(&e),
            key.login_command()
        )),
        other => other,
    })?;
    // OIDC Core §12.2: a refreshed ID token is about the same user.
    if let (Some(old), Some(new)) = (stored.tokens.expose_id_token(), new.expose_id_token()) {
        let (old_sub, new_sub) = (
            super::userinfo::id_token_sub(old),
            super::userinfo::id_token_sub(new),
        );
        if old_sub != new_sub {
            return Err(Error::BadResponse {
                what: WHAT.into(),
                url: via.token_endpoint.into(),
                detail: format!(
                    "the new ID token is about {new_sub:?}, not {old_sub:?} (OIDC Core §12.2); nothing stored"
                ),
            });
        }
    }
    let merged = merge(stored, new);
    store.save_tokens(key, &merged)?;
    Ok(Fresh {
        stored: merged,
        refreshed: true,
    })
}

/// The client of a stored login, as the settings give it: what they
/// leave out comes from the stored entry.
pub struct StoredClient<'a> {
    /// The HTTP client.
    pub http: &'a HttpClient,
    /// Time.
    pub clock: &'a dyn Clock,
    /// The client ID to use instead of the stored one.
    pub client_id: Option<&'a str>,
    /// The client's authentication as a given client ID.
    pub auth: &'a dyn Fn(String) -> Result<ClientAuth>,
    /// A token endpoint given explicitly (flag, profile, preset).
    pub token_endpoint: Option<&'a str>,
    /// The issuer to use instead of the stored one.
    pub issuer: Option<&'a str>,
    /// The client presents a certificate: the metadata's
    /// `mtls_endpoint_aliases` apply (RFC 8705 §5).
    pub mtls: bool,
}

/// Refresh a stored login (see [`fresh`]): the client ID, its
/// authentication and the token endpoint come from `client`, the stored
/// entry filling what it leaves out; the token endpoint is then the stored
/// one, else the issuer's discovery.
pub fn refresh_stored(
    store: &Store,
    key: &EntryKey,
    stored: &StoredTokens,
    client: &StoredClient<'_>,
    min_ttl: i64,
    force: bool,
) -> Result<Fresh> {
    let client_id = client.client_id.unwrap_or(&stored.client_id).to_owned();
    let issuer = client.issuer.or(stored.issuer.as_deref());
    let auth = (client.auth)(client_id)?.with_issuer(issuer);
    let token_endpoint = match client.token_endpoint.or(stored.token_endpoint.as_deref()) {
        Some(t) => t.to_owned(),
        None => {
            let issuer = issuer.ok_or_else(|| {
                Error::usage("the stored login names no issuer: give --issuer or --token-endpoint")
            })?;
            crate::provider::discovery::fetch_endpoint_for(
                client.http,
                issuer,
                "token_endpoint",
                client.mtls,
            )?
        }
    };
    let via = Refresher {
        http: client.http,
        clock: client.clock,
        auth: &auth,
        token_endpoint: &token_endpoint,
    };
    fresh(store, key, &via, min_ttl, force)
}

/// The stored login for `key`, or the error that says to log in.
pub fn load(store: &Store, key: &EntryKey) -> Result<StoredTokens> {
    store.load_tokens(key)?.ok_or_else(|| {
        Error::LoginRequired(format!(
            "no stored tokens (looked in {}); run `{}`",
            store.location(key),
            key.login_command()
        ))
    })
}

/// Whether the access token has `min_ttl` seconds or fewer left. A token
/// without a known expiry is used as it is.
pub fn expiring(tokens: &TokenSet, now: i64, min_ttl: i64) -> bool {
    tokens.ttl(now).is_some_and(|ttl| ttl <= min_ttl)
}

/// A refresh response over the stored login: a server that does not rotate
/// the refresh token (RFC 6749 §6) or send a new ID token or scope leaves
/// the stored ones in place.
pub fn merge(old: StoredTokens, new: TokenSet) -> StoredTokens {
    let tokens = TokenSet {
        refresh_token: new.refresh_token.or(old.tokens.refresh_token),
        id_token: new.id_token.or(old.tokens.id_token),
        scope: new.scope.or(old.tokens.scope),
        // RFC 9396 §7: a refresh response without details keeps the grant's.
        authorization_details: new
            .authorization_details
            .or(old.tokens.authorization_details),
        ..new
    };
    StoredTokens { tokens, ..old }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(at: &str, rt: Option<&str>, exp: Option<i64>) -> TokenSet {
        TokenSet {
            access_token: at.into(),
            token_type: "Bearer".into(),
            expires_at: exp,
            expires_in: None,
            refresh_token: rt.map(Into::into),
            id_token: None,
            scope: None,
            authorization_details: None,
        }
    }

    #[test]
    fn merge_keeps_what_the_refresh_did_not_replace() {
        let old = StoredTokens {
            issuer: Some("https://as".into()),
            client_id: "cli".into(),
            token_endpoint: None,
            resources: vec!["urn:api".into()],
            tokens: TokenSet {
                id_token: Some("idt".into()),
                scope: Some("openid".into()),
                ..set("at1", Some("rt1"), Some(10))
            },
            dpop_key: None,
        };
        let m = merge(old.clone(), set("at2", None, Some(20)));
        assert_eq!(m.tokens.expose_access_token(), "at2");
        assert_eq!(m.tokens.expose_refresh_token(), Some("rt1"));
        assert_eq!(m.tokens.expose_id_token(), Some("idt"));
        assert_eq!(m.tokens.scope.as_deref(), Some("openid"));
        let m = merge(old, set("at3", Some("rt2"), Some(30)));
        assert_eq!(m.tokens.expose_refresh_token(), Some("rt2"));
        assert_eq!(m.issuer.as_deref(), Some("https://as"));
        assert_eq!(m.resources, ["urn:api"]);
    }

    #[test]
    fn merge_keeps_the_granted_authorization_details_unless_replaced() {
        let details = serde_json::json!([{"type": "account_information"}]);
        let old = StoredTokens {
            issuer: None,
            client_id: "cli".into(),
            token_endpoint: None,
            resources: Vec::new(),
            tokens: TokenSet {
                authorization_details: Some(details.clone()),
                ..set("at1", Some("rt1"), Some(10))
            },
            dpop_key: None,
        };
        let m = merge(old.clone(), set("at2", None, Some(20)));
        assert_eq!(m.tokens.authorization_details, Some(details));
        let narrower = serde_json::json!([{"type": "payment_initiation"}]);
        let m = merge(
            old,
            TokenSet {
                authorization_details: Some(narrower.clone()),
                ..set("at3", None, Some(30))
            },
        );
        assert_eq!(m.tokens.authorization_details, Some(narrower));
    }

    #[test]
    fn expiring_is_at_or_below_min_ttl() {
        assert!(expiring(&set("a", None, Some(160)), 100, 60));
        assert!(!expiring(&set("a", None, Some(161)), 100, 60));
        assert!(!expiring(&set("a", None, None), 100, 60));
    }
}
