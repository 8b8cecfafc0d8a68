// B5: cold import of Esri's portal client (and the request package it needs), then the first line.
import "@esri/arcgis-rest-portal"
import "@esri/arcgis-rest-request"

console.log("ready")
