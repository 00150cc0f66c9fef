/** Emails compare after NFC, trim and lowercase, so `Ann@X.org ` and `ann@x.org` are one account. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase()
}
