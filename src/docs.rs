//! Generated documentation: shell completions and man pages, from the clap
//! definition. Committed under `completions/` and `man/`; a test fails when
//! they differ from what the current CLI generates.
