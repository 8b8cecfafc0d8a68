/**
 * Hostile input at every route: the paths come from the emulator's route tables (every alternative of every
 * pattern, one route per operation, and a word no operation has), the parameter names from what each handler's code
 * reads, and the values from a dictionary of what breaks servers — JavaScript's built-in property names,
 * percent-encoded bytes (double-encoded, malformed, overlong UTF-8, NUL, `..`), backtracking wildcard patterns against
 * a long title, 40,000-value lists — plus random input.
 *
 * The emulator runs in its own process, so that a request that stalls its event loop fails this test on a timer
 * instead of hanging it: every answer must come within a few seconds, be a JSON portal-style envelope (or a file the
 * route serves), never a 500, and the process must log no unexpected error and still answer afterwards.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, posix } from "node:path"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Route } from "../src/internal/route.ts"
import { portalAdminRoutes, routes, serverAdminRoutes, serverRoutes } from "../src/internal/routes.ts"
import { type ChildEmulator, launchOrFail } from "./child-emulator.ts"
import { type PathTemplate, render, type Slot, slotsOf, templatesOf } from "./route-paths.ts"

/** How long any answer may take. A stalled event loop never answers; a healthy one answers in milliseconds. */
const answerWithinMs = 5_000

// ---------------------------------------------------------------- the dictionary

const prototypeNames = [
  ...new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype", "constructor"]),
]
/** Percent-encoded bytes, as they go on the wire: each must be decoded exactly once, or found malformed. */
const encodedBytes = [
  "%25E0", // a double-encoded malformed escape: `%E0` once decoded, which must not be decoded again
  "%2525",
  "%E0",
  "%E0%A4%A",
  "%FF",
  "%00",
  "a%00b",
  "%2e%2e",
  "%2E%2E%2F%2E%2E%2Fportal.sqlite",
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "%C0%AE%C0%AE", // overlong UTF-8 for `..`
  "%C0%AF", // overlong `/`
  "%E0%80%AF",
  "%ED%A0%80", // a UTF-16 surrogate in UTF-8
  "%F4%90%80%80", // past U+10FFFF
  "%2F",
]
/** Each piece retried at every split by a backtracking matcher: against a 250-`a` title, forever. */
const backtracking = ["a*a*a*a*a*a*a*a*a*a*b", `title:${"a*".repeat(24)}b`, `*${"a*".repeat(30)}`]
/** 40,000 values: past SQLite's 32,766 variables, and a lot of queries. */
const hugeList = Array.from({ length: 40_000 }, (_, index) => index.toString(36)).join(",")
const longText = "x".repeat(4_000)

/** Values for a path segment (sent raw: the encoded bytes stay encoded on the wire). */
const segmentValues = [...prototypeNames, ...encodedBytes, longText]
/** Values for a parameter (form-encoded on the wire, so each arrives as this very text). */
const parameterValues = [
  ...prototypeNames,
  // Escapes that must stay text (a parameter is decoded once, by the form parser), and what they would decode to.
  ...["%25E0", "%E0", "%00", "%2e%2e", "%C0%AE%C0%AE"],
  ...["\u0000", "a\u0000b", "../../portal.sqlite", "\ud800"],
  ...backtracking,
  longText,
  `[${prototypeNames.map((name) => JSON.stringify(name)).join(",")}]`,
  `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`,
]

// ---------------------------------------------------------------- routes and the parameters they read

const read = (file: string) => readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8")

/**
 * Every name a piece of code passes to a call as a string literal: `params.get("q")`, `listParam(params, "tags")`…
 * Handlers run as the test runner transformed them: a call of an imported function reads `(0, module.name)(…)`.
 */
const namesIn = (code: string): Array<string> =>
  [
    ...code.replace(/\(0,\s*[\w$]+\.([\w$]+)\)\(/g, "$1(").matchAll(/\b\w+\((?:[\w.]+, )?"([A-Za-z_][A-Za-z0-9_]*)"/g),
  ].map((match) => match[1] ?? "")

/** A module's top-level declarations (`const name = …` up to the next one), by name. */
const declarationsOf = (source: string): ReadonlyMap<string, string> => {
  const declarations = new Map<string, string>()
  let name: string | undefined
  let lines: Array<string> = []
  const flush = () => {
    if (name !== undefined) declarations.set(name, lines.join("\n"))
  }
  for (const line of source.split("\n")) {
    const declared = /^(?:export )?(?:const|let|function|class) ([A-Za-z_$][\w$]*)/.exec(line)
    if (declared !== null || /^(?:import|interface|type|export (?:interface|type)) /.test(line)) {
      flush()
      name = declared?.[1]
      lines = []
    }
    lines.push(line)
  }
  flush()
  return declarations
}

/** The parameters every request may carry, read before any handler runs: `f`, `token`. */
const requestNames = [...read("internal/pipeline.ts").matchAll(/params\.get\("([A-Za-z_]+)"\)/g)].map(
  (match) => match[1] ?? "",
)

/** Every source file of the emulator's internals, as `internal/<path>`. */
const internalFiles = (readdirSync(new URL("../src/internal/", import.meta.url), { recursive: true }) as Array<string>)
  .filter((file) => file.endsWith(".ts"))
  .map((file) => `internal/${file.split("\\").join("/")}`)

/** The handler modules, and the names each exports: a route's handler is found by its name, unique among them. */
const handlerFiles = internalFiles.filter((file) => file.startsWith("internal/handlers/"))
const exportersOf = new Map<string, ReadonlyArray<string>>()
for (const file of handlerFiles)
  for (const [, name = ""] of read(file).matchAll(/^export const ([A-Za-z_$][\w$]*)/gm))
    exportersOf.set(name, [...(exportersOf.get(name) ?? []), file])

/** The file that defines a route's handler: the handler module exporting it under its name. */
const handlerFileOf = (route: Route): string | undefined => {
  const exporters = exportersOf.get(route.handle.name) ?? []
  return exporters.length === 1 ? exporters[0] : undefined
}

/**
 * A file's scope: its top-level declarations, and the declarations it imports by name from other handler modules
 * (each with the file it is declared in, where its own names are looked up in turn). Only handler code reads
 * parameters by name; storage, authorization and the like would only add noise (`COMMIT`, `sha256`…).
 */
const scopeOf = (() => {
  const cache = new Map<string, ReadonlyMap<string, { readonly text: string; readonly file: string }>>()
  return (file: string) => {
    const known = cache.get(file)
    if (known !== undefined) return known
    const source = read(file)
    const scope = new Map<string, { readonly text: string; readonly file: string }>()
    for (const [name, text] of declarationsOf(source)) scope.set(name, { text, file })
    for (const [, names = "", from = ""] of source.matchAll(/^import \{([^}]*)\} from "(\.[^"]+)"/gm)) {
      const target = posix.join(posix.dirname(file), from)
      if (!handlerFiles.includes(target)) continue
      const declarations = declarationsOf(read(target))
      for (const specifier of names.split(",")) {
        if (specifier.trim().startsWith("type ")) continue
        const [original = "", local = original] = specifier.trim().split(/\s+as\s+/)
        const text = declarations.get(original)
        if (text !== undefined) scope.set(local, { text, file: target })
      }
    }
    cache.set(file, scope)
    return scope
  }
})()

/**
 * The parameters a route reads: the names in its handler and in every declaration that code refers to, directly or
 * through others, in its module or imported from another handler module (the helpers that parse columns, lists,
 * sharing…).
 */
const parametersOf = (() => {
  const cache = new Map<string, ReadonlyArray<string>>()
  return (target: Target): ReadonlyArray<string> => {
    const route = target.template.route
    const key = route.pattern.source
    const known = cache.get(key)
    if (known !== undefined) return known
    const texts = [{ text: route.handle.toString(), file: handlerFileOf(route) ?? "" }]
    const seen = new Set<string>()
    for (let index = 0; index < texts.length; index++) {
      const { text, file } = texts[index] ?? { text: "", file: "" }
      if (file === "") continue
      const scope = scopeOf(file)
      for (const [identifier] of text.matchAll(/[A-Za-z_$][\w$]*/g)) {
        const found = scope.get(identifier)
        if (found === undefined || seen.has(`${found.file} ${identifier}`)) continue
        seen.add(`${found.file} ${identifier}`)
        texts.push(found)
      }
    }
    const code = texts.map((entry) => entry.text).join("\n")
    // Paging and token lifetimes live in shared helpers: their parameters count where the code calls them.
    const shared = [
      ...(code.includes("paging(") ? ["start", "num"] : []),
      ...(code.includes("minutesParam(") ? ["expiration"] : []),
    ]
    const names = [...new Set([...shared, ...namesIn(code)])].filter((name) => name !== "")
    cache.set(key, names)
    return names
  }
})()

/** Each route table under the prefix it is served at. */
const tables: ReadonlyArray<readonly [string, ReadonlyArray<Route>]> = [
  ["/portal/sharing/rest/", routes],
  ["/server/rest/", serverRoutes],
  ["/portal/portaladmin/", portalAdminRoutes],
  ["/server/admin/", serverAdminRoutes],
]

interface Target {
  readonly prefix: string
  readonly template: PathTemplate
  /**
   * The word sent in an operation slot: the route that answers the operations a path does not have
   * (`items/<id>/<word>`), sent one it has no route for.
   */
  readonly operation?: string | undefined
}

const unknownOperation = "nosuchoperation"

const isOperationSlot = (slot: Slot) => slot.pattern === "[A-Za-z]+" && slot.after.endsWith("+")

const targets: ReadonlyArray<Target> = tables.flatMap(([prefix, table]) =>
  table.flatMap((route) =>
    templatesOf(route).flatMap(
      (template): Array<Target> =>
        slotsOf(template).some(isOperationSlot)
          ? [{ prefix, template, operation: unknownOperation }]
          : [{ prefix, template }],
    ),
  ),
)
/** A slot only some variants of a route have: an optional folder, or an org id given instead of `self`. */
const isVariantSlot = (slot: Slot) =>
  slot.after === "portals" || (slot.after === "users+" && slot.pattern === "[0-9a-f]{32}")

/**
 * Targets for parameter cases: one per route alternative. Variants that differ only in a variant slot (or a trailing
 * `/`) reach the same handler with the same parameters.
 */
const parameterTargets = targets.filter(
  (target) => !slotsOf(target.template).some(isVariantSlot) && !render(target.template, () => "x").endsWith("/"),
)
const isParameterTarget = (target: Target) => parameterTargets.includes(target)

// ---------------------------------------------------------------- the emulator and its fixtures

let emulator: ChildEmulator
let origin = ""
let adminToken = ""
const dataDir = mkdtempSync(join(tmpdir(), "emulator-fuzz-"))
const owner = "fuzz_owner"

interface Fixture {
  readonly item: string
  readonly folder: string
  readonly group: string
}

const post = async (path: string, params: Record<string, string>): Promise<Record<string, unknown>> => {
  const response = await fetch(`${origin}${path}`, {
    method: "POST",
    headers: { "X-Esri-Authorization": `Bearer ${adminToken}` },
    body: new URLSearchParams({ f: "json", ...params }),
    signal: AbortSignal.timeout(answerWithinMs),
  })
  return (await response.json()) as Record<string, unknown>
}

interface Needs {
  readonly user: boolean
  readonly item: boolean
  readonly resource: boolean
  readonly folder: boolean
  readonly group: boolean
}

/** What a target's path names, so its fixture holds just that. */
const needsOf = (target: Target): Needs => {
  const path = render(target.template, (slot) => `<${slot.after}>`)
  return {
    user: path.includes("community/users/"),
    item: path.includes("<items>") || path.includes("relationship"),
    resource: path.includes("esource"),
    folder: path.includes("<users+>"),
    group: path.includes("<groups>"),
  }
}

let fixtures = 0
/**
 * Fresh things for one target to act on (its requests may delete, move or disable them): the owner enabled again,
 * and an item (with a resource), a folder and a group when the target's path names one.
 */
const makeFixture = async (needs: Needs): Promise<Fixture> => {
  fixtures += 1
  const rest = "/portal/sharing/rest"
  if (needs.user) await post(`${rest}/community/users/${owner}/enable`, {})
  let item = "f".repeat(32)
  if (needs.item) {
    const added = await post(`${rest}/content/users/${owner}/addItem`, { type: "Web Map", title: "fuzz", text: "{}" })
    item = String(added.id)
    if (needs.resource)
      await post(`${rest}/content/users/${owner}/items/${item}/addResources`, { fileName: "a.json", text: "{}" })
  }
  let folder = "f".repeat(32)
  if (needs.folder) {
    const created = (await post(`${rest}/content/users/${owner}/createFolder`, { title: `fuzz ${fixtures}` })) as {
      folder?: { id?: string }
    }
    folder = created.folder?.id ?? folder
  }
  let group = "f".repeat(32)
  if (needs.group) {
    const created = (await post(`${rest}/community/createGroup`, { title: `fuzz ${fixtures}`, access: "org" })) as {
      group?: { id?: string }
    }
    group = created.group?.id ?? group
  }
  return { item, folder, group }
}

/** A valid value for a slot, so that a request reaches the handler's parameters. */
const validFill =
  (fixture: Fixture, operation: string | undefined) =>
  (slot: Slot): string => {
    if (isOperationSlot(slot)) return operation ?? "status"
    switch (`${slot.after} ${slot.pattern}`) {
      case "users [^/]+":
        return owner
      case "users+ [0-9a-f]{32}":
        return fixture.folder
      case "items [^/]+":
        return fixture.item
      case "groups [^/]+":
        return fixture.group
      case "applications [^/]+":
        return "user_one"
      case "info .+":
        return "thumbnail/thumbnail.png"
      case "resources .+":
        return "a.json"
      case "items [A-Za-z]+":
        return "fileShares"
      case "roles [A-Za-z0-9_]+":
        return "org_user"
      case "Hosted [A-Za-z0-9_]+":
        return "fuzz_service"
      default:
        return slot.pattern === "\\d+" ? "0" : slot.pattern.includes("0-9a-f") ? "f".repeat(32) : "x"
    }
  }

const pathOf = (target: Target, fill: (slot: Slot, index: number) => string) =>
  `${target.prefix}${render(target.template, fill)}`

beforeAll(async () => {
  emulator = await launchOrFail({ dataDir })
  origin = new URL(emulator.restUrl).origin
  const signIn = await fetch(`${emulator.restUrl}/generateToken`, {
    method: "POST",
    body: new URLSearchParams({ f: "json", username: "portal_admin", password: "admin-pass-local" }),
  })
  adminToken = ((await signIn.json()) as { token: string }).token
  await post("/portal/portaladmin/security/users/createUser", {
    username: owner,
    password: "fuzz-owner-pass",
    firstname: "Fuzz",
    lastname: "Owner",
    email: "fuzz@example.invalid",
    role: "org_publisher",
  })
  // What a backtracking wildcard is matched against: a long title of one letter, public so everyone's search sees it.
  const long = await post(`/portal/sharing/rest/content/users/${owner}/addItem`, {
    type: "Web Map",
    title: "a".repeat(250),
    text: "{}",
  })
  await post(`/portal/sharing/rest/content/users/${owner}/items/${String(long.id)}/share`, { everyone: "true" })
}, 60_000)

afterAll(async () => {
  await emulator?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

// ---------------------------------------------------------------- sending and judging

interface Case {
  readonly method: string
  readonly path: string
  readonly params?: ReadonlyArray<readonly [string, string]> | undefined
  readonly authenticated?: boolean | undefined
  readonly body?: { readonly payload: BodyInit; readonly contentType?: string | undefined } | undefined
}

const describeCase = (sent: Case) =>
  `${sent.method} ${sent.path.slice(0, 300)} ${(sent.params ?? [])
    .map(([name, value]) => `${name}=${value.slice(0, 60)}`)
    .join("&")
    .slice(0, 400)}`

/**
 * Sends a case; fails when the answer is late, a 500, or neither a JSON envelope nor a file the route serves. Returns
 * the refusal (the error envelope as text), if it was one.
 */
const check = async (sent: Case): Promise<string | undefined> => {
  const headers: Record<string, string> =
    sent.authenticated === false ? {} : { "X-Esri-Authorization": `Bearer ${adminToken}` }
  let body: BodyInit | undefined
  const url = new URL(`${origin}${sent.path}`)
  if (sent.body !== undefined) {
    body = sent.body.payload
    if (sent.body.contentType !== undefined) headers["content-type"] = sent.body.contentType
  } else if (sent.method === "GET") for (const [name, value] of sent.params ?? []) url.searchParams.append(name, value)
  else body = new URLSearchParams((sent.params ?? []).map(([name, value]) => [name, value]))
  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      method: sent.method,
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(answerWithinMs),
      ...(body === undefined ? {} : { body }),
    })
    text = await response.text()
  } catch (error) {
    throw new Error(`no answer within ${answerWithinMs} ms (${String(error)}): ${describeCase(sent)}`)
  }
  const type = response.headers.get("content-type") ?? ""
  const seen = `${describeCase(sent)} → HTTP ${response.status} ${text.slice(0, 300)}`
  expect(response.status, seen).not.toBe(500)
  // A file the route serves (item data, a resource, the OAuth sign-in page) or a redirect is not an envelope.
  if ((response.status === 200 && !type.includes("application/json")) || response.status === 302) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error(`not JSON (${type}): ${seen}`)
  }
  const envelope = parsed as { error?: { code?: unknown; message?: unknown }; status?: unknown; code?: unknown }
  if (envelope.error !== undefined) {
    expect(typeof envelope.error.code, seen).toBe("number")
    expect(typeof envelope.error.message, seen).toBe("string")
    expect(envelope.error.code, seen).not.toBe(500)
    return JSON.stringify(envelope.error)
  }
  if (envelope.status === "error") {
    expect(envelope.code, seen).not.toBe(500)
    return text
  }
  expect(response.status, `an answer without an envelope: ${seen}`).toBe(200)
  return undefined
}

/**
 * Runs the cases a few at a time (the emulator answers one at a time; the rest overlap on the wire); returns each
 * case's refusal, if it was one.
 */
const checkAll = async (cases: ReadonlyArray<Case>, concurrency = 6): Promise<ReadonlyArray<string | undefined>> => {
  const refusals: Array<string | undefined> = []
  let next = 0
  const worker = async () => {
    while (next < cases.length) {
      const index = next++
      refusals[index] = await check(cases[index] as Case)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return refusals
}

const unexpectedErrors = () => emulator.output().match(/\[emulator\] unexpected error[^\n]*/g) ?? []

const expectStillAnswering = async () => {
  const alive = await fetch(`${emulator.restUrl}/?f=json`, { signal: AbortSignal.timeout(answerWithinMs) })
  expect(((await alive.json()) as { currentVersion?: string }).currentVersion).toBeTypeOf("string")
  expect(unexpectedErrors()).toEqual([])
}

const methodOf = (target: Target) => (target.template.route.kind === "write" ? "POST" : "GET")

// ---------------------------------------------------------------- the cases

describe("emulator fuzz: hostile input at every route", () => {
  it("the route tables give every path (each alternative, each operation), the handlers the parameters they read", () => {
    expect(targets.length).toBeGreaterThan(150)
    expect(parameterTargets.length).toBeGreaterThan(100)
    expect(prototypeNames).toEqual(expect.arrayContaining(["constructor", "__proto__", "toString", "valueOf"]))
    const addItem = targets.find((target) => render(target.template, () => "x") === "content/users/x/addItem")
    expect(requestNames).toEqual(expect.arrayContaining(["f", "token"]))
    expect(addItem && parametersOf(addItem)).toEqual(expect.arrayContaining(["title", "type", "tags", "text"]))
    const update = targets.find((target) => {
      const path = render(target.template, () => "x")
      return path.startsWith("content/users/x/items/") && path.endsWith("/update")
    })
    expect(update && parametersOf(update)).toEqual(expect.arrayContaining(["title", "clearEmptyFields"]))
    // Each route's handler is found: exported from one handler module under its own name.
    const unfound = tables.flatMap(([prefix, table]) =>
      table.filter((route) => handlerFileOf(route) === undefined).map((route) => `${prefix}${route.pattern.source}`),
    )
    expect(unfound).toEqual([])
  })

  it("every path segment of every route, as every dictionary value (once per slot of a route's variants)", async () => {
    let cases = 0
    for (const target of targets) {
      const slots = slotsOf(target.template)
      if (slots.length === 0 || (!isParameterTarget(target) && !slots.some(isVariantSlot))) continue
      const fixture = await makeFixture(needsOf(target))
      const valid = validFill(fixture, target.operation)
      const batch: Array<Case> = []
      slots.forEach((slot, hostile) => {
        // In a variant, only its own slot: the others are the same as in the route's base form.
        if (!isParameterTarget(target) && !isVariantSlot(slot)) return
        for (const value of segmentValues)
          batch.push({
            method: methodOf(target),
            path: pathOf(target, (slot, index) => (index === hostile ? value : valid(slot))),
            params: [["f", "json"]],
          })
      })
      await checkAll(batch)
      cases += batch.length
    }
    expect(cases).toBeGreaterThan(2_000)
    await expectStillAnswering()
  }, 300_000)

  it("every route with all the parameters it reads set to each dictionary value", async () => {
    let cases = 0
    for (const target of parameterTargets) {
      const fixture = await makeFixture(needsOf(target))
      const path = pathOf(target, validFill(fixture, target.operation))
      const names = [...new Set([...requestNames, ...parametersOf(target)])]
      await checkAll(
        parameterValues.map((value) => ({ method: "POST", path, params: names.map((name) => [name, value] as const) })),
      )
      cases += parameterValues.length
    }
    expect(cases).toBeGreaterThan(3_000)
    await expectStillAnswering()
  }, 300_000)

  it("every parameter of every route alone, then with those refused the same way: built-in names, a backtracking wildcard, 40,000 values", async () => {
    let cases = 0
    let together = 0
    // `constructor` and `__proto__` are keys of every plain object even after the lower-casing most lookups do.
    const values = ["constructor", "__proto__", backtracking[0] ?? "", hugeList]
    for (const target of parameterTargets) {
      const fixture = await makeFixture(needsOf(target))
      const path = pathOf(target, validFill(fixture, target.operation))
      const names = parametersOf(target)
      const withValue = (group: ReadonlyArray<string>, value: string): Case =>
        value === hugeList
          ? {
              method: "POST",
              path,
              params: group.map((name) => [name, "<40,000 values>"] as const),
              // Its own body: letters, digits and commas need no encoding, and the test does not re-encode 160 KB.
              body: {
                payload: `f=json&${group.map((name) => `${encodeURIComponent(name)}=${hugeList}`).join("&")}`,
                contentType: "application/x-www-form-urlencoded",
              },
            }
          : { method: "POST", path, params: [["f", "json"], ...group.map((name) => [name, value] as const)] }
      // Each parameter alone, so that no other parameter's 400 hides what this one does.
      const refusals = await checkAll(values.flatMap((value) => names.map((name) => withValue([name], value))))
      // Parameters refused alone with the same answer are usually needed together ("'type' and 'title' property
      // required."): each such group once more, all of them set.
      const groups: Array<Case> = []
      values.forEach((value, valueIndex) => {
        const bySignature = new Map<string, Array<string>>()
        names.forEach((name, nameIndex) => {
          const refusal = refusals[valueIndex * names.length + nameIndex]
          if (refusal !== undefined) bySignature.set(refusal, [...(bySignature.get(refusal) ?? []), name])
        })
        for (const group of bySignature.values()) if (group.length > 1) groups.push(withValue(group, value))
      })
      await checkAll(groups)
      cases += refusals.length + groups.length
      together += groups.length
    }
    expect(cases).toBeGreaterThan(2_000)
    expect(together).toBeGreaterThan(100)
    await expectStillAnswering()
  }, 300_000)

  it("random parameters and bodies at random paths: no 500, always JSON, never an unexpected error", async () => {
    const nasty = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.constantFrom(...parameterValues, "", "\u0000", "{", "[1,2", '{"a":', "null", "-1", "1e309", "NaN"),
      fc.json(),
      fc.integer().map(String),
      // JSON bombs: deep nesting, wide arrays, a huge number of keys, huge numbers.
      fc.constantFrom(
        `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
        `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`,
        `[${Array.from({ length: 50_000 }, () => "0").join(",")}]`,
        `{${Array.from({ length: 20_000 }, (_, index) => `"k${index}":${index}`).join(",")}}`,
        `{"xmin":1e308,"ymin":-1e308,"xmax":${"9".repeat(400)},"ymax":0}`,
      ),
    )
    const request = fc
      .record({
        // An index, resolved to a path: a counterexample then reads as a path, not as the handler's source.
        target: fc.integer({ min: 0, max: targets.length - 1 }),
        hostileSlots: fc.array(fc.constantFrom(...segmentValues), { minLength: 0, maxLength: 3 }),
        method: fc.constantFrom("GET", "POST", "POST", "POST", "PUT", "DELETE"),
        encoding: fc.constantFrom("form", "multipart", "json", "garbage", "truncated-multipart"),
        names: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
        values: fc.array(nasty, { minLength: 8, maxLength: 8 }),
        picks: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        authenticated: fc.boolean(),
      })
      .map(({ target: index, hostileSlots, names, values, picks, ...rest }) => {
        const target = targets[index] as Target
        const known = parametersOf(target)
        const params = values.map(
          (value, index) =>
            [
              index < names.length ? (names[index] ?? "") : (known[(picks[index] ?? 0) % known.length] ?? "q"),
              value,
            ] as const,
        )
        return { path: render(target.template, () => "<slot>"), index, hostileSlots, params, ...rest }
      })
    const fixture = await makeFixture({ user: true, item: true, resource: true, folder: true, group: true })
    await fc.assert(
      fc.asyncProperty(request, async ({ index, hostileSlots, method, encoding, params, authenticated }) => {
        const target = targets[index] as Target
        const valid = validFill(fixture, target.operation)
        const path = pathOf(target, (slot, index) => hostileSlots[index] ?? valid(slot))
        const all = [...params]
        let body: Case["body"]
        if (method !== "GET" && encoding === "json")
          body = { payload: JSON.stringify(Object.fromEntries(all)), contentType: "application/json" }
        else if (method !== "GET" && encoding === "garbage")
          body = {
            payload: new Uint8Array([0xff, 0xfe, 0x00, 0x7b, 0x22]),
            contentType: "application/x-www-form-urlencoded",
          }
        else if (method !== "GET" && encoding === "truncated-multipart")
          body = {
            payload: `--XYZ\r\nContent-Disposition: form-data; name="f"\r\n\r\njson\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nabc`,
            contentType: "multipart/form-data; boundary=XYZ",
          }
        else if (method !== "GET" && encoding === "multipart") {
          const form = new FormData()
          for (const [name, value] of all) form.append(name, value)
          form.append("file", new Blob([new Uint8Array(64)]), "x.bin")
          body = { payload: form }
        }
        await check({ method, path, params: all, authenticated, body })
      }),
      { numRuns: 600 },
    )
    await expectStillAnswering()
  }, 300_000)

  it("a URL too long for the HTTP parser: a JSON error envelope, not Node's empty 431", async () => {
    const response = await fetch(`${emulator.restUrl}/search?f=json&q=${"x".repeat(40_000)}`)
    expect(response.status).toBe(431)
    const parsed = (await response.json()) as { error?: { code?: number; message?: string } }
    expect(parsed.error?.code).toBe(400)
    expect(parsed.error?.message).toContain("POST")
    await expectStillAnswering()
  })
})
