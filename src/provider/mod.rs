//! An issuer from the outside: its metadata (OpenID Connect Discovery 1.0,
//! RFC 8414) and its key set (RFC 7517), fetched through the one HTTP
//! client, each with a lint; the one resolver of key sources ([`keys`]) that
//! `validate`, `jwks` and `probe` use; and the built-in provider presets.
//! Nothing here prints.

pub mod discovery;
pub mod jwks;
pub mod keys;
pub mod presets;
pub mod resource;
