// The settings window reads the shared settings schema, and zod compiles object parsers with
// `new Function` unless told not to. The page's CSP (Trusted Types, no eval) would refuse that
// and log a violation, so zod runs interpreted here. Imported first, before any schema is built.
import { z } from 'zod'

z.config({ jitless: true })
