//! Rendering an issuer's metadata and key sets, with their lint findings.
