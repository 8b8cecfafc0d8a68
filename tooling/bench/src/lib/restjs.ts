/** rest-js set up against the emulator (outside every timed section); loads none of our SDK. */
import { ArcGISIdentityManager } from "@esri/arcgis-rest-request"
import type { WorkerConfig } from "./worker.ts"

/** rest-js: a session built from the same token (no request is made to build it). */
export const restJsSession = (config: WorkerConfig): ArcGISIdentityManager =>
  new ArcGISIdentityManager({
    token: config.token,
    tokenExpires: new Date(Date.now() + 14 * 24 * 3600 * 1000),
    username: config.username,
    portal: config.restUrl,
  })
