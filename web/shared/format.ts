const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 })
const getal = new Intl.NumberFormat('nl-NL')
const procent = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 0 })

export const euroUitCent = (cent: number) => euro.format(cent / 100)
export const aantal = (n: number) => getal.format(n)
export const percentage = (deel: number) => procent.format(deel)

/** 2026-03-14 as 14 maart 2026. */
export const datum = (iso: string) =>
  new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('nl-NL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  })

export const tijdstip = (iso: string) =>
  new Date(iso).toLocaleString('nl-NL', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  })

/** YYYY-MM of a date, months back from it. */
export function maand(d: Date, terug = 0): string {
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - terug, 1))
  return m.toISOString().slice(0, 7)
}
