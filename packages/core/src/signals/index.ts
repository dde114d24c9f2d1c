// Signal expressions: the public surface.
export { compileSignals, compileExpression, referencedNames } from './compile.js';
export type { SignalContext, CompiledSignals, ColumnCache } from './compile.js';
export * as indicators from './indicators.js';
export { LIBRARY as SIGNAL_FUNCTIONS, signature as signalFunctionSignature } from './library.js';
export type { LibraryFunction as SignalFunction, KernelContext } from './library.js';
export { memoryContext } from './memoryContext.js';
