/** Applications to join a group (`community/groups/<id>/applications[/<username>[/accept|decline]]`). */
import type { Context } from "../../context.ts"
import { badRequest } from "../../errors.ts"
import { requirePost } from "../../route.ts"
import { transaction } from "../../storage/database.ts"
import { addMember, applicationOf, applicationsTo, deleteApplication } from "../../storage/groups.ts"
import { notify, requireManager, visibleGroup } from "./common.ts"

/** `GET community/groups/<id>/applications`: for the group's owner, managers and `portal:admin:assignToGroups`. */
export const groupApplications = (context: Context, match: RegExpExecArray) => {
  const group = visibleGroup(context, match[1] ?? "")
  requireManager(context, group, "portal:admin:assignToGroups")
  return {
    applications: applicationsTo(context.db, group.id).map((row) => ({
      username: row.username,
      fullName: row.full_name,
      received: row.created,
    })),
  }
}

/** The application `applications/<username>` names, in a group the caller runs. */
const pendingApplication = (context: Context, match: RegExpExecArray) => {
  const group = visibleGroup(context, match[1] ?? "")
  requireManager(context, group, "portal:admin:assignToGroups")
  const username = match[2] ?? ""
  const application = applicationOf(context.db, group.id, username)
  if (application === undefined) throw badRequest("Application does not exist.", [], "COM_0075")
  return { group, username, application }
}

/** `GET community/groups/<id>/applications/<username>`. */
export const groupApplication = (context: Context, match: RegExpExecArray) => {
  const { application } = pendingApplication(context, match)
  return { username: application.username, fullname: application.full_name, received: application.created }
}

/** Accepts (the applicant joins as a member) or declines an application; the applicant is notified either way. */
const answer = (context: Context, match: RegExpExecArray, accept: boolean) => {
  const { group, username } = pendingApplication(context, match)
  requirePost(context)
  transaction(context.db, () => {
    deleteApplication(context.db, group.id, username)
    if (accept) addMember(context.db, group.id, username, "member")
    notify(context.db, username, accept ? "group_application_accepted" : "group_application_declined", {
      groupId: group.id,
      groupTitle: group.title,
    })
  })
  return { success: true, username, groupId: group.id }
}

/** `POST community/groups/<id>/applications/<username>/accept`. */
export const acceptApplication = (context: Context, match: RegExpExecArray) => answer(context, match, true)

/** `POST community/groups/<id>/applications/<username>/decline`. */
export const declineApplication = (context: Context, match: RegExpExecArray) => answer(context, match, false)
