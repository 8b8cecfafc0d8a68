/**
 * The Node entry of `@arcgis-portal/gis`: the same `GIS` with every Python constructor argument —
 * `keyFile`/`certFile` (PKI), `proxy`, `profile`, `clientId` (the OAuth loopback flow) — and
 * Python's file paths (`item.download({ savePath })`, `content.add(props, { data: "./parks.csv" })`).
 * Everything else of the main entry (the errors, `Item`, `User`, the types…) is re-exported here, so a Node
 * script imports from this one entry.
 *
 * @example
 * import { GIS } from "@arcgis-portal/gis/node"
 * const gis = await GIS.connect({ url: "https://host/portal", profile: "work" })
 * const csv = await gis.content.add({ title: "Places", type: "CSV" }, { data: "./places.csv" })
 * await csv.download({ savePath: "./out" })
 *
 * @packageDocumentation
 */
// The local `GIS` export shadows the main entry's (an explicit export wins over `export *`).
export * from "../index.ts"
export { GIS } from "./NodeGIS.ts"
