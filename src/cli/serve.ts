export async function main(_argv: string[]): Promise<number> {
  console.error('so-conformance serve: under construction');
  return 2;
}
