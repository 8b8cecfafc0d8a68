// B5: cold import of the Promise facade's Node entry (`@arcgis-portal/gis/node`), then the first line.
import "@arcgis-portal/gis/node"

console.log("ready")
