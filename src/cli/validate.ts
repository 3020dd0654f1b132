export async function main(_argv: string[]): Promise<number> {
  console.error('so-conformance validate: under construction');
  return 2;
}
