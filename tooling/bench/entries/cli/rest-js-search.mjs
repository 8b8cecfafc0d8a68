// B8: the smallest Node script that does what `arcgis-portal search <query> --max 1` does with Esri's client — search
// the portal's items with an API key and print the first result — from a cold start.
// Usage: ARCGIS_PORTAL=<portal url> ARCGIS_API_KEY=<key> node rest-js-search.mjs <query>
import { searchItems } from "@esri/arcgis-rest-portal"
import { ApiKeyManager } from "@esri/arcgis-rest-request"

const portal = `${process.env.ARCGIS_PORTAL}/sharing/rest`
const authentication = ApiKeyManager.fromKey({ key: process.env.ARCGIS_API_KEY ?? "", portal })
const response = await searchItems({ q: process.argv[2] ?? "*", num: 1, portal, authentication })
const first = response.results[0]
if (first === undefined) process.exit(1)
console.log(`${first.id}\t${first.title}`)
