/**
 * CSV files (RFC 4180) as `users import` and `groups sync` read them: a header row, then one record per line;
 * fields may be quoted (`"Smith, Jr."`, `""` for a quote, line breaks inside quotes); a UTF-8 byte order mark and
 * CRLF line ends are accepted; blank lines are skipped. Header names are matched loosely (`First Name`,
 * `first_name` and `firstname` are the same column). Pure, for tests.
 */

/** One record: its line number in the file (for messages) and its fields by normalized column name. */
export interface Row {
  readonly line: number
  readonly fields: Readonly<Record<string, string>>
}

/** A parsed file: the normalized column names, and the records. */
export interface Table {
  readonly columns: ReadonlyArray<string>
  readonly rows: ReadonlyArray<Row>
}

/** Why a file could not be read, with the line it happened on. */
export class CsvError extends Error {
  readonly line: number
  readonly reason: string
  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`)
    this.line = line
    this.reason = reason
  }
}

/** `First Name` → `firstname`. */
export const normalize = (name: string): string => name.toLowerCase().replace(/[\s_\-.]/g, "")

/** Splits CSV text into records of raw fields, each with the line it starts on. */
export const records = (text: string): ReadonlyArray<{ readonly line: number; readonly values: Array<string> }> => {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text
  const result: Array<{ line: number; values: Array<string> }> = []
  let values: Array<string> = []
  let field = ""
  let line = 1
  let start = 1
  let quoted = false
  let atFieldStart = true
  let index = 0
  const endRecord = () => {
    values.push(field)
    if (!(values.length === 1 && values[0] === "")) result.push({ line: start, values })
    values = []
    field = ""
    atFieldStart = true
  }
  while (index < input.length) {
    const character = input[index]!
    if (quoted) {
      if (character === '"') {
        if (input[index + 1] === '"') {
          field += '"'
          index += 2
          continue
        }
        quoted = false
        index++
        const next = input[index]
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r")
          throw new CsvError(line, "a closing quote must end its field")
        continue
      }
      if (character === "\n") line++
      field += character
      index++
      continue
    }
    if (character === '"' && atFieldStart) {
      quoted = true
      atFieldStart = false
      index++
      continue
    }
    if (character === ",") {
      values.push(field)
      field = ""
      atFieldStart = true
      index++
      continue
    }
    if (character === "\r" || character === "\n") {
      endRecord()
      index += character === "\r" && input[index + 1] === "\n" ? 2 : 1
      line++
      start = line
      continue
    }
    if (character === '"') throw new CsvError(line, "a quote inside an unquoted field (quote the whole field)")
    field += character
    atFieldStart = false
    index++
  }
  if (quoted) throw new CsvError(start, "a quoted field is not closed")
  if (field !== "" || values.length > 0) endRecord()
  return result
}

/**
 * Parses a file with a header row. `required` columns must be present; `known` lists the others the command reads
 * (an unknown column is refused, so that a typo never silently drops data). `aliases` maps other names to columns.
 */
export const parse = (
  text: string,
  options: {
    readonly required: ReadonlyArray<string>
    readonly optional: ReadonlyArray<string>
    readonly aliases?: Readonly<Record<string, string>> | undefined
  },
): Table => {
  const [header, ...body] = records(text)
  if (header === undefined) throw new CsvError(1, "the file is empty; the first line names the columns")
  const columns = header.values.map((name) => {
    const normalized = normalize(name)
    return options.aliases?.[normalized] ?? normalized
  })
  const allowed = new Set([...options.required, ...options.optional])
  for (const column of columns) {
    if (column === "") throw new CsvError(header.line, "a column has no name")
    if (!allowed.has(column))
      throw new CsvError(header.line, `unknown column "${column}" (known: ${[...allowed].join(", ")})`)
  }
  const seen = new Set<string>()
  for (const column of columns) {
    if (seen.has(column)) throw new CsvError(header.line, `the column "${column}" appears twice`)
    seen.add(column)
  }
  for (const column of options.required)
    if (!seen.has(column)) throw new CsvError(header.line, `the column "${column}" is missing`)
  const rows = body.map((record) => {
    if (record.values.length !== columns.length)
      throw new CsvError(record.line, `${record.values.length} fields where the header has ${columns.length}`)
    const fields: Record<string, string> = {}
    columns.forEach((column, index) => {
      fields[column] = (record.values[index] ?? "").trim()
    })
    return { line: record.line, fields }
  })
  return { columns, rows }
}
