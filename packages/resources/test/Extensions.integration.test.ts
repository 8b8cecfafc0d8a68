/**
 * The resource file extensions: the SDK's list (checked before anything is sent) and the emulator's independent copy
 * (it depends on no SDK package) must agree — the same set, every listed extension accepted end to end, and one
 * outside the list (`csv`, which neither the current documentation, the Enterprise additions nor the Python module
 * allow) refused by both, the emulator with the portal's CONT_0093.
 */

import { Portal, Transport } from "@arcgis-portal/core"
import { SignIn } from "@arcgis-portal/core/testing"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { allowedResourceExtensions } from "@arcgis-portal/emulator/testing"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { Resources } from "../src/index.ts"

let emulator: EmulatorHandle
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

const publisher = () =>
  Resources.layer().pipe(
    Layer.provideMerge(
      Portal.layer({ url: emulator.url, auth: SignIn.generateToken(emulator.accounts.publisher, { referer: "ext" }) }),
    ),
  )

const newItem = Effect.gen(function* () {
  const transport = yield* Transport.Transport
  const created = yield* transport.decode(
    {
      operation: "Test.addItem",
      method: "POST",
      path: `content/users/${emulator.accounts.publisher.username}/addItem`,
      params: { title: "Extensions test map", type: "Web Map", tags: "test", text: { operationalLayers: [] } },
    },
    Schema.Struct({ id: Schema.String }),
  )
  return { id: created.id, owner: emulator.accounts.publisher.username }
})

describe("resource extensions: the SDK and the emulator agree", () => {
  it("the same set", () => {
    expect([...allowedResourceExtensions].sort()).toEqual([...Resources.defaultAllowedExtensions].sort())
  })

  it.live("every listed extension is accepted end to end", () =>
    Effect.gen(function* () {
      const item = yield* newItem
      const resources = yield* Resources.Resources
      for (const extension of Resources.defaultAllowedExtensions) {
        const added = yield* resources.add(item, {
          file: new File([new Uint8Array([1, 2, 3])], `file.${extension}`),
          folderName: "ext",
        })
        expect(added.success, extension).toBe(true)
      }
      expect((yield* resources.list(item)).length).toBe(Resources.defaultAllowedExtensions.length)
    }).pipe(Effect.provide(publisher())),
  )

  it.live("csv is refused by the SDK before sending, and by the emulator on the wire with CONT_0093", () =>
    Effect.gen(function* () {
      const item = yield* newItem
      const resources = yield* Resources.Resources
      const refused = yield* Effect.flip(resources.add(item, { text: "a,b\n1,2\n", fileName: "table.csv" }))
      expect(refused._tag).toBe("InvalidInput")
      const transport = yield* Transport.Transport
      const wire = yield* Effect.flip(
        transport.json({
          operation: "Test.addResources",
          method: "POST",
          path: `content/users/${item.owner}/items/${item.id}/addResources`,
          params: { text: "a,b\n1,2\n", fileName: "table.csv" },
        }),
      )
      expect(wire).toMatchObject({ _tag: "PortalError", messageCode: "CONT_0093" })
    }).pipe(Effect.provide(publisher())),
  )
})
