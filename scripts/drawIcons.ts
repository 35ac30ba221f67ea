// Draws the app icon and the tray icons into build/ (PNG, ICO, ICNS) with no image tooling:
// shapes are sampled 4×4 per pixel and written as PNG with zlib. Run after changing a shape:
//   npm run icons
// The output is committed, so packaging needs nothing but this repository.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

type Rgb = [number, number, number]
/** A shape in a unit square (0..1 both ways, y down): is this point inside? */
type Shape = (x: number, y: number) => boolean
interface Layer {
  shape: Shape
  color: Rgb
}

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const BUILD = join(ROOT, 'build')

// ——— shapes ———
const disc =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const ring =
  (cx: number, cy: number, r: number, width: number, gaps = 0): Shape =>
  (x, y) => {
    const d = Math.hypot(x - cx, y - cy)
    if (Math.abs(d - r) > width / 2) return false
    if (gaps === 0) return true
    // A dashed ring: `gaps` gaps spaced evenly around it.
    const turn = (Math.atan2(y - cy, x - cx) / (2 * Math.PI) + 1) % 1
    return (turn * gaps) % 1 < 0.6
  }
const bar =
  (x0: number, y0: number, x1: number, y1: number): Shape =>
  (x, y) =>
    x >= x0 && x <= x1 && y >= y0 && y <= y1
const roundedSquare =
  (inset: number, radius: number): Shape =>
  (x, y) => {
    const lo = inset + radius
    const hi = 1 - inset - radius
    const dx = Math.max(lo - x, 0, x - hi)
    const dy = Math.max(lo - y, 0, y - hi)
    return (
      dx * dx + dy * dy <= radius * radius && x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset
    )
  }
const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y))

// ——— raster and PNG ———
function render(size: number, layers: Layer[]): Buffer {
  const rgba = Buffer.alloc(size * size * 4)
  const n = 4
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size
          const y = (py + (sy + 0.5) / n) / size
          // Layers are listed topmost first.
          for (const layer of layers) {
            if (layer.shape(x, y)) {
              r += layer.color[0]
              g += layer.color[1]
              b += layer.color[2]
              a++
              break
            }
          }
        }
      }
      const o = (py * size + px) * 4
      if (a > 0) {
        rgba[o] = Math.round(r / a)
        rgba[o + 1] = Math.round(g / a)
        rgba[o + 2] = Math.round(b / a)
      }
      rgba[o + 3] = Math.round((a / (n * n)) * 255)
    }
  }
  return png(size, rgba)
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(data: Buffer): number {
  let c = 0xffffffff
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}
function png(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.writeUInt8(8, 8) // bit depth
  header.writeUInt8(6, 9) // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** ICO with PNG entries (Windows Vista and later). */
function ico(images: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  let offset = 6 + 16 * images.length
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16)
    entry.writeUInt8(size >= 256 ? 0 : size, 0)
    entry.writeUInt8(size >= 256 ? 0 : size, 1)
    entry.writeUInt16LE(1, 4)
    entry.writeUInt16LE(32, 6)
    entry.writeUInt32LE(data.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += data.length
    return entry
  })
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)])
}

/** ICNS with PNG entries, the types macOS 10.7+ reads. */
function icns(draw: (size: number) => Buffer): Buffer {
  const types: [string, number][] = [
    ['icp4', 16],
    ['icp5', 32],
    ['ic11', 32],
    ['ic12', 64],
    ['ic07', 128],
    ['ic08', 256],
    ['ic13', 256],
    ['ic09', 512],
    ['ic14', 512],
    ['ic10', 1024],
  ]
  const entries = types.map(([type, size]) => {
    const data = draw(size)
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(data.length + 8, 4)
    return Buffer.concat([head, data])
  })
  const body = Buffer.concat(entries)
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(body.length + 8, 4)
  return Buffer.concat([head, body])
}

// ——— the designs ———
const TEAL: Rgb = [15, 118, 110]
const WHITE: Rgb = [255, 255, 255]
const BLACK: Rgb = [0, 0, 0]

/** The app icon: a white "ping" (a dot and its ring) on a teal rounded square. */
function appIcon(size: number): Buffer {
  return render(size, [
    { shape: union(disc(0.5, 0.5, 0.12), ring(0.5, 0.5, 0.26, 0.07)), color: WHITE },
    { shape: roundedSquare(0.08, 0.2), color: TEAL },
  ])
}

type TrayState = 'idle' | 'new' | 'error' | 'paused' | 'offline'
const TRAY_COLORS: Record<TrayState, Rgb> = {
  idle: [107, 114, 128],
  new: [13, 148, 136],
  error: [220, 38, 38],
  paused: [217, 119, 6],
  offline: [156, 163, 175],
}
const TRAY_SHAPES: Record<TrayState, Shape> = {
  idle: ring(0.5, 0.5, 0.36, 0.12),
  new: union(ring(0.5, 0.5, 0.36, 0.12), disc(0.5, 0.5, 0.17)),
  error: union(ring(0.5, 0.5, 0.36, 0.12), bar(0.44, 0.26, 0.56, 0.56), bar(0.44, 0.64, 0.56, 0.74)),
  paused: union(ring(0.5, 0.5, 0.36, 0.12), bar(0.36, 0.32, 0.46, 0.68), bar(0.54, 0.32, 0.64, 0.68)),
  offline: ring(0.5, 0.5, 0.36, 0.12, 8),
}

function write(path: string, data: Buffer): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, data)
}

export function drawIcons(): string[] {
  const written: string[] = []
  const out = (path: string, data: Buffer) => {
    write(join(BUILD, path), data)
    written.push(path)
  }
  out('icon.png', appIcon(1024))
  out('icon.icns', icns(appIcon))
  out('icon.ico', ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: appIcon(size) }))))
  for (const size of [16, 32, 48, 64, 128, 256, 512]) out(`icons/${size}x${size}.png`, appIcon(size))
  for (const state of Object.keys(TRAY_SHAPES) as TrayState[]) {
    const shape = TRAY_SHAPES[state]
    out(`tray/tray-${state}.png`, render(16, [{ shape, color: TRAY_COLORS[state] }]))
    out(`tray/tray-${state}@2x.png`, render(32, [{ shape, color: TRAY_COLORS[state] }]))
    // macOS template images: black and alpha only; the menu bar tints them.
    out(`tray/tray-${state}Template.png`, render(16, [{ shape, color: BLACK }]))
    out(`tray/tray-${state}Template@2x.png`, render(32, [{ shape, color: BLACK }]))
  }
  return written
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = drawIcons()
  console.log(`drew ${written.length} files into build/`)
}
