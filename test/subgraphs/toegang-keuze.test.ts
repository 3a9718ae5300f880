import { describe, expect, it } from 'vitest'
import type { Identity } from '../../shared/auth/identity'
import { medewerkerOfInwoner, Toegang } from '../../subgraphs/gemeente/toegang'
import { identities } from '../harness/stack'

// Who may record a choice of provider (aanbiederKiezen): the gemeente's staff, or a resident in
// its own records. Whether the resident may act on the need itself is checked on reading it.

const inwoner: Identity = { sub: 'digid-999990019', naam: 'Inwoner', rol: 'INWONER', bsn: '999990019' }
const zelf = { id: 'i-1', huishoudenId: 'h-1', geboortedatum: '1980-05-01' }

const weigering = (toegang: Toegang) => {
  try {
    medewerkerOfInwoner({ toegang })
    return null
  } catch (err) {
    const { message, extensions } = err as { message: string; extensions: { code: string } }
    return { message, code: extensions.code }
  }
}

describe('medewerkerOfInwoner', () => {
  it('lets the gemeente’s own staff and a resident in its records through', () => {
    expect(weigering(new Toegang(identities.medewerker('0153'), '0153'))).toBeNull()
    expect(weigering(new Toegang(inwoner, '0153', zelf))).toBeNull()
  })

  it('asks for a sign-in without a token', () => {
    expect(weigering(new Toegang(null, '0153'))).toEqual({
      message: 'Geen geldige identiteit: log opnieuw in.',
      code: 'UNAUTHENTICATED',
    })
  })

  it('refuses a resident this gemeente does not know, a provider and another gemeente’s staff', () => {
    const geweigerd = {
      message: 'Alleen toegangsmedewerkers van gemeente 0153 zien deze persoonsgegevens.',
      code: 'FORBIDDEN',
    }
    expect(weigering(new Toegang(inwoner, '0153', null))).toEqual(geweigerd)
    expect(weigering(new Toegang(identities.aanbieder('12345678'), '0153'))).toEqual(geweigerd)
    expect(weigering(new Toegang(identities.medewerker('0141'), '0153'))).toEqual(geweigerd)
  })
})
