// Summarises a V8 .cpuprofile (from --cpu-prof): self time per function and per source file.
// npx tsx bench/profileSummary.ts bench/profiles/<file>.cpuprofile
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const file = process.argv[2]
if (!file) {
  console.error('usage: profileSummary.ts FILE.cpuprofile [top]')
  process.exit(2)
}
const top = Number(process.argv[3] ?? 30)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const selfMs = new Map<number, number>()
profile.samples.forEach((id, i) => {
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
})
const total = [...selfMs.values()].reduce((a, b) => a + b, 0)
const perFunction = new Map<string, number>()
const perFile = new Map<string, number>()
for (const [id, ms] of selfMs) {
  const frame = (byId.get(id) as ProfileNode).callFrame
  const where = frame.url.replace(/^file:\/\//, '').replace(process.cwd(), '.')
  const fn = `${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`
  perFunction.set(fn, (perFunction.get(fn) ?? 0) + ms)
  const key = where.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1') || frame.functionName
  perFile.set(key, (perFile.get(key) ?? 0) + ms)
}
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`)
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * ms) / total).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${name}`)
}
console.log(`total ${total.toFixed(0)} ms sampled`)
show('self time by file or package', perFile)
show('self time by function', perFunction)
