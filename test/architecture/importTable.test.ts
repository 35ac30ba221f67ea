// README's import table ("How it is built"), enforced: each folder imports only what its row
// allows, so a reader can trust the path to say whether a file may touch Electron, the DOM or
// the terminal. Imports are read with TypeScript's own pre-processor (static, re-exports and
// dynamic `import()`), relative ones resolved to the file they name.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')

/** Packages that draw on or read a terminal: the CLI's, never the core's. */
const TERMINAL = ['picocolors', 'cli-progress', 'commander', 'pino-pretty', 'node:readline', 'node:tty']

interface Source {
  file: string
  /** Repository paths of the relative imports, package names of the others */
  local: string[]
  packages: string[]
  /** Packages imported for their types only (`import type`): nothing of them runs */
  typeOnly: string[]
}

function sourcesUnder(folder: string): Source[] {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.tsx?$/.test(entry.name)) files.push(path)
    }
  }
  walk(folder)
  return files.map((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8')
    const info = ts.preProcessFile(text, true, true)
    const specifiers = info.importedFiles.map((f) => f.fileName)
    const typeOnly = ts
      .createSourceFile(file, text, ts.ScriptTarget.Latest)
      .statements.filter((s) => ts.isImportDeclaration(s) && s.importClause?.isTypeOnly)
      .map((s) => ((s as ts.ImportDeclaration).moduleSpecifier as ts.StringLiteral).text)
    return {
      typeOnly,
      file: file.split(sep).join('/'),
      local: specifiers
        .filter((s) => s.startsWith('.'))
        .map((s) =>
          relative(ROOT, resolve(ROOT, dirname(file), s))
            .split(sep)
            .join('/'),
        ),
      packages: specifiers.filter((s) => !s.startsWith('.')),
    }
  })
}

const within = (path: string, ...folders: string[]) => folders.some((f) => path.startsWith(`${f}/`))

/** "file imports X" for every import breaking `allowed`. */
function violations(
  sources: Source[],
  allowed: (source: Source, target: { local?: string; pkg?: string }) => boolean,
): string[] {
  return sources.flatMap((source) => [
    ...source.local.filter((local) => !allowed(source, { local })).map((t) => `${source.file} imports ${t}`),
    ...source.packages.filter((pkg) => !allowed(source, { pkg })).map((t) => `${source.file} imports ${t}`),
  ])
}

const isNodeBuiltin = (pkg: string) => pkg.startsWith('node:')

const coreMayImport = (_: Source, t: { local?: string; pkg?: string }) =>
  t.local
    ? within(t.local, 'main/core', 'shared', 'warehouse')
    : t.pkg !== 'electron' && !TERMINAL.includes(t.pkg as string)

describe("README's import table", () => {
  it('shared/ imports nothing platform-specific: no Node, no Electron, nothing outside shared/', () => {
    const found = violations(sourcesUnder('shared'), (_, t) =>
      t.local ? within(t.local, 'shared') : !isNodeBuiltin(t.pkg as string) && t.pkg !== 'electron',
    )
    expect(found).toEqual([])
  })

  it('the core never imports electron, the terminal, the CLI or the desktop app', () => {
    expect(violations(sourcesUnder('main/core'), coreMayImport)).toEqual([])
  })

  it('the CLI imports the core and shared/, never the desktop app or electron', () => {
    const found = violations(sourcesUnder('main/cli'), (_, t) =>
      t.local ? within(t.local, 'main/cli', 'main/core', 'shared') : t.pkg !== 'electron',
    )
    expect(found).toEqual([])
  })

  it('in the desktop app only main.ts, electron/ and the preload import electron (others, its types at most)', () => {
    const found = violations(sourcesUnder('main/desktop'), (source, t) => {
      if (t.local) return within(t.local, 'main/desktop', 'main/core', 'shared')
      if (t.pkg !== 'electron' || source.typeOnly.includes('electron')) return true
      return (
        source.file === 'main/desktop/main.ts' ||
        within(source.file, 'main/desktop/electron', 'main/desktop/preload')
      )
    })
    expect(found).toEqual([])
  })

  it('the pipeline worker and the services it runs are Node: no electron, no main-process module', () => {
    const worker = [...sourcesUnder('main/desktop/worker'), ...sourcesUnder('main/desktop/service')]
    const mainProcess = ['electron', 'host', 'ipc', 'tray', 'notify', 'windows', 'security', 'preload']
    const found = violations(worker, (_, t) =>
      t.local
        ? !mainProcess.some((folder) => within(t.local as string, `main/desktop/${folder}`)) &&
          t.local !== 'main/desktop/main.ts'
        : t.pkg !== 'electron',
    )
    expect(found).toEqual([])
  })

  it('the renderer imports only shared/ and itself, and no Node or Electron', () => {
    const found = violations(sourcesUnder('renderer/src'), (_, t) =>
      t.local
        ? within(t.local, 'renderer', 'shared')
        : !isNodeBuiltin(t.pkg as string) && t.pkg !== 'electron',
    )
    expect(found).toEqual([])
  })

  it("the state file is the store's alone: only main/core/store opens SQLite", () => {
    const everywhere = ['main', 'shared', 'renderer/src'].flatMap(sourcesUnder)
    const found = violations(
      everywhere,
      (source, t) => t.pkg !== 'better-sqlite3' || within(source.file, 'main/core/store'),
    )
    expect(found).toEqual([])
  })

  it('catches what it guards against: a core file importing electron or the CLI', () => {
    const planted: Source[] = [
      {
        file: 'main/core/x.ts',
        local: ['main/cli/main.ts'],
        packages: ['electron', 'picocolors'],
        typeOnly: [],
      },
    ]
    expect(violations(planted, coreMayImport)).toEqual([
      'main/core/x.ts imports main/cli/main.ts',
      'main/core/x.ts imports electron',
      'main/core/x.ts imports picocolors',
    ])
  })
})
