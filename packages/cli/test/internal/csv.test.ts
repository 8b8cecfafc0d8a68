import { describe, expect, it } from "vitest"
import * as Csv from "../../src/internal/csv.ts"

const spec = { required: ["username", "email"], optional: ["firstname", "groups"], aliases: { user: "username" } }

describe("CSV", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks; CRLF and a BOM", () => {
    const text = '\uFEFFUser,Email,First Name\r\na,"a@x.org","Smith, ""Jr."""\r\nb,b@x.org,"two\nlines"\r\n\r\n'
    const table = Csv.parse(text, spec)
    expect(table.columns).toEqual(["username", "email", "firstname"])
    expect(table.rows).toEqual([
      { line: 2, fields: { username: "a", email: "a@x.org", firstname: 'Smith, "Jr."' } },
      { line: 3, fields: { username: "b", email: "b@x.org", firstname: "two\nlines" } },
    ])
  })

  it("a last line without a newline, empty fields and spaces around values", () => {
    const table = Csv.parse("username,email,groups\n  c  ,c@x.org,\n", spec)
    expect(table.rows[0]?.fields).toEqual({ username: "c", email: "c@x.org", groups: "" })
    expect(Csv.parse("username,email\nd,d@x.org", spec).rows).toHaveLength(1)
  })

  it("refuses what would lose data silently, naming the line", () => {
    const error = (text: string) => {
      try {
        Csv.parse(text, spec)
        return "parsed"
      } catch (failure) {
        return (failure as Error).message
      }
    }
    expect(error("")).toBe("line 1: the file is empty; the first line names the columns")
    expect(error("username\nx\n")).toBe('line 1: the column "email" is missing')
    expect(error("username,email,phone\n")).toContain('unknown column "phone"')
    expect(error("username,email,user\n")).toBe('line 1: the column "username" appears twice')
    expect(error("username,email\na,b,c\n")).toBe("line 2: 3 fields where the header has 2")
    expect(error('username,email\n"a,b\n')).toBe("line 2: a quoted field is not closed")
    expect(error('username,email\na"b,c\n')).toBe("line 2: a quote inside an unquoted field (quote the whole field)")
    expect(error('username,email\n"a"b,c\n')).toBe("line 2: a closing quote must end its field")
  })
})
