//! Rendering `store status` and `store clear`: one block per entry, never a
//! token.

use std::io::{self, Write};

use super::{Style, paint};
use crate::store::{Backend, EntryKind, StoreStatus};

fn backend(b: Backend) -> &'static str {
    match b {
        Backend::Keyring => "the OS keyring",
        Backend::File => "private files",
    }
}

/// The status, or (with `cleared`) what was just removed.
pub fn render_status(
    w: &mut dyn Write,
    s: &StoreStatus,
    cleared: bool,
    now: i64,
) -> io::Result<()> {
    let mut t = String::new();
    let target = match (s.in_use, &s.keyring_unavailable) {
        (Backend::Keyring, Some(_)) => {
            "the OS keyring, as --store asks, but it does not answer: storing fails".to_owned()
        }
        (b, _) => backend(b).to_owned(),
    };
    t.push_str(&format!(
        "{}  {target}\n",
        paint(Style::Key, "new entries go to")
    ));
    t.push_str(&format!(
        "{}            {}\n",
        paint(Style::Key, "keyring"),
        match &s.keyring_unavailable {
            None => "answers".to_owned(),
            Some(why) => format!("not used ({why})"),
        }
    ));
    t.push_str(&format!(
        "{}          {}\n\n",
        paint(Style::Key, "state dir"),
        s.state_dir.display()
    ));
    if s.entries.is_empty() {
        t.push_str(if cleared {
            "Nothing was stored; nothing removed.\n"
        } else {
            "Nothing stored.\n"
        });
        return w.write_all(t.as_bytes());
    }
    let heading = if cleared { "Removed" } else { "Stored" };
    t.push_str(&format!("{}\n", paint(Style::Heading, heading)));
    for e in &s.entries {
        let what = match e.kind {
            EntryKind::Login => "sign-in",
            EntryKind::Cache => "machine token (client-credentials cache)",
        };
        t.push_str(&format!("  {}  {what}\n", e.location));
        if let Some(account) = &e.account {
            t.push_str(&format!("      account   {}\n", super::printable(account)));
        }
        if let Some(i) = &e.issuer {
            t.push_str(&format!("      issuer    {}\n", super::printable(i)));
        }
        if let Some(c) = &e.client_id {
            t.push_str(&format!("      client    {}\n", super::printable(c)));
        }
        if let Some(x) = e.expires_at {
            let when = crate::clock::relative(x, now);
            let when = if x <= now {
                format!("expired {when}")
            } else {
                format!("expires {when}")
            };
            t.push_str(&format!("      access    {when}\n"));
        }
        let mut held = Vec::new();
        if e.refresh_token {
            held.push("a refresh token");
        }
        if e.id_token {
            held.push("an ID token");
        }
        if !held.is_empty() {
            t.push_str(&format!("      also      {}\n", held.join(", ")));
        }
        let parts = if e.parts > 1 {
            format!(" in {} keyring entries", e.parts)
        } else {
            String::new()
        };
        t.push_str(&format!("      size      {} bytes{parts}\n", e.bytes));
        if let Some(p) = &e.problem {
            t.push_str(&format!(
                "      {}   {}\n",
                paint(Style::Warn, "problem"),
                super::printable(p)
            ));
        }
    }
    if cleared {
        t.push_str("\nNothing was revoked at the issuers: `oauthctl logout` does that.\n");
    }
    w.write_all(t.as_bytes())
}
