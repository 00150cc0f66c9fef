// The package's "." entry. The server adapters arrive with the Nuxt module; the backend's
// function names and version are here for them (and for tools) today.
export { BACKEND_VERSION, CONVEX_FUNCTIONS, SERVER_SUBJECT } from './functions'
