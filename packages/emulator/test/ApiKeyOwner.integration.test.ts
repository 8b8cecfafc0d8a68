/** An API key acts as its owner: it stops working once its owner's account is disabled, like the owner's tokens. */
import { afterEach, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client } from "./helpers.ts"

let emulator: EmulatorHandle | undefined

afterEach(async () => {
  await emulator?.stop()
  emulator = undefined
})

const start = async () => {
  const started = await startEmulator()
  emulator = started
  return { emulator: started, api: client(started) }
}

describe("an API key and its owner's account", () => {
  it("an API key stops working once its owner is disabled", async () => {
    const { emulator, api } = await start()
    const self = (token: string) => api.json("community/self", { token })
    expect((await self(emulator.apiKey)).username).toBe("publisher_one")
    const admin = await api.signIn(emulator.accounts.admin)
    expect((await api.json("community/users/publisher_one/disable", { token: admin })).success).toBe(true)
    expect((await self(emulator.apiKey)).error.code).toBe(498)
  })
})
