// Bundle-weight entry (a) + (c) — rest-js.
import { searchItems, session, userAndGroups } from "./ops.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")
const authentication = session(key)
Promise.all([
  searchItems(authentication, input?.value ?? "parks"),
  userAndGroups(authentication, input?.title ?? ""),
]).then(console.log, console.error)
