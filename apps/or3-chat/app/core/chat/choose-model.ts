export interface ModelChoice {
  model: string | null
  /** Said to the user when the server's default was replaced (it is not offered). */
  notice: string | null
}

/**
 * The model the next answer uses: the one picked here, else the thread's, else the user's
 * default, else the server's default when the upstream offers it. A server default the upstream
 * does not list (e.g. `openai/gpt-4o-mini` on an Ollama server) would only fail with a 404, so
 * the first offered model stands in, and the user is told. An empty `offered` means the list is
 * not known (yet): the server's default is used as it is.
 */
export function chooseModel(input: {
  picked: string | null
  thread: string | null
  userDefault: string | null
  serverDefault: string | null
  offered: readonly string[]
}): ModelChoice {
  const explicit = input.picked ?? input.thread ?? input.userDefault
  if (explicit) return { model: explicit, notice: null }
  const { serverDefault, offered } = input
  if (serverDefault && (offered.length === 0 || offered.includes(serverDefault))) return { model: serverDefault, notice: null }
  const first = offered[0] ?? null
  if (!first) return { model: null, notice: null }
  return {
    model: first,
    notice: serverDefault
      ? `This server's default model (${serverDefault}) is not offered by its model provider, so ${first} is used. Pick another below; your pick becomes your default.`
      : null,
  }
}
