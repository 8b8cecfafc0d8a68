/**
 * The authorization matrix, generated: every operation of every route the emulator serves (`test/matrix/probes.ts`;
 * the route tables themselves say which routes exist, and a route without a probe fails here) × every principal
 * (each privilege of the digest granted alone through a custom role made with the emulator's own API, the built-in
 * roles, API keys with privilege subsets, an app token, anonymous) × every target (own, another user's, the admin's,
 * and the visibility levels) — expected by the rules of `test/matrix/spec.ts`, answered by real HTTP calls.
 *
 * Refused cases run first, principal by principal, with the whole database hashed before and after each
 * principal's refusals: a refusal that writes anything fails the matrix. Allowed cases run after, each one that
 * changes or consumes its target on a fresh fixture.
 *
 * `MATRIX_DEBUG=1` also prints the allowed cases per probe; `MATRIX_PROFILE=<dir>` writes a CPU profile of the
 * emulator process there.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Options } from "../src/index.ts"
import type { Route } from "../src/internal/route.ts"
import { portalAdminRoutes, routes, serverAdminRoutes, serverRoutes } from "../src/internal/routes.ts"
import { envelope, type Probe, probes, type Verdict } from "./matrix/probes.ts"
import type { Principal, Target } from "./matrix/spec.ts"
import type { Base, Call, Portal } from "./matrix/wire.ts"
import { pool } from "./matrix/wire.ts"
import { keyPlans, keySecret, World } from "./matrix/world.ts"

interface Row {
  readonly probe: Probe
  readonly p: Principal
  readonly t: Target
  readonly expected: boolean
  verdict?: Verdict
  detail?: string
}

const concurrency = 8
let child: ChildProcess | undefined
let emulator: Portal
let world: World
let db: DatabaseSync
const rows: Array<Row> = []
const probeCalls: Array<Call> = []
const dataChanges: Array<string> = []
const seconds = { setUp: 0, refusals: 0, allowed: 0 }

/** The emulator process's CPU time so far (Linux `/proc`; 0 elsewhere). */
const serverCpuSeconds = () => {
  try {
    const fields = readFileSync(`/proc/${child?.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? []
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

/** Every table's rows, hashed: what a refusal must leave as it was. */
const snapshot = (): Map<string, string> => {
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>
  ).map((row) => row.name)
  return new Map(
    tables.map((table) => [
      table,
      createHash("sha256")
        .update(JSON.stringify(db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()))
        .digest("hex"),
    ]),
  )
}

const describeRow = (row: Row) => `${row.p.name} → ${row.probe.name} [${row.t}]`

/** Sends a case's call and reads the answer as its probe says. */
const send = async (row: Row, call: Call, fresh: boolean) => {
  probeCalls.push(call)
  const answer = await world.call(call)
  row.verdict = (row.probe.judge ?? envelope)(answer, { p: row.p, t: row.t, w: world, fresh })
  row.detail = `${answer.status} ${answer.text.slice(0, 240)}`
}

const build = (row: Row, fresh: boolean) => Promise.resolve(row.probe.call({ p: row.p, t: row.t, w: world, fresh }))

/**
 * One emulator for the file, started from the sources in a process of its own (`matrix/serve.ts`), so that its work
 * and the client's run on two cores.
 */
const startServer = (options: Options) =>
  new Promise<Portal>((resolve, reject) => {
    const script = fileURLToPath(new URL("./matrix/serve.ts", import.meta.url))
    const started = spawn(
      process.execPath,
      [
        "--experimental-transform-types",
        "--no-warnings",
        ...(process.env.MATRIX_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.MATRIX_PROFILE}`] : []),
        script,
        JSON.stringify(options),
      ],
      { stdio: ["pipe", "pipe", "inherit"] },
    )
    child = started
    let output = ""
    started.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      const line = output.indexOf("\n")
      if (line >= 0) resolve(JSON.parse(output.slice(0, line)) as Portal)
    })
    started.on("exit", (code) => reject(new Error(`the emulator exited (${code}) before it started`)))
  })

beforeAll(async () => {
  const started = Date.now()
  emulator = await startServer({
    jobMillis: 0,
    apiKeys: keyPlans.map((plan) => ({
      key: keySecret(plan.name),
      username: plan.owner,
      ...(plan.privileges === undefined ? {} : { privileges: [...plan.privileges] }),
    })),
  })
  world = new World(emulator)
  await world.setUp()
  db = new DatabaseSync(join(emulator.dataDir, "portal.sqlite"), { readOnly: true })
  for (const p of world.principals)
    for (const probe of probes)
      for (const t of probe.targets) {
        if (t === "own" && p.username === undefined) continue
        rows.push({ probe, p, t, expected: probe.allowed(p, t) })
      }
  seconds.setUp = (Date.now() - started) / 1000

  // Refusals, one principal at a time: fixtures first, then the database hashed around its refusals.
  const refusalsStarted = Date.now()
  for (const p of world.principals) {
    const refused = rows.filter((row) => row.p === p && !row.expected)
    const calls = await pool(refused, concurrency, (row) => build(row, false))
    const before = snapshot()
    await pool(
      refused.map((row, index) => ({ row, call: calls[index] as Call })),
      concurrency,
      ({ row, call }) => send(row, call, false),
    )
    const after = snapshot()
    const changed = [...before].filter(([table, hash]) => after.get(table) !== hash).map(([table]) => table)
    if (changed.length > 0) dataChanges.push(`${p.name}: refusals changed ${changed.join(", ")}`)
  }
  seconds.refusals = (Date.now() - refusalsStarted) / 1000

  // Allowed cases: a fresh fixture for each one that changes or consumes it.
  const allowedStarted = Date.now()
  await pool(
    rows.filter((row) => row.expected),
    concurrency,
    async (row) => send(row, await build(row, row.probe.fresh === true), row.probe.fresh === true),
  )
  seconds.allowed = (Date.now() - allowedStarted) / 1000
}, 300_000)

afterAll(async () => {
  db?.close()
  const running = child
  if (running !== undefined && running.exitCode === null) {
    const exited = new Promise((resolve) => running.once("exit", resolve))
    running.stdin?.end()
    await exited
  }
})

describe("authorization matrix: route × privilege × target", () => {
  it("refuses every case the rules refuse (0 unexpected allows) and allows every case they allow", () => {
    const unexpectedAllows = rows.filter((row) => !row.expected && row.verdict === "allow")
    const unexpectedDenials = rows.filter((row) => row.expected && row.verdict === "deny")
    const errors = rows.filter((row) => row.verdict === "error" || row.verdict === undefined)
    const summary = {
      cases: rows.length,
      principals: world.principals.length,
      probes: probes.length,
      expectedAllows: rows.filter((row) => row.expected).length,
      expectedDenials: rows.filter((row) => !row.expected).length,
      unexpectedAllows: unexpectedAllows.length,
      unexpectedDenials: unexpectedDenials.length,
      errors: errors.length,
      requests: world.sent.length,
      seconds,
      cpuSeconds: { client: Math.round(process.cpuUsage().user / 1e5) / 10, server: serverCpuSeconds() },
    }
    console.log(`authorization matrix: ${JSON.stringify(summary)}`)
    if (process.env.MATRIX_DEBUG) {
      const counts = new Map<string, number>()
      for (const row of rows) if (row.expected) counts.set(row.probe.name, (counts.get(row.probe.name) ?? 0) + 1)
      console.log(
        [...counts]
          .sort((a, b) => b[1] - a[1])
          .map(([name, n]) => `${n} ${name}${probes.find((p) => p.name === name)?.fresh ? " (fresh)" : ""}`)
          .join("\n"),
      )
    }
    const list = (found: Array<Row>) => found.slice(0, 40).map((row) => `${describeRow(row)}: ${row.detail}`)
    expect(list(unexpectedAllows), "unexpected allows").toEqual([])
    expect(list(errors), "answers that are neither an allow nor a refusal").toEqual([])
    expect(list(unexpectedDenials), "unexpected denials").toEqual([])
  })

  it("no refusal changed the database", () => {
    expect(dataChanges).toEqual([])
  })

  it("every probe was allowed for someone (no probe refused for an unrelated reason), unless it says why not", () => {
    const neverAllowed = probes.filter(
      (probe) =>
        probe.nobody === undefined &&
        !rows.some((row) => row.probe === probe && row.expected && row.verdict === "allow"),
    )
    expect(neverAllowed.map((probe) => probe.name)).toEqual([])
  })

  it("every route of every route table, and every operation a route names, is in the matrix", () => {
    const tables: Record<Base, ReadonlyArray<Route>> = {
      rest: routes,
      server: serverRoutes,
      portaladmin: portalAdminRoutes,
      serveradmin: serverAdminRoutes,
    }
    const hit = new Map<Route, Array<string>>()
    for (const call of probeCalls) {
      const path = decodeURIComponent(call.path.replace(/^\/+|\/+$/g, ""))
      const route = tables[call.base ?? "rest"].find((candidate) => candidate.pattern.test(path))
      if (route !== undefined) hit.set(route, [...(hit.get(route) ?? []), path.toLowerCase()])
    }
    const missing: Array<string> = []
    for (const [base, table] of Object.entries(tables)) {
      for (const route of table) {
        const paths = hit.get(route)
        if (paths === undefined) {
          missing.push(`${base}: ${route.pattern.source}`)
          continue
        }
        // Operations the pattern names as alternatives (`(update|delete|...)`): each must be exercised.
        for (const group of route.pattern.source.matchAll(/\(((?:[A-Za-z]|\\\/)+(?:\|(?:[A-Za-z]|\\\/)+)+)\)/g)) {
          for (const alternative of (group[1] ?? "").split("|")) {
            const segment = alternative.replace(/\\\//g, "/").toLowerCase()
            if (!paths.some((path) => path.endsWith(`/${segment}`) || path.includes(`/${segment}/`)))
              missing.push(`${base}: ${route.pattern.source} — ${segment}`)
          }
        }
      }
    }
    // The owner-path item operations are one pattern with the operation as a word: the handler's list.
    const itemOperations = [
      "update",
      "delete",
      "move",
      "protect",
      "unprotect",
      "reassign",
      "share",
      "unshare",
      "addpart",
      "parts",
      "commit",
      "cancel",
      "status",
      "proxies",
      "candelete",
    ]
    const itemOperationPaths = probeCalls.map((call) => call.path.toLowerCase())
    for (const operation of itemOperations)
      if (
        !itemOperationPaths.some(
          (path) => /^content\/users\/[^/]+\/items\/[^/]+\//.test(path) && path.endsWith(`/${operation}`),
        )
      )
        missing.push(`item operation ${operation}`)
    expect(missing).toEqual([])
  })
})
