/**
 * Resources and datastores chapters: two resources attached to an app item, listed and fetched;
 * and a folder registered as a data store on the hosting server (as an administrator), validated,
 * with its reference count, then unregistered. Everything goes in the ledger.
 */
import { mkdtemp, rm, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { GIS } from "@arcgis-portal/gis"
import type { GIS as NodeGIS } from "@arcgis-portal/gis/node"
import type { Ledger } from "./Ledger.ts"

export interface ResourcesTourResult {
  readonly itemId: string
  readonly listed: ReadonlyArray<string>
  readonly config: unknown
  readonly logoBytes: number
}

export const resourcesTour = async (options: {
  readonly gis: NodeGIS
  readonly ledger: Ledger
  readonly log: (line: string) => void
}): Promise<ResourcesTourResult> => {
  const { gis, ledger, log } = options
  const app = await gis.content.add(
    { title: `Demo app ${Date.now().toString(36)}`, type: "Web Mapping Application", tags: ["demo"] },
    { data: { text: { values: { title: "Demo" } } } },
  )
  ledger.created("item (app)", app.title, () => app.delete())
  await app.resources.add({
    text: JSON.stringify({ theme: "dark", zoom: 12 }),
    fileName: "config.json",
    folderName: "app",
  })
  ledger.created("resource", "app/config.json", () => app.resources.remove({ file: "app/config.json" }))
  await app.resources.add({
    file: new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], "logo.svg"),
    folderName: "images",
  })
  ledger.created("resource", "images/logo.svg", () => app.resources.remove({ file: "images/logo.svg" }))
  const listed = (await app.resources.list()).map((entry) => entry.resource)
  log(`Attached two resources to "${app.title}": ${JSON.stringify(listed)}`)

  const config = await app.resources.get("app/config.json")
  // With an output folder a resource is always written to a file (the answer is its path).
  const folder = await mkdtemp(join(tmpdir(), "arcgis-portal-demo-"))
  ledger.created("download (local)", folder, async () => {
    await rm(folder, { recursive: true, force: true })
    return true
  })
  const logoPath = await app.resources.get("images/logo.svg", { tryJson: false, outFolder: folder })
  const logoBytes = (await stat(String(logoPath))).size
  log(`Fetched app/config.json → ${JSON.stringify(config)}; images/logo.svg → ${logoBytes} bytes`)
  return { itemId: app.id, listed, config, logoBytes }
}

export interface DatastoreTourResult {
  readonly path: string
  readonly valid: boolean
  readonly refCount: number
}

export const datastoreTour = async (options: {
  /** An administrator's connection. */
  readonly gis: GIS
  /** A folder on the server's machine. */
  readonly serverPath: string
  readonly ledger: Ledger
  readonly log: (line: string) => void
}): Promise<DatastoreTourResult> => {
  const { ledger, log } = options
  const datastores = options.gis.datastores()
  const before = await datastores.search()
  log(`Hosting server: ${before.length} data item(s) registered`)
  const name = `demo_${Date.now().toString(36).slice(-6)}`
  const registered = await datastores.addFolder({ name, serverPath: options.serverPath })
  const entry = ledger.created(
    "data store",
    registered.path,
    async () => {
      const item = await datastores.get(registered.path)
      return item === undefined ? "already gone" : item.delete()
    },
    "unregistered",
  )
  log(`Registered folder data store ${registered.path} → ${options.serverPath} (${registered.type})`)
  const item = await datastores.get(registered.path)
  const valid = item === undefined ? false : await item.validate()
  log(`Validated it: ${valid ? "valid" : "NOT valid"}`)
  const refCount = item === undefined ? -1 : await item.refCount()
  log(`Reference count: ${refCount}`)
  log((await ledger.release(entry)) ? "Unregistered it again" : "Could NOT unregister it (the tour retries at the end)")
  return { path: registered.path, valid, refCount }
}
