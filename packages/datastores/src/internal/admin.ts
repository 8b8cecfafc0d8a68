/**
 * Where admin requests go and how data item JSON travels: absolute URLs under `<admin>/data`, the
 * federated server's credentials, and item JSON that may hold secrets sent as a `Redacted` body
 * parameter (so it only ever travels in a POST body and never shows in a span, log or error).
 */
import type { PortalRequest } from "@arcgis-portal/core"
import * as Redacted from "effect/Redacted"

/** The federated server an admin request is sent to. */
export interface AdminTarget {
  /** The admin root: `https://host/server/admin`. */
  readonly adminUrl: string
  /** The server root the token is exchanged for: `https://host/server`. */
  readonly serverUrl: string
}

/** The fixed parts of an admin request: absolute URL and the server's credentials. */
export const adminRequest = (
  target: AdminTarget,
  suffix: string,
): Pick<PortalRequest.PortalRequest, "path" | "credentials"> => ({
  path: `${target.adminUrl}/data/${suffix}`,
  credentials: { server: target.serverUrl },
})

/** `items/fileShares/my%20share` for the item path `/fileShares/my share`. */
export const itemSuffix = (path: string): string =>
  `items${path
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => `/${encodeURIComponent(segment)}`)
    .join("")}`

/** A JSON value in which secrets may be `Redacted`. */
export type ItemJson = { readonly [key: string]: unknown }

const reveal = (value: unknown): unknown => {
  if (Redacted.isRedacted(value)) return Redacted.value(value)
  if (Array.isArray(value)) return value.map(reveal)
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, reveal(entry)]))
  }
  return value
}

/**
 * Item JSON as a body parameter: secrets revealed into the JSON, and the JSON itself wrapped as a
 * secret, because a data item's connection string carries credentials.
 */
export const secretJson = (item: ItemJson): Redacted.Redacted<string> => Redacted.make(JSON.stringify(reveal(item)))
