import { createEnvironment } from './helpers.js';

export type TemplateName =
  | 'mtc/migcluster'
  | 'mtc/migstorage'
  | 'mtc/migplan'
  | 'mtc/migmigration'
  | 'mtc/mighook'
  | 'mtc/migrationcontroller'
  | 'access/rolebinding'
  | 'access/clusterrole-scc'
  | 'access/scc'
  | 'access/serviceaccount'
  | 'access/namespace'
  | 'access/hook-rolebinding'
  | 'network/rsync-egress'
  | 'network/rsync-ingress'
  | 'network/egress'
  | 'velero/backupstoragelocation'
  | 'velero/volumesnapshotlocation'
  | 'velero/dataprotectionapplication'
  | 'velero/configmap-change-storage-class'
  | 'velero/backup'
  | 'velero/restore';

export const templateNames: readonly TemplateName[] = [
  'mtc/migcluster',
  'mtc/migstorage',
  'mtc/migplan',
  'mtc/migmigration',
  'mtc/mighook',
  'mtc/migrationcontroller',
  'access/rolebinding',
  'access/clusterrole-scc',
  'access/scc',
  'access/serviceaccount',
  'access/namespace',
  'access/hook-rolebinding',
  'network/rsync-egress',
  'network/rsync-ingress',
  'network/egress',
  'velero/backupstoragelocation',
  'velero/volumesnapshotlocation',
  'velero/dataprotectionapplication',
  'velero/configmap-change-storage-class',
  'velero/backup',
  'velero/restore',
];

export type Templates = Record<TemplateName, (context: object) => string>;

/** Compiles template sources once; strict mode makes a missing field a bug, not an empty string. */
export function compileTemplates(sources: Readonly<Record<TemplateName, string>>): Templates {
  const env = createEnvironment();
  const out = {} as Templates;
  for (const name of templateNames) {
    const fn = env.compile(sources[name], {
      strict: true,
      noEscape: true,
      knownHelpersOnly: false,
    });
    out[name] = (context: object) => fn(context);
  }
  return out;
}
