/**
 * The Node entry of `@arcgis-portal/gis`: the same `GIS` with every Python constructor argument —
 * `keyFile`/`certFile` (PKI), `proxy`, `profile`, `clientId` (the OAuth loopback flow) — and
 * Python's file paths (`item.download({ savePath })`, `content.add(props, { data: "./parks.csv" })`).
 */
export { GIS } from "./NodeGIS.ts"
