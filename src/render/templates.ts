import { createHash } from 'node:crypto';
import { createEnvironment, type HandlebarsEngine } from './helpers.js';

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
 * The precompiled form of a template, when it was made from this source with these options; otherwise the
 * template must be compiled (an edited template is compiled, never silently ignored).
 */
function aheadOf(
  name: TemplateName,
  source: string,
  precompiled: Precompiled | undefined,
): { spec: unknown } | undefined {
  if (precompiled === undefined) return undefined;
  if (JSON.stringify(precompiled.options) !== JSON.stringify(templateOptions)) return undefined;
  const ahead = precompiled.templates[name];
  return ahead !== undefined && ahead.sha256 === createHash('sha256').update(source).digest('hex')
    ? ahead
    : undefined;
}

/** Whether some template has to be compiled here: only then is Handlebars' compiler needed. */
export function needsCompiler(
  sources: Readonly<Record<TemplateName, string>>,
  precompiled?: Precompiled,
): boolean {
  return templateNames.some((name) => aheadOf(name, sources[name], precompiled) === undefined);
}

/**
 * Compiles template sources once, with `engine`: the whole of Handlebars, or its runtime when every template is
 * precompiled (needsCompiler).
 */
export function compileTemplates(
  sources: Readonly<Record<TemplateName, string>>,
  precompiled: Precompiled | undefined,
  engine: HandlebarsEngine,
): Templates {
  const env = createEnvironment(engine);
  const out = {} as Templates;
  for (const name of templateNames) {
    const source = sources[name];
    const ahead = aheadOf(name, source, precompiled);
    const fn =
      ahead !== undefined
        ? env.template(ahead.spec as Parameters<typeof env.template>[0])
        : env.compile(source, { ...templateOptions }); // compile adds to the options
    out[name] = (context: object) => fn(context);
  }
  return out;
}
