// Bundle-weight entry (a) search items with an API key — rest-js.
import { searchItems, session } from "./ops.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")
const authentication = session(key)
Promise.all([searchItems(authentication, input?.value ?? "parks")]).then(console.log, console.error)
