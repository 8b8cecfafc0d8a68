/**
 * The clone chapter of the tour: a small hosted layer (a CSV of stations, published) and a web map showing it, made
 * in the tour's portal, then cloned into a second local emulator — another org, with users of its own — through
 * `gis.content.cloneItems` (Python's `clone_items`): the plan first (`dryRun: true`), then the copy, then the same
 * clone again, which creates nothing twice. The second portal and the clones go in the ledger: deleted, and the
 * emulator stopped, at the end of the tour. Runs only when the tour runs on its local emulator.
 */
import { builtInUser } from "@arcgis-portal/auth-token"
import type { AuthStrategy } from "@arcgis-portal/core"
import { startEmulator } from "@arcgis-portal/emulator"
import type { Item } from "@arcgis-portal/gis"
import { GIS } from "@arcgis-portal/gis/node"
import * as Redacted from "effect/Redacted"
import { demoCsv } from "./ContentTour.ts"
import type { Ledger } from "./Ledger.ts"
import type { Log } from "./Progress.ts"

/** The portal the chapter clones into. */
export interface ClonePortal {
  readonly url: string
  /** Its org's name (`portals/self`). */
  readonly orgName: string
  readonly username: string
  readonly auth: AuthStrategy.AuthStrategy
  readonly stop: () => Promise<void>
}

/** A second local emulator: another org ("Production"), whose publisher is `publisher_one_prod`. */
export const startSecondPortal = async (): Promise<ClonePortal> => {
  const orgName = "Production"
  const emulator = await startEmulator({ org: { name: orgName, urlKey: "production", usernameSuffix: "_prod" } })
  const { username, password } = emulator.accounts.publisher
  return {
    url: emulator.url,
    orgName,
    username,
    auth: builtInUser({ username, password: Redacted.make(password) }),
    stop: () => emulator.stop(),
  }
}

export interface CloneTourOptions {
  /** The tour's connection: the source. */
  readonly gis: GIS
  readonly ledger: Ledger
  readonly log: Log
  /** Starts the portal to clone into. */
  readonly target: () => Promise<ClonePortal>
}

export interface CloneTourResult {
  /** The plan of the dry run: action, type and title per item, dependencies first. */
  readonly plan: ReadonlyArray<{ readonly action: string; readonly type: string; readonly title: string }>
  /** What the copy did, and the same clone run again. */
  readonly first: Readonly<Record<"created" | "updated" | "skipped" | "refused" | "failed", number>>
  readonly again: Readonly<Record<"created" | "updated" | "skipped" | "refused" | "failed", number>>
  /** The cloned web map shows the cloned layer (its item id and URL rewritten), not the source's. */
  readonly rewritten: boolean
  readonly targetUrl: string
}

type Counts = CloneTourResult["first"]

const countsOf = (result: {
  readonly created: ReadonlyArray<unknown>
  readonly updated: ReadonlyArray<unknown>
  readonly skipped: ReadonlyArray<unknown>
  readonly refused: ReadonlyArray<unknown>
  readonly failed: ReadonlyArray<unknown>
}): Counts => ({
  created: result.created.length,
  updated: result.updated.length,
  skipped: result.skipped.length,
  refused: result.refused.length,
  failed: result.failed.length,
})

const sentence = (counts: Counts) =>
  `${counts.created} created, ${counts.updated} updated, ${counts.skipped} skipped, ${counts.refused} refused, ${counts.failed} failed`

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - text.length))

export const cloneTour = async (options: CloneTourOptions): Promise<CloneTourResult> => {
  const { gis, ledger, log } = options
  const stamp = Date.now().toString(36)

  // What is cloned: a web map → a hosted layer (published from a small CSV) in the tour's portal.
  const csv = await gis.content.add(
    { title: `Clone stations ${stamp}`, type: "CSV", tags: ["demo", "clone"] },
    { data: new File([demoCsv(2_000) as Uint8Array<ArrayBuffer>], "clone-stations.csv", { type: "text/csv" }) },
  )
  ledger.created("item (CSV)", csv.title, () => csv.delete())
  const layer = await csv.publish({
    publishParameters: {
      name: `clone_${stamp}`,
      locationType: "coordinates",
      latitudeFieldName: "latitude",
      longitudeFieldName: "longitude",
    },
    wait: { interval: 100 },
  })
  ledger.created("item (service)", layer.title, () => layer.delete())
  const map: Item = await gis.content.add(
    { title: `Clone map ${stamp}`, type: "Web Map", tags: ["demo", "clone"] },
    {
      data: {
        text: {
          operationalLayers: [
            {
              id: "stations",
              title: "Stations",
              itemId: layer.id,
              url: `${layer.url}/0`,
              layerType: "ArcGISFeatureLayer",
            },
          ],
          baseMap: { baseMapLayers: [], title: "None" },
          version: "2.31",
        },
      },
    },
  )
  ledger.created("item (web map)", map.title, () => map.delete())
  log(`Made what to clone: the web map "${map.title}" showing the hosted layer "${layer.title}" (published from a CSV)`)

  const second = await options.target()
  let targetGis: GIS | undefined
  ledger.created(
    "emulator (second portal)",
    second.url,
    async () => {
      await targetGis?.close()
      await second.stop()
      return true
    },
    "stopped",
  )
  const target = await GIS.connect({ url: second.url, auth: second.auth })
  targetGis = target
  const orgName = (await target.properties()).name ?? second.orgName
  log(`Started a second emulator, org "${orgName}", signed in as ${second.username}: ${second.url}`)

  const planned = await target.content.cloneItems([map], { source: gis, dryRun: true })
  const plan = planned.plan.steps.map((step) => ({ action: step.action, type: step.type, title: step.title }))
  log(`Plan (dryRun: true, nothing written) — ${plan.length} items, dependencies first:`)
  const typeWidth = Math.max(...plan.map((step) => step.type.length))
  for (const step of plan) log(`  ${pad(step.action, 7)} ${pad(step.type, typeWidth)}  ${step.title}`)

  const result = await target.content.cloneItems([map], { source: gis })
  // Newest first at the end of the tour: the clones go before the second portal stops.
  for (const outcome of [...result.created, ...result.updated]) {
    const id = outcome.targetId
    ledger.created(`clone (${outcome.type})`, outcome.title, async () => {
      const clone = await target.content.get(id)
      return clone === undefined ? "already gone" : clone.delete()
    })
  }
  const first = countsOf(result)
  log(`Cloned: ${sentence(first)}`)
  for (const failure of result.failed) log(`  FAILED ${failure.title}: ${failure.error.message}`)
  for (const outcome of result.created) for (const note of outcome.notes) log(`  ${outcome.title}: ${note}`)

  const clonedMap = await target.content.get(result.itemMapping[map.id] ?? "")
  const clonedLayer = result.itemMapping[layer.id]
  const data = (await clonedMap?.getData()) as
    | { readonly operationalLayers?: ReadonlyArray<{ readonly itemId?: string; readonly url?: string }> }
    | undefined
  const shown = data?.operationalLayers?.[0]
  const rewritten =
    shown?.itemId === clonedLayer && shown?.url?.startsWith(second.url.replace(/\/portal$/, "")) === true
  log(
    rewritten
      ? `The cloned web map shows the cloned layer ${clonedLayer} (its item id and URL rewritten)`
      : `The cloned web map still shows ${shown?.itemId ?? "nothing"} — NOT rewritten`,
  )

  const again = countsOf(await target.content.cloneItems([map], { source: gis }))
  log(`Cloned again: ${sentence(again)} — nothing twice`)
  return { plan, first, again, rewritten, targetUrl: second.url }
}
