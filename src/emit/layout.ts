import { fileGroups, type FileGroup, type Manifest } from '../render/types.js';
import { orderForApply } from './order.js';
import { documentStream, provenanceHeader, toYaml } from './serialize.js';
import { manifestJson } from './manifest.js';
import type { IgnoreDifference } from '../report/argocd.js';
import { byKey } from '../util/objects.js';

/** Relative path → file content; the whole --out tree, built in memory. */
export type OutputTree = Map<string, string>;

export interface LayoutInputs {
  manifests: readonly Manifest[];
  hostCluster: string;
  specHash: string;
  version: string;
  report: string;
  /** Compile options that change the output, recorded in manifest.json so --check and diff reuse them. */
  options: { argocd: boolean };
  /** Argo CD ignoreDifferences for fields the controllers rewrite; written when there are any. */
  ignoreDifferences?: readonly IgnoreDifference[];
}

/**
 * Where the Argo CD ignoreDifferences go: a folder of its own, so neither `oc apply -k` (kustomization.yaml)
 * nor a non-recursive `oc apply -f plan/` reads it as an object.
 */
export const IGNORE_DIFFERENCES_FILE = 'argocd/ignore-differences.yaml';

/** The plan tree's marker and commit record (see write-dir.ts). */
export const PLAN_MARKER = 'manifest.json';

/**
 * Whether a file of a plan tree holds objects: its YAML files but kustomize's file lists and the Argo CD
 * ignoreDifferences entries an Application takes (the report and the marker are not YAML).
 */
export const holdsObjects = (path: string): boolean =>
  /\.ya?ml$/.test(path) && !path.endsWith('kustomization.yaml') && path !== IGNORE_DIFFERENCES_FILE;

/**
 * The --out layout: setup files for the host cluster at the top (listed in kustomization.yaml),
 * other clusters' setup under clusters/<name>/, and one file per migration under migrations/<plan>/.
 */
export function layoutTree(inputs: LayoutInputs): OutputTree {
  const tree: OutputTree = new Map();
  const ordered = orderForApply(inputs.manifests);
  const header = (what: string) => provenanceHeader(inputs.specHash, inputs.version, what);
  const setupFiles: string[] = [];
  const groups = new Map<string, Manifest[]>();
  for (const m of ordered) {
    let path: string;
    if (m.group === 'migration' && m.migration) {
      path = migrationPath(m);
    } else {
      const file = fileGroups[m.group as FileGroup].file;
      path = m.cluster === inputs.hostCluster ? file : `clusters/${m.cluster}/${file}`;
    }
    const list = groups.get(path) ?? [];
    list.push(m);
    groups.set(path, list);
  }
  for (const [path, list] of [...groups].sort(byKey)) {
    const first = list[0];
    const what =
      first?.group === 'migration'
        ? `Migration ${first.object.metadata.name}: applying this file starts moving data.`
        : `Setup objects for cluster ${first?.cluster ?? ''}, in apply order.`;
    tree.set(path, documentStream(header(what), list));
    if (!path.includes('/')) setupFiles.push(path);
  }
  tree.set(
    'kustomization.yaml',
    header(
      'Setup objects for the host cluster; migrations are applied one by one from migrations/.',
    ) +
      toYaml({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        // fifo keeps our apply order instead of kustomize's legacy kind sort.
        sortOptions: { order: 'fifo' },
        resources: setupFiles.sort(),
      }),
  );
  tree.set('REPORT.md', inputs.report);
  const ignore = inputs.ignoreDifferences ?? [];
  if (ignore.length) {
    tree.set(
      IGNORE_DIFFERENCES_FILE,
      header(
        "Argo CD: fields the controllers rewrite on the objects above. Add these entries to the\n# Application's spec.ignoreDifferences, with syncOptions [RespectIgnoreDifferences=true] so a sync does not\n# overwrite them either.",
      ) +
        toYaml({
          ignoreDifferences: ignore.map((d) => ({
            group: d.group,
            kind: d.kind,
            name: d.name,
            namespace: d.namespace,
            jqPathExpressions: d.jqPathExpressions,
          })),
        }),
    );
  }
  tree.set(
    PLAN_MARKER,
    manifestJson(
      tree,
      {
        generator: `migplan ${inputs.version}`,
        specSha256: inputs.specHash,
        options: inputs.options,
      },
      PLAN_MARKER,
    ),
  );
  return tree;
}

export function migrationPath(m: Manifest): string {
  const step = m.migration;
  if (!step) return '';
  return `migrations/${step.plan}/${String(step.order + 1).padStart(2, '0')}-${step.step}.yaml`;
}

/** The default stdout stream: the host cluster's setup objects, never a MigMigration. */
export function setupStream(inputs: Omit<LayoutInputs, 'report' | 'options'>): string {
  const setup = orderForApply(
    inputs.manifests.filter((m) => m.group !== 'migration' && m.cluster === inputs.hostCluster),
  );
  return documentStream(
    provenanceHeader(
      inputs.specHash,
      inputs.version,
      `Setup objects for cluster ${inputs.hostCluster}, in apply order.`,
    ),
    setup,
  );
}
