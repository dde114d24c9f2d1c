import type { Command } from 'commander';

/**
 * Two or three examples at the end of each command's --help, by command path. In one place so
 * the commands read alike; a command may also add its own with addHelpText('after', ...).
 * test/help.test.ts checks that every command's help ends with examples.
 */
export const EXAMPLES: Record<string, string[]> = {
  run: [
    'regime run configs/hard-assets-debasement.yaml --report            # table, files and the HTML report',
    'regime run configs/crypto-liquidity-beta.yaml --json > result.json  # only the result document on stdout',
    'regime run configs/sixty-forty.yaml --bootstrap 1000                # intervals: how sure can we be?',
  ],
  validate: [
    'regime validate configs/*.yaml                    # every shipped config',
    'regime validate my.yaml --data-dir ~/regime-data  # also the symbols, files and expressions',
  ],
  strategies: ['regime strategies', 'regime init crypto-liquidity-beta -o my-crypto.yaml   # then edit its parameters'],
  init: [
    'regime init crypto-liquidity-beta -o my-crypto.yaml',
    'regime init gold-ratio-rotation --data-dir ~/regime-data   # period.end = the last date of that data',
  ],
  report: ['regime report runs/sixty-forty/result.json                 # writes runs/sixty-forty/report.html', 'regime report result.json -o ~/Desktop/sixty-forty.html'],
  compare: [
    "regime compare 'configs/*.yaml' --report compare.html       # every shipped config, common period",
    'regime compare a.yaml b.yaml --sort calmar:gold --csv rank.csv',
    'regime compare a.yaml b.yaml --own-periods --json > runs.json',
  ],
  sweep: [
    'regime sweep my.yaml --grid params.n=20:300:20 --objective sharpe:USD',
    'regime sweep my.yaml --grid costs.commission_bps=0,5,10 --queue redis://10.0.0.5:6379 --csv trials.csv   # on regime worker processes',
    'regime sweep my.yaml --report sweep.html        # the grid of its sweep: block',
  ],
  walkforward: [
    'regime walkforward configs/spy-trend-following.yaml --train 5y --test 1y   # the grid of its sweep: block',
    'regime walkforward my.yaml --train 36m --test 6m --anchored --report wf.html',
    'regime walkforward my.yaml --train 5y --test 1y --objective cagr:gold --queue redis://10.0.0.5:6379 --json > wf.json',
  ],
  worker: [
    'regime worker --queue redis://10.0.0.5:6379 --data-dir ~/regime-data --concurrency 2   # on each machine',
    'regime worker --queue redis://127.0.0.1:6379   # a second process on this machine',
    'regime worker --queue rediss://redis.example:6380   # TLS; password in $REGIME_QUEUE_PASSWORD, CA in $NODE_EXTRA_CA_CERTS',
  ],
  server: [
    'regime server start          # once: later regime commands skip start-up (30 min idle, then it stops)',
    'regime server status',
    'regime server stop',
  ],
  'server start': ['regime server start', 'regime server start --idle 0      # until stopped', 'regime server start --foreground  # in this terminal, logging each stop'],
  'server stop': ['regime server stop   # after the command it is running, if any', 'regime server status   # then: not running'],
  'server status': ['regime server status', 'regime server status --json'],
  schema: [
    'regime schema -o schema/regime.schema.json   # the file editors read (# yaml-language-server: $schema=...)',
    'regime schema --markdown -o docs/config.md   # the reference of every key',
  ],
  data: ['regime data pull --data-dir ~/regime-data   # every series the shipped configs use', 'regime data list --all', 'regime data inspect XAUUSD'],
  'data pull': ['regime data pull --data-dir ~/regime-data        # every series the shipped configs use', 'regime data pull SPY GLD M2SL --since 2020-01-01', 'regime data pull BTC-USD --force                 # fetch the whole history again'],
  'data list': ['regime data list', 'regime data list --all        # also the catalog symbols without a file'],
  'data inspect': ['regime data inspect SPY', 'regime data inspect M2SL --data-dir ~/regime-data'],
};

/** Adds the examples of EXAMPLES to every command (and subcommand) that has some. */
export function addExamples(program: Command): void {
  const visit = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      const key = [...path, sub.name()].join(' ');
      const lines = EXAMPLES[key];
      if (lines) sub.addHelpText('after', `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}`);
      visit(sub, [...path, sub.name()]);
    }
  };
  visit(program, []);
}
