import { aanbiedersDatabase } from '../subgraphs/aanbieders/server'
import { catalogusDatabase } from '../subgraphs/catalogus/server'
import { gemeenteDatabase } from '../subgraphs/gemeente/server'

/** Every subgraph's entities and migrations, for the scripts that work on all databases. */
export const SUBGRAPH_DATABASES = {
  catalogus: { dir: 'subgraphs/catalogus', database: catalogusDatabase },
  aanbieders: { dir: 'subgraphs/aanbieders', database: aanbiedersDatabase },
  gemeente: { dir: 'subgraphs/gemeente', database: gemeenteDatabase },
}
