//! The plan stage of `probe api`: every attack attempt, and the checks that
//! will not run with the reason.

use serde_json::{Map, Value, json};

use super::super::NotRun;
use super::super::catalogue::{
    ALG_NONE, API_CLAIMS, AUD, CRIT, EMBEDDED_JWK, EXP, IAT, ISS, JKU, KEY_CONFUSION, KID_PATH,
    KID_SQL, NBF, NO_EXP, PSYCHIC, SIG_NOT_VERIFIED, SIG_STRIPPED, TOKEN_IN_FORM, TOKEN_IN_QUERY,
    TYP, WEAK_SECRET, X5U,
};
use super::super::variants::{self, Crafted};
use super::request::{Attempt, Placement};
use super::{ApiOptions, BASELINE, ClaimKey, Context, PublicKey};
use crate::jwt::{Alg, Family};

/// What the plan stage produces.
#[derive(Default)]
pub(super) struct Plan {
    pub attempts: Vec<Attempt>,
    pub not_run: Vec<NotRun>,
}

impl Plan {
    fn push(&mut self, check: &'static str, crafted: impl IntoIterator<Item = Crafted>) {
        self.attempts
            .extend(crafted.into_iter().map(|c| Attempt::header(check, c)));
    }

    fn skip(&mut self, id: &'static str, reason: impl Into<String>) {
        self.not_run.push(NotRun {
            id,
            reason: reason.into(),
        });
    }
}

/// Build every attack attempt, and the checks that will not run.
pub(super) fn plan(opts: &ApiOptions, cx: &Context) -> Plan {
    let mut plan = Plan::default();
    signatures(&mut plan, cx);
    key_confusion(&mut plan, opts, cx);
    plan.push(EMBEDDED_JWK.id, variants::embedded_jwk(cx.jws, cx.alg));
    key_urls(&mut plan, opts, cx);
    kid_and_psychic(&mut plan, cx);
    placements(&mut plan, opts);
    match &cx.claim_key {
        Some(key) => claims(&mut plan, cx, key),
        None => {
            for c in API_CLAIMS {
                plan.skip(
                    c.id,
                    "needs a key the API trusts: give --signing-key (or a token whose HMAC \
                     secret the weak-secret search finds)",
                );
            }
        }
    }
    if !matches!(cx.alg.map(Alg::family), Some(Family::Hmac)) {
        plan.skip(WEAK_SECRET.id, applies_to("HMAC (HS*)", cx));
    }
    plan
}

fn applies_to(family: &str, cx: &Context) -> String {
    format!(
        "applies to {family} tokens; this one is {}",
        cx.jws.alg().unwrap_or("without alg")
    )
}

/// `alg: none`, a stripped, broken, foreign or kept signature.
fn signatures(plan: &mut Plan, cx: &Context) {
    let jws = cx.jws;
    plan.push(ALG_NONE.id, variants::alg_none(jws));
    plan.push(SIG_STRIPPED.id, [variants::stripped(jws)]);
    plan.push(SIG_NOT_VERIFIED.id, variants::broken_signature(jws));
    plan.push(
        SIG_NOT_VERIFIED.id,
        variants::foreign_signature(jws, cx.alg),
    );
    plan.push(SIG_NOT_VERIFIED.id, [variants::tampered(jws)]);
}

/// Key confusion: the key the token names, else every RSA and EC key.
fn key_confusion(plan: &mut Plan, opts: &ApiOptions, cx: &Context) {
    let jws = cx.jws;
    let usable: Vec<&PublicKey> = opts
        .keys
        .iter()
        .filter(|k| matches!(k.key.kty(), "RSA" | "EC"))
        .collect();
    let named: Vec<&PublicKey> = usable
        .iter()
        .copied()
        .filter(|k| jws.kid().is_some() && k.key.kid.as_deref() == jws.kid())
        .collect();
    let chosen = if named.is_empty() { usable } else { named };
    if chosen.is_empty() {
        let reason = match &opts.keys_unfetched {
            Some(src) => format!("--dry-run: the keys at {src} are fetched only when probing"),
            None if opts.keys.is_empty() => {
                "needs the issuer's public keys: give --issuer or --jwks".into()
            }
            None => "the keys given have no RSA or EC key".into(),
        };
        plan.skip(KEY_CONFUSION.id, reason);
    }
    for k in chosen {
        plan.push(
            KEY_CONFUSION.id,
            variants::key_confusion(jws, &k.key, k.published.as_ref()),
        );
    }
}

/// jku and x5u: a URL on oauthctl's key server, unique per variant, or on
/// the caller's `--callback-url`.
fn key_urls(plan: &mut Plan, opts: &ApiOptions, cx: &Context) {
    let (jws, alg) = (cx.jws, cx.alg);
    match (&cx.key_base, &opts.callback_url) {
        (Some(base), _) => {
            for (check, path, crafted) in [
                (JKU.id, "/jku/jwks.json", variants::jku as Variant),
                (X5U.id, "/x5u/cert.pem", variants::x5u),
            ] {
                if let Some(c) = crafted(jws, alg, &format!("{base}{path}")) {
                    let mut a = Attempt::header(check, c);
                    a.hit_path = Some(path.into());
                    plan.attempts.push(a);
                }
            }
        }
        (None, Some(cb)) => {
            let sep = if cb.contains('?') { '&' } else { '?' };
            plan.push(
                JKU.id,
                variants::jku(jws, alg, &format!("{cb}{sep}oauthctl-probe=jku")),
            );
            plan.push(
                X5U.id,
                variants::x5u(jws, alg, &format!("{cb}{sep}oauthctl-probe=x5u")),
            );
        }
        (None, None) => {
            let why = "the API is not on loopback, so it cannot reach oauthctl's key server: give \
                       --callback-url with a URL you can watch";
            plan.skip(JKU.id, why);
            plan.skip(X5U.id, why);
        }
    }
}

type Variant = fn(&crate::jwt::Jws, Option<Alg>, &str) -> Option<Crafted>;

/// `kid` injection, and the psychic ECDSA signature.
fn kid_and_psychic(plan: &mut Plan, cx: &Context) {
    plan.push(KID_PATH.id, variants::kid_path(cx.jws));
    plan.push(KID_SQL.id, variants::kid_sql(cx.jws));
    match variants::psychic(cx.jws, cx.alg) {
        Some(c) => plan.push(PSYCHIC.id, [c]),
        None => plan.skip(PSYCHIC.id, applies_to("ECDSA (ES*)", cx)),
    }
}

/// The valid token in the query string and in a form body.
fn placements(plan: &mut Plan, opts: &ApiOptions) {
    let token = Some(opts.token.clone());
    plan.attempts.push(Attempt::new(
        TOKEN_IN_QUERY.id,
        "valid token as ?access_token=",
        token.clone(),
        Placement::Query,
    ));
    plan.attempts.push(Attempt::new(
        TOKEN_IN_FORM.id,
        "valid token as access_token= in a form body",
        token,
        Placement::Form,
    ));
}

type Edit<'a> = &'a dyn Fn(&mut Map<String, Value>);

/// The claim checks: the token re-signed with a key the API trusts,
/// unchanged first (the baseline), then with one thing wrong each.
fn claims(plan: &mut Plan, cx: &Context, key: &ClaimKey) {
    let (jws, now) = (cx.jws, cx.now);
    let mut push = |check: &'static str, label: &str, header: Edit, edit: Edit| {
        if let Some(token) = variants::resigned(jws, key.alg, key.key, header, edit) {
            let label = label.into();
            plan.push(check, [Crafted { label, token }]);
        }
    };
    let keep = |_: &mut Map<String, Value>| {};
    push(BASELINE, "re-signed, unchanged", &keep, &keep);
    let crit = |h: &mut Map<String, Value>| {
        h.insert("crit".into(), json!(["oauthctl-probe"]));
        h.insert("oauthctl-probe".into(), json!(true));
    };
    push(CRIT.id, "crit: [\"oauthctl-probe\"]", &crit, &keep);
    push(EXP.id, "exp an hour ago", &keep, &|c| {
        c.insert("exp".into(), json!(now - 3600));
        for past in ["iat", "nbf"] {
            if c.contains_key(past) {
                c.insert(past.into(), json!(now - 7200));
            }
        }
    });
    for (check, label, claim) in [
        (NBF.id, "nbf in an hour", "nbf"),
        (IAT.id, "iat in an hour", "iat"),
    ] {
        push(check, label, &keep, &|c| {
            c.insert(claim.into(), json!(now + 3600));
            c.insert("exp".into(), json!(now + 7200));
        });
    }
    push(ISS.id, "iss https://oauthctl-probe.invalid/", &keep, &|c| {
        c.insert("iss".into(), json!("https://oauthctl-probe.invalid/"));
    });
    let aud = "https://oauthctl-probe.invalid/api";
    push(AUD.id, &format!("aud {aud}"), &keep, &|c| {
        c.insert("aud".into(), json!(aud));
    });
    push(NO_EXP.id, "exp removed", &keep, &|c| {
        c.remove("exp");
    });
    let typ = jws.header.get("typ").and_then(Value::as_str);
    match typ {
        Some(t) if !t.eq_ignore_ascii_case("jwt") => {
            let jwt = |h: &mut Map<String, Value>| {
                h.insert("typ".into(), json!("JWT"));
            };
            push(TYP.id, "typ \"JWT\"", &jwt, &keep);
        }
        _ => plan.skip(
            TYP.id,
            format!(
                "the token's typ is {}: only an explicit type (e.g. at+jwt) can be enforced",
                typ.map_or("absent".to_owned(), |t| format!("\"{t}\""))
            ),
        ),
    }
}
