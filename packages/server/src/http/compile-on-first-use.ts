import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type SerializerFactory = ReturnType<typeof SerializerSelector>;

/**
 * An app's route validators and response serializers, each compiled when its route first needs it
 * rather than at start-up. A server has some 170 routes, each with a validator per request part and a
 * serializer per declared status (and a HEAD twin per GET): compiling them all made megabytes of
 * generated source and code that a process answering a handful of routes never runs, and a start-up
 * burst of garbage that set the heap's first limit high. `compilePending` compiles whatever is still
 * waiting, so that a test finds a schema that does not compile without calling every route.
 */
export class CompiledOnFirstUse {
  readonly #pending = new Set<() => void>();

  /** A one-argument function that compiles itself on its first call (or at `compilePending`). */
  wrap<T, R>(compile: () => (value: T) => R): (value: T) => R {
    let compiled: ((value: T) => R) | null = null;
    const ensure = () => {
      if (compiled === null) {
        compiled = compile();
        this.#pending.delete(ensure);
      }
      return compiled;
    };
    this.#pending.add(ensure);
    return (value) => (compiled ?? ensure())(value);
  }

  /** Compiles every validator and serializer not used yet, answering how many; throws what the first bad schema throws. */
  compilePending(): number {
    const waiting = [...this.#pending];
    for (const ensure of waiting) ensure();
    return waiting.length;
  }

  /** Fastify's own serializer factory (fast-json-stringify), each serializer compiled on first use. */
  readonly buildSerializer: SerializerFactory = (externalSchemas, options) => {
    const compile = SerializerSelector()(externalSchemas, options);
    return (route) => this.wrap(() => compile(route));
  };
}
