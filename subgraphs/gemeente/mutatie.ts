export { newId } from '../../shared/db/mutation'
export { vandaag } from '../../shared/domain/dates'
