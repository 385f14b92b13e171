//! Integration tests: vectors.
