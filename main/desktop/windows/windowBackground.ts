/**
 * The windows' background before the page paints (BrowserWindow `backgroundColor`): the page's
 * own `--bg` for the OS theme (renderer/src/styles.css), so a resize or a slow first paint shows
 * the page's colour, not white in dark mode.
 */
export const WINDOW_BACKGROUND = { light: '#f4f5f8', dark: '#121419' } as const

export function windowBackground(dark: boolean): string {
  return dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light
}
