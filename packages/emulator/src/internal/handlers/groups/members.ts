/**
 * A group's members (`community/groups/<id>/...`): adding, removing and promoting them, invitations, joining and
 * leaving, and the member lists.
 */
import { canListMembers, has, isApiKey, isFullAdmin, memberType, requireUser, roleHas } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden } from "../../errors.ts"
import { hex32 } from "../../ids.ts"
import { commaList } from "../../request.ts"
import { transaction } from "../../storage/database.ts"
import {
  addMember,
  countMemberships,
  insertApplication,
  memberListOf,
  membersOf,
  removeMember,
  setMemberType,
} from "../../storage/groups.ts"
import { insertInvitation } from "../../storage/inbox.ts"
import { findUser } from "../../storage/users.ts"
import { pageOf } from "../paging.ts"
import { groupToChange, notify, requireManager, visibleGroup } from "./common.ts"

/** The most users one addUsers or removeUsers call takes. */
const maxUsersPerCall = 25

/** The most groups one user belongs to. */
const maxMemberships = 512

/**
 * `POST community/groups/<id>/addUsers`: `users` as members, `admins` as managers; those who cannot join (unknown,
 * disabled, without `portal:user:joinGroup`, in too many groups) are listed in `notAdded`.
 */
export const addUsers = (context: Context, match: RegExpExecArray) => {
  const group = groupToChange(context, match)
  const { db, params } = context
  requireManager(context, group, "portal:admin:assignToGroups")
  const users = commaList(params, "users")
  const admins = commaList(params, "admins")
  if (users.length + admins.length > maxUsersPerCall)
    throw badRequest("Exceeded maximum number of users allowed per call.", [], "ORG_3100")
  const notAdded: Array<string> = []
  transaction(db, () => {
    for (const [username, type] of [
      ...users.map((name) => [name, "member"] as const),
      ...admins.map((name) => [name, "admin"] as const),
    ]) {
      const user = findUser(db, username)
      if (
        user === undefined ||
        user.disabled === 1 ||
        !roleHas(db, user, "portal:user:joinGroup") ||
        countMemberships(db, username) >= maxMemberships
      ) {
        notAdded.push(username)
        continue
      }
      addMember(db, group.id, username, type)
      notify(db, username, "group_join", { groupId: group.id, groupTitle: group.title })
    }
  })
  return { notAdded }
}

/** `POST community/groups/<id>/removeUsers`: never the owner; those who are not members are in `notRemoved`. */
export const removeUsers = (context: Context, match: RegExpExecArray) => {
  const group = groupToChange(context, match)
  const { db, params } = context
  requireManager(context, group, "portal:admin:assignToGroups")
  const users = commaList(params, "users")
  if (users.length > maxUsersPerCall)
    throw badRequest("Exceeded maximum number of users allowed per call.", [], "ORG_3100")
  const notRemoved: Array<string> = []
  transaction(db, () => {
    for (const username of users) {
      const type = memberType(db, group.id, username)
      if (type === "none" || type === "owner") {
        notRemoved.push(username)
        continue
      }
      removeMember(db, group.id, username)
    }
  })
  return { notRemoved }
}

/** `POST community/groups/<id>/updateUsers`: `admins` become managers, `users` members (the owner stays owner). */
export const updateUsers = (context: Context, match: RegExpExecArray) => {
  const group = groupToChange(context, match)
  const { db, params } = context
  requireManager(context, group, "portal:admin:assignToGroups")
  const results: Array<{ username: string; success: boolean }> = []
  transaction(db, () => {
    for (const [names, type] of [
      [commaList(params, "admins"), "admin"],
      [commaList(params, "users"), "member"],
    ] as const) {
      for (const username of names) {
        const current = memberType(db, group.id, username)
        const ok = current === "admin" || current === "member"
        if (ok) setMemberType(db, group.id, username, type)
        results.push({ username, success: ok })
      }
    }
  })
  return { results }
}

/** `POST community/groups/<id>/invite`: an invitation (and a notification) for each of `users` not yet a member. */
export const inviteToGroup = (context: Context, match: RegExpExecArray) => {
  const group = groupToChange(context, match)
  const { db, params } = context
  const caller = requireManager(context, group, "portal:admin:assignToGroups")
  const role = params.get("role") ?? "group_member"
  if (role !== "group_member" && role !== "group_admin")
    throw badRequest("Invalid role.", ["role must be group_member or group_admin."])
  const expiration = Number(params.get("expiration") ?? "10080")
  if (!Number.isFinite(expiration) || expiration <= 0 || expiration > 525_600) throw badRequest("Invalid expiration.")
  transaction(db, () => {
    for (const username of commaList(params, "users")) {
      const user = findUser(db, username)
      if (user === undefined || memberType(db, group.id, username) !== "none") continue
      const id = `G${hex32()}`
      insertInvitation(
        db,
        { id, groupId: group.id, username, role, expires: Date.now() + expiration * 60_000, from: caller.username },
        Date.now(),
      )
      notify(db, username, "group_invite", { groupId: group.id, groupTitle: group.title, invitationId: id })
    }
  })
  return { success: true, groupId: group.id }
}

/**
 * `POST community/groups/<id>/join`: joins an auto-join group (a default administrator any group), or applies to
 * join it, notifying the owner. An invitation-only group takes only default administrators.
 */
export const joinGroup = (context: Context, match: RegExpExecArray) => {
  const group = groupToChange(context, match)
  const { db, params } = context
  const caller = requireUser(context)
  if (!has(context, "portal:user:joinGroup")) throw forbidden()
  if (memberType(db, group.id, caller.username) !== "none") return { success: true, groupId: group.id }
  if (group.is_invitation_only === 1 && !isFullAdmin(context))
    throw badRequest("Unable to join group.", ["This group is by invitation only."], "COM_0064")
  transaction(db, () => {
    if (group.auto_join === 1 || isFullAdmin(context)) addMember(db, group.id, caller.username, "member")
    else {
      insertApplication(db, group.id, caller.username, params.get("message") ?? null)
      notify(db, group.owner, "group_application", {
        groupId: group.id,
        groupTitle: group.title,
        username: caller.username,
      })
    }
  })
  return { success: true, groupId: group.id }
}

/** `POST community/groups/<id>/leave`: any member but the owner. */
export const leaveGroup = (context: Context, match: RegExpExecArray) => {
  const group = groupToChange(context, match)
  const caller = requireUser(context)
  // An API key leaves a group for its owner only with the privilege that joins one.
  if (isApiKey(context) && !has(context, "portal:user:joinGroup")) throw forbidden()
  const type = memberType(context.db, group.id, caller.username)
  if (type === "owner") throw badRequest("Unable to leave group.", ["The group owner cannot leave the group."])
  if (type === "none") throw badRequest("Unable to leave group.", ["You are not a member of this group."])
  transaction(context.db, () => removeMember(context.db, group.id, caller.username))
  return { success: true, groupId: group.id }
}

/** `GET community/groups/<id>/users`: the owner, managers and members (members and `portal:admin:viewGroups`). */
export const groupUsers = (context: Context, match: RegExpExecArray) => {
  const group = visibleGroup(context, match[1] ?? "")
  requireUser(context)
  if (!canListMembers(context, group.id)) throw forbidden()
  const rows = membersOf(context.db, group.id)
  return {
    owner: group.owner,
    admins: rows.filter((row) => row.member_type !== "member").map((row) => row.username),
    users: rows.filter((row) => row.member_type === "member").map((row) => row.username),
  }
}

/** `GET community/groups/<id>/userlist`: the members with their names and types, paged; the owner apart. */
export const groupUserList = (context: Context, match: RegExpExecArray) => {
  const group = visibleGroup(context, match[1] ?? "")
  requireUser(context)
  if (!canListMembers(context, group.id)) throw forbidden()
  const members = memberListOf(context.db, group.id).map((row) => ({
    username: row.username,
    fullName: row.full_name,
    memberType: row.member_type,
    joined: row.joined,
  }))
  const { page, ...meta } = pageOf(
    context,
    members.filter((member) => member.memberType !== "owner"),
  )
  return { ...meta, owner: members.find((member) => member.memberType === "owner") ?? null, users: page }
}
