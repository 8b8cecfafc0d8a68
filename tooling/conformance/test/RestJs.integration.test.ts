/**
 * Esri's own client (`@esri/arcgis-rest-request` + `@esri/arcgis-rest-portal`) against a started emulator:
 * if rest-js accepts the emulator's answers, and reads its errors as the same codes, the emulator speaks
 * the real wire format.
 */
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { getSelf, getUser } from "@esri/arcgis-rest-portal"
import {
  ApiKeyManager,
  ApplicationCredentialsManager,
  ArcGISAuthError,
  ArcGISIdentityManager,
  ArcGISRequestError,
  ArcGISTokenRequestError,
  request,
} from "@esri/arcgis-rest-request"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator?.stop()
})

/** What the emulator itself answers for the same call, read with plain fetch. */
const raw = async (path: string, params: Record<string, string>): Promise<{ error?: { code: number } }> => {
  const response = await fetch(`${emulator.restUrl}/${path}`, {
    method: "POST",
    body: new URLSearchParams({ f: "json", ...params }),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as { error?: { code: number } }
}

/** Runs `call`, which must fail, and returns its error. */
const failure = async (call: () => Promise<unknown>): Promise<unknown> => {
  try {
    await call()
  } catch (error) {
    return error
  }
  throw new Error("expected the call to fail")
}

const signIn = (account: { username: string; password: string }) =>
  ArcGISIdentityManager.signIn({ username: account.username, password: account.password, portal: emulator.restUrl })

describe("rest-js against the emulator: sign-in and reads", () => {
  it("ArcGISIdentityManager.signIn (generateToken) works for every seeded account", async () => {
    for (const account of Object.values(emulator.accounts)) {
      const session = await signIn(account)
      expect(session.username).toBe(account.username)
      const token = await session.getToken(emulator.restUrl)
      expect(token).toBeTypeOf("string")
      expect(token.length).toBeGreaterThan(10)
      expect(session.tokenExpires.getTime()).toBeGreaterThan(Date.now())
    }
  })

  it("getSelf returns the org and the signed-in user", async () => {
    const session = await signIn(emulator.accounts.publisher)
    const self = await getSelf({ authentication: session })
    expect(self.name).toBe("Emulated Portal")
    expect(self.id).toMatch(/^[A-Za-z0-9]{16}$/)
    expect(self.isPortal).toBe(true)
    expect(self.user?.username).toBe("publisher_one")
    expect(self.user?.role).toBe("org_publisher")
  })

  it("getSelf without authentication returns public properties and no user", async () => {
    const self = await getSelf({ portal: emulator.restUrl })
    expect(self.name).toBe("Emulated Portal")
    expect(self.user).toBeUndefined()
  })

  it("getUser reads the caller and another org member", async () => {
    const session = await signIn(emulator.accounts.user)
    const me = await session.getUser()
    expect(me.username).toBe("user_one")
    expect(me.role).toBe("org_user")
    const other = await getUser({ username: "publisher_one", authentication: session })
    expect(other.username).toBe("publisher_one")
  })

  it("an API key works as a token for its user", async () => {
    const self = await getSelf({ authentication: ApiKeyManager.fromKey(emulator.apiKey), portal: emulator.restUrl })
    expect(self.user?.username).toBe("publisher_one")
  })

  it("ApplicationCredentialsManager (oauth2/token, client_credentials) gets an app token", async () => {
    const manager = ApplicationCredentialsManager.fromCredentials({
      clientId: emulator.app.clientId,
      clientSecret: emulator.app.clientSecret,
      portal: emulator.restUrl,
    })
    const token = await manager.getToken(emulator.restUrl)
    expect(token).toBeTypeOf("string")
    expect(token.length).toBeGreaterThan(10)
    const root = await request(emulator.restUrl, { authentication: manager })
    expect(root.currentVersion).toBeTypeOf("string")
  })
})

describe("rest-js against the emulator: errors carry the emulator's codes", () => {
  it("a bad password: generateToken is an ArcGISRequestError with code 400, signIn a token-request failure", async () => {
    const params = { username: "user_one", password: "wrong", client: "referer", referer: "x" }
    const answered = await raw("generateToken", params)
    expect(answered.error?.code).toBe(400)
    const direct = await failure(() =>
      request(`${emulator.restUrl}/generateToken`, { params: { f: "json", ...params } }),
    )
    expect(direct).toBeInstanceOf(ArcGISRequestError)
    expect((direct as ArcGISRequestError).code).toBe(answered.error?.code)
    expect((direct as ArcGISRequestError).originalMessage).toBe("Unable to generate token.")
    expect((direct as ArcGISRequestError).response).toEqual(answered)
    // signIn wraps the same answer in its own error type.
    const error = await failure(() => signIn({ username: "user_one", password: "wrong" }))
    expect(error).toBeInstanceOf(ArcGISTokenRequestError)
    expect((error as ArcGISTokenRequestError).code).toBe("TOKEN_REFRESH_FAILED")
    expect((error as ArcGISTokenRequestError).message).toBe("TOKEN_REFRESH_FAILED: 400: Unable to generate token.")
    expect((error as ArcGISTokenRequestError).response).toEqual(answered)
  })

  it("getUser of a missing user is an ArcGISRequestError with the emulator's messageCode", async () => {
    const session = await signIn(emulator.accounts.admin)
    const token = await session.getToken(emulator.restUrl)
    const answered = (await raw("community/users/no_such_user", { token })) as {
      error?: { code: number; messageCode?: string; message: string }
    }
    expect(answered.error?.code).toBe(400)
    const error = await failure(() => getUser({ username: "no_such_user", authentication: session }))
    expect(error).toBeInstanceOf(ArcGISRequestError)
    expect(error).not.toBeInstanceOf(ArcGISAuthError)
    // rest-js reports messageCode when there is one, else the numeric code.
    expect((error as ArcGISRequestError).code).toBe(answered.error?.messageCode ?? answered.error?.code)
    expect((error as ArcGISRequestError).originalMessage).toBe(answered.error?.message)
  })

  it("an invalid token is an ArcGISAuthError with code 498", async () => {
    const answered = await raw("community/self", { token: "not-a-token" })
    expect(answered.error?.code).toBe(498)
    const error = await failure(() =>
      request(`${emulator.restUrl}/community/self`, { params: { f: "json", token: "not-a-token" } }),
    )
    expect(error).toBeInstanceOf(ArcGISAuthError)
    expect((error as ArcGISAuthError).code).toBe(498)
  })

  it("a secured call without a token is an ArcGISAuthError (499, messageCode GWM_0003)", async () => {
    const error = await failure(() => request(`${emulator.restUrl}/community/self`))
    expect(error).toBeInstanceOf(ArcGISAuthError)
    expect((error as ArcGISAuthError).code).toBe("GWM_0003")
    expect((error as ArcGISAuthError).response).toMatchObject({ error: { code: 499 } })
  })

  it("a bad OAuth client secret is refused", async () => {
    const manager = ApplicationCredentialsManager.fromCredentials({
      clientId: emulator.app.clientId,
      clientSecret: "wrong-secret",
      portal: emulator.restUrl,
    })
    const error = await failure(() => manager.getToken(emulator.restUrl))
    expect(error).toBeInstanceOf(ArcGISTokenRequestError)
    expect((error as ArcGISTokenRequestError).code).toBe("TOKEN_REFRESH_FAILED")
    expect((error as ArcGISTokenRequestError).response).toMatchObject({ error: { code: 400 } })
  })
})
