/** CSV as publish, analyze and generate read it: a header row and records, quoted fields allowed. */

/** Parses CSV text into a header and rows (quoted fields, commas and newlines inside quotes). */
export const parseCsv = (text: string): { fields: Array<string>; rows: Array<Array<string>> } => {
  const records: Array<Array<string>> = []
  let field = ""
  let record: Array<string> = []
  let quoted = false
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"'
        index += 1
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ",") {
      record.push(field)
      field = ""
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index += 1
      record.push(field)
      if (record.some((value) => value !== "")) records.push(record)
      record = []
      field = ""
    } else field += char
  }
  record.push(field)
  if (record.some((value) => value !== "")) records.push(record)
  const [fields = [], ...rows] = records
  return { fields: fields.map((name) => name.trim()), rows }
}

/** The columns that hold a location: latitude and longitude, or an address. */
export const locationFields = (fields: ReadonlyArray<string>) => {
  const find = (names: ReadonlyArray<string>) => fields.find((field) => names.includes(field.toLowerCase()))
  const latitude = find(["lat", "latitude", "y", "ycenter", "point_y"])
  const longitude = find(["lon", "long", "longitude", "x", "xcenter", "point_x"])
  const address = find(["address", "addr", "street", "location"])
  return { latitude, longitude, address }
}
