/**
 * `pnpm demo` — starts the emulator in-process and runs the tour as the seeded publisher.
 * `pnpm demo -- --portal https://host/portal --username me` — the same tour against a real portal;
 * the password comes from ARCGIS_PASSWORD or a prompt that does not echo.
 */
import { createInterface } from "node:readline"
import { Writable } from "node:stream"
import { parseArgs } from "node:util"
import { startEmulator } from "@arcgis-portal/emulator"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { tour } from "./Tour.ts"

const promptHidden = (question: string): Promise<string> =>
  new Promise((resolve) => {
    let muted = false
    const output = new Writable({
      write(chunk, _encoding, done) {
        if (!muted) process.stdout.write(chunk)
        done()
      },
    })
    const rl = createInterface({ input: process.stdin, output, terminal: true })
    rl.question(question, (answer) => {
      rl.close()
      process.stdout.write("\n")
      resolve(answer)
    })
    muted = true
  })

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: { portal: { type: "string" }, username: { type: "string" } },
})

const main = async (): Promise<number> => {
  if (values.portal !== undefined) {
    if (!values.username) {
      console.error("--portal needs --username (the password comes from ARCGIS_PASSWORD or a prompt).")
      return 2
    }
    const password = process.env.ARCGIS_PASSWORD ?? (await promptHidden(`Password for ${values.username}: `))
    await Effect.runPromise(
      tour({
        url: values.portal,
        username: values.username,
        password: Redacted.make(password),
        log: (line) => console.log(line),
      }),
    )
    return 0
  }
  const emulator = await startEmulator()
  console.log(`Started the portal emulator at ${emulator.url}`)
  try {
    const account = emulator.accounts.publisher
    await Effect.runPromise(
      tour({
        url: emulator.url,
        username: account.username,
        password: Redacted.make(account.password),
        admin: {
          username: emulator.accounts.admin.username,
          password: Redacted.make(emulator.accounts.admin.password),
        },
        // The emulator's server runs on this machine: any local folder can be registered.
        datastoreFolder: emulator.dataDir,
        log: (line) => console.log(line),
      }),
    )
  } finally {
    await emulator.stop()
    console.log("Stopped the emulator.")
  }
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The demo failed: ${String(error)}`)
    process.exit(1)
  },
)
