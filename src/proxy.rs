//! Which HTTP proxy a request goes through.
//!
//! One decision, [`Proxies::choose`], made for every request: the real
//! transport routes by it ([`crate::http::ReqwestTransport`]) and the `-v`
//! trace shows it, so what is traced is what was done.
//!
//! Where the proxy comes from, first found wins:
//! 1. `--proxy URL` (or `OAUTHCTL_PROXY`), then the profile's `proxy`
//!    setting: every request, http and https alike;
//! 2. the usual environment variables: `https_proxy`/`HTTPS_PROXY` for
//!    https URLs, `http_proxy`/`HTTP_PROXY` for http URLs, and
//!    `all_proxy`/`ALL_PROXY` for either when the specific one is unset (the
//!    lower-case name first, as curl reads them).
//!
//! `no_proxy`/`NO_PROXY` (comma- or space-separated) applies to both: `*`
//! (no proxy at all), host names (`example.com` and `.example.com` both
//! match the name and every name under it), IP addresses and CIDR ranges
//! (`10.0.0.0/8`), each optionally with `:PORT`.
//!
//! Loopback never goes through a proxy, whatever is set: `localhost` and
//! names under it, 127.0.0.0/8 and `::1`. A proxy would see the login
//! callback, the built-in provider and every test server, and could not
//! reach them anyway (its own loopback is not this one).
//!
//! Proxy URLs are `http://` or `https://` (to the proxy itself), with
//! optional `user:password@` for Basic proxy authentication; a URL without
//! a scheme is taken as `http://`. Traces and errors show them through
//! [`redacted`]: the password never.

use std::net::IpAddr;

use url::Url;

/// The proxy settings, resolved once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxies {
    /// `--proxy`, `OAUTHCTL_PROXY` or the profile's `proxy`: every scheme.
    explicit: Option<Chosen>,
    /// The proxy for https URLs from the environment.
    https: Option<Chosen>,
    /// The proxy for http URLs from the environment.
    http: Option<Chosen>,
    /// `NO_PROXY`.
    no_proxy: Vec<NoProxyEntry>,
    /// `NO_PROXY` is `*`.
    none: bool,
}

/// A proxy and where its setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    /// The proxy's URL (it may hold credentials: show it with [`redacted`]).
    pub url: Url,
    /// The flag, variable or setting it came from (`--proxy`, `HTTPS_PROXY`…).
    pub source: String,
}

/// One `NO_PROXY` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NoProxyEntry {
    /// A name and the names under it.
    Domain(String, Option<u16>),
    /// An address range.
    Net(IpAddr, u8, Option<u16>),
}

/// The environment variables read, lower-case first for each.
const ENV_NAMES: &[&str] = &[
    "https_proxy",
    "HTTPS_PROXY",
    "http_proxy",
    "HTTP_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
];

impl Proxies {
    /// Resolve the settings: `explicit` is `(URL, where it came from)` for
    /// `--proxy`/`OAUTHCTL_PROXY`/the profile; `env` reads an environment
    /// variable ([`std::env::var`] in real use). The error names the
    /// setting that is unusable.
    pub fn resolve(
        explicit: Option<(&str, &str)>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Proxies, String> {
        let get = |lower: &str, upper: &str| {
            env(lower)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (v, lower.to_owned()))
                .or_else(|| {
                    env(upper)
                        .filter(|v| !v.trim().is_empty())
                        .map(|v| (v, upper.to_owned()))
                })
        };
        let chosen = |found: Option<(String, String)>| -> Result<Option<Chosen>, String> {
            found
                .map(|(value, source)| {
                    Ok(Chosen {
                        url: parse_proxy_url(&value, &source)?,
                        source,
                    })
                })
                .transpose()
        };
        let explicit = chosen(
            explicit
                .filter(|(v, _)| !v.trim().is_empty())
                .map(|(v, s)| (v.to_owned(), s.to_owned())),
        )?;
        let all = get("all_proxy", "ALL_PROXY");
        let https = chosen(get("https_proxy", "HTTPS_PROXY").or_else(|| all.clone()))?;
        let http = chosen(get("http_proxy", "HTTP_PROXY").or(all))?;
        let list = get("no_proxy", "NO_PROXY")
            .map(|(v, _)| v)
            .unwrap_or_default();
        let mut no_proxy = Vec::new();
        let mut none = false;
        for item in list
            .split([',', ' ', '\t'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            if item == "*" {
                none = true;
            } else if let Some(entry) = NoProxyEntry::parse(item) {
                no_proxy.push(entry);
            }
        }
        Ok(Proxies {
            explicit,
            https,
            http,
            no_proxy,
            none,
        })
    }

    /// This process's settings with `explicit` (see [`Proxies::resolve`]).
    pub fn from_process(explicit: Option<(&str, &str)>) -> Result<Proxies, String> {
        Proxies::resolve(explicit, |name| {
            debug_assert!(ENV_NAMES.contains(&name));
            std::env::var(name).ok()
        })
    }

    /// Whether any proxy is set at all.
    pub fn any(&self) -> bool {
        self.explicit.is_some() || self.https.is_some() || self.http.is_some()
    }

    /// The proxy a request to `url` goes through; `None`: straight to the
    /// server (loopback, `NO_PROXY`, or no proxy set for its scheme).
    pub fn choose(&self, url: &Url) -> Option<&Chosen> {
        let proxy = match (&self.explicit, url.scheme()) {
            (Some(p), _) => p,
            (None, "https") => self.https.as_ref()?,
            (None, "http") => self.http.as_ref()?,
            _ => return None,
        };
        let host = url.host()?;
        if is_loopback(&host) || self.none {
            return None;
        }
        let port = url.port_or_known_default();
        if self.no_proxy.iter().any(|e| e.matches(&host, port)) {
            return None;
        }
        Some(proxy)
    }

    /// For `-v`: how a request to `url` goes, when any proxy is set.
    pub fn describe(&self, url: &str) -> Option<String> {
        if !self.any() {
            return None;
        }
        let u = Url::parse(url).ok()?;
        Some(match self.choose(&u) {
            Some(p) => format!("* through the proxy {} ({})", redacted(&p.url), p.source),
            None => match u.host() {
                Some(h) if is_loopback(&h) => "* no proxy: loopback never goes through one".into(),
                _ => "* no proxy for this URL (NO_PROXY, or none set for its scheme)".into(),
            },
        })
    }
}

/// Parse a proxy URL from `source`; a bare `host:port` is `http://`.
fn parse_proxy_url(value: &str, source: &str) -> Result<Url, String> {
    let value = value.trim();
    let full = if value.contains("://") {
        value.to_owned()
    } else {
        format!("http://{value}")
    };
    let url = Url::parse(&full)
        .map_err(|e| format!("{source}: not a proxy URL ({e}): {}", redact_text(value)))?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(format!(
                "{source}: proxy scheme {other}:// is not supported (http:// or https:// to the \
                 proxy): {}",
                redacted(&url)
            ));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("{source}: the proxy URL has no host"));
    }
    Ok(url)
}

/// A value that did not parse, shown without anything after a `:` before an
/// `@` (a password).
fn redact_text(value: &str) -> String {
    match value.rsplit_once('@') {
        Some((cred, rest)) => match cred.split_once(':') {
            Some((user, _)) => format!("{user}:***@{rest}"),
            None => value.to_owned(),
        },
        None => value.to_owned(),
    }
}

/// A proxy URL for traces and errors: its password (if any) as `***`.
pub fn redacted(url: &Url) -> String {
    let mut u = url.clone();
    if u.password().is_some() {
        let _ = u.set_password(Some("***"));
    }
    let s = u.to_string();
    // `Url` always ends an origin with `/`; a proxy has no path.
    s.strip_suffix('/').map(str::to_owned).unwrap_or(s)
}

/// `localhost` (and names under it), 127.0.0.0/8, `::1` (and the
/// IPv4-mapped 127.x).
pub fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        url::Host::Ipv4(a) => a.is_loopback(),
        url::Host::Ipv6(a) => {
            a.is_loopback() || a.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

impl NoProxyEntry {
    fn parse(item: &str) -> Option<NoProxyEntry> {
        // `[::1]:8080`, `10.0.0.0/8`, `host:443`, `.example.com`
        let (addr, port) = split_port(item);
        let port = match port {
            Some(p) => Some(p.parse::<u16>().ok()?),
            None => None,
        };
        let addr = addr.trim_start_matches('[').trim_end_matches(']');
        if let Some((net, bits)) = addr.split_once('/') {
            let ip: IpAddr = net.parse().ok()?;
            let bits: u8 = bits.parse().ok()?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            return (bits <= max).then_some(NoProxyEntry::Net(ip, bits, port));
        }
        if let Ok(ip) = addr.parse::<IpAddr>() {
            let bits = if ip.is_ipv4() { 32 } else { 128 };
            return Some(NoProxyEntry::Net(ip, bits, port));
        }
        let name = addr
            .trim_start_matches("*.")
            .trim_start_matches('.')
            .trim_end_matches('.')
            .to_ascii_lowercase();
        (!name.is_empty()).then_some(NoProxyEntry::Domain(name, port))
    }

    fn matches(&self, host: &url::Host<&str>, port: Option<u16>) -> bool {
        let port_ok = |want: &Option<u16>| want.is_none() || *want == port;
        match (self, host) {
            (NoProxyEntry::Domain(name, p), url::Host::Domain(d)) => {
                let d = d.trim_end_matches('.').to_ascii_lowercase();
                port_ok(p)
                    && (d == *name
                        || d.strip_suffix(name.as_str())
                            .is_some_and(|r| r.ends_with('.')))
            }
            (NoProxyEntry::Net(net, bits, p), url::Host::Ipv4(a)) => {
                port_ok(p) && in_net(IpAddr::V4(*a), *net, *bits)
            }
            (NoProxyEntry::Net(net, bits, p), url::Host::Ipv6(a)) => {
                port_ok(p) && in_net(IpAddr::V6(*a), *net, *bits)
            }
            _ => false,
        }
    }
}

/// `host:port` → (`host`, `port`); an IPv6 address keeps its colons.
fn split_port(item: &str) -> (&str, Option<&str>) {
    if let Some(rest) = item.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((addr, tail)) => (addr, tail.strip_prefix(':')),
            None => (item, None),
        };
    }
    match item.rsplit_once(':') {
        // More than one colon: a bare IPv6 address (or range).
        Some((host, _)) if host.contains(':') => (item, None),
        Some((host, port)) if !port.contains('/') => (host, Some(port)),
        _ => (item, None),
    }
}

fn in_net(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(vars: &[(&str, &str)], explicit: Option<&str>) -> Proxies {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Proxies::resolve(explicit.map(|e| (e, "--proxy")), |name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
        .unwrap()
    }

    fn via(p: &Proxies, url: &str) -> Option<String> {
        p.choose(&Url::parse(url).unwrap())
            .map(|c| format!("{} {}", redacted(&c.url), c.source))
    }

    #[test]
    fn loopback_never_goes_through_a_proxy() {
        let p = proxies(
            &[
                ("HTTPS_PROXY", "http://proxy:3128"),
                ("http_proxy", "proxy:3128"),
            ],
            Some("http://other:8080"),
        );
        for url in [
            "http://127.0.0.1:8080/x",
            "https://127.3.4.5/",
            "http://localhost:1/",
            "https://auth.localhost/",
            "http://[::1]:9/",
            "http://[::ffff:127.0.0.1]/",
            "http://LOCALHOST./",
        ] {
            assert_eq!(via(&p, url), None, "{url}");
        }
        assert_eq!(
            via(&p, "https://idp.example/"),
            Some("http://other:8080 --proxy".into())
        );
    }

    #[test]
    fn the_environment_by_scheme_lower_case_first() {
        let p = proxies(
            &[
                ("HTTPS_PROXY", "http://upper:1"),
                ("https_proxy", "http://lower:2"),
                ("HTTP_PROXY", "plain:3"),
            ],
            None,
        );
        assert_eq!(
            via(&p, "https://idp.example/"),
            Some("http://lower:2 https_proxy".into())
        );
        assert_eq!(
            via(&p, "http://idp.example/"),
            Some("http://plain:3 HTTP_PROXY".into())
        );
        let all = proxies(&[("ALL_PROXY", "http://all:4")], None);
        assert_eq!(
            via(&all, "http://a.example/"),
            Some("http://all:4 ALL_PROXY".into())
        );
        assert_eq!(proxies(&[], None), Proxies::default());
        assert_eq!(via(&proxies(&[], None), "https://idp.example/"), None);
    }

    #[test]
    fn no_proxy_names_addresses_ranges_and_ports() {
        let p = proxies(
            &[
                ("HTTPS_PROXY", "http://proxy:3128"),
                ("HTTP_PROXY", "http://proxy:3128"),
                (
                    "NO_PROXY",
                    "corp.example, .internal.example,10.0.0.0/8 192.168.1.5,api.example:8443,[fd00::1]",
                ),
            ],
            None,
        );
        for url in [
            "https://corp.example/",
            "https://sso.corp.example/",
            "https://a.internal.example/",
            "http://10.1.2.3/",
            "http://192.168.1.5:8080/",
            "https://api.example:8443/",
            "http://[fd00::1]/",
        ] {
            assert_eq!(via(&p, url), None, "{url}");
        }
        for url in [
            "https://notcorp.example/",
            "https://api.example/",
            "http://11.0.0.1/",
            "http://192.168.1.6/",
        ] {
            assert!(via(&p, url).is_some(), "{url}");
        }
        let star = proxies(&[("HTTPS_PROXY", "proxy:1"), ("no_proxy", "*")], None);
        assert_eq!(via(&star, "https://idp.example/"), None);
    }

    #[test]
    fn credentials_never_show_and_bad_urls_say_where_they_came_from() {
        let p = proxies(&[], Some("http://alice:s3cret@proxy.corp:3128"));
        let shown = via(&p, "https://idp.example/").unwrap();
        assert_eq!(shown, "http://alice:***@proxy.corp:3128 --proxy");
        let d = p.describe("https://idp.example/x").unwrap();
        assert!(!d.contains("s3cret"), "{d}");
        let e = Proxies::resolve(None, |n| {
            (n == "HTTPS_PROXY").then(|| "socks5://bob:pw@h:1".to_owned())
        })
        .unwrap_err();
        assert!(e.starts_with("HTTPS_PROXY: proxy scheme socks5://"), "{e}");
        assert!(!e.contains("pw@"), "{e}");
        let e = Proxies::resolve(Some(("http://[bad", "--proxy")), |_| None).unwrap_err();
        assert!(e.starts_with("--proxy: not a proxy URL"), "{e}");
    }
}
