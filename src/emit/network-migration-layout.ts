import type { Step } from '../plan/cni/types.js';
import type { Manifest } from '../render/types.js';
import { PLAN_MARKER, type OutputTree } from './layout.js';
import { manifestJson } from './manifest.js';
import { documentStream, provenanceHeader } from './serialize.js';

const nn = (n: number) => String(n).padStart(2, '0');

/** Each step's own field manager: with a shared one, re-applying without a field would delete it. */
export const fieldManager = (s: Step, rollback: boolean): string =>
  `migplan-${rollback ? 'rollback-' : ''}${nn(s.nn)}-${s.name}`;

export const stepFile = (s: Step, rollback: boolean): string =>
  `cni/${rollback ? 'rollback/' : ''}${nn(s.nn)}-${s.name}.yaml`;

export interface NetworkLayoutInputs {
  name: string;
  cluster: string;
  steps: readonly Step[];
  rollback: readonly Step[];
  specHash: string;
  version: string;
  report: string;
}

function manifests(s: Step, cluster: string, withComment: boolean, rollback: boolean): Manifest[] {
  return s.objects.map((object, i) => ({
    cluster,
    group: 'network',
    object,
    ...(withComment && i === 0
      ? {
          comment: `Step ${nn(s.nn)} ${s.name}: oc apply --server-side --field-manager=${fieldManager(s, rollback)}`,
        }
      : {}),
  }));
}

function stepHeader(
  inputs: NetworkLayoutInputs,
  s: Step,
  total: number,
  rollback: boolean,
): string {
  const lines = [
    `${rollback ? 'Rollback step' : 'Step'} ${nn(s.nn)} of ${nn(total)} (${s.name}): ${s.title}.`,
    `Apply with: oc apply --server-side --field-manager=${fieldManager(s, rollback)} -f ${stepFile(s, rollback)}`,
    ...(s.commands.length ? ['Run the commands of this step in REPORT.md first.'] : []),
  ];
  return provenanceHeader(inputs.specHash, inputs.version, lines.join('\n# '));
}

/** The --out tree: one file per step that applies objects (cni/NN-<step>.yaml), the rollback, REPORT.md. */
export function layoutNetworkMigration(inputs: NetworkLayoutInputs): OutputTree {
  const tree: OutputTree = new Map();
  for (const [steps, rollback] of [
    [inputs.steps, false],
    [inputs.rollback, true],
  ] as const)
    for (const s of steps) {
      if (!s.objects.length) continue;
      tree.set(
        stepFile(s, rollback),
        documentStream(
          stepHeader(inputs, s, steps.length, rollback),
          manifests(s, inputs.cluster, false, rollback),
        ),
      );
    }
  tree.set('REPORT.md', inputs.report);
  tree.set(
    PLAN_MARKER,
    manifestJson(
      tree,
      { generator: `migplan ${inputs.version}`, specSha256: inputs.specHash, options: {} },
      PLAN_MARKER,
    ),
  );
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** stdout without --out: every forward step's objects in order, each step's first object naming its manager. */
export function networkMigrationStream(inputs: NetworkLayoutInputs): string {
  return documentStream(
    provenanceHeader(
      inputs.specHash,
      inputs.version,
      `Network migration ${inputs.name}: the objects of every step in order. Apply each step on its own with\n# its field manager, after the step's commands and waits in REPORT.md (compile --out writes one file per step).`,
    ),
    inputs.steps.flatMap((s) => manifests(s, inputs.cluster, true, false)),
  );
}
