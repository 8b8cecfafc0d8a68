/** Our SDK set up against the emulator (outside every timed section); loads no rest-js. */
import { AuthStrategy, Portal } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { WorkerConfig } from "./worker.ts"

/** A token we already hold (what `staticToken` of @arcgis-portal/auth-token does), sent in the header. */
export const tokenStrategy = (token: string): AuthStrategy.AuthStrategy => ({
  name: "benchToken",
  acquire: () => Effect.succeed({ token: Redacted.make(token), expires: undefined }),
  authorize: AuthStrategy.headerAuthorization,
})

/** Our SDK: the portal layer every service needs. */
export const ourPortal = (config: WorkerConfig) => Portal.layer({ url: config.url, auth: tokenStrategy(config.token) })
