/** Re-encodes an image smaller (longest side, JPEG quality); null when it cannot here. */
export type ImageShrinker = (image: Blob, options: { maxSide: number; quality: number }) => Promise<Blob | null>

/**
 * The browser's shrinker: decodes with createImageBitmap, draws onto a canvas no larger than
 * `maxSide` on its longest side (on white, since JPEG has no transparency) and encodes JPEG.
 * Models scale images down to about this size anyway, so what they see barely changes. Null
 * outside a browser or for an image the browser cannot decode.
 */
export const shrinkImageInBrowser: ImageShrinker = async (image, { maxSide, quality }) => {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas === 'undefined') return null
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(image)
  } catch {
    return null
  }
  try {
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height))
    const width = Math.max(1, Math.round(bitmap.width * scale))
    const height = Math.max(1, Math.round(bitmap.height * scale))
    const canvas = new OffscreenCanvas(width, height)
    const context = canvas.getContext('2d')
    if (!context) return null
    context.fillStyle = '#fff'
    context.fillRect(0, 0, width, height)
    context.drawImage(bitmap, 0, 0, width, height)
    return await canvas.convertToBlob({ type: 'image/jpeg', quality })
  } finally {
    bitmap.close()
  }
}
