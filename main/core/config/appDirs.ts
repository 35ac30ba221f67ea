import envPaths from 'env-paths'

/** Where Moments keeps its config and data by default (per OS), overridable for tests and portable installs. */
export function appDirs(env: NodeJS.ProcessEnv = process.env): { configDir: string; dataDir: string } {
  const paths = envPaths('moments', { suffix: '' })
  return {
    configDir: env.MOMENTS_CONFIG_DIR || paths.config,
    dataDir: env.MOMENTS_DATA_DIR || paths.data,
  }
}
