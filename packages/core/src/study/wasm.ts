/**
 * The WebAssembly kernels' common part (pboSteps.wat; scripts/wasm.mjs lists them): compiling a kernel's
 * binary once, and the few WebAssembly calls used (Node has them; this project's TypeScript
 * libraries do not declare them). Where a kernel cannot be compiled (no WebAssembly, or no
 * SIMD) its caller runs the JavaScript it mirrors.
 */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}

export const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const compiled = new Map<string, object | null>();

/** The compiled module of a kernel's base64 binary; null where this Node cannot compile it. */
export function compiledKernel(base64: string): object | null {
  let module = compiled.get(base64);
  if (module === undefined) {
    try {
      module = wasm ? new wasm.Module(Buffer.from(base64, 'base64')) : null;
    } catch {
      module = null;
    }
    compiled.set(base64, module);
  }
  return module;
}
