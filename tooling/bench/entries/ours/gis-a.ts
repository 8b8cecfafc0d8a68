// Bundle-weight entry (a) through the Promise facade's main entry: search items with an API key — our SDK.
import { GIS } from "@arcgis-portal/gis"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")

GIS.connect({ url: "https://www.arcgis.com", apiKey: key })
  .then((gis) => gis.content.search(input?.value ?? "parks"))
  .then(console.log, console.error)
