/**
 * `pnpm demo` — starts the emulator in-process and runs the whole tour (through `@arcgis-portal/gis`)
 * as the seeded publisher, with the seeded administrator for the chapters that need one.
 * `pnpm demo -- --auth builtin|token|oauth|pki|proxy` — the same tour, signed in another way (each set up
 * for real on the emulator). On the local emulator the tour also clones content into a second local emulator.
 * `pnpm demo -- --portal https://host/portal --username me [--auth …]` — against a real portal; the
 * password comes from ARCGIS_PASSWORD or a prompt that does not echo.
 */
import { createInterface } from "node:readline"
import { Writable } from "node:stream"
import { parseArgs } from "node:util"
import { emulatorSession, type Kind, kinds, portalAuth } from "./Authentication.ts"
import { startSecondPortal } from "./CloneTour.ts"
import { describeFailure } from "./Failure.ts"
import { terminalRedraw } from "./Progress.ts"
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
  options: {
    portal: { type: "string" },
    username: { type: "string" },
    auth: { type: "string", default: "builtin" },
    "client-id": { type: "string" },
    cert: { type: "string" },
    key: { type: "string" },
    proxy: { type: "string" },
  },
})

const log = (line: string) => console.log(line)
/** Progress bars redraw in place on a terminal, and print plain lines into a pipe or a log. */
const redraw = terminalRedraw(process.stdout)
/** The portal the demo talks to, for the failure line: a refused connection says where it tried to go. */
let target: string | undefined

const main = async (): Promise<number> => {
  const kind = values.auth as Kind
  if (!kinds.includes(kind)) {
    console.error(`--auth must be one of ${kinds.join(", ")}`)
    return 2
  }
  if (values.portal !== undefined) {
    const auth = await portalAuth(kind, {
      portal: values.portal,
      username: values.username,
      password: async () => process.env.ARCGIS_PASSWORD ?? (await promptHidden(`Password for ${values.username}: `)),
      clientId: values["client-id"],
      cert: values.cert,
      key: values.key,
      proxy: values.proxy,
    })
    target = values.portal
    await tour({ url: values.portal, auth, log, redraw })
    return 0
  }
  const session = await emulatorSession(kind)
  target = session.url
  console.log(`Started the portal emulator at ${session.url}`)
  console.log(`Signing in with: ${session.describe}`)
  try {
    await tour({
      url: session.url,
      auth: session.auth,
      admin: session.admin,
      // The emulator's server runs on this machine: any local folder can be registered.
      datastoreFolder: session.emulator.dataDir,
      // The clone chapter: into a second local emulator (another org), started and stopped by the chapter.
      cloneTarget: startSecondPortal,
      log,
      redraw,
    })
  } finally {
    await session.close()
    console.log("Stopped the emulator.")
  }
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The demo failed: ${describeFailure(error, target)}`)
    process.exit(1)
  },
)
