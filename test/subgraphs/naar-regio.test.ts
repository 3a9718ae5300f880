import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TellingenNaarRegio } from '../../subgraphs/gemeente/cijfers/naar-regio'
import { testAuthFor } from '../harness/stack'
import { meldingenInKolommen } from '../harness/tellingen'

// A gemeente's counts on their way to the catalogue: one send per version however many
// questions wait for it, and a question that may not wait longer stops waiting in time.

let catalogus: Server
let url = ''
let ontvangen = 0
/** How the stand-in catalogue answers: at once, or never (it keeps the request open). */
let antwoord: 'ok' | 'nooit' = 'ok'

beforeAll(async () => {
  catalogus = createServer((req, res) => {
    ontvangen += 1
    req.resume()
    req.on('end', () => {
      if (antwoord === 'ok') setTimeout(() => res.end('{}'), 50)
    })
  })
  await new Promise<void>((resolve) => catalogus.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(catalogus.address() as AddressInfo).port}/`
})
afterAll(async () => {
  catalogus.closeAllConnections()
  await new Promise((resolve) => catalogus.close(resolve))
})

const kolommen = (aantal: number) => meldingenInKolommen('0153', aantal)

describe('a gemeente’s counts for the region', () => {
  it('are sent once per version, also to questions that arrive while they are on their way', async () => {
    antwoord = 'ok'
    ontvangen = 0
    const naarRegio = new TellingenNaarRegio({
      gemeenteCode: '0153',
      catalogusUrl: url,
      auth: testAuthFor('gemeente-0153'),
    })
    await Promise.all([naarRegio.zorgDatRegioHeeft(kolommen(12)), naarRegio.zorgDatRegioHeeft(kolommen(12))])
    await naarRegio.zorgDatRegioHeeft(kolommen(12))
    expect(ontvangen).toBe(1)
    await naarRegio.zorgDatRegioHeeft(kolommen(13))
    expect(ontvangen).toBe(2)
  })

  it('stop being waited for at a question’s deadline, and fail as unavailable when the catalogue does not answer', async () => {
    antwoord = 'nooit'
    const auth = testAuthFor('gemeente-0153')
    const geduldig = new TellingenNaarRegio({
      gemeenteCode: '0153',
      catalogusUrl: url,
      auth,
      timeoutMs: 5_000,
    })
    const begin = Date.now()
    await expect(geduldig.zorgDatRegioHeeft(kolommen(20), AbortSignal.timeout(50))).rejects.toMatchObject({
      extensions: { code: 'DEADLINE_EXCEEDED' },
    })
    // Long before the send's own limit of 5 s.
    expect(Date.now() - begin).toBeLessThan(2_000)
    const kort = new TellingenNaarRegio({ gemeenteCode: '0153', catalogusUrl: url, auth, timeoutMs: 200 })
    await expect(kort.zorgDatRegioHeeft(kolommen(21))).rejects.toMatchObject({
      extensions: { code: 'DEPENDENCY_UNAVAILABLE' },
    })
  })
})
