// The configuration reference (docs/configuration.md), made from the settings table so it cannot drift.
import { type Process, processes, type Variable, type VariableName, variables } from './variables.js';

function defaultOf(name: VariableName): string {
  const parsed = variables[name].type.safeParse(undefined);
  if (!parsed.success) return '';
  return `\`${typeof parsed.data === 'bigint' ? parsed.data.toString() : String(parsed.data)}\``;
}

function usedBy(name: VariableName): string {
  const usage = variables[name].usedBy as Partial<Record<Process, 'required' | 'optional'>>;
  return processes
    .filter((process) => usage[process])
    .map((process) => (usage[process] === 'required' && !defaultOf(name) ? `**${process}**` : process))
    .join(', ');
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function configurationReference(): string {
  const rows = (Object.keys(variables) as VariableName[]).map((name) => {
    const variable = variables[name] as (typeof variables)[VariableName] & { secret?: boolean };
    const secret = variable.secret ? ` Secret: never logged; may be given as a file with \`${name}_FILE\`.` : '';
    const scope = (variable as Variable).perNetwork;
    const perNetwork = scope
      ? ` Per network: \`${name}_<NETWORK>\`; ${scope === 'own' ? 'the plain name only when one network is served' : 'the plain name for the networks not given their own'}.`
      : '';
    return `| \`${name}\` | ${usedBy(name)} | ${defaultOf(name)} | ${cell(variable.needs)} | ${cell(variable.doc)}${perNetwork}${secret} |`;
  });
  return [
    '# Configuration reference',
    '',
    '<!-- Generated from lib/settings/variables.ts by `npm run docs:config`; edit that file, not this one. -->',
    '',
    'Every process reads its settings from environment variables (and from `.env` in the working directory for',
    'what the environment leaves unset), checks them all at start, and refuses to start with one line per',
    'wrong setting. `npm run config:check` runs the same checks without starting anything.',
    '',
    'A gateway serves the networks NETWORKS lists (or the one of PMT_NETWORK). A setting marked "per network"',
    'is given for one network as `<NAME>_<NETWORK>`, the network upper-cased with `_` for `-`',
    '(`RPC_URL_POLKADOT_HUB`, `KEEPER_PRIVATE_KEY_MOONBEAM`).',
    '',
    'On a live network (a preset marked live, or a custom chain without `CHAIN_TESTNET=true`) the processes',
    "also refuse anvil's published dev keys, dev and placeholder passwords, `http://` public URLs, one key",
    'used as both operator and keeper, and the development switches (`WEBHOOK_ALLOW_PRIVATE_ADDRESSES`,',
    '`KEEPER_FAULT`).',
    '',
    'A process in **bold** needs the setting (it has no default); the others may go without it.',
    '',
    '| Variable | Read by | Default | Needs | What it does |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
