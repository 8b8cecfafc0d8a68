import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Profiles } from "../src/node/index.ts"
import { detectWith } from "../src/node/internal/keyring-store.ts"

/** A stand-in for `@napi-rs/keyring`'s `Entry`, over a map, or one whose platform store refuses every call. */
const moduleWith = (works: boolean) => {
  const store = new Map<string, string>()
  class Entry {
    constructor(
      readonly service: string,
      readonly account: string,
    ) {}
    private refuse() {
      if (!works) throw new Error("Couldn't access platform storage: AccessDenied")
    }
    getPassword() {
      this.refuse()
      return store.get(`${this.service}/${this.account}`) ?? null
    }
    setPassword(password: string) {
      this.refuse()
      store.set(`${this.service}/${this.account}`, password)
    }
    deletePassword() {
      this.refuse()
      return store.delete(`${this.service}/${this.account}`)
    }
  }
  return { module: { Entry }, store }
}

describe("the OS keyring, loaded on demand", () => {
  it("not installed: the dynamic import fails, and the store says notInstalled (secrets go to the file)", async () => {
    const missing = Object.assign(new Error("Cannot find package '@napi-rs/keyring'"), {
      code: "ERR_MODULE_NOT_FOUND",
    })
    const found = await detectWith(() => Promise.reject(missing))
    expect(found).toEqual({ availability: "notInstalled", keyring: undefined })
    // A module without the expected export is no keyring either.
    expect((await detectWith(() => Promise.resolve({}))).availability).toBe("notInstalled")
  })

  it("installed but refused by the platform (no Secret Service): notWorking", async () => {
    const found = await detectWith(() => Promise.resolve(moduleWith(false).module))
    expect(found).toEqual({ availability: "notWorking", keyring: undefined })
  })

  it("working: a keyring whose entries belong to the arcgis-portal service, and the probe leaves nothing behind", async () => {
    const { module, store } = moduleWith(true)
    const found = await detectWith(() => Promise.resolve(module))
    expect(found.availability).toBe("available")
    expect(store.size).toBe(0)
    found.keyring?.set("profile:a", "secret")
    expect(found.keyring?.get("profile:a")).toBe("secret")
    expect([...store.keys()]).toEqual(["arcgis-portal/profile:a"])
    found.keyring?.delete("profile:a")
    expect(store.size).toBe(0)
  })

  it.effect("Profiles.keyringAvailability agrees with the keyring the profiles use", () =>
    Effect.gen(function* () {
      const availability = yield* Profiles.keyringAvailability
      const keyring = yield* Effect.promise(() => Profiles.detectSystemKeyring())
      expect(["available", "notInstalled", "notWorking"]).toContain(availability)
      expect(keyring === undefined).toBe(availability !== "available")
    }),
  )
})
