export async function main(_argv: string[]): Promise<number> {
  console.error('so-conformance run: under construction');
  return 2;
}
