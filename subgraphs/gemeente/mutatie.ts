export { newId } from '../../shared/db/mutation'
export const vandaag = () => new Date().toISOString().slice(0, 10)
