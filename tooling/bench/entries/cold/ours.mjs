// B5: cold import of our content package, then the first line.
import "@arcgis-portal/content"

console.log("ready")
