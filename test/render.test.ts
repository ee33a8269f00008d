import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { plan } from '../src/plan/plan.js';
import { render } from '../src/render/render.js';
import { compileTemplates, needsCompiler } from '../src/render/templates.js';
import { options, precompiled } from '../src/generated/templates.js';
import { templateSources as readTemplateSources } from '../src/io/templates.js';
import { toDiagnostic } from '../src/validate/schema.js';
import { parseSpecSync } from '../src/parse/parse-spec-yaml.js';
import { facts, k, specWith } from './helpers/facts.js';

const templateSources = readTemplateSources();

function planned() {
  const spec = specWith();
  return plan({
    spec,
    facts: {
      src: facts('src', [k.ns('app')]),
      dst: facts('dst', [k.ns('default'), k.sc('gp3-csi', 'ebs.csi.aws.com', true)]),
    },
  }).value!;
}

describe('render checks every document before it is used', () => {
  it('renders the real templates cleanly', () => {
    const r = render(planned(), compileTemplates(templateSources, undefined, Handlebars));
    expect(r.diagnostics).toEqual([]);
    expect(r.value?.map((m) => m.object.kind)).toEqual(['MigCluster', 'MigStorage', 'MigPlan']);
  });

  it('a template that produces broken YAML is MP5001, not broken output', () => {
    const broken = compileTemplates(
      {
        ...templateSources,
        'mtc/migcluster': 'apiVersion: [unclosed\n',
      },
      undefined,
      Handlebars,
    );
    const r = render(planned(), broken);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['MP5001']);
  });

  it('a template that drops a required field is MP5002', () => {
    const lossy = compileTemplates(
      {
        ...templateSources,
        'mtc/migplan': templateSources['mtc/migplan'].replace(/^.*"srcMigClusterRef".*\n/m, ''),
      },
      undefined,
      Handlebars,
    );
    const r = render(planned(), lossy);
    expect(r.diagnostics.map((d) => d.code)).toContain('MP5002');
    expect(r.diagnostics[0]?.message).toContain('srcMigClusterRef');
  });
});

describe('precompiled templates', () => {
  const precompiledSet = { options, templates: precompiled };

  it('render exactly what compiling the sources at run time renders', () => {
    const ahead = render(planned(), compileTemplates(templateSources, precompiledSet, Handlebars));
    const now = render(planned(), compileTemplates(templateSources, undefined, Handlebars));
    expect(ahead.value?.length).toBeGreaterThan(0);
    expect(JSON.stringify(ahead)).toBe(JSON.stringify(now));
  });

  it('are ignored for a template whose source changed since, or under other options', () => {
    const edited = {
      ...templateSources,
      'access/namespace': templateSources['access/namespace'].replace(
        'kind: Namespace',
        'kind: Namespace\n# edited',
      ),
    };
    const fromEdited = compileTemplates(edited, precompiledSet, Handlebars);
    const context = { name: 'shop', namespaceLabels: {}, annotations: {} };
    expect(() => fromEdited['access/namespace'](context)).not.toThrow();
    expect(fromEdited['access/namespace'](context)).toContain('# edited');
    const otherOptions = compileTemplates(
      edited,
      {
        options: { ...options, strict: false },
        templates: precompiled,
      },
      Handlebars,
    );
    expect(otherOptions['access/namespace'](context)).toContain('# edited');
  });

  it("need Handlebars' compiler only when a template has no matching precompiled form", () => {
    expect(needsCompiler(templateSources, precompiledSet)).toBe(false);
    expect(needsCompiler(templateSources)).toBe(true);
    const edited = {
      ...templateSources,
      'access/namespace': `# edited\n${templateSources['access/namespace']}`,
    };
    expect(needsCompiler(edited, precompiledSet)).toBe(true);
    expect(needsCompiler(templateSources, { ...precompiledSet, options: { strict: false } })).toBe(
      true,
    );
  });
});

describe('schema error translation', () => {
  it('reports keywords without a dedicated message as MP2007, located', () => {
    const doc = parseSpecSync('a:\n  - 1\n  - 1\n', 'x.yaml').value!;
    const [d] = toDiagnostic(
      {
        keyword: 'uniqueItems',
        instancePath: '/a',
        schemaPath: '#',
        params: {},
        message: 'must NOT have duplicate items',
      },
      doc,
    );
    expect(d).toMatchObject({ code: 'MP2007', line: 2, col: 3 });
  });
});
