
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'oauthctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'oauthctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'oauthctl' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a JWT''s header and claims, without verifying anything')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Fully validate a JWT: signature, algorithm, every claim check, each reported by name')
            [CompletionResult]::new('encode', 'encode', [CompletionResultType]::ParameterValue, 'Sign a JWT from claims and a key (for tests and probes)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in as a user in the browser: authorization code + PKCE with a loopback redirect; stores the tokens')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Log in on a device without a browser (RFC 8628): enter a code on another device; stores the tokens')
            [CompletionResult]::new('client-credentials', 'client-credentials', [CompletionResultType]::ParameterValue, 'Get a machine token (client credentials grant), cached until shortly before it expires')
            [CompletionResult]::new('cc', 'cc', [CompletionResultType]::ParameterValue, 'Get a machine token (client credentials grant), cached until shortly before it expires')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token from the store, refreshing it first when it expires soon')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Force a refresh-token grant and store the new tokens')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke the stored tokens (RFC 7009) and delete them from the store')
            [CompletionResult]::new('introspect', 'introspect', [CompletionResultType]::ParameterValue, 'Ask the issuer whether a token is active (RFC 7662 introspection)')
            [CompletionResult]::new('userinfo', 'userinfo', [CompletionResultType]::ParameterValue, 'Call the issuer''s userinfo endpoint with the stored (or a given) access token')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Fetch and lint an issuer''s metadata (OpenID Discovery, RFC 8414)')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Show and lint a JSON Web Key Set')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local OpenID provider for development and tests (loopback, in memory)')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Probe an API (attack matrix) or an issuer (audit) for token-handling flaws')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Walk every flow against a built-in provider started in-process: each step is the command you would type, with its HTTP exchanges (secrets masked) and what it shows. Needs no network and leaves nothing behind')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Show or clear what oauthctl keeps: sign-ins and cached machine tokens, in the OS keyring and in files')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;decode' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;validate' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--jwks-uri', '--jwks-uri', [CompletionResultType]::ParameterName, 'Key set URL (skips discovery)')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Key set file (JWKS JSON)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Public key or certificate (PEM) or a JWK; repeatable')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the HMAC secret (raw bytes; a trailing newline is removed)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed algorithm, repeatable [default: what the keys can verify; never none]')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Expected audience, repeatable; the token must name at least one')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, 'Expected `typ` header, e.g. at+jwt for RFC 9068 access tokens')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'Expected `nonce` (ID tokens)')
            [CompletionResult]::new('--access-token', '--access-token', [CompletionResultType]::ParameterName, 'The access token issued with this ID token, to check `at_hash`')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The authorization code issued with this ID token, to check `c_hash`')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Maximum seconds since `auth_time`')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'A claim that must be present, repeatable')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'A claim that must have this value (dotted names reach into objects; an array claim must contain it), repeatable')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'A scope the token must grant (`scope` or `scp`), repeatable or space-separated')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Clock skew allowed for exp, nbf, iat and auth_time, in seconds')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Validate as of this time (Unix seconds or RFC 3339) instead of now')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--bulk', '--bulk', [CompletionResultType]::ParameterName, 'Read one token per line on stdin; write one JSON line per token, in input order, using every core')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;encode' {
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Signing algorithm: HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA, or none (only when asked, with a warning)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM or JWK) for RS*, PS*, ES* and EdDSA')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the HMAC secret (raw bytes; a trailing newline is removed)')
            [CompletionResult]::new('--claims', '--claims', [CompletionResultType]::ParameterName, 'Claims as a JSON object, or @FILE')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'A claim: NAME=VALUE for a string, NAME:=JSON for any JSON value; repeatable')
            [CompletionResult]::new('--exp', '--exp', [CompletionResultType]::ParameterName, 'Expiry: a duration from now (15m, 1h, -5m for the past), Unix seconds or RFC 3339')
            [CompletionResult]::new('--iat', '--iat', [CompletionResultType]::ParameterName, 'Set `iat`: now, or the time given (`--iat=-5m` for the past)')
            [CompletionResult]::new('--nbf', '--nbf', [CompletionResultType]::ParameterName, 'Set `nbf`: now, or the time given (`--nbf=5m` for the future)')
            [CompletionResult]::new('--jti', '--jti', [CompletionResultType]::ParameterName, 'Set `jti`: a random 128-bit value, or the value given')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, '`kid` header')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, '`typ` header [default: JWT]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header: NAME=VALUE for a string, NAME:=JSON for any JSON value; repeatable')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;login' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]')
            [CompletionResult]::new('--private-key', '--private-key', [CompletionResultType]::ParameterName, 'Private key (PEM or JWK) for private_key_jwt')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --client-cert')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request; repeatable or space-separated')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707), repeatable')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The `audience` parameter some servers expect')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra request parameter K=V, repeatable')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'Token endpoint, for issuers without discovery')
            [CompletionResult]::new('--authorization-endpoint', '--authorization-endpoint', [CompletionResultType]::ParameterName, 'Authorization endpoint, instead of the one in the issuer''s metadata')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Listen for the redirect on this port; a comma-separated list is tried in order and the first free one is used [default: any free port]')
            [CompletionResult]::new('--redirect-host', '--redirect-host', [CompletionResultType]::ParameterName, 'The host in the redirect URI, as registered for the client (Entra ID registers http://localhost) [default: the preset''s, else 127.0.0.1]')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'The address to listen on [default: 127.0.0.1, or ::1 for a `[::1]` redirect]; another one, such as 0.0.0.0 in a container whose port is published, is allowed with a warning')
            [CompletionResult]::new('--browser-command', '--browser-command', [CompletionResultType]::ParameterName, 'Open the URL with this command instead of the default browser (or $BROWSER); %s stands for the URL, else it is added at the end')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'The exact redirect URI registered for the client; loopback only (http://127.0.0.1:PORT/PATH) [default: http://127.0.0.1:PORT/callback]')
            [CompletionResult]::new('--login-timeout', '--login-timeout', [CompletionResultType]::ParameterName, 'Give up when the browser has not come back after this many seconds (exit 5)')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, '`prompt`: none, login, consent or select_account (OIDC Core 3.1.2.1)')
            [CompletionResult]::new('--login-hint', '--login-hint', [CompletionResultType]::ParameterName, '`login_hint`: the account to sign in as, if the issuer takes hints')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, '`max_age`: re-authenticate when the last sign-in is older than this (checked against the ID token''s auth_time)')
            [CompletionResult]::new('--acr-values', '--acr-values', [CompletionResultType]::ParameterName, '`acr_values`: the authentication context classes asked for')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--short-url', '--short-url', [CompletionResultType]::ParameterName, 'Show a short local URL (http://127.0.0.1:PORT/) that redirects to the authorization URL, for terminals that break long links')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser: print the URL on stderr to open by hand')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;device' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]')
            [CompletionResult]::new('--private-key', '--private-key', [CompletionResultType]::ParameterName, 'Private key (PEM or JWK) for private_key_jwt')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --client-cert')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request; repeatable or space-separated')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707), repeatable')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The `audience` parameter some servers expect')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra request parameter K=V, repeatable')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'Token endpoint, for issuers without discovery')
            [CompletionResult]::new('--device-authorization-endpoint', '--device-authorization-endpoint', [CompletionResultType]::ParameterName, 'Device authorization endpoint, instead of the one in the issuer''s metadata')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--no-qr', '--no-qr', [CompletionResultType]::ParameterName, 'No QR code, even on a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;client-credentials' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]')
            [CompletionResult]::new('--private-key', '--private-key', [CompletionResultType]::ParameterName, 'Private key (PEM or JWK) for private_key_jwt')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --client-cert')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request; repeatable or space-separated')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707), repeatable')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The `audience` parameter some servers expect')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra request parameter K=V, repeatable')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'Token endpoint, for issuers without discovery')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Use a cached token only while it has more than this many seconds left')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Always ask the server; neither read nor write the cache')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;cc' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]')
            [CompletionResult]::new('--private-key', '--private-key', [CompletionResultType]::ParameterName, 'Private key (PEM or JWK) for private_key_jwt')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --client-cert')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request; repeatable or space-separated')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707), repeatable')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The `audience` parameter some servers expect')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra request parameter K=V, repeatable')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'Token endpoint, for issuers without discovery')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Use a cached token only while it has more than this many seconds left')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Always ask the server; neither read nor write the cache')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;token' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]')
            [CompletionResult]::new('--private-key', '--private-key', [CompletionResultType]::ParameterName, 'Private key (PEM or JWK) for private_key_jwt')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --client-cert')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request; repeatable or space-separated')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707), repeatable')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The `audience` parameter some servers expect')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra request parameter K=V, repeatable')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'Token endpoint, for issuers without discovery')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Refresh first when the stored access token has this many seconds or fewer left')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--id-token', '--id-token', [CompletionResultType]::ParameterName, 'Print the stored ID token instead of the access token')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;refresh' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]')
            [CompletionResult]::new('--private-key', '--private-key', [CompletionResultType]::ParameterName, 'Private key (PEM or JWK) for private_key_jwt')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --client-cert')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request; repeatable or space-separated')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707), repeatable')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The `audience` parameter some servers expect')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra request parameter K=V, repeatable')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'Token endpoint, for issuers without discovery')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;logout' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]')
            [CompletionResult]::new('--private-key', '--private-key', [CompletionResultType]::ParameterName, 'Private key (PEM or JWK) for private_key_jwt')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --client-cert')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request; repeatable or space-separated')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707), repeatable')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The `audience` parameter some servers expect')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra request parameter K=V, repeatable')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'Token endpoint, for issuers without discovery')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--end-session', '--end-session', [CompletionResultType]::ParameterName, 'Also end the session at the issuer: open its end_session_endpoint with id_token_hint in the browser (the URL is printed when none opens)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;introspect' {
            [CompletionResult]::new('--token-type-hint', '--token-type-hint', [CompletionResultType]::ParameterName, 'token_type_hint: access_token or refresh_token')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'File holding the client secret (or set OAUTHCTL_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The client secret itself; other users can read it in the process list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'How the client authenticates at the token endpoint [default: private_key_jwt with --private-key, tls_client_auth with --client-cert, else client_secret_basic]')
            [CompletionResult]::new('--private-key', '--private-key', [CompletionResultType]::ParameterName, 'Private key (PEM or JWK) for private_key_jwt')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth)')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --client-cert')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request; repeatable or space-separated')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707), repeatable')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The `audience` parameter some servers expect')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra request parameter K=V, repeatable')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'Token endpoint, for issuers without discovery')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;userinfo' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--access-token', '--access-token', [CompletionResultType]::ParameterName, 'Use this access token instead of the stored one (no `sub` check against a stored ID token then, unless one is stored)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;discover' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest severity that fails with --strict')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit 1 when lint findings reach --fail-on')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;jwks' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A local key set file instead of a URL')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest severity that fails with --strict')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--pem', '--pem', [CompletionResultType]::ParameterName, 'Print the public keys as PEM instead of the table (with -o json, add each key''s PEM)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit 1 when lint findings reach --fail-on')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;serve' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on (0: any free port)')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to listen on; anything but loopback prints a warning, since this provider is for development only')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The issuer URL to advertise, when clients reach the server by another name than http://ADDR:PORT')
            [CompletionResult]::new('--provider-config', '--provider-config', [CompletionResultType]::ParameterName, 'Clients, users, lifetimes and claims from a TOML file (added to the built-in defaults; see the README)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A private signing key (PEM or JWK), repeatable [default: fresh RS256 and ES256 keys at every start]')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'An extra client: ID for a public one, ID:SECRET for a confidential one (visible in the process list); repeatable')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'An extra user NAME:PASSWORD (sub = NAME); repeatable')
            [CompletionResult]::new('--access-token-ttl', '--access-token-ttl', [CompletionResultType]::ParameterName, 'Access token lifetime, seconds [default: 3600]')
            [CompletionResult]::new('--id-token-ttl', '--id-token-ttl', [CompletionResultType]::ParameterName, 'ID token lifetime, seconds [default: 3600]')
            [CompletionResult]::new('--refresh-token-ttl', '--refresh-token-ttl', [CompletionResultType]::ParameterName, 'Refresh token lifetime, seconds [default: 86400]')
            [CompletionResult]::new('--device-interval', '--device-interval', [CompletionResultType]::ParameterName, 'Device flow polling interval, seconds [default: 5]')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, '`aud` of access tokens when a request names no resource or audience [default: ISSUER/api]')
            [CompletionResult]::new('--vulnerable', '--vulnerable', [CompletionResultType]::ParameterName, 'Make the demo API accept one class of bad token ON PURPOSE, for trying `probe api` safely; repeatable; implies --demo-api')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'Request-handling threads [default: 4 per core, 8 to 64]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--auto-approve', '--auto-approve', [CompletionResultType]::ParameterName, 'Approve every authorization and device request as the default user, without a login page')
            [CompletionResult]::new('--demo-api', '--demo-api', [CompletionResultType]::ParameterName, 'Serve a protected GET /api/whoami that validates bearer tokens')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;probe' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Attack matrix against an API, from one valid token: alg none, key confusion, embedded jwk, jku/x5u, kid injection, psychic signature, crit, token placement, weak HMAC secrets, claim enforcement')
            [CompletionResult]::new('issuer', 'issuer', [CompletionResultType]::ParameterValue, 'Audit an authorization server from the outside: metadata and key set lints, PKCE, redirect URI matching, implicit and password grants, iss')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;probe;api' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The protected API''s URL')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A valid token the API accepts (`-` reads it from stdin)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method for the API')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header ''Name: value'', repeatable')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Request body (or @FILE), sent with every request')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer whose key set (through discovery) holds the API''s public keys')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'The API''s public keys: a key set URL, or a key set, JWK or PEM file')
            [CompletionResult]::new('--signing-key', '--signing-key', [CompletionResultType]::ParameterName, 'A private key (PEM or JWK; an oct JWK for HMAC) that the API trusts, to test exp, nbf, iat, iss, aud, typ and crit enforcement')
            [CompletionResult]::new('--signing-secret-file', '--signing-secret-file', [CompletionResultType]::ParameterName, 'A file holding an HMAC secret the API trusts (raw bytes; a trailing newline is removed), for the same checks as --signing-key')
            [CompletionResult]::new('--wordlist', '--wordlist', [CompletionResultType]::ParameterName, 'More candidate HMAC secrets, one per line, after the built-in list')
            [CompletionResult]::new('--callback-url', '--callback-url', [CompletionResultType]::ParameterName, 'A URL you can watch, for the jku/x5u checks against a remote API (for a loopback API oauthctl serves its own key set on 127.0.0.1)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when a finding is at or above this severity')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most this many requests per second [default: no limit beyond --concurrency]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'At most this many requests in flight')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List the requests that would be sent, and send nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;probe;issuer' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints and keys come from its discovery document')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client ID (for `validate`, the expected `azp`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A built-in provider preset that fills in the issuer, endpoints and parameters (flags, the environment and the profile still win)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--realm', '--realm', [CompletionResultType]::ParameterName, 'The preset''s tenant: Entra''s tenant ID or domain (or organizations, common, consumers), Keycloak''s realm, Okta''s authorization server [Okta default: default]')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The preset''s host: Auth0''s or Okta''s domain, Keycloak''s base URL (with any path prefix), a GitHub Enterprise Server or Entra national cloud host')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Send `Origin: URL` with token requests, as a browser would (Entra ID requires it for clients registered as single-page applications)')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'A redirect URI registered for --client-id, for the PKCE, redirect matching and implicit checks')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when a finding is at or above this severity')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most this many requests per second [default: no limit beyond --concurrency]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'At most this many requests in flight')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List the requests that would be sent, and send nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;probe;help' {
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Attack matrix against an API, from one valid token: alg none, key confusion, embedded jwk, jku/x5u, kid injection, psychic signature, crit, token placement, weak HMAC secrets, claim enforcement')
            [CompletionResult]::new('issuer', 'issuer', [CompletionResultType]::ParameterValue, 'Audit an authorization server from the outside: metadata and key set lints, PKCE, redirect URI matching, implicit and password grants, iss')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;probe;help;api' {
            break
        }
        'oauthctl;probe;help;issuer' {
            break
        }
        'oauthctl;probe;help;help' {
            break
        }
        'oauthctl;demo' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('--no-probe', '--no-probe', [CompletionResultType]::ParameterName, 'Leave out the `probe api` step (the attack matrix against a demo API that is vulnerable on purpose)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;store' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Which backend holds what: each sign-in and cached machine token, in the keyring and in files, with its issuer, client, expiry and size (never a token). `--store` narrows it to one backend')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Delete every sign-in and cached machine token from the keyring and the files (`--store` narrows it to one backend). Nothing is revoked at the issuer: `logout` does that')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;store;status' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;store;clear' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;store;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Which backend holds what: each sign-in and cached machine token, in the keyring and in files, with its issuer, client, expiry and size (never a token). `--store` narrows it to one backend')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Delete every sign-in and cached machine token from the keyring and the files (`--store` narrows it to one backend). Nothing is revoked at the issuer: `logout` does that')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;store;help;status' {
            break
        }
        'oauthctl;store;help;clear' {
            break
        }
        'oauthctl;store;help;help' {
            break
        }
        'oauthctl;completions' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile from the configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for programs (sarif, header and exec-credential where a command supports them)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR and TERM=dumb also turn it off)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Extra trust anchors (PEM) for TLS, repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens (and cached machine tokens) are kept [default: the OS keyring, or private files under $XDG_STATE_HOME/oauthctl when no keyring answers]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show HTTP exchanges on stderr, secrets redacted; twice adds bodies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates (testing only; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oauthctl;help' {
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a JWT''s header and claims, without verifying anything')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Fully validate a JWT: signature, algorithm, every claim check, each reported by name')
            [CompletionResult]::new('encode', 'encode', [CompletionResultType]::ParameterValue, 'Sign a JWT from claims and a key (for tests and probes)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in as a user in the browser: authorization code + PKCE with a loopback redirect; stores the tokens')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Log in on a device without a browser (RFC 8628): enter a code on another device; stores the tokens')
            [CompletionResult]::new('client-credentials', 'client-credentials', [CompletionResultType]::ParameterValue, 'Get a machine token (client credentials grant), cached until shortly before it expires')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token from the store, refreshing it first when it expires soon')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Force a refresh-token grant and store the new tokens')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke the stored tokens (RFC 7009) and delete them from the store')
            [CompletionResult]::new('introspect', 'introspect', [CompletionResultType]::ParameterValue, 'Ask the issuer whether a token is active (RFC 7662 introspection)')
            [CompletionResult]::new('userinfo', 'userinfo', [CompletionResultType]::ParameterValue, 'Call the issuer''s userinfo endpoint with the stored (or a given) access token')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Fetch and lint an issuer''s metadata (OpenID Discovery, RFC 8414)')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Show and lint a JSON Web Key Set')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local OpenID provider for development and tests (loopback, in memory)')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Probe an API (attack matrix) or an issuer (audit) for token-handling flaws')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Walk every flow against a built-in provider started in-process: each step is the command you would type, with its HTTP exchanges (secrets masked) and what it shows. Needs no network and leaves nothing behind')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Show or clear what oauthctl keeps: sign-ins and cached machine tokens, in the OS keyring and in files')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;help;decode' {
            break
        }
        'oauthctl;help;validate' {
            break
        }
        'oauthctl;help;encode' {
            break
        }
        'oauthctl;help;login' {
            break
        }
        'oauthctl;help;device' {
            break
        }
        'oauthctl;help;client-credentials' {
            break
        }
        'oauthctl;help;token' {
            break
        }
        'oauthctl;help;refresh' {
            break
        }
        'oauthctl;help;logout' {
            break
        }
        'oauthctl;help;introspect' {
            break
        }
        'oauthctl;help;userinfo' {
            break
        }
        'oauthctl;help;discover' {
            break
        }
        'oauthctl;help;jwks' {
            break
        }
        'oauthctl;help;serve' {
            break
        }
        'oauthctl;help;probe' {
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Attack matrix against an API, from one valid token: alg none, key confusion, embedded jwk, jku/x5u, kid injection, psychic signature, crit, token placement, weak HMAC secrets, claim enforcement')
            [CompletionResult]::new('issuer', 'issuer', [CompletionResultType]::ParameterValue, 'Audit an authorization server from the outside: metadata and key set lints, PKCE, redirect URI matching, implicit and password grants, iss')
            break
        }
        'oauthctl;help;probe;api' {
            break
        }
        'oauthctl;help;probe;issuer' {
            break
        }
        'oauthctl;help;demo' {
            break
        }
        'oauthctl;help;store' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Which backend holds what: each sign-in and cached machine token, in the keyring and in files, with its issuer, client, expiry and size (never a token). `--store` narrows it to one backend')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Delete every sign-in and cached machine token from the keyring and the files (`--store` narrows it to one backend). Nothing is revoked at the issuer: `logout` does that')
            break
        }
        'oauthctl;help;store;status' {
            break
        }
        'oauthctl;help;store;clear' {
            break
        }
        'oauthctl;help;completions' {
            break
        }
        'oauthctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
