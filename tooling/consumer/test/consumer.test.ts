// An application on another compatible effect version installs the packed @arcgis-portal packages: it must end up
// with one copy of effect (its own), typecheck under NodeNext and Bundler resolution, and run against the emulator
// with a password it redacted with its own effect. `effect` is a peer dependency of every package for exactly this;
// an exact dependency gives each package a nested copy, tsc errors and "Unable to get redacted value" at run time.
//
// The packages are packed from their built dist/ (turbo builds them first: they are this package's devDependencies)
// and installed with npm from its cache, as a user would. One install serves every test.
import { spawn } from "node:child_process"
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { delimiter, dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

/** The app's effect: inside the packages' peer range, and not the version the workspace builds with. */
const appEffectVersion = process.env.CONSUMER_EFFECT_VERSION ?? "4.0.6"
/** Packed and installed: every public package the app reaches (the emulator runs here, in the test process). */
const packages = ["auth-oauth", "auth-token", "content", "core", "datastores", "gis", "resources", "users-groups-roles"]
/**
 * Packed too, but installed only by the last test: the optional peers of `@arcgis-portal/gis` (its Node entry's
 * PKI and proxy, which pull in undici). The app must typecheck and run without them.
 */
const optionalPeers = ["auth-pki", "auth-proxy"]

const root = fileURLToPath(new URL("../../../", import.meta.url))
const appSource = fileURLToPath(new URL("../app/", import.meta.url))

// Generous: `pnpm test` runs every package's suite at once on two busy CPUs.
const installTimeout = 300_000
const commandTimeout = 180_000

interface Result {
  readonly code: number | null
  readonly output: string
}

/**
 * The environment of the npm, tsc and app processes: this Node first on the PATH, without the npm_/pnpm_ settings
 * pnpm passes to scripts. `--use-system-ca`: npm run by the project's Node does not read the machine's global npmrc
 * (its CA file), and turbo does not pass NODE_EXTRA_CA_CERTS on, so npm would trust only Node's bundled CAs (and,
 * behind a TLS-inspecting proxy, retry until the install times out).
 */
const childEnvironment = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const environment: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_)/i.test(name)) environment[name] = value
  }
  const systemCa = process.allowedNodeEnvironmentFlags.has("--use-system-ca") ? "--use-system-ca" : undefined
  const nodeOptions = [environment.NODE_OPTIONS, systemCa].filter((option) => option !== undefined)
  return {
    ...environment,
    PATH: [dirname(process.execPath), environment.PATH].filter((part) => part !== undefined).join(delimiter),
    NODE_OPTIONS: nodeOptions.join(" "),
    ...extra,
  }
}

const run = (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly timeout: number; readonly env?: NodeJS.ProcessEnv },
): Promise<Result> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? childEnvironment(),
      stdio: ["ignore", "pipe", "pipe"],
    })
    let output = ""
    child.stdout.on("data", (chunk) => {
      output += chunk
    })
    child.stderr.on("data", (chunk) => {
      output += chunk
    })
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`${command} ${args.join(" ")} timed out after ${options.timeout} ms\n${output}`))
    }, options.timeout)
    child.on("error", (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })

const succeed = async (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly timeout: number; readonly env?: NodeJS.ProcessEnv },
): Promise<string> => {
  const result = await run(command, args, options)
  if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.code}\n${result.output}`)
  return result.output
}

const readJson = async (path: string): Promise<Record<string, unknown>> => JSON.parse(await readFile(path, "utf8"))

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  )

/** Every installed `effect` in the tree under `modules` (a node_modules folder), nested ones included. */
const effectCopies = async (modules: string): Promise<ReadonlyArray<string>> => {
  if (!(await exists(modules))) return []
  const found: Array<string> = []
  for (const entry of await readdir(modules)) {
    if (entry.startsWith(".")) continue
    const names = entry.startsWith("@")
      ? (await readdir(join(modules, entry))).map((name) => join(entry, name))
      : [entry]
    for (const name of names) {
      if (name === "effect") found.push(join(modules, name))
      found.push(...(await effectCopies(join(modules, name, "node_modules"))))
    }
  }
  return found
}

let work: string
let app: string
let emulator: EmulatorHandle | undefined
const tarballs: Record<string, string> = {}

beforeAll(
  async () => {
    work = await mkdtemp(join(tmpdir(), "arcgis-portal-consumer-"))
    app = join(work, "app")
    const packs = join(work, "packs")
    await mkdir(packs)
    await cp(appSource, app, { recursive: true })

    // pnpm pack turns `workspace:*` into the packages' versions, as publishing does.
    await succeed(
      "npx",
      [
        "-y",
        "pnpm@12.21.0",
        "-r",
        ...[...packages, ...optionalPeers].flatMap((name) => ["--filter", `@arcgis-portal/${name}`]),
        "pack",
        "--pack-destination",
        packs,
      ],
      { cwd: root, timeout: commandTimeout },
    )
    const dependencies: Record<string, string> = {}
    for (const name of [...packages, ...optionalPeers]) {
      const { version } = await readJson(join(root, "packages", name, "package.json"))
      const tarball = join(packs, `arcgis-portal-${name}-${version}.tgz`)
      expect(await exists(tarball), tarball).toBe(true)
      tarballs[name] = tarball
      if (packages.includes(name)) dependencies[`@arcgis-portal/${name}`] = `file:${tarball}`
    }
    const manifest = {
      name: "consumer-app",
      private: true,
      type: "module",
      dependencies: { ...dependencies, effect: appEffectVersion },
      devDependencies: { "@types/node": "24.19.2", typescript: "7.0.2" },
      // The packages depend on each other by version (0.0.0, not published): point those at the tarballs too, so npm
      // never asks the registry for them. effect is not overridden: it resolves as the packages declare it.
      overrides: dependencies,
    }
    await writeFile(join(app, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`)

    // The emulator starts (scrypt-hashed seed passwords: slow on busy CPUs) while npm installs.
    const started = startEmulator().then((handle) => {
      emulator = handle
    })
    // npm fails with ERESOLVE when the app's effect is outside a package's peer range.
    const installed = succeed("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], {
      cwd: app,
      timeout: installTimeout,
    })
    await Promise.all([started, installed])
  },
  installTimeout + 2 * commandTimeout,
)

afterAll(async () => {
  await emulator?.stop()
  if (work !== undefined) await rm(work, { recursive: true, force: true })
}, commandTimeout)

describe(`an app on effect ${appEffectVersion} with the packed packages`, () => {
  it("has not installed gis's optional peers (auth-pki, auth-proxy) and their undici", async () => {
    for (const name of [...optionalPeers.map((peer) => `@arcgis-portal/${peer}`), "undici"]) {
      expect(await exists(join(app, "node_modules", name)), name).toBe(false)
    }
  })

  it("has one copy of effect, its own", async () => {
    const copies = await effectCopies(join(app, "node_modules"))
    expect(copies.map((path) => path.slice(app.length + 1))).toEqual([join("node_modules", "effect")])
    const { version } = await readJson(join(app, "node_modules", "effect", "package.json"))
    expect(version).toBe(appEffectVersion)
  })

  for (const resolution of ["nodenext", "bundler"]) {
    it.concurrent(
      `typechecks with moduleResolution ${resolution} (and checks the packages' declarations)`,
      async () => {
        const tsc = join(app, "node_modules", "typescript", "bin", "tsc")
        const result = await run(process.execPath, [tsc, "-p", `tsconfig.${resolution}.json`], {
          cwd: app,
          timeout: commandTimeout,
        })
        expect(result.code, result.output).toBe(0)
        expect(result.output).toBe("")
      },
      commandTimeout,
    )
  }

  it(
    "signs in with a password redacted by its own effect and works with items",
    async () => {
      if (emulator === undefined) throw new Error("the emulator did not start")
      const result = await run(process.execPath, ["main.ts"], {
        cwd: app,
        timeout: commandTimeout,
        env: childEnvironment({
          PORTAL_URL: emulator.url,
          PORTAL_USERNAME: emulator.accounts.publisher.username,
          PORTAL_PASSWORD: emulator.accounts.publisher.password,
        }),
      })
      expect(result.code, result.output).toBe(0)
      const summary = JSON.parse(result.output.trim().split("\n").at(-1) ?? "")
      expect(summary.added).toBe("Consumer test map")
      expect(summary.owned).toBeGreaterThan(0)
      expect(summary.promiseFace).toBeGreaterThan(0)
      // The Node and content entries, without the optional peers; the content entry's request log has paths only.
      expect(summary.nodeFace).toBeGreaterThan(0)
      expect(summary.contentFace).toBeGreaterThan(0)
      expect(summary.requests).toContain("/portal/sharing/rest/generateToken")
      expect(result.output).not.toContain(emulator.accounts.publisher.password)
    },
    commandTimeout,
  )

  it(
    "installs the optional peers beside them on the same effect, and the Node entry's plugins load",
    async () => {
      await succeed(
        "npm",
        [
          "install",
          "--no-audit",
          "--no-fund",
          "--prefer-offline",
          "--ignore-scripts",
          ...optionalPeers.map((name) => `file:${tarballs[name]}`),
        ],
        { cwd: app, timeout: installTimeout },
      )
      const copies = await effectCopies(join(app, "node_modules"))
      expect(copies.map((path) => path.slice(app.length + 1))).toEqual([join("node_modules", "effect")])
      const loaded = await run(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          'const [pki, proxy] = await Promise.all([import("@arcgis-portal/auth-pki"), import("@arcgis-portal/auth-proxy")]); console.log(typeof pki.clientCertificate, typeof proxy.throughProxy)',
        ],
        { cwd: app, timeout: commandTimeout },
      )
      expect(loaded.output.trim()).toBe("function function")
    },
    installTimeout,
  )
})
