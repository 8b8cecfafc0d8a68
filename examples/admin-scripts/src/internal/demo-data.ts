/**
 * A little demo data on top of the emulator's seeded org, so that each script has something to show: a departing
 * user with folders, items, a group of their own and a membership; items shared publicly and with the org; items
 * nobody has touched for years (one of them delete-protected); a title that needs CSV quoting.
 *
 * Everything goes through the SDK as an administrator would do it, except the age of the old items: no portal lets
 * a client set an item's `modified` date, so {@link ageItems} writes it into the emulator's SQLite database
 * (`<dataDir>/portal.sqlite`, table `items`) — for the emulator only, never for a real portal.
 */
import { randomBytes } from "node:crypto"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import type { GIS, Item } from "@arcgis-portal/gis"

const day = 86_400_000

/**
 * Makes items look `days` old: their `created` and `modified` dates move back that far, in the emulator's database.
 * The emulator notices the write from another connection (`PRAGMA data_version`), so its search cache stays right.
 */
export const ageItems = (dataDir: string, ids: ReadonlyArray<string>, days: number, now = Date.now()): void => {
  const db = new DatabaseSync(join(dataDir, "portal.sqlite"), { timeout: 5_000 })
  try {
    const time = now - days * day
    const statement = db.prepare("UPDATE items SET created = ?, modified = ? WHERE id = ?")
    for (const id of ids) {
      const { changes } = statement.run(time, time, id)
      if (changes !== 1) throw new Error(`ageItems: no item ${id} in ${dataDir}`)
    }
  } finally {
    db.close()
  }
}

/** A password nobody needs to know: the demo never signs in as the accounts it creates. */
export const throwawayPassword = (): string => `demo-${randomBytes(18).toString("base64url")}`

/** Adds a small text item (CSV, PDF, Web Map…) owned by `owner`, in `folder` when given. */
export const addItem = (
  gis: GIS,
  properties: { readonly title: string; readonly type: string; readonly tags?: ReadonlyArray<string> },
  options: {
    readonly owner?: string
    readonly folder?: string
    readonly text?: string
    readonly fileName?: string
  } = {},
): Promise<Item> =>
  gis.content.add(
    { title: properties.title, type: properties.type, tags: [...(properties.tags ?? ["demo"])] },
    {
      data: new File([options.text ?? "name,value\nA,1\n"], options.fileName ?? "data.csv"),
      ...(options.owner === undefined ? {} : { owner: options.owner }),
      ...(options.folder === undefined ? {} : { folder: options.folder }),
    },
  )

/** What {@link seedDemo} made, for the launcher's banner. */
export interface DemoData {
  readonly departing: string
  readonly successor: string
  readonly staleItems: number
}

/**
 * Seeds the demo data, as the administrator `gis` is signed in as (a default administrator: it creates content in
 * other users' space). `dataDir` is the emulator's, for {@link ageItems}.
 */
export const seedDemo = async (gis: GIS, dataDir: string): Promise<DemoData> => {
  const departing = "dana_departing"
  const successor = "user_one"
  await gis.users.create({
    username: departing,
    password: throwawayPassword(),
    firstname: "Dana",
    lastname: "Departing",
    email: "dana@example.invalid",
    role: "org_publisher",
  })
  const [fieldOperations] = await gis.groups.search('title:"Field Operations"')
  if (fieldOperations === undefined) throw new Error("the emulator's seeded group 'Field Operations' is missing")
  await fieldOperations.addUsers([departing])
  const crew = await gis.groups.create({ title: "Survey Crew", tags: ["demo"], access: "org" })
  await crew.addUsers([departing, "publisher_one"])
  await crew.reassignTo(departing)

  for (const folder of ["Surveys", "Archive"]) await gis.content.createFolder(folder, { owner: departing })
  // The successor has an "Archive" folder already: a transfer puts the departing user's archive into it.
  await gis.content.createFolder("Archive", { owner: successor })
  const sites = await addItem(gis, { title: "Survey Sites 2019", type: "CSV" }, { owner: departing, folder: "Surveys" })
  await sites.share({ everyone: true })
  const results = await addItem(gis, { title: "Survey Results", type: "CSV" }, { owner: departing, folder: "Surveys" })
  await results.share({ groups: [fieldOperations.id] })
  const notes = await addItem(
    gis,
    { title: "Old Field Notes", type: "PDF" },
    { owner: departing, folder: "Archive", text: "%PDF-1.4\n% notes\n", fileName: "notes.pdf" },
  )
  await notes.protect()
  const crewMap = await addItem(
    gis,
    { title: "Crew Map", type: "Web Map" },
    { owner: departing, text: '{"operationalLayers":[],"version":"2.31"}', fileName: "map.json" },
  )
  await crewMap.share({ org: true, groups: [crew.id] })
  const quoted = await addItem(gis, { title: 'Parks, "North" district', type: "CSV" }, { owner: departing })
  await quoted.share({ org: true })

  const legacy = await addItem(gis, { title: "Legacy Trail Notes", type: "CSV" }, { owner: "publisher_one" })
  const photos = await addItem(gis, { title: "Trail Photos Index", type: "CSV" }, { owner: "publisher_one" })
  await photos.share({ org: true })
  // Views: each read of an item counts one.
  for (let view = 0; view < 12; view++) await gis.content.get(photos.id)

  ageItems(dataDir, [sites.id], 900)
  ageItems(dataDir, [notes.id], 800)
  ageItems(dataDir, [legacy.id], 500)
  ageItems(dataDir, [photos.id], 400)
  return { departing, successor, staleItems: 4 }
}
