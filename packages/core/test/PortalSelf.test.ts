import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as PortalSelf from "../src/PortalSelf.ts"
import * as Transport from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { layerFor } from "./helpers.ts"

describe("PortalSelf.cached", () => {
  it.effect("reads portals/self once; a failed read is not kept", () => {
    const scripted = ScriptedFetch.make((_, index) =>
      index === 0
        ? { json: { error: { code: 400, messageCode: "GWM_0000", message: "Unable to read.", details: [] } } }
        : { json: { id: "org1", isPortal: false, name: "Org", user: { username: "me" } } },
    )
    return Effect.gen(function* () {
      const self = PortalSelf.cached(yield* Transport.Transport)
      const failed = yield* Effect.flip(self("Test.self"))
      expect(failed).toMatchObject({ _tag: "PortalError", messageCode: "GWM_0000", operation: "Test.self" })
      const first = yield* self("Test.self")
      const second = yield* self("Test.self")
      expect(first).toMatchObject({ id: "org1", name: "Org", user: { username: "me" } })
      expect(second).toBe(first)
      expect(scripted.requests.map((request) => ScriptedFetch.route(request))).toEqual(["portals/self", "portals/self"])
    }).pipe(Effect.provide(layerFor(scripted)))
  })
})
