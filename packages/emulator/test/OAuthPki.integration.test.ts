import { createHash, randomBytes } from "node:crypto"
import { request as httpsRequest } from "node:https"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { Certificates } from "../src/testing/index.ts"
import { client, type Json } from "./helpers.ts"

describe("OAuth 2.0", () => {
  let emulator: EmulatorHandle
  let api: ReturnType<typeof client>
  beforeAll(async () => {
    emulator = await startEmulator()
    api = client(emulator)
  })
  afterAll(async () => {
    await emulator.stop()
  })

  const redirectUri = "http://127.0.0.1:51234/callback"
  const pkce = () => {
    const verifier = randomBytes(32).toString("base64url")
    return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") }
  }

  /** What a browser does: open the sign-in page, submit the form, follow nothing (read the redirect). */
  const signInThroughPage = async (
    query: Record<string, string>,
    credentials = emulator.accounts.publisher,
    action = "signin",
  ) => {
    const url = new URL(`${emulator.restUrl}/oauth2/authorize`)
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
    const pageResponse = await fetch(url)
    expect(pageResponse.headers.get("content-type")).toContain("text/html")
    const html = await pageResponse.text()
    const hidden = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [
        match[1] ?? "",
        (match[2] ?? "").replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))),
      ]),
    )
    const submitted = await fetch(`${emulator.restUrl}/oauth2/authorize`, {
      method: "POST",
      body: new URLSearchParams({ ...hidden, username: credentials.username, password: credentials.password, action }),
      redirect: "manual",
    })
    return { submitted, html }
  }

  const exchange = (params: Record<string, string>) =>
    api.json("oauth2/token", { params: { client_id: emulator.app.clientId, ...params } })

  it("authorization code with PKCE (S256), end to end; the code works once", async () => {
    const { verifier, challenge } = pkce()
    const { submitted, html } = await signInThroughPage({
      client_id: emulator.app.clientId,
      response_type: "code",
      redirect_uri: redirectUri,
      state: "xyz-state",
      code_challenge: challenge,
      code_challenge_method: "S256",
    })
    expect(html).toContain("Sign in to Emulated Portal")
    expect(submitted.status).toBe(302)
    const location = new URL(submitted.headers.get("location") ?? "")
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri)
    expect(location.searchParams.get("state")).toBe("xyz-state")
    const code = location.searchParams.get("code") ?? ""
    const tokens = await exchange({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    })
    expect(tokens).toMatchObject({ username: "publisher_one", ssl: false })
    expect(tokens.expires_in).toBeGreaterThan(0)
    expect(tokens.refresh_token).toBeTypeOf("string")
    expect((await api.json("community/self", { token: tokens.access_token })).username).toBe("publisher_one")
    expect(
      (await exchange({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier }))
        .error.error,
    ).toBe("invalid_grant")
  })

  it("a wrong code_verifier is rejected, and the code is spent", async () => {
    const { verifier, challenge } = pkce()
    const { submitted } = await signInThroughPage({
      client_id: emulator.app.clientId,
      response_type: "code",
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: "S256",
    })
    const code = new URL(submitted.headers.get("location") ?? "").searchParams.get("code") ?? ""
    const wrong = await exchange({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: `${verifier}x`,
    })
    expect(wrong.error).toMatchObject({ code: 400, error: "invalid_grant", message: "Invalid code_verifier." })
    expect(
      (await exchange({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier }))
        .error,
    ).toBeDefined()
  })

  it("refresh, exchange_refresh_token (old tokens die, expiry kept), revoke", async () => {
    const { verifier, challenge } = pkce()
    const { submitted } = await signInThroughPage({
      client_id: emulator.app.clientId,
      response_type: "code",
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: "S256",
      expiration: "60",
    })
    const code = new URL(submitted.headers.get("location") ?? "").searchParams.get("code") ?? ""
    const first = await exchange({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    })
    expect(first.refresh_token_expires_in).toBeLessThanOrEqual(3600)
    const refreshed = await exchange({ grant_type: "refresh_token", refresh_token: first.refresh_token })
    expect(refreshed.access_token).toBeTypeOf("string")
    expect(refreshed.refresh_token).toBeUndefined()
    const exchanged = await exchange({
      grant_type: "exchange_refresh_token",
      refresh_token: first.refresh_token,
      redirect_uri: redirectUri,
    })
    expect(exchanged.refresh_token).toBeTypeOf("string")
    expect(exchanged.refresh_token_expires_in).toBeLessThanOrEqual(first.refresh_token_expires_in)
    expect((await api.json("community/self", { token: refreshed.access_token })).error.code).toBe(498)
    expect((await exchange({ grant_type: "refresh_token", refresh_token: first.refresh_token })).error).toMatchObject({
      code: 498,
      error: "invalid_request",
    })
    expect((await api.json("community/self", { token: exchanged.access_token })).username).toBe("publisher_one")
    expect(
      await api.json("oauth2/revokeToken", {
        params: {
          client_id: emulator.app.clientId,
          auth_token: exchanged.refresh_token,
          token_type_hint: "refresh_token",
        },
      }),
    ).toEqual({ success: true })
    expect((await api.json("community/self", { token: exchanged.access_token })).error.code).toBe(498)
    expect(
      await api.json("oauth2/revokeToken", {
        params: { client_id: emulator.app.clientId, auth_token: "never-issued" },
      }),
    ).toEqual({ success: true })
    expect(
      (await api.json("oauth2/revokeToken", { params: { client_id: "bogus", auth_token: "x" } })).error.message,
    ).toBe("Invalid client_id")
  })

  it("implicit grant puts the token in the fragment; bad password re-renders; cancel redirects with access_denied", async () => {
    const implicit = await signInThroughPage({
      client_id: emulator.app.clientId,
      response_type: "token",
      redirect_uri: redirectUri,
      state: "s",
    })
    const fragment = new URLSearchParams(new URL(implicit.submitted.headers.get("location") ?? "").hash.slice(1))
    expect(fragment.get("username")).toBe("publisher_one")
    expect((await api.json("community/self", { token: fragment.get("access_token") ?? "" })).username).toBe(
      "publisher_one",
    )
    const wrong = await signInThroughPage(
      { client_id: emulator.app.clientId, response_type: "code", redirect_uri: redirectUri },
      { username: "publisher_one", password: "nope" },
    )
    expect(wrong.submitted.status).toBe(200)
    expect(await wrong.submitted.text()).toContain("Invalid username or password.")
    const cancelled = await signInThroughPage(
      { client_id: emulator.app.clientId, response_type: "code", redirect_uri: redirectUri },
      emulator.accounts.publisher,
      "cancel",
    )
    expect(new URL(cancelled.submitted.headers.get("location") ?? "").searchParams.get("error")).toBe("access_denied")
  })

  it("unknown apps and unregistered redirect URIs never redirect", async () => {
    expect(
      (
        await fetch(
          `${emulator.restUrl}/oauth2/authorize?client_id=bogus&response_type=code&redirect_uri=${encodeURIComponent(redirectUri)}`,
        )
      ).status,
    ).toBe(400)
    const evil = await fetch(
      `${emulator.restUrl}/oauth2/authorize?client_id=${emulator.app.clientId}&response_type=code&redirect_uri=${encodeURIComponent("https://evil.example/cb")}`,
      { redirect: "manual" },
    )
    expect(evil.status).toBe(400)
  })
})

describe("PKI: client certificates over mutual TLS", () => {
  let emulator: EmulatorHandle
  let pki: Certificates.TestPki
  beforeAll(async () => {
    pki = await Certificates.createTestPki({ usernames: ["publisher_one", "nobody_in_portal"] })
    emulator = await startEmulator({
      tls: {
        key: pki.server.key,
        cert: pki.server.cert,
        ca: pki.ca.cert,
        requireClientCertificate: true,
        hostname: "localhost",
      },
    })
  })
  afterAll(async () => {
    await emulator.stop()
  })

  const get = (path: string, certificate: Certificates.KeyPair | undefined, method = "GET", body?: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${emulator.restUrl}/${path}`)
      const request = httpsRequest(
        url,
        {
          method,
          ca: pki.ca.cert,
          ...(certificate === undefined ? {} : { cert: certificate.cert, key: certificate.key }),
          headers: body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" },
        },
        (response) => {
          let text = ""
          response.on("data", (chunk) => {
            text += chunk
          })
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }))
        },
      )
      request.on("error", reject)
      request.end(body)
    })

  it("a trusted certificate identifies the user: no token, and generateToken needs no password", async () => {
    expect(emulator.url.startsWith("https://localhost:")).toBe(true)
    const self = JSON.parse((await get("community/self?f=json", pki.clients.publisher_one)).body) as Json
    expect(self.username).toBe("publisher_one")
    const token = JSON.parse(
      (await get("generateToken", pki.clients.publisher_one, "POST", "f=json&client=referer&referer=pki")).body,
    ) as Json
    expect(token.token).toBeTypeOf("string")
  })

  it("a certificate for no portal user authenticates nobody", async () => {
    const self = JSON.parse((await get("community/self?f=json", pki.clients.nobody_in_portal)).body) as Json
    expect(self.error.code).toBe(499)
  })

  it("no certificate, or one from an untrusted CA, cannot even connect", async () => {
    await expect(get("community/self?f=json", undefined)).rejects.toThrow()
    await expect(get("community/self?f=json", pki.untrusted)).rejects.toThrow()
  })
})
