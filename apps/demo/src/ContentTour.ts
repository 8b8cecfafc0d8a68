/**
 * The content chapter of the tour: a folder, a file uploaded in parts with a progress bar, an
 * update, a share with a group, a search that finds it, a publish and an export with job
 * progress, and the file downloaded back and compared byte for byte. Everything it makes goes in
 * the ledger, to be deleted at the end of the tour.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { InvalidInput, type Item, JobFailed } from "@arcgis-portal/gis"
import type { GIS } from "@arcgis-portal/gis/node"
import type { Ledger } from "./Ledger.ts"
import { bar, jobProgress, type Log, progressLine, type Redraw } from "./Progress.ts"

export interface ContentTourOptions {
  readonly gis: GIS
  readonly username: string
  readonly ledger: Ledger
  readonly log: Log
  /** Redraws a progress bar in place (a terminal); without it, bars print a line per change. */
  readonly redraw?: Redraw | undefined
  /** Bytes of the demo CSV; large enough to go through the multipart upload. */
  readonly size?: number | undefined
  /** How often to ask the portal about a job, in milliseconds. */
  readonly pollMillis?: number | undefined
}

export interface ContentTourResult {
  readonly itemId: string
  /** The uploaded item (the comments-and-ratings chapter reviews it). */
  readonly item: Item
  readonly folder: string
  readonly sharedWith: ReadonlyArray<string>
  readonly found: boolean
  readonly bytesEqual: boolean
  readonly publishedItemId: string
  readonly exportedItemId: string
}

/** A CSV of stations with coordinates, `size` bytes long. */
export const demoCsv = (size: number): Uint8Array => {
  const lines = ["name,latitude,longitude,notes"]
  let length = lines[0]!.length + 1
  for (let index = 0; length < size; index++) {
    const line = `Station ${index},${(45 + (index % 100) / 1000).toFixed(3)},${(-122 - (index % 100) / 1000).toFixed(3)},${"x".repeat(40)}`
    lines.push(line)
    length += line.length + 1
  }
  return new TextEncoder().encode(`${lines.join("\n")}\n`)
}

const succeeded = new Set(["completed", "esriJobSucceeded"])
const failed = new Set(["failed", "esriJobFailed", "esriJobCancelled", "esriJobTimedOut", "cancelled"])

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

/** Deletes an item by id if it is (still) there. */
const deleteById = (gis: GIS, id: string) => async () => {
  const item = await gis.content.get(id)
  return item === undefined ? "already gone" : item.delete()
}

export const contentTour = async (options: ContentTourOptions): Promise<ContentTourResult> => {
  const { gis, ledger, log, redraw } = options
  const pollMillis = options.pollMillis ?? 150
  const stamp = Date.now().toString(36)
  const folderName = `Demo ${stamp}`
  const folder = await gis.content.createFolder(folderName)
  ledger.created("folder", folder.title, () => gis.content.deleteFolder(folder.title))
  log(`Created folder "${folder.title}"`)

  const bytes = demoCsv(options.size ?? 3 * 1024 * 1024)
  const upload = progressLine(log, redraw)
  const added = await gis.content.add(
    { title: `Demo stations ${stamp}`, type: "CSV", tags: ["demo", "stations"], snippet: "Uploaded by the demo" },
    {
      data: new File([bytes as Uint8Array<ArrayBuffer>], "stations.csv", { type: "text/csv" }),
      folder: folder.title,
      multipartThreshold: 1024 * 1024,
      partSize: 512 * 1024,
      concurrency: 3,
      onProgress: ({ bytes: done, total }) => upload(`  upload ${bar(done, total)}`),
    },
  )
  upload(`  upload ${bar(1, 1)}`, true)
  ledger.created("item (CSV)", added.title, () => added.delete())
  log(`Uploaded "${added.title}" (${bytes.byteLength} bytes in parts) → ${added.id}`)

  await added.update({
    itemProperties: { description: "Weather stations, updated by the demo", tags: ["demo", "stations", "updated"] },
  })
  log(`Updated it: tags ${JSON.stringify(added.tags)}`)

  const me = await gis.users.me()
  const groups = (me?.toJSON().groups ?? []).flatMap((group) => (typeof group.id === "string" ? [group.id] : []))
  const shared = await added.share({ groups: groups.slice(0, 1) })
  log(`Shared with a group (not shared with: ${JSON.stringify(shared.notSharedWith)})`)

  const results = await gis.content.search(`title:"Demo stations ${stamp}"`, { maxItems: 5 })
  const found = results.some((item) => item.id === added.id)
  log(`Search for it: ${found ? "found" : "NOT found"} (${results.length} result(s))`)

  // The service item exists as soon as the job starts: remember it, to delete it even if the job fails.
  let serviceId: string | undefined
  const publishProgress = jobProgress("  publish job", log, redraw)
  let published: Item
  try {
    published = await added.publish({
      publishParameters: {
        name: `demo_${stamp}`,
        locationType: "coordinates",
        latitudeFieldName: "latitude",
        longitudeFieldName: "longitude",
      },
      wait: {
        interval: pollMillis,
        onProgress: (status) => {
          serviceId ??= status.itemId
          publishProgress(status)
        },
      },
    })
  } catch (error) {
    if (serviceId !== undefined) ledger.created("item (service)", serviceId, deleteById(gis, serviceId))
    throw error
  }
  ledger.created("item (service)", published.title, () => published.delete())
  log(`Published a hosted feature layer: ${published.url ?? published.id}`)

  // `export` with `wait: false` hands back the job, so the demo can show its progress.
  const job = await published.export({ title: `Demo export ${stamp}`, exportFormat: "CSV", wait: false })
  ledger.created("item (export)", `Demo export ${stamp}`, deleteById(gis, job.itemId))
  const exportProgress = jobProgress("  export job", log, redraw)
  const exporting = await gis.content.get(job.itemId)
  for (;;) {
    const status = await (exporting ?? published).status({ jobId: job.jobId, jobType: job.jobType })
    exportProgress(status)
    if (succeeded.has(status.status)) break
    if (failed.has(status.status)) {
      const statusMessage = typeof status.statusMessage === "string" ? status.statusMessage : ""
      throw new JobFailed({
        operation: "Demo.export",
        itemId: job.itemId,
        jobId: job.jobId,
        jobType: job.jobType,
        status: status.status,
        statusMessage,
        message: `The export job ended ${status.status}${statusMessage ? `: ${statusMessage}` : ""}`,
      })
    }
    await sleep(pollMillis)
  }
  const exported = await gis.content.get(job.itemId)
  if (exported === undefined) {
    throw new InvalidInput({ operation: "Demo.export", field: "itemId", message: "The exported item is not visible." })
  }
  log(`Exported it back to CSV: ${exported.id}`)

  const folderOnDisk = await mkdtemp(join(tmpdir(), "arcgis-portal-demo-"))
  ledger.created("download (local)", folderOnDisk, async () => {
    await rm(folderOnDisk, { recursive: true, force: true })
    return true
  })
  // Python's `None` for an item without data is `undefined`; this item has data.
  const path = await added.download({ savePath: folderOnDisk })
  const downloaded = path === undefined ? new Uint8Array() : new Uint8Array(await readFile(path))
  const bytesEqual =
    downloaded.byteLength === bytes.byteLength && downloaded.every((value, index) => value === bytes[index])
  log(
    `Downloaded ${downloaded.byteLength} bytes: ${bytesEqual ? "identical to the upload" : "DIFFERENT from the upload"}`,
  )
  return {
    itemId: added.id,
    item: added,
    folder: folder.title,
    sharedWith: shared.notSharedWith,
    found,
    bytesEqual,
    publishedItemId: published.id,
    exportedItemId: exported.id,
  }
}
