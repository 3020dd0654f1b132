export async function main(_argv: string[]): Promise<number> {
  console.error('so-conformance rules: under construction');
  return 2;
}
