/**
 * The `Node` interface: every object with an identity has an opaque global
 * `id`, and `node(id:)` / `nodes(ids:)` fetch any of them through the
 * per-request loaders registered by the modules.
 */
import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType('Node', { description: 'An object with a global, opaque ID, fetchable with `node(id:)`.' })
export abstract class Node {
  @Field(() => ID, { name: 'id', description: 'Opaque global ID. Treat it as a string; never parse it.' })
  nodeId!: string;
}
