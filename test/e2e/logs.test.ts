import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Writable } from 'node:stream'
import { QueryFailedError } from 'typeorm'
import { createLogger, redirectLogs } from '../../shared/log'
import { identities, startTestStack, type TestStack } from '../harness/stack'

/** Every log line of the stack, as parsed JSON. */
const lines: Record<string, unknown>[] = []
redirectLogs(
  new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  }),
  'debug',
)

let stack: TestStack
beforeAll(async () => {
  stack = await startTestStack('logs', { gemeenten: ['0153'], inwoners: 20 })
})
afterAll(() => stack?.stop())

describe('logs', () => {
  it('are JSON lines with level, time and service, and never name a resident', async () => {
    const db = stack.gemeente('0153').db
    const inwoners: { bsn: string; voornamen: string; achternaam: string }[] = await db.query(
      'SELECT bsn, voornamen, achternaam FROM inwoner',
    )
    const medewerker = identities.medewerker('0153')
    const [eerste] = inwoners
    for (const zoek of [eerste.achternaam, eerste.bsn]) {
      const { body } = await stack.query(
        /* GraphQL */ `
          query Zoek($zoek: String) {
            inwoners(gemeenteCode: "0153", zoek: $zoek, eerste: 5) {
              edges {
                node {
                  voornamen
                  achternaam
                }
              }
            }
          }
        `,
        { variables: { zoek }, as: medewerker },
      )
      expect(body.errors).toBeUndefined()
    }
    // What a driver says when a statement fails can quote a value: here a BSN in the statement.
    await expect(
      db.query(`SELECT * FROM inwoner WHERE bsn = '${eerste.bsn}' AND geenKolom = 1`),
    ).rejects.toThrow()
    // A log call that is handed a resident's fields by mistake.
    stack.gemeente('0153').db.logger.logQueryError(new Error(`duplicate ${eerste.bsn}`), 'INSERT ...')

    // A failed statement with a resident's values bound to it, and a name nested deep in an object.
    const bound = new QueryFailedError(
      'SELECT * FROM inwoner WHERE bsn = ?',
      [eerste.bsn, `%${eerste.achternaam}%`],
      new Error(`Duplicate entry '${eerste.bsn}'`),
    )
    createLogger('proef').error({ err: bound, a: { b: { c: { achternaam: eerste.achternaam } } } }, 'failed')

    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) {
      expect(line).toMatchObject({
        level: expect.any(String),
        time: expect.any(String),
        service: expect.any(String),
      })
    }
    const tekst = JSON.stringify(lines)
    expect(tekst).toContain('[bsn]')
    for (const inwoner of inwoners) {
      expect(tekst).not.toContain(inwoner.bsn)
      expect(tekst).not.toContain(inwoner.achternaam)
      expect(tekst).not.toContain(`${inwoner.voornamen} ${inwoner.achternaam}`)
    }
  })
})
