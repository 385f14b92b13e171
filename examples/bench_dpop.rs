//! The CPU cost of one DPoP proof (sign + encode) next to one `decode` of a
//! token, for `scripts/bench-dpop`: it prints nanoseconds per operation,
//! wall clock and CPU time (Linux: the process's user + system time).
//!
//!   cargo run --release --example bench_dpop [ITERATIONS]
//!
//! Single-threaded, so CPU and wall time agree unless the machine is busy.
//! Not a test: it asserts nothing; the script compares with the target.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;

use oauthctl::jwt::dpop::ProofKey;
use oauthctl::jwt::encode::{SignAlg, generate, sign};
use oauthctl::jwt::{Alg, Family, parse};

/// The process's CPU time (user + system) in nanoseconds, from
/// /proc/self/stat (clock ticks, 100 per second on Linux); `None` elsewhere.
fn cpu_ns() -> Option<u128> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u128 = f.get(11)?.parse::<u128>().ok()? + f.get(12)?.parse::<u128>().ok()?;
    Some(ticks * 10_000_000)
}

/// Run `op` `n` times; (wall ns per op, CPU ns per op).
fn measure(n: u32, mut op: impl FnMut()) -> (f64, Option<f64>) {
    for _ in 0..n / 10 {
        op();
    }
    let (cpu0, t0) = (cpu_ns(), Instant::now());
    for _ in 0..n {
        op();
    }
    let wall = t0.elapsed().as_nanos() as f64 / f64::from(n);
    let cpu = match (cpu0, cpu_ns()) {
        (Some(a), Some(b)) => Some((b - a) as f64 / f64::from(n)),
        _ => None,
    };
    (wall, cpu)
}

fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let url = "https://api.example/orders/42?page=2";
    let token = {
        // A typical RFC 9068 access token: RS256, a dozen claims.
        let key = generate(Family::Rsa, "bench").unwrap();
        let claims = serde_json::json!({
            "iss": "https://as.example", "sub": "alice", "aud": "urn:oauthctl:api",
            "client_id": "cli", "scope": "openid profile api:read", "jti": "0123456789abcdef",
            "iat": 1_700_000_000, "exp": 1_700_003_600,
            "cnf": { "jkt": "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I" },
        });
        let claims = claims.as_object().unwrap().clone();
        sign(
            SignAlg::Alg(Alg::RS256),
            &serde_json::Map::new(),
            &claims,
            Some(&key),
        )
        .unwrap()
    };
    let mut rows = Vec::new();
    for alg in [Alg::ES256, Alg::EdDSA] {
        let key = ProofKey::generate(alg).unwrap();
        let m = measure(n, || {
            black_box(
                key.proof(
                    "GET",
                    black_box(url),
                    1_700_000_000,
                    Some(&token),
                    Some("n"),
                )
                .unwrap(),
            );
        });
        rows.push((format!("proof {alg} (sign + encode, with ath)"), m));
    }
    let m = measure(n, || {
        let parsed = parse(black_box(&token)).unwrap();
        black_box(oauthctl::output::token::decode_json(&parsed));
    });
    rows.push(("decode (parse + JSON) of an RS256 token".to_owned(), m));
    println!("iterations {n}");
    for (name, (wall, cpu)) in rows {
        let cpu = cpu.map_or("n/a".to_owned(), |c| format!("{:.0}", c));
        println!("{name:<44} wall {wall:>9.0} ns  cpu {cpu:>9} ns");
    }
}
