/** The registered OAuth apps a request names, and the redirect URIs each may send a browser back to. */
import type { Database } from "../../storage/database.ts"
import { type AppRow, findApp } from "../../storage/oauth.ts"

/** The app `clientId` names, if it is registered. */
export const appOf = (db: Database, clientId: string | undefined): AppRow | undefined =>
  clientId ? findApp(db, clientId) : undefined

/** A redirect URI is allowed when registered; loopback URIs match on any port (RFC 8252 §7.3). */
export const redirectAllowed = (app: AppRow, redirect: string): boolean => {
  const registered = JSON.parse(app.redirect_uris) as Array<string>
  if (registered.includes(redirect)) return true
  let url: URL
  try {
    url = new URL(redirect)
  } catch {
    return false
  }
  if (url.protocol !== "http:" || !["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return false
  return registered.some((entry) => {
    try {
      const candidate = new URL(entry)
      return (
        candidate.protocol === "http:" && candidate.hostname === url.hostname && candidate.pathname === url.pathname
      )
    } catch {
      return false
    }
  })
}
