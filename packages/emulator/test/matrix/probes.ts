/**
 * The matrix's probes: for every operation of every route the emulator serves, the request that exercises it and
 * the rule (from `spec.ts`) that says who may. A probe lists the targets it addresses; the runner crosses each probe
 * with every principal and target. `fresh`: a case the rule allows changes or consumes its fixture, so each such
 * case gets a fresh one.
 */
import {
  accountRole,
  changesItem,
  entersOwnerPath,
  grantsRole,
  has,
  itemAccess,
  keyEditsFeatures,
  managesAccount,
  managesGroup,
  maySharing,
  memberOf,
  ownerMay,
  type Principal,
  seesFullProfile,
  seesGroup,
  seesItem,
  seesProfile,
  self,
  session,
  sharesAt,
  signedIn,
  type Target,
  usesSpace,
} from "./spec.ts"
import type { Answer, Call } from "./wire.ts"
import type { ItemBundle, World } from "./world.ts"
import { password } from "./world.ts"

export type Verdict = "allow" | "deny" | "error"

export interface Case {
  readonly p: Principal
  readonly t: Target
  readonly w: World
  /** An allowed case of a `fresh` probe: build new fixtures instead of the shared ones. */
  readonly fresh: boolean
}

export interface Probe {
  readonly name: string
  readonly targets: ReadonlyArray<Target>
  readonly allowed: (p: Principal, t: Target) => boolean
  readonly call: (c: Case) => Promise<Call> | Call
  readonly judge?: (answer: Answer, c: Case) => Verdict
  readonly fresh?: boolean
  /** Why no principal of the matrix is allowed (a probe nobody passes must say so). */
  readonly nobody?: string
}

/** Refusals that name a thing as missing or inaccessible (no existence oracle) count as denials. */
const inaccessible = new Set(["CONT_0001", "COM_0003", "COM_0002", "CONT_0011", "ORG_0035"])

/** The portal's answer read as allowed, denied, or neither (a probe that is wrong, or an emulator error). */
export const envelope = (answer: Answer): Verdict => {
  const json = answer.json
  if (answer.status >= 500) return "error"
  if (json === undefined) return answer.status === 200 ? "allow" : "error"
  const error = json.error as { code?: number; messageCode?: string; message?: string } | undefined
  if (error !== undefined) {
    if (error.code === 403 || error.code === 499) return "deny"
    if (error.code === 400 && inaccessible.has(error.messageCode ?? "")) return "deny"
    if (error.code === 404 && /does not exist or is inaccessible|Service not found/.test(error.message ?? ""))
      return "deny"
    return "error"
  }
  if (json.status === "error") return json.code === 403 || json.code === 499 ? "deny" : "error"
  return "allow"
}

/** An envelope, where one authorized-but-refused message also counts: `as` says which way. */
const or =
  (pattern: RegExp, as: Verdict) =>
  (answer: Answer): Verdict => {
    const error = answer.json?.error as { code?: number; message?: string; details?: Array<string> } | undefined
    if (error?.code === 400 && pattern.test(`${error.message} ${(error.details ?? []).join(" ")}`)) return as
    return envelope(answer)
  }

/** Allowed when `pick` finds the thing in the answer; a successful answer without it is a denial. */
const found =
  (pick: (json: Record<string, any>, c: Case) => boolean) =>
  (answer: Answer, c: Case): Verdict => {
    const verdict = envelope(answer)
    if (verdict !== "allow" || answer.json === undefined) return verdict
    return pick(answer.json, c) ? "allow" : "deny"
  }

const ids = (list: unknown): Array<string> =>
  Array.isArray(list) ? list.map((entry) => (entry as { id?: string; username?: string }).id ?? "") : []

const targets = {
  read: ["own", "other", "otherOrg", "otherPublic", "admin"],
  write: ["own", "other", "otherOrg", "admin"],
  space: ["own", "other", "admin"],
  account: ["own", "other", "admin"],
  profile: ["own", "other", "admin", "private"],
  group: ["own", "other", "admin"],
  none: ["none"],
} as const satisfies Record<string, ReadonlyArray<Target>>

/** Whose thing a target names. */
export const ownerOf = (c: Case): string => {
  switch (c.t) {
    case "own":
      return c.p.username ?? "portal_admin"
    case "admin":
      return "mx_admin"
    case "private":
      return "viewer_one"
    default:
      return "mx_other"
  }
}

const me = (c: Case) => c.p.username ?? "portal_admin"

/** What a fresh item needs for a case: only that part is made. */
type Needs = "plain" | "resources" | "comment" | "shared"

/** The item a target names (fresh, with what `needs` names, for an allowed case of a `fresh` probe). */
const itemOf = async (c: Case, needs: Needs = "plain"): Promise<ItemBundle> => {
  const access = itemAccess(c.t)
  if (c.fresh) return c.w.bundle(access === "private" ? ownerOf(c) : "mx_other", access, needs)
  if (access === "private") return c.w.item(ownerOf(c))
  return access === "org" ? c.w.otherOrg : c.w.otherPublic
}

const ownerPath = async (c: Case, needs: Needs = "plain") => {
  const item = await itemOf(c, needs)
  return { item, base: `content/users/${item.owner}/items/${item.id}` }
}

/** A group of the principal's own (for sharing into), or a group it has nothing to do with. */
const myGroup = (c: Case) =>
  c.p.username === undefined ? Promise.resolve(c.w.sharedGroup) : c.w.ownGroup(c.p.username, "private")

/** The group a target names: the principal's own (private), the other user's (org), the admin's (private). */
const groupOf = async (c: Case): Promise<string> => {
  if (c.t === "member") {
    if (c.fresh) return c.w.newMemberGroup(me(c))
    if (c.p.username !== undefined) await c.w.joinMemberGroup(c.p.username)
    return c.w.memberGroup
  }
  const owner = ownerOf(c)
  const access = c.t === "other" ? "org" : "private"
  return c.fresh ? c.w.group(owner, access) : c.w.ownGroup(owner, access)
}

const roleOf = (c: Case): string => (c.t === "own" ? (c.p.roleId ?? "org_user") : c.w.otherRole)
const builtInKeys = new Set(["org_admin", "org_publisher", "org_user"])
const prebuilt = new Set(["iAAAAAAAAAAAAAAA", "iBBBBBBBBBBBBBBB"])
const roleTarget = (p: Principal, t: Target) => (t === "own" ? (p.roleId ?? "org_user") : "custom")

/** An account a case may change or delete: the target's own, or a fresh one of its role for an allowed case. */
const accountOf = async (c: Case): Promise<string> => {
  if (!c.fresh || c.t === "own") return ownerOf(c)
  return c.w.freshUser(c.t === "admin" ? "org_admin" : "org_user")
}

const item = (
  name: string,
  allowed: Probe["allowed"],
  build: (c: Case, item: ItemBundle) => Omit<Call, "token">,
  options: Partial<Probe> & { needs?: Needs } = {},
): Probe => {
  const { needs, ...rest } = options
  return {
    name,
    targets: targets.read,
    allowed,
    call: async (c) => ({ ...build(c, await itemOf(c, needs)), token: c.p.token }),
    ...rest,
  }
}

const ownerOperation = (
  operation: string,
  allowed: Probe["allowed"],
  params: (c: Case) => Promise<Record<string, string>> | Record<string, string> = () => ({}),
  options: Partial<Probe> & { needs?: Needs } = {},
): Probe => ({
  name: `item ${operation} (owner path)`,
  targets: targets.write,
  allowed: (p, t) => entersOwnerPath(p, t) && allowed(p, t),
  call: async (c) => {
    const { base } = await ownerPath(c, options.needs)
    return {
      path: `${base}/${operation}`,
      method: ["parts", "status", "proxies"].includes(operation) ? "GET" : "POST",
      params: await params(c),
      token: c.p.token,
    }
  },
  ...options,
})

const serverAdmin = (
  name: string,
  call: (c: Case) => Promise<Omit<Call, "token">> | Omit<Call, "token">,
  fresh = false,
) =>
  ({
    name: `server admin ${name}`,
    targets: targets.none,
    allowed: (p) => has(p, "portal:admin:manageServers"),
    call: async (c) => ({ base: "serveradmin", ...(await call(c)), token: c.p.token }),
    fresh,
  }) satisfies Probe

const dataFolder = (path: string, dataDir: string) => JSON.stringify({ type: "folder", path, info: { path: dataDir } })

export const probes: ReadonlyArray<Probe> = [
  // ---------------------------------------------------------------- portal and sign-in
  {
    name: "REST root",
    targets: targets.none,
    allowed: () => true,
    call: (c) => ({ method: "GET", path: "", token: c.p.token }),
  },
  { name: "info", targets: targets.none, allowed: () => true, call: (c) => ({ path: "info", token: c.p.token }) },
  {
    // Open to every caller: the credentials decide. An unknown account keeps the case cheap (no password hash to
    // check); the sign-ins of the set-up exercise the successful path.
    name: "generateToken with a password",
    targets: targets.none,
    allowed: () => true,
    call: (c) => ({ path: "generateToken", params: { username: "mx_nobody", password }, token: c.p.token }),
    judge: or(/Invalid username or password/, "allow"),
  },
  {
    name: "generateToken server exchange",
    targets: targets.none,
    allowed: (p) => session(p),
    call: (c) => ({
      path: "generateToken",
      params: { token: c.p.token ?? "", serverUrl: c.w.emulator.url.replace(/\/portal$/, "/server") },
    }),
    judge: or(/Unable to generate token/, "deny"),
  },
  {
    name: "portals/self",
    targets: targets.none,
    allowed: () => true,
    call: (c) => ({ method: "GET", path: "portals/self", token: c.p.token }),
  },
  {
    name: "portals/self/update",
    targets: targets.none,
    allowed: (p) => p.fullAdmin,
    call: (c) => ({ path: "portals/self/update", params: { matrixNote: c.w.unique("note ") }, token: c.p.token }),
  },
  {
    name: "portals/self/servers",
    targets: targets.none,
    allowed: signedIn,
    call: (c) => ({ method: "GET", path: "portals/self/servers", token: c.p.token }),
  },
  {
    name: "oauth2/authorize (sign-in page)",
    targets: targets.none,
    allowed: () => true,
    call: (c) => ({
      method: "GET",
      path: "oauth2/authorize",
      params: {
        client_id: c.w.emulator.app.clientId,
        redirect_uri: "http://127.0.0.1/callback",
        response_type: "code",
      },
    }),
  },
  {
    name: "oauth2/token (client credentials)",
    targets: targets.none,
    allowed: () => true,
    call: (c) => ({
      path: "oauth2/token",
      params: {
        client_id: c.w.emulator.app.clientId,
        client_secret: c.w.emulator.app.clientSecret,
        grant_type: "client_credentials",
      },
    }),
  },
  {
    name: "oauth2/revokeToken",
    targets: targets.none,
    allowed: () => true,
    call: (c) => ({ path: "oauth2/revokeToken", params: { client_id: c.w.emulator.app.clientId, auth_token: "x" } }),
  },
  {
    name: "community/self",
    targets: targets.none,
    allowed: signedIn,
    call: (c) => ({ method: "GET", path: "community/self", token: c.p.token }),
  },
  {
    name: "community/users/<u>",
    targets: targets.profile,
    allowed: seesProfile,
    call: (c) => ({ method: "GET", path: `community/users/${ownerOf(c)}`, token: c.p.token }),
  },
  {
    name: "content/users/<u> (a user's content)",
    targets: targets.space,
    allowed: (p, t) => usesSpace(p, t, "read"),
    call: (c) => ({ method: "GET", path: `content/users/${ownerOf(c)}`, token: c.p.token }),
  },
  {
    name: "content/users/<u>/<folder>",
    targets: targets.space,
    allowed: (p, t) => usesSpace(p, t, "read"),
    call: async (c) => ({
      method: "GET",
      path: `content/users/${ownerOf(c)}/${(await c.w.folder(ownerOf(c))).id}`,
      token: c.p.token,
    }),
  },

  // ---------------------------------------------------------------- users
  {
    name: "community/users search by e-mail",
    targets: targets.account,
    allowed: seesFullProfile,
    call: (c) => ({
      method: "GET",
      path: "community/users",
      params: { q: `email:${c.w.emailOf.get(ownerOf(c))}` },
      token: c.p.token,
    }),
    judge: found((json, c) => hasUser(json.results, ownerOf(c))),
  },
  {
    name: "portals/self/users",
    targets: targets.none,
    allowed: (p) => has(p, "portal:admin:viewUsers") || has(p, "portal:user:viewOrgUsers"),
    call: (c) => ({ method: "GET", path: "portals/self/users", token: c.p.token }),
  },
  {
    name: "portals/self/users/search by e-mail",
    targets: targets.account,
    allowed: (p, t) =>
      (has(p, "portal:admin:viewUsers") || has(p, "portal:user:viewOrgUsers")) && seesFullProfile(p, t),
    call: (c) => ({
      method: "GET",
      path: "portals/self/users/search",
      params: { q: `email:${c.w.emailOf.get(ownerOf(c))}` },
      token: c.p.token,
    }),
    judge: found((json, c) => hasUser(json.results, ownerOf(c))),
  },
  {
    name: "portals/self/invite (a user of the target's role)",
    targets: targets.account,
    allowed: (p, t) => has(p, "portal:admin:inviteUsers") && grantsRole(p, accountRole(p, t)),
    call: (c) => {
      const username = c.w.unique("mx_invited_")
      return {
        path: "portals/self/invite",
        params: {
          invitationList: JSON.stringify({
            invitations: [
              {
                username,
                password,
                firstname: "In",
                lastname: "Vited",
                email: `${username}@matrix.invalid`,
                role: accountRole(c.p, c.t),
              },
            ],
          }),
        },
        token: c.p.token,
      }
    },
    judge: (answer) =>
      envelope(answer) === "allow" && (answer.json?.notInvited as Array<string> | undefined)?.length !== 0
        ? "error"
        : envelope(answer),
  },
  {
    name: "portaladmin createUser (a user of the target's role)",
    targets: targets.account,
    allowed: (p, t) =>
      (has(p, "portal:admin:inviteUsers") || has(p, "portal:admin:manageSecurity")) && grantsRole(p, accountRole(p, t)),
    call: (c) => {
      const username = c.w.unique("mx_created_")
      return {
        base: "portaladmin",
        path: "security/users/createUser",
        params: {
          username,
          password,
          firstname: "Cre",
          lastname: "Ated",
          email: `${username}@matrix.invalid`,
          role: accountRole(c.p, c.t),
        },
        token: c.p.token,
      }
    },
  },
  {
    name: "updateUserRole (to a Viewer; the admin: to a user)",
    targets: ["other", "admin"],
    allowed: (p, t) =>
      seesProfile(p, t) &&
      managesAccount(p, t, "portal:admin:changeUserRoles") &&
      grantsRole(p, t === "admin" ? "org_user" : "iAAAAAAAAAAAAAAA"),
    call: async (c) => ({
      path: "portals/self/updateUserRole",
      params: { user: await accountOf(c), role: c.t === "admin" ? "org_user" : "iAAAAAAAAAAAAAAA" },
      token: c.p.token,
    }),
    fresh: true,
  },
  {
    name: "updateUserRole (promote to administrator)",
    targets: ["other"],
    allowed: (p) => p.fullAdmin,
    call: async (c) => ({
      path: "portals/self/updateUserRole",
      params: { user: await accountOf(c), role: "org_admin" },
      token: c.p.token,
    }),
    fresh: true,
  },
  {
    name: "community/signUp",
    targets: targets.none,
    allowed: () => false,
    nobody: "self sign-up is off in the org (canSignUpUsers), so nobody may; the refusal is checked",
    call: (c) => ({
      path: "community/signUp",
      params: { username: c.w.unique("mx_signup_"), password, fullname: "Sign Up", email: "s@matrix.invalid" },
      token: c.p.token,
    }),
  },
  {
    name: "user update (description)",
    targets: targets.account,
    allowed: (p, t) => seesProfile(p, t) && (self(p, t) || managesAccount(p, t, "portal:admin:updateUsers")),
    call: (c) => ({
      path: `community/users/${ownerOf(c)}/update`,
      params: { description: c.w.unique("by the matrix ") },
      token: c.p.token,
    }),
  },
  {
    // Too short a password: an allowed case passes authorization and is then refused for its input (changing
    // nothing, and hashing nothing); a caller without the right is refused before that.
    name: "user update (password)",
    targets: targets.account,
    allowed: (p, t) => seesProfile(p, t) && (self(p, t) || p.fullAdmin),
    call: (c) => ({ path: `community/users/${ownerOf(c)}/update`, params: { password: "short" }, token: c.p.token }),
    judge: or(/Passwords have at least 8 characters/, "allow"),
  },
  {
    name: "user delete",
    targets: targets.account,
    allowed: (p, t) => seesProfile(p, t) && (self(p, t) || managesAccount(p, t, "portal:admin:deleteUsers")),
    call: async (c) => {
      if (c.t === "own") await c.w.item(ownerOf(c))
      return { path: `community/users/${await accountOf(c)}/delete`, token: c.p.token }
    },
    // Their own account owns the matrix's fixtures: the portal then refuses for that reason, past authorization.
    judge: (answer) => (answer.json?.error?.messageCode === "COM_0083" ? "allow" : envelope(answer)),
    fresh: true,
  },
  ...(["disable", "enable"] as const).map(
    (operation): Probe => ({
      name: `user ${operation}`,
      targets: targets.account,
      allowed: (p, t) => seesProfile(p, t) && t !== "own" && managesAccount(p, t, "portal:admin:disableUsers"),
      call: async (c) => ({ path: `community/users/${await accountOf(c)}/${operation}`, token: c.p.token }),
      judge: or(/cannot disable yourself/, "deny"),
      fresh: true,
    }),
  ),
  {
    name: "user reset (password)",
    targets: targets.account,
    allowed: (p, t) => seesProfile(p, t) && (self(p, t) || p.fullAdmin),
    // As for the update: a wrong current password (one's own) or too short a new one (another's) is refused only
    // after authorization.
    call: (c) => ({
      path: `community/users/${ownerOf(c)}/reset`,
      params: { password: "not-the-password", newPassword: "short" },
      token: c.p.token,
    }),
    judge: or(/current password is not correct|Passwords have at least 8 characters/, "allow"),
  },
  {
    name: "user reassign (all content)",
    targets: ["other", "admin"],
    allowed: (p, t) => seesProfile(p, t) && managesAccount(p, t, "portal:admin:reassignUsers"),
    call: async (c) => ({
      path: `community/users/${await accountOf(c)}/reassign`,
      params: { targetUsername: "mx_sink" },
      token: c.p.token,
    }),
    fresh: true,
  },
  ...(["notifications", "invitations", "tags"] as const).map(
    (list): Probe => ({
      name: `user ${list}`,
      targets: targets.account,
      allowed: (p, t) => seesProfile(p, t) && (self(p, t) || has(p, "portal:admin:viewUsers")),
      call: (c) => ({ method: "GET", path: `community/users/${ownerOf(c)}/${list}`, token: c.p.token }),
    }),
  ),
  {
    name: "notification delete",
    targets: targets.account,
    allowed: (p, t) => seesProfile(p, t) && (self(p, t) || managesAccount(p, t, "portal:admin:updateUsers")),
    call: async (c) => {
      const { notification } = c.fresh ? await c.w.newInvitation(ownerOf(c)) : await c.w.invitation(ownerOf(c))
      return { path: `community/users/${ownerOf(c)}/notifications/${notification}/delete`, token: c.p.token }
    },
    fresh: true,
  },
  ...(["", "accept", "decline"] as const).map(
    (operation): Probe => ({
      name: `invitation ${operation || "read"}`,
      targets: targets.account,
      allowed: (p, t) => seesProfile(p, t) && self(p, t) && (operation !== "accept" || has(p, "portal:user:joinGroup")),
      call: async (c) => {
        const { invitation } =
          c.fresh && operation !== "" ? await c.w.newInvitation(ownerOf(c)) : await c.w.invitation(ownerOf(c))
        return {
          method: operation === "" ? "GET" : "POST",
          path: `community/users/${ownerOf(c)}/invitations/${invitation}${operation ? `/${operation}` : ""}`,
          token: c.p.token,
        }
      },
      fresh: operation !== "",
    }),
  ),
  {
    name: "user thumbnail",
    targets: targets.profile,
    allowed: seesProfile,
    call: async (c) => {
      await c.w.userThumbnail(ownerOf(c))
      return { method: "GET", path: `community/users/${ownerOf(c)}/info/face.png`, token: c.p.token }
    },
  },

  // ---------------------------------------------------------------- groups
  {
    name: "community/groups search",
    targets: targets.group,
    allowed: (p, t) => seesGroup(p, t),
    call: async (c) => ({
      method: "GET",
      path: "community/groups",
      params: { q: `id:${await groupOf(c)}` },
      token: c.p.token,
    }),
    judge: found((json) => ids(json.results).length === 1),
  },
  ...(["private", "org", "public"] as const).map(
    (access): Probe => ({
      name: `createGroup (${access})`,
      targets: targets.none,
      allowed: (p) =>
        has(p, "portal:user:createGroup") &&
        (access === "private" ||
          p.fullAdmin ||
          has(p, access === "org" ? "portal:user:shareGroupToOrg" : "portal:user:shareGroupToPublic")),
      call: (c) => ({
        path: "community/createGroup",
        params: { title: c.w.unique("Matrix made "), access },
        token: c.p.token,
      }),
    }),
  ),
  {
    name: "group",
    targets: targets.group,
    allowed: (p, t) => seesGroup(p, t),
    call: async (c) => ({ method: "GET", path: `community/groups/${await groupOf(c)}`, token: c.p.token }),
  },
  {
    name: "group update",
    targets: targets.group,
    allowed: (p, t) => managesGroup(p, t, "portal:admin:updateGroups"),
    call: async (c) => ({
      path: `community/groups/${await groupOf(c)}/update`,
      params: { snippet: c.w.unique("matrix ") },
      token: c.p.token,
    }),
  },
  {
    name: "group delete",
    targets: targets.group,
    allowed: (p, t) => seesGroup(p, t) && (has(p, "portal:admin:deleteGroups") || (session(p) && t === "own")),
    call: async (c) => ({ path: `community/groups/${await groupOf(c)}/delete`, token: c.p.token }),
    fresh: true,
  },
  ...(["protect", "unprotect"] as const).map(
    (operation): Probe => ({
      name: `group ${operation}`,
      targets: targets.group,
      allowed: (p, t) => seesGroup(p, t) && (p.fullAdmin || (session(p) && t === "own")),
      call: async (c) => ({ path: `community/groups/${await groupOf(c)}/${operation}`, token: c.p.token }),
      fresh: true,
    }),
  ),
  {
    name: "group reassign",
    targets: targets.group,
    allowed: (p, t) => seesGroup(p, t) && has(p, "portal:admin:reassignGroups"),
    call: async (c) => ({
      path: `community/groups/${await groupOf(c)}/reassign`,
      params: { targetUsername: "mx_sink" },
      token: c.p.token,
    }),
    fresh: true,
  },
  {
    name: "group addUsers",
    targets: targets.group,
    allowed: (p, t) => managesGroup(p, t, "portal:admin:assignToGroups"),
    call: async (c) => ({
      path: `community/groups/${await groupOf(c)}/addUsers`,
      params: { users: "mx_sink" },
      token: c.p.token,
    }),
    judge: (answer) =>
      envelope(answer) === "allow" && (answer.json?.notAdded as Array<string> | undefined)?.length !== 0
        ? "error"
        : envelope(answer),
    fresh: true,
  },
  ...(["removeUsers", "updateUsers", "invite"] as const).map(
    (operation): Probe => ({
      name: `group ${operation}`,
      targets: targets.group,
      allowed: (p, t) => managesGroup(p, t, "portal:admin:assignToGroups"),
      call: async (c) => {
        const group = await groupOf(c)
        if (c.fresh) await c.w.ok({ path: `community/groups/${group}/addUsers`, params: { users: "mx_sink" } }, "sink")
        return {
          path: `community/groups/${group}/${operation}`,
          params: operation === "updateUsers" ? { admins: "mx_sink" } : { users: "mx_sink" },
          token: c.p.token,
        }
      },
      fresh: true,
    }),
  ),
  {
    name: "group join",
    targets: targets.group,
    allowed: (p, t) => seesGroup(p, t) && has(p, "portal:user:joinGroup"),
    call: async (c) => ({ path: `community/groups/${await groupOf(c)}/join`, token: c.p.token }),
    fresh: true,
  },
  {
    name: "group leave",
    targets: ["own", "other", "member"],
    allowed: (p, t) =>
      t === "member" && memberOf(p, t) && seesGroup(p, t) && (session(p) || has(p, "portal:user:joinGroup")),
    call: async (c) => ({ path: `community/groups/${await groupOf(c)}/leave`, token: c.p.token }),
    judge: or(/Unable to leave group/, "deny"),
    fresh: true,
  },
  ...(["users", "userlist"] as const).map(
    (list): Probe => ({
      name: `group ${list}`,
      targets: ["own", "other", "admin", "member"],
      allowed: (p, t) => seesGroup(p, t) && (memberOf(p, t) || has(p, "portal:admin:viewGroups")),
      call: async (c) => ({ method: "GET", path: `community/groups/${await groupOf(c)}/${list}`, token: c.p.token }),
    }),
  ),
  {
    name: "group applications",
    targets: targets.group,
    allowed: (p, t) => managesGroup(p, t, "portal:admin:assignToGroups"),
    call: async (c) => ({ method: "GET", path: `community/groups/${await groupOf(c)}/applications`, token: c.p.token }),
  },
  ...(["", "accept", "decline"] as const).map(
    (operation): Probe => ({
      name: `group application ${operation || "read"}`,
      targets: targets.group,
      allowed: (p, t) => managesGroup(p, t, "portal:admin:assignToGroups", "org"),
      call: async (c) => {
        const owner = ownerOf(c)
        const group =
          c.fresh && operation !== "" ? await c.w.newApplicationGroup(owner) : await c.w.applicationGroup(owner)
        return {
          method: operation === "" ? "GET" : "POST",
          path: `community/groups/${group}/applications/mx_sink${operation ? `/${operation}` : ""}`,
          token: c.p.token,
        }
      },
      fresh: operation !== "",
    }),
  ),
  {
    name: "group thumbnail",
    targets: targets.group,
    allowed: (p, t) => seesGroup(p, t),
    call: async (c) => ({
      method: "GET",
      path: `community/groups/${await groupOf(c)}/info/group.png`,
      token: c.p.token,
    }),
  },
  ...(["", "/search"] as const).map(
    (search): Probe => ({
      name: `group content${search}`,
      targets: targets.group,
      allowed: (p, t) => seesGroup(p, t),
      call: async (c) => ({
        method: "GET",
        path: `content/groups/${await groupOf(c)}${search}`,
        params: search ? { q: "matrix" } : {},
        token: c.p.token,
      }),
    }),
  ),

  // ---------------------------------------------------------------- roles
  {
    name: "roles",
    targets: targets.none,
    allowed: (p) => p.fullAdmin || (signedIn(p) && has(p, "portal:user:viewOrgUsers")),
    call: (c) => ({ method: "GET", path: "portals/self/roles", token: c.p.token }),
  },
  {
    name: "createRole",
    targets: targets.none,
    allowed: (p) => p.fullAdmin,
    call: (c) => ({
      path: "portals/self/createRole",
      params: { name: c.w.unique("Matrix made role ") },
      token: c.p.token,
    }),
  },
  ...(["", "privileges"] as const).map(
    (read): Probe => ({
      name: `role ${read || "read"}`,
      targets: ["own", "other"],
      allowed: (p, t) => signedIn(p) && !builtInKeys.has(roleTarget(p, t)) && (p.fullAdmin || t === "own"),
      call: (c) => ({
        method: "GET",
        path: `portals/self/roles/${roleOf(c)}${read ? `/${read}` : ""}`,
        token: c.p.token,
      }),
    }),
  ),
  ...(["setPrivileges", "update", "delete"] as const).map(
    (operation): Probe => ({
      name: `role ${operation}`,
      targets: ["own", "other"],
      allowed: (p, t) => {
        const role = roleTarget(p, t)
        return p.fullAdmin && !builtInKeys.has(role) && !prebuilt.has(role)
      },
      call: async (c) => ({
        path: `portals/self/roles/${c.fresh && c.t === "other" ? await c.w.newRole() : roleOf(c)}/${operation}`,
        params:
          operation === "setPrivileges"
            ? { privileges: JSON.stringify({ privileges: [] }) }
            : operation === "update"
              ? { description: "changed by the matrix" }
              : {},
        token: c.p.token,
      }),
      judge: or(/Pre-built roles cannot be changed/, "deny"),
      fresh: true,
    }),
  ),

  // ---------------------------------------------------------------- item reads, search, social reads
  item("item", seesItem, (_c, it) => ({ method: "GET", path: `content/items/${it.id}` })),
  item("item data", seesItem, (_c, it) => ({ method: "GET", path: `content/items/${it.id}/data` })),
  item("item thumbnail", seesItem, (_c, it) => ({
    method: "GET",
    path: `content/items/${it.id}/info/thumbnail/thumb.png`,
  })),
  item("search", seesItem, (_c, it) => ({ method: "GET", path: "search", params: { q: `id:${it.id}` } }), {
    judge: found((json) => ids(json.results).length === 1),
  }),
  item(
    "item groups (an org group it is shared with)",
    (p, t) => seesItem(p, t) && seesGroup(p, "other", "org"),
    (_c, it) => ({ method: "GET", path: `content/items/${it.id}/groups` }),
    {
      judge: found((json, c) =>
        [...ids(json.admin), ...ids(json.member), ...ids(json.other)].includes(c.w.sharedGroup),
      ),
    },
  ),
  item("resources (items path)", seesItem, (_c, it) => ({ method: "GET", path: `content/items/${it.id}/resources` })),
  item(
    "resources (owner path), private one listed",
    (p, t) => changesItem(p, t, "update"),
    (_c, it) => ({ method: "GET", path: `content/users/${it.owner}/items/${it.id}/resources` }),
    {
      judge: found((json) =>
        (json.resources as Array<{ resource: string }>).some((entry) => entry.resource === "secret.json"),
      ),
    },
  ),
  item("resource", seesItem, (_c, it) => ({ method: "GET", path: `content/items/${it.id}/resources/r.json` })),
  item(
    "private resource",
    (p, t) => changesItem(p, t, "update"),
    (_c, it) => ({ method: "GET", path: `content/items/${it.id}/resources/secret.json` }),
  ),
  item("comments", seesItem, (_c, it) => ({ method: "GET", path: `content/items/${it.id}/comments` })),
  item("comment", seesItem, (_c, it) => ({ method: "GET", path: `content/items/${it.id}/comments/${it.comment}` })),
  item(
    "rating",
    (p, t) => signedIn(p) && seesItem(p, t),
    (_c, it) => ({ method: "GET", path: `content/items/${it.id}/rating` }),
  ),
  item("relatedItems", seesItem, (_c, it) => ({
    method: "GET",
    path: `content/items/${it.id}/relatedItems`,
    params: { relationshipTypes: "Map2Service", direction: "forward" },
  })),
  item("dependencies", seesItem, (_c, it) => ({ method: "GET", path: `content/items/${it.id}/dependencies` })),
  item("dependents", seesItem, (_c, it) => ({
    method: "GET",
    path: `content/items/${it.id}/dependencies/listDependentsTo`,
  })),

  // ---------------------------------------------------------------- social writes
  item(
    "addComment",
    (p, t) => session(p) && seesItem(p, t),
    (_c, it) => ({ path: `content/items/${it.id}/addComment`, params: { comment: "matrix" } }),
    { targets: targets.write },
  ),
  item(
    "comment delete",
    (p, t) => session(p) && seesItem(p, t) && (t === "own" || changesItem(p, t, "update")),
    (_c, it) => ({ path: `content/items/${it.id}/comments/${it.comment}/delete` }),
    { targets: targets.write, fresh: true, needs: "comment" },
  ),
  item(
    "addRating",
    (p, t) => session(p) && seesItem(p, t) && t !== "own",
    (_c, it) => ({ path: `content/items/${it.id}/addRating`, params: { rating: "4" } }),
    { targets: targets.write, judge: or(/Unable to rate item/, "deny") },
  ),
  item(
    "deleteRating",
    (p, t) => session(p) && seesItem(p, t),
    (_c, it) => ({ path: `content/items/${it.id}/deleteRating` }),
    { targets: targets.write },
  ),
  item(
    "addRelationship",
    (p, t) => changesItem(p, t, "update"),
    (c, it) => ({
      path: `content/users/${me(c)}/addRelationship`,
      params: { originItemId: it.id, destinationItemId: c.w.publicItem, relationshipType: "Map2FeatureCollection" },
    }),
    { targets: targets.write },
  ),
  {
    name: "deleteRelationship (made by the item's owner)",
    targets: targets.write,
    allowed: (p, t) => changesItem(p, t, "update") && (t === "own" || p.fullAdmin),
    call: async (c) => {
      const it = await itemOf(c)
      if (c.fresh) await c.w.newRelationship(it.owner, it.id)
      else await c.w.relationshipFor(it)
      return {
        path: `content/users/${me(c)}/deleteRelationship`,
        params: { originItemId: it.id, destinationItemId: c.w.publicItem, relationshipType: "Map2Service" },
        token: c.p.token,
      }
    },
    fresh: true,
  },

  // ---------------------------------------------------------------- resources
  item(
    "addResources",
    (p, t) => changesItem(p, t, "update"),
    (c, it) => ({
      path: `content/users/${it.owner}/items/${it.id}/addResources`,
      params: { fileName: `${c.w.unique("added")}.json`, text: "{}" },
    }),
    { targets: targets.write },
  ),
  item(
    "updateResources",
    (p, t) => changesItem(p, t, "update"),
    (_c, it) => ({
      path: `content/users/${it.owner}/items/${it.id}/updateResources`,
      params: { fileName: "r.json", text: '{"updated":true}' },
    }),
    { targets: targets.write },
  ),
  item(
    "removeResources",
    (p, t) => changesItem(p, t, "update"),
    (_c, it) => ({
      path: `content/users/${it.owner}/items/${it.id}/removeResources`,
      params: { resource: "r.json" },
    }),
    { targets: targets.write, fresh: true, needs: "resources" },
  ),

  // ---------------------------------------------------------------- sharing
  item(
    "group-admin share (into the principal's own group)",
    (p, t) =>
      signedIn(p) &&
      seesItem(p, t) &&
      (has(p, "portal:admin:shareToGroup") ||
        (has(p, "portal:user:shareToGroup") && (t === "own" || (session(p) && itemAccess(t) !== "private")))),
    () => ({ path: "" }),
    {
      targets: targets.write,
      call: async (c) => ({
        path: `content/items/${(await itemOf(c)).id}/share`,
        params: { groups: await myGroup(c) },
        token: c.p.token,
      }),
      judge: found((json) => (json.notSharedWith as Array<string>).length === 0),
      fresh: true,
    },
  ),
  item(
    "group-admin unshare (from the org group it is in)",
    (p, t) =>
      signedIn(p) &&
      seesItem(p, t) &&
      (has(p, "portal:admin:shareToGroup") || (t === "own" && (session(p) || has(p, "portal:user:shareToGroup")))),
    (c, it) => ({ path: `content/items/${it.id}/unshare`, params: { groups: c.w.sharedGroup } }),
    {
      targets: targets.write,
      judge: found((json) => (json.notUnsharedFrom as Array<string>).length === 0),
      fresh: true,
      needs: "shared",
    },
  ),
  {
    name: "shareItems (everyone)",
    targets: targets.write,
    allowed: (p, t) => signedIn(p) && maySharing(p, t) && seesItem(p, t) && sharesAt(p, t, "public"),
    call: async (c) => {
      const it = await itemOf(c)
      return {
        path: `content/users/${it.owner}/shareItems`,
        params: { items: it.id, everyone: "true" },
        token: c.p.token,
      }
    },
    judge: found((json) => json.results?.[0]?.success === true),
    fresh: true,
  },
  {
    name: "unshareItems (the org group)",
    targets: targets.write,
    allowed: (p, t) =>
      signedIn(p) &&
      maySharing(p, t) &&
      seesItem(p, t) &&
      (has(p, "portal:admin:shareToGroup") || (t === "own" && (session(p) || has(p, "portal:user:shareToGroup")))),
    call: async (c) => {
      const it = await itemOf(c, "shared")
      return {
        path: `content/users/${it.owner}/unshareItems`,
        params: { items: it.id, groups: c.w.sharedGroup },
        token: c.p.token,
      }
    },
    judge: found(
      (json) => json.results?.[0]?.success === true && (json.results[0].notUnsharedFrom as Array<string>).length === 0,
    ),
    fresh: true,
  },
  {
    name: "deleteItems",
    targets: targets.write,
    allowed: (p, t) => usesSpace(p, t, "delete") && changesItem(p, t, "delete"),
    call: async (c) => {
      const it = await itemOf(c)
      return { path: `content/users/${it.owner}/deleteItems`, params: { items: it.id }, token: c.p.token }
    },
    judge: found((json) => json.results?.[0]?.success === true),
    fresh: true,
  },
  {
    name: "moveItems (into the owner's folder)",
    targets: targets.write,
    allowed: (p, t) => usesSpace(p, t, "update") && changesItem(p, t, "update"),
    call: async (c) => {
      const it = await itemOf(c)
      const folder = await c.w.folder(it.owner)
      return {
        path: `content/users/${it.owner}/moveItems`,
        params: { items: it.id, folder: folder.id },
        token: c.p.token,
      }
    },
    judge: found((json) => json.results?.[0]?.success === true),
    fresh: true,
  },

  // ---------------------------------------------------------------- content spaces
  {
    name: "addItem",
    targets: targets.space,
    allowed: (p, t) => usesSpace(p, t, "create") && has(p, "portal:user:createItem"),
    call: (c) => ({
      path: `content/users/${ownerOf(c)}/addItem`,
      params: { title: "Matrix added", type: "Web Map", text: "{}" },
      token: c.p.token,
    }),
  },
  {
    name: "createFolder",
    targets: targets.space,
    allowed: (p, t) => usesSpace(p, t, "create"),
    call: (c) => ({
      path: `content/users/${ownerOf(c)}/createFolder`,
      params: { title: c.w.unique("Matrix made folder ") },
      token: c.p.token,
    }),
  },
  {
    name: "folder delete",
    targets: targets.space,
    allowed: (p, t) => usesSpace(p, t, "delete"),
    call: async (c) => {
      const folder = c.fresh ? await c.w.newFolder(ownerOf(c)) : await c.w.folder(ownerOf(c))
      return { path: `content/users/${ownerOf(c)}/${folder.id}/delete`, token: c.p.token }
    },
    fresh: true,
  },
  {
    name: "updateFolder",
    targets: targets.space,
    allowed: (p, t) => usesSpace(p, t, "update"),
    call: async (c) => ({
      path: `content/users/${ownerOf(c)}/${(await c.w.folder(ownerOf(c))).id}/updateFolder`,
      params: { title: c.w.unique("Matrix renamed ") },
      token: c.p.token,
    }),
  },
  {
    name: "owner view of an item",
    targets: targets.write,
    allowed: (p, t) => entersOwnerPath(p, t) && changesItem(p, t, "read"),
    call: async (c) => ({ method: "GET", path: (await ownerPath(c)).base, token: c.p.token }),
  },
  ownerOperation(
    "update",
    (p, t) => changesItem(p, t, "update"),
    (c) => ({ snippet: c.w.unique("matrix ") }),
  ),
  ownerOperation("delete", (p, t) => changesItem(p, t, "delete"), undefined, { fresh: true }),
  ownerOperation("canDelete", (p, t) => changesItem(p, t, "delete")),
  ownerOperation(
    "move",
    (p, t) => changesItem(p, t, "update"),
    () => ({ folder: "/" }),
  ),
  ownerOperation("protect", (p, t) => changesItem(p, t, "update"), undefined, { fresh: true }),
  ownerOperation("unprotect", (p, t) => changesItem(p, t, "update")),
  ownerOperation(
    "reassign",
    (p) => has(p, "portal:admin:reassignItems"),
    () => ({ targetUsername: "mx_groups" }),
    {
      fresh: true,
    },
  ),
  ownerOperation(
    "share",
    (p, t) => maySharing(p, t) && sharesAt(p, t, "public"),
    () => ({ everyone: "true" }),
    { name: "item share everyone (owner path)", fresh: true },
  ),
  ownerOperation(
    "share",
    (p, t) =>
      maySharing(p, t) && (has(p, "portal:admin:shareToGroup") || (t === "own" && has(p, "portal:user:shareToGroup"))),
    async (c) => ({ groups: await myGroup(c) }),
    {
      name: "item share into the principal's group (owner path)",
      judge: found((json) => (json.notSharedWith as Array<string>).length === 0),
      fresh: true,
    },
  ),
  ownerOperation(
    "unshare",
    (p, t) =>
      maySharing(p, t) &&
      (has(p, "portal:admin:shareToGroup") || (t === "own" && (session(p) || has(p, "portal:user:shareToGroup")))),
    (c) => ({ groups: c.w.sharedGroup }),
    { judge: found((json) => (json.notUnsharedFrom as Array<string>).length === 0), fresh: true, needs: "shared" },
  ),
  ownerOperation("status", (p, t) => changesItem(p, t, "read")),
  ownerOperation("proxies", (p, t) => changesItem(p, t, "read")),
  ownerOperation("noSuchOperation", () => false, undefined, {
    nobody:
      "the owner path has no such operation: whoever passes the checks every owner-path operation makes gets a 404",
    judge: (answer) =>
      (answer.json?.error as { code?: number } | undefined)?.code === 404 ? "deny" : envelope(answer),
  }),
  ...(["addPart", "parts", "commit", "cancel"] as const).map(
    (operation): Probe => ({
      name: `upload ${operation}`,
      targets: targets.space,
      allowed: (p, t) => entersOwnerPath(p, t) && changesItem(p, t, operation === "parts" ? "read" : "create"),
      call: async (c) => {
        const owner = ownerOf(c)
        const id = c.fresh ? await c.w.newPartial(owner) : await c.w.partial(owner)
        return {
          method: operation === "parts" ? "GET" : "POST",
          path: `content/users/${owner}/items/${id}/${operation}`,
          ...(operation === "addPart"
            ? { params: { partNum: "1" }, files: { file: [new Blob(["a,b\n1,2\n"]), "part.csv"] as const } }
            : {}),
          token: c.p.token,
        }
      },
      judge: or(/Unable to commit/, "allow"),
      fresh: operation !== "parts",
    }),
  ),

  // ---------------------------------------------------------------- jobs
  {
    name: "publish (the target's CSV, into one's own content)",
    targets: targets.space,
    allowed: (p, t) =>
      ownerMay(p, "create") &&
      has(p, "portal:user:createItem") &&
      changesItem(p, t, "update") &&
      has(p, "portal:publisher:publishFeatures"),
    call: async (c) => ({
      path: `content/users/${me(c)}/publish`,
      params: {
        itemId: await c.w.csv(ownerOf(c)),
        filetype: "csv",
        publishParameters: JSON.stringify({ name: c.w.unique("mx_published_") }),
      },
      token: c.p.token,
    }),
  },
  {
    name: "publish (into the target's content)",
    targets: targets.space,
    allowed: (p, t) =>
      usesSpace(p, t, "create") &&
      has(p, "portal:user:createItem") &&
      changesItem(p, t, "update") &&
      has(p, "portal:publisher:publishFeatures"),
    call: async (c) => ({
      path: `content/users/${ownerOf(c)}/publish`,
      params: {
        itemId: await c.w.csv(ownerOf(c)),
        filetype: "csv",
        publishParameters: JSON.stringify({ name: c.w.unique("mx_published_") }),
      },
      token: c.p.token,
    }),
  },
  {
    name: "export (the target's service, into one's own content)",
    targets: targets.space,
    allowed: (p, t) => ownerMay(p, "create") && has(p, "portal:user:createItem") && changesItem(p, t, "update"),
    call: async (c) => ({
      path: `content/users/${me(c)}/export`,
      params: { itemId: (await c.w.service(ownerOf(c))).id, exportFormat: "CSV" },
      token: c.p.token,
    }),
  },
  {
    name: "createService",
    targets: targets.space,
    allowed: (p, t) =>
      usesSpace(p, t, "create") && has(p, "portal:user:createItem") && has(p, "portal:publisher:publishFeatures"),
    call: (c) => ({
      path: `content/users/${ownerOf(c)}/createService`,
      params: { createParameters: JSON.stringify({ name: c.w.unique("mx_created_service_") }) },
      token: c.p.token,
    }),
  },
  {
    name: "isServiceNameAvailable",
    targets: targets.none,
    allowed: signedIn,
    call: (c) => ({
      method: "GET",
      path: "portals/self/isServiceNameAvailable",
      params: { name: "mx_free_name", type: "Feature Service" },
      token: c.p.token,
    }),
  },
  ...(["analyze", "generate"] as const).map(
    (operation): Probe => ({
      name: `features ${operation} (the target's CSV)`,
      targets: targets.space,
      allowed: (p, t) => signedIn(p) && seesItem(p, t),
      call: async (c) => ({
        path: `content/features/${operation}`,
        params: { itemId: await c.w.csv(ownerOf(c)), filetype: "csv" },
        token: c.p.token,
      }),
    }),
  ),

  // ---------------------------------------------------------------- the federated server
  {
    name: "server info",
    targets: targets.none,
    allowed: () => true,
    call: (c) => ({ base: "server", method: "GET", path: "info", token: c.p.token }),
  },
  ...(["", "/0"] as const).map(
    (layer): Probe => ({
      name: `hosted service${layer ? " layer" : ""}`,
      targets: targets.space,
      allowed: seesItem,
      call: async (c) => ({
        base: "server",
        method: "GET",
        path: `services/Hosted/${(await c.w.service(ownerOf(c))).name}/FeatureServer${layer}`,
        token: c.p.token,
      }),
    }),
  ),
  ...(["", "/0"] as const).map(
    (layer): Probe => ({
      name: `hosted map service${layer ? " layer" : ""}`,
      targets: targets.space,
      allowed: seesItem,
      call: async (c) => ({
        base: "server",
        method: "GET",
        path: `services/Hosted/${(await c.w.mapService(ownerOf(c))).name}/MapServer${layer}`,
        token: c.p.token,
      }),
    }),
  ),
  {
    name: "hosted layer query",
    targets: targets.space,
    allowed: seesItem,
    call: async (c) => ({
      base: "server",
      method: "GET",
      path: `services/Hosted/${(await c.w.service(ownerOf(c))).name}/FeatureServer/0/query`,
      params: { where: "1=1", outFields: "*" },
      token: c.p.token,
    }),
  },
  ...(
    [
      ["addFeatures", { features: JSON.stringify([{ attributes: {}, geometry: { x: 1, y: 2 } }]) }, false],
      ["deleteFeatures", { where: "1=0" }, true],
      ["applyEdits", { adds: JSON.stringify([{ attributes: {} }]), deletes: "" }, false],
    ] as const
  ).map(
    ([operation, params, byWhere]): Probe => ({
      name: `hosted layer ${operation}`,
      targets: targets.space,
      allowed: (p, t) => changesItem(p, t, "update") && keyEditsFeatures(p, byWhere),
      call: async (c) => ({
        base: "server",
        path: `services/Hosted/${(await c.w.service(ownerOf(c))).name}/FeatureServer/0/${operation}`,
        params,
        token: c.p.token,
      }),
    }),
  ),
  {
    name: "addToDefinition",
    targets: targets.space,
    allowed: (p, t) => changesItem(p, t, "update"),
    call: async (c) => ({
      base: "server",
      path: `admin/services/Hosted/${(await c.w.service(ownerOf(c))).name}/FeatureServer/addToDefinition`,
      params: { addToDefinition: JSON.stringify({ tables: [{ name: "Matrix" }] }) },
      token: c.p.token,
    }),
  },

  // ---------------------------------------------------------------- the server admin API (data stores)
  serverAdmin("data/items", () => ({ method: "GET", path: "data/items" })),
  serverAdmin("data/items/<root>", () => ({ method: "GET", path: "data/items/fileShares" })),
  serverAdmin("data/items/<root>/<name>", () => ({ method: "GET", path: "data/items/fileShares/mx_fixture" })),
  serverAdmin("data item edit", (c) => ({
    path: "data/items/fileShares/mx_fixture/edit",
    params: { item: dataFolder("/fileShares/mx_fixture", c.w.emulator.dataDir) },
  })),
  serverAdmin("data item manifest", () => ({ method: "GET", path: "data/items/bigDataFileShares/mx_big/manifest" })),
  serverAdmin("data item manifest update", () => ({
    path: "data/items/bigDataFileShares/mx_big/manifest/update",
    params: { manifest: JSON.stringify({ datasets: [] }) },
  })),
  serverAdmin("registerItem", (c) => ({
    path: "data/registerItem",
    params: { item: dataFolder(`/fileShares/${c.w.unique("mx_registered_")}`, c.w.emulator.dataDir) },
  })),
  serverAdmin(
    "unregisterItem",
    async (c) => ({
      path: "data/unregisterItem",
      params: { itempath: c.fresh ? await c.w.newDataItem() : "/fileShares/mx_fixture", force: "true" },
    }),
    true,
  ),
  serverAdmin("findItems", () => ({ method: "GET", path: "data/findItems", params: { ancestorPath: "/" } })),
  serverAdmin("validateDataItem", (c) => ({
    path: "data/validateDataItem",
    params: { item: dataFolder("/fileShares/mx_fixture", c.w.emulator.dataDir) },
  })),
  serverAdmin("validateAllDataItems", () => ({ path: "data/validateAllDataItems" })),
  serverAdmin("computeTotalRefCount", () => ({
    method: "GET",
    path: "data/computeTotalRefCount",
    params: { itemPath: "/fileShares/mx_fixture" },
  })),
  serverAdmin("config", () => ({ method: "GET", path: "data/config" })),
  serverAdmin("config update", () => ({
    path: "data/config/update",
    params: { datastoreConfig: JSON.stringify({ blockDataCopy: false }) },
  })),
]

function hasUser(list: unknown, username: string): boolean {
  return Array.isArray(list) && list.some((entry) => (entry as { username?: string }).username === username)
}
