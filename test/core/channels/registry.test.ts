import { describe, expect, it } from 'vitest'
import { CHANNEL_TYPES, channelPluginOf, describeDestination } from '../../../main/core/channels/registry.ts'
import { CHANNEL_ENTRIES } from '../../../shared/settings/desktopSettings.ts'

describe('the channel registry', () => {
  it('has a settings entry for every channel plug-in and a plug-in for every entry', () => {
    expect(CHANNEL_ENTRIES.map((entry) => entry.type).sort()).toEqual([...CHANNEL_TYPES].sort())
    for (const entry of CHANNEL_ENTRIES) expect(channelPluginOf(entry.type)?.label).toBe(entry.label)
  })

  it('names a destination by its channel, and leaves a key of no known channel as it is', () => {
    expect(describeDestination('slack:#moments')).toBe('Slack #moments')
    expect(describeDestination('fax:+15551234')).toBe('fax:+15551234')
    expect(channelPluginOf('constructor')).toBeNull()
  })
})
