/**
 * `pnpm schema`: writes the SDL the code defines to schema/schema.graphql,
 * the committed contract that the console and partner tools read.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { repoRoot } from '../config.js';
import { buildGridlineSchema } from './schema.js';

export const SCHEMA_FILE = path.join(repoRoot, 'schema', 'schema.graphql');

export async function printGridlineSchema(): Promise<string> {
  const schema = await buildGridlineSchema();
  return `# Emitted by \`pnpm schema\` from server/src; do not edit by hand.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sdl = await printGridlineSchema();
  await fs.mkdir(path.dirname(SCHEMA_FILE), { recursive: true });
  await fs.writeFile(SCHEMA_FILE, sdl);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)} (${sdl.length} bytes)`);
}
