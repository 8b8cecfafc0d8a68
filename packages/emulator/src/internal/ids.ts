/** Identifiers, secrets and hashes in the portal's formats. */
import { createHash, randomBytes, randomUUID, scryptSync, timingSafeEqual } from "node:crypto"

export const hex32 = (): string => randomBytes(16).toString("hex")
export const alnum = (length: number): string => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
  const bytes = randomBytes(length)
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join("")
}
export const jobId = (): string => randomUUID()
export const opaqueToken = (): string => randomBytes(48).toString("base64url")
export const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex")

export const hashPassword = (password: string): string => {
  const salt = randomBytes(16)
  return `scrypt$${salt.toString("hex")}$${scryptSync(password, salt, 32).toString("hex")}`
}

export const verifyPassword = (password: string, stored: string): boolean => {
  const [scheme, salt, hash] = stored.split("$")
  if (scheme !== "scrypt" || !salt || !hash) return false
  const expected = Buffer.from(hash, "hex")
  const actual = scryptSync(password, Buffer.from(salt, "hex"), expected.length)
  return timingSafeEqual(expected, actual)
}

export const isHex32 = (value: string): boolean => /^[0-9a-f]{32}$/.test(value)
