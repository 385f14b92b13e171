//! Obtaining tokens from an authorization server. Protocol requests are
//! built and parsed by the `oauth2` crate; the network goes through
//! oauthctl's one HTTP client (see [`exchange`]). Nothing here prints.

pub mod cache;
pub mod client_auth;
pub mod client_credentials;
pub mod device;
pub mod dpop;
pub mod exchange;
pub mod introspection;
pub mod jarm;
pub mod login;
pub mod oidc;
pub mod par;
pub mod refresh;
pub mod revocation;
pub mod userinfo;

pub use crate::tokens::TokenSet;

#[cfg(test)]
mod request_tests;
