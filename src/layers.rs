//! The layer map of DESIGN.md, held against the code: a test reads every
//! `crate::…` path in the non-test code of `src/` and fails when a
//! capability reaches up into the command line, the commands, the settings
//! or the rendering, or when the foundation reaches into a capability.

/// The top: the command line, the commands, settings and rendering.
pub const TOP: &[&str] = &["cli", "commands", "settings", "output", "docs"];
/// The capabilities: they return values and never print.
pub const CAPABILITIES: &[&str] = &["flows", "jwt", "provider", "probe", "serve", "store"];
/// The foundation, which every layer may use.
pub const FOUNDATION: &[&str] = &[
    "http",
    "config",
    "error",
    "secret",
    "clock",
    "browser",
    "finding",
    "shell",
    "tokens",
    "json",
    "loopback",
    "challenge",
    "sources",
    "glob",
    "proxy",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// The module (the first path segment under `src/`) a file belongs to.
    fn module_of(src: &Path, file: &Path) -> String {
        let rel = file.strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        first.trim_end_matches(".rs").to_owned()
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Every `crate::NAME` in the code before the file's test module.
    fn crate_paths(text: &str) -> Vec<String> {
        let code = text.split("\n#[cfg(test)]").next().unwrap_or("");
        let mut found = Vec::new();
        for line in code.lines() {
            let line = line.trim_start();
            if line.starts_with("//") {
                continue;
            }
            let mut rest = line;
            while let Some(i) = rest.find("crate::") {
                let after = &rest[i + "crate::".len()..];
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.push(name);
                rest = after;
            }
        }
        found
    }

    #[test]
    fn no_layer_reaches_up() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let mut wrong = Vec::new();
        for file in &files {
            let module = module_of(&src, file);
            let text = std::fs::read_to_string(file).unwrap();
            for target in crate_paths(&text) {
                let forbidden = if CAPABILITIES.contains(&module.as_str()) {
                    TOP.contains(&target.as_str())
                } else if FOUNDATION.contains(&module.as_str()) {
                    TOP.contains(&target.as_str()) || CAPABILITIES.contains(&target.as_str())
                } else {
                    false
                };
                if forbidden {
                    wrong.push(format!("{} uses crate::{target}", file.display()));
                }
            }
        }
        wrong.sort();
        wrong.dedup();
        assert!(
            wrong.is_empty(),
            "imports up the layers:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn every_module_has_a_layer() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
        let known = |m: &str| {
            TOP.contains(&m)
                || CAPABILITIES.contains(&m)
                || FOUNDATION.contains(&m)
                || m == "layers"
        };
        let missing: Vec<&str> = lib
            .lines()
            .filter_map(|l| l.strip_prefix("pub mod "))
            .map(|l| l.trim_end_matches(';'))
            .filter(|m| !known(m))
            .collect();
        assert!(missing.is_empty(), "modules with no layer: {missing:?}");
    }

    #[test]
    fn the_check_sees_an_upward_import() {
        let paths = crate_paths(
            "use crate::output::x;\nfn f() { crate::cli::y(); }\n#[cfg(test)]\nuse crate::settings;",
        );
        assert_eq!(paths, ["output", "cli"]);
    }
}
