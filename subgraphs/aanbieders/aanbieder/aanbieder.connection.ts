import { Connection } from '../../../shared/graphql/connection'
import { Aanbieder } from './aanbieder.entity'

/** One connection type for every list of providers (the registry and the choice query). */
export const AanbiederConnection = Connection(Aanbieder, 'Aanbieder')
