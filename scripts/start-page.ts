import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import type { Routes } from '../shared/http/serve'
import { PAGE_SECURITY_HEADERS, WEB_DIST_DIR } from '../shared/http/web'

/** One sign-in link of the demo: a page with a token for one demo identity in its fragment. */
export interface DemoLink {
  label: string
  page: string
  token: string
  uitleg: string
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

/**
 * `GET /start`, only in `npm start`: a link per demo identity that signs in with a fresh token
 * (`#token=<jwt>`, never sent to the server). Production gateways have no such page: there the
 * pages get their token from the deployment's own login (see the README).
 */
export function startPageRoute(links: () => Promise<DemoLink[]>): Routes {
  return {
    'GET /start': async () => {
      // The pages' own stylesheet, whatever its hashed name: no inline style under the CSP.
      const built = readFileSync(join(WEB_DIST_DIR, 'dashboard', 'index.html'), 'utf8')
      const stylesheet = built.match(/<link rel="stylesheet"[^>]*>/)?.[0] ?? ''
      const items = (await links())
        .map(
          (l) =>
            `<li class="utrecht-unordered-list__item"><a class="utrecht-link utrecht-link--html-a" href="${escape(
              `${l.page}#token=${l.token}`,
            )}">${escape(l.label)}</a>: ${escape(l.uitleg)}</li>`,
        )
        .join('\n')
      const body = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo: inloggen – Twents model</title>${stylesheet}</head>
<body class="utrecht-theme utrecht-document"><div class="utrecht-page"><main class="utrecht-page-content">
<h1 class="utrecht-heading-1">Twents model: demo</h1>
<p class="utrecht-paragraph">Kies met wie u inlogt. Elke link draagt een demo-token van één uur (nieuw bij elke keer dat u deze pagina opent).
Dit is alleen de demo (<code>npm start</code>): een echte omgeving logt in via OpenID Connect.</p>
<ul class="utrecht-unordered-list">
${items}
</ul>
</main></div></body></html>
`
      return {
        status: 200,
        body,
        headers: {
          ...PAGE_SECURITY_HEADERS,
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
        },
      }
    },
  }
}

/**
 * The demo's resident: an adult of the gemeente with an allocation in a running plan (so that
 * the resident's page has a plan, help, an access log, and a choice to make), lowest BSN first.
 */
export async function voorbeeldInwoner(
  db: DataSource,
  vandaag: string,
): Promise<{ bsn: string; id: string }> {
  const volwassenOp = `${Number(vandaag.slice(0, 4)) - 18}${vandaag.slice(4)}`
  const [rij] = await db.query(
    `SELECT i.bsn AS bsn, i.id AS id FROM inwoner i JOIN toewijzing t ON t.inwonerId = i.id
     WHERE i.geboortedatum <= ? AND EXISTS (
       SELECT 1 FROM plan p WHERE p.huishoudenId = i.huishoudenId AND p.status = 'ACTIEF')
     ORDER BY i.bsn LIMIT 1`,
    [volwassenOp],
  )
  if (!rij) throw new Error('no adult resident with an allocation in a running plan in the demo data')
  return { bsn: String(rij.bsn), id: String(rij.id) }
}
