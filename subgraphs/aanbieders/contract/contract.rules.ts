export { contractStatus } from '../../../shared/domain/inschrijving'
