//! Parsed arguments resolved into settings, once, before a command runs:
//! flag, then environment (clap reads `env = …`), then profile, then
//! default. Commands read settings; they never juggle raw options.

use std::sync::Arc;
use std::time::Duration;

use crate::cli::{GlobalArgs, OutputFormat};
use crate::clock::{Clock, SystemClock};
use crate::config::{self, Profile};
use crate::error::{Error, Result};
use crate::http::{HttpClient, HttpSettings, TraceSink};
use crate::output::{Printer, Style, color_enabled, paint};

/// Everything a command needs from the world.
pub struct Context {
    /// The requested output format, if any.
    pub format: Option<OutputFormat>,
    /// The profile in force (empty when none).
    pub profile: Profile,
    /// The HTTP client (built on first use).
    pub http: Arc<HttpClient>,
    /// Where output goes.
    pub printer: Printer,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Whether stdout is coloured.
    pub color: bool,
}

impl Context {
    /// Resolve the global options.
    pub fn from_args(g: &GlobalArgs) -> Result<Context> {
        use std::io::IsTerminal;
        let color = color_enabled(g.color, std::io::stdout().is_terminal());
        let mut printer = Printer::stdio(color, g.quiet);
        let profile = match &g.profile {
            Some(name) => {
                let (path, cfg) = config::load(g.config.as_deref())?;
                cfg.profile(name, path.as_deref())?
            }
            None => {
                // An explicit --config is still validated, so typos surface.
                if g.config.is_some() {
                    config::load(g.config.as_deref())?;
                }
                Profile::default()
            }
        };
        if g.timeout == 0 {
            return Err(Error::usage("--timeout must be at least 1 second"));
        }
        if g.insecure {
            printer.warn(
                "TLS certificate verification is OFF (--insecure): anyone on the network path \
                 can impersonate the server and read what is sent",
            );
        }
        let trace: Option<TraceSink> = if g.verbose > 0 && !g.quiet {
            let prefix_color = color_enabled(g.color, std::io::stderr().is_terminal());
            Some(Arc::new(move |line: &str| {
                if prefix_color {
                    eprintln!("{}", paint(Style::Dim, line));
                } else {
                    eprintln!("{line}");
                }
            }))
        } else {
            None
        };
        let http = HttpClient::new(
            HttpSettings {
                timeout: Duration::from_secs(g.timeout),
                cacerts: g.cacert.clone(),
                insecure: g.insecure,
                verbosity: g.verbose,
                ..HttpSettings::default()
            },
            trace,
        );
        Ok(Context {
            format: g.output,
            profile,
            http: Arc::new(http),
            printer,
            clock: Arc::new(SystemClock),
            color,
        })
    }

    /// The output format, checked against what the command supports; the
    /// first supported one is the default.
    pub fn format(&self, command: &str, supported: &[OutputFormat]) -> Result<OutputFormat> {
        match self.format {
            None => Ok(supported[0]),
            Some(f) if supported.contains(&f) => Ok(f),
            Some(f) => {
                use clap::ValueEnum;
                let name = |f: &OutputFormat| {
                    f.to_possible_value()
                        .map(|v| v.get_name().to_owned())
                        .unwrap_or_default()
                };
                Err(Error::usage(format!(
                    "{command} does not support -o {} (it supports: {})",
                    name(&f),
                    supported.iter().map(name).collect::<Vec<_>>().join(", ")
                )))
            }
        }
    }

    /// The issuer: the flag (or `OAUTHCTL_ISSUER`), else the profile's.
    pub fn issuer(&self, flag: Option<&str>) -> Option<String> {
        flag.map(str::to_owned)
            .or_else(|| self.profile.issuer.clone())
    }

    /// The client ID: the flag (or `OAUTHCTL_CLIENT_ID`), else the profile's.
    pub fn client_id(&self, flag: Option<&str>) -> Option<String> {
        flag.map(str::to_owned)
            .or_else(|| self.profile.client_id.clone())
    }
}
