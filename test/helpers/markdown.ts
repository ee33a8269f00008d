type Row = Record<string, string>;

/** The Markdown table under `## heading`: one record per row, keyed by the lower-cased header cells. */
export function tableUnder(markdown: string, heading: string): Row[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim().toLowerCase() === `## ${heading.toLowerCase()}`);
  if (start < 0) throw new Error(`no "## ${heading}" section`);
  const table: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (line.trim().startsWith('|')) table.push(line.trim());
    else if (table.length) break;
  }
  const cells = (l: string) =>
    l
      .slice(1, l.endsWith('|') ? -1 : undefined)
      .split('|')
      .map((c) => c.trim().replace(/`/g, ''));
  const [header, , ...rows] = table;
  if (!header) throw new Error(`"## ${heading}" has no table`);
  const keys = cells(header).map((k) => k.toLowerCase());
  return rows
    .map((r) => Object.fromEntries(cells(r).map((c, i) => [keys[i] ?? `col${i}`, c])))
    .filter((r) => r[keys[0] ?? ''] !== 'none');
}
