import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user's cache folder as seriesCache.ts's defaultCacheDir finds it ($REGIME_CACHE_DIR, else
 * $XDG_CACHE_HOME/regime, else ~/.cache/regime; a test keeps the two in step), for the parts
 * that load before @regime/core (the code cache, the server's socket). Node built-ins only.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.REGIME_CACHE_DIR) return env.REGIME_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'regime');
  try {
    const home = homedir();
    return home ? join(home, '.cache', 'regime') : undefined;
  } catch {
    return undefined;
  }
}
