import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig as gatewayConfig } from '../../gateway/config'
import { loadAuth } from '../../shared/auth/identity'
import { gemeenteIssuer, ISSUERS } from '../../shared/auth/issuers'
import { generateJwk, jwksOf, signingKeyFromJwk } from '../../shared/auth/keys'
import { GEMEENTE_CODES } from '../../shared/gemeenten'
import { loadConfig as aanbiedersConfig } from '../../subgraphs/aanbieders/config'
import { loadConfig as catalogusConfig } from '../../subgraphs/catalogus/config'
import { loadConfig as gemeenteConfig } from '../../subgraphs/gemeente/config'
import { generatedK8sFiles, K8S_DIR } from '../../scripts/k8s-manifests'
import * as apps from 'kubernetes-models/apps/v1'
import * as networking from 'kubernetes-models/networking.k8s.io/v1'
import * as policy from 'kubernetes-models/policy/v1'
import * as core from 'kubernetes-models/v1'

interface Container {
  name: string
  command: string[]
  ports?: { name: string; containerPort: number }[]
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]
  envFrom?: { configMapRef?: { name: string } }[]
  volumeMounts?: { name: string; mountPath: string }[]
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> }
  livenessProbe?: { httpGet?: { path: string; port: string } }
  readinessProbe?: { httpGet?: { path: string; port: string } }
}
interface KubeObject {
  apiVersion: string
  kind: string
  metadata: { name: string; labels?: Record<string, string> }
  data?: Record<string, string>
  spec?: any
}

/**
 * kubectl has kustomize built in and renders offline. It is on every machine of this project's
 * kind and in CI, where the test must run; elsewhere it runs when kubectl is there.
 */
const KUBECTL =
  !!process.env.CI ||
  (() => {
    try {
      execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  })()

/** Every kustomization an operator applies: the region's services, each gemeente, all of it. */
const ROOTS = ['base', ...GEMEENTE_CODES.map((code) => `gemeenten/${code}`), 'region']

function render(root: string): KubeObject[] {
  const yaml = execFileSync('kubectl', ['kustomize', join(K8S_DIR, root)], { encoding: 'utf8' })
  return parseAllDocuments(yaml).map((doc) => doc.toJS() as KubeObject)
}

/** The API groups the manifests use; an object of another one fails until it is added here. */
const MODELS: Record<string, Record<string, any>> = {
  v1: core,
  'apps/v1': apps,
  'policy/v1': policy,
  'networking.k8s.io/v1': networking,
}

/** The problems the Kubernetes schema finds in one object, each with where it is. */
function schemaProblems(object: KubeObject): string[] {
  const Model = MODELS[object.apiVersion]?.[object.kind]
  if (!Model) return [`no Kubernetes schema loaded for ${object.apiVersion} ${object.kind}`]
  try {
    new Model(object).validate()
    return []
  } catch (err) {
    const errors = (err as { errors?: { instancePath: string; message: string }[] }).errors
    return errors?.map((e) => `${e.instancePath || '/'} ${e.message}`) ?? [String(err)]
  }
}

const byKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind)
const named = (objects: KubeObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name)
  if (!found) throw new Error(`no ${kind} ${name} in the rendered manifests`)
  return found
}
const containerOf = (deployment: KubeObject): Container => deployment.spec.template.spec.containers[0]

/** Which service a container's command starts: its config, and its part in the trust picture as its index.ts says. */
function serviceOf(container: Container, env: Record<string, string>) {
  const entry = container.command.at(-1)
  if (entry === 'gateway/index.ts') return { load: gatewayConfig, role: { issuer: 'regio', signs: true } }
  if (entry === 'subgraphs/catalogus/index.ts') {
    return { load: catalogusConfig, role: { issuer: null, signs: false, self: 'catalogus' } }
  }
  if (entry === 'subgraphs/aanbieders/index.ts') {
    return { load: aanbiedersConfig, role: { issuer: 'register', signs: false, self: 'aanbieders' } }
  }
  if (entry === 'subgraphs/gemeente/index.ts') {
    const issuer = gemeenteIssuer(env.GEMEENTE_CODE)
    return { load: gemeenteConfig, role: { issuer, signs: true, self: issuer } }
  }
  throw new Error(`unknown entry point ${entry}`)
}

/** A container's environment as the pod would see it; a Secret's value is a stand-in naming it. */
function environmentOf(container: Container, objects: KubeObject[]): Record<string, string> {
  const env: Record<string, string> = {}
  for (const from of container.envFrom ?? []) {
    Object.assign(env, named(objects, 'ConfigMap', from.configMapRef!.name).data)
  }
  for (const { name, value, valueFrom } of container.env ?? []) {
    const secret = valueFrom?.secretKeyRef
    env[name] = secret ? `mysql://app:secret@db.example:3306/${secret.name.replace(/-/g, '_')}` : value!
  }
  return env
}

describe('the generated Kubernetes manifests', () => {
  it('match the committed files (run npm run k8s:generate after changing the list of gemeenten)', async () => {
    for (const [path, text] of Object.entries(await generatedK8sFiles())) {
      expect(readFileSync(path, 'utf8'), `${path} is stale: run npm run k8s:generate`).toBe(text)
    }
  })
})

describe.skipIf(!KUBECTL)('the Kubernetes manifests, rendered with kubectl kustomize', () => {
  const rendered = new Map<string, KubeObject[]>()
  let region: KubeObject[]
  /** What the operator creates (deploy/k8s/README.md), here with fresh keys: ConfigMap and Secrets. */
  let fixtures: string
  const kids = new Map<string, string>()

  beforeAll(async () => {
    for (const root of ROOTS) rendered.set(root, render(root))
    region = rendered.get('region')!
    fixtures = mkdtempSync(join(tmpdir(), 'twents-k8s-'))
    mkdirSync(join(fixtures, 'configmap', 'twents-jwks'), { recursive: true })
    for (const issuer of ISSUERS.filter((i) => i !== 'inwonerlogin')) {
      const jwk = await generateJwk()
      const key = await signingKeyFromJwk(issuer, jwk)
      kids.set(issuer, key.kid)
      writeFileSync(
        join(fixtures, 'configmap', 'twents-jwks', `${issuer}.jwks.json`),
        JSON.stringify(jwksOf(key)),
      )
      const secret = issuer === 'regio' ? 'gateway-secrets' : `${issuer}-secrets`
      mkdirSync(join(fixtures, 'secret', secret), { recursive: true })
      writeFileSync(join(fixtures, 'secret', secret, 'signing-key.jwk.json'), JSON.stringify(jwk))
    }
  })
  afterAll(() => rmSync(fixtures, { recursive: true, force: true }))

  /** Where a file a container is told to read lies here: on the volume mounted at that path. */
  function onVolume(deployment: KubeObject, path: string): string {
    const volumes: any[] = deployment.spec.template.spec.volumes
    for (const mount of containerOf(deployment).volumeMounts ?? []) {
      if (!path.startsWith(`${mount.mountPath}/`)) continue
      const volume = volumes.find((v) => v.name === mount.name)
      const file = path.slice(mount.mountPath.length + 1)
      if (volume.configMap) return join(fixtures, 'configmap', volume.configMap.name, file)
      if (volume.secret) {
        const item = volume.secret.items.find((i: { path: string }) => i.path === file)
        return join(fixtures, 'secret', volume.secret.secretName, item?.key ?? file)
      }
    }
    throw new Error(`${deployment.metadata.name} reads ${path}, which is on none of its volumes`)
  }

  it('renders every kustomization into objects that the Kubernetes schemas accept', () => {
    const problems: string[] = []
    for (const [root, objects] of rendered) {
      for (const object of objects) {
        for (const problem of schemaProblems(object)) {
          problems.push(`${root}: ${object.kind} ${object.metadata.name}: ${problem}`)
        }
      }
    }
    expect(problems).toEqual([])
    expect(
      byKind(region, 'Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual([
      'aanbieders',
      'catalogus',
      'gateway',
      ...GEMEENTE_CODES.map((code) => `gemeente-${code}`),
      'redis',
    ])
  })

  it('runs the gateway with two replicas that share their rate limits through the Redis of the region', () => {
    const gateway = named(region, 'Deployment', 'gateway')
    expect(gateway.spec.replicas).toBe(2)
    expect(gatewayConfig(environmentOf(containerOf(gateway), region)).gateway.rateLimit.redisUrl).toBe(
      'redis://redis:6379',
    )
    expect(named(region, 'PodDisruptionBudget', 'gateway').spec.minAvailable).toBe(1)
  })

  it('probes every Node service on /health/live and /health/ready and gives every container requests and limits', () => {
    for (const deployment of byKind(region, 'Deployment')) {
      const container = containerOf(deployment)
      expect(container.resources, deployment.metadata.name).toEqual({
        requests: { cpu: expect.any(String), memory: expect.any(String) },
        limits: { cpu: expect.any(String), memory: expect.any(String) },
      })
      if (deployment.metadata.name === 'redis') continue
      expect(container.livenessProbe?.httpGet, deployment.metadata.name).toEqual({
        path: '/health/live',
        port: 'http',
      })
      expect(container.readinessProbe?.httpGet, deployment.metadata.name).toEqual({
        path: '/health/ready',
        port: 'http',
      })
    }
  })

  it('gives each gemeente its own instance, with its code and its database URL from its own Secret', () => {
    for (const code of GEMEENTE_CODES) {
      const container = containerOf(named(region, 'Deployment', `gemeente-${code}`))
      expect(container.env?.find((e) => e.name === 'GEMEENTE_CODE')?.value).toBe(code)
      expect(container.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom).toEqual({
        secretKeyRef: { name: `gemeente-${code}-secrets`, key: 'DATABASE_URL' },
      })
    }
  })

  it('starts every service in production, without seeding, signing with its own key and trusting every issuer', async () => {
    const started: string[] = []
    for (const deployment of byKind(region, 'Deployment')) {
      const name = deployment.metadata.name
      if (name === 'redis') continue
      const container = containerOf(deployment)
      const env = environmentOf(container, region)
      expect(env.NODE_ENV, name).toBe('production')
      expect(env.SEED, name).toBeUndefined()
      const { load, role } = serviceOf(container, env)
      const config = load(env)
      if ('seedWhenEmpty' in config) expect(config.seedWhenEmpty, name).toBe(false)
      // Every file it is told to read must be on a volume it mounts; read from there.
      const settings = { ...config.auth }
      if (settings.AUTH_SIGNING_KEY)
        settings.AUTH_SIGNING_KEY = onVolume(deployment, settings.AUTH_SIGNING_KEY)
      if (settings.AUTH_PUBLISHED_JWKS) {
        settings.AUTH_PUBLISHED_JWKS = onVolume(deployment, settings.AUTH_PUBLISHED_JWKS)
      }
      settings.AUTH_TRUSTED_ISSUERS = Object.fromEntries(
        Object.entries(settings.AUTH_TRUSTED_ISSUERS!).map(([issuer, location]) => [
          issuer,
          location.startsWith('/') ? onVolume(deployment, location) : location,
        ]),
      )
      const auth = await loadAuth(settings, role)
      expect([...auth.trust.keys()].sort(), name).toEqual([...ISSUERS].sort())
      // It signs with the key the others trust for its issuer, and publishes that key set.
      if (role.signs) expect(auth.signer?.kid, name).toBe(kids.get(role.issuer!))
      if (role.issuer)
        expect(
          auth.published?.keys.map((k) => k.kid),
          name,
        ).toEqual([kids.get(role.issuer)])
      started.push(name)
    }
    expect(started).toHaveLength(3 + GEMEENTE_CODES.length)
  })

  it("trusts the resident login at its https URL, and the region's own issuers by the public keys in twents-jwks", () => {
    const trust = catalogusConfig(named(region, 'ConfigMap', 'twents-settings').data).auth
      .AUTH_TRUSTED_ISSUERS!
    expect(trust).toEqual({
      ...Object.fromEntries(
        ISSUERS.filter((i) => i !== 'inwonerlogin').map((issuer) => [
          issuer,
          `/etc/twents/jwks/${issuer}.jwks.json`,
        ]),
      ),
      inwonerlogin: expect.stringMatching(/^https:\/\//),
    })
  })

  it('points every in-cluster address at a Service that sends it to a port the pods of one Deployment listen on', () => {
    const gateway = gatewayConfig(environmentOf(containerOf(named(region, 'Deployment', 'gateway')), region))
    const ingress = named(region, 'Ingress', 'gateway').spec.rules[0].http.paths[0].backend.service
    const addresses = [
      gateway.gateway.catalogusUrl,
      gateway.gateway.aanbiedersUrl,
      gateway.gateway.rateLimit.redisUrl!,
      ...Object.values(gateway.gateway.gemeenteUrls),
    ].map((url): { service: string; port: number | string } => {
      const { hostname, port, protocol } = new URL(url)
      return { service: hostname, port: Number(port || (protocol === 'http:' ? 80 : 0)) }
    })
    addresses.push({ service: ingress.name, port: ingress.port.name })
    for (const address of addresses) {
      const service = named(region, 'Service', address.service)
      const port = service.spec.ports.find(
        (p: { port: number; name: string }) => p.port === address.port || p.name === address.port,
      )
      expect(port, JSON.stringify(address)).toBeDefined()
      const selected = byKind(region, 'Deployment').filter((d) =>
        Object.entries(service.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
      )
      expect(selected.map((d) => d.metadata.name)).toEqual([address.service])
      expect(containerOf(selected[0]).ports?.map((p) => p.name)).toContain(port.targetPort)
    }
    expect(new Set(addresses.map((a) => a.service))).toEqual(
      new Set(['catalogus', 'aanbieders', 'redis', 'gateway', ...GEMEENTE_CODES.map((c) => `gemeente-${c}`)]),
    )
  })
})
