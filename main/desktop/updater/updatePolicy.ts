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
