/**
 * The two lists the coverage tests compare: every public method and property of the Python
 * reference, and the rows of `docs/python-to-typescript.md`.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

export interface PythonMember {
  /** `ContentManager.search`. */
  readonly key: string
  readonly className: string
  readonly name: string
  /** A signature line `name(args)`; `false` for a property. */
  readonly method: boolean
}

const referencePath = fileURLToPath(new URL("./fixtures/arcgis-gis-python-module.txt", import.meta.url))
const docPath = fileURLToPath(new URL("../../../docs/python-to-typescript.md", import.meta.url))

/**
 * Parses the reference: `class arcgis.gis.X(` opens a class; a line `name(args)` is a method and a
 * bare lower-case name a property — except argument names inside an "Argument Description" table
 * and the value after a "Returns:" line.
 */
export const pythonMembers = (): ReadonlyArray<PythonMember> => {
  const members: Array<PythonMember> = []
  let className: string | undefined
  let inArguments = false
  let previous = ""
  for (const raw of readFileSync(referencePath, "utf8").split(/\r?\n/)) {
    const line = raw.trim()
    if (line === "") continue
    const opened = /^class arcgis\.gis\.(\w+)\(/.exec(line)
    if (opened) {
      className = opened[1]
      inArguments = false
      previous = line
      continue
    }
    if (line.startsWith("Argument Description") || line.startsWith("Arguments")) inArguments = true
    if (line.startsWith("Returns") || line.startsWith("Usage Example")) inArguments = false
    const member = /^(?:classmethod )?([a-z_]+)(\(.*\))?$/.exec(line)
    if (member && className !== undefined && !previous.endsWith("Returns:") && (member[2] || !inArguments)) {
      const name = member[1] ?? ""
      members.push({ key: `${className}.${name}`, className, name, method: member[2] !== undefined })
      inArguments = false
    }
    previous = line
  }
  return members
}

/**
 * Members of the current Python module that the reference above (an older release) does not have and the facade
 * maps too. The doc lists them in their class's table like the others; the integration test calls each.
 */
export const laterPythonMembers: ReadonlyArray<PythonMember> = [
  { key: "Item.shared_with", className: "Item", name: "shared_with", method: false },
  { key: "ContentManager.share_items", className: "ContentManager", name: "share_items", method: true },
  { key: "ContentManager.unshare_items", className: "ContentManager", name: "unshare_items", method: true },
  { key: "ContentManager.delete_items", className: "ContentManager", name: "delete_items", method: true },
  { key: "ContentManager.clone_items", className: "ContentManager", name: "clone_items", method: true },
]

/** Every Python member the doc maps: the reference's, then the later ones. */
export const documentedMembers = (): ReadonlyArray<PythonMember> => [...pythonMembers(), ...laterPythonMembers]

export interface DocRow {
  /** `ContentManager.search`, from the Python column. */
  readonly key: string
  readonly typescript: string
  /** `ContentManager`, from `ContentManager#search`. */
  readonly facadeClass: string
  readonly member: string
  readonly isStatic: boolean
  /** Marked `(*later*)`: not in the reference. */
  readonly later: boolean
}

/**
 * The mapping rows of the doc: `| \`Class.name(...)\` | \`ts call\` | \`Class#member\` |`, the Python cell of a later
 * member followed by `(*later*)`.
 */
export const docRows = (): ReadonlyArray<DocRow> =>
  readFileSync(docPath, "utf8")
    .split(/\r?\n/)
    .flatMap((line) => {
      const row =
        /^\| `([A-Za-z]+\.[a-z_]+)[^`]*`( \(\*later\*\))? \| `([^`]+)` \| `([A-Za-z]+)([#.])([A-Za-z]+)` \|$/.exec(line)
      if (!row) return []
      return [
        {
          key: row[1] ?? "",
          later: row[2] !== undefined,
          typescript: row[3] ?? "",
          facadeClass: row[4] ?? "",
          member: row[6] ?? "",
          isStatic: row[5] === ".",
        },
      ]
    })

/** `add_comment` → `addComment`. */
export const camelCase = (name: string): string =>
  name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())

/** Members that are instance fields (not on the prototype); the integration test reads each of them. */
export const instanceFields = new Set([
  "GIS#content",
  "GIS#groups",
  "GIS#users",
  "UserManager#roles",
  "Role#name",
  "Role#description",
])
