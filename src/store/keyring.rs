//! The OS keyring backend, through the `keyring` crate: the Secret Service
//! on Linux and the BSDs (D-Bus), the Keychain on macOS, the Credential
//! Manager on Windows. Entries live under the service name
//! [`SERVICE`], one per account (see `EntryKey::account`).
//!
//! Nothing here may hang: every call runs on a worker thread with a
//! deadline. A Secret Service that is locked would answer an unlock with a
//! prompt that may never be seen (SSH, CI), so [`probe`] refuses a locked
//! default collection instead of unlocking it.

use std::time::Duration;

/// The keyring service name of every oauthctl entry.
pub const SERVICE: &str = "oauthctl";

/// How long the availability check may take before oauthctl falls back.
pub const PROBE_DEADLINE: Duration = Duration::from_millis(500);

/// How long one keyring operation may take once the keyring answered.
pub const OP_DEADLINE: Duration = Duration::from_secs(5);

/// Run `f` on a worker thread; give up (leaving it behind) after `limit`.
fn with_deadline<T: Send + 'static>(
    limit: Duration,
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit).unwrap_or_else(|_| {
        Err(format!(
            "the keyring did not answer within {} ms",
            limit.as_millis()
        ))
    })
}

/// Whether a usable keyring answers, quickly; `Err(reason)` when not.
pub fn probe() -> Result<(), String> {
    with_deadline(PROBE_DEADLINE, probe_native)
}

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn probe_native() -> Result<(), String> {
    use secret_service::EncryptionType;
    use secret_service::blocking::SecretService;
    let ss = SecretService::connect(EncryptionType::Dh)
        .map_err(|e| format!("no Secret Service answered on the D-Bus session bus: {e}"))?;
    let collection = ss
        .get_default_collection()
        .map_err(|e| format!("the Secret Service has no default collection ({e})"))?;
    // Unlocking would show a prompt nobody may see: never wait for one.
    if collection.is_locked().map_err(|e| e.to_string())? {
        return Err("the Secret Service's default collection is locked".into());
    }
    Ok(())
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
fn probe_native() -> Result<(), String> {
    Ok(())
}

fn entry(account: &str) -> Result<::keyring::Entry, String> {
    ::keyring::Entry::new(SERVICE, account).map_err(|e| e.to_string())
}

/// The value stored for `account`, if any.
pub fn get(account: &str) -> Result<Option<String>, String> {
    let account = account.to_owned();
    with_deadline(OP_DEADLINE, move || match entry(&account)?.get_password() {
        Ok(v) => Ok(Some(v)),
        Err(::keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(e.to_string()),
    })
}

/// Store `value` for `account`, replacing what was there.
pub fn set(account: &str, value: &str) -> Result<(), String> {
    let (account, value) = (account.to_owned(), value.to_owned());
    with_deadline(OP_DEADLINE, move || {
        entry(&account)?
            .set_password(&value)
            .map_err(|e| e.to_string())
    })
}

/// Delete the entry for `account`; `false` when there was none.
pub fn delete(account: &str) -> Result<bool, String> {
    let account = account.to_owned();
    with_deadline(OP_DEADLINE, move || {
        match entry(&account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(::keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(e.to_string()),
        }
    })
}
