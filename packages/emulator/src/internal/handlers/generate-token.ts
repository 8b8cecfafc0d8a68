/**
 * `generateToken` (digest §3.1): a token for a username and password, for a PKI client certificate's user, or — a
 * federated-server exchange — for the caller of a portal token; bound to what `client` names.
 */
import { requireSession } from "../authorization.ts"
import type { Context } from "../context.ts"
import { badRequest } from "../errors.ts"
import { verifyPassword } from "../ids.ts"
import { transaction } from "../storage/database.ts"
import { findUser, setLastLogin } from "../storage/users.ts"
import { issueToken, minutesParam } from "../tokens.ts"

/**
 * What `client` binds a token to (digest §3.1): `ip` the given address, `requestip` the caller's, `referer` the given
 * referer (then checked against the `Referer` header of the requests that use the token). Without `client`, a
 * `referer` still binds; with neither, the token is unbound.
 */
const binding = (context: Context): { referer: string | null; binding: "ip" | "referer" | null } => {
  const { params } = context
  const client = params.get("client")?.toLowerCase()
  const referer = params.get("referer") || params.get("referrer")
  switch (client) {
    case undefined:
    case "":
      return referer ? { referer, binding: "referer" } : { referer: null, binding: null }
    case "referer":
      if (!referer) throw badRequest("Unable to generate token.", ["'referer' is required when client is referer."])
      return { referer, binding: "referer" }
    case "ip": {
      const ip = params.get("ip")
      if (!ip) throw badRequest("Unable to generate token.", ["'ip' is required when client is ip."])
      return { referer: ip, binding: "ip" }
    }
    case "requestip":
      return { referer: context.requestIp, binding: "ip" }
    default:
      throw badRequest("Unable to generate token.", ["Invalid client type."])
  }
}

/** `POST generateToken`. */
export const generateToken = (context: Context) => {
  const { params, db } = context
  const username = params.get("username")
  const password = params.get("password")
  const bound = binding(context)
  const minutes = minutesParam(params, 60)
  if (params.get("serverurl") !== undefined && params.get("token") !== undefined) {
    // Federated-server token exchange: the caller is already authenticated by its portal token — as themself:
    // an API key's privileges would not travel with a server token, so a key cannot be exchanged.
    const user = requireSession(context)
    const issued = issueToken(db, context.settings, {
      username: user.username,
      clientId: null,
      kind: "server",
      minutes,
      ...bound,
    })
    return { ...issued, ssl: context.settings.allSsl === true }
  }
  if (!username && !password && context.certificateUser !== undefined) {
    // PKI: the client certificate already identified the user; no password is involved.
    const user = context.certificateUser
    return {
      ...issueToken(db, context.settings, { username: user.username, clientId: null, kind: "user", minutes, ...bound }),
      ssl: true,
    }
  }
  if (!username || !password) throw badRequest("Unable to generate token.", ["Invalid username or password."])
  const user = findUser(db, username)
  if (user === undefined || !verifyPassword(password, user.password_hash)) {
    throw badRequest("Unable to generate token.", ["Invalid username or password."])
  }
  if (user.disabled === 1) throw badRequest("Unable to generate token.", ["This account has been disabled."])
  return transaction(db, () => {
    setLastLogin(db, user.username, Date.now())
    return {
      ...issueToken(db, context.settings, { username: user.username, clientId: null, kind: "user", minutes, ...bound }),
      ssl: context.settings.allSsl === true,
    }
  })
}
