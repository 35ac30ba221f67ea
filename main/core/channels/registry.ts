import type { z } from 'zod'
import { type ChannelPlugin, destinationName } from './channel.ts'
import { slackChannel } from './slack/slackChannel.ts'
import { teamsChannel } from './teams/teamsChannel.ts'

/**
 * The notification channels, by their key in moments.yaml. Adding a channel is a folder that
 * implements ChannelPlugin (channel.ts), its settings entry (shared/settings/channels/), and one
 * line here. Nothing else names a channel.
 */
export const CHANNEL_PLUGINS = {
  slack: slackChannel,
  teams: teamsChannel,
} as const

export type ChannelType = keyof typeof CHANNEL_PLUGINS

/** The channel sections of a config, each as its schema reads it. */
export type ChannelConfigs = {
  [T in ChannelType]?: z.output<(typeof CHANNEL_PLUGINS)[T]['configSchema']>
}

type ChannelConfigShape = {
  [T in ChannelType]: z.ZodOptional<(typeof CHANNEL_PLUGINS)[T]['configSchema']>
}

/** The channel sections of moments.yaml, each optional (absent: that channel is off). */
export const channelConfigShape = Object.fromEntries(
  Object.entries(CHANNEL_PLUGINS).map(([type, plugin]) => [type, plugin.configSchema.optional()]),
) as ChannelConfigShape

export const CHANNEL_TYPES = Object.keys(CHANNEL_PLUGINS) as ChannelType[]

export function channelPluginOf(type: string): ChannelPlugin | null {
  return Object.hasOwn(CHANNEL_PLUGINS, type) ? (CHANNEL_PLUGINS[type as ChannelType] as ChannelPlugin) : null
}

/** Each configured channel with its plug-in, in registry order. */
export function configuredChannels(
  configs: ChannelConfigs,
): Array<{ plugin: ChannelPlugin; settings: unknown }> {
  return CHANNEL_TYPES.flatMap((type) => {
    const settings = configs[type]
    return settings === undefined ? [] : [{ plugin: CHANNEL_PLUGINS[type] as ChannelPlugin, settings }]
  })
}

/** `slack:#moments` → `Slack`; the key itself when it names no known channel. */
export function channelLabelOf(destination: string): string {
  const type = destination.slice(0, Math.max(0, destination.indexOf(':')))
  return channelPluginOf(type)?.label ?? destination
}

/** `slack:#moments` → `Slack #moments`; a key of no known channel as it is. */
export function describeDestination(destination: string): string {
  const type = destination.slice(0, Math.max(0, destination.indexOf(':')))
  const plugin = channelPluginOf(type)
  return plugin ? `${plugin.label} ${destinationName(destination)}` : destination
}

/** The outbox keys the configured channels post to. */
export function configuredDestinations(configs: ChannelConfigs): string[] {
  return configuredChannels(configs).map(({ plugin, settings }) => plugin.destination(settings))
}

/** The team channel, if one is configured: it reads every account, and these fields' people. */
export function teamChannel(configs: ChannelConfigs): { label: string; personFields: string[] } | null {
  for (const { plugin, settings } of configuredChannels(configs)) {
    const directory = plugin.directory?.(settings)
    if (directory) return { label: plugin.label, personFields: directory.personFields }
  }
  return null
}
