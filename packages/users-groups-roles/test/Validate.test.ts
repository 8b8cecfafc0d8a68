/** Usernames and group ids are refused before any request: empty, NUL, `/`, `..`, more than 128 characters. */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Groups from "../src/Groups.ts"
import * as Users from "../src/Users.ts"
import { calls, scriptedPortal, servicesLayer } from "./helpers.ts"

const refused = <A, E>(use: Effect.Effect<A, E, Users.Users | Groups.Groups>) =>
  Effect.gen(function* () {
    // Anything that does reach the portal is answered at once (nothing malformed should).
    const scripted = scriptedPortal((_, route) =>
      route === "portals/self" ? undefined : { json: { error: { code: 400, message: "Refused.", details: [] } } },
    )
    const exit = yield* Effect.exit(use.pipe(Effect.provide(servicesLayer(scripted))))
    return { exit, requests: calls(scripted) }
  })

describe("usernames and group ids", () => {
  // One rule with content's owners (core's CommonSchema.isUsername): a space or a non-ASCII letter is refused too.
  for (const username of [
    "",
    " ",
    "a\0b",
    "../x",
    "a/b",
    "a\\b",
    "..",
    "a b",
    "jos\u00e9",
    "x".repeat(129),
    "x".repeat(100_000),
  ]) {
    it.effect(`Users.get(${JSON.stringify(username.slice(0, 12))}) is InvalidInput, nothing sent`, () =>
      Effect.gen(function* () {
        const { exit, requests } = yield* refused(Effect.flatMap(Users.Users, (users) => users.get(username)))
        expect(Exit.isFailure(exit) && exit.cause.toString()).toContain("InvalidInput")
        expect(requests).toHaveLength(0)
      }),
    )
  }
  it.effect("a 128-character username is still sent", () =>
    Effect.gen(function* () {
      const { requests } = yield* refused(Effect.flatMap(Users.Users, (users) => users.get("u".repeat(128))))
      expect(requests).toHaveLength(1)
    }),
  )
  for (const id of ["", "a\0b", "g".repeat(32), "0123456789ABCDEF0123456789ABCDEF", "x".repeat(100_000)]) {
    it.effect(`Groups.get(${JSON.stringify(id.slice(0, 12))}) is InvalidInput, nothing sent`, () =>
      Effect.gen(function* () {
        const { exit, requests } = yield* refused(Effect.flatMap(Groups.Groups, (groups) => groups.get(id)))
        expect(Exit.isFailure(exit) && exit.cause.toString()).toContain("InvalidInput")
        expect(requests).toHaveLength(0)
      }),
    )
  }
})
