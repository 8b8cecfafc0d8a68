/**
 * `--auth builtin|token|oauth|pki|proxy`: how the demo signs in, with the plugin packages. Against
 * the emulator each kind is set up for real (an HTTPS listener requiring client certificates for
 * `pki`, an HTTP proxy with credentials for `proxy`, the sign-in page answered for `oauth`).
 */
import { loopback } from "@arcgis-portal/auth-oauth/node"
import { clientCertificate } from "@arcgis-portal/auth-pki"
import { throughProxy } from "@arcgis-portal/auth-proxy"
import { builtInUser, staticToken } from "@arcgis-portal/auth-token"
import type { AuthStrategy } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { Certificates } from "@arcgis-portal/emulator/testing"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { Server as ProxyServer } from "proxy-chain"

export const kinds = ["builtin", "token", "oauth", "pki", "proxy"] as const
export type Kind = (typeof kinds)[number]

export interface Session {
  readonly url: string
  readonly auth: AuthStrategy.AuthStrategy
  readonly admin: { readonly username: string; readonly auth: AuthStrategy.AuthStrategy }
  readonly emulator: EmulatorHandle
  readonly describe: string
  readonly close: () => Promise<void>
}

/** Plays the browser on the emulator's sign-in page: submits the form and follows the redirect. */
const signInOnPage = (username: string, password: string) => async (authorizeUrl: string) => {
  const page = await (await fetch(authorizeUrl)).text()
  const hidden = Object.fromEntries(
    [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [
      match[1] ?? "",
      (match[2] ?? "").replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))),
    ]),
  )
  const submitted = await fetch(new URL("authorize", authorizeUrl), {
    method: "POST",
    body: new URLSearchParams({ ...hidden, username, password, action: "signin" }),
    redirect: "manual",
  })
  await fetch(submitted.headers.get("location") ?? "")
}

/** Starts an emulator set up for `kind` and signs in as the seeded publisher that way. */
export const emulatorSession = async (kind: Kind): Promise<Session> => {
  const pki =
    kind === "pki" ? await Certificates.createTestPki({ usernames: ["publisher_one", "portal_admin"] }) : undefined
  const emulator = await startEmulator(
    pki === undefined
      ? {}
      : {
          tls: {
            key: pki.server.key,
            cert: pki.server.cert,
            ca: pki.ca.cert,
            requireClientCertificate: true,
            hostname: "localhost",
          },
        },
  )
  const publisher = emulator.accounts.publisher
  const admin = emulator.accounts.admin
  let proxy: ProxyServer | undefined
  let auth: AuthStrategy.AuthStrategy
  let adminAuth: AuthStrategy.AuthStrategy = builtInUser({
    username: admin.username,
    password: Redacted.make(admin.password),
  })
  let describe: string
  switch (kind) {
    case "builtin":
      auth = builtInUser({ username: publisher.username, password: Redacted.make(publisher.password) })
      describe = "built-in user (generateToken)"
      break
    case "token": {
      // A token obtained elsewhere (here: generateToken, as a script would be handed one). Not the seeded API key:
      // the emulator holds API keys to their privileges (view org items, create items), and the tour also shares
      // and deletes.
      const answer = await fetch(`${emulator.restUrl}/generateToken`, {
        method: "POST",
        body: new URLSearchParams({
          username: publisher.username,
          password: publisher.password,
          client: "referer",
          referer: "arcgis-portal-demo",
          f: "json",
        }),
      })
      const { token } = (await answer.json()) as { token?: string }
      if (token === undefined) throw new Error("the emulator issued no token")
      auth = staticToken(Redacted.make(token))
      describe = "a static token (issued by generateToken beforehand)"
      break
    }
    case "oauth":
      auth = await Effect.runPromise(
        loopback({
          portalUrl: emulator.url,
          clientId: emulator.app.clientId,
          open: signInOnPage(publisher.username, publisher.password),
        }),
      )
      describe = "OAuth 2.0 authorization code + PKCE (loopback listener; the sign-in page answered by the demo)"
      break
    case "pki": {
      const client = pki?.clients.publisher_one
      const adminClient = pki?.clients.portal_admin
      if (client === undefined || adminClient === undefined || pki === undefined)
        throw new Error("no test certificates")
      auth = clientCertificate({ cert: client.cert, key: client.key }, { ca: pki.ca.cert })
      adminAuth = clientCertificate({ cert: adminClient.cert, key: adminClient.key }, { ca: pki.ca.cert })
      describe = "client certificate over mutual TLS (PKI), token from generateToken without a password"
      break
    }
    case "proxy": {
      const proxyPassword = `proxy-${Math.random().toString(36).slice(2)}`
      proxy = new ProxyServer({
        port: 0,
        host: "127.0.0.1",
        prepareRequestFunction: ({ username, password }: { username: string; password: string }) => ({
          requestAuthentication: username !== "demo" || password !== proxyPassword,
        }),
      })
      await proxy.listen()
      const settings = { host: "127.0.0.1", port: proxy.port, username: "demo", password: Redacted.make(proxyPassword) }
      auth = throughProxy(
        settings,
        builtInUser({ username: publisher.username, password: Redacted.make(publisher.password) }),
      )
      adminAuth = throughProxy(settings, adminAuth)
      describe = `built-in user through an HTTP proxy with credentials (127.0.0.1:${proxy.port})`
      break
    }
  }
  return {
    url: emulator.url,
    auth,
    admin: { username: admin.username, auth: adminAuth },
    emulator,
    describe,
    close: async () => {
      await proxy?.close(true)
      await emulator.stop()
    },
  }
}

/** Signs in to a real portal with `kind`, from command-line options and environment variables. */
export const portalAuth = async (
  kind: Kind,
  options: {
    readonly portal: string
    readonly username?: string | undefined
    readonly password: () => Promise<string>
    readonly clientId?: string | undefined
    readonly cert?: string | undefined
    readonly key?: string | undefined
    readonly proxy?: string | undefined
  },
): Promise<AuthStrategy.AuthStrategy> => {
  const { readFile } = await import("node:fs/promises")
  const user = async () => {
    if (!options.username) throw new Error("--username is required for this kind of sign-in")
    return builtInUser({ username: options.username, password: Redacted.make(await options.password()) })
  }
  switch (kind) {
    case "builtin":
      return user()
    case "token": {
      const token = process.env.ARCGIS_TOKEN
      if (!token) throw new Error("--auth token reads the token from ARCGIS_TOKEN")
      return staticToken(Redacted.make(token))
    }
    case "oauth":
      if (!options.clientId)
        throw new Error("--auth oauth needs --client-id (an app with http://127.0.0.1/callback registered)")
      return Effect.runPromise(loopback({ portalUrl: options.portal, clientId: options.clientId }))
    case "pki":
      if (!options.cert || !options.key) throw new Error("--auth pki needs --cert and --key (PEM files)")
      return clientCertificate({ cert: await readFile(options.cert, "utf8"), key: await readFile(options.key, "utf8") })
    case "proxy": {
      const [host, port] = (options.proxy ?? "").split(":")
      if (!host || !port)
        throw new Error("--auth proxy needs --proxy host:port (credentials from PROXY_USERNAME / PROXY_PASSWORD)")
      const password = process.env.PROXY_PASSWORD
      return throughProxy(
        {
          host,
          port: Number(port),
          username: process.env.PROXY_USERNAME,
          password: password ? Redacted.make(password) : undefined,
        },
        await user(),
      )
    }
  }
}
