//! Integration tests: decode.
