/**
 * Datastores and resources chapters: a folder registered as a data store on the federated server,
 * validated, with its reference count; and two resources attached to an item, listed and fetched.
 */
import { Content, type Job } from "@arcgis-portal/content"
import type { PortalError } from "@arcgis-portal/core"
import { Datastore, type DatastoreError, Datastores } from "@arcgis-portal/datastores"
import { Resources } from "@arcgis-portal/resources"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

export interface DatastoreTourResult {
  readonly path: string
  readonly valid: boolean
  readonly refCount: number
}

export const datastoreTour = (options: {
  readonly serverPath: string
  readonly log: (line: string) => void
}): Effect.Effect<DatastoreTourResult, DatastoreError.DatastoresFailure, Datastores.Datastores | Datastore.Datastore> =>
  Effect.gen(function* () {
    const datastores = yield* Datastores.Datastores
    const datastore = yield* Datastore.Datastore
    const server = yield* datastores.server()
    options.log(`Federated server: ${server.serverUrl} (${server.server?.serverRole ?? "server"})`)
    const name = `demo_${Date.now().toString(36).slice(-6)}`
    const registered = yield* datastores.addFolder(name, options.serverPath)
    options.log(`Registered folder data store ${registered.path} → ${options.serverPath} (${registered.status})`)
    const item = yield* datastores.get(registered.path)
    const valid = item === undefined ? false : yield* datastore.validate(item)
    options.log(`Validated it: ${valid ? "valid" : "NOT valid"}`)
    const refCount = item === undefined ? -1 : yield* datastore.refCount(item)
    options.log(`Reference count: ${refCount}`)
    if (item !== undefined) yield* datastore.delete(item)
    options.log("Unregistered it again")
    return { path: registered.path, valid, refCount }
  })

export interface ResourcesTourResult {
  readonly itemId: string
  readonly listed: ReadonlyArray<string>
  readonly config: unknown
  readonly logoBytes: number
}

export const resourcesTour = (options: {
  readonly log: (line: string) => void
}): Effect.Effect<
  ResourcesTourResult,
  PortalError.PortalFailure | Job.JobFailed,
  Content.Content | Resources.Resources
> =>
  Effect.gen(function* () {
    const content = yield* Content.Content
    const resources = yield* Resources.Resources
    const app = yield* content.add({
      properties: { title: `Demo app ${Date.now().toString(36)}`, type: "Web Mapping Application", tags: ["demo"] },
      data: { text: { values: { title: "Demo" } } },
    })
    const manager = resources.forItem(app)
    yield* manager.add({
      text: JSON.stringify({ theme: "dark", zoom: 12 }),
      fileName: "config.json",
      folderName: "app",
    })
    yield* manager.add({
      file: new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], "logo.svg"),
      folderName: "images",
    })
    const listed = (yield* manager.list()).map((entry) => entry.resource)
    options.log(`Attached two resources to "${app.title}": ${JSON.stringify(listed)}`)
    const config = yield* manager.get("app/config.json")
    const logo = yield* manager.get("images/logo.svg", { tryJson: false })
    let logoBytes = 0
    if (logo._tag === "Bytes") {
      yield* Stream.runForEach(logo.response.stream, (chunk) =>
        Effect.sync(() => {
          logoBytes += chunk.byteLength
        }),
      )
    } else if (logo._tag === "Text") logoBytes = new TextEncoder().encode(logo.text).byteLength
    options.log(
      `Fetched app/config.json → ${JSON.stringify(config._tag === "Json" ? config.value : config)}; images/logo.svg → ${logoBytes} bytes`,
    )
    yield* manager.remove({ deleteAll: true })
    return { itemId: app.id, listed, config: config._tag === "Json" ? config.value : undefined, logoBytes }
  })
