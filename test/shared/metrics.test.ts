import { describe, expect, it } from 'vitest'
import { codeLabel, OPERATION, OperationLabels } from '../../shared/observability/metrics'

describe('operation names as metric labels', () => {
  it('keeps the first names as they are and counts every later one as (other)', () => {
    const labels = new OperationLabels(3)
    expect(['A', 'B', 'A', 'C'].map((n) => labels.label(n))).toEqual(['A', 'B', 'A', 'C'])
    expect(labels.label('D')).toBe(OPERATION.other)
    // Names already seen keep their own label.
    expect(labels.label('B')).toBe('B')
  })

  it('labels a request without a name (anonymous), and never one that could carry a BSN', () => {
    const labels = new OperationLabels()
    expect(labels.label(undefined)).toBe('(anonymous)')
    expect(labels.label(null)).toBe('(anonymous)')
    expect(labels.label('Zoek999999990')).toBe('(other)')
    expect(labels.label('Zoek99999999')).toBe('Zoek99999999')
    expect(labels.label('x'.repeat(101))).toBe('(other)')
    expect(labels.label('geen naam')).toBe('(other)')
  })

  it('labels an error by its code when the graph or Apollo Server defines it, OTHER otherwise', () => {
    expect(codeLabel({ extensions: { code: 'GEMEENTE_UNAVAILABLE' } })).toBe('GEMEENTE_UNAVAILABLE')
    expect(codeLabel({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })).toBe('GRAPHQL_VALIDATION_FAILED')
    expect(codeLabel({ extensions: { code: 'BSN 999999990 ONBEKEND' } })).toBe('OTHER')
    expect(codeLabel({})).toBe('OTHER')
  })
})
