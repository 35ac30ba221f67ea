// What the figures were measured on: they mean little without it.
import { cpus, freemem, loadavg, type as osType, release, totalmem } from 'node:os'

export interface Machine {
  cpu: string
  cores: number
  ramGB: number
  os: string
  node: string
  postgres: string
  /** 1-minute load average when the bench started: other work on the machine shows here */
  loadAtStart: number
}

export function describeMachine(postgresVersion: string): Machine {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown'
  return {
    cpu,
    cores: cpus().length,
    ramGB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    postgres: postgresVersion,
    loadAtStart: round(loadavg()[0] ?? 0),
  }
}

export function currentLoad(): { load1: number; freeGB: number } {
  return { load1: round(loadavg()[0] ?? 0), freeGB: round(freemem() / 2 ** 30) }
}

const round = (n: number) => Math.round(n * 100) / 100
