/**
 * Creating accounts: `createUser` (Portal Admin API), `portals/self/invite` (users created directly, as on ArcGIS
 * Online) and `community/signUp` (when the org allows it). Never an account above the caller's own role.
 */
import { canGrantRole, has, requirePrivilege, requireUser } from "../../authorization.ts"
import { viewerRoleId } from "../../built-in-roles.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden } from "../../errors.ts"
import { hashPassword, hex32 } from "../../ids.ts"
import { limitList } from "../../request.ts"
import { transaction } from "../../storage/database.ts"
import { orgOf } from "../../storage/portal.ts"
import { findUser, insertUser, usernameTakenIgnoringCase } from "../../storage/users.ts"
import { resolveRole } from "./common.ts"

const usernamePattern = /^[A-Za-z0-9_@.-]{6,24}$/

/** An account to create, as a request describes it. */
interface AccountFields {
  readonly username: string
  readonly password: string | undefined
  readonly firstname: string
  readonly lastname: string
  readonly fullname?: string
  readonly email: string
  readonly description?: string | undefined
  readonly role?: string | undefined
  readonly provider?: string | undefined
  readonly idpUsername?: string | undefined
  readonly level?: string | undefined
  readonly userType?: string | undefined
}

/** Checks a new account's fields (400 envelopes) and stores it; run inside the caller's transaction. */
const insertAccount = (context: Context, fields: AccountFields) => {
  const { db } = context
  if (!usernamePattern.test(fields.username))
    throw badRequest("Invalid username.", ["Usernames are 6 to 24 letters, digits or _ @ - ."])
  const provider = fields.provider ?? "arcgis"
  if (provider !== "arcgis" && provider !== "enterprise")
    throw badRequest("Invalid provider.", ["provider must be arcgis or enterprise."])
  if (provider === "arcgis" && (fields.password === undefined || fields.password.length < 8))
    throw badRequest("Invalid password.", ["Passwords have at least 8 characters."])
  if (provider === "enterprise" && !fields.idpUsername)
    throw badRequest("Invalid request", ["idpUsername is required for enterprise users."])
  if (!fields.email.includes("@") || fields.email.length > 256)
    throw badRequest("Invalid email.", ["A valid email is required."])
  if (
    fields.firstname === "" ||
    fields.lastname === "" ||
    fields.firstname.length > 128 ||
    fields.lastname.length > 128
  )
    throw badRequest("Invalid request", ["firstname and lastname are required."])
  const { role, roleId } = resolveRole(db, fields.role)
  const level = fields.level ?? (roleId === viewerRoleId ? "1" : "2")
  if (level !== "1" && level !== "2") throw badRequest("Invalid level.", ["level must be 1 or 2."])
  if (findUser(db, fields.username) !== undefined || usernameTakenIgnoringCase(db, fields.username)) {
    throw badRequest("Username already exists.", [`The username '${fields.username}' is not available.`])
  }
  const time = Date.now()
  insertUser(db, {
    username: fields.username,
    id: hex32(),
    passwordHash: hashPassword(fields.password ?? hex32()),
    firstName: fields.firstname,
    lastName: fields.lastname,
    fullName: fields.fullname ?? `${fields.firstname} ${fields.lastname}`,
    email: fields.email,
    description: fields.description ?? null,
    role,
    roleId,
    level,
    userType: fields.userType ?? (level === "1" ? "viewerUT" : "creatorUT"),
    provider,
    idpUsername: fields.idpUsername ?? null,
    created: time,
  })
}

/** `POST <portal>/portaladmin/security/users/createUser` — answered in the admin API's envelope. */
export const createUser = (context: Context) => {
  // The "Add members" privilege (or Security and Infrastructure), and never an account above the caller's own.
  requireUser(context)
  if (!has(context, "portal:admin:inviteUsers") && !has(context, "portal:admin:manageSecurity")) throw forbidden()
  const p = context.params
  if (!canGrantRole(context, resolveRole(context.db, p.get("role")).roleId)) throw forbidden()
  transaction(context.db, () =>
    insertAccount(context, {
      username: p.get("username") ?? "",
      password: p.get("password"),
      firstname: p.get("firstname") ?? "",
      lastname: p.get("lastname") ?? "",
      email: p.get("email") ?? "",
      description: p.get("description"),
      role: p.get("role"),
      provider: p.get("provider"),
      idpUsername: p.get("idpUsername"),
      level: p.get("level"),
      userType: p.get("userLicenseTypeId"),
    }),
  )
  return { status: "success" }
}

/** The most invitations one `invite` call takes. */
const maxInvitations = 100

/** `POST portals/self/invite` (the Online path): creates the invited users directly. */
export const inviteUsers = (context: Context) => {
  requirePrivilege(context, "portal:admin:inviteUsers")
  const list = context.params.get("invitationList")
  let invitations: Array<Record<string, unknown>>
  try {
    const parsed = JSON.parse(list ?? "") as { invitations?: unknown }
    if (!Array.isArray(parsed.invitations)) throw new Error("no invitations")
    if (!parsed.invitations.every((entry) => typeof entry === "object" && entry !== null && !Array.isArray(entry)))
      throw new Error("an invitation is not an object")
    invitations = parsed.invitations as Array<Record<string, unknown>>
  } catch {
    throw badRequest("Invalid request", ["'invitationList' must be {\"invitations\": [{...}, ...]}."])
  }
  // Each invitation hashes a password (tens of milliseconds of CPU): a bounded list keeps one call short.
  limitList("invitationList", invitations, maxInvitations)
  // Nobody invites an account above their own: the whole request is refused before anyone is created.
  for (const invitation of invitations) {
    const role = typeof invitation.role === "string" ? invitation.role : undefined
    let roleId: string | undefined
    try {
      roleId = resolveRole(context.db, role).roleId
    } catch {
      roleId = undefined // an unknown role: that invitation lands in notInvited below
    }
    if (roleId !== undefined && !canGrantRole(context, roleId)) throw forbidden()
  }
  const notInvited: Array<string> = []
  for (const invitation of invitations) {
    const text = (key: string) => (typeof invitation[key] === "string" ? (invitation[key] as string) : undefined)
    try {
      transaction(context.db, () =>
        insertAccount(context, {
          username: text("username") ?? "",
          password: text("password") ?? `${hex32()}Aa1!`,
          firstname: text("firstname") ?? "",
          lastname: text("lastname") ?? "",
          ...(text("fullname") ? { fullname: text("fullname") as string } : {}),
          email: text("email") ?? "",
          role: text("role"),
          level: invitation.level === undefined ? undefined : String(invitation.level),
        }),
      )
    } catch {
      notInvited.push(text("username") ?? "")
    }
  }
  return { success: true, notInvited }
}

/** `POST community/signUp`: a Viewer account, when the org lets people sign up (`canSignUpUsers`). */
export const signUp = (context: Context) => {
  const { properties } = orgOf(context.db)
  if (properties.canSignUpUsers !== true) throw forbidden()
  const p = context.params
  const [firstname, ...rest] = (p.get("fullname") ?? "").trim().split(/\s+/)
  transaction(context.db, () =>
    insertAccount(context, {
      username: p.get("username") ?? "",
      password: p.get("password"),
      firstname: firstname ?? "",
      lastname: rest.join(" ") || (firstname ?? ""),
      email: p.get("email") ?? "",
      role: viewerRoleId,
    }),
  )
  return { success: true }
}
