import { describe, expect, it } from 'vitest'
import { VerwijzerType } from '../../shared/ijw/codes'
import { GespreksstapSoort } from '../../subgraphs/gemeente/melding/melding.entity'
import {
  gesprekVoorwaarden,
  stapVoorwaarden,
  type GesprekFeiten,
} from '../../subgraphs/gemeente/melding/melding.rules'
import { weigering } from './weigering'

const { EIGEN_KRACHT, NETWERK, ALGEMENE_VOORZIENINGEN } = GespreksstapSoort
const stappen = (...soorten: GespreksstapSoort[]) => soorten.map((stap) => ({ stap }))

describe('the order of the conversation steps', () => {
  it('allows the first step of a new conversation', () => {
    expect(weigering(stapVoorwaarden, { stap: EIGEN_KRACHT, stappen: [] })).toBeNull()
  })

  it('allows the step that follows the recorded ones', () => {
    expect(weigering(stapVoorwaarden, { stap: NETWERK, stappen: stappen(EIGEN_KRACHT) })).toBeNull()
  })

  it('names the step to record first when one is skipped', () => {
    expect(
      weigering(stapVoorwaarden, { stap: ALGEMENE_VOORZIENINGEN, stappen: stappen(EIGEN_KRACHT) }),
    ).toEqual({
      message:
        'Eerst stap NETWERK vastleggen: de stappen gaan in volgorde EIGEN_KRACHT, NETWERK, ALGEMENE_VOORZIENINGEN.',
      extensions: { code: 'PRECONDITION_FAILED', ontbreekt: 'vorigeStap', ontbrekendeStap: 'NETWERK' },
    })
  })
})

describe('what paid support needs of the conversation', () => {
  const vrijwillig: GesprekFeiten = { melding: { verwijzerType: VerwijzerType.HUISARTS }, stappen: [] }

  it('is met once all three steps are recorded', () => {
    const feiten = { ...vrijwillig, stappen: stappen(EIGEN_KRACHT, NETWERK, ALGEMENE_VOORZIENINGEN) }
    expect(weigering(gesprekVoorwaarden, feiten)).toBeNull()
  })

  it('names the first missing step and all of them while the conversation is unfinished', () => {
    expect(weigering(gesprekVoorwaarden, { ...vrijwillig, stappen: stappen(EIGEN_KRACHT) })).toEqual({
      message:
        'Eerst het gesprek afronden: stap NETWERK is nog niet vastgelegd (ontbreekt: NETWERK, ALGEMENE_VOORZIENINGEN).',
      extensions: {
        code: 'PRECONDITION_FAILED',
        ontbreekt: 'afgerondGesprek',
        ontbrekendeStap: 'NETWERK',
        ontbrekendeStappen: ['NETWERK', 'ALGEMENE_VOORZIENINGEN'],
      },
    })
  })

  it('asks no steps for compulsory youth care: the court decided', () => {
    const gedwongen = { melding: { verwijzerType: VerwijzerType.RECHTER_OF_JUSTITIE }, stappen: [] }
    expect(weigering(gesprekVoorwaarden, gedwongen)).toBeNull()
  })
})
