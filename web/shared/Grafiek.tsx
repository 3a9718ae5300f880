import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js'
import { useEffect, useRef } from 'react'
import { Table, type Cell } from './ui'

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
)

// Colours that keep 3:1 against white and against each other's neighbours (WCAG 1.4.11).
const KLEUREN = ['#00689e', '#b35900', '#2e7d32', '#6a1b9a', '#c62828', '#37474f', '#00796b', '#8d6e00']

export interface Reeks {
  naam: string
  /** Null where the graph hides a small count: no bar, and "verborgen" in the table. */
  waarden: (number | null)[]
}

/** A number as the table shows it: hidden counts say so, they are not zero. */
export const toon = (waarde: number | null | undefined, format: (n: number) => string = String): Cell =>
  waarde === null || waarde === undefined ? <span className="app-verborgen">verborgen</span> : format(waarde)

/**
 * A chart with the table of its figures beneath it: the table is what screen readers, keyboard
 * users and anyone who wants the exact numbers read (WCAG 1.1.1); the canvas is an image of it.
 */
export function Grafiek({
  titel,
  soort = 'bar',
  labels,
  reeksen,
  eersteKolom,
  format,
  gestapeld,
  testId,
}: {
  titel: string
  soort?: 'bar' | 'line'
  labels: string[]
  reeksen: Reeks[]
  eersteKolom: string
  format?: (n: number) => string
  gestapeld?: boolean
  testId?: string
}) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    if (!canvas.current) return
    const chart = new Chart(canvas.current, {
      type: soort,
      data: {
        labels,
        datasets: reeksen.map((r, i) => ({
          label: r.naam,
          data: r.waarden,
          backgroundColor: KLEUREN[i % KLEUREN.length],
          borderColor: KLEUREN[i % KLEUREN.length],
          spanGaps: false,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: reeksen.length > 1 } },
        scales: { x: { stacked: gestapeld }, y: { stacked: gestapeld, beginAtZero: true } },
      },
    })
    return () => chart.destroy()
  }, [soort, labels, reeksen, gestapeld])
  const verborgen = reeksen.some((r) => r.waarden.some((w) => w === null))
  return (
    <figure className="app-figuur" data-testid={testId}>
      <div className="app-grafiek">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${titel}: grafiek; de cijfers staan in de tabel eronder.`}
        />
      </div>
      {verborgen && (
        <p className="utrecht-paragraph utrecht-paragraph--small">
          Aantallen onder 10 zijn verborgen om personen te beschermen: ze staan niet in de grafiek en als
          ‘verborgen’ in de tabel. Ze zijn niet nul.
        </p>
      )}
      <Table
        caption={titel}
        head={[eersteKolom, ...reeksen.map((r) => r.naam)]}
        rows={labels.map((label, i) => [label, ...reeksen.map((r) => toon(r.waarden[i], format))])}
        numeric={reeksen.map((_, i) => i + 1)}
      />
    </figure>
  )
}
