/** What a user receives: `notifications` and group `invitations`. */
import type { Database } from "./database.ts"

export interface NotificationRow {
  id: string
  type: string
  target: string
  target_type: string
  data: string
  received: number
}

/** An open invitation, with the title of its group. */
export interface InvitationRow {
  id: string
  group_id: string
  role: string
  expires: number
  created: number
  from_username: string | null
  group_title: string | null
}

/** A notification for `username` about themself (`target` is the user). */
export const insertNotification = (
  db: Database,
  notification: { readonly id: string; readonly username: string; readonly type: string; readonly data: string },
  received: number,
): void => {
  db.prepare(
    "INSERT INTO notifications (id, username, type, target, target_type, data, received) VALUES (?, ?, ?, ?, 'user', ?, ?)",
  ).run(notification.id, notification.username, notification.type, notification.username, notification.data, received)
}

/** A user's notifications, newest first. */
export const notificationsOf = (db: Database, username: string): Array<NotificationRow> =>
  db
    .prepare("SELECT * FROM notifications WHERE username = ? ORDER BY received DESC")
    .all(username) as unknown as Array<NotificationRow>

/** Deletes one of a user's notifications; whether there was one. */
export const deleteNotificationRow = (db: Database, id: string, username: string): boolean =>
  db.prepare("DELETE FROM notifications WHERE id = ? AND username = ?").run(id, username).changes !== 0

/** A user's invitations neither answered nor expired at `now`, oldest first. */
export const openInvitationsOf = (db: Database, username: string, now: number): Array<InvitationRow> =>
  db
    .prepare(
      "SELECT i.*, g.title AS group_title FROM invitations i LEFT JOIN groups g ON g.id = i.group_id WHERE i.username = ? AND i.accepted = 0 AND i.expires > ? ORDER BY i.created",
    )
    .all(username, now) as unknown as Array<InvitationRow>

export const insertInvitation = (
  db: Database,
  invitation: {
    readonly id: string
    readonly groupId: string
    readonly username: string
    readonly role: string
    readonly expires: number
    readonly from: string
  },
  created: number,
): void => {
  db.prepare(
    "INSERT INTO invitations (id, group_id, username, role, expires, created, from_username) VALUES (?, ?, ?, ?, ?, ?, ?)",
  ).run(
    invitation.id,
    invitation.groupId,
    invitation.username,
    invitation.role,
    invitation.expires,
    created,
    invitation.from,
  )
}

/** Answers an invitation: accepted (1) or declined (-1). */
export const answerInvitation = (db: Database, id: string, accepted: boolean): void => {
  db.prepare("UPDATE invitations SET accepted = ? WHERE id = ?").run(accepted ? 1 : -1, id)
}
