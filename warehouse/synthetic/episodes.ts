// One function per kind of thing that happens at a customer, each writing the raw rows it
// leaves behind, grouped by the system that records it.
import { BACKEND_EPISODES } from './backendEpisodes.ts'
import type { Episode } from './episodeContext.ts'
import { MONITORING_EPISODES } from './monitoringEpisodes.ts'
import { WEB_APP_EPISODES } from './webAppEpisodes.ts'
import { WEBSITE_EPISODES } from './websiteEpisodes.ts'

export type { EpisodeContext } from './episodeContext.ts'

export const EPISODES = {
  ...WEB_APP_EPISODES,
  ...BACKEND_EPISODES,
  ...WEBSITE_EPISODES,
  ...MONITORING_EPISODES,
} satisfies Record<string, Episode>

export type EpisodeKind = keyof typeof EPISODES
