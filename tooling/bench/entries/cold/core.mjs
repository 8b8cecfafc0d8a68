// B5: cold import of our core package, then the first line.
import "@arcgis-portal/core"

console.log("ready")
