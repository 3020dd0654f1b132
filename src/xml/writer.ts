/** Escaping for text and attribute values; builders write bytes by hand so tests can pin them exactly. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Joins lines with indentation when pretty, or tightly when not; both are deterministic. */
export class Lines {
  private readonly out: string[] = [];
  constructor(private readonly pretty: boolean) {}
  add(depth: number, s: string): this {
    this.out.push(this.pretty ? '  '.repeat(depth) + s : s);
    return this;
  }
  toString(): string {
    return this.out.join(this.pretty ? '\n' : '');
  }
}
