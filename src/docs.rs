//! Generated documentation: shell completions and man pages, from the clap
//! definition in [`crate::cli`], the one source of help text.
//!
//! The output is committed under `completions/` and `man/`; the integration
//! test `generated` regenerates it in memory and fails when a committed copy
//! differs, and `OAUTHCTL_BLESS=1 cargo test --test it generated` rewrites
//! them. This module only renders bytes (and writes them in [`write_all`]);
//! what a command does is documented in `cli`, not here. The hand-written
//! parts are the man page's EXIT STATUS, ENVIRONMENT and FILES sections,
//! which clap cannot know.
//!
//! Output is reproducible: the man page date comes from `SOURCE_DATE_EPOCH`
//! when set (<https://reproducible-builds.org/specs/source-date-epoch/>),
//! else from [`DEFAULT_DATE`], never from the clock.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use clap::CommandFactory;
use clap_complete::{Generator, Shell};
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::cli::Cli;

/// The binary's name, as completions and man pages know it.
const BIN: &str = "oauthctl";

/// The directories (relative to the repository root) that hold generated
/// files, and nothing else.
pub const DIRS: [&str; 2] = ["completions", "man"];

/// The man page date when `SOURCE_DATE_EPOCH` is not set. A constant, not
/// today's date, so regenerating is byte-identical; move it at a release.
pub const DEFAULT_DATE: &str = "2026-11-22";

/// The shells completions are generated for, in a stable order.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

/// Every generated file, as (path relative to the repository root, bytes),
/// with the man page date from `SOURCE_DATE_EPOCH` or [`DEFAULT_DATE`].
///
/// Fails only when `SOURCE_DATE_EPOCH` is malformed (the specification asks
/// for an error rather than a guess).
pub fn generate() -> io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    generate_with_date(&man_date(epoch.as_deref())?)
}

/// Every generated file, with the given man page date (`YYYY-MM-DD`).
pub fn generate_with_date(date: &str) -> io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files = Vec::new();
    for shell in SHELLS {
        files.push((
            Path::new("completions").join(shell.file_name(BIN)),
            completion(shell),
        ));
    }
    files.extend(man_pages(Cli::command(), date)?);
    Ok(files)
}

/// The completion script for one shell: the same bytes that
/// `oauthctl completions SHELL` prints.
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail, so clap_complete's panic on a write
    // error cannot happen here.
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut buf);
    buf
}

/// Write every generated file under `root` (the repository root), creating
/// the directories, and delete files there that are no longer generated
/// (a renamed subcommand leaves no stale page behind).
pub fn write_all(root: &Path) -> io::Result<()> {
    let files = generate()?;
    for (rel, bytes) in &files {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, bytes)?;
    }
    let wanted: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    for stale in existing_files(root)? {
        if !wanted.contains(&stale.as_path()) {
            std::fs::remove_file(root.join(&stale))?;
        }
    }
    Ok(())
}

/// The files now under [`DIRS`] in `root`, relative to `root`, sorted. A
/// missing directory counts as empty.
pub fn existing_files(root: &Path) -> io::Result<Vec<PathBuf>> {
    fn walk(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
        let entries = match std::fs::read_dir(root.join(rel)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let rel = rel.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                walk(root, &rel, out)?;
            } else {
                out.push(rel);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for dir in DIRS {
        walk(root, Path::new(dir), &mut out)?;
    }
    out.sort();
    Ok(out)
}

/// The man page date: `SOURCE_DATE_EPOCH` (Unix seconds, UTC) as
/// `YYYY-MM-DD`, or [`DEFAULT_DATE`] when it is unset or empty.
pub fn man_date(source_date_epoch: Option<&str>) -> io::Result<String> {
    let Some(raw) = source_date_epoch.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(DEFAULT_DATE.to_owned());
    };
    let invalid = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("SOURCE_DATE_EPOCH={raw:?} is not a Unix time in seconds before year 10000"),
        )
    };
    let secs: u64 = raw.parse().map_err(|_| invalid())?;
    // humantime formats only years up to 9999.
    if secs >= 253_402_300_800 {
        return Err(invalid());
    }
    let stamp =
        humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(secs)).to_string();
    stamp.get(..10).map(str::to_owned).ok_or_else(invalid)
}

/// `man/oauthctl.1` and one page per (nested) subcommand, such as
/// `man/oauthctl-decode.1` or `man/oauthctl-probe-api.1`.
fn man_pages(root: clap::Command, date: &str) -> io::Result<Vec<(PathBuf, Vec<u8>)>> {
    // No page for `help`: it is not a command worth a page (clap_mangen's
    // own `generate_to` does the same).
    let mut root = root.disable_help_subcommand(true);
    root.build();

    let mut pages = Vec::new();
    // The terminal help ends with a one-line exit status summary; the page
    // has the full EXIT STATUS section instead.
    let main = root.clone().after_help(None::<&str>);
    let extra = main_page_sections(&root);
    pages.push(man_page(main, date, &extra)?);

    fn walk(
        cmd: &clap::Command,
        parents: &mut Vec<String>,
        date: &str,
        pages: &mut Vec<(PathBuf, Vec<u8>)>,
    ) -> io::Result<()> {
        parents.push(display_name(cmd));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            pages.push(man_page(sub.clone(), date, &see_also(parents))?);
            walk(sub, parents, date, pages)?;
        }
        parents.pop();
        Ok(())
    }
    walk(&root, &mut Vec::new(), date, &mut pages)?;
    Ok(pages)
}

/// One page: clap_mangen's rendering with `extra` (roff, no preamble)
/// inserted before the VERSION section, where conventional man pages keep
/// their EXIT STATUS, ENVIRONMENT, FILES and SEE ALSO.
fn man_page(cmd: clap::Command, date: &str, extra: &str) -> io::Result<(PathBuf, Vec<u8>)> {
    // One source line for every page (clap_mangen would put the
    // subcommand's own name there).
    let source = format!("{BIN} {}", cmd.get_version().unwrap_or_default());
    let man = clap_mangen::Man::new(cmd)
        .date(date)
        .source(source)
        .manual("oauthctl manual");
    let path = Path::new("man").join(man.get_filename());
    let mut buf = Vec::new();
    man.render(&mut buf)?;
    let page = String::from_utf8(buf).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    let page = match page.find("\n.SH VERSION\n") {
        Some(at) => format!("{}\n{extra}{}", &page[..at], &page[at + 1..]),
        None => format!("{page}{extra}"),
    };
    Ok((path, ascii_only(&page).into_bytes()))
}

/// Non-ASCII characters as groff `\[uXXXX]` escapes, so the pages render
/// the same whatever encoding the formatter assumes (plain troff reads
/// Latin-1 and warns on UTF-8).
fn ascii_only(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

fn display_name(cmd: &clap::Command) -> String {
    cmd.get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_owned()
}

/// SEE ALSO for a subcommand's page: its parents' pages.
fn see_also(parents: &[String]) -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["SEE ALSO"]);
    let mut line = Vec::new();
    for (i, name) in parents.iter().rev().enumerate() {
        if i > 0 {
            line.push(roman(", "));
        }
        line.push(bold(name.as_str()));
        line.push(roman("(1)"));
    }
    roff.text(line);
    roff.to_roff()
}

/// EXIT STATUS, ENVIRONMENT and FILES for the main page.
fn main_page_sections(root: &clap::Command) -> String {
    let mut roff = Roff::new();

    roff.control("SH", ["EXIT STATUS"]);
    roff.text([roman(
        "The same codes for every command, so scripts can tell a failed check \
         from a broken setup:",
    )]);
    for (code, meaning) in EXIT_CODES {
        roff.control("TP", []);
        roff.text([bold(code)]);
        roff.text([roman(meaning)]);
    }

    roff.control("SH", ["ENVIRONMENT"]);
    for (name, text) in environment(root) {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(text)]);
    }

    roff.control("SH", ["FILES"]);
    roff.control("TP", []);
    roff.text([italic("$XDG_CONFIG_HOME/oauthctl/config.toml")]);
    roff.text([roman(
        "The configuration file (or --config, OAUTHCTL_CONFIG), with ~/.config \
         when XDG_CONFIG_HOME is unset. It holds [profiles.NAME] tables: issuer, \
         client_id, scopes, auth_method, and where a client secret comes from \
         (client_secret_file or client_secret_env), never the secret itself. \
         A flag wins over its environment variable, which wins over the profile, \
         which wins over the default.",
    )]);
    if has_command(root, &TOKEN_STORING) {
        roff.control("TP", []);
        roff.text([italic("$XDG_STATE_HOME/oauthctl/")]);
        roff.text([roman(
            "Stored tokens and the client-credentials cache when no OS keyring is \
             reachable (files created with mode 0600).",
        )]);
    }
    roff.to_roff()
}

/// DESIGN.md's exit codes.
const EXIT_CODES: [(&str, &str); 6] = [
    ("0", "Success."),
    (
        "1",
        "A check failed: an invalid token, findings at or above --fail-on, lint errors.",
    ),
    ("2", "A usage or configuration error."),
    ("3", "A network, TLS or HTTP error talking to a server."),
    (
        "4",
        "The server refused: an OAuth error response (invalid_client, invalid_grant, \
         access_denied, expired_token...).",
    ),
    ("5", "Timed out waiting for the user (login, device)."),
];

/// Commands that keep tokens in the store.
const TOKEN_STORING: [&str; 5] = ["login", "device", "client-credentials", "token", "refresh"];

/// When a variable read outside clap applies.
enum When {
    Always,
    /// A subcommand with one of these names exists.
    Command(&'static [&'static str]),
    /// An option with this long name exists somewhere.
    Option(&'static str),
}

/// Variables read outside clap's `env =`, with when they apply, so the page
/// documents only what the binary does.
const OTHER_ENV: [(&str, When, &str); 7] = [
    (
        "OAUTHCTL_CLIENT_SECRET",
        When::Option("client-secret-file"),
        "The client secret, instead of --client-secret-file (safer than \
         --client-secret, which other users can see in the process list).",
    ),
    (
        "OAUTHCTL_STORE",
        When::Option("store"),
        "Where tokens are kept: keyring or file (see --store).",
    ),
    (
        "NO_COLOR",
        When::Always,
        "When set and not empty, no colour unless --color always is given.",
    ),
    (
        "TERM",
        When::Always,
        "When dumb, no colour unless --color always is given.",
    ),
    (
        "XDG_CONFIG_HOME",
        When::Always,
        "Where the configuration file is looked for (default ~/.config); see FILES.",
    ),
    (
        "XDG_STATE_HOME",
        When::Command(&TOKEN_STORING),
        "Where tokens are stored when no OS keyring is reachable (default \
         ~/.local/state); see FILES.",
    ),
    (
        "BROWSER",
        When::Command(&["login"]),
        "The browser that login opens (else the system default).",
    ),
];

/// ENVIRONMENT entries: every `env =` in the clap definition (so a new one
/// appears without editing this file), then the variables read elsewhere.
fn environment(root: &clap::Command) -> Vec<(String, String)> {
    fn collect(cmd: &clap::Command, out: &mut Vec<(String, String)>) {
        for arg in cmd.get_arguments() {
            let (Some(env), Some(long)) = (arg.get_env(), arg.get_long()) else {
                continue;
            };
            let name = env.to_string_lossy().into_owned();
            if out.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let help = arg
                .get_help()
                .map(|h| h.to_string())
                .unwrap_or_default()
                .trim_end_matches('.')
                .to_owned();
            out.push((name, format!("{help}; used when --{long} is not given.")));
        }
        for sub in cmd.get_subcommands() {
            collect(sub, out);
        }
    }
    let mut out = Vec::new();
    collect(root, &mut out);
    for (name, when, text) in OTHER_ENV {
        let applies = match when {
            When::Always => true,
            When::Command(names) => has_command(root, names),
            When::Option(long) => has_option(root, long),
        };
        if applies && !out.iter().any(|(n, _)| n == name) {
            out.push((name.to_owned(), text.to_owned()));
        }
    }
    out
}

/// Whether a subcommand (at any depth) has one of these names.
fn has_command(cmd: &clap::Command, names: &[&str]) -> bool {
    cmd.get_subcommands()
        .any(|s| names.contains(&s.get_name()) || has_command(s, names))
}

/// Whether an option with this long name exists on any command.
fn has_option(cmd: &clap::Command, long: &str) -> bool {
    cmd.get_arguments().any(|a| a.get_long() == Some(long))
        || cmd.get_subcommands().any(|s| has_option(s, long))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_becomes_groff_escapes() {
        assert_eq!(
            ascii_only("Bearer \u{2026} \u{1F600}"),
            "Bearer \\[u2026] \\[u1F600]"
        );
    }

    #[test]
    fn date_defaults_to_the_constant() {
        assert_eq!(man_date(None).unwrap(), DEFAULT_DATE);
        assert_eq!(man_date(Some("")).unwrap(), DEFAULT_DATE);
    }

    #[test]
    fn date_follows_source_date_epoch() {
        assert_eq!(man_date(Some("0")).unwrap(), "1970-01-01");
        assert_eq!(man_date(Some("1700000000")).unwrap(), "2023-11-14");
        assert_eq!(man_date(Some("253402300799")).unwrap(), "9999-12-31");
    }

    #[test]
    fn malformed_source_date_epoch_is_an_error() {
        for bad in ["yesterday", "-1", "1.5", "253402300800"] {
            assert!(man_date(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn generation_is_deterministic() {
        let a = generate_with_date(DEFAULT_DATE).unwrap();
        let b = generate_with_date(DEFAULT_DATE).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn every_shell_and_every_subcommand_has_a_file() {
        let files = generate_with_date(DEFAULT_DATE).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|(p, _)| p.to_string_lossy().into_owned())
            .collect();
        for want in [
            "completions/oauthctl.bash",
            "completions/_oauthctl",
            "completions/oauthctl.fish",
            "completions/_oauthctl.ps1",
            "completions/oauthctl.elv",
            "man/oauthctl.1",
        ] {
            assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
        }
        for sub in Cli::command().get_subcommands() {
            let want = format!("man/oauthctl-{}.1", sub.get_name());
            assert!(names.contains(&want), "{want} in {names:?}");
        }
        assert!(!names.iter().any(|n| n == "man/oauthctl-help.1"));
    }

    #[test]
    fn nested_subcommands_get_pages() {
        let cmd = clap::Command::new("oauthctl").version("1.0").subcommand(
            clap::Command::new("probe")
                .about("Probe")
                .subcommand(clap::Command::new("api").about("An API"))
                .subcommand(clap::Command::new("secret").hide(true)),
        );
        let pages = man_pages(cmd, DEFAULT_DATE).unwrap();
        let names: Vec<&Path> = pages.iter().map(|(p, _)| p.as_path()).collect();
        assert_eq!(
            names,
            [
                Path::new("man/oauthctl.1"),
                Path::new("man/oauthctl-probe.1"),
                Path::new("man/oauthctl-probe-api.1"),
            ]
        );
        let api = String::from_utf8(pages[2].1.clone()).unwrap();
        assert!(
            api.contains("oauthctl\\-probe\\fR(1), \\fBoauthctl\\fR(1)"),
            "{api}"
        );
    }

    #[test]
    fn main_page_has_the_hand_written_sections_before_version() {
        let files = generate_with_date("2001-02-03").unwrap();
        let (_, page) = files
            .iter()
            .find(|(p, _)| p == Path::new("man/oauthctl.1"))
            .unwrap();
        let page = String::from_utf8(page.clone()).unwrap();
        assert!(page.contains("2001\\-02\\-03") || page.contains("2001-02-03"));
        let exit = page.find(".SH \"EXIT STATUS\"").unwrap();
        let env = page.find(".SH ENVIRONMENT").unwrap();
        let files_at = page.find(".SH FILES").unwrap();
        let version = page.find(".SH VERSION").unwrap();
        assert!(exit < env && env < files_at && files_at < version);
        for var in [
            "OAUTHCTL_PROFILE",
            "OAUTHCTL_CONFIG",
            "OAUTHCTL_ISSUER",
            "NO_COLOR",
        ] {
            assert!(page.contains(var), "{var}");
        }
        assert!(page.is_ascii());
        // The one-line summary from --help is replaced by the full section.
        assert!(!page.contains(".SH EXTRA"));
    }
}
