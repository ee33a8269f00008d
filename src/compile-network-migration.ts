import { hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import type { OutputTree } from './emit/layout.js';
import { layoutNetworkMigration, networkMigrationStream } from './emit/network-migration-layout.js';
import { planNetworkMigration } from './plan/cni/plan.js';
import type { NetworkMigrationPlan } from './plan/cni/types.js';
import { renderNetworkMigrationReport } from './report/network-migration.js';
import type { CniSource } from './resolve/from-network-migration.js';
import type { NetworkMigrationSpec } from './spec/network-migration.js';
import { pushAll } from './util/arrays.js';
import { verifyNetworkMigration } from './verify/cni.js';
import { specHash } from './compile.js';

export interface NetworkCompileInputs {
  spec: NetworkMigrationSpec;
  specText: string;
  source: CniSource;
  version: string;
}

export interface NetworkCompileResult {
  diagnostics: Diagnostic[];
  plan?: NetworkMigrationPlan;
  report?: string;
  tree?: OutputTree;
  stdout?: string;
  specHash?: string;
}

/** resolve -> pre-flight and plan -> verify -> lay out; any error stops before output, so it is never partial. */
export async function compileNetworkMigration(
  inputs: NetworkCompileInputs,
): Promise<NetworkCompileResult> {
  const diagnostics: Diagnostic[] = [];
  const facts = await inputs.source.read(inputs.spec);
  pushAll(diagnostics, facts.diagnostics);
  if (!facts.value || hasErrors(diagnostics)) return { diagnostics };
  const planned = planNetworkMigration(inputs.spec, facts.value);
  pushAll(diagnostics, planned.diagnostics);
  if (!planned.value || hasErrors(diagnostics)) return { diagnostics };
  pushAll(diagnostics, verifyNetworkMigration(planned.value));
  if (hasErrors(diagnostics)) return { diagnostics };
  const plan = planned.value;
  const hash = specHash(inputs.specText);
  const report = renderNetworkMigrationReport(
    inputs.spec.metadata.name,
    inputs.spec.metadata.description,
    plan,
    diagnostics,
  );
  const layout = {
    name: inputs.spec.metadata.name,
    cluster: plan.cluster,
    steps: plan.steps,
    rollback: plan.rollback,
    specHash: hash,
    version: inputs.version,
    report,
  };
  return {
    diagnostics,
    plan,
    report,
    tree: layoutNetworkMigration(layout),
    stdout: networkMigrationStream(layout),
    specHash: hash,
  };
}
