/** Child processes: the emulator and each contender run in processes of their own. */
import { type ChildProcess, spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"

export const benchRoot = fileURLToPath(new URL("../../", import.meta.url))

/** The first JSON line a child prints, after which it keeps running. */
export const firstJsonLine = (child: ChildProcess, what: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    let stderr = ""
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    lines.once("line", (line) => {
      try {
        resolve(JSON.parse(line))
      } catch {
        reject(new Error(`${what}: expected a JSON line, got ${line}\n${stderr}`))
      }
    })
    child.once("exit", (code) => reject(new Error(`${what} exited with ${code} before it was ready\n${stderr}`)))
  })

/**
 * Runs a worker script (`src/workers/<name>.ts`) in a fresh Node process with `config` as its
 * argument; resolves with the JSON it prints on its last line starting with `RESULT `.
 */
export const runWorker = <T>(name: string, config: unknown, options: { readonly quiet?: boolean } = {}): Promise<T> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${benchRoot}src/workers/${name}.ts`, JSON.stringify(config)], {
      cwd: benchRoot,
      stdio: ["ignore", "pipe", "pipe"],
    })
    let result: T | undefined
    let stderr = ""
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.startsWith("RESULT ")) result = JSON.parse(line.slice(7)) as T
      else if (options.quiet !== true) console.log(`    ${line}`)
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on("exit", (code) => {
      if (code === 0 && result !== undefined) resolve(result)
      else reject(new Error(`worker ${name} exited with ${code}\n${stderr.slice(-4000)}`))
    })
  })

/** What a worker prints as its result. */
export const report = (value: unknown): void => {
  process.stdout.write(`RESULT ${JSON.stringify(value)}\n`)
}
