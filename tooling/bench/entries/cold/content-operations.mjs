// B5: cold import of our content package's operations face (`@arcgis-portal/content/operations`), then the first line.
import "@arcgis-portal/content/operations"

console.log("ready")
