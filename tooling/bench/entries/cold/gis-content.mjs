// B5: cold import of the Promise facade's content entry (`@arcgis-portal/gis/content`), then the first line.
import "@arcgis-portal/gis/content"

console.log("ready")
