//! The client-credentials cache: one file per grant (see
//! `Grant::cache_key`) under `$XDG_STATE_HOME/oauthctl/cache/`, created with
//! mode 0600 in a 0700 directory, written to a temporary file and renamed,
//! so a reader never sees half a token. An unreadable or corrupt entry is a
//! miss, never an error: the worst case is one more token request.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::TokenSet;
use crate::error::{Error, Result};

/// The state directory: `$XDG_STATE_HOME/oauthctl`, else `~/.local/state/oauthctl`.
pub fn state_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(x).join("oauthctl"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state/oauthctl"))
}

/// A cache of token sets in a directory.
#[derive(Debug, Clone)]
pub struct FileCache {
    dir: PathBuf,
}

impl FileCache {
    /// The default cache, if a home or state directory is known.
    pub fn default_location() -> Option<FileCache> {
        state_dir().map(|d| FileCache {
            dir: d.join("cache"),
        })
    }

    /// A cache in `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> FileCache {
        FileCache { dir: dir.into() }
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("cc-{key}.json"))
    }

    /// The cached token set, if any and readable.
    pub fn get(&self, key: &str) -> Option<TokenSet> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Store a token set: private, atomic.
    pub fn put(&self, key: &str, tokens: &TokenSet) -> Result<()> {
        let path = self.path(key);
        let werr = |source| Error::WriteFile {
            what: "the token cache",
            path: path.clone(),
            source,
        };
        create_private_dir(&self.dir).map_err(werr)?;
        let json = serde_json::to_vec(tokens).map_err(|e| werr(std::io::Error::other(e)))?;
        let mut tmp = tempfile_in(&self.dir).map_err(werr)?;
        tmp.1
            .write_all(&json)
            .and_then(|_| tmp.1.sync_all())
            .map_err(werr)?;
        std::fs::rename(&tmp.0, &path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp.0);
            werr(e)
        })
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// A new file in `dir` that only the owner can read, with a random name.
fn tempfile_in(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let path = dir.join(format!(".tmp-{}", crate::jwt::encode::random_id()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts.open(&path)?;
    Ok((path, file))
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
        }
    }

    #[test]
    fn round_trip_private_and_corrupt_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = FileCache::at(dir.path().join("cache"));
        assert!(cache.get("k").is_none());
        cache.put("k", &tokens()).unwrap();
        assert_eq!(cache.get("k").unwrap().access_token, "at-123");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(cache.path("k"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
            let dmode = std::fs::metadata(dir.path().join("cache"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(dmode & 0o777, 0o700);
        }
        std::fs::write(cache.path("k"), "{not json").unwrap();
        assert!(cache.get("k").is_none());
    }
}
