import { testStorageGateway, type StorageHarness } from 'or3-provider-kit/testing'
import { createRig, sendBytes, type FsRig } from './rig'

// The kit's StorageGatewayAdapter suite, with the transport a device uses: real Requests with
// streamed bodies through the provider's own upload/download route handlers.
testStorageGateway<StorageHarness & { rig: FsRig }>({
  name: 'fs',
  requires: ['gc'],
  create: ({ now, limits, uploadGraceMs }) => {
    const rig = createRig({ now, limits, uploadGraceMs })
    return {
      rig,
      adapter: rig.gateway,
      upload: async (presigned, bytes) => void (await sendBytes(rig, presigned, bytes)),
      download: (presigned) => sendBytes(rig, presigned),
    }
  },
  cleanup: ({ rig }) => rig.cleanup(),
})
