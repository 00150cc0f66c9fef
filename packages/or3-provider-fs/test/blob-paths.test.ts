import { createHash } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { locateBlob, workspaceDirName } from '../src/runtime/index'
import { bytesOf, createRig, CTX, hashOf, storeFile, type FsRig } from './rig'

let rig: FsRig
beforeEach(() => {
  rig = createRig()
})
afterEach(() => rig.cleanup())

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort()
}

describe('blob paths', () => {
  it('are built from sha256(workspaceId) and the content hash alone', async () => {
    const bytes = bytesOf('path test')
    const hash = await storeFile(rig, 'ws-paths', bytes, { name: '../../../etc/passwd' })
    const hex = hash.slice('sha256:'.length)
    const wsHex = createHash('sha256').update('ws-paths').digest('hex').slice(0, 32)
    expect(workspaceDirName('ws-paths')).toBe(wsHex)
    expect(filesUnder(rig.root)).toEqual([`${wsHex}/${hex.slice(0, 2)}/${hex}`, `${wsHex}/${hex.slice(0, 2)}/${hex}.json`])
    expect(statSync(join(rig.root, wsHex)).mode & 0o777).toBe(0o700)
  })

  it('reject a workspaceId with path syntax at the schema, before any disk access', async () => {
    const bytes = bytesOf('traversal')
    for (const workspaceId of ['../../etc', 'a/b', '..\\..\\x', '']) {
      const request = { workspaceId, hash: hashOf(bytes), mimeType: 'text/plain', sizeBytes: bytes.byteLength }
      await expect(rig.gateway.presignUpload(CTX, request), workspaceId).rejects.toMatchObject({ code: 'VALIDATION' })
      await expect(rig.gateway.presignDownload(CTX, { workspaceId, hash: hashOf(bytes) })).rejects.toMatchObject({ code: 'VALIDATION' })
      await expect(rig.gateway.commit(CTX, { ...request, name: 'x' })).rejects.toMatchObject({ code: 'VALIDATION' })
    }
    expect(filesUnder(rig.root)).toEqual([])
  })

  it('stay inside the root even for hostile ids that bypass the schema (they are only ever hashed)', () => {
    const hash = hashOf(bytesOf('x'))
    for (const workspaceId of ['../../etc', '/etc/passwd', '..', '.tmp', '\u0000']) {
      const { blobPath, metaPath } = locateBlob(rig.root, workspaceId, hash)
      for (const path of [blobPath, metaPath]) {
        const inside = relative(rig.root, path)
        expect(inside.startsWith('..'), `${workspaceId} -> ${inside}`).toBe(false)
        expect(inside).toMatch(/^[0-9a-f]{32}\/[0-9a-f]{2}\/[0-9a-f]{64}(\.json)?$/)
      }
    }
  })

  it('refuse a content hash that is not sha256 hex', () => {
    for (const hash of ['sha256:../../etc/passwd', `sha256:${'A'.repeat(64)}`, `md5:${'a'.repeat(32)}`]) {
      expect(() => locateBlob(rig.root, 'ws', hash), hash).toThrow(/64 lowercase hex/)
    }
  })
})
