import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'

export { launchChromium } from '../../scripts/chromium'

/**
 * axe-core's WCAG 2.1 A and AA rules on the page as it is now: the serious and critical
 * violations, each as `rule: target` lines, so that a failure says what to fix.
 */
export async function ernstigeToegankelijkheidsfouten(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} ${n.failureSummary ?? ''}`),
    )
}

/** The cells of a table's body, row by row, as the reader sees them. */
export function tabel(page: Page, testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
    )
}
