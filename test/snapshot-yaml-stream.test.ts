import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { snapshotSource } from '../src/resolve/from-snapshot.js';
import type { Cluster } from '../src/spec/spec.js';
import { scratchDir } from './helpers/tmp.js';

// YAML Lists are read item by item (the List's kind and apiVersion from its top-level lines, checked against the
// document once read); the facts must be what reading the whole document gives, which JSON.parse of the same
// List gives too (both keep the last of repeated keys, as js-yaml's `json: true` does).

const cluster = { role: 'source', discovery: { snapshot: 'snap' } } as unknown as Cluster;

async function facts(file: string, text: string) {
  const dir = scratchDir('migplan-yaml-stream-');
  mkdirSync(join(dir, 'snap'));
  writeFileSync(join(dir, 'snap', file), text);
  const read = await snapshotSource(dir).read('c', cluster);
  return { facts: read.value, codes: read.diagnostics.map((d) => `${d.code} ${d.message}`) };
}

const deployment = (name: string) => ({
  metadata: { name, namespace: 'shop' },
  spec: {
    template: { spec: { volumes: [{ persistentVolumeClaim: { claimName: `${name}-data` } }] } },
  },
});

describe('YAML Lists read item by item give the facts of the whole document', () => {
  it.each([
    [
      'a typed list: kind-less items take its kind and apiVersion',
      `apiVersion: apps/v1\n${jsYaml.dump({ items: [deployment('web')], kind: 'DeploymentList' }, { noArrayIndent: true })}`,
      ['apps/v1 Deployment shop/web web-data'],
    ],
    [
      "a repeated apiVersion line: the last one is the List's (the first line seen is not trusted)",
      `apiVersion: example.com/v0\n${jsYaml.dump({ apiVersion: 'apps/v1', items: [deployment('web')], kind: 'DeploymentList' }, { noArrayIndent: true })}`,
      ['apps/v1 Deployment shop/web web-data'],
    ],
    [
      "items' own kind and apiVersion win over the List's",
      jsYaml.dump(
        {
          apiVersion: 'v1',
          items: [
            { apiVersion: 'apps.openshift.io/v1', kind: 'DeploymentConfig', ...deployment('api') },
          ],
          kind: 'List',
        },
        { noArrayIndent: true },
      ),
      ['apps.openshift.io/v1 DeploymentConfig shop/api api-data'],
    ],
    [
      'an indented items sequence, after the kind',
      `kind: DeploymentList\napiVersion: apps/v1\nitems:\n  - metadata: {name: web, namespace: shop}\n    spec: {template: {spec: {volumes: [{persistentVolumeClaim: {claimName: web-data}}]}}}\n`,
      ['apps/v1 Deployment shop/web web-data'],
    ],
  ])('%s', async (_, text, expected) => {
    const yaml = await facts('list.yaml', text);
    const json = await facts('list.json', JSON.stringify(jsYaml.load(text, { json: true })));
    expect(yaml.codes).toEqual([]);
    expect(
      yaml.facts?.workloads.map(
        (w) => `${w.apiVersion} ${w.kind} ${w.namespace}/${w.name} ${w.claimNames.join(',')}`,
      ),
    ).toEqual(expected);
    expect(yaml).toStrictEqual(json);
  });
});
