import { createHash } from 'node:crypto';
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

/** Strict mode makes a missing field a bug, not an empty string; JSON-quoting helpers do all escaping. */
export const templateOptions = { strict: true, noEscape: true, knownHelpersOnly: false } as const;

/** A template compiled ahead of time from a source with this SHA-256, with `options`. */
export interface Precompiled {
  options: Readonly<Record<string, unknown>>;
  templates: Readonly<Record<string, { sha256: string; spec: unknown }>>;
}

/**
 * Compiles template sources once. A precompiled template is used only while it was made from the same source
 * with the same options, so an edited template is compiled here instead of being silently ignored.
 */
export function compileTemplates(
  sources: Readonly<Record<TemplateName, string>>,
  precompiled?: Precompiled,
): Templates {
  const env = createEnvironment();
  const out = {} as Templates;
  const sameOptions =
    precompiled !== undefined &&
    JSON.stringify(precompiled.options) === JSON.stringify(templateOptions);
  for (const name of templateNames) {
    const source = sources[name];
    const ahead = sameOptions ? precompiled.templates[name] : undefined;
    const fn =
      ahead !== undefined && ahead.sha256 === createHash('sha256').update(source).digest('hex')
        ? env.template(ahead.spec as Parameters<typeof env.template>[0])
        : env.compile(source, { ...templateOptions }); // compile adds to the options
    out[name] = (context: object) => fn(context);
  }
  return out;
}
