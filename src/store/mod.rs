//! Keeping tokens: the OS keyring, or private files under
//! `$XDG_STATE_HOME/oauthctl/` (default `~/.local/state/oauthctl/`).
//!
//! One entry per profile (or per issuer and client ID without a profile),
//! holding the access, refresh and ID tokens, their expiry, scopes and
//! token type, and what is needed to refresh them (issuer, client ID,
//! token endpoint). The client-credentials cache lives here too, under the
//! same rules.
//!
//! The default is the keyring; when none answers (no D-Bus session, no
//! Secret Service, a locked collection) within [`keyring::PROBE_DEADLINE`],
//! the store falls back to files and says why ([`Store::fallback`]), so the
//! command can print a one-line notice. Files are 0600 in 0700 directories,
//! written atomically. [`Store::lock`] serialises load–refresh–store across
//! processes, so concurrent `token` calls refresh once and a rotated refresh
//! token is never lost.
//!
//! This module never prints and knows no protocol.

pub mod file;
pub mod keyring;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::tokens::TokenSet;

/// Where entries are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The OS keyring (Secret Service, Keychain, Credential Manager).
    Keyring,
    /// Private files under the state directory.
    File,
}

/// A stored login: the tokens and how to refresh them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredTokens {
    /// The issuer the tokens came from (discovery gives the endpoints).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The client the tokens were issued to.
    pub client_id: String,
    /// The token endpoint used to refresh (when known without discovery).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_endpoint: Option<String>,
    /// The RFC 8707 resources the login asked for, sent again with every
    /// refresh so that the new access token is for the same resources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
    /// The tokens, `expires_at` in Unix seconds.
    #[serde(flatten)]
    pub tokens: TokenSet,
    /// The DPoP key the tokens are bound to (RFC 9449), a PEM private key:
    /// kept with them so that they can be refreshed and used later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_key: Option<crate::secret::Secret<String>>,
}

/// Which entry: a profile's, a client's at an issuer, or a cache slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryKey {
    /// The keyring account name, also written into lock file names.
    account: String,
    /// The file, relative to the state directory.
    file: PathBuf,
    /// How the user logs in again for this entry.
    login: String,
}

impl EntryKey {
    /// The entry of the profile `name`.
    pub fn profile(name: &str) -> EntryKey {
        let account = format!("profile:{name}");
        let stem = if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !name.starts_with('.')
        {
            format!("profile-{name}")
        } else {
            format!("profile-{}", digest(&account))
        };
        EntryKey {
            file: Path::new("tokens").join(format!("{stem}.json")),
            login: format!("oauthctl -p {} login", crate::shell::shell_word(name)),
            account,
        }
    }

    /// The entry of `client_id` at `issuer` (without a profile).
    pub fn client(issuer: &str, client_id: &str) -> EntryKey {
        let account = format!("client:{issuer} {client_id}");
        EntryKey {
            file: Path::new("tokens").join(format!("client-{}.json", digest(&account))),
            login: format!(
                "oauthctl login --issuer {} --client-id {}",
                crate::shell::shell_word(issuer),
                crate::shell::shell_word(client_id)
            ),
            account,
        }
    }

    /// A client-credentials cache slot (`key` from `Grant::cache_key`).
    pub fn cache(key: &str) -> EntryKey {
        EntryKey {
            account: format!("cc:{key}"),
            file: Path::new("cache").join(format!("cc-{}.json", sanitize(key))),
            login: String::new(),
        }
    }

    /// The keyring account name (`profile:NAME`, `client:ISSUER ID`, `cc:KEY`).
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The command that logs in again for this entry, for error messages.
    pub fn login_command(&self) -> &str {
        &self.login
    }
}

fn digest(s: &str) -> String {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, s.as_bytes());
    hex::encode(&d.as_ref()[..12])
}

fn sanitize(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()) {
        s.to_owned()
    } else {
        digest(s)
    }
}

/// The token store: a backend, the state directory (files and locks), and
/// why the keyring was not used, if it was wanted.
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
    dir: PathBuf,
    fallback: Option<String>,
}

/// An exclusive lock on one entry, across processes; released on drop.
#[derive(Debug)]
pub struct EntryLock {
    _file: std::fs::File,
}

impl Store {
    /// Open the store. `Some(backend)` forces one (a forced keyring that
    /// does not answer is an error); `None` is the default: the keyring,
    /// else files, with the reason kept for [`Store::fallback`].
    pub fn open(choice: Option<Backend>) -> Result<Store> {
        let dir = file::state_dir().ok_or_else(|| {
            Error::usage("no state directory for the token store: set XDG_STATE_HOME or HOME")
        })?;
        Ok(match choice {
            Some(Backend::File) => Store::files(dir),
            Some(Backend::Keyring) => {
                keyring::probe().map_err(|reason| {
                    Error::usage(format!(
                        "--store keyring: {reason}; use --store file (or OAUTHCTL_STORE=file)"
                    ))
                })?;
                Store {
                    backend: Backend::Keyring,
                    dir,
                    fallback: None,
                }
            }
            None => match keyring::probe() {
                Ok(()) => Store {
                    backend: Backend::Keyring,
                    dir,
                    fallback: None,
                },
                Err(reason) => Store {
                    fallback: Some(reason),
                    ..Store::files(dir)
                },
            },
        })
    }

    /// A file store rooted at `dir` (the state directory).
    pub fn files(dir: impl Into<PathBuf>) -> Store {
        Store {
            backend: Backend::File,
            dir: dir.into(),
            fallback: None,
        }
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Why the default keyring was not used (the store fell back to files).
    pub fn fallback(&self) -> Option<&str> {
        self.fallback.as_deref()
    }

    /// Where an entry lives: a file path, or `keyring:oauthctl/ACCOUNT`.
    pub fn location(&self, key: &EntryKey) -> String {
        match self.backend {
            Backend::File => self.path(key).display().to_string(),
            Backend::Keyring => format!("keyring:{}/{}", keyring::SERVICE, key.account),
        }
    }

    fn path(&self, key: &EntryKey) -> PathBuf {
        self.dir.join(&key.file)
    }

    fn keyring_error(&self, key: &EntryKey, doing: &str, detail: String) -> Error {
        Error::input(
            format!("{doing} the keyring entry {}", self.location(key)),
            format!("{detail} (--store file keeps tokens in a private file instead)"),
        )
    }

    /// The raw bytes of an entry, if there is one.
    pub fn load_raw(&self, key: &EntryKey) -> Result<Option<Vec<u8>>> {
        match self.backend {
            Backend::File => {
                let path = self.path(key);
                file::read(&path).map_err(|source| Error::ReadFile {
                    what: "the token store",
                    path,
                    source,
                })
            }
            Backend::Keyring => keyring::get(&key.account)
                .map(|v| v.map(|s| s.value.into_bytes()))
                .map_err(|e| self.keyring_error(key, "reading", e)),
        }
    }

    /// Replace an entry with `bytes` (UTF-8 JSON).
    pub fn save_raw(&self, key: &EntryKey, bytes: &[u8]) -> Result<()> {
        match self.backend {
            Backend::File => {
                let path = self.path(key);
                file::write_private(&path, bytes).map_err(|source| Error::WriteFile {
                    what: "the token store",
                    path,
                    source,
                })
            }
            Backend::Keyring => {
                let text = std::str::from_utf8(bytes)
                    .map_err(|_| Error::input("storing an entry", "not UTF-8"))?;
                keyring::set(&key.account, text)
                    .map_err(|e| self.keyring_error(key, "writing", e))?;
                self.index_update(&key.account, true)
            }
        }
    }

    /// Delete an entry; `false` when there was none.
    pub fn delete(&self, key: &EntryKey) -> Result<bool> {
        match self.backend {
            Backend::File => {
                let path = self.path(key);
                file::remove(&path).map_err(|source| Error::WriteFile {
                    what: "(removing) the token store",
                    path,
                    source,
                })
            }
            Backend::Keyring => {
                let found = keyring::delete(&key.account)
                    .map_err(|e| self.keyring_error(key, "deleting", e))?;
                self.index_update(&key.account, false)?;
                Ok(found)
            }
        }
    }

    /// The stored login for `key`, if any. A corrupt entry is an error that
    /// says how to start again.
    pub fn load_tokens(&self, key: &EntryKey) -> Result<Option<StoredTokens>> {
        let Some(bytes) = self.load_raw(key)? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::input(
                format!("the stored tokens at {}", self.location(key)),
                format!(
                    "not readable ({e}); run `{}` to replace them",
                    key.login_command()
                ),
            )
        })
    }

    /// Store a login for `key`, replacing what was there.
    pub fn save_tokens(&self, key: &EntryKey, tokens: &StoredTokens) -> Result<()> {
        let json = serde_json::to_vec(tokens)
            .map_err(|e| Error::input("serialising the tokens", e.to_string()))?;
        self.save_raw(key, &json)
    }

    /// Keep a new sign-in under `key`, replacing what was there, under
    /// the entry's lock (a concurrent refresh never interleaves with it).
    pub fn save_login(&self, key: &EntryKey, login: &StoredTokens) -> Result<()> {
        let _lock = self.lock(key)?;
        self.save_tokens(key, login)
    }

    /// Take the exclusive lock of `key`'s entry, waiting for other holders.
    /// Lock files live in the state directory whatever the backend.
    pub fn lock(&self, key: &EntryKey) -> Result<EntryLock> {
        self.lock_named(&digest(&key.account))
    }

    fn lock_named(&self, name: &str) -> Result<EntryLock> {
        let dir = self.dir.join("locks");
        let path = dir.join(format!("{name}.lock"));
        let err = |source| Error::WriteFile {
            what: "the lock file",
            path: path.clone(),
            source,
        };
        file::create_private_dir(&dir).map_err(err)?;
        let f = file::open_private(&path).map_err(err)?;
        f.lock().map_err(err)?;
        Ok(EntryLock { _file: f })
    }
}

/// The keyring cannot be listed on every platform, so the accounts that
/// oauthctl wrote there are kept in a private file beside the others (names
/// only, never a token): `store status` and `store clear` read it.
const KEYRING_INDEX: &str = "keyring-entries.json";

impl Store {
    fn index_path(&self) -> PathBuf {
        self.dir.join(KEYRING_INDEX)
    }

    /// The keyring accounts oauthctl wrote, as the index has them.
    pub fn keyring_accounts(&self) -> Vec<String> {
        file::read(&self.index_path())
            .ok()
            .flatten()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Add `account` to the keyring index, or take it out.
    fn index_update(&self, account: &str, add: bool) -> Result<()> {
        let _lock = self.lock_named("keyring-index")?;
        let mut accounts = self.keyring_accounts();
        let had = accounts.iter().any(|a| a == account);
        match (add, had) {
            (true, false) => accounts.push(account.to_owned()),
            (false, true) => accounts.retain(|a| a != account),
            _ => return Ok(()),
        }
        accounts.sort();
        let path = self.index_path();
        let json = serde_json::to_vec_pretty(&accounts)
            .map_err(|e| Error::input("writing the keyring index", e.to_string()))?;
        file::write_private(&path, &json).map_err(|source| Error::WriteFile {
            what: "the keyring index",
            path,
            source,
        })
    }

    /// Every entry this store holds, described without its secrets: for
    /// files, what is under `tokens/` and `cache/`; for the keyring, the
    /// accounts in the index that are still there.
    pub fn entries(&self) -> Vec<EntryInfo> {
        match self.backend {
            Backend::File => {
                let mut out = Vec::new();
                for (sub, kind) in [("tokens", EntryKind::Login), ("cache", EntryKind::Cache)] {
                    let Ok(dir) = std::fs::read_dir(self.dir.join(sub)) else {
                        continue;
                    };
                    let mut paths: Vec<PathBuf> = dir
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "json"))
                        .collect();
                    paths.sort();
                    for path in paths {
                        let bytes = file::read(&path).ok().flatten();
                        out.push(EntryInfo::describe(
                            kind,
                            None,
                            Backend::File,
                            path.display().to_string(),
                            bytes.as_deref(),
                            1,
                        ));
                    }
                }
                out
            }
            Backend::Keyring => self
                .keyring_accounts()
                .into_iter()
                .filter_map(|account| {
                    let kind = if account.starts_with("cc:") {
                        EntryKind::Cache
                    } else {
                        EntryKind::Login
                    };
                    let location = format!("keyring:{}/{account}", keyring::SERVICE);
                    match keyring::get(&account) {
                        Ok(None) => None,
                        Ok(Some(stored)) => Some(EntryInfo::describe(
                            kind,
                            Some(account),
                            Backend::Keyring,
                            location,
                            Some(stored.value.as_bytes()),
                            stored.parts,
                        )),
                        Err(e) => Some(EntryInfo {
                            problem: Some(e),
                            ..EntryInfo::describe(
                                kind,
                                Some(account),
                                Backend::Keyring,
                                location,
                                None,
                                0,
                            )
                        }),
                    }
                })
                .collect(),
        }
    }

    /// Remove every entry [`Store::entries`] lists (and, for the keyring,
    /// the index); returns what was removed.
    pub fn clear(&self) -> Result<Vec<EntryInfo>> {
        let entries = self.entries();
        for e in &entries {
            match (&e.account, self.backend) {
                (Some(account), Backend::Keyring) => {
                    keyring::delete(account).map_err(|detail| {
                        Error::input(format!("deleting the keyring entry {}", e.location), detail)
                    })?;
                }
                _ => {
                    let path = PathBuf::from(&e.location);
                    file::remove(&path).map_err(|source| Error::WriteFile {
                        what: "(removing) the token store",
                        path,
                        source,
                    })?;
                }
            }
        }
        if self.backend == Backend::Keyring {
            let path = self.index_path();
            file::remove(&path).map_err(|source| Error::WriteFile {
                what: "(removing) the keyring index",
                path,
                source,
            })?;
        }
        Ok(entries)
    }

    /// The state directory (files, locks, the keyring index).
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// What `store status` shows: which backend new entries go to, whether
/// the keyring answers, and every entry in both backends.
#[derive(Debug, Clone, Serialize)]
pub struct StoreStatus {
    /// The state directory.
    pub state_dir: PathBuf,
    /// Where new entries go now.
    #[serde(serialize_with = "backend_name")]
    pub in_use: Backend,
    /// Why not the keyring, when it is not used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyring_unavailable: Option<String>,
    /// Every entry, keyring first.
    pub entries: Vec<EntryInfo>,
}

/// The stores to look at: the keyring when it answers (and `choice`
/// allows), the files unless `choice` is the keyring.
fn both(choice: Option<Backend>) -> Result<(Vec<Store>, StoreStatus)> {
    let dir = file::state_dir().ok_or_else(|| {
        Error::usage("no state directory for the token store: set XDG_STATE_HOME or HOME")
    })?;
    let probe = if choice == Some(Backend::File) {
        Err("--store file".to_owned())
    } else {
        keyring::probe()
    };
    let in_use = match (choice, &probe) {
        (Some(b), _) => b,
        (None, Ok(())) => Backend::Keyring,
        (None, Err(_)) => Backend::File,
    };
    let mut stores = Vec::new();
    if probe.is_ok() {
        stores.push(Store {
            backend: Backend::Keyring,
            dir: dir.clone(),
            fallback: None,
        });
    }
    if choice != Some(Backend::Keyring) {
        stores.push(Store::files(dir.clone()));
    }
    let status = StoreStatus {
        state_dir: dir,
        in_use,
        keyring_unavailable: probe.err(),
        entries: Vec::new(),
    };
    Ok((stores, status))
}

/// Every entry oauthctl keeps, in the keyring and in files (`--store`
/// narrows it to one).
pub fn status(choice: Option<Backend>) -> Result<StoreStatus> {
    let (stores, mut status) = both(choice)?;
    status.entries = stores.iter().flat_map(Store::entries).collect();
    Ok(status)
}

/// Remove every entry oauthctl keeps, in the keyring and in files
/// (`--store` narrows it to one). Nothing is revoked: that is `logout`.
pub fn clear(choice: Option<Backend>) -> Result<StoreStatus> {
    let (stores, mut status) = both(choice)?;
    for store in &stores {
        status.entries.extend(store.clear()?);
    }
    Ok(status)
}

/// What an entry is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A user's sign-in (`login`, `device`).
    Login,
    /// A cached machine token (`client-credentials`).
    Cache,
}

/// A stored entry, described without any of its secrets.
#[derive(Debug, Clone, Serialize)]
pub struct EntryInfo {
    /// A sign-in or a cached machine token.
    pub kind: EntryKind,
    /// The keyring account (`profile:NAME`, `client:ISSUER ID`, `cc:KEY`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Where it is kept.
    #[serde(serialize_with = "backend_name")]
    pub backend: Backend,
    /// A file path, or `keyring:oauthctl/ACCOUNT`.
    pub location: String,
    /// Its size in bytes.
    pub bytes: usize,
    /// How many keyring entries it takes (long values are split).
    pub parts: usize,
    /// The issuer (sign-ins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The client (sign-ins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// When the access token expires, Unix seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// Whether a refresh token is kept.
    pub refresh_token: bool,
    /// Whether an ID token is kept.
    pub id_token: bool,
    /// Why it could not be read, if it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

fn backend_name<S: serde::Serializer>(b: &Backend, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(match b {
        Backend::Keyring => "keyring",
        Backend::File => "file",
    })
}

impl EntryInfo {
    fn describe(
        kind: EntryKind,
        account: Option<String>,
        backend: Backend,
        location: String,
        bytes: Option<&[u8]>,
        parts: usize,
    ) -> EntryInfo {
        let mut info = EntryInfo {
            kind,
            account,
            backend,
            location,
            bytes: bytes.map_or(0, <[u8]>::len),
            parts,
            issuer: None,
            client_id: None,
            expires_at: None,
            refresh_token: false,
            id_token: false,
            problem: None,
        };
        let Some(bytes) = bytes else {
            info.problem = Some("not readable".into());
            return info;
        };
        let tokens = match kind {
            EntryKind::Login => serde_json::from_slice::<StoredTokens>(bytes).map(|s| {
                info.issuer = s.issuer;
                info.client_id = Some(s.client_id);
                s.tokens
            }),
            EntryKind::Cache => serde_json::from_slice::<TokenSet>(bytes),
        };
        match tokens {
            Ok(t) => {
                info.expires_at = t.expires_at;
                info.refresh_token = t.refresh_token.is_some();
                info.id_token = t.id_token.is_some();
            }
            // Position only: serde's message may quote a value.
            Err(e) => {
                info.problem = Some(format!(
                    "not readable (invalid at line {} column {})",
                    e.line(),
                    e.column()
                ))
            }
        }
        info
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> StoredTokens {
        StoredTokens {
            issuer: Some("https://as.example".into()),
            client_id: "cli".into(),
            token_endpoint: None,
            resources: vec![],
            tokens: TokenSet {
                access_token: "at-123".into(),
                token_type: "Bearer".into(),
                expires_at: Some(2_000_000_000),
                expires_in: Some(300),
                refresh_token: Some("rt-456".into()),
                id_token: None,
                scope: Some("openid".into()),
                authorization_details: None,
            },
            dpop_key: None,
        }
    }

    #[test]
    fn files_round_trip_privately() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::files(dir.path().join("state"));
        let key = EntryKey::profile("dev");
        assert!(store.load_tokens(&key).unwrap().is_none());
        store.save_tokens(&key, &tokens()).unwrap();
        let back = store.load_tokens(&key).unwrap().unwrap();
        assert_eq!(back.tokens.expose_refresh_token(), Some("rt-456"));
        assert_eq!(back.issuer.as_deref(), Some("https://as.example"));
        let path = dir.path().join("state/tokens/profile-dev.json");
        assert_eq!(store.location(&key), path.display().to_string());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&dir.path().join("state/tokens")), 0o700);
        }
        assert!(store.delete(&key).unwrap());
        assert!(!store.delete(&key).unwrap());
    }

    #[test]
    fn a_corrupt_entry_names_the_login_command() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::files(dir.path());
        let key = EntryKey::profile("dev");
        store.save_raw(&key, b"{oops").unwrap();
        let err = store.load_tokens(&key).unwrap_err().to_string();
        assert!(err.contains("oauthctl -p dev login"), "{err}");
    }

    #[test]
    fn keys_are_file_safe() {
        let odd = EntryKey::profile("../etc/passwd");
        assert!(!odd.file.to_string_lossy().contains(".."), "{odd:?}");
        assert_eq!(odd.login_command(), "oauthctl -p ../etc/passwd login");
        assert_eq!(
            EntryKey::profile("it's mine").login_command(),
            r"oauthctl -p 'it'\''s mine' login"
        );
        let c = EntryKey::client("https://as.example", "cli");
        assert_eq!(
            c.login_command(),
            "oauthctl login --issuer https://as.example --client-id cli"
        );
        assert_ne!(c.file, EntryKey::client("https://as.example", "cli2").file);
        assert_eq!(
            EntryKey::cache("abc123").file,
            Path::new("cache/cc-abc123.json")
        );
    }

    #[test]
    fn the_lock_is_exclusive_across_handles() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::files(dir.path());
        let key = EntryKey::profile("dev");
        let held = store.lock(&key).unwrap();
        let path = dir
            .path()
            .join("locks")
            .join(format!("{}.lock", digest(key.account())));
        let other = std::fs::File::open(&path).unwrap();
        assert!(other.try_lock().is_err(), "a second holder must wait");
        drop(held);
        other.try_lock().unwrap();
    }
}
