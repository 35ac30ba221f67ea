import { normalize, resolve, sep } from 'node:path'

/**
 * The file an app://moments URL names inside the renderer's build folder, or null: another host,
 * a path that climbs out (`..`, encoded or not), or a hidden file. Pure, so it can be tested.
 */
export function appFilePath(rendererDir: string, requestUrl: string): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (url.protocol !== 'app:' || url.host !== 'moments') return null
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0')) return null
  const relative = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^[/\\]+/, '')
  const root = resolve(rendererDir)
  const full = resolve(root, relative)
  if (full !== root && !full.startsWith(root + sep)) return null
  if (relative.split(/[/\\]/).some((part) => part.startsWith('.'))) return null
  return full
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

export function contentType(path: string): string {
  const dot = path.lastIndexOf('.')
  return (dot >= 0 && TYPES[path.slice(dot).toLowerCase()]) || 'application/octet-stream'
}
