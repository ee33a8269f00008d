import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ClaimOwners } from './owners.js';
import type {
  ClusterFacts,
  PvFact,
  PvcFact,
  StorageClassFact,
} from '../../resolve/cluster-facts.js';
import { defaults, type NamespacePair, type Plan, type PvcOverride } from '../../spec/spec.js';
import { quantityBytes } from '../quantity.js';
import type { CopyMethod, PvAction, PvDecision, Reason } from '../types.js';
import {
  backendOf,
  chooseTargetClass,
  classesSupporting,
  type ClassChoice,
  supportsAccessModes,
} from './storage-class.js';
import { byName, inNamespace } from '../../resolve/facts-index.js';
import { pushAll } from '../../util/arrays.js';

export interface PvResolution {
  pvs: PvDecision[];
  skipped: { namespace: string; name: string; reason: string }[];
  diagnostics: Diagnostic[];
}

/**
 * MTC's supported actions (mig-controller pvlist.go): hostPath skip only; NFS and in-tree EBS can also move;
 * everything else skip/copy.
 */
export function supportedActions(pv: PvFact): readonly PvAction[] {
  if (pv.sourceType === 'hostPath') return SKIP_ONLY;
  if (pv.sourceType === 'nfs' || pv.sourceType === 'awsElasticBlockStore') return SKIP_COPY_MOVE;
  return SKIP_COPY;
}

// One list of each kind for every decision that has it (read-only: decisions are data).
const SKIP_ONLY: readonly PvAction[] = Object.freeze(['skip']);
const SKIP_COPY: readonly PvAction[] = Object.freeze(['skip', 'copy']);
const SKIP_COPY_MOVE: readonly PvAction[] = Object.freeze(['skip', 'copy', 'move']);

/** Every bound PVC of the plan's namespaces, with its PV decision. */
export function resolvePvs(
  plan: Plan,
  planIndex: number,
  pairs: readonly NamespacePair[],
  source: ClusterFacts,
  target: ClusterFacts,
  owners: ClaimOwners,
): PvResolution {
  const out: PvResolution = { pvs: [], skipped: [], diagnostics: [] };
  const pvByName = byName(source.pvs);
  const sourceClasses = new Map(source.storageClasses.map((c) => [c.name, c]));
  const targetClassNames = new Set(target.storageClasses.map((c) => c.name));
  const overrides = new Map<string, { o: PvcOverride; index: number }>();
  (plan.volumes?.overrides ?? []).forEach((o, index) => overrides.set(o.pvc, { o, index }));
  const used = new Set<string>();
  const conversion = (plan.type ?? defaults.planType) === 'storage-class-conversion';
  const volumesPath = ['spec', 'plans', planIndex, 'volumes'];
  const choices = new Map<string, Choice>();

  for (const pair of pairs) {
    for (const pvc of inNamespace(source.pvcs, pair.source)) {
      const key = `${pvc.namespace}/${pvc.name}`;
      // The PV only when both are Bound and its claimRef names this claim (Kubernetes IsVolumeBoundToClaim).
      const named = pvByName.get(pvc.volumeName ?? '');
      const pv =
        pvc.phase === 'Bound' &&
        named?.phase === 'Bound' &&
        named.claimRef?.namespace === pvc.namespace &&
        named.claimRef.name === pvc.name
          ? named
          : undefined;
      if (pvc.ownedByPvc || !pv) {
        const reason = pvc.ownedByPvc
          ? 'owned by another PVC'
          : `not bound to a Bound PV (phase ${pvc.phase})`;
        out.skipped.push({ namespace: pvc.namespace, name: pvc.name, reason });
        if (overrides.has(key)) used.add(key);
        continue;
      }
      const ov = overrides.get(key);
      if (ov) used.add(key);
      const ovPath = ov ? [...volumesPath, 'overrides', ov.index] : undefined;
      const decision = decide(
        plan,
        pvc,
        pv,
        pair,
        owners,
        ov?.o,
        sourceClasses.get(pv.storageClassName ?? '')?.provisioner ?? '',
      );
      // Storage class, access mode and action checks; MTC only warns on most of these at run time.
      const errs: Diagnostic[] = [];
      const at = ovPath ?? volumesPath;
      // decide() only picks an unsupported action when an override names it, so `at` is the override.
      if (!decision.supportedActions.includes(decision.action)) {
        errs.push(
          diag(
            'MP4008',
            `PVC ${key}: action ${decision.action} is not supported for PV ${pv.name} (${pv.sourceType === 'other' ? 'not NFS, EBS or hostPath' : pv.sourceType}); supported: ${decision.supportedActions.join(', ')}`,
            { path: [...at, 'action'] },
          ),
        );
      }
      if (pv.sourceType === 'hostPath') {
        out.diagnostics.push(
          diag('MP4014', `PVC ${key} is backed by hostPath PV ${pv.name}; MTC can only skip it`, {
            path: at,
          }),
        );
      }
      if (decision.action === 'copy') {
        const chosen = classFor(
          plan,
          pv,
          decision,
          ov?.o,
          target,
          targetClassNames,
          key,
          at,
          volumesPath,
          errs,
          out.diagnostics,
          choices,
        );
        if (conversion && chosen === decision.sourceStorageClass) {
          errs.push(
            diag(
              'MP4020',
              `PVC ${key} would stay on class ${chosen}; map it to another class in volumes.storageClassMap`,
              { path: [...volumesPath, 'storageClassMap'] },
            ),
          );
        }
        if (decision.copyMethod === 'snapshot') {
          const src = backendOf(decision.sourceProvisioner)?.family;
          const dst = backendOf(
            target.storageClasses.find((c) => c.name === chosen)?.provisioner ?? '',
          )?.family;
          if (src === undefined || src !== dst) {
            errs.push(
              diag(
                'MP4021',
                `PVC ${key}: snapshot copy needs the same storage backend on both sides (source ${decision.sourceProvisioner || 'unknown'}, target class ${chosen || 'none'})`,
                { path: [...at, 'copyMethod'] },
              ),
            );
          }
        }
      } else if (decision.action === 'move') {
        decision.targetStorageClass = decision.sourceStorageClass;
        decision.reasons.storageClass = {
          rule: 'move-keeps-pv',
          detail: 'move re-attaches the same PV on the target',
        };
      }
      pushAll(out.diagnostics, errs);
      out.pvs.push(decision);
    }
  }
  for (const [key, { index }] of overrides) {
    if (used.has(key)) continue;
    const ns = key.split('/')[0] ?? '';
    if (!pairs.some((p) => p.source === ns)) continue; // validate already reported it
    const known = inNamespace(source.pvcs, ns).map((c) => c.name);
    out.diagnostics.push(
      diag(
        'MP4009',
        `override names PVC ${key}, which does not exist on ${source.cluster}; PVCs in ${ns}: ${known.join(', ') || 'none'}`,
        {
          path: [...volumesPath, 'overrides', index, 'pvc'],
        },
      ),
    );
  }
  return out;
}

function decide(
  plan: Plan,
  pvc: PvcFact,
  pv: PvFact,
  pair: NamespacePair,
  owners: ClaimOwners,
  o: PvcOverride | undefined,
  sourceProvisioner: string,
): PvDecision {
  const supported = supportedActions(pv);
  const planAction = plan.volumes?.action ?? defaults.action;
  let action: PvAction;
  let actionReason: Reason;
  if (o?.action) {
    action = o.action;
    actionReason = { rule: 'override', detail: `override sets ${o.action}` };
  } else if (supported.length === 1) {
    action = supported[0] as PvAction;
    actionReason = {
      rule: 'only-supported',
      detail: `${pv.sourceType} volumes only support ${action}`,
    };
  } else if (supported.includes(planAction)) {
    action = planAction;
    actionReason = { rule: 'plan-default', detail: `plan default action ${planAction}` };
  } else {
    action = 'copy';
    actionReason = {
      rule: 'fallback-copy',
      detail: `plan default ${planAction} is not supported for ${pv.sourceType}; copying`,
    };
  }
  let copyMethod: CopyMethod;
  let methodReason: Reason;
  if (o?.copyMethod) {
    copyMethod = o.copyMethod;
    methodReason = { rule: 'override', detail: `override sets ${o.copyMethod}` };
  } else if (pv.volumeMode === 'Block') {
    copyMethod = 'block';
    methodReason = {
      rule: 'block-volume',
      detail: 'Block-mode volumes are copied as block devices',
    };
  } else {
    copyMethod = plan.volumes?.copyMethod ?? defaults.copyMethod;
    if (copyMethod === 'block') copyMethod = 'filesystem';
    methodReason = { rule: 'plan-default', detail: `plan default copy method ${copyMethod}` };
  }
  const d: PvDecision = {
    pvName: pv.name,
    namespace: pvc.namespace,
    pvc: pvc.name,
    targetNamespace: pair.target,
    capacity: pv.capacity ?? pvc.requested ?? '0',
    capacityBytes: quantityBytes(pv.capacity ?? pvc.requested),
    sourceStorageClass: pv.storageClassName ?? '',
    sourceProvisioner,
    sourceType: pv.sourceType,
    accessModes: pvc.accessModes.length ? pvc.accessModes : pv.accessModes,
    volumeMode: pv.volumeMode,
    hasReference: owners.hasReference(pvc.name),
    supportedActions: supported,
    action,
    copyMethod,
    targetStorageClass: '',
    verify: o?.verify ?? plan.volumes?.verify ?? false,
    reasons: {
      action: actionReason,
      copyMethod: methodReason,
      storageClass: { rule: 'not-copied', detail: `action ${action}` },
    },
  };
  const ownerType = owners.ownerType(pvc.name);
  if (ownerType !== undefined) d.ownerType = ownerType;
  if (o?.renameTo) d.targetPvc = o.renameTo;
  if (o?.accessMode) d.accessMode = o.accessMode;
  return d;
}

/** A target class choice, with the class it names and whether that class takes the access modes. */
interface Choice {
  choice: ClassChoice;
  cls: StorageClassFact | undefined;
  modesSupported: boolean | undefined;
}

function classCheck(
  chosen: string | undefined,
  target: ClusterFacts,
  volumeMode: string,
  modes: readonly string[],
): Omit<Choice, 'choice'> {
  const cls = target.storageClasses.find((c) => c.name === chosen);
  return { cls, modesSupported: cls && supportsAccessModes(cls.provisioner, volumeMode, modes) };
}

function classFor(
  plan: Plan,
  pv: PvFact,
  d: PvDecision,
  o: PvcOverride | undefined,
  target: ClusterFacts,
  targetClassNames: ReadonlySet<string>,
  key: string,
  at: (string | number)[],
  volumesPath: (string | number)[],
  errs: Diagnostic[],
  warnings: Diagnostic[],
  choices: Map<string, Choice>,
): string {
  const modes = d.accessMode ? [d.accessMode] : d.accessModes;
  const all = () => target.storageClasses.map((c) => c.name).join(', ') || 'none';
  const working = () =>
    classesSupporting(target.storageClasses, d.volumeMode, modes).join(', ') || 'none';
  const mapped = plan.volumes?.storageClassMap?.[d.sourceStorageClass];
  const explicit = o?.storageClass ?? mapped;
  let chosen: string;
  let memo: Choice | undefined;
  if (explicit !== undefined) {
    chosen = explicit;
    const where =
      o?.storageClass !== undefined
        ? [...at, 'storageClass']
        : [...volumesPath, 'storageClassMap', d.sourceStorageClass];
    d.reasons.storageClass =
      o?.storageClass !== undefined
        ? { rule: 'override', detail: `override sets class ${chosen}` }
        : {
            rule: 'storage-class-map',
            detail: `storageClassMap maps ${d.sourceStorageClass} to ${chosen}`,
          };
    if (!targetClassNames.has(chosen)) {
      errs.push(
        diag(
          'MP4010',
          `PVC ${key}: storage class ${chosen} does not exist on ${target.cluster}; classes there: ${all()}`,
          { path: where },
        ),
      );
      return chosen;
    }
  } else {
    // The choice depends on these fields only (and the plan's clusters): made once per combination, with the
    // class it names and whether that class takes the access modes.
    const choiceKey = `${d.sourceStorageClass}\u0000${d.sourceProvisioner}\u0000${pv.sourceType}\u0000${d.volumeMode}\u0000${modes.join('\u0000')}`;
    memo = choices.get(choiceKey);
    if (memo === undefined) {
      const made = chooseTargetClass(
        {
          sourceClass: d.sourceStorageClass,
          sourceProvisioner: d.sourceProvisioner,
          nfsVolume: pv.sourceType === 'nfs',
          glusterVolume: pv.sourceType === 'glusterfs',
          intraCluster: plan.source === plan.target,
          accessModes: modes,
          volumeMode: d.volumeMode,
        },
        target.storageClasses,
      );
      memo = { choice: made, ...classCheck(made.storageClass, target, d.volumeMode, modes) };
      choices.set(choiceKey, memo);
    }
    const { choice } = memo;
    d.reasons.storageClass = { ...choice.reason };
    if (choice.storageClass === undefined) {
      errs.push(
        diag(
          'MP4006',
          `PVC ${key} (class ${d.sourceStorageClass || 'none'}, ${d.sourceProvisioner || 'unknown provisioner'}) has no target storage class on ${target.cluster}; classes that would work: ${working()}`,
          {
            path: [...volumesPath, 'storageClassMap'],
          },
        ),
      );
      return '';
    }
    chosen = choice.storageClass;
    if (choice.glusterFallback) {
      warnings.push(
        diag('MP4017', `PVC ${key}: gluster volume falls back to the default class ${chosen}`, {
          path: at,
        }),
      );
    }
  }
  d.targetStorageClass = chosen;
  const { cls, modesSupported } = memo ?? classCheck(chosen, target, d.volumeMode, modes);
  // Stryker disable next-line ConditionalExpression: chosen is always one of the target's classes here.
  if (cls && modesSupported === false) {
    errs.push(
      diag(
        'MP4007',
        `PVC ${key} needs ${modes.join(', ')} (${d.volumeMode}), which class ${cls.name} (${cls.provisioner}) does not support; classes that would work: ${working()}`,
        {
          path:
            o?.storageClass !== undefined
              ? [...at, 'storageClass']
              : [...volumesPath, 'storageClassMap'],
        },
      ),
    );
  }
  return d.targetStorageClass;
}
