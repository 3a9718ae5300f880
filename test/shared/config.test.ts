import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../subgraphs/gemeente/config'

describe('service configuration', () => {
  const base = { GEMEENTE_CODE: '0153' }

  it('never seeds a production database unless asked explicitly', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).seed).toBeNull()
    expect(loadConfig({ ...base, NODE_ENV: 'production', SEED: 'true' }).seed).toEqual({ inwoners: 150 })
    expect(loadConfig({ ...base }).seed).toEqual({ inwoners: 150 })
    expect(loadConfig({ ...base, SEED: 'false' }).seed).toBeNull()
  })

  it('lists every malformed setting at once', () => {
    expect(() => loadConfig({ ...base, EXECUTION_TIMEOUT_MS: 'soon', MAX_BODY_BYTES: '12' })).toThrow(
      /EXECUTION_TIMEOUT_MS[\s\S]*MAX_BODY_BYTES|MAX_BODY_BYTES[\s\S]*EXECUTION_TIMEOUT_MS/,
    )
  })
})
