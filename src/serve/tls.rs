//! `serve --tls`: the server's certificate (generated at start, or given),
//! and mutual-TLS client authentication with certificate-bound access
//! tokens (RFC 8705).
//!
//! The listener asks every client for a certificate and takes any, or none
//! ([`crate::loopback::Tls`]): the handshake only proves that the client
//! holds the key of the certificate it sent. Whether that certificate
//! authenticates a client is decided here, per client:
//!
//! - `tls_client_auth` (§2.1): the certificate's subject DN, or one of its
//!   subject alternative names, is the one registered (exactly one of
//!   `tls_client_auth_subject_dn`, `_san_dns`, `_san_uri`, `_san_ip`,
//!   `_san_email` in the provider file), and, with `--tls-client-ca`, the
//!   certificate chains to one of those CAs ([`ClientCa`], webpki). Without
//!   it no chain is built: the registered name alone is the trust decision,
//!   which is for development only.
//! - `self_signed_tls_client_auth` (§2.2): the certificate's public key is
//!   one of the client's registered keys (`jwks`/`jwks_file`, which may
//!   also be the certificate's PEM file).
//!
//! A client authenticated either way gets access tokens bound to the
//! certificate, `cnf.x5t#S256` (§3), which userinfo and the demo API then
//! check against the certificate of the connection.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::server::danger::ClientCertVerifier;

use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

use crate::error::{Error, Result};
use crate::loopback::Tls;

/// Where the server's certificate comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Made at start (ECDSA P-256, self-signed, for the listen address,
    /// `localhost` and the `--public-url` host); its PEM is written into
    /// `dir` for clients to trust.
    Generate {
        /// The directory the certificate's PEM file goes to.
        dir: PathBuf,
    },
    /// `--tls-cert` and `--tls-key`.
    Files {
        /// The certificate chain, PEM.
        cert: PathBuf,
        /// Its private key, PEM.
        key: PathBuf,
    },
}

/// The server's TLS identity, ready for the listener.
#[derive(Debug, Clone)]
pub struct Identity {
    /// For the listener.
    pub tls: Tls,
    /// The server's own certificate, DER.
    pub certificate: Vec<u8>,
    /// The file with the certificate, when it was given (a generated one
    /// is written once the port is known, see [`Identity::write`]).
    pub cert_file: Option<PathBuf>,
}

/// What the banner says about TLS.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TlsSummary {
    /// The PEM file with the server's certificate (for `--cacert`,
    /// `curl --cacert`, `SSL_CERT_FILE`).
    pub cert_file: String,
    /// SHA-256 fingerprint of the certificate, hex with colons.
    pub fingerprint: String,
    /// Whether the certificate was generated at start.
    pub generated: bool,
    /// `--tls-client-ca`: the CAs `tls_client_auth` certificates must
    /// chain to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ca: Option<String>,
}

/// `--tls-client-ca`: the trust anchors a `tls_client_auth` client's
/// certificate must chain to (RFC 8705 §2.1, checked by webpki through
/// rustls: validity, signatures, CA constraints, and the clientAuth purpose
/// when the certificate names purposes).
#[derive(Clone)]
pub struct ClientCa {
    file: PathBuf,
    verifier: Arc<dyn ClientCertVerifier>,
}

impl std::fmt::Debug for ClientCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCa")
            .field("file", &self.file)
            .finish()
    }
}

impl ClientCa {
    /// The CA certificates of a PEM file.
    pub fn load(path: &Path) -> Result<ClientCa> {
        let bad = |d: String| Error::usage(format!("--tls-client-ca {}: {d}", path.display()));
        let pem = crate::error::read_capped(path, crate::error::MAX_FILE_LEN)
            .map_err(|e| bad(e.to_string()))?;
        let certs = CertificateDer::pem_slice_iter(&pem)
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| bad(format!("not PEM ({e})")))?;
        if certs.is_empty() {
            return Err(bad("no certificate in the file".into()));
        }
        let mut roots = rustls::RootCertStore::empty();
        for c in certs {
            roots
                .add(c)
                .map_err(|e| bad(format!("not a usable CA certificate ({e})")))?;
        }
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let verifier =
            rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| bad(e.to_string()))?;
        Ok(ClientCa {
            file: path.to_path_buf(),
            verifier,
        })
    }

    /// The file it was read from.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Whether `leaf` (with the `intermediates` the client sent) chains to
    /// one of the CAs, now.
    pub fn verify(
        &self,
        leaf: &[u8],
        intermediates: &[Vec<u8>],
    ) -> std::result::Result<(), String> {
        let inter: Vec<CertificateDer<'_>> = intermediates
            .iter()
            .map(|d| CertificateDer::from(d.as_slice()))
            .collect();
        self.verifier
            .verify_client_cert(&CertificateDer::from(leaf), &inter, UnixTime::now())
            .map(|_| ())
            .map_err(|e| {
                format!(
                    "the client certificate does not chain to --tls-client-ca {} ({e})",
                    self.file.display()
                )
            })
    }
}

impl Identity {
    /// The identity from its source; `hosts` are the names and addresses a
    /// generated certificate is for.
    pub fn load(source: &Source, hosts: &[String]) -> Result<Identity> {
        match source {
            Source::Generate { .. } => generate(hosts),
            Source::Files { cert, key } => from_files(cert, key),
        }
    }

    /// Write a generated certificate's PEM to `DIR/serve-ADDR-PORT.pem`
    /// (nothing for a given one) and return the file it is in.
    pub fn write(&mut self, source: &Source, addr: std::net::SocketAddr) -> Result<PathBuf> {
        if let Some(f) = &self.cert_file {
            return Ok(f.clone());
        }
        let Source::Generate { dir } = source else {
            return Err(Error::usage("no file for the server certificate"));
        };
        let name = format!("serve-{}-{}.pem", addr.ip(), addr.port()).replace(':', "_");
        let path = dir.join(name);
        std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&path, &self.tls.certificate_pem))
            .map_err(|e| {
                Error::usage(format!(
                    "writing the server certificate to {}: {e}",
                    path.display()
                ))
            })?;
        self.cert_file = Some(path.clone());
        Ok(path)
    }

    /// SHA-256 fingerprint of the certificate, hex with colons.
    pub fn fingerprint(&self) -> String {
        let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &self.certificate);
        d.as_ref()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(":")
    }
}

/// A fresh self-signed ECDSA P-256 certificate for `hosts` (DNS names or
/// IP addresses), valid from a day ago for a year, for TLS servers only.
fn generate(hosts: &[String]) -> Result<Identity> {
    let fail = |e: rcgen::Error| Error::usage(format!("making the TLS certificate: {e}"));
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(fail)?;
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(fail)?;
    for h in hosts {
        let san = match h.parse::<IpAddr>() {
            Ok(ip) => rcgen::SanType::IpAddress(ip),
            Err(_) => rcgen::SanType::DnsName(h.clone().try_into().map_err(fail)?),
        };
        if !params.subject_alt_names.contains(&san) {
            params.subject_alt_names.push(san);
        }
    }
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(rcgen::DnType::CommonName, "oauthctl serve (development)");
    params.distinguished_name = dn;
    // An end-entity certificate (CA:FALSE): rustls refuses a CA certificate
    // as a server's, even one trusted directly.
    params.is_ca = rcgen::IsCa::ExplicitNoCa;
    params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(365);
    let cert = params.self_signed(&key).map_err(fail)?;
    let der = cert.der().to_vec();
    Ok(Identity {
        tls: Tls {
            certificate_pem: pem::encode(&pem::Pem::new("CERTIFICATE", der.clone())).into_bytes(),
            key_pem: pem::encode(&pem::Pem::new("PRIVATE KEY", key.serialize_der())).into_bytes(),
            client_certificates: true,
        },
        certificate: der,
        cert_file: None,
    })
}

fn from_files(cert: &Path, key: &Path) -> Result<Identity> {
    let read = |p: &Path, what: &str| {
        crate::error::read_capped(p, crate::error::MAX_FILE_LEN)
            .map_err(|e| Error::usage(format!("reading {what} {}: {e}", p.display())))
    };
    let cert_pem = read(cert, "--tls-cert")?;
    let key_pem = read(key, "--tls-key")?;
    let first = pem::parse_many(&cert_pem)
        .ok()
        .and_then(|all| all.into_iter().find(|p| p.tag() == "CERTIFICATE"))
        .ok_or_else(|| {
            Error::usage(format!(
                "--tls-cert {}: no PEM certificate in the file",
                cert.display()
            ))
        })?;
    X509Certificate::from_der(first.contents()).map_err(|e| {
        Error::usage(format!(
            "--tls-cert {}: not an X.509 certificate ({e})",
            cert.display()
        ))
    })?;
    if !pem::parse_many(&key_pem)
        .ok()
        .is_some_and(|all| all.iter().any(|p| p.tag().ends_with("PRIVATE KEY")))
    {
        return Err(Error::usage(format!(
            "--tls-key {}: no PEM private key in the file",
            key.display()
        )));
    }
    Ok(Identity {
        tls: Tls {
            certificate_pem: cert_pem,
            key_pem,
            client_certificates: true,
        },
        certificate: first.contents().to_vec(),
        cert_file: Some(cert.to_path_buf()),
    })
}

/// The certificate thumbprint of RFC 8705 §3.1 (`x5t#S256`): the
/// base64url SHA-256 of the DER certificate.
pub fn thumbprint(der: &[u8]) -> String {
    crate::jwt::b64_encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, der).as_ref())
}

/// What a `tls_client_auth` client registered its certificate by (RFC
/// 8705 §2.1.2; exactly one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registered {
    /// `tls_client_auth_subject_dn`, an RFC 4514 string.
    SubjectDn(String),
    /// `tls_client_auth_san_dns`.
    SanDns(String),
    /// `tls_client_auth_san_uri`.
    SanUri(String),
    /// `tls_client_auth_san_ip`.
    SanIp(IpAddr),
    /// `tls_client_auth_san_email`.
    SanEmail(String),
}

impl Registered {
    /// The provider-file member it comes from.
    pub fn member(&self) -> &'static str {
        match self {
            Registered::SubjectDn(_) => "tls_client_auth_subject_dn",
            Registered::SanDns(_) => "tls_client_auth_san_dns",
            Registered::SanUri(_) => "tls_client_auth_san_uri",
            Registered::SanIp(_) => "tls_client_auth_san_ip",
            Registered::SanEmail(_) => "tls_client_auth_san_email",
        }
    }

    /// Whether the certificate (DER) carries it; `Err` says what it
    /// carries instead, or why it could not be read.
    pub fn matches(&self, der: &[u8]) -> std::result::Result<(), String> {
        let (_, cert) = X509Certificate::from_der(der)
            .map_err(|e| format!("the client certificate cannot be read: {e}"))?;
        if let Registered::SubjectDn(want) = self {
            let got = subject_dn(&cert);
            return if dn_eq(want, &got) {
                Ok(())
            } else {
                Err(format!(
                    "the client certificate's subject is \"{got}\", not the registered \"{want}\""
                ))
            };
        }
        let names: Vec<GeneralName<'_>> = cert
            .subject_alternative_name()
            .ok()
            .flatten()
            .map(|e| e.value.general_names.clone())
            .unwrap_or_default();
        let found = names.iter().any(|n| match (self, n) {
            (Registered::SanDns(w), GeneralName::DNSName(g)) => w.eq_ignore_ascii_case(g),
            (Registered::SanUri(w), GeneralName::URI(g)) => w == g,
            (Registered::SanEmail(w), GeneralName::RFC822Name(g)) => w == g,
            (Registered::SanIp(w), GeneralName::IPAddress(g)) => match (w, g.len()) {
                (IpAddr::V4(a), 4) => a.octets()[..] == g[..],
                (IpAddr::V6(a), 16) => a.octets()[..] == g[..],
                _ => false,
            },
            _ => false,
        });
        if found {
            Ok(())
        } else {
            Err(format!(
                "the client certificate has no subject alternative name matching {}",
                self.member()
            ))
        }
    }
}

/// The subject as an RFC 4514 string: the last RDN first, attributes by
/// their short names (or dotted OIDs), special characters escaped.
pub fn subject_dn(cert: &X509Certificate<'_>) -> String {
    let registry = x509_parser::objects::oid_registry();
    let rdns: Vec<String> = cert
        .subject()
        .iter()
        .map(|rdn| {
            rdn.iter()
                .map(|atv| {
                    let oid = atv.attr_type();
                    let name = x509_parser::objects::oid2abbrev(oid, registry)
                        .map(str::to_owned)
                        .unwrap_or_else(|_| oid.to_id_string());
                    let value = atv.as_str().map(escape_dn_value).unwrap_or_else(|_| {
                        format!("#{}", hex::encode::<&[u8]>(atv.attr_value().data))
                    });
                    format!("{name}={value}")
                })
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(",")
}

/// RFC 4514 §2.4 escaping of an attribute value.
fn escape_dn_value(v: &str) -> String {
    let mut out = String::new();
    let last = v.chars().count().saturating_sub(1);
    for (i, c) in v.chars().enumerate() {
        let edge = (i == 0 && (c == ' ' || c == '#')) || (i == last && c == ' ');
        if edge || matches!(c, '"' | '+' | ',' | ';' | '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Two RFC 4514 DNs are equal: the same attributes in the same order, the
/// attribute names without regard to case, the values without regard to
/// case and to spaces around separators (most directory attributes
/// compare caseIgnoreMatch, RFC 4517).
pub fn dn_eq(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> Vec<(String, String)> {
        split_unescaped(s, &[',', ';', '+'])
            .into_iter()
            .map(|part| match part.split_once('=') {
                Some((k, v)) => (
                    k.trim().to_ascii_uppercase(),
                    unescape(v.trim()).to_lowercase(),
                ),
                None => (part.trim().to_ascii_uppercase(), String::new()),
            })
            .collect()
    };
    norm(a) == norm(b)
}

fn split_unescaped(s: &str, seps: &[char]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
        } else if c == '\\' {
            cur.push(c);
            escaped = true;
        } else if seps.contains(&c) {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    parts
}

fn unescape(v: &str) -> String {
    let mut out = String::new();
    let mut escaped = false;
    for c in v.chars() {
        if !escaped && c == '\\' {
            escaped = true;
            continue;
        }
        escaped = false;
        out.push(c);
    }
    out
}

/// Whether the certificate's public key is one of `keys` (RFC 8705
/// §2.2: self-signed certificates, registered through the client's JWKS).
pub fn key_matches(der: &[u8], keys: &[crate::jwt::keys::Key]) -> std::result::Result<(), String> {
    let (_, cert) = X509Certificate::from_der(der)
        .map_err(|e| format!("the client certificate cannot be read: {e}"))?;
    let key = crate::jwt::keys::from_spki_der(cert.public_key().raw, "the client certificate")
        .map_err(|e| format!("the client certificate's key: {e}"))?;
    let want = key.thumbprint();
    if keys.iter().any(|k| k.thumbprint() == want) {
        Ok(())
    } else {
        Err("the client certificate's public key is not one of the client's registered keys".into())
    }
}

/// The certificate's thumbprint when the request came with one (for a
/// resource's `cnf.x5t#S256` check).
pub fn presented(req: &crate::loopback::Request) -> Option<String> {
    req.peer_certificate.as_deref().map(thumbprint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_certificate_is_for_the_hosts_and_not_a_ca() {
        let id = generate(&["127.0.0.1".into(), "localhost".into(), "localhost".into()]).unwrap();
        let (_, cert) = X509Certificate::from_der(&id.certificate).unwrap();
        let names = cert
            .subject_alternative_name()
            .unwrap()
            .unwrap()
            .value
            .general_names
            .clone();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&GeneralName::DNSName("localhost")));
        assert!(names.contains(&GeneralName::IPAddress(&[127, 0, 0, 1])));
        assert!(!cert.is_ca());
        assert!(cert.validity().is_valid());
        assert!(
            String::from_utf8(id.tls.key_pem.clone())
                .unwrap()
                .starts_with("-----BEGIN PRIVATE KEY-----")
        );
        assert_eq!(id.fingerprint().len(), 32 * 3 - 1);
        assert_eq!(thumbprint(&id.certificate).len(), 43);
    }

    #[test]
    fn the_subject_is_written_and_compared_as_rfc_4514_says() {
        assert!(dn_eq(
            "CN=robot,O=Example,C=DE",
            "cn=Robot, o=example ,c=de"
        ));
        assert!(!dn_eq("CN=robot,O=Example", "O=Example,CN=robot"));
        assert!(!dn_eq("CN=robot", "CN=robot2"));
        assert!(dn_eq(r"CN=a\,b,O=x", r"CN=a\,b, O=x"));
        assert!(!dn_eq(r"CN=a\,b", "CN=a,CN=b"));
        assert_eq!(escape_dn_value(" a,b "), r"\ a\,b\ ");
        assert_eq!(escape_dn_value("#x"), r"\#x");
        // The generated certificate: one CN.
        let id = generate(&["localhost".into()]).unwrap();
        let (_, cert) = X509Certificate::from_der(&id.certificate).unwrap();
        assert_eq!(subject_dn(&cert), "CN=oauthctl serve (development)");
    }

    #[test]
    fn registered_names_match_the_certificate_or_say_what_it_has() {
        let id = generate(&["robot.example".into(), "10.0.0.1".into()]).unwrap();
        let der = &id.certificate;
        Registered::SanDns("ROBOT.example".into())
            .matches(der)
            .unwrap();
        Registered::SanIp("10.0.0.1".parse().unwrap())
            .matches(der)
            .unwrap();
        Registered::SubjectDn("CN=oauthctl serve (development)".into())
            .matches(der)
            .unwrap();
        let e = Registered::SubjectDn("CN=robot".into())
            .matches(der)
            .unwrap_err();
        assert!(e.contains("\"CN=oauthctl serve (development)\""), "{e}");
        let e = Registered::SanDns("other.example".into())
            .matches(der)
            .unwrap_err();
        assert!(e.contains("tls_client_auth_san_dns"), "{e}");
        assert!(
            Registered::SanIp("10.0.0.2".parse().unwrap())
                .matches(der)
                .is_err()
        );
        assert!(
            Registered::SanUri("https://robot.example".into())
                .matches(der)
                .is_err()
        );
        assert!(Registered::SanDns("x".into()).matches(b"not DER").is_err());
    }

    #[test]
    fn a_self_signed_certificate_matches_its_own_key_only() {
        let a = generate(&["localhost".into()]).unwrap();
        let b = generate(&["localhost".into()]).unwrap();
        let key_of = |id: &Identity| {
            crate::jwt::keys::from_pem_bytes(&id.tls.certificate_pem, "t")
                .unwrap()
                .remove(0)
        };
        key_matches(&a.certificate, &[key_of(&b), key_of(&a)]).unwrap();
        let e = key_matches(&a.certificate, &[key_of(&b)]).unwrap_err();
        assert!(e.contains("not one of the client's registered keys"), "{e}");
    }

    /// A provider with a `tls_client_auth` client (by DNS name) and a
    /// `self_signed_tls_client_auth` one (by key), serving TLS or not.
    fn provider(dir: &Path, robot: &Identity, tls: bool) -> crate::serve::Provider {
        std::fs::write(dir.join("robot.pem"), &robot.tls.certificate_pem).unwrap();
        std::fs::write(
            dir.join("p.toml"),
            r#"
[[clients]]
client_id = "mtls"
tls_client_auth_san_dns = "robot.example"
grant_types = ["client_credentials"]
[[clients]]
client_id = "self"
jwks_file = "robot.pem"
token_endpoint_auth_method = "self_signed_tls_client_auth"
grant_types = ["client_credentials"]
"#,
        )
        .unwrap();
        let mut c = crate::serve::Config::with_defaults();
        c.load_file(&dir.join("p.toml")).unwrap();
        let mut p = crate::serve::Provider::new(
            "https://127.0.0.1:9876".into(),
            c,
            std::sync::Arc::new(crate::clock::FixedClock(1_700_000_000)),
        )
        .unwrap();
        if tls {
            p.tls = Some(TlsSummary {
                cert_file: "server.pem".into(),
                fingerprint: String::new(),
                generated: true,
                client_ca: None,
            });
        }
        p
    }

    fn cc(
        p: &crate::serve::Provider,
        client: &str,
        cert: Option<&Identity>,
    ) -> crate::loopback::Response {
        let mut r = crate::loopback::Request::new("POST", "/token")
            .form_body(&[("grant_type", "client_credentials"), ("client_id", client)]);
        r.peer_certificate = cert.map(|c| c.certificate.clone());
        p.handle(&r)
    }

    #[test]
    fn mutual_tls_clients_get_tokens_bound_to_their_certificate() {
        let dir = tempfile::tempdir().unwrap();
        let robot = generate(&["robot.example".into()]).unwrap();
        let other = generate(&["other.example".into()]).unwrap();
        let p = provider(dir.path(), &robot, true);
        let md = p.metadata();
        let methods = md["token_endpoint_auth_methods_supported"].to_string();
        assert!(methods.contains("\"tls_client_auth\""), "{methods}");
        assert!(methods.contains("self_signed_tls_client_auth"), "{methods}");
        assert_eq!(md["tls_client_certificate_bound_access_tokens"], true);
        for client in ["mtls", "self"] {
            let r = cc(&p, client, Some(&robot));
            assert_eq!(r.status, 200, "{client}: {}", r.json_body());
            let at = r.json_body()["access_token"].as_str().unwrap().to_owned();
            let payload = at.split('.').nth(1).unwrap();
            let claims: serde_json::Value =
                serde_json::from_slice(&crate::jwt::b64_decode(payload, "payload").unwrap())
                    .unwrap();
            assert_eq!(
                claims["cnf"],
                serde_json::json!({ "x5t#S256": thumbprint(&robot.certificate) })
            );
            assert_eq!(r.json_body()["token_type"], "Bearer");
            for cert in [Some(&other), None] {
                let r = cc(&p, client, cert);
                assert_eq!(r.status, 401, "{client}");
                assert_eq!(r.json_body()["error"], "invalid_client");
            }
        }
        // The built-in clients get unbound tokens, certificate or not.
        let mut r = crate::loopback::Request::new("POST", "/token").form_body(&[
            ("grant_type", "client_credentials"),
            ("client_id", "oauthctl-service"),
            ("client_secret", "nope"),
        ]);
        r.peer_certificate = Some(robot.certificate.clone());
        assert_eq!(p.handle(&r).status, 401);
    }

    #[test]
    fn without_tls_nothing_is_offered_and_the_client_is_told() {
        let dir = tempfile::tempdir().unwrap();
        let robot = generate(&["robot.example".into()]).unwrap();
        let p = provider(dir.path(), &robot, false);
        let md = p.metadata();
        assert!(
            !md["token_endpoint_auth_methods_supported"]
                .to_string()
                .contains("tls_client_auth")
        );
        assert!(
            md.get("tls_client_certificate_bound_access_tokens")
                .is_none()
        );
        let r = cc(&p, "mtls", Some(&robot));
        assert_eq!(r.status, 401);
        let d = r.json_body()["error_description"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(d.contains("serve --tls"), "{d}");
    }

    #[test]
    fn a_client_registers_one_name_and_self_signed_needs_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        let load = |text: &str| {
            std::fs::write(&path, text).unwrap();
            crate::serve::Config::with_defaults()
                .load_file(&path)
                .map(|_| ())
                .map_err(|e| crate::error::chain(&e))
        };
        let e = load(
            "[[clients]]\nclient_id = \"m\"\ntls_client_auth_san_dns = \"a\"\n\
             tls_client_auth_subject_dn = \"CN=a\"\n",
        )
        .unwrap_err();
        assert!(e.contains("exactly one of"), "{e}");
        let e = load(
            "[[clients]]\nclient_id = \"m\"\n\
             token_endpoint_auth_method = \"self_signed_tls_client_auth\"\n",
        )
        .unwrap_err();
        assert!(e.contains("does not fit"), "{e}");
        let e =
            load("[[clients]]\nclient_id = \"m\"\ntls_client_auth_san_ip = \"x\"\n").unwrap_err();
        assert!(e.contains("not an IP address"), "{e}");
        load("[[clients]]\nclient_id = \"m\"\ntls_client_auth_san_ip = \"10.0.0.1\"\n").unwrap();
    }

    #[test]
    fn a_client_ca_file_must_hold_certificates_and_a_stranger_does_not_chain() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "nothing here\n").unwrap();
        let e = ClientCa::load(&path).unwrap_err().to_string();
        assert!(
            e.contains("no certificate in the file") && e.contains("ca.pem"),
            "{e}"
        );
        let ca = generate(&["ca.example".into()]).unwrap();
        std::fs::write(&path, &ca.tls.certificate_pem).unwrap();
        let ca = ClientCa::load(&path).unwrap();
        assert_eq!(ca.file(), path);
        let stranger = generate(&["robot.example".into()]).unwrap();
        let e = ca.verify(&stranger.certificate, &[]).unwrap_err();
        assert!(e.contains("does not chain to --tls-client-ca"), "{e}");
    }
}
