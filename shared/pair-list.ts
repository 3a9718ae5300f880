import { z } from 'zod'

/**
 * A setting of the form `key=value,key=value` (gemeente URLs, trusted issuers): every pair must
 * pass `valid`, else the one that does not is named with the expected `shape`.
 */
export const pairList = (shape: string, valid: (key: string, value: string) => boolean) =>
  z
    .string()
    .min(1)
    .transform((text, ctx) => {
      const out: Record<string, string> = {}
      for (const pair of text
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const at = pair.indexOf('=')
        const [key, value] = [pair.slice(0, at), pair.slice(at + 1)]
        if (at < 1 || !valid(key, value)) {
          ctx.addIssue({ code: 'custom', message: `"${pair}" is not ${shape}` })
          return z.NEVER
        }
        out[key] = value
      }
      return out
    })
