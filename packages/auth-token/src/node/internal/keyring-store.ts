/**
 * The OS keyring as a secret store: `@napi-rs/keyring` (an optional dependency, loaded with a dynamic import the
 * first time a profile needs it), probed once per process — installed is not enough, it must also work here (a
 * headless Linux machine has no Secret Service). Says why it is not available, so a program can tell its user in one
 * line where the secret went instead. One keyring account per profile: `profile:<name>` of the service
 * `arcgis-portal`.
 */
import { randomBytes } from "node:crypto"

/** A secret store with the shape of an OS keyring (one secret per account). */
export interface Keyring {
  /** The secret saved for `account` (one account per profile), or `null`/`undefined` when there is none. */
  readonly get: (account: string) => string | null | undefined
  /** Saves `secret` for `account`, replacing the one saved before. */
  readonly set: (account: string, secret: string) => void
  /** Removes the secret of `account`; may throw when there is none (the caller ignores it). */
  readonly delete: (account: string) => void
}

/**
 * Whether the OS keyring can hold secrets here: `"available"`; `"notInstalled"` (the optional `@napi-rs/keyring` is
 * not installed, or has no build for this platform); `"notWorking"` (installed, but the platform's store refused a
 * probe: no Secret Service, a locked keychain).
 */
export type KeyringAvailability = "available" | "notInstalled" | "notWorking"

/** What the probe found: the keyring, or why there is none. */
export type Detected =
  | { readonly availability: "available"; readonly keyring: Keyring }
  | { readonly availability: "notInstalled" | "notWorking"; readonly keyring: undefined }

/** Where the secrets go: `"auto"`, `"off"`, `"required"` or a keyring of the caller's own. */
export type KeyringChoice = "auto" | "off" | "required" | Keyring | undefined

interface NativeEntry {
  getPassword(): string | null
  setPassword(password: string): void
  deletePassword(): boolean
}

const service = "arcgis-portal"

/** The keyring account of a profile. */
export const account = (name: string): string => `profile:${name}`

/**
 * Loads the native module with `load` and probes it (set, get, delete an entry of its own). Separate from the
 * process-wide cache so that tests can give a module that is missing or does not work.
 */
export const detectWith = async (load: () => Promise<unknown>): Promise<Detected> => {
  let module: { Entry: new (service: string, account: string) => NativeEntry }
  try {
    module = (await load()) as typeof module
    if (typeof module?.Entry !== "function") return { availability: "notInstalled", keyring: undefined }
  } catch {
    // Not installed, or installed without a native build for this platform: either way, nothing to load.
    return { availability: "notInstalled", keyring: undefined }
  }
  try {
    const entry = (name: string) => new module.Entry(service, name)
    const probe = entry(`probe-${randomBytes(6).toString("hex")}`)
    probe.setPassword("probe")
    const works = probe.getPassword() === "probe"
    probe.deletePassword()
    if (!works) return { availability: "notWorking", keyring: undefined }
    return {
      availability: "available",
      keyring: {
        get: (name) => entry(name).getPassword(),
        set: (name, secret) => entry(name).setPassword(secret),
        delete: (name) => {
          entry(name).deletePassword()
        },
      },
    }
  } catch {
    return { availability: "notWorking", keyring: undefined }
  }
}

let system: Promise<Detected> | undefined

/** The OS keyring of this process, probed on first use (`@napi-rs/keyring`, loaded only then). */
export const detectSystem = (): Promise<Detected> => {
  system ??= detectWith(() => import("@napi-rs/keyring"))
  return system
}

/**
 * The OS keyring through `@napi-rs/keyring` (an optional dependency), or `undefined` when it is not
 * installed or does not work here — e.g. a headless Linux machine without a Secret Service.
 */
export const detectSystemKeyring = (): Promise<Keyring | undefined> => detectSystem().then((found) => found.keyring)

/** The keyring a choice stands for: none for `"off"`, the caller's own, else the system's (if it works). */
export const keyringOf = async (choice: KeyringChoice): Promise<Keyring | undefined> => {
  const chosen = choice ?? "auto"
  if (chosen === "off") return undefined
  if (typeof chosen === "object") return chosen
  return detectSystemKeyring()
}
