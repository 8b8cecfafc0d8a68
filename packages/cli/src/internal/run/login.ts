/**
 * The implementation of `login`, `logout`, `whoami` and `profiles list`: `login` checks the credentials against the
 * portal (`portals/self`) before it saves them as a profile of their kind — built-in user, API key, token (and its
 * expiry), OAuth (client id, redirect URI, refresh token) or client certificate (file paths, and the passphrase of an
 * encrypted key or PKCS#12 bundle) — through auth-token's `Profiles`.
 */

import { spawn } from "node:child_process"
import { resolve as resolvePath } from "node:path"
import { loopback } from "@arcgis-portal/auth-oauth/node"
import { apiKey, builtInUser, staticToken } from "@arcgis-portal/auth-token"
import type { ProfileInput } from "@arcgis-portal/auth-token/node"
import type { PortalError } from "@arcgis-portal/core"
import { type AuthStrategy, Portal, PortalSelf } from "@arcgis-portal/core"
import { Users } from "@arcgis-portal/users-groups-roles"
import { type Command, Prompt } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type { loginFlags, logoutConfig, profilesListConfig, whoamiConfig } from "../commands/login.ts"
import {
  type CertificateFiles,
  certificateStrategy,
  resolve,
  strategyOf,
  verboseInstrument,
  withPortal,
} from "../connection.ts"
import { auth, type CliFailure, ExitCode, usage } from "../errors.ts"
import { ProfileName, Verbose } from "../global-flags.ts"
import { Output } from "../output.ts"
import * as PortalUrls from "../portal-url.ts"
import * as Profiles from "../profiles.ts"
import * as Secrets from "../secrets.ts"
import { date } from "../table.ts"

/** What these commands fail with besides the CLI's own failures (named here for the declarations tsc emits). */
export type Failure = PortalError.PortalFailure

const kindNames: Record<Profiles.Kind, string> = {
  builtInUser: "built-in user",
  apiKey: "API key",
  token: "token",
  oauth: "OAuth",
  pki: "client certificate",
}

/** Who the portal says a strategy signs in as; fails with exit code 3 when it says nobody. */
const signedInUser = (url: string, strategy: AuthStrategy.AuthStrategy, verbose: boolean) =>
  Effect.gen(function* () {
    const self = yield* PortalSelf.PortalSelf
    const answer = yield* self.get("Cli.login")
    const username = answer.user?.username
    if (typeof username !== "string" || username === "")
      return yield* auth(`the portal at ${url} did not accept the credentials`)
    return username
  }).pipe(
    Effect.provide(
      Portal.layer({
        url,
        auth: strategy,
        instrument: verboseInstrument(verbose),
      }),
    ),
  )

/** Opens a URL in the user's browser, best effort (the URL is printed on stderr anyway). */
const openBrowser = (url: string) => {
  const command = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open"
  try {
    const child = spawn(command, [url], { stdio: "ignore", detached: true })
    child.on("error", () => {})
    child.unref()
  } catch {
    // No browser here: the printed URL is enough.
  }
}

type LoginInput = Command.Command.Config.Infer<typeof loginFlags>

/** Which way to sign in, from the flags; exactly one, else a usage error. */
const methodOf = (input: LoginInput) => {
  const chosen = [
    Option.isSome(input.username) ? "--username" : undefined,
    input.apiKey ? "--api-key" : undefined,
    input.token ? "--token" : undefined,
    input.oauth ? "--oauth" : undefined,
    input.pki || Option.isSome(input.cert) || Option.isSome(input.key) || Option.isSome(input.pfx)
      ? "--pki"
      : undefined,
  ].filter((flag) => flag !== undefined)
  if (chosen.length > 1) return Effect.fail(usage(`choose one way to sign in, not ${chosen.join(" and ")}`))
  return Effect.succeed(chosen[0])
}

/** The certificate files of a `--pki` sign-in (absolute paths), or a usage error for a combination that is not one. */
const certificateFilesOf = (input: LoginInput) => {
  const absolute = (path: Option.Option<string>) => Option.getOrUndefined(Option.map(path, (file) => resolvePath(file)))
  const files = {
    cert: absolute(input.cert),
    key: absolute(input.key),
    pfx: absolute(input.pfx),
    ca: absolute(input.ca),
  }
  if (files.pfx !== undefined && (files.cert !== undefined || files.key !== undefined))
    return Effect.fail(usage("give --pfx, or --cert and --key, not both"))
  if (files.pfx === undefined && files.cert === undefined && files.key === undefined)
    return Effect.fail(usage("--pki needs --cert <file> and --key <file>, or --pfx <file>"))
  if (files.pfx === undefined && files.key === undefined)
    return Effect.fail(usage("--cert needs --key <the certificate's private key file>"))
  if (files.pfx === undefined && files.cert === undefined)
    return Effect.fail(usage("--key needs --cert <the certificate file>"))
  return Effect.succeed(files)
}

/** Who the portal says a client certificate signs in as; a refused certificate or passphrase exits 3. */
const certificateUser = (url: string, files: CertificateFiles, verbose: boolean) =>
  Effect.gen(function* () {
    const strategy = yield* certificateStrategy(files)
    return yield* signedInUser(url, strategy, verbose)
  }).pipe(
    // A key or bundle the passphrase does not decrypt: nothing was sent, the credential is refused.
    Effect.catchTag(
      "InvalidInput",
      (error): Effect.Effect<never, CliFailure | PortalError.InvalidInput> =>
        error.field === "passphrase"
          ? Effect.fail(
              auth(
                error.message,
                files.passphrase === undefined
                  ? "Give its passphrase: add --passphrase-prompt (or --password-stdin)."
                  : "Check the passphrase, and that the file is the one it protects.",
              ),
            )
          : Effect.fail(error),
    ),
    // Under TLS 1.3 a portal that refuses a client certificate can only close the connection: at sign-in with a
    // certificate, that is a refused credential.
    Effect.catchTag(
      "TransportError",
      (error): Effect.Effect<never, CliFailure | PortalError.TransportError> =>
        error.reason === "Tls" || error.reason === "Network"
          ? Effect.fail(
              auth(
                `the portal refused the connection with this certificate (${error.message})`,
                "Check that the portal trusts the certificate's authority, and --ca for the portal's own certificate.",
              ),
            )
          : Effect.fail(error),
    ),
  )

export const login = (input: Command.Command.Config.Infer<typeof loginFlags>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const verbose = yield* Verbose
    const name = Option.getOrElse(yield* ProfileName, () => Profiles.defaultName)
    // Without --portal, the portal the profile was for. A profile that cannot be loaded is replaced by this login,
    // unless it is refused for a user name or password in its url: that refusal says how to replace it.
    const url =
      (yield* PortalUrls.portalFlag) ??
      (yield* Effect.catch(Profiles.load(name), (error) =>
        error._tag === "CliFailure" && error.exitCode === ExitCode.usage
          ? Effect.fail(error)
          : Effect.succeed(undefined),
      ))?.url
    if (url === undefined)
      return yield* usage(
        "which portal? pass --portal <url>",
        "For example: arcgis-portal login --portal https://org.maps.arcgis.com --username me",
      )
    let method = yield* methodOf(input)
    if (method === undefined) {
      if (!output.stdinIsTerminal)
        return yield* usage("choose how to sign in: --username, --api-key, --token, --oauth or --pki")
      method = "--username"
    }
    const secret = (what: string, message: string, environmentVariable: string) =>
      Secrets.read({
        what,
        message,
        fromStdin: input.passwordStdin,
        environmentVariable,
        stdinIsTerminal: output.stdinIsTerminal,
      })
    let profile: ProfileInput
    switch (method) {
      case "--username": {
        const username = Option.isSome(input.username)
          ? input.username.value
          : yield* Prompt.run(Prompt.String({ message: "Username" })).pipe(
              Effect.mapError(() => usage("no username given")),
            )
        const password = yield* secret("password", `Password for ${username}`, "ARCGIS_PASSWORD")
        const confirmed = yield* signedInUser(url, builtInUser({ username, password }), verbose)
        profile = { url, auth: "builtInUser", username: confirmed, secret: password }
        break
      }
      case "--api-key": {
        const key = yield* secret("API key", "API key", "ARCGIS_API_KEY")
        const confirmed = yield* signedInUser(url, apiKey(key), verbose)
        profile = { url, auth: "apiKey", username: confirmed, secret: key }
        break
      }
      case "--token": {
        const token = yield* secret("token", "Token", "ARCGIS_TOKEN")
        const expires = Option.map(input.tokenExpires, (when) => when.getTime()).pipe(Option.getOrUndefined)
        const confirmed = yield* signedInUser(url, staticToken(token, { expires }), verbose)
        profile = { url, auth: "token", username: confirmed, expires, secret: token }
        break
      }
      case "--oauth": {
        if (Option.isNone(input.clientId)) return yield* usage("--oauth needs --client-id <the app's client id>")
        const clientId = input.clientId.value
        const strategy = yield* loopback({
          portalUrl: url,
          clientId,
          open: (authorize) => {
            process.stderr.write(`Open this address in a browser to sign in:\n  ${authorize}\n`)
            if (output.stderrIsTerminal) openBrowser(authorize)
          },
        })
        const confirmed = yield* signedInUser(url, strategy, verbose)
        const session = strategy.session()
        if (session === undefined) return yield* auth("the portal gave no refresh token to keep")
        profile = {
          url,
          auth: "oauth",
          username: confirmed,
          clientId,
          redirectUri: session.redirectUri,
          refreshTokenExpires: session.refreshTokenExpires,
          secret: session.refreshToken,
        }
        break
      }
      default: {
        const files = yield* certificateFilesOf(input)
        const passphrase: Redacted.Redacted<string> | undefined =
          input.passphrasePrompt || input.passwordStdin
            ? yield* secret(
                "passphrase",
                `Passphrase of ${files.pfx ?? files.key ?? "the key"}`,
                "ARCGIS_PKI_PASSPHRASE",
              )
            : undefined
        const confirmed = yield* certificateUser(url, { ...files, passphrase }, verbose)
        profile = {
          url,
          auth: "pki",
          username: confirmed,
          certFile: files.cert,
          keyFile: files.key,
          pfxFile: files.pfx,
          caFile: files.ca,
          secret: passphrase,
        }
      }
    }
    const { summary, notice } = yield* Profiles.save(name, profile)
    if (notice !== undefined) yield* output.note(`arcgis-portal: ${notice}`)
    const where =
      summary.secretStore === "keyring"
        ? "secret in the OS keyring"
        : summary.secretStore === "file"
          ? `secret encrypted in ${Profiles.directory()}`
          : "no secret saved"
    yield* output.done(
      `Signed in to ${url} as ${summary.username} (profile ${name}, ${kindNames[summary.auth]}; ${where})`,
      {
        profile: name,
        url,
        username: summary.username ?? null,
        auth: summary.auth,
        secretStore: summary.secretStore,
      },
    )
  })

export const logout = (_input: Command.Command.Config.Infer<typeof logoutConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const name = Option.getOrElse(yield* ProfileName, () => Profiles.defaultName)
    const profile = yield* Profiles.load(name)
    if (profile.auth === "oauth") {
      // Revokes the refresh token (and every access token minted from it) before forgetting it.
      const strategy = yield* strategyOf(profile)
      const signOut = (strategy as { signOut?: Effect.Effect<void, unknown, never> }).signOut
      if (signOut !== undefined)
        yield* Effect.ignore(signOut.pipe(Effect.provide(Portal.layer({ url: profile.url, auth: strategy }))))
    }
    yield* Profiles.remove(name)
    yield* output.done(`Signed out of ${profile.url} (profile ${name} removed)`, {
      profile: name,
      url: profile.url,
      removed: true,
    })
  })

export const whoami = (_input: Command.Command.Config.Infer<typeof whoamiConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const connection = yield* resolve
    if (connection.profile?.auth === "token" && connection.profile.expires !== undefined) {
      if (connection.profile.expires <= Date.now())
        return yield* auth(
          `the token of profile "${connection.profile.name}" expired on ${new Date(connection.profile.expires).toISOString()}`,
          `Sign in again: arcgis-portal login --profile ${connection.profile.name}`,
        )
    }
    yield* withPortal(Users.layer, (connection) =>
      Effect.gen(function* () {
        const users = yield* Users.Users
        const self = yield* (yield* PortalSelf.PortalSelf).get("Cli.whoami")
        const me = yield* users.me()
        if (me === undefined) return yield* auth(`not signed in to ${connection.url} (anonymous)`)
        const profile = connection.profile
        const portalName = typeof self.name === "string" ? self.name : ""
        yield* output.record(
          {
            username: me.username,
            fullName: me.fullName ?? null,
            email: me.email ?? null,
            role: me.role ?? null,
            roleId: me.roleId ?? null,
            portal: connection.url,
            portalName,
            orgId: self.id ?? null,
            profile: profile?.name ?? null,
            auth: profile?.auth ?? "anonymous",
          },
          [
            ["username", me.username],
            ["name", me.fullName ?? ""],
            ["email", me.email ?? ""],
            ["role", `${me.role ?? ""}${me.roleId ? ` (${me.roleId})` : ""}`],
            ["portal", `${connection.url}${portalName ? ` (${portalName})` : ""}`],
            ["profile", profile === undefined ? "" : `${profile.name} (${kindNames[profile.auth]})`],
            ["last login", date(me.lastLogin)],
          ],
        )
      }),
    )
  })

export const profilesList = (_input: Command.Command.Config.Infer<typeof profilesListConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const all = yield* Profiles.list
    yield* output.list(Stream.fromIterable(all), {
      columns: [
        { header: "profile", value: (profile) => profile.name },
        { header: "portal", value: (profile) => profile.url, max: 50 },
        { header: "auth", value: (profile) => kindNames[profile.auth] ?? profile.auth },
        { header: "user", value: (profile) => profile.username ?? "" },
        { header: "secret", value: (profile) => profile.secretStore },
      ],
      json: (profile) => ({
        name: profile.name,
        url: profile.url,
        auth: profile.auth,
        username: profile.username ?? null,
        secretStore: profile.secretStore,
      }),
    })
  })
