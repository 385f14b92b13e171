//! Integration tests: jwks.
