/**
 * The demo tour, through the Promise facade (`@arcgis-portal/gis`): sign in, the portal's
 * properties, the user's folders and items, then the chapters that change things — content,
 * comments and ratings, administration, resources, a clone into a second portal, datastores — and
 * finally the clean-up of everything the tour created, shown as a table.
 */
import type { AuthStrategy } from "@arcgis-portal/core"
import { InvalidInput } from "@arcgis-portal/gis"
import { GIS } from "@arcgis-portal/gis/node"
import { type AdminTourResult, adminTour } from "./AdminTour.ts"
import { type ClonePortal, type CloneTourResult, cloneTour } from "./CloneTour.ts"
import { type ContentTourResult, contentTour } from "./ContentTour.ts"
import { type DatastoreTourResult, datastoreTour, type ResourcesTourResult, resourcesTour } from "./DataTour.ts"
import { Ledger, type Row, table } from "./Ledger.ts"
import { indented, type Log, type Redraw } from "./Progress.ts"
import { type SocialTourResult, socialTour } from "./SocialTour.ts"

export interface TourOptions {
  readonly url: string
  /** How the tour signs in (`--auth`): any AuthStrategy. */
  readonly auth: AuthStrategy.AuthStrategy
  readonly log: Log
  /** Redraws a progress bar in place when the output is a terminal (see `terminalRedraw`). */
  readonly redraw?: Redraw | undefined
  /** Run the chapters that change content (on by default). */
  readonly writes?: boolean | undefined
  /**
   * How an administrator signs in, for the administration and datastores chapters (the emulator's
   * admin). The administrator is also the second user who comments on and rates an item.
   */
  readonly admin?: { readonly username: string; readonly auth: AuthStrategy.AuthStrategy } | undefined
  /** A folder on the server's machine to register as a data store (the emulator's: any local folder). */
  readonly datastoreFolder?: string | undefined
  /**
   * Starts a second portal to clone into (the clone chapter: a second local emulator). Without it the chapter is
   * skipped with a one-line note — against a real portal (`--portal`) the demo clones nothing.
   */
  readonly cloneTarget?: (() => Promise<ClonePortal>) | undefined
}

export interface TourResult {
  readonly portal: string | undefined
  readonly username: string | undefined
  readonly folders: ReadonlyArray<string>
  readonly items: ReadonlyArray<string>
  readonly content: ContentTourResult | undefined
  readonly social: SocialTourResult | undefined
  readonly admin: AdminTourResult | undefined
  readonly datastore: DatastoreTourResult | undefined
  readonly resources: ResourcesTourResult | undefined
  readonly clone: CloneTourResult | undefined
  /** What the tour created, and how each was cleaned up. */
  readonly cleanup: ReadonlyArray<Row>
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined)

/** Runs a chapter under a heading, its lines indented. */
const chapter = async <A>(log: Log, heading: string, run: (log: Log) => Promise<A>): Promise<A> => {
  log("")
  log(heading)
  return run((line) => log(`  ${line}`))
}

/**
 * Runs the tour; rejects with the facade's typed errors (`AuthError` for a wrong password…). Even
 * when a chapter fails, what the tour created is cleaned up before the promise settles.
 */
export const tour = async (options: TourOptions): Promise<TourResult> => {
  const { log } = options
  const gis = await GIS.connect({ url: options.url, auth: options.auth })
  const ledger = new Ledger()
  let adminGis: GIS | undefined
  let result: Omit<TourResult, "cleanup"> | undefined
  try {
    const properties = await gis.properties()
    const portalName = text(properties.name) ?? text(properties.portalName)
    log(`Portal:    ${portalName ?? "(unnamed)"}`)
    const me = await gis.users.me()
    if (me === undefined) {
      throw new InvalidInput({
        operation: "Demo.tour",
        field: "auth",
        message: "The tour needs a signed-in user; the portal says nobody is signed in.",
      })
    }
    const username = me.username
    log(`Signed in: ${username}${me.fullName ? ` (${me.fullName})` : ""}${me.role ? `, ${me.role}` : ""}`)
    const kind = properties.isPortal === true ? "ArcGIS Enterprise" : "ArcGIS Online"
    const version =
      text(properties.currentVersion) ??
      (typeof properties.currentVersion === "number" ? String(properties.currentVersion) : undefined)
    log(
      `Properties: ${kind}${version ? ` ${version}` : ""}, host ${text(properties.portalHostname) ?? new URL(gis.url).host}, org ${text(properties.id) ?? "?"}, ${Object.keys(properties).length} properties`,
    )

    const folders = (await me.folders()).map((folder) => folder.title)
    log(`Folders:   ${folders.length === 0 ? "(none)" : JSON.stringify(folders)}`)
    const items = [...(await me.items({ maxItems: 5 }))]
    for (const folder of folders) {
      if (items.length >= 5) break
      items.push(...(await me.items({ folder, maxItems: 5 - items.length })))
    }
    const shown = items.slice(0, 5)
    log(`Items (${shown.length} shown):`)
    for (const item of shown) log(`  - ${item.title} [${item.type}] ${item.access ?? ""} ${item.id}`)

    let content: ContentTourResult | undefined
    let social: SocialTourResult | undefined
    let admin: AdminTourResult | undefined
    let resources: ResourcesTourResult | undefined
    let datastore: DatastoreTourResult | undefined
    let clone: CloneTourResult | undefined
    if (options.writes !== false) {
      const administrator = options.admin
      adminGis =
        administrator === undefined ? undefined : await GIS.connect({ url: options.url, auth: administrator.auth })
      content = await chapter(log, "Content:", (log) =>
        contentTour({ gis, username, ledger, log, redraw: indented(options.redraw, "  ") }),
      )
      const uploaded = content.item
      if (adminGis !== undefined && administrator !== undefined) {
        const reviewer = adminGis
        social = await chapter(log, `Comments and ratings (by ${administrator.username}):`, (log) =>
          socialTour({ gis, item: uploaded, reviewer, reviewerName: administrator.username, ledger, log }),
        )
        admin = await chapter(log, `Administration (as ${administrator.username}):`, (log) =>
          adminTour({ gis: reviewer, ledger, log }),
        )
      }
      resources = await chapter(log, "Resources:", (log) => resourcesTour({ gis, ledger, log }))
      const cloneTarget = options.cloneTarget
      if (cloneTarget !== undefined)
        clone = await chapter(log, "Clone between portals:", (log) =>
          cloneTour({ gis, ledger, log, target: cloneTarget }),
        )
      else {
        log("")
        log("Clone between portals: skipped (it clones into a second local emulator; not with --portal)")
      }
      const folder = options.datastoreFolder
      if (adminGis !== undefined && folder !== undefined) {
        const administration = adminGis
        datastore = await chapter(log, "Datastores:", (log) =>
          datastoreTour({ gis: administration, serverPath: folder, ledger, log }),
        )
      }
    }
    result = {
      portal: portalName,
      username,
      folders,
      items: shown.map((item) => item.title),
      content,
      social,
      admin,
      datastore,
      resources,
      clone,
    }
  } finally {
    const rows = await ledger.cleanUp()
    if (rows.length > 0) {
      log("")
      log("Clean-up (what the tour created → how it was cleaned up):")
      for (const line of table(rows)) log(`  ${line}`)
      const left = rows.filter((row) => !row.cleanedUp)
      log(
        left.length === 0
          ? `Everything the tour created is gone (${rows.length} of ${rows.length} cleaned up).`
          : `LEFT BEHIND: ${left.length} of ${rows.length} — ${left.map((row) => `${row.kind} ${row.name}`).join(", ")}`,
      )
    }
    await adminGis?.close()
    await gis.close()
  }
  return { ...result, cleanup: ledger.rows() }
}
