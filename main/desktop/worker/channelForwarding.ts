import type { ForwardMode } from '../../../shared/settings/channelSettings.ts'
import { channelSettingsOf, type DesktopSettings } from '../../../shared/settings/desktopSettings.ts'
import { type Presence, shouldForward } from '../away/awayDecision.ts'

/**
 * Whether a delivered moment goes to a channel now: each channel's own `always` or "only when
 * I'm away" setting, with the one "away after" for all; a channel without a setting, always.
 */
export function forwardsNow(
  settings: DesktopSettings,
  channelType: string,
  presence: Presence | null,
): boolean {
  const entry = channelSettingsOf(channelType)
  const mode = entry ? (settings[entry.forwardField as keyof DesktopSettings] as ForwardMode) : 'always'
  return shouldForward(mode, presence, settings.awayAfterMinutes)
}
