/**
 * The plan of `Clone.clone`, from the walk and what the target holds: every source item in dependency order
 * (what an item references comes before it; a reference cycle is broken and noted), with its action — `create`,
 * `update` (finish an unfinished clone), `skip` (already in the target) or `refuse` (and why) — and the levels the
 * copy runs in (an item's level is above all of its dependencies', so one level runs concurrently). Pure.
 */
import type { Conflict, Existing } from "./existing.ts"
import type { CloneGroupStep, ClonePlan, CloneStep } from "./model.ts"
import type { SourceNode } from "./walk.ts"

/** The items in dependency order, the level of each, and those on a reference cycle. */
export const order = (
  nodes: ReadonlyMap<string, Pick<SourceNode, "dependsOn">>,
): {
  readonly order: ReadonlyArray<string>
  readonly levels: ReadonlyMap<string, number>
  readonly cyclic: ReadonlySet<string>
} => {
  const out: Array<string> = []
  const levels = new Map<string, number>()
  const cyclic = new Set<string>()
  const visiting = new Set<string>()
  const visit = (id: string): void => {
    if (levels.has(id) || visiting.has(id)) return
    visiting.add(id)
    let level = 0
    for (const dependency of nodes.get(id)?.dependsOn ?? []) {
      if (!nodes.has(dependency)) continue
      if (visiting.has(dependency)) {
        cyclic.add(id)
        cyclic.add(dependency)
        continue
      }
      visit(dependency)
      level = Math.max(level, (levels.get(dependency) ?? 0) + 1)
    }
    visiting.delete(id)
    levels.set(id, level)
    out.push(id)
  }
  for (const id of nodes.keys()) visit(id)
  return { order: out, levels, cyclic }
}

const reasonOf = (existing: Existing, sourceId: string): string => {
  switch (existing.how) {
    case "itemMapping":
      return "itemMapping names its target item."
    case "keyword":
      return `Cloned before: the target item carries source-${sourceId}.`
    case "id":
      return "The target has an item of this id (preserveItemId)."
    case "title":
      return "The target owner has an item of the same title and type (searchExistingItems)."
  }
}

/** Everything the plan is made of. */
export interface PlanInput {
  readonly nodes: ReadonlyMap<string, SourceNode>
  readonly existing: ReadonlyMap<string, Existing>
  readonly conflicts: ReadonlyMap<string, Conflict>
  readonly groups: ReadonlyArray<CloneGroupStep>
  /** Hosted feature services to create: the service name in the target, or why no name is free. */
  readonly serviceNames: ReadonlyMap<string, { readonly name?: string | undefined; readonly refusal?: string }>
  readonly preserveItemId: boolean
  readonly owner: string
  readonly folder: string | undefined
}

/** The plan, in dependency order, and the level of each step. */
export const makePlan = (
  input: PlanInput,
): { readonly plan: ClonePlan; readonly levels: ReadonlyMap<string, number> } => {
  const { order: sorted, levels, cyclic } = order(input.nodes)
  const groupTargets = new Map(input.groups.map((group) => [group.sourceId, group]))
  const steps = new Map<string, CloneStep>()
  for (const id of sorted) {
    const node = input.nodes.get(id)
    if (node === undefined) continue
    const notes = [...node.notes]
    const existing = input.existing.get(id)
    const conflict = input.conflicts.get(id)
    const service = input.serviceNames.get(id)
    let action: CloneStep["action"]
    let reason: string | undefined
    let targetId: string | undefined
    if (node.refusal !== undefined || conflict !== undefined || service?.refusal !== undefined) {
      action = "refuse"
      reason = node.refusal ?? conflict?.reason ?? service?.refusal
    } else if (existing !== undefined) {
      action = existing.unfinished ? "update" : "skip"
      targetId = existing.item.id
      reason = existing.unfinished ? "An earlier run left this clone unfinished." : reasonOf(existing, id)
      if (existing.duplicates > 0)
        notes.push(`${existing.duplicates + 1} clones found in the target: the oldest is used.`)
    } else {
      action = "create"
      if (input.preserveItemId) {
        if (node.kind === "featureService") notes.push("preserveItemId: createService gives a hosted service a new id.")
        else targetId = id
      }
    }
    if (cyclic.has(id)) notes.push("On a reference cycle: a reference to an item cloned after it keeps the source id.")
    for (const dependency of node.dependsOn) {
      const before = steps.get(dependency)
      if (before?.action === "refuse") notes.push(`References ${dependency}, which is refused: left as in the source.`)
    }
    const shareWith: Array<string> = []
    for (const group of node.groups) {
      const planned = groupTargets.get(group.id)
      if (planned !== undefined && planned.action !== "unmapped") shareWith.push(group.id)
      else notes.push(`Not shared with the source group ${JSON.stringify(group.title)} (${group.id}): no target group.`)
    }
    steps.set(id, {
      sourceId: id,
      title: node.item?.title ?? "",
      type: node.item?.type ?? "",
      action,
      kind: node.kind,
      targetId,
      reason,
      dependsOn: node.dependsOn.filter((dependency) => input.nodes.has(dependency)),
      requestedBy: node.requestedBy,
      serviceName: node.kind === "featureService" && action === "create" ? service?.name : undefined,
      shareWith: action === "create" || action === "update" ? shareWith : [],
      notes,
    })
  }
  return {
    plan: { steps: [...steps.values()], groups: input.groups, owner: input.owner, folder: input.folder },
    levels,
  }
}
