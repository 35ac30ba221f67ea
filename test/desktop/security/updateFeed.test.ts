import { describe, expect, it } from 'vitest'
import { updateFeedProblem } from '../../../main/desktop/updater/updatePolicy.ts'

// app-update.yml as electron-builder writes it for a generic provider (NSIS adds publisherName).

describe('the update feed', () => {
  it('is refused over http, or unreadable', () => {
    expect(
      updateFeedProblem('provider: generic\nurl: http://updates.example.com/moments\n', 'linux'),
    ).toMatch(/not https/)
    expect(updateFeedProblem('provider: generic\n', 'darwin')).toMatch(/no feed URL/)
    expect(
      updateFeedProblem('provider: generic\nurl: https://updates.example.com/moments\n', 'darwin'),
    ).toBeNull()
  })

  it('on Windows needs the publisher name, without which the installer’s signature goes unchecked', () => {
    const feed =
      'provider: generic\nurl: https://updates.example.com/moments\nupdaterCacheDirName: moments-updater\n'
    expect(updateFeedProblem(feed, 'win32')).toMatch(/no publisher/)
    expect(updateFeedProblem(`${feed}publisherName:\n  - Moments Inc.\n`, 'win32')).toBeNull()
  })
})
