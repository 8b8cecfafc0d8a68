/**
 * Test certificates made at run time (no files checked in): a CA, a server certificate for the
 * emulator's HTTPS listener, client certificates whose subject CN is a portal username, and a
 * client certificate from a second, untrusted CA. Built with @peculiar/x509 on WebCrypto.
 *
 * @module
 */
// @peculiar/x509 (through tsyringe) needs the Reflect metadata polyfill loaded first.
import "reflect-metadata"
import { webcrypto } from "node:crypto"
import * as x509 from "@peculiar/x509"

x509.cryptoProvider.set(webcrypto as unknown as Crypto)

const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const

/** A certificate and its private key, both PEM. */
export interface KeyPair {
  /** The certificate (PEM). */
  readonly cert: string
  /** Its private key (PKCS #8 PEM). */
  readonly key: string
}

/** What {@link createTestPki} makes: pass `ca` and `server` to `startEmulator`'s `tls`, a client pair to a client. */
export interface TestPki {
  /** The CA that signs the server and the trusted client certificates. */
  readonly ca: KeyPair
  /** The emulator's server certificate (SAN: the host names given, `localhost` and 127.0.0.1). */
  readonly server: KeyPair
  /** One client certificate per username, signed by `ca`. */
  readonly clients: Readonly<Record<string, KeyPair>>
  /** A client certificate for the first username, signed by another CA the server does not trust. */
  readonly untrusted: KeyPair
}

const pem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .trimEnd()}\n-----END ${label}-----\n`

const keys = () => webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"]) as Promise<CryptoKeyPair>

let serial = 1
const validity = () => ({ notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 24 * 3600_000) })

const authority = async (name: string) => {
  const pair = await keys()
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16).padStart(2, "0"),
    name: `CN=${name}`,
    ...validity(),
    signingAlgorithm: algorithm,
    keys: pair,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  })
  return { cert, pair }
}

const leaf = async (
  issuer: Awaited<ReturnType<typeof authority>>,
  subject: string,
  extensions: Array<x509.Extension>,
): Promise<KeyPair> => {
  const pair = await keys()
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(2, "0"),
    subject: `CN=${subject}`,
    issuer: issuer.cert.subject,
    ...validity(),
    signingAlgorithm: algorithm,
    publicKey: pair.publicKey,
    signingKey: issuer.pair.privateKey,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), ...extensions],
  })
  return {
    cert: cert.toString("pem"),
    key: pem("PRIVATE KEY", await webcrypto.subtle.exportKey("pkcs8", pair.privateKey)),
  }
}

/**
 * Makes a CA, a server certificate and client certificates for `usernames`.
 *
 * @example
 * ```ts
 * import { startEmulator } from "@arcgis-portal/emulator"
 * import { Certificates } from "@arcgis-portal/emulator/testing"
 *
 * const pki = await Certificates.createTestPki({ usernames: ["publisher_one"] })
 * const portal = await startEmulator({
 *   tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca.cert, requireClientCertificate: true },
 * })
 * await portal.stop()
 * ```
 */
export const createTestPki = async (options: {
  /** One client certificate is made for each (its subject CN). */
  readonly usernames: ReadonlyArray<string>
  /** Names of the server certificate besides `localhost` (and the address 127.0.0.1). */
  readonly hostnames?: ReadonlyArray<string>
}): Promise<TestPki> => {
  const ca = await authority("arcgis-portal emulator test CA")
  const other = await authority("Untrusted test CA")
  const names = [...new Set([...(options.hostnames ?? []), "localhost"])]
  const server = await leaf(ca, names[0] ?? "localhost", [
    new x509.SubjectAlternativeNameExtension([
      ...names.map((value) => ({ type: "dns" as const, value })),
      { type: "ip", value: "127.0.0.1" },
    ]),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
  ])
  const clients: Record<string, KeyPair> = {}
  for (const username of options.usernames) {
    clients[username] = await leaf(ca, username, [
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ])
  }
  const untrusted = await leaf(other, options.usernames[0] ?? "someone", [
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
  ])
  return {
    ca: {
      cert: ca.cert.toString("pem"),
      key: pem("PRIVATE KEY", await webcrypto.subtle.exportKey("pkcs8", ca.pair.privateKey)),
    },
    server,
    clients,
    untrusted,
  }
}
