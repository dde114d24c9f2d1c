/** A problem in the expression text; compile.ts turns it into an InputError with context. */
export class Problem extends Error {}
