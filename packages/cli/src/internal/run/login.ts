/** The implementation of `login`, `logout`, `whoami` and `profiles list`. */

import { spawn } from "node:child_process"
import { resolve as resolvePath } from "node:path"
import { loopback } from "@arcgis-portal/auth-oauth/node"
import { apiKey, builtInUser, staticToken } from "@arcgis-portal/auth-token"
import type { PortalError } from "@arcgis-portal/core"
import { type AuthStrategy, Portal, PortalSelf } from "@arcgis-portal/core"
import { Users } from "@arcgis-portal/users-groups-roles"
import { type Command, Prompt } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type { loginFlags, logoutConfig, profilesListConfig, whoamiConfig } from "../commands/login.ts"
import { certificateStrategy, resolve, strategyOf, verboseInstrument, withPortal } from "../connection.ts"
import { auth, type CliFailure, usage } from "../errors.ts"
import { PortalUrl, ProfileName, Verbose } from "../global-flags.ts"
import { Output } from "../output.ts"
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
    Option.isSome(input.cert) ? "--cert" : undefined,
  ].filter((flag) => flag !== undefined)
  if (chosen.length > 1) return Effect.fail(usage(`choose one way to sign in, not ${chosen.join(" and ")}`))
  return Effect.succeed(chosen[0])
}

export const login = (input: Command.Command.Config.Infer<typeof loginFlags>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const verbose = yield* Verbose
    const name = Option.getOrElse(yield* ProfileName, () => Profiles.defaultName)
    const existing = yield* Effect.catch(Profiles.load(name), () => Effect.succeed(undefined))
    const url = Option.getOrUndefined(yield* PortalUrl) ?? existing?.meta.url
    if (url === undefined)
      return yield* usage(
        "which portal? pass --portal <url>",
        "For example: arcgis-portal login --portal https://org.maps.arcgis.com --username me",
      )
    let method = yield* methodOf(input)
    if (method === undefined) {
      if (!output.stdinIsTerminal)
        return yield* usage("choose how to sign in: --username, --api-key, --token, --oauth or --cert")
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
    let meta: Profiles.Meta
    let saved: Redacted.Redacted<string> | undefined
    switch (method) {
      case "--username": {
        const username = Option.isSome(input.username)
          ? input.username.value
          : yield* Prompt.run(Prompt.String({ message: "Username" })).pipe(
              Effect.mapError(() => usage("no username given")),
            )
        const password = yield* secret("password", `Password for ${username}`, "ARCGIS_PASSWORD")
        const confirmed = yield* signedInUser(url, builtInUser({ username, password }), verbose)
        meta = { url, kind: "builtInUser", username: confirmed }
        saved = password
        break
      }
      case "--api-key": {
        const key = yield* secret("API key", "API key", "ARCGIS_API_KEY")
        const confirmed = yield* signedInUser(url, apiKey(key), verbose)
        meta = { url, kind: "apiKey", username: confirmed }
        saved = key
        break
      }
      case "--token": {
        const token = yield* secret("token", "Token", "ARCGIS_TOKEN")
        const expires = Option.map(input.tokenExpires, (when) => when.getTime()).pipe(Option.getOrUndefined)
        const confirmed = yield* signedInUser(url, staticToken(token, { expires }), verbose)
        meta = { url, kind: "token", username: confirmed, tokenExpires: expires }
        saved = token
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
        meta = { url, kind: "oauth", username: confirmed, clientId, redirectUri: session.redirectUri }
        saved = session.refreshToken
        break
      }
      default: {
        if (Option.isNone(input.cert) || Option.isNone(input.key))
          return yield* usage("--cert needs --key <the certificate's private key file>")
        const files = {
          cert: resolvePath(input.cert.value),
          key: resolvePath(input.key.value),
          ca: Option.getOrUndefined(Option.map(input.ca, (path) => resolvePath(path))),
        }
        const confirmed = yield* signedInUser(url, yield* certificateStrategy(files), verbose).pipe(
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
        meta = { url, kind: "pki", username: confirmed, ...files }
        saved = undefined
      }
    }
    const { secretStore } = yield* Profiles.save(name, meta, saved)
    const where =
      secretStore === "keyring"
        ? "secret in the OS keyring"
        : secretStore === "file"
          ? `secret encrypted in ${Profiles.directory()}`
          : "no secret saved"
    yield* output.done(`Signed in to ${url} as ${meta.username} (profile ${name}, ${kindNames[meta.kind]}; ${where})`, {
      profile: name,
      url,
      username: meta.username,
      auth: meta.kind,
      secretStore: secretStore ?? null,
    })
  })

export const logout = (_input: Command.Command.Config.Infer<typeof logoutConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const name = Option.getOrElse(yield* ProfileName, () => Profiles.defaultName)
    const profile = yield* Profiles.load(name)
    if (profile.meta.kind === "oauth") {
      // Revokes the refresh token (and every access token minted from it) before forgetting it.
      const strategy = yield* strategyOf(profile)
      const signOut = (strategy as { signOut?: Effect.Effect<void, unknown, never> }).signOut
      if (signOut !== undefined)
        yield* Effect.ignore(signOut.pipe(Effect.provide(Portal.layer({ url: profile.meta.url, auth: strategy }))))
    }
    yield* Profiles.remove(name)
    yield* output.done(`Signed out of ${profile.meta.url} (profile ${name} removed)`, {
      profile: name,
      url: profile.meta.url,
      removed: true,
    })
  })

export const whoami = (_input: Command.Command.Config.Infer<typeof whoamiConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const connection = yield* resolve
    if (connection.profile?.meta.kind === "token" && connection.profile.meta.tokenExpires !== undefined) {
      if (connection.profile.meta.tokenExpires <= Date.now())
        return yield* auth(
          `the token of profile "${connection.profile.name}" expired on ${new Date(connection.profile.meta.tokenExpires).toISOString()}`,
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
            auth: profile?.meta.kind ?? "anonymous",
          },
          [
            ["username", me.username],
            ["name", me.fullName ?? ""],
            ["email", me.email ?? ""],
            ["role", `${me.role ?? ""}${me.roleId ? ` (${me.roleId})` : ""}`],
            ["portal", `${connection.url}${portalName ? ` (${portalName})` : ""}`],
            ["profile", profile === undefined ? "" : `${profile.name} (${kindNames[profile.meta.kind]})`],
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
        { header: "auth", value: (profile) => kindNames[profile.kind] ?? profile.kind },
        { header: "user", value: (profile) => profile.username ?? "" },
        { header: "secret", value: (profile) => profile.secretStore ?? "" },
      ],
      json: (profile) => ({
        name: profile.name,
        url: profile.url,
        auth: profile.kind,
        username: profile.username ?? null,
        secretStore: profile.secretStore ?? null,
      }),
    })
  })
