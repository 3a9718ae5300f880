/**
 * The form of a name that the resident search compares: lower case, without diacritics, with
 * only letters, digits and single spaces. Stored beside the name (`inwoner.zoeknaam`, surname
 * first) so that a search is a prefix range on an index instead of a scan of every row:
 * `zoeknaamVan('de Vries', 'Zoë Anna')` is `'de vries zoe anna'`, found by 'de vr', 'De Vries z'.
 */
export function normaliseerNaam(tekst: string): string {
  return tekst
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

export const zoeknaamVan = (achternaam: string, voornamen: string) =>
  normaliseerNaam(`${achternaam} ${voornamen}`)
