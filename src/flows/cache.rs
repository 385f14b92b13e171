//! The client-credentials cache: one store entry per grant (see
//! `Grant::cache_key`), kept like every other token (`store`): in the
//! keyring, or in a 0600 file under `$XDG_STATE_HOME/oauthctl/cache/`,
//! written atomically. An unreadable or corrupt entry is a miss, never an
//! error: the worst case is one more token request.

use super::TokenSet;
use crate::clock::Clock;
use crate::error::Result;
use crate::store::{EntryKey, EntryLock, Store};

/// Cached token sets in a store.
#[derive(Debug, Clone)]
pub struct TokenCache {
    store: Store,
}

impl TokenCache {
    /// A cache in `store`.
    pub fn new(store: Store) -> TokenCache {
        TokenCache { store }
    }

    /// The store behind the cache.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The cached token set, if any and readable.
    pub fn get(&self, key: &str) -> Option<TokenSet> {
        self.get_entry(key).map(|e| e.tokens)
    }

    /// Store a token set.
    pub fn put(&self, key: &str, tokens: &TokenSet) -> Result<()> {
        self.put_entry(
            key,
            &Entry {
                tokens: tokens.clone(),
                dpop_key: None,
            },
        )
    }

    /// The cached entry (a token set, and the DPoP key it is bound to),
    /// if any and readable.
    pub fn get_entry(&self, key: &str) -> Option<Entry> {
        let bytes = self.store.load_raw(&EntryKey::cache(key)).ok()??;
        serde_json::from_slice(&bytes).ok()
    }

    /// Store an entry.
    pub fn put_entry(&self, key: &str, entry: &Entry) -> Result<()> {
        let json = serde_json::to_vec(entry).map_err(|e| {
            crate::error::Error::input("serialising the token for the cache", e.to_string())
        })?;
        self.store.save_raw(&EntryKey::cache(key), &json)
    }

    /// Hold the entry's lock while asking the server, so concurrent misses
    /// ask once.
    pub fn lock(&self, key: &str) -> Result<EntryLock> {
        self.store.lock(&EntryKey::cache(key))
    }
}

/// A cache entry: the token set, and the DPoP key (a PEM private key) it
/// is bound to, so that a cache hit can still make proofs for it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// The tokens.
    #[serde(flatten)]
    pub tokens: TokenSet,
    /// The DPoP key the tokens are bound to (RFC 9449), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_key: Option<crate::secret::Secret<String>>,
}

/// Where a token from [`TokenCache::get_or_fetch`] came from.
#[derive(Debug)]
pub enum Origin {
    /// The cache: no request was sent.
    Hit,
    /// The server, and now the cache.
    Cached,
    /// The server; the answer has no lifetime, so it is not cached.
    Uncacheable,
    /// The server; writing the cache failed (the token is still good).
    NotCached(crate::error::Error),
}

impl TokenCache {
    /// A cached token while it has more than `min_ttl` seconds left;
    /// otherwise, under the entry's lock (so concurrent misses ask once),
    /// look again, then `fetch` and cache the answer.
    pub fn get_or_fetch(
        &self,
        key: &str,
        clock: &dyn Clock,
        min_ttl: i64,
        fetch: impl FnOnce() -> Result<TokenSet>,
    ) -> Result<(TokenSet, Origin)> {
        let fetch = || {
            fetch().map(|tokens| Entry {
                tokens,
                dpop_key: None,
            })
        };
        self.get_or_fetch_entry(key, clock, min_ttl, fetch)
            .map(|(e, origin)| (e.tokens, origin))
    }

    /// [`TokenCache::get_or_fetch`] for entries that may keep a DPoP key.
    pub fn get_or_fetch_entry(
        &self,
        key: &str,
        clock: &dyn Clock,
        min_ttl: i64,
        fetch: impl FnOnce() -> Result<Entry>,
    ) -> Result<(Entry, Origin)> {
        let usable = |e: &Entry| e.tokens.ttl(clock.now()).is_some_and(|ttl| ttl > min_ttl);
        if let Some(e) = self.get_entry(key).filter(usable) {
            return Ok((e, Origin::Hit));
        }
        // Without the lock (an unwritable state directory) concurrent
        // misses may each ask; nothing worse.
        let _lock = self.lock(key).ok();
        if let Some(e) = self.get_entry(key).filter(usable) {
            return Ok((e, Origin::Hit));
        }
        let e = fetch()?;
        if e.tokens.expires_at.is_none() {
            return Ok((e, Origin::Uncacheable));
        }
        let origin = match self.put_entry(key, &e) {
            Ok(()) => Origin::Cached,
            Err(e) => Origin::NotCached(e),
        };
        Ok((e, origin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> TokenSet {
        TokenSet {
            access_token: "at-123".into(),
            token_type: "Bearer".into(),
            expires_at: Some(2_000_000_000),
            expires_in: Some(300),
            refresh_token: None,
            id_token: None,
            scope: None,
            authorization_details: None,
        }
    }

    #[test]
    fn round_trip_private_and_corrupt_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = TokenCache::new(Store::files(dir.path()));
        assert!(cache.get("k").is_none());
        cache.put("k", &tokens()).unwrap();
        assert_eq!(cache.get("k").unwrap().expose_access_token(), "at-123");
        let path = dir.path().join("cache/cc-k.json");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let dmode = std::fs::metadata(dir.path().join("cache"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(dmode & 0o777, 0o700);
        }
        std::fs::write(&path, "{not json").unwrap();
        assert!(cache.get("k").is_none());
    }
}
