import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: two test files at a time keeps PostgreSQL busy without drowning it.
    maxWorkers: 2,
    pool: 'forks',
    // expect.poll waits for what a page or a process does next: 1 s (vitest's default) was missed
    // on a loaded 2-core machine by a history window still drawing the moment it was asked for.
    expect: { poll: { timeout: 10_000 } },
  },
})
