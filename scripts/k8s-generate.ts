// Writes the Kubernetes manifests that follow from the list of gemeenten (see k8s-manifests.ts).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { generatedK8sFiles } from './k8s-manifests'

const files = await generatedK8sFiles()
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}
process.stdout.write(`wrote ${Object.keys(files).length} files in deploy/k8s/\n`)
