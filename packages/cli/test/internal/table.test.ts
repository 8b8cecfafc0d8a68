import { describe, expect, it } from "vitest"
import * as Table from "../../src/internal/table.ts"

interface Row {
  readonly id: string
  readonly title: string
  readonly views: number
}

const columns: ReadonlyArray<Table.Column<Row>> = [
  { header: "id", value: (row) => row.id },
  { header: "title", value: (row) => row.title, max: 12 },
  { header: "views", value: (row) => String(row.views), align: "right" },
]

describe("table rendering", () => {
  it("aligns columns to their widest value and cuts at a column's maximum with …", () => {
    const lines = Table.render(
      columns,
      [
        { id: "a1", title: "Parks", views: 5 },
        { id: "b22", title: "A very long title indeed", views: 1234 },
      ],
      undefined,
    )
    expect(lines).toEqual(["ID   TITLE         VIEWS", "a1   Parks             5", "b22  A very long…   1234"])
  })

  it("gives way to the terminal width, widest column first, never below 8", () => {
    const wide: ReadonlyArray<Table.Column<Row>> = [
      { header: "id", value: (row) => row.id },
      { header: "title", value: (row) => row.title },
    ]
    const [header, line] = Table.render(wide, [{ id: "x".repeat(32), title: "y".repeat(40), views: 0 }], 50)
    expect(header).toBe(`ID${" ".repeat(22)}  TITLE`)
    expect(line).toBe(`${"x".repeat(23)}…  ${"y".repeat(23)}…`)
    expect(Table.widthOf(line ?? "")).toBeLessThanOrEqual(50)
  })

  it("removes control characters: a title cannot move the cursor or clear the screen", () => {
    const row = { id: "c3", title: "evil\u001b[2J\u001b]0;pwned\u0007\ttitle\nnext", views: 1 }
    const line = Table.tsv(columns, row)
    expect(line).toBe("c3\tevil [2J ]0;pwned  title next\t1")
    for (const rendered of Table.render(columns, [row], undefined))
      expect([...rendered].every((character) => character.charCodeAt(0) >= 0x20)).toBe(true)
  })

  it("measures wide characters as two columns", () => {
    expect(Table.truncate("ファイル名です", 7)).toBe("ファイ…")
    expect(Table.widthOf(Table.truncate("ファイル名です", 7))).toBeLessThanOrEqual(7)
  })

  it("formats dates, byte counts and key/value records", () => {
    expect(Table.date(Date.UTC(2024, 1, 29, 23, 0))).toBe("2024-02-29")
    expect(Table.date(undefined)).toBe("")
    expect(Table.bytes(512)).toBe("512 B")
    expect(Table.bytes(1536)).toBe("1.5 KiB")
    expect(Table.bytes(12 * 1024 * 1024)).toBe("12.0 MiB")
    expect(
      Table.keyValues([
        ["id", "abc"],
        ["title", "Parks"],
      ]),
    ).toEqual(["id:    abc", "title: Parks"])
  })
})
