// B9's portals from the bench's side: starting one (`b9-portal.ts` in a child process) and asking it for its request
// counts, and the source's content — 40 web maps, each showing 4 layers of their own: 150 feature collections and 10
// hosted feature layers with features, 200 items in all — added through the REST API, outside every timed section.
import { spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { benchRoot, firstJsonLine } from "../lib/proc.ts"

/** A B9 portal: its URLs, its publisher's token, its request counts. */
export interface B9Portal {
  readonly url: string
  readonly restUrl: string
  readonly username: string
  readonly token: string
  /** The requests since the last `clear`, by operation (the path's last segment). */
  readonly requests: () => Promise<{ readonly total: number; readonly byOperation: Record<string, number> }>
  readonly clear: () => Promise<void>
  readonly stop: () => Promise<void>
}

/** Starts `b9-portal.ts` with an org of its own and signs its publisher in. */
export const startPortal = async (options: {
  readonly org: { readonly name: string; readonly urlKey: string; readonly usernameSuffix?: string }
  readonly jobMillis?: number
}): Promise<B9Portal> => {
  const child = spawn(process.execPath, [`${benchRoot}src/benchmarks/b9-portal.ts`, JSON.stringify(options)], {
    cwd: benchRoot,
    stdio: ["pipe", "pipe", "pipe"],
  })
  const handle = (await firstJsonLine(child, "b9 portal")) as {
    url: string
    restUrl: string
    publisher: { username: string; password: string }
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const waiting: Array<(ack: Record<string, unknown>) => void> = []
  createInterface({ input: child.stdout }).on("line", (line) => {
    try {
      const parsed = JSON.parse(line) as { ack?: Record<string, unknown> }
      if (parsed.ack !== undefined) waiting.shift()?.(parsed.ack)
    } catch {
      // not a command's answer
    }
  })
  const command = (value: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onExit = () => reject(new Error(`b9 portal exited before it answered ${JSON.stringify(value)}`))
      child.once("exit", onExit)
      waiting.push((ack) => {
        child.off("exit", onExit)
        if (ack.error !== undefined) reject(new Error(String(ack.error)))
        else resolve(ack)
      })
      child.stdin.write(`${JSON.stringify(value)}\n`)
    })
  const stop = async () => {
    child.stdin.end()
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000)
    await exited
    clearTimeout(timer)
  }
  try {
    const signedIn = await call(`${handle.restUrl}/generateToken`, {
      username: handle.publisher.username,
      password: handle.publisher.password,
      client: "requestip",
      expiration: "20160",
    })
    return {
      url: handle.url,
      restUrl: handle.restUrl,
      username: handle.publisher.username,
      token: signedIn.token as string,
      requests: async () =>
        (await command({ requests: true })) as { total: number; byOperation: Record<string, number> },
      clear: async () => {
        await command({ clear: true })
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/** A form POST (a token in the header when given), failing on the portal's error envelope. */
export const call = async (url: string, params: Record<string, string>, token?: string) => {
  const response = await fetch(url, {
    method: "POST",
    headers: token === undefined ? {} : { "X-Esri-Authorization": `Bearer ${token}` },
    body: new URLSearchParams({ f: "json", ...params }),
  })
  const body = (await response.json()) as Record<string, unknown>
  if (body.error !== undefined) throw new Error(`${url}: ${JSON.stringify(body.error)}`)
  return body
}

/** Runs `task` over `items`, `concurrency` at a time. */
const pool = async <A, B>(items: ReadonlyArray<A>, concurrency: number, task: (item: A) => Promise<B>) => {
  const results: Array<B> = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++
        results[index] = await task(items[index] as A)
      }
    }),
  )
  return results
}

export const webMaps = 40
export const layersPerMap = 4
export const hostedLayers = 10
export const featuresPerHostedLayer = 200
export const featuresPerCollection = 5

const fields = [
  { name: "OBJECTID", type: "esriFieldTypeOID", alias: "OBJECTID" },
  { name: "NAME", type: "esriFieldTypeString", alias: "Name", length: 64 },
  { name: "VALUE", type: "esriFieldTypeDouble", alias: "Value" },
]
const point = (index: number) => ({
  attributes: { NAME: `Feature ${index}`, VALUE: index * 1.5 },
  geometry: { x: -122 + index / 1000, y: 45 + index / 1000, spatialReference: { wkid: 4326 } },
})

/** What the source holds: the web maps to clone, and every dependency with its kind. */
export interface Seeded {
  readonly maps: ReadonlyArray<string>
  readonly collections: number
  readonly hosted: ReadonlyArray<string>
  readonly ms: number
}

/**
 * The source's 200 items: 40 web maps × 4 layers; the dependencies of every fourth map include one hosted feature
 * layer (200 features), the rest are feature collections (5 features in their JSON).
 */
export const seedSource = async (source: B9Portal): Promise<Seeded> => {
  const started = performance.now()
  const me = `${source.restUrl}/content/users/${source.username}`
  const server = source.url.replace(/\/portal$/, "/server")
  const dependencies = webMaps * layersPerMap
  const hostedAt = new Set(Array.from({ length: hostedLayers }, (_, index) => index * 16))
  const layers = await pool(
    Array.from({ length: dependencies }, (_, index) => index),
    8,
    async (index): Promise<{ readonly id: string; readonly url?: string; readonly title: string }> => {
      if (hostedAt.has(index)) {
        const name = `b9_hosted_${index}`
        const created = await call(
          `${me}/createService`,
          {
            createParameters: JSON.stringify({ name, spatialReference: { wkid: 4326 }, capabilities: "Query,Editing" }),
            outputType: "featureService",
            title: `B9 hosted layer ${index}`,
            tags: "benchclone",
          },
          source.token,
        )
        await call(
          `${server}/rest/admin/services/Hosted/${name}/FeatureServer/addToDefinition`,
          {
            addToDefinition: JSON.stringify({
              layers: [{ id: 0, name, geometryType: "esriGeometryPoint", objectIdField: "OBJECTID", fields }],
            }),
          },
          source.token,
        )
        const features = Array.from({ length: featuresPerHostedLayer }, (_, feature) => point(feature))
        await call(`${created.serviceurl}/0/addFeatures`, { features: JSON.stringify(features) }, source.token)
        return { id: created.itemId as string, url: `${created.serviceurl}/0`, title: `B9 hosted layer ${index}` }
      }
      const collection = {
        layers: [
          {
            layerDefinition: {
              name: `layer ${index}`,
              geometryType: "esriGeometryPoint",
              objectIdField: "OBJECTID",
              fields,
            },
            featureSet: {
              geometryType: "esriGeometryPoint",
              features: Array.from({ length: featuresPerCollection }, (_, feature) => point(feature)),
            },
          },
        ],
      }
      const added = await call(
        `${me}/addItem`,
        {
          title: `B9 feature collection ${index}`,
          type: "Feature Collection",
          tags: "benchclone",
          text: JSON.stringify(collection),
        },
        source.token,
      )
      return { id: added.id as string, title: `B9 feature collection ${index}` }
    },
  )
  const maps = await pool(
    Array.from({ length: webMaps }, (_, index) => index),
    8,
    async (index) => {
      const operationalLayers = layers
        .slice(index * layersPerMap, (index + 1) * layersPerMap)
        .map((layer, position) => ({
          id: `layer_${position}`,
          title: layer.title,
          itemId: layer.id,
          layerType: "ArcGISFeatureLayer",
          ...(layer.url === undefined ? {} : { url: layer.url }),
        }))
      const added = await call(
        `${me}/addItem`,
        {
          title: `B9 web map ${index}`,
          type: "Web Map",
          tags: "benchclone",
          text: JSON.stringify({ operationalLayers, baseMap: { baseMapLayers: [], title: "None" }, version: "2.31" }),
        },
        source.token,
      )
      return added.id as string
    },
  )
  const hosted = [...hostedAt].map((index) => layers[index]?.id ?? "")
  return { maps, collections: dependencies - hostedLayers, hosted, ms: performance.now() - started }
}
