// Bundle-weight entry (c) get user + search groups — rest-js.
import { session, userAndGroups } from "./ops.ts"

const key = document.body.dataset.key ?? ""
const input = document.querySelector("input")
const authentication = session(key)
Promise.all([userAndGroups(authentication, input?.title ?? "")]).then(console.log, console.error)
