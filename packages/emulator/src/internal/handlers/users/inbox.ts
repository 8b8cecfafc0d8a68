/**
 * What an account has received, and its own lists: notifications, group invitations (read, accept, decline) and
 * the tags of its items (`community/users/<username>/...`).
 */
import { has, isSelf, requireUser } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden } from "../../errors.ts"
import { requirePost } from "../../route.ts"
import { type Database, transaction } from "../../storage/database.ts"
import { addMemberIfAbsent } from "../../storage/groups.ts"
import { answerInvitation, deleteNotificationRow, notificationsOf, openInvitationsOf } from "../../storage/inbox.ts"
import { tagListsOf } from "../../storage/items.ts"
import { selfOrAdmin, selfOrViewer, targetUser } from "./common.ts"

/** `GET community/users/<username>/notifications`: newest first. */
export const notifications = (context: Context, match: RegExpExecArray) => {
  const user = targetUser(context, match[1] ?? "")
  selfOrViewer(context, user)
  return {
    notifications: notificationsOf(context.db, user.username).map((row) => ({
      id: row.id,
      type: row.type,
      target: row.target,
      targetType: row.target_type,
      received: row.received,
      data: JSON.parse(row.data),
    })),
  }
}

/** `POST community/users/<username>/notifications/<id>/delete`. */
export const deleteNotification = (context: Context, match: RegExpExecArray) => {
  const user = targetUser(context, match[1] ?? "")
  selfOrAdmin(context, user, "portal:admin:updateUsers")
  const removed = transaction(context.db, () => deleteNotificationRow(context.db, match[2] ?? "", user.username))
  if (!removed) throw badRequest("Notification does not exist.", [])
  return { success: true, notificationId: match[2] }
}

/** A user's open group invitations, as the portal lists them. */
const invitationsOf = (db: Database, username: string) =>
  openInvitationsOf(db, username, Date.now()).map((row) => ({
    id: row.id,
    targetType: "group",
    targetId: row.group_id,
    groupId: row.group_id,
    role: row.role,
    type: "user",
    username,
    fromUsername: { username: row.from_username ?? "", fullname: row.from_username ?? "" },
    received: row.created,
    created: row.created,
    expiration: row.expires,
    accepted: false,
    mustApprove: false,
    group: { id: row.group_id, title: row.group_title },
  }))

/** `GET community/users/<username>/invitations`. */
export const invitations = (context: Context, match: RegExpExecArray) => {
  const user = targetUser(context, match[1] ?? "")
  selfOrViewer(context, user)
  return { userInvitations: invitationsOf(context.db, user.username) }
}

/** The open invitation `community/users/<username>/invitations/<id>` names: the user's own only. */
const openInvitation = (context: Context, match: RegExpExecArray) => {
  const user = targetUser(context, match[1] ?? "")
  requireUser(context)
  if (!isSelf(context, user)) throw forbidden()
  const invitation = invitationsOf(context.db, user.username).find((entry) => entry.id === match[2])
  if (invitation === undefined) throw badRequest("Invitation does not exist or has expired.", [], "COM_0074")
  return { user, invitation }
}

/** `GET community/users/<username>/invitations/<id>`. */
export const invitation = (context: Context, match: RegExpExecArray) => openInvitation(context, match).invitation

/** Accepts (joining the group as the invitation's role says) or declines an invitation. */
const answer = (context: Context, match: RegExpExecArray, accept: boolean) => {
  const { user, invitation } = openInvitation(context, match)
  requirePost(context)
  // Accepting makes the user a member: it needs the privilege joining does.
  if (accept && !has(context, "portal:user:joinGroup")) throw forbidden()
  transaction(context.db, () => {
    answerInvitation(context.db, invitation.id, accept)
    if (accept)
      addMemberIfAbsent(
        context.db,
        invitation.groupId,
        user.username,
        invitation.role === "group_admin" ? "admin" : "member",
      )
  })
  return { success: true, username: user.username, groupId: invitation.groupId, id: invitation.id }
}

/** `POST community/users/<username>/invitations/<id>/accept`. */
export const acceptInvitation = (context: Context, match: RegExpExecArray) => answer(context, match, true)

/** `POST community/users/<username>/invitations/<id>/decline`. */
export const declineInvitation = (context: Context, match: RegExpExecArray) => answer(context, match, false)

/** `GET community/users/<username>/tags`: the tags of the user's items, with how many items carry each. */
export const userTags = (context: Context, match: RegExpExecArray) => {
  const user = targetUser(context, match[1] ?? "")
  selfOrViewer(context, user)
  const counts = new Map<string, number>()
  for (const tags of tagListsOf(context.db, user.username)) {
    for (const tag of JSON.parse(tags) as Array<string>) counts.set(tag, (counts.get(tag) ?? 0) + 1)
  }
  return { tags: [...counts].map(([tag, count]) => ({ tag, count })) }
}
