
use builtin;
use str;

set edit:completion:arg-completer[oauthctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'oauthctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'oauthctl'= {
            cand -p 'Profile from the configuration file to use'
            cand --profile 'Profile from the configuration file to use'
            cand --config 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand -o 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --output 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --color 'When to use colour (NO_COLOR and TERM=dumb also turn it off)'
            cand --cacert 'Extra trust anchors (PEM) for TLS, repeatable'
            cand --timeout 'Timeout for each HTTP request, in seconds'
            cand -v 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand --verbose 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --insecure 'Do not verify TLS certificates (testing only; prints a warning)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand decode 'Show a JWT''s header and claims, without verifying anything'
            cand validate 'Fully validate a JWT: signature, algorithm, every claim check, each reported by name'
            cand encode 'Sign a JWT from claims and a key (for tests and probes)'
            cand discover 'Fetch and lint an issuer''s metadata (OpenID Discovery, RFC 8414)'
            cand jwks 'Show and lint a JSON Web Key Set'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;decode'= {
            cand -p 'Profile from the configuration file to use'
            cand --profile 'Profile from the configuration file to use'
            cand --config 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand -o 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --output 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --color 'When to use colour (NO_COLOR and TERM=dumb also turn it off)'
            cand --cacert 'Extra trust anchors (PEM) for TLS, repeatable'
            cand --timeout 'Timeout for each HTTP request, in seconds'
            cand -v 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand --verbose 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --insecure 'Do not verify TLS certificates (testing only; prints a warning)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;validate'= {
            cand --issuer 'Issuer URL; endpoints and keys come from its discovery document'
            cand --client-id 'Client ID (for `validate`, the expected `azp`)'
            cand --jwks-uri 'Key set URL (skips discovery)'
            cand --jwks 'Key set file (JWKS JSON)'
            cand --key 'Public key or certificate (PEM) or a JWK; repeatable'
            cand --secret-file 'File holding the HMAC secret (raw bytes; a trailing newline is removed)'
            cand --alg 'Allowed algorithm, repeatable [default: what the keys can verify; never none]'
            cand --audience 'Expected audience, repeatable; the token must name at least one'
            cand --typ 'Expected `typ` header, e.g. at+jwt for RFC 9068 access tokens'
            cand --nonce 'Expected `nonce` (ID tokens)'
            cand --access-token 'The access token issued with this ID token, to check `at_hash`'
            cand --code 'The authorization code issued with this ID token, to check `c_hash`'
            cand --max-age 'Maximum seconds since `auth_time`'
            cand --require 'A claim that must be present, repeatable'
            cand --claim 'A claim that must have this value (dotted names reach into objects; an array claim must contain it), repeatable'
            cand --scope 'A scope the token must grant (`scope` or `scp`), repeatable or space-separated'
            cand --leeway 'Clock skew allowed for exp, nbf, iat and auth_time, in seconds'
            cand --now 'Validate as of this time (Unix seconds or RFC 3339) instead of now'
            cand -p 'Profile from the configuration file to use'
            cand --profile 'Profile from the configuration file to use'
            cand --config 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand -o 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --output 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --color 'When to use colour (NO_COLOR and TERM=dumb also turn it off)'
            cand --cacert 'Extra trust anchors (PEM) for TLS, repeatable'
            cand --timeout 'Timeout for each HTTP request, in seconds'
            cand --bulk 'Read one token per line on stdin; write one JSON line per token, in input order, using every core'
            cand -v 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand --verbose 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --insecure 'Do not verify TLS certificates (testing only; prints a warning)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;encode'= {
            cand --alg 'Signing algorithm: HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA, or none (only when asked, with a warning)'
            cand --key 'Private key (PEM or JWK) for RS*, PS*, ES* and EdDSA'
            cand --secret-file 'File holding the HMAC secret (raw bytes; a trailing newline is removed)'
            cand --claims 'Claims as a JSON object, or @FILE'
            cand --claim 'A claim: NAME=VALUE for a string, NAME:=JSON for any JSON value; repeatable'
            cand --exp 'Expiry: a duration from now (15m, 1h, -5m for the past), Unix seconds or RFC 3339'
            cand --iat 'Set `iat`: now, or the time given (`--iat=-5m` for the past)'
            cand --nbf 'Set `nbf`: now, or the time given (`--nbf=5m` for the future)'
            cand --jti 'Set `jti`: a random 128-bit value, or the value given'
            cand --kid '`kid` header'
            cand --typ '`typ` header [default: JWT]'
            cand --header 'Extra header: NAME=VALUE for a string, NAME:=JSON for any JSON value; repeatable'
            cand -p 'Profile from the configuration file to use'
            cand --profile 'Profile from the configuration file to use'
            cand --config 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand -o 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --output 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --color 'When to use colour (NO_COLOR and TERM=dumb also turn it off)'
            cand --cacert 'Extra trust anchors (PEM) for TLS, repeatable'
            cand --timeout 'Timeout for each HTTP request, in seconds'
            cand -v 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand --verbose 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --insecure 'Do not verify TLS certificates (testing only; prints a warning)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;discover'= {
            cand --issuer 'Issuer URL; endpoints and keys come from its discovery document'
            cand --client-id 'Client ID (for `validate`, the expected `azp`)'
            cand --fail-on 'Lowest severity that fails with --strict'
            cand -p 'Profile from the configuration file to use'
            cand --profile 'Profile from the configuration file to use'
            cand --config 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand -o 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --output 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --color 'When to use colour (NO_COLOR and TERM=dumb also turn it off)'
            cand --cacert 'Extra trust anchors (PEM) for TLS, repeatable'
            cand --timeout 'Timeout for each HTTP request, in seconds'
            cand --strict 'Exit 1 when lint findings reach --fail-on'
            cand -v 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand --verbose 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --insecure 'Do not verify TLS certificates (testing only; prints a warning)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;jwks'= {
            cand --issuer 'Issuer URL; endpoints and keys come from its discovery document'
            cand --client-id 'Client ID (for `validate`, the expected `azp`)'
            cand --file 'A local key set file instead of a URL'
            cand --fail-on 'Lowest severity that fails with --strict'
            cand -p 'Profile from the configuration file to use'
            cand --profile 'Profile from the configuration file to use'
            cand --config 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand -o 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --output 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --color 'When to use colour (NO_COLOR and TERM=dumb also turn it off)'
            cand --cacert 'Extra trust anchors (PEM) for TLS, repeatable'
            cand --timeout 'Timeout for each HTTP request, in seconds'
            cand --pem 'Print the public keys as PEM instead of the table (with -o json, add each key''s PEM)'
            cand --strict 'Exit 1 when lint findings reach --fail-on'
            cand -v 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand --verbose 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --insecure 'Do not verify TLS certificates (testing only; prints a warning)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;completions'= {
            cand -p 'Profile from the configuration file to use'
            cand --profile 'Profile from the configuration file to use'
            cand --config 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand -o 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --output 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)'
            cand --color 'When to use colour (NO_COLOR and TERM=dumb also turn it off)'
            cand --cacert 'Extra trust anchors (PEM) for TLS, repeatable'
            cand --timeout 'Timeout for each HTTP request, in seconds'
            cand -v 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand --verbose 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --insecure 'Do not verify TLS certificates (testing only; prints a warning)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'oauthctl;help'= {
            cand decode 'Show a JWT''s header and claims, without verifying anything'
            cand validate 'Fully validate a JWT: signature, algorithm, every claim check, each reported by name'
            cand encode 'Sign a JWT from claims and a key (for tests and probes)'
            cand discover 'Fetch and lint an issuer''s metadata (OpenID Discovery, RFC 8414)'
            cand jwks 'Show and lint a JSON Web Key Set'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;help;decode'= {
        }
        &'oauthctl;help;validate'= {
        }
        &'oauthctl;help;encode'= {
        }
        &'oauthctl;help;discover'= {
        }
        &'oauthctl;help;jwks'= {
        }
        &'oauthctl;help;completions'= {
        }
        &'oauthctl;help;help'= {
        }
    ]
    $completions[$command]
}
