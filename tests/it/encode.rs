//! Integration tests: encode.
