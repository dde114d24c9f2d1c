/** Every WebAssembly kernel's committed binary is the assembly of its committed text. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Kernel {
  wat: string;
  constant: string;
}
type WasmScript = { KERNELS: Kernel[]; assemble: (path: string) => Promise<Buffer>; modulePath: (k: Kernel) => string };

describe('WebAssembly kernels', () => {
  it('each committed binary is the assembly of its .wat (run pnpm wasm after editing one)', async () => {
    const script = (await import(fileURLToPath(new URL('../../../../scripts/wasm.mjs', import.meta.url)))) as WasmScript;
    expect(script.KERNELS.map((k) => k.wat).sort()).toEqual(['study/pboSteps.wat']);
    for (const kernel of script.KERNELS) {
      const text = fileURLToPath(new URL(`../${kernel.wat}`, import.meta.url));
      expect(readFileSync(text, 'utf8')).toContain('(module');
      const committed = (await import(script.modulePath(kernel))) as Record<string, string>;
      const binary = await script.assemble(text);
      expect(binary.toString('base64'), kernel.wat).toBe(committed[kernel.constant]);
    }
  });
});
