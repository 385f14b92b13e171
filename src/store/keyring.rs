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

/// The largest value written to one keyring entry, in bytes. The Windows
/// Credential Manager takes 2,560 bytes, stored as UTF-16 (1,280 ASCII
/// characters); macOS Keychain items misbehave from about 4 KiB. An Entra ID
/// login (access, refresh and ID tokens) is several times that, so longer
/// values are split into parts of at most this size on every platform, the
/// same code path everywhere.
pub const PART_LEN: usize = 1200;

/// What the main entry holds when the value is split: how many parts
/// follow (accounts `ACCOUNT#1` … `ACCOUNT#N`) and the SHA-256 of the
/// whole, so parts from two different writes are never glued together.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Manifest {
    #[serde(rename = "oauthctl-parts")]
    parts: usize,
    sha256: String,
}

fn manifest(value: &str) -> Option<Manifest> {
    if !value.starts_with("{\"oauthctl-parts\"") {
        return None;
    }
    serde_json::from_str(value).ok()
}

fn part_account(account: &str, i: usize) -> String {
    format!("{account}#{i}")
}

fn sha256_hex(value: &str) -> String {
    hex::encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, value.as_bytes()).as_ref())
}

/// Split `value` into parts of at most `max` bytes, at character boundaries.
fn split(value: &str, max: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        let mut end = rest.len().min(max);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (head, tail) = rest.split_at(end);
        parts.push(head);
        rest = tail;
    }
    parts
}

/// Single keyring slots: the platform's, or a map in tests.
trait Slots {
    fn get(&self, account: &str) -> Result<Option<String>, String>;
    fn set(&self, account: &str, value: &str) -> Result<(), String>;
    fn delete(&self, account: &str) -> Result<bool, String>;
}

/// The platform keyring.
struct Native;

impl Slots for Native {
    fn get(&self, account: &str) -> Result<Option<String>, String> {
        match entry(account)?.get_password() {
            Ok(v) => Ok(Some(v)),
            Err(::keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn set(&self, account: &str, value: &str) -> Result<(), String> {
        entry(account)?
            .set_password(value)
            .map_err(|e| e.to_string())
    }

    fn delete(&self, account: &str) -> Result<bool, String> {
        match entry(account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(::keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// Read a value, joining its parts when it was split.
fn read(slots: &dyn Slots, account: &str) -> Result<Option<Stored>, String> {
    let Some(head) = slots.get(account)? else {
        return Ok(None);
    };
    let Some(m) = manifest(&head) else {
        return Ok(Some(Stored {
            value: head,
            parts: 1,
        }));
    };
    let mut value = String::new();
    for i in 1..=m.parts {
        let part = slots
            .get(&part_account(account, i))?
            .ok_or_else(|| format!("part {i} of {} is missing", m.parts))?;
        value.push_str(&part);
    }
    if sha256_hex(&value) != m.sha256 {
        return Err(format!(
            "its {} parts do not belong together (an interrupted write?)",
            m.parts
        ));
    }
    Ok(Some(Stored {
        value,
        parts: m.parts,
    }))
}

/// Write a value, split into parts when it is longer than [`PART_LEN`]:
/// the parts first, then the main entry that names them, then any parts
/// left over from a longer earlier value are removed. Returns the number
/// of parts (1 when not split).
fn write(slots: &dyn Slots, account: &str, value: &str) -> Result<usize, String> {
    let old_parts = slots
        .get(account)?
        .and_then(|v| manifest(&v))
        .map_or(0, |m| m.parts);
    // A short value that happens to look like a manifest is split too, so
    // reading it back can never mistake it for one.
    let parts = if value.len() <= PART_LEN && manifest(value).is_none() {
        Vec::new()
    } else {
        split(value, PART_LEN)
    };
    for (i, part) in parts.iter().enumerate() {
        slots.set(&part_account(account, i + 1), part)?;
    }
    if parts.is_empty() {
        slots.set(account, value)?;
    } else {
        let head = serde_json::to_string(&Manifest {
            parts: parts.len(),
            sha256: sha256_hex(value),
        })
        .map_err(|e| e.to_string())?;
        slots.set(account, &head)?;
    }
    for i in parts.len() + 1..=old_parts {
        slots.delete(&part_account(account, i))?;
    }
    Ok(parts.len().max(1))
}

/// Remove a value and its parts; `false` when there was none.
fn remove(slots: &dyn Slots, account: &str) -> Result<bool, String> {
    let parts = slots
        .get(account)?
        .and_then(|v| manifest(&v))
        .map_or(0, |m| m.parts);
    for i in 1..=parts {
        slots.delete(&part_account(account, i))?;
    }
    slots.delete(account)
}

/// A value read from the keyring, and how many entries held it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The whole value.
    pub value: String,
    /// How many keyring entries it took (1 when not split).
    pub parts: usize,
}

/// The value stored for `account`, if any.
pub fn get(account: &str) -> Result<Option<Stored>, String> {
    let account = account.to_owned();
    with_deadline(OP_DEADLINE, move || read(&Native, &account))
}

/// Store `value` for `account`, replacing what was there; returns how many
/// keyring entries it took.
pub fn set(account: &str, value: &str) -> Result<usize, String> {
    let (account, value) = (account.to_owned(), value.to_owned());
    with_deadline(OP_DEADLINE, move || write(&Native, &account, &value))
}

/// Delete the entry for `account`; `false` when there was none.
pub fn delete(account: &str) -> Result<bool, String> {
    let account = account.to_owned();
    with_deadline(OP_DEADLINE, move || remove(&Native, &account))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    /// A keyring that refuses values over a platform's limit.
    #[derive(Default)]
    struct Map(RefCell<BTreeMap<String, String>>);

    impl Slots for Map {
        fn get(&self, account: &str) -> Result<Option<String>, String> {
            Ok(self.0.borrow().get(account).cloned())
        }
        fn set(&self, account: &str, value: &str) -> Result<(), String> {
            if value.len() > PART_LEN {
                return Err("too long for this platform".into());
            }
            self.0.borrow_mut().insert(account.into(), value.into());
            Ok(())
        }
        fn delete(&self, account: &str) -> Result<bool, String> {
            Ok(self.0.borrow_mut().remove(account).is_some())
        }
    }

    #[test]
    fn short_values_take_one_entry() {
        let k = Map::default();
        assert_eq!(write(&k, "profile:dev", "{\"a\":1}").unwrap(), 1);
        assert_eq!(k.0.borrow().len(), 1);
        let got = read(&k, "profile:dev").unwrap().unwrap();
        assert_eq!((got.value.as_str(), got.parts), ("{\"a\":1}", 1));
    }

    #[test]
    fn long_values_are_split_and_joined_and_shrink_cleanly() {
        let k = Map::default();
        // An Entra-sized login: 7,000 bytes, with a multi-byte character
        // sitting on a part boundary.
        let mut big = "x".repeat(PART_LEN - 1);
        big.push('é');
        big.push_str(&"y".repeat(7000 - big.len()));
        let n = write(&k, "profile:entra", &big).unwrap();
        assert_eq!(n, 6);
        assert_eq!(read(&k, "profile:entra").unwrap().unwrap().value, big);
        assert!(k.0.borrow().contains_key("profile:entra#6"));
        // Shorter again: the parts no longer needed are gone.
        write(&k, "profile:entra", "short").unwrap();
        assert_eq!(k.0.borrow().len(), 1, "{:?}", k.0.borrow().keys());
        assert!(remove(&k, "profile:entra").unwrap());
        assert!(k.0.borrow().is_empty());
    }

    #[test]
    fn parts_from_two_writes_are_refused() {
        let k = Map::default();
        write(&k, "a", &"1".repeat(3000)).unwrap();
        k.0.borrow_mut().insert("a#2".into(), "2".repeat(PART_LEN));
        let err = read(&k, "a").unwrap_err();
        assert!(err.contains("do not belong together"), "{err}");
        k.0.borrow_mut().remove("a#3");
        let err = read(&k, "a").unwrap_err();
        assert!(err.contains("part 3 of 3 is missing"), "{err}");
    }

    #[test]
    fn a_value_that_looks_like_a_manifest_survives() {
        let k = Map::default();
        let tricky = r#"{"oauthctl-parts":2,"sha256":"00"}"#;
        write(&k, "a", tricky).unwrap();
        assert_eq!(read(&k, "a").unwrap().unwrap().value, tricky);
    }
}
