//! Integration tests: generated.
