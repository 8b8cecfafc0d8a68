// B5: cold import of the Promise facade's main entry, then the first line.
import "@arcgis-portal/gis"

console.log("ready")
