import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { open } from "../src/CommonSchema.ts"
import * as Portal from "../src/Portal.ts"
import * as Transport from "../src/Transport.ts"
import { SignIn } from "../src/testing/index.ts"

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator({ tokenTtlSeconds: 2 })
})
afterAll(async () => {
  await emulator.stop()
})

/** generateToken as `account`; `trustExpiry: false` ignores the expiry so only a 498 triggers renewal. */
const signIn = (account: SignIn.Account, trustExpiry = true) =>
  SignIn.generateToken(account, { referer: "core-tests", trustExpiry })

const Self = open({ name: Schema.String, user: Schema.optional(open({ username: Schema.String })) })

const self = Effect.gen(function* () {
  const transport = yield* Transport.Transport
  return yield* transport.decode({ operation: "Test.self", method: "GET", path: "portals/self" }, Self)
})

const tokenRequests = () => emulator.requestLog().filter((entry) => entry.path.endsWith("/generateToken")).length
const sleep = (ms: number) => Effect.promise(() => new Promise((resolve) => setTimeout(resolve, ms)))

describe("core against the emulator", () => {
  it.live("signs in and reads portals/self with the user", () =>
    Effect.gen(function* () {
      const result = yield* self.pipe(
        Effect.provide(Portal.layer({ url: emulator.url, auth: signIn(emulator.accounts.publisher) })),
      )
      expect(result.name).toBe("Emulated Portal")
      expect(result.user?.username).toBe("publisher_one")
    }),
  )

  it.live("a portal error comes back typed, with the portal's code and message", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Effect.gen(function* () {
          const transport = yield* Transport.Transport
          return yield* transport.json({ operation: "Test.user", method: "GET", path: "community/users/nobody_at_all" })
        }).pipe(Effect.provide(Portal.layer({ url: `${emulator.url}/home/`, auth: signIn(emulator.accounts.user) }))),
      )
      expect(error._tag === "PortalError" && [error.code, error.message]).toEqual([
        400,
        "User does not exist or is inaccessible.",
      ])
      expect(error._tag === "PortalError" && error.request.path).toBe(
        "/portal/sharing/rest/community/users/nobody_at_all",
      )
    }),
  )

  it.live("tokens really expire: 24 concurrent calls after expiry cause exactly one refresh", () =>
    Effect.gen(function* () {
      yield* Effect.gen(function* () {
        yield* self
        emulator.clearRequestLog()
        yield* sleep(2_100)
        const started = Date.now()
        const results = yield* Effect.all(
          Array.from({ length: 24 }, () => self),
          { concurrency: "unbounded" },
        )
        // One renewal per 2-second token lifetime the 24 calls span: exactly one on an idle machine; with busy CPUs
        // they can outlive the new token too. 24 callers renewing on their own would be far more.
        const lifetimes = Math.max(1, Math.ceil((Date.now() - started) / 1_800))
        expect(results.every((result) => result.user?.username === "user_one")).toBe(true)
        expect(tokenRequests()).toBeGreaterThanOrEqual(1)
        expect(tokenRequests()).toBeLessThanOrEqual(lifetimes)
      }).pipe(Effect.provide(Portal.layer({ url: emulator.url, auth: signIn(emulator.accounts.user) })))
    }),
  )

  it.live("a token the portal rejects (498) is renewed once, by one request, for 24 concurrent callers", () =>
    Effect.gen(function* () {
      yield* Effect.gen(function* () {
        yield* self
        emulator.clearRequestLog()
        yield* sleep(2_100)
        const started = Date.now()
        const results = yield* Effect.all(
          Array.from({ length: 24 }, () => self),
          { concurrency: "unbounded" },
        )
        // One renewal per 2-second token lifetime the 24 calls span: exactly one on an idle machine; with busy CPUs
        // they can outlive the new token too. 24 callers renewing on their own would be far more.
        const lifetimes = Math.max(1, Math.ceil((Date.now() - started) / 1_800))
        expect(results.every((result) => result.user?.username === "viewer_one")).toBe(true)
        expect(tokenRequests()).toBeGreaterThanOrEqual(1)
        expect(tokenRequests()).toBeLessThanOrEqual(lifetimes)
        expect(emulator.requestLog().filter((entry) => entry.errorCode === 498).length).toBeGreaterThan(0)
      }).pipe(Effect.provide(Portal.layer({ url: emulator.url, auth: signIn(emulator.accounts.viewer, false) })))
    }),
  )
})
