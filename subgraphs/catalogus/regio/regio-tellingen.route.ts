import { z } from 'zod'
import { identityFromHeader, type AuthConfig } from '../../../shared/auth/identity'
import { isGemeenteCode } from '../../../shared/gemeenten'
import { REGIO_TELLINGEN_PATH, tellingVersie, uitKolommen } from '../../../shared/graphql/cijfers'
import { readBody, type Routes } from '../../../shared/http/serve'
import type { Logger } from '../../../shared/log'
import type { RegioTellingen } from './regio-tellingen'

/**
 * A gemeente's counts as it sends them: some 150 KB at 10,000 residents, room for many times
 * that, and stored in one statement well within MariaDB's default packet (16 MiB).
 */
export const TELLINGEN_MAX_BYTES = 4 * 1024 * 1024

const kolommenSchema = z.object({
  gemeenteCode: z.string().refine(isGemeenteCode),
  sleutels: z.string(),
  maanden: z.string(),
  rijen: z.string(),
  versie: z.string().regex(/^[\w-]{22}$/),
})

const fout = (status: number, error: string) => ({ status, body: { error } })

/**
 * `POST /regio/tellingen`: a gemeente instance sends its raw counts (TellingKolommen) for the
 * region's figures. Only from that gemeente's own systems (GEMEENTESYSTEEM, signed with its own
 * key, for this catalogue); the version must be the hash of what arrived, and the counts must
 * hold together. Answers 200 once they are stored.
 */
export function regioTellingenRoute(tellingen: RegioTellingen, auth: AuthConfig, log: Logger): Routes {
  return {
    [`POST ${REGIO_TELLINGEN_PATH}`]: async (req) => {
      const wie = await identityFromHeader(req.headers.authorization, auth, auth.self).catch(() => null)
      if (!wie) return fout(401, 'een geldig token van een gemeentesysteem is nodig')
      if (wie.rol !== 'GEMEENTESYSTEEM') return fout(403, 'alleen voor de systemen van een gemeente')
      const body = await readBody(req, TELLINGEN_MAX_BYTES)
      if (body.tooLarge) return fout(413, `groter dan ${TELLINGEN_MAX_BYTES} bytes`)
      let gelezen: unknown
      try {
        gelezen = JSON.parse(body.text)
      } catch {
        return fout(400, 'geen geldige JSON')
      }
      const kolommen = kolommenSchema.safeParse(gelezen)
      if (!kolommen.success) return fout(400, 'geen tellingen in kolommen')
      if (kolommen.data.gemeenteCode !== wie.gemeente)
        return fout(403, 'alleen de tellingen van de eigen gemeente')
      if (tellingVersie(kolommen.data) !== kolommen.data.versie)
        return fout(400, 'de versie hoort niet bij de tellingen')
      try {
        uitKolommen(kolommen.data)
      } catch {
        return fout(400, 'de tellingen in kolommen kloppen niet')
      }
      try {
        await tellingen.bewaar(kolommen.data)
      } catch (err) {
        log.error({ err, gemeenteCode: kolommen.data.gemeenteCode }, 'could not store the counts')
        return fout(500, 'de tellingen konden niet worden bewaard')
      }
      return { status: 200, body: { versie: kolommen.data.versie } }
    },
  }
}
