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
use crate::flows::TokenSet;

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
    /// The tokens, `expires_at` in Unix seconds.
    #[serde(flatten)]
    pub tokens: TokenSet,
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
            login: format!("oauthctl -p {} login", shell_word(name)),
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
                shell_word(issuer),
                shell_word(client_id)
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

/// Quote a word for a shell command line in a message, when it needs it.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/@%+=,".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
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
                .map(|v| v.map(String::into_bytes))
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
                keyring::set(&key.account, text).map_err(|e| self.keyring_error(key, "writing", e))
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
                keyring::delete(&key.account).map_err(|e| self.keyring_error(key, "deleting", e))
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

    /// Take the exclusive lock of `key`'s entry, waiting for other holders.
    /// Lock files live in the state directory whatever the backend.
    pub fn lock(&self, key: &EntryKey) -> Result<EntryLock> {
        let dir = self.dir.join("locks");
        let path = dir.join(format!("{}.lock", digest(&key.account)));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> StoredTokens {
        StoredTokens {
            issuer: Some("https://as.example".into()),
            client_id: "cli".into(),
            token_endpoint: None,
            tokens: TokenSet {
                access_token: "at-123".into(),
                token_type: "Bearer".into(),
                expires_at: Some(2_000_000_000),
                expires_in: Some(300),
                refresh_token: Some("rt-456".into()),
                id_token: None,
                scope: Some("openid".into()),
            },
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
        assert_eq!(back.tokens.refresh_token.as_deref(), Some("rt-456"));
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
