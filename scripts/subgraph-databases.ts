import { catalogusDatabase } from '../subgraphs/catalogus/server'
import { gemeenteDatabase } from '../subgraphs/gemeente/server'

/** Every subgraph's entities and migrations, for the scripts that work on all databases. */
export const SUBGRAPH_DATABASES = {
  catalogus: { dir: 'subgraphs/catalogus', database: catalogusDatabase },
  gemeente: { dir: 'subgraphs/gemeente', database: gemeenteDatabase },
}
