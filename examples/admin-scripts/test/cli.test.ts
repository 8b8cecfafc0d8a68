import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import {
  CsvError,
  columnKey,
  csvField,
  helpText,
  integerFlag,
  parseCsv,
  parseFlags,
  readCsvFile,
  redact,
  table,
  toCsv,
  UsageError,
} from "../src/internal/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "admin-scripts-cli-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("CSV", () => {
  it("parses RFC 4180: quoted commas, doubled quotes, line breaks in quotes, CRLF or LF, a byte-order mark", () => {
    expect(parseCsv('\uFEFFa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\nlast,,\n')).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "two\r\nlines"],
      ["last", "", ""],
    ])
    expect(parseCsv("no,final,newline")).toEqual([["no", "final", "newline"]])
    expect(parseCsv('a "quote" inside,b')).toEqual([['a "quote" inside', "b"]])
    expect(() => parseCsv('a,"never closed\nb')).toThrow(CsvError)
    expect(() => parseCsv('a,"never closed\nb')).toThrow("starts on line 1")
  })

  it("writes what it reads back: quotes only where needed, CRLF line ends", () => {
    expect([
      csvField("plain"),
      csvField("a,b"),
      csvField('say "hi"'),
      csvField("two\nlines"),
      csvField(" edge"),
    ]).toEqual(["plain", '"a,b"', '"say ""hi"""', '"two\nlines"', '" edge"'])
    expect([csvField(undefined), csvField(null), csvField(3), csvField(false)]).toEqual(["", "", "3", "false"])
    const rows = [
      ["1", 'Parks, "North"', "x\r\ny"],
      ["2", "", "Ñandú"],
    ]
    const text = toCsv(["id", "title", "notes"], rows)
    expect(text).toBe('id,title,notes\r\n1,"Parks, ""North""","x\r\ny"\r\n2,,Ñandú\r\n')
    expect(parseCsv(text)).toEqual([["id", "title", "notes"], ...rows])
  })

  it("reads a file into records by column key, with the line numbers of the file, skipping blank lines", () => {
    const path = join(dir, "users.csv")
    writeFileSync(
      path,
      'User Name,E-mail,first_name\nann,"a@x.invalid",Ann\n\n"bob\nsmith",b@x.invalid,Bob\ncy,c@x.invalid,Cy\n',
    )
    const { columns, records } = readCsvFile(path, ["username", "email"])
    expect(columns).toEqual(["username", "email", "firstname"])
    expect(records.map((record) => [record.line, record.values.username])).toEqual([
      [2, "ann"],
      [4, "bob\nsmith"],
      [6, "cy"],
    ])
    expect(() => readCsvFile(path, ["username", "role"])).toThrow(/has no column role/)
    writeFileSync(path, "a,b\n1,2,3\n")
    expect(() => readCsvFile(path, [])).toThrow("line 2 has 3 fields, the header 2")
    expect(() => readCsvFile(join(dir, "absent.csv"), [])).toThrow(UsageError)
    expect(columnKey(" First Name ")).toBe("firstname")
  })
})

describe("flags, help and output", () => {
  const definition = {
    name: "demo",
    summary: "Does a thing.",
    usage: "[--days <n>] [--dry-run]",
    options: { days: { type: "string" }, "dry-run": { type: "boolean" } },
    optionHelp: [["--days <n>", "how many days"]],
    examples: ["node src/demo.ts --days 3"],
    failures: "something failed",
  } as const

  it("parses the script's flags and --portal; unknown flags and stray arguments are usage errors", () => {
    expect(parseFlags(definition, ["--days", "3", "--dry-run", "--portal", "https://host/portal"])).toEqual({
      days: "3",
      "dry-run": true,
      portal: "https://host/portal",
    })
    expect(() => parseFlags(definition, ["--password", "secret-value"])).toThrow(UsageError)
    // A stray argument may be a password typed in the wrong place: it is not repeated.
    expect(() => parseFlags(definition, ["secret-value"])).toThrow("this script takes flags only, no other arguments")
    expect(integerFlag("days", "12")).toBe(12)
    expect(integerFlag("days", undefined)).toBeUndefined()
    expect(() => integerFlag("days", "1.5")).toThrow("--days must be a whole number of at least 0, got '1.5'")
  })

  it("--help shows the usage, the flags, the credentials from the environment, the exit codes and an example", () => {
    const help = helpText(definition)
    expect(help).toContain("Usage: node src/demo.ts [--days <n>] [--dry-run] [--portal <url>]")
    expect(help).toMatch(/--days <n> +how many days/)
    expect(help).toMatch(/ARCGIS_USERNAME, ARCGIS_PASSWORD +a built-in account/)
    expect(help).toMatch(/1 +something failed/)
    expect(help).toContain("  node src/demo.ts --days 3")
  })

  it("blanks out the values of the secret variables; tables pad and cut cells", () => {
    process.env.ARCGIS_TOKEN = "tok-123456789"
    try {
      expect(redact("token tok-123456789 here")).toBe("token *** here")
    } finally {
      delete process.env.ARCGIS_TOKEN
    }
    expect(table(["a", "long header"], [["x\ny", 1]], 48)).toBe("a    long header\nx y  1")
    expect(table(["a"], [["abcdef"]], 4)).toBe("a\nabc…")
  })
})
