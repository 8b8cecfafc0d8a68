// Bundle-weight entry (a) through the Promise facade's content entry (`@arcgis-portal/gis/content`): search items
// with an API key — our SDK. The same program as gis-a.ts; only the import differs.
import { GIS } from "@arcgis-portal/gis/content"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

GIS.connect({ url: "https://www.arcgis.com", apiKey: key })
  .then((gis) => gis.content.search(input?.value ?? "parks"))
  .then(console.log, console.error)
