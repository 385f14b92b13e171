//! The store's file format: a stored login (`tokens/*.json`) and a cached
//! machine token (`cache/*.json`), as `token`, `refresh`, `store` and
//! `client-credentials` read them back.
//!
//! The input is the content of an entry. It is written into a real file
//! store (a private directory in the temporary directory) as a login and
//! as a cache entry, and read back the ways the commands read it:
//! [`Store::load_tokens`], [`TokenCache::get`], [`Store::entries`] (the
//! `store` listing), the expiry test and the merge of a refresh, and the
//! token commands' renderings of a stored login in every format.
//!
//! Oracle beyond "no panic": an entry that parses serialises to a form
//! that parses back to the same serialisation.

#![no_main]

mod common;

use std::sync::LazyLock;

use common::NOW;
use libfuzzer_sys::fuzz_target;
use oauthctl::cli::OutputFormat;
use oauthctl::flows::cache::TokenCache;
use oauthctl::flows::refresh;
use oauthctl::output::Printer;
use oauthctl::output::token::render_stored;
use oauthctl::settings::{EXEC_CREDENTIAL_VERSIONS, KubeExec};
use oauthctl::store::{EntryKey, Store, StoredTokens};
use oauthctl::tokens::TokenSet;

/// One store per process, in a fresh private directory.
static STORE: LazyLock<(Store, std::path::PathBuf)> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join(format!("oauthctl-fuzz-store-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    (Store::files(&dir), dir)
});

fn render(tokens: &TokenSet) {
    // ExecCredential in each version kubectl may ask for.
    let kube: Vec<KubeExec> = EXEC_CREDENTIAL_VERSIONS
        .iter()
        .map(|v| KubeExec {
            api_version: v,
            interactive: None,
        })
        .collect();
    for format in [
        OutputFormat::Text,
        OutputFormat::Json,
        OutputFormat::Header,
        OutputFormat::ExecCredential,
    ] {
        for k in &kube {
            let mut p = Printer::new(Box::new(std::io::sink()), Box::new(std::io::sink()), false);
            render_stored(&mut p, format, tokens, k).expect("rendering into a sink");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The formats, without the file system.
    if let Ok(stored) = serde_json::from_slice::<StoredTokens>(data) {
        let once = serde_json::to_vec(&stored).expect("a stored login serialises");
        let back: StoredTokens = serde_json::from_slice(&once)
            .unwrap_or_else(|e| panic!("a stored login does not read back: {e}"));
        let twice = serde_json::to_vec(&back).expect("a stored login serialises");
        assert_eq!(once, twice, "a stored login changes on a round trip");
        let _ = refresh::expiring(&stored.tokens, NOW, 60);
        render(&stored.tokens);
        let fresh = stored.tokens.clone();
        let _ = refresh::merge(stored, fresh);
    }
    if let Ok(cached) = serde_json::from_slice::<TokenSet>(data) {
        let once = serde_json::to_vec(&cached).expect("a token set serialises");
        let back: TokenSet = serde_json::from_slice(&once)
            .unwrap_or_else(|e| panic!("a cached token set does not read back: {e}"));
        assert_eq!(once, serde_json::to_vec(&back).expect("serialises"));
        let _ = cached.ttl(NOW);
    }

    // The same bytes as real entries in a file store.
    let (store, _) = &*STORE;
    let login = EntryKey::profile("fuzz");
    store.save_raw(&login, data).expect("writing the entry");
    let _ = store.load_tokens(&login);
    let cache = TokenCache::new(store.clone());
    let key = "fuzz";
    store
        .save_raw(&EntryKey::cache(key), data)
        .expect("writing the cache entry");
    if let Some(t) = cache.get(key) {
        let _ = t.ttl(NOW);
    }
    let listed = store.entries();
    assert_eq!(
        listed.len(),
        2,
        "the store lists its two entries: {listed:?}"
    );
    let _ = serde_json::to_string(&listed).expect("the listing serialises");
});
