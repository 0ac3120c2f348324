declare const serves: unique symbol;

/**
 * The name a service is bound under in the composition root, carrying the type of the service
 * (a phantom: it exists only for the compiler). Binding a value of another type under it, or
 * reading it as another type, does not compile.
 */
export type Token<Service> = symbol & { readonly [serves]?: Service };

/** `Symbol.for`, so two copies of this module (a test, a script) name the same service. */
export const token = <Service>(name: string): Token<Service> => Symbol.for(name);
