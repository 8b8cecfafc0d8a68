/**
 * Client keys in the forms users bring them, made at test time: a PEM private key encrypted with a passphrase
 * (PKCS#8, `-----BEGIN ENCRYPTED PRIVATE KEY-----`) and a PKCS#12 bundle (RFC 7292) holding a certificate and its
 * key — the key shrouded with PBES2 (PBKDF2, AES-256-CBC), the bundle's integrity an HMAC-SHA256 under a key derived
 * from the passphrase with PKCS#12's own KDF (RFC 7292, appendix B). What OpenSSL's `pkcs12 -export` writes by
 * default, minus the encryption of the certificate, which a certificate does not need.
 *
 * @module
 */
import { createHash, createHmac, createPrivateKey, randomBytes, X509Certificate } from "node:crypto"

// --- DER, as much of it as a PKCS#12 bundle needs ----------------------------------------------

const lengthOf = (length: number): Buffer => {
  if (length < 0x80) return Buffer.from([length])
  const bytes: Array<number> = []
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}
const element = (tag: number, ...content: ReadonlyArray<Buffer>): Buffer => {
  const value = Buffer.concat(content)
  return Buffer.concat([Buffer.from([tag]), lengthOf(value.length), value])
}
const sequence = (...content: ReadonlyArray<Buffer>) => element(0x30, ...content)
const octetString = (bytes: Buffer) => element(0x04, bytes)
const explicit0 = (...content: ReadonlyArray<Buffer>) => element(0xa0, ...content)
const integer = (value: number): Buffer => {
  const bytes: Array<number> = []
  let rest = value
  do {
    bytes.unshift(rest % 256)
    rest = Math.floor(rest / 256)
  } while (rest > 0)
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0)
  return element(0x02, Buffer.from(bytes))
}
const objectIdentifier = (dotted: string): Buffer => {
  const [first = 0, second = 0, ...rest] = dotted.split(".").map(Number)
  const bytes = [40 * first + second]
  for (const arc of rest) {
    const base128 = [arc % 128]
    for (let high = Math.floor(arc / 128); high > 0; high = Math.floor(high / 128)) base128.unshift(0x80 | (high % 128))
    bytes.push(...base128)
  }
  return element(0x06, Buffer.from(bytes))
}
const nullValue = Buffer.from([0x05, 0x00])

const oid = {
  data: "1.2.840.113549.1.7.1",
  certBag: "1.2.840.113549.1.12.10.1.3",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  sha256: "2.16.840.1.101.3.4.2.1",
} as const

/** A PKCS#7 `data` ContentInfo around `content`. */
const data = (content: Buffer) => sequence(objectIdentifier(oid.data), explicit0(octetString(content)))

/**
 * PKCS#12's key derivation (RFC 7292, appendix B.2) with SHA-256: `id` 3 derives the MAC key. The password is taken
 * as a BMPString (UTF-16BE) with its two-byte terminator.
 */
const derive = (passphrase: string, salt: Buffer, id: number, iterations: number, size: number): Buffer => {
  const u = 32
  const v = 64
  const password = Buffer.alloc((passphrase.length + 1) * 2)
  for (let index = 0; index < passphrase.length; index++)
    password.writeUInt16BE(passphrase.charCodeAt(index), index * 2)
  const stretch = (bytes: Buffer) => {
    const length = bytes.length === 0 ? 0 : v * Math.ceil(bytes.length / v)
    const out = Buffer.alloc(length)
    for (let index = 0; index < length; index++) out[index] = bytes[index % bytes.length] ?? 0
    return out
  }
  const input = Buffer.concat([stretch(salt), stretch(password)])
  const diversifier = Buffer.alloc(v, id)
  const blocks: Array<Buffer> = []
  for (let produced = 0; produced < size; produced += u) {
    let block = createHash("sha256").update(diversifier).update(input).digest()
    for (let round = 1; round < iterations; round++) block = createHash("sha256").update(block).digest()
    blocks.push(block)
    const addend = stretch(block)
    for (let offset = 0; offset < input.length; offset += v) {
      let carry = 1
      for (let index = v - 1; index >= 0; index--) {
        const sum = (input[offset + index] ?? 0) + (addend[index] ?? 0) + carry
        input[offset + index] = sum & 0xff
        carry = sum >> 8
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, size)
}

/**
 * A PEM private key encrypted with `passphrase`: PKCS#8 with PBES2 and AES-256-CBC, as
 * `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes it.
 *
 * @example
 * import { ClientKeys } from "@arcgis-portal/auth-pki/testing"
 * declare const keyPem: string
 * const encrypted = ClientKeys.encrypt(keyPem, "a passphrase")
 */
export const encrypt = (key: string, passphrase: string): string =>
  createPrivateKey(key).export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase }).toString()

/** What {@link pkcs12} bundles. */
export interface Pkcs12Options {
  /** The certificate (PEM). */
  readonly cert: string
  /** Its private key (PEM, unencrypted). */
  readonly key: string
  /** Protects the key and the bundle's integrity. */
  readonly passphrase: string
  /** Of both key derivations. Default 2048 (OpenSSL's). */
  readonly iterations?: number | undefined
}

/**
 * A PKCS#12 bundle (the bytes of a `.p12`/`.pfx` file) of a certificate and its key, protected by a passphrase.
 *
 * @example
 * import { ClientKeys } from "@arcgis-portal/auth-pki/testing"
 * declare const pair: { cert: string; key: string }
 * const pfx = ClientKeys.pkcs12({ ...pair, passphrase: "a passphrase" })
 */
export const pkcs12 = (options: Pkcs12Options): Uint8Array => {
  const iterations = options.iterations ?? 2048
  const certificate = Buffer.from(new X509Certificate(options.cert).raw)
  const shrouded = createPrivateKey(options.key).export({
    type: "pkcs8",
    format: "der",
    cipher: "aes-256-cbc",
    passphrase: options.passphrase,
  })
  const certificates = sequence(
    sequence(
      objectIdentifier(oid.certBag),
      explicit0(sequence(objectIdentifier(oid.x509Certificate), explicit0(octetString(certificate)))),
    ),
  )
  const keys = sequence(sequence(objectIdentifier(oid.shroudedKeyBag), explicit0(shrouded)))
  const authenticatedSafe = sequence(data(certificates), data(keys))
  const salt = randomBytes(16)
  const mac = createHmac("sha256", derive(options.passphrase, salt, 3, iterations, 32))
    .update(authenticatedSafe)
    .digest()
  const macData = sequence(
    sequence(sequence(objectIdentifier(oid.sha256), nullValue), octetString(mac)),
    octetString(salt),
    integer(iterations),
  )
  return new Uint8Array(sequence(integer(3), data(authenticatedSafe), macData))
}
