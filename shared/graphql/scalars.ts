import { LocalDateResolver } from 'graphql-scalars'

/** A calendar date, `YYYY-MM-DD`, as iJw/iWmo dates are (Ingangsdatum, Einddatum). */
export const Datum = LocalDateResolver
