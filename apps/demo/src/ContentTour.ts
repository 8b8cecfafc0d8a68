/**
 * The content chapter of the tour: a folder, a file uploaded in parts with a progress bar, an
 * update, a share with a group, a search that finds it, a publish and an export with job
 * progress, and the file downloaded back and compared byte for byte.
 */
import { Content, Items, type Job } from "@arcgis-portal/content"
import { type PortalError, Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"

export interface ContentTourOptions {
  readonly username: string
  readonly log: (line: string) => void
  /** Bytes of the demo CSV; large enough to go through the multipart upload. */
  readonly size?: number | undefined
}

export interface ContentTourResult {
  readonly itemId: string
  readonly sharedWith: ReadonlyArray<string>
  readonly found: boolean
  readonly bytesEqual: boolean
  readonly publishedItemId: string
  readonly exportedItemId: string
}

const bar = (done: number, total: number | undefined) => {
  const ratio = total ? Math.min(1, done / total) : 0
  const filled = Math.round(ratio * 30)
  return `[${"#".repeat(filled)}${".".repeat(30 - filled)}] ${Math.round(ratio * 100)}%`
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

export const contentTour = (
  options: ContentTourOptions,
): Effect.Effect<
  ContentTourResult,
  PortalError.PortalFailure | Job.JobFailed,
  Content.Content | Items.Items | Transport.Transport
> =>
  Effect.gen(function* () {
    const content = yield* Content.Content
    const items = yield* Items.Items
    const log = options.log
    const stamp = Date.now().toString(36)
    const folder = yield* content.createFolder(`Demo ${stamp}`)
    log(`Created folder "${folder?.title ?? `Demo ${stamp}`}"`)

    const bytes = demoCsv(options.size ?? 3 * 1024 * 1024)
    let lastShown = -1
    const added = yield* content.add({
      properties: {
        title: `Demo stations ${stamp}`,
        type: "CSV",
        tags: ["demo", "stations"],
        snippet: "Uploaded by the demo",
      },
      data: new File([bytes as Uint8Array<ArrayBuffer>], "stations.csv", { type: "text/csv" }),
      folder: `Demo ${stamp}`,
      multipartThreshold: 1024 * 1024,
      partSize: 512 * 1024,
      concurrency: 3,
      onProgress: ({ bytes: done, total }) => {
        const percent = total ? Math.floor((done / total) * 10) : 0
        if (percent !== lastShown) {
          lastShown = percent
          log(`  upload ${bar(done, total)}`)
        }
      },
    })
    log(`Uploaded "${added.title}" (${bytes.byteLength} bytes in parts) → ${added.id}`)

    const updated = yield* items.update(added, {
      properties: { description: "Weather stations, updated by the demo", tags: ["demo", "stations", "updated"] },
    })
    log(`Updated it: tags ${JSON.stringify(updated.tags)}`)

    const self = yield* items.share(added, { groups: yield* firstGroup(options.username) })
    log(`Shared with a group (not shared with: ${JSON.stringify(self.notSharedWith)})`)

    const results = yield* content.search(`title:"Demo stations ${stamp}"`, { maxItems: 5 })
    const found = results.some((item) => item.id === added.id)
    log(`Search for it: ${found ? "found" : "NOT found"} (${results.length} result(s))`)

    const publishJob = yield* items.publish(added, {
      publishParameters: {
        name: `demo_${stamp}`,
        locationType: "coordinates",
        latitudeFieldName: "latitude",
        longitudeFieldName: "longitude",
      },
    })
    const published = yield* publishJob.wait({
      schedule: Schedule.spaced("150 millis"),
      onProgress: (status) => log(`  publish job: ${status.status}`),
    })
    log(`Published a hosted feature layer: ${published.url ?? published.id}`)

    const exportJob = yield* items.export(published, { title: `Demo export ${stamp}`, exportFormat: "CSV" })
    const exported = yield* exportJob.wait({
      schedule: Schedule.spaced("150 millis"),
      onProgress: (status) => log(`  export job: ${status.status}`),
    })
    log(`Exported it back to CSV: ${exported.id}`)

    const chunks = yield* Stream.runCollect(items.download(added))
    const downloaded = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0))
    let offset = 0
    for (const chunk of chunks) {
      downloaded.set(chunk, offset)
      offset += chunk.byteLength
    }
    const bytesEqual =
      downloaded.byteLength === bytes.byteLength && downloaded.every((value, index) => value === bytes[index])
    log(
      `Downloaded ${downloaded.byteLength} bytes: ${bytesEqual ? "identical to the upload" : "DIFFERENT from the upload"}`,
    )
    return {
      itemId: added.id,
      sharedWith: self.notSharedWith,
      found,
      bytesEqual,
      publishedItemId: published.id,
      exportedItemId: exported.id,
    }
  })

/** The id of a group the user belongs to (the demo shares into it). */
const firstGroup = (username: string) =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const user = (yield* transport.json({
      operation: "Demo.me",
      method: "GET",
      path: `community/users/${encodeURIComponent(username)}`,
    })) as {
      groups?: ReadonlyArray<{ id: string }>
    }
    return (user.groups ?? []).slice(0, 1).map((group) => group.id)
  })
