//! The one integration-test binary: every test runs the real `oauthctl`
//! binary in a clean environment with its own temporary XDG directories.

mod support;

mod cli;
mod decode;
mod encode;
mod validate;
mod vectors;
mod discover;
mod jwks;
mod generated;
mod http;
