/** The system message of a title request (the test upstream tells title requests from answers by it, so this file imports nothing). */
export const TITLE_INSTRUCTION =
  'Write a short title (2 to 6 words) for the conversation below, in the language of the question. ' +
  'Reply with the title only: no quotes, no final punctuation, no markdown.'
