/**
 * A browser's cookie jar, as far as these tests need one: stores Set-Cookie answers (honouring
 * Path and Max-Age=0 deletion) and sends back the cookies whose Path matches a request.
 */
export class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string; httpOnly: boolean }>()

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim())
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq)
      const value = decodeURIComponent(pair.slice(eq + 1))
      const attr = new Map(
        attributes.map((a) => {
          const i = a.indexOf('=')
          return i === -1 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)]
        }),
      )
      const path = attr.get('path') ?? '/'
      const key = `${name};${path}`
      const maxAge = attr.get('max-age')
      const expires = attr.get('expires')
      const expired = (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) <= Date.now())
      if (expired || value === '') this.cookies.delete(key)
      else this.cookies.set(key, { value, path, httpOnly: attr.has('httponly') })
    }
  }

  headerFor(pathname: string): string | undefined {
    const pairs = [...this.cookies.entries()]
      .filter(([, c]) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([key, c]) => `${key.slice(0, key.indexOf(';'))}=${encodeURIComponent(c.value)}`)
    return pairs.length ? pairs.join('; ') : undefined
  }

  get(name: string): string | undefined {
    for (const [key, c] of this.cookies) if (key.startsWith(`${name};`)) return c.value
    return undefined
  }

  set(name: string, value: string, path = '/'): void {
    this.cookies.set(`${name};${path}`, { value, path, httpOnly: true })
  }

  clone(): CookieJar {
    const copy = new CookieJar()
    for (const [key, c] of this.cookies) copy.cookies.set(key, { ...c })
    return copy
  }
}
