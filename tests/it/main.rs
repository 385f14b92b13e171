//! The one integration-test binary: every test runs the real `oauthctl`
//! binary in a clean environment with its own temporary XDG directories.

// A failed unwrap in a test is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod browsers;
mod canary;
mod chromium;
mod cli;
mod client_auth;
mod client_credentials;
mod decode;
mod demo;
mod device;
mod discover;
mod dpop;
mod encode;
mod exchange;
mod faults;
mod generated;
mod glewlwyd;
mod http;
mod jwks;
mod login;
mod mtls;
mod oidc_provider;
mod paste;
mod plumbing;
mod probe;
mod providers;
mod proxy;
mod requests;
mod resource;
mod serve;
mod serve_advanced;
mod serve_resource;
mod serve_rp;
mod serve_tls;
mod sources;
mod store;
mod tokens;
mod validate;
mod vectors;
