/**
 * What `arcgis-portal-emulator` prints — the start banner, and a start failure as one line — and `arcgis-portal
 * emulator` prints too (through `@arcgis-portal/emulator/cli`), adding the commands to try. Pure, for tests.
 */
import { join } from "node:path"
import type { EmulatorHandle } from "../Emulator.ts"

/** What the banner says besides the running emulator's own facts. */
export interface BannerContext {
  /** The data directory holds the sample org (`EmulatorHandle.seeded`): every seeded account and the API key. */
  readonly seeded: boolean
  /** The data directory is a temporary one, removed on exit. */
  readonly temporaryDataDir: boolean
  /** Commands to try from another terminal, listed last (`arcgis-portal login …`). Default: none. */
  readonly tryIt?: ReadonlyArray<string> | undefined
}

/**
 * The banner printed once the emulator listens. The first line's `at <url>` and `(REST root <url>)` are read by
 * scripts and tests: keep them. The secrets are the seed's, for this local emulator only.
 */
export const banner = (
  emulator: Pick<EmulatorHandle, "url" | "restUrl" | "dataDir" | "accounts" | "apiKey" | "app" | "recovered">,
  context: BannerContext,
): string => {
  const lines = [`ArcGIS portal emulator at ${emulator.url} (REST root ${emulator.restUrl})`]
  lines.push(
    `Data directory: ${emulator.dataDir}${context.temporaryDataDir ? " (temporary, removed on exit; keep state with --data-dir)" : ""}`,
  )
  const { orphanItems, temporaryFiles } = emulator.recovered
  if (orphanItems + temporaryFiles > 0) {
    lines.push(
      `Recovered after a crash: removed ${orphanItems} unreferenced item folders and ${temporaryFiles} temporary files`,
    )
  }
  lines.push("Seeded accounts (passwords for this local emulator only):")
  const accounts = Object.entries(emulator.accounts).filter(([role]) => context.seeded || role === "admin")
  for (const [role, account] of accounts) lines.push(`  ${role.padEnd(9)} ${account.username} / ${account.password}`)
  lines.push(
    context.seeded
      ? `API key (local-only secret; acts as ${emulator.accounts.publisher.username}): ${emulator.apiKey}`
      : "API key: none (--no-seed)",
  )
  lines.push(
    `OAuth app (local-only secrets): client id ${emulator.app.clientId}, client secret ${emulator.app.clientSecret}`,
  )
  lines.push(`The secrets are also in ${join(emulator.dataDir, "seed-secrets.json")}. Stop with Ctrl-C.`)
  const tryIt = context.tryIt ?? []
  if (tryIt.length > 0) lines.push("", "Try it from another terminal:", ...tryIt.map((command) => `  ${command}`))
  return `${lines.join("\n")}\n`
}

interface SystemError {
  readonly code?: unknown
  readonly syscall?: unknown
  readonly address?: unknown
  readonly port?: unknown
  readonly message?: unknown
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, " ").trim()

/**
 * A start failure as one line, without a stack: a port in use, a data directory in use, a Node without `node:sqlite`,
 * anything else by its message.
 */
export const describeStartFailure = (
  error: unknown,
  requested: { readonly host: string; readonly port: number },
  runtime: { readonly nodeVersion: string; readonly requiredNode: string | undefined },
): string => {
  const failure: SystemError = typeof error === "object" && error !== null ? error : { message: String(error) }
  const message = typeof failure.message === "string" ? oneLine(failure.message) : oneLine(String(error))
  if (failure.syscall === "listen") {
    const host = typeof failure.address === "string" ? failure.address : requested.host
    const port = typeof failure.port === "number" ? failure.port : requested.port
    const address = `${host.includes(":") ? `[${host}]` : host}:${port}`
    if (failure.code === "EADDRINUSE")
      return `cannot listen on ${address}: the port is in use (EADDRINUSE); stop what holds it, or choose another --port (0 for any free one)`
    if (failure.code === "EACCES")
      return `cannot listen on ${address}: permission denied (EACCES); ports below 1024 need privileges`
    return `cannot listen on ${address}: ${message}`
  }
  if (failure.code === "ERR_UNKNOWN_BUILTIN_MODULE" && message.includes("sqlite")) {
    return (
      `this Node (${runtime.nodeVersion}) has no node:sqlite, which the emulator keeps its state in: ` +
      `use Node ${runtime.requiredNode ?? ">=22.19"}`
    )
  }
  return message
}
