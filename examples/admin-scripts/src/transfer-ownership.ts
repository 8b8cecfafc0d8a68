/**
 * transfer-ownership: hands a departing user's content and groups to a successor. The successor joins the groups the
 * departing user was a member of (so that items shared there can move and stay shared), becomes the owner of the
 * groups the departing user owned, gets folders of the same names, and receives every item — each into the folder
 * of the same name, or the root when that folder cannot be made. The departing account itself is left as it is.
 *
 * Python counterparts: `group.add_users`, `group.reassign_to`, `gis.content.create_folder(folder, owner)`,
 * `item.reassign_to(target_owner, target_folder)`.
 */
import type { ParseArgsOptionsConfig } from "node:util"
import type { GIS, Group, Item, User } from "@arcgis-portal/gis"
import {
  describe,
  exitCodes,
  plural,
  print,
  runScript,
  type ScriptDefinition,
  UsageError,
  withPortal,
} from "./internal/cli.ts"

const definition = {
  name: "transfer-ownership",
  summary:
    "Moves everything a departing user owns to a successor: the successor joins the departing user's groups, " +
    "takes over the groups the departing user owned, and receives every item of every folder, into folders of the " +
    "same names (created when missing; an existing folder of that name is used). One line per step, then a summary. " +
    "The departing account is not deleted or disabled.",
  usage: "--from <username> --to <username> [--dry-run]",
  options: {
    from: { type: "string" },
    to: { type: "string" },
    "dry-run": { type: "boolean" },
  },
  optionHelp: [
    ["--from <username>", "the departing user"],
    ["--to <username>", "the successor"],
    ["--dry-run", "print the plan and change nothing"],
  ],
  examples: [
    "node src/transfer-ownership.ts --from dana_departing --to user_one --dry-run",
    "node src/transfer-ownership.ts --from dana_departing --to user_one",
  ],
  failures: "a step failed (the other steps were still done)",
} as const satisfies ScriptDefinition<ParseArgsOptionsConfig>

/** A folder of the departing user, with its items. `title` undefined: the root folder. */
interface FolderPlan {
  readonly title: string | undefined
  readonly items: ReadonlyArray<Item>
}

interface Plan {
  readonly memberships: ReadonlyArray<{ readonly id: string; readonly title: string }>
  readonly groups: ReadonlyArray<Group>
  readonly folders: ReadonlyArray<FolderPlan>
}

const collect = async <A>(iterable: AsyncIterable<A>): Promise<Array<A>> => {
  const list: Array<A> = []
  for await (const value of iterable) list.push(value)
  return list
}

const makePlan = async (gis: GIS, from: User, to: User): Promise<Plan> => {
  const successorGroups = new Set((to.toJSON().groups ?? []).map((group) => String(group.id)))
  const memberships = (from.toJSON().groups ?? [])
    .map((group) => ({ id: String(group.id), title: String(group.title), owner: String(group.owner) }))
    .filter((group) => group.owner !== from.username && !successorGroups.has(group.id))
  // The search matches owner names as the portal does; only groups this user owns exactly are theirs.
  const groups = (await collect(gis.groups.searchAll(`owner:${from.username}`))).filter(
    (group) => group.owner === from.username,
  )
  const folders: Array<FolderPlan> = [{ title: undefined, items: await collect(from.itemsAll()) }]
  for (const folder of await from.folders())
    folders.push({ title: folder.title, items: await collect(from.itemsAll({ folder: { id: folder.id } })) })
  return { memberships, groups, folders }
}

await runScript(definition, async (flags) => {
  if (flags.from === undefined || flags.to === undefined) throw new UsageError("--from and --to are both required")
  if (flags.from.toLowerCase() === flags.to.toLowerCase()) throw new UsageError("--from and --to name the same user")
  const dryRun = flags["dry-run"] === true
  return withPortal(flags.portal, async (gis) => {
    const [from, to] = await Promise.all([gis.users.get(flags.from ?? ""), gis.users.get(flags.to ?? "")])
    if (from === undefined || to === undefined) {
      print(`No user ${from === undefined ? flags.from : flags.to} (or not visible to you): nothing was changed.`)
      return exitCodes.failed
    }
    if (to.disabled === true) print(`Note: ${to.username} is disabled; the transfer goes ahead.`)
    const plan = await makePlan(gis, from, to)
    const itemCount = plan.folders.reduce((count, folder) => count + folder.items.length, 0)
    print(
      `${dryRun ? "Dry run: would transfer" : "Transferring"} from ${from.username} to ${to.username}: ` +
        `${plural(plan.memberships.length, "group membership")}, ${plural(plan.groups.length, "owned group")}, ` +
        `${plural(plan.folders.length - 1, "folder")}, ${plural(itemCount, "item")}.`,
    )
    const counts = { memberships: 0, groups: 0, foldersCreated: 0, foldersMerged: 0, items: 0, failed: 0 }
    const step = (kind: string, status: string, what: string) => print(`${kind.padEnd(7)} ${status.padEnd(16)} ${what}`)
    const fail = (kind: string, what: string, error: unknown) => {
      counts.failed++
      step(kind, "failed", `${what}: ${describe(error)}`)
    }

    // 1. Memberships first: an item shared with a group can only go to an owner who is in that group.
    const toAdd = plan.memberships
    for (const membership of toAdd) {
      if (dryRun) {
        step("member", "would join", membership.title)
        continue
      }
      try {
        const group = await gis.groups.get(membership.id)
        if (group === undefined) throw new Error("the group is not visible")
        const result = await group.addUsers([to.username])
        if (result.notAdded.length > 0) throw new Error(`the portal did not add ${to.username}`)
        counts.memberships++
        step("member", "joined", membership.title)
      } catch (error) {
        fail("member", membership.title, error)
      }
    }

    // 2. The groups the departing user owns.
    for (const group of plan.groups) {
      if (dryRun) {
        step("group", "would reassign", `${group.title} (${group.id})`)
        continue
      }
      try {
        if (!(await group.reassignTo(to.username))) throw new Error("the portal said no")
        counts.groups++
        step("group", "reassigned", `${group.title} (${group.id})`)
      } catch (error) {
        fail("group", group.title, error)
      }
    }

    // 3. Folders, then the items of each: into the successor's folder of the same name, else the root.
    const existing = new Set((await to.folders()).map((folder) => folder.title.toLowerCase()))
    for (const folder of plan.folders) {
      let target = folder.title
      if (folder.title !== undefined) {
        const merge = existing.has(folder.title.toLowerCase())
        if (dryRun)
          step(
            "folder",
            merge ? "would merge" : "would create",
            `${folder.title} (${plural(folder.items.length, "item")})`,
          )
        else if (merge) {
          counts.foldersMerged++
          step("folder", "merged", `${folder.title}: ${to.username} has a folder of that name`)
        } else {
          try {
            await gis.content.createFolder(folder.title, { owner: to.username })
            counts.foldersCreated++
            step("folder", "created", folder.title)
          } catch (error) {
            fail("folder", `${folder.title} (its items go to the root folder)`, error)
            target = undefined
          }
        }
      }
      for (const item of folder.items) {
        const what = `${item.title} (${item.type}, ${item.id}) -> ${target ?? "root"}`
        if (dryRun) {
          step("item", "would move", what)
          continue
        }
        try {
          const moved = await item.reassignTo(to.username, target === undefined ? {} : { targetFolder: target })
          if (!moved) throw new Error("the portal said no")
          counts.items++
          step("item", "moved", what)
        } catch (error) {
          fail("item", what, error)
        }
      }
    }

    print(
      dryRun
        ? "Dry run: nothing was changed."
        : `Done: ${plural(counts.memberships, "group")} joined, ${plural(counts.groups, "group")} reassigned, ` +
            `${plural(counts.foldersCreated, "folder")} created, ${counts.foldersMerged} merged, ` +
            `${counts.items} of ${plural(itemCount, "item")} moved, ${counts.failed} failed.`,
    )
    return counts.failed > 0 ? exitCodes.failed : exitCodes.ok
  })
})
