# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_oauthctl_global_optspecs
    string join \n p/profile= config= o/output= color= v/verbose q/quiet cacert= insecure timeout= proxy= store= h/help V/version
end

function __fish_oauthctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_oauthctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_oauthctl_using_subcommand
    set -l cmd (__fish_oauthctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c oauthctl -n "__fish_oauthctl_needs_command" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "decode" -d 'Show a JWT\'s header and claims, without verifying anything'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "validate" -d 'Fully validate a JWT: signature, algorithm, every claim check, each reported by name'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "encode" -d 'Sign a JWT from claims and a key (for tests and probes)'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "login" -d 'Log in as a user in the browser: authorization code + PKCE with a loopback redirect; stores the tokens'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "device" -d 'Log in on a device without a browser (RFC 8628): enter a code on another device; stores the tokens'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "client-credentials" -d 'Get a machine token (client credentials grant), cached until shortly before it expires'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "cc" -d 'Get a machine token (client credentials grant), cached until shortly before it expires'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "token" -d 'Print a valid access token from the store, refreshing it first when it expires soon'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "refresh" -d 'Force a refresh-token grant and store the new tokens'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "logout" -d 'Revoke the stored tokens (RFC 7009) and delete them from the store'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "introspect" -d 'Ask the issuer whether a token is active (RFC 7662 introspection)'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "userinfo" -d 'Call the issuer\'s userinfo endpoint with the stored (or a given) access token'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "discover" -d 'Fetch and lint an issuer\'s metadata (OpenID Discovery, RFC 8414)'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "jwks" -d 'Show and lint a JSON Web Key Set'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "serve" -d 'Run a local OpenID provider for development and tests (loopback, in memory)'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "probe" -d 'Probe an API (attack matrix) or an issuer (audit) for token-handling flaws'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "demo" -d 'Walk every flow against a built-in provider started in-process: each step is the command you would type, with its HTTP exchanges (secrets masked) and what it shows. Needs no network and leaves nothing behind'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "store" -d 'Show or clear what oauthctl keeps: sign-ins and cached machine tokens, in the OS keyring and in files'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "register" -d 'Register a client dynamically (RFC 7591), or show, update or delete a registration (RFC 7592) with the registration access token kept in the store'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "fetch" -d 'Send an HTTP request with the stored access token (refreshed when it expires soon, once more on a 401 invalid_token); the body on stdout'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "exec" -d 'Run a command with a fresh access token in its environment (never in its arguments); its exit status passes through'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "credential" -d 'Credential helpers for git and Docker: the stored access token, answered in each tool\'s helper protocol'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "exchange" -d 'Trade a token for another (RFC 8693 token exchange, or an RFC 7523 JWT-bearer grant): e.g. a CI job\'s OIDC token for an access token. Prints the token as client-credentials does, cached likewise'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand decode" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l jwks-uri -d 'Key set URL (skips discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l jwks -d 'Key set file (JWKS JSON)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l key -d 'Public key or certificate (PEM) or a JWK; repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l secret-file -d 'File holding the HMAC secret (raw bytes; a trailing newline is removed)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l alg -d 'Allowed algorithm, repeatable [default: what the keys can verify; never none]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l audience -d 'Expected audience, repeatable; the token must name at least one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l typ -d 'Expected `typ` header, e.g. at+jwt for RFC 9068 access tokens' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l nonce -d 'Expected `nonce` (ID tokens)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l access-token -d 'The access token issued with this ID token, to check `at_hash`' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l code -d 'The authorization code issued with this ID token, to check `c_hash`' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l max-age -d 'Maximum seconds since `auth_time`' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l require -d 'A claim that must be present, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l claim -d 'A claim that must have this value (dotted names reach into objects; an array claim must contain it), repeatable. VALUE is a glob for strings: `*` any run of characters (`/` and `:` included), `?` one character, e.g. \'sub=repo:acme/*:ref:refs/heads/main\'' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l scope -d 'A scope the token must grant (`scope` or `scp`), repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l leeway -d 'Clock skew allowed for exp, nbf, iat and auth_time, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l now -d 'Validate as of this time (Unix seconds or RFC 3339) instead of now' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l dpop-proof -d 'Check this DPoP proof (RFC 9449 §4.3) for the request given by --method and --url; with TOKEN, also its `ath` and the token\'s `cnf.jkt`. `--leeway` is the window for its `iat`' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l method -d 'The HTTP method of the request the proof came with' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l url -d 'The URL of the request the proof came with' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l dpop-nonce -d 'The nonce the server gave (DPoP-Nonce): the proof must carry it' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l bulk -d 'Read one token per line on stdin; write one JSON line per token, in input order, using every core'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand validate" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l alg -d 'Signing algorithm: HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA, or none (only when asked, with a warning)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l key -d 'Private key (PEM or JWK) for RS*, PS*, ES* and EdDSA' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l secret-file -d 'File holding the HMAC secret (raw bytes; a trailing newline is removed)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l claims -d 'Claims as a JSON object, or @FILE' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l claim -d 'A claim: NAME=VALUE for a string, NAME:=JSON for any JSON value; repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l exp -d 'Expiry: a duration from now (15m, 1h, -5m for the past), Unix seconds or RFC 3339' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l iat -d 'Set `iat`: now, or the time given (`--iat=-5m` for the past)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l nbf -d 'Set `nbf`: now, or the time given (`--nbf=5m` for the future)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l jti -d 'Set `jti`: a random 128-bit value, or the value given' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l kid -d '`kid` header' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l typ -d '`typ` header [default: JWT]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l header -d 'Extra header: NAME=VALUE for a string, NAME:=JSON for any JSON value; repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand encode" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-metadata-url -d 'With --resource and no --client-id: the URL of this client\'s client ID metadata document, used as the client ID when the server advertises client_id_metadata_document_supported (else the client registers itself, RFC 7591, and the registration is kept)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l port -d 'Listen for the redirect on this port; a comma-separated list is tried in order and the first free one is used [default: any free port]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l redirect-host -d 'The host in the redirect URI, as registered for the client (Entra ID registers http://localhost) [default: the preset\'s, else 127.0.0.1]' -r -f -a "127.0.0.1\t''
localhost\t''
[::1]\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l bind -d 'The address to listen on [default: 127.0.0.1, or ::1 for a `[::1]` redirect]; another one, such as 0.0.0.0 in a container whose port is published, is allowed with a warning' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l browser-command -d 'Open the URL with this command instead of the default browser (or $BROWSER); %s stands for the URL, else it is added at the end' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l redirect-uri -d 'The exact redirect URI registered for the client; loopback only (http://127.0.0.1:PORT/PATH) [default: http://127.0.0.1:PORT/callback]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l login-timeout -d 'Give up when the browser has not come back after this many seconds (exit 5)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l prompt -d '`prompt`: none, login, consent or select_account (OIDC Core 3.1.2.1)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l login-hint -d '`login_hint`: the account to sign in as, if the issuer takes hints' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l max-age -d '`max_age`: re-authenticate when the last sign-in is older than this (checked against the ID token\'s auth_time)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l acr-values -d '`acr_values`: the authentication context classes asked for' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l short-url -d 'Show a short local URL (http://127.0.0.1:PORT/) that redirects to the authorization URL, for terminals that break long links'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l no-browser -d 'Do not open a browser: print the URL on stderr to open by hand'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l client-metadata-url -d 'With --resource and no --client-id: the URL of this client\'s client ID metadata document, used as the client ID when the server advertises client_id_metadata_document_supported (else the client registers itself, RFC 7591, and the registration is kept)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l no-qr -d 'No QR code, even on a terminal'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l pkce -d 'Send a PKCE challenge (S256) with the device authorization request and its verifier when polling, for servers that require PKCE in the device grant (also the profile\'s device_pkce = true)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand device" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l min-ttl -d 'Use a cached token only while it has more than this many seconds left' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l url -d 'With -o header and --dpop: the URL of the request the `DPoP` proof is made for' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l method -d 'With --url: the request\'s method' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l no-cache -d 'Always ask the server; neither read nor write the cache'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand client-credentials" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l min-ttl -d 'Use a cached token only while it has more than this many seconds left' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l url -d 'With -o header and --dpop: the URL of the request the `DPoP` proof is made for' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l method -d 'With --url: the request\'s method' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l no-cache -d 'Always ask the server; neither read nor write the cache'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand cc" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l min-ttl -d 'Refresh first when the stored access token has this many seconds or fewer left' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l url -d 'With -o header and a DPoP-bound token: the URL of the request the `DPoP` proof is made for' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l method -d 'With --url: the request\'s method' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l id-token -d 'Print the stored ID token instead of the access token'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand refresh" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l end-session -d 'Also end the session at the issuer: open its end_session_endpoint with id_token_hint in the browser (the URL is printed when none opens)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l token-type-hint -d 'token_type_hint: access_token or refresh_token' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand introspect" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l access-token -d 'Use this access token instead of the stored one (no `sub` check against a stored ID token then, unless one is stored); a token source: the token, `-`, `@FILE`, `env:VAR`, `exec:CMD`' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l resource -d 'A protected resource (an API, an MCP server): its RFC 9728 metadata, then each authorization server it names' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l fail-on -d 'Lowest severity that fails with --strict' -r -f -a "info\t'Worth knowing'
low\t'Weakens security a little'
medium\t'Should be fixed'
high\t'A clear spec violation or an exploitable weakness'
critical\t'Exploitable now'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l strict -d 'Exit 1 when lint findings reach --fail-on'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l file -d 'A local key set file instead of a URL' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l fail-on -d 'Lowest severity that fails with --strict' -r -f -a "info\t'Worth knowing'
low\t'Weakens security a little'
medium\t'Should be fixed'
high\t'A clear spec violation or an exploitable weakness'
critical\t'Exploitable now'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l pem -d 'Print the public keys as PEM instead of the table (with -o json, add each key\'s PEM)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l strict -d 'Exit 1 when lint findings reach --fail-on'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand jwks" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l port -d 'Port to listen on (0: any free port)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l bind -d 'Address to listen on; anything but loopback prints a warning, since this provider is for development only' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l public-url -d 'The issuer URL to advertise, when clients reach the server by another name than http://ADDR:PORT' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l provider-config -d 'Clients, users, lifetimes and claims from a TOML file (added to the built-in defaults; see the README)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l key -d 'A private signing key (PEM or JWK), repeatable [default: fresh RS256 and ES256 keys at every start]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l client -d 'An extra client: ID for a public one, ID:SECRET for a confidential one (visible in the process list); repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l user -d 'An extra user NAME:PASSWORD (sub = NAME); repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l access-token-ttl -d 'Access token lifetime, seconds [default: 3600]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l id-token-ttl -d 'ID token lifetime, seconds [default: 3600]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l refresh-token-ttl -d 'Refresh token lifetime, seconds [default: 86400]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l device-interval -d 'Device flow polling interval, seconds [default: 5]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l audience -d '`aud` of access tokens when a request names no resource or audience [default: ISSUER/api]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l vulnerable -d 'Make the demo API accept one class of bad token ON PURPOSE, for trying `probe api` safely; repeatable; implies --demo-api' -r -f -a "alg-none\t'`alg: none` in any letter case'
key-confusion\t'HS256 signed with the provider\'s public key as the secret'
no-signature\t'Any signature, or none'
no-exp\t'No or an expired `exp`'
no-aud\t'Any or no `aud`'
no-iss\t'Any or no `iss`'
embedded-jwk\t'A key embedded in the `jwk` header (CVE-2018-0114)'
jku\t'A key set fetched from the `jku` header URL'
kid-path\t'An HMAC secret read from the file the `kid` names'
weak-secret\t'Access tokens signed HS256 with a dictionary secret'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l allow-cimd-host -d 'Also fetch client ID metadata documents from HOST (besides loopback), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l workers -d 'Request-handling threads [default: 4 per core, 8 to 64]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l tls-cert -d 'Serve HTTPS with this certificate chain (PEM) instead; implies --tls' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l tls-key -d 'The private key (PEM) of --tls-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l tls-client-ca -d 'CA certificates (PEM) that tls_client_auth clients\' certificates must chain to [default: any certificate with the client\'s registered name, for development only]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l auto-approve -d 'Approve every authorization and device request as the default user, without a login page'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l demo-api -d 'Serve a protected GET /api/whoami that validates bearer tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l require-par -d 'Refuse authorization requests that were not pushed to /par first (RFC 9126), and say so in the metadata'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l dpop-nonce -d 'Demand a server nonce in DPoP proofs at the token endpoint, userinfo and the demo API (`use_dpop_nonce` with a DPoP-Nonce header, RFC 9449 §8)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l ci-issuer -d 'Also play a CI runner\'s OIDC token endpoint (the GitHub Actions shape) under /ci, with its own issuer, discovery and keys, trusted for token exchange; prints the ACTIONS_ID_TOKEN_REQUEST_* lines to export'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l tls -d 'Serve HTTPS with a self-signed certificate made at start (its PEM file, for clients\' --cacert, goes to the state directory; the banner says where), and take mutual-TLS client authentication (RFC 8705)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand serve" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -f -a "api" -d 'Attack matrix against an API, from one valid token: alg none, key confusion, embedded jwk, jku/x5u, kid injection, psychic signature, crit, token placement, weak HMAC secrets, claim enforcement'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -f -a "issuer" -d 'Audit an authorization server from the outside: metadata and key set lints, PKCE, redirect URI matching, implicit and password grants, iss'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -f -a "resource" -d 'Audit a protected resource or MCP server (RFC 9728): its metadata and 401 challenge, token passthrough, foreign issuers, expired tokens, the token in the query string, scope challenges, CORS'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and not __fish_seen_subcommand_from api issuer resource help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l url -d 'The protected API\'s URL' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l token -d 'A valid token the API accepts, or a token source (`-` for stdin, `@FILE`, `env:VAR`, `exec:CMD`, a CI source)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l method -d 'HTTP method for the API' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l header -d 'Extra request header \'Name: value\', repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l data -d 'Request body (or @FILE), sent with every request' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l issuer -d 'Issuer whose key set (through discovery) holds the API\'s public keys' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l jwks -d 'The API\'s public keys: a key set URL, or a key set, JWK or PEM file' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l signing-key -d 'A private key (PEM or JWK; an oct JWK for HMAC) that the API trusts, to test exp, nbf, iat, iss, aud, typ and crit enforcement' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l signing-secret-file -d 'A file holding an HMAC secret the API trusts (raw bytes; a trailing newline is removed), for the same checks as --signing-key' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l wordlist -d 'More candidate HMAC secrets, one per line, after the built-in list' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l callback-url -d 'A URL you can watch, for the jku/x5u checks against a remote API (for a loopback API oauthctl serves its own key set on 127.0.0.1)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l fail-on -d 'Exit 1 when a finding is at or above this severity' -r -f -a "info\t'Worth knowing'
low\t'Weakens security a little'
medium\t'Should be fixed'
high\t'A clear spec violation or an exploitable weakness'
critical\t'Exploitable now'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l rate -d 'At most this many requests per second [default: no limit beyond --concurrency]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l concurrency -d 'At most this many requests in flight' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l dry-run -d 'List the requests that would be sent, and send nothing'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from api" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l redirect-uri -d 'A redirect URI registered for --client-id, for the PKCE, redirect matching and implicit checks' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l fail-on -d 'Exit 1 when a finding is at or above this severity' -r -f -a "info\t'Worth knowing'
low\t'Weakens security a little'
medium\t'Should be fixed'
high\t'A clear spec violation or an exploitable weakness'
critical\t'Exploitable now'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l rate -d 'At most this many requests per second [default: no limit beyond --concurrency]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l concurrency -d 'At most this many requests in flight' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l dry-run -d 'List the requests that would be sent, and send nothing'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from issuer" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l token -d 'A valid token the resource accepts: TOKEN, -, @FILE, env:VAR, exec:CMD or a CI source' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l foreign-token -d 'A token from the same issuer for another audience (a source, like --token), for the token passthrough check' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l signing-key -d 'A private key (PEM or JWK) the resource trusts, to mint tokens for another audience, from another issuer, and expired' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l fail-on -d 'Exit 1 when a finding is at or above this severity' -r -f -a "info\t'Worth knowing'
low\t'Weakens security a little'
medium\t'Should be fixed'
high\t'A clear spec violation or an exploitable weakness'
critical\t'Exploitable now'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l rate -d 'At most this many requests per second [default: no limit beyond --concurrency]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l concurrency -d 'At most this many requests in flight' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l mcp -d 'Speak MCP: every request is a JSON-RPC initialize over streamable HTTP'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l dry-run -d 'List the requests that would be sent, and send nothing'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from resource" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from help" -f -a "api" -d 'Attack matrix against an API, from one valid token: alg none, key confusion, embedded jwk, jku/x5u, kid injection, psychic signature, crit, token placement, weak HMAC secrets, claim enforcement'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from help" -f -a "issuer" -d 'Audit an authorization server from the outside: metadata and key set lints, PKCE, redirect URI matching, implicit and password grants, iss'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from help" -f -a "resource" -d 'Audit a protected resource or MCP server (RFC 9728): its metadata and 401 challenge, token passthrough, foreign issuers, expired tokens, the token in the query string, scope challenges, CORS'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand probe; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -l no-probe -d 'Leave out the `probe api` step (the attack matrix against a demo API that is vulnerable on purpose)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand demo" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -f -a "status" -d 'Which backend holds what: each sign-in and cached machine token, in the keyring and in files, with its issuer, client, expiry and size (never a token). `--store` narrows it to one backend'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -f -a "clear" -d 'Delete every sign-in and cached machine token from the keyring and the files (`--store` narrows it to one backend). Nothing is revoked at the issuer: `logout` does that'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and not __fish_seen_subcommand_from status clear help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from clear" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "status" -d 'Which backend holds what: each sign-in and cached machine token, in the keyring and in files, with its issuer, client, expiry and size (never a token). `--store` narrows it to one backend'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Delete every sign-in and cached machine token from the keyring and the files (`--store` narrows it to one backend). Nothing is revoked at the issuer: `logout` does that'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l initial-access-token -d 'Initial access token the registration endpoint requires (RFC 7591 §3): a token, `@FILE`, `env:VAR` or `-` for stdin' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l software-statement -d 'A software statement (a signed JWT, RFC 7591 §2.3), or `@FILE`' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l redirect-uri -d 'Redirect URI; repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l grant-type -d 'Grant type (authorization_code, refresh_token, client_credentials, urn:ietf:params:oauth:grant-type:device_code, ...); repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l auth-method -d 'token_endpoint_auth_method: none, client_secret_basic, client_secret_post, private_key_jwt, ...' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l jwks -d 'The client\'s public keys: a JWKS file (sent as `jwks`) or an https URL (sent as `jwks_uri`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l name -d 'client_name' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l scope -d 'Space-separated scopes the client may ask for (`scope`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l registration-access-token -d 'For show, update and delete: the registration access token, when it is not in the store (a token, `@FILE`, `env:VAR` or `-`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l registration-client-uri -d 'For show, update and delete: the registration\'s URL, when it is not in the store' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand register" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -s X -l request -d 'The HTTP method [default: GET, or POST with --data]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -s H -l header -d 'A request header, `Name: value`; repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -s d -l data -d 'The request body: the text itself, or `@FILE` (`@-` reads stdin)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l token -d 'Use this access token instead of the stored one (no refresh then): the token, `-` (stdin), `@FILE`, `env:VAR`, `exec:CMD` or a CI source' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l min-ttl -d 'Refresh the stored access token first when it has this many seconds or fewer left' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -s i -l include -d 'Print the status line and the response headers before the body'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand fetch" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l env -d 'The environment variable that carries the access token' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l min-ttl -d 'Refresh the stored access token first when it has this many seconds or fewer left' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exec" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -f -a "git" -d 'git\'s credential-helper protocol: `get`, `store`, `erase` (configure it as `credential.https://HOST.helper`)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -f -a "docker" -d 'Docker\'s credential-helper protocol: `get`, `store`, `erase`, `list` (also as `docker-credential-oauthctl`)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and not __fish_seen_subcommand_from git docker help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l username -d 'The user name to answer with [default: oauth2 for git, oauthctl for Docker]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from git" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l username -d 'The user name to answer with [default: oauth2 for git, oauthctl for Docker]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from docker" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from help" -f -a "git" -d 'git\'s credential-helper protocol: `get`, `store`, `erase` (configure it as `credential.https://HOST.helper`)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from help" -f -a "docker" -d 'Docker\'s credential-helper protocol: `get`, `store`, `erase`, `list` (also as `docker-credential-oauthctl`)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand credential; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l issuer -d 'Issuer URL; endpoints and keys come from its discovery document' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l client-id -d 'Client ID (for `validate`, the expected `azp`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l provider -d 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)' -r -f -a "entra\t''
google\t''
github\t''
auth0\t''
okta\t''
keycloak\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l tenant -l realm -d 'The preset\'s tenant: Entra\'s tenant ID or domain (or organizations, common, consumers), Keycloak\'s realm, Okta\'s authorization server [Okta default: default]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l domain -d 'The preset\'s host: Auth0\'s or Okta\'s domain, Keycloak\'s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l origin -d 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l client-secret-file -d 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l client-secret -d 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l auth-method -d 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]' -r -f -a "client_secret_basic\t'HTTP Basic with the client ID and secret'
client_secret_post\t'Client ID and secret in the form body'
private_key_jwt\t'A JWT assertion signed with --private-key (RFC 7523)'
client_secret_jwt\t'A JWT assertion signed (HS256) with the client secret (OIDC Core §9)'
tls_client_auth\t'Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed --client-cert registered by its key (RFC 8705 §2.2)'
none\t'A public client: the client ID only'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l private-key -d 'Private key (PEM or JWK) for private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l client-assertion -d 'A client assertion minted elsewhere, as a token source (`@FILE`, `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`, `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer `client_assertion_type`, with `client_id` (--client-id, else the assertion\'s `sub`). Workload identity federation: no stored secret' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l client-cert -d 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or self_signed_tls_client_auth); presented in every TLS handshake, and the issuer\'s mtls_endpoint_aliases are used' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l client-key -d 'Private key (PEM) of --client-cert' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l dpop-key -d 'The DPoP key (PEM or JWK private key) instead of a generated one; implies --dpop' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l dpop-alg -d 'The DPoP proofs\' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA [default: ES256, or what --dpop-key suits]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l scope -d 'Scope to request; repeatable or space-separated' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l resource -d 'Resource indicator (RFC 8707), repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l audience -d 'The `audience` parameter some servers expect' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l param -d 'Extra request parameter K=V, repeatable' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l token-endpoint -d 'Token endpoint, for issuers without discovery' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l authorization-endpoint -d 'Authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l device-authorization-endpoint -d 'Device authorization endpoint, instead of the one in the issuer\'s metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l response-mode -d 'A JWT-secured authorization response (JARM): jwt, query.jwt or form_post.jwt, validated before its code is used' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a type, or @FILE holding one' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l subject-token -d 'The token to trade: the token itself, -, @FILE, env:VAR, exec:COMMAND or a CI source: github-actions:AUDIENCE, gitlab:VAR, circleci, azure-pipelines, buildkite:AUDIENCE, kubernetes:PATH (each argument optional)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l subject-token-type -d 'Its type: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URN [default: jwt for a JWT, else access_token]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l actor-token -d 'A token for the party acting on the subject\'s behalf (delegation, RFC 8693 §1.1), read like --subject-token' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l actor-token-type -d 'The actor token\'s type (as --subject-token-type)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l requested-token-type -d 'The type of token wanted (as --subject-token-type)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l grant -d 'token-exchange (RFC 8693), or jwt-bearer: the subject token is sent as an RFC 7523 assertion' -r -f -a "token-exchange\t'RFC 8693 token exchange: subject_token (and actor_token)'
jwt-bearer\t'RFC 7523 §2.1: the subject token as the JWT-bearer assertion'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l min-ttl -d 'Use a cached token only while it has more than this many seconds left' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l url -d 'With -o header and --dpop: the URL of the request the `DPoP` proof is made for' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l method -d 'With --url: the request\'s method' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -s p -l profile -d 'Profile from the configuration file to use' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l config -d 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -s o -l output -d 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)' -r -f -a "text\t'Human text, coloured on a terminal'
json\t'One JSON document on stdout'
sarif\t'SARIF 2.1.0 (probe reports)'
header\t'`Authorization: Bearer …` (token commands)'
exec-credential\t'A kubectl ExecCredential (token commands)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l color -d 'When to use colour (NO_COLOR and TERM=dumb also turn it off)' -r -f -a "auto\t'When stdout is a terminal and NO_COLOR is not set'
always\t'Always'
never\t'Never'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l cacert -d 'Extra trust anchors (PEM) for TLS, repeatable' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l timeout -d 'Timeout for each HTTP request, in seconds' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l proxy -d 'HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@), in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and loopback never goes through a proxy' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l store -d 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]' -r -f -a "keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
file\t'Private files (mode 0600) under $XDG_STATE_HOME/oauthctl'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l dpop -d 'Bind the tokens to a DPoP key (RFC 9449): proofs on every token and userinfo request; the key is generated and kept with the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l par -d 'Push the authorization request to the issuer first (RFC 9126 PAR); automatic when its metadata says require_pushed_authorization_requests'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l request-object -d 'Send the authorization request as a request object (RFC 9101) signed with --private-key (pushed with --par). With a key and no --auth-method the client authenticates with private_key_jwt; a public client says --auth-method none'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l no-cache -d 'Always ask the server; neither read nor write the cache'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -s v -l verbose -d 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -l insecure -d 'Do not verify TLS certificates (testing only; prints a warning)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand exchange" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "decode" -d 'Show a JWT\'s header and claims, without verifying anything'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "validate" -d 'Fully validate a JWT: signature, algorithm, every claim check, each reported by name'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "encode" -d 'Sign a JWT from claims and a key (for tests and probes)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "login" -d 'Log in as a user in the browser: authorization code + PKCE with a loopback redirect; stores the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "device" -d 'Log in on a device without a browser (RFC 8628): enter a code on another device; stores the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "client-credentials" -d 'Get a machine token (client credentials grant), cached until shortly before it expires'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "token" -d 'Print a valid access token from the store, refreshing it first when it expires soon'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "refresh" -d 'Force a refresh-token grant and store the new tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "logout" -d 'Revoke the stored tokens (RFC 7009) and delete them from the store'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "introspect" -d 'Ask the issuer whether a token is active (RFC 7662 introspection)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "userinfo" -d 'Call the issuer\'s userinfo endpoint with the stored (or a given) access token'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "discover" -d 'Fetch and lint an issuer\'s metadata (OpenID Discovery, RFC 8414)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "jwks" -d 'Show and lint a JSON Web Key Set'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "serve" -d 'Run a local OpenID provider for development and tests (loopback, in memory)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "probe" -d 'Probe an API (attack matrix) or an issuer (audit) for token-handling flaws'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "demo" -d 'Walk every flow against a built-in provider started in-process: each step is the command you would type, with its HTTP exchanges (secrets masked) and what it shows. Needs no network and leaves nothing behind'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "store" -d 'Show or clear what oauthctl keeps: sign-ins and cached machine tokens, in the OS keyring and in files'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "register" -d 'Register a client dynamically (RFC 7591), or show, update or delete a registration (RFC 7592) with the registration access token kept in the store'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "completions" -d 'Print shell completions'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "fetch" -d 'Send an HTTP request with the stored access token (refreshed when it expires soon, once more on a 401 invalid_token); the body on stdout'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "exec" -d 'Run a command with a fresh access token in its environment (never in its arguments); its exit status passes through'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "credential" -d 'Credential helpers for git and Docker: the stored access token, answered in each tool\'s helper protocol'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "exchange" -d 'Trade a token for another (RFC 8693 token exchange, or an RFC 7523 JWT-bearer grant): e.g. a CI job\'s OIDC token for an access token. Prints the token as client-credentials does, cached likewise'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from decode validate encode login device client-credentials token refresh logout introspect userinfo discover jwks serve probe demo store register completions fetch exec credential exchange help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from probe" -f -a "api" -d 'Attack matrix against an API, from one valid token: alg none, key confusion, embedded jwk, jku/x5u, kid injection, psychic signature, crit, token placement, weak HMAC secrets, claim enforcement'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from probe" -f -a "issuer" -d 'Audit an authorization server from the outside: metadata and key set lints, PKCE, redirect URI matching, implicit and password grants, iss'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from probe" -f -a "resource" -d 'Audit a protected resource or MCP server (RFC 9728): its metadata and 401 challenge, token passthrough, foreign issuers, expired tokens, the token in the query string, scope challenges, CORS'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "status" -d 'Which backend holds what: each sign-in and cached machine token, in the keyring and in files, with its issuer, client, expiry and size (never a token). `--store` narrows it to one backend'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "clear" -d 'Delete every sign-in and cached machine token from the keyring and the files (`--store` narrows it to one backend). Nothing is revoked at the issuer: `logout` does that'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from credential" -f -a "git" -d 'git\'s credential-helper protocol: `get`, `store`, `erase` (configure it as `credential.https://HOST.helper`)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from credential" -f -a "docker" -d 'Docker\'s credential-helper protocol: `get`, `store`, `erase`, `list` (also as `docker-credential-oauthctl`)'
