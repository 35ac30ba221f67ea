import { parse } from 'yaml'

// electron-updater runs only in a packaged build that was given a publish URL (electron-builder
// then writes app-update.yml next to the app), and never when the user turned it off.
export function updatesEnabled(options: {
  isPackaged: boolean
  hasUpdateConfig: boolean
  env: NodeJS.ProcessEnv
}): boolean {
  if (!options.isPackaged || !options.hasUpdateConfig) return false
  return options.env.MOMENTS_DISABLE_UPDATES !== '1'
}

/**
 * Why the feed in app-update.yml cannot be trusted, or null. Over plain http anyone on the network
 * could serve an update (electron-updater checks a sha512 that comes from the same feed). On
 * Windows, without a publisher name electron-updater installs an update without checking its
 * signature.
 */
export function updateFeedProblem(appUpdateYaml: string, platform: NodeJS.Platform): string | null {
  let feed: { url?: unknown; publisherName?: unknown } | null
  try {
    feed = parse(appUpdateYaml) as typeof feed
  } catch {
    return 'app-update.yml cannot be read'
  }
  let url: URL
  try {
    url = new URL(String(feed?.url ?? ''))
  } catch {
    return 'app-update.yml names no feed URL'
  }
  if (url.protocol !== 'https:') return `the update feed ${url.origin} is not https`
  if (platform === 'win32') {
    const names = [feed?.publisherName].flat().filter((name) => typeof name === 'string' && name !== '')
    if (names.length === 0)
      return 'app-update.yml names no publisher: an update’s signature would not be checked'
  }
  return null
}
