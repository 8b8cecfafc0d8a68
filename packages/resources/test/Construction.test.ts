/**
 * The ways to build the service send the same requests: `layer` (core's `ServiceContext` captured from
 * `Portal.layer`), `fromContext` over a context, and the deprecated `fromTransport` over a bare Transport.
 */
import { ServiceContext, Transport } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Resources } from "../src/index.ts"
import { itemId, scripted, token } from "./helpers.ts"

const page = { total: 1, start: 1, num: 1, nextStart: -1, resources: [{ resource: "a.json", size: 2, created: 1 }] }

describe("building the service", () => {
  it.effect("layer, fromContext and fromTransport (deprecated) list the same resources with the same request", () =>
    Effect.gen(function* () {
      const portal = scripted({ [`content/items/${itemId}/resources`]: { json: page } })
      const lists = yield* Effect.gen(function* () {
        const fromLayer = yield* (yield* Resources.Resources).list(itemId)
        const fromContext = yield* Resources.fromContext(yield* ServiceContext.capture).list(itemId)
        const fromTransport = yield* Resources.fromTransport(yield* Transport.Transport).list(itemId)
        return [fromLayer, fromContext, fromTransport]
      }).pipe(Effect.provide(portal.layer))
      for (const list of lists) expect(list.map((entry) => entry.resource)).toEqual(["a.json"])
      const requests = portal.to(`content/items/${itemId}/resources`)
      expect(requests).toHaveLength(3)
      for (const request of requests) {
        expect(request.url.searchParams.get("num")).toBe("1000")
        expect(ScriptedFetch.tokenOf(request)).toBe(token)
      }
    }),
  )

  it.effect("fromContext and fromTransport keep the limits they are given", () =>
    Effect.gen(function* () {
      const portal = scripted({})
      const errors = yield* Effect.gen(function* () {
        const big = { text: "0123456789", fileName: "a.txt" }
        const item = { id: itemId, owner: "publisher_one" }
        return [
          yield* Effect.flip(Resources.fromContext(yield* ServiceContext.capture, { maxFileSize: 5 }).add(item, big)),
          yield* Effect.flip(Resources.fromTransport(yield* Transport.Transport, { maxFileSize: 5 }).add(item, big)),
        ]
      }).pipe(Effect.provide(portal.layer))
      for (const error of errors) expect(error).toMatchObject({ _tag: "InvalidInput", operation: "Resources.add" })
      expect(portal.requests).toHaveLength(0)
    }),
  )
})
