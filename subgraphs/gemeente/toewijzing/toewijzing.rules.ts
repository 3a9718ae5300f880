import { stateMachine } from '../../../shared/domain/state-machine'
import { ToewijzingStatus } from './toewijzing.entity'

/** 301 allocates; 305 and 307 confirm start and stop of care; a wrong one is withdrawn (reason 13). */
export const toewijzingStatus = stateMachine<ToewijzingStatus, 'starten' | 'beeindigen' | 'intrekken'>(
  'Toewijzing',
  {
    starten: { from: [ToewijzingStatus.TOEGEWEZEN], to: ToewijzingStatus.GESTART },
    beeindigen: { from: [ToewijzingStatus.GESTART], to: ToewijzingStatus.BEEINDIGD },
    intrekken: { from: [ToewijzingStatus.TOEGEWEZEN], to: ToewijzingStatus.INGETROKKEN },
  },
)

export const REDEN_INTREKKING = '13'
export const MAX_TOEWIJZINGNUMMER = 999_999_999
