/** How each contender is set up against the emulator (outside every timed section). */
import { AuthStrategy, Portal } from "@arcgis-portal/core"
import { ArcGISIdentityManager } from "@esri/arcgis-rest-request"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

export interface WorkerConfig {
  readonly contender: string
  readonly url: string
  readonly restUrl: string
  readonly token: string
  readonly username: string
  readonly runs: number
  readonly warmup: number
}

/** A token we already hold (what `staticToken` of @arcgis-portal/auth-token does), sent in the header. */
export const tokenStrategy = (token: string): AuthStrategy.AuthStrategy => ({
  name: "benchToken",
  acquire: () => Effect.succeed({ token: Redacted.make(token), expires: undefined }),
  authorize: AuthStrategy.headerAuthorization,
})

/** Our SDK: the portal layer every service needs. */
export const ourPortal = (config: WorkerConfig) => Portal.layer({ url: config.url, auth: tokenStrategy(config.token) })

/** rest-js: a session built from the same token (no request is made to build it). */
export const restJsSession = (config: WorkerConfig): ArcGISIdentityManager =>
  new ArcGISIdentityManager({
    token: config.token,
    tokenExpires: new Date(Date.now() + 14 * 24 * 3600 * 1000),
    username: config.username,
    portal: config.restUrl,
  })

/** Runs `once` `warmup` times unmeasured, then `runs` times measured (milliseconds each). */
export const measure = async (
  config: Pick<WorkerConfig, "runs" | "warmup">,
  once: () => Promise<void>,
): Promise<Array<number>> => {
  for (let i = 0; i < config.warmup; i++) await once()
  const times: Array<number> = []
  for (let i = 0; i < config.runs; i++) {
    const started = performance.now()
    await once()
    times.push(performance.now() - started)
  }
  return times
}
