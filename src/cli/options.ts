/**
 * Command options as data: one definition gives `--help` its text and the README its options table
 * (scripts/build-readme.mjs), so the two cannot disagree.
 */
export interface OptionDef {
  /** `--target`; `-h, --help` for the help flag. */
  flag: string;
  /** The value it takes, as shown: `fixtures|live|local|replay`, `DIR`; none for a switch. */
  value?: string;
  /** What it does; the first line is the table's, the rest continue it. */
  help: string;
  default?: string;
}

/** `--help` text: flag and value in one column, the help wrapped beside it. */
export function optionLines(defs: readonly OptionDef[]): string {
  const left = defs.map((d) => `  ${d.flag}${d.value ? ` ${d.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return defs
    .map((d, i) => {
      const text = d.default ? `${d.help} (default: ${d.default})` : d.help;
      const [first, ...rest] = text.split('\n');
      return [`${left[i]!.padEnd(width)}${first}`, ...rest.map((r) => `${' '.repeat(width)}${r}`)].join('\n');
    })
    .join('\n');
}

/** A Markdown table of the same definitions, for the README. */
export function optionTable(defs: readonly OptionDef[]): string {
  const cell = (s: string) => s.replace(/\n/g, ' ').replace(/\|/g, '\\|');
  return [
    '| option | default | what it does |',
    '|---|---|---|',
    ...defs.map((d) => `| \`${cell(`${d.flag}${d.value ? ` ${d.value}` : ''}`)}\` | ${d.default ? `\`${cell(d.default)}\`` : ''} | ${cell(d.help)} |`),
  ].join('\n');
}
