import 'reflect-metadata'
import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { DatabaseUnreachableError, openDatabaseWithRetry } from '../../shared/db/database'
import { createLogger } from '../../shared/log'
import { catalogusDatabase } from '../../subgraphs/catalogus/server'
import { frisseTestdatabase, TEST_DATABASE_URL } from '../harness/stack'

/** A port on which nothing listens: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

const silent = createLogger('database', { level: 'silent' })

describe('opening the database at start', () => {
  it('tries again with backoff for the configured time, then fails with one line naming DATABASE_URL without its password', async () => {
    const port = await closedPort()
    const started = performance.now()
    const failure = await openDatabaseWithRetry(
      {
        ...catalogusDatabase,
        url: `mysql://twents:geheim@127.0.0.1:${port}/twents_catalogus`,
        sqlitePath: ':memory:',
        connectTimeoutMs: 1_500,
      },
      silent,
    ).catch((err: unknown) => err)
    const ms = performance.now() - started
    expect(failure).toBeInstanceOf(DatabaseUnreachableError)
    const { message } = failure as Error
    expect(message).toMatch(
      new RegExp(
        `^Cannot reach the database at DATABASE_URL=mysql://twents:\\*\\*\\*@127\\.0\\.0\\.1:${port}/twents_catalogus after 1\\.5 s and [4-9] attempts \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\): check that the database server runs and that DATABASE_URL points at it; DATABASE_CONNECT_TIMEOUT_MS sets how long to wait\\.$`,
      ),
    )
    expect(message).not.toContain('geheim')
    expect(ms).toBeGreaterThanOrEqual(1_400)
    expect(ms).toBeLessThan(3_000)
  })

  it('ends a service that cannot reach its database with exit code 1 and one log line that names DATABASE_URL', async () => {
    const port = await closedPort()
    // The entrypoint itself, as a supervisor starts it; the test runner's own variables left out.
    const { VITEST: _v, VITEST_POOL_ID: _p, VITEST_WORKER_ID: _w, ...env } = process.env
    const child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/catalogus/index.ts'], {
      env: {
        ...env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        PORT: '0',
        DATABASE_URL: `mysql://twents:geheim@127.0.0.1:${port}/twents_catalogus`,
        DATABASE_CONNECT_TIMEOUT_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const code = await new Promise((resolve) => child.on('exit', resolve))
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(code).toBe(1)
    expect(stderr).toBe('')
    expect(lines.filter((line) => line.level === 'fatal')).toEqual([
      expect.objectContaining({
        service: 'catalogus',
        msg: 'could not start',
        reason: expect.stringMatching(
          new RegExp(
            `^Cannot reach the database at DATABASE_URL=mysql://twents:\\*\\*\\*@127\\.0\\.0\\.1:${port}/`,
          ),
        ),
      }),
    ])
    // Beside it: one warning per attempt, and nothing else (no driver stack).
    const others = lines.filter((line) => line.level !== 'fatal')
    expect(others.length).toBeGreaterThan(0)
    expect(others).toEqual(
      others.map(() =>
        expect.objectContaining({ level: 'warn', msg: expect.stringMatching(/^DATABASE_URL=/) }),
      ),
    )
    expect(stdout).not.toContain('geheim')
    expect(stdout).not.toMatch(/\bat .*\.(ts|js):\d+/)
  })

  it.runIf(TEST_DATABASE_URL)(
    'opens the database once its server can be reached, a second after the service started',
    async () => {
      const url = new URL((await frisseTestdatabase('start_late'))!)
      const target = { host: url.hostname, port: Number(url.port || 3306) }
      const port = await closedPort()
      const sockets: Socket[] = []
      const proxy: Server = createServer((client) => {
        const upstream = connect(target.port, target.host)
        sockets.push(client, upstream)
        client.pipe(upstream).pipe(client)
        client.on('error', () => upstream.destroy())
        upstream.on('error', () => client.destroy())
      })
      const late = setTimeout(() => proxy.listen(port, '127.0.0.1'), 1_000)
      url.host = `127.0.0.1:${port}`
      const started = performance.now()
      try {
        const db = await openDatabaseWithRetry(
          { ...catalogusDatabase, url: url.toString(), sqlitePath: ':memory:', connectTimeoutMs: 10_000 },
          silent,
        )
        const ms = performance.now() - started
        const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM migrations')
        expect(Number(n)).toBe(catalogusDatabase.migrations.mysql.length)
        await db.destroy()
        expect(ms).toBeGreaterThanOrEqual(1_000)
        expect(ms).toBeLessThan(5_000)
      } finally {
        clearTimeout(late)
        for (const socket of sockets) socket.destroy()
        proxy.close()
      }
    },
  )
})
