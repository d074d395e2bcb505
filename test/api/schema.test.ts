import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { isInputObjectType, isInterfaceType, isObjectType, isEnumType, isIntrospectionType, isSpecifiedScalarType, isScalarType } from 'graphql';
import { printGridlineSchema, SCHEMA_FILE } from '../../server/src/graphql/emit-schema.js';
import { buildGridlineSchema } from '../../server/src/graphql/schema.js';

describe('the schema contract', () => {
  it('matches the committed schema/schema.graphql (run `pnpm schema` after changing the API)', async () => {
    const committed = await fs.readFile(SCHEMA_FILE, 'utf8');
    expect(committed).toBe(await printGridlineSchema());
  });

  it('describes every public type, field, argument and enum value', async () => {
    const schema = await buildGridlineSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
      if (!type.description?.trim()) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
      }
      if (isScalarType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });

  it('makes every object with an id a Node and keeps Decimal and DateTime scalars', async () => {
    const schema = await buildGridlineSchema();
    const node = schema.getType('Node');
    expect(isInterfaceType(node)).toBe(true);
    for (const type of Object.values(schema.getTypeMap())) {
      if (isObjectType(type) && !isIntrospectionType(type) && type.getFields().id) {
        expect(type.getInterfaces().map((i) => i.name), type.name).toContain('Node');
      }
    }
    expect(isScalarType(schema.getType('Decimal'))).toBe(true);
    expect(isScalarType(schema.getType('DateTime'))).toBe(true);
  });
});
