/**
 * The fault campaign: `items` items go through add → update → share → unshare → delete with the SDK's own
 * operations (`Content.add`, `Items.update`, `Content.shareItems`/`unshareItems`/`deleteItems`) against an
 * emulator that injects faults into a share of requests (429 with Retry-After, 503, connection reset before and
 * after the request is processed, answers slower than the SDK's timeout). After each stage the emulator's own
 * database is read (read-only) to count what really happened.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { builtInUser } from "@arcgis-portal/auth-token"
import { Content, Items } from "@arcgis-portal/content"
import { Portal, type RetryPolicy } from "@arcgis-portal/core"
import { type FaultKind, startEmulator } from "@arcgis-portal/emulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"

export interface CampaignOptions {
  /** How many items go through the five stages. */
  readonly items: number
  /** The emulator's fault seed (same seed, same fault decisions in the same order). Default 7. */
  readonly seed?: number | undefined
  /** Share of requests that fail. Default 0.1. */
  readonly rate?: number | undefined
  /** Fault kinds. Default: all of them. */
  readonly kinds?: ReadonlyArray<FaultKind> | undefined
  /** Adds and updates in flight at once. Default 16. */
  readonly concurrency?: number | undefined
  /** The SDK's per-attempt timeout (ms). Default 1 000. */
  readonly timeoutMs?: number | undefined
  /** How long a "slow" answer takes (ms): longer than the timeout. Default 1 500. */
  readonly slowMs?: number | undefined
  /** The SDK's retry policy. Default 8 retries, 50 ms doubling, at most 2 s. */
  readonly retry?: RetryPolicy.RetryPolicy | undefined
  /** Progress lines. */
  readonly log?: ((line: string) => void) | undefined
}

export type Stage = "add" | "update" | "share" | "unshare" | "delete"

export interface StageResult {
  /** Items the SDK reported done for this stage. */
  readonly reported: number
  /** Items whose stage failed (the SDK returned an error or a per-item failure). */
  readonly failed: number
  /** Items the SDK reported done whose state in the database says otherwise. */
  readonly lost: number
  readonly seconds: number
}

export interface CampaignResult {
  readonly items: number
  readonly seed: number
  readonly rate: number
  /** Items that went through every stage, reported done and verified in the database at each stage. */
  readonly done: number
  /** Items reported done at some stage whose database state disagreed (or missing after add). */
  readonly lost: number
  /** Extra item rows for one add call (same title), at the end of the add stage. */
  readonly duplicates: number
  /** Rows left in the database after the delete stage. */
  readonly leftOver: number
  /** Ambiguous failures the SDK reconciled (Debug log lines annotated `reconciliation`), by kind. */
  readonly reconciliations: Readonly<Record<string, number>>
  /** Requests the SDK sent (every attempt), and 429/503 answers the emulator injected. */
  readonly requests: number
  readonly injected: { readonly "429": number; readonly "503": number }
  readonly stages: Readonly<Record<Stage, StageResult>>
  readonly seconds: number
}

const allKinds: ReadonlyArray<FaultKind> = ["429", "503", "reset", "reset-after", "slow"]

/** Runs the campaign on a fresh emulator (its data directory is removed afterwards). */
export const runCampaign = async (options: CampaignOptions): Promise<CampaignResult> => {
  const count = Math.max(1, Math.floor(options.items))
  const seed = options.seed ?? 7
  const rate = options.rate ?? 0.1
  const timeoutMs = options.timeoutMs ?? 1_000
  const slowMs = options.slowMs ?? 1_500
  const concurrency = options.concurrency ?? 16
  const log = options.log ?? (() => {})
  const dataDir = mkdtempSync(join(tmpdir(), "arcgis-portal-campaign-"))
  const emulator = await startEmulator({ dataDir })
  const started = performance.now()
  try {
    const db = new DatabaseSync(join(dataDir, "portal.sqlite"), { readOnly: true })
    const query = (sql: string, ...args: Array<string>) =>
      db.prepare(sql).all(...args) as Array<Record<string, unknown>>
    const group = String(query("SELECT id FROM groups WHERE title = 'Public Maps'")[0]?.id ?? "")
    const run_ = `campaign-${seed}-${Date.now().toString(36)}`

    let requests = 0
    const counting = ((input: RequestInfo | URL, init?: RequestInit) => {
      requests++
      return globalThis.fetch(input, init)
    }) as typeof globalThis.fetch
    const reconciliations: Record<string, number> = {}
    const counter = Logger.make((entry) => {
      const annotations = entry.fiber.getRef(References.CurrentLogAnnotations) as Record<string, unknown>
      const kind = annotations.reconciliation
      if (typeof kind === "string") reconciliations[kind] = (reconciliations[kind] ?? 0) + 1
    })
    const layer = Layer.mergeAll(Content.layer, Items.layer).pipe(
      Layer.provideMerge(
        Portal.layer({
          url: emulator.url,
          auth: builtInUser({
            username: emulator.accounts.publisher.username,
            password: Redacted.make(emulator.accounts.publisher.password),
          }),
          fetch: counting,
          timeout: timeoutMs,
          retry: options.retry ?? { times: 8, base: "50 millis", maxDelay: "2 seconds" },
        }),
      ),
      Layer.provideMerge(Logger.layer([counter])),
      Layer.provideMerge(Layer.succeed(References.MinimumLogLevel, "Debug")),
    )

    // Faults from here on (sign-in is exempt: acquiring the token is not what this campaign measures).
    emulator.setFaults({
      rate,
      kinds: options.kinds ?? allKinds,
      seed,
      slowMs,
      retryAfterSeconds: 1,
      exempt: ["generateToken"],
    })
    /** Late answers (slow faults) land after the client gave up: wait them out before reading the database. */
    const settle = () => new Promise((resolve) => setTimeout(resolve, slowMs + 250))
    const titles = Array.from({ length: count }, (_, index) => `${run_}-${index}`)

    const runtime = ManagedRuntime.make(layer)
    const run = <A, E>(effect: Effect.Effect<A, E, Content.Content | Items.Items>) =>
      runtime.runPromise(Effect.result(effect))
    const program = async () => {
      const stages = {} as Record<Stage, StageResult>
      const alive = new Map<string, string>() // title → id, items still going through the stages
      const timed = async <A>(body: () => Promise<A>) => {
        const start = performance.now()
        const value = await body()
        return { value, seconds: (performance.now() - start) / 1000 }
      }
      const perItem = (
        ids: ReadonlyArray<string>,
        operation: (id: string) => Effect.Effect<unknown, unknown, Content.Content | Items.Items>,
      ) =>
        timed(async () => {
          const results = await run(
            Effect.forEach(ids, (id) => Effect.map(Effect.result(operation(id)), (result) => [id, result] as const), {
              concurrency,
            }),
          )
          return results._tag === "Success" ? results.success : []
        })

      // add
      const added = await perItem(titles, (title) =>
        Effect.flatMap(Content.Content, (content) =>
          content.add({
            properties: { title, type: "Web Map", tags: ["reliability"], snippet: "created" },
            data: { text: { operationalLayers: [], baseMap: { baseMapLayers: [] }, version: "2.31" } },
          }),
        ),
      )
      await settle()
      const rows = query("SELECT id, title FROM items WHERE title LIKE ?", `${run_}-%`)
      const byTitle = new Map<string, Array<string>>()
      for (const row of rows)
        byTitle.set(String(row.title), [...(byTitle.get(String(row.title)) ?? []), String(row.id)])
      const duplicates = [...byTitle.values()].reduce((sum, ids) => sum + Math.max(0, ids.length - 1), 0)
      let lostAdd = 0
      let failedAdd = 0
      for (const [title, result] of added.value) {
        if (result._tag !== "Success") {
          failedAdd++
          continue
        }
        const id = (result.success as { id: string }).id
        if (byTitle.get(title)?.includes(id)) alive.set(title, id)
        else lostAdd++
      }
      stages.add = {
        reported: added.value.length - failedAdd,
        failed: failedAdd,
        lost: lostAdd,
        seconds: Math.round(added.seconds * 10) / 10,
      }
      log(`add: ${JSON.stringify(stages.add)}, duplicates ${duplicates}`)

      // update
      const owner = emulator.accounts.publisher.username
      const updated = await perItem([...alive.values()], (id) =>
        Effect.flatMap(Items.Items, (items) => items.update({ id, owner }, { properties: { snippet: "updated" } })),
      )
      await settle()
      stages.update = verify(
        updated.value.map(([id, result]) => [id, result._tag === "Success"] as const),
        updated.seconds,
        alive,
        (id) => query("SELECT snippet FROM items WHERE id = ?", id)[0]?.snippet === "updated",
      )
      log(`update: ${JSON.stringify(stages.update)}`)

      // share, unshare, delete: the bulk operations
      const bulkStage = async (
        stage: Stage,
        operation: (
          content: Content.ContentShape,
          ids: ReadonlyArray<string>,
        ) => Effect.Effect<ReadonlyArray<{ readonly itemId: string; readonly success: boolean }>, unknown>,
        check: (id: string) => boolean,
      ) => {
        const ids = [...alive.values()]
        const outcome = await timed(async () => {
          const result = await run(Effect.flatMap(Content.Content, (content) => operation(content, ids)))
          if (result._tag === "Failure") return ids.map((id) => [id, false] as const)
          return result.success.map((entry) => [entry.itemId, entry.success] as const)
        })
        await settle()
        stages[stage] = verify(outcome.value, outcome.seconds, alive, check)
        log(`${stage}: ${JSON.stringify(stages[stage])}`)
      }
      const shared = (id: string) =>
        query("SELECT 1 AS x FROM item_shares WHERE item_id = ? AND group_id = ?", id, group).length > 0
      await bulkStage("share", (content, ids) => content.shareItems(ids, { groups: [group] }), shared)
      await bulkStage(
        "unshare",
        (content, ids) => content.unshareItems(ids, { groups: [group] }),
        (id) => !shared(id),
      )
      await bulkStage(
        "delete",
        (content, ids) => content.deleteItems(ids),
        (id) => query("SELECT 1 AS x FROM items WHERE id = ?", id).length === 0,
      )
      const leftOver = query("SELECT id FROM items WHERE title LIKE ?", `${run_}-%`).length
      return { stages, duplicates, done: alive.size, leftOver }
    }

    const outcome = await program().finally(() => runtime.dispose())
    const log429 = emulator.requestLog().filter((entry) => entry.errorCode === 429).length
    const log503 = emulator.requestLog().filter((entry) => entry.errorCode === 503).length
    db.close()
    const lost = Object.values(outcome.stages).reduce((sum, stage) => sum + stage.lost, 0)
    return {
      items: count,
      seed,
      rate,
      done: outcome.done,
      lost,
      duplicates: outcome.duplicates,
      leftOver: outcome.leftOver,
      reconciliations,
      requests,
      injected: { "429": log429, "503": log503 },
      stages: outcome.stages,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    }
  } finally {
    await emulator.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Keeps in `alive` the items reported done whose state the database confirms; counts the rest. */
const verify = (
  outcome: ReadonlyArray<readonly [string, boolean]>,
  seconds: number,
  alive: Map<string, string>,
  check: (id: string) => boolean,
): StageResult => {
  const reportedOk = new Set(outcome.filter(([, ok]) => ok).map(([id]) => id))
  let failed = 0
  let lost = 0
  for (const [title, id] of [...alive]) {
    if (!reportedOk.has(id)) {
      failed++
      alive.delete(title)
    } else if (!check(id)) {
      lost++
      alive.delete(title)
    }
  }
  return { reported: reportedOk.size, failed, lost, seconds: Math.round(seconds * 10) / 10 }
}
