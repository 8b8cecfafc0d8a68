import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { NodeResources } from "../../src/node/index.ts"
import { item, itemId, operationResult, ownerPath, scripted } from "../helpers.ts"

const withDir = <A, E, R>(use: (dir: string) => Effect.Effect<A, E, R>) =>
  Effect.acquireUseRelease(
    Effect.promise(() => mkdtemp(join(tmpdir(), "resources-test-"))),
    use,
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true })),
  )

describe("NodeResources", () => {
  it.live("download writes the resource to outFolder/outFileName and returns the path", () =>
    withDir((dir) =>
      Effect.gen(function* () {
        const portal = scripted({
          [`content/items/${itemId}/resources/images/banner.png`]: {
            body: new Uint8Array([1, 2, 3]),
            headers: { "content-type": "image/png" },
          },
        })
        const [named, renamed] = yield* Effect.all([
          NodeResources.download(item, "images/banner.png", { outFolder: dir }),
          NodeResources.download(item, "images/banner.png", { outFolder: dir, outFileName: "copy.png" }),
        ]).pipe(Effect.provide(portal.layer))
        expect(named).toBe(join(dir, "banner.png"))
        expect(renamed).toBe(join(dir, "copy.png"))
        expect(Array.from(yield* Effect.promise(() => readFile(named)))).toEqual([1, 2, 3])
      }),
    ),
  )

  it.live("a failed download leaves no file; an unsafe outFileName is refused before sending", () =>
    withDir((dir) =>
      Effect.gen(function* () {
        const portal = scripted({
          [`content/items/${itemId}/resources/gone.png`]: {
            json: { error: { code: 404, message: "Resource does not exist or is inaccessible.", details: [] } },
          },
        })
        const missing = yield* Effect.flip(
          NodeResources.download(item, "gone.png", { outFolder: dir }).pipe(Effect.provide(portal.layer)),
        )
        expect(missing._tag).toBe("PortalError")
        const unsafe = yield* Effect.flip(
          NodeResources.download(item, "gone.png", { outFolder: dir, outFileName: "../escape.png" }).pipe(
            Effect.provide(portal.layer),
          ),
        )
        expect(unsafe._tag).toBe("InvalidInput")
        expect(portal.requests).toHaveLength(1)
        expect(yield* Effect.promise(() => readdir(dir))).toEqual([])
      }),
    ),
  )

  it.live("addFromPath and updateFromPath send the file under its own name", () =>
    withDir((dir) =>
      Effect.gen(function* () {
        const path = join(dir, "logo.png")
        yield* Effect.promise(() => writeFile(path, new Uint8Array([9, 8, 7])))
        const portal = scripted({
          [`${ownerPath}/addResources`]: { json: operationResult },
          [`${ownerPath}/updateResources`]: { json: operationResult },
        })
        yield* Effect.all([
          NodeResources.addFromPath(item, path, { folderName: "images" }),
          NodeResources.updateFromPath(item, path, { folderName: "images", fileName: "banner.png" }),
        ]).pipe(Effect.provide(portal.layer))
        const [add, update] = portal.requests
        expect(add?.files.file?.fileName).toBe("logo.png")
        expect(Array.from(add?.files.file?.bytes ?? [])).toEqual([9, 8, 7])
        expect(add?.body).toEqual({ resourcesPrefix: "images", f: "json" })
        expect(update?.body).toEqual({ resourcesPrefix: "images", fileName: "banner.png", f: "json" })
        const refused = yield* Effect.flip(
          NodeResources.addFromPath(item, join(dir, "script.exe")).pipe(Effect.provide(portal.layer)),
        )
        expect(refused._tag).toBe("InvalidInput")
      }),
    ),
  )
})
