// `npm start` opens the app only with an Electron binary; otherwise it names the reason in one
// line and runs the headless demo. electron is an optional dependency, so both ways of lacking
// it occur: the package left out (download failed) or present without its binary (download skipped).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { electronBinary } from '../../scripts/electronBinary.ts'

const dir = mkdtempSync(join(tmpdir(), 'moments-electron-binary-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const requireThrowing = (error: Error) => () => {
  throw error
}

describe('electronBinary', () => {
  it('is the path the electron package exports, when that file exists', () => {
    const binary = join(dir, 'electron')
    writeFileSync(binary, '')
    expect(electronBinary(() => binary)).toEqual({ path: binary })
  })

  it('says npm left electron out when the package cannot be found', () => {
    const notFound = Object.assign(new Error("Cannot find module 'electron'"), { code: 'MODULE_NOT_FOUND' })
    expect(electronBinary(requireThrowing(notFound))).toEqual({
      missing: expect.stringContaining('its download failed at npm install'),
    })
  })

  it('says the binary is missing when the package throws for want of it', () => {
    const failed = new Error('Electron failed to install correctly, please delete node_modules/electron')
    expect(electronBinary(requireThrowing(failed))).toEqual({
      missing: expect.stringContaining('no Electron binary in node_modules/electron'),
    })
  })

  it('says where it looked when the exported path does not exist', () => {
    expect(electronBinary(() => join(dir, 'gone'))).toEqual({
      missing: `no Electron binary at ${join(dir, 'gone')}`,
    })
  })
})
