import { describe, expect, it } from "vitest"
import * as Facade from "../src/index.ts"
import {
  camelCase,
  docRows,
  documentedMembers,
  instanceFields,
  laterPythonMembers,
  pythonMembers,
} from "./reference.ts"

const classes: Record<string, { readonly prototype: object }> = {
  GIS: Facade.GIS,
  Item: Facade.Item,
  User: Facade.User,
  Group: Facade.Group,
  Datastore: Facade.Datastore,
  Role: Facade.Role,
  Layer: Facade.Layer,
  ContentManager: Facade.ContentManager,
  UserManager: Facade.UserManager,
  GroupManager: Facade.GroupManager,
  DatastoreManager: Facade.DatastoreManager,
  RoleManager: Facade.RoleManager,
  ResourceManager: Facade.ResourceManager,
}

/** Where the TypeScript name is not the Python name in camelCase, and why (see the doc). */
const renamed: Record<string, string> = { "Layer.fromitem": "fromItem" }

describe("docs/python-to-typescript.md", () => {
  const members = pythonMembers()
  const rows = docRows()

  it("the reference parses into every class of the module", () => {
    expect(new Set(members.map((member) => member.className))).toEqual(new Set(Object.keys(classes)))
    expect(members.length).toBeGreaterThan(100)
  })

  it("restores the get_thumbnail_link headings the reference's text lost (Item, User and Group)", () => {
    // In the reference each "URL to the thumbnail image" paragraph follows get_thumbnail with its heading missing.
    const keys = members.map((member) => member.key)
    for (const owner of ["Item", "User", "Group"]) {
      expect(keys).toContain(`${owner}.get_thumbnail_link`)
      expect(members.find((member) => member.key === `${owner}.get_thumbnail_link`)?.method).toBe(true)
    }
  })

  it("lists exactly the methods and properties of the Python reference, and the later ones, each once", () => {
    expect(rows.map((row) => row.key).sort()).toEqual(
      documentedMembers()
        .map((member) => member.key)
        .sort(),
    )
  })

  it("lists as later only members the reference really lacks, and marks exactly those (*later*)", () => {
    const keys = new Set(members.map((member) => member.key))
    expect(laterPythonMembers.filter((member) => keys.has(member.key))).toEqual([])
    expect(rows.filter((row) => row.later).map((row) => row.key)).toEqual(
      laterPythonMembers.map((member) => member.key),
    )
  })

  it("maps each to the facade class of the same name and the camelCase member", () => {
    for (const row of rows) {
      const [className, name] = row.key.split(".") as [string, string]
      expect(row.facadeClass, row.key).toBe(className)
      expect(row.member, row.key).toBe(renamed[row.key] ?? camelCase(name))
    }
  })

  it("names members the facade really has", () => {
    const missing = rows.filter((row) => {
      const target = classes[row.facadeClass]
      if (target === undefined) return true
      if (row.isStatic) return typeof (target as unknown as Record<string, unknown>)[row.member] !== "function"
      if (instanceFields.has(`${row.facadeClass}#${row.member}`)) return false
      return !(row.member in target.prototype)
    })
    expect(missing.map((row) => `${row.facadeClass}#${row.member}`)).toEqual([])
  })

  it("shows each call with the member it names", () => {
    for (const row of rows) expect(row.typescript, row.key).toContain(row.member)
  })
})
