import { describe, expect, it } from 'vitest'
import { warehouseUrlProblem } from '../../../../main/core/warehouse/sourceRegistry.ts'
import { redshiftPlan } from '../../../../main/core/warehouse/sources/redshift/redshiftConnection.ts'

// What a redshift:// URL means on the wire: sslmode as libpq reads it, and without it TLS with
// the certificate and host name checked — except on this machine.

const CLUSTER = 'cluster.abc123.eu-west-1.redshift.amazonaws.com'

describe('a redshift:// URL', () => {
  it('requires TLS, certificate and host name checked, when it names no sslmode', () => {
    const plan = redshiftPlan(`redshift://reader:secret@${CLUSTER}/analytics`)
    expect(plan).toMatchObject({
      host: CLUSTER,
      port: 5439,
      user: 'reader',
      password: 'secret',
      database: 'analytics',
    })
    expect(plan.tls).toEqual({ rejectUnauthorized: true })
    expect(plan.tlsOptional).toBe(false)
    expect(plan.label).not.toContain('secret')
  })

  it('connects in plain TCP on this machine (a stand-in, an SSH tunnel) unless told otherwise', () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '127.0.5.1']) {
      expect(redshiftPlan(`redshift://reader@${host}:15439/analytics`).tls, host).toBeNull()
    }
    expect(redshiftPlan('redshift://reader@127.0.0.1/analytics?sslmode=verify-full').tls).toEqual({
      rejectUnauthorized: true,
    })
  })

  it('reads sslmode as libpq does', () => {
    const tls = (mode: string) => redshiftPlan(`redshift://r@${CLUSTER}/db?sslmode=${mode}`)
    expect(tls('disable').tls).toBeNull()
    expect(tls('require').tls).toEqual({ rejectUnauthorized: false })
    expect(tls('prefer')).toMatchObject({ tls: { rejectUnauthorized: false }, tlsOptional: true })
    const verifyCa = tls('verify-ca').tls
    expect(verifyCa?.rejectUnauthorized).toBe(true)
    // The chain is checked, the host name is not.
    expect(verifyCa?.checkServerIdentity?.('elsewhere.example.com', {} as never)).toBeUndefined()
  })

  it('is refused with the reason when a parameter is unknown or sslmode is misspelt', () => {
    expect(warehouseUrlProblem(`redshift://r@${CLUSTER}/db?sslmode=required`)).toMatch(
      /sslmode=required: use one of/,
    )
    expect(warehouseUrlProblem(`redshift://r@${CLUSTER}/db?ssl=true`)).toMatch(/unknown parameter ssl/)
    expect(warehouseUrlProblem(`redshift://r@${CLUSTER}/db?sslmode=verify-full`)).toBeNull()
    expect(warehouseUrlProblem('mysql://r@db/x')).toMatch(
      /must be a postgres:\/\/, postgresql:\/\/, redshift:\/\/ URL/,
    )
  })
})
