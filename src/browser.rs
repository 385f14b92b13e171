//! Opening a URL in the user's browser (`login`, `logout --end-session`).
//!
//! The `webbrowser` crate does the opening and honours `$BROWSER` (a
//! `:`-separated list of commands, `%s` standing for the URL). This module
//! decides first whether trying makes sense at all: over SSH, or on a Linux
//! or BSD machine with neither `DISPLAY` nor `WAYLAND_DISPLAY`, a browser
//! would open on some other screen or not at all, and the user is better
//! served by the URL (and a hint about `device`). An explicit `$BROWSER` is
//! the user's own choice and is always tried (a text browser over SSH, a
//! script that forwards the URL).
//!
//! Nothing here prints: the caller says what happened.

use std::ffi::OsString;

/// Why oauthctl did not try to open a browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoBrowser {
    /// An SSH session (`SSH_CONNECTION` or `SSH_TTY` is set).
    Ssh,
    /// Linux/BSD without `DISPLAY` or `WAYLAND_DISPLAY`.
    NoDisplay,
    /// A container (Docker, Podman) without a display.
    Container,
}

impl std::fmt::Display for NoBrowser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NoBrowser::Ssh => "this is an SSH session",
            NoBrowser::NoDisplay => "there is no display (neither DISPLAY nor WAYLAND_DISPLAY)",
            NoBrowser::Container => {
                "this is a container, and there is no display (neither DISPLAY nor WAYLAND_DISPLAY)"
            }
        })
    }
}

/// Whether a browser can be opened here, judged from the environment
/// (`env` reads a variable; [`std::env::var_os`] in real use).
pub fn availability(env: impl Fn(&str) -> Option<OsString>) -> Result<(), NoBrowser> {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    if set("BROWSER") {
        return Ok(());
    }
    if set("SSH_CONNECTION") || set("SSH_TTY") {
        return Err(NoBrowser::Ssh);
    }
    // macOS and Windows always have a GUI session for a logged-in user; WSL
    // opens the Windows browser without any X or Wayland display.
    let unix_desktop = cfg!(all(unix, not(target_os = "macos")));
    let wsl = set("WSL_DISTRO_NAME") || set("WSL_INTEROP");
    if unix_desktop && !wsl && !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
        return Err(NoBrowser::NoDisplay);
    }
    Ok(())
}

/// Someone other than a browser who acts for the user: `demo`'s own user
/// agent, which signs in on the built-in provider over HTTP. When the
/// context has one (`Context::user_agent`), `login` hands it the
/// authorization URL instead of opening a browser, and `device` hands it
/// the verification URI and the user code instead of waiting for a person.
/// Each call runs on a thread of its own while the command waits for the
/// outcome, so an implementation may block; it keeps its own record of what
/// went wrong (the command only sees the flow's outcome).
pub trait UserAgent: Send + Sync {
    /// Visit an authorization URL and let it redirect back to the client.
    fn open(&self, url: &str);
    /// Go to the verification URI and enter the user code (RFC 8628 §3.3).
    fn enter_code(&self, verification_uri: &str, user_code: &str);
}

/// What happened when asked to open a URL.
#[derive(Debug)]
pub enum Opened {
    /// A browser was started (it may still fail on its own).
    Launched,
    /// Not tried, for this reason.
    NotTried(NoBrowser),
    /// Tried, and no browser could be started.
    Failed(std::io::Error),
}

/// Open `url` (http or https only) in the user's browser, unless the
/// environment says there is no point.
pub fn open(url: &str) -> Opened {
    let env = |n: &str| std::env::var_os(n);
    if let Err(why) = availability(env) {
        if why == NoBrowser::NoDisplay && in_container(env) {
            return Opened::NotTried(NoBrowser::Container);
        }
        return Opened::NotTried(why);
    }
    // WSL: wslview (wslu) opens the Windows default browser; without it the
    // webbrowser crate goes through rundll32.exe or PowerShell.
    if is_wsl(env)
        && env("BROWSER").is_none_or(|b| b.is_empty())
        && std::process::Command::new("wslview")
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    {
        return Opened::Launched;
    }
    match webbrowser::open(url) {
        Ok(()) => Opened::Launched,
        Err(e) => Opened::Failed(e),
    }
}

/// Open `url` with the user's own command (`--browser-command`): `%s`
/// stands for the URL, else the URL is added as the last argument. On Unix
/// the command goes through `sh -c`, with the URL passed as `$1`, never
/// spliced into the script. The command runs in the background (it may be
/// the browser itself); its output goes to stderr, not stdout, which
/// belongs to oauthctl's result.
pub fn open_with(command: &str, url: &str) -> Opened {
    match spawn(command, url) {
        Ok(mut child) => {
            // Reap it whenever it ends, so no zombie is left behind.
            std::thread::spawn(move || child.wait());
            Opened::Launched
        }
        Err(e) => Opened::Failed(e),
    }
}

#[cfg(unix)]
fn spawn(command: &str, url: &str) -> std::io::Result<std::process::Child> {
    use std::os::fd::AsFd;
    let script = if command.contains("%s") {
        command.replace("%s", "\"$1\"")
    } else {
        format!("{command} \"$1\"")
    };
    let stderr = std::io::stderr().as_fd().try_clone_to_owned()?;
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("oauthctl-browser")
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::from(stderr))
        .spawn()
}

#[cfg(not(unix))]
fn spawn(command: &str, url: &str) -> std::io::Result<std::process::Child> {
    let mut words: Vec<String> = command.split_whitespace().map(str::to_owned).collect();
    if words.iter().any(|w| w.contains("%s")) {
        for w in &mut words {
            *w = w.replace("%s", url);
        }
    } else {
        words.push(url.to_owned());
    }
    let (program, args) = words.split_first().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "empty --browser-command")
    })?;
    std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .spawn()
}

/// WSL 1 or 2 (its init sets these for every process).
fn is_wsl(env: impl Fn(&str) -> Option<OsString>) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    set("WSL_DISTRO_NAME") || set("WSL_INTEROP")
}

/// A Docker or Podman container (their marker files, or systemd's
/// `container` variable).
fn in_container(env: impl Fn(&str) -> Option<OsString>) -> bool {
    env("container").is_some_and(|v| !v.is_empty())
        || std::path::Path::new("/.dockerenv").exists()
        || std::path::Path::new("/run/.containerenv").exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            vars.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn ssh_means_no_browser() {
        let e = env(&[
            ("DISPLAY", ":0"),
            ("SSH_CONNECTION", "1.2.3.4 5 6.7.8.9 22"),
        ]);
        assert_eq!(availability(e), Err(NoBrowser::Ssh));
        assert_eq!(
            availability(env(&[("SSH_TTY", "/dev/pts/1")])),
            Err(NoBrowser::Ssh)
        );
    }

    #[test]
    fn an_explicit_browser_is_always_tried() {
        let e = env(&[("BROWSER", "w3m"), ("SSH_TTY", "/dev/pts/1")]);
        assert_eq!(availability(e), Ok(()));
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn a_display_is_needed_on_linux() {
        assert_eq!(availability(env(&[])), Err(NoBrowser::NoDisplay));
        assert_eq!(
            availability(env(&[("DISPLAY", "")])),
            Err(NoBrowser::NoDisplay)
        );
        assert_eq!(availability(env(&[("DISPLAY", ":0")])), Ok(()));
        assert_eq!(
            availability(env(&[("WAYLAND_DISPLAY", "wayland-0")])),
            Ok(())
        );
        assert_eq!(availability(env(&[("WSL_DISTRO_NAME", "Debian")])), Ok(()));
    }
}
