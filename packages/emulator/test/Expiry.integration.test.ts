import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client } from "./helpers.ts"

let emulator: EmulatorHandle
let http: ReturnType<typeof client>

beforeAll(async () => {
  emulator = await startEmulator({ tokenTtlSeconds: 1 })
  http = client(emulator)
})
afterAll(async () => {
  await emulator.stop()
})

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

describe("token expiry (tokenTtlSeconds)", () => {
  it("a token works until it expires, then answers 498 Invalid token.", async () => {
    const issued = await http.json("generateToken", {
      params: { ...emulator.accounts.user, expiration: "60", client: "referer", referer: "test" },
    })
    expect(issued.expires).toBeTypeOf("number")
    // capped by tokenTtlSeconds, whatever the caller asked for
    expect(issued.expires - Date.now()).toBeLessThanOrEqual(1_000)
    const token = issued.token as string
    expect((await http.json("community/self", { token })).username).toBe("user_one")
    await sleep(1_200)
    expect(await http.json("community/self", { token })).toEqual({
      error: { code: 498, message: "Invalid token.", details: [] },
    })
    // anonymous reads still work; the expired token is not silently ignored
    expect((await http.json("portals/self", { method: "GET" })).user).toBeUndefined()
    expect((await http.json("portals/self", { method: "GET", token })).error.code).toBe(498)
  })

  it("client_credentials app tokens are capped the same way", async () => {
    const issued = await http.json("oauth2/token", {
      params: {
        client_id: emulator.app.clientId,
        client_secret: emulator.app.clientSecret,
        grant_type: "client_credentials",
        expiration: "120",
      },
    })
    expect(issued.expires_in).toBeLessThanOrEqual(1)
  })
})

describe("the slow fault", () => {
  it("delays the answer by slowMs, then answers normally; deterministic and switchable", async () => {
    emulator.setFaults({ rate: 1, kinds: ["slow"], seed: 7, slowMs: 1_500 })
    // A client that gives up long before slowMs sees no answer...
    await expect(fetch(`${emulator.restUrl}/?f=json`, { signal: AbortSignal.timeout(150) })).rejects.toThrow()
    emulator.setFaults({ rate: 1, kinds: ["slow"], seed: 7, slowMs: 50 })
    // ...and a patient one gets the ordinary answer.
    const slow = await fetch(`${emulator.restUrl}/?f=json`)
    expect(slow.status).toBe(200)
    expect(((await slow.json()) as { currentVersion?: string }).currentVersion).toBeTypeOf("string")
    emulator.setFaults(undefined)
    const fast = await fetch(`${emulator.restUrl}/?f=json`)
    expect(((await fast.json()) as { currentVersion?: string }).currentVersion).toBeTypeOf("string")
  })
})

describe("configured API keys", () => {
  it("an API key given at start acts as its user", async () => {
    const emulator = await startEmulator({
      apiKeys: [{ key: "AAPK-configured-test-key-0123456789", username: "user_one" }],
    })
    try {
      const response = await fetch(`${emulator.restUrl}/community/self?f=json`, {
        headers: { "X-Esri-Authorization": "Bearer AAPK-configured-test-key-0123456789" },
      })
      expect(((await response.json()) as { username: string }).username).toBe("user_one")
    } finally {
      await emulator.stop()
    }
  })
})
