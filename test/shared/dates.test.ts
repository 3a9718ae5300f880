import { describe, expect, it } from 'vitest'
import { leeftijdOp, plusDagen, vandaag } from '../../shared/domain/dates'

describe('the calendar day in the Netherlands', () => {
  it('is the next day at 23:30 UTC in winter (UTC+1)', () => {
    expect(vandaag(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-16')
  })

  it('is the next day at 23:30 UTC in summer (UTC+2)', () => {
    expect(vandaag(new Date('2026-07-15T23:30:00Z'))).toBe('2026-07-16')
  })

  it('is the same day before midnight in Amsterdam', () => {
    expect(vandaag(new Date('2026-01-15T22:59:59Z'))).toBe('2026-01-15')
    expect(vandaag(new Date('2026-07-15T21:59:59Z'))).toBe('2026-07-15')
  })

  it('turns the year at midnight in Amsterdam, not in UTC', () => {
    expect(vandaag(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01')
  })
})

describe('date arithmetic on ISO dates', () => {
  it('counts days across months and leap days', () => {
    expect(plusDagen('2025-02-28', 1)).toBe('2025-03-01')
    expect(plusDagen('2024-02-28', 1)).toBe('2024-02-29')
    expect(plusDagen('2025-03-01', -1)).toBe('2025-02-28')
  })

  it('makes a person 18 on their 18th birthday, not the day before', () => {
    expect(leeftijdOp('2008-03-15', '2026-03-14')).toBe(17)
    expect(leeftijdOp('2008-03-15', '2026-03-15')).toBe(18)
    expect(leeftijdOp('2008-03-15', '2026-04-01')).toBe(18)
  })
})
