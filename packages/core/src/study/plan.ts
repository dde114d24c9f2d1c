/**
 * A study plan: one config family (the base config and a grid of values set at config paths)
 * on one data directory. The plan reads and aligns the data once, and keeps what trials
 * share in bounded caches; a trial then costs its own config check, the kernel and its
 * summary. Every trial is the config `regime run` would run with its values set.
 */
import type { SimulationOutput } from '../simulation/kernel.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseDocument } from 'yaml';
import { parseConfigText, type ConfigSource } from '../config/load.js';
import type { z } from 'zod';
import { ConfigSchema, type Config } from '../config/schema.js';
import type { DataStore } from '../data/dataDir.js';
import { DATA_DIR_CATALOG } from '../data/catalog.js';
import { MAX_BYTES, checkInputFile } from '../io/safeRead.js';
import { InputError, InputErrors } from '../util/errors.js';
import { validateConfig, type RegimePlan } from '../run/validate.js';
import { requiredSymbols } from '../run/requiredSymbols.js';
import { loadFrame, periodSpan, usesExpressions, type Frame, type Span } from '../run/frame.js';
import { allocationWarnings, decisions, evaluateOnFrame, targetsOnFrame, yardsticks, benchmarkPrices, cashRates, type Evaluation, type Yardsticks } from '../run/stages.js';
import { expressionWeights } from '../run/expressionWeights.js';
import type { TargetPlan } from '../run/targets.js';
import type { ColumnCache } from '../signals/compile.js';
import { BoundedCache, typedBytes } from './cache.js';
import { gridFromConfig, mergeGrid, parseGridOption, trialValues, type Grid, type ParamValue } from './grid.js';
import { parseObjective, type Objective } from './objective.js';
import { setPath } from './paths.js';
import { SummaryBasis } from './summary.js';

export interface StudyOptions {
  store: DataStore;
  /** Expands `strategy: { use, params }` (from @regime/strategies). */
  expandStrategy?: (config: Config, source: ConfigSource) => Config;
  /** `--grid` dimensions: "PATH=V1,V2" or "PATH=FROM:TO:STEP"; a path given again replaces the config's. */
  grid?: readonly string[];
  /** `--objective`, e.g. "sharpe:USD"; default the config's sweep.objective, else sharpe in the first numeraire. */
  objective?: string;
  /** Bytes the shared caches may hold (default STUDY_CACHE_BYTES; a sweep's SWEEP_CACHE_BYTES). */
  cacheBytes?: number;
}

/** What a study's caches may hold by default: a walk-forward's folds reuse every trial's evaluation. */
export const STUDY_CACHE_BYTES = 256 * 2 ** 20;

/**
 * What a sweep's caches may hold, on this machine or a cluster worker. Its trials run in
 * trialOrder, so each thread needs one set of evaluations at a time; a small budget lets freed
 * columns be reused instead of touching fresh memory (a page fault costs microseconds, and a
 * 256 MB cache of old evaluations is ~60,000).
 */
export const SWEEP_CACHE_BYTES = 32 * 2 ** 20;

/** The index of the base config (no values set) in every API that takes a trial index. */
export const BASE = -1;

/** One trial's config, checked, with what the stages need. */
export interface TrialSetup {
  index: number;
  values: Record<string, ParamValue>;
  config: Config;
  plan: RegimePlan | undefined;
}

export interface DateWindow {
  start: string;
  end: string;
}

export class StudyPlan {
  readonly grid: Grid;
  readonly objective: Objective;
  readonly numeraires: string[];
  readonly base: Config;
  /** The base config as the schema parses it, and each top-level key's parse by its value (parseTouched). */
  private baseParsed: Config | undefined;
  private readonly keyParses = new Map<string, Map<string, { ok: boolean; value?: unknown }>>();
  /** valueConfigs(), once computed. */
  private checkedValues: Config[] | undefined;
  /** The kernel's output arrays, reused by the next trial of the same shape (study/trial.ts). */
  kernelBuffers: SimulationOutput | undefined;
  /** The equity curves in numeraires, reused the same way (stages.ts equityCurves). */
  readonly curveBuffers = new Map<string, Float64Array>();
  private readonly frames = new Map<string, Promise<Frame>>();
  private readonly spans = new Map<string, Span>();
  private readonly marketCache = new Map<string, { cashRate: Float64Array; cashWarnings: string[]; y: Yardsticks; basis: SummaryBasis }>();
  private readonly columns: BoundedCache<Float64Array>;
  private readonly evaluations: BoundedCache<Evaluation>;
  private readonly targets: BoundedCache<{ targets: TargetPlan; warnings: Map<string, string[]> }>;
  private readonly decided: BoundedCache<Uint8Array>;
  /** Which expression names are series of the data directory, asked once per study. */
  private readonly symbols = new Map<string, string | undefined>();

  constructor(
    readonly source: ConfigSource,
    private readonly options: StudyOptions,
  ) {
    const budget = options.cacheBytes ?? STUDY_CACHE_BYTES;
    this.columns = new BoundedCache(budget / 4, (c) => c.byteLength);
    this.evaluations = new BoundedCache(budget / 4, (e) => typedBytes(e));
    this.targets = new BoundedCache(budget * (7 / 16), (t) => typedBytes(t.targets));
    this.decided = new BoundedCache(budget / 16, (d) => d.byteLength);
    this.base = this.expand(source.config);
    this.numeraires = [...this.base.numeraires];
    this.grid = mergeGrid(gridFromConfig(source), (options.grid ?? []).map(parseGridOption));
    const objectiveText = options.objective ?? source.config.sweep?.objective ?? `sharpe:${this.numeraires[0]}`;
    this.objective = parseObjective(objectiveText, this.numeraires, options.objective ? `--objective ${options.objective}` : source.config.sweep?.objective ? source.where(['sweep', 'objective']) : undefined);
  }

  get store(): DataStore {
    return this.options.store;
  }

  private expand(config: Config): Config {
    if (!config.strategy) return config;
    if (!this.options.expandStrategy) throw new InputError('strategy: needs the strategies package (run through the regime command)', this.source.where(['strategy']));
    return this.options.expandStrategy(config, this.source);
  }

  /** Checks every value of every dimension on the base config, so a bad value stops the study before it runs. */
  checkDimensions(): void {
    this.valueConfigs();
  }

  /** The config of each value of each dimension set alone on the base config, checked (once). */
  private valueConfigs(): Config[] {
    return (this.checkedValues ??= this.grid.dimensions.flatMap((dim) => dim.values.map((value) => this.configWith({ [dim.path]: value }, -2).config)));
  }

  /** The checked config of trial `index` (BASE: the config as written). */
  trial(index: number): TrialSetup {
    const values = index === BASE ? {} : trialValues(this.grid, index);
    return { index, values, ...this.configWith(values, index) };
  }

  private configWith(values: Record<string, ParamValue>, index: number): { config: Config; plan: RegimePlan | undefined } {
    if (Object.keys(values).length === 0) return { config: this.base, plan: validateConfig(this.source, this.base) };
    // Only the top-level keys the values touch are copied and set (the rest is the base's).
    const source = this.source.raw as Record<string, unknown>;
    const raw: Record<string, unknown> = { ...source };
    const touched = new Set<string>();
    for (const dim of this.grid.dimensions)
      if (Object.hasOwn(values, dim.path)) {
        const top = String(dim.segments[0]);
        if (!touched.has(top)) {
          touched.add(top);
          raw[top] = structuredClone(source[top]);
        }
        setPath(raw, dim.segments, values[dim.path], dim.where);
      }
    try {
      const parsed = this.parseTouched(raw, touched);
      // The schema's words and lines come from checking the trial's own YAML text.
      if (!parsed) parseConfigText(this.yamlWith(values), this.source.file);
      const config = this.expand(parsed!);
      return { config, plan: validateConfig(this.source, config) };
    } catch (e) {
      throw this.inTrial(e, values, index);
    }
  }

  /**
   * ConfigSchema.parse(raw), by top-level key: the schema is a strict object without checks
   * across its keys, so a key's parse depends on that key's value alone. The base's parse
   * serves every key the trial leaves alone, and each touched key's parse is kept by its
   * value (a grid repeats each value many times). Undefined when the config is invalid.
   */
  private parseTouched(raw: Record<string, unknown>, touched: ReadonlySet<string>): Config | undefined {
    const shape = ConfigSchema.shape as Record<string, z.ZodType | undefined>;
    const base = (this.baseParsed ??= ConfigSchema.parse(this.source.raw)) as Record<string, unknown>;
    const out: Record<string, unknown> = { ...base };
    for (const key of touched) {
      const schema = shape[key];
      if (!schema) return ConfigSchema.safeParse(raw).data; // an unknown key: the whole parse says so
      const text = JSON.stringify(raw[key]) ?? 'undefined';
      let memo = this.keyParses.get(key);
      if (!memo) this.keyParses.set(key, (memo = new Map()));
      let r = memo.get(text);
      if (!r) {
        const p = schema.safeParse(raw[key]);
        r = p.success ? { ok: true, value: p.data } : { ok: false };
        memo.set(text, r);
      }
      if (!r.ok) return undefined;
      if (r.value === undefined) delete out[key];
      else out[key] = structuredClone(r.value);
    }
    return out as Config;
  }

  /** An error of a trial's config, pointed at the sweep line of its (first) value. */
  inTrial(e: unknown, values: Record<string, ParamValue>, index: number): unknown {
    if (!(e instanceof InputError)) return e;
    const paths = Object.keys(values);
    const dim = this.grid.dimensions.find((d) => e.message.includes(d.path)) ?? this.grid.dimensions.find((d) => paths.includes(d.path));
    const shown = paths.map((p) => `${p} = ${JSON.stringify(values[p])}`).join(', ');
    const what = index >= 0 ? `sweep trial ${index} (${shown})` : `sweep value ${shown}`;
    const inner = e instanceof InputErrors ? e.errors.map((x) => x.message).join('; ') : e.message;
    return new InputError(`${what} makes the config invalid: ${inner}`, dim?.where);
  }

  /** The base YAML with the values set: what `regime run` runs for that trial. */
  yamlWith(values: Record<string, ParamValue>): string {
    const doc = parseDocument(this.source.text);
    for (const dim of this.grid.dimensions) if (Object.hasOwn(values, dim.path)) doc.setIn(dim.segments, values[dim.path]);
    return doc.toString();
  }

  trialYaml(index: number): string {
    return this.yamlWith(index === BASE ? {} : trialValues(this.grid, index));
  }

  /**
   * SHA-256 of every data file the study reads, by path relative to the data directory, sorted:
   * the files the base config reads and those of the config of each value of each dimension
   * (a dimension over universe, benchmark, cash.series, numeraires or an expression can switch
   * a series; values of different dimensions set different keys, so no combination reads
   * another file), with the dimensions under `strategy` set together in every combination (a
   * strategy builds its blocks from all its parameters at once: one may decide whether another
   * names a series that is read). The data directory's catalog.yaml too, when there is one: it
   * says which file, column, kind and lag a symbol is. A worker refuses any other data file
   * (DataStoreOptions.fingerprints).
   */
  async dataFingerprints(): Promise<Record<string, string>> {
    const store = this.options.store;
    const files = new Map<string, string>();
    const add = async (config: Config) => {
      for (const use of await requiredSymbols(config, store)) {
        const found = store.locate(use.name);
        // The same key on every machine: '/' whatever the platform's separator.
        if (found) files.set(relative(store.dir, found.file).split(sep).join('/'), found.file);
      }
    };
    const catalog = join(store.dir, DATA_DIR_CATALOG);
    if (existsSync(catalog)) files.set(DATA_DIR_CATALOG, catalog);
    for (const config of [this.base, ...this.valueConfigs()]) await add(config);
    const strategy: Grid = { dimensions: this.grid.dimensions.filter((d) => d.segments[0] === 'strategy'), size: 1 };
    for (const d of strategy.dimensions) strategy.size *= d.values.length;
    if (strategy.dimensions.length > 1)
      for (let k = 0; k < strategy.size; k++) {
        let config: Config;
        try {
          config = this.configWith(trialValues(strategy, k), -2).config;
        } catch (e) {
          if (e instanceof InputError) continue; // an invalid combination reads nothing: its trials say what is wrong
          throw e;
        }
        await add(config);
      }
    // Inputs are sacred: each file is checked as its reader checks it (a pipe would never end the read).
    const hash = (rel: string, file: string) => {
      checkInputFile(file, rel === DATA_DIR_CATALOG ? { what: 'catalog', maxBytes: MAX_BYTES.catalog, root: store.dir } : { what: 'CSV file', maxBytes: MAX_BYTES.data, root: store.dir });
      return createHash('sha256').update(readFileSync(file)).digest('hex');
    };
    return Object.fromEntries([...files.keys()].sort().map((rel) => [rel, hash(rel, files.get(rel)!)]));
  }

  // ---- what trials share -------------------------------------------------------------

  frame(setup: TrialSetup): Promise<Frame> {
    const { config, plan } = setup;
    const key = frameKey(config, plan);
    let f = this.frames.get(key);
    if (!f) {
      f = loadFrame(this.options.store, this.source, config, plan);
      this.frames.set(key, f);
      f.catch(() => this.frames.delete(key));
    }
    return f;
  }

  span(frame: Frame, setup: TrialSetup): Span {
    const { config } = setup;
    const key = keyOf(frameKey(config, setup.plan), config.period, config.data?.max_gap_days, config.missing);
    let s = this.spans.get(key);
    if (!s) {
      s = periodSpan(frame, config, this.source);
      this.spans.set(key, s);
    }
    return s;
  }

  async evaluation(frame: Frame, setup: TrialSetup): Promise<{ key: string; evaluation: Evaluation }> {
    const { config, plan } = setup;
    const fKey = frameKey(config, plan);
    const lags = partJson(config.data?.lags ?? null);
    const key = keyOf(fKey, lags, config.signals, config.regimes, expressionWeights(config, plan).map((w) => [w.label, w.asset, w.text]), config.params);
    let evaluation = this.evaluations.get(key);
    if (!evaluation) {
      const columns = this.columnCache(keyOf(fKey, lags));
      evaluation = await evaluateOnFrame(frame, plan, config, this.source, this.options.store, columns, this.symbols);
      this.evaluations.set(key, evaluation);
    }
    return { key, evaluation };
  }

  private columnCache(prefix: string): ColumnCache {
    const columns = this.columns;
    return { get: (k) => columns.get(`${prefix}|${k}`), set: (k, c) => columns.set(`${prefix}|${k}`, c) };
  }

  /** Targets over the frame, and the allocation warnings of each period they were run over. */
  targetsAndWarnings(frame: Frame, span: Span, setup: TrialSetup, evaluationKey: string, evaluation: Evaluation): { targets: TargetPlan; warnings: string[] } {
    const { config, plan } = setup;
    const key = keyOf(evaluationKey, config.weights, config.allocations, config.missing, config.overlays);
    let entry = this.targets.get(key);
    if (!entry) {
      entry = { targets: targetsOnFrame(frame, evaluation, config), warnings: new Map() };
      this.targets.set(key, entry);
    }
    const spanKey = `${span.first}:${span.end}`;
    let warnings = entry.warnings.get(spanKey);
    if (!warnings) {
      warnings = allocationWarnings(frame, span, evaluation, plan, config, this.source);
      entry.warnings.set(spanKey, warnings);
    }
    return { targets: entry.targets, warnings };
  }

  /** Rebalance decisions, once per regime codes, period and rebalance settings (a costs dimension reuses them). */
  decisions(frame: Frame, span: Span, setup: TrialSetup, evaluationKey: string, codes: Int32Array): Uint8Array {
    const { config } = setup;
    const key = keyOf(evaluationKey, span.first, span.end, config.rebalance);
    let d = this.decided.get(key);
    if (!d) {
      d = decisions(frame, span, codes, config, setup.plan);
      this.decided.set(key, d);
    }
    return d;
  }

  /** The period's cash rates and yardsticks (numeraires, benchmark), checked once. */
  markets(frame: Frame, span: Span, setup: TrialSetup): { cashRate: Float64Array; cashWarnings: string[]; y: Yardsticks; basis: SummaryBasis } {
    const { config } = setup;
    const key = keyOf(frameKey(config, setup.plan), span.first, span.end, config.cash, config.data?.lags, config.period.end);
    let m = this.marketCache.get(key);
    if (!m) {
      const cashWarnings: string[] = [];
      const cashRate = cashRates(config, frame.series.cash, span.dates, cashWarnings);
      const y = yardsticks(frame, span, config, this.source);
      benchmarkPrices(frame, span, config, this.source, y);
      m = { cashRate, cashWarnings, y, basis: new SummaryBasis(span.dates, cashRate, frame.periodsPerYear) };
      this.marketCache.set(key, m);
    }
    return m;
  }

  /** What the caches hold, for benchmarks and tests. */
  cacheStats(): { frames: number; evaluations: number; targets: number; columns: number; bytes: number } {
    return {
      frames: this.frames.size,
      evaluations: this.evaluations.count,
      targets: this.targets.count,
      columns: this.columns.count,
      bytes: this.columns.heldBytes + this.evaluations.heldBytes + this.targets.heldBytes,
    };
  }
}

/** What the frame depends on: the universe and the series loaded beside it. */
function frameKey(config: Config, plan: RegimePlan | undefined): string {
  return keyOf(null, config.universe, config.frequency, config.annualization, config.benchmark, config.numeraires, config.cash?.series, usesExpressions(config, plan));
}

/**
 * The JSON of a config part, kept by object: a trial's config shares every part its values do
 * not touch with the base config (parseTouched), and configs are never changed in place, so a
 * study writes each shared part once instead of once per trial and cache.
 */
const partJsons = new WeakMap<object, string>();

function partJson(part: unknown): string {
  if (part === null || typeof part !== 'object') return JSON.stringify(part) ?? 'undefined';
  let text = partJsons.get(part);
  if (text === undefined) {
    text = JSON.stringify(part);
    partJsons.set(part, text);
  }
  return text;
}

/**
 * A cache key: the key it extends (`prefix`, as it is), then the JSON of each part, joined by
 * NUL — JSON text never holds a raw NUL, and each cache builds its keys one way, so equal keys
 * mean equal parts.
 */
function keyOf(prefix: string | null, ...parts: unknown[]): string {
  let key = prefix ?? '';
  for (let i = 0; i < parts.length; i++) key += (prefix === null && i === 0 ? '' : '\u0000') + partJson(parts[i]);
  return key;
}

/** Builds a study plan from a parsed config: the grid, the objective, every value checked. */
export async function buildStudyPlan(source: ConfigSource, options: StudyOptions): Promise<StudyPlan> {
  const plan = new StudyPlan(source, options);
  plan.checkDimensions();
  return plan;
}

/** A window's config: the trial's with its period set to the window (what walk-forward runs). */
export function withWindow(setup: TrialSetup, window: DateWindow | undefined): TrialSetup {
  if (!window) return setup;
  return { ...setup, config: { ...setup.config, period: { start: window.start, end: window.end } } };
}
