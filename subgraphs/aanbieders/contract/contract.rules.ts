import { stateMachine } from '../../../shared/domain/state-machine'
import { ContractStatus } from './contract.entity'

export const contractStatus = stateMachine<ContractStatus, 'schorsen' | 'herstellen' | 'beeindigen'>(
  'Contract',
  {
    schorsen: { from: [ContractStatus.ACTIEF], to: ContractStatus.GESCHORST },
    herstellen: { from: [ContractStatus.GESCHORST], to: ContractStatus.ACTIEF },
    beeindigen: { from: [ContractStatus.ACTIEF, ContractStatus.GESCHORST], to: ContractStatus.BEEINDIGD },
  },
)
