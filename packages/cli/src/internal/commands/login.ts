/**
 * `login`, `logout`, `whoami` and `profiles`: named sign-ins kept through auth-token's profiles.
 * The implementation is in `../run/login.ts`, loaded when one of these commands runs.
 */
import { Command, Flag } from "effect/cli"
import { command, load } from "./common.ts"

export const loginFlags = {
  username: Flag.String("username").pipe(
    Flag.withDescription(
      "Sign in as this built-in portal user (the password is prompted, or read with --password-stdin)",
    ),
    Flag.optional,
  ),
  apiKey: Flag.Boolean("api-key").pipe(
    Flag.withDescription("Sign in with an API key (prompted, read with --password-stdin, or from ARCGIS_API_KEY)"),
    Flag.withDefault(false),
  ),
  token: Flag.Boolean("token").pipe(
    Flag.withDescription("Use a token you already have (prompted, read with --password-stdin, or from ARCGIS_TOKEN)"),
    Flag.withDefault(false),
  ),
  tokenExpires: Flag.Date("token-expires").pipe(
    Flag.withDescription("When the --token stops working (ISO date), so the CLI can say so instead of sending it"),
    Flag.optional,
  ),
  oauth: Flag.Boolean("oauth").pipe(
    Flag.withDescription("Sign in in the browser (OAuth 2.0 with PKCE, answered on http://127.0.0.1:<port>/callback)"),
    Flag.withDefault(false),
  ),
  clientId: Flag.String("client-id").pipe(
    Flag.withDescription("The OAuth app's client id (its redirect URIs must include http://127.0.0.1/callback)"),
    Flag.optional,
  ),
  pki: Flag.Boolean("pki").pipe(
    Flag.withDescription(
      "Sign in with a client certificate (--cert and --key, or --pfx), for a portal behind a PKI web adaptor",
    ),
    Flag.withDefault(false),
  ),
  cert: Flag.String("cert").pipe(
    Flag.withMetavar("file"),
    Flag.withDescription("The client certificate (PEM); implies --pki. Only its path is saved"),
    Flag.optional,
  ),
  key: Flag.String("key").pipe(
    Flag.withMetavar("file"),
    Flag.withDescription("The certificate's private key (PEM, possibly encrypted); only its path is saved"),
    Flag.optional,
  ),
  pfx: Flag.String("pfx").pipe(
    Flag.withMetavar("file"),
    Flag.withDescription(
      "A PKCS#12 bundle (.p12/.pfx) of the certificate and its key, instead of --cert/--key; implies --pki",
    ),
    Flag.optional,
  ),
  passphrasePrompt: Flag.Boolean("passphrase-prompt").pipe(
    Flag.withDescription(
      "The key or PKCS#12 bundle has a passphrase: ask for it without echo (or read it with --password-stdin, or from ARCGIS_PKI_PASSPHRASE); it is saved like a password",
    ),
    Flag.withDefault(false),
  ),
  ca: Flag.String("ca").pipe(
    Flag.withMetavar("file"),
    Flag.withDescription("The CA certificate (PEM) that signed the portal's server certificate"),
    Flag.optional,
  ),
  passwordStdin: Flag.Boolean("password-stdin").pipe(
    Flag.withDescription("Read the password, API key, token or key passphrase from standard input"),
    Flag.withDefault(false),
  ),
}

const login = Command.make("login", loginFlags, (input) =>
  load(
    () => import("../run/login.ts"),
    (run) => run.login(input),
  ),
).pipe(
  Command.withDescription(
    "Sign in and save the sign-in as a profile (--profile, default: default). Secrets are never taken on the command line.",
  ),
  Command.withExamples([
    {
      command: "arcgis-portal login --portal https://org.maps.arcgis.com --username jsmith",
      description: "A built-in user; the password is prompted without echo",
    },
    {
      command:
        'printf %s "$TOKEN_FROM_VAULT" | arcgis-portal login --portal https://host/portal --token --password-stdin --profile ci',
      description: "A token read from standard input, saved as the profile 'ci'",
    },
    {
      command: "arcgis-portal login --portal https://org.maps.arcgis.com --oauth --client-id abc123",
      description: "Sign in in the browser (OAuth PKCE)",
    },
    {
      command:
        "arcgis-portal login --portal https://pki.example.com/portal --cert me.crt --key me.key --ca corp-ca.pem",
      description: "A client certificate behind a PKI web adaptor",
    },
    {
      command:
        "arcgis-portal login --portal https://pki.example.com/portal --pki --pfx me.p12 --passphrase-prompt --profile corp",
      description: "A PKCS#12 bundle; its passphrase is asked without echo and kept encrypted",
    },
  ]),
)

export const logoutConfig = {}

const logout = Command.make("logout", logoutConfig, (input) =>
  load(
    () => import("../run/login.ts"),
    (run) => run.logout(input),
  ),
).pipe(
  Command.withDescription("Forget a profile and its secret (an OAuth sign-in is also revoked at the portal)"),
  Command.withExamples([
    { command: "arcgis-portal logout", description: "Forget the default profile" },
    { command: "arcgis-portal logout --profile ci", description: "Forget the profile 'ci'" },
  ]),
)

export const whoamiConfig = {}

const whoami = Command.make("whoami", whoamiConfig, (input) =>
  load(
    () => import("../run/login.ts"),
    (run) => run.whoami(input),
  ),
).pipe(
  Command.withDescription("Show who the current profile signs in as, on which portal"),
  Command.withExamples([
    { command: "arcgis-portal whoami", description: "The default profile's user" },
    { command: "arcgis-portal whoami --profile ci --json", description: "As JSON, for a script" },
  ]),
)

export const profilesListConfig = {}

const profilesList = Command.make("list", profilesListConfig, (input) =>
  load(
    () => import("../run/login.ts"),
    (run) => run.profilesList(input),
  ),
).pipe(
  Command.withDescription("List the saved profiles (never their secrets)"),
  Command.withExamples([{ command: "arcgis-portal profiles list", description: "Every saved sign-in" }]),
)

const profiles = Command.make("profiles").pipe(
  Command.withDescription("Saved sign-ins"),
  Command.withExamples([{ command: "arcgis-portal profiles list", description: "Every saved sign-in" }]),
  Command.withSubcommands([profilesList]),
)

/** The sign-in commands. */
export const commands = [command(login), command(logout), command(whoami), command(profiles)] as const
