// Bundle-weight entry (a) + (b) — rest-js.
import { searchItems, session, upload } from "./ops.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")
const authentication = session(key)
Promise.all([
  searchItems(authentication, input?.value ?? "parks"),
  upload(authentication, input?.files?.[0] ?? new File([], "empty.csv")),
]).then(console.log, console.error)
